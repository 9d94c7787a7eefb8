//! The training-plan model: what a coach wrote, after validation.
//!
//! `load` turns a plan file into a [`Plan`] (the only place that reads plan YAML), `compact`
//! parses the one-line day syntax, `totals` computes distances, durations and efforts (with
//! estimates marked), `analysis` derives the rest-day annotations, week summaries and
//! recovery findings, and `describe` turns sessions back into text. Nothing here knows HTML.

pub mod analysis;
pub mod calendar;
pub mod compact;
pub mod describe;
pub mod diff;
pub mod family;
pub mod load;
pub mod marks;
pub mod scale;
pub mod totals;
pub mod units;
pub mod vdot;
pub mod watch;

/// Named paces and a day parser shared by the plan modules' unit tests.
#[cfg(test)]
pub(crate) mod test_support {
    use super::compact::{Context, parse_day};
    use super::{NamedPace, Session};

    /// easy 6:00–6:30/km RPE 3, T 4:45/km RPE 7, 5K 4:20/km RPE 8, MP 5:15/km RPE 5.
    pub fn paces() -> Vec<NamedPace> {
        [
            ("easy", 360.0, 390.0, 3.0),
            ("T", 285.0, 285.0, 7.0),
            ("5K", 260.0, 260.0, 8.0),
            ("MP", 315.0, 315.0, 5.0),
        ]
        .into_iter()
        .map(|(name, lo, hi, rpe)| NamedPace {
            name: name.into(),
            pace: Some((lo, hi)),
            rpe: Some(rpe),
            from: None,
        })
        .collect()
    }

    /// A compact day parsed against [`paces`].
    pub fn parse(day: &str) -> Vec<Session> {
        let p = paces();
        let names: Vec<&str> = p.iter().map(|p| p.name.as_str()).collect();
        parse_day(day, &Context { paces: &names }).unwrap_or_else(|e| panic!("{day}: {e:?}"))
    }
}

use std::collections::BTreeMap;
use std::path::PathBuf;

use jiff::civil::Date;
use serde::Serialize;

pub use units::{Amount, Units};

use crate::yaml::Pos;

/// A training plan.
#[derive(Debug, Clone, Serialize)]
pub struct Plan {
    /// Stable identity (URLs, calendar UIDs): `id`, else the file stem.
    pub id: String,
    /// The file, relative to the site root.
    pub source: PathBuf,
    /// The URL path below the site root (`plans/half`), mirroring the file's folder.
    pub path: String,
    /// Title.
    pub title: String,
    /// Who it is for; changes analysis thresholds.
    pub level: Level,
    /// Display units.
    pub units: Units,
    /// The race the plan leads to.
    pub goal: Option<Goal>,
    /// The Monday of week 1, when the plan is dated.
    pub start: Option<Date>,
    /// One line for lists.
    pub summary: Option<String>,
    /// Markdown description.
    pub description: Option<String>,
    /// Tags.
    pub tags: Vec<String>,
    /// Excluded from builds unless drafts are asked for.
    pub draft: bool,
    /// Whether the page offers "Make this plan yours" (`personalise:`); `None` follows
    /// site.yaml.
    pub personalise: Option<bool>,
    /// What the plan assumes of the athlete at the start.
    pub baseline: Baseline,
    /// Named paces, in the order written.
    pub paces: Vec<NamedPace>,
    /// Articles by topic (`rest`, `deload`, `taper`): content paths like `posts/recovery`.
    pub articles: BTreeMap<String, String>,
    /// Where each `articles:` entry is written, for errors.
    #[serde(skip)]
    pub articles_pos: BTreeMap<String, Pos>,
    /// Analysis thresholds set for this plan.
    pub recovery: RecoveryOverrides,
    /// `workouts: true/false`: publish (or not) the sessions as watch workouts; `None` follows
    /// site.yaml.
    pub workouts: Option<bool>,
    /// The weeks, week 1 first.
    pub weeks: Vec<Week>,
    /// `extra:`: the templates' own data (`plan.extra`), which Taper does not read.
    #[serde(skip)]
    pub extra: crate::extra::Extra,
    /// Digest of the plan file's text (set when it is read), and for a variant of its base's
    /// digest too: what `taper serve` compares.
    #[serde(skip)]
    pub digest: u64,
    /// Set on a plan made from another with `extends:`.
    #[serde(skip)]
    pub variant: Option<VariantOf>,
}

