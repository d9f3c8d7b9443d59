use std::collections::BTreeMap;

use anyhow::Result;
use serde::Serialize;

use super::{Ctx, JsonFlag};

/// List the articles in the store with their review progress.
#[derive(Debug, clap::Args)]
pub(crate) struct ArticlesArgs {
    #[command(flatten)]
    json: JsonFlag,
}

#[derive(Serialize)]
struct ArticleLine {
    id: String,
    title: Option<String>,
    url: Option<String>,
    published: Option<String>,
    revisions: u32,
    states: BTreeMap<String, usize>,
}

pub(crate) fn cmd_articles(ctx: &mut Ctx, args: &ArticlesArgs) -> Result<()> {
    let desk = ctx.desk()?;
    let mut lines = Vec::new();
    for article in desk.articles()? {
        let mut states = BTreeMap::new();
        for claim in desk.claims(&article.id, None)? {
            *states.entry(claim.review.state).or_insert(0) += 1;
        }
        lines.push(ArticleLine {
            id: article.id.to_string(),
            title: article.title,
            url: article.url,
            published: article.published.map(|p| p.to_string()),
            revisions: article.latest,
            states,
        });
    }
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
