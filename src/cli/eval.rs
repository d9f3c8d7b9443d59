use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use factdesk::eval;
use factdesk::eval::quotes::{PredictedText, Prf, QuotesReport, Scores};

use super::{Ctx, JsonFlag};

/// Measure extraction on annotated text (precision, recall, F1), overall and per source.
#[derive(Debug, clap::Subcommand)]
pub(crate) enum EvalCommand {
    /// Quote spans and speakers, on gold data: one JSON object a text, with its quotes' character
    /// spans and speakers (PolNeAR's, as converted for factdesk).
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
    /// Number spans and values, on gold data: one JSON object a text, with its numbers' character
    /// spans and values.
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
    /// Claim changes between real successive versions (a folder holding one folder an article
    /// with v1.txt, v2.txt, …, and change_summary.json): how often a changed number is reported as a value change, and how
    /// many claims of unchanged paragraphs are wrongly reported as changed.
    Revisions {
        /// The folder.
        dir: PathBuf,
        #[command(flatten)]
        json: JsonFlag,
    },
    /// Article text taken out of saved pages (a folder holding one folder a page with
    /// source.html and expected.txt), as token F1.
    Html {
        /// The folder.
        dir: PathBuf,
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
                ctx.line(factdesk::json::to_string(&report)?)?;
            } else {
                render_quotes(ctx, &report)?;
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
                write_number_predictions(&contents, path)?;
            }
            if json.json {
                ctx.line(factdesk::json::to_string(&report)?)?;
            } else {
                numbers_table(ctx, &report)?;
            }
        }
        EvalCommand::Revisions { dir, json } => eval_revisions(ctx, dir, json.json)?,
        EvalCommand::Html { dir, json } => eval_html(ctx, dir, json.json)?,
    }
    ctx.flush()
}

/// Subfolders of a data set folder, by name.
fn case_dirs(dir: &Path) -> Result<Vec<PathBuf>> {
    let mut dirs = Vec::new();
    for entry in std::fs::read_dir(dir)
        .with_context(|| format!("cannot read the folder {}", dir.display()))?
    {
        let path = entry
            .with_context(|| format!("cannot read the folder {}", dir.display()))?
            .path();
        if path.is_dir() {
            dirs.push(path);
        }
    }
    dirs.sort();
    if dirs.is_empty() {
        anyhow::bail!(
            "{} holds no case folders: give the data set's folder",
            dir.display()
        );
    }
    Ok(dirs)
}

fn name_of(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
}

fn eval_revisions(ctx: &mut Ctx, dir: &Path, json: bool) -> Result<()> {
    let summary_path = dir.join("change_summary.json");
    let summary: serde_json::Value = serde_json::from_str(&read(&summary_path)?)
        .with_context(|| format!("{} is not JSON", summary_path.display()))?;
    // The numbers the summary lists for one pair under `field`, as written.
    let listed = |article: &str, pair: &str, field: &str| -> Vec<String> {
        summary
            .as_array()
            .into_iter()
            .flatten()
            .filter(|entry| entry["article"] == article && entry["pair"] == pair)
            .filter_map(|entry| entry[field].as_array())
            .flatten()
            .filter_map(|n| n.as_str().map(str::to_owned))
            .collect()
    };
    let mut texts = Vec::new();
    for case in case_dirs(dir)? {
        let mut versions = Vec::new();
        for n in 1.. {
            let path = case.join(format!("v{n}.txt"));
            if !path.exists() {
                break;
            }
            versions.push(read(&path)?);
        }
        texts.push((name_of(&case), versions));
    }
    let mut cases = Vec::new();
    let numbers: Vec<Vec<(Vec<String>, Vec<String>)>> = texts
        .iter()
        .map(|(article, versions)| {
            (1..versions.len())
                .map(|n| {
                    let pair = format!("v{n}->v{}", n + 1);
                    (
                        listed(article, &pair, "numbers_removed"),
                        listed(article, &pair, "numbers_added"),
                    )
                })
                .collect()
        })
        .collect();
    let labels: Vec<Vec<String>> = texts
        .iter()
        .map(|(_, versions)| {
            (1..versions.len())
                .map(|n| format!("v{n}->v{}", n + 1))
                .collect()
        })
        .collect();
    for (((article, versions), labels), numbers) in texts.iter().zip(&labels).zip(&numbers) {
        for (n, (label, (removed, added))) in labels.iter().zip(numbers).enumerate() {
            cases.push(eval::revisions::RevisionCase {
                article,
                pair: label,
                old: &versions[n],
                new: &versions[n + 1],
                numbers_removed: removed,
                numbers_added: added,
            });
        }
    }
    let report = eval::revisions::evaluate(&cases);
    if json {
        return ctx.line(factdesk::json::to_string(&report)?);
    }
    for pair in &report.pairs {
        ctx.line(format_args!(
            "{:<62} {:<7} {} value-modified {:>2}, modified {:>2}, added {:>2}, removed {:>2}, moved {:>2}; unchanged paragraphs: {} claims, {} false changes",
            pair.article,
            pair.pair,
            if pair.numbers_changed { "numbers changed" } else { "               " },
            pair.value_modified,
            pair.modified,
            pair.added,
            pair.removed,
            pair.moved,
            pair.in_unchanged_paragraphs,
            pair.false_changes
        ))?;
    }
    ctx.line(format_args!(
        "pairs with a changed number: {}; reported as a value change: {} ({:.1}%); as a value or date change: {} ({:.1}%)",
        report.pairs_with_changed_numbers,
        report.detected,
        100.0 * report.detection_rate,
        report.detected_with_dates,
        100.0 * report.detection_rate_with_dates
    ))?;
    ctx.line(format_args!(
        "figures listed as changed: {} reported as a value change, {} as a removal and an addition",
        report.figure_updates_modified, report.figure_updates_split
    ))?;
    ctx.line(format_args!(
        "claims in unchanged paragraphs: {}; reported as changed: {}",
        report.claims_in_unchanged_paragraphs, report.false_changes
    ))?;
    ctx.line(format_args!(
        "figures sent back to review for wording alone (value, hedge, unit and date unchanged): {}",
        report.false_resets
    ))?;
    let totals = &report.totals;
    let reasons = &totals.reasons;
    ctx.line(format_args!(
        "claim changes over all pairs: {} unchanged, {} moved, {} modified (value {}, qualifier {}, unit {}, date {}, wording {}, speaker {}), {} added, {} removed",
        totals.unchanged,
        totals.moved,
        totals.modified,
        reasons.value,
        reasons.qualifier,
        reasons.unit,
        reasons.date,
        reasons.wording,
        reasons.speaker,
        totals.added,
        totals.removed
    ))
}