/// What a variant (`extends:`) was made from.
#[derive(Debug, Clone, PartialEq)]
pub struct VariantOf {
    /// The base plan's file, relative to the site root.
    pub base: PathBuf,
    /// The file of the plan at the root of the chain (the family's name).
    pub family: PathBuf,
    /// How many `extends:` lead to the root (1 for a variant of a plain plan).
    pub depth: usize,
    /// `scale:` as written.
    pub scale: Option<f64>,
}

impl Plan {
    /// The named pace `name`, if defined.
    pub fn pace(&self, name: &str) -> Option<&NamedPace> {
        self.paces.iter().find(|p| p.name == name)
    }

    /// The date of a day, when the plan is dated.
    pub fn date_of(&self, week: usize, weekday: usize) -> Option<Date> {
        let start = self.start?;
        let days = i64::try_from(week * 7 + weekday).ok()?;
        start.checked_add(jiff::Span::new().days(days)).ok()
    }

    /// The last day of the plan, when dated.
    pub fn end(&self) -> Option<Date> {
        self.date_of(self.weeks.len().checked_sub(1)?, 6)
    }

    /// The family a plan belongs to: the file of the plan its `extends:` chain starts from
    /// (its own file when it extends nothing).
    pub fn family(&self) -> &std::path::Path {
        self.variant.as_ref().map_or(&self.source, |v| &v.family)
    }
}

/// Who a plan is written for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    /// New to structured training.
    Novice,
    /// Some seasons of training.
    #[default]
    Intermediate,
    /// Experienced, higher volume.
    Advanced,
}

impl Level {
    /// Parses `novice`, `intermediate`, `advanced` (also `beginner`).
    pub fn parse(s: &str) -> Option<Level> {
        match s.trim().to_ascii_lowercase().as_str() {
            "novice" | "beginner" => Some(Level::Novice),
            "intermediate" => Some(Level::Intermediate),
            "advanced" => Some(Level::Advanced),
            _ => None,
        }
    }

    /// The name as written.
    pub fn name(self) -> &'static str {
        match self {
            Level::Novice => "novice",
            Level::Intermediate => "intermediate",
            Level::Advanced => "advanced",
        }
    }
}

/// The goal race.
#[derive(Debug, Clone, Serialize, Default)]
pub struct Goal {
    /// Race name.
    pub race: Option<String>,
    /// Race distance in metres.
    pub distance: Option<f64>,
    /// Race day.
    pub date: Option<Date>,
    /// Target time or outcome, as written (`1:45:00`).
    pub target: Option<String>,
}

/// What the plan assumes of the athlete before week 1.
#[derive(Debug, Clone, Copy, Serialize, Default)]
pub struct Baseline {
    /// Weekly running distance in metres.
    pub weekly: Option<f64>,
    /// Longest recent run in metres.
    pub longest_run: Option<f64>,
    /// Recent weekly planned load (RPE × minutes): where fitness and fatigue start.
    pub weekly_load: Option<f64>,
}

/// A named target such as `easy` or `T`.
#[derive(Debug, Clone, Serialize)]
pub struct NamedPace {
    /// The name used after `@`.
    pub name: String,
    /// Pace range in seconds per km (fast end first).
    pub pace: Option<(f64, f64)>,
    /// Effort on the CR-10 scale.
    pub rpe: Option<f64>,
    /// How the pace follows race fitness (`from:`, `offset:`), for a reader's own paces.
    pub from: Option<vdot::PaceRelation>,
}

