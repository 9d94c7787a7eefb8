//! The only module that knows which YAML crate Taper uses.
//!
//! Everything a user writes in YAML (site.yaml, front matter, plans) is parsed here into a small
//! tree of [`Node`]s in which every value remembers its line, column and byte range. Validation
//! lives with the owners of each format (config, content, plan), which walk this tree and can
//! therefore point at the exact value that is wrong, report several problems in one pass, and
//! suggest the closest known key.
//!
//! The crate is serde-saphyr: pure Rust, maintained, rejects duplicate keys, enforces budgets
//! against alias bombs and deep nesting, and gives `Spanned<T>` positions for every value
//! (serde_yaml is archived and cannot say where a value came from).

use std::fmt;

use serde::Deserialize;
use serde::de::{Deserializer, MapAccess, SeqAccess, Visitor};
use serde_saphyr::budget::BudgetBreach;
use serde_saphyr::{Location, Spanned, Tagged};

/// Where a value starts in its source: 1-based line and column, and its byte range.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Pos {
    /// 1-based line.
    pub line: usize,
    /// 1-based column, in characters.
    pub column: usize,
    /// Byte offset of the value's first character in the parsed text.
    pub offset: usize,
    /// Length of the value's source text in bytes (0 for collections).
    pub len: usize,
}

impl Pos {
    fn from_location(loc: &Location) -> Pos {
        let span = loc.span();
        Pos {
            line: usize::try_from(loc.line()).unwrap_or(0),
            column: usize::try_from(loc.column()).unwrap_or(0),
            offset: span
                .byte_offset()
                .and_then(|o| usize::try_from(o).ok())
                .unwrap_or(0),
            len: span
                .byte_len()
                .and_then(|o| usize::try_from(o).ok())
                .unwrap_or(0),
        }
    }

    /// The same position moved down by `lines` (for YAML embedded in a larger file).
    pub fn shifted(self, lines: usize, bytes: usize) -> Pos {
        Pos {
            line: self.line + lines,
            offset: self.offset + bytes,
            ..self
        }
    }
}

/// A parsed YAML value.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    /// `~`, `null` or nothing.
    Null,
    /// `true`/`false` (and YAML 1.1's `yes`, `no`, `on`, `off`, which we flag where they trap).
    Bool(bool),
    /// An integer.
    Int(i64),
    /// A floating-point number.
    Float(f64),
    /// Any string, quoted or plain.
    Str(String),
    /// A sequence.
    Seq(Vec<Node>),
    /// A mapping, in source order.
    Map(Vec<(Key, Node)>),
}

/// A mapping key with its position.
#[derive(Debug, Clone, PartialEq)]
pub struct Key {
    /// The key as text (`1` for an integer key).
    pub name: String,
    /// Where it is.
    pub pos: Pos,
}

/// A value with its position.
#[derive(Debug, Clone, PartialEq)]
pub struct Node {
    /// The value.
    pub value: Value,
    /// Where it is.
    pub pos: Pos,
}

