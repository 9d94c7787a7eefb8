//! Rebuilding while the author writes: a full build at start, then only the pages a changed
//! file affects, written in place into the output folder.
//!
//! Plain synchronous code (rayon inside, no async): the server runs it on its own thread and
//! only hears the [`Outcome`]. A failure leaves the output as it was, so the last good pages
//! stay served; while anything is failing every change triggers a full reload, which is how
//! the site recovers by itself once the file is fixed.

use std::collections::{BTreeSet, HashMap};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use crate::build::keys::Memo;
use crate::diagnostic::Diagnostic;
use crate::site::incremental::Update;
use crate::site::output::{remove_file, replace_file};
use crate::site::{OutputFile, Site};

pub use crate::site::Options;

/// What one rebuild did.
#[derive(Debug)]
pub enum Outcome {
    /// The output changed.
    Rebuilt {
        /// Output files written or removed (paths inside the output).
        files: Vec<String>,
        /// Whether the whole site was rebuilt.
        full: bool,
        /// Time from the change to the last byte written.
        elapsed: Duration,
    },
    /// Nothing in the output changed.
    Unchanged,
    /// Something is broken; the output was left as it was.
    Failed(Vec<Diagnostic>),
}

/// Holds the loaded site between changes.
#[derive(Debug)]
pub struct Builder {
    root: PathBuf,
    out: PathBuf,
    options: Options,
    site: Option<Site>,
    /// Every job's key as last run, so only the jobs whose input changed run again.
    memo: Memo,
    /// Hash of every output file as last written, so unchanged pages are not rewritten.
    hashes: HashMap<String, u64>,
    failing: bool,
    /// Whether an edit's rebuild leaves the search index for [`Builder::catch_up`].
    defer_search: bool,
}

impl Builder {
    /// A builder for the site in `root` writing to `out`. Nothing is read until [`Builder::full`].
    pub fn new(root: &Path, out: &Path, options: Options) -> Builder {
        Builder {
            root: root.to_path_buf(),
            out: out.to_path_buf(),
            options,
            site: None,
            memo: Memo::default(),
            hashes: HashMap::new(),
            failing: true,
            defer_search: false,
        }
    }

    /// Makes [`Builder::changed`] write the edited pages without bringing the search index
    /// up to date (it reads every page's text: tens of milliseconds at 10 000 articles);
    /// [`Builder::catch_up`] does that later. What `taper serve` does.
    pub fn defer_search(&mut self, defer: bool) {
        self.defer_search = defer;
    }

    /// Whether the last rebuild left the search index behind the pages.
    pub fn search_pending(&self) -> bool {
        self.memo.pending && !self.failing
    }

    /// Brings the search index up to date after rebuilds that left it behind: the output is
    /// then what a full build gives.
    pub fn catch_up(&mut self) -> Outcome {
        if !self.search_pending() {
            return Outcome::Unchanged;
        }
        let started = Instant::now();
        let Some(site) = self.site.as_ref() else {
            return self.full();
        };
        self.memo.defer = false;
        let files = site.render_changed(&mut self.memo);
        self.finish(files, started)
    }

    /// The loaded site, once a build has succeeded.
    pub fn site(&self) -> Option<&Site> {
        self.site.as_ref()
    }

    /// Loads and builds everything, swapping the output folder atomically.
    pub fn full(&mut self) -> Outcome {
        let started = Instant::now();
        let site = match Site::load(&self.root, &self.options) {
            Ok(s) => s,
            Err(d) => return self.fail(d),
        };
        // Written as they are rendered, like `taper build`, keeping each file's digest (to
        // write only what changes later), each job's key (to run only what changes later) and
        // the rendered Markdown (to run a page's job alone).
        let written = std::sync::Mutex::new(Vec::new());
        let observe = |f: &OutputFile| {
            let mut w = written.lock().unwrap_or_else(|e| e.into_inner());
            w.push((f.path.clone(), crate::digest(&f.bytes)));
        };
        let mut memo = Memo::default();
        if let Err(d) = site.build_with(&self.out, false, Some(&mut memo), &observe) {
            return self.fail(d);
        }
        memo.take_removed();
        self.memo = memo;
        let mut written = written.into_inner().unwrap_or_else(|e| e.into_inner());
        written.sort();
        self.hashes = written.iter().cloned().collect();
        self.site = Some(site);
        self.failing = false;
        Outcome::Rebuilt {
            files: written.into_iter().map(|(path, _)| path).collect(),
            full: true,
            elapsed: started.elapsed(),
        }
    }

