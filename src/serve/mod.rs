//! `taper serve`: build the site (drafts included), serve it on loopback, watch the sources,
//! rebuild what a change affects and reload open pages.
//!
//! Three parts that only meet through [`http::Live`]: the watcher ([`watch`]) sends batches of
//! changed paths to the rebuild thread ([`rebuild`]), which writes the output and tells `Live`;
//! the HTTP side ([`http`]) serves the output folder and streams `Live`'s notices to pages,
//! over connections that [`connections`] accepts with a cap and a header timeout.
//! Not for production: the server injects a script into every HTML page.

pub mod connections;
pub mod http;
pub mod rebuild;
pub mod watch;

use std::io::Write;
use std::net::{IpAddr, SocketAddr};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::mpsc;

use crate::diagnostic::Diagnostic;
use crate::site::Options;
use http::Live;
use rebuild::{Builder, Outcome};
use watch::Watcher;

/// What `taper serve` was asked to do.
#[derive(Debug, Clone)]
pub struct ServeOptions {
    /// The site folder.
    pub root: PathBuf,
    /// The output folder (default `<root>/.taper/serve`, so drafts never land in `public/`).
    pub output: Option<PathBuf>,
    /// Address to listen on (127.0.0.1 unless the user says otherwise).
    pub bind: IpAddr,
    /// Port; 0 picks a free one.
    pub port: u16,
    /// Open the site in a browser once it is served.
    pub open: bool,
}

/// How long edits must pause before `taper serve` brings the search index up to date.
const SETTLE: std::time::Duration = std::time::Duration::from_millis(300);

fn problem(code: &'static str, message: String, help: &str) -> Vec<Diagnostic> {
    vec![Diagnostic::error("", 0, 0, code, message).with_help(help)]
}

fn print_outcome(outcome: &Outcome) {
    match outcome {
        Outcome::Rebuilt {
            files,
            full,
            elapsed,
        } => {
            let what = if *full {
                format!("Rebuilt the site ({} files)", files.len())
            } else {
                let mut shown: Vec<&str> = files.iter().take(3).map(String::as_str).collect();
                if files.len() > 3 {
                    shown.push("…");
                }
                format!("Rebuilt {} ({})", files.len(), shown.join(", "))
            };
            println!("{what} in {:.1} ms", elapsed.as_secs_f64() * 1000.0);
        }
        Outcome::Unchanged => {}
        Outcome::Failed(diags) => {
            let mut err = std::io::stderr().lock();
            for d in diags {
                let _ = write!(err, "{}", d.render());
            }
            let _ = writeln!(
                err,
                "error: the site was not rebuilt; still serving the last good pages"
            );
        }
    }
    let _ = std::io::stdout().flush();
}

/// Builds, serves and watches until Ctrl-C. Errors are returned only when serving cannot
/// start (the port is taken, the output folder may not be replaced); a broken site file is
/// reported and served as an overlay instead.
pub fn run(opts: &ServeOptions) -> Result<(), Vec<Diagnostic>> {
    let root = std::fs::canonicalize(&opts.root).map_err(|e| {
        problem(
            "root",
            format!("cannot open the site folder `{}`: {e}", opts.root.display()),
            "pass the folder that holds site.yaml with --root",
        )
    })?;
    let out = match &opts.output {
        Some(o) if o.is_absolute() => o.clone(),
        Some(o) => std::env::current_dir()
            .map(|c| c.join(o))
            .unwrap_or(o.clone()),
        // Not `public/`: the served site has drafts and local links, and `public/` is what
        // gets deployed. A hidden folder in the site root is never read as content.
        None => root.join(".taper").join("serve"),
    };
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| {
            problem(
                "serve",
                format!("cannot start the server: {e}"),
                "try again",
            )
        })?;
    runtime.block_on(serve(root, out, opts))
}

async fn serve(root: PathBuf, out: PathBuf, opts: &ServeOptions) -> Result<(), Vec<Diagnostic>> {
    let addr = SocketAddr::new(opts.bind, opts.port);
    let listener = tokio::net::TcpListener::bind(addr).await.map_err(|e| {
        problem(
            "serve",
            format!("cannot listen on {addr}: {e}"),
            "choose another port with --port (0 picks a free one)",
        )
    })?;
    let local = listener
        .local_addr()
        .map_err(|e| problem("serve", format!("cannot listen: {e}"), "try again"))?;
    let url = format!("http://{local}/");
    let options = Options {
        drafts: true,
        base_url: Some(url.clone()),
        ..Options::default()
    };
    let live = Live::new(&out);
    let mut builder = Builder::new(&root, &out, options);
    builder.defer_search(true);
    let first = builder.full();
    print_outcome(&first);
    if let Outcome::Failed(diags) = &first {
        if diags.iter().any(|d| d.code == "output") {
            return Err(diags.clone());
        }
        live.failed(diags);
    }

    let (tx, rx) = mpsc::channel::<Vec<PathBuf>>();
    let mut watcher = Watcher::start(&root, tx)
        .map_err(|m| problem("watch", m, "check that the site folder is readable"))?;
    let rebuild_live = Arc::clone(&live);
    std::thread::spawn(move || {
        let show = |outcome: Outcome| {
            print_outcome(&outcome);
            match outcome {
                Outcome::Rebuilt { files, .. } => rebuild_live.rebuilt(files),
                Outcome::Failed(diags) => rebuild_live.failed(&diags),
                Outcome::Unchanged => {}
            }
        };
        loop {
            // The edited pages first; the search index once edits pause for SETTLE.
            let mut batch = if builder.search_pending() {
                match rx.recv_timeout(SETTLE) {
                    Ok(batch) => batch,
                    Err(mpsc::RecvTimeoutError::Timeout) => {
                        show(builder.catch_up());
                        continue;
                    }
                    Err(mpsc::RecvTimeoutError::Disconnected) => break,
                }
            } else {
                match rx.recv() {
                    Ok(batch) => batch,
                    Err(_) => break,
                }
            };
            // Take every batch that is already waiting: one rebuild for all of them.
            while let Ok(more) = rx.try_recv() {
                batch.extend(more);
            }
            let _ = watcher.watch_new_folders();
            show(builder.changed(&batch));
        }
    });

    println!(
        "Serving {} at {url} (drafts included; Ctrl-C to stop)",
        display(&root)
    );
    if !local.ip().is_loopback() {
        println!(
            "note: listening on {}: other machines on your network can read the site",
            local.ip()
        );
    }
    let _ = std::io::stdout().flush();
    if opts.open {
        open_browser(&url);
    }
    connections::serve(listener, http::router(live), async {
        let _ = tokio::signal::ctrl_c().await;
    })
    .await;
    Ok(())
}

fn display(p: &Path) -> String {
    p.display().to_string()
}

/// Opens `url` with the platform's opener; a failure is only worth a note.
fn open_browser(url: &str) {
    let program = if cfg!(target_os = "macos") {
        "open"
    } else if cfg!(target_os = "windows") {
        "explorer"
    } else {
        "xdg-open"
    };
    if let Err(e) = std::process::Command::new(program)
        .arg(url)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
    {
        eprintln!("note: could not open a browser ({program}: {e}); open {url} yourself");
    }
}
