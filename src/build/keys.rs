//! What each job reads, as digests. `taper serve` keeps every job's key from the last render
//! ([`Memo`]) and runs a job again only when its key changed; `taper build` needs no keys.
//!
//! A key must change whenever the job's output can: each page kind's `key` (beside its
//! `render`) digests every part of the model its render reads, from the digests here, which
//! cost a pass over the articles and no views. Where a kind reads much of the site it takes
//! [`Digests::everything`]. `tests/incremental_props.rs` holds every key to that: after random
//! edits, the output of the re-run jobs equals a full build's, file by file.

use std::collections::BTreeSet;

use std::hash::{Hash, Hasher};

use rayon::prelude::*;

use crate::build::Ctx;
use crate::build::bodies::Bodies;
use crate::build::pages::Page;
use crate::content::Article;
use crate::content::guide::Entry;
use crate::site::OutputFile;

/// The digests jobs' keys are made of, worked out once per render.
pub(crate) struct Digests<'a> {
    /// What every page reads: the templates, the site view (site.yaml, menu) and, when a
    /// template reads `sections`, the section tree.
    pub base: u64,
    /// Per article (by index): its source, path and front matter.
    pub fronts: Vec<u64>,
    /// Rendered bodies by source file.
    bodies: &'a Bodies,
    /// Every tag: its name, slug and entries (tag links show counts).
    pub tags: u64,
    /// Every plan's file and path.
    pub plans: u64,
    /// The fronts of the articles plans can show (they name a plan or explain a topic, or a
    /// plan names them): plan pages list them.
    pub tied: u64,
    /// Per section: the links from it up to the home page (breadcrumbs).
    ancestors: Vec<u64>,
    /// Per section: itself (see [`Digests::section`]).
    sections: Vec<u64>,
    /// Per guide: every page of it in reading order (fronts, sections): its sidebar and
    /// previous / next links show them.
    guides: Vec<u64>,
    /// All of the above and every body and section: for jobs that read most of the site.
    pub everything: u64,
}

/// A digest of anything hashable, with the kind of job first so two kinds never share keys.
pub(crate) fn key(kind: &str, parts: impl Hash) -> u64 {
    crate::digest(&(kind, parts))
}

