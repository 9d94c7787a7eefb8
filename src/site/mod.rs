//! The build: collect files, load and validate them, analyse plans, render every output file in
//! parallel, writing each into a staging folder as it is ready, then swap it in atomically.
//! [`Site`] is loaded once and rendered from immutable data; `taper serve` keeps it and
//! updates it one file at a time ([`incremental`]), `taper check` scans each rendered file
//! without writing it ([`Site::render_each`]).

mod claims;
pub mod incremental;
pub mod output;

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::hash::Hash;
use std::path::{Component, Path, PathBuf};
use std::sync::OnceLock;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use rayon::prelude::*;

use crate::build::{self, Ctx};
use crate::config::{self, Config};
use crate::content::section::{self, Section};
use crate::content::shortcode;
use crate::content::{self, Article, markdown};
use crate::diagnostic::{Diagnostic, suggest};
use crate::digest;
use crate::plan::analysis::{Analysis, analyse};
use crate::plan::{Plan, load as plan_load};
use crate::publish;
use crate::publish::search;
use crate::publish::tags::{self, Tagged};
use crate::render::Templates;
use crate::render::views::{
    Link, MenuLink, PlanCard, PlanView, SectionLink, SiteView, TagLink, plan_view, reading_time,
};
use output::Staging;

/// Largest file Taper reads (articles, plans, config): 8 MiB.
pub const MAX_FILE_BYTES: u64 = 8 * 1024 * 1024;

/// What a build is asked to do.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// Include drafts.
    pub drafts: bool,
    /// Replace `base_url` from site.yaml.
    pub base_url: Option<String>,
    /// `SOURCE_DATE_EPOCH` (seconds): the `DTSTAMP` of calendar events, for reproducible
    /// builds. Without it each plan's calendar is stamped with the plan's first day.
    pub source_date_epoch: Option<i64>,
}

/// A plan with its analysis.
#[derive(Debug)]
pub struct PlanEntry {
    /// The plan.
    pub plan: Plan,
    /// Its recovery analysis.
    pub analysis: Analysis,
}

/// A loaded, validated, analysed site.
#[derive(Debug)]
pub struct Site {
    /// The site folder.
    pub root: PathBuf,
    /// site.yaml.
    pub config: Config,
    /// `content/index.md`, the home page's intro.
    pub home: Option<Article>,
    /// Articles, newest first (then by path).
    pub articles: Vec<Article>,
    /// Folders of articles; `sections[0]` is the root.
    pub sections: Vec<Section>,
    /// Plans, by path.
    pub plans: Vec<PlanEntry>,
    /// Other files under `content/` and everything under `static/`: (source, output path).
    pub assets: Vec<(PathBuf, String)>,
    /// The compiled templates.
    pub templates: Templates,
    /// Warnings found while loading.
    pub warnings: Vec<Diagnostic>,
    /// The fixed build time from `SOURCE_DATE_EPOCH`, in UTC.
    pub stamp: Option<jiff::civil::DateTime>,
    /// Rendered Markdown bodies from the last render, reused while nothing they depend on
    /// changed (see [`BodyCache`]).
    bodies: BodyCache,
    /// What every page of a render shares, kept between renders (see [`Shared`]).
    shared: SharedCache,
    /// How far the current render is, for a progress bar: (jobs done, jobs in all).
    pub progress: Progress,
}

/// Counts a render's jobs as they finish; read from another thread to draw progress.
#[derive(Debug, Default)]
pub struct Progress {
    done: std::sync::atomic::AtomicUsize,
    total: std::sync::atomic::AtomicUsize,
}

impl Progress {
    /// (jobs done, jobs in all) of the render under way.
    pub fn get(&self) -> (usize, usize) {
        use std::sync::atomic::Ordering::Relaxed;
        (self.done.load(Relaxed), self.total.load(Relaxed))
    }

    fn start(&self, total: usize) {
        use std::sync::atomic::Ordering::Relaxed;
        self.done.store(0, Relaxed);
        self.total.store(total, Relaxed);
    }

    /// More jobs for the render under way.
    fn grow(&self, more: usize) {
        self.total
            .fetch_add(more, std::sync::atomic::Ordering::Relaxed);
    }

    fn tick(&self) {
        self.done.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    }
}

/// Plan views for one render, built on first use.
pub(crate) struct PlanViews<'a> {
    cells: Vec<OnceLock<PlanView>>,
    make: &'a (dyn Fn(usize) -> PlanView + Sync),
}

impl PlanViews<'_> {
    /// The view of plan `i`, kept for later calls.
    fn get(&self, i: usize) -> &PlanView {
        self.cells[i].get_or_init(|| (self.make)(i))
    }

    /// The view of plan `i` to own: the kept one if a shortcode needed it, else a fresh one
    /// that is not kept.
    pub(crate) fn owned(&self, i: usize) -> PlanView {
        match self.cells[i].get() {
            Some(v) => v.clone(),
            None => (self.make)(i),
        }
    }
}

/// Articles by the names plans use for them, built once per render: a plan asks for the
/// articles of its rest days, deloads and taper, and for those that name it, and a scan of
/// every article for each made large sites quadratic.
pub(crate) struct ArticleIndex<'a> {
    /// URL path (`posts/why-rest`) → the first article (in site order) with it.
    by_url: HashMap<&'a str, usize>,
    /// Content path (`posts/why-rest` for `content/posts/why-rest.md`) → its article.
    by_file: HashMap<String, usize>,
    /// Topic → the article with the smallest URL path among those that explain it.
    explains: HashMap<&'a str, usize>,
    /// Plan id → the articles that name it in `plans:`, in site order.
    related: HashMap<&'a str, Vec<usize>>,
}

impl<'a> ArticleIndex<'a> {
    pub(crate) fn new(articles: &'a [Article]) -> ArticleIndex<'a> {
        let mut index = ArticleIndex {
            by_url: HashMap::with_capacity(articles.len()),
            by_file: HashMap::with_capacity(articles.len()),
            explains: HashMap::new(),
            related: HashMap::new(),
        };
        for (i, a) in articles.iter().enumerate() {
            index.by_url.entry(&a.path).or_insert(i);
            index.by_file.entry(content_path(&a.source)).or_insert(i);
            for e in &a.explains {
                let best = index.explains.entry(e).or_insert(i);
                if a.path < articles[*best].path {
                    *best = i;
                }
            }
            for (slug, _) in &a.plans {
                let list = index.related.entry(slug).or_default();
                if list.last() != Some(&i) {
                    list.push(i);
                }
            }
        }
        index
    }

    /// The article a plan's `articles:` entry names, by URL or content path.
    fn named(&self, p: &str) -> Option<usize> {
        match (self.by_url.get(p), self.by_file.get(p)) {
            (Some(&a), Some(&b)) => Some(a.min(b)),
            (a, b) => a.or(b).copied(),
        }
    }
}

/// What every page of a render shares that only site.yaml, front matter and plans decide (not
/// Markdown bodies): the site view with its menu, the `@/` link targets, tags, and the template
/// values given to every page. `taper serve` keeps it between renders while edits change
/// bodies only ([`incremental::Change::Pages`]); any other change drops it.
pub(crate) struct Shared {
    pub(crate) site: SiteView,
    /// `@/` link targets, and their digest (bodies that use links depend on it).
    links: BTreeMap<String, String>,
    links_key: u64,
    pub(crate) tag_list: Vec<tags::Tag>,
    pub(crate) tag_links: Vec<TagLink>,
    pub(crate) site_value: tera::Value,
    pub(crate) sections_value: tera::Value,
    /// Every plan's card, for the home and plan lists.
    pub(crate) cards: tera::Value,
}

#[derive(Default)]
struct SharedCache(Mutex<Option<Arc<Shared>>>);

impl SharedCache {
    fn take(&self) -> Option<Arc<Shared>> {
        self.0.lock().unwrap_or_else(|e| e.into_inner()).take()
    }

