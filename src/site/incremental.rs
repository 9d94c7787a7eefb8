//! Keeping a loaded [`Site`] current while an author edits it: re-read the one file that
//! changed and name the pages that change with it.
//!
//! Used by `taper serve`; `taper build` always starts from scratch. Only articles and plans are
//! updated in place: a change to site.yaml, a template, a static file or a copied asset asks for
//! everything to be reloaded ([`Change::Everything`]), which is always correct.

use std::path::{Path, PathBuf};

use crate::diagnostic::Diagnostic;
use crate::plan::analysis::analyse;

use super::{Loaded, Options, Page, PlanEntry, Site, Source, classify, cross_check, load_source};

/// What a changed file means for the output.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Change {
    /// Re-render these pages and delete these output files (paths inside the output).
    Pages {
        /// Pages whose output may differ now.
        render: Vec<Page>,
        /// Output files that no longer exist.
        removed: Vec<String>,
    },
    /// Reload and rebuild the whole site.
    Everything,
    /// Nothing the site uses changed.
    Nothing,
}

impl Site {
    /// Applies a change (edit, creation or removal) of the file at `path`, absolute or relative
    /// to the site root. On error the site is left as it was, so the last good pages stay.
    pub fn update(&mut self, path: &Path, options: &Options) -> Result<Change, Vec<Diagnostic>> {
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
                let home = if exists {
                    match load_source(&self.root, &Source::Home(p), self.config.units) {
                        (Some(Loaded::Home(a)), _) => Some(a),
                        (_, diags) => return Err(errors_only(diags)),
                    }
                } else {
                    None
                };
                self.home = home;
                Ok(Change::Pages {
                    render: vec![Page::Home],
                    removed: Vec::new(),
                })
            }
            source @ Source::Article(..) => self.update_article(&rel, &source, exists, options),
            source @ Source::Plan(..) => self.update_plan(&rel, &source, exists, options),
        }
    }

    fn update_article(
        &mut self,
        rel: &Path,
        source: &Source,
        exists: bool,
        options: &Options,
    ) -> Result<Change, Vec<Diagnostic>> {
        let new = if exists {
            match load_source(&self.root, source, self.config.units) {
                (Some(Loaded::Article(a)), _) => (options.drafts || !a.draft).then_some(a),
                (_, diags) => return Err(errors_only(diags)),
            }
        } else {
            None
        };
        let old_index = self.articles.iter().position(|a| a.source == rel);
        let old = old_index.map(|i| self.articles.remove(i));
        let mut plan_ids: Vec<String> = Vec::new();
        let mut explains = false;
        for a in old.iter().chain(new.iter()) {
            plan_ids.extend(a.plans.iter().map(|(s, _)| s.clone()));
            explains |= !a.explains.is_empty();
        }
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
        let errors = self.cross_errors();
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
        let mut render = vec![Page::Home];
        let mut removed = Vec::new();
        if let Some(p) = &new_path {
            render.push(Page::Article(p.clone()));
        }
        if let Some(old) = &old
            && new_path.as_deref() != Some(old.path.as_str())
        {
            removed.push(format!("{}/index.html", old.path));
        }
        let content = rel.to_string_lossy().replace('\\', "/");
        for entry in &self.plans {
            let names_it = entry.plan.articles.values().any(|p| {
                Some(p) == new_path.as_ref()
                    || old.as_ref().is_some_and(|o| &o.path == p)
                    || content
                        .strip_prefix("content/")
                        .and_then(|c| c.strip_suffix(".md"))
                        == Some(p.as_str())
            });
            if explains || names_it || plan_ids.contains(&entry.plan.id) {
                render.push(Page::Plan(entry.plan.path.clone()));
            }
        }
        Ok(Change::Pages { render, removed })
    }

    fn update_plan(
        &mut self,
        rel: &Path,
        source: &Source,
        exists: bool,
        options: &Options,
    ) -> Result<Change, Vec<Diagnostic>> {
        let new = if exists {
            match load_source(&self.root, source, self.config.units) {
                (Some(Loaded::Plan(p)), _) => (options.drafts || !p.draft).then_some(*p),
                (_, diags) => return Err(errors_only(diags)),
            }
        } else {
            None
        };
        let old_index = self.plans.iter().position(|p| p.plan.source == rel);
        let old = old_index.map(|i| self.plans.remove(i));
        let mut ids: Vec<String> = old.iter().map(|e| e.plan.id.clone()).collect();
        let new_path = new.as_ref().map(|p| p.path.clone());
        if let Some(plan) = new {
            ids.push(plan.id.clone());
            let analysis = analyse(&plan, &self.config.recovery);
            let at = self.plans.partition_point(|e| e.plan.path < plan.path);
            self.plans.insert(at, PlanEntry { plan, analysis });
        }
        let errors = self.cross_errors();
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
        let mut render = vec![Page::Home, Page::PlanList];
        let mut removed = Vec::new();
        if let Some(p) = &new_path {
            render.push(Page::Plan(p.clone()));
        }
        if let Some(old) = &old
            && new_path.as_deref() != Some(old.plan.path.as_str())
        {
            removed.push(format!("{}/index.html", old.plan.path));
            removed.push(format!("{}/plan.json", old.plan.path));
        }
        for a in &self.articles {
            if a.plans.iter().any(|(s, _)| ids.contains(s)) {
                render.push(Page::Article(a.path.clone()));
            }
        }
        Ok(Change::Pages { render, removed })
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
