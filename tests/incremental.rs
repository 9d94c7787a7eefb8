//! Incremental rebuilds, as `taper serve` does them, on the publishing fixture (sub-path
//! base_url, tags, pagination at 2 a page, sections, shortcodes, `@/` links, calendars):
//! after each kind of edit the output folder must be byte-identical, file for file, to a
//! full build of the same sources into a fresh folder, and the edit must have been applied
//! incrementally (not by reloading the site).

mod common;
use common::*;

use std::fs;
use std::path::PathBuf;

use taper::serve::rebuild::{Builder, Options, Outcome};
use taper::site::Site;

/// The fixture, built once by a [`Builder`] that is kept for incremental changes.
struct Loop {
    root: PathBuf,
    out: PathBuf,
    scratch: PathBuf,
    builder: Builder,
}

impl Loop {
    fn new(name: &str) -> Loop {
        Loop::with(name, |_| {})
    }

    /// The fixture changed by `setup` before the first build.
    fn with(name: &str, setup: impl Fn(&std::path::Path)) -> Loop {
        let scratch = scratch(name);
        let root = scratch.join("site");
        copy_dir(&publish_fixture(), &root);
        setup(&root);
        let out = scratch.join("public");
        let mut builder = Builder::new(&root, &out, Options::default());
        assert!(
            matches!(builder.full(), Outcome::Rebuilt { full: true, .. }),
            "the fixture builds"
        );
        let mut l = Loop {
            root,
            out,
            scratch,
            builder,
        };
        l.assert_same_as_full_build("the first build");
        l
    }

    fn write(&self, rel: &str, text: &str) -> PathBuf {
        let p = self.root.join(rel);
        fs::create_dir_all(p.parent().unwrap()).unwrap();
        fs::write(&p, text).unwrap();
        p
    }

    fn edit(&self, rel: &str, from: &str, to: &str) -> PathBuf {
        let p = self.root.join(rel);
        let text = fs::read_to_string(&p).unwrap();
        assert!(text.contains(from), "{rel} has `{from}`");
        fs::write(&p, text.replacen(from, to, 1)).unwrap();
        p
    }

    /// Tells the builder about `changed`; returns the files it wrote or removed.
    fn changed(&mut self, changed: &[PathBuf]) -> Vec<String> {
        match self.builder.changed(changed) {
            Outcome::Rebuilt { files, full, .. } => {
                assert!(!full, "{changed:?} was applied incrementally");
                files
            }
            Outcome::Unchanged => Vec::new(),
            Outcome::Failed(d) => panic!("{changed:?} failed: {d:#?}"),
        }
    }

    /// The output equals a full build of the current sources, file for file.
    fn assert_same_as_full_build(&mut self, what: &str) {
        let fresh = self
            .scratch
            .join(format!("full-{}", what.replace(' ', "-")));
        let _ = fs::remove_dir_all(&fresh);
        let site = Site::load(&self.root, &Options::default())
            .unwrap_or_else(|d| panic!("{what}: the sources load: {d:#?}"));
        site.build(&fresh, false)
            .unwrap_or_else(|d| panic!("{what}: the full build: {d:#?}"));
        let (got, want) = (files(&self.out), files(&fresh));
        let missing: Vec<&String> = want.keys().filter(|k| !got.contains_key(*k)).collect();
        let extra: Vec<&String> = got.keys().filter(|k| !want.contains_key(*k)).collect();
        let differ: Vec<&String> = want
            .iter()
            .filter(|(k, v)| got.get(*k).is_some_and(|g| g != *v))
            .map(|(k, _)| k)
            .collect();
        assert!(
            missing.is_empty() && extra.is_empty() && differ.is_empty(),
            "{what}: missing {missing:?}, left over {extra:?}, different {differ:?}"
        );
    }
}

