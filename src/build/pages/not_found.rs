//! `404.html`.

use crate::build::Ctx;
use crate::diagnostic::Diagnostic;
use crate::render::meta::{Kind, PageMeta};
use crate::site::OutputFile;

pub(crate) fn render(cx: &Ctx) -> Result<Vec<OutputFile>, Diagnostic> {
    let mut c = cx.base();
    let meta = PageMeta::of_list(
        cx.view(),
        &cx.site.config,
        Kind::NotFound,
        "Page not found",
        "404.html",
    );
    c.insert("meta", &meta);
    cx.render("404.html", &c, "404.html", cx.template("404.html"))
}
