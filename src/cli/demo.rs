use std::path::Path;

use anyhow::{Context, Result};
use factdesk::desk::ReviewedClaim;
use factdesk::model::{ArticleId, ClaimKind};

use super::{Cli, Ctx, dispatch};
use clap::Parser;

const V1: &str = include_str!("../../fixtures/articles/syria-truce/v1.txt");
const V2: &str = include_str!("../../fixtures/articles/syria-truce/v2.txt");
const ARTICLE: &str = "syria-truce";

/// Run the whole job on the bundled sample article, printing each command as an editor types it.
///
/// Creates a fresh store (in a temporary directory, or in --store DIR, which must not hold a store
/// yet), ingests the first draft, lists its claims, sources, verifies and disputes some, ingests
/// the revised draft, shows what changed, writes the report and verifies the audit log.
#[derive(Debug, clap::Args)]
pub(crate) struct DemoArgs {}

pub(crate) fn cmd_demo(ctx: &mut Ctx, _args: &DemoArgs) -> Result<()> {
    let work = tempfile::tempdir().context("cannot create a temporary directory for the demo")?;
    ctx.default_user("demo");
    let temporary_store = !ctx.store_explicit;
    if temporary_store {
        ctx.store_path = work.path().join("store");
    }
    let v1 = work.path().join("syria-truce-v1.txt");
    let v2 = work.path().join("syria-truce-v2.txt");
    super::output::write_file(&v1, V1.as_bytes())?;
    super::output::write_file(&v2, V2.as_bytes())?;
    let store = ctx.store_path.display().to_string();
    ctx.line(format_args!(
        "factdesk demo: store {store}{}",
        if temporary_store { " (temporary)" } else { "" }
    ))?;

    step(ctx, &["init"])?;
    step(
        ctx,
        &[
            "ingest",
            &path(&v1),
            "--article",
            ARTICLE,
            "--url",
            "https://example.org/world/syria-truce",
        ],
    )?;
    step(ctx, &["claims", ARTICLE])?;

    let claims = ctx.desk()?.claims(&article_id()?, None)?;
    let toll = find(&claims, ClaimKind::Number, "8,000")?;
    let pause = find(&claims, ClaimKind::Number, "two")?;
    let assessment = find(&claims, ClaimKind::Quote, "Our assessment")?;
    let rebels = find_phrase(&claims, "rebels")?;

    step(
        ctx,
        &[
            "mark",
            &toll,
            "sourced",
            "--source",
            "https://news.un.org/en/story/2012/03/syria-death-toll",
        ],
    )?;
    step(
        ctx,
        &[
            "mark",
            &toll,
            "verified",
            "--note",
            "UN figure matches the cited briefing",
        ],
    )?;
    step(
        ctx,
        &[
            "mark",
            &pause,
            "sourced",
            "--source",
            "ICRC press release, 2012-03-19",
        ],
    )?;
    step(ctx, &["mark", &pause, "verified"])?;
    step(
        ctx,
        &[
            "mark",
            &assessment,
            "sourced",
            "--source",
            "ICRC video of the Moscow press conference",
        ],
    )?;
    step(ctx, &["mark", &assessment, "verified"])?;
    ctx.line("\n# verified is reached only through sourced: the workflow refuses a shortcut")?;
    step_expect_refusal(ctx, &["mark", &rebels, "verified"])?;
    step(
        ctx,
        &[
            "mark",
            &rebels,
            "disputed",
            "--note",
            "AFP counts three rebels; Reuters two. Ask the desk.",
        ],
    )?;

    ctx.line(
        "\n# editors correct the machine: a figure it missed, a fuller speaker, a false positive",
    )?;
    let statement = find(&claims, ClaimKind::Quote, "underscored")?;
    step(
        ctx,
        &[
            "claim",
            "add",
            ARTICLE,
            "--number",
            "--text",
            "a year ago",
            "--value",
            "1",
            "--unit",
            "year",
            "--occurrence",
            "2",
        ],
    )?;
    step(
        ctx,
        &[
            "claim",
            "speaker",
            &assessment,
            "ICRC President Jakob Kellenberger",
            "--note",
            "full title, as the wire gives it",
        ],
    )?;
    step(
        ctx,
        &[
            "claim",
            "dismiss",
            &statement,
            "--reason",
            "out-of-scope",
            "--note",
            "Moscow's position as reported, not a claim we check",
        ],
    )?;
    step(ctx, &["claims", ARTICLE, "--all"])?;
    ctx.line("\n# our own copy waits: unchecked claims, and the disputed count until corrected or overridden")?;
    step(ctx, &["gate", ARTICLE])?;

    ctx.line("\n# the writer files a new draft: the toll is updated, a quote reworded, one added")?;
    step(ctx, &["ingest", &path(&v2), "--article", ARTICLE])?;
    step(ctx, &["diff", ARTICLE])?;
    step(ctx, &["claims", ARTICLE, "--state", "verified"])?;
    step(ctx, &["report", ARTICLE])?;
    step(ctx, &["audit", "verify"])?;
    ctx.flush()
}

fn step(ctx: &mut Ctx, args: &[&str]) -> Result<()> {
    ctx.line(format_args!("\n$ factdesk {}", shell_words(args)))?;
    let cli = Cli::try_parse_from(std::iter::once("factdesk").chain(args.iter().copied()))
        .context("the demo built a bad command line")?;
    dispatch(ctx, cli.command)?;
    ctx.flush()
}

fn step_expect_refusal(ctx: &mut Ctx, args: &[&str]) -> Result<()> {
    match step(ctx, args) {
        Ok(()) => anyhow::bail!(
            "the workflow accepted `factdesk {}`, which it must refuse",
            args.join(" ")
        ),
        Err(err) => ctx.line(format_args!("error: {err:#}")),
    }
}

fn article_id() -> Result<ArticleId> {
    ArticleId::new(ARTICLE).context("the demo's article id is a valid slug")
}

fn find(claims: &[ReviewedClaim], kind: ClaimKind, text: &str) -> Result<String> {
    claims
        .iter()
        .find(|c| c.claim.kind == kind && c.claim.text.starts_with(text))
        .map(|c| c.claim.id.short())
        .with_context(|| {
            format!("the sample article has no {kind} claim `{text}`: the extractor regressed")
        })
}

fn find_phrase(claims: &[ReviewedClaim], unit: &str) -> Result<String> {
    claims
        .iter()
        .find(|c| c.claim.quantity().is_some_and(|q| q.phrase.contains(unit)))
        .map(|c| c.claim.id.short())
        .with_context(|| {
            format!("the sample article has no number of {unit}: the extractor regressed")
        })
}

fn path(path: &Path) -> String {
    path.display().to_string()
}

fn shell_words(args: &[&str]) -> String {
    args.iter()
        .map(|a| {
            if a.contains([' ', ';', '\'', '"']) {
                format!("\"{}\"", a.replace('"', "\\\""))
            } else {
                (*a).to_owned()
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}
