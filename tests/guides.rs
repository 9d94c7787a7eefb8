//! Guides (`layout: guide`) and what every page gets with them: the sidebar, reading order and
//! print page of the fixture guide (tests/fixtures/guide-site), alerts, aliases, the edit
//! link, git dates and a theme that shows only what the site has.

mod common;
use common::*;

use std::collections::BTreeSet;
use std::path::Path;
use std::process::Command;

/// The fixture guide's pages in reading order: URL path and title.
const ORDER: &[(&str, &str)] = &[
    ("handbook", "The Handbook"),
    ("handbook/basics", "Basics"),
    ("handbook/basics/easy-runs", "Easy runs"),
    ("handbook/basics/rest", "Rest days"),
    ("handbook/basics/warm-up", "Warming up"),
    ("handbook/basics/warm-up/drills", "Drills"),
    ("handbook/racing", "Racing"),
    ("handbook/racing/race-day", "Race day"),
    ("handbook/appendix", "Appendix"),
];

/// The fixture built into a folder of its own for test `name`.
fn built(name: &str) -> std::path::PathBuf {
    let out = scratch(name).join("public");
    build_into(&repo().join("tests/fixtures/guide-site"), &out);
    out
}

fn page(out: &Path, path: &str) -> String {
    read(out.join(path).join("index.html"))
}

/// The part of `html` between `start` and the next `end` after it.
fn between<'a>(html: &'a str, start: &str, end: &str) -> &'a str {
    let i = html.find(start).unwrap_or_else(|| panic!("no {start}"));
    let rest = &html[i..];
    &rest[..rest.find(end).unwrap_or(rest.len())]
}

/// The values of every `attr="…"` in `html`, in order.
fn attrs<'a>(html: &'a str, attr: &str) -> Vec<&'a str> {
    let pat = format!(" {attr}=\"");
    html.split(pat.as_str())
        .skip(1)
        .map(|s| &s[..s.find('"').unwrap()])
        .collect()
}

#[test]
fn every_sidebar_lists_the_whole_guide_in_order_and_marks_the_current_page() {
    let out = built("b1");
    for (path, title) in ORDER {
        let html = page(&out, path);
        let sidebar = between(&html, "<nav class=\"guide-sidebar", "</nav>");
        let hrefs = attrs(sidebar, "href");
        let want: Vec<String> = ORDER.iter().map(|(p, _)| format!("/{p}/")).collect();
        assert_eq!(
            hrefs[..ORDER.len()],
            want[..],
            "{path}: the sidebar in reading order"
        );
        assert_eq!(hrefs.last(), Some(&"/handbook/print/"), "{path}");
        let current: Vec<&str> = sidebar.split("aria-current=\"page\">").skip(1).collect();
        assert_eq!(current.len(), 1, "{path}: one current page");
        assert!(current[0].starts_with(title), "{path}: {}", current[0]);
        // The phone menu holds the same tree.
        let menu = between(&html, "<details class=\"guide-menu\">", "</nav>");
        assert_eq!(attrs(menu, "href")[..ORDER.len()], want[..], "{path}");
    }
    // The current page's branch is open, the others are closed.
    let drills = page(&out, "handbook/basics/warm-up/drills");
    let sidebar = between(&drills, "<nav class=\"guide-sidebar", "</nav>");
    assert_eq!(sidebar.matches("<details open>").count(), 2, "{sidebar}");
    assert_eq!(sidebar.matches("<details>").count(), 1, "{sidebar}");
}

#[test]
fn previous_and_next_follow_the_reading_order_across_folders() {
    let out = built("b2");
    for (i, (path, _)) in ORDER.iter().enumerate() {
        let html = page(&out, path);
        let prev = html
            .split("rel=\"prev\" href=\"")
            .nth(1)
            .map(|s| &s[..s.find('"').unwrap()]);
        let next = html
            .split("rel=\"next\" href=\"")
            .nth(1)
            .map(|s| &s[..s.find('"').unwrap()]);
        let want_prev = i.checked_sub(1).map(|j| format!("/{}/", ORDER[j].0));
        let want_next = ORDER.get(i + 1).map(|(p, _)| format!("/{p}/"));
        assert_eq!(prev, want_prev.as_deref(), "{path}");
        assert_eq!(next, want_next.as_deref(), "{path}");
    }
}

