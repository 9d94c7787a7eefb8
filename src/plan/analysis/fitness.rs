//! Fitness, fatigue and form over the plan: the impulse-response model (Banister 1975) as
//! Coggan's CTL/ATL/TSB and the tools coaches use (TrainingPeaks' Performance Manager,
//! intervals.icu) compute it, from the plan's planned daily load.
//!
//! `CTL_t = CTL_{t-1} + (load_t − CTL_{t-1}) / 42`, `ATL_t` the same with 7, and form
//! `TSB_t = CTL_{t-1} − ATL_{t-1}` (the morning of day t, before its training). Both start at
//! the plan's starting level: `athlete.baseline.weekly_load` ÷ 7 when the plan gives it, else
//! week 1's average daily load (the plan starts "in balance", form 0).
//!
//! The units are planned load (session RPE × minutes), not TSS, and the model describes the
//! plan's shape, not a prediction of the athlete: it never saw a workout done.

use serde::Serialize;

use super::rules::finding;
use super::{Code, Finding, Flat, Limits, Plan, Severity};

/// What the numbers are, said wherever they are shown.
pub const FITNESS_UNITS: &str = "planned-load (sRPE) units, not TSS; the model describes the plan's shape, not a prediction of the athlete";

/// Days over which fitness (chronic load) is averaged.
pub const FITNESS_DAYS: f64 = 42.0;
/// Days over which fatigue (acute load) is averaged.
pub const FATIGUE_DAYS: f64 = 7.0;

/// One day of the model, in planned-load units per day.
#[derive(Debug, Clone, Copy, Serialize, PartialEq, Default)]
pub struct FitnessDay {
    /// Fitness (CTL) at the end of the day.
    pub ctl: f64,
    /// Fatigue (ATL) at the end of the day.
    pub atl: f64,
    /// Form (TSB) in the morning: yesterday's fitness minus yesterday's fatigue.
    pub tsb: f64,
}

/// Where the model's starting level came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum FitnessStart {
    /// `athlete.baseline.weekly_load` ÷ 7.
    Baseline,
    /// Week 1's average daily load.
    WeekOne,
}

/// The model over the whole plan.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Fitness {
    /// Fitness and fatigue before day 1.
    pub start: f64,
    /// Where `start` came from.
    pub start_from: FitnessStart,
    /// One per day of the plan, Monday of week 1 first.
    pub days: Vec<FitnessDay>,
    /// Index into `days` of the goal race (the plan's last race).
    pub race_day: Option<usize>,
}

impl Fitness {
    /// Form on the morning of the goal race.
    pub fn race_form(&self) -> Option<f64> {
        self.race_day.and_then(|i| self.days.get(i)).map(|d| d.tsb)
    }
}

/// The model from daily loads, both averages starting at `start`.
pub fn model(daily: &[f64], start: f64) -> Vec<FitnessDay> {
    let (mut ctl, mut atl) = (start, start);
    daily
        .iter()
        .map(|load| {
            let tsb = ctl - atl;
            ctl += (load - ctl) / FITNESS_DAYS;
            atl += (load - atl) / FATIGUE_DAYS;
            FitnessDay { ctl, atl, tsb }
        })
        .collect()
}

pub(super) fn fitness(plan: &Plan, flat: &[Flat]) -> Fitness {
    let daily: Vec<f64> = flat.iter().map(|f| f.note.load).collect();
    let (start, start_from) = match plan.baseline.weekly_load {
        Some(w) => (w / 7.0, FitnessStart::Baseline),
        None => (
            daily.iter().take(7).sum::<f64>() / 7.0,
            FitnessStart::WeekOne,
        ),
    };
    Fitness {
        start,
        start_from,
        days: model(&daily, start),
        race_day: flat.iter().rposition(|f| f.race),
    }
}

