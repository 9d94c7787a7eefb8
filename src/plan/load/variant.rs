//! Plan variants: `extends: <plan id or path>` makes a plan from another. The variant inherits
//! everything and overrides what it states: the header keys (`title`, `level`, `paces` by
//! name, `goal` field by field, `recovery` threshold by threshold, `articles` topic by topic;
//! any other key as a whole), weeks by number and single days
//! (`weeks: { 3: { days: { tue: ... } } }`, the shape of a base week, so a week copied from
//! the base is a valid override), and `scale:` for the running amounts of the days it inherits
//! ([`crate::plan::scale`]). A `weeks:` list replaces every week.
//!
//! Read in two steps, because a variant needs its base: [`super::load`] reads the file alone
//! into a [`Pending`]; [`resolve`], once every plan file of the site is loaded, makes each
//! pending variant a plan from its base (a variant of a variant after its base), and reports
//! unknown bases, cycles and chains deeper than [`MAX_DEPTH`] at the `extends:` line. A
//! variant whose base has errors says nothing more: the base's errors are reported once, by
//! the base.

use std::collections::BTreeSet;
use std::path::{Component, PathBuf};

use super::*;
use crate::plan::VariantOf;
use crate::plan::scale::{self, MAX_SCALE, MIN_SCALE};

/// The longest chain of `extends:` Taper follows (a variant of a variant of … a plan).
pub const MAX_DEPTH: usize = 4;

/// What a variant has beside a plan's keys.
const VARIANT_ONLY_KEYS: [&str; 2] = ["extends", "scale"];

/// A variant read on its own, waiting for its base.
#[derive(Debug, Clone)]
pub struct Pending {
    /// The variant's file, relative to the site root.
    pub file: PathBuf,
    /// Its `id:`, else its file stem.
    pub id: String,
    pub(super) url_dir: String,
    /// The file as written (for the source lines of diagnostics).
    pub(super) source: String,
    /// The text parsed (day lines with `: ` quoted).
    pub(super) text: String,
    pub(super) quoted: Vec<(usize, usize)>,
    pub(super) root: Node,
    /// `extends:` as written, and where.
    pub(super) extends: (String, Pos),
}

/// What [`resolve`] made of the pending variants.
#[derive(Debug, Default)]
pub struct Resolved {
    /// The variants made into plans.
    pub plans: Vec<Plan>,
    /// Errors in variants (and warnings), each in its variant's file.
    pub diagnostics: Vec<Diagnostic>,
    /// Variants not made because their base (the second file) has errors: (variant, base).
    pub blocked: Vec<(PathBuf, PathBuf)>,
}

/// What an `extends:` names.
enum Reference {
    /// A plan id (`hm-base`).
    Id(String),
    /// A file, relative to the site root once joined to the variant's folder.
    File(PathBuf),
}

impl Pending {
    fn reference(&self) -> Reference {
        let r = self.extends.0.trim();
        if is_slug(r) {
            return Reference::Id(r.to_string());
        }
        let dir = self.file.parent().unwrap_or(Path::new(""));
        Reference::File(normalise(&dir.join(r)))
    }

    /// Whether `r` names this pending variant.
    fn is(&self, r: &Reference) -> bool {
        match r {
            Reference::Id(id) => *id == self.id,
            Reference::File(f) => *f == self.file,
        }
    }
}

/// `content/plans/../plans/x.yaml` → `content/plans/x.yaml`, without the file system.
fn normalise(p: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for c in p.components() {
        match c {
            Component::ParentDir => {
                out.pop();
            }
            Component::CurDir => {}
            other => out.push(other),
        }
    }
    out
}

/// The plan `r` names among `plans`, preferring one in the same folder as the variant.
fn find<'a>(
    plans: impl Iterator<Item = &'a Plan>,
    r: &Reference,
    url_dir: &str,
) -> Option<&'a Plan> {
    let mut first = None;
    for plan in plans {
        let hit = match r {
            Reference::Id(id) => plan.id == *id,
            Reference::File(f) => plan.source == *f,
        };
        if hit {
            if plan.path.rsplit_once('/').map_or("", |(d, _)| d) == url_dir {
                return Some(plan);
            }
            first = first.or(Some(plan));
        }
    }
    first
}

