//! Extraction tests: the seed article, quote shapes, and a property test over mutated text.

use super::*;
use crate::model::{Bound, Quantity};
use crate::text::Format;

const SEED: &str = include_str!("../../fixtures/articles/syria-truce/v1.txt");

fn seed() -> (Document, Extraction) {
    let doc = Document::parse(SEED, Format::Text);
    let extraction = extract(&doc);
    (doc, extraction)
}

fn quotes(extraction: &Extraction) -> Vec<(&str, Option<&str>, Option<&str>)> {
    extraction
        .claims
        .iter()
        .filter_map(|c| {
            let a = c.attribution()?;
            Some((c.text.as_str(), a.speaker.as_deref(), a.mention.as_deref()))
        })
        .collect()
}

fn run(input: &str) -> Extraction {
    extract(&Document::parse(input, Format::Text))
}

#[test]
fn seed_quotes_and_speakers() {
    let (_, extraction) = seed();
    assert_eq!(
        quotes(&extraction),
        [
            (
                "and all armed groups who oppose it",
                Some("Foreign Ministry"),
                Some("The Foreign Ministry")
            ),
            (
                "without delay.",
                Some("Foreign Ministry"),
                Some("The Foreign Ministry")
            ),
            (
                // "The statement added that Moscow "underscored…"": the statement reports it.
                "underscored the need to allow the ICRC access to all detained persons in Syria following the protests",
                Some("statement"),
                Some("The statement")
            ),
            (
                "Our assessment is, unfortunately, that the humanitarian situation [in Syria] is most likely to deteriorate,",
                Some("Jakob Kellenberger"),
                Some("he")
            ),
            (
                "As you may know, we are the only organization, together with the Syrian Red Crescent, being active in the field.",
                Some("Jakob Kellenberger"),
                Some("he")
            ),
        ]
    );
    assert!(
        extraction
            .rejected
            .iter()
            .all(|r| r.kind == ClaimKind::Number),
        "{:?}",
        extraction.rejected
    );
    assert!(
        extraction.diagnostics.is_empty(),
        "{:?}",
        extraction.diagnostics
    );
}

#[test]
fn seed_numbers() {
    let (doc, extraction) = seed();
    let numbers: Vec<(&str, &Quantity)> = extraction
        .claims
        .iter()
        .filter_map(|c| Some((c.text.as_str(), c.quantity()?)))
        .collect();
    type Row<'a> = (
        &'a str,
        Option<f64>,
        Option<&'a str>,
        Option<&'a str>,
        Option<Bound>,
    );
    let summary: Vec<Row<'_>> = numbers
        .iter()
        .map(|(t, q)| {
            (
                *t,
                q.value,
                q.unit.as_deref(),
                q.qualifier.as_deref(),
                q.bound,
            )
        })
        .collect();
    assert_eq!(
        summary,
        [
            ("two", Some(2.0), Some("hour"), None, Some(Bound::Exact)),
            (
                "8,000",
                Some(8000.0),
                Some("people"),
                Some("more than"),
                Some(Bound::Lower)
            ),
            (
                "two",
                Some(2.0),
                Some("resolutions"),
                None,
                Some(Bound::Exact)
            ),
            (
                "two",
                Some(2.0),
                Some("rebels"),
                Some("at least"),
                Some(Bound::Lower)
            ),
            (
                "30",
                Some(30.0),
                Some("people"),
                Some("some"),
                Some(Bound::Approximate)
            ),
        ]
    );
    let two_hour = extraction
        .claims
        .iter()
        .find(|c| c.text == "two")
        .map(|c| c.span);
    assert_eq!(
        two_hour.map(|s| doc.text().get(s.start_byte..s.end_byte + 5)),
        Some(Some("two-hour"))
    );
    let resolutions = numbers.get(2).map(|(_, q)| q.unit_text.as_deref());
    assert_eq!(resolutions, Some(Some("draft resolutions")));
    assert_eq!(
        numbers.get(1).map(|(_, q)| q.phrase.as_str()),
        Some("more than 8,000 people")
    );
    for claim in &extraction.claims {
        assert!(!claim.sentence_text.contains("March 19") || claim.text != "19");
        assert!(!claim.text.contains("second") && !claim.text.contains("year"));
    }
}