    fn put(&self, shared: Option<Arc<Shared>>) {
        *self.0.lock().unwrap_or_else(|e| e.into_inner()) = shared;
    }
}

impl std::fmt::Debug for SharedCache {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let kept = self.0.lock().map(|s| s.is_some()).unwrap_or(false);
        write!(f, "SharedCache({})", if kept { "kept" } else { "empty" })
    }
}

/// Every Markdown body of a render, by source file, and the bodies that lists now show
/// differently (their reading time, or word count, changed since the last render, or they are
/// new), whose list pages a render of single pages must add.
struct Bodies<'a> {
    by_source: HashMap<PathBuf, Arc<markdown::Rendered>>,
    relisted: Vec<&'a Path>,
}

/// Called with each article body as soon as it is rendered, in a streaming build: writes the
/// article's page and says whether to keep the HTML (the feed needs it).
type Emit<'a> = &'a (dyn Fn(&Article, &markdown::Rendered) -> Result<bool, Diagnostic> + Sync);

/// Where a streaming render sends each file it produces.
pub type Sink<'a> = &'a (dyn Fn(&OutputFile) -> Result<(), Diagnostic> + Sync);

/// What a build wrote.
#[derive(Debug, Clone, Copy)]
pub struct Summary {
    /// HTML pages.
    pub pages: usize,
    /// Plans.
    pub plans: usize,
    /// All files.
    pub files: usize,
    /// Wall time.
    pub elapsed: Duration,
}

/// One page (or generated file) Taper renders, named by what it shows rather than by its
/// position, so the name survives re-sorting.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Page {
    /// Page `n` (1-based) of the home list: `index.html`, then `page/<n>/index.html`.
    Home(usize),
    /// `plans/index.html`.
    PlanList,
    /// `404.html`.
    NotFound,
    /// `tags/index.html`.
    TagList,
    /// Every page of one tag's list, by the tag's slug.
    Tag(String),
    /// A section's list page, by URL path.
    Section(String),
    /// An article, by URL path.
    Article(String),
    /// A plan's page, `plan.json` and calendars, by URL path.
    Plan(String),
    /// `atom.xml`.
    Feed,
    /// `sitemap.xml`.
    Sitemap,
    /// `search_index.json`.
    SearchIndex,
    /// `style.css`.
    Stylesheet,
}

/// A rendered output file, held in memory.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutputFile {
    /// Path inside the output (`posts/x/index.html`).
    pub path: String,
    /// The content.
    pub bytes: Vec<u8>,
    /// The file a reader would edit to change it (article, plan, template or site.yaml).
    pub source: PathBuf,
}

/// A rendered body and what it was rendered from.
#[derive(Debug)]
struct CachedBody {
    /// Digest of the Markdown it was rendered from.
    body: u64,
    /// Whether that Markdown has `@/` links and may call shortcodes.
    links: bool,
    shortcodes: bool,
    deps: u64,
    rendered: Arc<markdown::Rendered>,
}

/// Rendered Markdown bodies by source file. A body is rendered again only when its text
/// changed or, for bodies that use them, the `@/` link targets or the views that shortcodes
/// show (plans, the site) changed; everything else a body's HTML depends on (templates,
/// site.yaml) makes `taper serve` load a new [`Site`], which starts with an empty cache.
#[derive(Default)]
struct BodyCache(Mutex<HashMap<PathBuf, CachedBody>>);

impl std::fmt::Debug for BodyCache {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let n = self.0.lock().map_or(0, |m| m.len());
        write!(f, "BodyCache({n} bodies)")
    }
}

/// What a file below `content/` or `static/` is to the build.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Source {
    /// An article: the file and its URL path.
    Article(PathBuf, String),
    /// A section's `_index.md`: the file and the URL path of its folder.
    SectionIntro(PathBuf, String),
    /// A plan: the file and the URL path of its folder.
    Plan(PathBuf, String),
    /// `content/index.md`.
    Home(PathBuf),
    /// Copied as is: the file and its output path.
    Asset(PathBuf, String),
    /// Not part of the site (hidden files).
    Skipped,
}

/// Classifies `path`, a file below `dir` (`content/` when `is_content`, else `static/`).
pub(crate) fn classify(dir: &Path, path: &Path, is_content: bool) -> Source {
    let inner = path.strip_prefix(dir).unwrap_or(path).to_path_buf();
    let name = inner
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    if name.starts_with('.') || name.is_empty() {
        return Source::Skipped;
    }
    let ext = inner
        .extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase())
        .unwrap_or_default();
    let path = path.to_path_buf();
    if !is_content {
        Source::Asset(path, inner.to_string_lossy().replace('\\', "/"))
    } else if inner == Path::new("index.md") {
        Source::Home(path)
    } else if name == "_index.md" {
        let dir = url_path(inner.parent().unwrap_or(Path::new("")));
        Source::SectionIntro(path, dir)
    } else if ext == "md" {
        Source::Article(path, url_path(&inner))
    } else if ext == "yaml" || ext == "yml" {
        let dir = url_path(inner.parent().unwrap_or(Path::new("")));
        Source::Plan(path, dir)
    } else {
        let mut parts: Vec<String> = inner
            .parent()
            .map(|p| url_path(&p.join("x")))
            .unwrap_or_default()
            .split('/')
            .map(String::from)
            .collect();
        parts.pop();
        parts.retain(|p| !p.is_empty());
        parts.push(name);
        Source::Asset(path, parts.join("/"))
    }
}

/// An article, section intro or plan read from its file.
pub(crate) enum Loaded {
    Article(Article),
    Intro(Article),
    Home(Article),
    Plan(Box<Plan>),
}

