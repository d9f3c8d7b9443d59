//! `factdesk serve`: the web desk and its JSON API over the store this process holds.
//!
//! axum on a tokio runtime; every store call runs on the blocking pool (`spawn_blocking`), as the
//! store is synchronous and a transaction fsyncs before it returns. Pages come from
//! `report::desk`, JSON from the views the command line prints; nothing here writes to the store
//! except through `Desk`.

mod actions;
mod api;
mod auth;
mod deliver;
mod local;
mod pages;
mod saved;
mod upload;

use std::collections::HashMap;
use std::io::Write;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};

use anyhow::{Context, Result};
use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use factdesk::desk::{Desk, DeskError, Refusal};
use factdesk::model::{ArticleId, Timestamp};
use factdesk::store::StoreError;
use factdesk::workflow::TransitionRejected;
use tower_http::compression::CompressionLayer;
use tower_http::timeout::TimeoutLayer;

use super::Ctx;
use api::{
    api_add_claim, api_articles, api_assign, api_assignments, api_claim, api_claims, api_curate,
    api_diff, api_evidence, api_gate, api_ingest, api_mark, api_queue, api_report, api_revisions,
    api_search,
};
use auth::{Failures, login, login_page, logout};
use pages::{
    add_claim_form, article_page, assign_form, audit_page, compare_page, curate_form, home,
    ingest_form, mark_form, queue_page, revisions_page, search_page,
};

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
    /// Pages the newsroom saved (`wget --mirror` layout: DIR/HOST/PATH): a new revision can then
    /// be given by its address, read from here, never fetched.
    #[arg(long, value_name = "DIR")]
    saved_pages: Option<std::path::PathBuf>,
}

/// The largest request body taken: a form, a JSON body (an article revision comes later).
const MAX_BODY: usize = 2 << 20;
/// How long a request of the desk or its API may take before it is answered 408 (the work it
/// started still finishes: a 408 on a write means "look before trying again").
const REQUEST_TIME_LIMIT: std::time::Duration = std::time::Duration::from_secs(120);

/// The largest new revision taken over HTTP: `ingest`'s default `--max-size`.
const MAX_ARTICLE_BODY: usize = 16 << 20;
/// The largest move taken with its evidence: the store's limit on an evidence file, and room
/// for the form's fields.
const MAX_EVIDENCE_BODY: usize = factdesk::store::MAX_EVIDENCE_BYTES as usize + (1 << 20);
/// The same move through the API, whose JSON carries the evidence in base64 (4 bytes for 3).
const MAX_API_MARK_BODY: usize = MAX_EVIDENCE_BODY / 3 * 4;

struct App {
    desk: Arc<Desk>,
    failures: Mutex<HashMap<String, Failures>>,
    secure_cookie: bool,
    /// What the command line presents to run a command here (`local::run`): written in the
    /// store's directory, readable by its owner only.
    local_credential: String,
    /// Wakes the webhook deliveries after each request (`deliver`).
    wake: deliver::Wake,
}

type Shared = Arc<App>;

pub(crate) fn cmd_serve(ctx: &mut Ctx, args: &ServeArgs) -> Result<()> {
    let policy = super::webhook::retry_policy()?;
    factdesk::store::set_page_cache(factdesk::store::SERVER_CACHE_BYTES);
    let desk = ctx.take_desk()?;
    // Sessions outlive a restart; those that ended meanwhile go now.
    desk.end_expired_sessions(now())?;
    if !args.listen.ip().is_loopback() && !args.behind_https_proxy {
        let _ = writeln!(
            std::io::stderr(),
            "warning: serving on {} without TLS: passwords and sessions cross the network in clear; put the desk behind an HTTPS reverse proxy (README, \"The web desk\") and pass --behind-https-proxy",
            args.listen
        );
    }
    if let Some(dir) = &args.saved_pages {
        let root = std::fs::canonicalize(dir)
            .ok()
            .filter(|dir| dir.is_dir())
            .with_context(|| {
                format!(
                    "--saved-pages {} is not a folder: give the folder the saved pages are in",
                    dir.display()
                )
            })?;
        saved::configure(root);
    }
    let local_credential: String = factdesk::desk::random_bytes::<32>()?
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    let app = Arc::new(App {
        desk: Arc::new(desk),
        failures: Mutex::new(HashMap::new()),
        secure_cookie: args.behind_https_proxy,
        local_credential,
        wake: deliver::Wake::default(),
    });
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .max_blocking_threads(blocking_threads())
        .enable_all()
        .build()
        .context("cannot start the server's runtime")?;
    runtime.block_on(async {
        let listener = tokio::net::TcpListener::bind(args.listen)
            .await
            .with_context(|| format!("cannot listen on {}", args.listen))?;
        let address = listener.local_addr().context("cannot read the address")?;
        let serving = Serving::announce(
            &ctx.store_path,
            &format!("http://{address}"),
            &app.local_credential,
        )?;
        ctx.line(format_args!(
            "factdesk serve: listening on http://{address}"
        ))?;
        ctx.flush()?;
        let router = router(app.clone());
        let deliverer = deliver::Deliverer::start(app.clone(), policy)
            .context("cannot start the webhook deliveries")?;
        let served = axum::serve(
            listener,
            router.into_make_service_with_connect_info::<SocketAddr>(),
        )
        .with_graceful_shutdown(async {
            let _ = tokio::signal::ctrl_c().await;
        })
        .await
        .context("the server failed");
        // Off the runtime's threads: the attempt under way may take its whole timeout.
        let _ = tokio::task::spawn_blocking(move || deliverer.stop()).await;
        served?;
        drop(serving);
        Ok::<_, anyhow::Error>(())
    })?;
    // The last request is answered: give the store back so it closes cleanly.
    if let Ok(app) = Arc::try_unwrap(app)
        && let Ok(desk) = Arc::try_unwrap(app.desk)
    {
        ctx.set_desk(desk);
    }
    Ok(())
}

