//! `site.yaml`: the site's title, URL and defaults. Everything but `title` is optional.

use std::path::Path;

use serde::Serialize;

use crate::content::highlight;
use crate::diagnostic::{Diagnostic, suggest};
use crate::extra::{self, Extra};
use crate::plan::RecoveryOverrides;
use crate::plan::load::recovery_of;
use crate::plan::units::Units;
use crate::validate::{self, Help, Problems, check_keys, get};
use crate::yaml::{self, Pos};

const KEYS: &[&str] = &[
    "title",
    "base_url",
    "description",
    "author",
    "language",
    "units",
    "recovery",
    "highlight_theme",
    "paginate",
    "feed_limit",
    "menu",
    "personalise",
    "edit_url",
    "edit_root",
    "git_dates",
    "disclaimer",
    "workouts",
    "images",
    "favicon",
];

/// The health disclaimer under every page that shows a plan, unless site.yaml sets its own.
pub const DEFAULT_DISCLAIMER: &str = "Training plans are general guidance for healthy adults, not medical advice. If something hurts, rest and ask a professional.";

/// The site's configuration.
#[derive(Debug, Clone, Serialize)]
pub struct Config {
    /// Site title.
    pub title: String,
    /// Absolute URL the site is served from, always ending in `/`.
    pub base_url: String,
    /// One-line description.
    pub description: Option<String>,
    /// Author.
    pub author: Option<String>,
    /// Language code for `<html lang>`.
    pub language: String,
    /// Default units for plans.
    pub units: Units,
    /// Recovery-analysis thresholds for every plan.
    #[serde(skip)]
    pub recovery: RecoveryOverrides,
    /// The syntect theme for code blocks (one of [`highlight::THEMES`]).
    pub highlight_theme: String,
    /// Entries per list page on the home and tag pages; `None` puts everything on one page.
    pub paginate: Option<usize>,
    /// How many of the newest articles `atom.xml` carries (with their full content).
    pub feed_limit: usize,
    /// The site menu, in order.
    pub menu: Vec<MenuItem>,
    /// Whether plan pages offer "Make this plan yours" (a plan's `personalise:` overrides it).
    pub personalise: bool,
    /// Where a page's source can be edited: `edit_url` + (`edit_root` +) its path.
    pub edit_url: Option<String>,
    /// The site's folder inside the repository (`docs/`), ending in `/`, or empty.
    pub edit_root: String,
    /// Pages without `updated:` take the date of their file's last commit.
    pub git_dates: bool,
    /// The note under pages that show a plan; empty for none.
    pub disclaimer: String,
    /// Whether plans publish watch workouts (`workouts: false` turns them off for every plan
    /// that does not say otherwise).
    pub workouts: bool,
    /// `extra:`: the templates' own data (`site.extra`), which Taper does not read.
    #[serde(skip)]
    pub extra: Extra,
    /// How photos are resized (`images:`).
    pub images: crate::images::Settings,
    /// The site's icon (`favicon:`), a site-relative path; `None` for the built-in one.
    pub favicon: Option<String>,
}

/// Articles in `atom.xml` when site.yaml does not say: feed readers fetch the feed often, and
/// each entry carries the whole article.
pub const DEFAULT_FEED_LIMIT: usize = 20;

/// One entry of `menu:` in site.yaml.
#[derive(Debug, Clone, Serialize)]
pub struct MenuItem {
    /// The text of the link.
    pub name: String,
    /// As written: site-relative (`/plans/`), internal (`@/guide/_index.md`) or absolute.
    pub url: String,
    /// Where it is written, for errors about `@/` targets.
    #[serde(skip)]
    pub pos: Pos,
}

impl Config {
    /// The path part of `base_url` (`/` or `/coach/`): every internal link starts with it.
    pub fn base_path(&self) -> String {
        let after_scheme = self
            .base_url
            .split_once("://")
            .map_or(self.base_url.as_str(), |(_, rest)| rest);
        match after_scheme.find('/') {
            Some(i) => after_scheme[i..].to_string(),
            None => "/".to_string(),
        }
    }

