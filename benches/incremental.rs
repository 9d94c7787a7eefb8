//! The author's loop, measured: a 10 000-article site is built once, then one article is
//! edited again and again, first its body, then its title; each edit is timed from the change
//! to the reload notice (re-read the file, re-render the pages it affects, write the changed
//! files, notify), which is what `taper serve` does after the watcher's 40 ms debounce. The
//! search index, which `taper serve` brings up to date once edits pause, is timed apart.
//!
//! Run: `cargo bench --bench incremental` (TAPER_BENCH_ARTICLES changes the size,
//! TAPER_BENCH_PAGINATE=20 sets `paginate: 20`).

use std::fs;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use taper::serve::http::Live;
use taper::serve::rebuild::{Builder, Options, Outcome};

fn article(i: usize, extra: &str) -> String {
    titled(i, &format!("Article {i}"), extra)
}

fn titled(i: usize, title: &str, extra: &str) -> String {
    format!(
        "---\ntitle: {title}\ndate: 2026-{:02}-{:02}\nsummary: Summary of article {i}.\ntags: [t{}]\n---\n## Section one\n\nSome text for article {i}, long enough to be a paragraph of a real post about easy runs and rest days. {extra}\n\n## Section two\n\n- a list\n- of [links](/posts/a{:05}/)\n",
        i % 12 + 1,
        i % 28 + 1,
        i % 7,
        (i + 1) % 10_000
    )
}

fn site(n: usize) -> PathBuf {
    let root = std::env::temp_dir().join(format!("taper-bench-{n}-{}", std::process::id()));
    let _ = fs::remove_dir_all(&root);
    fs::create_dir_all(root.join("content/posts")).expect("temp dir");
    fs::create_dir_all(root.join("content/plans")).expect("temp dir");
    let paginate = std::env::var("TAPER_BENCH_PAGINATE")
        .map(|n| format!("paginate: {n}\n"))
        .unwrap_or_default();
    fs::write(root.join("site.yaml"), format!("title: Bench\n{paginate}")).expect("write");
    for i in 0..n {
        fs::write(
            root.join(format!("content/posts/a{i:05}.md")),
            article(i, ""),
        )
        .expect("write");
    }
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    for plan in ["half-marathon-12.yaml", "5k-beginner-8.yaml"] {
        let text = fs::read_to_string(repo.join("content/plans").join(plan)).expect("plan");
        // The example plans name their articles; the bench site does not have them.
        let text: String = text
            .lines()
            .filter(|l| !l.starts_with("articles:"))
            .map(|l| format!("{l}\n"))
            .collect();
        fs::write(root.join("content/plans").join(plan), text).expect("write");
    }
    root
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

/// CPU time used by the whole process so far (every thread): unlike wall time, other
/// programs on a busy machine barely change it.
fn cpu() -> Duration {
    #[cfg(unix)]
    {
        let t = rustix::time::clock_gettime(rustix::time::ClockId::ProcessCPUTime);
        Duration::new(t.tv_sec as u64, t.tv_nsec as u32)
    }
    #[cfg(not(unix))]
    Duration::ZERO
}

/// The median and the 90th percentile of `times`.
fn median_p90(times: &mut [Duration]) -> (Duration, Duration) {
    times.sort();
    (times[times.len() / 2], times[times.len() * 9 / 10])
}

fn main() {
    let n: usize = std::env::var("TAPER_BENCH_ARTICLES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(10_000);
    let root = site(n);
    let out = root.join("public");
    let mut builder = Builder::new(&root, &out, Options::default());
    // As `taper serve` does: the edited pages first, the search index once edits pause.
    builder.defer_search(true);
    let t = Instant::now();
    match builder.full() {
        Outcome::Rebuilt { files, .. } => println!(
            "full build: {n} articles, {} files in {:.0} ms",
            files.len(),
            ms(t.elapsed())
        ),
        other => panic!("the bench site does not build: {other:?}"),
    }
    let live = Live::new(&out);
    let edited = root.join("content/posts/a04242.md");
    let mut time = |what: &str, runs: usize, text: &dyn Fn(usize) -> String| {
        let (mut times, mut cpus) = (Vec::new(), Vec::new());
        for round in 0..runs {
            fs::write(&edited, text(round)).expect("write");
            let (t, c) = (Instant::now(), cpu());
            match builder.changed(std::slice::from_ref(&edited)) {
                Outcome::Rebuilt { files, .. } => live.rebuilt(files),
                other => panic!("the edit did not rebuild: {other:?}"),
            }
            times.push(t.elapsed());
            cpus.push(cpu() - c);
        }
        let (t, c) = (Instant::now(), cpu());
        match builder.catch_up() {
            Outcome::Rebuilt { files, .. } => live.rebuilt(files),
            other => panic!("the search index did not catch up: {other:?}"),
        }
        println!(
            "{what}, then the search index once edits pause: {:.1} ms (CPU {:.1} ms)",
            ms(t.elapsed()),
            ms(cpu() - c)
        );
        let (median, p90) = median_p90(&mut times);
        let (cpu_median, cpu_p90) = median_p90(&mut cpus);
        println!(
            "{what}, change to reload notice: median {:.1} ms, p90 {:.1} ms, max {:.1} ms ({} runs); CPU time (all threads) median {:.1} ms, p90 {:.1} ms",
            ms(median),
            ms(p90),
            ms(times[times.len() - 1]),
            times.len(),
            ms(cpu_median),
            ms(cpu_p90),
        );
    };
    // The common case: the Markdown changes, the front matter does not.
    time("one-article body edit", 30, &|round| {
        article(4242, &format!("Edit {round}."))
    });
    // A title shows on other pages (lists, neighbours' links, tags): every page is rendered
    // again in memory, from cached Markdown, and the changed files written.
    time("one-article title edit", 10, &|round| {
        titled(4242, &format!("Article 4242, take {round}"), "")
    });
    let _ = fs::remove_dir_all(&root);
}
