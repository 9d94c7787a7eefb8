//! The data templates receive: plain, serialisable views with text already formatted, so
//! templates only lay things out (the README's "Template data" section documents them).

use serde::Serialize;

use super::chart;
use crate::config::Config;
use crate::content::Article;
use crate::content::markdown::{Heading, Rendered, render_escaped};
use crate::plan::analysis::{Analysis, Badge, Finding};
use crate::plan::describe::{detail, rpe_text, sessions_compact};
use crate::plan::units::{Units, human_distance, human_duration, human_pace, num};
use crate::plan::{Plan, WEEKDAY_NAMES, WEEKDAYS};

/// `site` in every template.
#[derive(Debug, Clone, Serialize)]
pub struct SiteView {
    /// Title.
    pub title: String,
    /// Absolute base URL, ending in `/`.
    pub base_url: String,
    /// Path prefix of every internal link (`/` or `/coach/`).
    pub base_path: String,
    /// Description.
    pub description: Option<String>,
    /// Author.
    pub author: Option<String>,
    /// Language code.
    pub language: String,
    /// Default units.
    pub units: &'static str,
    /// The site menu from site.yaml, URLs resolved.
    pub menu: Vec<MenuLink>,
    /// Site-relative URL of the Atom feed.
    pub feed_url: String,
    /// Site-relative URL of the search index.
    pub search_index_url: String,
}

/// An entry of the site menu.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct MenuLink {
    /// Link text.
    pub name: String,
    /// Resolved URL.
    pub url: String,
}

/// A section in the navigation tree (`sections` in every template).
#[derive(Debug, Clone, Serialize)]
pub struct SectionLink {
    /// Title.
    pub title: String,
    /// Site-relative URL.
    pub url: String,
    /// URL path below the root (`guide/advanced`).
    pub path: String,
    /// Its articles, in order.
    pub pages: Vec<Link>,
    /// Its sub-sections, in order.
    pub children: Vec<SectionLink>,
}

/// A tag with its page and count.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct TagLink {
    /// The tag as written.
    pub name: String,
    /// URL segment.
    pub slug: String,
    /// Site-relative URL of its page.
    pub url: String,
    /// How many articles and plans carry it.
    pub count: usize,
}

/// An article or a plan in a tag's list.
#[derive(Debug, Clone, Serialize)]
pub struct TaggedItem {
    /// `article` or `plan`.
    pub kind: &'static str,
    /// Title.
    pub title: String,
    /// Site-relative URL.
    pub url: String,
    /// `YYYY-MM-DD`: an article's date, a plan's first day.
    pub date: Option<String>,
    /// One line.
    pub summary: Option<String>,
}

impl SiteView {
    /// From the configuration.
    pub fn new(c: &Config) -> SiteView {
        SiteView {
            title: c.title.clone(),
            base_url: c.base_url.clone(),
            base_path: c.base_path(),
            description: c.description.clone(),
            author: c.author.clone(),
            language: c.language.clone(),
            units: c.units.label(),
            menu: Vec::new(),
            feed_url: format!("{}atom.xml", c.base_path()),
            search_index_url: format!("{}search_index.json", c.base_path()),
        }
    }

    /// The site-relative URL of a path below the root (`posts/x` → `/posts/x/`).
    pub fn url(&self, path: &str) -> String {
        if path.is_empty() {
            self.base_path.clone()
        } else {
            format!("{}{}/", self.base_path, path.trim_matches('/'))
        }
    }

    /// The host of `base_url` (`example.org`), if it has one.
    pub fn host(&self) -> Option<&str> {
        let rest = self.base_url.split_once("://")?.1;
        let authority = rest.split('/').next().unwrap_or("");
        let host = authority.rsplit('@').next().unwrap_or(authority);
        let host = host.split(':').next().unwrap_or(host);
        (!host.is_empty()).then_some(host)
    }

    /// A site-relative URL (`/coach/posts/x/`) made absolute with `base_url`'s scheme and host;
    /// unchanged when `base_url` has no host.
    pub fn absolute(&self, url: &str) -> String {
        match self.base_url.split_once("://") {
            Some((scheme, rest)) if url.starts_with('/') => {
                let authority = rest.split('/').next().unwrap_or("");
                format!("{scheme}://{authority}{url}")
            }
            _ => url.to_string(),
        }
    }

    /// The absolute URL of a path below the root (site-relative when `base_url` has no host).
    pub fn permalink(&self, path: &str) -> String {
        if !self.base_url.starts_with("http") {
            return self.url(path);
        }
        if path.is_empty() {
            self.base_url.clone()
        } else {
            format!("{}{}/", self.base_url, path.trim_matches('/'))
        }
    }
}

