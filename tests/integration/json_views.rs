//! Snapshots of every `--json` output, and of the human text of the same commands, on one rich
//! store: taken before the queries move from the binary into the library (issue 17), so that the
//! move is checked against them byte for byte. After an intended change,
//! `INSTA_UPDATE=always cargo test --test integration json_views` rewrites them; review the
//! `git diff` of tests/integration/snapshots/ before committing.
//!
//! The store is built the way `TestEnv::with_history` builds it, step for step, but with every
//! file given by a name relative to the test directory: a source path is part of the stored
//! revision, so of the audit hashes these snapshots show, and an absolute one differs between
//! checkouts. No filter is needed: nothing in these outputs varies between runs or machines.

use std::path::Path;

use crate::common::{ARTICLE, TestEnv, find, fixture, short};

const WEB: &str = "syria-truce-web";
const COUNCIL: &str = "council";

/// Awkward text for notes and sources: quotation marks, a line break, markup and ampersands.
const AWKWARD_NOTE: &str = "AFP counts \"three\" rebels;\nask the desk <b>now</b> & again";
const AWKWARD_SOURCE: &str = "Reuters, 19 March: \"Two rebels killed\"";

/// A text for `extract --all`: scare quotes, a date, years and a street number set aside, a range,
/// currencies, a speaker's title, markup in a heading, and a "Boeing 737".
const MIXED: &str = "# Budget & \"reform\" <plans>

The so-called \"reform\" was announced on March 14, 2024, at 10 Downing Street.

\"We will cut waste by between 10 and 20 percent,\" said Finance Minister Jane Doe. She added: \"Nobody loses a job.\"

The ministry spends $4bn a year, up from about 3.5 billion dollars in 2019; its Boeing 737 fleet costs less than €2m.
";

/// The store, and the short ids of the claims the snapshots look at.
struct Rich {
    env: TestEnv,
    /// "more than 8,000 people" of revision 1, replaced in revision 2; also in syria-truce-web.
    toll_v1: String,
    /// "more than 9,000 people": replaces `toll_v1`, replaced in revision 3.
    toll_v2: String,
    /// "nearly 9,500 people": replaces both.
    toll_v3: String,
    /// The first quote, disputed in syria-truce, unverified in syria-truce-web.
    quote: String,
    /// "At least two rebels": disputed and refuted, with the awkward notes.
    rebels: String,
}

