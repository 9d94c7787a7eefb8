//! The dev server's HTTP side: files from the output folder, the live-reload event stream, and
//! the script and error overlay injected into HTML responses.
//!
//! Files are looked up under the output path on every request (never through a handle kept
//! open, nor the process's working folder): a full rebuild swaps the output folder and deletes
//! the old one. Only files inside the output are served: `..`, encoded separators and other
//! tricks get 400, anything missing gets the site's `404.html` with status 404.

use std::convert::Infallible;
use std::path::{Path, PathBuf};
use std::sync::{Arc, RwLock};
use std::time::Duration;

use axum::Router;
use axum::body::Body;
use axum::extract::State;
use axum::http::{HeaderValue, Method, StatusCode, Uri, header};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use futures_util::stream::{self, Stream, StreamExt};
use tokio::sync::broadcast;

use crate::diagnostic::Diagnostic;

/// The path of the live-reload event stream (Server-Sent Events).
pub const EVENTS_PATH: &str = "/__taper/events";

/// What the server tells open pages.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Notice {
    /// The output changed: reload.
    Reload(Vec<String>),
    /// The last rebuild failed: show the overlay.
    Failed(String),
}

/// State shared by the rebuild thread and the HTTP handlers.
#[derive(Debug)]
pub struct Live {
    out: PathBuf,
    errors: RwLock<Vec<Diagnostic>>,
    notices: broadcast::Sender<Notice>,
}

impl Live {
    /// Serves files from `out`.
    pub fn new(out: &Path) -> Arc<Live> {
        let (notices, _) = broadcast::channel(64);
        Arc::new(Live {
            out: out.to_path_buf(),
            errors: RwLock::new(Vec::new()),
            notices,
        })
    }

    /// Records a failed rebuild and tells open pages.
    pub fn failed(&self, diagnostics: &[Diagnostic]) {
        if let Ok(mut e) = self.errors.write() {
            *e = diagnostics.to_vec();
        }
        let text: String = diagnostics.iter().map(Diagnostic::render).collect();
        let _ = self.notices.send(Notice::Failed(text));
    }

    /// Records a successful rebuild and tells open pages to reload.
    pub fn rebuilt(&self, files: Vec<String>) {
        if let Ok(mut e) = self.errors.write() {
            e.clear();
        }
        let _ = self.notices.send(Notice::Reload(files));
    }

    fn overlay(&self) -> Option<String> {
        let errors = self.errors.read().ok()?;
        if errors.is_empty() {
            return None;
        }
        let text: String = errors.iter().map(Diagnostic::render).collect();
        Some(format!(
            "<div id=\"taper-error-overlay\" role=\"alert\" style=\"position:fixed;inset:0;z-index:2147483647;overflow:auto;margin:0;padding:2rem;background:rgba(20,20,20,.94);color:#fff;font:14px/1.5 ui-monospace,monospace\"><p style=\"font-weight:bold;color:#ff8a80\">Taper could not rebuild the site. The last good pages are still served; fix the file and this page reloads by itself.</p><pre style=\"white-space:pre-wrap\">{}</pre></div>",
            escape(&text)
        ))
    }
}

/// The router: the event stream, then every other path as a file of the output.
pub fn router(live: Arc<Live>) -> Router {
    Router::new()
        .route(EVENTS_PATH, get(events))
        .fallback(file)
        .with_state(live)
}

const LIVE_RELOAD: &str = r#"<script>(function(){if(!window.EventSource)return;var s=new EventSource("/__taper/events");s.addEventListener("reload",function(){location.reload();});s.addEventListener("build-error",function(){location.reload();});})();</script>"#;

async fn events(
    State(live): State<Arc<Live>>,
) -> Sse<impl Stream<Item = Result<Event, Infallible>>> {
    let rx = live.notices.subscribe();
    let hello = stream::once(async { Ok(Event::default().event("hello").data("connected")) });
    let notices = stream::unfold(rx, |mut rx| async move {
        loop {
            match rx.recv().await {
                Ok(Notice::Reload(files)) => {
                    let data = serde_json::to_string(&files).unwrap_or_else(|_| "[]".into());
                    return Some((Ok(Event::default().event("reload").data(data)), rx));
                }
                Ok(Notice::Failed(text)) => {
                    return Some((Ok(Event::default().event("build-error").data(text)), rx));
                }
                Err(broadcast::error::RecvError::Lagged(_)) => continue,
                Err(broadcast::error::RecvError::Closed) => return None,
            }
        }
    });
    Sse::new(hello.chain(notices)).keep_alive(KeepAlive::new().interval(Duration::from_secs(15)))
}

