//! `search_index.json`: articles, sections and plans, for the theme's search box.

use rayon::prelude::*;

use crate::build::Ctx;
use crate::build::context::{file, site_yaml};
use crate::content::markdown;
use crate::diagnostic::Diagnostic;
use crate::publish::search::{self, SearchDoc};
use crate::site::OutputFile;

pub(crate) fn render(cx: &Ctx) -> Result<Vec<OutputFile>, Diagnostic> {
    let (s, site) = (cx.site, cx.view());
    let mut docs: Vec<SearchDoc> = s
        .articles
        .par_iter()
        .filter(|a| !a.draft)
        .map(|a| {
            let r = cx.body(a);
            SearchDoc::new(
                &a.title,
                &site.url(&a.path),
                r.map(|r| r.toc.iter().map(|h| h.title.clone()).collect())
                    .unwrap_or_default(),
                &[
                    a.summary.as_deref().unwrap_or(""),
                    r.map_or("", |r| r.text.as_str()),
                ],
            )
        })
        .collect();
    for sec in s.sections.iter().skip(1) {
        let r = sec.intro.as_ref().and_then(|a| cx.body(a));
        docs.push(SearchDoc::new(
            &sec.title,
            &site.url(&sec.path),
            Vec::new(),
            &[r.map_or("", |r| r.text.as_str())],
        ));
    }
    docs.par_extend(s.plans.par_iter().map(|p| {
        let plan = &p.plan;
        let description = plan
            .description
            .as_deref()
            .map(|d| markdown::render(d, "/").text)
            .unwrap_or_default();
        let mut parts = vec![plan.summary.as_deref().unwrap_or(""), &description];
        parts.extend(plan.tags.iter().map(String::as_str));
        SearchDoc::new(&plan.title, &site.url(&plan.path), Vec::new(), &parts)
    }));
    Ok(vec![file(
        "search_index.json",
        search::index(&docs),
        site_yaml(),
    )])
}
