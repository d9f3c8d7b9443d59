//! `factdesk webhook …`: telling other systems of the desk's changes.

use std::time::Duration;

use anyhow::{Context, Result};
use factdesk::desk::{DeliveryRound, RetryPolicy, parse_webhook_events};
use factdesk::model::{Delivery, DeliveryStatus, Timestamp};

use super::{Ctx, JsonFlag};

/// The environment variable that sets the wait after a delivery's first failed attempt, in
/// milliseconds (default 30 000; each further wait doubles it).
const BACKOFF_VAR: &str = "FACTDESK_WEBHOOK_BACKOFF_MS";

/// Webhooks: on a claim's state change, a new revision, or a gate that opens or closes, a JSON
/// event signed with HMAC-SHA256 is POSTed to each webhook's URL (README, "Webhooks").
/// `factdesk serve` delivers as the desk works; without it, `webhook deliver` does.
#[derive(Debug, clap::Subcommand)]
pub(crate) enum WebhookCommand {
    /// Tell URL of the desk's changes (audited). Its signing secret is printed once.
    Add {
        /// Where to POST the events: an http or https address.
        url: String,
        /// What to tell it of, comma-separated: state (a claim's state changed), revision (a
        /// new revision), gate (an article's gate opened or closed).
        #[arg(
            long,
            value_name = "EVENTS",
            value_delimiter = ',',
            default_value = "state,revision,gate"
        )]
        events: Vec<String>,
        /// What the webhook is for, in a line.
        #[arg(long, value_name = "TEXT")]
        description: Option<String>,
    },
    /// List the webhooks, removed ones included (never their secrets).
    List {
        #[command(flatten)]
        json: JsonFlag,
    },
    /// Remove a webhook (audited): it is kept, disabled, and told nothing more.
    Remove {
        /// The webhook's id, as `webhook list` shows it.
        id: String,
    },
    /// List the deliveries, oldest first, with every attempt's outcome.
    Deliveries {
        /// Only those of this webhook.
        id: Option<String>,
        /// Only those given up after their attempts.
        #[arg(long)]
        failed: bool,
        #[command(flatten)]
        json: JsonFlag,
    },
    /// Put a delivery back in line with a full set of attempts (a failed one, or one to send
    /// again); `webhook deliver` or a running `factdesk serve` sends it.
    Retry {
        /// The delivery's id, as `webhook deliveries` shows it.
        delivery: String,
    },
    /// Queue the events written since the last delivery and send what is due now (for a store
    /// no `factdesk serve` runs on, from cron or after a batch).
    Deliver,
}

/// A webhook as `webhook list --json` prints it.
#[derive(serde::Serialize)]
struct WebhookLine<'a> {
    id: &'a str,
    url: &'a str,
    events: Vec<&'static str>,
    description: Option<&'a str>,
    active: bool,
    created_at: String,
    created_by: &'a str,
}

/// A delivery as `webhook deliveries --json` prints it.
#[derive(serde::Serialize)]
struct DeliveryLine<'a> {
    id: &'a str,
    webhook: &'a str,
    event: &'a str,
    seq: u64,
    article: Option<&'a str>,
    status: &'static str,
    created_at: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    next_attempt_at: Option<String>,
    attempts: Vec<AttemptLine<'a>>,
    /// The body sent, as JSON.
    payload: serde_json::Value,
}

#[derive(serde::Serialize)]
struct AttemptLine<'a> {
    at: String,
    status: Option<u16>,
    error: Option<&'a str>,
}

/// The time of the outbox's schedule: the wall clock, even when FACTDESK_NOW pins the time
/// audit events get, since a retry waits for real time to pass.
fn wall_clock() -> Timestamp {
    super::batch::system_clock(None)()
}

/// The retry policy, with the first wait from FACTDESK_WEBHOOK_BACKOFF_MS when set.
pub(crate) fn retry_policy() -> Result<RetryPolicy> {
    let mut policy = RetryPolicy::default();
    if let Ok(text) = std::env::var(BACKOFF_VAR)
        && !text.trim().is_empty()
    {
        let ms: u64 = text.trim().parse().ok().with_context(|| {
            format!("{BACKOFF_VAR}=`{text}` is not a wait: give milliseconds, such as 30000")
        })?;
        policy.first_delay = Duration::from_millis(ms);
    }
    Ok(policy)
}

