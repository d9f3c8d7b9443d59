//! `factdesk serve`: the web desk and its API through a real server on a free loopback port,
//! driven over HTTP; every refusal checked to change nothing in the store.

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, Stdio};

use serde_json::Value;

use crate::common::{ARTICLE, TestEnv, find, fixture, short};

const PASSWORD: &str = "a long enough passphrase";

/// A running `factdesk serve` on the test's store; stopped (as by Ctrl-C) when dropped.
pub struct Server {
    child: Child,
    pub url: String,
    agent: ureq::Agent,
}

impl Server {
    pub fn start(env: &TestEnv) -> Server {
        Server::start_with(env, &[])
    }

    fn start_with(env: &TestEnv, more: &[&str]) -> Server {
        let mut args = vec!["serve", "--listen", "127.0.0.1:0"];
        args.extend(more);
        let mut child = env
            .process(&args)
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("serve starts");
        let stdout = child.stdout.take().expect("stdout");
        let mut line = String::new();
        BufReader::new(stdout)
            .read_line(&mut line)
            .expect("first line");
        let url = line
            .trim()
            .rsplit(' ')
            .next()
            .expect("an address")
            .to_owned();
        assert!(url.starts_with("http://127.0.0.1:"), "{line}");
        let agent = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .max_redirects(0)
            .build()
            .into();
        Server { child, url, agent }
    }

    /// Stops the server the way Ctrl-C does, and waits for it to give the store back.
    pub fn stop(mut self) {
        let pid = self.child.id().to_string();
        let _ = std::process::Command::new("kill")
            .args(["-INT", &pid])
            .status();
        let status = self.child.wait().expect("serve ends");
        assert!(status.success(), "serve ended with {status}");
    }

    pub fn get(&self, path: &str, cookie: Option<&str>) -> (u16, String, Option<String>) {
        let mut request = self.agent.get(&format!("{}{path}", self.url));
        if let Some(cookie) = cookie {
            request = request.header("Cookie", &format!("factdesk_session={cookie}"));
        }
        answer(request.call().expect("answers"))
    }

    fn post_form(
        &self,
        path: &str,
        cookie: Option<&str>,
        form: &[(&str, &str)],
    ) -> (u16, String, Option<String>) {
        let mut request = self.agent.post(&format!("{}{path}", self.url));
        if let Some(cookie) = cookie {
            request = request.header("Cookie", &format!("factdesk_session={cookie}"));
        }
        answer(request.send_form(form.iter().copied()).expect("answers"))
    }

    fn post_json(&self, path: &str, bearer: &str, body: &str) -> (u16, Value) {
        let response = self
            .agent
            .post(&format!("{}{path}", self.url))
            .header("Authorization", &format!("Bearer {bearer}"))
            .header("Content-Type", "application/json")
            .send(body)
            .expect("answers");
        let (status, text, _) = answer(response);
        (status, serde_json::from_str(&text).unwrap_or(Value::Null))
    }

    fn get_json(&self, path: &str, bearer: &str) -> (u16, Value) {
        let response = self
            .agent
            .get(&format!("{}{path}", self.url))
            .header("Authorization", &format!("Bearer {bearer}"))
            .call()
            .expect("answers");
        let (status, text, _) = answer(response);
        (status, serde_json::from_str(&text).unwrap_or(Value::Null))
    }

