//! Front matter of the generators Taper imports from: TOML between `+++` lines, YAML between
//! `---` lines, or (Hugo) a JSON object at the top of the file; read into one JSON tree, and
//! Taper's YAML front matter written back out. Not for: which key means what (zola.rs and
//! hugo.rs say that).

use serde_json::{Map, Value};

/// The front matter of one file, read.
#[derive(Debug)]
pub struct Front<'a> {
    /// Its keys and values (`null`-free: TOML has no null, YAML nulls are dropped).
    pub map: Map<String, Value>,
    /// The front matter's own text, for finding where a key is written.
    pub text: &'a str,
    /// Byte offset of `text` in the file.
    pub offset: usize,
    /// Byte offset of the body in the file.
    pub body_offset: usize,
    /// `toml`, `yaml` or `json`, for the report.
    pub format: &'static str,
}

/// Why a file's front matter could not be read: at byte `offset`, what.
#[derive(Debug)]
pub struct FrontError {
    /// Byte offset in the file.
    pub offset: usize,
    /// What is wrong.
    pub message: String,
}

impl Front<'_> {
    /// The byte offset in the file where top-level key `key` is written (the file's start when
    /// it cannot be told).
    pub fn key_offset(&self, key: &str) -> usize {
        key_offset(self.text, key).map_or(0, |o| self.offset + o)
    }
}

/// Where key `key` (`key = …`, `key: …`, `"key": …`) or table `[key]` / `[key.…]` /
/// `[[key.…]]` is first written in `text`.
pub fn key_offset(text: &str, key: &str) -> Option<usize> {
    let mut at = 0;
    for line in text.split_inclusive('\n') {
        let t = line.trim_start();
        let indent = line.len() - t.len();
        let rest = t
            .strip_prefix(key)
            .or_else(|| t.strip_prefix(&format!("\"{key}\"")));
        if let Some(rest) = rest
            && matches!(rest.trim_start().chars().next(), Some('=' | ':'))
        {
            return Some(at + indent);
        }
        let table = t.trim_start_matches('[');
        if t.starts_with('[')
            && let Some(rest) = table.strip_prefix(key)
            && matches!(rest.chars().next(), Some(']' | '.'))
        {
            return Some(at + indent);
        }
        at += line.len();
    }
    None
}

/// Splits and reads the front matter of `source`. A file with none gives an empty map.
pub fn read(source: &str) -> Result<Front<'_>, FrontError> {
    let bom = if source.starts_with('\u{feff}') { 3 } else { 0 };
    let text = &source[bom..];
    let first = text.lines().next().unwrap_or("").trim_end();
    let fenced = |fence: &str, format: &'static str| -> Result<Front<'_>, FrontError> {
        let start = bom + text.find('\n').map_or(text.len(), |i| i + 1);
        let mut at = start;
        while at < source.len() {
            let end = source[at..].find('\n').map_or(source.len(), |i| at + i);
            if source[at..end].trim_end() == fence {
                let body_offset = (end + 1).min(source.len());
                return Ok(Front {
                    map: Map::new(),
                    text: &source[start..at],
                    offset: start,
                    body_offset,
                    format,
                });
            }
            at = end + 1;
        }
        Err(FrontError {
            offset: bom,
            message: format!("the front matter starts with `{fence}` but is never closed"),
        })
    };
    let mut front = match first {
        "+++" => fenced("+++", "toml")?,
        "---" => fenced("---", "yaml")?,
        // A body may start with a shortcode (`{{ x() }}`, `{{< x >}}`): that is no JSON.
        _ if text.starts_with('{') && !text.starts_with("{{") => {
            let mut it = serde_json::Deserializer::from_str(text).into_iter::<Value>();
            let value = match it.next() {
                Some(Ok(v)) => v,
                Some(Err(e)) => {
                    return Err(FrontError {
                        offset: offset_of(text, e.line(), e.column()) + bom,
                        message: format!("the JSON front matter does not parse: {e}"),
                    });
                }
                None => Value::Null,
            };
            let end = bom + it.byte_offset();
            let body_offset = source[end..]
                .find('\n')
                .map_or(source.len(), |i| end + i + 1);
            let map = match value {
                Value::Object(m) => m,
                _ => Map::new(),
            };
            return Ok(Front {
                map: without_nulls(map),
                text: &source[bom..end],
                offset: bom,
                body_offset,
                format: "json",
            });
        }
        _ => {
            return Ok(Front {
                map: Map::new(),
                text: "",
                offset: 0,
                body_offset: bom,
                format: "none",
            });
        }
    };
    front.map = match front.format {
        "toml" => toml_map(front.text).map_err(|(at, message)| FrontError {
            offset: front.offset + at,
            message,
        })?,
        _ => yaml_map(front.text).map_err(|message| FrontError {
            offset: front.offset,
            message,
        })?,
    };
    Ok(front)
}

