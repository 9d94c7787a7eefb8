//! The taper, judged by the meta-analyses (Bosquet et al. 2007; Mujika & Padilla 2003): about
//! two weeks, running volume cut by 41–60 %, intensity and frequency kept. And the long run's
//! share of its week (Daniels). Each rule is one function adding findings; the numbers the
//! rules judge are kept in [`TaperCheck`] for the plan summary.

use serde::Serialize;

use super::rules::{at, finding};
use super::{Badge, Code, Finding, Flat, Level, Limits, Plan, Severity, WeekNote};

/// What the taper rules looked at: the 14 days before the goal race against the peak weeks.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct TaperCheck {
    /// The week the 14 days start in.
    pub first_week: usize,
    /// The race week.
    pub race_week: usize,
    /// The peak three weeks (first and last), before the final two weeks.
    pub peak_weeks: (usize, usize),
    /// Running distance of the 14 days, metres.
    pub distance: f64,
    /// Average weekly running distance of the peak three weeks, metres.
    pub peak_distance: f64,
    /// Cut in running volume, percent (negative: more than the peak).
    pub volume_cut: f64,
    /// Training sessions a week in the 14 days.
    pub sessions_per_week: f64,
    /// Training sessions a week in the peak three weeks.
    pub peak_sessions_per_week: f64,
    /// The last session at the taper-intensity effort in the 10 days before the race, as
    /// (week, weekday).
    pub last_intense: Option<(usize, usize)>,
    /// Whether the peak weeks hold such a session: intensity to keep.
    pub peak_intense: bool,
}

/// Training sessions on a day: the primary option of every session that is not rest, walk or
/// mobility, and not the race.
fn sessions(plan: &Plan, f: &Flat) -> usize {
    plan.weeks[f.week - 1].days[f.weekday]
        .sessions
        .iter()
        .filter(|s| {
            let k = s.primary().kind;
            !k.is_restful() && k != super::SessionType::Race
        })
        .count()
}

/// Whether a day holds a session other than the race at `rpe` or above: its effort or any
/// block's (`easy 5km + 1km @RPE8`).
fn intense(plan: &Plan, f: &Flat, rpe: f64) -> bool {
    let day = &plan.weeks[f.week - 1].days[f.weekday];
    day.sessions.iter().zip(&f.note.sessions).any(|(s, t)| {
        s.primary().kind != super::SessionType::Race && (t.rpe >= rpe || t.peak_rpe >= rpe)
    })
}

/// The numbers of the taper check, when the plan has a goal race at least 14 days in and six
/// weeks or more.
pub(super) fn check(plan: &Plan, limits: &Limits, flat: &[Flat]) -> Option<TaperCheck> {
    let race = flat.iter().rposition(|f| f.race)?;
    if race < 14 || plan.weeks.len() < 6 {
        return None;
    }
    let weekly: Vec<f64> = flat
        .chunks(7)
        .map(|w| w.iter().filter(|d| !d.race).map(|d| d.note.distance).sum())
        .collect();
    let upto = weekly.len() - 2;
    let (start, peak) = weekly[..upto]
        .windows(3)
        .map(|w| w.iter().sum::<f64>() / 3.0)
        .enumerate()
        .fold(
            (0, 0.0),
            |best, (i, x)| if x > best.1 { (i, x) } else { best },
        );
    if peak <= 0.0 {
        return None;
    }
    let last14 = &flat[race - 14..race];
    let distance: f64 = last14.iter().map(|f| f.note.distance).sum();
    let peak_days = &flat[start * 7..(start + 3) * 7];
    let count = |days: &[Flat]| days.iter().map(|f| sessions(plan, f)).sum::<usize>() as f64;
    let last_intense = flat[race - 10..race]
        .iter()
        .rev()
        .find(|f| intense(plan, f, limits.taper_intensity_rpe))
        .map(|f| (f.week, f.weekday));
    Some(TaperCheck {
        first_week: last14[0].week,
        race_week: flat[race].week,
        peak_weeks: (start + 1, start + 3),
        distance,
        peak_distance: peak,
        volume_cut: 100.0 * (1.0 - distance / (2.0 * peak)),
        sessions_per_week: count(last14) / 2.0,
        peak_sessions_per_week: count(peak_days) / 3.0,
        last_intense,
        peak_intense: peak_days
            .iter()
            .any(|f| intense(plan, f, limits.taper_intensity_rpe)),
    })
}

