//! Files the commands write (reports, evidence, archives): whole or not at all, made as any file
//! the user makes (their umask decides who may read a published report), and refused with the fix
//! when the path cannot be one.

use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};
use tempfile::NamedTempFile;

/// Whether `-o`/`FILE` names standard output.
pub(crate) fn is_stdout(path: &Path) -> bool {
    path.as_os_str() == "-"
}

/// A temporary file beside `path`, to be renamed over it by [`persist`] once complete.
pub(crate) fn temp_beside(path: &Path) -> Result<NamedTempFile> {
    if path.is_dir() {
        bail!(
            "{} is a folder: give the path of a file to write",
            path.display()
        );
    }
    let dir = folder_of(path);
    if !dir.is_dir() {
        bail!(
            "cannot write {}: the folder {} does not exist (create it, or give another path)",
            path.display(),
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

/// Renames a complete temporary file over `path`.
pub(crate) fn persist(temp: NamedTempFile, path: &Path) -> Result<()> {
    temp.persist(path)
        .map_err(|err| err.error)
        .with_context(|| format!("cannot write {}", path.display()))?;
    Ok(())
}

/// Writes through a temporary file and a rename, so a reader never sees half a file.
pub(crate) fn write_atomically(path: &Path, bytes: &[u8]) -> Result<()> {
    let mut temp = temp_beside(path)?;
    temp.write_all(bytes)
        .with_context(|| format!("cannot write {}", path.display()))?;
    persist(temp, path)
}

/// The folder a file is written in.
pub(crate) fn folder_of(path: &Path) -> PathBuf {
    match path.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent.to_owned(),
        _ => PathBuf::from("."),
    }
}
