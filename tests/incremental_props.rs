//! Random sequences of edits through the serve path: each edit is written to a copy of the
//! publishing fixture and announced with `Builder::changed(&[path])`, exactly as `taper serve`
//! does after a file event; after each one the output folder must be byte-identical, file for
//! file, to a full build of the same sources into a fresh folder.
//!
//! An edit is generated without looking at the site (which article, which tag, which week are
//! indices and pools) and resolved against the files as they are when it is applied, so every
//! sequence is meaningful and shrinks well. Whether the result is a valid site is predicted
//! here (a few rules: unique URLs, `@/` links to pages that exist, weeks that shortcodes show,
//! and the deliberately broken edits) and must agree with the full build. After an invalid
//! edit the update must fail and leave the output untouched; the file is then put back and the
//! next update must catch up.
//!
//! `PROPTEST_CASES=500 cargo test --test incremental_props` runs a longer search.

mod common;
use common::*;

use std::fmt;
use std::fs;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

use proptest::prelude::*;
use proptest::sample::{Index, select};
use proptest::test_runner::{Config, contextualize_config};
use taper::serve::rebuild::{Builder, Options, Outcome};
use taper::site::Site;

// ---------------------------------------------------------------------------------------------
// The edits

/// Tags, including spellings that give the same slug (`rest`/`Rest`,
/// `Récupération`/`recuperation`, `new tag`/`new-tag`).
const TAGS: &[&str] = &[
    "rest",
    "Rest",
    "training",
    "Récupération",
    "recuperation",
    "easy",
    "guide",
    "new tag",
    "new-tag",
    "10k",
];
/// Slugs; `rest`, `old`, `first` and `n1` collide with file names in some folders, `extra`
/// (at the root) and `deep` (in guide/) with sections the edits may create.
const SLUGS: &[&str] = &["s-a", "s-b", "n1", "rest", "old", "first", "extra", "deep"];
/// Folders for new articles and section intros (`extra` is a new section).
const FOLDERS: &[&str] = &["posts", "guide", "", "extra", "guide/deep"];
const SECTIONS: &[&str] = &["posts", "guide", "extra", "guide/deep"];
const STEMS: &[&str] = &["n1", "n2", "n3"];
const SESSIONS: &[&str] = &[
    "rest",
    "rest (walk 30min)",
    "easy 5km @RPE3",
    "tempo 7km @RPE7",
    "long 18km @RPE4",
    "intervals 2km wu + 4x(1km @RPE8 / 400m jog) + 2km cd",
    "cross 30min bike @RPE3",
];
/// Plan start dates: Mondays (ten.yaml's race, 2027-05-16, is in the last week of a two-week
/// plan from 2027-05-03 and of a three-week one from 2027-04-26), and a Tuesday (invalid:
/// weeks start on Monday).
const STARTS: &[&str] = &[
    "2027-03-01",
    "2027-05-03",
    "2027-04-26",
    "2024-01-01",
    "2027-03-02",
];
const DAYS: &[&str] = &["mon", "tue", "wed", "thu", "fri", "sat", "sun"];
/// What a body may link to with `@/`.
const LINKS: &[&str] = &[
    "plans/half.yaml",
    "posts/rest.md",
    "posts/old.md",
    "guide/_index.md",
    "extra/_index.md",
    "guide/n1.md",
];
const MENU_URLS: &[&str] = &[
    "/about/",
    "@/posts/old.md",
    "@/guide/first.md",
    "https://example.com/",
];
const TEMPLATES: &[&str] = &["article.html", "index.html", "section.html", "plan.html"];
/// `extra:` values (`extra: {note: …}`); `None` removes the key.
const EXTRAS: &[&str] = &["one", "two"];
const STATIC: &[&str] = &[
    "static/notes.txt",
    "static/css/extra.css",
    "content/posts/map.txt",
];

#[derive(Debug, Clone, Copy)]
struct Date(u16, u8, u8);

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.0, self.1, self.2)
    }
}

