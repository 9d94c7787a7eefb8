//! One session written as a map: its amount, target and steps (repeats nest two levels).

use super::*;

/// A session's or step's `distance:`/`duration:`, within the bounds of a session (`block`
/// false) or of a step (`block` true).
pub(super) fn amount_of(
    n: &Node,
    what: &str,
    want_distance: bool,
    block: bool,
    p: &mut Problems,
) -> Option<Amount> {
    let t = match &n.value {
        Value::Int(_) | Value::Float(_) => {
            p.error(n.pos, "amount", format!("{what} has no unit"))
                .help(if want_distance {
                    "write it with a unit, like 10km, 6mi or 400m"
                } else {
                    "write it with a unit, like 45min, 1h15 or 90s"
                });
            return None;
        }
        _ => validate::text(n, what, p)?,
    };
    let small = |a: &Amount| {
        if block {
            too_small_for_a_block(a, &t)
        } else {
            too_small_for_a_session(a, &t)
        }
    };
    match parse_amount(&t) {
        Ok(a) if (matches!(a, Amount::Distance { .. }) == want_distance) => match small(&a) {
            Some(e) => {
                report(p, n.pos, "amount", e);
                None
            }
            None => Some(a),
        },
        Ok(_) => {
            let expected = if want_distance {
                "a distance like 10km"
            } else {
                "a duration like 45min"
            };
            p.error(
                n.pos,
                "amount",
                format!("{what} must be {expected}, found `{t}`"),
            );
            None
        }
        Err(e) => {
            report(p, n.pos, "amount", e);
            None
        }
    }
}

pub(super) fn target_of(n: &Node, cx: &Context, p: &mut Problems) -> Option<Target> {
    match &n.value {
        Value::Str(s) => match parse_target(s.trim_start_matches('@'), cx.paces) {
            Ok(ParsedTarget::Target(t)) => Some(t),
            Ok(ParsedTarget::Rpe(lo, hi)) => Some(Target::Rpe { lo, hi }),
            Err((m, h)) => {
                let d = p.error(n.pos, "target", m);
                if let Some(h) = h {
                    d.help(h);
                }
                None
            }
        },
        Value::Map(m) => {
            check_keys(m, &["rpe", "pace", "zone"], "a target", p);
            if m.len() != 1 {
                p.error(
                    n.pos,
                    "target",
                    "a target is one of `{ rpe: 2 }`, `{ pace: 4:45/km }` or `{ zone: 2 }`",
                );
                return None;
            }
            let (k, v) = &m[0];
            match k.name.as_str() {
                "rpe" => rpe_of(v, p).map(|(lo, hi)| Target::Rpe { lo, hi }),
                "pace" => {
                    let t = validate::text(v, "`pace`", p)?;
                    match parse_pace(&t) {
                        Ok((lo, hi)) => Some(Target::Pace {
                            lo,
                            hi,
                            unit: if t.ends_with("/mi") {
                                Units::Mi
                            } else {
                                Units::Km
                            },
                        }),
                        Err(e) => {
                            report(p, v.pos, "pace", e);
                            None
                        }
                    }
                }
                "zone" => match v.value {
                    Value::Int(z @ 1..=5) => Some(Target::Zone { zone: z as u8 }),
                    _ => {
                        p.error(v.pos, "target", "a zone is 1 to 5");
                        None
                    }
                },
                _ => None,
            }
        }
        _ => {
            p.error(
                n.pos,
                "target",
                format!(
                    "a target must be a pace name or a map like `{{ rpe: 2 }}`, found {}",
                    n.kind()
                ),
            );
            None
        }
    }
}

/// `{ type: cross, notes: Bike or swim, easy. }`: in a flow map the comma ends the note and
/// `easy.` becomes a key with no value. Read the note as typed, and say so.
pub(super) fn rejoin_flow_commas(
    map: &[(Key, Node)],
    source: &str,
    p: &mut Problems,
) -> Vec<(Key, Node)> {
    let mut out: Vec<(Key, Node)> = Vec::with_capacity(map.len());
    for (k, v) in map {
        let glued = matches!(v.value, Value::Null)
            && !SESSION_KEYS.contains(&k.name.as_str())
            && out.last().is_some_and(|(pk, pv)| {
                pk.name == "notes"
                    && matches!(pv.value, Value::Str(_))
                    && !pv.is_quoted(source)
                    && pv.pos.line == k.pos.line
            });
        if glued && let Some((_, prev)) = out.last_mut() {
            let end = k.pos.offset + k.pos.len;
            if let Some(text) = source.get(prev.pos.offset..end) {
                p.warning(prev.pos, "yaml-comma", format!("a comma inside `{{ … }}` ends a value in YAML; Taper read the note as \"{text}\""))
                        .help(format!("quote the note to be sure: notes: \"{text}\""));
                prev.pos.len = end - prev.pos.offset;
                prev.value = Value::Str(text.to_string());
                continue;
            }
        }
        out.push((k.clone(), v.clone()));
    }
    out
}

