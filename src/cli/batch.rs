//! `ingest --jsonl`: a newsroom archive, one article a line, on every core.
//!
//! Shape of the pipeline (std threads only; no pool crate is needed for one fan-out):
//!
//! ```text
//! reader (this thread's scope) ─lines─▶ N workers: JSON → read → [skip if stored] → extract
//!                                           │            → occurrence pack (the writer's share,
//!                                           │              done here while it commits)
//!                                           │ results, any order
//!                                           ▼
//!                     writer (this thread): back in line order → batches of --batch articles,
//!                     each ONE store transaction (one audit event per article), fsynced
//! ```
//!
//! Memory is bounded by tokens: the reader takes one per line and the writer gives it back once
//! the line is committed or skipped, so at most `IN_FLIGHT` articles exist at any time, however
//! long the file. Lines are read with a cap (`--max-size`, the limit of one article), so one
//! enormous line cannot exhaust memory either.
//!
//! Durability: each batch is one sled transaction, fsynced before the next starts. A process
//! killed (Ctrl-C, kill -9) in the middle loses only the batch being built; every committed batch
//! is whole, and `--resume` picks up after it.
//!
//! Sharing: between two batches the writer asks whether another factdesk process waits for the
//! store (an editor listing claims while the archive grows). If one does, it closes the store,
//! lets it in and opens the store again once it is done; the workers, whose reads of the store are
//! only shortcuts, wait meanwhile.

use std::collections::{BTreeMap, HashSet};
use std::hash::{Hash, Hasher};
use std::io::{self, BufRead, IsTerminal, Write};
use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{Receiver, RecvTimeoutError, SyncSender, sync_channel};
use std::sync::{Mutex, RwLock};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use anyhow::{Context, Result, bail};
use factdesk::desk::{Desk, Extracted, IngestOutcome, IngestRequest, Parsed};
use factdesk::model::{ArticleId, Published, Timestamp};
use factdesk::text::{self, Format};
use serde::Deserialize;

use super::count;
use super::ingest::MaxSize;

/// A partial batch is committed after this long without the next line arriving, so a slow
/// producer on stdin still sees its articles stored.
const IDLE_COMMIT: Duration = Duration::from_millis(300);

/// How long the ingest waits to have the store back after letting other processes in: another
/// command takes a moment; a long export or import of another process may take minutes.
const YIELD_WAIT: Duration = Duration::from_secs(600);

/// Articles added in one run from which the summary suggests `factdesk compact` (at 10k a
/// batch-loaded store takes 2.3 times the room of its compacted copy).
const COMPACT_HINT_AFTER: u64 = 1_000;

/// Plain progress lines (when stderr is not a terminal) at most this often.
const PLAIN_PROGRESS_EVERY: Duration = Duration::from_secs(2);

/// How the batch runs.
pub(crate) struct BatchOptions {
    /// Skip articles whose text is already stored as any revision of them.
    pub(crate) resume: bool,
    /// Stop at the first bad line instead of skipping it.
    pub(crate) strict: bool,
    /// Articles per transaction.
    pub(crate) batch: usize,
    /// Extraction threads.
    pub(crate) jobs: usize,
    /// Format of lines that name none.
    pub(crate) format: super::ingest::FormatArg,
    /// The longest line taken.
    pub(crate) max_size: MaxSize,
}

/// One line of the archive, as written.
struct LineIn {
    id: String,
    text: String,
    title: Option<String>,
    url: Option<String>,
    format: Option<String>,
    /// Kept as given when it is a date or a time (see `Published`); any other value is a bad line.
    published: Option<serde_json::Value>,
}

