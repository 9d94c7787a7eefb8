//! What keeps a plan's files small without a reader losing anything: the ways to spend a rest
//! day said once per page and linked from every rest day, `plan.json` compact, day markup
//! without indentation. The byte figures for a generated 16-week plan are in
//! docs/content/guide/performance.md.

mod common;
use common::*;

/// A 16-week plan with three rest days a week.
fn sixteen_weeks() -> String {
    let mut s = String::from("title: Sixteen\nstart: 2027-01-04\nweeks:\n");
    for w in 1..=16 {
        s.push_str(&format!(
            "  - days:\n      mon: rest\n      tue: tempo {}km @RPE7\n      wed: easy 8km @RPE3\n      \
             thu: rest\n      fri: easy 6km @RPE3\n      sat: rest\n      sun: long {}km @RPE4\n",
            6 + w % 4,
            12 + w % 6
        ));
    }
    s
}

fn built(name: &str) -> (String, String) {
    let root = scratch(name);
    write(
        &root,
        "site.yaml",
        "title: T\nbase_url: https://example.org/\n",
    );
    write(&root, "content/plans/sixteen.yaml", sixteen_weeks());
    let out = root.join("public");
    build_into(&root, &out);
    (
        read(out.join("plans/sixteen/index.html")),
        read(out.join("plans/sixteen/plan.json")),
    )
}

#[test]
fn rest_day_options_are_said_once_and_every_rest_day_links_to_them() {
    let (page, _) = built("plan-size-rest");
    // The panel's data keeps them in every rest day's calendar event, as plan.ics does.
    let page = without_scripts(&page);
    let options = [
        "Full rest: no training at all",
        "A 15–20 minute easy walk",
        "10 minutes of gentle mobility",
        "Not a make-up day: missed sessions stay missed",
    ];
    for o in options {
        assert_eq!(page.matches(o).count(), 1, "{o:?} once on the page");
    }
    assert!(page.contains("<section class=\"rest-days\" id=\"rest-days\""));
    for w in 1..=16 {
        for d in ["mon", "thu", "sat"] {
            let day = day_html(&page, &format!("w{w:02}-{d}"));
            assert!(
                day.contains("<a href=\"#rest-days\">Good ways to spend it</a>"),
                "week {w} {d} refers to the options: {day}"
            );
            assert!(day.contains("class=\"rest-why\""), "and says why: {day}");
        }
    }
    let text = visible_text(&page);
    assert_eq!(text.matches("Good ways to spend it").count(), 1 + 16 * 3);
}

fn without_scripts(html: &str) -> String {
    let mut out = String::new();
    let mut rest = html;
    while let Some(at) = rest.find("<script") {
        out.push_str(&rest[..at]);
        let end = rest[at..].find("</script>").expect("closed") + at;
        rest = &rest[end + "</script>".len()..];
    }
    out + rest
}

#[test]
fn plan_json_is_compact_and_still_has_every_rest_days_options() {
    let (_, json) = built("plan-size-json");
    assert_eq!(json.lines().count(), 1, "one line");
    assert!(!json.contains("\n  "), "no indentation");
    let v: serde_json::Value = serde_json::from_str(&json).expect("plan.json parses");
    let rest_days = v["weeks"]
        .as_array()
        .expect("weeks")
        .iter()
        .flat_map(|w| w["days"].as_array().expect("days"))
        .filter(|d| d["rest"].is_object())
        .inspect(|d| assert_eq!(d["rest"]["options"].as_array().map(Vec::len), Some(4)))
        .count();
    assert_eq!(rest_days, 48);
}

#[test]
fn day_markup_is_not_indented() {
    let (page, _) = built("plan-size-days");
    let day = day_html(&page, "w03-tue");
    assert!(day.lines().count() > 3, "a day spans lines: {day}");
    for line in day.lines() {
        assert!(!line.starts_with(' '), "{line:?} in {day}");
    }
}

#[test]
fn the_panels_script_is_one_file_per_site_and_only_when_a_plan_offers_the_panel() {
    let root = scratch("plan-size-script");
    write(&root, "site.yaml", "title: T\n");
    write(&root, "content/plans/sixteen.yaml", sixteen_weeks());
    write(
        &root,
        "content/plans/other.yaml",
        sixteen_weeks().replace("Sixteen", "Other"),
    );
    let out = root.join("public");
    build_into(&root, &out);
    let script = read(out.join("personalise.js"));
    assert!(
        script.contains("const personalise = () =>"),
        "the panel's script"
    );
    for plan in ["sixteen", "other"] {
        let page = read(out.join(format!("plans/{plan}/index.html")));
        assert!(page.contains("<script src=\"/personalise.js\" defer></script>"));
        assert!(!page.contains("const personalise"), "not inlined in {plan}");
    }

    write(&root, "site.yaml", "title: T\npersonalise: false\n");
    let off = root.join("public-off");
    build_into(&root, &off);
    assert!(!off.join("personalise.js").exists(), "no panel, no script");
    let page = read(off.join("plans/sixteen/index.html"));
    assert!(!page.contains("personalise.js"));
}
