//! The pages of a guide (`layout: guide`): its articles' pages and its sections' pages, all
//! through `guide.html`, with the guide's whole tree as a sidebar (the current page marked,
//! its branch open), "On this page", and previous / next in the guide's reading order.

use serde::Serialize;

use crate::build::Ctx;
use crate::content::guide::{Entry, Guide, Node};
use crate::content::{Article, markdown};
use crate::diagnostic::Diagnostic;
use crate::render::meta::{Kind, PageMeta};
use crate::render::views::{Link, TagLink};
use crate::site::OutputFile;

/// `guide` in guide.html and guide_print.html.
#[derive(Serialize)]
pub(crate) struct GuideView {
    title: String,
    url: String,
    /// The whole guide on one page.
    print_url: String,
    /// The tree below the top section.
    nav: Vec<NavItem>,
}

/// An entry of the sidebar.
#[derive(Serialize)]
struct NavItem {
    title: String,
    url: String,
    /// The page being shown.
    current: bool,
    /// The page being shown is this one or below it.
    open: bool,
    /// A section (with `children`), not an article.
    section: bool,
    children: Vec<NavItem>,
}

/// `page` in guide.html: an article or a section of the guide.
#[derive(Serialize)]
pub(crate) struct GuidePage<'a> {
    /// `article` or `section`.
    kind: &'static str,
    title: &'a str,
    url: String,
    permalink: String,
    summary: Option<&'a str>,
    /// Only when the page sets `date:` (guide pages are not dated by default).
    date: Option<String>,
    updated: Option<String>,
    content: &'a str,
    /// The h2 and h3 headings, for "On this page".
    toc: Vec<&'a markdown::Heading>,
    tag_links: Vec<TagLink>,
    plans: Vec<Link>,
    draft: bool,
    breadcrumbs: Vec<Link>,
    prev: Option<Link>,
    next: Option<Link>,
    edit_url: Option<String>,
    shows_plan: bool,
    /// A section's pages and sub-sections, in order.
    children: Vec<Link>,
    /// `extra:` from the front matter.
    extra: &'a crate::extra::Extra,
}

/// The title and URL of a guide entry.
pub(crate) fn link(cx: &Ctx, e: Entry) -> Link {
    match e {
        Entry::Page(a) => cx.article_link(a),
        Entry::Section(s) => {
            let sec = &cx.site.sections[s];
            Link {
                title: sec.title.clone(),
                url: cx.view().url(&sec.path),
            }
        }
    }
}

/// The guide's view for a page at `current` in its reading order (`None`: the print page).
pub(crate) fn guide_view(cx: &Ctx, g: &Guide, current: Option<usize>) -> GuideView {
    let here = current.map(|p| g.order[p]);
    let top = &cx.site.sections[g.section];
    let url = cx.view().url(&top.path);
    GuideView {
        title: top.title.clone(),
        print_url: format!("{url}print/"),
        url,
        nav: g.tree.iter().map(|n| nav_item(cx, n, here)).collect(),
    }
}

fn nav_item(cx: &Ctx, n: &Node, here: Option<Entry>) -> NavItem {
    let children: Vec<NavItem> = n.children.iter().map(|c| nav_item(cx, c, here)).collect();
    let current = here == Some(n.entry);
    let Link { title, url } = link(cx, n.entry);
    NavItem {
        open: current || children.iter().any(|c| c.open),
        current,
        section: matches!(n.entry, Entry::Section(_)),
        title,
        url,
        children,
    }
}

/// The h2 and h3 headings of a body.
fn on_this_page(r: Option<&markdown::Rendered>) -> Vec<&markdown::Heading> {
    r.map(|r| {
        r.toc
            .iter()
            .filter(|h| (2..=3).contains(&h.level))
            .collect()
    })
    .unwrap_or_default()
}

/// The page of article `ai`, at `pos` in guide `g`, with rendered body `r`.
pub(crate) fn article_page(
    cx: &Ctx,
    g: &Guide,
    pos: usize,
    ai: usize,
    si: usize,
    r: Option<&markdown::Rendered>,
) -> Result<OutputFile, Diagnostic> {
    let a = &cx.site.articles[ai];
    let page = GuidePage {
        kind: "article",
        tag_links: a.tags.iter().filter_map(|t| cx.tag_link(t)).collect(),
        plans: cx.site.links_for(a, cx.view()),
        breadcrumbs: cx.site.breadcrumbs(si, cx.view()),
        children: Vec::new(),
        ..common(cx, g, pos, a, &a.path, &a.title, r)
    };
    let card = cx.images.card(&a.source);
    let meta = PageMeta::of_article(
        cx.view(),
        &cx.site.config,
        Kind::Article,
        a,
        &a.path,
        r,
        card,
    );
    render(cx, g, pos, &page, &meta, &a.path, a.source.clone())
        .map_err(|d| crate::extra::explain(d, "page", &a.extra, &a.source, &cx.site.config.extra))
}

