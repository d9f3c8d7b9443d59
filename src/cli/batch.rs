//! `ingest --jsonl`: a newsroom archive, one article a line, on every core. The pipeline is the
//! library's (`factdesk::desk::batch`); this file opens the input, shows the progress and prints
//! the summary.

use std::io::{self, BufRead, IsTerminal, Write};
use std::path::Path;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use anyhow::{Context, Result, bail};
use factdesk::desk::batch::{self, BatchEvent, BatchOutcome, BatchSummary, LineFault};
use factdesk::model::Timestamp;

use super::count;
use super::ingest::MaxSize;

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
            Box::new(io::BufReader::with_capacity(1 << 20, ctx.stdin())),
            None,
        )
    } else {
        let file = std::fs::File::open(input)
            .with_context(|| format!("cannot open {}", input.display()))?;
        let size = file.metadata().ok().map(|m| m.len());
        (Box::new(io::BufReader::with_capacity(1 << 20, file)), size)
    };
    let started = Instant::now();
    let desk = ctx.take_desk()?;
    let mut progress = Progress::new(total);
    let library_options = batch::BatchOptions {
        resume: opts.resume,
        strict: opts.strict,
        batch: opts.batch,
        jobs: opts.jobs,
        format: opts.format.format(),
        max_line_bytes: opts.max_size.bytes(),
    };
    let mut reader = reader;
    // The store is closed when the run ends, before the snapshot below opens it in a child.
    let run = batch::ingest_stream(
        desk,
        &mut *reader,
        &name,
        &library_options,
        &user,
        &clock,
        &mut |event| match event {
            BatchEvent::Progress(summary) => progress.update(summary),
            BatchEvent::BadLine { line, fault } => progress.message(&format!(
                "warning: line {line}: {}; line skipped",
                describe(fault, opts.max_size)
            )),
        },
    );
    progress.finish();
    if run
        .as_ref()
        .is_ok_and(|outcome| outcome.summary.batches > 0)
    {
        ctx.snapshot_in_child();
    }
    let BatchOutcome {
        summary: tally,
        stopped_at,
    } = run?;
    let stop =
        stopped_at.map(|(line, fault)| format!("line {line}: {}", describe(&fault, opts.max_size)));
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

/// A bad line's fault, as the command line says it: a line too long names the flag that takes it.
fn describe(fault: &LineFault, max_size: MaxSize) -> String {
    match fault {
        LineFault::TooLong(bytes) => max_size.refusal("the line", Some(*bytes)),
        LineFault::Invalid(reason) => reason.clone(),
    }
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

    fn update(&mut self, tally: &BatchSummary) {
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
