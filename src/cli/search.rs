use anyhow::Result;
use serde::Serialize;

use super::claims::shorten;
use super::{Ctx, JsonFlag};

/// Find a quote or claim across all articles, with its state in each: "where else did this quote
/// appear, and was it verified there?". Case, punctuation and quotation marks are ignored; a number
/// is also found by words of its sentence ("8,000 killed").
#[derive(Debug, clap::Args)]
pub(crate) struct SearchArgs {
    /// Words of the quote or claim.
    text: String,
    #[command(flatten)]
    json: JsonFlag,
}

#[derive(Serialize)]
struct HitLine {
    id: String,
    kind: &'static str,
    text: String,
    /// A number's sentence (its text is the figure alone); null for a quote.
    sentence: Option<String>,
    appearances: Vec<Appearance>,
}

#[derive(Serialize)]
struct Appearance {
    article: String,
    state: String,
    updated_by: String,
    updated_at: String,
    /// False when only an earlier revision of the article carried the claim.
    in_latest: bool,
}

pub(crate) fn cmd_search(ctx: &mut Ctx, args: &SearchArgs) -> Result<()> {
    let hits = ctx.desk()?.search(&args.text)?;
    if hits.is_empty() && !args.json.json {
        return ctx.line("No claim matches.");
    }
    for hit in hits {
        let line = HitLine {
            id: hit.claim.to_hex(),
            kind: hit.kind.as_str(),
            text: hit.text,
            sentence: hit.sentence,
            appearances: hit
                .appearances
                .iter()
                .map(|found| Appearance {
                    article: found.review.article.to_string(),
                    state: found.review.state.clone(),
                    updated_by: found.review.updated_by.clone(),
                    updated_at: found.review.updated_at.to_string(),
                    in_latest: found.in_latest,
                })
                .collect(),
        };
        if args.json.json {
            ctx.line(factdesk::json::to_string(&line)?)?;
            continue;
        }
        ctx.line(format_args!(
            "{} {:<6} “{}”",
            &line.id[..10],
            line.kind,
            shorten(&line.text, 80)
        ))?;
        if let Some(sentence) = &line.sentence {
            ctx.line(format_args!("    sentence: {}", shorten(sentence, 100)))?;
        }
        for appearance in &line.appearances {
            ctx.line(format_args!(
                "    {:<24} {:<11} ({} {}){}",
                appearance.article,
                appearance.state,
                appearance.updated_by,
                appearance.updated_at,
                if appearance.in_latest {
                    ""
                } else {
                    "  not in its latest revision"
                }
            ))?;
        }
    }
    ctx.flush()
}
