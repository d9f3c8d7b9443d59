//! `factdesk serve`: the web desk and its JSON API over the store this process holds.
//!
//! axum on a tokio runtime; every store call runs on the blocking pool (`spawn_blocking`), as the
//! store is synchronous and a transaction fsyncs before it returns. Pages come from
//! `report::desk`, JSON from the views the command line prints; nothing here writes to the store
//! except through `Desk`.

use std::collections::HashMap;
use std::io::Write;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use anyhow::{Context, Result};
use axum::Router;
use axum::body::Bytes;
use axum::extract::{ConnectInfo, DefaultBodyLimit, Form, Path, Query, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use factdesk::desk::{Desk, DeskError, MarkRequest, Refusal};
use factdesk::model::{ArticleId, Timestamp, User};
use factdesk::report::desk::{Flash, Move, Viewer};
use factdesk::store::StoreError;
use factdesk::workflow::TransitionRejected;

use super::Ctx;

/// Serve the web desk and its JSON API (see README, "The web desk").
///
/// Binds to loopback unless told otherwise; the store stays held by this process while it runs.
#[derive(Debug, clap::Args)]
pub(crate) struct ServeArgs {
    /// The address to listen on; port 0 picks a free one (printed on the first line).
    #[arg(long, value_name = "ADDR", default_value = "127.0.0.1:8080")]
    listen: SocketAddr,
    /// The desk is reached through an HTTPS reverse proxy: session cookies get `Secure`.
    #[arg(long)]
    behind_https_proxy: bool,
}

/// The largest request body taken: a form, a JSON body (an article revision comes later).
const MAX_BODY: usize = 2 << 20;
/// The largest new revision taken over HTTP: `ingest`'s default `--max-size`.
const MAX_ARTICLE_BODY: usize = 16 << 20;
/// How long a session lasts from login.
const SESSION_LIFETIME: Duration = Duration::from_secs(12 * 3600);
/// Failed logins (per name, and per address) before logins are slowed down.
const FREE_FAILURES: u32 = 5;
/// The longest wait a run of failures imposes.
const MAX_LOCKOUT: Duration = Duration::from_secs(15 * 60);
/// The session cookie's name.
const COOKIE: &str = "factdesk_session";

struct Session {
    user: String,
    csrf: String,
    expires: Instant,
}

#[derive(Default)]
struct Failures {
    count: u32,
    last: Option<Instant>,
}

struct App {
    desk: Desk,
    sessions: Mutex<HashMap<String, Session>>,
    failures: Mutex<HashMap<String, Failures>>,
    secure_cookie: bool,
}

type Shared = Arc<App>;

pub(crate) fn cmd_serve(ctx: &mut Ctx, args: &ServeArgs) -> Result<()> {
    let desk = ctx.take_desk()?;
    if !args.listen.ip().is_loopback() && !args.behind_https_proxy {
        let _ = writeln!(
            std::io::stderr(),
            "warning: serving on {} without TLS: passwords and sessions cross the network in clear; put the desk behind an HTTPS reverse proxy (README, \"The web desk\") and pass --behind-https-proxy",
            args.listen
        );
    }
    let app = Arc::new(App {
        desk,
        sessions: Mutex::new(HashMap::new()),
        failures: Mutex::new(HashMap::new()),
        secure_cookie: args.behind_https_proxy,
    });
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .context("cannot start the server's runtime")?;
    runtime.block_on(async {
        let listener = tokio::net::TcpListener::bind(args.listen)
            .await
            .with_context(|| format!("cannot listen on {}", args.listen))?;
        let address = listener.local_addr().context("cannot read the address")?;
        let serving = Serving::announce(&ctx.store_path, &format!("http://{address}"))?;
        ctx.line(format_args!(
            "factdesk serve: listening on http://{address}"
        ))?;
        ctx.flush()?;
        let router = router(app.clone());
        axum::serve(
            listener,
            router.into_make_service_with_connect_info::<SocketAddr>(),
        )
        .with_graceful_shutdown(async {
            let _ = tokio::signal::ctrl_c().await;
        })
        .await
        .context("the server failed")?;
        drop(serving);
        Ok::<_, anyhow::Error>(())
    })?;
    // The last request is answered: give the store back so it closes cleanly.
    if let Ok(app) = Arc::try_unwrap(app) {
        ctx.set_desk(app.desk);
    }
    Ok(())
}

/// The note in the store's directory that tells the command line where the desk serves it
/// (readable by the owner only); removed when the server stops.
struct Serving(std::path::PathBuf);

impl Serving {
    fn announce(store: &std::path::Path, url: &str) -> Result<Serving> {
        use std::os::unix::fs::OpenOptionsExt;
        let path = store.join(super::ctx::SERVING_FILE);
        let mut file = std::fs::OpenOptions::new()
            .write(true)
            .create(true)
            .truncate(true)
            .mode(0o600)
            .open(&path)
            .with_context(|| format!("cannot write {}", path.display()))?;
        writeln!(file, "{url}\n{}", std::process::id())
            .with_context(|| format!("cannot write {}", path.display()))?;
        Ok(Serving(path))
    }
}

impl Drop for Serving {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.0);
    }
}

