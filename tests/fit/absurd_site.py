#!/usr/bin/env python3
"""A Taper site of valid but absurd plans, for the FIT decoder check (check_fit.py): every
session a watch workout can come from, at the edges of what the plan language accepts.

    absurd_site.py OUT [--seed N] [--plans N]

Amounts from 10 m and 5 s to 1000 km and 100 h, ranges, miles and metres; paces from 2:00 to
20:00 per km or mile, ranges, named paces with and without a pace; zones 1-5; efforts 0-10 in
halves; repeats 1-100, nested two deep, and one repeat too long for any watch; doubles and
alternatives; long notes and labels in several scripts; a plan of 130 weeks (anchors past
w99); plans dated 1900 and 2190 (no FIT date) and undated; miles plans; and one plan with
`workouts: false`. Stdlib only; the same seed gives the same site.
"""
import argparse
import random
from pathlib import Path

RUNS = ["recovery", "easy", "long", "tempo", "threshold", "intervals", "hills", "fartlek", "race"]
OTHER = ["rest", "walk 20min", "mobility 10min", "strength 30min", "cross 40min bike @RPE3"]
CUES = ["strides", "uphill", "côte", "подъём", "坂道", "float", "surge"]
NOTES = ["Hold back", "Ünïcödé nötes — with “quotes” and emoji 🏃", "x" * 300,
         "Tabs\tand   spaces", "Run 2 min, walk 1 min"]
DAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]


def num(x):
    return f"{x:g}"


def distance(r, block):
    kind = r.choice(["m", "km", "mi", "range", "tiny", "huge"])
    if kind == "m":
        return f"{r.choice([10, 50, 100, 150, 200, 400, 800, 1000, 1234]) if block else r.choice([100, 400, 1500])}m"
    if kind == "km":
        return f"{num(r.choice([0.1, 0.4, 1, 2, 5.5, 10, 21.0975, 42.195]))}km"
    if kind == "mi":
        return f"{num(r.choice([0.25, 1, 3.1, 13.1, 26.2]))}mi"
    if kind == "range":
        lo = r.randint(1, 20)
        return f"{lo}-{lo + r.randint(1, 5)}km"
    if kind == "tiny":
        return "10m" if block else "100m"
    return r.choice(["1000km", "999.9km", "621mi"])


def duration(r, block):
    kind = r.choice(["s", "min", "h", "range", "edge"])
    if kind == "s":
        return f"{r.choice([5, 20, 30, 45, 90]) if block else r.choice([60, 90, 120])}s"
    if kind == "min":
        return f"{r.choice([1, 2, 8, 20, 45, 59])}min"
    if kind == "h":
        return r.choice(["1h", "1h15", "2h30", "10h"])
    if kind == "range":
        lo = r.randint(1, 50)
        return f"{lo}-{lo + r.randint(1, 30)}min"
    return r.choice(["100h", "5s" if block else "1min"])


def amount(r, block):
    return distance(r, block) if r.random() < 0.5 else duration(r, block)


def pace(r, unit):
    # 2:00 to 20:00 per km, which is 3:14 to 32:11 per mile.
    fast, slow = (120, 1200) if unit == "km" else (194, 1931)
    s = r.randint(fast, slow)
    if r.random() < 0.4:
        t = min(slow, s + r.randint(1, 60))
        return f"@{s // 60}:{s % 60:02d}-{t // 60}:{t % 60:02d}/{unit}"
    return f"@{s // 60}:{s % 60:02d}/{unit}"


def target(r, step):
    k = r.random()
    if k < 0.2:
        return ""
    if k < 0.35:
        return f"@Z{r.randint(1, 5)}"
    if k < 0.5:
        lo = r.randint(0, 20) / 2
        return f"@RPE{num(lo)}" if r.random() < 0.7 else f"@RPE{num(lo)}-{num(min(10, lo + 1))}"
    if k < 0.7:
        return pace(r, "km" if r.random() < 0.7 else "mi")
    return "@" + r.choice(["easy", "T", "5K", "feel", "M"])


