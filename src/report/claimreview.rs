//! schema.org ClaimReview JSON-LD: the verdicts a fact-check aggregator or a search engine reads.
//!
//! One ClaimReview per claim in a state the workflow maps to a rating (`rating = "…"` in the
//! workflow file); claims still under review are left out and counted. The properties follow
//! Google's fact-check documentation: required `claimReviewed` (a summary under 75 characters),
//! `reviewRating.alternateName` and `url`; recommended `author`, `datePublished` and
//! `itemReviewed` (a Claim with `author`, `datePublished`, `appearance`, `firstAppearance`).
//! The numeric `ratingValue`/`bestRating`/`worstRating` are left out: a workflow names its
//! verdicts but defines no numeric scale, and inventing one would misstate it.

use serde_json::{Map, Value, json};

use crate::desk::DeskError;

use super::display::{day, shorten};
use super::{ArticleReport, ClaimView, ReviewedClaimView};
use crate::model::ClaimKind;

/// The longest `claimReviewed` written, in characters: Google asks for fewer than 75 so the
/// summary does not wrap on a phone.
pub const CLAIM_REVIEWED_MAX: usize = 74;

/// Settings a ClaimReview export needs from the store or the command line.
#[derive(Debug, Clone, Default)]
pub struct ClaimReviewOptions {
    /// URL of a published review, `{article}` and `{claim}` (the short id) replaced; without it,
    /// the article's URL with a `#claim-SHORTID` anchor.
    pub url_template: Option<String>,
    /// The publishing organisation (`org.name`).
    pub org_name: Option<String>,
    /// Its web site (`org.url`).
    pub org_url: Option<String>,
}

/// A ClaimReview export and what was left out of it.
#[derive(Debug, Clone)]
pub struct ClaimReviewExport {
    /// The JSON-LD document: an array of ClaimReview objects (empty when nothing is rated).
    pub json: String,
    /// How many ClaimReviews it holds.
    pub items: usize,
    /// Claims left out because they are not in an accepted end state yet.
    pub unreviewed: usize,
    /// Claims left out because their accepted state has no rating in the workflow.
    pub unrated: usize,
    /// Recommended properties that could not be filled, with the setting that fills them.
    pub warnings: Vec<String>,
}

/// Renders the report's rated claims as ClaimReview JSON-LD.
///
/// Fails only when there is something to publish but no URL for it: `url` is required.
pub fn render_claimreview(
    report: &ArticleReport,
    options: &ClaimReviewOptions,
) -> Result<ClaimReviewExport, DeskError> {
    let mut items = Vec::new();
    let (mut unreviewed, mut unrated) = (0, 0);
    let mut warnings = Vec::new();
    for claim in report.claims.iter().filter(|c| c.claim.counts()) {
        let state = report
            .workflow_states
            .iter()
            .find(|s| s.name == claim.state);
        match state {
            Some(s) if s.accepted => match &s.rating {
                Some(rating) => items.push((claim, rating.as_str())),
                None => unrated += 1,
            },
            _ => unreviewed += 1,
        }
    }
    if !items.is_empty() {
        if options.url_template.is_none() && report.url.is_none() {
            return Err(DeskError::InvalidValue {
                what: format!(
                    "ClaimReview needs the URL of each published review, and `{}` has no URL: pass --review-url 'https://…/{{article}}#{{claim}}' or run `factdesk config set review.url-template URL`",
                    report.article
                ),
            });
        }
        if options.org_name.is_none() {
            warnings.push(
                "no `author` (recommended): set the organisation with `factdesk config set org.name NAME`"
                    .to_owned(),
            );
        }
        if report.url.is_none() {
            warnings.push(format!(
                "no `itemReviewed.appearance` (recommended): `{}` has no URL; give it with `factdesk ingest FILE --article {} --url URL`",
                report.article, report.article
            ));
        }
    }
    let values: Vec<Value> = items
        .iter()
        .map(|(claim, rating)| item(report, claim, rating, options))
        .collect();
    let json = crate::json::to_string_pretty(&values).unwrap_or_default();
    Ok(ClaimReviewExport {
        json,
        items: values.len(),
        unreviewed,
        unrated,
        warnings,
    })
}

