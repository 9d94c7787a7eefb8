//! The home page and its pagination pages (`index.html`, `page/<n>/index.html`).

use crate::build::Ctx;
use crate::diagnostic::Diagnostic;
use crate::publish::Paginator;
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
    let source = match &site.home {
        Some(h) => h.source.clone(),
        None => cx.template("index.html"),
    };
    cx.render("index.html", &c, path, source)
}
