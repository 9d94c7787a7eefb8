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
  - phase: build
    days:
      mon: walk 20min
      tue: easy 8km @RPE3
      wed: rest
      thu: tempo 10km @RPE7
      fri: rest
      sat: long 16km @RPE4
      sun: rest
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
    assert_eq!(badge_on(&half, "w01-mon"), "Rest");
    assert_eq!(badge_on(&half, "w01-sat"), "Rest or cross");
    // The plan's acknowledged long-run share is shown on its day, with the coach's note.
    assert_eq!(badge_on(&half, "w01-sun"), "Coach's choice");
    assert!(
        day_html(&half, "w01-sun").contains(
            "<strong>Coach's choice:</strong> Four or five runs a week: the long run is this plan&#39;s key endurance session"
        ),
        "{}",
        day_html(&half, "w01-sun")
    );
    // The day after week 2's 15 km long run says why it is a rest day, and links the article
    // the plan names for rest.
    let rest = day_html(&half, "w03-mon");
    assert_eq!(badge_on(&half, "w03-mon"), "Rest");
    assert!(
        rest.contains("<p class=\"rest-why\">Your body adapts to yesterday&#39;s long run today:"),
        "{rest}"
    );
    assert!(
        rest.contains(
            "<a href=\"/posts/recovery-is-training/\">Why rest matters: Recovery Is Training</a>"
        ),
        "{rest}"
    );
    // An easy long run the day after a tempo is a long run, not a second hard day.
    assert_eq!(badge_on(&half, "w10-sun"), "Long");
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
        plan.contains(
            "<h2 id=\"related-title\">Read with this plan</h2>\n  <ul>\n    <li><a href=\"/coach/posts/why-rest/\">Why Rest</a></li>"
        ),
        "plan → related article, under the sub-path"
    );
    let article = read(out.join("posts/why-rest/index.html"));
    assert!(
        article.contains(
            "<h2 id=\"article-plans-title\">Plans in this article</h2>\n    <ul>\n      <li><a href=\"/coach/plans/ten/\">Ten Days Test Plan</a></li>"
        ),
        "article → plan"
    );
    assert!(
        article.contains(
            "<h2 id=\"adaptation\">Adaptation <a class=\"heading-link\" href=\"#adaptation\""
        ),
        "headings get ids"
    );
    // Every day has its badge, rest days say why they are there.
    let badges: Vec<String> = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
        .iter()
        .flat_map(|d| [format!("w01-{d}"), format!("w02-{d}")])
        .map(|anchor| format!("{anchor} {}", badge_on(&plan, &anchor)))
        .collect();
    assert_eq!(
        badges,
        [
            "w01-mon Rest",
            "w02-mon Active rest",
            "w01-tue Easy",
            "w02-tue Easy",
            "w01-wed Key session",
            "w02-wed Rest",
            "w01-thu Rest",
            "w02-thu Key session",
            "w01-fri Rest",
            "w02-fri Rest",
            "w01-sat Long",
            "w02-sat Long",
            "w01-sun Rest or cross",
            "w02-sun Rest",
        ]
    );
    assert!(
        visible_text(day_html(&plan, "w01-thu")).contains(
            "Rest (optional: walk 20 min) Your body adapts to yesterday's intervals today"
        ),
        "the optional walk, then the reason"
    );
    assert!(
        visible_text(day_html(&plan, "w02-wed")).contains("Fresh legs for tomorrow's tempo"),
        "{}",
        day_html(&plan, "w02-wed")
    );
    let sunday = visible_text(day_html(&plan, "w01-sun"));
    assert!(
        sunday.contains("Choose one: Rest Cross-training 40 min bike (RPE 3)"),
        "{sunday}"
    );
    for day in [
        "w01-mon", "w01-thu", "w01-fri", "w01-sun", "w02-mon", "w02-wed",
    ] {
        assert!(
            day_html(&plan, day)
                .contains("<a href=\"/coach/posts/why-rest/\">Why rest matters: Why Rest</a>"),
            "{day} links the rest article under the sub-path"
        );
    }
}

#[test]
fn a_rest_day_shows_its_note() {
    let root = small_site("rest-note");
    build_into(&root, &root.join("public"));
    let plan = read(root.join("public/plans/ten/index.html"));
    let friday = visible_text(day_html(&plan, "w01-fri"));
    assert!(friday.contains("Sleep in."), "{friday}");
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
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(
        lines[..6],
        [
            "Ten Days Test Plan — 2 weeks, intermediate level",
            "2027-03-01 to 2027-03-14",
            "",
            "week  phase       distance        time   load  rest  hard  longest  monotony   change   form",
            "   1  base        ≈33.2 km  3 h 21 min   1009     4     1    14 km      0.75        -     +3",
            "   2  build         ≈34 km  3 h 43 min    938     4     1    16 km      0.81      +2%     +2",
        ],
        "{out}"
    );
    assert!(
        lines[6].starts_with("form: fitness − fatigue at the week's end")
            && lines[6].contains("planned-load (sRPE) units, not TSS"),
        "{out}"
    );
    let lines: Vec<&str> = lines
        .into_iter()
        .filter(|l| !l.starts_with("form: ") && !l.starts_with("Form on race morning"))
        .collect();
    assert_eq!(lines[7], "Findings (2):", "{out}");
    assert!(
        lines[8].starts_with(
            "  guideline [long-run-share] week 1 Saturday: The long run is more than 30 %"
        ),
        "{out}"
    );
    assert!(
        lines[9].starts_with("      evidence (Convention): Daniels"),
        "{out}"
    );
    assert!(
        lines[10].starts_with("  guideline [long-run-spike] week 2 Saturday: A 16 km run"),
        "{out}"
    );
    assert!(
        lines[11].starts_with("      evidence (Moderate): Frandsen et al. 2025"),
        "{out}"
    );
    assert_eq!(lines.len(), 12, "{out}");
    let assert = taper()
        .arg("plan")
        .arg("--format")
        .arg("json")
        .arg(root.join("content/plans/ten.yaml"))
        .assert()
        .success();
    let v: serde_json::Value = serde_json::from_slice(&assert.get_output().stdout).unwrap();
    assert_eq!(v["id"], "ten");
    assert_eq!(v["title"], "Ten Days Test Plan");
    let badges = |w: usize| -> Vec<&str> {
        v["weeks"][w]["days"]
            .as_array()
            .unwrap()
            .iter()
            .map(|d| d["badge"].as_str().unwrap())
            .collect()
    };
    assert_eq!(
        badges(0),
        [
            "Rest",
            "Easy",
            "Key session",
            "Rest",
            "Rest",
            "Long",
            "Rest or cross"
        ]
    );
    assert_eq!(
        badges(1),
        [
            "Active rest",
            "Easy",
            "Rest",
            "Key session",
            "Rest",
            "Long",
            "Rest"
        ]
    );
    let findings: Vec<(&str, u64, &str)> = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["code"].as_str().unwrap(),
                f["week"].as_u64().unwrap(),
                f["weekday"].as_str().unwrap_or("-"),
            )
        })
        .collect();
    assert_eq!(
        findings,
        [("long-run-share", 1, "sat"), ("long-run-spike", 2, "sat")]
    );
}

