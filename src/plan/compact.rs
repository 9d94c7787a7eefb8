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

/// What a `rest` (or the rest-like extra of a rest day) may not hold.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Contradiction {
    /// The session's type is not rest, walk or mobility.
    Kind,
    /// A distance, or a duration over the rest-like limit.
    Amount,
    /// A pace, zone or named target.
    Target,
    /// An effort above the rest-like limit.
    Effort,
    /// Blocks (`+ …`).
    Blocks,
}

/// Why a `rest` contradicts itself, if it does: a rest covers no distance, lasts at most 45
/// minutes, has no pace and no blocks, and is at most RPE 2. Shared with the map form.
pub fn rest_contradiction(w: &Workout) -> Option<(Contradiction, String, String)> {
    if w.kind != SessionType::Rest {
        return None;
    }
    let example = match w.amount {
        Some(a @ super::Amount::Distance { .. }) => format!("`easy {}`", a.compact()),
        Some(a) => format!("`cross {}`", a.compact()),
        None => "`easy 8km`".to_string(),
    };
    let training = format!(
        "write the training as its type ({example}), or an optional walk as `rest (walk 20min)`"
    );
    if !w.steps.is_empty() {
        return Some((
            Contradiction::Blocks,
            "a rest has no blocks: blocks are training".into(),
            training,
        ));
    }
    match w.amount {
        Some(a @ super::Amount::Distance { .. }) => {
            return Some((
                Contradiction::Amount,
                format!(
                    "a rest covers no distance: `rest {}` is training",
                    a.compact()
                ),
                training,
            ));
        }
        Some(a @ super::Amount::Duration { hi, .. }) if hi > REST_LIKE_MAX_SECONDS => {
            return Some((
                Contradiction::Amount,
                format!(
                    "a rest of {} is not rest-like: a rest day holds at most 45 minutes of walking or mobility",
                    a.human()
                ),
                training,
            ));
        }
        _ => {}
    }
    if w.target.is_some() {
        return Some((
            Contradiction::Target,
            "a rest has no pace, zone or named target".into(),
            training,
        ));
    }
    if let Some((_, hi)) = w.rpe
        && hi > REST_LIKE_MAX_RPE
    {
        return Some((
            Contradiction::Effort,
            format!(
                "a rest at RPE {} is training: a rest is at most RPE 2",
                super::units::num(hi)
            ),
            "write the session's type (`cross 40min @RPE5`), or leave the effort out".into(),
        ));
    }
    None
}

