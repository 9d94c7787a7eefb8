//! `taper plan FILE`: the analysis of one plan in the terminal, a week a line, then findings.

use std::fmt::Write as _;
use std::path::Path;

use crate::diagnostic::Diagnostic;
use crate::plan::analysis::{FITNESS_UNITS, Fitness, analyse};
use crate::plan::load::load;
use crate::plan::marks::pace_range;
use crate::plan::units::{Units, human_distance, human_duration};
use crate::plan::vdot::{RaceResult, Vdot, clock};
use crate::plan::{RecoveryOverrides, WEEKDAY_NAMES};
use crate::render::views::{SiteView, plan_json};

/// What changed from the plan in `old` (`-` reads stdin) to the plan in `new`, and any warnings.
pub fn plan_diff(old: &Path, new: &Path) -> Result<(String, Vec<Diagnostic>), Vec<Diagnostic>> {
    let (a, mut warnings) = read_plan(old)?;
    let (b, more) = read_plan(new)?;
    warnings.extend(more);
    let (aa, ba) = (
        analyse(&a, &RecoveryOverrides::default()),
        analyse(&b, &RecoveryOverrides::default()),
    );
    Ok((crate::plan::diff::diff(&a, &aa, &b, &ba), warnings))
}

/// Reads and loads one plan file (`-`: stdin).
fn read_plan(file: &Path) -> Result<(crate::plan::Plan, Vec<Diagnostic>), Vec<Diagnostic>> {
    let bytes = if file == Path::new("-") {
        let mut b = Vec::new();
        std::io::Read::read_to_end(&mut std::io::stdin(), &mut b).map(|_| b)
    } else {
        std::fs::read(file)
    };
    let text = bytes
        .map_err(|e| {
            vec![Diagnostic::error(
                file,
                0,
                0,
                "io",
                format!("cannot read the plan: {e}"),
            )]
        })
        .and_then(|b| {
            String::from_utf8(b).map_err(|_| {
                vec![Diagnostic::error(
                    file,
                    0,
                    0,
                    "encoding",
                    "the file is not valid UTF-8",
                )]
            })
        })?;
    let dir = file
        .parent()
        .and_then(|p| p.file_name())
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    // A plan read from stdin is named `stdin.yaml` in messages (and its id is `stdin`).
    let name = if file == Path::new("-") {
        Path::new("stdin.yaml")
    } else {
        file
    };
    let loaded = load(name, &text, &dir, Units::Km);
    match (loaded.plan, loaded.variant) {
        (Some(plan), _) => Ok((plan, loaded.diagnostics)),
        (None, Some(variant)) => {
            let (plan, more) = variant_of_site(file, *variant)?;
            let mut diagnostics = loaded.diagnostics;
            diagnostics.extend(more);
            Ok((plan, diagnostics))
        }
        (None, None) => Err(loaded.diagnostics),
    }
}

