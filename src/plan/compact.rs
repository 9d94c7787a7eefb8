//! The compact day syntax: one line per day, the way coaches write sessions.
//!
//! ```text
//! day     := session (";" session)*            doubles: "easy 6km; strength 30min"
//! session := option ("|" option)*              alternatives: "rest | cross 40min bike @RPE3"
//! option  := TYPE [amount] [label] [target] ("+" block)* ["(" option ")"] ["\"note\""]
//! amount  := 10km | 6mi | 400m | 45min | 1h15 | 90s | 8-10km
//! target  := @RPE7 | @RPE6-7 | @Z2 | @4:45/km | @5:00-5:20/km | @T (a named pace)
//! block   := amount [target] [wu|cd|jog|label] | N x(block / block) | N x block
//! ```
//! Errors carry the character offset inside the day text so the caller can point at the exact
//! column in the file.

use super::units::{Units, parse_amount, parse_pace};
use super::{Session, SessionType, Step, StepKind, Target, Workout};
use crate::diagnostic::suggest;

/// A problem in a day string.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SyntaxError {
    /// Character offset inside the day text where the problem starts.
    pub offset: usize,
    /// What is wrong and what was expected.
    pub message: String,
    /// A suggested fix.
    pub help: Option<String>,
}

/// What the parser needs to know about the plan: the named paces it may refer to.
pub struct Context<'a> {
    /// Names defined under `paces:`.
    pub paces: &'a [&'a str],
}

/// Parses a whole day.
pub fn parse_day(text: &str, cx: &Context) -> Result<Vec<Session>, SyntaxError> {
    let mut p = Parser {
        chars: text.chars().collect(),
        pos: 0,
        cx,
    };
    let mut sessions = Vec::new();
    loop {
        sessions.push(p.session()?);
        p.skip_ws();
        match p.peek() {
            Some(';') => p.pos += 1,
            None => break,
            Some(c) => return Err(p.error_here(format!("unexpected `{c}`"), None)),
        }
    }
    Ok(sessions)
}

/// Parses one target written after `@` (`RPE7`, `Z2`, `4:45/km`, `T`). Returns the effort
/// separately from pace-like targets.
pub fn parse_target(body: &str, paces: &[&str]) -> Result<ParsedTarget, (String, Option<String>)> {
    let upper = body.to_ascii_uppercase();
    if let Some(rest) = upper.strip_prefix("RPE") {
        let (lo, hi) = parse_rpe(rest).map_err(|m| (m, None))?;
        return Ok(ParsedTarget::Rpe(lo, hi));
    }
    if upper.len() == 2
        && upper.starts_with('Z')
        && let Some(z) = upper[1..]
            .parse::<u8>()
            .ok()
            .filter(|z| (1..=5).contains(z))
    {
        return Ok(ParsedTarget::Target(Target::Zone { zone: z }));
    }
    if upper.len() >= 2
        && upper.starts_with('Z')
        && upper[1..].chars().all(|c| c.is_ascii_digit())
        && !paces.contains(&body)
    {
        return Err((
            format!("there is no zone `{body}`: zones run from Z1 to Z5"),
            Some("write @Z1 … @Z5, or an effort like @RPE7".into()),
        ));
    }
    if body.contains(':') || body.contains('/') {
        let (lo, hi) = parse_pace(body).map_err(|m| (m, None))?;
        let unit = if body.to_ascii_lowercase().ends_with("/mi") {
            Units::Mi
        } else {
            Units::Km
        };
        return Ok(ParsedTarget::Target(Target::Pace { lo, hi, unit }));
    }
    if paces.contains(&body) {
        return Ok(ParsedTarget::Target(Target::Named {
            name: body.to_string(),
        }));
    }
    let defined = if paces.is_empty() {
        "the plan defines no paces".to_string()
    } else {
        format!("defined paces are {}", paces.join(", "))
    };
    let help = match suggest(body, paces.iter().copied()) {
        Some(s) => Some(format!(
            "did you mean `@{s}`? Or add `{body}` under `paces:`"
        )),
        None => Some(format!(
            "define it under `paces:` (e.g. `{body}: {{ pace: 4:45/km, rpe: 7 }}`), or use @RPE7, @Z2 or @4:45/km"
        )),
    };
    Err((format!("unknown pace `@{body}`: {defined}"), help))
}

/// A target as parsed: an effort, or a pace/zone/named target.
#[derive(Debug, Clone, PartialEq)]
pub enum ParsedTarget {
    /// `@RPE7` or `@RPE6-7`.
    Rpe(f64, f64),
    /// Anything else.
    Target(Target),
}

