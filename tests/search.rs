//! The search index (`search/`) of real builds: what is in it for guide pages and plans, URLs
//! under a sub-path, and the warning for a language search cannot stem.

mod common;
use common::*;

use serde_json::Value;
use std::path::Path;

fn json(out: &Path, rel: &str) -> Value {
    serde_json::from_str(&read(out.join("search").join(rel))).expect(rel)
}

/// Every document of the index.
fn documents(out: &Path) -> Vec<Value> {
    let n = json(out, "meta.json")["docs"].as_u64().unwrap();
    (0..n).map(|i| json(out, &format!("d/{i}.json"))).collect()
}

#[test]
fn guide_pages_and_plans_are_documents_of_their_kind_under_the_base_path() {
    let out = scratch("guide").join("public");
    taper()
        .args(["build", "--root"])
        .arg(repo().join("tests/fixtures/guide-site"))
        .args(["--base-url", "https://example.org/sub/", "--output"])
        .arg(&out)
        .assert()
        .success();
    let docs = documents(&out);
    assert!(
        docs.iter()
            .all(|d| d["url"].as_str().unwrap().starts_with("/sub/"))
    );
    let kinds: Vec<&str> = docs.iter().map(|d| d["kind"].as_str().unwrap()).collect();
    assert!(
        kinds.contains(&"guide") && kinds.contains(&"article"),
        "{kinds:?}"
    );
    // Numbered kind by kind, as meta.json says.
    let meta = json(&out, "meta.json");
    for (id, kind) in kinds.iter().enumerate() {
        let range = &meta["kinds"][*kind];
        assert!(
            range[0].as_u64().unwrap() <= id as u64 && (id as u64) < range[1].as_u64().unwrap()
        );
    }
    let page = read(out.join("index.html"));
    assert!(
        page.contains("data-search=\"/sub/search/\""),
        "the box finds the index"
    );
}

#[test]
fn a_plan_is_found_by_its_session_notes_and_rest_day_reasons() {
    let out = scratch("plans").join("public");
    build_into(&publish_fixture(), &out);
    let docs = documents(&out);
    let half = docs
        .iter()
        .find(|d| d["url"] == "/coach/plans/half/")
        .expect("the plan");
    assert_eq!(half["kind"], "plan");
    assert!(half["level"].is_string() && half["weeks"].as_u64().unwrap() > 0);
    let text = half["text"].as_str().unwrap();
    assert!(text.contains("Flat route, please; no hills"), "{text}");
    assert!(text.contains("rest day"), "a rest day's reason: {text}");
}

#[test]
fn a_language_without_a_stemmer_warns_at_its_line_and_still_builds() {
    let root = scratch("fr");
    copy_dir(&publish_fixture(), &root);
    let yaml = read(root.join("site.yaml"));
    write(&root, "site.yaml", format!("{yaml}\nlanguage: fr\n"));
    let line = yaml.lines().count() + 2;
    let out = taper()
        .args(["build", "--root"])
        .arg(&root)
        .arg("--output")
        .arg(root.join("public"))
        .assert()
        .success();
    let err = String::from_utf8_lossy(&out.get_output().stderr).into_owned();
    assert!(
        err.contains(&format!("site.yaml:{line}:11"))
            && err.contains("search does not stem words in `fr`"),
        "{err}"
    );
    assert_eq!(
        json(&root.join("public"), "meta.json")["stemmer"],
        Value::Null
    );
}
