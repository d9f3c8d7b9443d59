//! What leaves factdesk: JSON views of claims and changes, and article reports.
//!
//! [`build`] reads everything a report shows into an [`ArticleReport`] once; the renderers are
//! pure functions of it that return the whole document as a `String`: [`render_markdown`],
//! [`render_json`], [`render_html`], [`render_csv`] and [`render_claimreview`]. [`build_index`]
//! and [`render_index`] make the store-wide index page.
//!
//! Reports are pure reads: nothing here writes to the store. The view structs are the JSON
//! contract README.md documents: fields may be added, never renamed or removed.

mod asof;
mod claimreview;
mod csv;
pub mod desk;
mod display;
mod html;
mod index;
mod markdown;

use serde::Serialize;

use crate::desk::{Carried, Desk, DeskError, Realignments, RevisionDiff, Succession};
use crate::model::{
    ArticleId, Claim, ClaimDetail, ClaimId, ClaimKind, Curation, Review, Timestamp,
};
use crate::revision::{Change, ClaimChange, Reason};

pub use self::claimreview::{
    CLAIM_REVIEWED_MAX, ClaimReviewExport, ClaimReviewOptions, render_claimreview,
};
pub use self::csv::{CSV_COLUMNS, render_csv};
pub use self::html::render_html;
pub use self::index::{ArticleSummary, StoreIndex, build_index, render_index, report_path};
pub use self::markdown::render_markdown;

/// The JSON schema name of article reports.
pub const REPORT_SCHEMA: &str = "factdesk.report/1";

// The domain's enums are written as their words at this edge (the model knows nothing of serde):
// `"quote"`, `"modified"`, `"value"`.
macro_rules! serialize_as_str {
    ($($ty:ty),*) => {$(
        impl Serialize for $ty {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }
    )*};
}
serialize_as_str!(ClaimKind, Change, Reason);

/// One claim as `extract --json` and `claims --json` print it.
#[derive(Debug, Clone, Serialize)]
pub struct ClaimView {
    /// "quote" or "number".
    pub kind: ClaimKind,
    /// Full hex id.
    pub id: String,
    /// Start, in characters of the normalized text.
    pub start: usize,
    /// End (exclusive), in characters.
    pub end: usize,
    /// The quoted words or the number as written.
    pub text: String,
    /// Sentence index.
    pub sentence: usize,
    /// Paragraph index.
    pub paragraph: usize,
    /// Resolved speaker of a quote.
    pub speaker: Option<String>,
    /// The speaker as written.
    pub speaker_mention: Option<String>,
    /// Title trimmed from the speaker's mention.
    pub speaker_title: Option<String>,
    /// Each part of a quote in several parts, as `[start, end]`.
    pub spans: Vec<[usize; 2]>,
    /// A number's value.
    pub value: Option<f64>,
    /// Low end of a range.
    pub low: Option<f64>,
    /// High end of a range.
    pub high: Option<f64>,
    /// Normalized unit.
    pub unit: Option<String>,
    /// Unit as written.
    pub unit_text: Option<String>,
    /// Hedge as written.
    pub qualifier: Option<String>,
    /// What the hedge means: exact, approx, lower, upper, range, vague.
    pub bound: Option<&'static str>,
    /// Hedge, number and unit as written.
    pub phrase: Option<String>,
    /// The sentence the claim is in.
    pub sentence_text: String,
    /// Review state, in listings of stored claims.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub state: Option<String>,
    /// "extracted", or "added" by an editor (`claim add`).
    pub origin: &'static str,
    /// Who added it, for an added claim.
    pub added_by: Option<String>,
    /// Who gave the speaker shown, when an editor corrected it (`claim speaker`).
    pub speaker_corrected_by: Option<String>,
    /// The dismissal, when an editor dismissed the claim (`claim dismiss`).
    pub dismissed: Option<DismissalView>,
    /// The override, when an editor let the claim's verdict through the gate.
    pub overridden: Option<OverrideView>,
}