fn router(app: Shared) -> Router {
    Router::new()
        .route("/", get(home))
        .route("/login", get(login_page).post(login))
        .route("/logout", post(logout))
        .route("/queue", get(queue_page))
        .route("/audit", get(audit_page))
        .route("/articles/{id}", get(article_page))
        .route("/claims/{id}/mark", post(mark_form))
        .route("/api/v1/articles", get(api_articles))
        .route("/api/v1/articles/{id}/claims", get(api_claims))
        .route("/api/v1/articles/{id}/gate", get(api_gate))
        .route("/api/v1/articles/{id}/report", get(api_report))
        .route("/api/v1/claims/{id}", get(api_claim))
        .route("/api/v1/claims/{id}/mark", post(api_mark))
        .route("/api/v1/queue", get(api_queue))
        .route("/api/v1/search", get(api_search))
        .route("/api/v1/articles/{id}/diff", get(api_diff))
        .route("/api/v1/claims/{id}/curate", post(api_curate))
        .route("/claims/{id}/curate", post(curate_form))
        .route("/articles/{id}/claims", post(add_claim_form))
        .route("/api/v1/articles/{id}/claims/add", post(api_add_claim))
        .route(
            "/api/v1/articles/{id}/revisions",
            post(api_ingest).layer(DefaultBodyLimit::max(MAX_ARTICLE_BODY)),
        )
        .route(
            "/articles/{id}/revisions",
            post(ingest_form).layer(DefaultBodyLimit::max(MAX_ARTICLE_BODY)),
        )
        .fallback(not_found)
        .layer(DefaultBodyLimit::max(MAX_BODY))
        .layer(axum::middleware::map_response(security_headers))
        .with_state(app)
}

/// Every answer: no script, nothing from elsewhere, no framing, no sniffing, no referrer.
async fn security_headers(mut response: Response) -> Response {
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(
            "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
        ),
    );
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    headers.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("no-referrer"),
    );
    headers.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    response
}

fn now() -> Timestamp {
    let ms = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_millis());
    Timestamp(i64::try_from(ms).unwrap_or(i64::MAX))
}

// ---- errors ----------------------------------------------------------------------------------

/// A refusal or failure, answered as JSON (`{"error": {"code", "message"}}`) on the API and as a
/// page elsewhere.
struct Failure {
    status: StatusCode,
    code: &'static str,
    message: String,
}

impl Failure {
    fn new(status: StatusCode, code: &'static str, message: impl Into<String>) -> Failure {
        Failure {
            status,
            code,
            message: message.into(),
        }
    }

    fn json(self) -> Response {
        let body = serde_json::json!({"error": {"code": self.code, "message": self.message}});
        let text = factdesk::json::to_string(&body).unwrap_or_default();
        (
            self.status,
            [(header::CONTENT_TYPE, "application/json")],
            text,
        )
            .into_response()
    }

