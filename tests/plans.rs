//! The plan language and the recovery analysis on real files: the example plans, a
//! deliberately flawed plan, plan.json against its schema, snapshots of rendered pages, and a
//! round-trip property test of the compact syntax.

mod common;
use common::*;

use std::fs;
use std::path::{Path, PathBuf};

use assert_cmd::Command;
use proptest::prelude::*;
use taper::plan::analysis::{CODES, Severity, analyse};
use taper::plan::compact::{Context, parse_day};
use taper::plan::describe::sessions_compact;
use taper::plan::load::load;
use taper::plan::units::{Amount, DistanceUnit, Units};
use taper::plan::{RecoveryOverrides, Session, SessionType, Step, StepKind, Target, Workout};

fn plan_at(rel: &str) -> taper::plan::Plan {
    let path = repo().join(rel);
    let text = fs::read_to_string(&path).unwrap();
    let l = load(Path::new(rel), &text, "plans", Units::Km);
    l.plan
        .unwrap_or_else(|| panic!("{rel}: {:#?}", l.diagnostics))
}

#[test]
fn the_flawed_plan_triggers_every_code() {
    let plan = plan_at("tests/fixtures/flawed-plan.yaml");
    let a = analyse(&plan, &RecoveryOverrides::default());
    for code in CODES {
        assert!(
            a.findings.iter().any(|f| f.code == *code),
            "{code} did not fire: {:#?}",
            a.findings
                .iter()
                .map(|f| (f.code, f.week))
                .collect::<Vec<_>>()
        );
    }
}

#[test]
fn the_example_plans_have_one_acknowledged_finding_and_no_cautions() {
    let mut acknowledged = 0;
    for rel in [
        "content/plans/half-marathon-12.yaml",
        "content/plans/5k-beginner-8.yaml",
    ] {
        let plan = plan_at(rel);
        let a = analyse(&plan, &RecoveryOverrides::default());
        for f in &a.findings {
            if f.acknowledged.is_some() {
                acknowledged += 1;
            } else {
                assert!(f.severity < Severity::Caution, "{rel}: {f:#?}");
            }
        }
        // Every rest-like day is annotated.
        for w in &a.weeks {
            for d in &w.days {
                assert_eq!(
                    d.rest_like,
                    d.rest.is_some(),
                    "{rel} week {} day {}",
                    w.n,
                    d.weekday
                );
            }
        }
    }
    assert_eq!(acknowledged, 1);
}

#[test]
fn the_example_plans_use_the_whole_language() {
    let half = fs::read_to_string(repo().join("content/plans/half-marathon-12.yaml")).unwrap();
    let five = fs::read_to_string(repo().join("content/plans/5k-beginner-8.yaml")).unwrap();
    for (name, text) in [("half", &half), ("5k", &five)] {
        assert!(text.contains("paces:"), "{name} uses paces");
        assert!(text.contains(" | "), "{name} uses alternatives");
        assert!(text.contains("; "), "{name} uses doubles");
        assert!(text.contains(" + "), "{name} uses steps");
    }
}

fn build_example() -> PathBuf {
    let out = std::env::temp_dir()
        .join(format!("taper-plans-{}", std::process::id()))
        .join("public");
    build_into(&repo(), &out);
    out
}

#[test]
fn plan_json_validates_against_its_schema() {
    let schema: serde_json::Value =
        serde_json::from_str(&fs::read_to_string(repo().join("docs/plan.schema.json")).unwrap())
            .unwrap();
    let validator = jsonschema::validator_for(&schema).expect("the schema is valid");
    let out = build_example();
    for slug in ["half-marathon-12", "5k-beginner-8"] {
        let doc: serde_json::Value = serde_json::from_str(
            &fs::read_to_string(out.join(format!("plans/{slug}/plan.json"))).unwrap(),
        )
        .unwrap();
        let errors: Vec<String> = validator
            .iter_errors(&doc)
            .map(|e| format!("{} at {}", e, e.instance_path()))
            .collect();
        assert!(errors.is_empty(), "{slug}: {errors:#?}");
        assert_eq!(doc["weeks"][0]["days"].as_array().unwrap().len(), 7);
    }
}

