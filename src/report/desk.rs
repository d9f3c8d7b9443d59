//! The web desk's pages (`factdesk serve`): the same look as the HTML report, rendered from the
//! same views, escaping every value by construction. Pure: the server hands in what it read and
//! who is logged in, and sends the text back. No script: every action is a plain form.

use maud::{Markup, html};

use super::ChangeView;
use super::html::{article_text, page, pill_for, state_bar};
use super::{ArticleReport, StateView};
use crate::revision::{ParagraphChange, ParagraphDiff, Segment};
use crate::view::{ArticleLine, AssignmentLine, QueueLine, RevisionLine, SearchLine};

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

/// Everything the article page shows besides the report itself.
#[derive(Debug, Clone, Copy)]
pub struct ArticleDesk<'a> {
    /// The moves this user may try, per claim in the report's claim order.
    pub moves: &'a [Vec<Move>],
    /// What was just done or refused.
    pub flash: Option<Flash<'a>>,
    /// How many claims block publication.
    pub blocking: usize,
    /// Who has the article and its claims.
    pub assignments: &'a [AssignmentLine],
    /// Who work can be given to (the desk's enabled users); empty when the desk has none, and
    /// a name is typed instead.
    pub people: &'a [String],
    /// Whether a new revision can be named by the address of a page saved on the server.
    pub saved_pages: bool,
}

/// What the desk's article list is narrowed to, and where in it the page is.
#[derive(Debug, Clone, Copy)]
pub struct DeskFilter<'a> {
    /// Text the id or the headline contains.
    pub q: &'a str,
    /// `all`, `blocking` or `ready`.
    pub show: &'a str,
    /// The page, from 1.
    pub page: usize,
    /// Whether more articles follow this page.
    pub more: bool,
}

/// `text` as one component of a URL's query: what is not a letter, a digit or `-._~` escaped.
fn url_component(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for byte in text.bytes() {
        if byte.is_ascii_alphanumeric() || b"-._~".contains(&byte) {
            out.push(char::from(byte));
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

/// Which part of the queue a page shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum QueueShown<'a> {
    /// Everyone's.
    All,
    /// The viewer's own.
    Mine,
    /// Someone else's.
    Of(&'a str),
    /// No one's.
    Unassigned,
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
    desk_document("Log in · factdesk", &[], &body)
}

/// The desk: every article with its claims per state and whether it may be published.
pub fn render_home(
    viewer: Viewer<'_>,
    articles: &[(ArticleLine, usize)],
    states: &[StateView],
    filter: &DeskFilter<'_>,
) -> String {
    let page_link = |page: usize| {
        format!(
            "/?q={}&show={}&page={page}",
            url_component(filter.q),
            url_component(filter.show)
        )
    };
    let body = html! {
        (nav(viewer, "desk"))
        main {
            h1 { "Articles" }
            form method="get" action="/" class="filters" {
                input name="q" value=(filter.q) placeholder="id or headline";
                " "
                select name="show" {
                    @for (value, label) in [("all", "all"), ("blocking", "held back"), ("ready", "ready to publish")] {
                        @if value == filter.show { option value=(value) selected { (label) } }
                        @else { option value=(value) { (label) } }
                    }
                }
                " "
                button { "filter" }
                " · newest first · " a href="/queue" { "the queue" }
            }
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
            @if articles.is_empty() && filter.page == 1 && filter.q.is_empty() && filter.show == "all" {
                p class="muted" { "No articles yet: `factdesk ingest FILE` adds one." }
            } @else if articles.is_empty() {
                p class="muted" { "No article matches." }
            }
            p class="pages" {
                @if filter.page > 1 { a href=(page_link(filter.page - 1)) { "← newer" } " " }
                "page " (filter.page)
                @if filter.more { " " a href=(page_link(filter.page + 1)) { "older →" } }
            }
        }
    };
    desk_document("Desk · factdesk", states, &body)
}

/// What needs checking, most urgent first: everyone's, the viewer's, or no one's.
pub fn render_queue(
    viewer: Viewer<'_>,
    lines: &[QueueLine],
    shown: QueueShown<'_>,
    states: &[StateView],
) -> String {
    let filters = [
        (QueueShown::All, "all", "everyone's"),
        (QueueShown::Mine, "mine", "mine"),
        (QueueShown::Unassigned, "unassigned", "no one's"),
    ];
    let body = html! {
        (nav(viewer, "queue"))
        main {
            h1 { "Queue" }
            p class="filters" {
                @for (filter, key, label) in filters {
                    @if filter == shown { b { (label) } } @else { a href={ "/queue?whose=" (key) } { (label) } }
                    " "
                }
                @if let QueueShown::Of(name) = shown { "· " b { (name) "'s" } }
            }
            table {
                thead { tr { th { "why" } th { "article" } th { "claim" } th { "state" } th { "assigned to" } } }
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
                            td {
                                @match &line.assignee {
                                    Some(name) => a href={ "/queue?whose=" (name) } { (name) },
                                    None => span class="muted" { "no one" },
                                }
                            }
                        }
                    }
                }
            }
            @if lines.is_empty() {
                p class="muted" { "Nothing waiting." }
            }
        }
    };
    desk_document("Queue · factdesk", states, &body)
}

