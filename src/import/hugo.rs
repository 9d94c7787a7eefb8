//! Hugo's side of `taper import hugo`: `hugo.toml` / `config.toml` (or `.yaml`, `.json`), its
//! front matter keys and its shortcodes (`{{< name args >}}`, `{{% name %}}`, paired with
//! `{{< /name >}}`): `ref`/`relref` become `@/` links, `figure` a Markdown image with its
//! caption as the title, `highlight` a fenced code block; the others stay as Taper calls with
//! a placeholder template, and are listed.

use std::path::{Path, PathBuf};

use serde_json::{Map, Value};

use super::{Cx, Edit, Keys, Report, SiteConfig, code_ranges, front, image};
use crate::diagnostic::Diagnostic;

/// Hugo's front matter keys, as Taper's.
pub(super) const KEYS: Keys = Keys {
    direct: &[
        ("date", &["date", "publishDate"]),
        ("updated", &["lastmod"]),
        ("summary", &["description", "summary"]),
        ("draft", &["draft"]),
        ("slug", &["slug"]),
        ("weight", &["weight"]),
    ],
    taxonomy_prefix: "",
    extra: "params",
    own_url: &["url"],
    needs_a_human: &[
        (
            "layout",
            "Taper picks templates by kind (article.html, section.html, guide.html): replace the built-in one in templates/, reading `page.extra` for what differs",
        ),
        ("type", "Taper picks templates by kind, not by content type"),
        (
            "outputs",
            "Taper writes each page as HTML (and plans as JSON and calendars), nothing else",
        ),
        (
            "headless",
            "Taper publishes every page: move the file out of content/ if it should not be published",
        ),
        (
            "build",
            "Taper publishes every page: move the file out of content/ if it should not be published",
        ),
        ("expiryDate", "Taper does not unpublish pages by date"),
    ],
};

