//! Backups: the whole store as one self-describing, versioned, checksummed JSON-lines archive.
//!
//! Format `factdesk-archive` version 1, one JSON object a line, each with a `kind`:
//!
//! 1. `{"kind":"header","format":"factdesk-archive","version":1,"store_format":1,"trees":[..],
//!    "key_encoding":"hex","value_encoding":"base64"}`
//! 2. one `{"kind":"record","tree":T,"key":HEX,"value":BASE64}` per stored value, trees in the
//!    header's order, keys in byte order within a tree: the order sled iterates in, so the same
//!    store always gives the same bytes. The value is the stored envelope as it is on disk
//!    (`codec`: magic, versions, BLAKE3, bincode payload), copied untouched: events keep their
//!    hashes and every record its bytes, so the restored audit chain is the original one.
//! 3. `{"kind":"trailer","records":N,"counts":{tree:n},"audit_head":{"seq":S,"hash":HEX},
//!    "blake3":HEX}`, the BLAKE3 of every byte before the trailer line.
//!
//! Nothing in it depends on the clock, so export → import → export is byte-identical.
//!
//! Import refuses a directory that is not empty and reads the archive twice, one line at a time,
//! so that its memory does not grow with the archive (a 100k-article store's archive is several
//! GB). The first pass checks the whole archive (checksum, counts, every envelope against its
//! tree) and writes nothing; the second writes the records in bounded batches; then the audit
//! chain is verified before the store is declared usable. The batches are not atomic together:
//! a marker file ([`IMPORT_MARKER`]) is, existing from before the first batch until after the
//! verification. A store that still has it is refused by [`Store::open`], so an import killed
//! half-way can never be mistaken for a complete store.

use std::collections::BTreeMap;
use std::fs::{self, File};
use std::io::{self, BufRead, Seek, Write};
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::engine::{Batch, Tree};
use super::keys::hex;
use super::records::{
    ArticleRecord, AssignmentRecord, ClaimRecord, ConfigRecord, EventRecord, EvidenceRecord,
    FormatRecord, HeadRecord, OccurrencePack, OccurrenceRecord, ReferenceRecord, ReviewRecord,
    RevisionRecord, TokenRecord, UserRecord, WebhookRecord, WorkflowRecord,
};
use super::verify::AuditFailure;
use super::{
    FORMAT_VERSION, MAX_EVIDENCE_BYTES, Store, StoreError, TREE_NAMES, decode_in, keys, sync_dir,
};
use crate::model::{AuditHead, Hash32};

/// The `format` named in an archive's header.
pub const ARCHIVE_FORMAT: &str = "factdesk-archive";
/// The archive version this build writes and the highest it reads.
pub const ARCHIVE_VERSION: u32 = 1;
/// The file that marks a store whose import has not finished.
pub const IMPORT_MARKER: &str = "import-incomplete";

