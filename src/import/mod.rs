//! `taper import zola|hugo DIR OUT`: a Zola or Hugo site written out as a Taper site.
//!
//! The import reads everything first (config, every page's front matter) and writes nothing
//! when any of it does not parse; then it writes `OUT`, which must be empty or absent and
//! outside `DIR` (nothing is ever written into `DIR`). What each generator calls its keys and
//! shortcodes is in [`zola`] and [`hugo`]; what both share is here: the walk, the map from
//! old paths and URLs to Taper's `@/` links, front matter mapped to Taper's keys (the rest
//! under `extra:`), link rewriting and the files written. [`report`] says what was done and
//! what needs a human, with `file:line:col` in `DIR`. Every list is sorted, so two imports of
//! one site are byte-identical. Not for: templates and themes (Taper has its own; the report
//! names the ones left behind).

mod front;
mod hugo;
pub mod report;
mod zola;

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};

use serde_json::{Map, Value};

use crate::diagnostic::Diagnostic;
pub use report::Report;
use report::line_col;

/// Which generator the site comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// Zola: `config.toml`/`zola.toml`, TOML or YAML front matter, Tera shortcodes.
    Zola,
    /// Hugo: `hugo.toml`/`config.toml` (or `.yaml`, `.json`), TOML/YAML/JSON front matter.
    Hugo,
}

impl Kind {
    fn name(self) -> &'static str {
        match self {
            Kind::Zola => "Zola",
            Kind::Hugo => "Hugo",
        }
    }
}

/// The site's settings, as site.yaml will have them.
#[derive(Debug, Default)]
struct SiteConfig {
    title: Option<String>,
    base_url: Option<String>,
    description: Option<String>,
    author: Option<String>,
    language: Option<String>,
    paginate: Option<i64>,
    /// (name, url) in order.
    menu: Vec<(String, String)>,
    extra: Map<String, Value>,
}

/// One Markdown file of the source site.
struct Page {
    /// Relative to `DIR` (`content/posts/x/index.md`), for the report.
    file: PathBuf,
    /// Relative to `content/` (`posts/x/index.md`), as `@/` links name it.
    source: String,
    /// Relative to `content/` in the new site (`posts/x.md`).
    target: String,
    text: String,
    /// A section's `_index.md`.
    section: bool,
}

/// Where pages are, by their old names: what links are rewritten with.
#[derive(Debug, Default)]
pub(crate) struct Index {
    /// Old content path (`posts/x/index.md`) → new one (`posts/x.md`).
    by_source: BTreeMap<String, String>,
    /// URL path (`posts/x`, `""` for the home page) → new content path.
    by_url: BTreeMap<String, String>,
    /// The path part of the old `base_url` (`/` or `/blog/`).
    base_path: String,
    /// The old `base_url`, when absolute, for links written with it.
    base_url: Option<String>,
    /// Files that are not Markdown, by their folder below `content/`: what a gallery shows.
    assets: BTreeMap<String, Vec<String>>,
}

impl Index {
    /// The new `@/` target of an old content path (`posts/x/index.md`, `/posts/x.md`,
    /// `posts/x`), Hugo's `ref` rules: exact, with `.md`, a bundle's `index.md` or
    /// `_index.md`, or a unique file name.
    fn resolve(&self, path: &str) -> Option<&str> {
        let p = path.trim_start_matches("./").trim_start_matches('/');
        let p = p.trim_end_matches('/');
        let tries = [
            p.to_string(),
            format!("{p}.md"),
            format!("{p}/index.md"),
            format!("{p}/_index.md"),
        ];
        if let Some(t) = tries.iter().find_map(|t| self.by_source.get(t)) {
            return Some(t);
        }
        if p.is_empty() {
            return self.by_source.get("_index.md").map(String::as_str);
        }
        let name = if p.ends_with(".md") {
            p.to_string()
        } else {
            format!("{p}.md")
        };
        let mut found = self.by_source.iter().filter(|(s, _)| {
            *s == &name
                || s.ends_with(&format!("/{name}"))
                || s.ends_with(&format!("/{}/index.md", name.trim_end_matches(".md")))
        });
        match (found.next(), found.next()) {
            (Some((_, t)), None) => Some(t),
            _ => None,
        }
    }

    /// The new `@/` target of a site URL (`/posts/x/`, or absolute with the old base URL),
    /// when it is one of the site's pages; the `#fragment` is kept.
    fn page_url(&self, url: &str) -> Option<String> {
        let rest = match &self.base_url {
            Some(b) if url.starts_with(b.as_str()) => &url[b.len()..],
            _ => url.strip_prefix(&self.base_path)?,
        };
        if url.starts_with("//") {
            return None;
        }
        let (path, fragment) = match rest.split_once('#') {
            Some((p, f)) => (p, Some(f)),
            None => (rest, None),
        };
        if path.contains('?') || path.contains('.') && !path.ends_with(".html") {
            return None;
        }
        let path = url_key(path.trim_end_matches("index.html"));
        let target = self.by_url.get(&path)?;
        Some(match fragment {
            Some(f) => format!("@/{target}#{f}"),
            None => format!("@/{target}"),
        })
    }
}