    fn page(self) -> Response {
        let text = format!("{}: {}", self.status, self.message);
        (
            self.status,
            [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
            text,
        )
            .into_response()
    }
}

impl From<DeskError> for Failure {
    fn from(err: DeskError) -> Failure {
        let message = err.to_string();
        let (status, code) = match &err {
            DeskError::UnknownArticle { .. } => (StatusCode::NOT_FOUND, "unknown_article"),
            DeskError::UnknownRevision { .. } => (StatusCode::NOT_FOUND, "unknown_revision"),
            DeskError::UnknownClaim { .. } => (StatusCode::NOT_FOUND, "unknown_claim"),
            DeskError::ClaimNotInArticle { .. } => (StatusCode::NOT_FOUND, "claim_not_in_article"),
            DeskError::ClaimNotInLatest { .. } => (StatusCode::CONFLICT, "claim_not_in_latest"),
            DeskError::Auth(_) => (StatusCode::UNAUTHORIZED, "unauthorized"),
            DeskError::Refused(_) => (StatusCode::CONFLICT, "refused"),
            DeskError::UnrelatedRevision { .. } => (StatusCode::BAD_REQUEST, "unrelated_text"),
            DeskError::Store(StoreError::Locked { .. }) => (StatusCode::LOCKED, "store_busy"),
            DeskError::Store(_) | DeskError::StoredWorkflow(_) => {
                (StatusCode::INTERNAL_SERVER_ERROR, "store_failed")
            }
            _ => (StatusCode::BAD_REQUEST, "bad_request"),
        };
        Failure::new(status, code, message)
    }
}

impl From<Refusal> for Failure {
    fn from(refusal: Refusal) -> Failure {
        let message = refusal.to_string();
        match refusal {
            Refusal::Stale { .. } => Failure::new(StatusCode::CONFLICT, "stale_state", message),
            Refusal::Workflow(
                TransitionRejected::RoleRequired { .. } | TransitionRejected::SameUser { .. },
            ) => Failure::new(StatusCode::FORBIDDEN, "not_allowed_for_you", message),
            Refusal::Workflow(_) => Failure::new(StatusCode::BAD_REQUEST, "illegal_move", message),
        }
    }
}

/// Runs `work` on the blocking pool with the desk.
async fn with_desk<T: Send + 'static>(
    app: &Shared,
    work: impl FnOnce(&Desk) -> Result<T, Failure> + Send + 'static,
) -> Result<T, Failure> {
    let app = app.clone();
    tokio::task::spawn_blocking(move || work(&app.desk))
        .await
        .unwrap_or_else(|_| {
            Err(Failure::new(
                StatusCode::INTERNAL_SERVER_ERROR,
                "internal",
                "the request's work stopped unexpectedly",
            ))
        })
}

// ---- who is asking ---------------------------------------------------------------------------

/// The logged-in user (a session or an API token) and, for a session, its CSRF token.
struct Caller {
    user: String,
    csrf: Option<String>,
}

fn cookie_session(headers: &HeaderMap) -> Option<&str> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(name, _)| *name == COOKIE)
        .map(|(_, value)| value)
}

async fn caller(app: &Shared, headers: &HeaderMap) -> Result<Caller, Failure> {
    let unauthorized = || {
        Failure::new(
            StatusCode::UNAUTHORIZED,
            "unauthorized",
            "log in first (POST /login), or send `Authorization: Bearer TOKEN` (`factdesk token add USER`)",
        )
    };
    if let Some(bearer) = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
    {
        let token = bearer.trim().to_owned();
        let user: User = with_desk(app, move |desk| Ok(desk.authenticate_token(&token)?)).await?;
        return Ok(Caller {
            user: user.name,
            csrf: None,
        });
    }
    let id = cookie_session(headers).ok_or_else(unauthorized)?;
    let sessions = app.sessions.lock().map_err(|_| unauthorized())?;
    match sessions.get(id) {
        Some(session) if session.expires > Instant::now() => Ok(Caller {
            user: session.user.clone(),
            csrf: Some(session.csrf.clone()),
        }),
        _ => Err(unauthorized()),
    }
}