/// Reads the first of Hugo's config files that exists.
pub(super) fn config(
    dir: &Path,
    report: &mut Report,
) -> Result<(SiteConfig, PathBuf), Vec<Diagnostic>> {
    let names = [
        "hugo.toml",
        "hugo.yaml",
        "hugo.yml",
        "hugo.json",
        "config.toml",
        "config.yaml",
        "config.yml",
        "config.json",
    ];
    let (name, file, text) = super::read_config(
        dir,
        &names,
        Diagnostic::error(dir, 0, 0, "import", "no hugo.toml, config.toml (or .yaml, .json): not a Hugo site")
            .with_help("give the folder that holds the Hugo site's config; config/_default/ is not read: copy its hugo.toml to the site's root first"),
    )?;
    let parsed = if name.ends_with(".toml") {
        front::toml_map(&text)
    } else if name.ends_with(".json") {
        serde_json::from_str::<Map<String, Value>>(&text)
            .map_err(|e| (0, format!("the JSON does not parse: {e}")))
    } else {
        front::yaml_map(&text).map_err(|m| (0, m))
    };
    let map = parsed.map_err(|(at, message)| {
        let (line, column) = super::line_col(&text, at);
        vec![Diagnostic::error(&file, line, column, "import", message).with_source(&text)]
    })?;
    // Hugo's config keys are case-insensitive.
    let mut map: Map<String, Value> = map
        .into_iter()
        .map(|(k, v)| (k.to_ascii_lowercase(), v))
        .collect();
    let at = |key: &str| {
        let lower = text.to_ascii_lowercase();
        super::line_col(&text, front::key_offset(&lower, key).unwrap_or(0))
    };
    let mut c = SiteConfig::default();
    let mut take = |key: &str, report: &mut Report, to: &str| {
        let v = map.remove(key).and_then(|v| super::text(&v));
        if v.is_some() {
            report.mapped(format!("{name}: {key} → site.yaml {to}"));
        }
        v
    };
    c.title = take("title", report, "title");
    c.base_url = take("baseurl", report, "base_url");
    c.language = take("languagecode", report, "language")
        .or_else(|| take("defaultcontentlanguage", report, "language"));
    c.paginate = map.remove("paginate").and_then(|v| v.as_i64()).or_else(|| {
        map.get("pagination")
            .and_then(|p| p.get("pagerSize").or_else(|| p.get("pagersize")))
            .and_then(Value::as_i64)
    });
    map.remove("pagination");
    if let Some(Value::Object(mut params)) = map.remove("params") {
        report.mapped(format!("{name}: params → site.yaml extra"));
        c.description = params.get("description").and_then(super::text);
        if let Some(a) = params.get("author").and_then(super::text) {
            c.author = Some(a);
            params.remove("author");
        }
        params.remove("description");
        c.extra = params;
    }
    if let Some(copyright) = map.remove("copyright") {
        report.mapped(format!("{name}: copyright → site.yaml extra.copyright"));
        c.extra.insert("copyright".into(), copyright);
    }
    for key in ["menu", "menus"] {
        if let Some(menus) = map.remove(key) {
            c.menu.extend(menu(&menus, report, name));
        }
    }
    let needs_a_human = [
        (
            "theme",
            "Hugo themes are not imported: Taper has its own theme; replace its templates in templates/",
        ),
        ("languages", "Taper builds one language per site"),
        (
            "permalinks",
            "Taper's URLs follow the content folders: give moved pages `aliases:` for their old URLs",
        ),
        (
            "outputs",
            "Taper writes HTML pages, atom.xml, sitemap.xml and its search index (search/)",
        ),
        ("module", "Hugo modules are not imported"),
    ];
    super::unused_config(map, &needs_a_human, &file, name, at, report);
    for (folder, why) in [
        (
            "layouts",
            "Hugo templates are not imported: Taper's built-in theme renders the pages; to keep a look, write Taper's template of the same kind in templates/",
        ),
        (
            "themes",
            "Hugo themes are not imported: Taper has its own theme",
        ),
        (
            "assets",
            "Hugo Pipes assets are not processed: put finished files under static/",
        ),
        (
            "data",
            "Hugo data files are not read: put what templates need under `extra:` in site.yaml",
        ),
        ("i18n", "Taper builds one language per site"),
        ("archetypes", "`taper new article` makes new pages"),
    ] {
        if dir.join(folder).is_dir() {
            report.leftover(Path::new(&format!("{folder}/")), 1, 1, why);
        }
    }
    Ok((c, file))
}

/// `[[menu.main]]` entries (name, url or pageRef, weight) in weight order, then name.
fn menu(menus: &Value, report: &mut Report, file: &str) -> Vec<(String, String)> {
    let Some(main) = menus.get("main").and_then(Value::as_array) else {
        return Vec::new();
    };
    let mut items: Vec<(i64, String, String)> = main
        .iter()
        .filter_map(|m| {
            let name = m.get("name").and_then(super::text)?;
            let url = m
                .get("url")
                .or_else(|| m.get("pageRef"))
                .or_else(|| m.get("pageref"))
                .and_then(super::text)?;
            let weight = m.get("weight").and_then(Value::as_i64).unwrap_or(0);
            Some((weight, name, url))
        })
        .collect();
    items.sort();
    for _ in &items {
        report.mapped(format!("{file}: menu.main → site.yaml menu"));
    }
    items.into_iter().map(|(_, n, u)| (n, u)).collect()
}

/// One `{{< … >}}` or `{{% … %}}` tag.
#[derive(Debug)]
struct Tag {
    /// Byte range in the body.
    start: usize,
    end: usize,
    name: String,
    closing: bool,
    positional: Vec<String>,
    named: Vec<(String, String)>,
}

