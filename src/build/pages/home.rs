//! The home page and its pagination pages (`index.html`, `page/<n>/index.html`).

use crate::build::Ctx;
use crate::build::keys::{self, Digests};
use crate::diagnostic::Diagnostic;
use crate::publish::Paginator;
use crate::render::meta::{self, Facts, Kind, PageMeta};
use crate::render::views::ArticleView;
use crate::site::OutputFile;

/// Page `paginator.number` of the home list, written at `path`.
pub(crate) fn render(
    cx: &Ctx,
    path: &str,
    paginator: &Paginator,
) -> Result<Vec<OutputFile>, Diagnostic> {
    let site = cx.site;
    let mut c = cx.base();
    let intro = site
        .home
        .as_ref()
        .filter(|_| paginator.number == 1)
        .map(|h| ArticleView::new(h, cx.view(), cx.body(h), true, Vec::new()));
    c.insert("intro", &intro);
    let list: Vec<ArticleView> = site.articles[paginator.first..paginator.last]
        .iter()
        .map(|a| cx.article_view(a, false))
        .collect();
    c.insert("articles", &list);
    c.insert_value("plans", cx.shared.cards.clone());
    c.insert("paginator", paginator);
    let home = site.home.as_ref();
    let facts = Facts {
        title: &site.config.title,
        path: meta::page_path(path),
        summary: home
            .and_then(|h| h.summary.as_deref())
            .or(site.config.description.as_deref()),
        text: home.and_then(|h| cx.body(h)).map(|r| r.text.as_str()),
        image: home.and_then(|h| cx.images.card(&h.source)),
        ..Facts::default()
    };
    let kind = if paginator.number == 1 {
        Kind::Home
    } else {
        Kind::Other
    };
    c.insert(
        "meta",
        &PageMeta::new(cx.view(), &site.config, kind, &facts),
    );
    let source = match &site.home {
        Some(h) => h.source.clone(),
        None => cx.template("index.html"),
    };
    cx.render("index.html", &c, path, source)
}

/// Page `paginator.number` of the home list reads the fronts, word counts and tags of the
/// articles it lists, the plan cards, and on page 1 the intro.
pub(crate) fn key(cx: &Ctx, d: &Digests, path: &str, paginator: &Paginator) -> u64 {
    let site = cx.site;
    let listed: Vec<(u64, usize)> = (paginator.first..paginator.last)
        .map(|i| (d.fronts[i], d.words(cx, &site.articles[i])))
        .collect();
    let intro = site
        .home
        .as_ref()
        .filter(|_| paginator.number == 1)
        .map(|h| (keys::front(h), d.body(h), cx.images.card(&h.source)));
    keys::key(
        "home",
        (d.base, d.tags, d.plans, path, paginator, listed, intro),
    )
}
