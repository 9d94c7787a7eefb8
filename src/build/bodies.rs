//! Every Markdown body of a render (articles, the home intro, section intros): shortcodes
//! expanded, Markdown rendered, `@/` links resolved, and the plan views shortcodes embed.
//! `taper serve` keeps the rendered bodies between renders ([`BodyCache`]) and renders a body
//! again only when its text or what it uses changed.

use foldhash::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Mutex, OnceLock};

use rayon::prelude::*;

use crate::build::Ctx;
use crate::content::{Article, markdown, shortcode};
use crate::diagnostic::Diagnostic;
use crate::digest;
use crate::images::Library;
use crate::plan::watch::WatchWorkout;
use crate::render::views::{PlanView, SiteView};
use crate::site::{Site, links};

/// Plan views for one render, built on first use.
pub(crate) struct PlanViews<'a> {
    pub(crate) cells: Vec<OnceLock<PlanView>>,
    /// Plan `i`'s view, given its published workouts; with its days' compact text
    /// ([`crate::render::views::add_compact`]) when the flag says so.
    pub(crate) make: &'a (dyn Fn(usize, &[WatchWorkout], bool) -> PlanView + Sync),
    /// Plan `i`'s published workouts ([`crate::plan::watch::published`]).
    pub(crate) workouts: &'a (dyn Fn(usize) -> Vec<WatchWorkout> + Sync),
}

impl PlanViews<'_> {
    /// The view of plan `i`, kept for later calls.
    pub(crate) fn get(&self, i: usize) -> &PlanView {
        self.cells[i].get_or_init(|| (self.make)(i, &(self.workouts)(i), true))
    }

    /// The view of plan `i` to own, with the plan's `workouts` (its job has made them for its
    /// files too): the kept one if a shortcode needed it, else a fresh one that is not kept,
    /// with the days' compact text if `compact`.
    pub(crate) fn owned(&self, i: usize, workouts: &[WatchWorkout], compact: bool) -> PlanView {
        match self.cells[i].get() {
            Some(v) => v.clone(),
            None => (self.make)(i, workouts, compact),
        }
    }
}

/// Every Markdown body of a render by source file, with what each was rendered from. A body
/// is rendered again only when its text changed or, for bodies that use them, the `@/` link
/// targets or the views that shortcodes show (plans, the site) changed; everything else a
/// body's HTML depends on (templates, site.yaml) makes `taper serve` load a new [`Site`],
/// which starts with an empty cache.
#[derive(Default)]
pub(crate) struct Bodies(HashMap<PathBuf, Body>);

/// A rendered body and what it was rendered from.
struct Body {
    /// Digest of the Markdown it was rendered from.
    text: u64,
    /// Whether that Markdown has `@/` links, may call shortcodes and has images.
    links: bool,
    shortcodes: bool,
    images: bool,
    /// Digest of what else it was rendered from (see [`Site::render_bodies`]).
    deps: u64,
    rendered: markdown::Rendered,
    /// [`markdown::Rendered::digest`], when kept for the next render.
    digest: u64,
}

impl Bodies {
    /// The rendered body of the file at `source`.
    pub(crate) fn get(&self, source: &Path) -> Option<&markdown::Rendered> {
        self.0.get(source).map(|b| &b.rendered)
    }

    /// The digest of the rendered body of the file at `source` (0 when it has none or the
    /// render does not keep bodies).
    pub(crate) fn digest(&self, source: &Path) -> u64 {
        self.0.get(source).map_or(0, |b| b.digest)
    }
}

/// Called with each article body as soon as it is rendered, in a streaming build: writes the
/// article's page and says whether to keep the HTML (the feed needs it).
pub(crate) type Emit<'a> =
    &'a (dyn Fn(&Article, &markdown::Rendered) -> Result<bool, Diagnostic> + Sync);

/// The bodies of the last render of `taper serve`, taken by the next one and given back.
#[derive(Default)]
pub(crate) struct BodyCache(Mutex<Bodies>);

impl BodyCache {
    fn take(&self) -> Bodies {
        std::mem::take(&mut *self.0.lock().unwrap_or_else(|e| e.into_inner()))
    }

