//! A plan's watch workouts: `<path>/workouts/<day anchor>[-n].fit`, one FIT file per session a
//! watch can follow ([`crate::plan::watch`]). Written by the plan's job, beside its page.

use crate::build::Ctx;
use crate::diagnostic::Diagnostic;
use crate::plan::watch::{WatchWorkout, fit};
use crate::site::{OutputFile, PlanEntry};

/// The output path of workout `stem` of the plan at `path`.
pub(crate) fn path(plan_path: &str, stem: &str) -> String {
    format!("{plan_path}/workouts/{stem}.fit")
}

/// The FIT files of `workouts`, stamped like the calendars: `SOURCE_DATE_EPOCH` when set,
/// else the plan's first day (an undated plan's files have no `time_created`).
pub(crate) fn files(
    cx: &Ctx,
    entry: &PlanEntry,
    workouts: &[WatchWorkout],
) -> Result<Vec<OutputFile>, Diagnostic> {
    let plan = &entry.plan;
    let stamp = cx.site.stamp.or_else(|| {
        plan.start
            .map(|d| d.to_datetime(jiff::civil::Time::midnight()))
    });
    let created = stamp
        .and_then(|t| jiff::tz::Offset::UTC.to_timestamp(t).ok())
        .map(|t| t.as_second());
    workouts
        .iter()
        .map(|w| {
            let id = fit::FileId {
                serial: fit::serial(&plan.id, &w.stem),
                created,
            };
            let bytes = fit::encode(w, id).map_err(|e| {
                Diagnostic::error(
                    &plan.source,
                    0,
                    0,
                    "workout",
                    format!("the workout of week {} could not be written: {e}", w.week),
                )
            })?;
            Ok(OutputFile {
                path: path(&plan.path, &w.stem),
                bytes,
                source: plan.source.clone(),
            })
        })
        .collect()
}
