//! Telling other systems: webhooks, and the outbox that delivers to them.
//!
//! A webhook is registered like a user, in `meta` with an audited `WebhookChanged` event; a
//! removed one is kept, disabled. Deliveries come from the audit log, not from the operations
//! that write it: [`Desk::queue_deliveries`] reads the events after the outbox's cursor and
//! queues one delivery per event and subscribed webhook (a claim's state change, a new
//! revision), then reads the gate of each article those events touched and queues
//! `gate.opened` or `gate.closed` where its readiness differs from the one the outbox last saw.
//! [`Desk::deliver_due`] POSTs what is due and records each attempt, retrying with a doubling
//! delay until the policy's attempts are spent. So an editor's request never waits for a
//! receiver, and an event committed while nothing delivers is told by the next pass.

use std::collections::{HashMap, HashSet};
use std::time::Duration;

use super::{Desk, DeskError, check_web_address};
use crate::model::{
    ArticleId, AuditHead, Delivery, DeliveryAttempt, DeliveryStatus, Event, EventKind, Hash32,
    Timestamp, Webhook, WebhookAction, WebhookEvent,
};
use crate::store::{OutboxStep, TxError};
use crate::webhook::{Payload, Sender};

/// The longest description a webhook takes.
pub const MAX_WEBHOOK_DESCRIPTION: usize = 200;

/// The longest webhook address taken.
const MAX_URL_BYTES: usize = 2048;

/// Events read from the log in one outbox pass at most (each pass is one batch of the outbox).
const PASS_EVENTS: usize = 500;

/// How a failed delivery is tried again.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RetryPolicy {
    /// The wait after the first failed attempt; each further one doubles it.
    pub first_delay: Duration,
    /// Attempts before a delivery is given up as failed (`webhook retry` gives it as many again).
    pub attempts: u32,
}

impl Default for RetryPolicy {
    /// 30 seconds doubling, 8 attempts: the last about an hour after the first.
    fn default() -> Self {
        RetryPolicy {
            first_delay: Duration::from_secs(30),
            attempts: 8,
        }
    }
}

impl RetryPolicy {
    /// The wait after the `failed`-th failed attempt (from 1; counted since the last `webhook
    /// retry`).
    fn delay_after(&self, failed: u32) -> Duration {
        let factor = 1u32
            .checked_shl(failed.saturating_sub(1))
            .unwrap_or(u32::MAX);
        self.first_delay.saturating_mul(factor)
    }
}

/// What one [`Desk::deliver_due`] did.
#[derive(Debug, Clone, Default)]
pub struct DeliveryRound {
    /// The deliveries attempted, as they stand after their attempt.
    pub attempted: Vec<Delivery>,
    /// Pending deliveries not attempted: not yet due, or of a webhook that failed this round.
    pub waiting: usize,
    /// When the next of those is due.
    pub next_due: Option<Timestamp>,
}

impl Desk {
    /// Registers a webhook: `url` (http or https) is told of `events`. Returns it with its
    /// secret, which the caller shows once.
    pub fn add_webhook(
        &self,
        url: &str,
        events: &[WebhookEvent],
        description: Option<&str>,
        actor: &str,
        now: Timestamp,
    ) -> Result<Webhook, DeskError> {
        let site = check_webhook_url(url)?;
        let mut events = events.to_vec();
        events.sort();
        events.dedup();
        if events.is_empty() {
            return Err(DeskError::InvalidValue {
                what: format!(
                    "a webhook needs events to be told of: give --events with {}",
                    event_names()
                ),
            });
        }
        let description = match description.map(str::trim) {
            Some("") | None => None,
            Some(text) => Some(check_description(text)?),
        };
        let id = crate::store::hex(&super::random_bytes::<4>()?);
        let secret = format!("fdkwh_{}", crate::store::hex(&super::random_bytes::<32>()?));
        self.store.write(actor, now, |tx| {
            if tx.webhook(&id)?.is_some() {
                // Four random bytes met an id in use: so unlikely that trying again is the fix.
                return Err(TxError::abort(DeskError::InvalidValue {
                    what: "the new webhook's random id is taken already: run the command again"
                        .to_owned(),
                }));
            }
            let webhook = Webhook {
                id: id.clone(),
                url: url.to_owned(),
                events: events.clone(),
                description: description.clone(),
                secret: secret.clone(),
                disabled: false,
                created_by: actor.to_owned(),
                created_at: now,
                added_seq: tx.seq(),
            };
            tx.put_webhook(&webhook)?;
            let event = EventKind::WebhookChanged {
                id: id.clone(),
                action: WebhookAction::Added {
                    site: site.clone(),
                    events: events.clone(),
                    description: description.clone(),
                },
            };
            Ok((webhook, Some(event)))
        })?
    }