/// A variant (`extends:`) made from its base among the plans of its site: the folder above
/// the file that holds `site.yaml`, else the current folder (a plan read from stdin or from
/// `<(git show …)`, whose `extends:` should then name its base by id). When the base has
/// errors, they are the errors, each saying which variant used it.
fn variant_of_site(
    file: &Path,
    mut variant: crate::plan::load::Pending,
) -> Result<(crate::plan::Plan, Vec<Diagnostic>), Vec<Diagnostic>> {
    use crate::source::{Loaded, Source, load_source, rel, walk};
    let abs = std::path::absolute(file).unwrap_or_else(|_| file.to_path_buf());
    let root = abs
        .ancestors()
        .skip(1)
        .find(|a| a.join("site.yaml").is_file())
        .map(Path::to_path_buf)
        .unwrap_or_else(|| std::path::PathBuf::from("."));
    if abs.starts_with(&root) {
        variant.file = rel(&root, &abs);
    }
    let units = crate::source::read_config(&root, None).map_or(Units::Km, |c| c.units);
    let mut plans = Vec::new();
    let mut variants = vec![variant.clone()];
    let mut failed = Vec::new();
    let mut failures = Vec::new();
    for source in walk(&root).sources {
        let Source::Plan(p, _) = &source else {
            continue;
        };
        if rel(&root, p) == variant.file {
            continue;
        }
        match load_source(&root, &source, units) {
            (Some(Loaded::Plan(plan)), _) => plans.push(*plan),
            (Some(Loaded::Variant(v)), _) => variants.push(*v),
            (_, diags) => {
                failed.push(rel(&root, p));
                failures.extend(diags.into_iter().filter(Diagnostic::is_error));
            }
        }
    }
    let made = crate::plan::load::resolve(&plans, variants, &failed);
    let mine = |f: &Path| f == variant.file;
    let errors: Vec<Diagnostic> = made
        .diagnostics
        .iter()
        .filter(|d| d.is_error() && mine(&d.file))
        .cloned()
        .collect();
    if !errors.is_empty() {
        return Err(errors);
    }
    if let Some(plan) = made.plans.into_iter().find(|p| mine(&p.source)) {
        let warnings = made
            .diagnostics
            .into_iter()
            .filter(|d| mine(&d.file))
            .collect();
        return Ok((plan, warnings));
    }
    // Left out: its base (or a plan further up its chain) has errors.
    let mut chain = vec![variant.file.clone()];
    while let Some((_, base)) = made
        .blocked
        .iter()
        .find(|(v, b)| chain.last() == Some(v) && !chain.contains(b))
    {
        chain.push(base.clone());
    }
    let note = format!(" (used by variant `{}`)", variant.id);
    let from_base: Vec<Diagnostic> = failures
        .into_iter()
        .chain(made.diagnostics.into_iter().filter(Diagnostic::is_error))
        .filter(|d| chain.contains(&d.file))
        .map(|mut d| {
            d.message.push_str(&note);
            d
        })
        .collect();
    Err(from_base)
}

