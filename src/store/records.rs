//! The on-disk record types and their conversion to and from the domain model.
//!
//! These structs ARE the stored format: never reorder, remove or retype a field. A change means a
//! new `SCHEMA` with the old struct kept frozen beside it and converted forward in `codec::decode`.
//! Only bincode-safe serde is used here (no `flatten`, `tag`, `untagged`, `skip_serializing_if`),
//! and maps are `BTreeMap` so that equal values always encode to equal bytes.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::codec::{DecodeError, Record};
use crate::model::{
    Addition, ApiToken, Article, ArticleId, Attribution, Bound, ChangedClaim, Claim, ClaimDetail,
    ClaimId, ClaimKind, Curation, CurationAction, Delivery, DeliveryAttempt, DeliveryStatus,
    DismissReason, Dismissal, Event, EventKind, EvidenceRef, Hash32, HeldReference, Override,
    Published, Quantity, Rating, ReferenceVerdict, Remark, Review, Revision, Span, SpeakerFix,
    Timestamp, User, UserAction, Webhook, WebhookAction, WebhookEvent,
};

pub(crate) type RawHash = [u8; 32];

#[derive(Serialize, Deserialize, Debug, Clone, PartialEq)]
pub(crate) struct FormatRecord {
    pub(crate) format: u32,
    pub(crate) created_at: i64,
    pub(crate) created_by: String,
}
impl Record for FormatRecord {
    const TYPE: u8 = 1;
    const SCHEMA: u16 = 1;
}

#[derive(Serialize, Deserialize, Debug, Clone, Copy, PartialEq)]
pub(crate) struct HeadRecord {
    pub(crate) seq: u64,
    pub(crate) hash: RawHash,
}
impl Record for HeadRecord {
    const TYPE: u8 = 2;
    const SCHEMA: u16 = 1;
}

#[derive(Serialize, Deserialize, Debug, Clone, PartialEq)]
pub(crate) struct WorkflowRecord {
    pub(crate) text: String,
    pub(crate) hash: RawHash,
    pub(crate) event_seq: u64,
}
impl Record for WorkflowRecord {
    const TYPE: u8 = 3;
    const SCHEMA: u16 = 1;
}

#[derive(Serialize, Deserialize, Debug, Clone, PartialEq)]
pub(crate) struct ConfigRecord {
    pub(crate) value: String,
    pub(crate) event_seq: u64,
}
impl Record for ConfigRecord {
    const TYPE: u8 = 4;
    const SCHEMA: u16 = 1;
}

#[derive(Serialize, Deserialize, Debug, Clone, PartialEq)]
pub(crate) struct ArticleRecord {
    pub(crate) id: String,
    pub(crate) title: Option<String>,
    pub(crate) url: Option<String>,
    pub(crate) created_at: i64,
    pub(crate) created_by: String,
    pub(crate) latest: u32,
    pub(crate) event_seq: u64,
    /// When the article was first published, as its source gave it (schema 2).
    pub(crate) published: Option<String>,
}
impl Record for ArticleRecord {
    const TYPE: u8 = 5;
    const SCHEMA: u16 = 2;

    fn from_older(schema: u16, payload: &[u8]) -> Option<Result<Self, DecodeError>> {
        super::codec::convert_from(schema, payload, |v1: ArticleRecordV1| ArticleRecord {
            id: v1.id,
            title: v1.title,
            url: v1.url,
            created_at: v1.created_at,
            created_by: v1.created_by,
            latest: v1.latest,
            event_seq: v1.event_seq,
            published: None,
        })
    }
}

/// Schema 1 of [`ArticleRecord`], frozen: no publication date.
#[derive(Serialize, Deserialize, Debug, Clone, PartialEq)]
pub(crate) struct ArticleRecordV1 {
    pub(crate) id: String,
    pub(crate) title: Option<String>,
    pub(crate) url: Option<String>,
    pub(crate) created_at: i64,
    pub(crate) created_by: String,
    pub(crate) latest: u32,
    pub(crate) event_seq: u64,
}
impl Record for ArticleRecordV1 {
    const TYPE: u8 = 5;
    const SCHEMA: u16 = 1;
}

#[derive(Serialize, Deserialize, Debug, Clone, PartialEq)]
pub(crate) struct RevisionRecord {
    pub(crate) article: String,
    pub(crate) number: u32,
    pub(crate) content_hash: RawHash,
    pub(crate) text: String,
    pub(crate) source: String,
    pub(crate) format: String,
    pub(crate) ingested_at: i64,
    pub(crate) ingested_by: String,
    pub(crate) extractor: String,
    pub(crate) claims: Vec<RawHash>,
    /// BLAKE3 over the payloads of this revision's occurrences, in key order: lets `audit verify`
    /// prove the provenance rows were not altered.
    pub(crate) occurrences_hash: RawHash,
    pub(crate) event_seq: u64,
    pub(crate) raw_source: Option<RawHash>,
    /// When this version came out, as its source gave it (schema 2).
    pub(crate) published: Option<String>,
}
impl Record for RevisionRecord {
    const TYPE: u8 = 6;
    const SCHEMA: u16 = 2;
    const DEFLATE: bool = true;

    fn from_older(schema: u16, payload: &[u8]) -> Option<Result<Self, DecodeError>> {
        super::codec::convert_from(schema, payload, |v1: RevisionRecordV1| RevisionRecord {
            article: v1.article,
            number: v1.number,
            content_hash: v1.content_hash,
            text: v1.text,
            source: v1.source,
            format: v1.format,
            ingested_at: v1.ingested_at,
            ingested_by: v1.ingested_by,
            extractor: v1.extractor,
            claims: v1.claims,
            occurrences_hash: v1.occurrences_hash,
            event_seq: v1.event_seq,
            raw_source: v1.raw_source,
            published: None,
        })
    }
}

/// Schema 1 of [`RevisionRecord`], frozen: no publication date of its own.
#[derive(Serialize, Deserialize, Debug, Clone, PartialEq)]
pub(crate) struct RevisionRecordV1 {
    pub(crate) article: String,
    pub(crate) number: u32,
    pub(crate) content_hash: RawHash,
    pub(crate) text: String,
    pub(crate) source: String,
    pub(crate) format: String,
    pub(crate) ingested_at: i64,
    pub(crate) ingested_by: String,
    pub(crate) extractor: String,
    pub(crate) claims: Vec<RawHash>,
    pub(crate) occurrences_hash: RawHash,
    pub(crate) event_seq: u64,
    pub(crate) raw_source: Option<RawHash>,
}
impl Record for RevisionRecordV1 {
    const TYPE: u8 = 6;
    const SCHEMA: u16 = 1;
    const DEFLATE: bool = true;
}

/// The leading fields of a [`RevisionRecord`] (either schema), in its order: read without inflating
/// the text that follows them (`codec::decode_leading`), e.g. to find a revision by its hash.
#[derive(Deserialize, Debug, PartialEq)]
pub(crate) struct RevisionHead {
    pub(crate) article: String,
    pub(crate) number: u32,
    pub(crate) content_hash: RawHash,
}

impl RevisionHead {
    /// Payload bytes the head of a revision of an article with an id `article_len` bytes long
    /// takes: the id with its u64 length, the number, the hash.
    pub(crate) fn encoded_len(article_len: usize) -> usize {
        8 + article_len + 4 + 32
    }
}

/// A claim's content, keyed by its id; the id is recomputable from `kind` and `canonical`.
/// Written once, when the store first sees the claim.
#[derive(Serialize, Deserialize, Debug, Clone, PartialEq)]
pub(crate) struct ClaimRecord {
    pub(crate) kind: u8,
    pub(crate) text: String,
    pub(crate) canonical: String,
    /// The article it was first seen in (schema 2): most claims appear in one article only, and
    /// this spares them a `claim_articles` row, which sled stores at several hundred bytes. Each
    /// further article gets a row. `None` for a claim of schema 1, whose articles are all rows.
    pub(crate) first_article: Option<String>,
}
impl Record for ClaimRecord {
    const TYPE: u8 = 7;
    const SCHEMA: u16 = 2;

