use super::*;
use crate::plan::Amount;
use crate::plan::units::DistanceUnit;

const PACES: &[&str] = &["easy", "MP", "T", "5K"];

fn day(s: &str) -> Vec<Session> {
    parse_day(s, &Context { paces: PACES }).unwrap_or_else(|e| panic!("{s}: {e:?}"))
}

fn err(s: &str) -> SyntaxError {
    parse_day(s, &Context { paces: PACES }).expect_err(s)
}

fn km(x: f64) -> Option<Amount> {
    Some(Amount::Distance {
        lo: x * 1000.0,
        hi: x * 1000.0,
        unit: DistanceUnit::Km,
    })
}

#[test]
fn rest() {
    let d = day("rest");
    assert_eq!(d.len(), 1);
    assert_eq!(d[0].options[0].kind, SessionType::Rest);
}

#[test]
fn rest_with_optional_walk() {
    let d = day("rest (walk 20min)");
    let o = &d[0].options;
    assert_eq!(o.len(), 2);
    assert_eq!(o[1].kind, SessionType::Walk);
    assert!(o[1].optional);
    assert_eq!(o[1].amount.unwrap().mid(), 1200.0);
}

#[test]
fn easy_with_strides() {
    let w = &day("easy 8km @easy + 6x20s strides")[0].options[0];
    assert_eq!(w.amount, None);
    assert_eq!(w.steps.len(), 2);
    assert_eq!(
        w.steps[0],
        Step::Single {
            kind: StepKind::Work,
            amount: km(8.0),
            target: Some(Target::Named {
                name: "easy".into()
            }),
            cue: None
        }
    );
    match &w.steps[1] {
        Step::Repeat { times: 6, steps } => match &steps[0] {
            Step::Single { amount, cue, .. } => {
                assert_eq!(amount.unwrap().mid(), 20.0);
                assert_eq!(cue.as_deref(), Some("strides"));
            }
            s => panic!("{s:?}"),
        },
        s => panic!("{s:?}"),
    }
}

#[test]
fn tempo_with_effort() {
    let w = &day("tempo 10km @RPE7")[0].options[0];
    assert_eq!(w.amount, km(10.0));
    assert_eq!(w.rpe, Some((7.0, 7.0)));
}

#[test]
fn threshold_structure() {
    let w = &day("threshold 2km wu + 3x(8min @T / 2min jog) + 2km cd")[0].options[0];
    assert_eq!(w.steps.len(), 3);
    assert!(matches!(
        w.steps[0],
        Step::Single {
            kind: StepKind::Warmup,
            ..
        }
    ));
    assert!(matches!(
        w.steps[2],
        Step::Single {
            kind: StepKind::Cooldown,
            ..
        }
    ));
    match &w.steps[1] {
        Step::Repeat { times: 3, steps } => {
            assert_eq!(steps.len(), 2);
            assert!(
                matches!(&steps[0], Step::Single { kind: StepKind::Work, target: Some(Target::Named { name }), .. } if name == "T")
            );
            assert!(matches!(
                &steps[1],
                Step::Single {
                    kind: StepKind::Recover,
                    ..
                }
            ));
        }
        s => panic!("{s:?}"),
    }
}

#[test]
fn intervals_structure() {
    let w = &day("intervals 2km wu + 6x(800m @5K / 400m jog) + 2km cd")[0].options[0];
    assert!(matches!(w.steps[1], Step::Repeat { times: 6, .. }));
}

#[test]
fn long_with_marathon_pace_finish() {
    let w = &day("long 16km @easy + 5km @MP")[0].options[0];
    assert_eq!(w.steps.len(), 2);
}

#[test]
fn alternatives() {
    let s = &day("rest | cross 40min bike @RPE3")[0];
    assert_eq!(s.options.len(), 2);
    let c = &s.options[1];
    assert_eq!(c.kind, SessionType::Cross);
    assert_eq!(c.label.as_deref(), Some("bike"));
    assert_eq!(c.rpe, Some((3.0, 3.0)));
}

