//! The HTML report: one self-contained page for the people who read and file it.
//!
//! Everything is inline (CSS and SVG; no script, font or image is fetched, and a Content Security
//! Policy forbids the browser to try), so the file can be mailed, archived and opened offline.
//! Every piece of text from the store is escaped: article text, notes and sources are written by
//! people and may hold `<`, `&` or quotation marks. Only `http(s)` sources become links.
//!
//! Anchors other documents may rely on: `#claim-SHORTID` (a claim's row, also the default anchor
//! of ClaimReview URLs), `#text-SHORTID` (the claim in the article text), `#history-SHORTID`.

use std::collections::BTreeSet;
use std::fmt::Write;

use super::display::{claim_text, day, detail, shorten};
use super::{ArticleReport, AuditView, ChangeView, EventView, ReviewedClaimView, StateView};
use crate::model::SHORT_ID_LEN;

/// The colour of a state the workflow does not know (a claim stranded by a workflow switch).
const OTHER_COLOR: &str = "#9e9e9e";

/// Renders the report as a self-contained HTML page.
///
/// `index` is the address of the store-wide index page the report links back to, when it was
/// written as part of one (`report --all`).
pub fn render_html(report: &ArticleReport, index: Option<&str>) -> String {
    let mut out = String::with_capacity(64 * 1024 + report.text.len() * 2);
    let title = report.title.as_deref().unwrap_or(&report.article);
    page_start(
        &mut out,
        &format!("Fact-check report: {title}"),
        &report.workflow_states,
    );
    header(&mut out, report, title, index);
    let _ = writeln!(
        out,
        "<nav class=\"toc\" aria-label=\"Sections\"><a href=\"#summary\">Summary</a><a href=\"#article\">Article</a><a href=\"#claims\">Claims</a>{}<a href=\"#history\">History</a><a href=\"#revisions\">Revisions</a></nav>",
        if report.revision > 1 {
            "<a href=\"#changes\">Changes</a>"
        } else {
            ""
        }
    );
    out.push_str("<main>\n");
    summary(&mut out, report);
    article_text(&mut out, report);
    claims_table(&mut out, report);
    if report.revision > 1 {
        changes(&mut out, report);
    }
    histories(&mut out, report);
    revisions(&mut out, report);
    out.push_str("</main>\n");
    footer(
        &mut out,
        report.audit_head.seq,
        &report.audit_head.hash,
        &report.generated_at,
    );
    out.push_str("</body>\n</html>\n");
    out
}

// ---- page frame --------------------------------------------------------------------------