/// Why an export or an import failed.
#[derive(Debug, thiserror::Error)]
pub enum ArchiveError {
    /// The store could not be read or written.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// The store fails `audit verify`; a backup of it could never be restored.
    #[error(
        "the store fails audit verification at {0}; nothing was exported: restore the store from a backup"
    )]
    Unverified(AuditFailure),
    /// The restored store fails `audit verify` (the archive was consistent but its records are not).
    #[error(
        "the imported records fail audit verification at {failure}; the store at {} is left marked incomplete",
        path.display()
    )]
    ImportUnverified {
        /// What `audit verify` found.
        failure: AuditFailure,
        /// The target store.
        path: PathBuf,
    },
    /// The archive read differently on the second pass of an import than on the first.
    #[error(
        "the archive changed while it was being imported; the store at {} is left marked incomplete: delete it and import again from an archive no one is writing",
        path.display()
    )]
    Changed {
        /// The target store.
        path: PathBuf,
    },
    /// The archive cannot be read twice, as an import does.
    #[error(
        "cannot read the archive twice ({0}): import needs a file, not a pipe; save the archive to a file first"
    )]
    Unseekable(#[source] io::Error),
    /// Writing the archive failed.
    #[error("cannot write the archive: {0}")]
    Write(#[source] io::Error),
    /// Reading the archive failed.
    #[error("cannot read the archive: {0}")]
    Read(#[source] io::Error),
    /// A line is not what the format says.
    #[error("line {line}: {detail}")]
    Malformed {
        /// 1-based line number.
        line: u64,
        /// What is wrong with it.
        detail: String,
    },
    /// The trailer's checksum does not match the lines before it.
    #[error(
        "line {line}: the archive's checksum does not match its contents: the file was altered or damaged"
    )]
    Checksum {
        /// The trailer's line.
        line: u64,
    },
    /// The file ends before the trailer.
    #[error(
        "the archive ends after line {line} without its trailer: it is incomplete (an interrupted copy or export?)"
    )]
    Truncated {
        /// The last line read.
        line: u64,
    },
    /// Written by a newer factdesk.
    #[error(
        "the archive was written by a newer factdesk ({what} {found}; this build reads up to {supported}): upgrade factdesk"
    )]
    Newer {
        /// Which version number.
        what: &'static str,
        /// Found in the archive.
        found: u32,
        /// The highest this build reads.
        supported: u32,
    },
    /// The import target holds something already.
    #[error(
        "cannot import into {}: the directory is not empty; import only into a new or empty directory",
        path.display()
    )]
    NotEmpty {
        /// The target.
        path: PathBuf,
    },
}

/// What an export wrote or an import restored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ArchiveSummary {
    /// Records in the archive.
    pub records: u64,
    /// Records per tree, in the archive's order.
    pub counts: Vec<(String, u64)>,
    /// The audit head the archive holds.
    pub head: AuditHead,
}

#[derive(Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "lowercase", deny_unknown_fields)]
enum Line {
    Header {
        format: String,
        version: u32,
        store_format: u32,
        trees: Vec<String>,
        key_encoding: String,
        value_encoding: String,
    },
    Record {
        tree: String,
        key: String,
        value: String,
    },
    Trailer {
        records: u64,
        counts: BTreeMap<String, u64>,
        audit_head: HeadView,
        blake3: String,
    },
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct HeadView {
    seq: u64,
    hash: String,
}

/// Hashes everything written through it.
struct HashingWriter<W> {
    inner: W,
    hasher: blake3::Hasher,
}

impl<W: Write> HashingWriter<W> {
    fn line(&mut self, line: &Line) -> Result<(), ArchiveError> {
        let mut text = serde_json::to_vec(line)
            .map_err(|err| ArchiveError::Write(io::Error::other(err.to_string())))?;
        text.push(b'\n');
        self.hasher.update(&text);
        self.inner.write_all(&text).map_err(ArchiveError::Write)
    }
}

impl Store {
    /// Writes the whole store to `out` as an archive (see the module docs), after checking that it
    /// passes `audit verify`: a backup that could not be restored is worse than none.
    pub fn export(&self, out: &mut dyn Write) -> Result<ArchiveSummary, ArchiveError> {
        if let Err(failure) = self.verify(None)? {
            return Err(ArchiveError::Unverified(failure));
        }
        let head = self.head()?;
        let mut out = HashingWriter {
            inner: out,
            hasher: blake3::Hasher::new(),
        };
        out.line(&Line::Header {
            format: ARCHIVE_FORMAT.to_owned(),
            version: ARCHIVE_VERSION,
            store_format: self.format()?,
            trees: TREE_NAMES.iter().map(|t| (*t).to_owned()).collect(),
            key_encoding: "hex".to_owned(),
            value_encoding: "base64".to_owned(),
        })?;
        let mut counts = Vec::new();
        let mut records = 0;
        for (name, tree) in self.trees.named() {
            let mut count = 0;
            // Iterated with `?` at every item: a damaged tree stops the export at once.
            for item in tree.iter() {
                let (key, value) = item?;
                out.line(&Line::Record {
                    tree: name.to_owned(),
                    key: hex(&key),
                    value: base64::Engine::encode(&BASE64, &value),
                })?;
                count += 1;
            }
            records += count;
            counts.push((name.to_owned(), count));
        }
        let digest = out.hasher.finalize();
        out.line(&Line::Trailer {
            records,
            counts: counts.iter().cloned().collect(),
            audit_head: HeadView {
                seq: head.seq,
                hash: head.hash.to_hex(),
            },
            blake3: digest.to_hex().to_string(),
        })?;
        out.inner.flush().map_err(ArchiveError::Write)?;
        Ok(ArchiveSummary {
            records,
            counts,
            head,
        })
    }

