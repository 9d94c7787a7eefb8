//! A watch workout as intervals.icu workout text, which a reader pastes into a new workout
//! there (and which intervals.icu sends on to Garmin, Coros, Suunto and Zwift):
//!
//! ```text
//! Warmup
//! - 2km 6:00-6:30/km Pace
//!
//! 3x
//! - 8m 4:40-4:50/km Pace
//! - Jog 2m
//!
//! Cooldown
//! - 2km 6:00-6:30/km Pace
//! ```
//!
//! Their syntax: a step is a line `- [cue] duration [target]`; `m` is minutes and `mtr`
//! metres (`400mtr`, `2km`, `1mi`); a pace is `4:45/km Pace` or a range
//! `4:40-4:50/km Pace`; a heart-rate zone `Z2 HR`; a line `3x` between blank lines repeats
//! the steps under it (no nesting); `Warmup` and `Cooldown` headings mark those steps. An
//! effort has no target there: it is the cue (`RPE7`). A workout with a step that lasts until
//! the lap button has no text, since intervals.icu needs a length for every step.

use super::{Duration, WatchStep, WatchTarget, WatchWorkout};
use crate::plan::units::{METRES_PER_MILE, Units, num};
use crate::plan::{Plan, StepKind};

/// The intervals.icu text of `w`, paces in the plan's units; `None` when a step has no length.
pub fn text(w: &WatchWorkout, plan: &Plan) -> Option<String> {
    let mut blocks: Vec<(String, Vec<String>)> = Vec::new();
    let mut i = 0;
    while i < w.steps.len() {
        // A repeat's steps come before it: find the repeat that starts here, if any.
        let repeat = w.steps[i..].iter().enumerate().find_map(|(k, s)| match s {
            WatchStep::Repeat { from, times } if *from == i => Some((i + k, *times)),
            _ => None,
        });
        match (&w.steps[i], repeat) {
            (WatchStep::Single { .. }, Some((end, times))) => {
                let lines = w.steps[i..end]
                    .iter()
                    .map(|s| line(s, plan.units))
                    .collect::<Option<Vec<_>>>()?;
                blocks.push((format!("{times}x"), lines));
                i = end + 1;
            }
            (s @ WatchStep::Single { kind, .. }, None) => {
                let heading = match kind {
                    StepKind::Warmup => "Warmup",
                    StepKind::Cooldown => "Cooldown",
                    _ => "",
                };
                let l = line(s, plan.units)?;
                match blocks.last_mut() {
                    Some((h, lines)) if h == heading => lines.push(l),
                    _ => blocks.push((heading.to_string(), vec![l])),
                }
                i += 1;
            }
            // A repeat with no steps before it cannot be written; the model never makes one.
            (WatchStep::Repeat { .. }, _) => i += 1,
        }
    }
    let mut out = String::new();
    for (heading, lines) in blocks {
        if !out.is_empty() {
            out.push('\n');
        }
        if !heading.is_empty() {
            out.push_str(&heading);
            out.push('\n');
        }
        for l in lines {
            out.push_str(&l);
            out.push('\n');
        }
    }
    Some(out)
}

/// `- Jog 2m`, `- 8m 4:40-4:50/km Pace`, `- RPE7 1m`.
fn line(s: &WatchStep, units: Units) -> Option<String> {
    let WatchStep::Single {
        kind,
        name,
        duration,
        target,
        rpe,
        ..
    } = s
    else {
        return None;
    };
    let mut parts = vec!["-".to_string()];
    if let Some(c) = cue(*kind, name) {
        parts.push(c);
    }
    if let (WatchTarget::Open, Some((lo, hi))) = (target, rpe) {
        parts.push(if lo == hi {
            format!("RPE{}", num(*lo))
        } else {
            format!("RPE{}-{}", num(*lo), num(*hi))
        });
    }
    parts.push(match *duration {
        Duration::Distance { metres } => distance(metres, units),
        Duration::Time { seconds } => time(seconds),
        Duration::Open => return None,
    });
    match *target {
        WatchTarget::Open => {}
        WatchTarget::Pace { fast, slow } => parts.push(format!("{} Pace", pace(fast, slow, units))),
        WatchTarget::HeartRateZone { zone } => parts.push(format!("Z{zone} HR")),
    }
    Some(parts.join(" "))
}

/// The step's own words (`Jog`, `Strides`, `Easy run`), when it has some: the headings
/// already say warm-up and cool-down, a pace's name is in its target, and intervals.icu would
/// read a digit or a unit in a cue as a length.
fn cue(kind: StepKind, name: &str) -> Option<String> {
    let base = name.split(" RPE").next().unwrap_or(name);
    if matches!(kind, StepKind::Warmup | StepKind::Cooldown)
        || base.ends_with(" pace")
        || base == "Run"
    {
        return None;
    }
    let words: Vec<&str> = base
        .split_whitespace()
        .filter(|w| w.chars().all(char::is_alphabetic) && !is_unit(w))
        .collect();
    (!words.is_empty()).then(|| words.join(" "))
}