#[test]
fn seed_claims_are_well_formed() {
    let (doc, extraction) = seed();
    assert!(
        extraction
            .claims
            .windows(2)
            .all(|w| w[0].span.start_byte <= w[1].span.start_byte)
    );
    let mut ids: Vec<_> = extraction.claims.iter().map(|c| c.id).collect();
    ids.dedup();
    assert_eq!(ids.len(), extraction.claims.len());
    for claim in &extraction.claims {
        assert_eq!(
            claim.id,
            ClaimId::from_canonical(claim.kind, &claim.canonical)
        );
        let sentence = &doc.sentences()[claim.sentence];
        assert!(sentence.span.contains(&claim.parts[0]));
        assert_eq!(claim.sentence_text, sentence.span.slice(doc.text()));
        assert_eq!(claim.paragraph, sentence.paragraph);
        assert!(!doc.paragraphs()[claim.paragraph].chrome);
    }
    let number = extraction
        .claims
        .iter()
        .find(|c| c.text == "8,000")
        .map(|c| c.canonical.as_str());
    assert_eq!(
        number,
        Some(
            "8000|people|more than|The UN estimates more than 8,000 people have been killed since a revolt against Assad erupted a year ago."
        )
    );
}

#[test]
fn split_quotes_are_one_claim() {
    let extraction = run("\"We are ready,\" Anna Berg said, \"and we will stay.\"");
    assert_eq!(
        quotes(&extraction),
        [(
            "We are ready, and we will stay.",
            Some("Anna Berg"),
            Some("Anna Berg")
        )]
    );
    assert_eq!(extraction.claims[0].parts.len(), 2);
    assert_eq!(
        extraction.claims[0].canonical,
        "We are ready, and we will stay."
    );
}

#[test]
fn floating_quotes_inherit_the_speaker() {
    let extraction = run(
        "“We are ready,” said Anna Berg, the mayor. “We will stay.”\n\n“Nobody leaves.”\n\nThe council met later.",
    );
    assert_eq!(
        quotes(&extraction),
        [
            ("We are ready,", Some("Anna Berg"), Some("Anna Berg")),
            ("We will stay.", Some("Anna Berg"), Some("Anna Berg")),
            ("Nobody leaves.", Some("Anna Berg"), Some("Anna Berg")),
        ]
    );
}

#[test]
fn multi_paragraph_quotes() {
    let input = "Berg said: \"The first part goes on.\n\n\"The second part ends here.\"\n\nThen 12 people left.";
    let extraction = run(input);
    assert!(
        extraction.diagnostics.is_empty(),
        "{:?}",
        extraction.diagnostics
    );
    let claim = &extraction.claims[0];
    assert_eq!(claim.parts.len(), 2);
    assert_eq!(
        claim.text,
        "The first part goes on. The second part ends here."
    );
    assert_eq!(claim.speaker(), Some("Berg"));
    assert_eq!(extraction.claims.len(), 2);
}

#[test]
fn unclosed_quotes_stop_at_their_paragraph() {
    let extraction =
        run("Berg said \"this never ends and goes on.\n\nThe next paragraph has 40 people in it.");
    assert_eq!(extraction.diagnostics.len(), 1);
    assert!(extraction.diagnostics[0].message.contains("never closed"));
    assert_eq!(extraction.claims[0].text, "this never ends and goes on.");
    assert_eq!(extraction.claims[1].text, "40");
}

/// The quotes set aside, in order.
fn rejected_quotes(extraction: &Extraction) -> Vec<&str> {
    extraction
        .rejected
        .iter()
        .filter(|r| r.kind == ClaimKind::Quote)
        .map(|r| r.text.as_str())
        .collect()
}

#[test]
fn scare_quotes_and_titles_are_rejected() {
    let extraction = run(
        "She starred in a film called \"Saturday Night Live\" last year. The so-called \"experts\" disagreed. The \"Big Three\" met. Officials said the plan was \"a disaster\".",
    );
    assert_eq!(
        rejected_quotes(&extraction),
        ["Saturday Night Live", "experts", "Big Three"]
    );
    assert!(extraction.rejected.iter().all(|r| !r.reason.is_empty()));
    assert_eq!(
        quotes(&extraction),
        [("a disaster", Some("Officials"), Some("Officials"))]
    );
}

