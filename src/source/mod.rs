//! The site's files as sources: what each file below `content/` or `static/` is to the build
//! (article, section intro, plan, home intro, asset), reading it (size limit, UTF-8) and
//! parsing it into an article or a plan. Nothing here knows about other files: checks across
//! files happen when the site is linked together (`site::Site::load`).

use std::path::{Component, Path, PathBuf};

use crate::content::{self, Article, markdown};
use crate::diagnostic::Diagnostic;
use crate::plan::{Plan, load as plan_load};
use crate::site::claims;

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
