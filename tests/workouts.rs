//! Watch workouts: every structured session of a plan as `plans/<id>/workouts/<day>.fit`,
//! linked from its day on the plan page with the same workout as intervals.icu text, and
//! described in plan.json. Garmin's own decoder checks every file in `.ci/run`
//! (tests/fit/check_fit.py); here the files are decoded with rustyfit and compared with the
//! steps plan.json gives.

mod common;
use common::*;

use std::fs;
use std::path::Path;

use rustyfit::Decoder;
use rustyfit::proto::Value;

/// A message's fields: (field number, the value when it is a number).
type Fields = Vec<(u8, Option<u32>)>;

/// (message number, fields) of every message of a FIT file.
fn messages(bytes: &[u8]) -> Vec<(u16, Fields)> {
    let mut reader: &[u8] = bytes;
    let fit = Decoder::new()
        .decode(&mut reader)
        .unwrap_or_else(|e| panic!("{e:?}"))
        .expect("one FIT file");
    fit.messages
        .into_iter()
        .map(|m| {
            let fields = m
                .fields
                .into_iter()
                .map(|f| {
                    let v = match f.value {
                        Value::Uint8(v) => Some(u32::from(v)),
                        Value::Uint16(v) => Some(u32::from(v)),
                        Value::Uint32(v) => Some(v),
                        _ => None,
                    };
                    (f.num, v)
                })
                .collect();
            (m.num.0, fields)
        })
        .collect()
}

fn get(fields: &[(u8, Option<u32>)], num: u8) -> Option<u32> {
    fields.iter().find(|(n, _)| *n == num).and_then(|(_, v)| *v)
}

fn plan_json(out: &Path, plan: &str) -> serde_json::Value {
    serde_json::from_str(&read(out.join(format!("plans/{plan}/plan.json")))).unwrap()
}

/// Every session of plan.json with a workout: (fit_url, workout).
fn workouts(json: &serde_json::Value) -> Vec<serde_json::Value> {
    json["weeks"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|w| w["days"].as_array().unwrap().iter())
        .flat_map(|d| d["sessions"].as_array().unwrap().iter())
        .filter_map(|s| s.get("workout").cloned())
        .collect()
}

/// Decodes every workout file of plan `plan` in the built site `out` (whose `base_url` is
/// `base`) and compares it with plan.json's steps; returns how many files it checked.
fn check_plan(out: &Path, base: &str, plan: &str) -> usize {
    let json = plan_json(out, plan);
    let listed = workouts(&json);
    let on_disk = fs::read_dir(out.join(format!("plans/{plan}/workouts"))).map_or(0, |d| d.count());
    assert_eq!(listed.len(), on_disk, "{plan}: a file for every workout");
    for w in &listed {
        let url = w["fit_url"].as_str().unwrap();
        let rel = url.strip_prefix(base).unwrap();
        let msgs = messages(&fs::read(out.join(rel)).unwrap());
        let steps = w["steps"].as_array().unwrap();
        assert_eq!(get(&msgs[0].1, 0), Some(5), "{rel}: file_id.type workout");
        assert_eq!(get(&msgs[1].1, 4), Some(1), "{rel}: sport running");
        assert_eq!(get(&msgs[1].1, 6), Some(steps.len() as u32), "{rel}");
        assert_eq!(msgs.len(), 2 + steps.len(), "{rel}: one message per step");
        for (i, (s, (num, m))) in steps.iter().zip(&msgs[2..]).enumerate() {
            assert_eq!(*num, 27, "{rel} step {i}: workout_step");
            assert_eq!(get(m, 254), Some(i as u32), "{rel} step {i}: message_index");
            if s["step"] == "repeat" {
                assert_eq!(get(m, 1), Some(6), "{rel} step {i}: repeat");
                assert_eq!(get(m, 2), s["from"].as_u64().map(|x| x as u32));
                assert_eq!(get(m, 4), s["times"].as_u64().map(|x| x as u32));
                continue;
            }
            let d = &s["duration"];
            match d["kind"].as_str().unwrap() {
                "distance" => {
                    let cm = (d["metres"].as_f64().unwrap() * 100.0).round() as u32;
                    assert_eq!((get(m, 1), get(m, 2)), (Some(1), Some(cm)), "{rel} {i}");
                }
                "time" => {
                    let ms = (d["seconds"].as_f64().unwrap() * 1000.0).round() as u32;
                    assert_eq!((get(m, 1), get(m, 2)), (Some(0), Some(ms)), "{rel} {i}");
                }
                _ => assert_eq!(get(m, 1), Some(5), "{rel} {i}: open"),
            }
            let t = &s["target"];
            match t["kind"].as_str().unwrap() {
                "pace" => {
                    let mm_s = |k: &str| (1e6 / t[k].as_f64().unwrap()).round() as u32;
                    assert_eq!(get(m, 3), Some(0), "{rel} {i}: speed");
                    assert_eq!(get(m, 5), Some(mm_s("slow")), "{rel} {i}: low speed");
                    assert_eq!(get(m, 6), Some(mm_s("fast")), "{rel} {i}: high speed");
                }
                "heart_rate_zone" => {
                    assert_eq!(get(m, 3), Some(1), "{rel} {i}: heart rate");
                    assert_eq!(get(m, 4), t["zone"].as_u64().map(|z| z as u32));
                }
                _ => assert_eq!(get(m, 3), Some(2), "{rel} {i}: open target"),
            }
        }
    }
    listed.len()
}

