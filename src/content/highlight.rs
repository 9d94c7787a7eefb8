//! Syntax highlighting of fenced code blocks at build time (no JavaScript on the page), with
//! syntect's bundled grammars and themes.
//!
//! The grammar and theme sets are loaded once per process (they take tens of milliseconds to
//! decompress), never per page. Unknown languages fall back to plain, escaped text.

use std::sync::LazyLock;

use syntect::highlighting::ThemeSet;
use syntect::html::highlighted_html_for_string;
use syntect::parsing::SyntaxSet;

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
        && let Ok(html) = highlighted_html_for_string(code, &SYNTAXES, syntax, theme)
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
