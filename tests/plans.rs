//! The plan language and the recovery analysis on real files: the example plans, a
//! deliberately flawed plan, a fixture that uses every construct of the language
//! (tests/fixtures/whole-language.yaml), plan.json against its schema, snapshots of rendered
//! pages, and a round-trip property test of the compact syntax.

mod common;
use common::*;

use std::fs;
use std::path::{Path, PathBuf};

use assert_cmd::Command;
use proptest::prelude::*;
use taper::plan::analysis::{Code, Severity, analyse};
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
    for code in Code::ALL {
        assert!(
            a.findings.iter().any(|f| f.code == code),
            "{code} did not fire: {:#?}",
            a.findings
                .iter()
                .map(|f| (f.code, f.week))
                .collect::<Vec<_>>()
        );
    }
}

#[test]
fn the_example_plans_have_three_acknowledged_findings_and_no_cautions() {
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
    // long-run-share in the half marathon, ramp-rate and taper-volume in the 5K, each with
    // the coach's reason.
    assert_eq!(acknowledged, 3);
}

// ---- The whole language, from a fixture that uses every construct once --------------------

fn km(lo: f64, hi: f64) -> Option<Amount> {
    Some(Amount::Distance {
        lo: lo * 1000.0,
        hi: hi * 1000.0,
        unit: DistanceUnit::Km,
    })
}

fn metres(m: f64) -> Option<Amount> {
    Some(Amount::Distance {
        lo: m,
        hi: m,
        unit: DistanceUnit::M,
    })
}

fn minutes(m: f64) -> Option<Amount> {
    Some(Amount::Duration {
        lo: m * 60.0,
        hi: m * 60.0,
    })
}

fn named(name: &str) -> Option<Target> {
    Some(Target::Named { name: name.into() })
}

fn single(kind: StepKind, amount: Option<Amount>, target: Option<Target>) -> Step {
    Step::Single {
        kind,
        amount,
        target,
        cue: None,
    }
}

fn jog(amount: Option<Amount>) -> Step {
    Step::Single {
        kind: StepKind::Recover,
        amount,
        target: None,
        cue: Some("jog".into()),
    }
}

/// The options of each session of day `weekday` (0 = Monday) of week `week` (1-based).
fn options(plan: &taper::plan::Plan, week: usize, weekday: usize) -> Vec<Vec<Workout>> {
    plan.weeks[week - 1].days[weekday]
        .sessions
        .iter()
        .map(|s| s.options.clone())
        .collect()
}

