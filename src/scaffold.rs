//! `taper new`: starting points that build at once — a whole site, an article, a plan
//! skeleton. Never overwrites: a non-empty site folder or an existing file is refused.
//!
//! The plan skeleton is deliberately plain (easy running, one long run, two rest days a week,
//! a cut-back every fourth week, a two-week taper before a race) so that it passes the
//! recovery analysis without a caution or warning; the coach fills in the real sessions.

use std::fs;
use std::path::{Path, PathBuf};

use jiff::ToSpan;
use jiff::civil::{Date, Weekday};

use crate::content::markdown::slugify;
use crate::diagnostic::Diagnostic;

/// Most weeks a skeleton may have.
pub const MAX_WEEKS: u32 = 52;

fn refuse(path: &Path, message: String, help: &str) -> Diagnostic {
    Diagnostic::error(path, 0, 0, "new", message).with_help(help)
}

/// A YAML double-quoted scalar (JSON strings are valid YAML).
fn quoted(text: &str) -> String {
    serde_json::to_string(text).unwrap_or_else(|_| "\"\"".into())
}

/// Writes `text` to `path`, refusing to replace an existing file.
fn create(path: &Path, text: &str) -> Result<(), Diagnostic> {
    if let Some(parent) = path.parent() {
        fs::create_dir_all(parent).map_err(|e| {
            refuse(
                parent,
                format!("cannot create the folder: {e}"),
                "check the path and permissions",
            )
        })?;
    }
    let mut file = fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)
        .map_err(|e| {
            if e.kind() == std::io::ErrorKind::AlreadyExists {
                refuse(
                    path,
                    format!(
                        "`{}` already exists; refusing to overwrite it",
                        path.display()
                    ),
                    "choose another title or name, or remove the file first",
                )
            } else {
                refuse(
                    path,
                    format!("cannot create the file: {e}"),
                    "check permissions",
                )
            }
        })?;
    std::io::Write::write_all(&mut file, text.as_bytes()).map_err(|e| {
        refuse(
            path,
            format!("cannot write the file: {e}"),
            "check disk space",
        )
    })
}

/// Creates a working site in `dir` (which must be missing or empty): site.yaml, a home page,
/// an article and a plan, or with `guide` a guide of three pages around a plan. Returns the
/// files written.
pub fn new_site(dir: &Path, today: Date, guide: bool) -> Result<Vec<PathBuf>, Diagnostic> {
    if dir.exists() {
        let empty = fs::read_dir(dir)
            .map(|mut d| d.next().is_none())
            .map_err(|e| {
                refuse(
                    dir,
                    format!("cannot read `{}`: {e}", dir.display()),
                    "choose a new folder",
                )
            })?;
        if !empty {
            return Err(refuse(
                dir,
                format!(
                    "`{}` is not empty; refusing to write a site into it",
                    dir.display()
                ),
                "choose a new or empty folder: `taper new site my-site`",
            ));
        }
    }
    let title = dir
        .file_name()
        .map(|n| n.to_string_lossy().replace(['-', '_'], " "))
        .filter(|t| !t.trim().is_empty())
        .unwrap_or_else(|| "My Training Guides".into());
    let files = if guide {
        guide_files(&title)
    } else {
        blog_files(&title, today)
    };
    let mut written = Vec::new();
    for (rel, text) in files {
        let path = dir.join(rel);
        create(&path, &text)?;
        written.push(path);
    }
    Ok(written)
}

/// A guide site: the guide's intro, a page, a chapter with a page that shows a week of the
/// plan, and the plan.
fn guide_files(title: &str) -> Vec<(&'static str, String)> {
    vec![
        (".gitignore", "public/\n.taper/\n".to_string()),
        (
            "site.yaml",
            format!(
                "title: {}\nbase_url: /          # set to where the site is published, e.g. https://example.org/\ndescription: A training guide, read in order.\nlanguage: en\nunits: km\n# edit_url: https://github.com/you/repo/edit/main/   # adds \"Edit this page\"\n# git_dates: true                                    # last-updated dates from git\n",
                quoted(title)
            ),
        ),
        (
            "content/index.md",
            "---\ntitle: Welcome\n---\nStart with [the guide](@/guide/_index.md).\n".to_string(),
        ),
        (
            "content/guide/_index.md",
            "---\ntitle: The Guide\nsummary: Read it in order, or print it whole.\nlayout: guide\n---\nThis guide is a folder: every page below `content/guide/` is in its sidebar, in\n`weight` order, and the sidebar links to the whole guide on one page, to print.\n\n> [!TIP]\n> Give each page a `weight:` to set its place.\n".to_string(),
        ),
        (
            "content/guide/getting-started.md",
            "---\ntitle: Getting Started\nweight: 1\n---\n## Run easy\n\nMost runs are easy: you can talk while you run.\n\n## Write it down\n\n```yaml title=\"content/plans/first-plan.yaml\"\ntitle: First Plan\n```\n\nNext: [the first week](@/guide/training/first-week.md).\n".to_string(),
        ),
        (
            "content/guide/training/_index.md",
            "---\ntitle: Training\nweight: 2\n---\nA chapter is a folder with its own `_index.md`.\n".to_string(),
        ),
        (
            "content/guide/training/first-week.md",
            "---\ntitle: The First Week\nweight: 1\nplans: [first-plan]\nexplains: [rest]\n---\n## Every rest day has a reason\n\n{{ week(slug=\"first-plan\", n=1) }}\n\n> [!IMPORTANT]\n> A rest day is part of the training, not a gap in it.\n".to_string(),
        ),
        ("content/plans/first-plan.yaml", plan_skeleton("First Plan", 8, None)),
    ]
}

