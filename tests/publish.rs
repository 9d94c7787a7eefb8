//! Publishing on a fixture site (tests/fixtures/publish-site): tags, drafts, a future-dated
//! article, sections, pagination, the feed and sitemap (parsed), every internal link resolved
//! under the sub-path, highlighted code, shortcodes and plan calendars (parsed by a real
//! iCalendar parser).

mod common;
use common::*;

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use assert_cmd::Command;

const BASE_PATH: &str = "/coach/";
const BASE_URL: &str = "https://example.org/coach/";

/// Builds `root` into a fresh folder and returns it.
fn build(root: &Path, name: &str) -> PathBuf {
    let out = scratch(name).join("public");
    build_into(root, &out);
    out
}

/// Every `href="…"` and `src="…"` value in an HTML page.
fn links(html: &str) -> Vec<String> {
    let mut out = Vec::new();
    for attr in ["href=\"", "src=\""] {
        let mut rest = html;
        while let Some(i) = rest.find(attr) {
            rest = &rest[i + attr.len()..];
            if let Some(end) = rest.find('"') {
                out.push(rest[..end].replace("&amp;", "&"));
                rest = &rest[end..];
            }
        }
    }
    out
}

#[test]
fn every_internal_link_resolves_under_the_sub_path() {
    let out = build(&publish_fixture(), "links");
    let mut checked = 0;
    for (file, bytes) in files(&out) {
        if !file.ends_with(".html") {
            continue;
        }
        let html = String::from_utf8(bytes).unwrap();
        for link in links(&html) {
            if link.starts_with('#')
                || link.starts_with("https://")
                || link.starts_with("http://")
                || link.starts_with("webcal://")
                || link.starts_with("mailto:")
            {
                continue;
            }
            assert!(
                link.starts_with(BASE_PATH),
                "{file}: `{link}` is not under {BASE_PATH}"
            );
            let path = link[BASE_PATH.len()..]
                .split(['#', '?'])
                .next()
                .unwrap()
                .to_string();
            let target = if path.is_empty() || path.ends_with('/') {
                out.join(&path).join("index.html")
            } else {
                out.join(&path)
            };
            assert!(target.is_file(), "{file}: broken link `{link}`");
            checked += 1;
        }
    }
    assert!(checked > 100, "only {checked} links checked");
}

#[test]
fn tags_drafts_future_articles_and_pagination() {
    let out = build(&publish_fixture(), "tags");
    let tags = read(out.join("tags/index.html"));
    assert!(
        tags.contains("href=\"/coach/tags/recuperation/\""),
        "Récupération → recuperation"
    );
    assert!(tags.contains("Récupération</a> <span class=\"count\">(1)</span>"));
    // rest: the future post, the plan (2027), rest (2026), old (2025); the draft is left out.
    assert!(
        tags.contains("rest</a> <span class=\"count\">(4)</span>"),
        "{tags}"
    );
    let rest1 = read(out.join("tags/rest/index.html"));
    let rest2 = read(out.join("tags/rest/page/2/index.html"));
    let first = rest1.find("Next Season").unwrap();
    let plan = rest1.find("Half Plan").unwrap();
    assert!(first < plan, "newest first");
    assert!(
        rest1.contains(
            "<h2><a href=\"/coach/plans/half/\">Half Plan</a></h2>\n    <p class=\"meta\">Training plan · <time datetime=\"2027-03-01\">2027-03-01</time></p>"
        ),
        "plans are listed with articles, marked as plans, dated by their first day"
    );
    assert!(rest1.contains("rel=\"next\" href=\"/coach/tags/rest/page/2/\""));
    assert!(rest2.contains("rel=\"prev\" href=\"/coach/tags/rest/\""));
    assert!(rest2.contains("An Old Post"));
    for page in [&rest1, &rest2] {
        assert!(!page.contains("Secret Draft"));
    }
    assert!(!out.join("posts/secret").exists(), "drafts are not built");
    assert!(
        out.join("posts/future/index.html").is_file(),
        "future-dated articles are"
    );
    // Home: 5 articles, 2 a page.
    let home = read(out.join("index.html"));
    assert!(home.contains("rel=\"next\" href=\"/coach/page/2/\""));
    assert!(
        home.contains("<h1 id=\"intro-title\">Welcome</h1>"),
        "the intro is on page 1"
    );
    let p2 = read(out.join("page/2/index.html"));
    assert!(
        !p2.contains("id=\"intro-title\"") && p2.contains("<h1>Coach &amp; Co</h1>"),
        "and only there"
    );
    let p3 = read(out.join("page/3/index.html"));
    assert!(p3.contains("rel=\"prev\" href=\"/coach/page/2/\""));
    assert!(!p3.contains("rel=\"next\""));
    assert!(!out.join("page/4").exists());
}