/// A line as read in one pass: the article, or what keeps well-formed JSON from being one (a
/// syntax error is serde_json's to tell).
enum Line {
    Article(LineIn),
    /// Not an object: what it is instead ("an array").
    NotAnObject(&'static str),
    /// A key given twice, which JSON readers settle differently (serde_json keeps the last
    /// value, others the first): refused rather than guessed.
    Repeated(String),
}

impl<'de> Deserialize<'de> for Line {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Line, D::Error> {
        deserializer.deserialize_any(LineVisitor)
    }
}

struct LineVisitor;

impl<'de> serde::de::Visitor<'de> for LineVisitor {
    type Value = Line;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("a JSON object with \"id\" and \"text\"")
    }

    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<Line, A::Error> {
        use serde::de::{Error, IgnoredAny};
        use std::borrow::Cow;
        let (mut id, mut text, mut title, mut url, mut format, mut published) =
            (None, None, None, None, None, None);
        // Keys of no field, kept only to tell a repeated one.
        let mut others: HashSet<String> = HashSet::new();
        let mut repeated = None;
        while let Some(key) = map.next_key::<Cow<'de, str>>()? {
            if repeated.is_some() {
                // The rest is read only to the end of the object, so a syntax error after the
                // repeated key is still told as one.
                map.next_value::<IgnoredAny>()?;
                continue;
            }
            let fresh = match key.as_ref() {
                "id" => id.replace(map.next_value::<String>()?).is_none(),
                "text" => text.replace(map.next_value::<String>()?).is_none(),
                "title" => title.replace(map.next_value::<Option<String>>()?).is_none(),
                "url" => url.replace(map.next_value::<Option<String>>()?).is_none(),
                "format" => format
                    .replace(map.next_value::<Option<String>>()?)
                    .is_none(),
                "published" => published
                    .replace(map.next_value::<Option<serde_json::Value>>()?)
                    .is_none(),
                other => {
                    map.next_value::<IgnoredAny>()?;
                    others.insert(other.to_owned())
                }
            };
            if !fresh {
                repeated = Some(key.into_owned());
            }
        }
        if let Some(key) = repeated {
            return Ok(Line::Repeated(key));
        }
        Ok(Line::Article(LineIn {
            id: id.ok_or_else(|| A::Error::missing_field("id"))?,
            text: text.ok_or_else(|| A::Error::missing_field("text"))?,
            title: title.flatten(),
            url: url.flatten(),
            format: format.flatten(),
            published: published.flatten(),
        }))
    }

    fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<Line, A::Error> {
        while seq.next_element::<serde::de::IgnoredAny>()?.is_some() {}
        Ok(Line::NotAnObject("an array"))
    }

    fn visit_str<E>(self, _: &str) -> Result<Line, E> {
        Ok(Line::NotAnObject("a string"))
    }

    fn visit_i64<E>(self, _: i64) -> Result<Line, E> {
        Ok(Line::NotAnObject("a number"))
    }

    fn visit_u64<E>(self, _: u64) -> Result<Line, E> {
        Ok(Line::NotAnObject("a number"))
    }

    fn visit_f64<E>(self, _: f64) -> Result<Line, E> {
        Ok(Line::NotAnObject("a number"))
    }

    fn visit_bool<E>(self, _: bool) -> Result<Line, E> {
        Ok(Line::NotAnObject("true or false"))
    }

    fn visit_unit<E>(self) -> Result<Line, E> {
        Ok(Line::NotAnObject("null"))
    }
}

/// A line read from the input.
struct Job {
    line: u64,
    bytes: usize,
    content: Result<Vec<u8>, String>,
}

/// What a worker made of a line.
enum Item {
    Blank,
    Bad(String),
    /// Stored when the line was read: the latest revision has its text (`resume`: any
    /// revision). Kept whole, because an earlier line of the same run may have changed the
    /// article since: the writer, which sees the lines in order, decides.
    Stored {
        parsed: Box<Parsed>,
        resume: bool,
    },
    Ready(Box<Extracted>),
}

struct Done {
    line: u64,
    bytes: usize,
    item: Item,
}

/// What the run did, for the summary line.
#[derive(Default)]
struct Tally {
    lines: u64,
    new_articles: u64,
    new_revisions: u64,
    unchanged: u64,
    skipped: u64,
    bad: u64,
    claims: u64,
    warnings: u64,
    batches: u64,
    committed_bytes: u64,
}

