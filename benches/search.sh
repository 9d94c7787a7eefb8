#!/usr/bin/env bash
# Search benchmark: Taper's search box against Zola's elasticlunr index, in one browser, on
# the same generated articles.
#
#   benches/search.sh [N]        default: 10000 articles (and N/10 plans for Taper)
#
# Generates the corpus with benches/gen_corpus.py (Taper's layout and Zola's), builds Taper in
# release mode and builds the site, builds the Zola layout with its search index on
# (`build_search_index = true`, `index_format = "elasticlunr_json"`, as Zola's own docs site),
# then runs benches/search.mjs: for each query, a fresh page per run, tools taking turns; the
# median time from the last keystroke to the results, cold (index fetched) and warm (the next
# query), and the bytes downloaded for the first query, with Taper's ratio to Zola.
# Needs python3, zola on PATH (see benches/compare.sh for how to build it), Debian's chromium
# and tests/browser's node_modules (`npm ci --prefix tests/browser`). Installs nothing itself.
#
# Environment: RUNS (default 5), BENCH_DIR (work folder; a corpus already there is reused),
# KEEP=1 (keep it afterwards), TAPER (a taper binary instead of building one), QUERIES (words,
# each its own query, instead of the built-in list of one- and two-word queries).
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-10000}
runs=${RUNS:-5}
command -v zola >/dev/null || { echo "needs zola on PATH (see benches/compare.sh)" >&2; exit 2; }
[ -x "${CHROMIUM:-/usr/bin/chromium}" ] || { echo "needs chromium (apt-get install chromium)" >&2; exit 2; }
[ -d tests/browser/node_modules/playwright-core ] || { echo "needs npm ci --prefix tests/browser" >&2; exit 2; }
# shellcheck source=benches/lib.sh
. benches/lib.sh
bench_work taper-search
bench_taper

site=$work/site-$n
[ -d "$site/zola" ] || python3 benches/gen_corpus.py "$n" "$site" --zola >/dev/null
"$taper" build --root "$site" --output "$site/public" >/dev/null
if [ ! -d "$site/zola-search" ]; then
  cp -r "$site/zola" "$site/zola-search"
  rm -rf "$site/zola-search/public"
  sed -i 's/^build_search_index = false/build_search_index = true/' "$site/zola-search/config.toml"
  grep -q '^build_search_index = true' "$site/zola-search/config.toml"
  printf '\n[search]\nindex_format = "elasticlunr_json"\n' >>"$site/zola-search/config.toml"
fi
zola --root "$site/zola-search" build --output-dir "$site/zola-search/public" --force >/dev/null 2>&1
# shellcheck disable=SC2086
node benches/search.mjs "$site/public" "$site/zola-search/public" "$runs" ${QUERIES:-}
