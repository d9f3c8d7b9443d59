//! The store-wide index page of `report --all`: every article, its states and what is waiting,
//! each linking to its own report file.

use maud::{Markup, html};
use serde::Serialize;

use crate::desk::{Desk, DeskError};
use crate::model::{ArticleId, Timestamp};

use super::html::{
    audit_badge, footer, into_document, link, meta_row, page, state_bar, state_class,
};
use super::{AuditView, HeadView, StateView};

/// One article on the index page.
#[derive(Debug, Clone, Serialize)]
pub struct ArticleSummary {
    /// Its id.
    pub article: String,
    /// Headline.
    pub title: Option<String>,
    /// Published URL.
    pub url: Option<String>,
    /// Its newest revision.
    pub revisions: u32,
    /// When the newest revision was ingested.
    pub updated_at: String,
    /// Claims of the newest revision per state, in workflow order (then any others).
    pub states: Vec<(String, usize)>,
    /// Claims of the newest revision not in an accepted end state.
    pub waiting: usize,
    /// All claims of the newest revision.
    pub claims: usize,
    /// Where its report is, relative to the index page.
    pub href: String,
}

/// The whole store at a glance.
#[derive(Debug, Clone, Serialize)]
pub struct StoreIndex {
    /// The articles, by id.
    pub articles: Vec<ArticleSummary>,
    /// The workflow's states, with counts over all articles.
    pub workflow_states: Vec<StateView>,
    /// Name of the workflow.
    pub workflow: String,
    /// The audit head the page reflects.
    pub audit_head: HeadView,
    /// Whether `audit verify` passed.
    pub audit: AuditView,
    /// When the page was made.
    pub generated_at: String,
}

/// Where `report --all` puts an article's report, relative to the index page.
///
/// A directory of their own keeps article ids (any slug, `index` included) from colliding with
/// the index page.
pub fn report_path(article: &ArticleId) -> String {
    format!("articles/{article}.html")
}

/// Collects the index of every article's newest revision.
pub fn build_index(
    desk: &Desk,
    now: Timestamp,
    audit: &AuditView,
) -> Result<StoreIndex, DeskError> {
    let workflow = desk.workflow();
    let mut totals: Vec<usize> = vec![0; workflow.states().len()];
    let mut articles = Vec::new();
    for article in desk.store().articles()? {
        let revision = desk.revision(&article.id, None)?;
        let claims = desk.claims(&article.id, None)?;
        let mut states: Vec<(String, usize)> = workflow
            .states()
            .iter()
            .map(|s| (s.name.clone(), 0))
            .collect();
        let mut waiting = 0;
        for claim in &claims {
            let name = &claim.review.state;
            match workflow.states().iter().position(|s| &s.name == name) {
                Some(i) => {
                    states[i].1 += 1;
                    totals[i] += 1;
                }
                None => match states.iter_mut().find(|(s, _)| s == name) {
                    Some(entry) => entry.1 += 1,
                    None => states.push((name.clone(), 1)),
                },
            }
            if !workflow.state(name).is_some_and(|s| s.accepted) {
                waiting += 1;
            }
        }
        articles.push(ArticleSummary {
            href: report_path(&article.id),
            article: article.id.to_string(),
            title: article.title.clone(),
            url: article.url.clone(),
            revisions: article.latest,
            updated_at: revision.ingested_at.to_string(),
            states,
            waiting,
            claims: claims.len(),
        });
    }
    let head = desk.store().head()?;
    Ok(StoreIndex {
        articles,
        workflow_states: workflow
            .states()
            .iter()
            .zip(totals)
            .map(|(s, count)| StateView {
                name: s.name.clone(),
                description: s.description.clone(),
                color: s.color.clone(),
                accepted: s.accepted,
                rating: s.rating.clone(),
                count,
            })
            .collect(),
        workflow: workflow.name().to_owned(),
        audit_head: HeadView {
            seq: head.seq,
            hash: head.hash.to_hex(),
        },
        audit: audit.clone(),
        generated_at: now.to_string(),
    })
}

