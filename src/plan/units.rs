//! Amounts (distance, duration), paces and efforts as a coach writes them, and how they print.
//!
//! Distances are kept in metres, durations in seconds and paces in seconds per kilometre, so
//! the analysis never has to know which units the coach used.

use serde::Serialize;

/// The longest distance one session may have, in metres.
pub const MAX_METRES: f64 = 1_000_000.0;
/// The longest duration one session may have, in seconds.
pub const MAX_SECONDS: f64 = 100.0 * 3600.0;

/// Metres in a mile.
pub const METRES_PER_MILE: f64 = 1609.344;

/// The shortest distance a whole session may have, in metres.
pub const MIN_SESSION_METRES: f64 = 100.0;
/// The shortest duration a whole session may have, in seconds.
pub const MIN_SESSION_SECONDS: f64 = 60.0;
/// The shortest distance of one block (`+ 200m jog`, the `50m` of `10x50m`), in metres.
pub const MIN_BLOCK_METRES: f64 = 10.0;
/// The shortest duration of one block (the `20s` of `6x20s strides`), in seconds.
pub const MIN_BLOCK_SECONDS: f64 = 5.0;
/// The fastest pace Taper accepts, seconds per km (2:00/km, faster than any world record).
pub const FASTEST_PACE: f64 = 120.0;
/// The slowest pace Taper accepts, seconds per km (20:00/km, a slow walk).
pub const SLOWEST_PACE: f64 = 1200.0;

/// Race distances known by name, as the amount of a race (`race half`) or a distance
/// (`distance: marathon`): name, metres. Numbered ones (`5K`, `10K`, `50K`) are amounts already.
pub const RACE_DISTANCES: [(&str, f64); 5] = [
    ("half", 21_097.5),
    ("half-marathon", 21_097.5),
    ("hm", 21_097.5),
    ("marathon", 42_195.0),
    ("m", 42_195.0),
];

/// The distance of a race written by name (`half`, `HM`, `marathon`, `M`), case-insensitively.
pub fn race_distance(name: &str) -> Option<f64> {
    let lower = name.to_ascii_lowercase();
    RACE_DISTANCES
        .iter()
        .find(|(n, _)| *n == lower)
        .map(|&(_, m)| m)
}

/// Why a piece of text is not an amount or a pace, and what was probably meant.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Invalid {
    /// What is wrong.
    pub message: String,
    /// What was probably meant.
    pub help: Option<String>,
}

impl Invalid {
    fn new(message: impl Into<String>) -> Invalid {
        Invalid {
            message: message.into(),
            help: None,
        }
    }

    fn help(mut self, help: impl Into<String>) -> Invalid {
        self.help = Some(help.into());
        self
    }
}

impl From<String> for Invalid {
    fn from(message: String) -> Invalid {
        Invalid::new(message)
    }
}

/// The distance unit a plan or site displays.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum Units {
    /// Kilometres.
    #[default]
    Km,
    /// Miles.
    Mi,
}

impl Units {
    /// Parses `km` or `mi`.
    pub fn parse(s: &str) -> Option<Units> {
        match s.trim().to_ascii_lowercase().as_str() {
            "km" | "kilometres" | "kilometers" => Some(Units::Km),
            "mi" | "miles" => Some(Units::Mi),
            _ => None,
        }
    }

    /// `km` or `mi`.
    pub fn label(self) -> &'static str {
        match self {
            Units::Km => "km",
            Units::Mi => "mi",
        }
    }

    /// Metres in one unit.
    pub fn metres(self) -> f64 {
        match self {
            Units::Km => 1000.0,
            Units::Mi => METRES_PER_MILE,
        }
    }
}

/// How much of a session: a distance or a duration, possibly a range (`8-10km`).
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "lowercase")]
pub enum Amount {
    /// Metres, low and high end (equal when not a range), and the unit it was written in.
    Distance {
        /// Low end in metres.
        lo: f64,
        /// High end in metres.
        hi: f64,
        /// The unit written (`km`, `mi`, `m`).
        unit: DistanceUnit,
    },
    /// Seconds, low and high end (equal when not a range).
    Duration {
        /// Low end in seconds.
        lo: f64,
        /// High end in seconds.
        hi: f64,
    },
}