/// The readable part of a page (from `<main` to `</main>`), for snapshots that do not churn
/// with the header and footer.
fn main_of(html: &str) -> String {
    let start = html.find("<main").unwrap_or(0);
    let end = html.find("</main>").map_or(html.len(), |i| i + 7);
    html[start..end].to_string()
}

#[test]
fn snapshot_of_a_rendered_article_and_plan() {
    let root = std::env::temp_dir().join(format!("taper-snap-{}", std::process::id()));
    let _ = fs::remove_dir_all(&root);
    fs::create_dir_all(root.join("content/posts")).unwrap();
    fs::create_dir_all(root.join("content/plans")).unwrap();
    fs::write(root.join("site.yaml"), "title: Snapshot Site\n").unwrap();
    fs::write(
        root.join("content/posts/rest.md"),
        "---\ntitle: Rest Days\ndate: 2026-09-01\ntags: [recovery]\nplans: [week]\nexplains: [rest]\n---\n## Why\n\nAdaptation happens at rest.\n\n| Option | Minutes |\n|---|---|\n| Walk | 15–20 |\n",
    )
    .unwrap();
    fs::write(
        root.join("content/plans/week.yaml"),
        "title: One Week\nlevel: novice\nstart: 2027-03-01\npaces:\n  easy: { pace: 6:00-6:30/km, rpe: 3 }\n  T: { pace: 4:45/km, rpe: 7 }\nweeks:\n  - phase: base\n    note: A sample week.\n    days:\n      mon: rest\n      tue: easy 8km @easy + 6x20s strides\n      wed: rest (walk 20min)\n      thu: threshold 2km wu + 3x(8min @T / 2min jog) + 2km cd\n      fri: rest\n      sat: 'easy 6km @easy; strength 30min \"Core and hips\"'\n      sun: rest | cross 40min bike @RPE3\n",
    )
    .unwrap();
    let out = root.join("public");
    Command::cargo_bin("taper")
        .unwrap()
        .arg("build")
        .arg("--root")
        .arg(&root)
        .assert()
        .success();
    insta::assert_snapshot!(
        "article",
        main_of(&fs::read_to_string(out.join("posts/rest/index.html")).unwrap())
    );
    insta::assert_snapshot!(
        "plan",
        main_of(&fs::read_to_string(out.join("plans/week/index.html")).unwrap())
    );
}

// ---- Round-trip: model → compact string → model -------------------------------------------

fn amount() -> impl Strategy<Value = Amount> {
    prop_oneof![
        (1u32..40).prop_map(|k| Amount::Distance {
            lo: f64::from(k) * 1000.0,
            hi: f64::from(k) * 1000.0,
            unit: DistanceUnit::Km
        }),
        (1u32..40, 1u32..5).prop_map(|(k, d)| Amount::Distance {
            lo: f64::from(k) * 1000.0,
            hi: f64::from(k + d) * 1000.0,
            unit: DistanceUnit::Km
        }),
        (1u32..20).prop_map(|m| Amount::Distance {
            lo: f64::from(m) * 100.0,
            hi: f64::from(m) * 100.0,
            unit: DistanceUnit::M
        }),
        (1u32..150).prop_map(|m| Amount::Duration {
            lo: f64::from(m) * 60.0,
            hi: f64::from(m) * 60.0
        }),
        (1u32..9).prop_map(|s| Amount::Duration {
            lo: f64::from(s) * 10.0,
            hi: f64::from(s) * 10.0
        }),
    ]
}

/// An amount a whole session may have: at least 100 m or 1 minute.
fn session_amount() -> impl Strategy<Value = Amount> {
    amount().prop_filter("a session lasts at least a minute", |a| match a {
        Amount::Duration { lo, .. } => *lo >= 60.0,
        Amount::Distance { .. } => true,
    })
}

fn target() -> impl Strategy<Value = Target> {
    prop_oneof![
        (1u8..=5).prop_map(|zone| Target::Zone { zone }),
        prop::sample::select(vec!["easy", "T", "MP"]).prop_map(|n| Target::Named {
            name: n.to_string()
        }),
        (200u32..420, 0u32..30).prop_map(|(lo, d)| Target::Pace {
            lo: f64::from(lo),
            hi: f64::from(lo + d),
            unit: Units::Km
        }),
    ]
}

