//! Photos in articles. A Markdown image of a local file (`![Hill repeats](hills.jpg)` beside
//! the article, or `/images/x.jpg` under `static/`) becomes a responsive image: the JPEG or PNG
//! resized to the widths of `images:` in site.yaml (never above its own), a WebP copy of a PNG
//! when that is smaller, and an `<img>` with `srcset`, `sizes`, `width` and `height` (html.rs).
//!
//! The steps: [`Library::find`] reads every body for images (only bodies with a `![` in them
//! are parsed) and front matter `image:`, resolves them to the site's files and reports the
//! broken ones at their Markdown line; [`Library::prepare`] resizes each image once, in
//! parallel, through the cache in `.taper/cache/images/` (cache.rs), so a second build of the
//! same photos decodes none. The image job (`build/pages/image.rs`) writes the resized files.
//! Not here: copying the originals (they are assets like any other file).

mod cache;
mod html;
mod settings;

use foldhash::HashMap;
use std::path::{Component, Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering::Relaxed};

use pulldown_cmark::{Event, Parser, Tag};
use rayon::prelude::*;

use crate::content::{Article, markdown, shortcode};
use crate::diagnostic::Diagnostic;
use crate::site::Site;

pub use settings::Settings;
pub(crate) use settings::read as read_settings;

/// The folder below the site root that keeps resized images between builds.
pub const CACHE_DIR: &str = ".taper/cache/images";

/// How much image work the last render did: files resized and encoded, and files the cache
/// already had. Read after a build (`taper build` prints it).
#[derive(Debug, Default)]
pub struct Work {
    pub resized: AtomicUsize,
    pub cached: AtomicUsize,
}

/// The key of every image file a render has read, with the length and modification time it
/// had: a later render of the same site (`taper serve`) reads and digests a photo again only
/// when those changed, not on every edit of any page.
#[derive(Debug, Default)]
pub struct Keys(std::sync::Mutex<HashMap<PathBuf, (u64, std::time::SystemTime, u64)>>);

impl Keys {
    /// The key of `src` with `meta`, if it was worked out from the same file.
    fn known(&self, src: &Path, meta: &std::fs::Metadata) -> Option<u64> {
        let modified = meta.modified().ok()?;
        let map = self.0.lock().ok()?;
        let &(len, at, key) = map.get(src)?;
        (len == meta.len() && at == modified).then_some(key)
    }

    fn remember(&self, src: &Path, meta: &std::fs::Metadata, key: u64) {
        if let (Ok(modified), Ok(mut map)) = (meta.modified(), self.0.lock()) {
            map.insert(src.to_path_buf(), (meta.len(), modified, key));
        }
    }
}

impl Work {
    /// (files resized, files from the cache).
    pub fn get(&self) -> (usize, usize) {
        (self.resized.load(Relaxed), self.cached.load(Relaxed))
    }
}

/// What an image file is to the build.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum Format {
    Jpeg,
    Png,
    /// Shown as it is, without sizes (GIF, SVG, WebP, AVIF): resizing would lose animation
    /// or gain nothing.
    AsIs,
}

impl Format {
    fn of(path: &Path) -> Option<Format> {
        let ext = path.extension()?.to_string_lossy().to_ascii_lowercase();
        match ext.as_str() {
            "jpg" | "jpeg" => Some(Format::Jpeg),
            "png" => Some(Format::Png),
            "gif" | "svg" | "webp" | "avif" => Some(Format::AsIs),
            _ => None,
        }
    }
}

/// One resized file of an image.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(crate) struct Variant {
    pub width: u32,
    pub height: u32,
    /// `jpg`, `png` or `webp`.
    pub ext: &'static str,
    /// The output path (`posts/hills-960.1a2b3c4d.jpg`).
    pub path: String,
    /// Where the cache keeps it.
    pub file: PathBuf,
}