/// Renders the index page: a table of articles with their state bars, most waiting first.
pub fn render_index(index: &StoreIndex) -> String {
    let claims: usize = index.articles.iter().map(|a| a.claims).sum();
    let waiting: usize = index.articles.iter().map(|a| a.waiting).sum();
    let plural = |n: usize| if n == 1 { "" } else { "s" };
    let store = html! {
        (index.articles.len()) " article" (plural(index.articles.len())) " · "
        (claims) " claim" (plural(claims)) " · " strong { (waiting) } " waiting"
    };
    let audit = html! {
        (audit_badge(&index.audit))
        " head " strong { "#" (index.audit_head.seq) } " "
        code class="hash" { (index.audit_head.hash) }
    };
    let counts: Vec<(String, String, usize)> = index
        .workflow_states
        .iter()
        .map(|s| (s.name.clone(), state_class(&s.name), s.count))
        .collect();
    let mut articles: Vec<&ArticleSummary> = index.articles.iter().collect();
    // What needs a checker first; then by id, so the page is stable.
    articles.sort_by(|a, b| b.waiting.cmp(&a.waiting).then(a.article.cmp(&b.article)));
    let body = html! {
        header class="top" {
            "\n"
            p class="eyebrow" { "Fact-check audit reports" } "\n"
            h1 { "All articles" } "\n"
            dl class="meta" {
                "\n"
                (meta_row("Store", &store))
                (meta_row("Workflow", &html! { (index.workflow) }))
                (meta_row("Audit log", &audit))
                (meta_row("Generated", &html! { (index.generated_at) }))
            }
            "\n"
        }
        "\n"
        main {
            "\n"
            section id="summary" {
                "\n"
                h2 { "All claims by state" } "\n"
                (state_bar(&counts, &index.workflow_states))
                ul class="legend" {
                    "\n"
                    @for state in &index.workflow_states {
                        li {
                            span class={ "swatch " (state_class(&state.name)) } {}
                            span class="name" { (state.name) } " "
                            strong { (state.count) }
                        }
                        "\n"
                    }
                }
                "\n"
            }
            "\n"
            section id="articles" {
                "\n"
                h2 { "Articles" } "\n"
                @if articles.is_empty() {
                    p class="muted" {
                        "No articles yet: add one with "
                        code { "factdesk ingest FILE --article ID" } "."
                    }
                    "\n"
                } @else {
                    div class="table-wrap" {
                        table class="index" {
                            "\n"
                            thead {
                                tr {
                                    th { "Article" } th { "Rev" } th { "Updated" } th { "Claims" }
                                    th { "Waiting" } th { "States" }
                                }
                            }
                            "\n"
                            tbody {
                                "\n"
                                @for article in articles {
                                    (article_row(index, article))
                                }
                            }
                            "\n"
                        }
                    }
                    "\n"
                }
            }
            "\n"
        }
        "\n"
        (footer(index.audit_head.seq, &index.audit_head.hash, &index.generated_at))
    };
    into_document(page("Fact-check reports", &index.workflow_states, &body))
}

/// One article's row: its title linking to its report, its counts and its state bar.
fn article_row(index: &StoreIndex, article: &ArticleSummary) -> Markup {
    let title = article.title.as_deref().unwrap_or(&article.article);
    let counts: Vec<(String, String, usize)> = article
        .states
        .iter()
        .map(|(name, n)| (name.clone(), state_class(name), *n))
        .collect();
    html! {
        tr {
            td {
                a href=(article.href) { strong { (title) } } br;
                code { (article.article) }
                @if let Some(url) = &article.url {
                    br; span class="muted" { (link(url)) }
                }
            }
            td class="num" { (article.revisions) }
            td { (article.updated_at) }
            td class="num" { (article.claims) }
            td class="num" {
                @if article.waiting > 0 { strong { (article.waiting) } } @else { "0 ✓" }
            }
            td { (state_bar(&counts, &index.workflow_states)) }
        }
        "\n"
    }
}