impl Node {
    /// A short name for the kind of value, for "expected X, found Y" messages.
    pub fn kind(&self) -> &'static str {
        match self.value {
            Value::Null => "nothing",
            Value::Bool(_) => "a boolean",
            Value::Int(_) => "a whole number",
            Value::Float(_) => "a number",
            Value::Str(_) => "text",
            Value::Seq(_) => "a list",
            Value::Map(_) => "a map",
        }
    }

    /// The string, if this is one.
    pub fn as_str(&self) -> Option<&str> {
        match &self.value {
            Value::Str(s) => Some(s),
            _ => None,
        }
    }

    /// The entries, if this is a mapping.
    pub fn as_map(&self) -> Option<&[(Key, Node)]> {
        match &self.value {
            Value::Map(m) => Some(m),
            _ => None,
        }
    }

    /// The items, if this is a sequence.
    pub fn as_seq(&self) -> Option<&[Node]> {
        match &self.value {
            Value::Seq(s) => Some(s),
            _ => None,
        }
    }

    /// A scalar as text, the way the user wrote it (numbers and booleans too).
    pub fn scalar_text(&self) -> Option<String> {
        match &self.value {
            Value::Str(s) => Some(s.clone()),
            Value::Int(i) => Some(i.to_string()),
            Value::Float(f) => Some(f.to_string()),
            Value::Bool(b) => Some(b.to_string()),
            _ => None,
        }
    }

    /// The source text of a scalar (with its quotes, if any).
    pub fn raw<'a>(&self, source: &'a str) -> Option<&'a str> {
        source.get(self.pos.offset..self.pos.offset + self.pos.len)
    }

    /// Whether a scalar was written in quotes in `source`.
    pub fn is_quoted(&self, source: &str) -> bool {
        matches!(
            source.as_bytes().get(self.pos.offset),
            Some(b'"') | Some(b'\'')
        )
    }

    fn shift(&mut self, lines: usize, bytes: usize) {
        self.pos = self.pos.shifted(lines, bytes);
        match &mut self.value {
            Value::Seq(items) => items.iter_mut().for_each(|n| n.shift(lines, bytes)),
            Value::Map(entries) => entries.iter_mut().for_each(|(k, n)| {
                k.pos = k.pos.shifted(lines, bytes);
                n.shift(lines, bytes);
            }),
            _ => {}
        }
    }
}

/// A YAML syntax problem, already positioned.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub struct SyntaxError {
    /// 1-based line (0 when unknown).
    pub line: usize,
    /// 1-based column (0 when unknown).
    pub column: usize,
    /// What is wrong, in the user's terms.
    pub message: String,
    /// How to fix it, when we can tell.
    pub help: Option<String>,
}

/// How deeply YAML collections may nest. A plan needs about 14 levels.
pub const MAX_DEPTH: usize = 40;

/// How many values (keys, list items, scalars) one YAML file may hold: the crate's default
/// budget, named here so errors can say it. A 520-week plan of one-word days holds about 9 000.
pub const MAX_VALUES: usize = 250_000;

/// Parses one YAML document. `line_offset`/`byte_offset` say where `text` starts in its file
/// (front matter starts on line 2), so every position is a position in the user's file.
pub fn parse(text: &str, line_offset: usize, byte_offset: usize) -> Result<Node, SyntaxError> {
    // The crate's budgets guard against alias bombs and huge node counts; nesting is kept
    // shallower than its defaults so deeply nested input fails long before the stack does.
    let mut budget = serde_saphyr::Budget::default();
    budget.max_depth = MAX_DEPTH;
    budget.flow_nesting_limit = MAX_DEPTH;
    budget.max_nodes = MAX_VALUES;
    let options = serde_saphyr::options! {
        budget: Some(budget),
        duplicate_keys: serde_saphyr::DuplicateKeyPolicy::Error,
    };
    match serde_saphyr::from_str_with_options::<RawNode>(text, options) {
        Ok(spanned) => {
            let mut tags = Vec::new();
            let mut node = into_node(spanned, &mut tags);
            node.shift(line_offset, byte_offset);
            match tags.first() {
                Some((pos, tag)) => Err(tag_error(
                    tag_start(text, *pos).shifted(line_offset, byte_offset),
                    tag,
                )),
                None => Ok(node),
            }
        }
        Err(err) => Err(syntax_error(&err, text, line_offset)),
    }
}

/// Where the tag of the value at `pos` is written: the last `!` starting a word before the
/// value on its line (the value's own position when the tag is on an earlier line).
fn tag_start(text: &str, pos: Pos) -> Pos {
    let Some(before) = text.get(..pos.offset) else {
        return pos;
    };
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let line = &before[line_start..];
    let starts_word = |i: usize| {
        line[..i]
            .chars()
            .next_back()
            .is_none_or(|c| c.is_whitespace() || matches!(c, '-' | ':' | '[' | '{' | ','))
    };
    match line
        .match_indices('!')
        .map(|(i, _)| i)
        .rfind(|&i| starts_word(i))
    {
        Some(i) => Pos {
            column: line[..i].chars().count() + 1,
            offset: line_start + i,
            ..pos
        },
        None => pos,
    }
}

