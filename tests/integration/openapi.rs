//! The JSON API against its description, docs/openapi.json: a property-based test generated from
//! the file, on a real `factdesk serve` over a real store.
//!
//! Every operation the file lists gets `FACTDESK_API_CASES` requests (default 60), interleaved so
//! that reads see what writes did: path parameters from the store's own ids (refreshed as the
//! test goes: articles, claims, evidence hashes, the desk's users) mixed with hostile strings,
//! query parameters and JSON bodies generated from their schemas, valid ones and mutated ones (a
//! required field missing, a wrong type, an extra field, a huge string, bad base64, no JSON at
//! all, a body over the operation's limit), sent as an editor, a checker, a session with and
//! without its CSRF token, nobody, or a bad token. Every answer must carry a status the file
//! documents for the operation, never a 5xx; a JSON answer (`application/json`, or another
//! `+json` type) must validate against the schema documented for its status (with the validator
//! below, for exactly the JSON Schema subset the file uses); and a JSON body the file's request
//! schema does not allow must never get a 2xx. A failure shows the seed, the request and the
//! answer; `FACTDESK_API_SEED=HEX` replays the run.
//!
//! A second test checks that the file, the server's router and README's API table list the same
//! endpoints, and that each one documented is routed.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use std::time::Duration;

use serde_json::{Map, Value, json};

use crate::common::{ARTICLE, Rng, TestEnv, find, fixture, short};
use crate::serve::{Server, add_user, csrf};

/// docs/openapi.json, parsed.
fn spec() -> Value {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/openapi.json");
    let text = std::fs::read_to_string(&path).expect("docs/openapi.json");
    serde_json::from_str(&text).expect("docs/openapi.json is JSON")
}

/// `value`, or what its `$ref` names, followed to the end.
fn resolve<'s>(spec: &'s Value, mut value: &'s Value) -> &'s Value {
    while let Some(reference) = value.get("$ref") {
        value = target(spec, reference);
    }
    value
}

/// What a `$ref` (a pointer into the file) names.
fn target<'s>(spec: &'s Value, reference: &Value) -> &'s Value {
    let reference = reference.as_str().expect("$ref takes a string");
    let pointer = reference
        .strip_prefix('#')
        .unwrap_or_else(|| panic!("only references into the file: {reference}"));
    spec.pointer(pointer)
        .unwrap_or_else(|| panic!("{reference} is not in the file"))
}

/// One operation of the file.
struct Operation<'s> {
    method: String,
    path: String,
    name: String,
    parameters: Vec<&'s Value>,
    /// The schema of its JSON body, if it takes one.
    body: Option<&'s Value>,
    /// The largest body it takes: its request body's `Up to N MiB`, else the API's 2 MiB.
    limit: usize,
    /// Its answers by status (`"200"`), references resolved.
    responses: BTreeMap<String, &'s Value>,
}

impl Operation<'_> {
    /// The path with every parameter written `{}`, to compare with the router and README.
    fn shape(&self) -> String {
        format!("{} {}", self.method, placeholders(&self.path))
    }
}

fn operations(spec: &Value) -> Vec<Operation<'_>> {
    let mut operations = Vec::new();
    for (path, item) in spec["paths"].as_object().expect("paths") {
        for (method, operation) in item.as_object().expect("a path item") {
            if !["get", "put", "post", "delete", "patch"].contains(&method.as_str()) {
                continue;
            }
            let shared = item["parameters"].as_array().into_iter().flatten();
            let own = operation["parameters"].as_array().into_iter().flatten();
            let parameters = shared.chain(own).map(|p| resolve(spec, p)).collect();
            let body = operation
                .get("requestBody")
                .map(|body| &resolve(spec, body)["content"]["application/json"]["schema"]);
            let limit = operation
                .get("requestBody")
                .and_then(|body| resolve(spec, body)["description"].as_str())
                .and_then(|text| text.strip_prefix("Up to "))
                .and_then(|text| text.split_once(" MiB"))
                .and_then(|(mib, _)| mib.parse::<usize>().ok())
                .map_or(2 << 20, |mib| mib << 20);
            let responses = operation["responses"]
                .as_object()
                .expect("responses")
                .iter()
                .map(|(status, answer)| (status.clone(), resolve(spec, answer)))
                .collect();
            operations.push(Operation {
                method: method.to_uppercase(),
                path: path.clone(),
                name: operation["operationId"]
                    .as_str()
                    .unwrap_or(path.as_str())
                    .to_owned(),
                parameters,
                body,
                limit,
                responses,
            });
        }
    }
    operations
}

/// `/a/{x}/b` as `/a/{}/b`.
fn placeholders(path: &str) -> String {
    path.split('/')
        .map(|segment| {
            if segment.starts_with('{') && segment.ends_with('}') {
                "{}"
            } else {
                segment
            }
        })
        .collect::<Vec<_>>()
        .join("/")
}

// ---------------------------------------------------------------------------------------------
// The validator: the JSON Schema (2020-12) keywords docs/openapi.json uses, and no others (a
// keyword it does not know fails the test, so the file cannot drift beyond what is checked).

const ANNOTATIONS: &[&str] = &[
    "description",
    "title",
    "examples",
    "format",
    "default",
    "deprecated",
];

struct Validator<'s> {
    spec: &'s Value,
}