/// A dismissal as JSON shows it.
#[derive(Debug, Clone, Serialize)]
pub struct DismissalView {
    /// One of not-a-claim, title-or-name, scare-quote, duplicate, out-of-scope.
    pub reason: &'static str,
    /// The editor's note.
    pub note: Option<String>,
    /// Who.
    pub by: String,
    /// When.
    pub at: String,
}

/// A gate override as JSON shows it.
#[derive(Debug, Clone, Serialize)]
pub struct OverrideView {
    /// The state let through.
    pub state: String,
    /// Why.
    pub note: String,
    /// Who.
    pub by: String,
    /// When.
    pub at: String,
}

impl ClaimView {
    /// The view of a claim, with its state when it is reviewed.
    pub fn new(claim: &Claim, state: Option<&str>) -> ClaimView {
        let mut view = ClaimView {
            kind: claim.kind,
            id: claim.id.to_hex(),
            start: claim.span.start_char,
            end: claim.span.end_char,
            text: claim.text.clone(),
            sentence: claim.sentence,
            paragraph: claim.paragraph,
            speaker: None,
            speaker_mention: None,
            speaker_title: None,
            spans: claim
                .parts
                .iter()
                .map(|p| [p.start_char, p.end_char])
                .collect(),
            value: None,
            low: None,
            high: None,
            unit: None,
            unit_text: None,
            qualifier: None,
            bound: None,
            phrase: None,
            sentence_text: claim.sentence_text.clone(),
            state: state.map(str::to_owned),
            origin: "extracted",
            added_by: None,
            speaker_corrected_by: None,
            dismissed: None,
            overridden: None,
        };
        match &claim.detail {
            ClaimDetail::Quote(attribution) => {
                view.speaker.clone_from(&attribution.speaker);
                view.speaker_mention.clone_from(&attribution.mention);
                view.speaker_title.clone_from(&attribution.title);
            }
            ClaimDetail::Number(quantity) => {
                view.value = quantity.value;
                view.low = quantity.low;
                view.high = quantity.high;
                view.unit.clone_from(&quantity.unit);
                view.unit_text.clone_from(&quantity.unit_text);
                view.qualifier.clone_from(&quantity.qualifier);
                view.bound = quantity.bound.map(|b| b.as_str());
                view.phrase = Some(quantity.phrase.clone());
            }
        }
        view
    }

    /// The view of a stored claim with its review: its state and its curation.
    pub fn reviewed(claim: &Claim, review: &Review) -> ClaimView {
        ClaimView::new(claim, Some(&review.state)).curated(claim, &review.curation, &review.state)
    }

    /// The view with an editor's curation of `claim` shown (`state`: the claim's, for an
    /// override, which holds only for the state it was granted in).
    pub fn curated(mut self, claim: &Claim, curation: &Curation, state: &str) -> ClaimView {
        let view = &mut self;
        if let Some(added) = &curation.added {
            view.origin = "added";
            view.added_by = Some(added.by.clone());
        }
        view.speaker_corrected_by = curation
            .speaker
            .as_ref()
            .filter(|fix| {
                claim.speaker() == Some(fix.speaker.as_str())
                    && claim
                        .attribution()
                        .is_some_and(|a| a.mention == fix.mention)
            })
            .map(|fix| fix.by.clone());
        view.dismissed = curation.dismissed.as_ref().map(|d| DismissalView {
            reason: d.reason.as_str(),
            note: d.note.clone(),
            by: d.by.clone(),
            at: d.at.to_string(),
        });
        view.overridden = curation
            .overridden
            .as_ref()
            .filter(|o| o.state == state)
            .map(|o| OverrideView {
                state: o.state.clone(),
                note: o.note.clone(),
                by: o.by.clone(),
                at: o.at.to_string(),
            });
        self
    }
}

/// One claim change as `diff --json` prints it.
#[derive(Debug, Clone, Serialize)]
pub struct ChangeView {
    /// added, removed, modified, moved or unchanged.
    pub change: Change,
    /// "quote" or "number".
    pub kind: Option<ClaimKind>,
    /// The claim in the older revision.
    pub old: Option<ClaimView>,
    /// The claim in the newer revision.
    pub new: Option<ClaimView>,
    /// What changed: value, qualifier, unit, wording, speaker.
    pub reasons: Vec<Reason>,
    /// One line for people, such as `8,000 → 9,000`.
    pub summary: String,
}