    fn from_older(schema: u16, payload: &[u8]) -> Option<Result<Self, DecodeError>> {
        super::codec::convert_from(schema, payload, |v1: ClaimRecordV1| ClaimRecord {
            kind: v1.kind,
            text: v1.text,
            canonical: v1.canonical,
            first_article: None,
        })
    }
}

/// Schema 1 of [`ClaimRecord`], frozen: format 1 kept every article of a claim in a
/// `claim_articles` row.
#[derive(Serialize, Deserialize, Debug, Clone, PartialEq)]
pub(crate) struct ClaimRecordV1 {
    pub(crate) kind: u8,
    pub(crate) text: String,
    pub(crate) canonical: String,
}
impl Record for ClaimRecordV1 {
    const TYPE: u8 = 7;
    const SCHEMA: u16 = 1;
}

#[derive(Serialize, Deserialize, Debug, Clone, Copy, PartialEq)]
pub(crate) struct SpanRecord {
    pub(crate) start_char: u64,
    pub(crate) end_char: u64,
    pub(crate) start_byte: u64,
    pub(crate) end_byte: u64,
}

/// Where a claim occurs in one revision, with everything extracted there.
#[derive(Serialize, Deserialize, Debug, Clone, PartialEq)]
pub(crate) struct OccurrenceRecord {
    pub(crate) kind: u8,
    pub(crate) text: String,
    pub(crate) canonical: String,
    pub(crate) span: SpanRecord,
    pub(crate) parts: Vec<SpanRecord>,
    pub(crate) sentence: u32,
    pub(crate) paragraph: u32,
    pub(crate) sentence_text: String,
    pub(crate) speaker: Option<String>,
    pub(crate) mention: Option<String>,
    pub(crate) title: Option<String>,
    pub(crate) value: Option<f64>,
    pub(crate) low: Option<f64>,
    pub(crate) high: Option<f64>,
    pub(crate) unit: Option<String>,
    pub(crate) unit_text: Option<String>,
    pub(crate) qualifier: Option<String>,
    pub(crate) bound: Option<String>,
    pub(crate) phrase: String,
}
impl Record for OccurrenceRecord {
    const TYPE: u8 = 8;
    const SCHEMA: u16 = 1;
}

/// The occurrences of every claim of one revision, in one value keyed like the revision (format
/// 2; format 1 wrote one [`OccurrenceRecord`] per claim). What the revision's text or the
/// `claims` tree already holds is not repeated: the claim ids are the revision's `claims`, in the
/// same order; the canonical form is the claim's; the sentence is a range of the revision's text.
/// It also says what a claim's review is before anyone touches it (see `Store::review`), so that
/// ingest writes no review rows.
#[derive(Serialize, Deserialize, Debug, Clone, PartialEq)]
pub(crate) struct OccurrencePack {
    /// The workflow's initial state when the revision was ingested: the state of a claim first
    /// seen in this revision that has no review row.
    pub(crate) initial_state: String,
    /// The hash of the workflow then in force.
    pub(crate) workflow_hash: RawHash,
    /// One per entry of the revision's `claims`, in that order.
    pub(crate) occurrences: Vec<PackedOccurrence>,
}
impl Record for OccurrencePack {
    const TYPE: u8 = 12;
    const SCHEMA: u16 = 1;
    const DEFLATE: bool = true;
}

/// A span in 32-bit offsets: a revision's text is far below 4 GiB (records are capped at 256 MiB).
#[derive(Serialize, Deserialize, Debug, Clone, Copy, PartialEq)]
pub(crate) struct PackedSpan {
    pub(crate) start_char: u32,
    pub(crate) end_char: u32,
    pub(crate) start_byte: u32,
    pub(crate) end_byte: u32,
}

/// Where the sentence holding a claim is.
#[derive(Serialize, Deserialize, Debug, Clone, PartialEq)]
pub(crate) enum SentenceRecord {
    /// Bytes `start..end` of the revision's text.
    At { start: u32, end: u32 },
    /// Written out, for a sentence the text does not hold verbatim around the claim.
    Text(String),
}

/// One claim where it occurs in a revision: an entry of an [`OccurrencePack`].
#[derive(Serialize, Deserialize, Debug, Clone, PartialEq)]
pub(crate) struct PackedOccurrence {
    /// `None` when the claim's text is its span's slice of the revision's text (every number,
    /// most quotes).
    pub(crate) text: Option<String>,
    pub(crate) span: PackedSpan,
    /// `None` when the claim is in one part, the whole span.
    pub(crate) parts: Option<Vec<PackedSpan>>,
    pub(crate) sentence: u32,
    pub(crate) paragraph: u32,
    pub(crate) sentence_text: SentenceRecord,
    pub(crate) detail: PackedDetail,
}

/// The kind-specific part of an occurrence; the variant is the claim's kind.
#[derive(Serialize, Deserialize, Debug, Clone, PartialEq)]
pub(crate) enum PackedDetail {
    Quote {
        speaker: Option<String>,
        mention: Option<String>,
        title: Option<String>,
    },
    Number {
        value: Option<f64>,
        low: Option<f64>,
        high: Option<f64>,
        unit: Option<String>,
        unit_text: Option<String>,
        qualifier: Option<String>,
        bound: Option<String>,
        phrase: String,
    },
}

#[derive(Serialize, Deserialize, Debug, Clone, PartialEq)]
pub(crate) struct RemarkRecord {
    pub(crate) text: String,
    pub(crate) by: String,
    pub(crate) at: i64,
    pub(crate) seq: u64,
}

#[derive(Serialize, Deserialize, Debug, Clone, PartialEq)]
pub(crate) struct ReviewRecord {
    pub(crate) state: String,
    pub(crate) sources: Vec<RemarkRecord>,
    pub(crate) notes: Vec<RemarkRecord>,
    pub(crate) updated_by: String,
    pub(crate) updated_at: i64,
    pub(crate) event_seq: u64,
    pub(crate) workflow_hash: RawHash,
    pub(crate) last_user_of: BTreeMap<String, String>,
    pub(crate) evidence: Vec<EvidenceRefRecord>,
    pub(crate) carried_from: Option<ChangedClaimRecord>,
    /// Editors' corrections of the claim (schema 2).
    pub(crate) curation: CurationRecord,
}

/// Schema 1 of [`ReviewRecord`], frozen: no curation.
#[derive(Serialize, Deserialize, Debug, Clone, PartialEq)]
pub(crate) struct ReviewRecordV1 {
    pub(crate) state: String,
    pub(crate) sources: Vec<RemarkRecord>,
    pub(crate) notes: Vec<RemarkRecord>,
    pub(crate) updated_by: String,
    pub(crate) updated_at: i64,
    pub(crate) event_seq: u64,
    pub(crate) workflow_hash: RawHash,
    pub(crate) last_user_of: BTreeMap<String, String>,
    pub(crate) evidence: Vec<EvidenceRefRecord>,
    pub(crate) carried_from: Option<ChangedClaimRecord>,
}
impl Record for ReviewRecordV1 {
    const TYPE: u8 = 9;
    const SCHEMA: u16 = 1;
}

/// Who did something to a claim, when, in which event.
#[derive(Serialize, Deserialize, Debug, Clone, PartialEq)]
pub(crate) struct StampRecord {
    pub(crate) by: String,
    pub(crate) at: i64,
    pub(crate) seq: u64,
}

#[derive(Serialize, Deserialize, Debug, Clone, PartialEq, Default)]
pub(crate) struct CurationRecord {
    pub(crate) added: Option<AdditionRecord>,
    pub(crate) speaker: Option<SpeakerFixRecord>,
    pub(crate) dismissed: Option<DismissalRecord>,
    pub(crate) overridden: Option<OverrideRecord>,
}