    /// Restores an archive into `dir`, which must not exist or be empty.
    ///
    /// `input` is read twice from its start, so memory stays that of one line and one batch
    /// whatever the archive's size. The first pass checks everything (header, every line and
    /// record, counts, checksum) and writes nothing: a bad archive leaves `dir` as it was. The
    /// second pass writes the records in batches of at most `BATCH_RECORDS` records or
    /// `BATCH_BYTES` bytes, and must read exactly the bytes the first pass checked.
    /// The audit chain is then verified and must end at the head the archive names. The whole
    /// import is made atomic by [`IMPORT_MARKER`], created before the first batch and removed
    /// only after that verification: a killed import leaves a directory every command refuses.
    pub fn import<R: BufRead + Seek>(
        dir: &Path,
        input: &mut R,
    ) -> Result<ArchiveSummary, ArchiveError> {
        let io_err = |source| StoreError::Io {
            path: dir.to_owned(),
            source,
        };
        super::refuse_file(dir)?;
        if dir.exists() {
            let mut entries = fs::read_dir(dir).map_err(io_err)?;
            if entries.next().is_some() {
                return Err(ArchiveError::NotEmpty {
                    path: dir.to_owned(),
                });
            }
        }
        // A pipe would fail only at the second pass, after the target was created.
        input.rewind().map_err(ArchiveError::Unseekable)?;
        let checked = check_archive(input)?;

        fs::create_dir_all(dir).map_err(io_err)?;
        let marker = dir.join(IMPORT_MARKER);
        let marker_file = File::create(&marker).map_err(io_err)?;
        marker_file.sync_all().map_err(io_err)?;
        sync_dir(dir).map_err(io_err)?;

        let store = Store::open_unchecked(dir, std::time::Duration::ZERO)?;
        input.rewind().map_err(ArchiveError::Read)?;
        if let Err(err) = store.write_archive(input, &checked) {
            if let ArchiveError::Store(err) = &err {
                store.note_failure(err);
            }
            return Err(err);
        }
        let unverified = |failure| ArchiveError::ImportUnverified {
            failure,
            path: dir.to_owned(),
        };
        match store.verify(None)? {
            Ok(head) if head == checked.head => {}
            Ok(head) => {
                return Err(unverified(AuditFailure {
                    tree: "meta".into(),
                    at: "head".into(),
                    reason: format!(
                        "the restored head is event {} but the archive names event {}",
                        head.seq, checked.head.seq
                    ),
                }));
            }
            Err(failure) => return Err(unverified(failure)),
        }
        // What the archived store's webhooks were told is not told again from the restored one.
        store.start_outbox_at(checked.head.seq)?;
        drop(store);
        fs::remove_file(&marker).map_err(io_err)?;
        sync_dir(dir).map_err(io_err)?;
        Ok(ArchiveSummary {
            records: checked.records,
            counts: checked.counts,
            head: checked.head,
        })
    }

