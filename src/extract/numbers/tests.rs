//! Unit tests of the number extractor, one per form.

use super::*;
use crate::text::Format;

type Row = (
    String,
    Option<f64>,
    Option<String>,
    Option<String>,
    Option<Bound>,
);

fn numbers(input: &str) -> Vec<Row> {
    let doc = Document::parse(input, Format::Text);
    find(&doc, None)
        .0
        .into_iter()
        .map(|f| {
            let q = f.quantity;
            (
                doc.text().get(f.start..f.end).unwrap_or("").to_owned(),
                q.value,
                q.unit,
                q.qualifier,
                q.bound,
            )
        })
        .collect()
}

fn s(x: &str) -> Option<String> {
    Some(x.to_owned())
}

/// [`could_start`] on a word without its punctuation.
fn could_start_word(word: &str) -> bool {
    opens_number(word, super::lexicon::WORDS.classes(word))
}

#[test]
fn decimals_are_exact() {
    assert_eq!(Dec { mant: 12, exp: -1 }.scaled(6).text(), s("1200000"));
    assert_eq!(
        Dec {
            mant: 2500,
            exp: -3
        }
        .text(),
        s("2.5")
    );
    assert_eq!(Dec { mant: 5, exp: -1 }.text(), s("0.5"));
    assert_eq!(Dec { mant: 7, exp: -3 }.text(), s("0.007"));
    assert_eq!(numeric_prefix("8,000 "), Some((Dec::int(8000), 5)));
    assert_eq!(numeric_prefix("1,2"), Some((Dec::int(1), 1)));
}

#[test]
fn currencies_percentages_and_scales() {
    let got = numbers(
        "The fund has $4bn and £3m, plus €2.5 million and US$10 in cash. Prices rose 25% and 3.5 per cent, with 1.2 million people and 10k runners.",
    );
    let expected = [
        ("$4bn", 4e9, "USD"),
        ("£3m", 3e6, "GBP"),
        ("€2.5 million", 2.5e6, "EUR"),
        ("US$10", 10.0, "USD"),
        ("25%", 25.0, "percent"),
        ("3.5 per cent", 3.5, "percent"),
        ("1.2 million", 1.2e6, "people"),
        ("10k", 1e4, "runners"),
    ];
    assert_eq!(got.len(), expected.len(), "{got:?}");
    for (g, (text, value, unit)) in got.iter().zip(expected) {
        assert_eq!(
            (g.0.as_str(), g.1, g.2.as_deref()),
            (text, Some(value), Some(unit))
        );
    }
}

#[test]
fn hedges_and_ranges() {
    let got = numbers(
        "Nearly 200 homes burned and up to 40 people fled, between 20 and 30 soldiers died, 10-15 were hurt and from 5 to 7 tanks left.",
    );
    assert_eq!(
        got[0],
        (
            s("200").unwrap(),
            Some(200.0),
            s("homes"),
            s("nearly"),
            Some(Bound::Approximate)
        )
    );
    assert_eq!(
        got[1],
        (
            s("40").unwrap(),
            Some(40.0),
            s("people"),
            s("up to"),
            Some(Bound::Upper)
        )
    );
    assert_eq!(
        got[2],
        (
            s("20 and 30").unwrap(),
            None,
            s("soldiers"),
            s("between"),
            Some(Bound::Range)
        )
    );
    assert_eq!(
        got[3],
        (s("10-15").unwrap(), None, None, None, Some(Bound::Range))
    );
    assert_eq!(got[4].0, "5 to 7");
    assert_eq!(got.len(), 5);
}

#[test]
fn spelled_and_vague() {
    let got = numbers(
        "Thirty-five protesters and a dozen police met two hundred and fifty residents. Dozens of people and tens of thousands of refugees left within half a day.",
    );
    let texts: Vec<&str> = got.iter().map(|g| g.0.as_str()).collect();
    assert_eq!(
        texts,
        [
            "Thirty-five",
            "a dozen",
            "two hundred and fifty",
            "Dozens",
            "tens of thousands",
            "half a"
        ]
    );
    assert_eq!(got[0].1, Some(35.0));
    assert_eq!(got[1].1, Some(12.0));
    assert_eq!(got[2].1, Some(250.0));
    assert_eq!(got[3].4, Some(Bound::Vague));
    assert_eq!(got[4].2, s("refugees"));
}

#[test]
fn not_numbers() {
    let got = numbers(
        "On March 19, 2012, at 10 a.m. and 10:30, the 19th meeting in 2012 chose the second-largest site, one of the only ones, a year ago; 19 March was Resolution 2042 day and the 1990s ended.",
    );
    assert!(got.is_empty(), "{got:?}");
}

#[test]
fn ranges_share_scale_and_need_alike_ends() {
    let got = numbers(
        "Experts expect 2-3 million more, while admissions fell by 12% to 3,200 a day and No. 10 agreed.",
    );
    let texts: Vec<&str> = got.iter().map(|g| g.0.as_str()).collect();
    assert_eq!(texts, ["2-3 million", "12%", "3,200"]);
    let doc = Document::parse("Experts expect 2-3 million more.", Format::Text);
    let q = find(&doc, None).0.remove(0).quantity;
    assert_eq!((q.low, q.high, q.value), (Some(2e6), Some(3e6), None));
}