/// A replacement of bytes `start..end` of a page's text.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) struct Edit {
    start: usize,
    end: usize,
    text: String,
}

/// What a shortcode pass needs besides the text: where the page is, the index, and the report.
pub(crate) struct Cx<'a> {
    file: &'a Path,
    /// The page's text (offsets are into it).
    text: &'a str,
    /// The page's folder below `content/` in the new site (`posts/x` for a bundle).
    folder: String,
    index: &'a Index,
    report: &'a mut Report,
    /// Shortcodes the new site needs a template for, with the arguments they were called with.
    needs_template: &'a mut BTreeMap<String, BTreeSet<String>>,
}

impl Cx<'_> {
    fn leftover(&mut self, offset: usize, message: impl Into<String>) {
        let (line, column) = line_col(self.text, offset);
        self.report.leftover(self.file, line, column, message);
    }
}

/// Imports the site in `dir` into `out`. Errors (an unreadable or unparsable config or front
/// matter, a non-empty `out`) come back before anything is written.
pub fn run(kind: Kind, dir: &Path, out: &Path) -> Result<Report, Vec<Diagnostic>> {
    check_folders(dir, out)?;
    let mut report = Report::new(kind.name());
    let (config, config_file) = match kind {
        Kind::Zola => zola::config(dir, &mut report)?,
        Kind::Hugo => hugo::config(dir, &mut report)?,
    };
    let (pages, assets) = walk(dir)?;
    let mut index = Index {
        base_path: base_path(config.base_url.as_deref()),
        base_url: config
            .base_url
            .clone()
            .filter(|u| u.starts_with("http"))
            .map(|u| format!("{}/", u.trim_end_matches('/'))),
        ..Index::default()
    };
    // Fronts first: a slug changes a URL other pages link to.
    let mut fronts = Vec::new();
    let mut errors = Vec::new();
    for p in &pages {
        match front::read(&p.text) {
            Ok(f) => fronts.push(f),
            Err(e) => {
                let (line, column) = line_col(&p.text, e.offset);
                errors.push(
                    Diagnostic::error(&p.file, line, column, "import", e.message)
                        .with_source(&p.text),
                );
            }
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    for (p, f) in pages.iter().zip(&fronts) {
        index.by_source.insert(p.source.clone(), p.target.clone());
        index.by_url.insert(url_of(p, f), p.target.clone());
    }
    for (folder, file) in &assets {
        let (dir_of, name) = match folder.rsplit_once('/') {
            Some((d, n)) => (d.to_string(), n.to_string()),
            None => (String::new(), folder.clone()),
        };
        let _ = file;
        index.assets.entry(dir_of).or_default().push(name);
    }

    let mut files: BTreeMap<PathBuf, Vec<u8>> = BTreeMap::new();
    let mut needs_template = BTreeMap::new();
    let mut written = BTreeMap::new();
    for (p, f) in pages.iter().zip(&fronts) {
        let entries = map_front(kind, p, f, &mut report);
        let folder = p
            .target
            .trim_end_matches(".md")
            .trim_end_matches("_index")
            .trim_end_matches('/')
            .to_string();
        let mut cx = Cx {
            file: &p.file,
            text: &p.text,
            folder,
            index: &index,
            report: &mut report,
            needs_template: &mut needs_template,
        };
        let mut edits = match kind {
            Kind::Zola => zola::body(&mut cx, f.body_offset),
            Kind::Hugo => hugo::body(&mut cx, f.body_offset),
        };
        edits.extend(links(&mut cx, f.body_offset, kind));
        let (body, mut segments) = apply(&p.text, f.body_offset, edits);
        let head = format!("---\n{}---\n", front::yaml(&entries));
        for s in &mut segments {
            s.out += head.len();
        }
        segments.insert(
            0,
            Segment {
                out: 0,
                src: 0,
                edit: true,
            },
        );
        let text = format!("{head}{body}");
        let path = Path::new("content").join(&p.target);
        files.insert(path.clone(), text.clone().into_bytes());
        written.insert(
            path,
            Written {
                file: p.file.clone(),
                source: p.text.clone(),
                text,
                segments,
            },
        );
        if p.section {
            report.sections += 1;
        } else {
            report.pages += 1;
        }
    }
    for (name, args) in &needs_template {
        let text = format!(
            "{{# taper import: the {} shortcode `{name}`, to be written. It is called with {}; a template reads them as `args.<name>`. #}}<!-- shortcode {name} -->\n",
            kind.name(),
            if args.is_empty() {
                "no arguments".to_string()
            } else {
                args.iter()
                    .map(|a| format!("`{a}`"))
                    .collect::<Vec<_>>()
                    .join(", ")
            }
        );
        files.insert(
            PathBuf::from(format!("templates/shortcodes/{name}.html")),
            text.into_bytes(),
        );
    }
    let site_yaml = site_yaml(&config, &config_file, &mut report);
    files.insert(PathBuf::from("site.yaml"), site_yaml.into_bytes());
    let mut copies: Vec<(PathBuf, PathBuf)> = assets
        .iter()
        .map(|(rel, from)| (Path::new("content").join(rel), from.clone()))
        .collect();
    report.assets = copies.len();
    let statics = static_files(dir)?;
    report.static_files = statics.len();
    copies.extend(statics);
    write_out(out, &files, &copies)?;
    check_new_site(out, &written, &mut report);
    let report_file = out.join("import-report.txt");
    fs::write(&report_file, report.text()).map_err(|e| {
        vec![Diagnostic::error(
            &report_file,
            0,
            0,
            "import",
            format!("cannot write: {e}"),
        )]
    })?;
    Ok(report)
}

/// `dir` must be a folder; `out` empty or absent, and neither `dir` nor inside it.
fn check_folders(dir: &Path, out: &Path) -> Result<(), Vec<Diagnostic>> {
    let err = |file: &Path, message: String, help: &str| {
        Err(vec![
            Diagnostic::error(file, 0, 0, "import", message).with_help(help),
        ])
    };
    if !dir.is_dir() {
        return err(
            dir,
            format!("{} is not a folder", dir.display()),
            "give the folder that holds the site's config and content/",
        );
    }
    if let Ok(mut entries) = fs::read_dir(out)
        && entries.next().is_some()
    {
        return err(
            out,
            format!("{} is not empty", out.display()),
            "import into a new or empty folder: taper import never overwrites",
        );
    }
    if out.exists() && !out.is_dir() {
        return err(
            out,
            format!("{} is a file", out.display()),
            "import into a new or empty folder",
        );
    }
    let dir_abs = fs::canonicalize(dir).unwrap_or_else(|_| dir.to_path_buf());
    let out_abs = absolute(out);
    if out_abs.starts_with(&dir_abs) {
        return err(
            out,
            format!(
                "{} is inside the site being imported ({})",
                out.display(),
                dir.display()
            ),
            "import into a folder outside it: taper import never writes into the source site",
        );
    }
    Ok(())
}

/// `path` made absolute through its nearest existing ancestor (it may not exist yet).
fn absolute(path: &Path) -> PathBuf {
    let mut rest = Vec::new();
    let mut p = path.to_path_buf();
    loop {
        if let Ok(c) = fs::canonicalize(&p) {
            let mut out = c;
            for r in rest.iter().rev() {
                out.push(r);
            }
            return out;
        }
        match (p.file_name().map(|n| n.to_os_string()), p.parent()) {
            (Some(n), Some(parent)) => {
                rest.push(n);
                p = if parent.as_os_str().is_empty() {
                    PathBuf::from(".")
                } else {
                    parent.to_path_buf()
                };
            }
            _ => return path.to_path_buf(),
        }
    }
}

fn base_path(base_url: Option<&str>) -> String {
    let url = base_url.unwrap_or("/");
    let after = url.split_once("://").map_or(url, |(_, r)| r);
    let path = match after.find('/') {
        Some(i) if url.contains("://") => &after[i..],
        None if url.contains("://") => "/",
        _ => after,
    };
    format!("/{}/", path.trim_matches('/')).replace("//", "/")
}

/// The other files of `DIR/content`: relative path in the new `content/` → the file to copy.
type Assets = BTreeMap<String, PathBuf>;

/// The Markdown files of `DIR/content` and the other files there, in path order.
fn walk(dir: &Path) -> Result<(Vec<Page>, Assets), Vec<Diagnostic>> {
    let content = dir.join("content");
    let mut pages = Vec::new();
    let mut assets = BTreeMap::new();
    let mut errors = Vec::new();
    if !content.is_dir() {
        return Ok((pages, assets));
    }
    let walker = walkdir::WalkDir::new(&content)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !e.file_name().to_string_lossy().starts_with('.'));
    for entry in walker {
        let entry = match entry {
            Ok(e) => e,
            Err(e) => {
                errors.push(Diagnostic::error(
                    e.path().unwrap_or(&content).to_path_buf(),
                    0,
                    0,
                    "import",
                    format!("cannot read: {e}"),
                ));
                continue;
            }
        };
        if !entry.file_type().is_file() {
            continue;
        }
        let path = entry.path();
        let rel = path
            .strip_prefix(&content)
            .unwrap_or(path)
            .to_string_lossy()
            .replace('\\', "/");
        let file = Path::new("content").join(&rel);
        if rel.ends_with(".md") {
            match fs::read_to_string(path) {
                Ok(text) => pages.push(Page {
                    target: target_of(&rel),
                    section: rel == "_index.md" || rel.ends_with("/_index.md"),
                    source: rel,
                    file,
                    text,
                }),
                Err(e) => errors.push(Diagnostic::error(
                    file,
                    0,
                    0,
                    "import",
                    format!("cannot read it as UTF-8 text: {e}"),
                )),
            }
        } else {
            assets.insert(rel, path.to_path_buf());
        }
    }
    if errors.is_empty() {
        Ok((pages, assets))
    } else {
        Err(errors)
    }
}

/// A page bundle's `x/index.md` becomes `x.md` (its files stay in `x/`, where the page's URL
/// finds them); the site's own `index.md`, if any, stays.
fn target_of(rel: &str) -> String {
    match rel.strip_suffix("/index.md") {
        Some(folder) => format!("{folder}.md"),
        None => rel.to_string(),
    }
}

/// The URL path of a page (below the base path): its folder and its slug or file stem, each
/// part slugified (as Zola and Taper both do, and as Hugo lower-cases them).
fn url_of(p: &Page, f: &front::Front) -> String {
    let stem = p.target.trim_end_matches(".md");
    let path = if p.section {
        stem.trim_end_matches("_index")
            .trim_end_matches('/')
            .to_string()
    } else {
        let slug = f.map.get("slug").and_then(Value::as_str);
        match (stem.rsplit_once('/'), slug) {
            (Some((folder, _)), Some(s)) => format!("{folder}/{s}"),
            (None, Some(s)) => s.to_string(),
            (_, None) => stem.to_string(),
        }
    };
    url_key(&path)
}

/// A URL path as the index keeps it: each part slugified, no slashes around.
fn url_key(path: &str) -> String {
    path.trim_matches('/')
        .split('/')
        .filter(|p| !p.is_empty())
        .map(crate::content::markdown::slugify)
        .collect::<Vec<_>>()
        .join("/")
}

/// Front matter in Taper's keys, in Taper's order; anything else under `extra:`.
fn map_front(
    kind: Kind,
    p: &Page,
    f: &front::Front,
    report: &mut Report,
) -> Vec<(&'static str, Value)> {
    let keys = match kind {
        Kind::Zola => &zola::KEYS,
        Kind::Hugo => &hugo::KEYS,
    };
    let mut map = f.map.clone();
    let mut out: Vec<(&'static str, Value)> = Vec::new();
    let mut extra = Map::new();
    let at = |key: &str| line_col(&p.text, f.key_offset(key));
    let leftover = |report: &mut Report, key: &str, message: String| {
        let (line, column) = at(key);
        report.leftover(&p.file, line, column, message);
    };

    let title = map.remove("title").and_then(|v| text(&v));
    out.push((
        "title",
        Value::String(title.unwrap_or_else(|| {
            report.mapped("(no title) → title from the file name");
            title_from(&p.target)
        })),
    ));
    for (taper, theirs) in keys.direct {
        for &key in *theirs {
            let Some(v) = map.remove(key) else { continue };
            let value = match *taper {
                "date" | "updated" => date(&v).map(Value::String).or_else(|| {
                    leftover(
                        report,
                        key,
                        format!(
                            "`{key}` is not a date Taper can read (YYYY-MM-DD); it was left out"
                        ),
                    );
                    None
                }),
                "weight" => v.as_i64().map(Value::from).or_else(|| {
                    leftover(
                        report,
                        key,
                        format!("`{key}` is not a whole number; it was left out"),
                    );
                    None
                }),
                "draft" => v.as_bool().map(Value::Bool),
                "slug" => text(&v).map(|s| {
                    if crate::plan::load::is_slug(&s) {
                        Value::String(s)
                    } else {
                        report.mapped("slug → slugified slug");
                        Value::String(slug::slugify(&s))
                    }
                }),
                _ => text(&v).map(Value::String),
            };
            if let Some(value) = value
                && !out.iter().any(|(k, _)| k == taper)
            {
                if key != *taper {
                    report.mapped(format!("{key} → {taper}"));
                }
                out.push((taper, value));
            }
        }
    }
    // Tags and other taxonomies.
    let mut tags: Vec<String> = Vec::new();
    let mut taxonomy =
        |name: &str, v: Value, report: &mut Report, extra: &mut Map<String, Value>| {
            if name == "tags" {
                tags.extend(list(&v));
                report.mapped(format!("{}tags → tags", keys.taxonomy_prefix));
            } else {
                report.mapped(format!("{}{name} → extra.{name}", keys.taxonomy_prefix));
                extra.insert(
                    name.to_string(),
                    Value::Array(list(&v).into_iter().map(Value::String).collect()),
                );
            }
        };
    if keys.taxonomy_prefix.is_empty() {
        for name in ["tags", "categories", "series"] {
            if let Some(v) = map.remove(name) {
                taxonomy(name, v, report, &mut extra);
            }
        }
    } else if let Some(Value::Object(t)) = map.remove("taxonomies") {
        for (name, v) in t {
            taxonomy(&name, v, report, &mut extra);
        }
    }
    if !tags.is_empty() {
        out.push((
            "tags",
            Value::Array(tags.into_iter().map(Value::String).collect()),
        ));
    }
    // Old URLs: aliases, and a page's own URL when it set one (`url`, `path`).
    let folder = p.target.rsplit_once('/').map_or("", |(d, _)| d);
    let mut aliases = Vec::new();
    if let Some(v) = map.remove("aliases") {
        for a in list(&v) {
            let a = if a.starts_with('/') || folder.is_empty() {
                format!("/{}", a.trim_start_matches('/'))
            } else {
                format!("/{folder}/{a}")
            };
            aliases.push(a);
        }
        report.mapped("aliases → aliases");
    }
    for &key in keys.own_url {
        if let Some(v) = map.remove(key).and_then(|v| text(&v)) {
            report.mapped(format!(
                "{key} → aliases (the old URL redirects to the new page)"
            ));
            aliases.push(format!("/{}", v.trim_start_matches('/')));
        }
    }
    let mut kept = Vec::new();
    for a in aliases {
        if crate::content::valid_alias(&a) {
            if !kept.contains(&a) {
                kept.push(a);
            }
        } else {
            leftover(
                report,
                "aliases",
                format!(
                    "the old URL `{a}` cannot be a Taper alias (letters, digits, `-`, `_`, `.` between slashes); it was left out"
                ),
            );
        }
    }
    if !kept.is_empty() {
        out.push((
            "aliases",
            Value::Array(kept.into_iter().map(Value::String).collect()),
        ));
    }
    // The generator's own data map, then everything else.
    if let Some(Value::Object(m)) = map.remove(keys.extra) {
        if !m.is_empty() {
            report.mapped(format!("{} → extra", keys.extra));
        }
        extra.extend(m);
    }
    for (key, v) in map {
        if let Some((_, why)) = keys.needs_a_human.iter().find(|(k, _)| *k == key) {
            leftover(
                report,
                &key,
                format!("`{key}`: {why}; kept as `extra.{key}`"),
            );
        } else {
            report.mapped(format!("{key} → extra.{key}"));
        }
        extra.insert(key, v);
    }
    if !extra.is_empty() {
        out.push(("extra", Value::Object(extra)));
    }
    out
}

/// A page's title made from its file name (`hill-repeats.md` → `Hill repeats`).
fn title_from(target: &str) -> String {
    let stem = target.trim_end_matches(".md");
    let stem = stem.trim_end_matches("/_index").trim_end_matches("_index");
    let name = stem.rsplit('/').next().unwrap_or(stem);
    let words = name.replace(['-', '_'], " ");
    let mut c = words.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => "Home".to_string(),
    }
}

fn text(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

fn list(v: &Value) -> Vec<String> {
    match v {
        Value::Array(a) => a.iter().filter_map(text).collect(),
        other => text(other).into_iter().collect(),
    }
}

/// `2024-01-02`, `2024-01-02T10:00:00Z`, `2024-01-02 10:00` → `2024-01-02`.
fn date(v: &Value) -> Option<String> {
    let s = v.as_str()?;
    let day = s.get(..10)?;
    crate::validate::parse_date(day).map(|_| day.to_string())
}

/// Markdown links and images to the site's own pages rewritten as `@/` links.
fn links(cx: &mut Cx, body_offset: usize, kind: Kind) -> Vec<Edit> {
    use pulldown_cmark::{Event, Options, Parser, Tag};
    let body = &cx.text[body_offset..];
    let mut edits = Vec::new();
    for (event, range) in Parser::new_ext(body, Options::all()).into_offset_iter() {
        let Event::Start(Tag::Link { dest_url, .. }) = event else {
            continue;
        };
        let dest = dest_url.to_string();
        let source = &body[range.clone()];
        let Some(at) = source.rfind(&format!("]({dest}")).map(|i| i + 2) else {
            continue;
        };
        let start = body_offset + range.start + at;
        let new = if let Some(path) = dest.strip_prefix("@/") {
            let (p, fragment) = match path.split_once('#') {
                Some((p, f)) => (p, Some(f)),
                None => (path, None),
            };
            match cx.index.by_source.get(p) {
                Some(t) if t == p => None,
                Some(t) => Some(match fragment {
                    Some(f) => format!("@/{t}#{f}"),
                    None => format!("@/{t}"),
                }),
                None => {
                    cx.leftover(start, format!("the link `{dest}` names no page of the site: point it at one, or remove it"));
                    None
                }
            }
        } else if dest.starts_with('/') || dest.starts_with("http") {
            cx.index.page_url(&dest)
        } else {
            None
        };
        if let Some(new) = new {
            cx.report.translated(match kind {
                Kind::Zola if dest.starts_with("@/") => {
                    "@/ link to a page bundle → @/ link to its page"
                }
                _ => "site URL of a page → @/ link",
            });
            edits.push(Edit {
                start,
                end: start + dest.len(),
                text: new,
            });
        }
    }
    edits
}

/// Where a run of a written page comes from: bytes from `out` on were copied from `src` on
/// (or, `edit`, all stand for the construct at `src`).
#[derive(Debug, Clone, Copy)]
struct Segment {
    out: usize,
    src: usize,
    edit: bool,
}

/// A written page and where its text comes from, to put what `taper check` says about it back
/// at the source's line and column.
struct Written {
    file: PathBuf,
    source: String,
    text: String,
    segments: Vec<Segment>,
}

impl Written {
    /// The source's (line, column) of the new page's `line`:`column`.
    fn source_position(&self, line: usize, column: usize) -> (usize, usize) {
        let start: usize = self
            .text
            .split_inclusive('\n')
            .take(line.saturating_sub(1))
            .map(str::len)
            .sum();
        let in_line = self.text[start.min(self.text.len())..]
            .char_indices()
            .nth(column.saturating_sub(1))
            .map_or(0, |(i, _)| i);
        let at = start + in_line;
        let src = match self.segments.iter().rev().find(|s| s.out <= at) {
            Some(s) if s.edit => s.src,
            Some(s) => s.src + (at - s.out),
            None => 0,
        };
        line_col(&self.source, src)
    }
}

/// `text` from `body_offset` on with `edits` applied, and where each run of it comes from; an
/// edit overlapping an earlier one is dropped (the shortcode passes come first and win).
fn apply(text: &str, body_offset: usize, edits: Vec<Edit>) -> (String, Vec<Segment>) {
    let mut segments = Vec::new();
    let mut out = String::new();
    let mut at = body_offset;
    let mut seen: Vec<(usize, usize)> = Vec::new();
    let mut kept = Vec::new();
    for e in edits {
        if seen.iter().any(|&(s, end)| e.start < end && s < e.end) || e.start < body_offset {
            continue;
        }
        seen.push((e.start, e.end));
        kept.push(e);
    }
    kept.sort();
    for e in kept {
        segments.push(Segment {
            out: out.len(),
            src: at,
            edit: false,
        });
        out.push_str(&text[at..e.start]);
        segments.push(Segment {
            out: out.len(),
            src: e.start,
            edit: true,
        });
        out.push_str(&e.text);
        at = e.end;
    }
    segments.push(Segment {
        out: out.len(),
        src: at,
        edit: false,
    });
    out.push_str(&text[at..]);
    (out, segments)
}

/// Checks the new site as `taper check` does and adds what it finds to the report, at the
/// source's position where the new file is a page (else at the new file, saying so).
fn check_new_site(out: &Path, written: &BTreeMap<PathBuf, Written>, report: &mut Report) {
    let checked = crate::check::check(out, &crate::site::Options::default(), false);
    for d in checked.diagnostics {
        let mut message = format!("taper check: {}", d.message);
        if let Some(h) = &d.help {
            message.push_str(&format!(" ({h})"));
        }
        match written.get(&d.file) {
            Some(w) => {
                let (line, column) = w.source_position(d.line, d.column);
                report.leftover(&w.file, line, column, message);
            }
            None => report.leftover(
                &d.file,
                d.line.max(1),
                d.column.max(1),
                format!("in the new site: {message}"),
            ),
        }
    }
}

/// site.yaml from the site's settings.
fn site_yaml(c: &SiteConfig, config_file: &Path, report: &mut Report) -> String {
    let mut entries: Vec<(&str, Value)> = vec![(
        "title",
        Value::String(c.title.clone().unwrap_or_else(|| {
            report.leftover(
                config_file,
                1,
                1,
                "the site has no title: site.yaml says `Imported site`; write yours",
            );
            "Imported site".to_string()
        })),
    )];
    if let Some(u) = &c.base_url
        && (u.starts_with("http://") || u.starts_with("https://") || u.starts_with('/'))
    {
        entries.push(("base_url", Value::String(u.clone())));
    }
    for (k, v) in [("description", &c.description), ("author", &c.author)] {
        if let Some(v) = v {
            entries.push((k, Value::String(v.clone())));
        }
    }
    if let Some(l) = &c.language
        && !l.is_empty()
        && l.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
    {
        entries.push(("language", Value::String(l.clone())));
    }
    if let Some(n) = c.paginate.filter(|n| *n > 0) {
        entries.push(("paginate", Value::from(n)));
    }
    let mut out = front::yaml(&entries);
    if !c.menu.is_empty() {
        out.push_str("menu:\n");
        for (name, url) in &c.menu {
            out.push_str(&format!(
                "  - {{ name: {}, url: {} }}\n",
                Value::String(name.clone()),
                Value::String(url.clone())
            ));
        }
    }
    if !c.extra.is_empty() {
        out.push_str(&front::yaml(&[("extra", Value::Object(c.extra.clone()))]));
    }
    out
}

/// The files of `DIR/static`: (path in the new site, file to copy).
fn static_files(dir: &Path) -> Result<Vec<(PathBuf, PathBuf)>, Vec<Diagnostic>> {
    let root = dir.join("static");
    if !root.is_dir() {
        return Ok(Vec::new());
    }
    let mut out = Vec::new();
    for entry in walkdir::WalkDir::new(&root).sort_by_file_name() {
        let entry = entry.map_err(|e| {
            vec![Diagnostic::error(
                e.path().unwrap_or(&root).to_path_buf(),
                0,
                0,
                "import",
                format!("cannot read: {e}"),
            )]
        })?;
        if entry.file_type().is_file() {
            let rel = entry.path().strip_prefix(dir).unwrap_or(entry.path());
            out.push((rel.to_path_buf(), entry.path().to_path_buf()));
        }
    }
    Ok(out)
}

/// Writes `files` and copies `copies` into `out` (created).
fn write_out(
    out: &Path,
    files: &BTreeMap<PathBuf, Vec<u8>>,
    copies: &[(PathBuf, PathBuf)],
) -> Result<(), Vec<Diagnostic>> {
    let fail = |p: &Path, e: std::io::Error| {
        vec![Diagnostic::error(
            p,
            0,
            0,
            "import",
            format!("cannot write: {e}"),
        )]
    };
    let ensure = |p: &Path| -> Result<(), Vec<Diagnostic>> {
        if let Some(parent) = p.parent() {
            fs::create_dir_all(parent).map_err(|e| fail(parent, e))?;
        }
        Ok(())
    };
    fs::create_dir_all(out).map_err(|e| fail(out, e))?;
    for (rel, bytes) in files {
        let p = out.join(rel);
        ensure(&p)?;
        fs::write(&p, bytes).map_err(|e| fail(&p, e))?;
    }
    for (rel, from) in copies {
        let p = out.join(rel);
        ensure(&p)?;
        fs::copy(from, &p).map_err(|e| fail(from, e))?;
    }
    Ok(())
}

/// What a generator calls the keys Taper has, and which of its other keys need a human.
pub(crate) struct Keys {
    /// Taper's key → the generator's names for it, first found wins.
    direct: &'static [(&'static str, &'static [&'static str])],
    /// `taxonomies.` (Zola: a table of them) or `` (Hugo: top-level `tags`, `categories`).
    taxonomy_prefix: &'static str,
    /// The generator's map of a page's own data (`extra`, `params`).
    extra: &'static str,
    /// Keys that set the page's URL: kept as an alias.
    own_url: &'static [&'static str],
    /// Keys kept under `extra:` that Taper does nothing with, and why a human should look.
    needs_a_human: &'static [(&'static str, &'static str)],
}

