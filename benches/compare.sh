#!/usr/bin/env bash
# Whole-build benchmark: Taper against Hugo on the same generated articles, in one run.
#
#   benches/compare.sh [N ...]        default: 1000 10000
#
# Generates the corpus with benches/gen_corpus.py (N articles + N/10 plans for Taper, the same
# articles in Hugo's layout), builds Taper in release mode, then times each tool 5 times
# (median wall time) and takes its peak memory (max RSS) with /usr/bin/time. Needs python3 and,
# for the comparison, Debian's `hugo` and `time` packages (`apt-get install hugo time`): this
# script installs nothing itself. Prints a Markdown table: tool, pages, median wall, max RSS,
# pages/s, ratio to Hugo.
#
# Every run is cold: the tool's output folder is removed before it starts. The two tools take
# turns (Taper run 1, Hugo run 1, Taper run 2, ...) so that neither always follows the other's
# deletions. The corpus and outputs live on tmpfs (/dev/shm) when it exists: on this project's
# VM, creating files on ext4 right after 20 000 were deleted costs 0.1-0.3 ms per call and
# varies several-fold between identical runs, for both tools, which would drown the
# difference between them. Set BENCH_DIR to a folder on disk to measure there instead.
#
# Environment: RUNS (default 5), BENCH_DIR (work folder), KEEP=1 (keep it afterwards).
set -euo pipefail
cd "$(dirname "$0")/.."
sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(1000 10000)
runs=${RUNS:-5}
if [ -n "${BENCH_DIR:-}" ]; then
  work=$BENCH_DIR
  mkdir -p "$work"
elif [ -d /dev/shm ] && [ -w /dev/shm ]; then
  work=$(mktemp -d /dev/shm/taper-bench.XXXXXX)
else
  work=$(mktemp -d)
fi
keep=${KEEP:-0}
[ "$keep" = 1 ] || trap 'rm -rf "$work"' EXIT

cargo build --release --quiet
taper=$PWD/target/release/taper
have_hugo=0
command -v hugo >/dev/null && have_hugo=1
[ -x /usr/bin/time ] || { echo "needs /usr/bin/time (apt-get install time)" >&2; exit 2; }

# median of numbers on stdin
median() { sort -g | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }

# run_once OUTPUT_DIR CMD...: one cold run (the output folder removed first); appends
# "wall_s max_rss_kb" to $work/<label>.times, where the label is the first word of CMD
run_once() {
  local outdir=$1 label
  shift
  label=$(basename "$1")
  rm -rf "$outdir"
  /usr/bin/time -f '%e %M' -o "$work/time.txt" "$@" >/dev/null 2>"$work/err.txt" || { cat "$work/err.txt" >&2; return 1; }
  cat "$work/time.txt" >>"$work/$label.times"
}

# medians LABEL: "wall_s max_rss_kb", the medians of its runs
medians() {
  printf '%s %s\n' "$(awk '{print $1}' "$work/$1.times" | median)" "$(awk '{print $2}' "$work/$1.times" | median)"
}

echo "| tool | articles | pages | wall (median of $runs) | max RSS | pages/s | time vs Hugo | memory vs Hugo |"
echo "|---|---|---|---|---|---|---|---|"
for n in "${sizes[@]}"; do
  site="$work/site-$n"
  [ -d "$site" ] || python3 benches/gen_corpus.py "$n" "$site" --hugo >/dev/null
  rm -f "$work"/*.times
  for _ in $(seq "$runs"); do
    run_once "$site/public" "$taper" build --root "$site" --output "$site/public"
    if [ "$have_hugo" = 1 ]; then
      run_once "$site/hugo/public" hugo --quiet --source "$site/hugo" --destination "$site/hugo/public"
    fi
  done
  read -r tw tm < <(medians taper)
  tpages=$(find "$site/public" -name '*.html' | wc -l)
  hw=""; hm=""
  if [ "$have_hugo" = 1 ]; then
    read -r hw hm < <(medians hugo)
    hpages=$(find "$site/hugo/public" -name '*.html' | wc -l)
    printf '| hugo %s | %s | %s | %.2f s | %.0f MB | %.0f | 1.00 | 1.00 |\n' "$(hugo version | awk '{print $2}')" "$n" "$hpages" "$hw" "$(echo "$hm/1024" | bc -l)" "$(echo "$hpages/$hw" | bc -l)"
  fi
  ratio_t="-"; ratio_m="-"
  if [ -n "$hw" ]; then
    ratio_t=$(printf '%.3f' "$(echo "$tw/$hw" | bc -l)")
    ratio_m=$(printf '%.3f' "$(echo "$tm/$hm" | bc -l)")
  fi
  printf '| taper | %s (+%s plans) | %s | %.2f s | %.0f MB | %.0f | %s | %s |\n' "$n" "$((n / 10))" "$tpages" "$tw" "$(echo "$tm/1024" | bc -l)" "$(echo "$tpages/$tw" | bc -l)" "$ratio_t" "$ratio_m"
done