/// A claim an editor added: where it was located in the revision it was added to. Its text and
/// sentence are written out, so that it reads back without that revision's text.
#[derive(Serialize, Deserialize, Debug, Clone, PartialEq)]
pub(crate) struct AdditionRecord {
    pub(crate) revision: u32,
    /// The id the occurrence had when added: a review inherited under a new id (its sentence
    /// changed only in another number) keeps the addition as history, not as an occurrence.
    pub(crate) claim: RawHash,
    pub(crate) canonical: String,
    pub(crate) occurrence: PackedOccurrence,
    pub(crate) stamp: StampRecord,
}

#[derive(Serialize, Deserialize, Debug, Clone, PartialEq)]
pub(crate) struct SpeakerFixRecord {
    pub(crate) speaker: String,
    pub(crate) was: Option<String>,
    pub(crate) mention: Option<String>,
    pub(crate) since: u32,
    pub(crate) note: Option<String>,
    pub(crate) stamp: StampRecord,
}

#[derive(Serialize, Deserialize, Debug, Clone, PartialEq)]
pub(crate) struct DismissalRecord {
    pub(crate) reason: String,
    pub(crate) note: Option<String>,
    pub(crate) stamp: StampRecord,
}

#[derive(Serialize, Deserialize, Debug, Clone, PartialEq)]
pub(crate) struct OverrideRecord {
    pub(crate) state: String,
    pub(crate) note: String,
    pub(crate) stamp: StampRecord,
}

/// A user of the desk, keyed `user/NAME` in `meta`.
#[derive(Serialize, Deserialize, Debug, Clone, PartialEq)]
pub(crate) struct UserRecord {
    pub(crate) name: String,
    pub(crate) roles: Vec<String>,
    pub(crate) password_hash: String,
    pub(crate) disabled: bool,
    pub(crate) created_at: i64,
    pub(crate) event_seq: u64,
}
impl Record for UserRecord {
    const TYPE: u8 = 13;
    const SCHEMA: u16 = 1;
}

/// An API token, keyed `token/ID` in `meta`: its secret only as a hash.
#[derive(Serialize, Deserialize, Debug, Clone, PartialEq)]
pub(crate) struct TokenRecord {
    pub(crate) id: String,
    pub(crate) owner: String,
    pub(crate) secret_hash: RawHash,
    pub(crate) created_at: i64,
    pub(crate) event_seq: u64,
}
impl Record for TokenRecord {
    const TYPE: u8 = 14;
    const SCHEMA: u16 = 1;
}

/// Who an article (no claim) or one of its claims is assigned to, keyed
/// `assign/ARTICLE NUL [CLAIM]` in `meta`. A released assignment keeps its row, with no assignee,
/// so that the row stays covered by the event that last wrote it.
#[derive(Serialize, Deserialize, Debug, Clone, PartialEq)]
pub(crate) struct AssignmentRecord {
    pub(crate) assignee: Option<String>,
    pub(crate) by: String,
    pub(crate) at: i64,
    pub(crate) event_seq: u64,
}
impl Record for AssignmentRecord {
    const TYPE: u8 = 15;
    const SCHEMA: u16 = 1;
}

/// A webhook, keyed `webhook/ID` in `meta`. Its secret is kept as it was given out: every
/// delivery is signed with it (a hash could not sign).
#[derive(Serialize, Deserialize, Debug, Clone, PartialEq)]
pub(crate) struct WebhookRecord {
    pub(crate) id: String,
    pub(crate) url: String,
    /// `state`, `revision`, `gate` ([`WebhookEvent::as_str`]); a name this build does not know
    /// (written by a newer one) is skipped as it is read.
    pub(crate) events: Vec<String>,
    pub(crate) description: Option<String>,
    pub(crate) secret: String,
    pub(crate) disabled: bool,
    pub(crate) created_at: i64,
    pub(crate) created_by: String,
    pub(crate) added_seq: u64,
    pub(crate) event_seq: u64,
}
impl Record for WebhookRecord {
    const TYPE: u8 = 16;
    const SCHEMA: u16 = 1;
}

impl WebhookRecord {
    pub(crate) fn from_webhook(webhook: &Webhook, event_seq: u64) -> WebhookRecord {
        WebhookRecord {
            id: webhook.id.clone(),
            url: webhook.url.clone(),
            events: event_names(&webhook.events),
            description: webhook.description.clone(),
            secret: webhook.secret.clone(),
            disabled: webhook.disabled,
            created_at: webhook.created_at.0,
            created_by: webhook.created_by.clone(),
            added_seq: webhook.added_seq,
            event_seq,
        }
    }

    pub(crate) fn to_webhook(&self) -> Webhook {
        Webhook {
            id: self.id.clone(),
            url: self.url.clone(),
            events: events_from(&self.events),
            description: self.description.clone(),
            secret: self.secret.clone(),
            disabled: self.disabled,
            created_by: self.created_by.clone(),
            created_at: Timestamp(self.created_at),
            added_seq: self.added_seq,
        }
    }
}

fn event_names(events: &[WebhookEvent]) -> Vec<String> {
    events.iter().map(|e| e.as_str().to_owned()).collect()
}

fn events_from(names: &[String]) -> Vec<WebhookEvent> {
    names
        .iter()
        .filter_map(|n| WebhookEvent::parse(n))
        .collect()
}

/// What was done to a webhook, as an event records it.
#[derive(Serialize, Deserialize, Debug, Clone, PartialEq)]
pub(crate) enum WebhookActionRecord {
    // Variants are only ever appended: bincode stores the variant's position.
    Added {
        site: String,
        events: Vec<String>,
        description: Option<String>,
    },
    Removed,
}

impl WebhookActionRecord {
    fn from_model(action: &WebhookAction) -> WebhookActionRecord {
        match action {
            WebhookAction::Added {
                site,
                events,
                description,
            } => WebhookActionRecord::Added {
                site: site.clone(),
                events: event_names(events),
                description: description.clone(),
            },
            WebhookAction::Removed => WebhookActionRecord::Removed,
        }
    }

    fn to_model(&self) -> WebhookAction {
        match self {
            WebhookActionRecord::Added {
                site,
                events,
                description,
            } => WebhookAction::Added {
                site: site.clone(),
                events: events_from(events),
                description: description.clone(),
            },
            WebhookActionRecord::Removed => WebhookAction::Removed,
        }
    }
}

/// What was done to a user, as an event records it.
#[derive(Serialize, Deserialize, Debug, Clone, PartialEq)]
pub(crate) enum UserActionRecord {
    // Variants are only ever appended: bincode stores the variant's position.
    Added { roles: Vec<String> },
    PasswordSet,
    Disabled,
    TokenAdded { id: String },
}

impl UserRecord {
    pub(crate) fn to_user(&self) -> User {
        User {
            name: self.name.clone(),
            roles: self.roles.clone(),
            password_hash: self.password_hash.clone(),
            disabled: self.disabled,
            created_at: Timestamp(self.created_at),
        }
    }
}

impl TokenRecord {
    pub(crate) fn to_token(&self) -> ApiToken {
        ApiToken {
            id: self.id.clone(),
            owner: self.owner.clone(),
            secret_hash: Hash32(self.secret_hash),
            created_at: Timestamp(self.created_at),
        }
    }
}

impl UserActionRecord {
    fn from_model(action: &UserAction) -> UserActionRecord {
        match action {
            UserAction::Added { roles } => UserActionRecord::Added {
                roles: roles.clone(),
            },
            UserAction::PasswordSet => UserActionRecord::PasswordSet,
            UserAction::Disabled => UserActionRecord::Disabled,
            UserAction::TokenAdded { id } => UserActionRecord::TokenAdded { id: id.clone() },
        }
    }

    fn to_model(&self) -> UserAction {
        match self {
            UserActionRecord::Added { roles } => UserAction::Added {
                roles: roles.clone(),
            },
            UserActionRecord::PasswordSet => UserAction::PasswordSet,
            UserActionRecord::Disabled => UserAction::Disabled,
            UserActionRecord::TokenAdded { id } => UserAction::TokenAdded { id: id.clone() },
        }
    }
}

