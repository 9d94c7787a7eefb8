//! Keeping a loaded [`Site`] current while an author edits it: re-read the one file that
//! changed and name the output that changes with it.
//!
//! Used by `taper serve`; `taper build` always starts from scratch. Articles, plans, section
//! intros and the home intro are updated in place; a change to site.yaml, a template, a static
//! file or a copied asset asks for everything to be reloaded ([`Change::Everything`]), which
//! is always correct.
//!
//! How much is re-rendered:
//! - an edit to an article's Markdown body alone (front matter unchanged) changes only what
//!   shows its body or its text: its page, `search_index.json` and `atom.xml` when the feed
//!   carries it; the render adds the home and section pages that list it when its word count
//!   shows differently there ([`Change::Pages`]);
//! - a new title or summary (the rest of the front matter unchanged) shows on the article's
//!   page, its section neighbours' pages (previous / next), the home, section and tag pages
//!   that list it, the feed and the search index ([`Change::Retitled`]); when the article is
//!   tied to a plan (a plan shows the titles of its related and explaining articles) or a
//!   template reads the section tree, every page is rendered instead;
//! - anything else about an article (date, tags, slug, weight, draft, a new or removed
//!   file), any plan change and any section intro change can show on almost every page
//!   (prev/next links, the section tree every template is given, plan cards, tag pages,
//!   shortcodes, `@/` links, calendars), so every page is rendered again in memory from the
//!   updated site ([`Change::AllPages`]). Markdown bodies come from the body cache, so that
//!   costs templates, not Markdown, and only files whose bytes changed are written.
//!
//! Either way each file is byte-identical to what a full build of the same sources writes.

use std::path::{Path, PathBuf};

use crate::content::{Article, section};
use crate::diagnostic::Diagnostic;
use crate::plan::analysis::analyse;

use super::{
    Loaded, Options, Page, PlanEntry, Site, Source, classify, cross_check, load_source,
    output_conflicts,
};

/// What a changed file means for the output.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Change {
    /// Re-render these pages and delete these output files (paths inside the output). Only
    /// Markdown bodies changed (or the home intro): no title, date, tag, path, plan or section.
    Pages {
        /// Pages whose output may differ now.
        render: Vec<Page>,
        /// Output files that no longer exist.
        removed: Vec<String>,
    },
    /// Re-render these pages, after working out again what every page shares: an article's
    /// title or summary changed, nothing else of its front matter, and no template reads
    /// the section tree (`sections`), which is the only shared data that shows titles.
    Retitled {
        /// The pages that show the article's title or summary.
        render: Vec<Page>,
    },
    /// Re-render every page from the updated site (nothing is re-read from disk); output
    /// files that are no longer rendered are gone.
    AllPages,
    /// Reload and rebuild the whole site.
    Everything,
    /// Nothing the site uses changed.
    Nothing,
}

/// Whether `new` differs from `old` only in its title, summary or body: everything that
/// places it (path, dates, tags, weight, draft) and ties it to plans is the same. The
/// pattern names every field, so a new front matter key cannot be forgotten here.
fn retitled_only(old: &Article, new: &Article) -> bool {
    let Article {
        source,
        path,
        title: _,
        date,
        updated,
        summary: _,
        tags,
        draft,
        weight,
        plans,
        explains,
        body: _,
        body_line: _,
        body_digest: _,
        slug_pos: _,
    } = old;
    let plan_names =
        |p: &[(String, crate::yaml::Pos)]| p.iter().map(|(s, _)| s.clone()).collect::<Vec<_>>();
    *source == new.source
        && *path == new.path
        && *date == new.date
        && *updated == new.updated
        && *tags == new.tags
        && *draft == new.draft
        && *weight == new.weight
        && plan_names(plans) == plan_names(&new.plans)
        && *explains == new.explains
}