    /// Every webhook, removed ones included, by id.
    pub fn webhooks(&self) -> Result<Vec<Webhook>, DeskError> {
        Ok(self.store.webhooks()?)
    }

    /// A webhook by id.
    pub fn webhook(&self, id: &str) -> Result<Webhook, DeskError> {
        self.store.webhook(id)?.ok_or_else(|| unknown_webhook(id))
    }

    /// Removes a webhook: it is kept, disabled, and told nothing more; its deliveries not yet
    /// made are given up at the next delivery round.
    pub fn remove_webhook(
        &self,
        id: &str,
        actor: &str,
        now: Timestamp,
    ) -> Result<Webhook, DeskError> {
        self.store.write(actor, now, |tx| {
            let Some(mut webhook) = tx.webhook(id)? else {
                return Err(TxError::abort(unknown_webhook(id)));
            };
            if webhook.disabled {
                return Err(TxError::abort(DeskError::InvalidValue {
                    what: format!("webhook {id} was removed already"),
                }));
            }
            webhook.disabled = true;
            tx.put_webhook(&webhook)?;
            let event = EventKind::WebhookChanged {
                id: id.to_owned(),
                action: WebhookAction::Removed,
            };
            Ok((webhook, Some(event)))
        })?
    }

    /// Every delivery, in the order of the events they tell of.
    pub fn deliveries(&self) -> Result<Vec<Delivery>, DeskError> {
        Ok(self.store.deliveries()?)
    }

    /// Puts a delivery back in line, due at `now`, with a full set of attempts: one that failed,
    /// or one to send again.
    pub fn retry_delivery(&self, id: &str, now: Timestamp) -> Result<Delivery, DeskError> {
        let mut delivery = self
            .store
            .delivery(id)?
            .ok_or_else(|| DeskError::InvalidValue {
                what: format!(
                    "no delivery `{id}`: `factdesk webhook deliveries` lists them with their ids"
                ),
            })?;
        let webhook = self.webhook(&delivery.webhook)?;
        if webhook.disabled {
            return Err(DeskError::InvalidValue {
                what: format!(
                    "webhook {} was removed: nothing would be sent; add it again to be told anew",
                    webhook.id
                ),
            });
        }
        delivery.status = DeliveryStatus::Pending;
        delivery.next_at = now;
        delivery.round_start = u32::try_from(delivery.attempts.len()).unwrap_or(u32::MAX);
        self.store.put_delivery(&delivery)?;
        Ok(delivery)
    }

    /// Turns the audit events written since the outbox's last pass into deliveries for the
    /// webhooks in force (`now` stamps them); returns how many were queued.
    ///
    /// Events up to the first webhook's registration are skipped unread: no webhook in force
    /// could be told of them. A gate is compared with the readiness the outbox last saw of it;
    /// one never seen counts as closed, so a gate found open is told as opened.
    pub fn queue_deliveries(&self, now: Timestamp) -> Result<usize, DeskError> {
        let webhooks: Vec<Webhook> = self
            .store
            .webhooks()?
            .into_iter()
            .filter(|w| !w.disabled)
            .collect();
        let Some(first) = webhooks.iter().map(|w| w.added_seq).min() else {
            return Ok(0);
        };
        let head = self.store.head()?;
        let mut cursor = self.store.outbox_cursor()?.unwrap_or(0).max(first);
        let mut queued = 0;
        while cursor < head.seq {
            let mut events = Vec::new();
            for event in self.store.events(cursor + 1) {
                let event = event?;
                if event.seq > head.seq {
                    break;
                }
                events.push(event);
                if events.len() == PASS_EVENTS {
                    break;
                }
            }
            let Some(last) = events.last().map(|e| e.seq) else {
                break;
            };
            let step = self.outbox_step(&webhooks, &events, last, head, now)?;
            queued += self.store.queue_deliveries(&step)?;
            cursor = last;
        }
        Ok(queued)
    }

