//! Batch ingest: a newsroom archive, one article a JSON line, on every core. The command line's
//! `ingest --jsonl` and a web upload or a worker call [`ingest_stream`], and learn how it goes
//! through a callback ([`BatchEvent`]): nothing here prints.
//!
//! Shape of the pipeline (scoped std threads and crossbeam's channels):
//!
//! ```text
//! reader (this thread's scope) ─lines─▶ N workers: JSON → read → [skip if stored] → extract
//!                                           │            → occurrence pack (the writer's share,
//!                                           │              done here while it commits)
//!                                           │ results, any order
//!                                           ▼
//!                     writer (this thread): back in line order → batches of
//!                     `BatchOptions::batch` articles, each ONE store transaction (one audit
//!                     event per article), fsynced
//! ```
//!
//! Memory is bounded by tokens: the reader takes one per line and the writer gives it back once
//! the line is committed or skipped, so at most `2 × batch + 16 × jobs` articles exist at any
//! time, however long the file. Lines are read with a cap (`BatchOptions::max_line_bytes`, the
//! limit of one article), so one enormous line cannot exhaust memory either.
//!
//! Durability: each batch is one sled transaction, fsynced before the next starts. A process
//! killed (Ctrl-C, kill -9) in the middle loses only the batch being built; every committed batch
//! is whole, and `BatchOptions::resume` picks up after it.
//!
//! Sharing: between two batches the writer asks whether another factdesk process waits for the
//! store (an editor listing claims while the archive grows). If one does, it closes the store,
//! lets it in and opens the store again once it is done; the workers, whose reads of the store are
//! only shortcuts, wait meanwhile.

use std::collections::{BTreeMap, HashSet};
use std::hash::{Hash, Hasher};
use std::io::{self, BufRead};
use std::sync::RwLock;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use crossbeam_channel::{Receiver, RecvTimeoutError, Sender, bounded};
use serde::Deserialize;

use super::{Desk, DeskError, Extracted, IngestOutcome, IngestRequest, Parsed};
use crate::model::{ArticleId, Published, Timestamp};
use crate::text::{self, Format};

/// A partial batch is committed after this long without the next line arriving, so a slow
/// producer on stdin still sees its articles stored.
const IDLE_COMMIT: Duration = Duration::from_millis(300);

/// How long the ingest waits to have the store back after letting other processes in: another
/// command takes a moment; a long export or import of another process may take minutes.
const YIELD_WAIT: Duration = Duration::from_secs(600);

/// How a batch runs.
#[derive(Debug, Clone)]
pub struct BatchOptions {
    /// Skip articles whose text is already stored as any revision of them.
    pub resume: bool,
    /// Stop at the first bad line instead of skipping it.
    pub strict: bool,
    /// Articles per transaction.
    pub batch: usize,
    /// Extraction threads.
    pub jobs: usize,
    /// The format of lines that name none; `None` tells each line's format from its text.
    pub format: Option<Format>,
    /// The longest line taken, in bytes: a longer one is a bad line, never held whole.
    pub max_line_bytes: usize,
}

/// Why a line is not an article.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LineFault {
    /// Longer than [`BatchOptions::max_line_bytes`]: its length without the line end.
    TooLong(u64),
    /// Anything else, said in the archive's terms.
    Invalid(String),
}

impl std::fmt::Display for LineFault {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            LineFault::TooLong(bytes) => write!(f, "the line is {bytes} bytes, over the limit"),
            LineFault::Invalid(reason) => f.write_str(reason),
        }
    }
}

/// What a batch ingest tells its caller as it goes.
#[derive(Debug)]
pub enum BatchEvent<'a> {
    /// A transaction was committed (or lines that needed none were counted): the run so far.
    Progress(&'a BatchSummary),
    /// A line was skipped as bad (never with `strict`, which stops there).
    BadLine {
        /// Its number, from 1.
        line: u64,
        /// Why.
        fault: &'a LineFault,
    },
}

/// What a run did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct BatchSummary {
    /// Lines read.
    pub lines: u64,
    /// Articles created.
    pub new_articles: u64,
    /// Revisions added to articles already stored.
    pub new_revisions: u64,
    /// Lines whose text is the article's latest revision.
    pub unchanged: u64,
    /// Lines skipped by `resume`: their text is stored as some revision.
    pub skipped: u64,
    /// Bad lines.
    pub bad: u64,
    /// Claims in the revisions added.
    pub claims: u64,
    /// Extraction diagnostics (unclosed quotes and the like) of the revisions added.
    pub warnings: u64,
    /// Transactions committed.
    pub batches: u64,
    /// Bytes of input committed or skipped so far.
    pub committed_bytes: u64,
}

