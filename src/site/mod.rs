//! The build: collect files, load and validate them, analyse plans, render pages in parallel
//! and write them atomically. [`Site`] is loaded once and rendered from immutable data.

pub mod output;

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Component, Path, PathBuf};
use std::time::{Duration, Instant};

use rayon::prelude::*;
use serde_json::json;

use crate::config::{self, Config};
use crate::content::section::{self, Section};
use crate::content::shortcode;
use crate::content::{self, Article, markdown};
use crate::diagnostic::{Diagnostic, suggest};
use crate::plan::analysis::{Analysis, analyse};
use crate::plan::calendar::{self, CalendarOptions};
use crate::plan::{Plan, load as plan_load};
use crate::publish::feed::{self, FeedEntry, FeedInfo};
use crate::publish::search::{self, SearchDoc};
use crate::publish::tags::{self, Tagged};
use crate::publish::{self, Paginator, sitemap};
use crate::render::Templates;
use crate::render::views::{
    ArticleView, Link, MenuLink, PlanCard, SectionLink, SiteView, TagLink, TaggedItem, plan_json,
    plan_view,
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
    SectionIntro(PathBuf, String),
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
                } else if name == "_index.md" {
                    let dir = url_path(inner.parent().unwrap_or(Path::new("")));
                    sources.push(Source::SectionIntro(path, dir));
                } else if ext == "md" {
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
            Intro(Article),
            Home(Article),
            Plan(Box<Plan>),
        }
        let results: Vec<(Option<Loaded>, Vec<Diagnostic>)> = sources
            .par_iter()
            .map(|s| {
                let article = |p: &PathBuf, url: &str, kind: u8| {
                    let r = rel(root, p);
                    match read_text(root, p) {
                        Ok(text) => match content::load(&r, &text, url) {
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
                match s {
                    Source::Article(p, url) => article(p, url, 0),
                    Source::Home(p) => article(p, "", 1),
                    Source::SectionIntro(p, dir) => article(p, dir, 2),
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

        // Cross-file checks: output paths unique, plan slugs and article references exist.
        let mut owners: BTreeMap<String, PathBuf> = BTreeMap::new();
        let reserved: BTreeSet<&str> = ["plans", "404", "tags", "page"].into_iter().collect();
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
        let sections = section::build(&articles, intros);
        for sec in sections.iter().skip(1) {
            if let Some(file) = owners.get(&sec.path) {
                let d = Diagnostic::error(
                    file,
                    1,
                    1,
                    "path",
                    format!(
                        "`{}/` is also the list page of the folder `content/{}/`",
                        sec.path, sec.path
                    ),
                )
                .with_help("rename the file or give it another `slug`");
                return Err(vec![d]);
            }
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
        let mut site = SiteView::new(&self.config);
        let links = self.link_targets(&site);
        let resolve = |path: &str| links.get(path.trim_start_matches('/')).cloned();
        site.menu = self.menu(&site, &resolve)?;
        let site = site;

        // Plan views first: plan pages and the plan shortcodes both show them.
        let plan_views: Vec<serde_json::Value> = self
            .plans
            .par_iter()
            .map(|entry| {
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
                plan_view(plan, &entry.analysis, &site, &related, &topic)
            })
            .collect();

        // Then every Markdown body, once: pages, the feed and the search index share it.
        let options = markdown::RenderOptions {
            base_path: &site.base_path,
            highlight_theme: Some(&self.config.highlight_theme),
            links: Some(&resolve),
            raw_html: true,
        };
        let bodies: Vec<&Article> = self
            .articles
            .iter()
            .chain(self.home.iter())
            .chain(self.sections.iter().filter_map(|s| s.intro.as_ref()))
            .collect();
        let rendered: Vec<Result<markdown::Rendered, Vec<Diagnostic>>> = bodies
            .par_iter()
            .map(|a| self.render_body(a, &options, &site, &plan_views))
            .collect();
        let mut errors = Vec::new();
        let mut by_source: BTreeMap<&Path, markdown::Rendered> = BTreeMap::new();
        for (a, r) in bodies.iter().zip(rendered) {
            match r {
                Ok(r) => {
                    by_source.insert(&a.source, r);
                }
                Err(e) => errors.extend(e),
            }
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        let body = |a: &Article| by_source.get(a.source.as_path());

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
        for (what, name) in bad_tags {
            let file = match what {
                Tagged::Article(i) => &self.articles[i].source,
                Tagged::Plan(i) => &self.plans[i].plan.source,
            };
            errors.push(
                Diagnostic::error(
                    file,
                    0,
                    0,
                    "tag",
                    format!("the tag `{name}` has no letters or digits for its URL"),
                )
                .with_help("use words in tags, like `recovery` or `long run`"),
            );
        }
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
        let tag_link = |name: &str| {
            let slug = markdown::slugify(name);
            tag_links.iter().find(|t| t.slug == slug).cloned()
        };
        let tagged_item = |w: &Tagged| match *w {
            Tagged::Article(i) => {
                let a = &self.articles[i];
                TaggedItem {
                    kind: "article",
                    title: a.title.clone(),
                    url: site.url(&a.path),
                    date: a.date.map(|d| d.to_string()),
                    summary: a.summary.clone(),
                }
            }
            Tagged::Plan(i) => {
                let p = &self.plans[i].plan;
                TaggedItem {
                    kind: "plan",
                    title: p.title.clone(),
                    url: site.url(&p.path),
                    date: p.start.map(|d| d.to_string()),
                    summary: p.summary.clone(),
                }
            }
        };

        let section_tree = self.section_tree(0, &site).children;
        let article_view = |a: &Article, with_body: bool| {
            let mut v = ArticleView::new(
                a,
                &site,
                if with_body { body(a) } else { None },
                self.links_for(a, &site),
            );
            if !with_body && let Some(r) = body(a) {
                v.word_count = r.word_count;
                v.reading_time = r.word_count.div_ceil(200).max(1);
            }
            v.tag_links = a.tags.iter().filter_map(|t| tag_link(t)).collect();
            v
        };
        let base_ctx = || {
            let mut c = tera::Context::new();
            c.insert("site", &site);
            c.insert("sections", &section_tree);
            c
        };

        let staging = Staging::begin(&self.root, out, force).map_err(|d| vec![d])?;
        enum Job<'a> {
            Home(String, Paginator),
            PlanList,
            NotFound,
            TagList,
            Tag(&'a tags::Tag, String, Paginator),
            Section(usize),
            Article(usize, usize, usize),
            Plan(usize),
        }
        let mut jobs = Vec::new();
        for (path, p) in publish::paginate(
            self.articles.len(),
            self.config.paginate,
            &site.base_path,
            "",
        ) {
            jobs.push(Job::Home(path, p));
        }
        jobs.extend([Job::PlanList, Job::NotFound, Job::TagList]);
        for t in &tag_list {
            let dir = format!("tags/{}", t.slug);
            for (path, p) in
                publish::paginate(t.items.len(), self.config.paginate, &site.url(&dir), &dir)
            {
                jobs.push(Job::Tag(t, path, p));
            }
        }
        for (si, sec) in self.sections.iter().enumerate() {
            if si > 0 && sec.path != "plans" {
                jobs.push(Job::Section(si));
            }
            for (pos, &ai) in sec.pages.iter().enumerate() {
                jobs.push(Job::Article(ai, si, pos));
            }
        }
        jobs.extend((0..self.plans.len()).map(Job::Plan));

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
                let render = |template: &str, c: &tera::Context, path: &str| {
                    write(path, self.templates.render(template, c)?.as_bytes())?;
                    Ok(1)
                };
                match job {
                    Job::Home(path, paginator) => {
                        let mut c = base_ctx();
                        let intro = self
                            .home
                            .as_ref()
                            .filter(|_| paginator.number == 1)
                            .map(|h| ArticleView::new(h, &site, body(h), Vec::new()));
                        c.insert("intro", &intro);
                        let list: Vec<ArticleView> = self.articles[paginator.first..paginator.last]
                            .iter()
                            .map(|a| article_view(a, false))
                            .collect();
                        c.insert("articles", &list);
                        c.insert("plans", &cards);
                        c.insert("paginator", paginator);
                        render("index.html", &c, path)
                    }
                    Job::PlanList => {
                        let mut c = base_ctx();
                        c.insert("plans", &cards);
                        let sec = self.sections.iter().position(|s| s.path == "plans");
                        c.insert(
                            "section",
                            &sec.map(|i| self.section_view(i, &site, &article_view, body)),
                        );
                        render("plans.html", &c, "plans/index.html")
                    }
                    Job::NotFound => render("404.html", &base_ctx(), "404.html"),
                    Job::TagList => {
                        let mut c = base_ctx();
                        c.insert("tags", &tag_links);
                        render("tags.html", &c, "tags/index.html")
                    }
                    Job::Tag(t, path, paginator) => {
                        let mut c = base_ctx();
                        c.insert("tag", &tag_link(&t.name));
                        let items: Vec<TaggedItem> = t.items[paginator.first..paginator.last]
                            .iter()
                            .map(tagged_item)
                            .collect();
                        c.insert("items", &items);
                        c.insert("paginator", paginator);
                        render("tag.html", &c, path)
                    }
                    Job::Section(si) => {
                        let mut c = base_ctx();
                        c.insert(
                            "section",
                            &self.section_view(*si, &site, &article_view, body),
                        );
                        render(
                            "section.html",
                            &c,
                            &format!("{}/index.html", self.sections[*si].path),
                        )
                    }
                    Job::Article(ai, si, pos) => {
                        let a = &self.articles[*ai];
                        let sec = &self.sections[*si];
                        let mut v = article_view(a, true);
                        let link = |i: usize| Link {
                            title: self.articles[i].title.clone(),
                            url: site.url(&self.articles[i].path),
                        };
                        v.prev = pos.checked_sub(1).map(|p| link(sec.pages[p]));
                        v.next = sec.pages.get(pos + 1).map(|&i| link(i));
                        v.breadcrumbs = self.breadcrumbs(*si, &site);
                        v.section = (*si > 0).then(|| Link {
                            title: sec.title.clone(),
                            url: site.url(&sec.path),
                        });
                        let mut c = base_ctx();
                        c.insert("page", &v);
                        render("article.html", &c, &format!("{}/index.html", a.path))
                    }
                    Job::Plan(i) => {
                        let entry = &self.plans[*i];
                        let plan = &entry.plan;
                        let mut view = plan_views[*i].clone();
                        view["tag_links"] = serde_json::to_value(
                            plan.tags
                                .iter()
                                .filter_map(|t| tag_link(t))
                                .collect::<Vec<_>>(),
                        )
                        .unwrap_or_default();
                        let mut c = base_ctx();
                        c.insert("plan", &view);
                        render("plan.html", &c, &format!("{}/index.html", plan.path))?;
                        let topic = |t: &str| self.topic_link(plan, t, &site);
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
        let mut pages = 0;
        for r in results {
            match r {
                Ok(n) => pages += n,
                Err(d) => errors.push(d),
            }
        }
        let mut files = pages + self.plans.len();
        let mut extra = |path: &str, bytes: &[u8]| {
            if let Err(m) = staging.write(path, bytes) {
                errors.push(Diagnostic::error(out, 0, 0, "io", m));
            }
            files += 1;
        };
        extra("style.css", self.templates.stylesheet.as_bytes());
        extra("atom.xml", self.feed(&site, body).as_bytes());
        extra(
            "sitemap.xml",
            self.sitemap(&site, &tag_list, &tag_links).as_bytes(),
        );
        extra(
            "search_index.json",
            self.search_index(&site, body).as_bytes(),
        );
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

    /// Expands shortcodes, renders Markdown, resolves internal links; errors point into the
    /// article.
    fn render_body(
        &self,
        a: &Article,
        options: &markdown::RenderOptions,
        site: &SiteView,
        plan_views: &[serde_json::Value],
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
        r.text = expanded.strip(&r.text);
        Ok(r)
    }

    /// One shortcode call: the built-in plan shortcodes check their arguments; any
    /// `templates/shortcodes/<name>.html` is callable with the arguments it is given.
    fn render_shortcode(
        &self,
        call: &shortcode::Call,
        site: &SiteView,
        plan_views: &[serde_json::Value],
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
            let view = &plan_views[i];
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
                c.insert("week", &view["weeks"][n - 1]);
            }
        }
        self.templates.render(&template, &c).map_err(|d| {
            err(
                format!("the shortcode `{}` failed: {}", call.name, d.message),
                Some(format!("see {}", d.location())),
            )
        })
    }

    fn section_tree(&self, i: usize, site: &SiteView) -> SectionLink {
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

    fn breadcrumbs(&self, mut i: usize, site: &SiteView) -> Vec<Link> {
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

    fn section_view<'a>(
        &self,
        i: usize,
        site: &SiteView,
        article_view: &dyn Fn(&Article, bool) -> ArticleView,
        body: impl Fn(&Article) -> Option<&'a markdown::Rendered>,
    ) -> serde_json::Value {
        let s = &self.sections[i];
        let intro = s.intro.as_ref().and_then(&body);
        let mut crumbs = self.breadcrumbs(i, site);
        crumbs.pop();
        json!({
            "title": s.title,
            "url": site.url(&s.path),
            "path": s.path,
            "summary": s.intro.as_ref().and_then(|a| a.summary.clone()),
            "content": intro.map(|r| r.html.clone()),
            "toc": intro.map(|r| r.toc.clone()).unwrap_or_default(),
            "pages": s.pages.iter().map(|&a| article_view(&self.articles[a], false)).collect::<Vec<_>>(),
            "subsections": self.section_tree(i, site).children,
            "breadcrumbs": crumbs,
        })
    }

    /// atom.xml: articles newest first, drafts left out.
    fn feed<'a>(
        &self,
        site: &SiteView,
        body: impl Fn(&Article) -> Option<&'a markdown::Rendered>,
    ) -> String {
        let entries: Vec<FeedEntry> = self
            .articles
            .iter()
            .filter(|a| !a.draft)
            .map(|a| FeedEntry {
                title: a.title.clone(),
                url: site.absolute(&site.url(&a.path)),
                published: a.date,
                updated: a.updated.or(a.date),
                summary: a.summary.clone(),
                content: body(a).map(|r| r.html.clone()).unwrap_or_default(),
            })
            .collect();
        let site_url = site.absolute(&site.base_path);
        let feed_url = site.absolute(&site.feed_url);
        feed::atom(
            &FeedInfo {
                title: &site.title,
                subtitle: site.description.as_deref(),
                author: site.author.as_deref(),
                site_url: &site_url,
                feed_url: &feed_url,
                language: &site.language,
            },
            &entries,
        )
    }

    /// sitemap.xml: every published page, with the newest date of what it shows.
    fn sitemap(&self, site: &SiteView, tag_list: &[tags::Tag], tag_links: &[TagLink]) -> String {
        let abs = |path: &str| site.absolute(&site.url(path));
        let published: Vec<&Article> = self.articles.iter().filter(|a| !a.draft).collect();
        let newest = |list: &mut dyn Iterator<Item = &Article>| {
            list.filter_map(|a| a.updated.or(a.date)).max()
        };
        let mut pages = vec![(abs(""), newest(&mut published.iter().copied()))];
        let home_pages = publish::paginate(self.articles.len(), self.config.paginate, "", "");
        for (_, p) in home_pages.iter().skip(1) {
            pages.push((abs(&format!("page/{}", p.number)), None));
        }
        pages.push((abs("plans"), None));
        for s in self.sections.iter().skip(1).filter(|s| s.path != "plans") {
            let mut it = s
                .pages
                .iter()
                .map(|&i| &self.articles[i])
                .filter(|a| !a.draft);
            pages.push((abs(&s.path), newest(&mut it)));
        }
        for a in &published {
            pages.push((abs(&a.path), a.updated.or(a.date)));
        }
        for p in &self.plans {
            pages.push((abs(&p.plan.path), None));
        }
        pages.push((abs("tags"), None));
        for (t, link) in tag_list.iter().zip(tag_links) {
            let mut it = t.items.iter().filter_map(|w| match w {
                Tagged::Article(i) => Some(&self.articles[*i]),
                Tagged::Plan(_) => None,
            });
            pages.push((site.absolute(&link.url), newest(&mut it)));
            for (_, p) in publish::paginate(t.items.len(), self.config.paginate, "", "")
                .iter()
                .skip(1)
            {
                pages.push((abs(&format!("tags/{}/page/{}", t.slug, p.number)), None));
            }
        }
        sitemap::sitemap(&pages)
    }

    /// search_index.json: articles, sections and plans.
    fn search_index<'a>(
        &self,
        site: &SiteView,
        body: impl Fn(&Article) -> Option<&'a markdown::Rendered>,
    ) -> String {
        let mut docs = Vec::new();
        for a in self.articles.iter().filter(|a| !a.draft) {
            let r = body(a);
            docs.push(SearchDoc::new(
                &a.title,
                &site.url(&a.path),
                r.map(|r| r.toc.iter().map(|h| h.title.clone()).collect())
                    .unwrap_or_default(),
                &format!(
                    "{} {}",
                    a.summary.as_deref().unwrap_or(""),
                    r.map_or("", |r| r.text.as_str())
                ),
            ));
        }
        for s in self.sections.iter().skip(1) {
            let r = s.intro.as_ref().and_then(&body);
            docs.push(SearchDoc::new(
                &s.title,
                &site.url(&s.path),
                Vec::new(),
                r.map_or("", |r| r.text.as_str()),
            ));
        }
        for p in &self.plans {
            let plan = &p.plan;
            let text = format!(
                "{} {} {}",
                plan.summary.as_deref().unwrap_or(""),
                plan.description
                    .as_deref()
                    .map(|d| markdown::render(d, "/").text)
                    .unwrap_or_default(),
                plan.tags.join(" ")
            );
            docs.push(SearchDoc::new(
                &plan.title,
                &site.url(&plan.path),
                Vec::new(),
                &text,
            ));
        }
        search::index(&docs)
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