#[test]
fn taper_plan_says_1_week_for_a_one_week_plan() {
    let root = scratch("one-week");
    write(
        &root,
        "week.yaml",
        "title: One\nweeks:\n  - days: { mon: rest, tue: easy 5km, wed: rest, thu: easy 5km, fri: rest, sat: easy 5km, sun: rest }\n",
    );
    let out = taper()
        .arg("plan")
        .arg(root.join("week.yaml"))
        .assert()
        .success();
    let text = String::from_utf8_lossy(&out.get_output().stdout).into_owned();
    assert_eq!(
        text.lines().next(),
        Some("One — 1 week, intermediate level"),
        "{text}"
    );
}

#[test]
fn maps_print_in_a_stable_order_so_builds_stay_byte_identical() {
    // Tera's `values`, `keys` and `pairs` walk a map: in its hash order unless Tera keeps the
    // order values were built in (its `preserve_order` feature), which differs between runs.
    let root = small_site("map-order");
    let index = built_in("index.html").replace(
        "{{ a.reading_time }} min read",
        "{{ a | keys | join(sep=\",\") }} {{ a | values | join(sep=\" \") }}",
    );
    assert!(index.contains("a | keys"));
    write(&root, "templates/index.html", index);
    let builds: Vec<String> = (0..4)
        .map(|i| {
            let out = root.join(format!("out-{i}"));
            build_into(&root, &out);
            read(out.join("index.html"))
        })
        .collect();
    assert!(
        builds[0].contains("title,url,"),
        "fields in their own order: {}",
        builds[0]
    );
    assert!(builds.iter().all(|b| *b == builds[0]));
}

#[test]
fn no_element_of_the_example_site_repeats_a_class() {
    let out = scratch("classes").join("public");
    build_into(&repo(), &out);
    let mut checked = 0;
    for (path, bytes) in files(&out).iter().filter(|(p, _)| p.ends_with(".html")) {
        let html = String::from_utf8_lossy(bytes);
        for attr in html.split("class=\"").skip(1) {
            let value = attr.split('"').next().unwrap_or_default();
            let mut seen = std::collections::BTreeSet::new();
            for token in value.split_whitespace() {
                assert!(
                    seen.insert(token),
                    "{path}: class=\"{value}\" repeats {token}"
                );
            }
            checked += 1;
        }
    }
    assert!(checked > 500, "only {checked} class attributes");
}

#[test]
fn taper_plan_diff_prints_sessions_numbers_and_findings_that_changed() {
    let root = small_site("plan-diff");
    let new = root.join("content/plans/ten.yaml");
    let old = root.join("old.yaml");
    std::fs::write(&old, PLAN.replace("long 16km", "long 14km")).unwrap();
    let out = taper()
        .args(["plan", "--diff"])
        .arg(&old)
        .arg(&new)
        .assert()
        .success();
    let text = String::from_utf8_lossy(&out.get_output().stdout).into_owned();
    assert!(text.starts_with("Sessions:\n  week 2 Saturday: "), "{text}");
    assert!(text.contains("long 14km"), "{text}");
    assert!(
        text.contains("Weekly distance and load:\n  week 2: distance"),
        "{text}"
    );
    assert!(
        text.contains("  + guideline [long-run-spike] week 2 Saturday"),
        "{text}"
    );
    // The old version on stdin, as `git show HEAD~1:FILE | taper plan --diff - FILE`.
    let out = taper()
        .args(["plan", "--diff", "-"])
        .arg(&new)
        .write_stdin(std::fs::read(&new).unwrap())
        .assert()
        .success();
    assert_eq!(
        String::from_utf8_lossy(&out.get_output().stdout),
        "No differences.\n"
    );
    // A broken old version is reported with its position, exit 1.
    std::fs::write(&old, "title: [\n").unwrap();
    let out = taper()
        .args(["plan", "--diff"])
        .arg(&old)
        .arg(&new)
        .assert()
        .code(1);
    assert!(
        String::from_utf8_lossy(&out.get_output().stderr).contains("old.yaml:"),
        "{:?}",
        out.get_output()
    );
}