/// Where a request path leads inside the output.
#[derive(Debug, PartialEq, Eq)]
pub enum Target {
    /// This file, relative to the output.
    File(PathBuf),
    /// A request that tries to leave the output or cannot be decoded.
    Refused,
}

/// Decodes a request path (still percent-encoded) into a path inside the output, refusing
/// `..`, `.`, encoded slashes or backslashes, NUL and invalid encodings.
pub fn target(raw: &str) -> Target {
    let mut rel = PathBuf::new();
    if raw.contains('\\') {
        return Target::Refused;
    }
    for segment in raw.split('/') {
        let Some(decoded) = percent_decode(segment) else {
            return Target::Refused;
        };
        if decoded == ".."
            || decoded == "."
            || decoded.contains(['/', '\\', '\0'])
            || decoded.contains(':')
        {
            return Target::Refused;
        }
        if !decoded.is_empty() {
            rel.push(decoded);
        }
    }
    Target::File(rel)
}

fn percent_decode(s: &str) -> Option<String> {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = s.get(i + 1..i + 3)?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

/// The `Content-Type` for a file name.
pub fn content_type(path: &Path) -> &'static str {
    let ext = path
        .extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase())
        .unwrap_or_default();
    match ext.as_str() {
        "html" | "htm" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "json" => "application/json",
        "xml" => "application/xml",
        "txt" | "md" => "text/plain; charset=utf-8",
        "ics" => "text/calendar; charset=utf-8",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "avif" => "image/avif",
        "ico" => "image/x-icon",
        "woff" => "font/woff",
        "woff2" => "font/woff2",
        "pdf" => "application/pdf",
        "mp4" => "video/mp4",
        "webm" => "video/webm",
        "gpx" => "application/gpx+xml",
        _ => "application/octet-stream",
    }
}

fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// Puts the live-reload script (and the overlay, while a rebuild is failing) before `</body>`.
fn inject(html: Vec<u8>, overlay: Option<&str>) -> Vec<u8> {
    let mut extra = String::from(LIVE_RELOAD);
    if let Some(o) = overlay {
        extra.insert_str(0, o);
    }
    let lower = html.to_ascii_lowercase();
    let at = lower
        .windows(7)
        .rposition(|w| w == b"</body>")
        .unwrap_or(html.len());
    let mut out = Vec::with_capacity(html.len() + extra.len());
    out.extend_from_slice(&html[..at]);
    out.extend_from_slice(extra.as_bytes());
    out.extend_from_slice(&html[at..]);
    out
}