/// A blog of training articles and a plan.
fn blog_files(title: &str, today: Date) -> Vec<(&'static str, String)> {
    vec![
        (".gitignore", "public/\n.taper/\n".to_string()),
        (
            "site.yaml",
            format!(
                "title: {}\nbase_url: /          # set to where the site is published, e.g. https://example.org/\ndescription: Training plans where every rest day is explained.\nlanguage: en\nunits: km\n",
                quoted(title)
            ),
        ),
        (
            "content/index.md",
            "---\ntitle: Welcome\n---\nTraining plans and the reasons behind them. Start with the\n[first plan](/plans/first-plan/) or read [why rest days matter](/posts/why-rest/).\n".to_string(),
        ),
        (
            "content/posts/why-rest.md",
            format!(
                "---\ntitle: Why Rest Days Matter\ndate: {today}\nsummary: Training is the stimulus; rest is when you adapt.\ntags: [recovery]\nplans: [first-plan]\nexplains: [rest]\n---\n## Adaptation happens at rest\n\nA hard session tires you; the fitness comes in the days after, when you rest.\nEvery rest day in the [plan](/plans/first-plan/) links here.\n\n## What to do on a rest day\n\nNothing, a 15–20 minute walk, or 10 minutes of mobility. Never a make-up run.\n"
            ),
        ),
        ("content/plans/first-plan.yaml", plan_skeleton("First Plan", 8, None)),
    ]
}

/// Creates `content/posts/<slug>.md` in the site `root`, dated `today`.
pub fn new_post(root: &Path, title: &str, today: Date) -> Result<PathBuf, Diagnostic> {
    let slug = slugify(title);
    if slug.is_empty() {
        return Err(refuse(
            Path::new("content/posts"),
            format!("`{title}` gives an empty file name"),
            "use a title with letters or digits",
        ));
    }
    let path = root.join("content/posts").join(format!("{slug}.md"));
    let text = format!(
        "---\ntitle: {}\ndate: {today}\nsummary: \"\"\ntags: []\ndraft: false\n---\nWrite the article here. `## Headings` get anchors; link other pages as `/posts/…/`.\n",
        quoted(title)
    );
    create(&path, &text)?;
    Ok(path)
}

/// Creates `content/plans/<slug>.yaml` in the site `root`: `weeks` weeks, ending in race week
/// when `race_date` is given.
pub fn new_plan(
    root: &Path,
    name: &str,
    weeks: u32,
    race_date: Option<Date>,
) -> Result<PathBuf, Diagnostic> {
    let slug = slugify(name);
    if slug.is_empty() {
        return Err(refuse(
            Path::new("content/plans"),
            format!("`{name}` gives an empty file name"),
            "use a name with letters or digits",
        ));
    }
    if weeks == 0 || weeks > MAX_WEEKS {
        return Err(refuse(
            Path::new("content/plans"),
            format!("--weeks {weeks} is out of range"),
            "choose between 1 and 52 weeks",
        ));
    }
    let path = root.join("content/plans").join(format!("{slug}.yaml"));
    create(&path, &plan_skeleton(name, weeks, race_date))?;
    Ok(path)
}

