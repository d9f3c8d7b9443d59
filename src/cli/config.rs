use anyhow::Result;
use factdesk::desk::CONFIG_KEYS;

use super::Ctx;

/// Store settings: the organisation's name and URL, the URL template of published reviews.
#[derive(Debug, clap::Subcommand)]
pub(crate) enum ConfigCommand {
    /// List every setting and its value.
    List,
    /// Print one setting's value.
    Get {
        /// The setting (org.name, org.url, review.url-template).
        key: String,
    },
    /// Change a setting (recorded in the audit log).
    Set {
        /// The setting (org.name, org.url, review.url-template).
        key: String,
        /// Its new value.
        value: String,
    },
}

pub(crate) fn cmd_config(ctx: &mut Ctx, command: &ConfigCommand) -> Result<()> {
    match command {
        ConfigCommand::List => {
            let values = ctx.desk()?.config_all()?;
            for (key, about) in CONFIG_KEYS {
                let value = values
                    .iter()
                    .find(|(k, _)| k == key)
                    .map(|(_, v)| v.as_str());
                ctx.line(format_args!(
                    "{key:<20} {:<40} # {about}",
                    value.unwrap_or("(not set)")
                ))?;
            }
        }
        ConfigCommand::Get { key } => {
            if !CONFIG_KEYS.iter().any(|(k, _)| k == key) {
                return Err(
                    factdesk::desk::DeskError::UnknownConfigKey { key: key.clone() }.into(),
                );
            }
            match ctx.desk()?.config(key)? {
                Some(value) => ctx.line(value)?,
                None => {
                    anyhow::bail!("{key} is not set: set it with `factdesk config set {key} VALUE`")
                }
            }
        }
        ConfigCommand::Set { key, value } => {
            let (user, now) = (ctx.user()?, ctx.now());
            ctx.desk()?.set_config(key, value.trim(), &user, now)?;
            ctx.line(format_args!("{key} = {}", value.trim()))?;
        }
    }
    ctx.flush()
}
