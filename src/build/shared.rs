//! What every page of a render shares that only site.yaml, front matter and plans decide (not
//! Markdown bodies): the site view with its menu, the `@/` link targets, tags, the section tree
//! and plan cards as template values. Kept between renders for as long as its inputs' digest
//! holds ([`SharedCache`]), so an edit to a body alone reuses it.

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};

use crate::build::keys::front;
use crate::content::guide::Guides;
use crate::diagnostic::Diagnostic;
use crate::digest;
use crate::publish::tags;
use crate::render::views::{MenuLink, PlanCard, SiteView, TagLink};
use crate::site::{Site, collect_tags};

/// What every page of a render shares that only site.yaml, front matter and plans decide (not
/// Markdown bodies): the site view with its menu, the `@/` link targets, tags, and the template
/// values given to every page.
pub(crate) struct Shared {
    pub(crate) site: SiteView,
    /// `@/` link targets, and their digest (bodies that use links depend on it).
    pub(crate) links: Arc<BTreeMap<String, String>>,
    pub(crate) links_key: u64,
    pub(crate) tag_list: Vec<tags::Tag>,
    pub(crate) tag_links: Vec<TagLink>,
    pub(crate) site_value: tera::Value,
    /// The section tree, when a template can read `sections`.
    pub(crate) sections_value: Option<tera::Value>,
    /// Every plan's card, for the home and plan lists.
    pub(crate) cards: tera::Value,
    /// Digest of what every page is given: the site view, and the section tree when a
    /// template reads `sections` (see [`crate::build::keys`]).
    pub(crate) base: u64,
    /// The guides (`layout: guide` sections) and which pages are in them.
    pub(crate) guides: Guides,
}

/// The last [`Shared`] with the digest of what it was made from, and the last `@/` link
/// targets (with their digest) with the digest of the paths they were made from: a title
/// edit changes the first, not the second.
#[derive(Default)]
pub(crate) struct SharedCache(Mutex<Option<(u64, Arc<Shared>)>>, Mutex<Option<Links>>);

/// `@/` link targets: the digest of the paths they come from, the targets, their digest.
type Links = (u64, Arc<BTreeMap<String, String>>, u64);

impl std::fmt::Debug for SharedCache {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let kept = self.0.lock().map(|s| s.is_some()).unwrap_or(false);
        write!(f, "SharedCache({})", if kept { "kept" } else { "empty" })
    }
}

impl Site {
    /// The [`Shared`] part of a render: the last one while what it is made of (site.yaml and
    /// the templates, which last as long as the loaded site, every article's and intro's front
    /// matter, every plan) is unchanged, else worked out and kept.
    pub(crate) fn shared(&self) -> Result<Arc<Shared>, Vec<Diagnostic>> {
        let inputs = digest(&(
            self.articles.iter().map(front).collect::<Vec<_>>(),
            self.sections
                .iter()
                .filter_map(|s| s.intro.as_ref().map(front))
                .collect::<Vec<_>>(),
            self.home.as_ref().map(front),
            self.plans
                .iter()
                .map(|p| (p.plan.digest, &p.plan.path))
                .collect::<Vec<_>>(),
        ));
        let mut slot = self.shared.0.lock().unwrap_or_else(|e| e.into_inner());
        if let Some((key, s)) = slot.as_ref()
            && *key == inputs
        {
            return Ok(Arc::clone(s));
        }
        let mut site = SiteView::new(&self.config);
        let (links, links_key) = self.cached_link_targets(&site);
        let resolve = |path: &str| links.get(path.trim_start_matches('/')).cloned();
        site.menu = self.menu(&site, &resolve)?;

        // Tags over articles and plans (their slugs are checked when the site is loaded).
        let plans: Vec<&crate::plan::Plan> = self.plans.iter().map(|p| &p.plan).collect();
        let (tag_list, errors) = collect_tags(&self.articles, &plans);
        if !errors.is_empty() {
            return Err(errors);
        }
        site.has_plans = !self.plans.is_empty();
        site.has_tags = !tag_list.is_empty();
        let tag_links: Vec<TagLink> = tag_list
            .iter()
            .map(|t| TagLink {
                name: t.name.clone(),
                slug: t.slug.clone(),
                url: site.url(&format!("tags/{}", t.slug)),
                count: t.items.len(),
            })
            .collect();
        // Converted to template values once: every page gets them, and cloning a value is
        // cheap (reference-counted) where serialising the section tree, which lists every
        // article, for each page made a build quadratic in the number of articles. Only when
        // a template can read it: the built-in theme does not, and it names every article.
        let section_tree = self
            .templates
            .reads_variable("sections")
            .then(|| self.section_tree(0, &site).children);
        let cards: Vec<PlanCard> = self
            .plans
            .iter()
            .map(|p| PlanCard::new(&p.plan, &site))
            .collect();
        let base = digest(&(
            serde_json::to_string(&site).unwrap_or_default(),
            section_tree
                .as_ref()
                .map(|t| serde_json::to_string(t).unwrap_or_default()),
        ));
        let shared = Arc::new(Shared {
            base,
            site_value: tera::Value::from_serializable(&site),
            sections_value: section_tree.as_ref().map(tera::Value::from_serializable),
            cards: tera::Value::from_serializable(&cards),
            links_key,
            guides: Guides::build(&self.sections, &self.articles),
            site,
            links,
            tag_list,
            tag_links,
        });
        *slot = Some((inputs, Arc::clone(&shared)));
        Ok(shared)
    }

