//! The HTML report and the `report --all` index, pinned byte for byte by insta snapshots: the
//! reviewed fixture article, `--rev 1` as it stood and the revision after it, an article whose
//! title, text, workflow, sources, notes and evidence are full of markup, quotation marks,
//! ampersands and a control character, an article without claims, and the index pages.

use std::path::Path;

use crate::common::{ARTICLE, TestEnv, find, fixture, short};
use crate::report_formats::reviewed;

/// Compares `actual` with its snapshot, tests/integration/snapshots/*__report_html__NAME.snap
/// (`INSTA_UPDATE=always cargo test --test integration report_html` rewrites them).
///
/// insta trims trailing whitespace and reads CRLF as LF; a page ends in exactly one LF and holds
/// no carriage return, so the snapshot and these checks together pin every byte.
fn snapshot(name: &str, actual: &str) {
    assert_eq!(&actual[actual.trim_end().len()..], "\n", "{name}: the end");
    assert!(!actual.contains('\r'), "{name}: a carriage return");
    insta::with_settings!({ omit_expression => true }, {
        insta::assert_snapshot!(name, actual);
    });
}

fn html(env: &TestEnv, article: &str, extra: &[&str]) -> String {
    let mut args = vec!["report", article, "--format", "html"];
    args.extend_from_slice(extra);
    env.ok(&args)
}

/// `report --all -o DIR`: the index page and the pages of `articles`, by file name.
fn site(env: &TestEnv, articles: &[&str]) -> (String, Vec<String>) {
    let dir = env.path("site");
    env.ok(&["report", "--all", "-o", dir.to_str().expect("path")]);
    let read = |path: &Path| std::fs::read_to_string(path).expect("page written");
    let pages = articles
        .iter()
        .map(|a| read(&dir.join(format!("articles/{a}.html"))))
        .collect();
    (read(&dir.join("index.html")), pages)
}

#[test]
fn the_reviewed_article() {
    let env = reviewed();
    snapshot("article", &html(&env, ARTICLE, &[]));
}

#[test]
fn an_older_revision_as_it_stood_and_the_changes_after_it() {
    let env = reviewed();
    env.write(
        "syria-truce-v2.txt",
        &std::fs::read(fixture("v2.txt")).expect("fixture"),
    );
    env.ok(&["ingest", "syria-truce-v2.txt", "--article", ARTICLE]);
    snapshot("article_rev1", &html(&env, ARTICLE, &["--rev", "1"]));
    snapshot("article_rev2", &html(&env, ARTICLE, &[]));
}

// See: issue 18. The changes table marks the words that changed in a modified claim, not the
// whole claim as deleted and inserted.
#[test]
fn the_changes_table_marks_the_words_that_changed() {
    let env = TestEnv::with_v1();
    env.ok(&["ingest", &fixture("v2.txt"), "--article", ARTICLE]);
    let page = html(&env, ARTICLE, &[]);
    let start = page
        .find("<table class=\"changes\">")
        .expect("changes table");
    let table = &page[start..start + page[start..].find("</table>").expect("table end")];
    let row = table
        .split("<tr>")
        .find(|row| row.contains("As you"))
        .expect("the reworded quote's row");
    assert!(
        row.contains("“As you <del>may</del> know, we are the only organization")
            && row.contains("the Syrian <ins>Arab</ins> Red Crescent, <ins>that is</ins> active"),
        "{row}"
    );
    let toll = table
        .split("<tr>")
        .find(|row| row.contains("8,000"))
        .expect("the toll's row");
    assert!(
        toll.contains("more than <del>8,000</del> people")
            && toll.contains("more than <ins>9,000</ins> people"),
        "{toll}"
    );
}

/// A workflow whose name, descriptions and ratings hold markup; the states and colours of
/// four-eyes, so that a dispute can be confirmed (and then stranded by [`markup_workflow_final`]).
const MARKUP_WORKFLOW: &str = r##"name = "Tom's <b>desk</b> & \"co\""
description = "<script>alert('wf')</script>"
initial = "unverified"
on_change = "unverified"

[states.unverified]
description = "Not <i>checked</i> & 'waiting'"
color = "#9e9e9e"

[states.sourced]
description = "A \"source\" is attached"
color = "#1e88e5"

[states.verified]
description = "Checked > twice & <em>true</em>"
color = "#43a047"
accepted = true
rating = "<b>True</b> & \"right\" 'yes'"

[states.disputed]
description = "Disputed"
color = "#fb8c00"

[states.refuted]
description = "Refuted"
color = "#e53935"
accepted = true
rating = "False"

[[transitions]]
name = "source"
from = ["unverified", "disputed", "sourced"]
to = "sourced"
requires = ["source"]

[[transitions]]
name = "verify"
from = ["sourced"]
to = "verified"

[[transitions]]
name = "dispute"
from = ["unverified", "sourced", "verified"]
to = "disputed"
requires = ["note"]

[[transitions]]
name = "confirm-dispute"
from = ["disputed"]
to = "refuted"
requires = ["note"]
distinct_from = "dispute"

[[transitions]]
name = "reopen"
from = ["sourced", "verified", "disputed", "refuted"]
to = "unverified"
requires = ["note"]
"##;

/// [`MARKUP_WORKFLOW`] without its `refuted` state: a refuted claim is left in a state the
/// workflow does not have.
fn markup_workflow_final() -> String {
    let start = MARKUP_WORKFLOW.find("[states.refuted]").expect("refuted");
    let end = MARKUP_WORKFLOW
        .find("[[transitions]]")
        .expect("transitions");
    let confirm = MARKUP_WORKFLOW
        .find("[[transitions]]\nname = \"confirm-dispute\"")
        .expect("confirm-dispute");
    let reopen = MARKUP_WORKFLOW
        .find("[[transitions]]\nname = \"reopen\"")
        .expect("reopen");
    format!(
        "{}{}{}",
        &MARKUP_WORKFLOW[..start],
        &MARKUP_WORKFLOW[end..confirm],
        &MARKUP_WORKFLOW[reopen..]
    )
    .replace("\"disputed\", \"refuted\"]", "\"disputed\"]")
}

