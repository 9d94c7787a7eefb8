//! `taper plan FILE`: print one plan's analysis (text or plan.json) and pick the exit status
//! (0 when the plan loads, 1 when it has errors).

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
