//! Writing the output safely: build into a temporary folder beside the output, swap it in
//! only when everything succeeded, and never replace a folder Taper did not write.

use std::fs;
use std::path::{Component, Path, PathBuf};

use crate::diagnostic::Diagnostic;

/// The file that marks a folder as Taper's output.
pub const MARKER: &str = ".taper-output";
const MARKER_TEXT: &str = "This folder is written by `taper build` and replaced on every build.\n";

/// A build in progress: files go to a temporary folder until [`Staging::commit`].
#[derive(Debug)]
pub struct Staging {
    tmp: PathBuf,
    /// The resolved output folder.
    out: PathBuf,
    /// The output folder as the user named it.
    shown: PathBuf,
    committed: bool,
    /// Folders already created, so each is made once (mkdir is slow on some file systems).
    made: std::sync::Mutex<std::collections::HashSet<PathBuf>>,
}

/// The path a build will really write for `p`: taken against the current folder, every
/// part that exists resolved with its symbolic links, and `..` applied after that, as the
/// system applies it once the missing folders are created (`nx/../content` is `content`, and
/// `link/..` is the parent of the link's target). The build writes to this path, so the
/// guard judges exactly what will be written.
pub(crate) fn resolve(p: &Path) -> PathBuf {
    let mut cur = if p.is_absolute() {
        PathBuf::new()
    } else {
        std::env::current_dir()
            .and_then(fs::canonicalize)
            .unwrap_or_default()
    };
    for c in p.components() {
        match c {
            Component::Prefix(_) | Component::RootDir => cur.push(c.as_os_str()),
            Component::CurDir => {}
            Component::ParentDir => {
                cur.pop();
            }
            Component::Normal(name) => {
                cur.push(name);
                if let Ok(real) = fs::canonicalize(&cur) {
                    cur = real;
                }
            }
        }
    }
    cur
}

fn refuse(out: &Path, message: String, help: &str) -> Diagnostic {
    Diagnostic::error(out, 0, 0, "output", message).with_help(help)
}

/// Why `out` (resolved) may not be replaced, whatever `--force` says: it is or holds the
/// site, a source, or the home folder.
fn forbidden(root: &Path, out: &Path, shown: &Path) -> Option<Diagnostic> {
    let shown = shown.display();
    if out.parent().is_none() {
        return Some(refuse(
            out,
            "refusing to write the site into the file-system root".into(),
            "choose a folder such as `public`",
        ));
    }
    if root.starts_with(out) {
        return Some(refuse(
            out,
            format!(
                "`{shown}` is the site folder or one of its parents; building there would delete the site"
            ),
            "use an output folder inside the site, such as `public` (the default)",
        ));
    }
    for own in ["content", "templates", "static", "site.yaml"] {
        let source = root.join(own);
        if out.starts_with(&source) {
            let what = if own.contains('.') {
                format!("the site's `{own}`")
            } else {
                format!("inside the site's `{own}/` folder")
            };
            return Some(refuse(
                out,
                format!("`{shown}` is {what}: building there would replace your sources"),
                "use an output folder such as `public`",
            ));
        }
    }
    if let Some(home) = std::env::var_os("HOME").filter(|h| !h.is_empty())
        && resolve(Path::new(&home)).starts_with(out)
    {
        return Some(refuse(
            out,
            format!("`{shown}` is your home folder or a parent of it"),
            "use an output folder such as `public`",
        ));
    }
    None
}

/// The name of a staging (`tmp`) or set-aside (`old`) folder of output `name` for process `pid`.
fn sibling(name: &str, kind: &str, pid: u32) -> String {
    format!(".{name}.taper-{kind}-{pid}")
}