#[test]
fn sections_menu_breadcrumbs_and_prev_next() {
    let out = build(&publish_fixture(), "sections");
    let guide = read(out.join("guide/index.html"));
    assert!(
        guide.contains("The guide, in order."),
        "intro from _index.md"
    );
    let a = guide.find("First Steps").unwrap();
    let b = guide.find("Second Steps").unwrap();
    assert!(a < b, "ordered by weight");
    let first = read(out.join("guide/first/index.html"));
    assert!(
        first.contains("<li><a href=\"/coach/guide/\">The Guide</a></li>"),
        "breadcrumbs"
    );
    assert!(first.contains("rel=\"next\" href=\"/coach/guide/second/\""));
    assert!(
        first.contains("<a href=\"/coach/guide/\">Guide</a>"),
        "menu entry from @/ link"
    );
    assert!(
        first.contains("<a href=\"/coach/about/\">About</a>"),
        "menu entry under the sub-path"
    );
    let home = read(out.join("index.html"));
    assert!(
        home.contains("href=\"/coach/posts/rest/#why\""),
        "@/ link with a fragment"
    );
}

#[test]
fn feed_and_sitemap_are_valid_xml_with_absolute_urls() {
    let out = build(&publish_fixture(), "feed");
    let base = read(out.join("index.html"));
    assert!(base.contains(
        "<link rel=\"alternate\" type=\"application/atom+xml\" href=\"/coach/atom.xml\""
    ));
    let atom = read(out.join("atom.xml"));
    let doc = roxmltree::Document::parse(&atom).expect("atom.xml parses");
    let feed = doc.root_element();
    assert_eq!(feed.tag_name().name(), "feed");
    assert_eq!(
        feed.tag_name().namespace(),
        Some("http://www.w3.org/2005/Atom")
    );
    let child = |n: roxmltree::Node<'_, '_>, name: &str| {
        n.children()
            .find(|c| c.tag_name().name() == name)
            .and_then(|c| c.text().map(str::to_string))
    };
    assert_eq!(child(feed, "title").as_deref(), Some("Coach & Co"));
    assert_eq!(child(feed, "id").as_deref(), Some(BASE_URL));
    let entries: Vec<_> = feed
        .children()
        .filter(|c| c.tag_name().name() == "entry")
        .collect();
    let titles: Vec<String> = entries.iter().filter_map(|e| child(*e, "title")).collect();
    assert_eq!(
        titles,
        [
            "Next Season",
            "Rest Is Training",
            "Second Steps",
            "An Old Post",
            "About",
            "First Steps"
        ],
        "every published article, no draft, newest first (undated last)"
    );
    let mut newest = String::new();
    for e in &entries {
        let id = child(*e, "id").unwrap();
        assert!(id.starts_with(BASE_URL), "{id}");
        let updated = child(*e, "updated").unwrap();
        assert!(jiff::Timestamp::from_str_checked(&updated), "{updated}");
        newest = newest.max(updated);
        assert!(child(*e, "content").is_some());
    }
    assert_eq!(
        child(feed, "updated").unwrap(),
        newest,
        "updated = newest entry"
    );
    assert_eq!(newest, "2099-01-01T00:00:00Z");

    let sitemap = read(out.join("sitemap.xml"));
    let doc = roxmltree::Document::parse(&sitemap).expect("sitemap.xml parses");
    let locs: Vec<String> = doc
        .descendants()
        .filter(|n| n.tag_name().name() == "loc")
        .map(|n| n.text().unwrap().to_string())
        .collect();
    for loc in &locs {
        assert!(loc.starts_with(BASE_URL), "{loc}");
        let rel = &loc[BASE_URL.len()..];
        assert!(out.join(rel).join("index.html").is_file(), "{loc}");
    }
    for page in [
        "posts/rest/",
        "plans/half/",
        "guide/",
        "tags/rest/",
        "page/2/",
    ] {
        assert!(locs.contains(&format!("{BASE_URL}{page}")), "{page}");
    }
    assert!(!sitemap.contains("secret"));
    assert!(
        sitemap.contains(
            "<loc>https://example.org/coach/posts/old/</loc><lastmod>2026-10-01</lastmod>"
        )
    );
}

