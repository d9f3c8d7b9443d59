//! Reviews: transitions checked against the workflow, the workflow itself, and what is
//! waiting for a checker (`gate`, `queue`).

use std::collections::{HashMap, HashSet};

use super::{Desk, DeskError, ReviewedClaim};
use crate::model::{
    ArticleId, ClaimId, EventKind, EvidenceRef, Remark, Review, Revision, Timestamp,
};
use crate::revision::Change;
use crate::store::{StoreError, TxError};
use crate::workflow::{TransitionRejected, TransitionRequest, Workflow};

/// A transition to apply to one claim.
#[derive(Debug, Clone)]
pub struct MarkRequest {
    /// The article the claim is reviewed in.
    pub article: ArticleId,
    /// The claim.
    pub claim: ClaimId,
    /// The target state.
    pub to: String,
    /// A URL or citation.
    pub source: Option<String>,
    /// The N-th (from 1) source the review carries from before its claim's last change (as
    /// [`Desk::split_carried`] lists them), given again for the claim as it stands: the source
    /// of this transition, as `source` would be. Not with `source`.
    pub reuse_source: Option<usize>,
    /// A note.
    pub note: Option<String>,
    /// A file kept as evidence (the page as checked, a document): its name and bytes.
    pub evidence: Option<(String, Vec<u8>)>,
    /// Apply only if the claim is still in this state (what the editor last saw), so a decision
    /// based on a stale view is refused rather than applied over someone else's.
    pub expected_state: Option<String>,
}

/// Why a transition was not applied: an expected outcome, not a failure.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum Refusal {
    /// The workflow does not allow it.
    #[error(transparent)]
    Workflow(#[from] TransitionRejected),
    /// Someone changed the claim since the editor looked.
    #[error(
        "the claim is now \"{actual}\", not \"{expected}\": {by} changed it at {at}; look at it again and retry"
    )]
    Stale {
        /// The state the editor expected.
        expected: String,
        /// The state it is in.
        actual: String,
        /// Who made the last change.
        by: String,
        /// When.
        at: Timestamp,
    },
}

/// What a transition did.
#[derive(Debug, Clone, PartialEq)]
pub struct Marked {
    /// The state before.
    pub from: String,
    /// The state after.
    pub to: String,
    /// The workflow transition used.
    pub transition: String,
    /// The audit event recording it.
    pub seq: u64,
}

/// What `workflow use` did.
#[derive(Debug, Clone)]
pub struct WorkflowSwitch {
    /// False when the workflow was already in force (nothing recorded).
    pub changed: bool,
    /// Reviews whose state the new workflow does not have: kept as they are, and reported, because
    /// mapping them silently would put words in a checker's mouth.
    pub stranded: Vec<Review>,
}

/// Why a claim is in the review queue.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Urgency {
    /// Its value, wording or speaker changed in the newest revision.
    Changed,
    /// It first appeared in the newest revision.
    New,
    /// It has been waiting since an earlier revision.
    Waiting,
}

impl Urgency {
    /// The word shown in listings.
    pub fn as_str(self) -> &'static str {
        match self {
            Urgency::Changed => "changed",
            Urgency::New => "new",
            Urgency::Waiting => "waiting",
        }
    }
}

/// A claim waiting for a checker.
#[derive(Debug, Clone)]
pub struct QueueItem {
    /// Why it is waiting.
    pub urgency: Urgency,
    /// The article's newest revision, where the claim stands.
    pub revision: Revision,
    /// The claim and its review.
    pub reviewed: ReviewedClaim,
    /// Who it is assigned to: the claim's assignee, else the article's.
    pub assignee: Option<String>,
}

/// Whose work a queue lists.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum QueueFor<'a> {
    /// Everyone's.
    #[default]
    All,
    /// What is assigned to this user (the claim to them, or the article with no one on the
    /// claim).
    Assignee(&'a str),
    /// What no one has.
    Unassigned,
}

