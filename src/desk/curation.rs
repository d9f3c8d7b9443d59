//! Curation: editors correct the machine. A claim the extractor missed is added, a quote's
//! speaker fixed, a false positive dismissed (and restored), a blocking verdict let through the
//! gate. Each is one transaction with a `Curated` event, and lives in the claim's review row, so
//! that it follows the claim into later revisions as its review does.

use super::{Desk, DeskError};
use crate::extract;
use crate::model::{
    Addition, ArticleId, Attribution, Claim, ClaimDetail, ClaimId, ClaimKind, Curation,
    CurationAction, DismissReason, Dismissal, EventKind, Override, Quantity, Review, Revision,
    SpeakerFix, Timestamp,
};
use crate::store::{StoreError, TxError};
use crate::text::{Document, Format};

/// The longest words `claim add` takes: a quote of a few sentences; a claim is not a page.
pub const MAX_ADDED_WORDS: usize = 2_000;

/// A claim the extractor missed, as an editor names it.
#[derive(Debug, Clone)]
pub struct AddClaim {
    /// The article; the claim is located in its latest revision.
    pub article: ArticleId,
    /// Quote or number.
    pub kind: ClaimKind,
    /// The words as they stand in the text (a quote's words without its quotation marks).
    pub text: String,
    /// Which appearance of the words, from 1, when they appear more than once.
    pub occurrence: Option<usize>,
    /// A quote's speaker.
    pub speaker: Option<String>,
    /// A number's value as a decimal ("8000", "2.5"); read from the words when they hold digits.
    pub value: Option<String>,
    /// A number's unit or counted noun ("people", "hour").
    pub unit: Option<String>,
    /// A number's hedge as written ("more than", "about").
    pub qualifier: Option<String>,
}

/// A curation step that changes nothing, or cannot be done: refused before any write.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum CurationRefused {
    /// `claim add`: the words are not in the text.
    #[error("the words \"{words}\" are not in revision {revision} of `{article}`{}", match (near, similar.as_slice()) {
        (Some(n), _) => format!("; the text has \"{n}\": give the words exactly as written"),
        (None, []) => ": give them exactly as the text has them (the report quotes the text)".to_owned(),
        (None, similar) => format!("; the sentences nearest to them: {}: give the words exactly as one of them has them", similar.iter().map(|s| format!("“{s}”")).collect::<Vec<_>>().join("; ")),
    })]
    WordsNotFound {
        /// The words given.
        words: String,
        /// The article.
        article: ArticleId,
        /// Its latest revision.
        revision: u32,
        /// The same words as written, when they differ only in case or spacing.
        near: Option<String>,
        /// Else the sentences that share most of the words (at most three).
        similar: Vec<String>,
    },
    /// `claim add`: the words appear more than once and no `--occurrence` says which.
    #[error("the words \"{words}\" appear {} times in revision {revision}: add --occurrence N ({})", places.len(), places.iter().enumerate().map(|(i, p)| format!("{}: “{p}”", i + 1)).collect::<Vec<_>>().join("; "))]
    Ambiguous {
        /// The words given.
        words: String,
        /// The revision.
        revision: u32,
        /// Each appearance, with some words around it.
        places: Vec<String>,
    },
    /// `claim add --occurrence N` past the last appearance.
    #[error("--occurrence {given}: the words appear {count} time(s) in revision {revision}")]
    NoSuchOccurrence {
        /// What was given.
        given: usize,
        /// How many there are.
        count: usize,
        /// The revision.
        revision: u32,
    },
    /// `claim add`: the claim is listed already.
    #[error("these words are already claim {} of `{article}` (`factdesk show {}`)", claim.short(), claim.short())]
    AlreadyListed {
        /// The claim that has them.
        claim: ClaimId,
        /// The article.
        article: ArticleId,
    },
    /// `claim speaker` on a number.
    #[error("claim {} is a number: only a quote has a speaker", claim.short())]
    NotAQuote {
        /// The claim.
        claim: ClaimId,
    },
    /// `claim speaker` naming the speaker already shown.
    #[error("claim {} is already attributed to {speaker}", claim.short())]
    SameSpeaker {
        /// The claim.
        claim: ClaimId,
        /// Its speaker.
        speaker: String,
    },
    /// `claim dismiss` on a dismissed claim.
    #[error("claim {} is already dismissed ({reason}, by {by}): `factdesk claim restore` takes it back", claim.short())]
    AlreadyDismissed {
        /// The claim.
        claim: ClaimId,
        /// Why it was.
        reason: DismissReason,
        /// By whom.
        by: String,
    },
    /// `claim restore` on a claim that is not dismissed.
    #[error("claim {} is not dismissed: nothing to restore", claim.short())]
    NotDismissed {
        /// The claim.
        claim: ClaimId,
    },
    /// `claim override` on a claim not in a verdict that blocks the gate.
    #[error("claim {} is \"{state}\": only a verdict that blocks publication (`blocks_publication` in the workflow) can be overridden; a claim still to check needs checking", claim.short())]
    NothingToOverride {
        /// The claim.
        claim: ClaimId,
        /// Its state.
        state: String,
    },
    /// `claim override` on a dismissed claim, which the gate skips already.
    #[error("claim {} is dismissed: the gate skips it already", claim.short())]
    OverrideDismissed {
        /// The claim.
        claim: ClaimId,
    },
}

