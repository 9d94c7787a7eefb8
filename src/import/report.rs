//! What `taper import` did and what it left for a person: counts, the keys it mapped, the
//! shortcodes it translated, and every construct that needs a human, each at `file:line:col`
//! of the source site with what to do. Printed at the end and written to the new site as
//! `import-report.txt`; nothing here depends on the order files were read in (everything is
//! sorted), so two imports of one site print the same report.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

/// One construct that needs a human.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Leftover {
    /// The file in the source site, relative to its root.
    pub file: PathBuf,
    /// 1-based line (1 for a whole file).
    pub line: usize,
    /// 1-based column, in characters.
    pub column: usize,
    /// What it is and what to do about it.
    pub message: String,
}

/// The report of one import.
#[derive(Debug, Default)]
pub struct Report {
    /// `Zola` or `Hugo`.
    pub from: &'static str,
    /// Articles written (section intros not counted).
    pub pages: usize,
    /// Sections (`_index.md`) written.
    pub sections: usize,
    /// Files copied beside the pages (images of page bundles, co-located assets).
    pub assets: usize,
    /// Files copied from `static/`.
    pub static_files: usize,
    /// `from → to` with how often.
    pub mapped: BTreeMap<String, usize>,
    /// Shortcodes and links translated (`figure → image`), with how often.
    pub translated: BTreeMap<String, usize>,
    /// Everything that needs a human.
    pub leftovers: Vec<Leftover>,
}

impl Report {
    /// A report of an import from `from`.
    pub fn new(from: &'static str) -> Report {
        Report {
            from,
            ..Report::default()
        }
    }

    /// Counts one mapping of a key.
    pub fn mapped(&mut self, what: impl Into<String>) {
        *self.mapped.entry(what.into()).or_default() += 1;
    }

    /// Counts one translated construct.
    pub fn translated(&mut self, what: impl Into<String>) {
        *self.translated.entry(what.into()).or_default() += 1;
    }

    /// Records a construct that needs a human at `file:line:column`.
    pub fn leftover(
        &mut self,
        file: &Path,
        line: usize,
        column: usize,
        message: impl Into<String>,
    ) {
        self.leftovers.push(Leftover {
            file: file.to_path_buf(),
            line,
            column,
            message: message.into(),
        });
    }

    /// The report as text: a summary, then one `file:line:col: what to do` line per leftover
    /// (file in the source site). It names no folder, so it is the same wherever the site is.
    pub fn text(&self) -> String {
        let mut t = String::new();
        let _ = writeln!(t, "Imported a {} site", self.from);
        let _ = writeln!(
            t,
            "  {} pages, {} sections, {} assets copied beside pages, {} static files",
            self.pages, self.sections, self.assets, self.static_files
        );
        if !self.mapped.is_empty() {
            let _ = writeln!(t, "Keys mapped:");
            for (what, n) in &self.mapped {
                let _ = writeln!(t, "  {what} ({n})");
            }
        }
        if !self.translated.is_empty() {
            let _ = writeln!(t, "Translated:");
            for (what, n) in &self.translated {
                let _ = writeln!(t, "  {what} ({n})");
            }
        }
        let mut left = self.leftovers.clone();
        left.sort();
        left.dedup();
        if left.is_empty() {
            let _ = writeln!(t, "Nothing needs a human.");
        } else {
            let _ = writeln!(t, "Needs a human ({}):", left.len());
            for l in &left {
                let _ = writeln!(
                    t,
                    "  {}:{}:{}: {}",
                    l.file.display().to_string().replace('\\', "/"),
                    l.line,
                    l.column,
                    l.message
                );
            }
        }
        t
    }
}

/// The 1-based line and column (in characters) of a byte offset: the one the shortcode
/// finder uses.
pub use crate::content::shortcode::line_col;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_count_lines_and_characters() {
        assert_eq!(line_col("ab\ncé{{", 6), (2, 3));
        assert_eq!(line_col("x", 0), (1, 1));
    }

    #[test]
    fn leftovers_are_sorted_and_counted() {
        let mut r = Report::new("Zola");
        r.leftover(Path::new("content/b.md"), 3, 1, "b");
        r.leftover(Path::new("content/a.md"), 9, 2, "a");
        r.mapped("description → summary");
        r.mapped("description → summary");
        let t = r.text();
        assert!(t.contains("description → summary (2)"), "{t}");
        let a = t.find("content/a.md:9:2: a").unwrap();
        let b = t.find("content/b.md:3:1: b").unwrap();
        assert!(a < b);
        assert!(t.contains("Needs a human (2):"));
    }
}
