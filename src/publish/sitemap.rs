//! `sitemap.xml` (sitemaps.org 0.9): every published page with its last change, when known.

use std::fmt::Write as _;

use jiff::civil::Date;

use super::xml_escape;

/// The sitemap of `pages`: (absolute URL, last modification).
pub fn sitemap(pages: &[(String, Option<Date>)]) -> String {
    let mut x = String::with_capacity(pages.len() * 120 + 200);
    x.push_str("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n");
    x.push_str("<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n");
    for (url, lastmod) in pages {
        let _ = write!(x, "  <url><loc>{}</loc>", xml_escape(url));
        if let Some(d) = lastmod {
            let _ = write!(x, "<lastmod>{d}</lastmod>");
        }
        x.push_str("</url>\n");
    }
    x.push_str("</urlset>\n");
    x
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_and_dates() {
        let x = sitemap(&[
            (
                "https://e.org/?a=1&b=2".into(),
                Some(Date::constant(2026, 9, 1)),
            ),
            ("https://e.org/x/".into(), None),
        ]);
        assert!(x.contains(
            "<url><loc>https://e.org/?a=1&amp;b=2</loc><lastmod>2026-09-01</lastmod></url>"
        ));
        assert!(x.contains("<url><loc>https://e.org/x/</loc></url>"));
    }
}
