//! `export-corrections`: a newsroom's corrections of the machine as a test set, one line per
//! curated article in the schema of the evaluation data (`eval/quotes` and `eval/numbers` read
//! the same line), so that `factdesk eval quotes` and `eval numbers` score extraction against
//! what editors decided.

use serde::Serialize;

use crate::desk::{Desk, DeskError};
use crate::model::ClaimDetail;

/// One curated article's latest revision, with the claims as editors left them.
#[derive(Debug, Clone, Serialize)]
pub struct CorrectedText {
    /// `ARTICLE@REVISION`.
    pub id: String,
    /// Always "factdesk-corrections".
    pub source: &'static str,
    /// The article.
    pub article: String,
    /// The revision whose text this is.
    pub revision: u32,
    /// The revision's text: every offset counts its characters.
    pub text: String,
    /// Quotes to find: extracted and not dismissed, and added; speakers as corrected.
    pub quotes: Vec<GoldQuote>,
    /// Numbers to find, likewise.
    pub numbers: Vec<GoldNumber>,
    /// What extraction found that editors dismissed: what it should not find.
    pub dismissed: Vec<DismissedClaim>,
}

/// A quote in the gold schema of `eval/quotes`.
#[derive(Debug, Clone, Serialize)]
pub struct GoldQuote {
    /// Start, in characters.
    pub start: usize,
    /// End (exclusive).
    pub end: usize,
    /// The quoted words.
    pub text: String,
    /// The speaker.
    pub speaker: Option<String>,
    /// The speaker as written.
    pub speaker_mention: Option<String>,
    /// "extracted" or "added".
    pub origin: &'static str,
    /// Who corrected the speaker, if an editor did.
    pub speaker_corrected_by: Option<String>,
}

/// A number in the gold schema of `eval/numbers`.
#[derive(Debug, Clone, Serialize)]
pub struct GoldNumber {
    /// Start, in characters.
    pub start: usize,
    /// End (exclusive).
    pub end: usize,
    /// The number as written.
    pub text: String,
    /// Its value.
    pub value: Option<f64>,
    /// Its unit.
    pub unit: Option<String>,
    /// Its hedge.
    pub qualifier: Option<String>,
    /// "extracted" or "added".
    pub origin: &'static str,
}

/// A claim editors dismissed.
#[derive(Debug, Clone, Serialize)]
pub struct DismissedClaim {
    /// "quote" or "number".
    pub kind: &'static str,
    /// Start, in characters.
    pub start: usize,
    /// End (exclusive).
    pub end: usize,
    /// The words.
    pub text: String,
    /// Why.
    pub reason: &'static str,
    /// The editor's note.
    pub note: Option<String>,
    /// Who.
    pub by: String,
}

/// Every article an editor curated, as its latest revision stands, in article order.
pub fn corrections(desk: &Desk) -> Result<Vec<CorrectedText>, DeskError> {
    let mut out = Vec::new();
    for article in desk.articles()? {
        let claims = desk.claims(&article.id, None)?;
        let curated = claims.iter().any(|c| {
            let curation = &c.review.curation;
            curation.added.is_some() || curation.speaker.is_some() || curation.is_dismissed()
        });
        if !curated {
            continue;
        }
        let revision = desk.revision(&article.id, None)?;
        let mut text = CorrectedText {
            id: format!("{}@{}", article.id, revision.number),
            source: "factdesk-corrections",
            article: article.id.to_string(),
            revision: revision.number,
            text: revision.text,
            quotes: Vec::new(),
            numbers: Vec::new(),
            dismissed: Vec::new(),
        };
        for reviewed in claims {
            let (claim, curation) = (&reviewed.claim, &reviewed.review.curation);
            if let Some(dismissal) = &curation.dismissed {
                text.dismissed.push(DismissedClaim {
                    kind: claim.kind.as_str(),
                    start: claim.span.start_char,
                    end: claim.span.end_char,
                    text: claim.text.clone(),
                    reason: dismissal.reason.as_str(),
                    note: dismissal.note.clone(),
                    by: dismissal.by.clone(),
                });
                continue;
            }
            let view = crate::report::ClaimView::reviewed(claim, &reviewed.review);
            match &claim.detail {
                ClaimDetail::Quote(attribution) => {
                    text.quotes.push(GoldQuote {
                        start: claim.span.start_char,
                        end: claim.span.end_char,
                        text: claim.text.clone(),
                        speaker: attribution.speaker.clone(),
                        speaker_mention: attribution.mention.clone(),
                        origin: view.origin,
                        speaker_corrected_by: view.speaker_corrected_by,
                    });
                }
                ClaimDetail::Number(quantity) => {
                    text.numbers.push(GoldNumber {
                        start: claim.span.start_char,
                        end: claim.span.end_char,
                        text: claim.text.clone(),
                        value: quantity.value,
                        unit: quantity.unit.clone(),
                        qualifier: quantity.qualifier.clone(),
                        origin: view.origin,
                    });
                }
            }
        }
        out.push(text);
    }
    Ok(out)
}
