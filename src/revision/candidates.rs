//! Candidate pairs of an old and a new claim: number sentences matched whole, contained or
//! rewritten around their figure, quotes by their words and context, and the reasons a pair differs.

use super::*;

/// What pairing needs of one number claim, computed once per claim rather than per pair.
pub(super) struct NumberPlace {
    /// Which sentence group.
    group: usize,
    /// The claim is the `ordinal`-th number of its sentence.
    ordinal: usize,
    unit: Option<String>,
    /// The phrase's words, number masked (interned).
    phrase: Vec<u32>,
    /// Up to [`CONTEXT_WORDS`] words on each side of the phrase, numbers masked: what stays next
    /// to a number when its sentence is split, merged or rewritten around it (interned).
    context: Vec<u32>,
}

/// One sentence holding number claims, as pairing compares it.
pub(super) struct NumberSentence {
    /// The words with every number expression replaced by `#`.
    masked: Words,
    /// The distinct content words (no function words, no numbers), sorted.
    content: Vec<String>,
    /// The words with the claims' phrases taken out; dates and other numbers that are not
    /// claims stay.
    bare: Vec<String>,
}

/// The number claims of one side grouped by sentence.
pub(super) struct NumberSentences {
    /// Per claim index (of that side).
    place: HashMap<usize, NumberPlace>,
    /// Per group.
    sentences: Vec<NumberSentence>,
}

impl NumberSentences {
    fn new(claims: &[Claim], interner: &mut Interner) -> NumberSentences {
        let mut groups: HashMap<(usize, &str), usize> = HashMap::new();
        let mut members: Vec<Vec<usize>> = Vec::new();
        for (idx, claim) in claims.iter().enumerate() {
            if claim.kind != ClaimKind::Number || claim.quantity().is_none() {
                continue;
            }
            let key = (claim.sentence, claim.sentence_text.as_str());
            let group = *groups.entry(key).or_insert_with(|| {
                members.push(Vec::new());
                members.len() - 1
            });
            if let Some(list) = members.get_mut(group) {
                list.push(idx);
            }
        }
        let mut place = HashMap::new();
        let mut sentences = Vec::with_capacity(members.len());
        for (group, list) in members.iter().enumerate() {
            let Some(&first) = list.first() else {
                continue;
            };
            let sentence = claims[first].sentence_text.as_str();
            let mut phrases: Vec<&str> = list
                .iter()
                .flat_map(|&k| [phrase_of(&claims[k]), claims[k].text.as_str()])
                .filter(|p| !p.trim().is_empty())
                .collect();
            // Longest first, so "more than 8,000 people" is masked before "8,000" could split it.
            phrases.sort_by_key(|p| std::cmp::Reverse(p.len()));
            let lower = sentence.to_lowercase();
            // The claims of a sentence come in text order: each is looked for after the one
            // before, so two equal numbers get their own contexts.
            let mut cursor = 0;
            for (ordinal, &k) in list.iter().enumerate() {
                let claim = &claims[k];
                let Some(quantity) = claim.quantity() else {
                    continue;
                };
                let (context, end) = local_context(&lower, cursor, claim, &phrases);
                cursor = end;
                place.insert(
                    k,
                    NumberPlace {
                        group,
                        ordinal,
                        unit: unit_key(quantity),
                        phrase: interner.ids(mask_numbers(&quantity.phrase, &[])),
                        context: interner.ids(context),
                    },
                );
            }
            let masked = mask_numbers(sentence, &phrases);
            let mut content: Vec<String> = masked
                .iter()
                .filter(|w| *w != "#" && !is_function_word(w))
                .cloned()
                .collect();
            content.sort_unstable();
            content.dedup();
            sentences.push(NumberSentence {
                masked: Words::new(masked),
                content,
                bare: words(&remove_phrases(sentence, &phrases)),
            });
        }
        NumberSentences { place, sentences }
    }
}

