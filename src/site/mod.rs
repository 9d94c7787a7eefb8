//! The build: collect files, load and validate them, analyse plans, render pages in parallel
//! and write them atomically. [`Site`] is loaded once and rendered from immutable data.

pub mod incremental;
pub mod output;

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Component, Path, PathBuf};
use std::time::{Duration, Instant};

use rayon::prelude::*;
use serde_json::json;

use crate::config::{self, Config};
use crate::content::{self, Article, markdown};
use crate::diagnostic::{Diagnostic, suggest};
use crate::plan::analysis::{Analysis, analyse};
use crate::plan::{Plan, load as plan_load};
use crate::render::Templates;
use crate::render::views::{ArticleView, Link, PlanCard, SiteView, plan_json, plan_view};
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
    /// Plans, by path.
    pub plans: Vec<PlanEntry>,
    /// Other files under `content/` and everything under `static/`: (source, output path).
    pub assets: Vec<(PathBuf, String)>,
    /// The compiled templates.
    pub templates: Templates,
    /// Warnings found while loading.
    pub warnings: Vec<Diagnostic>,
}

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

/// One page Taper renders, named by what it shows (so it survives re-sorting).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Page {
    /// `index.html`.
    Home,
    /// `plans/index.html`.
    PlanList,
    /// `404.html`.
    NotFound,
    /// An article, by URL path.
    Article(String),
    /// A plan's page and `plan.json`, by URL path.
    Plan(String),
}

/// A rendered output file, held in memory.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutputFile {
    /// Path inside the output (`posts/x/index.html`).
    pub path: String,
    /// The content.
    pub bytes: Vec<u8>,
    /// The file a reader would edit to change it (article, plan or template).
    pub source: PathBuf,
}

enum Job<'a> {
    Home,
    PlanList,
    NotFound,
    Article(&'a Article),
    Plan(&'a PlanEntry),
}

/// What a file below `content/` or `static/` is to the build.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Source {
    /// An article: the file and its URL path.
    Article(PathBuf, String),
    /// A plan: the file and the URL path of its folder.
    Plan(PathBuf, String),
    /// `content/index.md`.
    Home(PathBuf),
    /// Copied as is: the file and its output path.
    Asset(PathBuf, String),
    /// Not part of the site (hidden files, `_index.md`).
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
    } else if ext == "md" && name != "_index.md" {
        Source::Article(path, url_path(&inner))
    } else if ext == "yaml" || ext == "yml" {
        let dir = url_path(inner.parent().unwrap_or(Path::new("")));
        Source::Plan(path, dir)
    } else if ext != "md" {
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
    } else {
        Source::Skipped
    }
}

/// An article or plan read from its file.
pub(crate) enum Loaded {
    Article(Article),
    Home(Article),
    Plan(Box<Plan>),
}