/// Three articles: syria-truce in three revisions (a wording change, a value change twice, a
/// claim added, removed and moved), its HTML page as syria-truce-web (the same claims, so every
/// search finds two articles), and a short council article with a title, URL and date whose
/// claims are all verified; reviews in two workflows by two checkers, with sources, notes,
/// evidence and a setting.
fn rich() -> Rich {
    let env = TestEnv::init();
    for name in ["v1.txt", "v2.txt", "v3.html"] {
        env.write(name, &std::fs::read(fixture(name)).expect("fixture"));
    }
    let workflow = Path::new(env!("CARGO_MANIFEST_DIR")).join("workflows/four-eyes.toml");
    env.write(
        "four-eyes.toml",
        &std::fs::read(workflow).expect("workflow"),
    );

    // What `TestEnv::with_history` does, in its order.
    env.ok(&["ingest", "v1.txt", "--article", ARTICLE]);
    let claims = env.claims();
    let toll_v1 = short(find(&claims, "number", "8,000", ""));
    env.write("un-briefing.txt", b"UN briefing, 14 January: 8,000 dead.\n");
    env.ok(&[
        "mark",
        &toll_v1,
        "sourced",
        "--source",
        "https://news.un.org/briefing",
    ]);
    env.ok(&[
        "mark",
        &toll_v1,
        "verified",
        "--evidence",
        "un-briefing.txt",
    ]);
    let quote = short(find(&claims, "quote", "", ""));
    env.ok(&["mark", &quote, "disputed", "--note", "AFP has other words"]);
    env.ok(&["config", "set", "org.name", "The Daily Check"]);
    env.ok(&["ingest", "v2.txt", "--article", ARTICLE]);
    env.ok(&["ingest", "v3.html", "--article", WEB]);
    env.ok(&["workflow", "use", "four-eyes.toml"]);

    // Reviews under the four-eyes workflow: a second checker verifies and confirms a dispute.
    let claims = env.claims();
    let toll_v2 = short(find(&claims, "number", "9,000", ""));
    let pause = short(find(&claims, "number", "two", "pause in fighting"));
    let rebels = short(find(&claims, "number", "two", "rebels"));
    let on = ["--article", ARTICLE];
    let (pause, rebels) = (pause.as_str(), rebels.as_str());
    env.ok(&cat(&[
        &["mark", pause, "sourced", "--source", AWKWARD_SOURCE],
        &on,
    ]));
    let verify = [
        "mark",
        pause,
        "verified",
        "--note",
        "checked <b>twice</b> & filed",
    ];
    env.ok_as(&cat(&[&verify, &on]), "bob");
    env.ok(&cat(&[
        &["mark", rebels, "disputed", "--note", AWKWARD_NOTE],
        &on,
    ]));
    let confirm = [
        "mark",
        rebels,
        "refuted",
        "--note",
        "AFP & Reuters agree: three",
    ];
    env.ok_as(&cat(&[&confirm, &on]), "bob");
    let rebels = rebels.to_owned();

    // An article ready to publish, with a title, a URL and a date.
    env.write(
        "council.txt",
        b"The council said \"we will decide on 12 projects\" on Monday.\n",
    );
    env.ok(&[
        "ingest",
        "council.txt",
        "--article",
        COUNCIL,
        "--title",
        "Council & <projects>",
        "--url",
        "https://example.org/council",
        "--published",
        "2024-03-14",
    ]);
    for claim in env.json_lines(&["claims", COUNCIL, "--json"]) {
        let id = short(&claim);
        env.ok(&["mark", &id, "sourced", "--source", "minutes"]);
        env.ok_as(&["mark", &id, "verified"], "bob");
    }

    // Revision 3: the toll changes again (value and qualifier), a paragraph goes, one moves, and
    // a new one quotes markup.
    let v2 = std::fs::read_to_string(fixture("v2.txt")).expect("fixture");
    let v2 = v2.replace("more than 9,000 people", "nearly 9,500 people");
    let mut paragraphs: Vec<&str> = v2
        .split("\n\n")
        .filter(|p| !p.starts_with("Over the weekend"))
        .collect();
    let moved = paragraphs
        .iter()
        .position(|p| p.starts_with("Moscow, a key ally"))
        .expect("the paragraph to move");
    let moved = paragraphs.remove(moved);
    let last = paragraphs
        .iter()
        .position(|p| p.starts_with("With Reuters"))
        .expect("the last paragraph");
    paragraphs.splice(
        last..last,
        [
            moved,
            "Aid groups said \"food & medicine <now>\" must reach 4,000 families.",
        ],
    );
    env.write("v3.txt", paragraphs.join("\n\n").as_bytes());
    env.ok(&[
        "ingest",
        "v3.txt",
        "--article",
        ARTICLE,
        "--published",
        "2024-03-15T09:30:00+01:00",
    ]);
    let toll_v3 = short(find(&env.claims(), "number", "9,500", ""));
    Rich {
        env,
        toll_v1,
        toll_v2,
        toll_v3,
        quote,
        rebels,
    }
}

/// The parts of a command line, one after the other.
fn cat<'a>(parts: &[&[&'a str]]) -> Vec<&'a str> {
    parts.concat()
}

impl Rich {
    /// Snapshots what `factdesk ARGS` prints on stdout, which must exit 0.
    fn snap(&self, name: &str, args: &[&str]) {
        self.snap_exit(name, args, 0);
    }

    /// Snapshots what `factdesk ARGS` prints on stdout, which must exit with `code`.
    fn snap_exit(&self, name: &str, args: &[&str], code: i32) {
        snap_run(&self.env, name, args, code);
    }
}

/// The outputs that end with an empty line: in a text diff (not side by side), a blank line
/// follows every changed paragraph, the last one too.
const ENDS_WITH_A_BLANK_LINE: [&str; 4] = [
    "diff_text",
    "diff_from1_to2_text",
    "diff_to2_text",
    "diff_from1_text",
];

