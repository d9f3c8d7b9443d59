//! Review workflows: the states a claim moves through, the transitions between them, and the
//! rules a transition enforces (what the checker must supply, which roles may use it, and which
//! earlier transition must have been made by someone else).
//!
//! A workflow is a TOML file. This module owns its format and its validation, in two stages:
//! `WorkflowFile` is exactly what serde reads (private, spans kept for error messages), and
//! [`Workflow`] is the checked result the rest of factdesk uses. Every [`WorkflowError`] names
//! the line to fix. Applying a transition is [`Workflow::check`]; a refusal is a
//! [`TransitionRejected`], an ordinary answer rather than a failure of the workflow itself.
//! The module does no I/O: it parses a `&str` the caller has read.

use std::collections::{BTreeMap, BTreeSet, VecDeque};
use std::fmt;
use std::ops::Range;

use serde::Deserialize;
use toml::Spanned;

use crate::model::Hash32;

/// The built-in workflow: one checker sources, then verifies; disputes need a note.
pub const DEFAULT_WORKFLOW: &str = include_str!("../../workflows/default.toml");

/// The workflow for rating others' claims: disputed is a verdict to publish, not a hold.
pub const FACTCHECK_WORKFLOW: &str = include_str!("../../workflows/factcheck.toml");

/// A stricter built-in workflow: verifying and confirming a dispute need a second checker.
pub const FOUR_EYES_WORKFLOW: &str = include_str!("../../workflows/four-eyes.toml");

/// The color a state gets when its table has no `color`.
const DEFAULT_COLOR: &str = "#9e9e9e";

// ---------------------------------------------------------------------------------------------
// Stage one: the file as written.
// ---------------------------------------------------------------------------------------------

mod error;
mod file;
#[cfg(test)]
mod tests;
mod transition;
mod validate;

pub use self::error::WorkflowError;
use self::file::*;
pub use self::transition::*;
use self::validate::*;

/// A validated workflow: states, transitions and roles, plus the text it was read from.
#[derive(Clone, Debug)]
pub struct Workflow {
    text: String,
    hash: Hash32,
    name: String,
    description: String,
    initial: String,
    on_change: String,
    states: Vec<State>,
    transitions: Vec<Transition>,
    roles: Vec<(String, Vec<String>)>,
}

/// One review state a claim can be in.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct State {
    /// The state's slug (`[a-z0-9-]+`), as used on the command line and in history.
    pub name: String,
    /// What the state means, for people.
    pub description: String,
    /// Display color, `#rrggbb` in lower or upper case as written; `#9e9e9e` when not given.
    pub color: String,
    /// Whether a claim in this state may be published (an end state of the review).
    pub accepted: bool,
    /// The ClaimReview `alternateName` for this verdict; only accepted states have one.
    pub rating: Option<String>,
    /// A verdict that keeps the article from going out (a disputed claim in the newsroom's own
    /// copy) until the text changes or an editor overrides it; only accepted states have it.
    pub blocks_publication: bool,
}

/// A named move from any of several states to one state, with the rules it enforces.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Transition {
    /// The transition's slug (`[a-z0-9-]+`), unique in the workflow and recorded in history.
    pub name: String,
    /// The states it may start from.
    pub from: Vec<String>,
    /// The state it leads to.
    pub to: String,
    /// What the user must supply with it, in file order.
    pub requires: Vec<Requirement>,
    /// Roles allowed to use it; empty means anyone.
    pub roles: Vec<String>,
    /// A transition whose latest user on the same claim may not make this one.
    pub distinct_from: Option<String>,
}

impl Workflow {
    /// Parses and validates a workflow file's text.
    pub fn parse(text: &str) -> Result<Workflow, WorkflowError> {
        let file: WorkflowFile = toml::from_str(text).map_err(|err| toml_error(text, &err))?;
        Validator { text }.validate(file)
    }

    /// Whether a review lets its article through the gate: dismissed, in an accepted state that
    /// does not block, or overridden in the blocking state it is still in.
    pub fn lets_through(&self, review: &crate::model::Review) -> bool {
        let curation = &review.curation;
        if curation.is_dismissed() {
            return true;
        }
        let Some(state) = self.state(&review.state) else {
            return false;
        };
        state.accepted
            && (!state.blocks_publication
                || curation
                    .overridden
                    .as_ref()
                    .is_some_and(|o| o.state == review.state))
    }

    /// The built-in [`DEFAULT_WORKFLOW`].
    pub fn default_workflow() -> Workflow {
        // A test parses DEFAULT_WORKFLOW, so this cannot fail in a tested build.
        #[allow(clippy::expect_used)]
        Workflow::parse(DEFAULT_WORKFLOW).expect("the built-in default workflow is valid")
    }

    /// The exact text the workflow was parsed from.
    pub fn text(&self) -> &str {
        &self.text
    }

    /// BLAKE3 of [`Workflow::text`], so a record can say which workflow it was made under.
    pub fn hash(&self) -> Hash32 {
        self.hash
    }

    /// The workflow's `name`.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The workflow's `description`; empty when not given.
    pub fn description(&self) -> &str {
        &self.description
    }

    /// The state a new claim starts in.
    pub fn initial(&self) -> &str {
        &self.initial
    }

    /// The state a claim goes to when its text or value changes; `initial` when not given.
    pub fn on_change(&self) -> &str {
        &self.on_change
    }

    /// All states, in file order.
    pub fn states(&self) -> &[State] {
        &self.states
    }