/// A state-changing request from a session must carry the session's CSRF token (a form field,
/// or the `X-CSRF-Token` header); a token-authenticated one needs none.
fn check_csrf(caller: &Caller, given: Option<&str>) -> Result<(), Failure> {
    match &caller.csrf {
        None => Ok(()),
        Some(expected) if given.is_some_and(|g| constant_time_eq(g, expected)) => Ok(()),
        Some(_) => Err(Failure::new(
            StatusCode::FORBIDDEN,
            "csrf",
            "the form's security token is missing or stale: reload the page and try again",
        )),
    }
}

fn constant_time_eq(a: &str, b: &str) -> bool {
    a.len() == b.len()
        && a.bytes()
            .zip(b.bytes())
            .fold(0u8, |acc, (x, y)| acc | (x ^ y))
            == 0
}

fn random_hex(bytes: usize) -> Result<String, Failure> {
    let random = factdesk::desk::random_bytes::<32>().map_err(Failure::from)?;
    Ok(random[..bytes.min(32)]
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect())
}

// ---- login -----------------------------------------------------------------------------------

async fn login_page() -> Response {
    html(StatusCode::OK, factdesk::report::desk::render_login(None))
}

#[derive(serde::Deserialize)]
struct LoginForm {
    name: String,
    password: String,
}

/// How long a run of failures under `key` makes the next login wait, if it must.
fn lockout(app: &App, key: &str) -> Option<Duration> {
    let failures = app.failures.lock().ok()?;
    let entry = failures.get(key)?;
    let over = entry.count.checked_sub(FREE_FAILURES)?;
    let wait = Duration::from_secs(1u64 << over.min(10)).min(MAX_LOCKOUT);
    let since = entry.last?.elapsed();
    (since < wait).then(|| wait - since)
}

fn record_failure(app: &App, keys: &[&str]) {
    if let Ok(mut failures) = app.failures.lock() {
        for key in keys {
            let entry = failures.entry((*key).to_owned()).or_default();
            entry.count += 1;
            entry.last = Some(Instant::now());
        }
    }
}

async fn login(
    State(app): State<Shared>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    Form(form): Form<LoginForm>,
) -> Response {
    let (by_name, by_address) = (format!("name:{}", form.name), format!("ip:{}", peer.ip()));
    if let Some(wait) = lockout(&app, &by_name).or_else(|| lockout(&app, &by_address)) {
        let message = format!(
            "too many failed logins: wait {} seconds and try again",
            wait.as_secs().max(1)
        );
        let mut response = html(
            StatusCode::TOO_MANY_REQUESTS,
            factdesk::report::desk::render_login(Some(&message)),
        );
        if let Ok(value) = HeaderValue::from_str(&wait.as_secs().max(1).to_string()) {
            response.headers_mut().insert(header::RETRY_AFTER, value);
        }
        return response;
    }
    let name = form.name.clone();
    let password = form.password;
    let outcome = with_desk(&app, move |desk| Ok(desk.authenticate(&name, &password)?)).await;
    match outcome {
        Ok(user) => {
            if let Ok(mut failures) = app.failures.lock() {
                failures.remove(&by_name);
            }
            let (Ok(id), Ok(csrf)) = (random_hex(32), random_hex(32)) else {
                return Failure::new(
                    StatusCode::INTERNAL_SERVER_ERROR,
                    "internal",
                    "no randomness",
                )
                .page();
            };
            if let Ok(mut sessions) = app.sessions.lock() {
                sessions.retain(|_, s| s.expires > Instant::now());
                sessions.insert(
                    id.clone(),
                    Session {
                        user: user.name,
                        csrf,
                        expires: Instant::now() + SESSION_LIFETIME,
                    },
                );
            }
            let secure = if app.secure_cookie { "; Secure" } else { "" };
            let cookie = format!(
                "{COOKIE}={id}; HttpOnly; SameSite=Strict; Path=/; Max-Age={}{secure}",
                SESSION_LIFETIME.as_secs()
            );
            let mut response = Redirect::to("/").into_response();
            if let Ok(value) = HeaderValue::from_str(&cookie) {
                response.headers_mut().insert(header::SET_COOKIE, value);
            }
            response
        }
        Err(failure) => {
            record_failure(&app, &[&by_name, &by_address]);
            let message = match failure.status {
                StatusCode::UNAUTHORIZED => "unknown user or wrong password".to_owned(),
                _ => failure.message,
            };
            html(
                StatusCode::UNAUTHORIZED,
                factdesk::report::desk::render_login(Some(&message)),
            )
        }
    }
}