/// The unit a distance was written in, kept for faithful display.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum DistanceUnit {
    /// Kilometres.
    Km,
    /// Miles.
    Mi,
    /// Metres.
    M,
}

impl Amount {
    /// The middle of the range (the value totals use).
    pub fn mid(&self) -> f64 {
        match *self {
            Amount::Distance { lo, hi, .. } | Amount::Duration { lo, hi } => (lo + hi) / 2.0,
        }
    }

    /// Whether this is a range like `8-10km`.
    pub fn is_range(&self) -> bool {
        match *self {
            Amount::Distance { lo, hi, .. } | Amount::Duration { lo, hi } => lo != hi,
        }
    }

    /// The amount as the compact syntax writes it (`8km`, `8-10km`, `400m`, `1h15`, `90s`).
    pub fn compact(&self) -> String {
        match *self {
            Amount::Distance { lo, hi, unit } => {
                // A half marathon by name is the one amount that is not whole metres.
                if let Some((name, _)) = RACE_DISTANCES
                    .iter()
                    .find(|(_, m)| lo == hi && lo == *m && m.fract() != 0.0)
                {
                    return (*name).to_string();
                }
                // Whole metres print back exactly: 3 decimals of a km, 4 of a mile.
                let (div, label, places) = match unit {
                    DistanceUnit::Km => (1000.0, "km", 3),
                    DistanceUnit::Mi => (METRES_PER_MILE, "mi", 4),
                    DistanceUnit::M => (1.0, "m", 0),
                };
                let f = |x: f64| trim_number(format!("{:.*}", places, x / div));
                if lo == hi {
                    format!("{}{label}", f(lo))
                } else {
                    format!("{}-{}{label}", f(lo), f(hi))
                }
            }
            Amount::Duration { lo, hi } => {
                if lo == hi {
                    compact_duration(lo)
                } else if lo < 3600.0 && hi < 3600.0 && lo % 60.0 == 0.0 && hi % 60.0 == 0.0 {
                    format!("{}-{}min", num(lo / 60.0), num(hi / 60.0))
                } else {
                    format!("{}-{}", compact_duration(lo), compact_duration(hi))
                }
            }
        }
    }

    /// The amount for a reader (`8 km`, `8–10 km`, `400 m`, `1 h 15 min`, `90 s`).
    pub fn human(&self) -> String {
        match *self {
            Amount::Distance { lo, hi, unit } => {
                let (div, label) = match unit {
                    DistanceUnit::Km => (1000.0, "km"),
                    DistanceUnit::Mi => (METRES_PER_MILE, "mi"),
                    DistanceUnit::M => (1.0, "m"),
                };
                if lo == hi {
                    format!("{} {label}", num(lo / div))
                } else {
                    format!("{}–{} {label}", num(lo / div), num(hi / div))
                }
            }
            Amount::Duration { lo, hi } => {
                if lo == hi {
                    human_duration(lo)
                } else {
                    format!("{}–{}", human_duration(lo), human_duration(hi))
                }
            }
        }
    }
}

/// A number without a needless `.0` and with at most two decimals.
pub fn num(x: f64) -> String {
    decimal((x * 100.0).round(), 2)
}

/// `units` (a whole number of 10^-`places`) as a decimal without trailing zeros: the text of
/// the float `units / 10^places` formatted with `places` decimals and trimmed, worked out in
/// integer arithmetic (float formatting is slow, and a plan page shows hundreds of numbers)
/// except where integers would not be exact.
fn decimal(units: f64, places: u32) -> String {
    if units.is_nan() || units.abs() >= 1e15 {
        let r = units / 10f64.powi(places as i32);
        return if r.fract() == 0.0 {
            format!("{r:.0}")
        } else {
            format!("{r:.prec$}", prec = places as usize)
                .trim_end_matches('0')
                .to_string()
        };
    }
    let mut out = String::with_capacity(24);
    // `-0` for tiny negative numbers, as float formatting keeps the sign of -0.0.
    if units.is_sign_negative() {
        out.push('-');
    }
    let n = (units as i64).unsigned_abs();
    let scale = 10u64.pow(places);
    let (whole, mut frac) = (n / scale, n % scale);
    push_digits(&mut out, whole, 1);
    if frac != 0 {
        let mut width = places as usize;
        while frac % 10 == 0 {
            frac /= 10;
            width -= 1;
        }
        out.push('.');
        push_digits(&mut out, frac, width);
    }
    out
}

