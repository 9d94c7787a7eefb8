//! The day cards of one plan week (`<ol class="days">`), written straight from the typed
//! [`WeekView`]: the built-in `templates/plan_days.html`, byte for byte, without Tera.
//!
//! The cards are three quarters of a plan page, and Tera builds them by walking its generic
//! value tree: a 16-week plan's page spent a fifth of its instructions there. When the site's
//! `plan_days.html` is the built-in one (a copy of it counts), the plan job writes the cards
//! here and the page includes the result ([`WeekView::days_html`]); a site that changes the
//! template gets it rendered by Tera as before. The test below holds the two equal on every
//! plan of the example site, the docs and the fixtures.

use std::fmt::Write as _;

use super::views::{DayView, SessionView, WeekView};

/// The cards of `week`, as the built-in `plan_days.html` renders them.
pub(crate) fn days(week: &WeekView) -> String {
    let mut out = String::with_capacity(week.days.len() * 700);
    out.push_str("<ol class=\"days\">");
    for (i, day) in week.days.iter().enumerate() {
        day_card(&mut out, week, i, day);
    }
    out.push_str("\n</ol>");
    out
}

fn day_card(out: &mut String, week: &WeekView, i: usize, day: &DayView) {
    let data_day = (week.n - 1) * 7 + i;
    out.push_str("\n<li class=\"day day-");
    esc(out, day.badge_class);
    if day.rest_like && day.badge_class != "rest" {
        out.push_str(" day-rest");
    }
    if day.hard {
        out.push_str(" day-hard");
    }
    out.push_str("\" id=\"");
    esc(out, &day.anchor);
    out.push_str("\">\n<h3>");
    match truthy(&day.date) {
        Some(date) => {
            out.push_str("<time datetime=\"");
            esc(out, date);
            let _ = write!(out, "\" data-day=\"{data_day}\">");
            esc(out, &day.label);
            out.push_str("</time>");
        }
        None => {
            let _ = write!(out, "<span data-day=\"{data_day}\">");
            esc(out, day.weekday_name);
            out.push_str("</span>");
        }
    }
    out.push_str(" <span class=\"badge badge-");
    esc(out, day.badge_class);
    out.push_str("\">");
    esc(out, day.badge);
    out.push_str("</span></h3>");
    let shown: Vec<&SessionView> = day
        .sessions
        .iter()
        .filter(|x| x.text != day.badge)
        .collect();
    // One session is the card's own content; several are a list.
    let many = shown.len() > 1;
    if many {
        out.push_str("\n<ul class=\"sessions\">");
    }
    for x in shown {
        if many {
            out.push_str("\n<li class=\"session\">");
        }
        session(out, x);
        if many {
            out.push_str("\n</li>");
        }
    }
    if many {
        out.push_str("\n</ul>");
    }
    // A session shown only by its badge ("Rest") still shows its note.
    for x in day.sessions.iter().filter(|x| x.text == day.badge) {
        session_notes(out, x);
    }
    if let Some(rest) = &day.rest {
        out.push_str("\n<div class=\"rest-card\">\n<p class=\"rest-why\">");
        esc(out, &rest.why);
        out.push_str("</p>");
        if rest.shared {
            out.push_str(
                "\n<p class=\"rest-options-label\"><a href=\"#rest-days\">Good ways to spend it</a></p>",
            );
        } else if !rest.options.is_empty() {
            out.push_str("\n<p class=\"rest-options-label\">Good ways to spend it:</p>\n<ul class=\"rest-options\">");
            for o in &rest.options {
                out.push_str("\n<li>");
                esc(out, o);
                out.push_str("</li>");
            }
            out.push_str("\n</ul>");
        }
        if let Some(a) = &rest.article {
            out.push_str("\n<p class=\"rest-link\"><a href=\"");
            esc(out, &a.url);
            out.push_str("\">Why rest matters: ");
            esc(out, &a.title);
            out.push_str("</a></p>");
        }
        out.push_str("\n</div>");
    }
    if let Some(c) = truthy(&day.coachs_choice) {
        out.push_str("\n<p class=\"coachs-choice\"><strong>Coach's choice:</strong> ");
        esc(out, c);
        out.push_str("</p>");
    }
    for (n, f) in week.findings.iter().enumerate() {
        let n = n + 1;
        if f.weekday == Some(day.weekday) && truthy(&f.acknowledged).is_none() {
            out.push_str("\n<p class=\"day-flag\"><a href=\"#");
            esc(out, &week.anchor);
            let _ = write!(out, "-note-{n}\"><span class=\"sev sev-");
            esc(out, f.severity);
            out.push_str("\">");
            esc(out, &capitalize(f.severity));
            let _ = write!(out, "</span> see note {n}</a></p>");
        }
    }
    if day.load > 0 {
        out.push_str("\n<p class=\"day-load\">Load ");
        if day.estimated {
            out.push_str("≈ ");
        }
        let _ = write!(out, "{}", day.load);
        out.push_str("</p>");
    }
    out.push_str("\n</li>");
}

