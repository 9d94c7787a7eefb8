//! The output graph: every output file is written by one job of one kind (home and
//! pagination pages, plans list, 404, tag list and tag pages, sections, articles, plans with
//! their JSON and calendars, feed, sitemap, search index, stylesheet), each kind in its own
//! file under [`pages`]. A render runs the jobs over one [`Ctx`] and hands each file to a
//! sink: the staging folder (`taper build`), the link scanner (`taper check`), or memory
//! (`taper serve`, which compares digests before writing).

pub(crate) mod bodies;
mod context;
pub(crate) mod keys;
pub(crate) mod pages;
mod run;
pub(crate) mod shared;

pub(crate) use context::Ctx;
pub(crate) use pages::jobs;
