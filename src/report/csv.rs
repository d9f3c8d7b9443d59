//! The CSV report: one row a claim, for spreadsheets and systems.
//!
//! RFC 4180: records end in CRLF, and a field holding a comma, a quotation mark, CR or LF is
//! quoted with its quotation marks doubled, so notes with commas and line breaks survive a round
//! trip through a spreadsheet. Written by hand: it is a few lines, and the quoting rule is the
//! whole of the format. The columns are a contract (README.md lists them): columns may be added
//! at the end, never renamed, removed or reordered.

use super::display::format_number;
use super::{ArticleReport, ReviewedClaimView};

/// The header row, in order.
pub const CSV_COLUMNS: [&str; 32] = [
    "article",
    "revision",
    "id",
    "short_id",
    "kind",
    "state",
    "text",
    "speaker",
    "speaker_mention",
    "qualifier",
    "bound",
    "value",
    "low",
    "high",
    "unit",
    "phrase",
    "start",
    "end",
    "spans",
    "paragraph",
    "sentence",
    "sentence_text",
    "sources",
    "evidence",
    "notes",
    "updated_by",
    "updated_at",
    "first_revision",
    "earlier",
    "earlier_sources",
    "earlier_evidence",
    "earlier_notes",
];

/// Renders the report's claims as CSV with a header row.
pub fn render_csv(report: &ArticleReport) -> String {
    let mut out = String::new();
    record(&mut out, CSV_COLUMNS.iter().map(|c| (*c).to_owned()));
    for claim in &report.claims {
        record(&mut out, row(report, claim));
    }
    out
}

fn row(report: &ArticleReport, reviewed: &ReviewedClaimView) -> impl Iterator<Item = String> {
    let c = &reviewed.claim;
    let opt = |v: &Option<String>| v.clone().unwrap_or_default();
    let num = |v: Option<f64>| v.map(format_number).unwrap_or_default();
    // Cells holding several items put one per line: the quoting keeps them in one cell.
    let lines = |items: Vec<String>| items.join("\n");
    let spans: Vec<String> = c.spans.iter().map(|[s, e]| format!("{s}-{e}")).collect();
    let changed = reviewed.changed_from.as_ref();
    [
        report.article.clone(),
        report.revision.to_string(),
        c.id.clone(),
        reviewed.short_id.clone(),
        c.kind.as_str().to_owned(),
        reviewed.state.clone(),
        c.text.clone(),
        opt(&c.speaker),
        opt(&c.speaker_mention),
        opt(&c.qualifier),
        c.bound.unwrap_or_default().to_owned(),
        num(c.value),
        num(c.low),
        num(c.high),
        opt(&c.unit),
        opt(&c.phrase),
        c.start.to_string(),
        c.end.to_string(),
        spans.join(";"),
        c.paragraph.to_string(),
        c.sentence.to_string(),
        c.sentence_text.clone(),
        lines(reviewed.sources.iter().map(|r| r.text.clone()).collect()),
        lines(
            reviewed
                .evidence
                .iter()
                .map(|e| format!("{} {}", e.hash, e.name))
                .collect(),
        ),
        lines(reviewed.notes.iter().map(|r| r.text.clone()).collect()),
        reviewed.updated_by.clone(),
        reviewed.updated_at.clone(),
        reviewed
            .first_revision
            .map(|n| n.to_string())
            .unwrap_or_default(),
        // What the review carries from before the claim's last change, given for the earlier
        // value: apart from the sources of the claim as it stands.
        changed.and_then(|c| c.earlier.clone()).unwrap_or_default(),
        lines(changed.map_or_else(Vec::new, |c| {
            c.sources.iter().map(|r| r.text.clone()).collect()
        })),
        lines(changed.map_or_else(Vec::new, |c| {
            c.evidence
                .iter()
                .map(|e| format!("{} {}", e.hash, e.name))
                .collect()
        })),
        lines(changed.map_or_else(Vec::new, |c| {
            c.notes.iter().map(|r| r.text.clone()).collect()
        })),
    ]
    .into_iter()
}

fn record(out: &mut String, fields: impl Iterator<Item = String>) {
    for (i, field) in fields.enumerate() {
        if i > 0 {
            out.push(',');
        }
        field_into(out, &field);
    }
    out.push_str("\r\n");
}

fn field_into(out: &mut String, field: &str) {
    if field.contains([',', '"', '\r', '\n']) {
        out.push('"');
        out.push_str(&field.replace('"', "\"\""));
        out.push('"');
    } else {
        out.push_str(field);
    }
}

#[cfg(test)]
mod tests {
    use super::field_into;

    fn field(text: &str) -> String {
        let mut out = String::new();
        field_into(&mut out, text);
        out
    }

    #[test]
    fn quotes_only_what_needs_it() {
        assert_eq!(field("plain text"), "plain text");
        assert_eq!(field(""), "");
        assert_eq!(field("a, b"), "\"a, b\"");
        assert_eq!(field("say \"no\""), "\"say \"\"no\"\"\"");
        assert_eq!(field("line\nbreak"), "\"line\nbreak\"");
        assert_eq!(field("cr\rhere"), "\"cr\rhere\"");
    }
}