impl<'a> Digests<'a> {
    pub(crate) fn new(cx: &Ctx, bodies: &'a Bodies) -> Digests<'a> {
        let site = cx.site;
        let fronts: Vec<u64> = site.articles.par_iter().map(front).collect();
        let tags = crate::digest(&cx.shared.tag_list);
        let plans = crate::digest(
            &site
                .plans
                .iter()
                .map(|p| (p.plan.digest, &p.plan.path))
                .collect::<Vec<_>>(),
        );
        let named: BTreeSet<&str> = site
            .plans
            .iter()
            .flat_map(|p| p.plan.articles.values().map(String::as_str))
            .collect();
        let tied = crate::digest(
            &site
                .articles
                .iter()
                .zip(&fronts)
                .filter(|(a, _)| {
                    !a.plans.is_empty()
                        || !a.explains.is_empty()
                        || named.contains(a.path.as_str())
                        || named.contains(crate::site::content_path(&a.source).as_str())
                })
                .map(|(_, f)| f)
                .collect::<Vec<_>>(),
        );
        let ancestors = (0..site.sections.len())
            .map(|si| {
                let mut h = hasher(1);
                let mut at = Some(si);
                while let Some(i) = at {
                    let s = &site.sections[i];
                    (&s.path, &s.title).hash(&mut h);
                    at = s.parent;
                }
                h.finish()
            })
            .collect();
        let mut d = Digests {
            base: cx.shared.base,
            fronts,
            bodies,
            tags,
            plans,
            tied,
            ancestors,
            sections: Vec::new(),
            guides: Vec::new(),
            everything: 0,
        };
        d.sections = (0..site.sections.len())
            .map(|si| d.section_of(cx, si))
            .collect();
        d.guides = cx
            .shared
            .guides
            .list
            .iter()
            .map(|g| {
                let mut h = hasher(3);
                for e in &g.order {
                    match *e {
                        Entry::Page(a) => d.fronts[a].hash(&mut h),
                        Entry::Section(s) => d.sections[s].hash(&mut h),
                    }
                }
                h.finish()
            })
            .collect();
        let mut h = hasher(0);
        (d.base, &d.fronts, d.tags, d.plans, &d.guides, &d.sections).hash(&mut h);
        for a in site.articles.iter().chain(&site.home) {
            d.body(a).hash(&mut h);
        }
        d.everything = h.finish();
        d
    }

    /// The digest of article `a`'s rendered body (0 when it has none).
    pub(crate) fn body(&self, a: &Article) -> u64 {
        self.bodies.digest(a.source.as_path())
    }

    /// What lists show of a body: its word count (lists give no HTML or headings).
    pub(crate) fn words(&self, cx: &Ctx, a: &Article) -> usize {
        cx.body(a).map_or(0, |r| r.word_count)
    }

    /// Section `si` itself: path, title, place in the tree, intro (front and body).
    pub(crate) fn section(&self, si: usize) -> u64 {
        self.sections[si]
    }

    /// Every section's digest, in section order.
    pub(crate) fn all_sections(&self) -> &[u64] {
        &self.sections
    }

    fn section_of(&self, cx: &Ctx, si: usize) -> u64 {
        let s = &cx.site.sections[si];
        crate::digest(&(
            &s.path,
            &s.title,
            s.parent,
            &s.children,
            s.intro.as_ref().map(|i| (front(i), self.body(i))),
        ))
    }

    /// The links from section `si` up to the home page (breadcrumbs).
    pub(crate) fn ancestors(&self, si: usize) -> u64 {
        self.ancestors[si]
    }

    /// The guide article `ai` is in (0 when none).
    pub(crate) fn guide_of_article(&self, cx: &Ctx, ai: usize) -> u64 {
        let g = cx.shared.guides.of_article.get(ai).copied().flatten();
        g.map_or(0, |(g, _)| self.guides[g])
    }

    /// The guide section `si` is in (0 when none).
    pub(crate) fn guide_of_section(&self, cx: &Ctx, si: usize) -> u64 {
        let g = cx.shared.guides.of_section.get(si).copied().flatten();
        g.map_or(0, |(g, _)| self.guides[g])
    }

    /// The tree below section `si` as lists show it: sub-sections with their pages' fronts.
    pub(crate) fn subtree(&self, cx: &Ctx, si: usize) -> u64 {
        let mut h = hasher(2);
        let mut stack: Vec<usize> = cx.site.sections[si].children.clone();
        while let Some(c) = stack.pop() {
            let s = &cx.site.sections[c];
            (&s.path, &s.title, &s.children).hash(&mut h);
            for &a in &s.pages {
                self.fronts[a].hash(&mut h);
            }
            stack.extend(&s.children);
        }
        h.finish()
    }
}

fn hasher(seed: u64) -> impl Hasher {
    use std::hash::BuildHasher;
    foldhash::quality::FixedState::with_seed(seed).build_hasher()
}

/// An article's source, path and front matter (with the date of its last commit, which
/// `git_dates: true` gives it).
pub(crate) fn front(a: &Article) -> u64 {
    crate::digest(&(&a.source, &a.path, a.front_digest, a.updated))
}

/// What `taper serve` remembers of the last render: each job's key and the files it wrote.
#[derive(Debug, Default)]
pub struct Memo {
    jobs: foldhash::HashMap<Page, Remembered>,
    /// Counts renders: a job whose entry was not seen in the last one is gone.
    generation: u64,
    /// Files the last render no longer writes (paths inside the output).
    removed: Vec<String>,
    /// Whether renders leave the search index for later ([`Page::is_search`]): `taper
    /// serve` writes an edited page first and brings the index up to date once edits pause.
    pub(crate) defer: bool,
    /// Whether the last render left a stale search job for later.
    pub(crate) pending: bool,
}

#[derive(Debug)]
struct Remembered {
    key: u64,
    files: Vec<String>,
    seen: u64,
}

impl Memo {
    /// Whether job `page` must run again: its key is new.
    pub(crate) fn stale(&self, page: &Page, key: u64) -> bool {
        self.jobs.get(page).is_none_or(|e| e.key != key)
    }

    /// Whether a stale `page` waits for a later render (see [`Memo::defer`]).
    pub(crate) fn defers(&self, page: &Page) -> bool {
        self.defer && page.is_search()
    }

    /// The key `page` had when it last ran (0, which no key is taken to be, if never).
    pub(crate) fn previous_key(&self, page: &Page) -> u64 {
        self.jobs.get(page).map_or(0, |e| e.key)
    }

    /// Records a render: the jobs that exist now with their keys, and the files of those that
    /// ran. What the jobs that ran no longer write, and every file of a job that is gone, is
    /// listed in [`Memo::take_removed`].
    pub(crate) fn record(&mut self, current: Vec<(Page, u64)>, ran: Vec<(Page, &[OutputFile])>) {
        self.generation += 1;
        let now = self.generation;
        let count = current.len();
        for (page, key) in current {
            let e = self.jobs.entry(page).or_insert(Remembered {
                key,
                files: Vec::new(),
                seen: now,
            });
            e.key = key;
            e.seen = now;
        }
        let mut removed = Vec::new();
        for (page, files) in ran {
            if let Some(e) = self.jobs.get_mut(&page) {
                let paths: Vec<String> = files.iter().map(|f| f.path.clone()).collect();
                removed.extend(e.files.drain(..).filter(|f| !paths.contains(f)));
                e.files = paths;
            }
        }
        if self.jobs.len() != count {
            self.jobs.retain(|_, e| {
                if e.seen != now {
                    removed.append(&mut e.files);
                }
                e.seen == now
            });
        }
        if !removed.is_empty() {
            // A path a gone job wrote may be another job's now.
            let written: BTreeSet<&String> = self.jobs.values().flat_map(|e| &e.files).collect();
            removed.retain(|f| !written.contains(f));
            removed.sort();
            removed.dedup();
            self.removed.extend(removed);
        }
    }

    /// The files the renders since the last call no longer write.
    pub fn take_removed(&mut self) -> Vec<String> {
        std::mem::take(&mut self.removed)
    }
}
