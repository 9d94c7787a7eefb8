//! Shortcodes: `{{ name(key="text", n=3, flag=true) }}` calls in an article's Markdown,
//! found before the Markdown is rendered.
//!
//! This module only finds and parses calls and puts the HTML that the caller produces for each
//! one back after rendering; it knows nothing about Tera or plans (the build renders each call
//! with `templates/shortcodes/<name>.html`). Calls inside fenced or indented code blocks and
//! inline code spans are left alone, so a post can show the syntax. Every call keeps its byte
//! offset in the original text, so errors point at the calling line and column, and
//! [`Expanded::original_offset`] maps offsets in the expanded text back.

use std::collections::BTreeMap;

/// A shortcode argument value.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
#[serde(untagged)]
pub enum Arg {
    /// `"text"` or `'text'`.
    Text(String),
    /// `3`, `-1`.
    Int(i64),
    /// `2.5`.
    Float(f64),
    /// `true`, `false`.
    Bool(bool),
}

/// One call found in the text.
#[derive(Debug, Clone, PartialEq)]
pub struct Call {
    /// The shortcode's name.
    pub name: String,
    /// Arguments by name.
    pub args: BTreeMap<String, Arg>,
    /// Byte range of the whole `{{ … }}` in the original text.
    pub start: usize,
    /// End of the call (exclusive).
    pub end: usize,
}

/// A problem with a call: where (byte offset in the original text) and what.
#[derive(Debug, Clone, PartialEq)]
pub struct CallError {
    /// Byte offset in the original text.
    pub offset: usize,
    /// What is wrong.
    pub message: String,
    /// What to do about it.
    pub help: Option<String>,
}

/// Text with every call replaced by a placeholder, and the HTML each placeholder stands for.
#[derive(Debug, Clone, Default)]
pub struct Expanded {
    /// The Markdown to render.
    pub text: String,
    /// The HTML of call `i`, put back by [`Expanded::restore`].
    pub html: Vec<String>,
    /// (start in `text`, start in the original, length in `text`, length in the original).
    spans: Vec<(usize, usize, usize, usize)>,
}

/// Marks placeholders: private-use characters, which no keyboard types by accident.
const MARK: char = '\u{E000}';

fn placeholder(i: usize) -> String {
    format!("{MARK}sc{i}{MARK}")
}

impl Expanded {
    /// Puts each call's HTML in place of its placeholder; a placeholder that is a paragraph
    /// on its own loses the `<p>` around it, so block HTML stays valid.
    pub fn restore(&self, html: &str) -> String {
        if self.html.is_empty() {
            return html.to_string();
        }
        let mut out = html.to_string();
        for (i, h) in self.html.iter().enumerate() {
            let p = placeholder(i);
            out = out.replace(&format!("<p>{p}</p>"), h).replace(&p, h);
        }
        out
    }

    /// Removes placeholders from text (for word counts and the search index).
    pub fn strip(&self, text: &str) -> String {
        if self.html.is_empty() {
            return text.to_string();
        }
        let mut out = text.to_string();
        for i in 0..self.html.len() {
            out = out.replace(&placeholder(i), "");
        }
        out
    }

    /// Maps a byte offset in `text` back to the original text.
    pub fn original_offset(&self, offset: usize) -> usize {
        let mut shift: isize = 0;
        for &(at, orig, len, orig_len) in &self.spans {
            if offset < at {
                break;
            }
            if offset < at + len {
                return orig;
            }
            shift = (orig + orig_len) as isize - (at + len) as isize;
        }
        (offset as isize + shift).max(0) as usize
    }
}

/// Byte ranges of code (fenced and indented blocks, inline code spans), where calls are text.
fn code_ranges(text: &str) -> Vec<(usize, usize)> {
    use pulldown_cmark::{Event, Options, Parser, Tag};
    let mut ranges = Vec::new();
    for (event, range) in Parser::new_ext(text, Options::all()).into_offset_iter() {
        match event {
            Event::Start(Tag::CodeBlock(_)) | Event::Code(_) => {
                ranges.push((range.start, range.end))
            }
            _ => {}
        }
    }
    ranges
}