#[test]
fn a_body_edit_refreshes_its_page_lists_feed_and_search_index() {
    let mut l = Loop::new("body");
    let p = l.edit(
        "content/posts/rest.md",
        "Adaptation happens during rest.",
        "Adaptation happens during rest, and during sleep most of all.",
    );
    let files = l.changed(&[p]);
    for f in ["posts/rest/index.html", "atom.xml"] {
        assert!(files.iter().any(|w| w == f), "{f} rewritten: {files:?}");
    }
    // The search index's terms and the article's document, not the whole index.
    for dir in ["search/t/", "search/d/"] {
        assert!(files.iter().any(|w| w.starts_with(dir)), "{dir}: {files:?}");
    }
    assert!(!files.iter().any(|w| w == "search/search.js"), "{files:?}");
    l.assert_same_as_full_build("body edit");

    // Long enough to change its reading time, which the lists show (home page, posts/).
    let words = "word ".repeat(450);
    let p = l.edit(
        "content/posts/rest.md",
        "## Why",
        &format!("## Why\n\n{words}\n"),
    );
    let files = l.changed(&[p]);
    assert!(files.iter().any(|w| w == "index.html"), "{files:?}");
    l.assert_same_as_full_build("longer body");
}

#[test]
fn lists_that_show_word_counts_follow_a_small_body_edit() {
    // The built-in theme shows reading time in lists, which three more words do not change;
    // a theme that shows the word count itself must see its lists rewritten.
    let mut l = Loop::with("word-count", |root| {
        let index = built_in("index.html")
            .replace("{{ a.reading_time }} min read", "{{ a.word_count }} words");
        assert!(index.contains("a.word_count"));
        write(root, "templates/index.html", index);
    });
    let p = l.edit(
        "content/posts/rest.md",
        "Adaptation happens during rest.",
        "Adaptation happens during rest, mostly during sleep.",
    );
    let files = l.changed(&[p]);
    assert!(files.iter().any(|w| w == "index.html"), "{files:?}");
    l.assert_same_as_full_build("word count");
}

#[test]
fn front_matter_edits_keep_every_page_in_step() {
    let mut l = Loop::new("meta");
    // A title shown by neighbours' prev/next links, lists, tag pages, the plan that names it.
    let p = l.edit("content/posts/rest.md", "Rest Is Training", "Rest Is Work");
    let files = l.changed(&[p]);
    assert!(
        files.iter().any(|f| f == "plans/half/index.html"),
        "{files:?}"
    );
    assert!(files.iter().any(|f| f.starts_with("tags/")), "{files:?}");
    l.assert_same_as_full_build("title edit");

    // A date that moves it across the home pages (2 a page).
    let p = l.edit(
        "content/posts/old.md",
        "date: 2025-01-01",
        "date: 2026-12-31",
    );
    l.changed(&[p]);
    l.assert_same_as_full_build("date edit");

    // A new tag, and a tag that disappears with its pages.
    let p = l.edit(
        "content/posts/old.md",
        "tags: [rest, training]",
        "tags: [rest, easy]",
    );
    let files = l.changed(&[p]);
    assert!(
        files.iter().any(|f| f == "tags/training/index.html"),
        "{files:?}"
    );
    assert!(!l.out.join("tags/training").exists());
    assert!(l.out.join("tags/easy/index.html").is_file());
    l.assert_same_as_full_build("tag edit");

    // Weight order inside a section.
    let p = l.edit("content/guide/second.md", "weight: 2", "weight: 0");
    l.changed(&[p]);
    l.assert_same_as_full_build("weight edit");

    // A new slug: the old page goes.
    let p = l.edit(
        "content/about.md",
        "title: About",
        "title: About\nslug: about-us",
    );
    l.changed(&[p]);
    assert!(!l.out.join("about").exists());
    l.assert_same_as_full_build("slug edit");

    // A new slug for a page that `@/` links elsewhere point at (the home intro, the guide's
    // intro): their rendered Markdown must follow.
    let p = l.edit(
        "content/posts/rest.md",
        "title: Rest Is Work",
        "title: Rest Is Work\nslug: why-rest",
    );
    let files = l.changed(&[p]);
    assert!(files.iter().any(|f| f == "guide/index.html"), "{files:?}");
    l.assert_same_as_full_build("linked slug edit");
}