    /// The deliveries and gates of one pass over `events`, which end at `last`.
    fn outbox_step(
        &self,
        webhooks: &[Webhook],
        events: &[Event],
        last: u64,
        head: AuditHead,
        now: Timestamp,
    ) -> Result<OutboxStep, DeskError> {
        let store_head = format!("{}:{}", head.seq, head.hash);
        let mut step = OutboxStep {
            cursor: last,
            ..OutboxStep::default()
        };
        // Each article the events touched, with its last event among them, in order of first
        // appearance.
        let mut touched: Vec<(ArticleId, &Event)> = Vec::new();
        for event in events {
            if let Some(article) = event.article() {
                match touched.iter_mut().find(|(id, _)| id == article) {
                    Some((_, latest)) => *latest = event,
                    None => touched.push((article.clone(), event)),
                }
            }
            let told = match &event.kind {
                EventKind::Transition {
                    article,
                    claim,
                    from,
                    to,
                    ..
                } if from != to => Some((
                    WebhookEvent::State,
                    "claim.state_changed",
                    Payload {
                        claim: Some(claim.to_hex()),
                        from: Some(from.clone()),
                        to: Some(to.clone()),
                        ..payload(event, article, &store_head)
                    },
                )),
                EventKind::RevisionAdded {
                    article, number, ..
                } => Some((
                    WebhookEvent::Revision,
                    "revision.added",
                    Payload {
                        revision: Some(*number),
                        ..payload(event, article, &store_head)
                    },
                )),
                _ => None,
            };
            if let Some((kind, name, payload)) = told {
                step.deliveries
                    .extend(deliveries(webhooks, kind, name, event.seq, payload, now));
            }
        }
        if !webhooks
            .iter()
            .any(|w| w.events.contains(&WebhookEvent::Gate))
        {
            return Ok(step);
        }
        for (article, event) in touched {
            let blocking = self.gate(&article, None)?.len();
            let ready = blocking == 0;
            let before = self.store.gate_seen(&article)?.unwrap_or(false);
            step.gates.push((article.clone(), ready, event.seq));
            if ready == before {
                continue;
            }
            let name = if ready { "gate.opened" } else { "gate.closed" };
            let payload = Payload {
                ready: Some(ready),
                blocking: Some(blocking),
                ..payload(event, &article, &store_head)
            };
            step.deliveries.extend(deliveries(
                webhooks,
                WebhookEvent::Gate,
                name,
                event.seq,
                payload,
                now,
            ));
        }
        Ok(step)
    }