const MARKUP_V1: &str = "Tom's <b>bold</b> & \"plain\" text: <script>alert(1)</script>\n\n\
The minister said \"<b>we</b> will pay 5 million dollars & more, it's 'final'.\"\n\n\
Officials counted at least 300 <i>people</i> in the square & 20 more nearby.\n";

const MARKUP_V2: &str = "Tom's <b>bold</b> & \"plain\" text: <script>alert(1)</script>\n\n\
The minister said \"<b>we</b> will pay 7 million dollars & more, it's 'final'.\"\n\n\
Officials counted nearly 400 <i>people</i> in the square & 20 more nearby.\n";

/// The markup article in two revisions under the markup workflow, reviewed with awkward
/// sources, notes (one with a bell character) and an evidence file with an awkward name; one
/// claim refuted and then stranded by a switch to a workflow without that state; and an article
/// without claims.
fn markup() -> TestEnv {
    let env = TestEnv::init();
    env.write("markup.toml", MARKUP_WORKFLOW.as_bytes());
    env.ok(&["workflow", "use", "markup.toml"]);
    env.write("markup-v1.txt", MARKUP_V1.as_bytes());
    env.ok(&[
        "ingest",
        "markup-v1.txt",
        "--article",
        "markup",
        "--title",
        "Tom's <b>\"bold\"</b> & 'plain' title",
        "--url",
        "https://example.org/news?a=1&b='2'",
        "--published",
        "2026-01-10",
    ]);
    let claims = env.json_lines(&["claims", "markup", "--json"]);
    let on = ["--article", "markup"];
    let quote = short(find(&claims, "quote", "<b>we", ""));
    let pay = short(find(&claims, "number", "5", ""));
    let crowd = short(find(&claims, "number", "300", ""));
    let nearby = short(find(&claims, "number", "20", ""));
    let mark = |args: &[&str], user: &str| {
        let mut all = args.to_vec();
        all.extend_from_slice(&on);
        env.ok_as(&all, user);
    };
    mark(
        &[
            "mark",
            &quote,
            "sourced",
            "--source",
            "https://example.org/q?x=1&y='2'&z=%3Cb%3E",
        ],
        "ana",
    );
    mark(
        &[
            "mark",
            &quote,
            "sourced",
            "--source",
            "<i>Tom's</i> \"notes\" & co",
        ],
        "ana",
    );
    mark(
        &[
            "mark",
            &quote,
            "verified",
            "--note",
            "matches <b>the tape</b> & 'the' \"notes\"\u{7}",
        ],
        "bo <b>&'\"",
    );
    let evidence = env.write("<b>Tom's \"tape\" & co.txt", b"the tape, transcribed\n");
    mark(
        &[
            "mark",
            &pay,
            "sourced",
            "--source",
            "javascript:alert('x')",
            "--evidence",
            &evidence,
        ],
        "ana",
    );
    mark(
        &[
            "mark",
            &crowd,
            "disputed",
            "--note",
            "<img src=x onerror=alert(2)> & 'more'",
        ],
        "ana",
    );
    mark(
        &[
            "mark",
            &crowd,
            "refuted",
            "--note",
            "confirmed: \"<u>fewer</u>\"",
        ],
        "bo",
    );
    mark(&["mark", &nearby, "disputed", "--note", "a & b"], "ana");
    env.write("markup-v2.txt", MARKUP_V2.as_bytes());
    env.ok(&["ingest", "markup-v2.txt", "--article", "markup"]);
    // Carried into revision 2 under a new id, still disputed: confirmed, then stranded.
    let claims = env.json_lines(&["claims", "markup", "--json"]);
    let nearby = short(find(&claims, "number", "20", ""));
    mark(
        &["mark", &nearby, "refuted", "--note", "<q>no</q> & 'none'"],
        "bo",
    );
    env.write("markup-final.toml", markup_workflow_final().as_bytes());
    env.ok(&["workflow", "use", "markup-final.toml"]);
    env.write(
        "empty.txt",
        b"Nothing <here> to check & nothing to 'quote'.\n",
    );
    env.ok(&[
        "ingest",
        "empty.txt",
        "--article",
        "empty",
        "--title",
        "<empty> & \"quiet\"",
    ]);
    env
}

#[test]
fn markup_in_every_field_is_text() {
    let env = markup();
    let page = html(&env, "markup", &[]);
    snapshot("markup", &page);
    snapshot("markup_rev1", &html(&env, "markup", &["--rev", "1"]));
    snapshot("empty", &html(&env, "empty", &[]));
    // The page's own markup has <b> (a transition's name), never these.
    for tag in [
        "<b>bold", "<b>we", "<b>the", "<b>desk", "<i>", "<script", "<img", "<u>", "<em>", "<q>",
    ] {
        assert!(!page.contains(tag), "{tag} in the page");
    }
}

#[test]
fn the_index_and_an_article_page_of_report_all() {
    let env = reviewed();
    let (index, pages) = site(&env, &[ARTICLE]);
    snapshot("all_index", &index);
    snapshot("all_article", &pages[0]);

    let env = markup();
    let (index, pages) = site(&env, &["markup", "empty"]);
    snapshot("all_markup_index", &index);
    snapshot("all_markup_article", &pages[0]);
    snapshot("all_markup_empty", &pages[1]);

    let env = TestEnv::init();
    let (index, _) = site(&env, &[]);
    snapshot("all_empty_index", &index);
}
