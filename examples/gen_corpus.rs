//! A synthetic newsroom archive for the scale benchmarks: N articles as JSONL, deterministic by
//! seed, so anyone can reproduce the figures in README.md.
//!
//! ```sh
//! cargo run --release --example gen_corpus -- 100000 --seed 1 > corpus.jsonl
//! cargo run --release --example gen_corpus -- 1000 --seed 1 --bytes 5000 --out corpus-1k.jsonl
//! ```
//!
//! Each article is about `--bytes` of text (default 5,000) built from the paragraphs of the
//! fixture article (fixtures/articles/syria-truce) with its numbers, people and places varied, plus
//! generated paragraphs in the same newsroom register: quotes with reporting verbs and speakers
//! ("…," said NAME, TITLE), hedged numbers ("more than 8,000 people", "$4.2bn", "25%",
//! "a two-hour pause"). Most quotes are new words; about one in twenty is drawn from a shared pool,
//! so `search` finds quotes that appeared in several articles, as in a real archive. No random
//! number crate: a SplitMix64 generator keeps the output identical across platforms and versions.

use std::io::{self, BufWriter, Write};

const V1: &str = include_str!("../fixtures/articles/syria-truce/v1.txt");
const V2: &str = include_str!("../fixtures/articles/syria-truce/v2.txt");

const SURNAMES: &[&str] = &[
    "Kellenberger",
    "Lavrov",
    "Annan",
    "Okafor",
    "Lindqvist",
    "Moreau",
    "Haddad",
    "Nakamura",
    "Petrova",
    "Alvarez",
    "Mensah",
    "O'Brien",
    "Kowalski",
    "Santos",
    "Varga",
    "Rahman",
    "Dubois",
    "Fischer",
    "Costa",
    "Ivanova",
    "Osei",
    "Bauer",
    "Jensen",
    "Khalil",
    "Romano",
    "Novak",
];
const GIVEN: &[&str] = &[
    "Jakob", "Sergei", "Kofi", "Amara", "Elin", "Claire", "Rami", "Yuki", "Olga", "Diego", "Ama",
    "Sean", "Marta", "Joao", "Zsofia", "Farid", "Luc", "Anke", "Rita", "Irina", "Kwame", "Jonas",
];
const TITLES: &[&str] = &[
    "the foreign minister",
    "a spokesman for the ministry",
    "the head of the agency",
    "a senior UN official",
    "the mayor",
    "an aid worker in the region",
    "the central bank governor",
    "a professor of economics",
    "the regional commander",
    "a local council member",
];
const PLACES: &[&str] = &[
    "Damascus", "Aleppo", "Homs", "Idlib", "Daraa", "Geneva", "Nairobi", "Lagos", "Kyiv", "Manila",
    "Lima", "Dhaka", "Tunis", "Beirut", "Bogota", "Hanoi", "Accra", "Riga",
];
const VERBS: &[&str] = &[
    "said",
    "told reporters",
    "added",
    "warned",
    "said in a statement",
];
const SUBJECTS: &[&str] = &[
    "the situation",
    "the budget",
    "the ceasefire",
    "the harvest",
    "the inquiry",
    "the vote",
    "the recovery",
    "the shortage",
    "the agreement",
    "the investigation",
    "the relief effort",
];
const PREDICATES: &[&str] = &[
    "is most likely to deteriorate",
    "will not survive the winter without help",
    "has already changed the lives of thousands",
    "cannot wait for another round of talks",
    "is the only way to reach the worst-affected areas",
    "was never properly funded",
    "remains fragile despite the progress",
    "depends on access for independent monitors",
    "must be completed before the rainy season",
    "has cost far more than anyone expected",
];
const ADVERBS: &[&str] = &[
    "unfortunately",
    "frankly",
    "in our view",
    "for now",
    "once again",
    "as far as we know",
    "without any doubt",
    "at this stage",
];
const UNITS: &[&str] = &[
    "people",
    "families",
    "tonnes of food",
    "schools",
    "doctors",
    "trucks",
    "homes",
    "refugees",
];
const HEDGES: &[&str] = &[
    "more than",
    "about",
    "at least",
    "nearly",
    "fewer than",
    "some",
    "up to",
];
const NUMBER_WORDS: &[&str] = &["two", "three", "four", "five", "six", "ten", "twelve"];

/// SplitMix64: tiny, fast, and the same sequence everywhere.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len())]
    }
}

fn main() -> io::Result<()> {
    let mut count: Option<u64> = None;
    let mut seed = 1u64;
    let mut bytes = 5_000usize;
    let mut out: Option<String> = None;
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--seed" => seed = args.next().and_then(|v| v.parse().ok()).unwrap_or(1),
            "--bytes" => bytes = args.next().and_then(|v| v.parse().ok()).unwrap_or(5_000),
            "--out" => out = args.next(),
            "-h" | "--help" => {
                writeln!(
                    io::stderr(),
                    "usage: gen_corpus N [--seed S] [--bytes B] [--out FILE]"
                )?;
                return Ok(());
            }
            n => count = n.replace('_', "").parse().ok(),
        }
    }
    let Some(count) = count else {
        writeln!(
            io::stderr(),
            "usage: gen_corpus N [--seed S] [--bytes B] [--out FILE]"
        )?;
        std::process::exit(1);
    };
    let sink: Box<dyn Write> = match &out {
        Some(path) => Box::new(std::fs::File::create(path)?),
        None => Box::new(io::stdout().lock()),
    };
    let mut sink = BufWriter::with_capacity(1 << 20, sink);
    let paragraphs = fixture_paragraphs();
    let mut rng = Rng(seed);
    // Quotes shared across articles: "where else did this quote appear?".
    let pool: Vec<String> = (0..1_000).map(|_| quote_words(&mut rng)).collect();
    for n in 0..count {
        let text = article(&mut rng, &paragraphs, &pool, bytes);
        let line = serde_json::json!({
            "id": format!("story-{n:07}"),
            "title": format!("{} {} in {}", rng.pick(&["Talks on", "Row over", "Hopes for", "Doubts about"]), rng.pick(SUBJECTS).trim_start_matches("the "), rng.pick(PLACES)),
            "url": format!("https://news.example.org/{n}"),
            "published": format!("20{:02}-{:02}-{:02}", 10 + rng.below(16), 1 + rng.below(12), 1 + rng.below(28)),
            "text": text,
        });
        serde_json::to_writer(&mut sink, &line)?;
        sink.write_all(b"\n")?;
    }
    sink.flush()
}

