//! The web desk in a real browser: Debian's Chromium, headless, driven through chromedriver
//! (W3C WebDriver, spoken over HTTP with a few calls of our own). Skipped with a printed note
//! where either is missing.

use std::net::TcpListener;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::{Value, json};

use crate::common::{ARTICLE, TestEnv, find, fixture, short};

/// The key WebDriver names an element by.
const ELEMENT: &str = "element-6066-11e4-a52e-4f735466cecf";

fn on_path(names: &[&str]) -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .flat_map(|dir| names.iter().map(move |name| dir.join(name)))
        .find(|p| p.is_file())
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free port")
}

/// One browser session through chromedriver; both end when it is dropped.
struct Browser {
    driver: Child,
    base: String,
    session: String,
    agent: ureq::Agent,
}

impl Browser {
    fn start(chromium: &std::path::Path, chromedriver: &std::path::Path) -> Browser {
        let port = free_port();
        let driver = Command::new(chromedriver)
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("chromedriver starts");
        let base = format!("http://127.0.0.1:{port}");
        let agent: ureq::Agent = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .build()
            .into();
        let deadline = Instant::now() + Duration::from_secs(20);
        while agent.get(&format!("{base}/status")).call().is_err() {
            assert!(Instant::now() < deadline, "chromedriver did not come up");
            std::thread::sleep(Duration::from_millis(100));
        }
        let mut browser = Browser {
            driver,
            base,
            session: String::new(),
            agent,
        };
        let answer = browser.call(
            "POST",
            "/session",
            json!({"capabilities": {"alwaysMatch": {
                "browserName": "chrome",
                "goog:chromeOptions": {
                    "binary": chromium.display().to_string(),
                    "args": ["--headless=new", "--no-sandbox", "--disable-gpu",
                             "--disable-dev-shm-usage", "--no-first-run"],
                },
            }}}),
        );
        browser.session = answer["sessionId"]
            .as_str()
            .unwrap_or_else(|| panic!("no session: {answer}"))
            .to_owned();
        browser
    }

    fn call(&self, method: &str, path: &str, body: Value) -> Value {
        let url = format!("{}{path}", self.base);
        let response = match method {
            "GET" => self.agent.get(&url).call(),
            "DELETE" => self.agent.delete(&url).call(),
            _ => self
                .agent
                .post(&url)
                .header("Content-Type", "application/json")
                .send(body.to_string()),
        };
        let text = response
            .expect("chromedriver answers")
            .body_mut()
            .read_to_string()
            .unwrap_or_default();
        let value: Value = serde_json::from_str(&text).unwrap_or(Value::Null);
        value.get("value").cloned().unwrap_or(value)
    }

    fn session_call(&self, method: &str, path: &str, body: Value) -> Value {
        self.call(method, &format!("/session/{}{path}", self.session), body)
    }

    fn open(&self, url: &str) {
        self.session_call("POST", "/url", json!({"url": url}));
    }

    fn element(&self, css: &str) -> String {
        let found = self.session_call(
            "POST",
            "/element",
            json!({"using": "css selector", "value": css}),
        );
        found[ELEMENT]
            .as_str()
            .unwrap_or_else(|| panic!("no element {css}: {found}\n{}", self.source()))
            .to_owned()
    }

    fn type_into(&self, css: &str, text: &str) {
        let id = self.element(css);
        self.session_call(
            "POST",
            &format!("/element/{id}/value"),
            json!({"text": text}),
        );
    }

    fn click(&self, css: &str) {
        let id = self.element(css);
        self.session_call("POST", &format!("/element/{id}/click"), json!({}));
    }

    fn source(&self) -> String {
        self.session_call("GET", "/source", Value::Null)
            .as_str()
            .unwrap_or_default()
            .to_owned()
    }

