//! What a page says about itself in `<head>`, for search engines and for the card a shared
//! link shows in messengers and social feeds: the canonical URL, a description, Open Graph and
//! Twitter card tags, JSON-LD (schema.org's `BlogPosting`, `WebSite`, `ExercisePlan`), the
//! favicon and the plan's calendar. Every page template gets it as `meta`; `base.html`
//! writes it. Not here: which image is a page's card (`images::Library::card`).

use serde::Serialize;
use serde_json::{Value, json};

use crate::config::Config;
use crate::images::Card;
use crate::render::views::SiteView;
use crate::validate::{self, Help, Problems};
use crate::yaml;

/// The built-in favicon: a runner's track in the theme's accent colour.
pub const FAVICON_SVG: &str = include_str!("favicon.svg");
/// The same, 32 × 32 pixels, for browsers without SVG icons.
pub const FAVICON_PNG: &[u8] = include_bytes!("favicon.png");

/// Longest meta description written (search engines show about 155 characters).
const DESCRIPTION_CHARS: usize = 160;

/// What kind of page it is, for `og:type` and the JSON-LD.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// The home page: `WebSite`.
    Home,
    /// An article or a guide page: `BlogPosting`.
    Article,
    /// A plan's page: `ExercisePlan`.
    Plan,
    /// Lists and everything else: no JSON-LD.
    Other,
    /// `404.html`: no canonical URL (it stands for every missing page).
    NotFound,
}

/// A page's `<head>` metadata.
#[derive(Debug, Clone, Serialize)]
pub struct PageMeta {
    /// The page's own title (without the site's).
    pub title: String,
    /// The absolute URL (`rel=canonical`, `og:url`); `None` on the 404 page.
    pub url: Option<String>,
    /// Summary, else the first sentence of the text, else the site's description.
    pub description: Option<String>,
    /// `og:type`: `article` or `website`.
    pub kind: &'static str,
    pub site_name: String,
    /// `og:locale`: `en`, `en_GB`.
    pub locale: String,
    /// The card image, its URL absolute.
    pub image: Option<Card>,
    /// `summary_large_image` with an image, else `summary`.
    pub twitter_card: &'static str,
    /// The JSON-LD, ready for a `<script>` (no `</` in it).
    pub json_ld: Option<String>,
    /// The favicon: URL and type; with the built-in one, the PNG fallback's URL too.
    pub icon: String,
    pub icon_type: &'static str,
    pub icon_png: Option<String>,
    /// A plan's calendar (`plan.ics`).
    pub calendar: Option<String>,
}

/// What a page gives for its metadata.
#[derive(Default)]
pub struct Facts<'a> {
    pub title: &'a str,
    /// The page's URL path below the root (`posts/x`), `""` for the home page.
    pub path: &'a str,
    pub summary: Option<&'a str>,
    /// The page's text without markup (its first sentence is the fallback description).
    pub text: Option<&'a str>,
    pub image: Option<&'a Card>,
    pub date: Option<String>,
    pub updated: Option<String>,
    /// A plan's weeks (`activityDuration`).
    pub weeks: Option<usize>,
    pub calendar: Option<String>,
}

impl PageMeta {
    pub fn new(site: &SiteView, config: &Config, kind: Kind, f: &Facts) -> PageMeta {
        let url = site.permalink(f.path);
        let description = f
            .summary
            .map(str::to_string)
            .or_else(|| f.text.and_then(first_sentence))
            .or_else(|| site.description.clone())
            .map(|d| shorten(&d));
        let image = f.image.map(|c| Card {
            url: site.absolute(&c.url),
            ..c.clone()
        });
        let json_ld = json_ld(
            site,
            config,
            kind,
            f,
            &url,
            description.as_deref(),
            image.as_ref(),
        );
        let (icon, icon_type, icon_png) = match &config.favicon {
            Some(path) => (
                format!("{}{}", site.base_path, path.trim_start_matches('/')),
                icon_type(path),
                None,
            ),
            None => (
                format!("{}favicon.svg", site.base_path),
                "image/svg+xml",
                Some(format!("{}favicon.png", site.base_path)),
            ),
        };
        PageMeta {
            title: f.title.to_string(),
            url: (kind != Kind::NotFound).then_some(url),
            description,
            kind: if kind == Kind::Article {
                "article"
            } else {
                "website"
            },
            site_name: site.title.clone(),
            locale: locale(&site.language),
            twitter_card: if image.is_some() {
                "summary_large_image"
            } else {
                "summary"
            },
            image,
            json_ld: json_ld.map(|v| script_safe(&v)),
            icon,
            icon_type,
            icon_png,
            calendar: f.calendar.clone(),
        }
    }
}

impl PageMeta {
    /// An article's or guide page's metadata (a section intro's too, with `path`).
    pub fn of_article(
        site: &SiteView,
        config: &Config,
        kind: Kind,
        a: &crate::content::Article,
        path: &str,
        r: Option<&crate::content::markdown::Rendered>,
        card: Option<&Card>,
    ) -> PageMeta {
        let facts = Facts {
            title: &a.title,
            path,
            summary: a.summary.as_deref(),
            text: r.map(|r| r.text.as_str()),
            image: card,
            date: a.date.map(|d| d.to_string()),
            updated: a.updated.map(|d| d.to_string()),
            ..Facts::default()
        };
        PageMeta::new(site, config, kind, &facts)
    }

    /// A list page's metadata: its title and the URL path of its output file.
    pub fn of_list(
        site: &SiteView,
        config: &Config,
        kind: Kind,
        title: &str,
        output: &str,
    ) -> PageMeta {
        let facts = Facts {
            title,
            path: page_path(output),
            ..Facts::default()
        };
        PageMeta::new(site, config, kind, &facts)
    }
}

