//! Webhooks: registered and removed through the audit log; deliveries POSTed, signed, to a small
//! HTTP receiver in the test, by `webhook deliver` and by a running `factdesk serve`; retries,
//! giving up, and the outbox surviving compaction and not replaying after an import.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::process::{Child, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use hmac::{Hmac, Mac};
use serde_json::Value;
use sha2::Sha256;

use crate::common::{NOW, TestEnv};

const ARTICLE: &str = "flood";
const V1: &str = "The council said on Monday that 40 families were moved from the flooded district. \"We acted as fast as we could,\" the mayor said. Repairs will cost about $2 million, officials estimated.\n";
const PASSWORD: &str = "a long enough passphrase";

/// One request the receiver took.
#[derive(Debug, Clone)]
struct Received {
    event: String,
    delivery: String,
    signature: String,
    body: String,
}

impl Received {
    fn payload(&self) -> Value {
        serde_json::from_str(&self.body).expect("a JSON body")
    }
}

/// How the receiver answers its `n`-th request: a status, after a pause.
#[derive(Clone, Copy)]
struct Answer(u16, Duration);

/// A tiny HTTP server on a free loopback port that records what it is sent and answers as
/// scripted (200 at once once the script is spent).
struct Receiver {
    url: String,
    requests: Arc<Mutex<Vec<Received>>>,
}

impl Receiver {
    fn start(script: &[Answer]) -> Receiver {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
        let url = format!(
            "http://{}/hooks/factdesk?team=politics",
            listener.local_addr().expect("addr")
        );
        let requests = Arc::new(Mutex::new(Vec::new()));
        let (seen, script) = (requests.clone(), script.to_vec());
        std::thread::spawn(move || {
            for (n, stream) in listener.incoming().enumerate() {
                let Ok(stream) = stream else { continue };
                let Answer(status, pause) = script
                    .get(n)
                    .copied()
                    .unwrap_or(Answer(200, Duration::ZERO));
                if let Some(request) = read_request(&stream) {
                    seen.lock().expect("lock").push(request);
                }
                std::thread::sleep(pause);
                let mut stream = stream;
                let _ = write!(
                    stream,
                    "HTTP/1.1 {status} X\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok"
                );
            }
        });
        Receiver { url, requests }
    }

    fn received(&self) -> Vec<Received> {
        self.requests.lock().expect("lock").clone()
    }