    /// The page once `ready` holds for it: a click that submits a form returns before the
    /// next page has loaded.
    fn page_when(&self, what: &str, ready: impl Fn(&str) -> bool) -> String {
        let deadline = Instant::now() + Duration::from_secs(20);
        loop {
            let page = self.source();
            if ready(&page) {
                return page;
            }
            assert!(Instant::now() < deadline, "waited for {what}:\n{page}");
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    fn log_in(&self, desk: &str, name: &str) {
        self.open(&format!("{desk}/login"));
        self.type_into("input[name=name]", name);
        self.type_into("input[name=password]", PASSWORD);
        self.click("form[action='/login'] button");
        self.page_when("the desk", |page| page.contains("<h1>Articles</h1>"));
    }

    fn log_out(&self) {
        self.click("form.logout button");
        self.page_when("the login page", |page| page.contains("<title>Log in"));
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        if !self.session.is_empty() {
            self.session_call("DELETE", "", Value::Null);
        }
        let _ = self.driver.kill();
        let _ = self.driver.wait();
    }
}

const PASSWORD: &str = "a long enough passphrase";

/// A child process killed when the test ends, however it ends: a server left running would keep
/// the test runner's output open.
struct Stopped(Child);

impl Drop for Stopped {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

#[test]
fn a_checker_and_an_editor_work_a_story_in_the_browser() {
    let (Some(chromium), Some(chromedriver)) = (
        on_path(&["chromium", "chromium-browser"]),
        on_path(&["chromedriver"]),
    ) else {
        #[allow(clippy::print_stdout)]
        {
            println!("note: chromium or chromedriver is not installed; skipping the browser test");
        }
        return;
    };
    let env = TestEnv::with_v1();
    let workflow =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("workflows/four-eyes.toml");
    env.ok(&["workflow", "use", &workflow.display().to_string()]);
    for name in ["ana", "bo"] {
        env.cmd(&["user", "add", name, "--password-stdin"])
            .write_stdin(format!("{PASSWORD}\n"))
            .assert()
            .success();
    }
    let toll = short(find(&env.claims(), "number", "8,000", ""));
    let mut server = Stopped(
        env.process(&["serve", "--listen", "127.0.0.1:0"])
            .stdout(Stdio::piped())
            .spawn()
            .expect("serve starts"),
    );
    let mut line = String::new();
    std::io::BufRead::read_line(
        &mut std::io::BufReader::new(server.0.stdout.take().expect("stdout")),
        &mut line,
    )
    .expect("its address");
    let desk = line
        .trim()
        .rsplit(' ')
        .next()
        .expect("an address")
        .to_owned();
    let browser = Browser::start(&chromium, &chromedriver);
    let card = format!("#claim-{toll}");

    // The checker sources the figure.
    browser.log_in(&desk, "ana");
    browser.click(&format!("a[href='/articles/{ARTICLE}']"));
    browser.page_when("the article", |page| page.contains("id=\"claims\""));
    browser.type_into(
        &format!("{card} form:has(input[name=source]) input[name=source]"),
        "https://news.un.org/briefing",
    );
    // With the briefing as evidence: the file input takes a path, as a person's picking does.
    let briefing = env.write("un-briefing.txt", b"UN briefing: more than 8,000 killed.");
    browser.type_into(
        &format!("{card} form:has(input[name=source]) input[name=evidence]"),
        &briefing,
    );
    browser.click(&format!("{card} form:has(input[name=source]) button"));
    browser.page_when("the source and the evidence on the card", |page| {
        page.contains("https://news.un.org/briefing") && page.contains("un-briefing.txt")
    });
    // … and may not verify her own sourcing.
    browser.click(&format!("{card} form:has(input[value=verified]) button"));
    browser.page_when("the refusal", |page| page.contains("flash refused"));
    browser.log_out();

    // The editor verifies it.
    browser.log_in(&desk, "bo");
    browser.open(&format!("{desk}/articles/{ARTICLE}"));
    browser.click(&format!("{card} form:has(input[value=verified]) button"));
    let page = browser.page_when("the verified claim", |page| {
        page.contains("class=\"pill s-verified\"") || page.contains("flash refused")
    });
    assert!(!page.contains("flash refused"), "{page}");

    // A second revision changes the figure: it is back in the queue.
    let v2 = std::fs::read_to_string(fixture("v2.txt")).expect("v2");
    browser.type_into("#new-revision textarea", &v2);
    browser.click("#new-revision button");
    browser.page_when("the new revision", |page| {
        page.contains("revision 2 ingested")
    });
    browser.open(&format!("{desk}/queue"));
    browser.page_when("the changed figure in the queue", |page| {
        page.contains("changed") && page.contains("9,000")
    });

    // The HTML report downloads from the article page.
    browser.open(&format!("{desk}/articles/{ARTICLE}"));
    browser.click("a[href$='report?format=html']");
    browser.page_when("the report", |page| page.contains("Fact-check report"));
    drop(browser);
    let _ = Command::new("kill")
        .args(["-INT", &server.0.id().to_string()])
        .status();
    let _ = server.0.wait();
    let history = env.json_lines(&["history", &toll, "--json"]);
    let actors: Vec<&str> = history
        .iter()
        .filter(|e| e["event"] == "transition")
        .map(|e| e["actor"].as_str().expect("actor"))
        .collect();
    assert_eq!(actors, ["ana", "bo"]);
    env.head();
}
