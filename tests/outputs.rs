//! Whole output files as snapshots (insta, reviewed in tests/snapshots/outputs__*.snap): the
//! feed, a plan's data and calendar from the small fixture site in tests/fixtures/snapshot-site,
//! and both formats of `taper plan` on its plan. Nothing is cut: a change anywhere in one of
//! these files shows up as a snapshot diff to review.

mod common;
use common::*;

use std::path::PathBuf;

/// The calendars' DTSTAMP: 2023-11-14T22:13:20Z.
const SOURCE_DATE_EPOCH: &str = "1700000000";

fn fixture() -> PathBuf {
    repo().join("tests/fixtures/snapshot-site")
}

/// The fixture site, built once per test into its own folder.
fn build(name: &str) -> PathBuf {
    let out = scratch(name).join("public");
    taper()
        .args(["build", "--root"])
        .arg(fixture())
        .arg("--output")
        .arg(&out)
        .env("SOURCE_DATE_EPOCH", SOURCE_DATE_EPOCH)
        .assert()
        .success();
    out
}

/// `taper plan` on the fixture's plan, with `args` before the file; what it printed.
fn taper_plan(args: &[&str]) -> String {
    let out = taper()
        .arg("plan")
        .args(args)
        .arg(fixture().join("content/plans/week.yaml"))
        .assert()
        .success();
    String::from_utf8(out.get_output().stdout.clone()).expect("UTF-8")
}

#[test]
fn atom_xml() {
    let atom = read(build("atom").join("atom.xml"));
    roxmltree::Document::parse(&atom).expect("atom.xml parses");
    insta::assert_snapshot!("atom.xml", atom);
}

#[test]
fn plan_json() {
    let json = read(build("plan-json").join("plans/week/plan.json"));
    serde_json::from_str::<serde_json::Value>(&json).expect("plan.json parses");
    // Written compact, on one line; the snapshot shows it indented as serde_json's pretty
    // printer would, to keep its diffs readable.
    assert_eq!(json.lines().count(), 1, "plan.json is one line");
    insta::assert_snapshot!("plan.json", indented(&json));
}

/// Compact JSON indented like `serde_json::to_string_pretty` (two spaces, `"key": value`,
/// empty `[]` and `{}` kept on one line), without reordering anything.
fn indented(compact: &str) -> String {
    let mut out = String::with_capacity(compact.len() * 2);
    let mut depth = 0usize;
    let (mut in_string, mut escaped) = (false, false);
    let mut chars = compact.chars().peekable();
    let newline = |out: &mut String, depth: usize| {
        out.push('\n');
        out.push_str(&"  ".repeat(depth));
    };
    while let Some(c) = chars.next() {
        if in_string {
            out.push(c);
            match c {
                _ if escaped => escaped = false,
                '\\' => escaped = true,
                '"' => in_string = false,
                _ => {}
            }
            continue;
        }
        match c {
            '"' => {
                in_string = true;
                out.push(c);
            }
            '{' | '[' => {
                out.push(c);
                if matches!(chars.peek(), Some('}' | ']')) {
                    out.extend(chars.next());
                } else {
                    depth += 1;
                    newline(&mut out, depth);
                }
            }
            '}' | ']' => {
                depth = depth.saturating_sub(1);
                newline(&mut out, depth);
                out.push(c);
            }
            ',' => {
                out.push(c);
                newline(&mut out, depth);
            }
            ':' => out.push_str(": "),
            _ => out.push(c),
        }
    }
    out
}

#[test]
fn plan_ics() {
    let ics = read(build("plan-ics").join("plans/week/plan.ics"));
    // The snapshot keeps lines, not their CRLF ends, which are checked here.
    assert!(ics.ends_with("END:VCALENDAR\r\n"));
    assert!(
        !ics.replace("\r\n", "").contains(['\r', '\n']),
        "CRLF line ends only"
    );
    insta::assert_snapshot!("plan.ics", ics.replace("\r\n", "\n"));
}

#[test]
fn taper_plan_text() {
    insta::assert_snapshot!("taper-plan.txt", taper_plan(&[]));
}

#[test]
fn taper_plan_json() {
    let json = taper_plan(&["--format", "json"]);
    serde_json::from_str::<serde_json::Value>(&json).expect("it prints JSON");
    insta::assert_snapshot!("taper-plan.json", json);
}

/// The search index, every file of it but the script: meta.json, the term chunks, each
/// document and tag list, one after another with their paths.
#[test]
fn search_index() {
    let dir = build("search").join("search");
    let mut files: Vec<PathBuf> = walkdir::WalkDir::new(&dir)
        .into_iter()
        .map(|e| e.unwrap().into_path())
        .filter(|p| p.is_file() && p.extension().is_some_and(|x| x == "json"))
        .collect();
    files.sort();
    let mut all = String::new();
    for f in files {
        let text = read(f.clone());
        serde_json::from_str::<serde_json::Value>(&text).expect("JSON");
        all.push_str(&format!(
            "== {}\n{text}",
            f.strip_prefix(&dir).unwrap().display()
        ));
    }
    insta::assert_snapshot!("search-index", all);
}
