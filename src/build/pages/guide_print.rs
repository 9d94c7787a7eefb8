//! A guide on one page (`<guide>/print/index.html`, through `guide_print.html`): every page in
//! reading order as a chapter, for reading offline or printing (mdBook's `print.html`).
//!
//! Chapter `k` has the id `c<k>` and every id inside it becomes `c<k>-<id>` (headings,
//! footnotes, the anchors of an embedded plan), so no two chapters share one; links inside a
//! chapter to its own anchors follow, and links to a page of the guide (with or without a
//! fragment) point at that chapter on this page instead.

use std::collections::HashMap;

use serde::Serialize;

use crate::build::Ctx;
use crate::build::keys::{self, Digests};
use crate::content::guide::{Entry, Guide};
use crate::diagnostic::Diagnostic;
use crate::render::meta::{Kind, PageMeta};
use crate::site::OutputFile;

use super::guide::{guide_view, link};

/// One page of the guide on the print page.
#[derive(Serialize)]
struct Chapter {
    /// The chapter's id (`c3`).
    id: String,
    title: String,
    /// Where the page is on the site.
    url: String,
    /// 1 for the top section, 2 for what is in it, …
    depth: usize,
    /// The page's HTML, ids prefixed and links rewritten.
    content: String,
}

/// The print page of the guide whose top section is `si`.
pub(crate) fn render(cx: &Ctx, si: usize) -> Result<Vec<OutputFile>, Diagnostic> {
    let Some((g, _)) = cx.shared.guides.section(si) else {
        return Ok(Vec::new());
    };
    let site = cx.view();
    let top = &cx.site.sections[g.section];
    let mut chapters_of: HashMap<String, usize> = HashMap::new();
    for (k, &e) in g.order.iter().enumerate() {
        let url = link(cx, e).url;
        chapters_of.insert(site.absolute(&url), k);
        chapters_of.insert(url, k);
    }
    let mut shows_plan = false;
    let chapters: Vec<Chapter> = g
        .order
        .iter()
        .enumerate()
        .map(|(k, &e)| {
            let l = link(cx, e);
            let (html, depth) = match e {
                Entry::Page(a) => (
                    cx.body(&cx.site.articles[a]),
                    cx.site
                        .sections
                        .iter()
                        .position(|s| s.pages.contains(&a))
                        .map_or(1, |s| depth_of(cx, g, s) + 1),
                ),
                Entry::Section(s) => (
                    cx.site.sections[s].intro.as_ref().and_then(|i| cx.body(i)),
                    depth_of(cx, g, s),
                ),
            };
            shows_plan |= html.is_some_and(|r| r.shows_plan);
            Chapter {
                id: format!("c{k}"),
                content: for_print(
                    html.map_or("", |r| &r.html),
                    &format!("c{k}-"),
                    &l.url,
                    &chapters_of,
                ),
                title: l.title,
                url: l.url,
                depth,
            }
        })
        .collect();
    let mut c = cx.base();
    c.insert("guide", &guide_view(cx, g, None));
    c.insert("chapters", &chapters);
    c.insert("shows_plan", &shows_plan);
    // The canonical page of the guide on one page is the guide's own first page.
    let title = format!("{}, the whole guide", top.title);
    let meta = PageMeta::of_list(
        cx.view(),
        &cx.site.config,
        Kind::Other,
        &title,
        &format!("{}/index.html", top.path),
    );
    c.insert("meta", &meta);
    let source = match &top.intro {
        Some(i) => i.source.clone(),
        None => cx.template("guide_print.html"),
    };
    cx.render(
        "guide_print.html",
        &c,
        &format!("{}/print/index.html", top.path),
        source,
    )
}

/// How deep section `si` is below the guide's top section (the top is 1).
fn depth_of(cx: &Ctx, g: &Guide, mut si: usize) -> usize {
    let mut d = 1;
    while si != g.section {
        match cx.site.sections[si].parent {
            Some(p) => si = p,
            None => break,
        }
        d += 1;
    }
    d
}

/// Attributes that hold ids (or lists of ids) to prefix.
const ID_ATTRS: &[&str] = &[
    "id",
    "for",
    "aria-labelledby",
    "aria-describedby",
    "aria-controls",
    "headers",
];