impl ChangeView {
    /// The view of one change; `curation` gives a claim's curation in the article (what was
    /// added, fixed or dismissed shows as it does everywhere).
    pub fn new<'c>(
        change: &ClaimChange<'_>,
        curation: impl Fn(&ClaimId) -> Option<&'c Curation>,
    ) -> ChangeView {
        let view = |claim: &Claim| {
            let plain = ClaimView::new(claim, None);
            match curation(&claim.id) {
                Some(curated) => plain.curated(claim, curated, ""),
                None => plain,
            }
        };
        ChangeView {
            change: change.change,
            kind: change.new.or(change.old).map(|c| c.kind),
            old: change.old.map(view),
            new: change.new.map(view),
            reasons: change.reasons.clone(),
            summary: change.summary(),
        }
    }
}

/// A source or note in a report.
#[derive(Debug, Clone, Serialize)]
pub struct RemarkView {
    /// The URL, citation or note.
    pub text: String,
    /// Who.
    pub by: String,
    /// When (RFC 3339).
    pub at: String,
}

/// A claim with its review, in a report.
#[derive(Debug, Clone, Serialize)]
pub struct ReviewedClaimView {
    /// Short id.
    pub short_id: String,
    /// The claim.
    pub claim: ClaimView,
    /// Review state.
    pub state: String,
    /// Sources attached.
    pub sources: Vec<RemarkView>,
    /// Notes written.
    pub notes: Vec<RemarkView>,
    /// Evidence files bound to decisions.
    pub evidence: Vec<EvidenceView>,
    /// The workflow under which the last decision was made.
    pub workflow_hash: String,
    /// Who made the last change.
    pub updated_by: String,
    /// When.
    pub updated_at: String,
    /// The verdict this claim replaced when it changed in a revision (value, wording, speaker):
    /// what was decided about the earlier version.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub changed_from: Option<ChangedFromView>,
    /// The first revision of the article the claim appears in (reports only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub first_revision: Option<u32>,
    /// The claim's audit events up to the report's `as_of` event, oldest first (reports only):
    /// its transitions and the ingests where it appeared or disappeared, as `history` shows.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub history: Vec<EventView>,
}

/// The earlier version of a changed claim and its verdict.
#[derive(Debug, Clone, Serialize)]
pub struct ChangedFromView {
    /// The earlier claim's id.
    pub claim: String,
    /// Its state when it changed.
    pub state: String,
    /// What changed: `8,000 → 9,000`.
    pub summary: String,
    /// The revision whose ingest made the change.
    pub revision: Option<u32>,
    /// What the sources, notes and evidence below were given for, for people: `value 8,000`,
    /// `speaker Jakob Kellenberger`, `wording “…”` (null when no revision holds it).
    pub earlier: Option<String>,
    /// Sources given before the change: for the earlier value, not the claim as it stands.
    pub sources: Vec<RemarkView>,
    /// Notes written before the change.
    pub notes: Vec<RemarkView>,
    /// Evidence attached before the change.
    pub evidence: Vec<EvidenceView>,
}

/// What a claim's earlier form was, beside its current one, for people: `value 8,000`,
/// `speaker Jakob Kellenberger`, `wording “…”`.
pub fn earlier_label(current: &Claim, earlier: &Claim) -> String {
    let quoted = |text: &str| format!("“{}”", display::shorten(text, 60));
    match (&earlier.detail, &current.detail) {
        (ClaimDetail::Number(old), ClaimDetail::Number(new)) => {
            // The same claim (the writer went back to it) is named by its value too.
            if earlier.text != current.text || earlier.id == current.id {
                format!("value {}", earlier.text)
            } else if old.phrase != new.phrase {
                format!("value {}", old.phrase)
            } else {
                format!("wording {}", quoted(&earlier.sentence_text))
            }
        }
        (ClaimDetail::Quote(old), _)
            if earlier.id == current.id || earlier.text == current.text =>
        {
            format!(
                "speaker {}",
                old.speaker.as_deref().unwrap_or("(unattributed)")
            )
        }
        _ => format!("wording {}", quoted(&earlier.text)),
    }
}