/// How a run ended.
#[derive(Debug)]
pub struct BatchOutcome {
    /// What it did.
    pub summary: BatchSummary,
    /// With `strict`: the bad line that stopped it (everything before it is stored).
    pub stopped_at: Option<(u64, LineFault)>,
}

/// Why a batch ingest stopped short of the input's end (what was committed stays committed).
#[derive(Debug, thiserror::Error)]
pub enum BatchError {
    /// The input could not be read.
    #[error("cannot read line {line}: {source}")]
    Read {
        /// The line being read.
        line: u64,
        /// What the system said.
        #[source]
        source: io::Error,
    },
    /// The store failed.
    #[error(transparent)]
    Desk(#[from] DeskError),
    /// The store could not be opened again after other processes had it.
    #[error("the store was closed")]
    StoreClosed,
    /// A thread of the pipeline panicked: a bug.
    #[error("the {0} thread panicked")]
    Panicked(&'static str),
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
    content: Result<Vec<u8>, LineFault>,
}

/// What a worker made of a line.
enum Item {
    Blank,
    Bad(LineFault),
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
    fn let_waiters_in(&self) -> Result<(), BatchError> {
        if self.with(Desk::has_waiters) != Some(true) {
            return Ok(());
        }
        let mut slot = self.0.write().map_err(|_| BatchError::Panicked("worker"))?;
        if let Some(desk) = slot.take() {
            *slot = Some(desk.yield_to_waiters(YIELD_WAIT)?);
        }
        Ok(())
    }
}

/// Ingests every line of `reader` (called `name` in the revisions' sources, `NAME:LINE`) into
/// `desk`, in line order, `opts.batch` articles a transaction, acting as `user` at the time
/// `clock` gives when each transaction commits. Between transactions the store is lent to any
/// process waiting for it. The desk is closed at the end.
pub fn ingest_stream(
    desk: Desk,
    reader: &mut (dyn BufRead + Send),
    name: &str,
    opts: &BatchOptions,
    user: &str,
    clock: &(dyn Fn() -> Timestamp + Sync),
    on_event: &mut dyn FnMut(BatchEvent<'_>),
) -> Result<BatchOutcome, BatchError> {
    let desk = &SharedDesk(RwLock::new(Some(desk)));
    let jobs = opts.jobs.max(1);
    let batch = opts.batch.max(1);
    let in_flight = 2 * batch + 16 * jobs;
    // Every worker takes jobs off one queue: crossbeam's receivers are shared by cloning.
    let (job_tx, job_rx) = bounded::<Job>(4 * jobs);
    let (done_tx, done_rx) = bounded::<Done>(4 * jobs);
    let (token_tx, token_rx) = bounded::<()>(in_flight);
    for _ in 0..in_flight {
        // The channel holds exactly `in_flight` tokens and its receiver is held here.
        let _ = token_tx.try_send(());
    }
    let stop = AtomicBool::new(false);
    let default_format = opts.format;
    std::thread::scope(|scope| {
        let reader_handle = {
            let stop = &stop;
            let max_line_bytes = opts.max_line_bytes;
            scope.spawn(move || read_lines(reader, &job_tx, &token_rx, stop, max_line_bytes))
        };
        for _ in 0..jobs {
            let done_tx = done_tx.clone();
            let job_rx = job_rx.clone();
            let stop = &stop;
            scope.spawn(move || {
                // Ends when the reader has finished and the queue is empty.
                while let Ok(job) = job_rx.recv() {
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
        drop(job_rx);
        let written = write_in_order(
            desk,
            done_rx,
            token_tx,
            batch,
            opts.strict,
            user,
            clock,
            on_event,
        );
        // The writer is done (finished, stopped by --strict, or failed): tell the reader, whose
        // token channel is now closed, and let the workers drain.
        stop.store(true, Ordering::Relaxed);
        let read = reader_handle
            .join()
            .unwrap_or(Err(BatchError::Panicked("reader")));
        let (summary, stopped_at) = written?;
        if stopped_at.is_none() {
            read?;
        }
        Ok(BatchOutcome {
            summary,
            stopped_at,
        })
    })
}

/// Reads lines until the end (or until told to stop), each as one job, with its line number; a
/// line over `max_size` is a job that says so.
fn read_lines(
    reader: &mut dyn BufRead,
    jobs: &Sender<Job>,
    tokens: &Receiver<()>,
    stop: &AtomicBool,
    max_line_bytes: usize,
) -> Result<(), BatchError> {
    let mut line = 0u64;
    let mut buf = Vec::new();
    loop {
        if stop.load(Ordering::Relaxed) || tokens.recv().is_err() {
            return Ok(());
        }
        line += 1;
        buf.clear();
        let (read, bytes) = read_capped_line(reader, &mut buf, max_line_bytes)
            .map_err(|source| BatchError::Read { line, source })?;
        let content = match read {
            LineRead::End => return Ok(()),
            LineRead::Line => Ok(std::mem::take(&mut buf)),
            LineRead::TooLong(len) => Err(LineFault::TooLong(len as u64)),
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
    content: Result<Vec<u8>, LineFault>,
    default_format: Option<Format>,
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
        Err(reason) => return Item::Bad(LineFault::Invalid(reason)),
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
            return Item::Bad(LineFault::Invalid(message));
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
    default_format: Option<Format>,
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
    // The address is checked by `Desk::read`, as every ingest's is.
    if parsed.text.trim().is_empty() {
        return Err(format!("article `{article}` has an empty \"text\""));
    }
    let published = match &parsed.published {
        None | Some(serde_json::Value::Null) => None,
        Some(given) => Some(given.as_str().and_then(Published::parse).ok_or_else(|| {
            format!("\"published\" {given} is not a date: give \"2024-03-14\", or a time like \"2024-03-14T09:30:00+01:00\"")
        })?),
    };
    let format = match parsed.format.as_deref() {
        None => default_format,
        Some("auto") => None,
        Some("text") => Some(Format::Text),
        Some("markdown") => Some(Format::Markdown),
        Some("html") => Some(Format::Html),
        Some(other) => {
            return Err(format!(
                "format `{other}` is not one of auto, text, markdown, html"
            ));
        }
    };
    let format = format.unwrap_or_else(|| text::detect_format(None, &parsed.text));
    Ok(IngestRequest {
        article,
        title: parsed.title,
        url: parsed.url,
        published,
        source: format!("{name}:{line}"),
        format,
        text: parsed.text,
        // An archive holds each story's versions under its own id: a batch does not judge
        // whether a version is the same story (only single ingests do).
        force: true,
    })
}

/// The single writer: puts results back in line order and commits them in batches.
#[allow(clippy::too_many_arguments)]
fn write_in_order(
    desk: &SharedDesk,
    done: Receiver<Done>,
    tokens: Sender<()>,
    batch_size: usize,
    strict: bool,
    user: &str,
    clock: &(dyn Fn() -> Timestamp + Sync),
    on_event: &mut dyn FnMut(BatchEvent<'_>),
) -> Result<(BatchSummary, Option<(u64, LineFault)>), BatchError> {
    let mut tally = BatchSummary::default();
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
                  tally: &mut BatchSummary,
                  on_event: &mut dyn FnMut(BatchEvent<'_>)|
     -> Result<(), BatchError> {
        if !batch.is_empty() {
            // The next batch starts at full size: growing a vector of these large values copies
            // them, every batch (3 % of the writer's time in a profile).
            let items = std::mem::replace(batch, Vec::with_capacity(batch_size));
            let outcomes = desk
                .with(|desk| desk.ingest_batch(items, user, clock()))
                .ok_or(BatchError::StoreClosed)??;
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
        on_event(BatchEvent::Progress(tally));
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
                Item::Bad(fault) => {
                    tally.bad += 1;
                    if strict {
                        // What came before the bad line is committed; nothing after it is.
                        commit(
                            &mut batch,
                            &mut batch_bytes,
                            &mut batch_lines,
                            &mut tally,
                            on_event,
                        )?;
                        return Ok((tally, Some((item.line, fault))));
                    }
                    on_event(BatchEvent::BadLine {
                        line: item.line,
                        fault: &fault,
                    });
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
                    on_event,
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
                    on_event,
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
        on_event,
    )?;
    Ok((tally, None))
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
        let parse = |line: &str| parse_line(line.as_bytes(), "archive", 7, Some(Format::Text));
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
