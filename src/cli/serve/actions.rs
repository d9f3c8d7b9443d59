//! What the pages and the API both do: a move, an ingest, a correction, an added claim.

use super::{Failure, non_blank, now, parse_article, parse_article_new};
use anyhow::Result;
use axum::http::StatusCode;
use factdesk::desk::{AssignRequest, Desk, MarkRequest};
use factdesk::model::ClaimId;

/// A move as a form or a JSON body asks for it.
pub(super) struct MoveRequest {
    pub(super) article: String,
    pub(super) to: String,
    pub(super) from: Option<String>,
    pub(super) source: Option<String>,
    pub(super) note: Option<String>,
    /// A file kept as evidence with the move: its name and bytes.
    pub(super) evidence: Option<(String, Vec<u8>)>,
}

/// Applies a move on `claim` as `user`: the claim's full id and the result, or why it was
/// refused.
pub(super) fn apply_mark(
    desk: &Desk,
    user: &str,
    claim: &str,
    asked: MoveRequest,
) -> Result<(ClaimId, factdesk::desk::Marked), Failure> {
    let article = parse_article(&asked.article)?;
    let (article, claim) = desk.resolve(claim, Some(&article))?;
    let request = MarkRequest {
        article,
        claim,
        to: asked.to,
        source: non_blank(asked.source),
        note: non_blank(asked.note),
        evidence: asked.evidence,
        reuse_source: None,
        expected_state: non_blank(asked.from),
    };
    let marked = desk.mark(&request, user, now())??;
    Ok((request.claim, marked))
}

#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RevisionBody {
    pub(super) text: String,
    pub(super) format: Option<String>,
    pub(super) source: Option<String>,
    pub(super) title: Option<String>,
    pub(super) url: Option<String>,
    #[serde(default)]
    pub(super) force: bool,
}

/// What an ingest did, as the API answers it.
#[derive(serde::Serialize)]
pub(super) struct IngestedView {
    pub(super) article: String,
    pub(super) revision: u32,
    /// False when the text equals the latest revision's (nothing was added).
    pub(super) added: bool,
    pub(super) claims: usize,
    pub(super) counts: Option<IngestCounts>,
    pub(super) diagnostics: Vec<String>,
}

#[derive(serde::Serialize)]
pub(super) struct IngestCounts {
    pub(super) modified: usize,
    pub(super) added: usize,
    pub(super) removed: usize,
    pub(super) moved: usize,
    pub(super) unchanged: usize,
    pub(super) kept_their_review: usize,
}

/// Ingests `body` as the next revision of `article`, as `user`.
pub(super) fn ingest_text(
    desk: &Desk,
    user: &str,
    article: &str,
    body: RevisionBody,
) -> Result<IngestedView, Failure> {
    let article = parse_article_new(article)?;
    let format = match body.format.as_deref() {
        None | Some("auto") => factdesk::text::detect_format(None, &body.text),
        Some("text") => factdesk::text::Format::Text,
        Some("markdown") => factdesk::text::Format::Markdown,
        Some("html") => factdesk::text::Format::Html,
        Some(other) => {
            return Err(Failure::new(
                StatusCode::BAD_REQUEST,
                "bad_request",
                format!("format `{other}` is not one of auto, text, markdown, html"),
            ));
        }
    };
    let request = factdesk::desk::IngestRequest {
        article: article.clone(),
        title: non_blank(body.title),
        url: non_blank(body.url),
        published: None,
        source: non_blank(body.source).unwrap_or_else(|| format!("web desk ({user})")),
        format,
        text: body.text,
        force: body.force,
    };
    Ok(match desk.ingest(&request, user, now())? {
        factdesk::desk::IngestOutcome::Unchanged { revision, .. } => IngestedView {
            article: article.to_string(),
            revision,
            added: false,
            claims: desk.claims(&article, Some(revision))?.len(),
            counts: None,
            diagnostics: Vec::new(),
        },
        factdesk::desk::IngestOutcome::Added(summary) => IngestedView {
            article: article.to_string(),
            revision: summary.revision,
            added: true,
            claims: summary.claims,
            counts: Some(IngestCounts {
                modified: summary.modified,
                added: summary.added,
                removed: summary.removed,
                moved: summary.moved,
                unchanged: summary.unchanged,
                kept_their_review: summary.kept,
            }),
            diagnostics: summary.diagnostics,
        },
    })
}

/// An editor's correction of one claim, as a form or a JSON body gives it.
#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct CurateBody {
    /// `dismiss`, `restore`, `speaker` or `override`.
    pub(super) action: String,
    pub(super) article: Option<String>,
    /// The dismissal's reason.
    pub(super) reason: Option<String>,
    /// The speaker's name.
    pub(super) speaker: Option<String>,
    pub(super) note: Option<String>,
    /// A form's CSRF token (a JSON caller sends `X-CSRF-Token`).
    pub(super) csrf: Option<String>,
}

