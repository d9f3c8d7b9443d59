//! Who is asking: sessions, API tokens, CSRF tokens, logging in and out, and the slowing down of
//! repeated failed logins.

use std::net::SocketAddr;
use std::sync::{OnceLock, mpsc};
use std::time::{Duration, Instant};

use super::pages::html;
use super::{App, Failure, Shared, now, with_desk};
use anyhow::Result;
use axum::extract::{ConnectInfo, Form, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use factdesk::desk::Desk;
use factdesk::model::User;

/// How long a session lasts from login.
pub(super) const SESSION_LIFETIME: Duration = Duration::from_secs(12 * 3600);

/// Failed logins (per name, and per address) before logins are slowed down.
pub(super) const FREE_FAILURES: u32 = 5;

/// The longest wait a run of failures imposes.
pub(super) const MAX_LOCKOUT: Duration = Duration::from_secs(15 * 60);

/// The session cookie's name.
pub(super) const COOKIE: &str = "factdesk_session";

#[derive(Default)]
pub(super) struct Failures {
    pub(super) count: u32,
    pub(super) last: Option<Instant>,
}

/// The logged-in user (a session or an API token) and, for a session, its CSRF token.
pub(super) struct Caller {
    pub(super) user: String,
    pub(super) csrf: Option<String>,
}

pub(super) fn cookie_session(headers: &HeaderMap) -> Option<&str> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(name, _)| *name == COOKIE)
        .map(|(_, value)| value)
}

pub(super) async fn caller(app: &Shared, headers: &HeaderMap) -> Result<Caller, Failure> {
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
    let id = cookie_session(headers).ok_or_else(unauthorized)?.to_owned();
    match with_desk(app, move |desk| Ok(desk.session(&id, now())?)).await? {
        Some(session) => Ok(Caller {
            user: session.user,
            csrf: Some(session.csrf),
        }),
        None => Err(unauthorized()),
    }
}

/// A state-changing request from a session must carry the session's CSRF token (a form field,
/// or the `X-CSRF-Token` header); a token-authenticated one needs none.
pub(super) fn check_csrf(caller: &Caller, given: Option<&str>) -> Result<(), Failure> {
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

pub(super) fn constant_time_eq(a: &str, b: &str) -> bool {
    a.len() == b.len()
        && a.bytes()
            .zip(b.bytes())
            .fold(0u8, |acc, (x, y)| acc | (x ^ y))
            == 0
}

pub(super) async fn login_page() -> Response {
    html(StatusCode::OK, factdesk::report::desk::render_login(None))
}

#[derive(serde::Deserialize)]
pub(super) struct LoginForm {
    pub(super) name: String,
    pub(super) password: String,
}

/// How long a run of failures under `key` makes the next login wait, if it must.
pub(super) fn lockout(app: &App, key: &str) -> Option<Duration> {
    let failures = app.failures.lock().ok()?;
    let entry = failures.get(key)?;
    let over = entry.count.checked_sub(FREE_FAILURES)?;
    let wait = Duration::from_secs(1u64 << over.min(10)).min(MAX_LOCKOUT);
    let since = entry.last?.elapsed();
    (since < wait).then(|| wait - since)
}

pub(super) fn record_failure(app: &App, keys: &[&str]) {
    if let Ok(mut failures) = app.failures.lock() {
        for key in keys {
            let entry = failures.entry((*key).to_owned()).or_default();
            entry.count += 1;
            entry.last = Some(Instant::now());
        }
    }
}

pub(super) async fn login(
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
    let outcome =
        on_password_thread(&app, move |desk| Ok(desk.authenticate(&name, &password)?)).await;
    match outcome {
        Ok(user) => {
            if let Ok(mut failures) = app.failures.lock() {
                failures.remove(&by_name);
            }
            let name = user.name;
            let ticket = match with_desk(&app, move |desk| {
                Ok(desk.start_session(&name, SESSION_LIFETIME, now())?)
            })
            .await
            {
                Ok(ticket) => ticket,
                Err(failure) => return failure.page(),
            };
            let id = ticket.id;
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

/// Runs `work` (a password check) on the one thread that checks passwords.
///
/// Argon2id takes 19 MiB a hash (its default parameters), and glibc's malloc keeps a block that
/// size in the arena of every thread that hashed once: run on the blocking pool (a thread for
/// each request at once), 16 logins at once left about 230 MB in the server's RSS for good
/// (docs/scale.md, "The web desk under load"). On one thread the block is kept once, and a
/// burst of logins takes one core, not every one.
async fn on_password_thread<T: Send + 'static>(
    app: &Shared,
    work: impl FnOnce(&Desk) -> Result<T, Failure> + Send + 'static,
) -> Result<T, Failure> {
    type Job = Box<dyn FnOnce() + Send>;
    static QUEUE: OnceLock<Option<mpsc::Sender<Job>>> = OnceLock::new();
    let queue = QUEUE.get_or_init(|| {
        let (sender, jobs) = mpsc::channel::<Job>();
        std::thread::Builder::new()
            .name("factdesk-passwords".into())
            .spawn(move || {
                for job in jobs {
                    // A panic fails its request (its answer is dropped), not the thread.
                    let _ = std::panic::catch_unwind(std::panic::AssertUnwindSafe(job));
                }
            })
            .ok()
            .map(|_| sender)
    });
    let stopped = || {
        Failure::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            "internal",
            "the password check stopped unexpectedly",
        )
    };
    let (reply, answer) = tokio::sync::oneshot::channel();
    let app = app.clone();
    let job: Job = Box::new(move || {
        let _ = reply.send(work(&app.desk));
    });
    queue
        .as_ref()
        .ok_or_else(stopped)?
        .send(job)
        .map_err(|_| stopped())?;
    answer.await.unwrap_or_else(|_| Err(stopped()))
}

#[derive(serde::Deserialize)]
pub(super) struct CsrfForm {
    pub(super) csrf: Option<String>,
}

pub(super) async fn logout(
    State(app): State<Shared>,
    headers: HeaderMap,
    Form(form): Form<CsrfForm>,
) -> Response {
    if let Ok(caller) = caller(&app, &headers).await
        && check_csrf(&caller, form.csrf.as_deref()).is_ok()
        && let Some(id) = cookie_session(&headers)
    {
        let id = id.to_owned();
        if let Err(failure) = with_desk(&app, move |desk| Ok(desk.end_session(&id)?)).await {
            return failure.page();
        }
    }
    let mut response = Redirect::to("/login").into_response();
    let expired = format!("{COOKIE}=; HttpOnly; SameSite=Strict; Path=/; Max-Age=0");
    if let Ok(value) = HeaderValue::from_str(&expired) {
        response.headers_mut().insert(header::SET_COOKIE, value);
    }
    response
}
