//! Accepting connections for the dev server: how many may be open at once and how long a client
//! may take to send a request's headers.
//!
//! `--bind 0.0.0.0` puts the server on a network, where a client can open connections and never
//! finish a request. Each one holds a file descriptor; enough of them and the server can no
//! longer open the files it serves or rebuilds. So a connection that has not sent a complete
//! request head within [`HEADER_TIMEOUT`] (also between requests on a kept-alive connection) is
//! closed, and at most [`max_connections`] are open at once: the next ones wait in the
//! listener's queue until one closes. Not for routing or responses: that is [`super::http`].

use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use hyper::server::conn::http1;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::service::TowerToHyperService;
use tokio::net::TcpListener;
use tokio::sync::Semaphore;

/// How long a client may take to send a request's line and headers.
pub const HEADER_TIMEOUT: Duration = Duration::from_secs(5);

/// The most connections open at once when the open-file limit leaves room for them.
pub const MAX_CONNECTIONS: usize = 256;

/// Connections open at once: [`MAX_CONNECTIONS`], or half the process's open-file limit when
/// that is lower, so the other half stays for the files served, rebuilt and watched. Where the
/// limit cannot be read, half of 256 (macOS's default limit).
pub fn max_connections() -> usize {
    let limit = open_file_limit().unwrap_or(256);
    (limit / 2).clamp(8, MAX_CONNECTIONS)
}

/// The soft limit on open files, where the system says (Linux: `/proc/self/limits`).
fn open_file_limit() -> Option<usize> {
    let limits = std::fs::read_to_string("/proc/self/limits").ok()?;
    limits
        .lines()
        .find_map(|l| l.strip_prefix("Max open files"))?
        .split_whitespace()
        .next()?
        .parse()
        .ok()
}

/// Serves `router` on `listener` until `shutdown` completes. Connections still open then are
/// dropped with the runtime (an event stream never ends by itself).
pub async fn serve(
    listener: TcpListener,
    router: Router,
    shutdown: impl std::future::Future<Output = ()>,
) {
    let open = Arc::new(Semaphore::new(max_connections()));
    let mut http = http1::Builder::new();
    http.timer(TokioTimer::new())
        .header_read_timeout(HEADER_TIMEOUT);
    tokio::pin!(shutdown);
    loop {
        let permit = tokio::select! {
            p = Arc::clone(&open).acquire_owned() => p,
            () = &mut shutdown => return,
        };
        let Ok(permit) = permit else { return };
        let accepted = tokio::select! {
            a = listener.accept() => a,
            () = &mut shutdown => return,
        };
        let stream = match accepted {
            Ok((stream, _)) => stream,
            // Out of file descriptors or a connection reset before it was accepted: wait a
            // little instead of spinning, then go on.
            Err(_) => {
                tokio::time::sleep(Duration::from_millis(50)).await;
                continue;
            }
        };
        let connection = http.serve_connection(
            TokioIo::new(stream),
            TowerToHyperService::new(router.clone()),
        );
        tokio::spawn(async move {
            // A client that leaves or times out is not worth reporting.
            let _ = connection.await;
            drop(permit);
        });
    }
}
