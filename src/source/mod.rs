//! The site's files as sources: what each file below `content/` or `static/` is to the build
//! (article, section intro, plan, home intro, asset), reading it (size limit, UTF-8) and
//! parsing it into an article or a plan. Nothing here knows about other files: checks across
//! files happen when the site is linked together (`site::Site::load`). The steps, in order:
//! [`read_config`], [`walk`], [`parse`].

use std::path::{Component, Path, PathBuf};

use rayon::prelude::*;

use crate::config::{self, Config};
use crate::content::{self, Article, markdown};
use crate::diagnostic::Diagnostic;
use crate::plan::{Plan, load as plan_load};
use crate::site::claims;

pub(crate) mod git;

/// Largest file Taper reads (articles, plans, config): 8 MiB.
pub const MAX_FILE_BYTES: u64 = 8 * 1024 * 1024;

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
    /// A plan made from another (`extends:`), until [`parse`] finds its base.
    Variant(Box<plan_load::Pending>),
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
                Ok(a) if kind != 2 && a.layout.is_some() => {
                    (None, vec![layout_error(&r, &a, &text, "a page")])
                }
                Ok(a) if kind == 2 && a.path.is_empty() && a.layout.is_some() => (
                    None,
                    vec![layout_error(&r, &a, &text, "the home page's folder")],
                ),
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
                        Some(plan) => (Some(Loaded::Plan(Box::new(plan))), l.diagnostics),
                        None => (l.variant.map(Loaded::Variant), l.diagnostics),
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

/// `layout: guide` where it does not apply: in a page, or in `content/_index.md`.
fn layout_error(file: &Path, a: &Article, text: &str, what: &str) -> Diagnostic {
    let (line, column) = a.layout.map_or((0, 0), |(_, p)| (p.line, p.column));
    Diagnostic::error(
        file,
        line,
        column,
        "layout",
        format!("`layout: guide` cannot be set on {what}"),
    )
    .with_help("set it in the `_index.md` of the folder that holds the guide, like content/guide/_index.md")
    .with_source(text)
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

pub(crate) fn rel(root: &Path, p: &Path) -> PathBuf {
    p.strip_prefix(root)
        .map(Path::to_path_buf)
        .unwrap_or_else(|_| p.to_path_buf())
}

pub(crate) fn read_text(root: &Path, path: &Path) -> Result<String, Diagnostic> {
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

/// Reads `site.yaml`, with `--base-url` in place of its `base_url` when given.
pub(crate) fn read_config(root: &Path, base_url: Option<&str>) -> Result<Config, Vec<Diagnostic>> {
    let path = root.join("site.yaml");
    if !path.is_file() {
        return Err(vec![
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
        ]);
    }
    let mut config = read_text(root, &path)
        .map_err(|d| vec![d])
        .and_then(|t| config::parse(Path::new("site.yaml"), &t))?;
    if let Some(url) = base_url {
        config.set_base_url(url);
    }
    Ok(config)
}

/// The files of `content/` and `static/`, in a stable order.
pub(crate) struct Walked {
    /// Articles, intros, the home intro and plans.
    pub sources: Vec<Source>,
    /// Files copied as they are: (source, output path).
    pub assets: Vec<(PathBuf, String)>,
    /// Folders that could not be read, symbolic links.
    pub errors: Vec<Diagnostic>,
}

/// Walks `content/` and `static/` (symbolic links are refused: they could reach outside the
/// site; hidden files are skipped).
pub(crate) fn walk(root: &Path) -> Walked {
    let mut out = Walked {
        sources: Vec::new(),
        assets: Vec::new(),
        errors: Vec::new(),
    };
    for (dir, is_content) in [(root.join("content"), true), (root.join("static"), false)] {
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
                    out.errors.push(Diagnostic::error(
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
            if entry.file_type().is_symlink() {
                out.errors.push(
                    Diagnostic::error(
                        rel(root, &path),
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
                Source::Asset(src, dest) => out.assets.push((src, dest)),
                Source::Skipped => {}
                other => out.sources.push(other),
            }
        }
    }
    out
}

/// Every source parsed, drafts left out unless `drafts`.
pub(crate) struct Parsed {
    pub home: Option<Article>,
    pub intros: Vec<Article>,
    pub articles: Vec<Article>,
    pub plans: Vec<Plan>,
    pub errors: Vec<Diagnostic>,
    pub warnings: Vec<Diagnostic>,
}

/// Parses articles, intros and plans in parallel; results keep the file order.
pub(crate) fn parse(
    root: &Path,
    sources: &[Source],
    units: crate::plan::units::Units,
    drafts: bool,
) -> Parsed {
    let results: Vec<(Option<Loaded>, Vec<Diagnostic>)> = sources
        .par_iter()
        .map(|s| load_source(root, s, units))
        .collect();
    let mut plans = Vec::new();
    let mut variants = Vec::new();
    let mut failed = Vec::new();
    let mut out = Parsed {
        home: None,
        intros: Vec::new(),
        articles: Vec::new(),
        plans: Vec::new(),
        errors: Vec::new(),
        warnings: Vec::new(),
    };
    for ((item, diags), source) in results.into_iter().zip(sources) {
        if let (None, Source::Plan(p, _)) = (&item, source) {
            failed.push(rel(root, p));
        }
        for d in diags {
            if d.is_error() {
                out.errors.push(d);
            } else {
                out.warnings.push(d);
            }
        }
        match item {
            Some(Loaded::Article(a)) if drafts || !a.draft => out.articles.push(a),
            Some(Loaded::Home(a)) => out.home = Some(a),
            Some(Loaded::Intro(a)) => out.intros.push(a),
            Some(Loaded::Plan(p)) => plans.push(*p),
            Some(Loaded::Variant(v)) => variants.push(*v),
            _ => {}
        }
    }
    // Variants once every plan is loaded, drafts too: a draft may be the base of a variant.
    let made = plan_load::resolve(&plans, variants, &failed);
    for d in made.diagnostics {
        if d.is_error() {
            out.errors.push(d);
        } else {
            out.warnings.push(d);
        }
    }
    plans.extend(made.plans);
    out.plans = plans.into_iter().filter(|p| drafts || !p.draft).collect();
    out
}
