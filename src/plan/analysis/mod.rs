//! Rest-day annotations, week summaries and recovery findings: plan in, annotations out.
//!
//! Pure and HTML-free: the same [`Analysis`] feeds plan pages, `plan.json`, `taper check` and
//! `taper plan`. Thresholds are the defaults in the README's "Recovery analysis" table, changed
//! by `recovery:` in site.yaml or the plan. Messages say "associated with", never "causes":
//! the evidence behind each rule is stated with its confidence.

mod codes;
mod fitness;
mod rules;
mod summary;
mod taper;

pub use codes::*;
pub use fitness::{
    FATIGUE_DAYS, FITNESS_DAYS, FITNESS_UNITS, Fitness, FitnessDay, FitnessStart, model,
};
use rules::*;
use summary::*;
pub use taper::TaperCheck;

use serde::Serialize;

use super::totals::{Resolver, Totals};
use super::{
    Level, Plan, REST_LIKE_MAX_RPE, REST_LIKE_MAX_SECONDS, RecoveryOverrides, SessionType,
    WEEKDAY_NAMES, Week,
};

/// The badge a day carries.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum Badge {
    /// Full rest.
    Rest,
    /// Walk or mobility only, within the rest-like limits.
    ActiveRest,
    /// A walk that is longer or harder than rest (never shown as rest).
    Walk,
    /// Mobility that is longer or harder than rest (never shown as rest).
    Mobility,
    /// A recovery run.
    RecoveryRun,
    /// An easy run.
    Easy,
    /// A hard session.
    KeySession,
    /// A long run.
    Long,
    /// A race.
    Race,
    /// Cross-training.
    CrossTrain,
    /// Strength training.
    Strength,
    /// Rest, or cross-train instead.
    RestOrCross,
    /// A finding the coach acknowledged.
    CoachsChoice,
}

impl Badge {
    /// The text on the badge.
    pub fn label(self) -> &'static str {
        match self {
            Badge::Rest => "Rest",
            Badge::ActiveRest => "Active rest",
            Badge::Walk => "Walk",
            Badge::Mobility => "Mobility",
            Badge::RecoveryRun => "Recovery run",
            Badge::Easy => "Easy",
            Badge::KeySession => "Key session",
            Badge::Long => "Long",
            Badge::Race => "Race",
            Badge::CrossTrain => "Cross-train",
            Badge::Strength => "Strength",
            Badge::RestOrCross => "Rest or cross",
            Badge::CoachsChoice => "Coach's choice",
        }
    }
}

/// Why a rest-like day is where it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RestReason {
    /// The day after a hard session or long run.
    AfterKey,
    /// The day before one.
    BeforeKey,
    /// The day after a race.
    AfterRace,
    /// In a cut-back week.
    DeloadWeek,
    /// In the taper.
    Taper,
    /// A regular rest day.
    Scheduled,
}

impl RestReason {
    /// The kebab-case code.
    pub fn code(self) -> &'static str {
        match self {
            RestReason::AfterKey => "after-key",
            RestReason::BeforeKey => "before-key",
            RestReason::AfterRace => "after-race",
            RestReason::DeloadWeek => "deload-week",
            RestReason::Taper => "taper",
            RestReason::Scheduled => "scheduled",
        }
    }

    /// The article topic that explains this reason.
    pub fn topic(self) -> &'static str {
        match self {
            RestReason::DeloadWeek => "deload",
            RestReason::Taper => "taper",
            RestReason::AfterKey
            | RestReason::BeforeKey
            | RestReason::AfterRace
            | RestReason::Scheduled => "rest",
        }
    }
}

impl Serialize for RestReason {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.code())
    }
}

/// The annotation on a rest-like day.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct RestNote {
    /// Why the rest is here.
    pub reason: RestReason,
    /// The reason for a reader.
    pub why: String,
    /// What to do on the day.
    pub options: Vec<String>,
    /// The article topic that explains it (`rest`, `deload`, `taper`).
    pub topic: &'static str,
}

/// What the reader needs to know about one day.
#[derive(Debug, Clone, Serialize)]
pub struct DayNote {
    /// 0 = Monday.
    pub weekday: usize,
    /// The day's badge.
    pub badge: Badge,
    /// Only rest, walk or mobility, RPE ≤ 2, ≤ 45 minutes of walking and mobility.
    pub rest_like: bool,
    /// A hard day.
    pub hard: bool,
    /// Planned load (RPE × minutes).
    pub load: f64,
    /// Running distance in metres.
    pub distance: f64,
    /// Duration in seconds.
    pub duration: f64,
    /// Some part of the numbers is estimated.
    pub estimated: bool,
    /// Totals per session, in order (primary options).
    pub sessions: Vec<Totals>,
    /// For rest-like days, why and what to do.
    pub rest: Option<RestNote>,
    /// A coach's note on an acknowledged finding for this day.
    pub coachs_choice: Option<String>,
}

/// A week's numbers.
#[derive(Debug, Clone, Serialize, Default)]
pub struct WeekSummary {
    /// Planned load.
    pub load: f64,
    /// Running distance, metres.
    pub distance: f64,
    /// Time, seconds.
    pub duration: f64,
    /// Some part is estimated.
    pub estimated: bool,
    /// Rest-like days.
    pub rest_days: usize,
    /// Hard days.
    pub hard_sessions: usize,
    /// Longest single run, metres.
    pub longest_run: f64,
    /// Distance change vs the previous week, percent.
    pub distance_change: Option<f64>,
    /// Time change vs the previous week, percent.
    pub duration_change: Option<f64>,
    /// Mean ÷ population SD of the seven daily loads, capped at 10.
    pub monotony: f64,
    /// Weekly load × monotony.
    pub strain: f64,
    /// Seconds at RPE ≤ 4, 5–6, ≥ 7.
    pub intensity: [f64; 3],
    /// Share of time at RPE ≤ 4, 5–6, ≥ 7, percent.
    pub intensity_share: [f64; 3],
    /// This week's load ÷ the mean of the previous three (shown as a number only).
    pub acwr: Option<f64>,
    /// Treff et al. 2019's polarization index on the time shares (above 2.0: polarized), a
    /// number only; `None` unless every zone has time.
    pub polarization: Option<f64>,
}