pub(crate) fn cmd_ingest_jsonl(
    ctx: &mut super::Ctx,
    input: &Path,
    opts: &BatchOptions,
) -> Result<()> {
    let user = ctx.user()?;
    let clock = ctx.clock();
    let from_stdin = input.as_os_str() == "-";
    let name = if from_stdin {
        "stdin".to_owned()
    } else {
        input.display().to_string()
    };
    let (reader, total): (Box<dyn BufRead + Send>, Option<u64>) = if from_stdin {
        (
            Box::new(io::BufReader::with_capacity(1 << 20, io::stdin())),
            None,
        )
    } else {
        let file = std::fs::File::open(input)
            .with_context(|| format!("cannot open {}", input.display()))?;
        let size = file.metadata().ok().map(|m| m.len());
        (Box::new(io::BufReader::with_capacity(1 << 20, file)), size)
    };
    let started = Instant::now();
    let desk = SharedDesk(RwLock::new(Some(ctx.take_desk()?)));
    let mut progress = Progress::new(total);
    let run = run_pipeline(&desk, reader, &name, opts, &user, &clock, &mut progress);
    progress.finish();
    let wrote = run.as_ref().is_ok_and(|(tally, _)| tally.batches > 0);
    // Closed before the snapshot below, which opens it in another process.
    drop(desk);
    if wrote {
        ctx.snapshot_in_child();
    }
    let (tally, stop) = run?;
    let seconds = started.elapsed().as_secs_f64();
    let rate = (tally.new_articles + tally.new_revisions) as f64 / seconds.max(1e-9);
    ctx.line(format_args!(
        "{name}: {}: {}, {}, {} unchanged, {} already stored, {}; {}; {} in {seconds:.1} s ({rate:.0} articles/s)",
        count(tally.lines, "line"),
        count(tally.new_articles, "new article"),
        count(tally.new_revisions, "new revision"),
        tally.unchanged,
        tally.skipped,
        count(tally.bad, "bad line"),
        count(tally.claims, "claim"),
        count(tally.batches, "transaction"),
    ))?;
    if tally.warnings > 0 {
        ctx.line(format_args!(
            "  {} (unclosed quotes and the like): `factdesk extract FILE --all` shows them for one article",
            count(tally.warnings, "extraction warning")
        ))?;
    }
    if tally.new_articles + tally.new_revisions >= COMPACT_HINT_AFTER {
        ctx.line(
            "  a load this size leaves the pages its transactions rewrote: `factdesk compact` gives back about half the store's room",
        )?;
    }
    ctx.flush()?;
    if let Some(stop) = stop {
        bail!(
            "{stop} (--strict: stopped there; the {} before it are stored; fix the line and rerun with --resume)",
            count(
                tally.new_articles + tally.new_revisions + tally.unchanged,
                "article"
            )
        );
    }
    Ok(())
}

/// The store, which the writer closes for a moment whenever another process waits for it.
struct SharedDesk(RwLock<Option<Desk>>);

impl SharedDesk {
    /// `read` of the open store; `None` if it could not be opened again after letting another
    /// process in (the writer stops with that error).
    fn with<R>(&self, read: impl FnOnce(&Desk) -> R) -> Option<R> {
        let desk = self.0.read().ok()?;
        desk.as_ref().map(read)
    }

    /// Lets the processes waiting for the store have it, if there are any; between batches.
    fn let_waiters_in(&self) -> Result<()> {
        if self.with(Desk::has_waiters) != Some(true) {
            return Ok(());
        }
        let mut slot = self
            .0
            .write()
            .map_err(|_| anyhow::anyhow!("a worker thread panicked"))?;
        if let Some(desk) = slot.take() {
            *slot = Some(desk.yield_to_waiters(YIELD_WAIT)?);
        }
        Ok(())
    }
}