/// `text` without every whole-word occurrence of `phrases` (longest first): "12" goes from "12
/// people", not from "2012".
pub(super) fn remove_phrases(text: &str, phrases: &[&str]) -> String {
    let mut rest = text.to_owned();
    for phrase in phrases.iter().filter(|p| !p.is_empty()) {
        let mut out = String::with_capacity(rest.len());
        let mut at = 0;
        while let Some(found) = rest.get(at..).and_then(|r| r.find(phrase)) {
            let start = at + found;
            let end = start + phrase.len();
            let bounded = |c: Option<char>| c.is_none_or(|c| !c.is_alphanumeric());
            let before = rest.get(..start).unwrap_or("");
            let after = rest.get(end..).unwrap_or("");
            let whole = bounded(before.chars().next_back()) && bounded(after.chars().next());
            out.push_str(rest.get(at..start).unwrap_or(""));
            out.push_str(if whole { " " } else { phrase });
            at = end;
        }
        out.push_str(rest.get(at..).unwrap_or(""));
        rest = out;
    }
    rest
}

/// Numbers for words, the same number for the same word.
#[derive(Default)]
pub(super) struct Interner {
    ids: HashMap<String, u32>,
}

impl Interner {
    fn ids(&mut self, words: Vec<String>) -> Vec<u32> {
        words
            .into_iter()
            .map(|word| {
                let next = u32::try_from(self.ids.len()).unwrap_or(u32::MAX);
                *self.ids.entry(word).or_insert(next)
            })
            .collect()
    }
}

/// The phrase of a number claim (hedge, number and unit), or its text when it has none.
pub(super) fn phrase_of(claim: &Claim) -> &str {
    match claim.quantity() {
        Some(q) if !q.phrase.trim().is_empty() => q.phrase.as_str(),
        _ => claim.text.as_str(),
    }
}

/// The masked words on each side of `claim` in its lower-cased sentence, searched from byte
/// `from`, and the byte where the claim ends (where to look for the next one). A claim not found
/// as written has no context.
pub(super) fn local_context(
    lower: &str,
    from: usize,
    claim: &Claim,
    phrases: &[&str],
) -> (Vec<String>, usize) {
    let rest = lower.get(from..).unwrap_or("");
    let found = [phrase_of(claim), claim.text.as_str()]
        .into_iter()
        .map(str::to_lowercase)
        .filter(|needle| !needle.trim().is_empty())
        .find_map(|needle| Some((rest.find(&needle)? + from, needle.len())));
    let Some((start, len)) = found else {
        return (Vec::new(), from);
    };
    let end = start + len;
    let lower_phrases: Vec<String> = phrases.iter().map(|p| p.to_lowercase()).collect();
    let lower_phrases: Vec<&str> = lower_phrases.iter().map(String::as_str).collect();
    let before = mask_numbers(lower.get(..start).unwrap_or(""), &lower_phrases);
    let after = mask_numbers(lower.get(end..).unwrap_or(""), &lower_phrases);
    let mut context: Vec<String> = before
        .iter()
        .skip(before.len().saturating_sub(CONTEXT_WORDS))
        .cloned()
        .collect();
    // The claim's own place, so "# killed" and "killed #" differ.
    context.push("#".to_owned());
    context.extend(after.into_iter().take(CONTEXT_WORDS));
    (context, end)
}

/// How two sentences holding numbers correspond.
#[derive(Clone, Copy)]
pub(super) enum SentenceMatch {
    /// Word-similar as wholes, at this similarity: positions within them correspond too.
    Same(f64),
    /// The shorter one's words nearly all found, in order, in the longer one (a split or a
    /// merge), at this share: positions shift.
    Contained(f64),
    /// Rewritten, sharing this share of content words: only a number that keeps its neighbours,
    /// and its unit unless nearly all of them, is the same number.
    Rewritten(f64),
    /// Unrelated.
    None,
}

