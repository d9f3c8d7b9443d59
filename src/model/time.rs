//! Wall-clock instants as milliseconds since the Unix epoch, shown as RFC 3339 UTC, and the
//! publication dates articles give, kept as written. Calendars are jiff's: a day that does not
//! exist (February 31) is refused, never rolled over into the next month.
//!
//! The library never reads the clock: callers pass a `Timestamp` in, so tests can pin time.

use std::fmt;

/// Milliseconds since 1970-01-01T00:00:00Z.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Timestamp(pub i64);

impl Timestamp {
    /// Parses an RFC 3339 instant with a `Z` (`2026-01-15T09:00:00Z`, fractions kept to the
    /// millisecond) or plain milliseconds since the epoch.
    pub fn parse(text: &str) -> Option<Timestamp> {
        if let Ok(ms) = text.parse::<i64>() {
            return Some(Timestamp(ms));
        }
        // UTC only: an offset would be a second way of writing the same instant.
        if !text.ends_with('Z') {
            return None;
        }
        let instant: jiff::Timestamp = text.parse().ok()?;
        Some(Timestamp(instant.as_millisecond()))
    }

    /// The day, `YYYY-MM-DD`, in UTC.
    pub fn date(&self) -> String {
        self.utc().strftime("%Y-%m-%d").to_string()
    }

    fn utc(&self) -> jiff::Timestamp {
        // Out of jiff's range (years past ±9999) only through a damaged value: shown at the end.
        jiff::Timestamp::from_millisecond(self.0).unwrap_or(if self.0 < 0 {
            jiff::Timestamp::MIN
        } else {
            jiff::Timestamp::MAX
        })
    }
}

impl fmt::Display for Timestamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.utc().strftime("%Y-%m-%dT%H:%M:%SZ"))
    }
}

/// When a version of an article came out, as the newsroom wrote it: a day (`2024-03-14`) or a
/// time (`2024-03-14T09:30:00+01:00`, with or without seconds, fraction and offset). Kept as
/// given, once checked to be a real day and time.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Published(String);

impl Published {
    /// Checks `text` (trimmed): `None` unless it is a real date, or date and time.
    pub fn parse(text: &str) -> Option<Published> {
        let text = text.trim();
        let date = text.get(..10)?;
        // jiff reads more shapes (a week date, a year of six digits); an article's date is
        // written YYYY-MM-DD.
        let shaped = date.bytes().enumerate().all(|(at, b)| match at {
            4 | 7 => b == b'-',
            _ => b.is_ascii_digit(),
        });
        if !shaped {
            return None;
        }
        let rest = &text[10..];
        let valid = if rest.is_empty() {
            date.parse::<jiff::civil::Date>().is_ok()
        } else {
            let time = rest.strip_prefix('T')?;
            let zone_at = time.find(['Z', '+', '-']).unwrap_or(time.len());
            let (clock, zone) = time.split_at(zone_at);
            // HH:MM or HH:MM:SS, then an optional fraction; jiff also takes HHMM.
            let clock_only = clock.split('.').next().unwrap_or("");
            let clock_shaped = (clock_only.len() == 5 || clock_only.len() == 8)
                && clock_only.bytes().enumerate().all(|(at, b)| match at {
                    2 | 5 => b == b':',
                    _ => b.is_ascii_digit(),
                });
            let zone_shaped = zone.is_empty()
                || zone == "Z"
                || (zone.len() == 5 || zone.len() == 6)
                    && zone[1..].bytes().all(|b| b.is_ascii_digit() || b == b':');
            let civil = format!("{date}T{clock}");
            clock_shaped
                && zone_shaped
                && civil.parse::<jiff::civil::DateTime>().is_ok()
                && (zone.is_empty() || zone == "Z" || text.parse::<jiff::Timestamp>().is_ok())
        };
        valid.then(|| Published(text.to_owned()))
    }

    /// As given.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The day, `YYYY-MM-DD`, as written.
    pub fn date(&self) -> &str {
        &self.0[..10]
    }
}

impl fmt::Display for Published {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_rfc3339() {
        for text in [
            "1970-01-01T00:00:00Z",
            "2026-11-28T04:32:27Z",
            "2000-02-29T23:59:59Z",
        ] {
            let ts = Timestamp::parse(text).expect(text);
            assert_eq!(ts.to_string(), text);
        }
        assert_eq!(
            Timestamp::parse("2026-11-28T04:32:27Z").map(|t| t.0),
            Some(1_795_840_347_000)
        );
        assert_eq!(Timestamp::parse("2026-13-01T00:00:00Z"), None);
        // Issue 17: was taken as March 3.
        assert_eq!(Timestamp::parse("2026-02-31T10:00:00Z"), None);
        assert_eq!(Timestamp::parse("2026-01-15T09:00:00+01:00"), None);
        assert_eq!(Timestamp::parse("yesterday"), None);
    }

    #[test]
    fn publication_dates_are_kept_as_given_when_they_are_real() {
        for text in [
            "2024-03-14",
            "2024-02-29",
            "2024-03-14T09:30:00Z",
            "2024-03-14T09:30Z",
            "2024-03-14T09:30:00",
            "2018-04-05T06:00",
            "2024-03-14T09:30:00.250+01:00",
            "2024-03-14T23:30:00-0500",
        ] {
            let published = Published::parse(text).expect(text);
            assert_eq!(published.as_str(), text);
            assert_eq!(published.date(), &text[..10]);
        }
        assert_eq!(
            Published::parse(" 2024-03-14 ").map(|p| p.to_string()),
            Some("2024-03-14".into())
        );
        for text in [
            "",
            "yesterday",
            "2023-02-29",
            "2024-13-01",
            "2024-04-31",
            "2024-3-14",
            "14/03/2024",
            "2024-03-14T25:00:00Z",
            "2024-03-14T09:30:00+1",
            "2024-03-14 09:30",
            "2024-03-14T09:30:00Zjunk",
            "2024-03-14T0é:30Z",
            "2024-03-14T09:30+1é1",
        ] {
            assert_eq!(Published::parse(text), None, "{text}");
        }
    }
}
