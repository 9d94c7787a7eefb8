//! `taper serve`: runs the dev server until Ctrl-C.

use std::io::Write;
use std::process::ExitCode;

use taper::serve::{ServeOptions, run as serve};

/// Serves; exit status 1 when the server cannot start.
pub fn run(options: ServeOptions) -> ExitCode {
    match serve(&options) {
        Ok(()) => ExitCode::SUCCESS,
        Err(diags) => {
            let mut err = std::io::stderr().lock();
            for d in &diags {
                let _ = write!(err, "{}", d.render());
            }
            ExitCode::from(1)
        }
    }
}
