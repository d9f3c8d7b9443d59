//! The JSON API under `/api/v1/`: the command line's `--json` shapes.

use super::actions::{
    AddBody, CurateBody, MoveRequest, RevisionBody, apply_add, apply_assign, apply_curation,
    apply_mark, ingest_text,
};
use super::auth::{caller, check_csrf};
use super::{Failure, Shared, json_answer, now, parse_article, to_json, with_desk};
use anyhow::Result;
use axum::body::Bytes;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use factdesk::desk::{Desk, QueueFor};

/// The caller of a request that changes something through the API, and its JSON body: a
/// session or token, the session's CSRF token (`X-CSRF-Token`), and a body of `B`'s shape
/// (`example` shows one in the refusal).
pub(super) async fn api_writer<B: serde::de::DeserializeOwned>(
    app: &Shared,
    headers: &HeaderMap,
    body: &[u8],
    example: &str,
) -> Result<(String, B), Response> {
    let caller = caller(app, headers).await.map_err(Failure::json)?;
    let given = headers.get("x-csrf-token").and_then(|v| v.to_str().ok());
    check_csrf(&caller, given).map_err(Failure::json)?;
    let body = serde_json::from_slice(body).map_err(|err| {
        Failure::new(
            StatusCode::BAD_REQUEST,
            "bad_request",
            format!("the body does not read: {err} (send {example})"),
        )
        .json()
    })?;
    Ok((caller.user, body))
}

/// `GET /api/v1/articles[?after=ID][&limit=N]`: in id order; a client walks a large archive a
/// page at a time by passing the last id it got as `after`.
#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct ArticlesQuery {
    pub(super) after: Option<String>,
    pub(super) limit: Option<usize>,
}

/// The most articles one answer lists when `limit` asks for a page.
const MAX_ARTICLES_LIMIT: usize = 1000;

/// A read of the API: any logged-in caller; `work` runs on the blocking pool and its value is
/// answered as JSON.
async fn api_read<T: serde::Serialize + Send + 'static>(
    app: &Shared,
    headers: &HeaderMap,
    work: impl FnOnce(&Desk) -> Result<T, Failure> + Send + 'static,
) -> Response {
    if let Err(failure) = caller(app, headers).await {
        return failure.json();
    }
    json_answer(with_desk(app, move |desk| to_json(&work(desk)?)).await)
}

pub(super) async fn api_articles(
    State(app): State<Shared>,
    headers: HeaderMap,
    query: Result<Query<ArticlesQuery>, QueryRejection>,
) -> Response {
    if let Err(failure) = caller(&app, &headers).await {
        return failure.json();
    }
    let Query(query) = match query {
        Ok(query) => query,
        Err(rejection) => return bad_query(&rejection, "after=ID, limit=N").json(),
    };
    if query
        .limit
        .is_some_and(|n| n == 0 || n > MAX_ARTICLES_LIMIT)
    {
        return Failure::new(
            StatusCode::BAD_REQUEST,
            "bad_request",
            format!("limit is a number from 1 to {MAX_ARTICLES_LIMIT}"),
        )
        .json();
    }
    json_answer(
        with_desk(&app, move |desk| {
            let mut articles = desk.articles()?;
            articles.sort_by(|a, b| a.id.cmp(&b.id));
            let after = query.after.unwrap_or_default();
            let page = articles
                .into_iter()
                .filter(|a| a.id.as_str() > after.as_str())
                .take(query.limit.unwrap_or(usize::MAX))
                .map(|a| factdesk::view::article_line(desk, a))
                .collect::<Result<Vec<_>, _>>()?;
            to_json(&page)
        })
        .await,
    )
}

/// `GET /api/v1/queue[?assignee=NAME|mine=true|unassigned=true][&article=ID]`.
#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct QueueQuery {
    pub(super) article: Option<String>,
    pub(super) assignee: Option<String>,
    #[serde(default)]
    pub(super) mine: bool,
    #[serde(default)]
    pub(super) unassigned: bool,
}