#[test]
fn adjectival_compounds() {
    let got = numbers("A two-hour pause for a 10-year-old girl and one person.");
    assert_eq!(
        got[0],
        (
            s("two").unwrap(),
            Some(2.0),
            s("hour"),
            None,
            Some(Bound::Exact)
        )
    );
    assert_eq!(
        got[1],
        (
            s("10").unwrap(),
            Some(10.0),
            s("year"),
            None,
            Some(Bound::Exact)
        )
    );
    assert_eq!(
        got[2],
        (
            s("one").unwrap(),
            Some(1.0),
            s("person"),
            None,
            Some(Bound::Exact)
        )
    );
}

/// The numbers of `input` as (text, value), to compare with `expected`.
fn check(input: &str, expected: &[(&str, Option<f64>)]) {
    let got: Vec<(String, Option<f64>)> = numbers(input)
        .into_iter()
        .map(|row| (row.0, row.1.map(|v| (v * 1e9).round() / 1e9)))
        .collect();
    let want: Vec<(String, Option<f64>)> = expected
        .iter()
        .map(|(t, v)| ((*t).to_owned(), v.map(|v| (v * 1e9).round() / 1e9)))
        .collect();
    assert_eq!(got, want, "in {input:?}");
}

/// What was set aside in `input`, as (text, reason).
fn set_aside(input: &str) -> Vec<(String, &'static str)> {
    let doc = Document::parse(input, Format::Text);
    find(&doc, None)
        .1
        .into_iter()
        .map(|r| {
            (
                doc.text().get(r.start..r.end).unwrap_or("").to_owned(),
                r.reason.text,
            )
        })
        .collect()
}

#[test]
fn spelled_numbers_of_any_size() {
    check(
        "The council hired forty-two officers and spent nineteen hundred pounds.",
        &[
            ("forty-two", Some(42.0)),
            ("nineteen hundred", Some(1900.0)),
        ],
    );
    check(
        "It lists one billion twenty-five million entries, or seventy-five thousand per page.",
        &[
            ("one billion twenty-five million", Some(1_025_000_000.0)),
            ("seventy-five thousand", Some(75_000.0)),
        ],
    );
    check(
        "Officials counted 4 thousand 3 hundred and 12 ballots.",
        &[("4 thousand 3 hundred and 12", Some(4312.0))],
    );
    check(
        "The shelter took in a couple of dogs and half a dozen cats.",
        &[("a couple of", Some(2.0)), ("half a dozen", Some(6.0))],
    );
}

#[test]
fn lists_of_number_words_stay_apart() {
    check(
        "He counted seven, two and three, then fifty sixty.",
        &[
            ("seven", Some(7.0)),
            ("two", Some(2.0)),
            ("three", Some(3.0)),
            ("fifty", Some(50.0)),
            ("sixty", Some(60.0)),
        ],
    );
    check(
        "Teams of 3 hundred and 4 hundred marched.",
        &[("3 hundred", Some(300.0)), ("4 hundred", Some(400.0))],
    );
}

#[test]
fn decimals_in_words_and_digits() {
    check(
        "Growth was two point five percent, and the rate fell by .75 to 0.7.",
        &[
            ("two point five percent", Some(2.5)),
            (".75", Some(0.75)),
            ("0.7", Some(0.7)),
        ],
    );
}

#[test]
fn point_after_words_then_digits_is_a_noun() {
    check(
        "At one point 300 people queued, and rates rose 1 point 5.",
        &[("300", Some(300.0)), ("1 point 5", Some(1.5))],
    );
}

#[test]
fn fractions() {
    check(
        "Two thirds of voters and a quarter of donors agreed; 1/4 stayed home.",
        &[
            ("Two thirds", Some(2.0 / 3.0)),
            ("a quarter", Some(0.25)),
            ("1/4", Some(0.25)),
        ],
    );
    check(
        "The pipe runs 2 ½ miles and the tank holds ¾ of its volume.",
        &[("2 ½", Some(2.5)), ("¾", Some(0.75))],
    );
    check(
        "One in five adults and 3 out of 4 children were tested.",
        &[("One in five", Some(0.2)), ("3 out of 4", Some(0.75))],
    );
    check(
        "Revenue reached two and a half million, then three million and a half.",
        &[
            ("two and a half million", Some(2_500_000.0)),
            ("three million and a half", Some(3_500_000.0)),
        ],
    );
}

#[test]
fn signs_and_negatives() {
    check(
        "Temperatures hit -12 overnight, minus five by day and 10 degrees below zero at the peak.",
        &[
            ("-12", Some(-12.0)),
            ("minus five", Some(-5.0)),
            ("10 degrees below zero", Some(-10.0)),
        ],
    );
}

#[test]
fn scale_suffixes_and_exponents() {
    check(
        "The startup raised 3M, spent 1.2bn and 250K, and modelled 1.5e6 users.",
        &[
            ("3M", Some(3e6)),
            ("1.2bn", Some(1.2e9)),
            ("250K", Some(250_000.0)),
            ("1.5e6", Some(1.5e6)),
        ],
    );
    check(
        "Farmers owe 35 lakh rupees; the state owes Rs 2 crore.",
        &[
            ("35 lakh", Some(3_500_000.0)),
            ("Rs 2 crore", Some(20_000_000.0)),
        ],
    );
}

