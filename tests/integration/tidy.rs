//! Architecture invariants checked mechanically, as rust-analyzer's tidy tests do.

use std::path::{Path, PathBuf};

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("readable src") {
        let path = entry.expect("entry").path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

fn sources() -> Vec<(String, String)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    rust_files(&root.join("src"), &mut files);
    files
        .into_iter()
        .map(|p| {
            let rel = p
                .strip_prefix(root)
                .expect("under root")
                .display()
                .to_string();
            (rel, std::fs::read_to_string(&p).expect("utf-8 source"))
        })
        .collect()
}

fn offenders(pattern: &str, allowed: impl Fn(&str) -> bool) -> Vec<String> {
    sources()
        .into_iter()
        .filter(|(path, text)| !allowed(path) && text.contains(pattern))
        .map(|(path, _)| path)
        .collect()
}

#[test]
fn only_the_store_engine_names_sled() {
    for pattern in ["sled::", "sled;"] {
        assert_eq!(
            offenders(pattern, |p| p == "src/store/engine.rs"),
            Vec::<String>::new(),
            "{pattern}"
        );
    }
}

#[test]
fn only_text_html_names_dom_smoothie() {
    for pattern in ["dom_smoothie::", "dom_smoothie;"] {
        assert_eq!(
            offenders(pattern, |p| p == "src/text/html.rs"),
            Vec::<String>::new(),
            "{pattern}"
        );
    }
}

#[test]
fn reports_never_write() {
    let report = |p: &str| !p.starts_with("src/report/");
    for pattern in [
        ".write(",
        "WriteTx",
        "put_",
        "fs::write",
        "File::create",
        "OpenOptions",
    ] {
        assert_eq!(
            offenders(pattern, report),
            Vec::<String>::new(),
            "{pattern}"
        );
    }
}

#[test]
fn only_store_codec_names_bincode() {
    assert_eq!(
        offenders("bincode::", |p| p == "src/store/codec.rs"),
        Vec::<String>::new()
    );
}

#[test]
fn only_store_codec_names_the_compressor() {
    assert_eq!(
        offenders("miniz_oxide::", |p| p == "src/store/codec.rs"),
        Vec::<String>::new()
    );
}

#[test]
fn only_revision_names_similar() {
    assert_eq!(
        offenders("similar::", |p| p.starts_with("src/revision/")),
        Vec::<String>::new()
    );
}

#[test]
fn only_the_binary_prints_exits_or_reads_the_environment() {
    let binary = |p: &str| p == "src/main.rs" || p.starts_with("src/cli/");
    for pattern in [
        "println!",
        "eprintln!",
        "process::exit",
        "env::var",
        "clap::",
        "anyhow::",
    ] {
        assert_eq!(
            offenders(pattern, binary),
            Vec::<String>::new(),
            "{pattern}"
        );
    }
}

#[test]
fn the_library_never_declares_cli() {
    let lib = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/src/lib.rs"))
        .expect("lib.rs");
    assert!(!lib.contains("mod cli"));
}

#[test]
fn only_webhook_and_forward_name_the_http_client_and_only_webhook_the_signature() {
    for pattern in ["ureq::", "hmac::", "sha2::"] {
        // The command line's client of a running desk (cli::forward) is the binary's own.
        let allowed =
            |p: &str| p == "src/webhook.rs" || (pattern == "ureq::" && p == "src/cli/forward.rs");
        assert_eq!(
            offenders(pattern, allowed),
            Vec::<String>::new(),
            "{pattern}"
        );
    }
}

#[test]
fn only_report_names_the_html_templates() {
    assert_eq!(
        offenders("maud::", |p| p.starts_with("src/report/")),
        Vec::<String>::new()
    );
}

#[test]
fn every_json_output_goes_through_the_escaping_serializer() {
    // The archive's own lines hold only hex, base64 and tree names, and must stay byte-identical.
    let allowed = |p: &str| p == "src/json.rs" || p == "src/store/archive.rs";
    for pattern in [
        "serde_json::to_string",
        "serde_json::to_writer",
        "serde_json::to_vec",
    ] {
        assert_eq!(
            offenders(pattern, allowed),
            Vec::<String>::new(),
            "{pattern}"
        );
    }
}