/// Reads and validates one article, section intro or plan (assets and skipped files give
/// nothing).
pub(crate) fn load_source(
    root: &Path,
    source: &Source,
    units: crate::plan::units::Units,
) -> (Option<Loaded>, Vec<Diagnostic>) {
    let article = |p: &PathBuf, url: &str, kind: u8| {
        let r = rel(root, p);
        match read_text(root, p) {
            Ok(text) => match content::load(&r, &text, url) {
                Ok(a) if kind != 1 && unnamed(&r, &a.path, kind == 2) => {
                    (None, vec![unnamed_error(&r, &a, &text)])
                }
                Ok(mut a) => (
                    Some(match kind {
                        0 => Loaded::Article(a),
                        1 => Loaded::Home(a),
                        _ => {
                            // `slug:` names articles, not folders.
                            a.path = url.to_string();
                            Loaded::Intro(a)
                        }
                    }),
                    Vec::new(),
                ),
                Err(d) => (None, d),
            },
            Err(d) => (None, vec![d]),
        }
    };
    match source {
        Source::Article(p, url) => article(p, url, 0),
        Source::Home(p) => article(p, "", 1),
        Source::SectionIntro(p, dir) => article(p, dir, 2),
        Source::Plan(p, dir) => {
            let r = rel(root, p);
            match read_text(root, p) {
                Ok(text) => {
                    let l = plan_load::load(&r, &text, dir, units);
                    match l.plan {
                        Some(plan) if claims::has_empty_part(&plan.path) => {
                            let d = Diagnostic::error(
                                &r,
                                0,
                                0,
                                "path",
                                format!(
                                    "a folder name in `{}` has no letters or digits for its URL",
                                    r.display()
                                ),
                            )
                            .with_help("rename the folder with words, like `plans/spring`");
                            (None, vec![d])
                        }
                        plan => (plan.map(|p| Loaded::Plan(Box::new(p))), l.diagnostics),
                    }
                }
                Err(d) => (None, vec![d]),
            }
        }
        Source::Asset(..) | Source::Skipped => (None, Vec::new()),
    }
}

/// Whether the URL path of an article (or, `intro`, a section intro's folder) has a part left
/// empty by slugifying (`content/posts/###.md` would be `posts/`, written over the section
/// page). The root intro `content/_index.md` is the one path that is rightly empty.
fn unnamed(file: &Path, path: &str, intro: bool) -> bool {
    let root_intro = intro && file.parent() == Some(Path::new("content"));
    !root_intro && claims::has_empty_part(path)
}

/// The error for an [`unnamed`] page, at its `slug:` when it has one, else the file.
fn unnamed_error(file: &Path, a: &Article, text: &str) -> Diagnostic {
    let last = a.path.rsplit('/').next().unwrap_or_default();
    let (message, help) = if last.is_empty() && a.slug_pos.is_none() && !file.ends_with("_index.md")
    {
        (
            "the file name has no letters or digits for its URL".to_string(),
            "set `slug:` in its front matter (e.g. `slug: hill-repeats`) or rename the file",
        )
    } else {
        (
            format!(
                "a folder name in `{}` has no letters or digits for its URL",
                file.display()
            ),
            "rename the folder with words, like `posts` or `guide`",
        )
    };
    let (line, column) = a.slug_pos.map_or((0, 0), |p| (p.line, p.column));
    Diagnostic::error(file, line, column, "path", message)
        .with_help(help)
        .with_source(text)
}

fn rel(root: &Path, p: &Path) -> PathBuf {
    p.strip_prefix(root)
        .map(Path::to_path_buf)
        .unwrap_or_else(|_| p.to_path_buf())
}

fn read_text(root: &Path, path: &Path) -> Result<String, Diagnostic> {
    let r = rel(root, path);
    let meta = std::fs::metadata(path)
        .map_err(|e| Diagnostic::error(&r, 0, 0, "io", format!("cannot read: {e}")))?;
    if meta.len() > MAX_FILE_BYTES {
        return Err(Diagnostic::error(
            &r,
            1,
            1,
            "too-large",
            format!(
                "the file is {} MiB; Taper reads files up to 8 MiB",
                meta.len() / (1024 * 1024)
            ),
        )
        .with_help("split it into smaller files"));
    }
    let bytes = std::fs::read(path)
        .map_err(|e| Diagnostic::error(&r, 0, 0, "io", format!("cannot read: {e}")))?;
    String::from_utf8(bytes).map_err(|e| {
        let valid = &e.as_bytes()[..e.utf8_error().valid_up_to()];
        let text = String::from_utf8_lossy(valid);
        let line = text.matches('\n').count() + 1;
        let column = text.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
        Diagnostic::error(&r, line, column, "encoding", "the file is not valid UTF-8")
            .with_help("save the file as UTF-8")
    })
}

/// The URL path for a file below `content/`: folders and stem, slugified (`posts/recovery`).
fn url_path(content_rel: &Path) -> String {
    let mut parts: Vec<String> = Vec::new();
    let comps: Vec<_> = content_rel.components().collect();
    for (i, c) in comps.iter().enumerate() {
        if let Component::Normal(s) = c {
            let s = s.to_string_lossy();
            let s = if i + 1 == comps.len() {
                Path::new(s.as_ref())
                    .file_stem()
                    .map(|x| x.to_string_lossy().into_owned())
                    .unwrap_or_default()
            } else {
                s.into_owned()
            };
            parts.push(markdown::slugify(&s));
        }
    }
    parts.join("/")
}

impl Site {
    /// Loads everything under `root`, reporting every problem found.
    pub fn load(root: &Path, options: &Options) -> Result<Site, Vec<Diagnostic>> {
        let mut errors: Vec<Diagnostic> = Vec::new();
        let mut warnings: Vec<Diagnostic> = Vec::new();
        let config_path = root.join("site.yaml");
        let mut config = if config_path.is_file() {
            match read_text(root, &config_path)
                .map_err(|d| vec![d])
                .and_then(|t| config::parse(Path::new("site.yaml"), &t))
            {
                Ok(c) => Some(c),
                Err(e) => {
                    errors.extend(e);
                    None
                }
            }
        } else {
            errors.push(
                Diagnostic::error(
                    "site.yaml",
                    0,
                    0,
                    "missing",
                    format!("no site.yaml in `{}`", root.display()),
                )
                .with_help(
                    "create site.yaml with at least `title: My Training Guides`, or pass --root",
                ),
            );
            None
        };
        if let (Some(c), Some(url)) = (config.as_mut(), options.base_url.as_deref()) {
            c.set_base_url(url);
        }
        let units = config.as_ref().map(|c| c.units).unwrap_or_default();

        // Collect files in a stable order.
        let content_dir = root.join("content");
        let mut sources = Vec::new();
        let mut assets = Vec::new();
        for (dir, is_content) in [(content_dir.clone(), true), (root.join("static"), false)] {
            if !dir.is_dir() {
                continue;
            }
            for entry in walkdir::WalkDir::new(&dir)
                .follow_links(false)
                .sort_by_file_name()
            {
                let entry = match entry {
                    Ok(e) => e,
                    Err(e) => {
                        errors.push(Diagnostic::error(
                            rel(root, &dir),
                            0,
                            0,
                            "io",
                            format!("cannot read: {e}"),
                        ));
                        continue;
                    }
                };
                let path = entry.path().to_path_buf();
                let r = rel(root, &path);
                if entry.file_type().is_symlink() {
                    errors.push(
                        Diagnostic::error(
                            &r,
                            0,
                            0,
                            "symlink",
                            "symbolic links are not followed: they could reach outside the site",
                        )
                        .with_help("copy the file into the site instead"),
                    );
                    continue;
                }
                if !entry.file_type().is_file() {
                    continue;
                }
                match classify(&dir, &path, is_content) {
                    Source::Asset(src, dest) => assets.push((src, dest)),
                    Source::Skipped => {}
                    other => sources.push(other),
                }
            }
        }

        // Parse articles, intros and plans in parallel; results keep the file order.
        let results: Vec<(Option<Loaded>, Vec<Diagnostic>)> = sources
            .par_iter()
            .map(|s| load_source(root, s, units))
            .collect();

        let mut home = None;
        let mut intros = Vec::new();
        let mut articles = Vec::new();
        let mut plans = Vec::new();
        for (item, diags) in results {
            for d in diags {
                if d.is_error() {
                    errors.push(d);
                } else {
                    warnings.push(d);
                }
            }
            match item {
                Some(Loaded::Article(a)) if options.drafts || !a.draft => articles.push(a),
                Some(Loaded::Home(a)) => home = Some(a),
                Some(Loaded::Intro(a)) => intros.push(a),
                Some(Loaded::Plan(p)) if options.drafts || !p.draft => plans.push(*p),
                _ => {}
            }
        }

        let plan_refs: Vec<&Plan> = plans.iter().collect();
        errors.extend(cross_check(root, &articles, &plan_refs));

        let templates = match Templates::load(root) {
            Ok(t) => Some(t),
            Err(e) => {
                errors.extend(e);
                None
            }
        };
        if !errors.is_empty() {
            return Err(errors);
        }
        let (Some(config), Some(templates)) = (config, templates) else {
            return Err(errors);
        };

        articles.sort_by(|a, b| b.date.cmp(&a.date).then_with(|| a.path.cmp(&b.path)));
        let sections = section::build(&articles, intros);
        let plan_refs: Vec<&Plan> = plans.iter().collect();
        let conflicts = output_conflicts(
            root,
            &sections,
            &articles,
            &plan_refs,
            &assets,
            config.paginate,
        );
        if !conflicts.is_empty() {
            return Err(conflicts);
        }
        plans.sort_by(|a, b| a.path.cmp(&b.path));
        let recovery = config.recovery;
        let plans: Vec<PlanEntry> = plans
            .into_par_iter()
            .map(|plan| {
                let analysis = analyse(&plan, &recovery);
                PlanEntry { plan, analysis }
            })
            .collect();
        Ok(Site {
            root: root.to_path_buf(),
            config,
            home,
            articles,
            sections,
            plans,
            assets,
            templates,
            warnings,
            stamp: options
                .source_date_epoch
                .and_then(|s| jiff::Timestamp::from_second(s).ok())
                .map(|t| jiff::tz::Offset::UTC.to_datetime(t)),
            bodies: BodyCache::default(),
            shared: SharedCache::default(),
            progress: Progress::default(),
        })
    }

