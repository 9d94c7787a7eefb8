//! calendar-hack's plan JSON (`tests/calibration/calendar-hack/*.json`) to Taper plan YAML.
//!
//! The mapping is the one a coach would make reading the plan: the session type from each
//! workout's title, the distance as given (a range stays a range), the units of the plan, and a
//! race where the title names one ("Marathon", "5K tune-up race", "Race Day!", and "Plan Ends"
//! when it carries the race distance). A day is Monday to Sunday in order, as calendar-hack lays
//! a week out. The level comes from the plan's own name (novice, beginner, level one, 55 mi…).
//! Nothing here knows the analysis: it only writes the plan the JSON describes.

use serde_json::Value;

/// One converted plan.
pub struct Converted {
    /// calendar-hack's id (`higdon_nov_mara1`).
    pub id: String,
    /// The Taper plan, as YAML.
    pub yaml: String,
    /// Whether any workout carries a distance (the run/walk plans c25k and hansons_c210k give
    /// only minutes in free text and are left out of the calibration).
    pub has_distances: bool,
}

/// Converts one calendar-hack plan.
pub fn convert(json: &str) -> Result<Converted, String> {
    let plan: Value = serde_json::from_str(json).map_err(|e| e.to_string())?;
    let id = plan["id"].as_str().ok_or("no id")?.to_string();
    let name = plan["name"].as_str().unwrap_or(&id);
    let units = match plan["units"].as_str() {
        Some("km") => "km",
        _ => "mi",
    };
    let weeks = plan["schedule"].as_array().ok_or("no schedule")?;
    let mut has_distances = false;
    // Pfitzinger's multiple-marathon and post-marathon recovery schedules start the day after a
    // marathon: that is the longest run of the 30 days before them.
    let after_marathon =
        id.starts_with("pfitz") && (id.contains("multi") || id.contains("recovery"));
    let baseline = if after_marathon {
        "athlete: { baseline: { longest_run: 26.2mi } }\n"
    } else {
        ""
    };
    let mut yaml = format!(
        "title: {}\nlevel: {}\nunits: {}\n{baseline}weeks:\n",
        serde_json::to_string(name).unwrap_or_default(),
        level(&id, peak_week(weeks, units)),
        if units == "km" { "km" } else { "mi" }
    );
    for week in weeks {
        let days = week["workouts"]
            .as_array()
            .ok_or("a week without workouts")?;
        if days.len() != 7 {
            return Err(format!("{id}: a week of {} days", days.len()));
        }
        yaml.push_str("  - days:\n");
        for (day, w) in WEEKDAYS.iter().zip(days) {
            let title = w["title"].as_str().unwrap_or("");
            let distance = distance(&w["distance"]);
            has_distances |= distance.is_some_and(|(_, hi)| hi > 0.0);
            let text = day_text(title, distance, units);
            yaml.push_str(&format!(
                "      {day}: {}\n",
                serde_json::to_string(&text).unwrap_or_default()
            ));
        }
    }
    Ok(Converted {
        id,
        yaml,
        has_distances,
    })
}

const WEEKDAYS: [&str; 7] = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];

/// The level of the runner a plan is written for: novice when its name says so (novice,
/// beginner, level one), advanced from a peak week of 55 miles (88 km) on, intermediate between.
/// The mileage is what the plans' own descriptions give as their entry requirement: Pfitzinger's
/// 55 mi plans and Mee's Wind (55-65) and above are for runners with years of training.
fn level(id: &str, peak_miles: f64) -> &'static str {
    if ["nov", "beg", "level_one"].iter().any(|n| id.contains(n)) {
        "novice"
    } else if peak_miles >= 55.0 {
        "advanced"
    } else {
        "intermediate"
    }
}

/// The longest week's distance, in miles (the upper end of ranges).
fn peak_week(weeks: &[Value], units: &str) -> f64 {
    let per_mile = if units == "km" { 1.609 } else { 1.0 };
    weeks
        .iter()
        .map(|w| {
            w["workouts"].as_array().map_or(0.0, |days| {
                days.iter()
                    .filter_map(|d| distance(&d["distance"]))
                    .map(|(_, hi)| hi)
                    .sum::<f64>()
            })
        })
        .fold(0.0, f64::max)
        / per_mile
}

