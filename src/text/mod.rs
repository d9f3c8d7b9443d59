//! stub
#![allow(missing_docs, unused)]
use crate::model::{Hash32, Span};
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format { Text, Markdown }
impl Format { pub fn as_str(self) -> &'static str { match self { Format::Text => "text", Format::Markdown => "markdown" } } }
#[derive(Debug, thiserror::Error)]
pub enum InputError { #[error("empty")] Empty }
pub fn decode(bytes: &[u8]) -> Result<String, InputError> { String::from_utf8(bytes.to_vec()).map_err(|_| InputError::Empty) }
pub fn detect_format(_n: Option<&str>, _t: &str) -> Format { Format::Text }
pub struct Document { text: String }
impl Document {
    pub fn parse(input: &str, _f: Format) -> Document { Document { text: input.to_owned() } }
    pub fn text(&self) -> &str { &self.text }
    pub fn title(&self) -> Option<&str> { None }
    pub fn content_hash(&self) -> Hash32 { Hash32::of(self.text.as_bytes()) }
}