#[test]
fn digit_groups_with_spaces() {
    check(
        "The census counted 1 234 567 residents and 40\u{202f}000 visitors.",
        // Normalization turns the narrow no-break space into a space.
        &[("1 234 567", Some(1_234_567.0)), ("40 000", Some(40_000.0))],
    );
}

#[test]
fn currencies_in_every_spelling() {
    let got =
        numbers("Tickets cost USD 40, EUR12.50 or 900Rs; the fine was 20 dollars and 45 cents.");
    let rows: Vec<(&str, Option<f64>, Option<&str>)> = got
        .iter()
        .map(|r| (r.0.as_str(), r.1, r.2.as_deref()))
        .collect();
    assert_eq!(
        rows,
        [
            ("USD 40", Some(40.0), Some("USD")),
            ("EUR12.50", Some(12.5), Some("EUR")),
            ("900Rs", Some(900.0), Some("INR")),
            ("20 dollars and 45 cents", Some(20.45), Some("USD")),
        ]
    );
}

#[test]
fn measurements_with_units() {
    let got = numbers(
        "The runner, 6 feet 3 inches tall, covered 42.2km in a 37°C heat and drank 2l of water.",
    );
    let rows: Vec<(&str, Option<String>)> = got
        .iter()
        .map(|r| (r.0.as_str(), r.1.map(|v| format!("{v:.4}"))))
        .collect();
    assert_eq!(
        rows,
        [
            ("6 feet 3 inches", Some("6.2500".to_owned())),
            ("42.2km", Some("42.2000".to_owned())),
            ("37°C", Some("37.0000".to_owned())),
            ("2l", Some("2.0000".to_owned())),
        ]
    );
    assert_eq!(got[1].2.as_deref(), Some("km"));
    assert_eq!(got[2].2.as_deref(), Some("°C"));
    assert_eq!(got[3].2.as_deref(), Some("l"));
}

#[test]
fn ranges_with_units_on_both_ends() {
    let doc = Document::parse(
        "Forecasts range from 30 degrees to 35 degrees, or between $10 and $20 a ticket.",
        Format::Text,
    );
    let found = find(&doc, None).0;
    type RangeRow<'a> = (&'a str, Option<f64>, Option<f64>, Option<Bound>);
    let ranges: Vec<RangeRow<'_>> = found
        .iter()
        .map(|f| {
            (
                doc.text().get(f.start..f.end).unwrap_or(""),
                f.quantity.low,
                f.quantity.high,
                f.quantity.bound,
            )
        })
        .collect();
    assert_eq!(
        ranges,
        [
            (
                "30 degrees to 35",
                Some(30.0),
                Some(35.0),
                Some(Bound::Range)
            ),
            ("$10 and $20", Some(10.0), Some(20.0), Some(Bound::Range)),
        ]
    );
}

#[test]
fn hedges_keep_their_bound() {
    let got = numbers(
        "At least 12 boats sank, fewer than 30 crew survived, an estimated 5,000 fled and no fewer than 40 stayed.",
    );
    let hedges: Vec<(Option<String>, Option<Bound>)> =
        got.into_iter().map(|r| (r.3, r.4)).collect();
    assert_eq!(
        hedges,
        [
            (s("at least"), Some(Bound::Lower)),
            (s("fewer than"), Some(Bound::Upper)),
            (s("an estimated"), Some(Bound::Approximate)),
            (s("no fewer than"), Some(Bound::Lower)),
        ]
    );
}

#[test]
fn vague_counts_have_bounds_and_no_value() {
    let doc = Document::parse(
        "A few residents and hundreds of tourists left.",
        Format::Text,
    );
    let found = find(&doc, None).0;
    assert_eq!(found.len(), 2);
    for f in &found {
        assert_eq!(f.quantity.bound, Some(Bound::Vague));
        assert_eq!(f.quantity.value, None);
        assert!(f.quantity.low < f.quantity.high);
    }
}

#[test]
fn hundreds_of_thousands_is_one_vague_count_with_or_without_a_noun_after() {
    for text in [
        "Hundreds of thousands marched through the capital on Sunday.",
        "The march drew hundreds of thousands.",
        "Organisers counted hundreds of thousands of marchers.",
    ] {
        let doc = Document::parse(text, Format::Text);
        let found = find(&doc, None).0;
        assert_eq!(found.len(), 1, "{text}: {found:?}");
        assert_eq!(found[0].quantity.bound, Some(Bound::Vague), "{text}");
        assert_eq!(found[0].quantity.low, Some(200_000.0), "{text}");
        assert_eq!(found[0].quantity.high, Some(999_999.0), "{text}");
    }
    let doc = Document::parse("Tens of thousands waited.", Format::Text);
    let found = find(&doc, None).0;
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].quantity.low, Some(10_000.0));
}

#[test]
fn the_same_number_twice_is_two_claims() {
    let doc = Document::parse("She paid 50 dollars, then 50 dollars again.", Format::Text);
    let found = find(&doc, None).0;
    assert_eq!(found.len(), 2);
    assert_ne!(found[0].canonical, found[1].canonical);
}

