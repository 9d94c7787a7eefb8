//! Distance, duration and effort of a workout, with every estimate marked.
//!
//! A distance without a duration gets a duration from its target pace (or the documented
//! per-type default pace), and the other way round; a session without an effort gets the
//! per-type default RPE. Those defaults are the table in the README ("Estimates").

use serde::Serialize;

use super::units::Amount;
use super::{NamedPace, SessionType, Step, StepKind, Target, Workout};

/// The default pace (seconds per km) and effort (CR-10) of each session type, and how long
/// it lasts when the coach gives no amount.
pub fn defaults(kind: SessionType) -> (Option<f64>, f64, f64) {
    // (pace s/km, RPE, minutes when no amount is written)
    match kind {
        SessionType::Rest => (None, 0.0, 0.0),
        SessionType::Walk => (Some(600.0), 1.0, 20.0),
        SessionType::Mobility => (None, 1.0, 10.0),
        SessionType::Recovery => (Some(405.0), 2.0, 30.0),
        SessionType::Easy => (Some(375.0), 3.0, 40.0),
        SessionType::Long => (Some(380.0), 4.0, 90.0),
        SessionType::Tempo => (Some(315.0), 7.0, 45.0),
        SessionType::Threshold => (Some(300.0), 7.0, 50.0),
        SessionType::Intervals => (Some(280.0), 8.0, 50.0),
        SessionType::Hills => (Some(330.0), 7.0, 45.0),
        SessionType::Fartlek => (Some(330.0), 6.0, 45.0),
        SessionType::Race => (Some(300.0), 9.0, 60.0),
        SessionType::Cross => (None, 3.0, 45.0),
        SessionType::Strength => (None, 4.0, 30.0),
    }
}

/// Effort of each heart-rate zone on the CR-10 scale.
pub fn zone_rpe(zone: u8) -> f64 {
    match zone {
        1 => 2.0,
        2 => 3.0,
        3 => 5.0,
        4 => 7.0,
        _ => 9.0,
    }
}

/// What a workout adds up to.
#[derive(Debug, Clone, Copy, Default, Serialize, PartialEq)]
pub struct Totals {
    /// Running distance in metres (0 for non-running types).
    pub distance: f64,
    /// Whether any part of the distance is estimated from a duration.
    pub distance_estimated: bool,
    /// Duration in seconds.
    pub duration: f64,
    /// Whether any part of the duration is estimated from a distance or a default.
    pub duration_estimated: bool,
    /// Session effort, CR-10.
    pub rpe: f64,
    /// Whether the effort is a per-type default rather than written.
    pub rpe_estimated: bool,
    /// Planned load: RPE × minutes (Foster's session RPE).
    pub load: f64,
    /// Seconds at RPE ≤ 4.
    pub low: f64,
    /// Seconds at RPE 5–6.
    pub mid: f64,
    /// Seconds at RPE ≥ 7.
    pub high: f64,
    /// Contains work at a named pace other than easy, at race pace or faster than easy pace.
    pub quality_blocks: bool,
    /// The highest effort of any part (a block, or the whole session), CR-10: a session with
    /// a block at RPE ≥ 6 is hard even when its session effort is lower.
    pub peak_rpe: f64,
}

/// Resolves paces and efforts against the plan's named paces.
pub struct Resolver<'a> {
    /// The plan's named paces.
    pub paces: &'a [NamedPace],
}

