//! The web desk's pages (`factdesk serve`): the same look as the HTML report, rendered from the
//! same views, escaping every value by construction. Pure: the server hands in what it read and
//! who is logged in, and sends the text back. No script: every action is a plain form.

use maud::{Markup, html};

use super::html::{article_text, page, pill_for, state_bar};
use super::{ArticleReport, StateView};
use crate::view::{ArticleLine, QueueLine};

/// Who is looking, and the token their forms must carry back.
#[derive(Debug, Clone, Copy)]
pub struct Viewer<'a> {
    /// The logged-in user.
    pub user: &'a str,
    /// The session's CSRF token, put in every form.
    pub csrf: &'a str,
}

/// A move a user may try on a claim: the transition, its target and what it needs.
#[derive(Debug, Clone)]
pub struct Move {
    /// The transition's name.
    pub transition: String,
    /// The state it leads to.
    pub to: String,
    /// Whether it needs a source.
    pub needs_source: bool,
    /// Whether it needs a note.
    pub needs_note: bool,
}

/// A one-line message shown at the top of a page: what was done, or why it was refused.
#[derive(Debug, Clone, Copy)]
pub enum Flash<'a> {
    /// Something was done.
    Done(&'a str),
    /// Something was refused, and why.
    Refused(&'a str),
}

/// The login page.
pub fn render_login(error: Option<&str>) -> String {
    let body = html! {
        main class="login" {
            h1 { "factdesk" }
            @if let Some(error) = error {
                p class="flash refused" { (error) }
            }
            form method="post" action="/login" {
                label { "Name " input name="name" autocomplete="username" required; }
                label { "Password " input type="password" name="password" autocomplete="current-password" required; }
                button { "Log in" }
            }
        }
    };
    super::html::into_document(page("Log in · factdesk", &[], &body))
}

/// The desk: every article with its claims per state and whether it may be published.
pub fn render_home(
    viewer: Viewer<'_>,
    articles: &[(ArticleLine, usize)],
    states: &[StateView],
    waiting: usize,
) -> String {
    let body = html! {
        (nav(viewer, "desk"))
        main {
            h1 { "Articles" }
            p { a href="/queue" { (waiting) " claims waiting" } " · newest first" }
            table class="desk" {
                thead { tr { th { "article" } th { "revisions" } th { "claims per state" } th { "gate" } } }
                tbody {
                    @for (article, blocking) in articles {
                        tr {
                            td {
                                a href={ "/articles/" (article.id) } {
                                    (article.title.as_deref().unwrap_or(&article.id))
                                }
                                br; code { (article.id) }
                            }
                            td class="num" { (article.revisions) }
                            td {
                                @for state in states {
                                    @if let Some(n) = article.states.get(&state.name) {
                                        (pill_for(&state.name)) " " (n) " "
                                    }
                                }
                            }
                            td {
                                @if *blocking == 0 {
                                    span class="ready" { "ready" }
                                } @else {
                                    (blocking) " blocking"
                                }
                            }
                        }
                    }
                }
            }
            @if articles.is_empty() {
                p class="muted" { "No articles yet: `factdesk ingest FILE` adds one." }
            }
        }
    };
    super::html::into_document(page("Desk · factdesk", states, &body))
}

/// What needs checking, most urgent first.
pub fn render_queue(viewer: Viewer<'_>, lines: &[QueueLine], states: &[StateView]) -> String {
    let body = html! {
        (nav(viewer, "queue"))
        main {
            h1 { "Queue" }
            table {
                thead { tr { th { "why" } th { "article" } th { "claim" } th { "state" } } }
                tbody {
                    @for line in lines {
                        tr {
                            td { (line.urgency) }
                            td { a href={ "/articles/" (line.article) } { (line.article) } }
                            td {
                                a href={ "/articles/" (line.article) "#claim-" (&line.claim.id[..10]) } {
                                    (line.claim.phrase.as_deref().unwrap_or(&line.claim.text))
                                }
                            }
                            td { (pill_for(line.claim.state.as_deref().unwrap_or(""))) }
                        }
                    }
                }
            }
            @if lines.is_empty() {
                p class="muted" { "Nothing waiting." }
            }
        }
    };
    super::html::into_document(page("Queue · factdesk", states, &body))
}

/// An article: its text with every claim highlighted, and each claim with the moves this user
/// may try (`moves` is per claim, in the report's claim order).
pub fn render_article(
    viewer: Viewer<'_>,
    report: &ArticleReport,
    moves: &[Vec<Move>],
    flash: Option<Flash<'_>>,
    blocking: usize,
) -> String {
    let title = report.title.as_deref().unwrap_or(&report.article);
    let counts: Vec<(String, String, usize)> = report
        .workflow_states
        .iter()
        .map(|s| (s.name.clone(), super::html::state_class(&s.name), s.count))
        .collect();
    let body = html! {
        (nav(viewer, ""))
        main {
            h1 { (title) }
            p {
                code { (report.article) } " · revision " (report.revision)
                " · "
                @if blocking == 0 { span class="ready" { "ready to publish" } }
                @else { (blocking) " claims block publication" }
                " · "
                a href={ "/api/v1/articles/" (report.article) "/report?format=html" } { "HTML report" }
            }
            @match flash {
                Some(Flash::Done(text)) => p class="flash done" { (text) },
                Some(Flash::Refused(text)) => p class="flash refused" role="alert" { (text) },
                None => {},
            }
            (state_bar(&counts, &report.workflow_states))
            (article_text(report))
            section id="add-claim" {
                h2 { "Add a claim the machine missed" }
                form method="post" action={ "/articles/" (report.article) "/claims" } {
                    input type="hidden" name="csrf" value=(viewer.csrf);
                    select name="kind" { option value="number" { "number" } option value="quote" { "quote" } }
                    input name="text" placeholder="the words exactly as in the text" required;
                    input name="occurrence" placeholder="which appearance (1, 2, …)" size="4";
                    input name="speaker" placeholder="speaker (a quote)";
                    input name="value" placeholder="value (a number)" size="8";
                    input name="unit" placeholder="unit" size="8";
                    input name="qualifier" placeholder="hedge" size="8";
                    button { "Add" }
                }
            }
            section id="new-revision" {
                h2 { "New revision" }
                form method="post" action={ "/articles/" (report.article) "/revisions" } {
                    input type="hidden" name="csrf" value=(viewer.csrf);
                    textarea name="text" rows="6" cols="80" placeholder="paste the article's new text (plain text, Markdown or HTML)" required {}
                    br;
                    label { input type="checkbox" name="force"; " it is a rewrite that shares few words with this one" }
                    " "
                    button { "Ingest" }
                }
            }
            section id="claims" {
                h2 { "Claims" }
                @for (i, reviewed) in report.claims.iter().enumerate() {
                    @let claim = &reviewed.claim;
                    div class="claim-card" id={ "claim-" (reviewed.short_id) } {
                        p {
                            b { (i + 1) "." } " "
                            (pill_for(&reviewed.state)) " "
                            span class="kind" { (claim.kind) } " "
                            span class="ctext" {
                                (claim.phrase.as_deref().unwrap_or(&claim.text))
                            }
                            @if let Some(speaker) = &claim.speaker { " — " (speaker) }
                            " " code class="id" { (reviewed.short_id) }
                        }
                        p class="ctx" { (claim.sentence_text) }
                        @for line in claim.curation_lines() {
                            p class="remark curation" { (line) }
                        }
                        @for source in &reviewed.sources {
                            p class="remark" { "source: " (source.text) " " span class="by" { (source.by) } }
                        }
                        @for note in &reviewed.notes {
                            p class="remark" { "note: " (note.text) " " span class="by" { (note.by) } }
                        }
                        details class="curate" {
                            summary { "correct the machine" }
                            @if claim.dismissed.is_some() {
                                (curate_form(viewer, report, &claim.id, "restore", html! {
                                    input name="note" placeholder="why (optional)";
                                    button { "restore" }
                                }))
                            } @else {
                                (curate_form(viewer, report, &claim.id, "dismiss", html! {
                                    select name="reason" {
                                        @for reason in crate::model::DismissReason::ALL {
                                            option value=(reason.as_str()) { (reason.as_str()) }
                                        }
                                    }
                                    input name="note" placeholder="why (optional)";
                                    button { "dismiss" }
                                }))
                            }
                            @if claim.kind == crate::model::ClaimKind::Quote {
                                (curate_form(viewer, report, &claim.id, "speaker", html! {
                                    input name="speaker" placeholder="the speaker's name" required;
                                    input name="note" placeholder="why (optional)";
                                    button { "fix speaker" }
                                }))
                            }
                            @if claim.overridden.is_none() {
                                (curate_form(viewer, report, &claim.id, "override", html! {
                                    input name="note" placeholder="why it may go out as it stands" required;
                                    button { "override the gate" }
                                }))
                            }
                        }
                        @if let Some(claim_moves) = moves.get(i) {
                            @for m in claim_moves {
                                form method="post" action={ "/claims/" (claim.id) "/mark" } class="move" {
                                    input type="hidden" name="csrf" value=(viewer.csrf);
                                    input type="hidden" name="article" value=(report.article);
                                    input type="hidden" name="from" value=(reviewed.state);
                                    input type="hidden" name="state" value=(m.to);
                                    @if m.needs_source {
                                        input name="source" placeholder="source URL or citation" required;
                                    }
                                    @if m.needs_note {
                                        input name="note" placeholder="note" required;
                                    } @else {
                                        input name="note" placeholder="note (optional)";
                                    }
                                    button { (m.transition) " → " (m.to) }
                                }
                            }
                        }
                    }
                }
            }
        }
    };
    super::html::into_document(page(
        &format!("{title} · factdesk"),
        &report.workflow_states,
        &body,
    ))
}

/// The audit page: whether the chain verifies, and the head to keep outside the store.
pub fn render_audit(viewer: Viewer<'_>, verified: Result<(u64, &str), &str>) -> String {
    let body = html! {
        (nav(viewer, "audit"))
        main {
            h1 { "Audit" }
            @match verified {
                Ok((seq, hash)) => {
                    p class="ready" { "The audit chain verifies." }
                    p { "Head, to keep outside the store: " code { (seq) ":" (hash) } }
                    p class="muted" { "Check it later with " code { "factdesk audit verify --anchor " (seq) ":" (hash) } }
                }
                Err(failure) => p class="flash refused" { "The audit chain does not verify: " (failure) },
            }
        }
    };
    super::html::into_document(page("Audit · factdesk", &[], &body))
}

fn nav(viewer: Viewer<'_>, here: &str) -> Markup {
    html! {
        header class="desk-nav" {
            nav {
                @for (path, name) in [("/", "desk"), ("/queue", "queue"), ("/audit", "audit")] {
                    @if name == here { b { (name) } } @else { a href=(path) { (name) } }
                    " "
                }
            }
            form method="post" action="/logout" class="logout" {
                input type="hidden" name="csrf" value=(viewer.csrf);
                span class="muted" { (viewer.user) } " "
                button { "Log out" }
            }
        }
    }
}

/// A form that applies one correction (`action`) to a claim.
fn curate_form(
    viewer: Viewer<'_>,
    report: &ArticleReport,
    claim: &str,
    action: &str,
    fields: Markup,
) -> Markup {
    html! {
        form method="post" action={ "/claims/" (claim) "/curate" } class="move" {
            input type="hidden" name="csrf" value=(viewer.csrf);
            input type="hidden" name="article" value=(report.article);
            input type="hidden" name="action" value=(action);
            (fields)
        }
    }
}
