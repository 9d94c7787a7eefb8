//! One file per command that needs more than a call and a print: flags in, library call,
//! output and exit code out. The two ways a command reports diagnostics are here.

use std::io::Write;
use std::process::ExitCode;

use taper::diagnostic::Diagnostic;

pub mod check;
pub mod import;
pub mod new;
pub mod plan;
pub mod serve;

/// Writes diagnostics to stderr.
pub fn print(diags: &[Diagnostic]) {
    let mut err = std::io::stderr().lock();
    for d in diags {
        let _ = write!(err, "{}", d.render());
    }
}

/// Writes diagnostics and the count of errors to stderr: exit status 1.
pub fn fail(diags: &[Diagnostic]) -> ExitCode {
    print(diags);
    let n = diags.iter().filter(|d| d.is_error()).count();
    eprintln!(
        "error: {n} problem{} found; nothing was written",
        if n == 1 { "" } else { "s" }
    );
    ExitCode::from(1)
}
