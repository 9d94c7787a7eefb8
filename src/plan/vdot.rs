//! Daniels' VDOT model: a recent race result in, the runner's training and race paces out.
//!
//! Daniels & Gilbert (*Oxygen Power*, 1979) give two curves fitted to runners' races: the
//! oxygen cost of running at a speed, and the share of VO2max a runner can hold for a time.
//! A result's VDOT is its oxygen cost divided by the share held for its duration; a race time at
//! another distance is the time at which the two agree again; a training pace is the speed whose
//! oxygen cost is a fraction of the VDOT (Daniels' intensities, `Intensity`).
//!
//! The page's script (`templates/personalise.js`) computes the same numbers with the same
//! arithmetic; `taper plan FILE --result 10K-45:00 --format json` prints Rust's, and the
//! browser test compares the two. Outside the model's range (VDOT 30–85, results from 3½ minutes
//! to 5 hours) nothing is extrapolated: [`Vdot::from_result`] refuses with a message.

use serde::Serialize;

use super::units::{METRES_PER_MILE, parse_amount, race_distance};

/// The lowest VDOT of Daniels' tables; slower results are refused.
pub const MIN_VDOT: f64 = 30.0;
/// The highest VDOT of Daniels' tables; faster results are refused.
pub const MAX_VDOT: f64 = 85.0;
/// The shortest race the share-of-VO2max curve was fitted to, in minutes.
pub const MIN_MINUTES: f64 = 3.5;
/// The longest race the model is used for, in minutes.
pub const MAX_MINUTES: f64 = 300.0;

/// Oxygen cost of running at `v` metres per minute, ml/kg/min.
pub fn oxygen_cost(v: f64) -> f64 {
    -4.60 + 0.182258 * v + 0.000104 * v * v
}

/// The share of VO2max a runner holds for a race of `t` minutes.
pub fn sustained_fraction(t: f64) -> f64 {
    0.8 + 0.1894393 * (-0.012778 * t).exp() + 0.2989558 * (-0.1932605 * t).exp()
}

/// The speed (metres per minute) whose oxygen cost is `vo2`.
fn speed_for(vo2: f64) -> f64 {
    let (a, b, c) = (0.000104, 0.182258, -4.60 - vo2);
    (-b + (b * b - 4.0 * a * c).sqrt()) / (2.0 * a)
}

/// Seconds per km at `v` metres per minute.
fn pace_of(v: f64) -> f64 {
    60_000.0 / v
}

/// Daniels' training intensities, and race paces at a distance, that a named pace can be
/// tied to (`from:` in a plan's `paces:`).
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[serde(rename_all = "lowercase", tag = "kind")]
pub enum Intensity {
    /// E: 59–74 % of VDOT, a range.
    Easy,
    /// M: the predicted marathon race pace.
    Marathon,
    /// T: 88 % of VDOT.
    Threshold,
    /// I: 97.5 % of VDOT.
    Interval,
    /// R: 6 s per 400 m (15 s/km) faster than I.
    Repetition,
    /// The predicted race pace at a distance (`5K`, `HM`, `15km`).
    Race {
        /// The race distance in metres.
        metres: f64,
    },
}

impl Intensity {
    /// Parses a `from:` value: `easy`, `marathon`, `threshold`, `interval`, `repetition`
    /// (or their letters `E`, `M`, `T`, `I`, `R`), or a race distance (`5K`, `10K`, `HM`,
    /// `half`, `15km`, `10mi`).
    pub fn parse(text: &str) -> Option<Intensity> {
        let t = text.trim();
        Some(match t.to_ascii_lowercase().as_str() {
            "easy" | "e" => Intensity::Easy,
            "marathon" => Intensity::Marathon,
            "threshold" | "t" => Intensity::Threshold,
            "interval" | "i" => Intensity::Interval,
            "repetition" | "r" => Intensity::Repetition,
            _ => Intensity::Race {
                metres: race_metres(t)?,
            },
        })
    }