/// Analysis thresholds a site or plan may change (`recovery:` in site.yaml or a plan).
#[derive(Debug, Clone, Copy, Serialize, Default, PartialEq)]
pub struct RecoveryOverrides {
    /// Days in a row without rest before `rest-gap` (default 6).
    pub max_days_without_rest: Option<u32>,
    /// Allowed single-run increase over the 30-day longest, percent (default 10).
    pub long_run_increase: Option<f64>,
    /// Single-run increase above which `long-run-spike` is a caution, percent (default 30).
    pub long_run_caution: Option<f64>,
    /// Allowed weekly distance increase, percent (default 10).
    pub weekly_increase: Option<f64>,
    /// Monotony above which `monotony` is a guideline (default 2.0).
    pub monotony: Option<f64>,
    /// Share of time at low intensity below which `intensity-balance` fires (default 70).
    pub low_intensity_share: Option<f64>,
    /// Weekly rise of fitness, percent of itself, above which `ramp-rate` fires (default 8).
    pub ramp_rate: Option<f64>,
    /// Form on race morning at or below which `race-form` fires (default 0).
    pub race_form: Option<f64>,
    /// Taper volume cut below which `taper-volume` is a guideline, percent (default 25).
    pub taper_volume_cut: Option<f64>,
    /// Taper volume cut below which `taper-volume` is a note, percent (default 40).
    pub taper_volume_best: Option<f64>,
    /// Taper volume cut above which `taper-volume` is a note, percent (default 90).
    pub taper_volume_max: Option<f64>,
    /// Effort a taper session must reach in the last 10 days (default 7).
    pub taper_intensity_rpe: Option<f64>,
    /// Drop in sessions a week above which `taper-frequency` fires, percent (default 20).
    pub taper_frequency_drop: Option<f64>,
    /// Long run share of its week above which `long-run-share` fires, percent (default 30,
    /// 35 for novices).
    pub long_run_share: Option<f64>,
}

/// One week of a plan.
#[derive(Debug, Clone, Serialize)]
pub struct Week {
    /// 1-based week number (its position in the list).
    pub n: usize,
    /// `base`, `build`, `peak`, `taper`, `recovery`, or free text.
    pub phase: Option<String>,
    /// Asserted cut-back week.
    pub deload: bool,
    /// A note for the week.
    pub note: Option<String>,
    /// Findings the coach acknowledged for this week.
    pub acks: Vec<Ack>,
    /// Monday to Sunday, always seven.
    pub days: Vec<Day>,
    /// Where the week starts in the file.
    #[serde(skip)]
    pub pos: Pos,
    /// The file `pos` is in when it is not the plan's own (a week a variant inherits).
    #[serde(skip)]
    pub origin: Option<PathBuf>,
}

impl Week {
    /// Whether the week's `phase` is `name`, ignoring case (`Taper`, `taper`).
    pub fn is_phase(&self, name: &str) -> bool {
        self.phase
            .as_deref()
            .is_some_and(|p| p.eq_ignore_ascii_case(name))
    }
}

/// A coach's acknowledgement of a finding: shown as "Coach's choice" instead of a flag.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Ack {
    /// The finding acknowledged (`hard-back-to-back`).
    pub code: analysis::Code,
    /// Why, in the coach's words.
    pub note: Option<String>,
}

/// The days of the week, Monday first.
pub const WEEKDAYS: [&str; 7] = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];

/// Full weekday names, Monday first.
pub const WEEKDAY_NAMES: [&str; 7] = [
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
];

/// One day: zero or more sessions (a double has two). Rest is a session of type `rest`.
#[derive(Debug, Clone, Serialize)]
pub struct Day {
    /// 0 = Monday.
    pub weekday: usize,
    /// The sessions of the day, in order.
    pub sessions: Vec<Session>,
    /// Where the day is written.
    #[serde(skip)]
    pub pos: Pos,
    /// The file `pos` is in when it is not the plan's own (a day a variant inherits).
    #[serde(skip)]
    pub origin: Option<PathBuf>,
}

/// One session: one or more alternatives (`rest | cross 40min`); the first is the plan's default.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Session {
    /// The alternatives; never empty.
    pub options: Vec<Workout>,
}

impl Session {
    /// The option the plan counts (the first).
    pub fn primary(&self) -> &Workout {
        &self.options[0]
    }
}

/// The highest effort of a rest-like day (and of a `rest`), CR-10.
pub const REST_LIKE_MAX_RPE: f64 = 2.0;
/// The longest a rest-like day's walking and mobility may last, in seconds (45 minutes).
pub const REST_LIKE_MAX_SECONDS: f64 = 45.0 * 60.0;