fn plain(status: StatusCode, text: &'static str) -> Response {
    (
        status,
        [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
        text,
    )
        .into_response()
}

async fn file(State(live): State<Arc<Live>>, method: Method, uri: Uri) -> Response {
    if method != Method::GET && method != Method::HEAD {
        return plain(StatusCode::METHOD_NOT_ALLOWED, "405 Method Not Allowed\n");
    }
    let raw = uri.path();
    let rel = match target(raw) {
        Target::File(rel) => rel,
        Target::Refused => return plain(StatusCode::BAD_REQUEST, "400 Bad Request\n"),
    };
    let mut path = live.out.join(&rel);
    // A full rebuild swaps the output folder: for an instant it is not there.
    for _ in 0..10 {
        if live.out.is_dir() {
            break;
        }
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    if path.is_dir() {
        if !raw.ends_with('/') {
            let mut r = StatusCode::MOVED_PERMANENTLY.into_response();
            if let Ok(v) = HeaderValue::from_str(&folder_location(raw, uri.query())) {
                r.headers_mut().insert(header::LOCATION, v);
            }
            return r;
        }
        path.push("index.html");
    }
    if let Some(found) = read_inside(&live.out, &path).await {
        return respond(&live, StatusCode::OK, &path, found);
    }
    let not_found = live.out.join("404.html");
    match read_inside(&live.out, &not_found).await {
        Some(bytes) => respond(&live, StatusCode::NOT_FOUND, &not_found, bytes),
        None => {
            let overlay = live.overlay();
            let body = "<!doctype html><title>Not found</title><body><h1>404 Not Found</h1></body>"
                .to_string();
            let bytes = inject(body.into_bytes(), overlay.as_deref());
            let mut r = (StatusCode::NOT_FOUND, Body::from(bytes)).into_response();
            r.headers_mut().insert(
                header::CONTENT_TYPE,
                HeaderValue::from_static("text/html; charset=utf-8"),
            );
            r
        }
    }
}

/// Where a folder requested without its trailing slash is redirected: the same path with the
/// slash, and the query kept. Always site-relative, with exactly one leading slash: `//tags`
/// must not become `//tags/`, which a browser reads as the host `tags`.
fn folder_location(raw: &str, query: Option<&str>) -> String {
    let mut location = format!("/{}/", raw.trim_start_matches('/'));
    if let Some(q) = query {
        location.push('?');
        location.push_str(q);
    }
    location
}

/// Reads `path` if it is a file that really lies inside `out` (symbolic links resolved).
async fn read_inside(out: &Path, path: &Path) -> Option<Vec<u8>> {
    let out = tokio::fs::canonicalize(out).await.ok()?;
    let real = tokio::fs::canonicalize(path).await.ok()?;
    if !real.starts_with(&out) || !tokio::fs::metadata(&real).await.ok()?.is_file() {
        return None;
    }
    tokio::fs::read(&real).await.ok()
}

fn respond(live: &Live, status: StatusCode, path: &Path, bytes: Vec<u8>) -> Response {
    let kind = content_type(path);
    let bytes = if kind.starts_with("text/html") {
        inject(bytes, live.overlay().as_deref())
    } else {
        bytes
    };
    let mut r = (status, Body::from(bytes)).into_response();
    let headers = r.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(kind));
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    r
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_stay_inside_the_output() {
        assert_eq!(
            target("/posts/why-rest/"),
            Target::File(PathBuf::from("posts/why-rest"))
        );
        assert_eq!(
            target("/caf%C3%A9.png"),
            Target::File(PathBuf::from("café.png"))
        );
        assert_eq!(
            target("//etc/passwd"),
            Target::File(PathBuf::from("etc/passwd"))
        );
        for bad in [
            "/../secret",
            "/posts/../../x",
            "/%2e%2e/secret",
            "/%2E%2E%2Fsecret",
            "/a%2fb",
            "/a%5cb",
            "/a\\b",
            "/%00",
            "/%zz",
            "/C:/Windows",
            "/./x",
        ] {
            assert_eq!(target(bad), Target::Refused, "{bad}");
        }
    }

    #[test]
    fn folder_redirects_stay_on_the_site() {
        assert_eq!(folder_location("/posts", None), "/posts/");
        assert_eq!(folder_location("//tags", None), "/tags/");
        assert_eq!(
            folder_location("///evil.org/x", Some("a=1")),
            "/evil.org/x/?a=1"
        );
    }

    #[test]
    fn content_types_by_extension() {
        assert_eq!(
            content_type(Path::new("a/index.html")),
            "text/html; charset=utf-8"
        );
        assert_eq!(
            content_type(Path::new("style.css")),
            "text/css; charset=utf-8"
        );
        assert_eq!(content_type(Path::new("plan.json")), "application/json");
        assert_eq!(content_type(Path::new("x.PNG")), "image/png");
        assert_eq!(content_type(Path::new("x")), "application/octet-stream");
    }

    #[test]
    fn the_script_goes_before_the_body_end() {
        let out = String::from_utf8(inject(
            b"<html><body>Hi</body></html>".to_vec(),
            Some("<div>E</div>"),
        ))
        .unwrap();
        assert!(out.starts_with("<html><body>Hi<div>E</div><script>"));
        assert!(out.ends_with("</script></body></html>"));
    }
}
