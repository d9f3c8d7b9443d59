//! Pathological inputs must cost time in proportion to their size: each family of inputs is
//! timed at n and 2n bytes and the larger may take at most 2.5 times as long. A quadratic step
//! takes four times as long (a cubic one eight): the ratio catches it without any absolute figure,
//! on any machine, in a debug build.
//!
//! The library is called directly (`Document::parse`, `extract`), without a process or a store
//! around it, so that what is timed is the text's own cost. A family's sizes are chosen so that
//! the quadratic code it was found with takes clearly measurable time at n (and seconds to
//! minutes at 2n), while linear code takes a few tens of milliseconds.
//!
//! Memory is checked through the binary: a text of one giant sentence is extracted under an
//! address-space cap (a copy of its sentence for every claim made that quadratic too).

use std::sync::Mutex;
use std::time::{Duration, Instant};

use factdesk::extract::extract;
use factdesk::text::{Document, Format, detect_format};

use crate::common::TestEnv;

/// How much longer twice the input may take.
const MAX_RATIO: f64 = 2.5;

/// Durations under this are noise on a busy machine: the larger input may take 2.5 times this
/// whatever the smaller took.
const FLOOR: Duration = Duration::from_millis(20);

/// Timings of one family at a time: the families would otherwise compete for the cores and the
/// caches they are timed on (other tests of the binary still may, which the best of three runs,
/// on-CPU time and three tries absorb).
static ONE_AT_A_TIME: Mutex<()> = Mutex::new(());

/// `unit` repeated to `n` bytes (cut at a character boundary).
fn repeated(unit: &str, n: usize) -> String {
    let mut text = unit.repeat(n / unit.len() + 1);
    let mut end = n;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    text.truncate(end);
    text
}

/// Times `work` on `make(n)` and `make(2 * n)`, alternating, the best of three each, and fails
/// if the larger took more than [`MAX_RATIO`] times as long in three measurements running: the
/// cost of an input is fixed, so only a busy machine makes a linear family fail one.
fn assert_linear(family: &str, n: usize, make: impl Fn(usize) -> String, work: impl Fn(&str)) {
    let _turn = ONE_AT_A_TIME
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    let inputs = [make(n), make(2 * n)];
    let mut measured = String::new();
    for _ in 0..3 {
        let [small, large] = best_times(&inputs, &work);
        if large <= small.max(FLOOR).mul_f64(MAX_RATIO) {
            return;
        }
        measured.push_str(&format!(
            " {small:?} and {large:?} ({:.1} times as long);",
            large.as_secs_f64() / small.as_secs_f64().max(1e-9)
        ));
    }
    panic!(
        "{family}: {} and {} bytes took{measured} the cost grows faster than the input",
        inputs[0].len(),
        inputs[1].len(),
    );
}

/// The shortest of three runs of `work` on each of the two `inputs`, alternating.
fn best_times(inputs: &[String; 2], work: &impl Fn(&str)) -> [Duration; 2] {
    let mut best = [Duration::MAX; 2];
    for _ in 0..3 {
        for (input, best) in inputs.iter().zip(&mut best) {
            *best = (*best).min(time(|| work(input)));
        }
        // Far past the limit already: no run of the small input can be that much faster, and a
        // quadratic family can take minutes a run.
        if best[1] > best[0].max(FLOOR).mul_f64(4.0 * MAX_RATIO) {
            break;
        }
    }
    best
}

/// How long `work` kept this thread on a core: Linux's count of it, which leaves out the time
/// other tests of the binary held the cores; the wall clock where there is no such count.
fn time(work: impl FnOnce()) -> Duration {
    let started = (Instant::now(), on_cpu());
    work();
    match (started.1, on_cpu()) {
        (Some(before), Some(after)) => after.saturating_sub(before),
        _ => started.0.elapsed(),
    }
}

/// The time this thread has run, from `/proc/thread-self/schedstat` (its first field, in ns).
fn on_cpu() -> Option<Duration> {
    let stat = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    let ns = stat.split_whitespace().next()?.parse().ok()?;
    Some(Duration::from_nanos(ns))
}

/// Normalizes, cuts and extracts `text` as the given format.
fn extract_as(format: Format) -> impl Fn(&str) {
    move |text| {
        let doc = Document::parse(text, format);
        std::hint::black_box(extract(&doc));
    }
}

