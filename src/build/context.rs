//! What every job of a render reads: the site, the parts shared by every page (site view,
//! tags, template values), the rendered Markdown bodies, plan views and the article index, and
//! the small helpers every page kind uses to turn them into template data.

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use crate::build::bodies::{Bodies, PlanViews};
use crate::build::shared::Shared;
use crate::content::{Article, markdown};
use crate::diagnostic::Diagnostic;
use crate::publish::tags::Tagged;
use crate::render::views::{ArticleView, Link, SiteView, TagLink, TaggedItem};
use crate::site::{ArticleIndex, OutputFile, Site};

/// A render's inputs. Cheap to copy: references only. `bodies` is `None` while the bodies
/// themselves are being rendered (a streaming build writes article pages then).
#[derive(Clone, Copy)]
pub(crate) struct Ctx<'a> {
    pub site: &'a Site,
    pub shared: &'a Shared,
    pub plan_views: &'a PlanViews<'a>,
    pub index: &'a OnceLock<ArticleIndex<'a>>,
    pub bodies: Option<&'a Bodies>,
    /// Every image pages show, resized.
    pub images: &'a crate::images::Library,
}

impl<'a> Ctx<'a> {
    /// The site view every template gets as `site`.
    pub fn view(&self) -> &'a SiteView {
        &self.shared.site
    }

    /// The articles by the names plans use for them, built on first use (a render of a few
    /// pages may need none).
    pub fn index(&self) -> &'a ArticleIndex<'a> {
        self.index
            .get_or_init(|| ArticleIndex::new(&self.site.articles))
    }

    /// The rendered body of `a`.
    pub fn body(&self, a: &Article) -> Option<&'a markdown::Rendered> {
        self.bodies?.get(a.source.as_path())
    }

    /// The template context every page starts from: `site` and `sections`.
    pub fn base(&self) -> tera::Context {
        let mut c = tera::Context::new();
        c.insert_value("site", self.shared.site_value.clone());
        if let Some(sections) = &self.shared.sections_value {
            c.insert_value("sections", sections.clone());
        }
        c
    }

    /// The file to blame for template `name`.
    pub fn template(&self, name: &str) -> PathBuf {
        self.site
            .templates
            .source_of(name)
            .unwrap_or_else(|| PathBuf::from(format!("templates/{name}")))
    }

    /// Renders template `name` into the one output file `path`.
    pub fn render(
        &self,
        name: &str,
        c: &tera::Context,
        path: &str,
        source: PathBuf,
    ) -> Result<Vec<OutputFile>, Diagnostic> {
        Ok(vec![file(
            path,
            self.site.templates.render(name, c)?,
            source,
        )])
    }

    /// The tag named `name` (any spelling of its slug), as a link.
    pub fn tag_link(&self, name: &str) -> Option<TagLink> {
        let slug = markdown::slugify(name);
        self.shared
            .tag_links
            .iter()
            .find(|t| t.slug == slug)
            .cloned()
    }

    /// An entry of a tag's list.
    pub fn tagged_item(&self, w: &Tagged) -> TaggedItem {
        let site = self.view();
        match *w {
            Tagged::Article(i) => {
                let a = &self.site.articles[i];
                TaggedItem {
                    kind: "article",
                    title: a.title.clone(),
                    url: site.url(&a.path),
                    date: a.date.map(|d| d.to_string()),
                    summary: a.summary.clone(),
                }
            }
            Tagged::Plan(i) => {
                let p = &self.site.plans[i].plan;
                TaggedItem {
                    kind: "plan",
                    title: p.title.clone(),
                    url: site.url(&p.path),
                    date: p.start.map(|d| d.to_string()),
                    summary: p.summary.clone(),
                }
            }
        }
    }

    /// An article's view with rendered body `r`: the whole body on its own page
    /// (`with_body`), the word count in lists.
    pub fn view_of<'v>(
        &self,
        a: &'v Article,
        r: Option<&'v markdown::Rendered>,
        with_body: bool,
    ) -> ArticleView<'v> {
        let site = self.view();
        let mut v = ArticleView::new(a, site, r, with_body, self.site.links_for(a, site));
        v.tag_links = a.tags.iter().filter_map(|t| self.tag_link(t)).collect();
        v
    }

    /// An article's view with its own rendered body.
    pub fn article_view(&self, a: &'a Article, with_body: bool) -> ArticleView<'a> {
        self.view_of(a, self.body(a), with_body)
    }

    /// The link to article `i`.
    pub fn article_link(&self, i: usize) -> Link {
        let a = &self.site.articles[i];
        Link {
            title: a.title.clone(),
            url: self.view().url(&a.path),
        }
    }
}

/// An output file from rendered text.
pub(crate) fn file(path: &str, text: String, source: PathBuf) -> OutputFile {
    OutputFile {
        path: path.to_string(),
        bytes: text.into_bytes(),
        source,
    }
}

/// A file that is the site's configuration as a whole (feed, sitemap, search index).
pub(crate) fn site_yaml() -> PathBuf {
    Path::new("site.yaml").to_path_buf()
}
