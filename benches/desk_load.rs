//! Load on the web desk (`factdesk serve`) from concurrent clients on loopback: a benchmark, not a
//! test; nothing here asserts a timing. `scripts/bench-desk.sh` and `scripts/soak-desk.sh` set up
//! a store, users and tokens, start the server and run this; the figures are in docs/scale.md.
//!
//! ```sh
//! cargo bench --bench desk_load -- read --store S --articles 100000 --duration 60 --warmup 10
//! cargo bench --bench desk_load -- read --store S --articles 100000 --duration 60 --rate 500
//! cargo bench --bench desk_load -- mark --store S --articles 100000 --duration 60 --marks acks.jsonl
//! cargo bench --bench desk_load -- soak --store S --articles 100000 --duration 600 \
//!     --marks acks.jsonl --ingest revisions.jsonl
//! cargo bench --bench desk_load -- check --store S --marks acks.jsonl --bin target/release/factdesk
//! ```
//!
//! - `read`: each client alternates the article page (`GET /articles/ID`, as a logged-in session)
//!   and its claims as JSON (`GET /api/v1/articles/ID/claims`, with a token), over random
//!   articles (`--reads page` or `--reads claims`: one of them only). As fast as the answers
//!   come, or at `--rate N` requests a second in all, each late request timed from when it was
//!   due (so a slow answer is not hidden by the requests it held back).
//! - `mark`: each client takes articles no other client has, lists their claims and moves every
//!   unverified one to `sourced` (with a source address, token A) and then to `verified` (token B,
//!   another user, so that a four-eyes workflow is respected). Every acknowledged move is written
//!   to `--marks`, one JSON object a line, as the server answered it (`article`, `claim`, `from`,
//!   `to`, `transition`, `seq`).
//! - `soak`: each client mixes reads (7 in 10) and mark steps (3 in 10), while one more client
//!   posts the revisions of `--ingest` (JSONL: `id`, `text`, optional `title`, `url`, one article
//!   a line) through `POST /api/v1/articles/ID/revisions`, back to back, round and round.
//! - `check` (the server stopped): every move in `--marks` is in the store's audit log: an event
//!   of that number, a transition of that claim in that article to that state (`factdesk history
//!   --article ID --json`, one run an article). Exits 1 if one is missing.
//!
//! The server is the one `--store`'s `serving` note names (address, then pid), or `--url` and
//! `--pid`. Credentials come from the environment: `DESK_LOAD_TOKEN_A` and `DESK_LOAD_TOKEN_B`
//! (`factdesk token add USER`, two users), and `DESK_LOAD_USER`/`DESK_LOAD_PASSWORD` to log in for
//! the pages. Articles are `story-0000000` … as `examples/gen_corpus.rs` names them (`--articles
//! N`), or every article the server lists.
//!
//! Reported: requests, requests/s, p50/p90/p99/max latency by kind (the whole answer read),
//! answers other than 200 by status, the server's peak RSS (`VmHWM` in `/proc/PID/status`, and
//! `VmRSS` sampled twice a second) and CPU time, this process's CPU time, and the load average.
//! On a small machine the clients share the cores with the server: read the figures with the
//! load and the CPU times beside them.

use std::collections::{BTreeMap, HashMap};
use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use anyhow::{Context, Result, bail};
use serde_json::Value;

