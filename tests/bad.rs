//! Every file in tests/bad is one test: dropped into a small site that builds, it must make
//! `taper build` exit 1 with no panic, report `file:line:column` as its `# expect:` line says
//! and the message its `# message:` line gives, and leave the previous output untouched. The
//! whole report (stderr) is a snapshot, so a change in wording or position shows in review.
//!
//! Where a file goes: `site-*.yaml` replaces site.yaml, `template-<name>` becomes
//! `templates/<name>`, other `.md` files are articles and `.yaml` files plans.

mod common;
use common::*;

use std::fs;
use std::path::{Path, PathBuf};

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

fn destination(name: &str) -> String {
    if name.starts_with("site-") {
        "site.yaml".to_string()
    } else if let Some(t) = name.strip_prefix("template-") {
        format!("templates/{t}")
    } else if name.ends_with(".md") {
        format!("content/posts/{name}")
    } else {
        format!("content/plans/{name}")
    }
}

/// The value of `# <key>: value` (also `{# key: value #}`) in a bad file's first lines.
fn header(text: &str, key: &str) -> Option<String> {
    text.lines().take(4).find_map(|l| {
        let l = l
            .trim_start_matches(['#', '{', ' '])
            .trim_end_matches(['#', '}', ' ']);
        l.strip_prefix(key)
            .and_then(|rest| rest.strip_prefix(": "))
            .map(|v| v.trim().to_string())
    })
}

fn bad_input(path: &Path, bytes: Vec<u8>) -> datatest_stable::Result<()> {
    let name = path.file_name().unwrap().to_string_lossy().into_owned();
    let text = String::from_utf8_lossy(&bytes).into_owned();
    let at = header(&text, "expect").ok_or(format!("{name}: no `# expect: L:C` line"))?;
    let message = header(&text, "message").ok_or(format!("{name}: no `# message:` line"))?;
    let root = small_site(&format!("bad-{name}"));
    let dest = destination(&name);
    let out = root.join("public");
    build_into(&root, &out);
    let before = files(&out);
    fs::create_dir_all(root.join(&dest).parent().unwrap())?;
    fs::write(root.join(&dest), &bytes)?;
    let err = build_fails(&root);
    if err.contains("panicked") {
        return Err(format!("{name}: panicked:\n{err}").into());
    }
    let located = format!("error: {dest}:{at}:");
    if !err.contains(&located) {
        return Err(format!("{name}: expected `{located}` in:\n{err}").into());
    }
    if !err.contains(&message) {
        return Err(format!("{name}: expected the message `{message}` in:\n{err}").into());
    }
    if before != files(&out) {
        return Err(format!("{name}: the failed build changed the previous output").into());
    }
    let shown = err.replace(&root.display().to_string(), "[site]");
    insta::with_settings!({ snapshot_path => "snapshots/bad", prepend_module_to_snapshot => false }, {
        insta::assert_snapshot!(name.replace('.', "_"), shown);
    });
    Ok(())
}

datatest_stable::harness! {
    { test = bad_input, root = "tests/bad", pattern = r"^[^.]" },
}
