//! The Markdown report: for people reading in a terminal, an editor or a pull request.

use std::fmt::Write;

use super::display::{claim_text, detail};
use super::{ArticleReport, ClaimView, ReviewedClaimView};
use crate::model::ClaimKind;

/// Renders a report as Markdown.
pub fn render_markdown(report: &ArticleReport) -> String {
    let mut out = String::new();
    header(&mut out, report);
    summary(&mut out, report);
    claims(&mut out, report);
    changes(&mut out, report);
    revisions(&mut out, report);
    out
}

/// The title and the list of what the report is about: article, revision, workflow, audit.
fn header(out: &mut String, report: &ArticleReport) {
    let title = report.title.as_deref().unwrap_or(&report.article);
    let _ = writeln!(out, "# Fact-check report: {}\n", escape(title));
    let _ = writeln!(out, "- Article: `{}`", report.article);
    if let Some(url) = &report.url {
        // An autolink only for an address that cannot close it early; a store written before
        // addresses were checked may hold any text.
        if crate::desk::check_web_address("", url).is_ok() {
            let _ = writeln!(out, "- URL: <{url}>");
        } else {
            let _ = writeln!(out, "- URL: {}", escape(url));
        }
    }
    if let Some(published) = &report.published {
        let _ = writeln!(out, "- Published: {published}");
    }
    let _ = writeln!(
        out,
        "- Revision: {} of {}",
        report.revision, report.latest_revision
    );
    let _ = writeln!(
        out,
        "- Workflow: {} (`{}`)",
        escape(&report.workflow),
        &report.workflow_hash[..16]
    );
    let _ = writeln!(
        out,
        "- Audit head: event {} `{}`",
        report.audit_head.seq, report.audit_head.hash
    );
    match &report.audit.failure {
        None => {
            let _ = writeln!(out, "- Audit verify: passed");
        }
        Some(failure) => {
            let _ = writeln!(out, "- Audit verify: **FAILED** at {}", escape(failure));
        }
    }
    if report.as_of < report.audit_head.seq {
        let _ = writeln!(
            out,
            "- Reviews as they stood at event {}, before revision {} was ingested",
            report.as_of,
            report.revision + 1
        );
    }
    let _ = writeln!(out, "- Generated: {}\n", report.generated_at);
}

/// The claims per state.
fn summary(out: &mut String, report: &ArticleReport) {
    let _ = writeln!(out, "## Summary\n");
    let total = report.claims.iter().filter(|c| c.claim.counts()).count();
    let mut counts: Vec<String> = report
        .states
        .iter()
        .map(|(s, n)| format!("{}: {n}", escape(s)))
        .collect();
    // After a switch of workflow, claims not yet moved stand in states it does not have.
    let known: usize = report.states.iter().map(|(_, n)| n).sum();
    if known < total {
        counts.push(format!(
            "in states the workflow does not have: {}",
            total - known
        ));
    }
    let _ = writeln!(out, "{total} claims — {}\n", counts.join(", "));
}

/// The claim table.
fn claims(out: &mut String, report: &ArticleReport) {
    let _ = writeln!(out, "## Claims\n");
    let _ = writeln!(
        out,
        "| id | kind | claim | speaker / value | state | sources | notes | last change |"
    );
    let _ = writeln!(out, "|---|---|---|---|---|---|---|---|");
    for claim in &report.claims {
        let _ = writeln!(
            out,
            "| `{}` | {} | {} | {} | **{}** | {} | {} | {} |",
            claim.short_id,
            claim.claim.kind,
            claim_cell(&claim.claim),
            escape(&detail(&claim.claim)),
            escape(&claim.state),
            remarks(claim, true),
            remarks(claim, false),
            format_args!("{} {}", escape(&claim.updated_by), claim.updated_at),
        );
    }
    out.push('\n');
}