/// `reference` as a feed reader reads it in `node`: against the nearest `xml:base` (which is
/// itself absolute in Taper's feed). Only what the test needs: absolute URLs and fragments.
fn resolved_in_feed(node: roxmltree::Node<'_, '_>, reference: &str) -> String {
    const XML: &str = "http://www.w3.org/XML/1998/namespace";
    if reference.contains("://") {
        return reference.to_string();
    }
    let base = node
        .ancestors()
        .find_map(|n| n.attribute((XML, "base")))
        .expect("an xml:base in scope");
    assert!(reference.starts_with('#'), "{reference}");
    format!("{}{reference}", base.split('#').next().unwrap())
}

#[test]
fn footnote_and_relative_links_in_the_feed_resolve_to_the_article() {
    let root = scratch("feed-links");
    write(
        &root,
        "site.yaml",
        "title: Feed Links\nbase_url: https://example.org/coach/\n",
    );
    write(
        &root,
        "content/posts/why-rest.md",
        "---\ntitle: Why Rest\ndate: 2026-09-01\n---\nRest[^1] and ![a hill](../hill.svg).\n\n[^1]: Sleep too.\n",
    );
    write(
        &root,
        "content/posts/hill.svg",
        "<svg xmlns=\"http://www.w3.org/2000/svg\"/>",
    );
    let out = build(&root, "feed-links-out");
    let article = "https://example.org/coach/posts/why-rest/";
    let page = read(out.join("posts/why-rest/index.html"));
    assert!(
        page.contains("href=\"#fn-1\""),
        "the page links the footnote on itself"
    );
    assert!(out.join("posts/hill.svg").is_file());

    let atom = read(out.join("atom.xml"));
    let doc = roxmltree::Document::parse(&atom).expect("atom.xml parses");
    let content = doc
        .descendants()
        .find(|n| n.tag_name().name() == "content")
        .expect("an entry with content");
    let html = content.text().unwrap();
    let hrefs = links(html);
    let footnote = hrefs
        .iter()
        .find(|h| h.ends_with("#fn-1"))
        .unwrap_or_else(|| panic!("no footnote link in {html}"));
    assert_eq!(
        resolved_in_feed(content, footnote),
        format!("{article}#fn-1")
    );
    assert!(
        hrefs
            .iter()
            .any(|h| h == "https://example.org/coach/posts/hill.svg"),
        "the image, where the page finds it: {hrefs:?}"
    );
    let entry = content.parent().unwrap();
    assert_eq!(
        entry.attribute(("http://www.w3.org/XML/1998/namespace", "base")),
        Some(article),
        "the entry's own URL is its base"
    );
}