    /// The name the plan's text and `plan.json` use.
    pub fn name(self) -> String {
        match self {
            Intensity::Easy => "easy".into(),
            Intensity::Marathon => "marathon".into(),
            Intensity::Threshold => "threshold".into(),
            Intensity::Interval => "interval".into(),
            Intensity::Repetition => "repetition".into(),
            Intensity::Race { metres } => format!("race pace over {metres} m"),
        }
    }
}

/// A race distance as a result or a `from:` writes it: `5K`, `10K`, `HM`, `M`, `half`,
/// `marathon`, or an amount (`15km`, `10mi`, `3000m`); metres.
pub fn race_metres(text: &str) -> Option<f64> {
    let t = text.trim();
    if let Some(m) = race_distance(t) {
        return Some(m);
    }
    match parse_amount(t) {
        Ok(super::units::Amount::Distance { lo, hi, .. }) if lo == hi && lo >= 1000.0 => Some(lo),
        _ => None,
    }
}

/// A race result as a reader writes it in the URL: `10K-45:00`, `HM-1:31:35`, `15km-1:02:00`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RaceResult {
    /// Distance in metres.
    pub metres: f64,
    /// Time in seconds.
    pub seconds: f64,
}

impl RaceResult {
    /// Parses `<distance>-<time>`; the time is `m:ss` or `h:mm:ss`.
    pub fn parse(text: &str) -> Result<RaceResult, String> {
        let (d, t) = text.trim().rsplit_once('-').ok_or_else(|| {
            format!("`{text}` is not a result: write the distance and the time, like 10K-45:00")
        })?;
        let metres = race_metres(d).ok_or_else(|| {
            format!("`{d}` is not a race distance: write 5K, 10K, HM, M or an amount like 15km")
        })?;
        let seconds = clock_seconds(t)
            .ok_or_else(|| format!("`{t}` is not a time: write m:ss or h:mm:ss, like 45:00"))?;
        Ok(RaceResult { metres, seconds })
    }
}

/// `45:00` or `1:31:35` as seconds.
fn clock_seconds(t: &str) -> Option<f64> {
    let parts: Vec<&str> = t.split(':').collect();
    if parts.len() < 2
        || parts.len() > 3
        || parts
            .iter()
            .any(|p| p.is_empty() || !p.chars().all(|c| c.is_ascii_digit()))
    {
        return None;
    }
    let n: Vec<f64> = parts.iter().filter_map(|p| p.parse().ok()).collect();
    if n[1..].iter().any(|&x| x >= 60.0) {
        return None;
    }
    Some(n.iter().fold(0.0, |acc, &x| acc * 60.0 + x))
}

/// A runner's VDOT, worked out from one result.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Vdot(pub f64);

impl Vdot {
    /// The VDOT of running `metres` in `seconds`.
    pub fn of(metres: f64, seconds: f64) -> Vdot {
        let t = seconds / 60.0;
        Vdot(oxygen_cost(metres / t) / sustained_fraction(t))
    }

    /// The VDOT of a result, refused (with what to do instead) outside the model's range.
    pub fn from_result(r: RaceResult) -> Result<Vdot, String> {
        let minutes = r.seconds / 60.0;
        if !(MIN_MINUTES..=MAX_MINUTES).contains(&minutes) {
            return Err(format!(
                "a result of {} is outside the VDOT model, fitted to races from 3:30 to 5:00:00: the coach's paces stay",
                clock(r.seconds)
            ));
        }
        let v = Vdot::of(r.metres, r.seconds);
        if !(MIN_VDOT..=MAX_VDOT).contains(&v.0) {
            return Err(format!(
                "this result gives a VDOT of {:.1}; Daniels' tables run from 30 to 85, and Taper does not extrapolate: the coach's paces stay",
                v.0
            ));
        }
        Ok(v)
    }

