//! Markdown to HTML: CommonMark plus tables, footnotes, strikethrough, task lists, smart
//! punctuation, and a stable `id` on every heading (for anchors and the table of contents).

use std::collections::HashSet;

use pulldown_cmark::{
    BlockQuoteKind, CodeBlockKind, CowStr, Event, HeadingLevel, Options, Parser, Tag, TagEnd, html,
};

use super::highlight;
use serde::Serialize;

/// A heading, for the table of contents.
#[derive(Debug, Clone, Serialize, PartialEq, Hash)]
pub struct Heading {
    /// 1 to 6.
    pub level: u8,
    /// The anchor.
    pub id: String,
    /// The heading's text.
    pub title: String,
}

/// Rendered Markdown.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Rendered {
    /// The HTML.
    pub html: String,
    /// Headings in order.
    pub toc: Vec<Heading>,
    /// Words in the text.
    pub word_count: usize,
    /// The text without markup, for the search index.
    #[serde(skip)]
    pub text: String,
    /// Internal links (`@/posts/x.md`) that name no page: (byte offset in the source, link).
    #[serde(skip)]
    pub broken_links: Vec<(usize, String)>,
    /// Whether a shortcode embeds a plan (plan, week, rest_days): the page shows the health
    /// disclaimer then.
    #[serde(skip)]
    pub shows_plan: bool,
}

impl Rendered {
    /// Digest of what pages show of it (HTML, headings, word count, search text).
    pub fn digest(&self) -> u64 {
        crate::digest(&(&self.html, &self.toc, self.word_count, &self.text))
    }
}

/// Resolves an internal link's path (`posts/x.md`, without `@/` and `#fragment`) to a
/// site-relative URL.
pub type LinkResolver<'a> = &'a (dyn Fn(&str) -> Option<String> + Sync);

/// A Markdown image as written: what [`ImageHtml`] turns into HTML.
pub struct ImageCall<'a> {
    /// The path or URL, as written.
    pub url: &'a str,
    /// The alt text (the image's description, without markup).
    pub alt: &'a str,
    /// The title, or empty.
    pub title: &'a str,
    /// 0 for the body's first image, 1 for the next, ...
    pub index: usize,
}

/// The HTML of an image of the site (a responsive `<img>`), or `None` to leave it as written.
pub type ImageHtml<'a> = &'a (dyn Fn(&ImageCall) -> Option<String> + Sync);

/// How to render: where the site lives, how to highlight code, how to resolve `@/` links.
#[derive(Clone, Copy)]
pub struct RenderOptions<'a> {
    /// `/` or `/coach/`: put in front of site-relative links.
    pub base_path: &'a str,
    /// The syntect theme for fenced code blocks; `None` leaves code plain.
    pub highlight_theme: Option<&'a str>,
    /// Resolves `@/…` internal links; without it they are left as written.
    pub links: Option<LinkResolver<'a>>,
    /// Keep raw HTML (article bodies) or show it as text (Markdown from YAML fields).
    pub raw_html: bool,
    /// Turns images of the site's files into responsive images; without it they are left
    /// as written.
    pub images: Option<ImageHtml<'a>>,
}

/// The Markdown extensions Taper turns on (also used to find a body's images).
pub(crate) fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_SMART_PUNCTUATION
        | Options::ENABLE_HEADING_ATTRIBUTES
        | Options::ENABLE_GFM
}

/// The class and label of a GitHub alert (`> [!NOTE]`).
fn alert(kind: BlockQuoteKind) -> (&'static str, &'static str) {
    match kind {
        BlockQuoteKind::Note => ("note", "Note"),
        BlockQuoteKind::Tip => ("tip", "Tip"),
        BlockQuoteKind::Important => ("important", "Important"),
        BlockQuoteKind::Warning => ("warning", "Warning"),
        BlockQuoteKind::Caution => ("caution", "Caution"),
    }
}

/// Splits a fenced block's info string into its language and `title="…"`
/// (```` ```toml title="site.yaml" ````).
fn code_info(info: &str) -> (String, Option<String>) {
    let lang = info
        .split([',', ' '])
        .next()
        .unwrap_or("")
        .trim()
        .to_string();
    let title = info.find("title=\"").and_then(|i| {
        let rest = &info[i + 7..];
        rest.find('"').map(|end| rest[..end].to_string())
    });
    (lang, title.filter(|t| !t.trim().is_empty()))
}

fn footnote_id(label: &str) -> CowStr<'static> {
    CowStr::from(format!("fn-{}", slugify(label)))
}