    /// Waits until a request told `event` (or fails after `at_most`).
    fn wait_until(&self, event: &str, at_most: Duration) {
        let started = Instant::now();
        while !self.received().iter().any(|r| r.event == event) {
            assert!(
                started.elapsed() < at_most,
                "no {event} came: {:#?}",
                self.received()
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    /// Waits until `n` requests came (or fails after `at_most`).
    fn wait_for(&self, n: usize, at_most: Duration) -> Vec<Received> {
        let started = Instant::now();
        loop {
            let got = self.received();
            if got.len() >= n {
                return got;
            }
            assert!(
                started.elapsed() < at_most,
                "only {} of {n} requests came: {got:#?}",
                got.len()
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}

/// One HTTP/1.1 request: its webhook headers and body.
fn read_request(stream: &TcpStream) -> Option<Received> {
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .ok()?;
    let mut reader = BufReader::new(stream);
    let mut request_line = String::new();
    reader.read_line(&mut request_line).ok()?;
    assert!(
        request_line.starts_with("POST /hooks/factdesk?team=politics "),
        "{request_line}"
    );
    let (mut length, mut event, mut delivery, mut signature) =
        (0, String::new(), String::new(), String::new());
    loop {
        let mut line = String::new();
        reader.read_line(&mut line).ok()?;
        let line = line.trim_end();
        if line.is_empty() {
            break;
        }
        let (name, value) = line.split_once(':')?;
        let value = value.trim().to_owned();
        match name.to_ascii_lowercase().as_str() {
            "content-length" => length = value.parse().ok()?,
            "x-factdesk-event" => event = value,
            "x-factdesk-delivery" => delivery = value,
            "x-factdesk-signature" => signature = value,
            "content-type" => assert_eq!(value, "application/json"),
            _ => {}
        }
    }
    let mut body = vec![0; length];
    reader.read_exact(&mut body).ok()?;
    Some(Received {
        event,
        delivery,
        signature,
        body: String::from_utf8(body).ok()?,
    })
}

/// Checks a delivery's signature as a receiver would: HMAC-SHA256 of the raw body.
fn assert_signed(request: &Received, secret: &str) {
    let mut mac = Hmac::<Sha256>::new_from_slice(secret.as_bytes()).expect("any key");
    mac.update(request.body.as_bytes());
    let expected: String = mac
        .finalize()
        .into_bytes()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    assert_eq!(
        request.signature,
        format!("sha256={expected}"),
        "{request:?}"
    );
}

/// A store with the short article `flood` (three claims: two numbers and a quote).
fn flood() -> TestEnv {
    let env = TestEnv::init();
    let file = env.write("flood-1.txt", V1.as_bytes());
    env.ok(&["ingest", &file, "--article", ARTICLE]);
    env
}

/// The id (10 digits) and whole id of the claim whose text starts with `prefix`.
fn claim(env: &TestEnv, prefix: &str) -> (String, String) {
    let claims = env.json_lines(&["claims", ARTICLE, "--json"]);
    let found = claims
        .iter()
        .find(|c| c["text"].as_str().is_some_and(|t| t.starts_with(prefix)))
        .unwrap_or_else(|| panic!("no claim {prefix:?} in {claims:#?}"));
    let id = found["id"].as_str().expect("id").to_owned();
    (id[..10].to_owned(), id)
}

/// `webhook add`: the webhook's id and its secret.
fn add_webhook(env: &TestEnv, args: &[&str]) -> (String, String) {
    let out = env.ok(&[&["webhook", "add"], args].concat());
    let id = out.split_whitespace().nth(2).expect("the id").to_owned();
    let secret = out.lines().last().expect("the secret").trim().to_owned();
    assert!(secret.starts_with("fdkwh_") && secret.len() == 70, "{out}");
    (id, secret)
}

/// `webhook deliver` with a 1 ms first retry wait: its output.
fn deliver(env: &TestEnv) -> String {
    let out = env
        .cmd(&["webhook", "deliver"])
        .env("FACTDESK_WEBHOOK_BACKOFF_MS", "1")
        .output()
        .expect("runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn deliveries(env: &TestEnv, args: &[&str]) -> Vec<Value> {
    env.json_lines(&[&["webhook", "deliveries", "--json"], args].concat())
}

/// The audit head's sequence number (`audit verify` must pass).
fn head_seq(env: &TestEnv) -> u64 {
    let out = env.head();
    out["audit chain verified: head #".len()..]
        .split_whitespace()
        .next()
        .and_then(|n| n.parse().ok())
        .expect("a head number")
}

#[test]
fn webhooks_are_added_listed_and_removed_through_the_audit_log() {
    let env = TestEnv::init();
    let before = head_seq(&env);
    let (id, secret) = add_webhook(
        &env,
        &[
            "http://127.0.0.1:9/hooks/T0/B0/XYZ?token=abc",
            "--events",
            "gate,state",
            "--description",
            "the CMS",
        ],
    );
    let listed = env.json_lines(&["webhook", "list", "--json"]);
    assert_eq!(listed.len(), 1);
    assert_eq!(listed[0]["id"], id.as_str());
    assert_eq!(
        listed[0]["url"],
        "http://127.0.0.1:9/hooks/T0/B0/XYZ?token=abc"
    );
    assert_eq!(listed[0]["events"], serde_json::json!(["state", "gate"]));
    assert_eq!(listed[0]["description"], "the CMS");
    assert_eq!(
        (
            listed[0]["active"].as_bool(),
            listed[0]["created_by"].as_str()
        ),
        (Some(true), Some("ana"))
    );
    let text = env.ok(&["webhook", "list"]);
    assert!(
        !text.contains(&secret) && !listed[0].to_string().contains(&secret),
        "the secret is shown once"
    );
    let out = env.ok(&["webhook", "remove", &id]);
    assert!(out.contains("removed webhook"), "{out}");
    assert_eq!(
        env.json_lines(&["webhook", "list", "--json"])[0]["active"],
        false,
        "kept, disabled"
    );
    let err = env.fails(&["webhook", "remove", &id], 1);
    assert!(err.contains("removed already"), "{err}");
    let err = env.fails(&["webhook", "remove", "ffffffff"], 1);
    assert!(
        err.contains("no webhook `ffffffff`: `factdesk webhook list`"),
        "{err}"
    );
    assert_eq!(
        head_seq(&env),
        before + 2,
        "one event each, none for a refusal"
    );
    // The log records the hook's site, never its path, query or secret.
    let store = factdesk::store::Store::open(&env.store()).expect("the store");
    let events: Vec<_> = store
        .events(before + 1)
        .map(|e| e.expect("an event"))
        .collect();
    drop(store);
    let logged = format!("{events:?}");
    assert!(logged.contains("site: \"http://127.0.0.1:9\""), "{logged}");
    assert!(logged.contains("Removed"), "{logged}");
    for hidden in ["XYZ", "token=abc", &secret] {
        assert!(!logged.contains(hidden), "{hidden} in {logged}");
    }
}

#[test]
fn a_bad_webhook_is_refused_in_one_line_and_the_store_is_unchanged() {
    let env = TestEnv::init();
    let before = env.head();
    let cases: [(&[&str], &str); 6] = [
        (&["ftp://example.org/hook"], "starting with https://"),
        (&["example.org/hook"], "give the whole address"),
        (&["https://exa mple.org/hook"], "holds a space"),
        (&["https://"], "names no site"),
        (
            &["https://example.org/hook", "--events", "state,votes"],
            "`votes` is not a webhook event: use state, revision, gate",
        ),
        (
            &["https://example.org/hook", "--description", "two\nlines"],
            "give one line",
        ),
    ];
    for (args, says) in cases {
        let err = env.fails(&[&["webhook", "add"], args].concat(), 1);
        assert!(err.contains(says), "{args:?}: {err}");
    }
    assert_eq!(env.head(), before, "nothing was written");
    assert!(env.ok(&["webhook", "list"]).contains("No webhooks"));
}

#[test]
fn a_mark_on_the_command_line_is_posted_signed_by_webhook_deliver() {
    let env = flood();
    let receiver = Receiver::start(&[]);
    let (webhook, secret) = add_webhook(&env, &[&receiver.url, "--events", "state"]);
    let (families, families_id) = claim(&env, "40");
    env.ok(&[
        "mark",
        &families,
        "sourced",
        "--source",
        "council statement",
    ]);
    let seq = head_seq(&env);
    let out = deliver(&env);
    assert!(
        out.contains("delivered") && out.contains("queued 1; delivered 1"),
        "{out}"
    );
    let got = receiver.received();
    assert_eq!(
        got.len(),
        1,
        "the ingest before the webhook is not told: {got:#?}"
    );
    let request = &got[0];
    assert_signed(request, &secret);
    assert_eq!(request.event, "claim.state_changed");
    let payload = request.payload();
    assert_eq!(payload["id"], request.delivery.as_str());
    assert_eq!(payload["event"], "claim.state_changed");
    assert_eq!(payload["seq"], seq);
    assert_eq!(
        (payload["at"].as_str(), payload["actor"].as_str()),
        (Some(NOW), Some("ana"))
    );
    assert_eq!(payload["article"], ARTICLE);
    assert_eq!(payload["claim"], families_id.as_str());
    assert_eq!(
        (payload["from"].as_str(), payload["to"].as_str()),
        (Some("unverified"), Some("sourced"))
    );
    assert!(
        payload["store_head"]
            .as_str()
            .is_some_and(|h| h.starts_with(&format!("{seq}:"))),
        "{payload}"
    );
    assert!(
        payload.get("revision").is_none() && payload.get("ready").is_none(),
        "{payload}"
    );
    // Told once: the next pass finds nothing new.
    assert!(deliver(&env).contains("queued 0; delivered 0"));
    assert_eq!(receiver.received().len(), 1);
    let listed = deliveries(&env, &[&webhook]);
    assert_eq!(listed.len(), 1);
    assert_eq!(listed[0]["status"], "delivered");
    assert_eq!(listed[0]["attempts"][0]["status"], 200);
    assert_eq!(listed[0]["payload"], payload);
    // The outbox is operational state: compaction keeps it, nothing audited depends on it.
    env.ok(&["compact"]);
    assert_eq!(deliveries(&env, &[]), listed);
    assert!(deliver(&env).contains("queued 0"));
    env.head();
    // A restored store does not tell its past again, though the webhook is in force there.
    let archive = env.path("backup.jsonl");
    env.ok(&["export", &archive.display().to_string()]);
    let restored = env.path("restored");
    env.cmd_on(&restored, &["import", &archive.display().to_string()])
        .assert()
        .success();
    let out = env
        .cmd_on(&restored, &["webhook", "deliver"])
        .output()
        .expect("runs");
    assert!(
        String::from_utf8_lossy(&out.stdout).contains("queued 0"),
        "{out:?}"
    );
    assert_eq!(receiver.received().len(), 1);
}

#[test]
fn a_receiver_that_fails_gets_the_delivery_again_until_it_takes_it() {
    let env = flood();
    let receiver = Receiver::start(&[Answer(500, Duration::ZERO)]);
    let (webhook, secret) = add_webhook(&env, &[&receiver.url, "--events", "state"]);
    let (families, _) = claim(&env, "40");
    env.ok(&[
        "mark",
        &families,
        "sourced",
        "--source",
        "council statement",
    ]);
    let out = deliver(&env);
    assert!(
        out.contains("not delivered") && out.contains("500"),
        "{out}"
    );
    std::thread::sleep(Duration::from_millis(20));
    let out = deliver(&env);
    assert!(out.contains("queued 0; delivered 1"), "{out}");
    let got = receiver.received();
    assert_eq!(got.len(), 2);
    assert_eq!(
        (&got[0].delivery, &got[0].body, &got[0].signature),
        (&got[1].delivery, &got[1].body, &got[1].signature),
        "the same delivery, sent again"
    );
    assert_signed(&got[1], &secret);
    let listed = deliveries(&env, &[&webhook]);
    assert_eq!(listed[0]["status"], "delivered");
    let attempts = listed[0]["attempts"].as_array().expect("attempts");
    assert_eq!(attempts.len(), 2, "{listed:?}");
    assert_eq!(attempts[0]["status"], 500);
    assert!(
        attempts[0]["error"]
            .as_str()
            .is_some_and(|e| e.contains("500")),
        "{attempts:?}"
    );
    assert_eq!(
        (
            attempts[1]["status"].as_u64(),
            attempts[1]["error"].is_null()
        ),
        (Some(200), true)
    );
    // Sent again on request: the receiver lost it.
    let id = listed[0]["id"].as_str().expect("id");
    assert!(env.ok(&["webhook", "retry", id]).contains("due again"));
    assert!(deliver(&env).contains("delivered 1"));
    assert_eq!(receiver.received().len(), 3);
    assert!(deliveries(&env, &["--failed"]).is_empty());
    env.head();
}

#[test]
fn an_unreachable_webhook_ends_failed_after_its_attempts() {
    let env = flood();
    let port = TcpListener::bind("127.0.0.1:0")
        .expect("bind")
        .local_addr()
        .expect("addr")
        .port();
    // Nothing listens there now.
    let (webhook, _) = add_webhook(
        &env,
        &[
            &format!("http://127.0.0.1:{port}/hook"),
            "--events",
            "state",
        ],
    );
    let (families, _) = claim(&env, "40");
    env.ok(&[
        "mark",
        &families,
        "sourced",
        "--source",
        "council statement",
    ]);
    // 1 ms doubling: the eighth attempt is due 127 ms after the first, and each command takes
    // about as long as the waits.
    let mut rounds = 0;
    while !deliver(&env).lines().any(|l| l.starts_with("gave up ")) {
        rounds += 1;
        assert!(
            rounds <= 40,
            "still not given up: {:?}",
            deliveries(&env, &[])
        );
        std::thread::sleep(Duration::from_millis(5));
    }
    let failed = deliveries(&env, &[&webhook, "--failed"]);
    assert_eq!(failed.len(), 1);
    let attempts = failed[0]["attempts"].as_array().expect("attempts");
    assert_eq!(attempts.len(), 8, "{failed:?}");
    assert!(
        attempts
            .iter()
            .all(|a| a["status"].is_null() && a["error"].is_string()),
        "{attempts:?}"
    );
    assert!(env.ok(&["webhook", "deliveries"]).contains("failed"));
    // Put back in line, then the webhook removed: given up unsent, and no more retries.
    let id = failed[0]["id"].as_str().expect("id").to_owned();
    env.ok(&["webhook", "retry", &id]);
    assert_eq!(deliveries(&env, &[])[0]["status"], "pending");
    env.ok(&["webhook", "remove", &webhook]);
    let out = deliver(&env);
    assert!(
        out.contains("gave up") && out.contains("the webhook was removed"),
        "{out}"
    );
    let err = env.fails(&["webhook", "retry", &id], 1);
    assert!(err.contains("was removed"), "{err}");
    let err = env.fails(&["webhook", "retry", "9-00000000"], 1);
    assert!(err.contains("no delivery `9-00000000`"), "{err}");
    env.head();
}

/// A running `factdesk serve`; stopped as by Ctrl-C.
struct Server {
    child: Child,
    url: String,
    agent: ureq::Agent,
}

impl Server {
    fn start(env: &TestEnv) -> Server {
        let mut child = env
            .process(&["serve", "--listen", "127.0.0.1:0"])
            .env("FACTDESK_WEBHOOK_BACKOFF_MS", "1")
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("serve starts");
        let mut line = String::new();
        BufReader::new(child.stdout.take().expect("stdout"))
            .read_line(&mut line)
            .expect("first line");
        let url = line
            .trim()
            .rsplit(' ')
            .next()
            .expect("an address")
            .to_owned();
        let agent = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .build()
            .into();
        Server { child, url, agent }
    }

    /// POSTs JSON as the token's owner: the status, the answer, and how long it took.
    fn post(&self, path: &str, token: &str, body: &Value) -> (u16, Value, Duration) {
        let started = Instant::now();
        let mut response = self
            .agent
            .post(&format!("{}{path}", self.url))
            .header("Authorization", &format!("Bearer {token}"))
            .header("Content-Type", "application/json")
            .send(body.to_string().as_bytes())
            .expect("answers");
        let took = started.elapsed();
        let text = response.body_mut().read_to_string().unwrap_or_default();
        (
            response.status().as_u16(),
            serde_json::from_str(&text).unwrap_or(Value::Null),
            took,
        )
    }

    fn stop(mut self) {
        let pid = self.child.id().to_string();
        let _ = std::process::Command::new("kill")
            .args(["-INT", &pid])
            .status();
        let status = self.child.wait().expect("serve ends");
        assert!(status.success(), "serve ended with {status}");
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

#[test]
fn the_desk_tells_of_marks_revisions_and_gates_without_making_requests_wait() {
    let env = flood();
    // Everything but one claim checked before the webhook exists: not told.
    for prefix in ["We acted", "$2"] {
        let (id, _) = claim(&env, prefix);
        env.ok(&["mark", &id, "sourced", "--source", "council statement"]);
        env.ok(&["mark", &id, "verified"]);
    }
    let (families, families_id) = claim(&env, "40");
    // The receiver takes its time over the first delivery, and fails the second once.
    let receiver = Receiver::start(&[
        Answer(200, Duration::from_secs(2)),
        Answer(500, Duration::ZERO),
    ]);
    let (_, secret) = add_webhook(&env, &[&receiver.url]);
    env.cmd(&["user", "add", "cms", "--password-stdin"])
        .write_stdin(format!("{PASSWORD}\n"))
        .assert()
        .success();
    let token = env
        .ok(&["token", "add", "cms"])
        .lines()
        .last()
        .expect("token")
        .trim()
        .to_owned();
    let server = Server::start(&env);
    let mark = format!("/api/v1/claims/{families}/mark");
    let (status, answer, took) = server.post(
        &mark,
        &token,
        &serde_json::json!({"state": "sourced", "source": "council statement"}),
    );
    assert_eq!(status, 200, "{answer}");
    receiver.wait_for(1, Duration::from_secs(10));
    // The receiver is still busy with the first delivery: the next move does not wait for it.
    let (status, answer, took_too) =
        server.post(&mark, &token, &serde_json::json!({"state": "verified"}));
    assert_eq!(status, 200, "{answer}");
    assert!(
        took < Duration::from_millis(1500) && took_too < Duration::from_millis(1500),
        "{took:?} {took_too:?}"
    );
    // The gate the move opened is read before the next change (the revision would close it).
    receiver.wait_until("gate.opened", Duration::from_secs(10));
    // A new revision changes the number back to review: the gate closes again.
    let v2 = V1.replace("40 families", "45 families");
    let (status, answer, _) = server.post(
        &format!("/api/v1/articles/{ARTICLE}/revisions"),
        &token,
        &serde_json::json!({"text": v2}),
    );
    assert_eq!(status, 200, "{answer}");
    // Five deliveries, one of them sent twice (answered 500 first).
    let got = receiver.wait_for(6, Duration::from_secs(20));
    server.stop();
    for request in &got {
        assert_signed(request, &secret);
        assert_eq!(request.payload()["event"], request.event.as_str());
    }
    let told = |event: &str| -> Vec<Value> {
        let mut found: Vec<Value> = got
            .iter()
            .filter(|r| r.event == event)
            .map(Received::payload)
            .collect();
        found.dedup();
        found
    };
    let moves: Vec<(String, String)> = told("claim.state_changed")
        .iter()
        .map(|p| {
            assert_eq!(
                (p["claim"].as_str(), p["actor"].as_str()),
                (Some(families_id.as_str()), Some("cms"))
            );
            (
                p["from"].as_str().expect("from").to_owned(),
                p["to"].as_str().expect("to").to_owned(),
            )
        })
        .collect();
    assert!(
        moves.contains(&("unverified".into(), "sourced".into()))
            && moves.contains(&("sourced".into(), "verified".into())),
        "{moves:?}"
    );
    assert_eq!(moves.len(), 2);
    let opened = told("gate.opened");
    assert_eq!(opened.len(), 1, "{got:#?}");
    assert_eq!(
        (opened[0]["ready"].as_bool(), opened[0]["blocking"].as_u64()),
        (Some(true), Some(0))
    );
    let added = told("revision.added");
    assert_eq!((added.len(), added[0]["revision"].as_u64()), (1, Some(2)));
    let closed = told("gate.closed");
    assert_eq!(closed.len(), 1, "{got:#?}");
    assert_eq!(closed[0]["ready"], false);
    assert!(closed[0]["blocking"].as_u64() >= Some(1));
    assert_eq!(
        closed[0]["seq"], added[0]["seq"],
        "after the revision's event"
    );
    let listed = deliveries(&env, &[]);
    assert_eq!(listed.len(), 5);
    assert!(
        listed.iter().all(|d| d["status"] == "delivered"),
        "{listed:#?}"
    );
    let retried: Vec<&Value> = listed
        .iter()
        .filter(|d| d["attempts"].as_array().is_some_and(|a| a.len() == 2))
        .collect();
    assert_eq!(
        retried.len(),
        1,
        "the delivery answered 500 was tried again: {listed:#?}"
    );
    assert_eq!(retried[0]["attempts"][0]["status"], 500);
    env.head();
}
