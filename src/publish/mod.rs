//! Derived outputs that are built from the whole site rather than one file: tag pages, the
//! Atom feed, the sitemap, and the pagination of list pages.
//!
//! Everything here is pure: views and dates in, text or page plans out. The build
//! (`crate::site`) decides what to render and where to write it.

pub mod feed;
pub mod sitemap;
pub mod tags;

use serde::Serialize;

/// Escapes text for XML content and attribute values.
pub fn xml_escape(text: &str) -> String {
    crate::escape::escaped(text, crate::escape::xml)
}

/// One page of a paginated list, as templates see it (`paginator`).
#[derive(Debug, Clone, Serialize, PartialEq, Hash)]
pub struct Paginator {
    /// 1-based page number.
    pub number: usize,
    /// How many pages the list has.
    pub total: usize,
    /// Site-relative URL of this page.
    pub url: String,
    /// The previous page, if any.
    pub prev: Option<String>,
    /// The next page, if any.
    pub next: Option<String>,
    /// Index of the first entry of this page in the whole list.
    #[serde(skip)]
    pub first: usize,
    /// Index after the last entry of this page.
    #[serde(skip)]
    pub last: usize,
}

/// Splits `count` entries into pages of `per_page` (all on one page when `None`). `first_url`
/// is the list's URL (`/coach/` or `/coach/tags/rest/`); page n > 1 is at `first_url/page/n/`.
/// Returns the pages with the output path (below the site root) of each.
pub fn paginate(
    count: usize,
    per_page: Option<usize>,
    first_url: &str,
    first_path: &str,
) -> Vec<(String, Paginator)> {
    let per = per_page.unwrap_or(count.max(1)).max(1);
    let total = count.div_ceil(per).max(1);
    let url = |n: usize| {
        if n == 1 {
            first_url.to_string()
        } else {
            format!("{first_url}page/{n}/")
        }
    };
    let path = |n: usize| {
        let dir = if n == 1 {
            first_path.to_string()
        } else if first_path.is_empty() {
            format!("page/{n}")
        } else {
            format!("{first_path}/page/{n}")
        };
        if dir.is_empty() {
            "index.html".to_string()
        } else {
            format!("{dir}/index.html")
        }
    };
    (1..=total)
        .map(|n| {
            (
                path(n),
                Paginator {
                    number: n,
                    total,
                    url: url(n),
                    prev: (n > 1).then(|| url(n - 1)),
                    next: (n < total).then(|| url(n + 1)),
                    first: (n - 1) * per,
                    last: (n * per).min(count),
                },
            )
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pages_and_links() {
        let p = paginate(25, Some(10), "/coach/", "");
        assert_eq!(p.len(), 3);
        assert_eq!(p[0].0, "index.html");
        assert_eq!(p[1].0, "page/2/index.html");
        assert_eq!(p[1].1.prev.as_deref(), Some("/coach/"));
        assert_eq!(p[1].1.next.as_deref(), Some("/coach/page/3/"));
        assert_eq!((p[2].1.first, p[2].1.last), (20, 25));
        let t = paginate(3, None, "/tags/rest/", "tags/rest");
        assert_eq!(t.len(), 1);
        assert_eq!(t[0].0, "tags/rest/index.html");
        assert_eq!(paginate(0, Some(10), "/", "").len(), 1);
    }

    #[test]
    fn xml_escaping() {
        assert_eq!(xml_escape("a<b>&\"'\u{1}"), "a&lt;b&gt;&amp;&quot;&apos;");
    }
}
