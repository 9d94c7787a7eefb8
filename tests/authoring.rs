//! `taper check` (every format and exit code) and `taper new`, on fixture sites.

mod common;
use common::*;

use std::fs;
use std::path::{Path, PathBuf};

/// A site whose first article has a broken link (line 7) and a broken anchor (line 8).
fn broken_links(name: &str) -> PathBuf {
    let root = scratch(name);
    write(
        &root,
        "site.yaml",
        "title: Links\nbase_url: https://example.org/coach/\n",
    );
    write(
        &root,
        "content/posts/a.md",
        "---\ntitle: A\ndate: 2026-01-02\n---\n## Why rest\n\nSee [gone](/posts/nope/).\nAnd [there](/posts/b/#nope), [fine](/posts/b/#sleep), [self](#why-rest), [out](https://other.org/x).\n",
    );
    write(
        &root,
        "content/posts/b.md",
        "---\ntitle: B\ndate: 2026-01-01\n---\n## Sleep\n\nText.\n",
    );
    root
}

/// A site with no link problems and a plan that draws cautions and warnings.
fn flawed_plan(name: &str) -> PathBuf {
    let root = scratch(name);
    write(&root, "site.yaml", "title: Flawed\n");
    let plan = fs::read_to_string(
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/flawed-plan.yaml"),
    )
    .unwrap();
    write(&root, "content/plans/flawed.yaml", &plan);
    root
}

fn json(root: &Path, extra: &[&str]) -> (i32, Vec<serde_json::Value>) {
    let out = taper()
        .args(["check", "--format", "json", "--root"])
        .arg(root)
        .args(extra)
        .output()
        .unwrap();
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("stdout is JSON");
    (out.status.code().unwrap(), v.as_array().unwrap().clone())
}

/// `taper check --format github` on `root`, which must exit with `code`: what it printed.
fn github(root: &Path, code: i32) -> String {
    let out = taper()
        .args(["check", "--format", "github", "--root"])
        .arg(root)
        .assert()
        .code(code);
    String::from_utf8_lossy(&out.get_output().stdout).into_owned()
}

#[test]
fn check_human_points_at_the_broken_link_and_anchor() {
    let root = broken_links("human");
    let out = taper()
        .args(["check", "--root"])
        .arg(&root)
        .assert()
        .code(1);
    let err = String::from_utf8_lossy(&out.get_output().stderr).into_owned();
    assert!(
        err.contains("error: content/posts/a.md:7:12: `/coach/posts/nope/`"),
        "{err}"
    );
    assert!(err.contains("[broken-link]"));
    assert!(
        err.contains("error: content/posts/a.md:8:13: `/coach/posts/b/#nope`"),
        "{err}"
    );
    assert!(err.contains("[broken-anchor]"));
    assert!(err.contains("2 errors, 0 warnings"));
    assert!(!root.join("public").exists(), "check writes nothing");
}

#[test]
fn check_json_and_github_formats() {
    let root = broken_links("formats");
    let (code, items) = json(&root, &[]);
    assert_eq!(code, 1);
    let codes: Vec<&str> = items.iter().map(|i| i["code"].as_str().unwrap()).collect();
    assert_eq!(codes, vec!["broken-link", "broken-anchor"]);
    for i in &items {
        for key in ["file", "line", "column", "severity", "code", "message"] {
            assert!(i.get(key).is_some(), "{key} in {i}");
        }
        assert_eq!(i["file"], "content/posts/a.md");
        assert_eq!(i["severity"], "error");
    }
    let (_, items) = json(&root, &["--external"]);
    assert!(
        items
            .iter()
            .any(|i| i["code"] == "external-link" && i["message"] == "https://other.org/x")
    );

    let text = github(&root, 1);
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 2, "{text}");
    assert!(
        lines[0].starts_with("::error file=content/posts/a.md,line=7,col=12,title=broken-link::")
    );
    assert!(
        lines[1].starts_with("::error file=content/posts/a.md,line=8,col=13,title=broken-anchor::")
    );
}

#[test]
fn findings_are_warnings_and_fail_only_when_denied() {
    let root = flawed_plan("findings");
    let (code, items) = json(&root, &[]);
    assert_eq!(code, 0, "warnings alone pass");
    assert!(!items.is_empty());
    assert!(items.iter().all(|i| i["severity"] == "warning"));
    let back = items
        .iter()
        .find(|i| i["code"] == "hard-back-to-back")
        .expect("a hard-back-to-back warning");
    assert_eq!(back["file"], "content/plans/flawed.yaml");
    assert!(back["line"].as_u64().unwrap() > 1, "positioned at the day");
    assert!(
        items.iter().all(|i| i["code"] != "volume-jump"),
        "guidelines and notes are not reported"
    );
    let (code, _) = json(&root, &["--deny-warnings"]);
    assert_eq!(code, 1);
    let text = github(&root, 0);
    assert!(text.starts_with("::warning file=content/plans/flawed.yaml,line="));
}

