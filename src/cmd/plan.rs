//! `taper plan FILE`: print one plan's analysis (text or plan.json), or with `--diff OLD` what
//! changed from OLD to FILE, and pick the exit status (0 when the plans load, 1 on errors).

use std::path::Path;
use std::process::ExitCode;

use taper::cli::PlanFormat;

use super::{fail, print};

/// Analyses the plan in `file` and prints the report; warnings go to stderr first.
pub fn run(file: &Path, format: PlanFormat, result: Option<&str>) -> ExitCode {
    match taper::report::plan_report(file, format == PlanFormat::Json, result) {
        Ok((text, warnings)) => {
            print(&warnings);
            print!("{text}");
            ExitCode::SUCCESS
        }
        Err(e) => fail(&e),
    }
}

/// Prints what differs from the plan in `old` (`-`: stdin) to the plan in `new`.
pub fn diff(old: &Path, new: &Path) -> ExitCode {
    match taper::report::plan_diff(old, new) {
        Ok((text, warnings)) => {
            print(&warnings);
            print!("{text}");
            ExitCode::SUCCESS
        }
        Err(e) => fail(&e),
    }
}
