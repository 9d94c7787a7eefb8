//! Inputs the fuzzers found (tests/fuzz-crashes/<target>/), replayed with the fuzz targets'
//! own checks so a fixed crash stays fixed.

use std::fs;
use std::path::{Path, PathBuf};

use taper::plan::analysis::analyse;
use taper::plan::compact::{Context, parse_day};
use taper::plan::describe::sessions_compact;
use taper::plan::load::load;
use taper::plan::{RecoveryOverrides, Units};

fn inputs(target: &str) -> Vec<(PathBuf, String)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fuzz-crashes")
        .join(target);
    let Ok(entries) = fs::read_dir(&dir) else {
        return Vec::new();
    };
    let mut out: Vec<(PathBuf, String)> = entries
        .filter_map(Result::ok)
        .filter_map(|e| {
            let bytes = fs::read(e.path()).ok()?;
            Some((e.path(), String::from_utf8(bytes).ok()?))
        })
        .collect();
    out.sort();
    out
}

#[test]
fn compact_day_crashes_stay_fixed() {
    let cx = Context {
        paces: &["easy", "T", "MP", "5K"],
    };
    for (path, text) in inputs("compact_day") {
        match parse_day(&text, &cx) {
            Ok(sessions) => {
                let back = sessions_compact(&sessions);
                if let Ok(again) = parse_day(&back, &cx) {
                    assert_eq!(again, sessions, "{}: {text:?} -> {back:?}", path.display());
                }
            }
            Err(e) => assert!(e.offset <= text.chars().count(), "{}", path.display()),
        }
    }
}

#[test]
fn plan_crashes_stay_fixed() {
    for (path, text) in inputs("plan") {
        let loaded = load(
            Path::new("content/plans/fuzz.yaml"),
            &text,
            "plans",
            Units::Km,
        );
        if let Some(plan) = loaded.plan {
            let a = analyse(&plan, &RecoveryOverrides::default());
            assert_eq!(a.weeks.len(), plan.weeks.len(), "{}", path.display());
        }
    }
}

#[test]
fn front_matter_and_markdown_crashes_stay_fixed() {
    for target in ["front_matter", "markdown"] {
        for (_, text) in inputs(target) {
            let _ = taper::content::load(Path::new("content/posts/fuzz.md"), &text, "posts/fuzz");
            let e = taper::content::markdown::render_escaped(&text, "/");
            assert!(!e.html.contains("<script"));
        }
    }
}
