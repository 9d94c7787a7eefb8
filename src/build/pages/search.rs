//! `search/`: the search index ([`crate::search`]) of every page a reader would search:
//! articles, guide pages, section intros and plans (their summary, description, week phases
//! and notes, session notes and the reasons of their rest days), each with its full text.
//! One job writes the terms, the tag lists and the theme's script that queries them, and one
//! job per [`search::DOCUMENTS_PER_JOB`] documents writes those (so a large site's text is
//! not all in memory at once): any edit of what they read re-runs them.

use std::borrow::Cow;
use std::collections::HashSet;

use crate::build::Ctx;
use crate::build::context::site_yaml;
use crate::content::{Article, markdown};
use crate::diagnostic::Diagnostic;
use crate::search::{self, Document, Kind, Stemmer};
use crate::site::{OutputFile, PlanEntry};

/// The search box's script, and the stemmer it runs on queries in English.
const SCRIPT: &str = include_str!("../../../templates/search.js");
const STEM_EN: &str = include_str!("../../../templates/search-stem-en.js");

pub(crate) fn render(cx: &Ctx) -> Result<Vec<OutputFile>, Diagnostic> {
    let stemmer = Stemmer::for_language(&cx.site.config.language);
    let mut files = output(search::terms(&documents(cx), stemmer));
    // One file, so the box's first use waits for one script, not two in a row.
    let script = match stemmer {
        Stemmer::English => format!("{STEM_EN}\n{SCRIPT}"),
        Stemmer::None => SCRIPT.to_string(),
    };
    files.push(OutputFile {
        path: format!("{}/search.js", search::DIR),
        bytes: script.into_bytes(),
        source: site_yaml(),
    });
    Ok(files)
}

/// Job `n` of the documents (`search/d/`): it makes only its own documents.
pub(crate) fn render_documents(cx: &Ctx, n: usize) -> Result<Vec<OutputFile>, Diagnostic> {
    let per = search::DOCUMENTS_PER_JOB;
    let all = pages(cx);
    let order = search::index_order(all.iter().map(|p| p.kind(cx)));
    let ids = (n * per).min(order.len())..((n + 1) * per).min(order.len());
    let docs: Vec<Document> = order[ids.clone()]
        .iter()
        .map(|&i| document(cx, all[i]))
        .collect();
    let docs: Vec<&Document> = docs.iter().collect();
    Ok(output(search::documents(&docs, ids.start)))
}

/// How many jobs write the documents.
pub(crate) fn document_jobs(cx: &Ctx) -> usize {
    pages(cx).len().div_ceil(search::DOCUMENTS_PER_JOB)
}

fn output(files: Vec<search::IndexFile>) -> Vec<OutputFile> {
    files
        .into_iter()
        .map(|f| OutputFile {
            path: f.path,
            bytes: f.bytes,
            source: site_yaml(),
        })
        .collect()
}

/// A searchable page: article, section or plan, by its index in the site.
#[derive(Clone, Copy)]
enum Searched {
    Article(usize),
    Section(usize),
    Plan(usize),
}

impl Searched {
    fn kind(self, cx: &Ctx) -> Kind {
        let kind = |guide: bool| if guide { Kind::Guide } else { Kind::Article };
        match self {
            Searched::Article(ai) => kind(cx.shared.guides.article(ai).is_some()),
            Searched::Section(si) => kind(cx.shared.guides.section(si).is_some()),
            Searched::Plan(_) => Kind::Plan,
        }
    }
}

/// Every searchable page of the site: articles, sections, plans, drafts left out.
fn pages(cx: &Ctx) -> Vec<Searched> {
    let s = cx.site;
    let articles = (s.articles.iter().enumerate())
        .filter(|(_, a)| !a.draft)
        .map(|(i, _)| Searched::Article(i));
    let sections = (s.sections.iter().enumerate().skip(1))
        .filter(|(_, sec)| sec.path != "plans")
        .map(|(i, _)| Searched::Section(i));
    let plans = (s.plans.iter().enumerate())
        .filter(|(_, p)| !p.plan.draft)
        .map(|(i, _)| Searched::Plan(i));
    articles.chain(sections).chain(plans).collect()
}

/// Every searchable page's document.
fn documents<'a>(cx: &Ctx<'a>) -> Vec<Document<'a>> {
    pages(cx).into_iter().map(|p| document(cx, p)).collect()
}

/// The document of page `p`.
fn document<'a>(cx: &Ctx<'a>, p: Searched) -> Document<'a> {
    let (s, site) = (cx.site, cx.view());
    let text = |a: &'a Article| -> Vec<Cow<'a, str>> {
        let body = cx.body(a).map_or("", |r| r.text.as_str());
        vec![a.summary.as_deref().unwrap_or("").into(), body.into()]
    };
    let kind = p.kind(cx);
    match p {
        Searched::Article(ai) => {
            let a = &s.articles[ai];
            Document {
                url: site.url(&a.path),
                title: a.title.clone(),
                kind,
                tags: a.tags.clone(),
                plan: None,
                text: text(a),
            }
        }
        Searched::Section(si) => {
            let sec = &s.sections[si];
            Document {
                url: site.url(&sec.path),
                title: sec.title.clone(),
                kind,
                tags: sec
                    .intro
                    .as_ref()
                    .map(|a| a.tags.clone())
                    .unwrap_or_default(),
                plan: None,
                text: sec.intro.as_ref().map(text).unwrap_or_default(),
            }
        }
        Searched::Plan(pi) => {
            let p = &s.plans[pi];
            let plan = &p.plan;
            Document {
                url: site.url(&plan.path),
                title: plan.title.clone(),
                kind,
                tags: plan.tags.clone(),
                plan: Some((plan.level.name().to_string(), plan.weeks.len())),
                text: plan_text(p),
            }
        }
    }
}

/// What a reader can find a plan by: its summary and description, and every week's phase
/// and note, session notes and rest-day reasons, each once (most rest days share a reason).
fn plan_text(p: &PlanEntry) -> Vec<Cow<'_, str>> {
    let plan = &p.plan;
    let mut parts: Vec<Cow<str>> = vec![plan.summary.as_deref().unwrap_or("").into()];
    if let Some(d) = plan.description.as_deref() {
        parts.push(markdown::render(d, "/").text.into());
    }
    let mut seen: HashSet<&str> = HashSet::new();
    let mut more: Vec<&str> = Vec::new();
    for (i, w) in plan.weeks.iter().enumerate() {
        more.extend(w.phase.as_deref());
        more.extend(w.note.as_deref());
        for day in &w.days {
            for s in &day.sessions {
                more.extend(s.options.iter().filter_map(|o| o.notes.as_deref()));
            }
        }
        let notes = p.analysis.weeks.get(i).map(|n| n.days.as_slice());
        for d in notes.unwrap_or_default() {
            more.extend(d.rest.as_ref().map(|r| r.why.as_str()));
        }
    }
    parts.extend(more.into_iter().filter(|t| seen.insert(t)).map(Cow::from));
    parts
}
