//! The HTML report: one self-contained page for the people who read and file it.
//!
//! Everything is inline (CSS and SVG; no script, font or image is fetched, and a Content Security
//! Policy forbids the browser to try), so the file can be mailed, archived and opened offline.
//! Article text, notes and sources are written by people and may hold `<`, `&` or quotation
//! marks: the page is built with maud's `html!`, which escapes every value spliced into it, so
//! text from the store cannot become markup. Only the constant style sheet goes in as it is
//! (`PreEscaped`). Only `http(s)` sources become links.
//!
//! The parts are small functions returning [`Markup`], for the web desk to reuse; a whole page
//! becomes text through [`into_document`].
//!
//! Anchors other documents may rely on: `#claim-SHORTID` (a claim's row, also the default anchor
//! of ClaimReview URLs), `#text-SHORTID` (the claim in the article text), `#history-SHORTID`.

use std::collections::BTreeSet;

use maud::{DOCTYPE, Markup, PreEscaped, html};

use super::display::{claim_text, day, detail, shorten};
use super::{
    ArticleReport, AuditView, ChangeView, ChangedFromView, EventView, EvidenceView,
    ReviewedClaimView, StateView,
};
use crate::model::{ClaimKind, SHORT_ID_LEN};
use crate::revision::{Change, Segment, word_diff};

/// The colour of a state the workflow does not know (a claim stranded by a workflow switch).
const OTHER_COLOR: &str = "#9e9e9e";

/// Renders the report as a self-contained HTML page.
///
/// `index` is the address of the store-wide index page the report links back to, when it was
/// written as part of one (`report --all`).
pub fn render_html(report: &ArticleReport, index: Option<&str>) -> String {
    let title = report.title.as_deref().unwrap_or(&report.article);
    let body = html! {
        (header(report, title, index))
        (toc(report))
        main {
            "\n"
            (summary(report))
            (article_text(report))
            (claims_table(report))
            @if report.revision > 1 {
                (changes(report))
            }
            (histories(report))
            (revisions(report))
        }
        "\n"
        (footer(report.audit_head.seq, &report.audit_head.hash, &report.generated_at))
    };
    into_document(page(
        &format!("Fact-check report: {title}"),
        &report.workflow_states,
        &body,
    ))
}

// ---- page frame --------------------------------------------------------------------------

/// The whole page: `<!DOCTYPE>`, the head with the style sheet and one colour rule per workflow
/// state, and `body`.
pub(super) fn page(title: &str, states: &[StateView], body: &Markup) -> Markup {
    html! {
        (DOCTYPE) "\n"
        html lang="en" {
            "\n"
            head {
                "\n"
                meta charset="utf-8"; "\n"
                meta name="viewport" content="width=device-width, initial-scale=1"; "\n"
                // The report must never reach the network: no fetch can leak that someone
                // opened it.
                meta http-equiv="Content-Security-Policy"
                    content="default-src 'none'; style-src 'unsafe-inline'"; "\n"
                meta name="generator" content="factdesk"; "\n"
                title { (title) } "\n"
                style {
                    "\n"
                    (PreEscaped(CSS))
                    // Built from checked class names and colours only, and escaped all the same
                    // (which leaves such text as it is).
                    @for state in states {
                        (state_rules(&state_class(&state.name), &state.color))
                    }
                    (state_rules("s-other", OTHER_COLOR))
                }
                "\n"
            }
            "\n"
            body {
                "\n"
                (body)
            }
            "\n"
        }
        "\n"
    }
}

/// The page as text. maud has escaped every value in it; what remains are the control
/// characters other than tab and newline, which HTML does not allow in text and which only text
/// from the store can hold: they become U+FFFD.
pub(super) fn into_document(page: Markup) -> String {
    fn not_allowed(c: char) -> bool {
        c.is_control() && c != '\n' && c != '\t'
    }
    let page = page.into_string();
    if !page.contains(not_allowed) {
        return page;
    }
    page.chars()
        .map(|c| if not_allowed(c) { '\u{fffd}' } else { c })
        .collect()
}

/// The colour rules of one state: a light tint behind highlighted text, the full colour for the
/// underline, pills and swatches, with text that stays readable on it. CSS text, for the style
/// element.
fn state_rules(class: &str, color: &str) -> String {
    let color = safe_color(color);
    let tint = mix_with_white(color, 0.24);
    let ink = if luminance(color) > 0.55 {
        "#1b1f24"
    } else {
        "#ffffff"
    };
    format!(
        ".hl.{class}{{background:{tint};border-bottom-color:{color}}}\n.o-{class}{{box-shadow:inset 0 3px 0 {color}}}\n.pill.{class},.swatch.{class}{{background:{color};color:{ink}}}\n"
    )
}

fn header(report: &ArticleReport, title: &str, index: Option<&str>) -> Markup {
    let article = html! {
        code { (report.article) }
        @if let Some(url) = &report.url {
            " · " (link(url))
        }
    };
    let revision = html! {
        strong { (report.revision) } " of " (report.latest_revision)
        @if let Some(rev) = report.revisions.last() {
            " · ingested " (rev.ingested_at) " by " (rev.ingested_by) " from " (rev.source) " · "
            code title="BLAKE3 of the normalized text" { (short_hash(&rev.content_hash)) }
        }
    };
    let workflow = html! {
        (report.workflow) " · "
        code title=(report.workflow_hash) { (short_hash(&report.workflow_hash)) }
    };
    let audit = html! {
        (audit_badge(&report.audit))
        " head " strong { "#" (report.audit_head.seq) } " "
        code class="hash" { (report.audit_head.hash) }
        @if report.as_of < report.audit_head.seq {
            br;
            span class="muted" {
                "Reviews as they stood at event #" (report.as_of) ", before revision "
                (report.revision + 1) " was ingested."
            }
        }
    };
    html! {
        header class="top" {
            "\n"
            @if let Some(index) = index {
                p class="back" { a href=(index) { "← All articles" } } "\n"
            }
            p class="eyebrow" { "Fact-check audit report" } "\n"
            h1 { (title) } "\n"
            dl class="meta" {
                "\n"
                (meta_row("Article", &article))
                @if let Some(published) = &report.published {
                    (meta_row("Published", &html! { (published) }))
                }
                (meta_row("Revision", &revision))
                (meta_row("Workflow", &workflow))
                (meta_row("Audit log", &audit))
                (meta_row("Generated", &html! { (report.generated_at) }))
            }
            "\n"
        }
        "\n"
    }
}