#[test]
fn what_is_not_a_claim_is_set_aside_with_a_reason() {
    let got = set_aside(
        "On 4 May 2021 at 9:45 the No. 7 bus passed 221 Baker Street and a Boeing 747 flew over section 12.",
    );
    let reasons: Vec<(&str, &str)> = got.iter().map(|(t, r)| (t.as_str(), *r)).collect();
    assert_eq!(
        reasons,
        [
            ("4", "a calendar date"),
            ("2021", "a calendar date"),
            ("9:45", "a clock time"),
            ("7", "a reference number (section, page, flight, No.)"),
            ("221", "a street number"),
            ("747", "part of a name (\"Voyager 2\", \"Boeing 737\")"),
            ("12", "a reference number (section, page, flight, No.)"),
        ]
    );
    assert!(numbers("1. Officials met.").is_empty());
    assert_eq!(set_aside("1. Officials met.")[0].1, "a list marker");
}

/// Arbitrary text built from number-like pieces never panics, and every span lies on character
/// boundaries, inside the text, in order.
#[test]
fn arbitrary_number_text_never_panics() {
    const PIECES: &[&str] = &[
        "1",
        "0",
        "12",
        ",",
        ".",
        "-",
        "–",
        "/",
        "½",
        "%",
        "$",
        "£",
        "US$",
        "€",
        "°C",
        "°",
        "k",
        "M",
        "bn",
        "e",
        "^",
        "x10^",
        " ",
        "  ",
        "\u{202f}",
        "\n",
        "million",
        "thousand",
        "hundred",
        "and",
        "a",
        "half",
        "quarter",
        "thirds",
        "point",
        "minus",
        "between",
        "to",
        "from",
        "in",
        "out of",
        "over",
        "more than",
        "about",
        "dozens of",
        "one",
        "twenty-",
        "five",
        "USD",
        "Rs",
        "dollars",
        "cents",
        "feet",
        "inches",
        "km",
        "below zero",
        "No.",
        "May",
        "2021",
        "é",
        "𝟙",
        "٣",
        "(",
        ")",
        "\"",
        "'",
        "’",
        "lakh",
        "cr",
        "Street",
        "Boeing",
    ];
    let mut state: u64 = 0x4e75_6d62;
    let mut next = move || {
        state = state
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        usize::try_from(state >> 33).unwrap_or(0)
    };
    for _ in 0..3000 {
        let mut input = String::new();
        for _ in 0..(next() % 24) {
            input.push_str(PIECES[next() % PIECES.len()]);
            if next() % 3 == 0 {
                input.push(' ');
            }
        }
        let doc = Document::parse(&input, Format::Text);
        let text = doc.text();
        let (found, aside) = find(&doc, None);
        for f in &found {
            assert!(f.start < f.end && f.end <= text.len(), "{input:?}");
            assert!(
                text.is_char_boundary(f.start) && text.is_char_boundary(f.end),
                "{input:?}"
            );
            assert!(f.quantity.value.is_none_or(f64::is_finite), "{input:?}");
            assert!(!f.canonical.is_empty());
        }
        for a in &aside {
            assert!(a.start <= a.end && a.end <= text.len(), "{input:?}");
            assert!(
                text.is_char_boundary(a.start) && text.is_char_boundary(a.end),
                "{input:?}"
            );
        }
    }
}

#[test]
fn every_number_word_can_open_a_number() {
    for word in [
        "zero",
        "seventeen",
        "ninety",
        "hundred",
        "thousands",
        "lakh",
        "crore",
        "cr",
        "trillions",
        "dozen",
        "dozens",
        "tens",
        "scores",
        "half",
        "quarter",
        "a",
        "an",
        "Two-hour",
        "USD3",
        "US$10",
        "½",
        "8,000",
    ] {
        assert!(could_start_word(word), "{word}");
    }
    for word in ["the", "reporters", "Syria", "quartermaster", "tenses"] {
        assert!(!could_start_word(word), "{word}");
    }
    // Every word the grammar reads is an opening word.
    for &word in OPENING_WORDS {
        assert!(could_start_word(&word.to_uppercase()), "{word}");
        assert!(
            words::is_number_word(word)
                || vague_word(word).is_some()
                || matches!(word, "a" | "an" | "half" | "quarter"),
            "{word}"
        );
    }
}

#[test]
fn house_numbers_model_names_and_multiword_units() {
    let got = numbers(
        "Police searched 221B Baker Street and sold an iPhone 15; rates rose 0.4 percentage points over 5 sq km.",
    );
    let rows: Vec<(&str, Option<&str>)> =
        got.iter().map(|r| (r.0.as_str(), r.2.as_deref())).collect();
    assert_eq!(
        rows,
        [("0.4", Some("percentage point")), ("5", Some("km2"))]
    );
    check(
        "Shares raised 1.2b and $2B.",
        &[("1.2b", Some(1.2e9)), ("$2B", Some(2e9))],
    );
}

#[test]
fn comma_lists_are_one_number_per_item() {
    check(
        "Questions 4,7,12 were dropped, 1,250 remain and 8,8,8 repeats.",
        &[
            ("4", Some(4.0)),
            ("7", Some(7.0)),
            ("12", Some(12.0)),
            ("1,250", Some(1250.0)),
            ("8", Some(8.0)),
            ("8", Some(8.0)),
            ("8", Some(8.0)),
        ],
    );
}

