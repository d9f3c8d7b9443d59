//! From the file as written to a [`Workflow`]: every state known and reachable, every rule
//! checked, each error naming its line.

use super::*;

pub(super) struct Validator<'t> {
    pub(super) text: &'t str,
}

impl Validator<'_> {
    fn line(&self, span: Range<usize>) -> usize {
        line_of(self.text, span.start)
    }

    pub(super) fn validate(&self, file: WorkflowFile) -> Result<Workflow, WorkflowError> {
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
            let blocks_publication = match file.blocks_publication {
                Some(blocks) if *blocks.get_ref() && !file.accepted => {
                    return Err(WorkflowError::BlocksWithoutAccepted {
                        line: self.line(blocks.span()),
                        state: name,
                    });
                }
                Some(blocks) => blocks.into_inner(),
                None => false,
            };
            states.push(CheckedState {
                line,
                state: State {
                    name,
                    description: file.description,
                    color,
                    accepted: file.accepted,
                    rating: file.rating.map(Spanned::into_inner),
                    blocks_publication,
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
pub(super) struct CheckedState {
    line: usize,
    state: State,
}

pub(super) fn toml_error(text: &str, err: &toml::de::Error) -> WorkflowError {
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
pub(super) fn line_of(text: &str, offset: usize) -> usize {
    let end = offset.min(text.len());
    text.as_bytes()
        .get(..end)
        .map_or(0, |b| b.iter().filter(|&&c| c == b'\n').count())
        + 1
}

pub(super) fn is_slug(name: &str) -> bool {
    !name.is_empty()
        && name
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

pub(super) fn is_color(color: &str) -> bool {
    color.len() == 7
        && color.starts_with('#')
        && color.bytes().skip(1).all(|b| b.is_ascii_hexdigit())
}