fn item(
    report: &ArticleReport,
    reviewed: &ReviewedClaimView,
    rating: &str,
    options: &ClaimReviewOptions,
) -> Value {
    let claim = &reviewed.claim;
    let url = match &options.url_template {
        Some(template) => template
            .replace("{article}", &report.article)
            .replace("{claim}", &reviewed.short_id),
        None => format!(
            "{}#claim-{}",
            report.url.as_deref().unwrap_or_default(),
            reviewed.short_id
        ),
    };
    let mut review = Map::new();
    review.insert("@context".into(), json!("https://schema.org"));
    review.insert("@type".into(), json!("ClaimReview"));
    review.insert("url".into(), json!(url));
    review.insert("claimReviewed".into(), json!(claim_reviewed(claim)));
    // The day the verdict was recorded: the review's last change.
    review.insert("datePublished".into(), json!(day(&reviewed.updated_at)));
    if let Some(name) = &options.org_name {
        let mut org = Map::new();
        org.insert("@type".into(), json!("Organization"));
        org.insert("name".into(), json!(name));
        if let Some(url) = &options.org_url {
            org.insert("url".into(), json!(url));
        }
        review.insert("author".into(), Value::Object(org));
    }
    review.insert(
        "reviewRating".into(),
        json!({"@type": "Rating", "alternateName": rating, "name": rating}),
    );
    review.insert("itemReviewed".into(), claim_item(report, reviewed));
    review.insert("identifier".into(), json!(claim.id));
    Value::Object(review)
}

/// The claim as a schema.org Claim: who said it, where and when it appeared, and its full text.
fn claim_item(report: &ArticleReport, reviewed: &ReviewedClaimView) -> Value {
    let claim = &reviewed.claim;
    let mut item = Map::new();
    item.insert("@type".into(), json!("Claim"));
    // claimReviewed is shortened; the words as published are kept here in full.
    let text = match claim.kind {
        ClaimKind::Quote => claim.text.clone(),
        _ => claim.sentence_text.clone(),
    };
    item.insert("text".into(), json!(text));
    if let Some(speaker) = &claim.speaker {
        item.insert(
            "author".into(),
            json!({"@type": speaker_type(speaker), "name": speaker}),
        );
    }
    // A version appeared when its source said it came out; the first, failing that, when the
    // article did (a store written before versions kept their own dates); otherwise on the day
    // it was ingested, the closest date the store holds.
    let revision_day = |number: u32| {
        let revision = report.revisions.iter().find(|r| r.number == number)?;
        let published = revision
            .published
            .as_deref()
            .or(report.published.as_deref().filter(|_| number == 1));
        Some(match published {
            Some(date) => date.get(..10).unwrap_or(date).to_owned(),
            None => day(&revision.ingested_at).to_owned(),
        })
    };
    let first = reviewed.first_revision.unwrap_or(report.revision);
    if let Some(date) = revision_day(first) {
        item.insert("datePublished".into(), json!(date));
    }
    if let Some(url) = &report.url {
        let work = |number: u32| {
            let mut work = Map::new();
            work.insert("@type".into(), json!("CreativeWork"));
            work.insert("url".into(), json!(url));
            if let Some(title) = &report.title {
                work.insert("headline".into(), json!(title));
            }
            work.insert("version".into(), json!(number.to_string()));
            if let Some(date) = revision_day(number) {
                work.insert("datePublished".into(), json!(date));
            }
            Value::Object(work)
        };
        item.insert("appearance".into(), work(report.revision));
        item.insert("firstAppearance".into(), work(first));
    }
    Value::Object(item)
}