/// What an editor did to a claim, as an event records it.
#[derive(Serialize, Deserialize, Debug, Clone, PartialEq)]
pub(crate) enum CurationActionRecord {
    // Variants are only ever appended: bincode stores the variant's position.
    Added {
        revision: u32,
        kind: u8,
        text: String,
        speaker: Option<String>,
    },
    SpeakerCorrected {
        speaker: String,
        was: Option<String>,
        note: Option<String>,
    },
    Dismissed {
        reason: String,
        note: Option<String>,
    },
    Restored {
        note: Option<String>,
    },
    Overridden {
        state: String,
        note: String,
    },
}

#[derive(Serialize, Deserialize, Debug, Clone, PartialEq)]
pub(crate) struct ChangedClaimRecord {
    pub(crate) old: RawHash,
    pub(crate) new: RawHash,
    pub(crate) old_state: String,
    pub(crate) new_state: String,
    pub(crate) summary: String,
}

impl ChangedClaimRecord {
    pub(crate) fn from_model(changed: &ChangedClaim) -> ChangedClaimRecord {
        ChangedClaimRecord {
            old: changed.old.0.0,
            new: changed.new.0.0,
            old_state: changed.old_state.clone(),
            new_state: changed.new_state.clone(),
            summary: changed.summary.clone(),
        }
    }

    pub(crate) fn to_model(&self) -> ChangedClaim {
        ChangedClaim {
            old: ClaimId(Hash32(self.old)),
            new: ClaimId(Hash32(self.new)),
            old_state: self.old_state.clone(),
            new_state: self.new_state.clone(),
            summary: self.summary.clone(),
        }
    }
}

#[derive(Serialize, Deserialize, Debug, Clone, PartialEq)]
pub(crate) struct EvidenceRefRecord {
    pub(crate) hash: RawHash,
    pub(crate) name: String,
    pub(crate) size: u64,
    pub(crate) by: String,
    pub(crate) at: i64,
    pub(crate) seq: u64,
}

/// An evidence file, keyed by the BLAKE3 of `bytes`.
#[derive(Serialize, Deserialize, Debug, Clone, PartialEq)]
pub(crate) struct EvidenceRecord {
    pub(crate) name: String,
    pub(crate) bytes: Vec<u8>,
}
impl Record for EvidenceRecord {
    const TYPE: u8 = 11;
    const SCHEMA: u16 = 1;
    const DEFLATE: bool = true;
}
impl Record for ReviewRecord {
    const TYPE: u8 = 9;
    const SCHEMA: u16 = 2;

    fn from_older(schema: u16, payload: &[u8]) -> Option<Result<Self, DecodeError>> {
        super::codec::convert_from(schema, payload, |v1: ReviewRecordV1| ReviewRecord {
            state: v1.state,
            sources: v1.sources,
            notes: v1.notes,
            updated_by: v1.updated_by,
            updated_at: v1.updated_at,
            event_seq: v1.event_seq,
            workflow_hash: v1.workflow_hash,
            last_user_of: v1.last_user_of,
            evidence: v1.evidence,
            carried_from: v1.carried_from,
            curation: CurationRecord::default(),
        })
    }
}

/// The outbox's cursor, key `cursor` of the `outbox` tree: the last audit event it has turned
/// into deliveries. Operational state, outside the audit chain.
#[derive(Serialize, Deserialize, Debug, Clone, Copy, PartialEq)]
pub(crate) struct OutboxCursorRecord {
    pub(crate) seq: u64,
}
impl Record for OutboxCursorRecord {
    const TYPE: u8 = 17;
    const SCHEMA: u16 = 1;
}

/// Where a delivery stands.
#[derive(Serialize, Deserialize, Debug, Clone, Copy, PartialEq)]
pub(crate) enum DeliveryStatusRecord {
    // Variants are only ever appended: bincode stores the variant's position.
    Pending,
    Delivered,
    Failed,
}

#[derive(Serialize, Deserialize, Debug, Clone, PartialEq)]
pub(crate) struct AttemptRecord {
    pub(crate) at: i64,
    pub(crate) status: Option<u16>,
    pub(crate) error: Option<String>,
}

/// One event to tell one webhook, keyed `delivery/` seq(u64 BE) id in the `outbox` tree.
#[derive(Serialize, Deserialize, Debug, Clone, PartialEq)]
pub(crate) struct DeliveryRecord {
    pub(crate) id: String,
    pub(crate) webhook: String,
    pub(crate) event: String,
    pub(crate) seq: u64,
    pub(crate) article: Option<String>,
    pub(crate) body: String,
    pub(crate) created_at: i64,
    pub(crate) status: DeliveryStatusRecord,
    pub(crate) next_at: i64,
    pub(crate) attempts: Vec<AttemptRecord>,
    pub(crate) round_start: u32,
}
impl Record for DeliveryRecord {
    const TYPE: u8 = 18;
    const SCHEMA: u16 = 1;
}

impl DeliveryRecord {
    pub(crate) fn from_delivery(delivery: &Delivery) -> DeliveryRecord {
        DeliveryRecord {
            id: delivery.id.clone(),
            webhook: delivery.webhook.clone(),
            event: delivery.event.clone(),
            seq: delivery.seq,
            article: delivery.article.as_ref().map(|a| a.as_str().to_owned()),
            body: delivery.body.clone(),
            created_at: delivery.created_at.0,
            status: match delivery.status {
                DeliveryStatus::Pending => DeliveryStatusRecord::Pending,
                DeliveryStatus::Delivered => DeliveryStatusRecord::Delivered,
                DeliveryStatus::Failed => DeliveryStatusRecord::Failed,
            },
            next_at: delivery.next_at.0,
            attempts: delivery
                .attempts
                .iter()
                .map(|a| AttemptRecord {
                    at: a.at.0,
                    status: a.status,
                    error: a.error.clone(),
                })
                .collect(),
            round_start: delivery.round_start,
        }
    }

    /// The delivery; `None` when the article named is not a valid id.
    pub(crate) fn to_delivery(&self) -> Option<Delivery> {
        let article = match &self.article {
            Some(id) => Some(ArticleId::new(id)?),
            None => None,
        };
        Some(Delivery {
            id: self.id.clone(),
            webhook: self.webhook.clone(),
            event: self.event.clone(),
            seq: self.seq,
            article,
            body: self.body.clone(),
            created_at: Timestamp(self.created_at),
            status: match self.status {
                DeliveryStatusRecord::Pending => DeliveryStatus::Pending,
                DeliveryStatusRecord::Delivered => DeliveryStatus::Delivered,
                DeliveryStatusRecord::Failed => DeliveryStatus::Failed,
            },
            next_at: Timestamp(self.next_at),
            attempts: self
                .attempts
                .iter()
                .map(|a| DeliveryAttempt {
                    at: Timestamp(a.at),
                    status: a.status,
                    error: a.error.clone(),
                })
                .collect(),
            round_start: self.round_start,
        })
    }
}

/// The readiness of an article's gate as the outbox last saw it, keyed `gate/SLUG` in the
/// `outbox` tree: a change from it is told as `gate.opened` or `gate.closed`.
#[derive(Serialize, Deserialize, Debug, Clone, Copy, PartialEq)]
pub(crate) struct GateSeenRecord {
    pub(crate) ready: bool,
    /// The audit event after which it was read.
    pub(crate) seq: u64,
}
impl Record for GateSeenRecord {
    const TYPE: u8 = 19;
    const SCHEMA: u16 = 1;
}

