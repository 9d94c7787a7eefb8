//! Sessions back into words: readable text for plan pages and the compact syntax (for
//! round-trips and `taper plan`).

use super::marks;
use super::units::{Amount, Units, num};
use super::{NamedPace, Session, Step, StepKind, Target, Workout};

/// How paces print: in units for a reader, or marked for the plan page's script
/// ([`marks`]), which prints them in the reader's units and paces.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Style {
    /// `4:45/km`.
    Units(Units),
    /// A [`marks::pace`].
    Marked,
}

impl From<Units> for Style {
    fn from(u: Units) -> Style {
        Style::Units(u)
    }
}

/// Text of a target for a reader: `T 4:45/km`, `Z2`, `RPE 2`, `5:00–5:20/km`.
pub fn target_text(t: &Target, paces: &[NamedPace], style: impl Into<Style>) -> String {
    let style = style.into();
    match t {
        Target::Zone { zone } => format!("Z{zone}"),
        Target::Rpe { lo, hi } => rpe_text(*lo, *hi),
        Target::Pace { lo, hi, .. } => match style {
            Style::Units(u) => marks::pace_range(*lo, *hi, u),
            Style::Marked => marks::pace(Some((*lo, *hi)), None),
        },
        Target::Named { name } => {
            let value = paces.iter().find(|p| &p.name == name).and_then(|p| p.pace);
            match (style, value) {
                (Style::Marked, v) => marks::pace(v, Some(name)),
                (Style::Units(u), Some((lo, hi))) => {
                    format!("{name} {}", marks::pace_range(lo, hi, u))
                }
                (Style::Units(_), None) => name.clone(),
            }
        }
    }
}

/// `RPE 7` or `RPE 6–7`.
pub fn rpe_text(lo: f64, hi: f64) -> String {
    if lo == hi {
        format!("RPE {}", num(lo))
    } else {
        format!("RPE {}–{}", num(lo), num(hi))
    }
}

fn step_text(s: &Step, paces: &[NamedPace], units: Style) -> String {
    match s {
        Step::Repeat { times, steps } => {
            let inner: Vec<String> = steps.iter().map(|s| step_text(s, paces, units)).collect();
            if inner.len() == 1 {
                format!("{times} × {}", inner[0])
            } else {
                format!("{times} × ({})", inner.join(" · "))
            }
        }
        Step::Single {
            kind,
            amount,
            target,
            cue,
        } => {
            let mut parts = Vec::new();
            if let Some(a) = amount {
                parts.push(a.human());
            }
            match kind {
                StepKind::Warmup => parts.push("warm-up".into()),
                StepKind::Cooldown => parts.push("cool-down".into()),
                StepKind::Rest if cue.is_none() => parts.push("rest".into()),
                StepKind::Recover if cue.is_none() => parts.push("recovery".into()),
                _ => {}
            }
            if let Some(c) = cue {
                parts.push(c.clone());
            }
            if let Some(t) = target {
                parts.push(format!("@ {}", target_text(t, paces, units)));
            }
            parts.join(" ")
        }
    }
}

/// The structure of a workout for a reader, without its type: `2 km warm-up · 3 × (8 min @ T
/// 4:45/km · 2 min jog) · 2 km cool-down`, or `8 km @ RPE 3`.
pub fn detail(w: &Workout, paces: &[NamedPace], units: impl Into<Style>) -> String {
    let units = units.into();
    let mut parts = Vec::new();
    if w.steps.is_empty() {
        if let Some(a) = &w.amount {
            parts.push(a.human());
        }
        if let Some(l) = &w.label {
            parts.push(l.clone());
        }
        if let Some(t) = &w.target {
            parts.push(format!("@ {}", target_text(t, paces, units)));
        }
    } else {
        if let Some(l) = &w.label {
            parts.push(l.clone());
        }
        if let Some(t) = &w.target {
            parts.push(format!("@ {}", target_text(t, paces, units)));
        }
        let steps: Vec<String> = w.steps.iter().map(|s| step_text(s, paces, units)).collect();
        parts.push(steps.join(" · "));
    }
    if let Some((lo, hi)) = w.rpe {
        parts.push(format!("({})", rpe_text(lo, hi)));
    }
    parts.join(" ")
}

/// A whole workout for a reader: `Tempo run 10 km (RPE 7)`.
pub fn workout_text(w: &Workout, paces: &[NamedPace], units: impl Into<Style>) -> String {
    with_type(w, &detail(w, paces, units))
}

/// A workout's [`detail`] after its type.
fn with_type(w: &Workout, detail: &str) -> String {
    if detail.is_empty() {
        w.kind.label().to_string()
    } else {
        format!("{} {detail}", w.kind.label())
    }
}

/// A session with its alternatives: `Rest or Cross-training 40 min bike (RPE 3)`.
pub fn session_text(s: &Session, paces: &[NamedPace], units: impl Into<Style>) -> String {
    let units = units.into();
    let details: Vec<String> = s.options.iter().map(|w| detail(w, paces, units)).collect();
    session_text_of(s, &details)
}