    /// Replaces `base_url` (from `--base-url`), normalised to end in `/`.
    pub fn set_base_url(&mut self, url: &str) {
        self.base_url = normalise_base_url(url);
    }
}

fn normalise_base_url(url: &str) -> String {
    let mut u = url.trim().to_string();
    if !u.ends_with('/') {
        u.push('/');
    }
    u
}

/// Reads `site.yaml` from `source`; `file` is its display path.
pub fn parse(file: &Path, source: &str) -> Result<Config, Vec<Diagnostic>> {
    let mut p = Problems::new(file);
    let config = read(source, &mut p);
    if p.has_errors() {
        return Err(p.finish(source));
    }
    config.ok_or_else(|| p.finish(source))
}

fn read(source: &str, p: &mut Problems) -> Option<Config> {
    let start = Pos {
        line: 1,
        column: 1,
        ..Pos::default()
    };
    if source.trim().is_empty() {
        p.error(
            start,
            "missing-key",
            "site.yaml is empty; it needs at least a title",
        )
        .help("write `title: My Training Guides`");
        return None;
    }
    let root = p.parse_yaml(source, 0, 0, 1)?;
    let map = validate::as_map(&root, "site.yaml", p)?;
    extra::check_keys(map, KEYS, "site.yaml", p);
    let title = match get(map, "title") {
        Some(n) => validate::text(n, "`title`", p),
        None => {
            p.error(start, "missing-key", "site.yaml has no `title`")
                .help("write `title: My Training Guides`");
            None
        }
    };
    let base_url = get(map, "base_url")
        .and_then(|n| {
            let u = validate::text(n, "`base_url`", p)?;
            if !(u.starts_with("http://") || u.starts_with("https://") || u.starts_with('/')) {
                p.error(n.pos, "base_url", format!("`base_url: {u}` is not an absolute URL"))
                    .help("write it with its scheme, like https://example.org/ or https://example.org/coach/");
                return None;
            }
            Some(normalise_base_url(&u))
        })
        .unwrap_or_else(|| "/".to_string());
    let units = get(map, "units")
        .and_then(|n| {
            let t = validate::text(n, "`units`", p)?;
            let u = Units::parse(&t);
            if u.is_none() {
                p.error(n.pos, "units", format!("unknown units `{t}`"))
                    .help("write `units: km` or `units: mi`");
            }
            u
        })
        .unwrap_or_default();
    let language = get(map, "language")
        .and_then(|n| validate::text(n, "`language`", p))
        .unwrap_or_else(|| "en".to_string());
    if !language
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || c == '-')
        && let Some(n) = get(map, "language")
    {
        p.error(
            n.pos,
            "language",
            format!("`{language}` is not a language code"),
        )
        .help("write a code like en, en-GB or fr");
    }
    let highlight_theme = get(map, "highlight_theme")
        .and_then(|n| {
            let t = validate::text(n, "`highlight_theme`", p)?;
            if highlight::THEMES.contains(&t.as_str()) {
                Some(t)
            } else {
                let d = p.error(
                    n.pos,
                    "highlight-theme",
                    format!("unknown `highlight_theme: {t}`"),
                );
                d.help(match suggest(&t, highlight::THEMES.iter().copied()) {
                    Some(s) => format!(
                        "did you mean `{s}`? themes: {}",
                        highlight::THEMES.join(", ")
                    ),
                    None => format!("themes: {}", highlight::THEMES.join(", ")),
                });
                None
            }
        })
        .unwrap_or_else(|| highlight::DEFAULT_THEME.to_string());
    let paginate = get(map, "paginate").and_then(|n| match n.value {
        yaml::Value::Int(i) if i > 0 => usize::try_from(i).ok(),
        _ => {
            p.error(
                n.pos,
                "paginate",
                "`paginate` must be a whole number above 0",
            )
            .help("write `paginate: 10` for ten entries a page, or leave it out for one page");
            None
        }
    });
    let feed_limit = get(map, "feed_limit").map_or(Some(DEFAULT_FEED_LIMIT), |n| match n.value {
        yaml::Value::Int(i) if i > 0 => usize::try_from(i).ok(),
        _ => {
            p.error(
                n.pos,
                "feed_limit",
                "`feed_limit` must be a whole number above 0",
            )
            .help(format!(
                "write `feed_limit: 50` for the 50 newest articles, or leave it out for {DEFAULT_FEED_LIMIT}"
            ));
            None
        }
    });
    let menu = get(map, "menu").map(|n| menu_of(n, p)).unwrap_or_default();
    let personalise = get(map, "personalise")
        .and_then(|n| validate::boolean(n, "`personalise`", p))
        .unwrap_or(true);
    let edit_url = get(map, "edit_url").and_then(|n| {
        let u = validate::text(n, "`edit_url`", p)?;
        if !(u.starts_with("https://") || u.starts_with("http://")) {
            p.error(n.pos, "edit_url", format!("`edit_url: {u}` is not an http(s) URL"))
                .help("write the URL a file path is added to, like https://github.com/org/repo/edit/main/");
            return None;
        }
        Some(normalise_base_url(&u))
    });
    let edit_root = get(map, "edit_root")
        .and_then(|n| validate::text(n, "`edit_root`", p))
        .map(|r| {
            let r = r.trim_matches('/');
            if r.is_empty() {
                String::new()
            } else {
                format!("{r}/")
            }
        })
        .unwrap_or_default();
    if let Some(n) = get(map, "edit_root")
        && edit_url.is_none()
        && get(map, "edit_url").is_none()
    {
        p.error(n.pos, "edit_root", "`edit_root` needs `edit_url`")
            .help("add `edit_url: https://github.com/org/repo/edit/main/`");
    }
    let git_dates = get(map, "git_dates")
        .and_then(|n| validate::boolean(n, "`git_dates`", p))
        .unwrap_or(false);
    let disclaimer = get(map, "disclaimer")
        .and_then(|n| validate::text(n, "`disclaimer`", p))
        .unwrap_or_else(|| DEFAULT_DISCLAIMER.to_string());
    Some(Config {
        extra: extra::read(map, p),
        personalise,
        edit_url,
        edit_root,
        git_dates,
        disclaimer,
        feed_limit: feed_limit.unwrap_or(DEFAULT_FEED_LIMIT),
        title: title?,
        highlight_theme,
        paginate,
        menu,
        base_url,
        description: get(map, "description").and_then(|n| validate::text(n, "`description`", p)),
        author: get(map, "author").and_then(|n| validate::text(n, "`author`", p)),
        language,
        units,
        recovery: get(map, "recovery")
            .map(|n| recovery_of(n, p))
            .unwrap_or_default(),
        workouts: get(map, "workouts")
            .and_then(|n| validate::boolean(n, "`workouts`", p))
            .unwrap_or(true),
        images: get(map, "images")
            .map(|n| crate::images::read_settings(n, p))
            .unwrap_or_default(),
        favicon: get(map, "favicon").and_then(|n| crate::render::meta::read_favicon(n, p)),
    })
}

