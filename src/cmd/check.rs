//! `taper check`: print the report in the chosen format and pick the exit status
//! (0 clean, 1 errors, or warnings with `--deny-warnings`; clap exits 2 on usage errors).

use std::io::Write;
use std::path::Path;
use std::process::ExitCode;

use taper::check::{Report, check};
use taper::cli::CheckFormat;
use taper::diagnostic::github_command;
use taper::site::Options;

/// Checks the site in `root` and prints the report.
pub fn run(
    root: &Path,
    options: &Options,
    external: bool,
    format: CheckFormat,
    deny_warnings: bool,
) -> ExitCode {
    let report = check(root, options, external);
    let text = match format {
        CheckFormat::Human => {
            let mut err = std::io::stderr().lock();
            for d in &report.diagnostics {
                let _ = write!(err, "{}", d.render());
            }
            let _ = writeln!(err, "{}", summary(&report));
            human_external(&report)
        }
        CheckFormat::Json => json(&report),
        CheckFormat::Github => github(&report),
    };
    let mut out = std::io::stdout().lock();
    let _ = out.write_all(text.as_bytes());
    let _ = out.flush();
    if report.errors() > 0 || (deny_warnings && report.warnings() > 0) {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

fn plural(n: usize, word: &str) -> String {
    format!("{n} {word}{}", if n == 1 { "" } else { "s" })
}

fn summary(r: &Report) -> String {
    format!(
        "checked {} and {}: {}, {}",
        plural(r.pages, "page"),
        plural(r.links, "internal link"),
        plural(r.errors(), "error"),
        plural(r.warnings(), "warning"),
    )
}

fn human_external(r: &Report) -> String {
    if r.external.is_empty() {
        return String::new();
    }
    let mut s = String::from("external links (listed, not fetched):\n");
    for l in &r.external {
        let at = match (l.line, l.column) {
            (0, _) => l.file.display().to_string(),
            (line, 0) => format!("{}:{line}", l.file.display()),
            (line, col) => format!("{}:{line}:{col}", l.file.display()),
        };
        s.push_str(&format!("  {}  {at}\n", l.url));
    }
    s
}

fn json(r: &Report) -> String {
    let mut items: Vec<serde_json::Value> = r.diagnostics.iter().map(|d| d.to_json()).collect();
    items.extend(r.external.iter().map(|l| {
        serde_json::json!({
            "file": l.file.to_string_lossy().replace('\\', "/"),
            "line": l.line,
            "column": l.column,
            "severity": "info",
            "code": "external-link",
            "message": l.url,
        })
    }));
    let mut s = serde_json::to_string_pretty(&items).unwrap_or_else(|_| "[]".into());
    s.push('\n');
    s
}

fn github(r: &Report) -> String {
    let mut s: String = r.diagnostics.iter().map(|d| d.github()).collect();
    for l in &r.external {
        s.push_str(&github_command(
            "notice",
            &l.file.to_string_lossy().replace('\\', "/"),
            l.line,
            l.column,
            "external-link",
            &format!("external link {}", l.url),
        ));
    }
    s
}