/// A TOML document as a JSON map: dates and times become their text.
pub fn toml_map(text: &str) -> Result<Map<String, Value>, (usize, String)> {
    let table: toml::Table = toml::from_str(text).map_err(|e| {
        (
            e.span().map_or(0, |s| s.start),
            format!("the TOML does not parse: {}", e.message()),
        )
    })?;
    Ok(table.into_iter().map(|(k, v)| (k, toml_value(v))).collect())
}

fn toml_value(v: toml::Value) -> Value {
    match v {
        toml::Value::String(s) => Value::String(s),
        toml::Value::Integer(i) => Value::from(i),
        toml::Value::Float(f) => serde_json::Number::from_f64(f).map_or(Value::Null, Value::Number),
        toml::Value::Boolean(b) => Value::Bool(b),
        toml::Value::Datetime(d) => Value::String(d.to_string()),
        toml::Value::Array(a) => Value::Array(a.into_iter().map(toml_value).collect()),
        toml::Value::Table(t) => {
            Value::Object(t.into_iter().map(|(k, v)| (k, toml_value(v))).collect())
        }
    }
}

/// A YAML document as a JSON map (through Taper's own YAML reader, with its limits).
pub fn yaml_map(text: &str) -> Result<Map<String, Value>, String> {
    if text.trim().is_empty() {
        return Ok(Map::new());
    }
    let node = crate::yaml::parse(text, 0, 0).map_err(|e| {
        format!(
            "the YAML does not parse (line {} of the front matter): {}",
            e.line, e.message
        )
    })?;
    match yaml_value(&node) {
        Value::Object(m) => Ok(without_nulls(m)),
        _ => Ok(Map::new()),
    }
}

fn yaml_value(n: &crate::yaml::Node) -> Value {
    use crate::yaml::Value as Y;
    match &n.value {
        Y::Null => Value::Null,
        Y::Bool(b) => Value::Bool(*b),
        Y::Int(i) => Value::from(*i),
        Y::Float(f) => serde_json::Number::from_f64(*f).map_or(Value::Null, Value::Number),
        Y::Str(s) => Value::String(s.clone()),
        Y::Seq(items) => Value::Array(items.iter().map(yaml_value).collect()),
        Y::Map(entries) => Value::Object(
            entries
                .iter()
                .map(|(k, v)| (k.name.clone(), yaml_value(v)))
                .collect(),
        ),
    }
}

fn without_nulls(m: Map<String, Value>) -> Map<String, Value> {
    m.into_iter().filter(|(_, v)| !v.is_null()).collect()
}

fn offset_of(text: &str, line: usize, column: usize) -> usize {
    let start: usize = text
        .split_inclusive('\n')
        .take(line.saturating_sub(1))
        .map(str::len)
        .sum();
    start + column.saturating_sub(1)
}