fn menu_of(node: &yaml::Node, p: &mut Problems) -> Vec<MenuItem> {
    let Some(items) = node.as_seq() else {
        p.error(node.pos, "type", "`menu` must be a list")
            .help("write `menu: [{ name: Plans, url: /plans/ }]`");
        return Vec::new();
    };
    let mut out = Vec::new();
    for item in items {
        let Some(m) = validate::as_map(item, "a menu entry", p) else {
            continue;
        };
        check_keys(m, &["name", "url"], "a menu entry", p);
        let name = get(m, "name").and_then(|n| validate::text(n, "`name`", p));
        let url = get(m, "url").and_then(|n| validate::text(n, "`url`", p));
        if let (Some(u), Some(n)) = (&url, get(m, "url"))
            && let Some(scheme) = script_scheme(u)
        {
            p.error(
                n.pos,
                "menu-url",
                format!("the menu links to a `{scheme}:` URL, which would run in every page"),
            )
            .help("a menu entry links to a page: write a path (/about/), an internal link (@/guide/_index.md) or an https:// URL");
            continue;
        }
        match (name, url) {
            (Some(name), Some(url)) => out.push(MenuItem {
                name,
                url,
                pos: get(m, "url").map_or(item.pos, |n| n.pos),
            }),
            _ => {
                p.error(
                    item.pos,
                    "missing-key",
                    "a menu entry needs `name` and `url`",
                )
                .help("write `{ name: Plans, url: /plans/ }`");
            }
        }
    }
    out
}

