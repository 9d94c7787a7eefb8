//! The `taper` binary: parse flags, call the library, print diagnostics, choose the exit code.

use std::io::IsTerminal;
use std::process::ExitCode;

use clap::Parser;

mod cmd;

use cmd::{fail, print};
use taper::cli::{Cli, Command};
use taper::diagnostic::Diagnostic;
use taper::site::{Options, Site};

/// mimalloc instead of the system allocator: a build makes and drops millions of small strings
/// and vectors, and glibc's malloc and free were a fifth of its instructions.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// A template render that runs on without writing or looping through `range()` cannot be
/// stopped from inside: end the process with an error naming the template. The staging
/// folder it leaves is removed by the next build.
fn stop_stuck_renders() {
    taper::render::on_stuck_render(|file| {
        let d = Diagnostic::error(
            file,
            0,
            0,
            "template-budget",
            "rendering a page with this template has run for more than 10 s without finishing",
        )
        .with_help("look for nested `for` loops or a component that calls itself; see \"Template limits\" in the README");
        print(&[d]);
        taper::site::output::discard_staging();
        eprintln!("error: the build was stopped; the previous output is untouched");
        std::process::exit(1);
    });
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    if matches!(cli.command, Command::Build { .. } | Command::Check { .. }) {
        stop_stuck_renders();
    }
    match cli.command {
        Command::Build {
            root,
            output,
            base_url,
            drafts,
            force,
        } => {
            let out = output.unwrap_or_else(|| root.join("public"));
            let source_date_epoch = std::env::var("SOURCE_DATE_EPOCH")
                .ok()
                .and_then(|s| s.trim().parse().ok());
            let options = Options {
                drafts,
                base_url,
                source_date_epoch,
            };
            let started = std::time::Instant::now();
            let site = match Site::load(&root, &options) {
                Ok(s) => s,
                Err(e) => return fail(&e),
            };
            print(&site.warnings);
            let result = with_progress(&site, started, || site.build(&out, force));
            let (resized, cached) = site.images.get();
            // The process ends here: handing the site's memory back piece by piece would only
            // add time (80 ms at 10 000 articles).
            std::mem::forget(site);
            match result {
                Ok(s) => {
                    println!(
                        "Built {} pages and {} plans ({} files) into {} in {} ms",
                        s.pages,
                        s.plans,
                        s.files,
                        out.display(),
                        started.elapsed().as_millis()
                    );
                    if resized + cached > 0 {
                        println!(
                            "Images: {resized} files resized, {cached} from the cache ({})",
                            taper::images::CACHE_DIR
                        );
                    }
                    ExitCode::SUCCESS
                }
                Err(e) => fail(&e),
            }
        }
        Command::Plan {
            file,
            format,
            result,
            diff,
        } => match diff {
            Some(old) => cmd::plan::diff(&old, &file, format),
            None => cmd::plan::run(&file, format, result.as_deref()),
        },
        Command::Serve {
            root,
            output,
            bind,
            port,
            open,
        } => cmd::serve::run(taper::serve::ServeOptions {
            root,
            output,
            bind,
            port,
            open,
        }),
        Command::New { what } => cmd::new::run(what),
        Command::Import { from } => cmd::import::run(from),
        Command::Check {
            root,
            base_url,
            drafts,
            external,
            format,
            deny_warnings,
        } => cmd::check::run(
            &root,
            &Options {
                drafts,
                base_url,
                ..Options::default()
            },
            external,
            format,
            deny_warnings,
        ),
    }
}

/// Runs `build`; on a terminal, a build still going after a second shows a progress bar
/// (cleared before the summary line). In CI, where stderr is not a terminal, nothing is drawn.
fn with_progress<T>(site: &Site, started: std::time::Instant, build: impl FnOnce() -> T) -> T {
    use std::sync::atomic::{AtomicBool, Ordering};
    if !std::io::stderr().is_terminal() {
        return build();
    }
    let finished = AtomicBool::new(false);
    std::thread::scope(|scope| {
        scope.spawn(|| {
            let mut bar: Option<indicatif::ProgressBar> = None;
            while !finished.load(Ordering::Relaxed) {
                std::thread::sleep(std::time::Duration::from_millis(100));
                if started.elapsed() < std::time::Duration::from_secs(1) {
                    continue;
                }
                let (done, total) = site.progress.get();
                let b = bar.get_or_insert_with(|| {
                    let b = indicatif::ProgressBar::new(total as u64);
                    if let Ok(style) =
                        indicatif::ProgressStyle::with_template("{bar:40} {pos}/{len} pages")
                    {
                        b.set_style(style);
                    }
                    b
                });
                b.set_length(total as u64);
                b.set_position(done as u64);
            }
            if let Some(b) = bar {
                b.finish_and_clear();
            }
        });
        let result = build();
        finished.store(true, Ordering::Relaxed);
        result
    })
}
