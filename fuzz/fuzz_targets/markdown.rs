//! Markdown rendering (heading ids, links) on any text.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        let r = taper::content::markdown::render(text, "/coach/");
        let e = taper::content::markdown::render_escaped(text, "/");
        assert!(!e.html.contains("<script"), "raw HTML escaped");
        let _ = r;
    }
});