#[test]
fn works_named_after_on_or_after_a_comma_are_titles_not_quotes() {
    let extraction = run(
        "The senator appeared on \"Face the Nation\" and wrote her memoir, \"A Long Road Home\". Her aide said the trip was \"worth it.\"",
    );
    assert_eq!(
        rejected_quotes(&extraction),
        ["Face the Nation", "A Long Road Home"]
    );
    assert_eq!(
        quotes(&extraction),
        [("worth it.", Some("aide"), Some("aide"))]
    );
}

#[test]
fn typographic_and_straight_quotes_share_an_id() {
    let curly = run("Berg said: “It’s over.”");
    let straight = run("Berg said: \"It's  over.\"");
    assert_eq!(curly.claims[0].id, straight.claims[0].id);
    assert_eq!(curly.claims[0].canonical, "It's over.");
}

#[test]
fn canonical_quotes_are_nfc_whether_or_not_composing_was_needed() {
    assert_eq!(canonical_quote("“Café”\n  au  lait"), "\"Café\" au lait");
    assert_eq!(canonical_quote("Cafe\u{301}  au lait"), "Café au lait");
    assert_eq!(canonical_quote(" \u{1100}\u{1161} "), "\u{ac00}");
}

#[test]
fn one_claim_per_id() {
    let extraction = run("Berg said: \"Stop.\" Later Berg said: \"Stop.\"");
    assert_eq!(extraction.claims.len(), 1);
}

/// A small deterministic generator, so the property test needs no extra crate.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self) -> usize {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (self.0 >> 33) as usize
    }
}

fn check_span(doc: &Document, span: &Span, what: &str) {
    let text = doc.text();
    assert!(
        span.start_byte <= span.end_byte && span.end_byte <= text.len(),
        "{what}: {span:?}"
    );
    assert!(
        text.is_char_boundary(span.start_byte) && text.is_char_boundary(span.end_byte),
        "{what}: {span:?}"
    );
    assert_eq!(
        span.start_char,
        text[..span.start_byte].chars().count(),
        "{what}"
    );
    assert_eq!(
        span.end_char,
        text[..span.end_byte].chars().count(),
        "{what}"
    );
}

#[test]
fn never_panics_and_spans_are_sound() {
    const PIECES: &[&str] = &[
        "\"",
        "“",
        "”",
        "«",
        "»",
        "``",
        "''",
        "'",
        "’",
        " ",
        "\n",
        "\n\n",
        ".",
        ",",
        "!",
        "?",
        "-",
        "–",
        "$",
        "£",
        "€",
        "%",
        "8,000",
        "3.5",
        "two-hour",
        "1.2 million",
        "e\u{301}",
        "日本",
        "🙂",
        "\u{a0}",
        "\t",
        "\r\n",
        "# ",
        "**",
        "[a](b)",
        "_",
        "said",
        " he said, ",
        "Mr.",
        "U.S.",
        "March 19",
        "more than ",
        "between 5 and ",
        "\u{0}",
        "\u{feff}",
        "> ",
        "- ",
        "1. ",
        "```",
        "\u{2028}",
        "al-",
        "According to ",
    ];
    let mut rng = Lcg(0x5eed);
    let base: Vec<char> = SEED.chars().collect();
    for round in 0..400 {
        let mut input: String = if round % 4 == 0 {
            String::new()
        } else {
            let start = rng.next() % base.len();
            let len = rng.next() % 600;
            base.iter().skip(start).take(len).collect()
        };
        for _ in 0..(rng.next() % 40) {
            let piece = PIECES[rng.next() % PIECES.len()];
            let boundaries: Vec<usize> = input
                .char_indices()
                .map(|(i, _)| i)
                .chain([input.len()])
                .collect();
            let at = boundaries[rng.next() % boundaries.len()];
            if rng.next().is_multiple_of(5) && at < input.len() {
                let end = boundaries
                    .iter()
                    .copied()
                    .find(|&b| b > at)
                    .unwrap_or(input.len());
                input.replace_range(at..end, "");
            } else {
                input.insert_str(at, piece);
            }
        }
        for format in [Format::Text, Format::Markdown] {
            let doc = Document::parse(&input, format);
            let text = doc.text();
            assert_eq!(
                Document::parse(text, Format::Text).text(),
                text,
                "not idempotent: {input:?}"
            );
            for p in doc.paragraphs() {
                check_span(&doc, &p.span, "paragraph");
            }
            for s in doc.sentences() {
                check_span(&doc, &s.span, "sentence");
                assert!(doc.paragraphs()[s.paragraph].span.contains(&s.span));
            }
            let extraction = extract(&doc);
            for claim in &extraction.claims {
                check_span(&doc, &claim.span, "claim");
                for part in &claim.parts {
                    check_span(&doc, part, "part");
                    assert!(claim.span.contains(part));
                }
                assert!(claim.sentence < doc.sentences().len());
                assert!(!claim.canonical.is_empty());
            }
            for r in &extraction.rejected {
                check_span(&doc, &r.span, "rejected");
            }
            for d in &extraction.diagnostics {
                check_span(&doc, &d.span, "diagnostic");
            }
        }
    }
}

