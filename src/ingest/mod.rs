//! Ingest parsing: input file **bytes** → [`RawRecord`]s → validated
//! [`Complaint`](crate::model::Complaint)s, or a
//! [`Rejection`] that names the file (and line) and says what to fix.
//!
//! ```text
//! bytes ──decode──▶ text ──parse_jsonl / parse_csv / parse_letter──▶ RawRecord ──validate──▶ Complaint
//!   │                 │                      │                                  │
//!   └ file_error      └ file_error           └ Rejection (file:line)            └ Rejection (file:line)
//! ```
//!
//! Principle: *nothing is lost*. Every record that a parser can delimit ends as exactly one
//! `Ok(RawRecord)` or `Err(Rejection)`; a file that cannot be read as text at all (empty,
//! binary, undecodable, too large) ends as one `file_error`. Nothing here panics on bad input,
//! and one bad record never stops the others.
//!
//! Everything in this module except [`sources::discover`] is pure: functions take bytes or text
//! plus a *display path* (used only in messages and [`SourceRef`]s) and never touch the file
//! system or the clock ([`validate`] takes `today` as a parameter).
//!
//! Rejection reasons are English, short, and never contain the complaint text or other field
//! values that could be personal data; a bad date is quoted only when it is short and looks like
//! a date (see `quote_value`).

mod date;
mod decode;
mod delimited;
mod json;
mod letters;
mod normalize;
pub mod sources;
mod validate;

#[cfg(test)]
mod fixture_tests;
#[cfg(test)]
mod proptests;

use std::fmt;
use std::path::Path;
use std::str::FromStr;

pub use crate::model::{RawFields, RawRecord, Rejection, SourceRef};
pub use date::parse_date;
pub use decode::{decode, DecodeError, Decoded};
pub use delimited::parse_csv;
pub use json::parse_jsonl;
pub use letters::parse_letter;
pub use normalize::normalize_text;
pub use sources::{discover, InputFile};
pub use validate::{
    canonical_municipality, validate, MAX_ID_CHARS, MAX_TEXT_CHARS, MIN_TEXT_WORDS,
};

/// Largest input file accepted, in bytes (512 MiB).
///
/// The orchestrator must check the file's size (e.g. via [`sources::discover`], which already
/// turns larger files into a [`Rejection`]) **before** reading it into memory; [`parse_file`]
/// checks again and answers with a `file_error` instead of parsing.
pub const MAX_FILE_BYTES: u64 = 512 * 1024 * 1024;

/// Input format, as chosen on the command line (`--format auto|jsonl|csv|letters`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Format {
    /// Decide per file with [`detect_format`].
    #[default]
    Auto,
    /// JSON Lines (`.jsonl`, `.ndjson`); `.json` files holding one JSON array or a sequence of
    /// pretty-printed objects are read too.
    Jsonl,
    /// CSV/TSV with a header row; separator `;`, `,` or tab detected from the header.
    Csv,
    /// One complaint per file: `.txt` letter or `.eml` e-mail, with an optional `<file>.json`
    /// sidecar.
    Letters,
}

impl fmt::Display for Format {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Format::Auto => "auto",
            Format::Jsonl => "jsonl",
            Format::Csv => "csv",
            Format::Letters => "letters",
        })
    }
}

impl FromStr for Format {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim().to_ascii_lowercase().as_str() {
            "auto" => Ok(Format::Auto),
            "jsonl" | "ndjson" | "json" => Ok(Format::Jsonl),
            "csv" | "tsv" => Ok(Format::Csv),
            "letters" | "letter" | "txt" | "eml" => Ok(Format::Letters),
            _ => Err(format!(
                "unknown format '{}' (expected auto, jsonl, csv or letters)",
                s.chars().take(20).collect::<String>()
            )),
        }
    }
}

/// Result of [`parse_file`]: the records of one file, or why the file as a whole was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileParse {
    /// Encoding the file was decoded from (`"UTF-8"`, `"UTF-16LE"`, `"windows-1252"`, …);
    /// `None` when it could not be decoded.
    pub encoding: Option<&'static str>,
    /// One entry per record found, in file order. Empty when `file_error` is set.
    pub records: Vec<Result<RawRecord, Rejection>>,
    /// Set for a file that yields no record at all: empty, whitespace only, binary,
    /// undecodable, too large, or (JSON Lines / CSV) without a single data row.
    pub file_error: Option<Rejection>,
}