    fn fail(&mut self, diagnostics: Vec<Diagnostic>) -> Outcome {
        self.failing = true;
        Outcome::Failed(diagnostics)
    }

    /// Applies changed files (absolute paths or relative to the root), rebuilding only what
    /// they affect where that is known, else everything.
    pub fn changed(&mut self, paths: &[PathBuf]) -> Outcome {
        let started = Instant::now();
        if self.failing {
            return self.full();
        }
        let Some(site) = self.site.as_mut() else {
            return self.full();
        };
        let mut applied = false;
        for path in paths {
            match site.update(path, &self.options) {
                Ok(Update::Reload) => return self.full(),
                Ok(Update::Applied) => applied = true,
                Ok(Update::Nothing) => {}
                Err(d) => return self.fail(d),
            }
        }
        if !applied {
            return Outcome::Unchanged;
        }
        self.memo.defer = self.defer_search;
        let files = site.render_changed(&mut self.memo);
        self.finish(files, started)
    }

    /// Writes what a render of the changed jobs gave.
    fn finish(
        &mut self,
        files: Result<Vec<OutputFile>, Vec<Diagnostic>>,
        started: Instant,
    ) -> Outcome {
        let files = match files {
            Ok(f) => f,
            Err(d) => return self.fail(d),
        };
        let removed: BTreeSet<String> = self.memo.take_removed().into_iter().collect();
        match self.write_changed(files, removed) {
            Ok(written) if written.is_empty() => Outcome::Unchanged,
            Ok(written) => Outcome::Rebuilt {
                files: written,
                full: false,
                elapsed: started.elapsed(),
            },
            Err(d) => self.fail(d),
        }
    }

