//! The rules: each looks at the flattened days or the week summaries and adds its findings.

use super::*;

pub(super) fn at(f: &Flat) -> String {
    format!("week {} {}", f.week, WEEKDAY_NAMES[f.weekday])
}

pub(super) fn finding(
    code: Code,
    severity: Severity,
    week: usize,
    weekday: Option<usize>,
    message: String,
) -> Finding {
    Finding {
        code,
        severity,
        week,
        weekday,
        message,
        evidence: code.evidence(),
        acknowledged: None,
    }
}

pub(super) fn rest_gap(level: Level, limits: &Limits, flat: &[Flat], out: &mut Vec<Finding>) {
    let mut run = 0usize;
    let mut start = 0usize;
    let flush = |run: usize, start: usize, out: &mut Vec<Finding>| {
        if run > limits.max_days_without_rest {
            let mut sev = match level {
                Level::Novice => Severity::Warning,
                Level::Intermediate => Severity::Caution,
                Level::Advanced => Severity::Note,
            };
            if run > 13 {
                sev = sev.max(Severity::Caution);
            }
            let f = &flat[start + limits.max_days_without_rest];
            out.push(finding(
                Code::RestGap,
                sev,
                f.week,
                Some(f.weekday),
                format!(
                    "{run} days in a row without a rest-like day ({} to {}); long runs of training without rest are associated with accumulated fatigue ({} level assumed).",
                    at(&flat[start]),
                    at(&flat[start + run - 1]),
                    level.name()
                ),
            ));
        }
    };
    for (i, f) in flat.iter().enumerate() {
        if f.note.rest_like {
            flush(run, start, out);
            run = 0;
        } else {
            if run == 0 {
                start = i;
            }
            run += 1;
        }
    }
    flush(run, start, out);
}

pub(super) fn hard_days(flat: &[Flat], out: &mut Vec<Finding>) {
    let mut run = 0;
    for i in 0..flat.len() {
        if flat[i].note.hard {
            run += 1;
            if run == 2 || run == 3 {
                let f = &flat[i];
                let sev = if run == 3 {
                    Severity::Warning
                } else {
                    Severity::Caution
                };
                let msg = if run == 3 {
                    format!(
                        "Three hard days in a row ending {}: stacked hard days are associated with incomplete recovery between sessions.",
                        at(f)
                    )
                } else {
                    format!(
                        "Hard days back to back ({} and {}): a hard session on tired legs is associated with poorer quality and more fatigue.",
                        at(&flat[i - 1]),
                        WEEKDAY_NAMES[f.weekday]
                    )
                };
                if run == 3 {
                    // Replace the pair's caution with one warning for the whole run.
                    out.retain(|x| {
                        !(x.code == Code::HardBackToBack
                            && x.week == flat[i - 1].week
                            && x.weekday == Some(flat[i - 1].weekday))
                    });
                }
                out.push(finding(
                    Code::HardBackToBack,
                    sev,
                    f.week,
                    Some(f.weekday),
                    msg,
                ));
            }
        } else {
            run = 0;
        }
        if flat[i].race && i > 0 && flat[i - 1].note.hard && !flat[i - 1].race {
            let f = &flat[i - 1];
            out.push(finding(Code::HardBeforeRace, Severity::Caution, f.week, Some(f.weekday), format!("A hard day the day before the race ({}): racing on tired legs is associated with worse performance.", at(f))));
        }
    }
}

pub(super) fn long_run_spikes(plan: &Plan, limits: &Limits, flat: &[Flat], out: &mut Vec<Finding>) {
    let baseline = plan.baseline.longest_run;
    for i in 0..flat.len() {
        let run = flat[i].longest_run;
        if run <= 0.0 || flat[i].race {
            continue;
        }
        let window_start = i.saturating_sub(30);
        let mut longest = flat[window_start..i]
            .iter()
            .map(|f| f.longest_run)
            .fold(0.0, f64::max);
        if i < 30 {
            match baseline {
                Some(b) => longest = longest.max(b),
                None if flat[i].week == 1 => continue,
                None => {}
            }
        }
        if longest <= 0.0 {
            continue;
        }
        let increase = 100.0 * (run - longest) / longest;
        if increase > limits.long_run_increase {
            let sev = if increase > 100.0 {
                Severity::Warning
            } else {
                Severity::Caution
            };
            out.push(finding(
                Code::LongRunSpike,
                sev,
                flat[i].week,
                Some(flat[i].weekday),
                format!(
                    "A {} run on {} is {:.0} % longer than the longest run of the previous 30 days ({}); single-run spikes above {:.0} % were associated with more injuries.",
                    crate::plan::units::human_distance(run, plan.units),
                    at(&flat[i]),
                    increase,
                    crate::plan::units::human_distance(longest, plan.units),
                    limits.long_run_increase
                ),
            ));
        }
    }
}

