//! Timestamps as the SageMaker API carries them.
//!
//! Read: epoch seconds (integer or fraction, kept to the microsecond, as
//! botocore does) or ISO-8601 / RFC 3339 text with `Z` or a numeric offset.
//! Written: RFC 3339 in UTC with a `Z`, with as many fraction digits (0, 3,
//! 6 or 9) as needed to keep the value exact.

use std::borrow::Cow;
use std::fmt;
use std::ops::Range;

use jiff::civil::DateTime;
use jiff::fmt::temporal::{DateTimePrinter, Pieces, PiecesOffset};
use jiff::SignedDuration;

/// A point in time, as seconds and nanoseconds since the Unix epoch (UTC).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Timestamp {
    secs: i64,
    nanos: u32,
}

/// Why a timestamp could not be read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TimestampError(pub String);

impl fmt::Display for TimestampError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for TimestampError {}

// Years 0..=9999: what RFC 3339 can write.
const MIN_SECS: i64 = -62_167_219_200;
const MAX_SECS: i64 = 253_402_300_799;

impl Timestamp {
    /// A timestamp from seconds and nanoseconds since the epoch.
    pub fn from_parts(secs: i64, nanos: u32) -> Option<Self> {
        (nanos < 1_000_000_000 && (MIN_SECS..=MAX_SECS).contains(&secs))
            .then_some(Timestamp { secs, nanos })
    }

    /// Whole seconds since the epoch.
    pub fn secs(&self) -> i64 {
        self.secs
    }

    /// Nanoseconds past [`Timestamp::secs`].
    pub fn subsec_nanos(&self) -> u32 {
        self.nanos
    }

    /// From epoch seconds with a fraction, rounded to the microsecond.
    pub fn from_epoch_f64(v: f64) -> Result<Self, TimestampError> {
        if !v.is_finite() {
            return Err(TimestampError(
                "epoch seconds must be a finite number".into(),
            ));
        }
        let micros = (v * 1e6).round();
        if micros < (MIN_SECS as f64) * 1e6 || micros > (MAX_SECS as f64) * 1e6 {
            return Err(TimestampError(format!(
                "epoch seconds {v} are outside the years 0 to 9999"
            )));
        }
        let micros = micros as i64;
        let secs = micros.div_euclid(1_000_000);
        let nanos = (micros.rem_euclid(1_000_000) * 1000) as u32;
        Ok(Timestamp { secs, nanos })
    }

    /// From whole epoch seconds.
    pub fn from_epoch_i128(v: i128) -> Result<Self, TimestampError> {
        i64::try_from(v)
            .ok()
            .and_then(|s| Self::from_parts(s, 0))
            .ok_or_else(|| {
                TimestampError(format!("epoch seconds {v} are outside the years 0 to 9999"))
            })
    }

    /// Parses RFC 3339 / ISO-8601 text: `2024-05-01T12:00:00Z`,
    /// `2024-05-01T12:00:00.123456+00:00`, `2024-05-01 12:00:00+02:00`.
    ///
    /// Accepted: `YYYY-MM-DD`, `T` (or `t` or a space), `hh:mm:ss`, an
    /// optional fraction of one or more digits (nine are kept), then `Z` (or
    /// `z`) or an offset `±hh:mm` of less than a day. A leap second is
    /// folded into the next second. `jiff` reads the date, time and offset.
    pub fn parse(text: &str) -> Result<Self, TimestampError> {
        let err = || {
            TimestampError(format!(
                "`{text}` is not a timestamp: expected ISO-8601 such as `2024-05-01T12:00:00Z` or epoch seconds"
            ))
        };
        let shape = Shape::of(text.as_bytes()).ok_or_else(err)?;
        // jiff reads at most nine fraction digits; the rest are dropped.
        let text_for_jiff = match &shape.fraction {
            Some(digits) if digits.len() > 9 => Cow::Owned(format!(
                "{}{}",
                &text[..digits.start + 9],
                &text[digits.end..]
            )),
            _ => Cow::Borrowed(text),
        };
        let pieces = Pieces::parse(text_for_jiff.as_ref()).map_err(|_| err())?;
        let offset = match pieces.offset() {
            Some(PiecesOffset::Zulu) => 0,
            Some(PiecesOffset::Numeric(n)) => i128::from(n.offset().seconds()),
            _ => return Err(err()),
        };
        let time = pieces.time().ok_or_else(err)?;
        // Civil arithmetic, not jiff's `Timestamp`: its range stops a day
        // short of 9999-12-31 (it leaves room for any offset).
        let since_epoch = pieces.date().to_datetime(time).duration_since(EPOCH);
        // jiff reads second 60 as 59; most clients take it as the next second.
        let leap = if shape.leap_second { NANOS_PER_SEC } else { 0 };
        let nanos = since_epoch.as_nanos() - offset * NANOS_PER_SEC + leap;
        let secs = i64::try_from(nanos.div_euclid(NANOS_PER_SEC)).map_err(|_| err())?;
        let subsec = u32::try_from(nanos.rem_euclid(NANOS_PER_SEC)).map_err(|_| err())?;
        Timestamp::from_parts(secs, subsec).ok_or_else(err)
    }

