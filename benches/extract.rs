//! Extraction throughput on real article text, one core.
//!
//! `cargo bench --bench extract` prints bytes/s per benchmark; compare figures as ratios, the
//! machines this runs on are noisy.

use factdesk::extract::{extract, extract_numbers, extract_quotes};
use factdesk::text::{Document, Format};

const V1: &str = include_str!("../fixtures/articles/syria-truce/v1.txt");
const V2: &str = include_str!("../fixtures/articles/syria-truce/v2.txt");

fn main() {
    divan::main();
}

/// A larger body of text, made of the fixture drafts back to back, so per-call overhead is small.
fn corpus() -> String {
    let mut text = String::new();
    while text.len() < 256 * 1024 {
        text.push_str(V1);
        text.push_str("\n\n");
        text.push_str(V2);
        text.push_str("\n\n");
    }
    text
}

#[divan::bench]
fn normalize_and_split(bencher: divan::Bencher<'_, '_>) {
    let text = corpus();
    bencher
        .counter(divan::counter::BytesCount::of_str(&text))
        .bench(|| Document::parse(divan::black_box(&text), Format::Text));
}

#[divan::bench]
fn extract_claims(bencher: divan::Bencher<'_, '_>) {
    let text = corpus();
    let document = Document::parse(&text, Format::Text);
    bencher
        .counter(divan::counter::BytesCount::of_str(&text))
        .bench(|| extract(divan::black_box(&document)));
}

#[divan::bench]
fn parse_and_extract_one_article(bencher: divan::Bencher<'_, '_>) {
    bencher
        .counter(divan::counter::BytesCount::of_str(V1))
        .bench(|| extract(&Document::parse(divan::black_box(V1), Format::Text)));
}

/// Numbers alone (issue 4's speed target): every number, hedge, unit and value.
#[divan::bench]
fn extract_numbers_only(bencher: divan::Bencher<'_, '_>) {
    let text = corpus();
    let document = Document::parse(&text, Format::Text);
    bencher
        .counter(divan::counter::BytesCount::of_str(&text))
        .bench(|| extract_numbers(divan::black_box(&document)));
}

/// Quotes alone (issue 3's speed target): every quote, its parts and its speaker.
#[divan::bench]
fn extract_quotes_only(bencher: divan::Bencher<'_, '_>) {
    let text = corpus();
    let document = Document::parse(&text, Format::Text);
    bencher
        .counter(divan::counter::BytesCount::of_str(&text))
        .bench(|| extract_quotes(divan::black_box(&document)));
}
