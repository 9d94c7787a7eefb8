//! Taper: a static site generator for training guides.
//!
//! The pipeline flows one way: load (config, articles, plans) → validate → analyse (recovery
//! analysis of every plan) → render (Tera templates) → write (atomically). `Site::load(root)?
//! .build(out)?` is the whole of it; the binary only parses flags and prints diagnostics.

pub mod diagnostic;
pub mod plan;
pub mod validate;
pub mod yaml;