    /// RFC 3339 in UTC: `2024-05-01T12:00:00Z`, `2024-05-01T12:00:00.250Z`.
    pub fn to_rfc3339(&self) -> String {
        self.to_string()
    }
}

impl fmt::Display for Timestamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // As many fraction digits as keep the value exact: 0, 3, 6 or 9.
        let printer = if self.nanos == 0 {
            &PRINTERS[0]
        } else if self.nanos.is_multiple_of(1_000_000) {
            &PRINTERS[1]
        } else if self.nanos.is_multiple_of(1000) {
            &PRINTERS[2]
        } else {
            &PRINTERS[3]
        };
        // Every `Timestamp` is a civil date of the years 0 to 9999 in UTC.
        let nanos = i32::try_from(self.nanos).map_err(|_| fmt::Error)?;
        let utc = EPOCH
            .checked_add(SignedDuration::new(self.secs, nanos))
            .map_err(|_| fmt::Error)?;
        printer
            .print_datetime(&utc, jiff::fmt::StdFmtWrite(&mut *f))
            .map_err(|_| fmt::Error)?;
        f.write_str("Z")
    }
}

impl std::str::FromStr for Timestamp {
    type Err = TimestampError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Timestamp::parse(s)
    }
}

impl serde::Serialize for Timestamp {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> serde::Deserialize<'de> for Timestamp {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl serde::de::Visitor<'_> for V {
            type Value = Timestamp;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an ISO-8601 timestamp or epoch seconds")
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Timestamp, E> {
                Timestamp::parse(v).map_err(E::custom)
            }
            fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<Timestamp, E> {
                Timestamp::from_epoch_i128(v.into()).map_err(E::custom)
            }
            fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<Timestamp, E> {
                Timestamp::from_epoch_i128(v.into()).map_err(E::custom)
            }
            fn visit_f64<E: serde::de::Error>(self, v: f64) -> Result<Timestamp, E> {
                Timestamp::from_epoch_f64(v).map_err(E::custom)
            }
        }
        d.deserialize_any(V)
    }
}

const NANOS_PER_SEC: i128 = 1_000_000_000;

const EPOCH: DateTime = DateTime::constant(1970, 1, 1, 0, 0, 0, 0);

/// Printers of a civil date and time with 0, 3, 6 and 9 fraction digits.
static PRINTERS: [DateTimePrinter; 4] = [
    DateTimePrinter::new().precision(Some(0)),
    DateTimePrinter::new().precision(Some(3)),
    DateTimePrinter::new().precision(Some(6)),
    DateTimePrinter::new().precision(Some(9)),
];

/// The forms tjspec accepts: `YYYY-MM-DD`, `T` (or `t` or a space),
/// `hh:mm:ss`, an optional fraction of one or more digits, then `Z` (or `z`)
/// or an offset `+hh:mm`/`-hh:mm` of less than a day. jiff reads more (no
/// seconds, `+0200`, `+02`, a bracketed time zone); those are refused, so
/// what tjspec reads is what RFC 3339 writes.
struct Shape {
    /// Byte range of the fraction's digits.
    fraction: Option<Range<usize>>,
    leap_second: bool,
}