/// A link to a page.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Link {
    /// Title.
    pub title: String,
    /// Site-relative URL.
    pub url: String,
}

/// An article in lists and on its page.
#[derive(Debug, Clone, Serialize)]
pub struct ArticleView {
    /// Title.
    pub title: String,
    /// Site-relative URL.
    pub url: String,
    /// Absolute URL.
    pub permalink: String,
    /// `YYYY-MM-DD`.
    pub date: Option<String>,
    /// `YYYY-MM-DD`.
    pub updated: Option<String>,
    /// One line.
    pub summary: Option<String>,
    /// Tags.
    pub tags: Vec<String>,
    /// Rendered Markdown (only on the article's own page).
    pub content: String,
    /// Headings for a table of contents.
    pub toc: Vec<Heading>,
    /// Words.
    pub word_count: usize,
    /// Minutes at 200 words a minute, at least 1.
    pub reading_time: usize,
    /// Plans the article relates to.
    pub plans: Vec<Link>,
    /// Is a draft.
    pub draft: bool,
    /// Order in its section.
    pub weight: Option<i64>,
    /// Its tags with their pages.
    pub tag_links: Vec<TagLink>,
    /// The section it is in (`None` at the root).
    pub section: Option<Link>,
    /// From the home page down to its section.
    pub breadcrumbs: Vec<Link>,
    /// The previous article in its section.
    pub prev: Option<Link>,
    /// The next article in its section.
    pub next: Option<Link>,
}

impl ArticleView {
    /// The view of `a` with its rendered body: word count and reading time always, the HTML
    /// and headings only `with_content` (the article's own page, not lists).
    pub fn new(
        a: &Article,
        site: &SiteView,
        rendered: Option<&Rendered>,
        with_content: bool,
        plans: Vec<Link>,
    ) -> ArticleView {
        let word_count = rendered.map_or(0, |r| r.word_count);
        let (content, toc) = match rendered {
            Some(r) if with_content => (r.html.clone(), r.toc.clone()),
            _ => (String::new(), Vec::new()),
        };
        ArticleView {
            title: a.title.clone(),
            url: site.url(&a.path),
            permalink: site.permalink(&a.path),
            date: a.date.map(|d| d.to_string()),
            updated: a.updated.map(|d| d.to_string()),
            summary: a.summary.clone(),
            tags: a.tags.clone(),
            content,
            toc,
            word_count,
            reading_time: reading_time(word_count),
            plans,
            draft: a.draft,
            weight: a.weight,
            tag_links: Vec::new(),
            section: None,
            breadcrumbs: Vec::new(),
            prev: None,
            next: None,
        }
    }
}

/// A plan in lists.
#[derive(Debug, Clone, Serialize)]
pub struct PlanCard {
    /// Title.
    pub title: String,
    /// Site-relative URL.
    pub url: String,
    /// novice, intermediate, advanced.
    pub level: &'static str,
    /// Number of weeks.
    pub weeks: usize,
    /// One line.
    pub summary: Option<String>,
    /// Race name, distance and date in words.
    pub race: Option<String>,
    /// First day.
    pub start_date: Option<String>,
    /// Last day.
    pub end_date: Option<String>,
    /// Tags.
    pub tags: Vec<String>,
}

impl PlanCard {
    /// The card for `plan`.
    pub fn new(plan: &Plan, site: &SiteView) -> PlanCard {
        let race = plan.goal.as_ref().map(|g| {
            let mut parts = Vec::new();
            if let Some(r) = &g.race {
                parts.push(r.clone());
            }
            if let Some(d) = g.distance {
                parts.push(human_distance(d, plan.units));
            }
            if let Some(d) = g.date {
                parts.push(d.to_string());
            }
            parts.join(" · ")
        });
        PlanCard {
            title: plan.title.clone(),
            url: site.url(&plan.path),
            level: plan.level.name(),
            weeks: plan.weeks.len(),
            summary: plan.summary.clone(),
            race: race.filter(|r| !r.is_empty()),
            start_date: plan.start.map(|d| d.to_string()),
            end_date: plan.end().map(|d| d.to_string()),
            tags: plan.tags.clone(),
        }
    }
}

