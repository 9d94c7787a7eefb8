//! `plans/index.html`: every plan's card, and the `plans/` section's intro and articles.

use crate::build::Ctx;
use crate::build::pages::section;
use crate::diagnostic::Diagnostic;
use crate::site::OutputFile;

pub(crate) fn render(cx: &Ctx) -> Result<Vec<OutputFile>, Diagnostic> {
    let mut c = cx.base();
    c.insert_value("plans", cx.shared.cards.clone());
    let sec = cx.site.sections.iter().position(|s| s.path == "plans");
    c.insert("section", &sec.map(|i| section::view(cx, i)));
    cx.render(
        "plans.html",
        &c,
        "plans/index.html",
        cx.template("plans.html"),
    )
}
