//! One file per kind of output. Each kind's `render` takes the render's [`Ctx`] and gives the
//! files of one job; [`Job`] names every job of a site and [`jobs`] lists them in build order.

mod alias;
pub(crate) mod article;
mod feed;
mod guide;
mod guide_print;
mod home;
mod image;
mod not_found;
mod personalise_script;
mod plan;
mod plan_list;
mod robots;
mod search;
pub(crate) mod section;
mod sitemap;
mod stylesheet;
mod tag;
mod tag_list;
pub(crate) mod workouts;

use std::path::PathBuf;

use crate::build::Ctx;
use crate::build::keys::{self, Digests};
use crate::diagnostic::Diagnostic;
use crate::publish::{self, Paginator, tags};
use crate::site::{OutputFile, Site};

/// A job's stable name: by what it shows rather than by its position, so the name survives
/// the re-sorting of an edit (`taper serve` keeps each job's key under it).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(crate) enum Page {
    /// Page `n` (1-based) of the home list: `index.html`, then `page/<n>/index.html`.
    Home(usize),
    /// `plans/index.html`.
    PlanList,
    /// `404.html`.
    NotFound,
    /// `tags/index.html`.
    TagList,
    /// Page `n` of one tag's list, by the tag's slug.
    Tag(String, usize),
    /// Page `n` of a section's list, by URL path.
    Section(String, usize),
    /// An article, by URL path.
    Article(String),
    /// A plan's page, `plan.json` and calendars, by URL path.
    Plan(String),
    /// `atom.xml`.
    Feed,
    /// `sitemap.xml`.
    Sitemap,
    /// `search/`: the search index's terms, tags and script.
    SearchIndex,
    /// `search/d/`: the search index's documents, `n`-th thousand.
    SearchDocuments(usize),
    /// `style.css`.
    Stylesheet,
    /// `personalise.js`, when a plan page offers "Make this plan yours".
    PersonaliseScript,
    /// `<guide>/print/index.html`, by the guide's URL path.
    GuidePrint(String),
    /// The redirect pages of a page's `aliases:`, by the source file that sets them.
    Aliases(PathBuf),
    /// The resized files of an image, by its file.
    Image(PathBuf),
    /// `robots.txt` and the built-in favicon.
    Robots,
}

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
    /// A page of a section's list: the section's index, output path and paginator.
    Section(usize, String, Paginator),
    /// An article's page: the article, its section and its position there.
    Article(usize, usize, usize),
    /// A plan's page, JSON and calendars, by index.
    Plan(usize),
    Feed,
    Sitemap,
    SearchIndex,
    SearchDocuments(usize),
    Stylesheet,
    PersonaliseScript,
    /// A guide on one page, by its top section's index.
    GuidePrint(usize),
    /// The redirect pages of a page's `aliases:`.
    Aliases(alias::AliasOf),
    /// The resized files of an image.
    Image(&'a crate::images::Image),
    /// `robots.txt` and the built-in favicon.
    Robots,
}

impl Page {
    /// The search index's jobs: they read every page's text, so `taper serve` runs them
    /// after an edit's pages are written ([`crate::build::keys::Memo::defer`]).
    pub(crate) fn is_search(&self) -> bool {
        matches!(self, Page::SearchIndex | Page::SearchDocuments(_))
    }
}