/// The links to the sections, kept in view while scrolling.
fn toc(report: &ArticleReport) -> Markup {
    html! {
        nav class="toc" aria-label="Sections" {
            a href="#summary" { "Summary" }
            a href="#article" { "Article" }
            a href="#claims" { "Claims" }
            @if report.revision > 1 {
                a href="#changes" { "Changes" }
            }
            a href="#history" { "History" }
            a href="#revisions" { "Revisions" }
        }
        "\n"
    }
}

/// Whether the audit log checked out, and what failed when it did not.
pub(super) fn audit_badge(audit: &AuditView) -> Markup {
    if audit.verified {
        let title = match audit.scope {
            "article" => {
                "this article's audit events, their links into the chain, and its records checked out when this report was made (factdesk audit verify checks the whole store)"
            }
            _ => "factdesk audit verify passed when this report was made",
        };
        html! { span class="badge ok" title=(title) { "✓ verified" } }
    } else {
        html! {
            span class="badge bad" { "✗ verification failed" } " "
            span class="fail" { (audit.failure.as_deref().unwrap_or("unknown failure")) }
        }
    }
}

/// One label and value of the page's heading.
pub(super) fn meta_row(label: &str, value: &Markup) -> Markup {
    html! {
        div { dt { (label) } dd { (value) } } "\n"
    }
}

/// The audit head the page reflects, and how to check that the log still holds it.
pub(super) fn footer(seq: u64, hash: &str, generated: &str) -> Markup {
    html! {
        footer {
            "Generated by factdesk at " (generated) " from audit head #" (seq)
            ". To check that the log still holds this head unchanged: "
            code { "factdesk audit verify --anchor " (seq) ":" (hash) }
        }
        "\n"
    }
}

// ---- summary -----------------------------------------------------------------------------

fn summary(report: &ArticleReport) -> Markup {
    let total = report.claims.iter().filter(|c| c.claim.counts()).count();
    let accepted = report
        .claims
        .iter()
        .filter(|c| c.claim.counts())
        .filter(|c| state_of(report, &c.state).is_some_and(|s| s.accepted))
        .count();
    let mut counts: Vec<(String, String, usize)> = report
        .workflow_states
        .iter()
        .map(|s| (s.name.clone(), state_class(&s.name), s.count))
        .collect();
    let known: usize = counts.iter().map(|c| c.2).sum();
    if known < total {
        counts.push(("other".to_owned(), "s-other".to_owned(), total - known));
    }
    html! {
        section id="summary" {
            "\n"
            h2 { "Summary" } "\n"
            p class="total" {
                strong { (total) } " claim" @if total != 1 { "s" }
                " · " strong { (accepted) } " with a verdict · "
                strong { (total - accepted) } " waiting"
            }
            "\n"
            (state_bar(&counts, &report.workflow_states))
            ul class="legend" {
                "\n"
                @for state in &report.workflow_states {
                    li {
                        span class={ "swatch " (state_class(&state.name)) } {}
                        span class="name" { (state.name) } " "
                        strong { (state.count) } " "
                        span class="muted" {
                            (state.description)
                            @if let Some(rating) = &state.rating {
                                " · rated “" (rating) "”"
                            }
                        }
                    }
                    "\n"
                }
                @if known < total {
                    li {
                        span class="swatch s-other" {}
                        span class="name" { "other" } " "
                        strong { (total - known) } " "
                        span class="muted" { "states the current workflow does not have" }
                    }
                    "\n"
                }
            }
            "\n"
        }
        "\n"
    }
}

/// A stacked bar of claims per state, as inline SVG (no script, prints as drawn).
///
/// `counts` are (state name, CSS class, claims) in the order drawn.
pub(super) fn state_bar(counts: &[(String, String, usize)], states: &[StateView]) -> Markup {
    let total: usize = counts.iter().map(|c| c.2).sum();
    let visible: Vec<&(String, String, usize)> = counts.iter().filter(|c| c.2 > 0).collect();
    let label = if visible.is_empty() {
        "no claims".to_owned()
    } else {
        let parts: Vec<String> = visible
            .iter()
            .map(|(name, _, n)| format!("{name}: {n}"))
            .collect();
        parts.join(", ")
    };
    // Each drawn state: its name, count, colour, and where its rectangle starts and how wide.
    let mut rects = Vec::with_capacity(visible.len());
    let mut x = 0.0_f64;
    for (i, (name, _, n)) in visible.iter().enumerate() {
        let width = if i + 1 == visible.len() {
            1000.0 - x
        } else {
            (*n as f64) * 1000.0 / (total as f64)
        };
        let color = states
            .iter()
            .find(|s| &s.name == name)
            .map_or(OTHER_COLOR, |s| safe_color(&s.color));
        rects.push((name, *n, color, x, width));
        x += width;
    }
    html! {
        svg class="bar" viewBox="0 0 1000 28" preserveAspectRatio="none" role="img"
            aria-label=(label) {
            "\n"
            @if total == 0 {
                rect width="1000" height="28" rx="6" fill="#e6e8eb" {} "\n"
            }
            @for (name, n, color, x, width) in rects {
                rect x=(format!("{x:.2}")) width=(format!("{width:.2}")) height="28" fill=(color) {
                    title { (name) ": " (n) }
                }
                "\n"
            }
        }
        "\n"
    }
}