    /// The article that explains `topic` for `plan`: the plan's `articles:` entry, else an
    /// article whose front matter `explains` it.
    fn topic_link(
        &self,
        plan: &Plan,
        topic: &str,
        site: &SiteView,
        index: &ArticleIndex,
    ) -> Option<Link> {
        let i = plan
            .articles
            .get(topic)
            .and_then(|p| index.named(p))
            .or_else(|| index.explains.get(topic).copied())?;
        let a = &self.articles[i];
        Some(Link {
            title: a.title.clone(),
            url: site.url(&a.path),
        })
    }

    /// [`Site::topic_link`] for one plan, with the usual topics looked up once: a plan page
    /// asks for them on every rest day.
    pub(crate) fn topic_resolver<'a>(
        &'a self,
        plan: &'a Plan,
        site: &'a SiteView,
        index: &'a ArticleIndex,
    ) -> impl Fn(&str) -> Option<Link> + 'a {
        let known: Vec<(&'static str, Option<Link>)> = ["rest", "deload", "taper"]
            .into_iter()
            .map(|t| (t, self.topic_link(plan, t, site, index)))
            .collect();
        move |t: &str| match known.iter().find(|(k, _)| *k == t) {
            Some((_, link)) => link.clone(),
            None => self.topic_link(plan, t, site, index),
        }
    }

    fn plan_link(&self, slug: &str, site: &SiteView) -> Option<Link> {
        self.plans.iter().find(|p| p.plan.id == slug).map(|p| Link {
            title: p.plan.title.clone(),
            url: site.url(&p.plan.path),
        })
    }

    /// Renders every output file into memory: pages, plan files and calendars, tag and
    /// section lists, the feed, sitemap, search index and stylesheet (assets are not read:
    /// see [`Site::assets`]).
    pub fn render_all(&self) -> Result<Vec<OutputFile>, Vec<Diagnostic>> {
        self.render_pages(None, None, true)
    }

    /// Renders the given pages into memory; pages that no longer exist are skipped. The
    /// output of each is byte-identical to what [`Site::render_all`] gives for it.
    pub fn render(&self, pages: &[Page]) -> Result<Vec<OutputFile>, Vec<Diagnostic>> {
        let only: BTreeSet<Page> = pages.iter().cloned().collect();
        self.render_pages(Some(&only), None, true)
    }

    /// Renders every output file and hands each to `each` as soon as it is ready, keeping
    /// none: what `taper build` writes and `taper check` scans, without the whole site in
    /// memory. Files arrive in no fixed order, from several threads.
    pub fn render_each(&self, each: Sink) -> Result<(), Vec<Diagnostic>> {
        self.render_pages(None, Some(each), false).map(|_| ())
    }

    /// Renders every output file and writes the site to `out`, replacing the previous output
    /// only when everything succeeded.
    pub fn build(&self, out: &Path, force: bool) -> Result<Summary, Vec<Diagnostic>> {
        self.build_with(out, force, false, &|_| {})
    }

    /// [`Site::build`], showing each file to `observe` once it is written. With
    /// `keep_bodies` the rendered Markdown is kept for later renders (`taper serve`), which
    /// costs the memory of every body's HTML; without it only the feed's articles keep theirs.
    pub fn build_with(
        &self,
        out: &Path,
        force: bool,
        keep_bodies: bool,
        observe: &(dyn Fn(&OutputFile) + Sync),
    ) -> Result<Summary, Vec<Diagnostic>> {
        use std::sync::atomic::{AtomicUsize, Ordering::Relaxed};
        let started = Instant::now();
        let staging = Staging::begin(&self.root, out, force).map_err(|d| vec![d])?;
        let (pages, files) = (AtomicUsize::new(0), AtomicUsize::new(0));
        let write = |f: &OutputFile| -> Result<(), Diagnostic> {
            staging.write(&f.path, &f.bytes)?;
            observe(f);
            files.fetch_add(1, Relaxed);
            if f.path.ends_with(".html") {
                pages.fetch_add(1, Relaxed);
            }
            Ok(())
        };
        // On an error the staging folder is dropped (and removed); the old output stays.
        self.render_pages(None, Some(&write), keep_bodies)?;
        self.finish(staging, started, pages.into_inner(), files.into_inner())
    }

    /// Copies the assets into `staging` and swaps it in place of the old output.
    fn finish(
        &self,
        staging: Staging,
        started: Instant,
        pages: usize,
        files: usize,
    ) -> Result<Summary, Vec<Diagnostic>> {
        let mut errors = Vec::new();
        for (src, dest) in &self.assets {
            if let Err(d) = staging.copy(src, &rel(&self.root, src), dest) {
                errors.push(d);
            }
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        staging.commit().map_err(|d| vec![d])?;
        Ok(Summary {
            pages,
            plans: self.plans.len(),
            files: files + self.assets.len(),
            elapsed: started.elapsed(),
        })
    }

    /// The page of the home list that shows the article at `path`.
    pub fn home_page_of(&self, path: &str) -> Option<Page> {
        let i = self.articles.iter().position(|a| a.path == path)?;
        publish::paginate(self.articles.len(), self.config.paginate, "", "")
            .into_iter()
            .find(|(_, p)| p.first <= i && i < p.last)
            .map(|(_, p)| Page::Home(p.number))
    }

    /// The [`Shared`] part of a render: kept from the last render, or worked out and kept.
    fn shared(&self) -> Result<Arc<Shared>, Vec<Diagnostic>> {
        let mut slot = self.shared.0.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(s) = slot.as_ref() {
            return Ok(Arc::clone(s));
        }
        let mut site = SiteView::new(&self.config);
        let links = self.link_targets(&site);
        let resolve = |path: &str| links.get(path.trim_start_matches('/')).cloned();
        site.menu = self.menu(&site, &resolve)?;

        // Tags over articles and plans.
        let tag_entries: Vec<tags::Entry> = self
            .articles
            .iter()
            .enumerate()
            .map(|(i, a)| tags::Entry {
                what: Tagged::Article(i),
                date: a.date,
                title: &a.title,
                tags: &a.tags,
            })
            .chain(self.plans.iter().enumerate().map(|(i, p)| tags::Entry {
                what: Tagged::Plan(i),
                date: p.plan.start,
                title: &p.plan.title,
                tags: &p.plan.tags,
            }))
            .collect();
        let (tag_list, bad_tags) = tags::collect(&tag_entries);
        let errors: Vec<Diagnostic> = bad_tags
            .into_iter()
            .map(|(what, name)| {
                let file = match what {
                    Tagged::Article(i) => &self.articles[i].source,
                    Tagged::Plan(i) => &self.plans[i].plan.source,
                };
                Diagnostic::error(
                    file,
                    0,
                    0,
                    "tag",
                    format!("the tag `{name}` has no letters or digits for its URL"),
                )
                .with_help("use words in tags, like `recovery` or `long run`")
            })
            .collect();
        if !errors.is_empty() {
            return Err(errors);
        }
        let tag_links: Vec<TagLink> = tag_list
            .iter()
            .map(|t| TagLink {
                name: t.name.clone(),
                slug: t.slug.clone(),
                url: site.url(&format!("tags/{}", t.slug)),
                count: t.items.len(),
            })
            .collect();
        // Converted to template values once: every page gets them, and cloning a value is
        // cheap (reference-counted) where serialising the section tree, which lists every
        // article, for each page made a build quadratic in the number of articles.
        let section_tree = self.section_tree(0, &site).children;
        let cards: Vec<PlanCard> = self
            .plans
            .iter()
            .map(|p| PlanCard::new(&p.plan, &site))
            .collect();
        let shared = Arc::new(Shared {
            site_value: tera::Value::from_serializable(&site),
            sections_value: tera::Value::from_serializable(&section_tree),
            cards: tera::Value::from_serializable(&cards),
            links_key: digest(&links),
            site,
            links,
            tag_list,
            tag_links,
        });
        *slot = Some(Arc::clone(&shared));
        Ok(shared)
    }

    /// Renders `only` these pages, or all of them. Whatever is shared (plan views, Markdown
    /// bodies, tags, the section tree) is computed for the whole site first, so a page
    /// rendered alone is the same as in a full render.
    fn render_pages(
        &self,
        only: Option<&BTreeSet<Page>>,
        sink: Option<Sink>,
        keep_bodies: bool,
    ) -> Result<Vec<OutputFile>, Vec<Diagnostic>> {
        let shared = self.shared()?;
        let site = &shared.site;
        let links = &shared.links;
        let resolve = |path: &str| links.get(path.trim_start_matches('/')).cloned();
        let index = OnceLock::new();
        let index_of = || index.get_or_init(|| ArticleIndex::new(&self.articles));
        // Plan views are built when first needed: shortcodes keep theirs (a body may embed a
        // plan), plan pages build theirs and drop it, so a large site never holds them all.
        let plan_views = PlanViews {
            cells: self.plans.iter().map(|_| OnceLock::new()).collect(),
            make: &|i: usize| {
                let plan = &self.plans[i].plan;
                let related: Vec<Link> = index_of()
                    .related
                    .get(plan.id.as_str())
                    .into_iter()
                    .flatten()
                    .map(|&ai| Link {
                        title: self.articles[ai].title.clone(),
                        url: site.url(&self.articles[ai].path),
                    })
                    .collect();
                let topic = self.topic_resolver(plan, site, index_of());
                plan_view(plan, &self.plans[i].analysis, site, &related, &topic)
            },
        };
        let cx = Ctx {
            site: self,
            shared: &shared,
            plan_views: &plan_views,
            index: &index,
            bodies: None,
        };

        // Then every Markdown body, once: pages, the feed and the search index share it. A
        // full streaming build writes each article's page as soon as its body is rendered and
        // keeps only what lists and the search index need (word count, headings, the first
        // words), not the HTML, except for the articles in the feed.
        let streaming = match sink {
            Some(sink) if only.is_none() => Some(sink),
            _ => None,
        };
        let placed: HashMap<&Path, (usize, usize, usize)> = if streaming.is_some() {
            self.sections
                .iter()
                .enumerate()
                .flat_map(|(si, sec)| {
                    sec.pages
                        .iter()
                        .enumerate()
                        .map(move |(pos, &ai)| (ai, si, pos))
                })
                .map(|(ai, si, pos)| (self.articles[ai].source.as_path(), (ai, si, pos)))
                .collect()
        } else {
            HashMap::new()
        };
        let in_feed: BTreeSet<&Path> = self.feed_articles().map(|a| a.source.as_path()).collect();
        let emit = |a: &Article, r: &markdown::Rendered| -> Result<bool, Diagnostic> {
            let (Some(sink), Some(&(ai, si, pos))) = (streaming, placed.get(a.source.as_path()))
            else {
                return Ok(true);
            };
            sink(&build::pages::article::page(&cx, ai, si, pos, Some(r))?)?;
            self.progress.tick();
            Ok(keep_bodies || in_feed.contains(a.source.as_path()))
        };
        self.progress.start(placed.len());
        let bodies = self.render_bodies(
            site,
            shared.links_key,
            &resolve,
            &plan_views,
            streaming.is_some().then_some(&emit),
            keep_bodies,
        )?;
        let cx = Ctx {
            bodies: Some(&bodies.by_source),
            ..cx
        };

        let mut jobs = build::jobs(&cx, streaming.is_none());
        if let Some(only) = only {
            // The lists that show a re-rendered body differently are rendered too.
            let lists: BTreeSet<Page> = bodies
                .relisted
                .iter()
                .filter_map(|&source| self.articles.iter().position(|a| a.source == source))
                .flat_map(|ai| self.lists_showing(ai))
                .collect();
            jobs.retain(|j| {
                let page = j.page(self);
                only.contains(&page) || lists.contains(&page)
            });
        }
        self.progress.grow(jobs.len());
        let results: Vec<Result<Vec<OutputFile>, Diagnostic>> = jobs
            .par_iter()
            .inspect(|_| self.progress.tick())
            .map(|job| job.render(&cx))
            .map(|r| match (r, sink) {
                // Streaming: each file goes to the sink as soon as it is rendered and its bytes
                // are dropped, so a build never holds the whole site in memory.
                (Ok(files), Some(sink)) => files.iter().try_for_each(sink).map(|()| Vec::new()),
                (r, _) => r,
            })
            .collect();
        let mut files = Vec::new();
        let mut errors = Vec::new();
        for r in results {
            match r {
                Ok(f) => files.extend(f),
                Err(d) => errors.push(d),
            }
        }
        if errors.is_empty() {
            Ok(files)
        } else {
            Err(errors)
        }
    }

    /// Every Markdown body (articles, the home intro, section intros) rendered, by source
    /// file: from the cache when neither the text nor what it uses changed, else afresh.
    fn render_bodies(
        &self,
        site: &SiteView,
        links_key: u64,
        resolve: markdown::LinkResolver,
        plan_views: &PlanViews,
        emit: Option<Emit>,
        keep: bool,
    ) -> Result<Bodies<'_>, Vec<Diagnostic>> {
        let options = markdown::RenderOptions {
            base_path: &site.base_path,
            highlight_theme: Some(&self.config.highlight_theme),
            links: Some(resolve),
            raw_html: true,
        };
        // What a body's HTML depends on besides its own text: always the base path and the
        // theme; the link targets when it has `@/` links; when it may call shortcodes, what
        // they show (the site, every plan's view, the plan ids).
        let base = digest(&(&site.base_path, &self.config.highlight_theme));
        // Only worked out when some body may call a shortcode: it builds every plan's view.
        let shortcodes_key = std::cell::OnceCell::new();
        let shortcodes_key = || {
            *shortcodes_key.get_or_init(|| {
                let views: Vec<&PlanView> =
                    (0..self.plans.len()).map(|i| plan_views.get(i)).collect();
                digest(&(
                    serde_json::to_string(site).unwrap_or_default(),
                    serde_json::to_string(&views).unwrap_or_default(),
                    self.plans.iter().map(|p| &p.plan.id).collect::<Vec<_>>(),
                ))
            })
        };
        let bodies: Vec<&Article> = self
            .articles
            .iter()
            .chain(self.home.iter())
            .chain(self.sections.iter().filter_map(|s| s.intro.as_ref()))
            .collect();
        let mut old = std::mem::take(&mut *self.bodies.0.lock().unwrap_or_else(|e| e.into_inner()));
        let work: Vec<_> = bodies
            .into_iter()
            .map(|a| {
                let before = old.remove(&a.source);
                let words_before = before.as_ref().map(|c| c.rendered.word_count);
                let cached = before.filter(|c| c.body == a.body_digest);
                let uses = match &cached {
                    Some(c) => (c.links, c.shortcodes),
                    None => (a.body.contains("@/"), a.body.contains("{{")),
                };
                let deps = digest(&(
                    base,
                    uses.0.then_some(links_key),
                    uses.1.then(shortcodes_key),
                ));
                (
                    a,
                    words_before,
                    deps,
                    uses,
                    cached.filter(|c| c.deps == deps),
                )
            })
            .collect();
        drop(old);
        let rendered: Vec<_> = work
            .into_par_iter()
            .map(|(a, words_before, deps, (links, shortcodes), cached)| {
                let body = || -> Result<CachedBody, Vec<Diagnostic>> {
                    Ok(match cached {
                        Some(c) => {
                            if let Some(emit) = emit {
                                emit(a, &c.rendered).map_err(|d| vec![d])?;
                            }
                            c
                        }
                        None => {
                            let mut r = self.render_body(a, &options, site, plan_views)?;
                            let kept = match emit {
                                Some(emit) => emit(a, &r).map_err(|d| vec![d])?,
                                None => true,
                            };
                            if kept {
                                // Kept for later: without the spare capacity it grew with.
                                r.html.shrink_to_fit();
                            } else {
                                r.html = String::new();
                            }
                            CachedBody {
                                body: a.body_digest,
                                links,
                                shortcodes,
                                deps,
                                rendered: Arc::new(r),
                            }
                        }
                    })
                };
                (a, words_before, body())
            })
            .collect();
        // Lists show a body only through its word count, and the built-in theme only through
        // the reading time made from it.
        let counts_words = self.templates.mention("word_count");
        let listed_differently = |before: usize, after: usize| {
            if counts_words {
                before != after
            } else {
                reading_time(before) != reading_time(after)
            }
        };
        let mut errors = Vec::new();
        let mut cache = HashMap::with_capacity(rendered.len());
        let mut out = Bodies {
            by_source: HashMap::with_capacity(rendered.len()),
            relisted: Vec::new(),
        };
        for (a, words_before, r) in rendered {
            match r {
                Ok(c) => {
                    let after = c.rendered.word_count;
                    if words_before.is_none_or(|before| listed_differently(before, after)) {
                        out.relisted.push(&a.source);
                    }
                    out.by_source
                        .insert(a.source.clone(), Arc::clone(&c.rendered));
                    cache.insert(a.source.clone(), c);
                }
                Err(e) => errors.extend(e),
            }
        }
        // Unless asked to keep them, a streaming build dropped most HTML: nothing to reuse.
        if keep {
            *self.bodies.0.lock().unwrap_or_else(|e| e.into_inner()) = cache;
        }
        if errors.is_empty() {
            Ok(out)
        } else {
            Err(errors)
        }
    }

    /// Where `@/…` internal links may point: content paths (`posts/x.md`, `plans/half.yaml`,
    /// `guide/_index.md`, `guide/`) → site-relative URLs.
    fn link_targets(&self, site: &SiteView) -> BTreeMap<String, String> {
        let mut m = BTreeMap::new();
        m.insert("index.md".to_string(), site.base_path.clone());
        m.insert(String::new(), site.base_path.clone());
        for a in &self.articles {
            m.insert(format!("{}.md", content_path(&a.source)), site.url(&a.path));
        }
        for p in &self.plans {
            let src = p.plan.source.to_string_lossy().replace('\\', "/");
            m.insert(
                src.strip_prefix("content/").unwrap_or(&src).to_string(),
                site.url(&p.plan.path),
            );
        }
        for s in self.sections.iter().skip(1) {
            let dir = match &s.intro {
                Some(i) => content_path(&i.source)
                    .trim_end_matches("_index")
                    .trim_end_matches('/')
                    .to_string(),
                None => s.path.clone(),
            };
            m.insert(format!("{dir}/_index.md"), site.url(&s.path));
            m.insert(format!("{dir}/"), site.url(&s.path));
        }
        m.insert("plans/".to_string(), site.url("plans"));
        m.insert("tags/".to_string(), site.url("tags"));
        m
    }

    /// The menu from site.yaml with its URLs resolved.
    fn menu(
        &self,
        site: &SiteView,
        resolve: &dyn Fn(&str) -> Option<String>,
    ) -> Result<Vec<MenuLink>, Vec<Diagnostic>> {
        let mut out = Vec::new();
        let mut errors = Vec::new();
        for m in &self.config.menu {
            let url = if let Some(target) = m.url.strip_prefix("@/") {
                let (path, frag) = target
                    .split_once('#')
                    .map_or((target, String::new()), |(p, f)| (p, format!("#{f}")));
                match resolve(path) {
                    Some(u) => format!("{u}{frag}"),
                    None => {
                        let src = std::fs::read_to_string(self.root.join("site.yaml"))
                            .unwrap_or_default();
                        errors.push(
                            Diagnostic::error(
                                "site.yaml",
                                m.pos.line,
                                m.pos.column,
                                "link",
                                format!("the menu links to `{}`, which is not a page", m.url),
                            )
                            .with_help(
                                "write the path of a file below content/, like @/posts/why-rest.md",
                            )
                            .with_source(&src),
                        );
                        continue;
                    }
                }
            } else if m.url.starts_with('/') && !m.url.starts_with("//") {
                format!("{}{}", site.base_path.trim_end_matches('/'), m.url)
            } else {
                m.url.clone()
            };
            out.push(MenuLink {
                name: m.name.clone(),
                url,
            });
        }
        if errors.is_empty() {
            Ok(out)
        } else {
            Err(errors)
        }
    }

    /// The articles `atom.xml` carries: the `feed_limit` newest, drafts left out.
    pub(crate) fn feed_articles(&self) -> impl Iterator<Item = &Article> {
        self.articles
            .iter()
            .filter(|a| !a.draft)
            .take(self.config.feed_limit)
    }

    /// Expands shortcodes, renders Markdown, resolves internal links; errors point into the
    /// article.
    fn render_body(
        &self,
        a: &Article,
        options: &markdown::RenderOptions,
        site: &SiteView,
        plan_views: &PlanViews,
    ) -> Result<markdown::Rendered, Vec<Diagnostic>> {
        let at = |offset: usize, message: String, help: Option<String>| {
            let (line, column) = shortcode::line_col(&a.body, offset);
            let mut d = Diagnostic::error(
                &a.source,
                a.body_line + line - 1,
                column,
                "shortcode",
                message,
            );
            d.help = help;
            d.source_line = a.body.lines().nth(line - 1).map(str::to_string);
            d
        };
        let (expanded, call_errors) = shortcode::expand(&a.body, |call| {
            self.render_shortcode(call, site, plan_views)
        });
        let mut errors: Vec<Diagnostic> = call_errors
            .into_iter()
            .map(|e| at(e.offset, e.message, e.help))
            .collect();
        let mut r = markdown::render_with(&expanded.text, options);
        for (off, link) in &r.broken_links {
            let mut d = at(
                expanded.original_offset(*off),
                format!("the link `{link}` names no page"),
                Some("write the path of a file below content/, like @/posts/why-rest.md or @/plans/half.yaml".into()),
            );
            d.code = "link";
            errors.push(d);
        }
        if !errors.is_empty() {
            errors.sort_by_key(|d| (d.line, d.column));
            return Err(errors);
        }
        r.html = expanded.restore(&r.html);
        // Only the search index reads the text, and only its first words.
        r.text = search::first_words(&[&expanded.strip(&r.text)], search::MAX_WORDS);
        Ok(r)
    }

    /// One shortcode call: the built-in plan shortcodes check their arguments; any
    /// `templates/shortcodes/<name>.html` is callable with the arguments it is given.
    fn render_shortcode(
        &self,
        call: &shortcode::Call,
        site: &SiteView,
        plan_views: &PlanViews,
    ) -> Result<String, shortcode::CallError> {
        use shortcode::{Arg, CallError};
        let err = |message: String, help: Option<String>| CallError {
            offset: call.start,
            message,
            help,
        };
        let template = format!("shortcodes/{}.html", call.name);
        if !self.templates.has(&template) {
            let known = self.templates.shortcodes();
            return Err(err(
                format!("unknown shortcode `{}`", call.name),
                Some(
                    match suggest(&call.name, known.iter().map(String::as_str)) {
                        Some(s) => format!("did you mean `{s}`? shortcodes: {}", known.join(", ")),
                        None => format!(
                            "shortcodes: {} (add templates/shortcodes/{}.html to make one)",
                            known.join(", "),
                            call.name
                        ),
                    },
                ),
            ));
        }
        let mut c = tera::Context::new();
        c.insert("site", site);
        c.insert("args", &call.args);
        for (k, v) in &call.args {
            c.insert(k.clone(), v);
        }
        let builtin: Option<&[&str]> = match call.name.as_str() {
            "plan" | "rest_days" => Some(&["slug"]),
            "week" => Some(&["slug", "n"]),
            _ => None,
        };
        if let Some(allowed) = builtin {
            if let Some(k) = call.args.keys().find(|k| !allowed.contains(&k.as_str())) {
                return Err(err(
                    format!("`{}` takes no argument `{k}`", call.name),
                    Some(format!("its arguments: {}", allowed.join(", "))),
                ));
            }
            let slug = match call.args.get("slug") {
                Some(Arg::Text(s)) => s,
                _ => {
                    return Err(err(
                        format!("`{}` needs `slug=\"…\"`, the plan's id", call.name),
                        Some(format!(
                            "write {{{{ {}(slug=\"half-marathon-12\") }}}}",
                            call.name
                        )),
                    ));
                }
            };
            let ids: Vec<&str> = self.plans.iter().map(|p| p.plan.id.as_str()).collect();
            let Some(i) = ids.iter().position(|id| id == slug) else {
                return Err(err(
                    format!("no plan `{slug}`"),
                    Some(match suggest(slug, ids.iter().copied()) {
                        Some(s) => format!("did you mean `{s}`?"),
                        None => format!("plans: {}", ids.join(", ")),
                    }),
                ));
            };
            let view = plan_views.get(i);
            c.insert("plan", view);
            if call.name == "week" {
                let weeks = self.plans[i].plan.weeks.len();
                let n = match call.args.get("n") {
                    Some(Arg::Int(n)) if *n >= 1 && (*n as usize) <= weeks => *n as usize,
                    Some(Arg::Int(n)) => {
                        return Err(err(
                            format!("`{slug}` has no week {n}"),
                            Some(format!("it has weeks 1 to {weeks}")),
                        ));
                    }
                    _ => {
                        return Err(err(
                            "`week` needs `n=`, the week number".into(),
                            Some(format!("write {{{{ week(slug=\"{slug}\", n=1) }}}}")),
                        ));
                    }
                };
                c.insert("week", &view.weeks[n - 1]);
            }
        }
        self.templates.render(&template, &c).map_err(|d| {
            err(
                format!("the shortcode `{}` failed: {}", call.name, d.message),
                Some(format!("see {}", d.location())),
            )
        })
    }

    pub(crate) fn section_tree(&self, i: usize, site: &SiteView) -> SectionLink {
        let s = &self.sections[i];
        SectionLink {
            title: s.title.clone(),
            url: site.url(&s.path),
            path: s.path.clone(),
            pages: s
                .pages
                .iter()
                .map(|&a| Link {
                    title: self.articles[a].title.clone(),
                    url: site.url(&self.articles[a].path),
                })
                .collect(),
            children: s
                .children
                .iter()
                .map(|&c| self.section_tree(c, site))
                .collect(),
        }
    }

    pub(crate) fn breadcrumbs(&self, mut i: usize, site: &SiteView) -> Vec<Link> {
        let mut out = Vec::new();
        loop {
            let s = &self.sections[i];
            out.push(Link {
                title: if i == 0 {
                    "Home".to_string()
                } else {
                    s.title.clone()
                },
                url: site.url(&s.path),
            });
            match s.parent {
                Some(p) => i = p,
                None => break,
            }
        }
        out.reverse();
        out
    }

    pub(crate) fn links_for(&self, a: &Article, site: &SiteView) -> Vec<Link> {
        a.plans
            .iter()
            .filter_map(|(s, _)| self.plan_link(s, site))
            .collect()
    }
}

