//! Helpers shared by the integration tests: the binary, scratch folders, fixture copies and
//! whole-folder comparisons. Each test file uses a subset.
#![allow(dead_code)]

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

/// The `taper` binary under test.
pub fn taper() -> assert_cmd::Command {
    assert_cmd::Command::cargo_bin("taper").expect("the taper binary is built")
}

/// The repository root (the example site).
pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The publishing fixture site.
pub fn publish_fixture() -> PathBuf {
    repo().join("tests/fixtures/publish-site")
}

/// Builds the site in `root` into `out`, which must succeed (without `SOURCE_DATE_EPOCH`, so
/// calendars are stamped with each plan's first day).
pub fn build_into(root: &Path, out: &Path) {
    taper()
        .args(["build", "--root"])
        .arg(root)
        .arg("--output")
        .arg(out)
        .env_remove("SOURCE_DATE_EPOCH")
        .assert()
        .success();
}

/// Builds the site in `root`, which must fail with exit status 1; returns what was printed on
/// stderr.
pub fn build_fails(root: &Path) -> String {
    let out = taper().args(["build", "--root"]).arg(root).assert().code(1);
    String::from_utf8_lossy(&out.get_output().stderr).into_owned()
}

/// An empty temporary folder for one test, named after the test binary, `name` and the
/// checkout (not the process): the next run of the same test empties it instead of leaving
/// one more folder behind, and two checkouts testing at once do not share one.
pub fn scratch(name: &str) -> PathBuf {
    use std::hash::{Hash, Hasher};
    let mut h = std::collections::hash_map::DefaultHasher::new();
    env!("CARGO_MANIFEST_DIR").hash(&mut h);
    let d = std::env::temp_dir().join(format!(
        "taper-{}-{name}-{:08x}",
        env!("CARGO_CRATE_NAME"),
        h.finish() as u32
    ));
    let _ = fs::remove_dir_all(&d);
    fs::create_dir_all(&d).unwrap();
    d
}

/// Writes `bytes` to `root/rel`, creating folders.
pub fn write(root: &Path, rel: &str, bytes: impl AsRef<[u8]>) {
    let p = root.join(rel);
    fs::create_dir_all(p.parent().unwrap()).unwrap();
    fs::write(p, bytes).unwrap();
}

/// Copies the folder `src` to `dest`.
pub fn copy_dir(src: &Path, dest: &Path) {
    for e in walkdir::WalkDir::new(src) {
        let e = e.unwrap();
        let to = dest.join(e.path().strip_prefix(src).unwrap());
        if e.file_type().is_dir() {
            fs::create_dir_all(&to).unwrap();
        } else {
            fs::copy(e.path(), &to).unwrap();
        }
    }
}

/// A fresh copy of the publishing fixture, in `scratch(name)/site`.
pub fn copy_publish_fixture(name: &str) -> PathBuf {
    let dest = scratch(name).join("site");
    copy_dir(&publish_fixture(), &dest);
    dest
}

/// Every file below `dir`: relative path → bytes.
pub fn files(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            (
                e.path()
                    .strip_prefix(dir)
                    .unwrap()
                    .to_string_lossy()
                    .into_owned(),
                fs::read(e.path()).unwrap(),
            )
        })
        .collect()
}

/// The built-in theme's template `name` (`index.html`, `section.html`, ...).
pub fn built_in(name: &str) -> String {
    taper::render::EMBEDDED
        .iter()
        .find(|(n, _)| *n == name)
        .map(|(_, t)| t.to_string())
        .unwrap_or_else(|| panic!("no built-in template {name}"))
}

/// A file's text, naming the file if it cannot be read.
pub fn read(p: PathBuf) -> String {
    fs::read_to_string(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
}

/// One day of a plan page as the theme writes it: from its `<li class="day …" id="{anchor}">`
/// to the next day or the end of the week's list. Panics, naming the anchor, if there is none.
pub fn day_html<'a>(page: &'a str, anchor: &str) -> &'a str {
    let id = format!("id=\"{anchor}\"");
    let at = page
        .find(&id)
        .unwrap_or_else(|| panic!("no day {anchor} on the page"));
    let start = page[..at].rfind("<li class=\"day").unwrap_or(at);
    let rest = &page[at..];
    let end = [rest.find("<li class=\"day "), rest.find("</ol>")]
        .into_iter()
        .flatten()
        .min()
        .unwrap_or(rest.len());
    &page[start..at + end]
}

/// The text on the badge of day `anchor`, as a reader sees it.
pub fn badge_on(page: &str, anchor: &str) -> String {
    let day = day_html(page, anchor);
    let open = day
        .find("<span class=\"badge ")
        .unwrap_or_else(|| panic!("day {anchor} has no badge:\n{day}"));
    let text = &day[open..];
    let text = &text[text.find('>').unwrap() + 1..];
    visible_text(&text[..text.find("</span>").unwrap()])
}

/// What a reader sees of some HTML: tags (and their attributes) removed, entities decoded,
/// runs of white space made one space.
pub fn visible_text(html: &str) -> String {
    let mut text = String::new();
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => {
                in_tag = false;
                text.push(' ');
            }
            _ if !in_tag => text.push(c),
            _ => {}
        }
    }
    let text = text
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&#x27;", "'")
        .replace("&amp;", "&");
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// How the folder `got` differs from `want`, file for file: the first missing, left-over or
/// different file (by path), with the sizes and the first line that differs; `None` when they
/// are the same.
pub fn first_difference(got: &Path, want: &Path) -> Option<String> {
    let (got, want) = (files(got), files(want));
    let paths: std::collections::BTreeSet<&String> = got.keys().chain(want.keys()).collect();
    for p in paths {
        match (got.get(p), want.get(p)) {
            (None, Some(w)) => return Some(format!("{p} is missing ({} bytes)", w.len())),
            (Some(g), None) => return Some(format!("{p} is left over ({} bytes)", g.len())),
            (Some(g), Some(w)) if g != w => {
                let (g, w) = (String::from_utf8_lossy(g), String::from_utf8_lossy(w));
                let (n, (gl, wl)) = g
                    .lines()
                    .chain(std::iter::repeat(""))
                    .zip(w.lines().chain(std::iter::repeat("")))
                    .enumerate()
                    .find(|(_, (a, b))| a != b)
                    .unwrap_or((0, ("", "")));
                let cut = |s: &str| s.chars().take(200).collect::<String>();
                return Some(format!(
                    "{p} differs ({} bytes, a full build {} bytes); line {}:\n  got:  {}\n  want: {}",
                    g.len(),
                    w.len(),
                    n + 1,
                    cut(gl),
                    cut(wl)
                ));
            }
            _ => {}
        }
    }
    None
}