impl Resolver<'_> {
    fn named(&self, name: &str) -> Option<&NamedPace> {
        self.paces.iter().find(|p| p.name == name)
    }

    /// The plan's easy pace in s/km: `paces.easy` (or `E`), else the default.
    pub fn easy_pace(&self) -> f64 {
        ["easy", "E", "Easy"]
            .iter()
            .find_map(|n| self.named(n).and_then(|p| p.pace))
            .map(|(lo, hi)| (lo + hi) / 2.0)
            .unwrap_or(375.0)
    }

    /// The slow end of the plan's easy pace, if defined: running faster is not easy.
    pub fn easy_fastest(&self) -> Option<f64> {
        ["easy", "E", "Easy"]
            .iter()
            .find_map(|n| self.named(n).and_then(|p| p.pace))
            .map(|(lo, _)| lo)
    }

    fn target_pace(&self, t: &Target) -> Option<f64> {
        match t {
            Target::Pace { lo, hi, .. } => Some((lo + hi) / 2.0),
            Target::Named { name } => self.named(name)?.pace.map(|(lo, hi)| (lo + hi) / 2.0),
            Target::Zone { zone } => Some(match zone {
                1 | 2 => self.easy_pace(),
                3 => 330.0,
                4 => 300.0,
                _ => 280.0,
            }),
            Target::Rpe { .. } => None,
        }
    }

    /// The fastest pace a target allows, s/km.
    pub fn target_fastest(&self, t: &Target) -> Option<f64> {
        match t {
            Target::Pace { lo, .. } => Some(*lo),
            Target::Named { name } => self.named(name)?.pace.map(|(lo, _)| lo),
            _ => None,
        }
    }

    /// The effort a target implies, if it implies one.
    pub fn target_rpe(&self, t: &Target) -> Option<f64> {
        match t {
            Target::Rpe { lo, hi } => Some((lo + hi) / 2.0),
            Target::Zone { zone } => Some(zone_rpe(*zone)),
            Target::Named { name } => self.named(name)?.rpe,
            Target::Pace { .. } => None,
        }
    }

    fn is_easy_name(name: &str) -> bool {
        matches!(
            name.to_ascii_lowercase().as_str(),
            "easy" | "e" | "recovery" | "rec" | "z1" | "z2"
        )
    }

    /// Whether a target is a quality target (race pace or faster than easy).
    fn is_quality(&self, t: &Target) -> bool {
        match t {
            Target::Named { name } => {
                if Self::is_easy_name(name) {
                    return false;
                }
                let rpe = self.named(name).and_then(|p| p.rpe);
                let fast = match (self.named(name).and_then(|p| p.pace), self.easy_fastest()) {
                    (Some((_, hi)), Some(easy)) => hi < easy,
                    _ => false,
                };
                rpe.is_none_or(|r| r >= 5.0) || fast
            }
            Target::Pace { hi, .. } => *hi < self.easy_fastest().unwrap_or(330.0),
            Target::Zone { zone } => *zone >= 3,
            Target::Rpe { lo, .. } => *lo >= 5.0,
        }
    }

    /// Adds up a workout.
    pub fn totals(&self, w: &Workout) -> Totals {
        let (type_pace, type_rpe, default_minutes) = defaults(w.kind);
        let session_pace = w
            .target
            .as_ref()
            .and_then(|t| self.target_pace(t))
            .or(match w.kind {
                SessionType::Easy | SessionType::Long => Some(self.easy_pace()),
                SessionType::Recovery => Some(self.easy_pace() + 30.0),
                _ => type_pace,
            });
        let explicit_rpe = w.rpe.map(|(lo, hi)| (lo + hi) / 2.0);
        let target_rpe = w.target.as_ref().and_then(|t| self.target_rpe(t));
        let mut t = Totals::default();
        let runs = w.kind.is_run();

        let mut parts: Vec<Part> = Vec::new();
        if !w.steps.is_empty() {
            for s in &w.steps {
                self.step_parts(s, 1.0, w, session_pace, &mut parts);
            }
        } else if let Some(a) = &w.amount {
            parts.push(Part {
                amount: Some(*a),
                pace: session_pace,
                rpe: None,
                quality: false,
            });
        } else if default_minutes > 0.0 {
            parts.push(Part {
                amount: None,
                pace: session_pace,
                rpe: None,
                quality: false,
            });
        }

        let step_rpe_known = !w.steps.is_empty();
        let mut weighted = 0.0;
        for p in &parts {
            let (dist, dur, dist_est, dur_est) = match p.amount {
                Some(Amount::Distance { .. }) => {
                    let d = p.amount.map_or(0.0, |a| a.mid());
                    let pace = p.pace.unwrap_or(type_pace.unwrap_or(375.0));
                    (d, d * pace / 1000.0, false, true)
                }
                Some(Amount::Duration { .. }) => {
                    let s = p.amount.map_or(0.0, |a| a.mid());
                    let d = p.pace.map_or(0.0, |pace| s * 1000.0 / pace);
                    (d, s, true, false)
                }
                None => {
                    let s = default_minutes * 60.0;
                    let d = p.pace.map_or(0.0, |pace| s * 1000.0 / pace);
                    (d, s, true, true)
                }
            };
            if runs {
                t.distance += dist;
                t.distance_estimated |= dist_est && dist > 0.0;
            }
            t.duration += dur;
            t.duration_estimated |= dur_est;
            let part_rpe = p
                .rpe
                .or(explicit_rpe.filter(|_| !step_rpe_known))
                .or(target_rpe.filter(|_| !step_rpe_known))
                .unwrap_or(type_rpe);
            weighted += part_rpe * dur;
            if dur > 0.0 {
                t.peak_rpe = t.peak_rpe.max(part_rpe);
            }
            match bucket(part_rpe) {
                0 => t.low += dur,
                1 => t.mid += dur,
                _ => t.high += dur,
            }
            t.quality_blocks |= p.quality;
        }
        let mean = if t.duration > 0.0 {
            weighted / t.duration
        } else {
            type_rpe
        };
        (t.rpe, t.rpe_estimated) = match (explicit_rpe, target_rpe) {
            (Some(r), _) => (r, false),
            (None, Some(r)) if w.steps.is_empty() => (r, false),
            _ if step_rpe_known => (type_rpe.max(mean), true),
            _ => (type_rpe, true),
        };
        if w.kind == SessionType::Rest {
            t.rpe = explicit_rpe.unwrap_or(0.0);
        }
        if w.steps.is_empty() {
            t.peak_rpe = t.rpe;
        }
        t.load = t.rpe * t.duration / 60.0;
        t
    }

    fn step_parts(
        &self,
        s: &Step,
        times: f64,
        w: &Workout,
        session_pace: Option<f64>,
        out: &mut Vec<Part>,
    ) {
        match s {
            Step::Repeat { times: n, steps } => {
                for inner in steps {
                    self.step_parts(inner, times * f64::from(*n), w, session_pace, out);
                }
            }
            Step::Single {
                kind,
                amount,
                target,
                ..
            } => {
                let easy = self.easy_pace();
                let pace = target
                    .as_ref()
                    .and_then(|t| self.target_pace(t))
                    .or(match kind {
                        StepKind::Warmup | StepKind::Cooldown => Some(easy),
                        StepKind::Recover => Some(easy + 30.0),
                        StepKind::Rest => None,
                        StepKind::Work => session_pace,
                    });
                let rpe = target
                    .as_ref()
                    .and_then(|t| self.target_rpe(t))
                    .or(match kind {
                        StepKind::Warmup | StepKind::Cooldown => Some(3.0),
                        StepKind::Recover => Some(2.0),
                        StepKind::Rest => Some(1.0),
                        StepKind::Work => w
                            .rpe
                            .map(|(lo, hi)| (lo + hi) / 2.0)
                            .or_else(|| w.target.as_ref().and_then(|t| self.target_rpe(t))),
                    });
                let quality =
                    *kind == StepKind::Work && target.as_ref().is_some_and(|t| self.is_quality(t));
                // A step without an amount counts as nothing rather than a default session.
                if let Some(a) = amount {
                    out.push(Part {
                        amount: Some(scale(*a, times)),
                        pace,
                        rpe,
                        quality,
                    });
                }
            }
        }
    }
}