/// Runs `factdesk ARGS` (as ana, with a fixed terminal width) and snapshots its stdout as NAME.
///
/// insta compares text with its trailing whitespace trimmed and CRLF read as LF; what that
/// leaves out is checked here, so that the snapshot and these checks together pin every byte:
/// no carriage return, and the end of the output as it is today.
fn snap_run(env: &TestEnv, name: &str, args: &[&str], code: i32) {
    let out = env
        .cmd(args)
        .env("COLUMNS", "120")
        .output()
        .expect("binary runs");
    let stdout = String::from_utf8(out.stdout).expect("UTF-8 stdout");
    assert_eq!(
        out.status.code(),
        Some(code),
        "factdesk {args:?}:\nstdout: {stdout}\nstderr: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(!stdout.contains('\r'), "{name}: a carriage return");
    let tail = &stdout[stdout.trim_end().len()..];
    let expected = if stdout.is_empty() {
        ""
    } else if ENDS_WITH_A_BLANK_LINE.contains(&name) {
        "\n\n"
    } else {
        "\n"
    };
    assert_eq!(tail, expected, "{name}: the end of the output");
    let command = format!("factdesk {}", args.join(" "))
        .replace(concat!(env!("CARGO_MANIFEST_DIR"), "/"), "");
    insta::with_settings!({
        description => command,
        omit_expression => true,
    }, {
        insta::assert_snapshot!(name, stdout);
    });
}

#[test]
fn articles_and_revisions() {
    let rich = rich();
    rich.snap("articles_json", &["articles", "--json"]);
    rich.snap("articles_text", &["articles"]);
    rich.snap("revisions_json", &["revisions", ARTICLE, "--json"]);
    rich.snap("revisions_text", &["revisions", ARTICLE]);
    rich.snap("revisions_council_json", &["revisions", COUNCIL, "--json"]);
    rich.snap("revisions_council_text", &["revisions", COUNCIL]);
    // An HTML page: its `raw_source` kept.
    rich.snap("revisions_web_json", &["revisions", WEB, "--json"]);
    rich.snap("revisions_web_text", &["revisions", WEB]);
}

#[test]
fn claims() {
    let rich = rich();
    let variants: [(&str, &[&str]); 6] = [
        ("claims", &[]),
        ("claims_rev1", &["--rev", "1"]),
        ("claims_state_unverified", &["--state", "unverified"]),
        ("claims_kind_quote", &["--kind", "quote"]),
        ("claims_kind_number", &["--kind", "number"]),
        (
            "claims_rev2_state_verified_kind_number",
            &["--rev", "2", "--state", "verified", "--kind", "number"],
        ),
    ];
    for (name, extra) in variants {
        let args = cat(&[&["claims", ARTICLE], extra]);
        rich.snap(&format!("{name}_json"), &cat(&[&args, &["--json"]]));
        rich.snap(&format!("{name}_text"), &args);
    }
    rich.snap("claims_web_json", &["claims", WEB, "--json"]);
    rich.snap("claims_council_text", &["claims", COUNCIL]);
}

#[test]
fn show() {
    let rich = rich();
    let variants: [(&str, &str, &str); 6] = [
        // A quote disputed here, unverified in the other article.
        ("show_quote", rich.quote.as_str(), ARTICLE),
        // Refuted, with a source, notes with markup and a line break, in two articles.
        ("show_number", rich.rebels.as_str(), ARTICLE),
        // Replaces two claims (newest first), replaced by none.
        ("show_replaces", rich.toll_v3.as_str(), ""),
        // Replaces one and is replaced by another.
        ("show_replaces_and_replaced_by", rich.toll_v2.as_str(), ""),
        // Replaced in revision 2 of syria-truce, with its evidence.
        ("show_replaced_by", rich.toll_v1.as_str(), ARTICLE),
        // The same claim in the article that did not change it.
        ("show_other_article", rich.toll_v1.as_str(), WEB),
    ];
    for (name, claim, article) in variants {
        let mut args = vec!["show", claim];
        if !article.is_empty() {
            args.extend(["--article", article]);
        }
        rich.snap(&format!("{name}_json"), &cat(&[&args, &["--json"]]));
        rich.snap(&format!("{name}_text"), &args);
    }
}

#[test]
fn history() {
    let rich = rich();
    let variants: [(&str, &[&str]); 5] = [
        // Followed back through the two claims it replaced.
        ("history_claim", &[rich.toll_v3.as_str()]),
        // Ends with the ingest that replaced it.
        (
            "history_replaced_claim",
            &[rich.toll_v1.as_str(), "--article", ARTICLE],
        ),
        (
            "history_notes",
            &[rich.rebels.as_str(), "--article", ARTICLE],
        ),
        ("history_article", &["--article", ARTICLE]),
        ("history_article_web", &["--article", WEB]),
    ];
    for (name, extra) in variants {
        let args = cat(&[&["history"], extra]);
        rich.snap(&format!("{name}_json"), &cat(&[&args, &["--json"]]));
        rich.snap(&format!("{name}_text"), &args);
    }
}

#[test]
fn diff() {
    let rich = rich();
    let variants: [(&str, &[&str]); 4] = [
        // Revision 2 → 3: modified (value and qualifier), moved, added, removed, unchanged.
        ("diff", &[]),
        // Revision 1 → 2: a wording change, a value change, two claims added.
        ("diff_from1_to2", &["--from", "1", "--to", "2"]),
        ("diff_to2", &["--to", "2"]),
        ("diff_from1", &["--from", "1"]),
    ];
    for (name, extra) in variants {
        let args = cat(&[&["diff", ARTICLE], extra]);
        rich.snap(&format!("{name}_json"), &cat(&[&args, &["--json"]]));
        rich.snap(&format!("{name}_text"), &args);
    }
    // Two columns as wide as $COLUMNS (120 here).
    rich.snap(
        "diff_side_by_side_text",
        &["diff", ARTICLE, "--side-by-side"],
    );
}

#[test]
fn search() {
    let rich = rich();
    let variants = [
        // A quote in both articles.
        ("search_quote", "without delay"),
        // A number by words of its sentence: no longer in syria-truce's latest revision.
        ("search_number", "8,000 killed"),
        // Two numbers, each with its sentence.
        ("search_numbers", "two-hour pause"),
        // Markup in a quote, in one article.
        ("search_markup", "food & medicine"),
        ("search_nothing", "nothing like this"),
    ];
    for (name, text) in variants {
        rich.snap(&format!("{name}_json"), &["search", text, "--json"]);
        rich.snap(&format!("{name}_text"), &["search", text]);
    }
}

#[test]
fn gate_and_queue() {
    let rich = rich();
    rich.snap_exit("gate_blocked_json", &["gate", ARTICLE, "--json"], 1);
    rich.snap_exit("gate_blocked_text", &["gate", ARTICLE], 1);
    rich.snap_exit(
        "gate_rev1_json",
        &["gate", ARTICLE, "--rev", "1", "--json"],
        1,
    );
    rich.snap("gate_ready_json", &["gate", COUNCIL, "--json"]);
    rich.snap("gate_ready_text", &["gate", COUNCIL]);
    rich.snap("queue_json", &["queue", "--json"]);
    rich.snap("queue_text", &["queue"]);
    rich.snap("queue_article_json", &["queue", ARTICLE, "--json"]);
    rich.snap("queue_article_text", &["queue", ARTICLE]);
    rich.snap("queue_empty_json", &["queue", COUNCIL, "--json"]);
    rich.snap("queue_empty_text", &["queue", COUNCIL]);
}

#[test]
fn reports() {
    let rich = rich();
    fn report(format: &str) -> [&str; 4] {
        ["report", ARTICLE, "--format", format]
    }
    rich.snap("report_json", &report("json"));
    rich.snap(
        "report_rev1_json",
        &cat(&[&report("json"), &["--rev", "1"]]),
    );
    rich.snap("report_md", &report("md"));
    let review_url = ["--review-url", "https://check.example/{article}/{claim}"];
    rich.snap(
        "report_claimreview",
        &cat(&[&report("claimreview"), &review_url]),
    );
    // The article's own URL and date.
    rich.snap(
        "report_council_claimreview",
        &["report", COUNCIL, "--format", "claimreview"],
    );
    // CRLF records: checked and snapshot in report_formats.rs; here its content on this store.
    let csv = rich.env.ok(&report("csv"));
    let records = csv.matches("\r\n").count();
    assert_eq!(
        records,
        rich.env.claims().len() + 1,
        "a header and a row a claim"
    );
    assert!(csv.ends_with("\r\n") && !csv.ends_with("\r\n\r\n"));
    insta::with_settings!({
        description => "factdesk report syria-truce --format csv (CRLF read as LF)",
        omit_expression => true,
    }, {
        insta::assert_snapshot!("report_csv", csv);
    });
}

/// Commands that read files, not the store.
#[test]
fn extract_and_eval() {
    let env = TestEnv::new();
    for name in ["v2.txt", "v3.html"] {
        env.write(name, &std::fs::read(fixture(name)).expect("fixture"));
    }
    env.write("mixed.md", MIXED.as_bytes());
    snap_run(&env, "extract_json", &["extract", "v2.txt", "--json"], 0);
    snap_run(&env, "extract_text", &["extract", "v2.txt"], 0);
    snap_run(
        &env,
        "extract_all_json",
        &["extract", "v2.txt", "--all", "--json"],
        0,
    );
    snap_run(&env, "extract_all_text", &["extract", "v2.txt", "--all"], 0);
    snap_run(
        &env,
        "extract_mixed_json",
        &["extract", "mixed.md", "--json"],
        0,
    );
    let mixed_all = ["extract", "mixed.md", "--all", "--json"];
    snap_run(&env, "extract_mixed_all_json", &mixed_all, 0);
    snap_run(
        &env,
        "extract_mixed_all_text",
        &["extract", "mixed.md", "--all"],
        0,
    );
    snap_run(
        &env,
        "extract_html_json",
        &["extract", "v3.html", "--json"],
        0,
    );

    let data = |name: &str| format!("{}/tests/data/{name}", env!("CARGO_MANIFEST_DIR"));
    for (kind, gold) in [
        ("numbers", "numbers-gold.jsonl"),
        ("quotes", "quotes-gold.jsonl"),
        ("revisions", "revisions"),
        ("html", "html"),
    ] {
        let args = ["eval", kind, &data(gold)];
        let json = cat(&[&args, &["--json"]]);
        snap_run(&env, &format!("eval_{kind}_json"), &json, 0);
        snap_run(&env, &format!("eval_{kind}_text"), &args, 0);
    }
}