/// A quote's text, speaker and mention.
type Said = (String, Option<String>, Option<String>);

/// (text, speaker, mention) of every quote claim, plus the rejected texts.
fn summary(input: &str) -> (Vec<Said>, Vec<String>) {
    let extraction = run(input);
    let kept = quotes(&extraction)
        .into_iter()
        .map(|(t, s, m)| (t.to_owned(), s.map(str::to_owned), m.map(str::to_owned)))
        .collect();
    let rejected = extraction.rejected.iter().map(|r| r.text.clone()).collect();
    (kept, rejected)
}

fn q(text: &str, speaker: &str, mention: &str) -> Said {
    (
        text.to_owned(),
        Some(speaker.to_owned()),
        Some(mention.to_owned()),
    )
}

#[test]
fn every_mark_convention() {
    for input in [
        "Anna Berg said: \"We will stay.\"",
        "Anna Berg said: “We will stay.”",
        "Anna Berg said: ``We will stay.''",
        "Anna Berg said: ''We will stay.''",
        "Anna Berg said: «We will stay.»",
    ] {
        assert_eq!(
            summary(input).0,
            [q("We will stay.", "Anna Berg", "Anna Berg")],
            "{input}"
        );
    }
}

#[test]
fn nested_quotes_and_apostrophes_stay_inside() {
    assert_eq!(
        summary("“They called it ‘a disgrace’ and rock ’n’ roll in the ’90s,” Tom Keller said.").0,
        [q(
            "They called it ‘a disgrace’ and rock ’n’ roll in the ’90s,",
            "Tom Keller",
            "Tom Keller"
        )]
    );
    assert_eq!(
        summary("\"She said she'd be 'above the law,' \" said Ann Li, an activist.").0,
        [q("She said she'd be 'above the law,'", "Ann Li", "Ann Li")]
    );
}

#[test]
fn unclosed_quote_at_the_end_is_kept_with_a_diagnostic() {
    let extraction = run("Tom Keller said: \"We will never give up");
    assert_eq!(extraction.claims.len(), 1);
    assert_eq!(extraction.claims[0].text, "We will never give up");
    assert_eq!(extraction.diagnostics.len(), 1);
}

#[test]
fn attribution_in_the_next_sentence() {
    // The sentence splitter cuts after the question mark; the attribution follows it.
    assert_eq!(
        summary("“Why would we leave?” Anna Berg asked, smiling. “We just got here.”").0,
        [
            q("Why would we leave?", "Anna Berg", "Anna Berg"),
            q("We just got here.", "Anna Berg", "Anna Berg"),
        ]
    );
}

#[test]
fn attribution_in_the_sentence_before() {
    assert_eq!(
        summary("Tom Keller recalled his first day.\n\n“I did not know anyone.”").0,
        [q("I did not know anyone.", "Tom Keller", "Tom Keller")]
    );
    assert_eq!(
        summary("The council released a statement:\n\n“The bridge will reopen in May.”").0,
        [q(
            "The bridge will reopen in May.",
            "council",
            "The council"
        )]
    );
    assert_eq!(
        summary("“We will rebuild.”\n\n— Anna Berg").0,
        [q("We will rebuild.", "Anna Berg", "Anna Berg")]
    );
}

#[test]
fn phrasal_cues_and_participles() {
    assert_eq!(
        summary("Anna Berg pointed out that the plan was “never funded.”").0,
        [q("never funded.", "Anna Berg", "Anna Berg")]
    );
    assert_eq!(
        summary("“It works,” Tom Keller said, adding that it was “cheap to run.”").0,
        [
            q("It works,", "Tom Keller", "Tom Keller"),
            q("cheap to run.", "Tom Keller", "Tom Keller"),
        ]
    );
    assert_eq!(
        summary("Hours later, she sent an email saying “the vote is off.”").0[0].2,
        Some("she".to_owned())
    );
}

