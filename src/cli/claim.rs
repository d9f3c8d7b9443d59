//! `factdesk claim …`: editors correct the machine, one claim at a time.

use std::path::PathBuf;

use anyhow::{Result, bail};
use factdesk::desk::AddClaim;
use factdesk::model::{ClaimKind, DismissReason};

use super::Ctx;
use super::claims::parse_article;

/// Correct the machine: add a claim it missed, fix a quote's speaker, dismiss what is not a
/// claim (and take that back), or let a blocking verdict through the gate. Every step is
/// recorded in the audit log and follows the claim into later revisions.
#[derive(Debug, clap::Subcommand)]
pub(crate) enum ClaimCommand {
    Add(AddArgs),
    Speaker(SpeakerArgs),
    Dismiss(DismissArgs),
    Restore(RestoreArgs),
    Override(OverrideArgs),
}

/// Add a claim the extractor missed, located by its words in the article's latest revision.
///
/// Its id follows the rule of extracted claims, so later revisions match it like any other; it
/// is shown as "added by" you everywhere.
#[derive(Debug, clap::Args)]
#[command(group(clap::ArgGroup::new("kind").required(true).args(["quote", "number"])))]
pub(crate) struct AddArgs {
    /// The article id.
    article: String,
    /// The words are a quote (give them without their quotation marks).
    #[arg(long)]
    quote: bool,
    /// The words are a number with its hedge and unit ("more than 8,000 people").
    #[arg(long)]
    number: bool,
    /// The words exactly as the text has them.
    #[arg(long, value_name = "WORDS")]
    text: String,
    /// Which appearance of the words, from 1, when they appear more than once.
    #[arg(long, value_name = "N")]
    occurrence: Option<usize>,
    /// Who said the quote.
    #[arg(long, value_name = "NAME")]
    speaker: Option<String>,
    /// The number's value (default: the digits of --text), e.g. 8000 or 2.5.
    #[arg(long, value_name = "V")]
    value: Option<String>,
    /// What the number counts or measures ("people", "hour").
    #[arg(long, value_name = "U")]
    unit: Option<String>,
    /// Its hedge as written ("more than", "about").
    #[arg(long, value_name = "Q")]
    qualifier: Option<String>,
}

/// Correct a quote's speaker. The fix holds in later revisions while the quote's words and the
/// attribution as written stay the same.
#[derive(Debug, clap::Args)]
pub(crate) struct SpeakerArgs {
    /// The claim id, or a unique prefix of 6+ hex digits.
    claim: String,
    /// The speaker's name as it should be shown.
    name: String,
    /// Why.
    #[arg(long, value_name = "N")]
    note: Option<String>,
    /// The article, when the claim appears in several.
    #[arg(long, value_name = "ID")]
    article: Option<String>,
}

/// Dismiss a claim that is not one to check: it leaves `claims` (unless --all), `queue`, `gate`,
/// the reports' counts and the ClaimReview feed, and stays dismissed while its words are
/// unchanged. History and the JSON report keep it.
#[derive(Debug, clap::Args)]
pub(crate) struct DismissArgs {
    /// The claim id, or a unique prefix of 6+ hex digits.
    claim: String,
    /// Why: not-a-claim, title-or-name, scare-quote, duplicate or out-of-scope.
    #[arg(long, value_name = "REASON")]
    reason: String,
    /// More words on why.
    #[arg(long, value_name = "N")]
    note: Option<String>,
    /// The article, when the claim appears in several.
    #[arg(long, value_name = "ID")]
    article: Option<String>,
}

/// Take back a dismissal: the claim is listed, queued and gated again, in the state it had.
#[derive(Debug, clap::Args)]
pub(crate) struct RestoreArgs {
    /// The claim id, or a unique prefix of 6+ hex digits.
    claim: String,
    /// Why.
    #[arg(long, value_name = "N")]
    note: Option<String>,
    /// The article, when the claim appears in several.
    #[arg(long, value_name = "ID")]
    article: Option<String>,
}

/// Let a claim whose verdict blocks publication (disputed, in the default workflow) through the
/// gate, saying why. The override ends with the claim's next decision or change.
#[derive(Debug, clap::Args)]
pub(crate) struct OverrideArgs {
    /// The claim id, or a unique prefix of 6+ hex digits.
    claim: String,
    /// Why the article may go out with it (required).
    #[arg(long, value_name = "N")]
    note: String,
    /// The article, when the claim appears in several.
    #[arg(long, value_name = "ID")]
    article: Option<String>,
}

/// Write every article editors corrected (claims added, speakers fixed, claims dismissed) as a
/// test set in the schema of the evaluation data: one JSON line per article, its latest text
/// with the claims as editors left them. `factdesk eval quotes FILE` and `eval numbers FILE`
/// score extraction against it.
#[derive(Debug, clap::Args)]
pub(crate) struct ExportCorrectionsArgs {
    /// Where to write it (replaced if it exists).
    #[arg(value_parser = super::forward::path_arg)]
    file: PathBuf,
}

