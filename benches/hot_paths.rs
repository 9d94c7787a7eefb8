//! Micro-benchmarks of the hot paths: Markdown rendering, the compact day parser and the
//! recovery analysis. `cargo bench --bench hot_paths`.

use std::path::Path;

use taper::content::markdown;
use taper::plan::analysis::analyse;
use taper::plan::compact::{Context, parse_day};
use taper::plan::load::load;
use taper::plan::{RecoveryOverrides, Units};

fn main() {
    divan::main();
}

const ARTICLE: &str = include_str!("../content/posts/recovery-is-training.md");
const PLAN: &str = include_str!("../content/plans/half-marathon-12.yaml");

#[divan::bench]
fn markdown_article(b: divan::Bencher) {
    let body = ARTICLE.split("\n---\n").nth(1).unwrap_or(ARTICLE);
    b.counter(divan::counter::BytesCount::new(body.len()))
        .bench(|| markdown::render(divan::black_box(body), "/"));
}

#[divan::bench(args = [
    "rest",
    "easy 8km @easy + 6x20s strides",
    "threshold 2km wu + 3x(8min @T / 2min jog) + 2km cd",
    "rest | cross 40min bike @RPE3",
])]
fn compact_day(b: divan::Bencher, day: &str) {
    let cx = Context {
        paces: &["easy", "T", "MP", "5K"],
    };
    b.bench(|| parse_day(divan::black_box(day), &cx));
}

#[divan::bench]
fn load_plan(b: divan::Bencher) {
    b.bench(|| {
        load(
            Path::new("half.yaml"),
            divan::black_box(PLAN),
            "plans",
            Units::Km,
        )
    });
}

#[divan::bench]
fn analyse_plan(b: divan::Bencher) {
    let plan = load(Path::new("half.yaml"), PLAN, "plans", Units::Km)
        .plan
        .expect("the example plan loads");
    b.bench(|| analyse(divan::black_box(&plan), &RecoveryOverrides::default()));
}