impl SentenceMatch {
    fn of(a: &NumberSentence, b: &NumberSentence, budget: &mut usize) -> SentenceMatch {
        let (la, lb) = (a.masked.seq.len(), b.masked.seq.len());
        let shorter = la.min(lb);
        let total = (la + lb).max(1) as f64;
        // One diff answers both questions: it matches `m` words, the symmetric similarity is
        // 2m / (la + lb), the containment m / shorter.
        let contained_floor = if shorter >= CONTAINED_MIN_WORDS {
            2.0 * NUMBER_SENTENCE_CONTAINED_MIN * shorter as f64 / total
        } else {
            f64::INFINITY
        };
        let ratio = similarity_at_least(
            &a.masked,
            &b.masked,
            NUMBER_SENTENCE_MIN.min(contained_floor),
            budget,
        );
        if ratio >= NUMBER_SENTENCE_MIN {
            return SentenceMatch::Same(ratio);
        }
        let contained = ratio * total / 2.0 / shorter.max(1) as f64;
        if shorter >= CONTAINED_MIN_WORDS && contained >= NUMBER_SENTENCE_CONTAINED_MIN {
            return SentenceMatch::Contained(contained.min(1.0));
        }
        let shared = overlap(&a.content, &b.content);
        if shared >= NUMBER_SENTENCE_REWRITTEN_MIN {
            return SentenceMatch::Rewritten(shared);
        }
        SentenceMatch::None
    }
}

/// The common items of two sorted, deduplicated lists over the length of the shorter; 0 when
/// the shorter has fewer than [`REWRITTEN_MIN_WORDS`].
pub(super) fn overlap(a: &[String], b: &[String]) -> f64 {
    let shorter = a.len().min(b.len());
    if shorter < REWRITTEN_MIN_WORDS {
        return 0.0;
    }
    let common = a.iter().filter(|w| b.binary_search(w).is_ok()).count();
    common as f64 / shorter as f64
}

pub(super) fn number_candidates(
    old: &[Claim],
    new: &[Claim],
    olds: &[usize],
    news: &[usize],
    budget: &mut usize,
) -> Vec<Candidate> {
    // Words become numbers once, so the many comparisons of neighbours compare integers.
    let mut interner = Interner::default();
    let old_sentences = NumberSentences::new(old, &mut interner);
    let new_sentences = NumberSentences::new(new, &mut interner);
    // Several numbers share a sentence; compare each pair of sentences once.
    let mut sentence_match: HashMap<(usize, usize), SentenceMatch> = HashMap::new();
    let old_echoes = unique_phrases(old, olds);
    let new_echoes = unique_phrases(new, news);
    let mut short_budget = SHORT_COMPARISON_BUDGET;
    let mut candidates = Vec::new();
    for &i in olds {
        if *budget == 0 {
            break;
        }
        let Some(o) = old_sentences.place.get(&i) else {
            continue;
        };
        for &j in news {
            let Some(n) = new_sentences.place.get(&j) else {
                continue;
            };
            let sentences = *sentence_match.entry((o.group, n.group)).or_insert_with(|| {
                match (
                    old_sentences.sentences.get(o.group),
                    new_sentences.sentences.get(n.group),
                ) {
                    (Some(a), Some(b)) => SentenceMatch::of(a, b, budget),
                    _ => SentenceMatch::None,
                }
            });
            // The same counted phrase, once on each side, wherever its sentence went ("more than
            // 2,000 others" split off into a sentence of its own): the weakest evidence, so it
            // only pairs what nothing else claims.
            let echo = old_echoes
                .get(&i)
                .is_some_and(|phrase| new_echoes.get(&j) == Some(phrase));
            let score = number_pair_score(o, n, sentences, &mut short_budget)
                .or(echo.then_some(ECHO_SCORE));
            // Every candidate spent a short comparison or an echo lookup, so their number stays
            // bounded by the short budget and the leftovers.
            if let Some(score) = score {
                let old_bare = old_sentences.sentences.get(o.group).map(|s| &s.bare);
                let new_bare = new_sentences.sentences.get(n.group).map(|s| &s.bare);
                // The neighbours vouch for the subject only where the sentences are one
                // sentence edited, split or merged, not one rewritten around the number.
                let edited = matches!(
                    sentences,
                    SentenceMatch::Same(_) | SentenceMatch::Contained(_)
                );
                candidates.push(Candidate {
                    score,
                    same_words_besides_claims: old_bare == new_bare,
                    same_subject: edited && !o.context.is_empty() && o.context == n.context,
                    displacement: displacement(i, old.len(), j, new.len()),
                    old: i,
                    new: j,
                });
            }
        }
    }
    sort_candidates(&mut candidates);
    candidates
}