/// Another fact-checker's verdict, keyed `reference/` + the hex of its identity hash (url and
/// claim reviewed, see `keys::reference`) in `meta`, written with a `ReferencesImported` event.
#[derive(Serialize, Deserialize, Debug, Clone, PartialEq)]
pub(crate) struct ReferenceRecord {
    pub(crate) claim_reviewed: String,
    pub(crate) claimant: Option<String>,
    pub(crate) rating_name: Option<String>,
    pub(crate) rating_value: Option<String>,
    pub(crate) best_rating: Option<String>,
    pub(crate) worst_rating: Option<String>,
    pub(crate) publisher: Option<String>,
    pub(crate) publisher_url: Option<String>,
    pub(crate) published: Option<String>,
    pub(crate) url: String,
    pub(crate) appearance: Option<String>,
    pub(crate) language: Option<String>,
    pub(crate) imported_by: String,
    pub(crate) imported_at: i64,
    pub(crate) event_seq: u64,
}
impl Record for ReferenceRecord {
    const TYPE: u8 = 20;
    const SCHEMA: u16 = 1;
}

impl ReferenceRecord {
    pub(crate) fn from_verdict(
        verdict: &ReferenceVerdict,
        by: &str,
        at: Timestamp,
        event_seq: u64,
    ) -> ReferenceRecord {
        ReferenceRecord {
            claim_reviewed: verdict.claim_reviewed.clone(),
            claimant: verdict.claimant.clone(),
            rating_name: verdict.rating.alternate_name.clone(),
            rating_value: verdict.rating.value.clone(),
            best_rating: verdict.rating.best.clone(),
            worst_rating: verdict.rating.worst.clone(),
            publisher: verdict.publisher.clone(),
            publisher_url: verdict.publisher_url.clone(),
            published: verdict.published.as_ref().map(|p| p.as_str().to_owned()),
            url: verdict.url.clone(),
            appearance: verdict.appearance.clone(),
            language: verdict.language.clone(),
            imported_by: by.to_owned(),
            imported_at: at.0,
            event_seq,
        }
    }

    /// The verdict as held. A date that no longer reads (written by a build that took more
    /// shapes) is left out rather than failing the listing: `audit verify` still proves the bytes.
    pub(crate) fn to_held(&self) -> HeldReference {
        HeldReference {
            verdict: ReferenceVerdict {
                claim_reviewed: self.claim_reviewed.clone(),
                claimant: self.claimant.clone(),
                rating: Rating {
                    alternate_name: self.rating_name.clone(),
                    value: self.rating_value.clone(),
                    best: self.best_rating.clone(),
                    worst: self.worst_rating.clone(),
                },
                publisher: self.publisher.clone(),
                publisher_url: self.publisher_url.clone(),
                published: self.published.as_deref().and_then(Published::parse),
                url: self.url.clone(),
                appearance: self.appearance.clone(),
                language: self.language.clone(),
            },
            imported_by: self.imported_by.clone(),
            imported_at: Timestamp(self.imported_at),
            seq: self.event_seq,
        }
    }
}

/// A record that an event wrote: which tree, which key, and the hash of the payload it wrote.
#[derive(Serialize, Deserialize, Debug, Clone, PartialEq)]
pub(crate) struct Touched {
    pub(crate) tree: String,
    pub(crate) key: Vec<u8>,
    pub(crate) hash: RawHash,
}

#[derive(Serialize, Deserialize, Debug, Clone, PartialEq)]
pub(crate) enum EventKindRecord {
    StoreCreated {
        workflow: RawHash,
        workflow_name: String,
    },
    RevisionAdded {
        article: String,
        number: u32,
        content_hash: RawHash,
        claims: u32,
        new_claims: u32,
        changed: Vec<ChangedClaimRecord>,
    },
    Transition {
        article: String,
        claim: RawHash,
        transition: String,
        from: String,
        to: String,
        source: Option<String>,
        note: Option<String>,
        evidence: Option<RawHash>,
        workflow: RawHash,
    },
    ConfigSet {
        key: String,
        value: String,
    },
    // Variants are only ever appended: bincode stores the variant's position.
    WorkflowChanged {
        workflow: RawHash,
        workflow_name: String,
        previous: RawHash,
    },
    /// `RevisionAdded` with the pairs of claims that kept their review under a new id (format 3
    /// on): the article's history no longer depends on aligning its revisions again, which
    /// could change with the code that aligns them.
    RevisionAddedWithPairs {
        article: String,
        number: u32,
        content_hash: RawHash,
        claims: u32,
        new_claims: u32,
        changed: Vec<ChangedClaimRecord>,
        realigned: Vec<(RawHash, RawHash)>,
    },
    /// An editor's correction of a claim (format 4 on).
    Curated {
        article: String,
        claim: RawHash,
        action: CurationActionRecord,
    },
    /// A revision withdrawn (format 4 on).
    RevisionRetracted {
        article: String,
        number: u32,
        restored: u32,
        as_revision: u32,
        note: String,
    },
    /// A user added or changed (format 4 on).
    UserChanged {
        name: String,
        action: UserActionRecord,
    },
    /// An article or a claim assigned to someone, or released (format 4 on).
    Assigned {
        article: String,
        claim: Option<RawHash>,
        assignee: Option<String>,
    },
    /// A webhook added or removed (format 4 on).
    WebhookChanged {
        id: String,
        action: WebhookActionRecord,
    },
    /// Other fact-checkers' ClaimReviews imported as reference verdicts (format 4 on).
    ReferencesImported {
        count: u32,
        held: u32,
        skipped: u32,
        file: RawHash,
    },
}

#[derive(Serialize, Deserialize, Debug, Clone, PartialEq)]
pub(crate) struct EventRecord {
    pub(crate) seq: u64,
    pub(crate) prev: RawHash,
    pub(crate) at: i64,
    pub(crate) actor: String,
    pub(crate) kind: EventKindRecord,
    pub(crate) touched: Vec<Touched>,
}
impl Record for EventRecord {
    const TYPE: u8 = 10;
    const SCHEMA: u16 = 1;
}

impl EventRecord {
    /// The chain hash: domain-separated BLAKE3 of the whole payload, which includes `prev`.
    pub(crate) fn chain_hash(&self) -> Hash32 {
        Hash32::derive("factdesk audit event v1", &super::codec::payload(self))
    }
}

/// The model's `RevisionAdded` of either record shape: `(number, content_hash, claims,
/// new_claims)` as stored, and the pairs only the newer shape records.
fn revision_added(
    article: &str,
    (number, content_hash, claims, new_claims): (u32, RawHash, u32, u32),
    changed: &[ChangedClaimRecord],
    realigned: Option<Vec<(ClaimId, ClaimId)>>,
) -> Option<EventKind> {
    Some(EventKind::RevisionAdded {
        article: ArticleId::new(article)?,
        number,
        content_hash: Hash32(content_hash),
        claims,
        new_claims,
        changed: changed.iter().map(ChangedClaimRecord::to_model).collect(),
        realigned,
    })
}

fn kind_code(kind: ClaimKind) -> u8 {
    match kind {
        ClaimKind::Quote => 1,
        ClaimKind::Number => 2,
    }
}

pub(crate) fn kind_from_code(code: u8) -> Option<ClaimKind> {
    match code {
        1 => Some(ClaimKind::Quote),
        2 => Some(ClaimKind::Number),
        _ => None,
    }
}

fn span_from(record: &SpanRecord) -> Span {
    Span {
        start_char: record.start_char as usize,
        end_char: record.end_char as usize,
        start_byte: record.start_byte as usize,
        end_byte: record.end_byte as usize,
    }
}

impl ClaimRecord {
    pub(crate) fn from_claim(claim: &Claim, article: &ArticleId) -> ClaimRecord {
        ClaimRecord {
            kind: kind_code(claim.kind),
            text: claim.text.clone(),
            canonical: claim.canonical.clone(),
            first_article: Some(article.as_str().to_owned()),
        }
    }
}

