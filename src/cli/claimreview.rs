//! `factdesk claimreview …`: other fact-checkers' published verdicts, kept as references.

use std::io::Read;
use std::path::PathBuf;

use anyhow::{Context, Result, bail};
use factdesk::desk::DeskError;
use factdesk::model::HeldReference;

use super::ingest::MaxSize;
use super::{Ctx, JsonFlag};

/// Other fact-checkers' verdicts: schema.org ClaimReview markup they published, imported as
/// reference verdicts (never as the desk's own reviews: no claim, queue, gate or report shows
/// them).
#[derive(Debug, clap::Subcommand)]
pub(crate) enum ClaimreviewCommand {
    /// Import ClaimReview JSON-LD (audited, one event for the file).
    ///
    /// FILE holds one ClaimReview object, an array of them, or an object with @graph (@type a
    /// string or an array; @context anywhere), or a Google Fact Check Tools claims:search
    /// answer. Each item that cannot be used (not a ClaimReview, no claimReviewed, no url or a
    /// bad one, a bad datePublished, no rating, a text too long) is reported on its own line
    /// with where it is in the file, and skipped. A review held already (same url and
    /// claimReviewed) is counted, not stored twice. A file with nothing usable, or that is not
    /// JSON, changes nothing and exits 1.
    Import {
        /// The JSON file (`-` reads standard input).
        #[arg(value_parser = super::forward::path_arg)]
        file: PathBuf,
        /// The largest file taken: bytes, or a number with KiB, MiB or GiB.
        #[arg(long, value_name = "SIZE", default_value_t = DEFAULT_MAX_SIZE)]
        max_size: MaxSize,
    },
    /// List the reference verdicts held, newest first (by date published).
    List {
        /// Only those whose publisher's name contains NAME (any case).
        #[arg(long, value_name = "NAME")]
        publisher: Option<String>,
        #[command(flatten)]
        json: JsonFlag,
    },
}

/// 64 MiB: a fact-checker's whole archive of markup is a few MiB.
const DEFAULT_MAX_SIZE: MaxSize = MaxSize(64 << 20);

/// A reference verdict as `claimreview list --json` prints it.
#[derive(serde::Serialize)]
struct ReferenceLine<'a> {
    claim_reviewed: &'a str,
    claimant: Option<&'a str>,
    rating: RatingLine<'a>,
    publisher: Option<&'a str>,
    publisher_url: Option<&'a str>,
    date_published: Option<&'a str>,
    url: &'a str,
    appearance: Option<&'a str>,
    language: Option<&'a str>,
    imported_by: &'a str,
    imported_at: String,
    seq: u64,
}

#[derive(serde::Serialize)]
struct RatingLine<'a> {
    name: Option<&'a str>,
    value: Option<&'a str>,
    best: Option<&'a str>,
    worst: Option<&'a str>,
}

pub(crate) fn cmd_claimreview(ctx: &mut Ctx, command: &ClaimreviewCommand) -> Result<()> {
    match command {
        ClaimreviewCommand::Import { file, max_size } => import(ctx, file, *max_size),
        ClaimreviewCommand::List { publisher, json } => list(ctx, publisher.as_deref(), *json),
    }
}

fn import(ctx: &mut Ctx, file: &PathBuf, max_size: MaxSize) -> Result<()> {
    let name = if file.as_os_str() == "-" {
        "standard input".to_owned()
    } else {
        file.display().to_string()
    };
    let bytes = read_limited(ctx, file, &name, max_size)?;
    let (actor, now) = (ctx.user()?, ctx.now());
    let outcome = ctx.desk()?.import_claim_reviews(&bytes, &actor, now);
    let imported = match outcome {
        Ok(imported) => imported,
        Err(DeskError::NoReferences { skipped }) => {
            for item in &skipped {
                ctx.note(format_args!("skipped {item}"));
            }
            return Err(DeskError::NoReferences { skipped }).with_context(|| name.clone());
        }
        Err(err) => return Err(err).with_context(|| name.clone()),
    };
    for item in &imported.skipped {
        ctx.note(format_args!("skipped {item}"));
    }
    let event = match imported.seq {
        Some(seq) => format!("; audit event #{seq}"),
        None => "; nothing new, nothing written".to_owned(),
    };
    ctx.line(format_args!(
        "{name}: {} new, {} already held, {} skipped{event}",
        imported.new,
        imported.held,
        imported.skipped.len()
    ))?;
    ctx.flush()
}