#[test]
fn feed_limit_keeps_the_newest_articles() {
    let site = copy_publish_fixture("feed-limit");
    let yaml = read(site.join("site.yaml"));
    fs::write(site.join("site.yaml"), format!("{yaml}feed_limit: 2\n")).unwrap();
    let full = read(build(&publish_fixture(), "feed-all").join("atom.xml"));
    let atom = read(build(&site, "feed-limited").join("atom.xml"));
    let ids = |xml: &str| -> Vec<String> {
        let doc = roxmltree::Document::parse(xml).expect("atom.xml parses");
        doc.descendants()
            .filter(|n| n.tag_name().name() == "entry")
            .filter_map(|e| e.children().find(|c| c.tag_name().name() == "id"))
            .map(|n| n.text().unwrap_or_default().to_string())
            .collect()
    };
    let (all, limited) = (ids(&full), ids(&atom));
    assert_eq!(limited.len(), 2);
    assert_eq!(limited, all[..2], "the two newest, in the same order");
}

trait FromStrChecked {
    fn from_str_checked(s: &str) -> bool;
}
impl FromStrChecked for jiff::Timestamp {
    fn from_str_checked(s: &str) -> bool {
        s.parse::<jiff::Timestamp>().is_ok()
    }
}

#[test]
fn code_is_highlighted_and_shortcodes_render_outside_code() {
    let out = build(&publish_fixture(), "code");
    let rest = read(out.join("posts/rest/index.html"));
    assert!(
        rest.contains("<pre class=\"highlight\" data-lang=\"rust\""),
        "{rest}"
    );
    assert!(rest.contains("<span style="));
    assert!(rest.contains("&lt;sleep&gt;"));
    assert!(
        rest.contains("<pre><code class=\"language-klingon\">Qapla&#39; &lt;b&gt;"),
        "unknown languages are plain, escaped"
    );
    assert_eq!(
        rest.matches("<script").count()
            - rest
                .matches("<script type=\"application/ld+json\">")
                .count(),
        1,
        "only the search box's script (and the page's JSON-LD data)"
    );
    let second = read(out.join("guide/second/index.html"));
    assert!(second.contains("class=\"shortcode-week\""));
    assert!(second.contains("href=\"/coach/plans/half/#w02-tue\""));
    assert!(second.contains("class=\"shortcode-rest-days\""));
    assert!(
        second.contains("<aside class=\"callout\">Sleep &amp; eat</aside>"),
        "user shortcode"
    );
    assert!(
        second.contains("<code>{{ plan(slug=\"nope\") }}</code>"),
        "inline code left alone"
    );
    assert!(
        second.contains("<pre><code>{{ plan(slug=&quot;nope&quot;) }}"),
        "code blocks too"
    );
    let meta: serde_json::Value =
        serde_json::from_str(&read(out.join("search/meta.json"))).unwrap();
    let docs: Vec<serde_json::Value> = (0..meta["docs"].as_u64().unwrap())
        .map(|i| serde_json::from_str(&read(out.join(format!("search/d/{i}.json")))).unwrap())
        .collect();
    let rest_doc = docs
        .iter()
        .find(|d| d["title"] == "Rest Is Training")
        .unwrap();
    assert_eq!(rest_doc["url"], "/coach/posts/rest/");
    assert!(rest_doc["text"].as_str().unwrap().contains("Adaptation"));
    let all = serde_json::to_string(&docs).unwrap();
    assert!(!all.contains('\u{E000}'), "no shortcode placeholders");
    assert!(!all.contains("Secret Draft"));
}

fn events(ics: &str) -> Vec<BTreeMap<String, String>> {
    let unfolded = icalendar::parser::unfold(ics);
    let cal = icalendar::parser::read_calendar(&unfolded).expect("plan.ics parses");
    cal.components
        .iter()
        .filter(|c| c.name == "VEVENT")
        .map(|c| {
            c.properties
                .iter()
                .map(|p| (p.name.as_str().to_string(), p.val.as_str().to_string()))
                .collect()
        })
        .collect()
}