    /// [`Site::link_targets`], from the last render while the paths it reads are the same.
    pub(crate) fn cached_link_targets(
        &self,
        site: &SiteView,
    ) -> (Arc<BTreeMap<String, String>>, u64) {
        let paths = digest(&(
            &site.base_path,
            self.articles
                .iter()
                .map(|a| (&a.source, &a.path))
                .collect::<Vec<_>>(),
            self.plans
                .iter()
                .map(|p| (&p.plan.source, &p.plan.path))
                .collect::<Vec<_>>(),
            self.sections
                .iter()
                .map(|s| (&s.path, s.intro.as_ref().map(|i| &i.source)))
                .collect::<Vec<_>>(),
        ));
        let mut slot = self.shared.1.lock().unwrap_or_else(|e| e.into_inner());
        if let Some((key, links, links_key)) = slot.as_ref()
            && *key == paths
        {
            return (Arc::clone(links), *links_key);
        }
        let links = Arc::new(self.link_targets(site));
        let links_key = digest(&*links);
        *slot = Some((paths, Arc::clone(&links), links_key));
        (links, links_key)
    }

    /// The menu from site.yaml with its URLs resolved.
    fn menu(
        &self,
        site: &SiteView,
        resolve: &dyn Fn(&str) -> Option<String>,
    ) -> Result<Vec<MenuLink>, Vec<Diagnostic>> {
        let mut out = Vec::new();
        let mut errors = Vec::new();
        for m in &self.config.menu {
            let url = if let Some(target) = m.url.strip_prefix("@/") {
                let (path, frag) = target
                    .split_once('#')
                    .map_or((target, String::new()), |(p, f)| (p, format!("#{f}")));
                match resolve(path) {
                    Some(u) => format!("{u}{frag}"),
                    None => {
                        let src = std::fs::read_to_string(self.root.join("site.yaml"))
                            .unwrap_or_default();
                        errors.push(
                            Diagnostic::error(
                                "site.yaml",
                                m.pos.line,
                                m.pos.column,
                                "link",
                                format!("the menu links to `{}`, which is not a page", m.url),
                            )
                            .with_help(
                                "write the path of a file below content/, like @/posts/why-rest.md",
                            )
                            .with_source(&src),
                        );
                        continue;
                    }
                }
            } else if m.url.starts_with('/') && !m.url.starts_with("//") {
                format!("{}{}", site.base_path.trim_end_matches('/'), m.url)
            } else {
                m.url.clone()
            };
            out.push(MenuLink {
                name: m.name.clone(),
                url,
            });
        }
        if errors.is_empty() {
            Ok(out)
        } else {
            Err(errors)
        }
    }
}
