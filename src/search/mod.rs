//! The search index the theme's search box queries: `search/` in the output. Every page a
//! reader would search (articles, guide pages, section intros, plans) is one [`Document`]
//! with its full text; [`index`] turns them into small static files, so a query fetches a few
//! tens of kilobytes whatever the size of the site, with no search service:
//!
//! - `search/meta.json`: the first term of every term chunk, the number of documents, which
//!   ids are which kind, the tags, and the language the terms are stemmed in;
//! - `search/t/<n>.json`: term chunks, ~24 kB each: stemmed term → postings (document ids
//!   and a BM25 score, [`encode`]);
//! - `search/d/<id>.json`: one document's URL, title, kind, tags, plan level and weeks and
//!   its text, for the result list and its excerpts;
//! - `search/g/<n>.json`: the document ids of tag `n` (the tag filter).
//!
//! The browser side is `templates/search.js`; it stems queries with the same algorithm
//! (`templates/search-stem-en.js`, for English). Not for: deciding which pages exist (the
//! build job lists them) or anything about HTML.

pub(crate) mod encode;
mod terms;
pub(crate) mod words;

use std::borrow::Cow;
use std::collections::BTreeMap;

use rayon::prelude::*;
use serde::Serialize;

use crate::diagnostic::Diagnostic;

pub(crate) use words::Stemmer;

/// The folder of the index in the output.
pub(crate) const DIR: &str = "search";

/// A chunk of the term index is cut once its postings reach this many bytes.
const CHUNK_BYTES: usize = 24_000;

/// What a result is: its filter value and its order in the index (documents are numbered
/// kind by kind, so a kind is a range of ids).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub(crate) enum Kind {
    Article,
    Guide,
    Plan,
}

impl Kind {
    fn name(self) -> &'static str {
        match self {
            Kind::Article => "article",
            Kind::Guide => "guide",
            Kind::Plan => "plan",
        }
    }
}

/// One page to search. Its text is borrowed in parts (a page's summary, its body), which the
/// index joins as paragraphs: a 10 000-article site's text is not copied for it.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Document<'a> {
    /// Site-relative URL, with the base path.
    pub url: String,
    pub title: String,
    pub kind: Kind,
    pub tags: Vec<String>,
    /// A plan's level and number of weeks, shown in its result.
    pub plan: Option<(String, usize)>,
    /// The text without markup, in parts (empty ones are left out).
    pub text: Vec<Cow<'a, str>>,
}

impl Document<'_> {
    fn parts(&self) -> impl Iterator<Item = &str> {
        self.text.iter().map(|p| p.trim()).filter(|p| !p.is_empty())
    }
}

/// A document's text parts, serialized as one string, paragraphs apart.
struct Joined<'a>(&'a Document<'a>);

impl Serialize for Joined<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl std::fmt::Display for Joined<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        for (i, part) in self.0.parts().enumerate() {
            if i > 0 {
                f.write_str("\n\n")?;
            }
            f.write_str(part)?;
        }
        Ok(())
    }
}

/// One output file of the index: its path inside the output and its bytes.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct IndexFile {
    pub path: String,
    pub bytes: Vec<u8>,
}

/// How a document is stored in `search/d/<id>.json`.
#[derive(Serialize)]
struct Stored<'a> {
    url: &'a str,
    title: &'a str,
    kind: Kind,
    #[serde(skip_serializing_if = "<[String]>::is_empty")]
    tags: &'a [String],
    #[serde(skip_serializing_if = "Option::is_none")]
    level: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    weeks: Option<usize>,
    text: Joined<'a>,
}

#[derive(Serialize)]
struct Meta<'a> {
    /// The format's version: a change that old scripts cannot read raises it.
    version: u32,
    /// The Snowball algorithm terms are stemmed with (`english`), or none.
    stemmer: Option<&'static str>,
    docs: usize,
    /// Kind → [first id, end id).
    kinds: BTreeMap<&'static str, [usize; 2]>,
    /// The first term of every chunk of `t/`, in order.
    chunks: Vec<String>,
    /// Every tag with its number of documents; `g/<n>.json` lists the ids of tag `n`.
    tags: Vec<(&'a str, usize)>,
}

/// How many documents one job writes (`d/`): the files of one job are in memory at once.
pub(crate) const DOCUMENTS_PER_JOB: usize = 1000;

/// The documents in index order: by kind, then in the order given.
fn ordered<'d, 'a>(docs: &'d [Document<'a>]) -> Vec<&'d Document<'a>> {
    index_order(docs.iter().map(|d| d.kind))
        .into_iter()
        .map(|i| &docs[i])
        .collect()
}

