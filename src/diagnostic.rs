//! One type for every problem Taper reports about a user's files, and its printer.
//!
//! Library code collects [`Diagnostic`]s (a build reports every problem it finds, not only the
//! first); only `main.rs` decides how to print them and which exit code to use.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use serde::Serialize;

/// How serious a diagnostic is. Errors stop a build; warnings do not.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Advice: the build goes on.
    Warning,
    /// The build cannot produce correct output.
    Error,
}

/// A problem in a user's file, with where it is and how to fix it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    /// Path of the file, relative to the site root where possible.
    pub file: PathBuf,
    /// 1-based line; 0 when the problem concerns the whole file.
    pub line: usize,
    /// 1-based column in characters; 0 when unknown.
    pub column: usize,
    /// Error or warning.
    pub severity: Severity,
    /// A stable short code (`yaml`, `unknown-key`, `rest-gap`, ...).
    pub code: &'static str,
    /// What is wrong, in one sentence.
    pub message: String,
    /// What to do about it, when we know.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub help: Option<String>,
    /// The offending source line, filled in by [`Diagnostic::with_source`].
    #[serde(skip)]
    pub source_line: Option<String>,
}

impl Diagnostic {
    /// An error at `file:line:column`.
    pub fn error(
        file: impl Into<PathBuf>,
        line: usize,
        column: usize,
        code: &'static str,
        message: impl Into<String>,
    ) -> Self {
        Diagnostic {
            file: file.into(),
            line,
            column,
            severity: Severity::Error,
            code,
            message: message.into(),
            help: None,
            source_line: None,
        }
    }

    /// A warning at `file:line:column`.
    pub fn warning(
        file: impl Into<PathBuf>,
        line: usize,
        column: usize,
        code: &'static str,
        message: impl Into<String>,
    ) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(file, line, column, code, message)
        }
    }

    /// Adds a `help:` line.
    #[must_use]
    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    /// Remembers the offending line of `source` for the printer.
    #[must_use]
    pub fn with_source(mut self, source: &str) -> Self {
        if self.line > 0 {
            self.source_line = source
                .lines()
                .nth(self.line - 1)
                .map(|l| l.trim_end_matches('\r').to_string());
        }
        self
    }

    /// Whether this stops the build.
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// `file:line:column` as editors and CI annotations read it.
    pub fn location(&self) -> String {
        let file = self.file.display();
        match (self.line, self.column) {
            (0, _) => format!("{file}"),
            (l, 0) => format!("{file}:{l}"),
            (l, c) => format!("{file}:{l}:{c}"),
        }
    }

    /// The human form: `error: file:line:col: message`, the source line with a caret, `help:`.
    pub fn render(&self) -> String {
        let mut out = String::new();
        let label = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        let code = if matches!(self.code, "" | "error") {
            String::new()
        } else {
            format!(" [{}]", self.code)
        };
        let _ = writeln!(out, "{label}: {}: {}{code}", self.location(), self.message);
        if let Some(src) = &self.source_line {
            // Positions do not count a byte-order mark (editors hide it too), so neither does
            // the printed line.
            let src = match self.line {
                1 => src.strip_prefix('\u{FEFF}').unwrap_or(src),
                _ => src,
            };
            let (shown, caret_at) = window(src, self.column);
            let num = self.line.to_string();
            let pad = " ".repeat(num.len());
            let _ = writeln!(out, "{pad} |");
            let _ = writeln!(out, "{num} | {shown}");
            if let Some(at) = caret_at {
                let caret: String = shown
                    .chars()
                    .take(at)
                    .map(|c| if c == '\t' { '\t' } else { ' ' })
                    .collect();
                let _ = writeln!(out, "{pad} | {caret}^");
            }
        }
        if let Some(help) = &self.help {
            let _ = writeln!(out, "  = help: {help}");
        }
        out
    }
}

/// The most characters of a source line printed under an error.
const SNIPPET_WIDTH: usize = 100;

/// The part of `line` to print: all of it when it is short, else [`SNIPPET_WIDTH`] characters
/// around `column` (1-based, 0 for none) with `…` where it was cut. Returns the text and how
/// many characters of it come before the caret (`None` without a column).
fn window(line: &str, column: usize) -> (String, Option<usize>) {
    let len = line.chars().count();
    let at = column.checked_sub(1).map(|c| c.min(len));
    if len <= SNIPPET_WIDTH {
        return (line.to_string(), at);
    }
    let start = at
        .map_or(0, |a| a.saturating_sub(SNIPPET_WIDTH / 2))
        .min(len - SNIPPET_WIDTH);
    let end = start + SNIPPET_WIDTH;
    let mut shown = String::new();
    if start > 0 {
        shown.push('…');
    }
    shown.extend(line.chars().skip(start).take(SNIPPET_WIDTH));
    if end < len {
        shown.push('…');
    }
    (shown, at.map(|a| a - start + usize::from(start > 0)))
}

impl Diagnostic {
    /// The machine form: `{file, line, column, severity, code, message}` (and `help` when
    /// there is one).
    pub fn to_json(&self) -> serde_json::Value {
        let mut v = serde_json::json!({
            "file": self.file.to_string_lossy().replace('\\', "/"),
            "line": self.line,
            "column": self.column,
            "severity": self.severity,
            "code": self.code,
            "message": self.message,
        });
        if let (Some(help), Some(map)) = (&self.help, v.as_object_mut()) {
            map.insert("help".into(), help.clone().into());
        }
        v
    }

    /// The GitHub Actions form: `::error file=…,line=…,col=…,title=…::message`.
    pub fn github(&self) -> String {
        let level = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        let mut message = self.message.clone();
        if let Some(help) = &self.help {
            message.push_str("\nhelp: ");
            message.push_str(help);
        }
        github_command(
            level,
            &self.file.to_string_lossy().replace('\\', "/"),
            self.line,
            self.column,
            self.code,
            &message,
        )
    }
}