    fn write_changed(
        &mut self,
        files: Vec<OutputFile>,
        removed: BTreeSet<String>,
    ) -> Result<Vec<String>, Vec<Diagnostic>> {
        let mut written = Vec::new();
        let io = |m: String| vec![Diagnostic::error(&self.out, 0, 0, "io", m)];
        let fresh: BTreeSet<String> = files.iter().map(|f| f.path.clone()).collect();
        let digests: Vec<u64> = files.iter().map(|f| crate::digest(&f.bytes)).collect();
        for (f, h) in files.iter().zip(&digests) {
            if self.hashes.get(&f.path) != Some(h) {
                replace_file(&self.out, &f.path, &f.bytes).map_err(io)?;
                written.push(f.path.clone());
            }
        }
        for r in &removed {
            if !fresh.contains(r) {
                remove_file(&self.out, r).map_err(io)?;
                written.push(r.clone());
            }
        }
        for (f, h) in files.into_iter().zip(digests) {
            self.hashes.insert(f.path, h);
        }
        for r in removed {
            if !fresh.contains(&r) {
                self.hashes.remove(&r);
            }
        }
        Ok(written)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::fs;

    fn site(name: &str) -> PathBuf {
        let root =
            std::env::temp_dir().join(format!("taper-rebuild-{name}-{}", std::process::id()));
        let _ = fs::remove_dir_all(&root);
        fs::create_dir_all(root.join("content/posts")).unwrap();
        fs::write(root.join("site.yaml"), "title: Rebuild Test\n").unwrap();
        fs::write(
            root.join("content/posts/a.md"),
            "---\ntitle: First\ndate: 2026-01-02\n---\nHello.\n",
        )
        .unwrap();
        fs::write(
            root.join("content/posts/b.md"),
            "---\ntitle: Second\ndate: 2026-01-01\n---\nWorld.\n",
        )
        .unwrap();
        root
    }

    /// Builds the test site `name`, then rewrites `posts/a.md` as `text`: the output folder and
    /// the files the incremental rebuild wrote.
    fn after_editing_a(name: &str, text: &str) -> (PathBuf, Vec<String>) {
        let root = site(name);
        let out = root.join("public");
        let mut b = Builder::new(&root, &out, Options::default());
        assert!(matches!(b.full(), Outcome::Rebuilt { full: true, .. }));
        let a = root.join("content/posts/a.md");
        fs::write(&a, text).unwrap();
        let Outcome::Rebuilt { files, full, .. } = b.changed(std::slice::from_ref(&a)) else {
            panic!("expected a rebuild");
        };
        assert!(!full);
        (out, files)
    }

    #[test]
    fn a_body_edit_rewrites_its_page_the_feed_and_the_search_index_only() {
        let (out, files) = after_editing_a(
            "body",
            "---\ntitle: First\ndate: 2026-01-02\n---\nHello again.\n",
        );
        // The home page and posts/ list it too, but show nothing that changed. Of the search
        // index, the article's document and the terms (a new one, `again`, comes first).
        assert_eq!(
            files,
            vec![
                "posts/a/index.html",
                "atom.xml",
                "search/t/0.json",
                "search/meta.json",
                "search/d/0.json"
            ]
        );
        let page = fs::read_to_string(out.join("posts/a/index.html")).unwrap();
        assert!(page.contains("Hello again."));
    }

    #[test]
    fn a_deferred_search_index_catches_up_to_what_a_full_build_writes() {
        let root = site("defer");
        let out = root.join("public");
        let mut b = Builder::new(&root, &out, Options::default());
        b.defer_search(true);
        assert!(matches!(b.full(), Outcome::Rebuilt { full: true, .. }));
        assert!(!b.search_pending(), "a full build writes the index");
        let a = root.join("content/posts/a.md");
        fs::write(
            &a,
            "---\ntitle: First\ndate: 2026-01-02\n---\nHello zebras.\n",
        )
        .unwrap();
        let Outcome::Rebuilt { files, .. } = b.changed(std::slice::from_ref(&a)) else {
            panic!("expected a rebuild");
        };
        assert!(
            files.contains(&"posts/a/index.html".to_string()),
            "{files:?}"
        );
        assert!(!files.iter().any(|f| f.starts_with("search/")), "{files:?}");
        assert!(b.search_pending());
        let Outcome::Rebuilt { files, .. } = b.catch_up() else {
            panic!("expected the index to be written");
        };
        assert!(files.iter().all(|f| f.starts_with("search/")), "{files:?}");
        assert!(!b.search_pending());
        assert!(matches!(b.catch_up(), Outcome::Unchanged));
        // The same bytes as a full build of the edited site.
        let fresh = root.join("fresh");
        let mut f = Builder::new(&root, &fresh, Options::default());
        assert!(matches!(f.full(), Outcome::Rebuilt { .. }));
        for entry in walkdir::WalkDir::new(fresh.join("search")) {
            let entry = entry.unwrap();
            if entry.file_type().is_file() {
                let rel = entry.path().strip_prefix(&fresh).unwrap();
                assert_eq!(
                    fs::read(entry.path()).unwrap(),
                    fs::read(out.join(rel)).unwrap(),
                    "{}",
                    rel.display()
                );
            }
        }
        let _ = fs::remove_dir_all(&root);
    }

    #[test]
    fn a_title_edit_rewrites_every_page_that_shows_the_title() {
        let (out, files) = after_editing_a(
            "title",
            "---\ntitle: First, edited\ndate: 2026-01-02\n---\nHello.\n",
        );
        // The lists, the next article's "previous" link, the feed and the search index.
        assert_eq!(
            files,
            vec![
                "index.html",
                "posts/index.html",
                "posts/a/index.html",
                "posts/b/index.html",
                "atom.xml",
                "search/t/0.json",
                "search/meta.json",
                "search/d/0.json"
            ]
        );
        let page = fs::read_to_string(out.join("posts/a/index.html")).unwrap();
        assert!(page.contains("First, edited"));
    }

    #[test]
    fn a_broken_file_keeps_the_last_good_output_and_recovers() {
        let root = site("broken");
        let out = root.join("public");
        let mut b = Builder::new(&root, &out, Options::default());
        b.full();
        let a = root.join("content/posts/a.md");
        fs::write(&a, "---\ntitle: [unclosed\n---\nHello.\n").unwrap();
        assert!(matches!(
            b.changed(std::slice::from_ref(&a)),
            Outcome::Failed(_)
        ));
        assert!(
            fs::read_to_string(out.join("posts/a/index.html"))
                .unwrap()
                .contains("First")
        );
        fs::write(&a, "---\ntitle: Fixed\n---\nHello.\n").unwrap();
        assert!(matches!(b.changed(&[a]), Outcome::Rebuilt { .. }));
        assert!(
            fs::read_to_string(out.join("posts/a/index.html"))
                .unwrap()
                .contains("Fixed")
        );
    }

    #[test]
    fn a_removed_article_removes_its_page() {
        let root = site("removed");
        let out = root.join("public");
        let mut b = Builder::new(&root, &out, Options::default());
        b.full();
        let a = root.join("content/posts/a.md");
        fs::remove_file(&a).unwrap();
        let Outcome::Rebuilt { files, .. } = b.changed(&[a]) else {
            panic!("expected a rebuild");
        };
        assert!(files.contains(&"posts/a/index.html".to_string()));
        assert!(!out.join("posts/a").exists());
    }
}
