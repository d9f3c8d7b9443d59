//! Why a workflow file is not a valid workflow.

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
    /// A state that is not `accepted` has `blocks_publication`.
    #[error(
        "line {line}: state \"{state}\" blocks publication but is not an end state (any state that is \
         not one blocks it already); add `accepted = true` to it or remove `blocks_publication`"
    )]
    BlocksWithoutAccepted {
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
            | WorkflowError::BlocksWithoutAccepted { line, .. }
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
