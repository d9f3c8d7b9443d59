use anyhow::{Result, bail};
use factdesk::model::{Event, EventKind};
use serde::Serialize;

use super::claims::parse_article;
use super::{Ctx, JsonFlag};

/// Show the audit history of a claim, or of a whole article with --article.
#[derive(Debug, clap::Args)]
pub(crate) struct HistoryArgs {
    /// The claim id, or a unique prefix of 6+ hex digits.
    claim: Option<String>,
    /// The article (alone: its whole history; with a claim: where the claim is in several).
    #[arg(long, value_name = "ID")]
    article: Option<String>,
    #[command(flatten)]
    json: JsonFlag,
}

#[derive(Serialize)]
struct EventLine {
    seq: u64,
    at: String,
    actor: String,
    event: &'static str,
    article: Option<String>,
    claim: Option<String>,
    description: String,
    hash: String,
    prev: String,
}

pub(crate) fn cmd_history(ctx: &mut Ctx, args: &HistoryArgs) -> Result<()> {
    let article = args.article.as_deref().map(parse_article).transpose()?;
    let desk = ctx.desk()?;
    let events = match (&args.claim, &article) {
        (Some(claim), _) => {
            let (article, claim) = desk.resolve(claim, article.as_ref())?;
            desk.history(&article, Some(&claim))?
        }
        (None, Some(article)) => desk.history(article, None)?,
        (None, None) => bail!("give a claim id, or --article ID for an article's history"),
    };
    for event in &events {
        if args.json.json {
            let (name, claim) = match &event.kind {
                EventKind::StoreCreated { .. } => ("store-created", None),
                EventKind::RevisionAdded { .. } => ("revision-added", None),
                EventKind::Transition { claim, .. } => ("transition", Some(claim.to_hex())),
                EventKind::ConfigSet { .. } => ("config-set", None),
                EventKind::WorkflowChanged { .. } => ("workflow-changed", None),
            };
            let line = EventLine {
                seq: event.seq,
                at: event.at.to_string(),
                actor: event.actor.clone(),
                event: name,
                article: event.article().map(ToString::to_string),
                claim,
                description: describe_event(event),
                hash: event.hash.to_hex(),
                prev: event.prev.to_hex(),
            };
            ctx.line(serde_json::to_string(&line)?)?;
        } else {
            ctx.line(format_args!(
                "#{:<5} {}  {:<10} {}",
                event.seq,
                event.at,
                event.actor,
                describe_event(event)
            ))?;
        }
    }
    ctx.flush()
}

/// One line for people: what the event did.
pub(crate) fn describe_event(event: &Event) -> String {
    match &event.kind {
        EventKind::StoreCreated {
            workflow_name,
            workflow,
        } => {
            format!(
                "created the store with workflow \"{workflow_name}\" ({})",
                &workflow.to_hex()[..12]
            )
        }
        EventKind::RevisionAdded {
            article,
            number,
            claims,
            new_claims,
            changed,
            ..
        } => {
            let mut text =
                format!("ingested {article} revision {number}: {claims} claims, {new_claims} new");
            for change in changed {
                text.push_str(&format!(
                    "; {} changed ({}), {} → {}",
                    change.new.short(),
                    change.summary,
                    change.old_state,
                    change.new_state
                ));
            }
            text
        }
        EventKind::Transition {
            claim,
            transition,
            from,
            to,
            source,
            note,
            evidence,
            workflow,
            ..
        } => {
            let mut text = format!("{} {transition}: {from} → {to}", claim.short());
            if let Some(evidence) = evidence {
                text.push_str(&format!("; evidence: {}", &evidence.to_hex()[..16]));
            }
            if let Some(source) = source {
                text.push_str(&format!("; source: {source}"));
            }
            if let Some(note) = note {
                text.push_str(&format!("; note: {note}"));
            }
            text.push_str(&format!(" (workflow {})", &workflow.to_hex()[..8]));
            text
        }
        EventKind::ConfigSet { key, value } => format!("set {key} = {value}"),
        EventKind::WorkflowChanged {
            workflow,
            workflow_name,
            previous,
        } => format!(
            "switched to workflow \"{workflow_name}\" ({}), replacing {}",
            &workflow.to_hex()[..12],
            &previous.to_hex()[..12]
        ),
    }
}