/// The score of a pair found only by its phrase: below any pair of corresponding sentences.
pub(super) const ECHO_SCORE: f64 = 0.5;

/// Of the `idx` claims, those whose phrase names a unit or counted noun and appears on no other
/// of them, keyed by claim index: the phrase lower-cased with single spaces.
pub(super) fn unique_phrases(claims: &[Claim], idx: &[usize]) -> HashMap<usize, String> {
    let mut seen: HashMap<String, Vec<usize>> = HashMap::new();
    for &k in idx {
        let Some(quantity) = claims[k].quantity() else {
            continue;
        };
        if unit_key(quantity).is_none() {
            continue;
        }
        if let Some(phrase) = normalise(Some(&quantity.phrase)) {
            seen.entry(phrase).or_default().push(k);
        }
    }
    seen.into_iter()
        .filter_map(|(phrase, list)| match list.as_slice() {
            [only] => Some((*only, phrase)),
            _ => None,
        })
        .collect()
}

/// How likely two numbers in corresponding sentences are one claim edited, or `None` when they
/// are not. What counts besides the sentences: the same position in a sentence that is the same
/// as a whole; the same unit or counted noun; the same words right next to the number.
pub(super) fn number_pair_score(
    o: &NumberPlace,
    n: &NumberPlace,
    sentences: SentenceMatch,
    short_budget: &mut usize,
) -> Option<f64> {
    let units = match (&o.unit, &n.unit) {
        (Some(a), Some(b)) if a == b => 0.5,
        (Some(_), Some(_)) => -0.5,
        _ => 0.0,
    };
    // Cheap refusals first: most pairs of an article's numbers sit in unrelated sentences.
    let (sentence, same_place, rewritten) = match sentences {
        SentenceMatch::Same(sim) => (sim, o.ordinal == n.ordinal, false),
        SentenceMatch::Contained(share) => (0.9 * share, false, false),
        SentenceMatch::Rewritten(share) if units >= 0.0 => (0.5 * share, false, true),
        SentenceMatch::Rewritten(_) | SentenceMatch::None => return None,
    };
    // A changed unit is reported only where the position vouches for the pairing.
    if !same_place && units < 0.0 {
        return None;
    }
    if *short_budget == 0 {
        return None;
    }
    *short_budget -= 1;
    let context = short_similarity(&o.context, &n.context);
    let neighbours = context >= NUMBER_CONTEXT_MIN;
    // A rewritten sentence alone says little: the neighbours must hold, and the unit too unless
    // nearly all the neighbours do.
    if rewritten && !(neighbours && (units > 0.0 || context >= REWRITTEN_CONTEXT_MIN)) {
        return None;
    }
    if !same_place && units == 0.0 && !neighbours {
        return None;
    }
    let phrase_sim = short_similarity(&o.phrase, &n.phrase);
    Some(2.0 * sentence + if same_place { 0.4 } else { 0.0 } + units + 0.4 * phrase_sim + context)
}

