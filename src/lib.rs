//! Taper: a static site generator for training guides.
//!
//! The pipeline flows one way: load (config, articles, plans) → validate → analyse (recovery
//! analysis of every plan) → render (Tera templates) → write (atomically).
//! `Site::load(root, &options)?.build(out, force)?` is the whole of it; the binary only parses
//! flags and prints diagnostics.

// Diagnostics travel in `Err` on cold paths only; boxing them buys nothing measurable.
#![allow(clippy::result_large_err)]

mod build;
pub mod check;
pub mod cli;
pub mod config;
pub mod content;
pub mod diagnostic;
mod escape;
pub mod extra;
pub mod images;
pub mod import;
pub mod plan;
pub mod publish;
pub mod render;
pub mod report;
pub mod scaffold;
mod search;
pub mod serve;
pub mod site;
mod source;
pub mod validate;
pub mod yaml;

/// A 64-bit digest of `value` for telling changed text or output from unchanged within one
/// process (not stored anywhere): foldhash, which reads long byte strings many times faster
/// than the standard library's SipHash.
pub(crate) fn digest(value: &(impl std::hash::Hash + ?Sized)) -> u64 {
    use std::hash::BuildHasher;
    foldhash::quality::FixedState::with_seed(0x7a9e_5eed).hash_one(value)
}
