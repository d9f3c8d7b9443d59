use std::fmt;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::str::FromStr;

use anyhow::{Context, Result, bail};
use factdesk::desk::{IngestOutcome, IngestRequest};
use factdesk::model::{ArticleId, Published};
use factdesk::text::{self, Format};

use super::Ctx;

/// Add an article, or a new revision of one, and extract its claims.
///
/// The first ingest of an article creates it; ingesting a changed text for the same --article
/// adds the next revision. Claims already reviewed keep their state; new claims start unverified.
/// Ingesting the same text again changes nothing.
///
/// With --jsonl, ingest a whole archive: one JSON object a line,
/// {"id","text"[,"title","url","format","published"]}, extracted on every core and committed in
/// batches (one transaction of --batch articles, one audit event per article). A bad line is
/// reported with its number and skipped (--strict stops there instead, keeping what came
/// before). An interrupted run keeps every committed batch; rerun with --resume.
#[derive(Debug, clap::Args)]
pub(crate) struct IngestArgs {
    /// The article file (plain text, Markdown or an HTML page), or a folder of its revisions,
    /// ingested in name order (v1, v2, …, v10) as successive revisions in one transaction.
    #[arg(required_unless_present = "jsonl", conflicts_with = "jsonl")]
    #[arg(value_parser = super::forward::path_arg)]
    file: Option<PathBuf>,
    /// A JSONL archive to ingest in batch (`-` reads standard input).
    #[arg(long, value_name = "FILE", conflicts_with_all = ["article", "title", "url", "published"])]
    #[arg(value_parser = super::forward::path_arg)]
    jsonl: Option<PathBuf>,
    /// With --jsonl: skip articles whose text is already stored as any of their revisions (to
    /// pick up an interrupted run). Without it an article equal to its latest revision is
    /// skipped, and a different text becomes its next revision.
    #[arg(long, requires = "jsonl")]
    resume: bool,
    /// With --jsonl: stop at the first bad line (the articles before it are kept).
    #[arg(long, requires = "jsonl")]
    strict: bool,
    /// With --jsonl: articles per transaction.
    #[arg(long, value_name = "N", default_value_t = 32, requires = "jsonl",
          value_parser = clap::value_parser!(u32).range(1..=100_000))]
    batch: u32,
    /// With --jsonl: extraction threads (default: one per core).
    #[arg(long, value_name = "N", requires = "jsonl",
          value_parser = clap::value_parser!(u32).range(1..=1024))]
    jobs: Option<u32>,
    /// The article's id (default: made from the file or folder name, e.g. syria-truce).
    #[arg(long, value_name = "ID")]
    article: Option<String>,
    /// The headline (default: detected from the text).
    #[arg(long, value_name = "T")]
    title: Option<String>,
    /// Where the article is published.
    #[arg(long, value_name = "U")]
    url: Option<String>,
    /// When it was first published: a date (2024-03-14) or a time
    /// (2024-03-14T09:30:00+01:00); reports and ClaimReview show it.
    #[arg(long, value_name = "DATE")]
    published: Option<String>,
    /// How to read the file.
    #[arg(long, value_enum, default_value_t = FormatArg::Auto)]
    format: FormatArg,
    /// The largest article taken: a file (each file of a folder), or a line of --jsonl. Bytes,
    /// or a number with KiB, MiB or GiB (64MiB).
    #[arg(long, value_name = "SIZE", default_value_t = MaxSize::DEFAULT)]
    max_size: MaxSize,
    /// Take the text as the next revision even if it shares almost nothing with the latest one
    /// (a story rewritten from scratch); without it such a text is refused as another story.
    #[arg(long, conflicts_with = "jsonl")]
    force: bool,
}

/// The size limit of one article (`--max-size`): a longer input is refused with a message saying
/// how large it is and what to pass to take it.
///
/// 16 MiB by default: over a hundred times a long feature (~100 KB). Extraction takes time and
/// memory in proportion to the text, some 40 times its size for prose; the worst text, nothing
/// but numbers each of which is a claim, takes some 350 times (6 GB at 16 MiB): a lower limit
/// suits a service that takes articles from anyone.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct MaxSize(pub(crate) u64);

impl MaxSize {
    pub(crate) const DEFAULT: MaxSize = MaxSize(16 << 20);

    /// The limit in bytes, as the reader of a line counts them.
    pub(crate) fn bytes(self) -> usize {
        usize::try_from(self.0).unwrap_or(usize::MAX)
    }

