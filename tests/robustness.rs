//! Hostile and absurd input: escaping of every YAML text, size and nesting limits, encodings.
//! Each case must give a clear positioned error or a correct page, never a hang or a panic.

mod common;
use common::*;

use std::fs;
use std::path::{Path, PathBuf};

use assert_cmd::Command;

fn build(root: &Path) -> (i32, String) {
    let out = Command::cargo_bin("taper")
        .unwrap()
        .arg("build")
        .arg("--root")
        .arg(root)
        .timeout(std::time::Duration::from_secs(60))
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

const SCRIPT: &str = "<script>alert(1)</script>";
const IMG: &str = "\"><img src=x onerror=alert(1)>";

#[test]
fn every_yaml_text_is_escaped_in_pages() {
    let root = scratch("xss");
    let p = format!("{SCRIPT}{IMG}");
    let q = |s: &str| format!("'{}'", s.replace('\'', "''"));
    write(
        &root,
        "site.yaml",
        format!("title: {t}\ndescription: {t}\nauthor: {t}\n", t = q(&p)).as_bytes(),
    );
    write(
        &root,
        "content/posts/x.md",
        format!("---\ntitle: {t}\nsummary: {t}\ntags: [{t}]\ndate: 2026-01-01\nplans: [p]\n---\nBody.\n", t = q(&p)).as_bytes(),
    );
    write(
        &root,
        "content/index.md",
        format!("---\ntitle: {t}\n---\nWelcome.\n", t = q(&p)).as_bytes(),
    );
    let day = format!(
        "'easy 5km \"{}\"'",
        p.replace('\'', "''").replace('"', "&quot;")
    );
    let plan = format!(
        "title: {t}\nsummary: {t}\ndescription: {t}\ntags: [{t}]\ngoal: {{ race: {t}, target: {t}, date: 2027-04-18 }}\nweeks:\n  - phase: {t}\n    note: {t}\n    days:\n      mon: rest\n      tue: {day}\n      wed: {{ type: rest, notes: {t} }}\n      thu: {{ type: easy, distance: 5km, label: {t} }}\n      fri: rest\n      sat: easy 5km\n      sun: long 10km\n",
        t = q(&p)
    );
    write(&root, "content/plans/p.yaml", plan.as_bytes());
    let (code, err) = build(&root);
    assert_eq!(code, 0, "{err}");
    let mut pages = 0;
    for entry in walkdir::WalkDir::new(root.join("public"))
        .into_iter()
        .filter_map(Result::ok)
    {
        let path = entry.path();
        let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("");
        // Calendars are plain text escaped per RFC 5545 (src/plan/calendar.rs tests that);
        // HTML and XML must never carry the markup raw.
        if !matches!(ext, "html" | "xml") {
            continue;
        }
        let text = fs::read_to_string(path).unwrap();
        assert!(
            !text.contains("<script>alert"),
            "raw script in {}",
            path.display()
        );
        assert!(
            !text.contains("<img src=x"),
            "raw img in {}",
            path.display()
        );
        pages += 1;
    }
    assert!(pages >= 5);
    let plan_page = fs::read_to_string(root.join("public/plans/p/index.html")).unwrap();
    assert!(
        plan_page.contains("&lt;script&gt;alert(1)&lt;&#x2F;script&gt;")
            || plan_page.contains("&lt;script&gt;alert(1)&lt;/script&gt;")
    );
}

fn site_with(name: &str, rel: &str, bytes: &[u8]) -> PathBuf {
    let root = scratch(name);
    write(&root, "site.yaml", b"title: Limits\n");
    write(&root, rel, bytes);
    root
}

fn fails_with(root: &Path, located: &str, what: &str) {
    let (code, err) = build(root);
    assert_eq!(code, 1, "{err}");
    assert!(!err.contains("panicked"), "{err}");
    assert!(err.contains(located), "expected `{located}` in:\n{err}");
    assert!(err.contains(what), "expected `{what}` in:\n{err}");
}

#[test]
fn a_ten_megabyte_line_is_refused_quickly() {
    let mut big = b"---\ntitle: Big\n---\n".to_vec();
    big.extend(std::iter::repeat_n(b'a', 10 * 1024 * 1024));
    let root = site_with("big", "content/posts/big.md", &big);
    fails_with(
        &root,
        "content/posts/big.md:1:1",
        "Taper reads files up to 8 MiB",
    );
}

#[test]
fn ten_thousand_weeks_are_refused() {
    let mut plan = String::from("title: Forever\nweeks:\n");
    for _ in 0..10_000 {
        plan.push_str("  - days: { mon: rest, tue: rest, wed: rest, thu: rest, fri: rest, sat: rest, sun: rest }\n");
    }
    let root = site_with("weeks", "content/plans/forever.yaml", plan.as_bytes());
    fails_with(&root, "content/plans/forever.yaml:3:", "at most 520");
}

/// The character the caret points at in the first snippet of `err`, and the column named.
fn caret_target(err: &str) -> (char, usize) {
    let lines: Vec<&str> = err.lines().collect();
    let column = lines[0]
        .split(": ")
        .nth(1)
        .and_then(|loc| loc.rsplit(':').next())
        .and_then(|c| c.parse().ok())
        .unwrap();
    let shown = lines[2].split_once(" | ").unwrap().1;
    let caret = lines[3].split_once(" | ").unwrap().1;
    (
        shown.chars().nth(caret.chars().count() - 1).unwrap(),
        column,
    )
}

#[test]
fn a_six_megabyte_line_gets_a_short_error_that_names_the_limit() {
    let week = "{days: {mon: rest, tue: easy 8km, wed: rest, thu: easy 8km, fri: rest, sat: long 16km, sun: rest}}";
    let plan = format!("title: Huge\nweeks: [{}]\n", vec![week; 60_000].join(", "));
    let root = site_with("one-line", "content/plans/huge.yaml", plan.as_bytes());
    fails_with(
        &root,
        "content/plans/huge.yaml:2:",
        "more than 250000 YAML values",
    );
    let (_, err) = build(&root);
    assert!(err.len() < 1_000, "{} bytes of error", err.len());
    assert!(!err.contains("alias"), "{err}");
    assert!(err.contains("520 weeks"), "{err}");
    let (at, column) = caret_target(&err);
    assert_eq!(
        plan.lines().nth(1).unwrap().chars().nth(column - 1),
        Some(at)
    );
}

#[test]
fn a_byte_order_mark_is_not_printed_in_errors() {
    let root = site_with(
        "bom",
        "content/plans/bom.yaml",
        "\u{FEFF}title: [P, Q]\nweeks: []\n".as_bytes(),
    );
    let (code, err) = build(&root);
    assert_eq!(code, 1, "{err}");
    assert!(!err.contains('\u{FEFF}'), "{err:?}");
    assert!(err.contains("bom.yaml:1:8: "), "{err}");
    assert!(err.contains("1 | title: [P, Q]\n  |        ^\n"), "{err:?}");
    let (_, err) = build(&site_with(
        "bom-key",
        "site.yaml",
        "\u{FEFF}titel: X\n".as_bytes(),
    ));
    assert!(err.contains("site.yaml:1:1: unknown key"), "{err}");
    assert!(err.contains("1 | titel: X\n  | ^\n"), "{err:?}");
}

#[test]
fn deeply_nested_yaml_is_refused() {
    let root = site_with(
        "deep",
        "content/plans/deep.yaml",
        format!("title: x\nweeks: {}\n", "[".repeat(100_000)).as_bytes(),
    );
    fails_with(&root, "content/plans/deep.yaml:", "nested too deeply");
}

#[test]
fn alias_bombs_are_refused() {
    let mut src =
        String::from("title: lol\nx0: &x0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
    for i in 1..10 {
        src.push_str(&format!(
            "x{i}: &x{i} [{}]\n",
            vec![format!("*x{}", i - 1); 9].join(", ")
        ));
    }
    let root = site_with("bomb", "content/plans/bomb.yaml", src.as_bytes());
    fails_with(&root, "content/plans/bomb.yaml:", "aliases");
}

#[test]
fn invalid_utf8_is_located() {
    let root = site_with(
        "utf8",
        "content/posts/bad.md",
        b"---\ntitle: ok\n---\nfine\nbad \xff here\n",
    );
    fails_with(&root, "content/posts/bad.md:5:5", "not valid UTF-8");
}

#[test]
fn empty_files_are_explained() {
    let root = site_with("empty-plan", "content/plans/empty.yaml", b"");
    fails_with(&root, "content/plans/empty.yaml:1:1", "empty");
    let root = site_with("empty-article", "content/posts/empty.md", b"");
    fails_with(&root, "content/posts/empty.md:1:1", "no front matter");
    let root = scratch("empty-site");
    write(&root, "site.yaml", b"");
    fails_with(&root, "site.yaml:1:1", "needs at least a title");
}

#[test]
fn a_file_that_is_only_front_matter_is_a_page() {
    let root = site_with(
        "only-fm",
        "content/posts/only.md",
        b"---\ntitle: Only Front Matter\n---\n",
    );
    let (code, err) = build(&root);
    assert_eq!(code, 0, "{err}");
    let page = fs::read_to_string(root.join("public/posts/only/index.html")).unwrap();
    assert!(page.contains("Only Front Matter"));
}

#[cfg(unix)]
#[test]
fn symlinks_out_of_the_site_are_refused() {
    let root = site_with("symlink", "content/posts/a.md", b"---\ntitle: A\n---\n");
    std::os::unix::fs::symlink("/etc/passwd", root.join("content/posts/passwd.md")).unwrap();
    std::fs::create_dir_all(root.join("static")).unwrap();
    std::os::unix::fs::symlink("/etc", root.join("static/etc")).unwrap();
    let (code, err) = build(&root);
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("content/posts/passwd.md"), "{err}");
    assert!(err.contains("static/etc"), "{err}");
    assert!(!root.join("public").exists());
}