/// Analyses the plan in `file`: the report text (or plan.json) and any warnings.
/// With `result` (`10K-45:00`), the JSON gains `personal` and the text the reader's paces.
pub fn plan_report(
    file: &Path,
    json: bool,
    result: Option<&str>,
) -> Result<(String, Vec<Diagnostic>), Vec<Diagnostic>> {
    let result = result
        .map(|r| {
            RaceResult::parse(r)
                .and_then(|parsed| Vdot::from_result(parsed).map(|_| parsed))
                .map_err(|e| {
                    vec![Diagnostic::error(
                        file,
                        0,
                        0,
                        "result",
                        format!("--result {r}: {e}"),
                    )]
                })
        })
        .transpose()?;
    let (plan, diagnostics) = read_plan(file)?;
    let analysis = analyse(&plan, &RecoveryOverrides::default());
    let mut out = String::new();
    if json {
        let site = SiteView {
            title: String::new(),
            base_url: "/".into(),
            base_path: "/".into(),
            description: None,
            author: None,
            language: "en".into(),
            units: plan.units.label(),
            menu: Vec::new(),
            feed_url: "/atom.xml".into(),
            search_url: "/search/".into(),
            edit_url: None,
            has_plans: true,
            has_tags: false,
            disclaimer: String::new(),
            extra: Default::default(),
        };
        let workouts = crate::plan::watch::published(&plan, true);
        let mut v = plan_json(&plan, &analysis, &site, &|_| None, &workouts);
        if let Some(r) = result {
            v = v
                .with_result(&plan, r)
                .map_err(|e| vec![Diagnostic::error(file, 0, 0, "result", e)])?;
        }
        out = serde_json::to_string_pretty(&v).unwrap_or_default();
        out.push('\n');
        return Ok((out, diagnostics));
    }
    let u = plan.units;
    let _ = writeln!(
        out,
        "{} — {} week{}, {} level",
        plan.title,
        plan.weeks.len(),
        if plan.weeks.len() == 1 { "" } else { "s" },
        plan.level.name()
    );
    if let (Some(s), Some(e)) = (plan.start, plan.end()) {
        let _ = writeln!(out, "{s} to {e}");
    }
    let _ = writeln!(out);
    let _ = writeln!(
        out,
        "{:>4}  {:<10} {:>9} {:>11} {:>6} {:>5} {:>5} {:>8} {:>9} {:>8} {:>6}",
        "week",
        "phase",
        "distance",
        "time",
        "load",
        "rest",
        "hard",
        "longest",
        "monotony",
        "change",
        "form"
    );
    for (w, n) in plan.weeks.iter().zip(&analysis.weeks) {
        let s = &n.summary;
        let _ = writeln!(
            out,
            "{:>4}  {:<10} {:>9} {:>11} {:>6.0} {:>5} {:>5} {:>8} {:>9.2} {:>8} {:>+6.0}",
            w.n,
            w.phase
                .as_deref()
                .unwrap_or("-")
                .chars()
                .take(10)
                .collect::<String>(),
            format!(
                "{}{}",
                if s.estimated { "≈" } else { "" },
                human_distance(s.distance, u)
            ),
            human_duration(s.duration),
            s.load,
            s.rest_days,
            s.hard_sessions,
            human_distance(s.longest_run, u),
            s.monotony,
            s.distance_change
                .map_or("-".to_string(), |c| format!("{c:+.0}%")),
            week_end_form(&analysis.fitness, w.n),
        );
    }
    let _ = writeln!(
        out,
        "form: fitness − fatigue at the week's end (42- and 7-day averages of planned load, {}).",
        FITNESS_UNITS
    );
    if let Some(f) = analysis.fitness.race_form() {
        let _ = writeln!(out, "Form on race morning: {f:+.0}.");
    }
    let _ = writeln!(out);
    let open: Vec<_> = analysis
        .findings
        .iter()
        .filter(|f| f.acknowledged.is_none())
        .collect();
    if open.is_empty() {
        let _ = writeln!(out, "No findings.");
    } else {
        let _ = writeln!(out, "Findings ({}):", open.len());
    }
    for f in &analysis.findings {
        let day = f
            .weekday
            .map(|d| format!(" {}", WEEKDAY_NAMES[d]))
            .unwrap_or_default();
        match &f.acknowledged {
            Some(note) => {
                let _ = writeln!(
                    out,
                    "  coach's choice [{}] week {}{}: {}",
                    f.code, f.week, day, note
                );
            }
            None => {
                let _ = writeln!(
                    out,
                    "  {} [{}] week {}{}: {}",
                    f.severity.name(),
                    f.code,
                    f.week,
                    day,
                    f.message
                );
                let _ = writeln!(
                    out,
                    "      evidence ({}): {}",
                    f.evidence.confidence, f.evidence.reference
                );
            }
        }
    }
    if let Some(r) = result
        && let Ok(vdot) = Vdot::from_result(r)
    {
        let _ = writeln!(
            out,
            "\nYour paces for {:.1} km in {} (VDOT {:.1}):",
            r.metres / 1000.0,
            clock(r.seconds),
            vdot.0
        );
        for p in &plan.paces {
            if let Some((lo, hi)) = p.from.and_then(|rel| rel.pace(vdot)) {
                let coach = p
                    .pace
                    .map_or("no pace".to_string(), |(a, b)| pace_range(a, b, u));
                let _ = writeln!(
                    out,
                    "  {:<8} {} (the coach's: {coach})",
                    p.name,
                    pace_range(lo, hi, u)
                );
            }
        }
    }
    Ok((out, diagnostics))
}

/// Form the morning after week `n`: fitness minus fatigue at the end of its last day.
fn week_end_form(f: &Fitness, n: usize) -> f64 {
    f.days
        .get(n * 7 - 1)
        .map_or(0.0, |d| (d.ctl - d.atl).round())
        + 0.0
}
