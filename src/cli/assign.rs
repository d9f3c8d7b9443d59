use anyhow::Result;
use factdesk::desk::AssignRequest;

use super::claims::parse_article;
use super::{Ctx, JsonFlag};

/// Give an article, or one of its claims, to someone: yourself (--user) unless --to says whom.
///
/// The claim's assignee comes before the article's; `queue --mine` lists what is yours.
/// A claim a revision changes stays with its assignee. Audited.
#[derive(Debug, clap::Args)]
pub(crate) struct AssignArgs {
    /// The article id.
    article: String,
    /// One claim of the article (an id prefix, as `claims` shows it) instead of the whole article.
    claim: Option<String>,
    /// Who takes it (a desk user, once the desk has any).
    #[arg(long, value_name = "NAME", conflicts_with = "release")]
    to: Option<String>,
    /// Take it back from whoever has it: no one is assigned.
    #[arg(long)]
    release: bool,
}

pub(crate) fn cmd_assign(ctx: &mut Ctx, args: &AssignArgs) -> Result<()> {
    let article = parse_article(&args.article)?;
    let user = ctx.user()?;
    let assignee = match (&args.to, args.release) {
        (_, true) => None,
        (Some(name), false) => Some(name.trim().to_owned()),
        (None, false) => Some(user.clone()),
    };
    let now = ctx.now();
    let desk = ctx.desk()?;
    let claim = match &args.claim {
        Some(given) => Some(desk.resolve(given, Some(&article))?.1),
        None => None,
    };
    let request = AssignRequest {
        article: article.clone(),
        claim,
        assignee,
    };
    let assigned = desk.assign(&request, &user, now)?;
    let what = claim.map_or_else(
        || format!("article {article}"),
        |c| format!("claim {}", c.short()),
    );
    match (&assigned.assignee, &assigned.previous) {
        (Some(name), Some(before)) => {
            ctx.line(format_args!("{what}: assigned to {name} (was {before})"))
        }
        (Some(name), None) => ctx.line(format_args!("{what}: assigned to {name}")),
        (None, Some(before)) => ctx.line(format_args!("{what}: released (was {before})")),
        (None, None) => ctx.line(format_args!("{what}: released")),
    }?;
    ctx.flush()
}

/// List who works on what: one article's assignments (the article's own first), or every one.
#[derive(Debug, clap::Args)]
pub(crate) struct AssignmentsArgs {
    /// Only this article.
    article: Option<String>,
    #[command(flatten)]
    json: JsonFlag,
}

pub(crate) fn cmd_assignments(ctx: &mut Ctx, args: &AssignmentsArgs) -> Result<()> {
    let article = args.article.as_deref().map(parse_article).transpose()?;
    let lines = factdesk::view::assignments(ctx.desk()?, article.as_ref())?;
    if lines.is_empty() && !args.json.json {
        return ctx.line("No one is assigned anything (`factdesk assign ARTICLE` takes one).");
    }
    for line in &lines {
        if args.json.json {
            ctx.line(factdesk::json::to_string(line)?)?;
        } else {
            let what = line
                .claim
                .as_deref()
                .map_or_else(|| "(article)".to_owned(), |c| c.chars().take(10).collect());
            ctx.line(format_args!(
                "{:<24} {:<12} {}  (by {}, {})",
                line.article, what, line.assignee, line.assigned_by, line.assigned_at
            ))?;
        }
    }
    ctx.flush()
}
