use std::path::PathBuf;

use anyhow::{Context, Result};
use factdesk::eval;

use super::{Ctx, JsonFlag};

/// Measure extraction on annotated text (precision, recall, F1), overall and per source.
#[derive(Debug, clap::Subcommand)]
pub(crate) enum EvalCommand {
    /// Quote spans and speakers, on gold data in the schema of shared/eval/quotes/.
    Quotes {
        /// The gold file (JSON lines).
        gold: PathBuf,
        #[command(flatten)]
        json: JsonFlag,
    },
    /// Number spans and values, on gold data in the schema of shared/eval/numbers/.
    Numbers {
        /// The gold file (JSON lines).
        gold: PathBuf,
        #[command(flatten)]
        json: JsonFlag,
    },
}

pub(crate) fn cmd_eval(ctx: &mut Ctx, command: &EvalCommand) -> Result<()> {
    match command {
        EvalCommand::Quotes { gold, json } => {
            let report =
                eval::quotes::evaluate(&read(gold)?).with_context(|| gold.display().to_string())?;
            if json.json {
                ctx.line(serde_json::to_string(&report)?)?;
            } else {
                ctx.line(format_args!("{report:?}"))?;
            }
        }
        EvalCommand::Numbers { gold, json } => {
            let report = eval::numbers::evaluate(&read(gold)?)
                .with_context(|| gold.display().to_string())?;
            if json.json {
                ctx.line(serde_json::to_string(&report)?)?;
            } else {
                ctx.line(format_args!("{report:?}"))?;
            }
        }
    }
    ctx.flush()
}

fn read(path: &std::path::Path) -> Result<String> {
    std::fs::read_to_string(path).with_context(|| format!("cannot read {}", path.display()))
}