impl Shape {
    fn of(b: &[u8]) -> Option<Shape> {
        let digits = |r: Range<usize>| b.get(r).is_some_and(|s| s.iter().all(u8::is_ascii_digit));
        let fixed = b.len() >= 20
            && digits(0..4)
            && b[4] == b'-'
            && digits(5..7)
            && b[7] == b'-'
            && digits(8..10)
            && matches!(b[10], b'T' | b't' | b' ')
            && digits(11..13)
            && b[13] == b':'
            && digits(14..16)
            && b[16] == b':'
            && digits(17..19);
        if !fixed {
            return None;
        }
        let mut i = 19;
        let mut fraction = None;
        if b[i] == b'.' {
            let start = i + 1;
            i = start;
            while b.get(i).is_some_and(u8::is_ascii_digit) {
                i += 1;
            }
            if i == start {
                return None;
            }
            fraction = Some(start..i);
        }
        let two = |at: usize| u32::from(b[at] - b'0') * 10 + u32::from(b[at + 1] - b'0');
        let offset_ok = match &b[i..] {
            [b'Z' | b'z'] => true,
            [b'+' | b'-', _, _, b':', _, _] => {
                digits(i + 1..i + 3) && digits(i + 4..i + 6) && two(i + 1) <= 23 && two(i + 4) <= 59
            }
            _ => false,
        };
        offset_ok.then(|| Shape {
            fraction,
            leap_second: &b[17..19] == b"60",
        })
    }
}

#[cfg(test)]
mod tests {
    use super::Timestamp;

    #[test]
    fn iso_forms_agree() {
        let z = Timestamp::parse("2024-05-01T12:00:00Z").unwrap();
        let plus = Timestamp::parse("2024-05-01T12:00:00+00:00").unwrap();
        let shifted = Timestamp::parse("2024-05-01T14:00:00+02:00").unwrap();
        assert_eq!(z, plus);
        assert_eq!(z, shifted);
        assert_eq!(z.secs(), 1_714_564_800);
        assert_eq!(z.to_string(), "2024-05-01T12:00:00Z");
    }

    #[test]
    fn fractions_keep_precision() {
        let t = Timestamp::parse("2024-05-01T12:00:00.123456+00:00").unwrap();
        assert_eq!(t.to_string(), "2024-05-01T12:00:00.123456Z");
        let t = Timestamp::from_epoch_f64(1_714_564_800.25).unwrap();
        assert_eq!(t.to_string(), "2024-05-01T12:00:00.250Z");
    }

    #[test]
    fn rejects_nonsense() {
        for bad in [
            "2024-13-01T00:00:00Z",
            "2024-02-30T00:00:00Z",
            "yesterday",
            "2024-05-01T12:00:00",
            "2024-05-01T12:00:00.Z",
        ] {
            assert!(Timestamp::parse(bad).is_err(), "{bad}");
        }
        assert!(Timestamp::from_epoch_f64(f64::NAN).is_err());
        assert!(Timestamp::from_epoch_i128(i128::MAX).is_err());
    }

    #[test]
    fn dates_round_trip_across_eras() {
        for secs in [-62_167_219_200i64, -1, 0, 951_782_400, 253_402_300_799] {
            let t = Timestamp::from_parts(secs, 0).unwrap();
            assert_eq!(Timestamp::parse(&t.to_string()).unwrap(), t);
        }
    }

    #[test]
    fn only_rfc3339_forms_are_read() {
        // Forms jiff itself would read, which tjspec refuses.
        for bad in [
            "2024-05-01T12:00Z",
            "2024-05-01T12:00:00+0200",
            "2024-05-01T12:00:00+02",
            "2024-05-01T12:00:00Z[UTC]",
            "2024-05-01T12:00:00+02:00[Europe/Paris]",
            "2024-05-01T12:00:00+24:00",
            "20240501T120000Z",
            "+002024-05-01T12:00:00Z",
            "2024-05-01T12:00:00,5Z",
        ] {
            assert!(Timestamp::parse(bad).is_err(), "{bad}");
        }
        for good in [
            "2024-05-01t12:00:00z",
            "2024-05-01 12:00:00Z",
            "2024-05-01T12:00:00-00:00",
        ] {
            assert_eq!(
                Timestamp::parse(good).unwrap().to_string(),
                "2024-05-01T12:00:00Z",
                "{good}"
            );
        }
    }

    #[test]
    fn leap_seconds_and_long_fractions() {
        let t = Timestamp::parse("2016-12-31T23:59:60.5Z").unwrap();
        assert_eq!(t.to_string(), "2017-01-01T00:00:00.500Z");
        assert!(Timestamp::parse("9999-12-31T23:59:60Z").is_err());
        let t = Timestamp::parse("2024-05-01T12:00:00.1234567891234+00:00").unwrap();
        assert_eq!(t.to_string(), "2024-05-01T12:00:00.123456789Z");
        let t = Timestamp::parse("1969-12-31T23:59:59.000000001Z").unwrap();
        assert_eq!((t.secs(), t.subsec_nanos()), (-1, 1));
        assert_eq!(t.to_string(), "1969-12-31T23:59:59.000000001Z");
        assert!(Timestamp::parse("0000-01-01T00:00:00+00:01").is_err());
    }
}
