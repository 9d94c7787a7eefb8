//! iCalendar (RFC 5545) export of a dated plan: one all-day event per day, so a runner can
//! subscribe to the plan in a calendar app and see each day's session, or why it is a rest day.
//!
//! Pure: plan and analysis in, text out. It knows nothing about files or HTML; the build decides
//! where `plan.ics` goes and which timestamp to stamp it with. Written by hand rather than with a
//! crate because the format Taper needs is small: escaped text, folded lines, CRLF.
//!
//! Stability matters more than anything here: a calendar app matches events by `UID`, so UIDs
//! are built only from the plan id, its first Monday, the week and the weekday. Editing a note
//! or a session changes an event; it never duplicates one.

use std::fmt::Write as _;

use jiff::civil::{Date, DateTime};

use super::analysis::{Analysis, DayNote};
use super::describe::{Said, Style, session_text, workout_text};
use super::marks;
use super::units::{human_distance, human_duration, num};
use super::{Plan, SessionType, Step, StepKind, WEEKDAY_NAMES, WEEKDAYS, Workout};

/// What the calendar needs besides the plan.
#[derive(Clone)]
pub struct CalendarOptions<'a> {
    /// The site's host (`example.org`): the right-hand side of every UID.
    pub host: &'a str,
    /// The absolute URL of the plan page (ending in `/`), or `None` when the site has no host.
    pub page_url: Option<&'a str>,
    /// `DTSTAMP` of every event, in UTC.
    pub stamp: DateTime,
}

/// Every day's `SUMMARY` and `DESCRIPTION`, marked ([`marks`]), in the plan's order of weeks
/// and days: worked out once for the calendars the build writes ([`ics`], in the plan's units)
/// and the one the page's script writes on a reader's dates ([`day_events`]).
pub struct DayTexts(Vec<(String, String)>);

/// The [`DayTexts`] of a plan; `article` gives the absolute URL of the article that explains a
/// topic (`rest`, `deload`, `taper`).
pub fn day_texts(
    plan: &Plan,
    analysis: &Analysis,
    article: &dyn Fn(&str) -> Option<String>,
) -> DayTexts {
    let mut out = Vec::with_capacity(plan.weeks.len() * 7);
    for (week, note) in plan.weeks.iter().zip(&analysis.weeks) {
        for (day, dn) in week.days.iter().zip(&note.days) {
            out.push((
                summary(plan, dn, &day.sessions, Style::Marked),
                description(
                    plan,
                    week,
                    day.weekday,
                    dn,
                    &day.sessions,
                    article,
                    Style::Marked,
                ),
            ));
        }
    }
    DayTexts(out)
}

/// The two `VCALENDAR`s of a plan, from one pass over it: every day (`plan.ics`), and training
/// days only (`plan-no-rest.ics`, named "… (training days)"); `None` when the plan has no
/// dates. `texts` are the plan's [`day_texts`].
pub fn ics(
    plan: &Plan,
    analysis: &Analysis,
    o: &CalendarOptions,
    texts: &DayTexts,
) -> Option<(String, String)> {
    let start = plan.start?;
    let days = plan.weeks.len() * 7;
    let mut all = String::with_capacity(days * 700);
    let mut training = String::with_capacity(days * 600);
    header(&mut all, plan, &plan.title);
    header(
        &mut training,
        plan,
        &format!("{} (training days)", plan.title),
    );
    let stamp = format_stamp(o.stamp);
    let anchor_date = compact_date(start);
    let mut event = String::with_capacity(2048);
    let mut line = String::with_capacity(512);
    let mut texts = texts.0.iter();
    for (week, note) in plan.weeks.iter().zip(&analysis.weeks) {
        for (day, dn) in week.days.iter().zip(&note.days) {
            let Some((summary, description)) = texts.next() else {
                break;
            };
            let Some(date) = plan.date_of(week.n - 1, day.weekday) else {
                continue;
            };
            let Ok(next) = date.tomorrow() else {
                continue;
            };
            let anchor = format!("w{:02}-{}", week.n, WEEKDAYS[day.weekday]);
            event.clear();
            push_line(&mut event, "BEGIN:VEVENT");
            let mut prop = |event: &mut String, args: std::fmt::Arguments| {
                line.clear();
                let _ = line.write_fmt(args);
                push_line(event, &line);
            };
            prop(
                &mut event,
                format_args!("UID:{}-{anchor_date}-{anchor}@{}", plan.id, o.host),
            );
            prop(&mut event, format_args!("DTSTAMP:{stamp}"));
            prop(
                &mut event,
                format_args!("DTSTART;VALUE=DATE:{}", compact_date(date)),
            );
            prop(
                &mut event,
                format_args!("DTEND;VALUE=DATE:{}", compact_date(next)),
            );
            let plain = |marked: &str| escape(&marks::plain(marked, plan.units));
            prop(&mut event, format_args!("SUMMARY:{}", plain(summary)));
            prop(
                &mut event,
                format_args!("DESCRIPTION:{}", plain(description)),
            );
            if let Some(url) = o.page_url {
                prop(&mut event, format_args!("URL:{url}#{anchor}"));
            }
            prop(
                &mut event,
                format_args!("CATEGORIES:{}", escape(category(dn))),
            );
            push_line(&mut event, "TRANSP:TRANSPARENT");
            push_line(&mut event, "END:VEVENT");
            all.push_str(&event);
            if !dn.rest_like {
                training.push_str(&event);
            }
        }
    }
    push_line(&mut all, "END:VCALENDAR");
    push_line(&mut training, "END:VCALENDAR");
    Some((all, training))
}

