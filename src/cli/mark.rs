use anyhow::{Result, bail};
use factdesk::desk::MarkRequest;

use super::Ctx;
use super::claims::parse_article;

/// Move a claim to another review state, with a source or a note.
///
/// The workflow decides which moves are allowed and what each needs: in the default workflow,
/// `sourced` needs --source, `verified` is reached only from `sourced`, and `disputed` and
/// `unverified` (reopening) need --note. Every move is recorded in the audit log.
#[derive(Debug, clap::Args)]
pub(crate) struct MarkArgs {
    /// The claim id, or a unique prefix of 6+ hex digits.
    claim: String,
    /// The state to move it to (see `factdesk workflow show`).
    state: String,
    /// A URL or citation the claim was checked against.
    #[arg(long, value_name = "S")]
    source: Option<String>,
    /// A note on the decision.
    #[arg(long, value_name = "N")]
    note: Option<String>,
    /// The article, when the claim appears in several.
    #[arg(long, value_name = "ID")]
    article: Option<String>,
}

pub(crate) fn cmd_mark(ctx: &mut Ctx, args: &MarkArgs) -> Result<()> {
    let source = non_blank(args.source.as_deref(), "--source")?;
    let note = non_blank(args.note.as_deref(), "--note")?;
    let article = args.article.as_deref().map(parse_article).transpose()?;
    let (user, now) = (ctx.user()?, ctx.now());
    let desk = ctx.desk()?;
    let (article, claim) = desk.resolve(&args.claim, article.as_ref())?;
    let request = MarkRequest {
        article: article.clone(),
        claim,
        to: args.state.clone(),
        source,
        note,
    };
    match desk.mark(&request, &user, now)? {
        Ok(marked) => ctx.line(format_args!(
            "{} {}: {} → {} ({}, event #{})",
            article,
            claim.short(),
            marked.from,
            marked.to,
            marked.transition,
            marked.seq
        )),
        Err(rejected) => bail!("claim {}: {rejected}", claim.short()),
    }
}

fn non_blank(value: Option<&str>, flag: &str) -> Result<Option<String>> {
    match value {
        Some(text) if text.trim().is_empty() => {
            bail!("{flag} is empty: give the text, or leave the flag out")
        }
        Some(text) => Ok(Some(text.trim().to_owned())),
        None => Ok(None),
    }
}
