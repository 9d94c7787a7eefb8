//! `plan` in plan.html and the plan shortcodes: every week, day and session with text already
//! formatted, the rest-day annotations, findings and the load chart.

use serde::Serialize;

use crate::plan::analysis::{Analysis, Badge, DayNote, Finding, WeekNote};
use crate::plan::describe::{Said, Style, detail, rpe_text, session_text_of, sessions_compact};
use crate::plan::marks;
use crate::plan::totals::Totals;
use crate::plan::units::{human_distance, human_duration, human_pace, num};
use crate::plan::watch::{self, WatchWorkout};
use crate::plan::{Day, Plan, Session, WEEKDAY_NAMES, WEEKDAYS, Week};

use super::{Link, SiteView, TagLink, TopicLinks};
use crate::content::markdown::render_escaped;
use crate::render::chart;

fn pct(x: Option<f64>) -> Option<String> {
    x.map(|v| format!("{}{:.0} %", if v > 0.0 { "+" } else { "" }, v))
}

fn finding_view(f: &Finding, topic: TopicLinks) -> FindingView {
    FindingView {
        code: f.code.as_str(),
        severity: f.severity.name(),
        week: f.week,
        weekday: f.weekday.map(|d| WEEKDAYS[d]),
        weekday_name: f.weekday.map(|d| WEEKDAY_NAMES[d]),
        day_anchor: f.weekday.map(|d| format!("w{:02}-{}", f.week, WEEKDAYS[d])),
        message: f.message.clone(),
        evidence: f.evidence.reference,
        confidence: f.evidence.confidence.as_str(),
        acknowledged: f.acknowledged.clone(),
        article: topic(f.code.topic()),
    }
}

/// The theme's CSS class for a day's badge (`badge-…` and `day-…` in the templates).
fn badge_class(badge: Badge) -> &'static str {
    match badge {
        Badge::Rest => "rest",
        Badge::ActiveRest => "active-rest",
        Badge::Walk => "walk",
        Badge::Mobility => "mobility",
        Badge::RecoveryRun => "recovery",
        Badge::Easy => "easy",
        Badge::KeySession => "key",
        Badge::Long => "long",
        Badge::Race => "race",
        Badge::CrossTrain => "cross",
        Badge::Strength => "strength",
        Badge::RestOrCross => "rest-or-cross",
        Badge::CoachsChoice => "coachs-choice",
    }
}

/// The `plan` a plan page (and the plan shortcodes) receive.
/// Fills every day's [`DayView::compact`], which [`plan_view`] leaves empty: only templates
/// read it (the plan shortcode), and the built-in plan page does not.
pub fn add_compact(view: &mut PlanView, plan: &Plan) {
    for (wv, week) in view.weeks.iter_mut().zip(&plan.weeks) {
        for (dv, day) in wv.days.iter_mut().zip(&week.days) {
            dv.compact = sessions_compact(&day.sessions);
        }
    }
}

pub fn plan_view(
    plan: &Plan,
    analysis: &Analysis,
    site: &SiteView,
    related: &[Link],
    topic: TopicLinks,
    workouts: &[WatchWorkout],
) -> PlanView {
    let units = plan.units;
    let description = plan
        .description
        .as_deref()
        .map(|d| render_escaped(d, &site.base_path).html);
    let url = site.url(&plan.path);
    let linked = Workouts {
        all: workouts,
        url: &url,
    };
    let rest_options = shared_rest_options(analysis);
    let weeks = plan
        .weeks
        .iter()
        .zip(&analysis.weeks)
        .map(|(week, note)| week_view(plan, analysis, week, note, topic, &linked, &rest_options))
        .collect();
    let counts = |sev: &str| {
        analysis
            .findings
            .iter()
            .filter(|f| f.severity.name() == sev && f.acknowledged.is_none())
            .count()
    };
    PlanView {
        id: plan.id.clone(),
        extra: plan.extra.clone(),
        title: plan.title.clone(),
        permalink: site.permalink(&plan.path),
        json_url: format!("{url}plan.json"),
        level: plan.level.name(),
        units: units.label(),
        summary: plan.summary.clone(),
        description,
        tags: plan.tags.clone(),
        tag_links: Vec::new(),
        also_for: Vec::new(),
        goal: plan.goal.as_ref().map(|g| GoalView {
            race: g.race.clone(),
            distance: g.distance.map(|d| human_distance(d, units)),
            distance_m: g.distance.map(f64::round),
            date: g.date.map(|d| d.to_string()),
            target: g.target.clone(),
        }),
        start_date: plan.start.map(|d| d.to_string()),
        end_date: plan.end().map(|d| d.to_string()),
        dated: plan.start.is_some(),
        calendar: plan.start.map(|_| calendar_view(site, &url)),
        weeks_count: plan.weeks.len(),
        paces: pace_views(plan),
        weeks,
        findings: analysis
            .findings
            .iter()
            .map(|f| finding_view(f, topic))
            .collect(),
        finding_counts: FindingCounts {
            warning: counts("warning"),
            caution: counts("caution"),
            guideline: counts("guideline"),
            note: counts("note"),
        },
        related: related.to_vec(),
        chart: chart::layout(&chart_input(plan, analysis)),
        fitness_chart: crate::render::fitness_chart::layout(&analysis.fitness),
        rest_article: topic("rest"),
        summary_numbers: summary_numbers(analysis, units),
        rest_options,
        personal: None,
        workout_count: workouts.len(),
        url,
    }
}