#[test]
fn a_count_after_a_dated_clause_is_a_claim() {
    let doc = Document::parse(
        "As of 7 July, 49 people were killed. On July 4, 2021 it rained.",
        Format::Text,
    );
    let texts: Vec<String> = crate::extract::extract(&doc)
        .claims
        .iter()
        .map(|c| c.text.clone())
        .collect();
    assert_eq!(
        texts,
        ["49"],
        "the day and the year are dates, the count is a claim"
    );
}

#[test]
fn one_thing_is_counted_in_the_singular() {
    let units = |input: &str| -> Vec<Option<String>> {
        numbers(input).into_iter().map(|row| row.2).collect()
    };
    assert_eq!(units("One report suggests the toll rose."), [s("report")]);
    assert_eq!(units("One in five adult smokers quit."), [s("smokers")]);
    assert_eq!(units("Three reports suggest a rise."), [s("reports")]);
}

#[test]
fn a_number_said_again_in_its_sentence_is_a_claim_of_its_own() {
    let doc = Document::parse(
        "Police counted 10 cars, then 12 trucks, then 10 cars again, and 10 cars once more. \
         Later 10 cars left.",
        Format::Text,
    );
    let found = find(&doc, None).0;
    let canonical: Vec<&str> = found.iter().map(|f| f.canonical.as_str()).collect();
    assert_eq!(canonical.len(), 5, "{canonical:?}");
    let first = canonical[0];
    assert!(!canonical[1].starts_with(first), "{canonical:?}");
    assert_eq!(canonical[2], format!("{first}|2"));
    assert_eq!(canonical[3], format!("{first}|3"));
    // Another sentence counts afresh.
    assert!(!canonical[4].ends_with("|2"), "{canonical:?}");
    assert_ne!(canonical[4], first);
}

#[test]
fn the_sentence_is_read_back_from_a_canonical_form_repeat_or_not() {
    let doc = Document::parse(
        "Police counted 10 cars | then 10 cars again. Later 10 cars left.",
        Format::Text,
    );
    let found = find(&doc, None).0;
    let sentences: Vec<Option<&str>> = found
        .iter()
        .map(|f| sentence_of_canonical(&f.canonical))
        .collect();
    let first = "Police counted 10 cars | then 10 cars again.";
    assert_eq!(
        sentences,
        [Some(first), Some(first), Some("Later 10 cars left.")],
        "a bar inside the sentence stays, the repeat's \"|2\" goes"
    );
    assert_eq!(sentence_of_canonical("a quote's words"), None);
}

fn units_of(input: &str) -> Vec<(String, Option<String>)> {
    numbers(input).into_iter().map(|r| (r.0, r.2)).collect()
}

fn unit_rows(rows: &[(&str, Option<&str>)]) -> Vec<(String, Option<String>)> {
    rows.iter()
        .map(|(t, u)| ((*t).to_owned(), u.map(str::to_owned)))
        .collect()
}

#[test]
fn a_currency_symbol_a_space_before_its_number() {
    assert_eq!(
        units_of("The council borrowed $ 40 million and paid £ 2.5 million back."),
        unit_rows(&[
            ("$ 40 million", Some("USD")),
            ("£ 2.5 million", Some("GBP"))
        ])
    );
    assert_eq!(
        units_of("Ottawa set aside c $ 12 million; Hong Kong hk $ 3 billion; US$ 9.20 a ticket."),
        unit_rows(&[
            ("c $ 12 million", Some("CAD")),
            ("hk $ 3 billion", Some("HKD")),
            ("US$ 9.20", Some("USD")),
        ])
    );
}

#[test]
fn a_currency_symbol_glued_after_its_digits() {
    assert_eq!(
        units_of("Tickets cost 35€ in Paris, 40$ in Boston and the VIP pass 2k$."),
        unit_rows(&[
            ("35€", Some("EUR")),
            ("40$", Some("USD")),
            ("2k$", Some("USD"))
        ])
    );
}

#[test]
fn the_temperature_scale_is_kept() {
    assert_eq!(
        units_of(
            "Ovens reach 250 degrees Fahrenheit, the lake stays at 4 ° C and tea at 80 deg c."
        ),
        unit_rows(&[("250", Some("°F")), ("4", Some("°C")), ("80", Some("°C"))])
    );
    assert_eq!(
        units_of("Forecasts gave from 12 degrees celsius to 18 degrees celsius, then 21 degrees."),
        unit_rows(&[
            ("12 degrees celsius to 18", Some("°C")),
            ("21", Some("degree"))
        ])
    );
}

#[test]
fn pounds_by_weight_and_pounds_sterling() {
    assert_eq!(
        units_of(
            "The parcel weighs 12 pounds. She bought three pounds of apples. He owes nine pounds."
        ),
        unit_rows(&[
            ("12", Some("lb")),
            ("three", Some("lb")),
            ("nine", Some("GBP"))
        ])
    );
}

