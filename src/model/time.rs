//! Wall-clock instants as milliseconds since the Unix epoch, shown as RFC 3339 UTC.
//!
//! The library never reads the clock: callers pass a `Timestamp` in, so tests can pin time.

use std::fmt;

/// Milliseconds since 1970-01-01T00:00:00Z.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Timestamp(pub i64);

impl Timestamp {
    /// Parses `YYYY-MM-DDTHH:MM:SS[.fff]Z` (UTC only) or plain milliseconds since the epoch.
    pub fn parse(text: &str) -> Option<Timestamp> {
        if let Ok(ms) = text.parse::<i64>() {
            return Some(Timestamp(ms));
        }
        let text = text.strip_suffix('Z')?;
        let (date, time) = text.split_once('T')?;
        let mut date_parts = date.splitn(3, '-');
        let year: i64 = date_parts.next()?.parse().ok()?;
        let month: u32 = date_parts.next()?.parse().ok()?;
        let day: u32 = date_parts.next()?.parse().ok()?;
        let (clock, millis) = match time.split_once('.') {
            Some((clock, frac)) => {
                let digits: String = frac.chars().take(3).collect();
                let millis: i64 = format!("{digits:0<3}").parse().ok()?;
                (clock, millis)
            }
            None => (time, 0),
        };
        let mut clock_parts = clock.splitn(3, ':');
        let hour: i64 = clock_parts.next()?.parse().ok()?;
        let minute: i64 = clock_parts.next()?.parse().ok()?;
        let second: i64 = clock_parts.next()?.parse().ok()?;
        let valid = (1..=12).contains(&month)
            && (1..=31).contains(&day)
            && hour < 24
            && minute < 60
            && second < 61;
        if !valid {
            return None;
        }
        let days = days_from_civil(year, month, day);
        Some(Timestamp(
            ((days * 24 + hour) * 60 + minute) * 60_000 + second * 1000 + millis,
        ))
    }

    /// The date part, `YYYY-MM-DD`.
    pub fn date(&self) -> String {
        let (year, month, day) = civil_from_days(self.0.div_euclid(86_400_000));
        format!("{year:04}-{month:02}-{day:02}")
    }
}

impl fmt::Display for Timestamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let ms_of_day = self.0.rem_euclid(86_400_000);
        let seconds = ms_of_day / 1000;
        write!(
            f,
            "{}T{:02}:{:02}:{:02}Z",
            self.date(),
            seconds / 3600,
            seconds / 60 % 60,
            seconds % 60
        )
    }
}

/// When an article was first published, as its publisher gave it: a calendar date (`2024-03-14`)
/// or an ISO 8601 time, with its offset (`2024-03-14T09:30:00+01:00`, `…Z`) or without (a local
/// time, as pages often give). Kept as written: the day is the publisher's, which converting to
/// UTC could move.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Published(String);

impl Published {
    /// A date or time of one of the accepted shapes, checked against the calendar.
    pub fn parse(text: &str) -> Option<Published> {
        let text = text.trim();
        let (date, rest) = (text.get(..10)?, &text[10..]);
        let number = |digits: &str| -> Option<u32> {
            digits
                .bytes()
                .all(|b| b.is_ascii_digit())
                .then(|| digits.parse().ok())?
        };
        let [year, month, day] = [date.get(..4)?, date.get(5..7)?, date.get(8..)?].map(number);
        let (year, month, day) = (year?, month?, day?);
        let dashes = date.as_bytes()[4] == b'-' && date.as_bytes()[7] == b'-';
        if !dashes || !(1..=12).contains(&month) || day == 0 || day > days_in_month(year, month) {
            return None;
        }
        if rest.is_empty() {
            return Some(Published(text.to_owned()));
        }
        let time = rest.strip_prefix('T')?;
        let (clock, zone) = time.split_at(time.find(['Z', '+', '-']).unwrap_or(time.len()));
        let (clock, fraction) = clock.split_once('.').unwrap_or((clock, "0"));
        let mut parts = clock.split(':');
        let hour = number(parts.next()?)?;
        let minute = number(parts.next()?)?;
        let second = parts.next().map_or(Some(0), number)?;
        let clock_ok = clock.len() == 5 || clock.len() == 8;
        let time_ok = hour < 24 && minute < 60 && second < 61 && number(fraction).is_some();
        let zone_ok = zone.is_empty() || zone == "Z" || {
            let offset = zone[1..].replace(':', "");
            offset.len() == 4
                && offset.get(..2).and_then(number).is_some_and(|h| h < 24)
                && offset.get(2..).and_then(number).is_some_and(|m| m < 60)
        };
        (parts.next().is_none() && clock_ok && time_ok && zone_ok)
            .then(|| Published(text.to_owned()))
    }

    /// As given.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The publisher's day, `YYYY-MM-DD`.
    pub fn date(&self) -> &str {
        &self.0[..10]
    }
}

impl fmt::Display for Published {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

fn days_in_month(year: u32, month: u32) -> u32 {
    match month {
        2 if year.is_multiple_of(4) && (!year.is_multiple_of(100) || year.is_multiple_of(400)) => {
            29
        }
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

// Howard Hinnant's days-from-civil algorithms: exact for the proleptic Gregorian calendar.
fn days_from_civil(year: i64, month: u32, day: u32) -> i64 {
    let year = if month <= 2 { year - 1 } else { year };
    let era = year.div_euclid(400);
    let year_of_era = year - era * 400;
    let month = i64::from(month);
    let day_of_year =
        (153 * (if month > 2 { month - 3 } else { month + 9 }) + 2) / 5 + i64::from(day) - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    era * 146_097 + day_of_era - 719_468
}

fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let days = days + 719_468;
    let era = days.div_euclid(146_097);
    let day_of_era = days - era * 146_097;
    let year_of_era =
        (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let mp = (5 * day_of_year + 2) / 153;
    let day = (day_of_year - (153 * mp + 2) / 5 + 1) as u32;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let year = year_of_era + era * 400 + i64::from(month <= 2);
    (year, month, day)
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
