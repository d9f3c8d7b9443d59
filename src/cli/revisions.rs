use anyhow::Result;

use super::claims::parse_article;
use super::{Ctx, JsonFlag};

/// List an article's revisions with what changed in each: claims modified, added, removed.
#[derive(Debug, clap::Args)]
pub(crate) struct RevisionsArgs {
    /// The article id.
    article: String,
    #[command(flatten)]
    json: JsonFlag,
}

pub(crate) fn cmd_revisions(ctx: &mut Ctx, args: &RevisionsArgs) -> Result<()> {
    let article = parse_article(&args.article)?;
    let lines = factdesk::view::revisions(ctx.desk()?, &article)?;
    for line in &lines {
        if args.json.json {
            ctx.line(factdesk::json::to_string(line)?)?;
            continue;
        }
        let changes = if line.number == 1 {
            super::count(line.claims as u64, "claim")
        } else {
            format!(
                "{}: {} modified, {} added, {} removed, {} moved, {} unchanged",
                super::count(line.claims as u64, "claim"),
                line.modified,
                line.added,
                line.removed,
                line.moved,
                line.unchanged
            )
        };
        let mut published = line
            .published
            .as_deref()
            .map_or_else(String::new, |date| format!(" (published {date})"));
        if let Some(note) = &line.retracted {
            published.push_str(&format!("\n        retracted: {note}"));
        }
        if let Some(restored) = line.restores {
            published.push_str(&format!("\n        the text of revision {restored} again"));
        }
        ctx.line(format_args!(
            "rev {:<3} {}  {:<10} {:<8} {changes}\n        {}{published}",
            line.number, line.ingested_at, line.ingested_by, line.format, line.source
        ))?;
    }
    ctx.flush()
}
