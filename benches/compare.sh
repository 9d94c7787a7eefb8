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
set -euo pipefail
cd "$(dirname "$0")/.."
sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(1000 10000)
runs=${RUNS:-5}
work=${BENCH_DIR:-$(mktemp -d)}
keep=${KEEP:-0}
[ "$keep" = 1 ] || trap 'rm -rf "$work"' EXIT

cargo build --release --quiet
taper=$PWD/target/release/taper
have_hugo=0
command -v hugo >/dev/null && have_hugo=1
[ -x /usr/bin/time ] || { echo "needs /usr/bin/time (apt-get install time)" >&2; exit 2; }

# median of numbers on stdin
median() { sort -g | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }

# measure OUTPUT_DIR CMD...: prints "wall_s max_rss_kb" medians over $runs cold runs
# (the output folder is removed before each run, for every tool alike)
measure() {
  local walls=() rsss=() outdir=$1; shift
  for _ in $(seq "$runs"); do
    rm -rf "$outdir"
    /usr/bin/time -f '%e %M' -o "$work/time.txt" "$@" >/dev/null 2>"$work/err.txt" || { cat "$work/err.txt" >&2; return 1; }
    read -r w m <"$work/time.txt"
    walls+=("$w"); rsss+=("$m")
  done
  printf '%s %s\n' "$(printf '%s\n' "${walls[@]}" | median)" "$(printf '%s\n' "${rsss[@]}" | median)"
}

echo "| tool | articles | pages | wall (median of $runs) | max RSS | pages/s | time vs Hugo | memory vs Hugo |"
echo "|---|---|---|---|---|---|---|---|"
for n in "${sizes[@]}"; do
  site="$work/site-$n"
  [ -d "$site" ] || python3 benches/gen_corpus.py "$n" "$site" --hugo >/dev/null
  read -r tw tm < <(measure "$site/public" "$taper" build --root "$site" --output "$site/public")
  tpages=$(find "$site/public" -name '*.html' | wc -l)
  hw=""; hm=""
  if [ "$have_hugo" = 1 ]; then
    read -r hw hm < <(measure "$site/hugo/public" hugo --quiet --source "$site/hugo" --destination "$site/hugo/public")
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