impl Validator<'_> {
    /// Why `value` does not match `schema`, one line a reason (`at` names where it is).
    fn check(&self, schema: &Value, value: &Value, at: &str, errors: &mut Vec<String>) {
        let Some(keywords) = schema.as_object() else {
            match schema {
                Value::Bool(true) => {}
                Value::Bool(false) => errors.push(format!("{at}: nothing is allowed here")),
                _ => errors.push(format!("{at}: the schema {schema} is not a schema")),
            }
            return;
        };
        for (keyword, argument) in keywords {
            match keyword.as_str() {
                "$ref" => self.check(target(self.spec, argument), value, at, errors),
                "type" => {
                    let types: Vec<&str> = match argument {
                        Value::String(one) => vec![one.as_str()],
                        Value::Array(many) => many.iter().filter_map(Value::as_str).collect(),
                        _ => panic!("{at}: bad type {argument}"),
                    };
                    if !types.iter().any(|t| is_type(value, t)) {
                        errors.push(format!(
                            "{at}: {} is not {}",
                            brief(value),
                            types.join(" or ")
                        ));
                    }
                }
                "enum" => {
                    if !argument.as_array().is_some_and(|all| all.contains(value)) {
                        errors.push(format!("{at}: {} is not one of {argument}", brief(value)));
                    }
                }
                "const" => {
                    if argument != value {
                        errors.push(format!("{at}: {} is not {argument}", brief(value)));
                    }
                }
                "properties" => {
                    if let Some(object) = value.as_object() {
                        for (name, property) in argument.as_object().expect("properties") {
                            if let Some(field) = object.get(name) {
                                self.check(property, field, &format!("{at}.{name}"), errors);
                            }
                        }
                    }
                }
                "required" => {
                    if let Some(object) = value.as_object() {
                        for name in argument.as_array().expect("required") {
                            let name = name.as_str().expect("a required name");
                            if !object.contains_key(name) {
                                errors.push(format!("{at}: the field `{name}` is missing"));
                            }
                        }
                    }
                }
                "additionalProperties" => {
                    if let Some(object) = value.as_object() {
                        let declared = schema.get("properties").and_then(Value::as_object);
                        for (name, field) in object {
                            if !declared.is_some_and(|d| d.contains_key(name)) {
                                self.extra(argument, name, field, at, errors);
                            }
                        }
                    }
                }
                "unevaluatedProperties" => {
                    // Without conditionals, a field is evaluated when a `properties` of the
                    // schema or of one it includes (`allOf`, `$ref`) names it.
                    if let Some(object) = value.as_object() {
                        let mut declared = BTreeSet::new();
                        self.declared(schema, &mut declared);
                        for (name, field) in object {
                            if !declared.contains(name) {
                                self.extra(argument, name, field, at, errors);
                            }
                        }
                    }
                }
                "items" => {
                    if let Some(array) = value.as_array() {
                        let after = schema
                            .get("prefixItems")
                            .and_then(Value::as_array)
                            .map_or(0, Vec::len);
                        for (i, item) in array.iter().enumerate().skip(after) {
                            self.check(argument, item, &format!("{at}[{i}]"), errors);
                        }
                    }
                }
                "prefixItems" => {
                    if let Some(array) = value.as_array() {
                        for (i, (item, schema)) in array
                            .iter()
                            .zip(argument.as_array().expect("prefixItems"))
                            .enumerate()
                        {
                            self.check(schema, item, &format!("{at}[{i}]"), errors);
                        }
                    }
                }
                "minItems" | "maxItems" => {
                    if let Some(array) = value.as_array() {
                        let bound = argument.as_u64().expect("a count") as usize;
                        let fails = if keyword == "minItems" {
                            array.len() < bound
                        } else {
                            array.len() > bound
                        };
                        if fails {
                            errors.push(format!("{at}: {} items ({keyword} {bound})", array.len()));
                        }
                    }
                }
                "minLength" | "maxLength" => {
                    if let Some(text) = value.as_str() {
                        let bound = argument.as_u64().expect("a length") as usize;
                        let length = text.chars().count();
                        let fails = if keyword == "minLength" {
                            length < bound
                        } else {
                            length > bound
                        };
                        if fails {
                            errors.push(format!("{at}: {length} characters ({keyword} {bound})"));
                        }
                    }
                }
                "minimum" | "maximum" => {
                    if let (Some(number), Some(bound)) = (value.as_f64(), argument.as_f64()) {
                        let fails = if keyword == "minimum" {
                            number < bound
                        } else {
                            number > bound
                        };
                        if fails {
                            errors.push(format!("{at}: {value} ({keyword} {bound})"));
                        }
                    }
                }
                "allOf" => {
                    for part in argument.as_array().expect("allOf") {
                        self.check(part, value, at, errors);
                    }
                }
                "anyOf" | "oneOf" => {
                    let branches = argument.as_array().expect("anyOf or oneOf");
                    let mut reasons = Vec::new();
                    let matching = branches
                        .iter()
                        .filter(|branch| {
                            let mut found = Vec::new();
                            self.check(branch, value, at, &mut found);
                            reasons.extend(found.iter().cloned());
                            found.is_empty()
                        })
                        .count();
                    if matching == 0 || (keyword == "oneOf" && matching > 1) {
                        errors.push(format!(
                            "{at}: {} matches {matching} of the {keyword} branches ({})",
                            brief(value),
                            reasons.join("; ")
                        ));
                    }
                }
                known if ANNOTATIONS.contains(&known) => {}
                unknown => panic!("{at}: the test's validator does not know `{unknown}`"),
            }
        }
    }

    /// A field no `properties` names: checked against `argument` (`false`: refused).
    fn extra(&self, argument: &Value, name: &str, field: &Value, at: &str, out: &mut Vec<String>) {
        if argument == &Value::Bool(false) {
            out.push(format!("{at}: the field `{name}` is not documented"));
        } else {
            self.check(argument, field, &format!("{at}.{name}"), out);
        }
    }

    /// The fields `schema` and the schemas it includes name.
    fn declared(&self, schema: &Value, into: &mut BTreeSet<String>) {
        if let Some(properties) = schema.get("properties").and_then(Value::as_object) {
            into.extend(properties.keys().cloned());
        }
        if let Some(reference) = schema.get("$ref") {
            self.declared(target(self.spec, reference), into);
        }
        for part in schema["allOf"].as_array().into_iter().flatten() {
            self.declared(part, into);
        }
        assert!(
            schema.get("anyOf").is_none() && schema.get("oneOf").is_none(),
            "unevaluatedProperties beside anyOf/oneOf is beyond the test's validator"
        );
    }
}

fn is_type(value: &Value, name: &str) -> bool {
    match name {
        "null" => value.is_null(),
        "boolean" => value.is_boolean(),
        "string" => value.is_string(),
        "array" => value.is_array(),
        "object" => value.is_object(),
        "number" => value.is_number(),
        "integer" => {
            value.is_i64() || value.is_u64() || value.as_f64().is_some_and(|f| f.fract() == 0.0)
        }
        other => panic!("unknown type `{other}`"),
    }
}

/// A value in an error message: short.
fn brief(value: &Value) -> String {
    let text = value.to_string();
    shorten(&text, 80)
}

fn shorten(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        text.to_owned()
    } else {
        let cut: String = text.chars().take(max).collect();
        format!("{cut}… ({} bytes)", text.len())
    }
}

// ---------------------------------------------------------------------------------------------
// The requests, generated from the file.

/// Who sends a request.
#[derive(Clone, Copy, Debug)]
enum Caller {
    /// The editor's API token.
    Editor,
    /// The checker's API token (the workflow keeps `verify` from checkers).
    Checker,
    /// The editor's session, with its CSRF token on a POST.
    Session,
    /// The editor's session without a CSRF token.
    SessionWithoutCsrf,
    /// No credentials.
    Nobody,
    /// A token that is not one.
    BadToken,
}

impl Caller {
    fn draw(rng: &mut Rng, tame: bool) -> Caller {
        if tame {
            return [
                Caller::Editor,
                Caller::Editor,
                Caller::Checker,
                Caller::Session,
            ][rng.below(4)];
        }
        match rng.below(100) {
            0..45 => Caller::Editor,
            45..75 => Caller::Checker,
            75..85 => Caller::Session,
            85..90 => Caller::SessionWithoutCsrf,
            90..95 => Caller::Nobody,
            _ => Caller::BadToken,
        }
    }
}

/// The credentials of the callers.
struct Credentials {
    editor: String,
    checker: String,
    session: String,
    csrf: String,
}

/// The store's ids and words the generator draws from, refreshed from the API as the test runs.
struct Pools {
    articles: Vec<String>,
    /// Claims with their article.
    claims: Vec<(String, String)>,
    /// Sentences of the fixture articles, for words a claim may be made of.
    sentences: Vec<String>,
    /// Sentences of the latest revision of articles, by article.
    sentences_of: BTreeMap<String, Vec<String>>,
    /// The fixture articles' texts, for revisions.
    texts: Vec<String>,
    /// The desk's users, to assign work to.
    users: Vec<String>,
    /// The hashes of the evidence files in the store: the fixture's, then those the test
    /// uploaded with a move.
    evidence: Vec<String>,
}