/// Parses `7` or `6-7` on the CR-10 scale.
pub fn parse_rpe(text: &str) -> Result<(f64, f64), String> {
    let one = |s: &str| -> Result<f64, String> {
        let v: f64 = s.trim().parse().map_err(|_| {
            format!("`RPE{text}` is not an effort: write @RPE followed by 0-10, like @RPE7")
        })?;
        if !(0.0..=10.0).contains(&v) {
            return Err(format!(
                "RPE {s} is out of range: the CR-10 scale runs from 0 (rest) to 10 (maximal)"
            ));
        }
        Ok(v)
    };
    match text.split_once('-') {
        Some((a, b)) => {
            let (a, b) = (one(a)?, one(b)?);
            if a > b {
                return Err(format!(
                    "the effort range RPE{text} is upside down: write RPE{b}-{a}"
                ));
            }
            Ok((a, b))
        }
        None => {
            let v = one(text)?;
            Ok((v, v))
        }
    }
}

struct Parser<'a> {
    chars: Vec<char>,
    pos: usize,
    cx: &'a Context<'a>,
}

/// Characters that end a word or token.
fn is_stop(c: char) -> bool {
    c.is_whitespace() || matches!(c, ';' | '|' | '+' | '"' | '(' | ')' | '/' | '@')
}