#[test]
fn every_construct_of_the_plan_language_is_read_into_the_model() {
    let plan = plan_at("tests/fixtures/whole-language.yaml");
    let [w1, w2] = &plan.weeks[..] else {
        panic!("two weeks: {:#?}", plan.weeks)
    };
    assert_eq!(
        plan.paces.iter().map(|p| &p.name[..]).collect::<Vec<_>>(),
        ["easy", "T", "5K", "MP"]
    );
    assert_eq!(plan.pace("T").unwrap().pace, Some((285.0, 285.0)));

    // An optional extra: `rest (walk 20min)`.
    let mut walk = Workout::new(SessionType::Walk);
    walk.amount = minutes(20.0);
    walk.optional = true;
    assert_eq!(
        options(&plan, 1, 0),
        [vec![Workout::new(SessionType::Rest), walk]]
    );

    // A double, a named pace and a note: `easy 6km @easy; strength 30min "Core and hips"`.
    let mut easy = Workout::new(SessionType::Easy);
    easy.amount = km(6.0, 6.0);
    easy.target = named("easy");
    let mut strength = Workout::new(SessionType::Strength);
    strength.amount = minutes(30.0);
    strength.notes = Some("Core and hips".into());
    assert_eq!(options(&plan, 1, 1), [vec![easy], vec![strength]]);

    // Nested repeats: `3x(4x400m @5K / 200m jog)`.
    let mut intervals = Workout::new(SessionType::Intervals);
    intervals.steps = vec![
        single(StepKind::Warmup, km(2.0, 2.0), None),
        Step::Repeat {
            times: 3,
            steps: vec![
                Step::Repeat {
                    times: 4,
                    steps: vec![single(StepKind::Work, metres(400.0), named("5K"))],
                },
                jog(metres(200.0)),
            ],
        },
        single(StepKind::Cooldown, km(2.0, 2.0), None),
    ];
    assert_eq!(options(&plan, 1, 2), [vec![intervals]]);

    // A repeat, the session's RPE before the first amount, and a note.
    let mut threshold = Workout::new(SessionType::Threshold);
    threshold.rpe = Some((7.0, 7.0));
    threshold.steps = vec![
        single(StepKind::Warmup, km(2.0, 2.0), None),
        Step::Repeat {
            times: 3,
            steps: vec![
                single(StepKind::Work, minutes(8.0), named("T")),
                jog(minutes(2.0)),
            ],
        },
        single(StepKind::Cooldown, km(2.0, 2.0), None),
    ];
    threshold.notes = Some("Comfortably hard.".into());
    assert_eq!(options(&plan, 1, 3), [vec![threshold.clone()]]);

    // Alternatives, a label and an RPE: `rest | cross 40min bike @RPE3`.
    let mut cross = Workout::new(SessionType::Cross);
    cross.amount = minutes(40.0);
    cross.label = Some("bike".into());
    cross.rpe = Some((3.0, 3.0));
    assert_eq!(
        options(&plan, 1, 4),
        [vec![Workout::new(SessionType::Rest), cross]]
    );

    // A zone and a block at a named pace: `long 16km @Z2 + 3km @MP`.
    let long = &options(&plan, 1, 5)[0][0];
    assert_eq!(long.kind, SessionType::Long);
    assert_eq!(
        long.steps,
        [
            single(
                StepKind::Work,
                km(16.0, 16.0),
                Some(Target::Zone { zone: 2 })
            ),
            single(StepKind::Work, km(3.0, 3.0), named("MP")),
        ],
        "{long:#?}"
    );

    // Ranges: `easy 8-10km @RPE3-4`.
    let mut range = Workout::new(SessionType::Easy);
    range.amount = km(8.0, 10.0);
    range.rpe = Some((3.0, 4.0));
    assert_eq!(options(&plan, 1, 6), [vec![range]]);

    // A week's note and acknowledgement, a cut-back week.
    assert_eq!(w1.note.as_deref(), Some("Every compact construct."));
    assert_eq!(
        (
            w1.phase.as_deref(),
            w1.deload,
            w2.phase.as_deref(),
            w2.deload
        ),
        (Some("build"), false, Some("recovery"), true)
    );
    assert_eq!(
        w1.acks,
        [taper::plan::Ack {
            code: Code::HardBackToBack,
            note: Some("Two quality days on purpose.".into())
        }]
    );

    // An explicit pace: `tempo 30min @4:45/km`.
    assert_eq!(
        options(&plan, 2, 1)[0][0].target,
        Some(Target::Pace {
            lo: 285.0,
            hi: 285.0,
            unit: Units::Km
        })
    );

    // The map form: a session's acknowledgement.
    let brisk = &options(&plan, 2, 2)[0][0];
    assert_eq!(
        (brisk.kind, &brisk.amount, brisk.rpe),
        (SessionType::Easy, &km(5.0, 5.0), Some((5.0, 5.0)))
    );
    assert_eq!(
        brisk.acks,
        [taper::plan::Ack {
            code: Code::EasyNotEasy,
            note: Some("Brisk on purpose.".into())
        }]
    );

    // The map form of week 1's threshold session is the same model, marked key; a list of
    // sessions is a double, and a map's `label`.
    let mut key = threshold;
    key.key = Some(true);
    let mut mobility = Workout::new(SessionType::Mobility);
    mobility.amount = minutes(10.0);
    mobility.label = Some("hips".into());
    assert_eq!(options(&plan, 2, 3), [vec![key], vec![mobility]]);

    // A race distance by name, in the map form.
    let race = &options(&plan, 2, 5)[0][0];
    assert_eq!(
        (race.kind, &race.amount, race.rpe, race.notes.as_deref()),
        (
            SessionType::Race,
            &km(10.0, 10.0),
            Some((9.0, 9.0)),
            Some("Parkrun")
        )
    );
}

