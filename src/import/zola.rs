//! Zola's side of `taper import zola`: `config.toml` (or `zola.toml`), its front matter keys
//! and its shortcodes. `@/` links are Zola's syntax too and stay as they are (a page bundle's
//! `@/x/index.md` becomes `@/x.md`, in the shared link pass).

use std::path::{Path, PathBuf};

use serde_json::Value;

use super::{Cx, Edit, Keys, Report, SiteConfig, code_ranges, front, gallery, image};
use crate::content::shortcode::{self, Arg};
use crate::diagnostic::Diagnostic;

/// Zola's front matter keys, as Taper's (pages and sections alike).
pub(super) const KEYS: Keys = Keys {
    direct: &[
        ("date", &["date"]),
        ("updated", &["updated"]),
        ("summary", &["description"]),
        ("draft", &["draft"]),
        ("slug", &["slug"]),
        ("weight", &["weight"]),
    ],
    taxonomy_prefix: "taxonomies.",
    extra: "extra",
    own_url: &["path"],
    needs_a_human: &[
        (
            "template",
            "Taper picks templates by kind (article.html, section.html, guide.html): replace the built-in one in templates/, reading `page.extra` for what differs",
        ),
        (
            "page_template",
            "Taper's pages all use article.html (or guide.html in a guide)",
        ),
        (
            "redirect_to",
            "Taper has no section redirects: give the target page `aliases: [/this/section/]` and delete this section's _index.md",
        ),
        (
            "render",
            "Taper renders every page: move the file out of content/ if it should not be published",
        ),
        ("transparent", "Taper lists a section's own pages only"),
        (
            "paginate_by",
            "Taper paginates every list (home, sections, tags) by one `paginate:` in site.yaml",
        ),
    ],
};

/// Reads `config.toml` or `zola.toml`.
pub(super) fn config(
    dir: &Path,
    report: &mut Report,
) -> Result<(SiteConfig, PathBuf), Vec<Diagnostic>> {
    let (name, file, text) = super::read_config(
        dir,
        &["zola.toml", "config.toml"],
        Diagnostic::error(
            dir,
            0,
            0,
            "import",
            "no config.toml or zola.toml: not a Zola site",
        )
        .with_help("give the folder that holds the Zola site's config.toml"),
    )?;
    let mut map = front::toml_map(&text).map_err(|(at, message)| {
        let (line, column) = super::line_col(&text, at);
        vec![Diagnostic::error(&file, line, column, "import", message).with_source(&text)]
    })?;
    let at = |key: &str| super::line_col(&text, front::key_offset(&text, key).unwrap_or(0));
    let mut c = SiteConfig::default();
    let mut take = |key: &str, report: &mut Report, to: &str| {
        let v = map.remove(key).and_then(|v| super::text(&v));
        if v.is_some() && key != to {
            report.mapped(format!("{name}: {key} → site.yaml {to}"));
        }
        v
    };
    c.title = take("title", report, "title");
    c.base_url = take("base_url", report, "base_url");
    c.description = take("description", report, "description");
    c.author = take("author", report, "author");
    c.language = take("default_language", report, "language");
    if let Some(Value::Object(extra)) = map.remove("extra") {
        report.mapped(format!("{name}: [extra] → site.yaml extra"));
        c.extra = extra;
    }
    let needs_a_human = [
        (
            "theme",
            "Zola themes are not imported: Taper has its own theme; replace its templates in templates/",
        ),
        (
            "compile_sass",
            "sass/ is not compiled: Taper's stylesheet is templates/style.css (replace it, or add CSS under static/)",
        ),
        ("languages", "Taper builds one language per site"),
        ("feed_filenames", "Taper writes one feed, atom.xml"),
    ];
    super::unused_config(map, &needs_a_human, &file, name, at, report);
    leftover_folders(dir, report);
    Ok((c, file))
}

/// Zola's templates, themes and Sass: not imported, one line each.
fn leftover_folders(dir: &Path, report: &mut Report) {
    let templates = dir.join("templates");
    if templates.is_dir() {
        for e in walkdir::WalkDir::new(&templates)
            .sort_by_file_name()
            .into_iter()
            .flatten()
            .filter(|e| e.file_type().is_file())
        {
            let rel = e.path().strip_prefix(dir).unwrap_or(e.path());
            let what = if rel.starts_with("templates/shortcodes") {
                "a Zola shortcode: not copied (Taper's shortcodes read their arguments as `args.<name>`); where pages call it, a placeholder was written"
            } else {
                "a Zola template: not imported; Taper's built-in theme renders the pages: to keep this look, write Taper's template of the same kind in templates/"
            };
            report.leftover(rel, 1, 1, what);
        }
    }
    for (folder, why) in [
        (
            "themes",
            "Zola themes are not imported: Taper has its own theme",
        ),
        (
            "sass",
            "Sass is not compiled: Taper's stylesheet is templates/style.css",
        ),
    ] {
        if dir.join(folder).is_dir() {
            report.leftover(Path::new(&format!("{folder}/")), 1, 1, why);
        }
    }
}

