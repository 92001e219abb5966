//! Timestamps as the SageMaker API carries them.
//!
//! Read: epoch seconds (integer or fraction, kept to the microsecond, as
//! botocore does) or ISO-8601 / RFC 3339 text with `Z` or a numeric offset.
//! Written: RFC 3339 in UTC with a `Z`, with as many fraction digits (0, 3,
//! 6 or 9) as needed to keep the value exact.

use std::fmt;

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
    pub fn parse(text: &str) -> Result<Self, TimestampError> {
        let err = || {
            TimestampError(format!(
                "`{text}` is not a timestamp: expected ISO-8601 such as `2024-05-01T12:00:00Z` or epoch seconds"
            ))
        };
        let b = text.as_bytes();
        let digits = |from: usize, n: usize| -> Option<i64> {
            let s = b.get(from..from + n)?;
            s.iter()
                .all(u8::is_ascii_digit)
                .then(|| s.iter().fold(0i64, |a, d| a * 10 + i64::from(d - b'0')))
        };
        if b.len() < 20
            || b[4] != b'-'
            || b[7] != b'-'
            || !matches!(b[10], b'T' | b't' | b' ')
            || b[13] != b':'
            || b[16] != b':'
        {
            return Err(err());
        }
        let (year, month, day) = (
            digits(0, 4).ok_or_else(err)?,
            digits(5, 2).ok_or_else(err)?,
            digits(8, 2).ok_or_else(err)?,
        );
        let (hour, min, sec) = (
            digits(11, 2).ok_or_else(err)?,
            digits(14, 2).ok_or_else(err)?,
            digits(17, 2).ok_or_else(err)?,
        );
        if !(1..=12).contains(&month)
            || day < 1
            || day > days_in_month(year, month)
            || hour > 23
            || min > 59
            || sec > 60
        {
            return Err(err());
        }
        let mut i = 19;
        let mut nanos: u32 = 0;
        if b.get(i) == Some(&b'.') {
            i += 1;
            let start = i;
            while i < b.len() && b[i].is_ascii_digit() {
                if i - start < 9 {
                    nanos = nanos * 10 + u32::from(b[i] - b'0');
                }
                i += 1;
            }
            let n = i - start;
            if n == 0 {
                return Err(err());
            }
            for _ in n..9 {
                nanos *= 10;
            }
        }
        let offset = match b.get(i) {
            Some(b'Z' | b'z') if i + 1 == b.len() => 0,
            Some(sign @ (b'+' | b'-')) if i + 6 == b.len() && b[i + 3] == b':' => {
                let h = digits(i + 1, 2).ok_or_else(err)?;
                let m = digits(i + 4, 2).ok_or_else(err)?;
                if h > 23 || m > 59 {
                    return Err(err());
                }
                let o = h * 3600 + m * 60;
                if *sign == b'-' {
                    -o
                } else {
                    o
                }
            }
            _ => return Err(err()),
        };
        // A leap second is folded into the next second, as most clients do.
        let secs =
            days_from_civil(year, month, day) * 86_400 + hour * 3600 + min * 60 + sec - offset;
        Timestamp::from_parts(secs, nanos).ok_or_else(err)
    }

    /// RFC 3339 in UTC: `2024-05-01T12:00:00Z`, `2024-05-01T12:00:00.250Z`.
    pub fn to_rfc3339(&self) -> String {
        self.to_string()
    }
}

impl fmt::Display for Timestamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let days = self.secs.div_euclid(86_400);
        let rem = self.secs.rem_euclid(86_400);
        let (y, m, d) = civil_from_days(days);
        write!(
            f,
            "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}",
            rem / 3600,
            rem % 3600 / 60,
            rem % 60
        )?;
        if self.nanos != 0 {
            if self.nanos % 1_000_000 == 0 {
                write!(f, ".{:03}", self.nanos / 1_000_000)?;
            } else if self.nanos % 1000 == 0 {
                write!(f, ".{:06}", self.nanos / 1000)?;
            } else {
                write!(f, ".{:09}", self.nanos)?;
            }
        }
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

fn is_leap(y: i64) -> bool {
    (y % 4 == 0 && y % 100 != 0) || y % 400 == 0
}

fn days_in_month(y: i64, m: i64) -> i64 {
    match m {
        2 if is_leap(y) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

// Days since 1970-01-01 for a proleptic Gregorian date (H. Hinnant's algorithm).
fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

fn civil_from_days(z: i64) -> (i64, i64, i64) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    (yoe + era * 400 + i64::from(m <= 2), m, d)
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
}
