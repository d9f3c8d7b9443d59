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

/// A stricter built-in workflow: verifying and confirming a dispute need a second checker.
pub const FOUR_EYES_WORKFLOW: &str = include_str!("../../workflows/four-eyes.toml");

/// The color a state gets when its table has no `color`.
const DEFAULT_COLOR: &str = "#9e9e9e";

// ---------------------------------------------------------------------------------------------
// Stage one: the file as written.
// ---------------------------------------------------------------------------------------------

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct WorkflowFile {
    name: Spanned<String>,
    #[serde(default)]
    description: String,
    // Optional here so that its absence gets our own message rather than serde's.
    initial: Option<Spanned<String>>,
    on_change: Option<Spanned<String>>,
    states: Option<Spanned<Ordered<StateFile>>>,
    #[serde(default)]
    transitions: Vec<TransitionFile>,
    roles: Option<Ordered<Vec<String>>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct StateFile {
    #[serde(default)]
    description: String,
    color: Option<Spanned<String>>,
    #[serde(default)]
    accepted: bool,
    rating: Option<Spanned<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct TransitionFile {
    name: Spanned<String>,
    from: Spanned<Vec<Spanned<String>>>,
    to: Spanned<String>,
    #[serde(default)]
    requires: Vec<Spanned<String>>,
    #[serde(default)]
    roles: Vec<Spanned<String>>,
    distinct_from: Option<Spanned<String>>,
}

/// A TOML table read in file order.
///
/// toml hands tables over sorted by key (no `preserve_order` feature here), so the key spans are
/// used to restore the order the author wrote, which is the order states are listed in.
struct Ordered<V>(Vec<(Spanned<String>, V)>);

impl<'de, V: Deserialize<'de>> Deserialize<'de> for Ordered<V> {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct OrderedVisitor<V>(std::marker::PhantomData<V>);

        impl<'de, V: Deserialize<'de>> serde::de::Visitor<'de> for OrderedVisitor<V> {
            type Value = Ordered<V>;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a table")
            }

            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                mut map: A,
            ) -> Result<Self::Value, A::Error> {
                let mut entries: Vec<(Spanned<String>, V)> = Vec::new();
                while let Some(key) = map.next_key::<Spanned<String>>()? {
                    let value = map.next_value::<V>()?;
                    entries.push((key, value));
                }
                entries.sort_by_key(|(key, _)| key.span().start);
                Ok(Ordered(entries))
            }
        }

        deserializer.deserialize_map(OrderedVisitor(std::marker::PhantomData))
    }
}

// ---------------------------------------------------------------------------------------------
// Stage two: the checked workflow.
// ---------------------------------------------------------------------------------------------

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

/// Something a transition needs the user to supply.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Requirement {
    /// A URL or citation the claim was checked against.
    Source,
    /// A free-text explanation.
    Note,
    /// An attachment or link that shows the finding.
    Evidence,
}

impl Requirement {
    /// Every requirement, in the order they are listed in messages.
    pub const ALL: [Requirement; 3] = [
        Requirement::Source,
        Requirement::Note,
        Requirement::Evidence,
    ];

    /// The word used in `requires = [...]`.
    pub fn as_str(self) -> &'static str {
        match self {
            Requirement::Source => "source",
            Requirement::Note => "note",
            Requirement::Evidence => "evidence",
        }
    }

    /// The command-line flag that supplies it.
    pub fn flag(self) -> &'static str {
        match self {
            Requirement::Source => "--source",
            Requirement::Note => "--note",
            Requirement::Evidence => "--evidence",
        }
    }

    /// Parses [`Requirement::as_str`]'s words.
    pub fn parse(word: &str) -> Option<Requirement> {
        Requirement::ALL.into_iter().find(|r| r.as_str() == word)
    }

    fn with_article(self) -> &'static str {
        match self {
            Requirement::Source => "a source",
            Requirement::Note => "a note",
            Requirement::Evidence => "evidence",
        }
    }

    fn placeholder(self) -> &'static str {
        match self {
            Requirement::Source => "URL-or-citation",
            Requirement::Note => "\"why\"",
            Requirement::Evidence => "FILE-or-URL",
        }
    }
}

impl fmt::Display for Requirement {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// What a user brings to a transition: who they are, what they supplied, and the claim's history.
#[derive(Clone, Copy)]
pub struct TransitionRequest<'a> {
    /// The user making the move.
    pub user: &'a str,
    /// Whether a source was supplied (`--source`).
    pub has_source: bool,
    /// Whether a note was supplied (`--note`).
    pub has_note: bool,
    /// Whether evidence was supplied (`--evidence`).
    pub has_evidence: bool,
    /// Who last applied the named transition to this claim, if anyone; consulted only for a
    /// transition with `distinct_from`, so a caller can look history up lazily.
    pub last_user_of: &'a dyn Fn(&str) -> Option<String>,
}

impl<'a> TransitionRequest<'a> {
    /// A request by `user` with nothing supplied and no history; set the other fields with
    /// struct update syntax.
    pub fn new(user: &'a str) -> TransitionRequest<'a> {
        TransitionRequest {
            user,
            has_source: false,
            has_note: false,
            has_evidence: false,
            last_user_of: &no_history,
        }
    }

    fn supplies(&self, requirement: Requirement) -> bool {
        match requirement {
            Requirement::Source => self.has_source,
            Requirement::Note => self.has_note,
            Requirement::Evidence => self.has_evidence,
        }
    }
}

fn no_history(_transition: &str) -> Option<String> {
    None
}

// The history closure has no useful Debug, so it is left out.
impl fmt::Debug for TransitionRequest<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("TransitionRequest")
            .field("user", &self.user)
            .field("has_source", &self.has_source)
            .field("has_note", &self.has_note)
            .field("has_evidence", &self.has_evidence)
            .finish_non_exhaustive()
    }
}

