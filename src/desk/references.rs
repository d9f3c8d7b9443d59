//! Reference verdicts: other fact-checkers' published ClaimReviews, imported so that "seen before"
//! can say "rated False by another fact-checker on DATE (URL)".
//!
//! They are never the newsroom's own reviews: each is a row in `meta` (`reference/<identity>`)
//! that no claim, queue, gate or report reads, written with one `ReferencesImported` event for a
//! whole file. The parser takes schema.org ClaimReview JSON-LD as fact-checkers publish it (one
//! object, an array, an object with `@graph`) and the Google Fact Check Tools `claims:search`
//! answer; each item it cannot use is reported with where it is and why, and skipped.
//!
//! Hostile input costs its size, not more: the JSON is read once, item by item, keeping only the
//! keys the markup uses (any other value is skipped unread) and at most [`MAX_VALUES`] values of
//! an item, which is judged and let go before the next is read: memory follows the verdicts kept,
//! not what the file holds. The caller bounds the file's size.

use std::cell::{Cell, RefCell};
use std::fmt;

use serde::de::{self, DeserializeSeed, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde_json::{Map, Value};

use super::{Desk, DeskError, check_web_address};
use crate::model::{
    EventKind, Hash32, HeldReference, Published, Rating, ReferenceVerdict, Timestamp,
};

/// The most ClaimReview items one import takes: each is a row its one event lists.
pub const MAX_REFERENCES: usize = 100_000;

/// The most JSON values (objects, arrays, strings, numbers, …, under the keys kept) read of one
/// item: a ClaimReview has a few dozen. With items let go once judged, a bound on the memory an
/// import takes whatever the file holds.
pub const MAX_VALUES: usize = 100_000;

/// The longest `claimReviewed` kept, in bytes: a claim is a sentence or two.
pub const MAX_CLAIM_BYTES: usize = 4096;

/// The longest other text kept (a name, an address, a rating), in bytes.
pub const MAX_FIELD_BYTES: usize = 2048;

/// The keys of the markup the parser reads; every other key's value is skipped unread.
const KEPT_KEYS: &[&str] = &[
    "@type",
    "@graph",
    "claimReviewed",
    "url",
    "datePublished",
    "inLanguage",
    "author",
    "name",
    "itemReviewed",
    "firstAppearance",
    "appearance",
    "reviewRating",
    "alternateName",
    "ratingValue",
    "bestRating",
    "worstRating",
    // The Google Fact Check Tools `claims:search` answer.
    "claims",
    "text",
    "claimant",
    "claimReview",
    "publisher",
    "site",
    "reviewDate",
    "textualRating",
    "languageCode",
];

/// An item of the file that was not imported.
#[derive(Clone, Debug, PartialEq)]
pub struct SkippedItem {
    /// Where it is in the file, as a JSON path: `[3]`, `@graph[0]`, `claims[2].claimReview[0]`.
    pub at: String,
    /// Why it was skipped.
    pub reason: String,
}

impl fmt::Display for SkippedItem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.at, self.reason)
    }
}

/// What an import did.
#[derive(Clone, Debug, PartialEq)]
pub struct ReferenceImport {
    /// Reference verdicts new to the store.
    pub new: u32,
    /// Those the store held already (the same url and claim reviewed), repeats in the file
    /// included.
    pub held: u32,
    /// The items skipped, in file order.
    pub skipped: Vec<SkippedItem>,
    /// The audit event that recorded it; `None` when nothing was new.
    pub seq: Option<u64>,
}

/// The ClaimReview items of a file, read: the usable ones and the skipped ones.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ParsedReviews {
    /// The usable items, in file order.
    pub verdicts: Vec<ReferenceVerdict>,
    /// The others, in file order.
    pub skipped: Vec<SkippedItem>,
}