#[test]
fn short_unit_symbols_after_a_space() {
    assert_eq!(
        units_of("Add 15 g of salt to 2 l of water; the chip runs at 4 GHz and the bolt is 3 in."),
        unit_rows(&[
            ("15", Some("g")),
            ("2", Some("l")),
            ("4", Some("GHz")),
            ("3", Some("inch"))
        ])
    );
    // "in" before more words is the preposition.
    assert_eq!(
        units_of("They scored 3 in the final minutes."),
        unit_rows(&[("3", None)])
    );
}

#[test]
fn currency_and_measure_names_are_normalized() {
    assert_eq!(
        units_of(
            "It sold for 80 francs, 7 riyals, 300 pesetas or 2 bitcoins; the pan holds 3 gals."
        ),
        unit_rows(&[
            ("80", Some("franc")),
            ("7", Some("riyal")),
            ("300", Some("ESP")),
            ("2", Some("BTC")),
            ("3", Some("gallon")),
        ])
    );
}

#[test]
fn two_opposite_bounds_make_one_range() {
    let ranges = |input: &str| -> Vec<(String, Option<f64>, Option<f64>)> {
        let doc = Document::parse(input, Format::Text);
        find(&doc, None)
            .0
            .into_iter()
            .map(|f| {
                let text = doc.text().get(f.start..f.end).unwrap_or("").to_owned();
                (text, f.quantity.low, f.quantity.high)
            })
            .collect()
    };
    assert_eq!(
        ranges("Polls gave the party more than 12 and fewer than 18 seats."),
        [("12 and fewer than 18".to_owned(), Some(12.0), Some(18.0))]
    );
    assert_eq!(
        ranges("The lift carries at most 900 and at least 300 kilograms."),
        [("900 and at least 300".to_owned(), Some(300.0), Some(900.0))]
    );
    assert_eq!(
        ranges("Bids greater than 5 and less than or equal to 9 were kept; lots 4 through 7 sold."),
        [
            (
                "5 and less than or equal to 9".to_owned(),
                Some(5.0),
                Some(9.0)
            ),
            ("4 through 7".to_owned(), Some(4.0), Some(7.0)),
        ]
    );
    // Bounds that cannot hold together stay two numbers.
    assert_eq!(ranges("More than 40 and less than 10 is empty.").len(), 2);
}

#[test]
fn a_minus_sign_set_off_by_a_space() {
    check(
        "The night fell to - 14 degrees, and at - 3 the pipes froze.",
        &[("- 14", Some(-14.0)), ("- 3", Some(-3.0))],
    );
    // Between two clauses a spaced dash is a dash.
    check("Prices rose - 40 shops closed.", &[("40", Some(40.0))]);
}

#[test]
fn a_day_named_with_a_slash_is_no_fraction() {
    let got =
        numbers("Since 9/11 the agency hired 300 guards, open 24/7, and 3/4 of them are armed.");
    let texts: Vec<(&str, Option<f64>)> = got.iter().map(|r| (r.0.as_str(), r.1)).collect();
    assert_eq!(texts, [("300", Some(300.0)), ("3/4", Some(0.75))]);
}

#[test]
fn a_glued_m_before_a_counted_plural_is_millions() {
    let got =
        numbers("The bank froze 70m accounts; its mast is 70m tall and she won the 100m hurdles.");
    let rows: Vec<(&str, Option<f64>, Option<&str>)> = got
        .iter()
        .map(|r| (r.0.as_str(), r.1, r.2.as_deref()))
        .collect();
    assert_eq!(
        rows,
        [
            ("70m", Some(70e6), Some("accounts")),
            ("70m", Some(70.0), Some("m")),
            ("100m", Some(100.0), Some("m")),
        ]
    );
}

/// Phrase, value, low, high and unit.
type Vague = (
    String,
    Option<f64>,
    Option<f64>,
    Option<f64>,
    Option<String>,
);

#[test]
fn a_few_of_a_multiplier_and_half_a_span_of_time() {
    let doc = Document::parse(
        "A few dozen farmers waited half a century for a few thousand acres.",
        Format::Text,
    );
    let got: Vec<Vague> = find(&doc, None)
        .0
        .into_iter()
        .map(|f| {
            let q = f.quantity;
            (q.phrase, q.value, q.low, q.high, q.unit)
        })
        .collect();
    assert_eq!(
        got,
        [
            (
                s("A few dozen farmers").unwrap(),
                None,
                Some(24.0),
                Some(60.0),
                s("farmers")
            ),
            (
                s("half a century").unwrap(),
                Some(0.5),
                None,
                None,
                s("century")
            ),
            (
                s("a few thousand acres").unwrap(),
                None,
                Some(2000.0),
                Some(5000.0),
                s("acre")
            ),
        ]
    );
}

#[test]
fn names_and_old_years_are_no_figures() {
    let got = numbers(
        "They camped on Ninety Mile Beach. The middle one cracked. The charter of 1215 was read to 1,215 pilgrims above 1000 feet.",
    );
    let texts: Vec<(&str, Option<f64>)> = got.iter().map(|r| (r.0.as_str(), r.1)).collect();
    assert_eq!(texts, [("1,215", Some(1215.0)), ("1000", Some(1000.0))]);
}

#[test]
fn dozen_abbreviations_multiply() {
    let got = numbers("The stall sold 4 dzs eggs and seven doz rolls.");
    let values: Vec<Option<f64>> = got.iter().map(|r| r.1).collect();
    assert_eq!(values, [Some(48.0), Some(84.0)]);
}