/// The fixture drafts' paragraphs, without page chrome (short lines with no full stop).
fn fixture_paragraphs() -> Vec<&'static str> {
    let mut out: Vec<&str> = Vec::new();
    for text in [V1, V2] {
        for p in text.split("\n\n").map(str::trim) {
            if p.len() > 60 && p.contains('.') && !out.contains(&p) {
                out.push(p);
            }
        }
    }
    out
}

fn quote_words(rng: &mut Rng) -> String {
    let subject = rng.pick(SUBJECTS);
    let mut quote = format!(
        "{}{} is, {}, that {} {}",
        subject[..1].to_uppercase(),
        &subject[1..],
        rng.pick(ADVERBS),
        rng.pick(SUBJECTS),
        rng.pick(PREDICATES)
    );
    // A number inside some quotes, and a distinguishing tail so most quotes are unique.
    if rng.below(3) == 0 {
        quote.push_str(&format!(" for {} {}", 1 + rng.below(900), rng.pick(UNITS)));
    }
    quote
}

fn person(rng: &mut Rng) -> String {
    format!("{} {}", rng.pick(GIVEN), rng.pick(SURNAMES))
}

fn number_phrase(rng: &mut Rng) -> String {
    match rng.below(5) {
        0 => format!(
            "{} {} {}",
            rng.pick(HEDGES),
            group_thousands(100 + rng.next() % 90_000),
            rng.pick(UNITS)
        ),
        1 => format!("${}.{}bn", 1 + rng.below(40), rng.below(10)),
        2 => format!("{}%", 1 + rng.below(99)),
        3 => format!("a {}-hour daily pause", rng.pick(NUMBER_WORDS)),
        _ => format!(
            "{} {}",
            group_thousands(rng.next() % 5_000),
            rng.pick(UNITS)
        ),
    }
}

fn group_thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, ch) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(ch);
    }
    out
}

fn generated_paragraph(rng: &mut Rng, pool: &[String]) -> String {
    let place = rng.pick(PLACES);
    match rng.below(4) {
        0 | 1 => {
            let quote = if rng.below(20) == 0 {
                pool[rng.below(pool.len())].clone()
            } else {
                quote_words(rng)
            };
            format!(
                "\"{quote},\" {} {}, {}, in {place}. Officials estimate {} were affected since {}.",
                rng.pick(VERBS),
                person(rng),
                rng.pick(TITLES),
                number_phrase(rng),
                2000 + rng.below(26)
            )
        }
        2 => format!(
            "{}, {}, {} that {} {}. \"We have seen {} in {place} alone,\" {} added.",
            person(rng),
            rng.pick(TITLES),
            rng.pick(&["said", "told reporters", "said on Monday"]),
            rng.pick(SUBJECTS),
            rng.pick(PREDICATES),
            number_phrase(rng),
            rng.pick(&["she", "he"])
        ),
        _ => format!(
            "The ministry in {place} put the cost at {}, and said {} had been sent to {}.",
            number_phrase(rng),
            number_phrase(rng),
            rng.pick(PLACES)
        ),
    }
}

/// A fixture paragraph with its numbers, people and places varied.
fn varied_fixture(rng: &mut Rng, paragraph: &str) -> String {
    let mut text = String::with_capacity(paragraph.len() + 16);
    let mut chars = paragraph.chars().peekable();
    while let Some(ch) = chars.next() {
        if ch.is_ascii_digit() {
            // Replace the whole number (digits and grouping commas) by one of the same size.
            let mut len = 1;
            while let Some(&next) = chars.peek() {
                if next.is_ascii_digit()
                    || (next == ',' && {
                        let mut ahead = chars.clone();
                        ahead.next();
                        ahead.peek().is_some_and(char::is_ascii_digit)
                    })
                {
                    if next.is_ascii_digit() {
                        len += 1;
                    }
                    chars.next();
                } else {
                    break;
                }
            }
            let low = 10u64.pow(len.min(9) as u32 - 1);
            text.push_str(&group_thousands(low + rng.next() % (9 * low).max(1)));
        } else {
            text.push(ch);
        }
    }
    for name in ["Kellenberger", "Lavrov", "Annan"] {
        if text.contains(name) {
            text = text.replace(name, rng.pick(SURNAMES));
        }
    }
    for place in ["Damascus", "Aleppo", "Moscow"] {
        if text.contains(place) {
            text = text.replace(place, rng.pick(PLACES));
        }
    }
    text
}

fn article(rng: &mut Rng, paragraphs: &[&str], pool: &[String], bytes: usize) -> String {
    let mut text = String::with_capacity(bytes + 600);
    while text.len() < bytes {
        let paragraph = if rng.below(2) == 0 {
            let source = paragraphs[rng.below(paragraphs.len())];
            varied_fixture(rng, source)
        } else {
            generated_paragraph(rng, pool)
        };
        text.push_str(&paragraph);
        text.push_str("\n\n");
    }
    text.truncate(text.trim_end().len());
    text
}
