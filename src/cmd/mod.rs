//! One file per command that needs more than a call and a print: flags in, library call,
//! output and exit code out.

pub mod check;
pub mod new;
pub mod serve;
