//! `tags/index.html`: every tag with its count.

use crate::build::Ctx;
use crate::diagnostic::Diagnostic;
use crate::site::OutputFile;

pub(crate) fn render(cx: &Ctx) -> Result<Vec<OutputFile>, Diagnostic> {
    let mut c = cx.base();
    c.insert("tags", &cx.shared.tag_links);
    cx.render("tags.html", &c, "tags/index.html", cx.template("tags.html"))
}