pub(super) fn quote_candidates(
    old: &[Claim],
    new: &[Claim],
    olds: &[usize],
    news: &[usize],
    budget: &mut usize,
) -> Vec<Candidate> {
    // Per claim: quote words, context words, speaker; computed once, compared many times.
    let prepare = |claims: &[Claim], idx: &[usize]| -> Vec<(Words, Words, Option<String>)> {
        idx.iter()
            .map(|&k| {
                let claim = &claims[k];
                (
                    Words::new(words(&claim.text)),
                    Words::new(quote_context(claim)),
                    normalise(speaker_name(claim)),
                )
            })
            .collect()
    };
    let old_words = prepare(old, olds);
    let new_words = prepare(new, news);
    let mut candidates = Vec::new();
    for (&i, (o_text, o_ctx, o_speaker)) in olds.iter().zip(&old_words) {
        if *budget == 0 {
            break;
        }
        for (&j, (n_text, n_ctx, n_speaker)) in news.iter().zip(&new_words) {
            let speaker = o_speaker.is_some() && o_speaker == n_speaker;
            let text_floor = if speaker { 0.0 } else { QUOTE_TEXT_MIN };
            let text_sim = similarity_at_least(o_text, n_text, text_floor, budget);
            let ctx_sim = if text_sim >= QUOTE_TEXT_MIN {
                similarity_at_least(o_ctx, n_ctx, 0.0, budget)
            } else if speaker {
                similarity_at_least(o_ctx, n_ctx, QUOTE_CONTEXT_MIN, budget)
            } else {
                0.0
            };
            let placed = speaker && ctx_sim >= QUOTE_CONTEXT_MIN;
            if text_sim < QUOTE_TEXT_MIN && !placed {
                continue;
            }
            candidates.push(Candidate {
                score: text_sim + 0.5 * ctx_sim + if speaker { 0.2 } else { 0.0 },
                // A quote's id is its words: a pair with two ids always differs in them.
                same_words_besides_claims: false,
                same_subject: false,
                displacement: displacement(i, old.len(), j, new.len()),
                old: i,
                new: j,
            });
        }
    }
    sort_candidates(&mut candidates);
    candidates
}

/// Why a pair matched by sentence (not by id) counts as modified.
pub(super) fn modified_reasons(old: &Claim, new: &Claim) -> Vec<Reason> {
    let mut reasons = differences(old, new);
    // The ids differ, so something did; if none of the specific parts did, it was the words
    // around the number: when it held, or anything else.
    if reasons.is_empty() {
        if old.kind == ClaimKind::Number {
            let (old_when, old_rest) = when_and_rest(&old.sentence_text);
            let (new_when, new_rest) = when_and_rest(&new.sentence_text);
            let said = |when: &[String]| when.iter().map(|w| words(w)).collect::<Vec<_>>();
            if said(&old_when) != said(&new_when) {
                reasons.push(Reason::Date);
            }
            if old_rest != new_rest {
                reasons.push(Reason::Wording);
            }
        }
        if reasons.is_empty() {
            reasons.push(Reason::Wording);
        }
    }
    reasons
}

/// When a sentence says it is, and what else it says: its dates, years and times
/// ([`extract::time_references`]) as written, and the words of the rest with every number
/// masked (the numbers beside a claim are claims of their own, with their own reasons) and one
/// empty word where each time stood.
pub(super) fn when_and_rest(sentence: &str) -> (Vec<String>, Vec<String>) {
    let doc = Document::parse(sentence, Format::Text);
    let text = doc.text();
    let (mut when, mut rest) = (Vec::new(), Vec::new());
    let mut at = 0;
    for span in extract::time_references(&doc) {
        rest.extend(mask_numbers(
            text.get(at..span.start_byte).unwrap_or(""),
            &[],
        ));
        rest.push(String::new());
        when.push(
            span.slice(text)
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" "),
        );
        at = span.end_byte;
    }
    rest.extend(mask_numbers(text.get(at..).unwrap_or(""), &[]));
    (when, rest)
}

