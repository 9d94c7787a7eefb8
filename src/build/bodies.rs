//! Every Markdown body of a render (articles, the home intro, section intros): shortcodes
//! expanded, Markdown rendered, `@/` links resolved, and the plan views shortcodes embed.
//! `taper serve` keeps the rendered bodies between renders ([`BodyCache`]) and renders a body
//! again only when its text or what it uses changed.

use foldhash::{HashMap, HashMapExt};
use std::path::PathBuf;
use std::sync::{Arc, Mutex, OnceLock};

use rayon::prelude::*;

use crate::content::{Article, markdown, shortcode};
use crate::diagnostic::{Diagnostic, suggest};
use crate::digest;
use crate::render::views::{PlanView, SiteView};
use crate::site::Site;

/// Plan views for one render, built on first use.
pub(crate) struct PlanViews<'a> {
    pub(crate) cells: Vec<OnceLock<PlanView>>,
    pub(crate) make: &'a (dyn Fn(usize) -> PlanView + Sync),
}

impl PlanViews<'_> {
    /// The view of plan `i`, kept for later calls.
    pub(crate) fn get(&self, i: usize) -> &PlanView {
        self.cells[i].get_or_init(|| (self.make)(i))
    }

    /// The view of plan `i` to own: the kept one if a shortcode needed it, else a fresh one
    /// that is not kept.
    pub(crate) fn owned(&self, i: usize) -> PlanView {
        match self.cells[i].get() {
            Some(v) => v.clone(),
            None => (self.make)(i),
        }
    }
}

/// Every Markdown body of a render, by source file, and when they are kept for the next
/// render (`taper serve`), the digest of each ([`crate::build::keys`]).
pub(crate) struct Bodies {
    pub(crate) by_source: HashMap<PathBuf, Arc<markdown::Rendered>>,
    pub(crate) digests: HashMap<PathBuf, u64>,
}

/// Called with each article body as soon as it is rendered, in a streaming build: writes the
/// article's page and says whether to keep the HTML (the feed needs it).
pub(crate) type Emit<'a> =
    &'a (dyn Fn(&Article, &markdown::Rendered) -> Result<bool, Diagnostic> + Sync);

/// A rendered body and what it was rendered from.
#[derive(Debug)]
struct CachedBody {
    /// Digest of the Markdown it was rendered from.
    body: u64,
    /// Whether that Markdown has `@/` links and may call shortcodes.
    links: bool,
    shortcodes: bool,
    deps: u64,
    rendered: Arc<markdown::Rendered>,
    /// [`markdown::Rendered::digest`], when kept.
    digest: u64,
}

/// Rendered Markdown bodies by source file. A body is rendered again only when its text
/// changed or, for bodies that use them, the `@/` link targets or the views that shortcodes
/// show (plans, the site) changed; everything else a body's HTML depends on (templates,
/// site.yaml) makes `taper serve` load a new [`Site`], which starts with an empty cache.
#[derive(Default)]
pub(crate) struct BodyCache(Mutex<HashMap<PathBuf, CachedBody>>);

impl std::fmt::Debug for BodyCache {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let n = self.0.lock().map_or(0, |m| m.len());
        write!(f, "BodyCache({n} bodies)")
    }
}

