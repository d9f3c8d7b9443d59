//! The only place that encodes or decodes stored bytes.
//!
//! Every value is an envelope: `magic "FD" | envelope version | record type | schema version (u16
//! LE) | BLAKE3 of the body (32 bytes) | body`. In envelope version 1 the body is the payload;
//! in version 2 it is the payload deflated (RFC 1951), written for the records that carry article
//! text (`Record::DEFLATE`) when that is smaller. The hash covers the body as stored, so a flipped
//! bit is caught before anything reads it, even one that inflate would ignore (the padding of the
//! last byte); the audit log's record hashes are of payloads, so compression changes none of them.
//! The hash is checked *before* the payload reaches bincode: measured on our records, 70 % of
//! single-bit flips otherwise decode silently into a different value. bincode is pinned to 1.3.3 with fixed-int,
//! little-endian, reject-trailing-bytes and a size limit: those bytes equal bincode 2's `legacy()`
//! and wincode's, so the crate can be swapped without rewriting data.

use std::borrow::Cow;

use bincode::Options;
use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::model::Hash32;

const MAGIC: [u8; 2] = *b"FD";
const ENVELOPE_VERSION: u8 = 1;
/// The envelope whose body is the payload deflated.
const DEFLATED_ENVELOPE: u8 = 2;
/// Below this a payload is stored as it is: deflate's gain on short values does not pay for the
/// work.
const DEFLATE_MIN_LEN: usize = 512;
/// miniz's fastest level: on the benchmark corpus it keeps 97 % of level 6's gain.
const DEFLATE_LEVEL: u8 = 1;
const HEADER_LEN: usize = 2 + 1 + 1 + 2 + 32;
/// Defence in depth against a corrupted length prefix that slipped past the hash.
const SIZE_LIMIT: u64 = 256 << 20;
/// How many times its deflated size a payload may inflate to, above [`INFLATION_FLOOR`]. Prose
/// and HTML deflate 2–10×; deflate itself reaches ~1,000× only on runs of one byte, which is what
/// a deflate bomb in an archive is made of. [`encode`] never writes a body past it (it stores such
/// a payload as it is), so an archive of ours always passes [`check_inflation`].
const MAX_INFLATION_RATIO: u64 = 100;
/// Payloads up to this size inflate from anything: the ratio only matters for large ones.
const INFLATION_FLOOR: u64 = 1 << 20;

/// A type stored in a tree, with its record-type tag and the schema version this build writes.
pub(crate) trait Record: Serialize + DeserializeOwned {
    /// Distinguishes record types, so a value copied into the wrong tree is caught.
    const TYPE: u8;
    /// Bumped whenever the struct's fields change; older versions are kept frozen for migration.
    const SCHEMA: u16;
    /// Whether its envelope deflates the payload (when that is smaller): records holding article
    /// text, which deflate to about half.
    const DEFLATE: bool = false;

    /// Decodes the payload of an older schema (its frozen struct, through
    /// [`decode_payload`]) and converts it forward; `None` for a schema this type never had.
    fn from_older(schema: u16, payload: &[u8]) -> Option<Result<Self, DecodeError>> {
        let _ = (schema, payload);
        None
    }
}

/// Decodes a payload already taken out of its checked envelope: for [`Record::from_older`].
/// For [`Record::from_older`]: a payload of `Old`'s schema decoded as `Old` and converted
/// forward by `convert`; `None` for any other schema.
pub(crate) fn convert_from<Old: Record + DeserializeOwned, New>(
    schema: u16,
    payload: &[u8],
    convert: impl FnOnce(Old) -> New,
) -> Option<Result<New, DecodeError>> {
    (schema == Old::SCHEMA).then(|| decode_payload::<Old>(payload).map(convert))
}

pub(crate) fn decode_payload<T: DeserializeOwned>(payload: &[u8]) -> Result<T, DecodeError> {
    options()
        .deserialize(payload)
        .map_err(|err| DecodeError::Damaged(format!("payload does not decode: {err}")))
}

fn options() -> impl Options {
    bincode::DefaultOptions::new()
        .with_fixint_encoding()
        .with_little_endian()
        .reject_trailing_bytes()
        .with_limit(SIZE_LIMIT)
}

/// Why a stored value could not be read back.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum DecodeError {
    /// Bytes damaged or not ours: the store needs restoring.
    Damaged(String),
    /// Written by a newer factdesk.
    Newer { found: u16, supported: u16 },
}