/// `taper-volume`, `taper-intensity` and `taper-frequency` on the taper check.
pub(super) fn taper_findings(plan: &Plan, limits: &Limits, t: &TaperCheck, out: &mut Vec<Finding>) {
    let d = |m: f64| crate::plan::units::human_distance(m, plan.units);
    let compared = format!(
        "the 14 days before the race run {} against {} a week in the peak weeks {} to {}",
        d(t.distance),
        d(t.peak_distance),
        t.peak_weeks.0,
        t.peak_weeks.1
    );
    let cut = t.volume_cut;
    let volume = if cut < limits.taper_volume_cut {
        Some((
            Severity::Guideline,
            format!(
                "The taper cuts running volume by only {:.0} % ({compared}); tapers that cut volume by 41–60 % over about two weeks gave the best race results.",
                cut.max(0.0)
            ),
        ))
    } else if cut < limits.taper_volume_best {
        Some((
            Severity::Note,
            format!(
                "The taper cuts running volume by {cut:.0} % ({compared}); 41–60 % is the best-supported range."
            ),
        ))
    } else if cut > limits.taper_volume_max {
        Some((
            Severity::Note,
            format!(
                "The taper cuts running volume by {cut:.0} % ({compared}); cuts beyond about 90 % risk losing some of the fitness the plan built."
            ),
        ))
    } else {
        None
    };
    if let Some((sev, msg)) = volume {
        out.push(finding(Code::TaperVolume, sev, t.race_week, None, msg));
    }
    if t.last_intense.is_none() && t.peak_intense {
        out.push(finding(
            Code::TaperIntensity,
            Severity::Guideline,
            t.race_week,
            None,
            format!(
                "No session at RPE {} or above in the 10 days before the race: tapers that keep some intensity while volume drops kept the training adaptations best.",
                crate::plan::units::num(limits.taper_intensity_rpe)
            ),
        ));
    }
    if t.peak_sessions_per_week > 0.0 {
        let drop = 100.0 * (1.0 - t.sessions_per_week / t.peak_sessions_per_week);
        if drop > limits.taper_frequency_drop {
            out.push(finding(
                Code::TaperFrequency,
                Severity::Note,
                t.race_week,
                None,
                format!(
                    "The taper has {} training sessions a week against {} in the peak weeks {} to {} ({drop:.0} % fewer); keeping about 80 % of the usual sessions is the common advice, though cutting frequency was not clearly worse.",
                    crate::plan::units::num(t.sessions_per_week),
                    crate::plan::units::num((t.peak_sessions_per_week * 10.0).round() / 10.0),
                    t.peak_weeks.0,
                    t.peak_weeks.1
                ),
            ));
        }
    }
}

/// `long-run-share`: a long run above 30 % of its week's running distance (35 % for novices),
/// race weeks exempt; consecutive weeks are one finding.
pub(super) fn long_run_share(
    plan: &Plan,
    limits: &Limits,
    weeks: &[WeekNote],
    flat: &[Flat],
    out: &mut Vec<Finding>,
) {
    let limit = limits.long_run_share.unwrap_or(match plan.level {
        Level::Novice => 35.0,
        _ => 30.0,
    });
    let mut run: Vec<(usize, f64)> = Vec::new();
    let flush = |run: &mut Vec<(usize, f64)>, out: &mut Vec<Finding>| {
        let Some(&(first, share)) = run.first() else {
            return;
        };
        let f = &flat[first];
        let msg = if run.len() == 1 {
            format!(
                "The long run on {} is {share:.0} % of the week's running distance (above {limit:.0} %): a week that leans this much on one run makes it the week's biggest stress.",
                at(f)
            )
        } else {
            let weeks: Vec<String> = run.iter().map(|r| flat[r.0].week.to_string()).collect();
            let hi = run.iter().map(|r| r.1).fold(0.0, f64::max);
            format!(
                "The long run is more than {limit:.0} % of its week's running distance in weeks {} (up to {hi:.0} %): weeks that lean this much on one run make it the biggest stress; more or longer easy runs around it spread the load.",
                super::rules::list(&weeks)
            )
        };
        let mut fd = finding(
            Code::LongRunShare,
            Severity::Guideline,
            f.week,
            Some(f.weekday),
            msg,
        );
        fd.also = run[1..]
            .iter()
            .map(|r| (flat[r.0].week, Some(flat[r.0].weekday)))
            .collect();
        out.push(fd);
        run.clear();
    };
    for (wi, w) in weeks.iter().enumerate() {
        let days = &flat[wi * 7..wi * 7 + 7];
        if days.iter().any(|d| d.race) || w.summary.distance <= 0.0 {
            flush(&mut run, out);
            continue;
        }
        let long = days
            .iter()
            .enumerate()
            .filter(|(_, d)| d.note.badge == Badge::Long || d.note.badge == Badge::CoachsChoice)
            .filter(|(_, d)| {
                let day = &plan.weeks[d.week - 1].days[d.weekday];
                day.sessions
                    .iter()
                    .any(|s| s.primary().kind == super::SessionType::Long)
            })
            .map(|(i, d)| (wi * 7 + i, 100.0 * d.note.distance / w.summary.distance))
            .fold(None, |best: Option<(usize, f64)>, x| match best {
                Some(b) if b.1 >= x.1 => Some(b),
                _ => Some(x),
            });
        match long {
            Some((i, share)) if share > limit => run.push((i, share)),
            _ => flush(&mut run, out),
        }
    }
    flush(&mut run, out);
}

