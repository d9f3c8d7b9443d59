//! `POST /local/v1/run`: a command of the command line, run here because this server holds the
//! store (see `cli::forward`). Only from this machine, and only with the credential the server
//! wrote in the store's directory for its owner.

use std::net::SocketAddr;

use axum::Json;
use axum::extract::{ConnectInfo, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};

use super::auth::constant_time_eq;
use super::{Failure, Shared};
use crate::cli::forward::{self, MAX_STDIN, RunRequest};

/// The largest forwarded command: its standard input (base64) and its arguments.
pub(super) const MAX_RUN_BODY: usize = (MAX_STDIN as usize) / 3 * 4 + (1 << 20);

pub(super) async fn run(
    State(app): State<Shared>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    body: axum::body::Bytes,
) -> Response {
    let presented = headers
        .get("x-factdesk-local")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    if !peer.ip().is_loopback() || !constant_time_eq(presented, &app.local_credential) {
        return Failure::new(
            StatusCode::FORBIDDEN,
            "not_local",
            "commands run here only for the command line of the store's owner, on this machine",
        )
        .json();
    }
    let request: RunRequest = match serde_json::from_slice(&body) {
        Ok(request) => request,
        Err(err) => {
            return Failure::new(
                StatusCode::BAD_REQUEST,
                "bad_request",
                format!("the command does not read: {err}"),
            )
            .json();
        }
    };
    let desk = app.desk.clone();
    match tokio::task::spawn_blocking(move || forward::run_forwarded(desk, request)).await {
        Ok(answer) => Json(answer).into_response(),
        Err(_) => Failure::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            "internal",
            "the command stopped unexpectedly",
        )
        .json(),
    }
}