/// The bincode payload alone: what the audit chain and record hashes cover.
pub(crate) fn payload<T: Record>(value: &T) -> Vec<u8> {
    // Serializing plain structs into a Vec cannot fail short of running out of memory, and
    // records never approach SIZE_LIMIT because inputs are capped far below it.
    options().serialize(value).unwrap_or_default()
}

/// BLAKE3 of a record's payload: what an event records of the records it wrote.
pub(crate) fn payload_hash<T: Record>(value: &T) -> Hash32 {
    Hash32::of(&payload(value))
}

/// Wraps a record in its checked envelope.
pub(crate) fn encode<T: Record>(value: &T) -> Vec<u8> {
    let payload = payload(value);
    let deflated = (T::DEFLATE && payload.len() >= DEFLATE_MIN_LEN)
        .then(|| miniz_oxide::deflate::compress_to_vec(&payload, DEFLATE_LEVEL))
        .filter(|deflated| {
            deflated.len() < payload.len() && payload.len() as u64 <= inflation_cap(deflated.len())
        });
    let (version, body) = match &deflated {
        Some(deflated) => (DEFLATED_ENVELOPE, deflated.as_slice()),
        None => (ENVELOPE_VERSION, payload.as_slice()),
    };
    let mut out = Vec::with_capacity(HEADER_LEN + body.len());
    out.extend_from_slice(&MAGIC);
    out.push(version);
    out.push(T::TYPE);
    out.extend_from_slice(&T::SCHEMA.to_le_bytes());
    out.extend_from_slice(blake3::hash(body).as_bytes());
    out.extend_from_slice(body);
    out
}

/// Checks an envelope and decodes its payload.
pub(crate) fn decode<T: Record>(bytes: &[u8]) -> Result<T, DecodeError> {
    let payload = checked_payload(bytes, T::TYPE)?;
    let schema = u16::from_le_bytes([bytes[4], bytes[5]]);
    if schema > T::SCHEMA {
        return Err(DecodeError::Newer {
            found: schema,
            supported: T::SCHEMA,
        });
    }
    if schema < T::SCHEMA {
        return T::from_older(schema, &payload).unwrap_or_else(|| {
            Err(DecodeError::Damaged(format!(
                "unknown old schema version {schema}"
            )))
        });
    }
    decode_payload(&payload)
}

/// Decodes the leading fields of a record (`T`: a frozen prefix of `R`'s fields, in their order)
/// from at most the first `len` bytes of its payload, inflating no more than those: a reader of
/// one field that comes before an article's text need not inflate the text.
///
/// The envelope is checked as [`decode`] checks it, hash included. `Ok(None)` when the shortcut
/// does not apply (another schema, or the fields need more than `len` bytes): decode it whole.
pub(crate) fn decode_leading<R: Record, T: DeserializeOwned>(
    bytes: &[u8],
    len: usize,
) -> Result<Option<T>, DecodeError> {
    let (deflated, body) = checked_body(bytes, R::TYPE)?;
    if u16::from_le_bytes([bytes[4], bytes[5]]) != R::SCHEMA {
        return Ok(None);
    }
    let prefix = if deflated {
        let mut out = vec![0u8; len];
        let mut inflater = miniz_oxide::inflate::core::DecompressorOxide::new();
        // A non-wrapping buffer of `len` bytes: inflate stops once it is full.
        let (status, _, written) = miniz_oxide::inflate::core::decompress(
            &mut inflater,
            body,
            &mut out,
            0,
            miniz_oxide::inflate::core::inflate_flags::TINFL_FLAG_USING_NON_WRAPPING_OUTPUT_BUF,
        );
        match status {
            miniz_oxide::inflate::TINFLStatus::Done
            | miniz_oxide::inflate::TINFLStatus::HasMoreOutput => {}
            _ => {
                return Err(DecodeError::Damaged(
                    "the deflated payload does not inflate".into(),
                ));
            }
        }
        out.truncate(written);
        Cow::Owned(out)
    } else {
        Cow::Borrowed(&body[..len.min(body.len())])
    };
    // Trailing bytes are the fields after `T`'s, so they are allowed here (and only here).
    Ok(options().allow_trailing_bytes().deserialize(&prefix).ok())
}

/// Validates the envelope header and hash; returns the payload (inflated if it was deflated).
pub(crate) fn checked_payload(
    bytes: &[u8],
    expected_type: u8,
) -> Result<Cow<'_, [u8]>, DecodeError> {
    let (deflated, body) = checked_body(bytes, expected_type)?;
    let payload = if deflated {
        // Bounded like bincode: damaged bytes must not make us allocate without limit.
        let inflated =
            miniz_oxide::inflate::decompress_to_vec_with_limit(body, SIZE_LIMIT as usize).map_err(
                |_| {
                    // The hash matched, so these are the bytes written: not ours, or a bug.
                    DecodeError::Damaged("the deflated payload does not inflate".into())
                },
            )?;
        Cow::Owned(inflated)
    } else {
        Cow::Borrowed(body)
    };
    Ok(payload)
}

