//! `atom.xml`: the `feed_limit` newest published articles, newest first, with full content.

use crate::build::Ctx;
use crate::build::context::{file, site_yaml};
use crate::build::keys::{self, Digests};
use crate::content::markdown;
use crate::diagnostic::Diagnostic;
use crate::publish::feed::{self, FeedEntry, FeedInfo};
use crate::site::OutputFile;

pub(crate) fn render(cx: &Ctx) -> Result<Vec<OutputFile>, Diagnostic> {
    let site = cx.view();
    let entries: Vec<FeedEntry> = cx
        .site
        .feed_articles()
        .map(|a| FeedEntry {
            title: a.title.clone(),
            url: site.absolute(&site.url(&a.path)),
            published: a.date,
            updated: a.updated.or(a.date),
            summary: a.summary.clone(),
            content: cx
                .body(a)
                .map(|r| markdown::without_heading_links(&r.html))
                .unwrap_or_default(),
        })
        .collect();
    let site_url = site.absolute(&site.base_path);
    let feed_url = site.absolute(&site.feed_url);
    let text = feed::atom(
        &FeedInfo {
            title: &site.title,
            subtitle: site.description.as_deref(),
            author: site.author.as_deref(),
            site_url: &site_url,
            feed_url: &feed_url,
            language: &site.language,
        },
        &entries,
    );
    Ok(vec![file("atom.xml", text, site_yaml())])
}

/// The feed reads the fronts and bodies of the articles it carries.
pub(crate) fn key(cx: &Ctx, d: &Digests) -> u64 {
    let entries: Vec<(u64, u64)> = cx
        .site
        .feed_articles()
        .map(|a| (keys::front(a), d.body(a)))
        .collect();
    keys::key("feed", (d.base, entries))
}
