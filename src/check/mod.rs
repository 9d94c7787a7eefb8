//! `taper check`: everything a build would validate, plus every internal link and `#anchor`
//! in every rendered page, without writing anything.
//!
//! The site is loaded and rendered ([`Site::render_each`]); each page is scanned for links
//! ([`html`]) as it is rendered and then dropped, so only links and anchors are kept. Every
//! link that stays on the site must reach a page, asset or file of the output, and its
//! `#anchor` an `id` on that page. Unacknowledged recovery
//! findings of severity caution or warning are reported as warnings. External links are only
//! listed (no network). Printing and exit codes are the binary's business.

pub mod html;

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::{Path, PathBuf};

use crate::diagnostic::{Diagnostic, suggest};
use crate::plan::analysis::Severity as FindingSeverity;
use crate::render::EMBEDDED;
use crate::site::{Options, OutputFile, Site};

/// What the link check keeps of a rendered file: where it goes, what it was made from, and
/// for a page, its links and anchors.
struct Scanned {
    path: String,
    source: PathBuf,
    scan: Option<html::Scan>,
}

/// A link that leaves the site, and where it is written.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct ExternalLink {
    /// The URL as written.
    pub url: String,
    /// The file to look in.
    pub file: PathBuf,
    /// 1-based line, 0 when unknown.
    pub line: usize,
    /// 1-based column, 0 when unknown.
    pub column: usize,
}

/// What `taper check` found.
#[derive(Debug, Default)]
pub struct Report {
    /// Errors and warnings, in file order.
    pub diagnostics: Vec<Diagnostic>,
    /// Links to other sites (only with `external`).
    pub external: Vec<ExternalLink>,
    /// Pages checked.
    pub pages: usize,
    /// Internal links checked.
    pub links: usize,
}

impl Report {
    /// Errors found.
    pub fn errors(&self) -> usize {
        self.diagnostics.iter().filter(|d| d.is_error()).count()
    }

    /// Warnings found.
    pub fn warnings(&self) -> usize {
        self.diagnostics.len() - self.errors()
    }
}

/// Checks the site in `root`. `external` collects links to other sites as well.
pub fn check(root: &Path, options: &Options, external: bool) -> Report {
    let site = match Site::load(root, options) {
        Ok(s) => s,
        Err(diagnostics) => {
            return Report {
                diagnostics,
                ..Report::default()
            };
        }
    };
    let mut report = Report {
        diagnostics: site.warnings.clone(),
        ..Report::default()
    };
    report.diagnostics.extend(findings(&site));
    report.diagnostics.extend(crate::images::without_alt(&site));
    let scanned = std::sync::Mutex::new(Vec::new());
    let each = |f: &OutputFile| -> Result<(), Diagnostic> {
        let scan = f
            .path
            .ends_with(".html")
            .then(|| html::scan(&String::from_utf8_lossy(&f.bytes)));
        let s = Scanned {
            path: f.path.clone(),
            source: f.source.clone(),
            scan,
        };
        scanned
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .push(s);
        Ok(())
    };
    match site.render_each(&each) {
        Ok(()) => {
            let mut files = scanned.into_inner().unwrap_or_else(|e| e.into_inner());
            // Pages arrive in render order, which threads decide: check them in output order.
            files.sort_by(|a, b| a.path.cmp(&b.path));
            links(&site, &files, external, &mut report);
        }
        Err(d) => report.diagnostics.extend(d),
    }
    report
        .diagnostics
        .sort_by(|a, b| (&a.file, a.line, a.column).cmp(&(&b.file, b.line, b.column)));
    report.external.sort();
    report.external.dedup();
    report
}

