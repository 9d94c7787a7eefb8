//! `404.html`.

use crate::build::Ctx;
use crate::diagnostic::Diagnostic;
use crate::site::OutputFile;

pub(crate) fn render(cx: &Ctx) -> Result<Vec<OutputFile>, Diagnostic> {
    cx.render("404.html", &cx.base(), "404.html", cx.template("404.html"))
}
