//! The plan's header keys: units, goal, baseline, paces, articles, recovery overrides, and
//! the efforts and `ack:` lists that weeks and sessions share.

use super::*;

pub(super) fn units_of(n: &Node, p: &mut Problems) -> Option<Units> {
    let t = validate::text(n, "`units`", p)?;
    let u = Units::parse(&t);
    if u.is_none() {
        p.error(n.pos, "units", format!("unknown units `{t}`"))
            .help("write `units: km` or `units: mi`");
    }
    u
}

pub(super) fn distance_of(n: &Node, what: &str, p: &mut Problems) -> Option<f64> {
    let t = match &n.value {
        Value::Int(_) | Value::Float(_) => {
            p.error(n.pos, "amount", format!("{what} has no unit"))
                .help("write a distance with its unit, like 21.1km or 13.1mi");
            return None;
        }
        _ => validate::text(n, what, p)?,
    };
    match parse_amount(&t) {
        Ok(Amount::Distance { lo, hi, .. }) => Some((lo + hi) / 2.0),
        Ok(_) => {
            p.error(
                n.pos,
                "amount",
                format!("{what} must be a distance, found the duration `{t}`"),
            );
            None
        }
        Err(e) => {
            report(p, n.pos, "amount", e);
            None
        }
    }
}

/// Records an amount or pace problem with its help line.
pub(super) fn report(p: &mut Problems, pos: Pos, code: &'static str, e: Invalid) {
    let d = p.error(pos, code, e.message);
    if let Some(h) = e.help {
        d.help(h);
    }
}

/// `goal:`, or its other name `race:` (both set is an error at `race:`).
pub(super) fn goal_or_race(map: &[(Key, Node)], p: &mut Problems) -> Option<Goal> {
    match (get(map, "goal"), get(map, "race")) {
        (Some(g), Some(r)) => {
            p.error(
                r.pos,
                "goal",
                "both `goal:` and `race:` are set; `race:` is another name for `goal:`",
            )
            .help("keep one of them");
            goal_of(g, p)
        }
        (Some(g), None) | (None, Some(g)) => goal_of(g, p),
        (None, None) => None,
    }
}

pub(super) fn goal_of(n: &Node, p: &mut Problems) -> Option<Goal> {
    let map = validate::as_map(n, "`goal`", p)?;
    check_keys(map, GOAL_KEYS, "`goal`", p);
    let mut g = Goal::default();
    for (k, v) in map {
        match k.name.as_str() {
            "race" | "name" => g.race = validate::text(v, "the race name", p),
            "distance" => g.distance = distance_of(v, "the race distance", p),
            "date" => g.date = validate::date(v, "the race date", p),
            "target" => match &v.value {
                Value::Str(s) => g.target = Some(s.clone()),
                Value::Int(_) | Value::Float(_) => {
                    p.error(v.pos, "yaml-number", format!("the target was read as the number {}", v.scalar_text().unwrap_or_default()))
                        .help("some YAML readers turn an unquoted 1:45:00 into seconds: quote it, `target: \"1:45:00\"`");
                }
                _ => g.target = validate::text(v, "the target", p),
            },
            _ => {}
        }
    }
    Some(g)
}

pub(super) fn baseline_of(n: &Node, p: &mut Problems) -> Baseline {
    let mut b = Baseline::default();
    let Some(map) = validate::as_map(n, "`athlete`", p) else {
        return b;
    };
    check_keys(map, &["baseline"], "`athlete`", p);
    if let Some(base) = get(map, "baseline").and_then(|n| validate::as_map(n, "`baseline`", p)) {
        check_keys(
            base,
            &["weekly", "longest_run", "weekly_load"],
            "`baseline`",
            p,
        );
        b.weekly =
            get(base, "weekly").and_then(|n| distance_of(n, "the baseline weekly distance", p));
        b.longest_run =
            get(base, "longest_run").and_then(|n| distance_of(n, "the baseline longest run", p));
        b.weekly_load = get(base, "weekly_load").and_then(|n| match n.value {
            Value::Int(i) if i > 0 => Some(i as f64),
            Value::Float(f) if f > 0.0 && f.is_finite() => Some(f),
            _ => {
                p.error(
                    n.pos,
                    "type",
                    "`weekly_load` must be a planned load above zero (RPE × minutes a week, e.g. 1500)",
                );
                None
            }
        });
    }
    b
}