/// The note in the store's directory that tells the command line where the desk serves it
/// (readable by the owner only); removed when the server stops.
struct Serving(std::path::PathBuf);

impl Serving {
    fn announce(store: &std::path::Path, url: &str, credential: &str) -> Result<Serving> {
        use std::os::unix::fs::OpenOptionsExt;
        let path = store.join(super::ctx::SERVING_FILE);
        // A note a killed server left behind goes first: a file made anew gets the owner-only
        // mode, which an existing one would not.
        match std::fs::remove_file(&path) {
            Err(err) if err.kind() != std::io::ErrorKind::NotFound => {
                return Err(err).with_context(|| format!("cannot replace {}", path.display()));
            }
            _ => {}
        }
        let mut file = std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .mode(0o600)
            .open(&path)
            .with_context(|| format!("cannot write {}", path.display()))?;
        writeln!(file, "{url}\n{}\n{credential}", std::process::id())
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
        .route("/search", get(search_page))
        .route("/articles/{id}", get(article_page))
        .route("/articles/{id}/assign", post(assign_form))
        .route(
            "/articles/{id}/revisions",
            get(revisions_page)
                .post(ingest_form)
                .layer(DefaultBodyLimit::max(MAX_ARTICLE_BODY)),
        )
        .route("/articles/{id}/compare", get(compare_page))
        .route(
            "/claims/{id}/mark",
            post(mark_form).layer(DefaultBodyLimit::max(MAX_EVIDENCE_BODY)),
        )
        .route("/api/v1/articles", get(api_articles))
        .route("/api/v1/articles/{id}/claims", get(api_claims))
        .route("/api/v1/articles/{id}/gate", get(api_gate))
        .route("/api/v1/articles/{id}/report", get(api_report))
        .route("/api/v1/claims/{id}", get(api_claim))
        .route(
            "/api/v1/claims/{id}/mark",
            post(api_mark).layer(DefaultBodyLimit::max(MAX_API_MARK_BODY)),
        )
        .route("/api/v1/queue", get(api_queue))
        .route("/api/v1/evidence/{hash}", get(api_evidence))
        .route("/api/v1/articles/{id}/assign", post(api_assign))
        .route("/api/v1/articles/{id}/assignments", get(api_assignments))
        .route("/api/v1/search", get(api_search))
        .route("/api/v1/articles/{id}/diff", get(api_diff))
        .route("/api/v1/claims/{id}/curate", post(api_curate))
        .route("/claims/{id}/curate", post(curate_form))
        .route("/articles/{id}/claims", post(add_claim_form))
        .route("/api/v1/articles/{id}/claims/add", post(api_add_claim))
        .route(
            "/api/v1/articles/{id}/revisions",
            get(api_revisions)
                .post(api_ingest)
                .layer(DefaultBodyLimit::max(MAX_ARTICLE_BODY)),
        )
        .fallback(not_found)
        .layer(DefaultBodyLimit::max(MAX_BODY))
        .layer(TimeoutLayer::with_status_code(
            StatusCode::REQUEST_TIMEOUT,
            REQUEST_TIME_LIMIT,
        ))
        // A command of the command line may rightly run long (a report of every article): no
        // time limit but the caller's.
        .route(
            "/local/v1/run",
            post(local::run).layer(DefaultBodyLimit::max(local::MAX_RUN_BODY)),
        )
        // Compressed pages carry a CSRF token beside text a request may echo (BREACH); a
        // cross-site request never carries the SameSite=Strict session whose token it would be.
        .layer(CompressionLayer::new())
        .layer(axum::middleware::from_fn(api_refusals_as_json))
        .layer(axum::middleware::map_response(security_headers))
        .with_state(app)
}

/// axum's own refusals (a path or query that does not read, a body over the limit, a method the
/// route lacks) are plain text; under `/api/` they are answered as every other API error is,
/// `{"error": {"code", "message"}}` with the same status and headers.
async fn api_refusals_as_json(
    request: axum::extract::Request,
    next: axum::middleware::Next,
) -> Response {
    let api = request.uri().path().starts_with("/api/");
    let method = request.method().clone();
    let response = next.run(request).await;
    let status = response.status();
    let json = response
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/json"));
    if !api || json || !status.is_client_error() {
        return response;
    }
    let (mut parts, body) = response.into_parts();
    let (code, message) = match status {
        StatusCode::PAYLOAD_TOO_LARGE => (
            "body_too_large",
            format!(
                "the body is over the limit: {} MiB ({} MiB for a revision, {} MiB for a move with its evidence)",
                MAX_BODY >> 20,
                MAX_ARTICLE_BODY >> 20,
                MAX_API_MARK_BODY >> 20
            ),
        ),
        StatusCode::METHOD_NOT_ALLOWED => {
            let allowed = parts
                .headers
                .get(header::ALLOW)
                .and_then(|v| v.to_str().ok())
                .unwrap_or("")
                .to_owned();
            (
                "method_not_allowed",
                format!("{method} is not answered here: use {allowed}"),
            )
        }
        _ => {
            let text = axum::body::to_bytes(body, 64 << 10)
                .await
                .unwrap_or_default();
            let text = String::from_utf8_lossy(&text).trim().to_owned();
            let reason = status.canonical_reason().unwrap_or("refused");
            (
                "bad_request",
                if text.is_empty() {
                    reason.to_owned()
                } else {
                    text
                },
            )
        }
    };
    let answer = Failure::new(status, code, message).json();
    parts.headers.remove(header::CONTENT_LENGTH);
    parts.headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json"),
    );
    Response::from_parts(parts, answer.into_body())
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
            DeskError::UnknownEvidence { .. } => (StatusCode::NOT_FOUND, "unknown_evidence"),
            DeskError::EvidenceTooLarge { .. } => (StatusCode::PAYLOAD_TOO_LARGE, "too_large"),
            DeskError::ClaimNotInArticle { .. } => (StatusCode::NOT_FOUND, "claim_not_in_article"),
            DeskError::ClaimNotInLatest { .. } => (StatusCode::CONFLICT, "claim_not_in_latest"),
            DeskError::Auth(_) => (StatusCode::UNAUTHORIZED, "unauthorized"),
            DeskError::Refused(_) => (StatusCode::CONFLICT, "refused"),
            DeskError::Unchanged { .. } => (StatusCode::CONFLICT, "unchanged"),
            DeskError::UnrelatedRevision { .. } => (StatusCode::BAD_REQUEST, "unrelated_text"),
            DeskError::StubRevision { .. } => (StatusCode::BAD_REQUEST, "stub_text"),
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

/// How many requests do their store work at once (tokio's blocking pool; 512 by default).
///
/// The work is CPU and the store's page cache, so threads beyond a few a core add no throughput,
/// only the memory each request's work holds while it waits for a core: at 100k articles and
/// 16 clients the default pool ran 16 pages at once and took the server past 1 GB; 4 threads
/// kept it under 500 MB at the same requests/s on 2 cores (docs/scale.md).
fn blocking_threads() -> usize {
    let cores = std::thread::available_parallelism().map_or(2, std::num::NonZero::get);
    (cores * 2).clamp(4, 32)
}

/// Runs `work` on the blocking pool with the desk.
async fn with_desk<T: Send + 'static>(
    app: &Shared,
    work: impl FnOnce(&Desk) -> Result<T, Failure> + Send + 'static,
) -> Result<T, Failure> {
    let app = app.clone();
    tokio::task::spawn_blocking(move || {
        let done = work(&app.desk);
        // Whatever it was, it may have written: the deliveries look at once.
        app.wake.poke();
        done
    })
    .await
    .unwrap_or_else(|_| {
        Err(Failure::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            "internal",
            "the request's work stopped unexpectedly",
        ))
    })
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

fn non_blank(value: Option<String>) -> Option<String> {
    value.map(|v| v.trim().to_owned()).filter(|v| !v.is_empty())
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
