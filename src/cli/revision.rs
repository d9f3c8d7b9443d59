//! `factdesk revision …`: acting on a whole revision.

use anyhow::Result;

use super::Ctx;
use super::claims::parse_article;

/// Act on a revision: `retract` withdraws one filed by mistake.
#[derive(Debug, clap::Subcommand)]
pub(crate) enum RevisionCommand {
    Retract(RetractArgs),
}

/// Withdraw the latest revision, filed by mistake (a wrong file, another story under this id).
///
/// Nothing is deleted: the text of the revision before it comes back as a new revision, its
/// claims with the verdicts as they stood, and the log records the retraction and its note.
#[derive(Debug, clap::Args)]
pub(crate) struct RetractArgs {
    /// The article id.
    article: String,
    /// The revision to withdraw: the latest.
    number: u32,
    /// Why (required).
    #[arg(long, value_name = "N")]
    note: String,
}

pub(crate) fn cmd_revision(ctx: &mut Ctx, command: &RevisionCommand) -> Result<()> {
    match command {
        RevisionCommand::Retract(args) => {
            let article = parse_article(&args.article)?;
            let (user, now) = (ctx.user()?, ctx.now());
            let done = ctx
                .desk()?
                .retract(&article, args.number, &args.note, &user, now)?;
            let restored = match done.verdicts_restored {
                0 => String::new(),
                n => format!(
                    "; {} got back the verdict it reset",
                    super::count(n as u64, "quote")
                ),
            };
            ctx.line(format_args!(
                "{article}: revision {} retracted; revision {} carries the text of revision {} again{restored}",
                done.number, done.as_revision, done.restored
            ))
        }
    }
}
