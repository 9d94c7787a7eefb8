//! Keeping a loaded [`Site`] current while an author edits it: re-read the one file that
//! changed and link the model again.
//!
//! Used by `taper serve`; `taper build` always starts from scratch. Articles, plans, section
//! intros and the home intro are updated in place; a change to site.yaml, a template, a static
//! file or a copied asset asks for the site to be loaded again ([`Update::Reload`]), which is
//! always correct. What to render again is not decided here: every job's key says what it
//! read ([`crate::build::keys`]), and `taper serve` re-runs the jobs whose key changed.
//!
//! An article whose edit leaves it where it was (its body, title or summary changed) keeps
//! its place in every list, section and tag, so nothing is linked again; any other change
//! links the whole model again (sections, checks across files, output claims).

use std::path::{Path, PathBuf};

use crate::content::{Article, section};
use crate::diagnostic::Diagnostic;
use crate::plan::analysis::analyse;

use super::{
    Loaded, Options, PlanEntry, Site, Source, classify, cross_check, load_source, output_conflicts,
};

/// Whether `new` differs from `old` only in what linking does not read (its title, summary,
/// body and other front matter that no list order, path, tag or cross-file check uses):
/// then the article keeps its place in every section and the checks across files see
/// nothing new. The pattern names every field, so a new one cannot be forgotten here.
fn placed_the_same(old: &Article, new: &Article) -> bool {
    let Article {
        source,
        path,
        title: _,
        date,
        updated: _,
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
        front_digest: _,
        layout,
        aliases,
        extra: _,
        image: _,
    } = old;
    fn plan_names(p: &[(String, crate::yaml::Pos)]) -> impl Iterator<Item = &str> {
        p.iter().map(|(s, _)| s.as_str())
    }
    *source == new.source
        && *path == new.path
        && *date == new.date
        && *tags == new.tags
        && *draft == new.draft
        && *weight == new.weight
        && plan_names(plans).eq(plan_names(&new.plans))
        && *explains == new.explains
        && layout.map(|l| l.0) == new.layout.map(|l| l.0)
        && plan_names(aliases).eq(plan_names(&new.aliases))
}

/// What a changed file did to the loaded site.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Update {
    /// The site now holds the change.
    Applied,
    /// Load the whole site again (site.yaml, a template, a static file or asset changed).
    Reload,
    /// Nothing the site uses changed.
    Nothing,
}