def block(r, depth=0):
    k = r.random()
    if depth < 2 and k < 0.35:
        times = r.choice([1, 2, 3, 6, 10, 100])
        inner = [block(r, depth + 1) for _ in range(r.randint(1, 3))]
        for i in range(1, len(inner)):
            if not inner[i][0].isdigit() or "x" not in inner[i].split()[0]:
                inner[i] = inner[i] + (" jog" if r.random() < 0.3 else "")
        return f"{times}x({' / '.join(inner)})"
    parts = [amount(r, True), target(r, True)]
    if r.random() < 0.3:
        parts.append(r.choice(CUES))
    return " ".join(p for p in parts if p)


def session(r):
    kind = r.choice(RUNS)
    k = r.random()
    if k < 0.15:
        return r.choice(OTHER)
    if kind == "race" and k < 0.25:
        return r.choice(["race half", "race marathon", "race 5K @RPE9", "race HM"])
    if k < 0.45:
        body = f"{kind} {amount(r, False)} {target(r, False)}".strip()
    elif k < 0.5:
        body = f"{kind} {target(r, False) or '@RPE6'}"
    else:
        blocks = [block(r) for _ in range(r.randint(1, 4))]
        if len(blocks) == 1 and not blocks[0].split()[0].endswith(")") and "x(" not in blocks[0]:
            # One plain block is the session's amount: a session's bounds apply.
            blocks = [f"{amount(r, False)} {target(r, False)}".strip()]
        if r.random() < 0.5:
            blocks = [f"{distance(r, True)} wu"] + blocks + [f"{duration(r, True)} cd"]
        body = f"{kind} " + " + ".join(blocks)
    if r.random() < 0.2:
        body += f' "{r.choice(NOTES)}"'
    return body


def day(r):
    k = r.random()
    if k < 0.25:
        return "rest"
    if k < 0.35:
        return f"{session(r)}; {session(r)}"
    if k < 0.4:
        return f"rest | {session(r)}"
    return session(r)


def quote(text):
    return "'" + text.replace("'", "''") + "'"


def plan(r, i, weeks, header):
    lines = [f"id: absurd-{i}", f"title: Absurd plan {i}"] + header + [
        "paces:",
        "  easy: { pace: 6:00-6:30/km, rpe: 3 }",
        "  T: { pace: 2:00/km, rpe: 9 }",
        "  5K: { pace: 19:00-20:00/km }",
        "  feel: { rpe: 6.5 }",
        "  M: { pace: 5:00/km }",
        "weeks:",
    ]
    for _ in range(weeks):
        lines.append("  - days:")
        for d in DAYS:
            lines.append(f"      {d}: {quote(day(r))}")
    # A repeat too long for any watch: no file, and no error.
    lines[-1] = "      sun: 'intervals 100x(" + " / ".join(["3x200m @T"] * 5) + ")'"
    return "\n".join(lines) + "\n"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("out")
    ap.add_argument("--seed", type=int, default=17)
    ap.add_argument("--plans", type=int, default=8)
    a = ap.parse_args()
    r = random.Random(a.seed)
    out = Path(a.out)
    (out / "content/plans").mkdir(parents=True, exist_ok=True)
    (out / "site.yaml").write_text("title: Absurd plans\nbase_url: https://example.org/sub/\n")
    headers = [["start: 1900-01-01"], ["start: 2190-01-04", "units: mi"], [],
               ["goal: { race: R, date: 2027-04-18 }"], ["units: mi"], ["workouts: false"]]
    for i in range(a.plans):
        weeks = 130 if i == 0 else r.randint(1, 6)
        header = headers[i % len(headers)] if i else []
        (out / f"content/plans/absurd-{i}.yaml").write_text(plan(r, i, weeks, header))


if __name__ == "__main__":
    main()
