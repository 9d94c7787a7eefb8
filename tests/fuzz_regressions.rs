//! Inputs the fuzzers found (tests/fuzz-crashes/<target>/), replayed with the fuzz targets'
//! own checks so a fixed crash stays fixed. Every target's folder holds at least one input
//! (a real file from fuzz/seeds/ to start with), so no test can pass by looping over nothing.
//! Files are read as bytes and decoded lossily: an input that is not UTF-8 still runs.

use std::fs;
use std::path::{Path, PathBuf};

use taper::content::shortcode::{self, line_col};
use taper::plan::analysis::analyse;
use taper::plan::compact::{Context, parse_day};
use taper::plan::describe::sessions_compact;
use taper::plan::load::load;
use taper::plan::{RecoveryOverrides, Units};

/// Every input kept for `target`, sorted; panics when the folder is missing or empty.
fn inputs(target: &str) -> Vec<(PathBuf, String)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fuzz-crashes")
        .join(target);
    let entries = fs::read_dir(&dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
    let mut out: Vec<(PathBuf, String)> = entries
        .map(|e| {
            let path = e.expect("a readable folder entry").path();
            let bytes = fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
            (path, String::from_utf8_lossy(&bytes).into_owned())
        })
        .collect();
    out.sort();
    assert!(!out.is_empty(), "{} has no inputs", dir.display());
    out
}

#[test]
fn inputs_that_are_not_utf8_are_replayed_lossily() {
    let latin1 = inputs("plan")
        .into_iter()
        .find(|(p, _)| p.ends_with("seed-latin1.yaml"))
        .expect("a plan input that is not UTF-8");
    assert!(latin1.1.contains('\u{FFFD}'), "decoded lossily");
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
            // As the fuzz target: every watch workout encodes (and decodes, here).
            for w in taper::plan::watch::workouts(&plan) {
                let id = taper::plan::watch::fit::FileId {
                    serial: 1,
                    created: None,
                };
                let bytes = taper::plan::watch::fit::encode(&w, id)
                    .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
                let mut reader: &[u8] = &bytes;
                let fit = rustyfit::Decoder::new().decode(&mut reader);
                assert!(matches!(fit, Ok(Some(_))), "{}", path.display());
                let _ = taper::plan::watch::intervals::text(&w, &plan);
            }
        }
    }
}

#[test]
fn front_matter_crashes_stay_fixed() {
    for (_, text) in inputs("front_matter") {
        let _ = taper::content::load(Path::new("content/posts/fuzz.md"), &text, "posts/fuzz");
    }
}

#[test]
fn markdown_crashes_stay_fixed() {
    for (path, text) in inputs("markdown") {
        let (expanded, errors) =
            shortcode::expand(&text, |call| Ok(format!("<div>{}</div>", call.name)));
        for e in &errors {
            assert!(e.offset <= text.len(), "{}", path.display());
            let _ = line_col(&text, e.offset);
        }
        for i in 0..expanded.text.len().min(64) {
            let _ = expanded.original_offset(i);
        }
        let r = taper::content::markdown::render(&expanded.text, "/coach/");
        let _ = expanded.restore(&r.html);
        let e = taper::content::markdown::render_escaped(&text, "/");
        assert!(
            !e.html.contains("<script"),
            "{}: raw HTML escaped",
            path.display()
        );
    }
}
