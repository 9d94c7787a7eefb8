//! Every output file has one producer. Before anything is rendered, each page, plan file,
//! list, generated file and copied asset claims its output path; a path claimed twice is an
//! error that names both producers, so no page is ever silently replaced by another (an
//! article by a tag page, a generated page by a file under `static/`, two articles by one
//! slug).
//!
//! The paths claimed here are the ones the build writes (the same `publish::paginate`, the
//! same `<path>/index.html`); the staging folder also refuses a second write of one path, as
//! a last guard should the two ever disagree.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::build::pages::workouts;
use crate::content::section::Section;
use crate::content::{Article, alias_output, guide};
use crate::diagnostic::Diagnostic;
use crate::plan::Plan;
use crate::plan::watch;
use crate::publish::{self, tags};
use crate::render::views::{EVENTS_FILE, personalised};
use crate::yaml::Pos;

/// Who writes an output path.
#[derive(Debug, Clone, Copy)]
enum Producer<'a> {
    /// A page Taper generates from no single file (lists, feed, search, stylesheet).
    Generated(&'static str),
    /// Page `n` of the home list (n ≥ 2 comes from `paginate:`).
    Home(usize),
    /// Page `n` of a tag's list.
    Tag(&'a str, usize),
    /// Page `n` of the list of a folder of articles.
    Section(&'a Section, usize),
    /// An article's page.
    Article(&'a Article),
    /// A plan's page, JSON or calendars.
    Plan(&'a Plan),
    /// A file copied from `content/` or `static/`.
    Asset(&'a Path),
    /// A guide's print page, by its top section.
    GuidePrint(&'a Section),
    /// A redirect page from `aliases:`: the front matter, the alias as written and where.
    Alias(&'a Article, &'a str, Pos),
}

impl Producer<'_> {
    /// In words, for the message.
    fn describe(&self) -> String {
        match self {
            Producer::Generated(what) => format!("Taper's {what}"),
            Producer::Home(1) => "the home page".into(),
            Producer::Home(n) => format!("page {n} of the home list (`paginate:` in site.yaml)"),
            Producer::Tag(name, 1) => format!("the page of the tag `{name}`"),
            Producer::Tag(name, n) => format!("page {n} of the tag `{name}`"),
            Producer::Section(sec, 1) => {
                format!("the list page of the folder `content/{}/`", sec.path)
            }
            Producer::Section(sec, n) => {
                format!("page {n} of the list of the folder `content/{}/`", sec.path)
            }
            Producer::Article(a) => format!("the article `{}`", a.source.display()),
            Producer::Plan(p) => format!("the plan `{}`", p.source.display()),
            Producer::Asset(src) => format!("the file `{}`", src.display()),
            Producer::GuidePrint(sec) => {
                format!("the print page of the guide `content/{}/`", sec.path)
            }
            Producer::Alias(a, alias, _) => {
                format!("the alias `{alias}` of `{}`", a.source.display())
            }
        }
    }

    /// The user's file to point at, with a position where one helps (a `slug:` line).
    fn file(&self) -> Option<(PathBuf, usize, usize)> {
        match self {
            Producer::Article(a) => Some(match a.slug_pos {
                Some(p) => (a.source.clone(), p.line, p.column),
                None => (a.source.clone(), 0, 0),
            }),
            Producer::Plan(p) => Some((p.source.clone(), 0, 0)),
            Producer::Section(sec, _) => Some(match &sec.intro {
                Some(intro) => (intro.source.clone(), 0, 0),
                None => (PathBuf::from(format!("content/{}/", sec.path)), 0, 0),
            }),
            Producer::Asset(src) => Some((src.to_path_buf(), 0, 0)),
            Producer::GuidePrint(sec) => sec.intro.as_ref().map(|i| (i.source.clone(), 0, 0)),
            Producer::Alias(a, _, pos) => Some((a.source.clone(), pos.line, pos.column)),
            _ => None,
        }
    }

    fn help(&self) -> &'static str {
        match self {
            Producer::Article(_) => "give the article another file name or `slug:`",
            Producer::Plan(_) => "give the plan another file name or `id:`",
            Producer::Section(..) => "rename the folder: every folder of articles gets a list page",
            Producer::GuidePrint(_) => {
                "a guide's print page is `print/` in its folder: rename the page or folder that takes it"
            }
            Producer::Alias(..) => "remove the alias or change it: it would replace another page",
            Producer::Asset(_) => {
                "rename or move the file; to change a built-in page, put a template in templates/ (the stylesheet: templates/style.css)"
            }
            _ => "rename the file or folder that takes this path",
        }
    }
}

/// What the site is made of, as far as output paths go.
pub(crate) struct Inputs<'a> {
    pub articles: &'a [Article],
    pub sections: &'a [Section],
    pub plans: &'a [&'a Plan],
    /// (source file relative to the root, output path).
    pub assets: &'a [(PathBuf, String)],
    pub tags: &'a [tags::Tag],
    pub paginate: Option<usize>,
    /// site.yaml's `workouts:` (a plan's own `workouts:` wins).
    pub workouts: bool,
    /// site.yaml's `personalise:` (a plan's own wins).
    pub personalise: bool,
}

/// Every output path with its producer, in build order.
fn claims<'a>(site: &Inputs<'a>) -> Vec<(String, Producer<'a>)> {
    let mut out = Vec::new();
    for (path, p) in publish::paginate(site.articles.len(), site.paginate, "", "") {
        out.push((path, Producer::Home(p.number)));
    }
    for (path, what) in [
        ("plans/index.html", "plans list"),
        ("404.html", "not-found page"),
        ("tags/index.html", "list of tags"),
        ("style.css", "stylesheet"),
        ("personalise.js", "script of \"Make this plan yours\""),
        ("atom.xml", "feed"),
        ("sitemap.xml", "sitemap"),
        ("search/", "search index"),
        (super::output::MARKER, "output marker"),
    ] {
        out.push((path.to_string(), Producer::Generated(what)));
    }
    for t in site.tags {
        let dir = format!("tags/{}", t.slug);
        for (path, p) in publish::paginate(t.items.len(), site.paginate, "", &dir) {
            out.push((path, Producer::Tag(&t.name, p.number)));
        }
    }
    for (si, sec) in site.sections.iter().enumerate().skip(1) {
        if sec.path != "plans" {
            // A guide's folder page is one page: its sidebar, not a list, shows what is in it.
            let per = guide::top_guide(site.sections, si)
                .is_none()
                .then_some(site.paginate)
                .flatten();
            for (path, p) in publish::paginate(sec.pages.len(), per, "", &sec.path) {
                out.push((path, Producer::Section(sec, p.number)));
            }
        }
    }
    for (si, sec) in site.sections.iter().enumerate() {
        if guide::top_guide(site.sections, si) == Some(si) {
            out.push((
                format!("{}/print/index.html", sec.path),
                Producer::GuidePrint(sec),
            ));
        }
    }
    for a in site.articles {
        out.push((format!("{}/index.html", a.path), Producer::Article(a)));
    }
    for p in site.plans {
        let mut files = vec!["index.html", "plan.json"];
        if p.start.is_some() {
            files.extend(["plan.ics", "plan-no-rest.ics"]);
        }
        if personalised(p, site.personalise) {
            files.push(EVENTS_FILE);
        }
        for f in files {
            out.push((format!("{}/{f}", p.path), Producer::Plan(p)));
        }
        for stem in watch::published_stems(p, site.workouts) {
            out.push((workouts::path(&p.path, &stem), Producer::Plan(p)));
        }
    }
    for (src, dest) in site.assets {
        out.push((dest.clone(), Producer::Asset(src)));
    }
    let fronts = site
        .articles
        .iter()
        .chain(site.sections.iter().filter_map(|s| s.intro.as_ref()));
    for a in fronts {
        for (alias, pos) in &a.aliases {
            out.push((alias_output(alias), Producer::Alias(a, alias, *pos)));
        }
    }
    out
}

/// The folder Taper writes whole (the search index, whose number of files depends on the
/// site): any other file inside it is a conflict.
const SEARCH_DIR: &str = "search/";

/// The path a file claims: the search index's folder for a file inside it.
fn folder_of(path: String) -> String {
    if path.starts_with(SEARCH_DIR) {
        SEARCH_DIR.to_string()
    } else {
        path
    }
}

/// One error for every output path that more than one producer claims, at the user's file
/// (the later one when both are files), naming the other.
pub(crate) fn check(site: &Inputs) -> Vec<Diagnostic> {
    let mut by_path: BTreeMap<String, Vec<Producer>> = BTreeMap::new();
    // Each producer claims a path once (a plan's files have different names).
    for (path, producer) in claims(site) {
        by_path.entry(folder_of(path)).or_default().push(producer);
    }
    let mut errors = Vec::new();
    for (path, owners) in by_path.into_iter().filter(|(_, o)| o.len() > 1) {
        let Some(blamed) = owners.iter().rposition(|o| o.file().is_some()) else {
            continue; // two generated pages: cannot happen, the staging guard still refuses it
        };
        let me = owners[blamed];
        let others: Vec<String> = owners
            .iter()
            .enumerate()
            .filter(|&(i, _)| i != blamed)
            .map(|(_, o)| o.describe())
            .collect();
        let Some((file, line, column)) = me.file() else {
            continue;
        };
        errors.push(
            Diagnostic::error(
                file,
                line,
                column,
                "output-conflict",
                format!(
                    "{} would write `{path}`, which is also written by {}",
                    me.describe(),
                    others.join(" and ")
                ),
            )
            .with_help(me.help()),
        );
    }
    errors
}

/// Whether a URL path has a part with no letters or digits left after slugifying (a file
/// `###.md` gives `posts/`).
pub(crate) fn has_empty_part(path: &str) -> bool {
    path.is_empty() || path.split('/').any(str::is_empty)
}
