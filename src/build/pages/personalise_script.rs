//! `personalise.js`: the script of "Make this plan yours", written once for every plan page
//! that offers the panel (each page loads it instead of carrying its own copy).

use crate::build::Ctx;
use crate::build::context::file;
use crate::diagnostic::Diagnostic;
use crate::render::views::{SCRIPT, SCRIPT_PATH};
use crate::site::{OutputFile, Site};

pub(crate) fn render(cx: &Ctx) -> Result<Vec<OutputFile>, Diagnostic> {
    Ok(vec![file(
        SCRIPT_PATH,
        SCRIPT.to_string(),
        cx.template("personalise.js"),
    )])
}

/// Whether any plan page offers the panel (a plan's `personalise:` overrides the site's).
pub(crate) fn wanted(site: &Site) -> bool {
    site.plans
        .iter()
        .any(|e| crate::render::views::personalised(&e.plan, site.config.personalise))
}
