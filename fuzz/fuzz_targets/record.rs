//! The record decoder: arbitrary bytes as any tree's value are refused or decoded, never a panic
//! or an abort (bincode's size limit is what stops a hostile length prefix).
#![no_main]

use factdesk::store::{TREE_NAMES, check_record};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Some((&first, rest)) = data.split_first() {
        let tree = TREE_NAMES[usize::from(first) % TREE_NAMES.len()];
        let split = rest.first().map_or(0, |&b| usize::from(b)).min(rest.len());
        let (key, value) = rest.split_at(split);
        let _ = check_record(tree, key, value);
    }
});
