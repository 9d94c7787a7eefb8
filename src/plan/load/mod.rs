//! Reads a plan file into a [`Plan`], reporting every problem with its line and column. This
//! file reads the top level; [`header`] the keys about the plan as a whole, [`weeks`] the
//! weeks and days, [`session`] a session written as a map, [`variant`] a plan made from
//! another with `extends:` (read in two steps: the file alone, then against its base).

mod header;
mod session;
mod variant;
mod weeks;

pub use variant::{MAX_DEPTH, Pending, Resolved, resolve};

pub use header::recovery_of;
use header::*;
use session::*;
use weeks::*;

use std::collections::BTreeMap;
use std::path::Path;

use jiff::civil::{Date, Weekday};

use super::analysis::Code;
use super::compact::{self, Context, ParsedTarget, parse_rpe, parse_target};
use super::units::{
    Amount, Invalid, Units, parse_amount, parse_pace, too_small_for_a_block,
    too_small_for_a_session,
};
use super::vdot::{Intensity, PaceRelation, parse_offset};
use super::{
    Ack, Baseline, Day, Goal, Level, NamedPace, Plan, RecoveryOverrides, Session, SessionType,
    Step, StepKind, Target, WEEKDAYS, Week, Workout,
};
use crate::diagnostic::{Diagnostic, suggest};
use crate::validate::{self, Help, Problems, check_keys, get};
use crate::yaml::{Key, Node, Pos, Value};

/// The most weeks a plan may have (ten years).
pub const MAX_WEEKS: usize = 520;

/// The keys of a plan file (a variant adds `extends` and `scale`).
const PLAN_KEYS: &[&str] = &[
    "id",
    "title",
    "level",
    "units",
    "race",
    "goal",
    "start",
    "summary",
    "description",
    "tags",
    "draft",
    "personalise",
    "athlete",
    "paces",
    "articles",
    "recovery",
    "workouts",
    "weeks",
];
const WEEK_KEYS: &[&str] = &["phase", "deload", "note", "ack", "days"];
const SESSION_KEYS: &[&str] = &[
    "type", "distance", "duration", "rpe", "target", "notes", "label", "key", "ack", "steps",
];
const STEP_KEYS: &[&str] = &[
    "kind", "distance", "duration", "target", "cue", "repeat", "steps",
];
const GOAL_KEYS: &[&str] = &["race", "name", "distance", "date", "target"];
const RECOVERY_KEYS: &[&str] = &[
    "max_days_without_rest",
    "long_run_increase",
    "long_run_caution",
    "weekly_increase",
    "monotony",
    "low_intensity_share",
    "ramp_rate",
    "race_form",
    "taper_volume_cut",
    "taper_volume_best",
    "taper_volume_max",
    "taper_intensity_rpe",
    "taper_frequency_drop",
    "long_run_share",
];

/// What loading a plan produced: the plan when it is valid, and every diagnostic found.
pub struct Loaded {
    /// The plan, unless an error was found.
    pub plan: Option<Plan>,
    /// Errors and warnings, with source lines attached.
    pub diagnostics: Vec<Diagnostic>,
    /// A valid variant (`extends:`), to be made into a plan once its base is loaded
    /// ([`resolve`]).
    pub variant: Option<Box<Pending>>,
}

