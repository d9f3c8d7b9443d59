//! The people of the web desk: users with the workflow roles they hold, their passwords (as
//! Argon2id hashes), and API tokens that act as them. Every change is audited; no password or
//! secret ever reaches the log.

use argon2::Argon2;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};

use super::{Desk, DeskError};
use crate::model::{ApiToken, EventKind, Hash32, Timestamp, User, UserAction};
use crate::store::TxError;

/// The shortest password taken: NIST SP 800-63B asks for at least 8; a newsroom's desk gets 10.
pub const MIN_PASSWORD_CHARS: usize = 10;

/// The longest password taken: Argon2 reads all of it, and no one types more.
pub const MAX_PASSWORD_BYTES: usize = 1024;

/// How an API token starts: `fdk_ID_SECRET`.
const TOKEN_PREFIX: &str = "fdk_";

/// Why a login or a token was refused. Deliberately vague towards the caller: which of name or
/// password was wrong is not said.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum AuthError {
    /// Unknown user, wrong password, or a disabled user.
    #[error("unknown user or wrong password")]
    BadCredentials,
    /// A token that is not one of ours, or not any more.
    #[error("the API token is not valid: make a new one with `factdesk token add USER`")]
    BadToken,
}

/// Checks a user name: 1 to 64 of `a-z 0-9 . _ -`, starting with a letter or digit. The same
/// names the command line's `--user` gives the audit log.
pub fn check_user_name(name: &str) -> Result<(), DeskError> {
    let valid = (1..=64).contains(&name.len())
        && name.starts_with(|c: char| c.is_ascii_lowercase() || c.is_ascii_digit())
        && name
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b"._-".contains(&b));
    if valid {
        Ok(())
    } else {
        Err(DeskError::InvalidValue {
            what: format!(
                "`{name}` is not a user name: use 1 to 64 lower-case letters, digits, '.', '_' or '-' (for example `ana` or `bo.lee`)"
            ),
        })
    }
}

fn check_password(password: &str) -> Result<(), DeskError> {
    if password.chars().count() < MIN_PASSWORD_CHARS || password.len() > MAX_PASSWORD_BYTES {
        return Err(DeskError::InvalidValue {
            what: format!(
                "the password must have {MIN_PASSWORD_CHARS} characters or more (at most {MAX_PASSWORD_BYTES} bytes): a phrase of a few words is easiest"
            ),
        });
    }
    Ok(())
}

/// `n` random bytes from the operating system.
pub fn random_bytes<const N: usize>() -> Result<[u8; N], DeskError> {
    let mut bytes = [0u8; N];
    getrandom::fill(&mut bytes).map_err(|err| DeskError::InvalidValue {
        what: format!("the system's random number source failed: {err}"),
    })?;
    Ok(bytes)
}

fn hash_password(password: &str) -> Result<String, DeskError> {
    let salt =
        SaltString::encode_b64(&random_bytes::<16>()?).map_err(|err| DeskError::InvalidValue {
            what: format!("cannot make a salt: {err}"),
        })?;
    Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .map(|hash| hash.to_string())
        .map_err(|err| DeskError::InvalidValue {
            what: format!("cannot hash the password: {err}"),
        })
}

fn password_matches(hash: &str, password: &str) -> bool {
    PasswordHash::new(hash).is_ok_and(|parsed| {
        Argon2::default()
            .verify_password(password.as_bytes(), &parsed)
            .is_ok()
    })
}

impl Desk {
    /// The roles the workflow names (in `[roles]` or in a transition's `roles`), in file order.
    pub fn workflow_roles(&self) -> Vec<String> {
        let mut roles: Vec<String> = Vec::new();
        let named = self.workflow.role_names().into_iter().chain(
            self.workflow
                .transitions()
                .iter()
                .flat_map(|t| t.roles.iter().cloned()),
        );
        for role in named {
            if !roles.contains(&role) {
                roles.push(role);
            }
        }
        roles
    }

    /// Adds a user of the desk with the workflow roles they hold.
    pub fn add_user(
        &self,
        name: &str,
        roles: &[String],
        password: &str,
        actor: &str,
        now: Timestamp,
    ) -> Result<User, DeskError> {
        check_user_name(name)?;
        let known = self.workflow_roles();
        for role in roles {
            if !known.contains(role) {
                return Err(DeskError::InvalidValue {
                    what: match known.as_slice() {
                        [] => format!(
                            "the workflow names no roles, so `{role}` means nothing: add the user without --role"
                        ),
                        known => format!(
                            "`{role}` is not a role of the workflow: use {}",
                            known.join(", ")
                        ),
                    },
                });
            }
        }
        check_password(password)?;
        let user = User {
            name: name.to_owned(),
            roles: roles.to_vec(),
            password_hash: hash_password(password)?,
            disabled: false,
            created_at: now,
        };
        self.store
            .write(actor, now, |tx| {
                if tx.user(name)?.is_some() {
                    return Err(TxError::abort(DeskError::InvalidValue {
                        what: format!(
                            "user `{name}` exists already: `factdesk user passwd {name}` sets a new password"
                        ),
                    }));
                }
                tx.put_user(&user)?;
                let event = EventKind::UserChanged {
                    name: name.to_owned(),
                    action: UserAction::Added {
                        roles: roles.to_vec(),
                    },
                };
                Ok((user.clone(), Some(event)))
            })?
    }