/// Applies a correction as `user`; a line for people saying what was done.
pub(super) fn apply_curation(
    desk: &Desk,
    user: &str,
    claim: &str,
    body: CurateBody,
) -> Result<String, Failure> {
    let article = body.article.as_deref().map(parse_article).transpose()?;
    let (article, id) = desk.resolve(claim, article.as_ref())?;
    let note = non_blank(body.note);
    let short = id.short();
    Ok(match body.action.as_str() {
        "dismiss" => {
            let given = body.reason.unwrap_or_default();
            let reason = factdesk::model::DismissReason::parse(&given).ok_or_else(|| {
                let known: Vec<&str> = factdesk::model::DismissReason::ALL
                    .iter()
                    .map(|r| r.as_str())
                    .collect();
                Failure::new(
                    StatusCode::BAD_REQUEST,
                    "bad_request",
                    format!("reason `{given}` is not one of {}", known.join(", ")),
                )
            })?;
            desk.dismiss(&article, &id, reason, note.as_deref(), user, now())?;
            format!("{short} dismissed ({reason})")
        }
        "restore" => {
            desk.restore(&article, &id, note.as_deref(), user, now())?;
            format!("{short} restored")
        }
        "speaker" => {
            let name = non_blank(body.speaker).unwrap_or_default();
            let fix = desk.correct_speaker(&article, &id, &name, note.as_deref(), user, now())?;
            format!("{short}: speaker {}", fix.speaker)
        }
        "override" => {
            let note = note.unwrap_or_default();
            let granted = desk.override_gate(&article, &id, &note, user, now())?;
            format!("{short}: {} let through the gate", granted.state)
        }
        other => {
            return Err(Failure::new(
                StatusCode::BAD_REQUEST,
                "bad_request",
                format!("action `{other}` is not one of dismiss, restore, speaker, override"),
            ));
        }
    })
}

/// A field a form sends as text and a JSON body may send as a number (`"occurrence": 2`).
fn text_or_number<'de, D: serde::Deserializer<'de>>(
    deserializer: D,
) -> Result<Option<String>, D::Error> {
    #[derive(serde::Deserialize)]
    #[serde(untagged)]
    enum TextOrNumber {
        Text(String),
        Number(serde_json::Number),
    }
    Ok(
        <Option<TextOrNumber> as serde::Deserialize>::deserialize(deserializer)?.map(|given| {
            match given {
                TextOrNumber::Text(text) => text,
                TextOrNumber::Number(number) => number.to_string(),
            }
        }),
    )
}

/// A claim the extractor missed, as a form or a JSON body names it.
#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct AddBody {
    /// `quote` or `number`.
    pub(super) kind: String,
    pub(super) text: String,
    #[serde(default, deserialize_with = "text_or_number")]
    pub(super) occurrence: Option<String>,
    pub(super) speaker: Option<String>,
    #[serde(default, deserialize_with = "text_or_number")]
    pub(super) value: Option<String>,
    pub(super) unit: Option<String>,
    pub(super) qualifier: Option<String>,
    pub(super) csrf: Option<String>,
}

pub(super) fn apply_add(
    desk: &Desk,
    user: &str,
    article: &str,
    body: AddBody,
) -> Result<(String, String), Failure> {
    let article = parse_article(article)?;
    let kind = factdesk::model::ClaimKind::parse(&body.kind).ok_or_else(|| {
        Failure::new(
            StatusCode::BAD_REQUEST,
            "bad_request",
            format!("kind `{}` is not quote or number", body.kind),
        )
    })?;
    let occurrence = match non_blank(body.occurrence) {
        Some(n) => Some(n.parse::<usize>().map_err(|_| {
            Failure::new(
                StatusCode::BAD_REQUEST,
                "bad_request",
                format!("occurrence `{n}` is not a number"),
            )
        })?),
        None => None,
    };
    let request = factdesk::desk::AddClaim {
        article,
        kind,
        text: body.text,
        occurrence,
        speaker: non_blank(body.speaker),
        value: non_blank(body.value),
        unit: non_blank(body.unit),
        qualifier: non_blank(body.qualifier),
    };
    let claim = desk.add_claim(&request, user, now())?;
    Ok((
        claim.id.to_hex(),
        format!(
            "added {} \"{}\" ({})",
            claim.kind,
            claim.text,
            claim.id.short()
        ),
    ))
}

/// Assigns `article` (or one of its claims) to `assignee` (`None` releases it), as `user`.
pub(super) fn apply_assign(
    desk: &Desk,
    user: &str,
    article: &str,
    claim: Option<&str>,
    assignee: Option<String>,
) -> Result<super::api::AssignedView, Failure> {
    let article = parse_article(article)?;
    let claim = match claim.map(str::trim).filter(|c| !c.is_empty()) {
        Some(given) => Some(desk.resolve(given, Some(&article))?.1),
        None => None,
    };
    let request = AssignRequest {
        article: article.clone(),
        claim,
        assignee: non_blank(assignee),
    };
    let assigned = desk.assign(&request, user, now())?;
    Ok(super::api::AssignedView {
        article: article.to_string(),
        claim: claim.map(|c| c.to_hex()),
        previous: assigned.previous,
        assignee: assigned.assignee,
        seq: assigned.seq,
    })
}