/// `ramp-rate`: fitness rising more than `ramp_rate` % of itself in a week. Consecutive weeks
/// are one finding.
pub(super) fn ramp_rate(limits: &Limits, fit: &Fitness, out: &mut Vec<Finding>) {
    let mut run: Vec<(usize, f64)> = Vec::new();
    let flush = |run: &mut Vec<(usize, f64)>, out: &mut Vec<Finding>| {
        let Some(&(first, _)) = run.first() else {
            return;
        };
        let last = run.last().map_or(first, |r| r.0);
        let top = run.iter().map(|r| r.1).fold(0.0, f64::max);
        let weeks = if first == last {
            format!("Week {first} raises")
        } else {
            format!("Weeks {first} to {last} each raise")
        };
        let mut f = finding(
            Code::RampRate,
            Severity::Guideline,
            first,
            None,
            format!(
                "{weeks} fitness (the 42-day average of planned load) by more than {:.0} % a week (up to {top:.1} %): a steep ramp in planned load, in planned-load units, describing the plan's shape rather than predicting the athlete.",
                limits.ramp_rate
            ),
        );
        f.also = run[1..].iter().map(|r| (r.0, None)).collect();
        out.push(f);
        run.clear();
    };
    let mut before = fit.start;
    for (w, days) in fit.days.chunks(7).enumerate() {
        let end = days.last().map_or(before, |d| d.ctl);
        let up = if before > 0.0 {
            100.0 * (end - before) / before
        } else {
            0.0
        };
        if up > limits.ramp_rate {
            run.push((w + 1, up));
        } else {
            flush(&mut run, out);
        }
        before = end;
    }
    flush(&mut run, out);
}

/// `race-form`: form on the morning of the goal race not above `race_form`.
pub(super) fn race_form(limits: &Limits, fit: &Fitness, flat: &[Flat], out: &mut Vec<Finding>) {
    let (Some(i), Some(tsb)) = (fit.race_day, fit.race_form()) else {
        return;
    };
    if tsb > limits.race_form {
        return;
    }
    let f = &flat[i];
    out.push(finding(
        Code::RaceForm,
        Severity::Note,
        f.week,
        Some(f.weekday),
        format!(
            "Form on race morning is {tsb:+.0} (fitness minus fatigue, in planned-load units, not TSS): the plan arrives at the race with more recent load than its 42-day average; tapers that cut volume let fatigue fall below fitness. A description of the plan's shape, not a prediction."
        ),
    ));
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Three weeks by hand, checked against tests/fitness_reference.py (an independent script):
    /// week 1 Mon rest, Tue 300, Wed 0, Thu 200, Fri 0, Sat 0, Sun 500 (start = 1000 / 7);
    /// week 2 the same ×1.2; week 3 a taper: 100 on Tue, Thu, Sat and nothing else.
    #[test]
    fn hand_computed_fitness_fatigue_and_form() {
        let w1 = [0.0, 300.0, 0.0, 200.0, 0.0, 0.0, 500.0];
        let daily: Vec<f64> = w1
            .iter()
            .copied()
            .chain(w1.iter().map(|x| x * 1.2))
            .chain([0.0, 100.0, 0.0, 100.0, 0.0, 100.0, 0.0])
            .collect();
        let start = 1000.0 / 7.0;
        let m = model(&daily, start);
        let close = |a: f64, b: f64| (a - b).abs() < 0.01;
        // (day index, ctl, atl, tsb) from the reference script.
        for (i, ctl, atl, tsb) in [
            (0, 139.46, 122.45, 0.00),
            (1, 143.28, 147.81, 17.01),
            (6, 143.35, 157.81, 33.87),
            (13, 148.30, 184.74, 21.75),
            (14, 144.77, 158.35, -36.44),
            (20, 131.93, 90.65, 29.39),
        ] {
            let d = m[i];
            assert!(
                close(d.ctl, ctl) && close(d.atl, atl) && close(d.tsb, tsb),
                "day {i}: {d:?} vs ({ctl}, {atl}, {tsb})"
            );
        }
        assert_eq!(m[0].tsb, 0.0, "the plan starts in balance");
    }
}
