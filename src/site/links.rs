//! What Markdown bodies refer to, checked when the site is linked, before any page is
//! rendered: every `@/` link names a page and every shortcode call names a shortcode with the
//! arguments it takes (a built-in plan shortcode, a plan that exists, a week it has). Only a
//! custom shortcode's template can still fail while pages render, as any template can.

use std::collections::BTreeMap;

use crate::content::{Article, markdown, shortcode};
use crate::diagnostic::{Diagnostic, suggest};
use crate::render::views::SiteView;
use crate::site::{Site, content_path};

/// What a shortcode call shows, once its arguments are checked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Call {
    /// A built-in plan shortcode (`plan`, `rest_days`, `week`): the plan's index and, for
    /// `week`, the week's (0-based).
    Plan(usize, Option<usize>),
    /// `templates/shortcodes/<name>.html`, given the call's arguments as they are.
    Custom,
}

/// A problem at byte `offset` of `a`'s body, with the body's line.
pub(crate) fn body_error(
    a: &Article,
    offset: usize,
    code: &'static str,
    message: String,
    help: Option<String>,
) -> Diagnostic {
    let (line, column) = shortcode::line_col(&a.body, offset);
    let mut d = Diagnostic::error(&a.source, a.body_line + line - 1, column, code, message);
    d.help = help;
    d.source_line = a.body.lines().nth(line - 1).map(str::to_string);
    d
}

/// The error for an `@/` link at byte `offset` of `a`'s body that names no page.
pub(crate) fn broken_link(a: &Article, offset: usize, link: &str) -> Diagnostic {
    body_error(
        a,
        offset,
        "link",
        format!("the link `{link}` names no page"),
        Some(
            "write the path of a file below content/, like @/posts/why-rest.md or @/plans/half.yaml"
                .into(),
        ),
    )
}

impl Site {
    /// Every Markdown body (articles, the home intro, section intros).
    pub(crate) fn all_bodies(&self) -> impl Iterator<Item = &Article> {
        self.articles
            .iter()
            .chain(self.home.iter())
            .chain(self.sections.iter().filter_map(|s| s.intro.as_ref()))
    }

    /// The problems of every body with `@/` links or shortcode calls, against the site as
    /// it is now.
    pub(crate) fn check_bodies(&self) -> Vec<Diagnostic> {
        let todo: Vec<&Article> = self
            .all_bodies()
            .filter(|a| a.body.contains("@/") || a.body.contains("{{"))
            .collect();
        if todo.is_empty() {
            return Vec::new();
        }
        let links = self.link_paths();
        todo.into_iter()
            .flat_map(|a| self.body_errors(a, &links))
            .collect()
    }

    /// The problems of `a`'s body, against the site as it is now.
    pub(crate) fn check_body(&self, a: &Article) -> Vec<Diagnostic> {
        if !a.body.contains("@/") && !a.body.contains("{{") {
            return Vec::new();
        }
        self.body_errors(a, &self.link_paths())
    }

    /// Where `@/…` internal links may point: content paths (`posts/x.md`, `plans/half.yaml`,
    /// `guide/_index.md`, `guide/`) → site-relative URLs.
    pub(crate) fn link_targets(&self, site: &SiteView) -> BTreeMap<String, String> {
        let mut m = BTreeMap::new();
        m.insert("index.md".to_string(), site.base_path.clone());
        m.insert(String::new(), site.base_path.clone());
        for a in &self.articles {
            m.insert(format!("{}.md", content_path(&a.source)), site.url(&a.path));
        }
        for p in &self.plans {
            let src = p.plan.source.to_string_lossy().replace('\\', "/");
            m.insert(
                src.strip_prefix("content/").unwrap_or(&src).to_string(),
                site.url(&p.plan.path),
            );
        }
        for s in self.sections.iter().skip(1) {
            let dir = match &s.intro {
                Some(i) => content_path(&i.source)
                    .trim_end_matches("_index")
                    .trim_end_matches('/')
                    .to_string(),
                None => s.path.clone(),
            };
            m.insert(format!("{dir}/_index.md"), site.url(&s.path));
            m.insert(format!("{dir}/"), site.url(&s.path));
        }
        m.insert("plans/".to_string(), site.url("plans"));
        m.insert("tags/".to_string(), site.url("tags"));
        m
    }

    /// Where `@/` links may point (the URLs do not matter here): the targets the render
    /// uses, from the cache they are kept in while the paths stay the same.
    fn link_paths(&self) -> std::sync::Arc<BTreeMap<String, String>> {
        self.cached_link_targets(&SiteView::new(&self.config)).0
    }

    /// The shortcode calls and `@/` links of `a`'s body that name nothing, in source order.
    fn body_errors(&self, a: &Article, links: &BTreeMap<String, String>) -> Vec<Diagnostic> {
        let (expanded, call_errors) =
            shortcode::expand(&a.body, |call| self.check_call(call).map(|_| String::new()));
        let mut errors: Vec<Diagnostic> = call_errors
            .into_iter()
            .map(|e| body_error(a, e.offset, "shortcode", e.message, e.help))
            .collect();
        if a.body.contains("@/") {
            let resolve = |path: &str| links.get(path.trim_start_matches('/')).cloned();
            for (off, link) in markdown::broken_links(&expanded.text, &resolve) {
                errors.push(broken_link(a, expanded.original_offset(off), &link));
            }
        }
        errors.sort_by_key(|d| (d.line, d.column));
        errors
    }