/// Runs reader, workers and writer; returns the tally and, with --strict, the bad line that
/// stopped the run.
fn run_pipeline(
    desk: &SharedDesk,
    mut reader: Box<dyn BufRead + Send>,
    name: &str,
    opts: &BatchOptions,
    user: &str,
    clock: &(dyn Fn() -> Timestamp + Sync),
    progress: &mut Progress,
) -> Result<(Tally, Option<String>)> {
    let jobs = opts.jobs.max(1);
    let batch = opts.batch.max(1);
    let in_flight = 2 * batch + 16 * jobs;
    let (job_tx, job_rx) = sync_channel::<Job>(4 * jobs);
    let job_rx = Mutex::new(job_rx);
    let (done_tx, done_rx) = sync_channel::<Done>(4 * jobs);
    let (token_tx, token_rx) = sync_channel::<()>(in_flight);
    for _ in 0..in_flight {
        token_tx.send(()).expect("the receiver is held here");
    }
    let stop = AtomicBool::new(false);
    let default_format = opts.format;
    std::thread::scope(|scope| {
        let reader_handle = {
            let stop = &stop;
            let max_size = opts.max_size;
            scope.spawn(move || read_lines(&mut reader, &job_tx, &token_rx, stop, max_size))
        };
        for _ in 0..jobs {
            let done_tx = done_tx.clone();
            let job_rx = &job_rx;
            let stop = &stop;
            scope.spawn(move || {
                loop {
                    // The lock is held only while taking one job off the queue.
                    let job = match job_rx.lock() {
                        Ok(rx) => rx.recv(),
                        Err(_) => return,
                    };
                    // Ends when the reader has finished and the queue is empty.
                    let Ok(job) = job else { return };
                    // Once the writer has stopped, jobs are only drained, so the reader is never
                    // left blocked on a full queue.
                    if stop.load(Ordering::Relaxed) {
                        continue;
                    }
                    let item = work(
                        desk,
                        name,
                        job.line,
                        job.content,
                        default_format,
                        opts.resume,
                    );
                    let done = Done {
                        line: job.line,
                        bytes: job.bytes,
                        item,
                    };
                    let _ = done_tx.send(done);
                }
            });
        }
        drop(done_tx);
        let written = write_in_order(
            desk,
            done_rx,
            token_tx,
            batch,
            opts.strict,
            user,
            clock,
            progress,
        );
        // The writer is done (finished, stopped by --strict, or failed): tell the reader, whose
        // token channel is now closed, and let the workers drain.
        stop.store(true, Ordering::Relaxed);
        let read = reader_handle
            .join()
            .unwrap_or_else(|_| Err(anyhow::anyhow!("the reader thread panicked")));
        let (tally, stopped) = written?;
        if stopped.is_none() {
            read?;
        }
        Ok((tally, stopped))
    })
}

/// Reads lines until the end (or until told to stop), each as one job, with its line number; a
/// line over `max_size` is a job that says so.
fn read_lines(
    reader: &mut dyn BufRead,
    jobs: &SyncSender<Job>,
    tokens: &Receiver<()>,
    stop: &AtomicBool,
    max_size: MaxSize,
) -> Result<()> {
    let mut line = 0u64;
    let mut buf = Vec::new();
    loop {
        if stop.load(Ordering::Relaxed) || tokens.recv().is_err() {
            return Ok(());
        }
        line += 1;
        buf.clear();
        let (read, bytes) = read_capped_line(reader, &mut buf, max_size.bytes())
            .with_context(|| format!("cannot read line {line}"))?;
        let content = match read {
            LineRead::End => return Ok(()),
            LineRead::Line => Ok(std::mem::take(&mut buf)),
            LineRead::TooLong(len) => Err(max_size.refusal("the line", Some(len as u64))),
        };
        if jobs
            .send(Job {
                line,
                bytes,
                content,
            })
            .is_err()
        {
            return Ok(());
        }
    }
}

enum LineRead {
    End,
    Line,
    /// A line longer than the cap, and how long (without its `\n`).
    TooLong(usize),
}