/// The page of section `si`, at `pos` in guide `g`.
pub(crate) fn section_page(
    cx: &Ctx,
    g: &Guide,
    pos: usize,
    si: usize,
) -> Result<Vec<OutputFile>, Diagnostic> {
    let sec = &cx.site.sections[si];
    let intro = sec.intro.as_ref();
    let r = intro.and_then(|a| cx.body(a));
    let mut crumbs = cx.site.breadcrumbs(si, cx.view());
    crumbs.pop();
    let children: Vec<Link> = children_of(g, pos)
        .into_iter()
        .map(|e| link(cx, e))
        .collect();
    let page = match intro {
        Some(a) => GuidePage {
            kind: "section",
            breadcrumbs: crumbs,
            children,
            ..common(cx, g, pos, a, &sec.path, &sec.title, r)
        },
        None => GuidePage {
            kind: "section",
            title: &sec.title,
            url: cx.view().url(&sec.path),
            permalink: cx.view().permalink(&sec.path),
            summary: None,
            date: None,
            updated: None,
            content: "",
            toc: Vec::new(),
            tag_links: Vec::new(),
            plans: Vec::new(),
            draft: false,
            breadcrumbs: crumbs,
            prev: prev(cx, g, pos),
            next: next(cx, g, pos),
            edit_url: None,
            shows_plan: false,
            children,
            extra: &crate::extra::EMPTY,
        },
    };
    let source = match intro {
        Some(a) => a.source.clone(),
        None => cx.template("guide.html"),
    };
    let meta = match intro {
        Some(a) => {
            let card = cx.images.card(&a.source);
            PageMeta::of_article(
                cx.view(),
                &cx.site.config,
                Kind::Article,
                a,
                &sec.path,
                r,
                card,
            )
        }
        None => PageMeta::of_list(
            cx.view(),
            &cx.site.config,
            Kind::Other,
            &sec.title,
            &format!("{}/index.html", sec.path),
        ),
    };
    Ok(vec![render(cx, g, pos, &page, &meta, &sec.path, source)?])
}

/// What is directly in the section at `pos` of the reading order, in order.
fn children_of(g: &Guide, pos: usize) -> Vec<Entry> {
    fn find(nodes: &[Node], e: Entry) -> Option<&Node> {
        nodes.iter().find_map(|n| {
            if n.entry == e {
                Some(n)
            } else {
                find(&n.children, e)
            }
        })
    }
    let nodes = if pos == 0 {
        &g.tree[..]
    } else {
        find(&g.tree, g.order[pos]).map_or(&[][..], |n| &n.children[..])
    };
    nodes.iter().map(|n| n.entry).collect()
}

fn prev(cx: &Ctx, g: &Guide, pos: usize) -> Option<Link> {
    pos.checked_sub(1).map(|p| link(cx, g.order[p]))
}

fn next(cx: &Ctx, g: &Guide, pos: usize) -> Option<Link> {
    g.order.get(pos + 1).map(|&e| link(cx, e))
}

/// What an article's and an intro's page share.
fn common<'a>(
    cx: &Ctx,
    g: &Guide,
    pos: usize,
    a: &'a Article,
    path: &str,
    title: &'a str,
    r: Option<&'a markdown::Rendered>,
) -> GuidePage<'a> {
    GuidePage {
        kind: "article",
        title,
        url: cx.view().url(path),
        permalink: cx.view().permalink(path),
        summary: a.summary.as_deref(),
        date: a.date.map(|d| d.to_string()),
        updated: a.updated.map(|d| d.to_string()),
        content: r.map_or("", |r| r.html.as_str()),
        toc: on_this_page(r),
        tag_links: Vec::new(),
        plans: Vec::new(),
        draft: a.draft,
        breadcrumbs: Vec::new(),
        prev: prev(cx, g, pos),
        next: next(cx, g, pos),
        edit_url: cx.view().edit_link(&a.source),
        shows_plan: r.is_some_and(|r| r.shows_plan),
        children: Vec::new(),
        extra: &a.extra,
    }
}

fn render(
    cx: &Ctx,
    g: &Guide,
    pos: usize,
    page: &GuidePage,
    meta: &PageMeta,
    path: &str,
    source: std::path::PathBuf,
) -> Result<OutputFile, Diagnostic> {
    let mut c = cx.base();
    c.insert("page", page);
    c.insert("meta", meta);
    c.insert("guide", &guide_view(cx, g, Some(pos)));
    Ok(OutputFile {
        path: format!("{path}/index.html"),
        bytes: cx.site.templates.render("guide.html", &c)?.into_bytes(),
        source,
    })
}