pub(super) fn easy_not_easy(
    plan: &Plan,
    resolver: &Resolver,
    flat: &[Flat],
    out: &mut Vec<Finding>,
) {
    let easy_fastest = resolver.easy_fastest();
    for f in flat {
        let day = &plan.weeks[f.week - 1].days[f.weekday];
        for s in &day.sessions {
            let w = s.primary();
            if !matches!(
                w.kind,
                SessionType::Easy | SessionType::Recovery | SessionType::Long
            ) {
                continue;
            }
            let rpe = w
                .rpe
                .map(|(lo, hi)| (lo + hi) / 2.0)
                .or_else(|| w.target.as_ref().and_then(|t| resolver.target_rpe(t)));
            let too_hard = rpe.is_some_and(|r| r >= 5.0);
            let too_fast = match (
                easy_fastest,
                w.target.as_ref().and_then(|t| resolver.target_fastest(t)),
            ) {
                (Some(easy), Some(t)) => t < easy - 0.5,
                _ => false,
            };
            if too_hard || too_fast {
                let why = if too_hard {
                    format!("at RPE {}", crate::plan::units::num(rpe.unwrap_or(0.0)))
                } else {
                    "faster than the plan's easy pace".to_string()
                };
                out.push(finding(Code::EasyNotEasy, Severity::Guideline, f.week, Some(f.weekday), format!("The {} on {} is {why}: easy days that are not easy are associated with less recovery for the key sessions.", w.kind.label().to_lowercase(), at(f))));
            }
        }
    }
}

pub(super) fn week_findings(
    plan: &Plan,
    limits: &Limits,
    weeks: &[WeekNote],
    out: &mut Vec<Finding>,
) {
    let mut streak = 0;
    for (i, w) in weeks.iter().enumerate() {
        let s = &w.summary;
        let pw = &plan.weeks[i];
        // volume-jump: training distance (race days left out) vs the previous week, or the week
        // before a cut-back week when returning from one.
        let training = |k: usize| {
            weeks[k]
                .days
                .iter()
                .filter(|d| d.badge != Badge::Race)
                .map(|d| d.distance)
                .sum::<f64>()
        };
        let reference = if i == 0 {
            plan.baseline.weekly
        } else if plan.weeks[i - 1].deload && i >= 2 {
            Some(training(i - 2).max(training(i - 1)))
        } else {
            Some(training(i - 1))
        };
        let now = training(i);
        if let Some(r) = reference.filter(|r| *r > 0.0) {
            let up = 100.0 * (now - r) / r;
            if up > limits.weekly_increase {
                out.push(finding(Code::VolumeJump, Severity::Guideline, w.n, None, format!("Week {} raises running distance {:.0} % over the week before ({} → {}); the “10 % rule” is a convention with weak evidence, but large jumps were associated with injury in novices.", w.n, up, crate::plan::units::human_distance(r, plan.units), crate::plan::units::human_distance(now, plan.units))));
            }
        }
        if s.monotony > limits.monotony {
            out.push(finding(Code::Monotony, Severity::Guideline, w.n, None, format!("Week {} has a training monotony of {:.2} (above {:.1}): days too alike in load are associated with illness and overreaching.", w.n, s.monotony, limits.monotony)));
        } else if s.monotony > 1.5 {
            out.push(finding(Code::Monotony, Severity::Note, w.n, None, format!("Week {} has a training monotony of {:.2} (above 1.5): more contrast between hard and easy days helps recovery.", w.n, s.monotony)));
        }
        if i > 0 {
            let prev = weeks[i - 1].summary.load;
            if pw.deload && prev > 0.0 && s.load > 0.85 * prev {
                out.push(finding(Code::DeloadNotLighter, Severity::Caution, w.n, None, format!("Week {} is marked as a cut-back week but keeps {:.0} % of the previous week's load; a cut-back of less than 15 % is associated with little recovery.", w.n, 100.0 * s.load / prev)));
            }
            if prev > 0.0 && s.load >= 0.95 * prev {
                streak += 1;
                if streak == 4 {
                    out.push(finding(Code::NoCutback, Severity::Guideline, w.n, None, format!("Weeks {} to {} each hold or raise the load with no lighter week; four or more weeks without a cut-back are associated with accumulated fatigue.", w.n - 3, w.n)));
                }
            } else {
                streak = 0;
            }
        }
    }

    // intensity-balance over any four consecutive weeks, leaving out taper and race weeks.
    let eligible: Vec<usize> = (0..weeks.len())
        .filter(|&i| {
            let week = &plan.weeks[i];
            !week.is_phase("taper")
                && !week.is_phase("race")
                && !weeks[i].days.iter().any(|d| d.badge == Badge::Race)
        })
        .collect();
    let mut flagged = false;
    for win in eligible.windows(4) {
        if win[3] - win[0] != 3 {
            flagged = false;
            continue;
        }
        let mut t = [0.0; 3];
        for &i in win {
            for (acc, x) in t.iter_mut().zip(weeks[i].summary.intensity) {
                *acc += x;
            }
        }
        let total: f64 = t.iter().sum();
        if total <= 0.0 {
            continue;
        }
        let low = 100.0 * t[0] / total;
        if low < limits.low_share {
            if !flagged {
                out.push(finding(Code::IntensityBalance, Severity::Guideline, win[3] + 1, None, format!("Weeks {} to {} spend {:.0} % of the time at low intensity (RPE ≤ 4), under {:.0} %; polarised or pyramidal plans with more easy time are associated with better endurance gains.", win[0] + 1, win[3] + 1, low, limits.low_share)));
            }
            flagged = true;
        } else {
            flagged = false;
        }
    }
}