pub(crate) fn cmd_webhook(ctx: &mut Ctx, command: &WebhookCommand) -> Result<()> {
    match command {
        WebhookCommand::Add {
            url,
            events,
            description,
        } => {
            let events = parse_webhook_events(events)?;
            let (actor, now) = (ctx.user()?, ctx.now());
            let webhook =
                ctx.desk()?
                    .add_webhook(url, &events, description.as_deref(), &actor, now)?;
            let events: Vec<&str> = webhook.events.iter().map(|e| e.as_str()).collect();
            ctx.line(format_args!(
                "added webhook {} posting to {} (events: {})",
                webhook.id,
                webhook.url,
                events.join(", ")
            ))?;
            ctx.line(format_args!(
                "signing secret (shown once; keep it secret: it signs every delivery):\n{}",
                webhook.secret
            ))?;
        }
        WebhookCommand::List { json } => {
            let webhooks = ctx.desk()?.webhooks()?;
            for webhook in &webhooks {
                let events: Vec<&'static str> = webhook.events.iter().map(|e| e.as_str()).collect();
                if json.json {
                    let line = WebhookLine {
                        id: &webhook.id,
                        url: &webhook.url,
                        events,
                        description: webhook.description.as_deref(),
                        active: !webhook.disabled,
                        created_at: webhook.created_at.to_string(),
                        created_by: &webhook.created_by,
                    };
                    ctx.line(factdesk::json::to_string(&line)?)?;
                } else {
                    ctx.line(format_args!(
                        "{}  {:<7}  {:<20}  {}{}",
                        webhook.id,
                        if webhook.disabled {
                            "removed"
                        } else {
                            "active"
                        },
                        events.join(","),
                        webhook.url,
                        webhook
                            .description
                            .as_deref()
                            .map_or_else(String::new, |d| format!("  # {d}"))
                    ))?;
                }
            }
            if webhooks.is_empty() && !json.json {
                ctx.line("No webhooks: add one with `factdesk webhook add URL`.")?;
            }
        }
        WebhookCommand::Remove { id } => {
            let (actor, now) = (ctx.user()?, ctx.now());
            let webhook = ctx.desk()?.remove_webhook(id, &actor, now)?;
            ctx.line(format_args!(
                "removed webhook {} ({}): it is told nothing more",
                webhook.id, webhook.url
            ))?;
        }
        WebhookCommand::Deliveries { id, failed, json } => {
            let desk = ctx.desk()?;
            if let Some(id) = id {
                desk.webhook(id)?;
            }
            let deliveries: Vec<Delivery> = desk
                .deliveries()?
                .into_iter()
                .filter(|d| id.as_ref().is_none_or(|id| &d.webhook == id))
                .filter(|d| !failed || d.status == DeliveryStatus::Failed)
                .collect();
            for delivery in &deliveries {
                if json.json {
                    ctx.line(factdesk::json::to_string(&delivery_line(delivery))?)?;
                } else {
                    ctx.line(delivery_text(delivery))?;
                }
            }
            if deliveries.is_empty() && !json.json {
                ctx.line("No deliveries.")?;
            }
        }
        WebhookCommand::Retry { delivery } => {
            let delivery = ctx.desk()?.retry_delivery(delivery, wall_clock())?;
            ctx.line(format_args!(
                "delivery {} ({} to webhook {}) is due again: `factdesk webhook deliver` sends it",
                delivery.id, delivery.event, delivery.webhook
            ))?;
        }
        WebhookCommand::Deliver => {
            let policy = retry_policy()?;
            let desk = ctx.desk()?;
            let queued = desk.queue_deliveries(wall_clock())?;
            let round = desk.deliver_due(&wall_clock, &policy, &|| true)?;
            for delivery in &round.attempted {
                ctx.line(attempt_text(delivery))?;
            }
            ctx.line(summary(queued, &round))?;
        }
    }
    ctx.flush()
}

fn delivery_line(delivery: &Delivery) -> DeliveryLine<'_> {
    DeliveryLine {
        id: &delivery.id,
        webhook: &delivery.webhook,
        event: &delivery.event,
        seq: delivery.seq,
        article: delivery.article.as_ref().map(|a| a.as_str()),
        status: delivery.status.as_str(),
        created_at: delivery.created_at.to_string(),
        next_attempt_at: (delivery.status == DeliveryStatus::Pending)
            .then(|| delivery.next_at.to_string()),
        attempts: delivery
            .attempts
            .iter()
            .map(|a| AttemptLine {
                at: a.at.to_string(),
                status: a.status,
                error: a.error.as_deref(),
            })
            .collect(),
        payload: serde_json::from_str(&delivery.body).unwrap_or(serde_json::Value::Null),
    }
}

/// `ID  WEBHOOK  EVENT  STATUS  N attempts; the last one's outcome`.
fn delivery_text(delivery: &Delivery) -> String {
    let attempts = match delivery.attempts.len() {
        1 => "1 attempt".to_owned(),
        n => format!("{n} attempts"),
    };
    let last = delivery
        .attempts
        .last()
        .map_or_else(String::new, |a| format!("; last {}: {}", a.at, outcome(a)));
    let next = if delivery.status == DeliveryStatus::Pending {
        format!("; next {}", delivery.next_at)
    } else {
        String::new()
    };
    format!(
        "{:<14} {}  {:<19} {:<9} {attempts}{last}{next}",
        delivery.id,
        delivery.webhook,
        delivery.event,
        delivery.status.as_str()
    )
}

fn outcome(attempt: &factdesk::model::DeliveryAttempt) -> String {
    match (&attempt.error, attempt.status) {
        (Some(error), _) => error.clone(),
        (None, Some(status)) => format!("answered {status}"),
        (None, None) => "sent".to_owned(),
    }
}

/// One line for a delivery `webhook deliver` attempted.
fn attempt_text(delivery: &Delivery) -> String {
    let Some(attempt) = delivery.attempts.last() else {
        return String::new();
    };
    let what = format!(
        "{} {} to webhook {}",
        delivery.id, delivery.event, delivery.webhook
    );
    match delivery.status {
        DeliveryStatus::Delivered => format!("delivered {what}: {}", outcome(attempt)),
        DeliveryStatus::Failed => format!("gave up {what}: {}", outcome(attempt)),
        DeliveryStatus::Pending => format!(
            "not delivered {what}: {}; next attempt {}",
            outcome(attempt),
            delivery.next_at
        ),
    }
}

fn summary(queued: usize, round: &DeliveryRound) -> String {
    let count = |status| {
        round
            .attempted
            .iter()
            .filter(|d| d.status == status)
            .count()
    };
    let retrying = count(DeliveryStatus::Pending) + round.waiting;
    let mut line = format!(
        "queued {queued}; delivered {}, gave up {}, {retrying} to retry",
        count(DeliveryStatus::Delivered),
        count(DeliveryStatus::Failed)
    );
    if let Some(due) = round.next_due {
        line.push_str(&format!(" (next at {due})"));
    }
    line
}
