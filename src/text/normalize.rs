//! Normalization of raw input into the canonical text, Markdown stripping, paragraph cutting and
//! page-furniture ("chrome") detection.

use unicode_normalization::{IsNormalized, UnicodeNormalization, is_nfc_quick};

use super::Format;

/// The canonical text of `input`, and the text of its first Markdown `# ` heading if any.
pub(super) fn normalize(input: &str, format: Format) -> (String, Option<String>) {
    let cleaned = clean_chars(input);
    let (body, heading) = match format {
        // HTML never reaches here: `Document::parse` takes its article out first.
        Format::Text | Format::Html => (cleaned, None),
        Format::Markdown => strip_markdown(&cleaned),
    };
    let heading = heading.map(|h| compose(h).trim().to_owned());
    let composed = compose(body);
    let mut out = String::with_capacity(composed.len());
    let mut blank_run = 0;
    for line in composed.split('\n') {
        // Lines end trimmed and blank lines are dropped, so only the first line's start is left
        // to trim for the whole text to be.
        let line = if out.is_empty() {
            line.trim()
        } else {
            line.trim_end()
        };
        if line.is_empty() {
            blank_run += 1;
            continue;
        }
        if !out.is_empty() {
            out.push_str(if blank_run > 0 { "\n\n" } else { "\n" });
        }
        blank_run = 0;
        out.push_str(line);
    }
    (out, heading.filter(|h| !h.is_empty()))
}

/// Cleaned `text` in NFC.
fn compose(text: String) -> String {
    // Nearly every article is already NFC (all of an ASCII one is), and cleaning twice changes
    // nothing: such a text is returned as it is, without the cost of composing it.
    if is_nfc_quickly(&text) {
        return text;
    }
    // NFC can turn rare spaces into others (U+2000 -> U+2002), so clean again after it.
    clean_chars(&text.nfc().collect::<String>())
}

/// Whether `text` is NFC by the quick check (`is_nfc_quick` says `Yes`), looking only at its runs
/// of characters outside ASCII: an ASCII character is always NFC and starts the check afresh, so
/// each run is checked as the whole text would be around it, and the ASCII between, most of an
/// English text, is skipped without decoding.
pub(crate) fn is_nfc_quickly(text: &str) -> bool {
    let mut rest = text;
    loop {
        let start = super::count_while(rest.as_bytes(), |b| b.is_ascii());
        let Some(tail) = rest.get(start..).filter(|tail| !tail.is_empty()) else {
            break;
        };
        let end = tail
            .bytes()
            .position(|b| b.is_ascii())
            .unwrap_or(tail.len());
        let (run, after) = tail.split_at_checked(end).unwrap_or((tail, ""));
        if is_nfc_quick(run.chars()) != IsNormalized::Yes {
            return false;
        }
        rest = after;
    }
    true
}

