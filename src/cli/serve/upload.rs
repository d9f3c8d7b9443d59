//! Forms that may carry a file (evidence with a move, an article's new revision): read as
//! `multipart/form-data` when the browser sends one, as a plain form otherwise. The route's body
//! limit bounds the whole request, file included, before any of it is read here.

use axum::extract::{FromRequest, Multipart, Request};
use axum::http::{StatusCode, header};
use serde::de::DeserializeOwned;

use super::Failure;

/// The longest file name kept from an upload (the browser's, which is only a label).
const MAX_FILE_NAME_CHARS: usize = 200;
/// At most this many text fields in one form: every form of the desk has fewer than twenty.
const MAX_FIELDS: usize = 64;

/// A posted form and the file it carried, if one was chosen.
pub(super) struct Posted<T> {
    pub(super) form: T,
    /// The file's name (its last path component, cleaned) and its bytes.
    pub(super) file: Option<(String, Vec<u8>)>,
}

/// Reads `request` as a form of shape `T`, taking the file in field `file_field` if the form is
/// multipart and a file was chosen.
pub(super) async fn read_posted<T: DeserializeOwned>(
    request: Request,
    file_field: &str,
) -> Result<Posted<T>, Failure> {
    let multipart = request
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("multipart/form-data"));
    if !multipart {
        let axum::Form(form) = axum::Form::<T>::from_request(request, &())
            .await
            .map_err(|rejection| unreadable(rejection.body_text()))?;
        return Ok(Posted { form, file: None });
    }
    let mut parts = Multipart::from_request(request, &())
        .await
        .map_err(|rejection| unreadable(rejection.body_text()))?;
    let mut fields = serde_json::Map::new();
    let mut file = None;
    while let Some(field) = parts
        .next_field()
        .await
        .map_err(|err| unreadable(err.body_text()))?
    {
        let name = field.name().unwrap_or_default().to_owned();
        if name == file_field {
            let file_name = clean_file_name(field.file_name().unwrap_or_default());
            let bytes = field
                .bytes()
                .await
                .map_err(|err| unreadable(err.body_text()))?;
            // A file input left empty still sends its part, with no name and no bytes.
            if !bytes.is_empty() {
                file = Some((file_name, bytes.to_vec()));
            }
            continue;
        }
        if fields.len() >= MAX_FIELDS {
            return Err(unreadable(format!("more than {MAX_FIELDS} fields")));
        }
        let text = field
            .text()
            .await
            .map_err(|err| unreadable(err.body_text()))?;
        fields.insert(name, serde_json::Value::String(text));
    }
    let form = serde_json::from_value(serde_json::Value::Object(fields))
        .map_err(|err| unreadable(err.to_string()))?;
    Ok(Posted { form, file })
}

fn unreadable(why: impl std::fmt::Display) -> Failure {
    Failure::new(
        StatusCode::BAD_REQUEST,
        "bad_request",
        format!("the form does not read: {why}"),
    )
}

/// The last component of a browser's file name, without control characters, bounded: a label
/// for the evidence, never a path.
fn clean_file_name(given: &str) -> String {
    let last = given.rsplit(['/', '\\']).next().unwrap_or_default();
    let cleaned: String = last
        .chars()
        .filter(|c| !c.is_control())
        .take(MAX_FILE_NAME_CHARS)
        .collect();
    match cleaned.trim() {
        "" | "." | ".." => "upload".to_owned(),
        name => name.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::clean_file_name;

    #[test]
    fn a_file_name_is_a_label_never_a_path() {
        assert_eq!(clean_file_name("C:\\Users\\ana\\brief.pdf"), "brief.pdf");
        assert_eq!(clean_file_name("../../etc/passwd"), "passwd");
        assert_eq!(clean_file_name(".."), "upload");
        assert_eq!(clean_file_name(""), "upload");
        assert_eq!(clean_file_name("a\u{0}b\nc.txt"), "abc.txt");
        assert_eq!(clean_file_name(&"x".repeat(500)).chars().count(), 200);
    }
}