impl From<CurationRefused> for DeskError {
    fn from(refused: CurationRefused) -> DeskError {
        DeskError::Refused(refused)
    }
}

impl Desk {
    /// Adds a claim the extractor missed to the article's latest revision.
    pub fn add_claim(
        &self,
        request: &AddClaim,
        actor: &str,
        now: Timestamp,
    ) -> Result<Claim, DeskError> {
        let words = request.text.trim();
        if words.is_empty() || words.chars().count() > MAX_ADDED_WORDS {
            return Err(DeskError::InvalidValue {
                what: format!(
                    "--text must hold the claim's words (1 to {MAX_ADDED_WORDS} characters)"
                ),
            });
        }
        let revision = self.revision(&request.article, None)?;
        let document = Document::parse(&revision.text, Format::Text);
        let (start, end) = locate(
            &document,
            words,
            request.occurrence,
            revision.number,
            &request.article,
        )?;
        let (detail, value_key) = match request.kind {
            ClaimKind::Quote => {
                if request.value.is_some() || request.unit.is_some() || request.qualifier.is_some()
                {
                    return Err(DeskError::InvalidValue {
                        what: "--value, --unit and --qualifier are for --number; a quote takes --speaker".into(),
                    });
                }
                let speaker = request
                    .speaker
                    .as_deref()
                    .map(str::trim)
                    .filter(|s| !s.is_empty());
                (
                    ClaimDetail::Quote(Attribution {
                        speaker: speaker.map(str::to_owned),
                        mention: None,
                        title: None,
                    }),
                    String::new(),
                )
            }
            ClaimKind::Number => {
                if request.speaker.is_some() {
                    return Err(DeskError::InvalidValue {
                        what: "--speaker is for --quote; a number takes --value, --unit and --qualifier".into(),
                    });
                }
                number_detail(request, words)?
            }
        };
        let claim =
            extract::claim_at(&document, start, end, detail, &value_key).ok_or_else(|| {
                DeskError::InvalidValue {
                    what: "the words do not start and end on whole characters of the text".into(),
                }
            })?;
        let listed = self.store.claims_of(&request.article, revision.number)?;
        if let Some(same) = listed
            .iter()
            .find(|c| c.id == claim.id || (c.kind == claim.kind && c.span == claim.span))
        {
            return Err(CurationRefused::AlreadyListed {
                claim: same.id,
                article: request.article.clone(),
            }
            .into());
        }
        let workflow = &self.workflow;
        let outcome = self.store.write(actor, now, |tx| {
            let seq = tx.seq();
            // A claim dismissed or decided in an earlier revision keeps its review; a new one
            // starts in the initial state.
            let mut review = match tx.review(&request.article, &claim.id)? {
                Some(review) => review,
                None => fresh(&request.article, claim.id, workflow, actor, now, seq),
            };
            review.curation.added = Some(Addition {
                revision: revision.number,
                occurrence: claim.clone(),
                by: actor.to_owned(),
                at: now,
                seq,
            });
            tx.put_claim(&claim, &request.article)?;
            tx.put_review(&review)?;
            let event = EventKind::Curated {
                article: request.article.clone(),
                claim: claim.id,
                action: CurationAction::Added {
                    revision: revision.number,
                    kind: claim.kind,
                    text: claim.text.clone(),
                    speaker: claim.speaker().map(str::to_owned),
                },
            };
            Ok::<_, TxError<std::convert::Infallible>>((claim.clone(), Some(event)))
        })?;
        match outcome {
            Ok(claim) => Ok(claim),
            Err(never) => match never {},
        }
    }

