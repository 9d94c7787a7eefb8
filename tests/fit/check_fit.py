#!/usr/bin/env python3
"""Decodes every FIT workout of built Taper sites with Garmin's own FIT SDK (garmin-fit-sdk,
from PyPI) and checks each file against the plan model that plan.json exports.

    check_fit.py SITE_OUTPUT [SITE_OUTPUT ...]

For every plan.json of each site, every session with a `workout` must have its file, and
every .fit file of the site must belong to such a session. Each file must:
  - be FIT with a valid header and file CRC, decode with zero errors;
  - have file_id.type == workout and workout.sport == running, the name plan.json gives and
    num_valid_steps == the number of steps;
  - have one workout_step per step of plan.json's `workout.steps`, in order: the same
    intensity, each duration equal to the model's distance in cm or time in ms, each pace
    target's custom low/high speed equal to the pace range in mm/s (+-1), each zone the
    heart-rate zone, each repeat going back to the same step the same number of times.
The model's steps are also checked against the session as the coach wrote it (plan.json's
`options[0]`), flattened here independently of Taper: kinds, amounts (the lower end of a
range), literal paces and zones, repeats (a repeat that holds a repeat is written out).
Exits 1 on the first plan with a problem, after printing every problem found in it.
"""
import json
import sys
from pathlib import Path

from garmin_fit_sdk import Decoder, Stream

INTENSITY = {"warmup": "warmup", "work": "active", "recover": "recovery", "rest": "rest",
             "cooldown": "cooldown"}


def decode(path):
    """(messages, errors) of a FIT file, raw values (no scale, no offset)."""
    stream = Stream.from_file(str(path))
    decoder = Decoder(stream)
    problems = []
    if not decoder.is_fit():
        problems.append("not a FIT file")
    if not decoder.check_integrity():
        problems.append("CRC or header integrity check failed")
    stream = Stream.from_file(str(path))
    messages, errors = Decoder(stream).read(
        apply_scale_and_offset=False, convert_datetimes_to_dates=False,
        merge_heart_rates=False)
    problems += [f"decoder error: {e}" for e in errors]
    return messages, problems


def flatten(steps, session, out):
    """The plan's step tree as the watch model flattens it (repeats of repeats written out)."""
    for s in steps:
        if s["step"] == "single":
            out.append(("single", s["kind"], s["amount"], s["target"] or
                        (session.get("target") if s["kind"] == "work" else None)))
        elif any(x["step"] == "repeat" for x in s["steps"]):
            for _ in range(s["times"]):
                flatten(s["steps"], session, out)
        else:
            start = len(out)
            flatten(s["steps"], session, out)
            out.append(("repeat", start, s["times"]))
    return out


def check_model(session, steps, where):
    """The exported model steps against the session as written."""
    w = session["options"][0]
    if w["steps"]:
        expected = flatten(w["steps"], w, [])
    else:
        expected = [("single", "work", w["amount"], w["target"])]
    if len(expected) != len(steps):
        return [f"{where}: {len(steps)} model steps, the session flattens to {len(expected)}"]
    problems = []
    for i, (e, s) in enumerate(zip(expected, steps)):
        at = f"{where} step {i}"
        if e[0] == "repeat":
            if s["step"] != "repeat" or (s["from"], s["times"]) != (e[1], e[2]):
                problems.append(f"{at}: expected repeat from {e[1]} x{e[2]}, model has {s}")
            continue
        _, kind, amount, target = e
        if s["step"] != "single" or s["kind"] != kind:
            problems.append(f"{at}: expected a {kind} step, model has {s}")
            continue
        d = s["duration"]
        if amount is None:
            ok = d["kind"] == "open"
        elif amount["kind"] == "distance":
            ok = d["kind"] == "distance" and d["metres"] == amount["lo"]
        else:
            ok = d["kind"] == "time" and d["seconds"] == amount["lo"]
        if not ok:
            problems.append(f"{at}: amount {amount} but duration {d}")
        t = s["target"]
        if target and target["kind"] == "pace":
            if t != {"kind": "pace", "fast": target["lo"], "slow": target["hi"]}:
                problems.append(f"{at}: pace {target} but target {t}")
        elif target and target["kind"] == "zone":
            if t != {"kind": "heart_rate_zone", "zone": target["zone"]}:
                problems.append(f"{at}: zone {target} but target {t}")
        elif target and target["kind"] == "rpe":
            if t["kind"] != "open" or "RPE" not in s["name"] + s["notes"]:
                problems.append(f"{at}: effort {target} but target {t}, name {s['name']!r}")
        elif target is None and t["kind"] != "open":
            problems.append(f"{at}: no target in the plan but target {t}")
        if amount and amount["lo"] != amount["hi"] and "lower end" not in s["notes"]:
            problems.append(f"{at}: a range whose notes do not say the lower end is used")
    return problems


def speed(secs_per_km):
    return 1_000_000 / secs_per_km