/// Finds every call outside code. Malformed calls (`{{ plan(slug=) }}`) are errors; `{{` not
/// followed by `name(` is left as text.
pub fn find(text: &str) -> (Vec<Call>, Vec<CallError>) {
    // Finding code spans parses the Markdown: only done for text that has a `{{` at all.
    let code = std::cell::OnceCell::new();
    let in_code = |i: usize| {
        code.get_or_init(|| code_ranges(text))
            .iter()
            .any(|&(s, e)| i >= s && i < e)
    };
    let mut calls = Vec::new();
    let mut errors = Vec::new();
    let mut from = 0;
    while let Some(found) = text[from..].find("{{") {
        let start = from + found;
        from = start + 2;
        if in_code(start) {
            continue;
        }
        let Some(close) = text[start..].find("}}") else {
            break;
        };
        let end = start + close + 2;
        let inner = &text[start + 2..start + close];
        let trimmed = inner.trim_start();
        let name_len = trimmed
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
            .unwrap_or(trimmed.len());
        let name = &trimmed[..name_len];
        let after = trimmed[name_len..].trim_start();
        if name.is_empty() || !after.starts_with('(') || inner.contains('\n') {
            continue;
        }
        let name_offset = start + 2 + (inner.len() - trimmed.len());
        match parse_args(after, start + 2 + (inner.len() - after.len())) {
            Ok(args) => calls.push(Call {
                name: name.to_string(),
                args,
                start,
                end,
            }),
            Err(mut e) => {
                if e.offset == 0 {
                    e.offset = name_offset;
                }
                errors.push(e);
            }
        }
        from = end;
    }
    (calls, errors)
}

/// Parses `(key=value, …)` followed only by spaces; `base` is the offset of `(`.
fn parse_args(s: &str, base: usize) -> Result<BTreeMap<String, Arg>, CallError> {
    let err = |at: usize, message: String| {
        CallError {
        offset: base + at,
        message,
        help: Some(
            "write arguments as name=value: text in quotes, numbers and true/false bare, like `{{ week(slug=\"half\", n=3) }}`"
                .to_string(),
        ),
    }
    };
    let bytes = s.as_bytes();
    let mut i = 1;
    let mut args = BTreeMap::new();
    let skip_ws = |i: &mut usize| {
        while *i < bytes.len() && bytes[*i].is_ascii_whitespace() {
            *i += 1;
        }
    };
    loop {
        skip_ws(&mut i);
        if i >= bytes.len() {
            return Err(err(
                i,
                "the shortcode call is missing its closing `)`".into(),
            ));
        }
        if bytes[i] == b')' {
            i += 1;
            break;
        }
        let key_start = i;
        while i < bytes.len() && (bytes[i].is_ascii_alphanumeric() || bytes[i] == b'_') {
            i += 1;
        }
        if i == key_start {
            return Err(err(
                i,
                format!(
                    "expected an argument name, found `{}`",
                    &s[i..].chars().next().unwrap_or(' ')
                ),
            ));
        }
        let key = s[key_start..i].to_string();
        skip_ws(&mut i);
        if i >= bytes.len() || bytes[i] != b'=' {
            return Err(err(i, format!("expected `=` after `{key}`")));
        }
        i += 1;
        skip_ws(&mut i);
        let value_start = i;
        let value = match bytes.get(i) {
            Some(q @ (b'"' | b'\'')) => {
                let q = *q as char;
                let rest = &s[i + 1..];
                let Some(len) = rest.find(q) else {
                    return Err(err(i, format!("the text of `{key}` has no closing {q}")));
                };
                i += len + 2;
                Arg::Text(rest[..len].to_string())
            }
            Some(_) => {
                while i < bytes.len()
                    && !matches!(bytes[i], b',' | b')')
                    && !bytes[i].is_ascii_whitespace()
                {
                    i += 1;
                }
                let raw = &s[value_start..i];
                if raw == "true" || raw == "false" {
                    Arg::Bool(raw == "true")
                } else if let Ok(n) = raw.parse::<i64>() {
                    Arg::Int(n)
                } else if let Ok(x) = raw.parse::<f64>() {
                    Arg::Float(x)
                } else {
                    return Err(err(
                        value_start,
                        format!("`{key}={raw}` is not text in quotes, a number or true/false"),
                    ));
                }
            }
            None => return Err(err(i, format!("`{key}=` has no value"))),
        };
        if args.insert(key.clone(), value).is_some() {
            return Err(err(key_start, format!("`{key}` is given twice")));
        }
        skip_ws(&mut i);
        match bytes.get(i) {
            Some(b',') => i += 1,
            Some(b')') => {}
            _ => return Err(err(i, "expected `,` or `)` after an argument".into())),
        }
    }
    if !s[i..].trim().is_empty() {
        return Err(err(
            i,
            format!("unexpected `{}` after the call", s[i..].trim()),
        ));
    }
    Ok(args)
}

