//! A folder's list page (`<folder>/index.html`): its intro, articles and sub-sections.

use crate::build::Ctx;
use crate::content::markdown;
use crate::diagnostic::Diagnostic;
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
}

/// The view of section `i`.
pub(crate) fn view<'a>(cx: &Ctx<'a>, i: usize) -> SectionView<'a> {
    let site = cx.site;
    let s = &site.sections[i];
    let intro = s.intro.as_ref().and_then(|a| cx.body(a));
    let mut crumbs = site.breadcrumbs(i, cx.view());
    crumbs.pop();
    SectionView {
        breadcrumbs: crumbs,
        content: intro.map(|r| r.html.as_str()),
        pages: s
            .pages
            .iter()
            .map(|&a| cx.article_view(&site.articles[a], false))
            .collect(),
        path: s.path.clone(),
        subsections: site.section_tree(i, cx.view()).children,
        summary: s.intro.as_ref().and_then(|a| a.summary.clone()),
        title: s.title.clone(),
        toc: intro.map_or(&[][..], |r| r.toc.as_slice()),
        url: cx.view().url(&s.path),
    }
}

/// The list page of section `si`.
pub(crate) fn render(cx: &Ctx, si: usize) -> Result<Vec<OutputFile>, Diagnostic> {
    if let Some((g, pos)) = cx.shared.guides.section(si) {
        return super::guide::section_page(cx, g, pos, si);
    }
    let sec = &cx.site.sections[si];
    let mut c = cx.base();
    c.insert("section", &view(cx, si));
    let source = match &sec.intro {
        Some(i) => i.source.clone(),
        None => cx.template("section.html"),
    };
    cx.render(
        "section.html",
        &c,
        &format!("{}/index.html", sec.path),
        source,
    )
}
