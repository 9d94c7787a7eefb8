//! The image cache: `.taper/cache/images/` below the site root keeps every resized file,
//! named by the digest of the original's bytes and the settings (`images:`, the encoder
//! version), with a small list of what was made. An image whose list and files are there is
//! not decoded again. Safe to delete (the next build makes it again); never published (it is
//! outside `content/` and `static/`, and hidden folders are not sources).

use std::io::Cursor;
use std::path::{Path, PathBuf};
use std::sync::atomic::Ordering::Relaxed;

use image::codecs::jpeg::JpegEncoder;
use image::codecs::png::PngEncoder;
use image::codecs::webp::WebPEncoder;
use image::imageops::FilterType;
use image::{DynamicImage, ImageDecoder, ImageEncoder, ImageReader};

use super::{Format, Settings, Work};

/// Changes when what is made of the same bytes and settings changes (encoders, filter).
pub(crate) const VERSION: &str = "image-0.25.9 lanczos3 1";

/// The cache folder of one site.
pub(crate) struct Cache {
    dir: PathBuf,
}

/// One file made of an image.
pub(crate) struct Made {
    pub width: u32,
    pub height: u32,
    pub ext: &'static str,
    pub file: PathBuf,
}

/// What is made of an image: its upright size and its files.
pub(crate) struct Manifest {
    pub size: (u32, u32),
    pub files: Vec<Made>,
}

impl Cache {
    pub(crate) fn new(root: &Path) -> Cache {
        Cache {
            dir: root.join(super::CACHE_DIR),
        }
    }

    /// The files of the image with digest `key`: from the cache when it has all of them, else
    /// resized and encoded now from `bytes()` (read only then) and kept.
    pub(crate) fn get_or_make(
        &self,
        key: u64,
        format: Format,
        bytes: impl FnOnce() -> Result<Vec<u8>, String>,
        settings: &Settings,
        work: &Work,
    ) -> Result<Manifest, String> {
        let list = self.dir.join(format!("{key:016x}.txt"));
        if let Some(m) = self.read(&list) {
            work.cached.fetch_add(m.files.len(), Relaxed);
            return Ok(m);
        }
        let img = decode(&bytes()?)?;
        let (w, h) = (img.width(), img.height());
        if w == 0 || h == 0 {
            return Err("it has no pixels".into());
        }
        std::fs::create_dir_all(&self.dir).map_err(|e| {
            format!(
                "the cache folder {} cannot be made: {e}",
                self.dir.display()
            )
        })?;
        let mut files = Vec::new();
        let mut webp = Vec::new();
        let mut webp_bytes = 0;
        let mut own_bytes = 0;
        for width in super::widths(w, settings) {
            let height =
                ((u64::from(h) * u64::from(width) + u64::from(w) / 2) / u64::from(w)).max(1) as u32;
            let resized = if width == w {
                img.clone()
            } else {
                img.resize_exact(width, height, FilterType::Lanczos3)
            };
            let (ext, data) = match format {
                Format::Png => ("png", png(&resized)?),
                _ => ("jpg", jpeg(&resized, settings.quality)?),
            };
            own_bytes += data.len();
            files.push(self.keep(key, width, height, ext, &data)?);
            if format == Format::Png {
                let data = webp_lossless(&resized)?;
                webp_bytes += data.len();
                webp.push((width, height, data));
            }
        }
        // WebP only when it is smaller than the PNGs it stands in for.
        if !webp.is_empty() && webp_bytes < own_bytes {
            for (width, height, data) in webp {
                files.push(self.keep(key, width, height, "webp", &data)?);
            }
        }
        work.resized.fetch_add(files.len(), Relaxed);
        let m = Manifest {
            size: (w, h),
            files,
        };
        self.write_list(&list, &m)?;
        Ok(m)
    }

    /// Writes one file into the cache (through a temporary name, so a killed build leaves no
    /// half file under the final name).
    fn keep(
        &self,
        key: u64,
        width: u32,
        height: u32,
        ext: &'static str,
        data: &[u8],
    ) -> Result<Made, String> {
        let file = self.dir.join(format!("{key:016x}-{width}.{ext}"));
        write_atomic(&file, data)?;
        Ok(Made {
            width,
            height,
            ext,
            file,
        })
    }

    fn write_list(&self, list: &Path, m: &Manifest) -> Result<(), String> {
        let mut text = format!("{} {}\n", m.size.0, m.size.1);
        for f in &m.files {
            text.push_str(&format!("{} {} {}\n", f.width, f.height, f.ext));
        }
        write_atomic(list, text.as_bytes())
    }

    /// The list of `list`, when it and every file it names are there.
    fn read(&self, list: &Path) -> Option<Manifest> {
        let text = std::fs::read_to_string(list).ok()?;
        let key = list.file_stem()?.to_string_lossy().into_owned();
        let mut lines = text.lines();
        let mut first = lines.next()?.split(' ').map(str::parse::<u32>);
        let size = (first.next()?.ok()?, first.next()?.ok()?);
        let mut files = Vec::new();
        for line in lines {
            let mut parts = line.split(' ');
            let width: u32 = parts.next()?.parse().ok()?;
            let height: u32 = parts.next()?.parse().ok()?;
            let ext = match parts.next()? {
                "jpg" => "jpg",
                "png" => "png",
                "webp" => "webp",
                _ => return None,
            };
            let file = self.dir.join(format!("{key}-{width}.{ext}"));
            if !file.is_file() {
                return None;
            }
            files.push(Made {
                width,
                height,
                ext,
                file,
            });
        }
        (!files.is_empty()).then_some(Manifest { size, files })
    }
}

