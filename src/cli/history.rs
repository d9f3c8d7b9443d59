use anyhow::{Result, bail};
use factdesk::view::EventLine;

use super::claims::parse_article;
use super::{Ctx, JsonFlag};

/// Show the audit history of a claim, or of a whole article with --article.
#[derive(Debug, clap::Args)]
pub(crate) struct HistoryArgs {
    /// The claim id, or a unique prefix of 6+ hex digits.
    claim: Option<String>,
    /// The article (alone: its whole history; with a claim: where the claim is in several).
    #[arg(long, value_name = "ID")]
    article: Option<String>,
    #[command(flatten)]
    json: JsonFlag,
}

pub(crate) fn cmd_history(ctx: &mut Ctx, args: &HistoryArgs) -> Result<()> {
    let article = args.article.as_deref().map(parse_article).transpose()?;
    let desk = ctx.desk()?;
    let lines = match (&args.claim, &article) {
        (Some(claim), _) => {
            let (article, claim) = desk.resolve(claim, article.as_ref())?;
            factdesk::view::claim_history(desk, &article, &claim)?
        }
        (None, Some(article)) => factdesk::view::article_history(desk, article)?,
        (None, None) => bail!("give a claim id, or --article ID for an article's history"),
    };
    for line in &lines {
        if args.json.json {
            ctx.line(factdesk::json::to_string(line)?)?;
        } else {
            event_line(ctx, "", line)?;
        }
    }
    ctx.flush()
}

/// One event for people, after `indent`: `#SEQ  TIME  ACTOR  what it did`.
pub(crate) fn event_line(ctx: &mut Ctx, indent: &str, line: &EventLine) -> Result<()> {
    ctx.line(format_args!(
        "{indent}#{:<5} {}  {:<10} {}",
        line.seq, line.at, line.actor, line.description
    ))
}
