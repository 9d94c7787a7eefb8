//! An article's page (`<path>/index.html`): its body, tags, plans, breadcrumbs and the
//! previous and next articles of its section.

use crate::build::Ctx;
use crate::build::keys::{self, Digests};
use crate::content::markdown;
use crate::diagnostic::Diagnostic;
use crate::extra;
use crate::render::meta::{Kind, PageMeta};
use crate::render::views::Link;
use crate::site::OutputFile;

/// The page of article `ai`, at `pos` in section `si`, with rendered body `r` (a streaming
/// build renders it as soon as the body is ready, before the other bodies).
pub(crate) fn page(
    cx: &Ctx,
    ai: usize,
    si: usize,
    pos: usize,
    r: Option<&markdown::Rendered>,
) -> Result<OutputFile, Diagnostic> {
    if let Some((g, gpos)) = cx.shared.guides.article(ai) {
        return super::guide::article_page(cx, g, gpos, ai, si, r);
    }
    let site = cx.site;
    let a = &site.articles[ai];
    let sec = &site.sections[si];
    let mut v = cx.view_of(a, r, true);
    v.prev = pos.checked_sub(1).map(|p| cx.article_link(sec.pages[p]));
    v.next = sec.pages.get(pos + 1).map(|&i| cx.article_link(i));
    v.breadcrumbs = site.breadcrumbs(si, cx.view());
    v.section = (si > 0).then(|| Link {
        title: sec.title.clone(),
        url: cx.view().url(&sec.path),
    });
    let mut c = cx.base();
    c.insert("page", &v);
    let card = cx.images.card(&a.source);
    let meta = PageMeta::of_article(cx.view(), &site.config, Kind::Article, a, &a.path, r, card);
    c.insert("meta", &meta);
    Ok(OutputFile {
        path: format!("{}/index.html", a.path),
        bytes: site
            .templates
            .render("article.html", &c)
            .map_err(|d| extra::explain(d, "page", &a.extra, &a.source, &site.config.extra))?
            .into_bytes(),
        source: a.source.clone(),
    })
}

pub(crate) fn render(
    cx: &Ctx,
    ai: usize,
    si: usize,
    pos: usize,
) -> Result<Vec<OutputFile>, Diagnostic> {
    let a = &cx.site.articles[ai];
    Ok(vec![page(cx, ai, si, pos, cx.body(a))?])
}

/// An article's page reads its front and body, its neighbours' fronts (previous / next),
/// the way up to the home page, the tags (links with counts) and the plans (plan links).
pub(crate) fn key(cx: &Ctx, d: &Digests, ai: usize, si: usize, pos: usize) -> u64 {
    let sec = &cx.site.sections[si];
    let prev = pos.checked_sub(1).map(|p| d.fronts[sec.pages[p]]);
    let next = sec.pages.get(pos + 1).map(|&i| d.fronts[i]);
    let a = &cx.site.articles[ai];
    keys::key(
        "article",
        (
            d.base,
            d.tags,
            d.plans,
            d.fronts[ai],
            d.body(a),
            prev,
            next,
            d.ancestors(si),
            d.guide_of_article(cx, ai),
            cx.images.card(&a.source),
        ),
    )
}
