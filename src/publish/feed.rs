//! The Atom 1.0 feed (`atom.xml`) of the site's articles, newest first.
//!
//! Deterministic: the feed's `updated` is the newest entry's date, never the clock.

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
    /// The article's HTML.
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
    /// Absolute site URL (ending in `/`): the feed id and `xml:base` of relative links.
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
        x.push_str("  <entry>\n");
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
            xml_escape(&e.content)
        );
        x.push_str("  </entry>\n");
    }
    x.push_str("</feed>\n");
    x
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
    }
}