pub(super) fn paces_of(n: &Node, p: &mut Problems) -> Vec<NamedPace> {
    let Some(map) = validate::as_map(n, "`paces`", p) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for (k, v) in map {
        if !k
            .name
            .chars()
            .all(|c| c.is_alphanumeric() || c == '_' || c == '-')
            || k.name.is_empty()
        {
            p.error(k.pos, "pace", format!("`{}` cannot be a pace name", k.name))
                .help("use letters, digits, `-` or `_`, like `easy`, `MP`, `5K`");
            continue;
        }
        if k.name.to_ascii_uppercase().starts_with("RPE")
            || (k.name.len() == 2 && k.name.starts_with(['Z', 'z']))
        {
            p.error(
                k.pos,
                "pace",
                format!(
                    "`{}` would be read as an effort or zone, not a pace name",
                    k.name
                ),
            );
            continue;
        }
        let mut named = NamedPace {
            name: k.name.clone(),
            pace: None,
            rpe: None,
            from: None,
        };
        match &v.value {
            Value::Str(s) => match parse_pace(s) {
                Ok(r) => named.pace = Some(r),
                Err(e) => report(p, v.pos, "pace", e),
            },
            Value::Map(m) => {
                check_keys(m, &["pace", "rpe", "from", "offset"], "a pace", p);
                if let Some(pn) = get(m, "pace")
                    && let Some(t) = validate::text(pn, "`pace`", p)
                {
                    match parse_pace(&t) {
                        Ok(r) => named.pace = Some(r),
                        Err(e) => report(p, pn.pos, "pace", e),
                    }
                }
                if let Some(rn) = get(m, "rpe") {
                    named.rpe = rpe_of(rn, p).map(|(lo, hi)| (lo + hi) / 2.0);
                }
                named.from = relation_of(m, p);
            }
            _ => {
                p.error(
                    v.pos,
                    "pace",
                    format!(
                        "a pace must be like `{{ pace: 4:45/km, rpe: 7 }}`, found {}",
                        v.kind()
                    ),
                );
            }
        }
        out.push(named);
    }
    out
}

/// `from:` and `offset:` of a named pace: how a reader's own pace follows their race result.
fn relation_of(m: &[(Key, Node)], p: &mut Problems) -> Option<PaceRelation> {
    let offset = get(m, "offset").and_then(|n| {
        let t = validate::text(n, "`offset`", p)?;
        match parse_offset(&t) {
            Ok(o) => Some(o),
            Err(e) => {
                p.error(n.pos, "pace", e);
                None
            }
        }
    });
    let Some(from_node) = get(m, "from") else {
        if let Some(n) = get(m, "offset") {
            p.error(
                n.pos,
                "pace",
                "`offset:` needs a `from:` to be an offset from",
            )
            .help("write e.g. `{ from: marathon, offset: +0:15/km }`");
        }
        return None;
    };
    let t = validate::text(from_node, "`from`", p)?;
    match Intensity::parse(&t) {
        Some(from) => Some(PaceRelation {
            from,
            offset: offset.unwrap_or(0.0),
        }),
        None => {
            p.error(
                from_node.pos,
                "pace",
                format!("`from: {t}` is not a training intensity or a race distance"),
            )
            .help("write easy, marathon, threshold, interval or repetition (Daniels' VDOT paces), or a race distance like 5K, 10K, HM or 15km");
            None
        }
    }
}

pub(super) fn articles_of(
    n: &Node,
    p: &mut Problems,
) -> (BTreeMap<String, String>, BTreeMap<String, Pos>) {
    let mut out = BTreeMap::new();
    let mut pos = BTreeMap::new();
    let Some(map) = validate::as_map(n, "`articles`", p) else {
        return (out, pos);
    };
    for (k, v) in map {
        if let Some(t) = validate::text(v, "an article path", p) {
            out.insert(
                k.name.clone(),
                t.trim_matches('/').trim_end_matches(".md").to_string(),
            );
            pos.insert(k.name.clone(), v.pos);
        }
    }
    (out, pos)
}