impl Site {
    /// Applies a change (edit, creation or removal) of the file at `path`, absolute or relative
    /// to the site root. On error the site is left as it was, so the last good pages stay.
    pub fn update(&mut self, path: &Path, options: &Options) -> Result<Change, Vec<Diagnostic>> {
        let shared = self.shared.take();
        let change = self.apply(path, options);
        // Titles show in the section tree every page is given: work it out again.
        // What every page shares (tags, links, the section tree, plan cards) holds while only
        // bodies changed, or nothing did.
        if matches!(change, Err(_) | Ok(Change::Pages { .. } | Change::Nothing)) {
            self.shared.put(shared);
        }
        change
    }

    fn apply(&mut self, path: &Path, options: &Options) -> Result<Change, Vec<Diagnostic>> {
        let abs = if path.is_absolute() {
            path.to_path_buf()
        } else {
            self.root.join(path)
        };
        let Ok(rel) = abs.strip_prefix(&self.root).map(Path::to_path_buf) else {
            return Ok(Change::Nothing);
        };
        let first = rel
            .components()
            .next()
            .map(|c| c.as_os_str().to_string_lossy().into_owned())
            .unwrap_or_default();
        match first.as_str() {
            "site.yaml" | "templates" | "static" => return Ok(Change::Everything),
            "content" => {}
            _ => return Ok(Change::Nothing),
        }
        if abs.is_dir() {
            // A new or removed folder: its files arrive as their own events, but a folder
            // rename arrives as one event, so be safe.
            return Ok(Change::Everything);
        }
        let exists = abs.is_file();
        match classify(&self.root.join("content"), &abs, true) {
            Source::Skipped => Ok(Change::Nothing),
            Source::Asset(src, _) => {
                if exists || self.assets.iter().any(|(s, _)| s == &src) {
                    Ok(Change::Everything)
                } else {
                    Ok(Change::Nothing)
                }
            }
            Source::Home(p) => {
                self.home = match self.reread(&Source::Home(p), exists)? {
                    Some(Loaded::Home(a)) => Some(a),
                    _ => None,
                };
                // The intro shows on the first home page only.
                Ok(Change::Pages {
                    render: vec![Page::Home(1)],
                    removed: Vec::new(),
                })
            }
            source @ Source::SectionIntro(..) => self.update_intro(&rel, &source, exists),
            source @ Source::Article(..) => self.update_article(&rel, &source, exists, options),
            source @ Source::Plan(..) => self.update_plan(&rel, &source, exists, options),
        }
    }

    /// The file behind `source` read again, or `None` when it no longer exists; on errors,
    /// those (warnings are left for the full build to print).
    fn reread(&self, source: &Source, exists: bool) -> Result<Option<Loaded>, Vec<Diagnostic>> {
        if !exists {
            return Ok(None);
        }
        match load_source(&self.root, source, self.config.units) {
            (Some(loaded), _) => Ok(Some(loaded)),
            (None, diags) => Err(errors_only(diags)),
        }
    }

    fn update_intro(
        &mut self,
        rel: &Path,
        source: &Source,
        exists: bool,
    ) -> Result<Change, Vec<Diagnostic>> {
        let new = match self.reread(source, exists)? {
            Some(Loaded::Intro(a)) => Some(a),
            _ => None,
        };
        let mut intros: Vec<Article> = self
            .sections
            .iter()
            .filter_map(|s| s.intro.clone())
            .filter(|i| i.source != rel)
            .collect();
        intros.extend(new);
        let sections = section::build(&self.articles, intros);
        let plans: Vec<&crate::plan::Plan> = self.plans.iter().map(|e| &e.plan).collect();
        let conflicts = self.conflicts(&sections, &plans);
        if !conflicts.is_empty() {
            return Err(conflicts);
        }
        self.sections = sections;
        Ok(Change::AllPages)
    }