/// The plan skeleton's YAML.
pub fn plan_skeleton(name: &str, weeks: u32, race_date: Option<Date>) -> String {
    let mut y = format!(
        "title: {}\nlevel: intermediate\n# Sessions use the compact syntax: TYPE amount @target + blocks \"note\" (see README).\n",
        quoted(name)
    );
    match race_date {
        Some(d) => y.push_str(&format!(
            "goal: {{ race: {}, distance: 10km, date: {d} }}\n",
            quoted(name)
        )),
        None => {
            let monday = next_monday(jiff::ZonedDateTime::now().date());
            y.push_str(&format!(
                "# start: {monday}   # or a Monday of your choice\n"
            ));
        }
    }
    y.push_str(&format!(
        "summary: {}\ndescription: |\n  Easy running with one long run and two rest days a week; every fourth week is lighter.\n  Replace the sessions with your own.\nweeks:\n",
        quoted(&format!("A {weeks}-week plan skeleton."))
    ));
    let race_weekday = race_date.map(|d| d.weekday().to_monday_zero_offset() as usize);
    for n in 1..=weeks {
        // Two lighter weeks before the race week (one in a plan of three or four weeks):
        // `taper-volume` judges the 14 days before the race.
        let taper_weeks = if weeks > 4 { 3 } else { 2 };
        let taper = race_date.is_some() && n + taper_weeks > weeks && weeks > 2;
        let deload = !taper && n % 4 == 0;
        let phase = if race_date.is_some() && n == weeks {
            "race"
        } else if taper {
            "taper"
        } else if n * 3 <= weeks {
            "base"
        } else {
            "build"
        };
        y.push_str(&format!("  - phase: {phase}\n"));
        if deload {
            y.push_str("    deload: true\n    note: Cut-back week.\n");
        }
        y.push_str("    days:\n");
        let days: [String; 7] = if let (true, Some(race_day)) = (n == weeks, race_weekday) {
            std::array::from_fn(|i| {
                if i == race_day {
                    format!("race 10km @RPE9 {}", quoted("Race day"))
                } else if i > race_day || i == 0 || i + 1 == race_day {
                    "rest".into()
                } else {
                    "easy 4km @RPE3".into()
                }
            })
        } else {
            // The long run stays under 30 % of the week (`long-run-share`).
            let (easy, long) = if taper {
                (4, 5)
            } else if deload {
                (5, 7)
            } else {
                (7, 10)
            };
            [
                "rest".into(),
                format!("easy {easy}km @RPE3"),
                format!("easy {easy}km @RPE3"),
                format!("easy {}km @RPE3", easy - 1),
                "rest (walk 20min)".into(),
                format!("easy {}km @RPE3", easy - 1),
                format!("long {long}km @RPE4"),
            ]
        };
        for (i, d) in days.iter().enumerate() {
            let text = if d.contains('"') {
                format!("'{d}'")
            } else {
                d.clone()
            };
            y.push_str(&format!("      {}: {text}\n", crate::plan::WEEKDAYS[i]));
        }
    }
    y
}

fn next_monday(today: Date) -> Date {
    let mut d = today;
    while d.weekday() != Weekday::Monday {
        d = d.checked_add(1.day()).unwrap_or(d);
        if d == today {
            break;
        }
    }
    d
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plan::analysis::{Severity, analyse};
    use crate::plan::load::load;
    use crate::plan::units::Units;

    fn clean(yaml: &str) {
        let l = load(Path::new("p.yaml"), yaml, "plans", Units::default());
        let plan = l
            .plan
            .unwrap_or_else(|| panic!("{:?}\n{yaml}", l.diagnostics));
        let a = analyse(&plan, &Default::default());
        let serious: Vec<_> = a
            .findings
            .iter()
            .filter(|f| f.severity >= Severity::Caution)
            .collect();
        assert!(serious.is_empty(), "{serious:?}\n{yaml}");
        // The codes added with the calibration, the fitness model and the taper checks stay
        // quiet above a note on the skeleton.
        use crate::plan::analysis::Code;
        let new: Vec<_> = a
            .findings
            .iter()
            .filter(|f| f.severity >= Severity::Guideline && f.acknowledged.is_none())
            .filter(|f| {
                matches!(
                    f.code,
                    Code::LongAfterTuneUp
                        | Code::TaperVolume
                        | Code::TaperIntensity
                        | Code::TaperFrequency
                        | Code::LongRunShare
                        | Code::RampRate
                )
            })
            .collect();
        assert!(new.is_empty(), "{new:?}\n{yaml}");
        for w in &plan.weeks {
            assert!(
                w.days
                    .iter()
                    .any(|d| d.sessions.iter().any(|s| format!("{s:?}").contains("Rest")))
            );
        }
    }

    #[test]
    fn skeletons_pass_the_analysis() {
        for weeks in [1, 2, 3, 4, 8, 12, 18, 52] {
            clean(&plan_skeleton("Test", weeks, None));
            for day in 13..=19 {
                let race = Date::new(2027, 9, day).unwrap();
                clean(&plan_skeleton("Test \"10K\"", weeks, Some(race)));
            }
        }
    }

    #[test]
    fn refuses_to_overwrite() {
        let root = std::env::temp_dir().join(format!("taper-new-{}", std::process::id()));
        let _ = fs::remove_dir_all(&root);
        let today = Date::new(2027, 1, 4).unwrap();
        let p = new_post(&root, "Hill Repeats, Explained", today).unwrap();
        assert!(p.ends_with("content/posts/hill-repeats-explained.md"));
        assert!(fs::read_to_string(&p).unwrap().contains("date: 2027-01-04"));
        assert!(new_post(&root, "Hill repeats explained", today).is_err());
        assert!(new_site(&root, today, false).is_err(), "not empty");
        assert!(new_site(&root, today, true).is_err(), "not empty");
    }
}
