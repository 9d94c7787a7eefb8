//! `sitemap.xml`: every published page, with the newest date of what it shows.

use crate::build::Ctx;
use crate::build::context::{file, site_yaml};
use crate::build::keys::{self, Digests};
use crate::content::Article;
use crate::diagnostic::Diagnostic;
use crate::publish::tags::Tagged;
use crate::publish::{self, sitemap};
use crate::site::OutputFile;

pub(crate) fn render(cx: &Ctx) -> Result<Vec<OutputFile>, Diagnostic> {
    let (s, site) = (cx.site, cx.view());
    let abs = |path: &str| site.absolute(&site.url(path));
    let published: Vec<&Article> = s.articles.iter().filter(|a| !a.draft).collect();
    let newest =
        |list: &mut dyn Iterator<Item = &Article>| list.filter_map(|a| a.updated.or(a.date)).max();
    let mut pages = vec![(abs(""), newest(&mut published.iter().copied()))];
    let home_pages = publish::paginate(s.articles.len(), s.config.paginate, "", "");
    for (_, p) in home_pages.iter().skip(1) {
        pages.push((abs(&format!("page/{}", p.number)), None));
    }
    pages.push((abs("plans"), None));
    for (si, sec) in s.sections.iter().enumerate().skip(1) {
        if sec.path == "plans" {
            continue;
        }
        let mut it = sec
            .pages
            .iter()
            .map(|&i| &s.articles[i])
            .filter(|a| !a.draft);
        pages.push((abs(&sec.path), newest(&mut it)));
        let per = s
            .config
            .paginate
            .filter(|_| cx.shared.guides.section(si).is_none());
        for (_, p) in publish::paginate(sec.pages.len(), per, "", "")
            .iter()
            .skip(1)
        {
            pages.push((abs(&format!("{}/page/{}", sec.path, p.number)), None));
        }
    }
    for a in &published {
        pages.push((abs(&a.path), a.updated.or(a.date)));
    }
    for p in &s.plans {
        pages.push((abs(&p.plan.path), None));
    }
    pages.push((abs("tags"), None));
    for (t, link) in cx.shared.tag_list.iter().zip(&cx.shared.tag_links) {
        let mut it = t.items.iter().filter_map(|w| match w {
            Tagged::Article(i) => Some(&s.articles[*i]),
            Tagged::Plan(_) => None,
        });
        pages.push((site.absolute(&link.url), newest(&mut it)));
        for (_, p) in publish::paginate(t.items.len(), s.config.paginate, "", "")
            .iter()
            .skip(1)
        {
            pages.push((abs(&format!("tags/{}/page/{}", t.slug, p.number)), None));
        }
    }
    Ok(vec![file(
        "sitemap.xml",
        sitemap::sitemap(&pages),
        site_yaml(),
    )])
}

/// The sitemap reads every article's front (path, dates, draft), the sections, plans and tags.
pub(crate) fn key(d: &Digests) -> u64 {
    keys::key(
        "sitemap",
        (d.base, &d.fronts, d.all_sections(), d.plans, d.tags),
    )
}