/// [`session_text`] from each option's [`detail`], for a caller that has them already.
pub fn session_text_of(s: &Session, details: &[String]) -> String {
    let mut out = String::new();
    for (i, (w, d)) in s.options.iter().zip(details).enumerate() {
        let t = with_type(w, d);
        if w.optional {
            out.push_str(&format!(" (optional: {})", lower_first(&t)));
        } else if i == 0 {
            out.push_str(&t);
        } else {
            out.push_str(&format!(" or {}", lower_first(&t)));
        }
    }
    out
}

/// Which of a session's totals its [`session_text`] already says, so what follows the text
/// need not say them again (`Easy run 8 km (RPE 3)`: the distance and the effort). Only a
/// session of one option without steps says an amount that is the whole session's.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Said {
    /// Its one distance (not a range).
    pub distance: bool,
    /// Its one duration (not a range).
    pub duration: bool,
    /// Its effort, as written (one value or a range).
    pub rpe: bool,
    /// Anything besides its type, one amount and one effort: a label, a target, a range,
    /// steps, alternatives.
    pub more: bool,
}

impl Said {
    pub fn of(s: &Session) -> Said {
        let [w] = s.options.as_slice() else {
            return Said {
                more: true,
                ..Said::default()
            };
        };
        if !w.steps.is_empty() {
            return Said {
                more: true,
                ..Said::default()
            };
        }
        let (distance, duration, ranged) = match &w.amount {
            Some(Amount::Distance { lo, hi, .. }) => (lo == hi, false, lo != hi),
            Some(Amount::Duration { lo, hi }) => (false, lo == hi, lo != hi),
            None => (false, false, false),
        };
        let rpe_ranged = w.rpe.is_some_and(|(lo, hi)| lo != hi);
        Said {
            distance,
            duration,
            rpe: w.rpe.is_some(),
            more: ranged || rpe_ranged || w.label.is_some() || w.target.is_some(),
        }
    }
}

fn lower_first(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_lowercase().chain(c).collect(),
        None => String::new(),
    }
}

fn target_compact(t: &Target) -> String {
    match t {
        Target::Zone { zone } => format!("@Z{zone}"),
        Target::Rpe { lo, hi } => {
            if lo == hi {
                format!("@RPE{}", num(*lo))
            } else {
                format!("@RPE{}-{}", num(*lo), num(*hi))
            }
        }
        Target::Pace { lo, hi, unit } => {
            let p = |x: f64| {
                let s = (x * unit.metres() / 1000.0).round() as i64;
                format!("{}:{:02}", s / 60, s % 60)
            };
            if lo == hi {
                format!("@{}/{}", p(*lo), unit.label())
            } else {
                format!("@{}-{}/{}", p(*lo), p(*hi), unit.label())
            }
        }
        Target::Named { name } => format!("@{name}"),
    }
}

fn step_compact(s: &Step, inside_repeat: bool) -> String {
    match s {
        Step::Repeat { times, steps } => {
            let inner: Vec<String> = steps.iter().map(|s| step_compact(s, true)).collect();
            if inner.len() == 1 && !inner[0].contains(' ') {
                format!("{times}x{}", inner[0])
            } else {
                format!("{times}x({})", inner.join(" / "))
            }
        }
        Step::Single {
            kind,
            amount,
            target,
            cue,
        } => {
            let mut parts = Vec::new();
            if let Some(a) = amount {
                parts.push(a.compact());
            }
            if let Some(t) = target {
                parts.push(target_compact(t));
            }
            match (kind, cue) {
                (StepKind::Warmup, _) => parts.push("wu".into()),
                (StepKind::Cooldown, _) => parts.push("cd".into()),
                (_, Some(c)) => parts.push(c.clone()),
                (StepKind::Recover, None) if !inside_repeat => parts.push("jog".into()),
                (StepKind::Rest, None) => parts.push("rest".into()),
                _ => {}
            }
            parts.join(" ")
        }
    }
}

/// The workout in compact syntax, when it can be written that way.
pub fn workout_compact(w: &Workout) -> String {
    let mut parts = vec![w.kind.name().to_string()];
    if let (true, Some(a)) = (w.steps.is_empty(), &w.amount) {
        parts.push(a.compact());
    }
    // With steps, a label or target stays on the session only when the first step is a
    // repeat (`easy bike @Z2 + …` is not that); either way it is written before the steps.
    if let Some(l) = &w.label {
        parts.push(l.clone());
    }
    if let Some(t) = &w.target {
        parts.push(target_compact(t));
    }
    if let Some(r) = w.rpe {
        parts.push(target_compact(&Target::Rpe { lo: r.0, hi: r.1 }));
    }
    let mut s = parts.join(" ");
    for (i, step) in w.steps.iter().enumerate() {
        let text = step_compact(step, false);
        // The first step is written as the session's head (`threshold 2km wu + …`, `easy 5km
        // @RPE3 + 2km @RPE9`) when it reads back the same: other steps follow and the session
        // has no label or target of its own (an `@RPE` after the head's amount is the step's).
        let as_head = w.steps.len() > 1
            && w.label.is_none()
            && w.target.is_none()
            && matches!(step, Step::Single { .. });
        if i == 0 && (as_head || matches!(step, Step::Repeat { .. })) {
            s.push(' ');
        } else {
            s.push_str(" + ");
        }
        s.push_str(&text);
    }
    if let Some(n) = &w.notes {
        s.push_str(&format!(" \"{n}\""));
    }
    s
}

