//! The build: collect files, load and validate them, analyse plans, render pages in parallel
//! and write them atomically. [`Site`] is loaded once and rendered from immutable data.

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
use crate::plan::calendar::{self, CalendarOptions};
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
    /// `SOURCE_DATE_EPOCH` (seconds): the `DTSTAMP` of calendar events, for reproducible
    /// builds. Without it each plan's calendar is stamped with the plan's first day.
    pub source_date_epoch: Option<i64>,
}

/// Writes one output file (path below the output folder, bytes).
type WriteFile<'a> = dyn Fn(&str, &[u8]) -> Result<(), Diagnostic> + 'a;

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
    /// The fixed build time from `SOURCE_DATE_EPOCH`, in UTC.
    pub stamp: Option<jiff::civil::DateTime>,
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

enum Source {
    Article(PathBuf, String),
    Plan(PathBuf, String),
    Home(PathBuf),
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
                let inner = path.strip_prefix(&dir).unwrap_or(&path).to_path_buf();
                let name = inner
                    .file_name()
                    .map(|n| n.to_string_lossy().into_owned())
                    .unwrap_or_default();
                if name.starts_with('.') {
                    continue;
                }
                let ext = inner
                    .extension()
                    .map(|e| e.to_string_lossy().to_ascii_lowercase())
                    .unwrap_or_default();
                if !is_content {
                    assets.push((path, inner.to_string_lossy().replace('\\', "/")));
                } else if inner == Path::new("index.md") {
                    sources.push(Source::Home(path));
                } else if ext == "md" && name != "_index.md" {
                    sources.push(Source::Article(path, url_path(&inner)));
                } else if ext == "yaml" || ext == "yml" {
                    let dir = url_path(inner.parent().unwrap_or(Path::new("")));
                    sources.push(Source::Plan(path, dir));
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
                    parts.push(name.clone());
                    assets.push((path, parts.join("/")));
                }
            }
        }

        // Parse articles and plans in parallel; results keep the file order.
        enum Loaded {
            Article(Article),
            Home(Article),
            Plan(Box<Plan>),
        }
        let results: Vec<(Option<Loaded>, Vec<Diagnostic>)> = sources
            .par_iter()
            .map(|s| {
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
                match s {
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
                }
            })
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

        // Cross-file checks: output paths unique, plan slugs and article references exist.
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
        for p in &plans {
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
        for a in &articles {
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
        for p in &plans {
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
                        Some(s) => format!("did you mean `{s}`? write the path below content/ without .md"),
                        None => "write the path below content/ without .md, e.g. posts/recovery-is-training".to_string(),
                    });
                    errors.push(d.with_source(&src));
                }
            }
        }

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
            stamp: options
                .source_date_epoch
                .and_then(|s| jiff::Timestamp::from_second(s).ok())
                .map(|t| jiff::tz::Offset::UTC.to_datetime(t)),
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

    /// Renders every output file and writes the site to `out`, replacing the previous output
    /// only when everything succeeded.
    pub fn build(&self, out: &Path, force: bool) -> Result<Summary, Vec<Diagnostic>> {
        let started = Instant::now();
        let staging = Staging::begin(&self.root, out, force).map_err(|d| vec![d])?;
        let site = SiteView::new(&self.config);
        let base_ctx = || {
            let mut c = tera::Context::new();
            c.insert("site", &site);
            c
        };

        enum Job<'a> {
            Home,
            PlanList,
            NotFound,
            Article(&'a Article),
            Plan(&'a PlanEntry),
        }
        let mut jobs = vec![Job::Home, Job::PlanList, Job::NotFound];
        jobs.extend(self.articles.iter().map(Job::Article));
        jobs.extend(self.plans.iter().map(Job::Plan));

        let cards: Vec<PlanCard> = self
            .plans
            .iter()
            .map(|p| PlanCard::new(&p.plan, &site))
            .collect();
        let results: Vec<Result<usize, Diagnostic>> = jobs
            .par_iter()
            .map(|job| -> Result<usize, Diagnostic> {
                let write = |rel: &str, bytes: &[u8]| {
                    staging
                        .write(rel, bytes)
                        .map_err(|m| Diagnostic::error(out, 0, 0, "io", m))
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
                        write(
                            "index.html",
                            self.templates.render("index.html", &c)?.as_bytes(),
                        )?;
                        Ok(1)
                    }
                    Job::PlanList => {
                        let mut c = base_ctx();
                        c.insert("plans", &cards);
                        write(
                            "plans/index.html",
                            self.templates.render("plans.html", &c)?.as_bytes(),
                        )?;
                        Ok(1)
                    }
                    Job::NotFound => {
                        write(
                            "404.html",
                            self.templates.render("404.html", &base_ctx())?.as_bytes(),
                        )?;
                        Ok(1)
                    }
                    Job::Article(a) => {
                        let r = markdown::render(&a.body, &site.base_path);
                        let mut c = base_ctx();
                        c.insert(
                            "page",
                            &ArticleView::new(a, &site, Some(&r), self.links_for(a, &site)),
                        );
                        write(
                            &format!("{}/index.html", a.path),
                            self.templates.render("article.html", &c)?.as_bytes(),
                        )?;
                        Ok(1)
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
                        write(
                            &format!("{}/index.html", plan.path),
                            self.templates.render("plan.html", &c)?.as_bytes(),
                        )?;
                        let json = plan_json(plan, &entry.analysis, &site, &topic);
                        let mut text = serde_json::to_string_pretty(&json)
                            .unwrap_or_else(|_| json!({}).to_string());
                        text.push('\n');
                        write(&format!("{}/plan.json", plan.path), text.as_bytes())?;
                        self.write_calendars(entry, &site, &write)?;
                        Ok(1)
                    }
                }
            })
            .collect();
        let mut errors = Vec::new();
        let mut pages = 0;
        for r in results {
            match r {
                Ok(n) => pages += n,
                Err(d) => errors.push(d),
            }
        }
        let mut files = pages + self.plans.len();
        if let Err(m) = staging.write("style.css", self.templates.stylesheet.as_bytes()) {
            errors.push(Diagnostic::error(out, 0, 0, "io", m));
        }
        files += 1;
        for (src, dest) in &self.assets {
            if let Err(m) = staging.copy(src, dest) {
                errors.push(Diagnostic::error(rel(&self.root, src), 0, 0, "io", m));
            }
            files += 1;
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        staging
            .commit()
            .map_err(|m| vec![Diagnostic::error(out, 0, 0, "io", m)])?;
        Ok(Summary {
            pages,
            plans: self.plans.len(),
            files,
            elapsed: started.elapsed(),
        })
    }

    /// `plan.ics` and `plan-no-rest.ics` beside a dated plan's page.
    fn write_calendars(
        &self,
        entry: &PlanEntry,
        site: &SiteView,
        write: &WriteFile,
    ) -> Result<(), Diagnostic> {
        let plan = &entry.plan;
        let Some(start) = plan.start else {
            return Ok(());
        };
        let page_url = site.host().map(|_| site.absolute(&site.url(&plan.path)));
        let article = |topic: &str| {
            self.topic_link(plan, topic, site)
                .map(|l| site.absolute(&l.url))
        };
        for (file, include_rest) in [("plan.ics", true), ("plan-no-rest.ics", false)] {
            let options = CalendarOptions {
                host: site.host().unwrap_or("taper.invalid"),
                page_url: page_url.as_deref(),
                stamp: self
                    .stamp
                    .unwrap_or_else(|| start.to_datetime(jiff::civil::Time::midnight())),
                include_rest,
                article: &article,
            };
            if let Some(text) = calendar::ics(plan, &entry.analysis, &options) {
                write(&format!("{}/{file}", plan.path), text.as_bytes())?;
            }
        }
        Ok(())
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
