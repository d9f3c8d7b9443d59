//! The Markdown stripper: any bytes (lossily as UTF-8) give a document, never a panic, and
//! stripping only takes away: the stripped text is never longer than the same input read as plain
//! text, and it is already normalized (reading it again as plain text changes nothing).
//!
//! (Not `text.chars().count() <= input.chars().count()`: NFC may lengthen a text, U+0344 → two
//! characters, U+FB2C → three, in either format.)
#![no_main]

use factdesk::text::{Document, Format};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let input = String::from_utf8_lossy(data);
    let doc = Document::parse(&input, Format::Markdown);
    let text = doc.text();
    let plain = Document::parse(&input, Format::Text);
    assert!(
        text.chars().count() <= plain.text().chars().count(),
        "stripping Markdown made the text longer: {} > {} characters",
        text.chars().count(),
        plain.text().chars().count()
    );
    let again = Document::parse(text, Format::Text);
    assert_eq!(again.text(), text, "the stripped text is normalized");
});
