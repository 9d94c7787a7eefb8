//! What a `rest` day may not hold, shared by the compact syntax and the map form.

use super::*;

/// What a `rest` (or the rest-like extra of a rest day) may not hold.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Contradiction {
    /// The session's type is not rest, walk or mobility.
    Kind,
    /// A distance, or a duration over the rest-like limit.
    Amount,
    /// A pace, zone or named target.
    Target,
    /// An effort above the rest-like limit.
    Effort,
    /// Blocks (`+ …`).
    Blocks,
}

/// Why a `rest` contradicts itself, if it does: a rest covers no distance, lasts at most 45
/// minutes, has no pace and no blocks, and is at most RPE 2. Shared with the map form.
pub fn rest_contradiction(w: &Workout) -> Option<(Contradiction, String, String)> {
    if w.kind != SessionType::Rest {
        return None;
    }
    let example = match w.amount {
        Some(a @ crate::plan::Amount::Distance { .. }) => format!("`easy {}`", a.compact()),
        Some(a) => format!("`cross {}`", a.compact()),
        None => "`easy 8km`".to_string(),
    };
    let training = format!(
        "write the training as its type ({example}), or an optional walk as `rest (walk 20min)`"
    );
    if !w.steps.is_empty() {
        return Some((
            Contradiction::Blocks,
            "a rest has no blocks: blocks are training".into(),
            training,
        ));
    }
    match w.amount {
        Some(a @ crate::plan::Amount::Distance { .. }) => {
            return Some((
                Contradiction::Amount,
                format!(
                    "a rest covers no distance: `rest {}` is training",
                    a.compact()
                ),
                training,
            ));
        }
        Some(a @ crate::plan::Amount::Duration { hi, .. }) if hi > REST_LIKE_MAX_SECONDS => {
            return Some((
                Contradiction::Amount,
                format!(
                    "a rest of {} is not rest-like: a rest day holds at most 45 minutes of walking or mobility",
                    a.human()
                ),
                training,
            ));
        }
        _ => {}
    }
    if w.target.is_some() {
        return Some((
            Contradiction::Target,
            "a rest has no pace, zone or named target".into(),
            training,
        ));
    }
    if let Some((_, hi)) = w.rpe
        && hi > REST_LIKE_MAX_RPE
    {
        return Some((
            Contradiction::Effort,
            format!(
                "a rest at RPE {} is training: a rest is at most RPE 2",
                crate::plan::units::num(hi)
            ),
            "write the session's type (`cross 40min @RPE5`), or leave the effort out".into(),
        ));
    }
    None
}

/// Why the optional extra of a rest, walk or mobility day (`rest (walk 20min)`) is not
/// rest-like, if it is not: rest, walk or mobility, no blocks, at most RPE 2 and 45 minutes
/// (a distance counts at the type's default pace, or the pace written).
pub(super) fn extra_contradiction(w: &Workout) -> Option<(Contradiction, String, String)> {
    let help = "a rest day's extra is a short, gentle walk or mobility: `rest (walk 20min)`, `rest (mobility 10min)`";
    if !w.kind.is_restful() {
        return Some((
            Contradiction::Kind,
            format!(
                "the optional extra `{}` is training, not rest: the day would show as rest",
                w.kind.name()
            ),
            format!("{help}; for training on that day write it as the session"),
        ));
    }
    if w.kind == SessionType::Rest {
        return rest_contradiction(w);
    }
    if !w.steps.is_empty() {
        return Some((
            Contradiction::Blocks,
            "a rest day's optional extra has no blocks".into(),
            help.into(),
        ));
    }
    let t = Resolver { paces: &[] }.totals(w);
    if t.duration > REST_LIKE_MAX_SECONDS {
        return Some((
            Contradiction::Amount,
            format!(
                "the optional extra lasts {}{}: a rest day holds at most 45 minutes of walking or mobility",
                if t.duration_estimated { "≈ " } else { "" },
                crate::plan::units::human_duration(t.duration)
            ),
            help.into(),
        ));
    }
    if t.rpe > REST_LIKE_MAX_RPE {
        let part = if w.rpe.is_some() {
            Contradiction::Effort
        } else {
            Contradiction::Target
        };
        return Some((
            part,
            format!(
                "the optional extra is at RPE {}: a rest day stays at RPE 2 or below",
                crate::plan::units::num(t.rpe)
            ),
            help.into(),
        ));
    }
    None
}
