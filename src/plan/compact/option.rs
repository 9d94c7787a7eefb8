//! One option of a session: its type, amount, label, target, blocks, extra and note.

use super::block::block_without_plus;
use super::contradiction::extra_contradiction;
use super::*;

impl Parser<'_> {
    /// One option, plus an optional parenthesised extra (`rest (walk 20min)`). `rest_extra`:
    /// this option is the extra of a rest, walk or mobility, so it must be rest-like.
    pub(super) fn option(
        &mut self,
        rest_extra: bool,
    ) -> Result<(Workout, Option<Workout>), SyntaxError> {
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
                        head.amount = Some(crate::plan::Amount::Distance {
                            lo: metres,
                            hi: metres,
                            unit: crate::plan::units::DistanceUnit::Km,
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

    pub(super) fn quoted(&mut self) -> Result<String, SyntaxError> {
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
    pub(super) fn at_target(&mut self) -> Result<ParsedTarget, SyntaxError> {
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
}
