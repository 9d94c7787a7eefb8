//! `plans/index.html`: every plan's card, a family of plans (a base and its variants)
//! together, and the `plans/` section's intro and articles.

use serde::Serialize;

use crate::build::Ctx;
use crate::build::keys::{self, Digests};
use crate::build::pages::section;
use crate::diagnostic::Diagnostic;
use crate::plan::{Plan, family};
use crate::render::meta::{Kind, PageMeta};
use crate::render::views::PlanCard;
use crate::site::OutputFile;

/// A run of plans in the list: a family (with its first plan's title) or plans on their own.
#[derive(Serialize)]
struct PlanGroup {
    /// The family's name (its base's title); `None` for plans without variants.
    family: Option<String>,
    plans: Vec<PlanCard>,
}

/// `plan_groups`: the plans as the list shows them, each family together.
fn groups(cx: &Ctx) -> Vec<PlanGroup> {
    let plans: Vec<&Plan> = cx.site.plans.iter().map(|e| &e.plan).collect();
    family::groups(&plans)
        .into_iter()
        .map(|(is_family, members)| PlanGroup {
            family: is_family.then(|| plans[members[0]].title.clone()),
            plans: members
                .iter()
                .map(|&j| PlanCard::new(plans[j], cx.view()))
                .collect(),
        })
        .collect()
}

pub(crate) fn render(cx: &Ctx) -> Result<Vec<OutputFile>, Diagnostic> {
    let mut c = cx.base();
    c.insert_value("plans", cx.shared.cards.clone());
    c.insert("plan_groups", &groups(cx));
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

/// The plans page reads the plan cards (which plans are a family is in their files, so in
/// `d.plans`) and the `plans/` section, if there is one.
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