/// A URL-safe slug: transliterated, lowercase, dashes (`Récupération` → `recuperation`).
pub fn slugify(text: &str) -> String {
    slug::slugify(text)
}

/// Renders an article body. `base_path` (`/` or `/coach/`) is put in front of site-relative
/// links (`/posts/x/`) so a site served from a sub-path keeps working. Raw HTML in the body is
/// kept, as in Zola: the site's author wrote it.
pub fn render(text: &str, base_path: &str) -> Rendered {
    render_plain(text, base_path, true)
}

/// Renders Markdown that comes from a YAML field (a plan's `description`): raw HTML is shown
/// as text, never passed through, because YAML fields are data.
pub fn render_escaped(text: &str, base_path: &str) -> Rendered {
    render_plain(text, base_path, false)
}

/// Renders without highlighting or internal links.
fn render_plain(text: &str, base_path: &str, raw_html: bool) -> Rendered {
    render_with(
        text,
        &RenderOptions {
            base_path,
            highlight_theme: None,
            links: None,
            raw_html,
            images: None,
        },
    )
}

/// The internal links (`@/…`) of `text` that `resolve` names no page for: (byte offset of
/// the `@/`, link). What [`render_with`] reports as [`Rendered::broken_links`], found
/// without rendering, so a site's links are checked before any page is.
pub fn broken_links(text: &str, resolve: LinkResolver) -> Vec<(usize, String)> {
    Parser::new_ext(text, options())
        .into_offset_iter()
        .filter_map(|(event, range)| match event {
            Event::Start(Tag::Link { dest_url, .. }) => {
                let target = dest_url.strip_prefix("@/")?;
                let path = target.split_once('#').map_or(target, |(p, _)| p);
                match resolve(path) {
                    Some(_) => None,
                    None => Some((link_offset(text, &range), dest_url.to_string())),
                }
            }
            _ => None,
        })
        .collect()
}

/// Where the `@/` of the link spanning `range` starts.
fn link_offset(text: &str, range: &std::ops::Range<usize>) -> usize {
    text.get(range.clone())
        .and_then(|r| r.find("@/"))
        .map_or(range.start, |i| range.start + i)
}