/// Load on the web desk from concurrent clients (see the file's head).
#[derive(Debug, clap::Parser)]
struct Args {
    /// read, mark, soak or check.
    #[arg(value_enum)]
    mode: Mode,
    /// The store the server serves: its `serving` note gives the address and the pid.
    #[arg(long)]
    store: Option<PathBuf>,
    /// The server's address (instead of the store's note).
    #[arg(long)]
    url: Option<String>,
    /// The server's pid, for its memory and CPU (instead of the store's note).
    #[arg(long)]
    pid: Option<u32>,
    /// Concurrent clients, one OS thread and one connection each.
    #[arg(long, default_value_t = 16)]
    clients: usize,
    /// Seconds measured.
    #[arg(long, default_value_t = 60.0)]
    duration: f64,
    /// Seconds of reads before, not measured (as fast as the clients go).
    #[arg(long, default_value_t = 0.0)]
    warmup: f64,
    /// Requests a second from all clients together, each client on its own schedule (0: each
    /// sends its next request as soon as it has its answer). A request sent late because the
    /// one before took long counts its latency from when it was due, not from when it left.
    #[arg(long, default_value_t = 0.0)]
    rate: f64,
    /// What `read` (and the reads of `soak`) ask for.
    #[arg(long, value_enum, default_value_t = Reads::Both)]
    reads: Reads,
    /// The articles are story-0000000 … story-(N-1) (examples/gen_corpus.rs); without it, every
    /// article `GET /api/v1/articles` lists.
    #[arg(long)]
    articles: Option<usize>,
    /// Acknowledged moves: appended to by mark and soak, read by check.
    #[arg(long)]
    marks: Option<PathBuf>,
    /// The soak's revisions to post (JSONL).
    #[arg(long)]
    ingest: Option<PathBuf>,
    /// Every request of the measured run, one line each: when it started (ms from the start),
    /// its latency (ms), what it was and its status; to see whether slow answers come together.
    #[arg(long)]
    trace: Option<PathBuf>,
    /// The factdesk binary `check` runs.
    #[arg(long, default_value = "factdesk")]
    bin: PathBuf,
    /// Seeds the clients' choices of articles.
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// `cargo bench` passes --bench; ignored.
    #[arg(long, hide = true)]
    bench: bool,
}

/// The reads of a client: the article page and the claims JSON in turn, or one of them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum Reads {
    Both,
    Page,
    Claims,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum Mode {
    Read,
    Mark,
    Soak,
    Check,
}

fn main() {
    let args = <Args as clap::Parser>::parse();
    if let Err(err) = run(&args) {
        let _ = writeln!(std::io::stderr(), "desk_load: {err:#}");
        std::process::exit(1);
    }
}

fn run(args: &Args) -> Result<()> {
    if args.mode == Mode::Check {
        let marks = args.marks.as_deref().context("check needs --marks FILE")?;
        let store = args.store.as_deref().context("check needs --store DIR")?;
        return check(store, marks, &args.bin);
    }
    let (url, pid) = server(args)?;
    let desk = Arc::new(Desk::connect(&url)?);
    let articles = Arc::new(match args.articles {
        Some(n) => (0..n).map(|i| format!("story-{i:07}")).collect(),
        None => desk.article_ids()?,
    });
    if articles.is_empty() {
        bail!("the store has no articles");
    }
    let mut out = std::io::stdout().lock();
    writeln!(
        out,
        "desk_load {:?}: {} clients{}, {} articles, server {url} (pid {})",
        args.mode,
        args.clients,
        match args.rate {
            r if r > 0.0 => format!(" at {r} requests/s in all"),
            _ => " as fast as they get answers".to_owned(),
        },
        articles.len(),
        pid.map_or_else(|| "unknown".to_owned(), |p| p.to_string())
    )?;
    if args.warmup > 0.0 {
        let mut warm = Phase::new(Mode::Read, args, &desk, &articles)?;
        warm.interval = None;
        let warm = warm.run(args.warmup)?;
        writeln!(
            out,
            "warm-up: {:.0} s, {} requests, {} not 200",
            args.warmup,
            warm.count(),
            warm.failed()
        )?;
    }
    let load_before = load_average();
    let server_cpu = pid.and_then(process_cpu);
    let own_cpu = process_cpu(std::process::id());
    let watch = pid.map(RssWatch::start);
    let phase = Phase::new(args.mode, args, &desk, &articles)?;
    let ingest_file = args.ingest.clone();
    let tally = match (args.mode, ingest_file) {
        (Mode::Soak, Some(file)) => phase.run_with_ingest(args.duration, &file)?,
        (Mode::Soak, None) => bail!("soak needs --ingest FILE (JSONL revisions to post)"),
        _ => phase.run(args.duration)?,
    };
    let elapsed = tally.elapsed;
    tally.print(&mut out)?;
    if let (Some(path), Some(start)) = (&args.trace, tally.started) {
        let mut file = std::io::BufWriter::new(
            std::fs::File::create(path)
                .with_context(|| format!("cannot write {}", path.display()))?,
        );
        let mut trace = tally.trace.clone();
        trace.sort_by_key(|(at, ..)| *at);
        for (at, micros, kind, status) in trace {
            writeln!(
                file,
                "{:.1} {:.1} {:?} {status}",
                at.saturating_duration_since(start).as_secs_f64() * 1000.0,
                f64::from(micros) / 1000.0,
                kind
            )?;
        }
        file.flush()?;
    }
    if let (Some(path), false) = (&args.marks, tally.acks.is_empty()) {
        let mut file = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(path)
            .with_context(|| format!("cannot write {}", path.display()))?;
        for ack in &tally.acks {
            writeln!(file, "{ack}")?;
        }
        file.sync_all()?;
        writeln!(
            out,
            "acknowledged moves: {} ({:.1}/s), written to {}",
            tally.acks.len(),
            tally.acks.len() as f64 / elapsed.as_secs_f64(),
            path.display()
        )?;
    }
    if let (Some(pid), Some(watch)) = (pid, watch) {
        let sampled = watch.stop();
        let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap_or_default();
        let field = |name: &str| {
            status
                .lines()
                .find_map(|l| l.strip_prefix(name))
                .and_then(|v| v.split_whitespace().next())
                .and_then(|v| v.parse::<u64>().ok())
        };
        writeln!(
            out,
            "server RSS: peak {} MB (VmHWM, since it started), now {} MB, highest sampled during the run {} MB",
            field("VmHWM:").map_or(0, |kb| kb / 1024),
            field("VmRSS:").map_or(0, |kb| kb / 1024),
            sampled / 1024
        )?;
        if let (Some(before), Some(after)) = (server_cpu, process_cpu(pid)) {
            writeln!(
                out,
                "server CPU: {:.1} s over {:.1} s ({:.0} % of one core)",
                after - before,
                elapsed.as_secs_f64(),
                100.0 * (after - before) / elapsed.as_secs_f64()
            )?;
        }
    }
    if let (Some(before), Some(after)) = (own_cpu, process_cpu(std::process::id())) {
        writeln!(
            out,
            "load generator CPU: {:.1} s ({:.0} % of one core)",
            after - before,
            100.0 * (after - before) / elapsed.as_secs_f64()
        )?;
    }
    writeln!(
        out,
        "load average: {load_before} before, {} after; {} cores",
        load_average(),
        std::thread::available_parallelism().map_or(0, |n| n.get())
    )?;
    Ok(())
}