// ---- article text ------------------------------------------------------------------------

/// One highlighted range of the text: a part of a claim, in bytes.
struct Part {
    start: usize,
    end: usize,
    claim: usize,
}

/// What a paragraph of the article text is made of.
enum Piece<'t> {
    /// The text from byte `start` to `end`.
    Text {
        start: usize,
        end: usize,
        text: &'t str,
    },
    /// The number of the claim with this index, after its last part.
    Ref(usize),
}

pub(super) fn article_text(report: &ArticleReport) -> Markup {
    let parts = claim_parts(report);
    let paragraphs = paragraphs(report, &parts);
    html! {
        section id="article" {
            "\n"
            h2 { "Article text " span class="muted" { "revision " (report.revision) } } "\n"
            p class="hint" {
                "Each claim is highlighted in the colour of its state and numbered; the number links to its entry."
            }
            "\n"
            div class="reader" {
                "\n"
                div class="article-text" {
                    "\n"
                    @for paragraph in &paragraphs {
                        p {
                            @for piece in paragraph {
                                @match piece {
                                    Piece::Text { start, end, text } => {
                                        (segment(report, &parts, *start, *end, text))
                                    }
                                    Piece::Ref(i) => (claim_ref(report, *i)),
                                }
                            }
                        }
                        "\n"
                    }
                }
                "\n"
                (claim_key(report))
            }
            "\n"
        }
        "\n"
    }
}

/// Where the claims are in the text: each part of each claim, in bytes.
fn claim_parts(report: &ArticleReport) -> Vec<Part> {
    let text = &report.text;
    // Claims give character offsets; slicing needs bytes.
    let mut bytes_at: Vec<usize> = text.char_indices().map(|(b, _)| b).collect();
    bytes_at.push(text.len());
    let byte = |ch: usize| bytes_at.get(ch).copied();
    let mut parts = Vec::new();
    for (i, reviewed) in report.claims.iter().enumerate() {
        let claim = &reviewed.claim;
        let spans = if claim.spans.is_empty() {
            vec![[claim.start, claim.end]]
        } else {
            claim.spans.clone()
        };
        for [s, e] in spans {
            if let (Some(start), Some(end)) = (byte(s), byte(e))
                && start < end
            {
                parts.push(Part {
                    start,
                    end,
                    claim: i,
                });
            }
        }
    }
    parts
}

/// The text in paragraphs (a line break ends one), cut wherever a part of a claim starts or
/// ends, with each claim's number after its last part.
fn paragraphs<'t>(report: &'t ArticleReport, parts: &[Part]) -> Vec<Vec<Piece<'t>>> {
    let text = &report.text;
    // Where each claim's number goes: after its last part.
    let mut ends: Vec<(usize, usize)> = report
        .claims
        .iter()
        .enumerate()
        .filter_map(|(i, _)| {
            parts
                .iter()
                .filter(|p| p.claim == i)
                .map(|p| p.end)
                .max()
                .map(|end| (end, i))
        })
        .collect();
    ends.sort_unstable();
    let mut cuts: BTreeSet<usize> = BTreeSet::from([0, text.len()]);
    for part in parts {
        cuts.insert(part.start);
        cuts.insert(part.end);
    }
    for (i, ch) in text.char_indices() {
        if ch == '\n' {
            cuts.insert(i);
            cuts.insert(i + 1);
        }
    }
    let cuts: Vec<usize> = cuts.into_iter().collect();
    let mut paragraphs: Vec<Vec<Piece<'t>>> = Vec::new();
    // Whether the last paragraph is still open (no line break since it began).
    let mut open = false;
    let mut next_end = 0;
    for pair in cuts.windows(2) {
        let (a, b) = (pair[0], pair[1]);
        let piece = &text[a..b];
        if piece == "\n" {
            open = false;
        } else if !piece.is_empty() {
            add(
                &mut paragraphs,
                &mut open,
                Piece::Text {
                    start: a,
                    end: b,
                    text: piece,
                },
            );
        }
        while next_end < ends.len() && ends[next_end].0 <= b {
            add(&mut paragraphs, &mut open, Piece::Ref(ends[next_end].1));
            next_end += 1;
        }
    }
    paragraphs
}

/// Adds `piece` to the open paragraph, or begins one with it.
fn add<'t>(paragraphs: &mut Vec<Vec<Piece<'t>>>, open: &mut bool, piece: Piece<'t>) {
    match paragraphs.last_mut() {
        Some(paragraph) if *open => paragraph.push(piece),
        _ => {
            paragraphs.push(vec![piece]);
            *open = true;
        }
    }
}

/// A claim's number in the text, linking to its row.
fn claim_ref(report: &ArticleReport, i: usize) -> Markup {
    let claim = &report.claims[i];
    html! {
        sup class="ref" id={ "text-" (claim.short_id) } {
            a href={ "#claim-" (claim.short_id) } title=(claim.state) { (i + 1) }
        }
    }
}