#[test]
fn partial_quotes_take_the_sentence_subject() {
    assert_eq!(
        summary("Sen. Ruth Ames questioned the plan’s “hidden costs” at the hearing.").0,
        [q("hidden costs", "Ruth Ames", "Sen. Ruth Ames")]
    );
    let (kept, rejected) = summary("Within minutes, he called Tom Keller “Little Tom” twice.");
    assert_eq!(kept.len(), 1);
    assert!(rejected.is_empty());
}

#[test]
fn headline_present_tense_and_according_to() {
    assert_eq!(
        summary("Mayor says bridge is “safe to cross”").0,
        [q("safe to cross", "Mayor", "Mayor")]
    );
    assert_eq!(
        summary("The budget is “a fantasy,” according to the Audit Office.").0,
        [q("a fantasy,", "Audit Office", "the Audit Office")]
    );
}

#[test]
fn a_clause_between_two_quotes_does_not_join_them() {
    let extraction = run(
        "\"His mood is grumpy,\" she said, but despite the tone, \"I think he will do it,\" said Kunin.",
    );
    let found = quotes(&extraction);
    assert_eq!(found.len(), 2, "{found:?}");
    assert_eq!(found[1].1, Some("Kunin"));
}

#[test]
fn a_naming_word_that_ends_a_sentence_does_not_introduce_the_quote() {
    let extraction = run(
        "Tom Reyes ran the Kerry campaign. \"The numbers don't add up,\" said Reyes, who backs Berg.",
    );
    assert_eq!(quotes(&extraction).len(), 1, "{:?}", extraction.rejected);
}

#[test]
fn an_ascii_quote_is_canonical_once_its_whitespace_is_collapsed() {
    // `quotes::add_claims` skips `canonical_quote` for ASCII quotes on this ground.
    let ascii = " We are\tready,\n  he said ";
    assert_eq!(canonical_quote(ascii), collapse_whitespace(ascii));
}

#[test]
fn collapsing_borrows_only_text_that_is_collapsed_already() {
    for text in [
        "",
        " ",
        "a",
        "a b",
        " a",
        "a ",
        "a  b",
        "a\nb",
        "a\u{b}b",
        "a\tb",
        "a\rb",
        "a\u{c}b",
        "a\u{1f}b",
        "é  b",
        "é\nb",
        " é",
        "é ",
        "a\u{85}b",
        "a\u{a0}b",
        "a\u{1680}b",
        "a\u{2003}b",
        "a\u{205f}b",
        "a\u{3000}b",
        "“a” é — b ½",
        "\u{a0}",
    ] {
        let by_words = text.split_whitespace().collect::<Vec<_>>().join(" ");
        let collapsed = collapse_whitespace(text);
        assert_eq!(collapsed, by_words, "{text:?}");
        assert_eq!(
            matches!(collapsed, std::borrow::Cow::Borrowed(_)),
            by_words == text,
            "{text:?}"
        );
    }
}

#[test]
fn titles_after_a_possessive_name_or_a_naming_word_are_rejected() {
    let extraction = run(
        "Rubio said on ABC's \"This Week,\" that he was ready. Brill, author of \"A Bitter Pill,\" said \"the plan is failing.\"",
    );
    let kept: Vec<&str> = quotes(&extraction).iter().map(|q| q.0).collect();
    assert_eq!(kept, ["the plan is failing."]);
    let reasons: Vec<&str> = extraction
        .rejected
        .iter()
        .filter(|r| r.kind == ClaimKind::Quote)
        .map(|r| r.reason.as_str())
        .collect();
    assert_eq!(
        reasons,
        [
            "title: short Title Case words after a possessive name",
            "scare quote or name: introduced by \"author of\""
        ]
    );
}

#[test]
fn a_floating_quote_continues_an_unresolved_pronoun() {
    let extraction = run("\"There is just one science,\" he said. \"Some deny it.\"");
    let found = quotes(&extraction);
    assert_eq!(found.len(), 2, "{found:?}");
    assert_eq!(found[1].2, Some("he"));
}

