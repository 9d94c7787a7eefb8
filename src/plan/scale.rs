//! `scale:` of a plan variant: the running amounts of inherited days multiplied, and rounded
//! the way a coach writes them (0.5 km, 0.25 mi, 100 m, 5 minutes).
//!
//! What scales is volume, never intensity: paces, efforts, targets and notes stay as written.
//! A coach's reading of the rules, one per kind of amount:
//! - a run's distance or duration scales (`long 16km` × 0.8 → `long 13km`);
//! - a race does not: its distance is the race (`race half` stays a half marathon);
//! - rest days, walks, mobility, cross-training and strength do not: they are not running
//!   volume, and a rest day is the same rest for every level;
//! - in a structured session the *number of repeats* scales, not the length of a repeat:
//!   `6x(1km @T / 400m jog)` × 0.8 → `5x(1km @T / 400m jog)`. The repeat's length is the
//!   stimulus (a kilometre at threshold pace is the workout); a novice does fewer of them.
//!   Warm-ups, cool-downs and recoveries stay as they are: a warm-up is as long as a body
//!   needs, whatever the level;
//! - a continuous work block of 1 km / 10 minutes or more scales like a run (`20min @T` × 0.8 →
//!   `15min`), a shorter one (a 400 m pick-up) stays: it is a stimulus, not volume.
//!
//! Rounding is to the nearest step, halves up, and never below one step (a 2 km run × 0.1 is
//! 0.5 km, not nothing), so a scaled plan is always one a coach could have written.

use super::units::{Amount, DistanceUnit, METRES_PER_MILE};
use super::{Session, Step, StepKind, Week, Workout};

/// The smallest `scale:` accepted.
pub const MIN_SCALE: f64 = 0.25;
/// The largest `scale:` accepted.
pub const MAX_SCALE: f64 = 2.0;

/// Five minutes, the step durations round to.
const DURATION_STEP: f64 = 300.0;
/// A work block at least this long (metres) scales; a shorter one is a stimulus and stays.
const BLOCK_METRES: f64 = 1000.0;
/// A work block at least this long (seconds) scales.
const BLOCK_SECONDS: f64 = 600.0;

/// The step a distance written in `unit` rounds to, in metres.
fn distance_step(unit: DistanceUnit) -> f64 {
    match unit {
        DistanceUnit::Km => 500.0,
        DistanceUnit::Mi => METRES_PER_MILE / 4.0,
        DistanceUnit::M => 100.0,
    }
}

/// `x` × `factor` to the nearest `step`, halves up, at least one step.
fn round_to(x: f64, factor: f64, step: f64) -> f64 {
    // A hair above the half so that 12.5 × 0.9 = 11.25 (not 11.249999…) rounds up.
    let steps = (x * factor / step + 1e-9).round().max(1.0);
    steps * step
}

/// An amount × `factor`, rounded as a coach writes it.
pub fn amount(a: Amount, factor: f64) -> Amount {
    match a {
        Amount::Distance { lo, hi, unit } => {
            let step = distance_step(unit);
            Amount::Distance {
                lo: round_to(lo, factor, step),
                hi: round_to(hi, factor, step),
                unit,
            }
        }
        Amount::Duration { lo, hi } => Amount::Duration {
            lo: round_to(lo, factor, DURATION_STEP),
            hi: round_to(hi, factor, DURATION_STEP),
        },
    }
}

/// A repeat count × `factor`, to the nearest whole repeat, halves up, at least one.
pub fn repeats(times: u32, factor: f64) -> u32 {
    let n = (f64::from(times) * factor + 1e-9).round().max(1.0);
    // At most 2 × a u32 count, which a plan cannot hold anyway.
    if n >= f64::from(u32::MAX) {
        u32::MAX
    } else {
        n as u32
    }
}

/// Whether a work block is volume (scales) rather than a short stimulus (stays).
fn is_volume(a: &Amount) -> bool {
    match a {
        Amount::Distance { lo, .. } => *lo >= BLOCK_METRES,
        Amount::Duration { lo, .. } => *lo >= BLOCK_SECONDS,
    }
}

/// One top-level step × `factor`: repeats count fewer or more times, long work blocks scale.
fn step(s: &Step, factor: f64) -> Step {
    match s {
        Step::Repeat { times, steps } => Step::Repeat {
            times: repeats(*times, factor),
            steps: steps.clone(),
        },
        Step::Single {
            kind: StepKind::Work,
            amount: Some(a),
            target,
            cue,
        } if is_volume(a) => Step::Single {
            kind: StepKind::Work,
            amount: Some(amount(*a, factor)),
            target: target.clone(),
            cue: cue.clone(),
        },
        other => other.clone(),
    }
}

/// A workout × `factor`: runs other than races scale, everything else stays.
pub fn workout(w: &Workout, factor: f64) -> Workout {
    if !w.kind.is_run() || w.kind == super::SessionType::Race {
        return w.clone();
    }
    Workout {
        amount: w.amount.map(|a| amount(a, factor)),
        steps: w.steps.iter().map(|s| step(s, factor)).collect(),
        ..w.clone()
    }
}

/// A session × `factor`: every alternative scaled alike.
pub fn session(s: &Session, factor: f64) -> Session {
    Session {
        options: s.options.iter().map(|w| workout(w, factor)).collect(),
    }
}

