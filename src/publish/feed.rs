//! The Atom 1.0 feed (`atom.xml`) of the site's articles, newest first.
//!
//! Deterministic: the feed's `updated` is the newest entry's date, never the clock.
//!
//! An entry's content is its article's HTML, whose footnote (`#fn-1`) and relative links are
//! relative to the article's page. A feed reader shows them elsewhere, so every `href` and
//! `src` in the content is made absolute against the entry's URL, and each `<entry>` also
//! carries that URL as its `xml:base` for anything written another way.

use std::borrow::Cow;

use std::fmt::Write as _;

use jiff::civil::Date;

use super::xml_escape;

/// One article in the feed.
#[derive(Debug, Clone)]
pub struct FeedEntry {
    /// Title.
    pub title: String,
    /// Absolute URL (also the entry's id).
    pub url: String,
    /// Publication date.
    pub published: Option<Date>,
    /// Last update, else the publication date.
    pub updated: Option<Date>,
    /// One line.
    pub summary: Option<String>,
    /// The article's HTML, with links relative to `url`.
    pub content: String,
}

/// The feed's metadata.
#[derive(Debug, Clone)]
pub struct FeedInfo<'a> {
    /// Site title.
    pub title: &'a str,
    /// Site description.
    pub subtitle: Option<&'a str>,
    /// Author's name.
    pub author: Option<&'a str>,
    /// Absolute site URL (ending in `/`): the feed id and its `xml:base`.
    pub site_url: &'a str,
    /// Absolute URL of the feed itself.
    pub feed_url: &'a str,
    /// Language code.
    pub language: &'a str,
}

fn stamp(d: Date) -> String {
    format!("{d}T00:00:00Z")
}

/// The feed document. Entries are written in the order given (newest first).
pub fn atom(info: &FeedInfo, entries: &[FeedEntry]) -> String {
    let newest = entries
        .iter()
        .filter_map(|e| e.updated.or(e.published))
        .max()
        .unwrap_or(Date::constant(1970, 1, 1));
    let mut x =
        String::with_capacity(4096 + entries.iter().map(|e| e.content.len() * 2).sum::<usize>());
    x.push_str("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n");
    let _ = writeln!(
        x,
        "<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"{}\" xml:base=\"{}\">",
        xml_escape(info.language),
        xml_escape(info.site_url)
    );
    let _ = writeln!(x, "  <title>{}</title>", xml_escape(info.title));
    if let Some(s) = info.subtitle {
        let _ = writeln!(x, "  <subtitle>{}</subtitle>", xml_escape(s));
    }
    let _ = writeln!(x, "  <id>{}</id>", xml_escape(info.site_url));
    let _ = writeln!(x, "  <updated>{}</updated>", stamp(newest));
    let _ = writeln!(
        x,
        "  <link rel=\"self\" type=\"application/atom+xml\" href=\"{}\"/>",
        xml_escape(info.feed_url)
    );
    let _ = writeln!(
        x,
        "  <link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>",
        xml_escape(info.site_url)
    );
    let _ = writeln!(
        x,
        "  <author><name>{}</name></author>",
        xml_escape(info.author.unwrap_or(info.title))
    );
    x.push_str("  <generator>Taper</generator>\n");
    for e in entries {
        let updated = e.updated.or(e.published).unwrap_or(newest);
        let _ = writeln!(x, "  <entry xml:base=\"{}\">", xml_escape(&e.url));
        let _ = writeln!(x, "    <title>{}</title>", xml_escape(&e.title));
        let _ = writeln!(x, "    <id>{}</id>", xml_escape(&e.url));
        let _ = writeln!(
            x,
            "    <link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>",
            xml_escape(&e.url)
        );
        if let Some(p) = e.published {
            let _ = writeln!(x, "    <published>{}</published>", stamp(p));
        }
        let _ = writeln!(x, "    <updated>{}</updated>", stamp(updated));
        if let Some(s) = &e.summary {
            let _ = writeln!(x, "    <summary>{}</summary>", xml_escape(s));
        }
        let _ = writeln!(
            x,
            "    <content type=\"html\">{}</content>",
            xml_escape(&absolute_links(&e.content, &e.url))
        );
        x.push_str("  </entry>\n");
    }
    x.push_str("</feed>\n");
    x
}

