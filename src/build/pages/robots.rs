//! `robots.txt` and the built-in favicon (`favicon.svg`, `favicon.png`). `robots.txt` names
//! the sitemap and is written only when `base_url` is a host's root: crawlers read
//! `/robots.txt` of the host alone, so a site under a sub-path (`https://example.org/coach/`)
//! cannot own one. A file of the site's own (`static/robots.txt`, `static/favicon.svg`) is
//! published instead, and `favicon:` in site.yaml replaces the built-in icon.

use crate::build::context::site_yaml;
use crate::build::{Ctx, keys};
use crate::diagnostic::Diagnostic;
use crate::render::meta;
use crate::site::OutputFile;

pub(crate) fn render(cx: &Ctx) -> Result<Vec<OutputFile>, Diagnostic> {
    let site = cx.site;
    let own = |path: &str| site.assets.iter().any(|(_, dest)| dest == path);
    let mut out = Vec::new();
    if let Some(text) = robots(cx).filter(|_| !own("robots.txt")) {
        out.push(OutputFile {
            path: "robots.txt".into(),
            bytes: text.into_bytes(),
            source: site_yaml(),
        });
    }
    if site.config.favicon.is_none() {
        for (path, bytes) in [
            ("favicon.svg", meta::FAVICON_SVG.as_bytes()),
            ("favicon.png", meta::FAVICON_PNG),
        ] {
            if !own(path) {
                out.push(OutputFile {
                    path: path.into(),
                    bytes: bytes.to_vec(),
                    source: site_yaml(),
                });
            }
        }
    }
    Ok(out)
}

/// The text of `robots.txt`, when the site is at a host's root.
fn robots(cx: &Ctx) -> Option<String> {
    let base = &cx.view().base_url;
    let at_root = base.starts_with("http") && cx.view().base_path == "/";
    at_root.then(|| format!("User-agent: *\nAllow: /\n\nSitemap: {base}sitemap.xml\n"))
}

/// Reads `base_url`, `favicon:` and which of these files the site has of its own.
pub(crate) fn key(cx: &Ctx) -> u64 {
    let own: Vec<&String> = cx
        .site
        .assets
        .iter()
        .map(|(_, d)| d)
        .filter(|d| ["robots.txt", "favicon.svg", "favicon.png"].contains(&d.as_str()))
        .collect();
    keys::key(
        "robots",
        (&cx.view().base_url, &cx.site.config.favicon, own),
    )
}
