//! One file per kind of output. Each kind's `render` takes the render's [`Ctx`] and gives the
//! files of one job; [`Job`] names every job of a site and [`jobs`] lists them in build order.

pub(crate) mod article;
mod feed;
mod home;
mod not_found;
mod plan;
mod plan_list;
mod search;
pub(crate) mod section;
mod sitemap;
mod stylesheet;
mod tag;
mod tag_list;
pub(crate) mod workouts;

use crate::build::Ctx;
use crate::diagnostic::Diagnostic;
use crate::publish::{self, Paginator, tags};
use crate::site::{OutputFile, Page, Site};

/// One job of a render: what it writes, with the indices it needs. [`Page`] is its stable
/// name (by path or slug, which survives the re-sorting of an edit); a job is that name
/// resolved against one loaded site.
pub(crate) enum Job<'a> {
    /// A page of the home list: its output path and paginator.
    Home(String, Paginator),
    PlanList,
    NotFound,
    TagList,
    /// A page of a tag's list.
    Tag(&'a tags::Tag, String, Paginator),
    /// A section's list page, by index.
    Section(usize),
    /// An article's page: the article, its section and its position there.
    Article(usize, usize, usize),
    /// A plan's page, JSON and calendars, by index.
    Plan(usize),
    Feed,
    Sitemap,
    SearchIndex,
    Stylesheet,
}

impl Job<'_> {
    /// The job's stable name.
    pub(crate) fn page(&self, site: &Site) -> Page {
        match self {
            Job::Home(_, p) => Page::Home(p.number),
            Job::PlanList => Page::PlanList,
            Job::NotFound => Page::NotFound,
            Job::TagList => Page::TagList,
            Job::Tag(t, _, _) => Page::Tag(t.slug.clone()),
            Job::Section(si) => Page::Section(site.sections[*si].path.clone()),
            Job::Article(ai, _, _) => Page::Article(site.articles[*ai].path.clone()),
            Job::Plan(i) => Page::Plan(site.plans[*i].plan.path.clone()),
            Job::Feed => Page::Feed,
            Job::Sitemap => Page::Sitemap,
            Job::SearchIndex => Page::SearchIndex,
            Job::Stylesheet => Page::Stylesheet,
        }
    }

    /// Renders the job's files.
    pub(crate) fn render(&self, cx: &Ctx) -> Result<Vec<OutputFile>, Diagnostic> {
        match self {
            Job::Home(path, paginator) => home::render(cx, path, paginator),
            Job::PlanList => plan_list::render(cx),
            Job::NotFound => not_found::render(cx),
            Job::TagList => tag_list::render(cx),
            Job::Tag(t, path, paginator) => tag::render(cx, t, path, paginator),
            Job::Section(si) => section::render(cx, *si),
            Job::Article(ai, si, pos) => article::render(cx, *ai, *si, *pos),
            Job::Plan(i) => plan::render(cx, *i),
            Job::Feed => feed::render(cx),
            Job::Sitemap => sitemap::render(cx),
            Job::SearchIndex => search::render(cx),
            Job::Stylesheet => stylesheet::render(cx),
        }
    }
}

/// Every job of the site, in build order; without the article pages when `articles` is
/// false (a streaming build writes them as their bodies are rendered).
pub(crate) fn jobs<'a>(cx: &Ctx<'a>, articles: bool) -> Vec<Job<'a>> {
    let site = cx.site;
    let paginate = site.config.paginate;
    let mut jobs = Vec::new();
    for (path, p) in publish::paginate(site.articles.len(), paginate, &cx.view().base_path, "") {
        jobs.push(Job::Home(path, p));
    }
    jobs.extend([Job::PlanList, Job::NotFound, Job::TagList]);
    for t in &cx.shared.tag_list {
        let dir = format!("tags/{}", t.slug);
        for (path, p) in publish::paginate(t.items.len(), paginate, &cx.view().url(&dir), &dir) {
            jobs.push(Job::Tag(t, path, p));
        }
    }
    for (si, sec) in site.sections.iter().enumerate() {
        if si > 0 && sec.path != "plans" {
            jobs.push(Job::Section(si));
        }
        if articles {
            for (pos, &ai) in sec.pages.iter().enumerate() {
                jobs.push(Job::Article(ai, si, pos));
            }
        }
    }
    jobs.extend((0..site.plans.len()).map(Job::Plan));
    jobs.extend([Job::Stylesheet, Job::Feed, Job::Sitemap, Job::SearchIndex]);
    jobs
}