/// One week of the analysis.
#[derive(Debug, Clone, Serialize)]
pub struct WeekNote {
    /// Week number.
    pub n: usize,
    /// Days, Monday first.
    pub days: Vec<DayNote>,
    /// The week's numbers.
    pub summary: WeekSummary,
}

/// A reference behind a rule, and how strong it is.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Evidence {
    /// The references.
    pub reference: &'static str,
    /// How strong the references are.
    pub confidence: Confidence,
}

/// How strong the evidence behind a rule is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Confidence {
    /// Coaching practice or consensus, not measured.
    Convention,
    /// Studies disagree or the effect is small.
    Weak,
    /// Consistent studies.
    Moderate,
}

impl Confidence {
    /// The name as shown (`Moderate`).
    pub fn as_str(self) -> &'static str {
        match self {
            Confidence::Convention => "Convention",
            Confidence::Weak => "Weak",
            Confidence::Moderate => "Moderate",
        }
    }
}

impl std::fmt::Display for Confidence {
    fn fmt(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Serialize for Confidence {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

/// A place where the plan departs from a recovery guideline.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Finding {
    /// Which rule.
    pub code: Code,
    /// How much it matters.
    pub severity: Severity,
    /// Week number.
    pub week: usize,
    /// 0 = Monday, when it concerns one day.
    pub weekday: Option<usize>,
    /// One sentence.
    pub message: String,
    /// What the rule rests on.
    pub evidence: Evidence,
    /// The coach's note when acknowledged with `ack:`.
    pub acknowledged: Option<String>,
    /// Further weeks (and days) the finding is about, where an `ack` also counts: the later
    /// steps of one long-run ladder, the later weeks of one ramp.
    #[serde(skip)]
    pub also: Vec<(usize, Option<usize>)>,
}

/// The plan at a glance.
#[derive(Debug, Clone, Serialize, Default)]
pub struct PlanSummary {
    /// Load per week.
    pub weekly_load: Vec<f64>,
    /// Running distance per week, metres.
    pub weekly_distance: Vec<f64>,
    /// Total running distance, metres.
    pub total_distance: f64,
    /// Total time, seconds.
    pub total_duration: f64,
    /// Average rest-like days per week.
    pub rest_days_per_week: f64,
    /// Weeks that are cut-back weeks (≤ 85 % of the previous week's load, or `deload: true`).
    pub cutback_weeks: Vec<usize>,
    /// "every 4th week", when regular.
    pub cutback_cadence: Option<String>,
    /// Highest rolling three-week average load.
    pub peak_three_week_load: f64,
    /// Reduction of each of the last three weeks vs that peak, percent.
    pub taper: Vec<TaperWeek>,
    /// What the taper rules judged: the 14 days before the goal race.
    pub taper_check: Option<TaperCheck>,
    /// The level the thresholds assumed.
    pub level: Level,
}

/// One week of the taper profile.
#[derive(Debug, Clone, Copy, Serialize)]
pub struct TaperWeek {
    /// Week number.
    pub week: usize,
    /// Percent below the peak three-week average.
    pub reduction: f64,
}

/// Everything the analysis says about a plan.
#[derive(Debug, Clone, Serialize)]
pub struct Analysis {
    /// Per week.
    pub weeks: Vec<WeekNote>,
    /// Findings, in plan order.
    pub findings: Vec<Finding>,
    /// The plan summary.
    pub summary: PlanSummary,
    /// Fitness, fatigue and form, day by day.
    pub fitness: Fitness,
}

/// Thresholds after defaults and overrides.
#[derive(Debug, Clone, Copy)]
struct Limits {
    max_days_without_rest: usize,
    long_run_increase: f64,
    long_run_caution: f64,
    weekly_increase: f64,
    monotony: f64,
    low_share: f64,
    ramp_rate: f64,
    race_form: f64,
    taper_volume_cut: f64,
    taper_volume_best: f64,
    taper_volume_max: f64,
    taper_intensity_rpe: f64,
    taper_frequency_drop: f64,
    long_run_share: Option<f64>,
}

impl Limits {
    fn new(site: &RecoveryOverrides, plan: &RecoveryOverrides) -> Limits {
        Limits {
            max_days_without_rest: plan
                .max_days_without_rest
                .or(site.max_days_without_rest)
                .unwrap_or(6) as usize,
            long_run_increase: plan
                .long_run_increase
                .or(site.long_run_increase)
                .unwrap_or(10.0),
            long_run_caution: plan
                .long_run_caution
                .or(site.long_run_caution)
                .unwrap_or(30.0),
            weekly_increase: plan
                .weekly_increase
                .or(site.weekly_increase)
                .unwrap_or(10.0),
            monotony: plan.monotony.or(site.monotony).unwrap_or(2.0),
            low_share: plan
                .low_intensity_share
                .or(site.low_intensity_share)
                .unwrap_or(70.0),
            ramp_rate: plan.ramp_rate.or(site.ramp_rate).unwrap_or(8.0),
            race_form: plan.race_form.or(site.race_form).unwrap_or(0.0),
            taper_volume_cut: plan
                .taper_volume_cut
                .or(site.taper_volume_cut)
                .unwrap_or(25.0),
            taper_volume_best: plan
                .taper_volume_best
                .or(site.taper_volume_best)
                .unwrap_or(40.0),
            taper_volume_max: plan
                .taper_volume_max
                .or(site.taper_volume_max)
                .unwrap_or(90.0),
            taper_intensity_rpe: plan
                .taper_intensity_rpe
                .or(site.taper_intensity_rpe)
                .unwrap_or(7.0),
            taper_frequency_drop: plan
                .taper_frequency_drop
                .or(site.taper_frequency_drop)
                .unwrap_or(20.0),
            long_run_share: plan.long_run_share.or(site.long_run_share),
        }
    }
}

/// The polarization index of Treff et al. 2019 (Front Physiol): `log10(z1 / z2 × z3 × 100)` on
/// the shares of time at low, moderate and high intensity (as fractions). Above 2.0 the
/// distribution is polarized. Defined only when every zone has time.
pub fn polarization_index(time: [f64; 3]) -> Option<f64> {
    let total: f64 = time.iter().sum();
    if total <= 0.0 || time.iter().any(|t| *t <= 0.0) {
        return None;
    }
    let [z1, z2, z3] = time.map(|t| t / total);
    Some((z1 / z2 * z3 * 100.0).log10())
}

/// Monotony (mean ÷ population SD, capped at 10) of daily loads.
pub fn monotony(daily: &[f64]) -> f64 {
    if daily.is_empty() {
        return 0.0;
    }
    let n = daily.len() as f64;
    let mean = daily.iter().sum::<f64>() / n;
    if mean <= 0.0 {
        return 0.0;
    }
    let var = daily.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / n;
    let sd = var.sqrt();
    if sd <= f64::EPSILON {
        10.0
    } else {
        (mean / sd).min(10.0)
    }
}

struct Flat<'a> {
    week: usize,
    weekday: usize,
    plan_week: &'a Week,
    note: DayNote,
    race: bool,
    longest_run: f64,
    /// Only recovery runs (and rest-like sessions), none hard: the recovery day of an
    /// advanced runner's week, which breaks a `rest-gap` at that level.
    recovery_day: bool,
}

/// Analyses a plan with the site's thresholds.
pub fn analyse(plan: &Plan, site: &RecoveryOverrides) -> Analysis {
    let limits = Limits::new(site, &plan.recovery);
    let resolver = Resolver { paces: &plan.paces };
    let mut flat: Vec<Flat> = Vec::with_capacity(plan.weeks.len() * 7);
    let mut findings = Vec::new();

    for week in &plan.weeks {
        for day in &week.days {
            let mut totals = Vec::new();
            let (mut load, mut distance, mut duration, mut est) = (0.0, 0.0, 0.0, false);
            let mut restful = true;
            let mut hard = false;
            let mut race = false;
            let mut longest_run: f64 = 0.0;
            let mut recovery_only = !day.sessions.is_empty();
            let mut max_rpe: f64 = 0.0;
            // Minutes of walking and mobility (a `rest`'s own minutes are rest).
            let mut active = 0.0;
            for s in &day.sessions {
                let w = s.primary();
                let t = resolver.totals(w);
                load += t.load;
                distance += t.distance;
                duration += t.duration;
                est |= t.distance_estimated || t.duration_estimated || t.rpe_estimated;
                restful &= w.kind.is_restful();
                recovery_only &= w.kind.is_restful() || w.kind == SessionType::Recovery;
                if w.kind != SessionType::Rest {
                    active += t.duration;
                }
                max_rpe = max_rpe.max(t.rpe);
                race |= w.kind == SessionType::Race;
                if w.kind.is_run() && w.kind != SessionType::Race {
                    longest_run = longest_run.max(t.distance);
                }
                // Intensity makes a day hard, not duration: a long run's minutes count for
                // its load, but an aerobic long or medium-long run is its own kind of day.
                let is_hard = w.kind.is_hard_type()
                    || t.rpe >= 6.0
                    || t.peak_rpe >= 6.0
                    || (w.kind == SessionType::Long && t.quality_blocks);
                hard |= match w.key {
                    Some(k) => k,
                    None => is_hard,
                };
                totals.push(t);
            }
            let rest_like =
                restful && max_rpe <= REST_LIKE_MAX_RPE && active <= REST_LIKE_MAX_SECONDS;
            let badge = badge_of(day, rest_like, hard);
            flat.push(Flat {
                week: week.n,
                weekday: day.weekday,
                plan_week: week,
                note: DayNote {
                    weekday: day.weekday,
                    badge,
                    rest_like,
                    hard,
                    load,
                    distance,
                    duration,
                    estimated: est,
                    sessions: totals,
                    rest: None,
                    coachs_choice: None,
                },
                race,
                longest_run,
                recovery_day: recovery_only && !hard,
            });
        }
    }

    rest_notes(plan, &mut flat);
    rest_gap(plan.level, &limits, &flat, &mut findings);
    hard_days(plan.level, &flat, &mut findings);
    long_after_tune_up(plan, &flat, &mut findings);
    long_run_spikes(plan, &limits, &flat, &mut findings);
    easy_not_easy(plan, &resolver, &flat, &mut findings);

    let mut weeks: Vec<WeekNote> = Vec::with_capacity(plan.weeks.len());
    for (wi, chunk) in flat.chunks(7).enumerate() {
        let mut s = WeekSummary::default();
        let daily: Vec<f64> = chunk.iter().map(|d| d.note.load).collect();
        for d in chunk {
            s.load += d.note.load;
            s.distance += d.note.distance;
            s.duration += d.note.duration;
            s.estimated |= d.note.estimated;
            s.rest_days += usize::from(d.note.rest_like);
            s.hard_sessions += usize::from(d.note.hard);
            s.longest_run = s.longest_run.max(d.longest_run);
            for t in &d.note.sessions {
                s.intensity[0] += t.low;
                s.intensity[1] += t.mid;
                s.intensity[2] += t.high;
            }
        }
        let total: f64 = s.intensity.iter().sum();
        if total > 0.0 {
            for i in 0..3 {
                s.intensity_share[i] = 100.0 * s.intensity[i] / total;
            }
        }
        s.polarization = polarization_index(s.intensity);
        s.monotony = monotony(&daily);
        s.strain = s.load * s.monotony;
        if let Some(prev) = weeks.last() {
            s.distance_change = pct_change(prev.summary.distance, s.distance);
            s.duration_change = pct_change(prev.summary.duration, s.duration);
        }
        if wi >= 3 {
            let mean = weeks[wi - 3..wi]
                .iter()
                .map(|w| w.summary.load)
                .sum::<f64>()
                / 3.0;
            if mean > 0.0 {
                s.acwr = Some(s.load / mean);
            }
        }
        weeks.push(WeekNote {
            n: wi + 1,
            days: chunk.iter().map(|d| d.note.clone()).collect(),
            summary: s,
        });
    }

    week_findings(plan, &limits, &weeks, &mut findings);
    let mut summary = plan_summary(plan, &weeks, &flat);
    summary.taper_check = taper::check(plan, &limits, &flat);
    if let Some(t) = &summary.taper_check {
        taper::taper_findings(plan, &limits, t, &mut findings);
    }
    taper::long_run_share(plan, &limits, &weeks, &flat, &mut findings);
    let fitness = fitness::fitness(plan, &flat);
    fitness::ramp_rate(&limits, &fitness, &mut findings);
    fitness::race_form(&limits, &fitness, &flat, &mut findings);

    // Acknowledgements: a week's or session's `ack` turns a finding into the coach's choice.
    for f in &mut findings {
        let Some(week) = plan.weeks.get(f.week - 1) else {
            continue;
        };
        let mut note = week.acks.iter().find(|a| a.code == f.code).map(|a| {
            a.note
                .clone()
                .or_else(|| week.note.clone())
                .unwrap_or_default()
        });
        if note.is_none()
            && let Some(wd) = f.weekday
        {
            note = session_ack(&week.days[wd], f.code);
        }
        for &(wn, wd) in &f.also {
            if note.is_none()
                && let Some(w) = plan.weeks.get(wn - 1)
            {
                note = w
                    .acks
                    .iter()
                    .find(|a| a.code == f.code)
                    .map(|a| {
                        a.note
                            .clone()
                            .or_else(|| w.note.clone())
                            .unwrap_or_default()
                    })
                    .or_else(|| wd.and_then(|wd| session_ack(&w.days[wd], f.code)));
            }
        }
        if let Some(n) = note {
            f.acknowledged = Some(n);
            if let Some(wd) = f.weekday {
                let d = &mut weeks[f.week - 1].days[wd];
                d.badge = Badge::CoachsChoice;
                d.coachs_choice = f.acknowledged.clone();
            }
        }
    }
    findings.sort_by_key(|f| (f.week, f.weekday.unwrap_or(7), f.code));

    Analysis {
        weeks,
        findings,
        summary,
        fitness,
    }
}

/// The note of a session's `ack` for `code` on this day.
fn session_ack(day: &super::Day, code: Code) -> Option<String> {
    let mut note = None;
    for s in &day.sessions {
        for w in &s.options {
            if let Some(a) = w.acks.iter().find(|a| a.code == code) {
                note = Some(
                    a.note
                        .clone()
                        .or_else(|| w.notes.clone())
                        .unwrap_or_default(),
                );
            }
        }
    }
    note
}

fn pct_change(prev: f64, now: f64) -> Option<f64> {
    (prev > 0.0).then(|| 100.0 * (now - prev) / prev)
}

fn badge_of(day: &super::Day, rest_like: bool, hard: bool) -> Badge {
    let primaries: Vec<SessionType> = day.sessions.iter().map(|s| s.primary().kind).collect();
    if primaries.contains(&SessionType::Race) {
        return Badge::Race;
    }
    let alt_cross = day.sessions.iter().any(|s| {
        s.primary().kind.is_restful()
            && s.options
                .iter()
                .skip(1)
                .any(|o| !o.kind.is_restful() && !o.optional)
    });
    if alt_cross {
        return Badge::RestOrCross;
    }
    if rest_like {
        return if primaries.iter().all(|k| *k == SessionType::Rest) {
            Badge::Rest
        } else {
            Badge::ActiveRest
        };
    }
    // Walking or mobility beyond the rest-like limits says what it is, never "rest".
    if primaries.iter().all(|k| k.is_restful()) {
        if primaries.contains(&SessionType::Walk) {
            return Badge::Walk;
        }
        if primaries.contains(&SessionType::Mobility) {
            return Badge::Mobility;
        }
    }
    if primaries.contains(&SessionType::Long) {
        return Badge::Long;
    }
    if hard {
        return Badge::KeySession;
    }
    for (kind, badge) in [
        (SessionType::Easy, Badge::Easy),
        (SessionType::Fartlek, Badge::Easy),
        (SessionType::Recovery, Badge::RecoveryRun),
        (SessionType::Cross, Badge::CrossTrain),
        (SessionType::Strength, Badge::Strength),
    ] {
        if primaries.contains(&kind) {
            return badge;
        }
    }
    Badge::Easy
}

const REST_OPTIONS: [&str; 3] = [
    "Full rest: no training at all",
    "A 15–20 minute easy walk",
    "10 minutes of gentle mobility",
];

/// A hard session or a long run: the days rest is placed around.
fn key_day(f: &Flat) -> bool {
    f.note.hard || f.note.badge == Badge::Long
}

fn rest_notes(plan: &Plan, flat: &mut [Flat]) {
    let n = flat.len();
    let race_week = plan.weeks.len();
    for i in 0..n {
        if !flat[i].note.rest_like {
            continue;
        }
        let prev = i.checked_sub(1).map(|j| (&flat[j], j));
        let next = flat.get(i + 1);
        let describe = |f: &Flat| -> String {
            let w = &plan.weeks[f.week - 1].days[f.weekday].sessions;
            w.first().map_or("session".into(), |s| {
                s.primary().kind.label().to_lowercase()
            })
        };
        let in_taper = flat[i].plan_week.is_phase("taper");
        let (reason, why) = if prev.is_some_and(|(p, _)| p.race) {
            (RestReason::AfterRace, "Yesterday's race left muscle damage that takes days to clear: rest first, run again later.".to_string())
        } else if let Some((p, _)) = prev.filter(|(p, _)| key_day(p)) {
            (
                RestReason::AfterKey,
                format!(
                    "Your body adapts to yesterday's {} today: the fitness from a hard session is built while you recover.",
                    describe(p)
                ),
            )
        } else if let Some(nx) = next.filter(|nx| key_day(nx)) {
            (
                RestReason::BeforeKey,
                format!(
                    "Fresh legs for tomorrow's {}: quality work is only quality when you arrive rested.",
                    describe(nx)
                ),
            )
        } else if flat[i].plan_week.deload {
            (
                RestReason::DeloadWeek,
                "A cut-back week: lighter load lets the last block's training settle in."
                    .to_string(),
            )
        } else if in_taper
            || (plan.goal.is_some() && flat[i].week + 1 >= race_week && race_week >= 3)
        {
            (
                RestReason::Taper,
                "Taper: less work now so you start the race fresh, keeping the fitness you built."
                    .to_string(),
            )
        } else {
            (
                RestReason::Scheduled,
                "A planned rest day: recovery is part of the training, not a gap in it."
                    .to_string(),
            )
        };
        let mut options: Vec<String> = REST_OPTIONS.iter().map(|s| s.to_string()).collect();
        options.push("Not a make-up day: missed sessions stay missed".to_string());
        flat[i].note.rest = Some(RestNote {
            reason,
            why,
            options,
            topic: reason.topic(),
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plan::load::load;
    use crate::plan::units::Units;
    use std::path::Path;

    fn plan(src: &str) -> Plan {
        let l = load(Path::new("p.yaml"), src, "plans", Units::Km);
        l.plan.unwrap_or_else(|| panic!("{:#?}", l.diagnostics))
    }

    /// A plan from week lines: each week is seven compact days separated by ` , `.
    fn weeks(level: &str, head: &str, weeks: &[&str]) -> String {
        let mut s = format!("title: T\nlevel: {level}\n{head}weeks:\n");
        for w in weeks {
            let (meta, days) = w.split_once('!').map_or(("", *w), |(m, d)| (m, d));
            s.push_str("  - days:\n");
            for (d, v) in WEEKDAYS_LC.iter().zip(days.split(" , ")) {
                s.push_str(&format!("      {d}: '{}'\n", v.trim()));
            }
            for m in meta.split(';').filter(|m| !m.is_empty()) {
                s.push_str(&format!("    {m}\n"));
            }
        }
        s
    }
    const WEEKDAYS_LC: [&str; 7] = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];
    const GOOD: &str = "rest , easy 8km @RPE3 , tempo 8km @RPE7 , easy 6km @RPE3 , rest , easy 8km @RPE3 , long 12km @RPE4";

    fn codes(a: &Analysis) -> Vec<(Code, Severity, usize, Option<usize>)> {
        a.findings
            .iter()
            .filter(|f| f.acknowledged.is_none())
            .map(|f| (f.code, f.severity, f.week, f.weekday))
            .collect()
    }

    fn analyse_src(src: &str) -> Analysis {
        analyse(&plan(src), &RecoveryOverrides::default())
    }

    #[test]
    fn every_code_has_evidence_and_round_trips_through_its_text() {
        // Naming every variant: a new one fails to compile here until it is added to ALL.
        let in_all = |c: Code| match c {
            Code::RestGap
            | Code::HardBackToBack
            | Code::HardBeforeRace
            | Code::LongAfterTuneUp
            | Code::LongRunSpike
            | Code::VolumeJump
            | Code::EasyNotEasy
            | Code::Monotony
            | Code::NoCutback
            | Code::DeloadNotLighter
            | Code::IntensityBalance
            | Code::TaperVolume
            | Code::TaperIntensity
            | Code::TaperFrequency
            | Code::LongRunShare
            | Code::RampRate
            | Code::RaceForm => Code::ALL.contains(&c),
        };
        for code in Code::ALL {
            assert!(in_all(code));
            assert!(!code.evidence().reference.is_empty(), "{code}");
            assert_eq!(Code::parse(code.as_str()), Some(code));
            assert_eq!(
                serde_json::to_value(code).unwrap(),
                serde_json::Value::from(code.as_str())
            );
            assert_eq!(code.to_string(), code.as_str());
        }
        let mut sorted = Code::ALL;
        sorted.sort();
        assert_eq!(sorted, Code::ALL, "ALL is in declaration (sort) order");
        assert_eq!(Code::parse("hard-back2back"), None);
        assert_eq!(Code::parse("Monotony"), None);
        assert_eq!(
            serde_json::to_value(Confidence::Moderate).unwrap(),
            serde_json::Value::from("Moderate")
        );
        assert_eq!(
            serde_json::to_value(RestReason::DeloadWeek).unwrap(),
            serde_json::Value::from("deload-week")
        );
        assert_eq!(
            serde_json::to_value(Severity::Guideline).unwrap(),
            serde_json::Value::from("guideline")
        );
    }

    #[test]
    fn hand_computed_polarization_index() {
        // 80 / 5 / 15 %: log10(16 × 0.15 × 100) = log10(240) = 2.380.
        let pi = polarization_index([80.0, 5.0, 15.0]).unwrap();
        assert!((pi - 2.380).abs() < 0.001, "{pi}");
        // Pyramidal 75 / 20 / 5 %: log10(3.75 × 0.05 × 100) = log10(18.75) = 1.273.
        let pi = polarization_index([75.0, 20.0, 5.0]).unwrap();
        assert!((pi - 1.273).abs() < 0.001, "{pi}");
        assert_eq!(polarization_index([60.0, 40.0, 0.0]), None);
        assert_eq!(polarization_index([0.0; 3]), None);
    }

    #[test]
    fn hand_computed_monotony_and_strain() {
        let loads = [0.0, 450.0, 180.0, 420.0, 0.0, 200.0, 500.0];
        let m = monotony(&loads);
        assert!((m - 1.288).abs() < 0.001, "{m}");
        let strain = loads.iter().sum::<f64>() * m;
        assert!((strain - 2254.0).abs() < 1.0, "{strain}");
        let six = [400.0, 400.0, 400.0, 400.0, 400.0, 400.0, 0.0];
        assert!((monotony(&six) - 2.449).abs() < 0.001);
        assert_eq!(monotony(&[300.0; 7]), 10.0);
        assert_eq!(monotony(&[0.0; 7]), 0.0);
    }

    #[test]
    fn a_sound_week_has_no_findings_and_annotated_rest() {
        let a = analyse_src(&weeks("intermediate", "", &[GOOD]));
        assert!(codes(&a).is_empty(), "{:?}", codes(&a));
        let mon = &a.weeks[0].days[0];
        assert_eq!(mon.badge, Badge::Rest);
        let fri = &a.weeks[0].days[4];
        assert_eq!(fri.rest.as_ref().unwrap().reason, RestReason::Scheduled);
        let s = &a.weeks[0].summary;
        assert_eq!(s.rest_days, 2);
        assert_eq!(s.hard_sessions, 1);
        assert_eq!(a.weeks[0].days[2].badge, Badge::KeySession);
    }

    #[test]
    fn walks_and_mobility_beyond_rest_say_what_they_are() {
        let a = analyse_src(&weeks(
            "intermediate",
            "",
            &[
                "walk 40min @RPE9 , walk 90min , mobility 60min , rest (walk 20min) , walk 20min , rest 30min , rest; mobility 10min",
            ],
        ));
        let d = &a.weeks[0].days;
        assert_eq!(
            (d[0].badge, d[0].rest_like, d[0].hard),
            (Badge::Walk, false, true)
        );
        assert_eq!(
            (d[1].badge, d[1].rest_like, d[1].hard),
            (Badge::Walk, false, false)
        );
        assert_eq!((d[2].badge, d[2].rest_like), (Badge::Mobility, false));
        assert_eq!((d[3].badge, d[3].rest_like), (Badge::Rest, true));
        assert!(
            d[3].rest.is_some(),
            "a rest with its extra carries a reason"
        );
        assert_eq!((d[4].badge, d[4].rest_like), (Badge::ActiveRest, true));
        assert_eq!((d[5].badge, d[5].rest_like), (Badge::Rest, true));
        assert_eq!((d[6].badge, d[6].rest_like), (Badge::ActiveRest, true));
        assert_eq!(a.weeks[0].summary.rest_days, 4);
        assert_eq!(Badge::Walk.label(), "Walk");
    }

    #[test]
    fn a_hard_block_makes_a_hard_day() {
        let a = analyse_src(&weeks(
            "intermediate",
            "",
            &[
                "rest , easy 5km @RPE3 + 2km @RPE9 , rest , easy @RPE3 5km + 2km @RPE6 , rest , easy 5km @RPE3 + 2km @RPE5 , rest",
            ],
        ));
        let d = &a.weeks[0].days;
        assert!(d[1].hard, "a block at RPE 9");
        assert_eq!(d[1].badge, Badge::KeySession);
        assert!(d[3].hard, "a block at RPE 6 under a session effort of 3");
        assert!(!d[5].hard, "RPE 5 is not hard");
        assert_eq!(d[5].badge, Badge::Easy);
    }

    #[test]
    fn rest_reasons_follow_neighbours() {
        let a = analyse_src(&weeks(
            "intermediate",
            "",
            &["intervals 8km @RPE8 , rest , easy 5km , rest , tempo 6km , race 5km @RPE9 , rest"],
        ));
        let r = |d: usize| a.weeks[0].days[d].rest.as_ref().unwrap().reason;
        assert_eq!(r(1), RestReason::AfterKey);
        assert_eq!(r(3), RestReason::BeforeKey);
        assert_eq!(r(6), RestReason::AfterRace);
    }

    #[test]
    fn rest_gap_by_level_and_boundary() {
        let seven = "easy 5km , easy 5km , easy 5km , easy 5km , easy 5km , easy 5km , easy 5km";
        let six = "rest , easy 5km , easy 5km , easy 5km , easy 5km , easy 5km , easy 5km";
        // Six days then rest next Monday: fine. Seven: flagged.
        let a = analyse_src(&weeks("novice", "", &[six, six]));
        assert!(!codes(&a).iter().any(|c| c.0 == Code::RestGap));
        let a = analyse_src(&weeks("novice", "", &[six, seven, six]));
        let gap: Vec<_> = codes(&a)
            .into_iter()
            .filter(|c| c.0 == Code::RestGap)
            .collect();
        assert_eq!(gap, vec![(Code::RestGap, Severity::Warning, 2, Some(0))]);
        let a = analyse_src(&weeks("intermediate", "", &[six, seven, six]));
        assert_eq!(
            codes(&a).iter().find(|c| c.0 == Code::RestGap).map(|c| c.1),
            Some(Severity::Caution)
        );
        let a = analyse_src(&weeks(
            "advanced",
            "",
            &[
                "rest , easy 5km , easy 5km , easy 5km , easy 5km , easy 5km , easy 5km",
                "easy 5km , rest , easy 5km , easy 5km , easy 5km , easy 5km , easy 5km",
            ],
        ));
        assert_eq!(
            codes(&a).iter().find(|c| c.0 == Code::RestGap).map(|c| c.1),
            Some(Severity::Note)
        );
        let a = analyse_src(&weeks(
            "novice",
            "",
            &[
                "rest , easy 5km , easy 5km , easy 5km , easy 5km , easy 5km , easy 5km",
                "easy 5km , rest , easy 5km , easy 5km , easy 5km , easy 5km , easy 5km",
            ],
        ));
        assert_eq!(
            codes(&a).iter().find(|c| c.0 == Code::RestGap).map(|c| c.1),
            Some(Severity::Warning)
        );
    }

    #[test]
    fn hard_back_to_back_and_ack() {
        let w = "rest , tempo 8km , intervals 8km , easy 5km , rest , easy 5km , easy 10km";
        let a = analyse_src(&weeks("intermediate", "", &[w]));
        assert!(codes(&a).contains(&(Code::HardBackToBack, Severity::Caution, 1, Some(2))));
        let three = "rest , tempo 8km , intervals 8km , hills 6km , rest , easy 5km , easy 10km";
        let a = analyse_src(&weeks("intermediate", "", &[three]));
        let h: Vec<_> = codes(&a)
            .into_iter()
            .filter(|c| c.0 == Code::HardBackToBack)
            .collect();
        assert_eq!(
            h,
            vec![(Code::HardBackToBack, Severity::Warning, 1, Some(3))]
        );
        // One grade lower for advanced runners.
        let a = analyse_src(&weeks("advanced", "", &[w]));
        assert!(codes(&a).contains(&(Code::HardBackToBack, Severity::Guideline, 1, Some(2))));
        let a = analyse_src(&weeks("advanced", "", &[three]));
        assert!(codes(&a).contains(&(Code::HardBackToBack, Severity::Caution, 1, Some(3))));
        let acked = weeks(
            "intermediate",
            "",
            &[&format!(
                "ack: [{{ code: hard-back-to-back, note: On purpose. }}]!{w}"
            )],
        );
        let a = analyse_src(&acked);
        assert!(codes(&a).is_empty(), "{:?}", codes(&a));
        assert_eq!(a.weeks[0].days[2].badge, Badge::CoachsChoice);
        assert_eq!(
            a.weeks[0].days[2].coachs_choice.as_deref(),
            Some("On purpose.")
        );
    }

    #[test]
    fn hard_before_race() {
        let a = analyse_src(&weeks(
            "intermediate",
            "",
            &["rest , easy 5km , rest , easy 5km , rest , tempo 5km , race 10km"],
        ));
        assert!(codes(&a).contains(&(Code::HardBeforeRace, Severity::Caution, 1, Some(5))));
        let a = analyse_src(&weeks(
            "intermediate",
            "",
            &["rest , tempo 5km , rest , easy 5km , rest , easy 3km , race 10km"],
        ));
        assert!(!codes(&a).iter().any(|c| c.0 == Code::HardBeforeRace));
    }

    #[test]
    fn long_run_spike_with_and_without_baseline() {
        let w1 = "rest , easy 5km , rest , easy 5km , rest , easy 5km , long 10km";
        let w2 =
            |km: &str| format!("rest , easy 5km , rest , easy 5km , rest , easy 5km , long {km}");
        let spike = |a: &Analysis| {
            codes(a)
                .into_iter()
                .filter(|c| c.0 == Code::LongRunSpike)
                .collect::<Vec<_>>()
        };
        // Without baseline, week 1 sets it: 11 km is exactly +10 %: fine; 11.5 is a guideline
        // (a step of 10-30 %), 13 km (exactly 30 %) still one, 13.5 km (35 %) a caution, 20 km
        // (exactly 100 %) a caution, 21 km a warning.
        let a = analyse_src(&weeks("intermediate", "", &[w1, &w2("11km")]));
        assert_eq!(spike(&a), vec![]);
        for (km, sev) in [
            ("11.5km", Severity::Guideline),
            ("13km", Severity::Guideline),
            ("13.5km", Severity::Caution),
            ("20km", Severity::Caution),
            ("21km", Severity::Warning),
        ] {
            let a = analyse_src(&weeks("intermediate", "", &[w1, &w2(km)]));
            assert_eq!(
                spike(&a),
                vec![(Code::LongRunSpike, sev, 2, Some(6))],
                "{km}"
            );
        }
        // The caution threshold is `recovery: { long_run_caution }`.
        let a = analyse_src(&weeks(
            "intermediate",
            "recovery: { long_run_caution: 12 }\n",
            &[w1, &w2("11.5km")],
        ));
        assert_eq!(
            spike(&a),
            vec![(Code::LongRunSpike, Severity::Caution, 2, Some(6))]
        );
        // A baseline stands in for the days before the plan.
        let a = analyse_src(&weeks(
            "intermediate",
            "athlete: { baseline: { longest_run: 8km } }\n",
            &[w1],
        ));
        assert!(codes(&a).contains(&(Code::LongRunSpike, Severity::Guideline, 1, Some(6))));
        // Race day is exempt.
        let a = analyse_src(&weeks(
            "intermediate",
            "",
            &[
                w1,
                "rest , easy 5km , rest , easy 5km , rest , easy 3km , race 21.1km",
            ],
        ));
        assert!(!codes(&a).iter().any(|c| c.0 == Code::LongRunSpike));
    }

    #[test]
    fn a_long_run_ladder_is_one_finding_listing_its_weeks() {
        let w =
            |km: &str| format!("rest , easy 5km , rest , easy 5km , rest , easy 5km , long {km}");
        let ladder = [w("10km"), w("12km"), w("14km"), w("16km"), w("10km")];
        let refs: Vec<&str> = ladder.iter().map(String::as_str).collect();
        let a = analyse_src(&weeks("intermediate", "", &refs));
        let f: Vec<_> = a
            .findings
            .iter()
            .filter(|f| f.code == Code::LongRunSpike)
            .collect();
        assert_eq!(f.len(), 1, "{f:#?}");
        assert_eq!((f[0].severity, f[0].week), (Severity::Guideline, 2));
        assert!(
            f[0].message
                .contains("weeks 2, 3 and 4 (10 km → 12 km → 14 km → 16 km)"),
            "{}",
            f[0].message
        );
        assert_eq!(f[0].also, vec![(3, Some(6)), (4, Some(6))]);
        // An `ack` on any step of the ladder acknowledges it.
        let mut acked = refs.clone();
        let w4 = format!("ack: [long-run-spike]!{}", w("16km"));
        acked[3] = &w4;
        let a = analyse_src(&weeks("intermediate", "", &acked));
        assert!(!codes(&a).iter().any(|c| c.0 == Code::LongRunSpike));
        // A jump breaks the ladder: the caution is its own finding.
        let jump = [w("10km"), w("12km"), w("18km")];
        let refs: Vec<&str> = jump.iter().map(String::as_str).collect();
        let a = analyse_src(&weeks("intermediate", "", &refs));
        let f: Vec<_> = codes(&a)
            .into_iter()
            .filter(|c| c.0 == Code::LongRunSpike)
            .collect();
        assert_eq!(
            f,
            vec![
                (Code::LongRunSpike, Severity::Guideline, 2, Some(6)),
                (Code::LongRunSpike, Severity::Caution, 3, Some(6))
            ]
        );
    }

    #[test]
    fn intensity_makes_a_day_hard_not_duration() {
        let a = analyse_src(&weeks(
            "intermediate",
            "paces:\n  MP: { pace: 5:00/km, rpe: 6 }\n",
            &[
                "long 2h @RPE4 , easy 5km , long 16km + 5km @MP , rest , easy 8km + 3km @MP , rest , rest",
            ],
        ));
        let d = &a.weeks[0].days;
        assert!(
            !d[0].hard,
            "two aerobic hours are a long run, not a hard day"
        );
        assert_eq!(d[0].badge, Badge::Long);
        assert!(d[2].hard, "race-pace blocks make a long run hard");
        assert!(d[4].hard, "a block at RPE 6 makes any run hard");
        // A medium-long run beside a hard session is no longer a back-to-back.
        let a = analyse_src(&weeks(
            "intermediate",
            "",
            &["rest , intervals 10km , long 19km , rest , easy 8km , rest , long 28km"],
        ));
        assert!(!codes(&a).iter().any(|c| c.0 == Code::HardBackToBack));
    }

    #[test]
    fn a_long_run_after_a_tune_up_race_is_a_named_pattern() {
        let w = "rest , intervals 10km , easy 10km , rest , easy 6km , race 10km , long 25km";
        let goal = "rest , easy 8km , rest , easy 6km , rest , easy 4km , race 21.1km";
        let a = analyse_src(&weeks("intermediate", "", &[w, w, goal]));
        let t: Vec<_> = codes(&a)
            .into_iter()
            .filter(|c| c.0 == Code::LongAfterTuneUp || c.0 == Code::HardBackToBack)
            .collect();
        assert_eq!(
            t,
            vec![
                (Code::LongAfterTuneUp, Severity::Note, 1, Some(6)),
                (Code::LongAfterTuneUp, Severity::Note, 2, Some(6))
            ]
        );
        let a = analyse_src(&weeks("novice", "", &[w, goal]));
        assert!(codes(&a).contains(&(Code::LongAfterTuneUp, Severity::Guideline, 1, Some(6))));
        // The goal race is no tune-up; a hard long run after a race is a back-to-back.
        let a = analyse_src(&weeks(
            "intermediate",
            "",
            &["rest , easy 5km , rest , easy 5km , rest , race 10km , long 25km @RPE7"],
        ));
        assert!(!codes(&a).iter().any(|c| c.0 == Code::LongAfterTuneUp));
        let a = analyse_src(&weeks(
            "intermediate",
            "",
            &[
                "rest , easy 5km , rest , easy 5km , rest , race 10km , long 25km @RPE7",
                goal,
            ],
        ));
        assert!(codes(&a).contains(&(Code::HardBackToBack, Severity::Caution, 1, Some(6))));
        assert!(!codes(&a).iter().any(|c| c.0 == Code::LongAfterTuneUp));
    }

    #[test]
    fn volume_jump_is_a_guideline() {
        let w =
            |km: &str| format!("rest , easy {km} , rest , easy 5km , rest , easy 5km , long 10km");
        let a = analyse_src(&weeks("intermediate", "", &[&w("5km"), &w("7.5km")]));
        assert!(
            !codes(&a).iter().any(|c| c.0 == Code::VolumeJump),
            "{:?}",
            codes(&a)
        );
        let a = analyse_src(&weeks("intermediate", "", &[&w("5km"), &w("8km")]));
        assert!(codes(&a).contains(&(Code::VolumeJump, Severity::Guideline, 2, None)));
        assert!(
            a.findings
                .iter()
                .any(|f| f.code == Code::VolumeJump && f.evidence.confidence == Confidence::Weak)
        );
    }

    #[test]
    fn easy_not_easy() {
        let a = analyse_src(&weeks(
            "intermediate",
            "",
            &["rest , easy 5km @RPE5 , rest , easy 5km @RPE4 , rest , easy 5km , long 10km"],
        ));
        let e: Vec<_> = codes(&a)
            .into_iter()
            .filter(|c| c.0 == Code::EasyNotEasy)
            .collect();
        assert_eq!(
            e,
            vec![(Code::EasyNotEasy, Severity::Guideline, 1, Some(1))]
        );
        let head = "paces:\n  easy: { pace: 6:00-6:30/km, rpe: 3 }\n";
        let a = analyse_src(&weeks(
            "intermediate",
            head,
            &["rest , easy 5km @5:30/km , rest , easy 5km @6:00/km , rest , easy 5km , long 10km"],
        ));
        let e: Vec<_> = codes(&a)
            .into_iter()
            .filter(|c| c.0 == Code::EasyNotEasy)
            .collect();
        assert_eq!(
            e,
            vec![(Code::EasyNotEasy, Severity::Guideline, 1, Some(1))]
        );
    }

    #[test]
    fn monotony_levels() {
        let same = "easy 60min @RPE3 , easy 60min @RPE3 , easy 60min @RPE3 , easy 60min @RPE3 , easy 60min @RPE3 , easy 60min @RPE3 , rest";
        let a = analyse_src(&weeks("intermediate", "", &[same]));
        assert!((a.weeks[0].summary.monotony - 2.449).abs() < 0.001);
        assert!(codes(&a).contains(&(Code::Monotony, Severity::Guideline, 1, None)));
        let a = analyse_src(&weeks("intermediate", "", &[GOOD]));
        assert!(
            a.weeks[0].summary.monotony <= 1.5,
            "{}",
            a.weeks[0].summary.monotony
        );
    }

    #[test]
    fn cutbacks() {
        let w =
            |km: &str| format!("rest , easy {km} , rest , easy 5km , rest , easy 5km , long 10km");
        let flat: Vec<String> = (0..5).map(|_| w("5km")).collect();
        let refs: Vec<&str> = flat.iter().map(String::as_str).collect();
        let a = analyse_src(&weeks("intermediate", "", &refs));
        assert!(codes(&a).contains(&(Code::NoCutback, Severity::Guideline, 5, None)));
        let a = analyse_src(&weeks("intermediate", "", &refs[..4]));
        assert!(!codes(&a).iter().any(|c| c.0 == Code::NoCutback));
        let d = format!("deload: true!{}", w("5km"));
        let a = analyse_src(&weeks("intermediate", "", &[&w("5km"), &d]));
        assert!(codes(&a).contains(&(Code::DeloadNotLighter, Severity::Caution, 2, None)));
        let light = "deload: true!rest , easy 3km , rest , easy 3km , rest , easy 3km , long 7km";
        let a = analyse_src(&weeks("intermediate", "", &[&w("5km"), light]));
        assert!(!codes(&a).iter().any(|c| c.0 == Code::DeloadNotLighter));
        assert_eq!(a.summary.cutback_weeks, vec![2]);
    }

    #[test]
    fn intensity_balance() {
        let hard = "rest , tempo 60min @RPE7 , easy 30min , intervals 60min @RPE8 , rest , easy 30min , long 60min @RPE4";
        let a = analyse_src(&weeks("intermediate", "", &[hard, hard, hard, hard]));
        assert!(codes(&a).contains(&(Code::IntensityBalance, Severity::Guideline, 4, None)));
        let a = analyse_src(&weeks("intermediate", "", &[GOOD, GOOD, GOOD, GOOD]));
        assert!(!codes(&a).iter().any(|c| c.0 == Code::IntensityBalance));
    }

    #[test]
    fn taper_profile_and_taper_volume() {
        let build = GOOD;
        let race = "rest , easy 5km , rest , easy 5km , rest , easy 3km , race 10km @RPE9";
        let taper = "rest , easy 5km , rest , tempo 5km , rest , easy 5km , long 8km";
        let a = analyse_src(&weeks(
            "intermediate",
            "",
            &[build, build, build, build, build, build, build],
        ));
        assert!(!codes(&a).iter().any(|c| c.0 == Code::TaperVolume));
        let a = analyse_src(&weeks(
            "intermediate",
            "",
            &[build, build, build, build, build, build, race],
        ));
        assert!(
            codes(&a).contains(&(Code::TaperVolume, Severity::Guideline, 7, None)),
            "{:?}",
            codes(&a)
        );
        let a = analyse_src(&weeks(
            "intermediate",
            "",
            &[build, build, build, build, taper, taper, race],
        ));
        assert!(
            !codes(&a).iter().any(|c| c.0 == Code::TaperVolume),
            "{:?}",
            a.summary.taper
        );
        assert_eq!(a.summary.taper.len(), 3);
        assert!(a.summary.taper[2].reduction > 0.0);
    }
}
