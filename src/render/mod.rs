//! Tera setup: the embedded default theme, a site's overrides, and template errors mapped to
//! the file, line and column the user has to fix.

mod budget;
pub mod chart;
pub mod fitness_chart;
pub mod meta;
pub(crate) mod plan_days;
pub mod views;

pub use budget::watchdog::on_stuck as on_stuck_render;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::diagnostic::Diagnostic;

/// The default theme, embedded so the binary works with no `templates/` folder at all.
pub const EMBEDDED: &[(&str, &str)] = &[
    ("base.html", include_str!("../../templates/base.html")),
    ("index.html", include_str!("../../templates/index.html")),
    ("article.html", include_str!("../../templates/article.html")),
    ("plan.html", include_str!("../../templates/plan.html")),
    ("plans.html", include_str!("../../templates/plans.html")),
    ("404.html", include_str!("../../templates/404.html")),
    ("section.html", include_str!("../../templates/section.html")),
    ("tags.html", include_str!("../../templates/tags.html")),
    ("tag.html", include_str!("../../templates/tag.html")),
    ("guide.html", include_str!("../../templates/guide.html")),
    (
        "guide_print.html",
        include_str!("../../templates/guide_print.html"),
    ),
    (
        "plan_days.html",
        include_str!("../../templates/plan_days.html"),
    ),
    (
        "personalise.html",
        include_str!("../../templates/personalise.html"),
    ),
    (
        "pagination.html",
        include_str!("../../templates/pagination.html"),
    ),
    (
        "shortcodes/plan.html",
        include_str!("../../templates/shortcodes/plan.html"),
    ),
    (
        "shortcodes/week.html",
        include_str!("../../templates/shortcodes/week.html"),
    ),
    (
        "shortcodes/rest_days.html",
        include_str!("../../templates/shortcodes/rest_days.html"),
    ),
];

/// The default stylesheet, written to `style.css` unless `templates/style.css` replaces it.
pub const STYLESHEET: &str = include_str!("../../templates/style.css");

/// The site's templates, compiled once.
pub struct Templates {
    tera: tera::Tera,
    /// Template name → (file to blame, its source), for error positions.
    sources: BTreeMap<String, (PathBuf, String)>,
    /// The names whose template is the built-in theme's, as written (see [`Self::is_built_in`]).
    built_in: std::collections::BTreeSet<&'static str>,
    /// The stylesheet to write.
    pub stylesheet: String,
}

impl std::fmt::Debug for Templates {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Templates")
            .field("names", &self.sources.keys().collect::<Vec<_>>())
            .finish()
    }
}

impl Templates {
    /// Loads the embedded theme, then every file under `root/templates/` over it.
    pub fn load(root: &Path) -> Result<Templates, Vec<Diagnostic>> {
        let mut sources: BTreeMap<String, (PathBuf, String)> = EMBEDDED
            .iter()
            .map(|(name, text)| {
                (
                    name.to_string(),
                    (
                        PathBuf::from(format!("(built-in) templates/{name}")),
                        text.to_string(),
                    ),
                )
            })
            .collect();
        let mut stylesheet = STYLESHEET.to_string();
        let mut problems = Vec::new();
        let dir = root.join("templates");
        if dir.is_dir() {
            for entry in walkdir::WalkDir::new(&dir)
                .sort_by_file_name()
                .follow_links(false)
            {
                let (name, rel, text) = match read_template(root, &dir, entry) {
                    Ok(Some(t)) => t,
                    Ok(None) => continue,
                    Err(d) => {
                        problems.push(d);
                        continue;
                    }
                };
                if name == "style.css" {
                    stylesheet = text;
                } else if name.ends_with(".html")
                    || name.ends_with(".xml")
                    || name.ends_with(".txt")
                {
                    sources.insert(name, (rel, text));
                }
            }
        }
        if !problems.is_empty() {
            return Err(problems);
        }
        let mut tera = tera::Tera::new();
        tera.set_escape_fn(escape_html);
        tera.register_function("range", budget::range);
        if let Err(batch) =
            tera.add_raw_templates(sources.iter().map(|(n, (_, t))| (n.as_str(), t.as_str())))
        {
            // Tera stops at the first problem: compile each template alone to report every
            // syntax error, and fall back to the batch's error (a missing parent, say).
            let mut errors: Vec<Diagnostic> = sources
                .iter()
                .filter_map(|(name, (file, text))| {
                    let e = tera::Tera::new().add_raw_template(name, text).err()?;
                    matches!(e.kind(), tera::ErrorKind::SyntaxError(_))
                        .then(|| template_error(&e, &sources, Some((file, text))))
                })
                .collect();
            if errors.is_empty() {
                errors.push(template_error(&batch, &sources, None));
            }
            return Err(errors);
        }
        let built_in = EMBEDDED
            .iter()
            .filter(|(name, text)| sources.get(*name).is_some_and(|(_, s)| s == text))
            .map(|(name, _)| *name)
            .collect();
        Ok(Templates {
            tera,
            sources,
            built_in,
            stylesheet,
        })
    }