#[test]
fn guide_pages_show_a_date_only_when_set_and_no_reading_time() {
    let out = built("b3");
    let easy = page(&out, "handbook/basics/easy-runs");
    assert!(
        !easy.contains("min read") && !easy.contains("<time"),
        "{easy}"
    );
    let race = page(&out, "handbook/racing/race-day");
    assert!(race.contains("<time datetime=\"2026-05-01\">"));
    assert!(!race.contains("min read"));
    // "On this page": the h2 and h3 of the page.
    let toc = between(&easy, "<nav class=\"guide-toc\"", "</nav>");
    assert_eq!(attrs(toc, "href"), ["#why-easy", "#how-easy"]);
}

#[test]
fn the_print_page_holds_every_page_once_with_unique_ids_and_links_inside_it() {
    let out = built("b4");
    let print = page(&out, "handbook/print");
    let main = between(&print, "<main", "</main>");
    let titles: Vec<&str> = main
        .split("class=\"chapter-title\">")
        .skip(1)
        .map(|s| &s[..s.find('<').unwrap()])
        .collect();
    let want: Vec<&str> = ORDER.iter().map(|(_, t)| *t).collect();
    assert_eq!(titles, want, "every page once, in reading order");
    let ids = attrs(&print, "id");
    let unique: BTreeSet<&str> = ids.iter().copied().collect();
    assert_eq!(ids.len(), unique.len(), "duplicate ids: {ids:?}");
    let chapters = &main[main.find("<section class=\"print-chapter").unwrap()..];
    for href in attrs(chapters, "href") {
        let target = href.split('#').next().unwrap();
        assert!(
            !ORDER.iter().any(|(p, _)| target == format!("/{p}/")),
            "{href} leaves the print page for a page it holds"
        );
        if let Some(id) = href.strip_prefix('#') {
            assert!(unique.contains(id), "{href} points at no id");
        }
    }
    // A link to another page's heading points at that chapter's heading.
    assert!(main.contains("<a href=\"#c4-before-you-start\">warming up</a>"));
    // The plan a shortcode embeds is there, and the disclaimer with it.
    assert!(main.contains("class=\"shortcode-week\""));
    assert!(print.contains("not medical advice"));
    // Linked from every guide page; the stylesheet breaks pages between chapters.
    assert!(page(&out, "handbook/appendix").contains("href=\"/handbook/print/\""));
    let css = read(out.join("style.css"));
    assert!(css.contains(".print-chapter { break-before: page;"));
}

#[test]
fn alerts_are_labelled_callouts_in_pages_feeds_and_the_print_page() {
    let out = built("b5");
    let print = page(&out, "handbook/print");
    for (kind, label) in [
        ("note", "Note"),
        ("tip", "Tip"),
        ("important", "Important"),
        ("warning", "Warning"),
        ("caution", "Caution"),
    ] {
        let callout = format!(
            "<div class=\"alert alert-{kind}\" role=\"note\">\n<p class=\"alert-label\">{label}</p>"
        );
        assert!(print.contains(&callout), "{kind} in the print page");
    }
    assert!(page(&out, "handbook/racing/race-day").contains("alert-caution"));
    assert!(!print.contains("[!"));
    let feed = read(out.join("atom.xml"));
    assert!(feed.contains("alert-label&quot;&gt;Note") || feed.contains("alert-label\">Note"));
}