/// `html` with every id given `prefix`, in-page links following, and links to pages in
/// `chapters` (site-relative or absolute URL → chapter number) made links to their chapter.
/// Reads the attributes Taper's Markdown and templates write: `name="value"`, double quotes.
pub(crate) fn for_print(
    html: &str,
    prefix: &str,
    page_url: &str,
    chapters: &HashMap<String, usize>,
) -> String {
    let mut out = String::with_capacity(html.len() + html.len() / 8);
    let mut rest = html;
    while let Some(eq) = rest.find("=\"") {
        let name_start = rest[..eq]
            .rfind(|c: char| c.is_ascii_whitespace())
            .map_or(eq, |i| i + 1);
        let name = &rest[name_start..eq];
        let value_start = eq + 2;
        let Some(len) = rest[value_start..].find('"') else {
            break;
        };
        let value = &rest[value_start..value_start + len];
        out.push_str(&rest[..value_start]);
        if ID_ATTRS.contains(&name) {
            let ids: Vec<String> = value
                .split_ascii_whitespace()
                .map(|id| format!("{prefix}{id}"))
                .collect();
            out.push_str(&ids.join(" "));
        } else if name == "href" {
            out.push_str(&print_href(&from_page(value, page_url), prefix, chapters));
        } else if name == "src" {
            out.push_str(&from_page(value, page_url));
        } else {
            out.push_str(value);
        }
        rest = &rest[value_start + len..];
    }
    out.push_str(rest);
    out
}

/// A relative URL (`photo.png`, `../x/`) as written on the page at `page_url`, made
/// site-relative, since the print page is elsewhere.
fn from_page(url: &str, page_url: &str) -> String {
    let absolute = url.starts_with(['/', '#', '?']) || url.contains(':') || url.is_empty();
    if absolute {
        url.to_string()
    } else {
        format!("{page_url}{url}")
    }
}

fn print_href(href: &str, prefix: &str, chapters: &HashMap<String, usize>) -> String {
    if let Some(fragment) = href.strip_prefix('#') {
        return format!("#{prefix}{fragment}");
    }
    let (page, fragment) = href.split_once('#').unwrap_or((href, ""));
    match chapters.get(page) {
        Some(k) if fragment.is_empty() => format!("#c{k}"),
        Some(k) => format!("#c{k}-{fragment}"),
        None => href.to_string(),
    }
}

/// The print page reads the guide's pages in reading order and every body in it.
pub(crate) fn key(cx: &Ctx, d: &Digests, si: usize) -> u64 {
    let bodies: Vec<u64> = cx
        .shared
        .guides
        .section(si)
        .map(|(g, _)| {
            g.order
                .iter()
                .map(|e| match *e {
                    Entry::Page(a) => d.body(&cx.site.articles[a]),
                    Entry::Section(s) => {
                        cx.site.sections[s].intro.as_ref().map_or(0, |i| d.body(i))
                    }
                })
                .collect()
        })
        .unwrap_or_default();
    keys::key(
        "guide print",
        (d.base, d.plans, d.guide_of_section(cx, si), bodies),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_prefixed_and_links_stay_on_the_page() {
        let chapters: HashMap<String, usize> = [("/g/a/".to_string(), 4)].into_iter().collect();
        let html = r##"<h2 id="why">Why <a class="anchor" href="#why">#</a></h2><p><img src="p.png" alt=""><a href="/g/a/">a</a> <a href="/g/a/#x">ax</a> <a href="/plans/p/">plan</a> <label for="q">q</label><div aria-labelledby="t u"></div><a href="https://e.org/">e</a></p>"##;
        let out = for_print(html, "c2-", "/g/b/", &chapters);
        assert_eq!(
            out,
            r##"<h2 id="c2-why">Why <a class="anchor" href="#c2-why">#</a></h2><p><img src="/g/b/p.png" alt=""><a href="#c4">a</a> <a href="#c4-x">ax</a> <a href="/plans/p/">plan</a> <label for="c2-q">q</label><div aria-labelledby="c2-t c2-u"></div><a href="https://e.org/">e</a></p>"##
        );
    }
}
