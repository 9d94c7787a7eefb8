//! Markdown rendering with shortcode expansion (heading ids, links, code) on any text.
#![no_main]
use libfuzzer_sys::fuzz_target;
use taper::content::shortcode::{self, line_col};

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        let (expanded, errors) = shortcode::expand(text, |call| Ok(format!("<div>{}</div>", call.name)));
        for e in &errors {
            assert!(e.offset <= text.len());
            let _ = line_col(text, e.offset);
        }
        for i in 0..expanded.text.len().min(64) {
            let _ = expanded.original_offset(i);
        }
        let r = taper::content::markdown::render(&expanded.text, "/coach/");
        let _ = expanded.restore(&r.html);
        let e = taper::content::markdown::render_escaped(text, "/");
        assert!(!e.html.contains("<script"), "raw HTML escaped");
    }
});