impl FileParse {
    fn refused(path: &str, encoding: Option<&'static str>, reason: impl Into<String>) -> Self {
        FileParse {
            encoding,
            records: Vec::new(),
            file_error: Some(Rejection::new(&SourceRef::file(path), reason)),
        }
    }
}

/// Whole parsing pipeline for one file's bytes (decode → detect format → parse). The records
/// still need [`validate`]. `sidecar` is the content of `<file>.json` for letters (ignored for
/// the other formats).
pub fn parse_file(bytes: &[u8], path: &str, format: Format, sidecar: Option<&[u8]>) -> FileParse {
    if bytes.len() as u64 > MAX_FILE_BYTES {
        let e = DecodeError::TooLarge {
            len: bytes.len() as u64,
            max: MAX_FILE_BYTES,
        };
        return FileParse::refused(path, None, e.to_string());
    }
    let decoded = match decode(bytes) {
        Ok(d) => d,
        Err(e) => return FileParse::refused(path, None, e.to_string()),
    };
    let encoding = Some(decoded.encoding);
    if decoded.text.trim().is_empty() {
        return FileParse::refused(path, encoding, "file contains only whitespace");
    }
    let format = match format {
        Format::Auto => {
            let head = &decoded.text.as_bytes()[..decoded.text.len().min(8192)];
            detect_format(Path::new(path), head)
        }
        f => f,
    };
    let records = match format {
        Format::Jsonl => parse_jsonl(&decoded.text, path),
        Format::Csv => parse_csv(&decoded.text, path),
        Format::Letters | Format::Auto => {
            let sidecar_text = match sidecar.map(decode) {
                None => None,
                Some(Ok(d)) => Some(d.text),
                Some(Err(e)) => {
                    let r = Rejection::new(
                        &SourceRef::file(path),
                        format!("sidecar {}: {e}", sidecar_name(path)),
                    );
                    return FileParse {
                        encoding,
                        records: vec![Err(r)],
                        file_error: None,
                    };
                }
            };
            vec![parse_letter(&decoded.text, path, sidecar_text.as_deref())]
        }
    };
    if records.is_empty() {
        return FileParse::refused(path, encoding, "no records found in file");
    }
    FileParse {
        encoding,
        records,
        file_error: None,
    }
}

/// Picks the format of a file: by extension (`.jsonl`/`.ndjson`/`.json` → Jsonl, `.csv`/`.tsv`
/// → Csv, `.txt`/`.eml` → Letters), otherwise by sniffing `head` (the first few KiB, raw or
/// decoded): `{`/`[` → Jsonl, RFC 822 headers → Letters, a header line naming the `id` and
/// `text` columns → Csv, anything else → Letters (plain text). Never returns `Auto`.
pub fn detect_format(path: &Path, head: &[u8]) -> Format {
    if let Some(f) = format_from_extension(path) {
        return f;
    }
    let head_text: String = if head.starts_with(&[0xFF, 0xFE]) {
        encoding_rs::UTF_16LE
            .decode_without_bom_handling(&head[2..])
            .0
            .into_owned()
    } else if head.starts_with(&[0xFE, 0xFF]) {
        encoding_rs::UTF_16BE
            .decode_without_bom_handling(&head[2..])
            .0
            .into_owned()
    } else {
        String::from_utf8_lossy(head).into_owned()
    };
    let t = head_text.trim_start_matches('\u{feff}').trim_start();
    if t.starts_with('{') || t.starts_with('[') {
        return Format::Jsonl;
    }
    if letters::looks_like_email(t) {
        return Format::Letters;
    }
    let first_line = t.lines().next().unwrap_or("");
    let delim = delimited::sniff_delimiter(first_line) as char;
    let cols: Vec<String> = first_line
        .split(delim)
        .map(|c| c.trim().trim_matches('"').to_lowercase())
        .collect();
    if cols.iter().any(|c| c == "id") && cols.iter().any(|c| c == "text") {
        return Format::Csv;
    }
    Format::Letters
}

/// Format implied by a file's extension alone, if it is one we read.
pub fn format_from_extension(path: &Path) -> Option<Format> {
    let ext = path.extension()?.to_str()?.to_ascii_lowercase();
    match ext.as_str() {
        "jsonl" | "ndjson" | "json" => Some(Format::Jsonl),
        "csv" | "tsv" => Some(Format::Csv),
        "txt" | "eml" => Some(Format::Letters),
        _ => None,
    }
}

/// File name of the sidecar of `path`, for messages.
fn sidecar_name(path: &str) -> String {
    let name = Path::new(path)
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or(path);
    format!("'{name}.json'")
}

