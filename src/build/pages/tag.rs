//! One page of a tag's list (`tags/<slug>/index.html`, `tags/<slug>/page/<n>/index.html`):
//! its articles and plans, newest first.

use crate::build::Ctx;
use crate::diagnostic::Diagnostic;
use crate::publish::{Paginator, tags};
use crate::render::views::TaggedItem;
use crate::site::OutputFile;

pub(crate) fn render(
    cx: &Ctx,
    tag: &tags::Tag,
    path: &str,
    paginator: &Paginator,
) -> Result<Vec<OutputFile>, Diagnostic> {
    let mut c = cx.base();
    c.insert("tag", &cx.tag_link(&tag.name));
    let items: Vec<TaggedItem> = tag.items[paginator.first..paginator.last]
        .iter()
        .map(|w| cx.tagged_item(w))
        .collect();
    c.insert("items", &items);
    c.insert("paginator", paginator);
    cx.render("tag.html", &c, path, cx.template("tag.html"))
}