/// `!!binary ZWFzeSA1a20=` reads as the decoded text and `!custom easy 5km` as if untagged:
/// a tag changes what a value means without it showing, so none is accepted.
fn tag_error(pos: Pos, tag: &str) -> SyntaxError {
    let shown = match tag.strip_prefix("tag:yaml.org,2002:") {
        Some(core) => format!("!!{core}"),
        None => tag.to_string(),
    };
    SyntaxError {
        line: pos.line,
        column: pos.column,
        message: format!(
            "a YAML tag `{shown}`: Taper reads plain values only, and a tag would change what this one means"
        ),
        help: Some(format!(
            "remove `{shown}` and write the value itself (in quotes if it should be text)"
        )),
    }
}

fn syntax_error(err: &serde_saphyr::Error, text: &str, line_offset: usize) -> SyntaxError {
    let (line, column) = err
        .location()
        .map(|l| {
            (
                usize::try_from(l.line()).unwrap_or(0),
                usize::try_from(l.column()).unwrap_or(0),
            )
        })
        .unwrap_or((0, 0));
    let rendered = err.render_with_options(serde_saphyr::render_options! {
        snippets: serde_saphyr::SnippetMode::Off,
    });
    // The crate appends " at line N, column M" (and alias notes); we print positions ourselves.
    let mut message = rendered
        .split(" at line ")
        .next()
        .unwrap_or(&rendered)
        .trim()
        .to_string();
    let mut help = None;
    if let Some(breach) = budget_breach(err) {
        let (m, h) = over_budget(breach, has_alias(text));
        message = m;
        help = Some(h);
    } else if let Some(key) = message.strip_prefix("duplicate mapping key: ") {
        let key = key.split(',').next().unwrap_or(key).trim().to_string();
        message = format!("`{key}` appears twice in the same map");
        help = Some(format!(
            "each key may appear once: remove or rename one of the `{key}:` lines"
        ));
    } else if message.contains("illegal placement of ':'") {
        message = "a `:` where YAML did not expect one".to_string();
        help = Some("is a `[` or `{` on an earlier line left unclosed? Inside `[…]` or `{…}`, text with `:` must be quoted".into());
    } else if message.contains("tabs disallowed") || message.contains("found a tab") {
        message = "a tab is used for indentation; YAML allows only spaces".to_string();
        help = Some("replace the tab with spaces (two per level is usual)".to_string());
        // Point at the tab itself: the crate may report the scalar the tab interrupted.
        if let Some((i, l)) =
            text.lines()
                .enumerate()
                .skip(line.saturating_sub(1))
                .find(|(_, l)| {
                    l.starts_with([' ', '\t']) && l.trim_start_matches(' ').starts_with('\t')
                })
        {
            return SyntaxError {
                line: i + 1 + line_offset,
                column: l.find('\t').map_or(1, |c| c + 1),
                message,
                help,
            };
        }
    } else if message.contains("recursion limit")
        || message.contains("nesting")
        || message.contains("depth")
    {
        message = format!("the YAML is nested too deeply (Taper allows {MAX_DEPTH} levels)");
        help = Some("check for unclosed `[` or `{`, or flatten the structure".into());
    }
    let line = if line == 0 && !text.is_empty() {
        0
    } else {
        line + line_offset
    };
    SyntaxError {
        line,
        column,
        message,
        help,
    }
}

