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
    find(&doc)
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
            "half"
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
    let q = find(&doc).0.remove(0).quantity;
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