/// Whether process `pid` is still running (a folder it owns must be left alone).
fn alive(pid: u32) -> bool {
    #[cfg(unix)]
    {
        let Some(pid) = i32::try_from(pid)
            .ok()
            .and_then(rustix::process::Pid::from_raw)
        else {
            return false;
        };
        // EPERM: it exists but belongs to someone else.
        !matches!(
            rustix::process::test_kill_process(pid),
            Err(rustix::io::Errno::SRCH)
        )
    }
    #[cfg(not(unix))]
    {
        // No cheap portable check: treat it as running, so nothing of a live build is removed.
        let _ = pid;
        true
    }
}

/// Removes what killed builds of output `name` left in `parent`: folders named like our own
/// staging or set-aside folders whose process is gone, when they hold our marker or nothing
/// at all. Nothing else.
fn remove_leftovers(parent: &Path, name: &str) {
    let Ok(entries) = fs::read_dir(parent) else {
        return;
    };
    for entry in entries.filter_map(Result::ok) {
        let file_name = entry.file_name();
        let Some(rest) = file_name
            .to_str()
            .and_then(|f| f.strip_prefix(&format!(".{name}.taper-")))
        else {
            continue;
        };
        let Some((kind, pid)) = rest.split_once('-') else {
            continue;
        };
        let Ok(pid) = pid.parse::<u32>() else {
            continue;
        };
        let path = entry.path();
        let named = matches!(kind, "tmp" | "old")
            && sibling(name, kind, pid) == file_name.to_string_lossy()
            && entry.file_type().is_ok_and(|t| t.is_dir());
        if !named || pid == std::process::id() || alive(pid) {
            continue;
        }
        if path.join(MARKER).is_file() {
            remove_marked(&path);
        } else {
            // Killed between creating the folder and marking it: removed only while empty.
            let _ = fs::remove_dir(&path);
        }
    }
}

/// Staging folders of this process, for [`discard_staging`].
static STAGED: std::sync::Mutex<Vec<PathBuf>> = std::sync::Mutex::new(Vec::new());

/// Removes this process's staging folders, for a process about to exit in the middle of a
/// build (a stuck template render); the output itself is not touched.
pub fn discard_staging() {
    if let Ok(staged) = STAGED.lock() {
        for tmp in staged.iter() {
            remove_marked(tmp);
        }
    }
}

/// Removes a folder of ours with its marker last, so that a kill in the middle leaves either
/// a marked folder or an empty one: both are recognised as leftovers by the next build.
fn remove_marked(dir: &Path) {
    if let Ok(entries) = fs::read_dir(dir) {
        for entry in entries.filter_map(Result::ok) {
            if entry.file_name() == MARKER {
                continue;
            }
            let path = entry.path();
            let _ = if entry.file_type().is_ok_and(|t| t.is_dir()) {
                fs::remove_dir_all(&path)
            } else {
                fs::remove_file(&path)
            };
        }
    }
    let _ = fs::remove_file(dir.join(MARKER));
    let _ = fs::remove_dir(dir);
}

/// A new file in the staging folder: never one written before (a second write of a path is
/// an error, not a replacement).
fn create_new(path: &Path) -> std::io::Result<fs::File> {
    fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)
}

/// Test hook: a debug build run with `TAPER_CRASH_AT=<point>` dies at that point as a
/// `kill -9` would (no clean-up), so tests can prove the output survives it.
fn crash_point(point: &str) {
    #[cfg(debug_assertions)]
    if std::env::var_os("TAPER_CRASH_AT").is_some_and(|p| p == point) {
        std::process::abort();
    }
    #[cfg(not(debug_assertions))]
    let _ = point;
}