pub(crate) fn cmd_claim(ctx: &mut Ctx, command: &ClaimCommand) -> Result<()> {
    match command {
        ClaimCommand::Add(args) => add(ctx, args),
        ClaimCommand::Speaker(args) => speaker(ctx, args),
        ClaimCommand::Dismiss(args) => dismiss(ctx, args),
        ClaimCommand::Restore(args) => restore(ctx, args),
        ClaimCommand::Override(args) => override_gate(ctx, args),
    }
}

fn add(ctx: &mut Ctx, args: &AddArgs) -> Result<()> {
    let article = parse_article(&args.article)?;
    let request = AddClaim {
        article,
        kind: if args.quote {
            ClaimKind::Quote
        } else {
            ClaimKind::Number
        },
        text: args.text.clone(),
        occurrence: args.occurrence,
        speaker: args.speaker.clone(),
        value: args.value.clone(),
        unit: args.unit.clone(),
        qualifier: args.qualifier.clone(),
    };
    let (user, now) = (ctx.user()?, ctx.now());
    let claim = ctx.desk()?.add_claim(&request, &user, now)?;
    ctx.line(format_args!(
        "{} {}: added {} \"{}\" (sentence {})",
        request.article,
        claim.id.short(),
        claim.kind,
        claim.text,
        claim.sentence + 1
    ))
}

fn speaker(ctx: &mut Ctx, args: &SpeakerArgs) -> Result<()> {
    let note = non_blank(args.note.as_deref(), "--note")?;
    let article = args.article.as_deref().map(parse_article).transpose()?;
    let (user, now) = (ctx.user()?, ctx.now());
    let desk = ctx.desk()?;
    let (article, claim) = desk.resolve(&args.claim, article.as_ref())?;
    let fix = desk.correct_speaker(&article, &claim, &args.name, note, &user, now)?;
    ctx.line(format_args!(
        "{article} {}: speaker {} → {}",
        claim.short(),
        fix.was.as_deref().unwrap_or("(none)"),
        fix.speaker
    ))
}

fn dismiss(ctx: &mut Ctx, args: &DismissArgs) -> Result<()> {
    let Some(reason) = DismissReason::parse(&args.reason) else {
        let known: Vec<&str> = DismissReason::ALL.iter().map(|r| r.as_str()).collect();
        bail!(
            "--reason `{}` is not a reason: use one of {}",
            args.reason,
            known.join(", ")
        );
    };
    let note = non_blank(args.note.as_deref(), "--note")?;
    let article = args.article.as_deref().map(parse_article).transpose()?;
    let (user, now) = (ctx.user()?, ctx.now());
    let desk = ctx.desk()?;
    let (article, claim) = desk.resolve(&args.claim, article.as_ref())?;
    desk.dismiss(&article, &claim, reason, note, &user, now)?;
    ctx.line(format_args!(
        "{article} {}: dismissed ({reason})",
        claim.short()
    ))
}

fn restore(ctx: &mut Ctx, args: &RestoreArgs) -> Result<()> {
    let note = non_blank(args.note.as_deref(), "--note")?;
    let article = args.article.as_deref().map(parse_article).transpose()?;
    let (user, now) = (ctx.user()?, ctx.now());
    let desk = ctx.desk()?;
    let (article, claim) = desk.resolve(&args.claim, article.as_ref())?;
    let was = desk.restore(&article, &claim, note, &user, now)?;
    ctx.line(format_args!(
        "{article} {}: restored (was dismissed as {})",
        claim.short(),
        was.reason
    ))
}

fn override_gate(ctx: &mut Ctx, args: &OverrideArgs) -> Result<()> {
    let article = args.article.as_deref().map(parse_article).transpose()?;
    let (user, now) = (ctx.user()?, ctx.now());
    let desk = ctx.desk()?;
    let (article, claim) = desk.resolve(&args.claim, article.as_ref())?;
    let granted = desk.override_gate(&article, &claim, &args.note, &user, now)?;
    ctx.line(format_args!(
        "{article} {}: {} let through the gate",
        claim.short(),
        granted.state
    ))
}

pub(crate) fn cmd_export_corrections(ctx: &mut Ctx, args: &ExportCorrectionsArgs) -> Result<()> {
    let texts = factdesk::view::corrections(ctx.desk()?)?;
    let mut out = String::new();
    for text in &texts {
        out.push_str(&factdesk::json::to_string(text)?);
        out.push('\n');
    }
    super::output::write_file(&args.file, out.as_bytes())?;
    let claims: usize = texts
        .iter()
        .map(|t| t.quotes.len() + t.numbers.len() + t.dismissed.len())
        .sum();
    ctx.line(format_args!(
        "wrote {} ({}) to {}",
        super::count(texts.len() as u64, "corrected article"),
        super::count(claims as u64, "claim"),
        args.file.display()
    ))
}

fn non_blank<'v>(value: Option<&'v str>, flag: &str) -> Result<Option<&'v str>> {
    match value.map(str::trim) {
        Some("") => bail!("{flag} is empty: give the text, or leave the flag out"),
        other => Ok(other),
    }
}
