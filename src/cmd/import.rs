//! `taper import zola|hugo DIR OUT`: import, print the report, and say what to run next.

use std::process::ExitCode;

use taper::cli::ImportFrom;
use taper::import::{self, Kind};

use super::fail;

/// Imports; exit status 1 when the site cannot be read or OUT is not empty (nothing written).
pub fn run(from: ImportFrom) -> ExitCode {
    let (kind, dir, out) = match from {
        ImportFrom::Zola { dir, out } => (Kind::Zola, dir, out),
        ImportFrom::Hugo { dir, out } => (Kind::Hugo, dir, out),
    };
    match import::run(kind, &dir, &out) {
        Ok(report) => {
            println!("{} → {}", dir.display(), out.display());
            print!("{}", report.text());
            println!(
                "The report is in {}. Next: taper check --root {} && taper serve --root {}",
                out.join("import-report.txt").display(),
                out.display(),
                out.display()
            );
            ExitCode::SUCCESS
        }
        Err(e) => fail(&e),
    }
}
