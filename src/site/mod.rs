//! The loaded site: collect files, load and validate them, link them (sections, tags, output
//! claims, checks across files) and analyse plans. [`Site`] is loaded once and rendered from
//! immutable data by the output graph (`crate::build`, whose `run.rs` has the render entry
//! points); `taper serve` keeps it and updates it one file at a time ([`incremental`]).

pub(crate) mod claims;
pub mod incremental;
pub(crate) mod links;
pub mod output;

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::{Path, PathBuf};
use std::time::Duration;

use rayon::prelude::*;

use crate::build::bodies::BodyCache;
use crate::build::shared::SharedCache;
use crate::config::Config;
use crate::content::Article;
use crate::content::section::{self, Section};
use crate::diagnostic::{Diagnostic, suggest};
use crate::plan::Plan;
use crate::plan::analysis::{Analysis, analyse};
use crate::publish::tags::{self, Tagged};
use crate::render::Templates;
use crate::render::views::{Link, SectionLink, SiteView};
use crate::source::{self, Loaded, Source, classify, load_source, rel};

pub use crate::source::MAX_FILE_BYTES;

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
    pub(crate) bodies: BodyCache,
    /// What every page of a render shares, kept between renders (see [`Shared`]).
    pub(crate) shared: SharedCache,
    /// How far the current render is, for a progress bar: (jobs done, jobs in all).
    pub progress: Progress,
    /// How much image work the last render did (see [`crate::images`]).
    pub images: crate::images::Work,
    /// The keys of the image files renders have read ([`crate::images::Keys`]).
    pub image_keys: crate::images::Keys,
    /// With `git_dates: true`: each content file's last commit date, for pages read again.
    pub(crate) git_dates: HashMap<PathBuf, jiff::civil::Date>,
}

/// A page without `updated:` takes its file's last commit date (`git_dates: true`).
pub(crate) fn git_date(a: &mut Article, dates: &HashMap<PathBuf, jiff::civil::Date>) {
    if a.updated.is_none() {
        a.updated = dates.get(&a.source).copied();
    }
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

    pub(crate) fn start(&self, total: usize) {
        use std::sync::atomic::Ordering::Relaxed;
        self.done.store(0, Relaxed);
        self.total.store(total, Relaxed);
    }

    /// More jobs for the render under way.
    pub(crate) fn grow(&self, more: usize) {
        self.total
            .fetch_add(more, std::sync::atomic::Ordering::Relaxed);
    }

    pub(crate) fn tick(&self) {
        self.done.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
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
    pub(crate) related: HashMap<&'a str, Vec<usize>>,
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

impl Site {
    /// Loads everything under `root`, reporting every problem found.
    pub fn load(root: &Path, options: &Options) -> Result<Site, Vec<Diagnostic>> {
        let mut errors: Vec<Diagnostic> = Vec::new();
        let config = source::read_config(root, options.base_url.as_deref())
            .map_err(|e| errors.extend(e))
            .ok();
        let units = config.as_ref().map(|c| c.units).unwrap_or_default();
        let walked = source::walk(root);
        errors.extend(walked.errors);
        let source::Parsed {
            mut home,
            mut intros,
            mut articles,
            mut plans,
            errors: parse_errors,
            mut warnings,
        } = source::parse(root, &walked.sources, units, options.drafts);
        errors.extend(parse_errors);
        warnings.extend(
            config
                .as_ref()
                .and_then(|c| crate::search::language_warning(root, &c.language)),
        );
        let git_dates = match &config {
            Some(c) if c.git_dates => {
                let (dates, w) = source::git::last_commit_dates(root);
                warnings.extend(w);
                for a in articles.iter_mut().chain(&mut intros).chain(&mut home) {
                    git_date(a, &dates);
                }
                dates
            }
            _ => HashMap::new(),
        };
        let assets = walked.assets;

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
        plans.sort_by(|a, b| a.path.cmp(&b.path));
        let recovery = config.recovery;
        let plans: Vec<PlanEntry> = plans
            .into_par_iter()
            .map(|plan| {
                let analysis = analyse(&plan, &recovery);
                PlanEntry { plan, analysis }
            })
            .collect();
        let site = Site {
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
            images: crate::images::Work::default(),
            image_keys: crate::images::Keys::default(),
            git_dates,
        };
        // The menu's `@/` links and the tags are checked with what every page shares (kept for
        // the render), then every output path is claimed once and every body's links and
        // shortcode calls are checked: a site that loads is valid.
        let shared = site.shared()?;
        let plans: Vec<&Plan> = site.plans.iter().map(|p| &p.plan).collect();
        let conflicts = claimed_twice(
            root,
            &site.sections,
            &site.articles,
            &plans,
            &site.assets,
            &shared.tag_list,
            &site.config,
        );
        if !conflicts.is_empty() {
            return Err(conflicts);
        }
        drop(plans);
        // Then what bodies refer to: `@/` links and shortcode calls.
        let broken = site.check_bodies();
        if !broken.is_empty() {
            return Err(broken);
        }
        Ok(site)
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

    /// The articles `atom.xml` carries: the `feed_limit` newest, drafts left out.
    pub(crate) fn feed_articles(&self) -> impl Iterator<Item = &Article> {
        self.articles
            .iter()
            .filter(|a| !a.draft)
            .take(self.config.feed_limit)
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
pub(crate) fn content_path(source: &Path) -> String {
    let s = source.to_string_lossy().replace('\\', "/");
    let s = s.strip_prefix("content/").unwrap_or(&s);
    s.strip_suffix(".md").unwrap_or(s).to_string()
}

/// Tags over articles and plans, and errors for tags with no letters or digits for a URL.
pub(crate) fn collect_tags(
    articles: &[Article],
    plans: &[&Plan],
) -> (Vec<tags::Tag>, Vec<Diagnostic>) {
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
    config: &Config,
) -> Vec<Diagnostic> {
    let (tags, mut errors) = collect_tags(articles, plans);
    errors.extend(claimed_twice(
        root, sections, articles, plans, assets, &tags, config,
    ));
    errors
}

/// [`claims::check`] with the tags already collected.
fn claimed_twice(
    root: &Path,
    sections: &[Section],
    articles: &[Article],
    plans: &[&Plan],
    assets: &[(PathBuf, String)],
    tags: &[tags::Tag],
    config: &Config,
) -> Vec<Diagnostic> {
    let assets: Vec<(PathBuf, String)> = assets
        .iter()
        .map(|(src, dest)| (rel(root, src), dest.clone()))
        .collect();
    claims::check(&claims::Inputs {
        articles,
        sections,
        plans,
        assets: &assets,
        tags,
        paginate: config.paginate,
        workouts: config.workouts,
        personalise: config.personalise,
    })
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
            // A variant's inherited entries are its base's to report, once.
            let inherited = p.variant.is_some() && !p.articles_pos.contains_key(topic);
            if !inherited && !article_paths.contains(path) {
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
        crate::content::load(
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
