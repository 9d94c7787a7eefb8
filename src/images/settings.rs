//! `images:` in site.yaml: the widths photos are resized to and the JPEG quality.

use crate::validate::{self, Help, Problems, check_keys, get};
use crate::yaml;

/// Widths (in pixels) when site.yaml gives none: a phone, a laptop column at 2x, a wide screen.
pub const DEFAULT_WIDTHS: &[u32] = &[480, 960, 1600];
/// JPEG quality when site.yaml gives none: small files with no artefacts a reader sees.
pub const DEFAULT_QUALITY: u8 = 80;

/// How photos are resized.
#[derive(Debug, Clone, PartialEq, Eq, Hash, serde::Serialize)]
pub struct Settings {
    /// The widths to make, smallest first (never above the original's).
    pub widths: Vec<u32>,
    /// JPEG quality, 1 to 100.
    pub quality: u8,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            widths: DEFAULT_WIDTHS.to_vec(),
            quality: DEFAULT_QUALITY,
        }
    }
}

/// Reads `images: { widths: [480, 960], quality: 75 }`.
pub(crate) fn read(node: &yaml::Node, p: &mut Problems) -> Settings {
    let mut s = Settings::default();
    let Some(map) = validate::as_map(node, "`images`", p) else {
        return s;
    };
    check_keys(map, &["widths", "quality"], "`images`", p);
    if let Some(n) = get(map, "quality") {
        match n.value {
            yaml::Value::Int(q) if (1..=100).contains(&q) => s.quality = q as u8,
            _ => {
                p.error(
                    n.pos,
                    "images",
                    "`quality` must be a whole number from 1 to 100",
                )
                .help(format!(
                    "write `quality: {DEFAULT_QUALITY}`, or leave it out"
                ));
            }
        }
    }
    if let Some(n) = get(map, "widths") {
        let mut widths = Vec::new();
        let items = n.as_seq().unwrap_or_default();
        for item in items {
            match item.value {
                yaml::Value::Int(w) if (16..=8192).contains(&w) => widths.push(w as u32),
                _ => {
                    p.error(
                        item.pos,
                        "images",
                        "a width must be a whole number of pixels from 16 to 8192",
                    )
                    .help("write `widths: [480, 960, 1600]`");
                }
            }
        }
        if n.as_seq().is_none() || widths.is_empty() && items.is_empty() {
            p.error(n.pos, "images", "`widths` must be a list of pixel widths")
                .help("write `widths: [480, 960, 1600]`");
        }
        if !widths.is_empty() {
            widths.sort_unstable();
            widths.dedup();
            s.widths = widths;
        }
    }
    s
}