/// The earlier claim an ingest replaced, in a claim's history.
#[derive(Debug, Clone, Serialize)]
pub struct ReplacesView {
    /// The earlier claim's id.
    pub claim: String,
    /// What changed: `value 8,000 → 9,000`.
    pub summary: String,
    /// Whether the ingest's event records the pair (false: found by aligning the revisions).
    pub recorded: bool,
    /// The earlier claim's state when it changed (recorded changes only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub state: Option<String>,
}

impl ReplacesView {
    fn new(succession: &Succession) -> ReplacesView {
        let (recorded, state) = match succession {
            Succession::Changed(change) => (true, Some(change.old_state.clone())),
            Succession::Realigned { recorded, .. } => (*recorded, None),
        };
        ReplacesView {
            claim: succession.earlier().to_hex(),
            summary: succession.summary().to_owned(),
            recorded,
            state,
        }
    }
}

/// An audit event in a claim's history.
#[derive(Debug, Clone, Serialize)]
pub struct EventView {
    /// Its place in the audit log.
    pub seq: u64,
    /// Its hash (the next event carries it).
    pub hash: String,
    /// When (RFC 3339).
    pub at: String,
    /// Who.
    pub actor: String,
    /// "revision-added" or "transition".
    pub event: &'static str,
    /// For an ingest: the revision added.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub revision: Option<u32>,
    /// The claim the event was about, when it is not the reported claim but one it replaced
    /// in an earlier revision.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub claim: Option<String>,
    /// For an ingest: whether the claim appeared (true) or disappeared (false) with it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub appeared: Option<bool>,
    /// For an ingest where the claim took over from an earlier one: which, and why.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub replaces: Option<ReplacesView>,
    /// For a transition: its name in the workflow.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub transition: Option<String>,
    /// For a transition: the state before.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub from: Option<String>,
    /// For a transition: the state after.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub to: Option<String>,
    /// A source given with it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    /// A note given with it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// BLAKE3 of an evidence file stored with it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub evidence: Option<String>,
}

/// An evidence file in a report.
#[derive(Debug, Clone, Serialize)]
pub struct EvidenceView {
    /// BLAKE3 of its bytes (`factdesk evidence get HASH -o FILE` gives it back).
    pub hash: String,
    /// Its file name.
    pub name: String,
    /// Its size in bytes.
    pub size: u64,
    /// Who attached it.
    pub by: String,
    /// When.
    pub at: String,
}

/// A revision in a report.
#[derive(Debug, Clone, Serialize)]
pub struct RevisionView {
    /// Its number.
    pub number: u32,
    /// BLAKE3 of its normalized text.
    pub content_hash: String,
    /// Where it came from.
    pub source: String,
    /// When it was ingested.
    pub ingested_at: String,
    /// By whom.
    pub ingested_by: String,
    /// How many claims it has.
    pub claims: usize,
    /// When this version came out, as its source gave it.
    pub published: Option<String>,
}

/// The audit head a report reflects.
#[derive(Debug, Clone, Serialize)]
pub struct HeadView {
    /// Newest event.
    pub seq: u64,
    /// Its hash.
    pub hash: String,
}

/// The outcome of `audit verify`, run as a read when the report was made.
#[derive(Debug, Clone, Serialize)]
pub struct AuditView {
    /// Whether the chain and every record checked out.
    pub verified: bool,
    /// The first bad event or record, when it did not.
    pub failure: Option<String>,
    /// What was checked: `"store"` (the whole chain and every record, `audit verify`) or
    /// `"article"` (the article's events, their links into the chain and the head, and the
    /// article's records: a check whose cost does not grow with the store).
    pub scope: &'static str,
}

/// A workflow state as reports show it.
#[derive(Debug, Clone, Serialize)]
pub struct StateView {
    /// Its name.
    pub name: String,
    /// What it means, for people.
    pub description: String,
    /// Display colour, `#rrggbb`.
    pub color: String,
    /// Whether it is an accepted end state (a verdict).
    pub accepted: bool,
    /// Its ClaimReview rating, if it has one.
    pub rating: Option<String>,
    /// How many claims of the revision are in it.
    pub count: usize,
}