fn rpe() -> impl Strategy<Value = (f64, f64)> {
    (0u32..=10, 0u32..=2).prop_map(|(a, d)| (f64::from(a), f64::from((a + d).min(10))))
}

fn steps() -> impl Strategy<Value = Vec<Step>> {
    let work = (amount(), prop::option::of(target())).prop_map(|(a, t)| Step::Single {
        kind: StepKind::Work,
        amount: Some(a),
        target: t,
        cue: None,
    });
    let recover = (amount(), prop::bool::ANY).prop_map(|(a, jog)| Step::Single {
        kind: StepKind::Recover,
        amount: Some(a),
        target: None,
        cue: jog.then(|| "jog".to_string()),
    });
    let repeat = (2u32..12, work, recover).prop_map(|(times, w, r)| Step::Repeat {
        times,
        steps: vec![w, r],
    });
    (amount(), repeat, prop::option::of(amount())).prop_map(|(wu, rep, cd)| {
        let mut s = vec![
            Step::Single {
                kind: StepKind::Warmup,
                amount: Some(wu),
                target: None,
                cue: None,
            },
            rep,
        ];
        if let Some(cd) = cd {
            s.push(Step::Single {
                kind: StepKind::Cooldown,
                amount: Some(cd),
                target: None,
                cue: None,
            });
        }
        s
    })
}

fn workout() -> impl Strategy<Value = Workout> {
    let kind = prop::sample::select(SessionType::ALL.to_vec());
    let note = prop::option::of("[A-Za-z][A-Za-z ,.]{0,20}[a-z]");
    (
        kind,
        prop::option::of(session_amount()),
        prop::option::of(prop::sample::select(vec!["bike", "swim", "trail"])),
        prop::option::of(target()),
        prop::option::of(rpe()),
        prop::option::of(steps()),
        note,
    )
        .prop_map(|(kind, amount, label, target, rpe, steps, notes)| {
            let mut w = Workout::new(kind);
            match steps {
                Some(s) => w.steps = s,
                None => {
                    w.amount = amount;
                    w.label = label.map(String::from);
                    w.target = target;
                }
            }
            w.rpe = rpe;
            w.notes = notes;
            if kind == SessionType::Rest {
                // A rest holds no training: no blocks, distance, pace or effort above RPE 2,
                // at most 45 minutes.
                w.steps.clear();
                w.target = None;
                w.amount = w
                    .amount
                    .filter(|a| matches!(a, Amount::Duration { hi, .. } if *hi <= 2700.0));
                w.rpe = w.rpe.filter(|(_, hi)| *hi <= 2.0);
            }
            w
        })
}

fn day() -> impl Strategy<Value = Vec<Session>> {
    let session = (workout(), prop::option::of(workout())).prop_map(|(a, b)| Session {
        options: std::iter::once(a).chain(b).collect(),
    });
    prop::collection::vec(session, 1..3)
}

proptest! {
    #[test]
    fn compact_round_trips(model in day()) {
        let text = sessions_compact(&model);
        let back = parse_day(&text, &Context { paces: &["easy", "T", "MP"] });
        prop_assert!(back.is_ok(), "{text}: {:?}", back.err());
        prop_assert_eq!(back.unwrap(), model, "{}", text);
    }
}

// ---- Readings that are not errors, end to end --------------------------------------------

const WEEK_OF_READINGS: &str = "title: Readings\nstart: 2027-03-01\nweeks:\n  - days:\n      mon: rest\n      tue: walk 40min @RPE9\n      wed: rest (walk 20min)\n      thu: easy 5km @RPE3 + 2km @RPE9\n      fri: mobility 60min\n      sat: race half @RPE9\n      sun: rest\n";