/// The ways to spend a rest day that the plan's first rest day lists, said once on the page:
/// every rest day listing the same ones refers to them ([`RestView::shared`]).
fn shared_rest_options(analysis: &Analysis) -> Vec<String> {
    analysis
        .weeks
        .iter()
        .flat_map(|w| &w.days)
        .find_map(|d| d.rest.as_ref())
        .map(|r| r.options.clone())
        .unwrap_or_default()
}

/// The plan's watch workouts, for the day cards that link them.
struct Workouts<'a> {
    all: &'a [WatchWorkout],
    /// The plan page's URL.
    url: &'a str,
}

impl Workouts<'_> {
    /// The workout of session `i` of a day, with its file's URL and intervals.icu text.
    fn of(&self, week: usize, weekday: usize, i: usize) -> Option<WorkoutView> {
        let w = watch::find(self.all, week, weekday, i)?;
        Some(WorkoutView {
            name: w.name.clone(),
            fit_url: format!("{}workouts/{}.fit", self.url, w.stem),
            intervals_icu: w.intervals_icu.clone(),
        })
    }
}

/// The `paces:` table.
fn pace_views(plan: &Plan) -> Vec<PaceView> {
    let units = plan.units;
    plan.paces
        .iter()
        .map(|p| PaceView {
            name: p.name.clone(),
            pace: p.pace.map(|(lo, hi)| {
                if lo == hi {
                    human_pace(lo, units)
                } else {
                    format!(
                        "{}–{}",
                        human_pace(lo, units).split('/').next().unwrap_or(""),
                        human_pace(hi, units)
                    )
                }
            }),
            rpe: p.rpe.map(|r| rpe_text(r, r)),
        })
        .collect()
}

/// One week: its days, findings and summary.
fn week_view(
    plan: &Plan,
    analysis: &Analysis,
    week: &Week,
    note: &WeekNote,
    topic: TopicLinks,
    workouts: &Workouts,
    rest_options: &[String],
) -> WeekView {
    let units = plan.units;
    let days = week
        .days
        .iter()
        .zip(&note.days)
        .map(|(day, dn)| day_view(plan, week, day, dn, topic, workouts, rest_options))
        .collect();
    let s = &note.summary;
    let findings: Vec<FindingView> = analysis
        .findings
        .iter()
        .filter(|f| f.week == week.n)
        .map(|f| finding_view(f, topic))
        .collect();
    WeekView {
        n: week.n,
        anchor: format!("week-{}", week.n),
        phase: week.phase.clone(),
        deload: week.deload,
        note: week.note.clone(),
        start_date: plan.date_of(week.n - 1, 0).map(|d| d.to_string()),
        end_date: plan.date_of(week.n - 1, 6).map(|d| d.to_string()),
        days,
        days_html: None,
        findings,
        summary: WeekSummaryView {
            distance: human_distance(s.distance, units),
            distance_m: s.distance.round(),
            longest_run_m: s.longest_run.round(),
            duration: human_duration(s.duration),
            estimated: s.estimated,
            load: s.load.round() as i64,
            rest_days: s.rest_days,
            hard_sessions: s.hard_sessions,
            longest_run: (s.longest_run > 0.0).then(|| human_distance(s.longest_run, units)),
            distance_change: pct(s.distance_change),
            duration_change: pct(s.duration_change),
            monotony: format!("{:.2}", s.monotony),
            strain: s.strain.round() as i64,
            intensity: IntensityView {
                low: s.intensity_share[0].round() as i64,
                moderate: s.intensity_share[1].round() as i64,
                high: s.intensity_share[2].round() as i64,
            },
            acwr: s.acwr.map(|a| format!("{a:.2}")),
            polarization: s.polarization.map(|p| format!("{p:.2}")),
        },
    }
}

