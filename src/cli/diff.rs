use anyhow::{Result, bail};
use factdesk::model::ArticleId;
use factdesk::report::ChangeView;
use factdesk::revision::{Change, ParagraphChange, ParagraphDiff, Segment};

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
    /// Show the changed paragraphs in two columns, before and after (for wide terminals; the
    /// width is $COLUMNS, else 160).
    #[arg(long)]
    side_by_side: bool,
    #[command(flatten)]
    json: JsonFlag,
}

pub(crate) fn cmd_diff(ctx: &mut Ctx, args: &DiffArgs) -> Result<()> {
    let article = parse_article(&args.article)?;
    let desk = ctx.desk()?;
    let diff = desk.diff(&article, args.from, args.to)?;
    check_order(&article, args, diff.from.number, diff.to.number, || {
        Ok(desk.article(&article)?.latest)
    })?;
    let changes = diff.claim_changes();
    if args.json.json {
        let lines: Vec<String> = changes
            .iter()
            .map(|c| factdesk::json::to_string(&ChangeView::new(c, |id| diff.curation(id))))
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
    lines.extend(text_diff_lines(
        ctx,
        &diff.text_changes(),
        args.side_by_side,
    ));
    for line in lines {
        ctx.line(line)?;
    }
    ctx.flush()
}

/// Refuses a comparison of a revision with itself or with a later one, saying what to ask for
/// instead. `latest` is only read when the message needs it.
fn check_order(
    article: &ArticleId,
    args: &DiffArgs,
    from: u32,
    to: u32,
    latest: impl FnOnce() -> Result<u32>,
) -> Result<()> {
    if from < to {
        return Ok(());
    }
    if from > to {
        bail!(
            "--from {from} is after --to {to}: give the older revision as --from (--from {to} --to {from})"
        );
    }
    let latest = latest()?;
    if latest == 1 {
        bail!(
            "article `{article}` has one revision, nothing to compare yet: ingest its next draft with `factdesk ingest FILE --article {article}`"
        );
    }
    match (args.from, args.to) {
        (Some(_), Some(_)) => bail!(
            "--from and --to are both {to}: give two different revisions (`{article}` has 1 to {latest})"
        ),
        // --to defaults to the latest.
        (Some(_), None) => bail!(
            "--from {from} is the latest revision, nothing comes after it: give an earlier --from (`{article}` has 1 to {latest})"
        ),
        // --from defaults to the one before --to, and the first has none.
        _ => bail!(
            "revision {to} is the first, nothing comes before it: give a later --to (`{article}` has 1 to {latest})"
        ),
    }
}

/// A paragraph that changed, as one inline text and as its old and new sides.
#[derive(Default)]
struct ChangedParagraph {
    inline: String,
    old: String,
    new: String,
}

/// The paragraphs that changed, with deletions as [-…-] and insertions as {+…+} (coloured on a
/// terminal). Unchanged paragraphs are left out.
fn changed_paragraphs(ctx: &Ctx, paragraphs: &[ParagraphDiff<'_>]) -> Vec<ChangedParagraph> {
    let deleted = |text: &str| ctx.paint("31;9", &format!("[-{text}-]"));
    let inserted = |text: &str| ctx.paint("32", &format!("{{+{text}+}}"));
    let edited = |words: &[Segment<'_>]| {
        let mut edited = ChangedParagraph::default();
        for segment in words {
            match segment {
                Segment::Equal(text) => {
                    edited.inline.push_str(text);
                    edited.old.push_str(text);
                    edited.new.push_str(text);
                }
                Segment::Delete(text) => {
                    edited.inline.push_str(&deleted(text));
                    edited.old.push_str(&deleted(text));
                }
                Segment::Insert(text) => {
                    edited.inline.push_str(&inserted(text));
                    edited.new.push_str(&inserted(text));
                }
            }
        }
        edited
    };
    let mut out = Vec::new();
    for paragraph in paragraphs {
        let (old, new) = (paragraph.old.unwrap_or(""), paragraph.new.unwrap_or(""));
        let changed = match paragraph.change {
            ParagraphChange::Same => continue,
            ParagraphChange::Moved => {
                // Moved and edited too: its own older words diffed, never another paragraph's.
                let label = ctx.paint("36", "(moved)");
                let moved = if paragraph.words.is_empty() {
                    ChangedParagraph {
                        inline: new.to_owned(),
                        old: old.to_owned(),
                        new: new.to_owned(),
                    }
                } else {
                    edited(&paragraph.words)
                };
                ChangedParagraph {
                    inline: format!("{label} {}", moved.inline),
                    old: format!("{label} {}", moved.old),
                    new: format!("{label} {}", moved.new),
                }
            }
            ParagraphChange::Added => ChangedParagraph {
                inline: inserted(new),
                old: String::new(),
                new: inserted(new),
            },
            ParagraphChange::Removed => ChangedParagraph {
                inline: deleted(old),
                old: deleted(old),
                new: String::new(),
            },
            ParagraphChange::Edited => edited(&paragraph.words),
        };
        out.push(changed);
    }
    out
}

fn text_diff_lines(ctx: &Ctx, paragraphs: &[ParagraphDiff<'_>], side_by_side: bool) -> Vec<String> {
    let paragraphs = changed_paragraphs(ctx, paragraphs);
    if paragraphs.is_empty() {
        return vec!["  none".to_owned()];
    }
    let mut out = Vec::new();
    if !side_by_side {
        for paragraph in paragraphs {
            out.push(format!("  {}", paragraph.inline.trim()));
            out.push(String::new());
        }
        return out;
    }
    let width = terminal_width();
    let column = (width.saturating_sub(5) / 2).max(20);
    out.push(format!("  {:<column$} │ {}", "before", "after"));
    out.push(format!("  {}─┼─{}", "─".repeat(column), "─".repeat(column)));
    for paragraph in paragraphs {
        let old = wrap(paragraph.old.trim(), column);
        let new = wrap(paragraph.new.trim(), column);
        for row in 0..old.len().max(new.len()) {
            let left = old.get(row).map_or("", String::as_str);
            let right = new.get(row).map_or("", String::as_str);
            let pad = column.saturating_sub(visible_len(left));
            out.push(format!("  {left}{} │ {right}", " ".repeat(pad)));
        }
        out.push(format!("  {}─┼─{}", "─".repeat(column), "─".repeat(column)));
    }
    out
}

/// `$COLUMNS`, else 160: side-by-side is for wide terminals.
fn terminal_width() -> usize {
    std::env::var("COLUMNS")
        .ok()
        .and_then(|c| c.parse().ok())
        .filter(|&w| w >= 60)
        .unwrap_or(160)
}

/// Characters a terminal shows: ANSI colour codes take no room.
fn visible_len(text: &str) -> usize {
    let mut len = 0;
    let mut in_escape = false;
    for ch in text.chars() {
        match ch {
            '\x1b' => in_escape = true,
            'm' if in_escape => in_escape = false,
            _ if in_escape => {}
            _ => len += 1,
        }
    }
    len
}

/// Greedy word wrap to `width` visible characters; a word longer than a line gets a line.
fn wrap(text: &str, width: usize) -> Vec<String> {
    let mut lines = Vec::new();
    let mut line = String::new();
    for word in text.split_whitespace() {
        if !line.is_empty() && visible_len(&line) + 1 + visible_len(word) > width {
            lines.push(std::mem::take(&mut line));
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(word);
    }
    if !line.is_empty() {
        lines.push(line);
    }
    lines
}
