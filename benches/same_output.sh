#!/usr/bin/env bash
# Byte-identical output check for refactors: builds the example site, the publish fixture and
# generated corpora with the binary of BASE (a commit) and with the working tree, and compares
# every file.
#
#   benches/same_output.sh BASE [N ...]      default sizes: 1000 10000
#
# BASE is checked out in a temporary worktree and built in release mode into target/base/
# (kept, so a second run only rebuilds what changed). Both binaries build the example site and
# the publish fixture as they are at BASE, so the comparison is of the code alone; the
# generated corpora have no templates/ and so also compare each binary's embedded theme. Exit status 0 when every output is
# identical; otherwise the first differences are printed and the status is 1.
set -euo pipefail
cd "$(dirname "$0")/.."
base=${1:?usage: benches/same_output.sh BASE [N ...]}
shift
sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(1000 10000)
work=$(mktemp -d)
trap 'git worktree remove --force "$work/base-src" >/dev/null 2>&1 || true; rm -rf "$work"' EXIT

git worktree add --detach "$work/base-src" "$base" >/dev/null
(cd "$work/base-src" && CARGO_TARGET_DIR="$OLDPWD/target/base" cargo build --release --quiet)
cargo build --release --quiet
old=$PWD/target/base/release/taper
new=$PWD/target/release/taper

export SOURCE_DATE_EPOCH=1767225600
status=0
compare() { # NAME ROOT
  "$old" build --root "$2" --output "$work/$1-old" >/dev/null
  "$new" build --root "$2" --output "$work/$1-new" >/dev/null
  if diff -r "$work/$1-old" "$work/$1-new" >"$work/$1.diff"; then
    echo "same: $1 ($(find "$work/$1-new" -type f | wc -l) files)"
  else
    echo "DIFFERENT: $1"
    head -20 "$work/$1.diff"
    status=1
  fi
}
# The example site and the fixture as they are at BASE: the repository root is also the
# example site, so its content/ and templates/ (site templates that override the embedded
# theme) must be the same inputs for both binaries. With the working tree's, an intended change
# to the example plans or the theme would make the old binary fail or differ.
compare example "$work/base-src"
compare publish "$work/base-src/tests/fixtures/publish-site"
for n in "${sizes[@]}"; do
  python3 benches/gen_corpus.py "$n" "$work/corpus-$n" >/dev/null
  compare "corpus-$n" "$work/corpus-$n"
done
exit $status
