//! The search index (`search_index.json`): titles, headings and the start of the text of every
//! page, compact enough for the default theme's few lines of JavaScript to load and filter in
//! the browser, with no search service.

use serde::Serialize;

/// Words of body text kept per page: enough to find a page by what it is about, small enough
/// that the whole index stays a quick download.
pub const MAX_WORDS: usize = 300;

/// One page in the index. Short keys keep the file small.
#[derive(Debug, Clone, Serialize)]
pub struct SearchDoc {
    /// Title.
    #[serde(rename = "t")]
    pub title: String,
    /// Site-relative URL.
    #[serde(rename = "u")]
    pub url: String,
    /// Headings.
    #[serde(rename = "h", skip_serializing_if = "Vec::is_empty")]
    pub headings: Vec<String>,
    /// Text without markup, cut to [`MAX_WORDS`].
    #[serde(rename = "x")]
    pub text: String,
}

/// The first `n` words of `parts` (in order), separated by single spaces: all of a page's text
/// the index can use, so a build need not keep the rest.
pub fn first_words(parts: &[&str], n: usize) -> String {
    let mut out = String::new();
    let words = parts.iter().flat_map(|p| p.split_whitespace());
    for (i, w) in words.take(n).enumerate() {
        if i > 0 {
            out.push(' ');
        }
        out.push_str(w);
    }
    out
}

impl SearchDoc {
    /// A document whose text is the words of `parts` in order, cut to [`MAX_WORDS`].
    pub fn new(title: &str, url: &str, headings: Vec<String>, parts: &[&str]) -> SearchDoc {
        let text = first_words(parts, MAX_WORDS);
        SearchDoc {
            title: title.to_string(),
            url: url.to_string(),
            headings,
            text,
        }
    }
}

/// The index as JSON.
pub fn index(docs: &[SearchDoc]) -> String {
    let mut s = serde_json::to_string(docs).unwrap_or_else(|_| "[]".to_string());
    s.push('\n');
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn compact_and_cut() {
        let long = "word ".repeat(1000);
        let j = index(&[SearchDoc::new(
            "Rest",
            "/r/",
            vec!["Why".into()],
            &["A summary.", &long],
        )]);
        let v: serde_json::Value = serde_json::from_str(&j).unwrap();
        assert_eq!(v[0]["t"], "Rest");
        assert_eq!(v[0]["h"][0], "Why");
        let text = v[0]["x"].as_str().unwrap();
        assert_eq!(text.split(' ').count(), MAX_WORDS);
        assert!(text.starts_with("A summary. word word"));
    }
}