    /// The second pass of [`Store::import`]: writes every record of an archive already checked,
    /// in bounded batches, and flushes them. An archive without event index rows (made before the
    /// index existed) gets them derived from its events, as opening an older store does.
    fn write_archive(
        &self,
        input: &mut dyn BufRead,
        checked: &Checked,
    ) -> Result<(), ArchiveError> {
        let derive_index = checked.count(EVENT_INDEX_TREE) == 0;
        let mut records = BatchWriter::new(self.trees.all());
        let mut derived = BatchWriter::new(self.trees.all());
        let again = read_archive(input, &mut |tree, key, value, _| {
            if derive_index && TREE_NAMES[tree] == "events" {
                let event: EventRecord = decode_in("events", &key, &value)?;
                if let Some(row) = keys::event_index(&event.kind, event.seq) {
                    derived.insert(EVENT_INDEX_TREE, row, Vec::new())?;
                }
            }
            records.insert(tree, key, value)?;
            Ok(())
        });
        // The first pass proved the archive whole; reading other bytes now means the file was
        // replaced or changed under us, and what was written cannot be trusted.
        match again {
            Ok(again) if again.digest == checked.digest => {}
            Ok(_)
            | Err(
                ArchiveError::Malformed { .. }
                | ArchiveError::Checksum { .. }
                | ArchiveError::Truncated { .. }
                | ArchiveError::Newer { .. },
            ) => {
                return Err(ArchiveError::Changed {
                    path: self.path.clone(),
                });
            }
            Err(err) => return Err(err),
        }
        records.apply()?;
        derived.apply()?;
        self.db.flush()?;
        Ok(())
    }
}

/// Records in one batch of an import or a compaction at most. sled holds a batch in memory until
/// it is applied, so this (with [`BATCH_BYTES`]) bounds their memory; a thousand records of the usual
/// few hundred bytes are well under a megabyte, and a batch costs one pass through sled's
/// write lock, so larger ones would save little.
const BATCH_RECORDS: usize = 1_000;
/// Bytes of keys and values in one import batch at most, for archives of large values (evidence
/// files, long revisions): a batch is applied as soon as it reaches either bound.
const BATCH_BYTES: usize = 4 << 20;

/// The index in [`TREE_NAMES`] of the derived event index.
const EVENT_INDEX_TREE: usize = 9;
const _: () = assert!(matches!(
    TREE_NAMES[EVENT_INDEX_TREE].as_bytes(),
    b"event_index"
));

/// Writes records to one tree at a time in batches of bounded size (see [`BATCH_RECORDS`]):
/// an import into its store, a compaction into its copy. Trees are numbered as [`TREE_NAMES`].
pub(super) struct BatchWriter {
    trees: [Tree; TREE_NAMES.len()],
    tree: usize,
    batch: Batch,
    records: usize,
    bytes: usize,
}

impl BatchWriter {
    pub(super) fn new(trees: [Tree; TREE_NAMES.len()]) -> BatchWriter {
        BatchWriter {
            trees,
            tree: 0,
            batch: Batch::default(),
            records: 0,
            bytes: 0,
        }
    }

    pub(super) fn insert(
        &mut self,
        tree: usize,
        key: impl AsRef<[u8]>,
        value: impl AsRef<[u8]>,
    ) -> Result<(), StoreError> {
        if tree != self.tree || self.records >= BATCH_RECORDS || self.bytes >= BATCH_BYTES {
            self.apply()?;
            self.tree = tree;
        }
        self.records += 1;
        self.bytes += key.as_ref().len() + value.as_ref().len();
        self.batch.insert(key, value);
        Ok(())
    }