/// Why a file could not be read as ClaimReviews at all.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ClaimReviewError {
    /// Not JSON (or past the values an import reads).
    #[error("not valid JSON at line {line}, column {column}: {message}")]
    Json {
        /// 1-based line.
        line: usize,
        /// 1-based column.
        column: usize,
        /// What is wrong there.
        message: String,
    },
    /// JSON, but neither a ClaimReview nor a list of them.
    #[error(
        "the file holds {found}, not ClaimReview markup: give one ClaimReview object, an array of them, or an object with @graph"
    )]
    NotClaimReviews {
        /// What the top level is.
        found: &'static str,
    },
    /// More items than one import takes.
    #[error("the file holds {items} items, over the {MAX_REFERENCES} one import takes: split it")]
    TooManyItems {
        /// How many.
        items: usize,
    },
}

impl ReferenceVerdict {
    /// What identifies a review: its url and the claim it reviewed (a fact-checker's page may
    /// review several claims). Equal for the same review imported twice.
    pub fn identity(&self) -> Hash32 {
        let mut bytes = Vec::with_capacity(self.url.len() + 1 + self.claim_reviewed.len());
        bytes.extend_from_slice(self.url.as_bytes());
        bytes.push(0);
        bytes.extend_from_slice(self.claim_reviewed.as_bytes());
        Hash32::derive("factdesk reference verdict v1", &bytes)
    }
}

impl Desk {
    /// Imports the ClaimReviews of `json` (a file's bytes) as reference verdicts, in one
    /// transaction with one `ReferencesImported` event naming the file's BLAKE3. Items that cannot
    /// be used are skipped and reported; a review held already (same url and claim reviewed) is
    /// counted, not written again. A file with no usable item changes nothing and is refused
    /// ([`DeskError::NoReferences`]), as is one that is not JSON.
    pub fn import_claim_reviews(
        &self,
        json: &[u8],
        actor: &str,
        now: Timestamp,
    ) -> Result<ReferenceImport, DeskError> {
        let parsed = parse_claim_reviews(json).map_err(DeskError::ClaimReviews)?;
        if parsed.verdicts.is_empty() {
            return Err(DeskError::NoReferences {
                skipped: parsed.skipped,
            });
        }
        let file = Hash32::of(json);
        let skipped = u32::try_from(parsed.skipped.len()).unwrap_or(u32::MAX);
        let identities: Vec<Hash32> = parsed.verdicts.iter().map(|v| v.identity()).collect();
        let (new, held, seq) = self.store.write(actor, now, |tx| {
            let mut seen = std::collections::HashSet::with_capacity(identities.len());
            let (mut new, mut held) = (0u32, 0u32);
            for (verdict, identity) in parsed.verdicts.iter().zip(&identities) {
                if !seen.insert(*identity) || tx.holds_reference(identity)? {
                    held += 1;
                    continue;
                }
                tx.put_reference(identity, verdict)?;
                new += 1;
            }
            if new == 0 {
                return Ok::<_, crate::store::TxError<DeskError>>(((0, held, None), None));
            }
            let event = EventKind::ReferencesImported {
                count: new,
                held,
                skipped,
                file,
            };
            Ok(((new, held, Some(tx.seq())), Some(event)))
        })??;
        Ok(ReferenceImport {
            new,
            held,
            skipped: parsed.skipped,
            seq,
        })
    }

    /// Every reference verdict held, newest first: by publication date (those without one
    /// last), then by url. What "seen before" compares a claim with.
    pub fn reference_verdicts(&self) -> Result<Vec<HeldReference>, DeskError> {
        let mut held = self.store.references()?;
        held.sort_by(|a, b| {
            let date =
                |r: &HeldReference| r.verdict.published.as_ref().map(|p| p.date().to_owned());
            date(b)
                .cmp(&date(a))
                .then_with(|| a.verdict.url.cmp(&b.verdict.url))
                .then_with(|| a.verdict.claim_reviewed.cmp(&b.verdict.claim_reviewed))
        });
        Ok(held)
    }
}

