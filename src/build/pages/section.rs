//! A folder's list page (`<folder>/index.html`): its intro, articles and sub-sections.

use std::ops::Range;

use crate::build::Ctx;
use crate::build::keys::{self, Digests};
use crate::content::markdown;
use crate::diagnostic::Diagnostic;
use crate::publish::Paginator;
use crate::render::meta::{Kind, PageMeta};
use crate::render::views::{ArticleView, Link, SectionLink};
use crate::site::OutputFile;

/// `section` in section.html and plans.html. Serialised straight to the template's value (a
/// `json!` object was converted twice, which doubled the cost of a section listing thousands
/// of articles); the fields are in the alphabetical order that object had.
#[derive(serde::Serialize)]
pub(crate) struct SectionView<'a> {
    breadcrumbs: Vec<Link>,
    content: Option<&'a str>,
    pages: Vec<ArticleView<'a>>,
    path: String,
    subsections: Vec<SectionLink>,
    summary: Option<String>,
    title: String,
    toc: &'a [markdown::Heading],
    url: String,
    /// `extra:` from the section's `_index.md`.
    extra: &'a crate::extra::Extra,
}

/// The view of section `i`, listing its articles `pages` (a page of its list, or all).
pub(crate) fn view<'a>(cx: &Ctx<'a>, i: usize, pages: Range<usize>) -> SectionView<'a> {
    let site = cx.site;
    let s = &site.sections[i];
    let intro = s.intro.as_ref().and_then(|a| cx.body(a));
    let mut crumbs = site.breadcrumbs(i, cx.view());
    crumbs.pop();
    SectionView {
        breadcrumbs: crumbs,
        content: intro.map(|r| r.html.as_str()),
        pages: s.pages[pages]
            .iter()
            .map(|&a| cx.article_view(&site.articles[a], false))
            .collect(),
        path: s.path.clone(),
        subsections: site.section_tree(i, cx.view()).children,
        summary: s.intro.as_ref().and_then(|a| a.summary.clone()),
        title: s.title.clone(),
        toc: intro.map_or(&[][..], |r| r.toc.as_slice()),
        url: cx.view().url(&s.path),
        extra: s.intro.as_ref().map_or(&crate::extra::EMPTY, |a| &a.extra),
    }
}

/// Page `paginator.number` of section `si`'s list, written at `path`.
pub(crate) fn render(
    cx: &Ctx,
    si: usize,
    path: &str,
    paginator: &Paginator,
) -> Result<Vec<OutputFile>, Diagnostic> {
    if let Some((g, pos)) = cx.shared.guides.section(si) {
        return super::guide::section_page(cx, g, pos, si);
    }
    let sec = &cx.site.sections[si];
    let mut c = cx.base();
    c.insert("section", &view(cx, si, paginator.first..paginator.last));
    c.insert("paginator", paginator);
    let meta = PageMeta::of_list(cx.view(), &cx.site.config, Kind::Other, &sec.title, path);
    c.insert("meta", &meta);
    let source = match &sec.intro {
        Some(i) => i.source.clone(),
        None => cx.template("section.html"),
    };
    cx.render("section.html", &c, path, source)
}

/// A page of a section's list reads the section and its intro, the way up (breadcrumbs), the
/// tree below it (sub-sections with their pages' titles), and the fronts, word counts, tags
/// and plan links of the articles it lists.
pub(crate) fn key(cx: &Ctx, d: &Digests, si: usize, path: &str, paginator: &Paginator) -> u64 {
    keys::key(
        "section",
        (
            path,
            paginator,
            view_key(cx, d, si, paginator.first..paginator.last),
        ),
    )
}

/// What [`view`] of section `si` with its articles `pages` reads.
pub(crate) fn view_key(cx: &Ctx, d: &Digests, si: usize, pages: Range<usize>) -> u64 {
    let site = cx.site;
    let pages: Vec<(u64, usize)> = site.sections[si].pages[pages]
        .iter()
        .map(|&a| (d.fronts[a], d.words(cx, &site.articles[a])))
        .collect();
    keys::key(
        "section view",
        (
            d.base,
            d.tags,
            d.plans,
            d.section(si),
            d.ancestors(si),
            d.subtree(cx, si),
            d.guide_of_section(cx, si),
            pages,
        ),
    )
}