/// Renders `text` with highlighting and internal links (`[x](@/posts/x.md#part)`).
pub fn render_with(text: &str, o: &RenderOptions) -> Rendered {
    // About one event per four bytes of prose: reserved once instead of grown (and copied)
    // ten times for a typical article.
    let mut events: Vec<Event> = Vec::with_capacity(text.len() / 4 + 16);
    let mut broken_links = Vec::new();
    let mut word_count = 0;
    let mut code: Option<(String, Option<String>, String)> = None;
    // An image being read (its events until its end, for its alt text), and images so far.
    let mut image: Option<(Vec<Event>, usize)> = None;
    let mut images = 0;
    for (event, range) in Parser::new_ext(text, options()).into_offset_iter() {
        let event = match event {
            Event::Html(h) | Event::InlineHtml(h) if !o.raw_html => Event::Text(h),
            // Footnote labels become ids: `[^1]` would give id="1", which is not a valid id.
            Event::FootnoteReference(l) => Event::FootnoteReference(footnote_id(&l)),
            Event::Start(Tag::FootnoteDefinition(l)) => {
                Event::Start(Tag::FootnoteDefinition(footnote_id(&l)))
            }
            other => other,
        };
        let event = match (o.images, image.as_mut()) {
            (None, _) => event,
            (Some(_), None) => match event {
                Event::Start(Tag::Image { .. }) => {
                    image = Some((vec![event], 0));
                    continue;
                }
                e => e,
            },
            (Some(html), Some((read, depth))) => {
                match &event {
                    Event::Start(Tag::Image { .. }) => *depth += 1,
                    Event::End(TagEnd::Image) if *depth > 0 => *depth -= 1,
                    Event::End(TagEnd::Image) => {
                        read.push(event);
                        if let Some((read, _)) = image.take() {
                            events.extend(image_events(read, html, images, o.base_path));
                        }
                        images += 1;
                        continue;
                    }
                    _ => {}
                }
                read.push(event);
                continue;
            }
        };
        match event {
            Event::Start(Tag::CodeBlock(kind)) => {
                let (lang, title) = match kind {
                    CodeBlockKind::Fenced(l) => code_info(&l),
                    CodeBlockKind::Indented => (String::new(), None),
                };
                code = Some((lang, title, String::new()));
            }
            Event::Text(t) if code.is_some() => {
                if let Some((_, _, c)) = code.as_mut() {
                    c.push_str(&t);
                }
            }
            Event::End(TagEnd::CodeBlock) => {
                if let Some((lang, title, c)) = code.take() {
                    word_count += c.split_whitespace().count();
                    let theme = o.highlight_theme.filter(|_| !lang.is_empty());
                    let block = match theme {
                        Some(theme) => highlight::code_block(&c, &lang, theme),
                        None => highlight::plain_block(&c, &lang),
                    };
                    let html = match title {
                        Some(t) => format!(
                            "<figure class=\"code-titled\"><figcaption class=\"code-title\">{}</figcaption>{block}</figure>\n",
                            highlight::escape_html(&t)
                        ),
                        None => block,
                    };
                    events.push(Event::Html(CowStr::from(html)));
                }
            }
            Event::Start(Tag::BlockQuote(Some(kind))) => {
                let (class, label) = alert(kind);
                events.push(Event::Html(CowStr::from(format!(
                    "<div class=\"alert alert-{class}\" role=\"note\">\n<p class=\"alert-label\">{label}</p>\n"
                ))));
            }
            Event::End(TagEnd::BlockQuote(Some(_))) => {
                events.push(Event::Html(CowStr::from("</div>\n")));
            }
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            }) => {
                let url = if let Some(target) = dest_url.strip_prefix("@/") {
                    let (path, fragment) = match target.split_once('#') {
                        Some((p, f)) => (p, format!("#{f}")),
                        None => (target, String::new()),
                    };
                    match o.links.map(|resolve| resolve(path)) {
                        Some(Some(u)) => CowStr::from(format!("{u}{fragment}")),
                        Some(None) => {
                            broken_links.push((link_offset(text, &range), dest_url.to_string()));
                            dest_url
                        }
                        None => dest_url,
                    }
                } else {
                    under_base(dest_url, o.base_path)
                };
                events.push(Event::Start(Tag::Link {
                    link_type,
                    dest_url: url,
                    title,
                    id,
                }));
            }
            Event::Start(Tag::Image {
                link_type,
                dest_url,
                title,
                id,
            }) => events.push(Event::Start(Tag::Image {
                link_type,
                dest_url: under_base(dest_url, o.base_path),
                title,
                id,
            })),
            other => events.push(other),
        }
    }
    let mut toc = Vec::new();
    let mut used: HashSet<String> = HashSet::new();
    let mut plain = String::new();
    let mut i = 0;
    while i < events.len() {
        match &events[i] {
            Event::Start(Tag::Heading { level, id, .. }) => {
                let level = *level;
                let explicit = id.as_ref().map(|s| s.to_string());
                let mut title = String::new();
                let mut j = i + 1;
                while j < events.len() && !matches!(events[j], Event::End(TagEnd::Heading(_))) {
                    if let Event::Text(t) | Event::Code(t) = &events[j] {
                        title.push_str(t);
                    }
                    j += 1;
                }
                let mut anchor = explicit.unwrap_or_else(|| {
                    let s = slugify(&title);
                    if s.is_empty() {
                        "section".to_string()
                    } else {
                        s
                    }
                });
                if used.contains(&anchor) {
                    let mut n = 1;
                    while used.contains(&format!("{anchor}-{n}")) {
                        n += 1;
                    }
                    anchor = format!("{anchor}-{n}");
                }
                used.insert(anchor.clone());
                if let Event::Start(Tag::Heading { id, .. }) = &mut events[i] {
                    *id = Some(CowStr::from(anchor.clone()));
                }
                toc.push(Heading {
                    level: heading_level(level),
                    id: anchor,
                    title,
                });
            }
            Event::Text(t) | Event::Code(t) => {
                word_count += t.split_whitespace().count();
                let t = t.trim();
                if !t.is_empty() {
                    if !plain.is_empty() {
                        plain.push(' ');
                    }
                    plain.push_str(t);
                }
            }
            _ => {}
        }
        i += 1;
    }
    let events = with_heading_links(events, toc.len());
    let mut out = String::with_capacity(text.len() * 3 / 2);
    html::push_html(&mut out, events.into_iter());
    for heading in &mut toc {
        replace_nul(&mut heading.title);
    }
    replace_nul(&mut out);
    replace_nul(&mut plain);
    Rendered {
        html: out,
        toc,
        word_count,
        text: plain,
        broken_links,
        shows_plan: false,
    }
}