    /// Applies what is left; to call once the last record is in.
    pub(super) fn apply(&mut self) -> Result<(), StoreError> {
        if self.records == 0 {
            return Ok(());
        }
        let batch = std::mem::take(&mut self.batch);
        self.records = 0;
        self.bytes = 0;
        self.trees[self.tree].apply(batch)
    }
}

/// What reading a whole archive found: its trailer's figures, confirmed against its lines.
struct Checked {
    records: u64,
    counts: Vec<(String, u64)>,
    head: AuditHead,
    /// The BLAKE3 of every byte before the trailer.
    digest: blake3::Hash,
}

impl Checked {
    fn count(&self, tree: usize) -> u64 {
        self.counts[tree].1
    }
}

/// Checks a whole archive as an import's first pass does (header, every line, every envelope
/// against its tree, counts, checksum) without writing anything: what an import would restore,
/// or why it would refuse the archive.
pub fn check_archive_stream(input: &mut dyn BufRead) -> Result<ArchiveSummary, ArchiveError> {
    let checked = check_archive(input)?;
    Ok(ArchiveSummary {
        records: checked.records,
        counts: checked.counts,
        head: checked.head,
    })
}

/// The first pass of an import: reads the whole archive and checks every record's envelope
/// against its tree, keeping nothing but counters and the hasher.
fn check_archive(input: &mut dyn BufRead) -> Result<Checked, ArchiveError> {
    // Values are judged only once the checksum holds, so a damaged file is reported as damaged,
    // not as whatever its damaged bytes happen to look like: the first bad record waits here.
    let mut first_bad = None;
    // Evidence files (by hash, with their line) and the hashes reviews name: few, so kept whole.
    let mut evidence_lines = BTreeMap::new();
    let mut named_evidence = std::collections::HashSet::new();
    let checked = read_archive(input, &mut |tree, key, value, line| {
        if TREE_NAMES[tree] == "evidence" {
            evidence_lines.insert(key.clone(), line);
        }
        if first_bad.is_none()
            && let Err(err) = check_value(TREE_NAMES[tree], &key, &value, &mut |hash| {
                named_evidence.insert(hash);
            })
        {
            first_bad = Some(match err {
                StoreError::NewerFormat {
                    found, supported, ..
                } => ArchiveError::Newer {
                    what: "record schema",
                    found,
                    supported,
                },
                other => ArchiveError::Malformed {
                    line,
                    detail: other.to_string(),
                },
            });
        }
        Ok(())
    })?;
    if let Some(err) = first_bad {
        return Err(err);
    }
    // Every evidence file is written with the review or revision that names it: one nothing
    // names was slipped in, and would be carried by every later backup.
    let unnamed = evidence_lines.iter().find(|(hash, _)| {
        !<[u8; 32]>::try_from(hash.as_slice()).is_ok_and(|hash| named_evidence.contains(&hash))
    });
    if let Some((hash, &line)) = unnamed {
        return Err(ArchiveError::Malformed {
            line,
            detail: format!(
                "evidence file {} is named by no review or revision: the archive was altered (factdesk never writes one alone)",
                hex(hash)
            ),
        });
    }
    Ok(checked)
}

/// Reads an archive from its first line to its end: checks the header, the shape of every line,
/// the trailer's counts and checksum and that nothing follows it, and hands each record to
/// `record` (its tree's index in [`TREE_NAMES`], key, value, line number) as it is read. Holds one
/// line at a time.
fn read_archive(
    input: &mut dyn BufRead,
    record: &mut dyn FnMut(usize, Vec<u8>, Vec<u8>, u64) -> Result<(), ArchiveError>,
) -> Result<Checked, ArchiveError> {
    let mut hasher = blake3::Hasher::new();
    let mut buf = Vec::new();
    let mut line_no = 0u64;
    let mut records = 0u64;
    let mut counts: Vec<(String, u64)> = TREE_NAMES.iter().map(|t| ((*t).to_owned(), 0)).collect();
    let mut seen_header = false;
    loop {
        buf.clear();
        let read = input
            .read_until(b'\n', &mut buf)
            .map_err(ArchiveError::Read)?;
        if read == 0 {
            return Err(ArchiveError::Truncated { line: line_no });
        }
        line_no += 1;
        let malformed = |detail: String| ArchiveError::Malformed {
            line: line_no,
            detail,
        };
        if buf.last() != Some(&b'\n') {
            return Err(ArchiveError::Truncated { line: line_no });
        }
        let line: Line = serde_json::from_slice(&buf).map_err(|err| {
            malformed(format!(
                "not an archive line ({err}): is this a factdesk archive?"
            ))
        })?;
        match line {
            Line::Header {
                format,
                version,
                store_format,
                trees,
                key_encoding,
                value_encoding,
            } if !seen_header => {
                if format != ARCHIVE_FORMAT {
                    return Err(malformed(format!(
                        "the header names format `{format}`, not `{ARCHIVE_FORMAT}`"
                    )));
                }
                if version > ARCHIVE_VERSION {
                    return Err(ArchiveError::Newer {
                        what: "archive version",
                        found: version,
                        supported: ARCHIVE_VERSION,
                    });
                }
                if store_format > FORMAT_VERSION {
                    return Err(ArchiveError::Newer {
                        what: "store format",
                        found: store_format,
                        supported: FORMAT_VERSION,
                    });
                }
                if version != ARCHIVE_VERSION
                    || key_encoding != "hex"
                    || value_encoding != "base64"
                    || trees.iter().any(|t| !TREE_NAMES.contains(&t.as_str()))
                {
                    return Err(malformed(
                        "the header describes an archive this build does not know".into(),
                    ));
                }
                seen_header = true;
            }
            _ if !seen_header => {
                return Err(malformed(
                    "the first line is not an archive header: is this a factdesk archive?".into(),
                ));
            }
            Line::Header { .. } => return Err(malformed("a second header".into())),
            Line::Record { tree, key, value } => {
                let Some(index) = TREE_NAMES.iter().position(|t| *t == tree) else {
                    return Err(malformed(format!("unknown tree `{tree}`")));
                };
                let key = unhex(&key).ok_or_else(|| malformed("the key is not hex".into()))?;
                let value = base64::Engine::decode(&BASE64, &value)
                    .map_err(|_| malformed("the value is not base64".into()))?;
                counts[index].1 += 1;
                records += 1;
                record(index, key, value, line_no)?;
            }
            Line::Trailer {
                records: total,
                counts: trailer_counts,
                audit_head,
                blake3,
            } => {
                let digest = hasher.finalize();
                if digest.to_hex().as_str() != blake3 {
                    return Err(ArchiveError::Checksum { line: line_no });
                }
                // An archive made before a tree existed (the event index) does not list it; its
                // count is then zero, and the tree is rebuilt from the log at open.
                let ours: BTreeMap<String, u64> = counts
                    .iter()
                    .filter(|(tree, n)| *n > 0 || trailer_counts.contains_key(tree))
                    .cloned()
                    .collect();
                if total != records || trailer_counts != ours {
                    return Err(malformed(
                        "the trailer's counts do not match the records".into(),
                    ));
                }
                let hash = Hash32::from_hex(&audit_head.hash).ok_or_else(|| {
                    malformed("the audit head's hash is not 64 hex digits".into())
                })?;
                buf.clear();
                if input
                    .read_until(b'\n', &mut buf)
                    .map_err(ArchiveError::Read)?
                    != 0
                {
                    return Err(ArchiveError::Malformed {
                        line: line_no + 1,
                        detail: "data after the trailer".into(),
                    });
                }
                return Ok(Checked {
                    records,
                    counts,
                    head: AuditHead {
                        seq: audit_head.seq,
                        hash,
                    },
                    digest,
                });
            }
        }
        hasher.update(&buf);
    }
}

/// Checks that `value` is an intact envelope of the record type `tree` holds at `key`, decoding
/// it fully: what `import` runs on every line, and what the record-decoder fuzz target drives.
pub fn check_record(tree: &str, key: &[u8], value: &[u8]) -> Result<(), StoreError> {
    check_value(tree, key, value, &mut |_| {})
}

/// [`check_record`], handing each evidence file the record names (a review's evidence, the page
/// a revision was taken from) to `names_evidence`.
fn check_value(
    tree: &str,
    key: &[u8],
    value: &[u8],
    names_evidence: &mut dyn FnMut([u8; 32]),
) -> Result<(), StoreError> {
    // Before anything inflates it: a deflate bomb must cost its own size, not what it claims.
    super::codec::check_inflation(value).map_err(|err| super::decode_error(tree, key, err))?;
    match tree {
        "meta" if key == keys::META_FORMAT => decode_in::<FormatRecord>(tree, key, value).map(drop),
        "meta" if key == keys::META_HEAD => decode_in::<HeadRecord>(tree, key, value).map(drop),
        "meta" if key == keys::META_WORKFLOW => {
            decode_in::<WorkflowRecord>(tree, key, value).map(drop)
        }
        "meta" if key.starts_with(keys::CONFIG_PREFIX) => {
            decode_in::<ConfigRecord>(tree, key, value).map(drop)
        }
        "meta" if key.starts_with(keys::USER_PREFIX) => {
            decode_in::<UserRecord>(tree, key, value).map(drop)
        }
        "meta" if key.starts_with(keys::TOKEN_PREFIX) => {
            decode_in::<TokenRecord>(tree, key, value).map(drop)
        }
        "meta" if key.starts_with(keys::ASSIGN_PREFIX) => {
            decode_in::<AssignmentRecord>(tree, key, value).map(drop)
        }
        "meta" if key.starts_with(keys::WEBHOOK_PREFIX) => {
            decode_in::<WebhookRecord>(tree, key, value).map(drop)
        }
        "meta" if key.starts_with(keys::REFERENCE_PREFIX) => {
            decode_in::<ReferenceRecord>(tree, key, value).map(drop)
        }
        "articles" => decode_in::<ArticleRecord>(tree, key, value).map(drop),
        "revisions" => {
            let revision: RevisionRecord = decode_in(tree, key, value)?;
            revision.raw_source.into_iter().for_each(names_evidence);
            Ok(())
        }
        "claims" => decode_in::<ClaimRecord>(tree, key, value).map(drop),
        // A format-2 pack sits at a revision's key (`slug NUL rev`), a format-1 row after it.
        "occurrences" if keys::is_revision_key(key) => {
            decode_in::<OccurrencePack>(tree, key, value).map(drop)
        }
        "occurrences" => decode_in::<OccurrenceRecord>(tree, key, value).map(drop),
        "reviews" => {
            let review: ReviewRecord = decode_in(tree, key, value)?;
            review.evidence.iter().for_each(|e| names_evidence(e.hash));
            Ok(())
        }
        "events" => decode_in::<EventRecord>(tree, key, value).map(drop),
        "evidence" => {
            let evidence: EvidenceRecord = decode_in(tree, key, value)?;
            if evidence.bytes.len() as u64 > MAX_EVIDENCE_BYTES {
                return Err(super::integrity(
                    tree,
                    key,
                    format!(
                        "an evidence file of {} bytes, over the {} MiB factdesk keeps a file",
                        evidence.bytes.len(),
                        MAX_EVIDENCE_BYTES >> 20
                    ),
                ));
            }
            Ok(())
        }
        "claim_articles" if value.is_empty() => Ok(()),
        // Derived rows (slug NUL seq → nothing), which `audit verify` checks against the log.
        "event_index" if value.is_empty() => Ok(()),
        // Not in archives (operational state, see `store::outbox`); checked here so that the
        // record fuzz loop reaches its records too.
        "outbox" => super::outbox::check_record(key, value),
        _ => Err(super::integrity(tree, key, "not a record this tree holds")),
    }
}

fn unhex(text: &str) -> Option<Vec<u8>> {
    if !text.len().is_multiple_of(2) {
        return None;
    }
    let digit = |c: u8| (c as char).to_digit(16).map(|d| d as u8);
    text.as_bytes()
        .chunks(2)
        .map(|pair| Some(digit(pair[0])? << 4 | digit(pair[1])?))
        .collect()
}

/// Standard base64 with padding (RFC 4648 §4), decoding only what it encodes: canonical padding,
/// no whitespace, no bits set under the padding (two texts never decode to the same bytes).
const BASE64: base64::engine::GeneralPurpose = base64::engine::general_purpose::STANDARD;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_round_trips_every_length_and_matches_rfc_4648() {
        for (plain, encoded) in [
            ("", ""),
            ("f", "Zg=="),
            ("fo", "Zm8="),
            ("foo", "Zm9v"),
            ("foob", "Zm9vYg=="),
            ("fooba", "Zm9vYmE="),
            ("foobar", "Zm9vYmFy"),
        ] {
            assert_eq!(base64::Engine::encode(&BASE64, plain.as_bytes()), encoded);
            assert_eq!(
                base64::Engine::decode(&BASE64, encoded).ok().as_deref(),
                Some(plain.as_bytes())
            );
        }
        let mut state = 0x9e37_79b9_7f4a_7c15u64;
        for len in 0..300 {
            let bytes: Vec<u8> = (0..len)
                .map(|_| {
                    state ^= state << 13;
                    state ^= state >> 7;
                    state ^= state << 17;
                    state as u8
                })
                .collect();
            let encoded = base64::Engine::encode(&BASE64, &bytes);
            assert_eq!(base64::Engine::decode(&BASE64, encoded).ok(), Some(bytes));
        }
        for bad in ["Zg=", "Zg=a", "Z===", "Zh==", "Zm9v\n", "Zg==Zg=="] {
            assert!(base64::Engine::decode(&BASE64, bad).is_err(), "{bad}");
        }
    }

