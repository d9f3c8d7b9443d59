//! The store-wide index page of `report --all`: every article, its states and what is waiting,
//! each linking to its own report file.

use std::fmt::Write;

use serde::Serialize;

use crate::desk::{Desk, DeskError};
use crate::model::{ArticleId, Timestamp};

use super::html::{audit_badge, esc, footer, link, meta_row, page_start, state_bar, state_class};
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
    let mut out = String::with_capacity(16 * 1024);
    page_start(&mut out, "Fact-check reports", &index.workflow_states);
    out.push_str("<header class=\"top\">\n<p class=\"eyebrow\">Fact-check audit reports</p>\n<h1>All articles</h1>\n<dl class=\"meta\">\n");
    let claims: usize = index.articles.iter().map(|a| a.claims).sum();
    let waiting: usize = index.articles.iter().map(|a| a.waiting).sum();
    meta_row(
        &mut out,
        "Store",
        &format!(
            "{} article{} · {claims} claim{} · <strong>{waiting}</strong> waiting",
            index.articles.len(),
            if index.articles.len() == 1 { "" } else { "s" },
            if claims == 1 { "" } else { "s" }
        ),
    );
    meta_row(&mut out, "Workflow", &esc(&index.workflow));
    meta_row(
        &mut out,
        "Audit log",
        &format!(
            "{} head <strong>#{}</strong> <code class=\"hash\">{}</code>",
            audit_badge(&index.audit),
            index.audit_head.seq,
            esc(&index.audit_head.hash)
        ),
    );
    meta_row(&mut out, "Generated", &esc(&index.generated_at));
    out.push_str(
        "</dl>\n</header>\n<main>\n<section id=\"summary\">\n<h2>All claims by state</h2>\n",
    );
    let counts: Vec<(String, String, usize)> = index
        .workflow_states
        .iter()
        .map(|s| (s.name.clone(), state_class(&s.name), s.count))
        .collect();
    state_bar(&mut out, &counts, &index.workflow_states);
    out.push_str("<ul class=\"legend\">\n");
    for state in &index.workflow_states {
        let _ = writeln!(
            out,
            "<li><span class=\"swatch {}\"></span><span class=\"name\">{}</span> <strong>{}</strong></li>",
            state_class(&state.name),
            esc(&state.name),
            state.count
        );
    }
    out.push_str("</ul>\n</section>\n<section id=\"articles\">\n<h2>Articles</h2>\n");
    if index.articles.is_empty() {
        out.push_str("<p class=\"muted\">No articles yet: add one with <code>factdesk ingest FILE --article ID</code>.</p>\n");
    } else {
        out.push_str("<div class=\"table-wrap\"><table class=\"index\">\n<thead><tr><th>Article</th><th>Rev</th><th>Updated</th><th>Claims</th><th>Waiting</th><th>States</th></tr></thead>\n<tbody>\n");
        let mut articles: Vec<&ArticleSummary> = index.articles.iter().collect();
        // What needs a checker first; then by id, so the page is stable.
        articles.sort_by(|a, b| b.waiting.cmp(&a.waiting).then(a.article.cmp(&b.article)));
        for article in articles {
            article_row(&mut out, index, article);
        }
        out.push_str("</tbody>\n</table></div>\n");
    }
    out.push_str("</section>\n</main>\n");
    footer(
        &mut out,
        index.audit_head.seq,
        &index.audit_head.hash,
        &index.generated_at,
    );
    out.push_str("</body>\n</html>\n");
    out
}

fn article_row(out: &mut String, index: &StoreIndex, article: &ArticleSummary) {
    let title = article.title.as_deref().unwrap_or(&article.article);
    let url = article
        .url
        .as_deref()
        .map(|u| format!("<br><span class=\"muted\">{}</span>", link(u)))
        .unwrap_or_default();
    let _ = write!(
        out,
        "<tr><td><a href=\"{}\"><strong>{}</strong></a><br><code>{}</code>{url}</td><td class=\"num\">{}</td><td>{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td>",
        esc(&article.href),
        esc(title),
        esc(&article.article),
        article.revisions,
        esc(&article.updated_at),
        article.claims,
        if article.waiting > 0 {
            format!("<strong>{}</strong>", article.waiting)
        } else {
            "0 ✓".to_owned()
        }
    );
    let counts: Vec<(String, String, usize)> = article
        .states
        .iter()
        .map(|(name, n)| (name.clone(), state_class(name), *n))
        .collect();
    state_bar(out, &counts, &index.workflow_states);
    out.push_str("</td></tr>\n");
}