/// Session types a coach can write.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Hash, PartialOrd, Ord)]
#[serde(rename_all = "lowercase")]
pub enum SessionType {
    /// Full rest.
    Rest,
    /// A walk (active rest).
    Walk,
    /// Mobility or stretching (active rest).
    Mobility,
    /// A recovery run.
    Recovery,
    /// An easy run.
    Easy,
    /// A long run.
    Long,
    /// A tempo run.
    Tempo,
    /// Threshold work.
    Threshold,
    /// Intervals.
    Intervals,
    /// Hill repeats.
    Hills,
    /// Fartlek.
    Fartlek,
    /// A race.
    Race,
    /// Cross-training.
    Cross,
    /// Strength training.
    Strength,
}

impl SessionType {
    /// Every type, in the order the README lists them.
    pub const ALL: [SessionType; 14] = [
        SessionType::Rest,
        SessionType::Walk,
        SessionType::Mobility,
        SessionType::Recovery,
        SessionType::Easy,
        SessionType::Long,
        SessionType::Tempo,
        SessionType::Threshold,
        SessionType::Intervals,
        SessionType::Hills,
        SessionType::Fartlek,
        SessionType::Race,
        SessionType::Cross,
        SessionType::Strength,
    ];

    /// The keyword (`tempo`).
    pub fn name(self) -> &'static str {
        match self {
            SessionType::Rest => "rest",
            SessionType::Walk => "walk",
            SessionType::Mobility => "mobility",
            SessionType::Recovery => "recovery",
            SessionType::Easy => "easy",
            SessionType::Long => "long",
            SessionType::Tempo => "tempo",
            SessionType::Threshold => "threshold",
            SessionType::Intervals => "intervals",
            SessionType::Hills => "hills",
            SessionType::Fartlek => "fartlek",
            SessionType::Race => "race",
            SessionType::Cross => "cross",
            SessionType::Strength => "strength",
        }
    }

    /// A reader's label (`Tempo run`).
    pub fn label(self) -> &'static str {
        match self {
            SessionType::Rest => "Rest",
            SessionType::Walk => "Walk",
            SessionType::Mobility => "Mobility",
            SessionType::Recovery => "Recovery run",
            SessionType::Easy => "Easy run",
            SessionType::Long => "Long run",
            SessionType::Tempo => "Tempo run",
            SessionType::Threshold => "Threshold",
            SessionType::Intervals => "Intervals",
            SessionType::Hills => "Hills",
            SessionType::Fartlek => "Fartlek",
            SessionType::Race => "Race",
            SessionType::Cross => "Cross-training",
            SessionType::Strength => "Strength",
        }
    }

    /// Parses a keyword, case-insensitively.
    pub fn parse(s: &str) -> Option<SessionType> {
        let lower = s.to_ascii_lowercase();
        SessionType::ALL.into_iter().find(|t| t.name() == lower)
    }

    /// Whether the session is running (counts towards weekly distance).
    pub fn is_run(self) -> bool {
        !matches!(
            self,
            SessionType::Rest
                | SessionType::Walk
                | SessionType::Mobility
                | SessionType::Cross
                | SessionType::Strength
        )
    }

    /// Rest, walk or mobility: the types a rest-like day may contain.
    pub fn is_restful(self) -> bool {
        matches!(
            self,
            SessionType::Rest | SessionType::Walk | SessionType::Mobility
        )
    }

    /// Types that are hard by their nature.
    pub fn is_hard_type(self) -> bool {
        matches!(
            self,
            SessionType::Tempo
                | SessionType::Threshold
                | SessionType::Intervals
                | SessionType::Hills
                | SessionType::Race
        )
    }
}