/// An image a page shows.
#[derive(Debug, Clone)]
pub(crate) struct Image {
    /// The file (below the site root).
    pub source: PathBuf,
    /// The original's output path (the asset copied as it is).
    pub path: String,
    /// Width and height of the original, upright; `None` for images shown as they are.
    pub size: Option<(u32, u32)>,
    /// In the original's format, narrowest first.
    pub variants: Vec<Variant>,
    /// WebP copies (PNG originals, when smaller), narrowest first.
    pub webp: Vec<Variant>,
    /// Digest of the file's bytes and the settings: the image job's key.
    pub key: u64,
}

impl Image {
    /// The widest variant: the `src`, `width`, `height` and card image.
    pub(crate) fn largest(&self) -> Option<&Variant> {
        self.variants.last()
    }
}

/// A page's card image (Open Graph, JSON-LD).
#[derive(Debug, Clone, PartialEq, Eq, Hash, serde::Serialize)]
pub struct Card {
    /// Site-relative URL.
    pub url: String,
    pub width: Option<u32>,
    pub height: Option<u32>,
    pub alt: String,
}

/// One place an image is named: a Markdown image or front matter `image:`.
struct Reference {
    article: usize,
    url: String,
    alt: String,
    line: usize,
    column: usize,
    /// Front matter `image:` (the card), not a Markdown image.
    front: bool,
}

/// Every image of a render, found and prepared.
#[derive(Debug, Default)]
pub(crate) struct Library {
    pub images: Vec<Image>,
    /// (article source, URL as written) → image.
    refs: HashMap<(PathBuf, String), usize>,
    /// Article source → its card image.
    cards: HashMap<PathBuf, Card>,
    /// Digest of every image's key, URL and card: what bodies with images depend on.
    pub digest: u64,
}

