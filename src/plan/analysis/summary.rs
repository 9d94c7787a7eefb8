//! The plan's summary: weekly averages, cut-back cadence, peak load and the taper.

use super::*;

pub(super) fn plan_summary(plan: &Plan, weeks: &[WeekNote], flat: &[Flat]) -> PlanSummary {
    let mut s = PlanSummary {
        weekly_load: weeks.iter().map(|w| w.summary.load).collect(),
        weekly_distance: weeks.iter().map(|w| w.summary.distance).collect(),
        total_distance: weeks.iter().map(|w| w.summary.distance).sum(),
        total_duration: weeks.iter().map(|w| w.summary.duration).sum(),
        level: plan.level,
        ..PlanSummary::default()
    };
    if !weeks.is_empty() {
        s.rest_days_per_week = weeks
            .iter()
            .map(|w| w.summary.rest_days as f64)
            .sum::<f64>()
            / weeks.len() as f64;
    }
    for (i, w) in weeks.iter().enumerate() {
        let lighter = i > 0
            && weeks[i - 1].summary.load > 0.0
            && w.summary.load <= 0.85 * weeks[i - 1].summary.load;
        if plan.weeks[i].deload || lighter {
            s.cutback_weeks.push(w.n);
        }
    }
    let gaps: Vec<usize> = s.cutback_weeks.windows(2).map(|w| w[1] - w[0]).collect();
    if !gaps.is_empty() && gaps.iter().all(|g| *g == gaps[0]) {
        s.cutback_cadence = Some(format!("every {} weeks", gaps[0]));
    } else if s.cutback_weeks.len() == 1 {
        s.cutback_cadence = Some(format!("once, in week {}", s.cutback_weeks[0]));
    }

    // Peak three-week average load, before the final three weeks when the plan is long enough.
    // Training load per week, race days left out: the race is the goal, not part of the taper.
    let training: Vec<f64> = flat
        .chunks(7)
        .map(|w| w.iter().filter(|d| !d.race).map(|d| d.note.load).sum())
        .collect();
    let loads = &training;
    // The taper is the last two weeks: the peak is measured on the weeks before them.
    let upto = if loads.len() >= 5 {
        loads.len() - 2
    } else {
        loads.len()
    };
    s.peak_three_week_load = loads[..upto]
        .windows(3)
        .map(|w| w.iter().sum::<f64>() / 3.0)
        .fold(0.0, f64::max);
    let peak = s.peak_three_week_load;
    if peak > 0.0 && loads.len() >= 6 {
        for (i, load) in loads.iter().enumerate().skip(loads.len() - 3) {
            s.taper.push(TaperWeek {
                week: i + 1,
                reduction: 100.0 * (1.0 - load / peak),
            });
        }
    }
    s
}