struct Part {
    amount: Option<Amount>,
    pace: Option<f64>,
    rpe: Option<f64>,
    quality: bool,
}

fn scale(a: Amount, times: f64) -> Amount {
    match a {
        Amount::Distance { lo, hi, unit } => Amount::Distance {
            lo: lo * times,
            hi: hi * times,
            unit,
        },
        Amount::Duration { lo, hi } => Amount::Duration {
            lo: lo * times,
            hi: hi * times,
        },
    }
}

/// 0 = low (RPE ≤ 4), 1 = moderate (5–6), 2 = high (≥ 7). Ranges count by their middle.
pub fn bucket(rpe: f64) -> usize {
    if rpe < 4.5 {
        0
    } else if rpe < 6.5 {
        1
    } else {
        2
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plan::test_support::{paces, parse};

    fn totals(s: &str) -> Totals {
        let p = paces();
        Resolver { paces: &p }.totals(&parse(s)[0].options[0])
    }

    #[test]
    fn distance_gets_estimated_duration() {
        let t = totals("tempo 10km @RPE7");
        assert_eq!(t.distance, 10_000.0);
        assert!(!t.distance_estimated);
        assert!(t.duration_estimated);
        assert_eq!(t.duration, 3150.0);
        assert_eq!(t.rpe, 7.0);
        assert_eq!(t.load, 7.0 * 52.5);
    }

    #[test]
    fn duration_gets_estimated_distance() {
        let t = totals("easy 45min @easy");
        assert_eq!(t.duration, 2700.0);
        assert!(t.distance_estimated);
        assert!((t.distance - 2700.0 * 1000.0 / 375.0).abs() < 1e-9);
        assert_eq!(t.rpe, 3.0);
        assert!(!t.rpe_estimated);
    }

    #[test]
    fn structured_session_sums_steps() {
        let t = totals("threshold 2km wu + 3x(8min @T / 2min jog) + 2km cd");
        // 2 km + 2 km at easy 6:15 = 1500 s; 24 min at T; 6 min jog.
        assert!((t.duration - (1500.0 + 1440.0 + 360.0)).abs() < 1e-6);
        assert_eq!(t.high, 1440.0);
        assert!(t.quality_blocks);
        assert!(t.rpe >= 7.0);
    }

    #[test]
    fn rest_has_no_load_and_cross_has_default_effort() {
        assert_eq!(totals("rest").load, 0.0);
        let t = totals("cross 40min bike");
        assert_eq!(t.distance, 0.0);
        assert_eq!(t.rpe, 3.0);
        assert!(t.rpe_estimated);
    }

    #[test]
    fn peak_effort_is_the_hardest_block() {
        let t = totals("easy 5km @RPE3 + 2km @RPE9");
        assert_eq!(t.peak_rpe, 9.0);
        assert!(
            t.rpe < 6.0,
            "the session's mean effort stays moderate: {}",
            t.rpe
        );
        assert_eq!(totals("easy 8km @easy + 6x20s strides").peak_rpe, 3.0);
        assert_eq!(totals("tempo 10km @RPE7").peak_rpe, 7.0);
        assert_eq!(totals("rest").peak_rpe, 0.0);
    }

    #[test]
    fn long_run_with_marathon_pace_block_is_quality() {
        assert!(totals("long 16km @easy + 5km @MP").quality_blocks);
        assert!(!totals("easy 8km @easy + 6x20s strides").quality_blocks);
    }
}