/// Everything a report shows, built once and rendered in any format.
#[derive(Debug, Clone, Serialize)]
pub struct ArticleReport {
    /// Always [`REPORT_SCHEMA`].
    pub schema: &'static str,
    /// Article id.
    pub article: String,
    /// Headline.
    pub title: Option<String>,
    /// Published URL.
    pub url: Option<String>,
    /// When the article was first published, as its source gave it.
    pub published: Option<String>,
    /// The revision reported on.
    pub revision: u32,
    /// All revisions up to it.
    pub revisions: Vec<RevisionView>,
    /// Name of the workflow.
    pub workflow: String,
    /// BLAKE3 of the workflow text.
    pub workflow_hash: String,
    /// Count of claims per state, in workflow order.
    pub states: Vec<(String, usize)>,
    /// The claims of the revision.
    pub claims: Vec<ReviewedClaimView>,
    /// Claim changes since the previous revision (empty for the first).
    pub changes: Vec<ChangeView>,
    /// The audit head the report reflects.
    pub audit_head: HeadView,
    /// When the report was made.
    pub generated_at: String,
    /// The newest audit event the reviews reflect: the head for the latest revision; for an older
    /// one, the last event before the next revision was ingested (the review as it stood).
    pub as_of: u64,
    /// Whether `audit verify` passed when the report was made.
    pub audit: AuditView,
    /// The workflow's states with their colours, ratings and counts, in workflow order.
    pub workflow_states: Vec<StateView>,
    /// The normalized text of the revision, which every claim offset refers to.
    pub text: String,
    /// When the revision was ingested.
    pub revision_ingested_at: String,
    /// The article's newest revision (`revisions` stops at the one reported on).
    pub latest_revision: u32,
}

fn remark_views(remarks: &[crate::model::Remark]) -> Vec<RemarkView> {
    remarks
        .iter()
        .map(|r| RemarkView {
            text: r.text.clone(),
            by: r.by.clone(),
            at: r.at.to_string(),
        })
        .collect()
}

impl ClaimView {
    /// Whether the claim counts in tallies, gates and feeds: not dismissed by an editor.
    pub fn counts(&self) -> bool {
        self.dismissed.is_none()
    }

    /// Editors' corrections of the claim as short lines for people: "added by ana",
    /// "speaker fixed by ed", "dismissed by ed: scare-quote (a paraphrase)",
    /// "override by ed: the correction runs beside it".
    pub fn curation_lines(&self) -> Vec<String> {
        let mut lines = Vec::new();
        if let Some(by) = &self.added_by {
            lines.push(format!("added by {by}"));
        }
        if let Some(by) = &self.speaker_corrected_by {
            lines.push(format!("speaker fixed by {by}"));
        }
        if let Some(d) = &self.dismissed {
            let note = d
                .note
                .as_deref()
                .map_or_else(String::new, |n| format!(" ({n})"));
            lines.push(format!("dismissed by {}: {}{note}", d.by, d.reason));
        }
        if let Some(o) = &self.overridden {
            lines.push(format!(
                "override by {}: {} let through ({})",
                o.by, o.state, o.note
            ));
        }
        lines
    }
}

fn evidence_views(evidence: &[crate::model::EvidenceRef]) -> Vec<EvidenceView> {
    evidence
        .iter()
        .map(|e| EvidenceView {
            hash: e.hash.to_hex(),
            name: e.name.clone(),
            size: e.size,
            by: e.by.clone(),
            at: e.at.to_string(),
        })
        .collect()
}

