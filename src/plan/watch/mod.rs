//! Sessions as workouts for a watch: what a running watch can follow step by step, worked out
//! from the plan model once and written two ways, as a Garmin FIT workout file ([`fit`]) and
//! as intervals.icu workout text ([`intervals`]). Pure: a plan in, workouts out; nothing here
//! knows files or HTML.
//!
//! Which sessions: the first option of every running session (recovery, easy, long, tempo,
//! threshold, intervals, hills, fartlek, race) that has steps, an amount, a target or an
//! effort. Rest, walks, mobility, strength and cross-training get no workout: their label
//! (`bike`, `swim`) is free text, so the watch's sport would be a guess, and a pace means
//! nothing on a bike.
//!
//! What a watch cannot hold is said in words: an amount range (`8-10km`) runs its lower end
//! and says so in the step's notes; an effort (`@RPE7`) is an open target with "RPE 7" in the
//! step's name; a named pace is resolved to its range; nested repeats are flattened (the
//! outer repeat is written out, the inner ones stay repeats), since neither FIT watches nor
//! intervals.icu nest them.

pub mod fit;
pub mod intervals;

use serde::Serialize;

use super::describe::rpe_text;
use super::units::{Amount, human_pace};
use super::{Plan, SessionType, Step, StepKind, Target, WEEKDAY_NAMES, WEEKDAYS, Workout};

/// The longest workout name written (bytes): "W12 Tue Threshold 3x8min" fits, and it is about
/// what a watch's workout list shows on one line.
pub const NAME_MAX: usize = 32;
/// The longest step name written (bytes).
pub const STEP_NAME_MAX: usize = 32;
/// The longest step or workout note written (bytes); FIT strings hold at most 255.
pub const NOTES_MAX: usize = 200;
/// A session that flattens to more steps than this gets no workout: no watch holds it.
pub const MAX_STEPS: usize = 1000;

/// One session as a watch workout.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct WatchWorkout {
    /// 1-based week.
    pub week: usize,
    /// 0 = Monday.
    pub weekday: usize,
    /// The session's place in its day, 0-based (a double's second session is 1).
    pub session: usize,
    /// The file name without `.fit`: the day's anchor on the plan page (`w03-tue`), with
    /// `-2`, `-3` for the later sessions of a day.
    pub stem: String,
    /// What the watch lists it as: `W3 Tue Threshold 3x8min`.
    pub name: String,
    /// The coach's note.
    pub notes: Option<String>,
    /// The steps, flattened as FIT holds them: a repeat follows the steps it repeats.
    pub steps: Vec<WatchStep>,
    /// The same steps as intervals.icu text ([`intervals::text`]), made once for the page and
    /// `plan.json`.
    #[serde(skip)]
    pub intervals_icu: Option<String>,
}

/// One step of a watch workout.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "step", rename_all = "lowercase")]
pub enum WatchStep {
    /// Run this much at this target.
    Single {
        /// Warm-up, work, recovery, rest or cool-down.
        kind: StepKind,
        /// What the watch shows for the step (`Warm-up`, `Strides`, `Work RPE 8`).
        name: String,
        /// What the watch cannot hold, in words; may be empty.
        notes: String,
        /// How long.
        duration: Duration,
        /// How fast.
        target: WatchTarget,
        /// The effort asked for, CR-10 (also when the target is a pace).
        rpe: Option<(f64, f64)>,
    },
    /// Go back to step `from` (0-based) and run the steps from there up to this one until they
    /// have been run `times` times in all.
    Repeat {
        /// The first step repeated.
        from: usize,
        /// How many times in all.
        times: u32,
    },
}

/// How long a step lasts.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "lowercase")]
pub enum Duration {
    /// This many metres.
    Distance {
        /// Metres.
        metres: f64,
    },
    /// This many seconds.
    Time {
        /// Seconds.
        seconds: f64,
    },
    /// Until the runner presses the lap button.
    Open,
}