/// Loads the plan in `source`, read from `file` (relative to the site root). `url_dir` is the
/// file's folder below `content/` (`plans`), `default_units` comes from site.yaml.
pub fn load(file: &Path, source: &str, url_dir: &str, default_units: Units) -> Loaded {
    let mut problems = Problems::new(file);
    let (text, quoted) = quote_colon_days(source);
    for &(line, column) in &quoted {
        problems
            .warning(Pos { line, column, ..Pos::default() }, "yaml-colon", "this day has `: ` in it, which YAML does not allow in unquoted text; Taper read the whole line as the day")
            .help("put the day in single quotes: mon: 'race 10km \"Race day: go\"'");
    }
    let read = read(file, &text, url_dir, default_units, &mut problems);
    fix_columns(&mut problems.list, &quoted);
    let failed = problems.has_errors();
    let (plan, variant) = match read {
        _ if failed => (None, None),
        Some(Read::Plan(plan)) => (Some(*plan), None),
        Some(Read::Variant { root, id, extends }) => {
            let pending = Pending {
                file: file.to_path_buf(),
                id,
                url_dir: url_dir.to_string(),
                source: source.to_string(),
                text: text.into_owned(),
                quoted,
                root,
                extends,
            };
            (None, Some(Box::new(pending)))
        }
        None => (None, None),
    };
    Loaded {
        plan,
        diagnostics: problems.finish(source),
        variant,
    }
}

/// Positions found in text with [`quote_colon_days`]' quotes point one column right of the
/// user's file: moves them back.
fn fix_columns(list: &mut [Diagnostic], quoted: &[(usize, usize)]) {
    for d in list {
        if quoted
            .iter()
            .any(|&(line, column)| line == d.line && d.column > column)
        {
            d.column -= 1;
        }
    }
}

/// `sun: race 18km "Race day: start easy"` is not YAML (`: ` may not appear in unquoted
/// text), but it is exactly what a coach writes. Such day lines, which no YAML reader accepts
/// as they are, are put in single quotes before parsing, and the caller warns. Returns the
/// text to parse and the (line, column) of each inserted quote.
fn quote_colon_days(source: &str) -> (std::borrow::Cow<'_, str>, Vec<(usize, usize)>) {
    let mut fixes = Vec::new();
    let mut out = String::new();
    for (i, line) in source.split_inclusive('\n').enumerate() {
        let body = line.trim_end_matches(['\n', '\r']);
        let ending = &line[body.len()..];
        let indent = body.len() - body.trim_start().len();
        let rest = &body[indent..];
        let day = rest.split(':').next().unwrap_or("");
        let value = rest.get(day.len() + 1..).unwrap_or("");
        let value_trimmed = value.trim_start();
        let is_day = WEEKDAYS.contains(&day.to_ascii_lowercase().as_str())
            || super::WEEKDAY_NAMES
                .iter()
                .any(|n| n.eq_ignore_ascii_case(day));
        let needs = is_day
            && value.starts_with(' ')
            && !value_trimmed.starts_with(['\'', '"', '{', '[', '|', '>', '&', '*', '!'])
            && value_trimmed.contains(": ");
        if !needs {
            if !fixes.is_empty() {
                out.push_str(line);
            }
            continue;
        }
        if fixes.is_empty() {
            out.push_str(
                &source[..source
                    .split_inclusive('\n')
                    .take(i)
                    .map(str::len)
                    .sum::<usize>()],
            );
        }
        // A trailing ` # comment` after the last quote stays a comment.
        let (content, comment) = match value_trimmed
            .rfind('"')
            .and_then(|q| value_trimmed[q..].find(" #").map(|h| q + h))
        {
            Some(h) => (&value_trimmed[..h], &value_trimmed[h..]),
            None => (value_trimmed, ""),
        };
        let lead = &value[..value.len() - value_trimmed.len()];
        let column = body[..indent + day.len() + 1 + lead.len()].chars().count() + 1;
        out.push_str(&format!(
            "{}{day}:{lead}'{}'{comment}{ending}",
            &body[..indent],
            content.replace('\'', "''")
        ));
        fixes.push((i + 1, column));
    }
    if fixes.is_empty() {
        (std::borrow::Cow::Borrowed(source), fixes)
    } else {
        (std::borrow::Cow::Owned(out), fixes)
    }
}

/// What a plan file is on its own: a plan, or a variant waiting for its base.
enum Read {
    Plan(Box<Plan>),
    Variant {
        root: Node,
        id: String,
        extends: (String, Pos),
    },
}

