//! Audit events as `history` shows them: one line an event, with what it did in words and, in a
//! claim's history, how the claim took over from an earlier one.

use serde::Serialize;

use super::count;
use crate::desk::{Desk, DeskError, HistoryEntry, Succession};
use crate::model::{
    ArticleId, ClaimId, CurationAction, Event, EventKind, UserAction, WebhookAction,
};

/// One audit event (`history --json`).
#[derive(Debug, Clone, Serialize)]
pub struct EventLine {
    /// Its position in the log.
    pub seq: u64,
    /// When, RFC 3339.
    pub at: String,
    /// Who.
    pub actor: String,
    /// What kind of event (`revision-added`, `transition`, …).
    pub event: &'static str,
    /// The article it is about, if any.
    pub article: Option<String>,
    /// The claim the event was about: for a claim's history, also on ingests, and possibly a
    /// claim the asked one replaced.
    pub claim: Option<String>,
    /// On the ingest where the claim took over from an earlier one (claim history only).
    pub replaces: Option<ReplacesLine>,
    /// On the ingest where the claim left: the claim that took over from it (claim history
    /// only).
    pub replaced_by: Option<ReplacesLine>,
    /// What it did, for people.
    pub description: String,
    /// Its hash in the chain.
    pub hash: String,
    /// The hash of the event before it.
    pub prev: String,
}

/// How a claim took over from the claim before it, in `history` and `show` JSON.
#[derive(Debug, Clone, Serialize)]
pub struct ReplacesLine {
    /// The earlier claim.
    pub old: String,
    /// The later claim.
    pub new: String,
    /// The revision whose ingest made the change.
    pub revision: Option<u32>,
    /// What changed, for people.
    pub summary: String,
    /// Whether the ingest's event records the pair (false: found by aligning the revisions,
    /// for an ingest recorded before the pairs were).
    pub recorded: bool,
    /// The earlier claim's state when it changed, and the state the new one was put in
    /// (recorded changes only).
    pub old_state: Option<String>,
    /// See `old_state`.
    pub new_state: Option<String>,
}