#[test]
fn new_and_removed_articles_intros_and_home() {
    let mut l = Loop::new("files");
    let p = l.write(
        "content/guide/third.md",
        "---\ntitle: Third Steps\nweight: 3\ntags: [guide, new-tag]\n---\nSee [the half plan](@/plans/half.yaml).\n\n{{ rest_days(slug=\"half\") }}\n",
    );
    l.changed(&[p]);
    assert!(l.out.join("guide/third/index.html").is_file());
    l.assert_same_as_full_build("new article");

    let p = l.root.join("content/posts/future.md");
    fs::remove_file(&p).unwrap();
    let files = l.changed(&[p]);
    assert!(
        files.iter().any(|f| f == "posts/future/index.html"),
        "{files:?}"
    );
    l.assert_same_as_full_build("removed article");

    let p = l.edit(
        "content/guide/_index.md",
        "title: The Guide",
        "title: The Handbook",
    );
    l.changed(&[p]);
    l.assert_same_as_full_build("section intro edit");

    let p = l.edit("content/index.md", "title: Welcome", "title: Welcome back");
    assert_eq!(l.changed(&[p]), vec!["index.html"]);
    l.assert_same_as_full_build("home intro edit");

    // A draft stays out of the build, whatever happens to it.
    let p = l.edit("content/posts/secret.md", "Not yet.", "Still not.");
    assert!(l.changed(&[p]).is_empty());
    l.assert_same_as_full_build("draft edit");
}

#[test]
fn a_plan_edit_refreshes_its_calendars_and_everything_that_shows_it() {
    let mut l = Loop::new("plan");
    // guide/second.md shows week 2 through a shortcode; posts/rest.md names the plan.
    let p = l.edit(
        "content/plans/half.yaml",
        "tempo 8km @RPE7",
        "tempo 9km @RPE7",
    );
    let files = l.changed(&[p]);
    for f in [
        "plans/half/index.html",
        "plans/half/plan.json",
        "plans/half/plan.ics",
        "plans/half/plan-no-rest.ics",
        "guide/second/index.html",
    ] {
        assert!(files.iter().any(|w| w == f), "{f} rewritten: {files:?}");
    }
    l.assert_same_as_full_build("plan edit");

    let p = l.edit(
        "content/plans/half.yaml",
        "title: Half Plan",
        "title: Half Marathon Plan",
    );
    l.changed(&[p]);
    l.assert_same_as_full_build("plan title edit");

    // Without a start date there is no calendar.
    let p = l.edit("content/plans/half.yaml", "start: 2027-03-01\n", "");
    let files = l.changed(&[p]);
    assert!(
        files.iter().any(|f| f == "plans/half/plan.ics"),
        "{files:?}"
    );
    assert!(!l.out.join("plans/half/plan.ics").exists());
    l.assert_same_as_full_build("plan without a start");
}

#[test]
fn a_broken_edit_changes_nothing_and_the_fix_catches_up() {
    let mut l = Loop::new("broken");
    // A shortcode asking for a week the plan does not have.
    let p = l.edit("content/guide/second.md", "n=2", "n=9");
    let before = files(&l.out);
    assert!(matches!(l.builder.changed(&[p]), Outcome::Failed(_)));
    assert!(files(&l.out) == before, "a failed update writes nothing");
    let p = l.edit("content/guide/second.md", "n=9", "n=1");
    // The builder reloads everything after a failure.
    assert!(matches!(
        l.builder.changed(&[p]),
        Outcome::Rebuilt { full: true, .. }
    ));
    l.assert_same_as_full_build("after a fix");
}

