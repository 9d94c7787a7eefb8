//! The data templates receive: plain, serialisable views with text already formatted, so
//! templates only lay things out (the README's "Template data" section documents them).

use serde::Serialize;

use crate::config::Config;
use crate::content::Article;
use crate::content::markdown::{Heading, Rendered};
use crate::plan::Plan;
use crate::plan::units::human_distance;

/// `site` in every template.
#[derive(Debug, Clone, Serialize)]
pub struct SiteView {
    /// Title.
    pub title: String,
    /// Absolute base URL, ending in `/`.
    pub base_url: String,
    /// Path prefix of every internal link (`/` or `/coach/`).
    pub base_path: String,
    /// Description.
    pub description: Option<String>,
    /// Author.
    pub author: Option<String>,
    /// Language code.
    pub language: String,
    /// Default units.
    pub units: &'static str,
    /// The site menu from site.yaml, URLs resolved.
    pub menu: Vec<MenuLink>,
    /// Site-relative URL of the Atom feed.
    pub feed_url: String,
    /// Site-relative URL of the search index's folder (`search/`).
    pub search_url: String,
    /// Where sources are edited (`edit_url` and `edit_root` from site.yaml), if set.
    pub edit_url: Option<String>,
    /// Whether the site has plans (the theme links the plan list only then).
    pub has_plans: bool,
    /// Whether the site has tags (the theme links the tag list only then).
    pub has_tags: bool,
    /// The note under pages that show a plan (empty: none).
    pub disclaimer: String,
    /// `extra:` from site.yaml: the templates' own data.
    pub extra: crate::extra::Extra,
}

/// An entry of the site menu.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct MenuLink {
    /// Link text.
    pub name: String,
    /// Resolved URL.
    pub url: String,
}

/// A section in the navigation tree (`sections` in every template).
#[derive(Debug, Clone, Serialize)]
pub struct SectionLink {
    /// Title.
    pub title: String,
    /// Site-relative URL.
    pub url: String,
    /// URL path below the root (`guide/advanced`).
    pub path: String,
    /// Its articles, in order.
    pub pages: Vec<Link>,
    /// Its sub-sections, in order.
    pub children: Vec<SectionLink>,
}

/// A tag with its page and count.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct TagLink {
    /// The tag as written.
    pub name: String,
    /// URL segment.
    pub slug: String,
    /// Site-relative URL of its page.
    pub url: String,
    /// How many articles and plans carry it.
    pub count: usize,
}

/// An article or a plan in a tag's list.
#[derive(Debug, Clone, Serialize)]
pub struct TaggedItem {
    /// `article` or `plan`.
    pub kind: &'static str,
    /// Title.
    pub title: String,
    /// Site-relative URL.
    pub url: String,
    /// `YYYY-MM-DD`: an article's date, a plan's first day.
    pub date: Option<String>,
    /// One line.
    pub summary: Option<String>,
}

impl SiteView {
    /// From the configuration.
    pub fn new(c: &Config) -> SiteView {
        SiteView {
            title: c.title.clone(),
            base_url: c.base_url.clone(),
            base_path: c.base_path(),
            description: c.description.clone(),
            author: c.author.clone(),
            language: c.language.clone(),
            units: c.units.label(),
            menu: Vec::new(),
            feed_url: format!("{}atom.xml", c.base_path()),
            search_url: format!("{}search/", c.base_path()),
            edit_url: c.edit_url.as_ref().map(|u| format!("{u}{}", c.edit_root)),
            has_plans: false,
            has_tags: false,
            disclaimer: c.disclaimer.clone(),
            extra: c.extra.clone(),
        }
    }

    /// The site-relative URL of a path below the root (`posts/x` → `/posts/x/`).
    pub fn url(&self, path: &str) -> String {
        if path.is_empty() {
            self.base_path.clone()
        } else {
            format!("{}{}/", self.base_path, path.trim_matches('/'))
        }
    }

    /// "Edit this page" for a source file (`content/x.md`), when `edit_url` is set.
    pub fn edit_link(&self, source: &std::path::Path) -> Option<String> {
        let base = self.edit_url.as_ref()?;
        Some(format!(
            "{base}{}",
            source.to_string_lossy().replace('\\', "/")
        ))
    }

    /// The host of `base_url` (`example.org`), if it has one.
    pub fn host(&self) -> Option<&str> {
        let rest = self.base_url.split_once("://")?.1;
        let authority = rest.split('/').next().unwrap_or("");
        let host = authority.rsplit('@').next().unwrap_or(authority);
        let host = host.split(':').next().unwrap_or(host);
        (!host.is_empty()).then_some(host)
    }

    /// A site-relative URL (`/coach/posts/x/`) made absolute with `base_url`'s scheme and host;
    /// unchanged when `base_url` has no host.
    pub fn absolute(&self, url: &str) -> String {
        match self.base_url.split_once("://") {
            Some((scheme, rest)) if url.starts_with('/') => {
                let authority = rest.split('/').next().unwrap_or("");
                format!("{scheme}://{authority}{url}")
            }
            _ => url.to_string(),
        }
    }

    /// The absolute URL of a path below the root (site-relative when `base_url` has no host).
    pub fn permalink(&self, path: &str) -> String {
        if !self.base_url.starts_with("http") {
            return self.url(path);
        }
        if path.is_empty() {
            self.base_url.clone()
        } else {
            format!("{}{}/", self.base_url, path.trim_matches('/'))
        }
    }
}