impl Pools {
    fn new(users: &[&str], evidence: Vec<String>) -> Pools {
        let texts: Vec<String> = ["v1.txt", "v2.txt", "v3.html"]
            .iter()
            .map(|name| std::fs::read_to_string(fixture(name)).expect("fixture"))
            .collect();
        Pools {
            articles: vec![ARTICLE.to_owned()],
            claims: Vec::new(),
            sentences: texts[..2].iter().flat_map(|t| sentences(t)).collect(),
            sentences_of: BTreeMap::new(),
            texts,
            users: users.iter().map(|&user| user.to_owned()).collect(),
            evidence,
        }
    }

    /// Learns the hash of the evidence a move that succeeded carried, if it carried one.
    fn uploaded(&mut self, request: &Request) {
        use base64::Engine;
        let body: Value = request
            .body
            .as_deref()
            .and_then(|body| serde_json::from_slice(body).ok())
            .unwrap_or(Value::Null);
        let Some(content) = body["evidence"]["content_base64"].as_str() else {
            return;
        };
        if let Ok(bytes) = base64::engine::general_purpose::STANDARD.decode(content) {
            let hash = blake3::hash(&bytes).to_hex().to_string();
            if !self.evidence.contains(&hash) {
                self.evidence.push(hash);
            }
        }
    }

    /// The articles and their claims as the API lists them now.
    fn refresh(&mut self, client: &Client) {
        let articles = client.get_json("/api/v1/articles");
        self.articles = articles
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|a| a["id"].as_str().map(str::to_owned))
            .collect();
        self.claims.clear();
        self.sentences_of.clear();
        // Articles with claims, the seed articles first, then a few the test made.
        let mut sample: Vec<(bool, String)> = articles
            .as_array()
            .into_iter()
            .flatten()
            .filter(|a| {
                a["states"]
                    .as_object()
                    .is_some_and(|s| s.values().any(|n| n != 0))
            })
            .filter_map(|a| {
                let id = a["id"].as_str()?;
                Some((!id.starts_with("syria-truce"), id.to_owned()))
            })
            .collect();
        sample.sort();
        for (_, article) in sample.iter().take(6) {
            let claims = client.get_json(&format!("/api/v1/articles/{article}/claims"));
            let claims = claims.as_array().map_or(&[][..], Vec::as_slice);
            self.claims.extend(
                claims
                    .iter()
                    .filter_map(|c| Some((article.clone(), c["id"].as_str()?.to_owned()))),
            );
            // The sentences the claims are in: words the latest revision has.
            let sentences = claims
                .iter()
                .filter_map(|c| c["sentence_text"].as_str())
                .flat_map(sentences);
            self.sentences_of
                .insert(article.clone(), sentences.collect());
        }
    }
}

/// The sentences of a text, roughly.
fn sentences(text: &str) -> Vec<String> {
    text.split(['.', '\n'])
        .map(str::trim)
        .filter(|s| s.split(' ').count() > 2)
        .map(str::to_owned)
        .collect()
}

/// A request as generated.
struct Request {
    method: String,
    target: String,
    caller: Caller,
    body: Option<Vec<u8>>,
    /// How the body was made (`valid`, `no field state`, …), for the failure message.
    made: String,
}

impl std::fmt::Display for Request {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} {} as {:?}", self.method, self.target, self.caller)?;
        if let Some(body) = &self.body {
            let text = String::from_utf8_lossy(body);
            write!(f, " with a {} body {}", self.made, shorten(&text, 300))?;
        }
        Ok(())
    }
}

/// Path segments that are percent-encoded already, some of them badly.
const RAW_SEGMENTS: &[&str] = &[
    "%FF",
    "%C3%28",
    "%2e%2e",
    "..",
    ".",
    "%2F",
    "a%2Fb",
    "%00",
    "%E2%80%AE",
    "%25",
    "%20",
    "~",
    ";",
    ",",
    "@",
    "!$&'()*+=",
    "%ZZ",
];

/// Query strings no form makes.
const RAW_QUERIES: &[&str] = &[
    "zzz=1",
    "=",
    "&&",
    "q",
    "%FF=%FF",
    "format=json&format=csv",
    "from=",
    "to=-1",
    "article=",
    "a[]=1&a[]=2",
    "%00=%00",
];

const STRINGS: &[&str] = &[
    "",
    " ",
    "..",
    "../../../etc/passwd",
    "..\\..\\windows",
    "%2e%2e%2f",
    "%FF",
    "\0",
    "null",
    "0",
    "-1",
    "99999999999999999999",
    "1e309",
    "NaN",
    "true",
    "[]",
    "{}",
    "' OR '1'='1",
    "<script>alert(1)</script>",
    "{{7*7}}",
    "${jndi:ldap://x}",
    "\u{202e}gnp.exe",
    "\u{feff}",
    "e\u{301}",
    "日本語のテキスト",
    "🦀🦀🦀",
    "ǅİ",
    "\r\n",
    "\t",
    "a/b",
    "a?b#c",
    "SYRIA-TRUCE",
    "-x",
    ".x",
    "ffffff",
    "FFFFFF",
    "abcdef0123",
    "syria-truce/../x",
];

/// A string a careful client would not send.
fn hostile(rng: &mut Rng) -> String {
    match rng.below(5) {
        0 => {
            let unit = ["a", "é", "🦀", "../", "%", "\u{0}"][rng.below(6)];
            unit.repeat(1 + rng.below(1500))
        }
        1 => (0..rng.below(40))
            .filter_map(|_| {
                let code = match rng.below(5) {
                    0 => rng.below(0x20),
                    1 => 0x20 + rng.below(0x5f),
                    2 => 0xa0 + rng.below(0x600),
                    3 => rng.below(0x1_0000),
                    _ => 0x1_0000 + rng.below(0x10_0000),
                };
                char::from_u32(code as u32)
            })
            .collect(),
        _ => STRINGS[rng.below(STRINGS.len())].to_owned(),
    }
}

/// Every byte but the unreserved ones percent-encoded: the server sees exactly `text`.
fn encode(text: &str) -> String {
    text.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

struct Generator<'s> {
    spec: &'s Value,
    rng: Rng,
    /// Making a request meant to be valid (half of them): ids from the store, values from
    /// the fixtures and the file's examples, never hostile ones; so that the test reaches the
    /// code behind the refusals.
    tame: bool,
    /// The article the request is about (its path's, or its claim's): its `article` fields
    /// name it, its words come from its text.
    about: Option<String>,
}

