//! Articles and pages: YAML front matter between `---` lines, then Markdown.

pub mod guide;
pub mod highlight;
pub mod markdown;
pub mod section;
pub mod shortcode;

use std::path::Path;

use jiff::civil::Date;
use serde::Serialize;

use crate::diagnostic::Diagnostic;
use crate::extra::{self, Extra};
use crate::plan::load::is_slug;
use crate::validate::{self, Help, Problems, get};
use crate::yaml::{self, Pos};

const KEYS: &[&str] = &[
    "title",
    "date",
    "updated",
    "summary",
    "tags",
    "draft",
    "slug",
    "plans",
    "explains",
    "weight",
    "layout",
    "aliases",
    "description",
    "lastmod",
    "image",
];

/// Other generators' names for Taper's keys (`description:` is Zola's and Hugo's `summary:`,
/// `lastmod:` Hugo's `updated:`): a page moved by hand keeps them.
const ALIASES: &[(&str, &str)] = &[("summary", "description"), ("updated", "lastmod")];

/// The value of `name`, or of its other name in [`ALIASES`]; both set is an error.
fn key_or_alias<'a>(
    map: &'a [(yaml::Key, yaml::Node)],
    name: &str,
    p: &mut Problems,
) -> Option<&'a yaml::Node> {
    let alias = ALIASES.iter().find(|(n, _)| *n == name).map(|(_, a)| *a);
    match (get(map, name), alias.and_then(|a| get(map, a))) {
        (Some(n), Some(a)) => {
            let other = alias.unwrap_or_default();
            p.error(
                a.pos,
                "duplicate-key",
                format!("both `{name}:` and `{other}:` are set; `{other}:` is another name for `{name}:`"),
            )
            .help("keep one of them");
            Some(n)
        }
        (n, a) => n.or(a),
    }
}

/// An article (or the home page's intro).
#[derive(Debug, Clone, Serialize)]
pub struct Article {
    /// The file, relative to the site root.
    pub source: std::path::PathBuf,
    /// The URL path below the site root (`posts/recovery`), `""` for the home page.
    pub path: String,
    /// Title.
    pub title: String,
    /// Publication date.
    pub date: Option<Date>,
    /// Last update.
    pub updated: Option<Date>,
    /// One line for lists and feeds.
    pub summary: Option<String>,
    /// Tags.
    pub tags: Vec<String>,
    /// Left out of builds unless `--drafts`.
    pub draft: bool,
    /// Order within its section: lower first; articles without a weight come after, newest first.
    pub weight: Option<i64>,
    /// Plans this article relates to, by slug, with where each is written.
    #[serde(skip)]
    pub plans: Vec<(String, Pos)>,
    /// Annotation topics this article explains (`rest`, `deload`, `taper`).
    pub explains: Vec<String>,
    /// The Markdown body.
    #[serde(skip)]
    pub body: String,
    /// Line on which the body starts (1-based).
    #[serde(skip)]
    pub body_line: usize,
    /// Digest of `body` (`crate::digest`): a cached rendering is reused while it is unchanged.
    #[serde(skip)]
    pub body_digest: u64,
    /// Where `slug:` is written, when it is: errors about the page's path point there.
    #[serde(skip)]
    pub slug_pos: Option<Pos>,
    /// Digest of the front matter's text: with the source and path, everything but the body
    /// that pages can show of the article (`taper serve` re-renders what reads it when it
    /// changes).
    #[serde(skip)]
    pub front_digest: u64,
    /// `layout: guide` (in a section's `_index.md`), with where it is written.
    #[serde(skip)]
    pub layout: Option<(Layout, Pos)>,
    /// Old URL paths that redirect here (`aliases: [/old/path/]`), with where each is written.
    #[serde(skip)]
    pub aliases: Vec<(String, Pos)>,
    /// `extra:`: the templates' own data (`page.extra`), which Taper does not read.
    #[serde(skip)]
    pub extra: Extra,
    /// The page's card image (`image:`), as written, with where it is written.
    #[serde(skip)]
    pub image: Option<(String, Pos)>,
}

/// What `layout:` in a section's `_index.md` makes of the section.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Layout {
    /// The section and everything below it is one guide (sidebar, reading order, print page).
    Guide,
}

impl Article {
    /// Whether the front matter says `layout: guide`.
    pub fn is_guide(&self) -> bool {
        matches!(self.layout, Some((Layout::Guide, _)))
    }
}

/// The output file an alias writes: `/old/path/` → `old/path/index.html`, `/old.html` as is.
pub fn alias_output(alias: &str) -> String {
    let path = alias.trim_matches('/');
    if path.ends_with(".html") || path.ends_with(".htm") {
        path.to_string()
    } else if path.is_empty() {
        "index.html".to_string()
    } else {
        format!("{path}/index.html")
    }
}

/// Whether `alias` is a site path Taper can write: starts with `/`, its parts are plain
/// names (letters, digits, `-`, `_`, `.`, no `..`), no query or fragment.
pub(crate) fn valid_alias(alias: &str) -> bool {
    let Some(rest) = alias.strip_prefix('/') else {
        return false;
    };
    rest.trim_end_matches('/').split('/').all(|part| {
        !part.is_empty()
            && part != "."
            && part != ".."
            && part
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
    }) && !rest.is_empty()
}