/// Recovery findings worth a look before publishing: caution and warning, not acknowledged.
pub fn findings(site: &Site) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for entry in &site.plans {
        let plan = &entry.plan;
        for f in &entry.analysis.findings {
            if f.severity < FindingSeverity::Caution || f.acknowledged.is_some() {
                continue;
            }
            let week = f.week.checked_sub(1).and_then(|i| plan.weeks.get(i));
            // A week or day a variant inherits is written in its base's file.
            let (pos, origin) = match (week, f.weekday) {
                (Some(w), Some(d)) => w
                    .days
                    .get(d)
                    .map_or((w.pos, &w.origin), |day| (day.pos, &day.origin)),
                (Some(w), None) => (w.pos, &w.origin),
                (None, _) => (Default::default(), &None),
            };
            let file = origin.as_ref().unwrap_or(&plan.source);
            let used_by = match origin {
                Some(_) => format!(", used by variant `{}`", plan.id),
                None => String::new(),
            };
            let source = std::fs::read_to_string(site.root.join(file)).unwrap_or_default();
            out.push(
                Diagnostic::warning(
                    file,
                    pos.line,
                    pos.column,
                    f.code.as_str(),
                    format!(
                        "{} ({}, week {}{used_by})",
                        f.message,
                        f.severity.name(),
                        f.week
                    ),
                )
                .with_help(match origin {
                    None => format!(
                        "change the plan, or acknowledge it on purpose with `ack: [{}]` on the week or session",
                        f.code
                    ),
                    Some(_) => format!(
                        "change the base, or the week in {}: `weeks: {{ {}: {{ ack: [{}] }} }}`",
                        plan.source.display(),
                        f.week,
                        f.code
                    ),
                })
                .with_source(&source),
            );
        }
    }
    out
}

/// Where a link points once resolved against its page.
enum Resolved {
    /// A path inside the output (no leading `/`, percent-decoded) and the anchor, if any.
    Internal(String, Option<String>),
    /// Another site.
    External,
    /// `mailto:`, `tel:`, `data:`, `javascript:`: nothing to check.
    Other,
    /// A site-absolute path outside `base_path`, or `..` above the root.
    Outside,
}

fn resolve(link: &str, page: &str, base_url: &str, base_path: &str) -> Resolved {
    let link = link.trim();
    let (link, anchor) = match link.split_once('#') {
        Some((l, a)) => (l, Some(a.to_string())),
        None => (link, None),
    };
    let link = link.split(['?']).next().unwrap_or("");
    let lower = link.to_ascii_lowercase();
    let path = if lower.starts_with("http://")
        || lower.starts_with("https://")
        || link.starts_with("//")
    {
        let base_no_scheme = base_url.split_once("://").map_or(base_url, |(_, r)| r);
        let link_no_scheme = link.split_once("//").map_or(link, |(_, r)| r);
        match link_no_scheme.strip_prefix(base_no_scheme) {
            Some(rest) if base_no_scheme.contains('.') || base_no_scheme.contains(':') => {
                format!("{base_path}{rest}")
            }
            _ => {
                // The host alone without the trailing slash is the home page too.
                if format!("{link_no_scheme}/") == base_no_scheme {
                    base_path.to_string()
                } else {
                    return Resolved::External;
                }
            }
        }
    } else if link.contains(':') && !link.starts_with('/') && !link.starts_with('.') {
        let scheme_end = link.find(':').unwrap_or(0);
        if link[..scheme_end]
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '+' || c == '-' || c == '.')
        {
            return Resolved::Other;
        }
        link.to_string()
    } else {
        link.to_string()
    };
    let joined = if path.is_empty() {
        // `#anchor` alone, or `?query`: this page.
        return Resolved::Internal(page.to_string(), anchor);
    } else if let Some(abs) = path.strip_prefix('/') {
        match format!("/{abs}").strip_prefix(base_path) {
            Some(rest) => rest.to_string(),
            None if format!("/{abs}/") == base_path => String::new(),
            None => return Resolved::Outside,
        }
    } else {
        let dir = page.rsplit_once('/').map_or("", |(d, _)| d);
        if dir.is_empty() {
            path
        } else {
            format!("{dir}/{path}")
        }
    };
    let mut parts: Vec<String> = Vec::new();
    let trailing = joined.ends_with('/') || joined.is_empty();
    for seg in joined.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                if parts.pop().is_none() {
                    return Resolved::Outside;
                }
            }
            s => parts.push(percent_decode(s)),
        }
    }
    let mut p = parts.join("/");
    if trailing && !p.is_empty() {
        p.push('/');
    }
    Resolved::Internal(p, anchor.map(|a| percent_decode(&a)))
}

fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%'
            && let Some(v) = s
                .get(i + 1..i + 3)
                .and_then(|h| u8::from_str_radix(h, 16).ok())
        {
            out.push(v);
            i += 3;
            continue;
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// Finds where `needle` is written in `text`: (line, column), 1-based.
fn locate(text: &str, needle: &str) -> Option<(usize, usize)> {
    if needle.is_empty() {
        return None;
    }
    let at = text.find(needle)?;
    let before = &text[..at];
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    Some((line, column))
}

fn links(site: &Site, files: &[Scanned], external: bool, report: &mut Report) {
    let base_url = site.config.base_url.clone();
    let base_path = site.config.base_path();
    let mut ids: HashMap<&str, BTreeSet<&str>> = HashMap::new();
    let mut scans = Vec::new();
    for f in files {
        if let Some(s) = &f.scan {
            ids.insert(f.path.as_str(), s.ids.iter().map(String::as_str).collect());
            scans.push((f, s));
        }
    }
    let mut exists: BTreeSet<&str> = files.iter().map(|f| f.path.as_str()).collect();
    exists.extend(site.assets.iter().map(|(_, dest)| dest.as_str()));
    let page_urls: Vec<String> = files
        .iter()
        .filter_map(|f| f.path.strip_suffix("index.html"))
        .map(|p| format!("{base_path}{p}"))
        .collect();
    let mut sources: BTreeMap<PathBuf, String> = BTreeMap::new();
    let mut seen: BTreeSet<(PathBuf, String)> = BTreeSet::new();
    report.pages = scans.len();
    for (file, scan) in &scans {
        for link in &scan.links {
            let (target, anchor) = match resolve(link, &file.path, &base_url, &base_path) {
                Resolved::Other => continue,
                Resolved::External => {
                    if external {
                        let (line, column) =
                            position(site, &mut sources, &file.source, link, &base_path);
                        report.external.push(ExternalLink {
                            url: link.clone(),
                            file: file.source.clone(),
                            line,
                            column,
                        });
                    }
                    continue;
                }
                Resolved::Outside => {
                    if seen.insert((file.source.clone(), link.clone())) {
                        let (line, column) =
                            position(site, &mut sources, &file.source, link, &base_path);
                        report.diagnostics.push(
                            Diagnostic::error(
                                &file.source,
                                line,
                                column,
                                "broken-link",
                                format!("`{link}` on {} points outside the site", page_name(&file.path)),
                            )
                            .with_help(format!(
                                "site links start with the base path `{base_path}`; write `/posts/x/` in Markdown and Taper adds it"
                            ))
                            .with_source(sources.get(&file.source).map_or("", String::as_str)),
                        );
                    }
                    continue;
                }
                Resolved::Internal(t, a) => (t, a),
            };
            report.links += 1;
            let found = [
                target.clone(),
                format!("{target}index.html"),
                format!("{target}/index.html"),
            ]
            .into_iter()
            .find(|c| !c.is_empty() && !c.ends_with('/') && exists.contains(c.as_str()));
            let problem = match (&found, &anchor) {
                (None, _) => Some((
                    "broken-link",
                    format!(
                        "`{link}` on {}: no such page or file",
                        page_name(&file.path)
                    ),
                    suggest(
                        &format!("{base_path}{target}"),
                        page_urls.iter().map(String::as_str),
                    )
                    .map(|s| format!("did you mean `{s}`?")),
                )),
                (Some(t), Some(a)) if !a.is_empty() && t.ends_with(".html") => {
                    let known = ids.get(t.as_str());
                    if known.is_some_and(|k| k.contains(a.as_str())) {
                        None
                    } else {
                        let hint = known.and_then(|k| suggest(a, k.iter().copied()));
                        Some((
                            "broken-anchor",
                            format!(
                                "`{link}` on {}: {} has no `id=\"{a}\"`",
                                page_name(&file.path),
                                page_name(t)
                            ),
                            Some(match hint {
                                Some(h) => format!("did you mean `#{h}`?"),
                                None => {
                                    "headings get ids from their text: `## Why rest` → `#why-rest`"
                                        .to_string()
                                }
                            }),
                        ))
                    }
                }
                _ => None,
            };
            if let Some((code, message, help)) = problem
                && seen.insert((file.source.clone(), link.clone()))
            {
                let (line, column) = position(site, &mut sources, &file.source, link, &base_path);
                let mut d = Diagnostic::error(&file.source, line, column, code, message);
                d.help = help;
                let d = d.with_source(sources.get(&file.source).map_or("", String::as_str));
                report.diagnostics.push(d);
            }
        }
    }
}

fn page_name(path: &str) -> String {
    match path.strip_suffix("index.html") {
        Some(p) => format!("/{p}"),
        None => format!("/{path}"),
    }
}

/// Where `link` is written in `source` (an article, plan or template), as best we can tell:
/// Markdown links are written without the base path, template links with `{{ … }}`.
fn position(
    site: &Site,
    sources: &mut BTreeMap<PathBuf, String>,
    source: &Path,
    link: &str,
    base_path: &str,
) -> (usize, usize) {
    let text = sources.entry(source.to_path_buf()).or_insert_with(|| {
        let display = source.to_string_lossy();
        match display.strip_prefix("(built-in) templates/") {
            Some(name) => EMBEDDED
                .iter()
                .find(|(n, _)| *n == name)
                .map(|(_, t)| t.to_string())
                .unwrap_or_default(),
            None => std::fs::read_to_string(site.root.join(source)).unwrap_or_default(),
        }
    });
    let mut needles = vec![format!("({link}"), format!("\"{link}\""), link.to_string()];
    if let Some(rest) = link.strip_prefix(base_path)
        && base_path != "/"
    {
        needles.push(format!("(/{rest}"));
        needles.push(format!("/{rest}"));
    }
    if let Some((_, anchor)) = link.split_once('#') {
        needles.push(format!("#{anchor}"));
    }
    for n in &needles {
        if let Some((line, column)) = locate(text, n) {
            // Point at the link, not at the `(` or `"` found in front of it.
            let skip = usize::from(n.starts_with(['(', '"']));
            return (line, column + skip);
        }
    }
    (0, 0)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn internal(link: &str, page: &str) -> Option<(String, Option<String>)> {
        match resolve(link, page, "https://example.org/coach/", "/coach/") {
            Resolved::Internal(p, a) => Some((p, a)),
            _ => None,
        }
    }

    #[test]
    fn resolves_links_against_the_page_and_base_path() {
        let page = "posts/a/index.html";
        assert_eq!(
            internal("/coach/posts/b/", page),
            Some(("posts/b/".into(), None))
        );
        assert_eq!(
            internal("/coach/posts/b/#why-rest", page),
            Some(("posts/b/".into(), Some("why-rest".into())))
        );
        assert_eq!(
            internal("#top", page),
            Some((page.into(), Some("top".into())))
        );
        assert_eq!(internal("../b/", page), Some(("posts/b/".into(), None)));
        assert_eq!(
            internal("img.png", page),
            Some(("posts/a/img.png".into(), None))
        );
        assert_eq!(
            internal("https://example.org/coach/plans/", page),
            Some(("plans/".into(), None))
        );
        assert_eq!(internal("/coach/", page), Some(("".into(), None)));
        assert!(matches!(
            resolve("/posts/b/", page, "https://example.org/coach/", "/coach/"),
            Resolved::Outside
        ));
        assert!(matches!(
            resolve(
                "https://other.org/x",
                page,
                "https://example.org/coach/",
                "/coach/"
            ),
            Resolved::External
        ));
        assert!(matches!(
            resolve(
                "mailto:coach@example.org",
                page,
                "https://example.org/",
                "/"
            ),
            Resolved::Other
        ));
    }

    #[test]
    fn locates_a_link_in_its_source() {
        let text = "---\ntitle: x\n---\nSee [this](/posts/nope/).\n";
        assert_eq!(locate(text, "(/posts/nope/"), Some((4, 11)));
    }
}