/// The budget limit that stopped the parser, if one did.
fn budget_breach(mut err: &serde_saphyr::Error) -> Option<&BudgetBreach> {
    loop {
        match err {
            serde_saphyr::Error::WithSnippet { error, .. }
            | serde_saphyr::Error::AliasError { error, .. } => err = error,
            serde_saphyr::Error::Budget { breach, .. } => return Some(breach),
            _ => return None,
        }
    }
}

/// Whether `text` seems to use a YAML alias (`*name` where a value starts): only the wording of
/// a size error depends on it.
fn has_alias(text: &str) -> bool {
    let bytes = text.as_bytes();
    bytes.windows(2).enumerate().any(|(i, w)| {
        w[0] == b'*'
            && (w[1].is_ascii_alphanumeric() || w[1] == b'_')
            && (i == 0
                || matches!(
                    bytes[i - 1],
                    b' ' | b'\t' | b'\n' | b'[' | b',' | b':' | b'-'
                ))
    })
}

/// What to tell the user about a budget limit: the limit by name, and what to do.
fn over_budget(breach: &BudgetBreach, aliases: bool) -> (String, String) {
    let split = format!(
        "split the file into several (a plan has at most {} weeks, a few thousand values)",
        crate::plan::load::MAX_WEEKS
    );
    let expand = "write the values out instead of expanding aliases, or split the file";
    match breach {
        BudgetBreach::Depth { .. } => (
            format!("the YAML is nested too deeply (Taper allows {MAX_DEPTH} levels)"),
            "check for unclosed `[` or `{`, or flatten the structure".into(),
        ),
        BudgetBreach::Nodes { .. } | BudgetBreach::Events { .. } if aliases => (
            format!(
                "the file holds more than {MAX_VALUES} YAML values once its aliases (`*a`) are \
                 expanded, the most Taper reads from one file"
            ),
            expand.into(),
        ),
        BudgetBreach::Nodes { .. } | BudgetBreach::Events { .. } => (
            format!(
                "the file holds more than {MAX_VALUES} YAML values (keys, list items and \
                 scalars), the most Taper reads from one file"
            ),
            split,
        ),
        BudgetBreach::ScalarBytes { .. } | BudgetBreach::InputBytes { .. } => (
            "the YAML text is larger than Taper reads from one file".into(),
            split,
        ),
        BudgetBreach::Documents { .. } => (
            "the file holds too many YAML documents (`---` separators)".into(),
            "a site.yaml or plan is one YAML document: remove the extra `---` lines".into(),
        ),
        BudgetBreach::Aliases { .. }
        | BudgetBreach::Anchors { .. }
        | BudgetBreach::AliasAnchorRatio { .. }
        | BudgetBreach::RecordedAnchorEvents { .. }
        | BudgetBreach::RecordedAnchorBytes { .. }
        | BudgetBreach::MergeKeys { .. } => (
            "anchors and aliases (`&a`, `*a`, `<<`) expand beyond Taper's limits".into(),
            expand.into(),
        ),
        other => (
            format!("the YAML is beyond one of Taper's limits ({other:?})"),
            split,
        ),
    }
}

/// A value read with its position and, if one was written, its tag.
type RawNode = Spanned<Tagged<Raw>>;

/// The serde shape we read YAML into before attaching positions.
enum Raw {
    Null,
    Bool(bool),
    Int(i64),
    Float(f64),
    Str(String),
    Seq(Vec<RawNode>),
    Map(Vec<(RawNode, RawNode)>),
}

/// The node, with the position and name of every tag in it pushed onto `tags`.
fn into_node(s: RawNode, tags: &mut Vec<(Pos, String)>) -> Node {
    let pos = Pos::from_location(&s.referenced);
    let Tagged(raw, tag) = s.value;
    if let Some(tag) = tag {
        tags.push((pos, tag));
    }
    let value = match raw {
        Raw::Null => Value::Null,
        Raw::Bool(b) => Value::Bool(b),
        Raw::Int(i) => Value::Int(i),
        Raw::Float(f) => Value::Float(f),
        Raw::Str(s) => Value::Str(s),
        Raw::Seq(items) => Value::Seq(items.into_iter().map(|i| into_node(i, tags)).collect()),
        Raw::Map(entries) => Value::Map(
            entries
                .into_iter()
                .map(|(k, v)| {
                    let key = into_node(k, tags);
                    let name = key.scalar_text().unwrap_or_else(|| match key.value {
                        Value::Null => "null".to_string(),
                        _ => "(a collection)".to_string(),
                    });
                    (Key { name, pos: key.pos }, into_node(v, tags))
                })
                .collect(),
        ),
    };
    Node { value, pos }
}