/// The parts of a claim that differ. Also asked of pairs with equal ids: what the canonical form
/// leaves out (a quote's speaker, perhaps a hedge's exact words) must still reach the editor.
pub(super) fn differences(old: &Claim, new: &Claim) -> Vec<Reason> {
    let mut reasons = Vec::new();
    match (&old.detail, &new.detail) {
        (ClaimDetail::Number(o), ClaimDetail::Number(n)) => {
            if !same_f64(o.value, n.value) || !same_f64(o.low, n.low) || !same_f64(o.high, n.high) {
                reasons.push(Reason::Value);
            }
            if normalise(o.qualifier.as_deref()) != normalise(n.qualifier.as_deref())
                || o.bound != n.bound
            {
                reasons.push(Reason::Qualifier);
            }
            if unit_key(o) != unit_key(n) {
                reasons.push(Reason::Unit);
            }
        }
        (ClaimDetail::Quote(_), ClaimDetail::Quote(_)) => {
            if words(&old.text) != words(&new.text) {
                reasons.push(Reason::Wording);
            }
            if !same_speaker(old, new) {
                reasons.push(Reason::Speaker);
            }
        }
        _ => {}
    }
    reasons
}

pub(super) fn same_f64(a: Option<f64>, b: Option<f64>) -> bool {
    match (a, b) {
        (None, None) => true,
        (Some(x), Some(y)) => x == y || (x.is_nan() && y.is_nan()),
        _ => false,
    }
}

/// Lower case, single spaces, empty as absent: hedges and units are compared as words.
pub(super) fn normalise(text: Option<&str>) -> Option<String> {
    let joined = text?
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase();
    (!joined.is_empty()).then_some(joined)
}

/// The unit compared across revisions: the normalised unit, or as written when none was derived.
pub(super) fn unit_key(quantity: &Quantity) -> Option<String> {
    normalise(quantity.unit.as_deref()).or_else(|| normalise(quantity.unit_text.as_deref()))
}

/// Who a quote is credited to: the resolved speaker, or the words of the attribution.
pub(super) fn speaker_name(claim: &Claim) -> Option<&str> {
    let attribution = claim.attribution()?;
    attribution
        .speaker
        .as_deref()
        .or(attribution.mention.as_deref())
}

/// Whether the quote is credited to the same speaker. When its sentence reads word for word as
/// before, a different speaker comes from the context (a pronoun resolved across an edited
/// paragraph, a floating quote whose neighbour moved), not from an edit of this claim: that is
/// not reported, so untouched sentences stay untouched. The edit that caused it, if any, is
/// reported where it was made.
pub(super) fn same_speaker(old: &Claim, new: &Claim) -> bool {
    normalise(speaker_name(old)) == normalise(speaker_name(new))
        || words(&old.sentence_text) == words(&new.sentence_text)
}

/// Lower-cased runs of letters and digits: what similarity compares, so punctuation and spacing
/// edits do not count as rewording.
pub(super) fn words(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect()
}

/// The words of `text` with each of `phrases` and every remaining number turned into a single `#`,
/// so two sentences differing only in their numbers compare equal.
pub(super) fn mask_numbers(text: &str, phrases: &[&str]) -> Vec<String> {
    let mut masked = text.to_owned();
    for phrase in phrases {
        masked = masked.replace(phrase, " 0 ");
    }
    let mut out: Vec<String> = Vec::new();
    for word in words(&masked) {
        if word.chars().any(char::is_numeric) {
            // "8,000" is two words; one mask per number keeps "8,000" and "9 million" alike.
            if out.last().is_none_or(|last| last != "#") {
                out.push("#".to_owned());
            }
        } else {
            out.push(word);
        }
    }
    out
}

