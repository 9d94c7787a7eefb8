//! A plan's files: its page (`<path>/index.html`), `plan.json`, for a dated plan the two
//! calendars (`plan.ics`, `plan-no-rest.ics`), with the panel its days' events for the reader's
//! calendar (`calendar.json`), and its watch workouts ([`workouts`]).

use serde_json::json;

use crate::build::Ctx;
use crate::build::context::file;
use crate::build::keys::{self, Digests};
use crate::build::pages::workouts;
use crate::diagnostic::Diagnostic;
use crate::plan::calendar::{self, CalendarOptions};
use crate::plan::watch;
use crate::plan::{Plan, family};
use crate::render::meta::{Facts, Kind, PageMeta};
use crate::render::plan_days;
use crate::render::views::{
    EVENTS_FILE, FamilyJson, VariantJson, personal_view, personalised, plan_json,
};
use crate::render::views::{Link, PlanView};
use crate::site::OutputFile;

/// The templates a plan page is rendered with besides `plan_days.html`: `plan.html`, what it
/// extends and what it includes.
const PAGE_TEMPLATES: [&str; 3] = ["plan.html", "base.html", "personalise.html"];

pub(crate) fn render(cx: &Ctx, i: usize) -> Result<Vec<OutputFile>, Diagnostic> {
    let entry = &cx.site.plans[i];
    let plan = &entry.plan;
    let workouts = watch::published(plan, cx.site.config.workouts);
    let mut view = page_view(cx, i, &workouts);
    let topic = cx.site.topic_resolver(plan, cx.view(), cx.index());
    let site = cx.view();
    // The calendars and the panel's calendar share each day's text, worked out once.
    let page_url = site.host().map(|_| site.absolute(&site.url(&plan.path)));
    let article = |t: &str| topic(t).map(|l| site.absolute(&l.url));
    let options = plan.start.map(|start| CalendarOptions {
        host: site.host().unwrap_or("taper.invalid"),
        page_url: page_url.as_deref(),
        stamp: cx
            .site
            .stamp
            .unwrap_or_else(|| start.to_datetime(jiff::civil::Time::midnight())),
    });
    let personalise = cx.site.config.personalise;
    let texts = (options.is_some() || personalised(plan, personalise))
        .then(|| calendar::day_texts(plan, &entry.analysis, &article));
    view.personal = texts
        .as_ref()
        .and_then(|t| personal_view(plan, &entry.analysis, site, t, personalise));
    let mut c = cx.base();
    c.insert("plan", &view);
    let facts = Facts {
        title: &plan.title,
        path: &plan.path,
        summary: plan.summary.as_deref(),
        weeks: Some(view.weeks_count),
        calendar: view.calendar.as_ref().map(|c| c.ics_url.clone()),
        ..Facts::default()
    };
    c.insert(
        "meta",
        &PageMeta::new(cx.view(), &cx.site.config, Kind::Plan, &facts),
    );
    let html = cx.site.templates.render("plan.html", &c).map_err(|d| {
        crate::extra::explain(d, "plan", &plan.extra, &plan.source, &cx.site.config.extra)
    })?;
    let (variant_of, also_for) = family_json(cx, i, &view.also_for);
    let json = plan_json(plan, &entry.analysis, cx.view(), &topic, &workouts)
        .with_family(variant_of, also_for);
    // Compact: pretty-printed, a 16-week plan's file is 2.2 × the size (1.2 × gzipped);
    // `taper plan FILE --format json` prints the same document pretty.
    let mut text = serde_json::to_string(&json).unwrap_or_else(|_| json!({}).to_string());
    text.push('\n');
    let events = view
        .personal
        .as_mut()
        .map(|p| std::mem::take(&mut p.events));
    let mut out = vec![
        file(
            &format!("{}/index.html", plan.path),
            html,
            plan.source.clone(),
        ),
        file(
            &format!("{}/plan.json", plan.path),
            text,
            plan.source.clone(),
        ),
    ];
    if let Some(events) = events {
        out.push(file(
            &format!("{}/{EVENTS_FILE}", plan.path),
            events,
            plan.source.clone(),
        ));
    }
    if let (Some(o), Some(texts)) = (&options, &texts)
        && let Some((all, training)) = calendar::ics(plan, &entry.analysis, o, texts)
    {
        out.push(file(
            &format!("{}/plan.ics", plan.path),
            all,
            plan.source.clone(),
        ));
        out.push(file(
            &format!("{}/plan-no-rest.ics", plan.path),
            training,
            plan.source.clone(),
        ));
    }
    out.extend(workouts::files(cx, entry, &workouts)?);
    Ok(out)
}

