//! Dutch number and date formatting, HTML escaping and slugs.
//!
//! Why hand-written: the report must read naturally for Dutch researchers (`1.234`, `12,5%`,
//! `3 maart 2025`) and be byte-for-byte deterministic, independent of the machine's locale.

use std::collections::BTreeSet;

use chrono::{DateTime, Datelike, NaiveDate, Timelike};

const MONTHS: [&str; 12] = [
    "januari",
    "februari",
    "maart",
    "april",
    "mei",
    "juni",
    "juli",
    "augustus",
    "september",
    "oktober",
    "november",
    "december",
];

const MONTHS_SHORT: [&str; 12] = [
    "jan", "feb", "mrt", "apr", "mei", "jun", "jul", "aug", "sep", "okt", "nov", "dec",
];

/// Integer with `.` as thousands separator: `-1234567` → `-1.234.567`.
pub fn int(n: i64) -> String {
    let digits = n.unsigned_abs().to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3 + 1);
    if n < 0 {
        out.push('-');
    }
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push('.');
        }
        out.push(c);
    }
    out
}

/// Like [`int`] for counts.
pub fn count(n: usize) -> String {
    int(i64::try_from(n).unwrap_or(i64::MAX))
}

/// Integer with an explicit sign: `+12`, `-3`, `0`.
pub fn signed_int(n: i64) -> String {
    if n > 0 {
        format!("+{}", int(n))
    } else {
        int(n)
    }
}

/// Decimal with a comma and `decimals` digits, thousands separated: `1234.56, 1` → `1.234,6`.
/// Non-finite values print as `n.v.t.`.
pub fn decimal(x: f64, decimals: usize) -> String {
    if !x.is_finite() {
        return "n.v.t.".to_string();
    }
    let s = format!("{:.*}", decimals, x.abs());
    let (whole, frac) = match s.split_once('.') {
        Some((w, f)) => (w.to_string(), Some(f.to_string())),
        None => (s, None),
    };
    let whole_n: i64 = whole.parse().unwrap_or(0);
    let negative = x < 0.0 && s_nonzero(&whole, frac.as_deref());
    let mut out = String::new();
    if negative {
        out.push('-');
    }
    out.push_str(&int(whole_n));
    if let Some(f) = frac {
        out.push(',');
        out.push_str(&f);
    }
    out
}

fn s_nonzero(whole: &str, frac: Option<&str>) -> bool {
    whole
        .chars()
        .chain(frac.unwrap_or("").chars())
        .any(|c| c != '0')
}

/// Signed percentage with one decimal: `12.46` → `+12,5%`; `None` → `n.v.t.`.
pub fn signed_percent(p: Option<f64>) -> String {
    match p {
        Some(p) if p.is_finite() => {
            let body = decimal(p, 1);
            if body.starts_with('-') || body == "0,0" {
                format!("{body}%")
            } else {
                format!("+{body}%")
            }
        }
        _ => "n.v.t.".to_string(),
    }
}

/// `2025-03-12` → `12 maart 2025`.
pub fn date(d: NaiveDate) -> String {
    format!("{} {} {}", d.day(), MONTHS[d.month0() as usize], d.year())
}

/// `(2025, 3)` → `mrt 2025`.
pub fn month_short(year: i32, month: u32) -> String {
    let m = MONTHS_SHORT
        .get(month.saturating_sub(1) as usize)
        .copied()
        .unwrap_or("?");
    format!("{m} {year}")
}

/// An RFC 3339 timestamp as `12 maart 2025 om 03:14` in its own offset; anything else is
/// returned unchanged (the caller escapes it).
pub fn timestamp(rfc3339: &str) -> String {
    match DateTime::parse_from_rfc3339(rfc3339) {
        Ok(t) => format!(
            "{} om {:02}:{:02}",
            date(t.date_naive()),
            t.hour(),
            t.minute()
        ),
        Err(_) => rfc3339.to_string(),
    }
}

/// Escapes text for HTML element content and attribute values.
pub fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            other => out.push(other),
        }
    }
    out
}

