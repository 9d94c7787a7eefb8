//! `tags/index.html`: every tag with its count.

use crate::build::Ctx;
use crate::diagnostic::Diagnostic;
use crate::render::meta::{Kind, PageMeta};
use crate::site::OutputFile;

pub(crate) fn render(cx: &Ctx) -> Result<Vec<OutputFile>, Diagnostic> {
    let mut c = cx.base();
    c.insert("tags", &cx.shared.tag_links);
    let meta = PageMeta::of_list(
        cx.view(),
        &cx.site.config,
        Kind::Other,
        "Tags",
        "tags/index.html",
    );
    c.insert("meta", &meta);
    cx.render("tags.html", &c, "tags/index.html", cx.template("tags.html"))
}
