//! "Make this plan yours" from the build's side: the panel and its data on plan pages,
//! `personalise: false`, the marks the page's script reads (rendered in the plan's units they
//! are the page's own text), and `taper plan --result` (the Rust model's paces, which the
//! browser test compares with the script's). The script itself runs in tests/browser.

mod common;
use common::*;

use taper::plan::marks::{Part, render};
use taper::plan::units::Units;

const PLAN: &str = "title: Mine
goal: { distance: 10km, date: 2027-05-02 }
paces:
  easy: { pace: 6:00-6:30/km, from: easy }
  T: { pace: 4:45/km, from: threshold, offset: +0:05/km }
  MP: { from: marathon }
  strides: { pace: 3:50/km }
weeks:
  - days:
      mon: rest
      tue: threshold 2km wu + 3x(8min @T / 2min jog) + 2km cd
      wed: easy 8km @easy
      thu: rest | cross 40min bike @RPE3
      fri: rest
      sat: long 14km @easy + 3km @MP
      sun: race 10km @RPE9
";

fn site(name: &str, site_yaml: &str, plan: &str) -> std::path::PathBuf {
    let root = scratch(name);
    write(&root, "site.yaml", site_yaml);
    write(&root, "content/plans/mine.yaml", plan);
    let out = root.join("public");
    build_into(&root, &out);
    out
}

fn unescape(s: &str) -> String {
    s.replace("&quot;", "\"")
        .replace("&#x2F;", "/")
        .replace("&#x27;", "'")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
}

#[test]
fn the_panel_and_its_data_are_on_the_plan_page() {
    let out = site("panel", "title: S\nbase_url: https://example.org/\n", PLAN);
    let page = read(out.join("plans/mine/index.html"));
    assert!(page.contains(
        "<section class=\"personal\" id=\"personalise\" aria-labelledby=\"personal-title\" hidden>"
    ));
    assert!(
        page.contains("id=\"personal-race\""),
        "a plan with a race date asks for the reader's"
    );
    assert!(page.contains(">Add to my calendar</button>"));
    assert!(page.contains("stays on the coach's dates"));
    let start = page
        .find("<script type=\"application/json\" id=\"personal-data\">")
        .unwrap();
    let json = &page[start..];
    let json = &json[json.find('>').unwrap() + 1..json.find("</script>").unwrap()];
    let data: serde_json::Value = serde_json::from_str(json).unwrap();
    // The days' events are a file beside the page, fetched by "Add to my calendar".
    assert!(data.get("events").is_none());
    assert_eq!(data["events_url"], "/plans/mine/calendar.json");
    let events: serde_json::Value =
        serde_json::from_str(&read(out.join("plans/mine/calendar.json"))).unwrap();
    let events = events.as_array().unwrap();
    assert_eq!(events.len(), 7);
    assert_eq!(events[1]["anchor"], "w01-tue");
    assert_eq!(events[0]["category"], "Rest day");
    assert_eq!(data["host"], "example.org");
    assert_eq!(data["start"], "2027-04-26");
    assert_eq!(data["page_url"], "https://example.org/plans/mine/");
    let t = data["paces"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["name"] == "T")
        .unwrap();
    assert_eq!(t["from"]["kind"], "threshold");
    assert_eq!(t["offset"], 5.0);
    // Every marked text, rendered in the plan's units, is the text the page shows.
    let mut marked = 0;
    for piece in page.split(" data-marks=\"").skip(1) {
        let (attr, rest) = piece.split_once('"').unwrap();
        let parts: Vec<serde_json::Value> = serde_json::from_str(&unescape(attr)).unwrap();
        let parts: Vec<Part> = parts
            .into_iter()
            .map(|p| match p {
                serde_json::Value::String(s) => Part::Text(s),
                p if p.get("d").is_some() => Part::Distance {
                    d: p["d"].as_f64().unwrap(),
                },
                p => Part::Pace {
                    p: p.get("p")
                        .map(|v| [v[0].as_f64().unwrap(), v[1].as_f64().unwrap()]),
                    n: p.get("n").map(|n| n.as_str().unwrap().to_string()),
                },
            })
            .collect();
        let text = &rest[rest.find('>').unwrap() + 1..rest.find('<').unwrap()];
        let mut s = String::new();
        for p in &parts {
            s.push_str(&match p {
                Part::Text(t) => t.clone(),
                Part::Distance { d } => taper::plan::marks::distance(*d),
                Part::Pace { p, n } => {
                    taper::plan::marks::pace(p.map(|[a, b]| (a, b)), n.as_deref())
                }
            });
        }
        assert_eq!(render(&s, Units::Km), unescape(text));
        marked += 1;
    }
    assert!(marked >= 3, "{marked} marked texts");
    assert!(page.contains("<time datetime=\"2027-05-02\" data-day=\"6\">Sun 2 May</time>"));
}

