//! What leaves factdesk: JSON views of claims and changes, and article reports (Markdown, JSON).
//!
//! Reports are pure reads: nothing here writes to the store. The view structs are the JSON
//! contract of ../DESIGN.md: fields may be added, never renamed or removed.

mod markdown;

use serde::Serialize;

use crate::desk::{Desk, DeskError, RevisionDiff};
use crate::model::{ArticleId, AuditHead, Claim, ClaimDetail, Review, Timestamp};
use crate::revision::ClaimChange;

pub use self::markdown::render_markdown;

/// The JSON schema name of article reports.
pub const REPORT_SCHEMA: &str = "factdesk.report/1";

/// One claim as `extract --json` and `claims --json` print it.
#[derive(Debug, Clone, Serialize)]
pub struct ClaimView {
    /// "quote" or "number".
    pub kind: &'static str,
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
}

impl ClaimView {
    /// The view of a claim, with its state when it is reviewed.
    pub fn new(claim: &Claim, state: Option<&str>) -> ClaimView {
        let mut view = ClaimView {
            kind: claim.kind.as_str(),
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
}

/// One claim change as `diff --json` prints it.
#[derive(Debug, Clone, Serialize)]
pub struct ChangeView {
    /// added, removed, modified, moved or unchanged.
    pub change: &'static str,
    /// "quote" or "number".
    pub kind: &'static str,
    /// The claim in the older revision.
    pub old: Option<ClaimView>,
    /// The claim in the newer revision.
    pub new: Option<ClaimView>,
    /// What changed: value, qualifier, unit, wording, speaker.
    pub reasons: Vec<&'static str>,
    /// One line for people, such as `8,000 → 9,000`.
    pub summary: String,
}

impl ChangeView {
    /// The view of one change.
    pub fn new(change: &ClaimChange<'_>) -> ChangeView {
        let kind = change.new.or(change.old).map_or("", |c| c.kind.as_str());
        ChangeView {
            change: change.change.as_str(),
            kind,
            old: change.old.map(|c| ClaimView::new(c, None)),
            new: change.new.map(|c| ClaimView::new(c, None)),
            reasons: change.reasons.iter().map(|r| r.as_str()).collect(),
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
    /// Who made the last change.
    pub updated_by: String,
    /// When.
    pub updated_at: String,
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
}

/// The audit head a report reflects.
#[derive(Debug, Clone, Serialize)]
pub struct HeadView {
    /// Newest event.
    pub seq: u64,
    /// Its hash.
    pub hash: String,
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

/// A reviewed claim's view.
pub fn reviewed_claim_view(claim: &Claim, review: &Review) -> ReviewedClaimView {
    ReviewedClaimView {
        short_id: claim.id.short(),
        claim: ClaimView::new(claim, Some(&review.state)),
        state: review.state.clone(),
        sources: remark_views(&review.sources),
        notes: remark_views(&review.notes),
        updated_by: review.updated_by.clone(),
        updated_at: review.updated_at.to_string(),
    }
}

/// Collects the report of an article at a revision (default: latest).
pub fn build(
    desk: &Desk,
    id: &ArticleId,
    number: Option<u32>,
    now: Timestamp,
) -> Result<ArticleReport, DeskError> {
    let article = desk.article(id)?;
    let revision = desk.revision(id, number)?;
    let head: AuditHead = desk.store().head()?;
    let claims = desk.claims(id, Some(revision.number))?;
    let mut revisions = Vec::new();
    for n in 1..=revision.number {
        let rev = desk.revision(id, Some(n))?;
        revisions.push(RevisionView {
            number: rev.number,
            content_hash: rev.content_hash.to_hex(),
            source: rev.source.clone(),
            ingested_at: rev.ingested_at.to_string(),
            ingested_by: rev.ingested_by.clone(),
            claims: rev.claims.len(),
        });
    }
    let changes = if revision.number > 1 {
        let diff: RevisionDiff = desk.diff(id, Some(revision.number - 1), Some(revision.number))?;
        diff.claim_changes()
            .iter()
            .filter(|c| c.change != crate::revision::Change::Unchanged)
            .map(ChangeView::new)
            .collect()
    } else {
        Vec::new()
    };
    let workflow = desk.workflow();
    let states = workflow
        .states()
        .iter()
        .map(|s| {
            (
                s.name.clone(),
                claims.iter().filter(|c| c.review.state == s.name).count(),
            )
        })
        .collect();
    Ok(ArticleReport {
        schema: REPORT_SCHEMA,
        article: article.id.to_string(),
        title: article.title.clone(),
        url: article.url.clone(),
        revision: revision.number,
        revisions,
        workflow: workflow.name().to_owned(),
        workflow_hash: workflow.hash().to_hex(),
        states,
        claims: claims
            .iter()
            .map(|c| reviewed_claim_view(&c.claim, &c.review))
            .collect(),
        changes,
        audit_head: HeadView {
            seq: head.seq,
            hash: head.hash.to_hex(),
        },
        generated_at: now.to_string(),
    })
}

/// The report as pretty JSON (schema [`REPORT_SCHEMA`]).
pub fn render_json(report: &ArticleReport) -> String {
    // Serializing plain structs of strings and numbers cannot fail.
    serde_json::to_string_pretty(report).unwrap_or_default()
}
