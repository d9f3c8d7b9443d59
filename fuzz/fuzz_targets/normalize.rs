//! Input decoding and normalization: never a panic, and normalizing twice changes nothing.
#![no_main]

use factdesk::text::{Document, Format, decode};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = decode(data) {
        for format in [Format::Text, Format::Markdown, Format::Html] {
            let doc = Document::parse(&text, format);
            let again = Document::parse(doc.text(), Format::Text);
            if format == Format::Text {
                assert_eq!(again.text(), doc.text(), "normalization is idempotent");
            }
        }
    }
});