    /// The predicted race time over `metres`, in seconds (bisection on the time at which
    /// oxygen cost and the share of VO2max held agree).
    pub fn race_seconds(self, metres: f64) -> f64 {
        let (mut lo, mut hi) = (0.5_f64, 2000.0_f64);
        for _ in 0..100 {
            let mid = (lo + hi) / 2.0;
            if oxygen_cost(metres / mid) > self.0 * sustained_fraction(mid) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        (lo + hi) / 2.0 * 60.0
    }

    /// The pace (seconds per km, fast end first) of an intensity; `None` when it falls outside
    /// the model (a race longer than 5 hours).
    pub fn pace(self, i: Intensity) -> Option<(f64, f64)> {
        let at = |share: f64| pace_of(speed_for(share * self.0));
        let race = |metres: f64| {
            let s = self.race_seconds(metres);
            (s / 60.0 <= MAX_MINUTES).then(|| s / metres * 1000.0)
        };
        Some(match i {
            Intensity::Easy => (at(0.74), at(0.59)),
            Intensity::Marathon => {
                let p = race(42_195.0)?;
                (p, p)
            }
            Intensity::Threshold => (at(0.88), at(0.88)),
            Intensity::Interval => (at(0.975), at(0.975)),
            Intensity::Repetition => {
                let p = at(0.975) - 15.0;
                (p, p)
            }
            Intensity::Race { metres } => {
                let p = race(metres)?;
                (p, p)
            }
        })
    }
}

/// A pace tied to race fitness: `from:` and an optional `offset:` (seconds per km, slower
/// when positive) in a plan's `paces:`.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct PaceRelation {
    /// What the pace follows.
    pub from: Intensity,
    /// Seconds per km added to it (negative: faster).
    pub offset: f64,
}

impl PaceRelation {
    /// The reader's pace for this relation at `vdot`, seconds per km, fast end first.
    pub fn pace(&self, vdot: Vdot) -> Option<(f64, f64)> {
        let (lo, hi) = vdot.pace(self.from)?;
        Some((lo + self.offset, hi + self.offset))
    }
}

/// Parses an offset: `+0:15/km`, `-10s/km`, `+0:20/mi`; seconds per km, positive is slower.
pub fn parse_offset(text: &str) -> Result<f64, String> {
    let t = text.trim();
    let bad = || {
        format!(
            "`{t}` is not a pace offset: write a sign, the seconds and the unit, like +0:15/km or -10s/km"
        )
    };
    let (sign, rest) = match t.chars().next() {
        Some('+') => (1.0, &t[1..]),
        Some('-') | Some('\u{2212}') => (-1.0, &t[t.char_indices().nth(1).map_or(1, |(i, _)| i)..]),
        _ => return Err(bad()),
    };
    let (amount, unit) = rest.rsplit_once('/').ok_or_else(bad)?;
    let per = match unit.trim().to_ascii_lowercase().as_str() {
        "km" => 1000.0,
        "mi" => METRES_PER_MILE,
        _ => return Err(bad()),
    };
    let seconds = match amount.strip_suffix('s') {
        Some(s) if !s.is_empty() && s.chars().all(|c| c.is_ascii_digit()) => {
            s.parse::<f64>().map_err(|_| bad())?
        }
        _ => clock_seconds(amount).ok_or_else(bad)?,
    };
    if seconds > 300.0 {
        return Err(format!(
            "`{t}` moves the pace by more than 5 minutes per km or mile"
        ));
    }
    Ok(sign * seconds * 1000.0 / per)
}