#[test]
fn time_references_take_the_month_and_join_day_and_year() {
    let doc = Document::parse(
        "As of March 14, 2020, 16 cases were confirmed. On 18 February 2021 at 5 p.m. \
         the count rose to levels last seen in the 1990s.",
        Format::Text,
    );
    let said: Vec<&str> = time_references(&doc)
        .iter()
        .map(|span| span.slice(doc.text()))
        .collect();
    assert_eq!(said, ["March 14, 2020", "18 February 2021", "5", "1990s"]);
}

#[test]
fn time_references_take_the_day_of_the_week_with_its_date() {
    let doc = Document::parse(
        "On Tuesday, March 14, 16 cases were confirmed; by Fridays the Mondayish count fell.",
        Format::Text,
    );
    let said: Vec<&str> = time_references(&doc)
        .iter()
        .map(|span| span.slice(doc.text()))
        .collect();
    assert_eq!(said, ["Tuesday, March 14"]);
}

#[test]
fn a_quote_glued_to_the_speaker_keeps_its_speaker() {
    let extraction = run("Debate\n\n“This is the politics of paranoia,”Clinton said on Monday.\n");
    assert_eq!(
        quotes(&extraction),
        [(
            "This is the politics of paranoia,",
            Some("Clinton"),
            Some("Clinton")
        )]
    );
}

#[test]
fn a_sentence_holds_at_most_64_claims_of_a_kind_and_sets_the_rest_aside() {
    // Every claim keeps its sentence: a "sentence" of hundreds of them is a list, not prose.
    let numbers: Vec<String> = (10..110).map(|n| format!("{n} ships")).collect();
    let extraction = run(&format!("They counted {} in all.", numbers.join(", ")));
    let crowded = |extraction: &Extraction, kind: ClaimKind| {
        extraction
            .rejected
            .iter()
            .filter(|r| r.kind == kind && r.reason.starts_with("past the 64th"))
            .count()
    };
    assert_eq!(extraction.claims.len(), MAX_CLAIMS_PER_SENTENCE);
    assert_eq!(
        crowded(&extraction, ClaimKind::Number),
        100 - MAX_CLAIMS_PER_SENTENCE
    );
    assert_eq!(
        extraction.claims.last().map(|c| c.text.as_str()),
        Some("73")
    );
    let quoted: Vec<String> = (0..100).map(|n| format!("\"we won round {n}\"")).collect();
    let extraction = run(&format!("He said {} and left", quoted.join(", ")));
    let quotes = extraction
        .claims
        .iter()
        .filter(|c| c.kind == ClaimKind::Quote)
        .count();
    assert_eq!(quotes, MAX_CLAIMS_PER_SENTENCE);
    assert_eq!(
        crowded(&extraction, ClaimKind::Quote),
        100 - MAX_CLAIMS_PER_SENTENCE
    );
    // The reasons name the cap as it is.
    for reason in [numbers::CROWDED.text, quotes::CROWDED] {
        assert!(
            reason.contains(&format!("{MAX_CLAIMS_PER_SENTENCE}th")),
            "{reason}"
        );
    }
}

#[test]
fn begged_bragged_and_concurred_report_speech() {
    // The lexicon once held "beged", "braged" and "concured", so these verbs named no speaker.
    for verb in [
        "begged",
        "bragged",
        "concurred",
        "begging",
        "bragging",
        "concurring",
    ] {
        let text = format!("\"Please stay home tonight,\" Maria Lopez {verb}.\n");
        let extraction = run(&text);
        assert_eq!(
            quotes(&extraction),
            [(
                "Please stay home tonight,",
                Some("Maria Lopez"),
                Some("Maria Lopez")
            )],
            "{verb}"
        );
    }
}

#[test]
fn a_diagnostic_quotes_the_words_where_it_is() {
    let extraction =
        run("He said \"we will stay until the very end of it all, whatever happens.\n\nNext.\n");
    let doc = Document::parse(
        "He said \"we will stay until the very end of it all, whatever happens.\n\nNext.\n",
        Format::Text,
    );
    let described = extraction.diagnostics[0].describe(doc.text());
    assert!(
        described.starts_with("at “\"we will stay until the very end of it…”: "),
        "{described}"
    );
    let short = run("\"Stay.\n\nNext.\n");
    let doc = Document::parse("\"Stay.\n\nNext.\n", Format::Text);
    assert!(
        short.diagnostics[0]
            .describe(doc.text())
            .starts_with("at “\"Stay.”: "),
        "{}",
        short.diagnostics[0].describe(doc.text())
    );
}