/// The `CATEGORIES` of a day's event.
fn category(dn: &DayNote) -> &'static str {
    if dn.rest_like {
        "Rest day"
    } else {
        dn.badge.label()
    }
}

/// One day's event as the plan page's script needs it to write the calendar on a reader's
/// dates, in their units and paces: the same text as `plan.ics`, with paces and distances
/// left as [`marks`].
#[derive(Debug, Clone, serde::Serialize)]
pub struct DayEvent {
    /// Days from the plan's first Monday.
    pub day: usize,
    /// `w03-tue`: the page anchor and the end of the UID.
    pub anchor: String,
    /// `SUMMARY`, marked.
    pub summary: Vec<marks::Part>,
    /// `DESCRIPTION`, marked.
    pub description: Vec<marks::Part>,
    /// `CATEGORIES`.
    pub category: &'static str,
    /// Left out of the calendar without rest days.
    pub rest_like: bool,
}

/// Every day's [`DayEvent`], in order, from the plan's [`day_texts`].
pub fn day_events(plan: &Plan, analysis: &Analysis, texts: &DayTexts) -> Vec<DayEvent> {
    let mut out = Vec::with_capacity(plan.weeks.len() * 7);
    let mut texts = texts.0.iter();
    for (week, note) in plan.weeks.iter().zip(&analysis.weeks) {
        for (day, dn) in week.days.iter().zip(&note.days) {
            let Some((summary, description)) = texts.next() else {
                break;
            };
            out.push(DayEvent {
                day: (week.n - 1) * 7 + day.weekday,
                anchor: format!("w{:02}-{}", week.n, WEEKDAYS[day.weekday]),
                summary: marks::parts(summary),
                description: marks::parts(description),
                category: category(dn),
                rest_like: dn.rest_like,
            });
        }
    }
    out
}

/// The calendar's opening lines, named `name`.
fn header(out: &mut String, plan: &Plan, name: &str) {
    for line in [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//Taper//Training plan calendar//EN",
        "CALSCALE:GREGORIAN",
    ] {
        push_line(out, line);
    }
    let name = escape(name);
    push_line(out, &format!("NAME:{name}"));
    push_line(out, &format!("X-WR-CALNAME:{name}"));
    if let Some(s) = &plan.summary {
        push_line(out, &format!("X-WR-CALDESC:{}", escape(s)));
    }
}

/// `Intervals 6 × 800 m (key session)`, `Rest day`, `Easy 8 km + Strength 30 min`.
fn summary(plan: &Plan, dn: &DayNote, sessions: &[super::Session], style: Style) -> String {
    if dn.rest_like {
        return "Rest day".to_string();
    }
    let parts: Vec<String> = sessions
        .iter()
        .map(|s| headline(s.primary(), plan, style))
        .collect();
    let mut text = parts.join(" + ");
    if text.is_empty() {
        text = dn.badge.label().to_string();
    }
    let is_race = sessions
        .iter()
        .any(|s| s.primary().kind == SessionType::Race);
    if is_race {
        text.push_str(" (race)");
    } else if dn.hard {
        text.push_str(" (key session)");
    }
    text
}