/// Zola's shortcodes in a page's body (`{{ name(…) }}`, `{% name(…) %}…{% end %}`) and
/// its escaped ones (`{{/* … */}}`).
pub(super) fn body(cx: &mut Cx, body_offset: usize) -> Vec<Edit> {
    let body = &cx.text[body_offset..];
    let code = code_ranges(body);
    let in_code = |i: usize| code.iter().any(|&(s, e)| i >= s && i < e);
    let mut edits = Vec::new();
    // `{{/* x() */}}` shows the call `{{ x() }}` in Zola: in code Taper already leaves calls
    // alone; outside code they become inline code.
    for (open, close, new_open, new_close) in
        [("{{/*", "*/}}", "{{", "}}"), ("{%/*", "*/%}", "{%", "%}")]
    {
        let mut from = 0;
        while let Some(i) = body[from..].find(open) {
            let s = from + i;
            let Some(j) = body[s..].find(close) else {
                break;
            };
            let e = s + j + close.len();
            let shown = format!(
                "{new_open}{}{new_close}",
                &body[s + open.len()..e - close.len()]
            );
            let text = if in_code(s) {
                cx.report
                    .translated("escaped shortcode in code ({{/* … */}}) → its text");
                shown
            } else {
                cx.report
                    .translated("escaped shortcode in text → inline code");
                format!("`{shown}`")
            };
            edits.push(Edit {
                start: body_offset + s,
                end: body_offset + e,
                text,
            });
            from = e;
        }
    }
    let (calls, errors) = shortcode::find(body);
    for call in calls {
        let start = body_offset + call.start;
        let end = body_offset + call.end;
        let arg = |k: &str| match call.args.get(k) {
            Some(Arg::Text(t)) => t.clone(),
            _ => String::new(),
        };
        let text = match call.name.as_str() {
            "plan" | "week" | "rest_days" => continue,
            "resize_image" | "image" => {
                let path = arg("path");
                let src = match path.strip_prefix(&format!("{}/", cx.folder)) {
                    Some(local) if !cx.folder.is_empty() => local.to_string(),
                    _ if path.contains("://") || path.starts_with('/') => path.clone(),
                    _ => format!("/{path}"),
                };
                cx.report
                    .translated(format!("{} → Markdown image", call.name));
                image(&src, &arg("alt"), &arg("caption"))
            }
            "gallery" => match gallery(cx) {
                Some(images) => {
                    cx.report
                        .translated("gallery → Markdown images of the page's image files");
                    images
                }
                None => {
                    cx.leftover(start, "shortcode `gallery`: the page has no image files beside it; the call was removed");
                    String::new()
                }
            },
            name => {
                let name = name.to_string();
                super::unknown_shortcode(cx, start, &name, call.args.keys().cloned(), "Zola");
                continue;
            }
        };
        edits.push(Edit { start, end, text });
    }
    for e in errors {
        let s = body[..e.offset].rfind("{{").unwrap_or(e.offset);
        let end = body[e.offset..]
            .find("}}")
            .map_or(body.len(), |i| e.offset + i + 2);
        cx.leftover(
            body_offset + s,
            format!(
                "a shortcode call Taper cannot read ({}); it was kept as inline code",
                e.message
            ),
        );
        edits.push(Edit {
            start: body_offset + s,
            end: body_offset + end,
            text: format!("`{}`", &body[s..end]),
        });
    }
    edits.extend(body_shortcodes(cx, body_offset, &in_code));
    edits
}

/// `{% name(…) %}…{% end %}`: Taper's shortcodes take no body. The body stays as Markdown.
fn body_shortcodes(cx: &mut Cx, body_offset: usize, in_code: &dyn Fn(usize) -> bool) -> Vec<Edit> {
    let body = &cx.text[body_offset..];
    let mut edits = Vec::new();
    let mut from = 0;
    while let Some(i) = body[from..].find("{%") {
        let s = from + i;
        from = s + 2;
        if in_code(s) || body[s..].starts_with("{%/*") {
            continue;
        }
        let Some(close) = body[s..].find("%}") else {
            break;
        };
        let inner = body[s + 2..s + close].trim();
        let name: String = inner
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
            .collect();
        if name.is_empty() || name == "end" || !inner[name.len()..].trim_start().starts_with('(') {
            continue;
        }
        let open_end = s + close + 2;
        let Some(end_at) = find_end(body, open_end) else {
            continue;
        };
        let end_len = body[end_at..].find("%}").map_or(0, |i| i + 2);
        cx.leftover(
            body_offset + s,
            format!("shortcode `{name}` with a body: Taper's shortcodes take none; the body was kept as Markdown without the call: write it as HTML or Markdown, or a `{name}` shortcode with arguments"),
        );
        edits.push(Edit {
            start: body_offset + s,
            end: body_offset + open_end,
            text: String::new(),
        });
        edits.push(Edit {
            start: body_offset + end_at,
            end: body_offset + end_at + end_len,
            text: String::new(),
        });
        from = open_end;
    }
    edits
}

/// Where the `{% end %}` closing a body that starts at `from` is.
fn find_end(body: &str, from: usize) -> Option<usize> {
    let mut at = from;
    while let Some(i) = body[at..].find("{%") {
        let s = at + i;
        let close = body[s..].find("%}")?;
        if body[s + 2..s + close].trim() == "end" {
            return Some(s);
        }
        at = s + 2;
    }
    None
}
