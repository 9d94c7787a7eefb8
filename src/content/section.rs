//! Sections: every folder under `content/` that holds articles is a section with its own list
//! page, an optional intro from its `_index.md`, its pages in order (`weight`, then newest
//! first), and its place in the tree (for breadcrumbs and navigation).

use std::collections::BTreeMap;

use super::Article;

/// A folder of articles.
#[derive(Debug, Clone)]
pub struct Section {
    /// The URL path (`guide/advanced`), `""` for the root (the home page).
    pub path: String,
    /// From `_index.md`, else the folder name in words.
    pub title: String,
    /// `_index.md`: title, weight, intro text.
    pub intro: Option<Article>,
    /// The articles directly in this folder, by index into the site's articles, in order.
    pub pages: Vec<usize>,
    /// Sub-sections, by index into the section list, in order.
    pub children: Vec<usize>,
    /// The enclosing section (`None` for the root).
    pub parent: Option<usize>,
}

/// The section (folder) path of an article path (`guide/x` → `guide`).
pub fn folder_of(path: &str) -> &str {
    path.rsplit_once('/').map_or("", |(d, _)| d)
}

fn title_of(path: &str) -> String {
    let last = path
        .rsplit('/')
        .next()
        .unwrap_or(path)
        .replace(['-', '_'], " ");
    let mut c = last.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

/// Builds the tree. `intros` are `_index.md` articles whose `path` is their folder's. The root
/// is always `sections[0]`.
pub fn build(articles: &[Article], intros: Vec<Article>) -> Vec<Section> {
    let mut paths: BTreeMap<String, Option<Article>> = BTreeMap::new();
    paths.insert(String::new(), None);
    let add = |p: &str, paths: &mut BTreeMap<String, Option<Article>>| {
        let mut cur = p;
        loop {
            paths.entry(cur.to_string()).or_insert(None);
            if cur.is_empty() {
                break;
            }
            cur = folder_of(cur);
        }
    };
    for a in articles {
        add(folder_of(&a.path), &mut paths);
    }
    for i in intros {
        add(&i.path, &mut paths);
        let key = i.path.clone();
        paths.insert(key, Some(i));
    }
    let mut sections: Vec<Section> = paths
        .into_iter()
        .map(|(path, intro)| Section {
            title: intro
                .as_ref()
                .map(|i| i.title.clone())
                .unwrap_or_else(|| title_of(&path)),
            path,
            intro,
            pages: Vec::new(),
            children: Vec::new(),
            parent: None,
        })
        .collect();
    let index: BTreeMap<String, usize> = sections
        .iter()
        .enumerate()
        .map(|(i, s)| (s.path.clone(), i))
        .collect();
    for (i, a) in articles.iter().enumerate() {
        if let Some(&s) = index.get(folder_of(&a.path)) {
            sections[s].pages.push(i);
        }
    }
    for i in 1..sections.len() {
        let parent = index
            .get(folder_of(&sections[i].path))
            .copied()
            .unwrap_or(0);
        sections[i].parent = Some(parent);
        sections[parent].children.push(i);
    }
    let order = |w: Option<i64>| (w.is_none(), w.unwrap_or(0));
    for s in &mut sections {
        s.pages.sort_by(|&x, &y| {
            let (a, b) = (&articles[x], &articles[y]);
            order(a.weight)
                .cmp(&order(b.weight))
                .then(b.date.cmp(&a.date))
                .then_with(|| a.path.cmp(&b.path))
        });
    }
    let keys: Vec<((bool, i64), String)> = sections
        .iter()
        .map(|s| {
            (
                order(s.intro.as_ref().and_then(|i| i.weight)),
                s.title.clone(),
            )
        })
        .collect();
    for s in &mut sections {
        s.children.sort_by(|&x, &y| keys[x].cmp(&keys[y]));
    }
    sections
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    fn art(path: &str, extra: &str) -> Article {
        super::super::load(
            Path::new("content/x.md"),
            &format!("---\ntitle: {path}\n{extra}---\n"),
            path,
        )
        .unwrap()
    }

    #[test]
    fn tree_order_and_intros() {
        let articles = vec![
            art("guide/b", "weight: 2\n"),
            art("guide/a", "weight: 1\n"),
            art("guide/c", "date: 2026-01-01\n"),
            art("guide/deep/x", ""),
            art("top", ""),
        ];
        let intro = art("guide", "weight: 1\n");
        let s = build(&articles, vec![intro]);
        assert_eq!(s[0].path, "");
        assert_eq!(s[0].pages, vec![4]);
        let guide = s.iter().position(|x| x.path == "guide").unwrap();
        assert_eq!(s[guide].pages, vec![1, 0, 2]);
        assert!(s[guide].intro.is_some());
        let deep = s.iter().position(|x| x.path == "guide/deep").unwrap();
        assert_eq!(s[deep].parent, Some(guide));
        assert_eq!(s[deep].title, "Deep");
        assert_eq!(s[0].children, vec![guide]);
    }
}