impl Library {
    /// Every image the site's bodies and front matter name, checked and resized (or read from
    /// the cache). Broken or unreadable images are errors at the line that names them.
    pub(crate) fn load(site: &Site) -> Result<Library, Vec<Diagnostic>> {
        let articles: Vec<&Article> = site
            .articles
            .iter()
            .chain(site.home.iter())
            .chain(site.sections.iter().filter_map(|s| s.intro.as_ref()))
            .collect();
        let refs: Vec<Reference> = articles
            .par_iter()
            .enumerate()
            .flat_map_iter(|(i, a)| references(i, a))
            .collect();
        if refs.is_empty() {
            return Ok(Library::default());
        }
        let assets: HashMap<&Path, &str> = site
            .assets
            .iter()
            .map(|(src, dest)| (src.as_path(), dest.as_str()))
            .collect();
        let by_dest: HashMap<&str, &Path> = site
            .assets
            .iter()
            .map(|(src, dest)| (dest.as_str(), src.as_path()))
            .collect();
        let base_path = site.config.base_path();
        let mut errors = Vec::new();
        // (source, output path, format) of each image, with every reference to it.
        let mut found: Vec<(PathBuf, String, Format)> = Vec::new();
        let mut index: HashMap<PathBuf, usize> = HashMap::default();
        let mut named: Vec<(usize, usize)> = Vec::new();
        for (ri, r) in refs.iter().enumerate() {
            let a = articles[r.article];
            let resolved = resolve(&site.root, a, &r.url, &base_path, &assets, &by_dest);
            match resolved {
                Resolved::External => {}
                Resolved::Problem(message, help) => {
                    errors.push(at(site, a, r, message, help));
                }
                Resolved::File(src, dest, format) => {
                    let i = *index.entry(src.clone()).or_insert_with(|| {
                        found.push((src, dest.to_string(), format));
                        found.len() - 1
                    });
                    named.push((ri, i));
                }
            }
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        let cache = cache::Cache::new(&site.root);
        site.progress.start(found.len());
        let prepared: Vec<Result<Image, String>> = found
            .par_iter()
            .map(|(src, dest, format)| {
                let r = prepare(site, src, dest, *format, &cache);
                site.progress.tick();
                r
            })
            .collect();
        let mut lib = Library::default();
        let mut failed: HashMap<usize, String> = HashMap::default();
        for (i, p) in prepared.into_iter().enumerate() {
            match p {
                Ok(img) => lib.images.push(img),
                Err(e) => {
                    failed.insert(i, e);
                    lib.images.push(Image {
                        source: PathBuf::new(),
                        path: String::new(),
                        size: None,
                        variants: Vec::new(),
                        webp: Vec::new(),
                        key: 0,
                    });
                }
            }
        }
        for &(ri, i) in &named {
            let r = &refs[ri];
            let a = articles[r.article];
            if let Some(e) = failed.get(&i) {
                let name = found[i].0.strip_prefix(&site.root).unwrap_or(&found[i].0);
                errors.push(at(
                    site,
                    a,
                    r,
                    format!("the image `{}` cannot be read: {e}", name.display()),
                    "save it again as a JPEG or PNG, or name another file".into(),
                ));
                continue;
            }
            lib.refs.insert((a.source.clone(), r.url.clone()), i);
            let img = &lib.images[i];
            // The card: front matter `image:`, else the first image of the text.
            let card = Card {
                url: format!(
                    "{base_path}{}",
                    img.largest().map_or(&img.path, |v| &v.path)
                ),
                width: img.largest().map(|v| v.width),
                height: img.largest().map(|v| v.height),
                alt: r.alt.clone(),
            };
            if r.front {
                lib.cards.insert(a.source.clone(), card);
            } else {
                lib.cards.entry(a.source.clone()).or_insert(card);
            }
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        let mut cards: Vec<_> = lib.cards.iter().collect();
        cards.sort_by(|a, b| a.0.cmp(b.0));
        let mut refs: Vec<_> = lib.refs.iter().collect();
        refs.sort();
        let keys: Vec<(u64, &str)> = lib
            .images
            .iter()
            .map(|i| (i.key, i.path.as_str()))
            .collect();
        lib.digest = crate::digest(&(keys, refs, cards));
        Ok(lib)
    }

    /// The HTML of a Markdown image of article `a`, or `None` when it is not a file of the
    /// site (an external URL, or an image a shortcode wrote).
    pub(crate) fn html(
        &self,
        a: &Article,
        call: &markdown::ImageCall,
        base_path: &str,
    ) -> Option<String> {
        let i = *self.refs.get(&(a.source.clone(), call.url.to_string()))?;
        Some(html::img(&self.images[i], call, base_path))
    }

    /// The card image of the page from `source`.
    pub(crate) fn card(&self, source: &Path) -> Option<&Card> {
        self.cards.get(source)
    }

    /// Whether any body or front matter names an image.
    pub(crate) fn is_empty(&self) -> bool {
        self.images.is_empty()
    }
}

/// Every Markdown image without alt text, as a warning (`taper check`): a reader who cannot
/// see it, or whose connection dropped it, gets nothing in its place.
pub fn without_alt(site: &Site) -> Vec<Diagnostic> {
    let articles = site
        .articles
        .iter()
        .chain(site.home.iter())
        .chain(site.sections.iter().filter_map(|s| s.intro.as_ref()));
    let mut out = Vec::new();
    for (i, a) in articles.enumerate() {
        for r in references(i, a) {
            if r.front || !r.alt.trim().is_empty() {
                continue;
            }
            let mut d = at(
                site,
                a,
                &r,
                format!("the image `{}` has no alt text", r.url),
                "say what it shows between the brackets: ![Six hill repeats on a grass slope](hills.jpg)".into(),
            );
            d.severity = crate::diagnostic::Severity::Warning;
            out.push(d);
        }
    }
    out
}

/// Where a reference points.
enum Resolved<'a> {
    /// Not a file of the site (`https://…`, `data:`): left as written.
    External,
    File(PathBuf, &'a str, Format),
    /// What is wrong, and the help line.
    Problem(String, String),
}

/// The Markdown images of `a`'s body and its front matter `image:`.
fn references(article: usize, a: &Article) -> Vec<Reference> {
    let mut out = Vec::new();
    if let Some((url, pos)) = &a.image {
        out.push(Reference {
            article,
            url: url.clone(),
            alt: a.title.clone(),
            line: pos.line,
            column: pos.column,
            front: true,
        });
    }
    if !a.body.contains("![") {
        return out;
    }
    let mut open: Option<(String, usize, String)> = None;
    for (event, range) in Parser::new_ext(&a.body, markdown::options()).into_offset_iter() {
        match event {
            Event::Start(Tag::Image { dest_url, .. }) => {
                open = Some((dest_url.to_string(), range.start, String::new()));
            }
            Event::Text(t) | Event::Code(t) => {
                if let Some((_, _, alt)) = open.as_mut() {
                    alt.push_str(&t);
                }
            }
            Event::End(pulldown_cmark::TagEnd::Image) => {
                if let Some((url, offset, alt)) = open.take() {
                    let (line, column) = shortcode::line_col(&a.body, offset);
                    out.push(Reference {
                        article,
                        url,
                        alt,
                        line: a.body_line + line - 1,
                        column,
                        front: false,
                    });
                }
            }
            _ => {}
        }
    }
    out
}

/// An error about reference `r` of article `a`.
fn at(site: &Site, a: &Article, r: &Reference, message: String, help: String) -> Diagnostic {
    let mut d = Diagnostic::error(&a.source, r.line, r.column, "image", message);
    d.help = Some(help);
    if let Ok(text) = std::fs::read_to_string(site.root.join(&a.source)) {
        d.source_line = text.lines().nth(r.line - 1).map(str::to_string);
    }
    d
}

/// Resolves `url`, written in `a`, to a file of the site: relative to the article's folder,
/// or from the site root when it starts with `/` (a file under `static/`, or one beside a
/// page). Never a file outside the site: a `../` above the root is an error, and only files
/// the site publishes (`assets`) are found.
fn resolve<'a>(
    root: &Path,
    a: &Article,
    url: &str,
    base_path: &str,
    assets: &HashMap<&Path, &'a str>,
    by_dest: &HashMap<&str, &'a Path>,
) -> Resolved<'a> {
    let url = url.split(['?', '#']).next().unwrap_or("");
    let scheme = url
        .split_once(':')
        .is_some_and(|(s, _)| !s.is_empty() && !s.contains('/'));
    if scheme || url.starts_with("//") {
        return Resolved::External;
    }
    if url.is_empty() {
        return Resolved::Problem(
            "the image has no file".into(),
            "write its path, like ![Hill repeats](hills.jpg)".into(),
        );
    }
    let src = if let Some(rest) = url.strip_prefix('/') {
        let rest = base_path
            .strip_prefix('/')
            .and_then(|b| rest.strip_prefix(b))
            .filter(|_| base_path != "/")
            .unwrap_or(rest);
        match by_dest.get(rest) {
            Some(src) => src.to_path_buf(),
            None => return missing(url),
        }
    } else {
        // Beside the article's file; else, as browsers read it, from the page's URL (a page
        // `posts/x/` reaches `posts/hill.svg` as `../hill.svg`).
        let mut beside = root.join(&a.source);
        beside.pop();
        let Some(beside) = walk(root, beside, url) else {
            return outside(url);
        };
        if assets.contains_key(beside.as_path()) {
            beside
        } else {
            let page = Path::new("/").join(&a.path);
            match walk(Path::new("/"), page, url) {
                Some(p) => match by_dest.get(p.to_string_lossy().trim_start_matches('/')) {
                    Some(src) => src.to_path_buf(),
                    None => return missing(url),
                },
                None => return outside(url),
            }
        }
    };
    let Some(dest) = assets.get(src.as_path()) else {
        return missing(url);
    };
    match Format::of(&src) {
        Some(f) => Resolved::File(src, dest, f),
        None => Resolved::Problem(
            format!("`{url}` is not an image a browser shows"),
            "use a JPEG, PNG, WebP, AVIF, GIF or SVG file".into(),
        ),
    }
}

