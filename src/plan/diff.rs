//! What differs between two plans, or two versions of one: the header (title, level), the
//! sessions changed by week and day, each week's distance and load, and the findings added and
//! removed. Pure: two plans and their analyses in, lines of text out, for `taper plan --diff`.

use std::fmt::Write as _;

use super::analysis::{Analysis, Finding};
use super::describe::sessions_compact;
use super::units::human_distance;
use super::{Plan, WEEKDAY_NAMES};

/// A finding as the diff compares it: what, how much, where (not the wording of its message).
fn key(
    f: &Finding,
) -> (
    super::analysis::Code,
    super::analysis::Severity,
    usize,
    Option<usize>,
) {
    (f.code, f.severity, f.week, f.weekday)
}

fn finding_line(sign: char, f: &Finding) -> String {
    let day = f
        .weekday
        .map(|d| format!(" {}", WEEKDAY_NAMES[d]))
        .unwrap_or_default();
    match &f.acknowledged {
        Some(note) => format!(
            "  {sign} coach's choice [{}] week {}{day}: {note}",
            f.code, f.week
        ),
        None => format!(
            "  {sign} {} [{}] week {}{day}: {}",
            f.severity.name(),
            f.code,
            f.week,
            f.message
        ),
    }
}

/// The differences from `old` to `new`, as text; "No differences." when there are none.
pub fn diff(old: &Plan, old_a: &Analysis, new: &Plan, new_a: &Analysis) -> String {
    let mut out = String::new();
    if old.title != new.title {
        let _ = writeln!(out, "title: {} → {}", old.title, new.title);
    }
    if old.level != new.level {
        let _ = writeln!(out, "level: {} → {}", old.level.name(), new.level.name());
    }
    if old.weeks.len() != new.weeks.len() {
        let _ = writeln!(out, "weeks: {} → {}", old.weeks.len(), new.weeks.len());
    }

    let mut sessions = String::new();
    let weeks = old.weeks.len().max(new.weeks.len());
    for w in 0..weeks {
        match (old.weeks.get(w), new.weeks.get(w)) {
            (Some(a), Some(b)) => {
                for (da, db) in a.days.iter().zip(&b.days) {
                    let (ta, tb) = (
                        sessions_compact(&da.sessions),
                        sessions_compact(&db.sessions),
                    );
                    if ta != tb {
                        let _ = writeln!(
                            sessions,
                            "  week {} {}: {ta} → {tb}",
                            w + 1,
                            WEEKDAY_NAMES[da.weekday]
                        );
                    }
                }
            }
            (None, Some(_)) => {
                let _ = writeln!(sessions, "  week {}: added", w + 1);
            }
            (Some(_), None) => {
                let _ = writeln!(sessions, "  week {}: removed", w + 1);
            }
            (None, None) => {}
        }
    }
    if !sessions.is_empty() {
        let _ = writeln!(out, "Sessions:\n{sessions}");
    }

    let mut numbers = String::new();
    for w in 0..old_a.weeks.len().min(new_a.weeks.len()) {
        let (a, b) = (&old_a.weeks[w].summary, &new_a.weeks[w].summary);
        let dist_changed = (a.distance - b.distance).abs() >= 50.0;
        let load_changed = (a.load - b.load).abs() >= 0.5;
        if !dist_changed && !load_changed {
            continue;
        }
        let pct = |x: f64, y: f64| {
            if x > 0.0 {
                format!(" ({:+.0} %)", 100.0 * (y - x) / x)
            } else {
                String::new()
            }
        };
        let _ = writeln!(
            numbers,
            "  week {}: distance {} → {}{}, load {:.0} → {:.0}{}",
            w + 1,
            human_distance(a.distance, old.units),
            human_distance(b.distance, new.units),
            pct(a.distance, b.distance),
            a.load,
            b.load,
            pct(a.load, b.load)
        );
    }
    if !numbers.is_empty() {
        let _ = writeln!(out, "Weekly distance and load:\n{numbers}");
    }

    let open = |a: &Analysis| -> Vec<Finding> {
        a.findings
            .iter()
            .filter(|f| f.acknowledged.is_none())
            .cloned()
            .collect()
    };
    let (before, after) = (open(old_a), open(new_a));
    let removed: Vec<&Finding> = before
        .iter()
        .filter(|f| !after.iter().any(|g| key(g) == key(f)))
        .collect();
    let added: Vec<&Finding> = after
        .iter()
        .filter(|f| !before.iter().any(|g| key(g) == key(f)))
        .collect();
    if !added.is_empty() || !removed.is_empty() {
        let _ = writeln!(out, "Findings:");
        for f in added {
            let _ = writeln!(out, "{}", finding_line('+', f));
        }
        for f in removed {
            let _ = writeln!(out, "{}", finding_line('-', f));
        }
        let _ = writeln!(out);
    }
    if out.is_empty() {
        out.push_str("No differences.\n");
    }
    while out.ends_with("\n\n") {
        out.pop();
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plan::RecoveryOverrides;
    use crate::plan::analysis::analyse;
    use crate::plan::load::load;
    use crate::plan::units::Units;
    use std::path::Path;

    fn plan(src: &str) -> (Plan, Analysis) {
        let l = load(Path::new("p.yaml"), src, "plans", Units::Km);
        let p = l.plan.unwrap_or_else(|| panic!("{:#?}", l.diagnostics));
        let a = analyse(&p, &RecoveryOverrides::default());
        (p, a)
    }

    const BASE: &str = "title: T\nweeks:\n  - days: { mon: rest, tue: easy 5km, wed: rest, thu: easy 5km, fri: rest, sat: easy 5km, sun: long 10km }\n  - days: { mon: rest, tue: easy 5km, wed: rest, thu: easy 5km, fri: rest, sat: easy 5km, sun: long 11.5km }\n";

    #[test]
    fn the_same_plan_has_no_differences() {
        let (p, a) = plan(BASE);
        assert_eq!(diff(&p, &a, &p, &a), "No differences.\n");
    }

    #[test]
    fn sessions_numbers_and_findings_by_week_and_day() {
        let (p, a) = plan(BASE);
        let changed = BASE
            .replace("title: T", "title: T2")
            .replace("long 11.5km", "long 16km")
            .replace("tue: easy 5km, wed: rest, thu: easy 5km, fri: rest, sat: easy 5km, sun: long 16km", "tue: tempo 5km, wed: rest, thu: easy 5km, fri: rest, sat: easy 5km, sun: long 16km");
        let (q, b) = plan(&changed);
        let d = diff(&p, &a, &q, &b);
        assert!(d.starts_with("title: T → T2\n"), "{d}");
        assert!(
            d.contains("  week 2 Tuesday: easy 5km → tempo 5km\n"),
            "{d}"
        );
        assert!(
            d.contains("  week 2 Sunday: long 11.5km → long 16km\n"),
            "{d}"
        );
        assert!(
            d.contains("  week 2: distance 26.5 km → 31 km (+17 %), load"),
            "{d}"
        );
        assert!(
            d.contains("  + caution [long-run-spike] week 2 Sunday: A 16 km run"),
            "{d}"
        );
        assert!(
            d.contains("  - guideline [long-run-spike] week 2 Sunday"),
            "the 10 % step it replaced: {d}"
        );
        assert!(!d.contains("week 1 "), "week 1 is unchanged: {d}");
    }
}