/// A summary of the claim under [`CLAIM_REVIEWED_MAX`] characters: a quote in quotation marks,
/// a number with the words around it from its sentence.
pub(super) fn claim_reviewed(claim: &ClaimView) -> String {
    if claim.kind == ClaimKind::Quote {
        let inner = shorten(&claim.text, CLAIM_REVIEWED_MAX - 2);
        return format!("“{inner}”");
    }
    let sentence = claim.sentence_text.trim();
    if sentence.chars().count() <= CLAIM_REVIEWED_MAX {
        return sentence.to_owned();
    }
    // Keep the phrase in view: start a few words before it when the sentence is long.
    let phrase = claim.phrase.as_deref().unwrap_or(&claim.text);
    let Some(at) = sentence.find(phrase) else {
        return shorten(sentence, CLAIM_REVIEWED_MAX);
    };
    let before: Vec<&str> = sentence[..at].split_whitespace().collect();
    let keep = before.len().min(4);
    let start = if keep == before.len() {
        0
    } else {
        let lead = before[before.len() - keep..].join(" ");
        sentence[..at].rfind(&lead).unwrap_or(0)
    };
    if start == 0 {
        return shorten(sentence, CLAIM_REVIEWED_MAX);
    }
    format!("…{}", shorten(&sentence[start..], CLAIM_REVIEWED_MAX - 1))
}

/// Person or Organization for a speaker's name.
///
/// The extractor resolves names but does not classify them; an institution's name nearly always
/// carries one of these words, and a person is the better guess otherwise.
fn speaker_type(name: &str) -> &'static str {
    const INSTITUTIONS: [&str; 31] = [
        "ministry",
        "committee",
        "council",
        "office",
        "agency",
        "department",
        "government",
        "organization",
        "organisation",
        "red cross",
        "red crescent",
        "united nations",
        "commission",
        "police",
        "army",
        "forces",
        "observatory",
        "association",
        "union",
        "bank",
        "company",
        "group",
        "institute",
        "foundation",
        "university",
        "court",
        "parliament",
        "senate",
        "congress",
        "kremlin",
        "white house",
    ];
    let lower = name.to_lowercase();
    let words: Vec<&str> = lower.split_whitespace().collect();
    let is_institution = INSTITUTIONS.iter().any(|w| {
        if w.contains(' ') {
            lower.contains(w)
        } else {
            words.contains(w)
        }
    }) || words
        .iter()
        .any(|w| ["un", "icrc", "who", "nato", "eu"].contains(w))
        || name.chars().all(|c| c.is_ascii_uppercase()) && name.len() >= 2;
    if is_institution {
        "Organization"
    } else {
        "Person"
    }
}

#[cfg(test)]
mod tests {
    use super::super::display::shorten;
    use super::{CLAIM_REVIEWED_MAX, speaker_type};

    #[test]
    fn shortens_at_word_boundaries() {
        assert_eq!(shorten("short enough", 20), "short enough");
        let long = "Our assessment is, unfortunately, that the humanitarian situation is most likely to deteriorate";
        let cut = shorten(long, CLAIM_REVIEWED_MAX);
        assert!(cut.chars().count() <= CLAIM_REVIEWED_MAX, "{cut}");
        assert!(cut.ends_with('…'));
        assert!(long.starts_with(cut.trim_end_matches('…')));
        assert_eq!(shorten("abcdefghij", 5), "abcd…");
    }

    #[test]
    fn tells_institutions_from_people() {
        assert_eq!(speaker_type("Foreign Ministry"), "Organization");
        assert_eq!(speaker_type("ICRC"), "Organization");
        assert_eq!(
            speaker_type("International Committee of the Red Cross"),
            "Organization"
        );
        assert_eq!(speaker_type("Jakob Kellenberger"), "Person");
        assert_eq!(speaker_type("Sergei Lavrov"), "Person");
    }
}