impl ReplacesLine {
    /// The line of `succession`, made by the ingest of `revision`.
    pub fn new(succession: &Succession, revision: Option<u32>) -> ReplacesLine {
        let (recorded, old_state, new_state) = match succession {
            Succession::Changed(change) => (
                true,
                Some(change.old_state.clone()),
                Some(change.new_state.clone()),
            ),
            Succession::Realigned { recorded, .. } => (*recorded, None, None),
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

/// An article's events, oldest first (`history --article`).
pub fn article_history(desk: &Desk, article: &ArticleId) -> Result<Vec<EventLine>, DeskError> {
    Ok(desk
        .history(article)?
        .iter()
        .map(|event| event_line(event, None, describe_event(event)))
        .collect())
}

/// A claim's events, oldest first, through the claims it replaced (`history CLAIM`).
pub fn claim_history(
    desk: &Desk,
    article: &ArticleId,
    claim: &ClaimId,
) -> Result<Vec<EventLine>, DeskError> {
    Ok(entry_lines(&desk.claim_history(article, claim)?))
}

/// The lines of a claim's history entries.
pub(super) fn entry_lines(entries: &[HistoryEntry]) -> Vec<EventLine> {
    entries
        .iter()
        .map(|entry| event_line(&entry.event, Some(entry), describe_entry(entry)))
        .collect()
}

/// The revision an ingest event added.
pub(super) fn revision_of(event: &Event) -> Option<u32> {
    match event.kind {
        EventKind::RevisionAdded { number, .. } => Some(number),
        _ => None,
    }
}

/// One event's line; `entry` places it in a claim's history.
fn event_line(event: &Event, entry: Option<&HistoryEntry>, description: String) -> EventLine {
    let (name, subject) = match &event.kind {
        EventKind::StoreCreated { .. } => ("store-created", None),
        EventKind::RevisionAdded { .. } => ("revision-added", None),
        EventKind::Transition { claim, .. } => ("transition", Some(*claim)),
        EventKind::Curated { claim, .. } => ("curated", Some(*claim)),
        EventKind::Assigned { claim, .. } => ("assigned", *claim),
        EventKind::RevisionRetracted { .. } => ("revision-retracted", None),
        EventKind::UserChanged { .. } => ("user-changed", None),
        EventKind::WebhookChanged { .. } => ("webhook-changed", None),
        EventKind::ReferencesImported { .. } => ("references-imported", None),
        EventKind::ConfigSet { .. } => ("config-set", None),
        EventKind::WorkflowChanged { .. } => ("workflow-changed", None),
    };
    let revision = revision_of(event);
    EventLine {
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
    }
}

/// One line for people about an event of a claim's history, naming the claim it was about.
pub fn describe_entry(entry: &HistoryEntry) -> String {
    let EventKind::RevisionAdded {
        article, number, ..
    } = &entry.event.kind
    else {
        // A transition already names its claim.
        return describe_event(&entry.event);
    };
    let what = match (&entry.succession, &entry.replaced_by) {
        // Reset in place: a quote whose speaker changed keeps its id.
        (Some(Succession::Changed(change)), _) if change.old == change.new => format!(
            "changed ({}), {} → {}",
            change.summary, change.old_state, change.new_state
        ),
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
        Succession::Realigned {
            summary,
            recorded: true,
            ..
        } => format!("{relation} {} ({summary})", other.short()),
        Succession::Realigned { summary, .. } => format!(
            "{relation} {} ({summary}; found by aligning the revisions)",
            other.short()
        ),
    }
}

/// One line for people: what the event did.
pub fn describe_event(event: &Event) -> String {
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
                count(u64::from(*claims), "claim")
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
        EventKind::UserChanged { name, action } => match action {
            UserAction::Added { roles } if roles.is_empty() => format!("added user {name}"),
            UserAction::Added { roles } => {
                format!("added user {name} with role {}", roles.join(", "))
            }
            UserAction::PasswordSet => format!("set a new password for {name}"),
            UserAction::Disabled => format!("disabled user {name}"),
            UserAction::TokenAdded { id } => format!("made API token {id} for {name}"),
        },
        EventKind::Assigned {
            article,
            claim,
            assignee,
        } => {
            let what = claim.map_or_else(|| article.to_string(), |claim| claim.short());
            match assignee {
                Some(assignee) if *assignee == event.actor => format!("took {what}"),
                Some(assignee) => format!("assigned {what} to {assignee}"),
                None => format!("released {what}"),
            }
        }
        EventKind::WebhookChanged { id, action } => match action {
            WebhookAction::Added {
                site,
                events,
                description,
            } => {
                let events: Vec<&str> = events.iter().map(|e| e.as_str()).collect();
                let description = description
                    .as_deref()
                    .map_or_else(String::new, |d| format!(": {}", on_one_line(d)));
                format!(
                    "added webhook {id} posting to {site} (events: {}){description}",
                    events.join(", ")
                )
            }
            WebhookAction::Removed => format!("removed webhook {id}"),
        },
        EventKind::ReferencesImported {
            count,
            held,
            skipped,
            file,
        } => format!(
            "imported {} from file {} ({held} already held, {skipped} skipped)",
            crate::view::count(u64::from(*count), "reference verdict"),
            &file.to_hex()[..16]
        ),
        EventKind::RevisionRetracted {
            article,
            number,
            restored,
            as_revision,
            note,
        } => format!(
            "retracted {article} revision {number}: revision {as_revision} carries the text of revision {restored} again; note: {}",
            on_one_line(note)
        ),
        EventKind::Curated { claim, action, .. } => {
            let claim = claim.short();
            let note = |note: &Option<String>| {
                note.as_deref()
                    .map_or_else(String::new, |n| format!("; note: {}", on_one_line(n)))
            };
            match action {
                CurationAction::Added {
                    revision,
                    kind,
                    text,
                    speaker,
                } => {
                    let speaker = speaker
                        .as_deref()
                        .map_or_else(String::new, |s| format!(" by {}", on_one_line(s)));
                    format!(
                        "{claim} added: {kind} \"{}\"{speaker} to revision {revision}",
                        on_one_line(text)
                    )
                }
                CurationAction::SpeakerCorrected {
                    speaker,
                    was,
                    note: n,
                } => format!(
                    "{claim} speaker: {} → {}{}",
                    was.as_deref().map_or("(none)".to_owned(), on_one_line),
                    on_one_line(speaker),
                    note(n)
                ),
                CurationAction::Dismissed { reason, note: n } => {
                    format!("{claim} dismissed: {reason}{}", note(n))
                }
                CurationAction::Restored { note: n } => format!("{claim} restored{}", note(n)),
                CurationAction::Overridden { state, note: n } => format!(
                    "{claim} override: {state} let through the gate; note: {}",
                    on_one_line(n)
                ),
            }
        }
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