#[test]
fn race_with_note() {
    let w = &day("race 10km @RPE9 \"Parkrun\"")[0].options[0];
    assert_eq!(w.notes.as_deref(), Some("Parkrun"));
    assert_eq!(w.rpe, Some((9.0, 9.0)));
}

#[test]
fn distance_range() {
    let w = &day("easy 8-10km")[0].options[0];
    assert!(w.amount.unwrap().is_range());
}

#[test]
fn doubles() {
    let d = day("easy 6km; strength 30min");
    assert_eq!(d.len(), 2);
    assert_eq!(d[1].options[0].kind, SessionType::Strength);
}

#[test]
fn pace_and_zone_targets() {
    let w = &day("tempo 8km @4:45/km")[0].options[0];
    assert_eq!(
        w.target,
        Some(Target::Pace {
            lo: 285.0,
            hi: 285.0,
            unit: Units::Km
        })
    );
    let w = &day("easy 45min @Z2")[0].options[0];
    assert_eq!(w.target, Some(Target::Zone { zone: 2 }));
    let w = &day("tempo 6km @5:00-5:20/km")[0].options[0];
    assert_eq!(
        w.target,
        Some(Target::Pace {
            lo: 300.0,
            hi: 320.0,
            unit: Units::Km
        })
    );
    let w = &day("tempo 30min @RPE6-7")[0].options[0];
    assert_eq!(w.rpe, Some((6.0, 7.0)));
}

#[test]
fn errors_point_at_the_problem() {
    let e = err("tempoo 10km");
    assert_eq!(e.offset, 0);
    assert!(e.help.unwrap().contains("did you mean `tempo`"));

    let e = err("tempo 10km @RPE14");
    assert_eq!(e.offset, 11);
    assert!(e.message.contains("out of range"));

    let e = err("threshold 3x(8min @TT / 2min jog)");
    assert_eq!(e.offset, 18, "{}", e.message);

    let e = err("threshold 2km wu + 3x(8min @TT / 2min jog)");
    assert_eq!(e.offset, 27);
    assert_eq!(
        e.message,
        "unknown pace `@TT`: defined paces are easy, MP, T, 5K"
    );
    assert!(e.help.unwrap().contains("`@T`"));

    let e = err("easy 10-8km");
    assert_eq!(e.offset, 5);
    assert!(e.message.contains("upside down"));

    let e = err("easy 8km \"flat");
    assert_eq!(e.offset, 9);

    let e = err("off");
    assert!(e.help.unwrap().contains("write `rest`"));

    let e = err("easy 8 km");
    assert!(e.message.contains("no unit"), "{}", e.message);

    let e = err("");
    assert!(e.message.contains("expected a session type"));
}

/// The error for `s`: its offset, message and help.
fn refused(s: &str) -> (usize, String, String) {
    let e = err(s);
    (e.offset, e.message, e.help.unwrap_or_default())
}

#[test]
fn what_starts_like_an_amount_is_never_a_label() {
    let (at, m, h) = refused("easy -5km");
    assert_eq!(at, 5);
    assert!(m.contains("`-5km` has a sign"), "{m}");
    assert_eq!(h, "write `5km`");
    let (at, m, h) = refused("easy ½km");
    assert_eq!(at, 5);
    assert!(m.contains("fraction `½`"), "{m}");
    assert_eq!(h, "write `0.5km`");
    assert_eq!(refused("easy 8km @easy + 2km -1km").0, 21);
    let w = &day("easy .5km")[0].options[0];
    assert_eq!(w.amount, km(0.5));
    assert_eq!(w.label, None);
    assert_eq!(
        day("cross 40min bike")[0].options[0].label.as_deref(),
        Some("bike")
    );
}

#[test]
fn amounts_and_paces_a_person_can_run() {
    for (text, at) in [
        ("easy 0km", 5),
        ("easy 0min", 5),
        ("easy 1s", 5),
        ("easy 50m", 5),
    ] {
        let (offset, m, _) = refused(text);
        assert_eq!(offset, at, "{text}");
        assert!(m.contains("too short for a session"), "{text}: {m}");
    }
    let (at, m, _) = refused("easy 5km @0:01/km");
    assert_eq!(at, 9);
    assert!(m.contains("faster than anyone runs"), "{m}");
    assert!(
        err("easy 5km @25:00/km")
            .message
            .contains("slower than a walk")
    );
    let (at, m, _) = refused("intervals 10x(2s / 1min jog)");
    assert_eq!(at, 14);
    assert!(m.contains("too short for a block"), "{m}");
    // Short blocks are fine: strides, 50 m sprints, 30 s recoveries.
    day("easy 8km @easy + 6x20s strides");
    day("intervals 2km wu + 10x(50m @RPE9 / 30s rest) + 2km cd");
    day("easy 1min");
    day("easy 100m");
}