/// Finds the `{{`-style or `{%`-style tags of one generator's shortcodes in `body` outside
/// code, and code ranges: shared by both passes.
pub(crate) fn code_ranges(body: &str) -> Vec<(usize, usize)> {
    use pulldown_cmark::{Event, Options, Parser, Tag};
    let mut ranges = Vec::new();
    for (event, range) in Parser::new_ext(body, Options::all()).into_offset_iter() {
        if let Event::Start(Tag::CodeBlock(_)) | Event::Code(_) = event {
            ranges.push((range.start, range.end));
        }
    }
    ranges
}

/// A shortcode Taper has no template for, at `offset`: kept as a call, a placeholder template
/// written for it, and a line in the report.
fn unknown_shortcode(
    cx: &mut Cx,
    offset: usize,
    name: &str,
    args: impl Iterator<Item = String>,
    from: &str,
) {
    cx.needs_template
        .entry(name.to_string())
        .or_default()
        .extend(args);
    cx.leftover(
        offset,
        format!("shortcode `{name}`: Taper has no such shortcode; write templates/shortcodes/{name}.html (a placeholder that shows nothing was written there; the {from} site's arguments arrive as `args.<name>`)"),
    );
}

/// Markdown images for the image files in a page's folder (a gallery), in name order.
fn gallery(cx: &Cx) -> Option<String> {
    let names = cx.index.assets.get(&cx.folder)?;
    let images: Vec<String> = names
        .iter()
        .filter(|n| {
            let l = n.to_ascii_lowercase();
            [".jpg", ".jpeg", ".png", ".gif", ".webp", ".avif", ".svg"]
                .iter()
                .any(|e| l.ends_with(e))
        })
        .map(|n| format!("![]({n})"))
        .collect();
    (!images.is_empty()).then(|| images.join("\n"))
}