#[test]
fn plan_calendars_parse_with_one_event_a_day_and_stable_uids() {
    let out = build(&publish_fixture(), "ics");
    let ics = read(out.join("plans/half/plan.ics"));
    assert!(ics.starts_with("BEGIN:VCALENDAR\r\n"));
    let without_crlf = ics.replace("\r\n", "");
    assert!(
        !without_crlf.contains('\n') && !without_crlf.contains('\r'),
        "CRLF only"
    );
    assert!(
        ics.split("\r\n").all(|l| l.len() <= 75),
        "folded at 75 octets"
    );
    assert!(ics.contains("\r\n "), "long lines are folded");
    let ev = events(&ics);
    assert_eq!(ev.len(), 14, "one event per day of two weeks");
    assert_eq!(ev[1]["UID"], "half-20270301-w01-tue@example.org");
    assert_eq!(ev[1]["DTSTART"], "20270302");
    assert_eq!(ev[1]["DTEND"], "20270303");
    assert_eq!(ev[1]["SUMMARY"], "Intervals 6 × 800 m (key session)");
    assert_eq!(
        ev[1]["URL"],
        "https://example.org/coach/plans/half/#w01-tue"
    );
    assert_eq!(ev[0]["SUMMARY"], "Rest day");
    assert!(
        ev[0]["DESCRIPTION"].contains(
            "Why rest: Fresh legs for tomorrow's intervals: quality work is only quality when you arrive rested."
        ),
        "{}",
        ev[0]["DESCRIPTION"]
    );
    assert!(
        ev[0]["DESCRIPTION"]
            .contains("Read why rest matters: https://example.org/coach/posts/rest/"),
        "{}",
        ev[0]["DESCRIPTION"]
    );
    assert_eq!(ev[0]["DTSTAMP"], "20270301T000000Z", "the plan's own date");
    let no_rest = events(&read(out.join("plans/half/plan-no-rest.ics")));
    assert_eq!(no_rest.len(), 8);
    // The race-dated plan has a calendar too.
    assert_eq!(events(&read(out.join("plans/ten/plan.ics"))).len(), 14);
    let page = read(out.join("plans/half/index.html"));
    assert!(page.contains("href=\"webcal://example.org/coach/plans/half/plan.ics\""));
    assert!(page.contains(
        "<li><a class=\"button\" href=\"webcal://example.org/coach/plans/half/plan.ics\">Subscribe</a> (<a href=\"webcal://example.org/coach/plans/half/plan-no-rest.ics\">without rest days</a>)</li>"
    ));
    assert!(page.contains(
        "<li><a class=\"button\" href=\"/coach/plans/half/plan.ics\" download>Download</a> (<a href=\"/coach/plans/half/plan-no-rest.ics\" download>without rest days</a>)</li>"
    ));

    // Same UIDs after a rebuild and after a note is edited.
    let site = copy_publish_fixture("ics-edit");
    let plan = site.join("content/plans/half.yaml");
    fs::write(
        &plan,
        read(plan.clone()).replace("Flat route, please; no hills", "Hilly route"),
    )
    .unwrap();
    let edited = read(build(&site, "ics-edited").join("plans/half/plan.ics"));
    assert_ne!(edited, ics);
    let uids =
        |e: &[BTreeMap<String, String>]| e.iter().map(|x| x["UID"].clone()).collect::<Vec<_>>();
    assert_eq!(uids(&events(&edited)), uids(&ev));
    let again = read(build(&publish_fixture(), "ics-again").join("plans/half/plan.ics"));
    assert_eq!(again, ics);
}

#[test]
fn source_date_epoch_stamps_the_calendar() {
    let out = scratch("epoch").join("public");
    Command::cargo_bin("taper")
        .unwrap()
        .args(["build", "--root"])
        .arg(publish_fixture())
        .arg("--output")
        .arg(&out)
        .env("SOURCE_DATE_EPOCH", "1700000000")
        .assert()
        .success();
    assert!(read(out.join("plans/half/plan.ics")).contains("DTSTAMP:20231114T221320Z\r\n"));
}

