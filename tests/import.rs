//! `taper import zola|hugo DIR OUT` on the fixture sites (tests/fixtures/zola-site and
//! hugo-site: TOML, YAML and JSON front matter, a page bundle with an image, sections, tags,
//! aliases, `ref` links, a `figure`, unknown shortcodes): the new site builds and checks
//! clean, readers find the pages, URLs, tags and links they had, and the report names every
//! construct left for a human at its place in the source site.

mod common;

use std::path::{Path, PathBuf};

use common::*;

fn fixture(name: &str) -> PathBuf {
    repo().join("tests/fixtures").join(name)
}

/// Imports `site` into a new folder; returns it and what was printed.
fn import(kind: &str, site: &str, name: &str) -> (PathBuf, String) {
    let out = scratch(name).join("site");
    let done = taper()
        .args(["import", kind])
        .arg(fixture(site))
        .arg(&out)
        .assert()
        .success();
    (
        out,
        String::from_utf8_lossy(&done.get_output().stdout).into_owned(),
    )
}

/// Builds and checks the imported site: both must succeed (images without alt text are
/// warnings, which the report lists).
fn build_and_check(root: &Path) -> PathBuf {
    let public = root.join("public");
    build_into(root, &public);
    taper()
        .args(["check", "--root"])
        .arg(root)
        .assert()
        .success();
    public
}

/// The lines of the report under "Needs a human".
fn leftovers(report: &str) -> Vec<&str> {
    report
        .lines()
        .skip_while(|l| !l.starts_with("Needs a human"))
        .skip(1)
        .take_while(|l| l.starts_with("  "))
        .map(str::trim)
        .collect()
}

