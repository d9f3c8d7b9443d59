use std::process::ExitCode;

use anyhow::Result;
use factdesk::model::ClaimDetail;
use serde::Serialize;

use super::claims::{parse_article, shorten};
use super::{Ctx, JsonFlag};

/// Check whether an article may be published: exit 0 when every claim of the revision is in an
/// accepted end state of the workflow, else exit 1 with the claims that block it.
///
/// Meant for a CMS to call before publishing.
#[derive(Debug, clap::Args)]
pub(crate) struct GateArgs {
    /// The article id.
    article: String,
    /// Check this revision's claims instead of the latest's, by their reviews as they are now.
    #[arg(long, value_name = "N")]
    rev: Option<u32>,
    #[command(flatten)]
    json: JsonFlag,
}

#[derive(Serialize)]
struct Blocking {
    id: String,
    kind: &'static str,
    text: String,
    state: String,
    /// What a person reads: a number with its hedge and unit, as `claims` shows it.
    #[serde(skip)]
    shown: String,
}

pub(crate) fn cmd_gate(ctx: &mut Ctx, args: &GateArgs) -> Result<ExitCode> {
    let article = parse_article(&args.article)?;
    let desk = ctx.desk()?;
    let revision = desk.revision(&article, args.rev)?;
    let blocking = desk.gate(&article, Some(revision.number))?;
    let views: Vec<Blocking> = blocking
        .iter()
        .map(|c| Blocking {
            id: c.claim.id.to_hex(),
            kind: c.claim.kind.as_str(),
            text: c.claim.text.clone(),
            state: c.review.state.clone(),
            shown: match &c.claim.detail {
                ClaimDetail::Number(quantity) => shorten(&quantity.phrase, 70),
                ClaimDetail::Quote(_) => format!("“{}”", shorten(&c.claim.text, 68)),
            },
        })
        .collect();
    if args.json.json {
        for view in &views {
            ctx.line(factdesk::json::to_string(view)?)?;
        }
    } else if views.is_empty() {
        ctx.line(format_args!(
            "{article} revision {}: ready to publish: every claim is in an accepted state",
            revision.number
        ))?;
    } else {
        ctx.line(format_args!(
            "{article} revision {}: not ready: {} publication",
            revision.number,
            match views.len() {
                1 => "1 claim blocks".to_owned(),
                n => format!("{n} claims block"),
            }
        ))?;
        for view in &views {
            ctx.line(format_args!(
                "  {} {:<6} {:<11} {}",
                &view.id[..10],
                view.kind,
                view.state,
                view.shown
            ))?;
        }
    }
    ctx.flush()?;
    Ok(if views.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}