/// English function words: what every sentence shares, so they say nothing about two sentences
/// being about the same thing.
pub(super) const FUNCTION_WORDS: &[&str] = &[
    "a", "about", "after", "against", "all", "also", "an", "and", "are", "as", "at", "be", "been",
    "before", "but", "by", "can", "could", "did", "do", "for", "from", "had", "has", "have", "he",
    "her", "his", "i", "if", "in", "into", "is", "it", "its", "more", "most", "not", "of", "on",
    "one", "or", "our", "over", "s", "said", "says", "she", "so", "than", "that", "the", "their",
    "them", "there", "they", "this", "those", "to", "up", "was", "we", "were", "what", "when",
    "which", "while", "who", "will", "with", "would",
];

pub(super) fn is_function_word(word: &str) -> bool {
    FUNCTION_WORDS.binary_search(&word).is_ok()
}

/// The words of a quote's sentence without the quote itself.
pub(super) fn quote_context(claim: &Claim) -> Vec<String> {
    let sentence = &claim.sentence_text;
    if !claim.text.trim().is_empty() && sentence.contains(claim.text.as_str()) {
        return words(&sentence.replacen(claim.text.as_str(), " ", 1));
    }
    // A quote in several parts is not one substring: take its words out one by one instead.
    let mut rest = words(sentence);
    for word in words(&claim.text) {
        if let Some(pos) = rest.iter().position(|w| *w == word) {
            rest.remove(pos);
        }
    }
    rest
}

/// The most one figure may grow or shrink, as a factor, and still be the same count revised in
/// the last pass: a toll updated from 108 to 109, or from 66 to 130, not 12 soldiers for 108
/// people.
pub(super) const FIGURE_UPDATE_RATIO_MAX: f64 = 2.0;

/// How many paragraphs the two numbers of a figure update may sit apart, each counted from the
/// last claim before it that both revisions share.
pub(super) const FIGURE_UPDATE_PARAGRAPHS: usize = 1;