/// Appends `n` in decimal, zero-padded to `width` digits (without `format!`: [`decimal`] runs
/// hundreds of times a page).
fn push_digits(out: &mut String, mut n: u64, width: usize) {
    let mut buf = [b'0'; 20];
    let mut i = buf.len();
    loop {
        i -= 1;
        buf[i] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    let start = i.min(buf.len().saturating_sub(width));
    out.extend(buf[start..].iter().map(|&b| char::from(b)));
}

fn trim_number(s: String) -> String {
    if s.contains('.') {
        s.trim_end_matches('0').trim_end_matches('.').to_string()
    } else {
        s
    }
}

fn compact_duration(secs: f64) -> String {
    let s = secs.round() as i64;
    if s % 60 != 0 {
        return format!("{s}s");
    }
    let m = s / 60;
    if m >= 60 {
        let (h, rest) = (m / 60, m % 60);
        if rest == 0 {
            format!("{h}h")
        } else {
            format!("{h}h{rest:02}")
        }
    } else {
        format!("{m}min")
    }
}

/// A duration for a reader: `45 min`, `1 h 15 min`, `90 s`.
pub fn human_duration(secs: f64) -> String {
    let s = secs.round() as i64;
    if s < 120 && s % 60 != 0 {
        return format!("{s} s");
    }
    let m = (s as f64 / 60.0).round() as i64;
    if m >= 60 {
        let (h, rest) = (m / 60, m % 60);
        if rest == 0 {
            format!("{h} h")
        } else {
            format!("{h} h {rest} min")
        }
    } else {
        format!("{m} min")
    }
}

/// A distance in metres shown in `units` with one decimal (`12.5 km`).
pub fn human_distance(metres: f64, units: Units) -> String {
    let v = metres / units.metres();
    format!("{} {}", decimal((v * 10.0).round(), 1), units.label())
}

/// A pace in seconds per km shown per `units` (`4:45/km`).
pub fn human_pace(secs_per_km: f64, units: Units) -> String {
    let per_unit = secs_per_km * units.metres() / 1000.0;
    let s = per_unit.round() as i64;
    format!("{}:{:02}/{}", s / 60, s % 60, units.label())
}

/// Parses an amount token such as `10km`, `8-10km`, `400m`, `6mi`, `45min`, `1h15`, `90s`,
/// or a race distance by name (`half`, `marathon`: [`RACE_DISTANCES`]). Says what was expected,
/// and what was probably meant, when the token is not an amount.
pub fn parse_amount(token: &str) -> Result<Amount, Invalid> {
    let t = token.trim().to_ascii_lowercase();
    if let Some(m) = race_distance(&t) {
        return Ok(Amount::Distance {
            lo: m,
            hi: m,
            unit: DistanceUnit::Km,
        });
    }
    if let Some(unsigned) = t.strip_prefix(['-', '\u{2212}', '+']) {
        return Err(Invalid::new(format!(
            "`{token}` has a sign: an amount is a distance or a time, never negative"
        ))
        .help(format!("write `{unsigned}`")));
    }
    if let Some(f) = t.chars().find(|&c| fraction_value(c).is_some()) {
        let invalid = Invalid::new(format!(
            "`{token}` uses the fraction `{f}`: write amounts with a decimal point"
        ));
        return Err(match decimal_for_fractions(&t) {
            Some(d) => invalid.help(format!("write `{d}`")),
            None => invalid.help("e.g. `0.5km` or `1.5h`"),
        });
    }
    if let Some((a, b)) = split_range(&t) {
        let lo = parse_amount(a);
        let hi = parse_amount(b);
        // `8-10km`: the unit is written once, after the second number.
        let lo = match (lo, &hi) {
            (Ok(lo), _) => lo,
            (Err(_), Ok(_)) => parse_amount(&format!("{a}{}", unit_suffix(b)))?,
            (Err(e), Err(_)) => return Err(e),
        };
        let hi = hi?;
        return match (lo, hi) {
            (Amount::Distance { lo: l, .. }, Amount::Distance { hi: h, unit, .. }) => {
                if l > h {
                    Err(upside_down(token))
                } else {
                    Ok(Amount::Distance { lo: l, hi: h, unit })
                }
            }
            (Amount::Duration { lo: l, .. }, Amount::Duration { hi: h, .. }) => {
                if l > h {
                    Err(upside_down(token))
                } else {
                    Ok(Amount::Duration { lo: l, hi: h })
                }
            }
            _ => Err(Invalid::new(format!(
                "the range `{token}` mixes a distance and a duration"
            ))),
        };
    }
    let digits_end = t
        .find(|c: char| !(c.is_ascii_digit() || c == '.'))
        .unwrap_or(t.len());
    let (number, unit) = t.split_at(digits_end);
    if unit.starts_with(':') {
        return Err(clock_time(token, &t));
    }
    let value: f64 = number.parse().map_err(|_| {
        Invalid::new(format!(
            "`{token}` is not an amount: expected a number with a unit, like 8km or 45min"
        ))
    })?;
    if !value.is_finite() {
        return Err(Invalid::new(format!("`{token}` is not a number")));
    }
    // Amounts are kept to the whole metre and second, within what any session could be.
    let dist = |m: f64, unit| {
        let m = m.round();
        if m > MAX_METRES {
            return Err(Invalid::new(format!(
                "`{token}` is longer than any session: Taper accepts up to 1000 km"
            )));
        }
        Ok(Amount::Distance { lo: m, hi: m, unit })
    };
    let dur = |s: f64| {
        let s = s.round();
        if s > MAX_SECONDS {
            return Err(Invalid::new(format!(
                "`{token}` is longer than any session: Taper accepts up to 100 h"
            )));
        }
        Ok(Amount::Duration { lo: s, hi: s })
    };
    match unit {
        "km" | "k" => dist(value * 1000.0, DistanceUnit::Km),
        "mi" | "mile" | "miles" => dist(value * METRES_PER_MILE, DistanceUnit::Mi),
        "m" => dist(value, DistanceUnit::M),
        "min" | "mins" | "minutes" | "'" => dur(value * 60.0),
        "s" | "sec" | "secs" | "\"" => dur(value),
        "h" | "hr" | "hrs" => dur(value * 3600.0),
        _ if unit.starts_with('h') => {
            // 1h15 or 1h15min
            let rest = unit[1..].trim_end_matches("min").trim_end_matches('m');
            let minutes: f64 = rest.parse().map_err(|_| {
                Invalid::new(format!("`{token}` is not a duration: write 1h15 or 75min"))
            })?;
            if minutes >= 60.0 {
                return Err(Invalid::new(format!(
                    "`{token}` has {minutes} minutes after the hours: write at most 59"
                )));
            }
            dur(value * 3600.0 + minutes * 60.0)
        }
        "" => Err(Invalid::new(format!(
            "`{token}` has no unit: write km, mi or m for a distance, or min, h or s for a duration"
        ))),
        _ => Err(Invalid::new(format!(
            "unknown unit `{unit}` in `{token}`: use km, mi or m (metres) for distance, min, h or s for time"
        ))),
    }
}

fn upside_down(token: &str) -> Invalid {
    Invalid::new(format!(
        "the range `{token}` is upside down: write the smaller number first"
    ))
}

/// `0:45`, `1:30:00`: a clock time where an amount belongs. Suggests the amount it most
/// likely means (hours:minutes, or minutes:seconds when the first number is 10 or more).
fn clock_time(token: &str, t: &str) -> Invalid {
    let invalid = Invalid::new(format!(
        "`{token}` is a clock time, not an amount: durations are written with a unit"
    ));
    let parts: Option<Vec<u64>> = t.split(':').map(|p| p.parse().ok()).collect();
    let write = |s: String| format!("write `{s}`");
    invalid.help(match parts.as_deref() {
        Some(&[h, m, 0]) if m < 60 => write(hours_minutes(h, m)),
        Some(&[h, m, s]) if m < 60 && s < 60 => write(format!("{}s", (h * 60 + m) * 60 + s)),
        Some(&[a, b]) if b < 60 && a < 10 => format!(
            "{} (hours:minutes), or `{}` if you meant minutes:seconds",
            write(hours_minutes(a, b)),
            minutes_seconds(a, b)
        ),
        Some(&[a, b]) if b < 60 => write(minutes_seconds(a, b)),
        _ => "write it like 45min, 1h30 or 90s".to_string(),
    })
}

fn hours_minutes(h: u64, m: u64) -> String {
    match (h, m) {
        (0, m) => format!("{m}min"),
        (h, 0) => format!("{h}h"),
        (h, m) => format!("{h}h{m:02}"),
    }
}

fn minutes_seconds(m: u64, s: u64) -> String {
    if s == 0 {
        format!("{m}min")
    } else {
        format!("{}s", m * 60 + s)
    }
}

/// The decimals of a vulgar fraction character (`½` → `5`, for 0.5); empty for one without an
/// exact decimal (`⅓`); `None` for any other character.
pub fn fraction_value(c: char) -> Option<&'static str> {
    Some(match c {
        '\u{bd}' => "5",   // ½
        '\u{bc}' => "25",  // ¼
        '\u{be}' => "75",  // ¾
        '\u{2155}' => "2", // ⅕
        '\u{2156}' => "4",
        '\u{2157}' => "6",
        '\u{2158}' => "8",
        '\u{215b}' => "125", // ⅛
        '\u{215c}' => "375",
        '\u{215d}' => "625",
        '\u{215e}' => "875",
        '\u{2152}' => "1", // ⅒
        '\u{2150}'..='\u{215f}' | '\u{2189}' => "",
        _ => return None,
    })
}

