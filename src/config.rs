//! `site.yaml`: the site's title, URL and defaults. Everything but `title` is optional.

use std::path::Path;

use serde::Serialize;

use crate::diagnostic::Diagnostic;
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
];

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
    let root = match yaml::parse(source, 0, 0) {
        Ok(n) => n,
        Err(e) => {
            let d = p.error(
                Pos {
                    line: e.line.max(1),
                    column: e.column,
                    ..Pos::default()
                },
                "yaml",
                e.message,
            );
            if let Some(h) = e.help {
                d.help(h);
            }
            return None;
        }
    };
    let map = validate::as_map(&root, "site.yaml", p)?;
    check_keys(map, KEYS, "site.yaml", p);
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
    Some(Config {
        title: title?,
        base_url,
        description: get(map, "description").and_then(|n| validate::text(n, "`description`", p)),
        author: get(map, "author").and_then(|n| validate::text(n, "`author`", p)),
        language,
        units,
        recovery: get(map, "recovery")
            .map(|n| recovery_of(n, p))
            .unwrap_or_default(),
    })
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
    }

    #[test]
    fn unknown_key_and_missing_title() {
        let e = parse(Path::new("site.yaml"), "titel: Coach\n").unwrap_err();
        assert!(e.iter().any(|d| d.message.contains("`titel`")));
        assert!(e.iter().any(|d| d.message.contains("no `title`")));
    }
}