fn is_unit(w: &str) -> bool {
    let w = w.to_ascii_lowercase();
    [
        "m", "s", "h", "km", "mi", "mtr", "hr", "pace", "x", "z", "lthr", "w", "rpm", "ramp",
        "freeride",
    ]
    .contains(&w.as_str())
}

/// `2km`, `8.5km`, `400mtr`, `21.0975km`; `2mi`, `0.25mi` in a miles plan when the distance
/// is whole hundredths of a mile.
fn distance(metres: f64, units: Units) -> String {
    let miles = metres / METRES_PER_MILE;
    if units == Units::Mi && ((miles * 100.0).round() - miles * 100.0).abs() < 1e-6 {
        return format!("{}mi", trim(miles, 2));
    }
    if metres.fract() != 0.0 || (metres >= 1000.0 && metres % 100.0 == 0.0) {
        format!("{}km", trim(metres / 1000.0, 4))
    } else {
        format!("{metres}mtr")
    }
}

/// `8m`, `1m30s`, `1h15m`, `20s`.
fn time(seconds: f64) -> String {
    let total = seconds.round().max(1.0) as u64;
    let (h, m, s) = (total / 3600, total / 60 % 60, total % 60);
    let mut out = String::new();
    if h > 0 {
        out.push_str(&format!("{h}h"));
    }
    if m > 0 {
        out.push_str(&format!("{m}m"));
    }
    if s > 0 {
        out.push_str(&format!("{s}s"));
    }
    out
}

/// `4:45/km` or `4:40-4:50/km`.
fn pace(fast: f64, slow: f64, units: Units) -> String {
    let clock = |secs_per_km: f64| {
        let s = (secs_per_km * units.metres() / 1000.0).round() as i64;
        format!("{}:{:02}", s / 60, s % 60)
    };
    if clock(fast) == clock(slow) {
        format!("{}/{}", clock(fast), units.label())
    } else {
        format!("{}-{}/{}", clock(fast), clock(slow), units.label())
    }
}

fn trim(x: f64, places: usize) -> String {
    let s = format!("{x:.places$}");
    let s = s.trim_end_matches('0').trim_end_matches('.');
    s.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plan::watch::tests::plan_with;
    use crate::plan::watch::workouts;

    fn text_of(tue: &str) -> Option<String> {
        let p = plan_with(tue);
        text(&workouts(&p)[0], &p)
    }

    #[test]
    fn a_threshold_session_in_intervals_icu_syntax() {
        assert_eq!(
            text_of("threshold 2km wu @easy + 3x(8min @T / 2min jog) + 2km cd").as_deref(),
            Some(
                "Warmup\n- 2km 6:00-6:30/km Pace\n\n3x\n- 8m 4:40-4:50/km Pace\n- Jog 2m\n\nCooldown\n- 2km\n"
            )
        );
    }

    #[test]
    fn metres_are_mtr_minutes_m_and_efforts_cues() {
        assert_eq!(
            text_of("intervals 6x(400m @RPE8 / 90s jog)").as_deref(),
            Some("6x\n- RPE8 400mtr\n- Jog 1m30s\n")
        );
        assert_eq!(
            text_of("easy 45min @Z2 + 6x20s strides").as_deref(),
            Some("- 45m Z2 HR\n\n6x\n- Strides 20s\n")
        );
        assert_eq!(
            text_of("long 1h15 @easy").as_deref(),
            Some("- 1h15m 6:00-6:30/km Pace\n")
        );
        assert_eq!(text_of("easy 8-10km").as_deref(), Some("- Easy run 8km\n"));
        assert_eq!(text_of("race half").as_deref(), Some("- Race 21.0975km\n"));
        assert_eq!(
            text_of("tempo 1500m").as_deref(),
            Some("- Tempo run 1.5km\n")
        );
        assert_eq!(
            text_of("tempo 1234m").as_deref(),
            Some("- Tempo run 1234mtr\n")
        );
    }

    #[test]
    fn a_step_without_a_length_has_no_text() {
        assert_eq!(text_of("tempo @RPE7"), None);
    }

    #[test]
    fn miles_plans_write_miles() {
        assert_eq!(distance(1609.344 * 2.0, Units::Mi), "2mi");
        assert_eq!(distance(400.0, Units::Mi), "400mtr");
        assert_eq!(pace(300.0, 300.0, Units::Mi), "8:03/mi");
    }
}
