//! Every JSON factdesk writes, safe to embed in a web page as it is.
//!
//! A publisher pastes ClaimReview into `<script type="application/ld+json">`, and the desk will
//! embed JSON in its pages: a string holding `</script>` would end the script there and run what
//! follows. So `<`, `>` and `&` are written as `\u003c`, `\u003e` and `\u0026`, and U+2028 and
//! U+2029 (line ends to older JavaScript) as `\u2028` and `\u2029`, in every JSON output, not
//! only those meant for embedding: it changes no value a JSON reader sees, and it costs nothing.
//! Nothing outside this module serializes JSON for output (a tidy test checks that).

use std::io;

use serde::Serialize;
use serde_json::ser::{CompactFormatter, Formatter, PrettyFormatter};

/// `value` as one line of JSON.
pub fn to_string<T: Serialize + ?Sized>(value: &T) -> Result<String, serde_json::Error> {
    write(value, CompactFormatter)
}

/// `value` as indented JSON (two spaces), for documents people read too.
pub fn to_string_pretty<T: Serialize + ?Sized>(value: &T) -> Result<String, serde_json::Error> {
    write(value, PrettyFormatter::new())
}

fn write<T: Serialize + ?Sized, F: Formatter>(
    value: &T,
    formatter: F,
) -> Result<String, serde_json::Error> {
    let mut out = Vec::with_capacity(128);
    let mut serializer = serde_json::Serializer::with_formatter(&mut out, Embeddable(formatter));
    value.serialize(&mut serializer)?;
    // serde_json writes UTF-8 only, and the escapes added here are ASCII.
    Ok(String::from_utf8(out).unwrap_or_default())
}

/// A formatter that writes as `F` does, with the characters a page could mistake for markup or
/// a line end escaped in strings (keys included).
struct Embeddable<F>(F);

impl<F: Formatter> Formatter for Embeddable<F> {
    fn write_string_fragment<W: ?Sized + io::Write>(
        &mut self,
        writer: &mut W,
        fragment: &str,
    ) -> io::Result<()> {
        let mut rest = fragment;
        while let Some(at) = rest.find(['<', '>', '&', '\u{2028}', '\u{2029}']) {
            writer.write_all(&rest.as_bytes()[..at])?;
            let Some(c) = rest[at..].chars().next() else {
                break;
            };
            write!(writer, "\\u{:04x}", u32::from(c))?;
            rest = &rest[at + c.len_utf8()..];
        }
        writer.write_all(rest.as_bytes())
    }

    // What PrettyFormatter does differently from the defaults: its indentation.
    fn begin_array<W: ?Sized + io::Write>(&mut self, writer: &mut W) -> io::Result<()> {
        self.0.begin_array(writer)
    }

    fn end_array<W: ?Sized + io::Write>(&mut self, writer: &mut W) -> io::Result<()> {
        self.0.end_array(writer)
    }

    fn begin_array_value<W: ?Sized + io::Write>(
        &mut self,
        writer: &mut W,
        first: bool,
    ) -> io::Result<()> {
        self.0.begin_array_value(writer, first)
    }

    fn end_array_value<W: ?Sized + io::Write>(&mut self, writer: &mut W) -> io::Result<()> {
        self.0.end_array_value(writer)
    }

    fn begin_object<W: ?Sized + io::Write>(&mut self, writer: &mut W) -> io::Result<()> {
        self.0.begin_object(writer)
    }

    fn end_object<W: ?Sized + io::Write>(&mut self, writer: &mut W) -> io::Result<()> {
        self.0.end_object(writer)
    }

    fn begin_object_key<W: ?Sized + io::Write>(
        &mut self,
        writer: &mut W,
        first: bool,
    ) -> io::Result<()> {
        self.0.begin_object_key(writer, first)
    }

    fn begin_object_value<W: ?Sized + io::Write>(&mut self, writer: &mut W) -> io::Result<()> {
        self.0.begin_object_value(writer)
    }

    fn end_object_value<W: ?Sized + io::Write>(&mut self, writer: &mut W) -> io::Result<()> {
        self.0.end_object_value(writer)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markup_and_js_line_ends_are_escaped_and_read_back_unchanged() {
        let text = "</script><script>alert(1)</script> & \u{2028}\u{2029} \"é\"\n";
        let value = serde_json::json!({ "text<": text, "list": [text, 1] });
        for json in [
            to_string(&value).unwrap(),
            to_string_pretty(&value).unwrap(),
        ] {
            for raw in ['<', '>', '&', '\u{2028}', '\u{2029}'] {
                assert!(!json.contains(raw), "{raw:?} in {json}");
            }
            assert!(json.contains(r"\u003c/script\u003e"), "{json}");
            let back: serde_json::Value = serde_json::from_str(&json).unwrap();
            assert_eq!(back, value);
        }
    }

    #[test]
    fn layout_is_serde_jsons_own() {
        let value = serde_json::json!({ "a": [1, {"b": null}], "c": "plain é" });
        assert_eq!(
            to_string(&value).unwrap(),
            serde_json::to_string(&value).unwrap()
        );
        assert_eq!(
            to_string_pretty(&value).unwrap(),
            serde_json::to_string_pretty(&value).unwrap()
        );
    }
}