/// The workout's distance: a number or a `[lo, hi]` range.
fn distance(v: &Value) -> Option<(f64, f64)> {
    match v {
        Value::Number(n) => n.as_f64().map(|d| (d, d)),
        Value::Array(a) => {
            let lo = a.first()?.as_f64()?;
            let hi = a.get(1).and_then(Value::as_f64).unwrap_or(lo);
            Some((lo, hi))
        }
        _ => None,
    }
}

/// The Taper session type a workout's title names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Rest,
    Cross,
    Strength,
    Walk,
    Recovery,
    Easy,
    Long,
    Tempo,
    Threshold,
    Intervals,
    Hills,
    Fartlek,
    Race,
}

impl Kind {
    fn word(self) -> &'static str {
        match self {
            Kind::Rest => "rest",
            Kind::Cross => "cross",
            Kind::Strength => "strength",
            Kind::Walk => "walk",
            Kind::Recovery => "recovery",
            Kind::Easy => "easy",
            Kind::Long => "long",
            Kind::Tempo => "tempo",
            Kind::Threshold => "threshold",
            Kind::Intervals => "intervals",
            Kind::Hills => "hills",
            Kind::Fartlek => "fartlek",
            Kind::Race => "race",
        }
    }
}

/// The title lowercased, with the `{mi:km}` amounts taken out and × written as x.
fn words(title: &str) -> String {
    let mut out = String::new();
    let mut depth = 0;
    for c in title.to_lowercase().chars() {
        match c {
            '{' => {
                depth += 1;
                out.push(' ');
            }
            '}' => depth -= 1,
            _ if depth > 0 => {}
            '×' => out.push('x'),
            '₂' => out.push('2'),
            '\u{307}' => {}
            '\n' => out.push(' '),
            _ => out.push(c),
        }
    }
    out
}

/// Whether the title (as [`words`]) names a race.
fn is_race(t: &str, has_distance: bool) -> bool {
    let t = t.trim();
    let named_race = t
        .match_indices("race")
        .any(|(i, _)| !t[i + 4..].trim_start().starts_with("pace"));
    named_race
        || t.contains("time trial")
        || (t.starts_with("marathon")
            && !t.starts_with("marathon-pace")
            && !t.starts_with("marathon pace"))
        || t.starts_with("half marathon")
        || t.starts_with("second marathon")
        || t.starts_with("goal marathon")
        || (t.starts_with("plan ends") && has_distance)
}

/// The session type of a workout title.
pub fn kind(title: &str, has_distance: bool) -> Kind {
    let t = words(title);
    let t = t.trim();
    let has = |words: &[&str]| words.iter().any(|w| t.contains(w));
    if is_race(t, has_distance) {
        return Kind::Race;
    }
    if t.is_empty() && !has_distance {
        return Kind::Rest;
    }
    if ["rest", "off", "day off", "plan ends"]
        .iter()
        .any(|w| t.starts_with(w))
    {
        return Kind::Rest;
    }
    if has(&["cross", "bike", "swim", "elliptical"]) {
        return Kind::Cross;
    }
    if has(&["strength", "stretch"]) && !has(&["run", "mile", "@"]) {
        return Kind::Strength;
    }
    if t.contains("walk") && !has(&["jog", "run", "km", "%", " x "]) {
        return Kind::Walk;
    }
    // Strides and short hill sprints after an easy run do not make it a workout.
    let work = strip_accessories(t);
    let work = work.as_str();
    let wh = |words: &[&str]| words.iter().any(|w| work.contains(w));
    // Surges inside an easy run: "easy with 28 min of (1 min at ~95% 5k effort, 3 min easy)".
    if wh(&["min of ("]) {
        return Kind::Fartlek;
    }
    if wh(&["vo2", "vomax", "interval", "speed", "yasso"]) || repeats(work) {
        return if wh(&["hill", "uphill"]) {
            Kind::Hills
        } else {
            Kind::Intervals
        };
    }
    if wh(&["hill", "uphill"]) && !wh(&["rolling hills"]) {
        return Kind::Hills;
    }
    if wh(&[
        "lactate",
        "lt ",
        "lt pace",
        "threshold",
        "% 5k",
        "% 10k",
        "% hm",
    ]) || work.starts_with("lt")
    {
        return Kind::Threshold;
    }
    if wh(&["tempo"]) {
        return Kind::Tempo;
    }
    if wh(&[
        "marathon pace",
        "marathon-pace",
        " mp",
        "@ mp",
        "hmp",
        "% mp",
        "race pace",
        "pace",
        "dress rehearsal",
        " at hm",
        "goal mp",
    ]) {
        return Kind::Tempo;
    }
    if wh(&["fartlek", "kenyan", "moderate progressing to strong"])
        || (wh(&["progression"]) && !wh(&["long"]))
    {
        return Kind::Fartlek;
    }
    if wh(&["long", "endurance", "med-long", "medium-long"]) || bare(t) {
        return Kind::Long;
    }
    if wh(&["recovery", "very easy"]) {
        return Kind::Recovery;
    }
    Kind::Easy
}

