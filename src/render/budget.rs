//! A budget for each template render, so a template can never hang a build: Tera 2 runs any
//! loop or component recursion a template asks for, and `range()` alone allows 100 000
//! elements per call, so two nested loops run for hours.
//!
//! Three checks, all per render of one page:
//! - **time**: [`TIME_LIMIT`], checked whenever the page writes output and whenever it calls
//!   `range()`;
//! - **output size**: [`SIZE_LIMIT`] bytes;
//! - **loop elements**: `range()` (Taper's own, with Tera's semantics) may produce at most
//!   [`RANGE_ELEMENTS`] elements over the whole render.
//!
//! A render that does none of these (a loop over a list made once, with an empty body) is
//! caught by the [`watchdog`]: `taper build` and `taper check` then stop with an error naming
//! the template.

use std::cell::Cell;
use std::io::{self, Write};
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// Longest one page's render may take.
pub(crate) const TIME_LIMIT: Duration = Duration::from_secs(5);
/// Largest page a render may write: 256 MiB.
pub(crate) const SIZE_LIMIT: usize = 256 * 1024 * 1024;
/// Most `range()` elements one render may produce.
pub(crate) const RANGE_ELEMENTS: u64 = 1_000_000;

/// Which limit a render went over.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Exceeded {
    Time,
    Size,
    Range,
}

impl Exceeded {
    /// The message, naming the limit.
    pub(crate) fn message(self) -> String {
        match self {
            Exceeded::Time => format!(
                "rendering this page took longer than {} s: the template loops or recurses too much",
                TIME_LIMIT.as_secs()
            ),
            Exceeded::Size => format!(
                "this page grew past {} MiB: the template loops or recurses too much",
                SIZE_LIMIT / (1024 * 1024)
            ),
            Exceeded::Range => format!(
                "`range()` produced more than {RANGE_ELEMENTS} elements in one page: the template loops too much"
            ),
        }
    }
}

#[derive(Clone, Copy)]
struct State {
    deadline: Instant,
    elements: u64,
    exceeded: Option<Exceeded>,
}

thread_local! {
    static CURRENT: Cell<Option<State>> = const { Cell::new(None) };
}

/// The budget of the render running on this thread, from [`Render::start`] until it is
/// dropped.
pub(crate) struct Render {
    outer: Option<State>,
    slot: usize,
}

impl Render {
    /// Starts the budget of a render on this thread, of the template in file `template`.
    pub(crate) fn start(template: &str) -> Render {
        let outer = CURRENT.with(|c| {
            c.replace(Some(State {
                deadline: Instant::now() + TIME_LIMIT,
                elements: 0,
                exceeded: None,
            }))
        });
        Render {
            outer,
            slot: watchdog::enter(template),
        }
    }

    /// Which limit this render went over, if any.
    pub(crate) fn exceeded(&self) -> Option<Exceeded> {
        CURRENT.with(|c| c.get().and_then(|s| s.exceeded))
    }
}

impl Drop for Render {
    fn drop(&mut self) {
        CURRENT.with(|c| c.set(self.outer));
        watchdog::leave(self.slot);
    }
}

/// Records that the current render went over `limit`.
fn exceed(limit: Exceeded) -> Exceeded {
    CURRENT.with(|c| {
        if let Some(mut s) = c.get() {
            s.exceeded.get_or_insert(limit);
            c.set(Some(s));
        }
    });
    limit
}

/// Whether the current render is past its deadline.
fn late() -> bool {
    CURRENT.with(|c| c.get().is_some_and(|s| Instant::now() > s.deadline))
}

/// A page's output, refusing to grow past [`SIZE_LIMIT`] or to go on past the deadline.
pub(crate) struct Output {
    pub(crate) bytes: Vec<u8>,
    writes: u32,
}

impl Output {
    pub(crate) fn new() -> Output {
        Output {
            // Most pages are 8–20 kB: reserved once, not grown from nothing.
            bytes: Vec::with_capacity(32 * 1024),
            writes: 0,
        }
    }
}