fn read(
    file: &Path,
    source: &str,
    url_dir: &str,
    default_units: Units,
    p: &mut Problems,
) -> Option<Read> {
    if source.trim().is_empty() {
        p.error(
            Pos {
                line: 1,
                column: 1,
                ..Pos::default()
            },
            "empty",
            "the plan file is empty",
        )
        .help("a plan needs at least `title:` and `weeks:`; see the README's plan format");
        return None;
    }
    let root = p.parse_yaml(source, 0, 0, 1)?;
    let map = validate::as_map(&root, "a plan", p)?;
    if let Some(n) = get(map, "extends") {
        let id = id_of(file, &root, p);
        let extends = validate::text(n, "`extends`", p).map(|t| (t, n.pos))?;
        return Some(Read::Variant { root, id, extends });
    }
    crate::extra::check_keys(map, PLAN_KEYS, "a plan", p);
    let id = id_of(file, &root, p);
    let plan = read_plan(file, source, url_dir, default_units, &root, map, id, p)?;
    Some(Read::Plan(Box::new(plan)))
}

/// The plan's `id:`, else its file stem (`plan` when neither will do, after an error).
fn id_of(file: &Path, root: &Node, p: &mut Problems) -> String {
    let map = root.as_map().unwrap_or_default();
    match get(map, "id") {
        Some(n) => validate::text(n, "`id`", p).map(|id| {
            if !is_slug(&id) {
                p.error(n.pos, "id", format!("`id: {id}` is not URL-safe"))
                    .help("use lowercase letters, digits and dashes, e.g. `hm-intermediate`");
            }
            id
        }),
        None => id_from_stem(file, root.pos, p),
    }
    .unwrap_or_else(|| "plan".to_string())
}

