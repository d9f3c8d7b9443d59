use anyhow::Result;

use super::claims::{claim_line, parse_article};
use super::{Ctx, JsonFlag};

/// List what needs checking, most urgent first: claims that changed in the newest revisions, then
/// new ones, then the rest still waiting.
#[derive(Debug, clap::Args)]
pub(crate) struct QueueArgs {
    /// Only this article.
    article: Option<String>,
    #[command(flatten)]
    json: JsonFlag,
}

pub(crate) fn cmd_queue(ctx: &mut Ctx, args: &QueueArgs) -> Result<()> {
    let article = args.article.as_deref().map(parse_article).transpose()?;
    let lines = factdesk::view::queue(ctx.desk()?, article.as_ref())?;
    if lines.is_empty() && !args.json.json {
        return ctx.line("Nothing to check: every claim is in an accepted state.");
    }
    for line in &lines {
        if args.json.json {
            ctx.line(factdesk::json::to_string(line)?)?;
        } else {
            let claim = claim_line(ctx, &line.claim, line.claim.state.as_deref());
            ctx.line(format_args!(
                "{:<8} {:<20} {claim}",
                line.urgency,
                format!("{} r{}", line.article, line.revision)
            ))?;
        }
    }
    ctx.flush()
}
