//! HTML pages saved from a CMS or a browser: the article's text, title and canonical URL.
//!
//! The main text is found with dom_smoothie, a port of Firefox's Readability (measured best here:
//! token F1 0.98 on 39 real news pages). Its formatted text mode keeps one paragraph a block,
//! which is what sentence splitting and claim provenance need. This is the only module that names
//! dom_smoothie.

use dom_smoothie::{Config, Readability, TextMode};

/// The article found in a page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HtmlArticle {
    /// The article's text, paragraphs separated by blank lines.
    pub text: String,
    /// The headline, from the page's metadata or title.
    pub title: Option<String>,
    /// The page's canonical URL, when it names one.
    pub url: Option<String>,
    /// When the page says the article was published (`article:published_time`, JSON-LD
    /// `datePublished`), as written.
    pub published: Option<String>,
}

/// Why no article could be taken from a page.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "no article text found in the HTML page ({reason}): save the article's own page, or paste its text into a .txt file"
)]
pub struct NoArticle {
    /// What the extractor said.
    pub reason: String,
}

/// Pages beyond this many elements are cut short rather than parsed for minutes: a guard against
/// generated or hostile HTML (real news pages have a few thousand).
const MAX_ELEMENTS: usize = 50_000;

/// Real pages nest a few dozen elements deep; readability's scoring walks ancestors, so a page
/// nested thousands deep (an "HTML bomb") would take minutes. Such pages are refused.
const MAX_DEPTH: usize = 1_000;

/// The fewest letters and digits that make an article (a one-sentence brief has more).
const MIN_LETTERS: usize = 40;

/// The article of an HTML page.
pub fn article(html: &str) -> Result<HtmlArticle, NoArticle> {
    let depth = nesting_depth(html);
    if depth > MAX_DEPTH {
        return Err(NoArticle {
            reason: format!("elements nested {depth} deep, more than {MAX_DEPTH}"),
        });
    }
    let config = Config {
        text_mode: TextMode::Formatted,
        max_elements_to_parse: MAX_ELEMENTS,
        ..Default::default()
    };
    let mut readability = Readability::new(html, None, Some(config)).map_err(|err| NoArticle {
        reason: err.to_string(),
    })?;
    let parsed = readability.parse().map_err(|err| NoArticle {
        reason: err.to_string(),
    })?;
    let text = paragraphs(&parsed.text_content);
    // Readability returns whatever scored best, even a lone menu label; so little text is a page
    // without an article, not an article.
    let letters = text.chars().filter(|c| c.is_alphanumeric()).count();
    if letters < MIN_LETTERS {
        return Err(NoArticle {
            reason: format!("only {letters} letters of text"),
        });
    }
    let title = Some(parsed.title.trim().to_owned()).filter(|t| !t.is_empty());
    let url = parsed
        .url
        .clone()
        .or_else(|| canonical_link(html))
        .filter(|u| u.starts_with("http"));
    let published = parsed
        .published_time
        .as_deref()
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .map(str::to_owned);
    Ok(HtmlArticle {
        text,
        title,
        url,
        published,
    })
}

/// Whether `text` looks like an HTML page rather than prose.
pub fn looks_like_html(text: &str) -> bool {
    let head: String = text
        .trim_start()
        .chars()
        .take(512)
        .collect::<String>()
        .to_ascii_lowercase();
    head.starts_with("<!doctype html")
        || head.starts_with("<html")
        || head.starts_with("<?xml") && head.contains("<html")
        || (head.starts_with('<') && (head.contains("<head") || head.contains("<body")))
}

/// The deepest element nesting, counted from start and end tags; void elements (`<br>`, `<img>`)
/// and self-closed tags do not nest.
fn nesting_depth(html: &str) -> usize {
    const VOID: [&str; 14] = [
        "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
        "track", "wbr", "!--",
    ];
    let (mut depth, mut deepest) = (0usize, 0usize);
    let bytes = html.as_bytes();
    let mut at = 0;
    while let Some(found) = html.get(at..).and_then(|rest| rest.find('<')) {
        let start = at + found + 1;
        let end = html
            .get(start..)
            .and_then(|rest| rest.find('>'))
            .map_or(html.len(), |e| start + e);
        let tag = html.get(start..end).unwrap_or("");
        let name: String = tag
            .trim_start_matches('/')
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '!' || *c == '-')
            .collect::<String>()
            .to_ascii_lowercase();
        if tag.starts_with('/') {
            depth = depth.saturating_sub(1);
        } else if !name.is_empty()
            && !name.starts_with('!')
            && !VOID.contains(&name.as_str())
            && !tag.ends_with('/')
            && bytes.get(start).is_some_and(u8::is_ascii_alphabetic)
        {
            depth += 1;
            deepest = deepest.max(depth);
        }
        at = end;
    }
    deepest
}