/// The last pass, over the numbers every other pass left: a figure updated in a rewritten
/// sentence ("At least 108 people were killed" → "…, killing 12 soldiers and 109 others"). A
/// removed and an added number pair when they sit in the same place of the story (between the
/// same two claims both revisions share, in the same or the next paragraph after the first of
/// them), count the same thing (the same unit or counted noun, or "others", which counts what
/// the sentence counted before) and are within [`FIGURE_UPDATE_RATIO_MAX`] of each other. Each
/// must be the other's one closest value: a figure that could be either of two is left alone.
/// Ranges and vague counts ("tens of thousands") never pair here.
pub(super) fn figure_updates(
    old: &[Claim],
    new: &[Claim],
    old_taken: &[bool],
    new_fate: &[Option<(usize, Change, Vec<Reason>)>],
) -> Vec<(usize, usize)> {
    // The pairs found so far that keep their order: the story's fixed points.
    let anchors: Vec<(usize, usize)> = new_fate
        .iter()
        .enumerate()
        .filter_map(|(j, fate)| Some((fate.as_ref()?.0, j)))
        .collect();
    let keys: Vec<usize> = anchors.iter().map(|&(i, _)| i).collect();
    let backbone: Vec<(usize, usize)> = anchors
        .iter()
        .zip(longest_non_decreasing(&keys))
        .filter_map(|(&pair, kept)| kept.then_some(pair))
        .collect();
    // Where a leftover sits: after how many fixed points, and how many paragraphs after the
    // last of them.
    let place = |claims: &[Claim], k: usize, side: fn(&(usize, usize)) -> usize| {
        let gap = backbone.partition_point(|pair| side(pair) < k);
        let from = gap
            .checked_sub(1)
            .and_then(|g| backbone.get(g))
            .and_then(|pair| claims.get(side(pair)))
            .map_or(0, |anchor| anchor.paragraph);
        (gap, claims[k].paragraph.saturating_sub(from))
    };
    let figure = |claim: &Claim| {
        let quantity = claim.quantity()?;
        let value = quantity.value.filter(|v| v.is_finite() && *v > 0.0)?;
        let vague = matches!(
            quantity.bound,
            Some(Bound::Vague | Bound::Range | Bound::Tally)
        );
        (!vague).then(|| (value, unit_key(quantity)))
    };
    // Per gap: the old and the new leftovers there, each with its paragraph offset.
    let mut by_gap: HashMap<usize, (Leftovers, Leftovers)> = HashMap::new();
    for (i, claim) in old.iter().enumerate() {
        if !old_taken[i] && figure(claim).is_some() {
            let (gap, offset) = place(old, i, |pair| pair.0);
            by_gap.entry(gap).or_default().0.push((i, offset));
        }
    }
    for (j, claim) in new.iter().enumerate() {
        if new_fate[j].is_none() && figure(claim).is_some() {
            let (gap, offset) = place(new, j, |pair| pair.1);
            by_gap.entry(gap).or_default().1.push((j, offset));
        }
    }
    let mut budget = SHORT_COMPARISON_BUDGET;
    let mut pairs: Vec<(f64, usize, usize)> = Vec::new();
    let mut gaps: Vec<_> = by_gap.into_iter().collect();
    gaps.sort_by_key(|(gap, _)| *gap);
    'gaps: for (_, (olds, news)) in gaps {
        for &(i, old_offset) in &olds {
            for &(j, new_offset) in &news {
                if budget == 0 {
                    break 'gaps;
                }
                budget -= 1;
                if old_offset.abs_diff(new_offset) > FIGURE_UPDATE_PARAGRAPHS {
                    continue;
                }
                let (Some((a, a_unit)), Some((b, b_unit))) = (figure(&old[i]), figure(&new[j]))
                else {
                    continue;
                };
                if !counts_alike(a_unit.as_deref(), b_unit.as_deref()) {
                    continue;
                }
                let ratio = a.max(b) / a.min(b);
                if ratio <= FIGURE_UPDATE_RATIO_MAX {
                    pairs.push((ratio.ln(), i, j));
                }
            }
        }
    }
    // Each side's closest value on the other; a tie is two figures that could be either, and
    // is left alone.
    let mut best_old: HashMap<usize, (f64, Option<usize>)> = HashMap::new();
    let mut best_new: HashMap<usize, (f64, Option<usize>)> = HashMap::new();
    let closest =
        |best: &mut HashMap<usize, (f64, Option<usize>)>, k: usize, other: usize, d: f64| {
            let entry = best.entry(k).or_insert((f64::INFINITY, None));
            if d < entry.0 {
                *entry = (d, Some(other));
            } else if d == entry.0 {
                entry.1 = None;
            }
        };
    for &(distance, i, j) in &pairs {
        closest(&mut best_old, i, j, distance);
        closest(&mut best_new, j, i, distance);
    }
    let mut found: Vec<(usize, usize)> = pairs
        .iter()
        .filter(|&&(_, i, j)| {
            best_old.get(&i).and_then(|b| b.1) == Some(j)
                && best_new.get(&j).and_then(|b| b.1) == Some(i)
        })
        .map(|&(_, i, j)| (i, j))
        .collect();
    found.sort_unstable();
    found
}

/// Whether two numbers count the same thing: the same unit or counted noun, or "others" on
/// either side, which counts what its sentence counted before ("killing 12 soldiers and 109
/// others"). A bare number counts nothing it could be matched by.
pub(super) fn counts_alike(a: Option<&str>, b: Option<&str>) -> bool {
    match (a, b) {
        (Some(a), Some(b)) => a == b || a == OTHERS || b == OTHERS,
        _ => false,
    }
}

/// Leftover claims of one side in one gap: claim index and paragraph offset.
type Leftovers = Vec<(usize, usize)>;

/// The counted noun of "109 others", as [`unit_key`] gives it.
const OTHERS: &str = "others";
