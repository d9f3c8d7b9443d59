//! Report formats: snapshots of md, csv and json on the reviewed fixture article, the CSV round
//! trip, ClaimReview field by field, HTML well-formedness and escaping, `--rev` as it stood,
//! `--all`, and the page rendered by headless Chromium where it is installed.

use std::path::{Path, PathBuf};

use serde_json::Value;

use crate::common::{ARTICLE, TestEnv, find, fixture, short};

const URL: &str = "https://example.org/world/syria-truce";

/// Awkward text: commas, quotation marks, a line break, markup and an ampersand.
const AWKWARD_NOTE: &str =
    "AFP counts \"three\" rebels, Reuters two;\nask the desk <b>now</b> & again";
const AWKWARD_SOURCE: &str = "Reuters, 19 March: \"Two rebels killed\"";

/// The fixture article with a URL, reviewed the way a checker would: a source and a verdict, a
/// dispute with an awkward note, a source with an evidence file, the rest left waiting.
pub(crate) fn reviewed() -> TestEnv {
    let env = TestEnv::init();
    // Ingested by a relative name: the source path is part of the stored revision, so of the
    // audit hashes the snapshots show, and an absolute path differs between checkouts.
    let text = std::fs::read(fixture("v1.txt")).expect("fixture");
    env.write("syria-truce-v1.txt", &text);
    env.ok(&[
        "ingest",
        "syria-truce-v1.txt",
        "--article",
        ARTICLE,
        "--url",
        URL,
    ]);
    let claims = env.claims();
    let toll = short(find(&claims, "number", "8,000", ""));
    let assessment = short(find(&claims, "quote", "Our assessment", ""));
    let rebels = short(find(&claims, "number", "two", "rebels"));
    let pause = short(find(&claims, "number", "two", "pause"));
    env.ok(&[
        "mark",
        &toll,
        "sourced",
        "--source",
        "https://news.un.org/en/story/2012/03/syria-death-toll",
    ]);
    env.ok(&["mark", &toll, "verified", "--note", "UN figure matches"]);
    env.ok(&["mark", &rebels, "sourced", "--source", AWKWARD_SOURCE]);
    env.ok(&["mark", &rebels, "disputed", "--note", AWKWARD_NOTE]);
    env.ok(&["mark", &assessment, "sourced", "--source", "ICRC video"]);
    env.ok(&["mark", &assessment, "verified"]);
    let evidence = env.write(
        "briefing.txt",
        b"UN briefing, 19 March 2012: two-hour pause",
    );
    env.ok(&[
        "mark",
        &pause,
        "sourced",
        "--source",
        "ICRC press release",
        "--evidence",
        &evidence,
    ]);
    env
}

/// Compares `actual` with its insta snapshot, tests/integration/snapshots/*__NAME.snap;
/// `INSTA_UPDATE=always cargo test --test integration report` rewrites them (review the diff).
///
/// insta compares text with its trailing whitespace trimmed and CRLF read as LF; the line ends
/// are checked here, so that the snapshot and these checks together pin every byte: `crlf`
/// records end in CRLF (a line break within a CSV cell stays LF), the others in LF, and the
/// output in exactly one line end.
fn snapshot(name: &str, actual: &str, crlf: usize) {
    let end = if crlf > 0 { "\r\n" } else { "\n" };
    assert_eq!(&actual[actual.trim_end().len()..], end, "{name}: the end");
    assert_eq!(
        actual.matches("\r\n").count(),
        crlf,
        "{name}: CRLF line ends"
    );
    assert_eq!(
        actual.matches('\r').count(),
        crlf,
        "{name}: carriage returns"
    );
    insta::with_settings!({ omit_expression => true }, {
        insta::assert_snapshot!(name, actual);
    });
}

fn report(env: &TestEnv, format: &str, extra: &[&str]) -> String {
    let mut args = vec!["report", ARTICLE, "--format", format];
    args.extend_from_slice(extra);
    env.ok(&args)
}

#[test]
fn markdown_csv_and_json_match_their_snapshots() {
    let env = reviewed();
    snapshot("report_md", &report(&env, "md", &[]), 0);
    // A header and a record a claim.
    let records = env.claims().len() + 1;
    snapshot("report_csv", &report(&env, "csv", &[]), records);
    snapshot("report_json", &report(&env, "json", &[]), 0);
}

