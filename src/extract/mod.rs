//! stub
#![allow(missing_docs, unused)]
use crate::model::{Claim, Span};
use crate::text::Document;
pub const EXTRACTOR_VERSION: &str = "factdesk-extract/1";
pub struct Diagnostic { pub span: Span, pub message: String }
pub struct Extraction { pub claims: Vec<Claim>, pub diagnostics: Vec<Diagnostic> }
pub fn extract(_d: &Document) -> Extraction { Extraction { claims: vec![], diagnostics: vec![] } }