#[allow(clippy::too_many_arguments)]
fn read_plan(
    file: &Path,
    source: &str,
    url_dir: &str,
    default_units: Units,
    root: &Node,
    map: &[(Key, Node)],
    id: String,
    p: &mut Problems,
) -> Option<Plan> {
    let extra = crate::extra::read(map, p);
    let title = match get(map, "title") {
        Some(n) => validate::text(n, "`title`", p),
        None => {
            p.error(root.pos, "missing-key", "the plan has no `title`")
                .help("add a line like `title: Half Marathon in 12 Weeks`");
            None
        }
    };
    let level = get(map, "level").and_then(|n| {
        let t = validate::text(n, "`level`", p)?;
        let l = Level::parse(&t);
        if l.is_none() {
            p.error(n.pos, "level", format!("unknown level `{t}`"))
                .help("write novice, intermediate or advanced");
        }
        l
    });
    let units = get(map, "units")
        .and_then(|n| units_of(n, p))
        .unwrap_or(default_units);

    // `goal:` and its alias `race:` from the plan core.
    let goal = goal_or_race(map, p);
    let start_node = get(map, "start");
    let start = start_node.and_then(|n| validate::date(n, "`start`", p));

    let baseline = get(map, "athlete")
        .map(|n| baseline_of(n, p))
        .unwrap_or_default();
    let paces = get(map, "paces")
        .map(|n| paces_of(n, p))
        .unwrap_or_default();
    let (articles, articles_pos) = get(map, "articles")
        .map(|n| articles_of(n, p))
        .unwrap_or_default();
    let recovery = get(map, "recovery")
        .map(|n| recovery_of(n, p))
        .unwrap_or_default();
    let summary = get(map, "summary").and_then(|n| validate::text(n, "`summary`", p));
    let description = get(map, "description").and_then(|n| validate::text(n, "`description`", p));
    let tags = get(map, "tags")
        .map(|n| validate::text_list(n, "`tags`", p))
        .unwrap_or_default();
    let draft = get(map, "draft")
        .and_then(|n| validate::boolean(n, "`draft`", p))
        .unwrap_or(false);
    let personalise =
        get(map, "personalise").and_then(|n| validate::boolean(n, "`personalise`", p));
    let workouts = get(map, "workouts").and_then(|n| validate::boolean(n, "`workouts`", p));

    let pace_names: Vec<&str> = paces.iter().map(|p: &NamedPace| p.name.as_str()).collect();
    let cx = Context { paces: &pace_names };
    let weeks = match get(map, "weeks") {
        Some(n) => weeks_of(n, source, &cx, p),
        None => {
            p.error(root.pos, "missing-key", "the plan has no `weeks`")
                .help("add `weeks:` with one item per week, each with `days:` mon to sun");
            Vec::new()
        }
    };
    if weeks.is_empty() && get(map, "weeks").is_some() && !p.has_errors() {
        p.error(
            get(map, "weeks").map_or(root.pos, |n| n.pos),
            "weeks",
            "the plan has no weeks",
        );
    }

    // Dates: `goal.date` counts back from race day, `start` counts forward; weeks start Monday.
    let start = match (start, goal.as_ref().and_then(|g| g.date)) {
        (Some(s), race) => {
            if s.weekday() != Weekday::Monday {
                let monday = monday_of(s);
                p.error(
                    start_node.map_or(root.pos, |n| n.pos),
                    "start",
                    format!("`start: {s}` is a {:?}; weeks start on Monday", s.weekday()),
                )
                .help(format!("write `start: {monday}` (the Monday of that week)"));
            }
            if let (Some(race), false) = (race, weeks.is_empty()) {
                let end = s
                    .checked_add(
                        jiff::Span::new().days(i64::try_from(weeks.len() * 7 - 1).unwrap_or(0)),
                    )
                    .ok();
                if end.is_some_and(|e| race > e || race < monday_of(e)) {
                    p.error(
                        start_node.map_or(root.pos, |n| n.pos),
                        "start",
                        format!(
                            "the goal date {race} is not in the last week of a plan that starts {s}"
                        ),
                    )
                    .help("remove `start:` (the goal date places the plan) or make them agree");
                }
            }
            Some(s)
        }
        (None, Some(race)) if !weeks.is_empty() => {
            let back = i64::try_from((weeks.len() - 1) * 7).unwrap_or(0);
            monday_of(race)
                .checked_sub(jiff::Span::new().days(back))
                .ok()
        }
        _ => None,
    };
    if let Some(s) = start {
        let placed_by = start_node.or_else(|| {
            get(map, "goal")
                .or_else(|| get(map, "race"))
                .and_then(|g| get(g.as_map()?, "date"))
        });
        check_date_range(s, weeks.len(), placed_by.map_or(root.pos, |n| n.pos), p);
    }

    Some(Plan {
        path: if url_dir.is_empty() {
            id.clone()
        } else {
            format!("{url_dir}/{id}")
        },
        id,
        source: file.to_path_buf(),
        title: title?,
        level: level.unwrap_or_default(),
        units,
        goal,
        start,
        summary,
        description,
        tags,
        draft,
        personalise,
        baseline,
        paces,
        articles,
        articles_pos,
        recovery,
        workouts,
        weeks,
        extra,
        digest: crate::digest(source),
        variant: None,
    })
}

/// The first day a plan may have.
pub const FIRST_DAY: Date = jiff::civil::date(1900, 1, 1);
/// The last day a plan may have.
pub const LAST_DAY: Date = jiff::civil::date(2200, 12, 31);

/// Every day of a dated plan falls within [`FIRST_DAY`]..=[`LAST_DAY`]: beyond them dates are
/// surely typos (and past 9999-12-31 they cannot be written at all). `pos` is the `start:` or
/// goal `date:` that places the plan.
fn check_date_range(start: Date, weeks: usize, pos: Pos, p: &mut Problems) {
    let days = i64::try_from(weeks.max(1) * 7 - 1).unwrap_or(i64::MAX);
    let end = jiff::Span::new()
        .try_days(days)
        .ok()
        .and_then(|span| start.checked_add(span).ok());
    if start >= FIRST_DAY && end.is_some_and(|e| e <= LAST_DAY) {
        return;
    }
    let end = end.map_or_else(|| "after 9999-12-31".to_string(), |e| e.to_string());
    p.error(
        pos,
        "date-range",
        format!(
            "the plan would run from {start} to {end}; Taper dates plans between {FIRST_DAY} and {LAST_DAY}"
        ),
    )
    .help("check the year of this date");
}