    /// Corrects a quote's speaker in the article; the fix holds in later revisions while the
    /// quote's words and the attribution as written stay the same.
    pub fn correct_speaker(
        &self,
        article: &ArticleId,
        claim: &ClaimId,
        speaker: &str,
        note: Option<&str>,
        actor: &str,
        now: Timestamp,
    ) -> Result<SpeakerFix, DeskError> {
        let speaker = speaker.trim();
        if speaker.is_empty() {
            return Err(DeskError::InvalidValue {
                what: "the speaker's name is empty: give it as it should be shown".into(),
            });
        }
        let (revision, current) = self.in_latest(article, claim)?;
        let Some(attribution) = current.attribution() else {
            return Err(CurationRefused::NotAQuote { claim: *claim }.into());
        };
        if attribution.speaker.as_deref() == Some(speaker) {
            return Err(CurationRefused::SameSpeaker {
                claim: *claim,
                speaker: speaker.to_owned(),
            }
            .into());
        }
        let was = attribution.speaker.clone();
        let mention = attribution.mention.clone();
        self.curate(article, claim, actor, now, |review, seq| {
            let fix = SpeakerFix {
                speaker: speaker.to_owned(),
                // What the machine said, not an earlier fix: the fix replaces any earlier one.
                was: review
                    .curation
                    .speaker
                    .as_ref()
                    .map_or_else(|| was.clone(), |earlier| earlier.was.clone()),
                mention: mention.clone(),
                since: revision.number,
                note: note.map(str::to_owned),
                by: actor.to_owned(),
                at: now,
                seq,
            };
            review.curation.speaker = Some(fix.clone());
            let action = CurationAction::SpeakerCorrected {
                speaker: speaker.to_owned(),
                was: was.clone(),
                note: note.map(str::to_owned),
            };
            Ok((fix, action))
        })
    }

    /// Dismisses a claim as not one to check.
    pub fn dismiss(
        &self,
        article: &ArticleId,
        claim: &ClaimId,
        reason: DismissReason,
        note: Option<&str>,
        actor: &str,
        now: Timestamp,
    ) -> Result<Dismissal, DeskError> {
        self.latest_carrying(article, claim)?;
        self.curate(article, claim, actor, now, |review, seq| {
            if let Some(earlier) = &review.curation.dismissed {
                return Err(CurationRefused::AlreadyDismissed {
                    claim: *claim,
                    reason: earlier.reason,
                    by: earlier.by.clone(),
                });
            }
            let dismissal = Dismissal {
                reason,
                note: note.map(str::to_owned),
                by: actor.to_owned(),
                at: now,
                seq,
            };
            review.curation.dismissed = Some(dismissal.clone());
            let action = CurationAction::Dismissed {
                reason,
                note: note.map(str::to_owned),
            };
            Ok((dismissal, action))
        })
    }

