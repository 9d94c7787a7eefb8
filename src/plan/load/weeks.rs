//! `weeks:`: each week's keys and its seven days, each day's sessions in the compact syntax
//! or as maps.

use super::*;

pub(super) fn weeks_of(n: &Node, source: &str, cx: &Context, p: &mut Problems) -> Vec<Week> {
    let Some(items) = n.as_seq() else {
        p.error(
            n.pos,
            "type",
            format!(
                "`weeks` must be a list (one `- days:` item per week), found {}",
                n.kind()
            ),
        );
        return Vec::new();
    };
    if items.len() > MAX_WEEKS {
        p.error(
            n.pos,
            "weeks",
            format!(
                "the plan has {} weeks; Taper accepts at most {MAX_WEEKS}",
                items.len()
            ),
        )
        .help("split a very long plan into several plans");
        return Vec::new();
    }
    let mut weeks = Vec::with_capacity(items.len());
    for (i, item) in items.iter().enumerate() {
        let Some(map) = validate::as_map(item, &format!("week {}", i + 1), p) else {
            continue;
        };
        check_keys(map, WEEK_KEYS, &format!("week {}", i + 1), p);
        let phase = get(map, "phase").and_then(|n| validate::text(n, "`phase`", p));
        let deload = get(map, "deload")
            .and_then(|n| validate::boolean(n, "`deload`", p))
            .unwrap_or(false);
        let note = get(map, "note").and_then(|n| validate::text(n, "`note`", p));
        let acks = get(map, "ack").map(|n| acks_of(n, p)).unwrap_or_default();
        let days = match map.iter().find(|(k, _)| k.name == "days") {
            Some((k, d)) => days_of(d, k.pos, i + 1, source, cx, p),
            None => {
                p.error(
                    item.pos,
                    "missing-key",
                    format!("week {} has no `days`", i + 1),
                )
                .help("list all seven days, mon to sun; write `rest` on rest days");
                None
            }
        };
        if let Some(days) = days {
            weeks.push(Week {
                n: i + 1,
                phase,
                deload,
                note,
                acks,
                days,
                pos: item.pos,
                origin: None,
            });
        }
    }
    weeks
}

pub(super) fn days_of(
    n: &Node,
    key_pos: Pos,
    week: usize,
    source: &str,
    cx: &Context,
    p: &mut Problems,
) -> Option<Vec<Day>> {
    let mut slots: Vec<Option<Day>> = vec![None; 7];
    let mut present = [false; 7];
    match &n.value {
        Value::Map(entries) => {
            for (k, v) in entries {
                let Some(idx) = weekday_index(&k.name) else {
                    let d = p.error(
                        k.pos,
                        "weekday",
                        format!("`{}` is not a day of the week", k.name),
                    );
                    match suggest(&k.name, WEEKDAYS) {
                        Some(s) => d.help(format!(
                            "did you mean `{s}`? days are mon, tue, wed, thu, fri, sat, sun"
                        )),
                        None => d.help("days are mon, tue, wed, thu, fri, sat, sun"),
                    }
                    continue;
                };
                if present[idx] {
                    p.error(
                        k.pos,
                        "weekday",
                        format!("{} appears twice in week {week}", WEEKDAYS[idx]),
                    );
                    continue;
                }
                present[idx] = true;
                slots[idx] = day_of(v, k, idx, source, cx, p);
            }
        }
        Value::Seq(items) => {
            if items.len() != 7 {
                p.error(
                    n.pos,
                    "weekday",
                    format!("week {week} lists {} days; a week has seven", items.len()),
                )
                .help("write the days as a map, mon: … to sun: …, one line each");
                return None;
            }
            for (idx, v) in items.iter().enumerate() {
                let key = Key {
                    name: WEEKDAYS[idx].to_string(),
                    pos: v.pos,
                };
                present[idx] = true;
                slots[idx] = day_of(v, &key, idx, source, cx, p);
            }
        }
        _ => {
            p.error(
                n.pos,
                "type",
                format!(
                    "`days` of week {week} must map mon … sun to sessions, found {}",
                    n.kind()
                ),
            );
            return None;
        }
    }
    let mut missing = false;
    for idx in 0..7 {
        if !present[idx] {
            p.error(
                key_pos,
                "missing-day",
                format!(
                    "week {week} has no `{}`: rest is written down, never implied",
                    WEEKDAYS[idx]
                ),
            )
            .help(format!(
                "add `{}: rest` (or the session for that day)",
                WEEKDAYS[idx]
            ));
            missing = true;
        }
    }
    if missing || slots.iter().any(Option::is_none) {
        return None;
    }
    Some(slots.into_iter().flatten().collect())
}