#[derive(Debug, Clone)]
enum BodyEdit {
    Paragraph(String),
    /// About 150 words per unit: enough to change the reading time lists show.
    Words(usize),
    Heading(String),
    Link(&'static str),
    Shortcode {
        plan: &'static str,
        week: usize,
    },
    /// A photo of the site (resized, the page's card when it is the first).
    Image(&'static str),
}

/// The photos every case's site has (written when the case starts).
const PHOTOS: &[&str] = &["/images/track.png", "/images/hill.jpg"];

/// Front matter that lists and plan pages show besides the title and date.
#[derive(Debug, Clone)]
enum MetaEdit {
    Summary(Option<String>),
    Updated(Option<Date>),
    Explains(Option<&'static str>),
    /// `nope` is not a plan (invalid).
    Plans(Vec<&'static str>),
    /// Redirect pages; `/guide/first/` is an article's URL (invalid while it is), and two
    /// articles with one alias are invalid.
    Aliases(Option<&'static str>),
    /// The card image (`image:`).
    Image(Option<&'static str>),
}

#[derive(Debug, Clone)]
enum TagEdit {
    Add(&'static str),
    Remove(Index),
    Rename(Index, &'static str),
}

#[derive(Debug, Clone)]
enum MenuEdit {
    Add(String, &'static str),
    RemoveLast,
}

#[derive(Debug, Clone)]
enum ExtraTarget {
    Article(Index),
    Plan(Index),
    Site,
}

#[derive(Debug, Clone)]
enum TemplateEdit {
    /// The built-in template with a visible mark.
    Marked(u8),
    /// The built-in template showing word counts instead of reading times.
    WordCount,
    Removed,
    /// The built-in template showing `extra.note` of its page (or section, or plan) and the
    /// site's.
    Extra,
    /// Invalid: a tag Tera cannot parse.
    Broken,
}

#[derive(Debug, Clone)]
enum Broken {
    ArticleYaml(Index),
    PlanYaml(Index),
    SiteYaml,
    /// A static file that would replace a generated page.
    StaticShadow,
}

#[derive(Debug, Clone)]
enum Edit {
    Body(Index, BodyEdit),
    /// An empty title removes it (invalid).
    Title(Index, String),
    Date(Index, Option<Date>),
    Tags(Index, TagEdit),
    Slug(Index, Option<&'static str>),
    Draft(Index, bool),
    Weight(Index, Option<i8>),
    Meta(Index, MetaEdit),
    NewArticle {
        folder: &'static str,
        stem: &'static str,
        title: String,
        date: Option<Date>,
        tags: Vec<&'static str>,
        body: BodyEdit,
    },
    DeleteArticle(Index),
    Session {
        plan: Index,
        week: Index,
        day: &'static str,
        session: &'static str,
    },
    AddWeek(Index),
    RemoveWeek(Index),
    PlanTitle(Index, String),
    PlanTags(Index, TagEdit),
    PlanStart(Index, Option<&'static str>),
    PlanDraft(Index, bool),
    /// `personalise:` on a plan: the last plan without the panel takes `personalise.js` away.
    PlanPersonalise(Index, Option<bool>),
    Intro {
        section: &'static str,
        /// `None` deletes it.
        title: Option<String>,
        link: Option<&'static str>,
        /// `layout: guide`: the section and everything below it is a guide.
        guide: bool,
    },
    SiteTitle(String),
    Paginate(Option<u8>),
    /// `extra: {note: …}` in an article, a plan or site.yaml (`None` removes it).
    Extra(ExtraTarget, Option<&'static str>),
    Menu(MenuEdit),
    Template(&'static str, TemplateEdit),
    Static(&'static str, Option<u8>),
    Broken(Broken),
    /// `content/index.md` written with this title (empty: none), or deleted (`None`).
    Home(Option<String>, Option<&'static str>),
    /// An article moved to another file name in its folder: two paths in one batch.
    Rename(Index, &'static str),
    /// Two edits announced in one call, as serve batches events that arrive together.
    Batch(Box<Edit>, Box<Edit>),
    /// `content/plans/v1.yaml` written as a variant of a plan (`extends:`), or deleted.
    Variant(Option<VariantEdit>),
}

/// A plan variant: its base's id, title (empty: inherited), level, `scale:`, and a day it
/// writes itself (week, day, session; a week past its base's end is invalid).
#[derive(Debug, Clone)]
struct VariantEdit {
    base: &'static str,
    title: String,
    level: &'static str,
    scale: Option<&'static str>,
    day: Option<(usize, &'static str, &'static str)>,
}

/// Where the variant edits write.
const VARIANT: &str = "content/plans/v1.yaml";

fn date() -> impl Strategy<Value = Date> {
    (2024u16..2029, 1u8..=12, 1u8..=28).prop_map(|(y, m, d)| Date(y, m, d))
}

fn title() -> impl Strategy<Value = String> {
    prop_oneof![
        20 => "[A-Z][a-z&<' ]{0,10}[a-z]",
        1 => Just(String::new()),
    ]
}

fn body_edit() -> impl Strategy<Value = BodyEdit> {
    prop_oneof![
        "[A-Za-z][a-z ]{0,20}".prop_map(BodyEdit::Paragraph),
        (1usize..4).prop_map(BodyEdit::Words),
        "[A-Z][a-z ]{0,10}[a-z]".prop_map(BodyEdit::Heading),
        select(LINKS).prop_map(BodyEdit::Link),
        select(PHOTOS).prop_map(BodyEdit::Image),
        (select(&["half", "ten"][..]), 1usize..4)
            .prop_map(|(plan, week)| BodyEdit::Shortcode { plan, week }),
    ]
}

fn tag_edit() -> impl Strategy<Value = TagEdit> {
    prop_oneof![
        select(TAGS).prop_map(TagEdit::Add),
        any::<Index>().prop_map(TagEdit::Remove),
        (any::<Index>(), select(TAGS)).prop_map(|(i, t)| TagEdit::Rename(i, t)),
    ]
}

fn edit() -> impl Strategy<Value = Edit> {
    prop_oneof![
        12 => single(),
        1 => (single(), single()).prop_map(|(a, b)| Edit::Batch(Box::new(a), Box::new(b))),
    ]
}

fn single() -> impl Strategy<Value = Edit> {
    let article = any::<Index>;
    let plan = any::<Index>;
    prop_oneof![
        // Articles.
        4 => (article(), body_edit()).prop_map(|(a, b)| Edit::Body(a, b)),
        2 => (article(), title()).prop_map(|(a, t)| Edit::Title(a, t)),
        2 => (article(), prop::option::of(date())).prop_map(|(a, d)| Edit::Date(a, d)),
        3 => (article(), tag_edit()).prop_map(|(a, t)| Edit::Tags(a, t)),
        2 => (article(), prop::option::of(select(SLUGS))).prop_map(|(a, s)| Edit::Slug(a, s)),
        2 => (article(), any::<bool>()).prop_map(|(a, d)| Edit::Draft(a, d)),
        1 => (article(), prop::option::of(0i8..4)).prop_map(|(a, w)| Edit::Weight(a, w)),
        2 => (
            article(),
            prop_oneof![
                prop::option::of("[A-Z][a-z ]{0,10}[a-z]").prop_map(MetaEdit::Summary),
                prop::option::of(date()).prop_map(MetaEdit::Updated),
                prop::option::of(select(&["rest", "deload", "taper"][..]))
                    .prop_map(MetaEdit::Explains),
                prop::collection::vec(select(&["half", "ten", "nope"][..]), 0..3)
                    .prop_map(MetaEdit::Plans),
                prop::option::of(select(&["/was/a/", "/was/b.html", "/guide/first/"][..]))
                    .prop_map(MetaEdit::Aliases),
                prop::option::of(select(PHOTOS)).prop_map(MetaEdit::Image),
            ]
        )
            .prop_map(|(a, m)| Edit::Meta(a, m)),
        2 => (
            select(FOLDERS),
            select(STEMS),
            title(),
            prop::option::of(date()),
            prop::collection::vec(select(TAGS), 0..3),
            body_edit(),
        )
            .prop_map(|(folder, stem, title, date, tags, body)| Edit::NewArticle {
                folder,
                stem,
                title,
                date,
                tags,
                body,
            }),
        2 => article().prop_map(Edit::DeleteArticle),
        1 => (article(), select(STEMS)).prop_map(|(a, s)| Edit::Rename(a, s)),
        // Plans.
        2 => (plan(), any::<Index>(), select(DAYS), select(SESSIONS)).prop_map(
            |(plan, week, day, session)| Edit::Session {
                plan,
                week,
                day,
                session
            }
        ),
        1 => plan().prop_map(Edit::AddWeek),
        1 => plan().prop_map(Edit::RemoveWeek),
        1 => (plan(), title()).prop_map(|(p, t)| Edit::PlanTitle(p, t)),
        1 => (plan(), tag_edit()).prop_map(|(p, t)| Edit::PlanTags(p, t)),
        1 => (plan(), prop::option::of(select(STARTS))).prop_map(|(p, d)| Edit::PlanStart(p, d)),
        1 => (plan(), any::<bool>()).prop_map(|(p, d)| Edit::PlanDraft(p, d)),
        1 => (plan(), prop::option::of(any::<bool>()))
            .prop_map(|(p, v)| Edit::PlanPersonalise(p, v)),
        // Section intros.
        2 => (
            select(SECTIONS),
            prop::option::of(title()),
            prop::option::of(select(LINKS)),
            any::<bool>(),
        )
            .prop_map(|(section, title, link, guide)| Edit::Intro {
                section,
                title,
                link,
                guide
            }),
        // A plan variant (a title edit to its base, or a week added to it, shows on its page).
        2 => prop::option::of((
            select(&["half", "ten"][..]),
            title(),
            select(&["novice", "advanced"][..]),
            prop::option::of(select(&["0.8", "1.2"][..])),
            prop::option::of((1usize..4, select(DAYS), select(SESSIONS))),
        ))
        .prop_map(|v| Edit::Variant(v.map(|(base, title, level, scale, day)| VariantEdit {
            base,
            title,
            level,
            scale,
            day,
        }))),
        // The home intro.
        1 => (prop::option::of(title()), prop::option::of(select(LINKS)))
            .prop_map(|(t, l)| Edit::Home(t, l)),
        // site.yaml, templates, static files.
        1 => title().prop_map(Edit::SiteTitle),
        1 => prop::option::of(1u8..4).prop_map(Edit::Paginate),
        2 => (
            prop_oneof![
                any::<Index>().prop_map(ExtraTarget::Article),
                any::<Index>().prop_map(ExtraTarget::Plan),
                Just(ExtraTarget::Site),
            ],
            prop::option::of(select(EXTRAS)),
        )
            .prop_map(|(t, v)| Edit::Extra(t, v)),
        1 => prop_oneof![
            ("[A-Z][a-z]{1,8}", select(MENU_URLS)).prop_map(|(n, u)| MenuEdit::Add(n, u)),
            Just(MenuEdit::RemoveLast),
        ]
        .prop_map(Edit::Menu),
        2 => (
            select(TEMPLATES),
            prop_oneof![
                3 => (0u8..3).prop_map(TemplateEdit::Marked),
                2 => Just(TemplateEdit::WordCount),
                2 => Just(TemplateEdit::Removed),
                2 => Just(TemplateEdit::Extra),
                1 => Just(TemplateEdit::Broken),
            ]
        )
            .prop_map(|(t, e)| Edit::Template(t, e)),
        1 => (select(STATIC), prop::option::of(0u8..3)).prop_map(|(p, v)| Edit::Static(p, v)),
        // Deliberately broken.
        1 => prop_oneof![
            article().prop_map(Broken::ArticleYaml),
            plan().prop_map(Broken::PlanYaml),
            Just(Broken::SiteYaml),
            Just(Broken::StaticShadow),
        ]
        .prop_map(Edit::Broken),
    ]
}

// ---------------------------------------------------------------------------------------------
// Applying an edit to the files

/// One edit as applied: what it did, each file it wrote with its bytes before (`None`: it was
/// absent), and why the site is meant to be invalid afterwards when the edit itself breaks it.
struct Applied {
    what: String,
    files: Vec<(String, Option<Vec<u8>>)>,
    broken: Option<&'static str>,
}

/// Front matter lines and body of an article or intro.
struct Doc {
    front: Vec<String>,
    body: String,
}

impl Doc {
    fn parse(text: &str) -> Doc {
        let rest = text.strip_prefix("---\n").unwrap_or(text);
        let (front, body) = rest.split_once("\n---\n").unwrap_or((rest, ""));
        Doc {
            front: front.lines().map(str::to_string).collect(),
            body: body.to_string(),
        }
    }

    fn text(&self) -> String {
        format!("---\n{}\n---\n{}", self.front.join("\n"), self.body)
    }

    fn get(&self, key: &str) -> Option<&str> {
        get_key(&self.front, key)
    }

    fn set(&mut self, key: &str, value: Option<String>) {
        let at = self.front.len();
        set_key(&mut self.front, key, value, at);
    }
}

fn get_key<'a>(lines: &'a [String], key: &str) -> Option<&'a str> {
    let prefix = format!("{key}:");
    lines
        .iter()
        .find_map(|l| l.strip_prefix(&prefix))
        .map(str::trim)
}

/// Sets (or with `None` removes) the top-level `key:` line; a new line goes at `insert_at`.
fn set_key(lines: &mut Vec<String>, key: &str, value: Option<String>, insert_at: usize) {
    let prefix = format!("{key}:");
    let at = lines.iter().position(|l| l.starts_with(&prefix));
    match (at, value) {
        (Some(i), Some(v)) => lines[i] = format!("{key}: {v}"),
        (Some(i), None) => {
            lines.remove(i);
        }
        (None, Some(v)) => lines.insert(insert_at, format!("{key}: {v}")),
        (None, None) => {}
    }
}

/// A `title:` value; the empty title stands for none (invalid: titles are required).
fn title_value(t: &str) -> Option<String> {
    (!t.is_empty()).then(|| quoted(t))
}

fn quoted(s: &str) -> String {
    format!("\"{s}\"")
}

fn parse_tags(value: Option<&str>) -> Vec<String> {
    let Some(v) = value else { return Vec::new() };
    v.trim_start_matches('[')
        .trim_end_matches(']')
        .split(',')
        .map(|t| t.trim().trim_matches('"').to_string())
        .filter(|t| !t.is_empty())
        .collect()
}

fn tags_value(tags: &[String]) -> Option<String> {
    let list: Vec<String> = tags.iter().map(|t| quoted(t)).collect();
    Some(format!("[{}]", list.join(", ")))
}

fn apply_tag_edit(tags: &mut Vec<String>, edit: &TagEdit) {
    match edit {
        TagEdit::Add(t) => tags.push(t.to_string()),
        TagEdit::Remove(i) if !tags.is_empty() => {
            tags.remove(i.index(tags.len()));
        }
        TagEdit::Rename(i, t) if !tags.is_empty() => {
            let i = i.index(tags.len());
            tags[i] = t.to_string();
        }
        _ => {}
    }
}

fn body_text(edit: &BodyEdit) -> String {
    match edit {
        BodyEdit::Paragraph(p) => format!("\n{p}\n"),
        BodyEdit::Words(n) => format!("\n{}\n", "word ".repeat(150 * n)),
        BodyEdit::Heading(h) => format!("\n## {h}\n"),
        BodyEdit::Link(l) => format!("\nSee [this](@/{l}).\n"),
        BodyEdit::Shortcode { plan, week } => {
            format!("\n{{{{ week(slug=\"{plan}\", n={week}) }}}}\n")
        }
        BodyEdit::Image(p) => format!("\n![A photo]({p})\n"),
    }
}

/// The embedded template `name`, changed as `edit` says (`None`: removed).
fn template_text(name: &str, edit: &TemplateEdit) -> Option<String> {
    let builtin = built_in(name);
    match edit {
        TemplateEdit::Marked(n) => Some(builtin.replacen(
            "{% block content %}",
            &format!("{{% block content %}}<!-- mark {n} -->"),
            1,
        )),
        TemplateEdit::WordCount => Some(
            builtin
                .replace("{{ a.reading_time }} min read", "{{ a.word_count }} words")
                .replace(
                    "{{ page.reading_time }} min read",
                    "{{ page.word_count }} words",
                ),
        ),
        TemplateEdit::Removed => None,
        TemplateEdit::Extra => {
            let own = match name {
                "article.html" => "{{ page.extra.note | default(value=\"-\") }}",
                "section.html" => "{{ section.extra.note | default(value=\"-\") }}",
                "plan.html" => "{{ plan.extra.note | default(value=\"-\") }}",
                _ => "",
            };
            Some(builtin.replacen(
                "{% block content %}",
                &format!("{{% block content %}}<!-- extra {own} {{{{ site.extra.note | default(value=\"-\") }}}} -->"),
                1,
            ))
        }
        TemplateEdit::Broken => {
            Some(builtin.replacen("{% block content %}", "{% block content %}{% if %}", 1))
        }
    }
}

/// The site as the edits see it: the files in a copy of the fixture.
struct Sources {
    root: PathBuf,
    /// Drafts are built (as `taper serve` builds them).
    drafts: bool,
}

impl Sources {
    fn read(&self, rel: &str) -> Option<Vec<u8>> {
        fs::read(self.root.join(rel)).ok()
    }

    fn text(&self, rel: &str) -> String {
        fs::read_to_string(self.root.join(rel)).unwrap_or_default()
    }

    /// Files below `content/` (paths from the root), sorted, that `keep` accepts.
    fn content(&self, keep: impl Fn(&str) -> bool) -> Vec<String> {
        let mut v: Vec<String> = walkdir::WalkDir::new(self.root.join("content"))
            .into_iter()
            .filter_map(Result::ok)
            .filter(|e| e.file_type().is_file())
            .map(|e| {
                e.path()
                    .strip_prefix(&self.root)
                    .unwrap()
                    .to_string_lossy()
                    .into_owned()
            })
            .filter(|p| keep(p))
            .collect();
        v.sort();
        v
    }

    fn articles(&self) -> Vec<String> {
        self.content(|p| {
            p.ends_with(".md") && !p.ends_with("/_index.md") && p != "content/index.md"
        })
    }

    /// The plans edits change line by line (not the variant, which has no `weeks:` list).
    fn plans(&self) -> Vec<String> {
        self.content(|p| p.ends_with(".yaml") && p != VARIANT)
    }

    /// Applies `edit` to the files; `None` when it does not apply (no article left to pick).
    fn apply(&self, edit: &Edit) -> Option<Applied> {
        match edit {
            Edit::Batch(first, second) => {
                let a = self.apply(first);
                let b = self.apply(second);
                let mut all = a.into_iter().chain(b);
                let mut applied = all.next()?;
                if let Some(b) = all.next() {
                    applied.what = format!("{} AND, in the same batch, {}", applied.what, b.what);
                    applied.files.extend(b.files);
                    applied.broken = applied.broken.or(b.broken);
                }
                Some(applied)
            }
            Edit::Rename(i, stem) => {
                let rel = self.articles();
                let rel = (!rel.is_empty()).then(|| rel[i.index(rel.len())].clone())?;
                let to = format!("{}/{stem}.md", Path::new(&rel).parent()?.display());
                if to == rel {
                    return None;
                }
                let files = vec![(rel.clone(), self.read(&rel)), (to.clone(), self.read(&to))];
                self.put(&to, self.read(&rel).as_deref());
                self.put(&rel, None);
                Some(Applied {
                    what: format!("{rel}: renamed to {to}"),
                    files,
                    broken: None,
                })
            }
            _ => self.apply_one(edit),
        }
    }

    fn apply_one(&self, edit: &Edit) -> Option<Applied> {
        let pick = |list: Vec<String>, i: &Index| -> Option<String> {
            (!list.is_empty()).then(|| list[i.index(list.len())].clone())
        };
        let article = |i: &Index| pick(self.articles(), i);
        let plan = |i: &Index| pick(self.plans(), i);
        let mut broken = None;
        let (what, rel, after): (String, String, Option<String>) = match edit {
            Edit::Body(i, b) => {
                let rel = article(i)?;
                let mut doc = Doc::parse(&self.text(&rel));
                doc.body.push_str(&body_text(b));
                (format!("{rel}: body += {b:?}"), rel, Some(doc.text()))
            }
            Edit::Title(i, t) => {
                let rel = article(i)?;
                let mut doc = Doc::parse(&self.text(&rel));
                doc.set("title", title_value(t));
                if t.is_empty() {
                    broken = Some("no title");
                }
                (format!("{rel}: title = {t:?}"), rel, Some(doc.text()))
            }
            Edit::Date(i, d) => {
                let rel = article(i)?;
                let mut doc = Doc::parse(&self.text(&rel));
                doc.set("date", d.map(|d| d.to_string()));
                (format!("{rel}: date = {d:?}"), rel, Some(doc.text()))
            }
            Edit::Tags(i, t) => {
                let rel = article(i)?;
                let mut doc = Doc::parse(&self.text(&rel));
                let mut tags = parse_tags(doc.get("tags"));
                apply_tag_edit(&mut tags, t);
                doc.set("tags", tags_value(&tags));
                (format!("{rel}: tags = {tags:?}"), rel, Some(doc.text()))
            }
            Edit::Slug(i, s) => {
                let rel = article(i)?;
                let mut doc = Doc::parse(&self.text(&rel));
                doc.set("slug", s.map(str::to_string));
                (format!("{rel}: slug = {s:?}"), rel, Some(doc.text()))
            }
            Edit::Draft(i, d) => {
                let rel = article(i)?;
                let mut doc = Doc::parse(&self.text(&rel));
                doc.set("draft", Some(d.to_string()));
                (format!("{rel}: draft = {d}"), rel, Some(doc.text()))
            }
            Edit::Weight(i, w) => {
                let rel = article(i)?;
                let mut doc = Doc::parse(&self.text(&rel));
                doc.set("weight", w.map(|w| w.to_string()));
                (format!("{rel}: weight = {w:?}"), rel, Some(doc.text()))
            }
            Edit::Meta(i, m) => {
                let rel = article(i)?;
                let mut doc = Doc::parse(&self.text(&rel));
                match m {
                    MetaEdit::Summary(v) => doc.set("summary", v.as_deref().map(quoted)),
                    MetaEdit::Updated(d) => doc.set("updated", d.map(|d| d.to_string())),
                    MetaEdit::Explains(t) => doc.set("explains", t.map(|t| format!("[{t}]"))),
                    MetaEdit::Plans(p) => doc.set(
                        "plans",
                        (!p.is_empty()).then(|| format!("[{}]", p.join(", "))),
                    ),
                    MetaEdit::Aliases(a) => doc.set("aliases", a.map(|a| format!("[{a}]"))),
                    MetaEdit::Image(p) => doc.set("image", p.map(str::to_string)),
                }
                (format!("{rel}: {m:?}"), rel, Some(doc.text()))
            }
            Edit::NewArticle {
                folder,
                stem,
                title,
                date,
                tags,
                body,
            } => {
                let rel = if folder.is_empty() {
                    format!("content/{stem}.md")
                } else {
                    format!("content/{folder}/{stem}.md")
                };
                let mut doc = Doc {
                    front: Vec::new(),
                    body: body_text(body),
                };
                doc.set("title", title_value(title));
                doc.set("date", date.map(|d| d.to_string()));
                let tags: Vec<String> = tags.iter().map(|t| t.to_string()).collect();
                if !tags.is_empty() {
                    doc.set("tags", tags_value(&tags));
                }
                if title.is_empty() {
                    broken = Some("no title");
                }
                let text = doc.text();
                (format!("{rel}: new article {text:?}"), rel, Some(text))
            }
            Edit::DeleteArticle(i) => {
                let rel = article(i)?;
                (format!("{rel}: deleted"), rel, None)
            }
            Edit::Session {
                plan: p,
                week,
                day,
                session,
            } => {
                let rel = plan(p)?;
                let mut lines = lines(&self.text(&rel));
                let weeks = week_starts(&lines);
                let w = week.index(weeks.len());
                let end = weeks.get(w + 1).copied().unwrap_or(lines.len());
                let prefix = format!("      {day}:");
                let at = (weeks[w]..end).find(|&l| lines[l].starts_with(&prefix))?;
                lines[at] = format!("      {day}: {session}");
                let what = format!("{rel}: week {} {day} = {session:?}", w + 1);
                (what, rel, Some(unlines(&lines)))
            }
            Edit::AddWeek(p) => {
                let rel = plan(p)?;
                let mut text = self.text(&rel);
                text.push_str("  - days:\n");
                for (d, s) in DAYS.iter().zip(SESSIONS.iter().cycle()) {
                    text.push_str(&format!("      {d}: {s}\n"));
                }
                (format!("{rel}: a week added"), rel, Some(text))
            }
            Edit::RemoveWeek(p) => {
                let rel = plan(p)?;
                let mut lines = lines(&self.text(&rel));
                let weeks = week_starts(&lines);
                if weeks.len() == 1 {
                    broken = Some("a plan without weeks");
                }
                lines.truncate(*weeks.last()?);
                (
                    format!("{rel}: its last week removed"),
                    rel,
                    Some(unlines(&lines)),
                )
            }
            Edit::PlanTitle(p, t) => {
                let rel = plan(p)?;
                let mut lines = lines(&self.text(&rel));
                let at = weeks_line(&lines);
                set_key(&mut lines, "title", title_value(t), at);
                if t.is_empty() {
                    broken = Some("a plan without a title");
                }
                (format!("{rel}: title = {t:?}"), rel, Some(unlines(&lines)))
            }
            Edit::PlanTags(p, t) => {
                let rel = plan(p)?;
                let mut lines = lines(&self.text(&rel));
                let mut tags = parse_tags(get_key(&lines, "tags"));
                apply_tag_edit(&mut tags, t);
                let at = weeks_line(&lines);
                set_key(&mut lines, "tags", tags_value(&tags), at);
                (
                    format!("{rel}: tags = {tags:?}"),
                    rel,
                    Some(unlines(&lines)),
                )
            }
            Edit::PlanStart(p, d) => {
                let rel = plan(p)?;
                let mut lines = lines(&self.text(&rel));
                let at = weeks_line(&lines);
                set_key(&mut lines, "start", d.map(str::to_string), at);
                if *d == Some("2027-03-02") {
                    broken = Some("a plan that starts on a Tuesday");
                }
                (format!("{rel}: start = {d:?}"), rel, Some(unlines(&lines)))
            }
            Edit::PlanDraft(p, d) => {
                let rel = plan(p)?;
                let mut lines = lines(&self.text(&rel));
                let at = weeks_line(&lines);
                set_key(&mut lines, "draft", Some(d.to_string()), at);
                (format!("{rel}: draft = {d}"), rel, Some(unlines(&lines)))
            }
            Edit::PlanPersonalise(p, v) => {
                let rel = plan(p)?;
                let mut lines = lines(&self.text(&rel));
                let at = weeks_line(&lines);
                set_key(&mut lines, "personalise", v.map(|v| v.to_string()), at);
                (
                    format!("{rel}: personalise = {v:?}"),
                    rel,
                    Some(unlines(&lines)),
                )
            }
            Edit::Intro {
                section,
                title,
                link,
                guide,
            } => {
                let rel = format!("content/{section}/_index.md");
                let after = title.as_ref().map(|t| {
                    if t.is_empty() {
                        broken = Some("no title");
                    }
                    let mut doc = Doc {
                        front: Vec::new(),
                        body: "The intro.\n".to_string(),
                    };
                    doc.set("title", title_value(t));
                    if *guide {
                        doc.set("layout", Some("guide".into()));
                    }
                    if let Some(l) = link {
                        doc.body.push_str(&format!("See [this](@/{l}).\n"));
                    }
                    doc.text()
                });
                let what = match &after {
                    Some(t) => format!("{rel}: written {t:?}"),
                    None => format!("{rel}: deleted"),
                };
                (what, rel, after)
            }
            Edit::Variant(v) => {
                let rel = VARIANT.to_string();
                let after = v.as_ref().map(|v| {
                    let mut text = format!("extends: {}\nlevel: {}\n", v.base, v.level);
                    if let Some(t) = title_value(&v.title) {
                        text.push_str(&format!("title: {t}\n"));
                    }
                    if let Some(f) = v.scale {
                        text.push_str(&format!("scale: {f}\n"));
                    }
                    if let Some((w, d, session)) = v.day {
                        text.push_str(&format!(
                            "weeks:\n  {w}:\n    days:\n      {d}: {session}\n"
                        ));
                    }
                    text
                });
                (format!("{rel} = {after:?}"), rel, after)
            }
            Edit::Home(title, link) => {
                let rel = "content/index.md".to_string();
                let after = title.as_ref().map(|t| {
                    let mut doc = Doc {
                        front: Vec::new(),
                        body: "Welcome home.\n".to_string(),
                    };
                    if t.is_empty() {
                        broken = Some("no title");
                    }
                    doc.set("title", title_value(t));
                    if let Some(l) = link {
                        doc.body.push_str(&format!("See [this](@/{l}).\n"));
                    }
                    doc.text()
                });
                let what = match &after {
                    Some(t) => format!("{rel}: written {t:?}"),
                    None => format!("{rel}: deleted"),
                };
                (what, rel, after)
            }
            Edit::Batch(..) | Edit::Rename(..) => unreachable!("applied by Sources::apply"),
            Edit::SiteTitle(t) => {
                let mut lines = lines(&self.text("site.yaml"));
                set_key(&mut lines, "title", title_value(t), 0);
                if t.is_empty() {
                    broken = Some("site.yaml without a title");
                }
                let what = format!("site.yaml: title = {t:?}");
                (what, "site.yaml".into(), Some(unlines(&lines)))
            }
            Edit::Extra(target, v) => {
                let value = v.map(|v| format!("{{note: {v}}}"));
                match target {
                    ExtraTarget::Article(i) => {
                        let rel = article(i)?;
                        let mut doc = Doc::parse(&self.text(&rel));
                        doc.set("extra", value);
                        (format!("{rel}: extra = {v:?}"), rel, Some(doc.text()))
                    }
                    ExtraTarget::Plan(p) => {
                        let rel = plan(p)?;
                        let mut lines = lines(&self.text(&rel));
                        let at = weeks_line(&lines);
                        set_key(&mut lines, "extra", value, at);
                        (format!("{rel}: extra = {v:?}"), rel, Some(unlines(&lines)))
                    }
                    ExtraTarget::Site => {
                        let mut lines = lines(&self.text("site.yaml"));
                        set_key(&mut lines, "extra", value, 1);
                        let what = format!("site.yaml: extra = {v:?}");
                        (what, "site.yaml".into(), Some(unlines(&lines)))
                    }
                }
            }
            Edit::Paginate(n) => {
                let mut lines = lines(&self.text("site.yaml"));
                set_key(&mut lines, "paginate", n.map(|n| n.to_string()), 1);
                let what = format!("site.yaml: paginate = {n:?}");
                (what, "site.yaml".into(), Some(unlines(&lines)))
            }
            Edit::Menu(m) => {
                let all = lines(&self.text("site.yaml"));
                let (mut items, mut rest): (Vec<String>, Vec<String>) =
                    all.into_iter().partition(|l| l.starts_with("  - "));
                rest.retain(|l| l != "menu:");
                match m {
                    MenuEdit::Add(name, url) => {
                        items.push(format!("  - {{ name: {name}, url: \"{url}\" }}"))
                    }
                    MenuEdit::RemoveLast => {
                        items.pop();
                    }
                }
                if !items.is_empty() {
                    rest.push("menu:".into());
                    rest.extend(items);
                }
                let what = format!("site.yaml: menu {m:?}");
                (what, "site.yaml".into(), Some(unlines(&rest)))
            }
            Edit::Template(name, e) => {
                if matches!(e, TemplateEdit::Broken) {
                    broken = Some("a template that does not parse");
                }
                let rel = format!("templates/{name}");
                (format!("{rel}: {e:?}"), rel, template_text(name, e))
            }
            Edit::Static(rel, v) => {
                let after = v.map(|v| format!("version {v}\n"));
                (format!("{rel}: {after:?}"), rel.to_string(), after)
            }
            Edit::Broken(b) => match b {
                Broken::ArticleYaml(i) => {
                    let rel = article(i)?;
                    let mut doc = Doc::parse(&self.text(&rel));
                    doc.set("title", Some("[unclosed".into()));
                    broken = Some("front matter that is not YAML");
                    (format!("{rel}: title = [unclosed"), rel, Some(doc.text()))
                }
                Broken::PlanYaml(p) => {
                    let rel = plan(p)?;
                    let text = self.text(&rel).replacen("weeks:", "weeks: [", 1);
                    broken = Some("a plan that is not YAML");
                    (format!("{rel}: weeks: ["), rel, Some(text))
                }
                Broken::SiteYaml => {
                    let text = format!("{}paginate: [\n", self.text("site.yaml"));
                    broken = Some("site.yaml that is not YAML");
                    (
                        "site.yaml: paginate: [".into(),
                        "site.yaml".into(),
                        Some(text),
                    )
                }
                Broken::StaticShadow => {
                    broken = Some("a static file in the place of a generated page");
                    let rel = "static/atom.xml".to_string();
                    (
                        "static/atom.xml: added".into(),
                        rel,
                        Some("<feed/>\n".into()),
                    )
                }
            },
        };
        let before = self.read(&rel);
        self.put(&rel, after.as_ref().map(String::as_bytes));
        Some(Applied {
            what,
            files: vec![(rel, before)],
            broken,
        })
    }

    /// Writes (or removes) what `bytes` says at `rel`.
    fn put(&self, rel: &str, bytes: Option<&[u8]>) {
        let p = self.root.join(rel);
        match bytes {
            Some(b) => {
                fs::create_dir_all(p.parent().unwrap()).unwrap();
                fs::write(&p, b).unwrap();
            }
            None => {
                let _ = fs::remove_file(&p);
            }
        }
    }

    /// Why the site is not valid, by the rules the edits can break (besides the deliberately
    /// broken edits): two articles at one URL, an `@/` link to no page, a `week` shortcode
    /// past a plan's end.
    fn problem(&self) -> Option<String> {
        let docs: Vec<(String, Doc)> = self
            .articles()
            .into_iter()
            .map(|rel| {
                let doc = Doc::parse(&self.text(&rel));
                (rel, doc)
            })
            .filter(|(_, d)| self.drafts || d.get("draft") != Some("true"))
            .collect();
        let folder_of = |rel: &str| {
            let p = Path::new(rel.strip_prefix("content/").unwrap());
            p.parent().unwrap().to_string_lossy().into_owned()
        };
        let mut urls = std::collections::BTreeMap::new();
        for (rel, d) in &docs {
            let stem = Path::new(rel).file_stem().unwrap().to_string_lossy();
            let url = format!("{}/{}", folder_of(rel), d.get("slug").unwrap_or(&stem));
            if let Some(other) = urls.insert(url.clone(), rel.clone()) {
                return Some(format!("{other} and {rel} are both at {url}"));
            }
        }
        let mut aliases = std::collections::BTreeMap::new();
        for (rel, d) in &docs {
            let Some(a) = d.get("aliases") else { continue };
            let a = a.trim_matches(|c| c == '[' || c == ']').trim_matches('/');
            if urls.contains_key(a) || urls.contains_key(&format!("/{a}")) {
                return Some(format!("{rel}: the alias {a} is an article's URL"));
            }
            if let Some(other) = aliases.insert(a.to_string(), rel.clone()) {
                return Some(format!("{other} and {rel} both have the alias {a}"));
            }
        }
        let intros = self.content(|p| p.ends_with("/_index.md"));
        let sections: Vec<String> = docs
            .iter()
            .map(|(rel, _)| folder_of(rel))
            .chain(intros.iter().map(|rel| folder_of(rel)))
            .collect();
        for s in &sections {
            if let Some(rel) = urls.get(&format!("/{s}")).or(urls.get(s)) {
                return Some(format!("{rel} is where the section {s} is"));
            }
        }
        let plans: Vec<String> = self
            .plans()
            .into_iter()
            .filter(|rel| self.drafts || !self.text(rel).contains("\ndraft: true"))
            .collect();
        let plan_ids: Vec<String> = plans
            .iter()
            .map(|rel| {
                let text = self.text(rel);
                let stem = Path::new(rel).file_stem().unwrap().to_string_lossy();
                get_key(&lines(&text), "id").unwrap_or(&stem).to_string()
            })
            .collect();
        for (rel, d) in &docs {
            let named = parse_tags(d.get("plans"));
            let called = d.body.split("(slug=\"").skip(1);
            // second.md writes `{{ plan(slug="nope") }}` in code, as an example: not a call.
            let called = called
                .map(|c| c.split('"').next().unwrap().to_string())
                .filter(|id| id != "nope");
            for id in named.into_iter().chain(called) {
                if !plan_ids.contains(&id) {
                    return Some(format!("{rel} names the plan {id}, which is not built"));
                }
            }
        }
        let target_exists = |t: &str| {
            let t = t.split('#').next().unwrap();
            if let Some(dir) = t.strip_suffix("/_index.md") {
                sections.iter().any(|s| s == dir)
            } else if t.ends_with(".yaml") {
                plans.iter().any(|p| p == &format!("content/{t}"))
            } else {
                t == "index.md" || docs.iter().any(|(rel, _)| rel == &format!("content/{t}"))
            }
        };
        let mut texts: Vec<(String, String)> = docs
            .iter()
            .map(|(r, d)| (r.clone(), d.body.clone()))
            .collect();
        for rel in intros.iter().chain(["content/index.md".to_string()].iter()) {
            texts.push((rel.clone(), Doc::parse(&self.text(rel)).body));
        }
        texts.push(("site.yaml".into(), self.text("site.yaml")));
        for (rel, text) in &texts {
            for link in text.split("@/").skip(1) {
                let target: String = link
                    .chars()
                    .take_while(|c| !matches!(c, ')' | '"' | ' '))
                    .collect();
                if !target_exists(&target) {
                    return Some(format!("{rel} links to @/{target}, which is not a page"));
                }
            }
        }
        for rel in &plans {
            let lines = lines(&self.text(rel));
            let goal = get_key(&lines, "goal").and_then(|g| g.split("date: ").nth(1));
            if let (Some(start), Some(goal)) = (get_key(&lines, "start"), goal) {
                let weeks = week_starts(&lines).len() as i64;
                let last = day_number(start) + 7 * (weeks - 1);
                if !(last..last + 7).contains(&day_number(goal.trim_end_matches(" }"))) {
                    return Some(format!("{rel}: its race is not in its last week"));
                }
            }
        }
        let variant = self.text(VARIANT);
        if let Some(base) = get_key(&lines(&variant), "extends") {
            let weeks =
                week_starts(&lines(&self.text(&format!("content/plans/{base}.yaml")))).len();
            let day = variant
                .split("weeks:\n  ")
                .nth(1)
                .and_then(|w| w.split(':').next());
            if let Some(w) = day.and_then(|w| w.parse::<usize>().ok())
                && w > weeks
            {
                return Some(format!(
                    "{VARIANT} changes week {w} of {base}, which has {weeks}"
                ));
            }
        }
        for (rel, d) in &docs {
            for call in d.body.split("{{ week(slug=\"").skip(1) {
                let (plan, rest) = call.split_once("\", n=").unwrap();
                let n: usize = rest.split(')').next().unwrap().parse().unwrap();
                let weeks = week_starts(&lines(&self.text(&format!("content/plans/{plan}.yaml"))));
                if weeks.len() < n {
                    return Some(format!(
                        "{rel} shows week {n} of {plan}, which has {}",
                        weeks.len()
                    ));
                }
            }
        }
        None
    }
}

/// Days since 1970-01-01 of a `YYYY-MM-DD` date (Howard Hinnant's `days_from_civil`).
fn day_number(date: &str) -> i64 {
    let n: Vec<i64> = date.split('-').map(|p| p.parse().unwrap()).collect();
    let (m, d) = (n[1], n[2]);
    let y = if m <= 2 { n[0] - 1 } else { n[0] };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let doy = (153 * (m + if m > 2 { -3 } else { 9 }) + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

fn lines(text: &str) -> Vec<String> {
    text.lines().map(str::to_string).collect()
}

fn unlines(lines: &[String]) -> String {
    let mut s = lines.join("\n");
    s.push('\n');
    s
}

/// The line of each week of a plan (`  - ` items after `weeks:`).
fn week_starts(lines: &[String]) -> Vec<usize> {
    let from = weeks_line(lines);
    (from..lines.len())
        .filter(|&i| lines[i].starts_with("  - "))
        .collect()
}

fn weeks_line(lines: &[String]) -> usize {
    lines
        .iter()
        .position(|l| l.starts_with("weeks:"))
        .unwrap_or(lines.len())
}

// ---------------------------------------------------------------------------------------------
// The property

/// A copy of the fixture and the builder `taper serve` would keep for it.
struct Serve {
    options: Options,
    scratch: PathBuf,
    out: PathBuf,
    sources: Sources,
    builder: Builder,
    log: Vec<String>,
}

impl Serve {
    /// With `like_serve`, the options `taper serve` builds with: drafts, and a local base URL.
    fn start(like_serve: bool) -> Serve {
        let options = if like_serve {
            Options {
                drafts: true,
                base_url: Some("http://127.0.0.1:1111/".into()),
                ..Options::default()
            }
        } else {
            Options::default()
        };
        static CASE: AtomicUsize = AtomicUsize::new(0);
        let scratch = scratch(&format!("case{}", CASE.fetch_add(1, Ordering::Relaxed)));
        let root = scratch.join("site");
        copy_dir(&publish_fixture(), &root);
        // The fixture's guide/ is a guide here (sidebar, reading order, print page).
        let intro = root.join("content/guide/_index.md");
        let text = fs::read_to_string(&intro).unwrap();
        fs::write(&intro, text.replacen("---\n", "---\nlayout: guide\n", 1)).unwrap();
        // Two photos, small so that resizing them is quick (480 and their own width).
        let track = image::RgbImage::from_fn(600, 400, |x, y| image::Rgb([x as u8, y as u8, 90]));
        fs::create_dir_all(root.join("static/images")).unwrap();
        track.save(root.join("static/images/track.png")).unwrap();
        let hill = image::RgbImage::from_fn(500, 700, |x, y| image::Rgb([90, x as u8, y as u8]));
        hill.save(root.join("static/images/hill.jpg")).unwrap();
        let out = scratch.join("public");
        let mut builder = Builder::new(&root, &out, options.clone());
        assert!(
            matches!(builder.full(), Outcome::Rebuilt { full: true, .. }),
            "the fixture builds"
        );
        Serve {
            options,
            scratch,
            out,
            sources: Sources {
                root,
                drafts: like_serve,
            },
            builder,
            log: Vec::new(),
        }
    }

    /// What went wrong, with the edits that led there.
    fn fail(&self, problem: String) -> TestCaseError {
        let mut msg = format!("with {:?}, after the edits\n", self.options);
        for (i, e) in self.log.iter().enumerate() {
            msg.push_str(&format!("  {}. {e}\n", i + 1));
        }
        msg.push_str(&problem);
        TestCaseError::fail(msg)
    }

    /// Tells the builder that the files `rels` changed, as the watcher would.
    fn announce(&mut self, rels: &[&str]) -> Outcome {
        let paths: Vec<PathBuf> = rels.iter().map(|r| self.sources.root.join(r)).collect();
        self.builder.changed(&paths)
    }

    /// A full build of the current sources into a fresh folder.
    fn full_build(&self) -> Result<PathBuf, String> {
        let fresh = self.scratch.join("full");
        let _ = fs::remove_dir_all(&fresh);
        let site = Site::load(&self.sources.root, &self.options).map_err(messages)?;
        site.build(&fresh, false).map_err(messages)?;
        Ok(fresh)
    }

    fn step(&mut self, edit: &Edit) -> Result<(), TestCaseError> {
        let before = files(&self.out);
        let Some(applied) = self.sources.apply(edit) else {
            return Ok(());
        };
        self.log.push(applied.what.clone());
        let paths: Vec<&str> = applied.files.iter().map(|(rel, _)| rel.as_str()).collect();
        let outcome = self.announce(&paths);
        let meant_invalid = applied
            .broken
            .map(str::to_string)
            .or_else(|| self.sources.problem());
        match (meant_invalid, self.full_build()) {
            (None, Ok(fresh)) => self.check_same(&outcome, &fresh),
            (Some(why), Err(_)) => {
                if !matches!(outcome, Outcome::Failed(_)) {
                    return Err(self.fail(format!(
                        "the sources are invalid ({why}) but the update gave {outcome:?}"
                    )));
                }
                if files(&self.out) != before {
                    return Err(self.fail("a failed update changed the output".into()));
                }
                // Put the file back: the next update catches up.
                for (rel, bytes) in applied.files.iter().rev() {
                    self.sources.put(rel, bytes.as_deref());
                }
                self.log.push(format!("{paths:?}: put back"));
                let outcome = self.announce(&paths);
                let fresh = self.full_build().map_err(|e| self.fail(e))?;
                self.check_same(&outcome, &fresh)
            }
            (None, Err(e)) => Err(self.fail(format!(
                "test bug: the edit was meant to keep the site valid, but a full build fails:\n{e}"
            ))),
            (Some(why), Ok(_)) => Err(self.fail(format!(
                "test bug: the edit was meant to break the site ({why}), but a full build works"
            ))),
        }
    }

    fn check_same(&self, outcome: &Outcome, fresh: &Path) -> Result<(), TestCaseError> {
        if let Outcome::Failed(d) = outcome {
            return Err(self.fail(format!(
                "the update failed where a full build works:\n{}",
                messages(d.clone())
            )));
        }
        match first_difference(&self.out, fresh) {
            None => Ok(()),
            Some(d) => Err(self.fail(format!(
                "the output ({outcome_kind}) differs from a full build: {d}",
                outcome_kind = match outcome {
                    Outcome::Rebuilt { full: true, .. } => "full rebuild",
                    Outcome::Rebuilt { .. } => "incremental update",
                    _ => "unchanged",
                }
            ))),
        }
    }
}

impl Drop for Serve {
    fn drop(&mut self) {
        if !std::thread::panicking() {
            let _ = fs::remove_dir_all(&self.scratch);
        }
    }
}

fn messages(diagnostics: Vec<taper::diagnostic::Diagnostic>) -> String {
    diagnostics
        .iter()
        .map(|d| format!("{}:{}: {}", d.file.display(), d.line, d.message))
        .collect::<Vec<_>>()
        .join("\n")
}

/// Runs `edits` from a fresh copy of the fixture, checking after each.
fn run(like_serve: bool, edits: &[Edit]) -> Result<(), TestCaseError> {
    let mut serve = Serve::start(like_serve);
    for e in edits {
        serve.step(e)?;
    }
    Ok(())
}

fn config() -> Config {
    // Env vars (PROPTEST_CASES, ...) override these: contextualize_config reads them.
    contextualize_config(Config {
        cases: 24,
        max_shrink_iters: 200,
        failure_persistence: None,
        ..Config::default()
    })
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn any_sequence_of_edits_gives_the_output_of_a_full_build(
        like_serve in any::<bool>(),
        edits in prop::collection::vec(edit(), 1..6),
    ) {
        run(like_serve, &edits)?;
    }
}

/// The property can fail: an output file changed behind the builder's back is named, with the
/// line that differs, and so is a file a full build does not write.
#[test]
fn the_comparison_names_the_first_differing_file() {
    let mut serve = Serve::start(false);
    serve.log.push("(none)".into());
    let fresh = serve.full_build().expect("the fixture builds");
    assert!(serve.check_same(&Outcome::Unchanged, &fresh).is_ok());
    let page = serve.out.join("about/index.html");
    fs::write(
        &page,
        fs::read_to_string(&page)
            .unwrap()
            .replace("coaches", "runners"),
    )
    .unwrap();
    let err = serve.check_same(&Outcome::Unchanged, &fresh).unwrap_err();
    let err = err.to_string();
    assert!(err.contains("1. (none)"), "{err}");
    assert!(err.contains("about/index.html differs"), "{err}");
    assert!(err.contains("runners") && err.contains("coaches"), "{err}");
    fs::write(serve.out.join("stray.html"), "x").unwrap();
    fs::remove_file(&page).unwrap();
    let err = serve.check_same(&Outcome::Unchanged, &fresh).unwrap_err();
    assert!(
        err.to_string().contains("about/index.html is missing"),
        "{err}"
    );
}