/// The URL path of an output file (`tags/x/page/2/index.html` → `tags/x/page/2`).
pub fn page_path(output: &str) -> &str {
    output
        .strip_suffix("index.html")
        .unwrap_or(output)
        .trim_end_matches('/')
}

fn json_ld(
    site: &SiteView,
    config: &Config,
    kind: Kind,
    f: &Facts,
    url: &str,
    description: Option<&str>,
    image: Option<&Card>,
) -> Option<Value> {
    let mut v = match kind {
        Kind::Home => json!({
            "@context": "https://schema.org",
            "@type": "WebSite",
            "name": site.title,
            "url": url,
            "inLanguage": site.language,
        }),
        Kind::Article => {
            let mut v = json!({
                "@context": "https://schema.org",
                "@type": "BlogPosting",
                "headline": f.title,
                "url": url,
                "mainEntityOfPage": url,
                "inLanguage": site.language,
                "isPartOf": { "@type": "WebSite", "name": site.title, "url": site.permalink("") },
            });
            if let Some(d) = &f.date {
                v["datePublished"] = json!(d);
            }
            if let Some(d) = f.updated.as_ref().or(f.date.as_ref()) {
                v["dateModified"] = json!(d);
            }
            if let Some(a) = &config.author {
                v["author"] = json!({ "@type": "Person", "name": a });
            }
            v
        }
        Kind::Plan => {
            let mut v = json!({
                "@context": "https://schema.org",
                "@type": "ExercisePlan",
                "name": f.title,
                "url": url,
                "exerciseType": "Running",
                "inLanguage": site.language,
            });
            if let Some(w) = f.weeks {
                v["activityDuration"] = json!(format!("P{w}W"));
            }
            if let Some(a) = &config.author {
                v["author"] = json!({ "@type": "Person", "name": a });
            }
            v
        }
        Kind::Other | Kind::NotFound => return None,
    };
    if let Some(d) = description {
        v["description"] = json!(d);
    }
    if let Some(i) = image {
        let mut o = json!({ "@type": "ImageObject", "url": i.url });
        if let (Some(w), Some(h)) = (i.width, i.height) {
            o["width"] = json!(w);
            o["height"] = json!(h);
        }
        v["image"] = o;
    }
    Some(v)
}

/// JSON that cannot end its `<script>` early.
fn script_safe(v: &Value) -> String {
    v.to_string().replace('<', "\\u003c")
}

/// `en-gb` → `en_GB`, the form Open Graph reads.
fn locale(language: &str) -> String {
    match language.split_once('-') {
        Some((l, r)) => format!("{}_{}", l.to_ascii_lowercase(), r.to_ascii_uppercase()),
        None => language.to_ascii_lowercase(),
    }
}

/// The text up to the end of its first sentence, when there is some text.
fn first_sentence(text: &str) -> Option<String> {
    let text = text.trim();
    if text.is_empty() {
        return None;
    }
    let end = text
        .match_indices(['.', '!', '?'])
        .map(|(i, _)| i + 1)
        .find(|&i| text[i..].is_empty() || text[i..].starts_with(' '))
        .unwrap_or(text.len());
    Some(text[..end].to_string())
}

/// At most [`DESCRIPTION_CHARS`] characters, cut at a word with an ellipsis.
fn shorten(text: &str) -> String {
    if text.chars().count() <= DESCRIPTION_CHARS {
        return text.to_string();
    }
    let cut: String = text.chars().take(DESCRIPTION_CHARS - 1).collect();
    let cut = cut.rsplit_once(' ').map_or(cut.as_str(), |(a, _)| a);
    format!("{}…", cut.trim_end_matches([',', ';', ':']))
}

fn icon_type(path: &str) -> &'static str {
    let ext = path.rsplit('.').next().unwrap_or("").to_ascii_lowercase();
    match ext.as_str() {
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "ico" => "image/x-icon",
        "gif" => "image/gif",
        "webp" => "image/webp",
        _ => "image/png",
    }
}

/// Reads `favicon: /icon.png` (a file under `static/`).
pub(crate) fn read_favicon(node: &yaml::Node, p: &mut Problems) -> Option<String> {
    let path = validate::text(node, "`favicon`", p)?;
    let known = ["svg", "png", "ico", "gif", "webp"];
    let ext = path.rsplit('.').next().unwrap_or("").to_ascii_lowercase();
    if path.contains("://") || path.contains("..") || !known.contains(&ext.as_str()) {
        p.error(
            node.pos,
            "favicon",
            format!("`favicon: {path}` is not an icon file of the site"),
        )
        .help("write the path of an .svg, .png or .ico file under static/, like /favicon.png");
        return None;
    }
    Some(path.trim_start_matches('/').to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_description_is_the_first_sentence_shortened() {
        assert_eq!(
            first_sentence("Rest days matter. They let you adapt.").as_deref(),
            Some("Rest days matter.")
        );
        assert_eq!(
            first_sentence("3.5 km easy").as_deref(),
            Some("3.5 km easy")
        );
        assert_eq!(first_sentence("  "), None);
        let long = "word ".repeat(60);
        let s = shorten(&long);
        assert!(
            s.chars().count() <= DESCRIPTION_CHARS && s.ends_with('…'),
            "{s}"
        );
    }

    #[test]
    fn locales_and_paths() {
        assert_eq!(locale("en-gb"), "en_GB");
        assert_eq!(locale("fr"), "fr");
        assert_eq!(page_path("index.html"), "");
        assert_eq!(page_path("tags/x/page/2/index.html"), "tags/x/page/2");
        assert_eq!(
            script_safe(&json!({"a": "</script>"})),
            "{\"a\":\"\\u003c/script>\"}"
        );
    }
}