pub(super) async fn api_queue(
    State(app): State<Shared>,
    headers: HeaderMap,
    query: Result<Query<QueueQuery>, QueryRejection>,
) -> Response {
    let caller = match caller(&app, &headers).await {
        Ok(caller) => caller,
        Err(failure) => return failure.json(),
    };
    let Query(query) = match query {
        Ok(query) => query,
        Err(rejection) => {
            return bad_query(
                &rejection,
                "assignee=NAME, mine=true, unassigned=true, article=ID",
            )
            .json();
        }
    };
    json_answer(
        with_desk(&app, move |desk| {
            let article = query.article.as_deref().map(parse_article).transpose()?;
            let whose = match (query.mine, query.assignee.as_deref(), query.unassigned) {
                (true, None, false) => QueueFor::Assignee(&caller.user),
                (false, Some(name), false) => QueueFor::Assignee(name),
                (false, None, true) => QueueFor::Unassigned,
                (false, None, false) => QueueFor::All,
                _ => {
                    return Err(Failure::new(
                        StatusCode::BAD_REQUEST,
                        "bad_request",
                        "give at most one of assignee, mine and unassigned",
                    ));
                }
            };
            to_json(&factdesk::view::queue(desk, article.as_ref(), whose)?)
        })
        .await,
    )
}

/// A query string that does not read, answered as a 400 that names what is taken.
pub(super) fn bad_query(rejection: &QueryRejection, takes: &str) -> Failure {
    Failure::new(
        StatusCode::BAD_REQUEST,
        "bad_request",
        format!(
            "the query does not read: {} (it takes {takes})",
            rejection.body_text()
        ),
    )
}

/// `POST /api/v1/articles/ID/assign`.
#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct AssignBody {
    /// One claim of the article, or the whole article.
    pub(super) claim: Option<String>,
    /// Who takes it; null releases it. Required: a body without it is refused rather than
    /// taken as a release.
    #[serde(deserialize_with = "<Option<String> as serde::Deserialize>::deserialize")]
    pub(super) assignee: Option<String>,
}

/// What an assignment did, as the API answers it.
#[derive(serde::Serialize)]
pub(super) struct AssignedView {
    pub(super) article: String,
    pub(super) claim: Option<String>,
    pub(super) previous: Option<String>,
    pub(super) assignee: Option<String>,
    pub(super) seq: u64,
}

pub(super) async fn api_assign(
    State(app): State<Shared>,
    headers: HeaderMap,
    Path(id): Path<String>,
    body: Bytes,
) -> Response {
    let (user, body): (String, AssignBody) = match api_writer(
        &app,
        &headers,
        &body,
        r#"{"assignee": "NAME" or null, "claim"?: "ID"}"#,
    )
    .await
    {
        Ok(asked) => asked,
        Err(refused) => return refused,
    };
    json_answer(
        with_desk(&app, move |desk| {
            to_json(&apply_assign(
                desk,
                &user,
                &id,
                body.claim.as_deref(),
                body.assignee,
            )?)
        })
        .await,
    )
}

