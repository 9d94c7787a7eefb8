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
    // `-0` for tiny negative numbers, as float formatting keeps the sign of -0.0.
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

/// Parses an amount token such as `10km`, `8-10km`, `400m`, `6mi`, `45min`, `1h15`, `90s`.
/// Returns a message saying what was expected when the token is not an amount.
pub fn parse_amount(token: &str) -> Result<Amount, String> {
    let t = token.trim().to_ascii_lowercase();
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
                    Err(format!(
                        "the range `{token}` is upside down: write the smaller number first"
                    ))
                } else {
                    Ok(Amount::Distance { lo: l, hi: h, unit })
                }
            }
            (Amount::Duration { lo: l, .. }, Amount::Duration { hi: h, .. }) => {
                if l > h {
                    Err(format!(
                        "the range `{token}` is upside down: write the smaller number first"
                    ))
                } else {
                    Ok(Amount::Duration { lo: l, hi: h })
                }
            }
            _ => Err(format!(
                "the range `{token}` mixes a distance and a duration"
            )),
        };
    }
    let digits_end = t
        .find(|c: char| !(c.is_ascii_digit() || c == '.'))
        .unwrap_or(t.len());
    let (number, unit) = t.split_at(digits_end);
    let value: f64 = number.parse().map_err(|_| {
        format!("`{token}` is not an amount: expected a number with a unit, like 8km or 45min")
    })?;
    if !value.is_finite() {
        return Err(format!("`{token}` is not a number"));
    }
    // Amounts are kept to the whole metre and second, within what any session could be.
    let dist = |m: f64, unit| {
        let m = m.round();
        if m > MAX_METRES {
            return Err(format!(
                "`{token}` is longer than any session: Taper accepts up to 1000 km"
            ));
        }
        Ok(Amount::Distance { lo: m, hi: m, unit })
    };
    let dur = |s: f64| {
        let s = s.round();
        if s > MAX_SECONDS {
            return Err(format!(
                "`{token}` is longer than any session: Taper accepts up to 100 h"
            ));
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
            let minutes: f64 = rest
                .parse()
                .map_err(|_| format!("`{token}` is not a duration: write 1h15 or 75min"))?;
            if minutes >= 60.0 {
                return Err(format!(
                    "`{token}` has {minutes} minutes after the hours: write at most 59"
                ));
            }
            dur(value * 3600.0 + minutes * 60.0)
        }
        "" => Err(format!(
            "`{token}` has no unit: write km, mi or m for a distance, or min, h or s for a duration"
        )),
        _ => Err(format!(
            "unknown unit `{unit}` in `{token}`: use km, mi or m (metres) for distance, min, h or s for time"
        )),
    }
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
/// (fast end first).
pub fn parse_pace(text: &str) -> Result<(f64, f64), String> {
    let t = text.trim().to_ascii_lowercase();
    let (body, unit) = t
        .rsplit_once('/')
        .ok_or_else(|| format!("`{text}` is not a pace: write it as 4:45/km or 7:30/mi"))?;
    let per = match unit.trim() {
        "km" => 1000.0,
        "mi" | "mile" => METRES_PER_MILE,
        other => return Err(format!("unknown pace unit `/{other}`: write /km or /mi")),
    };
    let one = |s: &str| -> Result<f64, String> {
        let (m, sec) = s
            .trim()
            .split_once(':')
            .ok_or_else(|| format!("`{s}` is not a pace: write minutes:seconds, like 4:45"))?;
        let m: f64 = m.parse().map_err(|_| format!("`{s}` is not a pace"))?;
        let sec: f64 = sec.parse().map_err(|_| format!("`{s}` is not a pace"))?;
        if sec >= 60.0 || sec.fract() != 0.0 || m > 59.0 {
            return Err(format!("`{s}` is not a pace: seconds run from 00 to 59"));
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
        return Err(format!(
            "the pace range `{text}` is upside down: write the faster pace first (5:00-5:20/km)"
        ));
    }
    if a <= 0.0 {
        return Err(format!("`{text}` is not a pace"));
    }
    Ok((a, b))
}

#[cfg(test)]
mod tests {
    use super::*;

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
        assert!(parse_amount("10-8km").unwrap_err().contains("upside down"));
        assert!(parse_amount("10").unwrap_err().contains("no unit"));
        assert!(parse_amount("10kms").unwrap_err().contains("unknown unit"));
        assert!(
            parse_amount("6666620s")
                .unwrap_err()
                .contains("up to 100 h")
        );
        assert!(
            parse_amount("2000km")
                .unwrap_err()
                .contains("up to 1000 km")
        );
    }

    #[test]
    fn compact_amounts_round_trip() {
        for t in [
            "10km", "8-10km", "400m", "45min", "1h15", "90s", "6mi", "1h", "30-40min",
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
                .contains("upside down")
        );
        assert!(parse_pace("4:75/km").is_err());
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