/// Quotes a field value in a rejection reason only when it is short and looks like a date or a
/// code (contains a digit, only letters, digits, spaces and `-/.,:+()`); otherwise says how long
/// it is. Keeps names and free text out of reasons.
pub(crate) fn quote_value(s: &str) -> String {
    let s = s.trim();
    let n = s.chars().count();
    let safe = n <= 32
        && s.chars().any(|c| c.is_ascii_digit())
        && s.chars()
            .all(|c| c.is_alphanumeric() || " -/.,:+()".contains(c));
    if safe {
        format!("'{s}'")
    } else {
        format!("({n} characters, not shown)")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn format_round_trips() {
        for f in [Format::Auto, Format::Jsonl, Format::Csv, Format::Letters] {
            assert_eq!(f.to_string().parse::<Format>().unwrap(), f);
        }
        assert!("pdf"
            .parse::<Format>()
            .unwrap_err()
            .contains("unknown format 'pdf'"));
    }

    #[test]
    fn detect_by_extension_and_sniff() {
        let p = Path::new;
        assert_eq!(detect_format(p("a/b.NDJSON"), b""), Format::Jsonl);
        assert_eq!(detect_format(p("x.json"), b""), Format::Jsonl);
        assert_eq!(detect_format(p("x.tsv"), b""), Format::Csv);
        assert_eq!(detect_format(p("x.eml"), b""), Format::Letters);
        assert_eq!(detect_format(p("x.dat"), b"  {\"id\":1}"), Format::Jsonl);
        assert_eq!(
            detect_format(p("x.dat"), b"Id;Received;Municipality;Text\n"),
            Format::Csv
        );
        assert_eq!(detect_format(p("x"), b"\xEF\xBB\xBFid,text\n"), Format::Csv);
        assert_eq!(
            detect_format(p("x"), b"From: [naam]\nSubject: x\n\nhoi"),
            Format::Letters
        );
        assert_eq!(detect_format(p("x"), b"Geachte heer,\n"), Format::Letters);
        let utf16: Vec<u8> = [0xFF, 0xFE]
            .into_iter()
            .chain("{\"id\":1}".encode_utf16().flat_map(|u| u.to_le_bytes()))
            .collect();
        assert_eq!(detect_format(p("x"), &utf16), Format::Jsonl);
    }

    #[test]
    fn quote_value_hides_free_text() {
        assert_eq!(quote_value("12/03/24"), "'12/03/24'");
        assert_eq!(quote_value("Jan de Vries"), "(12 characters, not shown)");
        assert!(quote_value("ik woon op de Dorpsstraat 12 en mijn buurman").contains("not shown"));
    }

    #[test]
    fn parse_file_file_errors() {
        let r = parse_file(b"", "in/empty.jsonl", Format::Auto, None);
        assert!(r.records.is_empty());
        let e = r.file_error.unwrap();
        assert_eq!(e.source, "in/empty.jsonl");
        assert!(e.reason.contains("empty"), "{}", e.reason);

        let r = parse_file(b" \r\n\t\n", "w.csv", Format::Auto, None);
        assert!(r.file_error.unwrap().reason.contains("whitespace"));
        assert_eq!(r.encoding, Some("UTF-8"));

        let mut bin = b"{\"id\":1}\n".to_vec();
        bin.extend([0u8, 1, 2, 3, 0, 0, 0xFF]);
        let r = parse_file(&bin, "b.jsonl", Format::Auto, None);
        assert!(r.file_error.unwrap().reason.contains("binary"));

        let r = parse_file(
            b"id;received;municipality;text\n",
            "h.csv",
            Format::Auto,
            None,
        );
        assert!(r.file_error.unwrap().reason.contains("no records"));
    }

    #[test]
    fn parse_file_letters_with_sidecar() {
        let r = parse_file(
            "Ik heb al drie keer gebeld over mijn toeslag.".as_bytes(),
            "post/brief-7.txt",
            Format::Auto,
            Some(br#"{"received": "2024-03-01", "municipality": "Diemen"}"#),
        );
        assert!(r.file_error.is_none());
        let rec = r.records[0].as_ref().unwrap();
        assert_eq!(rec.fields.id.as_deref(), Some("brief-7"));
        assert_eq!(rec.fields.municipality.as_deref(), Some("Diemen"));

        let r = parse_file(b"Ik heb gebeld.", "brief-8.txt", Format::Letters, Some(b""));
        let e = r.records[0].as_ref().unwrap_err();
        assert!(
            e.reason.contains("sidecar 'brief-8.txt.json'"),
            "{}",
            e.reason
        );
    }
}