/// Why a workflow refused a move. An expected answer to show the user, not a program failure.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TransitionRejected {
    /// A state named in the request is not in the workflow.
    UnknownState {
        /// The name given.
        state: String,
        /// The workflow's states, in file order.
        known: Vec<String>,
    },
    /// No transition leads from `from` to `to`.
    NotAllowed {
        /// The claim's current state.
        from: String,
        /// The state asked for.
        to: String,
        /// The moves that are possible from `from`: (transition, target state).
        legal: Vec<(String, String)>,
    },
    /// The user did not supply something the transition requires.
    MissingRequirement {
        /// The transition asked for.
        transition: String,
        /// The first requirement not supplied.
        requirement: Requirement,
    },
    /// The transition is limited to roles the user does not have.
    RoleRequired {
        /// The transition asked for.
        transition: String,
        /// The roles that may use it.
        roles: Vec<String>,
        /// The user who asked.
        user: String,
    },
    /// The user made the transition this one must be distinct from.
    SameUser {
        /// The transition asked for.
        transition: String,
        /// The transition named by its `distinct_from`.
        other: String,
        /// The user who asked, and who last made `other`.
        user: String,
    },
    /// The claim is already in the state asked for and no transition loops back to it.
    AlreadyInState {
        /// The state.
        state: String,
    },
}

impl fmt::Display for TransitionRejected {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            TransitionRejected::UnknownState { state, known } => {
                write!(
                    f,
                    "unknown state \"{state}\"; known states: {}",
                    known.join(", ")
                )
            }
            TransitionRejected::NotAllowed { from, to, legal } => {
                write!(f, "cannot go from \"{from}\" to \"{to}\"; ")?;
                if legal.is_empty() {
                    write!(f, "no transition leaves \"{from}\" in this workflow")
                } else {
                    write!(f, "from \"{from}\" you can: ")?;
                    for (i, (transition, target)) in legal.iter().enumerate() {
                        let sep = if i == 0 { "" } else { ", " };
                        write!(f, "{sep}{transition} → {target}")?;
                    }
                    Ok(())
                }
            }
            TransitionRejected::MissingRequirement {
                transition,
                requirement,
            } => write!(
                f,
                "the \"{transition}\" transition needs {}: add {} {}",
                requirement.with_article(),
                requirement.flag(),
                requirement.placeholder()
            ),
            TransitionRejected::RoleRequired {
                transition,
                roles,
                user,
            } => write!(
                f,
                "the \"{transition}\" transition is limited to role {}, which \"{user}\" does not have; \
                 ask someone who does, or add \"{user}\" to [roles] in the workflow",
                roles.join(" or ")
            ),
            TransitionRejected::SameUser {
                transition,
                other,
                user,
            } => write!(
                f,
                "\"{user}\" made the last \"{other}\" on this claim, so someone else must make the \
                 \"{transition}\" transition; ask another checker"
            ),
            TransitionRejected::AlreadyInState { state } => {
                write!(f, "the claim is already \"{state}\"; nothing to do")
            }
        }
    }
}

impl std::error::Error for TransitionRejected {}

/// Why a workflow file was refused. Every message is one line that starts with the line to fix.
#[derive(Debug, thiserror::Error)]
pub enum WorkflowError {
    /// The TOML parser or the file's shape refused it: a syntax error, an unknown key, a missing
    /// key or a value of the wrong type.
    #[error("line {line}: {message}")]
    Toml {
        /// 1-based line.
        line: usize,
        /// The parser's message, with a hint when one helps.
        message: String,
    },
    /// The file has no `initial` key.
    #[error(
        "line {line}: the workflow has no initial state; add `initial = \"<state>\"` before the \
         first table (known states: {})",
        .known.join(", ")
    )]
    MissingInitial {
        /// 1-based line.
        line: usize,
        /// The workflow's states, in file order.
        known: Vec<String>,
    },
    /// The file defines no states.
    #[error(
        "line {line}: the workflow defines no states; add at least one `[states.<name>]` table"
    )]
    NoStates {
        /// 1-based line.
        line: usize,
    },
    /// A state's name is not a lowercase slug.
    #[error(
        "line {line}: state name \"{state}\" is not a slug; use only lowercase letters, digits \
         and `-`"
    )]
    InvalidStateName {
        /// 1-based line.
        line: usize,
        /// The name as written.
        state: String,
    },
    /// A transition's name is not a lowercase slug.
    #[error(
        "line {line}: transition name \"{transition}\" is not a slug; use only lowercase letters, \
         digits and `-`"
    )]
    InvalidTransitionName {
        /// 1-based line.
        line: usize,
        /// The name as written.
        transition: String,
    },
    /// A state's `color` is not `#rrggbb`.
    #[error(
        "line {line}: state \"{state}\" has color \"{color}\"; write it as `#rrggbb`, e.g. \"#1e88e5\""
    )]
    InvalidColor {
        /// 1-based line.
        line: usize,
        /// The state.
        state: String,
        /// The color as written.
        color: String,
    },
    /// A state that is not `accepted` has a `rating`.
    #[error(
        "line {line}: state \"{state}\" has a rating but is not an end state; add `accepted = true` \
         to it or remove `rating`"
    )]
    RatingWithoutAccepted {
        /// 1-based line.
        line: usize,
        /// The state.
        state: String,
    },
    /// A top-level key (`initial` or `on_change`) names a state that does not exist.
    #[error("line {line}: `{key}` is \"{state}\", which is not a state; known states: {}", .known.join(", "))]
    UnknownState {
        /// 1-based line.
        line: usize,
        /// `initial` or `on_change`.
        key: &'static str,
        /// The name given.
        state: String,
        /// The workflow's states, in file order.
        known: Vec<String>,
    },
    /// A transition's `from` or `to` names a state that does not exist.
    #[error(
        "line {line}: transition \"{transition}\" {} unknown state \"{state}\"; known states: {}",
        if *.key == "to" { "goes to" } else { "comes from" },
        .known.join(", ")
    )]
    UnknownTransitionState {
        /// 1-based line.
        line: usize,
        /// The transition.
        transition: String,
        /// `from` or `to`.
        key: &'static str,
        /// The name given.
        state: String,
        /// The workflow's states, in file order.
        known: Vec<String>,
    },
    /// A transition has an empty `from` list.
    #[error(
        "line {line}: transition \"{transition}\" has an empty `from`; list the states it starts \
         from, e.g. from = [\"unverified\"]"
    )]
    EmptyFrom {
        /// 1-based line.
        line: usize,
        /// The transition.
        transition: String,
    },
    /// Two transitions have the same name.
    #[error(
        "line {line}: transition name \"{transition}\" is already used on line {first_line}; \
         give each transition its own name"
    )]
    DuplicateTransition {
        /// 1-based line of the second use.
        line: usize,
        /// The name.
        transition: String,
        /// 1-based line of the first use.
        first_line: usize,
    },
    /// Two transitions make the same move, so a move could not say which one was made.
    #[error(
        "line {line}: transitions \"{first}\" and \"{second}\" both go from \"{from}\" to \
         \"{to}\"; remove \"{from}\" from one of them"
    )]
    AmbiguousTransition {
        /// 1-based line of the second transition's `from` entry.
        line: usize,
        /// The earlier transition.
        first: String,
        /// The later transition.
        second: String,
        /// The shared start state.
        from: String,
        /// The shared target state.
        to: String,
    },
    /// A transition's `requires` lists something other than source, note or evidence.
    #[error(
        "line {line}: transition \"{transition}\" requires unknown field \"{requirement}\"; use any \
         of: source, note, evidence"
    )]
    UnknownRequirement {
        /// 1-based line.
        line: usize,
        /// The transition.
        transition: String,
        /// The word as written.
        requirement: String,
    },
    /// A transition's `distinct_from` names a transition that does not exist.
    #[error(
        "line {line}: transition \"{transition}\" is distinct_from unknown transition \"{target}\"; \
         known transitions: {}",
        .known.join(", ")
    )]
    UnknownDistinctFrom {
        /// 1-based line.
        line: usize,
        /// The transition.
        transition: String,
        /// The name given.
        target: String,
        /// The workflow's transitions, in file order.
        known: Vec<String>,
    },
    /// A transition names a role the `[roles]` table does not define.
    #[error(
        "line {line}: transition \"{transition}\" names role \"{role}\", which [roles] does not \
         define; known roles: {}; add it to [roles] or fix the name",
        .known.join(", ")
    )]
    UnknownRole {
        /// 1-based line.
        line: usize,
        /// The transition.
        transition: String,
        /// The role as written.
        role: String,
        /// The roles `[roles]` defines, in file order.
        known: Vec<String>,
    },
    /// A state cannot be reached from the initial state.
    #[error(
        "line {line}: state \"{state}\" cannot be reached from \"{initial}\"; add a transition \
         to it or remove the state"
    )]
    UnreachableState {
        /// 1-based line of the state's table.
        line: usize,
        /// The state.
        state: String,
        /// The initial state.
        initial: String,
    },
}

