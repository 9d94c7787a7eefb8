//! Text with the numbers a reader can change left as marks, for the plan page's script.
//!
//! A reader who picks miles or their own paces sees every pace and distance of the plan page
//! (and of the calendar the page makes) in their choice. The build cannot know the choice, so
//! where text holds such a number it also gives the page the same text with the number marked:
//! [`pace`] for a pace (with the name it was written under, so a reader's own pace for that name
//! can replace it) and [`distance`] for a total distance. [`parts`] splits a marked text into the
//! JSON the script reads; [`render`] is the Rust twin of the script's formatting, so a test can
//! hold that a marked text rendered in the plan's units is the text the page shows.
//!
//! Not for analysis: loads, findings and their messages stay in the coach's units.

use serde::Serialize;

use super::units::{Units, human_distance, human_pace};

const PACE: char = '\u{E000}';
const DISTANCE: char = '\u{E001}';
const SEP: char = '\u{E002}';
const END: char = '\u{E003}';

/// A pace range (seconds per km, fast end first), `None` when the named pace has no value;
/// `name` is the pace's name when it was written `@T`.
pub fn pace(range: Option<(f64, f64)>, name: Option<&str>) -> String {
    let (lo, hi) = range.map_or((String::new(), String::new()), |(lo, hi)| {
        (lo.to_string(), hi.to_string())
    });
    format!("{PACE}{lo}{SEP}{hi}{SEP}{}{END}", name.unwrap_or(""))
}

/// A distance in metres, shown like [`human_distance`].
pub fn distance(metres: f64) -> String {
    format!("{DISTANCE}{metres}{END}")
}

/// One piece of a marked text.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(untagged)]
pub enum Part {
    /// Text as it is.
    Text(String),
    /// A pace: `p` is the range in seconds per km (absent for a named pace without a value),
    /// `n` the name it was written under.
    Pace {
        #[serde(skip_serializing_if = "Option::is_none")]
        p: Option<[f64; 2]>,
        #[serde(skip_serializing_if = "Option::is_none")]
        n: Option<String>,
    },
    /// A distance in metres.
    Distance { d: f64 },
}

/// Whether `text` holds a mark.
pub fn is_marked(text: &str) -> bool {
    text.contains([PACE, DISTANCE])
}

/// Splits a marked text into its parts.
pub fn parts(text: &str) -> Vec<Part> {
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(i) = rest.find([PACE, DISTANCE]) {
        if i > 0 {
            out.push(Part::Text(rest[..i].to_string()));
        }
        let kind = rest[i..].chars().next().unwrap_or(PACE);
        let body_start = i + kind.len_utf8();
        let Some(len) = rest[body_start..].find(END) else {
            out.push(Part::Text(rest[i..].to_string()));
            return out;
        };
        let body = &rest[body_start..body_start + len];
        rest = &rest[body_start + len + END.len_utf8()..];
        if kind == DISTANCE {
            out.push(Part::Distance {
                d: body.parse().unwrap_or(0.0),
            });
            continue;
        }
        let mut f = body.split(SEP);
        let (lo, hi, name) = (
            f.next().unwrap_or(""),
            f.next().unwrap_or(""),
            f.next().unwrap_or(""),
        );
        out.push(Part::Pace {
            p: lo.parse().ok().zip(hi.parse().ok()).map(|(a, b)| [a, b]),
            n: (!name.is_empty()).then(|| name.to_string()),
        });
    }
    if !rest.is_empty() {
        out.push(Part::Text(rest.to_string()));
    }
    out
}

/// A pace range for a reader: `4:45/km`, `5:00–5:20/km`.
pub fn pace_range(lo: f64, hi: f64, units: Units) -> String {
    if lo == hi {
        human_pace(lo, units)
    } else {
        let a = human_pace(lo, units);
        let b = human_pace(hi, units);
        format!("{}–{}", a.split('/').next().unwrap_or(&a), b)
    }
}

/// A marked text and the plan's units: the text the page shows. Cheaper than describing the
/// session again in `units` (a text without marks is the same text).
pub fn plain(marked: &str, units: Units) -> String {
    if is_marked(marked) {
        render(marked, units)
    } else {
        marked.to_string()
    }
}

/// A marked text as a reader sees it in `units`: what the page's script does with no
/// personal paces.
pub fn render(text: &str, units: Units) -> String {
    parts(text)
        .into_iter()
        .map(|p| match p {
            Part::Text(t) => t,
            Part::Distance { d } => human_distance(d, units),
            Part::Pace { p, n } => match (p, n) {
                (Some([lo, hi]), Some(n)) => format!("{n} {}", pace_range(lo, hi, units)),
                (Some([lo, hi]), None) => pace_range(lo, hi, units),
                (None, n) => n.unwrap_or_default(),
            },
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn marks_split_and_render() {
        let t = format!(
            "Tempo {} then {} and {}.",
            pace(Some((285.0, 300.0)), Some("T")),
            pace(Some((300.0, 300.0)), None),
            distance(12_345.6)
        );
        assert!(is_marked(&t));
        assert_eq!(
            render(&t, Units::Km),
            "Tempo T 4:45–5:00/km then 5:00/km and 12.3 km."
        );
        assert_eq!(
            render(&t, Units::Mi),
            "Tempo T 7:39–8:03/mi then 8:03/mi and 7.7 mi."
        );
        let json = serde_json::to_string(&parts(&t)).unwrap();
        assert_eq!(
            json,
            r#"["Tempo ",{"p":[285.0,300.0],"n":"T"}," then ",{"p":[300.0,300.0]}," and ",{"d":12345.6},"."]"#
        );
        assert_eq!(render(&pace(None, Some("MP")), Units::Km), "MP");
        assert!(!is_marked("plain"));
        assert_eq!(parts("plain"), vec![Part::Text("plain".into())]);
    }
}
