# Shared by the benchmark scripts (sourced, not run): where a benchmark works and which taper
# it times.
#
#   bench_work NAME   sets `work`: BENCH_DIR when set (kept afterwards, so a corpus there is
#                     reused), else a new folder on tmpfs (/dev/shm, so file creation does not
#                     drown the differences being measured) or in TMPDIR, removed on exit
#                     unless KEEP=1
#   bench_taper       sets `taper`: TAPER when set, else a release build of this checkout

bench_work() {
  if [ -n "${BENCH_DIR:-}" ]; then
    work=$BENCH_DIR
    mkdir -p "$work"
  elif [ -d /dev/shm ] && [ -w /dev/shm ]; then
    work=$(mktemp -d "/dev/shm/$1.XXXXXX")
  else
    work=$(mktemp -d)
  fi
  if [ "${KEEP:-0}" != 1 ] && [ -z "${BENCH_DIR:-}" ]; then
    # shellcheck disable=SC2064 # the folder is known now; remove that one
    trap "rm -rf '$work'" EXIT
  fi
}

bench_taper() {
  if [ -n "${TAPER:-}" ]; then
    taper=$(realpath "$TAPER")
  else
    cargo build --release --quiet
    taper=$PWD/target/release/taper
  fi
}
