//! Syntax highlighting of fenced code blocks at build time (no JavaScript on the page), with
//! syntect's bundled grammars and themes.
//!
//! The grammar and theme sets are loaded once per process (they take tens of milliseconds to
//! decompress), never per page. Unknown languages fall back to plain, escaped text.

use std::cell::RefCell;
use std::sync::LazyLock;

use foldhash::HashMap;
use syntect::highlighting::{Highlighter, Style, Theme, ThemeSet};
use syntect::html::{
    IncludeBackground, append_highlighted_html_for_styled_line, start_highlighted_html_snippet,
};
use syntect::parsing::{
    BasicScopeStackOp, ParseState, Scope, ScopeStack, SyntaxReference, SyntaxSet,
};
use syntect::util::LinesWithEndings;

/// The theme names `highlight_theme` accepts in site.yaml (syntect's bundled themes).
pub const THEMES: &[&str] = &[
    "InspiredGitHub",
    "Solarized (dark)",
    "Solarized (light)",
    "base16-eighties.dark",
    "base16-mocha.dark",
    "base16-ocean.dark",
    "base16-ocean.light",
];

/// The theme used when site.yaml names none.
pub const DEFAULT_THEME: &str = "InspiredGitHub";

static SYNTAXES: LazyLock<SyntaxSet> = LazyLock::new(SyntaxSet::load_defaults_newlines);
static THEME_SET: LazyLock<ThemeSet> = LazyLock::new(ThemeSet::load_defaults);

/// Escapes text for HTML element content and attribute values.
pub fn escape_html(text: &str) -> String {
    crate::escape::escaped(text, crate::escape::html)
}

/// A code block as HTML: highlighted with inline styles when `lang` is a known language (by
/// name or file extension: `rust`, `rs`, `yaml`, `sh`), else plain and escaped.
pub fn code_block(code: &str, lang: &str, theme: &str) -> String {
    let lang = lang.split([',', ' ']).next().unwrap_or("").trim();
    let syntax = if lang.is_empty() {
        None
    } else {
        SYNTAXES
            .find_syntax_by_token(lang)
            .or_else(|| SYNTAXES.find_syntax_by_extension(lang))
    };
    let theme = THEME_SET
        .themes
        .get(theme)
        .or_else(|| THEME_SET.themes.get(DEFAULT_THEME));
    if let (Some(syntax), Some(theme)) = (syntax, theme)
        && let Some(html) = highlighted(code, syntax, theme)
    {
        // syntect writes `<pre style="…">`; mark it so the stylesheet can size it.
        return html.replacen(
            "<pre ",
            &format!(
                "<pre class=\"highlight\" data-lang=\"{}\" ",
                escape_html(lang)
            ),
            1,
        );
    }
    plain_block(code, lang)
}

/// A theme's style for each scope stack seen so far, on one thread.
///
/// syntect's `highlighted_html_for_string` works out a token's style by matching every one of
/// the theme's selectors against the scope stack, at each push, for every block: that was
/// most of the highlighting's cost (a five-line YAML block took 2.5 M instructions). A style
/// depends on the stack alone ([`Highlighter::style_for_stack`]), and a site's blocks push the
/// same few hundred stacks again and again, so each is worked out once per thread and theme.
struct StyleMemo {
    theme: &'static Theme,
    highlighter: Highlighter<'static>,
    styles: HashMap<Box<[Scope]>, Style>,
}

impl StyleMemo {
    fn style(&mut self, stack: &[Scope]) -> Style {
        if let Some(style) = self.styles.get(stack) {
            return *style;
        }
        let style = self.highlighter.style_for_stack(stack);
        self.styles.insert(stack.into(), style);
        style
    }
}

thread_local! {
    static MEMOS: RefCell<Vec<StyleMemo>> = const { RefCell::new(Vec::new()) };
}

/// `code` highlighted as syntect's `highlighted_html_for_string` writes it (byte for byte: a
/// test compares the two), with each style taken from the thread's [`StyleMemo`].
fn highlighted(code: &str, syntax: &SyntaxReference, theme: &'static Theme) -> Option<String> {
    MEMOS.with_borrow_mut(|memos| {
        let at = match memos.iter().position(|m| std::ptr::eq(m.theme, theme)) {
            Some(at) => at,
            None => {
                memos.push(StyleMemo {
                    theme,
                    highlighter: Highlighter::new(theme),
                    styles: HashMap::default(),
                });
                memos.len() - 1
            }
        };
        let memo = &mut memos[at];
        let mut parse = ParseState::new(syntax);
        let mut stack = ScopeStack::new();
        // As syntect's HighlightState: the theme's default style under every pushed scope.
        let mut styles = vec![memo.highlighter.get_default()];
        let (mut out, bg) = start_highlighted_html_snippet(theme);
        let mut regions: Vec<(Style, &str)> = Vec::new();
        for line in LinesWithEndings::from(code) {
            let ops = parse.parse_line(line, &SYNTAXES).ok()?;
            regions.clear();
            let mut pos = 0;
            for i in 0..=ops.len() {
                let (end, op) = match ops.get(i) {
                    Some((end, op)) => (*end, Some(op)),
                    None => (line.len(), None),
                };
                let style = styles.last().copied().unwrap_or_default();
                if end > pos {
                    regions.push((style, &line[pos..end]));
                }
                pos = pos.max(end);
                if let Some(op) = op {
                    stack
                        .apply_with_hook(op, |basic, now| match basic {
                            BasicScopeStackOp::Push(_) => styles.push(memo.style(now)),
                            BasicScopeStackOp::Pop => {
                                styles.pop();
                            }
                        })
                        .ok()?;
                }
            }
            append_highlighted_html_for_styled_line(
                &regions,
                IncludeBackground::IfDifferent(bg),
                &mut out,
            )
            .ok()?;
        }
        out.push_str("</pre>\n");
        Some(out)
    })
}

