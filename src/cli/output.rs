//! Files the commands write (reports, evidence, archives): whole or not at all, made as any file
//! the user makes (their umask decides who may read a published report), and refused with the fix
//! when the path cannot be one.
//!
//! Only a regular file (or a path where nothing is yet) is replaced by a rename: a temporary file
//! is written beside it and renamed over it once complete. A character device (`/dev/null`, a
//! terminal) or a named pipe is written in place, as a stream: renaming over it would replace the
//! system's device with a file, or leave the pipe's reader with nothing. A symbolic link is
//! followed: the file it points to is replaced and the link kept, as an editor saving through the
//! link would do. Anything else (a folder, a socket, a block device) is refused before anything
//! is made.

use std::fs::{File, OpenOptions};
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};
use tempfile::NamedTempFile;

/// Whether `-o`/`FILE` names standard output.
pub(crate) fn is_stdout(path: &Path) -> bool {
    path.as_os_str() == "-"
}

/// A file being written: either a temporary file that becomes `path` by [`Output::finish`], or
/// a device or pipe written as it goes.
pub(crate) struct Output {
    /// The path the user gave, for messages.
    shown: PathBuf,
    sink: Sink,
}

enum Sink {
    Replace {
        temp: NamedTempFile,
        target: PathBuf,
    },
    Stream(File),
}

impl Output {
    /// Opens `path` for writing as its kind allows (see the module's documentation).
    pub(crate) fn create(path: &Path) -> Result<Output> {
        let target = follow_links(path)?;
        let sink = match std::fs::metadata(&target) {
            Ok(meta) if meta.is_file() => Sink::Replace {
                temp: temp_beside(path, &target)?,
                target,
            },
            Ok(meta) if meta.is_dir() => bail!(
                "{} is a folder: give the path of a file to write",
                path.display()
            ),
            Ok(meta) => match special_kind(&meta) {
                Special::Stream => Sink::Stream(
                    OpenOptions::new()
                        .write(true)
                        .open(&target)
                        .with_context(|| format!("cannot write {}", path.display()))?,
                ),
                Special::Refused(what) => bail!(
                    "{} is {what}, which factdesk does not write to: give the path of a file, or - for standard output",
                    path.display()
                ),
            },
            Err(err) if err.kind() == io::ErrorKind::NotFound => Sink::Replace {
                temp: temp_beside(path, &target)?,
                target,
            },
            Err(err) => {
                return Err(err).with_context(|| format!("cannot write {}", path.display()));
            }
        };
        Ok(Output {
            shown: path.to_owned(),
            sink,
        })
    }

    /// Where the bytes go until [`Output::finish`].
    pub(crate) fn file(&self) -> &File {
        match &self.sink {
            Sink::Replace { temp, .. } => temp.as_file(),
            Sink::Stream(file) => file,
        }
    }

    /// Makes the written bytes the file's: syncs them (when `durable`) and renames the temporary
    /// file over the target. Dropping an `Output` unfinished leaves the target as it was (a
    /// stream keeps what was already written to it).
    pub(crate) fn finish(self, durable: bool) -> Result<()> {
        let cannot = || format!("cannot write {}", self.shown.display());
        match self.sink {
            Sink::Replace { temp, target } => {
                if durable {
                    temp.as_file().sync_all().with_context(cannot)?;
                }
                temp.persist(&target)
                    .map_err(|err| err.error)
                    .with_context(cannot)?;
                if durable {
                    sync_folder(&folder_of(&target));
                }
            }
            Sink::Stream(mut file) => file.flush().with_context(cannot)?,
        }
        Ok(())
    }
}

/// Writes `bytes` to `path` whole (a reader never sees half a file), or to a device or pipe.
pub(crate) fn write_file(path: &Path, bytes: &[u8]) -> Result<()> {
    stage_file(path, bytes)?.commit()
}

/// A file written whole beside its target and not yet in its place: several such files appear
/// together by [`Staged::commit`] once every one of them is written (`report --all`'s pages and
/// their index), and dropping them leaves every target as it was. Holds no open file.
pub(crate) struct Staged(Option<(tempfile::TempPath, PathBuf, PathBuf)>);