/// Reads one line (without its `\n`) into `buf`, keeping at most `cap` bytes: a longer line is
/// consumed to its end but not kept. Returns what happened and the bytes consumed.
fn read_capped_line(
    reader: &mut dyn BufRead,
    buf: &mut Vec<u8>,
    cap: usize,
) -> io::Result<(LineRead, usize)> {
    let mut consumed = 0usize;
    let mut too_long = false;
    loop {
        let available = match reader.fill_buf() {
            Ok(available) => available,
            Err(err) if err.kind() == io::ErrorKind::Interrupted => continue,
            Err(err) => return Err(err),
        };
        if available.is_empty() {
            let read = match (consumed, too_long) {
                (0, _) => LineRead::End,
                (_, true) => LineRead::TooLong(consumed),
                _ => LineRead::Line,
            };
            return Ok((read, consumed));
        }
        let (chunk, found_end) = match available.iter().position(|&b| b == b'\n') {
            Some(at) => (&available[..at], true),
            None => (available, false),
        };
        if !too_long {
            if buf.len() + chunk.len() > cap {
                too_long = true;
                buf.clear();
            } else {
                buf.extend_from_slice(chunk);
            }
        }
        let used = chunk.len() + usize::from(found_end);
        reader.consume(used);
        consumed += used;
        if found_end {
            let read = if too_long {
                LineRead::TooLong(consumed - 1)
            } else {
                LineRead::Line
            };
            return Ok((read, consumed));
        }
    }
}

/// A worker's share: one line turned into an extracted article (or why not).
fn work(
    desk: &SharedDesk,
    name: &str,
    line: u64,
    content: Result<Vec<u8>, String>,
    default_format: super::ingest::FormatArg,
    resume: bool,
) -> Item {
    let bytes = match content {
        Ok(bytes) => bytes,
        Err(reason) => return Item::Bad(reason),
    };
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Item::Blank;
    }
    let request = match parse_line(&bytes, name, line, default_format) {
        Ok(request) => request,
        Err(reason) => return Item::Bad(reason),
    };
    let source = request.source.clone();
    let parsed = match Desk::read(request) {
        Ok(parsed) => parsed,
        // The message names the input (`FILE:LINE`), which the report of a bad line names
        // already.
        Err(err) => {
            let message = err.to_string();
            let message = message
                .strip_prefix(&format!("{source}: "))
                .map_or(message.clone(), str::to_owned);
            return Item::Bad(message);
        }
    };
    // The fast path: an article already stored with this text costs a parse, not an extraction.
    // A failed read is no fault of the line: the writer's own read stops the ingest with what is
    // wrong.
    if let Some(Ok(Some(_))) = desk.with(|desk| {
        desk.stored_revision_with_hash(&parsed.request().article, &parsed.content_hash(), resume)
    }) {
        return Item::Stored {
            parsed: Box::new(parsed),
            resume,
        };
    }
    let mut extracted = parsed.extract();
    // Off the single writer's thread. Only a shortcut: should the read it needs fail, the
    // writer's transaction makes the pack itself, and reports what is wrong with the store.
    let _ = desk.with(|desk| desk.pack_occurrences(&mut extracted));
    Item::Ready(Box::new(extracted))
}

/// serde_json's message without the position it appends.
fn json_fault(err: &serde_json::Error) -> String {
    let text = err.to_string();
    match text.rsplit_once(" at line ") {
        Some((fault, _)) => fault.to_owned(),
        None => text,
    }
}