/// `1½km` → `1.5km`, `½km` → `0.5km`, when every fraction in it has an exact decimal.
fn decimal_for_fractions(t: &str) -> Option<String> {
    let mut out = String::new();
    for c in t.chars() {
        match fraction_value(c) {
            Some("") => return None,
            Some(d) => {
                if !out.ends_with(|c: char| c.is_ascii_digit()) {
                    out.push('0');
                }
                out.push('.');
                out.push_str(d);
            }
            None => out.push(c),
        }
    }
    Some(out)
}

/// Why `a` is too small for a whole session (under 100 m or 1 minute), if it is.
pub fn too_small_for_a_session(a: &Amount, token: &str) -> Option<Invalid> {
    too_small(a, token, MIN_SESSION_METRES, MIN_SESSION_SECONDS, "a session").map(|i| {
        i.help("a session lasts at least 1 minute or covers at least 100 m; shorter efforts are blocks, like `easy 5km + 6x20s strides`")
    })
}

/// Why `a` is too small for one block (under 10 m or 5 seconds), if it is.
pub fn too_small_for_a_block(a: &Amount, token: &str) -> Option<Invalid> {
    too_small(a, token, MIN_BLOCK_METRES, MIN_BLOCK_SECONDS, "a block")
        .map(|i| i.help("a block lasts at least 5 s or covers at least 10 m"))
}