/// Replaces each call with a placeholder; `render` gives each call's HTML or an error. The
/// text is expanded even when some calls fail, so later passes can report their own problems.
pub fn expand(
    text: &str,
    mut render: impl FnMut(&Call) -> Result<String, CallError>,
) -> (Expanded, Vec<CallError>) {
    let (calls, mut errors) = find(text);
    let mut out = Expanded {
        text: String::with_capacity(text.len()),
        ..Expanded::default()
    };
    let mut last = 0;
    for call in &calls {
        out.text.push_str(&text[last..call.start]);
        let p = placeholder(out.html.len());
        out.spans
            .push((out.text.len(), call.start, p.len(), call.end - call.start));
        out.text.push_str(&p);
        match render(call) {
            Ok(h) => out.html.push(h),
            Err(e) => {
                errors.push(e);
                out.html.push(String::new());
            }
        }
        last = call.end;
    }
    out.text.push_str(&text[last..]);
    errors.sort_by_key(|e| e.offset);
    (out, errors)
}

/// 1-based line and column (in characters) of a byte offset.
pub fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let offset = offset.min(text.len());
    let before = text.get(..offset).unwrap_or(text);
    let line = before.matches('\n').count() + 1;
    let col = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, col)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_calls_with_arguments() {
        let (calls, errors) = find("Intro\n\n{{ week(slug=\"half\", n=3, all=true) }}\n");
        assert!(errors.is_empty(), "{errors:?}");
        assert_eq!(calls.len(), 1);
        assert_eq!(calls[0].name, "week");
        assert_eq!(calls[0].args["slug"], Arg::Text("half".into()));
        assert_eq!(calls[0].args["n"], Arg::Int(3));
        assert_eq!(calls[0].args["all"], Arg::Bool(true));
        assert_eq!(calls[0].start, 7);
    }

    #[test]
    fn code_is_left_alone() {
        let text = "`{{ plan(slug=\"a\") }}`\n\n```\n{{ plan(slug=\"b\") }}\n```\n\n    {{ plan(slug=\"c\") }}\n\n{{ plan(slug=\"d\") }}\n";
        let (calls, _) = find(text);
        assert_eq!(calls.len(), 1);
        assert_eq!(calls[0].args["slug"], Arg::Text("d".into()));
    }

    #[test]
    fn malformed_calls_are_errors_at_their_position() {
        let text = "a\nb {{ week(slug=\"x\", n=) }}\n";
        let (_, errors) = find(text);
        assert_eq!(errors.len(), 1);
        let (line, col) = line_col(text, errors[0].offset);
        assert_eq!(line, 2);
        assert!(col > 3, "{col}");
        // Not a call: left as text.
        assert!(find("{{ not a call }} and {{x}}").0.is_empty());
    }

    #[test]
    fn expand_restore_and_offsets() {
        let text = "Hi\n\n{{ a(n=1) }}\n\nthen [x](@/y.md)\n";
        let (e, errs) = expand(text, |c| Ok(format!("<div>{}</div>", c.name)));
        assert!(errs.is_empty());
        let link = e.text.find("@/").unwrap();
        assert_eq!(e.original_offset(link), text.find("@/").unwrap());
        assert_eq!(
            e.restore(&format!("<p>{}</p>\n", placeholder(0))),
            "<div>a</div>\n"
        );
        let (_, errs) = expand(text, |c| {
            Err(CallError {
                offset: c.start,
                message: "no".into(),
                help: None,
            })
        });
        assert_eq!(line_col(text, errs[0].offset), (3, 1));
    }
}
