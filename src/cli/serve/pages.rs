//! The desk's pages and the forms they post (no JavaScript needed).

use super::actions::{
    AddBody, CurateBody, MoveRequest, RevisionBody, apply_add, apply_assign, apply_curation,
    apply_mark, ingest_text,
};
use super::auth::{Caller, caller, check_csrf};
use super::upload::{Posted, read_posted};
use super::{Failure, Shared, non_blank, now, parse_article, parse_article_new, with_desk};
use anyhow::Result;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Form, Path, Query, Request, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use factdesk::desk::{Desk, QueueFor};
use factdesk::model::ArticleId;
use factdesk::report::ChangeView;
use factdesk::report::desk::{ArticleDesk, DeskFilter, Flash, Move, QueueShown, Viewer};

pub(super) fn html(status: StatusCode, text: String) -> Response {
    (
        status,
        [(header::CONTENT_TYPE, "text/html; charset=utf-8")],
        text,
    )
        .into_response()
}

/// The caller of a page, or the way to the login page.
pub(super) async fn page_caller(app: &Shared, headers: &HeaderMap) -> Result<Caller, Response> {
    caller(app, headers)
        .await
        .map_err(|_| Redirect::to("/login").into_response())
}

/// The caller of a form that changes something: logged in (others go to the login page), with
/// the session's CSRF token.
pub(super) async fn form_caller(
    app: &Shared,
    headers: &HeaderMap,
    csrf: Option<&str>,
) -> Result<Caller, Response> {
    let caller = page_caller(app, headers).await?;
    check_csrf(&caller, csrf).map_err(Failure::page)?;
    Ok(caller)
}

/// The caller of a form that may carry a file, and what it posted: logged in, the form read
/// (`file_field` taken as the file), then its CSRF token (`csrf` finds it in the form) checked.
pub(super) async fn posted_form_caller<T: serde::de::DeserializeOwned>(
    app: &Shared,
    headers: &HeaderMap,
    request: Request,
    file_field: &str,
    csrf: impl FnOnce(&T) -> Option<&str>,
) -> Result<(Caller, Posted<T>), Response> {
    let caller = page_caller(app, headers).await?;
    let posted = read_posted::<T>(request, file_field)
        .await
        .map_err(Failure::page)?;
    check_csrf(&caller, csrf(&posted.form)).map_err(Failure::page)?;
    Ok((caller, posted))
}