/// Puts `new` in place of `out`, which exists, and returns where the previous output is now.
/// On Linux this is one atomic exchange, so `out` is always a whole site, old or new;
/// elsewhere (or on a file system without it) two renames to and from `aside`, with the old
/// output put back when the second fails.
fn exchange(new: &Path, out: &Path, aside: &Path) -> std::io::Result<PathBuf> {
    #[cfg(any(target_os = "linux", target_os = "android"))]
    {
        use rustix::fs::{CWD, RenameFlags, renameat_with};
        match renameat_with(CWD, new, CWD, out, RenameFlags::EXCHANGE) {
            Ok(()) => return Ok(new.to_path_buf()),
            Err(e) if e == rustix::io::Errno::INVAL || e == rustix::io::Errno::NOSYS => {}
            Err(e) => return Err(e.into()),
        }
    }
    fs::rename(out, aside)?;
    crash_point("between-renames");
    fs::rename(new, out).inspect_err(|_| {
        let _ = fs::rename(aside, out);
    })?;
    Ok(aside.to_path_buf())
}

impl Staging {
    /// Checks that `out` may be replaced and creates the temporary folder beside it.
    pub fn begin(root: &Path, out: &Path, force: bool) -> Result<Staging, Diagnostic> {
        let root_abs = resolve(root);
        let out_abs = resolve(out);
        if let Some(d) = forbidden(&root_abs, &out_abs, out) {
            return Err(d);
        }
        if let Ok(meta) = fs::symlink_metadata(&out_abs) {
            if !meta.is_dir() {
                return Err(refuse(
                    out,
                    format!("`{}` exists and is not a folder", out.display()),
                    "remove it or choose another --output",
                ));
            }
            let marked = out_abs.join(MARKER).is_file();
            let empty = fs::read_dir(&out_abs)
                .map(|mut d| d.next().is_none())
                .unwrap_or(false);
            if !marked && !empty && !force {
                return Err(refuse(
                    out,
                    format!(
                        "`{}` holds files that Taper did not write; refusing to replace it",
                        out.display()
                    ),
                    "choose an empty or new folder, or pass --force to replace it anyway",
                ));
            }
        }
        let parent = out_abs.parent().map(Path::to_path_buf).unwrap_or_default();
        fs::create_dir_all(&parent).map_err(|e| {
            refuse(
                out,
                format!("cannot create `{}`: {e}", parent.display()),
                "check the path and permissions",
            )
        })?;
        let name = out_abs
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| "public".into());
        remove_leftovers(&parent, &name);
        let tmp = parent.join(sibling(&name, "tmp", std::process::id()));
        if tmp.exists() {
            remove_marked(&tmp);
        }
        // The marker goes in first: a build killed from here on leaves a folder that the
        // next build recognises as its own leftover.
        fs::create_dir_all(&tmp)
            .and_then(|()| fs::write(tmp.join(MARKER), MARKER_TEXT))
            .map_err(|e| {
                refuse(
                    out,
                    format!(
                        "cannot create the temporary folder `{}`: {e}",
                        tmp.display()
                    ),
                    "check permissions on the output's parent folder",
                )
            })?;
        if let Ok(mut staged) = STAGED.lock() {
            staged.push(tmp.clone());
        }
        Ok(Staging {
            tmp,
            out: out_abs,
            shown: out.to_path_buf(),
            committed: false,
            made: Default::default(),
        })
    }

    /// The output folder as the user named it, for messages.
    pub fn shown(&self) -> &Path {
        &self.shown
    }

    /// A failed write into the staged output, blamed on the output folder.
    fn write_error(&self, rel: &str, e: &std::io::Error) -> Diagnostic {
        Diagnostic::error(
            &self.shown,
            0,
            0,
            "io",
            format!("cannot write `{rel}` into the output folder: {e}"),
        )
        .with_help(format!(
            "the previous output in `{}` is untouched; fix the cause (free space, permissions) and build again",
            self.shown.display()
        ))
    }

    /// Writes `bytes` to `rel` inside the staged output. `rel` must stay inside it, and each
    /// path is written once: a second write of the same path is an error, never a silent
    /// replacement.
    pub fn write(&self, rel: &str, bytes: &[u8]) -> Result<(), Diagnostic> {
        use std::io::Write as _;
        let path = self.contained(rel)?;
        if let Some(parent) = path.parent() {
            self.make_dir(parent)
                .map_err(|e| self.write_error(rel, &e))?;
        }
        let mut file = create_new(&path).map_err(|e| {
            if e.kind() == std::io::ErrorKind::AlreadyExists {
                Diagnostic::error(
                    &self.shown,
                    0,
                    0,
                    "output-conflict",
                    format!("two outputs were written to `{rel}`"),
                )
                .with_help("this is a bug in Taper: please report it with your site")
            } else {
                self.write_error(rel, &e)
            }
        })?;
        file.write_all(bytes).map_err(|e| self.write_error(rel, &e))
    }

    fn make_dir(&self, dir: &Path) -> std::io::Result<()> {
        let known = self.made.lock().map(|m| m.contains(dir)).unwrap_or(false);
        if !known {
            fs::create_dir_all(dir)?;
            if let Ok(mut m) = self.made.lock() {
                let mut d = Some(dir);
                while let Some(p) = d.filter(|p| p.starts_with(&self.tmp)) {
                    m.insert(p.to_path_buf());
                    d = p.parent();
                }
            }
        }
        Ok(())
    }

    /// Copies `src` (shown as `shown_src`) to `rel` inside the staged output. A failure to
    /// read blames the source; a failure to write blames the output folder.
    pub fn copy(&self, src: &Path, shown_src: &Path, rel: &str) -> Result<(), Diagnostic> {
        use std::io::{Read as _, Write as _};
        let read_error = |e: std::io::Error| {
            Diagnostic::error(shown_src, 0, 0, "io", format!("cannot read: {e}"))
        };
        let path = self.contained(rel)?;
        let mut from = fs::File::open(src).map_err(read_error)?;
        if let Some(parent) = path.parent() {
            self.make_dir(parent)
                .map_err(|e| self.write_error(rel, &e))?;
        }
        let mut to = create_new(&path).map_err(|e| self.write_error(rel, &e))?;
        let mut buf = vec![0u8; 256 * 1024];
        loop {
            let n = match from.read(&mut buf) {
                Ok(0) => return Ok(()),
                Ok(n) => n,
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
                Err(e) => return Err(read_error(e)),
            };
            to.write_all(&buf[..n])
                .map_err(|e| self.write_error(rel, &e))?;
        }
    }

    fn contained(&self, rel: &str) -> Result<PathBuf, Diagnostic> {
        inside(&self.tmp, rel).map_err(|m| Diagnostic::error(&self.shown, 0, 0, "output", m))
    }

    /// Swaps the staged output in place of the old one.
    pub fn commit(mut self) -> Result<(), Diagnostic> {
        let name = self
            .out
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let aside = self
            .tmp
            .with_file_name(sibling(&name, "old", std::process::id()));
        crash_point("before-swap");
        let swapped = if fs::symlink_metadata(&self.out).is_ok() {
            exchange(&self.tmp, &self.out, &aside).map(Some)
        } else {
            fs::rename(&self.tmp, &self.out).map(|()| None)
        };
        let old = swapped.map_err(|e| {
            Diagnostic::error(
                &self.shown,
                0,
                0,
                "io",
                format!("cannot move the new output into place: {e}"),
            )
            .with_help(format!(
                "the previous output in `{}` is untouched",
                self.shown.display()
            ))
        })?;
        self.committed = true;
        crash_point("after-swap");
        if let Some(old) = old {
            remove_marked(&old);
        }
        Ok(())
    }
}