/// Reads a `recovery:` thresholds map (shared with site.yaml).
pub fn recovery_of(n: &Node, p: &mut Problems) -> RecoveryOverrides {
    let mut r = RecoveryOverrides::default();
    let Some(map) = validate::as_map(n, "`recovery`", p) else {
        return r;
    };
    check_keys(map, RECOVERY_KEYS, "`recovery`", p);
    for (k, v) in map {
        let num = match v.value {
            Value::Int(i) => i as f64,
            Value::Float(f) => f,
            _ => {
                p.error(v.pos, "type", format!("`{}` must be a number", k.name));
                continue;
            }
        };
        if num <= 0.0 || !num.is_finite() {
            p.error(v.pos, "range", format!("`{}` must be above zero", k.name));
            continue;
        }
        match k.name.as_str() {
            "max_days_without_rest" => r.max_days_without_rest = Some(num.round() as u32),
            "long_run_increase" => r.long_run_increase = Some(num),
            "long_run_caution" => r.long_run_caution = Some(num),
            "weekly_increase" => r.weekly_increase = Some(num),
            "monotony" => r.monotony = Some(num),
            "low_intensity_share" => r.low_intensity_share = Some(num),
            "ramp_rate" => r.ramp_rate = Some(num),
            "race_form" => r.race_form = Some(num),
            "taper_volume_cut" => r.taper_volume_cut = Some(num),
            "taper_volume_best" => r.taper_volume_best = Some(num),
            "taper_volume_max" => r.taper_volume_max = Some(num),
            "taper_intensity_rpe" => r.taper_intensity_rpe = Some(num),
            "taper_frequency_drop" => r.taper_frequency_drop = Some(num),
            "long_run_share" => r.long_run_share = Some(num),
            _ => {}
        }
    }
    r
}

pub(super) fn rpe_of(n: &Node, p: &mut Problems) -> Option<(f64, f64)> {
    let text = match &n.value {
        Value::Int(i) => i.to_string(),
        Value::Float(f) => f.to_string(),
        Value::Str(s) => s
            .trim_start_matches(['R', 'P', 'E', 'r', 'p', 'e'])
            .to_string(),
        _ => {
            p.error(
                n.pos,
                "rpe",
                format!("`rpe` must be a number from 0 to 10, found {}", n.kind()),
            );
            return None;
        }
    };
    match parse_rpe(&text) {
        Ok(r) => Some(r),
        Err(m) => {
            p.error(n.pos, "rpe", m);
            None
        }
    }
}

pub(super) fn acks_of(n: &Node, p: &mut Problems) -> Vec<Ack> {
    let items: Vec<&Node> = match &n.value {
        Value::Seq(s) => s.iter().collect(),
        _ => vec![n],
    };
    // The shape of every item first, then the codes: the problems in that order.
    let mut written: Vec<(String, Option<String>)> = Vec::new();
    for item in items {
        match &item.value {
            Value::Str(code) => written.push((code.clone(), None)),
            Value::Map(m) => {
                check_keys(m, &["code", "note"], "an `ack`", p);
                let code =
                    get(m, "code").and_then(|c| validate::text(c, "the acknowledged code", p));
                let note = get(m, "note").and_then(|c| validate::text(c, "the note", p));
                match code {
                    Some(code) => written.push((code, note)),
                    None => {
                        p.error(item.pos, "ack", "an `ack` needs a `code`").help(
                            "e.g. `ack: [{ code: hard-back-to-back, note: \"On purpose.\" }]`",
                        );
                    }
                }
            }
            _ => {
                p.error(
                    item.pos,
                    "ack",
                    "`ack` lists finding codes, like `[hard-back-to-back]`",
                );
            }
        }
    }
    let mut out = Vec::with_capacity(written.len());
    for (text, note) in written {
        match Code::parse(&text) {
            Some(code) => out.push(Ack { code, note }),
            None => unknown_code(&text, n.pos, p),
        }
    }
    out
}

pub(super) fn unknown_code(text: &str, pos: Pos, p: &mut Problems) {
    let d = p.error(pos, "ack", format!("`{text}` is not a finding code"));
    let codes = Code::ALL.map(Code::as_str);
    if text == "short-taper" {
        d.help("`short-taper` was replaced by `taper-volume` (and `taper-intensity`, `taper-frequency`)");
        return;
    }
    match suggest(text, codes) {
        Some(s) => d.help(format!("did you mean `{s}`?")),
        None => d.help(format!("codes: {}", codes.join(", "))),
    }
}