#[test]
fn a_spaced_minus_opens_a_number_said_alone() {
    check("- 7", &[("- 7", Some(-7.0))]);
    check("- 3 degrees", &[("- 3", Some(-3.0))]);
    check("- 2,500,000", &[("- 2,500,000", Some(-2_500_000.0))]);
    // Before more words the dash is a list's bullet.
    check("- 4 rescuers reached the site.", &[("4", Some(4.0))]);
}

#[test]
fn a_hyphen_set_off_by_spaces_inside_spelled_numbers() {
    check(
        "the tally stood at sixty - three",
        &[("sixty - three", Some(63.0))],
    );
    check(
        "add three - quarters of it",
        &[("three - quarters", Some(0.75))],
    );
    check(
        "she counted seventy - four hundred ballots",
        &[("seventy - four hundred", Some(7400.0))],
    );
    // Tens after tens, or ones after ones, are two numbers and a dash.
    check("from forty - fifty people", &[("forty - fifty", None)]);
}

#[test]
fn a_decimal_spoken_without_its_whole_part() {
    check("point 25", &[("point 25", Some(0.25))]);
    check("point eighteen", &[("point eighteen", Some(0.18))]);
    check("point zero four", &[("point zero four", Some(0.04))]);
    check("minus point five", &[("minus point five", Some(-0.5))]);
    // A noun elsewhere.
    check("At that point 40 guards left.", &[("40", Some(40.0))]);
}

#[test]
fn indian_units_scale_digits_and_words() {
    check(
        "Each flat costs 8-12 lakh rupees and the dam 450 crore.",
        &[("8-12 lakh", None), ("450 crore", Some(4_500_000_000.0))],
    );
    check(
        "They raised two hundred krores.",
        &[("two hundred krores", Some(2_000_000_000.0))],
    );
    let doc = Document::parse("Each flat costs 8-12 lakh rupees.", Format::Text);
    let q = find(&doc, None).0.remove(0).quantity;
    assert_eq!((q.low, q.high), (Some(800_000.0), Some(1_200_000.0)));
}

/// The numbers of `input` as (text, value, unit).
fn valued_units(input: &str) -> Vec<(String, Option<f64>, Option<String>)> {
    numbers(input)
        .into_iter()
        .map(|row| (row.0, row.1.map(|v| (v * 1e9).round() / 1e9), row.2))
        .collect()
}

fn vu(rows: &[(&str, Option<f64>, Option<&str>)]) -> Vec<(String, Option<f64>, Option<String>)> {
    rows.iter()
        .map(|(t, v, u)| ((*t).to_owned(), *v, u.map(str::to_owned)))
        .collect()
}

#[test]
fn units_written_against_the_number() {
    assert_eq!(
        valued_units("The reserve covers 42km² and the lake holds 9m³ more."),
        vu(&[
            ("42km²", Some(42.0), Some("km2")),
            ("9m³", Some(9.0), Some("m3"))
        ])
    );
    assert_eq!(
        valued_units("Overnight it fell to -8C and by noon reached 21.5F."),
        vu(&[
            ("-8C", Some(-8.0), Some("°C")),
            ("21.5F", Some(21.5), Some("°F"))
        ])
    );
    assert_eq!(
        valued_units("The weather turned and it was 14C by lunch."),
        vu(&[("14C", Some(14.0), Some("°C"))])
    );
    // A bare letter without a sign, decimals or weather is a code.
    assert_eq!(valued_units("She moved to room 4C on Monday."), vu(&[]));
}

#[test]
fn a_b_after_digits_is_bytes_or_billions_by_context() {
    assert_eq!(
        valued_units("The firmware image grew to 640B after the patch."),
        vu(&[("640B", Some(640.0), Some("B"))])
    );
    assert_eq!(
        valued_units("The bailout cost 300b over a decade."),
        vu(&[("300b", Some(3e11), None)])
    );
    assert_eq!(valued_units("They lived at 17B on the corner."), vu(&[]));
}

#[test]
fn rates_written_against_the_number() {
    assert_eq!(
        valued_units("Porters earn 22.75/hour and apples sell at $3/kg."),
        vu(&[
            ("22.75/hour", Some(22.75), Some("per hour")),
            ("$3/kg", Some(3.0), Some("USD/kg"))
        ])
    );
    assert_eq!(
        valued_units("The ramp adds 15W/min until it hits 40 km/h."),
        vu(&[
            ("15W/min", Some(15.0), Some("W/minute")),
            ("40", Some(40.0), Some("km/h"))
        ])
    );
}

#[test]
fn a_tolerance_belongs_to_its_number() {
    assert_eq!(
        valued_units("Each ingot weighs 2,480.6±0.4 kg."),
        vu(&[("2,480.6±0.4", Some(2480.6), Some("kg"))])
    );
    assert_eq!(
        valued_units("Each ingot weighs 2,480.6 ± 0.4 kg in the test."),
        vu(&[("2,480.6 ± 0.4", Some(2480.6), Some("kg"))])
    );
    assert_eq!(
        valued_units("The rod is 35 +/-2mm long."),
        vu(&[("35 +/-2mm", Some(35.0), Some("mm"))])
    );
}