impl<'de> Deserialize<'de> for Raw {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(RawVisitor)
    }
}

struct RawVisitor;

impl<'de> Visitor<'de> for RawVisitor {
    type Value = Raw;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("any YAML value")
    }
    fn visit_unit<E>(self) -> Result<Raw, E> {
        Ok(Raw::Null)
    }
    fn visit_none<E>(self) -> Result<Raw, E> {
        Ok(Raw::Null)
    }
    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Raw, D::Error> {
        Raw::deserialize(d)
    }
    fn visit_bool<E>(self, b: bool) -> Result<Raw, E> {
        Ok(Raw::Bool(b))
    }
    fn visit_i64<E>(self, i: i64) -> Result<Raw, E> {
        Ok(Raw::Int(i))
    }
    fn visit_u64<E>(self, u: u64) -> Result<Raw, E> {
        Ok(i64::try_from(u).map_or(Raw::Float(u as f64), Raw::Int))
    }
    fn visit_i128<E>(self, i: i128) -> Result<Raw, E> {
        Ok(i64::try_from(i).map_or(Raw::Float(i as f64), Raw::Int))
    }
    fn visit_u128<E>(self, u: u128) -> Result<Raw, E> {
        Ok(i64::try_from(u).map_or(Raw::Float(u as f64), Raw::Int))
    }
    fn visit_f64<E>(self, f: f64) -> Result<Raw, E> {
        Ok(Raw::Float(f))
    }
    fn visit_str<E>(self, s: &str) -> Result<Raw, E> {
        Ok(Raw::Str(s.to_string()))
    }
    fn visit_string<E>(self, s: String) -> Result<Raw, E> {
        Ok(Raw::Str(s))
    }
    fn visit_bytes<E>(self, b: &[u8]) -> Result<Raw, E> {
        Ok(Raw::Str(String::from_utf8_lossy(b).into_owned()))
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Raw, A::Error> {
        let mut items = Vec::new();
        while let Some(item) = seq.next_element::<RawNode>()? {
            items.push(item);
        }
        Ok(Raw::Seq(items))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Raw, A::Error> {
        let mut entries = Vec::new();
        while let Some(key) = map.next_key::<RawNode>()? {
            let value = map.next_value::<RawNode>()?;
            entries.push((key, value));
        }
        Ok(Raw::Map(entries))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_every_value() {
        let node = parse("title: Half\nweeks:\n  - days:\n      mon: rest\n", 0, 0).unwrap();
        let map = node.as_map().unwrap();
        assert_eq!(map[0].0.name, "title");
        assert_eq!((map[0].1.pos.line, map[0].1.pos.column), (1, 8));
        let weeks = map[1].1.as_seq().unwrap();
        let days = weeks[0].as_map().unwrap()[0].1.as_map().unwrap();
        assert_eq!(days[0].1.as_str(), Some("rest"));
        assert_eq!((days[0].1.pos.line, days[0].1.pos.column), (4, 12));
    }

    #[test]
    fn offsets_shift_into_the_file() {
        let node = parse("title: x\n", 1, 4).unwrap();
        let v = &node.as_map().unwrap()[0].1;
        assert_eq!(v.pos.line, 2);
        assert_eq!(v.pos.offset, 11);
    }

    #[test]
    fn duplicate_keys_are_errors_with_position() {
        let err = parse("a: 1\na: 2\n", 0, 0).unwrap_err();
        assert_eq!((err.line, err.column), (2, 1));
        assert!(err.message.contains("`a` appears twice"), "{}", err.message);
    }

    #[test]
    fn tabs_are_explained() {
        let err = parse("weeks:\n  - days:\n\tmon: rest\n", 0, 0).unwrap_err();
        assert_eq!(err.line, 3);
        assert!(err.message.contains("tab"));
    }

    #[test]
    fn alias_bombs_are_refused() {
        let mut src = String::from("a: &a [x,x,x,x,x,x,x,x,x]\n");
        for (prev, name) in ["a", "b", "c", "d", "e", "f", "g", "h"]
            .iter()
            .zip(["b", "c", "d", "e", "f", "g", "h", "i"])
        {
            src.push_str(&format!(
                "{name}: &{name} [{}]\n",
                vec![format!("*{prev}"); 9].join(",")
            ));
        }
        let err = parse(&src, 0, 0).unwrap_err();
        assert!(err.message.contains("aliases"), "{}", err.message);
    }

    #[test]
    fn too_many_values_name_the_limit() {
        let week =
            "{days: {mon: rest, tue: easy, wed: rest, thu: easy, fri: rest, sat: long, sun: rest}}";
        let src = format!("weeks: [{}]\n", vec![week; 20_000].join(", "));
        let err = parse(&src, 0, 0).unwrap_err();
        assert!(
            err.message.contains("250000 YAML values"),
            "{}",
            err.message
        );
        assert!(!err.message.contains("alias"), "{}", err.message);
        assert!(err.help.unwrap().contains("520 weeks"));
        assert_eq!(err.line, 1);
    }

    #[test]
    fn deep_nesting_is_refused() {
        let src = "[".repeat(10_000);
        let err = parse(&src, 0, 0).unwrap_err();
        assert!(err.message.contains("nested"), "{}", err.message);
        let block: String = (0..200)
            .map(|i| format!("{}- \n", "  ".repeat(i)))
            .collect();
        assert!(parse(&block, 0, 0).is_err());
        let ok: String = (0..20).map(|i| format!("{}- \n", "  ".repeat(i))).collect();
        assert!(parse(&ok, 0, 0).is_ok());
    }

    #[test]
    fn yaml_11_booleans_are_visible() {
        let node = parse("mon: off\n", 0, 0).unwrap();
        assert_eq!(node.as_map().unwrap()[0].1.value, Value::Bool(false));
    }

    #[test]
    fn tags_are_refused_where_they_are() {
        let err = parse("title: x\nmon: !!binary ZWFzeSA1a20=\n", 0, 0).unwrap_err();
        assert_eq!((err.line, err.column), (2, 6), "{err:?}");
        assert!(
            err.message.contains("a YAML tag `!!binary`"),
            "{}",
            err.message
        );
        let err = parse("weeks:\n  - days:\n      mon: !custom easy 5km\n", 1, 4).unwrap_err();
        assert_eq!((err.line, err.column), (4, 12), "{err:?}");
        assert!(err.message.contains("`!custom`"), "{}", err.message);
        let err = parse("!!str key: v\n", 0, 0).unwrap_err();
        assert!(err.message.contains("`!!str`"), "{}", err.message);
        let err = parse("a: !seq [1]\n", 0, 0).unwrap_err();
        assert!(err.message.contains("`!seq`"), "{}", err.message);
        // `!` in quoted or plain text is not a tag.
        assert!(parse("a: 'x !y'\nb: Go!\n", 0, 0).is_ok());
    }

    #[test]
    fn quoted_scalars_are_known() {
        let src = "a: \"x\"\nb: y\n";
        let node = parse(src, 0, 0).unwrap();
        let m = node.as_map().unwrap();
        assert!(m[0].1.is_quoted(src));
        assert!(!m[1].1.is_quoted(src));
    }
}
