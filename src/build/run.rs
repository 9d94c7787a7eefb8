//! Running the output graph: a render works out what every job shares (plan views, Markdown
//! bodies, tags, the section tree), then runs the jobs in parallel into a sink (the staging
//! folder for `taper build`, the link scanner for `taper check`), into memory, or, for
//! `taper serve`, only the jobs whose key changed since the last render ([`Memo`]).

use std::collections::{BTreeSet, HashMap};
use std::path::Path;
use std::sync::OnceLock;
use std::time::Instant;

use rayon::prelude::*;

use crate::build::bodies::{Bodies, PlanViews};
use crate::build::keys::{Digests, Memo};
use crate::build::pages::{Job, Page};
use crate::build::{self, Ctx};
use crate::content::{Article, markdown};
use crate::diagnostic::Diagnostic;
use crate::render::views::{Link, plan_view};
use crate::site::output::Staging;
use crate::site::{ArticleIndex, OutputFile, Sink, Site, Summary};
use crate::source::rel;

impl Site {
    /// Renders every output file into memory: pages, plan files and calendars, tag and
    /// section lists, the feed, sitemap, search index and stylesheet (assets are not read:
    /// see [`Site::assets`]).
    pub fn render_all(&self) -> Result<Vec<OutputFile>, Vec<Diagnostic>> {
        self.render_pages(None, None)
    }

    /// Renders the jobs whose key differs from `memo`'s (all of them for an empty memo) into
    /// memory and records their keys: what `taper serve` writes after an edit. Each file is
    /// byte-identical to what [`Site::render_all`] gives for it; what is no longer written
    /// is in [`Memo::take_removed`].
    pub(crate) fn render_changed(
        &self,
        memo: &mut Memo,
    ) -> Result<Vec<OutputFile>, Vec<Diagnostic>> {
        self.render_pages(None, Some(memo))
    }

    /// Renders every output file and hands each to `each` as soon as it is ready, keeping
    /// none: what `taper build` writes and `taper check` scans, without the whole site in
    /// memory. Files arrive in no fixed order, from several threads.
    pub fn render_each(&self, each: Sink) -> Result<(), Vec<Diagnostic>> {
        self.render_pages(Some(each), None).map(|_| ())
    }

    /// Renders every output file and writes the site to `out`, replacing the previous output
    /// only when everything succeeded.
    pub fn build(&self, out: &Path, force: bool) -> Result<Summary, Vec<Diagnostic>> {
        self.build_with(out, force, None, &|_| {})
    }

    /// [`Site::build`], showing each file to `observe` once it is written. With a `memo`
    /// (`taper serve`), every job's key is recorded in it and the rendered Markdown is kept
    /// for later renders, which costs the memory of every body's HTML.
    pub(crate) fn build_with(
        &self,
        out: &Path,
        force: bool,
        memo: Option<&mut Memo>,
        observe: &(dyn Fn(&OutputFile) + Sync),
    ) -> Result<Summary, Vec<Diagnostic>> {
        use std::sync::atomic::{AtomicUsize, Ordering::Relaxed};
        let started = Instant::now();
        let staging = Staging::begin(&self.root, out, force).map_err(|d| vec![d])?;
        let (pages, files) = (AtomicUsize::new(0), AtomicUsize::new(0));
        let write = |f: &OutputFile| -> Result<(), Diagnostic> {
            staging.write(&f.path, &f.bytes)?;
            observe(f);
            files.fetch_add(1, Relaxed);
            if f.path.ends_with(".html") {
                pages.fetch_add(1, Relaxed);
            }
            Ok(())
        };
        // On an error the staging folder is dropped (and removed); the old output stays.
        self.render_pages(Some(&write), memo)?;
        self.finish(staging, started, pages.into_inner(), files.into_inner())
    }