/// Writes through a temporary name unique to this write: two sources with the same bytes
/// share a key and are made at once on different threads, and must not share a temporary.
fn write_atomic(file: &Path, data: &[u8]) -> Result<(), String> {
    static NEXT: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
    let n = NEXT.fetch_add(1, Relaxed);
    let tmp = file.with_extension(format!("tmp-{}-{n}", std::process::id()));
    std::fs::write(&tmp, data)
        .and_then(|()| std::fs::rename(&tmp, file))
        .map_err(|e| {
            format!(
                "the image cache cannot be written ({}): {e}",
                file.display()
            )
        })
}

/// Decodes an image of any format `image` was built with, turned upright by its EXIF
/// orientation (phone photos are often stored sideways).
fn decode(bytes: &[u8]) -> Result<DynamicImage, String> {
    let reader = ImageReader::new(Cursor::new(bytes))
        .with_guessed_format()
        .map_err(|e| e.to_string())?;
    let mut decoder = reader.into_decoder().map_err(|e| e.to_string())?;
    let orientation = decoder.orientation().map_err(|e| e.to_string())?;
    let mut img = DynamicImage::from_decoder(decoder).map_err(|e| e.to_string())?;
    img.apply_orientation(orientation);
    Ok(img)
}

fn jpeg(img: &DynamicImage, quality: u8) -> Result<Vec<u8>, String> {
    let rgb = img.to_rgb8();
    let mut out = Vec::new();
    JpegEncoder::new_with_quality(&mut out, quality)
        .encode_image(&rgb)
        .map_err(|e| e.to_string())?;
    Ok(out)
}

fn png(img: &DynamicImage) -> Result<Vec<u8>, String> {
    let mut out = Vec::new();
    PngEncoder::new(&mut out)
        .write_image(
            img.as_bytes(),
            img.width(),
            img.height(),
            img.color().into(),
        )
        .map_err(|e| e.to_string())?;
    Ok(out)
}

fn webp_lossless(img: &DynamicImage) -> Result<Vec<u8>, String> {
    let rgba = img.to_rgba8();
    let mut out = Vec::new();
    WebPEncoder::new_lossless(&mut out)
        .write_image(
            rgba.as_raw(),
            img.width(),
            img.height(),
            image::ExtendedColorType::Rgba8,
        )
        .map_err(|e| e.to_string())?;
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The figures behind "no WebP for JPEG photos": a photo's JPEG at the default quality
    /// against the lossless WebP the `image` crate can write, at each default width.
    /// `TAPER_PHOTO=lake.jpg cargo test --lib photo_sizes -- --ignored --nocapture`
    #[test]
    #[ignore = "needs a photo: TAPER_PHOTO=path"]
    fn photo_sizes() {
        let path = std::env::var("TAPER_PHOTO").expect("TAPER_PHOTO names a photo");
        let img = decode(&std::fs::read(path).unwrap()).unwrap();
        for w in super::super::widths(img.width(), &Settings::default()) {
            let h = img.height() * w / img.width();
            let r = img.resize_exact(w, h, FilterType::Lanczos3);
            let (j, p, webp) = (
                jpeg(&r, super::super::settings::DEFAULT_QUALITY)
                    .unwrap()
                    .len(),
                png(&r).unwrap().len(),
                webp_lossless(&r).unwrap().len(),
            );
            println!("{w}x{h}: jpeg q80 {j} B, png {p} B, webp lossless {webp} B");
        }
    }

    /// Two images with the same bytes have one key; made at once on several threads, every
    /// one must succeed and leave the same complete files.
    #[test]
    fn the_same_image_made_at_once_on_many_threads() {
        let dir = std::env::temp_dir().join(format!("taper-cache-race-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        let img = DynamicImage::new_rgb8(40, 30);
        let bytes = png(&img).unwrap();
        let cache = Cache::new(&dir);
        let settings = Settings::default();
        let work = Work::default();
        let start = std::sync::Barrier::new(8);
        let made: Vec<Result<Manifest, String>> = std::thread::scope(|s| {
            let handles: Vec<_> = (0..8)
                .map(|_| {
                    s.spawn(|| {
                        start.wait();
                        (0..20)
                            .map(|key| {
                                cache.get_or_make(
                                    key,
                                    Format::Png,
                                    || Ok(bytes.clone()),
                                    &settings,
                                    &work,
                                )
                            })
                            .collect::<Vec<_>>()
                    })
                })
                .collect();
            handles
                .into_iter()
                .flat_map(|h| h.join().unwrap())
                .collect()
        });
        for m in made {
            let m = m.unwrap();
            assert_eq!(m.size, (40, 30));
            for f in &m.files {
                assert!(decode(&std::fs::read(&f.file).unwrap()).is_ok());
            }
        }
        let left: Vec<_> = std::fs::read_dir(dir.join(super::super::CACHE_DIR))
            .unwrap()
            .filter_map(Result::ok)
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .filter(|n| n.contains(".tmp-"))
            .collect();
        assert!(left.is_empty(), "{left:?}");
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn a_file_that_is_no_image_is_refused() {
        assert!(decode(b"not an image").is_err());
    }
}