#[test]
fn aliases_write_redirect_pages() {
    let out = built("b6");
    for alias in ["old/easy/index.html", "easy.html"] {
        let html = read(out.join(alias));
        assert!(html.contains(
            "<link rel=\"canonical\" href=\"https://example.org/handbook/basics/easy-runs/\">"
        ));
        assert!(html.contains("<meta name=\"robots\" content=\"noindex\">"));
        assert!(html.contains(
            "<meta http-equiv=\"refresh\" content=\"0; url=/handbook/basics/easy-runs/\">"
        ));
        assert!(html.contains("<a href=\"/handbook/basics/easy-runs/\">Easy runs</a>"));
    }
    // A section's _index.md can have aliases too.
    assert!(read(out.join("book/index.html")).contains("url=/handbook/"));
    // Redirects are not pages to list.
    assert!(!read(out.join("sitemap.xml")).contains("old/easy"));
}

#[test]
fn the_edit_link_points_at_the_source_with_and_without_edit_root() {
    let out = built("b7");
    let easy = page(&out, "handbook/basics/easy-runs");
    assert!(easy.contains(
        "href=\"https://github.com/coach/handbook/edit/main/content/handbook/basics/easy-runs.md\">Edit this page"
    ));
    // A section without _index.md has no file to edit; the blog's articles have one.
    assert!(page(&out, "blog/news").contains("edit/main/content/blog/news.md"));

    let root = scratch("edit-root").join("site");
    copy_dir(&repo().join("tests/fixtures/guide-site"), &root);
    write(
        &root,
        "site.yaml",
        "title: T\nedit_url: https://git.example/r/-/edit/trunk\nedit_root: /docs/\n",
    );
    let out = root.join("public");
    build_into(&root, &out);
    assert!(page(&out, "handbook/basics/easy-runs").contains(
        "href=\"https://git.example/r/-/edit/trunk/docs/content/handbook/basics/easy-runs.md\""
    ));
    write(&root, "site.yaml", "title: T\n");
    build_into(&root, &out);
    assert!(!page(&out, "handbook/basics/easy-runs").contains("Edit this page"));
}

#[test]
fn the_theme_shows_only_what_the_site_has() {
    let root = scratch("bare");
    write(&root, "site.yaml", "title: Docs\n");
    write(
        &root,
        "content/docs/_index.md",
        "---\ntitle: Docs\nlayout: guide\n---\nHi.\n",
    );
    write(&root, "content/docs/a.md", "---\ntitle: A\n---\nA.\n");
    let out = root.join("public");
    build_into(&root, &out);
    let a = page(&out, "docs/a");
    assert!(!a.contains(">Plans</a>") && !a.contains(">Tags</a>"), "{a}");
    assert!(!a.contains("medical advice"));
    // With plans and tags: the links, and the disclaimer only where a plan is shown.
    let out = built("b8");
    let news = page(&out, "blog/news");
    assert!(news.contains(">Plans</a>") && news.contains(">Tags</a>"));
    assert!(!news.contains("medical advice"));
    assert!(page(&out, "handbook/basics/rest").contains("medical advice"));
    assert!(read(out.join("plans/ten/index.html")).contains("medical advice"));
    // Its text comes from site.yaml.
    let root2 = scratch("disclaimer").join("site");
    copy_dir(&repo().join("tests/fixtures/guide-site"), &root2);
    write(
        &root2,
        "site.yaml",
        "title: T\ndisclaimer: Ask your coach.\n",
    );
    build_into(&root2, &root2.join("public"));
    assert!(read(root2.join("public/plans/ten/index.html")).contains("Ask your coach."));
}

fn git(dir: &Path, args: &[&str], date: &str) {
    let ok = Command::new("git")
        .current_dir(dir)
        .args(args)
        .env("GIT_AUTHOR_DATE", date)
        .env("GIT_COMMITTER_DATE", date)
        .env("GIT_AUTHOR_NAME", "t")
        .env("GIT_AUTHOR_EMAIL", "t@example.org")
        .env("GIT_COMMITTER_NAME", "t")
        .env("GIT_COMMITTER_EMAIL", "t@example.org")
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .status()
        .expect("git runs")
        .success();
    assert!(ok, "git {args:?}");
}