/// A week × `factor`: every day's sessions.
pub fn week(w: &Week, factor: f64) -> Week {
    let mut out = w.clone();
    for d in &mut out.days {
        d.sessions = d.sessions.iter().map(|s| session(s, factor)).collect();
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plan::describe::sessions_compact;
    use crate::plan::test_support::parse;

    fn scaled(day: &str, factor: f64) -> String {
        let sessions: Vec<Session> = parse(day).iter().map(|s| session(s, factor)).collect();
        sessions_compact(&sessions)
    }

    fn km(x: f64) -> Amount {
        Amount::Distance {
            lo: x * 1000.0,
            hi: x * 1000.0,
            unit: DistanceUnit::Km,
        }
    }

    fn minutes(x: f64) -> Amount {
        Amount::Duration {
            lo: x * 60.0,
            hi: x * 60.0,
        }
    }

    #[test]
    fn kilometres_round_to_the_half_halves_up() {
        // 10.25 is the boundary between 10 and 10.5: halves go up, just below goes down.
        assert_eq!(amount(km(12.5), 0.82), km(10.5)); // 10.25
        assert_eq!(amount(km(12.5), 0.8192), km(10.0)); // 10.24
        assert_eq!(amount(km(12.5), 0.9), km(11.5)); // 11.25, not 11.249999…
        assert_eq!(amount(km(16.0), 0.8), km(13.0)); // 12.8
        assert_eq!(amount(km(15.0), 0.8), km(12.0));
        assert_eq!(amount(km(21.0), 1.1), km(23.0)); // 23.1
    }

    #[test]
    fn miles_round_to_the_quarter_metres_to_100() {
        let mi = |x: f64| Amount::Distance {
            lo: x * METRES_PER_MILE,
            hi: x * METRES_PER_MILE,
            unit: DistanceUnit::Mi,
        };
        assert_eq!(amount(mi(10.0), 0.8), mi(8.0));
        assert_eq!(amount(mi(5.0), 0.85), mi(4.25)); // 4.25
        assert_eq!(amount(mi(5.0), 0.875), mi(4.5)); // 4.375: the half of a quarter, up
        let m = |x: f64| Amount::Distance {
            lo: x,
            hi: x,
            unit: DistanceUnit::M,
        };
        assert_eq!(amount(m(800.0), 0.8), m(600.0)); // 640
        assert_eq!(amount(m(800.0), 0.8125), m(700.0)); // 650
    }

    #[test]
    fn minutes_round_to_five_halves_up() {
        assert_eq!(amount(minutes(45.0), 0.8), minutes(35.0)); // 36
        assert_eq!(amount(minutes(50.0), 0.75), minutes(40.0)); // 37.5
        assert_eq!(amount(minutes(50.0), 0.74), minutes(35.0)); // 37
        assert_eq!(amount(minutes(90.0), 0.8), minutes(70.0)); // 72
    }

    #[test]
    fn never_below_one_step() {
        assert_eq!(amount(km(2.0), 0.1), km(0.5));
        assert_eq!(amount(minutes(10.0), 0.25), minutes(5.0));
        assert_eq!(repeats(2, 0.25), 1);
    }

    #[test]
    fn ranges_scale_at_both_ends() {
        let r = Amount::Distance {
            lo: 8000.0,
            hi: 10_000.0,
            unit: DistanceUnit::Km,
        };
        assert_eq!(
            amount(r, 0.8),
            Amount::Distance {
                lo: 6500.0,
                hi: 8000.0,
                unit: DistanceUnit::Km
            }
        );
    }

    #[test]
    fn repeat_counts_round_halves_up() {
        assert_eq!(repeats(6, 0.8), 5); // 4.8
        assert_eq!(repeats(5, 0.9), 5); // 4.5
        assert_eq!(repeats(5, 0.89), 4); // 4.45
        assert_eq!(repeats(8, 1.2), 10); // 9.6
    }

    #[test]
    fn runs_scale_everything_else_stays() {
        assert_eq!(scaled("long 16km @easy", 0.8), "long 13km @easy");
        assert_eq!(scaled("easy 45min", 0.8), "easy 35min");
        assert_eq!(scaled("rest", 0.5), "rest");
        assert_eq!(
            scaled("rest | cross 40min bike @RPE3", 0.5),
            "rest | cross 40min bike @RPE3"
        );
        assert_eq!(scaled("strength 30min", 0.5), "strength 30min");
        assert_eq!(scaled("race half", 0.5), "race half");
        assert_eq!(scaled("race 10km @RPE9", 0.5), "race 10km @RPE9");
    }

    #[test]
    fn intervals_scale_their_repeats_not_their_reps() {
        assert_eq!(
            scaled("intervals 2km wu + 6x(1km @5K / 400m jog) + 2km cd", 0.8),
            "intervals 2km wu + 5x(1km @5K / 400m jog) + 2km cd"
        );
        // A continuous block of volume scales; a short pick-up stays.
        assert_eq!(
            scaled("threshold 2km wu + 20min @T + 2km cd", 0.8),
            "threshold 2km wu + 15min @T + 2km cd"
        );
        assert_eq!(
            scaled("easy 6km @easy + 6x20s strides", 0.8),
            "easy 5km @easy + 5x(20s strides)"
        );
        assert_eq!(
            scaled("fartlek 5km + 400m @5K + 3km", 0.5),
            "fartlek 2.5km + 400m @5K + 1.5km"
        );
    }
}