    /// Takes back a dismissal: the claim is listed, queued and gated again, in the state it had.
    pub fn restore(
        &self,
        article: &ArticleId,
        claim: &ClaimId,
        note: Option<&str>,
        actor: &str,
        now: Timestamp,
    ) -> Result<Dismissal, DeskError> {
        self.latest_carrying(article, claim)?;
        self.curate(article, claim, actor, now, |review, _| {
            let Some(dismissal) = review.curation.dismissed.take() else {
                return Err(CurationRefused::NotDismissed { claim: *claim });
            };
            let action = CurationAction::Restored {
                note: note.map(str::to_owned),
            };
            Ok((dismissal, action))
        })
    }

    /// Lets a claim whose state blocks publication through the gate, with the editor's reason.
    /// The override ends with the claim's next decision or change.
    pub fn override_gate(
        &self,
        article: &ArticleId,
        claim: &ClaimId,
        note: &str,
        actor: &str,
        now: Timestamp,
    ) -> Result<Override, DeskError> {
        if note.trim().is_empty() {
            return Err(DeskError::InvalidValue {
                what: "an override needs --note: say why the claim may be published as it stands"
                    .into(),
            });
        }
        self.latest_carrying(article, claim)?;
        let workflow = &self.workflow;
        self.curate(article, claim, actor, now, |review, seq| {
            if review.curation.dismissed.is_some() {
                return Err(CurationRefused::OverrideDismissed { claim: *claim });
            }
            let blocking_verdict = workflow
                .state(&review.state)
                .is_some_and(|s| s.accepted && s.blocks_publication);
            if !blocking_verdict {
                return Err(CurationRefused::NothingToOverride {
                    claim: *claim,
                    state: review.state.clone(),
                });
            }
            let granted = Override {
                state: review.state.clone(),
                note: note.to_owned(),
                by: actor.to_owned(),
                at: now,
                seq,
            };
            review.curation.overridden = Some(granted.clone());
            let action = CurationAction::Overridden {
                state: review.state.clone(),
                note: note.to_owned(),
            };
            Ok((granted, action))
        })
    }

    /// The latest revision and the claim as it stands there; refused for a claim the latest
    /// revision does not carry, as `mark` refuses it.
    pub(crate) fn in_latest(
        &self,
        article: &ArticleId,
        claim: &ClaimId,
    ) -> Result<(Revision, Claim), DeskError> {
        let revision = self.latest_carrying(article, claim)?;
        let found = self
            .store
            .claims_of(article, revision.number)?
            .into_iter()
            .find(|c| c.id == *claim)
            .ok_or_else(|| StoreError::Integrity {
                tree: "occurrences".into(),
                key: format!("{article}/{claim}"),
                detail: "a claim of the latest revision has no occurrence".into(),
            })?;
        Ok((revision, found))
    }

    /// The latest revision, if it carries `claim` (extracted there, or added to it by an
    /// editor); refused as `mark` refuses it otherwise. Reads the revision row and at most the
    /// claim's review, not the revision's claims: `mark` asks it every time.
    pub(crate) fn latest_carrying(
        &self,
        article: &ArticleId,
        claim: &ClaimId,
    ) -> Result<Revision, DeskError> {
        let revision = self.revision(article, None)?;
        let carried = revision.claims.contains(claim)
            || self
                .store
                .review(article, claim)?
                .is_some_and(|review| review.curation.added_to(claim, revision.number).is_some());
        if carried {
            return Ok(revision);
        }
        Err(DeskError::ClaimNotInLatest {
            claim: *claim,
            article: article.clone(),
            latest: revision.number,
            current: self.current_successor(article, claim)?,
        })
    }