impl Generator<'_> {
    fn pick<'a, T>(&mut self, from: &'a [T]) -> Option<&'a T> {
        (!from.is_empty()).then(|| &from[self.rng.below(from.len())])
    }

    fn request(&mut self, operation: &Operation<'_>, pools: &Pools) -> Request {
        self.about = None;
        self.tame = self.rng.below(2) == 0;
        let mut target = operation.path.clone();
        let mut query = Vec::new();
        for parameter in &operation.parameters {
            let name = parameter["name"].as_str().expect("a parameter's name");
            let schema = &parameter["schema"];
            match parameter["in"].as_str() {
                Some("path") => {
                    let segment = self.path_value(name, schema, pools);
                    target = target.replace(&format!("{{{name}}}"), &segment);
                }
                Some("query") => {
                    let required = parameter["required"].as_bool().unwrap_or(false);
                    // A claim in several articles needs its article named.
                    let wanted = required || (name == "article" && self.about.is_some());
                    if self.rng.below(100) < if wanted { 90 } else { 50 } {
                        let value = self.query_value(name, schema, pools);
                        query.push(format!("{}={value}", encode(name)));
                    }
                }
                other => panic!("parameters in {other:?} are beyond the test"),
            }
        }
        if !self.tame && self.rng.below(100) < 12 {
            query.push((*self.pick(RAW_QUERIES).expect("queries")).to_owned());
        }
        if !query.is_empty() {
            target = format!("{target}?{}", query.join("&"));
        }
        let (body, made) = match operation.body {
            Some(schema) => {
                let (body, made) = self.body(schema, operation.limit, pools);
                (Some(body), made)
            }
            None => (None, String::new()),
        };
        Request {
            method: operation.method.clone(),
            target,
            caller: Caller::draw(&mut self.rng, self.tame),
            body,
            made,
        }
    }

    /// A path segment, encoded: the store's own ids, ids nearly right, and hostile strings.
    fn path_value(&mut self, name: &str, schema: &Value, pools: &Pools) -> String {
        if self.tame {
            return encode(&self.known(name, schema, pools));
        }
        match self.rng.below(100) {
            0..70 => encode(&self.known(name, schema, pools)),
            70..88 => encode(&hostile(&mut self.rng)),
            _ => (*self.pick(RAW_SEGMENTS).expect("segments")).to_owned(),
        }
    }

    /// A value of the kind `name` names, as the store has it (or nearly).
    fn known(&mut self, name: &str, schema: &Value, pools: &Pools) -> String {
        match name {
            "article" => {
                if let Some(article) = self.about.clone()
                    && (self.tame || self.rng.below(10) < 7)
                {
                    article
                } else {
                    let article = if self.about.is_none() && self.rng.below(10) == 0 {
                        // A new article, for a revision to start.
                        format!("fuzz-{:x}", self.rng.below(1 << 20))
                    } else {
                        self.pick(&pools.articles)
                            .cloned()
                            .unwrap_or_else(|| ARTICLE.to_owned())
                    };
                    self.about.get_or_insert_with(|| article.clone());
                    article
                }
            }
            "claim" => {
                let Some((article, id)) = self.pick(&pools.claims).cloned() else {
                    return "ffffff".to_owned();
                };
                self.about = Some(article);
                self.nearly(id)
            }
            "hash" => {
                let Some(hash) = self.pick(&pools.evidence).cloned() else {
                    return "ffffff".to_owned();
                };
                match self.rng.below(if self.tame { 10 } else { 12 }) {
                    // An evidence file no move kept.
                    9 => "0".repeat(64),
                    _ => self.nearly(hash),
                }
            }
            _ => self.string(name, schema, pools),
        }
    }

    /// An id of the store (64 hex digits) as a caller may give it: whole, a prefix long enough,
    /// and, unless the request is meant to be valid, one too short or in upper case.
    fn nearly(&mut self, id: String) -> String {
        match self.rng.below(if self.tame { 6 } else { 8 }) {
            0..3 => id,
            3..5 => id.chars().take(10).collect(),
            5 => id.chars().take(6).collect(),
            6 => id.chars().take(5).collect(),
            _ => id.to_uppercase(),
        }
    }

    /// A hostile string, unless the body is meant to be valid.
    fn hostile(&mut self, pools: &Pools) -> String {
        if self.tame {
            self.words(pools)
        } else {
            hostile(&mut self.rng)
        }
    }

    fn query_value(&mut self, name: &str, schema: &Value, pools: &Pools) -> String {
        if !self.tame && self.rng.below(100) < 15 {
            return encode(&hostile(&mut self.rng));
        }
        let schema = resolve(self.spec, schema);
        let value = match schema["type"].as_str() {
            _ if schema.get("enum").is_some() => {
                let all = schema["enum"].as_array().expect("enum");
                self.pick(all)
                    .expect("a value")
                    .as_str()
                    .unwrap_or("")
                    .to_owned()
            }
            Some("boolean") => {
                let all: &[&str] = if self.tame {
                    &["true", "true", "false"]
                } else {
                    &["true", "false", "1", "yes", "", "TRUE"]
                };
                (*self.pick(all).expect("a value")).to_owned()
            }
            Some("integer") => {
                let low = schema["minimum"].as_i64().unwrap_or(0);
                match self.rng.below(if self.tame { 5 } else { 8 }) {
                    0..5 => (low + self.rng.below(4) as i64).to_string(),
                    5 => "0".to_owned(),
                    6 => schema["maximum"].as_i64().unwrap_or(i64::MAX).to_string(),
                    _ => ["4294967296", "-1", "1.5", "abc", "", " 1", "0x10"][self.rng.below(7)]
                        .to_owned(),
                }
            }
            _ => self.known(name, schema, pools),
        };
        encode(&value)
    }

    /// A string for the field or parameter `name`.
    fn string(&mut self, name: &str, schema: &Value, pools: &Pools) -> String {
        match name {
            "assignee" => return self.assignee(pools),
            "claim" => return self.claim_of_article(pools),
            "content_base64" => return self.base64(pools),
            _ => {}
        }
        // A field of words (a claim's) or of a whole text (a revision's).
        let words = schema["maxLength"].as_u64().is_some_and(|n| n < 10_000);
        if name == "text" && (self.tame || self.rng.below(2) == 0) {
            let whole = if self.tame {
                !words
            } else {
                self.rng.below(2) == 0
            };
            if !whole {
                return self.words(pools);
            }
            let text = self.pick(&pools.texts).cloned().unwrap_or_default();
            // Often the story as it is, sometimes with a figure changed.
            return match self.rng.below(3) {
                0 => text.replace("8,000", &format!("{},000", 1 + self.rng.below(20))),
                _ => text,
            };
        }
        if let Some(examples) = schema["examples"].as_array()
            && self.rng.below(10) < if self.tame { 9 } else { 5 }
        {
            return self
                .pick(examples)
                .and_then(Value::as_str)
                .unwrap_or("")
                .to_owned();
        }
        match (name, self.rng.below(10)) {
            ("article", _) if self.tame => self.known("article", schema, pools),
            ("article", 0..8) => self.known("article", schema, pools),
            (_, 0..6) => self.words(pools),
            _ => self.hostile(pools),
        }
    }

    /// A desk user to give work to, or (unless the request is meant to be valid) someone who is
    /// not one.
    fn assignee(&mut self, pools: &Pools) -> String {
        if !self.tame && self.rng.below(4) == 0 {
            return match self.rng.below(3) {
                0 => "nobody".to_owned(),
                1 => "ED".to_owned(),
                _ => hostile(&mut self.rng),
            };
        }
        self.pick(&pools.users).cloned().unwrap_or_default()
    }

    /// A claim of the article the request is about (a body's `claim`), as a caller may name it;
    /// now and then one of another article.
    fn claim_of_article(&mut self, pools: &Pools) -> String {
        let about = self.about.clone();
        let own: Vec<String> = pools
            .claims
            .iter()
            .filter(|(article, _)| Some(article) == about.as_ref())
            .map(|(_, id)| id.clone())
            .collect();
        let stray = !self.tame && self.rng.below(5) == 0;
        let id = if own.is_empty() || stray {
            self.pick(&pools.claims).map(|(_, id)| id.clone())
        } else {
            self.pick(&own).cloned()
        };
        match id {
            Some(id) => self.nearly(id),
            None => "ffffff".to_owned(),
        }
    }

    /// A file's bytes in base64: a few words of a fixture, or (unless the request is meant to
    /// be valid) something that is not base64.
    fn base64(&mut self, pools: &Pools) -> String {
        use base64::Engine;
        if !self.tame && self.rng.below(3) == 0 {
            return match self.rng.below(3) {
                0 => "not base64!".to_owned(),
                1 => "QUJD=".to_owned(),
                _ => hostile(&mut self.rng),
            };
        }
        let words = self.words(pools);
        base64::engine::general_purpose::STANDARD.encode(words.as_bytes())
    }

    /// A few consecutive words of a fixture's sentence.
    fn words(&mut self, pools: &Pools) -> String {
        let of_article = self.about.as_ref().and_then(|a| pools.sentences_of.get(a));
        let sentences = of_article.unwrap_or(&pools.sentences);
        let sentence = self.pick(sentences).cloned().unwrap_or_default();
        let words: Vec<&str> = sentence.split(' ').collect();
        let start = self.rng.below(words.len());
        let end = (start + 1 + self.rng.below(7)).min(words.len());
        words[start..end].join(" ")
    }

    /// A value the schema describes, mostly.
    fn value(&mut self, name: &str, schema: &Value, pools: &Pools) -> Value {
        if let Some(reference) = schema.get("$ref") {
            return self.value(name, target(self.spec, reference), pools);
        }
        if let Some(all) = schema["enum"].as_array()
            && (self.tame || self.rng.below(10) > 0)
        {
            return self.pick(all).cloned().unwrap_or(Value::Null);
        }
        if let Some(constant) = schema.get("const") {
            return constant.clone();
        }
        if let Some(branches) = schema
            .get("anyOf")
            .or_else(|| schema.get("oneOf"))
            .and_then(Value::as_array)
        {
            // Mostly a branch that is not null.
            let null = json!({"type": "null"});
            let some: Vec<&Value> = branches.iter().filter(|b| **b != null).collect();
            let branch = if self.tame || self.rng.below(10) < 8 {
                *self.pick(&some).expect("a branch")
            } else {
                self.pick(branches).expect("a branch")
            };
            return self.value(name, branch, pools);
        }
        let types: Vec<&str> = match &schema["type"] {
            Value::String(one) => vec![one.as_str()],
            Value::Array(many) => many.iter().filter_map(Value::as_str).collect(),
            _ => vec!["string"],
        };
        let chosen = if types.len() > 1 && (self.tame || self.rng.below(10) < 8) {
            types
                .iter()
                .copied()
                .find(|t| *t != "null")
                .unwrap_or("null")
        } else {
            *self.pick(&types).expect("a type")
        };
        match chosen {
            "null" => Value::Null,
            "boolean" => Value::Bool(self.rng.below(2) == 0),
            "integer" => json!(self.rng.below(5)),
            "number" => json!(self.rng.below(1000) as f64 / 7.0),
            "array" => Value::Array(
                (0..self.rng.below(3))
                    .map(|_| self.value(name, &schema["items"], pools))
                    .collect(),
            ),
            "object" => {
                let required: Vec<&str> = schema["required"]
                    .as_array()
                    .into_iter()
                    .flatten()
                    .filter_map(Value::as_str)
                    .collect();
                let mut object = Map::new();
                for (field, property) in schema["properties"].as_object().into_iter().flatten() {
                    let wanted = required.contains(&field.as_str())
                        || (self.tame && field == "article" && self.about.is_some());
                    // A valid body carries most fields: what a move needs is among them.
                    if wanted || self.rng.below(10) < if self.tame { 7 } else { 5 } {
                        object.insert(field.clone(), self.value(field, property, pools));
                    }
                }
                Value::Object(object)
            }
            _ => Value::String(self.string(name, schema, pools)),
        }
    }

    /// A JSON body from `schema`, valid or mutated; and how it was made. `limit` is the
    /// largest body the operation takes.
    fn body(&mut self, schema: &Value, limit: usize, pools: &Pools) -> (Vec<u8>, String) {
        let mutation = if self.tame { 0 } else { self.rng.below(12) };
        let mut value = self.value("", schema, pools);
        let fields: Vec<String> = value
            .as_object()
            .map(|o| o.keys().cloned().collect())
            .unwrap_or_default();
        let field = self
            .pick(&fields)
            .cloned()
            .unwrap_or_else(|| "text".to_owned());
        let made = match mutation {
            0 if self.tame => "valid".to_owned(),
            0..4 => "well-formed".to_owned(),
            4..6 => {
                if let Some(object) = value.as_object_mut() {
                    object.remove(&field);
                }
                format!("no field `{field}`")
            }
            6 | 7 => {
                let wrong = [
                    json!(12345),
                    json!(true),
                    json!([]),
                    json!({}),
                    json!(null),
                    json!(1.5),
                ][self.rng.below(6)]
                .clone();
                let made = format!("`{field}` as {wrong}");
                value[&field] = wrong;
                made
            }
            8 => {
                value["unexpected"] = json!("field");
                "an extra field".to_owned()
            }
            9 => {
                let size = [4 << 10, 64 << 10, 1 << 20][self.rng.below(3)];
                value[&field] = json!("é".repeat(size / 2));
                format!("`{field}` {size} bytes long")
            }
            10 => {
                const JUNK: &[&[u8]] = &[
                    b"",
                    b"null",
                    b"[]",
                    b"\"text\"",
                    b"42",
                    b"{",
                    b"{\"state\":",
                    b"{not json",
                    b"{\"text\": \"\xff\xfe\"}",
                    b"\xef\xbb\xbf{}",
                    b"{\"a\":1,\"a\":2}",
                ];
                return (JUNK[self.rng.below(JUNK.len())].to_vec(), "junk".to_owned());
            }
            _ => {
                // Over the operation's limit, by a byte.
                let mut over = b"{\"text\": \"".to_vec();
                over.resize(limit + 1, b'a');
                return (over, format!("over {} MiB", limit >> 20));
            }
        };
        (serde_json::to_vec(&value).expect("JSON"), made)
    }
}