fn session(out: &mut String, x: &SessionView) {
    if x.alternatives {
        out.push_str("\n<p class=\"session-choose\">Choose one:</p>\n<ul class=\"options\">");
        for o in &x.options {
            out.push_str("\n<li><span class=\"option-label\">");
            esc(out, o.label);
            out.push_str("</span> ");
            match truthy(&o.marks) {
                Some(m) => {
                    out.push_str("<span data-marks=\"");
                    esc(out, m);
                    out.push_str("\">");
                    esc(out, &o.detail);
                    out.push_str("</span>");
                }
                None => esc(out, &o.detail),
            }
            if o.optional {
                out.push_str(" <span class=\"optional\">(optional)</span>");
            }
            if let Some(n) = truthy(&o.notes) {
                out.push_str(" <span class=\"note\">");
                esc(out, n);
                out.push_str("</span>");
            }
            out.push_str("</li>");
        }
        out.push_str("\n</ul>");
    } else {
        if !x.plain {
            out.push_str("\n<p class=\"session-text\"");
            if let Some(m) = truthy(&x.marks) {
                out.push_str(" data-marks=\"");
                esc(out, m);
                out.push('"');
            }
            out.push('>');
            esc(out, &x.text);
            out.push_str("</p>");
        } else if !x.typed
            && let Some(o) = x.options.first()
        {
            out.push_str("\n<p class=\"session-text\">");
            esc(out, o.label);
            out.push_str("</p>");
        }
        session_notes(out, x);
    }
    let distance = truthy(&x.distance);
    let duration = truthy(&x.duration);
    let rpe = !matches!(x.rpe.as_str(), "" | "0");
    if distance.is_some() || duration.is_some() || rpe {
        out.push_str("\n<p class=\"meta\">");
        // The parts shown, joined by " · ".
        let mut shown = 0;
        let mut sep = |out: &mut String| {
            if shown > 0 {
                out.push_str(" · ");
            }
            shown += 1;
        };
        if let Some(d) = distance {
            sep(out);
            let _ = write!(out, "<span data-m=\"{:?}\">", x.distance_m);
            if x.distance_estimated {
                out.push_str("≈ ");
            }
            esc(out, d);
            out.push_str("</span>");
        }
        if let Some(d) = duration {
            sep(out);
            if x.duration_estimated {
                out.push_str("≈ ");
            }
            esc(out, d);
        }
        if rpe {
            sep(out);
            out.push_str("RPE ");
            if x.rpe_estimated {
                out.push_str("≈ ");
            }
            esc(out, &x.rpe);
        }
        out.push_str("</p>");
    }
    if let Some(w) = &x.workout {
        out.push_str("\n<div class=\"workout\"><a href=\"");
        esc(out, &w.fit_url);
        out.push_str("\" download>Workout file</a>");
        if let Some(icu) = truthy(&w.intervals_icu) {
            out.push_str("<details><summary>As intervals.icu text</summary><pre><code>");
            esc(out, icu);
            out.push_str("</code></pre></details>");
        }
        out.push_str("</div>");
    }
}

/// The notes of a session's options, a paragraph each.
fn session_notes(out: &mut String, x: &SessionView) {
    for o in &x.options {
        if let Some(n) = truthy(&o.notes) {
            out.push_str("\n<p class=\"note\">");
            esc(out, n);
            out.push_str("</p>");
        }
    }
}

/// A text as Tera's `{% if %}` sees it: absent and empty are false.
fn truthy(s: &Option<String>) -> Option<&str> {
    s.as_deref().filter(|s| !s.is_empty())
}

/// Tera's `capitalize`: the first letter upper case, the rest lower case.
fn capitalize(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f
            .to_uppercase()
            .chain(c.flat_map(char::to_lowercase))
            .collect(),
        None => String::new(),
    }
}

/// Appends `s` escaped as templates escape it.
fn esc(out: &mut String, s: &str) {
    crate::escape::push(out, s, crate::escape::html);
}