/// `html` with every `href` and `src` attribute value resolved against `base` (an absolute
/// URL). Text, comments and other attributes are copied as they are.
fn absolute_links<'h>(html: &'h str, base: &str) -> Cow<'h, str> {
    if !html.contains("href=") && !html.contains("src=") {
        return Cow::Borrowed(html);
    }
    let mut out = String::with_capacity(html.len() + 256);
    let mut rest = html;
    while let Some(lt) = rest.find('<') {
        out.push_str(&rest[..lt]);
        rest = &rest[lt..];
        let end = if rest.starts_with("<!--") {
            rest.find("-->").map_or(rest.len(), |e| e + 3)
        } else {
            tag_end(rest)
        };
        let tag = &rest[..end];
        if tag.starts_with("<!") || tag.starts_with("</") {
            out.push_str(tag);
        } else {
            rewrite_tag(tag, base, &mut out);
        }
        rest = &rest[end..];
    }
    out.push_str(rest);
    Cow::Owned(out)
}

/// The length of the tag that `s` starts with: up to its `>` outside quotes, or all of `s`.
fn tag_end(s: &str) -> usize {
    let mut quote = None;
    for (i, c) in s.char_indices().skip(1) {
        match (quote, c) {
            (None, '"' | '\'') => quote = Some(c),
            (Some(q), _) if c == q => quote = None,
            (None, '>') => return i + 1,
            _ => {}
        }
    }
    s.len()
}

/// Copies `tag` into `out`, resolving the values of its `href` and `src` attributes.
fn rewrite_tag(tag: &str, base: &str, out: &mut String) {
    let bytes = tag.as_bytes();
    let mut copied = 0;
    let mut i = 1;
    while i < bytes.len() {
        // An attribute name starts after whitespace.
        if !bytes[i - 1].is_ascii_whitespace() || bytes[i].is_ascii_whitespace() {
            i += 1;
            continue;
        }
        let name_end = tag[i..]
            .find(|c: char| c.is_ascii_whitespace() || matches!(c, '=' | '>' | '/'))
            .map_or(tag.len(), |n| i + n);
        let name = &tag[i..name_end];
        let mut j = name_end;
        while j < bytes.len() && bytes[j].is_ascii_whitespace() {
            j += 1;
        }
        if j >= bytes.len() || bytes[j] != b'=' {
            i = name_end.max(i + 1);
            continue;
        }
        j += 1;
        while j < bytes.len() && bytes[j].is_ascii_whitespace() {
            j += 1;
        }
        let (start, end) = match bytes.get(j) {
            Some(&q @ (b'"' | b'\'')) => {
                let close = tag[j + 1..]
                    .find(q as char)
                    .map_or(tag.len(), |e| j + 1 + e);
                (j + 1, close)
            }
            _ => {
                let close = tag[j..]
                    .find(|c: char| c.is_ascii_whitespace() || c == '>')
                    .map_or(tag.len(), |e| j + e);
                (j, close)
            }
        };
        if name.eq_ignore_ascii_case("href") || name.eq_ignore_ascii_case("src") {
            out.push_str(&tag[copied..start]);
            out.push_str(&resolve(base, &tag[start..end]));
            copied = end;
        }
        i = end.max(i + 1);
    }
    out.push_str(&tag[copied..]);
}

/// `reference` resolved against the absolute URL `base` (RFC 3986, section 5.2). A base without
/// a scheme and host (a site built with `base_url: /`) leaves site-relative references alone.
fn resolve<'r>(base: &str, reference: &'r str) -> Cow<'r, str> {
    if reference.is_empty() || has_scheme(reference) {
        return Cow::Borrowed(reference);
    }
    let (scheme, after_scheme) = base.split_once("://").unwrap_or(("", base));
    let authority_end = after_scheme.find('/').unwrap_or(after_scheme.len());
    let origin = &base[..base.len() - after_scheme.len() + authority_end];
    let without_fragment = base.split('#').next().unwrap_or(base);
    let without_query = without_fragment
        .split('?')
        .next()
        .unwrap_or(without_fragment);
    if reference.starts_with('#') {
        return Cow::Owned(format!("{without_fragment}{reference}"));
    }
    if reference.starts_with('?') {
        return Cow::Owned(format!("{without_query}{reference}"));
    }
    if let Some(rest) = reference.strip_prefix("//") {
        return match scheme {
            "" => Cow::Borrowed(reference),
            s => Cow::Owned(format!("{s}://{rest}")),
        };
    }
    if scheme.is_empty() && !base.starts_with('/') {
        return Cow::Borrowed(reference);
    }
    let (path_and_query, fragment) = match reference.find('#') {
        Some(h) => reference.split_at(h),
        None => (reference, ""),
    };
    let (path, query) = match path_and_query.find('?') {
        Some(q) => path_and_query.split_at(q),
        None => (path_and_query, ""),
    };
    let merged = if path.starts_with('/') {
        path.to_string()
    } else {
        let base_path = &without_query[origin.len()..];
        let dir = &base_path[..base_path.rfind('/').map_or(0, |i| i + 1)];
        format!("{}{path}", if dir.is_empty() { "/" } else { dir })
    };
    Cow::Owned(format!(
        "{origin}{}{query}{fragment}",
        remove_dot_segments(&merged)
    ))
}

