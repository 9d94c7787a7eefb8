//! Whole plans: parsing, validation and the recovery analysis on any input.
#![no_main]
use libfuzzer_sys::fuzz_target;
use std::path::Path;
use taper::plan::analysis::analyse;
use taper::plan::load::load;
use taper::plan::{RecoveryOverrides, Units};

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        let loaded = load(Path::new("content/plans/fuzz.yaml"), text, "plans", Units::Km);
        if let Some(plan) = loaded.plan {
            let a = analyse(&plan, &RecoveryOverrides::default());
            assert_eq!(a.weeks.len(), plan.weeks.len());
        }
    }
});
