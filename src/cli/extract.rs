use std::path::PathBuf;

use anyhow::Result;
use factdesk::extract;
use factdesk::report::ClaimView;
use factdesk::text::{self, Document, Format, html};

use super::ingest::{FormatArg, MaxSize, read_input};
use super::{Ctx, JsonFlag};

/// Print the quotes and numbers of a file, without storing anything.
///
/// Offsets are characters into the normalized text; with --json each claim also has `source`,
/// its characters and bytes in the text as it was read (the file's, or an HTML page's article
/// text), so another tool can highlight it in its own copy. Use it to see what factdesk would
/// find before ingesting, or to feed another tool with --json.
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

/// A claim as `extract --json` prints it: the claim's view and where it is in the input.
#[derive(serde::Serialize)]
struct ExtractedView<'a> {
    #[serde(flatten)]
    claim: &'a ClaimView,
    source: Option<SourceSpan>,
}

/// Where a claim is in the text as it was read, before normalization.
#[derive(serde::Serialize)]
struct SourceSpan {
    start: usize,
    end: usize,
    start_byte: usize,
    end_byte: usize,
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
    // The text the offsets of `source` count in: an HTML page's is its article's text as the
    // page gave it (what `Document::parse` takes out of it), else the file's.
    let page = (format == Format::Html).then(|| html::article(&text));
    let (document, source) = match page {
        Some(Ok(page)) => (Document::from_html(&page), page.text),
        Some(Err(_)) => {
            let stripped = html::strip_tags(&text);
            (Document::parse(&stripped, Format::Text), stripped)
        }
        None => (Document::parse(&text, format), text),
    };
    let extraction = extract::extract(&document);
    let views: Vec<ClaimView> = extraction
        .claims
        .iter()
        .map(|claim| ClaimView::new(claim, None))
        .collect();
    // A claim's last character, whose end is the claim's end in the input.
    let last_char = |view: &ClaimView| view.end.saturating_sub(1).max(view.start);
    let positions = args.json.json.then(|| {
        let wanted: Vec<usize> = views
            .iter()
            .flat_map(|view| [view.start, last_char(view)])
            .collect();
        text::source_positions(&source, document.text(), &wanted)
    });
    for view in &views {
        if let Some(positions) = &positions {
            // Every offset asked for is answered; a claim without one would still be printed.
            let first = positions.get(&view.start);
            let last = positions.get(&last_char(view));
            let source = first.zip(last).map(|(first, last)| {
                let (end, end_byte) = if view.end > view.start {
                    (last.char + 1, last.byte + last.len)
                } else {
                    (first.char, first.byte)
                };
                SourceSpan {
                    start: first.char,
                    end: end.max(first.char),
                    start_byte: first.byte,
                    end_byte: end_byte.max(first.byte),
                }
            });
            let extracted = ExtractedView {
                claim: view,
                source,
            };
            ctx.line(factdesk::json::to_string(&extracted)?)?;
        } else {
            ctx.line(super::claims::claim_line(ctx, view, None))?;
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