impl Parser<'_> {
    fn peek(&self) -> Option<char> {
        self.chars.get(self.pos).copied()
    }

    fn skip_ws(&mut self) {
        while self.peek().is_some_and(char::is_whitespace) {
            self.pos += 1;
        }
    }

    fn error_at(&self, offset: usize, message: String, help: Option<String>) -> SyntaxError {
        SyntaxError {
            offset,
            message,
            help,
        }
    }

    fn error_here(&self, message: String, help: Option<String>) -> SyntaxError {
        self.error_at(self.pos, message, help)
    }

    /// A token up to the next stop character; `@` and `/` are allowed inside after the start
    /// when `pace_like` (for `4:45/km`).
    fn token(&mut self, pace_like: bool) -> (usize, String) {
        let start = self.pos;
        while let Some(c) = self.peek() {
            if c == '/' && pace_like {
                // `/km` and `/mi` belong to a pace; a spaced ` / ` separates steps.
                let rest: String = self.chars[self.pos + 1..].iter().take(2).collect();
                if rest.eq_ignore_ascii_case("km") || rest.eq_ignore_ascii_case("mi") {
                    self.pos += 3;
                    continue;
                }
                break;
            }
            if is_stop(c) {
                break;
            }
            self.pos += 1;
        }
        (start, self.chars[start..self.pos].iter().collect())
    }

    fn session(&mut self) -> Result<Session, SyntaxError> {
        let mut options = Vec::new();
        loop {
            let (first, extra) = self.option()?;
            options.push(first);
            options.extend(extra);
            self.skip_ws();
            if self.peek() == Some('|') {
                self.pos += 1;
            } else {
                break;
            }
        }
        Ok(Session { options })
    }

    /// One option, plus an optional parenthesised extra (`rest (walk 20min)`).
    fn option(&mut self) -> Result<(Workout, Option<Workout>), SyntaxError> {
        self.skip_ws();
        let (start, word) = self.token(false);
        if word.is_empty() {
            return Err(match self.peek() {
                None => self.error_here(
                    "expected a session type here".into(),
                    Some(format!("session types: {}", type_names())),
                ),
                Some(c) => self.error_here(
                    format!("expected a session type, found `{c}`"),
                    Some(format!("session types: {}", type_names())),
                ),
            });
        }
        let kind = match SessionType::parse(&word) {
            Some(k) => k,
            None => return Err(unknown_type(start, &word)),
        };
        let mut w = Workout::new(kind);
        let mut head = Head::default();
        let mut extra = None;
        loop {
            self.skip_ws();
            let at = self.pos;
            match self.peek() {
                None | Some(';') | Some('|') | Some(')') => break,
                Some('+') => {
                    self.pos += 1;
                    let step = self.block()?;
                    w.steps.push(step);
                }
                Some('"') => {
                    if w.notes.is_some() {
                        return Err(self.error_here(
                            "a session has one note".into(),
                            Some("put all of the note inside one pair of quotes".into()),
                        ));
                    }
                    w.notes = Some(self.quoted()?);
                }
                Some('(') => {
                    if extra.is_some() {
                        return Err(self.error_here(
                            "only one optional extra in parentheses per session".into(),
                            None,
                        ));
                    }
                    self.pos += 1;
                    let (mut inner, _) = self.option()?;
                    self.skip_ws();
                    if self.peek() != Some(')') {
                        return Err(
                            self.error_here("expected `)` to close the parenthesis".into(), None)
                        );
                    }
                    self.pos += 1;
                    inner.optional = true;
                    extra = Some(inner);
                }
                Some('@') => {
                    if !w.steps.is_empty() {
                        return Err(self.error_here(
                            "a target after the blocks: put it on the block it belongs to".into(),
                            None,
                        ));
                    }
                    self.target_into(&mut head, Some(&mut w.rpe))?;
                }
                Some(c) if c.is_ascii_digit() => {
                    if !w.steps.is_empty() {
                        return Err(self.error_here(
                            "an amount after the blocks: join it with `+`".into(),
                            Some("e.g. `long 16km @easy + 5km @MP`".into()),
                        ));
                    }
                    let (s, tok) = self.token(false);
                    if head.amount.is_some() {
                        return Err(self.error_at(s, format!("a second amount `{tok}`: a session has one amount"), Some("add a block with `+`, e.g. `easy 8km + 6x20s strides`, or write a range `8-10km`".into())));
                    }
                    if repeat_count(&tok).is_some() {
                        // `intervals 6x(800m @5K / 400m jog)`: a workout that is only a repeat.
                        self.pos = s;
                        let step = self.block()?;
                        w.steps.push(step);
                        continue;
                    }
                    head.amount = Some(parse_amount(&tok).map_err(|m| self.error_at(s, m, None))?);
                }
                Some('/') => {
                    return Err(self.error_here(
                        "`/` separates steps only inside a repeat like `3x(8min @T / 2min jog)`"
                            .into(),
                        None,
                    ));
                }
                Some(_) => {
                    let (_, tok) = self.token(false);
                    if tok.is_empty() {
                        return Err(self.error_at(at, "unexpected character".into(), None));
                    }
                    if !w.steps.is_empty() {
                        return Err(self.error_at(
                            at,
                            format!("`{tok}` after the blocks belongs to no block"),
                            Some(
                                "put it on its block (`+ 2km cd`) or in the note in double quotes"
                                    .into(),
                            ),
                        ));
                    }
                    head.push_label(tok);
                }
            }
        }
        // With blocks, the head's amount becomes the first step; the effort stays session-wide.
        if !w.steps.is_empty() && head.amount.is_some() {
            let (kind, cue) = step_kind_of(head.label.take());
            w.steps.insert(
                0,
                Step::Single {
                    kind,
                    amount: head.amount.take(),
                    target: head.target.take(),
                    cue,
                },
            );
        } else {
            w.amount = head.amount;
            w.target = head.target;
            w.label = head.label;
        }
        Ok((w, extra))
    }

    fn quoted(&mut self) -> Result<String, SyntaxError> {
        let start = self.pos;
        self.pos += 1;
        let mut s = String::new();
        loop {
            match self.peek() {
                None => {
                    return Err(self.error_at(
                        start,
                        "this note's quote is never closed".into(),
                        Some("end the note with `\"`".into()),
                    ));
                }
                Some('"') => {
                    self.pos += 1;
                    return Ok(s);
                }
                Some(c) => {
                    s.push(c);
                    self.pos += 1;
                }
            }
        }
    }

    /// Parses `@...` into the head (or step) target, or into the session effort.
    fn target_into(
        &mut self,
        head: &mut Head,
        rpe: Option<&mut Option<(f64, f64)>>,
    ) -> Result<(), SyntaxError> {
        let at = self.pos;
        self.pos += 1;
        let (_, body) = self.token(true);
        if body.is_empty() {
            return Err(self.error_at(
                at,
                "expected a target after `@`".into(),
                Some("e.g. @RPE7, @Z2, @4:45/km or a named pace like @T".into()),
            ));
        }
        match parse_target(&body, self.cx.paces) {
            Ok(ParsedTarget::Rpe(lo, hi)) => match rpe {
                Some(slot) => {
                    if slot.is_some() {
                        return Err(self.error_at(
                            at,
                            "a second effort: a session has one @RPE".into(),
                            None,
                        ));
                    }
                    *slot = Some((lo, hi));
                }
                None => {
                    if head.target.is_some() {
                        return Err(self.error_at(at, "a second target on one step".into(), None));
                    }
                    head.target = Some(Target::Rpe { lo, hi });
                }
            },
            Ok(ParsedTarget::Target(t)) => {
                if head.target.is_some() {
                    return Err(self.error_at(
                        at,
                        "a second target: one @target per step or session".into(),
                        None,
                    ));
                }
                head.target = Some(t);
            }
            Err((m, h)) => return Err(self.error_at(at, m, h)),
        }
        Ok(())
    }

    /// `amount [target] [cue]`, `N x (block / block ...)` or `N x block`.
    fn block(&mut self) -> Result<Step, SyntaxError> {
        self.skip_ws();
        let start = self.pos;
        let (s, tok) = self.token(false);
        if tok.is_empty() {
            return Err(self.error_here(
                "expected a block after `+`, like `2km cd` or `6x20s strides`".into(),
                None,
            ));
        }
        if let Some((times, rest)) = repeat_count(&tok) {
            if times == 0 || times > 100 {
                return Err(self.error_at(
                    s,
                    format!("{times} repeats is not a workout: use 1 to 100"),
                    None,
                ));
            }
            let steps = if rest.is_empty() {
                self.skip_ws();
                if self.peek() == Some('(') {
                    self.pos += 1;
                    let mut steps = vec![self.block_body(None)?];
                    loop {
                        self.skip_ws();
                        match self.peek() {
                            Some('/') => {
                                self.pos += 1;
                                let mut st = self.block_body(None)?;
                                if let Step::Single { kind, .. } = &mut st
                                    && *kind == StepKind::Work
                                {
                                    *kind = StepKind::Recover;
                                }
                                steps.push(st);
                            }
                            Some(')') => {
                                self.pos += 1;
                                break;
                            }
                            _ => {
                                return Err(self.error_here(
                                    "expected `/` or `)` in the repeat".into(),
                                    Some("write repeats as `3x(8min @T / 2min jog)`".into()),
                                ));
                            }
                        }
                    }
                    steps
                } else {
                    vec![self.block_body(None)?]
                }
            } else {
                // `6x20s strides`: the amount is glued to the count.
                let offset = start + tok.chars().count() - rest.chars().count();
                vec![self.block_body(Some((offset, rest.to_string())))?]
            };
            return Ok(Step::Repeat { times, steps });
        }
        self.pos = start;
        self.block_body(None)
    }

    /// `amount [target] [cue]` as one step.
    fn block_body(&mut self, glued: Option<(usize, String)>) -> Result<Step, SyntaxError> {
        self.skip_ws();
        let (at, tok) = match glued {
            Some(g) => g,
            None => {
                if self.peek() == Some('(') {
                    return Err(
                        self.error_here("nested parentheses need a count: `2x(...)`".into(), None)
                    );
                }
                self.token(false)
            }
        };
        if repeat_count(&tok).is_some() {
            // A nested repeat inside a repeat: `3x(2x400m @5K / 200m jog)`.
            self.pos = at;
            return self.block();
        }
        let amount = parse_amount(&tok).map_err(|m| {
            self.error_at(
                at,
                if tok.is_empty() {
                    "expected an amount like 2km or 8min".into()
                } else {
                    m
                },
                None,
            )
        })?;
        let mut head = Head {
            amount: Some(amount),
            ..Head::default()
        };
        loop {
            self.skip_ws();
            match self.peek() {
                Some('@') => self.target_into(&mut head, None)?,
                Some(c) if !is_stop(c) && !c.is_ascii_digit() => {
                    let (_, word) = self.token(false);
                    head.push_label(word);
                }
                _ => break,
            }
        }
        let (kind, cue) = step_kind_of(head.label);
        Ok(Step::Single {
            kind,
            amount: head.amount,
            target: head.target,
            cue,
        })
    }
}