/// Reads ClaimReview JSON-LD (one object, an array, an object with `@graph`, or the Google Fact
/// Check Tools `claims:search` answer) into reference verdicts and the items skipped. Pure, and
/// linear in the input: each item is read, judged and let go before the next (the memory taken is
/// the verdicts kept and one item, at most [`MAX_VALUES`] values).
pub fn parse_claim_reviews(json: &[u8]) -> Result<ParsedReviews, ClaimReviewError> {
    let collector = RefCell::new(Collector::default());
    let mut de = serde_json::Deserializer::from_slice(json);
    let top = Document {
        collector: &collector,
    }
    .deserialize(&mut de)
    .and_then(|top| de.end().map(|()| top))
    .map_err(|err| ClaimReviewError::Json {
        line: err.line(),
        column: err.column(),
        message: json_message(&err),
    })?;
    let mut collector = collector.into_inner();
    match top {
        Top::Read => {}
        Top::Item(item) => collector.item("the object".to_owned(), item),
        Top::Other(found) => return Err(ClaimReviewError::NotClaimReviews { found }),
    }
    if collector.items > MAX_REFERENCES {
        return Err(ClaimReviewError::TooManyItems {
            items: collector.items,
        });
    }
    Ok(collector.parsed)
}

/// What has been read of the items so far.
#[derive(Default)]
struct Collector {
    /// Items met, those past [`MAX_REFERENCES`] included (counted, not read).
    items: usize,
    parsed: ParsedReviews,
}

impl Collector {
    /// Whether the next item is to be read: past the limit items are only counted.
    fn reads_more(&self) -> bool {
        self.items < MAX_REFERENCES
    }

    /// Judges one item (an array element, a graph node, …) at `at`.
    fn item(&mut self, at: String, item: Value) {
        self.items += 1;
        if self.items > MAX_REFERENCES {
            return;
        }
        match verdict_of(&item) {
            Ok(verdict) => self.parsed.verdicts.push(verdict),
            Err(reason) => self.parsed.skipped.push(SkippedItem { at, reason }),
        }
    }

    /// An item, or the nodes of its `@graph` (a document of several), under `path`.
    fn item_or_graph(&mut self, path: String, item: Value) {
        match item {
            Value::Object(mut map) if map.contains_key("@graph") => {
                match map.remove("@graph") {
                    Some(Value::Array(nodes)) => {
                        for (i, node) in nodes.into_iter().enumerate() {
                            // One level: a graph's nodes are ClaimReviews, not further graphs.
                            self.item(format!("{path}.@graph[{i}]"), node);
                        }
                    }
                    Some(node) => self.item(format!("{path}.@graph"), node),
                    None => {}
                }
            }
            item => self.item(path, item),
        }
    }
}

/// serde_json's message without the " at line L column C" it appends (said separately).
fn json_message(err: &serde_json::Error) -> String {
    let text = err.to_string();
    match text.rfind(" at line ") {
        Some(at) => text[..at].to_owned(),
        None => text,
    }
}

/// The top level of a document, once read.
enum Top {
    /// Its items went to the collector (an array, a `@graph`, a `claims:search` answer).
    Read,
    /// One object, the item itself.
    Item(Value),
    /// Neither: what it is.
    Other(&'static str),
}

/// Reads the top level, handing each item to the collector as soon as it is read.
struct Document<'a> {
    collector: &'a RefCell<Collector>,
}