/// The most a deflated body of `len` bytes may inflate to.
fn inflation_cap(len: usize) -> u64 {
    (len as u64)
        .saturating_mul(MAX_INFLATION_RATIO)
        .clamp(INFLATION_FLOOR, SIZE_LIMIT)
}

/// Refuses a deflated value that inflates to more than [`MAX_INFLATION_RATIO`] times its size (past
/// [`INFLATION_FLOOR`]), counting what it inflates to in a small ring buffer, so a deflate bomb is
/// found without ever holding what it would inflate to. For values from outside (an archive
/// being imported), before anything decodes them; the envelope's header and hash are checked too.
pub(crate) fn check_inflation(bytes: &[u8]) -> Result<(), DecodeError> {
    use miniz_oxide::inflate::TINFLStatus;
    use miniz_oxide::inflate::core::{DecompressorOxide, decompress};
    // A value too short for an envelope, or of another record type, is for its decoder to
    // refuse; here any type will do.
    let Some(&record_type) = bytes.get(3).filter(|_| bytes.len() >= HEADER_LEN) else {
        return Ok(());
    };
    let (deflated, body) = checked_body(bytes, record_type)?;
    if !deflated {
        return Ok(());
    }
    let cap = inflation_cap(body.len());
    // Deflate refers back at most 32 KiB, so a ring of that size suffices (its size must be a
    // power of two).
    let mut ring = vec![0u8; 32 << 10];
    let mut inflater = DecompressorOxide::new();
    let (mut read_total, mut out_pos, mut inflated) = (0usize, 0usize, 0u64);
    loop {
        let (status, read, written) = decompress(
            &mut inflater,
            body.get(read_total..).unwrap_or_default(),
            &mut ring,
            out_pos,
            0,
        );
        read_total += read;
        inflated += written as u64;
        out_pos = (out_pos + written) & (ring.len() - 1);
        if inflated > cap {
            return Err(DecodeError::Damaged(format!(
                "a deflated value of {} bytes inflates to more than {cap} (over {MAX_INFLATION_RATIO} times its size): not something factdesk writes",
                body.len()
            )));
        }
        match status {
            TINFLStatus::Done => return Ok(()),
            TINFLStatus::HasMoreOutput => {}
            _ => {
                return Err(DecodeError::Damaged(
                    "the deflated payload does not inflate".into(),
                ));
            }
        }
    }
}

/// Whether the payload of a stored value may hold `word` (lower-case ASCII letters and digits)
/// in any case, looked for in the stored bytes without checking or decoding them: `false` only
/// when it certainly does not, so a scan can skip the value. A deflated or malformed value may
/// hold anything (decoding it decides); so may one holding the two characters whose lower case
/// is ASCII (`İ` and the Kelvin sign `K`).
pub(crate) fn may_contain(bytes: &[u8], word: &[u8]) -> bool {
    if bytes.len() < HEADER_LEN || bytes[2] != ENVELOPE_VERSION || word.is_empty() {
        return true;
    }
    let body = &bytes[HEADER_LEN..];
    // A window is compared only where its first byte matches, in either case: most do not.
    let (lower, upper) = (word[0].to_ascii_lowercase(), word[0].to_ascii_uppercase());
    body.windows(word.len()).any(|window| {
        (window[0] == lower || window[0] == upper) && window.eq_ignore_ascii_case(word)
    }) || holds_char_lowering_to_ascii(body)
}

/// Whether `text` holds `İ` (C4 B0) or the Kelvin sign (E2 84 AA), whose lower case is ASCII.
fn holds_char_lowering_to_ascii(text: &[u8]) -> bool {
    text.iter().enumerate().any(|(at, byte)| match byte {
        0xC4 => text[at + 1..].starts_with(&[0xB0]),
        0xE2 => text[at + 1..].starts_with(&[0x84, 0xAA]),
        _ => false,
    })
}

