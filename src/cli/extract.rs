use std::path::PathBuf;

use anyhow::Result;
use factdesk::extract;
use factdesk::report::ClaimView;
use factdesk::text::Document;

use super::ingest::{FormatArg, MaxSize, read_input};
use super::{Ctx, JsonFlag};

/// Print the quotes and numbers of a file, without storing anything.
///
/// Offsets are characters into the normalized text. Use it to see what factdesk would find
/// before ingesting, or to feed another tool with --json.
#[derive(Debug, clap::Args)]
pub(crate) struct ExtractArgs {
    /// The file to read (plain text, Markdown or an HTML page).
    file: PathBuf,
    #[command(flatten)]
    json: JsonFlag,
    /// How to read the file.
    #[arg(long, value_enum, default_value_t = FormatArg::Auto)]
    format: FormatArg,
    /// Also print what was set aside (scare quotes, titles, dates, …) with the reason, so the rules
    /// can be audited.
    #[arg(long)]
    all: bool,
    /// The largest file taken: bytes, or a number with KiB, MiB or GiB (64MiB).
    #[arg(long, value_name = "SIZE", default_value_t = MaxSize::DEFAULT)]
    max_size: MaxSize,
}

/// Something the extractor looked at and set aside.
#[derive(serde::Serialize)]
struct RejectedView<'a> {
    kind: &'static str,
    rejected: bool,
    start: usize,
    end: usize,
    text: &'a str,
    reason: &'a str,
}

pub(crate) fn cmd_extract(ctx: &mut Ctx, args: &ExtractArgs) -> Result<()> {
    let (text, format) = read_input(&args.file, args.format, args.max_size)?;
    let document = Document::parse(&text, format);
    let extraction = extract::extract(&document);
    for claim in &extraction.claims {
        let view = ClaimView::new(claim, None);
        if args.json.json {
            ctx.line(factdesk::json::to_string(&view)?)?;
        } else {
            ctx.line(super::claims::claim_line(ctx, &view, None))?;
        }
    }
    if args.all {
        for rejected in &extraction.rejected {
            let view = RejectedView {
                kind: rejected.kind.as_str(),
                rejected: true,
                start: rejected.span.start_char,
                end: rejected.span.end_char,
                text: &rejected.text,
                reason: &rejected.reason,
            };
            if args.json.json {
                ctx.line(factdesk::json::to_string(&view)?)?;
            } else {
                ctx.line(format_args!(
                    "set aside {} “{}”: {}",
                    view.kind, view.text, view.reason
                ))?;
            }
        }
    }
    if !args.json.json {
        ctx.line(format_args!(
            "{} ({}, {})",
            super::count(extraction.claims.len() as u64, "claim"),
            super::count(
                extraction
                    .claims
                    .iter()
                    .filter(|c| c.kind.as_str() == "quote")
                    .count() as u64,
                "quote"
            ),
            super::count(
                extraction
                    .claims
                    .iter()
                    .filter(|c| c.kind.as_str() == "number")
                    .count() as u64,
                "number"
            )
        ))?;
        for diagnostic in &extraction.diagnostics {
            ctx.line(format_args!(
                "note: {}",
                diagnostic.describe(document.text())
            ))?;
        }
    }
    ctx.flush()
}
