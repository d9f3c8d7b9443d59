use std::path::{Path, PathBuf};

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
        /// Also write factdesk's numbers, one gold text a line in the gold schema, to this file
        /// (for the data set's score.py, or to read the errors).
        #[arg(long, value_name = "FILE")]
        predictions: Option<PathBuf>,
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
        EvalCommand::Numbers {
            gold,
            json,
            predictions,
        } => {
            let contents = read(gold)?;
            let report =
                eval::numbers::evaluate(&contents).with_context(|| gold.display().to_string())?;
            if let Some(path) = predictions {
                write_predictions(&contents, path)?;
            }
            if json.json {
                ctx.line(serde_json::to_string(&report)?)?;
            } else {
                numbers_table(ctx, &report)?;
            }
        }
    }
    ctx.flush()
}

fn write_predictions(gold: &str, path: &Path) -> Result<()> {
    let mut out = String::new();
    for line in eval::numbers::predict(gold)? {
        out.push_str(&serde_json::to_string(&line)?);
        out.push('\n');
    }
    std::fs::write(path, out).with_context(|| format!("cannot write {}", path.display()))
}

/// The human table: one row a source, then the groups; "-" where a figure is not meaningful.
fn numbers_table(ctx: &mut Ctx, report: &eval::numbers::NumbersReport) -> Result<()> {
    let header = format!(
        "{:<24} {:>5} {:>5} {:>5} | {:>6} {:>6} {:>6} | {:>6} {:>6} {:>6} | {:>6} {:>5} {:>6}",
        "source",
        "texts",
        "gold",
        "pred",
        "exP",
        "exR",
        "exF1",
        "ovP",
        "ovR",
        "ovF1",
        "valAcc",
        "(n)",
        "valRec"
    );
    ctx.line(&header)?;
    ctx.line("-".repeat(header.len()))?;
    let rows = report
        .sources
        .iter()
        .map(|s| {
            let mark = if s.scores.exhaustive { "" } else { "*" };
            (format!("{}{mark}", s.source), &s.scores)
        })
        .chain([
            ("ALL".to_owned(), &report.all),
            ("ALL exhaustive".to_owned(), &report.exhaustive),
        ]);
    for (label, s) in rows {
        ctx.line(format_args!(
            "{label:<24} {:>5} {:>5} {:>5} | {} {} {} | {} {} {} | {} {:>5} {}",
            s.texts,
            s.gold,
            s.predicted,
            figure(s.exact_precision),
            figure(Some(s.exact_recall)),
            figure(s.exact_f1),
            figure(s.overlap_precision),
            figure(Some(s.overlap_recall)),
            figure(s.overlap_f1),
            figure(s.value_accuracy),
            s.value_pairs,
            figure(s.value_recall),
        ))?;
    }
    ctx.line(format_args!(
        "macro over sources: overlap recall {}, value accuracy {}",
        figure(Some(report.macro_overlap_recall)).trim(),
        figure(report.macro_value_accuracy).trim()
    ))?;
    ctx.line("* partial gold (not every number is annotated): read recall, not precision")
}

fn figure(x: Option<f64>) -> String {
    x.map_or_else(|| format!("{:>6}", "-"), |x| format!("{x:6.3}"))
}

fn read(path: &Path) -> Result<String> {
    std::fs::read_to_string(path).with_context(|| format!("cannot read {}", path.display()))
}