impl Site {
    /// Applies a change (edit, creation or removal) of the file at `path`, absolute or relative
    /// to the site root. On error the site is left as it was, so the last good pages stay.
    pub fn update(&mut self, path: &Path, options: &Options) -> Result<Update, Vec<Diagnostic>> {
        let abs = if path.is_absolute() {
            path.to_path_buf()
        } else {
            self.root.join(path)
        };
        let Ok(rel) = abs.strip_prefix(&self.root).map(Path::to_path_buf) else {
            return Ok(Update::Nothing);
        };
        let first = rel
            .components()
            .next()
            .map(|c| c.as_os_str().to_string_lossy().into_owned())
            .unwrap_or_default();
        match first.as_str() {
            "site.yaml" | "templates" | "static" => return Ok(Update::Reload),
            "content" => {}
            _ => return Ok(Update::Nothing),
        }
        if abs.is_dir() {
            // A new or removed folder: its files arrive as their own events, but a folder
            // rename arrives as one event, so be safe.
            return Ok(Update::Reload);
        }
        let exists = abs.is_file();
        match classify(&self.root.join("content"), &abs, true) {
            Source::Skipped => Ok(Update::Nothing),
            Source::Asset(src, _) => {
                if exists || self.assets.iter().any(|(s, _)| s == &src) {
                    Ok(Update::Reload)
                } else {
                    Ok(Update::Nothing)
                }
            }
            Source::Home(p) => {
                let home = match self.reread(&Source::Home(p), exists)? {
                    Some(Loaded::Home(a)) => Some(a),
                    _ => None,
                };
                let errors: Vec<Diagnostic> =
                    home.iter().flat_map(|a| self.check_body(a)).collect();
                if !errors.is_empty() {
                    return Err(errors);
                }
                self.home = home;
                Ok(Update::Applied)
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
            (Some(mut loaded), _) => {
                if let Loaded::Article(a) | Loaded::Intro(a) | Loaded::Home(a) = &mut loaded {
                    super::git_date(a, &self.git_dates);
                }
                Ok(Some(loaded))
            }
            (None, diags) => Err(errors_only(diags)),
        }
    }

    fn update_intro(
        &mut self,
        rel: &Path,
        source: &Source,
        exists: bool,
    ) -> Result<Update, Vec<Diagnostic>> {
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
        let conflicts = self.conflicts(&sections);
        if !conflicts.is_empty() {
            return Err(conflicts);
        }
        let old = std::mem::replace(&mut self.sections, sections);
        // Section paths are link targets: every body's links, the new intro's calls.
        let broken = self.check_bodies();
        if !broken.is_empty() {
            self.sections = old;
            return Err(broken);
        }
        Ok(Update::Applied)
    }

    fn update_article(
        &mut self,
        rel: &Path,
        source: &Source,
        exists: bool,
        options: &Options,
    ) -> Result<Update, Vec<Diagnostic>> {
        let new = match self.reread(source, exists)? {
            Some(Loaded::Article(a)) => (options.drafts || !a.draft).then_some(a),
            _ => None,
        };
        let old_index = self.articles.iter().position(|a| a.source == rel);
        if old_index.is_none() && new.is_none() {
            // A draft that stays left out, or a file the site never had.
            return Ok(Update::Nothing);
        }
        // Only the body, title or summary changed: the article keeps its place in every
        // list, section and tag, and the checks across files (slugs, plans, topics) see
        // nothing new, so nothing is linked again.
        if let (Some(i), Some(n)) = (old_index, &new)
            && placed_the_same(&self.articles[i], n)
        {
            let broken = self.check_body(n);
            if !broken.is_empty() {
                return Err(broken);
            }
            if let Some(n) = new {
                self.articles[i] = n;
            }
            return Ok(Update::Applied);
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
            errors.extend(self.conflicts(&sections));
        }
        let old_sections = std::mem::replace(&mut self.sections, sections);
        if errors.is_empty() {
            // Pages may have moved, come or gone: every body's links, the new one's calls.
            errors = self.check_bodies();
        }
        if !errors.is_empty() {
            // Put the site back as it was.
            self.sections = old_sections;
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
        Ok(Update::Applied)
    }

    fn update_plan(
        &mut self,
        rel: &Path,
        source: &Source,
        exists: bool,
        options: &Options,
    ) -> Result<Update, Vec<Diagnostic>> {
        let reread = self.reread(source, exists)?;
        // A variant is made from its base, so a family's plans are loaded again together.
        let in_family = self.plans.iter().any(|e| {
            e.plan
                .variant
                .as_ref()
                .is_some_and(|v| e.plan.source == rel || v.family == rel || v.base == rel)
        });
        if in_family || matches!(reread, Some(Loaded::Variant(_))) {
            return self.update_plans(options);
        }
        let new = match reread {
            Some(Loaded::Plan(p)) => (options.drafts || !p.draft).then_some(*p),
            _ => None,
        };
        let old_index = self.plans.iter().position(|p| p.plan.source == rel);
        if old_index.is_none() && new.is_none() {
            return Ok(Update::Nothing);
        }
        let old = old_index.map(|i| self.plans.remove(i));
        let new_path = new.as_ref().map(|p| p.path.clone());
        if let Some(plan) = new {
            let analysis = analyse(&plan, &self.config.recovery);
            let at = self.plans.partition_point(|e| e.plan.path < plan.path);
            self.plans.insert(at, PlanEntry { plan, analysis });
        }
        let errors = self.plan_errors();
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
        Ok(Update::Applied)
    }

    /// Every plan read again, for an edit in a family of plans (a variant is made from its
    /// base, and its siblings link to it). A plan whose file and base are unchanged keeps its
    /// analysis; what to render again is for the jobs' keys to say.
    fn update_plans(&mut self, options: &Options) -> Result<Update, Vec<Diagnostic>> {
        let sources: Vec<Source> = crate::source::walk(&self.root)
            .sources
            .into_iter()
            .filter(|s| matches!(s, Source::Plan(..)))
            .collect();
        let parsed = crate::source::parse(&self.root, &sources, self.config.units, options.drafts);
        if !parsed.errors.is_empty() {
            return Err(parsed.errors);
        }
        let was: Vec<PathBuf> = self.plans.iter().map(|e| e.plan.source.clone()).collect();
        let mut old: Vec<Option<PlanEntry>> = std::mem::take(&mut self.plans)
            .into_iter()
            .map(Some)
            .collect();
        let mut plans = parsed.plans;
        plans.sort_by(|a, b| a.path.cmp(&b.path));
        self.plans = plans
            .into_iter()
            .map(|plan| {
                let kept = old.iter_mut().find(|e| {
                    e.as_ref().is_some_and(|e| {
                        e.plan.source == plan.source && e.plan.digest == plan.digest
                    })
                });
                let analysis = match kept.and_then(Option::take) {
                    Some(e) => e.analysis,
                    None => analyse(&plan, &self.config.recovery),
                };
                PlanEntry { plan, analysis }
            })
            .collect();
        let errors = self.plan_errors();
        if !errors.is_empty() {
            // Put the last good plans back: their analyses are still in `old` or in place.
            let now = std::mem::take(&mut self.plans);
            let mut back: Vec<PlanEntry> = old.into_iter().flatten().collect();
            let kept: Vec<PathBuf> = back.iter().map(|e| e.plan.source.clone()).collect();
            back.extend(
                now.into_iter()
                    .filter(|e| was.contains(&e.plan.source) && !kept.contains(&e.plan.source)),
            );
            back.sort_by(|a, b| a.plan.path.cmp(&b.plan.path));
            self.plans = back;
            return Err(errors);
        }
        Ok(Update::Applied)
    }

    /// What a changed set of plans can break, checked in order: ids and the articles plans
    /// name, then output paths, then (plans being link targets and what shortcodes show) every
    /// body's links and calls.
    fn plan_errors(&self) -> Vec<Diagnostic> {
        let mut errors = self.cross_errors();
        if errors.is_empty() {
            errors = self.conflicts(&self.sections);
        }
        if errors.is_empty() {
            errors = self.check_bodies();
        }
        errors
    }

    fn conflicts(&self, sections: &[section::Section]) -> Vec<Diagnostic> {
        let plans: Vec<&crate::plan::Plan> = self.plans.iter().map(|e| &e.plan).collect();
        output_conflicts(
            &self.root,
            sections,
            &self.articles,
            &plans,
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