/// One way of doing a session.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Workout {
    /// What kind of session.
    #[serde(rename = "type")]
    pub kind: SessionType,
    /// How much, when there are no steps.
    pub amount: Option<Amount>,
    /// A word or two after the amount (`bike`, `strides`).
    pub label: Option<String>,
    /// The target for the whole session (`@T`, `@Z2`, `@4:45/km`).
    pub target: Option<Target>,
    /// Effort for the whole session (`@RPE7`), CR-10, low and high.
    pub rpe: Option<(f64, f64)>,
    /// Structured steps (`2km wu + 3x(8min @T / 2min jog) + 2km cd`).
    pub steps: Vec<Step>,
    /// The coach's note.
    pub notes: Option<String>,
    /// Marked as a key session (`key: true`), or explicitly not (`key: false`).
    pub key: Option<bool>,
    /// Findings acknowledged on this session.
    pub acks: Vec<Ack>,
    /// Written in parentheses, as an optional extra (`rest (walk 20min)`).
    pub optional: bool,
}

impl Workout {
    /// A bare workout of `kind`.
    pub fn new(kind: SessionType) -> Workout {
        Workout {
            kind,
            amount: None,
            label: None,
            target: None,
            rpe: None,
            steps: Vec::new(),
            notes: None,
            key: None,
            acks: Vec::new(),
            optional: false,
        }
    }
}

/// A target effort or pace.
#[derive(Debug, Clone, Serialize, PartialEq)]
#[serde(tag = "kind", rename_all = "lowercase")]
pub enum Target {
    /// A heart-rate or effort zone, 1-5.
    Zone {
        /// The zone number.
        zone: u8,
    },
    /// A pace range in seconds per km (fast end first), and the unit written.
    Pace {
        /// Fast end, seconds per km.
        lo: f64,
        /// Slow end, seconds per km.
        hi: f64,
        /// `km` or `mi`.
        unit: Units,
    },
    /// A named pace from the plan's `paces:`.
    Named {
        /// The name.
        name: String,
    },
    /// An effort, CR-10 (only in step targets: `target: { rpe: 2 }`).
    Rpe {
        /// Low end.
        lo: f64,
        /// High end.
        hi: f64,
    },
}

/// What a step is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum StepKind {
    /// Warm-up.
    Warmup,
    /// The work.
    Work,
    /// Recovery between efforts (a jog).
    Recover,
    /// Standing or walking rest between efforts.
    Rest,
    /// Cool-down.
    Cooldown,
}

impl StepKind {
    /// Parses a step kind keyword.
    pub fn parse(s: &str) -> Option<StepKind> {
        match s.to_ascii_lowercase().as_str() {
            "warmup" | "warm-up" | "wu" => Some(StepKind::Warmup),
            "work" | "main" | "active" => Some(StepKind::Work),
            "recover" | "recovery" => Some(StepKind::Recover),
            "rest" => Some(StepKind::Rest),
            "cooldown" | "cool-down" | "cd" => Some(StepKind::Cooldown),
            _ => None,
        }
    }

    /// The keyword.
    pub fn name(self) -> &'static str {
        match self {
            StepKind::Warmup => "warmup",
            StepKind::Work => "work",
            StepKind::Recover => "recover",
            StepKind::Rest => "rest",
            StepKind::Cooldown => "cooldown",
        }
    }
}

/// A step of a structured session, or a repeat of steps.
#[derive(Debug, Clone, Serialize, PartialEq)]
#[serde(tag = "step", rename_all = "lowercase")]
pub enum Step {
    /// One step.
    Single {
        /// What it is for.
        kind: StepKind,
        /// How much.
        amount: Option<Amount>,
        /// At what target.
        target: Option<Target>,
        /// A cue word (`jog`, `strides`).
        cue: Option<String>,
    },
    /// `N x (...)`.
    Repeat {
        /// How many times.
        times: u32,
        /// The steps repeated.
        steps: Vec<Step>,
    },
}

#[cfg(test)]
mod tests {
    use super::test_support::parse;

    /// plan.json (`taper-plan/1`) writes every field of an option, unset ones as null, false
    /// or []: readers index them (`options[0]["amount"]`, as tests/fit/check_fit.py does), so
    /// leaving them out is a new schema version, not a size optimisation.
    #[test]
    fn options_keep_every_field_for_taper_plan_1() {
        let json = serde_json::to_string(&parse("rest")[0].options).unwrap();
        assert_eq!(
            json,
            r#"[{"type":"rest","amount":null,"label":null,"target":null,"rpe":null,"steps":[],"notes":null,"key":null,"acks":[],"optional":false}]"#
        );
    }
}
