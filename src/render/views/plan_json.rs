//! `plan.json`: the stable, typed export of a plan (schema in the docs, "plan.json", and
//! `docs/static/plan.schema.json`, which the docs site publishes as `/plan.schema.json`).

use serde::Serialize;

use crate::plan::analysis::{Analysis, WeekSummary};
use crate::plan::describe::sessions_compact;
use crate::plan::units::Units;
use crate::plan::vdot::{Intensity, RaceResult, Vdot};
use crate::plan::watch::{self, WatchStep, WatchWorkout};
use crate::plan::{Plan, WEEKDAYS};

use super::{SiteView, TopicLinks};

/// `plan.json`: the stable export of a plan with its dates, annotations and findings (schema
/// in the docs and `docs/static/plan.schema.json`). Typed, so it serialises straight to text.
pub fn plan_json<'a>(
    plan: &'a Plan,
    analysis: &'a Analysis,
    site: &SiteView,
    topic: TopicLinks,
    workouts: &'a [WatchWorkout],
) -> PlanJson<'a> {
    let page = site.url(&plan.path);
    let workout = |week: usize, weekday: usize, i: usize| {
        let w = watch::find(workouts, week, weekday, i)?;
        Some(WorkoutJson {
            name: &w.name,
            fit_url: site.absolute(&format!("{page}workouts/{}.fit", w.stem)),
            intervals_icu: w.intervals_icu.as_deref(),
            steps: &w.steps,
        })
    };
    let units: Units = plan.units;
    let fit = |week: usize, weekday: usize| {
        let days = &analysis.fitness.days;
        days.get((week - 1) * 7 + weekday)
            .copied()
            .unwrap_or_default()
    };
    let weeks = plan
        .weeks
        .iter()
        .zip(&analysis.weeks)
        .map(|(week, note)| {
            let days = week
                .days
                .iter()
                .zip(&note.days)
                .map(|(day, dn)| DayJson {
                    weekday: WEEKDAYS[day.weekday],
                    date: plan.date_of(week.n - 1, day.weekday).map(|d| d.to_string()),
                    badge: dn.badge.label(),
                    rest_like: dn.rest_like,
                    hard: dn.hard,
                    load: one(dn.load),
                    load_estimated: dn.estimated,
                    sessions: day
                        .sessions
                        .iter()
                        .zip(&dn.sessions)
                        .enumerate()
                        .map(|(i, (s, t))| SessionJson {
                            compact: sessions_compact(std::slice::from_ref(s)),
                            options: &s.options,
                            distance_m: t.distance.round() as i64,
                            duration_s: t.duration.round() as i64,
                            rpe: t.rpe,
                            estimated: EstimatedJson {
                                distance: t.distance_estimated,
                                duration: t.duration_estimated,
                                rpe: t.rpe_estimated,
                            },
                            load: one(t.load),
                            workout: workout(week.n, day.weekday, i),
                        })
                        .collect(),
                    rest: dn.rest.as_ref().map(|r| RestJson {
                        reason: r.reason.code(),
                        why: &r.why,
                        options: &r.options,
                        article: topic(r.topic).or_else(|| topic("rest")).map(|l| {
                            site.permalink(
                                l.url
                                    .trim_start_matches(&site.base_path)
                                    .trim_end_matches('/'),
                            )
                        }),
                    }),
                    coachs_choice: dn.coachs_choice.as_deref(),
                    ctl: one(fit(week.n, day.weekday).ctl),
                    atl: one(fit(week.n, day.weekday).atl),
                    tsb: one(fit(week.n, day.weekday).tsb),
                })
                .collect();
            WeekJson {
                n: week.n,
                phase: week.phase.as_deref(),
                deload: week.deload,
                start_date: plan.date_of(week.n - 1, 0).map(|d| d.to_string()),
                days,
                summary: week_summary_json(&note.summary),
            }
        })
        .collect();
    PlanJson {
        schema: "taper-plan/1",
        id: &plan.id,
        title: &plan.title,
        url: site.permalink(&plan.path),
        level: plan.level.name(),
        units: units.label(),
        start_date: plan.start.map(|d| d.to_string()),
        end_date: plan.end().map(|d| d.to_string()),
        goal: plan.goal.as_ref().map(|g| GoalJson {
            race: g.race.as_deref(),
            distance_m: g.distance,
            date: g.date.map(|d| d.to_string()),
            target: g.target.as_deref(),
        }),
        paces: plan
            .paces
            .iter()
            .map(|p| PaceJson {
                name: &p.name,
                pace_s_per_km: p.pace.map(|(lo, hi)| [lo, hi]),
                rpe: p.rpe,
                from: p.from.map(|r| RelationJson {
                    from: r.from,
                    offset_s_per_km: r.offset,
                }),
            })
            .collect(),
        personal: None,
        variant_of: None,
        also_for: Vec::new(),
        weeks,
        findings: findings_json(analysis),
        summary: summary_json(analysis),
    }
}

/// One decimal, as plan.json gives loads and fitness.
fn one(x: f64) -> f64 {
    (x * 10.0).round() / 10.0
}