/// Splits front matter from the body: `(yaml, yaml_start_line, yaml_start_byte, body,
/// body_line)`.
pub fn split_front_matter(source: &str) -> Result<(&str, usize, usize, &str, usize), Diagnostic> {
    let text = source.strip_prefix('\u{feff}').unwrap_or(source);
    let bom = source.len() - text.len();
    let first_end = text.find('\n').unwrap_or(text.len());
    if text[..first_end].trim_end() != "---" {
        return Err(
            Diagnostic::error("", 1, 1, "front-matter", "the article has no front matter")
                .with_help(
                    "start the file with a `---` line, then `title: …`, then another `---` line",
                ),
        );
    }
    let yaml_start = (first_end + 1).min(text.len());
    let mut offset = yaml_start;
    let mut line = 2;
    while offset < text.len() {
        let end = text[offset..].find('\n').map_or(text.len(), |i| offset + i);
        let l = text[offset..end].trim_end();
        if l == "---" || l == "..." {
            let body_start = (end + 1).min(text.len());
            return Ok((
                &text[yaml_start..offset],
                1,
                bom + yaml_start,
                &text[body_start..],
                line + 1,
            ));
        }
        offset = end + 1;
        line += 1;
    }
    Err(Diagnostic::error(
        "",
        1,
        1,
        "front-matter",
        "the front matter starts with `---` but is never closed",
    )
    .with_help("add a line with only `---` after the last front-matter key"))
}

