//! Whole plans: parsing, validation, the recovery analysis and the watch workouts (FIT files,
//! intervals.icu text) on any input.
#![no_main]
use libfuzzer_sys::fuzz_target;
use std::path::Path;
use taper::plan::analysis::analyse;
use taper::plan::load::load;
use taper::plan::watch::{WatchStep, fit, intervals, workouts};
use taper::plan::{RecoveryOverrides, Units};

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        let loaded = load(Path::new("content/plans/fuzz.yaml"), text, "plans", Units::Km);
        if let Some(plan) = loaded.plan {
            let a = analyse(&plan, &RecoveryOverrides::default());
            assert_eq!(a.weeks.len(), plan.weeks.len());
            for w in workouts(&plan) {
                let id = fit::FileId { serial: 1, created: None };
                assert!(fit::encode(&w, id).is_ok(), "every workout encodes");
                let _ = intervals::text(&w, &plan);
                for (i, s) in w.steps.iter().enumerate() {
                    if let WatchStep::Repeat { from, .. } = s {
                        assert!(*from < i, "a repeat goes back");
                    }
                }
            }
        }
    }
});