#[cfg(test)]
mod tests {
    //! The boundaries, with small plans: see analysis/mod.rs's tests for the helpers' style.
    use super::super::*;
    use crate::plan::load::load;
    use crate::plan::units::Units;
    use std::path::Path;

    fn analyse_weeks(level: &str, head: &str, weeks: &[String]) -> Analysis {
        let mut s = format!("title: T\nlevel: {level}\n{head}weeks:\n");
        for w in weeks {
            s.push_str("  - days:\n");
            for (d, v) in ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
                .iter()
                .zip(w.split(" , "))
            {
                s.push_str(&format!("      {d}: '{}'\n", v.trim()));
            }
        }
        let l = load(Path::new("p.yaml"), &s, "plans", Units::Km);
        let plan = l.plan.unwrap_or_else(|| panic!("{:#?}", l.diagnostics));
        analyse(&plan, &RecoveryOverrides::default())
    }

    fn fired(a: &Analysis, code: Code) -> Vec<(Severity, usize)> {
        a.findings
            .iter()
            .filter(|f| f.code == code && f.acknowledged.is_none())
            .map(|f| (f.severity, f.week))
            .collect()
    }

    /// Six build weeks of 40 km (easy 10 + tempo 10 + easy 8 + long 12 on Saturday), then two
    /// weeks with `taper_km` in each (the same four sessions scaled), the race on the last
    /// Sunday: the 14 days before it are weeks 7 and 8 (and week 6's rest Sunday).
    fn plan_with_taper(taper_km: f64) -> Vec<String> {
        let build = "rest , easy 10km , tempo 10km @RPE7 , easy 8km , rest , long 12km , rest";
        let k = taper_km / 40.0;
        let n = |x: f64| format!("{:.2}", x * k);
        let taper = format!(
            "rest , easy {}km , tempo {}km @RPE7 , easy {}km , rest , long {}km , rest",
            n(10.0),
            n(10.0),
            n(8.0),
            n(12.0)
        );
        let race = format!(
            "rest , easy {}km , tempo {}km @RPE7 , easy {}km , rest , easy {}km , race 10km",
            n(10.0),
            n(10.0),
            n(8.0),
            n(12.0)
        );
        let mut w = vec![build.to_string(); 6];
        w.push(taper);
        w.push(race);
        w
    }

    #[test]
    fn taper_volume_bands_at_their_boundaries() {
        for (km, want) in [
            (30.4, vec![(Severity::Guideline, 8)]), // a 24 % cut
            (29.6, vec![(Severity::Note, 8)]),      // 26 %
            (24.4, vec![(Severity::Note, 8)]),      // 39 %
            (23.6, vec![]),                         // 41 %
            (4.4, vec![]),                          // 89 %
            (3.6, vec![(Severity::Note, 8)]),       // 91 %
        ] {
            let a = analyse_weeks("intermediate", "", &plan_with_taper(km));
            assert_eq!(fired(&a, Code::TaperVolume), want, "{km} km a week");
        }
    }