impl WorkflowError {
    /// The 1-based line the error is about.
    pub fn line(&self) -> usize {
        match self {
            WorkflowError::Toml { line, .. }
            | WorkflowError::MissingInitial { line, .. }
            | WorkflowError::NoStates { line }
            | WorkflowError::InvalidStateName { line, .. }
            | WorkflowError::InvalidTransitionName { line, .. }
            | WorkflowError::InvalidColor { line, .. }
            | WorkflowError::RatingWithoutAccepted { line, .. }
            | WorkflowError::UnknownState { line, .. }
            | WorkflowError::UnknownTransitionState { line, .. }
            | WorkflowError::EmptyFrom { line, .. }
            | WorkflowError::DuplicateTransition { line, .. }
            | WorkflowError::AmbiguousTransition { line, .. }
            | WorkflowError::UnknownRequirement { line, .. }
            | WorkflowError::UnknownDistinctFrom { line, .. }
            | WorkflowError::UnknownRole { line, .. }
            | WorkflowError::UnreachableState { line, .. } => *line,
        }
    }
}

impl Workflow {
    /// Parses and validates a workflow file's text.
    pub fn parse(text: &str) -> Result<Workflow, WorkflowError> {
        let file: WorkflowFile = toml::from_str(text).map_err(|err| toml_error(text, &err))?;
        Validator { text }.validate(file)
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
        if !transition.roles.is_empty() {
            let held = self.roles_of(request.user);
            if !transition.roles.iter().any(|r| held.contains(&r.as_str())) {
                return Err(TransitionRejected::RoleRequired {
                    transition: transition.name.clone(),
                    roles: transition.roles.clone(),
                    user: request.user.to_owned(),
                });
            }
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

struct Validator<'t> {
    text: &'t str,
}

impl Validator<'_> {
    fn line(&self, span: Range<usize>) -> usize {
        line_of(self.text, span.start)
    }

    fn validate(&self, file: WorkflowFile) -> Result<Workflow, WorkflowError> {
        let states = self.states(file.states)?;
        let known: Vec<String> = states.iter().map(|s| s.state.name.clone()).collect();

        let Some(initial) = file.initial else {
            return Err(WorkflowError::MissingInitial { line: 1, known });
        };
        self.known_state("initial", &initial, &known)?;
        let on_change = match file.on_change {
            Some(on_change) => {
                self.known_state("on_change", &on_change, &known)?;
                on_change.into_inner()
            }
            None => initial.get_ref().clone(),
        };

        let roles: Option<Vec<(String, Vec<String>)>> = file.roles.map(|roles| {
            roles
                .0
                .into_iter()
                .map(|(role, users)| (role.into_inner(), users))
                .collect()
        });
        let transitions = self.transitions(file.transitions, &known, roles.as_deref())?;

        let initial = initial.into_inner();
        self.reachable(&initial, &states, &transitions)?;

        let text = self.text.to_owned();
        Ok(Workflow {
            hash: Hash32::of(text.as_bytes()),
            text,
            name: file.name.into_inner(),
            description: file.description,
            initial,
            on_change,
            states: states.into_iter().map(|s| s.state).collect(),
            transitions,
            roles: roles.unwrap_or_default(),
        })
    }

    fn states(
        &self,
        table: Option<Spanned<Ordered<StateFile>>>,
    ) -> Result<Vec<CheckedState>, WorkflowError> {
        let Some(table) = table else {
            return Err(WorkflowError::NoStates { line: 1 });
        };
        let line = self.line(table.span());
        let entries = table.into_inner().0;
        if entries.is_empty() {
            return Err(WorkflowError::NoStates { line });
        }
        let mut states = Vec::with_capacity(entries.len());
        for (name, file) in entries {
            let line = self.line(name.span());
            let name = name.into_inner();
            if !is_slug(&name) {
                return Err(WorkflowError::InvalidStateName { line, state: name });
            }
            let color = match file.color {
                Some(color) if !is_color(color.get_ref()) => {
                    return Err(WorkflowError::InvalidColor {
                        line: self.line(color.span()),
                        state: name,
                        color: color.into_inner(),
                    });
                }
                Some(color) => color.into_inner(),
                None => DEFAULT_COLOR.to_owned(),
            };
            if let Some(rating) = &file.rating
                && !file.accepted
            {
                return Err(WorkflowError::RatingWithoutAccepted {
                    line: self.line(rating.span()),
                    state: name,
                });
            }
            states.push(CheckedState {
                line,
                state: State {
                    name,
                    description: file.description,
                    color,
                    accepted: file.accepted,
                    rating: file.rating.map(Spanned::into_inner),
                },
            });
        }
        Ok(states)
    }

    fn known_state(
        &self,
        key: &'static str,
        state: &Spanned<String>,
        known: &[String],
    ) -> Result<(), WorkflowError> {
        if known.contains(state.get_ref()) {
            return Ok(());
        }
        Err(WorkflowError::UnknownState {
            line: self.line(state.span()),
            key,
            state: state.get_ref().clone(),
            known: known.to_vec(),
        })
    }

    fn transitions(
        &self,
        files: Vec<TransitionFile>,
        known: &[String],
        roles: Option<&[(String, Vec<String>)]>,
    ) -> Result<Vec<Transition>, WorkflowError> {
        let names: Vec<String> = files.iter().map(|t| t.name.get_ref().clone()).collect();
        let mut first_lines: BTreeMap<String, usize> = BTreeMap::new();
        // (from, to) -> the transition that already makes that move.
        let mut moves: BTreeMap<(String, String), String> = BTreeMap::new();
        let mut transitions = Vec::with_capacity(files.len());

        for file in files {
            let line = self.line(file.name.span());
            let name = file.name.into_inner();
            if !is_slug(&name) {
                return Err(WorkflowError::InvalidTransitionName {
                    line,
                    transition: name,
                });
            }
            if let Some(&first_line) = first_lines.get(&name) {
                return Err(WorkflowError::DuplicateTransition {
                    line,
                    transition: name,
                    first_line,
                });
            }
            first_lines.insert(name.clone(), line);

            let to_line = self.line(file.to.span());
            let to = file.to.into_inner();
            if !known.contains(&to) {
                return Err(WorkflowError::UnknownTransitionState {
                    line: to_line,
                    transition: name,
                    key: "to",
                    state: to,
                    known: known.to_vec(),
                });
            }

            let from_line = self.line(file.from.span());
            let from_list = file.from.into_inner();
            if from_list.is_empty() {
                return Err(WorkflowError::EmptyFrom {
                    line: from_line,
                    transition: name,
                });
            }
            let mut from = Vec::with_capacity(from_list.len());
            for state in from_list {
                let line = self.line(state.span());
                let state = state.into_inner();
                if !known.contains(&state) {
                    return Err(WorkflowError::UnknownTransitionState {
                        line,
                        transition: name,
                        key: "from",
                        state,
                        known: known.to_vec(),
                    });
                }
                // Listing a state twice is harmless; it must not look like an ambiguity.
                if from.contains(&state) {
                    continue;
                }
                let key = (state.clone(), to.clone());
                if let Some(first) = moves.get(&key) {
                    return Err(WorkflowError::AmbiguousTransition {
                        line,
                        first: first.clone(),
                        second: name,
                        from: state,
                        to,
                    });
                }
                moves.insert(key, name.clone());
                from.push(state);
            }

            let mut requires = Vec::with_capacity(file.requires.len());
            for word in file.requires {
                match Requirement::parse(word.get_ref()) {
                    Some(requirement) if requires.contains(&requirement) => {}
                    Some(requirement) => requires.push(requirement),
                    None => {
                        return Err(WorkflowError::UnknownRequirement {
                            line: self.line(word.span()),
                            transition: name,
                            requirement: word.into_inner(),
                        });
                    }
                }
            }

            let mut transition_roles = Vec::with_capacity(file.roles.len());
            for role in file.roles {
                // Without [roles] the names cannot be checked: the transition admits no one,
                // which `warnings` says. (An error here would lock out a store that holds such
                // a workflow.)
                if let Some(defined) = roles
                    && !defined.iter().any(|(r, _)| r == role.get_ref())
                {
                    return Err(WorkflowError::UnknownRole {
                        line: self.line(role.span()),
                        transition: name,
                        role: role.into_inner(),
                        known: defined.iter().map(|(r, _)| r.clone()).collect(),
                    });
                }
                transition_roles.push(role.into_inner());
            }

            let distinct_from = match file.distinct_from {
                Some(target) if !names.contains(target.get_ref()) => {
                    return Err(WorkflowError::UnknownDistinctFrom {
                        line: self.line(target.span()),
                        transition: name,
                        target: target.into_inner(),
                        known: names,
                    });
                }
                other => other.map(Spanned::into_inner),
            };

            transitions.push(Transition {
                name,
                from,
                to,
                requires,
                roles: transition_roles,
                distinct_from,
            });
        }
        Ok(transitions)
    }

    fn reachable(
        &self,
        initial: &str,
        states: &[CheckedState],
        transitions: &[Transition],
    ) -> Result<(), WorkflowError> {
        let mut seen: BTreeSet<&str> = BTreeSet::from([initial]);
        let mut queue: VecDeque<&str> = VecDeque::from([initial]);
        while let Some(state) = queue.pop_front() {
            for transition in transitions
                .iter()
                .filter(|t| t.from.iter().any(|f| f == state))
            {
                if seen.insert(&transition.to) {
                    queue.push_back(&transition.to);
                }
            }
        }
        match states
            .iter()
            .find(|s| !seen.contains(s.state.name.as_str()))
        {
            Some(unreachable) => Err(WorkflowError::UnreachableState {
                line: unreachable.line,
                state: unreachable.state.name.clone(),
                initial: initial.to_owned(),
            }),
            None => Ok(()),
        }
    }
}

/// A state with the line of its table, kept until reachability has been checked.
struct CheckedState {
    line: usize,
    state: State,
}

fn toml_error(text: &str, err: &toml::de::Error) -> WorkflowError {
    let line = err.span().map_or(1, |span| line_of(text, span.start));
    // Messages may run over several lines; the contract is one line per error.
    let mut message = err
        .message()
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join("; ");
    if message.starts_with("unknown field") {
        message.push_str("; remove or rename the key");
    } else if message.starts_with("missing field") {
        message.push_str("; add it");
    } else if message.starts_with("invalid type") {
        message.push_str("; fix the value's type");
    } else {
        message = format!("invalid TOML: {message}; fix the syntax");
    }
    WorkflowError::Toml { line, message }
}

/// The 1-based line holding byte `offset` of `text`.
fn line_of(text: &str, offset: usize) -> usize {
    let end = offset.min(text.len());
    text.as_bytes()
        .get(..end)
        .map_or(0, |b| b.iter().filter(|&&c| c == b'\n').count())
        + 1
}

fn is_slug(name: &str) -> bool {
    !name.is_empty()
        && name
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

fn is_color(color: &str) -> bool {
    color.len() == 7
        && color.starts_with('#')
        && color.bytes().skip(1).all(|b| b.is_ascii_hexdigit())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A small valid workflow; tests break one thing in it and assert the line reported.
    const BASE: &str = r##"name = "t"
initial = "a"

[states.a]
color = "#000000"
[states.b]
accepted = true

[[transitions]]
name = "go"
from = ["a"]
to = "b"
"##;

    fn error(text: &str) -> WorkflowError {
        match Workflow::parse(text) {
            Ok(_) => panic!("expected an error for:\n{text}"),
            Err(err) => {
                let message = err.to_string();
                assert!(!message.contains('\n'), "message spans lines: {message}");
                assert!(
                    message.starts_with(&format!("line {}: ", err.line())),
                    "message does not start with its line: {message}"
                );
                err
            }
        }
    }

    fn parse(text: &str) -> Workflow {
        match Workflow::parse(text) {
            Ok(workflow) => workflow,
            Err(err) => panic!("{err}"),
        }
    }

    fn four_eyes() -> Workflow {
        parse(FOUR_EYES_WORKFLOW)
    }

    fn names(workflow: &Workflow) -> Vec<&str> {
        workflow.states().iter().map(|s| s.name.as_str()).collect()
    }

    // --- the built-in workflows ---------------------------------------------------------------

    #[test]
    fn default_workflow_parses() {
        let workflow = Workflow::parse(DEFAULT_WORKFLOW);
        assert!(workflow.is_ok(), "{:?}", workflow.err());
        let workflow = Workflow::default_workflow();
        assert_eq!(workflow.name(), "default");
        assert_eq!(workflow.initial(), "unverified");
        assert_eq!(workflow.on_change(), "unverified");
        assert_eq!(
            names(&workflow),
            ["unverified", "sourced", "verified", "disputed"]
        );
        assert_eq!(workflow.text(), DEFAULT_WORKFLOW);
        assert_eq!(workflow.hash(), Hash32::of(DEFAULT_WORKFLOW.as_bytes()));
        let transitions: Vec<&str> = workflow
            .transitions()
            .iter()
            .map(|t| t.name.as_str())
            .collect();
        assert_eq!(transitions, ["source", "verify", "dispute", "reopen"]);
        let verified = workflow
            .state("verified")
            .map(|s| (s.accepted, s.rating.as_deref()));
        assert_eq!(verified, Some((true, Some("True"))));
        assert_eq!(
            workflow.state("unverified").map(|s| s.accepted),
            Some(false)
        );
    }

    #[test]
    fn default_workflow_reaches_verified_only_from_sourced() {
        let workflow = Workflow::default_workflow();
        let into_verified: Vec<&Transition> = workflow
            .transitions()
            .iter()
            .filter(|t| t.to == "verified")
            .collect();
        assert_eq!(into_verified.len(), 1);
        assert_eq!(
            into_verified.first().map(|t| t.from.clone()),
            Some(vec!["sourced".to_owned()])
        );
        assert_eq!(
            workflow.transition("source").map(|t| t.requires.clone()),
            Some(vec![Requirement::Source])
        );
        assert_eq!(
            workflow.transition("dispute").map(|t| t.requires.clone()),
            Some(vec![Requirement::Note])
        );
        assert_eq!(
            workflow.transition("reopen").map(|t| t.requires.clone()),
            Some(vec![Requirement::Note])
        );
    }

    #[test]
    fn four_eyes_workflow_parses() {
        let workflow = four_eyes();
        assert_eq!(workflow.name(), "four-eyes");
        assert_eq!(
            names(&workflow),
            ["unverified", "sourced", "verified", "disputed", "refuted"]
        );
        let verify = workflow.transition("verify");
        assert_eq!(
            verify.and_then(|t| t.distinct_from.as_deref()),
            Some("source")
        );
        assert_ne!(workflow.hash(), Workflow::default_workflow().hash());
    }

    #[test]
    fn states_keep_file_order_not_key_order() {
        let text = BASE
            .replace("[states.a]", "[states.z]\n[states.a]")
            .replace(
                "[[transitions]]",
                "[[transitions]]\nname = \"zz\"\nfrom = [\"a\"]\nto = \"z\"\n[[transitions]]",
            );
        assert_eq!(names(&parse(&text)), ["z", "a", "b"]);
    }

    #[test]
    fn optional_keys_take_defaults() {
        let workflow = parse(BASE);
        assert_eq!(workflow.on_change(), "a");
        assert_eq!(workflow.description(), "");
        assert_eq!(
            workflow.state("b").map(|s| s.color.as_str()),
            Some(DEFAULT_COLOR)
        );
        assert!(workflow.roles_of("anyone").is_empty());
    }

    // --- validation errors ----------------------------------------------------------------------

    #[test]
    fn toml_syntax_error_names_line() {
        let err = error(&BASE.replace("to = \"b\"", "to = \"b"));
        assert!(matches!(err, WorkflowError::Toml { line: 12, .. }), "{err}");
        let err = error(&BASE.replace("accepted = true", "accepted = "));
        assert!(matches!(err, WorkflowError::Toml { line: 7, .. }), "{err}");
    }

    #[test]
    fn wrong_type_names_line() {
        let err = error(&BASE.replace("accepted = true", "accepted = \"yes\""));
        assert!(matches!(err, WorkflowError::Toml { line: 7, .. }), "{err}");
    }

    #[test]
    fn unknown_keys_name_line() {
        let err = error(&BASE.replace("color =", "colour ="));
        assert!(matches!(err, WorkflowError::Toml { line: 5, .. }), "{err}");
        assert!(err.to_string().contains("`colour`"), "{err}");
        let err = error(&BASE.replace("to = \"b\"", "to = \"b\"\nneeds = [\"note\"]"));
        assert!(matches!(err, WorkflowError::Toml { line: 13, .. }), "{err}");
        let err = error(&BASE.replace("initial = \"a\"", "initial = \"a\"\ninitail = \"a\""));
        assert!(matches!(err, WorkflowError::Toml { line: 3, .. }), "{err}");
    }

    #[test]
    fn missing_transition_key_names_line() {
        let err = error(&BASE.replace("to = \"b\"\n", ""));
        assert!(
            matches!(err, WorkflowError::Toml { line, .. } if (9..=11).contains(&line)),
            "{err}"
        );
        assert!(err.to_string().contains("`to`"), "{err}");
    }

    #[test]
    fn missing_initial() {
        let err = error(&BASE.replace("initial = \"a\"\n", ""));
        assert!(
            matches!(err, WorkflowError::MissingInitial { line: 1, .. }),
            "{err}"
        );
        assert!(err.to_string().contains("known states: a, b"), "{err}");
    }

    #[test]
    fn initial_not_a_state() {
        let err = error(&BASE.replace("initial = \"a\"", "initial = \"c\""));
        assert!(
            matches!(&err, WorkflowError::UnknownState { line: 2, key: "initial", state, .. } if state == "c"),
            "{err}"
        );
        assert_eq!(
            err.to_string(),
            "line 2: `initial` is \"c\", which is not a state; known states: a, b"
        );
    }

    #[test]
    fn on_change_not_a_state() {
        let err = error(&BASE.replace("initial = \"a\"", "initial = \"a\"\non_change = \"x\""));
        assert!(
            matches!(
                err,
                WorkflowError::UnknownState {
                    line: 3,
                    key: "on_change",
                    ..
                }
            ),
            "{err}"
        );
    }

    #[test]
    fn no_states() {
        let err = error("name = \"t\"\ninitial = \"a\"\n");
        assert!(matches!(err, WorkflowError::NoStates { line: 1 }), "{err}");
        let err = error("name = \"t\"\ninitial = \"a\"\n\n[states]\n");
        assert!(matches!(err, WorkflowError::NoStates { line: 4 }), "{err}");
    }

    #[test]
    fn transition_to_unknown_state() {
        let err = error(&BASE.replace("to = \"b\"", "to = \"bb\""));
        assert!(
            matches!(
                err,
                WorkflowError::UnknownTransitionState {
                    line: 12,
                    key: "to",
                    ..
                }
            ),
            "{err}"
        );
        assert_eq!(
            err.to_string(),
            "line 12: transition \"go\" goes to unknown state \"bb\"; known states: a, b"
        );
    }

    #[test]
    fn transition_from_unknown_state() {
        let err = error(&BASE.replace("from = [\"a\"]", "from = [\n  \"a\",\n  \"aa\",\n]"));
        assert!(
            matches!(
                err,
                WorkflowError::UnknownTransitionState {
                    line: 13,
                    key: "from",
                    ..
                }
            ),
            "{err}"
        );
        assert!(
            err.to_string().contains("comes from unknown state \"aa\""),
            "{err}"
        );
    }

    #[test]
    fn empty_from() {
        let err = error(&BASE.replace("from = [\"a\"]", "from = []"));
        assert!(
            matches!(err, WorkflowError::EmptyFrom { line: 11, .. }),
            "{err}"
        );
    }

    #[test]
    fn duplicate_transition_names() {
        let text = format!("{BASE}\n[[transitions]]\nname = \"go\"\nfrom = [\"b\"]\nto = \"a\"\n");
        let err = error(&text);
        assert!(
            matches!(
                err,
                WorkflowError::DuplicateTransition {
                    line: 15,
                    first_line: 10,
                    ..
                }
            ),
            "{err}"
        );
    }

    #[test]
    fn ambiguous_transitions() {
        let text = format!(
            "{BASE}\n[[transitions]]\nname = \"also\"\nfrom = [\"b\", \"a\"]\nto = \"b\"\n"
        );
        let err = error(&text);
        assert!(
            matches!(&err, WorkflowError::AmbiguousTransition { line: 16, first, second, .. } if first == "go" && second == "also"),
            "{err}"
        );
    }

    #[test]
    fn unknown_requirement() {
        let err = error(&BASE.replace(
            "to = \"b\"",
            "to = \"b\"\nrequires = [\"note\",\n  \"sources\"]",
        ));
        assert!(
            matches!(&err, WorkflowError::UnknownRequirement { line: 14, requirement, .. } if requirement == "sources"),
            "{err}"
        );
    }

    #[test]
    fn bad_colors() {
        for color in ["red", "#fff", "#12345g", "#1234567", "000000"] {
            let err = error(&BASE.replace("#000000", color));
            assert!(
                matches!(err, WorkflowError::InvalidColor { line: 5, .. }),
                "{color}: {err}"
            );
        }
        assert_eq!(
            parse(&BASE.replace("#000000", "#A0b1C2"))
                .states()
                .first()
                .map(|s| s.color.as_str()),
            Some("#A0b1C2")
        );
    }

    #[test]
    fn rating_needs_accepted() {
        let err = error(&BASE.replace(
            "color = \"#000000\"",
            "color = \"#000000\"\nrating = \"True\"",
        ));
        assert!(
            matches!(err, WorkflowError::RatingWithoutAccepted { line: 6, .. }),
            "{err}"
        );
    }

    #[test]
    fn unreachable_state() {
        let err = error(&BASE.replace("[[transitions]]", "[states.c]\n\n[[transitions]]"));
        assert!(
            matches!(&err, WorkflowError::UnreachableState { line: 9, state, .. } if state == "c"),
            "{err}"
        );
    }

    #[test]
    fn unknown_distinct_from() {
        let err = error(&BASE.replace("to = \"b\"", "to = \"b\"\ndistinct_from = \"og\""));
        assert!(
            matches!(&err, WorkflowError::UnknownDistinctFrom { line: 13, target, .. } if target == "og"),
            "{err}"
        );
        // A transition may be distinct from itself: a second person must repeat it.
        parse(&BASE.replace("to = \"b\"", "to = \"b\"\ndistinct_from = \"go\""));
    }

    #[test]
    fn unknown_role_when_roles_defined() {
        let with_role = BASE.replace("to = \"b\"", "to = \"b\"\nroles = [\"editr\"]");
        // Without [roles] role names cannot be checked (see `warnings`).
        parse(&with_role);
        let err = error(&format!("{with_role}\n[roles]\neditor = [\"ana\"]\n"));
        assert!(
            matches!(&err, WorkflowError::UnknownRole { line: 13, role, .. } if role == "editr"),
            "{err}"
        );
        assert!(err.to_string().contains("known roles: editor"), "{err}");
    }

    #[test]
    fn state_names_must_be_slugs() {
        for name in ["Verified", "\"a b\"", "\"a_b\"", "\"\""] {
            let err = error(&BASE.replace("[states.b]", &format!("[states.b]\n[states.{name}]")));
            assert!(
                matches!(err, WorkflowError::InvalidStateName { line: 7, .. }),
                "{name}: {err}"
            );
        }
    }

    #[test]
    fn transition_names_must_be_slugs() {
        let err = error(&BASE.replace("name = \"go\"", "name = \"Go on\""));
        assert!(
            matches!(err, WorkflowError::InvalidTransitionName { line: 10, .. }),
            "{err}"
        );
    }

    // --- check() --------------------------------------------------------------------------------

    fn by(user: &str) -> TransitionRequest<'_> {
        TransitionRequest::new(user)
    }

    fn rejection(result: Result<&Transition, TransitionRejected>) -> TransitionRejected {
        match result {
            Ok(t) => panic!("expected a rejection, got {}", t.name),
            Err(rejected) => rejected,
        }
    }

    #[test]
    fn legal_transitions_return_the_transition() {
        let workflow = Workflow::default_workflow();
        let with_source = TransitionRequest {
            has_source: true,
            ..by("ana")
        };
        let with_note = TransitionRequest {
            has_note: true,
            ..by("ana")
        };
        let name = |r: Result<&Transition, _>| r.map(|t| t.name.clone());
        assert_eq!(
            name(workflow.check("unverified", "sourced", &with_source)),
            Ok("source".into())
        );
        assert_eq!(
            name(workflow.check("sourced", "sourced", &with_source)),
            Ok("source".into())
        );
        assert_eq!(
            name(workflow.check("sourced", "verified", &by("ana"))),
            Ok("verify".into())
        );
        assert_eq!(
            name(workflow.check("verified", "disputed", &with_note)),
            Ok("dispute".into())
        );
        assert_eq!(
            name(workflow.check("disputed", "unverified", &with_note)),
            Ok("reopen".into())
        );
    }

    #[test]
    fn illegal_transition_lists_legal_ones() {
        let workflow = Workflow::default_workflow();
        let rejected = rejection(workflow.check("unverified", "verified", &by("ana")));
        assert_eq!(
            rejected,
            TransitionRejected::NotAllowed {
                from: "unverified".into(),
                to: "verified".into(),
                legal: vec![
                    ("source".into(), "sourced".into()),
                    ("dispute".into(), "disputed".into())
                ],
            }
        );
        assert_eq!(
            rejected.to_string(),
            "cannot go from \"unverified\" to \"verified\"; from \"unverified\" you can: \
             source → sourced, dispute → disputed"
        );
    }

    #[test]
    fn missing_requirements() {
        let workflow = Workflow::default_workflow();
        let rejected = rejection(workflow.check("unverified", "sourced", &by("ana")));
        assert_eq!(
            rejected,
            TransitionRejected::MissingRequirement {
                transition: "source".into(),
                requirement: Requirement::Source
            }
        );
        assert_eq!(
            rejected.to_string(),
            "the \"source\" transition needs a source: add --source URL-or-citation"
        );
        let rejected = rejection(workflow.check("sourced", "disputed", &by("ana")));
        assert_eq!(
            rejected.to_string(),
            "the \"dispute\" transition needs a note: add --note \"why\""
        );
        // A note does not stand in for a source.
        let with_note = TransitionRequest {
            has_note: true,
            has_evidence: true,
            ..by("ana")
        };
        assert!(workflow.check("disputed", "sourced", &with_note).is_err());
    }

    #[test]
    fn evidence_requirement() {
        let text = BASE.replace(
            "to = \"b\"",
            "to = \"b\"\nrequires = [\"evidence\", \"note\"]",
        );
        let workflow = parse(&text);
        let rejected = rejection(workflow.check(
            "a",
            "b",
            &TransitionRequest {
                has_note: true,
                ..by("ana")
            },
        ));
        assert_eq!(
            rejected.to_string(),
            "the \"go\" transition needs evidence: add --evidence FILE-or-URL"
        );
        let full = TransitionRequest {
            has_note: true,
            has_evidence: true,
            ..by("ana")
        };
        assert!(workflow.check("a", "b", &full).is_ok());
    }

    #[test]
    fn unknown_states_are_rejected() {
        let workflow = Workflow::default_workflow();
        let rejected = rejection(workflow.check("unverified", "verifed", &by("ana")));
        assert!(
            matches!(&rejected, TransitionRejected::UnknownState { state, .. } if state == "verifed")
        );
        assert_eq!(
            rejected.to_string(),
            "unknown state \"verifed\"; known states: unverified, sourced, verified, disputed"
        );
        assert!(workflow.check("nope", "sourced", &by("ana")).is_err());
    }

    #[test]
    fn already_in_state() {
        let workflow = Workflow::default_workflow();
        let rejected = rejection(workflow.check("verified", "verified", &by("ana")));
        assert_eq!(
            rejected,
            TransitionRejected::AlreadyInState {
                state: "verified".into()
            }
        );
        assert_eq!(
            rejected.to_string(),
            "the claim is already \"verified\"; nothing to do"
        );
    }

    #[test]
    fn roles_limit_transitions() {
        let text = format!(
            "{}\n[roles]\neditor = [\"ana\", \"bo\"]\nchecker = [\"cy\", \"ana\"]\n",
            BASE.replace("to = \"b\"", "to = \"b\"\nroles = [\"editor\"]")
        );
        let workflow = parse(&text);
        assert_eq!(workflow.roles_of("ana"), ["editor", "checker"]);
        assert_eq!(workflow.roles_of("cy"), ["checker"]);
        assert!(workflow.roles_of("dee").is_empty());
        assert!(workflow.check("a", "b", &by("bo")).is_ok());
        let rejected = rejection(workflow.check("a", "b", &by("cy")));
        assert_eq!(
            rejected,
            TransitionRejected::RoleRequired {
                transition: "go".into(),
                roles: vec!["editor".into()],
                user: "cy".into()
            }
        );
        assert!(!rejected.to_string().contains('\n'));
    }

    #[test]
    fn roles_without_roles_table_admit_no_one_and_are_warned_about() {
        let workflow = parse(&BASE.replace("to = \"b\"", "to = \"b\"\nroles = [\"editor\"]"));
        assert!(matches!(
            workflow.check("a", "b", &by("ana")),
            Err(TransitionRejected::RoleRequired { .. })
        ));
        assert_eq!(
            workflow.warnings(),
            [
                "transition \"go\" is limited to role editor, but the file has no [roles]: no one can make it; add [roles] with who has it"
            ]
        );
    }

    #[test]
    fn a_workflow_without_an_accepted_state_is_warned_about() {
        assert!(parse(BASE).warnings().is_empty(), "b is accepted");
        let none = parse(&BASE.replace("accepted = true", ""));
        assert_eq!(none.warnings().len(), 1);
        assert!(none.warnings()[0].contains("gate` will never let an article out"));
        assert!(Workflow::default_workflow().warnings().is_empty());
    }

    #[test]
    fn distinct_from_needs_another_user() {
        let workflow = four_eyes();
        let history = |transition: &str| (transition == "source").then(|| "ana".to_owned());
        let request = |user| TransitionRequest {
            last_user_of: &history,
            ..by(user)
        };
        let rejected = rejection(workflow.check("sourced", "verified", &request("ana")));
        assert_eq!(
            rejected,
            TransitionRejected::SameUser {
                transition: "verify".into(),
                other: "source".into(),
                user: "ana".into()
            }
        );
        assert!(!rejected.to_string().contains('\n'));
        assert!(
            workflow
                .check("sourced", "verified", &request("bo"))
                .is_ok()
        );
        // Without history (a claim imported already sourced) there is no one to differ from.
        assert!(workflow.check("sourced", "verified", &by("ana")).is_ok());
        // The default workflow does not ask for a second person.
        let default = Workflow::default_workflow();
        assert!(
            default
                .check("sourced", "verified", &request("ana"))
                .is_ok()
        );
    }

    #[test]
    fn four_eyes_dispute_needs_confirmation_by_someone_else() {
        let workflow = four_eyes();
        let history = |transition: &str| (transition == "dispute").then(|| "ana".to_owned());
        let request = |user| TransitionRequest {
            has_note: true,
            last_user_of: &history,
            ..by(user)
        };
        assert!(matches!(
            workflow.check("disputed", "refuted", &request("ana")),
            Err(TransitionRejected::SameUser { .. })
        ));
        assert!(
            workflow
                .check("disputed", "refuted", &request("bo"))
                .is_ok()
        );
    }

    #[test]
    fn transitions_from_in_file_order() {
        let workflow = Workflow::default_workflow();
        let from: Vec<&str> = workflow
            .transitions_from("sourced")
            .map(|t| t.name.as_str())
            .collect();
        assert_eq!(from, ["source", "verify", "dispute", "reopen"]);
        assert_eq!(workflow.transitions_from("nowhere").count(), 0);
    }

    #[test]
    fn requirement_words_and_flags() {
        for requirement in Requirement::ALL {
            assert_eq!(Requirement::parse(requirement.as_str()), Some(requirement));
            assert_eq!(requirement.flag(), format!("--{}", requirement.as_str()));
        }
        assert_eq!(Requirement::parse("Source"), None);
    }
}