/// A reviewed claim's view, as `show --json` prints it (reports add its history).
///
/// `review` and `carried` are as [`Desk::split_carried`] splits the stored review: the sources,
/// notes and evidence of the claim as it stands, and those from before its last change, shown
/// under `changed_from`.
pub fn reviewed_claim_view(
    claim: &Claim,
    review: &Review,
    carried: Option<&Carried>,
) -> ReviewedClaimView {
    ReviewedClaimView {
        short_id: claim.id.short(),
        claim: ClaimView::reviewed(claim, review),
        state: review.state.clone(),
        sources: remark_views(&review.sources),
        notes: remark_views(&review.notes),
        evidence: evidence_views(&review.evidence),
        workflow_hash: review.workflow_hash.to_hex(),
        updated_by: review.updated_by.clone(),
        updated_at: review.updated_at.to_string(),
        changed_from: review.carried_from.as_ref().map(|c| ChangedFromView {
            claim: c.old.to_hex(),
            state: c.old_state.clone(),
            summary: c.summary.clone(),
            revision: carried.map(|carried| carried.revision),
            earlier: carried
                .and_then(|carried| carried.earlier.as_ref())
                .map(|earlier| earlier_label(claim, earlier)),
            sources: carried.map_or_else(Vec::new, |c| remark_views(&c.sources)),
            notes: carried.map_or_else(Vec::new, |c| remark_views(&c.notes)),
            evidence: carried.map_or_else(Vec::new, |c| evidence_views(&c.evidence)),
        }),
        first_revision: None,
        history: Vec::new(),
    }
}

/// Which report to build.
#[derive(Debug, Clone, Copy)]
pub struct ReportRequest<'a> {
    /// The article.
    pub article: &'a ArticleId,
    /// The revision; `None` means the latest.
    pub revision: Option<u32>,
    /// When the report is made (the library never reads the clock).
    pub now: Timestamp,
}

/// Runs `audit verify` as a read, for a report to state whether the log it cites checks out.
///
/// Kept apart from [`build`] because it reads the whole store: `report --all` runs it once for
/// every article's report.
pub fn check_audit(desk: &Desk) -> Result<AuditView, DeskError> {
    Ok(audit_view(desk.store().verify(None)?, "store"))
}

/// Checks one article's part of the audit trail (see `Store::verify_article`): what a report of
/// that article cites, in time that does not grow with the store.
pub fn check_article_audit(desk: &Desk, id: &ArticleId) -> Result<AuditView, DeskError> {
    Ok(audit_view(desk.store().verify_article(id)?, "article"))
}

fn audit_view(
    outcome: Result<crate::model::AuditHead, crate::store::AuditFailure>,
    scope: &'static str,
) -> AuditView {
    match outcome {
        Ok(_) => AuditView {
            verified: true,
            failure: None,
            scope,
        },
        Err(failure) => AuditView {
            verified: false,
            failure: Some(failure.to_string()),
            scope,
        },
    }
}

/// Collects the report of an article at a revision, with the reviews as they stood then.
///
/// For the latest revision the reviews are the current ones. For an older revision they are
/// rebuilt from the audit log as they were just before the next revision was ingested, so that a
/// report of revision 2 shows what revision 2 was checked against, not later decisions.
pub fn build(
    desk: &Desk,
    request: &ReportRequest<'_>,
    audit: &AuditView,
) -> Result<ArticleReport, DeskError> {
    Ok(build_parts(desk, request, audit, Parts::Report)?.0)
}

/// The report the desk's article page shows, with the number of its claims that block
/// publication, from one read of the article's claims.
///
/// The page shows no list of the last revision's changes (each card says what changed it), so
/// that diff is not made: with the second read of the claims that [`Desk::gate`] would make, it
/// was a fifth of the page's time.
pub fn build_for_desk(
    desk: &Desk,
    request: &ReportRequest<'_>,
    audit: &AuditView,
) -> Result<(ArticleReport, usize), DeskError> {
    build_parts(desk, request, audit, Parts::DeskPage)
}

#[derive(PartialEq, Eq)]
enum Parts {
    Report,
    DeskPage,
}