/// The title without strides and hill sprints (`with 8 x 100 m strides`).
fn strip_accessories(t: &str) -> String {
    let mut out = t.to_string();
    if t.contains("stride") || t.contains("sprint") || t.contains("aerobic + speed") {
        // "+ speed" names strides or sprints (Pfitzinger: "general aerobic + speed" is a
        // general aerobic run with 8-10 x 100 m strides).
        out = out.replace("+ speed", " ");
    }
    for marker in ["stride", "sprint"] {
        while let Some(i) = out.find(marker) {
            // Back to the start of the clause: "with", "+", "," or "then".
            let head = &out[..i];
            let start = ["with", "+", ",", "then", "w/"]
                .iter()
                .filter_map(|m| head.rfind(m))
                .max()
                .unwrap_or(i);
            let end = out[i..].find([',', ';', '/']).map_or(out.len(), |e| i + e);
            out.replace_range(start..end, " ");
        }
    }
    out
}

/// Whether the title names repeats: `6 x 800 m`, `5 x 1 mi`, `8 x 3 min`.
fn repeats(t: &str) -> bool {
    t.match_indices(" x ").any(|(i, _)| {
        t[..i].trim_end().ends_with(|c: char| c.is_ascii_digit())
            && t[i + 3..]
                .trim_start()
                .starts_with(|c: char| c.is_ascii_digit() || c == '(')
    }) || t.contains("x (")
        || t.contains("x(")
}

/// A title that is only an amount (Higdon's weekend long runs: "{6:9.7}").
fn bare(t: &str) -> bool {
    t.chars()
        .all(|c| c.is_ascii_digit() || c.is_whitespace() || ".-()".contains(c))
}

/// The minutes a title states (`30 min tempo`, `Bike: 45 min`).
fn minutes(t: &str) -> Option<u32> {
    let t = words(t);
    let i = t.find(" min")?;
    let digits: String = t[..i]
        .chars()
        .rev()
        .take_while(|c| c.is_ascii_digit())
        .collect();
    let n: String = digits.chars().rev().collect();
    n.parse().ok().filter(|m| *m > 0)
}

/// A race distance the title names when the JSON gives none (Higdon's "5-K Race").
fn race_amount(title: &str) -> Option<&'static str> {
    let t = words(title);
    if t.contains("half marathon") {
        Some("half")
    } else if t.contains("marathon") {
        Some("marathon")
    } else if t.contains("15-k") || t.contains("15k") {
        Some("15km")
    } else if t.contains("10-k") || t.contains("10k") {
        Some("10km")
    } else if t.contains("5-k") || t.contains("5k") {
        Some("5km")
    } else {
        None
    }
}

fn num(x: f64) -> String {
    let s = format!("{x:.2}");
    s.trim_end_matches('0').trim_end_matches('.').to_string()
}

