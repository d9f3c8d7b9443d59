use anyhow::Result;
use factdesk::revision::Change;
use serde::Serialize;

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

#[derive(Serialize)]
struct RevisionLine {
    number: u32,
    ingested_at: String,
    ingested_by: String,
    source: String,
    format: String,
    content_hash: String,
    raw_source: Option<String>,
    published: Option<String>,
    claims: usize,
    unchanged: usize,
    moved: usize,
    modified: usize,
    added: usize,
    removed: usize,
}

pub(crate) fn cmd_revisions(ctx: &mut Ctx, args: &RevisionsArgs) -> Result<()> {
    let article = parse_article(&args.article)?;
    let desk = ctx.desk()?;
    let latest = desk.article(&article)?.latest;
    let mut lines = Vec::new();
    for number in 1..=latest {
        let revision = desk.revision(&article, Some(number))?;
        let mut line = RevisionLine {
            number,
            ingested_at: revision.ingested_at.to_string(),
            ingested_by: revision.ingested_by.clone(),
            source: revision.source.clone(),
            format: revision.format.clone(),
            content_hash: revision.content_hash.to_hex(),
            raw_source: revision.raw_source.map(|h| h.to_hex()),
            published: revision.published.as_ref().map(ToString::to_string),
            claims: revision.claims.len(),
            unchanged: 0,
            moved: 0,
            modified: 0,
            added: revision.claims.len(),
            removed: 0,
        };
        if number > 1 {
            let diff = desk.diff(&article, Some(number - 1), Some(number))?;
            let changes = diff.claim_changes();
            let count = |kind: Change| changes.iter().filter(|c| c.change == kind).count();
            line.unchanged = count(Change::Unchanged);
            line.moved = count(Change::Moved);
            line.modified = count(Change::Modified);
            line.added = count(Change::Added);
            line.removed = count(Change::Removed);
        }
        lines.push(line);
    }
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
        let published = line
            .published
            .as_deref()
            .map_or_else(String::new, |date| format!(" (published {date})"));
        ctx.line(format_args!(
            "rev {:<3} {}  {:<10} {:<8} {changes}\n        {}{published}",
            line.number, line.ingested_at, line.ingested_by, line.format, line.source
        ))?;
    }
    ctx.flush()
}
