//! Integration tests: the real `factdesk` binary on real sled stores in temporary directories,
//! with the bundled fixture articles. One test binary, as in cargo-insta and jj.

// Helpers are shared by the test modules of this one binary.
#![allow(unreachable_pub)]
mod common;

mod demo_flow;
mod errors;
mod eval_quotes;
mod extract;
mod integrity;
mod jsonl;
mod model;
mod report_formats;
mod review;
mod revisions;
mod tidy;
mod workflow_engine;