    /// Serves `first` until rewound twice (once before each pass of an import), then `second`:
    /// an archive file replaced or rewritten while it is imported.
    struct Replaced {
        first: io::Cursor<Vec<u8>>,
        second: io::Cursor<Vec<u8>>,
        rewinds: u32,
    }

    impl Replaced {
        fn current(&mut self) -> &mut io::Cursor<Vec<u8>> {
            if self.rewinds >= 2 {
                &mut self.second
            } else {
                &mut self.first
            }
        }
    }

    impl io::Read for Replaced {
        fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
            self.current().read(buf)
        }
    }

    impl BufRead for Replaced {
        fn fill_buf(&mut self) -> io::Result<&[u8]> {
            self.current().fill_buf()
        }

        fn consume(&mut self, amount: usize) {
            self.current().consume(amount);
        }
    }

    impl Seek for Replaced {
        fn seek(&mut self, pos: io::SeekFrom) -> io::Result<u64> {
            self.rewinds += 1;
            self.second.seek(pos)?;
            self.first.seek(pos)
        }
    }

    #[test]
    fn an_archive_that_changes_between_the_passes_leaves_a_refused_store() {
        let golden = |format: u32| {
            let path = Path::new(env!("CARGO_MANIFEST_DIR"))
                .join(format!("tests/golden/archive-v{format}.jsonl"));
            fs::read(path).expect("golden archive")
        };
        let whole = golden(2);
        let cut = whole[..whole.len() / 2].to_vec();
        // Cut short, or another archive entirely (valid, but not the bytes that were checked).
        for second in [cut, golden(1)] {
            let dir = tempfile::tempdir().expect("temp dir");
            let target = dir.path().join("store");
            let mut input = Replaced {
                first: io::Cursor::new(whole.clone()),
                second: io::Cursor::new(second),
                rewinds: 0,
            };
            let err = Store::import(&target, &mut input).expect_err("refused");
            assert!(matches!(err, ArchiveError::Changed { .. }), "{err}");
            assert!(target.join(IMPORT_MARKER).exists());
            assert!(matches!(
                Store::open(&target),
                Err(StoreError::ImportIncomplete { .. })
            ));
        }
    }

    #[test]
    fn hex_round_trips() {
        assert_eq!(hex(&[0, 0xab, 0xff]), "00abff");
        assert_eq!(unhex("00abff"), Some(vec![0, 0xab, 0xff]));
        assert_eq!(unhex("0g"), None);
        assert_eq!(unhex("abc"), None);
    }
}