/// A page for its logged-in caller (others go to the login page): `render` makes it from the
/// desk, on the blocking pool.
pub(super) async fn page(
    app: &Shared,
    headers: &HeaderMap,
    render: impl FnOnce(&Desk, Viewer<'_>) -> Result<String, Failure> + Send + 'static,
) -> Response {
    let caller = match page_caller(app, headers).await {
        Ok(caller) => caller,
        Err(to_login) => return to_login,
    };
    let csrf = caller.csrf.unwrap_or_default();
    let user = caller.user;
    let result = with_desk(app, move |desk| {
        render(
            desk,
            Viewer {
                user: &user,
                csrf: &csrf,
            },
        )
    })
    .await;
    match result {
        Ok(text) => html(StatusCode::OK, text),
        Err(failure) => failure.page(),
    }
}

/// `/?q=TEXT&show=all|blocking|ready&page=N`.
#[derive(serde::Deserialize)]
pub(super) struct HomeQuery {
    q: Option<String>,
    show: Option<String>,
    page: Option<usize>,
}

/// Articles on one page of the desk.
const ARTICLES_PER_PAGE: usize = 50;

pub(super) async fn home(
    State(app): State<Shared>,
    headers: HeaderMap,
    query: Result<Query<HomeQuery>, QueryRejection>,
) -> Response {
    let Ok(Query(query)) = query else {
        return Failure::new(
            StatusCode::BAD_REQUEST,
            "bad_request",
            "the desk takes q=TEXT, show=all|blocking|ready and page=N",
        )
        .page();
    };
    page(&app, &headers, move |desk, viewer| {
        let needle = query
            .q
            .as_deref()
            .map(str::trim)
            .unwrap_or_default()
            .to_lowercase();
        let show = match query.show.as_deref() {
            None | Some("" | "all") => Show::All,
            Some("blocking") => Show::Blocking,
            Some("ready") => Show::Ready,
            Some(other) => {
                return Err(Failure::new(
                    StatusCode::BAD_REQUEST,
                    "bad_request",
                    format!("show `{other}` is not one of all, blocking, ready"),
                ));
            }
        };
        let page_number = query.page.unwrap_or(1).max(1);
        // Newest first. Only the articles of this page are read beyond their row: a store of
        // 100,000 articles shows its first page as fast as one of ten.
        let mut articles = desk.articles()?;
        articles.sort_by_key(|a| std::cmp::Reverse(a.created_at));
        let skip = (page_number - 1) * ARTICLES_PER_PAGE;
        let (mut shown, mut matched) = (Vec::new(), 0);
        for article in articles {
            let title = article.title.as_deref().unwrap_or_default().to_lowercase();
            if !needle.is_empty()
                && !article.id.as_str().contains(needle.as_str())
                && !title.contains(needle.as_str())
            {
                continue;
            }
            let needed = matched >= skip && shown.len() < ARTICLES_PER_PAGE;
            let gate_needed = show != Show::All || needed;
            let blocking = if gate_needed {
                desk.gate(&article.id, None)?.len()
            } else {
                0
            };
            let wanted = match show {
                Show::All => true,
                Show::Blocking => blocking > 0,
                Show::Ready => blocking == 0,
            };
            if !wanted {
                continue;
            }
            if needed {
                shown.push((factdesk::view::article_line(desk, article)?, blocking));
            }
            matched += 1;
            if shown.len() == ARTICLES_PER_PAGE && matched > skip + ARTICLES_PER_PAGE {
                break;
            }
        }
        let more = matched > skip + shown.len();
        Ok(factdesk::report::desk::render_home(
            viewer,
            &shown,
            &workflow_states(desk),
            &DeskFilter {
                q: query.q.as_deref().unwrap_or_default(),
                show: query.show.as_deref().unwrap_or("all"),
                page: page_number,
                more,
            },
        ))
    })
    .await
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Show {
    All,
    Blocking,
    Ready,
}

pub(super) fn workflow_states(desk: &Desk) -> Vec<factdesk::report::StateView> {
    desk.workflow()
        .states()
        .iter()
        .map(|s| factdesk::report::StateView {
            name: s.name.clone(),
            description: s.description.clone(),
            color: s.color.clone(),
            accepted: s.accepted,
            rating: s.rating.clone(),
            count: 0,
        })
        .collect()
}

/// `/queue?whose=all|mine|unassigned|NAME`.
#[derive(serde::Deserialize)]
pub(super) struct QueuePageQuery {
    whose: Option<String>,
}

pub(super) async fn queue_page(
    State(app): State<Shared>,
    headers: HeaderMap,
    Query(query): Query<QueuePageQuery>,
) -> Response {
    page(&app, &headers, move |desk, viewer| {
        let whose = query.whose.unwrap_or_default();
        let (filter, shown) = match whose.as_str() {
            "" | "all" => (QueueFor::All, QueueShown::All),
            "mine" => (QueueFor::Assignee(viewer.user), QueueShown::Mine),
            "unassigned" => (QueueFor::Unassigned, QueueShown::Unassigned),
            name => (QueueFor::Assignee(name), QueueShown::Of(name)),
        };
        let lines = factdesk::view::queue(desk, None, filter)?;
        Ok(factdesk::report::desk::render_queue(
            viewer,
            &lines,
            shown,
            &workflow_states(desk),
        ))
    })
    .await
}

/// `/search?q=TEXT`.
#[derive(serde::Deserialize)]
pub(super) struct SearchPageQuery {
    q: Option<String>,
}

pub(super) async fn search_page(
    State(app): State<Shared>,
    headers: HeaderMap,
    Query(query): Query<SearchPageQuery>,
) -> Response {
    page(&app, &headers, move |desk, viewer| {
        let asked = query.q.unwrap_or_default();
        let hits = if asked.trim().is_empty() {
            Vec::new()
        } else {
            factdesk::view::search(desk, &asked)?
        };
        Ok(factdesk::report::desk::render_search(viewer, &asked, &hits))
    })
    .await
}

pub(super) async fn audit_page(State(app): State<Shared>, headers: HeaderMap) -> Response {
    page(&app, &headers, |desk, viewer| {
        Ok(match desk.verify(None)? {
            Ok(head) => {
                factdesk::report::desk::render_audit(viewer, Ok((head.seq, &head.hash.to_hex())))
            }
            Err(failure) => factdesk::report::desk::render_audit(viewer, Err(&failure.to_string())),
        })
    })
    .await
}

/// The article page, with `flash` on top; used after a refused move too.
pub(super) fn article_page_text(
    desk: &Desk,
    user: &str,
    csrf: &str,
    id: &ArticleId,
    flash: Option<Flash<'_>>,
) -> Result<String, Failure> {
    // The page shows no audit badge (the audit page verifies the chain, the HTML report checks
    // the article's part): checking the article's audit trail here took a third of the page's
    // time and its outcome was never shown.
    let audit = factdesk::report::AuditView {
        verified: false,
        failure: None,
        scope: "not checked",
    };
    let (report, blocking) = factdesk::report::build_for_desk(
        desk,
        &factdesk::report::ReportRequest {
            article: id,
            revision: None,
            now: now(),
        },
        &audit,
    )?;
    let workflow = desk.workflow();
    let granted = desk.granted_roles(user)?;
    let moves: Vec<Vec<Move>> = report
        .claims
        .iter()
        .map(|reviewed| {
            workflow
                .transitions_from(&reviewed.state)
                .filter(|t| workflow.admits(t, user, &granted))
                .map(|t| Move {
                    transition: t.name.clone(),
                    to: t.to.clone(),
                    needs_source: t.requires.iter().any(|r| r.as_str() == "source"),
                    needs_note: t.requires.iter().any(|r| r.as_str() == "note"),
                })
                .collect()
        })
        .collect();
    let assignments = factdesk::view::assignments(desk, Some(id))?;
    let people: Vec<String> = desk
        .users()?
        .into_iter()
        .filter(|u| !u.disabled)
        .map(|u| u.name)
        .collect();
    Ok(factdesk::report::desk::render_article(
        Viewer { user, csrf },
        &report,
        ArticleDesk {
            moves: &moves,
            flash,
            blocking,
            assignments: &assignments,
            people: &people,
            saved_pages: super::saved::root().is_some(),
        },
    ))
}

#[derive(serde::Deserialize)]
pub(super) struct AssignForm {
    csrf: Option<String>,
    claim: Option<String>,
    assignee: Option<String>,
    release: Option<String>,
}

/// The article page's assignment forms: take, assign, release.
pub(super) async fn assign_form(
    State(app): State<Shared>,
    headers: HeaderMap,
    Path(article): Path<String>,
    Form(form): Form<AssignForm>,
) -> Response {
    let caller = match form_caller(&app, &headers, form.csrf.as_deref()).await {
        Ok(caller) => caller,
        Err(refused) => return refused,
    };
    let id = article.clone();
    after_form(&app, caller, article, move |desk, user| {
        let assignee = if form.release.is_some() {
            None
        } else {
            match non_blank(form.assignee) {
                Some(name) => Some(name),
                None => {
                    return Err(Failure::new(
                        StatusCode::BAD_REQUEST,
                        "bad_request",
                        "say who takes it",
                    ));
                }
            }
        };
        let done = apply_assign(desk, user, &id, form.claim.as_deref(), assignee)?;
        let what = done.claim.as_deref().map_or_else(
            || "the article".to_owned(),
            |c| format!("claim {}", &c[..10]),
        );
        Ok(match done.assignee {
            Some(name) => format!("{what} is assigned to {name}"),
            None => format!("{what} is released"),
        })
    })
    .await
}

pub(super) async fn revisions_page(
    State(app): State<Shared>,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Response {
    page(&app, &headers, move |desk, viewer| {
        let article = parse_article(&id)?;
        let lines = factdesk::view::revisions(desk, &article)?;
        Ok(factdesk::report::desk::render_revisions(
            viewer,
            article.as_str(),
            &lines,
        ))
    })
    .await
}

/// `/articles/ID/compare?from=N&to=M[&view=side]`.
#[derive(serde::Deserialize)]
pub(super) struct CompareQuery {
    from: Option<u32>,
    to: Option<u32>,
    view: Option<String>,
}

pub(super) async fn compare_page(
    State(app): State<Shared>,
    headers: HeaderMap,
    Path(id): Path<String>,
    query: Result<Query<CompareQuery>, QueryRejection>,
) -> Response {
    let Ok(Query(query)) = query else {
        return Failure::new(
            StatusCode::BAD_REQUEST,
            "bad_request",
            "from and to are revision numbers: /articles/ID/compare?from=1&to=2",
        )
        .page();
    };
    page(&app, &headers, move |desk, viewer| {
        let article = parse_article(&id)?;
        let diff = desk.diff(&article, query.from, query.to)?;
        if diff.from.number >= diff.to.number {
            return Err(Failure::new(
                StatusCode::BAD_REQUEST,
                "bad_request",
                format!(
                    "revision {} is not before revision {}: compare an older revision with a newer one",
                    diff.from.number, diff.to.number
                ),
            ));
        }
        let changes: Vec<ChangeView> = diff
            .claim_changes()
            .iter()
            .map(|c| ChangeView::new(c, |id| diff.curation(id)))
            .collect();
        Ok(factdesk::report::desk::render_compare(
            viewer,
            article.as_str(),
            (diff.from.number, diff.to.number),
            &changes,
            &diff.text_changes(),
            query.view.as_deref() == Some("side"),
        ))
    })
    .await
}

pub(super) async fn article_page(
    State(app): State<Shared>,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Response {
    page(&app, &headers, move |desk, viewer| {
        let id = parse_article(&id)?;
        article_page_text(desk, viewer.user, viewer.csrf, &id, None)
    })
    .await
}

#[derive(serde::Deserialize)]
pub(super) struct MarkForm {
    pub(super) csrf: Option<String>,
    pub(super) article: String,
    pub(super) from: Option<String>,
    pub(super) state: String,
    pub(super) source: Option<String>,
    pub(super) note: Option<String>,
}

pub(super) async fn mark_form(
    State(app): State<Shared>,
    headers: HeaderMap,
    Path(claim): Path<String>,
    request: Request,
) -> Response {
    let (
        caller,
        Posted {
            form,
            file: evidence,
        },
    ) = match posted_form_caller::<MarkForm>(&app, &headers, request, "evidence", |f| {
        f.csrf.as_deref()
    })
    .await
    {
        Ok(posted) => posted,
        Err(refused) => return refused,
    };
    let csrf = caller.csrf.clone().unwrap_or_default();
    let user = caller.user;
    let result = with_desk(&app, move |desk| {
        let article = form.article.clone();
        let asked = MoveRequest {
            article: form.article,
            to: form.state,
            from: form.from,
            source: form.source,
            note: form.note,
            evidence,
        };
        match apply_mark(desk, &user, &claim, asked) {
            Ok(_) => Ok(Ok((article, claim))),
            Err(failure) => {
                let id = parse_article(&article)?;
                let text = article_page_text(
                    desk,
                    &user,
                    &csrf,
                    &id,
                    Some(Flash::Refused(&failure.message)),
                )?;
                Ok(Err((failure.status, text)))
            }
        }
    })
    .await;
    match result {
        Ok(Ok((article, claim))) => {
            let short: String = claim.chars().take(10).collect();
            Redirect::to(&format!("/articles/{article}#claim-{short}")).into_response()
        }
        Ok(Err((status, text))) => html(status, text),
        Err(failure) => failure.page(),
    }
}

/// What the new-revision form sent: an uploaded file (its format told by its name, else by its
/// text), or the pasted text.
fn revision_posted(
    form: RevisionForm,
    file: Option<(String, Vec<u8>)>,
) -> Result<RevisionBody, Failure> {
    let force = form.force.is_some();
    let address = non_blank(form.url.clone());
    if let (Some(address), None) = (&address, &file) {
        let root = super::saved::root().ok_or_else(|| {
            Failure::new(
                StatusCode::BAD_REQUEST,
                "bad_request",
                "this desk has no saved pages (`factdesk serve --saved-pages DIR`): paste or upload the text",
            )
        })?;
        let (path, text) = super::saved::read_saved(root, address)?;
        return Ok(RevisionBody {
            text,
            format: Some("html".to_owned()),
            source: Some(format!("saved page: {}", path.display())),
            title: None,
            url: Some(address.clone()),
            force,
        });
    }
    let (text, format, source) = match file {
        Some((name, bytes)) => {
            let text = String::from_utf8(bytes).map_err(|_| {
                Failure::new(
                    StatusCode::BAD_REQUEST,
                    "bad_request",
                    format!("{name} is not UTF-8 text: save it as UTF-8 text, Markdown or HTML"),
                )
            })?;
            let lower = name.to_ascii_lowercase();
            let format = if lower.ends_with(".html") || lower.ends_with(".htm") {
                "html"
            } else if lower.ends_with(".md") || lower.ends_with(".markdown") {
                "markdown"
            } else {
                "auto"
            };
            (
                text,
                Some(format.to_owned()),
                Some(format!("upload: {name}")),
            )
        }
        None => match form.text {
            Some(text) if !text.trim().is_empty() => (text, None, None),
            _ => {
                return Err(Failure::new(
                    StatusCode::BAD_REQUEST,
                    "bad_request",
                    "paste the new text, choose a file or give the address of a saved page",
                ));
            }
        },
    };
    Ok(RevisionBody {
        text,
        format,
        source,
        title: None,
        url: None,
        force,
    })
}

#[derive(serde::Deserialize)]
pub(super) struct RevisionForm {
    pub(super) csrf: Option<String>,
    /// Pasted text; a chosen file is taken instead.
    pub(super) text: Option<String>,
    /// The address of a page saved under `--saved-pages`.
    pub(super) url: Option<String>,
    pub(super) force: Option<String>,
}

pub(super) async fn ingest_form(
    State(app): State<Shared>,
    headers: HeaderMap,
    Path(id): Path<String>,
    request: Request,
) -> Response {
    let (caller, Posted { form, file }) =
        match posted_form_caller::<RevisionForm>(&app, &headers, request, "file", |f| {
            f.csrf.as_deref()
        })
        .await
        {
            Ok(posted) => posted,
            Err(refused) => return refused,
        };
    let csrf = caller.csrf.clone().unwrap_or_default();
    let user = caller.user;
    let body = match revision_posted(form, file) {
        Ok(body) => body,
        Err(failure) => return failure.page(),
    };
    let result = with_desk(&app, move |desk| {
        let outcome = ingest_text(desk, &user, &id, body);
        let article = parse_article_new(&id)?;
        let message = match &outcome {
            Ok(view) if view.added => format!(
                "revision {} ingested: {} claims",
                view.revision, view.claims
            ),
            Ok(view) => format!(
                "the text is revision {} already: nothing added",
                view.revision
            ),
            Err(failure) => failure.message.clone(),
        };
        let flash = match &outcome {
            Ok(_) => Flash::Done(&message),
            Err(_) => Flash::Refused(&message),
        };
        let status = outcome
            .as_ref()
            .map_or_else(|f| f.status, |_| StatusCode::OK);
        let text = article_page_text(desk, &user, &csrf, &article, Some(flash))?;
        Ok((status, text))
    })
    .await;
    match result {
        Ok((status, text)) => html(status, text),
        Err(failure) => failure.page(),
    }
}

/// After a form: the article page with what was done, or why not.
pub(super) async fn after_form(
    app: &Shared,
    caller: Caller,
    article: String,
    work: impl FnOnce(&Desk, &str) -> Result<String, Failure> + Send + 'static,
) -> Response {
    let csrf = caller.csrf.clone().unwrap_or_default();
    let user = caller.user;
    let result = with_desk(app, move |desk| {
        let outcome = work(desk, &user);
        let id = parse_article(&article)?;
        let (status, flash_text, refused) = match &outcome {
            Ok(done) => (StatusCode::OK, done.clone(), false),
            Err(failure) => (failure.status, failure.message.clone(), true),
        };
        let flash = if refused {
            Flash::Refused(&flash_text)
        } else {
            Flash::Done(&flash_text)
        };
        Ok((
            status,
            article_page_text(desk, &user, &csrf, &id, Some(flash))?,
        ))
    })
    .await;
    match result {
        Ok((status, text)) => html(status, text),
        Err(failure) => failure.page(),
    }
}

pub(super) async fn curate_form(
    State(app): State<Shared>,
    headers: HeaderMap,
    Path(claim): Path<String>,
    Form(body): Form<CurateBody>,
) -> Response {
    let caller = match form_caller(&app, &headers, body.csrf.as_deref()).await {
        Ok(caller) => caller,
        Err(refused) => return refused,
    };
    let Some(article) = body.article.clone() else {
        return Failure::new(
            StatusCode::BAD_REQUEST,
            "bad_request",
            "the form names no article",
        )
        .page();
    };
    after_form(&app, caller, article, move |desk, user| {
        apply_curation(desk, user, &claim, body)
    })
    .await
}

pub(super) async fn add_claim_form(
    State(app): State<Shared>,
    headers: HeaderMap,
    Path(article): Path<String>,
    Form(body): Form<AddBody>,
) -> Response {
    let caller = match form_caller(&app, &headers, body.csrf.as_deref()).await {
        Ok(caller) => caller,
        Err(refused) => return refused,
    };
    let id = article.clone();
    after_form(&app, caller, article, move |desk, user| {
        apply_add(desk, user, &id, body).map(|(_, done)| done)
    })
    .await
}