/// Whether `r` names one of the files that failed to load (its id is taken as its stem).
fn failed_one<'a>(failed: &'a [PathBuf], r: &Reference) -> Option<&'a PathBuf> {
    failed.iter().find(|f| match r {
        Reference::Id(id) => f.file_stem().is_some_and(|s| s.to_string_lossy() == *id),
        Reference::File(p) => *f == p,
    })
}

/// Makes every pending variant a plan from its base, found among `plans` (every plan of the
/// site, drafts too) or among the variants made before it. `failed` lists the plan files that
/// did not load: a variant of one of them is left out without a word (see [`Resolved`]).
pub fn resolve(plans: &[Plan], pending: Vec<Pending>, failed: &[PathBuf]) -> Resolved {
    let mut out = Resolved::default();
    let mut failed: Vec<PathBuf> = failed.to_vec();
    let mut waiting: Vec<Pending> = pending;
    loop {
        let mut progress = false;
        let mut still = Vec::new();
        for v in std::mem::take(&mut waiting) {
            let r = v.reference();
            let base = find(plans.iter().chain(&out.plans), &r, &v.url_dir).cloned();
            if let Some(base) = base {
                progress = true;
                match make(&v, &base) {
                    (Some(plan), diags) => {
                        out.diagnostics.extend(diags);
                        out.plans.push(plan);
                    }
                    (None, diags) => {
                        out.diagnostics.extend(diags);
                        failed.push(v.file.clone());
                    }
                }
            } else if let Some(f) = failed_one(&failed, &r) {
                progress = true;
                out.blocked.push((v.file.clone(), f.clone()));
                failed.push(v.file.clone());
            } else {
                still.push(v);
            }
        }
        waiting = still;
        if !progress || waiting.is_empty() {
            break;
        }
    }
    // Nothing more can be made. A variant whose base is neither a plan nor another waiting
    // variant names nothing; the others wait on each other.
    let (known, unknown): (Vec<Pending>, Vec<Pending>) = waiting
        .iter()
        .cloned()
        .partition(|v| waiting.iter().any(|w| w.is(&v.reference())));
    for v in unknown {
        out.diagnostics.push(unknown_base(&v, plans, &out.plans));
    }
    let waiting = known;
    // What is left waits, around a cycle or on one: each member of a cycle says so, and a
    // variant of one says nothing more.
    for v in &waiting {
        if let Some(d) = cycle(v, &waiting) {
            out.diagnostics.push(d);
        }
    }
    out
}

/// The error for an `extends:` that names no plan.
fn unknown_base(v: &Pending, plans: &[Plan], made: &[Plan]) -> Diagnostic {
    let ids: Vec<&str> = plans.iter().chain(made).map(|p| p.id.as_str()).collect();
    let mut p = Problems::new(&v.file);
    let d = p.error(
        v.extends.1,
        "extends",
        format!("no plan `{}` to extend", v.extends.0),
    );
    match suggest(&v.extends.0, ids.iter().copied()) {
        Some(s) => d.help(format!(
            "did you mean `{s}`? write a plan's id or its file, like `extends: {s}`"
        )),
        None if ids.is_empty() => d.help("the site has no other plan: write the base plan first"),
        None => d.help(format!(
            "write a plan's id or its file; plans: {}",
            ids.join(", ")
        )),
    }
    finish(v, p)
        .into_iter()
        .next()
        .unwrap_or_else(|| Diagnostic::error(&v.file, 0, 0, "extends", "no plan to extend"))
}

/// The error for a variant whose chain of `extends:` comes back to itself (`None` when it
/// only leads into a cycle of others).
fn cycle(v: &Pending, waiting: &[Pending]) -> Option<Diagnostic> {
    let mut chain = vec![v.id.clone()];
    let mut at = v;
    let mut seen = BTreeSet::new();
    while seen.insert(at.file.clone()) {
        let r = at.reference();
        let next = waiting.iter().find(|w| w.is(&r))?;
        chain.push(next.id.clone());
        if next.file == v.file {
            break;
        }
        at = next;
    }
    if chain.last() != Some(&v.id) || chain.len() < 2 {
        return None;
    }
    let mut p = Problems::new(&v.file);
    p.error(
        v.extends.1,
        "extends",
        format!(
            "`extends: {}` makes a cycle: {}",
            v.extends.0,
            chain.join(" → ")
        ),
    )
    .help("a variant's chain of `extends:` must end at a plan that extends nothing");
    finish(v, p).into_iter().next()
}