#[derive(serde::Deserialize)]
struct CsrfForm {
    csrf: Option<String>,
}

async fn logout(
    State(app): State<Shared>,
    headers: HeaderMap,
    Form(form): Form<CsrfForm>,
) -> Response {
    if let Ok(caller) = caller(&app, &headers).await
        && check_csrf(&caller, form.csrf.as_deref()).is_ok()
        && let Some(id) = cookie_session(&headers)
        && let Ok(mut sessions) = app.sessions.lock()
    {
        sessions.remove(id);
    }
    let mut response = Redirect::to("/login").into_response();
    let expired = format!("{COOKIE}=; HttpOnly; SameSite=Strict; Path=/; Max-Age=0");
    if let Ok(value) = HeaderValue::from_str(&expired) {
        response.headers_mut().insert(header::SET_COOKIE, value);
    }
    response
}

// ---- pages -----------------------------------------------------------------------------------

fn html(status: StatusCode, text: String) -> Response {
    (
        status,
        [(header::CONTENT_TYPE, "text/html; charset=utf-8")],
        text,
    )
        .into_response()
}

/// The caller of a page, or the way to the login page.
async fn page_caller(app: &Shared, headers: &HeaderMap) -> Result<Caller, Response> {
    caller(app, headers)
        .await
        .map_err(|_| Redirect::to("/login").into_response())
}

