//! `extra:`: a template's own data in front matter, plans and site.yaml.
//!
//! Every other key of those files is Taper's and is checked (an unknown one is an error with a
//! did-you-mean); under `extra:` anything goes, and templates read it as `page.extra`,
//! `plan.extra` and `site.extra`. Taper itself never reads it. The map keeps where it is
//! written, so a template error about `page.extra.…` can point at the `extra:` that the page's
//! data came from. Not for: Taper's own settings (they stay typed and checked).

use std::path::Path;

use serde::Serialize;
use serde::ser::{SerializeMap, SerializeSeq};

use crate::diagnostic::Diagnostic;
use crate::validate::{self, Problems};
use crate::yaml::{Key, Node, Pos, Value};

/// The key, in every file that takes it.
pub const KEY: &str = "extra";

/// No `extra:`: what a page without a source file (a section without `_index.md`) shows.
pub static EMPTY: std::sync::LazyLock<Extra> = std::sync::LazyLock::new(Extra::default);

/// Adds where the data is written to a template error about `{var}.extra` (the page's, the
/// plan's or the section's, from `file`) or `site.extra` (from site.yaml).
pub fn explain(d: Diagnostic, var: &str, own: &Extra, file: &Path, site: &Extra) -> Diagnostic {
    let d = own.explain(var, file, d);
    site.explain("site", Path::new("site.yaml"), d)
}

/// The `extra:` map of one file, as templates see it, and where it is written.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Extra {
    /// The map's entries as written, in order (templates iterate them in that order).
    pub entries: Vec<(Key, Node)>,
    /// Where `extra:` is written, when it is.
    pub pos: Option<Pos>,
}

impl Serialize for Extra {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(Some(self.entries.len()))?;
        for (k, v) in &self.entries {
            m.serialize_entry(&k.name, &Data(v))?;
        }
        m.end()
    }
}

/// A YAML value serialised as the value templates receive: maps in the order written.
struct Data<'a>(&'a Node);

impl Serialize for Data<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match &self.0.value {
            Value::Null => s.serialize_unit(),
            Value::Bool(b) => s.serialize_bool(*b),
            Value::Int(i) => s.serialize_i64(*i),
            Value::Float(f) => s.serialize_f64(*f),
            Value::Str(t) => s.serialize_str(t),
            Value::Seq(items) => {
                let mut q = s.serialize_seq(Some(items.len()))?;
                for i in items {
                    q.serialize_element(&Data(i))?;
                }
                q.end()
            }
            Value::Map(entries) => {
                let mut m = s.serialize_map(Some(entries.len()))?;
                for (k, v) in entries {
                    m.serialize_entry(&k.name, &Data(v))?;
                }
                m.end()
            }
        }
    }
}

impl Extra {
    /// Adds to the help of a template error that names `{var}.extra` where that data is
    /// written (`content/x.md:4:1`): the template is where Tera stopped, the file is where the
    /// value it tripped over comes from.
    pub fn explain(&self, var: &str, file: &Path, mut d: Diagnostic) -> Diagnostic {
        let name = format!("{var}.extra");
        // Tera names the field it missed, not the whole path: the line it stopped on says.
        let on_line = d.source_line.as_deref().is_some_and(|l| l.contains(&name));
        if !d.message.contains(&name) && !on_line {
            return d;
        }
        let place = match self.pos {
            Some(pos) => format!(
                "`{name}` is the `extra:` map at {}:{}:{}",
                file.display(),
                pos.line,
                pos.column
            ),
            None => format!(
                "`{name}` is empty: {} has no `extra:` map (a template can test `{name}.key is defined`, or use `| default(value=…)`)",
                file.display()
            ),
        };
        d.help = Some(match d.help.take() {
            Some(h) => format!("{h}; {place}"),
            None => place,
        });
        d
    }
}

/// Reads `extra:` from a file's top-level `map`: a map of anything, or nothing.
pub fn read(map: &[(Key, Node)], p: &mut Problems) -> Extra {
    let Some((key, node)) = map.iter().find(|(k, _)| k.name == KEY) else {
        return Extra::default();
    };
    let entries = match &node.value {
        Value::Null => Vec::new(),
        Value::Map(entries) => entries.clone(),
        _ => {
            use validate::Help;
            p.error(
                node.pos,
                "extra",
                format!(
                    "`extra` must be a map of your own keys, found {}",
                    node.kind()
                ),
            )
            .help("write `extra:` and under it, indented, `hero_image: /images/hero.jpg`");
            Vec::new()
        }
    };
    Extra {
        entries,
        pos: Some(key.pos),
    }
}