/// What a step aims at.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum WatchTarget {
    /// No target (an effort, or nothing said).
    Open,
    /// A pace range in seconds per km.
    Pace {
        /// Fast end.
        fast: f64,
        /// Slow end.
        slow: f64,
    },
    /// A heart-rate zone, 1 to 5.
    HeartRateZone {
        /// The zone.
        zone: u8,
    },
}

/// The workouts a plan publishes: [`workouts`], unless the plan's `workouts: false` (or,
/// when the plan does not say, site.yaml's: `site_default`) turns them off.
pub fn published(plan: &Plan, site_default: bool) -> Vec<WatchWorkout> {
    if publishes(plan, site_default) {
        workouts(plan)
    } else {
        Vec::new()
    }
}

/// The workout of session `session` (0-based) of a day, in workouts listed as [`workouts`]
/// gives them (by week, day and session).
pub fn find(
    all: &[WatchWorkout],
    week: usize,
    weekday: usize,
    session: usize,
) -> Option<&WatchWorkout> {
    all.binary_search_by_key(&(week, weekday, session), |w| {
        (w.week, w.weekday, w.session)
    })
    .ok()
    .map(|i| &all[i])
}

/// Every session of the plan a watch can follow, week by week and day by day.
pub fn workouts(plan: &Plan) -> Vec<WatchWorkout> {
    let mut out = Vec::new();
    for week in &plan.weeks {
        for day in &week.days {
            for (i, session) in day.sessions.iter().enumerate() {
                if let Some(w) = workout(plan, week.n, day.weekday, i, session.primary()) {
                    out.push(w);
                }
            }
        }
    }
    out
}

/// Whether `plan` publishes its workouts: its `workouts:`, else site.yaml's (`site_default`).
fn publishes(plan: &Plan, site_default: bool) -> bool {
    plan.workouts.unwrap_or(site_default)
}

/// The file stems of the workouts [`published`] gives, in its order, without making them:
/// what the output-path claims need when a site loads (the plan's job makes the workouts).
pub fn published_stems(plan: &Plan, site_default: bool) -> Vec<String> {
    if !publishes(plan, site_default) {
        return Vec::new();
    }
    let mut out = Vec::new();
    for week in &plan.weeks {
        for day in &week.days {
            for (i, session) in day.sessions.iter().enumerate() {
                if followable(session.primary()) {
                    out.push(stem(week.n, day.weekday, i));
                }
            }
        }
    }
    out
}

/// Whether a watch can follow `w`: a run, not optional, that says something, with no more
/// than [`MAX_STEPS`] steps once its repeats are written out.
fn followable(w: &Workout) -> bool {
    let has_something =
        !w.steps.is_empty() || w.amount.is_some() || w.target.is_some() || w.rpe.is_some();
    w.kind.is_run() && !w.optional && has_something && flat_len(&w.steps) <= MAX_STEPS
}

/// How many steps [`flatten`] makes of `list` (more than [`MAX_STEPS`] is given as
/// `MAX_STEPS + 1`).
fn flat_len(list: &[Step]) -> usize {
    let mut n = 0usize;
    for s in list {
        n = n.saturating_add(match s {
            Step::Single { .. } => 1,
            Step::Repeat { times, steps }
                if steps.iter().any(|s| matches!(s, Step::Repeat { .. })) =>
            {
                (*times as usize).saturating_mul(flat_len(steps))
            }
            Step::Repeat { steps, .. } => flat_len(steps) + 1,
        });
        if n > MAX_STEPS {
            return MAX_STEPS + 1;
        }
    }
    n
}

/// `w03-tue`, `w03-tue-2` for a day's second session.
fn stem(week: usize, weekday: usize, i: usize) -> String {
    let mut stem = format!("w{week:02}-{}", WEEKDAYS[weekday]);
    if i > 0 {
        stem.push_str(&format!("-{}", i + 1));
    }
    stem
}

