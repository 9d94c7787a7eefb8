//! Small typed readers over the YAML tree that turn a wrong value into a positioned
//! [`Diagnostic`]: shared by site.yaml, front matter and plans so every format answers alike.

use std::path::{Path, PathBuf};

use jiff::civil::Date;

use crate::diagnostic::{Diagnostic, suggest};
use crate::yaml::{Key, Node, Pos, Value};

/// Collects the problems found in one file.
#[derive(Debug)]
pub struct Problems {
    file: PathBuf,
    /// Everything found so far, in the order found.
    pub list: Vec<Diagnostic>,
}

impl Problems {
    /// A collector for `file` (a path relative to the site root).
    pub fn new(file: &Path) -> Self {
        Problems {
            file: file.to_path_buf(),
            list: Vec::new(),
        }
    }

    /// The file these problems are about.
    pub fn file(&self) -> &Path {
        &self.file
    }

    /// Records an error at `pos`, returning it so a `help` can be added.
    pub fn error(
        &mut self,
        pos: Pos,
        code: &'static str,
        message: impl Into<String>,
    ) -> &mut Diagnostic {
        self.list.push(Diagnostic::error(
            self.file.clone(),
            pos.line,
            pos.column,
            code,
            message,
        ));
        let last = self.list.len() - 1;
        &mut self.list[last]
    }

    /// Records a warning at `pos`.
    pub fn warning(
        &mut self,
        pos: Pos,
        code: &'static str,
        message: impl Into<String>,
    ) -> &mut Diagnostic {
        self.list.push(Diagnostic::warning(
            self.file.clone(),
            pos.line,
            pos.column,
            code,
            message,
        ));
        let last = self.list.len() - 1;
        &mut self.list[last]
    }

    /// Parses YAML that starts at `line_offset`/`byte_offset` in this file, recording a syntax
    /// error (never above `min_line`) and returning `None` when it does not parse.
    pub fn parse_yaml(
        &mut self,
        text: &str,
        line_offset: usize,
        byte_offset: usize,
        min_line: usize,
    ) -> Option<Node> {
        match crate::yaml::parse(text, line_offset, byte_offset) {
            Ok(n) => Some(n),
            Err(e) => {
                let pos = Pos {
                    line: e.line.max(min_line),
                    column: e.column,
                    ..Pos::default()
                };
                let d = self.error(pos, "yaml", e.message);
                if let Some(h) = e.help {
                    d.help(h);
                }
                None
            }
        }
    }

    /// Whether any error (not warning) was recorded.
    pub fn has_errors(&self) -> bool {
        self.list.iter().any(Diagnostic::is_error)
    }

    /// The diagnostics with their source lines attached.
    pub fn finish(self, source: &str) -> Vec<Diagnostic> {
        self.list
            .into_iter()
            .map(|d| d.with_source(source))
            .collect()
    }
}

/// Adds a help line to the diagnostic just recorded.
pub trait Help {
    /// Sets the `help:` text.
    fn help(&mut self, text: impl Into<String>);
}

impl Help for Diagnostic {
    fn help(&mut self, text: impl Into<String>) {
        self.help = Some(text.into());
    }
}

/// Reports every key of `map` not in `known`, suggesting the closest known key.
pub fn check_keys(map: &[(Key, Node)], known: &[&str], what: &str, problems: &mut Problems) {
    for (key, _) in map {
        if !known.contains(&key.name.as_str()) {
            let d = problems.error(
                key.pos,
                "unknown-key",
                format!("unknown key `{}` in {what}", key.name),
            );
            match suggest(&key.name, known.iter().copied()) {
                Some(s) => d.help(format!(
                    "did you mean `{s}`? known keys: {}",
                    known.join(", ")
                )),
                None => d.help(format!("known keys: {}", known.join(", "))),
            }
        }
    }
}

/// The value of `name` in `map`, if present.
pub fn get<'a>(map: &'a [(Key, Node)], name: &str) -> Option<&'a Node> {
    map.iter().find(|(k, _)| k.name == name).map(|(_, v)| v)
}

