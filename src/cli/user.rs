//! `factdesk user …` and `factdesk token add`: the people of the web desk.

use std::io::{BufRead, Read};

use anyhow::{Context, Result, bail};
use factdesk::desk::MAX_PASSWORD_BYTES;

use super::{Ctx, JsonFlag};

/// The people who log in to the web desk (`factdesk serve`). Every change is audited; passwords
/// are kept only as Argon2id hashes.
#[derive(Debug, clap::Subcommand)]
pub(crate) enum UserCommand {
    /// Add a user, with the workflow roles they hold (the password is asked for, or read from
    /// standard input with --password-stdin).
    Add {
        /// The name every audit event of theirs will carry (`ana`, `bo.lee`).
        name: String,
        /// A role of the workflow they hold; repeat for several.
        #[arg(long = "role", value_name = "ROLE")]
        roles: Vec<String>,
        /// Read the password from the first line of standard input (for scripts).
        #[arg(long)]
        password_stdin: bool,
    },
    /// List the users, their roles and whether they are disabled.
    List {
        #[command(flatten)]
        json: JsonFlag,
    },
    /// Set a user's password anew.
    Passwd {
        /// The user.
        name: String,
        /// Read the password from the first line of standard input.
        #[arg(long)]
        password_stdin: bool,
    },
    /// Disable a user: no more logins or API tokens; their history stays theirs.
    Disable {
        /// The user.
        name: String,
    },
}

/// API tokens for programs (a CMS's pre-publication check, a script).
#[derive(Debug, clap::Subcommand)]
pub(crate) enum TokenCommand {
    /// Make a token that acts as USER (with USER's roles); it is printed once and kept only as
    /// a hash. Send it as `Authorization: Bearer TOKEN`.
    Add {
        /// The user the token acts as.
        user: String,
    },
}

/// A user as `user list --json` prints it.
#[derive(serde::Serialize)]
struct UserLine<'a> {
    name: &'a str,
    roles: &'a [String],
    disabled: bool,
    created_at: String,
}

pub(crate) fn cmd_user(ctx: &mut Ctx, command: &UserCommand) -> Result<()> {
    match command {
        UserCommand::Add {
            name,
            roles,
            password_stdin,
        } => {
            factdesk::desk::check_user_name(name)?;
            // The store first: one the web desk holds takes the command, standard input and all.
            ctx.desk()?;
            let password = read_password(ctx, *password_stdin)?;
            let (actor, now) = (ctx.user()?, ctx.now());
            let user = ctx.desk()?.add_user(name, roles, &password, &actor, now)?;
            let roles = match user.roles.as_slice() {
                [] => String::new(),
                roles => format!(" with role {}", roles.join(", ")),
            };
            ctx.line(format_args!("added user {}{roles}", user.name))?;
        }
        UserCommand::List { json } => {
            let users = ctx.desk()?.users()?;
            for user in &users {
                if json.json {
                    let line = UserLine {
                        name: &user.name,
                        roles: &user.roles,
                        disabled: user.disabled,
                        created_at: user.created_at.to_string(),
                    };
                    ctx.line(factdesk::json::to_string(&line)?)?;
                } else {
                    ctx.line(format_args!(
                        "{:<20} {:<30} {}",
                        user.name,
                        user.roles.join(", "),
                        if user.disabled { "disabled" } else { "" }
                    ))?;
                }
            }
            if users.is_empty() && !json.json {
                ctx.line("No users: add one with `factdesk user add NAME`.")?;
            }
        }
        UserCommand::Passwd {
            name,
            password_stdin,
        } => {
            ctx.desk()?;
            let password = read_password(ctx, *password_stdin)?;
            let (actor, now) = (ctx.user()?, ctx.now());
            ctx.desk()?.set_password(name, &password, &actor, now)?;
            ctx.line(format_args!("set a new password for {name}"))?;
        }
        UserCommand::Disable { name } => {
            let (actor, now) = (ctx.user()?, ctx.now());
            ctx.desk()?.disable_user(name, &actor, now)?;
            ctx.line(format_args!("disabled user {name}"))?;
        }
    }
    ctx.flush()
}

pub(crate) fn cmd_token(ctx: &mut Ctx, command: &TokenCommand) -> Result<()> {
    match command {
        TokenCommand::Add { user } => {
            let (actor, now) = (ctx.user()?, ctx.now());
            let (token, whole) = ctx.desk()?.add_token(user, &actor, now)?;
            ctx.line(format_args!(
                "token {} for {user} (shown once; keep it secret):\n{whole}",
                token.id
            ))?;
        }
    }
    ctx.flush()
}

/// The password from standard input's first line, or asked on the terminal (twice, unechoed).
fn read_password(ctx: &mut Ctx, from_stdin: bool) -> Result<String> {
    if from_stdin {
        let mut line = String::new();
        std::io::BufReader::new(ctx.stdin())
            .take(MAX_PASSWORD_BYTES as u64 + 2)
            .read_line(&mut line)
            .context("cannot read the password from standard input")?;
        return Ok(line.trim_end_matches(['\r', '\n']).to_owned());
    }
    if !ctx.interactive() {
        bail!(
            "no terminal to ask the password on: pass --password-stdin and give it on standard input"
        );
    }
    let first = rpassword::prompt_password("password: ").context("cannot read the password")?;
    let again = rpassword::prompt_password("again: ").context("cannot read the password")?;
    if first != again {
        bail!("the two passwords differ: nothing was changed; try again");
    }
    Ok(first)
}