/// The scheme of `url` if it is one that runs code or carries a document of its own
/// (`javascript:`, `vbscript:`, `data:`), read as browsers read it: case-insensitive, after
/// leading spaces and control characters, with tabs and newlines anywhere removed.
fn script_scheme(url: &str) -> Option<&'static str> {
    let read: String = url
        .trim_start_matches(|c: char| c <= ' ')
        .chars()
        .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
        .collect();
    let (scheme, _) = read.split_once(':')?;
    ["javascript", "vbscript", "data"]
        .into_iter()
        .find(|s| s.eq_ignore_ascii_case(scheme))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_and_base_path() {
        let c = parse(
            Path::new("site.yaml"),
            "title: Coach\nbase_url: https://example.org/coach\n",
        )
        .unwrap();
        assert_eq!(c.base_url, "https://example.org/coach/");
        assert_eq!(c.base_path(), "/coach/");
        assert_eq!(c.units, Units::Km);
        assert_eq!(c.language, "en");
        assert_eq!(c.highlight_theme, "InspiredGitHub");
        assert_eq!(c.paginate, None);
        assert_eq!(c.feed_limit, DEFAULT_FEED_LIMIT);
    }

    #[test]
    fn publishing_settings() {
        let c = parse(
            Path::new("site.yaml"),
            "title: C\nhighlight_theme: base16-ocean.dark\npaginate: 5\nfeed_limit: 3\nmenu:\n  - { name: Plans, url: /plans/ }\n",
        )
        .unwrap();
        assert_eq!(c.highlight_theme, "base16-ocean.dark");
        assert_eq!(c.paginate, Some(5));
        assert_eq!(c.feed_limit, 3);
        assert_eq!(c.menu[0].name, "Plans");
        let e = parse(
            Path::new("site.yaml"),
            "title: C\nhighlight_theme: base16-ocean\npaginate: 0\nfeed_limit: all\n",
        )
        .unwrap_err();
        assert!(e.iter().any(|d| {
            d.line == 2
                && d.help
                    .as_deref()
                    .unwrap_or("")
                    .contains("base16-ocean.dark")
        }));
        assert!(e.iter().any(|d| d.line == 3 && d.code == "paginate"));
        assert!(e.iter().any(|d| d.line == 4 && d.code == "feed_limit"));
    }

    #[test]
    fn script_urls_are_refused_in_the_menu() {
        for url in [
            "javascript:alert(1)",
            "JavaScript:alert(1)",
            " \u{1}javascript:alert(1)",
            "java\tscript:alert(1)",
            "java\nscript:alert(1)",
            "vbscript:msgbox(1)",
            "DATA:text/html,<script>alert(1)</script>",
        ] {
            assert!(script_scheme(url).is_some(), "{url:?}");
        }
        for url in [
            "/about/",
            "@/guide/_index.md",
            "https://e.org/javascript:x",
            "javascript",
            "mailto:a@b.org",
        ] {
            assert_eq!(script_scheme(url), None, "{url:?}");
        }
        let e = parse(
            Path::new("site.yaml"),
            "title: C\nmenu:\n  - { name: Plans, url: /plans/ }\n  - { name: X, url: \"\\tJavaScript:alert(1)\" }\n",
        )
        .unwrap_err();
        assert_eq!(e.len(), 1, "{e:?}");
        assert_eq!((e[0].line, e[0].column, e[0].code), (4, 21, "menu-url"));
        assert!(e[0].message.contains("`javascript:`"), "{}", e[0].message);
    }

    #[test]
    fn unknown_key_and_missing_title() {
        let e = parse(Path::new("site.yaml"), "titel: Coach\n").unwrap_err();
        assert!(e.iter().any(|d| d.message.contains("`titel`")));
        assert!(e.iter().any(|d| d.message.contains("no `title`")));
    }
}
