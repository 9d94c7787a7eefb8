//! `taper serve` end to end: the real binary on a fixture site, on an ephemeral port, with a
//! plain TCP client (no HTTP crate needed). Every wait is bounded by a few seconds.

mod common;
use common::*;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

const WAIT: Duration = Duration::from_secs(10);

fn site(name: &str) -> PathBuf {
    let root = scratch(name);
    write(
        &root,
        "site.yaml",
        "title: Serve Test\nbase_url: https://example.org/coach/\n",
    );
    write(
        &root,
        "content/posts/why-rest.md",
        "---\ntitle: Why Rest\ndate: 2026-09-01\n---\n## Adaptation\n\nRest is where it happens.\n",
    );
    root
}

/// The running server; killed when dropped.
struct Server {
    child: Child,
    addr: String,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn serve(root: &Path) -> Server {
    start(Command::new(assert_cmd::cargo::cargo_bin("taper")), root)
}

/// `taper serve` with at most `files` open files (its soft limit, set by the shell).
fn serve_with_file_limit(root: &Path, files: u32) -> Server {
    let mut sh = Command::new("sh");
    sh.arg("-c")
        .arg(format!("ulimit -n {files} && exec \"$0\" \"$@\""))
        .arg(assert_cmd::cargo::cargo_bin("taper"));
    start(sh, root)
}

fn start(mut command: Command, root: &Path) -> Server {
    let child = command
        .args(["serve", "--port", "0", "--root"])
        .arg(root)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("taper serve starts");
    // Owned by the guard at once, so the process is killed and reaped on every path.
    let mut server = Server {
        child,
        addr: String::new(),
    };
    let stdout = server.child.stdout.take().unwrap();
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            if tx.send(line).is_err() {
                break;
            }
        }
    });
    let deadline = Instant::now() + WAIT;
    loop {
        let left = deadline.saturating_duration_since(Instant::now());
        let line = rx
            .recv_timeout(left)
            .expect("the server prints its URL in time");
        if let Some(i) = line.find("http://127.0.0.1:") {
            let url = line[i + "http://".len()..]
                .split_whitespace()
                .next()
                .unwrap();
            server.addr = url.trim_end_matches('/').to_string();
            assert!(
                !server.addr.ends_with(":0"),
                "the real port is printed: {line}"
            );
            return server;
        }
    }
}

/// Sends a raw GET and returns the whole response as text.
fn get_raw(addr: &str, path: &str) -> String {
    get_raw_within(addr, path, WAIT)
}

/// Like [`get_raw`], waiting up to `wait` for the answer.
fn get_raw_within(addr: &str, path: &str, wait: Duration) -> String {
    let mut s = TcpStream::connect(addr).unwrap();
    s.set_read_timeout(Some(wait)).unwrap();
    write!(
        s,
        "GET {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut raw = Vec::new();
    s.read_to_end(&mut raw).unwrap();
    String::from_utf8_lossy(&raw).into_owned()
}

/// Sends a raw GET and returns (status, content type, body).
fn get(addr: &str, path: &str) -> (u16, String, String) {
    parts(&get_raw(addr, path))
}

/// A response's (status, content type, body).
fn parts(text: &str) -> (u16, String, String) {
    let (head, body) = text.split_once("\r\n\r\n").unwrap_or((text, ""));
    let status = head
        .split_whitespace()
        .nth(1)
        .and_then(|c| c.parse().ok())
        .unwrap_or(0);
    let kind = head
        .lines()
        .find_map(|l| {
            l.to_ascii_lowercase()
                .strip_prefix("content-type: ")
                .map(String::from)
        })
        .unwrap_or_default();
    (status, kind, body.to_string())
}

/// The live-reload stream, read line by line.
struct Events {
    lines: mpsc::Receiver<String>,
}

impl Events {
    fn open(addr: &str) -> Events {
        let mut s = TcpStream::connect(addr).unwrap();
        write!(s, "GET /__taper/events HTTP/1.1\r\nHost: {addr}\r\n\r\n").unwrap();
        let (tx, rx) = mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(s).lines().map_while(Result::ok) {
                if tx.send(line).is_err() {
                    break;
                }
            }
        });
        let e = Events { lines: rx };
        e.wait_for("event: hello");
        e
    }

    /// Waits for a line starting with `prefix`; returns the next `data:` line after it.
    fn wait_for(&self, prefix: &str) -> String {
        let deadline = Instant::now() + WAIT;
        let mut seen = false;
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            let line = self
                .lines
                .recv_timeout(left)
                .unwrap_or_else(|_| panic!("no `{prefix}` on the live-reload stream in time"));
            if line.starts_with(prefix) {
                seen = true;
            } else if seen && line.starts_with("data:") {
                return line;
            }
        }
    }
}