#[test]
fn json_report_states_schema_head_and_verification() {
    let env = reviewed();
    let head = env.head();
    let json: Value = serde_json::from_str(&report(&env, "json", &[])).expect("JSON");
    assert_eq!(json["schema"], "factdesk.report/1");
    let seq = json["audit_head"]["seq"].as_u64().expect("seq");
    assert!(head.contains(&format!("#{seq} ")), "{head}");
    assert!(head.contains(json["audit_head"]["hash"].as_str().expect("hash")));
    assert_eq!(json["as_of"].as_u64(), Some(seq));
    assert_eq!(json["audit"]["verified"], true);
    assert_eq!(json["workflow_states"][2]["name"], "verified");
    assert_eq!(json["workflow_states"][2]["rating"], "True");
    // Reports are pure reads.
    assert_eq!(env.head(), head);
}

#[test]
fn claim_history_in_the_report_is_what_history_prints() {
    let env = reviewed();
    let json: Value = serde_json::from_str(&report(&env, "json", &[])).expect("JSON");
    for claim in json["claims"].as_array().expect("claims") {
        let id = claim["short_id"].as_str().expect("id");
        let expected: Vec<u64> = env
            .json_lines(&["history", id, "--article", ARTICLE, "--json"])
            .iter()
            .map(|e| e["seq"].as_u64().expect("seq"))
            .collect();
        let actual: Vec<u64> = claim["history"]
            .as_array()
            .expect("history")
            .iter()
            .map(|e| e["seq"].as_u64().expect("seq"))
            .collect();
        assert_eq!(actual, expected, "claim {id}");
    }
}

#[test]
fn csv_survives_a_round_trip_with_awkward_text() {
    let env = reviewed();
    let text = report(&env, "csv", &[]);
    assert!(text.contains("\r\n"), "records end in CRLF");
    let json: Value = serde_json::from_str(&report(&env, "json", &[])).expect("JSON");
    let mut reader = csv::ReaderBuilder::new().from_reader(text.as_bytes());
    let header: Vec<String> = reader
        .headers()
        .expect("header")
        .iter()
        .map(str::to_owned)
        .collect();
    assert_eq!(header, factdesk::report::CSV_COLUMNS);
    let column = |name: &str| header.iter().position(|h| h == name).expect(name);
    let rows: Vec<csv::StringRecord> = reader.records().map(|r| r.expect("record")).collect();
    let claims = json["claims"].as_array().expect("claims");
    assert_eq!(rows.len(), claims.len(), "one row a claim");
    for (row, claim) in rows.iter().zip(claims) {
        assert_eq!(row.len(), header.len());
        assert_eq!(&row[column("id")], claim["claim"]["id"].as_str().unwrap());
        assert_eq!(&row[column("state")], claim["state"].as_str().unwrap());
        assert_eq!(
            &row[column("text")],
            claim["claim"]["text"].as_str().unwrap()
        );
        assert_eq!(
            &row[column("sentence_text")],
            claim["claim"]["sentence_text"].as_str().unwrap()
        );
        assert_eq!(
            &row[column("speaker")],
            claim["claim"]["speaker"].as_str().unwrap_or("")
        );
    }
    let disputed = rows
        .iter()
        .find(|r| &r[column("state")] == "disputed")
        .expect("the disputed claim");
    assert_eq!(&disputed[column("notes")], AWKWARD_NOTE);
    assert_eq!(&disputed[column("sources")], AWKWARD_SOURCE);
    let verified = rows
        .iter()
        .find(|r| r[column("phrase")].contains("8,000"))
        .expect("the toll");
    assert_eq!(&verified[column("value")], "8000");
    assert_eq!(&verified[column("qualifier")], "more than");
    let sourced = rows
        .iter()
        .find(|r| r[column("evidence")].ends_with(" briefing.txt"))
        .expect("the claim with evidence");
    assert_eq!(&sourced[column("state")], "sourced");
}