/// Position of a character inside a scalar: line and column in the file.
pub(super) fn pos_in_scalar(node: &Node, source: &str, char_offset: usize) -> Pos {
    let quoted = usize::from(node.is_quoted(source));
    let raw = node.raw(source).unwrap_or("");
    if raw.contains('\n') {
        return node.pos;
    }
    Pos {
        column: node.pos.column + quoted + char_offset,
        ..node.pos
    }
}

pub(super) fn day_of(
    v: &Node,
    key: &Key,
    weekday: usize,
    source: &str,
    cx: &Context,
    p: &mut Problems,
) -> Option<Day> {
    let sessions = match &v.value {
        Value::Str(text) => {
            warn_comment(v, source, p);
            compact_of(v, text, source, cx, p)?
        }
        Value::Map(_) => vec![session_map(v, source, cx, p)?],
        Value::Seq(items) => {
            if items.is_empty() {
                p.error(
                    v.pos,
                    "day",
                    format!("`{}` has an empty list of sessions", key.name),
                )
                .help(format!("write `{}: rest` on a rest day", key.name));
                return None;
            }
            let mut out = Vec::new();
            for item in items {
                match &item.value {
                    Value::Str(t) => out.extend(compact_of(item, t, source, cx, p)?),
                    Value::Map(_) => out.push(session_map(item, source, cx, p)?),
                    _ => {
                        p.error(item.pos, "day", format!("a session must be text like `easy 8km` or a map with `type:`, found {}", item.kind()));
                        return None;
                    }
                }
            }
            out
        }
        Value::Bool(b) => {
            let raw = v.raw(source).unwrap_or(if *b { "true" } else { "false" });
            p.error(
                v.pos,
                "yaml-boolean",
                format!(
                    "`{}: {raw}` was read by YAML as the boolean {b}, not a session",
                    key.name
                ),
            )
            .help(format!(
                "write `{}: rest` for a rest day (YAML 1.1 reads off/no/yes/on as booleans)",
                key.name
            ));
            return None;
        }
        Value::Null => {
            p.error(
                key.pos,
                "day",
                format!("`{}` has no session written", key.name),
            )
            .help(format!(
                "write `{}: rest` on a rest day: rest is written down, never implied",
                key.name
            ));
            return None;
        }
        Value::Int(_) | Value::Float(_) => {
            p.error(
                v.pos,
                "day",
                format!("`{}` is a number, not a session", key.name),
            )
            .help("write a session like `easy 8km` or `rest`");
            return None;
        }
    };
    Some(Day {
        weekday,
        sessions,
        pos: v.pos,
        origin: None,
    })
}

/// `tue: easy 8km # strides`: YAML drops everything after ` #`. Say so.
pub(super) fn warn_comment(v: &Node, source: &str, p: &mut Problems) {
    if v.is_quoted(source) {
        return;
    }
    let end = v.pos.offset + v.pos.len;
    let rest = source.get(end..).unwrap_or("");
    let line_rest = rest.split('\n').next().unwrap_or("");
    if let Some(hash) = line_rest.find('#')
        && line_rest[..hash].trim().is_empty()
    {
        let col = v.pos.column + source[v.pos.offset..end + hash].chars().count();
        let comment = line_rest[hash + 1..].trim();
        p.warning(
            Pos {
                column: col,
                ..v.pos
            },
            "yaml-comment",
            format!(
                "`# {comment}` after this day is a YAML comment and is not part of the session"
            ),
        )
        .help(format!(
            "if it belongs to the session, put it in the note: '{} \"{comment}\"'",
            v.as_str().unwrap_or("")
        ));
    }
}

pub(super) fn compact_of(
    v: &Node,
    text: &str,
    source: &str,
    cx: &Context,
    p: &mut Problems,
) -> Option<Vec<Session>> {
    match compact::parse_day(text, cx) {
        Ok(s) => Some(s),
        Err(e) => {
            let d = p.error(pos_in_scalar(v, source, e.offset), "day-syntax", e.message);
            if let Some(h) = e.help {
                d.help(h);
            }
            None
        }
    }
}

/// The index (Monday 0) of a day key: `mon` or `monday`, in any case.
pub(super) fn weekday_index(name: &str) -> Option<usize> {
    let lower = name.to_ascii_lowercase();
    WEEKDAYS.iter().position(|d| *d == lower).or_else(|| {
        crate::plan::WEEKDAY_NAMES
            .iter()
            .position(|d| d.eq_ignore_ascii_case(&lower))
    })
}