/// The workout of session `i` of a day, if a watch can follow it.
fn workout(
    plan: &Plan,
    week: usize,
    weekday: usize,
    i: usize,
    w: &Workout,
) -> Option<WatchWorkout> {
    if !followable(w) {
        return None;
    }
    let mut steps = Vec::new();
    if w.steps.is_empty() {
        steps.push(single(
            plan,
            w,
            StepKind::Work,
            w.amount.as_ref(),
            w.target.as_ref(),
            None,
        ));
    } else {
        flatten(plan, w, &w.steps, &mut steps);
    }
    let mut made = WatchWorkout {
        week,
        weekday,
        session: i,
        stem: stem(week, weekday, i),
        name: name(week, weekday, w),
        notes: w.notes.as_deref().map(|n| clip(n, NOTES_MAX)),
        steps,
        intervals_icu: None,
    };
    made.intervals_icu = intervals::text(&made, plan);
    Some(made)
}

/// `W3 Tue Threshold 3x8min`: week, day, type and the main set: for a quality session the
/// first repeat, else (and for an easy run with strides) the first work step's amount.
fn name(week: usize, weekday: usize, w: &Workout) -> String {
    fn main_set(s: &Step) -> Option<String> {
        match s {
            Step::Single { amount, .. } => amount.map(|a| a.compact()),
            Step::Repeat { times, steps } => {
                Some(format!("{times}x{}", steps.first().and_then(main_set)?))
            }
        }
    }
    let quality = w.kind.is_hard_type() || w.kind == SessionType::Fartlek;
    let main = w
        .steps
        .iter()
        .find(|s| quality && matches!(s, Step::Repeat { .. }))
        .or_else(|| {
            w.steps.iter().find(|s| {
                matches!(
                    s,
                    Step::Single {
                        kind: StepKind::Work,
                        ..
                    }
                )
            })
        })
        .or_else(|| w.steps.first())
        .and_then(main_set)
        .or_else(|| w.amount.map(|a| a.compact()));
    let kind = capitalised(w.kind.name());
    let day = &WEEKDAY_NAMES[weekday][..3];
    let text = match main {
        Some(m) => format!("W{week} {day} {kind} {m}"),
        None => format!("W{week} {day} {kind}"),
    };
    clip(&text, NAME_MAX)
}

/// The steps of `list`, flattened into `out`: a repeat of plain steps stays a repeat, a repeat
/// that holds a repeat is written out `times` times.
fn flatten(plan: &Plan, w: &Workout, list: &[Step], out: &mut Vec<WatchStep>) {
    for s in list {
        match s {
            Step::Single {
                kind,
                amount,
                target,
                cue,
            } => out.push(single(
                plan,
                w,
                *kind,
                amount.as_ref(),
                target.as_ref(),
                cue.as_deref(),
            )),
            Step::Repeat { times, steps } => {
                if steps.iter().any(|s| matches!(s, Step::Repeat { .. })) {
                    for _ in 0..*times {
                        flatten(plan, w, steps, out);
                        if out.len() > MAX_STEPS {
                            return;
                        }
                    }
                } else {
                    let from = out.len();
                    flatten(plan, w, steps, out);
                    out.push(WatchStep::Repeat {
                        from,
                        times: *times,
                    });
                }
            }
        }
    }
}

