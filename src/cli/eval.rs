use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use factdesk::eval;
use factdesk::eval::quotes::{PredictedText, Prf, QuotesReport, Scores};

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
        /// Also write what was predicted to this file, one JSON object a text, in the schema the
        /// reference scorer (score.py) reads.
        #[arg(long, value_name = "FILE")]
        predictions: Option<PathBuf>,
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
        EvalCommand::Quotes {
            gold,
            json,
            predictions,
        } => {
            let report =
                eval::quotes::evaluate(&read(gold)?).with_context(|| gold.display().to_string())?;
            if let Some(path) = predictions {
                write_predictions(path, &report.predictions)?;
            }
            if json.json {
                ctx.line(serde_json::to_string(&report)?)?;
            } else {
                render_quotes(ctx, &report)?;
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

fn write_predictions(path: &Path, predictions: &[PredictedText]) -> Result<()> {
    let mut out = String::new();
    for text in predictions {
        out.push_str(&serde_json::to_string(text)?);
        out.push('\n');
    }
    std::fs::write(path, out).with_context(|| format!("cannot write {}", path.display()))
}

/// Two tables: spans, then speakers on the quotes matched at 50% overlap, one row a source.
fn render_quotes(ctx: &mut Ctx, report: &QuotesReport) -> Result<()> {
    let rows: Vec<(&str, &Scores)> = std::iter::once(("all", &report.overall))
        .chain(report.by_source.iter().map(|(k, v)| (k.as_str(), v)))
        .collect();
    let width = rows
        .iter()
        .map(|(name, _)| name.len())
        .max()
        .unwrap_or(3)
        .max(6);
    let prf = |p: &Prf| format!("{:.3} {:.3} {:.3}", p.precision, p.recall, p.f1);
    ctx.line(format_args!(
        "{:width$} {:>5} {:>6} {:>6}   {:<17}   {:<17}",
        "quotes", "texts", "gold", "pred", "exact P R F1", ">=50% overlap P R F1"
    ))?;
    for (name, s) in &rows {
        ctx.line(format_args!(
            "{name:width$} {:>5} {:>6} {:>6}   {}   {}",
            s.texts,
            s.gold,
            s.predicted,
            prf(&s.exact.span),
            prf(&s.overlap.span)
        ))?;
    }
    ctx.line("")?;
    ctx.line(format_args!(
        "{:width$} {:>6}   {:<13}   {:<17}   {:<17}",
        "speaker", "pairs", "acc exact tok", "q+spk exact P R F1", "q+spk token P R F1"
    ))?;
    for (name, s) in &rows {
        let m = &s.overlap;
        ctx.line(format_args!(
            "{name:width$} {:>6}   {:.3} {:.3}     {}   {}",
            m.speaker_pairs,
            m.speaker_accuracy_exact,
            m.speaker_accuracy_token,
            prf(&m.quote_speaker_exact),
            prf(&m.quote_speaker_token)
        ))?;
    }
    ctx.line(
        "(speakers are scored on quotes matched at >=50% overlap; --json has the exact-match figures too)",
    )
}

fn read(path: &Path) -> Result<String> {
    std::fs::read_to_string(path).with_context(|| format!("cannot read {}", path.display()))
}
