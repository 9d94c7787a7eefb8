//! Command-line flags (clap definitions only).

use std::net::IpAddr;
use std::path::PathBuf;

use clap::{Parser, Subcommand, ValueEnum};

/// Taper: a static site generator for training guides.
#[derive(Debug, Parser)]
#[command(name = "taper", version, about)]
pub struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// Taper's commands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Build the site into the output folder (default `public/`).
    Build {
        /// The site folder (holds site.yaml, content/, templates/, static/).
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Where to write the site; relative paths are relative to the current folder.
        #[arg(long, short)]
        output: Option<PathBuf>,
        /// Replace `base_url` from site.yaml (e.g. the GitHub Pages URL in CI).
        #[arg(long)]
        base_url: Option<String>,
        /// Include drafts.
        #[arg(long)]
        drafts: bool,
        /// Replace an output folder that Taper did not write (never the site or its parents).
        #[arg(long)]
        force: bool,
    },
    /// Build the site with drafts, serve it on 127.0.0.1 and rebuild and reload on every change.
    Serve {
        /// The site folder (holds site.yaml, content/, templates/, static/).
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Where to write the served site (default `<root>/.taper/serve`, never `public/`).
        #[arg(long, short)]
        output: Option<PathBuf>,
        /// Address to listen on; anything but loopback lets other machines read the site.
        #[arg(long, default_value = "127.0.0.1")]
        bind: IpAddr,
        /// Port to listen on; 0 picks a free one (the URL is printed).
        #[arg(long, short, default_value_t = 1111)]
        port: u16,
        /// Open the site in the default browser.
        #[arg(long)]
        open: bool,
    },
    /// Validate everything a build would and check every internal link and #anchor, writing
    /// nothing. Exit status: 0 clean, 1 errors (or warnings with --deny-warnings), 2 usage.
    Check {
        /// The site folder (holds site.yaml, content/, templates/, static/).
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Replace `base_url` from site.yaml (links to it count as internal).
        #[arg(long)]
        base_url: Option<String>,
        /// Include drafts.
        #[arg(long)]
        drafts: bool,
        /// Also list links to other sites (they are not fetched).
        #[arg(long)]
        external: bool,
        /// Output format.
        #[arg(long, value_enum, default_value_t = CheckFormat::Human)]
        format: CheckFormat,
        /// Exit with status 1 when there are warnings, not only errors.
        #[arg(long)]
        deny_warnings: bool,
    },
    /// Start something new: a site, an article or a plan skeleton (never overwrites).
    New {
        /// What to create.
        #[command(subcommand)]
        what: NewCommand,
    },
    /// Write a Zola or Hugo site out as a Taper site, and report what needs a human.
    Import {
        /// Which generator the site comes from.
        #[command(subcommand)]
        from: ImportFrom,
    },
    /// Analyse one plan file and print its weeks and recovery findings.
    Plan {
        /// The plan file (.yaml).
        file: PathBuf,
        /// Output format.
        #[arg(long, value_enum, default_value_t = PlanFormat::Text)]
        format: PlanFormat,
        /// A reader's recent race (`10K-45:00`, `HM-1:45:00`, `15km-1:10:00`): adds the VDOT
        /// and the reader's paces (`personal` in the JSON) that the plan page would show.
        #[arg(long)]
        result: Option<String>,
        /// Print what differs from this plan (or earlier version, `-` for stdin: `git show
        /// HEAD~1:content/plans/x.yaml | taper plan --diff - content/plans/x.yaml`) to FILE:
        /// sessions by week and day, weekly distance and load, findings added and removed.
        #[arg(long, value_name = "OLD")]
        diff: Option<PathBuf>,
    },
}

/// What `taper import` reads. DIR is never written to; OUT must be new or empty.
#[derive(Debug, Subcommand)]
pub enum ImportFrom {
    /// A Zola site (config.toml or zola.toml, content/, static/).
    Zola {
        /// The Zola site's folder.
        dir: PathBuf,
        /// The new Taper site's folder (new or empty).
        out: PathBuf,
    },
    /// A Hugo site (hugo.toml or config.toml/.yaml/.json, content/, static/).
    Hugo {
        /// The Hugo site's folder.
        dir: PathBuf,
        /// The new Taper site's folder (new or empty).
        out: PathBuf,
    },
}

/// How `taper plan` prints.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum PlanFormat {
    /// A table a week a line, then the findings.
    Text,
    /// The plan.json document.
    Json,
    /// A GitHub Actions annotation (`::notice file=…::…`) holding the text (with `--diff`:
    /// the changes), so a pull request shows it on the plan file; problems as annotations.
    Github,
}

/// How `taper check` prints.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum CheckFormat {
    /// Like the build's errors: location, the offending line, help.
    Human,
    /// A JSON array of `{file, line, column, severity, code, message}`.
    Json,
    /// GitHub Actions annotations (`::error file=…,line=…,col=…::…`).
    Github,
}

/// What `taper new` creates.
#[derive(Debug, Subcommand)]
pub enum NewCommand {
    /// A working site (site.yaml, a home page, an article, a plan) in a new or empty folder.
    Site {
        /// The folder to create.
        dir: PathBuf,
        /// A guide site: a book-like section with a sidebar, reading order and a print page.
        #[arg(long)]
        guide: bool,
    },
    /// An article: content/posts/<slug>.md dated today.
    Post {
        /// The article's title.
        title: String,
        /// The site folder.
        #[arg(long, default_value = ".")]
        root: PathBuf,
    },
    /// A plan skeleton: content/plans/<slug>.yaml with a rest day every week.
    Plan {
        /// The plan's name (its title; the file name is its slug).
        name: String,
        /// How many weeks.
        #[arg(long, default_value_t = 12, value_parser = clap::value_parser!(u32).range(1..=52))]
        weeks: u32,
        /// The race date (YYYY-MM-DD): the plan ends in race week.
        #[arg(long)]
        race_date: Option<jiff::civil::Date>,
        /// The site folder.
        #[arg(long, default_value = ".")]
        root: PathBuf,
    },
}
