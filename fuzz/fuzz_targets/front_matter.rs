//! Front-matter splitting and parsing: any bytes must give an article or diagnostics.
#![no_main]
use libfuzzer_sys::fuzz_target;
use std::path::Path;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        let _ = taper::content::load(Path::new("content/posts/fuzz.md"), text, "posts/fuzz");
    }
});