/// One step. A work step without a target takes the session's (as the totals do); its effort
/// is the session's when it has none of its own.
fn single(
    plan: &Plan,
    w: &Workout,
    kind: StepKind,
    amount: Option<&Amount>,
    target: Option<&Target>,
    cue: Option<&str>,
) -> WatchStep {
    let target = target.or(if kind == StepKind::Work {
        w.target.as_ref()
    } else {
        None
    });
    let mut notes: Vec<String> = Vec::new();
    let duration = match amount {
        None => Duration::Open,
        Some(a) => {
            if a.is_range() {
                let low = match *a {
                    Amount::Distance { lo, unit, .. } => Amount::Distance { lo, hi: lo, unit },
                    Amount::Duration { lo, .. } => Amount::Duration { lo, hi: lo },
                };
                notes.push(format!(
                    "{} in the plan: the watch counts {}, the lower end",
                    a.compact(),
                    low.compact()
                ));
            }
            match *a {
                Amount::Distance { lo, .. } => Duration::Distance { metres: lo },
                Amount::Duration { lo, .. } => Duration::Time { seconds: lo },
            }
        }
    };
    let (watch_target, mut rpe, pace_name) = match target {
        None => (WatchTarget::Open, None, None),
        Some(Target::Zone { zone }) => (WatchTarget::HeartRateZone { zone: *zone }, None, None),
        Some(Target::Pace { lo, hi, .. }) => (
            WatchTarget::Pace {
                fast: *lo,
                slow: *hi,
            },
            None,
            None,
        ),
        Some(Target::Rpe { lo, hi }) => (WatchTarget::Open, Some((*lo, *hi)), None),
        Some(Target::Named { name }) => match plan.pace(name) {
            Some(p) => match p.pace {
                Some((fast, slow)) => {
                    notes.push(format!("{name} pace {}", pace_range(fast, slow, plan)));
                    (WatchTarget::Pace { fast, slow }, None, Some(name.as_str()))
                }
                None => (
                    WatchTarget::Open,
                    p.rpe.map(|r| (r, r)),
                    Some(name.as_str()),
                ),
            },
            None => (WatchTarget::Open, None, Some(name.as_str())),
        },
    };
    if rpe.is_none() && kind == StepKind::Work {
        rpe = w.rpe;
    }
    if let Some((lo, hi)) = rpe {
        notes.insert(0, rpe_text(lo, hi).replace('–', "-"));
    }
    let mut name = match (kind, cue) {
        (StepKind::Warmup, _) => "Warm-up".to_string(),
        (StepKind::Cooldown, _) => "Cool-down".to_string(),
        (_, Some(c)) => capitalised(c),
        (StepKind::Recover, None) => "Recovery".to_string(),
        (StepKind::Rest, None) => "Rest".to_string(),
        (StepKind::Work, None) => match pace_name {
            Some(p) => format!("{p} pace"),
            None if w.steps.is_empty() => w.kind.label().to_string(),
            None => "Run".to_string(),
        },
    };
    if watch_target == WatchTarget::Open
        && let Some((lo, hi)) = rpe
    {
        name = format!("{name} {}", rpe_text(lo, hi).replace('–', "-"));
    }
    WatchStep::Single {
        kind,
        name: clip(&capitalised(&name), STEP_NAME_MAX),
        notes: clip(&notes.join("; "), NOTES_MAX),
        duration,
        target: watch_target,
        rpe,
    }
}

/// `4:40-4:50/km` in the plan's units.
fn pace_range(fast: f64, slow: f64, plan: &Plan) -> String {
    let a = human_pace(fast, plan.units);
    if fast == slow {
        a
    } else {
        let b = human_pace(slow, plan.units);
        format!("{}-{b}", a.split('/').next().unwrap_or(&a))
    }
}