/// The id of a plan without `id:`: its file stem when that is URL-safe already, else the stem
/// slugified the way article file names are (`my plan.yaml` → `my-plan`, `a#b.yaml` → `a-b`).
/// A stem with nothing URL-safe left in it (`???.yaml`) is an error that asks for `id:`.
fn id_from_stem(file: &Path, pos: Pos, p: &mut Problems) -> Option<String> {
    let stem = file
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    if is_slug(&stem) {
        return Some(stem);
    }
    let slug = crate::content::markdown::slugify(&stem);
    if is_slug(&slug) {
        return Some(slug);
    }
    p.error(
        pos,
        "id",
        format!("the file name `{stem}` gives no URL-safe id for the plan"),
    )
    .help("set one with `id:` (lowercase letters, digits and dashes, e.g. `id: hm-intermediate`), or rename the file");
    None
}

/// Whether `s` is a safe URL segment.
pub fn is_slug(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= 100
        && s.chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '_')
        && !s.starts_with('-')
}

fn monday_of(d: Date) -> Date {
    let back = i64::from(d.weekday().to_monday_zero_offset());
    d.checked_sub(jiff::Span::new().days(back)).unwrap_or(d)
}

#[cfg(test)]
mod tests {
    use super::*;

    const CORE: &str = "title: Half Marathon in 12 Weeks
level: intermediate
units: km
race: { name: Spring Half, date: 2027-04-18, distance: 21.1km }
weeks:
  - phase: base
    days:
      mon: rest
      tue: easy 8km @RPE3
      wed: intervals 10km @RPE8 \"6 x 800 m at 5 km pace, 400 m jog\"
      thu: recovery 5km
      fri: { type: rest, notes: Sleep in. }
      sat: long 16km @RPE4
      sun: { type: cross, duration: 45min, notes: Bike or swim, easy. }
";

    fn load_str(src: &str) -> Loaded {
        load(
            Path::new("content/plans/half.yaml"),
            src,
            "plans",
            Units::Km,
        )
    }

    fn errors(src: &str) -> Vec<Diagnostic> {
        let l = load_str(src);
        assert!(l.plan.is_none(), "expected errors for:\n{src}");
        l.diagnostics.into_iter().filter(|d| d.is_error()).collect()
    }

    fn with_day(day: &str, value: &str) -> String {
        CORE.replace(
            &format!("      {day}: "),
            &format!("      {day}: {value} # replaced\n      x{day}: "),
        )
        .replace(&format!("      x{day}: "), "      # ")
    }

    #[test]
    fn the_core_example_loads() {
        let l = load_str(CORE);
        let plan = l.plan.unwrap_or_else(|| panic!("{:#?}", l.diagnostics));
        assert_eq!(plan.id, "half");
        assert_eq!(plan.path, "plans/half");
        assert_eq!(plan.weeks.len(), 1);
        assert_eq!(plan.weeks[0].days.len(), 7);
        assert_eq!(plan.start.unwrap().to_string(), "2027-04-12");
        assert_eq!(plan.goal.as_ref().unwrap().distance, Some(21_100.0));
        let fri = &plan.weeks[0].days[4].sessions[0].options[0];
        assert_eq!(fri.notes.as_deref(), Some("Sleep in."));
    }

    #[test]
    fn a_goal_distance_may_be_a_race_name() {
        let l = load_str(&CORE.replace("distance: 21.1km", "distance: half"));
        let plan = l.plan.unwrap_or_else(|| panic!("{:#?}", l.diagnostics));
        assert_eq!(plan.goal.unwrap().distance, Some(21_097.5));
    }