#[test]
fn claimreview_has_the_required_and_recommended_properties() {
    let env = reviewed();
    env.ok(&["config", "set", "org.name", "Example Desk"]);
    env.ok(&["config", "set", "org.url", "https://example.org"]);
    let (code, out) = env.run(
        &[
            "report",
            ARTICLE,
            "--format",
            "claimreview",
            "--review-url",
            "https://example.org/checks/{article}#{claim}",
        ],
        "ana",
    );
    assert_eq!(code, 0, "{}", out.stderr);
    let items: Vec<Value> = serde_json::from_str(&out.stdout).expect("stdout is JSON only");
    let claims = env.claims();
    let rated: Vec<&Value> = claims
        .iter()
        .filter(|c| c["state"] == "verified" || c["state"] == "disputed")
        .collect();
    assert_eq!(items.len(), rated.len());
    assert_eq!(items.len(), 3);
    let left_out = claims.len() - rated.len();
    assert!(
        out.stderr
            .contains(&format!("{left_out} claims not yet reviewed left out")),
        "{}",
        out.stderr
    );
    for item in &items {
        let id = item["identifier"].as_str().expect("identifier");
        let claim = claims.iter().find(|c| c["id"] == id).expect("a claim");
        assert_eq!(item["@context"], "https://schema.org");
        assert_eq!(item["@type"], "ClaimReview");
        // Required: claimReviewed under 75 characters, reviewRating.alternateName, url.
        let summary = item["claimReviewed"].as_str().expect("claimReviewed");
        assert!(
            !summary.is_empty() && summary.chars().count() < 75,
            "{summary}"
        );
        let rating = &item["reviewRating"];
        assert_eq!(rating["@type"], "Rating");
        let expected = if claim["state"] == "verified" {
            "True"
        } else {
            "False"
        };
        assert_eq!(rating["alternateName"], expected);
        assert_eq!(
            item["url"],
            format!("https://example.org/checks/{ARTICLE}#{}", short(claim))
        );
        // Recommended: author, datePublished, itemReviewed.
        assert_eq!(item["author"]["@type"], "Organization");
        assert_eq!(item["author"]["name"], "Example Desk");
        assert_eq!(item["author"]["url"], "https://example.org");
        assert_eq!(item["datePublished"], "2026-01-15");
        let reviewed = &item["itemReviewed"];
        assert_eq!(reviewed["@type"], "Claim");
        assert_eq!(reviewed["datePublished"], "2026-01-15");
        assert_eq!(reviewed["appearance"]["@type"], "CreativeWork");
        assert_eq!(reviewed["appearance"]["url"], URL);
        assert_eq!(reviewed["firstAppearance"]["url"], URL);
        // The full text is kept where the summary is shortened.
        let full = reviewed["text"].as_str().expect("text");
        if claim["kind"] == "quote" {
            assert_eq!(full, claim["text"].as_str().unwrap());
            assert_eq!(reviewed["author"]["@type"], "Person");
            assert_eq!(reviewed["author"]["name"], claim["speaker"]);
        } else {
            assert_eq!(full, claim["sentence_text"].as_str().unwrap());
            let phrase = claim["phrase"].as_str().unwrap();
            assert!(summary.contains(phrase), "{summary} / {phrase}");
        }
    }
}

#[test]
fn claimreview_takes_the_url_template_from_the_config_and_needs_some_url() {
    let env = reviewed();
    env.ok(&[
        "config",
        "set",
        "review.url-template",
        "https://x.test/{claim}",
    ]);
    let path = env.path("reviews.json");
    let out = env.ok(&[
        "report",
        ARTICLE,
        "--format",
        "claimreview",
        "-o",
        path.to_str().unwrap(),
    ]);
    assert!(out.contains("3 ClaimReviews"), "{out}");
    assert!(out.contains("claims not yet reviewed left out"), "{out}");
    let items: Vec<Value> =
        serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).expect("JSON");
    assert!(
        items[0]["url"]
            .as_str()
            .unwrap()
            .starts_with("https://x.test/")
    );

    // An article without a URL and no template: the required `url` cannot be made.
    let bare = TestEnv::with_v1();
    let toll = short(find(&bare.claims(), "number", "8,000", ""));
    bare.ok(&["mark", &toll, "sourced", "--source", "UN"]);
    bare.ok(&["mark", &toll, "verified"]);
    let err = bare.fails(&["report", ARTICLE, "--format", "claimreview"], 1);
    assert!(err.contains("review.url-template"), "{err}");
}