/// A GitHub Actions workflow command (`::error`, `::warning`, `::notice`) with the escaping
/// the runner expects.
pub fn github_command(
    level: &str,
    file: &str,
    line: usize,
    column: usize,
    title: &str,
    message: &str,
) -> String {
    let data = |s: &str| {
        s.replace('%', "%25")
            .replace('\r', "%0D")
            .replace('\n', "%0A")
    };
    let property = |s: &str| data(s).replace(':', "%3A").replace(',', "%2C");
    let mut props = vec![format!("file={}", property(file))];
    if line > 0 {
        props.push(format!("line={line}"));
        if column > 0 {
            props.push(format!("col={column}"));
        }
    }
    if !title.is_empty() {
        props.push(format!("title={}", property(title)));
    }
    format!("::{level} {}::{}\n", props.join(","), data(message))
}

/// Makes `path` relative to `root` for display, if it lies below it.
pub fn display_path(root: &Path, path: &Path) -> PathBuf {
    path.strip_prefix(root)
        .map(Path::to_path_buf)
        .unwrap_or_else(|_| path.to_path_buf())
}

/// The closest of `candidates` to `word`, if it is close enough to be a likely typo.
pub fn suggest<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let lower = word.to_ascii_lowercase();
    candidates
        .into_iter()
        .map(|c| (strsim::jaro_winkler(&lower, &c.to_ascii_lowercase()), c))
        .filter(|(score, _)| *score >= 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, c)| c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_location_source_and_help() {
        let d = Diagnostic::error("content/plans/a.yaml", 2, 6, "unknown-type", "bad")
            .with_help("write `rest`")
            .with_source("one\ntue: tempoo\n");
        let text = d.render();
        assert!(text.starts_with("error: content/plans/a.yaml:2:6: bad [unknown-type]\n"));
        assert!(text.contains("2 | tue: tempoo\n"));
        assert!(text.contains("  |      ^\n"));
        assert!(text.contains("help: write `rest`"));
    }

    /// The printed source line and the caret line under it.
    fn snippet(d: &Diagnostic) -> (String, String) {
        let text = d.render();
        let lines: Vec<&str> = text.lines().collect();
        let shown = lines[2].split_once(" | ").unwrap().1.to_string();
        let caret = lines[3].split_once(" | ").unwrap().1.to_string();
        (shown, caret)
    }

    #[test]
    fn long_lines_are_cut_around_the_column() {
        let line = format!("{}X{}", "a".repeat(5_000), "b".repeat(5_000));
        let d = Diagnostic::error("p.yaml", 2, 5_001, "yaml", "here")
            .with_source(&format!("x\n{line}\n"));
        let (shown, caret) = snippet(&d);
        assert!(shown.starts_with('…') && shown.ends_with('…'), "{shown}");
        assert_eq!(shown.chars().count(), SNIPPET_WIDTH + 2);
        assert_eq!(
            shown.chars().nth(caret.chars().count() - 1),
            Some('X'),
            "{shown}\n{caret}"
        );
        assert!(d.render().len() < 500);

        // Near either end of the line, only the other end is cut.
        let start = Diagnostic::error("p.yaml", 1, 3, "yaml", "x").with_source(&line);
        let (shown, caret) = snippet(&start);
        assert!(!shown.starts_with('…') && shown.ends_with('…'));
        assert_eq!(caret, "  ^");
        let end = Diagnostic::error("p.yaml", 1, 10_001, "yaml", "x").with_source(&line);
        let (shown, caret) = snippet(&end);
        assert!(shown.starts_with('…') && !shown.ends_with('…'));
        assert_eq!(shown.chars().nth(caret.chars().count() - 1), Some('b'));
        assert_eq!(caret.chars().count(), SNIPPET_WIDTH + 1);

        // A short line is printed whole.
        let d = Diagnostic::error("p.yaml", 1, 4, "yaml", "x").with_source("tue: tempoo");
        assert_eq!(snippet(&d), ("tue: tempoo".to_string(), "   ^".to_string()));
    }

    #[test]
    fn a_byte_order_mark_is_not_printed() {
        let d = Diagnostic::error("site.yaml", 1, 1, "unknown-key", "x")
            .with_source("\u{FEFF}titel: X\n");
        assert_eq!(snippet(&d), ("titel: X".to_string(), "^".to_string()));
        let d = Diagnostic::error("site.yaml", 1, 8, "yaml", "x").with_source("\u{FEFF}title: [\n");
        assert_eq!(snippet(&d).1, "       ^");
    }

    #[test]
    fn github_and_json_forms() {
        let d = Diagnostic::warning("content/plans/a.yaml", 12, 7, "rest-gap", "8 days, no rest")
            .with_help("add a rest day");
        assert_eq!(
            d.github(),
            "::warning file=content/plans/a.yaml,line=12,col=7,title=rest-gap::8 days, no rest%0Ahelp: add a rest day\n"
        );
        let v = d.to_json();
        assert_eq!(v["severity"], "warning");
        assert_eq!(v["line"], 12);
        assert_eq!(v["code"], "rest-gap");
        let e = Diagnostic::error("site.yaml", 0, 0, "missing", "50% done: a, b");
        assert_eq!(
            e.github(),
            "::error file=site.yaml,title=missing::50%25 done: a, b\n"
        );
    }

    #[test]
    fn suggests_close_words_only() {
        let known = ["tempo", "threshold", "intervals"];
        assert_eq!(suggest("tempoo", known), Some("tempo"));
        assert_eq!(suggest("zzz", known), None);
    }
}