#[test]
fn file_stems_that_are_not_urls_are_slugified_like_article_names() {
    let root = scratch("plan-stems");
    write(
        &root,
        "site.yaml",
        "title: Stems\nbase_url: https://example.org/\n",
    );
    write(&root, "content/plans/my plan.yaml", WEEK_OF_READINGS);
    write(
        &root,
        "content/plans/a#b.yaml",
        WEEK_OF_READINGS.replace("Readings", "Hash"),
    );
    write(
        &root,
        "content/plans/<b>.yaml",
        WEEK_OF_READINGS.replace("Readings", "Angle"),
    );
    let out = root.join("public");
    build_into(&root, &out);
    let list = read(out.join("plans/index.html"));
    for href in ["/plans/my-plan/", "/plans/a-b/", "/plans/b/"] {
        assert!(
            list.contains(&format!("href=\"{href}\"")),
            "{href} in:\n{list}"
        );
    }
    assert!(
        !list.contains("a#b") && !list.contains("my plan/"),
        "{list}"
    );
    let ics = read(out.join("plans/my-plan/plan.ics"));
    let uids: Vec<&str> = ics.lines().filter(|l| l.starts_with("UID:")).collect();
    assert_eq!(uids.len(), 7, "one event a day: {uids:?}");
    assert!(
        uids.iter()
            .all(|u| u.starts_with("UID:my-plan-") && !u.contains(' ')),
        "{uids:?}"
    );

    write(&root, "content/plans/???.yaml", WEEK_OF_READINGS);
    let err = build_fails(&root);
    assert!(err.contains("content/plans/???.yaml:1:1"), "{err}");
    assert!(err.contains("set one with `id:`"), "{err}");
}

#[test]
fn walks_beyond_rest_race_names_and_hard_blocks_on_the_page_and_in_plan_json() {
    let root = scratch("plan-readings");
    write(&root, "site.yaml", "title: Readings\n");
    write(&root, "content/plans/week.yaml", WEEK_OF_READINGS);
    let out = root.join("public");
    build_into(&root, &out);
    let doc: serde_json::Value =
        serde_json::from_str(&read(out.join("plans/week/plan.json"))).unwrap();
    let schema: serde_json::Value =
        serde_json::from_str(&fs::read_to_string(repo().join("docs/plan.schema.json")).unwrap())
            .unwrap();
    let validator = jsonschema::validator_for(&schema).unwrap();
    assert!(
        validator.is_valid(&doc),
        "plan.json with the new badges fits the schema"
    );
    let days = &doc["weeks"][0]["days"];
    let day = |i: usize| {
        (
            days[i]["badge"].as_str().unwrap(),
            days[i]["rest_like"].as_bool().unwrap(),
            days[i]["hard"].as_bool().unwrap(),
        )
    };
    assert_eq!(day(1), ("Walk", false, true), "walk 40min @RPE9");
    assert_eq!(day(2), ("Rest", true, false), "rest (walk 20min)");
    assert_eq!(day(3), ("Key session", false, true), "a block at RPE 9");
    assert_eq!(day(4), ("Mobility", false, false), "mobility 60min");
    assert_eq!(day(5).0, "Race");
    assert_eq!(doc["weeks"][0]["summary"]["rest_days"], 3);
    assert_eq!(
        days[3]["sessions"][0]["compact"],
        "easy 5km @RPE3 + 2km @RPE9"
    );
    assert_eq!(
        days[5]["sessions"][0]["distance_m"], 21_098,
        "21.0975 km, in whole metres"
    );
    assert_eq!(days[5]["sessions"][0]["compact"], "race half @RPE9");
    let page = read(out.join("plans/week/index.html"));
    let badges: Vec<String> = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
        .iter()
        .map(|d| badge_on(&page, &format!("w01-{d}")))
        .collect();
    assert_eq!(
        badges,
        [
            "Rest",
            "Walk",
            "Rest",
            "Key session",
            "Mobility",
            "Race",
            "Rest"
        ],
        "the badges on the page are plan.json's"
    );
    assert!(
        day_html(&page, "w01-tue").contains("class=\"day day-walk day-hard\""),
        "a hard walk is not marked as rest: {}",
        day_html(&page, "w01-tue")
    );
    assert!(
        !day_html(&page, "w01-fri").contains("rest-card"),
        "a long mobility session carries no rest reason"
    );
}