    /// Keeps `bodies` for the next render.
    pub(crate) fn keep(&self, bodies: Bodies) {
        *self.0.lock().unwrap_or_else(|e| e.into_inner()) = bodies;
    }
}

impl std::fmt::Debug for BodyCache {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let n = self.0.lock().map_or(0, |m| m.0.len());
        write!(f, "BodyCache({n} bodies)")
    }
}

impl Site {
    /// Every Markdown body (articles, the home intro, section intros) rendered, by source
    /// file. With `keep` (`taper serve`) the last render's bodies are updated in place: only
    /// those whose text or dependencies changed are rendered; hand the result back with
    /// [`BodyCache::keep`].
    pub(crate) fn render_bodies(
        &self,
        cx: &Ctx,
        links_key: u64,
        resolve: markdown::LinkResolver,
        emit: Option<Emit>,
        keep: bool,
    ) -> Result<Bodies, Vec<Diagnostic>> {
        let (site, plan_views, images) = (cx.view(), cx.plan_views, cx.images);
        let options = markdown::RenderOptions {
            base_path: &site.base_path,
            highlight_theme: Some(&self.config.highlight_theme),
            links: Some(resolve),
            raw_html: true,
            images: None,
        };
        let all: Vec<&Article> = self.all_bodies().collect();
        let mut cache = if keep {
            self.bodies.take()
        } else {
            Bodies::default()
        };
        let todo = self.stale_bodies(
            &all,
            &cache,
            site,
            (links_key, images.digest),
            plan_views,
            keep,
        );
        let rendered: Vec<_> = todo
            .into_par_iter()
            .map(|(a, (links, shortcodes, pictures), deps)| {
                let body = || -> Result<Body, Vec<Diagnostic>> {
                    let mut r = self.render_body(a, &options, site, plan_views, images)?;
                    let kept = match emit {
                        Some(emit) => emit(a, &r).map_err(|d| vec![d])?,
                        None => true,
                    };
                    if kept {
                        // Kept for later: without the spare capacity it grew with.
                        r.html.shrink_to_fit();
                    } else {
                        r.html = String::new();
                    }
                    Ok(Body {
                        text: a.body_digest,
                        links,
                        shortcodes,
                        images: pictures,
                        deps,
                        digest: if keep { r.digest() } else { 0 },
                        rendered: r,
                    })
                };
                (a, body())
            })
            .collect();
        let mut errors = Vec::new();
        for (a, r) in rendered {
            match r {
                Ok(b) => {
                    cache.0.insert(a.source.clone(), b);
                }
                Err(e) => {
                    cache.0.remove(a.source.as_path());
                    errors.extend(e);
                }
            }
        }
        if cache.0.len() != all.len() {
            // Files that are gone (or failed).
            let live: foldhash::HashSet<&Path> = all.iter().map(|a| a.source.as_path()).collect();
            cache.0.retain(|p, _| live.contains(p.as_path()));
        }
        if errors.is_empty() {
            Ok(cache)
        } else {
            if keep {
                self.bodies.keep(cache);
            }
            Err(errors)
        }
    }