/// The claim as quoted and, for a number, the sentence it occurs in: a figure means little
/// without it (the HTML report shows every claim's sentence under it).
fn claim_cell(claim: &ClaimView) -> String {
    let text = escape(&claim_text(claim));
    match claim.kind {
        ClaimKind::Number => format!("{text}<br>in: {}", escape(&claim.sentence_text)),
        ClaimKind::Quote => text,
    }
}

/// The claim changes since the revision before, if there is one.
fn changes(out: &mut String, report: &ArticleReport) {
    if report.revision > 1 {
        let _ = writeln!(out, "## Changes since revision {}\n", report.revision - 1);
        if report.changes.is_empty() {
            let _ = writeln!(out, "No claim changed.\n");
        }
        for change in &report.changes {
            let claim = change.new.as_ref().or(change.old.as_ref());
            let text = claim.map(claim_text).unwrap_or_default();
            let summary = if change.summary.is_empty() {
                String::new()
            } else {
                format!(": {}", change.summary)
            };
            let _ = writeln!(
                out,
                "- **{}** {} {}{}",
                change.change,
                change.kind.map_or("", ClaimKind::as_str),
                escape(&text),
                escape(&summary)
            );
        }
        out.push('\n');
    }
}

/// The revision table.
fn revisions(out: &mut String, report: &ArticleReport) {
    let _ = writeln!(out, "## Revisions\n");
    let _ = writeln!(
        out,
        "| rev | published | ingested | by | source | claims | content hash |"
    );
    let _ = writeln!(out, "|---|---|---|---|---|---|---|");
    for rev in &report.revisions {
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} | {} | {} | `{}` |",
            rev.number,
            rev.published.as_deref().map_or("—".to_owned(), escape),
            rev.ingested_at,
            escape(&rev.ingested_by),
            escape(&rev.source),
            rev.claims,
            &rev.content_hash[..16]
        );
    }
}

fn remarks(claim: &ReviewedClaimView, sources: bool) -> String {
    let list = if sources {
        &claim.sources
    } else {
        &claim.notes
    };
    let mut items: Vec<String> = list
        .iter()
        .map(|r| format!("{} ({})", escape(&r.text), escape(&r.by)))
        .collect();
    if let (false, Some(changed)) = (sources, &claim.changed_from) {
        items.insert(
            0,
            format!(
                "changed: {} (was {})",
                escape(&changed.summary),
                escape(&changed.state)
            ),
        );
    }
    if !sources {
        items.extend(claim.claim.curation_lines().iter().map(|l| escape(l)));
    }
    let evidence = |e: &super::EvidenceView| {
        format!(
            "evidence {} `{}` ({})",
            escape(&e.name),
            &e.hash[..16],
            escape(&e.by)
        )
    };
    if sources {
        items.extend(claim.evidence.iter().map(evidence));
    }
    // Gathered for the earlier value: labelled so, never as backing the claim as it stands.
    if let Some(changed) = &claim.changed_from {
        let (list, files) = if sources {
            (&changed.sources, &changed.evidence[..])
        } else {
            (&changed.notes, &[][..])
        };
        let mut earlier: Vec<String> = list
            .iter()
            .map(|r| format!("{} ({})", escape(&r.text), escape(&r.by)))
            .collect();
        earlier.extend(files.iter().map(evidence));
        if !earlier.is_empty() {
            let from = match &changed.earlier {
                Some(what) => format!("from the earlier {}", escape(what)),
                None => "from before the change".to_owned(),
            };
            items.push(format!("_{from}:_ {}", earlier.join("; ")));
        }
    }
    items.join("<br>")
}

/// Every text from outside (the article, notes, names, workflow states) is shown as written:
/// pipes and line breaks would break a table row, `<` and `&` would become HTML (a live
/// `<script>` in a CommonMark viewer), and `[`, `]`, `*`, `_`, `` ` `` and `~` links, images,
/// emphasis or code. Other punctuation means something only next to these.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '\n' | '\r' => out.push(' '),
            '\\' | '`' | '*' | '_' | '[' | ']' | '|' | '~' => {
                out.push('\\');
                out.push(c);
            }
            c => out.push(c),
        }
    }
    out
}