#[test]
fn rev_reports_an_older_revision_as_it_stood() {
    let env = reviewed();
    let pause = short(find(&env.claims(), "number", "two", "pause"));
    let before_v2 = env.head();
    env.ok(&["ingest", &fixture("v2.txt"), "--article", ARTICLE]);
    // After revision 2 arrived, the pause (in both revisions) is verified.
    env.ok(&["mark", &pause, "verified", "--note", "confirmed by phone"]);

    let old: Value = serde_json::from_str(&report(&env, "json", &["--rev", "1"])).expect("JSON");
    assert_eq!(old["revision"], 1);
    let as_of = old["as_of"].as_u64().expect("as_of");
    assert!(before_v2.contains(&format!("#{as_of} ")), "{before_v2}");
    assert!(old["audit_head"]["seq"].as_u64().unwrap() > as_of);
    let claim = old["claims"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["short_id"] == pause.as_str())
        .expect("pause in revision 1");
    assert_eq!(claim["state"], "sourced", "as it stood before revision 2");
    assert_eq!(claim["notes"].as_array().unwrap().len(), 0);
    assert_eq!(claim["evidence"].as_array().unwrap().len(), 1);
    assert!(
        claim["history"]
            .as_array()
            .unwrap()
            .iter()
            .all(|e| e["seq"].as_u64().unwrap() <= as_of)
    );

    let new: Value = serde_json::from_str(&report(&env, "json", &[])).expect("JSON");
    let claim = new["claims"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["short_id"] == pause.as_str())
        .expect("pause in revision 2");
    assert_eq!(claim["state"], "verified");
    assert!(!new["changes"].as_array().unwrap().is_empty());
    let md = report(&env, "md", &["--rev", "1"]);
    assert!(md.contains("Revision: 1 of 2"), "{md}");
    assert!(
        md.contains(&format!("as they stood at event {as_of}")),
        "{md}"
    );
}

#[test]
fn html_is_well_formed_escaped_and_links_every_claim() {
    let env = reviewed();
    // An article whose own text carries markup: it must show as text, never as tags.
    let hostile = env.write(
        "hostile.txt",
        "Markup <script>alert(1)</script> & \"quotes\"\n\nThe minister said \"<b>we</b> will pay 5 million dollars & more.\"\n"
            .as_bytes(),
    );
    env.ok(&["ingest", &hostile, "--article", "hostile"]);
    let quote = short(find(
        &env.json_lines(&["claims", "hostile", "--json"]),
        "quote",
        "<b>we",
        "",
    ));
    env.ok(&[
        "mark",
        &quote,
        "disputed",
        "--article",
        "hostile",
        "--note",
        "<img src=x onerror=alert(2)>",
    ]);
    for article in [ARTICLE, "hostile"] {
        let html = env.ok(&["report", article, "--format", "html"]);
        if let Err(problem) = check_well_formed(&html) {
            panic!("{article}: {problem}");
        }
        assert!(!html.contains("<script"), "no script, escaped or not");
        assert!(!html.contains("<img"));
        assert!(!html.contains("<b>we"));
        assert!(html.contains("Content-Security-Policy"));
        assert!(!html.contains("src=\"http"), "nothing fetched");
        let json: Value =
            serde_json::from_str(&env.ok(&["report", article, "--format", "json"])).unwrap();
        for claim in json["claims"].as_array().unwrap() {
            let id = claim["short_id"].as_str().unwrap();
            assert!(html.contains(&format!("<tr id=\"claim-{id}\"")), "row {id}");
            assert!(html.contains(&format!("id=\"text-{id}\"")), "text {id}");
            assert!(html.contains(&format!("href=\"#claim-{id}\"")), "link {id}");
            assert!(
                html.contains(&format!("id=\"history-{id}\"")),
                "history {id}"
            );
        }
    }
    let html = env.ok(&["report", "hostile", "--format", "html"]);
    assert!(html.contains("&lt;img src=x onerror=alert(2)&gt;"));
    assert!(html.contains("&lt;b&gt;we&lt;/b&gt;"));
    // State colours from the workflow: disputed is #e53935.
    assert!(html.contains("#e53935"));
}