/// Replaces one file inside an existing output folder (written by an earlier build), so a
/// reader never sees half a file: the bytes go to a temporary file that is renamed over it.
/// Used by `taper serve` to update a few pages without rewriting the whole site.
pub fn replace_file(out: &Path, rel: &str, bytes: &[u8]) -> Result<(), String> {
    let path = inside(out, rel)?;
    if let Some(parent) = path.parent() {
        fs::create_dir_all(parent)
            .map_err(|e| format!("cannot create `{}`: {e}", parent.display()))?;
    }
    let tmp = path.with_file_name(format!(
        ".{}.taper-tmp-{}",
        path.file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default(),
        std::process::id()
    ));
    fs::write(&tmp, bytes).map_err(|e| format!("cannot write `{rel}`: {e}"))?;
    fs::rename(&tmp, &path).map_err(|e| {
        let _ = fs::remove_file(&tmp);
        format!("cannot replace `{rel}`: {e}")
    })
}

/// Removes one file from an existing output folder, and its folder when that is left empty.
pub fn remove_file(out: &Path, rel: &str) -> Result<(), String> {
    let path = inside(out, rel)?;
    match fs::remove_file(&path) {
        Ok(()) => {}
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
        Err(e) => return Err(format!("cannot remove `{rel}`: {e}")),
    }
    if let Some(parent) = path.parent()
        && parent != out
    {
        // Fails, harmlessly, when the folder still holds something.
        let _ = fs::remove_dir(parent);
    }
    Ok(())
}