/// The margin beside the article: every claim in text order with its state, for a reader who
/// wants the verdicts at a glance while reading.
fn claim_key(report: &ArticleReport) -> Markup {
    if report.claims.is_empty() {
        return html! {};
    }
    html! {
        aside class="key" aria-label="Claims in text order" {
            h3 { "Claims in the text" } "\n"
            ol {
                "\n"
                @for (i, reviewed) in report.claims.iter().enumerate() {
                    li {
                        a href={ "#claim-" (reviewed.short_id) } {
                            span class="n" { (i + 1) }
                            @if reviewed.claim.counts() {
                                (pill(&reviewed.state, &state_class_of(report, &reviewed.state)))
                            } @else {
                                // Not a claim to check: its review state would mislead.
                                span class="pill s-other" { "dismissed" }
                            }
                            span class="t" { (shorten(&claim_text(&reviewed.claim), 60)) }
                        }
                    }
                    "\n"
                }
            }
        }
        "\n"
    }
}

/// One stretch of text between cuts: plain, or a link to the innermost claim that covers it.
/// Links cannot nest, so a claim inside another (a number inside a quote) gets the highlight and
/// the outer one shows as a line above it in its own colour.
fn segment(report: &ArticleReport, parts: &[Part], a: usize, b: usize, piece: &str) -> Markup {
    let covering: Vec<&Part> = parts
        .iter()
        .filter(|p| p.start <= a && b <= p.end)
        .collect();
    let Some(inner) = covering
        .iter()
        .min_by_key(|p| (p.end - p.start, std::cmp::Reverse(p.claim)))
    else {
        return html! { (piece) };
    };
    let claim = &report.claims[inner.claim];
    let outer = covering
        .iter()
        .filter(|p| p.claim != inner.claim)
        .max_by_key(|p| p.end - p.start);
    let class = match outer {
        Some(outer) => format!(
            "hl {} o-{}",
            state_class_of(report, &claim.state),
            state_class_of(report, &report.claims[outer.claim].state)
        ),
        None => format!("hl {}", state_class_of(report, &claim.state)),
    };
    html! {
        a class=(class) href={ "#claim-" (claim.short_id) }
            title={ "#" (inner.claim + 1) " " (claim.claim.kind) " · " (claim.state) } {
            (piece)
        }
    }
}

// ---- claims ------------------------------------------------------------------------------