#[derive(Default)]
struct Head {
    amount: Option<super::Amount>,
    target: Option<Target>,
    label: Option<String>,
}

impl Head {
    fn push_label(&mut self, word: String) {
        match &mut self.label {
            Some(l) => {
                l.push(' ');
                l.push_str(&word);
            }
            None => self.label = Some(word),
        }
    }
}

/// `wu`/`cd`/`jog`/`rest` name a step's kind; any other label is a cue on a work step.
fn step_kind_of(label: Option<String>) -> (StepKind, Option<String>) {
    match label.as_deref().map(str::to_ascii_lowercase).as_deref() {
        Some("wu") | Some("warmup") | Some("warm-up") => (StepKind::Warmup, None),
        Some("cd") | Some("cooldown") | Some("cool-down") => (StepKind::Cooldown, None),
        Some("jog") => (StepKind::Recover, Some("jog".into())),
        Some("rest") | Some("walk") => (StepKind::Rest, label),
        _ => (StepKind::Work, label),
    }
}

/// `6x`, `6x20s`, `6×` → (6, rest after the x).
fn repeat_count(tok: &str) -> Option<(u32, &str)> {
    let i = tok.find(|c: char| !c.is_ascii_digit())?;
    if i == 0 {
        return None;
    }
    let rest = &tok[i..];
    let after = rest
        .strip_prefix('x')
        .or_else(|| rest.strip_prefix('X'))
        .or_else(|| rest.strip_prefix('×'))?;
    // `6x20s` but not `6xl`: after the x comes nothing or a digit.
    if !after.is_empty() && !after.starts_with(|c: char| c.is_ascii_digit()) {
        return None;
    }
    Some((tok[..i].parse().ok()?, after))
}

