//! RawRecord → Complaint: required fields, dates, municipality names, text limits.

use chrono::NaiveDate;
use unicode_normalization::UnicodeNormalization;

use crate::model::{Complaint, RawRecord, Rejection, MUNICIPALITIES};

use super::{normalize_text, parse_date, quote_value};

/// Longest accepted id, in characters.
pub const MAX_ID_CHARS: usize = 128;
/// Longest accepted text after normalisation, in characters.
pub const MAX_TEXT_CHARS: usize = 100_000;
/// Fewest words a text must have (a "word" holds at least one letter or digit).
pub const MIN_TEXT_WORDS: usize = 3;

/// Validates one record. `today` is the run's date (the clock stays outside this module).
///
/// * `id`: trimmed, non-empty, ≤ 128 chars, no control characters.
/// * `received`: via [`parse_date`]; not after `today`.
/// * `municipality`: required; canonicalised by [`canonical_municipality`]. Names outside the
///   Ombudsman Metropool Amsterdam area are **accepted** as written (trimmed, inner whitespace
///   collapsed, NFC): the ombudsman may get complaints about other bodies, and rejecting them
///   would lose records; reports can flag them.
/// * `text`: [`normalize_text`]ed; non-empty, ≥ 3 words, ≤ 100 000 chars.
/// * `themes`: trimmed, lower-cased, empty ones dropped, deduplicated, sorted.
/// * `channel`, `thread`: trimmed; empty → `None`.
///
/// All problems of a record are reported together in one rejection (`; `-separated), e.g.
/// `missing field 'received'; missing field 'municipality'`. Reasons never contain the text.
pub fn validate(rec: RawRecord, today: NaiveDate) -> Result<Complaint, Rejection> {
    let RawRecord { source, fields } = rec;
    let mut errors: Vec<String> = Vec::new();

    let id = fields.id.as_deref().map(str::trim).unwrap_or("");
    if id.is_empty() {
        errors.push("missing field 'id'".into());
    } else if id.chars().any(char::is_control) {
        errors.push("id contains control characters".into());
    } else if id.chars().count() > MAX_ID_CHARS {
        errors.push(format!(
            "id too long ({} chars; max {MAX_ID_CHARS})",
            id.chars().count()
        ));
    }

    let received = match fields
        .received
        .as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty())
    {
        None => {
            errors.push("missing field 'received'".into());
            None
        }
        Some(s) => match parse_date(s) {
            Err(e) => {
                errors.push(format!("field 'received': {e}"));
                None
            }
            Ok(d) if d > today => {
                errors.push(format!(
                    "field 'received': date {} is in the future (today is {today})",
                    quote_value(s)
                ));
                None
            }
            Ok(d) => Some(d),
        },
    };

    let municipality = match fields.municipality.as_deref().map(canonical_municipality) {
        Some(m) if !m.is_empty() => Some(m),
        _ => {
            errors.push("missing field 'municipality'".into());
            None
        }
    };

    let text = fields
        .text
        .as_deref()
        .map(normalize_text)
        .unwrap_or_default();
    if text.is_empty() {
        errors.push("missing field 'text'".into());
    } else {
        // Counting stops at the minimum, and characters are counted only when the bytes
        // could exceed the maximum (a char is at least one byte): this runs on every text.
        let words = text
            .split_whitespace()
            .filter(|w| w.chars().any(char::is_alphanumeric))
            .take(MIN_TEXT_WORDS)
            .count();
        let chars = if text.len() > MAX_TEXT_CHARS { text.chars().count() } else { text.len() };
        if words < MIN_TEXT_WORDS {
            errors.push(format!(
                "text too short ({words} words; min {MIN_TEXT_WORDS})"
            ));
        } else if chars > MAX_TEXT_CHARS {
            errors.push(format!(
                "text too long ({chars} chars; max {MAX_TEXT_CHARS})"
            ));
        }
    }

    if !errors.is_empty() {
        return Err(Rejection::new(&source, errors.join("; ")));
    }

    let mut themes: Vec<String> = fields
        .themes
        .unwrap_or_default()
        .iter()
        .map(|t| {
            t.split_whitespace()
                .collect::<Vec<_>>()
                .join(" ")
                .to_lowercase()
        })
        .filter(|t| !t.is_empty())
        .collect();
    themes.sort();
    themes.dedup();
    let trimmed = |s: Option<String>| s.map(|s| s.trim().to_owned()).filter(|s| !s.is_empty());

    Ok(Complaint {
        id: id.to_owned(),
        // Both are Some here: a None pushed an error above.
        received: received.unwrap_or_default(),
        municipality: municipality.unwrap_or_default(),
        text,
        channel: trimmed(fields.channel),
        gold_themes: themes,
        gold_thread: trimmed(fields.thread),
        source,
    })
}

