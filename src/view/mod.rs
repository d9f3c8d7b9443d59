//! The typed views of the store that every front end renders: the listings and one-claim pages
//! of the command line (as text or as the JSON shapes README documents), and of the web desk to
//! come. Each is built from `Desk` reads alone; front ends only render them.
//!
//! A view's serialized form is a public contract: fields may be added, never renamed or removed.

mod articles;
mod assignments;
mod corrections;
mod gate;
mod history;
mod queue;
mod revisions;
mod search;
mod show;

pub use self::articles::{ArticleLine, article_line, articles};
pub use self::assignments::{AssignmentLine, assignments};
pub use self::corrections::{CorrectedText, DismissedClaim, GoldNumber, GoldQuote, corrections};
pub use self::gate::{BlockingLine, GateView, gate};
pub use self::history::{
    EventLine, ReplacesLine, article_history, claim_history, describe_entry, describe_event,
};
pub use self::queue::{QueueLine, queue};
pub use self::revisions::{RevisionLine, revisions};
pub use self::search::{SearchLine, search};
pub use self::show::{AppearanceLine, ShowView, show, show_claim};

/// `n` and its noun, agreeing: "1 claim", "2 claims".
pub fn count(n: u64, noun: &str) -> String {
    if n == 1 {
        format!("1 {noun}")
    } else {
        format!("{n} {noun}s")
    }
}