/// Validates the envelope header and hash; returns whether the body is deflated, and the body.
fn checked_body(bytes: &[u8], expected_type: u8) -> Result<(bool, &[u8]), DecodeError> {
    if bytes.len() < HEADER_LEN {
        return Err(DecodeError::Damaged(format!(
            "value is {} bytes, shorter than an envelope",
            bytes.len()
        )));
    }
    if bytes[..2] != MAGIC {
        return Err(DecodeError::Damaged(
            "value does not start with the envelope magic".into(),
        ));
    }
    if bytes[2] > DEFLATED_ENVELOPE {
        return Err(DecodeError::Newer {
            found: u16::from(bytes[2]),
            supported: u16::from(DEFLATED_ENVELOPE),
        });
    }
    if bytes[2] != ENVELOPE_VERSION && bytes[2] != DEFLATED_ENVELOPE {
        return Err(DecodeError::Damaged(format!(
            "unknown envelope version {}",
            bytes[2]
        )));
    }
    if bytes[3] != expected_type {
        return Err(DecodeError::Damaged(format!(
            "record type {} where type {expected_type} belongs",
            bytes[3]
        )));
    }
    let body = &bytes[HEADER_LEN..];
    if blake3::hash(body).as_bytes() != &bytes[6..HEADER_LEN] {
        return Err(DecodeError::Damaged(
            "payload hash does not match: the bytes were altered".into(),
        ));
    }
    Ok((bytes[2] == DEFLATED_ENVELOPE, body))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;

    #[derive(Serialize, Deserialize, Debug, PartialEq)]
    struct Probe {
        id: u64,
        text: String,
    }
    impl Record for Probe {
        const TYPE: u8 = 250;
        const SCHEMA: u16 = 1;
    }

    #[test]
    fn options_write_bincode_legacy_bytes() {
        // Pins the codec options: fixed-int little-endian, as bincode::serialize and bincode 2's
        // legacy() write. A slip to varint would change these bytes.
        let bytes = payload(&Probe {
            id: 1,
            text: "ab".into(),
        });
        assert_eq!(
            bytes,
            [1, 0, 0, 0, 0, 0, 0, 0, 2, 0, 0, 0, 0, 0, 0, 0, b'a', b'b']
        );
    }

    #[test]
    fn every_single_bit_flip_is_caught() {
        let value = Probe {
            id: 42,
            text: "more than 8,000 people".into(),
        };
        let bytes = encode(&value);
        assert_eq!(decode::<Probe>(&bytes), Ok(value));
        for bit in 0..bytes.len() * 8 {
            let mut damaged = bytes.clone();
            damaged[bit / 8] ^= 1 << (bit % 8);
            assert!(decode::<Probe>(&damaged).is_err(), "bit {bit} flip decoded");
        }
    }

    #[derive(Serialize, Deserialize, Debug, PartialEq)]
    struct Text {
        text: String,
    }
    impl Record for Text {
        const TYPE: u8 = 251;
        const SCHEMA: u16 = 1;
        const DEFLATE: bool = true;
    }

    #[test]
    fn long_text_is_deflated_short_text_is_not_and_both_read_back() {
        let long = Text {
            text: "The UN estimates more than 9,000 people have been killed. ".repeat(20),
        };
        let bytes = encode(&long);
        assert_eq!(bytes[2], DEFLATED_ENVELOPE);
        assert!(bytes.len() < payload(&long).len() / 4, "{}", bytes.len());
        assert_eq!(decode::<Text>(&bytes), Ok(long));
        let short = Text {
            text: "more than 9,000".into(),
        };
        let bytes = encode(&short);
        assert_eq!(bytes[2], ENVELOPE_VERSION);
        assert_eq!(decode::<Text>(&bytes), Ok(short));
    }

    /// A deflated envelope of `payload`, as a hostile archive would hold it.
    fn deflated_envelope(payload: &[u8]) -> Vec<u8> {
        let body = miniz_oxide::deflate::compress_to_vec(payload, DEFLATE_LEVEL);
        let mut out = MAGIC.to_vec();
        out.extend_from_slice(&[DEFLATED_ENVELOPE, Text::TYPE, 1, 0]);
        out.extend_from_slice(blake3::hash(&body).as_bytes());
        out.extend_from_slice(&body);
        out
    }

    #[test]
    fn a_deflate_bomb_is_refused_before_it_is_inflated_and_never_written() {
        let bomb = deflated_envelope(&vec![0u8; 64 << 20]);
        assert!(bomb.len() < 512 << 10, "{}", bomb.len());
        let Err(DecodeError::Damaged(reason)) = check_inflation(&bomb) else {
            panic!("a 64 MiB run of zeros passed");
        };
        assert!(reason.contains("over 100 times its size"), "{reason}");
        // A small value inflates from anything, and ordinary text is far from the ratio.
        assert_eq!(check_inflation(&deflated_envelope(&[0u8; 100_000])), Ok(()));
        let prose: String = (0..40_000)
            .map(|i| {
                format!(
                    "The UN estimates more than {} people were killed in {i}. ",
                    i * 7
                )
            })
            .collect();
        assert_eq!(
            check_inflation(&deflated_envelope(prose.as_bytes())),
            Ok(())
        );
        // What encode writes always passes: past the ratio it stores the payload as it is.
        let run = Text {
            text: "a".repeat(4 << 20),
        };
        let bytes = encode(&run);
        assert_eq!(bytes[2], ENVELOPE_VERSION);
        assert_eq!(check_inflation(&bytes), Ok(()));
        assert_eq!(decode::<Text>(&bytes), Ok(run));
    }

    #[test]
    fn every_single_bit_flip_of_a_deflated_value_is_caught() {
        let value = Text {
            text: "The ministry said 8,000 people died; the UN said 9,000. ".repeat(12),
        };
        let bytes = encode(&value);
        assert_eq!(bytes[2], DEFLATED_ENVELOPE);
        for bit in 0..bytes.len() * 8 {
            let mut damaged = bytes.clone();
            damaged[bit / 8] ^= 1 << (bit % 8);
            assert!(decode::<Text>(&damaged).is_err(), "bit {bit} flip decoded");
        }
    }

    #[test]
    fn may_contain_is_false_only_when_the_word_is_certainly_absent() {
        let plain = encode(&Probe {
            id: 1,
            text: "Kellenberger SAID".into(),
        });
        assert!(may_contain(&plain, b"said"));
        assert!(may_contain(&plain, b"kellenberger"));
        assert!(!may_contain(&plain, b"truce"));
        let kelvin = encode(&Probe {
            id: 1,
            text: "\u{212A}ellenberger".into(),
        });
        assert!(
            may_contain(&kelvin, b"kellenberger"),
            "its lower case is ASCII"
        );
        let long = encode(&Text {
            text: "no truce here ".repeat(100),
        });
        assert_eq!(long[2], DEFLATED_ENVELOPE);
        assert!(may_contain(&long, b"absent"), "deflated: cannot tell");
        assert!(may_contain(b"FD", b"truce"), "malformed: decoding decides");
    }
    #[derive(Deserialize, Debug, PartialEq)]
    struct TextPrefix {
        text: String,
    }

    #[test]
    fn leading_fields_read_back_from_a_prefix_deflated_or_not() {
        let long = Probe {
            id: 7,
            text: "The UN estimates more than 9,000 people have been killed. ".repeat(20),
        };
        let deflated = encode(&Text {
            text: long.text.clone(),
        });
        assert_eq!(deflated[2], DEFLATED_ENVELOPE);
        let len = 8 + long.text.len();
        let read = decode_leading::<Text, TextPrefix>(&deflated, len);
        assert_eq!(read.map(|p| p.map(|p| p.text)), Ok(Some(long.text.clone())));
        // Too few bytes for the field: not read, so the caller decodes the whole record.
        assert_eq!(
            decode_leading::<Text, TextPrefix>(&deflated, len - 1),
            Ok(None)
        );
        let plain = encode(&Probe {
            id: 7,
            text: "short".into(),
        });
        #[derive(Deserialize, Debug, PartialEq)]
        struct Id {
            id: u64,
        }
        assert_eq!(
            decode_leading::<Probe, Id>(&plain, 8),
            Ok(Some(Id { id: 7 }))
        );
    }

    #[test]
    fn leading_fields_are_read_only_from_an_intact_envelope() {
        let bytes = encode(&Text {
            text: "The ministry said 8,000 people died; the UN said 9,000. ".repeat(12),
        });
        for at in [3, 10, HEADER_LEN + 5, bytes.len() - 1] {
            let mut damaged = bytes.clone();
            damaged[at] ^= 1;
            assert!(
                decode_leading::<Text, TextPrefix>(&damaged, 16).is_err(),
                "byte {at}"
            );
        }
        let mut newer = bytes.clone();
        newer[4] = 2;
        assert_eq!(decode_leading::<Text, TextPrefix>(&newer, 16), Ok(None));
    }

    #[test]
    fn newer_schema_is_reported_not_decoded() {
        let mut bytes = encode(&Probe {
            id: 1,
            text: String::new(),
        });
        bytes[4] = 2;
        assert_eq!(
            decode::<Probe>(&bytes),
            Err(DecodeError::Newer {
                found: 2,
                supported: 1
            })
        );
    }
}
