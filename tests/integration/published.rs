//! An article's publication date: given on the command line, in a JSONL line or by the HTML page
//! itself; kept across revisions; shown in listings and reports, and used by ClaimReview.

use serde_json::{Value, json};

use crate::common::{ARTICLE, TestEnv, fixture};

fn published_of(env: &TestEnv, article: &str) -> Value {
    let articles = env.json_lines(&["articles", "--json"]);
    let line = articles
        .iter()
        .find(|a| a["id"] == article)
        .unwrap_or_else(|| panic!("{article} listed: {articles:?}"));
    line["published"].clone()
}

#[test]
fn a_date_given_at_ingest_is_kept_across_revisions_and_reported() {
    let env = TestEnv::init();
    let v1 = fixture("v1.txt");
    env.ok(&[
        "ingest",
        &v1,
        "--article",
        ARTICLE,
        "--published",
        "2012-03-14",
    ]);
    assert_eq!(published_of(&env, ARTICLE), "2012-03-14");
    // The article came out with its first version; a later version's date is its own.
    env.ok(&["ingest", &fixture("v2.txt"), "--article", ARTICLE]);
    env.ok(&[
        "ingest",
        &fixture("v3.html"),
        "--article",
        ARTICLE,
        "--published",
        "2012-03-15",
    ]);
    assert_eq!(published_of(&env, ARTICLE), "2012-03-14");
    let versions: Vec<Value> = env
        .json_lines(&["revisions", ARTICLE, "--json"])
        .iter()
        .map(|r| r["published"].clone())
        .collect();
    assert_eq!(
        versions,
        [json!("2012-03-14"), Value::Null, json!("2012-03-15")]
    );
    assert!(
        env.ok(&["revisions", ARTICLE])
            .contains("(published 2012-03-15)"),
        "the listing shows a version's date"
    );
    let markdown = env.ok(&["report", ARTICLE, "--format", "md"]);
    assert!(markdown.contains("- Published: 2012-03-14\n"), "{markdown}");
    assert!(markdown.contains("| 3 | 2012-03-15 | "), "{markdown}");
    let html = env.ok(&["report", ARTICLE, "--format", "html"]);
    assert!(
        html.contains("2012-03-14") && html.contains("2012-03-15"),
        "the HTML report shows both"
    );
    let json: Value =
        serde_json::from_str(&env.ok(&["report", ARTICLE, "--format", "json"])).expect("JSON");
    assert_eq!(json["published"], "2012-03-14");
    assert_eq!(json["revisions"][2]["published"], "2012-03-15");
    env.head();
}

#[test]
fn a_date_that_is_not_one_is_refused_with_nothing_written() {
    let env = TestEnv::init();
    for given in ["14/03/2012", "2012-02-30", "yesterday"] {
        let err = env.fails(
            &[
                "ingest",
                &fixture("v1.txt"),
                "--article",
                ARTICLE,
                "--published",
                given,
            ],
            1,
        );
        assert!(
            err.contains(&format!("--published `{given}` is not a date")),
            "{err}"
        );
    }
    assert!(env.json_lines(&["articles", "--json"]).is_empty());
}

fn claimreviews(env: &TestEnv) -> Vec<Value> {
    let out = env.ok(&[
        "report",
        ARTICLE,
        "--format",
        "claimreview",
        "--review-url",
        "https://example.org/checks/{article}#{claim}",
    ]);
    serde_json::from_str(&out).expect("JSON")
}