/// Writes `bytes` for `path` as [`write_file`] does, leaving a regular file's rename to
/// [`Staged::commit`]; a device or pipe is written at once.
pub(crate) fn stage_file(path: &Path, bytes: &[u8]) -> Result<Staged> {
    let output = Output::create(path)?;
    output
        .file()
        .write_all(bytes)
        .with_context(|| format!("cannot write {}", path.display()))?;
    match output.sink {
        Sink::Replace { temp, target } => {
            Ok(Staged(Some((temp.into_temp_path(), target, output.shown))))
        }
        Sink::Stream(mut file) => {
            file.flush()
                .with_context(|| format!("cannot write {}", path.display()))?;
            Ok(Staged(None))
        }
    }
}

impl Staged {
    /// Puts the file in its place.
    pub(crate) fn commit(self) -> Result<()> {
        if let Some((temp, target, shown)) = self.0 {
            temp.persist(&target)
                .map_err(|err| err.error)
                .with_context(|| format!("cannot write {}", shown.display()))?;
        }
        Ok(())
    }
}

enum Special {
    Stream,
    Refused(&'static str),
}

#[cfg(unix)]
fn special_kind(meta: &std::fs::Metadata) -> Special {
    use std::os::unix::fs::FileTypeExt;
    let kind = meta.file_type();
    if kind.is_char_device() || kind.is_fifo() {
        Special::Stream
    } else if kind.is_socket() {
        Special::Refused("a socket")
    } else if kind.is_block_device() {
        Special::Refused("a block device (a disk)")
    } else {
        Special::Refused("not a regular file")
    }
}

#[cfg(not(unix))]
fn special_kind(_: &std::fs::Metadata) -> Special {
    Special::Refused("not a regular file")
}

/// The path a chain of symbolic links ends at (`path` itself when it is no link). A link whose
/// target does not exist yet is followed too: the file is made where the link points.
fn follow_links(path: &Path) -> Result<PathBuf> {
    // The kernel's own limit on a chain of links.
    const MAX_LINKS: usize = 40;
    let mut current = path.to_owned();
    for _ in 0..MAX_LINKS {
        match std::fs::symlink_metadata(&current) {
            Ok(meta) if meta.file_type().is_symlink() => {
                let next = std::fs::read_link(&current)
                    .with_context(|| format!("cannot read the link {}", current.display()))?;
                current = if next.is_absolute() {
                    next
                } else {
                    folder_of(&current).join(next)
                };
            }
            _ => return Ok(current),
        }
    }
    bail!(
        "{} is a chain of more than {MAX_LINKS} symbolic links (a loop?): give the path of a file",
        path.display()
    )
}

/// A temporary file beside `target` (the file `shown` names or links to), to be renamed over it.
fn temp_beside(shown: &Path, target: &Path) -> Result<NamedTempFile> {
    let dir = folder_of(target);
    if !dir.is_dir() {
        bail!(
            "cannot write {}: the folder {} does not exist (create it, or give another path)",
            shown.display(),
            dir.display()
        );
    }
    let mut builder = tempfile::Builder::new();
    builder.prefix(".factdesk-");
    // tempfile's default is owner-only; a report is meant to be read by others, as the umask
    // allows.
    #[cfg(unix)]
    builder.permissions(std::os::unix::fs::PermissionsExt::from_mode(0o666));
    builder
        .tempfile_in(&dir)
        .with_context(|| format!("cannot write in {}", dir.display()))
}

/// The folder a file is written in.
fn folder_of(path: &Path) -> PathBuf {
    match path.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent.to_owned(),
        _ => PathBuf::from("."),
    }
}

/// Makes a rename durable; a failure here cannot lose the file's bytes, only delay its name.
fn sync_folder(dir: &Path) {
    if let Ok(handle) = File::open(dir) {
        let _ = handle.sync_all();
    }
}