impl OccurrenceRecord {
    /// Rebuilds the claim; `None` if the kind code is unknown.
    pub(crate) fn to_claim(&self, id: ClaimId) -> Option<Claim> {
        let kind = kind_from_code(self.kind)?;
        let detail = match kind {
            ClaimKind::Quote => ClaimDetail::Quote(Attribution {
                speaker: self.speaker.clone(),
                mention: self.mention.clone(),
                title: self.title.clone(),
            }),
            ClaimKind::Number => ClaimDetail::Number(Quantity {
                value: self.value,
                low: self.low,
                high: self.high,
                unit: self.unit.clone(),
                unit_text: self.unit_text.clone(),
                qualifier: self.qualifier.clone(),
                bound: self.bound.as_deref().and_then(Bound::parse),
                phrase: self.phrase.clone(),
            }),
        };
        Some(Claim {
            id,
            kind,
            text: self.text.clone(),
            canonical: self.canonical.clone(),
            span: span_from(&self.span),
            parts: self.parts.iter().map(span_from).collect(),
            sentence: self.sentence as usize,
            paragraph: self.paragraph as usize,
            sentence_text: self.sentence_text.clone(),
            detail,
        })
    }
}

fn packed_span(span: &Span) -> PackedSpan {
    // Saturating is never reached: a text past 4 GiB could not be stored at all.
    let narrow = |n: usize| u32::try_from(n).unwrap_or(u32::MAX);
    PackedSpan {
        start_char: narrow(span.start_char),
        end_char: narrow(span.end_char),
        start_byte: narrow(span.start_byte),
        end_byte: narrow(span.end_byte),
    }
}

fn span_from_packed(span: &PackedSpan) -> Span {
    Span {
        start_char: span.start_char as usize,
        end_char: span.end_char as usize,
        start_byte: span.start_byte as usize,
        end_byte: span.end_byte as usize,
    }
}

/// The byte range of `sentence` in `text` that holds byte `at`, the claim's start.
fn sentence_range(text: &str, sentence: &str, at: usize) -> Option<(usize, usize)> {
    if sentence.is_empty() || at > text.len() {
        return None;
    }
    // The sentence holds the claim's start, so it begins at most its own length before it.
    let first = at.saturating_sub(sentence.len());
    (first..=at)
        .filter(|&start| text.is_char_boundary(start))
        .find(|&start| text[start..].starts_with(sentence))
        .map(|start| (start, start + sentence.len()))
}

impl PackedOccurrence {
    /// Packs a claim found in `text` (the revision's normalized text).
    pub(crate) fn from_claim(claim: &Claim, text: &str) -> PackedOccurrence {
        let narrow = |n: usize| u32::try_from(n).unwrap_or(u32::MAX);
        let sentence_text = match sentence_range(text, &claim.sentence_text, claim.span.start_byte)
        {
            Some((start, end)) => SentenceRecord::At {
                start: narrow(start),
                end: narrow(end),
            },
            None => SentenceRecord::Text(claim.sentence_text.clone()),
        };
        let detail = match &claim.detail {
            ClaimDetail::Quote(attribution) => PackedDetail::Quote {
                speaker: attribution.speaker.clone(),
                mention: attribution.mention.clone(),
                title: attribution.title.clone(),
            },
            ClaimDetail::Number(quantity) => PackedDetail::Number {
                value: quantity.value,
                low: quantity.low,
                high: quantity.high,
                unit: quantity.unit.clone(),
                unit_text: quantity.unit_text.clone(),
                qualifier: quantity.qualifier.clone(),
                bound: quantity.bound.map(|b| b.as_str().to_owned()),
                phrase: quantity.phrase.clone(),
            },
        };
        PackedOccurrence {
            text: (claim.span.slice(text) != claim.text).then(|| claim.text.clone()),
            span: packed_span(&claim.span),
            parts: (claim.parts != [claim.span])
                .then(|| claim.parts.iter().map(packed_span).collect()),
            sentence: narrow(claim.sentence),
            paragraph: narrow(claim.paragraph),
            sentence_text,
            detail,
        }
    }

    pub(crate) fn kind(&self) -> ClaimKind {
        match self.detail {
            PackedDetail::Quote { .. } => ClaimKind::Quote,
            PackedDetail::Number { .. } => ClaimKind::Number,
        }
    }

    /// Whether every range it names lies on character boundaries of `text`.
    pub(crate) fn fits(&self, text: &str) -> bool {
        let fits = |start: u32, end: u32| {
            let (start, end) = (start as usize, end as usize);
            start <= end && text.get(start..end).is_some()
        };
        let sentence_fits = match self.sentence_text {
            SentenceRecord::At { start, end } => fits(start, end),
            SentenceRecord::Text(_) => true,
        };
        fits(self.span.start_byte, self.span.end_byte)
            && sentence_fits
            && self
                .parts
                .iter()
                .flatten()
                .all(|p| fits(p.start_byte, p.end_byte))
    }

    /// Rebuilds the claim from the revision's `text` and the claim's stored `canonical` form;
    /// `None` if a range does not fit the text.
    pub(crate) fn to_claim(&self, id: ClaimId, canonical: String, text: &str) -> Option<Claim> {
        if !self.fits(text) {
            return None;
        }
        self.rebuild(id, canonical, text)
    }

    /// Rebuilds the claim of an occurrence packed with no text to refer to (see
    /// [`AdditionRecord`]): its spans locate it in a revision but are not read.
    pub(crate) fn to_claim_written_out(&self, id: ClaimId, canonical: String) -> Option<Claim> {
        match (&self.text, &self.sentence_text) {
            (Some(_), SentenceRecord::Text(_)) => self.rebuild(id, canonical, ""),
            _ => None,
        }
    }

    fn rebuild(&self, id: ClaimId, canonical: String, text: &str) -> Option<Claim> {
        let span = span_from_packed(&self.span);
        let sentence_text = match &self.sentence_text {
            SentenceRecord::At { start, end } => text.get(*start as usize..*end as usize)?,
            SentenceRecord::Text(sentence) => sentence.as_str(),
        };
        let detail = match &self.detail {
            PackedDetail::Quote {
                speaker,
                mention,
                title,
            } => ClaimDetail::Quote(Attribution {
                speaker: speaker.clone(),
                mention: mention.clone(),
                title: title.clone(),
            }),
            PackedDetail::Number {
                value,
                low,
                high,
                unit,
                unit_text,
                qualifier,
                bound,
                phrase,
            } => ClaimDetail::Number(Quantity {
                value: *value,
                low: *low,
                high: *high,
                unit: unit.clone(),
                unit_text: unit_text.clone(),
                qualifier: qualifier.clone(),
                bound: bound.as_deref().and_then(Bound::parse),
                phrase: phrase.clone(),
            }),
        };
        Some(Claim {
            id,
            kind: self.kind(),
            text: match &self.text {
                Some(written) => written.clone(),
                None => span.slice(text).to_owned(),
            },
            canonical,
            span,
            parts: match &self.parts {
                Some(parts) => parts.iter().map(span_from_packed).collect(),
                None => vec![span],
            },
            sentence: self.sentence as usize,
            paragraph: self.paragraph as usize,
            sentence_text: sentence_text.to_owned(),
            detail,
        })
    }
}

impl ArticleRecord {
    pub(crate) fn to_article(&self) -> Option<Article> {
        Some(Article {
            id: ArticleId::new(&self.id)?,
            title: self.title.clone(),
            url: self.url.clone(),
            published: match &self.published {
                Some(text) => Some(Published::parse(text)?),
                None => None,
            },
            created_at: Timestamp(self.created_at),
            created_by: self.created_by.clone(),
            latest: self.latest,
        })
    }
}

impl RevisionRecord {
    pub(crate) fn to_revision(&self) -> Option<Revision> {
        Some(Revision {
            article: ArticleId::new(&self.article)?,
            number: self.number,
            content_hash: Hash32(self.content_hash),
            text: self.text.clone(),
            source: self.source.clone(),
            format: self.format.clone(),
            ingested_at: Timestamp(self.ingested_at),
            ingested_by: self.ingested_by.clone(),
            extractor: self.extractor.clone(),
            claims: self.claims.iter().map(|h| ClaimId(Hash32(*h))).collect(),
            raw_source: self.raw_source.map(Hash32),
            published: match &self.published {
                Some(text) => Some(Published::parse(text)?),
                None => None,
            },
        })
    }
}