/// Plan `i`'s view for its page: its day cards written natively while `plan_days.html` is the
/// built-in one, its tags and its family.
fn page_view(cx: &Ctx, i: usize, workouts: &[watch::WatchWorkout]) -> PlanView {
    let templates = &cx.site.templates;
    let native_days = templates.is_built_in("plan_days.html");
    // With the built-in page around them too, no template reads the days once their cards
    // are written: they are left out of Tera's data (a tenth of the page's work), and their
    // compact text is not made.
    let lean = native_days && PAGE_TEMPLATES.iter().all(|t| templates.is_built_in(t));
    let mut view = cx.plan_views.owned(i, workouts, !lean);
    if native_days {
        for week in &mut view.weeks {
            week.days_html = Some(plan_days::days(week));
            if lean {
                week.days = Vec::new();
            }
        }
    }
    let plan = &cx.site.plans[i].plan;
    view.tag_links = plan.tags.iter().filter_map(|t| cx.tag_link(t)).collect();
    view.also_for = siblings(cx, i);
    view
}

/// Plan `i`'s family in `plan.json`: the plan it was made from, and its other members
/// (`also_for`, as its page links them), at absolute URLs.
fn family_json(cx: &Ctx, i: usize, also_for: &[Link]) -> (Option<VariantJson>, Vec<FamilyJson>) {
    let site = cx.view();
    let plan = &cx.site.plans[i].plan;
    let variant_of = plan.variant.as_ref().and_then(|v| {
        let base = cx
            .site
            .plans
            .iter()
            .map(|e| &e.plan)
            .find(|p| p.source == v.base)?;
        Some(VariantJson {
            id: base.id.clone(),
            url: site.permalink(&base.path),
            scale: v.scale,
        })
    });
    let members = also_for
        .iter()
        .map(|l| FamilyJson {
            name: l.title.clone(),
            url: site.absolute(&l.url),
        })
        .collect();
    (variant_of, members)
}

/// The other plans of plan `i`'s family, named as "Also for" names them.
fn siblings(cx: &Ctx, i: usize) -> Vec<Link> {
    let plans: Vec<&Plan> = cx.site.plans.iter().map(|e| &e.plan).collect();
    let members = family::members(&plans, i);
    members
        .iter()
        .filter(|&&j| j != i)
        .map(|&j| Link {
            title: family::label(&plans, &members, j),
            url: cx.view().url(&plans[j].path),
        })
        .collect()
}

/// A plan's files read the plan (for a variant, its base too: its digest holds the base's),
/// the tags, the articles plans can show (related and explaining articles), and the other
/// plans of its family (their titles, levels and paths, in their digests).
pub(crate) fn key(cx: &Ctx, d: &Digests, i: usize) -> u64 {
    let plan = &cx.site.plans[i].plan;
    let plans: Vec<&Plan> = cx.site.plans.iter().map(|e| &e.plan).collect();
    let family: Vec<(u64, &str)> = family::members(&plans, i)
        .into_iter()
        .map(|j| (plans[j].digest, plans[j].path.as_str()))
        .collect();
    keys::key(
        "plan",
        (d.base, d.tags, d.tied, plan.digest, &plan.path, family),
    )
}

#[cfg(test)]
mod tests {
    use super::PAGE_TEMPLATES;
    use crate::render::EMBEDDED;

    /// Every template the built-in plan page extends or includes is one the lean page checks:
    /// one added later and not listed could read `week.days` after it was emptied.
    #[test]
    fn the_page_templates_are_all_the_plan_page_uses() {
        let mut seen = vec!["plan.html".to_string()];
        let mut i = 0;
        while i < seen.len() {
            let text = EMBEDDED
                .iter()
                .find(|(n, _)| *n == seen[i])
                .map(|(_, t)| *t)
                .unwrap_or_default();
            for tag in ["{% extends \"", "{% include \""] {
                for (at, _) in text.match_indices(tag) {
                    let rest = &text[at + tag.len()..];
                    let name = &rest[..rest.find('"').unwrap_or(0)];
                    if !seen.iter().any(|s| s == name) {
                        seen.push(name.to_string());
                    }
                }
            }
            i += 1;
        }
        seen.retain(|n| n != "plan_days.html");
        seen.sort();
        let mut listed: Vec<String> = PAGE_TEMPLATES.iter().map(|s| s.to_string()).collect();
        listed.sort();
        assert_eq!(seen, listed);
    }
}