pub(super) fn session_map(
    n: &Node,
    source: &str,
    cx: &Context,
    p: &mut Problems,
) -> Option<Session> {
    let map = &rejoin_flow_commas(n.as_map()?, source, p);
    check_keys(map, SESSION_KEYS, "a session", p);
    let errors_before = p.list.iter().filter(|d| d.is_error()).count();
    let kind = match get(map, "type") {
        Some(t) => {
            let name = validate::text(t, "`type`", p)?;
            match SessionType::parse(name.trim()) {
                Some(k) => Some(k),
                None => {
                    let e = compact::parse_day(&name, cx).err();
                    let d = p.error(
                        t.pos,
                        "unknown-type",
                        format!("unknown session type `{name}`"),
                    );
                    if let Some(h) = e.and_then(|e| e.help) {
                        d.help(h);
                    }
                    None
                }
            }
        }
        None => {
            p.error(n.pos, "missing-key", "a session needs a `type`")
                .help("e.g. `{ type: easy, distance: 8km }`");
            None
        }
    };
    let mut w = Workout::new(kind.unwrap_or(SessionType::Rest));
    let distance = get(map, "distance").and_then(|d| amount_of(d, "`distance`", true, false, p));
    let duration = get(map, "duration").and_then(|d| amount_of(d, "`duration`", false, false, p));
    if distance.is_some() && duration.is_some() {
        // Both given: the distance counts, the duration is kept as the label's hint.
        w.amount = distance;
        w.label = duration.map(|d| d.human());
    } else {
        w.amount = distance.or(duration);
    }
    w.rpe = get(map, "rpe").and_then(|r| rpe_of(r, p));
    w.target = get(map, "target").and_then(|t| target_of(t, cx, p));
    w.notes = get(map, "notes").and_then(|t| validate::text(t, "`notes`", p));
    w.label = get(map, "label")
        .and_then(|t| validate::text(t, "`label`", p))
        .or(w.label);
    w.key = get(map, "key").and_then(|t| validate::boolean(t, "`key`", p));
    w.acks = get(map, "ack").map(|a| acks_of(a, p)).unwrap_or_default();
    if let Some(steps) = get(map, "steps") {
        w.steps = steps_of(steps, 0, cx, p);
        if w.steps.is_empty() && !p.has_errors() {
            p.error(steps.pos, "steps", "`steps` is empty")
                .help("list the steps, or remove `steps:`");
        }
    }
    if let Some((part, message, help)) = compact::rest_contradiction(&w) {
        let key = match part {
            compact::Contradiction::Kind => "type",
            compact::Contradiction::Amount => {
                if get(map, "distance").is_some() {
                    "distance"
                } else {
                    "duration"
                }
            }
            compact::Contradiction::Target => "target",
            compact::Contradiction::Effort => "rpe",
            compact::Contradiction::Blocks => "steps",
        };
        let pos = get(map, key).map_or(n.pos, |v| v.pos);
        p.error(pos, "rest", message).help(help);
    }
    let errors_after = p.list.iter().filter(|d| d.is_error()).count();
    if kind.is_none() || errors_after > errors_before {
        return None;
    }
    Some(Session { options: vec![w] })
}

pub(super) fn steps_of(n: &Node, depth: usize, cx: &Context, p: &mut Problems) -> Vec<Step> {
    let Some(items) = n.as_seq() else {
        p.error(
            n.pos,
            "steps",
            format!("`steps` must be a list, found {}", n.kind()),
        );
        return Vec::new();
    };
    let mut out = Vec::new();
    for item in items {
        let Some(m) = validate::as_map(item, "a step", p) else {
            continue;
        };
        check_keys(m, STEP_KEYS, "a step", p);
        if let Some(r) = get(m, "repeat") {
            let times = match r.value {
                Value::Int(t @ 1..=100) => t as u32,
                _ => {
                    p.error(
                        r.pos,
                        "repeat",
                        "`repeat` must be a whole number from 1 to 100",
                    );
                    continue;
                }
            };
            if depth >= 2 {
                p.error(r.pos, "repeat", "repeats nest at most two levels deep");
                continue;
            }
            let Some(inner) = get(m, "steps") else {
                p.error(
                    item.pos,
                    "repeat",
                    format!("`repeat: {times}` has no `steps` to repeat"),
                )
                .help("add `steps:` with the steps to repeat, e.g. a work and a recover step");
                continue;
            };
            let steps = steps_of(inner, depth + 1, cx, p);
            if steps.is_empty() {
                p.error(inner.pos, "repeat", "a repeat needs at least one step");
                continue;
            }
            out.push(Step::Repeat { times, steps });
            continue;
        }
        let kind = match get(m, "kind") {
            Some(k) => {
                let Some(t) = validate::text(k, "`kind`", p) else {
                    continue;
                };
                match StepKind::parse(&t) {
                    Some(s) => s,
                    None => {
                        let names = ["warmup", "work", "recover", "rest", "cooldown", "repeat"];
                        let d = p.error(k.pos, "step-kind", format!("unknown step kind `{t}`"));
                        match suggest(&t, names) {
                            Some(s) => d.help(format!(
                                "did you mean `{s}`? step kinds: {}",
                                names.join(", ")
                            )),
                            None => d.help(format!("step kinds: {}", names.join(", "))),
                        }
                        continue;
                    }
                }
            }
            None => {
                p.error(
                    item.pos,
                    "step-kind",
                    "a step needs a `kind` (warmup, work, recover, rest, cooldown) or `repeat`",
                );
                continue;
            }
        };
        let distance = get(m, "distance").and_then(|d| amount_of(d, "`distance`", true, true, p));
        let duration = get(m, "duration").and_then(|d| amount_of(d, "`duration`", false, true, p));
        let target = get(m, "target").and_then(|t| target_of(t, cx, p));
        let cue = get(m, "cue").and_then(|c| validate::text(c, "`cue`", p));
        out.push(Step::Single {
            kind,
            amount: distance.or(duration),
            target,
            cue,
        });
    }
    out
}