// ---------------------------------------------------------------------------------------------
// Sending and checking.

/// The HTTP client, with the callers' credentials.
struct Client {
    agent: ureq::Agent,
    url: String,
    credentials: Credentials,
}

/// What the server answered.
enum Outcome {
    Answer {
        status: u16,
        /// The media type, without parameters, lower case.
        media: String,
        body: String,
    },
    /// The server closed the connection while a large body was still being sent: a refusal it
    /// could make before reading the body (413 from the length alone, a path that does not
    /// read), answered while the client was not yet listening.
    Closed,
}

impl Client {
    fn new(url: &str, credentials: Credentials) -> Client {
        let agent = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .max_redirects(0)
            .timeout_global(Some(Duration::from_secs(60)))
            .build()
            .into();
        Client {
            agent,
            url: url.to_owned(),
            credentials,
        }
    }

    /// A GET as the editor, for the test's own reads (Null unless it is a 200 with JSON).
    fn get_json(&self, target: &str) -> Value {
        let request = Request {
            method: "GET".to_owned(),
            target: target.to_owned(),
            caller: Caller::Editor,
            body: None,
            made: String::new(),
        };
        match self.send(&request) {
            Ok(Outcome::Answer {
                status: 200, body, ..
            }) => serde_json::from_str(&body).unwrap_or(Value::Null),
            _ => Value::Null,
        }
    }

