//! The blocks of a session (`+ 2km wu`, `3x(8min @T / 2min jog)`).

use super::*;

impl Parser<'_> {
    /// `amount [target] [cue]`, `N x (block / block ...)` or `N x block`.
    pub(super) fn block(&mut self) -> Result<Step, SyntaxError> {
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
            let mut steps = if rest.is_empty() {
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
            steps.shrink_to_fit();
            return Ok(Step::Repeat { times, steps });
        }
        self.pos = start;
        self.block_body(None)
    }

    /// `amount [target] [cue]` as one step.
    pub(super) fn block_body(
        &mut self,
        glued: Option<(usize, String)>,
    ) -> Result<Step, SyntaxError> {
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
pub(super) fn block_without_plus(
    kind: SessionType,
    amount: Option<&crate::plan::Amount>,
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