/// `<!DOCTYPE>` to `<body>`, with the style sheet and one colour rule per workflow state.
pub(super) fn page_start(out: &mut String, title: &str, states: &[StateView]) {
    out.push_str("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
    out.push_str("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
    // The report must never reach the network: no fetch can leak that someone opened it.
    out.push_str("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">\n");
    out.push_str("<meta name=\"generator\" content=\"factdesk\">\n");
    let _ = writeln!(out, "<title>{}</title>", esc(title));
    out.push_str("<style>\n");
    out.push_str(CSS);
    for state in states {
        state_rules(out, &state_class(&state.name), &state.color);
    }
    state_rules(out, "s-other", OTHER_COLOR);
    out.push_str("</style>\n</head>\n<body>\n");
}

/// The colour rules of one state: a light tint behind highlighted text, the full colour for the
/// underline, pills and swatches, with text that stays readable on it.
fn state_rules(out: &mut String, class: &str, color: &str) {
    let color = safe_color(color);
    let tint = mix_with_white(color, 0.24);
    let ink = if luminance(color) > 0.55 {
        "#1b1f24"
    } else {
        "#ffffff"
    };
    let _ = writeln!(
        out,
        ".hl.{class}{{background:{tint};border-bottom-color:{color}}}\n.o-{class}{{box-shadow:inset 0 3px 0 {color}}}\n.pill.{class},.swatch.{class}{{background:{color};color:{ink}}}"
    );
}

fn header(out: &mut String, report: &ArticleReport, title: &str, index: Option<&str>) {
    out.push_str("<header class=\"top\">\n");
    if let Some(index) = index {
        let _ = writeln!(
            out,
            "<p class=\"back\"><a href=\"{}\">← All articles</a></p>",
            esc(index)
        );
    }
    out.push_str("<p class=\"eyebrow\">Fact-check audit report</p>\n");
    let _ = writeln!(out, "<h1>{}</h1>", esc(title));
    out.push_str("<dl class=\"meta\">\n");
    let url = match &report.url {
        Some(url) => format!(" · {}", link(url)),
        None => String::new(),
    };
    meta_row(
        out,
        "Article",
        &format!("<code>{}</code>{url}", esc(&report.article)),
    );
    if let Some(published) = &report.published {
        meta_row(out, "Published", &esc(published));
    }
    let latest = report.revisions.last();
    let mut revision = format!(
        "<strong>{}</strong> of {}",
        report.revision, report.latest_revision
    );
    if let Some(rev) = latest {
        let _ = write!(
            revision,
            " · ingested {} by {} from {} · <code title=\"BLAKE3 of the normalized text\">{}</code>",
            esc(&rev.ingested_at),
            esc(&rev.ingested_by),
            esc(&rev.source),
            esc(short_hash(&rev.content_hash))
        );
    }
    meta_row(out, "Revision", &revision);
    meta_row(
        out,
        "Workflow",
        &format!(
            "{} · <code title=\"{}\">{}</code>",
            esc(&report.workflow),
            esc(&report.workflow_hash),
            esc(short_hash(&report.workflow_hash))
        ),
    );
    let mut audit = audit_badge(&report.audit);
    let _ = write!(
        audit,
        " head <strong>#{}</strong> <code class=\"hash\">{}</code>",
        report.audit_head.seq,
        esc(&report.audit_head.hash)
    );
    if report.as_of < report.audit_head.seq {
        let _ = write!(
            audit,
            "<br><span class=\"muted\">Reviews as they stood at event #{}, before revision {} was ingested.</span>",
            report.as_of,
            report.revision + 1
        );
    }
    meta_row(out, "Audit log", &audit);
    meta_row(out, "Generated", &esc(&report.generated_at));
    out.push_str("</dl>\n</header>\n");
}

pub(super) fn audit_badge(audit: &AuditView) -> String {
    if audit.verified {
        let title = match audit.scope {
            "article" => {
                "this article's audit events, their links into the chain, and its records checked out when this report was made (factdesk audit verify checks the whole store)"
            }
            _ => "factdesk audit verify passed when this report was made",
        };
        format!("<span class=\"badge ok\" title=\"{title}\">✓ verified</span>")
    } else {
        format!(
            "<span class=\"badge bad\">✗ verification failed</span> <span class=\"fail\">{}</span>",
            esc(audit.failure.as_deref().unwrap_or("unknown failure"))
        )
    }
}

pub(super) fn meta_row(out: &mut String, label: &str, html: &str) {
    let _ = writeln!(out, "<div><dt>{}</dt><dd>{html}</dd></div>", esc(label));
}

pub(super) fn footer(out: &mut String, seq: u64, hash: &str, generated: &str) {
    let _ = writeln!(
        out,
        "<footer>Generated by factdesk at {} from audit head #{seq}. To check that the log still holds this head unchanged: <code>factdesk audit verify --anchor {seq}:{}</code></footer>",
        esc(generated),
        esc(hash)
    );
}

// ---- summary -----------------------------------------------------------------------------

fn summary(out: &mut String, report: &ArticleReport) {
    let total = report.claims.len();
    let accepted = report
        .claims
        .iter()
        .filter(|c| state_of(report, &c.state).is_some_and(|s| s.accepted))
        .count();
    out.push_str("<section id=\"summary\">\n<h2>Summary</h2>\n");
    let _ = writeln!(
        out,
        "<p class=\"total\"><strong>{total}</strong> claim{} · <strong>{accepted}</strong> with a verdict · <strong>{}</strong> waiting</p>",
        if total == 1 { "" } else { "s" },
        total - accepted
    );
    let mut counts: Vec<(String, String, usize)> = report
        .workflow_states
        .iter()
        .map(|s| (s.name.clone(), state_class(&s.name), s.count))
        .collect();
    let known: usize = counts.iter().map(|c| c.2).sum();
    if known < total {
        counts.push(("other".to_owned(), "s-other".to_owned(), total - known));
    }
    state_bar(out, &counts, &report.workflow_states);
    out.push_str("<ul class=\"legend\">\n");
    for state in &report.workflow_states {
        let _ = writeln!(
            out,
            "<li><span class=\"swatch {}\"></span><span class=\"name\">{}</span> <strong>{}</strong> <span class=\"muted\">{}{}</span></li>",
            state_class(&state.name),
            esc(&state.name),
            state.count,
            esc(&state.description),
            match &state.rating {
                Some(r) => format!(" · rated “{}”", esc(r)),
                None => String::new(),
            }
        );
    }
    if known < total {
        let _ = writeln!(
            out,
            "<li><span class=\"swatch s-other\"></span><span class=\"name\">other</span> <strong>{}</strong> <span class=\"muted\">states the current workflow does not have</span></li>",
            total - known
        );
    }
    out.push_str("</ul>\n</section>\n");
}

/// A stacked bar of claims per state, as inline SVG (no script, prints as drawn).
pub(super) fn state_bar(
    out: &mut String,
    counts: &[(String, String, usize)],
    states: &[StateView],
) {
    let total: usize = counts.iter().map(|c| c.2).sum();
    let label: Vec<String> = counts
        .iter()
        .filter(|c| c.2 > 0)
        .map(|(name, _, n)| format!("{name}: {n}"))
        .collect();
    let _ = writeln!(
        out,
        "<svg class=\"bar\" viewBox=\"0 0 1000 28\" preserveAspectRatio=\"none\" role=\"img\" aria-label=\"{}\">",
        esc(&if label.is_empty() {
            "no claims".to_owned()
        } else {
            label.join(", ")
        })
    );
    if total == 0 {
        out.push_str(
            "<rect width=\"1000\" height=\"28\" rx=\"6\" fill=\"#e6e8eb\"></rect>\n</svg>\n",
        );
        return;
    }
    let mut x = 0.0_f64;
    let visible: Vec<&(String, String, usize)> = counts.iter().filter(|c| c.2 > 0).collect();
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
        let _ = writeln!(
            out,
            "<rect x=\"{x:.2}\" width=\"{width:.2}\" height=\"28\" fill=\"{color}\"><title>{}: {n}</title></rect>",
            esc(name)
        );
        x += width;
    }
    out.push_str("</svg>\n");
}

// ---- article text ------------------------------------------------------------------------

/// One highlighted range of the text: a part of a claim, in bytes.
struct Part {
    start: usize,
    end: usize,
    claim: usize,
}

fn article_text(out: &mut String, report: &ArticleReport) {
    let _ = writeln!(
        out,
        "<section id=\"article\">\n<h2>Article text <span class=\"muted\">revision {}</span></h2>\n<p class=\"hint\">Each claim is highlighted in the colour of its state and numbered; the number links to its entry.</p>\n<div class=\"reader\">\n<div class=\"article-text\">",
        report.revision
    );
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
    for part in &parts {
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
    let mut open = false;
    let mut next_end = 0;
    for pair in cuts.windows(2) {
        let (a, b) = (pair[0], pair[1]);
        let piece = &text[a..b];
        if piece == "\n" {
            if open {
                out.push_str("</p>\n");
                open = false;
            }
        } else if !piece.is_empty() {
            if !open {
                out.push_str("<p>");
                open = true;
            }
            segment(out, report, &parts, a, b, piece);
        }
        while next_end < ends.len() && ends[next_end].0 <= b {
            let i = ends[next_end].1;
            if !open {
                out.push_str("<p>");
                open = true;
            }
            let claim = &report.claims[i];
            let _ = write!(
                out,
                "<sup class=\"ref\" id=\"text-{id}\"><a href=\"#claim-{id}\" title=\"{}\">{}</a></sup>",
                esc(&claim.state),
                i + 1,
                id = esc(&claim.short_id)
            );
            next_end += 1;
        }
    }
    if open {
        out.push_str("</p>\n");
    }
    out.push_str("</div>\n");
    claim_key(out, report);
    out.push_str("</div>\n</section>\n");
}

/// The margin beside the article: every claim in text order with its state, for a reader who
/// wants the verdicts at a glance while reading.
fn claim_key(out: &mut String, report: &ArticleReport) {
    if report.claims.is_empty() {
        return;
    }
    out.push_str("<aside class=\"key\" aria-label=\"Claims in text order\"><h3>Claims in the text</h3>\n<ol>\n");
    for (i, reviewed) in report.claims.iter().enumerate() {
        let _ = writeln!(
            out,
            "<li><a href=\"#claim-{}\"><span class=\"n\">{}</span>{}<span class=\"t\">{}</span></a></li>",
            esc(&reviewed.short_id),
            i + 1,
            pill(&reviewed.state, &state_class_of(report, &reviewed.state)),
            esc(&shorten(&claim_text(&reviewed.claim), 60))
        );
    }
    out.push_str("</ol></aside>\n");
}

/// One stretch of text between cuts: plain, or a link to the innermost claim that covers it.
/// Links cannot nest, so a claim inside another (a number inside a quote) gets the highlight and
/// the outer one shows as a line above it in its own colour.
fn segment(
    out: &mut String,
    report: &ArticleReport,
    parts: &[Part],
    a: usize,
    b: usize,
    piece: &str,
) {
    let covering: Vec<&Part> = parts
        .iter()
        .filter(|p| p.start <= a && b <= p.end)
        .collect();
    let Some(inner) = covering
        .iter()
        .min_by_key(|p| (p.end - p.start, std::cmp::Reverse(p.claim)))
    else {
        out.push_str(&esc(piece));
        return;
    };
    let claim = &report.claims[inner.claim];
    let mut class = format!("hl {}", state_class_of(report, &claim.state));
    if let Some(outer) = covering
        .iter()
        .filter(|p| p.claim != inner.claim)
        .max_by_key(|p| p.end - p.start)
    {
        let _ = write!(
            class,
            " o-{}",
            state_class_of(report, &report.claims[outer.claim].state)
        );
    }
    let _ = write!(
        out,
        "<a class=\"{class}\" href=\"#claim-{}\" title=\"#{} {} · {}\">{}</a>",
        esc(&claim.short_id),
        inner.claim + 1,
        esc(claim.claim.kind),
        esc(&claim.state),
        esc(piece)
    );
}

// ---- claims ------------------------------------------------------------------------------

fn claims_table(out: &mut String, report: &ArticleReport) {
    out.push_str("<section id=\"claims\">\n<h2>Claims</h2>\n");
    if report.claims.is_empty() {
        out.push_str("<p class=\"muted\">This revision has no claims.</p>\n</section>\n");
        return;
    }
    out.push_str("<div class=\"table-wrap\"><table class=\"claims\">\n<thead><tr><th>#</th><th>Kind</th><th>Claim</th><th>Speaker / value</th><th>State</th><th>Sources and evidence</th><th>Notes</th><th>Last change</th></tr></thead>\n<tbody>\n");
    for (i, claim) in report.claims.iter().enumerate() {
        claim_row(out, report, i, claim);
    }
    out.push_str("</tbody>\n</table></div>\n</section>\n");
}

fn claim_row(out: &mut String, report: &ArticleReport, i: usize, reviewed: &ReviewedClaimView) {
    let claim = &reviewed.claim;
    let id = esc(&reviewed.short_id);
    let _ = write!(
        out,
        "<tr id=\"claim-{id}\"><td class=\"num\"><a href=\"#text-{id}\" title=\"show in the text\">{}</a></td><td><span class=\"kind\">{}</span></td>",
        i + 1,
        esc(claim.kind)
    );
    let _ = write!(
        out,
        "<td class=\"claim\"><div class=\"ctext\">{}</div><div class=\"ctx\">{}</div><code class=\"id\" title=\"{}\">{id}</code></td>",
        esc(&claim_text(claim)),
        esc(&claim.sentence_text),
        esc(&claim.id)
    );
    let mut value = esc(&detail(claim));
    if claim.kind == "quote" {
        if let Some(mention) = &claim.speaker_mention
            && Some(mention) != claim.speaker.as_ref()
        {
            let _ = write!(value, "<div class=\"muted\">as “{}”</div>", esc(mention));
        }
    } else if let Some(bound) = claim.bound
        && bound != "exact"
    {
        let _ = write!(value, "<div class=\"muted\">{}</div>", esc(bound));
    }
    let _ = write!(out, "<td>{value}</td>");
    let _ = write!(
        out,
        "<td>{}</td>",
        pill(&reviewed.state, &state_class_of(report, &reviewed.state))
    );
    out.push_str("<td class=\"remarks\">");
    if reviewed.sources.is_empty() && reviewed.evidence.is_empty() {
        out.push_str("<span class=\"muted\">none</span>");
    }
    for source in &reviewed.sources {
        let _ = write!(
            out,
            "<div class=\"remark\">{} <span class=\"by\">{} · {}</span></div>",
            link(&source.text),
            esc(&source.by),
            esc(day(&source.at))
        );
    }
    for evidence in &reviewed.evidence {
        let _ = write!(
            out,
            "<div class=\"remark\">📎 {} <span class=\"by\">{} bytes · {} · {}</span><br><code class=\"hash\" title=\"factdesk evidence get {} -o FILE\">{}</code></div>",
            esc(&evidence.name),
            evidence.size,
            esc(&evidence.by),
            esc(day(&evidence.at)),
            esc(&evidence.hash),
            esc(&evidence.hash)
        );
    }
    out.push_str("</td><td class=\"remarks\">");
    if let Some(changed) = &reviewed.changed_from {
        let _ = write!(
            out,
            "<div class=\"remark changed\">changed in this revision: {} <span class=\"by\">was {}</span></div>",
            esc(&changed.summary),
            esc(&changed.state)
        );
    }
    if reviewed.notes.is_empty() && reviewed.changed_from.is_none() {
        out.push_str("<span class=\"muted\">none</span>");
    }
    for note in &reviewed.notes {
        let _ = write!(
            out,
            "<div class=\"remark\">{} <span class=\"by\">{} · {}</span></div>",
            esc(&note.text),
            esc(&note.by),
            esc(day(&note.at))
        );
    }
    let _ = writeln!(
        out,
        "</td><td class=\"when\">{}<br><span class=\"muted\">{}</span><br><a href=\"#history-{id}\">history</a></td></tr>",
        esc(&reviewed.updated_by),
        esc(&reviewed.updated_at)
    );
}

fn pill(state: &str, class: &str) -> String {
    format!("<span class=\"pill {class}\">{}</span>", esc(state))
}

// ---- changes, history, revisions ---------------------------------------------------------

fn changes(out: &mut String, report: &ArticleReport) {
    let _ = writeln!(
        out,
        "<section id=\"changes\">\n<h2>Changes since revision {}</h2>",
        report.revision - 1
    );
    if report.changes.is_empty() {
        out.push_str("<p class=\"muted\">No claim changed.</p>\n</section>\n");
        return;
    }
    out.push_str("<div class=\"table-wrap\"><table class=\"changes\">\n<thead><tr><th>Change</th><th>Kind</th><th>Claim</th><th>What changed</th></tr></thead>\n<tbody>\n");
    for change in &report.changes {
        change_row(out, change);
    }
    out.push_str("</tbody>\n</table></div>\n</section>\n");
}

fn change_row(out: &mut String, change: &ChangeView) {
    let claim = match (&change.old, &change.new) {
        (Some(old), Some(new)) if change.change == "modified" => format!(
            "<del>{}</del><br><ins>{}</ins>",
            esc(&claim_text(old)),
            esc(&claim_text(new))
        ),
        (_, Some(claim)) | (Some(claim), None) => esc(&claim_text(claim)),
        (None, None) => String::new(),
    };
    let target = change
        .new
        .as_ref()
        .map(|c| format!(" <a href=\"#claim-{}\">→</a>", esc(short_claim(&c.id))))
        .unwrap_or_default();
    let reasons = if change.reasons.is_empty() {
        String::new()
    } else {
        format!(
            " <span class=\"muted\">({})</span>",
            esc(&change.reasons.join(", "))
        )
    };
    let _ = writeln!(
        out,
        "<tr><td><span class=\"change c-{0}\">{0}</span></td><td><span class=\"kind\">{1}</span></td><td>{claim}{target}</td><td>{2}{reasons}</td></tr>",
        esc(change.change),
        esc(change.kind),
        esc(&change.summary)
    );
}

fn histories(out: &mut String, report: &ArticleReport) {
    out.push_str("<section id=\"history\">\n<h2>Claim history</h2>\n<p class=\"hint\">Every decision from the hash-chained audit log, oldest first: the ingest that brought the claim in, then each transition with who made it and what they gave.</p>\n<div class=\"histories\">\n");
    for (i, reviewed) in report.claims.iter().enumerate() {
        let id = esc(&reviewed.short_id);
        let _ = writeln!(
            out,
            "<div class=\"hist\" id=\"history-{id}\"><h3><a href=\"#claim-{id}\">{}</a> {} {}</h3>\n<ol>",
            i + 1,
            esc(&claim_text(&reviewed.claim)),
            pill(&reviewed.state, &state_class_of(report, &reviewed.state))
        );
        for event in &reviewed.history {
            history_item(out, event);
        }
        out.push_str("</ol></div>\n");
    }
    out.push_str("</div>\n</section>\n");
}

fn history_item(out: &mut String, event: &EventView) {
    let what = match event.event {
        "transition" => {
            let mut what = format!(
                "<b>{}</b>: {} → {}",
                esc(event.transition.as_deref().unwrap_or("")),
                esc(event.from.as_deref().unwrap_or("")),
                esc(event.to.as_deref().unwrap_or(""))
            );
            if let Some(source) = &event.source {
                let _ = write!(what, "<br>source: {}", link(source));
            }
            if let Some(note) = &event.note {
                let _ = write!(what, "<br>note: {}", esc(note));
            }
            if let Some(evidence) = &event.evidence {
                let _ = write!(
                    what,
                    "<br>evidence: <code class=\"hash\">{}</code>",
                    esc(short_hash(evidence))
                );
            }
            what
        }
        _ => match &event.replaces {
            Some(replaces) => format!(
                "replaced <code class=\"hash\">{}</code> with revision {}: {}{}",
                esc(short_claim(&replaces.claim)),
                event.revision.unwrap_or_default(),
                esc(&replaces.summary),
                replaces
                    .state
                    .as_deref()
                    .map(|state| format!(" (it was {})", esc(state)))
                    .unwrap_or_default()
            ),
            None => format!(
                "{} with revision {}",
                if event.appeared == Some(false) {
                    "removed"
                } else {
                    "appeared"
                },
                event.revision.unwrap_or_default()
            ),
        },
    };
    // Events about a claim this one replaced say which claim they were about.
    let what = match &event.claim {
        Some(claim) => format!(
            "<code class=\"hash\">{}</code> {what}",
            esc(short_claim(claim))
        ),
        None => what,
    };
    let _ = writeln!(
        out,
        "<li><span class=\"seq\" title=\"event hash {}\">#{}</span> <span class=\"muted\">{}</span> {} — {what}</li>",
        esc(&event.hash),
        event.seq,
        esc(&event.at),
        esc(&event.actor)
    );
}

fn revisions(out: &mut String, report: &ArticleReport) {
    out.push_str("<section id=\"revisions\">\n<h2>Revisions</h2>\n<div class=\"table-wrap\"><table>\n<thead><tr><th>Rev</th><th>Published</th><th>Ingested</th><th>By</th><th>Source</th><th>Claims</th><th>Content hash (BLAKE3)</th></tr></thead>\n<tbody>\n");
    for rev in &report.revisions {
        let _ = writeln!(
            out,
            "<tr{}><td class=\"num\">{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td class=\"num\">{}</td><td><code class=\"hash\">{}</code></td></tr>",
            if rev.number == report.revision {
                " class=\"current\""
            } else {
                ""
            },
            rev.number,
            rev.published.as_deref().map_or("—".to_owned(), esc),
            esc(&rev.ingested_at),
            esc(&rev.ingested_by),
            esc(&rev.source),
            rev.claims,
            esc(&rev.content_hash)
        );
    }
    out.push_str("</tbody>\n</table></div>\n</section>\n");
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
pub(super) fn link(text: &str) -> String {
    let lower = text.trim().to_ascii_lowercase();
    let is_url = (lower.starts_with("https://") || lower.starts_with("http://"))
        && !text.trim().contains(char::is_whitespace);
    if is_url {
        format!(
            "<a href=\"{0}\" rel=\"noopener noreferrer\">{0}</a>",
            esc(text.trim())
        )
    } else {
        esc(text)
    }
}

fn short_claim(id: &str) -> &str {
    id.get(..SHORT_ID_LEN).unwrap_or(id)
}

fn short_hash(hash: &str) -> &str {
    hash.get(..16).unwrap_or(hash)
}

/// Escapes text for HTML content and quoted attribute values.
pub(super) fn esc(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    for ch in text.chars() {
        match ch {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            // Control characters other than tab and newline are not allowed in HTML text.
            c if c.is_control() && c != '\n' && c != '\t' => out.push('\u{fffd}'),
            c => out.push(c),
        }
    }
    out
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
.by{color:var(--muted);font-size:12px;white-space:nowrap}
td.when{white-space:nowrap;font-size:12.5px}
.change{display:inline-block;border-radius:4px;padding:0 6px;font-size:12px;font-weight:600;background:var(--soft)}
.c-added{background:#e3f4e6;color:#1d6b2a}.c-removed{background:#fde8e8;color:#a61b1b}.c-modified{background:#fff2d6;color:#8a5a00}.c-moved{background:#e8eefc;color:#24548f}
del{color:#a61b1b}ins{color:#1d6b2a;text-decoration:none}
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
    use super::{esc, link, luminance, mix_with_white, state_class};

    #[test]
    fn escapes_markup_and_quotes() {
        assert_eq!(
            esc("<script>alert(\"x\" & 'y')</script>"),
            "&lt;script&gt;alert(&quot;x&quot; &amp; &#39;y&#39;)&lt;/script&gt;"
        );
    }

    #[test]
    fn links_only_web_urls() {
        assert!(
            link("https://news.un.org/a?b=1&c=2")
                .starts_with("<a href=\"https://news.un.org/a?b=1&amp;c=2\"")
        );
        assert_eq!(link("javascript:alert(1)"), "javascript:alert(1)");
        assert_eq!(link("UN briefing, 12 March"), "UN briefing, 12 March");
    }

    #[test]
    fn colours() {
        assert_eq!(mix_with_white("#000000", 0.5), "#80808080"[..7].to_owned());
        assert!(luminance("#ffffff") > 0.99 && luminance("#000000") < 0.01);
        assert_eq!(state_class("verified"), "s-verified");
        assert_eq!(state_class("x\"><script>"), "s-other");
    }
}