/// Hugo's shortcodes in a page's body.
pub(super) fn body(cx: &mut Cx, body_offset: usize) -> Vec<Edit> {
    let body = &cx.text[body_offset..];
    let code = code_ranges(body);
    let in_code = |i: usize| code.iter().any(|&(s, e)| i >= s && i < e);
    let mut edits = Vec::new();
    let mut tags = Vec::new();
    let mut from = 0;
    while let Some(i) = body[from..].find("{{") {
        let s = from + i;
        from = s + 2;
        let rest = &body[s + 2..];
        let (open, close) = if rest.starts_with('<') {
            ("<", ">}}")
        } else if rest.starts_with('%') {
            ("%", "%}}")
        } else {
            continue;
        };
        let Some(j) = rest.find(close) else { break };
        let e = s + 2 + j + close.len();
        let inner = &body[s + 2 + open.len()..s + 2 + j];
        // `{{</* x */>}}` shows `{{< x >}}`.
        if let Some(shown) = inner
            .trim()
            .strip_prefix("/*")
            .and_then(|t| t.strip_suffix("*/"))
        {
            let text = format!("{{{{{open} {} {close}", shown.trim());
            let text = if in_code(s) {
                cx.report
                    .translated("escaped shortcode in code ({{</* … */>}}) → its text");
                text
            } else {
                cx.report
                    .translated("escaped shortcode in text → inline code");
                format!("`{text}`")
            };
            edits.push(Edit {
                start: body_offset + s,
                end: body_offset + e,
                text,
            });
            from = e;
            continue;
        }
        if in_code(s) {
            continue;
        }
        if let Some(tag) = parse_tag(inner, s, e) {
            tags.push(tag);
        }
        from = e;
    }
    let mut used = vec![false; tags.len()];
    for i in 0..tags.len() {
        if used[i] || tags[i].closing {
            continue;
        }
        used[i] = true;
        let t = &tags[i];
        let closing =
            (i + 1..tags.len()).find(|&k| !used[k] && tags[k].closing && tags[k].name == t.name);
        if let Some(k) = closing {
            used[k] = true;
        }
        let start = body_offset + t.start;
        let arg = |n: &str, pos: usize| {
            t.named
                .iter()
                .find(|(k, _)| k == n)
                .map(|(_, v)| v.clone())
                .or_else(|| t.positional.get(pos).cloned())
                .unwrap_or_default()
        };
        match (t.name.as_str(), closing) {
            ("ref" | "relref", _) => {
                let target = arg("path", 0);
                let (path, fragment) = match target.split_once('#') {
                    Some((p, f)) => (p.to_string(), Some(f.to_string())),
                    None => (target.clone(), None),
                };
                match cx.index.resolve(&path) {
                    Some(found) => {
                        let link = match fragment {
                            Some(f) => format!("@/{found}#{f}"),
                            None => format!("@/{found}"),
                        };
                        cx.report.translated(format!("{} → @/ link", t.name));
                        edits.push(Edit {
                            start,
                            end: body_offset + t.end,
                            text: link,
                        });
                    }
                    None => cx.leftover(
                        start,
                        format!("`{}` to `{target}`: no page of the site is at that path; write the link as `@/path/to/page.md`", t.name),
                    ),
                }
            }
            ("figure", None) => {
                let caption = match arg("caption", usize::MAX) {
                    c if c.is_empty() => arg("title", usize::MAX),
                    c => c,
                };
                let img = image(&arg("src", 0), &arg("alt", usize::MAX), &caption);
                let link = arg("link", usize::MAX);
                cx.report
                    .translated("figure → Markdown image (caption as its title)");
                edits.push(Edit {
                    start,
                    end: body_offset + t.end,
                    text: if link.is_empty() {
                        img
                    } else {
                        format!("[{img}]({link})")
                    },
                });
            }
            ("highlight", Some(k)) => {
                let lang = arg("lang", 0);
                let code = body[t.end..tags[k].start].trim_matches('\n');
                cx.report.translated("highlight → fenced code block");
                edits.push(Edit {
                    start,
                    end: body_offset + tags[k].end,
                    text: format!("```{lang}\n{code}\n```"),
                });
            }
            (name, Some(k)) => {
                cx.leftover(
                    start,
                    format!("shortcode `{name}` with a body: Taper's shortcodes take none; the body was kept as Markdown without the call: write it as HTML or Markdown, or a `{name}` shortcode with arguments"),
                );
                let end = &tags[k];
                edits.push(Edit {
                    start,
                    end: body_offset + t.end,
                    text: String::new(),
                });
                edits.push(Edit {
                    start: body_offset + end.start,
                    end: body_offset + end.end,
                    text: String::new(),
                });
            }
            (name, None) => {
                let mut args: Vec<(String, String)> = t
                    .positional
                    .iter()
                    .enumerate()
                    .map(|(n, v)| (format!("_{n}"), v.clone()))
                    .collect();
                args.extend(t.named.iter().cloned());
                let call = format!(
                    "{{{{ {name}({}) }}}}",
                    args.iter()
                        .map(|(k, v)| format!("{k}=\"{}\"", v.replace('"', "'")))
                        .collect::<Vec<_>>()
                        .join(", ")
                );
                let name = name.to_string();
                super::unknown_shortcode(
                    cx,
                    start,
                    &name,
                    args.into_iter().map(|(k, _)| k),
                    "Hugo",
                );
                edits.push(Edit {
                    start,
                    end: body_offset + t.end,
                    text: call,
                });
            }
        }
    }
    edits
}