#[test]
fn a_zola_site_moves_over() {
    let (root, report) = import("zola", "zola-site", "zola");
    let public = build_and_check(&root);

    // Pages at the URLs they had, a bundle's image beside its page, the alias redirecting.
    let first = read(public.join("blog/first-run/index.html"));
    assert!(first.contains("Your first run"));
    assert!(
        first.contains(r#"href="/blog/long-run/#fuel""#),
        "the @/ link to a bundle"
    );
    assert!(
        first.contains(r#"href="/blog/recovery/""#),
        "a site URL of a page"
    );
    assert!(
        first.contains(r#"<img src="/blog/long-run/route-24."#),
        "resize_image, made a responsive image"
    );
    assert!(public.join("blog/long-run/route.png").is_file());
    let long = read(public.join("blog/long-run/index.html"));
    assert!(
        long.contains(r#"alt="Route""#) && long.contains(r#"<img src="/blog/long-run/route-24."#)
    );
    assert!(
        long.contains("Drink every 20 minutes."),
        "a body shortcode's body is kept"
    );
    assert!(!long.contains("{% note"));
    assert!(read(public.join("old/first/index.html")).contains("/blog/first-run/"));
    assert!(public.join("css/site.css").is_file(), "static/ is copied");
    // Tags from taxonomies.tags; categories under extra.
    assert!(read(public.join("tags/easy/index.html")).contains("Your first run"));
    assert!(read(public.join("tags/endurance/index.html")).contains("The long run"));
    assert!(!public.join("tags/training").exists());
    let front = read(root.join("content/blog/first-run.md"));
    assert!(
        front.contains("summary: \"Start slower than you think\""),
        "{front}"
    );
    assert!(
        front.contains("  categories: [\"training\"]\n  hero: \"first.jpg\""),
        "{front}"
    );
    assert!(
        read(root.join("site.yaml")).contains("  strava_url: \"https://strava.example/coach\"")
    );
    // An escaped call in code shows the call.
    assert!(
        first.contains("{{ youtube(id=&quot;shown&quot;) }}"),
        "{first}"
    );

    assert!(
        report.contains("3 pages, 2 sections, 1 assets copied beside pages, 1 static files"),
        "{report}"
    );
    assert!(
        report.contains("taxonomies.categories → extra.categories (1)"),
        "{report}"
    );
    assert_eq!(
        leftovers(&report),
        [
            "config.toml:6:1: `compile_sass`: sass/ is not compiled: Taper's stylesheet is templates/style.css (replace it, or add CSS under static/)",
            "content/blog/_index.md:4:1: `paginate_by`: Taper paginates every list (home, sections, tags) by one `paginate:` in site.yaml; kept as `extra.paginate_by`",
            "content/blog/first-run.md:17:1: shortcode `youtube`: Taper has no such shortcode; write templates/shortcodes/youtube.html (a placeholder that shows nothing was written there; the Zola site's arguments arrive as `args.<name>`)",
            "content/blog/first-run.md:19:1: taper check: the image `/blog/long-run/route.png` has no alt text (say what it shows between the brackets: ![Six hill repeats on a grass slope](hills.jpg))",
            "content/blog/long-run/index.md:13:1: shortcode `note` with a body: Taper's shortcodes take none; the body was kept as Markdown without the call: write it as HTML or Markdown, or a `note` shortcode with arguments",
            "content/blog/long-run/index.md:17:1: taper check: the image `route.png` has no alt text (say what it shows between the brackets: ![Six hill repeats on a grass slope](hills.jpg))",
            "content/blog/recovery.md:5:1: `template`: Taper picks templates by kind (article.html, section.html, guide.html): replace the built-in one in templates/, reading `page.extra` for what differs; kept as `extra.template`",
            "templates/index.html:1:1: a Zola template: not imported; Taper's built-in theme renders the pages: to keep this look, write Taper's template of the same kind in templates/",
            "templates/shortcodes/youtube.html:1:1: a Zola shortcode: not copied (Taper's shortcodes read their arguments as `args.<name>`); where pages call it, a placeholder was written",
        ]
    );
    assert!(root.join("templates/shortcodes/youtube.html").is_file());
    let file = read(root.join("import-report.txt"));
    assert!(
        report.contains(&file),
        "the report file is what was printed"
    );
}

#[test]
fn a_hugo_site_moves_over() {
    let (root, report) = import("hugo", "hugo-site", "hugo");
    let public = build_and_check(&root);

    let easy = read(public.join("posts/easy-runs/index.html"));
    assert!(easy.contains(r#"href="/posts/tempo/""#), "ref");
    assert!(
        easy.contains(r#"href="/posts/hills/#why""#),
        "relref to a bundle, with its anchor"
    );
    assert!(
        easy.contains(r#"width="24" height="16" alt="Track" title="The track at dawn""#),
        "figure: {easy}"
    );
    assert!(
        easy.contains(r#"data-lang="yaml""#),
        "highlight → a fenced block"
    );
    assert!(read(public.join("old/easy/index.html")).contains("/posts/easy-runs/"));
    // JSON front matter.
    let tempo = read(public.join("posts/tempo/index.html"));
    assert!(tempo.contains("Tempo runs"));
    assert!(
        tempo.contains(r#"href="/posts/easy-runs/""#),
        "a site URL of a page"
    );
    assert!(tempo.contains("Warm up first."));
    // The bundle: its page, its image, and its own url: kept as an alias.
    let hills = read(public.join("posts/hills/index.html"));
    assert!(
        hills.contains(r#"<img src="/posts/hills/hill-24."#) && hills.contains(r#"alt="A hill""#)
    );
    assert!(public.join("posts/hills/hill.png").is_file());
    assert!(read(public.join("hill-repeats/index.html")).contains("/posts/hills/"));
    for (tag, title) in [
        ("easy", "Easy runs"),
        ("speed", "Tempo runs"),
        ("strength", "Hill repeats"),
    ] {
        assert!(
            read(public.join(format!("tags/{tag}/index.html"))).contains(title),
            "{tag}"
        );
    }
    let site = read(root.join("site.yaml"));
    assert!(site.contains("base_url: \"https://runs.example/\"\ndescription: \"Road running, week by week\"\nlanguage: \"en-us\"\nmenu:\n  - { name: \"Home\", url: \"/\" }\n  - { name: \"Posts\", url: \"/posts/\" }"), "{site}");
    let front = read(root.join("content/posts/easy-runs.md"));
    assert!(
        front.starts_with("---\ntitle: \"Easy runs\"\ndate: 2024-03-01\nupdated: 2024-03-05\n"),
        "{front}"
    );

    assert!(
        report.contains("figure → Markdown image (caption as its title) (1)"),
        "{report}"
    );
    assert!(
        report.contains("categories → extra.categories (1)"),
        "{report}"
    );
    assert_eq!(
        leftovers(&report),
        [
            "content/posts/easy-runs.md:15:1: shortcode `youtube`: Taper has no such shortcode; write templates/shortcodes/youtube.html (a placeholder that shows nothing was written there; the Hugo site's arguments arrive as `args.<name>`)",
            "content/posts/tempo.md:9:1: shortcode `notice` with a body: Taper's shortcodes take none; the body was kept as Markdown without the call: write it as HTML or Markdown, or a `notice` shortcode with arguments",
            "hugo.toml:5:1: `theme`: Hugo themes are not imported: Taper has its own theme; replace its templates in templates/",
            "layouts/:1:1: Hugo templates are not imported: Taper's built-in theme renders the pages; to keep a look, write Taper's template of the same kind in templates/",
        ]
    );
}

#[test]
fn imports_are_deterministic_and_never_touch_the_source() {
    let before = files(&fixture("hugo-site"));
    let (a, _) = import("hugo", "hugo-site", "twice-a");
    let (b, _) = import("hugo", "hugo-site", "twice-b");
    assert_eq!(files(&a), files(&b));
    assert_eq!(files(&fixture("hugo-site")), before);
}

#[test]
fn a_non_empty_out_or_one_inside_the_site_is_refused() {
    let out = scratch("full");
    write(&out, "keep.txt", "mine");
    let done = taper()
        .args(["import", "zola"])
        .arg(fixture("zola-site"))
        .arg(&out)
        .assert()
        .code(1);
    let err = String::from_utf8_lossy(&done.get_output().stderr).into_owned();
    assert!(err.contains("is not empty"), "{err}");
    assert_eq!(files(&out).len(), 1);
    let inside = fixture("zola-site").join("taper");
    let done = taper()
        .args(["import", "zola"])
        .arg(fixture("zola-site"))
        .arg(&inside)
        .assert()
        .code(1);
    let err = String::from_utf8_lossy(&done.get_output().stderr).into_owned();
    assert!(err.contains("inside the site being imported"), "{err}");
    assert!(!inside.exists());
}

#[test]
fn bad_front_matter_is_reported_where_it_is_and_nothing_is_written() {
    let site = scratch("bad-front");
    write(
        &site,
        "config.toml",
        "title = \"x\"\nbase_url = \"https://x.example\"\n",
    );
    write(&site, "content/a.md", "+++\ntitle = \"A\"\ndate = \n+++\n");
    let out = scratch("bad-front-out").join("site");
    let done = taper()
        .args(["import", "zola"])
        .arg(&site)
        .arg(&out)
        .assert()
        .code(1);
    let err = String::from_utf8_lossy(&done.get_output().stderr).into_owned();
    assert!(err.contains("content/a.md:3:"), "{err}");
    assert!(err.contains("TOML"), "{err}");
    assert!(!out.exists());
    let done = taper()
        .args(["import", "hugo"])
        .arg(scratch("not-a-site"))
        .arg(&out)
        .assert()
        .code(1);
    let err = String::from_utf8_lossy(&done.get_output().stderr).into_owned();
    assert!(err.contains("not a Hugo site"), "{err}");
    assert!(!out.exists());
}