    fn update_article(
        &mut self,
        rel: &Path,
        source: &Source,
        exists: bool,
        options: &Options,
    ) -> Result<Change, Vec<Diagnostic>> {
        let new = match self.reread(source, exists)? {
            Some(Loaded::Article(a)) => (options.drafts || !a.draft).then_some(a),
            _ => None,
        };
        let old_index = self.articles.iter().position(|a| a.source == rel);
        if old_index.is_none() && new.is_none() {
            // A draft that stays left out, or a file the site never had.
            return Ok(Change::Nothing);
        }
        // Only the Markdown changed: the article keeps its place in every list, section and
        // tag, and the checks across files (slugs, plans, topics) see nothing new.
        if let (Some(i), Some(n)) = (old_index, &new)
            && retitled_only(&self.articles[i], n)
            && self.articles[i].title == n.title
            && self.articles[i].summary == n.summary
        {
            if let Some(n) = new {
                self.articles[i] = n;
            }
            return Ok(Change::Pages {
                render: self.pages_showing_body(i),
                removed: Vec::new(),
            });
        }
        if let (Some(i), Some(n)) = (old_index, &new)
            && retitled_only(&self.articles[i], n)
            && !self.tied_to_a_plan(i)
            && !self.templates.reads_variable("sections")
        {
            if let Some(n) = new {
                self.articles[i] = n;
            }
            return Ok(Change::Retitled {
                render: self.pages_showing_title(i),
            });
        }
        let old = old_index.map(|i| self.articles.remove(i));
        let new_path = new.as_ref().map(|a| a.path.clone());
        if let Some(a) = new {
            let at = self.articles.partition_point(|b| {
                b.date
                    .cmp(&a.date)
                    .reverse()
                    .then_with(|| b.path.cmp(&a.path))
                    .is_lt()
            });
            self.articles.insert(at, a);
        }
        let intros: Vec<Article> = self
            .sections
            .iter()
            .filter_map(|s| s.intro.clone())
            .collect();
        let sections = section::build(&self.articles, intros);
        let mut errors = self.cross_errors();
        if errors.is_empty() {
            let plans: Vec<&crate::plan::Plan> = self.plans.iter().map(|e| &e.plan).collect();
            errors.extend(self.conflicts(&sections, &plans));
        }
        if !errors.is_empty() {
            // Put the site back as it was.
            if let Some(p) = &new_path
                && let Some(i) = self.articles.iter().position(|a| &a.path == p)
                && self.articles[i].source == rel
            {
                self.articles.remove(i);
            }
            if let (Some(i), Some(a)) = (old_index, old) {
                self.articles.insert(i, a);
            }
            return Err(errors);
        }
        self.sections = sections;
        Ok(Change::AllPages)
    }

    /// The pages that show the body of article `ai`: its page, the search index and the feed
    /// when it carries the article. The home and section lists show only its word count: a
    /// render adds them when that changed ([`Site::lists_showing`]). Tag pages and the sitemap
    /// show no body.
    fn pages_showing_body(&self, ai: usize) -> Vec<Page> {
        let a = &self.articles[ai];
        let mut pages = vec![Page::Article(a.path.clone()), Page::SearchIndex];
        let in_feed = self.feed_articles().any(|b| b.source == a.source);
        if in_feed {
            pages.push(Page::Feed);
        }
        pages
    }

    /// The pages that show the title or summary of article `ai`: what shows its body, its
    /// section neighbours' pages (their previous / next links), the lists it is on and its
    /// tags' pages.
    fn pages_showing_title(&self, ai: usize) -> Vec<Page> {
        let mut pages = self.pages_showing_body(ai);
        pages.extend(self.lists_showing(ai));
        if let Some(si) = self.sections.iter().position(|s| s.pages.contains(&ai)) {
            let sec = &self.sections[si];
            let pos = sec.pages.iter().position(|&p| p == ai).unwrap_or_default();
            for n in [pos.checked_sub(1), Some(pos + 1)].into_iter().flatten() {
                if let Some(&other) = sec.pages.get(n) {
                    pages.push(Page::Article(self.articles[other].path.clone()));
                }
            }
            // A section's page lists its sub-sections with their pages' titles.
            let mut up = sec.parent;
            while let Some(p) = up.filter(|&p| p > 0) {
                let parent = &self.sections[p];
                pages.push(if parent.path == "plans" {
                    Page::PlanList
                } else {
                    Page::Section(parent.path.clone())
                });
                up = parent.parent;
            }
        }
        let tags: std::collections::BTreeSet<String> = self.articles[ai]
            .tags
            .iter()
            .map(|t| crate::content::markdown::slugify(t))
            .collect();
        pages.extend(tags.into_iter().map(Page::Tag));
        pages
    }