/// The diagnostics of a variant's file, with their source lines and user columns.
fn finish(v: &Pending, mut p: Problems) -> Vec<Diagnostic> {
    fix_columns(&mut p.list, &v.quoted);
    p.finish(&v.source)
}

/// The variant `v` made from `base`: the plan, or `None` after errors, and the diagnostics.
fn make(v: &Pending, base: &Plan) -> (Option<Plan>, Vec<Diagnostic>) {
    let mut p = Problems::new(&v.file);
    let depth = base.variant.as_ref().map_or(0, |b| b.depth) + 1;
    if depth > MAX_DEPTH {
        p.error(
            v.extends.1,
            "extends",
            format!(
                "`extends: {}` makes a chain of {depth} variants; Taper follows at most {MAX_DEPTH}",
                v.extends.0
            ),
        )
        .help("extend a plan nearer the start of the chain: each variant can say everything its base says");
        return (None, finish(v, p));
    }
    let plan = apply(v, base, depth, &mut p);
    let plan = if p.has_errors() { None } else { plan };
    (plan, finish(v, p))
}

fn apply(v: &Pending, base: &Plan, depth: usize, p: &mut Problems) -> Option<Plan> {
    let map = v.root.as_map()?;
    let keys: Vec<&str> = VARIANT_ONLY_KEYS
        .into_iter()
        .chain(super::PLAN_KEYS.iter().copied())
        .collect();
    crate::extra::check_keys(map, &keys, "a variant", p);
    let mut plan = base.clone();
    // `extra:` merges key by key: the variant's own keys over the base's.
    if get(map, "extra").is_some() {
        let own = crate::extra::read(map, p);
        for (k, n) in own.entries {
            match plan
                .extra
                .entries
                .iter_mut()
                .find(|(b, _)| b.name == k.name)
            {
                Some(slot) => *slot = (k, n),
                None => plan.extra.entries.push((k, n)),
            }
        }
        plan.extra.pos = own.pos;
    }
    plan.id = v.id.clone();
    plan.path = if v.url_dir.is_empty() {
        v.id.clone()
    } else {
        format!("{}/{}", v.url_dir, v.id)
    };
    plan.source = v.file.clone();
    // Positions are kept for the variant's own `articles:` entries only: the inherited ones
    // are checked (and reported) in the base.
    plan.articles_pos.clear();
    plan.digest = crate::digest(&(&v.source, base.digest));
    // A draft base (a plan kept only to be extended) does not make its variants drafts.
    plan.draft = get(map, "draft")
        .and_then(|n| validate::boolean(n, "`draft`", p))
        .unwrap_or(false);
    let scale = get(map, "scale").and_then(|n| scale_of(n, p));
    plan.variant = Some(VariantOf {
        base: base.source.clone(),
        family: base.family().to_path_buf(),
        depth,
        scale,
    });
    header(map, &mut plan, p);

    let pace_names: Vec<&str> = plan.paces.iter().map(|n| n.name.as_str()).collect();
    let cx = Context { paces: &pace_names };
    // Every inherited week and day keeps where it is written, in the base's file.
    for w in &mut plan.weeks {
        w.origin.get_or_insert_with(|| base.source.clone());
        for d in &mut w.days {
            d.origin.get_or_insert_with(|| base.source.clone());
        }
    }
    if let Some(f) = scale {
        plan.weeks = plan.weeks.iter().map(|w| scale::week(w, f)).collect();
    }
    let replaced_weeks = match get(map, "weeks") {
        Some(n) if n.as_seq().is_some() => {
            plan.weeks = weeks_of(n, &v.text, &cx, p);
            true
        }
        Some(n) => {
            overrides(n, &base.id, &mut plan.weeks, &v.text, &cx, p);
            false
        }
        None => false,
    };
    dates(map, &mut plan, base, replaced_weeks, p);
    Some(plan)
}