/// Resolves an annotation topic (`rest`, `deload`, `taper`) to the article that explains it.
pub type TopicLinks<'a> = &'a dyn Fn(&str) -> Option<Link>;

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
pub fn plan_view(
    plan: &Plan,
    analysis: &Analysis,
    site: &SiteView,
    related: &[Link],
    topic: TopicLinks,
) -> PlanView {
    let units = plan.units;
    let description = plan
        .description
        .as_deref()
        .map(|d| render_escaped(d, &site.base_path).html);
    let paces: Vec<PaceView> = plan
        .paces
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
        .collect();
    let mut weeks = Vec::with_capacity(plan.weeks.len());
    for (week, note) in plan.weeks.iter().zip(&analysis.weeks) {
        let mut days = Vec::with_capacity(7);
        for (day, dn) in week.days.iter().zip(&note.days) {
            let date = plan.date_of(week.n - 1, day.weekday);
            let sessions: Vec<SessionView> = day
                .sessions
                .iter()
                .zip(&dn.sessions)
                .map(|(s, t)| {
                    let options: Vec<OptionView> = s
                        .options
                        .iter()
                        .map(|w| OptionView {
                            kind: w.kind.name(),
                            label: w.kind.label(),
                            detail: detail(w, &plan.paces, units),
                            notes: w.notes.clone(),
                            optional: w.optional,
                        })
                        .collect();
                    let alternatives = s.options.iter().filter(|o| !o.optional).count() > 1;
                    SessionView {
                        options,
                        alternatives,
                        text: crate::plan::describe::session_text(s, &plan.paces, units),
                        distance: (t.distance > 0.0).then(|| human_distance(t.distance, units)),
                        distance_estimated: t.distance_estimated,
                        duration: (t.duration > 0.0).then(|| human_duration(t.duration)),
                        duration_estimated: t.duration_estimated,
                        rpe: num(t.rpe),
                        rpe_estimated: t.rpe_estimated,
                        load: t.load.round() as i64,
                    }
                })
                .collect();
            let rest = dn.rest.as_ref().map(|r| RestView {
                reason: r.reason.code(),
                why: r.why.clone(),
                options: r.options.clone(),
                article: topic(r.topic).or_else(|| topic("rest")),
            });
            days.push(DayView {
                weekday: WEEKDAYS[day.weekday],
                weekday_name: WEEKDAY_NAMES[day.weekday],
                short_name: &WEEKDAY_NAMES[day.weekday][..3],
                date: date.map(|d| d.to_string()),
                label: match date {
                    Some(d) => format!(
                        "{} {}",
                        &WEEKDAY_NAMES[day.weekday][..3],
                        d.strftime("%-d %b")
                    ),
                    None => format!("Week {} · {}", week.n, &WEEKDAY_NAMES[day.weekday][..3]),
                },
                anchor: format!("w{:02}-{}", week.n, WEEKDAYS[day.weekday]),
                badge: dn.badge.label(),
                badge_class: badge_class(dn.badge),
                rest_like: dn.rest_like,
                hard: dn.hard,
                load: dn.load.round() as i64,
                estimated: dn.estimated,
                compact: sessions_compact(&day.sessions),
                sessions,
                rest,
                coachs_choice: dn.coachs_choice.clone(),
            });
        }
        let s = &note.summary;
        let findings: Vec<FindingView> = analysis
            .findings
            .iter()
            .filter(|f| f.week == week.n)
            .map(|f| finding_view(f, topic))
            .collect();
        weeks.push(WeekView {
            n: week.n,
            anchor: format!("week-{}", week.n),
            phase: week.phase.clone(),
            deload: week.deload,
            note: week.note.clone(),
            start_date: plan.date_of(week.n - 1, 0).map(|d| d.to_string()),
            end_date: plan.date_of(week.n - 1, 6).map(|d| d.to_string()),
            days,
            findings,
            summary: WeekSummaryView {
                distance: human_distance(s.distance, units),
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
            },
        });
    }
    let sum = &analysis.summary;
    let any_taper_phase = plan.weeks.iter().any(|w| w.is_phase("taper"));
    let chart_weeks: Vec<chart::WeekInput> = plan
        .weeks
        .iter()
        .zip(&analysis.weeks)
        .map(|(w, n)| chart::WeekInput {
            n: w.n,
            distance: n.summary.distance / units.metres(),
            load: n.summary.load,
            rest_days: n.summary.rest_days,
            cutback: sum.cutback_weeks.contains(&w.n) && !w.is_phase("taper"),
            taper: if any_taper_phase {
                w.is_phase("taper")
            } else {
                plan.goal.is_some() && w.n + 2 > plan.weeks.len()
            },
            race: n
                .days
                .iter()
                .any(|d| d.badge == crate::plan::analysis::Badge::Race),
        })
        .collect();
    let counts = |sev: &str| {
        analysis
            .findings
            .iter()
            .filter(|f| f.severity.name() == sev && f.acknowledged.is_none())
            .count()
    };
    let url = site.url(&plan.path);
    PlanView {
        id: plan.id.clone(),
        title: plan.title.clone(),
        permalink: site.permalink(&plan.path),
        json_url: format!("{url}plan.json"),
        level: plan.level.name(),
        units: units.label(),
        summary: plan.summary.clone(),
        description,
        tags: plan.tags.clone(),
        tag_links: Vec::new(),
        goal: plan.goal.as_ref().map(|g| GoalView {
            race: g.race.clone(),
            distance: g.distance.map(|d| human_distance(d, units)),
            date: g.date.map(|d| d.to_string()),
            target: g.target.clone(),
        }),
        start_date: plan.start.map(|d| d.to_string()),
        end_date: plan.end().map(|d| d.to_string()),
        dated: plan.start.is_some(),
        calendar: plan.start.map(|_| {
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
        }),
        weeks_count: plan.weeks.len(),
        paces,
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
        chart: chart::layout(&chart_weeks),
        rest_article: topic("rest"),
        summary_numbers: SummaryNumbers {
            total_distance: human_distance(sum.total_distance, units),
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
                })
                .collect(),
            weekly: analysis
                .weeks
                .iter()
                .map(|w| WeeklyView {
                    n: w.n,
                    distance: (w.summary.distance / units.metres() * 10.0).round() / 10.0,
                    load: w.summary.load.round() as i64,
                    rest_days: w.summary.rest_days,
                })
                .collect(),
            level: sum.level.name(),
        },
        url,
    }
}