/// The events of one image (`read`: its start, alt text and end): one HTML event when
/// `html` knows the image, else the image as written (its URL under the base path).
fn image_events<'a>(
    mut read: Vec<Event<'a>>,
    html: ImageHtml,
    index: usize,
    base_path: &str,
) -> Vec<Event<'a>> {
    let alt: String = read[1..read.len() - 1]
        .iter()
        .filter_map(|e| match e {
            Event::Text(t) | Event::Code(t) => Some(&**t),
            Event::SoftBreak | Event::HardBreak => Some(" "),
            _ => None,
        })
        .collect();
    if let Event::Start(Tag::Image {
        dest_url, title, ..
    }) = &read[0]
    {
        let call = ImageCall {
            url: dest_url,
            alt: &alt,
            title,
            index,
        };
        if let Some(h) = html(&call) {
            return vec![Event::InlineHtml(CowStr::from(h))];
        }
    }
    if let Event::Start(Tag::Image {
        link_type,
        dest_url,
        title,
        id,
    }) = std::mem::replace(&mut read[0], Event::SoftBreak)
    {
        read[0] = Event::Start(Tag::Image {
            link_type,
            dest_url: under_base(dest_url, base_path),
            title,
            id,
        });
    }
    read
}

/// Every h2, h3 and h4 given a link to itself at its end (shown on hover and focus by the
/// theme), once the ids are final.
fn with_heading_links(events: Vec<Event>, headings: usize) -> Vec<Event> {
    let mut out = Vec::with_capacity(events.len() + headings);
    let mut open: Option<String> = None;
    for e in events {
        match &e {
            Event::Start(Tag::Heading {
                level: HeadingLevel::H2 | HeadingLevel::H3 | HeadingLevel::H4,
                id: Some(id),
                ..
            }) => open = Some(id.to_string()),
            Event::End(TagEnd::Heading(_)) => {
                if let Some(id) = open.take() {
                    let id = highlight::escape_html(&id);
                    out.push(Event::Html(CowStr::from(format!(
                        " <a class=\"heading-link\" href=\"#{id}\" aria-label=\"Link to this section\">#</a>"
                    ))));
                }
            }
            _ => {}
        }
        out.push(e);
    }
    out
}

/// `html` without the links headings have to themselves: a feed reader shows them as a bare
/// `#` after every heading.
pub fn without_heading_links(html: &str) -> String {
    const START: &str = " <a class=\"heading-link\" ";
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(i) = rest.find(START) {
        out.push_str(&rest[..i]);
        rest = &rest[i..];
        match rest.find("</a>") {
            Some(end) => rest = &rest[end + 4..],
            None => break,
        }
    }
    out.push_str(rest);
    out
}

/// CommonMark replaces U+0000 with U+FFFD; pulldown-cmark passes it through. Done on the output,
/// not the source, so byte offsets into the source (broken `@/` links) stay right.
fn replace_nul(s: &mut String) {
    if s.contains('\0') {
        *s = s.replace('\0', "\u{FFFD}");
    }
}

/// Puts `base_path` in front of a site-relative URL (`/posts/x/` → `/coach/posts/x/`).
fn under_base<'a>(url: CowStr<'a>, base_path: &str) -> CowStr<'a> {
    if url.starts_with('/') && !url.starts_with("//") && base_path != "/" {
        CowStr::from(format!("{}{}", base_path.trim_end_matches('/'), url))
    } else {
        url
    }
}