    /// Copies the assets into `staging` and swaps it in place of the old output.
    fn finish(
        &self,
        staging: Staging,
        started: Instant,
        pages: usize,
        files: usize,
    ) -> Result<Summary, Vec<Diagnostic>> {
        let mut errors = Vec::new();
        for (src, dest) in &self.assets {
            if let Err(d) = staging.copy(src, &rel(&self.root, src), dest) {
                errors.push(d);
            }
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        staging.commit().map_err(|d| vec![d])?;
        Ok(Summary {
            pages,
            plans: self.plans.len(),
            files: files + self.assets.len(),
            elapsed: started.elapsed(),
        })
    }

    /// Runs the site's jobs: every one, or with a `memo` those whose key changed (recording
    /// the new keys). Files go to `sink` as they are ready, else they are returned. Whatever
    /// is shared (plan views, Markdown bodies, tags, the section tree) is worked out for the
    /// whole site first, so a job run alone gives what it gives in a full render.
    fn render_pages(
        &self,
        sink: Option<Sink>,
        memo: Option<&mut Memo>,
    ) -> Result<Vec<OutputFile>, Vec<Diagnostic>> {
        let shared = self.shared()?;
        let site = &shared.site;
        let links = &shared.links;
        let resolve = |path: &str| links.get(path.trim_start_matches('/')).cloned();
        let index = OnceLock::new();
        let index_of = || index.get_or_init(|| ArticleIndex::new(&self.articles));
        // Plan views are built when first needed: shortcodes keep theirs (a body may embed a
        // plan), plan pages build theirs and drop it, so a large site never holds them all.
        let plan_views = PlanViews {
            cells: self.plans.iter().map(|_| OnceLock::new()).collect(),
            make: &|i: usize, workouts: &[crate::plan::watch::WatchWorkout], compact: bool| {
                let plan = &self.plans[i].plan;
                let related: Vec<Link> = index_of()
                    .related
                    .get(plan.id.as_str())
                    .into_iter()
                    .flatten()
                    .map(|&ai| Link {
                        title: self.articles[ai].title.clone(),
                        url: site.url(&self.articles[ai].path),
                    })
                    .collect();
                let topic = self.topic_resolver(plan, site, index_of());
                let analysis = &self.plans[i].analysis;
                let mut view = plan_view(plan, analysis, site, &related, &topic, workouts);
                if compact {
                    crate::render::views::add_compact(&mut view, plan);
                }
                view
            },
            workouts: &|i: usize| {
                crate::plan::watch::published(&self.plans[i].plan, self.config.workouts)
            },
        };
        // Images before bodies: a body's `<img>` has the sizes resizing gives.
        let images = crate::images::Library::load(self)?;
        let cx = Ctx {
            site: self,
            shared: &shared,
            plan_views: &plan_views,
            index: &index,
            bodies: None,
            images: &images,
        };

        // Then every Markdown body, once: pages, the feed and the search index share it. A
        // streaming build (no memo) writes each article's page as soon as its body is
        // rendered and keeps only what lists and the search index need (word count,
        // headings, the first words), not the HTML, except for the articles in the feed.
        let keep = memo.is_some();
        let streaming = sink.filter(|_| !keep);
        let placed: HashMap<&Path, (usize, usize, usize)> = if streaming.is_some() {
            self.sections
                .iter()
                .enumerate()
                .flat_map(|(si, sec)| {
                    sec.pages
                        .iter()
                        .enumerate()
                        .map(move |(pos, &ai)| (ai, si, pos))
                })
                .map(|(ai, si, pos)| (self.articles[ai].source.as_path(), (ai, si, pos)))
                .collect()
        } else {
            HashMap::new()
        };
        let in_feed: BTreeSet<&Path> = self.feed_articles().map(|a| a.source.as_path()).collect();
        let emit = |a: &Article, r: &markdown::Rendered| -> Result<bool, Diagnostic> {
            let (Some(sink), Some(&(ai, si, pos))) = (streaming, placed.get(a.source.as_path()))
            else {
                return Ok(true);
            };
            sink(&build::pages::article::page(&cx, ai, si, pos, Some(r))?)?;
            self.progress.tick();
            // The feed and guide print pages show whole bodies.
            let in_guide = shared.guides.article(ai).is_some();
            Ok(in_guide || in_feed.contains(a.source.as_path()))
        };
        self.progress.start(placed.len());
        let bodies = self.render_bodies(
            &cx,
            shared.links_key,
            &resolve,
            streaming.is_some().then_some(&emit),
            keep,
        )?;
        let cx = Ctx {
            bodies: Some(&bodies),
            ..cx
        };
        let result = self.run_jobs(&cx, &bodies, streaming.is_none(), sink, memo);
        if keep {
            self.bodies.keep(bodies);
        }
        result
    }

    /// Runs every job, or with a `memo` those whose key changed (recording the new keys).
    fn run_jobs(
        &self,
        cx: &Ctx,
        bodies: &Bodies,
        articles: bool,
        sink: Option<Sink>,
        memo: Option<&mut Memo>,
    ) -> Result<Vec<OutputFile>, Vec<Diagnostic>> {
        let mut jobs = build::jobs(cx, articles);
        // With a memo, only the jobs whose key changed run.
        let mut keyed: Vec<(Page, u64)> = match &memo {
            Some(_) => {
                let digests = Digests::new(cx, bodies);
                jobs.par_iter()
                    .map(|j| (j.page(self), j.key(cx, &digests)))
                    .collect()
            }
            None => Vec::new(),
        };
        // The names of the jobs that run, in job order (only a memo needs them).
        let mut running = Vec::new();
        let mut deferred = false;
        if let Some(memo) = &memo {
            let mut stale = keyed.iter_mut().map(|(page, key)| {
                let stale = memo.stale(page, *key);
                if stale && memo.defers(page) {
                    // Left for [`Memo::pending`]: recorded with its old key, it stays stale.
                    *key = memo.previous_key(page);
                    deferred = true;
                    return false;
                }
                if stale {
                    running.push(page.clone());
                }
                stale
            });
            jobs.retain(|_| stale.next().unwrap_or(true));
        }
        let ran = self.run(cx, &jobs, sink, memo.is_some())?;
        if let Some(memo) = memo {
            memo.pending = deferred;
            memo.record(
                keyed,
                running
                    .into_iter()
                    .zip(ran.iter().map(Vec::as_slice))
                    .collect(),
            );
        }
        Ok(match sink {
            Some(_) => Vec::new(),
            None => ran.into_iter().flatten().collect(),
        })
    }

    /// Runs `jobs` in parallel: each job's files, in job order. With a sink, each file goes to
    /// it as soon as it is rendered and its bytes are dropped (a build never holds the whole
    /// site in memory); only the paths are kept, and only for a memo (`keep_paths`).
    fn run(
        &self,
        cx: &Ctx,
        jobs: &[Job],
        sink: Option<Sink>,
        keep_paths: bool,
    ) -> Result<Vec<Vec<OutputFile>>, Vec<Diagnostic>> {
        self.progress.grow(jobs.len());
        let results: Vec<Result<Vec<OutputFile>, Diagnostic>> = jobs
            .par_iter()
            .inspect(|_| self.progress.tick())
            .map(|job| {
                let files = job.render(cx)?;
                let Some(sink) = sink else {
                    return Ok(files);
                };
                files.iter().try_for_each(sink)?;
                Ok(if keep_paths {
                    files
                        .into_iter()
                        .map(|f| OutputFile {
                            bytes: Vec::new(),
                            ..f
                        })
                        .collect()
                } else {
                    Vec::new()
                })
            })
            .collect();
        let mut ran = Vec::with_capacity(results.len());
        let mut errors = Vec::new();
        for r in results {
            match r {
                Ok(done) => ran.push(done),
                Err(d) => errors.push(d),
            }
        }
        if errors.is_empty() {
            Ok(ran)
        } else {
            Err(errors)
        }
    }
}