/// One day: its sessions, badge and rest-day note.
fn day_view(
    plan: &Plan,
    week: &Week,
    day: &Day,
    dn: &DayNote,
    topic: TopicLinks,
    workouts: &Workouts,
    rest_options: &[String],
) -> DayView {
    let date = plan.date_of(week.n - 1, day.weekday);
    let mut sessions: Vec<SessionView> = day
        .sessions
        .iter()
        .zip(&dn.sessions)
        .enumerate()
        .map(|(i, (s, t))| {
            let mut v = session_view(plan, s, t);
            v.workout = workouts.of(week.n, day.weekday, i);
            v
        })
        .collect();
    // The badge names the session's type only when the day has one session and the badge is
    // its type's (a key session's badge says "Key session", not "Tempo run").
    if let ([v], [s]) = (sessions.as_mut_slice(), day.sessions.as_slice()) {
        v.typed = badge_class(dn.badge) == s.primary().kind.name();
    }
    let rest = dn.rest.as_ref().map(|r| RestView {
        reason: r.reason.code(),
        why: r.why.clone(),
        options: r.options.clone(),
        shared: !r.options.is_empty() && r.options == rest_options,
        article: topic(r.topic).or_else(|| topic("rest")),
    });
    DayView {
        weekday: WEEKDAYS[day.weekday],
        weekday_name: WEEKDAY_NAMES[day.weekday],
        short_name: &WEEKDAY_NAMES[day.weekday][..3],
        date: date.map(|d| d.to_string()),
        label: match date {
            Some(d) => day_label(&WEEKDAY_NAMES[day.weekday][..3], d),
            None => format!("Week {} · {}", week.n, &WEEKDAY_NAMES[day.weekday][..3]),
        },
        anchor: format!("w{:02}-{}", week.n, WEEKDAYS[day.weekday]),
        badge: dn.badge.label(),
        badge_class: badge_class(dn.badge),
        rest_like: dn.rest_like,
        hard: dn.hard,
        load: dn.load.round() as i64,
        estimated: dn.estimated,
        compact: String::new(),
        sessions,
        rest,
        coachs_choice: dn.coachs_choice.clone(),
    }
}

/// Months as `strftime`'s `%b` writes them.
const MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

/// A dated day's label, `Mon 8 Mar`: what `strftime("%a %-d %b")` writes, without parsing
/// the format again for each of a plan's days.
fn day_label(weekday: &str, d: jiff::civil::Date) -> String {
    // jiff's months are 1 to 12.
    let month = MONTHS[usize::try_from(d.month() - 1).unwrap_or(0)];
    format!("{weekday} {} {month}", d.day())
}

/// One session with its options and totals.
fn session_view(plan: &Plan, s: &Session, t: &Totals) -> SessionView {
    let units = plan.units;
    let details: Vec<String> = s
        .options
        .iter()
        .map(|w| detail(w, &plan.paces, Style::Marked))
        .collect();
    let options: Vec<OptionView> = s
        .options
        .iter()
        .zip(&details)
        .map(|(w, marked)| OptionView {
            kind: w.kind.name(),
            label: w.kind.label(),
            detail: marks::plain(marked, units),
            marks: marks_json(marked),
            notes: w.notes.clone(),
            optional: w.optional,
        })
        .collect();
    let alternatives = s.options.iter().filter(|o| !o.optional).count() > 1;
    let marked = session_text_of(s, &details);
    SessionView {
        plain: !Said::of(s).more,
        typed: false,
        options,
        alternatives,
        text: marks::plain(&marked, units),
        marks: marks_json(&marked),
        distance: (t.distance > 0.0).then(|| human_distance(t.distance, units)),
        distance_m: t.distance.round(),
        distance_estimated: t.distance_estimated,
        duration: (t.duration > 0.0).then(|| human_duration(t.duration)),
        duration_estimated: t.duration_estimated,
        rpe: num(t.rpe),
        rpe_estimated: t.rpe_estimated,
        load: t.load.round() as i64,
        workout: None,
    }
}