/// A workout in a few words: its type and its main amount (`6 × 800 m` for repeats).
fn headline(w: &Workout, plan: &Plan, style: Style) -> String {
    let label = w.kind.label();
    if let Some(a) = &w.amount {
        let mut t = format!("{label} {}", a.human());
        if let Some(l) = &w.label {
            t.push(' ');
            t.push_str(l);
        }
        return t;
    }
    if let Some(main) = w.steps.iter().find_map(main_work) {
        return format!("{label} {main}");
    }
    if w.steps.is_empty() {
        label.to_string()
    } else {
        workout_text(w, &plan.paces, style)
    }
}

/// The main work of a structured session: `6 × 800 m`, or `5 km` for a single work step.
fn main_work(s: &Step) -> Option<String> {
    match s {
        Step::Repeat { times, steps } => steps.iter().find_map(|inner| match inner {
            Step::Single {
                kind: StepKind::Work,
                amount: Some(a),
                ..
            } => Some(format!("{times} × {}", a.human())),
            Step::Repeat { .. } => main_work(inner).map(|m| format!("{times} × ({m})")),
            _ => None,
        }),
        Step::Single {
            kind: StepKind::Work,
            amount: Some(a),
            ..
        } => Some(a.human()),
        Step::Single { .. } => None,
    }
}

fn description(
    plan: &Plan,
    week: &super::Week,
    weekday: usize,
    dn: &DayNote,
    sessions: &[super::Session],
    article: &dyn Fn(&str) -> Option<String>,
    style: Style,
) -> String {
    let (phase, week_note) = (week.phase.as_deref(), week.note.as_deref());
    let week = week.n;
    let mut d = String::new();
    let _ = write!(d, "Week {week} · {}", WEEKDAY_NAMES[weekday]);
    if let Some(p) = phase {
        let _ = write!(d, " · {p}");
    }
    d.push('\n');
    for (s, t) in sessions.iter().zip(&dn.sessions) {
        let _ = write!(d, "\n{}", session_text(s, &plan.paces, style));
        let said = Said::of(s);
        let mut meta = Vec::new();
        if t.distance > 0.0 && (t.distance_estimated || !said.distance) {
            meta.push(format!(
                "{}{}",
                if t.distance_estimated { "≈ " } else { "" },
                match style {
                    Style::Units(u) => human_distance(t.distance, u),
                    Style::Marked => marks::distance(t.distance),
                }
            ));
        }
        if t.duration > 0.0 && (t.duration_estimated || !said.duration) {
            meta.push(format!(
                "{}{}",
                if t.duration_estimated { "≈ " } else { "" },
                human_duration(t.duration)
            ));
        }
        if t.rpe > 0.0 && !said.rpe {
            let about = if t.rpe_estimated { "≈ " } else { "" };
            meta.push(format!("RPE {about}{}", num(t.rpe)));
        }
        if !meta.is_empty() {
            // After the text's own `(RPE 3)`, a second bracket would read as a typo.
            let meta = meta.join(", ");
            if d.ends_with(')') {
                let _ = write!(d, ", {meta}");
            } else {
                let _ = write!(d, " ({meta})");
            }
        }
        for w in &s.options {
            if let Some(n) = &w.notes {
                let _ = write!(d, "\nNote: {n}");
            }
        }
    }
    if let Some(r) = &dn.rest {
        let _ = write!(d, "\n\nWhy rest: {}", r.why);
        if !r.options.is_empty() {
            d.push_str("\nWhat to do:");
            for opt in &r.options {
                let _ = write!(d, "\n- {opt}");
            }
        }
        if let Some(url) = article(r.topic).or_else(|| article("rest")) {
            let _ = write!(d, "\nRead why rest matters: {url}");
        }
    }
    if let Some(c) = &dn.coachs_choice {
        let _ = write!(d, "\n\nCoach's choice: {c}");
    }
    if let Some(n) = week_note {
        let _ = write!(d, "\n\nThis week: {n}");
    }
    d
}

fn compact_date(d: Date) -> String {
    format!("{:04}{:02}{:02}", d.year(), d.month(), d.day())
}

fn format_stamp(t: DateTime) -> String {
    format!(
        "{}T{:02}{:02}{:02}Z",
        compact_date(t.date()),
        t.hour(),
        t.minute(),
        t.second()
    )
}

/// Escapes a TEXT value (RFC 5545 §3.3.11): backslash, semicolon, comma and newline.
pub fn escape(text: &str) -> String {
    crate::escape::escaped(text, crate::escape::ics)
}