/// Writes `entries` as YAML lines: scalars and lists as JSON (which is YAML), `extra` and
/// other maps as an indented block of such lines. Dates (`YYYY-MM-DD`) are written bare.
pub fn yaml(entries: &[(&str, Value)]) -> String {
    let mut out = String::new();
    for (k, v) in entries {
        write_entry(&mut out, 0, k, v);
    }
    out
}

fn write_entry(out: &mut String, indent: usize, key: &str, v: &Value) {
    let pad = " ".repeat(indent);
    let key = yaml_key(key);
    match v {
        Value::Object(m) if !m.is_empty() => {
            out.push_str(&format!("{pad}{key}:\n"));
            for (k, v) in m {
                write_entry(out, indent + 2, k, v);
            }
        }
        Value::String(s) if crate::validate::parse_date(s).is_some() => {
            out.push_str(&format!("{pad}{key}: {s}\n"));
        }
        _ => out.push_str(&format!("{pad}{key}: {v}\n")),
    }
}

/// A key as YAML: bare when it is a plain word, else quoted.
fn yaml_key(key: &str) -> String {
    let plain = !key.is_empty()
        && key
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-'))
        && !matches!(
            key,
            "y" | "n" | "yes" | "no" | "on" | "off" | "true" | "false" | "null" | "Y" | "N"
        );
    if plain {
        key.to_string()
    } else {
        Value::String(key.to_string()).to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn toml_yaml_and_json_front_matter() {
        let t = read(
            "+++\ntitle = \"A\"\ndate = 2024-01-02\n[taxonomies]\ntags = [\"x\"]\n+++\nBody\n",
        )
        .unwrap();
        assert_eq!(t.format, "toml");
        assert_eq!(t.map["date"], "2024-01-02");
        assert_eq!(t.map["taxonomies"]["tags"][0], "x");
        assert_eq!(
            &"+++\ntitle = \"A\"\ndate = 2024-01-02\n[taxonomies]\ntags = [\"x\"]\n+++\nBody\n"
                [t.body_offset..],
            "Body\n"
        );
        assert_eq!(
            &"+++\ntitle = \"A\"\ndate = 2024-01-02\n[taxonomies]\n"[t.key_offset("taxonomies")..],
            "[taxonomies]\n"
        );
        let y = read("---\ntitle: B\ndraft: true\n---\nHi\n").unwrap();
        assert_eq!(y.map["draft"], true);
        assert_eq!(y.body_offset, 29);
        let src = "{\n  \"title\": \"C\",\n  \"tags\": [\"a\"]\n}\nText\n";
        let j = read(src).unwrap();
        assert_eq!(j.format, "json");
        assert_eq!(j.map["title"], "C");
        assert_eq!(&src[j.body_offset..], "Text\n");
        assert_eq!(j.key_offset("tags"), src.find("\"tags\"").unwrap());
    }

    #[test]
    fn a_shortcode_first_is_a_body_without_front_matter() {
        let f = read("{{< youtube x >}}\n").unwrap();
        assert_eq!(f.format, "none");
        assert!(f.map.is_empty());
    }

    #[test]
    fn bad_front_matter_is_positioned() {
        let e = read("+++\ntitle = \n+++\n").unwrap_err();
        assert!(e.message.contains("TOML"), "{}", e.message);
        assert!(e.offset >= 4);
        assert!(
            read("---\ntitle: x\n")
                .unwrap_err()
                .message
                .contains("never closed")
        );
    }

    #[test]
    fn yaml_out_reads_back() {
        let text = yaml(&[
            ("title", Value::from("Say \"hi\": now")),
            ("date", Value::from("2024-01-02")),
            ("tags", serde_json::json!(["a", "b c"])),
            ("extra", serde_json::json!({"no": true, "n": {"k": [1, 2]}})),
        ]);
        let back = yaml_map(&text).unwrap();
        assert_eq!(back["title"], "Say \"hi\": now");
        assert_eq!(back["date"], "2024-01-02");
        assert_eq!(back["extra"]["no"], true);
        assert_eq!(back["extra"]["n"]["k"][1], 2);
    }
}
