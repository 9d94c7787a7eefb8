//! `plans/index.html`: every plan's card, and the `plans/` section's intro and articles.

use crate::build::Ctx;
use crate::build::keys::{self, Digests};
use crate::build::pages::section;
use crate::diagnostic::Diagnostic;
use crate::render::meta::{Kind, PageMeta};
use crate::site::OutputFile;

pub(crate) fn render(cx: &Ctx) -> Result<Vec<OutputFile>, Diagnostic> {
    let mut c = cx.base();
    c.insert_value("plans", cx.shared.cards.clone());
    let meta = PageMeta::of_list(
        cx.view(),
        &cx.site.config,
        Kind::Other,
        "Plans",
        "plans/index.html",
    );
    c.insert("meta", &meta);
    let sec = cx.site.sections.iter().position(|s| s.path == "plans");
    c.insert(
        "section",
        &sec.map(|i| section::view(cx, i, 0..cx.site.sections[i].pages.len())),
    );
    cx.render(
        "plans.html",
        &c,
        "plans/index.html",
        cx.template("plans.html"),
    )
}

/// The plans page reads the plan cards and the `plans/` section, if there is one.
pub(crate) fn key(cx: &Ctx, d: &Digests) -> u64 {
    let sec = cx.site.sections.iter().position(|s| s.path == "plans");
    keys::key(
        "plans",
        (
            d.plans,
            sec.map(|i| section::view_key(cx, d, i, 0..cx.site.sections[i].pages.len())),
        ),
    )
}
