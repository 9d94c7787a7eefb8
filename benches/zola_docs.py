#!/usr/bin/env python3
"""Zola's documentation as a Taper guide: the acceptance test of guides on a real docs set.

    benches/zola_docs.py ZOLA_DOCS_CONTENT OUT_SITE

ZOLA_DOCS_CONTENT is `docs/content` of a clone of github.com/getzola/zola; OUT_SITE is
written afresh: site.yaml, and content/documentation/ with every page's TOML front matter
(`+++`) turned into Taper's YAML front matter. Kept keys: title, weight, date, updated, draft,
slug, aliases, description (as summary). The top `_index.md` gets `layout: guide` (and a title,
which Zola's lacks); a page bundle `x/index.md` becomes `x.md` (Taper's pages are files).
Everything else (redirect_to, template, sort_by, insert_anchor_links, extra…) is dropped and
counted on stderr. This is a bench script, not `taper import`.
"""
import json
import pathlib
import re
import shutil
import sys
import tomllib

KEEP = {"title", "weight", "date", "updated", "draft", "slug", "aliases"}


def yaml_value(v):
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, int):
        return str(v)
    if isinstance(v, list):
        return "[" + ", ".join(json.dumps(str(x)) for x in v) + "]"
    return json.dumps(str(v), ensure_ascii=False)


def links(body):
    """Internal links to page bundles (`x/index.md`) follow them to `x.md`; the themes gallery
    (`@/themes/`, not part of the documentation) becomes its address on getzola.org."""
    body = re.sub(r"@/([^)#\s]*)/index\.md", r"@/\1.md", body)
    return body.replace("@/themes/_index.md", "https://www.getzola.org/themes/")


def convert(text, top):
    if not text.startswith("+++"):
        return None, text, []
    _, front, body = text.split("+++", 2)
    data = tomllib.loads(front)
    out, dropped = [], []
    for key, value in data.items():
        if key in KEEP:
            if key in ("date", "updated"):
                value = str(value)[:10]
            out.append(f"{key}: {yaml_value(value)}")
        elif key == "description":
            out.append(f"summary: {yaml_value(value)}")
        else:
            dropped.append(key)
    if top:
        if "title" not in data:
            out.insert(0, 'title: "Documentation"')
        out.append("layout: guide")
    return "---\n" + "\n".join(out) + "\n---" + links(body), None, dropped


def main():
    src, dest = pathlib.Path(sys.argv[1]), pathlib.Path(sys.argv[2])
    if dest.exists():
        shutil.rmtree(dest)
    (dest / "content").mkdir(parents=True)
    (dest / "site.yaml").write_text(
        "title: Zola documentation (as a Taper guide)\nbase_url: https://example.org/\n"
        "edit_url: https://github.com/getzola/zola/edit/master/\nedit_root: docs/\n"
    )
    (dest / "content/index.md").write_text(
        "---\ntitle: Zola\n---\nRead [the documentation](@/documentation/_index.md).\n"
    )
    # The docs call their own site's image-processing shortcodes (Zola resizes images at build
    # time; Taper does not): each becomes a note saying what was there.
    shortcodes = dest / "templates/shortcodes"
    shortcodes.mkdir(parents=True)
    for name in ("resize_image", "resize_image_relative", "gallery", "high_res_image"):
        (shortcodes / f"{name}.html").write_text(
            f'<p class="small">(Zola resizes images here with its <code>{name}</code> shortcode; '
            "Taper has no image processing.)</p>\n"
        )
    counts = {}
    for md in sorted((src / "documentation").rglob("*.md")):
        rel = md.relative_to(src)
        top = rel == pathlib.Path("documentation/_index.md")
        if md.name == "index.md":
            rel = rel.parent.with_suffix(".md")
        text, _, dropped = convert(md.read_text(), top)
        for k in dropped:
            counts[k] = counts.get(k, 0) + 1
        out = dest / "content" / rel
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(text)
        if md.name == "index.md":
            # The bundle's images go beside the page's URL, where its relative links look.
            for asset in md.parent.iterdir():
                if asset.is_file() and asset.suffix != ".md":
                    folder = dest / "content" / rel.with_suffix("")
                    folder.mkdir(parents=True, exist_ok=True)
                    shutil.copy(asset, folder / asset.name)
    print("dropped front matter keys: " + ", ".join(f"{k} ({n})" for k, n in sorted(counts.items())),
          file=sys.stderr)


if __name__ == "__main__":
    main()