    /// Logs in; the session cookie.
    pub fn login(&self, name: &str) -> String {
        let (status, _, cookie) =
            self.post_form("/login", None, &[("name", name), ("password", PASSWORD)]);
        assert_eq!(status, 303, "login as {name}");
        cookie.expect("a session cookie")
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Status, body, and the session id a `Set-Cookie` gives, if any.
fn answer(mut response: ureq::http::Response<ureq::Body>) -> (u16, String, Option<String>) {
    let status = response.status().as_u16();
    let cookie = response
        .headers()
        .get("set-cookie")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("factdesk_session="))
        .map(|v| v.split(';').next().unwrap_or("").to_owned())
        .filter(|v| !v.is_empty());
    let body = response.body_mut().read_to_string().unwrap_or_default();
    (status, body, cookie)
}

pub fn add_user(env: &TestEnv, name: &str, roles: &[&str]) {
    let mut args = vec!["user", "add", name, "--password-stdin"];
    for role in roles {
        args.extend(["--role", role]);
    }
    env.cmd(&args)
        .write_stdin(format!("{PASSWORD}\n"))
        .assert()
        .success();
}

/// A form's fields as the client takes them.
fn pairs<'f>(fields: &'f [(&'static str, String)]) -> Vec<(&'static str, &'f str)> {
    fields.iter().map(|(k, v)| (*k, v.as_str())).collect()
}

/// The CSRF token of the forms of a page.
pub fn csrf(page: &str) -> String {
    let at = page
        .find("name=\"csrf\" value=\"")
        .expect("a form with a CSRF token");
    page[at + 19..at + 19 + 64].to_owned()
}

fn four_eyes(env: &TestEnv) {
    let workflow = Path::new(env!("CARGO_MANIFEST_DIR")).join("workflows/four-eyes.toml");
    env.ok(&["workflow", "use", &workflow.display().to_string()]);
}

#[test]
fn pages_and_the_api_need_a_login_and_failed_logins_are_slowed_down() {
    let env = TestEnv::with_v1();
    add_user(&env, "ana", &[]);
    let before = env.head();
    let server = Server::start(&env);
    let (status, _, _) = server.get("/", None);
    assert_eq!(status, 303, "to the login page");
    // Pages go compressed to a browser that asks.
    let page = server
        .agent
        .get(&format!("{}/login", server.url))
        .header("Accept-Encoding", "gzip")
        .call()
        .expect("answers");
    assert_eq!(
        page.headers()
            .get("content-encoding")
            .and_then(|v| v.to_str().ok()),
        Some("gzip")
    );
    let (status, body, _) = server.get("/api/v1/articles", None);
    assert_eq!(status, 401);
    let error: Value = serde_json::from_str(&body).expect("a JSON error");
    assert_eq!(error["error"]["code"], "unauthorized");
    let (status, body, cookie) = server.post_form(
        "/login",
        None,
        &[("name", "ana"), ("password", "wrong password!")],
    );
    assert_eq!(status, 401);
    assert!(body.contains("unknown user or wrong password"), "{body}");
    assert!(cookie.is_none());
    for _ in 0..5 {
        server.post_form(
            "/login",
            None,
            &[("name", "ana"), ("password", "wrong password!")],
        );
    }
    // Even the right password waits its turn now.
    let (status, body, _) =
        server.post_form("/login", None, &[("name", "ana"), ("password", PASSWORD)]);
    assert_eq!(status, 429, "{body}");
    assert!(body.contains("too many failed logins"), "{body}");
    server.stop();
    assert!(
        !env.store().join("serving").exists(),
        "the note goes with the server"
    );
    assert_eq!(env.head(), before, "nothing was written");
}

#[test]
fn a_checker_sources_a_figure_and_only_a_second_checker_verifies_it() {
    let env = TestEnv::with_v1();
    four_eyes(&env);
    add_user(&env, "ana", &[]);
    add_user(&env, "bo", &[]);
    let toll = find(&env.claims(), "number", "8,000", "")["id"]
        .as_str()
        .expect("id")
        .to_owned();
    let server = Server::start(&env);
    let ana = server.login("ana");
    let (status, page, _) = server.get(&format!("/articles/{ARTICLE}"), Some(&ana));
    assert_eq!(status, 200);
    assert!(
        page.contains("more than 8,000 people"),
        "the claims are listed"
    );
    let token = csrf(&page);
    let mark = format!("/claims/{toll}/mark");
    let (status, _, _) = server.post_form(
        &mark,
        Some(&ana),
        &[
            ("csrf", &token),
            ("article", ARTICLE),
            ("from", "unverified"),
            ("state", "sourced"),
            ("source", "https://news.un.org/briefing"),
        ],
    );
    assert_eq!(status, 303, "sourced");
    // Four eyes: ana may not verify what she sourced.
    let (status, page, _) = server.post_form(
        &mark,
        Some(&ana),
        &[
            ("csrf", &token),
            ("article", ARTICLE),
            ("from", "sourced"),
            ("state", "verified"),
        ],
    );
    assert_eq!(status, 403, "{page}");
    assert!(page.contains("flash refused"), "the page says why");
    let bo = server.login("bo");
    let (_, page, _) = server.get(&format!("/articles/{ARTICLE}"), Some(&bo));
    let (status, _, _) = server.post_form(
        &mark,
        Some(&bo),
        &[
            ("csrf", &csrf(&page)),
            ("article", ARTICLE),
            ("from", "sourced"),
            ("state", "verified"),
        ],
    );
    assert_eq!(status, 303, "verified by the second checker");
    server.stop();
    let history = env.json_lines(&["history", &toll[..10], "--json"]);
    let actors: Vec<&str> = history
        .iter()
        .filter(|e| e["event"] == "transition")
        .map(|e| e["actor"].as_str().expect("actor"))
        .collect();
    assert_eq!(
        actors,
        ["ana", "bo"],
        "each move carries the logged-in user"
    );
    env.head();
}

#[test]
fn a_stale_form_is_refused_with_who_moved_the_claim_and_a_form_without_its_token_too() {
    let env = TestEnv::with_v1();
    add_user(&env, "ana", &[]);
    add_user(&env, "bo", &[]);
    let toll = find(&env.claims(), "number", "8,000", "")["id"]
        .as_str()
        .expect("id")
        .to_owned();
    let server = Server::start(&env);
    let (ana, bo) = (server.login("ana"), server.login("bo"));
    let (_, ana_page, _) = server.get(&format!("/articles/{ARTICLE}"), Some(&ana));
    let (_, bo_page, _) = server.get(&format!("/articles/{ARTICLE}"), Some(&bo));
    let mark = format!("/claims/{toll}/mark");
    let form = |token: &str| {
        [
            ("csrf", token.to_owned()),
            ("article", ARTICLE.to_owned()),
            ("from", "unverified".to_owned()),
            ("state", "sourced".to_owned()),
            ("source", "wire copy".to_owned()),
        ]
    };
    let (status, _, _) = server.post_form(&mark, Some(&ana), &pairs(&form(&csrf(&ana_page))));
    assert_eq!(status, 303);
    let (status, page, _) = server.post_form(&mark, Some(&bo), &pairs(&form(&csrf(&bo_page))));
    assert_eq!(status, 409, "{page}");
    assert!(page.contains("ana changed it at"), "who and when: {page}");
    let (status, _, _) = server.post_form(&mark, Some(&bo), &pairs(&form("0".repeat(64).as_str())));
    assert_eq!(status, 403, "a wrong CSRF token");
    let (status, _, _) = server.post_form(
        &mark,
        Some(&bo),
        &[("article", ARTICLE), ("state", "sourced"), ("source", "x")],
    );
    assert_eq!(status, 403, "no CSRF token");
    server.stop();
    let sources = env.json_lines(&["history", &toll[..10], "--json"]);
    assert_eq!(
        sources
            .iter()
            .filter(|e| e["event"] == "transition")
            .count(),
        1,
        "only ana's move was made"
    );
    env.head();
}

#[test]
fn an_api_token_reads_the_command_lines_json_and_marks() {
    let env = TestEnv::with_v1();
    add_user(&env, "cms", &[]);
    let out = env.ok(&["token", "add", "cms"]);
    let token = out.lines().last().expect("the token").trim().to_owned();
    assert!(token.starts_with("fdk_"), "{out}");
    let expected: Vec<Value> = env.claims();
    let before = env.head();
    let server = Server::start(&env);
    let (status, claims) = server.get_json(&format!("/api/v1/articles/{ARTICLE}/claims"), &token);
    assert_eq!(status, 200);
    assert_eq!(
        claims.as_array().expect("an array"),
        &expected,
        "the `claims --json` shapes"
    );
    let (status, gate) = server.get_json(&format!("/api/v1/articles/{ARTICLE}/gate"), &token);
    assert_eq!(status, 200);
    assert_eq!(gate["ready"], false);
    // Refusals, each changing nothing.
    let (status, error) = server.get_json("/api/v1/articles/no-such/claims", &token);
    assert_eq!(
        (status, error["error"]["code"].as_str()),
        (404, Some("unknown_article"))
    );
    let (status, error) = server.post_json(
        "/api/v1/claims/ffffff/mark",
        &token,
        r#"{"state":"sourced","source":"x"}"#,
    );
    assert_eq!(
        (status, error["error"]["code"].as_str()),
        (404, Some("unknown_claim"))
    );
    let toll = short(find(&expected, "number", "8,000", ""));
    let (status, error) = server.post_json(
        &format!("/api/v1/claims/{toll}/mark"),
        &token,
        r#"{"state":"verified"}"#,
    );
    assert_eq!(
        (status, error["error"]["code"].as_str()),
        (400, Some("illegal_move")),
        "{error}"
    );
    let (status, _) = server.post_json(&format!("/api/v1/claims/{toll}/mark"), &token, "{not json");
    assert_eq!(status, 400);
    let (status, _) = server.post_json(
        &format!("/api/v1/claims/{toll}/mark"),
        "fdk_00_bad",
        r#"{"state":"sourced","source":"x"}"#,
    );
    assert_eq!(status, 401);
    let huge = format!(
        r#"{{"state":"sourced","source":"{}"}}"#,
        // Over what a move with its evidence may be (32 MiB of it, as base64).
        "x".repeat(48 << 20)
    );
    // The server answers 413 from the length alone and may close the connection while the
    // client is still sending: a refusal either way, and the head below proves nothing changed.
    let sent = server
        .agent
        .post(&format!("{}/api/v1/claims/{toll}/mark", server.url))
        .header("Authorization", &format!("Bearer {token}"))
        .header("Content-Type", "application/json")
        .send(&huge);
    match sent {
        Ok(response) => assert_eq!(response.status().as_u16(), 413, "over the body limit"),
        Err(ureq::Error::Io(err)) => assert!(
            matches!(
                err.kind(),
                std::io::ErrorKind::BrokenPipe | std::io::ErrorKind::ConnectionReset
            ),
            "{err}"
        ),
        Err(other) => panic!("{other}"),
    }
    server.stop();
    assert_eq!(env.head(), before, "no refusal wrote anything");
    let server = Server::start(&env);
    let (status, marked) = server.post_json(
        &format!("/api/v1/claims/{toll}/mark"),
        &token,
        r#"{"state":"sourced","source":"https://news.un.org/briefing","from":"unverified"}"#,
    );
    assert_eq!(status, 200, "{marked}");
    assert_eq!(
        (marked["from"].as_str(), marked["to"].as_str()),
        (Some("unverified"), Some("sourced"))
    );
    server.stop();
    let history = env.ok(&["history", &toll]);
    assert!(
        history.contains("cms"),
        "acted as the token's owner: {history}"
    );
    env.head();
}

#[test]
fn roles_a_user_holds_let_them_make_the_moves_the_workflow_limits() {
    let env = TestEnv::init();
    let default = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("workflows/default.toml"),
    )
    .expect("default workflow");
    let limited = default.replace(
        "[[transitions]]\nname = \"verify\"\nfrom = [\"sourced\"]\nto = \"verified\"\n",
        "[[transitions]]\nname = \"verify\"\nfrom = [\"sourced\"]\nto = \"verified\"\nroles = [\"editor\"]\n",
    );
    assert_ne!(limited, default);
    let file = env.write("editors.toml", limited.as_bytes());
    env.ok(&["workflow", "use", &file]);
    env.ok(&["ingest", &fixture("v1.txt"), "--article", ARTICLE]);
    add_user(&env, "bo", &["editor"]);
    let err = env.fails(
        &["user", "add", "cy", "--role", "chief", "--password-stdin"],
        1,
    );
    assert!(
        err.contains("not a role of the workflow: use editor"),
        "{err}"
    );
    let toll = short(find(&env.claims(), "number", "8,000", ""));
    env.ok_as(&["mark", &toll, "sourced", "--source", "wire"], "ana");
    let err = env.fails(&["mark", &toll, "verified"], 1);
    assert!(err.contains("editor"), "{err}");
    env.ok_as(&["mark", &toll, "verified"], "bo");
    env.head();
}

#[test]
fn a_new_revision_comes_in_through_the_api_and_its_changed_claims_queue_first() {
    let env = TestEnv::with_v1();
    add_user(&env, "cms", &[]);
    add_user(&env, "ana", &[]);
    let token = env
        .ok(&["token", "add", "cms"])
        .lines()
        .last()
        .expect("token")
        .trim()
        .to_owned();
    let toll = short(find(&env.claims(), "number", "8,000", ""));
    env.ok(&["mark", &toll, "sourced", "--source", "UN"]);
    env.ok(&["mark", &toll, "verified"]);
    let v2 = std::fs::read_to_string(fixture("v2.txt")).expect("v2");
    let server = Server::start(&env);
    let other = serde_json::json!({"text": "Shares in European technology companies rallied on Tuesday after quarterly earnings beat analysts' expectations, with semiconductor makers leading gains while investors weighed fresh inflation figures released by statistics agencies across several countries before central bankers meet next month."}).to_string();
    let (status, error) = server.post_json(
        &format!("/api/v1/articles/{ARTICLE}/revisions"),
        &token,
        &other,
    );
    assert_eq!(status, 400, "{error}");
    assert!(
        error["error"]["message"]
            .as_str()
            .is_some_and(|m| m.contains("looks like another story")),
        "{error}"
    );
    let body = serde_json::json!({"text": v2, "source": "cms:draft-2"}).to_string();
    let (status, ingested) = server.post_json(
        &format!("/api/v1/articles/{ARTICLE}/revisions"),
        &token,
        &body,
    );
    assert_eq!(status, 200, "{ingested}");
    assert_eq!(ingested["revision"], 2);
    assert_eq!(ingested["added"], true);
    assert_eq!(ingested["counts"]["modified"], 2, "{ingested}");
    // The same text again adds nothing.
    let (_, again) = server.post_json(
        &format!("/api/v1/articles/{ARTICLE}/revisions"),
        &token,
        &body,
    );
    assert_eq!(again["added"], false);
    let (status, diff) = server.get_json(
        &format!("/api/v1/articles/{ARTICLE}/diff?from=1&to=2"),
        &token,
    );
    assert_eq!(status, 200);
    let (status, queue) = server.get_json("/api/v1/queue", &token);
    assert_eq!(status, 200);
    assert_eq!(queue[0]["urgency"], "changed", "{queue}");
    // A page form takes a pasted text too.
    let ana = server.login("ana");
    let (_, page, _) = server.get(&format!("/articles/{ARTICLE}"), Some(&ana));
    let v3 = v2.replace("9,000", "9,500");
    let (status, page, _) = server.post_form(
        &format!("/articles/{ARTICLE}/revisions"),
        Some(&ana),
        &[("csrf", &csrf(&page)), ("text", &v3)],
    );
    assert_eq!(status, 200);
    assert!(page.contains("revision 3 ingested"), "{page}");
    server.stop();
    let revisions = env.json_lines(&["revisions", ARTICLE, "--json"]);
    assert_eq!(revisions[1]["ingested_by"], "cms");
    let cli_diff = env.json_lines(&["diff", ARTICLE, "--from", "1", "--to", "2", "--json"]);
    assert_eq!(diff.as_array(), Some(&cli_diff), "the `diff --json` shapes");
    assert_eq!(revisions[2]["ingested_by"], "ana");
    env.head();
}

#[test]
fn editors_correct_the_machine_from_the_desk_and_the_api() {
    let env = TestEnv::with_v1();
    add_user(&env, "ana", &[]);
    let token = {
        add_user(&env, "cms", &[]);
        env.ok(&["token", "add", "cms"])
            .lines()
            .last()
            .expect("token")
            .trim()
            .to_owned()
    };
    let claims = env.claims();
    let statement = find(&claims, "quote", "underscored", "")["id"]
        .as_str()
        .expect("id")
        .to_owned();
    let assessment = short(find(&claims, "quote", "Our assessment", ""));
    let server = Server::start(&env);
    let ana = server.login("ana");
    let (_, page, _) = server.get(&format!("/articles/{ARTICLE}"), Some(&ana));
    let token_of_page = csrf(&page);
    let (status, page, _) = server.post_form(
        &format!("/claims/{statement}/curate"),
        Some(&ana),
        &[
            ("csrf", &token_of_page),
            ("article", ARTICLE),
            ("action", "dismiss"),
            ("reason", "scare-quote"),
        ],
    );
    assert_eq!(status, 200, "{page}");
    assert!(page.contains("dismissed (scare-quote)"), "{page}");
    let (status, page, _) = server.post_form(
        &format!("/claims/{statement}/curate"),
        Some(&ana),
        &[
            ("csrf", &token_of_page),
            ("article", ARTICLE),
            ("action", "dismiss"),
            ("reason", "duplicate"),
        ],
    );
    assert_eq!(status, 409, "dismissing twice");
    assert!(page.contains("already dismissed"), "{page}");
    let (status, page, _) = server.post_form(
        &format!("/articles/{ARTICLE}/claims"),
        Some(&ana),
        &[
            ("csrf", &token_of_page),
            ("kind", "number"),
            ("text", "a year ago"),
            ("occurrence", "2"),
            ("value", "1"),
            ("unit", "year"),
        ],
    );
    assert_eq!(status, 200, "{page}");
    assert!(page.contains("added number"), "{page}");
    let (status, answer) = server.post_json(
        &format!("/api/v1/claims/{assessment}/curate"),
        &token,
        r#"{"action":"speaker","speaker":"ICRC President Jakob Kellenberger"}"#,
    );
    assert_eq!(status, 200, "{answer}");
    let (status, error) = server.post_json(
        &format!("/api/v1/claims/{assessment}/curate"),
        &token,
        r#"{"action":"dismiss","reason":"nonsense"}"#,
    );
    assert_eq!(
        (status, error["error"]["code"].as_str()),
        (400, Some("bad_request"))
    );
    // The API takes a number where the form sends text: the body reads, and the claim is
    // refused only because the extractor found these words already.
    let (status, added) = server.post_json(
        &format!("/api/v1/articles/{ARTICLE}/claims/add"),
        &token,
        r#"{"kind":"number","text":"two","occurrence":1,"value":2,"unit":"hour"}"#,
    );
    assert_eq!(
        (status, added["error"]["code"].as_str()),
        (409, Some("refused")),
        "{added}"
    );
    let (status, found) = server.get_json("/api/v1/search?q=8,000%20killed", &token);
    assert_eq!(status, 200);
    assert!(
        found.as_array().is_some_and(|hits| !hits.is_empty()),
        "{found}"
    );
    server.stop();
    let all = env.json_lines(&["claims", ARTICLE, "--all", "--json"]);
    assert!(
        all.iter()
            .any(|c| c["origin"] == "added" && c["added_by"] == "ana")
    );
    assert!(all.iter().any(|c| c["speaker_corrected_by"] == "cms"));
    assert!(all.iter().any(|c| c["dismissed"]["by"] == "ana"));
    env.head();
}

#[test]
fn editors_take_and_assign_work_on_the_desk_and_compare_revisions() {
    let env = TestEnv::with_v1();
    add_user(&env, "ana", &[]);
    add_user(&env, "bo", &[]);
    let token = env
        .ok(&["token", "add", "bo"])
        .lines()
        .last()
        .expect("token")
        .trim()
        .to_owned();
    env.ok(&["ingest", &fixture("v2.txt"), "--article", ARTICLE]);
    let toll = find(&env.claims(), "number", "9,000", "")["id"]
        .as_str()
        .expect("an id")
        .to_owned();
    let server = Server::start(&env);
    let ana = server.login("ana");
    let (_, page, _) = server.get(&format!("/articles/{ARTICLE}"), Some(&ana));
    assert!(page.contains("no one has this article"), "{page}");
    let token_of_page = csrf(&page);
    // Ana takes the article; she gives the toll to bo.
    let (status, page, _) = server.post_form(
        &format!("/articles/{ARTICLE}/assign"),
        Some(&ana),
        &[("csrf", &token_of_page), ("assignee", "ana")],
    );
    assert_eq!(status, 200, "{page}");
    assert!(page.contains("the article is assigned to ana"), "{page}");
    let (status, page, _) = server.post_form(
        &format!("/articles/{ARTICLE}/assign"),
        Some(&ana),
        &[
            ("csrf", &token_of_page),
            ("claim", &toll),
            ("assignee", "bo"),
        ],
    );
    assert_eq!(status, 200, "{page}");
    // Someone the desk lacks is refused on the page, and nothing is written.
    let head = head_while_served(&server, &ana);
    let (status, page, _) = server.post_form(
        &format!("/articles/{ARTICLE}/assign"),
        Some(&ana),
        &[("csrf", &token_of_page), ("assignee", "zed")],
    );
    assert_eq!(status, 400);
    assert!(page.contains("no user `zed` on this desk"), "{page}");
    assert_eq!(head_while_served(&server, &ana), head);
    // "What needs me", on the page and through the API.
    let (_, queue, _) = server.get("/queue?whose=mine", Some(&ana));
    assert!(!queue.contains("9,000"), "the toll is bo's: {queue}");
    let (status, theirs) = server.get_json("/api/v1/queue?mine=true", &token);
    assert_eq!(status, 200, "{theirs}");
    assert_eq!(theirs.as_array().map(Vec::len), Some(1), "{theirs}");
    assert_eq!(theirs[0]["id"], toll.as_str());
    assert_eq!(theirs[0]["assignee"], "bo");
    let (status, _) = server.get_json("/api/v1/queue?mine=true&unassigned=true", &token);
    assert_eq!(status, 400);
    // bo hands it back through the API; releasing twice is refused.
    let release = format!(r#"{{"claim": "{toll}", "assignee": null}}"#);
    let (status, done) = server.post_json(
        &format!("/api/v1/articles/{ARTICLE}/assign"),
        &token,
        &release,
    );
    assert_eq!(status, 200, "{done}");
    assert_eq!(done["previous"], "bo");
    let (status, again) = server.post_json(
        &format!("/api/v1/articles/{ARTICLE}/assign"),
        &token,
        &release,
    );
    assert_eq!(status, 409, "{again}");
    assert_eq!(again["error"]["code"], "unchanged");
    // A body without `assignee` is refused, not taken as a release.
    let (status, refused) =
        server.post_json(&format!("/api/v1/articles/{ARTICLE}/assign"), &token, "{}");
    assert_eq!(status, 400, "{refused}");
    assert_eq!(refused["error"]["code"], "bad_request");
    let (status, missing) = server.get_json("/api/v1/articles/no-such-story/assignments", &token);
    assert_eq!(status, 404, "{missing}");
    assert_eq!(missing["error"]["code"], "unknown_article");
    let (_, listed) = server.get_json(&format!("/api/v1/articles/{ARTICLE}/assignments"), &token);
    assert_eq!(listed.as_array().map(Vec::len), Some(1), "{listed}");
    assert_eq!(listed[0]["assignee"], "ana");
    // The revisions, and two of them compared: the changed toll, then the words.
    let (status, page, _) = server.get(&format!("/articles/{ARTICLE}/revisions"), Some(&ana));
    assert_eq!(status, 200);
    assert!(page.contains("compare with 1"), "{page}");
    let (status, page, _) = server.get(
        &format!("/articles/{ARTICLE}/compare?from=1&to=2"),
        Some(&ana),
    );
    assert_eq!(status, 200, "{page}");
    assert!(page.contains("8,000 → 9,000"), "{page}");
    assert!(page.contains("<del>") && page.contains("<ins>"), "{page}");
    let (_, side, _) = server.get(
        &format!("/articles/{ARTICLE}/compare?from=1&to=2&view=side"),
        Some(&ana),
    );
    assert!(side.contains("class=\"side\""), "{side}");
    let (status, _, _) = server.get(
        &format!("/articles/{ARTICLE}/compare?from=2&to=1"),
        Some(&ana),
    );
    assert_eq!(status, 400);
    let (status, _, _) = server.get(&format!("/articles/{ARTICLE}/compare?from=x"), Some(&ana));
    assert_eq!(status, 400);
    let (status, revisions) =
        server.get_json(&format!("/api/v1/articles/{ARTICLE}/revisions"), &token);
    assert_eq!(status, 200);
    assert_eq!(revisions.as_array().map(Vec::len), Some(2));
    server.stop();
    let cli = env.json_lines(&["revisions", ARTICLE, "--json"]);
    assert_eq!(
        revisions.as_array(),
        Some(&cli),
        "the `revisions --json` shapes"
    );
    env.ok(&["audit", "verify"]);
}

/// The audit head, as the audit page shows it while the server holds the store.
fn head_while_served(server: &Server, cookie: &str) -> String {
    let (status, page, _) = server.get("/audit", Some(cookie));
    assert_eq!(status, 200, "{page}");
    let at = page
        .find("keep outside the store: <code>")
        .expect("the head")
        + 30;
    page[at..].split('<').next().expect("the head").to_owned()
}

#[test]
fn a_session_outlives_a_restart_of_the_server_but_not_a_logout_or_a_disabled_user() {
    let env = TestEnv::with_v1();
    add_user(&env, "ana", &[]);
    add_user(&env, "bo", &[]);
    let server = Server::start(&env);
    let ana = server.login("ana");
    let bo = server.login("bo");
    server.stop();
    let server = Server::start(&env);
    let (status, page, _) = server.get("/queue", Some(&ana));
    assert_eq!(status, 200, "still logged in: {page}");
    // The same form token still works: a page left open across the restart can still post.
    let (status, page, _) = server.post_form(
        &format!("/articles/{ARTICLE}/assign"),
        Some(&ana),
        &[("csrf", &csrf(&page)), ("assignee", "ana")],
    );
    assert_eq!(status, 200, "{page}");
    let (_, page, _) = server.get("/", Some(&ana));
    let (status, _, _) = server.post_form("/logout", Some(&ana), &[("csrf", &csrf(&page))]);
    assert_eq!(status, 303);
    let (status, _, _) = server.get("/queue", Some(&ana));
    assert_eq!(status, 303, "logged out: to the login page");
    // A made-up or malformed cookie is no session.
    let (status, _, _) = server.get("/queue", Some(&"0".repeat(64)));
    assert_eq!(status, 303);
    let (status, _, _) = server.get("/queue", Some("../../etc"));
    assert_eq!(status, 303);
    server.stop();
    env.ok(&["user", "disable", "bo"]);
    let server = Server::start(&env);
    let (status, _, _) = server.get("/queue", Some(&bo));
    assert_eq!(status, 303, "a disabled user's session ends");
    server.stop();
    env.ok(&["audit", "verify"]);
}

/// A `multipart/form-data` body of text fields and one file, as a browser sends it.
fn multipart(fields: &[(&str, &str)], file: (&str, &str, &[u8])) -> (String, Vec<u8>) {
    let boundary = "----factdesk-test-boundary-7d91";
    let mut body = Vec::new();
    for (name, value) in fields {
        body.extend_from_slice(
            format!(
                "--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n"
            )
            .as_bytes(),
        );
    }
    let (field, file_name, bytes) = file;
    body.extend_from_slice(
        format!("--{boundary}\r\nContent-Disposition: form-data; name=\"{field}\"; filename=\"{file_name}\"\r\nContent-Type: application/octet-stream\r\n\r\n")
            .as_bytes(),
    );
    body.extend_from_slice(bytes);
    body.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
    (format!("multipart/form-data; boundary={boundary}"), body)
}

impl Server {
    fn post_multipart(
        &self,
        path: &str,
        cookie: &str,
        (content_type, body): (String, Vec<u8>),
    ) -> (u16, String, Option<String>) {
        let response = self
            .agent
            .post(&format!("{}{path}", self.url))
            .header("Cookie", &format!("factdesk_session={cookie}"))
            .header("Content-Type", &content_type)
            .send(&body[..])
            .expect("answers");
        answer(response)
    }
}

#[test]
fn evidence_and_a_new_revision_are_uploaded_from_the_page_and_evidence_comes_back_as_a_download() {
    let env = TestEnv::with_v1();
    add_user(&env, "ana", &[]);
    let token = env
        .ok(&["token", "add", "ana"])
        .lines()
        .last()
        .expect("token")
        .trim()
        .to_owned();
    let toll = find(&env.claims(), "number", "8,000", "")["id"]
        .as_str()
        .expect("id")
        .to_owned();
    let quote = find(&env.claims(), "quote", "", "")["id"]
        .as_str()
        .expect("id")
        .to_owned();
    let server = Server::start(&env);
    let ana = server.login("ana");
    let (_, page, _) = server.get(&format!("/articles/{ARTICLE}"), Some(&ana));
    assert!(page.contains("enctype=\"multipart/form-data\""), "{page}");
    let form = csrf(&page);
    let briefing: &[u8] = b"UN briefing, 4 May: more than 8,000 killed.\n\xff\x00";
    let (status, page, _) = server.post_multipart(
        &format!("/claims/{toll}/mark"),
        &ana,
        multipart(
            &[
                ("csrf", &form),
                ("article", ARTICLE),
                ("from", "unverified"),
                ("state", "sourced"),
                ("source", "https://news.un.org/briefing"),
            ],
            ("evidence", "C:\\briefs\\..\\un-briefing.txt", briefing),
        ),
    );
    assert_eq!(status, 303, "{page}");
    let (_, page, _) = server.get(&format!("/articles/{ARTICLE}"), Some(&ana));
    let at = page
        .find("/api/v1/evidence/")
        .expect("the evidence is linked")
        + 17;
    let hash = page[at..at + 64].to_owned();
    assert!(page.contains("un-briefing.txt"), "its name, never its path");
    let mut response = server
        .agent
        .get(&format!("{}/api/v1/evidence/{hash}", server.url))
        .header("Cookie", &format!("factdesk_session={ana}"))
        .call()
        .expect("answers");
    assert_eq!(response.status(), 200);
    assert_eq!(
        response
            .headers()
            .get("content-disposition")
            .and_then(|v| v.to_str().ok()),
        Some("attachment; filename=\"un-briefing.txt\"")
    );
    let bytes = response.body_mut().read_to_vec().expect("the bytes");
    assert_eq!(bytes, briefing, "the very bytes uploaded");
    let (status, _) = server.get_json(&format!("/api/v1/evidence/{}", "0".repeat(64)), &token);
    assert_eq!(status, 404);
    // Through the API: base64 in the JSON body; a body that does not decode changes nothing.
    let head = head_while_served(&server, &ana);
    let (status, error) = server.post_json(
        &format!("/api/v1/claims/{quote}/mark"),
        &token,
        r#"{"state": "sourced", "source": "UN", "evidence": {"name": "a.txt", "content_base64": "not base64!"}}"#,
    );
    assert_eq!(status, 400, "{error}");
    assert_eq!(head_while_served(&server, &ana), head);
    let (status, marked) = server.post_json(
        &format!("/api/v1/claims/{quote}/mark"),
        &token,
        r#"{"state": "sourced", "source": "UN", "evidence": {"name": "a.txt", "content_base64": "aGVsbG8="}}"#,
    );
    assert_eq!(status, 200, "{marked}");
    // The next revision as an uploaded file.
    let v2 = std::fs::read(fixture("v2.txt")).expect("v2");
    let (status, page, _) = server.post_multipart(
        &format!("/articles/{ARTICLE}/revisions"),
        &ana,
        multipart(&[("csrf", &form), ("text", "")], ("file", "v2.txt", &v2)),
    );
    assert_eq!(status, 200, "{page}");
    assert!(page.contains("revision 2 ingested"), "{page}");
    let (status, page, _) = server.post_multipart(
        &format!("/articles/{ARTICLE}/revisions"),
        &ana,
        multipart(
            &[("csrf", &form)],
            ("file", "scan.pdf", b"%PDF-1.7 \xff\xfe"),
        ),
    );
    assert_eq!(status, 400, "{page}");
    assert!(page.contains("not UTF-8 text"), "{page}");
    server.stop();
    let shown: Value =
        serde_json::from_str(&env.ok(&["show", &toll[..10], "--json"])).expect("show --json");
    assert_eq!(shown["evidence"][0]["name"], "un-briefing.txt", "{shown}");
    let revisions = env.json_lines(&["revisions", ARTICLE, "--json"]);
    assert_eq!(revisions[1]["source"], "upload: v2.txt");
    env.ok(&["audit", "verify"]);
}

#[test]
fn the_command_line_works_on_a_store_the_desk_holds_through_the_desk() {
    let env = TestEnv::with_v1();
    add_user(&env, "ana", &[]);
    let served_claims = env.ok(&["claims", ARTICLE]);
    let server = Server::start(&env);
    // Reads and writes run in the server, at its speed, with the caller's output and exit code.
    assert_eq!(env.ok(&["claims", ARTICLE]), served_claims);
    let toll = short(find(&env.claims(), "number", "8,000", ""));
    let said = env.ok_as(&["mark", &toll, "sourced", "--source", "UN briefing"], "bo");
    assert!(said.contains("unverified → sourced"), "{said}");
    let err = env.fails(&["mark", &toll, "nonsense"], 1);
    assert!(err.contains("unknown state"), "{err}");
    let (code, out) = env.run(&["gate", ARTICLE], "ana");
    assert_eq!(code, 1, "the gate's own exit code: {}", out.stdout);
    // Paths are the caller's: a report lands in the caller's directory, evidence is read there.
    env.write("briefing.txt", b"UN: more than 8,000 killed");
    let report = env.path("report.html");
    let quote = short(find(&env.claims(), "quote", "", ""));
    env.cmd(&[
        "mark",
        &quote,
        "sourced",
        "--source",
        "UN",
        "--evidence",
        "briefing.txt",
    ])
    .current_dir(env.path(""))
    .assert()
    .success();
    env.cmd(&["report", ARTICLE, "-o", "report.html"])
        .current_dir(env.path(""))
        .assert()
        .success();
    assert!(report.exists(), "written where the caller is");
    // Standard input goes along only to a command that reads it.
    env.cmd(&["user", "add", "cy", "--password-stdin"])
        .write_stdin(format!("{PASSWORD}\n"))
        .assert()
        .success();
    // What needs the store to itself says so at once, in one line.
    let err = env.fails(&["compact"], 1);
    assert!(err.contains("needs the store to itself"), "{err}");
    // The credential in the store's directory is the owner's alone, and required.
    let note = std::fs::read_to_string(env.store().join("serving")).expect("the note");
    let mode = std::os::unix::fs::PermissionsExt::mode(
        &std::fs::metadata(env.store().join("serving"))
            .expect("meta")
            .permissions(),
    );
    assert_eq!(mode & 0o077, 0, "readable by its owner only");
    let (status, body, _) = server.post_form("/local/v1/run", None, &[("args", "claims")]);
    assert_eq!(status, 403, "{body}");
    let wrong = server
        .agent
        .post(&format!("{}/local/v1/run", server.url))
        .header("X-Factdesk-Local", &"0".repeat(64))
        .header("Content-Type", "application/json")
        .send("{}")
        .expect("answers");
    assert_eq!(wrong.status(), 403);
    assert!(note.lines().count() >= 3, "{note}");
    server.stop();
    let history = env.json_lines(&["history", &toll, "--json"]);
    let moved = history
        .iter()
        .find(|e| e["event"] == "transition")
        .expect("the move");
    assert_eq!(moved["actor"], "bo", "the caller's user, not the server's");
    let shown: Value =
        serde_json::from_str(&env.ok(&["show", &quote, "--json"])).expect("show --json");
    assert_eq!(shown["evidence"][0]["name"], "briefing.txt", "{shown}");
    assert!(env.ok(&["user", "list"]).contains("cy"));
    env.ok(&["audit", "verify"]);
}

#[test]
fn the_desk_lists_articles_newest_first_a_page_at_a_time_and_filters_them() {
    let env = TestEnv::with_v1();
    add_user(&env, "ana", &[]);
    env.cmd(&[
        "ingest",
        &fixture("v3.html"),
        "--article",
        "truce-web",
        "--title",
        "Red Cross seeks a daily pause",
    ])
    .env("FACTDESK_NOW", "2030-01-01T09:00:00Z")
    .assert()
    .success();
    let server = Server::start(&env);
    let ana = server.login("ana");
    let (status, page, _) = server.get("/", Some(&ana));
    assert_eq!(status, 200);
    let (newer, older) = (
        page.find("/articles/truce-web").expect("listed"),
        page.find(&format!("/articles/{ARTICLE}\""))
            .expect("listed"),
    );
    assert!(newer < older, "newest first");
    let (_, page, _) = server.get("/?q=daily+PAUSE", Some(&ana));
    assert!(
        page.contains("/articles/truce-web"),
        "by headline, any case"
    );
    assert!(!page.contains(&format!("/articles/{ARTICLE}\"")), "{page}");
    let (_, page, _) = server.get("/?show=ready", Some(&ana));
    assert!(
        page.contains("No article matches"),
        "every claim waits: {page}"
    );
    let (_, page, _) = server.get("/?show=blocking&page=2", Some(&ana));
    assert!(
        page.contains("page 2") && page.contains("← newer"),
        "{page}"
    );
    for bad in [
        "/?page=first",
        "/?show=everything",
        "/api/v1/articles?limit=0",
    ] {
        let (status, _, _) = server.get(bad, Some(&ana));
        assert_eq!(status, 400, "{bad}");
    }
    // Search across the archive, from the desk.
    let (status, page, _) = server.get("/search?q=8%2C000", Some(&ana));
    assert_eq!(status, 200, "{page}");
    assert!(
        page.contains("more than 8,000") || page.contains("8,000"),
        "{page}"
    );
    assert!(
        page.contains(&format!("/articles/{ARTICLE}#claim-")),
        "{page}"
    );
    let (_, page, _) = server.get("/search?q=", Some(&ana));
    assert!(!page.contains("Nothing found"), "no search, no verdict");
    // Each claim's history is on its card.
    let (_, page, _) = server.get(&format!("/articles/{ARTICLE}"), Some(&ana));
    assert!(
        page.contains("history (1)") && page.contains("revision 1"),
        "{page}"
    );
    // The API's list, a page at a time, in id order.
    let ids = |path: &str| -> Vec<String> {
        let (status, body, _) = server.get(path, Some(&ana));
        assert_eq!(status, 200, "{body}");
        let lines: Value = serde_json::from_str(&body).expect("JSON");
        lines
            .as_array()
            .expect("an array")
            .iter()
            .map(|line| line["id"].as_str().expect("id").to_owned())
            .collect()
    };
    assert_eq!(ids("/api/v1/articles?limit=1"), [ARTICLE]);
    assert_eq!(
        ids(&format!("/api/v1/articles?after={ARTICLE}&limit=1")),
        ["truce-web"]
    );
    assert!(ids("/api/v1/articles?after=truce-web").is_empty());
    server.stop();
}

#[test]
fn a_new_revision_is_named_by_the_address_of_a_page_saved_on_the_server() {
    let env = TestEnv::with_v1();
    add_user(&env, "ana", &[]);
    let pages = env.path("pages");
    std::fs::create_dir_all(pages.join("news.example.org/2026")).expect("dirs");
    std::fs::copy(
        fixture("v3.html"),
        pages.join("news.example.org/2026/truce.html"),
    )
    .expect("saved page");
    let err = env.fails(&["serve", "--saved-pages", "no-such-folder"], 1);
    assert!(err.contains("is not a folder"), "{err}");
    let server = Server::start_with(&env, &["--saved-pages", &pages.display().to_string()]);
    let ana = server.login("ana");
    let (_, page, _) = server.get(&format!("/articles/{ARTICLE}"), Some(&ana));
    assert!(page.contains("the address of a saved page"), "{page}");
    let form = csrf(&page);
    let head = head_while_served(&server, &ana);
    for (address, status) in [
        ("https://news.example.org/2026/missing", 404),
        ("https://news.example.org/../../etc/passwd", 404),
        ("file:///etc/passwd", 400),
    ] {
        let (got, page, _) = server.post_form(
            &format!("/articles/{ARTICLE}/revisions"),
            Some(&ana),
            &[("csrf", &form), ("url", address)],
        );
        assert_eq!(got, status, "{address}: {page}");
    }
    assert_eq!(head_while_served(&server, &ana), head, "nothing written");
    let (status, page, _) = server.post_form(
        &format!("/articles/{ARTICLE}/revisions"),
        Some(&ana),
        &[
            ("csrf", &form),
            ("url", "https://news.example.org/2026/truce"),
        ],
    );
    assert_eq!(status, 200, "{page}");
    assert!(page.contains("revision 2 ingested"), "{page}");
    server.stop();
    let revisions = env.json_lines(&["revisions", ARTICLE, "--json"]);
    assert!(
        revisions[1]["source"]
            .as_str()
            .is_some_and(|s| s.starts_with("saved page: ") && s.ends_with("truce.html")),
        "{revisions:?}"
    );
    assert_eq!(revisions[1]["format"], "html");
}