    #[test]
    fn taper_intensity_wants_a_hard_session_in_the_last_ten_days() {
        let mut w = plan_with_taper(20.0);
        let a = analyse_weeks("intermediate", "", &w);
        assert_eq!(fired(&a, Code::TaperIntensity), vec![]);
        // Without the race week's tempo (4 days out) only week 7's Wednesday is left, 11 days
        // out: too early.
        w[7] = "rest , easy 5km , easy 4km , easy 4km , rest , easy 3km , race 10km".into();
        let a = analyse_weeks("intermediate", "", &w);
        assert_eq!(
            fired(&a, Code::TaperIntensity),
            vec![(Severity::Guideline, 8)]
        );
        // RPE 6 is not intense enough; a tempo 10 days out (week 7 Thursday) counts.
        w[6] = "rest , easy 5km , easy 5km , easy 4km @RPE6 , rest , long 6km , rest".into();
        let a = analyse_weeks("intermediate", "", &w);
        assert_eq!(
            fired(&a, Code::TaperIntensity),
            vec![(Severity::Guideline, 8)]
        );
        w[6] = "rest , easy 5km , easy 5km , tempo 4km @RPE7 , rest , long 6km , rest".into();
        let a = analyse_weeks("intermediate", "", &w);
        assert_eq!(fired(&a, Code::TaperIntensity), vec![]);
        assert_eq!(
            a.summary.taper_check.as_ref().unwrap().last_intense,
            Some((7, 3))
        );
        // A hard block in an easy run counts too.
        w[6] = "rest , easy 5km , easy 5km , easy 3km + 1km @RPE8 , rest , long 6km , rest".into();
        let a = analyse_weeks("intermediate", "", &w);
        assert_eq!(fired(&a, Code::TaperIntensity), vec![]);
    }

    #[test]
    fn a_plan_without_intensity_has_none_to_keep() {
        let easy = "rest , easy 10km , easy 10km , easy 8km , rest , long 12km , rest";
        let mut w = vec![easy.to_string(); 7];
        w.push("rest , easy 5km , easy 4km , easy 4km , rest , easy 3km , race 10km".into());
        let a = analyse_weeks("intermediate", "", &w);
        assert_eq!(fired(&a, Code::TaperIntensity), vec![]);
    }

    #[test]
    fn taper_frequency_counts_sessions() {
        // Peak: 4 sessions a week. 7 in the two taper weeks (3.5 a week, 12.5 % fewer) is
        // fine; 6 (3 a week, 25 % fewer) is a note.
        let mut w = plan_with_taper(20.0);
        w[6] = "rest , easy 5km , tempo 5km @RPE7 , easy 4km , rest , long 6km , rest".into();
        w[7] = "rest , easy 5km , tempo 5km @RPE7 , rest , rest , easy 3km , race 10km".into();
        let a = analyse_weeks("intermediate", "", &w);
        assert_eq!(fired(&a, Code::TaperFrequency), vec![]);
        w[6] = "rest , easy 5km , tempo 5km @RPE7 , rest , rest , long 6km , rest".into();
        let a = analyse_weeks("intermediate", "", &w);
        assert_eq!(fired(&a, Code::TaperFrequency), vec![(Severity::Note, 8)]);
    }

    #[test]
    fn long_run_share_by_level_with_race_weeks_exempt() {
        // 10 + 10 + 8 = 28 km besides the long run: 12 km is 30 % of 40 (not above), 12.5 km
        // is 30.9 %; for a novice 35 % is the limit: 15 km (34.9 %) fine, 15.5 km (35.6 %) not.
        let week = |long: &str| {
            format!("rest , easy 10km , tempo 10km @RPE7 , easy 8km , rest , rest , long {long}")
        };
        let plan = |long: &str| vec![week("12km"), week(long), week("12km")];
        let a = analyse_weeks("intermediate", "", &plan("12km"));
        assert_eq!(fired(&a, Code::LongRunShare), vec![]);
        let a = analyse_weeks("intermediate", "", &plan("12.5km"));
        assert_eq!(
            fired(&a, Code::LongRunShare),
            vec![(Severity::Guideline, 2)]
        );
        let a = analyse_weeks("novice", "", &plan("15km"));
        assert_eq!(fired(&a, Code::LongRunShare), vec![]);
        let a = analyse_weeks("novice", "", &plan("15.5km"));
        assert_eq!(
            fired(&a, Code::LongRunShare),
            vec![(Severity::Guideline, 2)]
        );
        // The threshold is `recovery: { long_run_share }`; consecutive weeks are one finding.
        let a = analyse_weeks(
            "novice",
            "recovery: { long_run_share: 25 }\n",
            &plan("12km"),
        );
        assert_eq!(
            fired(&a, Code::LongRunShare),
            vec![(Severity::Guideline, 1)]
        );
        // A race week is exempt.
        let a = analyse_weeks(
            "intermediate",
            "",
            &["rest , easy 5km , rest , easy 5km , rest , race 5km , long 20km".into()],
        );
        assert_eq!(fired(&a, Code::LongRunShare), vec![]);
    }
}