/// The index order of documents of `kinds` (given in the order the documents are): their
/// positions by kind, then as given. Document `order[id]` gets id `id`; a job that writes some
/// of the documents needs to make only those.
pub(crate) fn index_order(kinds: impl Iterator<Item = Kind>) -> Vec<usize> {
    let mut order: Vec<(Kind, usize)> = kinds.enumerate().map(|(i, k)| (k, i)).collect();
    order.sort_by_key(|&(k, _)| k);
    order.into_iter().map(|(_, i)| i).collect()
}

/// Every file of the index of `docs`: [`terms`] and all of [`documents`].
#[cfg(test)]
pub(crate) fn index(docs: &[Document], stemmer: Stemmer) -> Vec<IndexFile> {
    let mut files = documents(&ordered(docs), 0);
    files.extend(terms(docs, stemmer));
    files
}

/// The files `d/<id>.json` of `docs`, documents in index order whose ids start at `first`.
pub(crate) fn documents(docs: &[&Document], first: usize) -> Vec<IndexFile> {
    docs.par_iter()
        .enumerate()
        .map(|(i, d)| (d, first + i))
        .map(|(d, id)| IndexFile {
            path: format!("{DIR}/d/{id}.json"),
            bytes: json(&Stored {
                url: &d.url,
                title: &d.title,
                kind: d.kind,
                tags: &d.tags,
                level: d.plan.as_ref().map(|p| p.0.as_str()),
                weeks: d.plan.as_ref().map(|p| p.1),
                text: Joined(d),
            }),
        })
        .collect()
}

/// The index of `docs` but the documents: `meta.json`, the term chunks `t/` (terms stemmed
/// by `stemmer`) and the tag lists `g/`. The bytes depend on nothing else.
pub(crate) fn terms(docs: &[Document], stemmer: Stemmer) -> Vec<IndexFile> {
    let order = ordered(docs);
    let mut kinds = BTreeMap::new();
    for (id, d) in order.iter().enumerate() {
        kinds.entry(d.kind.name()).or_insert([id, id])[1] = id + 1;
    }
    let terms = terms::Terms::collect(&order, stemmer);
    let chunks = terms.chunks(CHUNK_BYTES);
    let mut tag_ids: BTreeMap<&str, Vec<u32>> = BTreeMap::new();
    for (id, d) in order.iter().enumerate() {
        for t in &d.tags {
            tag_ids.entry(t.as_str()).or_default().push(id as u32);
        }
    }
    let mut files = Vec::new();
    for (n, c) in chunks.iter().enumerate() {
        files.push(IndexFile {
            path: format!("{DIR}/t/{n}.json"),
            bytes: c.bytes.clone().into_bytes(),
        });
    }
    for (n, ids) in tag_ids.values().enumerate() {
        files.push(IndexFile {
            path: format!("{DIR}/g/{n}.json"),
            bytes: format!("\"{}\"\n", encode::ids(ids)).into_bytes(),
        });
    }
    let meta = Meta {
        version: 1,
        stemmer: stemmer.name(),
        docs: order.len(),
        kinds,
        chunks: chunks.into_iter().map(|c| c.first).collect(),
        tags: tag_ids.iter().map(|(t, ids)| (*t, ids.len())).collect(),
    };
    files.push(IndexFile {
        path: format!("{DIR}/meta.json"),
        bytes: json(&meta),
    });
    files
}

/// A warning at site.yaml's `language:` when search cannot stem words in that language.
pub(crate) fn language_warning(root: &std::path::Path, language: &str) -> Option<Diagnostic> {
    if Stemmer::for_language(language) != Stemmer::None {
        return None;
    }
    let text = std::fs::read_to_string(root.join("site.yaml")).unwrap_or_default();
    let (line, column) = text
        .lines()
        .enumerate()
        .find_map(|(i, l)| {
            let value = l.strip_prefix("language:")?;
            Some((i + 1, l.len() - value.trim_start().len() + 1))
        })
        .unwrap_or((1, 1));
    Some(
        Diagnostic::warning(
            "site.yaml",
            line,
            column,
            "search-language",
            format!("search does not stem words in `{language}`: it finds whole words and their beginnings"),
        )
        .with_help("only English (`en`, `en-GB`, ...) is stemmed so far"),
    )
}

fn json(value: &impl Serialize) -> Vec<u8> {
    let mut v = serde_json::to_vec(value).unwrap_or_default();
    v.push(b'\n');
    v
}

#[cfg(test)]
mod tests;
