#!/usr/bin/env bash
# Whole-build benchmark: Taper against Hugo and Zola on the same generated articles, in one run.
#
#   benches/compare.sh [N ...]        default: 1000 10000
#
# Generates the corpus with benches/gen_corpus.py (N articles + N/10 plans for Taper, the same
# articles in Hugo's and Zola's layouts), builds Taper in release mode, then times each tool
# RUNS times (median wall time, and the median of user + system CPU time, steadier than wall
# time on a shared machine) and takes its peak memory (max RSS) with /usr/bin/time. Needs
# python3 and /usr/bin/time (`apt-get install time`); the peers are used when on PATH:
#   hugo: `apt-get install hugo`
#   zola: not on the crates registry; from its source:
#         git clone https://github.com/getzola/zola && cd zola && cargo build --release --locked
#         and put target/release/zola on PATH (tens of minutes on a 2-core machine)
# This script installs nothing itself. Prints a Markdown table: tool, articles, pages, median
# wall, median CPU, max RSS, output size and files, and ratios to each peer found.
#
# Every run is cold: the tool's output folder is removed before it starts. The tools take
# turns (Taper run 1, Hugo run 1, Zola run 1, Taper run 2, ...) so that none always follows
# another's deletions. The corpus and outputs live on tmpfs (/dev/shm) when it exists: on this
# project's VM, creating files on ext4 right after 20 000 were deleted costs 0.1-0.3 ms per call
# and varies several-fold between identical runs, for every tool, which would drown the
# difference between them. Set BENCH_DIR to a folder on disk to measure there instead.
#
# The corpus's Zola layout does less than Taper does by default: no highlighting, no search
# index, no feed. When zola is found, a second Zola row ("zola, same work") builds a copy of
# that layout with `build_search_index`, `generate_feeds` and `[markdown.highlighting]` (CSS
# classes, as Taper writes them) turned on, so both comparisons are in the table, each with
# its ratio columns.
#
# Environment: RUNS (default 5), BENCH_DIR (work folder; a corpus already there is reused),
# KEEP=1 (keep it afterwards), TAPER (a taper binary to time instead of building one).
set -euo pipefail
cd "$(dirname "$0")/.."
sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(1000 10000)
runs=${RUNS:-5}
# shellcheck source=benches/lib.sh
. benches/lib.sh
bench_work taper-bench
export TMPDIR=$work
bench_taper
[ -x /usr/bin/time ] || { echo "needs /usr/bin/time (apt-get install time)" >&2; exit 2; }
peers=()
if command -v hugo >/dev/null; then peers+=(hugo); else
  echo "note: no hugo on PATH (apt-get install hugo): Taper is timed without it" >&2; fi
if command -v zola >/dev/null; then peers+=(zola zola-same); else
  echo "note: no zola on PATH: build it from https://github.com/getzola/zola (cargo build --release --locked) to compare with it" >&2; fi

# median of numbers on stdin
median() { sort -g | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }

# run_once LABEL OUTPUT_DIR CMD...: one cold run (the output folder removed first); appends
# "wall_s max_rss_kb cpu_s" to $work/LABEL.times
run_once() {
  local label=$1 outdir=$2
  shift 2
  rm -rf "$outdir"
  /usr/bin/time -f '%e %M %U %S' -o "$work/time.txt" "$@" >/dev/null 2>"$work/err.txt" || { cat "$work/err.txt" >&2; return 1; }
  awk '{print $1, $2, $3 + $4}' "$work/time.txt" >>"$work/$label.times"
}

# medians LABEL: "wall_s max_rss_kb cpu_s", the medians of its runs
medians() {
  local f=$work/$1.times
  printf '%s %s %s\n' "$(awk '{print $1}' "$f" | median)" "$(awk '{print $2}' "$f" | median)" "$(awk '{print $3}' "$f" | median)"
}

# the output folder of TOOL for the corpus in SITE
outdir() {
  case $1 in
    taper) echo "$2/public" ;;
    hugo) echo "$2/hugo/public" ;;
    zola) echo "$2/zola/public" ;;
    zola-same) echo "$2/zola-same/public" ;;
  esac
}

# same_work_zola SITE: the corpus's Zola layout with highlighting, search index and feed on
same_work_zola() {
  [ -d "$1/zola-same" ] && return
  cp -r "$1/zola" "$1/zola-same"
  rm -rf "$1/zola-same/public"
  sed -i -e 's/^build_search_index = false/build_search_index = true/' \
    -e 's/^generate_feeds = false/generate_feeds = true/' "$1/zola-same/config.toml"
  printf '\n[markdown.highlighting]\ntheme = "github-light"\nstyle = "class"\n' >>"$1/zola-same/config.toml"
}

# run_tool TOOL SITE: one cold run of TOOL on the corpus
run_tool() {
  local out
  out=$(outdir "$1" "$2")
  case $1 in
    taper) run_once taper "$out" "$taper" build --root "$2" --output "$out" ;;
    hugo) run_once hugo "$out" hugo --quiet --source "$2/hugo" --destination "$out" ;;
    zola) run_once zola "$out" zola --root "$2/zola" build --output-dir "$out" --force ;;
    zola-same) run_once zola-same "$out" zola --root "$2/zola-same" build --output-dir "$out" --force ;;
  esac
}

version() {
  case $1 in
    taper) echo "taper" ;;
    hugo) echo "hugo $(hugo version | awk '{print $2}')" ;;
    zola) echo "zola $(zola --version | awk '{print $2}')" ;;
    zola-same) echo "zola $(zola --version | awk '{print $2}'), same work" ;;
  esac
}

ratio() { printf '%.2f' "$(echo "$1/$2" | bc -l)"; }

header="| tool | articles | pages | wall (median of $runs) | CPU | max RSS | output | files |"
rule="|---|---|---|---|---|---|---|---|"
for p in "${peers[@]}"; do header+=" time vs $p | memory vs $p |"; rule+="---|---|"; done
echo "$header"
echo "$rule"
for n in "${sizes[@]}"; do
  site="$work/site-$n"
  [ -d "$site/zola" ] || python3 benches/gen_corpus.py "$n" "$site" --hugo --zola >/dev/null
  [[ " ${peers[*]} " != *" zola-same "* ]] || same_work_zola "$site"
  rm -f "$work"/*.times
  for _ in $(seq "$runs"); do
    for tool in taper "${peers[@]}"; do run_tool "$tool" "$site"; done
  done
  declare -A wall=() rss=() cpu=()
  for tool in taper "${peers[@]}"; do
    read -r "wall[$tool]" "rss[$tool]" "cpu[$tool]" < <(medians "$tool")
  done
  # Ratios need every tool's medians, so the rows are printed once all are known.
  for tool in taper "${peers[@]}"; do
    out=$(outdir "$tool" "$site")
    pages=$(find "$out" -name '*.html' | wc -l)
    files=$(find "$out" -type f | wc -l)
    size=$(du -sb "$out" | awk '{printf "%.0f", $1 / 1000000}')
    what=$n
    [ "$tool" = taper ] && what="$n (+$((n / 10)) plans)"
    row=$(printf '| %s | %s | %s | %.2f s | %.2f s | %.0f MB | %s MB | %s |' "$(version "$tool")" "$what" \
      "$pages" "${wall[$tool]}" "${cpu[$tool]}" "$(echo "${rss[$tool]}/1024" | bc -l)" "$size" "$files")
    for p in "${peers[@]}"; do
      row+=" $(ratio "${wall[$tool]}" "${wall[$p]}") | $(ratio "${rss[$tool]}" "${rss[$p]}") |"
    done
    echo "$row"
  done
  unset wall rss cpu
done