/// One day in Taper's compact syntax.
pub fn day_text(title: &str, distance: Option<(f64, f64)>, units: &str) -> String {
    let distance = distance.filter(|(_, hi)| *hi > 0.0);
    let k = kind(title, distance.is_some());
    let amount = |lo: f64, hi: f64| {
        let lo = if lo > 0.0 { lo } else { hi };
        if (hi - lo).abs() < 1e-9 {
            format!("{}{units}", num(hi))
        } else {
            format!("{}-{}{units}", num(lo), num(hi))
        }
    };
    match (k, distance) {
        (Kind::Rest, Some((lo, hi))) => format!("rest | easy {}", amount(lo, hi)),
        (Kind::Rest, None) => "rest".into(),
        (Kind::Cross | Kind::Strength | Kind::Walk, _) => match minutes(title) {
            Some(m) => format!("{} {m}min", k.word()),
            None => k.word().into(),
        },
        (_, Some((lo, hi))) => format!("{} {}", k.word(), amount(lo, hi)),
        (Kind::Race, None) => match race_amount(title) {
            Some(a) => format!("race {a}"),
            None => "race".into(),
        },
        (_, None) => match minutes(title) {
            Some(m) => format!("{} {m}min", k.word()),
            None => k.word().into(),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn titles_map_to_the_session_a_coach_would_read() {
        let cases = [
            ("{3:4.8} run", Kind::Easy),
            ("{6:9.7}", Kind::Long),
            ("Rest", Kind::Rest),
            ("Rest or cross-train", Kind::Rest),
            ("Cross", Kind::Cross),
            ("Med-long run {15:24}", Kind::Long),
            ("Endurance {16:26}", Kind::Long),
            (
                "General aerobic + speed {8:13} with 10 x 100 m strides",
                Kind::Easy,
            ),
            (
                "Gen-aerobic + speed {8} with 8 x 10 sec hill sprints + 8 x 100 m strides",
                Kind::Easy,
            ),
            (
                "Lactate threshold {10:16} with {5:8} at LT pace",
                Kind::Threshold,
            ),
            (
                "VO₂max {8:13} with 5 x 600 m at 5K race pace",
                Kind::Intervals,
            ),
            (
                "Marathon-pace run {16:26} with {12:19} at marathon pace",
                Kind::Tempo,
            ),
            ("8K-15K tune-up race (total {9-13:14-21})", Kind::Race),
            ("Race pace + speed {7:11}", Kind::Intervals),
            ("General aerobic + speed {7:11}", Kind::Easy),
            ("Marathon ({26.2:42.2})", Kind::Race),
            ("Plan Ends", Kind::Race),
            ("{5} Easy", Kind::Easy),
            ("Recovery {5:8}", Kind::Recovery),
            ("6 x hill", Kind::Hills),
            ("{4} pace", Kind::Tempo),
            ("30 min tempo", Kind::Tempo),
            (
                "{12-13:20-22} at 80% 5k through rolling hills",
                Kind::Threshold,
            ),
            ("{8-10:12-16} easy progressing to moderate", Kind::Easy),
            (
                "{6-8:10-12} easy with 28 min of (1 min at ~95% 5k effort, 3 min easy) in the middle",
                Kind::Fartlek,
            ),
            (
                "AM: 3-2-2-1 km at 86–88–90–92% 5k with 2 min walk / PM: 4–5 × 1.5 km",
                Kind::Intervals,
            ),
            ("{5-7:8-12} very easy", Kind::Recovery),
        ];
        for (title, want) in cases {
            assert_eq!(kind(title, true), want, "{title}");
        }
        assert_eq!(kind("Plan Ends", false), Kind::Rest);
        assert_eq!(
            day_text("Rest or {4-6:6-10} very easy", Some((0.0, 6.0)), "mi"),
            "rest | easy 6mi"
        );
        assert_eq!(day_text("5-K Race", Some((0.0, 0.0)), "mi"), "race 5km");
        assert_eq!(day_text("Bike: 45 min", None, "mi"), "cross 45min");
        assert_eq!(
            day_text("{5-6:8-10} easy", Some((5.0, 6.0)), "mi"),
            "easy 5-6mi"
        );
    }
}