/// The server's address and pid: from the flags, else from the store's `serving` note.
fn server(args: &Args) -> Result<(String, Option<u32>)> {
    let note = match &args.store {
        Some(store) => {
            let path = store.join("serving");
            let text = std::fs::read_to_string(&path).with_context(|| {
                format!("cannot read {} (is the server running?)", path.display())
            })?;
            let mut lines = text.lines();
            let url = lines.next().unwrap_or_default().trim().to_owned();
            let pid = lines.next().and_then(|l| l.trim().parse().ok());
            Some((url, pid))
        }
        None => None,
    };
    let url = match (&args.url, &note) {
        (Some(url), _) => url.clone(),
        (None, Some((url, _))) if !url.is_empty() => url.clone(),
        _ => bail!("give --store DIR (of a running server) or --url URL"),
    };
    let pid = args.pid.or_else(|| note.and_then(|(_, pid)| pid));
    Ok((url.trim_end_matches('/').to_owned(), pid))
}

/// The server and the credentials every client uses.
struct Desk {
    url: String,
    token_a: String,
    token_b: String,
    /// The session cookie's value (`factdesk_session=…`) for the pages; each client logs in once.
    login: Option<(String, String)>,
}

impl Desk {
    fn connect(url: &str) -> Result<Desk> {
        let var = |name: &str| std::env::var(name).ok().filter(|v| !v.is_empty());
        let token_a =
            var("DESK_LOAD_TOKEN_A").context("set DESK_LOAD_TOKEN_A (factdesk token add USER)")?;
        let token_b = var("DESK_LOAD_TOKEN_B").unwrap_or_else(|| token_a.clone());
        let login = var("DESK_LOAD_USER").zip(var("DESK_LOAD_PASSWORD"));
        Ok(Desk {
            url: url.to_owned(),
            token_a,
            token_b,
            login,
        })
    }

    fn agent() -> ureq::Agent {
        ureq::Agent::config_builder()
            .http_status_as_error(false)
            .max_redirects(0)
            .timeout_global(Some(Duration::from_secs(60)))
            .build()
            .into()
    }