#[test]
fn all_writes_an_index_linking_every_article_report() {
    let env = reviewed();
    let other = env.write(
        "other.txt",
        b"The council said \"we will decide on 12 projects\".\n",
    );
    env.ok(&["ingest", &other, "--article", "index"]);
    let before = env.head();
    let dir = env.path("site");
    let out = env.ok(&["report", "--all", "-o", dir.to_str().unwrap()]);
    assert!(out.contains("2 article reports"), "{out}");
    assert_eq!(env.head(), before, "a report never writes");
    let index = std::fs::read_to_string(dir.join("index.html")).expect("index");
    check_well_formed(&index).expect("index is well formed");
    for article in [ARTICLE, "index"] {
        let href = format!("articles/{article}.html");
        assert!(index.contains(&format!("href=\"{href}\"")), "{article}");
        let page = std::fs::read_to_string(dir.join(&href)).expect("article report");
        check_well_formed(&page).expect("report is well formed");
        assert!(page.contains("href=\"../index.html\""));
    }
    assert!(index.contains("waiting"));
    let err = env.fails(&["report", "--all"], 1);
    assert!(err.contains("-o DIR"), "{err}");
    let err = env.fails(&["report", "--all", "--format", "csv", "-o", "x"], 1);
    assert!(err.contains("HTML"), "{err}");
}

#[test]
fn html_renders_in_headless_chromium_without_console_errors() {
    let Some(chromium) = chromium() else {
        // The skip is said where `cargo test -- --nocapture` and CI logs show it.
        #[allow(clippy::print_stdout)]
        {
            println!("note: chromium is not installed; skipping the rendered-HTML test");
        }
        return;
    };
    let env = reviewed();
    env.ok(&["ingest", &fixture("v2.txt"), "--article", ARTICLE]);
    let page = env.path("report.html");
    env.ok(&[
        "report",
        ARTICLE,
        "--format",
        "html",
        "-o",
        page.to_str().unwrap(),
    ]);

    // The check itself must see errors: a page with a failing script and a blocked fetch.
    let broken = env.path("broken.html");
    std::fs::write(
        &broken,
        "<!DOCTYPE html><html><head><meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'\"><title>x</title></head><body><p>x</p><img src=\"https://example.org/x.png\"></body></html>",
    )
    .unwrap();
    let (console, _) = render(&chromium, &env, &broken, "broken.png");
    assert!(
        !console.is_empty(),
        "the console check sees a blocked fetch"
    );

    let (console, png) = render(&chromium, &env, &page, "report.png");
    assert!(
        console.is_empty(),
        "console messages:\n{}",
        console.join("\n")
    );
    let (width, height, pixels) = decode_png(&png);
    assert!(width >= 1000 && height >= 1000, "{width}x{height}");
    let mut colours = std::collections::HashSet::new();
    let mut not_white = 0usize;
    for pixel in pixels.chunks(4) {
        colours.insert([pixel[0], pixel[1], pixel[2]]);
        if pixel[..3].iter().any(|&c| c < 235) {
            not_white += 1;
        }
    }
    let share = not_white as f64 / (pixels.len() / 4) as f64;
    assert!(colours.len() > 50, "{} colours: blank page?", colours.len());
    assert!(share > 0.03, "only {share:.3} of the page is drawn on");
    if let Some(keep) = std::env::var_os("FACTDESK_SCREENSHOT") {
        std::fs::copy(&png, keep).expect("copy screenshot");
    }
}

fn chromium() -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .flat_map(|dir| ["chromium", "chromium-browser"].map(|name| dir.join(name)))
        .find(|p| p.is_file())
}

/// Renders `page` with headless Chromium; returns its console messages and the screenshot file.
fn render(chromium: &Path, env: &TestEnv, page: &Path, png: &str) -> (Vec<String>, PathBuf) {
    let profile = tempfile::tempdir().expect("profile dir");
    let shot = env.path(png);
    // Flags that keep Chromium off the network and quiet on a closed machine.
    let output = std::process::Command::new(chromium)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--hide-scrollbars",
            "--enable-logging=stderr",
            "--v=0",
            "--window-size=1280,2400",
        ])
        .arg(format!("--user-data-dir={}", profile.path().display()))
        .arg(format!("--screenshot={}", shot.display()))
        .arg(format!("file://{}", page.display()))
        .output()
        .expect("chromium runs");
    assert!(output.status.success(), "chromium failed: {output:?}");
    // Chromium logs every console message (errors, CSP violations, failed loads) as CONSOLE.
    let console = String::from_utf8_lossy(&output.stderr)
        .lines()
        .filter(|l| l.contains(":CONSOLE"))
        .map(str::to_owned)
        .collect();
    (console, shot)
}