fn capitalised(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

/// `s` on one line, without control characters, cut at a character boundary to at most
/// `max` bytes.
pub(crate) fn clip(s: &str, max: usize) -> String {
    let mut out = String::with_capacity(s.len().min(max));
    let mut space = false;
    for c in s.chars() {
        if c.is_whitespace() {
            space = !out.is_empty();
        } else if !c.is_control() {
            if out.len() + c.len_utf8() + usize::from(space) > max {
                break;
            }
            if space {
                out.push(' ');
                space = false;
            }
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plan::load::load;
    use crate::plan::units::Units;

    /// A one-week plan whose Tuesday is `tue` (the other days rest), with the usual paces.
    pub(crate) fn plan_with(tue: &str) -> Plan {
        let src = format!(
            "title: T\npaces:\n  easy: {{ pace: 6:00-6:30/km, rpe: 3 }}\n  T: {{ pace: 4:40-4:50/km, rpe: 7 }}\n  feel: {{ rpe: 6 }}\nweeks:\n  - days:\n      mon: rest\n      tue: '{tue}'\n      wed: rest\n      thu: rest\n      fri: rest\n      sat: rest\n      sun: rest\n"
        );
        let l = load(std::path::Path::new("p.yaml"), &src, "plans", Units::Km);
        l.plan
            .unwrap_or_else(|| panic!("{tue}: {:?}", l.diagnostics))
    }

    fn only(tue: &str) -> WatchWorkout {
        let w = workouts(&plan_with(tue));
        assert_eq!(w.len(), 1, "{tue}: {w:?}");
        w.into_iter().next().unwrap_or_else(|| unreachable!())
    }

    fn shape(w: &WatchWorkout) -> Vec<String> {
        w.steps
            .iter()
            .map(|s| match s {
                WatchStep::Single {
                    kind,
                    duration,
                    target,
                    ..
                } => format!("{}:{duration:?}:{target:?}", kind.name()),
                WatchStep::Repeat { from, times } => format!("repeat {from} x{times}"),
            })
            .collect()
    }

    #[test]
    fn threshold_session_is_warmup_repeat_cooldown_with_named_paces_resolved() {
        let w = only("threshold 2km wu + 3x(8min @T / 2min jog) + 2km cd");
        assert_eq!(w.stem, "w01-tue");
        assert_eq!(w.name, "W1 Tue Threshold 3x8min");
        assert_eq!(
            shape(&w),
            [
                "warmup:Distance { metres: 2000.0 }:Open",
                "work:Time { seconds: 480.0 }:Pace { fast: 280.0, slow: 290.0 }",
                "recover:Time { seconds: 120.0 }:Open",
                "repeat 1 x3",
                "cooldown:Distance { metres: 2000.0 }:Open",
            ]
        );
        let WatchStep::Single { name, notes, .. } = &w.steps[1] else {
            panic!("{:?}", w.steps[1]);
        };
        assert_eq!(name, "T pace");
        assert_eq!(notes, "T pace 4:40-4:50/km");
        let WatchStep::Single { name, .. } = &w.steps[2] else {
            panic!();
        };
        assert_eq!(name, "Jog");
    }

    #[test]
    fn efforts_are_open_targets_named_with_their_rpe() {
        let w = only("fartlek 6x(1min @RPE7 / 2min jog)");
        let WatchStep::Single {
            name,
            target,
            rpe,
            notes,
            ..
        } = &w.steps[0]
        else {
            panic!();
        };
        assert_eq!(name, "Run RPE 7");
        assert_eq!(*target, WatchTarget::Open);
        assert_eq!(*rpe, Some((7.0, 7.0)));
        assert_eq!(notes, "RPE 7");
        // A named pace with only an effort is that effort.
        let w = only("tempo 20min @feel");
        let WatchStep::Single { name, .. } = &w.steps[0] else {
            panic!();
        };
        assert_eq!(name, "Feel pace RPE 6");
    }

    #[test]
    fn zones_are_heart_rate_zones_and_paces_speed_ranges() {
        let w = only("easy 40min @Z2");
        assert_eq!(
            shape(&w),
            ["work:Time { seconds: 2400.0 }:HeartRateZone { zone: 2 }"]
        );
        let w = only("tempo 5km @4:30-4:40/km");
        assert_eq!(
            shape(&w),
            ["work:Distance { metres: 5000.0 }:Pace { fast: 270.0, slow: 280.0 }"]
        );
    }

    #[test]
    fn a_range_runs_its_lower_end_and_says_so() {
        let w = only("easy 8-10km");
        let WatchStep::Single {
            duration, notes, ..
        } = &w.steps[0]
        else {
            panic!();
        };
        assert_eq!(*duration, Duration::Distance { metres: 8000.0 });
        assert_eq!(
            notes,
            "8-10km in the plan: the watch counts 8km, the lower end"
        );
        assert_eq!(w.name, "W1 Tue Easy 8-10km");
        // An easy run is named by its run, not its strides.
        assert_eq!(
            only("easy 8km @easy + 6x20s strides").name,
            "W1 Tue Easy 8km"
        );
    }

    #[test]
    fn nested_repeats_write_out_the_outer_one() {
        let w = only("intervals 2x(3x(400m @T / 200m jog) / 3min rest)");
        assert_eq!(
            shape(&w)
                .iter()
                .map(|s| s.split(':').next().unwrap_or("").to_string())
                .collect::<Vec<_>>(),
            [
                "work",
                "recover",
                "repeat 0 x3",
                "rest",
                "work",
                "recover",
                "repeat 4 x3",
                "rest"
            ]
        );
        assert_eq!(w.name, "W1 Tue Intervals 2x3x400m");
    }

    #[test]
    fn doubles_number_their_later_sessions_and_cross_training_gets_nothing() {
        let p = plan_with("easy 6km @easy; tempo 5km @T; strength 30min");
        let w = workouts(&p);
        let stems: Vec<&str> = w.iter().map(|w| w.stem.as_str()).collect();
        assert_eq!(stems, ["w01-tue", "w01-tue-2"]);
        assert_eq!(
            find(&w, 1, 1, 1).map(|w| w.stem.as_str()),
            Some("w01-tue-2")
        );
        assert!(find(&w, 1, 1, 2).is_none());
        assert!(workouts(&plan_with("cross 40min bike @RPE3")).is_empty());
        assert!(workouts(&plan_with("rest | easy 5km")).is_empty());
        assert!(workouts(&plan_with("easy")).is_empty());
        assert!(workouts(&plan_with("walk 30min")).is_empty());
        // A session with only an effort is one open step.
        assert_eq!(shape(&only("tempo @RPE7")), ["work:Open:Open"]);
    }

    /// The stems the claims take are those of the workouts made, for every kind of session,
    /// at the step limit and past it.
    #[test]
    fn stems_are_those_of_the_workouts() {
        for tue in [
            "easy 6km @easy; tempo 5km @T; strength 30min",
            "intervals 2x(3x(400m @T / 200m jog) / 3min rest)",
            "intervals 100x(2x(400m @T / 200m jog) / 3min rest)",
            "intervals 33x(10x(1x(400m @T / 200m jog)))",
            "intervals 34x(10x(1x(400m @T / 200m jog)))",
            "intervals 100x(100x(100x(400m @T / 200m jog)))",
            "easy 5km @easy (easy 2km)",
            "tempo @RPE7",
            "walk 30min",
            "rest | easy 5km",
            "cross 40min bike @RPE3",
        ] {
            let p = plan_with(tue);
            let made: Vec<String> = workouts(&p).into_iter().map(|w| w.stem).collect();
            assert_eq!(published_stems(&p, true), made, "{tue}");
            assert!(published_stems(&p, false).is_empty());
        }
        // 990 steps written out, then 1 020.
        let at = |tue| published_stems(&plan_with(tue), true);
        assert_eq!(
            at("intervals 33x(10x(1x(400m @T / 200m jog)))"),
            ["w01-tue"]
        );
        assert!(at("intervals 34x(10x(1x(400m @T / 200m jog)))").is_empty());
    }

    #[test]
    fn names_fit_on_a_watch() {
        let w = only("long 30km @easy + 10x(1mi @T / 400m jog) \"a very long note\"");
        assert!(w.name.len() <= NAME_MAX, "{}", w.name);
        assert_eq!(clip("ab\u{0}c  d\te", 10), "abc d e");
        assert_eq!(clip("ééééé", 4), "éé");
    }
}