/// Reads and validates one article or plan (assets and skipped files give nothing).
pub(crate) fn load_source(
    root: &Path,
    source: &Source,
    units: crate::plan::units::Units,
) -> (Option<Loaded>, Vec<Diagnostic>) {
    let article = |p: &PathBuf, url: &str, is_home: bool| {
        let r = rel(root, p);
        match read_text(root, p) {
            Ok(text) => match content::load(&r, &text, url) {
                Ok(a) => (
                    Some(if is_home {
                        Loaded::Home(a)
                    } else {
                        Loaded::Article(a)
                    }),
                    Vec::new(),
                ),
                Err(d) => (None, d),
            },
            Err(d) => (None, vec![d]),
        }
    };
    match source {
        Source::Article(p, url) => article(p, url, false),
        Source::Home(p) => article(p, "", true),
        Source::Plan(p, dir) => {
            let r = rel(root, p);
            match read_text(root, p) {
                Ok(text) => {
                    let l = plan_load::load(&r, &text, dir, units);
                    (l.plan.map(|p| Loaded::Plan(Box::new(p))), l.diagnostics)
                }
                Err(d) => (None, vec![d]),
            }
        }
        Source::Asset(..) | Source::Skipped => (None, Vec::new()),
    }
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

        // Parse articles and plans in parallel; results keep the file order.
        let results: Vec<(Option<Loaded>, Vec<Diagnostic>)> = sources
            .par_iter()
            .map(|s| load_source(root, s, units))
            .collect();

        let mut home = None;
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
            plans,
            assets,
            templates,
            warnings,
        })
    }

    /// The article that explains `topic` for `plan`: the plan's `articles:` entry, else an
    /// article whose front matter `explains` it.
    fn topic_link(&self, plan: &Plan, topic: &str, site: &SiteView) -> Option<Link> {
        let by_path = plan.articles.get(topic).and_then(|p| {
            self.articles
                .iter()
                .find(|a| &a.path == p || &content_path(&a.source) == p)
        });
        let article = by_path.or_else(|| {
            let mut explaining: Vec<&Article> = self
                .articles
                .iter()
                .filter(|a| a.explains.iter().any(|e| e == topic))
                .collect();
            explaining.sort_by(|a, b| a.path.cmp(&b.path));
            explaining.into_iter().next()
        });
        article.map(|a| Link {
            title: a.title.clone(),
            url: site.url(&a.path),
        })
    }

    fn plan_link(&self, slug: &str, site: &SiteView) -> Option<Link> {
        self.plans.iter().find(|p| p.plan.id == slug).map(|p| Link {
            title: p.plan.title.clone(),
            url: site.url(&p.plan.path),
        })
    }

    /// Every page of the site, in build order.
    pub fn pages(&self) -> Vec<Page> {
        let mut pages = vec![Page::Home, Page::PlanList, Page::NotFound];
        pages.extend(self.articles.iter().map(|a| Page::Article(a.path.clone())));
        pages.extend(self.plans.iter().map(|p| Page::Plan(p.plan.path.clone())));
        pages
    }

    /// Renders every page and the stylesheet into memory (assets are not read: see
    /// [`Site::assets`]).
    pub fn render_all(&self) -> Result<Vec<OutputFile>, Vec<Diagnostic>> {
        let mut jobs = vec![Job::Home, Job::PlanList, Job::NotFound];
        jobs.extend(self.articles.iter().map(Job::Article));
        jobs.extend(self.plans.iter().map(Job::Plan));
        let mut files = self.render_jobs(&jobs)?;
        files.push(OutputFile {
            path: "style.css".into(),
            bytes: self.templates.stylesheet.clone().into_bytes(),
            source: PathBuf::from("templates/style.css"),
        });
        Ok(files)
    }

    /// Renders the given pages into memory; pages that no longer exist are skipped.
    pub fn render(&self, pages: &[Page]) -> Result<Vec<OutputFile>, Vec<Diagnostic>> {
        let jobs: Vec<Job> = pages
            .iter()
            .filter_map(|p| match p {
                Page::Home => Some(Job::Home),
                Page::PlanList => Some(Job::PlanList),
                Page::NotFound => Some(Job::NotFound),
                Page::Article(path) => self
                    .articles
                    .iter()
                    .find(|a| &a.path == path)
                    .map(Job::Article),
                Page::Plan(path) => self
                    .plans
                    .iter()
                    .find(|p| &p.plan.path == path)
                    .map(Job::Plan),
            })
            .collect();
        self.render_jobs(&jobs)
    }

    fn render_jobs(&self, jobs: &[Job<'_>]) -> Result<Vec<OutputFile>, Vec<Diagnostic>> {
        let site = SiteView::new(&self.config);
        let base_ctx = || {
            let mut c = tera::Context::new();
            c.insert("site", &site);
            c
        };
        let cards: Vec<PlanCard> = self
            .plans
            .iter()
            .map(|p| PlanCard::new(&p.plan, &site))
            .collect();
        let template = |name: &str| {
            self.templates
                .source_of(name)
                .unwrap_or_else(|| PathBuf::from(format!("templates/{name}")))
        };
        let results: Vec<Result<Vec<OutputFile>, Diagnostic>> = jobs
            .par_iter()
            .map(|job| -> Result<Vec<OutputFile>, Diagnostic> {
                let page = |path: String, html: String, source: PathBuf| OutputFile {
                    path,
                    bytes: html.into_bytes(),
                    source,
                };
                match job {
                    Job::Home => {
                        let mut c = base_ctx();
                        let intro = self.home.as_ref().map(|h| {
                            let r = markdown::render(&h.body, &site.base_path);
                            ArticleView::new(h, &site, Some(&r), Vec::new())
                        });
                        c.insert("intro", &intro);
                        let list: Vec<ArticleView> = self
                            .articles
                            .iter()
                            .map(|a| ArticleView::new(a, &site, None, self.links_for(a, &site)))
                            .collect();
                        c.insert("articles", &list);
                        c.insert("plans", &cards);
                        let html = self.templates.render("index.html", &c)?;
                        let source = match &self.home {
                            Some(h) => h.source.clone(),
                            None => template("index.html"),
                        };
                        Ok(vec![page("index.html".into(), html, source)])
                    }
                    Job::PlanList => {
                        let mut c = base_ctx();
                        c.insert("plans", &cards);
                        let html = self.templates.render("plans.html", &c)?;
                        Ok(vec![page(
                            "plans/index.html".into(),
                            html,
                            template("plans.html"),
                        )])
                    }
                    Job::NotFound => {
                        let html = self.templates.render("404.html", &base_ctx())?;
                        Ok(vec![page("404.html".into(), html, template("404.html"))])
                    }
                    Job::Article(a) => {
                        let r = markdown::render(&a.body, &site.base_path);
                        let mut c = base_ctx();
                        c.insert(
                            "page",
                            &ArticleView::new(a, &site, Some(&r), self.links_for(a, &site)),
                        );
                        let html = self.templates.render("article.html", &c)?;
                        Ok(vec![page(
                            format!("{}/index.html", a.path),
                            html,
                            a.source.clone(),
                        )])
                    }
                    Job::Plan(entry) => {
                        let plan = &entry.plan;
                        let related: Vec<Link> = self
                            .articles
                            .iter()
                            .filter(|a| a.plans.iter().any(|(s, _)| s == &plan.id))
                            .map(|a| Link {
                                title: a.title.clone(),
                                url: site.url(&a.path),
                            })
                            .collect();
                        let topic = |t: &str| self.topic_link(plan, t, &site);
                        let mut c = base_ctx();
                        c.insert(
                            "plan",
                            &plan_view(plan, &entry.analysis, &site, &related, &topic),
                        );
                        let html = self.templates.render("plan.html", &c)?;
                        let json = plan_json(plan, &entry.analysis, &site, &topic);
                        let mut text = serde_json::to_string_pretty(&json)
                            .unwrap_or_else(|_| json!({}).to_string());
                        text.push('\n');
                        Ok(vec![
                            page(
                                format!("{}/index.html", plan.path),
                                html,
                                plan.source.clone(),
                            ),
                            page(
                                format!("{}/plan.json", plan.path),
                                text,
                                plan.source.clone(),
                            ),
                        ])
                    }
                }
            })
            .collect();
        let mut errors = Vec::new();
        let mut files = Vec::new();
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

    /// Renders every output file and writes the site to `out`, replacing the previous output
    /// only when everything succeeded.
    pub fn build(&self, out: &Path, force: bool) -> Result<Summary, Vec<Diagnostic>> {
        let started = Instant::now();
        let files = self.render_all()?;
        self.write(&files, out, force, started)
    }

    /// Writes rendered `files` and the assets to `out` atomically (see [`output::Staging`]).
    /// `started` is when the build began, for the summary.
    pub fn write(
        &self,
        files: &[OutputFile],
        out: &Path,
        force: bool,
        started: Instant,
    ) -> Result<Summary, Vec<Diagnostic>> {
        let staging = Staging::begin(&self.root, out, force).map_err(|d| vec![d])?;
        let mut errors: Vec<Diagnostic> = files
            .par_iter()
            .filter_map(|f| {
                staging
                    .write(&f.path, &f.bytes)
                    .err()
                    .map(|m| Diagnostic::error(out, 0, 0, "io", m))
            })
            .collect();
        for (src, dest) in &self.assets {
            if let Err(m) = staging.copy(src, dest) {
                errors.push(Diagnostic::error(rel(&self.root, src), 0, 0, "io", m));
            }
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        staging
            .commit()
            .map_err(|m| vec![Diagnostic::error(out, 0, 0, "io", m)])?;
        let pages = files.iter().filter(|f| f.path.ends_with(".html")).count();
        Ok(Summary {
            pages,
            plans: self.plans.len(),
            files: files.len() + self.assets.len(),
            elapsed: started.elapsed(),
        })
    }

    fn links_for(&self, a: &Article, site: &SiteView) -> Vec<Link> {
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

/// Checks across files: output paths unique, plan ids unique, and every plan an article names
/// and every article a plan names exists.
pub(crate) fn cross_check(root: &Path, articles: &[Article], plans: &[&Plan]) -> Vec<Diagnostic> {
    let mut errors = Vec::new();
    let mut owners: BTreeMap<String, PathBuf> = BTreeMap::new();
    let reserved: BTreeSet<&str> = ["plans", "404"].into_iter().collect();
    for (path, file) in articles
        .iter()
        .map(|a| (&a.path, &a.source))
        .chain(plans.iter().map(|p| (&p.path, &p.source)))
    {
        if reserved.contains(path.as_str()) {
            errors.push(
                Diagnostic::error(
                    file,
                    1,
                    1,
                    "path",
                    format!("`{path}/` is a page Taper writes itself"),
                )
                .with_help("rename the file or give it another `slug`"),
            );
        } else if let Some(other) = owners.insert(path.clone(), file.clone()) {
            errors.push(
                Diagnostic::error(
                    file,
                    1,
                    1,
                    "path",
                    format!("`{path}/` is also the page of `{}`", other.display()),
                )
                .with_help("give one of them another file name or `slug`/`id`"),
            );
        }
    }
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
