//! No page is ever silently replaced: every output path has one producer, and a second one
//! is an error (exit 1) at the user's file, naming the other producer. One test per case.

mod common;
use common::*;

use std::path::PathBuf;

const POST: &str = "---\ntitle: Why Rest\ndate: 2026-09-01\ntags: [rest]\n---\nRest.\n";
const PLAN: &str = "title: First Plan\nstart: 2027-03-01\nweeks:\n  - days: { mon: rest, tue: easy 5km, wed: rest, thu: easy 5km, fri: rest, sat: long 10km, sun: rest }\n";

/// A small site (one article, one dated plan) with `extra` files added.
fn site(name: &str, extra: &[(&str, &str)]) -> PathBuf {
    let root = scratch(name);
    write(
        &root,
        "site.yaml",
        "title: Small\nbase_url: https://example.org/\n",
    );
    write(&root, "content/posts/why-rest.md", POST);
    write(&root, "content/plans/first-plan.yaml", PLAN);
    for (path, text) in extra {
        write(&root, path, text);
    }
    root
}

/// Builds the site and expects exit 1 with `error: <at>` and `message` on stderr, and the
/// same from `taper check`.
fn conflict(name: &str, extra: &[(&str, &str)], at: &str, message: &str) {
    let root = site(name, extra);
    let err = build_fails(&root);
    assert!(
        err.contains(&format!("error: {at}")),
        "{name}: no `{at}` in:\n{err}"
    );
    assert!(err.contains(message), "{name}: no `{message}` in:\n{err}");
    assert!(
        !root.join("public").exists(),
        "{name}: something was written"
    );
    let out = taper()
        .args(["check", "--root"])
        .arg(&root)
        .assert()
        .code(1);
    let err = String::from_utf8_lossy(&out.get_output().stderr).into_owned()
        + &String::from_utf8_lossy(&out.get_output().stdout);
    assert!(err.contains(message), "{name}: taper check: {err}");
}

macro_rules! conflicts {
    ($($name:ident: [$(($path:expr, $text:expr)),*] at $at:expr, $message:expr;)*) => {$(
        #[test]
        fn $name() {
            conflict(stringify!($name), &[$(($path, $text)),*], $at, $message);
        }
    )*};
}

const X: &str = "x";
const TAGGED_X: &str = "---\ntitle: X\ntags: [x]\n---\nHi.\n";
const ARTICLE: &str = "---\ntitle: X\n---\nHi.\n";