    /// Renders template `name` with `context`, within the [`budget`] of one page.
    pub fn render(&self, name: &str, context: &tera::Context) -> Result<String, Diagnostic> {
        let file = self.source_of(name).unwrap_or_default();
        let guard = budget::Render::start(&file.display().to_string());
        let mut out = budget::Output::new();
        match self.tera.render_to(name, context, &mut out) {
            // Tera writes only what templates and escaped values give it: UTF-8.
            Ok(()) => String::from_utf8(out.bytes).map_err(|_| {
                Diagnostic::error(
                    self.source_of(name).unwrap_or_default(),
                    0,
                    0,
                    "template",
                    "the template wrote text that is not UTF-8",
                )
            }),
            Err(e) => Err(match guard.exceeded() {
                // A limit hit while writing comes back as a bare I/O error: say which.
                Some(limit) if matches!(e.kind(), tera::ErrorKind::Io(_)) => Diagnostic::error(
                    self.source_of(name).unwrap_or_default(),
                    0,
                    0,
                    "template-budget",
                    limit.message(),
                )
                .with_help(budget_help()),
                Some(_) => self.render_error(name, &e).with_help(budget_help()),
                None => self.render_error(name, &e),
            }),
        }
    }

    /// A rendering error of template `name`: at Tera's position when it gives one, else at
    /// that template (component recursion comes without one: at its first component).
    fn render_error(&self, name: &str, e: &tera::Error) -> Diagnostic {
        let own = self.sources.get(name).map(|(f, t)| (f, t));
        let mut d = template_error(e, &self.sources, own);
        if d.line == 0 && e.to_string().contains("recursion depth") {
            if let Some((_, text)) = own {
                let (_, line, column, _) = mention(&self.sources, name, "{% component", "");
                d.line = line;
                d.column = column;
                d = d.with_source(text);
            }
            d.help = Some(
                "a component calls itself without end (Tera stops at 20 levels): give it a condition that ends the recursion".into(),
            );
        }
        d
    }

    /// Whether template `name` is the built-in theme's, as written (a site's copy of it counts):
    /// the plan page writes built-in templates' parts without Tera when it can.
    pub(crate) fn is_built_in(&self, name: &str) -> bool {
        self.built_in.contains(name)
    }

    /// The file to blame for template `name`: the site's override, or the built-in theme's.
    pub fn source_of(&self, name: &str) -> Option<PathBuf> {
        self.sources.get(name).map(|(f, _)| f.clone())
    }

    /// The names of every shortcode (built-in and the site's), sorted.
    pub fn shortcodes(&self) -> Vec<String> {
        self.sources
            .keys()
            .filter_map(|n| n.strip_prefix("shortcodes/"))
            .filter_map(|n| n.strip_suffix(".html"))
            .map(String::from)
            .collect()
    }

    /// Whether any template can read the top-level variable `name`: Tera looks variables up
    /// by name only, so a template reads `name` only where the identifier `name` (or
    /// `__tera_context`, Tera's dump of the whole context) appears inside `{{ }}` or `{% %}`.
    /// Text outside tags and other identifiers (`section.subsections`) do not count; a field
    /// of another value named the same does (safe: it only costs a larger re-render).
    pub fn reads_variable(&self, name: &str) -> bool {
        self.names_any(&[name, "__tera_context"])
    }

    /// Whether any template names one of `names` inside a tag.
    fn names_any(&self, names: &[&str]) -> bool {
        self.sources
            .values()
            .any(|(_, text)| tag_identifiers(text).any(|id| names.contains(&id)))
    }

