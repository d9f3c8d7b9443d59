use std::process::ExitCode;

use anyhow::Result;

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

pub(crate) fn cmd_gate(ctx: &mut Ctx, args: &GateArgs) -> Result<ExitCode> {
    let article = parse_article(&args.article)?;
    let gate = factdesk::view::gate(ctx.desk()?, &article, args.rev)?;
    let views = &gate.blocking;
    if args.json.json {
        for view in views {
            ctx.line(factdesk::json::to_string(view)?)?;
        }
    } else if views.is_empty() {
        ctx.line(format_args!(
            "{article} revision {}: ready to publish: every claim is decided (dismissed claims aside), none in a state that holds it back",
            gate.revision
        ))?;
    } else {
        ctx.line(format_args!(
            "{article} revision {}: not ready: {} publication",
            gate.revision,
            match views.len() {
                1 => "1 claim blocks".to_owned(),
                n => format!("{n} claims block"),
            }
        ))?;
        let workflow = ctx.desk()?.workflow();
        let held_back = views
            .iter()
            .any(|v| workflow.state(&v.state).is_some_and(|s| s.accepted));
        for view in views {
            // What a person reads: a number with its hedge and unit, as `claims` shows it.
            let shown = match &view.phrase {
                Some(phrase) => shorten(phrase, 70),
                None => format!("“{}”", shorten(&view.text, 68)),
            };
            ctx.line(format_args!(
                "  {} {:<6} {:<11} {shown}",
                &view.id[..10],
                view.kind,
                view.state,
            ))?;
        }
        if held_back {
            ctx.line(
                "  a verdict that holds the article back: correct the text in a new revision, or let it through with `factdesk claim override CLAIM --note …`",
            )?;
        }
    }
    ctx.flush()?;
    Ok(if views.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}