    /// Every article id the server lists.
    fn article_ids(&self) -> Result<Vec<String>> {
        let agent = Desk::agent();
        let mut response = agent
            .get(&format!("{}/api/v1/articles", self.url))
            .header("Authorization", &format!("Bearer {}", self.token_a))
            .call()?;
        let text = response
            .body_mut()
            .with_config()
            .limit(1 << 30)
            .read_to_string()?;
        let list: Vec<Value> = serde_json::from_str(&text).context("the article list")?;
        Ok(list
            .iter()
            .filter_map(|a| a["id"].as_str().map(str::to_owned))
            .collect())
    }

    /// Logs in for the pages: the session cookie.
    fn session(&self, agent: &ureq::Agent) -> Result<Option<String>> {
        let Some((name, password)) = &self.login else {
            return Ok(None);
        };
        let response = agent
            .post(&format!("{}/login", self.url))
            .send_form([("name", name.as_str()), ("password", password.as_str())])?;
        let cookie = response
            .headers()
            .get("set-cookie")
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.split(';').next())
            .filter(|v| v.starts_with("factdesk_session="))
            .map(str::to_owned);
        match cookie {
            Some(cookie) => Ok(Some(cookie)),
            None => bail!("cannot log in as {name}: {}", response.status()),
        }
    }
}

/// What a request was, for the figures.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
enum Kind {
    Page,
    Claims,
    /// The claims a marking client lists to choose from.
    ClaimsToMark,
    Source,
    Verify,
    Ingest,
}

impl Kind {
    fn label(self) -> &'static str {
        match self {
            Kind::Page => "GET /articles/ID (page)",
            Kind::Claims => "GET /api/v1/articles/ID/claims",
            Kind::ClaimsToMark => "claims listed to mark",
            Kind::Source => "POST mark sourced",
            Kind::Verify => "POST mark verified",
            Kind::Ingest => "POST revisions (ingest)",
        }
    }
}

/// One client's counts: latencies in microseconds by kind, answers other than 200 by kind and
/// status (0: no answer), acknowledged moves.
#[derive(Default)]
struct Tally {
    latencies: BTreeMap<Kind, Vec<u32>>,
    statuses: BTreeMap<(Kind, u16), u64>,
    acks: Vec<String>,
    /// Every request: when it started, its latency in microseconds, its kind and status.
    trace: Vec<(Instant, u32, Kind, u16)>,
    /// Revisions posted that added one (the rest were equal to the latest).
    added: u64,
    elapsed: Duration,
    started: Option<Instant>,
}

impl Tally {
    fn record(&mut self, kind: Kind, started: Instant, status: u16) {
        let micros = u32::try_from(started.elapsed().as_micros()).unwrap_or(u32::MAX);
        self.latencies.entry(kind).or_default().push(micros);
        self.trace.push((started, micros, kind, status));
        if status != 200 {
            *self.statuses.entry((kind, status)).or_default() += 1;
        }
    }

    fn merge(&mut self, other: Tally) {
        for (kind, mut list) in other.latencies {
            self.latencies.entry(kind).or_default().append(&mut list);
        }
        for (key, n) in other.statuses {
            *self.statuses.entry(key).or_default() += n;
        }
        self.acks.extend(other.acks);
        self.trace.extend(other.trace);
        self.added += other.added;
    }

    fn count(&self) -> usize {
        self.latencies.values().map(Vec::len).sum()
    }

    fn failed(&self) -> u64 {
        self.statuses.values().sum()
    }

