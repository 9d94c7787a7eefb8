//! Watching the site's sources (`content/`, `templates/`, `static/`, `site.yaml`) for changes,
//! debounced so that an editor's save arrives as one batch of paths.
//!
//! The output folder is never watched (the server's own writes would trigger rebuilds), and
//! hidden files (editor swap files, Taper's temporary folders) are ignored.

use std::path::{Path, PathBuf};
use std::sync::mpsc::Sender;
use std::time::Duration;

use notify_debouncer_full::notify::{RecommendedWatcher, RecursiveMode};
use notify_debouncer_full::{DebounceEventResult, Debouncer, RecommendedCache, new_debouncer};

/// The folders below the site root that hold sources.
pub const SOURCE_DIRS: [&str; 3] = ["content", "templates", "static"];

/// How long the watcher waits for a burst of events to end.
pub const DEBOUNCE: Duration = Duration::from_millis(40);

/// A running watcher; dropping it stops watching.
pub struct Watcher {
    debouncer: Debouncer<RecommendedWatcher, RecommendedCache>,
    root: PathBuf,
    watched: Vec<PathBuf>,
}

impl std::fmt::Debug for Watcher {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Watcher")
            .field("root", &self.root)
            .field("watched", &self.watched)
            .finish()
    }
}

/// Whether a changed path can matter to the site in `root`.
pub fn is_source(root: &Path, path: &Path) -> bool {
    let Ok(rel) = path.strip_prefix(root) else {
        return false;
    };
    if rel
        .components()
        .any(|c| c.as_os_str().to_string_lossy().starts_with('.'))
    {
        return false;
    }
    let first = rel
        .components()
        .next()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .unwrap_or_default();
    first == "site.yaml" || SOURCE_DIRS.contains(&first.as_str())
}

impl Watcher {
    /// Starts watching the site in `root` (an absolute path); batches of changed source paths
    /// are sent to `changes`.
    pub fn start(root: &Path, changes: Sender<Vec<PathBuf>>) -> Result<Watcher, String> {
        let filter_root = root.to_path_buf();
        let debouncer = new_debouncer(DEBOUNCE, None, move |result: DebounceEventResult| {
            let Ok(events) = result else {
                return;
            };
            let mut paths: Vec<PathBuf> = Vec::new();
            // Reading a file (the build itself does) is an `Access` event: not a change.
            for e in events.iter().filter(|e| !e.kind.is_access()) {
                for p in &e.paths {
                    if is_source(&filter_root, p) && !paths.contains(p) {
                        paths.push(p.clone());
                    }
                }
            }
            if !paths.is_empty() {
                let _ = changes.send(paths);
            }
        })
        .map_err(|e| format!("cannot watch the site: {e}"))?;
        let mut w = Watcher {
            debouncer,
            root: root.to_path_buf(),
            watched: Vec::new(),
        };
        w.debouncer
            .watch(root, RecursiveMode::NonRecursive)
            .map_err(|e| format!("cannot watch `{}`: {e}", root.display()))?;
        w.watch_new_folders()?;
        Ok(w)
    }

    /// Starts watching source folders created since the last call (`templates/` added later).
    pub fn watch_new_folders(&mut self) -> Result<(), String> {
        for dir in SOURCE_DIRS {
            let d = self.root.join(dir);
            if d.is_dir() && !self.watched.contains(&d) {
                self.debouncer
                    .watch(&d, RecursiveMode::Recursive)
                    .map_err(|e| format!("cannot watch `{}`: {e}", d.display()))?;
                self.watched.push(d);
            }
        }
        self.watched.retain(|d| d.is_dir());
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_sources_count() {
        let root = Path::new("/site");
        assert!(is_source(root, Path::new("/site/content/posts/a.md")));
        assert!(is_source(root, Path::new("/site/site.yaml")));
        assert!(is_source(root, Path::new("/site/templates/base.html")));
        assert!(!is_source(root, Path::new("/site/public/index.html")));
        assert!(!is_source(root, Path::new("/site/content/.a.md.swp")));
        assert!(!is_source(root, Path::new("/site/.public.taper-tmp-1")));
        assert!(!is_source(root, Path::new("/elsewhere/content/a.md")));
    }
}
