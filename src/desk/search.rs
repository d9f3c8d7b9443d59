//! `search`: claims across every article named by a query's words.

use super::{Desk, DeskError};
use crate::extract;
use crate::model::{ArticleId, ClaimId, ClaimKind, Review};
use crate::store::FoundClaim;

/// A claim found by `search`, with where it appeared and its state there.
#[derive(Debug, Clone)]
pub struct SearchHit {
    /// The claim.
    pub claim: ClaimId,
    /// Quote or number.
    pub kind: ClaimKind,
    /// Its text.
    pub text: String,
    /// For a number, the sentence it was said in (where the store first saw it): its text is
    /// the figure alone.
    pub sentence: Option<String>,
    /// Each article it appears in, with the claim's review there.
    pub appearances: Vec<Appearance>,
}

/// A claim in one article, found by `search`.
#[derive(Debug, Clone)]
pub struct Appearance {
    /// The claim's review in the article.
    pub review: Review,
    /// Whether the article's latest revision still carries it (else an earlier one did).
    pub in_latest: bool,
}

/// What `search` looks for: the query's words, folded.
struct SearchQuery {
    folded: String,
}

impl SearchQuery {
    fn new(query: &str) -> Result<Self, DeskError> {
        let folded = fold(query);
        if folded.is_empty() {
            return Err(DeskError::InvalidValue {
                what: "the search text has no letters or digits: give words of the quote or claim"
                    .to_owned(),
            });
        }
        Ok(Self { folded })
    }

    fn words(&self) -> impl Iterator<Item = &str> {
        self.folded.split(' ')
    }

    /// The longest ASCII word, which every match holds as written: the scan skips, unread, the
    /// claims without it.
    fn scan_word(&self) -> Option<&str> {
        self.words()
            .filter(|w| w.is_ascii())
            .max_by_key(|w| w.len())
    }

    fn matches(&self, claim: &FoundClaim) -> bool {
        let text = fold(&claim.text);
        if text.contains(&self.folded) {
            return true;
        }
        claim.kind == ClaimKind::Number
            && extract::sentence_of_canonical(&claim.canonical)
                .is_some_and(|sentence| self.names_number(&text, sentence))
    }

    /// A number's text is the figure alone, so it is also found by words around it ("8,000
    /// killed", "two rebels"): each word of the query begins a word of its sentence, one is the
    /// number's own, and so is every word with a digit ("8,000 people" must not find the 8 of
    /// "8 of the 1,000 people").
    fn names_number(&self, number: &str, sentence: &str) -> bool {
        let sentence = fold(sentence);
        let mut names_it = false;
        for word in self.words() {
            if number.split(' ').any(|own| own == word) {
                names_it = true;
            } else if word.bytes().any(|b| b.is_ascii_digit())
                || !sentence.split(' ').any(|other| other.starts_with(word))
            {
                return false;
            }
        }
        names_it
    }
}

/// Folds text for matching across articles: case, punctuation and quotation marks ignored.
pub fn fold(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for ch in text.chars().flat_map(char::to_lowercase) {
        if ch.is_alphanumeric() {
            out.push(ch);
        } else if !out.ends_with(' ') && !out.is_empty() {
            out.push(' ');
        }
    }
    out.trim_end().to_owned()
}

impl Desk {
    /// Claims in any article that `query` names, folded (see [`fold`]): a quote or number whose
    /// text holds it, or a number named with words of its sentence ("8,000 killed").
    pub fn search(&self, query: &str) -> Result<Vec<SearchHit>, DeskError> {
        let query = SearchQuery::new(query)?;
        let mut hits = Vec::new();
        // Reviews are read per article, all of its hits at once: a claim nobody has touched has
        // no review row, and its initial review is read from the article's revisions.
        // (hit, place in its list of articles, claim) by article; `slots` keeps each hit's
        // appearances in the order its articles are listed.
        let mut wanted_in: std::collections::BTreeMap<ArticleId, Vec<(usize, usize, ClaimId)>> =
            Default::default();
        let mut slots: Vec<Vec<Option<Appearance>>> = Vec::new();
        let found = self
            .store
            .find_claims(query.scan_word(), |claim| query.matches(claim))?;
        // A common phrase can be in thousands of claims and articles: their rows are read on
        // every core, as the scan was.
        let articles_of =
            crate::parallel::map(&found, |claim| self.store.articles_of_claim(&claim.id));
        for (claim, articles) in found.into_iter().zip(articles_of) {
            let articles = articles?;
            slots.push(vec![None; articles.len()]);
            for (place, article) in articles.into_iter().enumerate() {
                wanted_in
                    .entry(article)
                    .or_default()
                    .push((hits.len(), place, claim.id));
            }
            let sentence = match claim.kind {
                ClaimKind::Number => extract::sentence_of_canonical(&claim.canonical),
                ClaimKind::Quote => None,
            };
            hits.push(SearchHit {
                claim: claim.id,
                kind: claim.kind,
                sentence: sentence.map(str::to_owned),
                text: claim.text,
                appearances: Vec::new(),
            });
        }
        let wanted_in: Vec<_> = wanted_in.into_iter().collect();
        let reviews = crate::parallel::map(&wanted_in, |(article, wanted)| {
            let ids: Vec<ClaimId> = wanted.iter().map(|(.., id)| *id).collect();
            let latest = self.revision(article, None)?.claims;
            let reviews = self.store.reviews_of(article, &ids)?;
            Ok::<_, DeskError>((reviews, latest))
        });
        for ((_, wanted), found) in wanted_in.into_iter().zip(reviews) {
            let (reviews, latest) = found?;
            for ((hit, place, claim), review) in wanted.into_iter().zip(reviews) {
                slots[hit][place] = review.map(|review| Appearance {
                    review,
                    in_latest: latest.contains(&claim),
                });
            }
        }
        for (hit, found) in hits.iter_mut().zip(slots) {
            hit.appearances = found.into_iter().flatten().collect();
        }
        Ok(hits)
    }
}