    fn print(&self, out: &mut impl Write) -> Result<()> {
        let secs = self.elapsed.as_secs_f64();
        writeln!(
            out,
            "{:<32} {:>8} {:>8} {:>8} {:>8} {:>8} {:>8}  (ms; {secs:.1} s measured)",
            "request", "count", "req/s", "p50", "p90", "p99", "max"
        )?;
        let row = |out: &mut dyn Write, label: &str, list: &mut Vec<u32>| -> Result<()> {
            list.sort_unstable();
            let at = |q: f64| {
                let i = ((list.len() as f64 * q).ceil() as usize).clamp(1, list.len()) - 1;
                f64::from(list[i]) / 1000.0
            };
            writeln!(
                out,
                "{label:<32} {:>8} {:>8.1} {:>8.1} {:>8.1} {:>8.1} {:>8.1}",
                list.len(),
                list.len() as f64 / secs,
                at(0.5),
                at(0.9),
                at(0.99),
                at(1.0)
            )?;
            Ok(())
        };
        let mut reads = Vec::new();
        let mut marks = Vec::new();
        for (kind, list) in &self.latencies {
            if list.is_empty() {
                continue;
            }
            row(out, kind.label(), &mut list.clone())?;
            match kind {
                Kind::Page | Kind::Claims => reads.extend_from_slice(list),
                Kind::Source | Kind::Verify => marks.extend_from_slice(list),
                Kind::ClaimsToMark | Kind::Ingest => {}
            }
        }
        if !reads.is_empty() && self.latencies.contains_key(&Kind::Page) {
            row(out, "reads (page + claims)", &mut reads)?;
        }
        if !marks.is_empty() {
            row(out, "marks (sourced + verified)", &mut marks)?;
        }
        if self.statuses.is_empty() {
            writeln!(out, "answers other than 200: none")?;
        } else {
            let list: Vec<String> = self
                .statuses
                .iter()
                .map(|((kind, status), n)| match status {
                    0 => format!("{}: {n} without an answer", kind.label()),
                    s => format!("{}: {n} × {s}", kind.label()),
                })
                .collect();
            writeln!(out, "answers other than 200: {}", list.join("; "))?;
        }
        if let Some(posted) = self.latencies.get(&Kind::Ingest) {
            writeln!(
                out,
                "revisions posted: {}, of which {} added a revision",
                posted.len(),
                self.added
            )?;
        }
        Ok(())
    }
}

/// A run of one mode by every client.
struct Phase {
    mode: Mode,
    clients: usize,
    seed: u64,
    reads: Reads,
    /// Between two requests of a client, with --rate.
    interval: Option<Duration>,
    desk: Arc<Desk>,
    articles: Arc<Vec<String>>,
    /// The articles in the order marking clients take them (each taken once).
    order: Arc<Vec<usize>>,
    next: Arc<AtomicUsize>,
}

impl Phase {
    fn new(
        mode: Mode,
        args: &Args,
        desk: &Arc<Desk>,
        articles: &Arc<Vec<String>>,
    ) -> Result<Phase> {
        // Clients that mark take articles in a shuffled order, each from a shared cursor, so two
        // never move the same claim (which would be refused as stale, not measured).
        let mut order: Vec<usize> = (0..articles.len()).collect();
        let mut rng = Rng(args.seed ^ now_nanos());
        for i in (1..order.len()).rev() {
            order.swap(i, rng.below(i + 1));
        }
        Ok(Phase {
            mode,
            clients: args.clients,
            seed: args.seed,
            reads: args.reads,
            interval: (args.rate > 0.0)
                .then(|| Duration::from_secs_f64(args.clients as f64 / args.rate)),
            desk: desk.clone(),
            articles: articles.clone(),
            order: Arc::new(order),
            next: Arc::new(AtomicUsize::new(0)),
        })
    }

    fn run(self, secs: f64) -> Result<Tally> {
        self.run_inner(secs, None)
    }

    fn run_with_ingest(self, secs: f64, file: &Path) -> Result<Tally> {
        let revisions = read_revisions(file)?;
        self.run_inner(secs, Some(revisions))
    }