    /// One curation step in one transaction: `change` edits the review (or refuses), and says
    /// what the event records.
    fn curate<T: Clone>(
        &self,
        article: &ArticleId,
        claim: &ClaimId,
        actor: &str,
        now: Timestamp,
        change: impl Fn(&mut Review, u64) -> Result<(T, CurationAction), CurationRefused>,
    ) -> Result<T, DeskError> {
        let outcome = self.store.write(actor, now, |tx| {
            let Some(mut review) = tx.review(article, claim)? else {
                return Err(StoreError::Integrity {
                    tree: "reviews".into(),
                    key: format!("{article}/{claim}"),
                    detail: "a claim of the latest revision has no review".into(),
                }
                .into());
            };
            let (done, action) = change(&mut review, tx.seq()).map_err(TxError::abort)?;
            review.updated_by = actor.to_owned();
            review.updated_at = now;
            tx.put_review(&review)?;
            let event = EventKind::Curated {
                article: article.clone(),
                claim: *claim,
                action,
            };
            Ok((done, Some(event)))
        })?;
        Ok(outcome?)
    }
}

/// The review of a claim an editor adds: the workflow's initial state, curated from the start.
fn fresh(
    article: &ArticleId,
    claim: ClaimId,
    workflow: &crate::workflow::Workflow,
    actor: &str,
    now: Timestamp,
    seq: u64,
) -> Review {
    Review {
        article: article.clone(),
        claim,
        state: workflow.initial().to_owned(),
        sources: Vec::new(),
        notes: Vec::new(),
        updated_by: actor.to_owned(),
        updated_at: now,
        event_seq: seq,
        workflow_hash: workflow.hash(),
        last_user_of: Default::default(),
        evidence: Vec::new(),
        carried_from: None,
        curation: Curation::default(),
    }
}

/// A number's quantity from what the editor gave, and its value in exact decimal form.
fn number_detail(request: &AddClaim, words: &str) -> Result<(ClaimDetail, String), DeskError> {
    let given = match &request.value {
        Some(value) => value.clone(),
        None => words
            .split(|c: char| !(c.is_ascii_digit() || c == ',' || c == '.'))
            .find(|w| w.bytes().any(|b| b.is_ascii_digit()))
            .map(str::to_owned)
            .ok_or_else(|| DeskError::InvalidValue {
                what: format!("\"{words}\" holds no digits: give the number with --value (for example --value 2)"),
            })?,
    };
    let key = decimal_key(&given).ok_or_else(|| DeskError::InvalidValue {
        what: format!("--value {given:?} is not a number: give digits, for example 8000 or 2.5"),
    })?;
    let clean = |s: &Option<String>| {
        s.as_deref()
            .map(|s| s.trim().to_lowercase())
            .filter(|s| !s.is_empty())
    };
    let qualifier = clean(&request.qualifier);
    let quantity = Quantity {
        value: key.parse::<f64>().ok(),
        low: None,
        high: None,
        unit: clean(&request.unit),
        unit_text: request.unit.clone(),
        bound: Some(match qualifier.as_deref() {
            None => crate::model::Bound::Exact,
            Some(q) if ["more than", "over", "at least", "above"].contains(&q) => {
                crate::model::Bound::Lower
            }
            Some(q) if ["less than", "under", "up to", "at most", "fewer than"].contains(&q) => {
                crate::model::Bound::Upper
            }
            Some(_) => crate::model::Bound::Approximate,
        }),
        qualifier,
        phrase: words.to_owned(),
    };
    Ok((ClaimDetail::Number(quantity), key))
}

/// `8,000` → `8000`, `2.50` → `2.5`, `-3` → `-3`: the exact decimal form extraction hashes.
fn decimal_key(given: &str) -> Option<String> {
    let cleaned: String = given.trim().chars().filter(|&c| c != ',').collect();
    let (sign, digits) = match cleaned.strip_prefix('-') {
        Some(rest) => ("-", rest),
        None => ("", cleaned.as_str()),
    };
    let (whole, fraction) = digits.split_once('.').unwrap_or((digits, ""));
    if whole.is_empty() && fraction.is_empty()
        || !whole.bytes().all(|b| b.is_ascii_digit())
        || !fraction.bytes().all(|b| b.is_ascii_digit())
    {
        return None;
    }
    let whole = whole.trim_start_matches('0');
    let fraction = fraction.trim_end_matches('0');
    let whole = if whole.is_empty() { "0" } else { whole };
    Some(match fraction {
        "" => format!("{sign}{whole}"),
        fraction => format!("{sign}{whole}.{fraction}"),
    })
}