/// `scale:`: a number from [`MIN_SCALE`] to [`MAX_SCALE`].
fn scale_of(n: &Node, p: &mut Problems) -> Option<f64> {
    let f = match n.value {
        Value::Int(i) => i as f64,
        Value::Float(f) => f,
        _ => {
            p.error(
                n.pos,
                "scale",
                format!("`scale` must be a number like 0.8, found {}", n.kind()),
            )
            .help("write the factor as a number: `scale: 0.8` for 80 % of the base's running");
            return None;
        }
    };
    if !(MIN_SCALE..=MAX_SCALE).contains(&f) {
        p.error(
            n.pos,
            "scale",
            format!("`scale: {f}` is outside {MIN_SCALE} to {MAX_SCALE}"),
        )
        .help(
            "a variant scales its base's running by a quarter to twice; for more, write the weeks",
        );
        return None;
    }
    Some(f)
}

/// The header keys the variant states, over the base's.
fn header(map: &[(Key, Node)], plan: &mut Plan, p: &mut Problems) {
    if let Some(t) = get(map, "title").and_then(|n| validate::text(n, "`title`", p)) {
        plan.title = t;
    }
    if let Some(n) = get(map, "level")
        && let Some(t) = validate::text(n, "`level`", p)
    {
        match Level::parse(&t) {
            Some(l) => plan.level = l,
            None => {
                p.error(n.pos, "level", format!("unknown level `{t}`"))
                    .help("write novice, intermediate or advanced");
            }
        }
    }
    if let Some(u) = get(map, "units").and_then(|n| units_of(n, p)) {
        plan.units = u;
    }
    let goal = goal_or_race(map, p);
    if let Some(g) = goal {
        let old = plan.goal.take().unwrap_or_default();
        plan.goal = Some(Goal {
            race: g.race.or(old.race),
            distance: g.distance.or(old.distance),
            date: g.date.or(old.date),
            target: g.target.or(old.target),
        });
    }
    if let Some(t) = get(map, "summary").and_then(|n| validate::text(n, "`summary`", p)) {
        plan.summary = Some(t);
    }
    if let Some(t) = get(map, "description").and_then(|n| validate::text(n, "`description`", p)) {
        plan.description = Some(t);
    }
    if let Some(n) = get(map, "tags") {
        plan.tags = validate::text_list(n, "`tags`", p);
    }
    if let Some(b) = get(map, "personalise").and_then(|n| validate::boolean(n, "`personalise`", p))
    {
        plan.personalise = Some(b);
    }
    if let Some(b) = get(map, "workouts").and_then(|n| validate::boolean(n, "`workouts`", p)) {
        plan.workouts = Some(b);
    }
    if let Some(n) = get(map, "athlete") {
        plan.baseline = baseline_of(n, p);
    }
    if let Some(n) = get(map, "paces") {
        for named in paces_of(n, p) {
            match plan.paces.iter_mut().find(|x| x.name == named.name) {
                Some(x) => *x = named,
                None => plan.paces.push(named),
            }
        }
    }
    if let Some(n) = get(map, "articles") {
        let (articles, pos) = articles_of(n, p);
        plan.articles.extend(articles);
        plan.articles_pos.extend(pos);
    }
    if let Some(n) = get(map, "recovery") {
        plan.recovery = over(recovery_of(n, p), plan.recovery);
    }
}

