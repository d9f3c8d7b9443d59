//! The fuzz targets' properties (fuzz/fuzz_targets/), run in every `cargo test` as seeded loops
//! over mutated fixtures: the normalizer, the extractors, the workflow parser and the record
//! decoder never panic; normalization is idempotent; spans sit on char boundaries; a mutated
//! record is never accepted.

use factdesk::extract::extract;
use factdesk::store::{TREE_NAMES, check_record};
use factdesk::text::{Document, Format, decode};
use factdesk::workflow::Workflow;

use crate::common::{Rng, fixture};

/// Flips bits, deletes, duplicates and splices in interesting bytes, as a fuzzer's mutator does.
fn mutate(rng: &mut Rng, seed: &[u8]) -> Vec<u8> {
    const SPICE: &[&[u8]] = &[
        "“".as_bytes(),
        "”".as_bytes(),
        b"\"",
        b"'",
        "\u{feff}".as_bytes(),
        b"\r\n",
        b"\n\n",
        b"8,000",
        b"<div>",
        b"# ",
        "é".as_bytes(),
        b"\xff",
        b"\0",
        "\u{200b}".as_bytes(),
        b"more than ",
        b" said ",
    ];
    let mut bytes = seed.to_vec();
    for _ in 0..=rng.below(8) {
        let at = rng.below(bytes.len() + 1);
        match rng.below(4) {
            0 if !bytes.is_empty() => {
                let i = at.min(bytes.len() - 1);
                bytes[i] ^= 1 << rng.below(8);
            }
            1 => {
                let end = (at + rng.below(64)).min(bytes.len());
                bytes.drain(at..end);
            }
            2 => {
                let spice = SPICE[rng.below(SPICE.len())];
                bytes.splice(at..at, spice.iter().copied());
            }
            _ => {
                let start = rng.below(bytes.len() + 1);
                let end = (start + rng.below(200)).min(bytes.len());
                let copy = bytes[start..end].to_vec();
                bytes.splice(at..at, copy);
            }
        }
    }
    bytes
}

fn iterations() -> u64 {
    std::env::var("FACTDESK_FUZZ_ITERATIONS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(150)
}

#[test]
fn normalizer_and_extractors_survive_mutated_articles() {
    let seeds: Vec<Vec<u8>> = ["v1.txt", "v2.txt", "v3.html"]
        .iter()
        .map(|f| std::fs::read(fixture(f)).expect("fixture"))
        .collect();
    let mut rng = Rng(0x0f0f_1234_5678_9abc);
    for i in 0..iterations() {
        let input = mutate(&mut rng, &seeds[i as usize % seeds.len()]);
        let Ok(text) = decode(&input) else { continue };
        for format in [Format::Text, Format::Markdown, Format::Html] {
            let doc = Document::parse(&text, format);
            if format == Format::Text {
                let again = Document::parse(doc.text(), Format::Text);
                assert_eq!(again.text(), doc.text(), "iteration {i}: not idempotent");
            }
            let body = doc.text();
            for claim in extract(&doc).claims {
                for span in std::iter::once(&claim.span).chain(&claim.parts) {
                    assert!(
                        span.start_byte <= span.end_byte
                            && span.end_byte <= body.len()
                            && body.is_char_boundary(span.start_byte)
                            && body.is_char_boundary(span.end_byte),
                        "iteration {i}: span {span:?} of {:?}",
                        claim.text
                    );
                }
            }
        }
    }
}

#[test]
fn the_workflow_parser_survives_mutated_workflows() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("workflows");
    let seeds: Vec<Vec<u8>> = ["default.toml", "four-eyes.toml"]
        .iter()
        .map(|f| std::fs::read(root.join(f)).expect("workflow"))
        .collect();
    let mut rng = Rng(0x1357_9bdf_2468_ace0);
    for i in 0..iterations() * 2 {
        let input = mutate(&mut rng, &seeds[i as usize % seeds.len()]);
        if let Ok(text) = std::str::from_utf8(&input) {
            let _ = Workflow::parse(text);
        }
    }
}

#[test]
fn the_record_decoder_never_accepts_a_mutated_record() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/golden/records");
    let tree_of = |name: &str| match name.split('-').next().unwrap_or_default() {
        "article" => ("articles", b"syria-truce".to_vec()),
        "revision" => ("revisions", b"syria-truce\0\0\0\0\x02".to_vec()),
        "claim" => ("claims", vec![5; 32]),
        // A pack sits at the revision's key; a format-1 occurrence after it, under its claim.
        "occurrence" if name.starts_with("occurrence-pack") => {
            ("occurrences", b"syria-truce\0\0\0\0\x02".to_vec())
        }
        "occurrence" => (
            "occurrences",
            [&b"syria-truce\0\0\0\0\x02"[..], &[5; 32]].concat(),
        ),
        "review" => ("reviews", b"syria-truce\0\x05".to_vec()),
        "evidence" => ("evidence", vec![11; 32]),
        "event" => ("events", 1u64.to_be_bytes().to_vec()),
        "format" => ("meta", b"format".to_vec()),
        "head" => ("meta", b"head".to_vec()),
        "workflow" => ("meta", b"workflow".to_vec()),
        "user" => ("meta", b"user/bo".to_vec()),
        "token" => ("meta", b"token/2641b92aa2ec".to_vec()),
        "assignment" => ("meta", b"assign/syria-truce\0".to_vec()),
        "webhook" => ("meta", b"webhook/5be2a0c1".to_vec()),
        "reference" => (
            "meta",
            [&b"reference/"[..], "ab".repeat(32).as_bytes()].concat(),
        ),
        "outbox" if name.starts_with("outbox-cursor") => ("outbox", b"cursor".to_vec()),
        "outbox" if name.starts_with("outbox-gate") => ("outbox", b"gate/syria-truce".to_vec()),
        "outbox" => (
            "outbox",
            [&b"delivery/"[..], &12u64.to_be_bytes(), b"12-3f9a1c0b"].concat(),
        ),
        _ => ("meta", b"config/org.name".to_vec()),
    };
    let mut rng = Rng(0x2468_1357_aaaa_5555);
    for entry in std::fs::read_dir(dir).expect("golden records") {
        let path = entry.expect("entry").path();
        let name = path
            .file_name()
            .expect("name")
            .to_string_lossy()
            .into_owned();
        if name.starts_with("session-") {
            // Login sessions are kept outside the audited data, never in an archive.
            continue;
        }
        let bytes = std::fs::read(&path).expect("golden");
        let (tree, key) = tree_of(&name);
        assert!(check_record(tree, &key, &bytes).is_ok(), "{name} is valid");
        for i in 0..iterations() {
            let mutated = mutate(&mut rng, &bytes);
            if mutated != bytes {
                assert!(
                    check_record(tree, &key, &mutated).is_err(),
                    "{name} iteration {i}: a mutated record was accepted"
                );
            }
            // And as any other tree's value: refused, never a panic.
            let other = TREE_NAMES[rng.below(TREE_NAMES.len())];
            let _ = check_record(other, &key, &mutated);
        }
    }
}
