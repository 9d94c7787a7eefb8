//! `taper plan FILE`: print one plan's analysis (text or plan.json), or with `--diff OLD` what
//! changed from OLD to FILE, and pick the exit status (0 when the plans load, 1 on errors).

use std::path::Path;
use std::process::ExitCode;

use taper::cli::PlanFormat;
use taper::diagnostic::{Diagnostic, github_command};

use super::{fail, print};

/// Analyses the plan in `file` and prints the report; warnings go to stderr first.
pub fn run(file: &Path, format: PlanFormat, result: Option<&str>) -> ExitCode {
    let report = taper::report::plan_report(file, format == PlanFormat::Json, result);
    show(report, file, format, "taper plan")
}

/// Prints what differs from the plan in `old` (`-`: stdin) to the plan in `new`.
/// With `--format github`, one `::notice` annotation on `new` holds the changes: a pull
/// request shows it on the plan file.
pub fn diff(old: &Path, new: &Path, format: PlanFormat) -> ExitCode {
    show(
        taper::report::plan_diff(old, new),
        new,
        format,
        "taper plan --diff",
    )
}

/// Prints a report (or its problems) as `format` asks.
fn show(
    report: Result<(String, Vec<Diagnostic>), Vec<Diagnostic>>,
    file: &Path,
    format: PlanFormat,
    title: &str,
) -> ExitCode {
    match (report, format) {
        (Ok((text, warnings)), PlanFormat::Github) => {
            for w in &warnings {
                print!("{}", w.github());
            }
            let file = file.to_string_lossy().replace('\\', "/");
            print!(
                "{}",
                github_command("notice", &file, 0, 0, title, text.trim_end())
            );
            ExitCode::SUCCESS
        }
        (Ok((text, warnings)), _) => {
            print(&warnings);
            print!("{text}");
            ExitCode::SUCCESS
        }
        (Err(e), PlanFormat::Github) => {
            for d in &e {
                print!("{}", d.github());
            }
            fail(&e)
        }
        (Err(e), _) => fail(&e),
    }
}