/// A marked text as the JSON the page's script reads (`data-marks`), when it holds a mark.
fn marks_json(marked: &str) -> Option<String> {
    marks::is_marked(marked)
        .then(|| serde_json::to_string(&marks::parts(marked)).unwrap_or_default())
}

/// The calendar links of a dated plan whose page is at `url`.
fn calendar_view(site: &SiteView, url: &str) -> CalendarView {
    let webcal = |file: &str| {
        site.host().map(|_| {
            let abs = site.absolute(&format!("{url}{file}"));
            format!(
                "webcal://{}",
                abs.split_once("://").map_or(abs.as_str(), |(_, r)| r)
            )
        })
    };
    CalendarView {
        ics_url: format!("{url}plan.ics"),
        ics_no_rest_url: format!("{url}plan-no-rest.ics"),
        webcal_url: webcal("plan.ics"),
        webcal_no_rest_url: webcal("plan-no-rest.ics"),
    }
}

/// What the load chart draws, week by week.
fn chart_input(plan: &Plan, analysis: &Analysis) -> Vec<chart::WeekInput> {
    let sum = &analysis.summary;
    let any_taper_phase = plan.weeks.iter().any(|w| w.is_phase("taper"));
    plan.weeks
        .iter()
        .zip(&analysis.weeks)
        .map(|(w, n)| chart::WeekInput {
            n: w.n,
            distance: n.summary.distance / plan.units.metres(),
            load: n.summary.load,
            rest_days: n.summary.rest_days,
            cutback: sum.cutback_weeks.contains(&w.n) && !w.is_phase("taper"),
            taper: if any_taper_phase {
                w.is_phase("taper")
            } else {
                plan.goal.is_some() && w.n + 2 > plan.weeks.len()
            },
            race: n.days.iter().any(|d| d.badge == Badge::Race),
        })
        .collect()
}

/// The plan's summary numbers, formatted.
fn summary_numbers(analysis: &Analysis, units: crate::plan::units::Units) -> SummaryNumbers {
    let sum = &analysis.summary;
    SummaryNumbers {
        total_distance: human_distance(sum.total_distance, units),
        total_distance_m: sum.total_distance.round(),
        total_duration: human_duration(sum.total_duration),
        rest_days_per_week: format!("{:.1}", sum.rest_days_per_week),
        cutback_weeks: sum.cutback_weeks.clone(),
        cutback_cadence: sum.cutback_cadence.clone(),
        peak_three_week_load: sum.peak_three_week_load.round() as i64,
        taper: sum
            .taper
            .iter()
            .map(|t| TaperView {
                week: t.week,
                reduction: format!("{:.0} %", t.reduction),
                amount: format!("{:.0} %", t.reduction.abs()),
                relation: if t.reduction.round() < 0.0 {
                    "above"
                } else {
                    "below"
                },
            })
            .collect(),
        taper_check: sum.taper_check.as_ref().map(|t| TaperCheckView {
            first_week: t.first_week,
            race_week: t.race_week,
            peak_first: t.peak_weeks.0,
            peak_last: t.peak_weeks.1,
            volume: format!("{:.0} %", t.volume_cut.abs()),
            volume_relation: if t.volume_cut.round() < 0.0 {
                "above"
            } else {
                "below"
            },
            sessions: format!("{:.1}", t.sessions_per_week),
            peak_sessions: format!("{:.1}", t.peak_sessions_per_week),
            intense: t.last_intense.is_some(),
        }),
        weekly: analysis
            .weeks
            .iter()
            .map(|w| WeeklyView {
                n: w.n,
                distance: (w.summary.distance / units.metres() * 10.0).round() / 10.0,
                distance_m: w.summary.distance.round(),
                load: w.summary.load.round() as i64,
                rest_days: w.summary.rest_days,
            })
            .collect(),
        level: sum.level.name(),
        race_form: analysis
            .fitness
            .race_form()
            .map(|f| format!("{:+.0}", f.round() + 0.0)),
    }
}