/// A Markdown image with its caption as the title (`![alt](src "caption")`).
fn image(src: &str, alt: &str, caption: &str) -> String {
    let alt = alt.replace(['[', ']'], "");
    let src = if src.contains(' ') {
        format!("<{src}>")
    } else {
        src.to_string()
    };
    if caption.is_empty() {
        format!("![{alt}]({src})")
    } else {
        format!("![{alt}]({src} \"{}\")", caption.replace('"', "&quot;"))
    }
}

/// The config keys left in `map` once the others are mapped: each of `needs_a_human` (key,
/// why) a line for a person at its place in `file`, every other key reported as not used.
pub(super) fn unused_config(
    mut map: Map<String, Value>,
    needs_a_human: &[(&str, &str)],
    file: &Path,
    name: &str,
    at: impl Fn(&str) -> (usize, usize),
    report: &mut Report,
) {
    for (key, why) in needs_a_human {
        if map.remove(*key).is_some() {
            let (line, column) = at(key);
            report.leftover(file, line, column, format!("`{key}`: {why}"));
        }
    }
    for key in map.keys() {
        report.mapped(format!("{name}: {key} → (not used by Taper)"));
    }
}

/// The first of `names` that `dir` has, read: its name, its path (relative, for
/// diagnostics) and its text; else `missing`.
fn read_config<'n>(
    dir: &Path,
    names: &[&'n str],
    missing: Diagnostic,
) -> Result<(&'n str, PathBuf, String), Vec<Diagnostic>> {
    let Some(&name) = names.iter().find(|n| dir.join(n).is_file()) else {
        return Err(vec![missing]);
    };
    let file = PathBuf::from(name);
    let text = std::fs::read_to_string(dir.join(name)).map_err(|e| {
        vec![Diagnostic::error(
            &file,
            0,
            0,
            "import",
            format!("cannot read it: {e}"),
        )]
    })?;
    Ok((name, file, text))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bundles_become_pages_beside_their_files() {
        assert_eq!(target_of("posts/trip/index.md"), "posts/trip.md");
        assert_eq!(target_of("posts/_index.md"), "posts/_index.md");
        assert_eq!(target_of("index.md"), "index.md");
    }

    #[test]
    fn refs_resolve_like_hugo() {
        let mut i = Index::default();
        for (s, t) in [
            ("posts/a.md", "posts/a.md"),
            ("posts/trip/index.md", "posts/trip.md"),
            ("docs/_index.md", "docs/_index.md"),
        ] {
            i.by_source.insert(s.into(), t.into());
        }
        assert_eq!(i.resolve("posts/a.md"), Some("posts/a.md"));
        assert_eq!(i.resolve("/posts/a"), Some("posts/a.md"));
        assert_eq!(i.resolve("a.md"), Some("posts/a.md"));
        assert_eq!(i.resolve("trip"), Some("posts/trip.md"));
        assert_eq!(i.resolve("docs"), Some("docs/_index.md"));
        assert_eq!(i.resolve("nope"), None);
    }

    #[test]
    fn site_urls_of_pages_become_at_links() {
        let mut i = Index {
            base_path: "/blog/".into(),
            base_url: Some("https://example.org/blog/".into()),
            ..Index::default()
        };
        i.by_url.insert("posts/a".into(), "posts/a.md".into());
        assert_eq!(
            i.page_url("/blog/posts/a/").as_deref(),
            Some("@/posts/a.md")
        );
        assert_eq!(
            i.page_url("https://example.org/blog/posts/a#x").as_deref(),
            Some("@/posts/a.md#x")
        );
        assert_eq!(i.page_url("/blog/posts/b/"), None);
        assert_eq!(i.page_url("/other/posts/a/"), None);
        assert_eq!(i.page_url("/blog/posts/a/photo.jpg"), None);
    }

    #[test]
    fn base_paths() {
        assert_eq!(base_path(Some("https://example.org")), "/");
        assert_eq!(base_path(Some("https://example.org/blog")), "/blog/");
        assert_eq!(base_path(None), "/");
    }

    #[test]
    fn edits_apply_in_order_and_never_overlap() {
        let t = "---\n---\nab cd ef";
        let e = |s, e, t: &str| Edit {
            start: s,
            end: e,
            text: t.into(),
        };
        let (text, segments) = apply(t, 8, vec![e(14, 16, "EF"), e(8, 10, "AB"), e(9, 12, "no")]);
        assert_eq!(text, "AB cd EF");
        let w = Written {
            file: "a.md".into(),
            source: t.into(),
            text: format!("---\n---\n{text}"),
            segments: segments
                .into_iter()
                .map(|s| Segment {
                    out: s.out + 8,
                    ..s
                })
                .collect(),
        };
        assert_eq!(w.source_position(3, 4), (3, 4), "`cd` is where it was");
        assert_eq!(
            w.source_position(3, 8),
            (3, 7),
            "`F` of `EF` is the edit's start"
        );
    }
}
