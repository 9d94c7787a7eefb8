#!/usr/bin/env bash
# Runs every fuzz target for SECONDS each (default 60) and prints the executions per target.
#   fuzz/run.sh [SECONDS] [target ...]
# Needs cargo-fuzz (`cargo install cargo-fuzz`); on a stable toolchain it sets RUSTC_BOOTSTRAP=1
# for the sanitizer flags. Crashes land in fuzz/artifacts/<target>/: copy each into
# tests/fuzz-crashes/<target>/ once fixed (tests/fuzz_regressions.rs replays them).
set -uo pipefail
cd "$(dirname "$0")/.."
secs=${1:-60}; shift || true
targets=("$@"); [ ${#targets[@]} -gt 0 ] || targets=(compact_day front_matter plan markdown)
export RUSTC_BOOTSTRAP=1
total=0
for t in "${targets[@]}"; do
  mkdir -p "fuzz/corpus/$t"
  log=$(mktemp)
  cargo fuzz run -O "$t" "fuzz/corpus/$t" "fuzz/seeds/$t" -- -max_total_time="$secs" -max_len=4096 -print_final_stats=1 >"$log" 2>&1
  status=$?
  runs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$' | tail -1)
  runs=${runs:-0}; total=$((total + runs))
  if [ $status -ne 0 ]; then echo "$t: CRASH after $runs runs (see fuzz/artifacts/$t/)"; grep -m1 -A3 'panicked' "$log"; else echo "$t: $runs runs, no crash"; fi
  rm -f "$log"
done
echo "total executions: $total"