/// Appends one content line, folded at 75 octets (continuations start with a space) without
/// splitting a UTF-8 character, ended with CRLF (RFC 5545 §3.1).
pub fn push_line(out: &mut String, line: &str) {
    let (mut rest, mut room) = (line, 75);
    while rest.len() > room {
        let mut cut = room;
        while !rest.is_char_boundary(cut) {
            cut -= 1;
        }
        out.push_str(&rest[..cut]);
        // The continuation's leading space is its first octet.
        out.push_str("\r\n ");
        rest = &rest[cut..];
        room = 74;
    }
    out.push_str(rest);
    out.push_str("\r\n");
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plan::RecoveryOverrides;
    use crate::plan::analysis::analyse;
    use crate::plan::load::load;
    use crate::plan::units::Units;
    use std::path::Path;

    /// The first folding, a character at a time: what the faster one must equal.
    fn fold_by_char(line: &str) -> String {
        let mut out = String::new();
        let mut octets = 0;
        for c in line.chars() {
            let n = c.len_utf8();
            if octets + n > 75 {
                out.push_str("\r\n ");
                octets = 1;
            }
            out.push(c);
            octets += n;
        }
        out + "\r\n"
    }

    proptest::proptest! {
        #[test]
        fn folding_matches_the_character_at_a_time_version(
            text in "[a-z;,\\\\\n\r é≈€😀]{0,300}"
        ) {
            let line = escape(&text);
            let mut folded = String::new();
            push_line(&mut folded, &line);
            proptest::prop_assert_eq!(folded, fold_by_char(&line));
        }
    }

    const PLAN: &str = "id: hm-int
title: Test, Plan; One
start: 2027-03-01
weeks:
  - days:
      mon: rest
      tue: intervals 2km wu + 6x(800m @RPE8 / 400m jog) + 2km cd
      wed: easy 8km @RPE3
      thu: rest (walk 20min)
      fri: { type: easy, distance: 6km, notes: 'Flat route, please; no hills' }
      sat: long 14km @RPE4
      sun: 'rest | cross 40min bike @RPE3'
";

    fn calendar(src: &str, include_rest: bool) -> String {
        let plan = load(Path::new("p.yaml"), src, "plans", Units::Km)
            .plan
            .unwrap();
        let a = analyse(&plan, &RecoveryOverrides::default());
        let article = |_: &str| Some("https://example.org/posts/rest/".to_string());
        let o = CalendarOptions {
            host: "example.org",
            page_url: Some("https://example.org/plans/hm/"),
            stamp: jiff::civil::date(2027, 1, 1).at(0, 0, 0, 0),
        };
        let (all, training) = ics(&plan, &a, &o, &day_texts(&plan, &a, &article)).unwrap();
        if include_rest { all } else { training }
    }

    #[test]
    fn one_event_a_day_with_stable_uids() {
        let c = calendar(PLAN, true);
        assert_eq!(c.matches("BEGIN:VEVENT").count(), 7);
        assert!(c.contains("UID:hm-int-20270301-w01-tue@example.org\r\n"));
        assert!(c.contains("DTSTART;VALUE=DATE:20270302\r\nDTEND;VALUE=DATE:20270303\r\n"));
        assert!(c.contains("SUMMARY:Intervals 6 × 800 m (key session)\r\n"));
        assert!(c.contains("SUMMARY:Rest day\r\n"));
        assert!(c.contains("URL:https://example.org/plans/hm/#w01-tue\r\n"));
        assert!(c.contains("X-WR-CALNAME:Test\\, Plan\\; One\r\n"));
        assert!(c.contains("DTSTAMP:20270101T000000Z\r\n"));
        assert!(!c.contains("VALARM"));
        let no_rest = calendar(PLAN, false);
        assert_eq!(no_rest.matches("BEGIN:VEVENT").count(), 4);
        // Editing a note changes the text, not the identity.
        let edited = calendar(&PLAN.replace("Flat route", "Hilly route"), true);
        let uids = |s: &str| {
            s.lines()
                .filter(|l| l.starts_with("UID:"))
                .map(String::from)
                .collect::<Vec<_>>()
        };
        assert_ne!(c, edited);
        assert_eq!(uids(&c), uids(&edited));
    }

    #[test]
    fn a_description_says_each_number_once() {
        let c = calendar(PLAN, true).replace("\r\n ", "");
        // The session's own amount and effort are in its text; the estimate is added.
        assert!(
            c.contains("\\n\\nEasy run 8 km (RPE 3)\\, ≈ 50 min\r\n"),
            "{c}"
        );
        assert!(
            c.contains("\\n\\nLong run 14 km (RPE 4)\\, ≈ 1 h 28 min\r\n"),
            "{c}"
        );
        // Without a written effort, the estimated one is marked as such.
        assert!(
            c.contains("\\n\\nEasy run 6 km (≈ 38 min\\, RPE ≈ 3)\\n"),
            "{c}"
        );
        // Steps: the session's totals are news, so all of them are said.
        assert!(
            c.contains("· 2 km cool-down (11.2 km\\, ≈ 1 h 4 min\\, RPE ≈ 8)\r\n"),
            "{c}"
        );
        assert!(!c.contains(") ("), "{c}");
    }

    #[test]
    fn day_events_render_as_the_calendar_text() {
        let src = PLAN.replace("wed: easy 8km @RPE3", "wed: tempo 8km @4:45-5:00/km");
        let plan = load(Path::new("p.yaml"), &src, "plans", Units::Km)
            .plan
            .unwrap();
        let a = analyse(&plan, &RecoveryOverrides::default());
        let article = |_: &str| Some("https://example.org/posts/rest/".to_string());
        let o = CalendarOptions {
            host: "example.org",
            page_url: None,
            stamp: jiff::civil::date(2027, 1, 1).at(0, 0, 0, 0),
        };
        let texts = day_texts(&plan, &a, &article);
        let (all, _) = ics(&plan, &a, &o, &texts).unwrap();
        let events = day_events(&plan, &a, &texts);
        assert_eq!(events.len(), 7);
        let text = |parts: &[marks::Part]| {
            let s: String = parts
                .iter()
                .map(|p| match p {
                    marks::Part::Text(t) => t.clone(),
                    marks::Part::Distance { d } => marks::distance(*d),
                    marks::Part::Pace { p, n } => marks::pace(p.map(|[a, b]| (a, b)), n.as_deref()),
                })
                .collect();
            escape(&marks::render(&s, Units::Km))
        };
        let mut unfolded = all.replace("\r\n ", "");
        unfolded.push('\n');
        for e in &events {
            assert!(
                unfolded.contains(&format!("SUMMARY:{}\r\n", text(&e.summary))),
                "{e:?}"
            );
            assert!(
                unfolded.contains(&format!("DESCRIPTION:{}\r\n", text(&e.description))),
                "{e:?}"
            );
        }
        assert!(
            events[2]
                .description
                .iter()
                .any(|p| matches!(p, marks::Part::Pace { .. }))
        );
        assert_eq!(events[6].anchor, "w01-sun");
        assert_eq!(events[6].day, 6);
    }

    #[test]
    fn a_feed_not_an_itip_message() {
        // RFC 5546: `METHOD:PUBLISH` needs an `ORGANIZER` on every event. A calendar to
        // subscribe to or import is not a scheduling message, so it has neither.
        for c in [calendar(PLAN, true), calendar(PLAN, false)] {
            assert!(!c.contains("\r\nMETHOD:"), "{c}");
            assert!(!c.contains("ORGANIZER"));
        }
    }

    #[test]
    fn lines_are_folded_crlf_and_escaped() {
        let c = calendar(PLAN, true);
        assert!(!c.replace("\r\n", "").contains('\n'), "bare LF");
        assert!(c.ends_with("END:VCALENDAR\r\n"));
        for line in c.split("\r\n") {
            assert!(line.len() <= 75, "{line:?} is {} octets", line.len());
        }
        assert!(c.contains("\\; no hills"), "semicolon escaped");
        assert!(c.contains("Why rest: "));
    }

    #[test]
    fn folding_never_splits_a_character() {
        let mut out = String::new();
        let text = format!("SUMMARY:{}", "é×".repeat(60));
        push_line(&mut out, &text);
        for line in out.split("\r\n") {
            assert!(line.len() <= 75);
        }
        let unfolded = out.replace("\r\n ", "");
        assert_eq!(unfolded.trim_end_matches("\r\n"), text);
    }

    #[test]
    fn escaping() {
        assert_eq!(escape("a\\b;c,d\ne"), "a\\\\b\\;c\\,d\\ne");
    }

    #[test]
    fn undated_plans_have_no_calendar() {
        let src = PLAN.replace("start: 2027-03-01\n", "");
        let plan = load(Path::new("p.yaml"), &src, "plans", Units::Km)
            .plan
            .unwrap();
        let a = analyse(&plan, &RecoveryOverrides::default());
        let article = |_: &str| None;
        let o = CalendarOptions {
            host: "example.org",
            page_url: None,
            stamp: jiff::civil::date(2027, 1, 1).at(0, 0, 0, 0),
        };
        assert!(ics(&plan, &a, &o, &day_texts(&plan, &a, &article)).is_none());
    }
}
