//! `style.css`: the theme's stylesheet, or `templates/style.css`.

use crate::build::Ctx;
use crate::build::context::file;
use crate::diagnostic::Diagnostic;
use crate::site::OutputFile;

pub(crate) fn render(cx: &Ctx) -> Result<Vec<OutputFile>, Diagnostic> {
    Ok(vec![file(
        "style.css",
        cx.site.templates.stylesheet.clone(),
        cx.template("style.css"),
    )])
}