fn heading_level(l: HeadingLevel) -> u8 {
    match l {
        HeadingLevel::H1 => 1,
        HeadingLevel::H2 => 2,
        HeadingLevel::H3 => 3,
        HeadingLevel::H4 => 4,
        HeadingLevel::H5 => 5,
        HeadingLevel::H6 => 6,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headings_get_unique_ids() {
        let r = render("# Why rest\n\n## Why rest\n\n## Sleep {#zz}\n", "/");
        assert!(r.html.contains("<h1 id=\"why-rest\">"));
        assert!(r.html.contains("<h2 id=\"why-rest-1\">"));
        assert!(r.html.contains("<h2 id=\"zz\">"));
        assert_eq!(r.toc.len(), 3);
    }

    #[test]
    fn extensions_are_on() {
        let r = render(
            "| a |\n|---|\n| b |\n\n~~x~~ \"q\"\n\n- [x] done\n\nA[^1]\n\n[^1]: note\n",
            "/",
        );
        assert!(r.html.contains("<table>"));
        assert!(r.html.contains("<del>x</del>"));
        assert!(r.html.contains("“q”"));
        assert!(r.html.contains("checkbox"));
        assert!(r.html.contains("footnote"));
        assert!(
            r.html.contains("id=\"fn-1\"") && r.html.contains("href=\"#fn-1\""),
            "{}",
            r.html
        );
    }

    #[test]
    fn raw_text_is_escaped_and_links_follow_the_base_path() {
        let r = render("a < b & [x](/posts/y/) [e](https://e.org/)", "/coach/");
        assert!(r.html.contains("a &lt; b &amp;"));
        assert!(r.html.contains("href=\"/coach/posts/y/\""));
        assert!(r.html.contains("href=\"https://e.org/\""));
    }

    #[test]
    fn raw_html_from_yaml_is_text() {
        let r = render_escaped(
            "Hi <script>alert(1)</script>\n\n<img src=x onerror=alert(1)>\n",
            "/",
        );
        assert!(!r.html.contains("<script>"), "{}", r.html);
        assert!(!r.html.contains("<img"), "{}", r.html);
        assert!(render("<b>kept</b>", "/").html.contains("<b>kept</b>"));
    }

    #[test]
    fn nul_becomes_the_replacement_character() {
        let r = render(
            "# T\0tle\n\na\0b `c\0d` <i title=\"x\0\">e</i> [f](/g\0h)\n\n```\ni\0\n```\n",
            "/",
        );
        assert!(!r.html.contains('\0'), "{:?}", r.html);
        assert_eq!(r.html.matches('\u{FFFD}').count(), 6, "{}", r.html);
        assert!(!r.text.contains('\0') && !r.toc[0].title.contains('\0'));
        assert!(!render_escaped("<b>\0</b>", "/").html.contains('\0'));
    }

    #[test]
    fn every_alert_kind_is_a_labelled_callout() {
        for (kind, label) in [
            ("NOTE", "Note"),
            ("TIP", "Tip"),
            ("IMPORTANT", "Important"),
            ("WARNING", "Warning"),
            ("CAUTION", "Caution"),
        ] {
            let r = render(&format!("> [!{kind}]\n> Rest *first*.\n"), "/");
            let class = kind.to_lowercase();
            assert!(
                r.html.starts_with(&format!(
                    "<div class=\"alert alert-{class}\" role=\"note\">\n<p class=\"alert-label\">{label}</p>"
                )),
                "{}",
                r.html
            );
            assert!(
                r.html.contains("<p>Rest <em>first</em>.</p>\n</div>"),
                "{}",
                r.html
            );
            assert!(!r.html.contains("[!"), "{}", r.html);
            // Markdown from YAML (a plan's description) gets them too.
            assert!(
                render_escaped(&format!("> [!{kind}]\n> x\n"), "/")
                    .html
                    .contains("alert-label")
            );
        }
        let plain = render("> [!NOPE]\n> quoted\n", "/");
        assert!(plain.html.contains("<blockquote>"), "{}", plain.html);
    }

    #[test]
    fn headings_two_to_four_link_to_themselves() {
        let r = render("# One\n\n## Two\n\n#### Four\n\n##### Five\n", "/");
        assert!(r.html.contains("<h1 id=\"one\">One</h1>"), "{}", r.html);
        assert!(r.html.contains("<h2 id=\"two\">Two <a class=\"heading-link\" href=\"#two\" aria-label=\"Link to this section\">#</a></h2>"), "{}", r.html);
        assert!(r.html.contains("href=\"#four\""), "{}", r.html);
        assert!(!r.html.contains("href=\"#five\""), "{}", r.html);
        assert_eq!(r.toc[1].title, "Two");
        assert!(!r.text.contains('#'));
        assert_eq!(
            without_heading_links(&r.html),
            "<h1 id=\"one\">One</h1>\n<h2 id=\"two\">Two</h2>\n<h4 id=\"four\">Four</h4>\n<h5 id=\"five\">Five</h5>\n"
        );
    }

    #[test]
    fn a_code_block_can_have_a_title() {
        let r = render("```toml title=\"site.yaml\"\na = 1\n```\n", "/");
        assert!(r.html.starts_with("<figure class=\"code-titled\"><figcaption class=\"code-title\">site.yaml</figcaption><pre"), "{}", r.html);
        let r = render("```toml title=\"<b>\"\na = 1\n```\n", "/");
        assert!(r.html.contains("&lt;b&gt;"), "{}", r.html);
        assert!(!render("```toml\na\n```\n", "/").html.contains("figure"));
    }

    #[test]
    fn transliterated_slugs() {
        assert_eq!(slugify("Récupération"), "recuperation");
    }
}