fn type_names() -> String {
    SessionType::ALL
        .iter()
        .map(|t| t.name())
        .collect::<Vec<_>>()
        .join(", ")
}

fn unknown_type(offset: usize, word: &str) -> SyntaxError {
    let lower = word.to_ascii_lowercase();
    let help = if matches!(lower.as_str(), "off" | "none" | "no" | "free" | "-") {
        Some("write `rest`: a rest day is written down, not left out".to_string())
    } else {
        match suggest(word, SessionType::ALL.iter().map(|t| t.name())) {
            Some(s) => Some(format!(
                "did you mean `{s}`? session types: {}",
                type_names()
            )),
            None => Some(format!("session types: {}", type_names())),
        }
    };
    SyntaxError {
        offset,
        message: format!("unknown session type `{word}`"),
        help,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plan::Amount;
    use crate::plan::units::DistanceUnit;

    const PACES: &[&str] = &["easy", "MP", "T", "5K"];

    fn day(s: &str) -> Vec<Session> {
        parse_day(s, &Context { paces: PACES }).unwrap_or_else(|e| panic!("{s}: {e:?}"))
    }

    fn err(s: &str) -> SyntaxError {
        parse_day(s, &Context { paces: PACES }).expect_err(s)
    }

    fn km(x: f64) -> Option<Amount> {
        Some(Amount::Distance {
            lo: x * 1000.0,
            hi: x * 1000.0,
            unit: DistanceUnit::Km,
        })
    }

    #[test]
    fn rest() {
        let d = day("rest");
        assert_eq!(d.len(), 1);
        assert_eq!(d[0].options[0].kind, SessionType::Rest);
    }

    #[test]
    fn rest_with_optional_walk() {
        let d = day("rest (walk 20min)");
        let o = &d[0].options;
        assert_eq!(o.len(), 2);
        assert_eq!(o[1].kind, SessionType::Walk);
        assert!(o[1].optional);
        assert_eq!(o[1].amount.unwrap().mid(), 1200.0);
    }

    #[test]
    fn easy_with_strides() {
        let w = &day("easy 8km @easy + 6x20s strides")[0].options[0];
        assert_eq!(w.amount, None);
        assert_eq!(w.steps.len(), 2);
        assert_eq!(
            w.steps[0],
            Step::Single {
                kind: StepKind::Work,
                amount: km(8.0),
                target: Some(Target::Named {
                    name: "easy".into()
                }),
                cue: None
            }
        );
        match &w.steps[1] {
            Step::Repeat { times: 6, steps } => match &steps[0] {
                Step::Single { amount, cue, .. } => {
                    assert_eq!(amount.unwrap().mid(), 20.0);
                    assert_eq!(cue.as_deref(), Some("strides"));
                }
                s => panic!("{s:?}"),
            },
            s => panic!("{s:?}"),
        }
    }

    #[test]
    fn tempo_with_effort() {
        let w = &day("tempo 10km @RPE7")[0].options[0];
        assert_eq!(w.amount, km(10.0));
        assert_eq!(w.rpe, Some((7.0, 7.0)));
    }

    #[test]
    fn threshold_structure() {
        let w = &day("threshold 2km wu + 3x(8min @T / 2min jog) + 2km cd")[0].options[0];
        assert_eq!(w.steps.len(), 3);
        assert!(matches!(
            w.steps[0],
            Step::Single {
                kind: StepKind::Warmup,
                ..
            }
        ));
        assert!(matches!(
            w.steps[2],
            Step::Single {
                kind: StepKind::Cooldown,
                ..
            }
        ));
        match &w.steps[1] {
            Step::Repeat { times: 3, steps } => {
                assert_eq!(steps.len(), 2);
                assert!(
                    matches!(&steps[0], Step::Single { kind: StepKind::Work, target: Some(Target::Named { name }), .. } if name == "T")
                );
                assert!(matches!(
                    &steps[1],
                    Step::Single {
                        kind: StepKind::Recover,
                        ..
                    }
                ));
            }
            s => panic!("{s:?}"),
        }
    }

    #[test]
    fn intervals_structure() {
        let w = &day("intervals 2km wu + 6x(800m @5K / 400m jog) + 2km cd")[0].options[0];
        assert!(matches!(w.steps[1], Step::Repeat { times: 6, .. }));
    }

    #[test]
    fn long_with_marathon_pace_finish() {
        let w = &day("long 16km @easy + 5km @MP")[0].options[0];
        assert_eq!(w.steps.len(), 2);
    }

    #[test]
    fn alternatives() {
        let s = &day("rest | cross 40min bike @RPE3")[0];
        assert_eq!(s.options.len(), 2);
        let c = &s.options[1];
        assert_eq!(c.kind, SessionType::Cross);
        assert_eq!(c.label.as_deref(), Some("bike"));
        assert_eq!(c.rpe, Some((3.0, 3.0)));
    }

    #[test]
    fn race_with_note() {
        let w = &day("race 10km @RPE9 \"Parkrun\"")[0].options[0];
        assert_eq!(w.notes.as_deref(), Some("Parkrun"));
        assert_eq!(w.rpe, Some((9.0, 9.0)));
    }

    #[test]
    fn distance_range() {
        let w = &day("easy 8-10km")[0].options[0];
        assert!(w.amount.unwrap().is_range());
    }

    #[test]
    fn doubles() {
        let d = day("easy 6km; strength 30min");
        assert_eq!(d.len(), 2);
        assert_eq!(d[1].options[0].kind, SessionType::Strength);
    }

    #[test]
    fn pace_and_zone_targets() {
        let w = &day("tempo 8km @4:45/km")[0].options[0];
        assert_eq!(
            w.target,
            Some(Target::Pace {
                lo: 285.0,
                hi: 285.0,
                unit: Units::Km
            })
        );
        let w = &day("easy 45min @Z2")[0].options[0];
        assert_eq!(w.target, Some(Target::Zone { zone: 2 }));
        let w = &day("tempo 6km @5:00-5:20/km")[0].options[0];
        assert_eq!(
            w.target,
            Some(Target::Pace {
                lo: 300.0,
                hi: 320.0,
                unit: Units::Km
            })
        );
        let w = &day("tempo 30min @RPE6-7")[0].options[0];
        assert_eq!(w.rpe, Some((6.0, 7.0)));
    }

    #[test]
    fn errors_point_at_the_problem() {
        let e = err("tempoo 10km");
        assert_eq!(e.offset, 0);
        assert!(e.help.unwrap().contains("did you mean `tempo`"));

        let e = err("tempo 10km @RPE14");
        assert_eq!(e.offset, 11);
        assert!(e.message.contains("out of range"));

        let e = err("threshold 3x(8min @TT / 2min jog)");
        assert_eq!(e.offset, 18, "{}", e.message);

        let e = err("threshold 2km wu + 3x(8min @TT / 2min jog)");
        assert_eq!(e.offset, 27);
        assert_eq!(
            e.message,
            "unknown pace `@TT`: defined paces are easy, MP, T, 5K"
        );
        assert!(e.help.unwrap().contains("`@T`"));

        let e = err("easy 10-8km");
        assert_eq!(e.offset, 5);
        assert!(e.message.contains("upside down"));

        let e = err("easy 8km \"flat");
        assert_eq!(e.offset, 9);

        let e = err("off");
        assert!(e.help.unwrap().contains("write `rest`"));

        let e = err("easy 8 km");
        assert!(e.message.contains("no unit"), "{}", e.message);

        let e = err("");
        assert!(e.message.contains("expected a session type"));
    }

    #[test]
    fn nested_repeats() {
        let w = &day("intervals 2km wu + 3x(4x400m @5K / 200m jog) + 2km cd")[0].options[0];
        match &w.steps[1] {
            Step::Repeat { times: 3, steps } => {
                assert!(matches!(steps[0], Step::Repeat { times: 4, .. }))
            }
            s => panic!("{s:?}"),
        }
    }
}
