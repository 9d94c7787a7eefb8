//! "Make this plan yours" on a plan page: what the panel shows and the data its script reads
//! (`templates/personalise.js`) to move the plan to a reader's dates, units and paces and to
//! write their calendar.
//!
//! The page itself stays the coach's plan; the script changes it in the browser from the
//! marks and `data-` attributes the page carries ([`crate::plan::marks`]) and from
//! [`PersonalData`], embedded once per page. The days' calendar events, which only "Add to my
//! calendar" reads, are a file beside the page ([`EVENTS_FILE`]) that the script fetches then:
//! they were a sixth of a plan page.

use serde::Serialize;

use crate::plan::Plan;
use crate::plan::analysis::Analysis;
use crate::plan::calendar::{DayEvent, DayTexts, day_events};
use crate::plan::vdot::Intensity;

use super::SiteView;

/// The panel's script, written once per site as [`SCRIPT_PATH`] when a plan offers the panel.
pub const SCRIPT: &str = include_str!("../../../templates/personalise.js");

/// Where [`SCRIPT`] is written, under the site's base path.
pub const SCRIPT_PATH: &str = "personalise.js";

/// The file beside a plan page with its days' [`DayEvent`]s, as JSON.
pub const EVENTS_FILE: &str = "calendar.json";

/// What `personalise.html` receives as `plan.personal`.
#[derive(Debug, Clone, Serialize)]
pub struct PersonalView {
    /// [`PersonalData`] as JSON, safe inside `<script type="application/json">`.
    pub data: String,
    /// The script's URL: the built-in `personalise.html` loads it (`defer`), once per site.
    pub script_url: String,
    /// The script itself, for a theme's `personalise.html` that inlines it.
    pub script: &'static str,
    /// The plan has a race date: the reader picks theirs (else a start Monday).
    pub race_dated: bool,
    /// At least one named pace has `from:`, so a race result can set the reader's paces.
    pub relations: bool,
    /// The plan has dates (and so a calendar).
    pub dated: bool,
    /// The coach's units (`km`), and the other choice.
    pub units: &'static str,
    /// The days' events as JSON, written to [`EVENTS_FILE`] (not a template's business).
    #[serde(skip)]
    pub events: String,
}

/// The data the script reads.
#[derive(Debug, Clone, Serialize)]
pub struct PersonalData<'a> {
    id: &'a str,
    title: &'a str,
    summary: Option<&'a str>,
    /// The right-hand side of calendar UIDs (as in `plan.ics`).
    host: &'a str,
    /// The page's absolute URL, for each event's `URL`.
    page_url: Option<String>,
    weeks: usize,
    units: &'static str,
    /// The coach's first Monday and race day.
    start: Option<String>,
    race: Option<String>,
    paces: Vec<PaceData<'a>>,
    /// Where the days' events are ([`EVENTS_FILE`]).
    events_url: String,
}

#[derive(Debug, Clone, Serialize)]
struct PaceData<'a> {
    name: &'a str,
    /// The coach's pace, seconds per km.
    p: Option<[f64; 2]>,
    from: Option<Intensity>,
    offset: f64,
}

/// Whether plan `plan`'s page has the panel: its `personalise:`, else site.yaml's
/// (`site_default`).
pub fn personalised(plan: &Plan, site_default: bool) -> bool {
    plan.personalise.unwrap_or(site_default)
}

/// The panel of a plan page; `None` when `personalise: false` (plan or site). `texts` are the
/// plan's calendar texts ([`crate::plan::calendar::day_texts`]), which the plan's calendars
/// share.
pub fn personal_view(
    plan: &Plan,
    analysis: &Analysis,
    site: &SiteView,
    texts: &DayTexts,
    site_default: bool,
) -> Option<PersonalView> {
    if !personalised(plan, site_default) {
        return None;
    }
    let page_url = site.host().map(|_| site.absolute(&site.url(&plan.path)));
    let data = PersonalData {
        id: &plan.id,
        title: &plan.title,
        summary: plan.summary.as_deref(),
        host: site.host().unwrap_or("taper.invalid"),
        page_url: page_url.clone(),
        weeks: plan.weeks.len(),
        units: plan.units.label(),
        start: plan.start.map(|d| d.to_string()),
        race: plan
            .goal
            .as_ref()
            .and_then(|g| g.date)
            .map(|d| d.to_string()),
        paces: plan
            .paces
            .iter()
            .map(|p| PaceData {
                name: &p.name,
                p: p.pace.map(|(lo, hi)| [lo, hi]),
                from: p.from.map(|r| r.from),
                offset: p.from.map_or(0.0, |r| r.offset),
            })
            .collect(),
        events_url: format!("{}{EVENTS_FILE}", site.url(&plan.path)),
    };
    let events: Vec<DayEvent> = day_events(plan, analysis, texts);
    // `</script>` or `<!--` inside a string must not end or confuse the script element.
    let json = serde_json::to_string(&data)
        .unwrap_or_default()
        .replace('<', "\\u003c");
    Some(PersonalView {
        data: json,
        script_url: format!("{}{SCRIPT_PATH}", site.base_path),
        script: SCRIPT,
        race_dated: plan.goal.as_ref().is_some_and(|g| g.date.is_some()),
        relations: plan.paces.iter().any(|p| p.from.is_some()),
        dated: plan.start.is_some(),
        units: plan.units.label(),
        events: serde_json::to_string(&events).unwrap_or_default() + "\n",
    })
}