impl RemarkRecord {
    pub(crate) fn from_remark(remark: &Remark) -> RemarkRecord {
        RemarkRecord {
            text: remark.text.clone(),
            by: remark.by.clone(),
            at: remark.at.0,
            seq: remark.seq,
        }
    }

    fn to_remark(&self) -> Remark {
        Remark {
            text: self.text.clone(),
            by: self.by.clone(),
            at: Timestamp(self.at),
            seq: self.seq,
        }
    }
}

impl ReviewRecord {
    pub(crate) fn from_review(review: &Review) -> ReviewRecord {
        ReviewRecord {
            state: review.state.clone(),
            sources: review
                .sources
                .iter()
                .map(RemarkRecord::from_remark)
                .collect(),
            notes: review.notes.iter().map(RemarkRecord::from_remark).collect(),
            updated_by: review.updated_by.clone(),
            updated_at: review.updated_at.0,
            event_seq: review.event_seq,
            workflow_hash: review.workflow_hash.0,
            last_user_of: review.last_user_of.clone(),
            evidence: review
                .evidence
                .iter()
                .map(|e| EvidenceRefRecord {
                    hash: e.hash.0,
                    name: e.name.clone(),
                    size: e.size,
                    by: e.by.clone(),
                    at: e.at.0,
                    seq: e.seq,
                })
                .collect(),
            carried_from: review
                .carried_from
                .as_ref()
                .map(ChangedClaimRecord::from_model),
            curation: CurationRecord::from_model(&review.curation),
        }
    }

    pub(crate) fn to_review(&self, article: ArticleId, claim: ClaimId) -> Review {
        Review {
            article,
            claim,
            state: self.state.clone(),
            sources: self.sources.iter().map(RemarkRecord::to_remark).collect(),
            notes: self.notes.iter().map(RemarkRecord::to_remark).collect(),
            updated_by: self.updated_by.clone(),
            updated_at: Timestamp(self.updated_at),
            event_seq: self.event_seq,
            workflow_hash: Hash32(self.workflow_hash),
            last_user_of: self.last_user_of.clone(),
            evidence: self
                .evidence
                .iter()
                .map(|e| EvidenceRef {
                    hash: Hash32(e.hash),
                    name: e.name.clone(),
                    size: e.size,
                    by: e.by.clone(),
                    at: Timestamp(e.at),
                    seq: e.seq,
                })
                .collect(),
            carried_from: self.carried_from.as_ref().map(ChangedClaimRecord::to_model),
            curation: self.curation.to_model(),
        }
    }
}

impl StampRecord {
    fn new(by: &str, at: Timestamp, seq: u64) -> StampRecord {
        StampRecord {
            by: by.to_owned(),
            at: at.0,
            seq,
        }
    }
}

impl CurationRecord {
    pub(crate) fn from_model(curation: &Curation) -> CurationRecord {
        CurationRecord {
            added: curation.added.as_ref().map(|a| AdditionRecord {
                revision: a.revision,
                claim: a.occurrence.id.0.0,
                canonical: a.occurrence.canonical.clone(),
                // Written out whole (no text to take slices of): see `AdditionRecord`.
                occurrence: PackedOccurrence::from_claim(&a.occurrence, ""),
                stamp: StampRecord::new(&a.by, a.at, a.seq),
            }),
            speaker: curation.speaker.as_ref().map(|f| SpeakerFixRecord {
                speaker: f.speaker.clone(),
                was: f.was.clone(),
                mention: f.mention.clone(),
                since: f.since,
                note: f.note.clone(),
                stamp: StampRecord::new(&f.by, f.at, f.seq),
            }),
            dismissed: curation.dismissed.as_ref().map(|d| DismissalRecord {
                reason: d.reason.as_str().to_owned(),
                note: d.note.clone(),
                stamp: StampRecord::new(&d.by, d.at, d.seq),
            }),
            overridden: curation.overridden.as_ref().map(|o| OverrideRecord {
                state: o.state.clone(),
                note: o.note.clone(),
                stamp: StampRecord::new(&o.by, o.at, o.seq),
            }),
        }
    }

    /// The curation as the model has it. A part that does not read back (a reason this build
    /// does not know, an occurrence that does not rebuild) is left out rather than failing the
    /// whole review: `audit verify` still proves the bytes.
    pub(crate) fn to_model(&self) -> Curation {
        Curation {
            added: self.added.as_ref().and_then(|a| {
                let id = ClaimId(Hash32(a.claim));
                Some(Addition {
                    revision: a.revision,
                    occurrence: a.occurrence.to_claim_written_out(id, a.canonical.clone())?,
                    by: a.stamp.by.clone(),
                    at: Timestamp(a.stamp.at),
                    seq: a.stamp.seq,
                })
            }),
            speaker: self.speaker.as_ref().map(|f| SpeakerFix {
                speaker: f.speaker.clone(),
                was: f.was.clone(),
                mention: f.mention.clone(),
                since: f.since,
                note: f.note.clone(),
                by: f.stamp.by.clone(),
                at: Timestamp(f.stamp.at),
                seq: f.stamp.seq,
            }),
            dismissed: self.dismissed.as_ref().and_then(|d| {
                Some(Dismissal {
                    reason: DismissReason::parse(&d.reason)?,
                    note: d.note.clone(),
                    by: d.stamp.by.clone(),
                    at: Timestamp(d.stamp.at),
                    seq: d.stamp.seq,
                })
            }),
            overridden: self.overridden.as_ref().map(|o| Override {
                state: o.state.clone(),
                note: o.note.clone(),
                by: o.stamp.by.clone(),
                at: Timestamp(o.stamp.at),
                seq: o.stamp.seq,
            }),
        }
    }
}

impl CurationActionRecord {
    fn from_model(action: &CurationAction) -> CurationActionRecord {
        match action {
            CurationAction::Added {
                revision,
                kind,
                text,
                speaker,
            } => CurationActionRecord::Added {
                revision: *revision,
                kind: kind_code(*kind),
                text: text.clone(),
                speaker: speaker.clone(),
            },
            CurationAction::SpeakerCorrected { speaker, was, note } => {
                CurationActionRecord::SpeakerCorrected {
                    speaker: speaker.clone(),
                    was: was.clone(),
                    note: note.clone(),
                }
            }
            CurationAction::Dismissed { reason, note } => CurationActionRecord::Dismissed {
                reason: reason.as_str().to_owned(),
                note: note.clone(),
            },
            CurationAction::Restored { note } => {
                CurationActionRecord::Restored { note: note.clone() }
            }
            CurationAction::Overridden { state, note } => CurationActionRecord::Overridden {
                state: state.clone(),
                note: note.clone(),
            },
        }
    }

    fn to_model(&self) -> Option<CurationAction> {
        Some(match self {
            CurationActionRecord::Added {
                revision,
                kind,
                text,
                speaker,
            } => CurationAction::Added {
                revision: *revision,
                kind: kind_from_code(*kind)?,
                text: text.clone(),
                speaker: speaker.clone(),
            },
            CurationActionRecord::SpeakerCorrected { speaker, was, note } => {
                CurationAction::SpeakerCorrected {
                    speaker: speaker.clone(),
                    was: was.clone(),
                    note: note.clone(),
                }
            }
            CurationActionRecord::Dismissed { reason, note } => CurationAction::Dismissed {
                reason: DismissReason::parse(reason)?,
                note: note.clone(),
            },
            CurationActionRecord::Restored { note } => {
                CurationAction::Restored { note: note.clone() }
            }
            CurationActionRecord::Overridden { state, note } => CurationAction::Overridden {
                state: state.clone(),
                note: note.clone(),
            },
        })
    }
}

