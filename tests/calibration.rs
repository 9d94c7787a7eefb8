//! The recovery analysis calibrated on plans coaches trust: the 89 plans calendar-hack publishes
//! (Higdon, Pfitzinger, Hansons, the BAA levels, Mee, FRR…, pinned in
//! tests/calibration/calendar-hack with their licence and checksums) are converted to Taper
//! plans and analysed with the default thresholds. They are the negative set: at most 10 % of
//! them may carry an unacknowledged caution or warning. The snapshot holds the per-code counts
//! the README quotes; `TAPER_CALIBRATION_OUT=DIR` writes the converted plans there to read them
//! with `taper plan`.

mod common;
#[path = "calibration/convert.rs"]
mod convert;

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::fs;
use std::path::Path;

use taper::plan::RecoveryOverrides;
use taper::plan::analysis::{Analysis, Severity, analyse};
use taper::plan::load::load;
use taper::plan::units::Units;

/// Every pinned plan with distances, converted, loaded and analysed.
fn analysed() -> Vec<(String, Analysis)> {
    let dir = common::repo().join("tests/calibration/calendar-hack");
    let sums = fs::read_to_string(dir.join("SHA256SUMS")).unwrap();
    let mut names: Vec<&str> = sums
        .lines()
        .filter_map(|l| l.split_whitespace().nth(1))
        .collect();
    names.sort();
    assert_eq!(names.len(), 89, "the pinned copy lists 89 plans");
    let out = std::env::var_os("TAPER_CALIBRATION_OUT").map(std::path::PathBuf::from);
    let mut plans = Vec::new();
    for name in names {
        let json = fs::read_to_string(dir.join(name)).unwrap();
        let c = convert::convert(&json).unwrap_or_else(|e| panic!("{name}: {e}"));
        if let Some(out) = &out {
            fs::create_dir_all(out).unwrap();
            fs::write(out.join(format!("{}.yaml", c.id)), &c.yaml).unwrap();
        }
        if !c.has_distances {
            continue;
        }
        let rel = format!("{}.yaml", c.id);
        let l = load(Path::new(&rel), &c.yaml, "plans", Units::Km);
        let plan = l
            .plan
            .unwrap_or_else(|| panic!("{name} does not load: {:#?}\n{}", l.diagnostics, c.yaml));
        // The file name, not the JSON's id: two files share an id upstream.
        let id = name.trim_end_matches(".json").to_string();
        plans.push((id, analyse(&plan, &RecoveryOverrides::default())));
    }
    plans
}

/// Per code and severity: plans with such an unacknowledged finding, and findings.
fn report(plans: &[(String, Analysis)]) -> (String, usize) {
    let mut by: BTreeMap<(String, &str), (usize, usize)> = BTreeMap::new();
    let mut flagged = Vec::new();
    for (id, a) in plans {
        let mut seen = std::collections::BTreeSet::new();
        for f in a.findings.iter().filter(|f| f.acknowledged.is_none()) {
            let key = (f.code.to_string(), f.severity.name());
            let e = by.entry(key.clone()).or_default();
            e.1 += 1;
            if seen.insert(key) {
                e.0 += 1;
            }
        }
        if a.findings
            .iter()
            .any(|f| f.acknowledged.is_none() && f.severity >= Severity::Caution)
        {
            flagged.push(id.as_str());
        }
    }
    let mut s = format!(
        "{} plans; {} with an unacknowledged caution or warning ({:.1} %)\n\n",
        plans.len(),
        flagged.len(),
        100.0 * flagged.len() as f64 / plans.len() as f64
    );
    s.push_str("code                 severity   plans  findings\n");
    for ((code, sev), (p, n)) in &by {
        let _ = writeln!(s, "{code:<20} {sev:<10} {p:>5} {n:>9}");
    }
    s.push_str("\nplans with a caution or warning:\n");
    for (id, a) in plans
        .iter()
        .filter(|(id, _)| flagged.contains(&id.as_str()))
    {
        for f in a
            .findings
            .iter()
            .filter(|f| f.acknowledged.is_none() && f.severity >= Severity::Caution)
        {
            let _ = writeln!(
                s,
                "  {id}: {} {} week {}",
                f.code,
                f.severity.name(),
                f.week
            );
        }
    }
    (s, flagged.len())
}

#[test]
fn plans_coaches_trust_rarely_carry_a_caution() {
    let plans = analysed();
    assert_eq!(
        plans.len(),
        86,
        "86 plans give distances (c25k, c25k_rbp, hansons_c210k give minutes only)"
    );
    let (text, flagged) = report(&plans);
    println!("{text}");
    insta::assert_snapshot!("calendar_hack_findings", text);
    assert!(
        flagged * 10 <= plans.len(),
        "{flagged} of {} plans carry a caution or warning:\n{text}",
        plans.len()
    );
}

/// The codes a fixture plan fires (acknowledged or not).
fn fired(rel: &str) -> std::collections::BTreeSet<String> {
    let text = fs::read_to_string(common::repo().join(rel)).unwrap();
    let l = load(Path::new(rel), &text, "plans", Units::Km);
    let plan = l
        .plan
        .unwrap_or_else(|| panic!("{rel}: {:#?}", l.diagnostics));
    analyse(&plan, &RecoveryOverrides::default())
        .findings
        .iter()
        .map(|f| f.code.to_string())
        .collect()
}

/// The positive set: what each risky fixture fired before the calibration (at 7c4ab1f), which it
/// must still fire (`short-taper`, replaced, as `taper-volume`).
const POSITIVE: &[(&str, &[&str])] = &[
    (
        "tests/fixtures/flawed-plan.yaml",
        &[
            "deload-not-lighter",
            "easy-not-easy",
            "hard-back-to-back",
            "hard-before-race",
            "intensity-balance",
            "long-run-spike",
            "monotony",
            "no-cutback",
            "rest-gap",
            // short-taper's successor: the taper's volume against the peak weeks.
            "taper-volume",
            "volume-jump",
        ],
    ),
    (
        "tests/fixtures/whole-language.yaml",
        &["easy-not-easy", "hard-back-to-back"],
    ),
    (
        "tests/fixtures/snapshot-site/content/plans/week.yaml",
        &["hard-back-to-back", "long-run-spike", "volume-jump"],
    ),
    (
        "tests/fixtures/publish-site/content/plans/half.yaml",
        &["long-run-spike"],
    ),
];

#[test]
fn risky_fixtures_still_fire_what_they_fired() {
    for (rel, codes) in POSITIVE {
        let now = fired(rel);
        for code in *codes {
            assert!(now.contains(*code), "{rel} no longer fires {code}: {now:?}");
        }
    }
}

/// Each taper fixture fires its code and nothing its base does not.
#[test]
fn each_taper_fixture_fires_its_code_and_nothing_else_new() {
    let base = fired("tests/fixtures/taper/base.yaml");
    assert!(base.is_empty(), "the base is sound: {base:?}");
    for code in [
        "taper-volume",
        "taper-intensity",
        "taper-frequency",
        "long-run-share",
    ] {
        let now = fired(&format!("tests/fixtures/taper/{code}.yaml"));
        let new: Vec<&String> = now.difference(&base).collect();
        assert_eq!(new, vec![code], "{code}.yaml");
    }
}