    /// POSTs every pending delivery that is due, one at a time, records each attempt, and
    /// schedules the next one of each that failed (or gives it up once `policy`'s attempts are
    /// spent). A webhook whose receiver failed is not tried again in the same round: one that
    /// does not answer costs the others at most one timeout a round. `clock` stamps the
    /// attempts; `keep_going` is asked before each (a stopping server says no). Deliveries of a
    /// removed webhook are given up unsent.
    pub fn deliver_due(
        &self,
        clock: &dyn Fn() -> Timestamp,
        policy: &RetryPolicy,
        keep_going: &dyn Fn() -> bool,
    ) -> Result<DeliveryRound, DeskError> {
        let pending = self.store.pending_deliveries()?;
        let mut round = DeliveryRound::default();
        if pending.is_empty() {
            return Ok(round);
        }
        let webhooks: HashMap<String, Webhook> = self
            .store
            .webhooks()?
            .into_iter()
            .map(|w| (w.id.clone(), w))
            .collect();
        // Made for the first delivery due: most rounds find only deliveries waiting.
        let mut sender: Option<Sender> = None;
        let mut failing: HashSet<String> = HashSet::new();
        for mut delivery in pending {
            if !keep_going() {
                break;
            }
            let now = clock();
            if failing.contains(&delivery.webhook) {
                // Due, and left for the next round.
                round.waiting += 1;
                continue;
            }
            if delivery.next_at > now {
                round.waiting += 1;
                round.next_due = Some(
                    round
                        .next_due
                        .map_or(delivery.next_at, |due| due.min(delivery.next_at)),
                );
                continue;
            }
            match webhooks.get(&delivery.webhook).filter(|w| !w.disabled) {
                Some(webhook) => {
                    let outcome = sender.get_or_insert_with(Sender::new).post(
                        &webhook.url,
                        &webhook.secret,
                        &delivery.event,
                        &delivery.id,
                        &delivery.body,
                    );
                    let delivered = outcome.delivered();
                    if !delivered {
                        failing.insert(webhook.id.clone());
                    }
                    delivery.attempts.push(DeliveryAttempt {
                        at: now,
                        status: outcome.status,
                        error: outcome.error,
                    });
                    let since_retry = delivery
                        .attempts
                        .len()
                        .saturating_sub(delivery.round_start as usize);
                    let since_retry = u32::try_from(since_retry).unwrap_or(u32::MAX);
                    if delivered {
                        delivery.status = DeliveryStatus::Delivered;
                    } else if since_retry >= policy.attempts {
                        delivery.status = DeliveryStatus::Failed;
                    } else {
                        let wait = policy.delay_after(since_retry);
                        let wait_ms = i64::try_from(wait.as_millis()).unwrap_or(i64::MAX);
                        delivery.next_at = Timestamp(clock().0.saturating_add(wait_ms));
                        round.next_due = Some(
                            round
                                .next_due
                                .map_or(delivery.next_at, |due| due.min(delivery.next_at)),
                        );
                    }
                }
                None => {
                    delivery.attempts.push(DeliveryAttempt {
                        at: now,
                        status: None,
                        error: Some("the webhook was removed: nothing was sent".to_owned()),
                    });
                    delivery.status = DeliveryStatus::Failed;
                }
            }
            self.store.put_delivery(&delivery)?;
            round.attempted.push(delivery);
        }
        Ok(round)
    }
}

/// The fields every payload has, from the event told of.
fn payload(event: &Event, article: &ArticleId, store_head: &str) -> Payload {
    Payload {
        id: String::new(),
        event: String::new(),
        seq: event.seq,
        at: event.at.to_string(),
        actor: event.actor.clone(),
        article: article.as_str().to_owned(),
        claim: None,
        from: None,
        to: None,
        revision: None,
        ready: None,
        blocking: None,
        store_head: Some(store_head.to_owned()),
    }
}

/// One pending delivery of `payload` (told as `name`) for each webhook that subscribes to
/// `kind` and was added before event `seq`.
fn deliveries(
    webhooks: &[Webhook],
    kind: WebhookEvent,
    name: &str,
    seq: u64,
    payload: Payload,
    now: Timestamp,
) -> Vec<Delivery> {
    webhooks
        .iter()
        .filter(|w| w.events.contains(&kind) && w.added_seq < seq)
        .map(|webhook| {
            let id = delivery_id(&webhook.id, name, seq);
            let body = Payload {
                id: id.clone(),
                event: name.to_owned(),
                ..payload.clone()
            }
            .to_body();
            let article = ArticleId::new(&payload.article);
            Delivery {
                id,
                webhook: webhook.id.clone(),
                event: name.to_owned(),
                seq,
                article,
                body,
                created_at: now,
                status: DeliveryStatus::Pending,
                next_at: now,
                attempts: Vec::new(),
                round_start: 0,
            }
        })
        .collect()
}

