use anyhow::Result;

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

pub(crate) fn cmd_search(ctx: &mut Ctx, args: &SearchArgs) -> Result<()> {
    let lines = factdesk::view::search(ctx.desk()?, &args.text)?;
    if lines.is_empty() && !args.json.json {
        return ctx.line("No claim matches.");
    }
    for line in lines {
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
                if appearance.in_latest != Some(false) {
                    ""
                } else {
                    "  not in its latest revision"
                }
            ))?;
        }
    }
    ctx.flush()
}