    fn send(&self, request: &Request) -> Result<Outcome, String> {
        let url = format!("{}{}", self.url, request.target);
        let credentials = &self.credentials;
        let mut headers: Vec<(&str, String)> = Vec::new();
        match request.caller {
            Caller::Editor => {
                headers.push(("Authorization", format!("Bearer {}", credentials.editor)))
            }
            Caller::Checker => {
                headers.push(("Authorization", format!("Bearer {}", credentials.checker)));
            }
            Caller::Session | Caller::SessionWithoutCsrf => {
                headers.push((
                    "Cookie",
                    format!("factdesk_session={}", credentials.session),
                ));
                if matches!(request.caller, Caller::Session) {
                    headers.push(("X-CSRF-Token", credentials.csrf.clone()));
                }
            }
            Caller::Nobody => {}
            Caller::BadToken => headers.push(("Authorization", "Bearer fdk_00_bad".to_owned())),
        }
        let sent = match &request.body {
            None => {
                let mut builder = match request.method.as_str() {
                    "GET" => self.agent.get(&url),
                    "DELETE" => self.agent.delete(&url),
                    other => panic!("{other} without a body"),
                };
                for (name, value) in &headers {
                    builder = builder.header(*name, value);
                }
                builder.call()
            }
            Some(body) => {
                let mut builder = match request.method.as_str() {
                    "POST" => self.agent.post(&url),
                    "PUT" => self.agent.put(&url),
                    "PATCH" => self.agent.patch(&url),
                    other => panic!("{other} with a body"),
                };
                for (name, value) in &headers {
                    builder = builder.header(*name, value);
                }
                builder
                    .header("Content-Type", "application/json")
                    .send(&body[..])
            }
        };
        match sent {
            Ok(mut response) => {
                let status = response.status().as_u16();
                let media = response
                    .headers()
                    .get("content-type")
                    .and_then(|v| v.to_str().ok())
                    .unwrap_or("")
                    .split(';')
                    .next()
                    .unwrap_or("")
                    .trim()
                    .to_ascii_lowercase();
                let bytes = response
                    .body_mut()
                    .with_config()
                    .limit(64 << 20)
                    .read_to_vec()
                    .map_err(|err| format!("the answer's body does not read: {err}"))?;
                Ok(Outcome::Answer {
                    status,
                    media,
                    body: String::from_utf8_lossy(&bytes).into_owned(),
                })
            }
            Err(ureq::Error::Io(err))
                if request.body.as_ref().is_some_and(|b| b.len() >= 64 << 10)
                    && matches!(
                        err.kind(),
                        std::io::ErrorKind::BrokenPipe | std::io::ErrorKind::ConnectionReset
                    ) =>
            {
                Ok(Outcome::Closed)
            }
            Err(err) => Err(format!("no answer: {err}")),
        }
    }
}

/// Whether an answer is one the file documents for `operation`; why not, if not.
fn check(
    validator: &Validator<'_>,
    operation: &Operation<'_>,
    request: &Request,
    outcome: &Outcome,
) -> Result<(), String> {
    let (status, media, body) = match outcome {
        Outcome::Answer {
            status,
            media,
            body,
        } => (*status, media, body),
        Outcome::Closed => {
            let over = request.body.as_ref().is_some_and(|b| b.len() > 2 << 20);
            return if !over || operation.responses.contains_key("413") {
                Ok(())
            } else {
                Err("the connection closed on a large body, and 413 is not documented".to_owned())
            };
        }
    };
    if status >= 500 {
        return Err(format!("a {status} answer"));
    }
    // A body the file does not allow is refused, never taken.
    if (200..300).contains(&status)
        && let (Some(schema), Some(sent)) = (operation.body, &request.body)
        && let Ok(sent) = serde_json::from_slice::<Value>(sent)
    {
        let mut errors = Vec::new();
        validator.check(schema, &sent, "$", &mut errors);
        if !errors.is_empty() {
            errors.truncate(6);
            return Err(format!(
                "a {status} answer to a body the file does not allow: {}",
                errors.join("; ")
            ));
        }
    }
    let Some(documented) = operation.responses.get(&status.to_string()) else {
        let known: Vec<&String> = operation.responses.keys().collect();
        return Err(format!(
            "status {status} is not documented (only {known:?})"
        ));
    };
    let Some(content) = documented.get("content").and_then(Value::as_object) else {
        return if body.is_empty() {
            Ok(())
        } else {
            Err(format!("a body where {status} documents none"))
        };
    };
    let Some(described) = content.get(media.as_str()) else {
        let known: Vec<&String> = content.keys().collect();
        return Err(format!(
            "content type `{media}` is not documented for {status} (only {known:?})"
        ));
    };
    // JSON, and the types made of it (`application/ld+json`).
    if media == "application/json" || media.ends_with("+json") {
        let value: Value =
            serde_json::from_str(body).map_err(|err| format!("the body is not JSON: {err}"))?;
        let mut errors = Vec::new();
        validator.check(&described["schema"], &value, "$", &mut errors);
        if !errors.is_empty() {
            errors.truncate(6);
            return Err(format!("the body breaks the schema: {}", errors.join("; ")));
        }
    }
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// The store and the server.

/// A store with two revisions of the seed article, the same story as HTML under another id,
/// reviews (one with an evidence file), a dismissal, an assignment, the settings a ClaimReview
/// export needs; a checker and an editor with API tokens; the server on it. And the hash of the
/// evidence file.
fn desk() -> (TestEnv, Server, Credentials, Vec<String>) {
    let env = TestEnv::init();
    let default = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("workflows/default.toml"),
    )
    .expect("default workflow");
    let with_roles = default
        .replace(
            "to = \"sourced\"\nrequires = [\"source\"]\n",
            "to = \"sourced\"\nrequires = [\"source\"]\nroles = [\"checker\", \"editor\"]\n",
        )
        .replace(
            "to = \"verified\"\n",
            "to = \"verified\"\nroles = [\"editor\"]\n",
        );
    assert_eq!(
        with_roles.matches("\nroles = [").count(),
        2,
        "the roles went in"
    );
    let workflow = env.write("roles.toml", with_roles.as_bytes());
    env.ok(&["workflow", "use", &workflow]);
    env.ok(&["ingest", &fixture("v1.txt"), "--article", ARTICLE]);
    env.ok(&["ingest", &fixture("v2.txt"), "--article", ARTICLE]);
    env.ok(&[
        "ingest",
        &fixture("v3.html"),
        "--article",
        "syria-truce-web",
    ]);
    add_user(&env, "chk", &["checker"]);
    add_user(&env, "ed", &["editor"]);
    let claims = env.claims();
    let number = short(find(&claims, "number", "", ""));
    let quote = short(find(&claims, "quote", "", ""));
    let on = ["--article", ARTICLE];
    let source = "https://news.un.org/briefing";
    let page = env.write(
        "briefing.html",
        b"<p>8,000 people were killed, the UN said.</p>",
    );
    env.ok_as(
        &[
            &[
                "mark",
                &number,
                "sourced",
                "--source",
                source,
                "--evidence",
                &page,
            ][..],
            &on,
        ]
        .concat(),
        "chk",
    );
    let shown = env.json_lines(&[&["show", &number, "--json"][..], &on].concat());
    let evidence: Vec<String> = shown[0]["evidence"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|e| e["hash"].as_str().map(str::to_owned))
        .collect();
    assert_eq!(evidence.len(), 1, "the evidence went in: {}", shown[0]);
    env.ok_as(&[&["mark", &number, "verified"][..], &on].concat(), "ed");
    env.ok_as(
        &[
            &["mark", &quote, "disputed", "--note", "AFP has other words"][..],
            &on,
        ]
        .concat(),
        "chk",
    );
    let other = short(&claims[claims.len() - 1]);
    env.ok_as(
        &[
            &["claim", "dismiss", &other, "--reason", "duplicate"][..],
            &on,
        ]
        .concat(),
        "ed",
    );
    env.ok_as(&["assign", ARTICLE, "--to", "chk"], "ed");
    env.ok(&[
        "config",
        "set",
        "review.url-template",
        "https://example.org/checks/{article}#{claim}",
    ]);
    env.ok(&["config", "set", "org.name", "The Daily Check"]);
    let token = |user: &str| {
        env.ok(&["token", "add", user])
            .lines()
            .last()
            .expect("a token")
            .trim()
            .to_owned()
    };
    let (editor, checker) = (token("ed"), token("chk"));
    let server = Server::start(&env);
    let session = server.login("ed");
    let (_, page, _) = server.get(&format!("/articles/{ARTICLE}"), Some(&session));
    let credentials = Credentials {
        editor,
        checker,
        session,
        csrf: csrf(&page),
    };
    (env, server, credentials, evidence)
}

