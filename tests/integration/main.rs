//! Integration tests: the real `factdesk` binary on real sled stores in temporary directories,
//! with the bundled fixture articles. One test binary, as in cargo-insta and jj.

// Helpers are shared by the test modules of this one binary.
#![allow(unreachable_pub)]
mod common;

mod assign;
mod backup;
mod bad_input;
mod browser;
mod claimreview;
mod compact;
mod corruption;
mod crash;
mod curation;
mod demo_flow;
mod disk_full;
mod errors;
mod eval_numbers;
mod eval_quotes;
mod evidence;
mod extract;
mod fuzz_loops;
mod gate;
mod growth;
mod hardening;
mod integrity;
mod json_views;
mod jsonl;
mod limits;
mod lineage;
mod model;
mod openapi;
mod published;
mod queue;
mod report_formats;
mod report_html;
mod retract;
mod review;
mod revisions;
mod search;
mod serve;
mod sharing;
mod tidy;
mod webhooks;
mod workflow_engine;