/// A link to a page.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Link {
    /// Title.
    pub title: String,
    /// Site-relative URL.
    pub url: String,
}

/// An article in lists and on its page, borrowed from the article and its rendered body (a
/// list of 10 000 articles copies none of their titles, summaries or tags).
#[derive(Debug, Clone, Serialize)]
pub struct ArticleView<'a> {
    /// Title.
    pub title: &'a str,
    /// Site-relative URL.
    pub url: String,
    /// Absolute URL.
    pub permalink: String,
    /// `YYYY-MM-DD`.
    pub date: Option<String>,
    /// `YYYY-MM-DD`.
    pub updated: Option<String>,
    /// One line.
    pub summary: Option<&'a str>,
    /// Tags.
    pub tags: &'a [String],
    /// Rendered Markdown (only on the article's own page).
    pub content: &'a str,
    /// Headings for a table of contents.
    pub toc: &'a [Heading],
    /// Words.
    pub word_count: usize,
    /// Minutes at 200 words a minute, at least 1.
    pub reading_time: usize,
    /// Plans the article relates to.
    pub plans: Vec<Link>,
    /// Is a draft.
    pub draft: bool,
    /// Order in its section.
    pub weight: Option<i64>,
    /// Its tags with their pages.
    pub tag_links: Vec<TagLink>,
    /// The section it is in (`None` at the root).
    pub section: Option<Link>,
    /// From the home page down to its section.
    pub breadcrumbs: Vec<Link>,
    /// The previous article in its section.
    pub prev: Option<Link>,
    /// The next article in its section.
    pub next: Option<Link>,
    /// "Edit this page": `edit_url` and the source's path, when site.yaml sets `edit_url`.
    pub edit_url: Option<String>,
    /// Whether the page shows a plan (a plan shortcode): the theme adds the disclaimer then.
    pub shows_plan: bool,
    /// `extra:` from the front matter: the templates' own data.
    pub extra: &'a crate::extra::Extra,
}

impl<'a> ArticleView<'a> {
    /// The view of `a` with its rendered body: word count and reading time always, the HTML
    /// and headings only `with_content` (the article's own page, not lists).
    pub fn new(
        a: &'a Article,
        site: &SiteView,
        rendered: Option<&'a Rendered>,
        with_content: bool,
        plans: Vec<Link>,
    ) -> ArticleView<'a> {
        let word_count = rendered.map_or(0, |r| r.word_count);
        let (content, toc) = match rendered {
            Some(r) if with_content => (r.html.as_str(), r.toc.as_slice()),
            _ => ("", &[][..]),
        };
        ArticleView {
            title: &a.title,
            url: site.url(&a.path),
            permalink: site.permalink(&a.path),
            date: a.date.map(|d| d.to_string()),
            updated: a.updated.map(|d| d.to_string()),
            summary: a.summary.as_deref(),
            tags: &a.tags,
            content,
            toc,
            word_count,
            reading_time: reading_time(word_count),
            plans,
            draft: a.draft,
            weight: a.weight,
            tag_links: Vec::new(),
            section: None,
            breadcrumbs: Vec::new(),
            prev: None,
            next: None,
            edit_url: site.edit_link(&a.source),
            shows_plan: rendered.is_some_and(|r| r.shows_plan),
            extra: &a.extra,
        }
    }
}

/// A plan in lists.
#[derive(Debug, Clone, Serialize)]
pub struct PlanCard {
    /// Title.
    pub title: String,
    /// Site-relative URL.
    pub url: String,
    /// novice, intermediate, advanced.
    pub level: &'static str,
    /// Number of weeks.
    pub weeks: usize,
    /// One line.
    pub summary: Option<String>,
    /// Race name, distance and date in words.
    pub race: Option<String>,
    /// First day.
    pub start_date: Option<String>,
    /// Last day.
    pub end_date: Option<String>,
    /// Tags.
    pub tags: Vec<String>,
}

impl PlanCard {
    /// The card for `plan`.
    pub fn new(plan: &Plan, site: &SiteView) -> PlanCard {
        let race = plan.goal.as_ref().map(|g| {
            let mut parts = Vec::new();
            if let Some(r) = &g.race {
                parts.push(r.clone());
            }
            if let Some(d) = g.distance {
                parts.push(human_distance(d, plan.units));
            }
            if let Some(d) = g.date {
                parts.push(d.to_string());
            }
            parts.join(" · ")
        });
        PlanCard {
            title: plan.title.clone(),
            url: site.url(&plan.path),
            level: plan.level.name(),
            weeks: plan.weeks.len(),
            summary: plan.summary.clone(),
            race: race.filter(|r| !r.is_empty()),
            start_date: plan.start.map(|d| d.to_string()),
            end_date: plan.end().map(|d| d.to_string()),
            tags: plan.tags.clone(),
        }
    }
}

/// Resolves an annotation topic (`rest`, `deload`, `taper`) to the article that explains it.
pub type TopicLinks<'a> = &'a dyn Fn(&str) -> Option<Link>;

mod personal;
mod plan;
mod plan_json;

pub use personal::*;
pub use plan::*;
pub use plan_json::*;

/// Minutes to read `words` at 200 words a minute, at least one.
pub fn reading_time(words: usize) -> usize {
    words.div_ceil(200).max(1)
}