/// The file's bytes (or standard input's), refused past `max_size` without reading further.
fn read_limited(ctx: &mut Ctx, file: &PathBuf, name: &str, max_size: MaxSize) -> Result<Vec<u8>> {
    let refuse = |size: Option<u64>| {
        let size = size.map_or_else(|| "is over".to_owned(), |s| format!("is {s} bytes, over"));
        anyhow::anyhow!(
            "{name} {size} the {max_size} limit of a ClaimReview import: pass --max-size to take more, or split it"
        )
    };
    let mut bytes = Vec::new();
    let limit = max_size.0.saturating_add(1);
    if file.as_os_str() == "-" {
        ctx.stdin()
            .take(limit)
            .read_to_end(&mut bytes)
            .context("cannot read standard input")?;
    } else {
        let handle = std::fs::File::open(file).with_context(|| format!("cannot open {name}"))?;
        let known = handle
            .metadata()
            .ok()
            .filter(std::fs::Metadata::is_file)
            .map(|meta| meta.len());
        if let Some(size) = known.filter(|&size| size > max_size.0) {
            return Err(refuse(Some(size)));
        }
        handle
            .take(limit)
            .read_to_end(&mut bytes)
            .with_context(|| format!("cannot read {name}"))?;
    }
    if bytes.len() as u64 > max_size.0 {
        return Err(refuse(None));
    }
    if bytes.iter().all(u8::is_ascii_whitespace) {
        bail!("{name} is empty: give a file of ClaimReview JSON-LD");
    }
    Ok(bytes)
}

fn list(ctx: &mut Ctx, publisher: Option<&str>, json: JsonFlag) -> Result<()> {
    let wanted = publisher.map(str::to_lowercase);
    let held: Vec<HeldReference> = ctx
        .desk()?
        .reference_verdicts()?
        .into_iter()
        .filter(|r| {
            wanted.as_deref().is_none_or(|w| {
                r.verdict
                    .publisher
                    .as_deref()
                    .is_some_and(|p| p.to_lowercase().contains(w))
            })
        })
        .collect();
    for reference in &held {
        let v = &reference.verdict;
        if json.json {
            let line = ReferenceLine {
                claim_reviewed: &v.claim_reviewed,
                claimant: v.claimant.as_deref(),
                rating: RatingLine {
                    name: v.rating.alternate_name.as_deref(),
                    value: v.rating.value.as_deref(),
                    best: v.rating.best.as_deref(),
                    worst: v.rating.worst.as_deref(),
                },
                publisher: v.publisher.as_deref(),
                publisher_url: v.publisher_url.as_deref(),
                date_published: v.published.as_ref().map(|p| p.as_str()),
                url: &v.url,
                appearance: v.appearance.as_deref(),
                language: v.language.as_deref(),
                imported_by: &reference.imported_by,
                imported_at: reference.imported_at.to_string(),
                seq: reference.seq,
            };
            ctx.line(factdesk::json::to_string(&line)?)?;
        } else {
            let rating = match (&v.rating.alternate_name, &v.rating.value, &v.rating.best) {
                (Some(name), _, _) => name.clone(),
                (None, Some(value), Some(best)) => format!("{value}/{best}"),
                (None, Some(value), None) => value.clone(),
                (None, None, _) => String::new(),
            };
            let claimant = v
                .claimant
                .as_deref()
                .map_or_else(String::new, |c| format!(" ({c})"));
            ctx.line(format_args!(
                "{:<10}  {:<14}  {}: \"{}\"{claimant}  {}",
                v.published.as_ref().map_or("no date", |p| p.date()),
                rating,
                v.publisher.as_deref().unwrap_or("unknown publisher"),
                v.claim_reviewed,
                v.url
            ))?;
        }
    }
    if held.is_empty() && !json.json {
        ctx.line(match publisher {
            Some(_) => "No reference verdicts from that publisher.",
            None => "No reference verdicts: import some with `factdesk claimreview import FILE`.",
        })?;
    }
    ctx.flush()
}