/// A week's summary in plan.json.
fn week_summary_json(s: &WeekSummary) -> WeekSummaryJson {
    WeekSummaryJson {
        load: s.load.round() as i64,
        distance_m: s.distance.round() as i64,
        duration_s: s.duration.round() as i64,
        estimated: s.estimated,
        rest_days: s.rest_days,
        hard_sessions: s.hard_sessions,
        longest_run_m: s.longest_run.round() as i64,
        distance_change_pct: s.distance_change.map(one),
        duration_change_pct: s.duration_change.map(one),
        monotony: (s.monotony * 1000.0).round() / 1000.0,
        strain: s.strain.round() as i64,
        intensity_pct: IntensityJson {
            low: s.intensity_share[0].round() as i64,
            moderate: s.intensity_share[1].round() as i64,
            high: s.intensity_share[2].round() as i64,
        },
        acwr: s.acwr.map(|x| (x * 100.0).round() / 100.0),
        polarization_index: s.polarization.map(|x| (x * 100.0).round() / 100.0),
    }
}

/// The findings in plan.json, with their evidence in words.
fn findings_json(analysis: &Analysis) -> Vec<FindingJson<'_>> {
    analysis
        .findings
        .iter()
        .map(|f| FindingJson {
            code: f.code.as_str(),
            severity: f.severity.name(),
            week: f.week,
            weekday: f.weekday.map(|d| WEEKDAYS[d]),
            message: &f.message,
            evidence: format!(
                "{} (confidence: {})",
                f.evidence.reference, f.evidence.confidence
            ),
            acknowledged: f.acknowledged.as_deref(),
        })
        .collect()
}

/// The plan's summary in plan.json.
fn summary_json(analysis: &Analysis) -> PlanSummaryJson<'_> {
    let sum = &analysis.summary;
    PlanSummaryJson {
        weekly_load: sum.weekly_load.iter().map(|x| x.round() as i64).collect(),
        weekly_distance_m: sum
            .weekly_distance
            .iter()
            .map(|x| x.round() as i64)
            .collect(),
        total_distance_m: sum.total_distance.round() as i64,
        total_duration_s: sum.total_duration.round() as i64,
        rest_days_per_week: (sum.rest_days_per_week * 100.0).round() / 100.0,
        cutback_weeks: &sum.cutback_weeks,
        cutback_cadence: sum.cutback_cadence.as_deref(),
        peak_three_week_load: sum.peak_three_week_load.round() as i64,
        taper: sum
            .taper
            .iter()
            .map(|t| TaperJson {
                week: t.week,
                reduction_pct: one(t.reduction),
            })
            .collect(),
        level: sum.level.name(),
        fitness: FitnessJson {
            units: crate::plan::analysis::FITNESS_UNITS,
            start: one(analysis.fitness.start),
            start_from: analysis.fitness.start_from,
            race_form: analysis.fitness.race_form().map(one),
        },
    }
}

impl PlanJson<'_> {
    /// Adds `personal`: the VDOT of a reader's result and the pace it gives each named pace
    /// with a `from:` (what the plan page's script shows for the same result); `Err` says why
    /// the model refuses the result.
    /// The document with the plan's family: what it was made from, and its other members.
    pub fn with_family(
        mut self,
        variant_of: Option<VariantJson>,
        also_for: Vec<FamilyJson>,
    ) -> Self {
        self.variant_of = variant_of;
        self.also_for = also_for;
        self
    }

    pub fn with_result(mut self, plan: &Plan, result: RaceResult) -> Result<Self, String> {
        let vdot = Vdot::from_result(result)?;
        let paces = plan
            .paces
            .iter()
            .filter_map(|p| {
                let (lo, hi) = p.from?.pace(vdot)?;
                Some(PersonalPaceJson {
                    name: p.name.clone(),
                    pace_s_per_km: [lo, hi],
                })
            })
            .collect();
        self.personal = Some(PersonalJson {
            result: ResultJson {
                distance_m: result.metres,
                time_s: result.seconds,
            },
            vdot: vdot.0,
            paces,
        });
        Ok(self)
    }
}

/// The `plan.json` document (see [`plan_json`]).
#[derive(Debug, Serialize)]
pub struct PlanJson<'a> {
    schema: &'static str,
    id: &'a str,
    title: &'a str,
    url: String,
    level: &'static str,
    units: &'static str,
    start_date: Option<String>,
    end_date: Option<String>,
    goal: Option<GoalJson<'a>>,
    paces: Vec<PaceJson<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    personal: Option<PersonalJson>,
    /// For a plan made with `extends:`: the plan it was made from.
    #[serde(skip_serializing_if = "Option::is_none")]
    variant_of: Option<VariantJson>,
    /// The other plans of its family (base and variants), as the page's "Also for" names them.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    also_for: Vec<FamilyJson>,
    weeks: Vec<WeekJson<'a>>,
    findings: Vec<FindingJson<'a>>,
    summary: PlanSummaryJson<'a>,
}

