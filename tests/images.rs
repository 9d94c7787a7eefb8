//! Photos: a Markdown image of a local JPEG or PNG becomes a responsive image (widths never
//! above the original's, srcset, sizes, width and height, lazy below the first), the resized
//! files decode to the sizes the HTML says, a second build resizes nothing (the cache), two
//! builds are byte-identical, and broken images are errors at their Markdown line.

mod common;

use common::*;
use image::{ImageReader, Rgb, RgbImage, Rgba, RgbaImage};
use std::path::Path;

/// A 3000 × 2000 JPEG of a gradient (small to store, and slow enough to resize to notice).
fn photo() -> Vec<u8> {
    let img = RgbImage::from_fn(3000, 2000, |x, y| Rgb([(x / 12) as u8, (y / 8) as u8, 128]));
    let mut out = Vec::new();
    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, 85)
        .encode_image(&img)
        .unwrap();
    out
}

/// A 1200 × 800 PNG chart: flat colours, where lossless WebP is smaller than PNG.
fn chart() -> Vec<u8> {
    let img = RgbaImage::from_fn(1200, 800, |x, y| {
        if (x / 100 + y / 100) % 2 == 0 {
            Rgba([47, 111, 159, 255])
        } else {
            Rgba([255, 255, 255, 255])
        }
    });
    let mut out = Vec::new();
    img.write_to(&mut std::io::Cursor::new(&mut out), image::ImageFormat::Png)
        .unwrap();
    out
}

fn site(name: &str) -> std::path::PathBuf {
    let root = scratch(name).join("site");
    write(
        &root,
        "site.yaml",
        "title: Photos\nbase_url: https://example.org/\n",
    );
    write(
        &root,
        "content/posts/hills.md",
        "---\ntitle: Hill repeats\ndate: 2026-03-01\n---\nSix times up the hill.\n\n![Hill repeats on the north slope](hills.jpg)\n\n![The week's load](/images/chart.png \"Load\")\n\n![](https://photos.example.net/x.jpg)\n",
    );
    write(&root, "content/posts/hills.jpg", photo());
    write(&root, "static/images/chart.png", chart());
    root
}

fn size_of(path: &Path) -> (u32, u32) {
    ImageReader::open(path)
        .unwrap()
        .with_guessed_format()
        .unwrap()
        .into_dimensions()
        .unwrap()
}

/// The value of `attr="…"` in the first tag of `html` that has it, after `from`.
fn attr<'a>(html: &'a str, from: &str, attr: &str) -> &'a str {
    let start = html
        .find(from)
        .unwrap_or_else(|| panic!("no {from} in {html}"));
    let rest = &html[start..];
    let key = format!(" {attr}=\"");
    let i = rest
        .find(&key)
        .unwrap_or_else(|| panic!("no {attr} after {from}"))
        + key.len();
    &rest[i..i + rest[i..].find('"').unwrap()]
}