#[test]
fn git_dates_give_pages_their_last_commit_date() {
    let repo_dir = scratch("git-dates");
    let root = repo_dir.join("docs");
    write(
        &repo_dir.join("docs"),
        "site.yaml",
        "title: T\nbase_url: https://example.org/\ngit_dates: true\n",
    );
    write(
        &root,
        "content/a.md",
        "---\ntitle: A\ndate: 2026-01-01\n---\nA.\n",
    );
    write(
        &root,
        "content/b.md",
        "---\ntitle: B\ndate: 2026-01-01\nupdated: 2026-02-02\n---\nB.\n",
    );
    git(
        &repo_dir,
        &["init", "-q", "-b", "main"],
        "2026-03-01T10:00:00+00:00",
    );
    git(&repo_dir, &["add", "."], "2026-03-01T10:00:00+00:00");
    git(
        &repo_dir,
        &["commit", "-q", "-m", "one"],
        "2026-03-01T10:00:00+00:00",
    );
    write(
        &root,
        "content/a.md",
        "---\ntitle: A\ndate: 2026-01-01\n---\nA again.\n",
    );
    git(
        &repo_dir,
        &["commit", "-q", "-am", "two"],
        "2026-04-05T23:30:00+02:00",
    );
    let out = repo_dir.join("public");
    let run = taper()
        .args(["build", "--root"])
        .arg(&root)
        .arg("--output")
        .arg(&out)
        .assert()
        .success();
    let stderr = String::from_utf8_lossy(&run.get_output().stderr).into_owned();
    assert!(!stderr.contains("shallow"), "{stderr}");
    assert!(page(&out, "a").contains("updated <time datetime=\"2026-04-05\">"));
    // `updated:` in front matter wins.
    assert!(page(&out, "b").contains("updated <time datetime=\"2026-02-02\">"));
    let sitemap = read(out.join("sitemap.xml"));
    assert!(
        sitemap.contains("<lastmod>2026-04-05</lastmod>"),
        "{sitemap}"
    );
    let feed = read(out.join("atom.xml"));
    assert!(
        feed.contains("<updated>2026-04-05T00:00:00Z</updated>"),
        "{feed}"
    );
    // The same history gives the same dates on a second build.
    let again = repo_dir.join("again");
    taper()
        .args(["build", "--root"])
        .arg(&root)
        .arg("--output")
        .arg(&again)
        .assert()
        .success();
    assert_eq!(files(&out), files(&again));

    // A shallow clone says how to fix it.
    let clone = scratch("git-shallow");
    let url = format!("file://{}", repo_dir.display());
    git(
        &clone,
        &["clone", "-q", "--depth", "1", &url, "c"],
        "2026-05-01T00:00:00+00:00",
    );
    let run = taper()
        .args(["build", "--root"])
        .arg(clone.join("c/docs"))
        .arg("--output")
        .arg(clone.join("out"))
        .assert()
        .success();
    let stderr = String::from_utf8_lossy(&run.get_output().stderr).into_owned();
    assert!(stderr.contains("fetch-depth: 0"), "{stderr}");
}

#[test]
fn the_guide_site_checks_clean() {
    taper()
        .args(["check", "--deny-warnings", "--root"])
        .arg(repo().join("tests/fixtures/guide-site"))
        .assert()
        .success();
}

#[test]
fn a_new_guide_site_builds_and_checks_clean() {
    let dir = scratch("new-guide").join("docs");
    taper()
        .args(["new", "site", "--guide"])
        .arg(&dir)
        .assert()
        .success();
    taper()
        .args(["check", "--deny-warnings", "--root"])
        .arg(&dir)
        .assert()
        .success();
    let out = dir.join("public");
    build_into(&dir, &out);
    let week = page(&out, "guide/training/first-week");
    assert!(week.contains("aria-current=\"page\">The First Week</a>"));
    assert!(week.contains("alert-important") && week.contains("shortcode-week"));
    assert!(out.join("guide/print/index.html").is_file());
}