/// A code block as plain, escaped text, its language kept as a class.
pub fn plain_block(code: &str, lang: &str) -> String {
    let lang = lang.split([',', ' ']).next().unwrap_or("").trim();
    let class = if lang.is_empty() {
        String::new()
    } else {
        format!(" class=\"language-{}\"", escape_html(lang))
    };
    format!("<pre><code{class}>{}</code></pre>\n", escape_html(code))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_documented_themes_are_the_bundled_ones() {
        let mut bundled: Vec<&str> = THEME_SET.themes.keys().map(String::as_str).collect();
        bundled.sort_unstable();
        let mut documented = THEMES.to_vec();
        documented.sort_unstable();
        assert_eq!(bundled, documented);
    }

    #[test]
    fn known_languages_are_highlighted() {
        let html = code_block("fn main() { let x = \"<b>\"; }\n", "rust", DEFAULT_THEME);
        assert!(html.starts_with("<pre class=\"highlight\" data-lang=\"rust\""));
        assert!(html.contains("<span style="));
        assert!(html.contains("&lt;b&gt;"));
        assert!(!html.contains("<b>"));
    }

    /// Every fenced block of the repository's docs and example site, plus a few languages
    /// they lack, in every bundled theme: the memoised styles give syntect's own HTML.
    #[test]
    fn memoised_styles_give_syntects_html() {
        use syntect::html::highlighted_html_for_string;
        let mut blocks: Vec<(String, String)> = [
            ("rust", "fn main() {\n    let x: Vec<u8> = vec![1, 2]; // <b>\n    println!(\"{x:?}\");\n}\n"),
            ("python", "def f(a, *b):\n    \"\"\"Doc.\"\"\"\n    return [x ** 2 for x in b if x > a]\n"),
            ("js", "const f = async (a) => { await fetch(`/x/${a}`); return /a+b/g.test(a); };\n"),
            ("html", "<!doctype html>\n<p class=\"a\">Hi &amp; <b>bye</b></p>\n<script>let a = 1 < 2;</script>\n"),
            ("json", "{\"a\": [1, 2.5e3, true, null], \"b\": \"\\u00e9\"}\n"),
            ("c", "#include <stdio.h>\nint main(void) { /* c */ return printf(\"%d\\n\", 1); }\n"),
            ("sh", "for f in *.md; do echo \"$f\" | sed 's/a/b/' > \"${f%.md}.txt\"; done\n"),
            ("yaml", "day: thu\ntype: tempo # comment\nlist: [a, \"b\", 3]\nblock: |\n  text\n"),
            ("rust", "no newline at the end"),
        ]
        .iter()
        .map(|(l, c)| (l.to_string(), c.to_string()))
        .collect();
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        for dir in ["docs/content", "content"] {
            for entry in walkdir::WalkDir::new(root.join(dir)).sort_by_file_name() {
                let Ok(entry) = entry else { continue };
                let Ok(text) = std::fs::read_to_string(entry.path()) else {
                    continue;
                };
                let mut open: Option<(String, String)> = None;
                for line in text.lines() {
                    match (&mut open, line.trim_start().strip_prefix("```")) {
                        (None, Some(lang)) => open = Some((lang.trim().to_string(), String::new())),
                        (Some(_), Some(_)) => blocks.extend(open.take()),
                        (Some((_, code)), None) => {
                            code.push_str(line);
                            code.push('\n');
                        }
                        (None, None) => {}
                    }
                }
            }
        }
        assert!(blocks.len() > 40, "{} blocks", blocks.len());
        let mut compared = 0;
        for name in THEMES {
            let theme = &THEME_SET.themes[*name];
            for (lang, code) in &blocks {
                let Some(syntax) = SYNTAXES
                    .find_syntax_by_token(lang)
                    .or_else(|| SYNTAXES.find_syntax_by_extension(lang))
                else {
                    continue;
                };
                let want = highlighted_html_for_string(code, &SYNTAXES, syntax, theme).ok();
                assert_eq!(
                    highlighted(code, syntax, theme),
                    want,
                    "{name}, {lang}:\n{code}"
                );
                compared += 1;
            }
        }
        assert!(compared > 7 * 30, "{compared} compared");
    }

    #[test]
    fn unknown_languages_are_plain_escaped_text() {
        let html = code_block("<script>alert(1)</script>\n", "klingon", DEFAULT_THEME);
        assert_eq!(
            html,
            "<pre><code class=\"language-klingon\">&lt;script&gt;alert(1)&lt;/script&gt;\n</code></pre>\n"
        );
        let html = code_block("a < b\n", "", DEFAULT_THEME);
        assert_eq!(html, "<pre><code>a &lt; b\n</code></pre>\n");
    }
}
