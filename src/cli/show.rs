use anyhow::Result;
use factdesk::desk::{HistoryEntry, Succession};
use factdesk::model::EventKind;
use factdesk::report::{ClaimView, reviewed_claim_view};
use serde::Serialize;

use super::claims::{number_summary, parse_article};
use super::history::{ReplacesLine, describe_entry};
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

#[derive(Serialize)]
struct ShowView {
    article: String,
    /// The latest revision the claim occurs in.
    revision: u32,
    /// The article's latest revision: a claim whose `revision` is older was removed since.
    latest_revision: u32,
    #[serde(flatten)]
    review: factdesk::report::ReviewedClaimView,
    appears_in: Vec<Appearance>,
    /// The claims this one replaced, newest first: one a revision where it changed id.
    replaces: Vec<ReplacesLine>,
    /// The claim that took over from this one in the revision after its last, if it was
    /// replaced rather than removed.
    replaced_by: Option<ReplacesLine>,
}

#[derive(Serialize)]
struct Appearance {
    article: String,
    state: String,
    updated_by: String,
    updated_at: String,
}

pub(crate) fn cmd_show(ctx: &mut Ctx, args: &ShowArgs) -> Result<()> {
    let article = args.article.as_deref().map(parse_article).transpose()?;
    let desk = ctx.desk()?;
    let (article, claim_id) = desk.resolve(&args.claim, article.as_ref())?;
    let Some((revision, claim)) = desk.latest_occurrence(&article, &claim_id)? else {
        anyhow::bail!(
            "claim {} has no occurrence in `{article}`",
            claim_id.short()
        );
    };
    let review = desk.review(&article, &claim_id)?.ok_or_else(|| {
        anyhow::anyhow!(
            "claim {} has no review in `{article}`: run `factdesk audit verify`",
            claim_id.short()
        )
    })?;
    // The same claim elsewhere: a quote verified yesterday is recognised today.
    let mut appears_in = Vec::new();
    for other in desk.articles_of_claim(&claim_id)? {
        if other == article {
            continue;
        }
        if let Some(review) = desk.review(&other, &claim_id)? {
            appears_in.push(Appearance {
                article: other.to_string(),
                state: review.state,
                updated_by: review.updated_by,
                updated_at: review.updated_at.to_string(),
            });
        }
    }
    let history = desk.claim_history(&article, &claim_id)?;
    let revision_of = |entry: &HistoryEntry| match entry.event.kind {
        EventKind::RevisionAdded { number, .. } => Some(number),
        _ => None,
    };
    let successions: Vec<(Option<u32>, &Succession)> = history
        .iter()
        .rev()
        .filter_map(|e| Some((revision_of(e), e.succession.as_ref()?)))
        .collect();
    let latest_revision = desk.article(&article)?.latest;
    let replaced_by = history.iter().find_map(|entry| {
        let successor = entry.replaced_by.as_ref()?;
        Some(ReplacesLine::new(successor, revision_of(entry)))
    });
    let view = ShowView {
        article: article.to_string(),
        revision,
        latest_revision,
        review: reviewed_claim_view(&claim, &review),
        appears_in,
        replaces: successions
            .iter()
            .map(|(revision, s)| ReplacesLine::new(s, *revision))
            .collect(),
        replaced_by,
    };
    if args.json.json {
        return ctx.line(factdesk::json::to_string(&view)?);
    }
    let claim_view: &ClaimView = &view.review.claim;
    ctx.line(format_args!(
        "claim {}  ({})",
        claim_id.to_hex(),
        claim_view.kind
    ))?;
    ctx.line(format_args!("text:      {}", claim_view.text))?;
    if claim_view.kind == "quote" {
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
    ctx.line(format_args!(
        "where:     {} revision {}, characters {}–{}",
        view.article, view.revision, claim_view.start, claim_view.end
    ))?;
    let successor = history
        .iter()
        .find_map(|entry| Some((revision_of(entry)?, entry.replaced_by.as_ref()?)));
    if let Some((next, successor)) = successor {
        // Its review stays as it was last decided; the work goes on on the successor.
        ctx.line(format_args!(
            "replaced:  by {} in revision {next} ({}); last in revision {revision}",
            successor.later().short(),
            successor.summary()
        ))?;
    } else if latest_revision > revision {
        // Orphaned: its review stays as it was last decided, for the record.
        ctx.line(format_args!(
            "removed:   last in revision {revision}; not in the latest revision {latest_revision}"
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
    for (revision, succession) in &successions {
        let revision = revision.map_or_else(String::new, |n| format!(" in revision {n}"));
        match succession {
            Succession::Changed(change) => ctx.line(format_args!(
                "changed:   {}{revision}, from claim {}; {} → {}",
                change.summary,
                change.old.short(),
                change.old_state,
                change.new_state
            ))?,
            Succession::Realigned { old, summary, .. } => ctx.line(format_args!(
                "replaces:  {}{revision} ({summary})",
                old.short()
            ))?,
        }
    }
    for evidence in &view.review.evidence {
        ctx.line(format_args!(
            "evidence:  {} {} ({} bytes; {}, {})",
            evidence.hash, evidence.name, evidence.size, evidence.by, evidence.at
        ))?;
    }
    for other in &view.appears_in {
        ctx.line(format_args!(
            "also in:   {} — {} ({}, {})",
            other.article, other.state, other.updated_by, other.updated_at
        ))?;
    }
    ctx.line("history:")?;
    for entry in &history {
        let event = &entry.event;
        ctx.line(format_args!(
            "  #{:<5} {}  {:<10} {}",
            event.seq,
            event.at,
            event.actor,
            describe_entry(entry)
        ))?;
    }
    ctx.flush()
}
