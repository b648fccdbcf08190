//! Date parsing for the forms that occur in Dutch exports and letters.

use chrono::NaiveDate;
use once_cell::sync::Lazy;
use regex::Regex;

use super::quote_value;

// `[0-9]`, not `\d`: `\d` matches any Unicode digit, which `u32::from_str` would refuse.
static ISO: Lazy<Regex> = Lazy::new(|| {
    Regex::new(
        r"^([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})(?:[T ][0-9]{1,2}:[0-9]{2}(?::[0-9]{2}(?:[.,][0-9]+)?)?\s*(?:Z|[+-][0-9]{2}:?[0-9]{2})?)?$",
    )
    .expect("valid regex")
});
static DMY: Lazy<Regex> =
    Lazy::new(|| Regex::new(r"^([0-9]{1,2})-([0-9]{1,2})-([0-9]{4})$").expect("valid regex"));
static WORDS: Lazy<Regex> = Lazy::new(|| {
    Regex::new(
        r"(?i)^(?:(?:maandag|dinsdag|woensdag|donderdag|vrijdag|zaterdag|zondag|ma|di|wo|do|vr|za|zo)\.?,?\s+)?([0-9]{1,2})\s+([a-z]+)\.?,?\s+([0-9]{4})$",
    )
    .expect("valid regex")
});

/// Earliest year accepted; older dates are typos.
const MIN_YEAR: i32 = 1900;

/// Parses a date in one of the accepted forms:
///
/// * `YYYY-MM-DD` (also `YYYY-M-D`, and with a time part such as `2024-03-12T10:15:00+01:00`
///   or `2024-03-12 10:15`, of which only the date as written is kept, no time zone shift);
/// * `DD-MM-YYYY` / `D-M-YYYY` (Dutch order; also what Dutch Excel writes);
/// * `12 maart 2024`, with Dutch month names in full or abbreviated (`jan`, `feb`, `mrt`, `apr`,
///   `jun`, `jul`, `aug`, `sep`/`sept`, `okt`, `nov`, `dec`, with or without a dot), any case,
///   optionally preceded by a Dutch weekday (`dinsdag 12 maart 2024`, `di 12 mrt. 2024`).
///
/// Anything else (`12/03/24`, `March 12, 2024`, two-digit years) is refused: with slashes and
/// short years the order is ambiguous. Impossible dates (`2023-02-30`) and years before 1900 are
/// refused too. The error is a short English reason for an operator.
pub fn parse_date(s: &str) -> Result<NaiveDate, String> {
    let t = s.trim();
    if t.is_empty() {
        return Err("empty date".to_string());
    }
    let (y, m, d) = if let Some(c) = ISO.captures(t) {
        (num(&c[1]), num(&c[2]), num(&c[3]))
    } else if let Some(c) = DMY.captures(t) {
        (num(&c[3]), num(&c[2]), num(&c[1]))
    } else if let Some(c) = WORDS.captures(t) {
        let name = c[2].to_lowercase();
        match dutch_month(&name) {
            Some(m) => (num(&c[3]), m, num(&c[1])),
            None => return Err(format!(
                "unknown month name in date {} (use Dutch month names such as 'maart' or 'mrt')",
                quote_value(t)
            )),
        }
    } else {
        return Err(format!(
            "unrecognised date {} (expected YYYY-MM-DD, DD-MM-YYYY or '12 maart 2024')",
            quote_value(t)
        ));
    };
    let date = NaiveDate::from_ymd_opt(y as i32, m, d)
        .ok_or_else(|| format!("impossible date {} (no such day)", quote_value(t)))?;
    if (y as i32) < MIN_YEAR {
        return Err(format!(
            "implausible date {} (before {MIN_YEAR})",
            quote_value(t)
        ));
    }
    Ok(date)
}

fn num(s: &str) -> u32 {
    // Only ever called on 1–4 ASCII digits matched by the regexes above.
    s.parse().unwrap_or(0)
}

