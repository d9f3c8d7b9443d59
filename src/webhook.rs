//! The wire side of webhooks: the JSON a delivery carries, its signature, and the POST.
//!
//! A delivery's body is made once, when it is queued, and kept in the outbox as the exact bytes
//! sent: every attempt sends, and signs, the same body. The signature is
//! `X-Factdesk-Signature: sha256=<hex>`, the HMAC-SHA256 of those bytes keyed with the webhook's
//! secret (the secret's text, as `webhook add` printed it), so a receiver checks it over the raw
//! body before parsing it. The POST is a blocking call with a 10-second budget, made by whoever
//! delivers (the desk's delivery thread, `webhook deliver`), never by a request to the desk.
//! **Architecture Invariant:** only this module names ureq, hmac and sha2. ureq takes a proxy
//! from the environment (`HTTPS_PROXY`, `NO_PROXY`, …), as HTTP clients do: the one way the
//! environment reaches the library, left so because a newsroom behind a proxy needs it.

use std::time::Duration;

use hmac::{Hmac, Mac};
use serde::Serialize;
use sha2::Sha256;

/// The longest a receiver is given to answer, connection and TLS included.
pub const TIMEOUT: Duration = Duration::from_secs(10);

/// The header naming what a delivery tells (`claim.state_changed`, …).
pub const EVENT_HEADER: &str = "X-Factdesk-Event";
/// The header carrying the delivery's id, the same on every attempt.
pub const DELIVERY_HEADER: &str = "X-Factdesk-Delivery";
/// The header carrying `sha256=` and the body's HMAC-SHA256 in hex.
pub const SIGNATURE_HEADER: &str = "X-Factdesk-Signature";

/// The longest error kept of an attempt: one line a listing can show.
const MAX_ERROR_CHARS: usize = 200;

/// What a delivery tells, as its JSON body holds it (fields are added, never renamed).
#[derive(Debug, Clone, Serialize)]
pub struct Payload {
    /// The delivery's id (also in `X-Factdesk-Delivery`).
    pub id: String,
    /// `claim.state_changed`, `revision.added`, `gate.opened` or `gate.closed`.
    pub event: String,
    /// The audit event told of (for a gate, the article's last event before it was read).
    pub seq: u64,
    /// When that event happened, RFC 3339.
    pub at: String,
    /// Who acted.
    pub actor: String,
    /// The article.
    pub article: String,
    /// The claim (its whole id), for a state change.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub claim: Option<String>,
    /// The state before, for a state change.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub from: Option<String>,
    /// The state after, for a state change.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub to: Option<String>,
    /// The revision added.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub revision: Option<u32>,
    /// Whether the article may be published now, for a gate.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ready: Option<bool>,
    /// How many claims hold it back, for a gate.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub blocking: Option<usize>,
    /// The audit head when the delivery was queued, `SEQ:HASH` as `audit anchor` prints it: a
    /// receiver that keeps it can later prove the store's history up to it unchanged
    /// (`audit verify --anchor`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub store_head: Option<String>,
}

impl Payload {
    /// The body as sent: one line of JSON.
    pub fn to_body(&self) -> String {
        // Plain strings and numbers: serializing them cannot fail.
        crate::json::to_string(self).unwrap_or_default()
    }
}

/// `sha256=` and the hex HMAC-SHA256 of `body` keyed with `secret`.
pub fn signature(secret: &str, body: &[u8]) -> String {
    // HMAC takes a key of any length; `new_from_slice` cannot fail for it.
    let mut mac = <Hmac<Sha256> as Mac>::new_from_slice(secret.as_bytes())
        .expect("HMAC takes keys of any length");
    mac.update(body);
    format!("sha256={}", crate::store::hex(&mac.finalize().into_bytes()))
}

/// What one POST came to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Outcome {
    /// The status the receiver answered, if it answered.
    pub status: Option<u16>,
    /// What went wrong; `None` when it answered 2xx.
    pub error: Option<String>,
}

impl Outcome {
    /// Whether the receiver took the delivery (answered 2xx).
    pub fn delivered(&self) -> bool {
        self.error.is_none()
    }
}

/// An HTTP client for deliveries, its connections kept between them.
pub struct Sender {
    agent: ureq::Agent,
}

impl Default for Sender {
    fn default() -> Self {
        Sender::new()
    }
}

impl Sender {
    /// A client with [`TIMEOUT`], no redirects followed (a hook that moved answers 3xx, which
    /// counts as a failure its owner sees), and the HTTP(S)_PROXY settings of the environment.
    pub fn new() -> Sender {
        let agent = ureq::Agent::config_builder()
            .timeout_global(Some(TIMEOUT))
            .http_status_as_error(false)
            .max_redirects(0)
            .user_agent(concat!("factdesk-webhook/", env!("CARGO_PKG_VERSION")))
            .build()
            .into();
        Sender { agent }
    }

    /// POSTs `body` to `url`, signed with `secret`, as delivery `id` of `event`.
    pub fn post(&self, url: &str, secret: &str, event: &str, id: &str, body: &str) -> Outcome {
        let sent = self
            .agent
            .post(url)
            .header("Content-Type", "application/json")
            .header(EVENT_HEADER, event)
            .header(DELIVERY_HEADER, id)
            .header(SIGNATURE_HEADER, &signature(secret, body.as_bytes()))
            .send(body.as_bytes());
        match sent {
            Ok(response) => {
                let status = response.status().as_u16();
                let error = (!response.status().is_success()).then(|| {
                    let reason = response.status().canonical_reason().unwrap_or("");
                    format!("the receiver answered {status} {reason}")
                        .trim_end()
                        .to_owned()
                });
                Outcome {
                    status: Some(status),
                    error,
                }
            }
            Err(err) => Outcome {
                status: None,
                error: Some(one_line(&err.to_string())),
            },
        }
    }
}

/// An error as one line of at most [`MAX_ERROR_CHARS`] characters.
fn one_line(text: &str) -> String {
    let line: String = text
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .take(MAX_ERROR_CHARS)
        .collect();
    line.trim().to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_signature_is_rfc_4231s_hmac_sha256() {
        // RFC 4231, test case 2: key "Jefe", data "what do ya want for nothing?".
        assert_eq!(
            signature("Jefe", b"what do ya want for nothing?"),
            "sha256=5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"
        );
    }

    #[test]
    fn a_payload_leaves_out_what_its_event_does_not_have() {
        let payload = Payload {
            id: "7-0123abcd".into(),
            event: "revision.added".into(),
            seq: 7,
            at: "2026-01-15T09:00:00Z".into(),
            actor: "ana".into(),
            article: "syria-truce".into(),
            claim: None,
            from: None,
            to: None,
            revision: Some(2),
            ready: None,
            blocking: None,
            store_head: Some("7:ab".into()),
        };
        assert_eq!(
            payload.to_body(),
            r#"{"id":"7-0123abcd","event":"revision.added","seq":7,"at":"2026-01-15T09:00:00Z","actor":"ana","article":"syria-truce","revision":2,"store_head":"7:ab"}"#
        );
    }
}
