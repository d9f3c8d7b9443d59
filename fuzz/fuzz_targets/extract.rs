//! The extractors: never a panic, every span on a char boundary inside the text.
#![no_main]

use factdesk::extract::extract;
use factdesk::text::{Document, Format, decode};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = decode(data) {
        let doc = Document::parse(&text, Format::Text);
        let text = doc.text();
        for claim in extract(&doc).claims {
            for span in std::iter::once(&claim.span).chain(&claim.parts) {
                assert!(span.start_byte <= span.end_byte && span.end_byte <= text.len());
                assert!(text.is_char_boundary(span.start_byte));
                assert!(text.is_char_boundary(span.end_byte));
            }
        }
    }
});