/// A page for its logged-in caller (others go to the login page): `render` makes it from the
/// desk, on the blocking pool.
async fn page(
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

async fn home(State(app): State<Shared>, headers: HeaderMap) -> Response {
    page(&app, &headers, |desk, viewer| {
        // Newest first: the articles most recently created lead.
        let mut created: Vec<(String, Timestamp)> = desk
            .articles()?
            .into_iter()
            .map(|a| (a.id.to_string(), a.created_at))
            .collect();
        created.sort_by_key(|(_, at)| std::cmp::Reverse(*at));
        let mut lines = factdesk::view::articles(desk)?;
        lines.sort_by_key(|line| created.iter().position(|(id, _)| *id == line.id));
        let mut articles = Vec::with_capacity(lines.len());
        for line in lines {
            let id = parse_article(&line.id)?;
            let blocking = desk.gate(&id, None)?.len();
            articles.push((line, blocking));
        }
        let waiting = desk.queue(None)?.len();
        Ok(factdesk::report::desk::render_home(
            viewer,
            &articles,
            &workflow_states(desk),
            waiting,
        ))
    })
    .await
}

fn workflow_states(desk: &Desk) -> Vec<factdesk::report::StateView> {
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

async fn queue_page(State(app): State<Shared>, headers: HeaderMap) -> Response {
    page(&app, &headers, |desk, viewer| {
        let lines = factdesk::view::queue(desk, None)?;
        Ok(factdesk::report::desk::render_queue(
            viewer,
            &lines,
            &workflow_states(desk),
        ))
    })
    .await
}

async fn audit_page(State(app): State<Shared>, headers: HeaderMap) -> Response {
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

fn parse_article(id: &str) -> Result<ArticleId, Failure> {
    ArticleId::new(id).ok_or_else(|| {
        Failure::new(
            StatusCode::NOT_FOUND,
            "unknown_article",
            format!("`{id}` is not an article id"),
        )
    })
}

/// The article page, with `flash` on top; used after a refused move too.
fn article_page_text(
    desk: &Desk,
    user: &str,
    csrf: &str,
    id: &ArticleId,
    flash: Option<Flash<'_>>,
) -> Result<String, Failure> {
    let audit = factdesk::report::check_article_audit(desk, id)?;
    let report = factdesk::report::build(
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
    let blocking = desk.gate(id, None)?.len();
    Ok(factdesk::report::desk::render_article(
        Viewer { user, csrf },
        &report,
        &moves,
        flash,
        blocking,
    ))
}

async fn article_page(
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
struct MarkForm {
    csrf: Option<String>,
    article: String,
    from: Option<String>,
    state: String,
    source: Option<String>,
    note: Option<String>,
}

fn non_blank(value: Option<String>) -> Option<String> {
    value.map(|v| v.trim().to_owned()).filter(|v| !v.is_empty())
}

/// A move as a form or a JSON body asks for it.
struct MoveRequest {
    article: String,
    to: String,
    from: Option<String>,
    source: Option<String>,
    note: Option<String>,
}

/// Applies a move on `claim` as `user`: the result, or why it was refused.
fn apply_mark(
    desk: &Desk,
    user: &str,
    claim: &str,
    asked: MoveRequest,
) -> Result<factdesk::desk::Marked, Failure> {
    let article = parse_article(&asked.article)?;
    let (article, claim) = desk.resolve(claim, Some(&article))?;
    let request = MarkRequest {
        article,
        claim,
        to: asked.to,
        source: non_blank(asked.source),
        note: non_blank(asked.note),
        evidence: None,
        reuse_source: None,
        expected_state: non_blank(asked.from),
    };
    Ok(desk.mark(&request, user, now())??)
}

async fn mark_form(
    State(app): State<Shared>,
    headers: HeaderMap,
    Path(claim): Path<String>,
    Form(form): Form<MarkForm>,
) -> Response {
    let caller = match page_caller(&app, &headers).await {
        Ok(caller) => caller,
        Err(to_login) => return to_login,
    };
    if let Err(failure) = check_csrf(&caller, form.csrf.as_deref()) {
        return failure.page();
    }
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

async fn not_found(uri: axum::http::Uri) -> Response {
    let failure = Failure::new(
        StatusCode::NOT_FOUND,
        "not_found",
        format!("no such page: {}", uri.path()),
    );
    if uri.path().starts_with("/api/") {
        failure.json()
    } else {
        failure.page()
    }
}

// ---- the JSON API ----------------------------------------------------------------------------

/// The caller of a request that changes something through the API, and its JSON body: a
/// session or token, the session's CSRF token (`X-CSRF-Token`), and a body of `B`'s shape
/// (`example` shows one in the refusal).
async fn api_writer<B: serde::de::DeserializeOwned>(
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

fn json_answer(text: Result<String, Failure>) -> Response {
    match text {
        Ok(text) => (
            StatusCode::OK,
            [(header::CONTENT_TYPE, "application/json")],
            text,
        )
            .into_response(),
        Err(failure) => failure.json(),
    }
}

fn to_json<T: serde::Serialize>(value: &T) -> Result<String, Failure> {
    factdesk::json::to_string(value).map_err(|err| {
        Failure::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            "internal",
            err.to_string(),
        )
    })
}

async fn api_articles(State(app): State<Shared>, headers: HeaderMap) -> Response {
    if let Err(failure) = caller(&app, &headers).await {
        return failure.json();
    }
    json_answer(with_desk(&app, |desk| to_json(&factdesk::view::articles(desk)?)).await)
}

async fn api_queue(State(app): State<Shared>, headers: HeaderMap) -> Response {
    if let Err(failure) = caller(&app, &headers).await {
        return failure.json();
    }
    json_answer(with_desk(&app, |desk| to_json(&factdesk::view::queue(desk, None)?)).await)
}

async fn api_claims(
    State(app): State<Shared>,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Response {
    if let Err(failure) = caller(&app, &headers).await {
        return failure.json();
    }
    json_answer(
        with_desk(&app, move |desk| {
            let id = parse_article(&id)?;
            let views: Vec<_> = desk
                .claims(&id, None)?
                .iter()
                .map(|c| factdesk::report::ClaimView::reviewed(&c.claim, &c.review))
                .collect();
            to_json(&views)
        })
        .await,
    )
}

async fn api_gate(
    State(app): State<Shared>,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Response {
    if let Err(failure) = caller(&app, &headers).await {
        return failure.json();
    }
    json_answer(
        with_desk(&app, move |desk| {
            let id = parse_article(&id)?;
            let gate = factdesk::view::gate(desk, &id, None)?;
            to_json(&serde_json::json!({
                "article": id.as_str(),
                "revision": gate.revision,
                "ready": gate.blocking.is_empty(),
                "blocking": gate.blocking,
            }))
        })
        .await,
    )
}

#[derive(serde::Deserialize)]
struct ArticleQuery {
    article: Option<String>,
}

async fn api_claim(
    State(app): State<Shared>,
    headers: HeaderMap,
    Path(claim): Path<String>,
    Query(query): Query<ArticleQuery>,
) -> Response {
    if let Err(failure) = caller(&app, &headers).await {
        return failure.json();
    }
    json_answer(
        with_desk(&app, move |desk| {
            let article = query.article.as_deref().map(parse_article).transpose()?;
            to_json(&factdesk::view::show(desk, &claim, article.as_ref())?)
        })
        .await,
    )
}

#[derive(serde::Deserialize)]
struct ReportQuery {
    format: Option<String>,
}

async fn api_report(
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
            other => {
                return Err(Failure::new(
                    StatusCode::BAD_REQUEST,
                    "bad_request",
                    format!("format `{other}` is not one of json, html, md, csv"),
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
struct MarkBody {
    article: Option<String>,
    state: String,
    from: Option<String>,
    source: Option<String>,
    note: Option<String>,
}

#[derive(serde::Serialize)]
struct MarkedView {
    article: String,
    claim: String,
    from: String,
    to: String,
    transition: String,
    seq: u64,
}

async fn api_mark(
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
            };
            let marked = apply_mark(desk, &user, &claim, asked)?;
            let (_, id) = desk.resolve(&claim, Some(&article))?;
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

#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct RevisionBody {
    text: String,
    format: Option<String>,
    source: Option<String>,
    title: Option<String>,
    url: Option<String>,
    #[serde(default)]
    force: bool,
}

/// What an ingest did, as the API answers it.
#[derive(serde::Serialize)]
struct IngestedView {
    article: String,
    revision: u32,
    /// False when the text equals the latest revision's (nothing was added).
    added: bool,
    claims: usize,
    counts: Option<IngestCounts>,
    diagnostics: Vec<String>,
}

#[derive(serde::Serialize)]
struct IngestCounts {
    modified: usize,
    added: usize,
    removed: usize,
    moved: usize,
    unchanged: usize,
    kept_their_review: usize,
}

/// Ingests `body` as the next revision of `article`, as `user`.
fn ingest_text(
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

/// An article id for a new article or an existing one.
fn parse_article_new(id: &str) -> Result<ArticleId, Failure> {
    ArticleId::new(id).ok_or_else(|| {
        Failure::new(
            StatusCode::BAD_REQUEST,
            "bad_request",
            format!(
                "`{id}` is not a valid article id: use lower-case letters, digits, '-', '_' and '.'"
            ),
        )
    })
}

async fn api_ingest(
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
struct RevisionForm {
    csrf: Option<String>,
    text: String,
    force: Option<String>,
}

async fn ingest_form(
    State(app): State<Shared>,
    headers: HeaderMap,
    Path(id): Path<String>,
    Form(form): Form<RevisionForm>,
) -> Response {
    let caller = match page_caller(&app, &headers).await {
        Ok(caller) => caller,
        Err(to_login) => return to_login,
    };
    if let Err(failure) = check_csrf(&caller, form.csrf.as_deref()) {
        return failure.page();
    }
    let csrf = caller.csrf.clone().unwrap_or_default();
    let user = caller.user;
    let body = RevisionBody {
        text: form.text,
        format: None,
        source: None,
        title: None,
        url: None,
        force: form.force.is_some(),
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

#[derive(serde::Deserialize)]
struct SearchQuery {
    q: String,
}

async fn api_search(
    State(app): State<Shared>,
    headers: HeaderMap,
    Query(query): Query<SearchQuery>,
) -> Response {
    if let Err(failure) = caller(&app, &headers).await {
        return failure.json();
    }
    json_answer(
        with_desk(&app, move |desk| {
            to_json(&factdesk::view::search(desk, &query.q)?)
        })
        .await,
    )
}

/// An editor's correction of one claim, as a form or a JSON body gives it.
#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct CurateBody {
    /// `dismiss`, `restore`, `speaker` or `override`.
    action: String,
    article: Option<String>,
    /// The dismissal's reason.
    reason: Option<String>,
    /// The speaker's name.
    speaker: Option<String>,
    note: Option<String>,
    /// A form's CSRF token (a JSON caller sends `X-CSRF-Token`).
    csrf: Option<String>,
}

/// Applies a correction as `user`; a line for people saying what was done.
fn apply_curation(
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

async fn api_curate(
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

/// After a form: the article page with what was done, or why not.
async fn after_form(
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

async fn curate_form(
    State(app): State<Shared>,
    headers: HeaderMap,
    Path(claim): Path<String>,
    Form(body): Form<CurateBody>,
) -> Response {
    let caller = match page_caller(&app, &headers).await {
        Ok(caller) => caller,
        Err(to_login) => return to_login,
    };
    if let Err(failure) = check_csrf(&caller, body.csrf.as_deref()) {
        return failure.page();
    }
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

/// A claim the extractor missed, as a form or a JSON body names it.
#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct AddBody {
    /// `quote` or `number`.
    kind: String,
    text: String,
    occurrence: Option<String>,
    speaker: Option<String>,
    value: Option<String>,
    unit: Option<String>,
    qualifier: Option<String>,
    csrf: Option<String>,
}

fn apply_add(
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

async fn add_claim_form(
    State(app): State<Shared>,
    headers: HeaderMap,
    Path(article): Path<String>,
    Form(body): Form<AddBody>,
) -> Response {
    let caller = match page_caller(&app, &headers).await {
        Ok(caller) => caller,
        Err(to_login) => return to_login,
    };
    if let Err(failure) = check_csrf(&caller, body.csrf.as_deref()) {
        return failure.page();
    }
    let id = article.clone();
    after_form(&app, caller, article, move |desk, user| {
        apply_add(desk, user, &id, body).map(|(_, done)| done)
    })
    .await
}

async fn api_add_claim(
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
struct DiffQuery {
    from: Option<u32>,
    to: Option<u32>,
}

async fn api_diff(
    State(app): State<Shared>,
    headers: HeaderMap,
    Path(id): Path<String>,
    Query(query): Query<DiffQuery>,
) -> Response {
    if let Err(failure) = caller(&app, &headers).await {
        return failure.json();
    }
    json_answer(
        with_desk(&app, move |desk| {
            let id = parse_article(&id)?;
            let diff = desk.diff(&id, query.from, query.to)?;
            let changes: Vec<factdesk::report::ChangeView> = diff
                .claim_changes()
                .iter()
                .map(|c| factdesk::report::ChangeView::new(c, |claim| diff.curation(claim)))
                .collect();
            to_json(&changes)
        })
        .await,
    )
}