#[test]
fn scientific_notation_is_exact() {
    let got = numbers("The dose was 2.7×10⁻⁵ and the count 8.1x10-3, or 3.3e21 in all.");
    let values: Vec<(String, Option<String>)> = got
        .iter()
        .map(|r| {
            let doc = Document::parse(&r.0, Format::Text);
            let c = find(&doc, None).0;
            (
                r.0.clone(),
                c.first()
                    .and_then(|f| f.canonical.split('|').next().map(str::to_owned)),
            )
        })
        .collect();
    assert_eq!(
        values,
        [
            ("2.7×10⁻⁵".to_owned(), s("0.000027")),
            ("8.1x10-3".to_owned(), s("0.0081")),
            ("3.3e21".to_owned(), s("3300000000000000000000")),
        ]
    );
    // "2x100" is two by a hundred, no power of ten.
    assert!(
        numbers("They ran the 2x100 twice.")
            .iter()
            .all(|r| r.1 != Some(2.0))
    );
}

#[test]
fn a_currency_symbol_a_space_after_its_number() {
    assert_eq!(
        units_of("Tickets cost 15 €, or 18 $ at the door."),
        unit_rows(&[("15 €", Some("EUR")), ("18 $", Some("USD"))])
    );
    // The symbol opens the next number when that one names its currency in a word.
    assert_eq!(
        units_of("Bring 2 $ 20 dollars notes."),
        unit_rows(&[("2", None), ("$ 20", Some("USD"))])
    );
}

#[test]
fn ranges_with_the_unit_on_both_ends_or_hyphenated() {
    let got = numbers("Waves of 4- to 9-metre height hit the coast.");
    assert_eq!(
        (got[0].0.as_str(), got[0].2.as_deref(), got[0].4, got.len()),
        ("4- to 9", Some("m"), Some(Bound::Range), 1)
    );
    let doc = Document::parse("Nights ran from -3 °C to -15 °C in January.", Format::Text);
    let found = find(&doc, None).0;
    assert_eq!(found.len(), 1, "{found:?}");
    let q = &found[0].quantity;
    assert_eq!(
        (q.low, q.high, q.unit.as_deref()),
        (Some(-15.0), Some(-3.0), Some("°C"))
    );
    let doc = Document::parse("The trail is 6km-14km long.", Format::Text);
    let q = find(&doc, None).0.remove(0).quantity;
    assert_eq!(
        (q.low, q.high, q.unit.as_deref()),
        (Some(6.0), Some(14.0), Some("km"))
    );
    // A single temperature with the sign and letter set apart.
    assert_eq!(
        units_of("It was -7 °F at dawn."),
        unit_rows(&[("-7", Some("°F"))])
    );
}

#[test]
fn a_figure_in_parentheses_is_negative_in_accounts() {
    check(
        "Net income was (48.20) per share against 31.05 a year before.",
        &[("(48.20)", Some(-48.2)), ("31.05", Some(31.05))],
    );
    check(
        "The unit lost ($2,400) in May.",
        &[("($2,400)", Some(-2400.0))],
    );
    // Elsewhere parentheses only set a number apart.
    check(
        "Twelve inspectors (12) came.",
        &[("Twelve", Some(12.0)), ("12", Some(12.0))],
    );
    check("The ratio (1.25) held.", &[("1.25", Some(1.25))]);
}

#[test]
fn tallies_and_scores_are_neither_ranges_nor_differences() {
    type Ends = (String, Option<f64>, Option<f64>, Option<Bound>);
    let rows = |input: &str| -> Vec<Ends> {
        let doc = Document::parse(input, Format::Text);
        find(&doc, None)
            .0
            .into_iter()
            .map(|f| {
                let q = f.quantity;
                (
                    doc.text().get(f.start..f.end).unwrap_or("").to_owned(),
                    q.low,
                    q.high,
                    q.bound,
                )
            })
            .collect()
    };
    assert_eq!(
        rows("The council backed it in a 41-17 vote."),
        [(
            "41-17".to_owned(),
            Some(41.0),
            Some(17.0),
            Some(Bound::Tally)
        )]
    );
    assert_eq!(
        rows("City won 4-2 on Sunday."),
        [("4-2".to_owned(), Some(4.0), Some(2.0), Some(Bound::Tally))]
    );
    assert_eq!(
        rows("It was a 1–3 loss at home."),
        [("1–3".to_owned(), Some(1.0), Some(3.0), Some(Bound::Tally))]
    );
    // Without a word of voting or scoring: an ascending pair is a range, a descending one nothing.
    assert_eq!(
        rows("Expect 4-6 inches of snow."),
        [("4-6".to_owned(), Some(4.0), Some(6.0), Some(Bound::Range))]
    );
    assert_eq!(rows("Call extension 7-3 for help."), []);
}

#[test]
fn an_ascending_tally_keeps_the_canonical_form_of_the_range_it_was_read_as() {
    let doc = Document::parse("They lost 2-5 in the final.", Format::Text);
    let found = find(&doc, None).0;
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].quantity.bound, Some(Bound::Tally));
    assert!(
        found[0].canonical.starts_with("2-5||"),
        "{}",
        found[0].canonical
    );
}
