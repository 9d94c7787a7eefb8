//! Geometry of the plan page's fitness chart, drawn under the weekly chart: fitness (CTL) and
//! fatigue (ATL) as lines on one scale, form (TSB) as a band around zero below them, the goal
//! race marked, and the week-end numbers for the table that stands in for the picture. Plain
//! numbers, no HTML; the model itself is `plan::analysis::fitness`.

use serde::Serialize;

use crate::plan::analysis::Fitness;

/// Chart width in SVG units (the weekly chart's).
pub const WIDTH: f64 = super::chart::WIDTH;
const LEFT: f64 = 44.0;
const RIGHT: f64 = 48.0;
const TOP: f64 = 24.0;
const LINES_H: f64 = 120.0;
const GAP: f64 = 26.0;
const FORM_H: f64 = 70.0;

/// A week number under the x axis.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Tick {
    /// Week number.
    pub n: usize,
    /// x of the week's Monday.
    pub x: f64,
}

/// One row of the table fallback: the numbers at the end of a week.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct FitnessRow {
    /// Week number.
    pub n: usize,
    /// Fitness at the end of the week.
    pub ctl: i64,
    /// Fatigue at the end of the week.
    pub atl: i64,
    /// Form the next morning (fitness − fatigue).
    pub tsb: i64,
}

/// Everything the template draws.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct FitnessChart {
    /// SVG width.
    pub width: f64,
    /// SVG height.
    pub height: f64,
    /// Plot left edge.
    pub left: f64,
    /// Plot right edge.
    pub right: f64,
    /// Top of the lines panel.
    pub top: f64,
    /// Bottom (zero) of the lines panel.
    pub lines_base: f64,
    /// Top of the form panel.
    pub form_top: f64,
    /// The form panel's zero line.
    pub form_zero: f64,
    /// Bottom of the form panel.
    pub form_bottom: f64,
    /// The lines panel's top value.
    pub max_label: i64,
    /// The form panel's top value (and, negated, its bottom).
    pub form_label: i64,
    /// Fitness as SVG `points`.
    pub ctl_points: String,
    /// Fatigue as SVG `points`.
    pub atl_points: String,
    /// Form as a closed band between zero and the day's form, SVG `points`.
    pub form_band: String,
    /// x of the goal race.
    pub race_x: Option<f64>,
    /// Week numbers under the x axis.
    pub ticks: Vec<Tick>,
    /// y of the week numbers.
    pub tick_y: f64,
    /// Week-end numbers.
    pub rows: Vec<FitnessRow>,
    /// Form on race morning, rounded.
    pub race_form: Option<i64>,
    /// Highest fitness in the plan, rounded.
    pub peak_fitness: i64,
    /// The model starts at the athlete's baseline weekly load, not week 1's average.
    pub from_baseline: bool,
}

fn round1(x: f64) -> f64 {
    (x * 10.0).round() / 10.0
}