/// Reads the inside of a tag: `name "a" b key="v"`, or `/name` for a closing tag.
fn parse_tag(inner: &str, start: usize, end: usize) -> Option<Tag> {
    let inner = inner.trim().trim_end_matches('/').trim_end();
    let (closing, inner) = match inner.strip_prefix('/') {
        Some(rest) => (true, rest.trim_start()),
        None => (false, inner),
    };
    let mut words = tokens(inner).into_iter();
    let name = words.next()?;
    if !name
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '/'))
    {
        return None;
    }
    let mut positional = Vec::new();
    let mut named = Vec::new();
    for w in words {
        match w.split_once('=') {
            Some((k, v))
                if !k.is_empty() && k.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') =>
            {
                named.push((k.to_string(), unquote(v)))
            }
            _ => positional.push(unquote(&w)),
        }
    }
    Some(Tag {
        start,
        end,
        name: name.replace(['-', '/'], "_"),
        closing,
        positional,
        named,
    })
}

/// Splits on spaces outside `"…"` and `` `…` ``.
fn tokens(s: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut quote: Option<char> = None;
    for c in s.chars() {
        match (quote, c) {
            (None, '"' | '`') => {
                quote = Some(c);
                cur.push(c);
            }
            (Some(q), _) if c == q => {
                quote = None;
                cur.push(c);
            }
            (None, c) if c.is_whitespace() => {
                if !cur.is_empty() {
                    out.push(std::mem::take(&mut cur));
                }
            }
            _ => cur.push(c),
        }
    }
    if !cur.is_empty() {
        out.push(cur);
    }
    out
}

fn unquote(s: &str) -> String {
    let t = s.trim();
    for q in ['"', '`'] {
        if let Some(inner) = t.strip_prefix(q).and_then(|r| r.strip_suffix(q)) {
            return inner.replace("\\\"", "\"");
        }
    }
    t.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_read_positional_and_named_arguments() {
        let t = parse_tag(r#" figure src="a b.jpg" caption="A \"big\" one" "#, 0, 1).unwrap();
        assert_eq!(t.name, "figure");
        assert_eq!(t.named[0], ("src".into(), "a b.jpg".into()));
        assert_eq!(t.named[1].1, "A \"big\" one");
        let t = parse_tag(r#"ref "posts/a.md#x" "#, 0, 1).unwrap();
        assert_eq!(t.positional, ["posts/a.md#x"]);
        assert!(parse_tag(" /highlight ", 0, 1).unwrap().closing);
        assert!(parse_tag(" \"x\" ", 0, 1).is_none());
    }
}
