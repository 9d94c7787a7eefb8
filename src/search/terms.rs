//! The term index: every stemmed term with the documents it is in and how well it matches
//! each (BM25, title and tags weighted above the text), sorted by term and cut into chunks.

use foldhash::{HashMap, HashMapExt};
use rayon::prelude::*;

use super::Document;
use super::encode;
use super::words::{self, Stemmer, Stems};

/// How many times a word of the title, and of a tag, counts as a word of the text.
const TITLE_WEIGHT: u32 = 3;
const TAG_WEIGHT: u32 = 2;
/// BM25's usual constants: how fast repeats of a term stop adding, and how much a long
/// document is held back.
const K1: f64 = 1.2;
const B: f64 = 0.75;
/// Scores are stored as whole numbers: BM25 times this.
const SCALE: f64 = 8.0;

/// A term's postings: (document id, score or weighted count), ids increasing.
type Postings = Vec<(u32, u32)>;

/// Every term with its postings, sorted by term.
pub(crate) struct Terms {
    list: Vec<(Box<str>, Postings)>,
}

/// Term counts of a run of documents: terms by number, with (document, weighted count)
/// postings, and each document's length.
struct Counts {
    stems: Stems,
    /// Word → term number: each word is stemmed once.
    words: HashMap<Box<str>, u32>,
    ids: HashMap<Box<str>, u32>,
    terms: Vec<Box<str>>,
    postings: Vec<Postings>,
    lengths: Vec<(u32, u32)>,
}

impl Counts {
    fn new(stemmer: Stemmer) -> Counts {
        Counts {
            stems: Stems::new(stemmer),
            words: HashMap::with_capacity(8192),
            ids: HashMap::with_capacity(4096),
            terms: Vec::new(),
            postings: Vec::new(),
            lengths: Vec::new(),
        }
    }

    fn id(&mut self, term: &str) -> u32 {
        if let Some(&id) = self.ids.get(term) {
            return id;
        }
        let id = self.terms.len() as u32;
        self.ids.insert(term.into(), id);
        self.terms.push(term.into());
        self.postings.push(Vec::new());
        id
    }

    fn word(&mut self, word: &str) -> u32 {
        if let Some(&id) = self.words.get(word) {
            return id;
        }
        let term = self.stems.term(word).into_owned();
        let id = self.id(&term);
        self.words.insert(word.into(), id);
        id
    }

    fn add(&mut self, doc: u32, d: &Document) {
        let mut counts: HashMap<u32, u32> = HashMap::with_capacity(512);
        let mut length = 0;
        let mut buf = String::new();
        let parts = std::iter::once((d.title.as_str(), TITLE_WEIGHT))
            .chain(d.tags.iter().map(|t| (t.as_str(), TAG_WEIGHT)))
            .chain(d.parts().map(|p| (p, 1)));
        for (text, weight) in parts {
            words::each_word(text, &mut buf, |w| {
                let id = self.word(w);
                *counts.entry(id).or_default() += weight;
                length += 1;
            });
        }
        for (id, n) in counts {
            self.postings[id as usize].push((doc, n));
        }
        self.lengths.push((doc, length));
    }

    /// `other`'s terms added to these.
    fn merge(mut self, other: Counts) -> Counts {
        for (term, postings) in other.terms.iter().zip(other.postings) {
            let id = self.id(term) as usize;
            self.postings[id].extend(postings);
        }
        self.lengths.extend(other.lengths);
        self
    }
}

impl Terms {
    /// The terms of `docs` (document `i` is id `i`).
    pub(crate) fn collect(docs: &[&Document], stemmer: Stemmer) -> Terms {
        let counts = docs
            .par_iter()
            .enumerate()
            .fold(
                || Counts::new(stemmer),
                |mut c, (i, d)| {
                    c.add(i as u32, d);
                    c
                },
            )
            .reduce(|| Counts::new(stemmer), Counts::merge);
        let mut lengths = vec![0u32; docs.len()];
        for (doc, n) in &counts.lengths {
            lengths[*doc as usize] = *n;
        }
        let total: u64 = lengths.iter().map(|&n| u64::from(n)).sum();
        let average = (total as f64 / docs.len().max(1) as f64).max(1.0);
        let n = docs.len() as f64;
        let mut list: Vec<(Box<str>, Postings)> = counts
            .terms
            .into_par_iter()
            .zip(counts.postings)
            .map(|(term, mut postings)| {
                postings.sort_unstable();
                let df = postings.len() as f64;
                let idf = (1.0 + (n - df + 0.5) / (df + 0.5)).ln();
                for (doc, tf) in &mut postings {
                    let tf_f = f64::from(*tf);
                    let norm = 1.0 - B + B * f64::from(lengths[*doc as usize]) / average;
                    let score = idf * tf_f * (K1 + 1.0) / (tf_f + K1 * norm);
                    *tf = ((score * SCALE).round() as u32).max(1);
                }
                (term, postings)
            })
            .collect();
        list.par_sort_unstable_by(|a, b| a.0.cmp(&b.0));
        Terms { list }
    }

    /// The terms as JSON objects of about `bytes` bytes each (a term with more postings has a
    /// chunk to itself), with the first term of each.
    pub(crate) fn chunks(&self, bytes: usize) -> Vec<Chunk> {
        let mut out: Vec<Chunk> = Vec::new();
        let mut current: Option<Chunk> = None;
        for (term, postings) in &self.list {
            let c = current.get_or_insert_with(|| Chunk {
                first: term.to_string(),
                bytes: String::from("{"),
            });
            if c.bytes.len() > 1 {
                c.bytes.push(',');
            }
            c.bytes
                .push_str(&serde_json::to_string(&**term).unwrap_or_default());
            c.bytes.push_str(":\"");
            c.bytes.push_str(&encode::postings(postings));
            c.bytes.push('"');
            if c.bytes.len() >= bytes
                && let Some(mut c) = current.take()
            {
                c.bytes.push_str("}\n");
                out.push(c);
            }
        }
        if let Some(mut c) = current {
            c.bytes.push_str("}\n");
            out.push(c);
        }
        out
    }
}

/// A chunk of the term index: its first term and its JSON text.
pub(crate) struct Chunk {
    pub first: String,
    pub bytes: String,
}