/// One JSON line to an ingest request, or a message saying what is wrong with it.
fn parse_line(
    bytes: &[u8],
    name: &str,
    line: u64,
    default_format: super::ingest::FormatArg,
) -> Result<IngestRequest, String> {
    // serde's words place the fault at "line 1" of the line: said here in the archive's terms
    // instead.
    let not_json = |err: &serde_json::Error| {
        format!("not JSON ({}, column {})", json_fault(err), err.column())
    };
    let parsed = match serde_json::from_slice::<Line>(bytes) {
        Ok(Line::Article(parsed)) => parsed,
        Ok(Line::NotAnObject(kind)) => {
            return Err(format!(
                "{kind}, not a JSON object with \"id\" and \"text\""
            ));
        }
        Ok(Line::Repeated(key)) => {
            return Err(format!(
                "the key `{key}` appears twice, and JSON readers differ on which value counts: give it once"
            ));
        }
        Err(err) if err.is_data() => {
            // A wrong value is told only of a line that is JSON throughout, as a syntax error
            // anywhere in the line says more; only a bad line is read twice to know.
            if let Err(syntax) = serde_json::from_slice::<serde::de::IgnoredAny>(bytes) {
                return Err(not_json(&syntax));
            }
            return Err(format!(
                "{}: a line needs \"id\" and \"text\" strings",
                json_fault(&err)
            ));
        }
        Err(err) => return Err(not_json(&err)),
    };
    let article = ArticleId::new(&parsed.id).ok_or_else(|| {
        format!(
            "`{}` is not a valid article id: use lower-case letters, digits, '-', '_' and '.'",
            parsed.id
        )
    })?;
    if let Some(url) = &parsed.url
        && !(url.starts_with("https://") || url.starts_with("http://"))
    {
        return Err(format!("url `{url}` is not a web address (https://…)"));
    }
    if parsed.text.trim().is_empty() {
        return Err(format!("article `{article}` has an empty \"text\""));
    }
    let published = match &parsed.published {
        None | Some(serde_json::Value::Null) => None,
        Some(given) => Some(given.as_str().and_then(Published::parse).ok_or_else(|| {
            format!("\"published\" {given} is not a date: give \"2024-03-14\", or a time like \"2024-03-14T09:30:00+01:00\"")
        })?),
    };
    use super::ingest::FormatArg;
    let format = match parsed.format.as_deref() {
        None => default_format,
        Some("auto") => FormatArg::Auto,
        Some("text") => FormatArg::Text,
        Some("markdown") => FormatArg::Markdown,
        Some("html") => FormatArg::Html,
        Some(other) => {
            return Err(format!(
                "format `{other}` is not one of auto, text, markdown, html"
            ));
        }
    };
    let format = match format {
        FormatArg::Auto => text::detect_format(None, &parsed.text),
        FormatArg::Text => Format::Text,
        FormatArg::Markdown => Format::Markdown,
        FormatArg::Html => Format::Html,
    };
    Ok(IngestRequest {
        article,
        title: parsed.title,
        url: parsed.url,
        published,
        source: format!("{name}:{line}"),
        format,
        text: parsed.text,
    })
}