/// The plan a variant was made from (`extends:`).
#[derive(Debug, Serialize)]
pub struct VariantJson {
    /// Its id.
    pub id: String,
    /// Its page.
    pub url: String,
    /// `scale:` as written.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub scale: Option<f64>,
}

/// Another plan of the family.
#[derive(Debug, Serialize)]
pub struct FamilyJson {
    /// As the page's "Also for" line names it (the level, or the title when two share one).
    pub name: String,
    /// Its page.
    pub url: String,
}

#[derive(Debug, Serialize)]
struct PaceJson<'a> {
    name: &'a str,
    pace_s_per_km: Option<[f64; 2]>,
    rpe: Option<f64>,
    from: Option<RelationJson>,
}

#[derive(Debug, Serialize)]
struct RelationJson {
    from: Intensity,
    offset_s_per_km: f64,
}

#[derive(Debug, Serialize)]
struct PersonalJson {
    result: ResultJson,
    vdot: f64,
    paces: Vec<PersonalPaceJson>,
}

#[derive(Debug, Serialize)]
struct ResultJson {
    distance_m: f64,
    time_s: f64,
}

#[derive(Debug, Serialize)]
struct PersonalPaceJson {
    name: String,
    pace_s_per_km: [f64; 2],
}

#[derive(Debug, Serialize)]
struct GoalJson<'a> {
    race: Option<&'a str>,
    distance_m: Option<f64>,
    date: Option<String>,
    target: Option<&'a str>,
}

#[derive(Debug, Serialize)]
struct WeekJson<'a> {
    n: usize,
    phase: Option<&'a str>,
    deload: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    start_date: Option<String>,
    days: Vec<DayJson<'a>>,
    summary: WeekSummaryJson,
}

#[derive(Debug, Serialize)]
struct DayJson<'a> {
    weekday: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    date: Option<String>,
    badge: &'static str,
    rest_like: bool,
    hard: bool,
    load: f64,
    load_estimated: bool,
    sessions: Vec<SessionJson<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    rest: Option<RestJson<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    coachs_choice: Option<&'a str>,
    /// Fitness, fatigue (end of day) and form (morning), planned-load units.
    ctl: f64,
    atl: f64,
    tsb: f64,
}

#[derive(Debug, Serialize)]
struct SessionJson<'a> {
    compact: String,
    options: &'a [crate::plan::Workout],
    distance_m: i64,
    duration_s: i64,
    rpe: f64,
    estimated: EstimatedJson,
    load: f64,
    #[serde(skip_serializing_if = "Option::is_none")]
    workout: Option<WorkoutJson<'a>>,
}

/// A session's watch workout: where its FIT file is, the same steps as intervals.icu text,
/// and the steps themselves as the FIT file holds them (metres, seconds, paces in s/km).
#[derive(Debug, Serialize)]
struct WorkoutJson<'a> {
    name: &'a str,
    fit_url: String,
    intervals_icu: Option<&'a str>,
    steps: &'a [WatchStep],
}

#[derive(Debug, Serialize)]
struct EstimatedJson {
    distance: bool,
    duration: bool,
    rpe: bool,
}

#[derive(Debug, Serialize)]
struct RestJson<'a> {
    reason: &'static str,
    why: &'a str,
    options: &'a [String],
    article: Option<String>,
}

#[derive(Debug, Serialize)]
struct WeekSummaryJson {
    load: i64,
    distance_m: i64,
    duration_s: i64,
    estimated: bool,
    rest_days: usize,
    hard_sessions: usize,
    longest_run_m: i64,
    distance_change_pct: Option<f64>,
    duration_change_pct: Option<f64>,
    monotony: f64,
    strain: i64,
    intensity_pct: IntensityJson,
    acwr: Option<f64>,
    polarization_index: Option<f64>,
}

#[derive(Debug, Serialize)]
struct IntensityJson {
    low: i64,
    moderate: i64,
    high: i64,
}

#[derive(Debug, Serialize)]
struct FindingJson<'a> {
    code: &'static str,
    severity: &'static str,
    week: usize,
    #[serde(skip_serializing_if = "Option::is_none")]
    weekday: Option<&'static str>,
    message: &'a str,
    evidence: String,
    acknowledged: Option<&'a str>,
}

#[derive(Debug, Serialize)]
struct PlanSummaryJson<'a> {
    weekly_load: Vec<i64>,
    weekly_distance_m: Vec<i64>,
    total_distance_m: i64,
    total_duration_s: i64,
    rest_days_per_week: f64,
    cutback_weeks: &'a [usize],
    cutback_cadence: Option<&'a str>,
    peak_three_week_load: i64,
    taper: Vec<TaperJson>,
    level: &'static str,
    fitness: FitnessJson,
}

#[derive(Debug, Serialize)]
struct FitnessJson {
    units: &'static str,
    start: f64,
    start_from: crate::plan::analysis::FitnessStart,
    race_form: Option<f64>,
}

#[derive(Debug, Serialize)]
struct TaperJson {
    week: usize,
    reduction_pct: f64,
}
