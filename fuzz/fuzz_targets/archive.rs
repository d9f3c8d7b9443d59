//! The archive reader (`import`'s first pass): any bytes are an archive's summary or an error,
//! never a panic.
//!
//! The trailer's BLAKE3 stops nearly every mutation, so an input whose last line names a
//! `"blake3":"…"` is also checked once more with that checksum made right: the trailer's counts
//! and audit head, and what follows the trailer, are reached too.
#![no_main]

use factdesk::store::check_archive_stream;
use libfuzzer_sys::fuzz_target;

const KEY: &[u8] = b"\"blake3\":\"";

fuzz_target!(|data: &[u8]| {
    let _ = check_archive_stream(&mut &data[..]);
    if let Some(fixed) = with_checksum(data) {
        let _ = check_archive_stream(&mut &fixed[..]);
    }
});

/// `data` with the 64 hex digits after its last line's `"blake3":"` replaced by the BLAKE3 of
/// every byte before that line, as the exporter writes it; none if there is no such line.
fn with_checksum(data: &[u8]) -> Option<Vec<u8>> {
    let body = data.strip_suffix(b"\n").unwrap_or(data);
    let start = body.iter().rposition(|&b| b == b'\n').map_or(0, |at| at + 1);
    let at = start + find(&data[start..], KEY)? + KEY.len();
    let digits = data.get(at..at + 64)?;
    let digest = blake3::hash(&data[..start]).to_hex();
    if digits == digest.as_bytes() {
        return None;
    }
    let mut fixed = data.to_vec();
    fixed[at..at + 64].copy_from_slice(digest.as_bytes());
    Some(fixed)
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}