    /// Whether a template exists (built-in or the site's).
    pub fn has(&self, name: &str) -> bool {
        self.sources.contains_key(name)
    }
}

/// One entry of the site's `templates/` folder: its template name, its path from the site
/// root and its text; `None` for a folder.
fn read_template(
    root: &Path,
    dir: &Path,
    entry: walkdir::Result<walkdir::DirEntry>,
) -> Result<Option<(String, PathBuf, String)>, Diagnostic> {
    let entry = match entry {
        Ok(e) => e,
        Err(e) => {
            return Err(Diagnostic::error(
                dir.strip_prefix(root).unwrap_or(dir),
                0,
                0,
                "io",
                format!("cannot read the templates folder: {e}"),
            ));
        }
    };
    if entry.file_type().is_symlink() {
        let rel = entry.path().strip_prefix(root).unwrap_or(entry.path());
        return Err(
            Diagnostic::error(rel, 0, 0, "symlink", "templates may not be symbolic links")
                .with_help("copy the file into templates/ instead"),
        );
    }
    if !entry.file_type().is_file() {
        return Ok(None);
    }
    let rel = entry
        .path()
        .strip_prefix(root)
        .unwrap_or(entry.path())
        .to_path_buf();
    let name = entry
        .path()
        .strip_prefix(dir)
        .unwrap_or(entry.path())
        .to_string_lossy()
        .replace('\\', "/");
    let text = match std::fs::read(entry.path()) {
        Ok(b) => match String::from_utf8(b) {
            Ok(t) => t,
            Err(_) => {
                return Err(Diagnostic::error(
                    rel,
                    0,
                    0,
                    "encoding",
                    "the template is not valid UTF-8",
                )
                .with_help("save the file as UTF-8"));
            }
        },
        Err(e) => {
            return Err(Diagnostic::error(
                rel,
                0,
                0,
                "io",
                format!("cannot read the template: {e}"),
            ));
        }
    };
    Ok(Some((name, rel, text)))
}

