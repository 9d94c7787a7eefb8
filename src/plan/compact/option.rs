//! One option of a session: its type, amount, label, target, blocks, extra and note.

use super::block::block_without_plus;
use super::contradiction::extra_contradiction;
use super::*;

/// One option while it is read: the workout so far and what its head (the part before any
/// `+` block) holds, with where each part was written.
struct Opt {
    kind: SessionType,
    w: Workout,
    head: Head,
    spans: Spans,
    /// An `@RPE` after the first amount: that block's effort when blocks follow, else the
    /// session's.
    head_rpe: Option<((f64, f64), usize)>,
    amount_text: String,
    extra: Option<Workout>,
}

impl Parser<'_> {
    /// One option, plus an optional parenthesised extra (`rest (walk 20min)`). `rest_extra`:
    /// this option is the extra of a rest, walk or mobility, so it must be rest-like.
    pub(super) fn option(
        &mut self,
        rest_extra: bool,
    ) -> Result<(Workout, Option<Workout>), SyntaxError> {
        let mut o = self.option_type()?;
        loop {
            self.skip_ws();
            let at = self.pos;
            match self.peek() {
                None | Some(';') | Some('|') | Some(')') => break,
                Some(c) => self.option_part(&mut o, c, at)?,
            }
        }
        self.place_head(&mut o)?;
        self.refuse_contradiction(&o, rest_extra)?;
        o.w.steps.shrink_to_fit();
        Ok((o.w, o.extra))
    }

    /// The session type that starts an option.
    fn option_type(&mut self) -> Result<Opt, SyntaxError> {
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
        Ok(Opt {
            kind,
            w: Workout::new(kind),
            head: Head::default(),
            spans: Spans {
                kind: start,
                ..Spans::default()
            },
            head_rpe: None,
            amount_text: String::new(),
            extra: None,
        })
    }

    /// The part of an option that starts with `c` at `at`: a block, the note, the extra, a
    /// target, the amount or a label.
    fn option_part(&mut self, o: &mut Opt, c: char, at: usize) -> Result<(), SyntaxError> {
        match c {
            '+' => {
                o.spans.blocks.get_or_insert(at);
                self.pos += 1;
                let step = self.block()?;
                o.w.steps.push(step);
            }
            '"' => {
                if o.w.notes.is_some() {
                    return Err(self.error_here(
                        "a session has one note".into(),
                        Some("put all of the note inside one pair of quotes".into()),
                    ));
                }
                o.w.notes = Some(self.quoted()?);
            }
            '(' => {
                if o.extra.is_some() {
                    return Err(self.error_here(
                        "only one optional extra in parentheses per session".into(),
                        None,
                    ));
                }
                self.pos += 1;
                let (mut inner, _) = self.option(o.kind.is_restful())?;
                self.skip_ws();
                if self.peek() != Some(')') {
                    return Err(
                        self.error_here("expected `)` to close the parenthesis".into(), None)
                    );
                }
                self.pos += 1;
                inner.optional = true;
                o.extra = Some(inner);
            }
            '@' => return self.option_target(o, at),
            c if starts_like_amount(c) => return self.option_amount(o),
            '/' => {
                return Err(self.error_here(
                    "`/` separates steps only inside a repeat like `3x(8min @T / 2min jog)`".into(),
                    None,
                ));
            }
            _ => return self.option_word(o, at),
        }
        Ok(())
    }

    /// `@RPE7` (the session's, or the first block's after an amount) or a pace, zone or
    /// named target.
    fn option_target(&mut self, o: &mut Opt, at: usize) -> Result<(), SyntaxError> {
        if !o.w.steps.is_empty() {
            return Err(self.error_here(
                "a target after the blocks: put it on the block it belongs to".into(),
                None,
            ));
        }
        match self.at_target()? {
            ParsedTarget::Rpe(lo, hi) => {
                let taken = if o.head.amount.is_some() {
                    o.head_rpe.is_some()
                } else {
                    o.w.rpe.is_some()
                };
                if taken {
                    return Err(self.error_at(
                        at,
                        "a second effort: a session has one @RPE".into(),
                        None,
                    ));
                }
                if o.head.amount.is_some() {
                    o.head_rpe = Some(((lo, hi), at));
                } else {
                    o.w.rpe = Some((lo, hi));
                    o.spans.rpe = Some(at);
                }
            }
            ParsedTarget::Target(t) => {
                if o.head.target.is_some() {
                    return Err(self.error_at(
                        at,
                        "a second target: one @target per step or session".into(),
                        None,
                    ));
                }
                o.head.target = Some(t);
                o.spans.target = Some(at);
            }
        }
        Ok(())
    }

    /// The amount of the head, or a repeat that is the whole workout.
    fn option_amount(&mut self, o: &mut Opt) -> Result<(), SyntaxError> {
        if !o.w.steps.is_empty() {
            return Err(self.error_here(
                "an amount after the blocks: join it with `+`".into(),
                Some("e.g. `long 16km @easy + 5km @MP`".into()),
            ));
        }
        let (s, tok) = self.token(false);
        if o.head.amount.is_some() {
            return Err(self.error_at(s, format!("a second amount `{tok}`: a session has one amount"), Some("add a block with `+`, e.g. `easy 8km + 6x20s strides`, or write a range `8-10km`".into())));
        }
        if repeat_count(&tok).is_some() {
            // `intervals 6x(800m @5K / 400m jog)`: a workout that is only a repeat.
            o.spans.blocks.get_or_insert(s);
            self.pos = s;
            let step = self.block()?;
            o.w.steps.push(step);
            return Ok(());
        }
        let amount = parse_amount(&tok).map_err(|e| self.invalid_at(s, e))?;
        // A whole session's bounds are checked at the end, once it is known
        // whether blocks follow (then this amount is the first block).
        if too_small_for_a_block(&amount, &tok).is_some()
            && let Some(e) = too_small_for_a_session(&amount, &tok)
        {
            return Err(self.invalid_at(s, e));
        }
        o.head.amount = Some(amount);
        o.spans.amount = Some(s);
        o.amount_text = tok;
        Ok(())
    }

    /// A word: a race distance by name, or part of the label.
    fn option_word(&mut self, o: &mut Opt, at: usize) -> Result<(), SyntaxError> {
        let (_, tok) = self.token(false);
        if tok.is_empty() {
            return Err(self.error_at(at, "unexpected character".into(), None));
        }
        if !o.w.steps.is_empty() {
            return Err(self.error_at(
                at,
                format!("`{tok}` after the blocks belongs to no block"),
                Some("put it on its block (`+ 2km cd`) or in the note in double quotes".into()),
            ));
        }
        // `race half`, `race Spring Marathon`: a race distance by name is the amount.
        if o.kind == SessionType::Race
            && o.head.amount.is_none()
            && let Some(metres) = race_distance(&tok)
        {
            o.head.amount = Some(crate::plan::Amount::Distance {
                lo: metres,
                hi: metres,
                unit: crate::plan::units::DistanceUnit::Km,
            });
            o.spans.amount = Some(at);
            return Ok(());
        }
        o.spans.label.get_or_insert(at);
        o.head.push_label(tok);
        Ok(())
    }

    /// With blocks, the head's amount becomes the first step; without, the head is the
    /// session's amount, target and label.
    fn place_head(&mut self, o: &mut Opt) -> Result<(), SyntaxError> {
        // With blocks, the head's amount becomes the first step, with the head's target or
        // effort; an effort before the amount stays session-wide.
        if !o.w.steps.is_empty() && o.head.amount.is_some() {
            let (kind, cue) = step_kind_of(o.head.label.take());
            let target = match (o.head.target.take(), o.head_rpe) {
                (Some(t), Some((rpe, rpe_at))) => {
                    // A step holds one target: with a pace as well, the effort is the session's.
                    self.session_effort(o, rpe, rpe_at)?;
                    Some(t)
                }
                (t, None) => t,
                (None, Some(((lo, hi), _))) => Some(Target::Rpe { lo, hi }),
            };
            o.w.steps.insert(
                0,
                Step::Single {
                    kind,
                    amount: o.head.amount.take(),
                    target,
                    cue,
                },
            );
        } else {
            if let Some((rpe, rpe_at)) = o.head_rpe {
                self.session_effort(o, rpe, rpe_at)?;
            }
            if o.w.steps.is_empty()
                && let (Some(label), Some(label_at)) = (&o.head.label, o.spans.label)
                && matches!(
                    step_kind_of(Some(label.clone())).0,
                    StepKind::Warmup | StepKind::Cooldown | StepKind::Recover
                )
            {
                return Err(block_without_plus(
                    o.kind,
                    o.head.amount.as_ref(),
                    label,
                    label_at,
                ));
            }
            if o.w.steps.is_empty()
                && let (Some(a), Some(at)) = (&o.head.amount, o.spans.amount)
                && let Some(e) = too_small_for_a_session(a, &o.amount_text)
            {
                return Err(self.invalid_at(at, e));
            }
            o.w.amount = o.head.amount.take();
            o.w.target = o.head.target.take();
            o.w.label = o.head.label.take();
        }
        Ok(())
    }

    /// The head's effort written at `at` becomes the session's, unless it already has one.
    fn session_effort(&self, o: &mut Opt, rpe: (f64, f64), at: usize) -> Result<(), SyntaxError> {
        if o.w.rpe.is_some() {
            return Err(self.error_at(at, "a second effort: a session has one @RPE".into(), None));
        }
        o.w.rpe = Some(rpe);
        o.spans.rpe = Some(at);
        Ok(())
    }

    /// A rest (or a rest's extra) that holds training is refused at the part that says so.
    fn refuse_contradiction(&self, o: &Opt, rest_extra: bool) -> Result<(), SyntaxError> {
        let contradiction = if rest_extra {
            extra_contradiction(&o.w)
        } else {
            rest_contradiction(&o.w)
        };
        if let Some((part, message, help)) = contradiction {
            let at = match part {
                Contradiction::Kind => None,
                Contradiction::Amount => o.spans.amount,
                Contradiction::Target => o.spans.target,
                Contradiction::Effort => o.spans.rpe,
                Contradiction::Blocks => o.spans.blocks,
            };
            return Err(self.error_at(at.unwrap_or(o.spans.kind), message, Some(help)));
        }
        Ok(())
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