fn inside(out: &Path, rel: &str) -> Result<PathBuf, String> {
    let p = Path::new(rel);
    if rel.is_empty() || !p.components().all(|c| matches!(c, Component::Normal(_))) {
        return Err(format!(
            "refusing to write `{rel}`: it would leave the output folder"
        ));
    }
    Ok(out.join(p))
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.committed {
            remove_marked(&self.tmp);
        }
        if let Ok(mut staged) = STAGED.lock() {
            staged.retain(|t| t != &self.tmp);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tmpdir(name: &str) -> PathBuf {
        let d = std::env::temp_dir().join(format!("taper-out-{name}-{}", std::process::id()));
        let _ = fs::remove_dir_all(&d);
        fs::create_dir_all(&d).unwrap();
        d
    }

    #[test]
    fn refuses_the_site_root_and_foreign_folders() {
        let root = tmpdir("root");
        assert!(Staging::begin(&root, &root, true).is_err());
        assert!(Staging::begin(&root, root.parent().unwrap(), true).is_err());
        assert!(Staging::begin(&root, &root.join("content/x"), true).is_err());
        let foreign = root.join("public");
        fs::create_dir_all(&foreign).unwrap();
        fs::write(foreign.join("notes.txt"), "mine").unwrap();
        let e = Staging::begin(&root, &foreign, false).unwrap_err();
        assert!(e.message.contains("did not write"));
        assert!(Staging::begin(&root, &foreign, true).is_ok());
    }

    #[test]
    fn commit_swaps_and_drop_discards() {
        let root = tmpdir("swap");
        let out = root.join("public");
        let s = Staging::begin(&root, &out, false).unwrap();
        s.write("a/index.html", b"one").unwrap();
        assert!(s.write("../x", b"no").is_err());
        s.commit().unwrap();
        assert_eq!(fs::read(out.join("a/index.html")).unwrap(), b"one");
        let s = Staging::begin(&root, &out, false).unwrap();
        s.write("a/index.html", b"two").unwrap();
        drop(s);
        assert_eq!(fs::read(out.join("a/index.html")).unwrap(), b"one");
        let leftovers: Vec<_> = fs::read_dir(&root)
            .unwrap()
            .filter_map(Result::ok)
            .filter(|e| e.file_name().to_string_lossy().contains("taper-tmp"))
            .collect();
        assert!(leftovers.is_empty());
    }

    #[test]
    fn replace_and_remove_stay_inside_the_output() {
        let root = tmpdir("replace");
        let out = root.join("public");
        replace_file(&out, "posts/a/index.html", b"new").unwrap();
        assert_eq!(fs::read(out.join("posts/a/index.html")).unwrap(), b"new");
        assert!(replace_file(&out, "../escape.html", b"no").is_err());
        assert!(replace_file(&out, "/etc/x", b"no").is_err());
        remove_file(&out, "posts/a/index.html").unwrap();
        assert!(!out.join("posts/a").exists());
        assert!(out.join("posts").is_dir());
    }
}