#[test]
fn every_construct_of_the_plan_language_is_shown_on_the_plan_page() {
    let root = scratch("whole-language");
    // The day cards' watch workouts are tests/workouts.rs's.
    write(&root, "site.yaml", "title: Whole\nworkouts: false\n");
    write(
        &root,
        "content/plans/whole.yaml",
        read(repo().join("tests/fixtures/whole-language.yaml")),
    );
    let out = root.join("public");
    build_into(&root, &out);
    let page = read(out.join("plans/whole/index.html"));
    let day = |anchor: &str| visible_text(day_html(&page, anchor));
    for (anchor, badge, text) in [
        ("w01-mon", "Rest", "Rest (optional: walk 20 min)"),
        (
            "w01-tue",
            "Easy",
            "Easy run 6 km @ easy 6:00–6:30/km 6 km · ≈ 38 min · RPE 3 Strength Core and hips 30 min · RPE ≈ 4",
        ),
        (
            "w01-wed",
            "Key session",
            "Intervals 2 km warm-up · 3 × (4 × 400 m @ 5K 4:20/km · 200 m jog) · 2 km cool-down",
        ),
        (
            "w01-thu",
            "Coach's choice",
            "Threshold 2 km warm-up · 3 × (8 min @ T 4:45/km · 2 min jog) · 2 km cool-down (RPE 7) Comfortably hard.",
        ),
        (
            "w01-fri",
            "Rest or cross",
            "Choose one: Rest Cross-training 40 min bike (RPE 3)",
        ),
        (
            "w01-sat",
            "Long",
            "Long run 16 km @ Z2 · 3 km @ MP 5:15/km 19 km",
        ),
        ("w01-sun", "Easy", "Easy run 8–10 km (RPE 3–4) 9 km"),
        ("w02-tue", "Key session", "Tempo run 30 min @ 4:45/km"),
        // Plain, under a badge that does not name it: the type, then the numbers.
        (
            "w02-wed",
            "Coach's choice",
            "Easy run 5 km · ≈ 31 min · RPE 5",
        ),
        (
            "w02-thu",
            "Key session",
            "Threshold 2 km warm-up · 3 × (8 min @ T 4:45/km · 2 min jog) · 2 km cool-down (RPE 7) Comfortably hard. ≈ 9.9 km · ≈ 55 min · RPE 7 Mobility 10 min hips",
        ),
        // One session whose text would say only its type (the badge), amount and effort
        // (the numbers line): the card says it once.
        ("w02-sat", "Race", "Race Parkrun 10 km · ≈ 50 min · RPE 9"),
    ] {
        assert_eq!(badge_on(&page, anchor), badge, "{anchor}");
        assert!(
            day(anchor).contains(text),
            "{anchor}: `{text}` not in\n{}",
            day(anchor)
        );
    }
    assert!(!day("w02-sat").contains("Race 10 km"));
    assert!(day("w01-thu").contains("Coach's choice: Two quality days on purpose."));
    assert!(day("w02-wed").contains("Coach's choice: Brisk on purpose."));
    assert!(page.contains("<p class=\"week-note\">Every compact construct.</p>"));
    assert!(page.contains(
        "<section class=\"week week-deload\" id=\"week-2\" aria-labelledby=\"week-2-title\">"
    ));
    assert!(page.contains(
        "<h2 id=\"week-2-title\">Week 2 — Recovery</h2>\n<p class=\"marker marker-cutback\">Cut-back week</p>"
    ));
    assert!(
        page.contains(
            "<tr data-pace=\"T\"><th scope=\"row\">T</th><td>4:45/km</td><td>RPE 7</td></tr>"
        ),
        "the named paces are listed"
    );
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
    let schema: serde_json::Value = serde_json::from_str(
        &fs::read_to_string(repo().join("docs/static/plan.schema.json")).unwrap(),
    )
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
    let schema: serde_json::Value = serde_json::from_str(
        &fs::read_to_string(repo().join("docs/static/plan.schema.json")).unwrap(),
    )
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