    /// Why an input of `size` bytes (`None`: not known, only that it is over) is refused: one
    /// line naming `what`, its size, the limit, and a limit that takes it.
    pub(crate) fn refusal(self, what: &str, size: Option<u64>) -> String {
        let over = size.unwrap_or(self.0.saturating_add(1));
        // The next power of two at least as large: a round figure that takes the input.
        let enough = MaxSize(over.checked_next_power_of_two().unwrap_or(over));
        let size = match size {
            Some(size) => format!("is {}, over", approximate(size, self.0)),
            None => "is over".to_owned(),
        };
        format!(
            "{what} {size} the {self} limit for an article: pass --max-size {} to take it",
            enough.flag()
        )
    }

    /// As `--max-size` takes it: "32MiB", "1000".
    fn flag(self) -> String {
        let shown = self.to_string();
        shown
            .strip_suffix(" bytes")
            .map_or_else(|| shown.replace(' ', ""), str::to_owned)
    }
}

/// `size` in the largest binary unit it reaches, to one decimal ("20.0 MiB"); in bytes as well
/// when that rounds to the same figure as `limit` ("16.0 MiB (16777217 bytes)").
fn approximate(size: u64, limit: u64) -> String {
    let shown = |bytes: u64| {
        let (unit, scale) = unit_of(bytes);
        if scale == 1 {
            format!("{bytes} bytes")
        } else {
            format!("{:.1} {unit}", bytes as f64 / scale as f64)
        }
    };
    let text = shown(size);
    if text == shown(limit) {
        format!("{text} ({size} bytes)")
    } else {
        text
    }
}

/// The binary units `--max-size` takes, largest first.
const UNITS: [(&str, u64); 3] = [("GiB", 1 << 30), ("MiB", 1 << 20), ("KiB", 1 << 10)];

/// The largest binary unit not above `bytes`, and its size.
fn unit_of(bytes: u64) -> (&'static str, u64) {
    UNITS
        .into_iter()
        .find(|&(_, scale)| bytes >= scale)
        .unwrap_or(("bytes", 1))
}

impl fmt::Display for MaxSize {
    /// Exact, in the largest unit that divides it: "16 MiB", "1536 KiB", "1000 bytes".
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (unit, scale) = UNITS
            .into_iter()
            .find(|&(_, scale)| self.0 >= scale && self.0.is_multiple_of(scale))
            .unwrap_or(("bytes", 1));
        write!(f, "{} {unit}", self.0 / scale)
    }
}

impl FromStr for MaxSize {
    type Err = String;

    fn from_str(given: &str) -> Result<MaxSize, String> {
        let bad = || {
            format!(
                "`{given}` is not a size: give bytes (1048576) or a number with KiB, MiB or GiB (64MiB)"
            )
        };
        let given_trimmed = given.trim();
        let digits = given_trimmed.bytes().take_while(u8::is_ascii_digit).count();
        let (number, unit) = given_trimmed.split_at_checked(digits).ok_or_else(bad)?;
        let unit = unit.trim();
        let scale = if unit.is_empty() || unit.eq_ignore_ascii_case("b") {
            1
        } else {
            UNITS
                .into_iter()
                .find(|(name, _)| name.eq_ignore_ascii_case(unit))
                .ok_or_else(bad)?
                .1
        };
        let bytes = number
            .parse::<u64>()
            .ok()
            .and_then(|n| n.checked_mul(scale))
            .ok_or_else(bad)?;
        if bytes == 0 {
            return Err(format!("`{given}` is no size at all: give at least 1 byte"));
        }
        Ok(MaxSize(bytes))
    }
}

#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub(crate) enum FormatArg {
    /// Decide from the file name and content.
    Auto,
    /// Plain text: paragraphs separated by blank lines.
    Text,
    /// Markdown: markup is removed before extraction.
    Markdown,
    /// An HTML page: the article's text, title and canonical URL are taken from it.
    Html,
}

impl FormatArg {
    /// The format it names; `None` for `auto`, decided from each input.
    pub(crate) fn format(self) -> Option<Format> {
        match self {
            FormatArg::Auto => None,
            FormatArg::Text => Some(Format::Text),
            FormatArg::Markdown => Some(Format::Markdown),
            FormatArg::Html => Some(Format::Html),
        }
    }
}

