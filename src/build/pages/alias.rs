//! The redirect pages of a page's `aliases:` (`old/path/index.html`): a meta refresh to the
//! page, `rel=canonical` for search engines, `noindex`, and a link for readers without either.

use crate::build::Ctx;
use crate::build::context::file;
use crate::build::keys::{self, Digests};
use crate::content::highlight::escape_html;
use crate::content::{Article, alias_output};
use crate::diagnostic::Diagnostic;
use crate::site::OutputFile;

/// The page whose aliases these are.
#[derive(Debug, Clone, Copy)]
pub(crate) enum AliasOf {
    /// An article, by index.
    Article(usize),
    /// A section's page (its `_index.md` sets the aliases), by index.
    Section(usize),
}

impl AliasOf {
    /// The front matter with the aliases and the URL path they lead to.
    pub(crate) fn target<'a>(&self, cx: &Ctx<'a>) -> Option<(&'a Article, &'a str)> {
        match *self {
            AliasOf::Article(i) => {
                let a = &cx.site.articles[i];
                Some((a, a.path.as_str()))
            }
            AliasOf::Section(i) => {
                let s = &cx.site.sections[i];
                s.intro.as_ref().map(|a| (a, s.path.as_str()))
            }
        }
    }
}

pub(crate) fn render(cx: &Ctx, of: AliasOf) -> Result<Vec<OutputFile>, Diagnostic> {
    let Some((a, path)) = of.target(cx) else {
        return Ok(Vec::new());
    };
    let site = cx.view();
    let url = escape_html(&site.url(path));
    let canonical = escape_html(&site.permalink(path));
    let title = escape_html(&a.title);
    let lang = escape_html(&site.language);
    let html = format!(
        "<!DOCTYPE html>\n<html lang=\"{lang}\">\n<head>\n<meta charset=\"utf-8\">\n\
         <title>{title}</title>\n<link rel=\"canonical\" href=\"{canonical}\">\n\
         <meta name=\"robots\" content=\"noindex\">\n\
         <meta http-equiv=\"refresh\" content=\"0; url={url}\">\n</head>\n<body>\n\
         <p>This page has moved: <a href=\"{url}\">{title}</a>.</p>\n</body>\n</html>\n"
    );
    Ok(a.aliases
        .iter()
        .map(|(alias, _)| file(&alias_output(alias), html.clone(), a.source.clone()))
        .collect())
}

/// The redirect pages read the front matter that sets them.
pub(crate) fn key(cx: &Ctx, d: &Digests, of: AliasOf) -> u64 {
    let target = of.target(cx).map(|(a, path)| (keys::front(a), path));
    keys::key("aliases", (d.base, target))
}