/// Line ends to `\n`, odd spaces to a plain space, invisible characters removed.
fn clean_chars(input: &str) -> String {
    let mut out = String::with_capacity(input.len());
    let mut rest = input;
    loop {
        // Printable ASCII and `\n`, most of any text, stay as they are: copied a run at a time.
        let plain = super::count_while(rest.as_bytes(), |b| matches!(b, b' '..=b'~' | b'\n'));
        let Some((run, tail)) = rest.split_at_checked(plain) else {
            break;
        };
        out.push_str(run);
        let mut chars = tail.chars();
        let Some(ch) = chars.next() else {
            break;
        };
        rest = chars.as_str();
        match ch {
            '\r' => {
                rest = rest.strip_prefix('\n').unwrap_or(rest);
                out.push('\n');
            }
            '\n' | '\u{0B}' | '\u{0C}' | '\u{85}' | '\u{2028}' | '\u{2029}' => out.push('\n'),
            '\u{FEFF}' | '\u{200B}' | '\u{2060}' | '\u{AD}' => {}
            '\t'
            | '\u{A0}'
            | '\u{1680}'
            | '\u{2000}'..='\u{200A}'
            | '\u{202F}'
            | '\u{205F}'
            | '\u{3000}' => out.push(' '),
            c if c.is_control() => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

/// Removes Markdown markup, keeping the words a reader sees.
fn strip_markdown(text: &str) -> (String, Option<String>) {
    let mut out = String::with_capacity(text.len());
    let mut heading = None;
    let mut fence: Option<&str> = None;
    for (index, line) in text.split('\n').enumerate() {
        if index > 0 {
            out.push('\n');
        }
        let trimmed = line.trim_start();
        if let Some(marker) = fence {
            // Code is shown as written.
            out.push_str(line);
            if trimmed.starts_with(marker) {
                fence = None;
            }
            continue;
        }
        if trimmed.starts_with("```") || trimmed.starts_with("~~~") {
            fence = Some(if trimmed.starts_with("```") {
                "```"
            } else {
                "~~~"
            });
            out.push_str(line);
            continue;
        }
        if is_rule(trimmed) || is_reference_definition(trimmed) {
            continue;
        }
        let mut rest = trimmed;
        while let Some(after) = rest.strip_prefix('>') {
            rest = after.strip_prefix(' ').unwrap_or(after).trim_start();
        }
        let hashes = rest.bytes().take_while(|&b| b == b'#').count();
        let is_heading = (1..=6).contains(&hashes)
            && rest
                .get(hashes..)
                .is_some_and(|r| r.is_empty() || r.starts_with(' '));
        if is_heading {
            let content = rest.get(hashes..).unwrap_or("").trim();
            let content = content.trim_end_matches('#').trim_end();
            let inline = strip_inline(content);
            if hashes == 1 && heading.is_none() {
                heading = Some(inline.clone());
            }
            out.push_str(&inline);
            continue;
        }
        rest = strip_list_marker(rest);
        out.push_str(&strip_inline(rest));
    }
    (out, heading)
}

/// `---`, `***`, `___` rules and `===` setext underlines.
fn is_rule(line: &str) -> bool {
    let marks: Vec<char> = line.chars().filter(|c| !c.is_whitespace()).collect();
    marks.len() >= 3
        && marks.iter().all(|&c| c == marks[0])
        && matches!(marks.first(), Some('-' | '*' | '_' | '='))
}

/// `[label]: https://…` lines, which are invisible in rendered Markdown.
fn is_reference_definition(line: &str) -> bool {
    line.starts_with('[')
        && line.find("]:").is_some_and(|at| {
            let target = line.get(at + 2..).unwrap_or("").trim();
            !target.is_empty() && !target.contains(' ')
        })
}

fn strip_list_marker(line: &str) -> &str {
    for bullet in ["- ", "* ", "+ "] {
        if let Some(rest) = line.strip_prefix(bullet) {
            return rest.trim_start();
        }
    }
    let digits = line.bytes().take_while(u8::is_ascii_digit).count();
    if (1..=9).contains(&digits) {
        let rest = line.get(digits..).unwrap_or("");
        if let Some(after) = rest.strip_prefix(". ").or_else(|| rest.strip_prefix(") ")) {
            return after.trim_start();
        }
    }
    line
}

/// Links to their text, images dropped, emphasis markers removed, escapes resolved.
///
/// Linear in the line: brackets are matched once, up front, and the `>` of an autolink is found
/// by one cursor; a scan to the end of the line for every `[` or `<` made a line of them
/// quadratic.
fn strip_inline(line: &str) -> String {
    let chars: Vec<char> = line.chars().collect();
    let brackets = Matches::of(&chars, '[', ']');
    let parens = Matches::of(&chars, '(', ')');
    let mut out: Vec<char> = Vec::with_capacity(chars.len());
    // The first `>` after the current position (`chars.len()` once there is none): every `<`
    // between two `>` shares it.
    let mut next_gt = 0;
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c == '\\'
            && chars
                .get(i + 1)
                .is_some_and(|n| "\\`*_{}[]()#+-.!<>".contains(*n))
        {
            // An escaped mark is literal text; a placeholder keeps it out of emphasis pairing.
            out.push(match chars[i + 1] {
                '*' => ESCAPED_STAR,
                '_' => ESCAPED_UNDERSCORE,
                c => c,
            });
            i += 2;
            continue;
        }
        let image = c == '!' && chars.get(i + 1) == Some(&'[');
        let open = if image { i + 1 } else { i };
        if chars.get(open) == Some(&'[')
            && let Some((label_end, after)) = link_at(&chars, open, &brackets, &parens)
        {
            if !image {
                out.extend(chars.get(open + 1..label_end).unwrap_or_default());
            }
            i = after;
            continue;
        }
        if c == '<' {
            if next_gt <= i {
                next_gt = chars
                    .get(i + 1..)
                    .and_then(|rest| rest.iter().position(|&c| c == '>'))
                    .map_or(chars.len(), |at| i + 1 + at);
            }
            let inner = chars.get(i + 1..next_gt).unwrap_or_default();
            if next_gt < chars.len()
                && ["http://", "https://", "mailto:"]
                    .iter()
                    .any(|scheme| starts_with_chars(inner, scheme))
            {
                out.extend_from_slice(inner);
                i = next_gt + 1;
                continue;
            }
        }
        out.push(c);
        i += 1;
    }
    let kept = remove_emphasis(&out);
    kept.into_iter()
        .map(|c| match c {
            ESCAPED_STAR => '*',
            ESCAPED_UNDERSCORE => '_',
            c => c,
        })
        .collect()
}

/// Whether `chars` begins with the characters of `prefix`.
fn starts_with_chars(chars: &[char], prefix: &str) -> bool {
    let mut rest = chars.iter();
    prefix.chars().all(|p| rest.next() == Some(&p))
}

// Stand-ins for escaped `*` and `_` while emphasis is paired: noncharacters, never in real text
// (and if one were, it would only turn into the mark it stands for).
const ESCAPED_STAR: char = '\u{FDD0}';
const ESCAPED_UNDERSCORE: char = '\u{FDD1}';

/// Where each opening mark of one kind (`[` or `(`) in a line is closed: the first closing mark
/// after it that brings the count of marks since it back to zero, found for all of them in one
/// pass with a stack. Kept only for the marks, in order, so a line of prose costs nothing.
struct Matches {
    /// (opening mark, its closing mark or `usize::MAX`), by opening mark.
    pairs: Vec<(usize, usize)>,
}

impl Matches {
    fn of(chars: &[char], opener: char, closer: char) -> Matches {
        let mut pairs = Vec::new();
        let mut open = Vec::new();
        for (k, &c) in chars.iter().enumerate() {
            if c == opener {
                open.push(pairs.len());
                pairs.push((k, usize::MAX));
            } else if c == closer
                && let Some(pair) = open.pop().and_then(|p| pairs.get_mut(p))
            {
                pair.1 = k;
            }
        }
        Matches { pairs }
    }

    /// The closing mark of the opening mark at `open`, if it is closed.
    fn closing(&self, open: usize) -> Option<usize> {
        let at = self.pairs.binary_search_by_key(&open, |&(o, _)| o).ok()?;
        self.pairs
            .get(at)
            .map(|&(_, close)| close)
            .filter(|&close| close != usize::MAX)
    }
}

/// For `[label](target)` or `[label][ref]` starting at `open`: the label's end and the index after.
fn link_at(
    chars: &[char],
    open: usize,
    brackets: &Matches,
    parens: &Matches,
) -> Option<(usize, usize)> {
    let label_end = brackets.closing(open)?;
    let target_end = match chars.get(label_end + 1) {
        Some('(') => parens.closing(label_end + 1)?,
        Some('[') => brackets.closing(label_end + 1)?,
        _ => return None,
    };
    Some((label_end, target_end + 1))
}

/// Drops paired `*`/`_` delimiter runs (CommonMark's flanking rules, simplified): a run that can
/// close pairs with the nearest open run of the same mark and length, and every run opened after
/// that one stays unpaired.
///
/// Linear: each mark and length keeps its own stack of openers, so the nearest one is on top,
/// rather than searched for among all of them.
fn remove_emphasis(chars: &[char]) -> Vec<char> {
    let mut drop = vec![false; chars.len()];
    // Where each open run starts, oldest first.
    let mut openers: Vec<usize> = Vec::new();
    // For `*` and `_` runs of one, two and three marks: the positions in `openers` of the runs of
    // that kind, oldest first.
    let mut by_kind: [Vec<usize>; 6] = Default::default();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c != '*' && c != '_' {
            i += 1;
            continue;
        }
        let start = i;
        let len = chars.iter().skip(i).take_while(|&&x| x == c).count();
        i += len;
        let before = start.checked_sub(1).and_then(|k| chars.get(k)).copied();
        let after = chars.get(start + len).copied();
        let word = |x: Option<char>| x.is_some_and(char::is_alphanumeric);
        let space = |x: Option<char>| x.is_none_or(char::is_whitespace);
        let mut can_open = !space(after);
        let mut can_close = !space(before);
        if c == '_' {
            can_open &= !word(before);
            can_close &= !word(after);
        }
        if len > 3 {
            continue;
        }
        let kind = usize::from(c == '_') * 3 + len - 1;
        let Some(stack) = by_kind.get(kind) else {
            continue;
        };
        if can_close && let Some(&pos) = stack.last() {
            let open_start = openers.get(pos).copied().unwrap_or(start);
            openers.truncate(pos);
            for stack in &mut by_kind {
                while stack.last().is_some_and(|&p| p >= pos) {
                    stack.pop();
                }
            }
            for at in [open_start, start] {
                if let Some(flags) = drop.get_mut(at..at + len) {
                    flags.fill(true);
                }
            }
            continue;
        }
        if can_open && let Some(stack) = by_kind.get_mut(kind) {
            stack.push(openers.len());
            openers.push(start);
        }
    }
    chars
        .iter()
        .zip(drop)
        .filter(|(_, d)| !d)
        .map(|(&c, _)| c)
        .collect()
}

/// Byte ranges of the paragraphs of a normalized text, trimmed.
///
/// Paragraphs are blocks between blank lines. A text with no blank line at all, or a block
/// whose every line ends a sentence, is taken to use one line per paragraph.
pub(super) fn paragraph_ranges(text: &str) -> Vec<(usize, usize)> {
    let no_blank_lines = !text.contains("\n\n");
    let mut out = Vec::new();
    let mut offset = 0;
    for block in blocks(text) {
        let lines: Vec<&str> = block.split('\n').collect();
        let by_line = lines.len() > 1 && (no_blank_lines || lines.iter().all(|l| ends_sentence(l)));
        if by_line {
            let mut line_offset = offset;
            for line in lines {
                push_trimmed(&mut out, text, line_offset, line_offset + line.len());
                line_offset += line.len() + 1;
            }
        } else {
            push_trimmed(&mut out, text, offset, offset + block.len());
        }
        offset += block.len() + 2;
    }
    out
}

/// `text` cut at every blank line, as `text.split("\n\n")` cuts it, but found by searching for
/// single newlines, which the standard library does several bytes at a time, rather than for the
/// pair, which it does not.
fn blocks(text: &str) -> impl Iterator<Item = &str> {
    let mut start = 0;
    let mut done = false;
    std::iter::from_fn(move || {
        if done {
            return None;
        }
        let mut search = start;
        while let Some(newline) = text
            .get(search..)
            .and_then(|rest| rest.find('\n'))
            .map(|at| search + at)
        {
            if text.as_bytes().get(newline + 1) == Some(&b'\n') {
                let block = text.get(start..newline);
                start = newline + 2;
                return block;
            }
            search = newline + 1;
        }
        done = true;
        text.get(start..)
    })
}

fn push_trimmed(out: &mut Vec<(usize, usize)>, text: &str, start: usize, end: usize) {
    let Some(slice) = text.get(start..end) else {
        return;
    };
    let lead = slice.len() - slice.trim_start().len();
    let trimmed = slice.trim();
    if !trimmed.is_empty() {
        out.push((start + lead, start + lead + trimmed.len()));
    }
}

fn ends_sentence(line: &str) -> bool {
    line.trim_end_matches(['"', '\'', '”', '’', '»', ')'])
        .ends_with(['.', '!', '?'])
}

/// Page furniture that copy-pasting a web page brings along above the article.
#[rustfmt::skip]
const CHROME: &[&str] = &[
    "accessibility links", "breaking news", "skip to content", "skip to main content",
    "skip to navigation", "jump to content", "advertisement", "menu", "sign in", "log in",
    "subscribe", "share", "share this article", "live", "home", "close", "search", "print", "email",
];

/// Which paragraphs are chrome: those made only of chrome lines, before the first real one.
pub(super) fn chrome_flags(text: &str, paragraphs: &[(usize, usize)]) -> Vec<bool> {
    let mut flags = vec![false; paragraphs.len()];
    for (flag, &(start, end)) in flags.iter_mut().zip(paragraphs) {
        let body = text.get(start..end).unwrap_or("");
        let chrome = body.lines().all(|line| {
            let key = line
                .trim()
                .trim_end_matches([':', '|', '.', '»', '›', '>'])
                .trim()
                .to_lowercase();
            CHROME.contains(&key.as_str())
        });
        if !chrome {
            break;
        }
        *flag = true;
    }
    flags
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blocks_are_cut_where_split_cuts_them() {
        for text in [
            "",
            "a",
            "\n",
            "\n\n",
            "\n\n\n",
            "a\nb\n\nc",
            "a\n\n\n\nb\n",
            "é\n\n“b”\n\n",
        ] {
            let expected: Vec<&str> = text.split("\n\n").collect();
            assert_eq!(blocks(text).collect::<Vec<_>>(), expected, "{text:?}");
        }
    }

    #[test]
    fn the_quick_check_by_runs_agrees_with_the_whole_text_check() {
        for text in [
            "",
            "plain ASCII",
            "Caf\u{e9} \u{201c}quoted\u{201d}",
            "Cafe\u{301}",
            "a\u{323}\u{301} b",
            "a\u{301}\u{323} b",
            "x \u{300}",
            "\u{1100}\u{1161} and \u{ac00}",
            "\u{212b}ngstr\u{f6}m",
            "\u{e9}\u{301}",
        ] {
            assert_eq!(
                is_nfc_quickly(text),
                is_nfc_quick(text.chars()) == IsNormalized::Yes,
                "{text:?}"
            );
        }
    }

    #[test]
    fn emphasis_pairs_only() {
        let strip = |s: &str| strip_inline(s);
        assert_eq!(strip("a *b* and **c** and _d_ e"), "a b and c and d e");
        assert_eq!(
            strip("snake_case_name and 5 * 3"),
            "snake_case_name and 5 * 3"
        );
        assert_eq!(strip(r"not \*emphasis\*"), "not *emphasis*");
        assert_eq!(
            strip("[a [b] c](http://x) ![img](y.png) <https://z.org>"),
            "a [b] c  https://z.org"
        );
    }

    #[test]
    fn links_autolinks_and_emphasis_pair_as_they_always_did() {
        // Outputs of the stripper that searched the rest of the line for every mark: matching
        // the marks up front must not change a single one.
        for (input, expected) in [
            ("[a [b] c](x (y) z) tail", "a [b] c tail"),
            ("![x](y) ![z] [w][ref] [v]", " ![z] w [v]"),
            ("[a](b [c](d)", "[a](b c"),
            ("[[a](b)](c)", "[a](b)"),
            ("![[a](b)](c)", ""),
            ("]( [x]( y)", "]( x"),
            (
                "x < y > z <http://a.b> <https://c>d <mailto:e>",
                "x < y > z http://a.b https://cd mailto:e",
            ),
            ("<a <b <https://x>", "<a <b https://x"),
            ("<<http://a>>", "<http://a>"),
            ("**a *b* c** _d_ __e__ ***f***", "a b c d e f"),
            ("*a **b *c d**", "*a b *c d"),
            ("a_b_c _x_y_ z*", "a_b_c x_y z*"),
            (r"\[not](link) \*x\* \_y\_", "[not](link) *x* _y_"),
        ] {
            assert_eq!(strip_inline(input), expected, "{input:?}");
        }
    }

    #[test]
    fn composing_skips_only_what_would_not_change() {
        let inputs = [
            "plain ASCII, with \"quotes\" and 8,000 people.\r\nNext line\r\n",
            "Caf\u{e9} \u{201c}quoted\u{201d}\u{a0}\u{2003}wide\tspace\u{200b}",
            "Cafe\u{301} decomposed, Hangul \u{1100}\u{1161}, \u{2000}en quad",
            "control\u{7}bytes\u{0B}and\u{2028}separators\u{FEFF}",
        ];
        for input in inputs {
            let cleaned = clean_chars(input);
            let always_composed = clean_chars(&cleaned.nfc().collect::<String>());
            assert_eq!(compose(cleaned.clone()), always_composed, "{input:?}");
            assert_eq!(clean_chars(&cleaned), cleaned, "cleaning twice: {input:?}");
        }
    }

    #[test]
    fn chrome_stops_at_first_real_paragraph() {
        let text = "Menu\n\nSkip to content\nSign in\n\nReal story\n\nShare";
        let ranges = paragraph_ranges(text);
        assert_eq!(chrome_flags(text, &ranges), [true, true, false, false]);
    }
}