#[test]
fn serves_rebuilds_one_page_and_sends_a_reload() {
    let root = site("reload");
    let server = serve(&root);
    let (status, kind, body) = get(&server.addr, "/posts/why-rest/");
    assert_eq!(status, 200);
    assert_eq!(kind, "text/html; charset=utf-8");
    assert!(body.contains("Rest is where it happens."));
    assert!(
        body.contains("/__taper/events"),
        "the live-reload script is injected"
    );
    assert!(
        body.contains("href=\"/posts/why-rest/#adaptation\"")
            || body.contains("href=\"/style.css\""),
        "links are served from the local root, not base_url's /coach/"
    );

    let events = Events::open(&server.addr);
    write(
        &root,
        "content/posts/why-rest.md",
        "---\ntitle: Why Rest\ndate: 2026-09-01\n---\n## Adaptation\n\nSleep is where it happens.\n",
    );
    let data = events.wait_for("event: reload");
    assert!(data.contains("posts/why-rest/index.html"), "{data}");
    let (_, _, body) = get(&server.addr, "/posts/why-rest/");
    assert!(body.contains("Sleep is where it happens."));

    let (status, kind, _) = get(&server.addr, "/style.css");
    assert_eq!((status, kind.as_str()), (200, "text/css; charset=utf-8"));
    let (status, _, body) = get(&server.addr, "/no/such/page/");
    assert_eq!(status, 404);
    assert!(body.contains("Page not found"), "the site's 404.html");
    let (status, _, _) = get(&server.addr, "/posts");
    assert_eq!(status, 301, "a folder without its slash is redirected");
    for evil in [
        "/../site.yaml",
        "/%2e%2e/site.yaml",
        "/posts/..%2f..%2fsite.yaml",
        "/..\\site.yaml",
    ] {
        let (status, _, body) = get(&server.addr, evil);
        assert!(status == 400 || status == 404, "{evil}: {status}");
        assert!(
            !body.contains("Serve Test\nbase_url"),
            "{evil} leaked site.yaml"
        );
    }
}

#[test]
fn a_broken_file_shows_an_overlay_keeps_the_old_page_and_recovers() {
    let root = site("broken");
    let server = serve(&root);
    let events = Events::open(&server.addr);
    write(
        &root,
        "content/posts/why-rest.md",
        "---\ntitle: [Why Rest\n---\nBroken.\n",
    );
    let data = events.wait_for("event: build-error");
    assert!(data.contains("why-rest.md"), "{data}");
    let (status, _, body) = get(&server.addr, "/posts/why-rest/");
    assert_eq!(status, 200);
    assert!(
        body.contains("Rest is where it happens."),
        "the last good page stays"
    );
    assert!(
        body.contains("taper-error-overlay"),
        "the error is shown over it"
    );
    assert!(body.contains("content/posts/why-rest.md:2"));

    write(
        &root,
        "content/posts/why-rest.md",
        "---\ntitle: Why Rest\n---\nFixed.\n",
    );
    events.wait_for("event: reload");
    let (_, _, body) = get(&server.addr, "/posts/why-rest/");
    assert!(body.contains("Fixed."));
    assert!(!body.contains("taper-error-overlay"));
}

