use anyhow::Result;
use factdesk::report::ChangeView;
use factdesk::revision::{Change, Segment};

use super::claims::{parse_article, shorten};
use super::{Ctx, JsonFlag};

/// Compare two revisions: which claims changed (what to re-check), then the text, word by word.
///
/// By default the latest revision is compared with the one before it.
#[derive(Debug, clap::Args)]
pub(crate) struct DiffArgs {
    /// The article id.
    article: String,
    /// The older revision (default: the one before --to).
    #[arg(long, value_name = "N")]
    from: Option<u32>,
    /// The newer revision (default: the latest).
    #[arg(long, value_name = "M")]
    to: Option<u32>,
    #[command(flatten)]
    json: JsonFlag,
}

pub(crate) fn cmd_diff(ctx: &mut Ctx, args: &DiffArgs) -> Result<()> {
    let article = parse_article(&args.article)?;
    let desk = ctx.desk()?;
    let diff = desk.diff(&article, args.from, args.to)?;
    let changes = diff.claim_changes();
    if args.json.json {
        let lines: Vec<String> = changes
            .iter()
            .map(|c| serde_json::to_string(&ChangeView::new(c)))
            .collect::<Result<_, _>>()?;
        for line in lines {
            ctx.line(line)?;
        }
        return ctx.flush();
    }
    let count = |kind: Change| changes.iter().filter(|c| c.change == kind).count();
    let header = format!(
        "{article}: revision {} → {}: {} modified, {} added, {} removed, {} moved, {} unchanged",
        diff.from.number,
        diff.to.number,
        count(Change::Modified),
        count(Change::Added),
        count(Change::Removed),
        count(Change::Moved),
        count(Change::Unchanged)
    );
    let mut lines = vec![header, String::new(), "Claims to re-check:".to_owned()];
    let mut any = false;
    for change in changes.iter().filter(|c| c.change != Change::Unchanged) {
        any = true;
        let Some(claim) = change.new.or(change.old) else {
            continue;
        };
        let text = match claim.kind.as_str() {
            "quote" => format!("“{}”", shorten(&claim.text, 70)),
            _ => claim
                .quantity()
                .map_or_else(|| claim.text.clone(), |q| q.phrase.clone()),
        };
        let label = format!("{:<9}", change.change.as_str());
        let label = match change.change {
            Change::Added => ctx.paint("32", &label),
            Change::Removed => ctx.paint("31", &label),
            Change::Modified => ctx.paint("33", &label),
            _ => label,
        };
        let summary = change.summary();
        let summary = if summary.is_empty() {
            String::new()
        } else {
            format!("  ({summary})")
        };
        lines.push(format!(
            "  {label} {} {:<6} {text}{summary}",
            claim.id.short(),
            claim.kind
        ));
    }
    if !any {
        lines.push("  none: every claim is unchanged".to_owned());
    }
    lines.push(String::new());
    lines.push("Text changes:".to_owned());
    lines.extend(text_diff_lines(ctx, &diff.text_changes()));
    for line in lines {
        ctx.line(line)?;
    }
    ctx.flush()
}

/// The paragraphs that changed, with deletions as [-…-] and insertions as {+…+} (coloured on a
/// terminal). Unchanged paragraphs are left out.
fn text_diff_lines(ctx: &Ctx, segments: &[Segment<'_>]) -> Vec<String> {
    let mut out = Vec::new();
    let mut paragraph = String::new();
    let mut changed = false;
    let mut flush = |paragraph: &mut String, changed: &mut bool| {
        if *changed && !paragraph.trim().is_empty() {
            out.push(format!("  {}", paragraph.trim()));
            out.push(String::new());
        }
        paragraph.clear();
        *changed = false;
    };
    for segment in segments {
        let (text, kind) = match segment {
            Segment::Equal(t) => (*t, 0),
            Segment::Delete(t) => (*t, 1),
            Segment::Insert(t) => (*t, 2),
        };
        // Text may span paragraph breaks; split there so only changed paragraphs print.
        let mut pieces = text.split("\n\n").peekable();
        while let Some(piece) = pieces.next() {
            match kind {
                _ if piece.is_empty() => {}
                0 => paragraph.push_str(piece),
                1 => {
                    changed = true;
                    paragraph.push_str(&ctx.paint("31;9", &format!("[-{piece}-]")));
                }
                _ => {
                    changed = true;
                    paragraph.push_str(&ctx.paint("32", &format!("{{+{piece}+}}")));
                }
            }
            if pieces.peek().is_some() {
                flush(&mut paragraph, &mut changed);
            }
        }
    }
    flush(&mut paragraph, &mut changed);
    if out.is_empty() {
        out.push("  none".to_owned());
    }
    out
}