    /// The workflow roles the store's record of `user` grants (none for a user without one, or
    /// disabled): counted with the workflow's own `[roles]`.
    pub fn granted_roles(&self, user: &str) -> Result<Vec<String>, DeskError> {
        Ok(self
            .store
            .user(user)?
            .filter(|user| !user.disabled)
            .map(|user| user.roles)
            .unwrap_or_default())
    }

    /// Every user of the desk, by name.
    pub fn users(&self) -> Result<Vec<User>, DeskError> {
        Ok(self.store.users()?)
    }

    /// Sets a user's password anew.
    pub fn set_password(
        &self,
        name: &str,
        password: &str,
        actor: &str,
        now: Timestamp,
    ) -> Result<(), DeskError> {
        check_password(password)?;
        let hash = hash_password(password)?;
        self.change_user(name, actor, now, UserAction::PasswordSet, |user| {
            user.password_hash.clone_from(&hash);
        })
    }

    /// Disables a user: no more logins or tokens; their history stays theirs.
    pub fn disable_user(&self, name: &str, actor: &str, now: Timestamp) -> Result<(), DeskError> {
        self.change_user(name, actor, now, UserAction::Disabled, |user| {
            user.disabled = true;
        })
    }

    fn change_user(
        &self,
        name: &str,
        actor: &str,
        now: Timestamp,
        action: UserAction,
        change: impl Fn(&mut User),
    ) -> Result<(), DeskError> {
        self.store.write(actor, now, |tx| {
            let Some(mut user) = tx.user(name)? else {
                return Err(TxError::abort(unknown_user(name)));
            };
            change(&mut user);
            tx.put_user(&user)?;
            let event = EventKind::UserChanged {
                name: name.to_owned(),
                action: action.clone(),
            };
            Ok(((), Some(event)))
        })?
    }

    /// Makes an API token that acts as `owner`; returns it and the whole token, which is shown
    /// once and stored only as a hash.
    pub fn add_token(
        &self,
        owner: &str,
        actor: &str,
        now: Timestamp,
    ) -> Result<(ApiToken, String), DeskError> {
        let id = crate::store::hex(&random_bytes::<6>()?);
        let secret = crate::store::hex(&random_bytes::<24>()?);
        let token = ApiToken {
            id: id.clone(),
            owner: owner.to_owned(),
            secret_hash: Hash32::of(secret.as_bytes()),
            created_at: now,
        };
        let whole = format!("{TOKEN_PREFIX}{id}_{secret}");
        self.store.write(actor, now, |tx| {
            match tx.user(owner)? {
                Some(user) if !user.disabled => {}
                Some(_) => {
                    return Err(TxError::abort(DeskError::InvalidValue {
                        what: format!("user `{owner}` is disabled: a token would act as no one"),
                    }));
                }
                None => return Err(TxError::abort(unknown_user(owner))),
            }
            tx.put_token(&token)?;
            let event = EventKind::UserChanged {
                name: owner.to_owned(),
                action: UserAction::TokenAdded { id: id.clone() },
            };
            Ok(((token.clone(), whole.clone()), Some(event)))
        })?
    }

    /// The user a name and password log in as. The password is checked even for an unknown
    /// name, against a throwaway hash, so timing does not tell which names exist.
    pub fn authenticate(&self, name: &str, password: &str) -> Result<User, DeskError> {
        let user = self.store.user(name)?;
        let hash: &str = match &user {
            Some(user) => &user.password_hash,
            None => dummy_hash(),
        };
        let matches = password.len() <= MAX_PASSWORD_BYTES && password_matches(hash, password);
        match user {
            Some(user) if matches && !user.disabled => Ok(user),
            _ => Err(DeskError::Auth(AuthError::BadCredentials)),
        }
    }

    /// The user an API token acts as.
    pub fn authenticate_token(&self, token: &str) -> Result<User, DeskError> {
        let refused = || DeskError::Auth(AuthError::BadToken);
        let (id, secret) = token
            .strip_prefix(TOKEN_PREFIX)
            .and_then(|rest| rest.split_once('_'))
            .ok_or_else(refused)?;
        if id.len() > 64 || !id.bytes().all(|b| b.is_ascii_hexdigit()) {
            return Err(refused());
        }
        let stored = self.store.token(id)?.ok_or_else(refused)?;
        // `Hash32` compares in constant time (blake3's `Hash` equality).
        if blake3::Hash::from_bytes(stored.secret_hash.0) != blake3::hash(secret.as_bytes()) {
            return Err(refused());
        }
        match self.store.user(&stored.owner)? {
            Some(user) if !user.disabled => Ok(user),
            _ => Err(refused()),
        }
    }
}