fn too_small(a: &Amount, token: &str, metres: f64, seconds: f64, what: &str) -> Option<Invalid> {
    let short = match *a {
        Amount::Distance { lo, .. } => lo < metres,
        Amount::Duration { lo, .. } => lo < seconds,
    };
    short.then(|| Invalid::new(format!("`{token}` is too short for {what}")))
}

fn split_range(t: &str) -> Option<(&str, &str)> {
    let i = t.find('-')?;
    if i == 0 {
        return None;
    }
    Some((&t[..i], &t[i + 1..]))
}

fn unit_suffix(b: &str) -> &str {
    let i = b
        .find(|c: char| !(c.is_ascii_digit() || c == '.'))
        .unwrap_or(b.len());
    &b[i..]
}

/// Parses a pace such as `4:45/km`, `7:30/mi` or a range `5:00-5:20/km`, as seconds per km
/// (fast end first), within [`FASTEST_PACE`]..=[`SLOWEST_PACE`].
pub fn parse_pace(text: &str) -> Result<(f64, f64), Invalid> {
    let t = text.trim().to_ascii_lowercase();
    let (body, unit) = t.rsplit_once('/').ok_or_else(|| {
        Invalid::new(format!(
            "`{text}` is not a pace: write it as 4:45/km or 7:30/mi"
        ))
    })?;
    let per = match unit.trim() {
        "km" => 1000.0,
        "mi" | "mile" => METRES_PER_MILE,
        other => {
            return Err(Invalid::new(format!(
                "unknown pace unit `/{other}`: write /km or /mi"
            )));
        }
    };
    if let Some((a, b)) = body.split_once('-')
        && let Some(a) = a.strip_suffix(&format!("/{unit}"))
    {
        // `6:00/km-5:00/km`: the unit written on both ends.
        let (fast, slow) = if pace_seconds(a) <= pace_seconds(b) {
            (a, b)
        } else {
            (b, a)
        };
        return Err(Invalid::new(format!(
            "`{text}` writes the unit twice: a pace range has it once"
        ))
        .help(format!(
            "write `{fast}-{slow}/{unit}` (the faster pace first)"
        )));
    }
    let one = |s: &str| -> Result<f64, Invalid> {
        let (m, sec) = s.trim().split_once(':').ok_or_else(|| {
            Invalid::new(format!(
                "`{s}` is not a pace: write minutes:seconds, like 4:45"
            ))
        })?;
        let bad = || Invalid::new(format!("`{s}` is not a pace"));
        let digits = |x: &str| !x.is_empty() && x.chars().all(|c| c.is_ascii_digit());
        if !digits(m) || !digits(sec) {
            return Err(bad());
        }
        let m: f64 = m.parse().map_err(|_| bad())?;
        let sec: f64 = sec.parse().map_err(|_| bad())?;
        if sec >= 60.0 || m > 59.0 {
            return Err(Invalid::new(format!(
                "`{s}` is not a pace: seconds run from 00 to 59"
            )));
        }
        Ok((m * 60.0 + sec) * 1000.0 / per)
    };
    let (a, b) = match body.split_once('-') {
        Some((a, b)) => (one(a)?, one(b)?),
        None => {
            let v = one(body)?;
            (v, v)
        }
    };
    if a > b {
        return Err(Invalid::new(format!(
            "the pace range `{text}` is upside down: write the faster pace first (5:00-5:20/km)"
        )));
    }
    let bounds = format!(
        "Taper accepts paces from {} to {}",
        human_pace(FASTEST_PACE, Units::Km),
        human_pace(SLOWEST_PACE, Units::Km)
    );
    if a < FASTEST_PACE {
        return Err(
            Invalid::new(format!("`{text}` is faster than anyone runs: {bounds}"))
                .help("check the minutes and seconds, like 4:45/km"),
        );
    }
    if b > SLOWEST_PACE {
        return Err(
            Invalid::new(format!("`{text}` is slower than a walk: {bounds}"))
                .help("check the minutes and seconds, like 7:30/km"),
        );
    }
    Ok((a, b))
}