/// `content/posts/x.md` → `posts/x` (how plans name articles in `articles:`).
fn content_path(source: &Path) -> String {
    let s = source.to_string_lossy().replace('\\', "/");
    let s = s.strip_prefix("content/").unwrap_or(&s);
    s.strip_suffix(".md").unwrap_or(s).to_string()
}

/// Tags over articles and plans, and errors for tags with no letters or digits for a URL.
fn collect_tags(articles: &[Article], plans: &[&Plan]) -> (Vec<tags::Tag>, Vec<Diagnostic>) {
    let entries: Vec<tags::Entry> = articles
        .iter()
        .enumerate()
        .map(|(i, a)| tags::Entry {
            what: Tagged::Article(i),
            date: a.date,
            title: &a.title,
            tags: &a.tags,
        })
        .chain(plans.iter().enumerate().map(|(i, p)| tags::Entry {
            what: Tagged::Plan(i),
            date: p.start,
            title: &p.title,
            tags: &p.tags,
        }))
        .collect();
    let (list, bad) = tags::collect(&entries);
    let errors = bad
        .into_iter()
        .map(|(what, name)| {
            let file = match what {
                Tagged::Article(i) => &articles[i].source,
                Tagged::Plan(i) => &plans[i].source,
            };
            Diagnostic::error(
                file,
                0,
                0,
                "tag",
                format!("the tag `{name}` has no letters or digits for its URL"),
            )
            .with_help("use words in tags, like `recovery` or `long run`")
        })
        .collect();
    (list, errors)
}