/// The identifiers inside the `{{ }}` and `{% %}` tags of a template's source.
fn tag_identifiers(text: &str) -> impl Iterator<Item = &str> {
    let mut tags = Vec::new();
    let mut rest = text;
    while let Some(start) = rest.find(['{']) {
        let after = &rest[start..];
        let close = if after.starts_with("{{") {
            "}}"
        } else if after.starts_with("{%") {
            "%}"
        } else {
            rest = &after[1..];
            continue;
        };
        let body = &after[2..];
        let end = body.find(close).unwrap_or(body.len());
        tags.push(&body[..end]);
        rest = &body[end..];
    }
    tags.into_iter().flat_map(|t| {
        t.split(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
            .filter(|w| w.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_'))
    })
}

fn budget_help() -> &'static str {
    "look for nested `for` loops or a component that calls itself; see \"Template limits\" in the README"
}

/// Where template `name` (its file, line and column, its source) mentions `word` followed by
/// `other` (`include "b.html"`), for errors Tera gives without a position.
fn mention(
    sources: &BTreeMap<String, (PathBuf, String)>,
    name: &str,
    word: &str,
    other: &str,
) -> (PathBuf, usize, usize, String) {
    let Some((file, text)) = sources.get(name) else {
        return (
            PathBuf::from(format!("templates/{name}")),
            0,
            0,
            String::new(),
        );
    };
    let at = text.lines().enumerate().find_map(|(i, l)| {
        let col = l.find(word)?;
        l[col..]
            .contains(other)
            .then_some((i + 1, l[..col].chars().count() + 1))
    });
    let (line, column) = at.unwrap_or((0, 0));
    (file.clone(), line, column, text.clone())
}

/// Turns a Tera error into a diagnostic at the template's file, line and column.
fn template_error(
    e: &tera::Error,
    sources: &BTreeMap<String, (PathBuf, String)>,
    fallback: Option<(&PathBuf, &String)>,
) -> Diagnostic {
    match e.kind() {
        tera::ErrorKind::SyntaxError(r) | tera::ErrorKind::RenderingError(r) => {
            let (file, text) = sources
                .get(r.filename())
                .map(|(f, t)| (f.clone(), t.as_str()))
                .or(fallback.map(|(f, t)| (f.clone(), t.as_str())))
                .unwrap_or_else(|| (PathBuf::from(r.filename()), ""));
            let span = r.span();
            let kind = if matches!(e.kind(), tera::ErrorKind::SyntaxError(_)) {
                "template syntax error"
            } else {
                "template error"
            };
            Diagnostic::error(
                file,
                span.start_line,
                span.start_col + 1,
                "template",
                format!("{kind}: {}", r.message()),
            )
            .with_source(text)
        }
        tera::ErrorKind::MissingParent { current, parent } => {
            let file = sources
                .get(current)
                .map_or_else(|| PathBuf::from(current), |(f, _)| f.clone());
            let (line, col, text) = sources
                .get(current)
                .and_then(|(_, t)| {
                    t.lines()
                        .enumerate()
                        .find(|(_, l)| l.contains("extends"))
                        .map(|(i, l)| (i + 1, l.find("extends").unwrap_or(0) + 1, t.as_str()))
                })
                .unwrap_or((1, 1, ""));
            Diagnostic::error(
                file,
                line,
                col,
                "template",
                format!("`{current}` extends `{parent}`, which does not exist"),
            )
            .with_help(format!(
                "built-in templates: {}",
                EMBEDDED
                    .iter()
                    .map(|(n, _)| *n)
                    .collect::<Vec<_>>()
                    .join(", ")
            ))
            .with_source(text)
        }
        tera::ErrorKind::CircularInclude { include_chain, .. }
        | tera::ErrorKind::CircularExtend {
            inheritance_chain: include_chain,
            ..
        } => {
            let (word, verb) = if matches!(e.kind(), tera::ErrorKind::CircularInclude { .. }) {
                ("include", "include")
            } else {
                ("extends", "extend")
            };
            let first = include_chain
                .first()
                .map(String::as_str)
                .unwrap_or_default();
            let next = include_chain.get(1).map(String::as_str).unwrap_or(first);
            let (file, line, column, text) = mention(sources, first, word, next);
            Diagnostic::error(
                file,
                line,
                column,
                "template",
                format!(
                    "templates {verb} each other in a circle: {}",
                    include_chain.join(" → ")
                ),
            )
            .with_help(format!("remove one `{word}` of the circle"))
            .with_source(&text)
        }
        other => Diagnostic::error(
            fallback.map_or_else(|| PathBuf::from("templates"), |(f, _)| f.clone()),
            0,
            0,
            "template",
            other.to_string(),
        ),
    }
}

/// Tera's HTML escaping, with the same output (`& < > " '`), written a run of plain text at a
/// time: Tera's own writes every byte alone, and each write is a call into the render's
/// [`budget::Output`] (a tenth of a plan page's instructions went there).
fn escape_html(input: &str, out: &mut dyn std::io::Write) -> std::io::Result<()> {
    crate::escape::runs(input, crate::escape::html, |part| {
        out.write_all(part.as_bytes())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        /// Byte for byte what Tera's own escaping writes.
        #[test]
        fn escaping_is_teras(text in "[a-z &<>\"'é\u{E000}]{0,40}") {
            let (mut ours, mut teras) = (Vec::new(), Vec::new());
            escape_html(&text, &mut ours).unwrap();
            tera::escape_html(&text, &mut teras).unwrap();
            proptest::prop_assert_eq!(ours, teras);
        }
    }

    #[test]
    fn variables_are_found_inside_tags_only() {
        let ids: Vec<&str> =
            tag_identifiers("sections {{ page.title }} {% for s in section.subsections %}{{ sections | length }}{% endfor %} {# sections #}").collect();
        assert_eq!(
            ids,
            [
                "page",
                "title",
                "for",
                "s",
                "in",
                "section",
                "subsections",
                "sections",
                "length",
                "endfor"
            ]
        );
    }

    #[test]
    fn the_built_in_theme_does_not_read_the_section_tree() {
        let dir = std::env::temp_dir().join("taper-no-templates-here");
        let t = Templates::load(&dir).unwrap();
        assert!(!t.reads_variable("sections"));
        assert!(t.reads_variable("site"));
    }

    #[test]
    fn the_embedded_theme_compiles() {
        let dir = std::env::temp_dir().join("taper-no-templates-here");
        let t = Templates::load(&dir).unwrap();
        assert!(t.has("plan.html"));
    }
}
