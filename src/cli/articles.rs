use anyhow::Result;

use super::{Ctx, JsonFlag};

/// List the articles in the store with their review progress.
#[derive(Debug, clap::Args)]
pub(crate) struct ArticlesArgs {
    #[command(flatten)]
    json: JsonFlag,
}

pub(crate) fn cmd_articles(ctx: &mut Ctx, args: &ArticlesArgs) -> Result<()> {
    let lines = factdesk::view::articles(ctx.desk()?)?;
    if lines.is_empty() && !args.json.json {
        return ctx.line("No articles yet: add one with `factdesk ingest FILE --article ID`");
    }
    for line in &lines {
        if args.json.json {
            ctx.line(factdesk::json::to_string(line)?)?;
        } else {
            let states: Vec<String> = line
                .states
                .iter()
                .map(|(s, n)| format!("{s} {n}"))
                .collect();
            ctx.line(format_args!(
                "{:<24} rev {:<3} {:<40}  {}",
                line.id,
                line.revisions,
                super::claims::shorten(line.title.as_deref().unwrap_or("(untitled)"), 40),
                states.join(", ")
            ))?;
        }
    }
    ctx.flush()
}
