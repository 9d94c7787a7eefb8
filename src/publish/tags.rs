//! Tags across articles and plans: one page per tag, with stable URL-safe slugs
//! (`Récupération` → `recuperation`), so tag URLs do not change when a tag's accents do.

use std::collections::BTreeMap;

use jiff::civil::Date;

use crate::content::markdown::slugify;

/// What a tag points at.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Tagged {
    /// An article, by index in the site's article list.
    Article(usize),
    /// A plan, by index in the site's plan list.
    Plan(usize),
}

/// A tag with everything tagged with it, newest first.
#[derive(Debug, Clone, Hash)]
pub struct Tag {
    /// The name as first written (by the newest entry).
    pub name: String,
    /// URL segment.
    pub slug: String,
    /// Entries, newest first (undated last, then by title).
    pub items: Vec<Tagged>,
}

/// One entry to index: what, its date, its title, its tags.
pub struct Entry<'a> {
    /// What it is.
    pub what: Tagged,
    /// Its date, for the order.
    pub date: Option<Date>,
    /// Its title, for a stable order among equal dates.
    pub title: &'a str,
    /// Its tags as written.
    pub tags: &'a [String],
}

/// Groups entries by tag slug. Tags that slugify to nothing (`!!!`) are returned apart so
/// the build can report them.
pub fn collect(entries: &[Entry]) -> (Vec<Tag>, Vec<(Tagged, String)>) {
    let mut order: Vec<&Entry> = entries.iter().collect();
    order.sort_by(|a, b| {
        b.date
            .is_some()
            .cmp(&a.date.is_some())
            .then(b.date.cmp(&a.date))
            .then_with(|| a.title.cmp(b.title))
            .then(a.what.cmp(&b.what))
    });
    let mut by_slug: BTreeMap<String, Tag> = BTreeMap::new();
    let mut bad = Vec::new();
    // A site spells few tags, many times over: each name is slugified once.
    let mut slugs: std::collections::HashMap<&str, String> = std::collections::HashMap::new();
    for e in order {
        for name in e.tags {
            let slug = slugs
                .entry(name.as_str())
                .or_insert_with(|| slugify(name))
                .clone();
            if slug.is_empty() {
                bad.push((e.what, name.clone()));
                continue;
            }
            let tag = by_slug.entry(slug.clone()).or_insert_with(|| Tag {
                name: name.clone(),
                slug,
                items: Vec::new(),
            });
            // An entry's names come one after the other: two spellings of one tag on the
            // same entry (`Rest`, `rest`) are the only repeat, and it is the last item.
            if tag.items.last() != Some(&e.what) {
                tag.items.push(e.what);
            }
        }
    }
    (by_slug.into_values().collect(), bad)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_merge_spellings_and_order_is_newest_first() {
        let t1 = vec!["Récupération".to_string(), "Rest".to_string()];
        let t2 = vec!["recuperation".to_string()];
        let t3 = vec!["Rest".to_string(), "!!!".to_string()];
        let entries = [
            Entry {
                what: Tagged::Article(0),
                date: Some(Date::constant(2026, 1, 1)),
                title: "Old",
                tags: &t1,
            },
            Entry {
                what: Tagged::Plan(0),
                date: Some(Date::constant(2027, 1, 1)),
                title: "Plan",
                tags: &t2,
            },
            Entry {
                what: Tagged::Article(1),
                date: None,
                title: "Undated",
                tags: &t3,
            },
        ];
        let (tags, bad) = collect(&entries);
        assert_eq!(tags.len(), 2);
        assert_eq!(tags[0].slug, "recuperation");
        assert_eq!(
            tags[0].name, "recuperation",
            "named as the newest entry writes it"
        );
        assert_eq!(tags[0].items, vec![Tagged::Plan(0), Tagged::Article(0)]);
        assert_eq!(tags[1].slug, "rest");
        assert_eq!(tags[1].items, vec![Tagged::Article(0), Tagged::Article(1)]);
        assert_eq!(bad, vec![(Tagged::Article(1), "!!!".to_string())]);
    }
}
