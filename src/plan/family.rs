//! Plan families: a plan and the variants made from it (`extends:`, directly or through
//! another variant). Pages link a plan to its siblings ("Also for: novice · advanced") and the
//! plans list shows a family together. Pure: plans in, indices and labels out.

use super::{Level, Plan};

/// The plans (indices into `plans`) of the family of `plans[i]`, `i` itself included, in the
/// order a family is shown: the plan the others extend first, then by level (novice first),
/// then by path. Just `[i]` for a plan with no variants.
pub fn members(plans: &[&Plan], i: usize) -> Vec<usize> {
    let family = plans[i].family();
    let in_family = |p: &Plan| p.variant.as_ref().is_some_and(|v| v.family == family);
    // Most plans have no variants: then only `Option`s are looked at, not paths.
    if plans[i].variant.is_none() && !plans.iter().any(|p| in_family(p)) {
        return vec![i];
    }
    let mut out: Vec<usize> = (0..plans.len())
        .filter(|&j| plans[j].family() == family)
        .collect();
    out.sort_by(|&a, &b| order(plans[a]).cmp(&order(plans[b])));
    out
}

fn order(p: &Plan) -> (bool, usize, &str) {
    let level = match p.level {
        Level::Novice => 0,
        Level::Intermediate => 1,
        Level::Advanced => 2,
    };
    (p.variant.is_some(), level, p.path.as_str())
}

/// How a sibling is named in "Also for": its level, or its title when another member of the
/// family has the same level.
pub fn label(plans: &[&Plan], family: &[usize], j: usize) -> String {
    let level = plans[j].level;
    let shared = family.iter().filter(|&&k| plans[k].level == level).count() > 1;
    if shared {
        plans[j].title.clone()
    } else {
        level.name().to_string()
    }
}

/// The plans in the order the plans list shows them: by path, except that a family is shown
/// together, at the place of its first member, in [`members`] order. Each group is a family
/// (`true`, two or more plans) or a run of plans without variants (`false`).
pub fn groups(plans: &[&Plan]) -> Vec<(bool, Vec<usize>)> {
    let mut out: Vec<(bool, Vec<usize>)> = Vec::new();
    let mut placed = vec![false; plans.len()];
    for i in 0..plans.len() {
        if placed[i] {
            continue;
        }
        let family = members(plans, i);
        for &j in &family {
            placed[j] = true;
        }
        if family.len() > 1 {
            out.push((true, family));
        } else {
            match out.last_mut() {
                Some((false, run)) => run.push(i),
                _ => out.push((false, vec![i])),
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plan::VariantOf;
    use std::path::PathBuf;

    fn plan(file: &str, level: Level, base: Option<&str>) -> Plan {
        let src = "title: T\nweeks:\n  - days: [rest, rest, rest, rest, rest, rest, rest]\n";
        let mut p = crate::plan::load::load(
            std::path::Path::new(file),
            src,
            "plans",
            crate::plan::Units::Km,
        )
        .plan
        .unwrap_or_else(|| panic!("{file}"));
        p.level = level;
        p.title = file.to_string();
        p.variant = base.map(|b| VariantOf {
            base: PathBuf::from(b),
            family: PathBuf::from(b),
            depth: 1,
            scale: None,
        });
        p
    }

    #[test]
    fn a_family_is_shown_together_base_first_then_by_level() {
        let all = [
            plan("a.yaml", Level::Intermediate, None),
            plan("hm-advanced.yaml", Level::Advanced, Some("hm.yaml")),
            plan("hm-novice.yaml", Level::Novice, Some("hm.yaml")),
            plan("hm.yaml", Level::Intermediate, None),
            plan("z.yaml", Level::Novice, None),
        ];
        let refs: Vec<&Plan> = all.iter().collect();
        assert_eq!(members(&refs, 1), vec![3, 2, 1]);
        assert_eq!(members(&refs, 0), vec![0]);
        assert_eq!(
            groups(&refs),
            vec![(false, vec![0]), (true, vec![3, 2, 1]), (false, vec![4])]
        );
        assert_eq!(label(&refs, &[3, 2, 1], 2), "novice");
    }

    #[test]
    fn siblings_of_one_level_are_named_by_title() {
        let all = [
            plan("hm.yaml", Level::Intermediate, None),
            plan("hm-b.yaml", Level::Intermediate, Some("hm.yaml")),
        ];
        let refs: Vec<&Plan> = all.iter().collect();
        assert_eq!(label(&refs, &[0, 1], 1), "hm-b.yaml");
    }
}
