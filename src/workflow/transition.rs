//! A requested transition, what it must supply, and why the workflow refuses one.

use super::*;

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
    /// Roles the user holds besides those the workflow's `[roles]` gives them: the ones the
    /// store's user record grants (`factdesk user add --role`).
    pub granted: &'a [String],
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
            granted: &[],
            has_source: false,
            has_note: false,
            has_evidence: false,
            last_user_of: &no_history,
        }
    }

    pub(super) fn supplies(&self, requirement: Requirement) -> bool {
        match requirement {
            Requirement::Source => self.has_source,
            Requirement::Note => self.has_note,
            Requirement::Evidence => self.has_evidence,
        }
    }
}

pub(super) fn no_history(_transition: &str) -> Option<String> {
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
                write!(f, "unknown state \"{state}\"; ")?;
                if let Some(meant) =
                    crate::suggest::closest(state, known.iter().map(String::as_str))
                {
                    write!(f, "did you mean \"{meant}\"? ")?;
                }
                write!(f, "known states: {}", known.join(", "))
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