#[test]
fn a_template_that_loops_for_ever_shows_an_overlay_and_keeps_the_old_pages() {
    let root = site("loops");
    let server = serve(&root);
    let events = Events::open(&server.addr);
    write(
        &root,
        "templates/article.html",
        "{% for i in range(end=100000) %}{% for j in range(end=100000) %}{% endfor %}{% endfor %}\n",
    );
    let data = events.wait_for("event: build-error");
    assert!(data.contains("templates/article.html"), "{data}");
    assert!(data.contains("range()"), "{data}");
    let (status, _, body) = get(&server.addr, "/posts/why-rest/");
    assert_eq!(status, 200);
    assert!(
        body.contains("Rest is where it happens."),
        "the last good page stays"
    );
    assert!(body.contains("taper-error-overlay"));
}

#[test]
fn folder_redirects_stay_on_the_site_and_keep_the_query() {
    let root = site("redirect");
    let server = serve(&root);
    for (path, location) in [
        ("//tags", "/tags/"),
        ("///tags", "/tags/"),
        ("//posts?page=2&q=a%20b", "/posts/?page=2&q=a%20b"),
        ("/posts/why-rest", "/posts/why-rest/"),
    ] {
        let response = get_raw(&server.addr, path);
        assert!(response.starts_with("HTTP/1.1 301"), "{path}: {response}");
        let found = response
            .lines()
            .find_map(|l| {
                l.to_ascii_lowercase()
                    .strip_prefix("location: ")
                    .map(String::from)
            })
            .unwrap_or_else(|| panic!("{path}: no Location in {response}"));
        assert_eq!(found, location.to_ascii_lowercase(), "{path}");
    }
}

/// Opens a connection and sends the start of a request, never its end.
fn half_request(addr: &str) -> TcpStream {
    let mut s = TcpStream::connect(addr).unwrap();
    write!(
        s,
        "GET /posts/why-rest/ HTTP/1.1\r\nHost: {addr}\r\nX-Slow: "
    )
    .unwrap();
    s
}

/// Whether the server closes `s` within `limit` (reads EOF or a reset).
fn closed_within(mut s: TcpStream, limit: Duration) -> bool {
    s.set_read_timeout(Some(limit)).unwrap();
    let mut buf = [0u8; 1024];
    loop {
        match s.read(&mut buf) {
            Ok(0) => return true,
            Ok(_) => {}
            Err(e) => {
                return !matches!(
                    e.kind(),
                    std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut
                );
            }
        }
    }
}

#[test]
fn half_sent_headers_are_cut_off_while_other_requests_are_served() {
    let root = site("slow-headers");
    let server = serve(&root);
    let started = Instant::now();
    let slow: Vec<TcpStream> = (0..20).map(|_| half_request(&server.addr)).collect();
    let idle = TcpStream::connect(&server.addr).unwrap();
    let (status, _, body) = get(&server.addr, "/posts/why-rest/");
    assert_eq!(status, 200, "served while slow clients wait");
    assert!(body.contains("Rest is where it happens."));
    for s in slow {
        assert!(
            closed_within(s, Duration::from_secs(8)),
            "a half-sent request is still open after {:?}",
            started.elapsed()
        );
    }
    assert!(
        closed_within(idle, Duration::from_secs(8)),
        "an idle connection is closed"
    );
    assert!(
        started.elapsed() >= Duration::from_secs(2),
        "not cut before a slow network would send"
    );
    let (status, _, _) = get(&server.addr, "/posts/why-rest/");
    assert_eq!(status, 200);
}

#[test]
fn many_open_connections_do_not_exhaust_the_file_limit() {
    let root = site("many-connections");
    // 100 files: at most 50 connections, the rest stays for reading and writing the site.
    let server = serve_with_file_limit(&root, 100);
    let events = Events::open(&server.addr);
    let slow: Vec<TcpStream> = (0..150).map(|_| half_request(&server.addr)).collect();
    write(
        &root,
        "content/posts/why-rest.md",
        "---\ntitle: Why Rest\ndate: 2026-09-01\n---\n## Adaptation\n\nSleep is where it happens.\n",
    );
    let data = events.wait_for("event: reload");
    assert!(data.contains("posts/why-rest/index.html"), "{data}");
    // The waiting connections are taken in turn as the earlier ones are cut off.
    let (status, _, body) = parts(&get_raw_within(
        &server.addr,
        "/posts/why-rest/",
        Duration::from_secs(30),
    ));
    assert_eq!(status, 200);
    assert!(body.contains("Sleep is where it happens."));
    drop(slow);
}