    #[test]
    fn dates_stay_between_1900_and_2200() {
        let dated = |line: &str| {
            CORE.replace(
                "race: { name: Spring Half, date: 2027-04-18, distance: 21.1km }",
                line,
            )
        };
        let e = errors(&dated("start: 9999-12-27"));
        assert_eq!((e[0].line, e[0].column), (4, 8));
        assert!(
            e[0].message.contains("after 9999-12-31"),
            "{}",
            e[0].message
        );
        let e = errors(&dated("start: 9999-12-20"));
        assert!(e[0].message.contains("to 9999-12-26"), "{}", e[0].message);
        let e = errors(&dated("start: 2200-12-29"));
        assert!(e[0].message.contains("to 2201-01-04"), "{}", e[0].message);
        let e = errors(&dated("race: { date: 0001-01-07 }"));
        assert_eq!((e[0].line, e[0].column), (4, 15));
        assert!(e[0].message.contains("from 0001-01-01"), "{}", e[0].message);
        let e = errors(&dated("start: 1899-12-25"));
        assert!(e[0].message.contains("between 1900-01-01 and 2200-12-31"));
        // The edges themselves are fine.
        let l = load_str(&dated("start: 1900-01-01"));
        assert!(l.plan.is_some(), "{:#?}", l.diagnostics);
        let l = load_str(&dated("race: { date: 2200-12-28 }"));
        let plan = l.plan.unwrap_or_else(|| panic!("{:#?}", l.diagnostics));
        assert_eq!(
            plan.end().map(|d| d.to_string()).as_deref(),
            Some("2200-12-28")
        );
        // A race on a Wednesday ends its week on the Sunday after: in 2201.
        assert!(
            errors(&dated("race: { date: 2200-12-31 }"))[0]
                .message
                .contains("2201-01-04")
        );
    }

    #[test]
    fn a_file_stem_becomes_an_id_like_an_article_slug() {
        let id = |stem: &str| {
            let l = load(
                Path::new(&format!("content/plans/{stem}.yaml")),
                CORE,
                "plans",
                Units::Km,
            );
            l.plan.map(|p| (p.id, p.path)).ok_or(l.diagnostics)
        };
        for (stem, want) in [
            ("half", "half"),
            ("hm_2027", "hm_2027"),
            ("my plan", "my-plan"),
            ("a#b", "a-b"),
            ("q?x", "q-x"),
            ("pct%41", "pct-41"),
            ("<b>", "b"),
            ("Récupération", "recuperation"),
        ] {
            let (got, path) = id(stem).unwrap_or_else(|d| panic!("{stem}: {d:#?}"));
            assert_eq!(got, want, "{stem}");
            assert_eq!(path, format!("plans/{want}"), "{stem}");
        }
        let e = id("???").unwrap_err();
        assert_eq!((e[0].line, e[0].column), (1, 1));
        assert!(
            e[0].message.contains("`???` gives no URL-safe id"),
            "{}",
            e[0].message
        );
        assert!(e[0].help.as_deref().unwrap().contains("`id:`"));
        // An explicit id needs no help from the file name.
        let l = load(
            Path::new("content/plans/???.yaml"),
            &format!("id: rescue\n{CORE}"),
            "plans",
            Units::Km,
        );
        assert_eq!(l.plan.map(|p| p.id).as_deref(), Some("rescue"));
    }

    #[test]
    fn missing_day_says_write_rest() {
        let src = CORE.replace("      thu: recovery 5km\n", "");
        let e = errors(&src);
        assert_eq!(e.len(), 1);
        assert!(e[0].message.contains("no `thu`"));
        assert_eq!(
            e[0].help.as_deref(),
            Some("add `thu: rest` (or the session for that day)")
        );
        assert_eq!(e[0].line, 7);
    }

