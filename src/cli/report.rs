use std::io::Write;
use std::path::PathBuf;

use anyhow::{Context, Result, bail};
use factdesk::desk::Desk;
use factdesk::model::ArticleId;
use factdesk::report::{self, ArticleReport, AuditView, ClaimReviewOptions, ReportRequest};

use super::Ctx;
use super::claims::parse_article;
use super::output::{self, write_file};

/// Write the audit report of an article: every claim, its state, sources, notes, the changes since
/// the previous revision, and the audit head the report reflects.
///
/// Formats: md (people, in a terminal or a pull request), html (one self-contained page with the
/// article highlighted; prints well), json (systems; schema factdesk.report/1), csv (one row a
/// claim), claimreview (schema.org ClaimReview JSON-LD of the claims with a verdict).
/// `--all --format html -o DIR` writes an index page and every article's report into DIR.
/// Reports only read the store.
#[derive(Debug, clap::Args)]
pub(crate) struct ReportArgs {
    /// The article id (not with --all).
    #[arg(required_unless_present = "all", conflicts_with = "all")]
    article: Option<String>,
    /// Every article: DIR/index.html and DIR/articles/ID.html (HTML only; needs -o DIR).
    #[arg(long)]
    all: bool,
    /// Output format (default: md; html with --all).
    #[arg(long, value_enum)]
    format: Option<ReportFormat>,
    /// Report this revision as it stood (reviews as they were before the next revision came).
    #[arg(long, value_name = "N", conflicts_with = "all")]
    rev: Option<u32>,
    /// Check the whole store's audit trail (as `audit verify`) rather than this article's part
    /// of it; slower on a large store. `--all` always checks the whole store.
    #[arg(long)]
    verify_store: bool,
    /// Write to FILE (a directory with --all) instead of the terminal; `-` is standard output.
    #[arg(short = 'o', long = "output", value_name = "FILE")]
    #[arg(value_parser = super::forward::path_arg)]
    output: Option<PathBuf>,
    /// ClaimReview: URL of each published review, {article} and {claim} (the short id) replaced
    /// (default: the store's review.url-template, else the article's URL with #claim-ID).
    #[arg(long, value_name = "TEMPLATE")]
    review_url: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum ReportFormat {
    /// Markdown.
    Md,
    /// A self-contained HTML page.
    Html,
    /// JSON (schema factdesk.report/1).
    Json,
    /// CSV, one row a claim (RFC 4180).
    Csv,
    /// schema.org ClaimReview JSON-LD.
    Claimreview,
}

pub(crate) fn cmd_report(ctx: &mut Ctx, args: &ReportArgs) -> Result<()> {
    if args.all {
        return report_all(ctx, args);
    }
    let Some(article) = &args.article else {
        bail!("give an article id, or --all for every article");
    };
    let article = parse_article(article)?;
    let format = args.format.unwrap_or(ReportFormat::Md);
    let to_file = args
        .output
        .as_deref()
        .filter(|path| !output::is_stdout(path));
    let now = ctx.now();
    let desk = ctx.desk()?;
    // One article's report checks that article's part of the audit trail, so it costs the same
    // in any size of store; --verify-store runs the whole `audit verify` first.
    let audit = if args.verify_store {
        report::check_audit(desk)?
    } else {
        report::check_article_audit(desk, &article)?
    };
    let report = report::build(
        desk,
        &ReportRequest {
            article: &article,
            revision: args.rev,
            now,
        },
        &audit,
    )?;
    let counted = report.claims.iter().filter(|c| c.claim.counts()).count();
    let mut summary = super::count(counted as u64, "claim");
    if counted < report.claims.len() {
        summary.push_str(&format!(", {} dismissed", report.claims.len() - counted));
    }
    // Warnings wait until the store is no longer borrowed, then go to stderr.
    let mut notes = Vec::new();
    let text = match format {
        ReportFormat::Md => report::render_markdown(&report),
        ReportFormat::Html => report::render_html(&report, None),
        ReportFormat::Json => report::render_json(&report) + "\n",
        ReportFormat::Csv => report::render_csv(&report),
        ReportFormat::Claimreview => {
            let options = claimreview_options(desk, args)?;
            let export = report::render_claimreview(&report, &options)?;
            for warning in &export.warnings {
                notes.push(format!("warning: {warning}"));
            }
            summary = claimreview_summary(&export);
            if to_file.is_none() {
                // stdout holds the JSON only, so it can be piped; the count goes to stderr.
                notes.push(format!("{summary}, audit head #{}", report.audit_head.seq));
            }
            export.json + "\n"
        }
    };
    if !audit.verified {
        notes.push(format!(
            "warning: audit verification failed ({}): the report says so",
            audit.failure.as_deref().unwrap_or("unknown")
        ));
    }
    for note in notes {
        ctx.note(note);
    }
    match to_file {
        Some(path) => {
            write_file(path, text.as_bytes())?;
            ctx.line(format_args!(
                "wrote {} ({summary}, audit head #{})",
                path.display(),
                report.audit_head.seq
            ))
        }
        None => {
            ctx.out.write_all(text.as_bytes())?;
            ctx.flush()
        }
    }
}

fn claimreview_options(desk: &Desk, args: &ReportArgs) -> Result<ClaimReviewOptions> {
    Ok(ClaimReviewOptions {
        url_template: match &args.review_url {
            Some(template) => {
                factdesk::desk::check_setting("review.url-template", template)?;
                Some(template.clone())
            }
            None => desk.config("review.url-template")?,
        },
        org_name: desk.config("org.name")?,
        org_url: desk.config("org.url")?,
    })
}

fn claimreview_summary(export: &report::ClaimReviewExport) -> String {
    let mut text = format!(
        "{} ClaimReview{}",
        export.items,
        if export.items == 1 { "" } else { "s" }
    );
    if export.unreviewed > 0 {
        text.push_str(&format!(
            "; {} claim{} not yet reviewed left out",
            export.unreviewed,
            if export.unreviewed == 1 { "" } else { "s" }
        ));
    }
    if export.unrated > 0 {
        text.push_str(&format!(
            "; {} left out because their state has no rating in the workflow",
            export.unrated
        ));
    }
    text
}

/// `--all`: the index page and one HTML report per article, in one directory.
fn report_all(ctx: &mut Ctx, args: &ReportArgs) -> Result<()> {
    if args.format.is_some_and(|f| f != ReportFormat::Html) {
        bail!("report --all writes HTML: use --format html (or leave --format out)");
    }
    let Some(dir) = &args.output else {
        bail!("report --all writes several files: give the directory with -o DIR");
    };
    let now = ctx.now();
    let desk = ctx.desk()?;
    // Verified once: the check reads the whole store, and every page states its result.
    let audit: AuditView = report::check_audit(desk)?;
    let index = report::build_index(desk, now, &audit)?;
    let articles_dir = dir.join("articles");
    std::fs::create_dir_all(&articles_dir)
        .with_context(|| format!("cannot create {}", articles_dir.display()))?;
    // Each page reads its own article: they are made on every core. Every page and the index
    // are written beside their place first and put there only once all are written, so a disk
    // that fills half-way leaves the last complete set, never pages without their index.
    let pages = factdesk::parallel::map(&index.articles, |summary| -> Result<output::Staged> {
        let id = ArticleId::new(&summary.article)
            .with_context(|| format!("article id `{}` is not a slug", summary.article))?;
        let report: ArticleReport = report::build(
            desk,
            &ReportRequest {
                article: &id,
                revision: None,
                now,
            },
            &audit,
        )?;
        let html = report::render_html(&report, Some("../index.html"));
        output::stage_file(&dir.join(&summary.href), html.as_bytes())
    });
    let pages = pages.into_iter().collect::<Result<Vec<_>>>()?;
    let written = pages.len();
    let index_path = dir.join("index.html");
    let index_page = output::stage_file(&index_path, report::render_index(&index).as_bytes())?;
    for page in pages {
        page.commit()?;
    }
    index_page.commit()?;
    if !audit.verified {
        ctx.note(format_args!(
            "warning: audit verification failed ({}): the reports say so",
            audit.failure.as_deref().unwrap_or("unknown")
        ));
    }
    ctx.line(format_args!(
        "wrote {} and {written} article report{} (audit head #{})",
        index_path.display(),
        if written == 1 { "" } else { "s" },
        index.audit_head.seq
    ))
}