/// The single writer: puts results back in line order and commits them in batches.
#[allow(clippy::too_many_arguments)]
fn write_in_order(
    desk: &SharedDesk,
    done: Receiver<Done>,
    tokens: SyncSender<()>,
    batch_size: usize,
    strict: bool,
    user: &str,
    clock: &(dyn Fn() -> Timestamp + Sync),
    progress: &mut Progress,
) -> Result<(Tally, Option<String>)> {
    let mut tally = Tally::default();
    // Articles a line of this run went to the store for (hashed: a collision only costs an
    // extraction). A later line of one of them was read while that line waited, so whether it
    // is stored is for the transaction to say: `a: 300`, `a: 400` run again must end on 400.
    let mut sent: HashSet<u64> = HashSet::new();
    let article_key = |article: &ArticleId| {
        let mut hasher = std::hash::DefaultHasher::new();
        article.hash(&mut hasher);
        hasher.finish()
    };
    let mut waiting: BTreeMap<u64, Done> = BTreeMap::new();
    let mut next = 1u64;
    let mut batch: Vec<Extracted> = Vec::with_capacity(batch_size);
    let mut batch_bytes = 0u64;
    // Tokens of lines in the open batch go back only once it is committed.
    let mut batch_lines = 0usize;
    let commit = |batch: &mut Vec<Extracted>,
                  batch_bytes: &mut u64,
                  batch_lines: &mut usize,
                  tally: &mut Tally,
                  progress: &mut Progress|
     -> Result<()> {
        if !batch.is_empty() {
            // The next batch starts at full size: growing a vector of these large values copies
            // them, every batch (3 % of the writer's time in a profile).
            let items = std::mem::replace(batch, Vec::with_capacity(batch_size));
            let outcomes = desk
                .with(|desk| desk.ingest_batch(items, user, clock()))
                .context("the store was closed")??;
            tally.batches += 1;
            for outcome in outcomes {
                match outcome {
                    IngestOutcome::Unchanged { .. } => tally.unchanged += 1,
                    IngestOutcome::Added(summary) => {
                        if summary.revision == 1 {
                            tally.new_articles += 1;
                        } else {
                            tally.new_revisions += 1;
                        }
                        tally.claims += summary.claims as u64;
                        tally.warnings += summary.diagnostics.len() as u64;
                    }
                }
            }
        }
        tally.committed_bytes += std::mem::take(batch_bytes);
        for _ in 0..std::mem::take(batch_lines) {
            // The reader may have stopped; then nobody needs the token.
            let _ = tokens.try_send(());
        }
        progress.update(tally);
        desk.let_waiters_in()
    };
    loop {
        // Everything that is next in line order goes into the batch.
        while let Some(item) = waiting.remove(&next) {
            next += 1;
            tally.lines += 1;
            batch_bytes += item.bytes as u64;
            batch_lines += 1;
            match item.item {
                Item::Blank => {}
                Item::Stored { parsed, resume } => {
                    if sent.contains(&article_key(&parsed.request().article)) {
                        batch.push(parsed.extract());
                    } else if resume {
                        tally.skipped += 1;
                    } else {
                        tally.unchanged += 1;
                    }
                }
                Item::Ready(extracted) => {
                    sent.insert(article_key(&extracted.request().article));
                    batch.push(*extracted);
                }
                Item::Bad(reason) => {
                    tally.bad += 1;
                    let message = format!("line {}: {reason}", item.line);
                    if strict {
                        // What came before the bad line is committed; nothing after it is.
                        commit(
                            &mut batch,
                            &mut batch_bytes,
                            &mut batch_lines,
                            &mut tally,
                            progress,
                        )?;
                        return Ok((tally, Some(message)));
                    }
                    progress.message(&format!("warning: {message}; line skipped"));
                }
            }
            // Lines that needed no writing (already stored, blank, bad) count too, so their
            // tokens go back to the reader without waiting for a full batch of new articles.
            if batch.len() >= batch_size || batch_lines >= batch_size {
                commit(
                    &mut batch,
                    &mut batch_bytes,
                    &mut batch_lines,
                    &mut tally,
                    progress,
                )?;
            }
        }
        match done.recv_timeout(IDLE_COMMIT) {
            Ok(item) => {
                waiting.insert(item.line, item);
            }
            Err(RecvTimeoutError::Timeout) => {
                commit(
                    &mut batch,
                    &mut batch_bytes,
                    &mut batch_lines,
                    &mut tally,
                    progress,
                )?;
            }
            Err(RecvTimeoutError::Disconnected) => break,
        }
    }
    commit(
        &mut batch,
        &mut batch_bytes,
        &mut batch_lines,
        &mut tally,
        progress,
    )?;
    Ok((tally, None))
}

/// Progress on stderr: a bar on a terminal, a plain line every few seconds otherwise.
struct Progress {
    bar: Option<indicatif::ProgressBar>,
    total: Option<u64>,
    started: Instant,
    last_plain: Instant,
}

impl Progress {
    fn new(total: Option<u64>) -> Progress {
        let bar = io::stderr().is_terminal().then(|| {
            let bar = match total {
                Some(total) => indicatif::ProgressBar::new(total).with_style(
                    indicatif::ProgressStyle::with_template(
                        "{spinner} [{elapsed_precise}] {wide_bar} {bytes}/{total_bytes} {msg} ETA {eta}",
                    )
                    .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
                ),
                None => indicatif::ProgressBar::new_spinner().with_style(
                    indicatif::ProgressStyle::with_template(
                        "{spinner} [{elapsed_precise}] {bytes} {msg}",
                    )
                    .unwrap_or_else(|_| indicatif::ProgressStyle::default_spinner()),
                ),
            };
            bar.enable_steady_tick(Duration::from_millis(200));
            bar
        });
        let now = Instant::now();
        Progress {
            bar,
            total,
            started: now,
            last_plain: now,
        }
    }

