use anyhow::{Context, Result, bail};
use factdesk::desk::MarkRequest;
use factdesk::store::MAX_EVIDENCE_BYTES;

use super::Ctx;
use super::claims::parse_article;

/// Move a claim to another review state, with a source or a note.
///
/// The workflow decides which moves are allowed and what each needs: in the default workflow,
/// `sourced` needs --source, `verified` is reached only from `sourced`, and `disputed` and
/// `unverified` (reopening) need --note. Every move is recorded in the audit log.
#[derive(Debug, clap::Args)]
pub(crate) struct MarkArgs {
    /// The claim id, or a unique prefix of 6+ hex digits.
    claim: String,
    /// The state to move it to (see `factdesk workflow show`).
    state: String,
    /// A URL or citation the claim was checked against.
    #[arg(long, value_name = "S")]
    source: Option<String>,
    /// Give again, for the claim as it stands, the N-th source it carries from before its last
    /// change (`factdesk show` numbers them "earlier source N"): recorded as this move's source,
    /// as --source would be.
    #[arg(long, value_name = "N", conflicts_with = "source",
          value_parser = clap::value_parser!(u32).range(1..))]
    reuse_source: Option<u32>,
    /// A note on the decision.
    #[arg(long, value_name = "N")]
    note: Option<String>,
    /// A file to keep as evidence (the page as checked, a PDF): stored under its BLAKE3 and bound
    /// to this decision, so it survives the web page changing.
    #[arg(long, value_name = "FILE")]
    #[arg(value_parser = super::forward::path_arg)]
    evidence: Option<std::path::PathBuf>,
    /// Apply only if the claim is still in this state, so a decision taken on a stale view is
    /// refused instead of overriding a colleague's.
    #[arg(long = "from", value_name = "STATE")]
    expected_state: Option<String>,
    /// The article, when the claim appears in several.
    #[arg(long, value_name = "ID")]
    article: Option<String>,
}

pub(crate) fn cmd_mark(ctx: &mut Ctx, args: &MarkArgs) -> Result<()> {
    let source = non_blank(args.source.as_deref(), "--source")?;
    let note = non_blank(args.note.as_deref(), "--note")?;
    let article = args.article.as_deref().map(parse_article).transpose()?;
    let evidence = args.evidence.as_deref().map(read_evidence).transpose()?;
    let (user, now) = (ctx.user()?, ctx.now());
    let desk = ctx.desk()?;
    let (article, claim) = desk.resolve(&args.claim, article.as_ref())?;
    let request = MarkRequest {
        article: article.clone(),
        claim,
        to: args.state.clone(),
        source,
        note,
        evidence,
        expected_state: args.expected_state.clone(),
        reuse_source: args.reuse_source.map(|n| n as usize),
    };
    match desk.mark(&request, &user, now)? {
        Ok(marked) => ctx.line(format_args!(
            "{} {}: {} → {} ({}, event #{})",
            article,
            claim.short(),
            marked.from,
            marked.to,
            marked.transition,
            marked.seq
        )),
        Err(rejected) => bail!("claim {}: {rejected}", claim.short()),
    }
}

/// Reads an evidence file whole, refusing what is not a regular file before opening it: opening a
/// named pipe waits for a writer that may never come, and a device may never end.
fn read_evidence(path: &std::path::Path) -> Result<(String, Vec<u8>)> {
    use std::io::Read;
    let not_a_file = || {
        anyhow::anyhow!(
            "evidence file {} is not a regular file (a folder, pipe or device): save what you checked to a file and give that",
            path.display()
        )
    };
    let meta = std::fs::metadata(path)
        .with_context(|| format!("cannot open evidence file {}", path.display()))?;
    if !meta.is_file() {
        return Err(not_a_file());
    }
    let file = std::fs::File::open(path)
        .with_context(|| format!("cannot open evidence file {}", path.display()))?;
    // The path may have been swapped between the two looks; the handle is what is read.
    if !file.metadata().is_ok_and(|meta| meta.is_file()) {
        return Err(not_a_file());
    }
    let mut bytes = Vec::new();
    file.take(MAX_EVIDENCE_BYTES + 1)
        .read_to_end(&mut bytes)
        .with_context(|| format!("cannot read evidence file {}", path.display()))?;
    if bytes.len() as u64 > MAX_EVIDENCE_BYTES {
        bail!(
            "evidence file {} is larger than {} MiB: keep an excerpt or a link instead",
            path.display(),
            MAX_EVIDENCE_BYTES >> 20
        );
    }
    if bytes.is_empty() {
        bail!(
            "evidence file {} is empty: give the file you checked against",
            path.display()
        );
    }
    let name = path.file_name().map_or_else(
        || path.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    );
    Ok((name, bytes))
}

fn non_blank(value: Option<&str>, flag: &str) -> Result<Option<String>> {
    match value {
        Some(text) if text.trim().is_empty() => {
            bail!("{flag} is empty: give the text, or leave the flag out")
        }
        Some(text) => Ok(Some(text.trim().to_owned())),
        None => Ok(None),
    }
}