fn decode_png(path: &Path) -> (u32, u32, Vec<u8>) {
    let file = std::fs::File::open(path).expect("screenshot written");
    let mut decoder = png::Decoder::new(file);
    decoder.set_transformations(png::Transformations::EXPAND | png::Transformations::ALPHA);
    let mut reader = decoder.read_info().expect("a PNG");
    let mut buffer = vec![0; reader.output_buffer_size()];
    let info = reader.next_frame(&mut buffer).expect("a frame");
    buffer.truncate(info.buffer_size());
    assert_eq!(info.color_type, png::ColorType::Rgba);
    (info.width, info.height, buffer)
}

/// Checks that every element is closed in order (void elements excepted), attributes are
/// quoted, and no `<` or `&` stands unescaped in text: stricter than HTML requires, which is
/// what a generated page should meet. Style element content is skipped as raw text.
fn check_well_formed(html: &str) -> Result<(), String> {
    const VOID: [&str; 6] = ["meta", "br", "hr", "img", "input", "link"];
    let mut stack: Vec<String> = Vec::new();
    let mut rest = html.strip_prefix("<!DOCTYPE html>").ok_or("no doctype")?;
    let line = |rest: &str| html[..html.len() - rest.len()].lines().count();
    while let Some(at) = rest.find(['<', '&']) {
        let (text, tail) = rest.split_at(at);
        if text.contains('>') {
            return Err(format!("line {}: stray '>' in text", line(tail)));
        }
        if tail.starts_with('&') {
            let end = tail.find(';').ok_or("unterminated entity")?;
            let name = &tail[1..end];
            let known = ["amp", "lt", "gt", "quot", "#39"].contains(&name);
            if !known {
                return Err(format!("line {}: unknown entity &{name};", line(tail)));
            }
            rest = &tail[end + 1..];
            continue;
        }
        let end = tail.find('>').ok_or("unterminated tag")?;
        let tag = &tail[1..end];
        rest = &tail[end + 1..];
        if let Some(name) = tag.strip_prefix('/') {
            match stack.pop() {
                Some(open) if open == name => {}
                open => {
                    return Err(format!("line {}: </{name}> closes {open:?}", line(rest)));
                }
            }
            continue;
        }
        let name: String = tag
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric())
            .collect();
        if name.is_empty() {
            return Err(format!("line {}: bad tag <{tag}>", line(rest)));
        }
        check_attributes(&tag[name.len()..])
            .map_err(|e| format!("line {}: <{tag}>: {e}", line(rest)))?;
        if VOID.contains(&name.as_str()) {
            continue;
        }
        if name == "style" {
            let close = rest.find("</style>").ok_or("unclosed style")?;
            rest = &rest[close + "</style>".len()..];
            continue;
        }
        stack.push(name);
    }
    if rest.contains('>') {
        return Err("stray '>' at the end".into());
    }
    match stack.as_slice() {
        [] => Ok(()),
        open => Err(format!("unclosed at the end: {open:?}")),
    }
}

/// `name="value"` pairs separated by spaces, values without a raw `<`.
fn check_attributes(mut text: &str) -> Result<(), String> {
    loop {
        text = text.trim_start();
        if text.is_empty() {
            return Ok(());
        }
        let eq = text
            .find('=')
            .ok_or(format!("attribute without value: {text}"))?;
        let name = &text[..eq];
        if name.is_empty() || !name.chars().all(|c| c.is_ascii_alphanumeric() || c == '-') {
            return Err(format!("bad attribute name {name:?}"));
        }
        let value = text[eq + 1..]
            .strip_prefix('"')
            .ok_or(format!("unquoted value of {name}"))?;
        let close = value
            .find('"')
            .ok_or(format!("unterminated value of {name}"))?;
        if value[..close].contains('<') {
            return Err(format!("raw '<' in {name}"));
        }
        text = &value[close + 1..];
    }
}

#[test]
fn the_well_formedness_check_catches_what_it_should() {
    let page = |body: &str| format!("<!DOCTYPE html><html><body>{body}</body></html>");
    assert_eq!(
        check_well_formed(&page("<p>a &amp; <b>b</b></p><br>")),
        Ok(())
    );
    for bad in [
        "<p>unclosed",
        "<p><b>crossed</p></b>",
        "a < b",
        "a & b",
        "<a href=x>unquoted</a>",
        "</p>",
        "x > y",
    ] {
        assert!(check_well_formed(&page(bad)).is_err(), "{bad}");
    }
}