impl EventKindRecord {
    pub(crate) fn from_kind(kind: &EventKind) -> EventKindRecord {
        match kind {
            EventKind::StoreCreated {
                workflow,
                workflow_name,
            } => EventKindRecord::StoreCreated {
                workflow: workflow.0,
                workflow_name: workflow_name.clone(),
            },
            EventKind::RevisionAdded {
                article,
                number,
                content_hash,
                claims,
                new_claims,
                changed,
                realigned: None,
            } => EventKindRecord::RevisionAdded {
                article: article.as_str().to_owned(),
                number: *number,
                content_hash: content_hash.0,
                claims: *claims,
                new_claims: *new_claims,
                changed: changed.iter().map(ChangedClaimRecord::from_model).collect(),
            },
            EventKind::RevisionAdded {
                article,
                number,
                content_hash,
                claims,
                new_claims,
                changed,
                realigned: Some(realigned),
            } => EventKindRecord::RevisionAddedWithPairs {
                article: article.as_str().to_owned(),
                number: *number,
                content_hash: content_hash.0,
                claims: *claims,
                new_claims: *new_claims,
                changed: changed.iter().map(ChangedClaimRecord::from_model).collect(),
                realigned: realigned
                    .iter()
                    .map(|(old, new)| (old.0.0, new.0.0))
                    .collect(),
            },
            EventKind::Transition {
                article,
                claim,
                transition,
                from,
                to,
                source,
                note,
                evidence,
                workflow,
            } => EventKindRecord::Transition {
                article: article.as_str().to_owned(),
                claim: claim.0.0,
                transition: transition.clone(),
                from: from.clone(),
                to: to.clone(),
                source: source.clone(),
                note: note.clone(),
                evidence: evidence.map(|h| h.0),
                workflow: workflow.0,
            },
            EventKind::WorkflowChanged {
                workflow,
                workflow_name,
                previous,
            } => EventKindRecord::WorkflowChanged {
                workflow: workflow.0,
                workflow_name: workflow_name.clone(),
                previous: previous.0,
            },
            EventKind::ConfigSet { key, value } => EventKindRecord::ConfigSet {
                key: key.clone(),
                value: value.clone(),
            },
            EventKind::UserChanged { name, action } => EventKindRecord::UserChanged {
                name: name.clone(),
                action: UserActionRecord::from_model(action),
            },
            EventKind::Assigned {
                article,
                claim,
                assignee,
            } => EventKindRecord::Assigned {
                article: article.as_str().to_owned(),
                claim: claim.map(|id| id.0.0),
                assignee: assignee.clone(),
            },
            EventKind::WebhookChanged { id, action } => EventKindRecord::WebhookChanged {
                id: id.clone(),
                action: WebhookActionRecord::from_model(action),
            },
            EventKind::ReferencesImported {
                count,
                held,
                skipped,
                file,
            } => EventKindRecord::ReferencesImported {
                count: *count,
                held: *held,
                skipped: *skipped,
                file: file.0,
            },
            EventKind::RevisionRetracted {
                article,
                number,
                restored,
                as_revision,
                note,
            } => EventKindRecord::RevisionRetracted {
                article: article.as_str().to_owned(),
                number: *number,
                restored: *restored,
                as_revision: *as_revision,
                note: note.clone(),
            },
            EventKind::Curated {
                article,
                claim,
                action,
            } => EventKindRecord::Curated {
                article: article.as_str().to_owned(),
                claim: claim.0.0,
                action: CurationActionRecord::from_model(action),
            },
        }
    }

    fn to_kind(&self) -> Option<EventKind> {
        Some(match self {
            EventKindRecord::StoreCreated {
                workflow,
                workflow_name,
            } => EventKind::StoreCreated {
                workflow: Hash32(*workflow),
                workflow_name: workflow_name.clone(),
            },
            EventKindRecord::RevisionAdded {
                article,
                number,
                content_hash,
                claims,
                new_claims,
                changed,
            } => revision_added(
                article,
                (*number, *content_hash, *claims, *new_claims),
                changed,
                None,
            )?,
            EventKindRecord::RevisionAddedWithPairs {
                article,
                number,
                content_hash,
                claims,
                new_claims,
                changed,
                realigned,
            } => revision_added(
                article,
                (*number, *content_hash, *claims, *new_claims),
                changed,
                Some(
                    realigned
                        .iter()
                        .map(|(old, new)| (ClaimId(Hash32(*old)), ClaimId(Hash32(*new))))
                        .collect(),
                ),
            )?,
            EventKindRecord::Transition {
                article,
                claim,
                transition,
                from,
                to,
                source,
                note,
                evidence,
                workflow,
            } => EventKind::Transition {
                article: ArticleId::new(article)?,
                claim: ClaimId(Hash32(*claim)),
                transition: transition.clone(),
                from: from.clone(),
                to: to.clone(),
                source: source.clone(),
                note: note.clone(),
                evidence: evidence.map(Hash32),
                workflow: Hash32(*workflow),
            },
            EventKindRecord::WorkflowChanged {
                workflow,
                workflow_name,
                previous,
            } => EventKind::WorkflowChanged {
                workflow: Hash32(*workflow),
                workflow_name: workflow_name.clone(),
                previous: Hash32(*previous),
            },
            EventKindRecord::ConfigSet { key, value } => EventKind::ConfigSet {
                key: key.clone(),
                value: value.clone(),
            },
            EventKindRecord::UserChanged { name, action } => EventKind::UserChanged {
                name: name.clone(),
                action: action.to_model(),
            },
            EventKindRecord::Assigned {
                article,
                claim,
                assignee,
            } => EventKind::Assigned {
                article: ArticleId::new(article)?,
                claim: claim.map(|raw| ClaimId(Hash32(raw))),
                assignee: assignee.clone(),
            },
            EventKindRecord::WebhookChanged { id, action } => EventKind::WebhookChanged {
                id: id.clone(),
                action: action.to_model(),
            },
            EventKindRecord::ReferencesImported {
                count,
                held,
                skipped,
                file,
            } => EventKind::ReferencesImported {
                count: *count,
                held: *held,
                skipped: *skipped,
                file: Hash32(*file),
            },
            EventKindRecord::RevisionRetracted {
                article,
                number,
                restored,
                as_revision,
                note,
            } => EventKind::RevisionRetracted {
                article: ArticleId::new(article)?,
                number: *number,
                restored: *restored,
                as_revision: *as_revision,
                note: note.clone(),
            },
            EventKindRecord::Curated {
                article,
                claim,
                action,
            } => EventKind::Curated {
                article: ArticleId::new(article)?,
                claim: ClaimId(Hash32(*claim)),
                action: action.to_model()?,
            },
        })
    }
}

impl EventRecord {
    pub(crate) fn to_event(&self) -> Option<Event> {
        Some(Event {
            seq: self.seq,
            prev: Hash32(self.prev),
            hash: self.chain_hash(),
            at: Timestamp(self.at),
            actor: self.actor.clone(),
            kind: self.kind.to_kind()?,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::codec;

    #[test]
    fn a_revisions_head_is_read_from_the_start_of_its_payload_deflated_or_not() {
        // The frozen golden records (store::golden): bytes as stores hold them.
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/golden/records");
        for name in [
            "revision-v1.bin",
            "revision-deflated-v1.bin",
            "revision-v2.bin",
        ] {
            let bytes = std::fs::read(dir.join(name)).expect("golden record");
            let whole: RevisionRecord = codec::decode(&bytes).expect("decodes");
            let len = RevisionHead::encoded_len(whole.article.len());
            // Each schema is read as itself (the store tries both: `store::revision_head`).
            let head = if name.ends_with("v2.bin") {
                codec::decode_leading::<RevisionRecord, RevisionHead>(&bytes, len)
            } else {
                codec::decode_leading::<RevisionRecordV1, RevisionHead>(&bytes, len)
            };
            let want = RevisionHead {
                article: whole.article,
                number: whole.number,
                content_hash: whole.content_hash,
            };
            assert_eq!(head, Ok(Some(want)), "{name}");
        }
    }
}