    /// Checks one shortcode call: a template must exist for its name; the built-in plan
    /// shortcodes take only their arguments and name a plan (and a week) that exists.
    pub(crate) fn check_call(&self, call: &shortcode::Call) -> Result<Call, shortcode::CallError> {
        use shortcode::{Arg, CallError};
        let err = |message: String, help: Option<String>| CallError {
            offset: call.start,
            message,
            help,
        };
        if !self
            .templates
            .has(&format!("shortcodes/{}.html", call.name))
        {
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
        let allowed: &[&str] = match call.name.as_str() {
            "plan" | "rest_days" => &["slug"],
            "week" => &["slug", "n"],
            _ => return Ok(Call::Custom),
        };
        if let Some(k) = call.args.keys().find(|k| !allowed.contains(&k.as_str())) {
            return Err(err(
                format!("`{}` takes no argument `{k}`", call.name),
                Some(format!("its arguments: {}", allowed.join(", "))),
            ));
        }
        let Some(Arg::Text(slug)) = call.args.get("slug") else {
            return Err(err(
                format!("`{}` needs `slug=\"…\"`, the plan's id", call.name),
                Some(format!(
                    "write {{{{ {}(slug=\"half-marathon-12\") }}}}",
                    call.name
                )),
            ));
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
        if call.name != "week" {
            return Ok(Call::Plan(i, None));
        }
        let weeks = self.plans[i].plan.weeks.len();
        match call.args.get("n") {
            Some(Arg::Int(n)) if *n >= 1 && (*n as usize) <= weeks => {
                Ok(Call::Plan(i, Some(*n as usize - 1)))
            }
            Some(Arg::Int(n)) => Err(err(
                format!("`{slug}` has no week {n}"),
                Some(format!("it has weeks 1 to {weeks}")),
            )),
            _ => Err(err(
                "`week` needs `n=`, the week number".into(),
                Some(format!("write {{{{ week(slug=\"{slug}\", n=1) }}}}")),
            )),
        }
    }
}

#[cfg(test)]
mod tests {
    use std::fs;
    use std::path::{Path, PathBuf};

    use crate::site::incremental::Update;
    use crate::site::{Options, Site};

    fn site(name: &str, a: &str) -> PathBuf {
        let root = std::env::temp_dir().join(format!("taper-links-{name}-{}", std::process::id()));
        let _ = fs::remove_dir_all(&root);
        fs::create_dir_all(root.join("content/posts")).unwrap();
        fs::write(root.join("site.yaml"), "title: Links\n").unwrap();
        fs::write(root.join("content/posts/a.md"), a).unwrap();
        fs::write(
            root.join("content/posts/b.md"),
            "---\ntitle: B\ndate: 2026-01-01\n---\nSee [a](@/posts/a.md).\n",
        )
        .unwrap();
        root
    }

    fn errors(root: &Path) -> Vec<(String, usize, usize, &'static str)> {
        match Site::load(root, &Options::default()) {
            Ok(_) => Vec::new(),
            Err(ds) => ds
                .into_iter()
                .map(|d| (d.message, d.line, d.column, d.code))
                .collect(),
        }
    }

    #[test]
    fn a_site_with_a_broken_link_or_call_does_not_load() {
        let root = site(
            "load",
            "---\ntitle: A\ndate: 2026-01-02\n---\nText.\n\n[x](@/posts/gone.md) {{ plan(slug=\"none\") }}\n",
        );
        assert_eq!(
            errors(&root),
            [
                (
                    "the link `@/posts/gone.md` names no page".to_string(),
                    7,
                    5,
                    "link"
                ),
                ("no plan `none`".to_string(), 7, 22, "shortcode"),
            ]
        );
        // Links inside code are not links.
        fs::write(
            root.join("content/posts/a.md"),
            "---\ntitle: A\ndate: 2026-01-02\n---\n`[x](@/posts/gone.md)`\n",
        )
        .unwrap();
        assert_eq!(errors(&root), []);
        let _ = fs::remove_dir_all(&root);
    }

    #[test]
    fn an_edit_that_breaks_another_bodys_link_is_refused_and_the_site_kept() {
        let root = site("edit", "---\ntitle: A\ndate: 2026-01-02\n---\nText.\n");
        let mut s = Site::load(&root, &Options::default()).unwrap();
        // b links to a: moving a away breaks b's link.
        let a = root.join("content/posts/a.md");
        fs::write(
            &a,
            "---\ntitle: A\ndate: 2026-01-02\nslug: moved\n---\nText.\n",
        )
        .unwrap();
        let fresh = root.join("content/posts/moved.md");
        fs::rename(&a, &fresh).unwrap();
        let Err(ds) = s.update(&a, &Options::default()) else {
            panic!("removing a linked page must fail");
        };
        assert_eq!(ds[0].code, "link");
        assert_eq!(
            (ds[0].file.as_path(), ds[0].line),
            (Path::new("content/posts/b.md"), 5)
        );
        assert!(
            s.articles.iter().any(|x| x.path == "posts/a"),
            "the site is as it was"
        );
        // A body edit that adds a broken link is refused too.
        fs::rename(&fresh, &a).unwrap();
        fs::write(
            &a,
            "---\ntitle: A\ndate: 2026-01-02\n---\n[y](@/nowhere.md)\n",
        )
        .unwrap();
        assert!(s.update(&a, &Options::default()).is_err());
        fs::write(&a, "---\ntitle: A\ndate: 2026-01-02\n---\nFixed.\n").unwrap();
        assert_eq!(s.update(&a, &Options::default()).unwrap(), Update::Applied);
        let _ = fs::remove_dir_all(&root);
    }
}
