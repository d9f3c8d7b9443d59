//! The articles of a store with their review progress (`articles`).

use std::collections::BTreeMap;

use serde::Serialize;

use crate::desk::{Desk, DeskError};
use crate::model::Article;

/// `articles --json`.
#[derive(Debug, Clone, Serialize)]
pub struct ArticleLine {
    /// The article's id.
    pub id: String,
    /// Its headline.
    pub title: Option<String>,
    /// Its published URL.
    pub url: Option<String>,
    /// When it came out, as given.
    pub published: Option<String>,
    /// Its number of revisions.
    pub revisions: u32,
    /// Claims of its latest revision in each state.
    pub states: BTreeMap<String, usize>,
}

/// Every article, in id order.
pub fn articles(desk: &Desk) -> Result<Vec<ArticleLine>, DeskError> {
    desk.articles()?
        .into_iter()
        .map(|article| article_line(desk, article))
        .collect()
}

/// One article's line: its claims counted per state (reads the claims of its latest revision).
pub fn article_line(desk: &Desk, article: Article) -> Result<ArticleLine, DeskError> {
    let mut states = BTreeMap::new();
    for claim in desk.claims(&article.id, None)? {
        *states.entry(claim.review.state).or_insert(0) += 1;
    }
    Ok(ArticleLine {
        id: article.id.to_string(),
        title: article.title,
        url: article.url,
        published: article.published.map(|p| p.to_string()),
        revisions: article.latest,
        states,
    })
}