/// Every output path has one producer: articles, plans, sections, tag and home pages,
/// generated files and copied assets never take each other's place ([`claims`]).
pub(crate) fn output_conflicts(
    root: &Path,
    sections: &[Section],
    articles: &[Article],
    plans: &[&Plan],
    assets: &[(PathBuf, String)],
    paginate: Option<usize>,
) -> Vec<Diagnostic> {
    let (tags, mut errors) = collect_tags(articles, plans);
    let assets: Vec<(PathBuf, String)> = assets
        .iter()
        .map(|(src, dest)| (rel(root, src), dest.clone()))
        .collect();
    errors.extend(claims::check(&claims::Inputs {
        articles,
        sections,
        plans,
        assets: &assets,
        tags: &tags,
        paginate,
    }));
    errors
}

/// Checks across files: plan ids unique, and every plan an article names and every article a
/// plan names exists. (Output paths: [`output_conflicts`].)
pub(crate) fn cross_check(root: &Path, articles: &[Article], plans: &[&Plan]) -> Vec<Diagnostic> {
    let mut errors = Vec::new();
    let plan_ids: BTreeSet<&str> = plans.iter().map(|p| p.id.as_str()).collect();
    let mut seen_ids: BTreeMap<&str, &Path> = BTreeMap::new();
    for p in plans {
        if let Some(other) = seen_ids.insert(&p.id, &p.source) {
            errors.push(
                Diagnostic::error(
                    &p.source,
                    1,
                    1,
                    "id",
                    format!("plan id `{}` is also used by `{}`", p.id, other.display()),
                )
                .with_help("give each plan its own `id`"),
            );
        }
    }
    for a in articles {
        for (slug, pos) in &a.plans {
            if !plan_ids.contains(slug.as_str()) {
                let src = std::fs::read_to_string(root.join(&a.source)).unwrap_or_default();
                let mut d = Diagnostic::error(
                    &a.source,
                    pos.line,
                    pos.column,
                    "unknown-plan",
                    format!("unknown plan `{slug}` in `plans`"),
                );
                d.help = Some(match suggest(slug, plan_ids.iter().copied()) {
                    Some(s) => format!(
                        "did you mean `{s}`? plans are referred to by their `id` or file stem"
                    ),
                    None if plan_ids.is_empty() => "the site has no plans yet".to_string(),
                    None => format!(
                        "known plans: {}",
                        plan_ids.iter().copied().collect::<Vec<_>>().join(", ")
                    ),
                });
                errors.push(d.with_source(&src));
            }
        }
    }
    let article_paths: BTreeSet<String> = articles
        .iter()
        .flat_map(|a| [a.path.clone(), content_path(&a.source)])
        .collect();
    for p in plans {
        for (topic, path) in &p.articles {
            if !article_paths.contains(path) {
                let pos = p.articles_pos.get(topic).copied().unwrap_or_default();
                let src = std::fs::read_to_string(root.join(&p.source)).unwrap_or_default();
                let paths: Vec<&str> = articles.iter().map(|a| a.path.as_str()).collect();
                let mut d = Diagnostic::error(
                    &p.source,
                    pos.line,
                    pos.column,
                    "unknown-article",
                    format!("no article `{path}` for `articles.{topic}`"),
                );
                d.help = Some(match suggest(path, paths.iter().copied()) {
                    Some(s) => {
                        format!("did you mean `{s}`? write the path below content/ without .md")
                    }
                    None => {
                        "write the path below content/ without .md, e.g. posts/recovery-is-training"
                            .to_string()
                    }
                });
                errors.push(d.with_source(&src));
            }
        }
    }

    errors
}

