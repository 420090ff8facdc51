//! Validation of `datetime` values: the HTML standard's date and time
//! microsyntaxes (<https://html.spec.whatwg.org/multipage/common-microsyntaxes.html#dates-and-times>).
//!
//! A `del datetime` is kept only when it is one of: a valid date string
//! (`2024-02-29`), a valid time string (`10:30`, `10:30:05`, `10:30:05.123`),
//! a valid local date and time string (date, `T` or a space, time) or a valid
//! global date and time string (local date and time plus `Z` or a `+hh:mm` /
//! `-hhmm` offset). Anything else could smuggle text into an attribute that
//! readers never see, so it is dropped and reported.

/// Parse exactly `n` ASCII digits at the start of `s`.
fn digits(s: &str, n: usize) -> Option<(u32, &str)> {
    let head = s.get(..n)?;
    if !head.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    Some((head.parse().ok()?, &s[n..]))
}

fn is_leap(year: u32) -> bool {
    year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
}

/// A valid date string: four or more digits of year > 0, month, day.
fn date(s: &str) -> Option<&str> {
    let year_len = s.bytes().take_while(u8::is_ascii_digit).count();
    if !(4..=9).contains(&year_len) {
        return None;
    }
    let (year, rest) = digits(s, year_len)?;
    let rest = rest.strip_prefix('-')?;
    let (month, rest) = digits(rest, 2)?;
    let rest = rest.strip_prefix('-')?;
    let (day, rest) = digits(rest, 2)?;
    let days = match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if is_leap(year) => 29,
        2 => 28,
        _ => return None,
    };
    (year > 0 && (1..=days).contains(&day)).then_some(rest)
}

/// A valid time string: hh:mm, optionally :ss, optionally .s to .sss.
fn time(s: &str) -> Option<&str> {
    let (hour, rest) = digits(s, 2)?;
    let rest = rest.strip_prefix(':')?;
    let (minute, mut rest) = digits(rest, 2)?;
    if hour > 23 || minute > 59 {
        return None;
    }
    if let Some(after) = rest.strip_prefix(':') {
        let (second, after) = digits(after, 2)?;
        if second > 59 {
            return None;
        }
        rest = after;
        if let Some(fraction) = rest.strip_prefix('.') {
            let n = fraction.bytes().take_while(u8::is_ascii_digit).count();
            if !(1..=3).contains(&n) {
                return None;
            }
            rest = &fraction[n..];
        }
    }
    Some(rest)
}

/// A time-zone offset: `Z`, or `+`/`-` hh, optional `:`, mm.
fn zone(s: &str) -> Option<&str> {
    if let Some(rest) = s.strip_prefix('Z') {
        return Some(rest);
    }
    let rest = s.strip_prefix('+').or_else(|| s.strip_prefix('-'))?;
    let (hours, rest) = digits(rest, 2)?;
    let rest = rest.strip_prefix(':').unwrap_or(rest);
    let (minutes, rest) = digits(rest, 2)?;
    (hours <= 23 && minutes <= 59).then_some(rest)
}

/// Whether `s` is a valid date, time, local date-time or global date-time.
pub(crate) fn is_valid(s: &str) -> bool {
    if time(s) == Some("") {
        return true;
    }
    let Some(rest) = date(s) else { return false };
    if rest.is_empty() {
        return true;
    }
    let Some(rest) = rest.strip_prefix('T').or_else(|| rest.strip_prefix(' ')) else {
        return false;
    };
    match time(rest) {
        Some("") => true,
        Some(rest) => zone(rest) == Some(""),
        None => false,
    }
}

#[cfg(test)]
mod tests {
    use super::is_valid;

    #[test]
    fn valid_strings() {
        for s in [
            "2024-05-01",
            "2024-02-29",
            "10:30",
            "23:59:59.999",
            "2024-05-01T10:30",
            "2024-05-01 10:30:00",
            "2024-05-01T10:30:00Z",
            "2024-05-01T10:30:00+02:00",
            "2024-05-01T10:30-0800",
            "12345-01-01",
        ] {
            assert!(is_valid(s), "{s}");
        }
    }

    #[test]
    fn invalid_strings() {
        for s in [
            "",
            "2023-02-29",
            "2024-13-01",
            "2024-04-31",
            "0000-01-01",
            "24:00",
            "10:60",
            "10:30:00.1234",
            "2024-05-01T",
            "2024-05-01Tx",
            "2024-05-01T10:30Z junk",
            "javascript:alert(1)",
            "２０２４-05-01",
            "10:30Z",
        ] {
            assert!(!is_valid(s), "{s}");
        }
    }
}
