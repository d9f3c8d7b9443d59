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
}