impl<'de> DeserializeSeed<'de> for Document<'_> {
    type Value = Top;

    fn deserialize<D: de::Deserializer<'de>>(self, deserializer: D) -> Result<Top, D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Document<'_> {
    type Value = Top;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("ClaimReview markup")
    }

    fn visit_bool<E: de::Error>(self, _: bool) -> Result<Top, E> {
        Ok(Top::Other("a boolean"))
    }

    fn visit_i64<E: de::Error>(self, _: i64) -> Result<Top, E> {
        Ok(Top::Other("a number"))
    }

    fn visit_u64<E: de::Error>(self, _: u64) -> Result<Top, E> {
        Ok(Top::Other("a number"))
    }

    fn visit_f64<E: de::Error>(self, _: f64) -> Result<Top, E> {
        Ok(Top::Other("a number"))
    }

    fn visit_str<E: de::Error>(self, _: &str) -> Result<Top, E> {
        Ok(Top::Other("a string"))
    }

    fn visit_unit<E: de::Error>(self) -> Result<Top, E> {
        Ok(Top::Other("null"))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Top, A::Error> {
        stream(seq, self.collector, |collector, i, item| {
            collector.item_or_graph(format!("[{i}]"), item)
        })?;
        Ok(Top::Read)
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Top, A::Error> {
        let budget = Cell::new(MAX_VALUES);
        let mut rest = Map::new();
        let mut graph = false;
        // The `claims:search` answer's items count only if the object is no ClaimReview itself
        // (no @type), which the keys after `claims` may yet say: they are kept apart until then.
        let google = RefCell::new(Collector::default());
        let mut claims = false;
        while let Some(key) = map.next_key::<std::borrow::Cow<'de, str>>()? {
            match key.as_ref() {
                "@graph" if !graph => {
                    graph = true;
                    map.next_value_seed(Nodes {
                        collector: self.collector,
                    })?;
                }
                "claims" if !claims => {
                    claims = map.next_value_seed(Claims { collector: &google })?;
                }
                kept if KEPT_KEYS.contains(&kept) => {
                    let value = map.next_value_seed(Kept { budget: &budget })?;
                    rest.insert(key.into_owned(), value);
                }
                _ => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        if graph {
            return Ok(Top::Read);
        }
        if claims && !rest.contains_key("@type") {
            let google = google.into_inner();
            let mut collector = self.collector.borrow_mut();
            collector.items += google.items;
            collector.parsed.verdicts.extend(google.parsed.verdicts);
            collector.parsed.skipped.extend(google.parsed.skipped);
            return Ok(Top::Read);
        }
        Ok(Top::Item(Value::Object(rest)))
    }
}

/// Hands each element of an array to `each` with its index, read with a budget of its own (and
/// past the collector's limit, not read at all, only counted).
fn stream<'de, A: SeqAccess<'de>>(
    mut seq: A,
    collector: &RefCell<Collector>,
    each: impl Fn(&mut Collector, usize, Value),
) -> Result<(), A::Error> {
    let mut i = 0;
    loop {
        let reads = collector.borrow().reads_more();
        if reads {
            let budget = Cell::new(MAX_VALUES);
            match seq.next_element_seed(Kept { budget: &budget })? {
                Some(item) => each(&mut collector.borrow_mut(), i, item),
                None => return Ok(()),
            }
        } else {
            match seq.next_element::<IgnoredAny>()? {
                Some(_) => collector.borrow_mut().items += 1,
                None => return Ok(()),
            }
        }
        i += 1;
    }
}

/// The value of a top-level `@graph`: its nodes (an array), or one node.
struct Nodes<'a> {
    collector: &'a RefCell<Collector>,
}

impl<'de> DeserializeSeed<'de> for Nodes<'_> {
    type Value = ();

    fn deserialize<D: de::Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        let budget = Cell::new(MAX_VALUES);
        let collector = self.collector;
        deserializer.deserialize_any(Streamed {
            kept: Kept { budget: &budget },
            collector,
            each: |collector: &mut Collector, i: Option<usize>, node: Value| match i {
                Some(i) => collector.item(format!("@graph[{i}]"), node),
                None => collector.item("@graph".to_owned(), node),
            },
        })
    }
}

/// The value of a top-level `claims`: whether it was an array, whose claims' reviews went to the
/// collector.
struct Claims<'a> {
    collector: &'a RefCell<Collector>,
}

impl<'de> DeserializeSeed<'de> for Claims<'_> {
    type Value = bool;

    fn deserialize<D: de::Deserializer<'de>>(self, deserializer: D) -> Result<bool, D::Error> {
        let budget = Cell::new(MAX_VALUES);
        let array = Cell::new(false);
        deserializer.deserialize_any(Streamed {
            kept: Kept { budget: &budget },
            collector: self.collector,
            each: |collector: &mut Collector, i: Option<usize>, claim: Value| {
                if let Some(i) = i {
                    array.set(true);
                    google_items(collector, i, claim);
                }
            },
        })?;
        Ok(array.get())
    }
}

/// An array streamed element by element into `each` (index `Some`), or any other value read
/// whole and handed to it once (index `None`).
struct Streamed<'a, F> {
    kept: Kept<'a>,
    collector: &'a RefCell<Collector>,
    each: F,
}