/// The plan as templates see it (`plan` in plan.html and the plan shortcodes); text comes
/// formatted. Field names are the README's "Template data".
#[derive(Debug, Clone, Serialize)]
pub struct PlanView {
    pub id: String,
    /// `extra:` from the plan file: the templates' own data.
    pub extra: crate::extra::Extra,
    pub title: String,
    pub url: String,
    pub permalink: String,
    pub json_url: String,
    pub level: &'static str,
    pub units: &'static str,
    pub summary: Option<String>,
    pub description: Option<String>,
    pub tags: Vec<String>,
    /// The plan's tags with their pages (filled in for the plan's own page).
    pub tag_links: Vec<TagLink>,
    /// The other plans of its family (a base and its variants), named by level: "Also for:
    /// novice · advanced" (filled in for the plan's own page).
    pub also_for: Vec<Link>,
    pub goal: Option<GoalView>,
    pub start_date: Option<String>,
    pub end_date: Option<String>,
    pub dated: bool,
    pub calendar: Option<CalendarView>,
    pub weeks_count: usize,
    pub paces: Vec<PaceView>,
    pub weeks: Vec<WeekView>,
    pub findings: Vec<FindingView>,
    pub finding_counts: FindingCounts,
    pub related: Vec<Link>,
    pub chart: Option<chart::Chart>,
    /// Fitness, fatigue and form (planned-load units), drawn under the weekly chart.
    pub fitness_chart: Option<crate::render::fitness_chart::FitnessChart>,
    pub rest_article: Option<Link>,
    pub summary_numbers: SummaryNumbers,
    /// The ways to spend a rest day, said once: the rest days that list the same ones refer
    /// to them (empty for a plan without rest days).
    pub rest_options: Vec<String>,
    /// "Make this plan yours" (filled in for the plan's own page when it is on).
    pub personal: Option<super::personal::PersonalView>,
    /// How many sessions have a watch workout (0: the plan publishes none).
    pub workout_count: usize,
}

