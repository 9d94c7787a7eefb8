//! The resized files of one image (`posts/hills-960.1a2b3c4d.jpg`, and `.webp` copies): read
//! from the image cache, where `images::Library::load` left them. The original is an asset,
//! copied as it is.

use crate::build::keys;
use crate::diagnostic::Diagnostic;
use crate::images::Image;
use crate::site::OutputFile;

pub(crate) fn render(img: &Image) -> Result<Vec<OutputFile>, Diagnostic> {
    img.variants
        .iter()
        .chain(&img.webp)
        .map(|v| {
            let bytes = std::fs::read(&v.file).map_err(|e| {
                Diagnostic::error(
                    &img.source,
                    0,
                    0,
                    "image",
                    format!("the resized image {} cannot be read: {e}", v.file.display()),
                )
                .with_help("delete .taper/cache/ and build again")
            })?;
            Ok(OutputFile {
                path: v.path.clone(),
                bytes,
                source: img.source.clone(),
            })
        })
        .collect()
}

/// The files depend only on the original's bytes and the settings, which the image's key
/// digests.
pub(crate) fn key(img: &Image) -> u64 {
    keys::key("image", (img.key, &img.path))
}