conflicts! {
    alias_over_an_article: [("content/old.md", "---\ntitle: Old\naliases:\n  - /gone/\n  - /posts/why-rest/\n---\nHi.\n")]
        at "content/old.md:5:5", "the alias `/posts/why-rest/` of `content/old.md` would write `posts/why-rest/index.html`, which is also written by the article `content/posts/why-rest.md`";
    alias_twice: [("content/a.md", "---\ntitle: A\naliases: [/was/]\n---\n"), ("content/b.md", "---\ntitle: B\naliases: [/was/]\n---\n")]
        at "content/b.md:3:11", "also written by the alias `/was/` of `content/a.md`";
    article_over_a_guide_print_page: [("content/g/_index.md", "---\ntitle: G\nlayout: guide\n---\n"), ("content/g/print.md", ARTICLE)]
        at "content/g/print.md:", "also written by the print page of the guide `content/g/`";
    content_search_index: [("content/search/meta.json", X)]
        at "content/search/meta.json:", "would write `search/`, which is also written by Taper's search index";
    content_sitemap: [("content/sitemap.xml", X)]
        at "content/sitemap.xml:", "also written by Taper's sitemap";
    content_stylesheet: [("content/style.css", X)]
        at "content/style.css:", "also written by Taper's stylesheet";
    content_home_page: [("content/index.html", X)]
        at "content/index.html:", "also written by the home page";
    content_not_found: [("content/404.html", X)]
        at "content/404.html:", "also written by Taper's not-found page";
    content_feed: [("content/atom.xml", X)]
        at "content/atom.xml:", "also written by Taper's feed";
    content_over_an_article: [("content/posts/why-rest/index.html", X)]
        at "content/posts/why-rest/index.html:", "also written by the article `content/posts/why-rest.md`";
    content_over_plan_json: [("content/plans/first-plan/plan.json", X)]
        at "content/plans/first-plan/plan.json:", "also written by the plan `content/plans/first-plan.yaml`";
    content_over_a_calendar: [("content/plans/first-plan/plan.ics", X)]
        at "content/plans/first-plan/plan.ics:", "also written by the plan";
    content_over_a_workout: [("content/plans/first-plan/workouts/w01-tue.fit", X)]
        at "content/plans/first-plan/workouts/w01-tue.fit:", "also written by the plan `content/plans/first-plan.yaml`";
    static_over_a_workout: [("static/plans/first-plan/workouts/w01-sat.fit", X)]
        at "static/plans/first-plan/workouts/w01-sat.fit:", "also written by the plan";
    an_article_over_its_tag_page: [("content/tags/x.md", TAGGED_X)]
        at "content/tags/x.md:", "also written by the page of the tag `x`";
    a_tags_section_over_the_tag_list: [("content/tags/notes.md", ARTICLE)]
        at "content/tags/:", "the list page of the folder `content/tags/` would write `tags/index.html`, which is also written by Taper's list of tags";
    a_tags_intro_over_the_tag_list: [("content/tags/_index.md", ARTICLE), ("content/tags/a.md", ARTICLE)]
        at "content/tags/_index.md:", "which is also written by Taper's list of tags";
    a_slug_over_a_home_page: [("site.yaml", "title: Small\npaginate: 1\n"), ("content/page/x.md", "---\ntitle: X\nslug: \"2\"\n---\nHi.\n")]
        at "content/page/x.md:3:7:", "page 2 of the home list";
    a_slug_over_another_article: [("content/posts/other.md", "---\ntitle: X\nslug: why-rest\n---\nHi.\n")]
        at "content/posts/other.md:3:7:", "also written by the article `content/posts/why-rest.md`";
    an_article_over_a_section: [("content/posts.md", ARTICLE)]
        at "content/posts.md:", "also written by the list page of the folder `content/posts/`";
    an_article_over_the_plans_list: [("content/plans.md", ARTICLE)]
        at "content/plans.md:", "also written by Taper's plans list";
    static_home_page: [("static/index.html", X)]
        at "static/index.html:", "also written by the home page";
    static_over_an_article: [("static/posts/why-rest/index.html", X)]
        at "static/posts/why-rest/index.html:", "also written by the article";
    static_search_index: [("static/search/any.txt", X)]
        at "static/search/any.txt:", "also written by Taper's search index";
    static_over_content: [("static/posts/photo.jpg", X), ("content/posts/photo.jpg", X)]
        at "static/posts/photo.jpg:", "also written by the file `content/posts/photo.jpg`";
    an_empty_file_name: [("content/posts/###.md", ARTICLE)]
        at "content/posts/###.md:", "the file name has no letters or digits";
    an_empty_top_file_name: [("content/!!!.md", ARTICLE)]
        at "content/!!!.md:", "the file name has no letters or digits";
    an_empty_folder_name: [("content/###/a.md", ARTICLE)]
        at "content/###/a.md:", "a folder name in `content/###/a.md` has no letters or digits";
}

#[test]
fn a_slug_that_names_the_page_is_fine_and_the_site_builds() {
    let root = site(
        "fine",
        &[(
            "content/posts/###.md",
            "---\ntitle: X\nslug: named\n---\nHi.\n",
        )],
    );
    build_into(&root, &root.join("public"));
    assert!(root.join("public/posts/named/index.html").is_file());
}
