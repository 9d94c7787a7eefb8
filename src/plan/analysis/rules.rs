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
        also: Vec::new(),
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
                    "{run} days in a row without a rest-like day{} ({} to {}); long runs of training without rest are associated with accumulated fatigue ({} level assumed).",
                    if level == Level::Advanced { " or a day of recovery runs only" } else { "" },
                    at(&flat[start]),
                    at(&flat[start + run - 1]),
                    level.name()
                ),
            ));
        }
    };
    for (i, f) in flat.iter().enumerate() {
        if f.note.rest_like || (level == Level::Advanced && f.recovery_day) {
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

/// `hard-back-to-back`: two hard days in a row are a caution, three a warning; one grade lower
/// for advanced runners, for whom paired quality days are common practice (Mee's high-mileage
/// schedules, "double threshold" days). `hard-before-race` is a caution at every level.
pub(super) fn hard_days(level: Level, flat: &[Flat], out: &mut Vec<Finding>) {
    let mut run = 0;
    for i in 0..flat.len() {
        if flat[i].note.hard {
            run += 1;
            if run == 2 || run == 3 {
                let f = &flat[i];
                let sev = match (run, level) {
                    (3, Level::Advanced) => Severity::Caution,
                    (3, _) => Severity::Warning,
                    (_, Level::Advanced) => Severity::Guideline,
                    _ => Severity::Caution,
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

/// One long run above the longest of the previous 30 days.
struct Spike {
    day: usize,
    run: f64,
    longest: f64,
    increase: f64,
    severity: Severity,
}

/// `long-run-spike`, graded by the spike's size as Frandsen et al. 2025 grouped them: up to the
/// caution threshold (30 %) a guideline, the steady step of a long-run ladder; above it a
/// caution; above 100 % a warning. Steps of one ladder (each within 30 days of the last, of the
/// same grade) are one finding that lists the weeks.
pub(super) fn long_run_spikes(plan: &Plan, limits: &Limits, flat: &[Flat], out: &mut Vec<Finding>) {
    let baseline = plan.baseline.longest_run;
    let mut spikes: Vec<Spike> = Vec::new();
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
            let severity = if increase > 100.0 {
                Severity::Warning
            } else if increase > limits.long_run_caution {
                Severity::Caution
            } else {
                Severity::Guideline
            };
            spikes.push(Spike {
                day: i,
                run,
                longest,
                increase,
                severity,
            });
        }
    }
    let mut ladders: Vec<Vec<Spike>> = Vec::new();
    for spike in spikes {
        match ladders.last_mut() {
            Some(l)
                if l.last().is_some_and(|prev| {
                    prev.severity == spike.severity && spike.day - prev.day <= 30
                }) =>
            {
                l.push(spike)
            }
            _ => ladders.push(vec![spike]),
        }
    }
    let d = |m: f64| crate::plan::units::human_distance(m, plan.units);
    for ladder in ladders {
        let first = &ladder[0];
        let f = &flat[first.day];
        let grade = match first.severity {
            Severity::Warning => {
                "above 100 %: the largest spikes, with the highest injury rate".to_string()
            }
            Severity::Caution => {
                format!("above {:.0} %: a jump, not a step", limits.long_run_caution)
            }
            _ => format!(
                "{:.0}–{:.0} %: the steps of a steady long-run ladder; keep each one easy",
                limits.long_run_increase, limits.long_run_caution
            ),
        };
        let message = if ladder.len() == 1 {
            format!(
                "A {} run on {} is {:.0} % longer than the longest run of the previous 30 days ({}); single-run spikes above {:.0} % were associated with more injuries ({grade}).",
                d(first.run),
                at(f),
                first.increase,
                d(first.longest),
                limits.long_run_increase
            )
        } else {
            let weeks: Vec<String> = ladder
                .iter()
                .map(|s| flat[s.day].week.to_string())
                .collect();
            let mut path = vec![d(first.longest)];
            path.extend(ladder.iter().map(|s| d(s.run)));
            let (lo, hi) = ladder.iter().fold((f64::MAX, 0.0f64), |(lo, hi), s| {
                (lo.min(s.increase), hi.max(s.increase))
            });
            format!(
                "The long run steps up {} times in one ladder, weeks {} ({}), each {:.0}–{:.0} % over the longest run of the previous 30 days; single-run spikes above {:.0} % were associated with more injuries ({grade}).",
                ladder.len(),
                list(&weeks),
                path.join(" → "),
                lo,
                hi,
                limits.long_run_increase
            )
        };
        let mut finding = finding(
            Code::LongRunSpike,
            first.severity,
            f.week,
            Some(f.weekday),
            message,
        );
        finding.also = ladder[1..]
            .iter()
            .map(|s| (flat[s.day].week, Some(flat[s.day].weekday)))
            .collect();
        out.push(finding);
    }
}

/// "2, 4 and 6".
pub(super) fn list(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}

/// `long-after-tune-up`: a long run the day after a race that is not the goal race (the
/// plan's last race). A deliberate pattern in Pfitzinger & Douglas's schedules: a note, a
/// guideline for novices, who recover from a race more slowly. A long run with race-pace
/// blocks is hard and is `hard-back-to-back` instead.
pub(super) fn long_after_tune_up(plan: &Plan, flat: &[Flat], out: &mut Vec<Finding>) {
    let level = plan.level;
    let Some(goal) = flat.iter().rposition(|f| f.race) else {
        return;
    };
    for i in 1..goal {
        if !flat[i - 1].race || flat[i].race || flat[i].note.hard {
            continue;
        }
        if flat[i].note.badge != Badge::Long {
            continue;
        }
        let severity = if level == Level::Novice {
            Severity::Guideline
        } else {
            Severity::Note
        };
        let f = &flat[i];
        out.push(finding(
            Code::LongAfterTuneUp,
            severity,
            f.week,
            Some(f.weekday),
            format!(
                "A {} long run on {}, the day after a tune-up race: a deliberate pattern (running long on legs tired from racing) that asks for an easy pace; shorten it if the race left you sore ({} level assumed).",
                crate::plan::units::human_distance(f.longest_run, plan.units),
                at(f),
                level.name()
            ),
        ));
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