#[test]
fn markdown_images_and_brackets() {
    // Each `[` searched to the end of its line for its `]`.
    assert_linear(
        "![ repeated",
        100_000,
        |n| repeated("![", n),
        extract_as(Format::Markdown),
    );
    assert_linear(
        "[ repeated",
        120_000,
        |n| repeated("[", n),
        extract_as(Format::Markdown),
    );
    // Every label closes, every target is left open: the target searched to the line's end.
    assert_linear(
        "[a]( repeated",
        160_000,
        |n| repeated("[a](", n),
        extract_as(Format::Markdown),
    );
}

#[test]
fn markdown_autolinks_and_emphasis() {
    // Each `<` searched to the end of its line for a `>`, and its inside copied.
    assert_linear(
        "< repeated",
        200_000,
        |n| repeated("<", n),
        extract_as(Format::Markdown),
    );
    assert_linear(
        "< a repeated, then >",
        100_000,
        |n| repeated("<a ", n) + ">",
        extract_as(Format::Markdown),
    );
    // `*` openers that never close, each followed by a `__` closer that searched all of them for
    // one of its kind.
    assert_linear(
        "emphasis closers of another kind",
        150_000,
        |n| repeated("*a b__ ", n),
        extract_as(Format::Markdown),
    );
}

#[test]
fn markdown_detection_of_links() {
    // Each `](` looked for its line's `[` and `)` from where it stands.
    assert_linear(
        "]( repeated",
        200_000,
        |n| repeated("a](", n),
        |text| {
            std::hint::black_box(detect_format(None, text));
        },
    );
}

#[test]
fn quotes_in_one_paragraph() {
    // Every sentence end checked against every quote of its paragraph.
    assert_linear(
        "closed quotes with sentence ends",
        120_000,
        |n| repeated("\"Yes. No. Maybe.\" ", n),
        extract_as(Format::Text),
    );
    // No sentence end: one sentence whose every quote searched all its words.
    assert_linear(
        "short quotes, no sentence end",
        50_000,
        |n| repeated("\"w\" ", n),
        extract_as(Format::Text),
    );
    assert_linear(
        "quotes glued by slashes",
        20_000,
        |n| repeated("\"a\"/", n),
        extract_as(Format::Text),
    );
    // Every quote opens, none closes: each is cut by the next, in one sentence.
    assert_linear(
        "unbalanced quotes",
        80_000,
        |n| repeated("He said \"yes ", n),
        extract_as(Format::Text),
    );
}

#[test]
fn a_quote_over_many_paragraphs() {
    // One quote of a part a paragraph, searched whole for each of its paragraphs.
    assert_linear(
        "a quote continued by every paragraph",
        100_000,
        |n| repeated("\u{201c}We said this\n\n", n),
        extract_as(Format::Text),
    );
}

#[test]
fn numbers_in_one_sentence() {
    // Every number compared with every earlier one of its sentence, sentence included.
    assert_linear(
        "digits",
        10_000,
        |n| repeated("1 2 3 4 5 6 7 8 9 ", n),
        extract_as(Format::Text),
    );
    assert_linear(
        "the same count again and again",
        32_000,
        |n| repeated("5 people, ", n),
        extract_as(Format::Text),
    );
}

#[test]
fn prose_on_one_line_without_sentence_ends() {
    // One sentence: every claim in it copies it.
    let prose = |n| {
        repeated(
            "officials said more than 8,000 people were killed in the fighting and \"it must stop\" \
             according to the minister, while a two-hour daily pause was agreed for Aleppo; ",
            n,
        )
    };
    assert_linear(
        "prose without sentence ends",
        100_000,
        prose,
        extract_as(Format::Text),
    );
}

/// Address-space cap for the binary: a few hundred MB of its own plus the input, far below what a
/// copy of a giant sentence for each of its claims takes.
const MEMORY_CAP_KB: u64 = 1 << 20;

#[test]
fn a_giant_sentence_is_extracted_in_bounded_memory() {
    let env = TestEnv::new();
    // 2 MB, no sentence end anywhere: ~10,000 claims, each of which held a copy of all of it.
    let text = repeated(
        "the ministry said 8,000 people were killed and \"it must stop\" said the minister and ",
        2_000_000,
    );
    let path = env.write("one-sentence.txt", text.as_bytes());
    let out = std::process::Command::new("sh")
        .arg("-c")
        .arg(format!("ulimit -v {MEMORY_CAP_KB} && exec \"$@\""))
        .arg("sh")
        .arg(env!("CARGO_BIN_EXE_factdesk"))
        .args(["extract", &path, "--json"])
        .output()
        .expect("sh runs");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{:?}: {stderr}", out.status);
    let claims = out.stdout.iter().filter(|&&b| b == b'\n').count();
    assert!(claims > 10, "{claims} claims: {stderr}");
}