/// Lays out the chart; `None` for a plan with no load.
pub fn layout(fit: &Fitness) -> Option<FitnessChart> {
    let days = &fit.days;
    let max = days
        .iter()
        .map(|d| d.ctl.max(d.atl))
        .fold(fit.start, f64::max);
    if days.is_empty() || max <= 0.0 {
        return None;
    }
    let form_max = days.iter().map(|d| d.tsb.abs()).fold(1.0, f64::max);
    let plot_w = WIDTH - LEFT - RIGHT;
    let step = plot_w / days.len().saturating_sub(1).max(1) as f64;
    let x = |i: usize| round1(LEFT + i as f64 * step);
    let lines_base = TOP + LINES_H;
    let form_top = lines_base + GAP;
    let form_zero = form_top + FORM_H / 2.0;
    let y_line = |v: f64| round1(lines_base - v / max * LINES_H);
    let y_form = |v: f64| round1(form_zero - v / form_max * FORM_H / 2.0);
    let points = |f: &dyn Fn(usize) -> f64| {
        (0..days.len())
            .map(|i| format!("{},{}", x(i), y_line(f(i))))
            .collect::<Vec<_>>()
            .join(" ")
    };
    let mut band: Vec<String> = (0..days.len())
        .map(|i| format!("{},{}", x(i), y_form(days[i].tsb)))
        .collect();
    band.push(format!("{},{}", x(days.len() - 1), form_zero));
    band.push(format!("{},{}", x(0), form_zero));
    let weeks = days.len().div_ceil(7);
    let every = if weeks > 20 { 2 } else { 1 };
    let tick_y = form_top + FORM_H + 16.0;
    Some(FitnessChart {
        width: WIDTH,
        height: tick_y + 8.0,
        left: LEFT,
        right: WIDTH - RIGHT,
        top: TOP,
        lines_base,
        form_top,
        form_zero,
        form_bottom: form_top + FORM_H,
        max_label: max.round() as i64,
        form_label: form_max.round() as i64,
        ctl_points: points(&|i| days[i].ctl),
        atl_points: points(&|i| days[i].atl),
        form_band: band.join(" "),
        race_x: fit.race_day.map(x),
        ticks: (0..weeks)
            .filter(|w| w % every == 0)
            .map(|w| Tick {
                n: w + 1,
                x: x(w * 7),
            })
            .collect(),
        tick_y,
        rows: days
            .chunks(7)
            .enumerate()
            .map(|(w, d)| {
                let last = d[d.len() - 1];
                FitnessRow {
                    n: w + 1,
                    ctl: last.ctl.round() as i64,
                    atl: last.atl.round() as i64,
                    tsb: (last.ctl - last.atl).round() as i64,
                }
            })
            .collect(),
        race_form: fit.race_form().map(|f| f.round() as i64),
        peak_fitness: days.iter().map(|d| d.ctl).fold(0.0, f64::max).round() as i64,
        from_baseline: fit.start_from == crate::plan::analysis::FitnessStart::Baseline,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plan::analysis::{FitnessStart, model};

    fn fitness(daily: &[f64], race_day: Option<usize>) -> Fitness {
        let start = daily.iter().take(7).sum::<f64>() / 7.0;
        Fitness {
            start,
            start_from: FitnessStart::WeekOne,
            days: model(daily, start),
            race_day,
        }
    }

    #[test]
    fn lines_fill_their_panel_and_form_sits_around_zero() {
        let mut daily = vec![300.0, 0.0, 300.0, 0.0, 300.0, 0.0, 600.0];
        daily.extend([0.0, 100.0, 0.0, 100.0, 0.0, 0.0, 400.0]);
        let c = layout(&fitness(&daily, Some(13))).unwrap();
        assert_eq!(c.rows.len(), 2);
        assert_eq!(c.ticks.iter().map(|t| t.n).collect::<Vec<_>>(), vec![1, 2]);
        assert_eq!(c.ticks[0].x, LEFT);
        assert_eq!(c.race_x, Some(WIDTH - RIGHT));
        // The highest value of either line touches the top of its panel.
        let ys: Vec<f64> = c
            .ctl_points
            .split(' ')
            .chain(c.atl_points.split(' '))
            .map(|p| p.split(',').nth(1).unwrap().parse().unwrap())
            .collect();
        let top = ys.iter().copied().fold(f64::MAX, f64::min);
        assert!((top - TOP).abs() < 0.11, "{top}");
        // The band closes on the zero line.
        assert!(c.form_band.ends_with(&format!(
            "{},{} {},{}",
            WIDTH - RIGHT,
            c.form_zero,
            LEFT,
            c.form_zero
        )));
        assert_eq!(
            c.race_form,
            Some(fitness(&daily, Some(13)).days[13].tsb.round() as i64)
        );
    }

    #[test]
    fn nothing_to_draw_without_load() {
        assert_eq!(layout(&fitness(&[0.0; 7], None)), None);
    }
}
