//! Guides: a section whose `_index.md` sets `layout: guide` is, with everything below it, one
//! guide, read like a book. This module works out, from the sections, each guide's tree (its
//! pages and sub-sections in `weight` order, then by title) and its reading order (depth
//! first: a section's own page, then what is in it, crossing folders). It knows nothing about
//! HTML: the pages are laid out in `build/pages/guide.rs` and `guide_print.rs`.

use super::Article;
use super::section::Section;

/// A page of a guide: an article, or a section's own page (its `_index.md` and list).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Entry {
    /// An article, by index into the site's articles.
    Page(usize),
    /// A section, by index into the site's sections.
    Section(usize),
}

/// An entry of the guide's tree with what is below it (a section's pages and sub-sections).
#[derive(Debug, Clone)]
pub struct Node {
    /// The page.
    pub entry: Entry,
    /// What is in it, in order (empty for an article).
    pub children: Vec<Node>,
}

/// One guide.
#[derive(Debug, Clone)]
pub struct Guide {
    /// Its top section, by index.
    pub section: usize,
    /// What is in the top section, in order.
    pub tree: Vec<Node>,
    /// Every page in reading order, the top section's own page first.
    pub order: Vec<Entry>,
}

/// Every guide of a site, and which guide each article and section belongs to.
#[derive(Debug, Clone, Default)]
pub struct Guides {
    /// The guides, in section order.
    pub list: Vec<Guide>,
    /// By article index: its guide and its position in that guide's reading order.
    pub of_article: Vec<Option<(usize, usize)>>,
    /// By section index: its guide and its position in that guide's reading order.
    pub of_section: Vec<Option<(usize, usize)>>,
}

impl Guides {
    /// The guides of `sections`: each section with `layout: guide` that is not inside another
    /// guide starts one (a nested `layout: guide` is part of the outer guide). The root
    /// section (the home page) is never a guide.
    pub fn build(sections: &[Section], articles: &[Article]) -> Guides {
        let mut out = Guides {
            list: Vec::new(),
            of_article: vec![None; articles.len()],
            of_section: vec![None; sections.len()],
        };
        for (si, s) in sections.iter().enumerate().skip(1) {
            let is_guide = s.intro.as_ref().is_some_and(Article::is_guide);
            if !is_guide || top_guide(sections, si) != Some(si) {
                continue;
            }
            let tree = children(sections, articles, si);
            let mut order = vec![Entry::Section(si)];
            flatten(&tree, &mut order);
            let g = out.list.len();
            for (pos, e) in order.iter().enumerate() {
                match *e {
                    Entry::Page(a) => out.of_article[a] = Some((g, pos)),
                    Entry::Section(s) => out.of_section[s] = Some((g, pos)),
                }
            }
            out.list.push(Guide {
                section: si,
                tree,
                order,
            });
        }
        out
    }

    /// The guide article `ai` is in, with its position in the reading order.
    pub fn article(&self, ai: usize) -> Option<(&Guide, usize)> {
        let (g, pos) = (*self.of_article.get(ai)?)?;
        Some((&self.list[g], pos))
    }

    /// The guide section `si` is in, with its position in the reading order.
    pub fn section(&self, si: usize) -> Option<(&Guide, usize)> {
        let (g, pos) = (*self.of_section.get(si)?)?;
        Some((&self.list[g], pos))
    }
}

/// The outermost section with `layout: guide` that holds section `si` (itself included).
pub fn top_guide(sections: &[Section], mut si: usize) -> Option<usize> {
    let mut found = None;
    while si > 0 {
        if sections[si].intro.as_ref().is_some_and(Article::is_guide) {
            found = Some(si);
        }
        si = sections[si].parent?;
    }
    found
}

/// How entries of a section are ordered: no weight last, the weight, the title, the path.
type OrderKey<'a> = (bool, i64, &'a str, &'a str);

/// What is directly in section `si`: its pages and sub-sections together, by weight (pages
/// and sections without one after), then title.
fn children(sections: &[Section], articles: &[Article], si: usize) -> Vec<Node> {
    let s = &sections[si];
    let mut keyed: Vec<(OrderKey, Node)> = Vec::new();
    for &a in &s.pages {
        let art = &articles[a];
        keyed.push((
            (
                art.weight.is_none(),
                art.weight.unwrap_or(0),
                &art.title,
                &art.path,
            ),
            Node {
                entry: Entry::Page(a),
                children: Vec::new(),
            },
        ));
    }
    for &c in &s.children {
        let sub = &sections[c];
        let w = sub.intro.as_ref().and_then(|i| i.weight);
        keyed.push((
            (w.is_none(), w.unwrap_or(0), &sub.title, &sub.path),
            Node {
                entry: Entry::Section(c),
                children: children(sections, articles, c),
            },
        ));
    }
    keyed.sort_by(|a, b| a.0.cmp(&b.0));
    keyed.into_iter().map(|(_, n)| n).collect()
}

fn flatten(nodes: &[Node], out: &mut Vec<Entry>) {
    for n in nodes {
        out.push(n.entry);
        flatten(&n.children, out);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::section;
    use std::path::Path;

    fn art(file: &str, path: &str, extra: &str) -> Article {
        crate::content::load(
            Path::new(file),
            &format!("---\ntitle: {path}\n{extra}---\n"),
            path,
        )
        .unwrap()
    }

    #[test]
    fn reading_order_is_depth_first_by_weight_then_title() {
        let articles = vec![
            art("content/g/b.md", "g/b", ""),
            art("content/g/a.md", "g/a", ""),
            art("content/g/first.md", "g/first", "weight: 1\n"),
            art("content/g/ch/x.md", "g/ch/x", ""),
            art("content/g/ch/deeper/y.md", "g/ch/deeper/y", ""),
            art("content/blog/p.md", "blog/p", ""),
        ];
        let intros = vec![
            art("content/g/_index.md", "g", "layout: guide\n"),
            art(
                "content/g/ch/_index.md",
                "g/ch",
                "weight: 2\nlayout: guide\n",
            ),
        ];
        let sections = section::build(&articles, intros);
        let guides = Guides::build(&sections, &articles);
        assert_eq!(
            guides.list.len(),
            1,
            "a nested guide is part of the outer one"
        );
        let g = &guides.list[0];
        let names: Vec<&str> = g
            .order
            .iter()
            .map(|e| match *e {
                Entry::Page(a) => articles[a].path.as_str(),
                Entry::Section(s) => sections[s].path.as_str(),
            })
            .collect();
        assert_eq!(
            names,
            // `Deeper` (a folder without `_index.md`: its name) comes before `g/ch/x`.
            [
                "g",
                "g/first",
                "g/ch",
                "g/ch/deeper",
                "g/ch/deeper/y",
                "g/ch/x",
                "g/a",
                "g/b"
            ]
        );
        assert_eq!(guides.article(1).map(|(_, p)| p), Some(6));
        assert!(guides.article(5).is_none(), "the blog is no guide");
        let ch = sections.iter().position(|s| s.path == "g/ch").unwrap();
        assert_eq!(guides.section(ch).map(|(_, p)| p), Some(2));
    }
}