/// Thresholds: the variant's where it sets one, else the base's.
fn over(v: RecoveryOverrides, b: RecoveryOverrides) -> RecoveryOverrides {
    let RecoveryOverrides {
        max_days_without_rest,
        long_run_increase,
        long_run_caution,
        weekly_increase,
        monotony,
        low_intensity_share,
        ramp_rate,
        race_form,
        taper_volume_cut,
        taper_volume_best,
        taper_volume_max,
        taper_intensity_rpe,
        taper_frequency_drop,
        long_run_share,
    } = v;
    RecoveryOverrides {
        max_days_without_rest: max_days_without_rest.or(b.max_days_without_rest),
        long_run_increase: long_run_increase.or(b.long_run_increase),
        long_run_caution: long_run_caution.or(b.long_run_caution),
        weekly_increase: weekly_increase.or(b.weekly_increase),
        monotony: monotony.or(b.monotony),
        low_intensity_share: low_intensity_share.or(b.low_intensity_share),
        ramp_rate: ramp_rate.or(b.ramp_rate),
        race_form: race_form.or(b.race_form),
        taper_volume_cut: taper_volume_cut.or(b.taper_volume_cut),
        taper_volume_best: taper_volume_best.or(b.taper_volume_best),
        taper_volume_max: taper_volume_max.or(b.taper_volume_max),
        taper_intensity_rpe: taper_intensity_rpe.or(b.taper_intensity_rpe),
        taper_frequency_drop: taper_frequency_drop.or(b.taper_frequency_drop),
        long_run_share: long_run_share.or(b.long_run_share),
    }
}

/// `weeks: { 3: { days: { tue: ... } } }`: the weeks and days the variant writes itself.
fn overrides(
    n: &Node,
    base_id: &str,
    weeks: &mut [Week],
    source: &str,
    cx: &Context,
    p: &mut Problems,
) {
    let Some(entries) = n.as_map() else {
        p.error(
            n.pos,
            "type",
            format!(
                "a variant's `weeks` must map week numbers to changes (`3: {{ days: {{ tue: rest }} }}`), or list every week; found {}",
                n.kind()
            ),
        );
        return;
    };
    for (k, v) in entries {
        let Some(week) = k.name.trim().parse::<usize>().ok().filter(|&w| w >= 1) else {
            p.error(k.pos, "week", format!("`{}` is not a week number", k.name))
                .help("write the number of the week to change, like `3:` for week 3");
            continue;
        };
        if week > weeks.len() {
            p.error(
                k.pos,
                "week",
                format!(
                    "week {week} does not exist: `{base_id}` has {} week{}",
                    weeks.len(),
                    if weeks.len() == 1 { "" } else { "s" }
                ),
            )
            .help(
                "a variant changes its base's weeks; to add weeks, write the whole `weeks:` list",
            );
            continue;
        }
        let what = format!("week {week}");
        let Some(map) = validate::as_map(v, &what, p) else {
            continue;
        };
        check_keys(map, WEEK_KEYS, &what, p);
        let w = &mut weeks[week - 1];
        w.pos = v.pos;
        w.origin = None;
        if let Some(t) = get(map, "phase").and_then(|n| validate::text(n, "`phase`", p)) {
            w.phase = Some(t);
        }
        if let Some(b) = get(map, "deload").and_then(|n| validate::boolean(n, "`deload`", p)) {
            w.deload = b;
        }
        if let Some(t) = get(map, "note").and_then(|n| validate::text(n, "`note`", p)) {
            w.note = Some(t);
        }
        if let Some(n) = get(map, "ack") {
            w.acks = acks_of(n, p);
        }
        if let Some(days) = get(map, "days") {
            override_days(days, week, w, source, cx, p);
        }
    }
}

/// The days a week override writes, each in place of the base's.
fn override_days(
    n: &Node,
    week: usize,
    w: &mut Week,
    source: &str,
    cx: &Context,
    p: &mut Problems,
) {
    let Some(entries) = n.as_map() else {
        p.error(
            n.pos,
            "type",
            format!(
                "`days` of week {week} must map the days that change to sessions (`tue: rest`), found {}",
                n.kind()
            ),
        );
        return;
    };
    for (k, v) in entries {
        let Some(idx) = super::weeks::weekday_index(&k.name) else {
            let d = p.error(
                k.pos,
                "weekday",
                format!("`{}` is not a day of the week", k.name),
            );
            match suggest(&k.name, WEEKDAYS) {
                Some(s) => d.help(format!("did you mean `{s}`?")),
                None => d.help("days are mon, tue, wed, thu, fri, sat, sun"),
            }
            continue;
        };
        if let Some(day) = day_of(v, k, idx, source, cx, p) {
            w.days[idx] = day;
        }
    }
}