/// Why the optional extra of a rest, walk or mobility day (`rest (walk 20min)`) is not
/// rest-like, if it is not: rest, walk or mobility, no blocks, at most RPE 2 and 45 minutes
/// (a distance counts at the type's default pace, or the pace written).
fn extra_contradiction(w: &Workout) -> Option<(Contradiction, String, String)> {
    let help = "a rest day's extra is a short, gentle walk or mobility: `rest (walk 20min)`, `rest (mobility 10min)`";
    if !w.kind.is_restful() {
        return Some((
            Contradiction::Kind,
            format!(
                "the optional extra `{}` is training, not rest: the day would show as rest",
                w.kind.name()
            ),
            format!("{help}; for training on that day write it as the session"),
        ));
    }
    if w.kind == SessionType::Rest {
        return rest_contradiction(w);
    }
    if !w.steps.is_empty() {
        return Some((
            Contradiction::Blocks,
            "a rest day's optional extra has no blocks".into(),
            help.into(),
        ));
    }
    let t = Resolver { paces: &[] }.totals(w);
    if t.duration > REST_LIKE_MAX_SECONDS {
        return Some((
            Contradiction::Amount,
            format!(
                "the optional extra lasts {}{}: a rest day holds at most 45 minutes of walking or mobility",
                if t.duration_estimated { "≈ " } else { "" },
                super::units::human_duration(t.duration)
            ),
            help.into(),
        ));
    }
    if t.rpe > REST_LIKE_MAX_RPE {
        let part = if w.rpe.is_some() {
            Contradiction::Effort
        } else {
            Contradiction::Target
        };
        return Some((
            part,
            format!(
                "the optional extra is at RPE {}: a rest day stays at RPE 2 or below",
                super::units::num(t.rpe)
            ),
            help.into(),
        ));
    }
    None
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
        Ok(Session { options })
    }

    /// One option, plus an optional parenthesised extra (`rest (walk 20min)`). `rest_extra`:
    /// this option is the extra of a rest, walk or mobility, so it must be rest-like.
    fn option(&mut self, rest_extra: bool) -> Result<(Workout, Option<Workout>), SyntaxError> {
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
        let mut spans = Spans {
            kind: start,
            ..Spans::default()
        };
        // An `@RPE` after the first amount: that block's effort when blocks follow, else the
        // session's.
        let mut head_rpe: Option<((f64, f64), usize)> = None;
        let mut amount_text = String::new();
        let mut extra = None;
        loop {
            self.skip_ws();
            let at = self.pos;
            match self.peek() {
                None | Some(';') | Some('|') | Some(')') => break,
                Some('+') => {
                    spans.blocks.get_or_insert(at);
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
                    let (mut inner, _) = self.option(kind.is_restful())?;
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
                    match self.at_target()? {
                        ParsedTarget::Rpe(lo, hi) => {
                            let taken = if head.amount.is_some() {
                                head_rpe.is_some()
                            } else {
                                w.rpe.is_some()
                            };
                            if taken {
                                return Err(self.error_at(
                                    at,
                                    "a second effort: a session has one @RPE".into(),
                                    None,
                                ));
                            }
                            if head.amount.is_some() {
                                head_rpe = Some(((lo, hi), at));
                            } else {
                                w.rpe = Some((lo, hi));
                                spans.rpe = Some(at);
                            }
                        }
                        ParsedTarget::Target(t) => {
                            if head.target.is_some() {
                                return Err(self.error_at(
                                    at,
                                    "a second target: one @target per step or session".into(),
                                    None,
                                ));
                            }
                            head.target = Some(t);
                            spans.target = Some(at);
                        }
                    }
                }
                Some(c) if starts_like_amount(c) => {
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
                        spans.blocks.get_or_insert(s);
                        self.pos = s;
                        let step = self.block()?;
                        w.steps.push(step);
                        continue;
                    }
                    let amount = parse_amount(&tok).map_err(|e| self.invalid_at(s, e))?;
                    // A whole session's bounds are checked at the end, once it is known
                    // whether blocks follow (then this amount is the first block).
                    if too_small_for_a_block(&amount, &tok).is_some()
                        && let Some(e) = too_small_for_a_session(&amount, &tok)
                    {
                        return Err(self.invalid_at(s, e));
                    }
                    head.amount = Some(amount);
                    spans.amount = Some(s);
                    amount_text = tok;
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
                    // `race half`, `race Spring Marathon`: a race distance by name is the amount.
                    if kind == SessionType::Race
                        && head.amount.is_none()
                        && let Some(metres) = race_distance(&tok)
                    {
                        head.amount = Some(super::Amount::Distance {
                            lo: metres,
                            hi: metres,
                            unit: super::units::DistanceUnit::Km,
                        });
                        spans.amount = Some(at);
                        continue;
                    }
                    spans.label.get_or_insert(at);
                    head.push_label(tok);
                }
            }
        }
        // With blocks, the head's amount becomes the first step, with the head's target or
        // effort; an effort before the amount stays session-wide.
        if !w.steps.is_empty() && head.amount.is_some() {
            let (kind, cue) = step_kind_of(head.label.take());
            let target = match (head.target.take(), head_rpe) {
                (Some(t), Some((rpe, rpe_at))) => {
                    // A step holds one target: with a pace as well, the effort is the session's.
                    if w.rpe.is_some() {
                        return Err(self.error_at(
                            rpe_at,
                            "a second effort: a session has one @RPE".into(),
                            None,
                        ));
                    }
                    w.rpe = Some(rpe);
                    spans.rpe = Some(rpe_at);
                    Some(t)
                }
                (t, None) => t,
                (None, Some(((lo, hi), _))) => Some(Target::Rpe { lo, hi }),
            };
            w.steps.insert(
                0,
                Step::Single {
                    kind,
                    amount: head.amount.take(),
                    target,
                    cue,
                },
            );
        } else {
            if let Some((rpe, rpe_at)) = head_rpe {
                if w.rpe.is_some() {
                    return Err(self.error_at(
                        rpe_at,
                        "a second effort: a session has one @RPE".into(),
                        None,
                    ));
                }
                w.rpe = Some(rpe);
                spans.rpe = Some(rpe_at);
            }
            if w.steps.is_empty()
                && let (Some(label), Some(label_at)) = (&head.label, spans.label)
                && matches!(
                    step_kind_of(Some(label.clone())).0,
                    StepKind::Warmup | StepKind::Cooldown | StepKind::Recover
                )
            {
                return Err(block_without_plus(
                    kind,
                    head.amount.as_ref(),
                    label,
                    label_at,
                ));
            }
            if w.steps.is_empty()
                && let (Some(a), Some(at)) = (&head.amount, spans.amount)
                && let Some(e) = too_small_for_a_session(a, &amount_text)
            {
                return Err(self.invalid_at(at, e));
            }
            w.amount = head.amount;
            w.target = head.target;
            w.label = head.label;
        }
        let contradiction = if rest_extra {
            extra_contradiction(&w)
        } else {
            rest_contradiction(&w)
        };
        if let Some((part, message, help)) = contradiction {
            let at = match part {
                Contradiction::Kind => None,
                Contradiction::Amount => spans.amount,
                Contradiction::Target => spans.target,
                Contradiction::Effort => spans.rpe,
                Contradiction::Blocks => spans.blocks,
            };
            return Err(self.error_at(at.unwrap_or(spans.kind), message, Some(help)));
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

    /// Parses `@...` at the cursor.
    fn at_target(&mut self) -> Result<ParsedTarget, SyntaxError> {
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
        parse_target(&body, self.cx.paces).map_err(|(m, h)| self.error_at(at, m, h))
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
        if tok.is_empty() {
            return Err(self.error_at(at, "expected an amount like 2km or 8min".into(), None));
        }
        let amount = parse_amount(&tok).map_err(|e| self.invalid_at(at, e))?;
        if let Some(e) = too_small_for_a_block(&amount, &tok) {
            return Err(self.invalid_at(at, e));
        }
        let mut head = Head {
            amount: Some(amount),
            ..Head::default()
        };
        loop {
            self.skip_ws();
            let at = self.pos;
            match self.peek() {
                Some('@') => {
                    let t = match self.at_target()? {
                        ParsedTarget::Rpe(lo, hi) => Target::Rpe { lo, hi },
                        ParsedTarget::Target(t) => t,
                    };
                    if head.target.is_some() {
                        return Err(self.error_at(at, "a second target on one step".into(), None));
                    }
                    head.target = Some(t);
                }
                Some(c) if !is_stop(c) && !starts_like_amount(c) => {
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

/// `easy 5km wu`: a block's kind after the session's amount, without `+`.
fn block_without_plus(
    kind: SessionType,
    amount: Option<&super::Amount>,
    label: &str,
    at: usize,
) -> SyntaxError {
    let (step, _) = step_kind_of(Some(label.to_string()));
    let what = match step {
        StepKind::Warmup => "a warm-up",
        StepKind::Cooldown => "a cool-down",
        _ => "a recovery jog",
    };
    let amount = amount.map_or_else(|| "5km".to_string(), |a| a.compact());
    let meant = match step {
        StepKind::Warmup => format!("{} 2km {label} + {amount}", kind.name()),
        _ => format!("{} {amount} + 2km {label}", kind.name()),
    };
    SyntaxError {
        offset: at,
        message: format!(
            "`{label}` marks a block ({what}), but no `+` joins it: blocks are written `+ 2km {label}`"
        ),
        help: Some(format!(
            "did you mean `{meant}`? Each block has its own amount"
        )),
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

    /// The error for `s`: its offset, message and help.
    fn refused(s: &str) -> (usize, String, String) {
        let e = err(s);
        (e.offset, e.message, e.help.unwrap_or_default())
    }

    #[test]
    fn what_starts_like_an_amount_is_never_a_label() {
        let (at, m, h) = refused("easy -5km");
        assert_eq!(at, 5);
        assert!(m.contains("`-5km` has a sign"), "{m}");
        assert_eq!(h, "write `5km`");
        let (at, m, h) = refused("easy ½km");
        assert_eq!(at, 5);
        assert!(m.contains("fraction `½`"), "{m}");
        assert_eq!(h, "write `0.5km`");
        assert_eq!(refused("easy 8km @easy + 2km -1km").0, 21);
        let w = &day("easy .5km")[0].options[0];
        assert_eq!(w.amount, km(0.5));
        assert_eq!(w.label, None);
        assert_eq!(
            day("cross 40min bike")[0].options[0].label.as_deref(),
            Some("bike")
        );
    }

    #[test]
    fn amounts_and_paces_a_person_can_run() {
        for (text, at) in [
            ("easy 0km", 5),
            ("easy 0min", 5),
            ("easy 1s", 5),
            ("easy 50m", 5),
        ] {
            let (offset, m, _) = refused(text);
            assert_eq!(offset, at, "{text}");
            assert!(m.contains("too short for a session"), "{text}: {m}");
        }
        let (at, m, _) = refused("easy 5km @0:01/km");
        assert_eq!(at, 9);
        assert!(m.contains("faster than anyone runs"), "{m}");
        assert!(
            err("easy 5km @25:00/km")
                .message
                .contains("slower than a walk")
        );
        let (at, m, _) = refused("intervals 10x(2s / 1min jog)");
        assert_eq!(at, 14);
        assert!(m.contains("too short for a block"), "{m}");
        // Short blocks are fine: strides, 50 m sprints, 30 s recoveries.
        day("easy 8km @easy + 6x20s strides");
        day("intervals 2km wu + 10x(50m @RPE9 / 30s rest) + 2km cd");
        day("easy 1min");
        day("easy 100m");
    }

    #[test]
    fn clock_times_and_doubled_pace_units_say_what_was_meant() {
        let (at, m, h) = refused("easy 0:45");
        assert_eq!(at, 5);
        assert!(m.contains("`0:45` is a clock time"), "{m}");
        assert!(h.starts_with("write `45min`"), "{h}");
        let (at, _, h) = refused("long 1:30:00");
        assert_eq!(at, 5);
        assert_eq!(h, "write `1h30`");
        let (at, m, h) = refused("tempo 8km @6:00/km-5:00/km");
        assert_eq!(at, 10);
        assert!(m.contains("writes the unit twice"), "{m}");
        assert_eq!(h, "write `@5:00-6:00/km` (the faster pace first)");
    }

    #[test]
    fn efforts_take_one_decimal_and_a_leading_digit() {
        assert_eq!(day("tempo 5km @RPE6.5")[0].options[0].rpe, Some((6.5, 6.5)));
        assert_eq!(
            day("tempo 5km @RPE6-7.5")[0].options[0].rpe,
            Some((6.0, 7.5))
        );
        for text in [
            "rest i @RPE.0222222222222",
            "tempo 5km @RPE6.55",
            "tempo 5km @RPE6.",
            "tempo 5km @RPE+6",
            "tempo 5km @RPE1e1",
        ] {
            let (_, m, _) = refused(text);
            assert!(m.contains("one decimal"), "{text}: {m}");
        }
        assert_eq!(refused("rest i @RPE.0222222222222").0, 7);
    }

    #[test]
    fn race_distances_by_name_are_the_amount() {
        for (text, metres) in [
            ("race half", 21_097.5),
            ("race HM @RPE9", 21_097.5),
            ("race marathon", 42_195.0),
            ("race M", 42_195.0),
            ("race 10K", 10_000.0),
        ] {
            let w = &day(text)[0].options[0];
            assert_eq!(w.amount.map(|a| a.mid()), Some(metres), "{text}");
            assert_eq!(w.label, None, "{text}");
        }
        // `5K` is the amount, `@5K` the pace.
        let w = &day("race 5K @5K")[0].options[0];
        assert_eq!(w.amount, km(5.0));
        assert_eq!(w.target, Some(Target::Named { name: "5K".into() }));
        let w = &day("race Spring Half")[0].options[0];
        assert_eq!(w.label.as_deref(), Some("Spring"));
        assert_eq!(w.amount.map(|a| a.mid()), Some(21_097.5));
        // Only a race reads the names; elsewhere a word stays a label.
        assert_eq!(day("long half")[0].options[0].amount, None);
        assert_eq!(
            day("race parkrun")[0].options[0].label.as_deref(),
            Some("parkrun")
        );
    }

    #[test]
    fn a_rest_holds_no_training() {
        for (text, at, says) in [
            ("rest 10km", 5, "covers no distance"),
            ("rest 3h", 5, "not rest-like"),
            ("rest @RPE8", 5, "RPE 8 is training"),
            ("rest 20min @RPE3", 11, "RPE 3 is training"),
            ("rest @T", 5, "no pace"),
            ("rest + 2km cd", 5, "no blocks"),
        ] {
            let (offset, m, h) = refused(text);
            assert_eq!(offset, at, "{text}");
            assert!(m.contains(says), "{text}: {m}");
            assert!(!h.is_empty(), "{text}");
        }
        assert_eq!(
            day("rest 45min")[0].options[0].amount.unwrap().mid(),
            2700.0
        );
        assert_eq!(day("rest @RPE2")[0].options[0].rpe, Some((2.0, 2.0)));
        // Alternatives are their own sessions.
        day("rest | cross 40min bike @RPE5");
    }

    #[test]
    fn a_rest_days_extra_is_rest_like() {
        for (text, at, says) in [
            ("rest (walk 3h)", 11, "lasts 3 h"),
            ("rest (walk 5km)", 11, "lasts ≈ 50 min"),
            ("rest (intervals 10x400m)", 6, "`intervals` is training"),
            ("rest (walk 20min @RPE5)", 17, "RPE 5"),
            ("rest (walk 20min @Z4)", 17, "RPE 7"),
            ("walk 20min (easy 5km)", 12, "`easy` is training"),
            ("rest (rest 10km)", 11, "covers no distance"),
        ] {
            let (offset, m, _) = refused(text);
            assert_eq!(offset, at, "{text}");
            assert!(m.contains(says), "{text}: {m}");
        }
        day("rest (walk 20min)");
        day("rest (walk 45min @RPE2)");
        day("rest (mobility 10min)");
        day("rest (walk 3km)");
        // The extra of a training day is not a rest day's.
        day("easy 6km (strength 20min)");
    }

    #[test]
    fn an_effort_after_the_first_amount_belongs_to_that_block() {
        let w = &day("easy 5km @RPE3 + 2km @RPE9")[0].options[0];
        assert_eq!(w.rpe, None);
        assert_eq!(
            w.steps[0],
            Step::Single {
                kind: StepKind::Work,
                amount: km(5.0),
                target: Some(Target::Rpe { lo: 3.0, hi: 3.0 }),
                cue: None
            }
        );
        let w = &day("easy @RPE3 5km + 2km @RPE9")[0].options[0];
        assert_eq!(w.rpe, Some((3.0, 3.0)));
        let w = &day("easy 8km @easy @RPE3 + 6x20s strides")[0].options[0];
        assert_eq!(w.rpe, Some((3.0, 3.0)));
        assert!(matches!(
            &w.steps[0],
            Step::Single {
                target: Some(Target::Named { .. }),
                ..
            }
        ));
        // Without blocks it is the session's.
        assert_eq!(day("tempo 10km @RPE7")[0].options[0].rpe, Some((7.0, 7.0)));
        assert_eq!(err("easy @RPE3 5km @RPE4").offset, 15);
    }

    #[test]
    fn a_block_kind_without_plus_is_explained() {
        let (at, m, h) = refused("easy 5km wu");
        assert_eq!(at, 9);
        assert!(
            m.contains("`wu` marks a block (a warm-up), but no `+` joins it"),
            "{m}"
        );
        assert_eq!(
            h,
            "did you mean `easy 2km wu + 5km`? Each block has its own amount"
        );
        let (at, _, h) = refused("easy 5km cd");
        assert_eq!(at, 9);
        assert!(h.contains("`easy 5km + 2km cd`"), "{h}");
        assert!(refused("recovery 30min jog").1.contains("a recovery jog"));
        // With blocks following, the head's `wu` is the first block.
        day("threshold 2km wu + 3x(8min @T / 2min jog) + 2km cd");
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