/// `m:ss` as seconds, for ordering a suggestion; unparsable text sorts last.
fn pace_seconds(s: &str) -> f64 {
    s.split_once(':')
        .and_then(|(m, s)| Some(m.parse::<f64>().ok()? * 60.0 + s.parse::<f64>().ok()?))
        .unwrap_or(f64::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        /// The digits as `format!` writes them, which `decimal` did before.
        #[test]
        fn decimal_is_formats(units in -1e12f64..1e12f64, places in 0u32..4) {
            let by_format = |units: f64, places: u32| -> String {
                if units.is_nan() || units.abs() >= 1e15 {
                    return decimal(units, places);
                }
                let sign = if units.is_sign_negative() { "-" } else { "" };
                let n = (units as i64).unsigned_abs();
                let scale = 10u64.pow(places);
                let (whole, mut frac) = (n / scale, n % scale);
                if frac == 0 {
                    return format!("{sign}{whole}");
                }
                let mut width = places as usize;
                while frac % 10 == 0 {
                    frac /= 10;
                    width -= 1;
                }
                format!("{sign}{whole}.{frac:0width$}")
            };
            let units = units.trunc();
            proptest::prop_assert_eq!(decimal(units, places), by_format(units, places));
        }
    }

    #[test]
    fn amounts() {
        assert_eq!(parse_amount("10km").unwrap().mid(), 10_000.0);
        assert_eq!(parse_amount("400m").unwrap().mid(), 400.0);
        assert_eq!(parse_amount("45min").unwrap().mid(), 2700.0);
        assert_eq!(parse_amount("1h15").unwrap().mid(), 4500.0);
        assert_eq!(parse_amount("90s").unwrap().mid(), 90.0);
        assert_eq!(parse_amount("6mi").unwrap().mid(), 9656.0);
        let r = parse_amount("8-10km").unwrap();
        assert!(r.is_range());
        assert_eq!(r.mid(), 9000.0);
        assert!(
            parse_amount("10-8km")
                .unwrap_err()
                .message
                .contains("upside down")
        );
        assert!(parse_amount("10").unwrap_err().message.contains("no unit"));
        assert!(
            parse_amount("10kms")
                .unwrap_err()
                .message
                .contains("unknown unit")
        );
        assert!(
            parse_amount("6666620s")
                .unwrap_err()
                .message
                .contains("up to 100 h")
        );
        assert!(
            parse_amount("2000km")
                .unwrap_err()
                .message
                .contains("up to 1000 km")
        );
    }

    #[test]
    fn race_distances_by_name() {
        for (name, metres) in [
            ("half", 21_097.5),
            ("HM", 21_097.5),
            ("Half-Marathon", 21_097.5),
            ("marathon", 42_195.0),
            ("M", 42_195.0),
            ("5K", 5_000.0),
            ("10K", 10_000.0),
        ] {
            assert_eq!(parse_amount(name).unwrap().mid(), metres, "{name}");
        }
        assert_eq!(race_distance("ultra"), None);
    }

    #[test]
    fn signs_and_fractions_are_refused_with_the_decimal_meant() {
        let e = parse_amount("-5km").unwrap_err();
        assert!(e.message.contains("has a sign"), "{}", e.message);
        assert_eq!(e.help.as_deref(), Some("write `5km`"));
        let e = parse_amount("\u{2212}5km").unwrap_err();
        assert_eq!(e.help.as_deref(), Some("write `5km`"));
        let e = parse_amount("½km").unwrap_err();
        assert!(e.message.contains("fraction `½`"), "{}", e.message);
        assert_eq!(e.help.as_deref(), Some("write `0.5km`"));
        assert_eq!(
            parse_amount("1¼h").unwrap_err().help.as_deref(),
            Some("write `1.25h`")
        );
        assert_eq!(
            parse_amount("⅓mi").unwrap_err().help.as_deref(),
            Some("e.g. `0.5km` or `1.5h`")
        );
    }

    #[test]
    fn clock_times_suggest_the_amount() {
        let e = parse_amount("0:45").unwrap_err();
        assert!(e.message.contains("clock time"), "{}", e.message);
        assert!(
            e.help.as_deref().unwrap().starts_with("write `45min`"),
            "{e:?}"
        );
        let e = parse_amount("1:30:00").unwrap_err();
        assert_eq!(e.help.as_deref(), Some("write `1h30`"));
        let e = parse_amount("45:00").unwrap_err();
        assert_eq!(e.help.as_deref(), Some("write `45min`"));
        let e = parse_amount("1:30").unwrap_err();
        assert_eq!(
            e.help.as_deref(),
            Some("write `1h30` (hours:minutes), or `90s` if you meant minutes:seconds")
        );
    }

    #[test]
    fn too_small_amounts() {
        let a = |t: &str| parse_amount(t).unwrap();
        assert!(too_small_for_a_session(&a("0km"), "0km").is_some());
        assert!(too_small_for_a_session(&a("99m"), "99m").is_some());
        assert!(too_small_for_a_session(&a("100m"), "100m").is_none());
        assert!(too_small_for_a_session(&a("59s"), "59s").is_some());
        assert!(too_small_for_a_session(&a("1min"), "1min").is_none());
        assert!(too_small_for_a_session(&a("0-5km"), "0-5km").is_some());
        assert!(too_small_for_a_block(&a("20s"), "20s").is_none());
        assert!(too_small_for_a_block(&a("4s"), "4s").is_some());
        assert!(too_small_for_a_block(&a("10m"), "10m").is_none());
        assert!(too_small_for_a_block(&a("9m"), "9m").is_some());
    }

    #[test]
    fn compact_amounts_round_trip() {
        for t in [
            "10km", "8-10km", "400m", "45min", "1h15", "90s", "6mi", "1h", "30-40min", "half",
            "42.195km",
        ] {
            assert_eq!(parse_amount(t).unwrap().compact(), t, "{t}");
        }
    }

    #[test]
    fn paces() {
        assert_eq!(parse_pace("4:45/km").unwrap(), (285.0, 285.0));
        assert_eq!(parse_pace("5:00-5:20/km").unwrap(), (300.0, 320.0));
        assert!(
            parse_pace("5:20-5:00/km")
                .unwrap_err()
                .message
                .contains("upside down")
        );
        assert!(parse_pace("4:75/km").is_err());
        assert!(parse_pace("4:45.5/km").is_err());
        assert_eq!(parse_pace("2:00/km").unwrap(), (120.0, 120.0));
        assert_eq!(parse_pace("20:00/km").unwrap(), (1200.0, 1200.0));
        let e = parse_pace("0:01/km").unwrap_err();
        assert!(e.message.contains("faster than anyone"), "{}", e.message);
        assert!(parse_pace("1:59/km").is_err());
        let e = parse_pace("20:01/km").unwrap_err();
        assert!(e.message.contains("slower than a walk"), "{}", e.message);
        assert!(parse_pace("3:00/mi").is_err(), "1:52/km");
        assert!(parse_pace("3:20/mi").is_ok());
        let e = parse_pace("6:00/km-5:00/km").unwrap_err();
        assert!(e.message.contains("unit twice"), "{}", e.message);
        assert_eq!(
            e.help.as_deref(),
            Some("write `5:00-6:00/km` (the faster pace first)")
        );
        let e = parse_pace("5:00/km-6:00/km").unwrap_err();
        assert_eq!(
            e.help.as_deref(),
            Some("write `5:00-6:00/km` (the faster pace first)")
        );
        assert_eq!(human_pace(285.0, Units::Km), "4:45/km");
    }

    #[test]
    fn human_forms() {
        assert_eq!(human_duration(4500.0), "1 h 15 min");
        assert_eq!(human_duration(20.0), "20 s");
        assert_eq!(human_distance(21_097.5, Units::Km), "21.1 km");
        assert_eq!(num(21.1), "21.1");
        // The integer path gives what float formatting gave, sign and rounding included.
        let old = |x: f64| {
            let r = (x * 100.0).round() / 100.0;
            if r.fract() == 0.0 {
                format!("{r:.0}")
            } else {
                format!("{r:.2}").trim_end_matches('0').to_string()
            }
        };
        for x in [
            0.0,
            -0.0,
            0.004,
            -0.004,
            -0.006,
            0.005,
            1.0,
            1.5,
            1.05,
            1.005,
            2.675,
            -3.25,
            9.999,
            21.0975,
            42.195,
            1e9,
            -1e9,
            123456.789,
            0.1 + 0.2,
        ] {
            assert_eq!(num(x), old(x), "{x}");
        }
        for i in -20_000..20_000 {
            let x = f64::from(i) * 0.00137;
            assert_eq!(num(x), old(x), "{x}");
        }
        let old_distance = |m: f64| {
            let r = (m / 1000.0 * 10.0).round() / 10.0;
            if r.fract() == 0.0 {
                format!("{r:.0} km")
            } else {
                format!("{r:.1} km")
            }
        };
        for i in -5_000..50_000 {
            let m = f64::from(i) * 3.7;
            assert_eq!(human_distance(m, Units::Km), old_distance(m), "{m}");
        }
    }
}