def check_file(messages, workout, where):
    """A decoded file against plan.json's workout."""
    problems = []
    file_ids = messages.get("file_id_mesgs", [])
    if len(file_ids) != 1 or file_ids[0].get("type") != "workout":
        problems.append(f"{where}: file_id is not one of type workout: {file_ids}")
    workouts = messages.get("workout_mesgs", [])
    if len(workouts) != 1:
        return problems + [f"{where}: {len(workouts)} workout messages"]
    wk = workouts[0]
    steps = workout["steps"]
    if wk.get("sport") != "running":
        problems.append(f"{where}: sport {wk.get('sport')!r}, not running")
    if wk.get("wkt_name") != workout["name"]:
        problems.append(f"{where}: name {wk.get('wkt_name')!r}, plan.json {workout['name']!r}")
    if wk.get("num_valid_steps") != len(steps):
        problems.append(f"{where}: num_valid_steps {wk.get('num_valid_steps')}, {len(steps)} steps")
    decoded = messages.get("workout_step_mesgs", [])
    if len(decoded) != len(steps):
        return problems + [f"{where}: {len(decoded)} workout steps, plan.json has {len(steps)}"]
    for i, (m, s) in enumerate(zip(decoded, steps)):
        at = f"{where} step {i}"
        if m.get("message_index") != i:
            problems.append(f"{at}: message_index {m.get('message_index')}")
        if s["step"] == "repeat":
            got = (m.get("duration_type"), m.get("duration_step"), m.get("repeat_steps"))
            if got != ("repeat_until_steps_cmplt", s["from"], s["times"]):
                problems.append(f"{at}: repeat {got}, model {s}")
            continue
        if m.get("intensity") != INTENSITY[s["kind"]]:
            problems.append(f"{at}: intensity {m.get('intensity')!r} for a {s['kind']} step")
        if m.get("wkt_step_name") != s["name"]:
            problems.append(f"{at}: step name {m.get('wkt_step_name')!r}, model {s['name']!r}")
        d = s["duration"]
        if d["kind"] == "distance":
            got = (m.get("duration_type"), m.get("duration_distance"))
            want = ("distance", round(d["metres"] * 100))
        elif d["kind"] == "time":
            got = (m.get("duration_type"), m.get("duration_time"))
            want = ("time", round(d["seconds"] * 1000))
        else:
            got, want = m.get("duration_type"), "open"
        if got != want:
            problems.append(f"{at}: duration {got}, model {want}")
        t = s["target"]
        if t["kind"] == "pace":
            low, high = m.get("custom_target_speed_low"), m.get("custom_target_speed_high")
            if (m.get("target_type") != "speed" or m.get("target_speed_zone") != 0
                    or low is None or high is None
                    or abs(low - speed(t["slow"])) > 1 or abs(high - speed(t["fast"])) > 1):
                problems.append(f"{at}: speed target {m.get('target_type')} {low}-{high} mm/s, "
                                f"model {speed(t['slow']):.1f}-{speed(t['fast']):.1f}")
        elif t["kind"] == "heart_rate_zone":
            if (m.get("target_type"), m.get("target_hr_zone")) != ("heart_rate", t["zone"]):
                problems.append(f"{at}: target {m.get('target_type')} zone "
                                f"{m.get('target_hr_zone')}, model zone {t['zone']}")
        elif m.get("target_type") != "open":
            problems.append(f"{at}: target {m.get('target_type')!r}, model open")
    # Every repeat goes back to an earlier plain step, and repeats do not nest.
    for i, s in enumerate(steps):
        if s["step"] == "repeat":
            inner = steps[s["from"]:i]
            if not inner or any(x["step"] == "repeat" for x in inner):
                problems.append(f"{where} step {i}: repeat over {inner!r}")
    return problems


def check_site(out):
    out = Path(out)
    files = {p.relative_to(out).as_posix() for p in out.rglob("*.fit")}
    claimed = set()
    problems = []
    checked = 0
    for pj in sorted(out.rglob("plan.json")):
        plan = json.loads(pj.read_text())
        folder = pj.parent.relative_to(out).as_posix()
        for week in plan["weeks"]:
            for day in week["days"]:
                for n, session in enumerate(day["sessions"]):
                    workout = session.get("workout")
                    if not workout:
                        continue
                    where = f"{folder} week {week['n']} {day['weekday']} session {n + 1}"
                    stem = workout["fit_url"].rsplit("/", 1)[-1]
                    rel = f"{folder}/workouts/{stem}"
                    if not workout["fit_url"].endswith(f"/{rel}"):
                        problems.append(f"{where}: fit_url {workout['fit_url']} is not {rel}")
                    claimed.add(rel)
                    if rel not in files:
                        problems.append(f"{where}: {rel} is missing")
                        continue
                    messages, errors = decode(out / rel)
                    problems += [f"{rel}: {e}" for e in errors]
                    problems += check_file(messages, workout, rel)
                    problems += check_model(session, workout["steps"], where)
                    checked += 1
    problems += [f"{f}: no session of any plan.json names it" for f in sorted(files - claimed)]
    return checked, problems


def main():
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    total = 0
    for site in sys.argv[1:]:
        checked, problems = check_site(site)
        for p in problems[:50]:
            print(f"error: {p}")
        if problems:
            print(f"{site}: {len(problems)} problems in {checked} workout files")
            sys.exit(1)
        if checked == 0:
            print(f"error: {site}: no workout files to check")
            sys.exit(1)
        print(f"{site}: {checked} workout files decoded by garmin-fit-sdk, all match plan.json")
        total += checked
    print(f"{total} passed, 0 failed")


if __name__ == "__main__":
    main()