#[derive(Debug, Clone, Serialize)]
pub struct GoalView {
    pub race: Option<String>,
    pub distance: Option<String>,
    pub distance_m: Option<f64>,
    pub date: Option<String>,
    pub target: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct CalendarView {
    pub ics_url: String,
    pub ics_no_rest_url: String,
    pub webcal_url: Option<String>,
    pub webcal_no_rest_url: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct PaceView {
    pub name: String,
    pub pace: Option<String>,
    pub rpe: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct WeekView {
    pub n: usize,
    pub anchor: String,
    pub phase: Option<String>,
    pub deload: bool,
    pub note: Option<String>,
    pub start_date: Option<String>,
    pub end_date: Option<String>,
    pub days: Vec<DayView>,
    /// The day cards as the built-in `plan_days.html` writes them, made without Tera by the
    /// plan page's job when that template is the site's ([`crate::render::plan_days`]).
    pub days_html: Option<String>,
    pub findings: Vec<FindingView>,
    pub summary: WeekSummaryView,
}

#[derive(Debug, Clone, Serialize)]
pub struct WeekSummaryView {
    pub distance: String,
    pub distance_m: f64,
    pub longest_run_m: f64,
    pub duration: String,
    pub estimated: bool,
    pub load: i64,
    pub rest_days: usize,
    pub hard_sessions: usize,
    pub longest_run: Option<String>,
    pub distance_change: Option<String>,
    pub duration_change: Option<String>,
    pub monotony: String,
    pub strain: i64,
    pub intensity: IntensityView,
    pub acwr: Option<String>,
    /// Treff et al. 2019's polarization index (`2.38`), when every zone has time.
    pub polarization: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct IntensityView {
    pub low: i64,
    pub moderate: i64,
    pub high: i64,
}

#[derive(Debug, Clone, Serialize)]
pub struct DayView {
    pub weekday: &'static str,
    pub weekday_name: &'static str,
    pub short_name: &'static str,
    pub date: Option<String>,
    pub label: String,
    pub anchor: String,
    pub badge: &'static str,
    pub badge_class: &'static str,
    pub rest_like: bool,
    pub hard: bool,
    pub load: i64,
    pub estimated: bool,
    pub compact: String,
    pub sessions: Vec<SessionView>,
    pub rest: Option<RestView>,
    pub coachs_choice: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct SessionView {
    /// The text says only the session's type, one amount and one effort, which the numbers
    /// line says too: the built-in card shows only the type, and not even that when `typed`.
    pub plain: bool,
    /// The day's badge names this session's type (its only session, not a key session's or a
    /// coach's-choice badge).
    pub typed: bool,
    pub options: Vec<OptionView>,
    pub alternatives: bool,
    pub text: String,
    /// `text` with its paces marked, as JSON, when it has any ([`marks`]).
    pub marks: Option<String>,
    pub distance: Option<String>,
    pub distance_m: f64,
    pub distance_estimated: bool,
    pub duration: Option<String>,
    pub duration_estimated: bool,
    pub rpe: String,
    pub rpe_estimated: bool,
    pub load: i64,
    /// The session as a watch workout, when it is one.
    pub workout: Option<WorkoutView>,
}

/// A session's watch workout: its FIT file and the same steps as intervals.icu text.
#[derive(Debug, Clone, Serialize)]
pub struct WorkoutView {
    pub name: String,
    pub fit_url: String,
    /// `None` when a step lasts until the lap button (intervals.icu needs a length).
    pub intervals_icu: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct OptionView {
    #[serde(rename = "type")]
    pub kind: &'static str,
    pub label: &'static str,
    pub detail: String,
    /// `detail` with its paces marked, as JSON, when it has any.
    pub marks: Option<String>,
    pub notes: Option<String>,
    pub optional: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct RestView {
    pub reason: &'static str,
    pub why: String,
    pub options: Vec<String>,
    /// The options are the plan's [`PlanView::rest_options`], said once on the page.
    pub shared: bool,
    pub article: Option<Link>,
}

#[derive(Debug, Clone, Serialize)]
pub struct FindingView {
    pub code: &'static str,
    pub severity: &'static str,
    pub week: usize,
    pub weekday: Option<&'static str>,
    pub weekday_name: Option<&'static str>,
    /// The anchor of the day's card (`w03-tue`), when the finding is about a day.
    pub day_anchor: Option<String>,
    pub message: String,
    pub evidence: &'static str,
    pub confidence: &'static str,
    pub acknowledged: Option<String>,
    pub article: Option<Link>,
}

#[derive(Debug, Clone, Serialize)]
pub struct FindingCounts {
    pub warning: usize,
    pub caution: usize,
    pub guideline: usize,
    pub note: usize,
}

#[derive(Debug, Clone, Serialize)]
pub struct SummaryNumbers {
    pub total_distance: String,
    pub total_distance_m: f64,
    pub total_duration: String,
    pub rest_days_per_week: String,
    pub cutback_weeks: Vec<usize>,
    pub cutback_cadence: Option<String>,
    pub peak_three_week_load: i64,
    pub taper: Vec<TaperView>,
    pub taper_check: Option<TaperCheckView>,
    pub weekly: Vec<WeeklyView>,
    pub level: &'static str,
    /// Form on the goal race's morning (`+12`), planned-load units.
    pub race_form: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct TaperView {
    pub week: usize,
    /// Signed, as computed (`-6 %`: above the peak).
    pub reduction: String,
    /// Unsigned (`6 %`), to read with `relation`.
    pub amount: String,
    /// `above` or `below` the peak load.
    pub relation: &'static str,
}

/// What the taper rules judged: the 14 days before the goal race against the peak weeks.
#[derive(Debug, Clone, Serialize)]
pub struct TaperCheckView {
    pub first_week: usize,
    pub race_week: usize,
    pub peak_first: usize,
    pub peak_last: usize,
    /// Running volume against the peak weeks' average (`45 %`), read with `volume_relation`.
    pub volume: String,
    pub volume_relation: &'static str,
    /// Training sessions a week in the 14 days, and at the peak.
    pub sessions: String,
    pub peak_sessions: String,
    /// A session at the taper-intensity effort in the last 10 days.
    pub intense: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct WeeklyView {
    pub n: usize,
    pub distance: f64,
    pub distance_m: f64,
    pub load: i64,
    pub rest_days: usize,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn day_labels_are_strftimes() {
        let mut d = jiff::civil::date(2027, 1, 1);
        for _ in 0..800 {
            let short = &WEEKDAY_NAMES[d.weekday().to_monday_zero_offset() as usize][..3];
            assert_eq!(day_label(short, d), d.strftime("%a %-d %b").to_string());
            d = d.tomorrow().expect("in range");
        }
    }
}