impl Desk {
    /// Moves a claim's review to another state, if the workflow allows it.
    pub fn mark(
        &self,
        request: &MarkRequest,
        actor: &str,
        now: Timestamp,
    ) -> Result<Result<Marked, Refusal>, DeskError> {
        // State names are matched whatever their case, and stored as the workflow spells them.
        let spelled = |state: &String| {
            self.workflow
                .state_spelled(state)
                .map_or_else(|| state.clone(), str::to_owned)
        };
        let request = &MarkRequest {
            to: spelled(&request.to),
            expected_state: request.expected_state.as_ref().map(spelled),
            ..request.clone()
        };
        // A source given again for the claim as it stands is recorded by the transition but not
        // listed twice: only remarks recorded since the claim's last change count, so an earlier
        // value's source can be given for the new one (`reuse_source`).
        let split = match (&request.source, request.reuse_source) {
            (None, None) => None,
            _ => self.review_split(&request.article, &request.claim)?,
        };
        let carried = split.as_ref().and_then(|(_, carried)| carried.as_ref());
        let since = carried.map_or(0, |c| c.since);
        let reused;
        let request = match request.reuse_source {
            None => request,
            Some(_) if request.source.is_some() => {
                return Err(DeskError::InvalidValue {
                    what: "give either --source or --reuse-source, not both".to_owned(),
                });
            }
            Some(n) => {
                let sources = carried.map_or(&[][..], |c| c.sources.as_slice());
                let Some(source) = n.checked_sub(1).and_then(|i| sources.get(i)) else {
                    let what = match sources.len() {
                        0 => format!(
                            "claim {} carries no source from before a change: give --source",
                            request.claim.short()
                        ),
                        k => format!(
                            "claim {} carries {k} earlier source{} (`factdesk show` numbers them): --reuse-source takes 1{}",
                            request.claim.short(),
                            if k == 1 { "" } else { "s" },
                            if k == 1 {
                                String::new()
                            } else {
                                format!(" to {k}")
                            }
                        ),
                    };
                    return Err(DeskError::InvalidValue { what });
                };
                reused = MarkRequest {
                    source: Some(source.text.clone()),
                    reuse_source: None,
                    ..request.clone()
                };
                &reused
            }
        };
        if let Some(source) = request
            .source
            .as_deref()
            .filter(|s| super::is_web_address(s))
        {
            super::check_web_address("--source", source)?;
        }
        if let Some((name, bytes)) = &request.evidence
            && bytes.len() as u64 > crate::store::MAX_EVIDENCE_BYTES
        {
            return Err(DeskError::EvidenceTooLarge {
                name: name.clone(),
                size: bytes.len() as u64,
            });
        }
        self.latest_carrying(&request.article, &request.claim)?;
        let workflow = &self.workflow;
        // Roles the desk's user record grants count as the workflow's own `[roles]` do.
        let granted = self.granted_roles(actor)?;
        let outcome = self.store.write(actor, now, |tx| {
            let Some(mut review) = tx.review(&request.article, &request.claim)? else {
                // Every claim of a stored revision has a review: a row, or its initial one.
                return Err(StoreError::Integrity {
                    tree: "reviews".into(),
                    key: format!("{}/{}", request.article, request.claim),
                    detail: "a claim of the latest revision has no review".into(),
                }
                .into());
            };
            // A state the workflow lacks is a slip, not a colleague's change.
            if let Some(expected) = &request.expected_state
                && workflow.state(expected).is_none()
            {
                return Err(TxError::abort(Refusal::Workflow(
                    TransitionRejected::UnknownState {
                        state: expected.clone(),
                        known: workflow.state_names(),
                    },
                )));
            }
            if let Some(expected) = &request.expected_state
                && expected != &review.state
            {
                return Err(TxError::abort(Refusal::Stale {
                    expected: expected.clone(),
                    actual: review.state.clone(),
                    by: review.updated_by.clone(),
                    at: review.updated_at,
                }));
            }
            let history = review.last_user_of.clone();
            let last_user_of = move |name: &str| history.get(name).cloned();
            let transition = workflow
                .check(
                    &review.state,
                    &request.to,
                    &TransitionRequest {
                        user: actor,
                        granted: &granted,
                        has_source: request.source.is_some(),
                        has_note: request.note.is_some(),
                        has_evidence: request.evidence.is_some(),
                        last_user_of: &last_user_of,
                    },
                )
                .map_err(|rejected| TxError::abort(Refusal::Workflow(rejected)))?;
            let seq = tx.seq();
            let evidence = match &request.evidence {
                Some((name, bytes)) => {
                    let hash = tx.put_evidence(name, bytes)?;
                    review.evidence.push(EvidenceRef {
                        hash,
                        name: name.clone(),
                        size: bytes.len() as u64,
                        by: actor.to_owned(),
                        at: now,
                        seq,
                    });
                    Some(hash)
                }
                None => None,
            };
            let from = std::mem::replace(&mut review.state, request.to.clone());
            let remark = |text: &String| Remark {
                text: text.clone(),
                by: actor.to_owned(),
                at: now,
                seq,
            };
            let given = |text: &String| {
                review
                    .sources
                    .iter()
                    .any(|s| s.seq >= since && &s.text == text)
            };
            let new_source = request.source.as_ref().filter(|text| !given(text));
            review.sources.extend(new_source.map(remark));
            review.notes.extend(request.note.iter().map(remark));
            review.updated_by = actor.to_owned();
            review.updated_at = now;
            review.workflow_hash = workflow.hash();
            // An override let one verdict through; a new decision is judged on its own.
            review.curation.overridden = None;
            review
                .last_user_of
                .insert(transition.name.clone(), actor.to_owned());
            tx.put_review(&review)?;
            let marked = Marked {
                from: from.clone(),
                to: request.to.clone(),
                transition: transition.name.clone(),
                seq,
            };
            let event = EventKind::Transition {
                article: request.article.clone(),
                claim: request.claim,
                transition: transition.name.clone(),
                from,
                to: request.to.clone(),
                source: request.source.clone(),
                note: request.note.clone(),
                evidence,
                workflow: workflow.hash(),
            };
            Ok((marked, Some(event)))
        })?;
        Ok(outcome)
    }

