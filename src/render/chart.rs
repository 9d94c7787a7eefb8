//! Geometry of the plan page's weekly chart, computed here so the template only draws it:
//! distance as bars, planned load as a line on its own scale, rest days as dots under each
//! week, cut-back, taper and race weeks marked. Plain numbers, no HTML.

use serde::Serialize;

/// Chart width in SVG units.
pub const WIDTH: f64 = 720.0;
const LEFT: f64 = 44.0;
const RIGHT: f64 = 48.0;
const TOP: f64 = 28.0;
const PLOT_H: f64 = 160.0;

/// One week of the chart's input.
#[derive(Debug, Clone, Copy)]
pub struct WeekInput {
    /// Week number.
    pub n: usize,
    /// Running distance in the plan's units.
    pub distance: f64,
    /// Planned load.
    pub load: f64,
    /// Rest-like days.
    pub rest_days: usize,
    /// A cut-back week.
    pub cutback: bool,
    /// One of the last weeks of the taper.
    pub taper: bool,
    /// Contains a race.
    pub race: bool,
}

/// One bar.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Bar {
    /// Week number.
    pub n: usize,
    /// Left edge.
    pub x: f64,
    /// Top edge.
    pub y: f64,
    /// Width.
    pub w: f64,
    /// Height.
    pub h: f64,
    /// Centre, for labels.
    pub cx: f64,
    /// The distance as shown (`32.5`).
    pub label: String,
    /// The load as shown.
    pub load: i64,
    /// Rest-like days.
    pub rest_days: usize,
    /// Centres of the rest-day dots under the week number.
    pub rest_dots: Vec<f64>,
    /// Cut-back week.
    pub cutback: bool,
    /// Taper week.
    pub taper: bool,
    /// Race week.
    pub race: bool,
}

/// Everything the template draws.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Chart {
    /// SVG width.
    pub width: f64,
    /// SVG height.
    pub height: f64,
    /// Plot area left edge.
    pub left: f64,
    /// Plot area right edge.
    pub right: f64,
    /// Plot area top.
    pub top: f64,
    /// The x axis (bottom of the bars).
    pub base: f64,
    /// Middle grid line.
    pub middle: f64,
    /// Largest distance as shown, and half of it.
    pub max_label: String,
    /// Half the largest distance.
    pub half_label: String,
    /// Largest load (right-hand scale).
    pub max_load: i64,
    /// The load line as SVG `points`.
    pub load_points: String,
    /// The bars.
    pub bars: Vec<Bar>,
    /// Whether bar values fit above the bars.
    pub show_values: bool,
    /// y of the week numbers.
    pub label_y: f64,
    /// y of the rest-day dots.
    pub dots_y: f64,
}

fn one_decimal(x: f64) -> String {
    let r = (x * 10.0).round() / 10.0;
    if r.fract() == 0.0 {
        format!("{r:.0}")
    } else {
        format!("{r:.1}")
    }
}

fn round1(x: f64) -> f64 {
    (x * 10.0).round() / 10.0
}

/// Lays out the chart; `None` when there is nothing to draw.
pub fn layout(weeks: &[WeekInput]) -> Option<Chart> {
    let max_d = weeks.iter().map(|w| w.distance).fold(0.0, f64::max);
    let max_load = weeks.iter().map(|w| w.load).fold(0.0, f64::max);
    if weeks.is_empty() || (max_d <= 0.0 && max_load <= 0.0) {
        return None;
    }
    let plot_w = WIDTH - LEFT - RIGHT;
    let slot = plot_w / weeks.len() as f64;
    let base = TOP + PLOT_H;
    let label_y = base + 18.0;
    let dots_y = base + 30.0;
    let dot_gap = (slot / 8.0).clamp(2.0, 7.0);
    let mut bars = Vec::with_capacity(weeks.len());
    let mut points = Vec::with_capacity(weeks.len());
    for (i, w) in weeks.iter().enumerate() {
        let h = if max_d > 0.0 {
            w.distance / max_d * PLOT_H
        } else {
            0.0
        };
        let cx = LEFT + i as f64 * slot + slot / 2.0;
        if max_load > 0.0 {
            points.push(format!(
                "{},{}",
                round1(cx),
                round1(base - w.load / max_load * PLOT_H)
            ));
        }
        let first = cx - dot_gap * (w.rest_days.saturating_sub(1)) as f64 / 2.0;
        bars.push(Bar {
            n: w.n,
            x: round1(LEFT + i as f64 * slot + slot * 0.18),
            y: round1(base - h),
            w: round1(slot * 0.64),
            h: round1(h),
            cx: round1(cx),
            label: one_decimal(w.distance),
            load: w.load.round() as i64,
            rest_days: w.rest_days,
            rest_dots: (0..w.rest_days.min(7))
                .map(|k| round1(first + k as f64 * dot_gap))
                .collect(),
            cutback: w.cutback,
            taper: w.taper,
            race: w.race,
        });
    }
    Some(Chart {
        width: WIDTH,
        height: dots_y + 12.0,
        left: LEFT,
        right: WIDTH - RIGHT,
        top: TOP,
        base,
        middle: TOP + PLOT_H / 2.0,
        max_label: one_decimal(max_d),
        half_label: one_decimal(max_d / 2.0),
        max_load: max_load.round() as i64,
        load_points: points.join(" "),
        bars,
        show_values: weeks.len() <= 20,
        label_y,
        dots_y,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn week(n: usize, distance: f64, load: f64, rest_days: usize) -> WeekInput {
        WeekInput {
            n,
            distance,
            load,
            rest_days,
            cutback: false,
            taper: false,
            race: false,
        }
    }

    #[test]
    fn the_longest_week_fills_the_plot() {
        let c = layout(&[week(1, 20.0, 500.0, 2), week(2, 40.0, 1000.0, 1)]).unwrap();
        assert_eq!(c.bars[1].h, PLOT_H);
        assert_eq!(c.bars[0].h, PLOT_H / 2.0);
        assert_eq!(c.max_label, "40");
        assert_eq!(c.bars[0].rest_dots.len(), 2);
        assert_eq!(c.load_points.split(' ').count(), 2);
        // The load line's highest point is at the top of the plot.
        assert!(c.load_points.ends_with(&format!(",{}", TOP)));
    }

    #[test]
    fn nothing_to_draw() {
        assert!(layout(&[]).is_none());
        assert!(layout(&[week(1, 0.0, 0.0, 7)]).is_none());
    }
}
