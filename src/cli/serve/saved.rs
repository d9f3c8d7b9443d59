//! Pages the newsroom saved already (`serve --saved-pages DIR`): a new revision named by its
//! address is read from DIR, laid out as `wget --mirror` leaves it (`DIR/HOST/PATH`, a folder's
//! page as `index.html`), so the desk never fetches anything from the network. The address only
//! chooses among the files under DIR: every segment is checked, and the file found must still be
//! under DIR once links are followed.

use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use axum::http::StatusCode;

use super::Failure;

/// `--saved-pages`, canonical: one server a process, so one folder.
static ROOT: OnceLock<PathBuf> = OnceLock::new();

/// Takes the saved pages from `root` (canonical) for the rest of the process.
pub(super) fn configure(root: PathBuf) {
    let _ = ROOT.set(root);
}

/// The folder of saved pages, if the server was given one.
pub(super) fn root() -> Option<&'static Path> {
    ROOT.get().map(PathBuf::as_path)
}

/// The largest saved page read: `ingest`'s default `--max-size`.
const MAX_PAGE_BYTES: u64 = 16 << 20;

/// The saved copy of the page at `address` under `root` (canonical), and its text.
pub(super) fn read_saved(root: &Path, address: &str) -> Result<(PathBuf, String), Failure> {
    let refuse = |why: String| Failure::new(StatusCode::BAD_REQUEST, "bad_request", why);
    let url = url::Url::parse(address.trim())
        .map_err(|err| refuse(format!("`{}` is not a web address: {err}", address.trim())))?;
    if !matches!(url.scheme(), "http" | "https") {
        return Err(refuse(format!(
            "`{url}` is not an http or https address of a saved page"
        )));
    }
    let host = url
        .host_str()
        .ok_or_else(|| refuse(format!("`{url}` names no host")))?;
    let mut relative = PathBuf::from(
        checked_segment(host)
            .ok_or_else(|| refuse(format!("`{host}` cannot be a folder of saved pages")))?,
    );
    let segments: Vec<&str> = url
        .path_segments()
        .map(Iterator::collect)
        .unwrap_or_default();
    let folder = segments.last().is_none_or(|last| last.is_empty());
    for segment in segments.iter().filter(|s| !s.is_empty()) {
        let decoded = percent_decoded(segment)
            .and_then(|s| checked_segment(&s).map(str::to_owned))
            .ok_or_else(|| refuse(format!("`{url}` has a path no saved page can have")))?;
        relative.push(decoded);
    }
    let candidates = if folder {
        vec![relative.join("index.html")]
    } else {
        vec![
            relative.clone(),
            relative.with_extension("html"),
            relative.join("index.html"),
        ]
    };
    let not_saved = || {
        Failure::new(
            StatusCode::NOT_FOUND,
            "not_saved",
            format!(
                "no saved copy of {url} under the saved pages ({}): save it there first (wget --mirror layout), or paste or upload it",
                root.display()
            ),
        )
    };
    for candidate in candidates {
        let Ok(path) = std::fs::canonicalize(root.join(&candidate)) else {
            continue;
        };
        if !path.starts_with(root) {
            return Err(not_saved());
        }
        let Ok(meta) = std::fs::metadata(&path) else {
            continue;
        };
        if !meta.is_file() {
            continue;
        }
        if meta.len() > MAX_PAGE_BYTES {
            return Err(Failure::new(
                StatusCode::PAYLOAD_TOO_LARGE,
                "too_large",
                format!(
                    "the saved copy of {url} is over {} MiB",
                    MAX_PAGE_BYTES >> 20
                ),
            ));
        }
        let mut bytes = Vec::new();
        std::fs::File::open(&path)
            .and_then(|file| file.take(MAX_PAGE_BYTES + 1).read_to_end(&mut bytes))
            .map_err(|err| {
                Failure::new(
                    StatusCode::INTERNAL_SERVER_ERROR,
                    "saved_page_unreadable",
                    format!("cannot read {}: {err}", path.display()),
                )
            })?;
        let text = String::from_utf8(bytes).map_err(|_| {
            refuse(format!(
                "the saved copy of {url} is not UTF-8: save it as UTF-8 HTML"
            ))
        })?;
        return Ok((path, text));
    }
    Err(not_saved())
}

/// A path segment that names a file or folder of its own: not empty, not `.` or `..`, no
/// separator, no NUL.
fn checked_segment(segment: &str) -> Option<&str> {
    let plain = !segment.is_empty()
        && segment != "."
        && segment != ".."
        && !segment.contains(['/', '\\', '\0']);
    plain.then_some(segment)
}

fn percent_decoded(segment: &str) -> Option<String> {
    let bytes = segment.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = std::str::from_utf8(bytes.get(i + 1..i + 3)?).ok()?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

#[cfg(test)]
mod tests {
    use super::read_saved;

    #[test]
    fn an_address_finds_its_saved_page_and_never_a_file_outside() {
        let dir = tempfile::tempdir().expect("temp dir");
        let root = dir.path().join("pages");
        std::fs::create_dir_all(root.join("news.example.org/2026/truce")).expect("dirs");
        std::fs::write(
            root.join("news.example.org/2026/truce/index.html"),
            "<p>a</p>",
        )
        .expect("page");
        std::fs::write(root.join("news.example.org/story.html"), "<p>b</p>").expect("page");
        std::fs::write(dir.path().join("secret.txt"), "no").expect("secret");
        let root = std::fs::canonicalize(&root).expect("canonical");
        let text = |address: &str| read_saved(&root, address).map(|(_, text)| text);
        assert_eq!(
            text("https://news.example.org/2026/truce/").ok().as_deref(),
            Some("<p>a</p>")
        );
        assert_eq!(
            text("https://news.example.org/2026/truce").ok().as_deref(),
            Some("<p>a</p>")
        );
        assert_eq!(
            text("http://news.example.org/story").ok().as_deref(),
            Some("<p>b</p>")
        );
        for hostile in [
            "https://news.example.org/../secret.txt",
            "https://news.example.org/%2e%2e/secret.txt",
            "https://news.example.org/%2e%2e%2fsecret.txt",
            "file:///etc/passwd",
            "https://news.example.org/missing",
        ] {
            assert!(text(hostile).is_err(), "{hostile}");
        }
        std::os::unix::fs::symlink(
            dir.path().join("secret.txt"),
            root.join("news.example.org/link"),
        )
        .expect("link");
        assert!(
            text("https://news.example.org/link").is_err(),
            "a link out of the folder"
        );
    }
}