pub(super) async fn api_assignments(
    State(app): State<Shared>,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Response {
    api_read(&app, &headers, move |desk| {
        let article = parse_article(&id)?;
        Ok(factdesk::view::assignments(desk, Some(&article))?)
    })
    .await
}

pub(super) async fn api_claims(
    State(app): State<Shared>,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Response {
    api_read(&app, &headers, move |desk| {
        let id = parse_article(&id)?;
        let views: Vec<_> = desk
            .claims(&id, None)?
            .iter()
            .map(|c| factdesk::report::ClaimView::reviewed(&c.claim, &c.review))
            .collect();
        Ok(views)
    })
    .await
}

pub(super) async fn api_gate(
    State(app): State<Shared>,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Response {
    api_read(&app, &headers, move |desk| {
        let id = parse_article(&id)?;
        let gate = factdesk::view::gate(desk, &id, None)?;
        Ok(serde_json::json!({
            "article": id.as_str(),
            "revision": gate.revision,
            "ready": gate.blocking.is_empty(),
            "blocking": gate.blocking,
        }))
    })
    .await
}

#[derive(serde::Deserialize)]
pub(super) struct ArticleQuery {
    pub(super) article: Option<String>,
}

pub(super) async fn api_claim(
    State(app): State<Shared>,
    headers: HeaderMap,
    Path(claim): Path<String>,
    Query(query): Query<ArticleQuery>,
) -> Response {
    api_read(&app, &headers, move |desk| {
        let article = query.article.as_deref().map(parse_article).transpose()?;
        Ok(factdesk::view::show(desk, &claim, article.as_ref())?)
    })
    .await
}

#[derive(serde::Deserialize)]
pub(super) struct ReportQuery {
    pub(super) format: Option<String>,
}

pub(super) async fn api_report(
    State(app): State<Shared>,
    headers: HeaderMap,
    Path(id): Path<String>,
    Query(query): Query<ReportQuery>,
) -> Response {
    if let Err(failure) = caller(&app, &headers).await {
        return failure.json();
    }
    let format = query.format.unwrap_or_else(|| "json".to_owned());
    let result = with_desk(&app, move |desk| {
        let id = parse_article(&id)?;
        let audit = factdesk::report::check_article_audit(desk, &id)?;
        let report = factdesk::report::build(
            desk,
            &factdesk::report::ReportRequest {
                article: &id,
                revision: None,
                now: now(),
            },
            &audit,
        )?;
        Ok(match format.as_str() {
            "json" => ("application/json", factdesk::report::render_json(&report)),
            "html" => (
                "text/html; charset=utf-8",
                factdesk::report::render_html(&report, None),
            ),
            "md" => (
                "text/markdown; charset=utf-8",
                factdesk::report::render_markdown(&report),
            ),
            "csv" => (
                "text/csv; charset=utf-8",
                factdesk::report::render_csv(&report),
            ),
            "claimreview" => {
                let options = factdesk::report::ClaimReviewOptions {
                    url_template: desk.config("review.url-template")?,
                    org_name: desk.config("org.name")?,
                    org_url: desk.config("org.url")?,
                };
                let export = factdesk::report::render_claimreview(&report, &options)?;
                ("application/ld+json", export.json)
            }
            other => {
                return Err(Failure::new(
                    StatusCode::BAD_REQUEST,
                    "bad_request",
                    format!("format `{other}` is not one of json, html, md, csv, claimreview"),
                ));
            }
        })
    })
    .await;
    match result {
        Ok((kind, text)) => (StatusCode::OK, [(header::CONTENT_TYPE, kind)], text).into_response(),
        Err(failure) => failure.json(),
    }
}

#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct MarkBody {
    pub(super) article: Option<String>,
    pub(super) state: String,
    pub(super) from: Option<String>,
    pub(super) source: Option<String>,
    pub(super) note: Option<String>,
    pub(super) evidence: Option<EvidenceBody>,
}

/// A file kept as evidence with a move, in a JSON body.
#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct EvidenceBody {
    /// A label for it (a file name).
    pub(super) name: String,
    /// Its bytes, standard base64.
    pub(super) content_base64: String,
}

impl EvidenceBody {
    fn decoded(self) -> Result<(String, Vec<u8>), Failure> {
        use base64::Engine;
        let bytes = base64::engine::general_purpose::STANDARD
            .decode(self.content_base64.as_bytes())
            .map_err(|err| {
                Failure::new(
                    StatusCode::BAD_REQUEST,
                    "bad_request",
                    format!("evidence.content_base64 is not standard base64: {err}"),
                )
            })?;
        Ok((self.name, bytes))
    }
}

#[derive(serde::Serialize)]
pub(super) struct MarkedView {
    pub(super) article: String,
    pub(super) claim: String,
    pub(super) from: String,
    pub(super) to: String,
    pub(super) transition: String,
    pub(super) seq: u64,
}

pub(super) async fn api_mark(
    State(app): State<Shared>,
    headers: HeaderMap,
    Path(claim): Path<String>,
    body: Bytes,
) -> Response {
    let (user, body): (String, MarkBody) = match api_writer(
        &app,
        &headers,
        &body,
        r#"{"state": "sourced", "source": "…"}"#,
    )
    .await
    {
        Ok(asked) => asked,
        Err(refused) => return refused,
    };
    json_answer(
        with_desk(&app, move |desk| {
            let article = match body.article {
                Some(article) => parse_article(&article)?,
                None => desk.resolve(&claim, None)?.0,
            };
            let asked = MoveRequest {
                article: article.to_string(),
                to: body.state,
                from: body.from,
                source: body.source,
                note: body.note,
                evidence: body.evidence.map(EvidenceBody::decoded).transpose()?,
            };
            // The id as resolved for the move: resolving it again costs as much as the move
            // when the claim appears in many articles (`Desk::resolve` lists them all).
            let (id, marked) = apply_mark(desk, &user, &claim, asked)?;
            to_json(&MarkedView {
                article: article.to_string(),
                claim: id.to_hex(),
                from: marked.from,
                to: marked.to,
                transition: marked.transition,
                seq: marked.seq,
            })
        })
        .await,
    )
}

pub(super) async fn api_ingest(
    State(app): State<Shared>,
    headers: HeaderMap,
    Path(id): Path<String>,
    body: Bytes,
) -> Response {
    let (user, body): (String, RevisionBody) =
        match api_writer(&app, &headers, &body, r#"{"text": "…"}"#).await {
            Ok(asked) => asked,
            Err(refused) => return refused,
        };
    json_answer(
        with_desk(&app, move |desk| {
            to_json(&ingest_text(desk, &user, &id, body)?)
        })
        .await,
    )
}

#[derive(serde::Deserialize)]
pub(super) struct SearchQuery {
    pub(super) q: String,
}

pub(super) async fn api_search(
    State(app): State<Shared>,
    headers: HeaderMap,
    Query(query): Query<SearchQuery>,
) -> Response {
    api_read(&app, &headers, move |desk| {
        Ok(factdesk::view::search(desk, &query.q)?)
    })
    .await
}

pub(super) async fn api_curate(
    State(app): State<Shared>,
    headers: HeaderMap,
    Path(claim): Path<String>,
    body: Bytes,
) -> Response {
    let (user, body): (String, CurateBody) = match api_writer(
        &app,
        &headers,
        &body,
        r#"{"action": "dismiss", "reason": "scare-quote"}"#,
    )
    .await
    {
        Ok(asked) => asked,
        Err(refused) => return refused,
    };
    json_answer(
        with_desk(&app, move |desk| {
            let done = apply_curation(desk, &user, &claim, body)?;
            to_json(&serde_json::json!({ "done": done }))
        })
        .await,
    )
}

pub(super) async fn api_add_claim(
    State(app): State<Shared>,
    headers: HeaderMap,
    Path(article): Path<String>,
    body: Bytes,
) -> Response {
    let (user, body): (String, AddBody) =
        match api_writer(&app, &headers, &body, r#"{"kind": "number", "text": "…"}"#).await {
            Ok(asked) => asked,
            Err(refused) => return refused,
        };
    json_answer(
        with_desk(&app, move |desk| {
            let (id, done) = apply_add(desk, &user, &article, body)?;
            to_json(&serde_json::json!({ "claim": id, "done": done }))
        })
        .await,
    )
}

#[derive(serde::Deserialize)]
pub(super) struct DiffQuery {
    pub(super) from: Option<u32>,
    pub(super) to: Option<u32>,
}

pub(super) async fn api_diff(
    State(app): State<Shared>,
    headers: HeaderMap,
    Path(id): Path<String>,
    Query(query): Query<DiffQuery>,
) -> Response {
    api_read(&app, &headers, move |desk| {
        let id = parse_article(&id)?;
        let diff = desk.diff(&id, query.from, query.to)?;
        let changes: Vec<factdesk::report::ChangeView> = diff
            .claim_changes()
            .iter()
            .map(|c| factdesk::report::ChangeView::new(c, |claim| diff.curation(claim)))
            .collect();
        Ok(changes)
    })
    .await
}

pub(super) async fn api_revisions(
    State(app): State<Shared>,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Response {
    api_read(&app, &headers, move |desk| {
        let article = parse_article(&id)?;
        Ok(factdesk::view::revisions(desk, &article)?)
    })
    .await
}

/// `GET /api/v1/evidence/HASH`: an evidence file, always as a download (it is whatever someone
/// uploaded: never rendered by the desk's origin).
pub(super) async fn api_evidence(
    State(app): State<Shared>,
    headers: HeaderMap,
    Path(hash): Path<String>,
) -> Response {
    if let Err(failure) = caller(&app, &headers).await {
        return failure.json();
    }
    match with_desk(&app, move |desk| Ok(desk.evidence(&hash)?)).await {
        Ok((hash, name, bytes)) => {
            // A header value of plain characters whatever the name: the name is a label.
            let label: String = name
                .chars()
                .map(|c| {
                    if c.is_ascii_alphanumeric() || "._-".contains(c) {
                        c
                    } else {
                        '_'
                    }
                })
                .collect();
            let disposition = format!("attachment; filename=\"{label}\"");
            (
                StatusCode::OK,
                [
                    (header::CONTENT_TYPE, "application/octet-stream".to_owned()),
                    (header::CONTENT_DISPOSITION, disposition),
                    (header::ETAG, format!("\"{}\"", hash.to_hex())),
                ],
                bytes,
            )
                .into_response()
        }
        Err(failure) => failure.json(),
    }
}