    #[test]
    fn duplicate_weekday_is_a_yaml_error_on_its_line() {
        let src = CORE.replace(
            "      thu: recovery 5km\n",
            "      thu: recovery 5km\n      thu: rest\n",
        );
        let e = errors(&src);
        assert_eq!((e[0].line, e[0].column), (12, 7));
    }

    #[test]
    fn unknown_type_in_map_points_at_the_type() {
        let src = CORE.replace("{ type: cross,", "{ type: crosss,");
        let e = errors(&src);
        assert_eq!(e[0].line, 14);
        assert!(e[0].message.contains("`crosss`"));
        assert!(
            e[0].help
                .as_deref()
                .unwrap()
                .contains("did you mean `cross`")
        );
    }

    #[test]
    fn compact_errors_point_inside_the_string() {
        let src = CORE.replace("tue: easy 8km @RPE3", "tue: easy 8km @RPE14");
        let e = errors(&src);
        assert_eq!((e[0].line, e[0].column), (9, 21));
        let src = CORE.replace("tue: easy 8km @RPE3", "tue: 'easy 8km @RPE14'");
        let e = errors(&src);
        assert_eq!((e[0].line, e[0].column), (9, 22));
    }

    #[test]
    fn unknown_keys_everywhere() {
        let e = errors(&CORE.replace("level:", "levle:"));
        assert!(e[0].help.as_deref().unwrap().contains("`level`"));
        let e = errors(&CORE.replace("  - phase: base", "  - phse: base"));
        assert!(e[0].help.as_deref().unwrap().contains("`phase`"));
    }

    #[test]
    fn yaml_traps() {
        let e = errors(&with_day("mon", "off"));
        assert!(e[0].message.contains("boolean false"), "{}", e[0].message);
        assert!(e[0].help.as_deref().unwrap().contains("mon: rest"));

        let src = CORE.replace("distance: 21.1km }", "distance: 21.1km, target: 6300 }");
        let e = errors(&src);
        assert!(e[0].message.contains("number"));

        let src = CORE.replace("tue: easy 8km @RPE3", "tue: easy 8km @RPE3 # strides");
        let l = load_str(&src);
        assert!(l.plan.is_some());
        let w = &l.diagnostics[0];
        assert_eq!(w.code, "yaml-comment");
        assert_eq!((w.line, w.column), (9, 27));
    }

    #[test]
    fn a_colon_in_a_note_is_read_as_written() {
        let src = CORE.replace(
            "      thu: recovery 5km\n",
            "      thu: race 18.0km @RPE9 \"Race day: start conservatively, fuel early.\"\n",
        );
        let l = load_str(&src);
        let plan = l.plan.unwrap_or_else(|| panic!("{:#?}", l.diagnostics));
        let thu = &plan.weeks[0].days[3].sessions[0].options[0];
        assert_eq!(
            thu.notes.as_deref(),
            Some("Race day: start conservatively, fuel early.")
        );
        let w = &l.diagnostics[0];
        assert_eq!((w.code, w.line, w.column), ("yaml-colon", 11, 12));
        // An error later on that line still points at the user's column.
        let src = CORE.replace(
            "      thu: recovery 5km\n",
            "      thu: race 18km @RPE19 \"Race day: go\"\n",
        );
        let e = errors(&src);
        assert_eq!((e[0].line, e[0].column), (11, 22), "{e:#?}");
    }

    #[test]
    fn more_than_seven_days() {
        let src = "title: t\nweeks:\n  - days: [rest, rest, rest, rest, rest, rest, rest, rest]\n";
        let e = errors(src);
        assert!(e[0].message.contains("8 days"));
    }

    #[test]
    fn start_must_be_a_monday() {
        let src = CORE.replace(
            "race: { name: Spring Half, date: 2027-04-18, distance: 21.1km }",
            "start: 2027-01-26",
        );
        let e = errors(&src);
        assert!(e[0].help.as_deref().unwrap().contains("2027-01-25"));
    }