/// Loads one article. `url_path` is the path below `content/` without the extension
/// (`posts/recovery`); a `slug:` replaces its last part.
pub fn load(file: &Path, source: &str, url_path: &str) -> Result<Article, Vec<Diagnostic>> {
    let (fm, line_offset, byte_offset, body, body_line) = match split_front_matter(source) {
        Ok(parts) => parts,
        Err(mut d) => {
            d.file = file.to_path_buf();
            return Err(vec![d.with_source(source)]);
        }
    };
    let mut p = Problems::new(file);
    let start = Pos {
        line: 1,
        column: 1,
        ..Pos::default()
    };
    let Some(root) = p.parse_yaml(fm, line_offset, byte_offset, 2) else {
        return Err(p.finish(source));
    };
    let empty = Vec::new();
    let map = match &root.value {
        yaml::Value::Null => &empty[..],
        _ => match validate::as_map(&root, "front matter", &mut p) {
            Some(m) => m,
            None => return Err(p.finish(source)),
        },
    };
    extra::check_keys(map, KEYS, "front matter", &mut p);
    let extra = extra::read(map, &mut p);
    let title = match get(map, "title") {
        Some(n) => validate::text(n, "`title`", &mut p),
        None => {
            p.error(start, "missing-key", "the front matter has no `title`")
                .help("add `title: Your Title` between the `---` lines");
            None
        }
    };
    let mut path = url_path.to_string();
    let slug_pos = get(map, "slug").map(|n| n.pos);
    if let Some(n) = get(map, "slug")
        && let Some(slug) = validate::text(n, "`slug`", &mut p)
    {
        if is_slug(&slug) {
            path = match path.rsplit_once('/') {
                Some((dir, _)) => format!("{dir}/{slug}"),
                None => slug,
            };
        } else {
            p.error(
                n.pos,
                "slug",
                format!("`slug: {slug}` is not a safe URL segment"),
            )
            .help("use lowercase letters, digits and dashes only (no `/`, `..` or spaces)");
        }
    }
    let date = get(map, "date").and_then(|n| validate::date(n, "`date`", &mut p));
    let updated =
        key_or_alias(map, "updated", &mut p).and_then(|n| validate::date(n, "`updated`", &mut p));
    let summary =
        key_or_alias(map, "summary", &mut p).and_then(|n| validate::text(n, "`summary`", &mut p));
    let image =
        get(map, "image").and_then(|n| Some((validate::text(n, "`image`", &mut p)?, n.pos)));
    let tags = get(map, "tags")
        .map(|n| validate::text_list(n, "`tags`", &mut p))
        .unwrap_or_default();
    let draft = get(map, "draft")
        .and_then(|n| validate::boolean(n, "`draft`", &mut p))
        .unwrap_or(false);
    let weight = get(map, "weight").and_then(|n| match n.value {
        yaml::Value::Int(w) => Some(w),
        _ => {
            p.error(n.pos, "weight", "`weight` must be a whole number")
                .help("write `weight: 10`: lower weights come first in the section");
            None
        }
    });
    let explains = get(map, "explains")
        .map(|n| validate::text_list(n, "`explains`", &mut p))
        .unwrap_or_default();
    let plans = match get(map, "plans") {
        Some(n) => match &n.value {
            yaml::Value::Seq(items) => items
                .iter()
                .filter_map(|i| validate::text(i, "a plan slug", &mut p).map(|s| (s, i.pos)))
                .collect(),
            yaml::Value::Str(s) => vec![(s.clone(), n.pos)],
            _ => {
                p.error(
                    n.pos,
                    "type",
                    "`plans` must be a list of plan slugs, like `[half-marathon-12]`",
                );
                Vec::new()
            }
        },
        None => Vec::new(),
    };
    let layout = get(map, "layout").and_then(|n| match validate::text(n, "`layout`", &mut p) {
        Some(l) if l == "guide" => Some((Layout::Guide, n.pos)),
        Some(l) => {
            p.error(n.pos, "layout", format!("unknown layout `{l}`"))
                .help("the one layout is `layout: guide`, in a section's _index.md");
            None
        }
        None => None,
    });
    let aliases = match get(map, "aliases") {
        Some(n) => {
            let items: Vec<&yaml::Node> = match &n.value {
                yaml::Value::Seq(items) => items.iter().collect(),
                _ => vec![n],
            };
            items
                .into_iter()
                .filter_map(|i| {
                    let a = validate::text(i, "an alias", &mut p)?;
                    if valid_alias(&a) {
                        Some((a, i.pos))
                    } else {
                        p.error(i.pos, "alias", format!("the alias `{a}` is not a site path"))
                            .help("write old URL paths like `/old/path/` or `/old.html`: letters, digits, `-`, `_` and `.` between slashes");
                        None
                    }
                })
                .collect()
        }
        None => Vec::new(),
    };
    if p.has_errors() {
        return Err(p.finish(source));
    }
    let Some(title) = title else {
        return Err(p.finish(source));
    };
    Ok(Article {
        source: file.to_path_buf(),
        path,
        title,
        date,
        updated,
        summary,
        image,
        tags,
        draft,
        weight,
        plans,
        explains,
        body: body.to_string(),
        body_line,
        body_digest: crate::digest(body),
        slug_pos,
        front_digest: crate::digest(fm),
        layout,
        aliases,
        extra,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn art(src: &str) -> Result<Article, Vec<Diagnostic>> {
        load(Path::new("content/posts/a.md"), src, "posts/a")
    }

    #[test]
    fn front_matter_and_body() {
        let a = art(
            "---\ntitle: Rest\ndate: 2026-09-14\ntags: [recovery]\nplans: [half]\n---\nHello.\n",
        )
        .unwrap();
        assert_eq!(a.title, "Rest");
        assert_eq!(a.date.unwrap().to_string(), "2026-09-14");
        assert_eq!(a.body, "Hello.\n");
        assert_eq!(a.body_line, 7);
        assert_eq!(a.plans[0].0, "half");
        assert_eq!(a.plans[0].1.line, 5);
    }

    #[test]
    fn only_front_matter_is_a_page() {
        let a = art("---\ntitle: Empty\n---").unwrap();
        assert_eq!(a.body, "");
    }

    #[test]
    fn unclosed_front_matter() {
        let e = art("---\ntitle: x\n\nbody\n").unwrap_err();
        assert_eq!((e[0].line, e[0].column), (1, 1));
        assert!(e[0].message.contains("never closed"));
    }

    #[test]
    fn errors_are_positioned_in_the_file() {
        let e = art("---\ntitle: x\ndate: 2026-13-01\n---\n").unwrap_err();
        assert_eq!((e[0].line, e[0].column), (3, 7));
        let e = art("---\ntitle: x\ntagz: [a]\n---\n").unwrap_err();
        assert_eq!(e[0].line, 3);
        assert!(e[0].help.as_deref().unwrap().contains("`tags`"));
        let e = art("---\ntitle: x\nslug: ../../etc\n---\n").unwrap_err();
        assert!(e[0].message.contains("not a safe URL segment"));
    }

    #[test]
    fn other_generators_names_are_aliases() {
        let a = art("---\ntitle: x\ndescription: One line\nlastmod: 2026-01-02\n---\n").unwrap();
        assert_eq!(a.summary.as_deref(), Some("One line"));
        assert_eq!(a.updated.unwrap().to_string(), "2026-01-02");
        let e = art("---\ntitle: x\nsummary: a\ndescription: b\n---\n").unwrap_err();
        assert_eq!((e[0].line, e[0].column), (4, 14));
        assert!(e[0].message.contains("another name for `summary:`"));
    }

    #[test]
    fn extra_is_the_templates_own_data() {
        let a = art("---\ntitle: x\nextra:\n  hero: /h.jpg\n---\n").unwrap();
        assert_eq!(
            serde_json::to_string(&a.extra).unwrap(),
            r#"{"hero":"/h.jpg"}"#
        );
        let e = art("---\ntitle: x\nhero: /h.jpg\n---\n").unwrap_err();
        assert!(e[0].help.as_deref().unwrap().contains("under `extra:`"));
    }

    #[test]
    fn slug_replaces_the_stem() {
        assert_eq!(
            art("---\ntitle: x\nslug: why-rest\n---\n").unwrap().path,
            "posts/why-rest"
        );
    }

    #[test]
    fn missing_front_matter() {
        let e = art("# Just markdown\n").unwrap_err();
        assert!(e[0].message.contains("no front matter"));
    }
}
