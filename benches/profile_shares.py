#!/usr/bin/env python3
"""Where a build's CPU goes, from `perf script` output of a `perf record --call-graph dwarf` run.

    perf record -F 300 --call-graph dwarf,16384 -o perf.data taper build --root SITE --output OUT
    perf script -i perf.data -F comm,tid,ip,sym,dso > perf.txt
    benches/profile_shares.py perf.txt

Each sample goes to the innermost frame of its stack that names a part of the build (so
syntect inside Markdown counts as highlighting, and malloc/free as whatever called them); a
sample with no such frame is "other". Prints a Markdown table of shares. Stdlib only.
"""
import re
import sys
from collections import Counter

# Innermost match wins; the order here only breaks ties within one frame.
PARTS = [
    ("highlighting (syntect, Oniguruma)", r"syntect::|onig|Onig"),
    ("Markdown (pulldown-cmark, shortcodes)", r"pulldown_cmark|taper::content::markdown|taper::content::shortcode|taper::build::bodies"),
    ("YAML (serde-saphyr, positions, typed readers)", r"saphyr|taper::yaml|taper::validate"),
    ("FIT workouts", r"taper::plan::watch|taper::build::pages::workouts"),
    ("calendars (plan.ics)", r"taper::plan::calendar"),
    ("plan.json (views, serde_json)", r"plan_json|PlanJson"),
    ("Tera rendering", r"tera::"),
    ("plan views (weeks, days, charts, panel data)", r"taper::render::views::plan|taper::render::chart|taper::render::fitness_chart|taper::render::views::personal|taper::plan::describe|taper::plan::marks"),
    ("plan analysis", r"taper::plan::analysis|taper::plan::totals"),
    ("writing files (staging, kernel write)", r"ksys_write|vfs_write|__x64_sys_write|taper::site::output|do_sys_openat|__x64_sys_openat|__x64_sys_mkdir|do_mkdirat|std::fs::write"),
    ("reading and walking sources", r"ksys_read|vfs_read|getdents|walkdir|taper::source::"),
    ("removing the old output", r"unlink|rmdir|do_unlinkat|remove_dir_all"),
    ("page cache, memory mapping (kernel)", r"page_fault|exc_page_fault|do_anonymous_page|clear_page"),
]
COMPILED = [(name, re.compile(pat)) for name, pat in PARTS]


def samples(lines):
    stack = []
    for line in lines:
        if not line.strip():
            if stack:
                yield stack
            stack = []
        elif line.startswith(("\t", " ")):
            parts = line.strip().split(" ", 1)
            stack.append(parts[1] if len(parts) > 1 else "")
        else:
            stack = []
    if stack:
        yield stack


def classify(stack):
    for frame in stack:  # leaf first
        for name, rx in COMPILED:
            if rx.search(frame):
                return name
    return "other"


def main():
    counts = Counter()
    with open(sys.argv[1], encoding="utf-8", errors="replace") as f:
        for stack in samples(f):
            counts[classify(stack)] += 1
    total = sum(counts.values())
    print(f"| share of CPU | part ({total} samples) |")
    print("|---|---|")
    for name, n in counts.most_common():
        print(f"| {100 * n / total:.1f} % | {name} |")


if __name__ == "__main__":
    main()