/// The text of a page with every tag dropped: the fallback when no article can be found.
pub fn strip_tags(html: &str) -> String {
    let mut out = String::with_capacity(html.len() / 2);
    let mut in_tag = false;
    for ch in html.chars() {
        match ch {
            '<' => in_tag = true,
            '>' if in_tag => {
                in_tag = false;
                out.push(' ');
            }
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    out
}

/// Formatted text separates blocks with single newlines; our paragraphs are separated by blank
/// lines, so every non-empty line becomes a paragraph.
fn paragraphs(text: &str) -> String {
    text.lines()
        .map(str::trim)
        .filter(|line| !line.is_empty())
        .collect::<Vec<_>>()
        .join("\n\n")
}

/// `<link rel="canonical" href="…">`, read without a full parse: it sits in the head.
fn canonical_link(html: &str) -> Option<String> {
    let lower = html.to_ascii_lowercase();
    let mut from = 0;
    while let Some(found) = lower.get(from..)?.find("<link") {
        let start = from + found;
        let end = start + lower.get(start..)?.find('>')?;
        let tag = lower.get(start..end)?;
        if tag.contains("canonical") {
            let href = tag.find("href=")? + 5;
            let quote = tag.as_bytes().get(href).copied()?;
            if quote == b'"' || quote == b'\'' {
                let rest = html.get(start + href + 1..end)?;
                let close = rest.find(char::from(quote))?;
                return Some(rest[..close].trim().to_owned());
            }
        }
        from = end;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    const PAGE: &str = r#"<!DOCTYPE html><html><head><title>Truce talks | Example News</title>
<link rel="canonical" href="https://news.example/world/truce"></head>
<body><nav><a href="/">Home</a> <a href="/world">World</a></nav>
<article><h1>Truce talks resume</h1>
<p>The UN estimates more than 8,000 people have been killed since the revolt began a year ago, officials said on Monday in Geneva.</p>
<p>"We need a pause every day," the head of the Red Cross told reporters after a long meeting with the foreign minister in Moscow.</p>
<p>Talks will resume next week in Geneva, with delegations from both sides expected to attend and observers from the region.</p>
</article><aside>Related: <a href="/a">Other story</a></aside><script>var x = 1;</script></body></html>"#;

    #[test]
    fn keeps_the_article_paragraphs_and_drops_the_chrome() {
        let article = article(PAGE).expect("an article");
        assert!(
            article.text.contains("more than 8,000 people"),
            "{}",
            article.text
        );
        assert!(
            article.text.contains("\n\n\"We need a pause every day,\""),
            "{}",
            article.text
        );
        assert!(!article.text.contains("var x"), "{}", article.text);
        assert!(!article.text.contains("Related"), "{}", article.text);
        assert_eq!(
            article.url.as_deref(),
            Some("https://news.example/world/truce")
        );
        assert!(
            article
                .title
                .as_deref()
                .is_some_and(|t| t.contains("Truce talks"))
        );
    }

    #[test]
    fn recognises_html_by_content() {
        assert!(looks_like_html(PAGE));
        assert!(looks_like_html("  <html lang=\"en\"><body>x</body></html>"));
        assert!(!looks_like_html("He said \"<b>\" is a tag."));
    }

    #[test]
    fn a_page_without_text_is_an_error_not_a_panic() {
        assert!(article("<html><body><nav>Menu</nav></body></html>").is_err());
        assert!(article("").is_err());
        let deep = "<div>".repeat(50_000) + "text" + &"</div>".repeat(50_000);
        let err = article(&deep).expect_err("an HTML bomb is refused");
        assert!(err.reason.contains("nested 50000 deep"), "{err}");
        assert_eq!(
            nesting_depth("<p>a<br>b<img src=x/></p><div><span>c</span></div>"),
            2
        );
    }
}