pub(crate) fn cmd_ingest(ctx: &mut Ctx, args: &IngestArgs) -> Result<()> {
    let file = match (&args.jsonl, &args.file) {
        (Some(jsonl), _) => {
            let jobs = match args.jobs {
                Some(jobs) => jobs as usize,
                None => std::thread::available_parallelism().map_or(1, usize::from),
            };
            let options = super::batch::BatchOptions {
                resume: args.resume,
                strict: args.strict,
                batch: args.batch as usize,
                jobs,
                format: args.format,
                max_size: args.max_size,
            };
            return super::batch::cmd_ingest_jsonl(ctx, jsonl, &options);
        }
        // Checked here as well as by clap, whose `requires` lets a bare flag through.
        (None, Some(_)) if args.resume || args.strict || args.jobs.is_some() => {
            bail!("--resume, --strict and --jobs apply to a batch: add --jsonl FILE")
        }
        (None, Some(file)) => file,
        (None, None) => bail!("give the article FILE to ingest, or --jsonl FILE for an archive"),
    };
    let article = match &args.article {
        Some(given) => ArticleId::new(given).with_context(|| {
            format!("`{given}` is not a valid article id: use lower-case letters, digits, '-', '_' and '.' (for example syria-truce)")
        })?,
        None => default_article_id(file)?,
    };
    if let Some(url) = &args.url
        && !(url.starts_with("https://") || url.starts_with("http://"))
    {
        bail!("--url `{url}` is not a web address: give a URL starting with https://");
    }
    let published = match &args.published {
        Some(given) => Some(Published::parse(given).with_context(|| {
            format!("--published `{given}` is not a date: give 2024-03-14, or a time like 2024-03-14T09:30:00+01:00")
        })?),
        None => None,
    };
    let files = if file.is_dir() {
        revision_files(ctx, file)?
    } else {
        vec![file.clone()]
    };
    let mut requests = Vec::with_capacity(files.len());
    for file in &files {
        let (text, format) = read_input(file, args.format, args.max_size)?;
        requests.push(IngestRequest {
            article: article.clone(),
            title: args.title.clone(),
            url: args.url.clone(),
            published: published.clone(),
            source: file.display().to_string(),
            format,
            text,
            force: args.force,
        });
    }
    let (user, now) = (ctx.user()?, ctx.now());
    let outcomes = match requests.as_slice() {
        [one] => vec![ctx.desk()?.ingest(one, &user, now)?],
        series => ctx.desk()?.ingest_series(series, &user, now)?,
    };
    for (outcome, request) in outcomes.iter().zip(&requests) {
        report_outcome(ctx, outcome, &request.source)?;
    }
    if let Some(IngestOutcome::Added(summary)) = outcomes.last()
        && summary.revision > 1
    {
        ctx.line(format_args!(
            "  see what changed: factdesk diff {}",
            summary.article
        ))?;
    }
    ctx.flush()
}

fn report_outcome(ctx: &mut Ctx, outcome: &IngestOutcome, source: &str) -> Result<()> {
    match outcome {
        IngestOutcome::Unchanged { article, revision } => ctx.line(format_args!(
            "{article}: {source} is identical to revision {revision}; nothing added"
        )),
        IngestOutcome::Added(summary) => {
            for diagnostic in &summary.diagnostics {
                ctx.note(format_args!("warning: {source}: {diagnostic}"));
            }
            let mut line = format!(
                "{}: revision {} ingested: {}",
                summary.article,
                summary.revision,
                super::count(summary.claims as u64, "claim")
            );
            if summary.revision > 1 {
                line.push_str(&format!(
                    // In the order and words of `diff` and `revisions`.
                    " ({} modified, {} added, {} removed, {} moved, {} unchanged; {} kept their review)",
                    summary.modified,
                    summary.added,
                    summary.removed,
                    summary.moved,
                    summary.unchanged,
                    summary.kept
                ));
            }
            ctx.line(line)
        }
    }
}

/// Names an article's revision may end with; a file without any extension is taken as text.
const REVISION_EXTENSIONS: &[&str] = &[
    "txt", "text", "md", "markdown", "mdown", "mkd", "html", "htm", "xhtml",
];

/// The files of a folder of revisions, in natural name order (v2 before v10); hidden files and
/// subfolders are left out, and so, with a warning, are files of other kinds (a `meta.json` or
/// `notes.pdf` kept beside the drafts is not a revision).
fn revision_files(ctx: &mut Ctx, dir: &Path) -> Result<Vec<PathBuf>> {
    let mut files = Vec::new();
    let mut skipped = Vec::new();
    for entry in std::fs::read_dir(dir)
        .with_context(|| format!("cannot read the folder {}", dir.display()))?
    {
        let entry = entry.with_context(|| format!("cannot read the folder {}", dir.display()))?;
        let name = entry.file_name().to_string_lossy().into_owned();
        if name.starts_with('.') || !entry.path().is_file() {
            continue;
        }
        let article_file = entry.path().extension().is_none_or(|ext| {
            let ext = ext.to_string_lossy().to_lowercase();
            REVISION_EXTENSIONS.contains(&ext.as_str())
        });
        if article_file {
            files.push(entry.path());
        } else {
            skipped.push(name);
        }
    }
    skipped.sort();
    for name in &skipped {
        ctx.note(format_args!(
            "warning: {}: skipped {name}: not a text, Markdown or HTML file",
            dir.display()
        ));
    }
    if files.is_empty() {
        bail!(
            "the folder {} holds no text, Markdown or HTML files: put the revisions in it as v1.txt, v2.txt, …",
            dir.display()
        );
    }
    files.sort_by_key(|a| natural_key(a));
    Ok(files)
}

