//! The HTML of a responsive image: `srcset` of every width, `sizes` for the theme's text
//! column, `width` and `height` (the browser keeps the room before the file arrives), lazy
//! loading for every image but a page's first, and a `<picture>` with a WebP source when
//! there is one.

use crate::content::highlight::escape_html;
use crate::content::markdown::ImageCall;

use super::{Image, Variant};

/// The built-in theme's text column: 44rem wide at most, the window less its margins below.
const SIZES: &str = "(min-width: 46rem) 44rem, calc(100vw - 2rem)";

/// `<img>` (or `<picture>`) for `call`, an image of the site.
pub(super) fn img(image: &Image, call: &ImageCall, base_path: &str) -> String {
    let url = |path: &str| escape_html(&format!("{base_path}{path}"));
    let srcset = |vs: &[Variant]| {
        vs.iter()
            .map(|v| format!("{} {}w", url(&v.path), v.width))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let mut attrs = String::new();
    match image.largest() {
        Some(v) => {
            attrs.push_str(&format!("src=\"{}\"", url(&v.path)));
            if image.variants.len() > 1 {
                attrs.push_str(&format!(
                    " srcset=\"{}\" sizes=\"{SIZES}\"",
                    srcset(&image.variants)
                ));
            }
            attrs.push_str(&format!(" width=\"{}\" height=\"{}\"", v.width, v.height));
        }
        None => attrs.push_str(&format!("src=\"{}\"", url(&image.path))),
    }
    attrs.push_str(&format!(" alt=\"{}\"", escape_html(call.alt)));
    if !call.title.is_empty() {
        attrs.push_str(&format!(" title=\"{}\"", escape_html(call.title)));
    }
    if call.index > 0 {
        attrs.push_str(" loading=\"lazy\"");
    }
    attrs.push_str(" decoding=\"async\"");
    if image.webp.is_empty() {
        return format!("<img {attrs}>");
    }
    format!(
        "<picture><source type=\"image/webp\" srcset=\"{}\" sizes=\"{SIZES}\"><img {attrs}></picture>",
        srcset(&image.webp)
    )
}
