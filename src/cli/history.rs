use anyhow::{Result, bail};
use factdesk::desk::{HistoryEntry, Succession};
use factdesk::model::{ClaimId, Event, EventKind};
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
    /// The claim the event was about: for a claim's history, also on ingests, and possibly a
    /// claim the asked one replaced.
    claim: Option<String>,
    /// On the ingest where the claim took over from an earlier one (claim history only).
    replaces: Option<ReplacesLine>,
    /// On the ingest where the claim left: the claim that took over from it (claim history
    /// only).
    replaced_by: Option<ReplacesLine>,
    description: String,
    hash: String,
    prev: String,
}

/// How a claim took over from the claim before it, in `history` and `show` JSON.
#[derive(Serialize)]
pub(crate) struct ReplacesLine {
    /// The earlier claim.
    old: String,
    new: String,
    /// The revision whose ingest made the change.
    revision: Option<u32>,
    summary: String,
    /// Whether the ingest's event records the pair (false: found by aligning the revisions).
    recorded: bool,
    /// The earlier claim's state when it changed, and the state the new one was put in
    /// (recorded changes only).
    old_state: Option<String>,
    new_state: Option<String>,
}

impl ReplacesLine {
    pub(crate) fn new(succession: &Succession, revision: Option<u32>) -> ReplacesLine {
        let (recorded, old_state, new_state) = match succession {
            Succession::Changed(change) => (
                true,
                Some(change.old_state.clone()),
                Some(change.new_state.clone()),
            ),
            Succession::Realigned { .. } => (false, None, None),
        };
        ReplacesLine {
            old: succession.earlier().to_hex(),
            new: succession.later().to_hex(),
            revision,
            summary: succession.summary().to_owned(),
            recorded,
            old_state,
            new_state,
        }
    }
}

pub(crate) fn cmd_history(ctx: &mut Ctx, args: &HistoryArgs) -> Result<()> {
    let article = args.article.as_deref().map(parse_article).transpose()?;
    let desk = ctx.desk()?;
    let entries: Vec<HistoryEntry> = match (&args.claim, &article) {
        (Some(claim), _) => {
            let (article, claim) = desk.resolve(claim, article.as_ref())?;
            desk.claim_history(&article, &claim)?
        }
        (None, Some(article)) => {
            for event in &desk.history(article)? {
                print_event(ctx, args.json.json, event, None, describe_event(event))?;
            }
            return ctx.flush();
        }
        (None, None) => bail!("give a claim id, or --article ID for an article's history"),
    };
    for entry in &entries {
        print_event(
            ctx,
            args.json.json,
            &entry.event,
            Some(entry),
            describe_entry(entry),
        )?;
    }
    ctx.flush()
}

/// Prints one event; `entry` places it in a claim's history.
fn print_event(
    ctx: &mut Ctx,
    json: bool,
    event: &Event,
    entry: Option<&HistoryEntry>,
    description: String,
) -> Result<()> {
    if !json {
        return ctx.line(format_args!(
            "#{:<5} {}  {:<10} {description}",
            event.seq, event.at, event.actor,
        ));
    }
    let (name, subject) = match &event.kind {
        EventKind::StoreCreated { .. } => ("store-created", None),
        EventKind::RevisionAdded { .. } => ("revision-added", None),
        EventKind::Transition { claim, .. } => ("transition", Some(*claim)),
        EventKind::ConfigSet { .. } => ("config-set", None),
        EventKind::WorkflowChanged { .. } => ("workflow-changed", None),
    };
    let revision = match event.kind {
        EventKind::RevisionAdded { number, .. } => Some(number),
        _ => None,
    };
    let line = EventLine {
        seq: event.seq,
        at: event.at.to_string(),
        actor: event.actor.clone(),
        event: name,
        article: event.article().map(ToString::to_string),
        claim: entry.map(|e| e.claim).or(subject).map(|c| c.to_hex()),
        replaces: entry
            .and_then(|e| e.succession.as_ref())
            .map(|s| ReplacesLine::new(s, revision)),
        replaced_by: entry
            .and_then(|e| e.replaced_by.as_ref())
            .map(|s| ReplacesLine::new(s, revision)),
        description,
        hash: event.hash.to_hex(),
        prev: event.prev.to_hex(),
    };
    ctx.line(factdesk::json::to_string(&line)?)
}

/// One line for people about an event of a claim's history, naming the claim it was about.
pub(crate) fn describe_entry(entry: &HistoryEntry) -> String {
    let EventKind::RevisionAdded {
        article, number, ..
    } = &entry.event.kind
    else {
        // A transition already names its claim.
        return describe_event(&entry.event);
    };
    let what = match (&entry.succession, &entry.replaced_by) {
        (Some(succession), _) => describe_succession("replaces", succession.earlier(), succession),
        (None, _) if entry.appeared == Some(true) => "appeared".to_owned(),
        (None, Some(successor)) => describe_succession("replaced by", successor.later(), successor),
        (None, None) => "removed".to_owned(),
    };
    format!(
        "{} ingested {article} revision {number}: {what}",
        entry.claim.short()
    )
}

/// `relation` (`replaces`, `replaced by`) `other` and how: the change the ingest recorded, with
/// the states, or the pair found by aligning the revisions again.
fn describe_succession(relation: &str, other: ClaimId, succession: &Succession) -> String {
    match succession {
        Succession::Changed(change) => format!(
            "{relation} {}: changed ({}), {} → {}",
            other.short(),
            change.summary,
            change.old_state,
            change.new_state
        ),
        Succession::Realigned { summary, .. } => format!(
            "{relation} {} ({summary}; found by aligning the revisions)",
            other.short()
        ),
    }
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
            let mut text = format!(
                "ingested {article} revision {number}: {}, {new_claims} new",
                super::count(u64::from(*claims), "claim")
            );
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
            // An event is one line: a note of several lines (or a pasted source) is joined.
            if let Some(source) = source {
                text.push_str(&format!("; source: {}", on_one_line(source)));
            }
            if let Some(note) = note {
                text.push_str(&format!("; note: {}", on_one_line(note)));
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

/// `text` with its line breaks shown as " / ".
fn on_one_line(text: &str) -> String {
    text.lines()
        .map(str::trim)
        .filter(|line| !line.is_empty())
        .collect::<Vec<_>>()
        .join(" / ")
}