/// `1:31:35` or `45:00`.
pub fn clock(seconds: f64) -> String {
    let s = seconds.round() as i64;
    let (h, m, sec) = (s / 3600, s / 60 % 60, s % 60);
    if h > 0 {
        format!("{h}:{m:02}:{sec:02}")
    } else {
        format!("{m}:{sec:02}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hms(t: &str) -> f64 {
        clock_seconds(t).unwrap()
    }

    /// Rows of Daniels' VDOT table (*Daniels' Running Formula*): VDOT, 5K, 10K, half, marathon.
    const TABLE: [(f64, &str, &str, &str, &str); 5] = [
        (30.0, "30:40", "63:46", "2:21:04", "4:49:17"),
        (40.0, "24:08", "50:03", "1:50:59", "3:49:45"),
        (45.0, "21:50", "45:16", "1:40:20", "3:28:26"),
        (50.0, "19:57", "41:21", "1:31:35", "3:10:49"),
        (60.0, "17:03", "35:22", "1:18:09", "2:43:25"),
    ];

    #[test]
    fn race_times_match_daniels_table_within_one_percent() {
        for (vdot, five, ten, half, marathon) in TABLE {
            for (metres, time) in [
                (5000.0, five),
                (10_000.0, ten),
                (21_097.5, half),
                (42_195.0, marathon),
            ] {
                let want = hms(time);
                let got = Vdot(vdot).race_seconds(metres);
                assert!(
                    (got - want).abs() / want <= 0.01,
                    "VDOT {vdot} over {metres} m: {} vs the table's {time}",
                    clock(got)
                );
                let back = Vdot::of(metres, want).0;
                assert!(
                    (back - vdot).abs() / vdot <= 0.01,
                    "{time} over {metres} m gives VDOT {back}"
                );
            }
        }
    }

    #[test]
    fn training_paces_of_vdot_50() {
        // Daniels' table for VDOT 50: T 4:15/km, I 3:55/km, M about 4:31/km.
        let v = Vdot(50.0);
        let t = v.pace(Intensity::Threshold).unwrap().0;
        assert!((t - 255.0).abs() <= 2.55, "{t}");
        let i = v.pace(Intensity::Interval).unwrap().0;
        assert!((i - 235.0).abs() <= 2.35, "{i}");
        let m = v.pace(Intensity::Marathon).unwrap().0;
        assert!((m - 271.3).abs() <= 2.71, "{m}");
        let (fast, slow) = v.pace(Intensity::Easy).unwrap();
        assert!(fast < slow && fast > m, "{fast} {slow}");
    }

    #[test]
    fn results_and_their_range() {
        let r = RaceResult::parse("10K-45:00").unwrap();
        assert_eq!((r.metres, r.seconds), (10_000.0, 2700.0));
        assert_eq!(RaceResult::parse("HM-1:31:35").unwrap().seconds, 5495.0);
        assert_eq!(RaceResult::parse("M-3:10:49").unwrap().metres, 42_195.0);
        assert_eq!(RaceResult::parse("15km-1:02:00").unwrap().metres, 15_000.0);
        assert!(RaceResult::parse("10K").is_err());
        assert!(RaceResult::parse("10K-45:75").is_err());
        assert!(RaceResult::parse("pizza-45:00").is_err());
        let v = Vdot::from_result(RaceResult::parse("10K-45:00").unwrap()).unwrap();
        assert!((v.0 - 45.3).abs() < 0.2, "{v:?}");
        // A 5K walked in an hour, and a world-record-beating one, are refused, not extrapolated.
        let slow = Vdot::from_result(RaceResult::parse("5K-60:00").unwrap()).unwrap_err();
        assert!(slow.contains("from 30 to 85"), "{slow}");
        let fast = Vdot::from_result(RaceResult::parse("5K-10:00").unwrap()).unwrap_err();
        assert!(fast.contains("does not extrapolate"), "{fast}");
        let short = Vdot::from_result(RaceResult::parse("1km-2:30").unwrap()).unwrap_err();
        assert!(short.contains("outside the VDOT model"), "{short}");
    }

    #[test]
    fn relations_and_offsets() {
        assert_eq!(Intensity::parse("T"), Some(Intensity::Threshold));
        assert_eq!(Intensity::parse("marathon"), Some(Intensity::Marathon));
        assert_eq!(
            Intensity::parse("HM"),
            Some(Intensity::Race { metres: 21_097.5 })
        );
        assert_eq!(
            Intensity::parse("5K"),
            Some(Intensity::Race { metres: 5000.0 })
        );
        assert_eq!(Intensity::parse("tempo"), None);
        assert_eq!(parse_offset("+0:15/km"), Ok(15.0));
        assert_eq!(parse_offset("-10s/km"), Ok(-10.0));
        assert!((parse_offset("+0:16/mi").unwrap() - 9.942).abs() < 0.001);
        assert!(parse_offset("15s").is_err());
        assert!(parse_offset("+6:00/km").is_err());
        let rel = PaceRelation {
            from: Intensity::Threshold,
            offset: 10.0,
        };
        let base = Vdot(50.0).pace(Intensity::Threshold).unwrap();
        assert_eq!(rel.pace(Vdot(50.0)), Some((base.0 + 10.0, base.1 + 10.0)));
    }
}