impl Write for Output {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        if self.bytes.len() + buf.len() > SIZE_LIMIT {
            return Err(io::Error::other(exceed(Exceeded::Size).message()));
        }
        // The clock is read every 64 writes: a plan page makes thousands.
        self.writes = self.writes.wrapping_add(1);
        if self.writes.is_multiple_of(64) && late() {
            return Err(io::Error::other(exceed(Exceeded::Time).message()));
        }
        self.bytes.extend_from_slice(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

/// Tera's `range(start=0, end, step_by=1)`, charged to the render's budget.
pub(crate) fn range(kwargs: tera::Kwargs, _: &tera::State) -> tera::TeraResult<Vec<i128>> {
    let start = kwargs.get::<i128>("start")?.unwrap_or_default();
    let end = kwargs.must_get::<i128>("end")?;
    let step = kwargs.get::<i128>("step_by")?.unwrap_or(1);
    if step == 0 {
        return Err(tera::Error::message(
            "Function `range` was called with a `step_by` argument of 0",
        ));
    }
    if start > end && step > 0 {
        return Err(tera::Error::message(
            "Function `range` was called with a `start` argument greater than the `end` one",
        ));
    }
    let span = if step > 0 {
        end.checked_sub(start)
    } else {
        start.checked_sub(end)
    };
    let overflow =
        || tera::Error::message("Function `range` was called with arguments that overflow");
    let span = span.ok_or_else(overflow)?.max(0);
    let by = step.checked_abs().ok_or_else(overflow)?;
    let len = span.checked_add(by - 1).ok_or_else(overflow)? / by;
    if len > 100_000 {
        return Err(tera::Error::message(format!(
            "Function `range` would produce {len} elements, which exceeds the limit of 100000"
        )));
    }
    let over = CURRENT.with(|c| {
        let mut s = c.get()?;
        s.elements = s.elements.saturating_add(len as u64);
        c.set(Some(s));
        (s.elements > RANGE_ELEMENTS).then_some(Exceeded::Range)
    });
    if let Some(limit) = over.or_else(|| late().then_some(Exceeded::Time)) {
        return Err(tera::Error::message(exceed(limit).message()));
    }
    Ok((0..len).map(|i| start + i * step).collect())
}

/// The last resort for a render that neither writes nor calls `range()` while it runs for
/// ever: a thread that looks at every render under way twice a second and, when one has run
/// past twice [`TIME_LIMIT`], calls the handler the command set (`on_stuck`).
pub(crate) mod watchdog {
    use super::*;

    type Handler = Box<dyn Fn(&str) + Send + Sync>;

    /// Renders under way: (started, template), by slot.
    static RENDERS: Mutex<Vec<Option<(Instant, String)>>> = Mutex::new(Vec::new());
    static HANDLER: std::sync::OnceLock<Handler> = std::sync::OnceLock::new();

    /// Sets what happens when a render is stuck (given the template's file), and starts the
    /// watchdog. Without it renders are only bounded by the checks above.
    pub fn on_stuck(handler: impl Fn(&str) + Send + Sync + 'static) {
        if HANDLER.set(Box::new(handler)).is_ok() {
            std::thread::spawn(|| {
                loop {
                    std::thread::sleep(Duration::from_millis(500));
                    let stuck = RENDERS.lock().ok().and_then(|r| {
                        r.iter()
                            .flatten()
                            .find(|(t, _)| t.elapsed() > TIME_LIMIT * 2)
                            .map(|(_, name)| name.clone())
                    });
                    if let (Some(name), Some(h)) = (stuck, HANDLER.get()) {
                        h(&name);
                        return;
                    }
                }
            });
        }
    }

    pub(super) fn enter(template: &str) -> usize {
        if HANDLER.get().is_none() {
            return usize::MAX;
        }
        let Ok(mut r) = RENDERS.lock() else {
            return usize::MAX;
        };
        let entry = Some((Instant::now(), template.to_string()));
        match r.iter().position(Option::is_none) {
            Some(i) => {
                r[i] = entry;
                i
            }
            None => {
                r.push(entry);
                r.len() - 1
            }
        }
    }

    pub(super) fn leave(slot: usize) {
        if slot != usize::MAX
            && let Ok(mut r) = RENDERS.lock()
            && let Some(s) = r.get_mut(slot)
        {
            *s = None;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tera(template: &str) -> tera::Tera {
        let mut t = tera::Tera::new();
        t.register_function("range", range);
        t.add_raw_template("t", template).unwrap();
        t
    }

    fn render(t: &tera::Tera) -> (Result<String, String>, Option<Exceeded>) {
        let guard = Render::start("t");
        let mut out = Output::new();
        let r = t
            .render_to("t", &tera::Context::new(), &mut out)
            .map(|()| String::from_utf8_lossy(&out.bytes).into_owned())
            .map_err(|e| e.to_string());
        (r, guard.exceeded())
    }

    #[test]
    fn range_keeps_teras_meaning() {
        let t = tera(
            "{% for i in range(end=5) %}{{i}}{% endfor %}|{% for i in range(start=10, end=0, step_by=-3) %}{{i}},{% endfor %}|{{ range(start=3, end=3) | length }}",
        );
        assert_eq!(render(&t).0.unwrap(), "01234|10,7,4,1,|0");
    }

    #[test]
    fn nested_ranges_stop_at_the_element_budget() {
        let t = tera(
            "{% for i in range(end=100000) %}{% for j in range(end=100000) %}{% endfor %}{% endfor %}",
        );
        let started = Instant::now();
        let (r, why) = render(&t);
        assert!(r.is_err());
        assert_eq!(why, Some(Exceeded::Range));
        assert!(started.elapsed() < TIME_LIMIT);
    }

    #[test]
    fn output_past_the_size_limit_stops() {
        let mut out = Output::new();
        let _g = Render::start("t");
        let big = vec![b'x'; SIZE_LIMIT / 2 + 1];
        assert!(out.write_all(&big).is_ok());
        assert!(out.write_all(&big).is_err());
        assert_eq!(_g.exceeded(), Some(Exceeded::Size));
    }
}
