//! Taper's own documentation (`docs/`) is a Taper guide: it builds, checks clean with
//! `--deny-warnings` (so a broken `@/` link or anchor in the docs fails `cargo test`), publishes
//! the plan.json schema at a stable URL, and shows the real plan files it describes.

mod common;
use common::*;

use std::fs;

fn docs() -> std::path::PathBuf {
    repo().join("docs")
}

#[test]
fn the_docs_check_clean_with_deny_warnings() {
    taper()
        .args(["check", "--deny-warnings", "--root"])
        .arg(docs())
        .assert()
        .success();
}

#[test]
fn a_broken_link_in_the_docs_fails_the_check() {
    let root = scratch("broken");
    copy_dir(&docs(), &root);
    let page = root.join("content/guide/getting-started.md");
    let text = fs::read_to_string(&page).unwrap();
    fs::write(&page, text + "\nSee [nothing](@/guide/no-such-page.md).\n").unwrap();
    let run = taper()
        .args(["check", "--deny-warnings", "--root"])
        .arg(&root)
        .assert()
        .code(1);
    let stderr = String::from_utf8_lossy(&run.get_output().stderr).into_owned();
    assert!(stderr.contains("getting-started.md"), "{stderr}");
}

#[test]
fn the_docs_build_as_one_guide_with_the_schema_and_images() {
    let out = scratch("build").join("public");
    build_into(&docs(), &out);
    assert_eq!(
        fs::read(out.join("plan.schema.json")).unwrap(),
        fs::read(docs().join("static/plan.schema.json")).unwrap(),
        "the schema is published at /plan.schema.json"
    );
    for img in ["personalise-panel.png", "personalise-week.png"] {
        assert!(out.join("images").join(img).is_file(), "{img}");
    }
    let print = read(out.join("guide/print/index.html"));
    for title in [
        "Getting started",
        "The compact day syntax (cheat-sheet)",
        "taper check",
    ] {
        assert!(print.contains(title), "{title} is in the print page");
    }
    let yours = read(out.join("guide/make-this-plan-yours/index.html"));
    // The screenshot is resized (its widths in srcset) and the original is published too.
    assert!(
        yours.contains("src=\"/images/personalise-panel-"),
        "{yours}"
    );
    assert!(
        yours.contains("srcset=\"/images/personalise-panel-480."),
        "{yours}"
    );
}

#[test]
fn the_docs_plans_fit_the_published_schema() {
    let out = scratch("schema").join("public");
    build_into(&docs(), &out);
    let schema: serde_json::Value =
        serde_json::from_str(&read(docs().join("static/plan.schema.json"))).unwrap();
    let validator = jsonschema::validator_for(&schema).expect("the schema is valid");
    for plan in ["hm-intermediate", "cheat-sheet"] {
        let doc: serde_json::Value =
            serde_json::from_str(&read(out.join(format!("plans/{plan}/plan.json")))).unwrap();
        let errors: Vec<String> = validator.iter_errors(&doc).map(|e| e.to_string()).collect();
        assert!(errors.is_empty(), "{plan}: {errors:?}");
    }
}

#[test]
fn the_plan_language_page_shows_the_real_plan_file() {
    let plan = read(docs().join("content/plans/half-marathon-example.yaml"));
    let page = read(docs().join("content/guide/plan-language/_index.md"));
    let block = format!("```yaml title=\"content/plans/half-marathon-example.yaml\"\n{plan}```\n");
    assert!(
        page.contains(&block),
        "the plan-language page's YAML block is the file docs/content/plans/half-marathon-example.yaml"
    );
    assert!(page.contains("{{ week(slug=\"hm-intermediate\", n=1) }}"));
}