/// Reports every key of a file's top level that is neither in `known` nor `extra`: the
/// did-you-mean of [`validate::check_keys`], and where the user's own data goes.
pub fn check_keys(map: &[(Key, Node)], known: &[&str], what: &str, p: &mut Problems) {
    let mut with_extra: Vec<&str> = known.to_vec();
    with_extra.push(KEY);
    let before = p.list.len();
    validate::check_keys(map, &with_extra, what, p);
    for d in &mut p.list[before..] {
        let help = d.help.take().unwrap_or_default();
        let key = d.message.split('`').nth(1).unwrap_or_default().to_string();
        d.help = Some(match foreign(&key) {
            Some(hint) => format!("{hint}; or put your own data for templates under `extra:`"),
            None => format!("{help}; or put your own data for templates under `extra:`"),
        });
    }
}

/// What Taper calls a key of Zola's or Hugo's front matter or config that it does not take
/// (`taper import` maps them all; this is for a file moved by hand).
fn foreign(key: &str) -> Option<&'static str> {
    Some(match key {
        "lastmod" => "`lastmod` is Hugo's name for Taper's `updated`",
        "taxonomies" => "Taper's one taxonomy is `tags: [a, b]`",
        "categories" => {
            "Taper's one taxonomy is `tags: [a, b]` (or keep them as `extra: {categories: [...]}`)"
        }
        "template" => {
            "Taper picks the template by kind (article.html, section.html, guide.html); replace the built-in one in templates/"
        }
        "redirect_to" => {
            "Taper writes redirects from the new page: put `aliases: [/old/path/]` in its front matter"
        }
        "sort_by" => "a section lists `weight:` first, then newest first",
        "insert_anchor_links" => "every heading has an id, and the built-in theme links it",
        "url" => {
            "a page's URL is its file's path; `slug:` replaces the last part, `aliases:` keeps old URLs"
        }
        "images" => {
            "images go in the Markdown (`![alt](photo.jpg)`), or under `extra:` for a theme"
        }
        "baseURL" | "baseurl" => "Taper's spelling is `base_url`",
        "languageCode" | "default_language" => "Taper's spelling is `language`",
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::yaml::parse;

    fn extra_of(text: &str) -> (Extra, Vec<Diagnostic>) {
        let root = parse(text, 0, 0).unwrap();
        let mut p = Problems::new(Path::new("site.yaml"));
        let e = read(root.as_map().unwrap(), &mut p);
        (e, p.list)
    }

    #[test]
    fn any_map_in_the_order_written() {
        let (e, d) = extra_of(
            "title: x\nextra:\n  strava_url: https://strava.com/c\n  toc: false\n  count: 3\n  list: [a, 1.5]\n  nested: {k: v}\n",
        );
        assert!(d.is_empty());
        assert_eq!(
            serde_json::to_string(&e).unwrap(),
            r#"{"strava_url":"https://strava.com/c","toc":false,"count":3,"list":["a",1.5],"nested":{"k":"v"}}"#
        );
        assert_eq!(e.pos.map(|p| (p.line, p.column)), Some((2, 1)));
    }

    #[test]
    fn empty_or_missing_is_an_empty_map() {
        assert_eq!(
            serde_json::to_string(&extra_of("extra:\n").0).unwrap(),
            "{}"
        );
        let (e, _) = extra_of("title: x\n");
        assert_eq!(e.pos, None);
        assert_eq!(serde_json::to_string(&e).unwrap(), "{}");
    }

    #[test]
    fn not_a_map_is_an_error_where_it_is() {
        let (_, d) = extra_of("title: x\nextra: [a]\n");
        assert_eq!((d[0].line, d[0].column), (2, 8));
        assert!(d[0].message.contains("must be a map"));
    }

    #[test]
    fn unknown_keys_say_where_own_data_goes() {
        let root = parse("titel: x\nextra: {}\n", 0, 0).unwrap();
        let mut p = Problems::new(Path::new("site.yaml"));
        check_keys(root.as_map().unwrap(), &["title"], "site.yaml", &mut p);
        assert_eq!(p.list.len(), 1, "extra is known");
        let help = p.list[0].help.as_deref().unwrap();
        assert!(help.contains("did you mean `title`?"), "{help}");
        assert!(help.contains("under `extra:`"), "{help}");
    }

    #[test]
    fn template_errors_about_extra_point_at_it() {
        let (e, _) = extra_of("title: x\nextra:\n  a: 1\n");
        let d = Diagnostic::error(
            "templates/article.html",
            3,
            4,
            "template",
            "Variable `page.extra.hero` not found",
        );
        let d = e.explain("page", Path::new("content/a.md"), d);
        assert!(d.help.unwrap().contains("content/a.md:2:1"));
        let other = Diagnostic::error(
            "t.html",
            1,
            1,
            "template",
            "Variable `page.title2` not found",
        );
        assert_eq!(e.explain("page", Path::new("a.md"), other.clone()), other);
    }
}