/// An article: its text with every claim highlighted, and each claim with the moves this user
/// may try (`moves` is per claim, in the report's claim order).
pub fn render_article(viewer: Viewer<'_>, report: &ArticleReport, desk: ArticleDesk<'_>) -> String {
    let ArticleDesk {
        moves,
        flash,
        blocking,
        assignments,
        people,
        saved_pages,
    } = desk;
    let article_assignee = assignments
        .iter()
        .find(|a| a.claim.is_none())
        .map(|a| a.assignee.as_str());
    let claim_assignee = |id: &str| {
        assignments
            .iter()
            .find(|a| a.claim.as_deref() == Some(id))
            .map(|a| a.assignee.as_str())
    };
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
                a href={ "/articles/" (report.article) "/revisions" } { "revisions" }
                " · report: "
                // The HTML report opens in the browser (to read or print); the others download.
                a href={ "/api/v1/articles/" (report.article) "/report?format=html" } { "HTML" } " "
                @for (format, label) in [("md", "Markdown"), ("json", "JSON"), ("csv", "CSV"), ("claimreview", "ClaimReview")] {
                    a href={ "/api/v1/articles/" (report.article) "/report?format=" (format) } download { (label) } " "
                }
            }
            (assignment_bar(viewer, &report.article, None, article_assignee, people))
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
                form method="post" action={ "/articles/" (report.article) "/revisions" } enctype="multipart/form-data" {
                    input type="hidden" name="csrf" value=(viewer.csrf);
                    textarea name="text" rows="6" cols="80" placeholder="paste the article's new text (plain text, Markdown or HTML)" {}
                    br;
                    label { "or upload it: " input type="file" name="file" accept=".txt,.md,.markdown,.html,.htm,text/plain,text/markdown,text/html"; }
                    br;
                    @if saved_pages {
                        label { "or give the address of a saved page: " input name="url" type="url" size="50" placeholder="https://…"; }
                        br;
                    }
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
                        (assignment_bar(viewer, &report.article, Some(&claim.id), claim_assignee(&claim.id), people))
                        @for line in claim.curation_lines() {
                            p class="remark curation" { (line) }
                        }
                        @for source in &reviewed.sources {
                            p class="remark" { "source: " (source.text) " " span class="by" { (source.by) } }
                        }
                        @for note in &reviewed.notes {
                            p class="remark" { "note: " (note.text) " " span class="by" { (note.by) } }
                        }
                        @if !reviewed.history.is_empty() {
                            details class="history" {
                                summary { "history (" (reviewed.history.len()) ")" }
                                ul {
                                    @for event in &reviewed.history {
                                        li {
                                            span class="muted" { "#" (event.seq) " " (event.at) " " } (event.actor) " "
                                            @match (&event.from, &event.to) {
                                                (Some(from), Some(to)) => { (event.transition.as_deref().unwrap_or("moved")) ": " (from) " → " (to) },
                                                _ => @match (event.revision, event.appeared) {
                                                    (Some(n), Some(false)) => { "revision " (n) " dropped it" },
                                                    (Some(n), _) => { "revision " (n) },
                                                    _ => (event.event),
                                                },
                                            }
                                            @if let Some(source) = &event.source { " · source: " (source) }
                                            @if let Some(note) = &event.note { " · note: " (note) }
                                        }
                                    }
                                }
                            }
                        }
                        @for file in &reviewed.evidence {
                            p class="remark" {
                                "evidence: " a href={ "/api/v1/evidence/" (file.hash) } download { (file.name) }
                                " (" (file.size) " bytes) " span class="by" { (file.by) }
                            }
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
                                form method="post" action={ "/claims/" (claim.id) "/mark" } class="move" enctype="multipart/form-data" {
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
                                    label class="muted" title="a file kept as evidence with the move (up to 32 MiB)" {
                                        "evidence " input type="file" name="evidence";
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
    desk_document(
        &format!("{title} · factdesk"),
        &report.workflow_states,
        &body,
    )
}

/// Who has an article (no claim) or a claim, and the forms that give it to someone: take it,
/// give it to a colleague, release it.
fn assignment_bar(
    viewer: Viewer<'_>,
    article: &str,
    claim: Option<&str>,
    assignee: Option<&str>,
    people: &[String],
) -> Markup {
    let action = format!("/articles/{article}/assign");
    let hidden = html! {
        input type="hidden" name="csrf" value=(viewer.csrf);
        @if let Some(claim) = claim { input type="hidden" name="claim" value=(claim); }
    };
    html! {
        div class="assignment" {
            @match assignee {
                Some(name) if name == viewer.user => b { "yours" },
                Some(name) => { "assigned to " b { (name) } },
                None if claim.is_none() => span class="muted" { "no one has this article" },
                None => {},
            }
            " "
            @if assignee != Some(viewer.user) {
                form method="post" action=(action) class="inline" {
                    (hidden)
                    input type="hidden" name="assignee" value=(viewer.user);
                    button { "take it" }
                }
            }
            form method="post" action=(action) class="inline" {
                (hidden)
                @if people.is_empty() {
                    input name="assignee" placeholder="colleague" size="10" required;
                } @else {
                    select name="assignee" {
                        @for person in people.iter().filter(|p| Some(p.as_str()) != assignee) {
                            option value=(person) { (person) }
                        }
                    }
                }
                button { "assign" }
            }
            @if assignee.is_some() {
                form method="post" action=(action) class="inline" {
                    (hidden)
                    input type="hidden" name="release" value="1";
                    button { "release" }
                }
            }
        }
    }
}

/// An article's revisions, oldest first, each with what it changed and links to compare.
pub fn render_revisions(viewer: Viewer<'_>, article: &str, revisions: &[RevisionLine]) -> String {
    let body = html! {
        (nav(viewer, ""))
        main {
            h1 { "Revisions of " a href={ "/articles/" (article) } { (article) } }
            table {
                thead { tr {
                    th { "rev" } th { "ingested" } th { "by" } th { "source" } th { "claims" }
                    th { "changed" } th { "" }
                } }
                tbody {
                    @for line in revisions {
                        tr {
                            td { (line.number) }
                            td { (line.ingested_at) }
                            td { (line.ingested_by) }
                            td { (line.source) }
                            td { (line.claims) }
                            td {
                                @if line.number > 1 {
                                    (line.modified) " modified, " (line.added) " added, " (line.removed) " removed"
                                }
                                @if let Some(note) = &line.retracted { br; span class="muted" { "retracted: " (note) } }
                                @if let Some(restored) = line.restores { br; span class="muted" { "brings back revision " (restored) } }
                            }
                            td {
                                @if line.number > 1 {
                                    a href={ "/articles/" (article) "/compare?from=" (line.number - 1) "&to=" (line.number) } { "compare with " (line.number - 1) }
                                }
                            }
                        }
                    }
                }
            }
            @if revisions.len() > 2 {
                form method="get" action={ "/articles/" (article) "/compare" } {
                    "Compare revision "
                    input name="from" type="number" min="1" max=(revisions.len()) value="1" size="3";
                    " with "
                    input name="to" type="number" min="1" max=(revisions.len()) value=(revisions.len()) size="3";
                    " "
                    label { input type="checkbox" name="view" value="side"; " side by side" }
                    " "
                    button { "compare" }
                }
            }
        }
    };
    desk_document(&format!("Revisions of {article} · factdesk"), &[], &body)
}

/// Two revisions compared: the claims that changed, with what changed in each, then the words.
pub fn render_compare(
    viewer: Viewer<'_>,
    article: &str,
    (from, to): (u32, u32),
    changes: &[ChangeView],
    paragraphs: &[ParagraphDiff<'_>],
    side_by_side: bool,
) -> String {
    let changed: Vec<&ChangeView> = changes
        .iter()
        .filter(|c| c.change != crate::revision::Change::Unchanged)
        .collect();
    let toggle = if side_by_side { "" } else { "&view=side" };
    let body = html! {
        (nav(viewer, ""))
        main {
            h1 { a href={ "/articles/" (article) } { (article) } ": revision " (from) " → " (to) }
            p {
                a href={ "/articles/" (article) "/revisions" } { "all revisions" } " · "
                a href={ "/articles/" (article) "/compare?from=" (from) "&to=" (to) (toggle) } {
                    @if side_by_side { "inline" } @else { "side by side" }
                }
            }
            h2 { "Claims to re-check" }
            @if changed.is_empty() { p class="muted" { "None: every claim is unchanged." } }
            table {
                tbody {
                    @for change in &changed {
                        @let claim = change.new.as_ref().or(change.old.as_ref());
                        tr class={ "claim-change " (change.change.as_str()) } {
                            td { (change.change.as_str()) }
                            td { @if let Some(claim) = claim { code { (&claim.id[..10]) } } }
                            td { @if let Some(claim) = claim { (claim.phrase.as_deref().unwrap_or(&claim.text)) } }
                            td { (change.summary) }
                        }
                    }
                }
            }
            h2 { "Text changes" }
            @if paragraphs.iter().all(|p| p.change == ParagraphChange::Same) {
                p class="muted" { "The words are the same." }
            }
            @for paragraph in paragraphs.iter().filter(|p| p.change != ParagraphChange::Same) {
                @if side_by_side {
                    div class="side" {
                        div class="old" { (paragraph_side(paragraph, false)) }
                        div class="new" { (paragraph_side(paragraph, true)) }
                    }
                } @else {
                    p class={ "para " (paragraph_label(paragraph.change)) } {
                        span class="muted" { "(" (paragraph_label(paragraph.change)) ") " }
                        (paragraph_inline(paragraph))
                    }
                }
            }
        }
    };
    desk_document(&format!("{article} {from} → {to} · factdesk"), &[], &body)
}

fn paragraph_label(change: ParagraphChange) -> &'static str {
    match change {
        ParagraphChange::Same => "same",
        ParagraphChange::Moved => "moved",
        ParagraphChange::Edited => "edited",
        ParagraphChange::Added => "added",
        ParagraphChange::Removed => "removed",
    }
}

/// A changed paragraph with deletions struck through and insertions marked, in one text.
fn paragraph_inline(paragraph: &ParagraphDiff<'_>) -> Markup {
    html! {
        @if paragraph.words.is_empty() {
            @match paragraph.change {
                ParagraphChange::Removed => del { (paragraph.old.unwrap_or("")) },
                ParagraphChange::Added => ins { (paragraph.new.unwrap_or("")) },
                _ => (paragraph.new.unwrap_or("")),
            }
        } @else {
            @for segment in &paragraph.words {
                @match segment {
                    Segment::Equal(text) => (text),
                    Segment::Delete(text) => del { (text) },
                    Segment::Insert(text) => ins { (text) },
                }
            }
        }
    }
}

/// One side of a changed paragraph: the older words (`new` false) with deletions marked, or the
/// newer with insertions marked.
fn paragraph_side(paragraph: &ParagraphDiff<'_>, new: bool) -> Markup {
    html! {
        @if paragraph.words.is_empty() {
            @match (new, paragraph.change) {
                (false, ParagraphChange::Removed) => del { (paragraph.old.unwrap_or("")) },
                (true, ParagraphChange::Added) => ins { (paragraph.new.unwrap_or("")) },
                (false, _) => (paragraph.old.unwrap_or("")),
                (true, _) => (paragraph.new.unwrap_or("")),
            }
        } @else {
            @for segment in &paragraph.words {
                @match (new, segment) {
                    (_, Segment::Equal(text)) => (text),
                    (false, Segment::Delete(text)) => del { (text) },
                    (true, Segment::Insert(text)) => ins { (text) },
                    _ => {},
                }
            }
        }
    }
}

/// The claims a search of the archive found, each with the articles it appears in.
pub fn render_search(viewer: Viewer<'_>, query: &str, hits: &[SearchLine]) -> String {
    let body = html! {
        (nav(viewer, "search"))
        main {
            h1 { "Search" }
            form method="get" action="/search" class="filters" {
                input name="q" value=(query) placeholder="words of a quote, a figure (8,000)" size="40";
                " " button { "search" }
            }
            @if !query.trim().is_empty() {
                @if hits.is_empty() { p class="muted" { "Nothing found." } }
                @for hit in hits {
                    div class="claim-card" {
                        p {
                            span class="kind" { (hit.kind) } " "
                            span class="ctext" { (hit.text) } " " code class="id" { (&hit.id[..10]) }
                        }
                        @if let Some(sentence) = &hit.sentence { p class="ctx" { (sentence) } }
                        p {
                            @for appearance in &hit.appearances {
                                a href={ "/articles/" (appearance.article) "#claim-" (&hit.id[..10]) } { (appearance.article) }
                                " " (pill_for(&appearance.state))
                                @if appearance.in_latest == Some(false) { span class="muted" { " (an earlier revision)" } }
                                " · "
                            }
                        }
                    }
                }
            }
        }
    };
    desk_document("Search · factdesk", &[], &body)
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
    desk_document("Audit · factdesk", &[], &body)
}

/// The desk's own rules, after the report's style sheet: the bar on top, forms set inline
/// beside what they act on, and the marks of a comparison.
const DESK_CSS: &str = "header.desk-nav{display:flex;justify-content:space-between;align-items:center;padding:8px 24px;border-bottom:1px solid var(--line);background:var(--soft)}
header.desk-nav nav a,header.desk-nav nav b{margin-right:14px}
main{max-width:1100px;margin:0 auto;padding:12px 24px 48px}
form.logout,form.inline,form.move{display:inline-block;margin:2px 6px 2px 0}
form input,form select,form textarea,form button{font:inherit;font-size:13px;padding:2px 6px}
.flash{padding:8px 12px;border-radius:6px}.flash.done{background:#e7f5ea}.flash.refused{background:#fbe9e7}
.claim-card{border:1px solid var(--line);border-radius:8px;padding:8px 12px;margin:10px 0}
.claim-card:target{outline:2px solid var(--accent)}
.assignment{font-size:13px;color:var(--muted);margin:4px 0}
.muted{color:var(--muted)}.ready{color:#1d7a35;font-weight:600}
table{border-collapse:collapse}td,th{padding:4px 10px;border-bottom:1px solid var(--line);text-align:left;vertical-align:top}
del{background:#fbe0dc;text-decoration:line-through}ins{background:#dcf3e1;text-decoration:none}
div.side{display:grid;grid-template-columns:1fr 1fr;gap:16px;border-bottom:1px solid var(--line);padding:6px 0}
";

/// A desk page: the report's frame and style sheet, with the desk's rules added.
fn desk_document(title: &str, states: &[StateView], body: &Markup) -> String {
    let body = html! {
        style { (maud::PreEscaped(DESK_CSS)) }
        (body)
    };
    super::html::into_document(page(title, states, &body))
}

fn nav(viewer: Viewer<'_>, here: &str) -> Markup {
    html! {
        header class="desk-nav" {
            nav {
                @for (path, name) in [("/", "desk"), ("/queue", "queue"), ("/search", "search"), ("/audit", "audit")] {
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