#[cfg(test)]
mod tests {
    use super::*;

    fn article(file: &str, url_path: &str, front: &str) -> Article {
        content::load(
            Path::new(file),
            &format!("---\ntitle: {url_path}\n{front}---\nText.\n"),
            url_path,
        )
        .unwrap()
    }

    #[test]
    fn the_article_index_finds_what_plans_name_as_a_scan_would() {
        let articles = vec![
            // Its file is posts/why-rest, its URL posts/rest-matters (a slug).
            article(
                "content/posts/why-rest.md",
                "posts/rest-matters",
                "explains: [rest]\n",
            ),
            // Its URL is posts/why-rest.
            article(
                "content/posts/b.md",
                "posts/why-rest",
                "explains: [rest, taper]\n",
            ),
            article("content/posts/c.md", "posts/c", "plans: [half, half, 5k]\n"),
            article("content/posts/d.md", "posts/d", "plans: [half]\n"),
        ];
        let index = ArticleIndex::new(&articles);
        // `articles: { rest: posts/why-rest }` names both: the first in site order wins.
        assert_eq!(index.named("posts/why-rest"), Some(0));
        assert_eq!(index.named("posts/b"), Some(1));
        assert_eq!(index.named("posts/rest-matters"), Some(0));
        assert_eq!(index.named("posts/none"), None);
        // Of the articles that explain a topic, the smallest URL path.
        assert_eq!(index.explains.get("rest"), Some(&0));
        assert_eq!(index.explains.get("taper"), Some(&1));
        // Each article once per plan, in site order.
        assert_eq!(index.related.get("half"), Some(&vec![2, 3]));
        assert_eq!(index.related.get("5k"), Some(&vec![2]));
    }
}