fn unknown_user(name: &str) -> DeskError {
    DeskError::InvalidValue {
        what: format!("no user `{name}`: `factdesk user list` lists them"),
    }
}

/// An Argon2id hash (with the parameters real ones get) of nothing anyone types, checked
/// against when the user is unknown so that the answer takes as long.
fn dummy_hash() -> &'static str {
    static DUMMY: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    DUMMY.get_or_init(|| {
        SaltString::encode_b64(b"factdesk dummy..")
            .ok()
            .and_then(|salt| {
                Argon2::default()
                    .hash_password(b"\0 no one's password \0", &salt)
                    .ok()
                    .map(|hash| hash.to_string())
            })
            .unwrap_or_default()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_password_hash_verifies_its_password_only() {
        let hash = hash_password("correct horse battery").expect("hashed");
        assert!(hash.starts_with("$argon2id$"));
        assert!(password_matches(&hash, "correct horse battery"));
        assert!(!password_matches(&hash, "correct horse battery "));
        assert!(dummy_hash().starts_with("$argon2id$"));
        assert!(!password_matches(dummy_hash(), "correct horse battery"));
    }

    #[test]
    fn user_names_are_slugs() {
        assert!(check_user_name("bo.lee").is_ok());
        assert!(check_user_name("Bo").is_err());
        assert!(check_user_name("-bo").is_err());
        assert!(check_user_name("").is_err());
        assert!(check_user_name(&"a".repeat(65)).is_err());
    }
}

/// A session just opened: the id for the browser's cookie and the token for its forms, shown
/// here once (the store keeps the id's hash only).
#[derive(Clone, Debug)]
pub struct SessionTicket {
    /// The session id, 64 hex digits.
    pub id: String,
    /// The CSRF token its forms carry, 64 hex digits.
    pub csrf: String,
    /// When it ends.
    pub expires_at: Timestamp,
}

/// Who a live session belongs to.
#[derive(Clone, Debug, PartialEq)]
pub struct LiveSession {
    /// The user, enabled.
    pub user: String,
    /// The token its forms must carry.
    pub csrf: String,
}

fn hex_of(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// The key a session id is kept under; `None` for what cannot be an id (no store read then).
fn session_key(id: &str) -> Option<Hash32> {
    (id.len() == 64
        && id
            .bytes()
            .all(|b| b.is_ascii_hexdigit() && !b.is_ascii_uppercase()))
    .then(|| Hash32::of(id.as_bytes()))
}

impl Desk {
    /// Opens a session for `user` (already authenticated), kept in the store so that it outlives
    /// a restart of the server.
    pub fn start_session(
        &self,
        user: &str,
        lifetime: std::time::Duration,
        now: Timestamp,
    ) -> Result<SessionTicket, DeskError> {
        let id = hex_of(&random_bytes::<32>()?);
        let csrf = hex_of(&random_bytes::<32>()?);
        let lifetime = i64::try_from(lifetime.as_millis()).unwrap_or(i64::MAX);
        let expires_at = Timestamp(now.0.saturating_add(lifetime));
        self.store.put_session(
            &Hash32::of(id.as_bytes()),
            &crate::store::StoredSession {
                user: user.to_owned(),
                csrf: csrf.clone(),
                expires_at,
            },
        )?;
        Ok(SessionTicket {
            id,
            csrf,
            expires_at,
        })
    }

    /// The session a browser's cookie names, while it lasts and its user is enabled.
    pub fn session(&self, id: &str, now: Timestamp) -> Result<Option<LiveSession>, DeskError> {
        let Some(key) = session_key(id) else {
            return Ok(None);
        };
        let Some(session) = self.store.session(&key)? else {
            return Ok(None);
        };
        if session.expires_at <= now {
            return Ok(None);
        }
        let enabled = self
            .store
            .user(&session.user)?
            .is_some_and(|user| !user.disabled);
        Ok(enabled.then_some(LiveSession {
            user: session.user,
            csrf: session.csrf,
        }))
    }

    /// Ends a session (logging out); nothing to do for one that is not kept.
    pub fn end_session(&self, id: &str) -> Result<(), DeskError> {
        if let Some(key) = session_key(id) {
            self.store.remove_session(&key)?;
        }
        Ok(())
    }

    /// Forgets the sessions that have ended; how many.
    pub fn end_expired_sessions(&self, now: Timestamp) -> Result<usize, DeskError> {
        Ok(self.store.remove_sessions_ended(now)?)
    }
}