impl<'de, F: Fn(&mut Collector, Option<usize>, Value)> Visitor<'de> for Streamed<'_, F> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON value")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<(), A::Error> {
        stream(seq, self.collector, |collector, i, item| {
            (self.each)(collector, Some(i), item)
        })
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<(), A::Error> {
        let value = self.kept.visit_map(map)?;
        (self.each)(&mut self.collector.borrow_mut(), None, value);
        Ok(())
    }

    fn visit_bool<E: de::Error>(self, v: bool) -> Result<(), E> {
        (self.each)(&mut self.collector.borrow_mut(), None, Value::Bool(v));
        Ok(())
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<(), E> {
        (self.each)(&mut self.collector.borrow_mut(), None, Value::from(v));
        Ok(())
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<(), E> {
        (self.each)(&mut self.collector.borrow_mut(), None, Value::from(v));
        Ok(())
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<(), E> {
        (self.each)(&mut self.collector.borrow_mut(), None, Value::from(v));
        Ok(())
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<(), E> {
        (self.each)(
            &mut self.collector.borrow_mut(),
            None,
            Value::String(v.to_owned()),
        );
        Ok(())
    }

    fn visit_unit<E: de::Error>(self) -> Result<(), E> {
        (self.each)(&mut self.collector.borrow_mut(), None, Value::Null);
        Ok(())
    }
}

/// The reviews of one claim of a `claims:search` answer, as ClaimReview items.
fn google_items(collector: &mut Collector, i: usize, claim: Value) {
    let Value::Object(claim) = claim else {
        collector.item(format!("claims[{i}]"), claim);
        return;
    };
    let mut claim = claim;
    let reviews = match claim.remove("claimReview") {
        Some(Value::Array(reviews)) => reviews,
        _ => {
            // No review to take: reported as the item it is (no @type).
            collector.item(format!("claims[{i}]"), Value::Object(claim));
            return;
        }
    };
    for (j, review) in reviews.into_iter().enumerate() {
        let path = format!("claims[{i}].claimReview[{j}]");
        let Value::Object(review) = review else {
            collector.item(path, review);
            continue;
        };
        let mut item = Map::new();
        item.insert("@type".into(), Value::String("ClaimReview".into()));
        let mut copy = |to: &str, from: Option<&Value>| {
            if let Some(value) = from {
                item.insert(to.into(), value.clone());
            }
        };
        copy("claimReviewed", claim.get("text"));
        copy("url", review.get("url"));
        copy("datePublished", review.get("reviewDate"));
        copy("inLanguage", review.get("languageCode"));
        let mut rating = Map::new();
        if let Some(text) = review.get("textualRating") {
            rating.insert("alternateName".into(), text.clone());
        }
        item.insert("reviewRating".into(), Value::Object(rating));
        if let Some(Value::Object(publisher)) = review.get("publisher") {
            let mut author = Map::new();
            if let Some(name) = publisher.get("name") {
                author.insert("name".into(), name.clone());
            }
            // The answer gives the publisher's site as a host name.
            if let Some(Value::String(site)) = publisher.get("site") {
                author.insert("url".into(), Value::String(format!("https://{site}")));
            }
            item.insert("author".into(), Value::Object(author));
        }
        if let Some(claimant) = claim.get("claimant") {
            let mut author = Map::new();
            author.insert("name".into(), claimant.clone());
            let mut reviewed = Map::new();
            reviewed.insert("author".into(), Value::Object(author));
            item.insert("itemReviewed".into(), Value::Object(reviewed));
        }
        collector.item(path, Value::Object(item));
    }
}

fn kind_of(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

/// Whether `@type` (a string or an array of them) names ClaimReview.
fn is_claim_review(types: Option<&Value>) -> bool {
    let named = |t: &Value| {
        t.as_str().is_some_and(|t| {
            let t = t.trim();
            let local = t.rsplit(['/', ':', '#']).next().unwrap_or(t);
            local == "ClaimReview"
        })
    };
    match types {
        Some(Value::Array(list)) => list.iter().any(named),
        Some(t) => named(t),
        None => false,
    }
}

/// One item as a reference verdict, or why it cannot be one.
fn verdict_of(item: &Value) -> Result<ReferenceVerdict, String> {
    let Value::Object(map) = item else {
        return Err(format!("not a ClaimReview ({})", kind_of(item)));
    };
    if !is_claim_review(map.get("@type")) {
        return Err(match map.get("@type") {
            Some(Value::String(t)) => format!("not a ClaimReview (@type {})", shown(t)),
            Some(_) => "not a ClaimReview (@type names no ClaimReview)".to_owned(),
            None => "not a ClaimReview (no @type)".to_owned(),
        });
    }
    let claim_reviewed = match text(map.get("claimReviewed"), "claimReviewed", MAX_CLAIM_BYTES)? {
        Some(claim) => claim,
        None => return Err("no claimReviewed".to_owned()),
    };
    let url = match text(map.get("url"), "url", MAX_FIELD_BYTES)? {
        Some(url) => web_address("url", url)?,
        None => return Err("no url".to_owned()),
    };
    let published = match text(map.get("datePublished"), "datePublished", MAX_FIELD_BYTES)? {
        Some(date) => Some(
            Published::parse(&date)
                .ok_or_else(|| format!("datePublished {} is not a date", shown(&date)))?,
        ),
        None => None,
    };
    let author = first_object(map.get("author"));
    let publisher = name_of(map.get("author"), "author.name")?;
    let publisher_url = match text(
        author.and_then(|a| a.get("url")),
        "author.url",
        MAX_FIELD_BYTES,
    )? {
        Some(url) => Some(web_address("author.url", url)?),
        None => None,
    };
    let reviewed = first_object(map.get("itemReviewed"));
    let claimant = name_of(
        reviewed.and_then(|r| r.get("author")),
        "itemReviewed.author.name",
    )?;
    let appearance = match reviewed.and_then(|r| r.get("firstAppearance").or(r.get("appearance"))) {
        Some(place) => {
            let url = match first_object(Some(place)) {
                Some(object) => object.get("url"),
                None => Some(place),
            };
            match text(url, "itemReviewed.appearance", MAX_FIELD_BYTES)? {
                Some(url) => Some(web_address("itemReviewed.appearance", url)?),
                None => None,
            }
        }
        None => None,
    };
    let rating = first_object(map.get("reviewRating"));
    let field = |key: &str| {
        text(
            rating.and_then(|r| r.get(key)),
            &format!("reviewRating.{key}"),
            MAX_FIELD_BYTES,
        )
    };
    let rating = Rating {
        alternate_name: field("alternateName")?,
        value: field("ratingValue")?,
        best: field("bestRating")?,
        worst: field("worstRating")?,
    };
    if rating.alternate_name.is_none() && rating.value.is_none() {
        return Err("no reviewRating (neither alternateName nor ratingValue)".to_owned());
    }
    let language = text(map.get("inLanguage"), "inLanguage", MAX_FIELD_BYTES)?;
    Ok(ReferenceVerdict {
        claim_reviewed,
        claimant,
        rating,
        publisher,
        publisher_url,
        published,
        url,
        appearance,
        language,
    })
}

/// A value given as an object, or as an array whose first element is one.
fn first_object(value: Option<&Value>) -> Option<&Map<String, Value>> {
    match value? {
        Value::Object(map) => Some(map),
        Value::Array(list) => list.first().and_then(Value::as_object),
        _ => None,
    }
}

/// The name of a person or an organisation: `{"name": …}` (or a list of them, the first), or a
/// plain string.
fn name_of(value: Option<&Value>, what: &str) -> Result<Option<String>, String> {
    match value {
        Some(Value::String(_)) => text(value, what, MAX_FIELD_BYTES),
        other => text(
            first_object(other).and_then(|o| o.get("name")),
            what,
            MAX_FIELD_BYTES,
        ),
    }
}

/// A text field: a string (or a number, as written), whitespace collapsed; `None` when absent or
/// blank; refused when over `max` bytes or of another kind.
fn text(value: Option<&Value>, what: &str, max: usize) -> Result<Option<String>, String> {
    let raw = match value {
        None | Some(Value::Null) => return Ok(None),
        Some(Value::String(s)) => s.as_str(),
        Some(Value::Number(n)) => return Ok(Some(n.to_string())),
        Some(other) => return Err(format!("{what} is {}, not text", kind_of(other))),
    };
    if raw.len() > max {
        return Err(format!(
            "{what} is {} bytes, over the {max} a reference keeps",
            raw.len()
        ));
    }
    let collapsed = raw
        .split(|c: char| c.is_whitespace() || c.is_control())
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ");
    Ok((!collapsed.is_empty()).then_some(collapsed))
}

fn web_address(what: &str, url: String) -> Result<String, String> {
    match check_web_address(what, &url) {
        Ok(()) => Ok(url),
        Err(err) => Err(err.to_string()),
    }
}

/// A value for a message: quoted, cut to 60 characters.
fn shown(text: &str) -> String {
    let cut: String = text.chars().take(60).collect();
    if cut.len() < text.len() {
        format!("`{}…`", cut.escape_debug())
    } else {
        format!("`{}`", cut.escape_debug())
    }
}

/// Deserializes a JSON value keeping only the keys of [`KEPT_KEYS`] (the rest skipped unread)
/// and counting every value kept against `budget`.
struct Kept<'a> {
    budget: &'a Cell<usize>,
}

impl Kept<'_> {
    fn spend<E: de::Error>(&self) -> Result<(), E> {
        match self.budget.get().checked_sub(1) {
            Some(left) => {
                self.budget.set(left);
                Ok(())
            }
            None => Err(E::custom(format_args!(
                "an item with more than {MAX_VALUES} values under the keys ClaimReview markup uses"
            ))),
        }
    }
}

impl<'de> DeserializeSeed<'de> for Kept<'_> {
    type Value = Value;

    fn deserialize<D: de::Deserializer<'de>>(self, deserializer: D) -> Result<Value, D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Kept<'_> {
    type Value = Value;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON value")
    }

    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Value, E> {
        self.spend()?;
        Ok(Value::Bool(v))
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Value, E> {
        self.spend()?;
        Ok(Value::from(v))
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Value, E> {
        self.spend()?;
        Ok(Value::from(v))
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Value, E> {
        self.spend()?;
        Ok(Value::from(v))
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Value, E> {
        self.spend()?;
        Ok(Value::String(v.to_owned()))
    }

    fn visit_string<E: de::Error>(self, v: String) -> Result<Value, E> {
        self.spend()?;
        Ok(Value::String(v))
    }

    fn visit_unit<E: de::Error>(self) -> Result<Value, E> {
        self.spend()?;
        Ok(Value::Null)
    }

    fn visit_none<E: de::Error>(self) -> Result<Value, E> {
        self.visit_unit()
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        self.spend()?;
        let mut list = Vec::new();
        while let Some(value) = seq.next_element_seed(Kept {
            budget: self.budget,
        })? {
            list.push(value);
        }
        Ok(Value::Array(list))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        self.spend()?;
        let mut out = Map::new();
        while let Some(key) = map.next_key::<std::borrow::Cow<'de, str>>()? {
            if KEPT_KEYS.contains(&key.as_ref()) {
                let value = map.next_value_seed(Kept {
                    budget: self.budget,
                })?;
                out.insert(key.into_owned(), value);
            } else {
                map.next_value::<IgnoredAny>()?;
            }
        }
        Ok(Value::Object(out))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_review_is_read_from_its_markup() {
        let json = br#"{"@context":"https://schema.org","@type":["ClaimReview"],
            "claimReviewed":"  The bridge   cost 3 billion ",
            "url":"https://checks.example.org/bridge","datePublished":"2025-11-02",
            "author":{"@type":"Organization","name":"Check Desk","url":"https://checks.example.org"},
            "itemReviewed":{"@type":"Claim","author":{"name":"A. Mayor"},
                "firstAppearance":{"@type":"CreativeWork","url":"https://video.example.com/1"}},
            "reviewRating":{"@type":"Rating","ratingValue":1,"bestRating":5,"worstRating":1,
                "alternateName":"False"},
            "inLanguage":"en","reviewBody":{"deep":[1,2,3]}}"#;
        let parsed = parse_claim_reviews(json).expect("parses");
        assert_eq!(parsed.skipped, []);
        let v = &parsed.verdicts[0];
        assert_eq!(v.claim_reviewed, "The bridge cost 3 billion");
        assert_eq!(v.claimant.as_deref(), Some("A. Mayor"));
        assert_eq!(v.rating.alternate_name.as_deref(), Some("False"));
        assert_eq!(v.rating.value.as_deref(), Some("1"));
        assert_eq!(v.rating.best.as_deref(), Some("5"));
        assert_eq!(v.publisher.as_deref(), Some("Check Desk"));
        assert_eq!(v.appearance.as_deref(), Some("https://video.example.com/1"));
        assert_eq!(v.published.as_ref().map(|p| p.as_str()), Some("2025-11-02"));
    }

    fn paths(json: &str) -> (Vec<String>, Vec<String>) {
        let parsed = parse_claim_reviews(json.as_bytes()).expect("parses");
        (
            parsed.verdicts.iter().map(|v| v.url.clone()).collect(),
            parsed.skipped.iter().map(ToString::to_string).collect(),
        )
    }

    #[test]
    fn each_shape_names_its_items_by_their_path() {
        let review = |n: u32| {
            format!(
                r#"{{"@type":"http://schema.org/ClaimReview","claimReviewed":"c{n}","url":"https://x.example/{n}","reviewRating":{{"ratingValue":{n}}}}}"#
            )
        };
        // Arrays of documents with graphs, graphs of one node, keys in any order.
        let (ok, skipped) = paths(&format!(
            r#"[{}, {{"@graph":[{}, 7]}}, {{"@graph":{}}}]"#,
            review(1),
            review(2),
            review(3)
        ));
        assert_eq!(
            ok,
            [
                "https://x.example/1",
                "https://x.example/2",
                "https://x.example/3"
            ]
        );
        assert_eq!(skipped, ["[1].@graph[1]: not a ClaimReview (a number)"]);
        let (ok, skipped) = paths(&format!(r#"{{"@graph":[{}, null]}}"#, review(4)));
        assert_eq!(ok, ["https://x.example/4"]);
        assert_eq!(skipped, ["@graph[1]: not a ClaimReview (null)"]);
        // A ClaimReview with a `claims` key before its @type is one item, not an answer.
        let (ok, _) = paths(
            r#"{"claims":[],"claimReviewed":"c","url":"https://x.example/5","reviewRating":{"alternateName":"False"},"@type":"ClaimReview"}"#,
        );
        assert_eq!(ok, ["https://x.example/5"]);
        let (ok, skipped) = paths(
            r#"{"claims":[{"text":"t","claimReview":[{"url":"https://x.example/6","textualRating":"False"},{"url":"https://x.example/7"}]},{"text":"u"}]}"#,
        );
        assert_eq!(ok, ["https://x.example/6"]);
        assert_eq!(
            skipped,
            [
                "claims[0].claimReview[1]: no reviewRating (neither alternateName nor ratingValue)",
                "claims[1]: not a ClaimReview (no @type)"
            ]
        );
        let (_, skipped) = paths(r#"{"name":"x"}"#);
        assert_eq!(skipped, ["the object: not a ClaimReview (no @type)"]);
    }

    #[test]
    fn a_value_budget_bounds_what_is_kept() {
        // Values under keys the markup does not use cost nothing.
        let ignored = format!(r#"{{"reviewBody":[{}0]}}"#, "0,".repeat(MAX_VALUES + 10));
        assert!(parse_claim_reviews(ignored.as_bytes()).is_ok());
        let kept = format!(r#"{{"author":[{}0]}}"#, "0,".repeat(MAX_VALUES + 10));
        match parse_claim_reviews(kept.as_bytes()) {
            Err(ClaimReviewError::Json { message, .. }) => {
                assert!(message.contains("an item with more than"), "{message}")
            }
            other => panic!("{other:?}"),
        }
    }
}
