use anyhow::Result;
use factdesk::desk::QueueFor;

use super::claims::{claim_line, parse_article};
use super::{Ctx, JsonFlag};

/// List what needs checking, most urgent first: claims that changed in the newest revisions, then
/// new ones, then the rest still waiting.
#[derive(Debug, clap::Args)]
pub(crate) struct QueueArgs {
    /// Only this article.
    article: Option<String>,
    /// Only what is assigned to me (--user): "what needs me".
    #[arg(long, conflicts_with_all = ["assignee", "unassigned"])]
    mine: bool,
    /// Only what is assigned to NAME.
    #[arg(long, value_name = "NAME", conflicts_with = "unassigned")]
    assignee: Option<String>,
    /// Only what no one is assigned to.
    #[arg(long)]
    unassigned: bool,
    #[command(flatten)]
    json: JsonFlag,
}

pub(crate) fn cmd_queue(ctx: &mut Ctx, args: &QueueArgs) -> Result<()> {
    let article = args.article.as_deref().map(parse_article).transpose()?;
    let me = if args.mine { Some(ctx.user()?) } else { None };
    let whose = match (&me, &args.assignee) {
        (Some(name), _) | (None, Some(name)) => QueueFor::Assignee(name),
        (None, None) if args.unassigned => QueueFor::Unassigned,
        (None, None) => QueueFor::All,
    };
    let lines = factdesk::view::queue(ctx.desk()?, article.as_ref(), whose)?;
    if lines.is_empty() && !args.json.json {
        return ctx.line(match whose {
            QueueFor::All => "Nothing to check: every claim is in an accepted state.".to_owned(),
            QueueFor::Assignee(name) => format!(
                "Nothing assigned to {name} is waiting (`factdesk queue` lists everyone's)."
            ),
            QueueFor::Unassigned => "Nothing unassigned is waiting.".to_owned(),
        });
    }
    for line in &lines {
        if args.json.json {
            ctx.line(factdesk::json::to_string(line)?)?;
        } else {
            let claim = claim_line(ctx, &line.claim, line.claim.state.as_deref());
            let assignee = line
                .assignee
                .as_deref()
                .map_or_else(String::new, |name| format!("  → {name}"));
            ctx.line(format_args!(
                "{:<8} {:<20} {claim}{assignee}",
                line.urgency,
                format!("{} r{}", line.article, line.revision)
            ))?;
        }
    }
    ctx.flush()
}