    /// Whether a plan shows article `ai` (its title): the article names a plan, explains a
    /// topic, or a plan's `articles:` names it.
    fn tied_to_a_plan(&self, ai: usize) -> bool {
        let a = &self.articles[ai];
        let file = super::content_path(&a.source);
        !a.plans.is_empty()
            || !a.explains.is_empty()
            || self.plans.iter().any(|p| {
                p.plan
                    .articles
                    .values()
                    .any(|named| *named == a.path || *named == file)
            })
    }

    /// The list pages that show article `ai`: the home page it is on and its section's page.
    pub(crate) fn lists_showing(&self, ai: usize) -> Vec<Page> {
        let mut pages: Vec<Page> = self
            .home_page_of(&self.articles[ai].path)
            .into_iter()
            .collect();
        if let Some(sec) = self.sections.iter().skip(1).find(|s| s.pages.contains(&ai)) {
            pages.push(if sec.path == "plans" {
                Page::PlanList
            } else {
                Page::Section(sec.path.clone())
            });
        }
        pages
    }

    fn update_plan(
        &mut self,
        rel: &Path,
        source: &Source,
        exists: bool,
        options: &Options,
    ) -> Result<Change, Vec<Diagnostic>> {
        let new = match self.reread(source, exists)? {
            Some(Loaded::Plan(p)) => (options.drafts || !p.draft).then_some(*p),
            _ => None,
        };
        let old_index = self.plans.iter().position(|p| p.plan.source == rel);
        if old_index.is_none() && new.is_none() {
            return Ok(Change::Nothing);
        }
        let old = old_index.map(|i| self.plans.remove(i));
        let new_path = new.as_ref().map(|p| p.path.clone());
        if let Some(plan) = new {
            let analysis = analyse(&plan, &self.config.recovery);
            let at = self.plans.partition_point(|e| e.plan.path < plan.path);
            self.plans.insert(at, PlanEntry { plan, analysis });
        }
        let mut errors = self.cross_errors();
        if errors.is_empty() {
            let plans: Vec<&crate::plan::Plan> = self.plans.iter().map(|e| &e.plan).collect();
            errors.extend(self.conflicts(&self.sections, &plans));
        }
        if !errors.is_empty() {
            if let Some(p) = &new_path
                && let Some(i) = self.plans.iter().position(|e| &e.plan.path == p)
                && self.plans[i].plan.source == rel
            {
                self.plans.remove(i);
            }
            if let (Some(i), Some(e)) = (old_index, old) {
                self.plans.insert(i, e);
            }
            return Err(errors);
        }
        // A plan shows on the home and plan lists, its tag pages, the pages of the articles
        // that name it or call its shortcodes, the feed, sitemap, search index and its
        // calendars: render everything, write what changed.
        Ok(Change::AllPages)
    }

    fn conflicts(
        &self,
        sections: &[section::Section],
        plans: &[&crate::plan::Plan],
    ) -> Vec<Diagnostic> {
        output_conflicts(
            &self.root,
            sections,
            &self.articles,
            plans,
            &self.assets,
            &self.config,
        )
    }

    fn cross_errors(&self) -> Vec<Diagnostic> {
        let plans: Vec<&crate::plan::Plan> = self.plans.iter().map(|e| &e.plan).collect();
        cross_check(&self.root, &self.articles, &plans)
    }
}

fn errors_only(diags: Vec<Diagnostic>) -> Vec<Diagnostic> {
    let errors: Vec<Diagnostic> = diags.into_iter().filter(|d| d.is_error()).collect();
    if errors.is_empty() {
        vec![Diagnostic::error(
            PathBuf::from("content"),
            0,
            0,
            "io",
            "the file could not be read",
        )]
    } else {
        errors
    }
}
