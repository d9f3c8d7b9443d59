//! factdesk: a claim-and-quote fact-checking workflow engine for newsrooms.
//!
//! An article and each of its revisions are ingested; every direct quote and numeric claim is
//! extracted, hashed and stored with its provenance, and moved through a review workflow. When a
//! revision arrives, claims are matched across revisions so untouched claims keep their verdict.
//!
//! - [`model`]: the domain nouns (claims, articles, reviews, events), plain data.
//! - [`text`]: input decoding and normalization into paragraphs and sentences.
//! - [`extract`]: quotes with speakers and numbers with hedges and units; never fails.
//! - [`workflow`]: workflow files parsed into a validated state machine.
//! - [`store`]: the sled store, its checked codec and the hash-chained audit log.
//! - [`revision`]: claim alignment between revisions and word diffs.
//! - [`desk`]: the operations an editor performs, each one store transaction.
//! - [`report`]: an article's review as Markdown, HTML, JSON, CSV or ClaimReview.
//! - [`view`]: the listings and claim pages every front end renders, as typed views.
//! - [`eval`]: extraction measured against annotated data sets.
//! - [`parallel`]: reads of much of the store split over the cores, results in order.
//! - [`json`]: every JSON output, escaped so that it can be embedded in a web page.
//! - [`webhook`]: what a webhook delivery carries, its signature, and the POST.
//!
//! The library never prints, reads the environment or exits: the `factdesk` binary does.

pub mod desk;
pub mod eval;
pub mod extract;
pub mod json;
pub mod model;
pub mod parallel;
pub mod report;
pub mod revision;
pub mod store;
mod suggest;
pub mod text;
pub mod view;
pub mod webhook;
pub mod workflow;