impl Job<'_> {
    /// The job's stable name.
    pub(crate) fn page(&self, site: &Site) -> Page {
        match self {
            Job::Home(_, p) => Page::Home(p.number),
            Job::PlanList => Page::PlanList,
            Job::NotFound => Page::NotFound,
            Job::TagList => Page::TagList,
            Job::Tag(t, _, p) => Page::Tag(t.slug.clone(), p.number),
            Job::Section(si, _, p) => Page::Section(site.sections[*si].path.clone(), p.number),
            Job::Article(ai, _, _) => Page::Article(site.articles[*ai].path.clone()),
            Job::Plan(i) => Page::Plan(site.plans[*i].plan.path.clone()),
            Job::Feed => Page::Feed,
            Job::Sitemap => Page::Sitemap,
            Job::SearchIndex => Page::SearchIndex,
            Job::SearchDocuments(n) => Page::SearchDocuments(*n),
            Job::Stylesheet => Page::Stylesheet,
            Job::PersonaliseScript => Page::PersonaliseScript,
            Job::GuidePrint(si) => Page::GuidePrint(site.sections[*si].path.clone()),
            Job::Aliases(alias::AliasOf::Article(i)) => {
                Page::Aliases(site.articles[*i].source.clone())
            }
            Job::Image(img) => Page::Image(img.source.clone()),
            Job::Robots => Page::Robots,
            Job::Aliases(alias::AliasOf::Section(i)) => Page::Aliases(
                site.sections[*i]
                    .intro
                    .as_ref()
                    .map(|a| a.source.clone())
                    .unwrap_or_default(),
            ),
        }
    }

    /// The digest of everything the job reads (see [`keys`]).
    pub(crate) fn key(&self, cx: &Ctx, d: &Digests) -> u64 {
        match self {
            Job::Home(path, paginator) => home::key(cx, d, path, paginator),
            Job::PlanList => plan_list::key(cx, d),
            Job::NotFound => keys::key("404", d.base),
            Job::TagList => keys::key("tags", (d.base, d.tags)),
            Job::Tag(t, path, paginator) => tag::key(cx, d, t, path, paginator),
            Job::Section(si, path, p) => section::key(cx, d, *si, path, p),
            Job::Article(ai, si, pos) => article::key(cx, d, *ai, *si, *pos),
            Job::Plan(i) => plan::key(cx, d, *i),
            Job::Feed => feed::key(cx, d),
            Job::Sitemap => sitemap::key(d),
            Job::SearchIndex => keys::key("search", d.everything),
            Job::SearchDocuments(n) => keys::key("search-documents", (n, d.everything)),
            Job::Stylesheet => keys::key("style", ()),
            Job::PersonaliseScript => keys::key("personalise.js", ()),
            Job::GuidePrint(si) => guide_print::key(cx, d, *si),
            Job::Aliases(of) => alias::key(cx, d, *of),
            Job::Image(img) => image::key(img),
            Job::Robots => robots::key(cx),
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
            Job::Section(si, path, p) => section::render(cx, *si, path, p),
            Job::Article(ai, si, pos) => article::render(cx, *ai, *si, *pos),
            Job::Plan(i) => plan::render(cx, *i),
            Job::Feed => feed::render(cx),
            Job::Sitemap => sitemap::render(cx),
            Job::SearchIndex => search::render(cx),
            Job::SearchDocuments(n) => search::render_documents(cx, *n),
            Job::Stylesheet => stylesheet::render(cx),
            Job::PersonaliseScript => personalise_script::render(cx),
            Job::GuidePrint(si) => guide_print::render(cx, *si),
            Job::Aliases(of) => alias::render(cx, *of),
            Job::Image(img) => image::render(img),
            Job::Robots => robots::render(cx),
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
            let url = cx.view().url(&sec.path);
            // A guide's folder page is one page: its sidebar, not a list, shows what is in it.
            let per = paginate.filter(|_| cx.shared.guides.section(si).is_none());
            for (path, p) in publish::paginate(sec.pages.len(), per, &url, &sec.path) {
                jobs.push(Job::Section(si, path, p));
            }
        }
        if articles {
            for (pos, &ai) in sec.pages.iter().enumerate() {
                jobs.push(Job::Article(ai, si, pos));
            }
        }
    }
    jobs.extend((0..site.plans.len()).map(Job::Plan));
    jobs.extend(
        cx.shared
            .guides
            .list
            .iter()
            .map(|g| Job::GuidePrint(g.section)),
    );
    for (i, a) in site.articles.iter().enumerate() {
        if !a.aliases.is_empty() {
            jobs.push(Job::Aliases(alias::AliasOf::Article(i)));
        }
    }
    for (i, s) in site.sections.iter().enumerate() {
        if s.intro.as_ref().is_some_and(|a| !a.aliases.is_empty()) {
            jobs.push(Job::Aliases(alias::AliasOf::Section(i)));
        }
    }
    jobs.extend([
        Job::Stylesheet,
        Job::Feed,
        Job::Sitemap,
        Job::SearchIndex,
        Job::Robots,
    ]);
    jobs.extend((0..search::document_jobs(cx)).map(Job::SearchDocuments));
    jobs.extend(cx.images.images.iter().map(Job::Image));
    if personalise_script::wanted(site) {
        jobs.push(Job::PersonaliseScript);
    }
    jobs
}