/// `url`'s path components followed from `dir`, which must stay below `root`.
fn walk(root: &Path, mut dir: PathBuf, url: &str) -> Option<PathBuf> {
    for c in Path::new(url).components() {
        match c {
            Component::ParentDir => {
                if dir.strip_prefix(root).map_or(0, |r| r.components().count()) == 0 {
                    return None;
                }
                dir.pop();
            }
            Component::Normal(n) => dir.push(n),
            _ => {}
        }
    }
    Some(dir)
}

fn outside(url: &str) -> Resolved<'static> {
    Resolved::Problem(
        format!("the image `{url}` is outside the site's folder"),
        "put the photo beside the article or under static/".into(),
    )
}

fn missing(url: &str) -> Resolved<'static> {
    Resolved::Problem(
        format!("the image `{url}` names no file of the site"),
        "put the photo beside the article (![Hill repeats](hills.jpg)) or under static/ (![Hills](/images/hills.jpg))".into(),
    )
}

/// Resizes one image, or reads its files from the cache.
fn prepare(
    site: &Site,
    src: &Path,
    dest: &str,
    format: Format,
    cache: &cache::Cache,
) -> Result<Image, String> {
    let (settings, work, keys) = (&site.config.images, &site.images, &site.image_keys);
    let source = src.strip_prefix(&site.root).unwrap_or(src).to_path_buf();
    let mut img = Image {
        source,
        path: dest.to_string(),
        size: None,
        variants: Vec::new(),
        webp: Vec::new(),
        key: 0,
    };
    let read = || std::fs::read(src).map_err(|e| e.to_string());
    let meta = std::fs::metadata(src).map_err(|e| e.to_string())?;
    let mut bytes = None;
    img.key = match keys.known(src, &meta) {
        Some(key) => key,
        None => {
            let b = read()?;
            let key = crate::digest(&(&b, settings, cache::VERSION));
            keys.remember(src, &meta, key);
            bytes = Some(b);
            key
        }
    };
    if format == Format::AsIs {
        return Ok(img);
    }
    let made = cache.get_or_make(
        img.key,
        format,
        || bytes.map_or_else(read, Ok),
        settings,
        work,
    )?;
    img.size = Some(made.size);
    let name = |v: &cache::Made| -> String {
        let (dir, file) = match dest.rsplit_once('/') {
            Some((d, f)) => (format!("{d}/"), f),
            None => (String::new(), dest),
        };
        let stem = file.rsplit_once('.').map_or(file, |(s, _)| s);
        format!("{dir}{stem}-{}.{:08x}.{}", v.width, img.key as u32, v.ext)
    };
    for v in &made.files {
        let variant = Variant {
            width: v.width,
            height: v.height,
            ext: v.ext,
            path: name(v),
            file: v.file.clone(),
        };
        if v.ext == "webp" {
            img.webp.push(variant);
        } else {
            img.variants.push(variant);
        }
    }
    Ok(img)
}