/// Where `words` stand in the document's text, as whole words: the one appearance, or the
/// `occurrence`th (from 1).
fn locate(
    document: &Document,
    words: &str,
    occurrence: Option<usize>,
    revision: u32,
    article: &ArticleId,
) -> Result<(usize, usize), DeskError> {
    let text = document.text();
    let found = appearances(text, words);
    match (found.len(), occurrence) {
        (0, _) => {
            let near = near_miss(text, words);
            let similar = match near {
                Some(_) => Vec::new(),
                None => similar_sentences(document, words),
            };
            Err(CurationRefused::WordsNotFound {
                words: words.to_owned(),
                article: article.clone(),
                revision,
                near,
                similar,
            }
            .into())
        }
        (count, Some(n)) if n == 0 || n > count => Err(CurationRefused::NoSuchOccurrence {
            given: n,
            count,
            revision,
        }
        .into()),
        (_, Some(n)) => Ok(found[n - 1]),
        (1, None) => Ok(found[0]),
        (_, None) => Err(CurationRefused::Ambiguous {
            words: words.to_owned(),
            revision,
            places: found.iter().map(|&(s, e)| around(text, s, e)).collect(),
        }
        .into()),
    }
}

/// Every appearance of `words` in `text` that neither starts nor ends inside a word: linear in
/// the text for each distinct start (the standard library's two-way search).
pub(crate) fn appearances(text: &str, words: &str) -> Vec<(usize, usize)> {
    let glued = |c: Option<char>| c.is_some_and(char::is_alphanumeric);
    let starts_word = words.chars().next().is_some_and(char::is_alphanumeric);
    let ends_word = words.chars().next_back().is_some_and(char::is_alphanumeric);
    text.match_indices(words)
        .map(|(start, _)| (start, start + words.len()))
        .filter(|&(start, end)| {
            let cut_before = starts_word && glued(text[..start].chars().next_back());
            let cut_after = ends_word && glued(text[end..].chars().next());
            !cut_before && !cut_after
        })
        .collect()
}

/// The words as the text writes them, when they differ from those given only in case and
/// spacing.
fn near_miss(text: &str, words: &str) -> Option<String> {
    let squeeze = |s: &str| {
        s.split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
            .to_lowercase()
    };
    let wanted = squeeze(words);
    let first = wanted.split(' ').next()?;
    // Candidates start where the first word does; only those are compared.
    let lower = text.to_lowercase();
    if lower.len() != text.len() {
        return None;
    }
    lower
        .match_indices(first)
        .map(|(start, _)| start)
        .find_map(|start| {
            let mut taken = 0;
            let end = text[start..].char_indices().find_map(|(i, c)| {
                if !c.is_whitespace() {
                    taken += c.len_utf8();
                }
                (taken >= wanted.replace(' ', "").len()).then(|| start + i + c.len_utf8())
            })?;
            let candidate = text.get(start..end)?;
            (squeeze(candidate) == wanted).then(|| candidate.to_owned())
        })
}

/// The sentences (at most three, shortened) holding at least half of the distinct words of
/// `words` that have three letters or more, most shared first: where an editor who misremembered
/// the wording should look. One pass over the sentences.
fn similar_sentences(document: &Document, words: &str) -> Vec<String> {
    let fold = |w: &str| w.to_lowercase();
    let wanted: std::collections::HashSet<String> = words
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| w.chars().count() >= 3)
        .map(fold)
        .collect();
    if wanted.is_empty() {
        return Vec::new();
    }
    let text = document.text();
    let mut scored: Vec<(usize, &str)> = document
        .sentences()
        .iter()
        .map(|s| s.span.slice(text))
        .map(|sentence| {
            let have: std::collections::HashSet<String> = sentence
                .split(|c: char| !c.is_alphanumeric())
                .map(fold)
                .collect();
            (
                wanted.iter().filter(|w| have.contains(*w)).count(),
                sentence,
            )
        })
        .filter(|&(shared, _)| shared * 2 >= wanted.len() && shared > 0)
        .collect();
    scored.sort_by_key(|&(shared, _)| std::cmp::Reverse(shared));
    scored
        .into_iter()
        .take(3)
        .map(|(_, sentence)| {
            let short: String = sentence.chars().take(80).collect();
            if short.len() < sentence.len() {
                format!("{}…", short.trim_end())
            } else {
                short
            }
        })
        .collect()
}

