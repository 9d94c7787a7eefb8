//! One page of a tag's list (`tags/<slug>/index.html`, `tags/<slug>/page/<n>/index.html`):
//! its articles and plans, newest first.

use crate::build::Ctx;
use crate::build::keys::{self, Digests};
use crate::diagnostic::Diagnostic;
use crate::publish::Paginator;
use crate::publish::tags::{self, Tagged};
use crate::render::meta::{Kind, PageMeta};
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
    let meta = PageMeta::of_list(cx.view(), &cx.site.config, Kind::Other, &tag.name, path);
    c.insert("meta", &meta);
    cx.render("tag.html", &c, path, cx.template("tag.html"))
}

/// A page of a tag's list reads the tags (name, counts) and its entries' fronts.
pub(crate) fn key(
    cx: &Ctx,
    d: &Digests,
    tag: &tags::Tag,
    path: &str,
    paginator: &Paginator,
) -> u64 {
    let items: Vec<(u64, &str)> = tag.items[paginator.first..paginator.last]
        .iter()
        .map(|w| match *w {
            Tagged::Article(i) => (d.fronts[i], ""),
            Tagged::Plan(i) => {
                let p = &cx.site.plans[i].plan;
                (p.digest, p.path.as_str())
            }
        })
        .collect();
    keys::key("tag", (d.base, d.tags, path, paginator, items))
}