impl Site {
    /// Every Markdown body (articles, the home intro, section intros) rendered, by source
    /// file: from the cache when neither the text nor what it uses changed, else afresh.
    pub(crate) fn render_bodies(
        &self,
        site: &SiteView,
        links_key: u64,
        resolve: markdown::LinkResolver,
        plan_views: &PlanViews,
        emit: Option<Emit>,
        keep: bool,
    ) -> Result<Bodies, Vec<Diagnostic>> {
        let options = markdown::RenderOptions {
            base_path: &site.base_path,
            highlight_theme: Some(&self.config.highlight_theme),
            links: Some(resolve),
            raw_html: true,
        };
        // What a body's HTML depends on besides its own text: always the base path and the
        // theme; the link targets when it has `@/` links; when it may call shortcodes, what
        // they show (the site, every plan's view, the plan ids).
        let base = digest(&(&site.base_path, &self.config.highlight_theme));
        // Only worked out when some body may call a shortcode: it builds every plan's view.
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
        let bodies: Vec<&Article> = self
            .articles
            .iter()
            .chain(self.home.iter())
            .chain(self.sections.iter().filter_map(|s| s.intro.as_ref()))
            .collect();
        let mut old = std::mem::take(&mut *self.bodies.0.lock().unwrap_or_else(|e| e.into_inner()));
        let work: Vec<_> = bodies
            .into_iter()
            .map(|a| {
                let cached = old.remove(&a.source).filter(|c| c.body == a.body_digest);
                let uses = match &cached {
                    Some(c) => (c.links, c.shortcodes),
                    None => (a.body.contains("@/"), a.body.contains("{{")),
                };
                // What a cached body depends on matters only to a render that keeps bodies
                // for the next one (`taper serve`): a build renders each body once, and
                // working out the shortcode key would build every plan's view for nothing.
                let deps = if keep {
                    digest(&(
                        base,
                        uses.0.then_some(links_key),
                        uses.1.then(shortcodes_key),
                    ))
                } else {
                    0
                };
                (a, deps, uses, cached.filter(|c| keep && c.deps == deps))
            })
            .collect();
        drop(old);
        let rendered: Vec<_> = work
            .into_par_iter()
            .map(|(a, deps, (links, shortcodes), cached)| {
                let body = || -> Result<CachedBody, Vec<Diagnostic>> {
                    Ok(match cached {
                        Some(c) => {
                            if let Some(emit) = emit {
                                emit(a, &c.rendered).map_err(|d| vec![d])?;
                            }
                            c
                        }
                        None => {
                            let mut r = self.render_body(a, &options, site, plan_views)?;
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
                            CachedBody {
                                body: a.body_digest,
                                links,
                                shortcodes,
                                deps,
                                digest: if keep { r.digest() } else { 0 },
                                rendered: Arc::new(r),
                            }
                        }
                    })
                };
                (a, body())
            })
            .collect();
        let mut errors = Vec::new();
        let mut cache = HashMap::with_capacity(rendered.len());
        let mut out = Bodies {
            by_source: HashMap::with_capacity(rendered.len()),
            digests: HashMap::new(),
        };
        for (a, r) in rendered {
            match r {
                Ok(c) => {
                    if keep {
                        out.digests.insert(a.source.clone(), c.digest);
                    }
                    out.by_source
                        .insert(a.source.clone(), Arc::clone(&c.rendered));
                    cache.insert(a.source.clone(), c);
                }
                Err(e) => errors.extend(e),
            }
        }
        // Unless asked to keep them, a streaming build dropped most HTML: nothing to reuse.
        if keep {
            *self.bodies.0.lock().unwrap_or_else(|e| e.into_inner()) = cache;
        }
        if errors.is_empty() {
            Ok(out)
        } else {
            Err(errors)
        }
    }