fn build_parts(
    desk: &Desk,
    request: &ReportRequest<'_>,
    audit: &AuditView,
    parts: Parts,
) -> Result<(ArticleReport, usize), DeskError> {
    let id = request.article;
    let article = desk.article(id)?;
    let revision = desk.revision(id, request.revision)?;
    let head = desk.store().head()?;
    let mut claims = desk.claims(id, Some(revision.number))?;
    let mut revisions = Vec::new();
    let mut revision_claims = Vec::new();
    for n in 1..=revision.number {
        let rev = desk.revision(id, Some(n))?;
        revisions.push(RevisionView {
            number: rev.number,
            content_hash: rev.content_hash.to_hex(),
            source: rev.source.clone(),
            ingested_at: rev.ingested_at.to_string(),
            ingested_by: rev.ingested_by.clone(),
            claims: rev.claims.len(),
            published: rev.published.as_ref().map(ToString::to_string),
        });
        revision_claims.push(rev.claims);
    }
    let log = asof::Log::read(desk, id)?;
    let as_of = if revision.number < article.latest {
        log.ingest_seq(revision.number + 1)
            .map_or(head.seq, |seq| seq.saturating_sub(1))
    } else {
        head.seq
    };
    let first_revision = |claim: &ClaimId| {
        revision_claims
            .iter()
            .position(|ids| ids.contains(claim))
            .map(|i| i as u32 + 1)
    };
    if as_of < head.seq {
        for claim in &mut claims {
            claim.review = log.review_as_of(&claim.review, as_of, first_revision(&claim.claim.id));
        }
    }
    let workflow = desk.workflow();
    let blocking = claims
        .iter()
        .filter(|c| !workflow.lets_through(&c.review))
        .count();
    let changes = if revision.number > 1 && parts == Parts::Report {
        let diff: RevisionDiff = desk.diff(id, Some(revision.number - 1), Some(revision.number))?;
        diff.claim_changes()
            .iter()
            .filter(|c| c.change != crate::revision::Change::Unchanged)
            .map(|c| ChangeView::new(c, |id| diff.curation(id)))
            .collect()
    } else {
        Vec::new()
    };
    // A dismissed claim is no claim to count.
    let count = |name: &str| {
        claims
            .iter()
            .filter(|c| c.review.state == name && !c.review.curation.is_dismissed())
            .count()
    };
    let workflow_states: Vec<StateView> = workflow
        .states()
        .iter()
        .map(|s| StateView {
            name: s.name.clone(),
            description: s.description.clone(),
            color: s.color.clone(),
            accepted: s.accepted,
            rating: s.rating.clone(),
            count: count(&s.name),
        })
        .collect();
    let mut realigned = Realignments::default();
    let mut views = Vec::with_capacity(claims.len());
    let known = log.events().partition_point(|e| e.seq <= as_of);
    for c in &claims {
        let (review, carried) = desk.split_carried(id, &c.review, &log.events()[..known])?;
        let mut view = reviewed_claim_view(&c.claim, &review, carried.as_ref());
        view.first_revision = first_revision(&c.claim.id);
        let lineage = desk.lineage(
            id,
            &c.claim.id,
            &revision_claims,
            log.events(),
            &mut realigned,
        )?;
        view.history = log.claim_history(&c.claim.id, &lineage, as_of);
        views.push(view);
    }
    let report = ArticleReport {
        schema: REPORT_SCHEMA,
        article: article.id.to_string(),
        title: article.title.clone(),
        url: article.url.clone(),
        published: article.published.as_ref().map(ToString::to_string),
        revision: revision.number,
        revisions,
        workflow: workflow.name().to_owned(),
        workflow_hash: workflow.hash().to_hex(),
        states: workflow_states
            .iter()
            .map(|s| (s.name.clone(), s.count))
            .collect(),
        claims: views,
        changes,
        audit_head: HeadView {
            seq: head.seq,
            hash: head.hash.to_hex(),
        },
        generated_at: request.now.to_string(),
        as_of,
        audit: audit.clone(),
        workflow_states,
        text: revision.text.clone(),
        revision_ingested_at: revision.ingested_at.to_string(),
        latest_revision: article.latest,
    };
    Ok((report, blocking))
}

/// The report as pretty JSON (schema [`REPORT_SCHEMA`]).
pub fn render_json(report: &ArticleReport) -> String {
    // Serializing plain structs of strings and numbers cannot fail.
    crate::json::to_string_pretty(report).unwrap_or_default()
}