/// A day's sessions in compact syntax.
pub fn sessions_compact(sessions: &[Session]) -> String {
    sessions
        .iter()
        .map(|s| {
            let mut out = String::new();
            for (i, w) in s.options.iter().enumerate() {
                if w.optional {
                    out.push_str(&format!(" ({})", workout_compact(w)));
                } else {
                    if i > 0 {
                        out.push_str(" | ");
                    }
                    out.push_str(&workout_compact(w));
                }
            }
            out
        })
        .collect::<Vec<_>>()
        .join("; ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plan::test_support::{paces, parse};

    #[test]
    fn reads_like_a_coach() {
        let p = paces();
        let s = parse("threshold 2km wu + 3x(8min @T / 2min jog) + 2km cd");
        assert_eq!(
            session_text(&s[0], &p, Units::Km),
            "Threshold 2 km warm-up · 3 × (8 min @ T 4:45/km · 2 min jog) · 2 km cool-down"
        );
        let s = parse("rest | cross 40min bike @RPE3");
        assert_eq!(
            session_text(&s[0], &p, Units::Km),
            "Rest or cross-training 40 min bike (RPE 3)"
        );
        let s = parse("rest (walk 20min)");
        assert_eq!(
            session_text(&s[0], &p, Units::Km),
            "Rest (optional: walk 20 min)"
        );
        let s = parse("easy 8-10km @easy");
        assert_eq!(
            session_text(&s[0], &p, Units::Km),
            "Easy run 8–10 km @ easy 6:00–6:30/km"
        );
    }

    #[test]
    fn marked_text_renders_as_the_plain_text() {
        let p = paces();
        for text in [
            "threshold 2km wu + 3x(8min @T / 2min jog) + 2km cd",
            "easy 8-10km @easy + 6x20s strides",
            "tempo 6km @5:00-5:20/km",
            "long 16km @easy + 5km @MP",
            "rest | cross 40min bike @RPE3",
        ] {
            let s = parse(text);
            let marked = session_text(&s[0], &p, Style::Marked);
            assert_eq!(
                marks::is_marked(&marked),
                text.contains('@') && !text.contains("RPE")
            );
            for u in [Units::Km, Units::Mi] {
                assert_eq!(marks::render(&marked, u), session_text(&s[0], &p, u));
                assert_eq!(
                    marks::render(&detail(&s[0].options[0], &p, Style::Marked), u),
                    detail(&s[0].options[0], &p, u)
                );
            }
        }
    }

    #[test]
    fn compact_round_trips() {
        for text in [
            "rest",
            "rest (walk 20min)",
            "easy 8km @easy + 6x20s strides",
            "tempo 10km @RPE7",
            "threshold 2km wu + 3x(8min @T / 2min jog) + 2km cd",
            "intervals 2km wu + 6x(800m @5K / 400m jog) + 2km cd",
            "long 16km @easy + 5km @MP",
            "rest | cross 40min bike @RPE3",
            "race 10km @RPE9 \"Parkrun\"",
            "easy 8-10km",
            "easy 6km; strength 30min",
            "tempo 6km @5:00-5:20/km",
            "easy 45min @Z2",
            "intervals 6x(400m @5K / 90s rest)",
            "easy 5km @RPE3 + 2km @RPE9",
            "easy @RPE3 5km + 2km @RPE9",
            "easy @RPE3 8km @easy + 6x20s strides",
            "race half @RPE9",
            "race marathon",
            "rest 30min @RPE1 (walk 20min @RPE2)",
        ] {
            let model = parse(text);
            let back = sessions_compact(&model);
            assert_eq!(parse(&back), model, "{text} -> {back}");
        }
    }

    #[test]
    fn block_efforts_print_where_they_were_written() {
        let p = paces();
        let s = parse("easy 5km @RPE3 + 2km @RPE9");
        assert_eq!(sessions_compact(&s), "easy 5km @RPE3 + 2km @RPE9");
        assert_eq!(
            session_text(&s[0], &p, Units::Km),
            "Easy run 5 km @ RPE 3 · 2 km @ RPE 9"
        );
        let s = parse("race half");
        assert_eq!(sessions_compact(&s), "race half");
        assert_eq!(session_text(&s[0], &p, Units::Km), "Race 21.1 km");
    }
}
