#!/usr/bin/env bash
# Zola's own documentation moved over with `taper import zola`: imported, built and checked as
# it is (the check fails only where the import report says a human is needed), then the
# documentation section on its own as one Taper guide (the acceptance check of guides on a
# real docs set: sidebar, reading order, print page, edit links; it must check clean).
#
#   benches/zola_docs.sh ZOLA_CLONE OUT
#
# ZOLA_CLONE is a local clone of github.com/getzola/zola (nothing is fetched); OUT is written
# afresh: OUT/site (the import, with OUT/site/import-report.txt) and OUT/guide. TAPER names the
# binary (default: cargo run --release).
set -euo pipefail
zola=${1:?usage: benches/zola_docs.sh ZOLA_CLONE OUT}
out=${2:?usage: benches/zola_docs.sh ZOLA_CLONE OUT}
taper=${TAPER:-cargo run --release --quiet --}
rm -rf "$out"
mkdir -p "$out"

$taper import zola "$zola/docs" "$out/site" | sed -n '/^Needs a human/,$p'
$taper build --root "$out/site"
if $taper check --root "$out/site" >/dev/null 2>&1; then
  echo "the imported site checks clean"
else
  echo "the imported site's check finds what the report lists under 'taper check:'"
fi

# The guide: the documentation section alone. The themes gallery (theme READMEs, with links
# into their own repositories) stays on getzola.org, and so do links to it.
cp -r "$out/site" "$out/guide"
rm -rf "$out/guide/public" "$out/guide/content/themes"
sed -i '1a layout: guide' "$out/guide/content/documentation/_index.md"
grep -rl '@/themes/_index.md' "$out/guide/content" | xargs -r sed -i 's|@/themes/_index.md|https://www.getzola.org/themes/|g'
# Links to getzola.org leave the guide, which is served elsewhere.
sed -i 's|^base_url: .*|base_url: "https://example.org/"|' "$out/guide/site.yaml"
printf 'edit_url: https://github.com/getzola/zola/edit/master/\nedit_root: docs/\n' >>"$out/guide/site.yaml"
printf -- '---\ntitle: Zola\n---\nRead [the documentation](@/documentation/_index.md).\n' >"$out/guide/content/index.md"
$taper build --root "$out/guide"
$taper check --root "$out/guide" --deny-warnings