    fn run_inner(self, secs: f64, revisions: Option<Vec<String>>) -> Result<Tally> {
        let phase = Arc::new(self);
        // Every client logs in (if it shows pages) before the clock starts.
        let mut ready = Vec::new();
        for i in 0..phase.clients {
            let agent = Desk::agent();
            let cookie = match phase.mode {
                Mode::Read | Mode::Soak => phase.desk.session(&agent)?,
                _ => None,
            };
            ready.push((i, agent, cookie));
        }
        let started = Instant::now();
        let deadline = started + Duration::from_secs_f64(secs);
        let mut threads = Vec::new();
        for (i, agent, cookie) in ready {
            let phase = phase.clone();
            threads.push(std::thread::spawn(move || {
                let mut client = Client {
                    agent,
                    cookie,
                    rng: Rng(phase.seed.wrapping_mul(1000).wrapping_add(i as u64) ^ now_nanos()),
                    tally: Tally::default(),
                    pending: Vec::new(),
                    turn: 0,
                    // Clients start a fraction of an interval apart, not all at once.
                    due: phase
                        .interval
                        .map(|every| started + every.mul_f64(i as f64 / phase.clients as f64)),
                };
                while Instant::now() < deadline {
                    let more = match phase.mode {
                        Mode::Read => {
                            client.read(&phase);
                            true
                        }
                        Mode::Mark => client.mark_step(&phase),
                        _ => {
                            if client.rng.below(10) < 7 {
                                client.read(&phase);
                                true
                            } else {
                                client.mark_step(&phase)
                            }
                        }
                    };
                    if !more {
                        break;
                    }
                }
                client.tally
            }));
        }
        let ingest = revisions.map(|lines| {
            let phase = phase.clone();
            std::thread::spawn(move || ingest_loop(&phase.desk, &lines, deadline))
        });
        let mut tally = Tally::default();
        for thread in threads {
            tally.merge(
                thread
                    .join()
                    .map_err(|_| anyhow::anyhow!("a client panicked"))?,
            );
        }
        if let Some(thread) = ingest {
            tally.merge(
                thread
                    .join()
                    .map_err(|_| anyhow::anyhow!("the ingest client panicked"))?,
            );
        }
        tally.elapsed = started.elapsed();
        tally.started = Some(started);
        Ok(tally)
    }
}

/// A client: its connection, its session, and the claims it has still to move.
struct Client {
    agent: ureq::Agent,
    cookie: Option<String>,
    rng: Rng,
    tally: Tally,
    /// (article, claim, state to move it to), in order.
    pending: Vec<(String, String, &'static str)>,
    turn: u64,
    /// When the next request is due, with --rate.
    due: Option<Instant>,
}

impl Client {
    /// One read: the article page and the claims JSON in turn, of a random article.
    /// When the next request starts: now, or with --rate when it is due (waiting till then).
    fn start(&mut self, phase: &Phase) -> Instant {
        let (Some(due), Some(every)) = (self.due, phase.interval) else {
            return Instant::now();
        };
        let now = Instant::now();
        if due > now {
            std::thread::sleep(due - now);
        }
        self.due = Some(due + every);
        due
    }

    fn read(&mut self, phase: &Phase) {
        let article = &phase.articles[self.rng.below(phase.articles.len())];
        self.turn += 1;
        let page = match phase.reads {
            Reads::Both => self.turn.is_multiple_of(2),
            Reads::Page => true,
            Reads::Claims => false,
        };
        if page && self.cookie.is_some() {
            let started = self.start(phase);
            let mut request = self
                .agent
                .get(&format!("{}/articles/{article}", phase.desk.url));
            if let Some(cookie) = &self.cookie {
                request = request.header("Cookie", cookie);
            }
            let status = answer(request.call()).0;
            self.tally.record(Kind::Page, started, status);
        } else {
            self.claims(phase, article, Kind::Claims);
        }
    }

    fn claims(&mut self, phase: &Phase, article: &str, kind: Kind) -> Option<String> {
        let started = self.start(phase);
        let request = self
            .agent
            .get(&format!(
                "{}/api/v1/articles/{article}/claims",
                phase.desk.url
            ))
            .header("Authorization", &format!("Bearer {}", phase.desk.token_a));
        let (status, body) = answer(request.call());
        self.tally.record(kind, started, status);
        (status == 200).then_some(body)
    }