fn eval_html(ctx: &mut Ctx, dir: &Path, json: bool) -> Result<()> {
    let mut pages = Vec::new();
    for case in case_dirs(dir)? {
        let html = String::from_utf8_lossy(
            &std::fs::read(case.join("source.html"))
                .with_context(|| format!("cannot read {}", case.display()))?,
        )
        .into_owned();
        pages.push((name_of(&case), html, read(&case.join("expected.txt"))?));
    }
    let cases: Vec<eval::html::HtmlCase<'_>> = pages
        .iter()
        .map(|(name, html, expected)| eval::html::HtmlCase {
            name,
            html,
            expected,
        })
        .collect();
    let report = eval::html::evaluate(&cases);
    if json {
        return ctx.line(factdesk::json::to_string(&report)?);
    }
    for page in &report.pages {
        let error = page
            .error
            .as_deref()
            .map(|e| format!("  ({e})"))
            .unwrap_or_default();
        ctx.line(format_args!(
            "{:<32} P {:.3}  R {:.3}  F1 {:.3}{error}",
            page.name, page.precision, page.recall, page.f1
        ))?;
    }
    ctx.line(format_args!(
        "{} pages: macro P {:.3}  R {:.3}  F1 {:.3}",
        report.pages.len(),
        report.macro_precision,
        report.macro_recall,
        report.macro_f1
    ))
}

fn write_predictions(path: &Path, predictions: &[PredictedText]) -> Result<()> {
    let mut out = String::new();
    for text in predictions {
        out.push_str(&factdesk::json::to_string(text)?);
        out.push('\n');
    }
    super::output::write_file(path, out.as_bytes())
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

fn write_number_predictions(gold: &str, path: &Path) -> Result<()> {
    let mut out = String::new();
    for line in eval::numbers::predict(gold)? {
        out.push_str(&factdesk::json::to_string(&line)?);
        out.push('\n');
    }
    super::output::write_file(path, out.as_bytes())
}

/// The human table: one row a source, then the groups; "-" where a figure is not meaningful.
fn numbers_table(ctx: &mut Ctx, report: &eval::numbers::NumbersReport) -> Result<()> {
    let header = format!(
        "{:<24} {:>5} {:>5} {:>5} | {:>6} {:>6} {:>6} | {:>6} {:>6} {:>6} | {:>6} {:>5} {:>6} | {:>6} {:>5} | {:>6} {:>5}",
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
        "valRec",
        "valMid",
        "(n)",
        "unit",
        "(n)"
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
            "{label:<24} {:>5} {:>5} {:>5} | {} {} {} | {} {} {} | {} {:>5} {} | {} {:>5} | {} {:>5}",
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
            figure(s.midpoint_value_accuracy),
            s.midpoint_pairs,
            figure(s.unit_accuracy),
            s.unit_pairs,
        ))?;
    }
    ctx.line(format_args!(
        "macro over sources: overlap recall {}, value accuracy {}",
        figure(Some(report.macro_overlap_recall)).trim(),
        figure(report.macro_value_accuracy).trim()
    ))?;
    ctx.line("* partial gold (not every number is annotated): read recall, not precision")?;
    ctx.line(
        "valMid: value accuracy with two-sided ranges scored at their midpoint; unit: unit accuracy on matched numbers whose gold names a unit",
    )?;
    ctx.line(format_args!(
        "sources whose gold names no unit (left out of unit accuracy): {}; matched gold units with no factdesk equivalent: {}",
        if report.sources_without_units.is_empty() {
            "none".to_owned()
        } else {
            report.sources_without_units.join(", ")
        },
        report.all.unit_unscored
    ))
}

fn figure(x: Option<f64>) -> String {
    x.map_or_else(|| format!("{:>6}", "-"), |x| format!("{x:6.3}"))
}

fn read(path: &Path) -> Result<String> {
    std::fs::read_to_string(path).with_context(|| format!("cannot read {}", path.display()))
}