#[test]
fn clock_times_and_doubled_pace_units_say_what_was_meant() {
    let (at, m, h) = refused("easy 0:45");
    assert_eq!(at, 5);
    assert!(m.contains("`0:45` is a clock time"), "{m}");
    assert!(h.starts_with("write `45min`"), "{h}");
    let (at, _, h) = refused("long 1:30:00");
    assert_eq!(at, 5);
    assert_eq!(h, "write `1h30`");
    let (at, m, h) = refused("tempo 8km @6:00/km-5:00/km");
    assert_eq!(at, 10);
    assert!(m.contains("writes the unit twice"), "{m}");
    assert_eq!(h, "write `@5:00-6:00/km` (the faster pace first)");
}

#[test]
fn efforts_take_one_decimal_and_a_leading_digit() {
    assert_eq!(day("tempo 5km @RPE6.5")[0].options[0].rpe, Some((6.5, 6.5)));
    assert_eq!(
        day("tempo 5km @RPE6-7.5")[0].options[0].rpe,
        Some((6.0, 7.5))
    );
    for text in [
        "rest i @RPE.0222222222222",
        "tempo 5km @RPE6.55",
        "tempo 5km @RPE6.",
        "tempo 5km @RPE+6",
        "tempo 5km @RPE1e1",
    ] {
        let (_, m, _) = refused(text);
        assert!(m.contains("one decimal"), "{text}: {m}");
    }
    assert_eq!(refused("rest i @RPE.0222222222222").0, 7);
}

#[test]
fn race_distances_by_name_are_the_amount() {
    for (text, metres) in [
        ("race half", 21_097.5),
        ("race HM @RPE9", 21_097.5),
        ("race marathon", 42_195.0),
        ("race M", 42_195.0),
        ("race 10K", 10_000.0),
    ] {
        let w = &day(text)[0].options[0];
        assert_eq!(w.amount.map(|a| a.mid()), Some(metres), "{text}");
        assert_eq!(w.label, None, "{text}");
    }
    // `5K` is the amount, `@5K` the pace.
    let w = &day("race 5K @5K")[0].options[0];
    assert_eq!(w.amount, km(5.0));
    assert_eq!(w.target, Some(Target::Named { name: "5K".into() }));
    let w = &day("race Spring Half")[0].options[0];
    assert_eq!(w.label.as_deref(), Some("Spring"));
    assert_eq!(w.amount.map(|a| a.mid()), Some(21_097.5));
    // Only a race reads the names; elsewhere a word stays a label.
    assert_eq!(day("long half")[0].options[0].amount, None);
    assert_eq!(
        day("race parkrun")[0].options[0].label.as_deref(),
        Some("parkrun")
    );
}

#[test]
fn a_rest_holds_no_training() {
    for (text, at, says) in [
        ("rest 10km", 5, "covers no distance"),
        ("rest 3h", 5, "not rest-like"),
        ("rest @RPE8", 5, "RPE 8 is training"),
        ("rest 20min @RPE3", 11, "RPE 3 is training"),
        ("rest @T", 5, "no pace"),
        ("rest + 2km cd", 5, "no blocks"),
    ] {
        let (offset, m, h) = refused(text);
        assert_eq!(offset, at, "{text}");
        assert!(m.contains(says), "{text}: {m}");
        assert!(!h.is_empty(), "{text}");
    }
    assert_eq!(
        day("rest 45min")[0].options[0].amount.unwrap().mid(),
        2700.0
    );
    assert_eq!(day("rest @RPE2")[0].options[0].rpe, Some((2.0, 2.0)));
    // Alternatives are their own sessions.
    day("rest | cross 40min bike @RPE5");
}