    fn update(&mut self, tally: &Tally) {
        let articles = tally.new_articles + tally.new_revisions + tally.unchanged + tally.skipped;
        let elapsed = self.started.elapsed().as_secs_f64().max(1e-9);
        let rate = articles as f64 / elapsed;
        if let Some(bar) = &self.bar {
            bar.set_position(tally.committed_bytes);
            bar.set_message(format!("{articles} articles ({rate:.0}/s)"));
            return;
        }
        if self.last_plain.elapsed() < PLAIN_PROGRESS_EVERY {
            return;
        }
        self.last_plain = Instant::now();
        let mb = tally.committed_bytes as f64 / 1e6;
        let line = match self.total {
            Some(total) if tally.committed_bytes > 0 => {
                let left = total.saturating_sub(tally.committed_bytes) as f64;
                let eta = left / (tally.committed_bytes as f64 / elapsed);
                format!(
                    "progress: {articles} articles ({rate:.0}/s), {mb:.1} of {:.1} MB, ETA {eta:.0} s",
                    total as f64 / 1e6
                )
            }
            _ => format!("progress: {articles} articles ({rate:.0}/s), {mb:.1} MB"),
        };
        stderr_line(&line);
    }

    fn message(&self, text: &str) {
        match &self.bar {
            Some(bar) => bar.suspend(|| stderr_line(text)),
            None => stderr_line(text),
        }
    }

    fn finish(&mut self) {
        if let Some(bar) = self.bar.take() {
            bar.finish_and_clear();
        }
    }
}

fn stderr_line(text: &str) {
    let _ = writeln!(io::stderr(), "{text}");
}

/// The wall clock, or the pinned one, as a function the writer calls once per batch.
pub(crate) fn system_clock(pinned: Option<Timestamp>) -> impl Fn() -> Timestamp + Sync {
    move || {
        pinned.unwrap_or_else(|| {
            let ms = SystemTime::now()
                .duration_since(UNIX_EPOCH)
                .map_or(0, |d| d.as_millis());
            Timestamp(i64::try_from(ms).unwrap_or(i64::MAX))
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(input: &[u8], cap: usize) -> Vec<(String, usize)> {
        let mut reader = io::BufReader::with_capacity(4, input);
        let mut out = Vec::new();
        let mut buf = Vec::new();
        loop {
            buf.clear();
            let (read, used) = read_capped_line(&mut reader, &mut buf, cap).expect("reads");
            let text = match read {
                LineRead::End => break,
                LineRead::Line => String::from_utf8_lossy(&buf).into_owned(),
                LineRead::TooLong(len) => format!("<{len} bytes: too long>"),
            };
            out.push((text, used));
        }
        out
    }

    #[test]
    fn a_line_is_read_once_and_a_key_given_twice_is_refused() {
        use super::super::ingest::FormatArg;
        let parse = |line: &str| parse_line(line.as_bytes(), "archive", 7, FormatArg::Text);
        let request = parse(r#"{"id":"a","text":"Two dogs.","title":null,"extra":[1,{"x":2}]}"#)
            .expect("a good line");
        assert_eq!(
            (request.text.as_str(), request.source.as_str()),
            ("Two dogs.", "archive:7")
        );
        for (line, expected) in [
            // However the key is written.
            (
                r#"{"id":"a","text":"x","te\u0078t":"y"}"#,
                "the key `text` appears twice",
            ),
            (
                r#"{"id":"a","text":"x","n":1,"n":1}"#,
                "the key `n` appears twice",
            ),
            (
                r#"{"id":"a","title":null,"title":null,"text":"x"}"#,
                "the key `title` appears twice",
            ),
            (r#"[1, {"id": "a"}]"#, "an array, not a JSON object"),
            ("null", "null, not a JSON object"),
            (r#"{"id":"a"}"#, "missing field `text`: a line needs"),
            // A syntax error anywhere says more than a wrong value before it.
            (
                r#"{"id":5,"text":"x""#,
                "not JSON (EOF while parsing an object",
            ),
            (
                r#"{"id":"a","text":"x","id":"b""#,
                "not JSON (EOF while parsing an object",
            ),
        ] {
            let err = parse(line).err().unwrap_or_default();
            assert!(err.starts_with(expected), "{line}: {err}");
        }
    }

    #[test]
    fn capped_lines_keep_short_ones_and_skip_long_ones_whole() {
        let got = lines(b"ab\nabcdefghij\n\ncd", 5);
        let want = [("ab", 3), ("<10 bytes: too long>", 11), ("", 1), ("cd", 2)];
        let want: Vec<(String, usize)> = want.iter().map(|(t, n)| (t.to_string(), *n)).collect();
        assert_eq!(got, want);
    }
}
