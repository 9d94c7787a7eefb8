//! `git_dates: true` in site.yaml: a page without `updated:` takes the date of the last commit
//! that touched its file. One `git log` over `content/` gives every file's date at once (the
//! committer date, in the commit's own time zone), so a build is the same on every machine
//! for the same history and never reads the clock. Without git, outside a repository or in a
//! shallow clone (whose history is cut short, so dates would be wrong), a warning says so.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use jiff::civil::Date;

use crate::diagnostic::Diagnostic;

/// The last commit date of every file under `content/`, by path relative to `root`
/// (`content/guide/x.md`), and the warnings to show.
pub(crate) fn last_commit_dates(root: &Path) -> (HashMap<PathBuf, Date>, Vec<Diagnostic>) {
    let warn = |message: String, help: &str| {
        vec![Diagnostic::warning("site.yaml", 0, 0, "git-dates", message).with_help(help)]
    };
    let git = |args: &[&str]| {
        Command::new("git")
            .arg("-C")
            .arg(root)
            .args(["-c", "core.quotepath=off"])
            .args(args)
            .output()
            .ok()
            .filter(|o| o.status.success())
            .map(|o| String::from_utf8_lossy(&o.stdout).into_owned())
    };
    let Some(prefix) = git(&["rev-parse", "--show-prefix"]) else {
        return (
            HashMap::new(),
            warn(
                "`git_dates: true`, but the site is not in a git repository (or git is not installed)".into(),
                "pages keep their `updated:` dates only; run the build inside a clone of the repository",
            ),
        );
    };
    let mut warnings = Vec::new();
    if git(&["rev-parse", "--is-shallow-repository"])
        .as_deref()
        .map(str::trim)
        == Some("true")
    {
        warnings = warn(
            "`git_dates: true` in a shallow clone: the last-updated dates of pages not changed in its few commits are missing or wrong".into(),
            "clone the whole history; in GitHub Actions give actions/checkout `with: { fetch-depth: 0 }`",
        );
    }
    let prefix = prefix.trim();
    let Some(log) = git(&[
        "log",
        "--format=%x00%cI",
        "--name-only",
        "--no-renames",
        "--",
        "content",
    ]) else {
        return (HashMap::new(), warnings);
    };
    (dates_of(&log, prefix), warnings)
}

/// Reads `git log --format=%x00%cI --name-only` (newest first): the first date seen for a
/// file is its last commit's. Paths in the log are from the repository's top; `prefix` is the
/// site's folder there (`docs/`).
fn dates_of(log: &str, prefix: &str) -> HashMap<PathBuf, Date> {
    let mut out = HashMap::new();
    let mut date: Option<Date> = None;
    for line in log.lines() {
        if let Some(stamp) = line.strip_prefix('\0') {
            date = stamp.get(..10).and_then(|d| d.parse().ok());
        } else if let (Some(d), Some(path)) = (date, line.strip_prefix(prefix))
            && !line.is_empty()
        {
            out.entry(PathBuf::from(path)).or_insert(d);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_newest_commit_of_each_file_in_the_site_folder() {
        let log = "\x002026-03-02T10:00:00+01:00\n\ndocs/content/a.md\n\x002026-01-01T00:00:00Z\n\ndocs/content/a.md\ndocs/content/b.md\nother/c.md\n";
        let d = dates_of(log, "docs/");
        assert_eq!(d[Path::new("content/a.md")].to_string(), "2026-03-02");
        assert_eq!(d[Path::new("content/b.md")].to_string(), "2026-01-01");
        assert_eq!(d.len(), 2);
    }
}
