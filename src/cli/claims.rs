use anyhow::{Result, bail};
use factdesk::model::{ArticleId, ClaimKind};
use factdesk::report::ClaimView;

use super::{Ctx, JsonFlag};

/// List the claims of an article (its latest revision, or --rev N) with their review state.
#[derive(Debug, clap::Args)]
pub(crate) struct ClaimsArgs {
    /// The article id (see `factdesk articles`).
    article: String,
    /// Show the claims of this revision instead of the latest, with their reviews as they are
    /// now (`report --rev N` shows them as they stood then).
    #[arg(long, value_name = "N")]
    rev: Option<u32>,
    /// Only claims in this state.
    #[arg(long, value_name = "S")]
    state: Option<String>,
    /// Only quotes or only numbers.
    #[arg(long, value_name = "quote|number")]
    kind: Option<String>,
    /// Dismissed claims too (`claim dismiss`), marked as such.
    #[arg(long)]
    all: bool,
    #[command(flatten)]
    json: JsonFlag,
}

pub(crate) fn cmd_claims(ctx: &mut Ctx, args: &ClaimsArgs) -> Result<()> {
    let article = parse_article(&args.article)?;
    let kind = match args.kind.as_deref() {
        Some(word) => match ClaimKind::parse(word) {
            Some(kind) => Some(kind),
            None => bail!("--kind `{word}` is not a claim kind: use quote or number"),
        },
        None => None,
    };
    let desk = ctx.desk()?;
    // Any case names a state; a close miss is named.
    let state = match &args.state {
        Some(given) => match desk.workflow().state_spelled(given) {
            Some(state) => Some(state.to_owned()),
            None => {
                let known = desk.workflow().state_names();
                let meant = desk
                    .workflow()
                    .closest_state(given)
                    .map_or_else(String::new, |m| format!("did you mean `{m}`? "));
                bail!(
                    "--state `{given}` is not a state of the workflow: {meant}use one of {}",
                    known.join(", ")
                );
            }
        },
        None => None,
    };
    let claims = desk.claims(&article, args.rev)?;
    let views: Vec<ClaimView> = claims
        .iter()
        .filter(|c| args.all || !c.review.curation.is_dismissed())
        .filter(|c| kind.is_none_or(|k| c.claim.kind == k))
        .filter(|c| state.as_ref().is_none_or(|s| &c.review.state == s))
        .map(|c| ClaimView::reviewed(&c.claim, &c.review))
        .collect();
    for view in &views {
        if args.json.json {
            ctx.line(factdesk::json::to_string(view)?)?;
        } else {
            let line = claim_line(ctx, view, view.state.as_deref());
            ctx.line(line)?;
        }
    }
    if !args.json.json && views.is_empty() {
        ctx.line("No claims match.")?;
    }
    ctx.flush()
}

pub(crate) fn parse_article(given: &str) -> Result<ArticleId> {
    match ArticleId::new(given) {
        Some(id) => Ok(id),
        None => bail!(
            "`{given}` is not a valid article id: use lower-case letters, digits, '-', '_' and '.' (see `factdesk articles`)"
        ),
    }
}

/// One claim as a table line: short id, kind, state, text, speaker or value.
pub(crate) fn claim_line(ctx: &Ctx, view: &ClaimView, state: Option<&str>) -> String {
    let short = &view.id[..factdesk::model::SHORT_ID_LEN];
    let state = state.map(|s| format!("{s:<11} ")).unwrap_or_default();
    let body = match view.kind {
        ClaimKind::Quote => {
            let speaker = view.speaker.as_deref().unwrap_or("(unattributed)");
            format!("“{}” — {speaker}", shorten(&view.text, 90))
        }
        _ => {
            let phrase = view.phrase.as_deref().unwrap_or(&view.text);
            format!("{phrase}  [{}]", number_summary(view))
        }
    };
    let mut marks = String::new();
    if let Some(by) = &view.added_by {
        marks.push_str(&format!("  (added by {by})"));
    }
    if let Some(by) = &view.speaker_corrected_by {
        marks.push_str(&format!("  (speaker fixed by {by})"));
    }
    if let Some(dismissed) = &view.dismissed {
        marks.push_str(&format!(
            "  (dismissed: {}, by {})",
            dismissed.reason, dismissed.by
        ));
    }
    if let Some(overridden) = &view.overridden {
        marks.push_str(&format!("  (let through by {})", overridden.by));
    }
    format!(
        "{} {:<6} {state}{body}{marks}",
        ctx.paint("33", short),
        view.kind
    )
}

/// `value 8000, more than, people`: what the extractor understood of a number.
pub(crate) fn number_summary(view: &ClaimView) -> String {
    let mut parts = Vec::new();
    match (view.value, view.low, view.high) {
        (Some(v), _, _) => parts.push(format!("value {}", format_value(v))),
        (None, Some(l), Some(h)) => {
            let what = if view.bound == Some("tally") {
                "tally"
            } else {
                "range"
            };
            parts.push(format!("{what} {}–{}", format_value(l), format_value(h)))
        }
        _ => {}
    }
    if let Some(q) = &view.qualifier {
        parts.push(q.clone());
    }
    if let Some(u) = &view.unit {
        parts.push(u.clone());
    }
    parts.join(", ")
}

pub(crate) fn format_value(value: f64) -> String {
    if value.fract() == 0.0 && value.abs() < 1e15 {
        format!("{}", value as i64)
    } else {
        format!("{value}")
    }
}

pub(crate) fn shorten(text: &str, max_chars: usize) -> String {
    if text.chars().count() <= max_chars {
        return text.to_owned();
    }
    let cut: String = text.chars().take(max_chars.saturating_sub(1)).collect();
    // At the end of a word, when one ends near the cut: "most like…" reads as a typo.
    let inside_word = text
        .chars()
        .nth(cut.chars().count())
        .is_some_and(char::is_alphanumeric);
    let cut = match cut.rfind(' ') {
        Some(space) if inside_word && cut[space..].chars().count() <= 20 => &cut[..space],
        _ => cut.as_str(),
    };
    format!("{}…", cut.trim_end_matches([' ', ',', ';', ':']))
}

#[cfg(test)]
mod tests {
    use super::shorten;

    #[test]
    fn shortened_text_ends_at_a_word_near_the_cut() {
        let text =
            "Our assessment is, unfortunately, that the humanitarian situation is most likely";
        assert_eq!(shorten(text, 200), text);
        assert_eq!(
            shorten(text, 62),
            "Our assessment is, unfortunately, that the humanitarian…"
        );
        // No comma before the ellipsis.
        assert_eq!(shorten(text, 20), "Our assessment is…");
        // A word too long to back up over is cut where it must be.
        assert_eq!(shorten(&"x".repeat(50), 10), format!("{}…", "x".repeat(9)));
    }
}
