//! Assignment: who is to work on an article, or on one of its claims ("what needs me").
//!
//! An assignment is a row in `meta` written with an `Assigned` event, so it is audited like a
//! verdict. A claim's assignment follows it when a revision changes its words (see
//! `ingest::carry_assignment`); the article's own covers every claim no one was given.

use std::collections::{HashMap, HashSet};

use super::{Desk, DeskError};
use crate::model::{ArticleId, Assignment, ClaimId, EventKind, Timestamp};
use crate::store::TxError;

/// The longest assignee name taken when the desk has no users of its own (command-line use,
/// where names are whatever `--user` said).
const MAX_FREE_NAME: usize = 64;

/// Who to give an article or a claim to.
#[derive(Clone, Debug)]
pub struct AssignRequest {
    /// The article.
    pub article: ArticleId,
    /// One of its claims (in its latest revision), or `None` for the whole article.
    pub claim: Option<ClaimId>,
    /// Who takes it; `None` releases it.
    pub assignee: Option<String>,
}

/// What an assignment changed.
#[derive(Clone, Debug, PartialEq)]
pub struct Assigned {
    /// Who had it before, if anyone.
    pub previous: Option<String>,
    /// Who has it now; `None` when released.
    pub assignee: Option<String>,
    /// The audit event that records it.
    pub seq: u64,
}

impl Desk {
    /// Assigns an article or one of its claims to someone, or releases it, in one transaction
    /// with its audit event. When the desk has users (`user add`), only an enabled one can be
    /// given work; before that, any plain name can.
    pub fn assign(
        &self,
        request: &AssignRequest,
        actor: &str,
        now: Timestamp,
    ) -> Result<Assigned, DeskError> {
        self.article(&request.article)?;
        if let Some(claim) = &request.claim {
            self.latest_carrying(&request.article, claim)?;
        }
        if let Some(name) = &request.assignee {
            self.check_assignee(name)?;
        }
        let what = match &request.claim {
            Some(claim) => format!("claim {}", claim.short()),
            None => format!("article `{}`", request.article),
        };
        let assigned = self.store.write(actor, now, |tx| {
            let previous = tx.assignee(&request.article, request.claim.as_ref())?;
            if previous == request.assignee {
                let what = match &previous {
                    Some(name) => format!("{what} is assigned to {name} already: nothing to do"),
                    None => format!("{what} is not assigned to anyone: nothing to release"),
                };
                return Err(TxError::abort(DeskError::Unchanged { what }));
            }
            tx.put_assignment(
                &request.article,
                request.claim.as_ref(),
                request.assignee.as_deref(),
                actor,
                now,
            )?;
            let assigned = Assigned {
                previous,
                assignee: request.assignee.clone(),
                seq: tx.seq(),
            };
            let event = EventKind::Assigned {
                article: request.article.clone(),
                claim: request.claim,
                assignee: request.assignee.clone(),
            };
            Ok((assigned, Some(event)))
        })??;
        Ok(assigned)
    }

    /// Who the article and the claims of its latest revision are assigned to: the article's own
    /// first. An assignment left on a claim a later revision removed is not listed.
    pub fn assignments(&self, article: &ArticleId) -> Result<Vec<Assignment>, DeskError> {
        self.article(article)?;
        self.in_latest_revisions(self.store.assignments_of(article)?)
    }

    /// Every assignment in the store, articles in id order, as `assignments` lists each.
    pub fn all_assignments(&self) -> Result<Vec<Assignment>, DeskError> {
        self.in_latest_revisions(self.store.assignments()?)
    }

    /// `assignments` without those on claims that are no longer in their article's latest
    /// revision; reads the claims of only the articles that have claim assignments.
    fn in_latest_revisions(
        &self,
        mut assignments: Vec<Assignment>,
    ) -> Result<Vec<Assignment>, DeskError> {
        let mut latest: HashMap<ArticleId, HashSet<ClaimId>> = HashMap::new();
        for assignment in &assignments {
            if assignment.claim.is_some() && !latest.contains_key(&assignment.article) {
                let claims = self.claims(&assignment.article, None)?;
                latest.insert(
                    assignment.article.clone(),
                    claims.iter().map(|c| c.claim.id).collect(),
                );
            }
        }
        assignments.retain(|a| {
            a.claim.is_none_or(|claim| {
                latest
                    .get(&a.article)
                    .is_some_and(|ids| ids.contains(&claim))
            })
        });
        Ok(assignments)
    }

    fn check_assignee(&self, name: &str) -> Result<(), DeskError> {
        let users = self.store.users()?;
        if users.is_empty() {
            let plain = !name.trim().is_empty()
                && name.trim() == name
                && name.len() <= MAX_FREE_NAME
                && !name.chars().any(char::is_control);
            return if plain {
                Ok(())
            } else {
                Err(DeskError::InvalidValue {
                    what: format!(
                        "`{}` is not a name to assign to: give a plain name of up to {MAX_FREE_NAME} characters",
                        name.escape_debug()
                    ),
                })
            };
        }
        match users.iter().find(|user| user.name == name) {
            Some(user) if !user.disabled => Ok(()),
            Some(_) => Err(DeskError::InvalidValue {
                what: format!("user `{name}` is disabled: assign the work to someone else"),
            }),
            None => Err(DeskError::InvalidValue {
                what: format!(
                    "no user `{name}` on this desk: `factdesk user list` lists them ({})",
                    users
                        .iter()
                        .filter(|u| !u.disabled)
                        .map(|u| u.name.as_str())
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            }),
        }
    }
}