    /// The state called `name`.
    pub fn state(&self, name: &str) -> Option<&State> {
        self.states.iter().find(|s| s.name == name)
    }

    /// The state whose name is closest to `given`, when `given` names none but is a close miss
    /// ("verifed"), for a "did you mean".
    pub fn closest_state(&self, given: &str) -> Option<&str> {
        crate::suggest::closest(given, self.states.iter().map(|s| s.name.as_str()))
    }

    /// The state `given` names, as the workflow spells it: the same name in any case ("Verified"
    /// is `verified`). `None` when no state has that name.
    pub fn state_spelled(&self, given: &str) -> Option<&str> {
        let lower = given.to_lowercase();
        self.states
            .iter()
            .find(|s| s.name == given || s.name.to_lowercase() == lower)
            .map(|s| s.name.as_str())
    }

    /// All transitions, in file order.
    pub fn transitions(&self) -> &[Transition] {
        &self.transitions
    }

    /// The transition called `name`.
    pub fn transition(&self, name: &str) -> Option<&Transition> {
        self.transitions.iter().find(|t| t.name == name)
    }

    /// The transitions that may start from `from`, in file order.
    pub fn transitions_from<'a>(
        &'a self,
        from: &'a str,
    ) -> impl Iterator<Item = &'a Transition> + 'a {
        self.transitions
            .iter()
            .filter(move |t| t.from.iter().any(|f| f == from))
    }

    /// What is legal but likely a mistake, for the person writing the file: a workflow without
    /// an accepted state never lets `gate` pass; a transition limited to roles in a file without
    /// `[roles]` can be made by no one.
    pub fn warnings(&self) -> Vec<String> {
        let mut warnings = Vec::new();
        if self.roles.is_empty() {
            for transition in self.transitions.iter().filter(|t| !t.roles.is_empty()) {
                warnings.push(format!(
                    "transition \"{}\" is limited to role {}, but the file has no [roles]: no one can make it; add [roles] with who has it",
                    transition.name,
                    transition.roles.join(" or ")
                ));
            }
        }
        if !self.states.iter().any(|state| state.accepted) {
            warnings.push(format!(
                "workflow \"{}\" has no state with `accepted = true`: `factdesk gate` will never let an article out",
                self.name
            ));
        }
        warnings
    }

    /// Whether `user` may make `transition` as far as roles go: it names none, or the user holds
    /// one of them under `[roles]` or by `granted` (the store's user record).
    pub fn admits(&self, transition: &Transition, user: &str, granted: &[String]) -> bool {
        if transition.roles.is_empty() {
            return true;
        }
        let held = self.roles_of(user);
        transition
            .roles
            .iter()
            .any(|role| held.contains(&role.as_str()) || granted.contains(role))
    }

    /// The roles `[roles]` defines, in file order.
    pub fn role_names(&self) -> Vec<String> {
        self.roles.iter().map(|(role, _)| role.clone()).collect()
    }

    /// The roles `user` has under `[roles]`, in file order; empty when there is no `[roles]`.
    pub fn roles_of(&self, user: &str) -> Vec<&str> {
        self.roles
            .iter()
            .filter(|(_, users)| users.iter().any(|u| u == user))
            .map(|(role, _)| role.as_str())
            .collect()
    }

    /// Checks moving a claim from `from` to `to` with what the user supplied, and returns the
    /// transition that would be made.
    ///
    /// Checks run from what the user cannot fix to what they can: states, the move itself,
    /// roles, `distinct_from`, then the requirements (the first missing one is reported). A
    /// transition with `roles` in a workflow without `[roles]` admits no one.
    pub fn check(
        &self,
        from: &str,
        to: &str,
        request: &TransitionRequest<'_>,
    ) -> Result<&Transition, TransitionRejected> {
        for state in [from, to] {
            if self.state(state).is_none() {
                return Err(TransitionRejected::UnknownState {
                    state: state.to_owned(),
                    known: self.state_names(),
                });
            }
        }
        // Validation guarantees at most one transition per (from, to) pair.
        let found = self
            .transitions
            .iter()
            .find(|t| t.to == to && t.from.iter().any(|f| f == from));
        let Some(transition) = found else {
            if from == to {
                return Err(TransitionRejected::AlreadyInState {
                    state: from.to_owned(),
                });
            }
            return Err(TransitionRejected::NotAllowed {
                from: from.to_owned(),
                to: to.to_owned(),
                legal: self
                    .transitions_from(from)
                    .map(|t| (t.name.clone(), t.to.clone()))
                    .collect(),
            });
        };
        if !self.admits(transition, request.user, request.granted) {
            return Err(TransitionRejected::RoleRequired {
                transition: transition.name.clone(),
                roles: transition.roles.clone(),
                user: request.user.to_owned(),
            });
        }
        if let Some(other) = &transition.distinct_from
            && (request.last_user_of)(other).as_deref() == Some(request.user)
        {
            return Err(TransitionRejected::SameUser {
                transition: transition.name.clone(),
                other: other.clone(),
                user: request.user.to_owned(),
            });
        }
        if let Some(&requirement) = transition.requires.iter().find(|r| !request.supplies(**r)) {
            return Err(TransitionRejected::MissingRequirement {
                transition: transition.name.clone(),
                requirement,
            });
        }
        Ok(transition)
    }

    /// The states' names, in file order.
    pub fn state_names(&self) -> Vec<String> {
        self.states.iter().map(|s| s.name.clone()).collect()
    }
}

// ---------------------------------------------------------------------------------------------
// From stage one to stage two.
// ---------------------------------------------------------------------------------------------
