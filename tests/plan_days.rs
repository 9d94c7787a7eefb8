//! A plan page's day cards: Taper writes the built-in `plan_days.html` without Tera
//! (src/render/plan_days.rs). Both ways must give the same bytes on every plan we have (the
//! example site's, a plan that uses every construct of the language, one that trips every
//! finding), and a site's own `plan_days.html` must win.

mod common;

use std::path::{Path, PathBuf};

use common::*;

/// The example site with the two fixture plans added, and `plan_days` (when given) as its
/// `templates/plan_days.html`.
fn site(name: &str, plan_days: Option<&str>) -> PathBuf {
    let root = scratch(name).join("site");
    std::fs::create_dir_all(&root).unwrap();
    std::fs::copy(repo().join("site.yaml"), root.join("site.yaml")).unwrap();
    copy_dir(&repo().join("content"), &root.join("content"));
    for f in ["whole-language.yaml", "flawed-plan.yaml"] {
        std::fs::copy(
            repo().join("tests/fixtures").join(f),
            root.join("content/plans").join(f),
        )
        .unwrap();
    }
    if let Some(t) = plan_days {
        write(&root, "templates/plan_days.html", t);
    }
    root
}

fn plan_pages(public: &Path) -> Vec<(String, String)> {
    let mut pages: Vec<(String, String)> = files(&public.join("plans"))
        .into_iter()
        .filter(|(path, _)| path.ends_with("/index.html"))
        .map(|(path, bytes)| (path, String::from_utf8(bytes).unwrap()))
        .collect();
    pages.sort();
    pages
}

#[test]
fn the_day_cards_are_the_templates_byte_for_byte() {
    let native = site("native", None);
    // A comment in front makes the site's template differ from the built-in one: Tera renders it.
    let through_tera = format!("{{#- rendered by Tera -#}}{}", built_in("plan_days.html"));
    let tera = site("tera", Some(&through_tera));
    let (a, b) = (scratch("native-out"), scratch("tera-out"));
    build_into(&native, &a);
    build_into(&tera, &b);
    let (pa, pb) = (plan_pages(&a), plan_pages(&b));
    assert!(
        pa.len() >= 6,
        "{:?}",
        pa.iter().map(|p| &p.0).collect::<Vec<_>>()
    );
    for ((path, x), (_, y)) in pa.iter().zip(&pb) {
        if x != y {
            let at = x.bytes().zip(y.bytes()).take_while(|(p, q)| p == q).count();
            let from = at.saturating_sub(200);
            panic!(
                "{path} differs at byte {at}:\nwithout Tera: {}\nwith Tera:    {}",
                &x[from..(at + 200).min(x.len())],
                &y[from..(at + 200).min(y.len())]
            );
        }
    }
    assert_eq!(pa.len(), pb.len());
    // What the cards must show is there: alternatives, rest cards, flags, notes, workouts.
    let whole = &pa
        .iter()
        .find(|(p, _)| p.contains("whole-language"))
        .unwrap()
        .1;
    for needle in [
        "<p class=\"session-choose\">Choose one:</p>",
        "<div class=\"rest-card\">",
        "<p class=\"day-flag\"><a href=\"#week-",
        "<p class=\"coachs-choice\"><strong>Coach's choice:</strong>",
        "<div class=\"workout\"><a href=\"",
        "<details><summary>As intervals.icu text</summary><pre><code>",
        "<ul class=\"sessions\">\n<li class=\"session\">",
        " data-marks=\"",
    ] {
        assert!(
            pa.iter().any(|(_, page)| page.contains(needle)),
            "no plan page has {needle}"
        );
    }
    assert!(whole.contains("<ol class=\"days\">\n<li class=\"day "));
}

#[test]
fn a_sites_own_day_cards_win() {
    let own = site(
        "own",
        Some(
            "<ol class=\"days\">{% for day in week.days %}<li>{{ day.label }} mine</li>{% endfor %}</ol>",
        ),
    );
    let out = scratch("own-out");
    build_into(&own, &out);
    let page = read(out.join("plans/whole-language/index.html"));
    assert!(
        page.contains("<ol class=\"days\"><li>Mon 1 Mar mine</li>"),
        "{page}"
    );
    assert!(!page.contains("<span class=\"badge"));
}

#[test]
fn a_sites_own_plan_page_still_gets_every_day() {
    // A plan.html of the site's own (here the built-in one with one line more) reads the days
    // and their compact text, which the built-in page leaves out of Tera's data.
    let page = built_in("plan.html").replacen(
        "{% block content %}",
        "{% block content %}<p id=\"probe\">{{ plan.weeks[0].days[1].compact }} / {{ plan.weeks[0].days | length }}</p>",
        1,
    );
    let root = site("own-page", None);
    write(&root, "templates/plan.html", &page);
    let out = scratch("own-page-out");
    build_into(&root, &out);
    let html = read(out.join("plans/whole-language/index.html"));
    assert!(
        html.contains(
            "<p id=\"probe\">easy 6km @easy; strength 30min &quot;Core and hips&quot; / 7</p>"
        ),
        "{}",
        &html[html.find("probe").unwrap_or(0)..][..200.min(html.len())]
    );
    // Its day cards are still the native ones, the same as a build with the built-in page.
    assert!(html.contains("<ol class=\"days\">\n<li class=\"day "));
}
