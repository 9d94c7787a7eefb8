//! What a page says about itself in `<head>`: on every page of the example site a canonical
//! absolute URL, a description, Open Graph and a Twitter card; JSON-LD that parses, with
//! schema.org's types and the properties they expect (WebSite on the home page, BlogPosting
//! for articles, ExercisePlan for plans); the favicon; robots.txt only at a host's root.

mod common;

use common::*;
use serde_json::Value;
use std::fs;

/// The `content` of `<meta {key}="{name}" content="…">` in `page`.
fn meta<'a>(page: &'a str, key: &str, name: &str) -> Option<&'a str> {
    let tag = format!("<meta {key}=\"{name}\" content=\"");
    let i = page.find(&tag)? + tag.len();
    Some(&page[i..i + page[i..].find('"')?])
}

fn head(page: &str) -> &str {
    &page[..page.find("</head>").expect("a head")]
}

/// The page's JSON-LD, parsed.
fn json_ld(page: &str) -> Option<Value> {
    let start = "<script type=\"application/ld+json\">";
    let i = page.find(start)? + start.len();
    let text = &page[i..i + page[i..].find("</script>")?];
    Some(serde_json::from_str(text).expect("the JSON-LD parses"))
}

/// The properties schema.org defines for each type we write (from schema.org's pages for
/// WebSite, BlogPosting, ExercisePlan, Person and ImageObject, the ones Taper uses), and
/// those each type must have for search engines (Google's structured data guidelines:
/// an article needs a headline, a site its name and URL).
fn check_schema(v: &Value, what: &str) {
    let known: &[(&str, &[&str], &[&str])] = &[
        (
            "WebSite",
            &["name", "url"],
            &["name", "url", "description", "inLanguage", "image"],
        ),
        (
            "BlogPosting",
            &["headline", "url"],
            &[
                "headline",
                "url",
                "mainEntityOfPage",
                "description",
                "datePublished",
                "dateModified",
                "author",
                "image",
                "inLanguage",
                "isPartOf",
            ],
        ),
        (
            "ExercisePlan",
            &["name", "url"],
            &[
                "name",
                "url",
                "description",
                "exerciseType",
                "activityDuration",
                "author",
                "inLanguage",
                "image",
            ],
        ),
        ("Person", &["name"], &["name"]),
        ("ImageObject", &["url"], &["url", "width", "height"]),
    ];
    let ty = v["@type"]
        .as_str()
        .unwrap_or_else(|| panic!("{what}: no @type in {v}"));
    let (_, required, allowed) = known
        .iter()
        .find(|(t, _, _)| *t == ty)
        .unwrap_or_else(|| panic!("{what}: unexpected type {ty}"));
    for r in *required {
        assert!(
            v.get(*r).is_some_and(|x| !x.is_null()),
            "{what}: {ty} without {r}: {v}"
        );
    }
    for (k, x) in v.as_object().unwrap() {
        if k.starts_with('@') {
            continue;
        }
        assert!(
            allowed.contains(&k.as_str()),
            "{what}: {k} is not a property of {ty}"
        );
        if x.is_object() && x.get("@type").is_some() {
            check_schema(x, what);
        }
    }
    for k in ["url", "mainEntityOfPage"] {
        if let Some(u) = v.get(k).and_then(Value::as_str) {
            assert!(u.starts_with("https://"), "{what}: {k} {u} is not absolute");
        }
    }
    if let Some(d) = v.get("activityDuration").and_then(Value::as_str) {
        assert!(
            d.starts_with('P') && d.ends_with('W'),
            "{what}: {d} is no ISO 8601 duration"
        );
    }
    if let Some(d) = v.get("datePublished").and_then(Value::as_str) {
        assert!(
            jiff::civil::Date::strptime("%Y-%m-%d", d).is_ok(),
            "{what}: date {d}"
        );
    }
}

