//! Integration tests: the real binary on fixture sites.

mod common;
use common::*;

use std::path::PathBuf;

const PLAN: &str = "title: Ten Days Test Plan
level: intermediate
start: 2027-03-01
weeks:
  - phase: base
    days:
      mon: rest
      tue: easy 8km @RPE3
      wed: intervals 2km wu + 6x(800m @RPE8 / 400m jog) + 2km cd
      thu: rest (walk 20min)
      fri: { type: rest, notes: Sleep in. }
      sat: long 14km @RPE4
      sun: 'rest | cross 40min bike @RPE3'
";

/// A small site: site.yaml, one article linking one plan.
fn small_site(name: &str) -> PathBuf {
    let root = scratch(name);
    write(
        &root,
        "site.yaml",
        "title: Small Site\nbase_url: https://example.org/coach/\n",
    );
    write(
        &root,
        "content/posts/why-rest.md",
        "---\ntitle: Why Rest\ndate: 2026-09-01\nplans: [ten]\nexplains: [rest]\n---\n## Adaptation\n\nRest is where it happens.\n",
    );
    write(&root, "content/plans/ten.yaml", PLAN);
    root
}

#[test]
fn the_example_site_builds_with_annotated_rest_days() {
    let out = scratch("example").join("public");
    build_into(&repo(), &out);
    let half = read(out.join("plans/half-marathon-12/index.html"));
    assert!(half.contains("Rest"), "a rest badge in text");
    assert!(
        half.contains("Your body adapts to yesterday"),
        "rest days carry their reason"
    );
    assert!(
        half.contains("posts/recovery-is-training/"),
        "rest days link the recovery article"
    );
    assert!(half.contains("Coach&#x27;s choice") || half.contains("Coach's choice"));
    let json: serde_json::Value =
        serde_json::from_str(&read(out.join("plans/half-marathon-12/plan.json"))).unwrap();
    assert_eq!(json["weeks"].as_array().unwrap().len(), 12);
    assert!(out.join("index.html").is_file());
    assert!(out.join("plans/index.html").is_file());
    assert!(out.join("404.html").is_file());
    assert!(out.join("style.css").is_file());
    let article = read(out.join("posts/recovery-is-training/index.html"));
    assert!(
        article.contains("/plans/half-marathon-12/"),
        "article → plan link"
    );
}

#[test]
fn a_site_with_the_embedded_theme_only_and_links_both_ways() {
    let root = small_site("embedded");
    let out = root.join("public");
    taper()
        .arg("build")
        .arg("--root")
        .arg(&root)
        .assert()
        .success();
    let plan = read(out.join("plans/ten/index.html"));
    assert!(
        plan.contains("/coach/posts/why-rest/"),
        "plan → related article, under the sub-path"
    );
    assert!(plan.contains("Why Rest"));
    let article = read(out.join("posts/why-rest/index.html"));
    assert!(article.contains("/coach/plans/ten/"), "article → plan");
    assert!(article.contains("id=\"adaptation\""), "headings get ids");
    // Every day of the week is there, rest days marked and explained.
    for day in ["w01-mon", "w01-thu", "w01-fri", "w01-sun"] {
        assert!(plan.contains(day), "{day}");
    }
    assert!(plan.contains("Rest or cross"));
    assert!(plan.contains("Active rest") || plan.contains("Rest"));
}

#[test]
fn one_overridden_template_replaces_the_built_in() {
    let root = small_site("override");
    write(
        &root,
        "templates/404.html",
        "{% extends \"base.html\" %}{% block content %}<p>Lost on the trail.</p>{% endblock content %}",
    );
    taper()
        .arg("build")
        .arg("--root")
        .arg(&root)
        .assert()
        .success();
    let page = read(root.join("public/404.html"));
    assert!(page.contains("Lost on the trail."));
    assert!(
        page.contains("Small Site"),
        "still inherits the built-in base.html"
    );
}

#[test]
fn two_builds_are_byte_identical() {
    let root = small_site("determinism");
    let (a, b) = (root.join("a"), root.join("b"));
    taper()
        .arg("build")
        .arg("--root")
        .arg(&root)
        .arg("-o")
        .arg(&a)
        .assert()
        .success();
    taper()
        .arg("build")
        .arg("--root")
        .arg(&root)
        .arg("-o")
        .arg(&b)
        .assert()
        .success();
    assert_eq!(files(&a), files(&b));
}

#[test]
fn refuses_to_build_over_the_site_or_a_foreign_folder() {
    let root = small_site("refuse");
    let out = taper()
        .arg("build")
        .arg("--root")
        .arg(&root)
        .arg("--output")
        .arg(&root)
        .arg("--force")
        .assert()
        .code(1);
    let err = String::from_utf8_lossy(&out.get_output().stderr).into_owned();
    assert!(err.contains("would delete the site"), "{err}");
    let foreign = root.join("notes");
    write(&root, "notes/todo.txt", "mine");
    taper()
        .arg("build")
        .arg("--root")
        .arg(&root)
        .arg("--output")
        .arg(&foreign)
        .assert()
        .code(1);
    assert_eq!(read(foreign.join("todo.txt")), "mine");
}

#[test]
fn template_syntax_errors_point_at_the_template() {
    let root = small_site("bad-template");
    write(
        &root,
        "templates/article.html",
        "{% extends \"base.html\" %}\n{% block content %}\n{{ page.title \n{% endblock content %}\n",
    );
    let err = build_fails(&root);
    // Tera notices the unclosed `{{` where the next tag starts, on line 4.
    assert!(err.contains("templates/article.html:4:1"), "{err}");
    assert!(err.contains("template syntax error"), "{err}");
}

#[test]
fn all_problems_are_reported_not_only_the_first() {
    let root = small_site("many");
    write(
        &root,
        "content/posts/a.md",
        "---\ntitle: A\ndate: 2026-99-01\n---\n",
    );
    write(&root, "content/posts/b.md", "---\ntitel: B\n---\n");
    let err = build_fails(&root);
    assert!(err.contains("content/posts/a.md:3:7"), "{err}");
    assert!(err.contains("content/posts/b.md:2:1"), "{err}");
}

#[test]
fn taper_plan_prints_weeks_and_findings() {
    let root = small_site("plan-cmd");
    let assert = taper()
        .arg("plan")
        .arg(root.join("content/plans/ten.yaml"))
        .assert()
        .success();
    let out = String::from_utf8_lossy(&assert.get_output().stdout).into_owned();
    assert!(out.contains("Ten Days Test Plan"));
    assert!(out.contains("week"));
    let assert = taper()
        .arg("plan")
        .arg("--format")
        .arg("json")
        .arg(root.join("content/plans/ten.yaml"))
        .assert()
        .success();
    let v: serde_json::Value = serde_json::from_slice(&assert.get_output().stdout).unwrap();
    assert_eq!(v["id"], "ten");
}