    /// The next move: the next claim's, or the claims of the next article nobody has taken.
    /// False when every article is taken.
    fn mark_step(&mut self, phase: &Phase) -> bool {
        while self.pending.is_empty() {
            let Some(&index) = phase.order.get(phase.next.fetch_add(1, Ordering::Relaxed)) else {
                return false;
            };
            let article = phase.articles[index].clone();
            let Some(body) = self.claims(phase, &article, Kind::ClaimsToMark) else {
                continue;
            };
            let claims: Vec<Value> = serde_json::from_str(&body).unwrap_or_default();
            // Verified only after sourced: pushed in reverse, taken from the end.
            for claim in claims.iter().rev() {
                if claim["state"] == "unverified" && claim["dismissed"].is_null() {
                    let id = claim["id"].as_str().unwrap_or_default().to_owned();
                    self.pending.push((article.clone(), id.clone(), "verified"));
                    self.pending.push((article.clone(), id, "sourced"));
                }
            }
        }
        let Some((article, claim, to)) = self.pending.pop() else {
            return true;
        };
        let (kind, token, body) = if to == "sourced" {
            let source = format!("https://bench.example.org/sources/{}", self.rng.next());
            (
                Kind::Source,
                &phase.desk.token_a,
                serde_json::json!({"article": article, "state": to, "from": "unverified", "source": source}),
            )
        } else {
            (
                Kind::Verify,
                &phase.desk.token_b,
                serde_json::json!({"article": article, "state": to, "from": "sourced"}),
            )
        };
        let started = self.start(phase);
        let request = self
            .agent
            .post(&format!("{}/api/v1/claims/{claim}/mark", phase.desk.url))
            .header("Authorization", &format!("Bearer {token}"))
            .header("Content-Type", "application/json");
        let (status, text) = answer(request.send(body.to_string()));
        self.tally.record(kind, started, status);
        if status == 200 {
            // The answer as it came: article, claim, from, to, transition, seq.
            self.tally.acks.push(text.trim().to_owned());
        } else if to == "sourced" {
            // Not sourced: its verification would be refused too.
            self.pending.pop();
        }
        true
    }
}

/// The soak's ingest client: posts each revision in turn until the deadline, round and round.
fn ingest_loop(desk: &Desk, lines: &[String], deadline: Instant) -> Tally {
    let agent = Desk::agent();
    let mut tally = Tally::default();
    for line in lines.iter().cycle() {
        if Instant::now() >= deadline || lines.is_empty() {
            break;
        }
        let Ok(value) = serde_json::from_str::<Value>(line) else {
            continue;
        };
        let Some(id) = value["id"].as_str() else {
            continue;
        };
        let mut body = serde_json::json!({"text": value["text"]});
        for field in ["title", "url"] {
            if value[field].is_string() {
                body[field] = value[field].clone();
            }
        }
        let started = Instant::now();
        let request = agent
            .post(&format!("{}/api/v1/articles/{id}/revisions", desk.url))
            .header("Authorization", &format!("Bearer {}", desk.token_a))
            .header("Content-Type", "application/json");
        let (status, text) = answer(request.send(body.to_string()));
        tally.record(Kind::Ingest, started, status);
        if status == 200 && serde_json::from_str::<Value>(&text).is_ok_and(|v| v["added"] == true) {
            tally.added += 1;
        }
    }
    tally
}

fn read_revisions(file: &Path) -> Result<Vec<String>> {
    let reader = BufReader::new(
        std::fs::File::open(file).with_context(|| format!("cannot read {}", file.display()))?,
    );
    let lines: Vec<String> = reader
        .lines()
        .collect::<std::io::Result<_>>()
        .with_context(|| format!("cannot read {}", file.display()))?;
    if lines.is_empty() {
        bail!("{} holds no revisions", file.display());
    }
    Ok(lines)
}

/// Status and body; status 0 when no answer came.
fn answer(result: Result<ureq::http::Response<ureq::Body>, ureq::Error>) -> (u16, String) {
    match result {
        Ok(mut response) => {
            let status = response.status().as_u16();
            match response
                .body_mut()
                .with_config()
                .limit(64 << 20)
                .read_to_string()
            {
                Ok(body) => (status, body),
                Err(_) => (0, String::new()),
            }
        }
        Err(_) => (0, String::new()),
    }
}

/// Every acknowledged move is in the store: its event, of its number, moved that claim of that
/// article to that state. One `history --article` run an article (the server stopped).
fn check(store: &Path, marks: &Path, bin: &Path) -> Result<()> {
    let text = std::fs::read_to_string(marks)
        .with_context(|| format!("cannot read {}", marks.display()))?;
    let mut by_article: BTreeMap<String, Vec<Value>> = BTreeMap::new();
    let mut seqs: HashMap<u64, usize> = HashMap::new();
    for line in text.lines().filter(|l| !l.trim().is_empty()) {
        let ack: Value = serde_json::from_str(line)
            .with_context(|| format!("not an acknowledgement: {line}"))?;
        let article = ack["article"]
            .as_str()
            .context("an acknowledgement without an article")?;
        *seqs.entry(ack["seq"].as_u64().unwrap_or(0)).or_default() += 1;
        by_article.entry(article.to_owned()).or_default().push(ack);
    }
    let acks: usize = by_article.values().map(Vec::len).sum();
    let shared = seqs.values().filter(|n| **n > 1).count();
    let started = Instant::now();
    let mut lost = Vec::new();
    for (article, list) in &by_article {
        let output = std::process::Command::new(bin)
            .args(["--store"])
            .arg(store)
            .args(["history", "--article", article, "--json"])
            .output()
            .with_context(|| format!("cannot run {}", bin.display()))?;
        if !output.status.success() {
            bail!(
                "history --article {article} failed: {}",
                String::from_utf8_lossy(&output.stderr).trim()
            );
        }
        let mut events: HashMap<u64, Value> = HashMap::new();
        for line in String::from_utf8_lossy(&output.stdout).lines() {
            if let Ok(event) = serde_json::from_str::<Value>(line)
                && let Some(seq) = event["seq"].as_u64()
            {
                events.insert(seq, event);
            }
        }
        for ack in list {
            let seq = ack["seq"].as_u64().unwrap_or(0);
            let found = events.get(&seq).is_some_and(|event| {
                event["event"] == "transition"
                    && event["article"] == ack["article"]
                    && event["claim"] == ack["claim"]
                    && event["description"].as_str().is_some_and(|d| {
                        d.contains(&format!(
                            "{}: {} → {}",
                            ack["transition"].as_str().unwrap_or("?"),
                            ack["from"].as_str().unwrap_or("?"),
                            ack["to"].as_str().unwrap_or("?")
                        ))
                    })
            });
            if !found {
                lost.push(ack.to_string());
            }
        }
    }
    let mut out = std::io::stdout().lock();
    writeln!(
        out,
        "check: {acks} acknowledged moves in {} articles, {} lost, {shared} event numbers given twice ({:.1} s)",
        by_article.len(),
        lost.len(),
        started.elapsed().as_secs_f64()
    )?;
    for ack in lost.iter().take(20) {
        writeln!(out, "lost: {ack}")?;
    }
    if !lost.is_empty() || shared > 0 {
        bail!("{} acknowledged moves are not in the store", lost.len());
    }
    Ok(())
}

/// The highest `VmRSS` of a process, sampled twice a second until stopped, in KB.
struct RssWatch {
    stop: Arc<AtomicBool>,
    peak: Arc<Mutex<u64>>,
    thread: std::thread::JoinHandle<()>,
}

impl RssWatch {
    fn start(pid: u32) -> RssWatch {
        let stop = Arc::new(AtomicBool::new(false));
        let peak = Arc::new(Mutex::new(0));
        let thread = {
            let (stop, peak) = (stop.clone(), peak.clone());
            std::thread::spawn(move || {
                while !stop.load(Ordering::Relaxed) {
                    let rss = std::fs::read_to_string(format!("/proc/{pid}/status"))
                        .ok()
                        .and_then(|s| {
                            s.lines()
                                .find_map(|l| l.strip_prefix("VmRSS:"))
                                .and_then(|v| v.split_whitespace().next())
                                .and_then(|v| v.parse::<u64>().ok())
                        })
                        .unwrap_or(0);
                    if let Ok(mut peak) = peak.lock() {
                        *peak = (*peak).max(rss);
                    }
                    std::thread::sleep(Duration::from_millis(500));
                }
            })
        };
        RssWatch { stop, peak, thread }
    }

    fn stop(self) -> u64 {
        self.stop.store(true, Ordering::Relaxed);
        let _ = self.thread.join();
        self.peak.lock().map_or(0, |p| *p)
    }
}

/// User + system CPU seconds of a process (`/proc/PID/stat`, at Linux's 100 ticks a second).
fn process_cpu(pid: u32) -> Option<f64> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    // The fields after the command name, which is in parentheses and may hold spaces.
    let rest = &stat[stat.rfind(')')? + 2..];
    let fields: Vec<&str> = rest.split_whitespace().collect();
    let ticks = fields.get(11)?.parse::<u64>().ok()? + fields.get(12)?.parse::<u64>().ok()?;
    Some(ticks as f64 / 100.0)
}

fn load_average() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .map(|s| s.split_whitespace().take(3).collect::<Vec<_>>().join(" "))
        .unwrap_or_else(|_| "unknown".to_owned())
}

fn now_nanos() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos() as u64)
}

/// SplitMix64, as examples/gen_corpus.rs: no random number crate needed.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}