/// Some words either side of `start..end`, on one line.
fn around(text: &str, start: usize, end: usize) -> String {
    const SIDE: usize = 30;
    let before: String = {
        let head = &text[..start];
        let skip = head.chars().count().saturating_sub(SIDE);
        head.chars().skip(skip).collect()
    };
    let after: String = text[end..].chars().take(SIDE).collect();
    format!("…{before}{}{after}…", &text[start..end])
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// Carries the claims editors added into a new revision: each added claim the previous revision
/// had and extraction did not find again is located by its words in the new text (the
/// appearance in the same sentence wording if there is one, else the one nearest to where it
/// was) and added to `claims`, under the same identity rule.
pub(crate) fn carry_additions(
    document: &Document,
    claims: &mut Vec<Claim>,
    previous: &[Claim],
    curations: &[(ClaimId, Curation)],
) {
    let mut carried = false;
    for (id, curation) in curations {
        if curation.added.is_none() || claims.iter().any(|c| c.id == *id) {
            continue;
        }
        let Some(before) = previous.iter().find(|c| c.id == *id) else {
            continue;
        };
        let found = appearances(document.text(), &before.text);
        let same_sentence = found.iter().copied().find(|&(start, _)| {
            document
                .sentences()
                .iter()
                .find(|s| s.span.start_byte <= start && start < s.span.end_byte)
                .is_some_and(|s| s.span.slice(document.text()) == before.sentence_text)
        });
        let nearest = found
            .iter()
            .copied()
            .min_by_key(|&(start, _)| start.abs_diff(before.span.start_byte));
        let Some((start, end)) = same_sentence.or(nearest) else {
            continue;
        };
        let value_key = before.canonical.split('|').next().unwrap_or("").to_owned();
        let Some(claim) =
            extract::claim_at(document, start, end, before.detail.clone(), &value_key)
        else {
            continue;
        };
        if claims.iter().any(|c| c.id == claim.id) {
            continue;
        }
        claims.push(claim);
        carried = true;
    }
    if carried {
        claims.sort_by_key(|claim| (claim.span.start_byte, claim.span.end_byte));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_take_the_exact_decimal_form_extraction_hashes() {
        assert_eq!(decimal_key("8,000").as_deref(), Some("8000"));
        assert_eq!(decimal_key("2.50").as_deref(), Some("2.5"));
        assert_eq!(decimal_key("007").as_deref(), Some("7"));
        assert_eq!(decimal_key("-3").as_deref(), Some("-3"));
        assert_eq!(decimal_key("0.0").as_deref(), Some("0"));
        assert_eq!(decimal_key("two"), None);
        assert_eq!(decimal_key("."), None);
        assert_eq!(decimal_key("1e5"), None);
    }

    #[test]
    fn words_are_found_whole_not_inside_other_words() {
        let text = "He said peace. Peacekeepers said peace again.";
        assert_eq!(appearances(text, "peace").len(), 2);
        assert_eq!(appearances(text, "said peace").len(), 2);
        assert_eq!(appearances(text, "eace").len(), 0);
    }

    #[test]
    fn a_near_miss_in_case_or_spacing_is_offered() {
        let text = "The  Arab Red Crescent said so.";
        assert_eq!(
            near_miss(text, "arab red crescent").as_deref(),
            Some("Arab Red Crescent")
        );
        assert_eq!(near_miss(text, "Blue Crescent"), None);
    }
}