fn dutch_month(name: &str) -> Option<u32> {
    Some(match name {
        "januari" | "jan" => 1,
        "februari" | "feb" | "febr" => 2,
        "maart" | "mrt" | "mar" | "maa" => 3,
        "april" | "apr" => 4,
        "mei" => 5,
        "juni" | "jun" => 6,
        "juli" | "jul" => 7,
        "augustus" | "aug" => 8,
        "september" | "sep" | "sept" => 9,
        "oktober" | "okt" | "oct" => 10,
        "november" | "nov" => 11,
        "december" | "dec" => 12,
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn iso() {
        assert_eq!(parse_date("2024-03-12"), Ok(d(2024, 3, 12)));
        assert_eq!(parse_date(" 2024-3-2 "), Ok(d(2024, 3, 2)));
        assert_eq!(parse_date("2024-03-12T23:59:59+01:00"), Ok(d(2024, 3, 12)));
        assert_eq!(parse_date("2024-03-12 10:15"), Ok(d(2024, 3, 12)));
        assert_eq!(parse_date("2024-03-12T10:15:00.123Z"), Ok(d(2024, 3, 12)));
    }

    #[test]
    fn day_month_year() {
        assert_eq!(parse_date("12-03-2024"), Ok(d(2024, 3, 12)));
        assert_eq!(parse_date("5-3-2024"), Ok(d(2024, 3, 5)));
        assert_eq!(parse_date("29-02-2024"), Ok(d(2024, 2, 29)));
    }

    #[test]
    fn dutch_month_names() {
        assert_eq!(parse_date("12 maart 2024"), Ok(d(2024, 3, 12)));
        assert_eq!(parse_date("1 MEI 2023"), Ok(d(2023, 5, 1)));
        assert_eq!(parse_date("3 mrt 2024"), Ok(d(2024, 3, 3)));
        assert_eq!(parse_date("14 okt. 2024"), Ok(d(2024, 10, 14)));
        assert_eq!(parse_date("14 Sept 2024"), Ok(d(2024, 9, 14)));
        assert_eq!(parse_date("dinsdag 12 maart 2024"), Ok(d(2024, 3, 12)));
        assert_eq!(parse_date("di. 12 mrt 2024"), Ok(d(2024, 3, 12)));
        assert_eq!(parse_date("31 december 1999"), Ok(d(1999, 12, 31)));
        let e = parse_date("12 marz 2024").unwrap_err();
        assert!(e.contains("unknown month name"), "{e}");
    }

    #[test]
    fn refused_forms() {
        assert_eq!(
            parse_date("12/03/24").unwrap_err(),
            "unrecognised date '12/03/24' (expected YYYY-MM-DD, DD-MM-YYYY or '12 maart 2024')"
        );
        for s in [
            "12-03-24",
            "March 12, 2024",
            "2024/03/12",
            "gisteren",
            "١٢-٠٣-٢٠٢٤",
            "2024-03-12x",
        ] {
            assert!(parse_date(s).is_err(), "{s}");
        }
        assert_eq!(parse_date("  ").unwrap_err(), "empty date");
        // Free text is never echoed.
        let e = parse_date("mijn buurman Jan de Vries").unwrap_err();
        assert!(!e.contains("Vries"), "{e}");
    }

    #[test]
    fn impossible_and_implausible() {
        assert_eq!(
            parse_date("2023-02-30").unwrap_err(),
            "impossible date '2023-02-30' (no such day)"
        );
        assert!(parse_date("31-04-2024")
            .unwrap_err()
            .starts_with("impossible date"));
        assert!(parse_date("30 februari 2024")
            .unwrap_err()
            .starts_with("impossible date"));
        assert!(parse_date("2024-13-01")
            .unwrap_err()
            .starts_with("impossible date"));
        assert!(parse_date("0024-03-01")
            .unwrap_err()
            .starts_with("implausible date"));
    }
}