/// `SEQ-HASH`: the event, and 8 hex digits of a hash of the webhook, kind and event, so the
/// same delivery always gets the same id.
fn delivery_id(webhook: &str, name: &str, seq: u64) -> String {
    let mut bytes = Vec::with_capacity(webhook.len() + name.len() + 10);
    bytes.extend_from_slice(webhook.as_bytes());
    bytes.push(0);
    bytes.extend_from_slice(name.as_bytes());
    bytes.push(0);
    bytes.extend_from_slice(&seq.to_be_bytes());
    let hash = Hash32::derive("factdesk webhook delivery v1", &bytes);
    format!("{seq}-{}", &hash.to_hex()[..8])
}

/// `state, revision, gate`.
fn event_names() -> String {
    WebhookEvent::ALL.map(WebhookEvent::as_str).join(", ")
}

/// Parses `--events` names: `state`, `revision`, `gate`.
pub fn parse_webhook_events(names: &[String]) -> Result<Vec<WebhookEvent>, DeskError> {
    names
        .iter()
        .map(|name| {
            WebhookEvent::parse(name.trim()).ok_or_else(|| DeskError::InvalidValue {
                what: format!(
                    "`{}` is not a webhook event: use {}",
                    name.escape_debug(),
                    event_names()
                ),
            })
        })
        .collect()
}

/// Checks a webhook's address (http or https, as every address the store keeps); returns the
/// site the audit log records of it.
fn check_webhook_url(url: &str) -> Result<String, DeskError> {
    if url.len() > MAX_URL_BYTES {
        return Err(DeskError::InvalidValue {
            what: format!("the webhook URL is over {MAX_URL_BYTES} bytes: give a shorter address"),
        });
    }
    check_web_address("webhook URL", url)?;
    let parsed = url::Url::parse(url).map_err(|err| DeskError::InvalidValue {
        what: format!("webhook URL `{}`: {err}", url.escape_debug()),
    })?;
    Ok(parsed.origin().ascii_serialization())
}

fn check_description(text: &str) -> Result<String, DeskError> {
    if text.chars().count() > MAX_WEBHOOK_DESCRIPTION {
        return Err(DeskError::InvalidValue {
            what: format!(
                "the description is over {MAX_WEBHOOK_DESCRIPTION} characters: say in a line what the webhook is for"
            ),
        });
    }
    if text.chars().any(char::is_control) {
        return Err(DeskError::InvalidValue {
            what: "the description holds a line break or a control character: give one line"
                .to_owned(),
        });
    }
    Ok(text.to_owned())
}

fn unknown_webhook(id: &str) -> DeskError {
    DeskError::InvalidValue {
        what: format!(
            "no webhook `{}`: `factdesk webhook list` lists them",
            id.escape_debug()
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retries_wait_twice_as_long_each_time() {
        let policy = RetryPolicy::default();
        let waits: Vec<u64> = (1..=7).map(|n| policy.delay_after(n).as_secs()).collect();
        assert_eq!(waits, [30, 60, 120, 240, 480, 960, 1920]);
        assert!(
            policy.delay_after(100) > Duration::from_secs(1 << 30),
            "saturates"
        );
    }

    #[test]
    fn a_delivery_id_names_its_event_and_is_the_same_every_time() {
        let id = delivery_id("0a1b2c3d", "gate.opened", 42);
        assert!(id.starts_with("42-") && id.len() == 11, "{id}");
        assert_eq!(id, delivery_id("0a1b2c3d", "gate.opened", 42));
        assert_ne!(id, delivery_id("0a1b2c3d", "gate.closed", 42));
        assert_ne!(id, delivery_id("0a1b2c3e", "gate.opened", 42));
    }

    #[test]
    fn a_webhook_url_is_http_or_https_and_its_site_is_what_the_log_keeps() {
        assert_eq!(
            check_webhook_url("https://hooks.example.org/T0/B0/secret?x=1").ok(),
            Some("https://hooks.example.org".to_owned())
        );
        assert_eq!(
            check_webhook_url("http://127.0.0.1:9000/hook").ok(),
            Some("http://127.0.0.1:9000".to_owned())
        );
        for bad in [
            "ftp://example.org/x",
            "example.org/hook",
            "https://",
            "https://a b",
        ] {
            assert!(check_webhook_url(bad).is_err(), "{bad}");
        }
    }
}