#[test]
fn photos_become_responsive_images_and_the_cache_skips_a_second_resize() {
    let root = site("responsive");
    let out = root.join("public");
    let first = taper()
        .args(["build", "--root"])
        .arg(&root)
        .arg("--output")
        .arg(&out)
        .assert()
        .success();
    let said = String::from_utf8_lossy(&first.get_output().stdout).into_owned();
    // The JPEG at 480, 960, 1600; the PNG at 480, 960, 1200 (its own width), each in WebP too.
    assert!(
        said.contains("Images: 9 files resized, 0 from the cache"),
        "{said}"
    );
    let page = std::fs::read_to_string(out.join("posts/hills/index.html")).unwrap();
    let body = &page[page.find("<main").unwrap()..];

    // The photo: three widths, none above 1600, the aspect kept, eager (it is the first).
    let img = &body[body.find("<img src=\"/posts/hills-1600.").unwrap()..];
    let img = &img[..img.find('>').unwrap()];
    assert_eq!(attr(img, "<img", "width"), "1600");
    assert_eq!(attr(img, "<img", "height"), "1067");
    assert_eq!(attr(img, "<img", "alt"), "Hill repeats on the north slope");
    assert!(
        img.contains("decoding=\"async\"") && !img.contains("loading="),
        "{img}"
    );
    let srcset = attr(img, "<img", "srcset");
    let entries: Vec<(&str, u32)> = srcset
        .split(", ")
        .map(|e| {
            let (url, w) = e.split_once(' ').unwrap();
            (url, w.trim_end_matches('w').parse().unwrap())
        })
        .collect();
    assert_eq!(
        entries.iter().map(|e| e.1).collect::<Vec<_>>(),
        [480, 960, 1600]
    );
    for (url, w) in &entries {
        let (fw, fh) = size_of(&out.join(url.trim_start_matches('/')));
        assert_eq!(fw, *w, "{url}");
        assert_eq!(fh, (2000 * w + 1500) / 3000, "{url}");
        assert!(url.ends_with(".jpg"), "{url}");
    }
    assert!(attr(img, "<img", "sizes").contains("44rem"));
    // The original is published as it is.
    assert_eq!(size_of(&out.join("posts/hills.jpg")), (3000, 2000));

    // The PNG: never upscaled (its widest is its own 1200), a WebP source, lazy.
    let pic = &body[body.find("<picture>").unwrap()..];
    let pic = &pic[..pic.find("</picture>").unwrap()];
    assert!(pic.contains("<source type=\"image/webp\""), "{pic}");
    let webp = attr(pic, "<source", "srcset");
    assert!(webp.ends_with(" 1200w"), "{webp}");
    for e in webp.split(", ") {
        let (url, w) = e.split_once(' ').unwrap();
        let w: u32 = w.trim_end_matches('w').parse().unwrap();
        let path = out.join(url.trim_start_matches('/'));
        assert_eq!(size_of(&path), (w, w * 2 / 3), "{url}");
        assert_eq!(&std::fs::read(&path).unwrap()[8..12], b"WEBP");
    }
    assert_eq!(attr(pic, "<img", "width"), "1200");
    assert_eq!(attr(pic, "<img", "height"), "800");
    assert!(
        pic.contains("loading=\"lazy\"") && pic.contains("title=\"Load\""),
        "{pic}"
    );
    // An external image is left as written.
    assert!(
        body.contains("<img src=\"https://photos.example.net/x.jpg\" alt=\"\""),
        "{body}"
    );
    // The photo is the page's card.
    assert!(
        page.contains(
            "<meta property=\"og:image\" content=\"https://example.org/posts/hills-1600."
        ),
        "{page}"
    );
    assert!(page.contains("<meta property=\"og:image:width\" content=\"1600\">"));
    assert!(page.contains("<meta name=\"twitter:card\" content=\"summary_large_image\">"));

    // Again: nothing resized, every file from the cache, the output byte for byte the same.
    let before = files(&out);
    let second = taper()
        .args(["build", "--root"])
        .arg(&root)
        .arg("--output")
        .arg(&out)
        .assert()
        .success();
    let said = String::from_utf8_lossy(&second.get_output().stdout).into_owned();
    assert!(
        said.contains("Images: 0 files resized, 9 from the cache"),
        "{said}"
    );
    assert!(before == files(&out), "a second build changed the output");
    // The cache is not published, and a build without it makes the same files.
    assert!(
        !before.keys().any(|k| k.contains("cache")),
        "{:?}",
        before.keys()
    );
    std::fs::remove_dir_all(root.join(".taper")).unwrap();
    let third = root.join("third");
    build_into(&root, &third);
    assert!(
        before == files(&third),
        "a build without the cache made other files"
    );
}

#[test]
fn broken_images_are_errors_at_their_line() {
    let root = scratch("broken").join("site");
    write(&root, "site.yaml", "title: Photos\n");
    write(
        &root,
        "content/posts/a.md",
        "---\ntitle: A\n---\nText.\n\n![Missing](nope.jpg)\n\nSee ![up](../../../etc/passwd.png) and ![doc](notes.txt).\n",
    );
    write(&root, "content/posts/notes.txt", "not an image");
    write(
        &root,
        "content/posts/b.md",
        "---\ntitle: B\n---\n![Bad](bad.jpg)\n",
    );
    write(&root, "content/posts/bad.jpg", "not a jpeg at all");
    let err = build_fails(&root);
    assert!(err.contains("content/posts/a.md:6:1"), "{err}");
    assert!(
        err.contains("the image `nope.jpg` names no file of the site"),
        "{err}"
    );
    assert!(err.contains("content/posts/a.md:8:5"), "{err}");
    assert!(err.contains("outside the site's folder"), "{err}");
    assert!(err.contains("content/posts/a.md:8:40"), "{err}");
    assert!(
        err.contains("`notes.txt` is not an image a browser shows"),
        "{err}"
    );
    let _ = std::fs::remove_file(root.join("content/posts/a.md"));
    let err = build_fails(&root);
    assert!(err.contains("content/posts/b.md:4:1"), "{err}");
    assert!(
        err.contains("the image `content/posts/bad.jpg` cannot be read"),
        "{err}"
    );
}

#[test]
fn check_warns_of_an_image_without_alt_text() {
    let root = site("alt");
    let out = taper()
        .args(["check", "--root"])
        .arg(&root)
        .assert()
        .success();
    let said = String::from_utf8_lossy(&out.get_output().stderr).into_owned()
        + &String::from_utf8_lossy(&out.get_output().stdout);
    assert!(said.contains("content/posts/hills.md:11:1"), "{said}");
    assert!(
        said.contains("the image `https://photos.example.net/x.jpg` has no alt text"),
        "{said}"
    );
    assert_eq!(said.matches("has no alt text").count(), 1, "{said}");
    // With warnings denied, it fails; the resized files are found by the link check.
    taper()
        .args(["check", "--deny-warnings", "--root"])
        .arg(&root)
        .assert()
        .code(1);
}