fn setting(name: &str) -> Option<String> {
    std::env::var(name).ok().filter(|v| !v.is_empty())
}

#[test]
fn every_answer_of_the_api_is_one_openapi_json_documents() {
    let cases: usize = setting("FACTDESK_API_CASES")
        .and_then(|v| v.parse().ok())
        .unwrap_or(60);
    let seed: u64 = setting("FACTDESK_API_SEED")
        .and_then(|v| u64::from_str_radix(v.trim_start_matches("0x"), 16).ok())
        .unwrap_or_else(|| {
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(1, |d| d.as_nanos() as u64)
                | 1
        });
    let spec = spec();
    let operations = operations(&spec);
    let validator = Validator { spec: &spec };
    let (env, server, credentials, evidence) = desk();
    let client = Client::new(&server.url, credentials);
    let mut generator = Generator {
        spec: &spec,
        rng: Rng(seed),
        tame: false,
        about: None,
    };
    let mut pools = Pools::new(&["ed", "chk"], evidence);
    let mut failures = Vec::new();
    let mut answered: BTreeMap<&str, BTreeMap<u16, usize>> = BTreeMap::new();
    let mut changed = true;
    for round in 0..cases {
        // The ids change with what the writes did.
        if changed || round % 8 == 0 {
            pools.refresh(&client);
            changed = false;
        }
        for operation in &operations {
            let request = generator.request(operation, &pools);
            let outcome = client.send(&request);
            let verdict = outcome
                .as_ref()
                .map_err(Clone::clone)
                .and_then(|outcome| check(&validator, operation, &request, outcome));
            if let Ok(Outcome::Answer { status, .. }) = &outcome {
                changed |= operation.method != "GET" && (200..300).contains(status);
                if operation.name == "mark" && *status == 200 {
                    pools.uploaded(&request);
                }
                *answered
                    .entry(&operation.name)
                    .or_default()
                    .entry(*status)
                    .or_default() += 1;
            }
            if let Err(problem) = verdict {
                let answer = match &outcome {
                    Ok(Outcome::Answer {
                        status,
                        media,
                        body,
                    }) => format!("{status} {media} {}", shorten(body, 600)),
                    Ok(Outcome::Closed) => "the connection closed".to_owned(),
                    Err(err) => err.clone(),
                };
                failures.push(format!(
                    "round {round}, {}: {problem}\n    request: {request}\n    answer: {answer}",
                    operation.name
                ));
            }
        }
    }
    server.stop();
    // The store took every request it accepted in good order.
    env.head();
    let tally = answered
        .iter()
        .map(|(name, statuses)| format!("{name} {statuses:?}"))
        .collect::<Vec<_>>()
        .join(", ");
    assert!(
        failures.is_empty(),
        "{} of {} requests were answered as docs/openapi.json does not document (replay with FACTDESK_API_SEED={seed:x} FACTDESK_API_CASES={cases}):\n{}\nanswers: {tally}",
        failures.len(),
        cases * operations.len(),
        failures
            .iter()
            .take(12)
            .cloned()
            .collect::<Vec<_>>()
            .join("\n")
    );
    // The generator reaches past the refusals: every operation succeeded at least once.
    if cases >= 20 {
        for operation in &operations {
            let succeeded = answered
                .get(operation.name.as_str())
                .is_some_and(|s| s.keys().any(|status| (200..300).contains(status)));
            assert!(
                succeeded,
                "{} never succeeded (FACTDESK_API_SEED={seed:x}): {tally}",
                operation.name
            );
        }
    }
}

/// The API's routes in the router's source: `METHOD /api/v1/…` with parameters as `{}`.
fn routed(source: &str) -> BTreeSet<String> {
    let mut routes = BTreeSet::new();
    for chunk in source.split(".route(").skip(1) {
        let chunk = chunk.split(".fallback(").next().unwrap_or(chunk);
        let Some((_, rest)) = chunk.split_once('"') else {
            continue;
        };
        let Some((path, handlers)) = rest.split_once('"') else {
            continue;
        };
        if !path.starts_with("/api/") {
            continue;
        }
        for method in ["get", "put", "post", "delete", "patch"] {
            let called = handlers
                .match_indices(&format!("{method}("))
                .any(|(at, _)| {
                    at == 0
                        || !handlers.as_bytes()[at - 1].is_ascii_alphanumeric()
                            && handlers.as_bytes()[at - 1] != b'_'
                });
            if called {
                routes.insert(format!("{} {}", method.to_uppercase(), placeholders(path)));
            }
        }
    }
    routes
}

/// The endpoints README's API table lists (`| \`GET /api/v1/articles/ID/claims\` | …`).
fn listed(readme: &str) -> BTreeSet<String> {
    readme
        .lines()
        .filter_map(|line| {
            let cell = line.strip_prefix("| `")?;
            let (method, path) = cell[..cell.find('`')?].split_once(' ')?;
            let path = path.split(['?', '[']).next()?;
            if !path.starts_with("/api/") {
                return None;
            }
            let path: Vec<&str> = path
                .split('/')
                .map(|s| {
                    if !s.is_empty() && s.chars().all(|c| c.is_ascii_uppercase()) {
                        "{}"
                    } else {
                        s
                    }
                })
                .collect();
            Some(format!("{method} {}", path.join("/")))
        })
        .collect()
}

