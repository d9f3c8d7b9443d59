use anyhow::Result;
use factdesk::model::ClaimKind;
use factdesk::report::ClaimView;

use super::claims::{number_summary, parse_article};
use super::{Ctx, JsonFlag};

/// Show one claim: its text, where it appears, its review, sources, notes and history.
#[derive(Debug, clap::Args)]
pub(crate) struct ShowArgs {
    /// The claim id, or a unique prefix of 6+ hex digits.
    claim: String,
    /// The article, when the claim appears in several.
    #[arg(long, value_name = "ID")]
    article: Option<String>,
    #[command(flatten)]
    json: JsonFlag,
}

pub(crate) fn cmd_show(ctx: &mut Ctx, args: &ShowArgs) -> Result<()> {
    let article = args.article.as_deref().map(parse_article).transpose()?;
    let view = factdesk::view::show(ctx.desk()?, &args.claim, article.as_ref())?;
    if args.json.json {
        return ctx.line(factdesk::json::to_string(&view)?);
    }
    let claim_view: &ClaimView = &view.review.claim;
    ctx.line(format_args!(
        "claim {}  ({})",
        claim_view.id, claim_view.kind
    ))?;
    ctx.line(format_args!("text:      {}", claim_view.text))?;
    if claim_view.kind == ClaimKind::Quote {
        let speaker = claim_view.speaker.as_deref().unwrap_or("(unattributed)");
        let mention = claim_view
            .speaker_mention
            .as_deref()
            .map(|m| format!(" (written “{m}”)"))
            .unwrap_or_default();
        ctx.line(format_args!("speaker:   {speaker}{mention}"))?;
    } else {
        ctx.line(format_args!(
            "number:    {}  [{}]",
            claim_view.phrase.as_deref().unwrap_or(""),
            number_summary(claim_view)
        ))?;
    }
    ctx.line(format_args!("sentence:  {}", claim_view.sentence_text))?;
    for line in claim_view.curation_lines() {
        ctx.line(format_args!("curation:  {line}"))?;
    }
    ctx.line(format_args!(
        "where:     {} revision {}, characters {}–{}",
        view.article, view.revision, claim_view.start, claim_view.end
    ))?;
    let revision = view.revision;
    let successor = view
        .replaced_by
        .as_ref()
        .and_then(|line| Some((line.revision?, line)));
    if let Some((next, successor)) = successor {
        // Its review stays as it was last decided; the work goes on on the successor.
        ctx.line(format_args!(
            "replaced:  by {} in revision {next} ({}); last in revision {revision}",
            &successor.new[..SHORT],
            successor.summary
        ))?;
    } else if view.latest_revision > revision {
        // Orphaned: its review stays as it was last decided, for the record.
        ctx.line(format_args!(
            "removed:   last in revision {revision}; not in the latest revision {}",
            view.latest_revision
        ))?;
    }
    ctx.line(format_args!(
        "state:     {} (by {} at {})",
        view.review.state, view.review.updated_by, view.review.updated_at
    ))?;
    for source in &view.review.sources {
        ctx.line(format_args!(
            "source:    {} ({}, {})",
            source.text, source.by, source.at
        ))?;
    }
    for note in &view.review.notes {
        ctx.line(format_args!(
            "note:      {} ({}, {})",
            note.text, note.by, note.at
        ))?;
    }
    // The whole line of claims this one continues, newest first; the review's own
    // `carried_from` is only the last link, and an inherited review carries an older one's.
    for line in &view.replaces {
        let revision = line
            .revision
            .map_or_else(String::new, |n| format!(" in revision {n}"));
        match (&line.old_state, &line.new_state) {
            // Reset in place (a quote whose speaker changed keeps its id): no other claim.
            (Some(old_state), Some(new_state)) if line.old == line.new => {
                ctx.line(format_args!(
                    "changed:   {}{revision}; {old_state} → {new_state}",
                    line.summary,
                ))?
            }
            (Some(old_state), Some(new_state)) => ctx.line(format_args!(
                "changed:   {}{revision}, from claim {}; {old_state} → {new_state}",
                line.summary,
                &line.old[..SHORT],
            ))?,
            _ => ctx.line(format_args!(
                "replaces:  {}{revision} ({})",
                &line.old[..SHORT],
                line.summary
            ))?,
        }
    }
    for evidence in &view.review.evidence {
        ctx.line(format_args!(
            "evidence:  {} {} ({} bytes; {}, {})",
            evidence.hash, evidence.name, evidence.size, evidence.by, evidence.at
        ))?;
    }
    // What the review carries from before the claim's last change was given for the earlier
    // value: listed apart, numbered for `mark --reuse-source N`, never as a source of this one.
    if let Some(changed) = &view.review.changed_from
        && !(changed.sources.is_empty() && changed.notes.is_empty() && changed.evidence.is_empty())
    {
        let when = changed
            .revision
            .map_or_else(String::new, |n| format!(" (changed in revision {n})"));
        match &changed.earlier {
            Some(earlier) => ctx.line(format_args!("from the earlier {earlier}{when}:"))?,
            None => ctx.line(format_args!("from before the change{when}:"))?,
        }
        for (i, source) in changed.sources.iter().enumerate() {
            ctx.line(format_args!(
                "  source {}:  {} ({}, {}); --reuse-source {} gives it again",
                i + 1,
                source.text,
                source.by,
                source.at,
                i + 1
            ))?;
        }
        for note in &changed.notes {
            ctx.line(format_args!(
                "  note:      {} ({}, {})",
                note.text, note.by, note.at
            ))?;
        }
        for evidence in &changed.evidence {
            ctx.line(format_args!(
                "  evidence:  {} {} ({} bytes; {}, {})",
                evidence.hash, evidence.name, evidence.size, evidence.by, evidence.at
            ))?;
        }
    }
    for other in &view.appears_in {
        ctx.line(format_args!(
            "also in:   {} — {} ({}, {})",
            other.article, other.state, other.updated_by, other.updated_at
        ))?;
    }
    ctx.line("history:")?;
    for line in &view.history {
        super::history::event_line(ctx, "  ", line)?;
    }
    ctx.flush()
}

/// The length of a short claim id.
const SHORT: usize = factdesk::model::SHORT_ID_LEN;