/// Cuts `s` to at most `max` characters, ending in `…` when cut.
pub fn truncate(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        return s.to_string();
    }
    let mut out: String = s.chars().take(max.saturating_sub(1)).collect();
    out = out.trim_end().to_string();
    out.push('…');
    out
}

/// Lowercase ASCII slug for ids and figure keys: `Zaanstad` → `zaanstad`,
/// `Geen thema` → `geen-thema`, `Ĳsselmonde` → `ijsselmonde`. Never empty (`x`).
pub fn slug(s: &str) -> String {
    let mut out = String::new();
    let mut dash = false;
    for c in s.chars().flat_map(char::to_lowercase) {
        let mapped: &str = match c {
            'a'..='z' | '0'..='9' => {
                out.push(c);
                dash = false;
                continue;
            }
            'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' => "a",
            'è' | 'é' | 'ê' | 'ë' => "e",
            'ì' | 'í' | 'î' | 'ï' => "i",
            'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' => "o",
            'ù' | 'ú' | 'û' | 'ü' => "u",
            'ý' | 'ÿ' => "y",
            'ç' => "c",
            'ñ' => "n",
            'ĳ' => "ij",
            'ß' => "ss",
            _ => "",
        };
        if mapped.is_empty() {
            if !dash && !out.is_empty() {
                out.push('-');
                dash = true;
            }
        } else {
            out.push_str(mapped);
            dash = false;
        }
    }
    while out.ends_with('-') {
        out.pop();
    }
    if out.is_empty() {
        out.push('x');
    }
    out
}

/// Hands out unique slugs: the second `Den Haag`-like collision becomes `den-haag-2`.
#[derive(Debug, Default)]
pub struct SlugSet {
    used: BTreeSet<String>,
}

impl SlugSet {
    /// A slug of `s` not handed out before by this set.
    pub fn unique(&mut self, s: &str) -> String {
        let base = slug(s);
        let mut candidate = base.clone();
        let mut n = 2;
        while self.used.contains(&candidate) {
            candidate = format!("{base}-{n}");
            n += 1;
        }
        self.used.insert(candidate.clone());
        candidate
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dutch_numbers() {
        assert_eq!(int(0), "0");
        assert_eq!(int(999), "999");
        assert_eq!(int(1234), "1.234");
        assert_eq!(int(-1234567), "-1.234.567");
        assert_eq!(signed_int(12), "+12");
        assert_eq!(signed_int(-3), "-3");
        assert_eq!(decimal(1234.56, 1), "1.234,6");
        assert_eq!(decimal(-0.04, 1), "0,0");
        assert_eq!(decimal(0.714, 2), "0,71");
        assert_eq!(signed_percent(Some(12.46)), "+12,5%");
        assert_eq!(signed_percent(Some(-3.0)), "-3,0%");
        assert_eq!(signed_percent(Some(0.0)), "0,0%");
        assert_eq!(signed_percent(None), "n.v.t.");
    }

    #[test]
    fn dutch_dates() {
        let d = NaiveDate::from_ymd_opt(2025, 3, 12).unwrap();
        assert_eq!(date(d), "12 maart 2025");
        assert_eq!(month_short(2024, 10), "okt 2024");
        assert_eq!(
            timestamp("2025-03-12T03:14:00+01:00"),
            "12 maart 2025 om 03:14"
        );
        assert_eq!(timestamp("gisteren"), "gisteren");
    }

    #[test]
    fn slugs_are_unique_and_ascii() {
        let mut s = SlugSet::default();
        assert_eq!(s.unique("Geen thema"), "geen-thema");
        assert_eq!(s.unique("geen  thema!"), "geen-thema-2");
        assert_eq!(slug("Café Ĳ"), "cafe-ij");
        assert_eq!(slug("<>"), "x");
    }

    #[test]
    fn escaping() {
        assert_eq!(
            esc("<script>a&'\"</script>"),
            "&lt;script&gt;a&amp;&#39;&quot;&lt;/script&gt;"
        );
        assert_eq!(truncate("abcdef", 4), "abc…");
    }
}