    #[test]
    fn structured_steps() {
        let src = CORE.replace(
            "      thu: recovery 5km\n",
            "      thu:
        - type: threshold
          key: true
          rpe: 7
          steps:
            - { kind: warmup, distance: 2km, target: easy }
            - repeat: 3
              steps:
                - { kind: work, duration: 8min, target: T }
                - { kind: recover, duration: 2min, target: { rpe: 2 }, cue: jog }
            - { kind: cooldown, distance: 2km, target: easy }
          notes: Comfortably hard.
",
        )
        .replace("units: km\n", "units: km\npaces:\n  easy: { pace: 6:00-6:30/km, rpe: 3 }\n  T: { pace: 4:45/km, rpe: 7 }\n");
        let l = load_str(&src);
        let plan = l.plan.unwrap_or_else(|| panic!("{:#?}", l.diagnostics));
        let w = &plan.weeks[0].days[3].sessions[0].options[0];
        assert_eq!(w.steps.len(), 3);
        // The same session in compact form gives the same steps.
        let names = ["easy", "T"];
        let compact = compact::parse_day(
            "threshold 2km wu @easy + 3x(8min @T / 2min jog @RPE2) + 2km cd @easy",
            &Context { paces: &names },
        )
        .unwrap();
        let c = &compact[0].options[0];
        assert_eq!(c.steps.len(), 3);
        match (&w.steps[1], &c.steps[1]) {
            (Step::Repeat { times: a, steps: x }, Step::Repeat { times: b, steps: y }) => {
                assert_eq!(a, b);
                assert_eq!(x.len(), y.len());
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn a_rest_as_a_map_holds_no_training_either() {
        let e = errors(&CORE.replace(
            "fri: { type: rest, notes: Sleep in. }",
            "fri: { type: rest, distance: 10km }",
        ));
        assert_eq!((e[0].line, e[0].column), (12, 36));
        assert!(
            e[0].message.contains("covers no distance"),
            "{}",
            e[0].message
        );
        let e = errors(&CORE.replace(
            "fri: { type: rest, notes: Sleep in. }",
            "fri: { type: rest, rpe: 8 }",
        ));
        assert_eq!((e[0].line, e[0].column), (12, 31));
        assert!(
            e[0].message.contains("RPE 8 is training"),
            "{}",
            e[0].message
        );
    }

    #[test]
    fn map_amounts_have_the_same_bounds() {
        let e = errors(&CORE.replace(
            "{ type: cross, duration: 45min,",
            "{ type: cross, duration: 10s,",
        ));
        assert!(
            e[0].message.contains("too short for a session"),
            "{}",
            e[0].message
        );
        assert_eq!((e[0].line, e[0].column), (14, 37));
        let e = errors(&CORE.replace(
            "{ type: cross, duration: 45min,",
            "{ type: cross, distance: -5km,",
        ));
        assert_eq!(e[0].help.as_deref(), Some("write `5km`"));
    }

    #[test]
    fn step_errors() {
        let base = CORE.replace(
            "units: km\n",
            "units: km\npaces:\n  T: { pace: 4:45/km, rpe: 7 }\n",
        );
        let e = errors(&base.replace("      thu: recovery 5km\n", "      thu:\n        - type: threshold\n          steps:\n            - { kind: sprint, duration: 8min }\n"));
        assert!(e[0].message.contains("unknown step kind `sprint`"));
        let e = errors(&base.replace(
            "      thu: recovery 5km\n",
            "      thu:\n        - type: threshold\n          steps:\n            - repeat: 3\n",
        ));
        assert!(e[0].message.contains("no `steps`"));
        let e = errors(&base.replace(
            "      thu: recovery 5km\n",
            "      thu: threshold 3x(8min @TT / 2min jog)\n",
        ));
        assert!(
            e[0].message
                .contains("unknown pace `@TT`: defined paces are T")
        );
    }
}
