//! Escaping text for the formats Taper writes (HTML, XML, iCalendar): one loop that copies runs
//! of plain text and swaps the few ASCII bytes a format reserves. A page holds thousands of
//! escaped values, so the loop never goes a character at a time.

use std::convert::Infallible;

/// `text` with every byte `with` names replaced, handed to `put` in order as runs of plain
/// text and replacements. Only ASCII bytes are ever replaced, so every run is whole UTF-8.
pub(crate) fn runs<E>(
    text: &str,
    with: impl Fn(u8) -> Option<&'static str>,
    mut put: impl FnMut(&str) -> Result<(), E>,
) -> Result<(), E> {
    let mut plain = 0;
    for (i, b) in text.bytes().enumerate() {
        let Some(replacement) = with(b) else {
            continue;
        };
        put(&text[plain..i])?;
        put(replacement)?;
        plain = i + 1;
    }
    put(&text[plain..])
}

/// `text` escaped by `with`, appended to `out`.
pub(crate) fn push(out: &mut String, text: &str, with: impl Fn(u8) -> Option<&'static str>) {
    let _ = runs::<Infallible>(text, with, |part| {
        out.push_str(part);
        Ok(())
    });
}

/// `text` escaped by `with`.
pub(crate) fn escaped(text: &str, with: impl Fn(u8) -> Option<&'static str>) -> String {
    let mut out = String::with_capacity(text.len() + 16);
    push(&mut out, text, with);
    out
}

/// HTML element content and attribute values, as Tera escapes them: `& < > " '`.
pub(crate) fn html(b: u8) -> Option<&'static str> {
    match b {
        b'&' => Some("&amp;"),
        b'<' => Some("&lt;"),
        b'>' => Some("&gt;"),
        b'"' => Some("&quot;"),
        b'\'' => Some("&#39;"),
        _ => None,
    }
}

/// XML content and attribute values; the control characters XML 1.0 forbids even escaped are
/// left out.
pub(crate) fn xml(b: u8) -> Option<&'static str> {
    match b {
        b'&' => Some("&amp;"),
        b'<' => Some("&lt;"),
        b'>' => Some("&gt;"),
        b'"' => Some("&quot;"),
        b'\'' => Some("&apos;"),
        b'\t' | b'\n' | b'\r' => None,
        b if b < 0x20 => Some(""),
        _ => None,
    }
}

/// An iCalendar TEXT value (RFC 5545 §3.3.11): backslash, semicolon, comma and newline; a
/// carriage return is dropped.
pub(crate) fn ics(b: u8) -> Option<&'static str> {
    match b {
        b'\\' => Some("\\\\"),
        b';' => Some("\\;"),
        b',' => Some("\\,"),
        b'\n' => Some("\\n"),
        b'\r' => Some(""),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The character-at-a-time escapers these replaced: what each table must equal.
    fn by_char(text: &str, with: fn(char) -> Option<&'static str>) -> String {
        text.chars()
            .map(|c| with(c).map_or_else(|| c.to_string(), str::to_string))
            .collect()
    }

    proptest::proptest! {
        #[test]
        fn each_table_equals_its_character_version(text in "[a-z &<>\"';,\\\\\\n\\r\\t\\x01\\x1f é≈😀]{0,80}") {
            proptest::prop_assert_eq!(escaped(&text, html), by_char(&text, |c| match c {
                '&' => Some("&amp;"), '<' => Some("&lt;"), '>' => Some("&gt;"),
                '"' => Some("&quot;"), '\'' => Some("&#39;"), _ => None,
            }));
            proptest::prop_assert_eq!(escaped(&text, xml), by_char(&text, |c| match c {
                '&' => Some("&amp;"), '<' => Some("&lt;"), '>' => Some("&gt;"),
                '"' => Some("&quot;"), '\'' => Some("&apos;"),
                c if (c as u32) < 0x20 && !matches!(c, '\t' | '\n' | '\r') => Some(""),
                _ => None,
            }));
            proptest::prop_assert_eq!(escaped(&text, ics), by_char(&text, |c| match c {
                '\\' => Some("\\\\"), ';' => Some("\\;"), ',' => Some("\\,"),
                '\n' => Some("\\n"), '\r' => Some(""), _ => None,
            }));
        }
    }
}