/// Places (kernen) and districts that belong to one of the seven municipalities.
const PLACES: &[(&str, &str)] = &[
    // Zaanstad
    ("zaandam", "Zaanstad"),
    ("zaandijk", "Zaanstad"),
    ("krommenie", "Zaanstad"),
    ("wormerveer", "Zaanstad"),
    ("assendelft", "Zaanstad"),
    ("westzaan", "Zaanstad"),
    ("koog aan de zaan", "Zaanstad"),
    ("westknollendam", "Zaanstad"),
    // Waterland
    ("monnickendam", "Waterland"),
    ("broek in waterland", "Waterland"),
    ("marken", "Waterland"),
    ("ilpendam", "Waterland"),
    ("katwoude", "Waterland"),
    ("zuiderwoude", "Waterland"),
    ("uitdam", "Waterland"),
    ("watergang", "Waterland"),
    // Landsmeer
    ("den ilp", "Landsmeer"),
    ("purmerland", "Landsmeer"),
    // Amsterdam (Weesp has been part of Amsterdam since 24 March 2022)
    ("weesp", "Amsterdam"),
    ("driemond", "Amsterdam"),
];

/// Canonical municipality name: trimmed, inner whitespace collapsed, NFC; a leading
/// `gemeente ` dropped; matched case-insensitively against [`MUNICIPALITIES`] (`"amsterdam "`
/// → `Amsterdam`), against their places (`Zaandam`, `Krommenie`, … → `Zaanstad`; `Monnickendam`,
/// `Marken`, … → `Waterland`; `Weesp` → `Amsterdam`), and `Amsterdam <district>` /
/// `Almere <district>` (`Amsterdam-Noord`, `Almere Buiten`) → the municipality. Anything else
/// is returned as written (e.g. `Duivendrecht`, which is Ouder-Amstel, stays `Duivendrecht`).
pub fn canonical_municipality(raw: &str) -> String {
    let cleaned: String = raw
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .nfc()
        .collect();
    let cleaned = match cleaned.get(..9) {
        Some(p) if p.eq_ignore_ascii_case("gemeente ") => cleaned[9..].to_owned(),
        _ => cleaned,
    };
    let lower = cleaned.to_lowercase();
    if let Some(m) = MUNICIPALITIES.iter().find(|m| m.to_lowercase() == lower) {
        return (*m).to_owned();
    }
    if let Some((_, m)) = PLACES.iter().find(|(p, _)| *p == lower) {
        return (*m).to_owned();
    }
    for m in ["Amsterdam", "Almere"] {
        let ml = m.to_lowercase();
        if let Some(rest) = lower.strip_prefix(&ml) {
            if (rest.starts_with(' ') || rest.starts_with('-')) && rest.len() > 1 {
                return m.to_owned();
            }
        }
    }
    cleaned
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{RawFields, SourceRef};

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2025, 1, 1).unwrap()
    }

    fn rec(f: impl FnOnce(&mut RawFields)) -> RawRecord {
        let mut fields = RawFields {
            id: Some(" A-1 ".into()),
            received: Some("12 maart 2024".into()),
            municipality: Some("amsterdam ".into()),
            text: Some("Geachte heer,\r\n\r\n\r\nIk  wacht al   maanden.  ".into()),
            channel: Some(" brief ".into()),
            themes: Some(vec![
                " Wonen".into(),
                "jeugd".into(),
                "wonen ".into(),
                " ".into(),
            ]),
            thread: Some("  ".into()),
        };
        f(&mut fields);
        RawRecord {
            source: SourceRef::line("in.jsonl", 3),
            fields,
        }
    }

    #[test]
    fn valid_record() {
        let c = validate(rec(|_| {}), today()).unwrap();
        assert_eq!(c.id, "A-1");
        assert_eq!(c.received, NaiveDate::from_ymd_opt(2024, 3, 12).unwrap());
        assert_eq!(c.municipality, "Amsterdam");
        assert_eq!(c.text, "Geachte heer,\n\nIk wacht al maanden.");
        assert_eq!(c.channel.as_deref(), Some("brief"));
        assert_eq!(
            c.gold_themes,
            vec!["jeugd".to_string(), "wonen".to_string()]
        );
        assert_eq!(c.gold_thread, None);
        assert_eq!(c.source, SourceRef::line("in.jsonl", 3));
    }

    #[test]
    fn missing_fields_are_all_named() {
        let e = validate(
            rec(|f| {
                f.received = None;
                f.municipality = Some("  ".into());
                f.id = None;
            }),
            today(),
        )
        .unwrap_err();
        assert_eq!(e.source, "in.jsonl:3");
        assert_eq!(
            e.reason,
            "missing field 'id'; missing field 'received'; missing field 'municipality'"
        );
        let e = validate(rec(|f| f.text = Some(" \u{200B}\n ".into())), today()).unwrap_err();
        assert_eq!(e.reason, "missing field 'text'");
    }

    #[test]
    fn dates() {
        let e = validate(rec(|f| f.received = Some("2023-02-30".into())), today()).unwrap_err();
        assert_eq!(
            e.reason,
            "field 'received': impossible date '2023-02-30' (no such day)"
        );
        let e = validate(rec(|f| f.received = Some("12/03/24".into())), today()).unwrap_err();
        assert!(
            e.reason.contains("unrecognised date '12/03/24'"),
            "{}",
            e.reason
        );
        let e = validate(rec(|f| f.received = Some("2025-01-02".into())), today()).unwrap_err();
        assert_eq!(
            e.reason,
            "field 'received': date '2025-01-02' is in the future (today is 2025-01-01)"
        );
        assert!(validate(rec(|f| f.received = Some("2025-01-01".into())), today()).is_ok());
    }

    #[test]
    fn ids() {
        let e = validate(rec(|f| f.id = Some("a\u{0}b".into())), today()).unwrap_err();
        assert_eq!(e.reason, "id contains control characters");
        let e = validate(rec(|f| f.id = Some("x".repeat(129))), today()).unwrap_err();
        assert_eq!(e.reason, "id too long (129 chars; max 128)");
        assert!(validate(rec(|f| f.id = Some("é".repeat(128))), today()).is_ok());
    }

    #[test]
    fn text_limits_and_no_text_in_reasons() {
        let e = validate(rec(|f| f.text = Some("Slecht geregeld!".into())), today()).unwrap_err();
        assert_eq!(e.reason, "text too short (2 words; min 3)");
        assert!(!e.reason.contains("Slecht"));
        let e = validate(rec(|f| f.text = Some("a - b".into())), today()).unwrap_err();
        assert_eq!(e.reason, "text too short (2 words; min 3)");
        let long = "woord ".repeat(16_667); // 100_002 chars before trim, 100_001 after
        let e = validate(rec(|f| f.text = Some(long)), today()).unwrap_err();
        assert_eq!(e.reason, "text too long (100001 chars; max 100000)");
        let ok = format!("{} ab", "woord ".repeat(16_666)); // 99_998 chars
        assert!(validate(rec(|f| f.text = Some(ok)), today()).is_ok());
    }

    #[test]
    fn municipalities() {
        for (raw, want) in [
            ("amsterdam ", "Amsterdam"),
            ("  ZAANSTAD", "Zaanstad"),
            ("Zaandam", "Zaanstad"),
            ("koog  aan de Zaan", "Zaanstad"),
            ("Krommenie", "Zaanstad"),
            ("Monnickendam", "Waterland"),
            ("broek in waterland", "Waterland"),
            ("Marken", "Waterland"),
            ("Gemeente Diemen", "Diemen"),
            ("Amsterdam-Noord", "Amsterdam"),
            ("Amsterdam Zuidoost", "Amsterdam"),
            ("Almere Buiten", "Almere"),
            ("Weesp", "Amsterdam"),
            ("Duivendrecht", "Duivendrecht"),
            (" Ouder-Amstel ", "Ouder-Amstel"),
            ("gemeente Haarlem", "Haarlem"),
            ("Amsterdamse Bos", "Amsterdamse Bos"),
        ] {
            assert_eq!(canonical_municipality(raw), want, "{raw}");
        }
    }
}
