//! A small scanner for the two things the link checker needs from rendered HTML: the URLs a
//! page points to (`href`, `src`) and the anchors it offers (`id`, `<a name>`).
//!
//! Not an HTML parser: it reads start tags and their attributes, skips comments and the
//! insides of `<script>` and `<style>`, and decodes character references in values. That is
//! enough for pages Taper's templates and Markdown renderer write.

/// What a page links to and which anchors it has.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Scan {
    /// Every `href`/`src` value, decoded, in page order.
    pub links: Vec<String>,
    /// Every `id` (and `name` on `<a>`), decoded.
    pub ids: Vec<String>,
}

/// Scans `html`.
pub fn scan(html: &str) -> Scan {
    let mut out = Scan::default();
    let bytes = html.as_bytes();
    let mut i = 0;
    while let Some(off) = html[i..].find('<') {
        i += off;
        if html[i..].starts_with("<!--") {
            i = html[i..].find("-->").map_or(html.len(), |e| i + e + 3);
            continue;
        }
        let name_start = i + 1;
        let mut j = name_start;
        while j < bytes.len() && (bytes[j].is_ascii_alphanumeric() || bytes[j] == b'-') {
            j += 1;
        }
        if j == name_start {
            i += 1;
            continue;
        }
        let tag = html[name_start..j].to_ascii_lowercase();
        let (attrs, end) = attributes(html, j);
        for (name, value) in &attrs {
            match name.as_str() {
                "href" | "src" => out.links.push(decode(value)),
                "id" => out.ids.push(decode(value)),
                "name" if tag == "a" => out.ids.push(decode(value)),
                _ => {}
            }
        }
        i = end;
        if tag == "script" || tag == "style" {
            let close = format!("</{tag}");
            i = html[i..]
                .to_ascii_lowercase()
                .find(&close)
                .map_or(html.len(), |e| i + e);
        }
    }
    out
}

/// Reads attributes from `start` to the end of the tag; returns them and the index after `>`.
fn attributes(html: &str, start: usize) -> (Vec<(String, String)>, usize) {
    let bytes = html.as_bytes();
    let mut attrs = Vec::new();
    let mut i = start;
    loop {
        while i < bytes.len() && (bytes[i].is_ascii_whitespace() || bytes[i] == b'/') {
            i += 1;
        }
        if i >= bytes.len() {
            return (attrs, bytes.len());
        }
        if bytes[i] == b'>' {
            return (attrs, i + 1);
        }
        let name_start = i;
        while i < bytes.len()
            && !matches!(bytes[i], b'=' | b'>' | b'/')
            && !bytes[i].is_ascii_whitespace()
        {
            i += 1;
        }
        let name = html[name_start..i].to_ascii_lowercase();
        while i < bytes.len() && bytes[i].is_ascii_whitespace() {
            i += 1;
        }
        if i < bytes.len() && bytes[i] == b'=' {
            i += 1;
            while i < bytes.len() && bytes[i].is_ascii_whitespace() {
                i += 1;
            }
            let value = if i < bytes.len() && (bytes[i] == b'"' || bytes[i] == b'\'') {
                let q = bytes[i] as char;
                let v_start = i + 1;
                let v_end = html[v_start..].find(q).map_or(html.len(), |e| v_start + e);
                i = (v_end + 1).min(html.len());
                &html[v_start..v_end]
            } else {
                let v_start = i;
                while i < bytes.len() && !bytes[i].is_ascii_whitespace() && bytes[i] != b'>' {
                    i += 1;
                }
                &html[v_start..i]
            };
            attrs.push((name, value.to_string()));
        } else if !name.is_empty() {
            attrs.push((name, String::new()));
        } else {
            i += 1;
        }
    }
}

/// Decodes the character references Tera's escaping and pulldown-cmark produce.
pub fn decode(s: &str) -> String {
    if !s.contains('&') {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        rest = &rest[amp..];
        let window = &rest.as_bytes()[..rest.len().min(12)];
        let Some(semi) = window.iter().position(|&b| b == b';') else {
            out.push('&');
            rest = &rest[1..];
            continue;
        };
        let entity = &rest[1..semi];
        let ch = match entity {
            "amp" => Some('&'),
            "lt" => Some('<'),
            "gt" => Some('>'),
            "quot" => Some('"'),
            "apos" => Some('\''),
            e if e.starts_with("#x") || e.starts_with("#X") => u32::from_str_radix(&e[2..], 16)
                .ok()
                .and_then(char::from_u32),
            e if e.starts_with('#') => e[1..].parse().ok().and_then(char::from_u32),
            _ => None,
        };
        match ch {
            Some(c) => {
                out.push(c);
                rest = &rest[semi + 1..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_links_and_ids() {
        let s = scan(
            r#"<!-- <a href="/commented/"> --><h2 id="why-rest">Why</h2>
<a class=x href="/posts/a/#why&#x2F;rest">a</a><img src='/i.png' alt="">
<script>var s = "<a href='/in-script/'>";</script><a name="old">x</a><p id=bare>"#,
        );
        assert_eq!(s.links, vec!["/posts/a/#why/rest", "/i.png"]);
        assert_eq!(s.ids, vec!["why-rest", "old", "bare"]);
    }

    #[test]
    fn decodes_references() {
        assert_eq!(decode("a&amp;b&#39;c&#x2F;d&unknown;"), "a&b'c/d&unknown;");
        assert_eq!(decode("é&é€€€€€;"), "é&é€€€€€;");
    }
}