fn claims_table(report: &ArticleReport) -> Markup {
    html! {
        section id="claims" {
            "\n"
            h2 { "Claims" } "\n"
            @if report.claims.is_empty() {
                p class="muted" { "This revision has no claims." } "\n"
            } @else {
                div class="table-wrap" {
                    table class="claims" {
                        "\n"
                        thead {
                            tr {
                                th { "#" } th { "Kind" } th { "Claim" } th { "Speaker / value" }
                                th { "State" } th { "Sources and evidence" } th { "Notes" }
                                th { "Last change" }
                            }
                        }
                        "\n"
                        tbody {
                            "\n"
                            @for (i, claim) in report.claims.iter().enumerate() {
                                (claim_row(report, i, claim))
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
}

fn claim_row(report: &ArticleReport, i: usize, reviewed: &ReviewedClaimView) -> Markup {
    let claim = &reviewed.claim;
    let id = &reviewed.short_id;
    let pill = pill(&reviewed.state, &state_class_of(report, &reviewed.state));
    html! {
        tr id={ "claim-" (id) } {
            td class="num" { a href={ "#text-" (id) } title="show in the text" { (i + 1) } }
            td { span class="kind" { (claim.kind) } }
            td class="claim" {
                div class="ctext" { (claim_text(claim)) }
                div class="ctx" { (claim.sentence_text) }
                code class="id" title=(claim.id) { (id) }
            }
            td {
                (detail(claim))
                @if claim.kind == ClaimKind::Quote {
                    @if let Some(mention) = &claim.speaker_mention
                        && Some(mention) != claim.speaker.as_ref() {
                        div class="muted" { "as “" (mention) "”" }
                    }
                } @else if let Some(bound) = claim.bound
                    && bound != "exact" {
                    div class="muted" { (bound) }
                }
            }
            td { (pill) }
            td class="remarks" {
                @if reviewed.sources.is_empty() && reviewed.evidence.is_empty() {
                    span class="muted" { "none" }
                }
                @for source in &reviewed.sources {
                    div class="remark" {
                        (link(&source.text)) " "
                        span class="by" { (source.by) " · " (day(&source.at)) }
                    }
                }
                @for evidence in &reviewed.evidence {
                    (evidence_remark(evidence))
                }
                // Gathered for the earlier value: shown apart, never as backing this one.
                @if let Some(changed) = &reviewed.changed_from
                    && !(changed.sources.is_empty() && changed.evidence.is_empty()) {
                    div class="remark earlier" {
                        (earlier_heading(changed))
                        @for source in &changed.sources {
                            div class="remark" {
                                (link(&source.text)) " "
                                span class="by" { (source.by) " · " (day(&source.at)) }
                            }
                        }
                        @for evidence in &changed.evidence {
                            (evidence_remark(evidence))
                        }
                    }
                }
            }
            td class="remarks" {
                @if let Some(changed) = &reviewed.changed_from {
                    div class="remark changed" {
                        "changed in this revision: " (changed.summary) " "
                        span class="by" { "was " (changed.state) }
                    }
                }
                @for line in claim.curation_lines() {
                    div class="remark curation" { (line) }
                }
                @if reviewed.notes.is_empty()
                    && reviewed.changed_from.is_none()
                    && claim.curation_lines().is_empty() {
                    span class="muted" { "none" }
                }
                @for note in &reviewed.notes {
                    div class="remark" {
                        (note.text) " "
                        span class="by" { (note.by) " · " (day(&note.at)) }
                    }
                }
                @if let Some(changed) = &reviewed.changed_from
                    && !changed.notes.is_empty() {
                    div class="remark earlier" {
                        (earlier_heading(changed))
                        @for note in &changed.notes {
                            div class="remark" {
                                (note.text) " "
                                span class="by" { (note.by) " · " (day(&note.at)) }
                            }
                        }
                    }
                }
            }
            td class="when" {
                (reviewed.updated_by) br;
                span class="muted" { (reviewed.updated_at) } br;
                a href={ "#history-" (id) } { "history" }
            }
        }
        "\n"
    }
}

/// An evidence file in a list of sources.
fn evidence_remark(evidence: &EvidenceView) -> Markup {
    html! {
        div class="remark" {
            "📎 " (evidence.name) " "
            span class="by" {
                (evidence.size) " bytes · " (evidence.by) " · " (day(&evidence.at))
            }
            br;
            code class="hash"
                title={ "factdesk evidence get " (evidence.hash) " -o FILE" } {
                (evidence.hash)
            }
        }
    }
}

/// What the remarks carried from before a change were given for.
fn earlier_heading(changed: &ChangedFromView) -> Markup {
    html! {
        div class="muted" {
            @match &changed.earlier {
                Some(earlier) => { "from the earlier " (earlier) ":" },
                None => { "from before the change:" },
            }
        }
    }
}

/// A state as a coloured label, its class made from its name.
pub(super) fn pill_for(state: &str) -> Markup {
    pill(state, &state_class(state))
}

/// A state as a coloured label.
fn pill(state: &str, class: &str) -> Markup {
    html! { span class={ "pill " (class) } { (state) } }
}

// ---- changes, history, revisions ---------------------------------------------------------

fn changes(report: &ArticleReport) -> Markup {
    html! {
        section id="changes" {
            "\n"
            h2 { "Changes since revision " (report.revision - 1) } "\n"
            @if report.changes.is_empty() {
                p class="muted" { "No claim changed." } "\n"
            } @else {
                div class="table-wrap" {
                    table class="changes" {
                        "\n"
                        thead {
                            tr { th { "Change" } th { "Kind" } th { "Claim" } th { "What changed" } }
                        }
                        "\n"
                        tbody {
                            "\n"
                            @for change in &report.changes {
                                (change_row(change))
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
}

fn change_row(change: &ChangeView) -> Markup {
    html! {
        tr {
            td { span class={ "change c-" (change.change) } { (change.change) } }
            td { span class="kind" { (change.kind.map_or("", ClaimKind::as_str)) } }
            td {
                @match (&change.old, &change.new) {
                    (Some(old), Some(new)) if change.change == Change::Modified => {
                        (changed_words(&claim_text(old), &claim_text(new)))
                    }
                    (_, Some(claim)) | (Some(claim), None) => (claim_text(claim)),
                    (None, None) => {}
                }
                @if let Some(new) = &change.new {
                    " " a href={ "#claim-" (short_claim(&new.id)) } { "→" }
                }
            }
            td {
                (change.summary)
                @if !change.reasons.is_empty() {
                    " " span class="muted" { "(" (change.reasons.iter().map(|r| r.as_str()).collect::<Vec<_>>().join(", ")) ")" }
                }
            }
        }
        "\n"
    }
}

/// A modified claim's old text over its new one, the words that changed marked: `del` on the
/// old side, `ins` on the new, from the word diff of the two; the rest reads as it stood.
fn changed_words(old: &str, new: &str) -> Markup {
    let segments = word_diff(old, new);
    html! {
        span class="was" {
            @for segment in &segments {
                @match segment {
                    Segment::Equal(text) => (text),
                    Segment::Delete(text) => {
                        @let (before, words, after) = around_spaces(text);
                        (before) del { (words) } (after)
                    }
                    Segment::Insert(_) => {}
                }
            }
        }
        br;
        span class="now" {
            @for segment in &segments {
                @match segment {
                    Segment::Equal(text) => (text),
                    Segment::Insert(text) => {
                        @let (before, words, after) = around_spaces(text);
                        (before) ins { (words) } (after)
                    }
                    Segment::Delete(_) => {}
                }
            }
        }
    }
}

/// `text` as its leading spaces, its words and its trailing spaces: a mark covers the words.
fn around_spaces(text: &str) -> (&str, &str, &str) {
    let words = text.trim();
    let before = text.len() - text.trim_start().len();
    let after = before + words.len();
    (
        text.get(..before).unwrap_or(""),
        words,
        text.get(after..).unwrap_or(""),
    )
}

fn histories(report: &ArticleReport) -> Markup {
    html! {
        section id="history" {
            "\n"
            h2 { "Claim history" } "\n"
            p class="hint" {
                "Every decision from the hash-chained audit log, oldest first: the ingest that brought the claim in, then each transition with who made it and what they gave."
            }
            "\n"
            div class="histories" {
                "\n"
                @for (i, reviewed) in report.claims.iter().enumerate() {
                    div class="hist" id={ "history-" (reviewed.short_id) } {
                        h3 {
                            a href={ "#claim-" (reviewed.short_id) } { (i + 1) } " "
                            (claim_text(&reviewed.claim)) " "
                            (pill(&reviewed.state, &state_class_of(report, &reviewed.state)))
                        }
                        "\n"
                        ol {
                            "\n"
                            @for event in &reviewed.history {
                                (history_item(&reviewed.claim.id, event))
                            }
                        }
                    }
                    "\n"
                }
            }
            "\n"
        }
        "\n"
    }
}

/// One event of the history of `claim` (its full id).
fn history_item(claim: &str, event: &EventView) -> Markup {
    let what = match event.event {
        "transition" => html! {
            b { (event.transition.as_deref().unwrap_or("")) } ": "
            (event.from.as_deref().unwrap_or("")) " → " (event.to.as_deref().unwrap_or(""))
            @if let Some(source) = &event.source {
                br; "source: " (link(source))
            }
            @if let Some(note) = &event.note {
                br; "note: " (note)
            }
            @if let Some(evidence) = &event.evidence {
                br; "evidence: " code class="hash" { (short_hash(evidence)) }
            }
        },
        _ => match &event.replaces {
            Some(replaces) => html! {
                // Reset in place (a quote whose speaker changed keeps its id).
                @if replaces.claim == claim {
                    "changed"
                } @else {
                    "replaced " code class="hash" { (short_claim(&replaces.claim)) }
                }
                " with revision " (event.revision.unwrap_or_default()) ": " (replaces.summary)
                @if let Some(state) = &replaces.state {
                    " (it was " (state) ")"
                }
            },
            None => html! {
                @if event.appeared == Some(false) { "removed" } @else { "appeared" }
                " with revision " (event.revision.unwrap_or_default())
            },
        },
    };
    html! {
        li {
            span class="seq" title={ "event hash " (event.hash) } { "#" (event.seq) } " "
            span class="muted" { (event.at) } " " (event.actor) " — "
            // Events about a claim this one replaced say which claim they were about.
            @if let Some(claim) = &event.claim {
                code class="hash" { (short_claim(claim)) } " "
            }
            (what)
        }
        "\n"
    }
}

fn revisions(report: &ArticleReport) -> Markup {
    html! {
        section id="revisions" {
            "\n"
            h2 { "Revisions" } "\n"
            div class="table-wrap" {
                table {
                    "\n"
                    thead {
                        tr {
                            th { "Rev" } th { "Published" } th { "Ingested" } th { "By" }
                            th { "Source" } th { "Claims" } th { "Content hash (BLAKE3)" }
                        }
                    }
                    "\n"
                    tbody {
                        "\n"
                        @for rev in &report.revisions {
                            tr class=[(rev.number == report.revision).then_some("current")] {
                                td class="num" { (rev.number) }
                                td { (rev.published.as_deref().unwrap_or("—")) }
                                td { (rev.ingested_at) }
                                td { (rev.ingested_by) }
                                td { (rev.source) }
                                td class="num" { (rev.claims) }
                                td { code class="hash" { (rev.content_hash) } }
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
    }
}

// ---- helpers -----------------------------------------------------------------------------

fn state_of<'r>(report: &'r ArticleReport, name: &str) -> Option<&'r StateView> {
    report.workflow_states.iter().find(|s| s.name == name)
}

fn state_class_of(report: &ArticleReport, name: &str) -> String {
    match state_of(report, name) {
        Some(state) => state_class(&state.name),
        None => "s-other".to_owned(),
    }
}

/// The CSS class of a state; workflow state names are slugs, but a class name is only built
/// from a checked one.
pub(super) fn state_class(name: &str) -> String {
    let slug = !name.is_empty()
        && name
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-');
    if slug {
        format!("s-{name}")
    } else {
        "s-other".to_owned()
    }
}

/// A state colour as `#rrggbb`; the workflow checks it, and this keeps anything else out of the
/// style sheet.
fn safe_color(color: &str) -> &str {
    let valid = color.len() == 7
        && color.starts_with('#')
        && color.bytes().skip(1).all(|b| b.is_ascii_hexdigit());
    if valid { color } else { OTHER_COLOR }
}

fn rgb(color: &str) -> [f64; 3] {
    let channel = |i: usize| {
        f64::from(u8::from_str_radix(color.get(i..i + 2).unwrap_or("9e"), 16).unwrap_or(158))
    };
    [channel(1), channel(3), channel(5)]
}

/// The colour at `share` strength over white: a tint that works on screen and on paper (unlike
/// transparency, which some print paths flatten badly).
fn mix_with_white(color: &str, share: f64) -> String {
    let [r, g, b] = rgb(color).map(|c| (c * share + 255.0 * (1.0 - share)).round() as u8);
    format!("#{r:02x}{g:02x}{b:02x}")
}

/// Relative luminance (WCAG), to pick dark or light text on a state colour.
fn luminance(color: &str) -> f64 {
    let [r, g, b] = rgb(color).map(|c| {
        let c = c / 255.0;
        if c <= 0.039_28 {
            c / 12.92
        } else {
            ((c + 0.055) / 1.055).powf(2.4)
        }
    });
    0.2126 * r + 0.7152 * g + 0.0722 * b
}

/// A source: a link when it is an http(s) URL (never `javascript:` or the like), text otherwise.
pub(super) fn link(text: &str) -> Markup {
    let url = text.trim();
    let lower = url.to_ascii_lowercase();
    let is_url = (lower.starts_with("https://") || lower.starts_with("http://"))
        && !url.contains(char::is_whitespace);
    html! {
        @if is_url {
            a href=(url) rel="noopener noreferrer" { (url) }
        } @else {
            (text)
        }
    }
}

fn short_claim(id: &str) -> &str {
    id.get(..SHORT_ID_LEN).unwrap_or(id)
}

fn short_hash(hash: &str) -> &str {
    hash.get(..16).unwrap_or(hash)
}

/// The style sheet: system fonts only (nothing to download), a serif for the article so it reads
/// like the page it came from, and print rules that keep colours and avoid splitting rows.
pub(super) const CSS: &str = r#":root{--ink:#1b1f24;--muted:#5f6b7a;--line:#dde1e6;--soft:#f5f6f8;--accent:#24548f}
*{box-sizing:border-box}
html{-webkit-text-size-adjust:100%}
body{margin:0;background:#fff;color:var(--ink);font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif;-webkit-print-color-adjust:exact;print-color-adjust:exact}
a{color:var(--accent)}
code{font:12.5px/1.4 ui-monospace,SFMono-Regular,Menlo,Consolas,"Liberation Mono",monospace;background:var(--soft);border-radius:4px;padding:1px 4px}
code.hash{word-break:break-all}
header.top{background:linear-gradient(180deg,#f3f6fa,#fff);border-bottom:1px solid var(--line);padding:28px max(24px,calc((100% - 1120px)/2)) 18px}
.eyebrow{margin:0;text-transform:uppercase;letter-spacing:.12em;font-size:12px;font-weight:600;color:var(--muted)}
.back{margin:0 0 10px;font-size:13px}
h1{margin:4px 0 14px;font:700 30px/1.2 Georgia,"Times New Roman",serif}
h2{margin:0 0 12px;font-size:20px;border-bottom:2px solid var(--ink);padding-bottom:4px}
h2 .muted{font-size:14px;font-weight:400}
h3{font-size:14px;margin:0 0 6px}
dl.meta{display:grid;grid-template-columns:repeat(auto-fit,minmax(440px,1fr));gap:6px 28px;margin:0}
dl.meta div{display:flex;gap:10px;align-items:baseline}
dt{flex:0 0 82px;color:var(--muted);font-size:12px;text-transform:uppercase;letter-spacing:.06em}
dd{margin:0;min-width:0;overflow-wrap:anywhere}
.badge{display:inline-block;border-radius:999px;padding:1px 10px;font-size:12.5px;font-weight:600}
.badge.ok{background:#e3f4e6;color:#1d6b2a;border:1px solid #9fd3a8}
.badge.bad{background:#fde8e8;color:#a61b1b;border:1px solid #f0a3a3}
.fail{color:#a61b1b}
nav.toc{position:sticky;top:0;z-index:2;background:rgba(255,255,255,.96);border-bottom:1px solid var(--line);padding:8px max(24px,calc((100% - 1120px)/2));display:flex;gap:18px;font-size:13.5px}
nav.toc a{text-decoration:none;font-weight:600}
main{max-width:1168px;margin:0 auto;padding:8px 24px 24px}
section{margin:26px 0 34px}
.muted{color:var(--muted)}
.hint{color:var(--muted);font-size:13px;margin:-4px 0 12px}
.total{font-size:16px;margin:0 0 10px}
svg.bar{display:block;width:100%;height:28px;border-radius:6px;overflow:hidden;background:#e6e8eb}
ul.legend{list-style:none;padding:0;margin:12px 0 0;display:flex;flex-wrap:wrap;gap:8px 24px;font-size:13.5px}
ul.legend li{display:flex;align-items:center;gap:6px}
.swatch{display:inline-block;width:12px;height:12px;border-radius:3px}
ul.legend .name{font-weight:600}
.reader{display:grid;grid-template-columns:minmax(0,46em) minmax(220px,1fr);gap:22px;align-items:start}
.key{position:sticky;top:48px;max-height:calc(100vh - 64px);overflow:auto;border:1px solid var(--line);border-radius:8px;padding:10px 12px;font-size:12.5px}
.key ol{list-style:none;margin:0;padding:0}
.key li{border-top:1px dashed var(--line)}
.key li a{display:flex;gap:6px;align-items:baseline;padding:4px 0;color:inherit;text-decoration:none}
.key .n{flex:0 0 20px;font-weight:700;text-align:right}
.key .pill{font-size:11px;padding:0 7px}
@media (max-width:900px){.reader{display:block}.key{display:none}}
.article-text{font:17px/1.75 Georgia,"Times New Roman",serif;background:#fffdf8;border:1px solid #eee6d6;border-radius:8px;padding:14px 28px}
.article-text p{margin:0 0 .9em}
a.hl{color:inherit;text-decoration:none;border-bottom:2px solid;padding:1px 0;border-radius:2px}
a.hl:hover{filter:brightness(.93)}
sup.ref{font:700 10.5px/1 system-ui,-apple-system,"Segoe UI",Roboto,Arial,sans-serif;margin-left:1px}
sup.ref a{text-decoration:none;background:var(--ink);color:#fff;border-radius:8px;padding:1px 4px}
.table-wrap{overflow-x:auto}
table{border-collapse:collapse;width:100%;font-size:13.5px}
th{text-align:left;font-size:11.5px;text-transform:uppercase;letter-spacing:.05em;color:var(--muted);border-bottom:2px solid var(--line);padding:6px 8px;vertical-align:bottom}
td{border-bottom:1px solid var(--line);padding:8px;vertical-align:top}
tbody tr:nth-child(even){background:#fafbfc}
tr:target{background:#fff7d6 !important;outline:2px solid #f0c419}
td.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
td.claim{min-width:260px}
.ctext{font-weight:600}
.ctx{color:var(--muted);font-size:12.5px;margin:2px 0 4px}
code.id{font-size:11.5px}
.kind{display:inline-block;font-size:11px;text-transform:uppercase;letter-spacing:.05em;border:1px solid var(--line);border-radius:4px;padding:0 5px;color:var(--muted)}
.pill{display:inline-block;border-radius:999px;padding:1px 10px;font-size:12.5px;font-weight:600;white-space:nowrap}
.remarks{min-width:160px;overflow-wrap:anywhere}
.remark+.remark{margin-top:6px}
.earlier{border-left:2px solid var(--muted);padding-left:6px}
.by{color:var(--muted);font-size:12px;white-space:nowrap}
td.when{white-space:nowrap;font-size:12.5px}
.change{display:inline-block;border-radius:4px;padding:0 6px;font-size:12px;font-weight:600;background:var(--soft)}
.c-added{background:#e3f4e6;color:#1d6b2a}.c-removed{background:#fde8e8;color:#a61b1b}.c-modified{background:#fff2d6;color:#8a5a00}.c-moved{background:#e8eefc;color:#24548f}
.was{color:var(--muted)}
del{color:#a61b1b;background:#fde8e8}ins{color:#1d6b2a;background:#e3f4e6;text-decoration:none}
.histories{display:grid;grid-template-columns:repeat(auto-fill,minmax(340px,1fr));gap:14px}
.hist{border:1px solid var(--line);border-radius:8px;padding:10px 12px;break-inside:avoid}
.hist ol{margin:0;padding-left:0;list-style:none;font-size:12.5px}
.hist li{padding:3px 0;border-top:1px dashed var(--line);overflow-wrap:anywhere}
.seq{font-variant-numeric:tabular-nums;font-weight:600}
tr.current td{font-weight:600}
footer{max-width:1168px;margin:0 auto;padding:16px 24px 40px;color:var(--muted);font-size:12.5px;border-top:1px solid var(--line)}
table.index td{vertical-align:middle}
table.index svg.bar{height:12px;min-width:160px}
@media print{
@page{margin:14mm}
body{font-size:10.5pt}
nav.toc,.back,.hint,.key{display:none}
.reader{display:block}
header.top{background:none;padding:0 0 10px}
main,footer{max-width:none;padding:0}
section{margin:14px 0 18px}
h2{break-after:avoid}
tr,.hist,.remark{break-inside:avoid}
thead{display:table-header-group}
.article-text{background:none;border:none;padding:0;max-width:none}
a{color:inherit;text-decoration:none}
tbody tr:nth-child(even){background:none}
.histories{display:block}.hist{margin-bottom:8px}
}
"#;

#[cfg(test)]
mod tests {
    use maud::html;

    use super::{
        AuditView, audit_badge, changed_words, into_document, link, luminance, mix_with_white,
        state_class,
    };

    // See: issue 18 (the changes table marks the words that changed, not the whole claim).
    #[test]
    fn a_changed_claim_marks_only_the_words_that_changed() {
        let marked = changed_words(
            "“We will not <leave> the camp until the shelling stops”",
            "“We will not <leave> the camp while the shelling continues”",
        );
        assert_eq!(
            marked.into_string(),
            "<span class=\"was\">“We will not &lt;leave&gt; the camp <del>until</del> the \
             shelling <del>stops”</del></span><br><span class=\"now\">“We will not \
             &lt;leave&gt; the camp <ins>while</ins> the shelling <ins>continues”</ins></span>"
        );
    }

    #[test]
    fn escapes_markup_and_quotes() {
        // In text and in attribute values (always in double quotes, so `'` needs no escaping).
        let text = "<script>alert(\"x\" & 'y')</script>";
        let escaped = "&lt;script&gt;alert(&quot;x&quot; &amp; 'y')&lt;/script&gt;";
        assert_eq!(html! { (text) }.into_string(), escaped);
        assert_eq!(
            html! { a title=(text) {} }.into_string(),
            format!("<a title=\"{escaped}\"></a>")
        );
    }

    #[test]
    fn control_characters_become_replacement_characters() {
        assert_eq!(
            into_document(html! { p { ("a\u{7}b\r\n\tc\u{85}\u{0}") } }),
            "<p>a\u{fffd}b\u{fffd}\n\tc\u{fffd}\u{fffd}</p>"
        );
        assert_eq!(into_document(html! { p { "plain" } }), "<p>plain</p>");
    }

    #[test]
    fn links_only_web_urls() {
        assert!(
            link("https://news.un.org/a?b=1&c=2")
                .into_string()
                .starts_with("<a href=\"https://news.un.org/a?b=1&amp;c=2\"")
        );
        assert_eq!(
            link("javascript:alert(1)").into_string(),
            "javascript:alert(1)"
        );
        assert_eq!(
            link("UN briefing, 12 March").into_string(),
            "UN briefing, 12 March"
        );
        assert_eq!(
            link(" <b>https://x.org</b> ").into_string(),
            " &lt;b&gt;https://x.org&lt;/b&gt; "
        );
    }

    #[test]
    fn a_failed_audit_says_why_as_text() {
        let failed = AuditView {
            verified: false,
            failure: Some("event #3: <b>hash</b> & \"link\" differ".to_owned()),
            scope: "store",
        };
        assert_eq!(
            audit_badge(&failed).into_string(),
            "<span class=\"badge bad\">✗ verification failed</span> <span class=\"fail\">event #3: &lt;b&gt;hash&lt;/b&gt; &amp; &quot;link&quot; differ</span>"
        );
        let passed = AuditView {
            verified: true,
            failure: None,
            scope: "store",
        };
        assert_eq!(
            audit_badge(&passed).into_string(),
            "<span class=\"badge ok\" title=\"factdesk audit verify passed when this report was made\">✓ verified</span>"
        );
    }

    #[test]
    fn colours() {
        assert_eq!(mix_with_white("#000000", 0.5), "#80808080"[..7].to_owned());
        assert!(luminance("#ffffff") > 0.99 && luminance("#000000") < 0.01);
        assert_eq!(state_class("verified"), "s-verified");
        assert_eq!(state_class("x\"><script>"), "s-other");
    }
}