    /// Expands shortcodes, renders Markdown, resolves internal links; errors point into the
    /// article.
    fn render_body(
        &self,
        a: &Article,
        options: &markdown::RenderOptions,
        site: &SiteView,
        plan_views: &PlanViews,
    ) -> Result<markdown::Rendered, Vec<Diagnostic>> {
        let at = |offset: usize, message: String, help: Option<String>| {
            let (line, column) = shortcode::line_col(&a.body, offset);
            let mut d = Diagnostic::error(
                &a.source,
                a.body_line + line - 1,
                column,
                "shortcode",
                message,
            );
            d.help = help;
            d.source_line = a.body.lines().nth(line - 1).map(str::to_string);
            d
        };
        let mut shows_plan = false;
        let (expanded, call_errors) = shortcode::expand(&a.body, |call| {
            shows_plan |= matches!(call.name.as_str(), "plan" | "week" | "rest_days");
            self.render_shortcode(call, site, plan_views)
        });
        let mut errors: Vec<Diagnostic> = call_errors
            .into_iter()
            .map(|e| at(e.offset, e.message, e.help))
            .collect();
        let mut r = markdown::render_with(&expanded.text, options);
        for (off, link) in &r.broken_links {
            let mut d = at(
                expanded.original_offset(*off),
                format!("the link `{link}` names no page"),
                Some("write the path of a file below content/, like @/posts/why-rest.md or @/plans/half.yaml".into()),
            );
            d.code = "link";
            errors.push(d);
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

    /// One shortcode call: the built-in plan shortcodes check their arguments; any
    /// `templates/shortcodes/<name>.html` is callable with the arguments it is given.
    fn render_shortcode(
        &self,
        call: &shortcode::Call,
        site: &SiteView,
        plan_views: &PlanViews,
    ) -> Result<String, shortcode::CallError> {
        use shortcode::{Arg, CallError};
        let err = |message: String, help: Option<String>| CallError {
            offset: call.start,
            message,
            help,
        };
        let template = format!("shortcodes/{}.html", call.name);
        if !self.templates.has(&template) {
            let known = self.templates.shortcodes();
            return Err(err(
                format!("unknown shortcode `{}`", call.name),
                Some(
                    match suggest(&call.name, known.iter().map(String::as_str)) {
                        Some(s) => format!("did you mean `{s}`? shortcodes: {}", known.join(", ")),
                        None => format!(
                            "shortcodes: {} (add templates/shortcodes/{}.html to make one)",
                            known.join(", "),
                            call.name
                        ),
                    },
                ),
            ));
        }
        let mut c = tera::Context::new();
        c.insert("site", site);
        c.insert("args", &call.args);
        for (k, v) in &call.args {
            c.insert(k.clone(), v);
        }
        let builtin: Option<&[&str]> = match call.name.as_str() {
            "plan" | "rest_days" => Some(&["slug"]),
            "week" => Some(&["slug", "n"]),
            _ => None,
        };
        if let Some(allowed) = builtin {
            if let Some(k) = call.args.keys().find(|k| !allowed.contains(&k.as_str())) {
                return Err(err(
                    format!("`{}` takes no argument `{k}`", call.name),
                    Some(format!("its arguments: {}", allowed.join(", "))),
                ));
            }
            let slug = match call.args.get("slug") {
                Some(Arg::Text(s)) => s,
                _ => {
                    return Err(err(
                        format!("`{}` needs `slug=\"…\"`, the plan's id", call.name),
                        Some(format!(
                            "write {{{{ {}(slug=\"half-marathon-12\") }}}}",
                            call.name
                        )),
                    ));
                }
            };
            let ids: Vec<&str> = self.plans.iter().map(|p| p.plan.id.as_str()).collect();
            let Some(i) = ids.iter().position(|id| id == slug) else {
                return Err(err(
                    format!("no plan `{slug}`"),
                    Some(match suggest(slug, ids.iter().copied()) {
                        Some(s) => format!("did you mean `{s}`?"),
                        None => format!("plans: {}", ids.join(", ")),
                    }),
                ));
            };
            let view = plan_views.get(i);
            c.insert("plan", view);
            if call.name == "week" {
                let weeks = self.plans[i].plan.weeks.len();
                let n = match call.args.get("n") {
                    Some(Arg::Int(n)) if *n >= 1 && (*n as usize) <= weeks => *n as usize,
                    Some(Arg::Int(n)) => {
                        return Err(err(
                            format!("`{slug}` has no week {n}"),
                            Some(format!("it has weeks 1 to {weeks}")),
                        ));
                    }
                    _ => {
                        return Err(err(
                            "`week` needs `n=`, the week number".into(),
                            Some(format!("write {{{{ week(slug=\"{slug}\", n=1) }}}}")),
                        ));
                    }
                };
                c.insert("week", &view.weeks[n - 1]);
            }
        }
        self.templates.render(&template, &c).map_err(|d| {
            err(
                format!("the shortcode `{}` failed: {}", call.name, d.message),
                Some(format!("see {}", d.location())),
            )
        })
    }
}