/// The node as a map, or an error saying what `what` should be.
pub fn as_map<'a>(
    node: &'a Node,
    what: &str,
    problems: &mut Problems,
) -> Option<&'a [(Key, Node)]> {
    match &node.value {
        Value::Map(m) => Some(m),
        _ => {
            problems.error(
                node.pos,
                "type",
                format!(
                    "{what} must be a map of `key: value` lines, found {}",
                    node.kind()
                ),
            );
            None
        }
    }
}

/// A text value. Numbers are accepted as their text (a title of `2027` is fine).
pub fn text(node: &Node, what: &str, problems: &mut Problems) -> Option<String> {
    match &node.value {
        Value::Str(s) => Some(s.clone()),
        Value::Int(_) | Value::Float(_) => node.scalar_text(),
        Value::Bool(b) => {
            problems
                .error(
                    node.pos,
                    "yaml-boolean",
                    format!("{what} was read as the boolean {b}"),
                )
                .help("YAML reads yes/no/on/off/true/false as booleans: put the text in quotes");
            None
        }
        _ => {
            problems.error(
                node.pos,
                "type",
                format!("{what} must be text, found {}", node.kind()),
            );
            None
        }
    }
}

/// A boolean value.
pub fn boolean(node: &Node, what: &str, problems: &mut Problems) -> Option<bool> {
    match &node.value {
        Value::Bool(b) => Some(*b),
        _ => {
            problems.error(
                node.pos,
                "type",
                format!("{what} must be true or false, found {}", node.kind()),
            );
            None
        }
    }
}

/// A list of texts (a single text is accepted as a one-item list).
pub fn text_list(node: &Node, what: &str, problems: &mut Problems) -> Vec<String> {
    match &node.value {
        Value::Seq(items) => items
            .iter()
            .filter_map(|i| text(i, what, problems))
            .collect(),
        Value::Str(s) => vec![s.clone()],
        Value::Null => Vec::new(),
        _ => {
            problems
                .error(
                    node.pos,
                    "type",
                    format!("{what} must be a list like `[a, b]`, found {}", node.kind()),
                )
                .help("write a list in brackets: `[half-marathon, recovery]`");
            Vec::new()
        }
    }
}

/// A calendar date written `YYYY-MM-DD`.
pub fn date(node: &Node, what: &str, problems: &mut Problems) -> Option<Date> {
    let text = node.scalar_text()?;
    match parse_date(&text) {
        Some(d) => Some(d),
        None => {
            problems
                .error(
                    node.pos,
                    "date",
                    format!("{what} `{text}` is not a valid date"),
                )
                .help("write dates as YYYY-MM-DD, e.g. 2027-04-18");
            None
        }
    }
}

/// Parses a strict `YYYY-MM-DD` date.
pub fn parse_date(text: &str) -> Option<Date> {
    let t = text.trim();
    if t.len() != 10 || t.as_bytes()[4] != b'-' || t.as_bytes()[7] != b'-' {
        return None;
    }
    t.parse::<Date>().ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::yaml::parse;

    #[test]
    fn unknown_keys_get_suggestions() {
        let node = parse("titel: x\n", 0, 0).unwrap();
        let mut p = Problems::new(Path::new("a.yaml"));
        check_keys(
            node.as_map().unwrap(),
            &["title", "date"],
            "front matter",
            &mut p,
        );
        let d = &p.list[0];
        assert_eq!((d.line, d.column), (1, 1));
        assert!(d.message.contains("`titel`"));
        assert!(d.help.as_deref().unwrap().contains("did you mean `title`?"));
    }

    #[test]
    fn dates_are_strict() {
        assert!(parse_date("2027-04-18").is_some());
        assert!(parse_date("2027-02-30").is_none());
        assert!(parse_date("18/04/2027").is_none());
        assert!(parse_date("2027-4-18").is_none());
    }
}