#[test]
fn every_workout_file_of_the_example_site_holds_the_steps_plan_json_gives() {
    let out = scratch("example").join("public");
    build_into(&repo(), &out);
    let checked = check_plan(&out, "https://example.org/", "half-marathon-12")
        + check_plan(&out, "https://example.org/", "5k-beginner-8");
    assert!(
        checked > 50,
        "the example plans publish workouts ({checked})"
    );
}

#[test]
fn every_construct_of_the_plan_language_becomes_a_workout_a_watch_reads() {
    let root = scratch("whole-language");
    write(&root, "site.yaml", "title: Whole\n");
    write(
        &root,
        "content/plans/whole.yaml",
        read(repo().join("tests/fixtures/whole-language.yaml")),
    );
    let out = root.join("public");
    build_into(&root, &out);
    assert!(check_plan(&out, "/", "whole") > 5);
    let json = plan_json(&out, "whole");
    let schema: serde_json::Value =
        serde_json::from_str(&read(repo().join("docs/static/plan.schema.json"))).unwrap();
    let validator = jsonschema::validator_for(&schema).expect("the schema is valid");
    let errors: Vec<String> = validator
        .iter_errors(&json)
        .map(|e| format!("{e} at {}", e.instance_path()))
        .collect();
    assert!(errors.is_empty(), "{errors:#?}");
    let kinds: std::collections::BTreeSet<String> = workouts(&json)
        .iter()
        .flat_map(|w| w["steps"].as_array().unwrap().clone())
        .map(|s| format!("{} {}", s["step"], s["target"]["kind"]))
        .collect();
    for k in [
        "\"repeat\" null",
        "\"single\" \"pace\"",
        "\"single\" \"heart_rate_zone\"",
        "\"single\" \"open\"",
    ] {
        assert!(kinds.contains(k), "no {k} in {kinds:?}");
    }
}

