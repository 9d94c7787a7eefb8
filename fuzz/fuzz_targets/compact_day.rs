//! The compact day syntax: any text must parse or give a positioned error inside the text.
#![no_main]
use libfuzzer_sys::fuzz_target;
use taper::plan::compact::{Context, parse_day};
use taper::plan::describe::sessions_compact;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        let cx = Context { paces: &["easy", "T", "MP", "5K"] };
        match parse_day(text, &cx) {
            Ok(sessions) => {
                // What parses must print back to text that parses to the same model.
                let back = sessions_compact(&sessions);
                if let Ok(again) = parse_day(&back, &cx) {
                    assert_eq!(again, sessions, "{text:?} -> {back:?}");
                }
            }
            Err(e) => assert!(e.offset <= text.chars().count()),
        }
    }
});