#[test]
fn a_rest_days_extra_is_rest_like() {
    for (text, at, says) in [
        ("rest (walk 3h)", 11, "lasts 3 h"),
        ("rest (walk 5km)", 11, "lasts ≈ 50 min"),
        ("rest (intervals 10x400m)", 6, "`intervals` is training"),
        ("rest (walk 20min @RPE5)", 17, "RPE 5"),
        ("rest (walk 20min @Z4)", 17, "RPE 7"),
        ("walk 20min (easy 5km)", 12, "`easy` is training"),
        ("rest (rest 10km)", 11, "covers no distance"),
    ] {
        let (offset, m, _) = refused(text);
        assert_eq!(offset, at, "{text}");
        assert!(m.contains(says), "{text}: {m}");
    }
    day("rest (walk 20min)");
    day("rest (walk 45min @RPE2)");
    day("rest (mobility 10min)");
    day("rest (walk 3km)");
    // The extra of a training day is not a rest day's.
    day("easy 6km (strength 20min)");
}

#[test]
fn an_effort_after_the_first_amount_belongs_to_that_block() {
    let w = &day("easy 5km @RPE3 + 2km @RPE9")[0].options[0];
    assert_eq!(w.rpe, None);
    assert_eq!(
        w.steps[0],
        Step::Single {
            kind: StepKind::Work,
            amount: km(5.0),
            target: Some(Target::Rpe { lo: 3.0, hi: 3.0 }),
            cue: None
        }
    );
    let w = &day("easy @RPE3 5km + 2km @RPE9")[0].options[0];
    assert_eq!(w.rpe, Some((3.0, 3.0)));
    let w = &day("easy 8km @easy @RPE3 + 6x20s strides")[0].options[0];
    assert_eq!(w.rpe, Some((3.0, 3.0)));
    assert!(matches!(
        &w.steps[0],
        Step::Single {
            target: Some(Target::Named { .. }),
            ..
        }
    ));
    // Without blocks it is the session's.
    assert_eq!(day("tempo 10km @RPE7")[0].options[0].rpe, Some((7.0, 7.0)));
    assert_eq!(err("easy @RPE3 5km @RPE4").offset, 15);
}

#[test]
fn a_block_kind_without_plus_is_explained() {
    let (at, m, h) = refused("easy 5km wu");
    assert_eq!(at, 9);
    assert!(
        m.contains("`wu` marks a block (a warm-up), but no `+` joins it"),
        "{m}"
    );
    assert_eq!(
        h,
        "did you mean `easy 2km wu + 5km`? Each block has its own amount"
    );
    let (at, _, h) = refused("easy 5km cd");
    assert_eq!(at, 9);
    assert!(h.contains("`easy 5km + 2km cd`"), "{h}");
    assert!(refused("recovery 30min jog").1.contains("a recovery jog"));
    // With blocks following, the head's `wu` is the first block.
    day("threshold 2km wu + 3x(8min @T / 2min jog) + 2km cd");
}

#[test]
fn nested_repeats() {
    let w = &day("intervals 2km wu + 3x(4x400m @5K / 200m jog) + 2km cd")[0].options[0];
    match &w.steps[1] {
        Step::Repeat { times: 3, steps } => {
            assert!(matches!(steps[0], Step::Repeat { times: 4, .. }))
        }
        s => panic!("{s:?}"),
    }
}

/// The parsed sessions keep no spare capacity: every plan's model stays in memory for the
/// whole build (the spare of a first push was 49 MB of the peak at 1 000 plans).
#[test]
fn parsed_sessions_hold_no_spare_capacity() {
    let sessions = crate::plan::test_support::parse(
        "easy 5km; intervals 2km wu + 3x(1km @5K / 400m jog) + 1km cd | cross 40min",
    );
    assert_eq!(sessions.capacity(), sessions.len());
    for s in &sessions {
        assert_eq!(s.options.capacity(), s.options.len());
        for o in &s.options {
            assert_eq!(o.steps.capacity(), o.steps.len());
        }
    }
    assert_eq!(sessions[1].options.len(), 2);
}