#[test]
fn a_title_edit_renders_only_what_shows_the_title_and_stays_exact() {
    // A nested section: the parent's list page shows the titles of its sub-section's pages.
    let mut l = Loop::with("retitle", |root| {
        let deep = "---\ntitle: Deep Dive\ndate: 2026-03-01\ntags: [rest]\n---\nDeep.\n";
        fs::create_dir_all(root.join("content/guide/deep")).unwrap();
        fs::write(root.join("content/guide/deep/dive.md"), deep).unwrap();
        let next = "---\ntitle: Deeper\ndate: 2026-03-02\n---\nDeeper.\n";
        fs::write(root.join("content/guide/deep/deeper.md"), next).unwrap();
        // A theme whose section pages list their sub-sections' pages too.
        let section = built_in("section.html");
        let with_pages = section.replace(
            "{{ s.title }}</a></li>",
            "{{ s.title }}</a>{% for p in s.pages %} {{ p.title }}{% endfor %}</li>",
        );
        assert_ne!(section, with_pages);
        fs::create_dir_all(root.join("templates")).unwrap();
        fs::write(root.join("templates/section.html"), with_pages).unwrap();
    });
    let p = l.edit(
        "content/guide/deep/dive.md",
        "title: Deep Dive",
        "title: Deep Water",
    );
    let files = l.changed(&[p]);
    for shown in [
        "guide/deep/dive/index.html",
        "guide/deep/deeper/index.html",
        "guide/deep/index.html",
        "guide/index.html",
    ] {
        assert!(files.iter().any(|f| f == shown), "{shown} not in {files:?}");
    }
    assert!(
        files.iter().any(|f| f.starts_with("tags/rest/")),
        "{files:?}"
    );
    assert!(
        files.iter().any(|f| f.starts_with("search/d/")),
        "the page's search document: {files:?}"
    );
    l.assert_same_as_full_build("title edit in a nested section");
    let p = l.edit(
        "content/guide/deep/dive.md",
        "tags: [rest]",
        "tags: [rest]\nsummary: A new summary.",
    );
    l.changed(&[p]);
    l.assert_same_as_full_build("summary added");
}

#[test]
fn a_theme_that_reads_the_word_count_by_key_sees_it_change() {
    // `get` reads a field by a key made at render time: `word_count` is written nowhere.
    let mut l = Loop::with("json-encode", |root| {
        let index = built_in("index.html").replace(
            "{{ a.reading_time }} min read",
            "{{ a | get(key=\"word_\" ~ \"count\") }} words",
        );
        assert!(index.contains("get(key=") && !index.contains("word_count"));
        write(root, "templates/index.html", index);
    });
    let p = l.edit(
        "content/posts/rest.md",
        "Adaptation happens during rest.",
        "Adaptation happens during rest, mostly during sleep.",
    );
    let files = l.changed(&[p]);
    assert!(files.iter().any(|w| w == "index.html"), "{files:?}");
    l.assert_same_as_full_build("get");
}

#[test]
fn extra_edits_re_render_the_pages_that_show_them() {
    let mut l = Loop::with("extra", |root| {
        let show = |name: &str, var: &str| {
            built_in(name).replacen(
                "{% block content %}",
                &format!("{{% block content %}}<p>extra: {{{{ {var}.extra.note | default(value=\"-\") }}}}</p>"),
                1,
            )
        };
        write(root, "templates/article.html", show("article.html", "page"));
        write(root, "templates/plan.html", show("plan.html", "plan"));
    });
    let p = l.edit(
        "content/posts/rest.md",
        "explains: [rest]",
        "explains: [rest]\nextra: { note: Sleep first }",
    );
    let files = l.changed(&[p]);
    assert!(
        files.iter().any(|f| f == "posts/rest/index.html"),
        "{files:?}"
    );
    assert!(read(l.out.join("posts/rest/index.html")).contains("<p>extra: Sleep first</p>"));
    l.assert_same_as_full_build("article extra");

    let p = l.edit(
        "content/plans/half.yaml",
        "id: half",
        "id: half\nextra: { note: Coached by Ana }",
    );
    let files = l.changed(&[p]);
    assert!(
        files.iter().any(|f| f == "plans/half/index.html"),
        "{files:?}"
    );
    assert!(read(l.out.join("plans/half/index.html")).contains("<p>extra: Coached by Ana</p>"));
    l.assert_same_as_full_build("plan extra");
}