/// The variant's dates: its own `start:`, else its goal date when it sets one (or changes the
/// number of weeks), else the base's.
fn dates(
    map: &[(Key, Node)],
    plan: &mut Plan,
    base: &Plan,
    replaced_weeks: bool,
    p: &mut Problems,
) {
    let start_node = get(map, "start");
    let goal_date_node = get(map, "goal")
        .or_else(|| get(map, "race"))
        .and_then(|g| get(g.as_map()?, "date"));
    let placed_by = start_node.or(goal_date_node);
    if let Some(n) = start_node
        && let Some(s) = validate::date(n, "`start`", p)
    {
        if s.weekday() != Weekday::Monday {
            p.error(
                n.pos,
                "start",
                format!("`start: {s}` is a {:?}; weeks start on Monday", s.weekday()),
            )
            .help(format!(
                "write `start: {}` (the Monday of that week)",
                monday_of(s)
            ));
        }
        plan.start = Some(s);
    } else if goal_date_node.is_some() || (replaced_weeks && base.start.is_some()) {
        plan.start = match plan.goal.as_ref().and_then(|g| g.date) {
            Some(race) if !plan.weeks.is_empty() => {
                let back = i64::try_from((plan.weeks.len() - 1) * 7).unwrap_or(0);
                monday_of(race)
                    .checked_sub(jiff::Span::new().days(back))
                    .ok()
            }
            _ => plan.start,
        };
    }
    if let (Some(s), Some(n)) = (plan.start, placed_by) {
        check_date_range(s, plan.weeks.len(), n.pos, p);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const BASE: &str = "title: Half in 2
level: intermediate
goal: { race: Spring Half, distance: 21.1km, date: 2027-04-18, target: \"1:45:00\" }
paces:
  easy: { pace: 5:50-6:30/km, rpe: 3 }
  T: { pace: 4:40-4:50/km, rpe: 7 }
weeks:
  - phase: build
    days:
      mon: rest
      tue: intervals 2km wu + 6x(1km @T / 400m jog) + 2km cd
      wed: easy 8km @easy
      thu: rest | cross 40min bike @RPE3
      fri: rest
      sat: easy 45min @easy
      sun: long 16km @easy
  - phase: taper
    days:
      mon: rest
      tue: easy 6km @easy
      wed: rest
      thu: easy 5km @easy
      fri: rest
      sat: easy 3km @easy
      sun: race half @RPE8
";

    fn pending(file: &str, src: &str) -> Pending {
        let l = load(Path::new(file), src, "plans", Units::Km);
        assert!(
            l.diagnostics.iter().all(|d| !d.is_error()),
            "{:#?}",
            l.diagnostics
        );
        *l.variant
            .unwrap_or_else(|| panic!("{file} is not a variant"))
    }

    fn base() -> Plan {
        load(
            Path::new("content/plans/half.yaml"),
            BASE,
            "plans",
            Units::Km,
        )
        .plan
        .unwrap_or_else(|| panic!("the base loads"))
    }

    /// Resolves `variants` (file, text) against the base plan.
    fn made(variants: &[(&str, &str)]) -> Resolved {
        let pending = variants.iter().map(|(f, s)| pending(f, s)).collect();
        resolve(&[base()], pending, &[])
    }

    fn one(src: &str) -> Plan {
        let r = made(&[("content/plans/half-novice.yaml", src)]);
        assert!(r.diagnostics.is_empty(), "{:#?}", r.diagnostics);
        r.plans
            .into_iter()
            .next()
            .unwrap_or_else(|| panic!("no plan"))
    }

    fn error(variants: &[(&str, &str)]) -> Diagnostic {
        let r = made(variants);
        assert!(r.plans.len() < variants.len(), "expected an error");
        r.diagnostics
            .into_iter()
            .find(Diagnostic::is_error)
            .unwrap_or_else(|| panic!("no error"))
    }

    fn day(plan: &Plan, week: usize, weekday: usize) -> String {
        crate::plan::describe::sessions_compact(&plan.weeks[week - 1].days[weekday].sessions)
    }

    #[test]
    fn a_variant_inherits_everything_it_does_not_state() {
        let p = one("extends: half\nlevel: novice\n");
        assert_eq!(p.id, "half-novice");
        assert_eq!(p.path, "plans/half-novice");
        assert_eq!(p.title, "Half in 2");
        assert_eq!(p.level, Level::Novice);
        assert_eq!(p.weeks.len(), 2);
        assert_eq!(p.start, base().start);
        assert_eq!(day(&p, 1, 6), "long 16km @easy");
        let v = p.variant.as_ref().unwrap();
        assert_eq!(v.base, Path::new("content/plans/half.yaml"));
        assert_eq!(v.depth, 1);
        // Inherited days point at the base's file.
        assert_eq!(
            p.weeks[0].days[6].origin.as_deref(),
            Some(Path::new("content/plans/half.yaml"))
        );
        assert_ne!(p.digest, base().digest);
    }

    #[test]
    fn header_keys_override_paces_by_name_goal_by_field() {
        let p = one("extends: half
title: Half in 2 (Novice)
goal: { target: \"2:00:00\" }
paces:
  T: { pace: 5:30/km, rpe: 7 }
  MP: { pace: 5:45/km, rpe: 5 }
");
        assert_eq!(p.title, "Half in 2 (Novice)");
        let g = p.goal.as_ref().unwrap();
        assert_eq!(g.target.as_deref(), Some("2:00:00"));
        assert_eq!(g.race.as_deref(), Some("Spring Half"));
        let names: Vec<&str> = p.paces.iter().map(|n| n.name.as_str()).collect();
        assert_eq!(names, ["easy", "T", "MP"]);
        assert_eq!(p.pace("T").unwrap().pace, Some((330.0, 330.0)));
        assert_eq!(p.pace("easy").unwrap().pace, Some((350.0, 390.0)));
    }

    #[test]
    fn days_override_by_week_and_scale_leaves_them_as_written() {
        let p = one("extends: half
scale: 0.8
weeks:
  1:
    note: Fresh legs.
    days:
      wed: easy 7km @MP
paces:
  MP: { pace: 5:45/km, rpe: 5 }
");
        // Written by the variant: as written, at a pace only the variant defines.
        assert_eq!(day(&p, 1, 2), "easy 7km @MP");
        assert_eq!(p.weeks[0].days[2].origin, None);
        assert_eq!(p.weeks[0].note.as_deref(), Some("Fresh legs."));
        assert_eq!(p.weeks[0].phase.as_deref(), Some("build"));
        // Inherited: scaled, repeats not reps, races and rest untouched.
        assert_eq!(
            day(&p, 1, 1),
            "intervals 2km wu + 5x(1km @T / 400m jog) + 2km cd"
        );
        assert_eq!(day(&p, 1, 5), "easy 35min @easy");
        assert_eq!(day(&p, 1, 6), "long 13km @easy");
        assert_eq!(day(&p, 1, 3), "rest | cross 40min bike @RPE3");
        assert_eq!(day(&p, 2, 6), "race half @RPE8");
        assert_eq!(p.variant.as_ref().unwrap().scale, Some(0.8));
    }

    #[test]
    fn a_weeks_list_replaces_every_week_and_moves_the_start() {
        let p = one("extends: half
weeks:
  - days: [rest, easy 5km, rest, easy 5km, rest, rest, race half]
");
        assert_eq!(p.weeks.len(), 1);
        assert_eq!(
            p.start.map(|d| d.to_string()).as_deref(),
            Some("2027-04-12")
        );
    }

    #[test]
    fn a_variant_of_a_variant_follows_its_chain_in_any_order() {
        let r = made(&[
            ("content/plans/c.yaml", "extends: b\nscale: 0.5\n"),
            (
                "content/plans/b.yaml",
                "extends: ./half.yaml\nlevel: advanced\n",
            ),
        ]);
        assert!(r.diagnostics.is_empty(), "{:#?}", r.diagnostics);
        let c = r.plans.iter().find(|p| p.id == "c").unwrap();
        assert_eq!(c.level, Level::Advanced);
        let v = c.variant.as_ref().unwrap();
        assert_eq!(
            (v.depth, v.family.as_path()),
            (2, Path::new("content/plans/half.yaml"))
        );
        assert_eq!(day(c, 1, 6), "long 8km @easy");
    }

    #[test]
    fn a_draft_base_does_not_make_a_draft() {
        let mut b = base();
        b.draft = true;
        let v = pending("content/plans/x.yaml", "extends: half\n");
        let r = resolve(&[b], vec![v], &[]);
        assert!(!r.plans[0].draft);
    }

    #[test]
    fn unknown_bases_cycles_and_long_chains_are_errors_at_extends() {
        let e = error(&[("content/plans/x.yaml", "title: X\nextends: halv\n")]);
        assert_eq!((e.line, e.column, e.code), (2, 10, "extends"));
        assert!(e.message.contains("no plan `halv`"), "{}", e.message);
        assert_eq!(
            e.help
                .as_deref()
                .map(|h| h.starts_with("did you mean `half`")),
            Some(true)
        );

        let e = error(&[
            ("content/plans/a.yaml", "extends: b\n"),
            ("content/plans/b.yaml", "extends: a\n"),
        ]);
        assert_eq!((e.line, e.column), (1, 10));
        assert!(
            e.message.contains("makes a cycle: a → b → a"),
            "{}",
            e.message
        );
        let e = error(&[("content/plans/a.yaml", "extends: a\n")]);
        assert!(e.message.contains("a → a"), "{}", e.message);

        let chain: Vec<(String, String)> = (1..=5)
            .map(|i| {
                let base = if i == 1 {
                    "half".to_string()
                } else {
                    format!("v{}", i - 1)
                };
                (
                    format!("content/plans/v{i}.yaml"),
                    format!("extends: {base}\n"),
                )
            })
            .collect();
        let refs: Vec<(&str, &str)> = chain
            .iter()
            .map(|(a, b)| (a.as_str(), b.as_str()))
            .collect();
        let r = made(&refs);
        assert_eq!(r.plans.len(), 4);
        let e = &r.diagnostics[0];
        assert_eq!(e.file, Path::new("content/plans/v5.yaml"));
        assert!(e.message.contains("chain of 5 variants"), "{}", e.message);
    }

    #[test]
    fn bad_overrides_point_at_the_variant() {
        let e = error(&[(
            "content/plans/x.yaml",
            "extends: half\nweeks:\n  3:\n    days: { tue: rest }\n",
        )]);
        assert_eq!((e.line, e.column), (3, 3));
        assert!(
            e.message
                .contains("week 3 does not exist: `half` has 2 weeks"),
            "{}",
            e.message
        );
        let e = error(&[("content/plans/x.yaml", "extends: half\nscale: 0\n")]);
        assert_eq!((e.line, e.column, e.code), (2, 8, "scale"));
        let e = error(&[("content/plans/x.yaml", "extends: half\nscale: 80%\n")]);
        assert!(e.message.contains("a number like 0.8"), "{}", e.message);
        let e = error(&[(
            "content/plans/x.yaml",
            "extends: half\nweeks:\n  1:\n    days: { tue: easy 5km @XX }\n",
        )]);
        assert_eq!(e.line, 4);
        assert!(e.message.contains("unknown pace `@XX`"), "{}", e.message);
        let e = error(&[("content/plans/x.yaml", "extends: half\nscael: 0.8\n")]);
        assert!(e.help.as_deref().unwrap_or("").contains("`scale`"), "{e:?}");
    }

    #[test]
    fn a_variant_of_a_plan_with_errors_says_nothing_more() {
        let v = pending("content/plans/x.yaml", "extends: broken\n");
        let r = resolve(&[], vec![v], &[PathBuf::from("content/plans/broken.yaml")]);
        assert!(r.plans.is_empty());
        assert!(r.diagnostics.is_empty(), "{:#?}", r.diagnostics);
        assert_eq!(
            r.blocked,
            vec![(
                PathBuf::from("content/plans/x.yaml"),
                PathBuf::from("content/plans/broken.yaml")
            )]
        );
    }
}