#[test]
fn the_plan_page_links_each_workout_on_its_day_with_its_intervals_icu_text() {
    let out = scratch("page").join("public");
    build_into(&repo(), &out);
    let page = read(out.join("plans/half-marathon-12/index.html"));
    let day = day_html(&page, "w01-tue");
    assert!(
        day.contains(r#"href="/plans/half-marathon-12/workouts/w01-tue.fit" download"#),
        "{day}"
    );
    assert!(day.contains("Workout file"), "{day}");
    assert!(
        day.contains("<code>Warmup\n- 2km\n\n6x\n- RPE7 1m\n- Jog 2m\n\nCooldown\n- 2km\n</code>"),
        "{day}"
    );
    // A double: the easy run has a workout, the strength session none.
    let wed = day_html(&page, "w01-wed");
    assert_eq!(wed.matches("Workout file").count(), 1, "{wed}");
    // Rest days have none.
    assert!(!day_html(&page, "w01-mon").contains("Workout file"));
    assert!(page.contains(r#"id="workouts""#));
    assert!(page.contains("GARMIN/NewFiles"));
    let json = plan_json(&out, "half-marathon-12");
    let tue = &json["weeks"][0]["days"][1]["sessions"][0]["workout"];
    assert_eq!(tue["name"], "W1 Tue Fartlek 6x1min");
    assert_eq!(
        tue["intervals_icu"],
        "Warmup\n- 2km\n\n6x\n- RPE7 1m\n- Jog 2m\n\nCooldown\n- 2km\n"
    );
}

const PLAN: &str = "title: P\nstart: 2027-03-01\npaces: { T: { pace: 4:40-4:50/km } }\nweeks:\n  - days: { mon: rest, tue: 'threshold 2km wu + 3x(8min @T / 2min jog) + 2km cd', wed: rest, thu: easy 5km, fri: rest, sat: long 10km, sun: rest }\n";

fn small_site(name: &str, site_yaml: &str, plan: &str) -> std::path::PathBuf {
    let root = scratch(name);
    write(&root, "site.yaml", site_yaml);
    write(&root, "content/plans/p.yaml", plan);
    root
}

#[test]
fn workouts_false_in_site_yaml_or_the_plan_turns_them_off() {
    let off = small_site("off", "title: S\nworkouts: false\n", PLAN);
    let out = off.join("public");
    build_into(&off, &out);
    assert!(!out.join("plans/p/workouts").exists());
    let page = read(out.join("plans/p/index.html"));
    assert!(!page.contains("Workout file") && !page.contains(r#"id="workouts""#));
    assert!(workouts(&plan_json(&out, "p")).is_empty());
    // A plan's own `workouts: true` wins over the site's.
    let on = small_site(
        "plan-on",
        "title: S\nworkouts: false\n",
        &PLAN.replace("title: P\n", "title: P\nworkouts: true\n"),
    );
    build_into(&on, &on.join("public"));
    assert!(on.join("public/plans/p/workouts/w01-tue.fit").exists());
    let plan_off = small_site(
        "plan-off",
        "title: S\n",
        &PLAN.replace("title: P\n", "title: P\nworkouts: false\n"),
    );
    build_into(&plan_off, &plan_off.join("public"));
    assert!(!plan_off.join("public/plans/p/workouts").exists());
    // With workouts off the path is free for a file of the coach's own.
    write(&off, "content/plans/p/workouts/w01-tue.fit", "mine");
    build_into(&off, &out);
    assert_eq!(read(out.join("plans/p/workouts/w01-tue.fit")), "mine");
}

#[test]
fn a_workouts_key_that_is_not_a_boolean_is_an_error_at_its_position() {
    let root = small_site("bad", "title: S\nworkouts: maybe\n", PLAN);
    let err = build_fails(&root);
    assert!(err.contains("site.yaml:2:11"), "{err}");
    assert!(err.contains("`workouts` must be true or false"), "{err}");
}

#[test]
fn files_are_reproducible_and_stamped_with_the_plans_first_day_or_source_date_epoch() {
    let root = small_site("stamp", "title: S\n", PLAN);
    let (a, b) = (root.join("a"), root.join("b"));
    build_into(&root, &a);
    build_into(&root, &b);
    assert_eq!(files(&a), files(&b), "two builds, the same bytes");
    let fit = fs::read(a.join("plans/p/workouts/w01-tue.fit")).unwrap();
    // 2027-03-01T00:00:00Z in FIT time (seconds since 1989-12-31).
    assert_eq!(
        get(&messages(&fit)[0].1, 4),
        Some(1_803_859_200 - 631_065_600)
    );
    let c = root.join("c");
    taper()
        .args(["build", "--root"])
        .arg(&root)
        .arg("--output")
        .arg(&c)
        .env("SOURCE_DATE_EPOCH", "1700000000")
        .assert()
        .success();
    let fit = fs::read(c.join("plans/p/workouts/w01-tue.fit")).unwrap();
    assert_eq!(
        get(&messages(&fit)[0].1, 4),
        Some(1_700_000_000 - 631_065_600)
    );
    // Every file of the site has its own File Id (a watch tells files apart by it).
    let serials: std::collections::BTreeSet<Option<u32>> = ["w01-tue", "w01-thu", "w01-sat"]
        .iter()
        .map(|d| {
            let f = fs::read(a.join(format!("plans/p/workouts/{d}.fit"))).unwrap();
            get(&messages(&f)[0].1, 3)
        })
        .collect();
    assert_eq!(serials.len(), 3);
}

/// A FIT file as a hex dump, 16 bytes a line with their printable characters.
fn hex_dump(bytes: &[u8]) -> String {
    bytes
        .chunks(16)
        .enumerate()
        .map(|(i, line)| {
            let hex: Vec<String> = line.iter().map(|b| format!("{b:02x}")).collect();
            let text: String = line
                .iter()
                .map(|&b| {
                    if b.is_ascii_graphic() || b == b' ' {
                        b as char
                    } else {
                        '.'
                    }
                })
                .collect();
            format!("{:04x}  {:<47}  {text}\n", i * 16, hex.join(" "))
        })
        .collect()
}

#[test]
fn snapshot_of_a_threshold_workout_file() {
    let out = scratch("snapshot").join("public");
    taper()
        .args(["build", "--root"])
        .arg(repo().join("tests/fixtures/snapshot-site"))
        .arg("--output")
        .arg(&out)
        .env("SOURCE_DATE_EPOCH", "1700000000")
        .assert()
        .success();
    let fit = fs::read(out.join("plans/week/workouts/w01-wed.fit")).unwrap();
    insta::assert_snapshot!("w01-wed.fit", hex_dump(&fit));
}

#[test]
fn taper_serve_writes_changed_workouts_and_removes_the_ones_a_plan_no_longer_has() {
    use taper::serve::rebuild::{Builder, Options, Outcome};
    let root = small_site("serve", "title: S\n", PLAN);
    let out = root.join("served");
    let mut builder = Builder::new(&root, &out, Options::default());
    assert!(matches!(
        builder.full(),
        Outcome::Rebuilt { full: true, .. }
    ));
    let before = fs::read(out.join("plans/p/workouts/w01-tue.fit")).unwrap();
    assert!(out.join("plans/p/workouts/w01-thu.fit").exists());
    // Four repeats instead of three, and Thursday's run becomes a rest day.
    let plan = PLAN
        .replace("3x(8min", "4x(8min")
        .replace("thu: easy 5km", "thu: rest");
    write(&root, "content/plans/p.yaml", &plan);
    let Outcome::Rebuilt { files: changed, .. } =
        builder.changed(&[root.join("content/plans/p.yaml")])
    else {
        panic!("the edit rebuilt nothing");
    };
    for f in [
        "plans/p/workouts/w01-tue.fit",
        "plans/p/workouts/w01-thu.fit",
    ] {
        assert!(changed.iter().any(|c| c == f), "{f} not in {changed:?}");
    }
    let after = fs::read(out.join("plans/p/workouts/w01-tue.fit")).unwrap();
    assert_ne!(before, after);
    assert!(!out.join("plans/p/workouts/w01-thu.fit").exists());
    // Byte for byte what a full build of the edited plan writes.
    let full = root.join("full");
    build_into(&root, &full);
    let served = files(&out);
    for (path, bytes) in files(&full) {
        assert_eq!(served.get(&path), Some(&bytes), "{path}");
    }
}