/// The widths to make of an image `width` pixels wide: the configured ones below it, and
/// the image's own width when it is narrower than the widest configured one (never upscaled).
pub(crate) fn widths(width: u32, settings: &Settings) -> Vec<u32> {
    let mut out: Vec<u32> = settings
        .widths
        .iter()
        .copied()
        .filter(|&w| w < width)
        .collect();
    if settings.widths.iter().any(|&w| w >= width) || out.is_empty() {
        out.push(width);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A key is reused while the file keeps its length and time, and forgotten when either
    /// changes (a photo replaced while `taper serve` runs).
    #[test]
    fn keys_are_reused_only_for_the_same_file() {
        let dir = std::env::temp_dir().join(format!("taper-keys-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let f = dir.join("a.jpg");
        std::fs::write(&f, b"one").unwrap();
        let keys = Keys::default();
        let meta = std::fs::metadata(&f).unwrap();
        assert_eq!(keys.known(&f, &meta), None);
        keys.remember(&f, &meta, 7);
        assert_eq!(keys.known(&f, &meta), Some(7));
        std::fs::write(&f, b"longer").unwrap();
        assert_eq!(keys.known(&f, &std::fs::metadata(&f).unwrap()), None);
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn widths_are_never_above_the_original() {
        let s = Settings::default();
        assert_eq!(widths(3000, &s), vec![480, 960, 1600]);
        assert_eq!(widths(1000, &s), vec![480, 960, 1000]);
        assert_eq!(widths(1600, &s), vec![480, 960, 1600]);
        assert_eq!(widths(300, &s), vec![300]);
    }
}