#[test]
fn check_usage_errors_exit_2_and_load_errors_exit_1() {
    taper().args(["check", "--format", "xml"]).assert().code(2);
    let root = scratch("no-config");
    taper()
        .args(["check", "--root"])
        .arg(&root)
        .assert()
        .code(1);
}

#[test]
fn new_site_checks_clean_and_builds_and_new_refuses_to_overwrite() {
    let dir = scratch("new").join("my-site");
    taper().args(["new", "site"]).arg(&dir).assert().success();
    taper()
        .args(["check", "--deny-warnings", "--root"])
        .arg(&dir)
        .assert()
        .success();
    taper()
        .args(["new", "post", "Hill Repeats, Explained", "--root"])
        .arg(&dir)
        .assert()
        .success();
    let post = fs::read_to_string(dir.join("content/posts/hill-repeats-explained.md")).unwrap();
    assert!(post.contains("title: \"Hill Repeats, Explained\""));
    assert!(post.contains("date: 20"));
    taper()
        .args(["new", "post", "Hill repeats explained", "--root"])
        .arg(&dir)
        .assert()
        .code(1);
    taper()
        .args([
            "new",
            "plan",
            "Spring 10K",
            "--weeks",
            "12",
            "--race-date",
            "2027-04-18",
            "--root",
        ])
        .arg(&dir)
        .assert()
        .success();
    taper()
        .args(["check", "--deny-warnings", "--root"])
        .arg(&dir)
        .assert()
        .success();
    taper()
        .args(["build", "--root"])
        .arg(&dir)
        .assert()
        .success();
    assert!(dir.join("public/plans/spring-10k/index.html").is_file());
    assert!(
        dir.join("public/posts/hill-repeats-explained/index.html")
            .is_file()
    );
    taper().args(["new", "site"]).arg(&dir).assert().code(1);
}

#[test]
fn check_on_the_publishing_fixture_finds_no_broken_link() {
    // A sub-path base_url, tags, pagination (2 a page), sections, `@/` links, shortcodes,
    // calendars: every link on every rendered page must resolve, with and without drafts.
    for extra in [&[][..], &["--drafts"][..]] {
        let (code, items) = json(&publish_fixture(), extra);
        let broken: Vec<&serde_json::Value> =
            items.iter().filter(|d| d["severity"] == "error").collect();
        assert!(broken.is_empty(), "{extra:?}: {broken:#?}");
        assert_eq!(code, 0, "{extra:?}: warnings alone pass");
    }
    let report = taper::check::check(&publish_fixture(), &taper::site::Options::default(), false);
    assert_eq!(report.errors(), 0, "{:#?}", report.diagnostics);
    // Home pages 1-3, tags, tag pages (with their own pagination), the guide section, articles,
    // plans, 404: all of them are checked, not only articles and plans.
    assert!(report.pages >= 20, "only {} pages checked", report.pages);
    assert!(report.links > 300, "only {} links checked", report.links);
    let stdout = taper()
        .args(["check", "--root"])
        .arg(publish_fixture())
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&stdout.stderr);
    assert!(err.contains("0 errors"), "{err}");
}

#[test]
fn check_sees_links_on_tag_section_and_pagination_pages() {
    // A broken link that only the publishing pages show, through overridden templates.
    let root = copy_publish_fixture("publish-broken");
    // Tag and home links on their second page only: pagination pages are checked too.
    for (name, body, only_if) in [
        ("tag.html", "gone-from-tag", "paginator.number == 2"),
        ("section.html", "gone-from-section", "true"),
        ("index.html", "gone-from-home", "paginator.number == 2"),
    ] {
        let builtin = built_in(name);
        let text = builtin.replacen(
            "{% block content %}",
            &format!(
                "{{% block content %}}{{% if {only_if} %}}<a href=\"{{{{ site.base_path }}}}{body}/\">x</a>{{% endif %}}"
            ),
            1,
        );
        assert_ne!(text, builtin, "{name} has a content block");
        write(&root, &format!("templates/{name}"), &text);
    }
    let (code, items) = json(&root, &[]);
    assert_eq!(code, 1);
    for (body, file) in [
        ("gone-from-tag", "templates/tag.html"),
        ("gone-from-section", "content/guide/_index.md"),
        ("gone-from-home", "content/index.md"),
    ] {
        assert!(
            items.iter().any(|d| d["code"] == "broken-link"
                && d["message"].as_str().unwrap().contains(body)
                && d["file"] == file),
            "{body} in {file}: {items:#?}"
        );
    }
}