    /// Puts another workflow in force, recording it (text and hash) in the audit log.
    pub fn use_workflow(
        &mut self,
        workflow: &Workflow,
        actor: &str,
        now: Timestamp,
    ) -> Result<WorkflowSwitch, DeskError> {
        // Claims under review now: those of each article's latest revision. A claim an older
        // revision held keeps its state as history, in whatever workflow.
        let mut stranded = Vec::new();
        for article in self.store.articles()? {
            let latest = self.revision(&article.id, Some(article.latest))?;
            stranded.extend(
                self.store
                    .reviews_of(&article.id, &latest.claims)?
                    .into_iter()
                    .flatten()
                    .filter(|review| workflow.state(&review.state).is_none()),
            );
        }
        if workflow.hash() == self.workflow.hash() {
            return Ok(WorkflowSwitch {
                changed: false,
                stranded,
            });
        }
        let previous = self.workflow.hash();
        let outcome = self.store.write(actor, now, |tx| {
            tx.put_workflow(workflow.text())?;
            let event = EventKind::WorkflowChanged {
                workflow: workflow.hash(),
                workflow_name: workflow.name().to_owned(),
                previous,
            };
            Ok::<_, TxError<std::convert::Infallible>>(((), Some(event)))
        })?;
        match outcome {
            Ok(()) => {}
            Err(never) => match never {},
        }
        self.workflow = workflow.clone();
        Ok(WorkflowSwitch {
            changed: true,
            stranded,
        })
    }

    /// The claims of a revision (default: latest) that block publication: those not in an
    /// accepted end state of the workflow, or in one that blocks publication
    /// (`blocks_publication`) and no editor overrode. Dismissed claims never block. Empty means
    /// the revision may be published.
    pub fn gate(
        &self,
        id: &ArticleId,
        number: Option<u32>,
    ) -> Result<Vec<ReviewedClaim>, DeskError> {
        let claims = self.claims(id, number)?;
        Ok(claims
            .into_iter()
            .filter(|c| !self.workflow.lets_through(&c.review))
            .collect())
    }

    /// What needs checking, most urgent first: changed claims of the newest revisions, then new
    /// ones, then the rest still waiting; newer articles before older ones.
    pub fn queue(
        &self,
        only: Option<&ArticleId>,
        whose: QueueFor<'_>,
    ) -> Result<Vec<QueueItem>, DeskError> {
        let mut articles = match only {
            Some(id) => vec![self.article(id)?],
            None => self.store.articles()?,
        };
        let assignments = match only {
            Some(id) => self.store.assignments_of(id)?,
            None => self.store.assignments()?,
        };
        let assigned: HashMap<(&ArticleId, Option<ClaimId>), &str> = assignments
            .iter()
            .map(|a| ((&a.article, a.claim), a.assignee.as_str()))
            .collect();
        if let QueueFor::Assignee(name) = whose {
            // Only the articles where they have something: the rest cost no diff.
            let theirs: HashSet<&ArticleId> = assignments
                .iter()
                .filter(|a| a.assignee == name)
                .map(|a| &a.article)
                .collect();
            articles.retain(|article| theirs.contains(&article.id));
        }
        let mut items = Vec::new();
        for article in articles {
            let revision = self.revision(&article.id, None)?;
            let claims = self.claims(&article.id, None)?;
            let (mut changed, mut added) = (Vec::new(), Vec::new());
            if revision.number > 1 {
                let diff = self.diff(&article.id, None, None)?;
                for change in diff.claim_changes() {
                    let Some(new) = change.new else { continue };
                    match change.change {
                        Change::Modified => changed.push(new.id),
                        Change::Added => added.push(new.id),
                        _ => {}
                    }
                }
            } else {
                added = claims.iter().map(|c| c.claim.id).collect();
            }
            for reviewed in claims {
                if reviewed.review.curation.is_dismissed()
                    || self
                        .workflow
                        .state(&reviewed.review.state)
                        .is_some_and(|s| s.accepted)
                {
                    continue;
                }
                let urgency = if changed.contains(&reviewed.claim.id) {
                    Urgency::Changed
                } else if added.contains(&reviewed.claim.id) {
                    Urgency::New
                } else {
                    Urgency::Waiting
                };
                let assignee = assigned
                    .get(&(&article.id, Some(reviewed.claim.id)))
                    .or_else(|| assigned.get(&(&article.id, None)))
                    .map(|name| (*name).to_owned());
                let wanted = match whose {
                    QueueFor::All => true,
                    QueueFor::Assignee(name) => assignee.as_deref() == Some(name),
                    QueueFor::Unassigned => assignee.is_none(),
                };
                if !wanted {
                    continue;
                }
                items.push(QueueItem {
                    urgency,
                    revision: revision.clone(),
                    reviewed,
                    assignee,
                });
            }
        }
        items.sort_by(|a, b| {
            (
                a.urgency,
                std::cmp::Reverse(a.revision.ingested_at),
                &a.revision.article,
                a.reviewed.claim.span.start_char,
            )
                .cmp(&(
                    b.urgency,
                    std::cmp::Reverse(b.revision.ingested_at),
                    &b.revision.article,
                    b.reviewed.claim.span.start_char,
                ))
        });
        Ok(items)
    }
}