/// A file name cut into text and numbers, so that numbers compare by value.
fn natural_key(path: &Path) -> Vec<(String, u64)> {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().to_lowercase())
        .unwrap_or_default();
    let mut key = Vec::new();
    let mut text = String::new();
    let mut digits = String::new();
    for ch in name.chars() {
        if ch.is_ascii_digit() {
            digits.push(ch);
        } else {
            if !digits.is_empty() {
                key.push((
                    std::mem::take(&mut text),
                    digits.parse().unwrap_or(u64::MAX),
                ));
                digits.clear();
            }
            text.push(ch);
        }
    }
    key.push((
        text,
        if digits.is_empty() {
            0
        } else {
            digits.parse().unwrap_or(u64::MAX)
        },
    ));
    key
}

/// Reads and decodes an input file, refusing files over `max_size` and empty, binary and
/// non-UTF-8 files with the file name and position in the message.
pub(crate) fn read_input(
    path: &Path,
    format: FormatArg,
    max_size: MaxSize,
) -> Result<(String, Format)> {
    let file =
        std::fs::File::open(path).with_context(|| format!("cannot open {}", path.display()))?;
    // A file says its size; a pipe or a device (/dev/zero) does not, and is read no further
    // than one byte past the limit, so memory stays bounded whatever it holds.
    let known = file
        .metadata()
        .ok()
        .filter(std::fs::Metadata::is_file)
        .map(|meta| meta.len());
    if let Some(size) = known.filter(|&size| size > max_size.0) {
        bail!(max_size.refusal(&path.display().to_string(), Some(size)));
    }
    // Sized for the file up front: grown by doubling, the buffer could take twice the file.
    let expected = known
        .and_then(|size| usize::try_from(size).ok())
        .unwrap_or(0);
    let mut bytes = Vec::with_capacity(expected.saturating_add(1));
    file.take(max_size.0.saturating_add(1))
        .read_to_end(&mut bytes)
        .with_context(|| format!("cannot read {}", path.display()))?;
    if bytes.len() as u64 > max_size.0 {
        // A stream, or a file that grew since it was measured: how large it is, is not known.
        bail!(max_size.refusal(&path.display().to_string(), None));
    }
    let text = text::decode(&bytes).with_context(|| format!("{}", path.display()))?;
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned());
    let format = match format {
        FormatArg::Auto => text::detect_format(name.as_deref(), &text),
        FormatArg::Text => Format::Text,
        FormatArg::Markdown => Format::Markdown,
        FormatArg::Html => Format::Html,
    };
    Ok((text, format))
}

fn default_article_id(path: &Path) -> Result<ArticleId> {
    let stem = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    ArticleId::slugify(&stem).with_context(|| {
        format!(
            "cannot make an article id from the file name {}: pass --article ID",
            path.display()
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_are_read_and_said_in_binary_units() {
        for (given, bytes, shown) in [
            ("16MiB", 16 << 20, "16 MiB"),
            ("64 mib", 64 << 20, "64 MiB"),
            ("1536KiB", 1536 << 10, "1536 KiB"),
            ("2GiB", 2 << 30, "2 GiB"),
            ("1000", 1000, "1000 bytes"),
            ("1024b", 1024, "1 KiB"),
        ] {
            let size: MaxSize = given.parse().expect(given);
            assert_eq!(
                (size.0, size.to_string()),
                (bytes, shown.to_owned()),
                "{given}"
            );
        }
        for bad in [
            "",
            "0",
            "0MiB",
            "16MB",
            "1.5MiB",
            "MiB",
            "-1",
            "99999999999GiB",
        ] {
            assert!(bad.parse::<MaxSize>().is_err(), "{bad:?}");
        }
    }

    #[test]
    fn a_refusal_says_the_size_the_limit_and_a_limit_that_takes_it() {
        assert_eq!(
            MaxSize::DEFAULT.refusal("draft.txt", Some(20 << 20)),
            "draft.txt is 20.0 MiB, over the 16 MiB limit for an article: pass --max-size 32MiB to take it"
        );
        assert_eq!(
            MaxSize::DEFAULT.refusal("/dev/zero", None),
            "/dev/zero is over the 16 MiB limit for an article: pass --max-size 32MiB to take it"
        );
        // Rounding would hide the difference: the bytes are said too.
        assert!(
            MaxSize::DEFAULT
                .refusal("a.txt", Some((16 << 20) + 1))
                .starts_with("a.txt is 16.0 MiB (16777217 bytes), over the 16 MiB limit")
        );
        assert_eq!(
            MaxSize(1000).refusal("the line", Some(2765)),
            "the line is 2.7 KiB, over the 1000 bytes limit for an article: pass --max-size 4KiB to take it"
        );
    }
}