#[test]
fn personalise_false_per_plan_or_per_site() {
    let off = format!("personalise: false\n{PLAN}");
    let page = read(site("off-plan", "title: S\n", &off).join("plans/mine/index.html"));
    assert!(!page.contains("id=\"personalise\""));
    assert!(!page.contains("personal-data"));
    assert!(
        !site("off-plan-files", "title: S\n", &off)
            .join("plans/mine/calendar.json")
            .exists(),
        "no panel, no events file"
    );
    let page = read(
        site("off-site", "title: S\npersonalise: false\n", PLAN).join("plans/mine/index.html"),
    );
    assert!(!page.contains("id=\"personalise\""));
    let on = format!("personalise: true\n{PLAN}");
    let page =
        read(site("on-plan", "title: S\npersonalise: false\n", &on).join("plans/mine/index.html"));
    assert!(
        page.contains("id=\"personalise\""),
        "a plan's `personalise: true` wins"
    );
}

#[test]
fn taper_plan_prints_the_models_paces_for_a_result() {
    let root = scratch("result");
    write(&root, "mine.yaml", PLAN);
    let out = taper()
        .arg("plan")
        .arg(root.join("mine.yaml"))
        .args(["--result", "10K-45:00", "--format", "json"])
        .assert()
        .success();
    let doc: serde_json::Value = serde_json::from_slice(&out.get_output().stdout).unwrap();
    let schema: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(repo().join("docs/static/plan.schema.json")).unwrap(),
    )
    .unwrap();
    let validator = jsonschema::validator_for(&schema).unwrap();
    let errors: Vec<String> = validator.iter_errors(&doc).map(|e| e.to_string()).collect();
    assert!(errors.is_empty(), "{errors:#?}");
    let vdot = doc["personal"]["vdot"].as_f64().unwrap();
    assert!((vdot - 45.26).abs() < 0.01, "{vdot}");
    let paces = doc["personal"]["paces"].as_array().unwrap();
    let names: Vec<&str> = paces.iter().map(|p| p["name"].as_str().unwrap()).collect();
    assert_eq!(names, ["easy", "T", "MP"], "only paces with from:");
    let t = paces[1]["pace_s_per_km"][0].as_f64().unwrap();
    assert!((t - (276.59 + 5.0)).abs() < 0.01, "T with its offset: {t}");
    let text = taper()
        .arg("plan")
        .arg(root.join("mine.yaml"))
        .args(["--result", "10K-45:00"])
        .assert()
        .success();
    let text = String::from_utf8_lossy(&text.get_output().stdout).into_owned();
    assert!(
        text.contains("Your paces for 10.0 km in 45:00 (VDOT 45.3):"),
        "{text}"
    );
    let refused = taper()
        .arg("plan")
        .arg(root.join("mine.yaml"))
        .args(["--result", "5K-59:00", "--format", "json"])
        .assert()
        .code(1);
    let err = String::from_utf8_lossy(&refused.get_output().stderr).into_owned();
    assert!(err.contains("does not extrapolate"), "{err}");
}
