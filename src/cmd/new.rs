//! `taper new site|post|plan`: create the files and say what to do next.

use std::io::Write;
use std::process::ExitCode;

use taper::cli::NewCommand;
use taper::scaffold;

/// Creates what was asked; exit status 1 when it would overwrite something.
pub fn run(what: NewCommand) -> ExitCode {
    // The clock is only used for the article's date; a wrong zone gives at worst yesterday.
    let today = jiff::ZonedDateTime::now().date();
    let result = match &what {
        NewCommand::Site { dir, guide } => scaffold::new_site(dir, today, *guide).map(|files| {
            let mut s = format!("Created a site in {} ({} files). Next:\n", dir.display(), files.len());
            s.push_str(&format!(
                "  cd {} && taper serve     # write, and watch the browser follow\n  taper check && taper build   # before publishing\n",
                dir.display()
            ));
            s
        }),
        NewCommand::Post { title, root } => scaffold::new_post(root, title, today)
            .map(|p| format!("Created {}\n", p.display())),
        NewCommand::Plan {
            name,
            weeks,
            race_date,
            root,
        } => scaffold::new_plan(root, name, *weeks, *race_date).map(|p| {
            format!(
                "Created {} ({weeks} weeks). Fill in the sessions, then `taper plan {}`.\n",
                p.display(),
                p.display()
            )
        }),
    };
    match result {
        Ok(text) => {
            print!("{text}");
            ExitCode::SUCCESS
        }
        Err(d) => {
            let _ = write!(std::io::stderr().lock(), "{}", d.render());
            ExitCode::from(1)
        }
    }
}