#[test]
fn every_page_of_the_example_site_has_its_metadata() {
    let out = scratch("example").join("public");
    build_into(&repo(), &out);
    let mut kinds = std::collections::BTreeSet::new();
    for (path, bytes) in files(&out) {
        if !path.ends_with(".html") || path.contains("/print/") {
            continue;
        }
        let page = String::from_utf8(bytes).unwrap();
        if page.contains("http-equiv=\"refresh\"") {
            continue; // an alias's redirect page
        }
        let h = head(&page);
        assert!(
            meta(h, "name", "description").is_some(),
            "{path}: no description"
        );
        assert_eq!(h.matches("rel=\"icon\"").count(), 2, "{path}");
        assert!(meta(h, "property", "og:title").is_some(), "{path}");
        assert!(meta(h, "property", "og:site_name").is_some(), "{path}");
        assert!(meta(h, "name", "twitter:card").is_some(), "{path}");
        if path == "404.html" {
            assert!(
                !h.contains("rel=\"canonical\""),
                "the 404 page stands for many URLs"
            );
            continue;
        }
        assert_eq!(h.matches("rel=\"canonical\"").count(), 1, "{path}");
        let url = meta(h, "property", "og:url").unwrap();
        let want = format!(
            "https://example.org/{}",
            path.trim_end_matches("index.html")
        );
        assert_eq!(url, want, "{path}");
        assert!(
            h.contains(&format!("<link rel=\"canonical\" href=\"{want}\">")),
            "{path}"
        );
        if let Some(v) = json_ld(h) {
            check_schema(&v, &path);
            assert_eq!(v["@context"], "https://schema.org");
            kinds.insert(v["@type"].as_str().unwrap().to_string());
            if v["@type"] == "ExercisePlan" {
                assert!(
                    h.contains("type=\"text/calendar\""),
                    "{path}: the plan's calendar"
                );
            }
        }
    }
    assert_eq!(
        kinds.into_iter().collect::<Vec<_>>(),
        ["BlogPosting", "ExercisePlan", "WebSite"]
    );
    let home = fs::read_to_string(out.join("index.html")).unwrap();
    assert_eq!(json_ld(&home).unwrap()["@type"], "WebSite");
    assert!(home.contains("type=\"application/atom+xml\""));
    // The favicon: an SVG and a 32 × 32 PNG, and robots.txt naming the sitemap.
    assert!(
        fs::read_to_string(out.join("favicon.svg"))
            .unwrap()
            .starts_with("<svg")
    );
    let png = image::load_from_memory(&fs::read(out.join("favicon.png")).unwrap()).unwrap();
    assert_eq!((png.width(), png.height()), (32, 32));
    assert_eq!(
        fs::read_to_string(out.join("robots.txt")).unwrap(),
        "User-agent: *\nAllow: /\n\nSitemap: https://example.org/sitemap.xml\n"
    );
}

#[test]
fn a_sub_path_site_has_no_robots_txt_and_its_own_favicon_wins() {
    let root = scratch("sub").join("site");
    write(
        &root,
        "site.yaml",
        "title: Coach\nbase_url: https://example.org/coach/\nfavicon: /icon.png\n",
    );
    write(
        &root,
        "content/posts/a.md",
        "---\ntitle: A\nsummary: Why rest matters.\nimage: card.jpg\n---\nText.\n",
    );
    let card = image::RgbImage::from_pixel(1200, 630, image::Rgb([10, 20, 30]));
    card.save(root.join("content/posts/card.jpg")).unwrap();
    write(
        &root,
        "static/icon.png",
        fs::read(repo().join("src/render/favicon.png")).unwrap(),
    );
    let out = root.join("public");
    build_into(&root, &out);
    assert!(
        !out.join("robots.txt").exists(),
        "a sub-path cannot own /robots.txt"
    );
    assert!(!out.join("favicon.svg").exists());
    let page = fs::read_to_string(out.join("posts/a/index.html")).unwrap();
    let h = head(&page);
    assert!(
        h.contains("<link rel=\"icon\" href=\"/coach/icon.png\" type=\"image/png\">"),
        "{h}"
    );
    assert_eq!(meta(h, "name", "description"), Some("Why rest matters."));
    // The front matter's image is the card, resized (1200 is its own width).
    let img = meta(h, "property", "og:image").unwrap();
    assert!(
        img.starts_with("https://example.org/coach/posts/card-1200."),
        "{img}"
    );
    assert_eq!(meta(h, "property", "og:image:height"), Some("630"));
    assert_eq!(meta(h, "name", "twitter:card"), Some("summary_large_image"));
    let ld = json_ld(h).unwrap();
    check_schema(&ld, "a");
    assert_eq!(ld["image"]["width"], 1200);
}
