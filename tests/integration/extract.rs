//! `factdesk extract --json` on the seed article: the claims an editor must check, in the shape
//! README.md promises, with character offsets.

use serde_json::Value;

use crate::common::{TestEnv, find, fixture};

fn seed_claims() -> Vec<Value> {
    let claims = TestEnv::new().json_lines(&["extract", &fixture("v1.txt"), "--json"]);
    // The seed article has 5 quotes and 5 numbers to check; fewer means the extractor regressed.
    assert!(claims.len() >= 10, "{claims:#?}");
    claims
}

#[test]
fn every_claim_has_the_documented_fields() {
    for claim in seed_claims() {
        for field in [
            "kind",
            "id",
            "start",
            "end",
            "text",
            "sentence",
            "speaker",
            "speaker_mention",
            "value",
            "unit",
            "qualifier",
        ] {
            assert!(claim.get(field).is_some(), "{field} missing in {claim}");
        }
        assert_eq!(claim["id"].as_str().map(str::len), Some(64));
    }
}

#[test]
fn kellenberger_quotes_resolve_he_to_his_full_name() {
    let claims = seed_claims();
    for prefix in ["Our assessment is, unfortunately", "As you may know"] {
        let quote = find(&claims, "quote", prefix, "");
        assert_eq!(quote["speaker"], "Jakob Kellenberger", "{quote}");
        assert_eq!(quote["speaker_mention"], "he", "{quote}");
    }
}

#[test]
fn foreign_ministry_partial_quotes_are_found() {
    let claims = seed_claims();
    for prefix in ["and all armed groups who oppose it", "without delay"] {
        let quote = find(&claims, "quote", prefix, "");
        let speaker = quote["speaker"].as_str().unwrap_or_default();
        assert!(speaker.contains("Foreign Ministry"), "{quote}");
    }
}

#[test]
fn numbers_keep_value_hedge_and_unit() {
    let claims = seed_claims();
    let toll = find(&claims, "number", "8,000", "");
    assert_eq!(toll["value"], 8000.0);
    assert_eq!(toll["qualifier"], "more than");
    assert_eq!(toll["unit"], "people");
    assert_eq!(toll["bound"], "lower");

    let pause = find(&claims, "number", "two", "hour");
    assert_eq!(pause["value"], 2.0);
    assert_eq!(pause["unit"], "hour");

    let dead = find(&claims, "number", "30", "");
    assert_eq!(dead["value"], 30.0);
    assert_eq!(dead["qualifier"], "some");

    let rebels = find(&claims, "number", "two", "rebels");
    assert_eq!(rebels["value"], 2.0);
    assert_eq!(rebels["qualifier"], "at least");
}

#[test]
fn dates_and_ordinals_are_not_claims() {
    let claims = seed_claims();
    for claim in claims.iter().filter(|c| c["kind"] == "number") {
        let phrase = claim["phrase"].as_str().unwrap_or_default();
        assert!(
            !phrase.contains("19") && !phrase.contains("second"),
            "not a claim: {claim}"
        );
    }
}

#[test]
fn offsets_are_characters_into_the_text() {
    // Offsets index the normalized text. The seed's only change under normalization is its run of
    // blank lines, so collapse that here: a file already normalized is indexed as written. It has
    // curly apostrophes before some claims, where byte offsets would drift from character ones.
    let raw = std::fs::read_to_string(fixture("v1.txt")).expect("fixture");
    let normalized = raw.replace("\n\n\n", "\n\n");
    let env = TestEnv::new();
    let path = env.write("normalized.txt", normalized.as_bytes());
    let chars: Vec<char> = normalized.chars().collect();
    let claims = env.json_lines(&["extract", &path, "--json"]);
    assert!(claims.len() >= 10);
    for claim in claims {
        let start = claim["start"].as_u64().expect("start") as usize;
        let end = claim["end"].as_u64().expect("end") as usize;
        let spanned: String = chars[start..end].iter().collect();
        assert_eq!(spanned, claim["text"].as_str().expect("text"), "{claim}");
    }
}

#[test]
fn page_chrome_is_not_a_claim() {
    for claim in seed_claims() {
        let text = claim["text"].as_str().unwrap_or_default();
        assert!(
            !text.contains("Accessibility") && !text.contains("Breaking News"),
            "{claim}"
        );
    }
}

#[test]
fn extract_leaves_no_store_behind() {
    let env = TestEnv::new();
    env.ok(&["extract", &fixture("v1.txt")]);
    assert!(!env.store().exists());
}

/// Each claim's `source` offsets select, in the file as written, the words the claim is about:
/// through Markdown markup, runs of blank lines, CRLF and characters of several bytes.
#[test]
fn source_offsets_point_into_the_file_as_written() {
    let env = TestEnv::new();
    let written = "# Flood relief\r\n\r\n\r\n\r\nThe **mayor** said “we   will build 2,000 homes” \
                   on Tuesday.\r\n\r\nCafé owners in [Zürich](https://example.org/z) said \
                   “not one of the 350 promised” had come.\r\n";
    let file = env.write("draft.md", written.as_bytes());
    let claims = env.json_lines(&["extract", &file, "--json"]);
    assert!(claims.len() >= 3, "{claims:#?}");
    let chars: Vec<char> = written.chars().collect();
    for claim in &claims {
        let source = &claim["source"];
        let field = |name: &str| source[name].as_u64().map(|v| v as usize);
        let (Some(start), Some(end), Some(start_byte), Some(end_byte)) = (
            field("start"),
            field("end"),
            field("start_byte"),
            field("end_byte"),
        ) else {
            panic!("no source offsets in {claim}");
        };
        let by_chars: String = chars[start..end].iter().collect();
        let by_bytes = &written[start_byte..end_byte];
        let text = claim["text"].as_str().unwrap_or_default();
        assert_eq!(by_chars, text, "{claim}");
        assert_eq!(by_bytes, text, "{claim}");
    }
}

/// An HTML page's offsets count in the article text the page gives, not in its markup.
#[test]
fn source_offsets_of_a_page_count_in_its_article_text() {
    let env = TestEnv::new();
    let page = "<html><head><title>Relief</title></head><body><article><h1>Relief</h1>\
                <p>The mayor said &ldquo;we will build 2,000 homes&rdquo; on Tuesday, and the \
                council agreed after a long debate about the budget for the coming year.</p>\
                <p>Residents said the plan was overdue and that more than 300 families were \
                still waiting for a place to live after the floods of the spring.</p>\
                </article></body></html>";
    let file = env.write("page.html", page.as_bytes());
    let claims = env.json_lines(&["extract", &file, "--json"]);
    let homes = find(&claims, "number", "2,000", "");
    let start = homes["source"]["start"].as_u64().unwrap_or_default();
    let end = homes["source"]["end"].as_u64().unwrap_or_default();
    assert_eq!(end - start, 5, "{homes}");
    assert!(
        (start as usize) < page.find("2,000").unwrap_or_default(),
        "counted in the markup: {homes}"
    );
}