    /// The bodies of `all` that `cache` has no current render of, each with whether it has
    /// `@/` links and may call shortcodes, and the digest of what else its HTML depends on:
    /// always the base path and the highlighting theme; the link targets when it has `@/`
    /// links; when it may call shortcodes, what they show (the site, every plan's view, the
    /// plan ids). That digest only matters to a render that keeps bodies (`taper serve`): a
    /// build renders each body once, and the shortcode part builds every plan's view.
    fn stale_bodies<'s>(
        &self,
        all: &[&'s Article],
        cache: &Bodies,
        site: &SiteView,
        (links_key, images_key): (u64, u64),
        plan_views: &PlanViews,
        keep: bool,
    ) -> Vec<(&'s Article, (bool, bool, bool), u64)> {
        let base = digest(&(&site.base_path, &self.config.highlight_theme));
        let shortcodes_key = std::cell::OnceCell::new();
        let shortcodes_key = || {
            *shortcodes_key.get_or_init(|| {
                let views: Vec<&PlanView> =
                    (0..self.plans.len()).map(|i| plan_views.get(i)).collect();
                digest(&(
                    serde_json::to_string(site).unwrap_or_default(),
                    serde_json::to_string(&views).unwrap_or_default(),
                    self.plans.iter().map(|p| &p.plan.id).collect::<Vec<_>>(),
                ))
            })
        };
        let mut deps = [None; 8];
        let mut deps_of = |(links, shortcodes, images): (bool, bool, bool)| {
            let i = usize::from(links) * 4 + usize::from(shortcodes) * 2 + usize::from(images);
            *deps[i].get_or_insert_with(|| {
                digest(&(
                    base,
                    links.then_some(links_key),
                    shortcodes.then(&shortcodes_key),
                    images.then_some(images_key),
                ))
            })
        };
        all.iter()
            .filter_map(|&a| {
                let known = cache
                    .0
                    .get(a.source.as_path())
                    .filter(|c| c.text == a.body_digest);
                let uses = known.map_or_else(
                    || {
                        let b = &a.body;
                        (b.contains("@/"), b.contains("{{"), b.contains("!["))
                    },
                    |c| (c.links, c.shortcodes, c.images),
                );
                let deps = if keep { deps_of(uses) } else { 0 };
                match known {
                    Some(c) if c.deps == deps => None,
                    _ => Some((a, uses, deps)),
                }
            })
            .collect()
    }

    /// Expands shortcodes, renders Markdown, resolves internal links. The calls and links were
    /// checked when the site was linked ([`crate::site::links`]); what can still fail here is
    /// a custom shortcode's template, and the errors point into the article.
    fn render_body(
        &self,
        a: &Article,
        options: &markdown::RenderOptions,
        site: &SiteView,
        plan_views: &PlanViews,
        images: &Library,
    ) -> Result<markdown::Rendered, Vec<Diagnostic>> {
        let mut shows_plan = false;
        let (expanded, call_errors) = shortcode::expand(&a.body, |call| {
            shows_plan |= matches!(call.name.as_str(), "plan" | "week" | "rest_days");
            self.render_shortcode(call, site, plan_views)
        });
        let mut errors: Vec<Diagnostic> = call_errors
            .into_iter()
            .map(|e| links::body_error(a, e.offset, "shortcode", e.message, e.help))
            .collect();
        let image = |call: &markdown::ImageCall| images.html(a, call, &site.base_path);
        let with_images = markdown::RenderOptions {
            images: (!images.is_empty()).then_some(&image as markdown::ImageHtml),
            ..*options
        };
        let mut r = markdown::render_with(&expanded.text, &with_images);
        for (off, link) in &r.broken_links {
            errors.push(links::broken_link(a, expanded.original_offset(*off), link));
        }
        if !errors.is_empty() {
            errors.sort_by_key(|d| (d.line, d.column));
            return Err(errors);
        }
        r.html = expanded.restore(&r.html);
        r.shows_plan = shows_plan;
        // Only the search index reads the text: all of it.
        r.text = expanded.strip(&r.text);
        Ok(r)
    }

    /// One shortcode call: the built-in plan shortcodes are given their plan (and week); any
    /// `templates/shortcodes/<name>.html` is callable with the arguments it is given.
    fn render_shortcode(
        &self,
        call: &shortcode::Call,
        site: &SiteView,
        plan_views: &PlanViews,
    ) -> Result<String, shortcode::CallError> {
        let shows = self.check_call(call)?;
        let mut c = tera::Context::new();
        c.insert("site", site);
        c.insert("args", &call.args);
        for (k, v) in &call.args {
            c.insert(k.clone(), v);
        }
        if let links::Call::Plan(i, week) = shows {
            let view = plan_views.get(i);
            c.insert("plan", view);
            if let Some(w) = week {
                c.insert("week", &view.weeks[w]);
            }
        }
        let template = format!("shortcodes/{}.html", call.name);
        self.templates
            .render(&template, &c)
            .map_err(|d| shortcode::CallError {
                offset: call.start,
                message: format!("the shortcode `{}` failed: {}", call.name, d.message),
                help: Some(format!("see {}", d.location())),
            })
    }
}