#[test]
fn the_file_the_router_and_readme_list_the_same_endpoints() {
    let spec = spec();
    let operations = operations(&spec);
    let documented: BTreeSet<String> = operations.iter().map(Operation::shape).collect();
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let router = std::fs::read_to_string(root.join("src/cli/serve/mod.rs")).expect("the router");
    assert_eq!(
        documented,
        routed(&router),
        "docs/openapi.json and the router (src/cli/serve/mod.rs)"
    );
    let readme = std::fs::read_to_string(root.join("README.md")).expect("README");
    assert_eq!(
        documented,
        listed(&readme),
        "docs/openapi.json and README's API table"
    );
    // Each documented endpoint is served: a real id gets an answer of its own, not the router's
    // fallback nor a method it lacks.
    let env = TestEnv::with_v1();
    add_user(&env, "cms", &[]);
    let token = env
        .ok(&["token", "add", "cms"])
        .lines()
        .last()
        .expect("a token")
        .trim()
        .to_owned();
    let claim = short(find(&env.claims(), "number", "", ""));
    let server = Server::start(&env);
    let client = Client::new(
        &server.url,
        Credentials {
            editor: token,
            checker: String::new(),
            session: String::new(),
            csrf: String::new(),
        },
    );
    for operation in &operations {
        let mut target = operation.path.clone();
        let mut query = Vec::new();
        for parameter in &operation.parameters {
            let name = parameter["name"].as_str().expect("a name");
            let schema = resolve(&spec, &parameter["schema"]);
            let example = schema["examples"][0]
                .as_str()
                .or_else(|| schema["enum"][0].as_str())
                .unwrap_or("x");
            let value = match name {
                "article" => ARTICLE,
                "claim" => claim.as_str(),
                _ => example,
            };
            match parameter["in"].as_str() {
                Some("path") => target = target.replace(&format!("{{{name}}}"), &encode(value)),
                _ if parameter["required"] == true => {
                    query.push(format!("{name}={}", encode(value)))
                }
                _ => {}
            }
        }
        if !query.is_empty() {
            target = format!("{target}?{}", query.join("&"));
        }
        let request = Request {
            method: operation.method.clone(),
            target,
            caller: Caller::Editor,
            body: operation.body.map(|_| b"{}".to_vec()),
            made: "empty".to_owned(),
        };
        let Ok(Outcome::Answer { status, body, .. }) = client.send(&request) else {
            panic!("{request}: no answer");
        };
        let fallback = status == 404
            && serde_json::from_str::<Value>(&body)
                .is_ok_and(|error| error["error"]["code"] == "not_found");
        assert!(
            !fallback && status != 405,
            "{request} is not routed: {status} {body}"
        );
        // A method the path lacks is refused in the API's error shape too.
        let lacks = |method: &str| {
            !operations
                .iter()
                .any(|o| o.path == operation.path && o.method == method)
        };
        let method = ["GET", "DELETE"]
            .into_iter()
            .find(|&method| lacks(method))
            .expect("a path without GET or without DELETE");
        let other = Request {
            method: method.to_owned(),
            body: None,
            ..request
        };
        let Ok(Outcome::Answer { status, body, .. }) = client.send(&other) else {
            panic!("{other}: no answer");
        };
        let error: Value = serde_json::from_str(&body).unwrap_or(Value::Null);
        assert_eq!(
            (status, error["error"]["code"].as_str()),
            (405, Some("method_not_allowed")),
            "{other}: {body}"
        );
    }
    server.stop();
}

/// Why `value` breaks the file's schema `name`.
fn breaks(spec: &Value, name: &str, value: &Value) -> Vec<String> {
    let mut errors = Vec::new();
    let schema = json!({ "$ref": format!("#/components/schemas/{name}") });
    Validator { spec }.check(&schema, value, "$", &mut errors);
    errors
}

#[test]
fn the_validator_refuses_what_the_file_does_not_allow() {
    let spec = spec();
    let env = TestEnv::with_v1();
    // The command line's `--json` claims are the API's.
    let claims = env.claims();
    for claim in &claims {
        assert_eq!(breaks(&spec, "StoredClaim", claim), Vec::<String>::new());
    }
    let claim = &claims[0];
    let mut without = claim.clone();
    if let Some(fields) = without.as_object_mut() {
        fields.remove("state");
    }
    assert_eq!(
        breaks(&spec, "StoredClaim", &without).len(),
        1,
        "state is required"
    );
    assert!(
        breaks(&spec, "Claim", &without).is_empty(),
        "but not in a diff"
    );
    let mut extra = claim.clone();
    extra["surprise"] = json!(1);
    assert_eq!(breaks(&spec, "StoredClaim", &extra).len(), 1, "closed");
    let mut queued = claim.clone();
    queued["article"] = json!(ARTICLE);
    queued["revision"] = json!(1);
    queued["urgency"] = json!("new");
    queued["assignee"] = json!(null);
    assert!(breaks(&spec, "QueueLine", &queued).is_empty(), "flattened");
    queued["urgency"] = json!("soon");
    assert_eq!(breaks(&spec, "QueueLine", &queued).len(), 1, "an enum");
    queued["surprise"] = json!(1);
    assert_eq!(breaks(&spec, "QueueLine", &queued).len(), 2, "closed too");
    let mut wrong = claim.clone();
    wrong["value"] = json!("8000");
    wrong["spans"] = json!([[1, 2, 3]]);
    wrong["start"] = json!(-1);
    assert_eq!(breaks(&spec, "StoredClaim", &wrong).len(), 3, "{wrong}");
    // So are `revisions --json`'s and `assignments --json`'s.
    env.ok(&["assign", ARTICLE]);
    for (name, args) in [
        ("RevisionHistoryLine", ["revisions", ARTICLE, "--json"]),
        ("AssignmentLine", ["assignments", ARTICLE, "--json"]),
    ] {
        let lines = env.json_lines(&args);
        assert!(!lines.is_empty(), "{args:?}");
        for line in &lines {
            assert_eq!(breaks(&spec, name, line), Vec::<String>::new(), "{line}");
        }
    }
    let error = json!({"error": {"code": "bad_request", "message": "no"}});
    assert!(breaks(&spec, "Error", &error).is_empty());
    let error = json!({"error": {"code": "oops", "message": "no"}});
    assert_eq!(breaks(&spec, "Error", &error).len(), 1, "an unknown code");
    let ingested = json!({"article": ARTICLE, "revision": 2, "added": false, "claims": 3,
        "counts": null, "diagnostics": []});
    assert!(breaks(&spec, "Ingested", &ingested).is_empty());
    let ingested = json!({"article": ARTICLE, "revision": 0, "added": false, "claims": 3,
        "counts": {}, "diagnostics": []});
    assert_eq!(
        breaks(&spec, "Ingested", &ingested).len(),
        2,
        "no revision 0, no {{}}"
    );
}
