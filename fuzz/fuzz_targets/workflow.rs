//! The workflow parser: any text is a workflow or an error, never a panic.
#![no_main]

use factdesk::workflow::Workflow;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        let _ = Workflow::parse(text);
    }
});