/// Every kind of output (pages, lists, tags, pagination, feed, sitemap, search index, plan
/// data and calendars) is in the comparison: the fixture builds all of them.
#[test]
fn two_builds_of_the_fixture_are_byte_identical() {
    let a = files(&build(&publish_fixture(), "same-a"));
    let b = files(&build(&publish_fixture(), "same-b"));
    for kind in [
        "index.html",
        "page/2/index.html",
        "tags/rest/page/2/index.html",
        "guide/index.html",
        "atom.xml",
        "sitemap.xml",
        "search/meta.json",
        "search/t/0.json",
        "search/d/0.json",
        "search/search.js",
        "plans/half/plan.json",
        "plans/half/plan.ics",
        "plans/half/plan-no-rest.ics",
        "style.css",
    ] {
        assert!(a.contains_key(kind), "{kind} is built");
    }
    assert_eq!(a, b);
}

#[test]
fn shortcode_and_link_errors_point_at_the_calling_line() {
    let site = copy_publish_fixture("sc-errors");
    fs::write(
        site.join("content/posts/bad.md"),
        "---\ntitle: Bad\n---\nIntro.\n\nSee {{ week(slug=\"half\", n=9) }}\n\n{{ plan(slug=\"halff\") }}\n\n[gone](@/posts/missing.md)\n\n{{ nope(x=1) }}\n\n{{ week(slug=\"half\", n=1, colour=\"red\") }}\n",
    )
    .unwrap();
    let err = build_fails(&site);
    assert!(
        err.contains("content/posts/bad.md:6:5: `half` has no week 9"),
        "{err}"
    );
    assert!(
        err.contains("content/posts/bad.md:8:1: no plan `halff`"),
        "{err}"
    );
    assert!(err.contains("did you mean `half`?"), "{err}");
    assert!(
        err.contains("content/posts/bad.md:10:8: the link `@/posts/missing.md` names no page"),
        "{err}"
    );
    assert!(
        err.contains("content/posts/bad.md:12:1: unknown shortcode `nope`"),
        "{err}"
    );
    assert!(
        err.contains("content/posts/bad.md:14:1: `week` takes no argument `colour`"),
        "{err}"
    );
    assert!(!site.join("public").exists(), "nothing written");
}

#[test]
fn paginate_splits_section_lists_like_the_home_page() {
    let root = scratch("section-pages");
    write(&root, "site.yaml", "title: Paged\npaginate: 2\n");
    for i in 1..=5 {
        write(
            &root,
            &format!("content/posts/p{i}.md"),
            format!("---\ntitle: Post {i}\ndate: 2026-01-0{i}\n---\nText {i}.\n"),
        );
    }
    let out = build(&root, "section-pages-out");
    let first = read(out.join("posts/index.html"));
    // The posts a page lists, in the order it lists them.
    let titles = |html: &str| {
        let mut at: Vec<(usize, i32)> = (1..=5)
            .filter_map(|i| Some((html.find(&format!(">Post {i}</a></h2>"))?, i)))
            .collect();
        at.sort();
        at.into_iter().map(|(_, i)| i).collect::<Vec<_>>()
    };
    // Newest first, two a page; the last page has the one left.
    assert_eq!(titles(&first), [5, 4]);
    assert!(first.contains(r#"<a rel="next" href="/posts/page/2/">"#));
    let second = read(out.join("posts/page/2/index.html"));
    assert_eq!(titles(&second), [3, 2]);
    assert!(second.contains(r#"<a rel="prev" href="/posts/">"#));
    assert!(second.contains("Page 2 of 3"));
    assert_eq!(titles(&read(out.join("posts/page/3/index.html"))), [1]);
    assert!(!out.join("posts/page/4").exists());
    let sitemap = read(out.join("sitemap.xml"));
    assert!(sitemap.contains("/posts/page/2/</loc>") && sitemap.contains("/posts/page/3/</loc>"));
    // An article whose path is a list page's is refused, naming the page it would replace.
    write(
        &root,
        "content/posts/page.md",
        "---\ntitle: Page\nslug: page\n---\nx\n",
    );
    write(
        &root,
        "content/posts/page/2.md",
        "---\ntitle: Two\n---\nx\n",
    );
    let err = build_fails(&root);
    assert!(
        err.contains("page 2 of the list of the folder `content/posts/`"),
        "{err}"
    );
}