#[test]
fn claimreview_dates_the_claim_by_the_articles_publication() {
    let env = TestEnv::init();
    env.ok(&[
        "ingest",
        &fixture("v1.txt"),
        "--article",
        ARTICLE,
        "--url",
        "https://example.org/syria-truce",
        "--published",
        "2012-03-14T09:30:00+02:00",
    ]);
    let toll = crate::common::short(crate::common::find(&env.claims(), "number", "8,000", ""));
    env.ok(&["mark", &toll, "sourced", "--source", "UN"]);
    env.ok(&["mark", &toll, "verified"]);
    // A quote the later versions keep as it is.
    let quote = crate::common::short(crate::common::find(
        &env.claims(),
        "quote",
        "Our assessment",
        "",
    ));
    env.ok(&["mark", &quote, "sourced", "--source", "ICRC video"]);
    env.ok(&["mark", &quote, "verified"]);
    let items = claimreviews(&env);
    let reviewed = &items
        .iter()
        .find(|item| item["url"].as_str().is_some_and(|url| url.ends_with(&toll)))
        .expect("the toll's review")["itemReviewed"];
    // The claim was made when the article came out, not when the desk ingested it.
    assert_eq!(reviewed["datePublished"], "2012-03-14");
    assert_eq!(reviewed["firstAppearance"]["datePublished"], "2012-03-14");
    // The review itself is dated by the decision.
    assert_eq!(items[0]["datePublished"], "2026-01-15");

    // A later version with its own date: the claim still first appeared with the first; the
    // version reviewed appeared on its own date, and one without a date on the day it came in.
    env.ok(&[
        "ingest",
        &fixture("v2.txt"),
        "--article",
        ARTICLE,
        "--published",
        "2012-03-21T09:00:00+01:00",
    ]);
    let report = |env: &TestEnv| -> Value {
        claimreviews(env)
            .into_iter()
            .find(|item| item["itemReviewed"]["firstAppearance"]["version"] == "1")
            .expect("a claim of the first version, still reviewed")
    };
    let item = report(&env);
    assert_eq!(
        item["itemReviewed"]["firstAppearance"]["datePublished"],
        "2012-03-14"
    );
    assert_eq!(item["itemReviewed"]["appearance"]["version"], "2");
    assert_eq!(
        item["itemReviewed"]["appearance"]["datePublished"],
        "2012-03-21"
    );
    env.ok(&["ingest", &fixture("v3.html"), "--article", ARTICLE]);
    let item = report(&env);
    assert_eq!(item["itemReviewed"]["appearance"]["version"], "3");
    assert_eq!(
        item["itemReviewed"]["appearance"]["datePublished"],
        "2026-01-15"
    );
    assert_eq!(
        item["itemReviewed"]["firstAppearance"]["datePublished"],
        "2012-03-14"
    );
}

#[test]
fn jsonl_lines_carry_their_date_and_a_bad_one_is_a_bad_line() {
    let env = TestEnv::init();
    let text = "Officials said more than 8,000 people have been killed.";
    let lines = [
        format!(r#"{{"id":"a","text":"{text}","published":"2024-03-14T09:30:00Z"}}"#),
        format!(r#"{{"id":"b","text":"{text}","published":null}}"#),
        format!(r#"{{"id":"c","text":"{text}","published":"March 14"}}"#),
        format!(r#"{{"id":"d","text":"{text}","published":20240314}}"#),
    ];
    let input = env.write("archive.jsonl", (lines.join("\n") + "\n").as_bytes());
    let (code, out) = env.run(&["ingest", "--jsonl", &input], "ana");
    assert_eq!(code, 0, "{}", out.stderr);
    assert!(out.stdout.contains("2 new articles"), "{}", out.stdout);
    assert!(out.stdout.contains("2 bad lines"), "{}", out.stdout);
    assert!(
        out.stderr
            .contains(r#"line 3: "published" "March 14" is not a date"#),
        "{}",
        out.stderr
    );
    assert!(
        out.stderr
            .contains(r#"line 4: "published" 20240314 is not a date"#),
        "{}",
        out.stderr
    );
    assert_eq!(published_of(&env, "a"), "2024-03-14T09:30:00Z");
    assert_eq!(published_of(&env, "b"), Value::Null);
}

#[test]
fn an_html_page_gives_its_own_publication_date() {
    let env = TestEnv::init();
    let paragraph = "<p>Officials in the region said on Monday that more than 8,000 people have been killed since the uprising began, and aid groups asked for a daily pause in the fighting.</p>";
    let page = format!(
        r#"<html><head><title>Truce call</title>
<meta property="article:published_time" content="2012-03-14T09:30:00+02:00">
</head><body><article><h1>Truce call</h1>{}</article></body></html>"#,
        paragraph.repeat(4)
    );
    let file = env.write("page.html", page.as_bytes());
    env.ok(&["ingest", &file, "--article", "page"]);
    assert_eq!(published_of(&env, "page"), "2012-03-14T09:30:00+02:00");
    // A date on the command line wins over the page's.
    env.ok(&[
        "ingest",
        &file,
        "--article",
        "given",
        "--published",
        "2012-03-15",
    ]);
    assert_eq!(published_of(&env, "given"), "2012-03-15");
}