/// Whether `url` starts with a scheme (`https:`, `mailto:`).
fn has_scheme(url: &str) -> bool {
    match url.find(':') {
        Some(colon) => {
            let scheme = &url[..colon];
            scheme.starts_with(|c: char| c.is_ascii_alphabetic())
                && scheme
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
        }
        None => false,
    }
}

/// `/a/b/../c/./d` → `/a/c/d`.
fn remove_dot_segments(path: &str) -> String {
    let mut kept: Vec<&str> = Vec::new();
    let segments: Vec<&str> = path.split('/').skip(1).collect();
    for (i, segment) in segments.iter().enumerate() {
        let last = i + 1 == segments.len();
        match *segment {
            "." | ".." => {
                if *segment == ".." {
                    kept.pop();
                }
                if last {
                    kept.push("");
                }
            }
            s => kept.push(s),
        }
    }
    format!("/{}", kept.join("/"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn updated_is_the_newest_entry_and_text_is_escaped() {
        let info = FeedInfo {
            title: "Coach & Co",
            subtitle: None,
            author: None,
            site_url: "https://example.org/coach/",
            feed_url: "https://example.org/coach/atom.xml",
            language: "en",
        };
        let entry = |t: &str, d: Date| FeedEntry {
            title: t.into(),
            url: format!("https://example.org/coach/{t}/"),
            published: Some(d),
            updated: None,
            summary: Some("<b>".into()),
            content: "<p>a & b</p>".into(),
        };
        let x = atom(
            &info,
            &[
                entry("b", Date::constant(2026, 10, 1)),
                entry("a", Date::constant(2026, 9, 1)),
            ],
        );
        assert!(x.contains("<updated>2026-10-01T00:00:00Z</updated>\n  <link"));
        assert!(x.contains("<title>Coach &amp; Co</title>"));
        assert!(x.contains("<summary>&lt;b&gt;</summary>"));
        assert!(x.contains("&lt;p&gt;a &amp; b&lt;/p&gt;"));
        assert!(x.contains("<entry xml:base=\"https://example.org/coach/b/\">"));
    }

    #[test]
    fn links_in_content_resolve_against_the_entry() {
        let base = "https://example.org/coach/posts/why-rest/";
        for (reference, expected) in [
            ("#fn-1", "https://example.org/coach/posts/why-rest/#fn-1"),
            (
                "hill.jpg",
                "https://example.org/coach/posts/why-rest/hill.jpg",
            ),
            ("../other/", "https://example.org/coach/posts/other/"),
            (
                "./a/../b?x=1#y",
                "https://example.org/coach/posts/why-rest/b?x=1#y",
            ),
            (
                "?page=2",
                "https://example.org/coach/posts/why-rest/?page=2",
            ),
            ("/coach/plans/", "https://example.org/coach/plans/"),
            ("//cdn.example.org/x.js", "https://cdn.example.org/x.js"),
            ("https://e.org/#x", "https://e.org/#x"),
            ("mailto:coach@example.org", "mailto:coach@example.org"),
            ("", ""),
        ] {
            assert_eq!(resolve(base, reference), expected, "{reference}");
        }
        assert_eq!(resolve("/posts/x/", "#fn-1"), "/posts/x/#fn-1");
        assert_eq!(resolve("/posts/x/", "a.png"), "/posts/x/a.png");
    }

    #[test]
    fn only_href_and_src_attributes_change() {
        let base = "https://example.org/posts/x/";
        let html = "<p>See<sup class=\"footnote-reference\"><a href=\"#fn-1\">1</a></sup> \
                    <img src='a.png' alt=\"href=#no\"> <a data-href=\"#k\" HREF=b/>b</a> \
                    <!-- <a href=\"#c\"> --> href=\"#text\" &lt;a href=&quot;#code&quot;&gt;</p>";
        let out = absolute_links(html, base);
        assert!(
            out.contains("<a href=\"https://example.org/posts/x/#fn-1\">1</a>"),
            "{out}"
        );
        assert!(
            out.contains("<img src='https://example.org/posts/x/a.png' alt=\"href=#no\">"),
            "{out}"
        );
        assert!(
            out.contains("data-href=\"#k\" HREF=https://example.org/posts/x/b/>"),
            "{out}"
        );
        assert!(out.contains("<!-- <a href=\"#c\"> -->"), "{out}");
        assert!(
            out.contains("href=\"#text\" &lt;a href=&quot;#code&quot;&gt;"),
            "{out}"
        );
    }
}
