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
    out: PathBuf,
    committed: bool,
    /// Folders already created, so each is made once (mkdir is slow on some file systems).
    made: std::sync::Mutex<std::collections::HashSet<PathBuf>>,
}

fn absolute(p: &Path) -> PathBuf {
    let abs = if p.is_absolute() {
        p.to_path_buf()
    } else {
        std::env::current_dir()
            .map(|c| c.join(p))
            .unwrap_or_else(|_| p.to_path_buf())
    };
    // Resolve `..` and symlinks on the part that exists.
    let mut existing = abs.clone();
    let mut rest = Vec::new();
    while !existing.exists() {
        match (
            existing.file_name().map(|f| f.to_os_string()),
            existing.parent(),
        ) {
            (Some(name), Some(parent)) => {
                rest.push(name);
                existing = parent.to_path_buf();
            }
            _ => break,
        }
    }
    let mut resolved = fs::canonicalize(&existing).unwrap_or(existing);
    for part in rest.into_iter().rev() {
        if part == ".." {
            resolved.pop();
        } else if part != "." {
            resolved.push(part);
        }
    }
    resolved
}

fn refuse(out: &Path, message: String, help: &str) -> Diagnostic {
    Diagnostic::error(out, 0, 0, "output", message).with_help(help)
}

impl Staging {
    /// Checks that `out` may be replaced and creates the temporary folder beside it.
    pub fn begin(root: &Path, out: &Path, force: bool) -> Result<Staging, Diagnostic> {
        let root_abs = absolute(root);
        let out_abs = absolute(out);
        if out_abs.parent().is_none() {
            return Err(refuse(
                out,
                "refusing to write the site into the file-system root".into(),
                "choose a folder such as `public`",
            ));
        }
        if root_abs.starts_with(&out_abs) {
            return Err(refuse(
                out,
                format!(
                    "`{}` is the site folder or one of its parents; building there would delete the site",
                    out.display()
                ),
                "use an output folder inside the site, such as `public` (the default)",
            ));
        }
        for own in ["content", "templates", "static"] {
            if out_abs.starts_with(root_abs.join(own)) {
                return Err(refuse(
                    out,
                    format!("`{}` is inside the site's `{own}/` folder", out.display()),
                    "use an output folder such as `public`",
                ));
            }
        }
        if let Some(home) = std::env::var_os("HOME").map(PathBuf::from)
            && !home.as_os_str().is_empty()
            && absolute(&home).starts_with(&out_abs)
        {
            return Err(refuse(
                out,
                format!("`{}` is your home folder or a parent of it", out.display()),
                "use an output folder such as `public`",
            ));
        }
        if out_abs.exists() {
            if !out_abs.is_dir() {
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
        let tmp = parent.join(format!(".{name}.taper-tmp-{}", std::process::id()));
        if tmp.exists() {
            let _ = fs::remove_dir_all(&tmp);
        }
        fs::create_dir_all(&tmp).map_err(|e| {
            refuse(
                out,
                format!(
                    "cannot create the temporary folder `{}`: {e}",
                    tmp.display()
                ),
                "check permissions on the output's parent folder",
            )
        })?;
        Ok(Staging {
            tmp,
            out: out_abs,
            committed: false,
            made: Default::default(),
        })
    }

    /// Writes `bytes` to `rel` inside the staged output. `rel` must stay inside it.
    pub fn write(&self, rel: &str, bytes: &[u8]) -> Result<(), String> {
        let path = self.contained(rel)?;
        if let Some(parent) = path.parent() {
            self.make_dir(parent)?;
        }
        fs::write(&path, bytes).map_err(|e| format!("cannot write `{rel}`: {e}"))
    }

    fn make_dir(&self, dir: &Path) -> Result<(), String> {
        let known = self.made.lock().map(|m| m.contains(dir)).unwrap_or(false);
        if !known {
            fs::create_dir_all(dir)
                .map_err(|e| format!("cannot create `{}`: {e}", dir.display()))?;
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

    /// Copies `src` to `rel` inside the staged output.
    pub fn copy(&self, src: &Path, rel: &str) -> Result<(), String> {
        let path = self.contained(rel)?;
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent)
                .map_err(|e| format!("cannot create `{}`: {e}", parent.display()))?;
        }
        fs::copy(src, &path)
            .map(|_| ())
            .map_err(|e| format!("cannot copy `{}`: {e}", src.display()))
    }

    fn contained(&self, rel: &str) -> Result<PathBuf, String> {
        inside(&self.tmp, rel)
    }

    /// Swaps the staged output in place of the old one.
    pub fn commit(mut self) -> Result<(), String> {
        fs::write(self.tmp.join(MARKER), MARKER_TEXT)
            .map_err(|e| format!("cannot write the output marker: {e}"))?;
        let old = self.tmp.with_file_name(format!(
            ".{}.taper-old-{}",
            self.out
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default(),
            std::process::id()
        ));
        if self.out.exists() {
            fs::rename(&self.out, &old)
                .map_err(|e| format!("cannot move the old output aside: {e}"))?;
        }
        if let Err(e) = fs::rename(&self.tmp, &self.out) {
            // Put the old output back: a failed swap must not lose the last good site.
            let _ = fs::rename(&old, &self.out);
            return Err(format!("cannot move the new output into place: {e}"));
        }
        self.committed = true;
        let _ = fs::remove_dir_all(&old);
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
            let _ = fs::remove_dir_all(&self.tmp);
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