/// The plan as templates see it (`plan` in plan.html and the plan shortcodes); text comes
/// formatted. Field names are the README's "Template data".
#[derive(Debug, Clone, Serialize)]
pub struct PlanView {
    pub id: String,
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
    pub rest_article: Option<Link>,
    pub summary_numbers: SummaryNumbers,
}

#[derive(Debug, Clone, Serialize)]
pub struct GoalView {
    pub race: Option<String>,
    pub distance: Option<String>,
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
    pub findings: Vec<FindingView>,
    pub summary: WeekSummaryView,
}

#[derive(Debug, Clone, Serialize)]
pub struct WeekSummaryView {
    pub distance: String,
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
    pub options: Vec<OptionView>,
    pub alternatives: bool,
    pub text: String,
    pub distance: Option<String>,
    pub distance_estimated: bool,
    pub duration: Option<String>,
    pub duration_estimated: bool,
    pub rpe: String,
    pub rpe_estimated: bool,
    pub load: i64,
}

#[derive(Debug, Clone, Serialize)]
pub struct OptionView {
    #[serde(rename = "type")]
    pub kind: &'static str,
    pub label: &'static str,
    pub detail: String,
    pub notes: Option<String>,
    pub optional: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct RestView {
    pub reason: &'static str,
    pub why: String,
    pub options: Vec<String>,
    pub article: Option<Link>,
}

#[derive(Debug, Clone, Serialize)]
pub struct FindingView {
    pub code: &'static str,
    pub severity: &'static str,
    pub week: usize,
    pub weekday: Option<&'static str>,
    pub weekday_name: Option<&'static str>,
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
    pub total_duration: String,
    pub rest_days_per_week: String,
    pub cutback_weeks: Vec<usize>,
    pub cutback_cadence: Option<String>,
    pub peak_three_week_load: i64,
    pub taper: Vec<TaperView>,
    pub weekly: Vec<WeeklyView>,
    pub level: &'static str,
}

#[derive(Debug, Clone, Serialize)]
pub struct TaperView {
    pub week: usize,
    pub reduction: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct WeeklyView {
    pub n: usize,
    pub distance: f64,
    pub load: i64,
    pub rest_days: usize,
}

/// `plan.json`: the stable export of a plan with its dates, annotations and findings (schema
/// in the README and `docs/plan.schema.json`). Typed, so it serialises straight to text.
pub fn plan_json<'a>(
    plan: &'a Plan,
    analysis: &'a Analysis,
    site: &SiteView,
    topic: TopicLinks,
) -> PlanJson<'a> {
    let units: Units = plan.units;
    let one = |x: f64| (x * 10.0).round() / 10.0;
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
                        .map(|(s, t)| SessionJson {
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
                })
                .collect();
            let s = &note.summary;
            WeekJson {
                n: week.n,
                phase: week.phase.as_deref(),
                deload: week.deload,
                start_date: plan.date_of(week.n - 1, 0).map(|d| d.to_string()),
                days,
                summary: WeekSummaryJson {
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
                },
            }
        })
        .collect();
    let sum = &analysis.summary;
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
        weeks,
        findings: analysis
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
            .collect(),
        summary: PlanSummaryJson {
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
        },
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
    weeks: Vec<WeekJson<'a>>,
    findings: Vec<FindingJson<'a>>,
    summary: PlanSummaryJson<'a>,
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
}

#[derive(Debug, Serialize)]
struct TaperJson {
    week: usize,
    reduction_pct: f64,
}

/// Minutes to read `words` at 200 words a minute, at least one.
pub fn reading_time(words: usize) -> usize {
    words.div_ceil(200).max(1)
}
