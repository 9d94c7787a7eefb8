//! The compact day syntax: one line per day, the way coaches write sessions.
//!
//! ```text
//! day     := session (";" session)*            doubles: "easy 6km; strength 30min"
//! session := option ("|" option)*              alternatives: "rest | cross 40min bike @RPE3"
//! option  := TYPE [amount] [label] [target] ("+" block)* ["(" option ")"] ["\"note\""]
//! amount  := 10km | 6mi | 400m | 45min | 1h15 | 90s | 8-10km | half | marathon (race only)
//! target  := @RPE7 | @RPE6-7 | @Z2 | @4:45/km | @5:00-5:20/km | @T (a named pace)
//! block   := amount [target] [wu|cd|jog|label] | N x(block / block) | N x block
//! ```
//! Errors carry the character offset inside the day text so the caller can point at the exact
//! column in the file.
//!
//! Besides the grammar, a day must mean what it says: a token that starts like an amount (a
//! sign, a digit, a fraction) is never a label; amounts and paces stay within what a person can
//! run (`units`); a `rest` holds no training and its optional extra is rest-like; with blocks,
//! an `@RPE` written after the first amount is that block's effort.

use super::totals::Resolver;
use super::units::{
    Invalid, Units, fraction_value, parse_amount, parse_pace, race_distance, too_small_for_a_block,
    too_small_for_a_session,
};
use super::{
    REST_LIKE_MAX_RPE, REST_LIKE_MAX_SECONDS, Session, SessionType, Step, StepKind, Target, Workout,
};
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
    sessions.shrink_to_fit();
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
        // A suggested pace is written as a target, `@5:00-6:00/km`.
        let (lo, hi) = parse_pace(body).map_err(|e| {
            (
                e.message,
                e.help.map(|h| h.replacen("write `", "write `@", 1)),
            )
        })?;
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

/// Parses `7`, `6.5` or `6-7` on the CR-10 scale: whole numbers or one decimal, so every
/// effort prints back as written.
pub fn parse_rpe(text: &str) -> Result<(f64, f64), String> {
    let one = |s: &str| -> Result<f64, String> {
        let s = s.trim();
        let (whole, decimals) = s.split_once('.').unwrap_or((s, "0"));
        let digits = |x: &str| !x.is_empty() && x.chars().all(|c| c.is_ascii_digit());
        if !digits(whole) || !digits(decimals) || decimals.len() > 1 {
            return Err(format!(
                "`RPE{text}` is not an effort: write @RPE and 0-10, whole or with one decimal, like @RPE7 or @RPE6.5"
            ));
        }
        let v: f64 = s
            .parse()
            .map_err(|_| format!("`RPE{text}` is not an effort: write @RPE7 or @RPE6.5"))?;
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

/// Whether a token starting with `c` reads as an amount (`5km`, `-5km`, `.5km`, `½km`): such a
/// token is parsed as one, and never taken for a label.
fn starts_like_amount(c: char) -> bool {
    c.is_ascii_digit() || matches!(c, '-' | '\u{2212}' | '.') || fraction_value(c).is_some()
}

/// Where the parts of one option are written, for errors about what they mean together.
#[derive(Default)]
struct Spans {
    kind: usize,
    amount: Option<usize>,
    label: Option<usize>,
    target: Option<usize>,
    rpe: Option<usize>,
    blocks: Option<usize>,
}

mod block;
mod contradiction;
mod option;
#[cfg(test)]
mod tests;

pub use contradiction::{Contradiction, rest_contradiction};

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

    fn invalid_at(&self, offset: usize, e: Invalid) -> SyntaxError {
        self.error_at(offset, e.message, e.help)
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
            let (first, extra) = self.option(false)?;
            options.push(first);
            options.extend(extra);
            self.skip_ws();
            if self.peek() == Some('|') {
                self.pos += 1;
            } else {
                break;
            }
        }
        // Every plan's sessions stay in memory for the whole build, and a vector's first push
        // reserves four: at 1 000 plans that was 49 MB of the peak (354 -> 305 MB) holding
        // nothing. Each vector is shrunk where it is finished (steps in `option` and `block`).
        options.shrink_to_fit();
        Ok(Session { options })
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

#[derive(Default)]
struct Head {
    amount: Option<crate::plan::Amount>,
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
