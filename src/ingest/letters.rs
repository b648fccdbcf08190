//! One complaint per file: `.txt` letters and `.eml` e-mails, with optional JSON sidecar.
//!
//! ## Letters (`.txt`)
//! An optional header block at the top: it starts only if the first non-blank line is a
//! *known* header (case-insensitive): `Kenmerk`/`Id`/`Referentie` → id, `Datum`/`Date`/
//! `Ontvangen`/`Received` → received, `Gemeente`/`Municipality` → municipality,
//! `Kanaal`/`Channel` → channel, `Thema's`/`Themas`/`Thema`/`Themes` → themes (split on `;`,
//! `,`, `|`), `Draad`/`Thread` → thread. The block runs to the first blank line, or to the first
//! line that is not `Key: value`. Other `Key: value` lines inside the block (`Betreft: …`,
//! `Aan: …`) are **kept**, in order, at the top of the text: nothing is dropped. A known header
//! given twice is an error. The rest of the file is the text.
//!
//! ## E-mails (`.eml`, or any letter that starts with RFC 822 headers)
//! * `Date:` → received (the calendar date as written in the sender's time zone); the body's
//!   own header block (above), if any, wins over it.
//! * `Subject:` becomes the first line of the text, followed by a blank line (it usually states
//!   the complaint). RFC 2047 encoded words are decoded.
//! * `From:`, `To:`, `Cc:`, `Reply-To:` and all other headers are **not** copied: personal data.
//! * channel defaults to `e-mail` when neither the body nor the sidecar names one.
//! * Body: `Content-Transfer-Encoding` quoted-printable and base64 are decoded (with the part's
//!   `charset`, else UTF-8, else windows-1252); 7bit/8bit bodies are taken as already decoded.
//!   For `multipart/*` the first `text/plain` part is used, searching nested multiparts (depth
//!   ≤ 5) — inline or attached. Limits: HTML-only mails are rejected ("no text/plain part"),
//!   attachments other than the chosen text part are ignored, quoted replies and signatures are
//!   kept as text (the guard redacts), no S/MIME, no `message/rfc822` parts.
//!
//! ## Sidecar
//! `<file>.json` (e.g. `letter-2.txt.json`) holds a JSON object with the same keys as JSON
//! Lines; its non-null fields override or add to what the letter says.
//!
//! With no id from sidecar or header, the file stem is the id (`letter-2.txt` → `letter-2`).
//! The record's source is the file (no line number): a letter is one record.

use std::path::Path;

use encoding_rs::{Encoding, UTF_8, WINDOWS_1252};
use once_cell::sync::Lazy;
use regex::Regex;
use serde_json::Value;

use crate::model::{RawFields, RawRecord, Rejection, SourceRef};

use super::json::{fields_from_object, serde_message};

/// Parses one letter or e-mail (see the module docs).
pub fn parse_letter(text: &str, path: &str, sidecar: Option<&str>) -> Result<RawRecord, Rejection> {
    let source = SourceRef::file(path);
    let reject = |reason: String| Rejection::new(&source, reason);
    let text = unify_newlines(text.strip_prefix('\u{feff}').unwrap_or(text));
    let ext = Path::new(path)
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase)
        .unwrap_or_default();
    let is_email = if ext == "eml" {
        starts_with_mail_header(&text)
    } else {
        looks_like_email(&text)
    };
    let mut fields = if is_email {
        parse_eml(&text).map_err(reject)?
    } else {
        parse_header_block(&text).map_err(reject)?
    };
    if let Some(sc) = sidecar {
        let name = Path::new(path)
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or(path);
        let side = parse_sidecar(sc).map_err(|e| reject(format!("sidecar '{name}.json': {e}")))?;
        merge(&mut fields, side);
    }
    if fields.id.as_deref().is_none_or(|s| s.trim().is_empty()) {
        fields.id = Path::new(path)
            .file_stem()
            .and_then(|s| s.to_str())
            .map(str::to_owned);
    }
    Ok(RawRecord { source, fields })
}

fn parse_sidecar(text: &str) -> Result<RawFields, String> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    match serde_json::from_str::<Value>(text) {
        Ok(Value::Object(map)) => fields_from_object(&map),
        Ok(_) => Err("expected a JSON object".into()),
        Err(e) => Err(format!(
            "invalid JSON: {} (line {})",
            serde_message(&e),
            e.line()
        )),
    }
}

fn merge(into: &mut RawFields, from: RawFields) {
    macro_rules! take {
        ($($f:ident),*) => { $( if from.$f.is_some() { into.$f = from.$f; } )* };
    }
    take!(id, received, municipality, text, channel, themes, thread);
}

fn unify_newlines(s: &str) -> String {
    s.replace("\r\n", "\n").replace('\r', "\n")
}

static HEADER_LINE: Lazy<Regex> = Lazy::new(|| {
    Regex::new(r"^\s*([\p{L}][\p{L}'’ -]{0,30}?)\s*:\s*(.*?)\s*$").expect("valid regex")
});

/// Canonical field for a letter header key.
fn known_key(key: &str) -> Option<&'static str> {
    let k = key.trim().to_lowercase().replace('’', "'");
    Some(match k.as_str() {
        "kenmerk" | "id" | "referentie" => "id",
        "datum" | "date" | "ontvangen" | "received" => "received",
        "gemeente" | "municipality" => "municipality",
        "kanaal" | "channel" => "channel",
        "thema's" | "themas" | "thema" | "themes" => "themes",
        "draad" | "thread" => "thread",
        _ => return None,
    })
}

/// Splits off the letter header block (module docs). Returns fields with `text` set to the
/// kept header lines plus the body (not yet normalised).
fn parse_header_block(text: &str) -> Result<RawFields, String> {
    let lines: Vec<&str> = text.split('\n').collect();
    let mut i = lines.iter().take_while(|l| l.trim().is_empty()).count();
    let mut fields = RawFields::default();
    let starts_block = lines
        .get(i)
        .and_then(|l| HEADER_LINE.captures(l))
        .is_some_and(|c| known_key(&c[1]).is_some());
    if !starts_block {
        fields.text = Some(text.to_owned());
        return Ok(fields);
    }
    let mut kept: Vec<&str> = Vec::new();
    let mut seen: Vec<(&'static str, usize, String)> = Vec::new();
    while i < lines.len() && !lines[i].trim().is_empty() {
        let Some(c) = HEADER_LINE.captures(lines[i]) else {
            break;
        };
        match known_key(&c[1]) {
            None => kept.push(lines[i]),
            Some(field) => {
                let key_name = c[1].trim().to_string();
                if let Some((_, first, _)) = seen.iter().find(|(f, _, _)| *f == field) {
                    return Err(format!(
                        "header '{key_name}' given twice (lines {} and {})",
                        first + 1,
                        i + 1
                    ));
                }
                seen.push((field, i, key_name));
                let value = c[2].trim();
                if !value.is_empty() {
                    set_field(&mut fields, field, value);
                }
            }
        }
        i += 1;
    }
    if i < lines.len() && lines[i].trim().is_empty() {
        i += 1;
    }
    let body = lines[i.min(lines.len())..].join("\n");
    fields.text = Some(if kept.is_empty() {
        body
    } else {
        format!("{}\n\n{body}", kept.join("\n"))
    });
    Ok(fields)
}

fn set_field(fields: &mut RawFields, field: &str, value: &str) {
    let v = Some(value.to_owned());
    match field {
        "id" => fields.id = v,
        "received" => fields.received = v,
        "municipality" => fields.municipality = v,
        "channel" => fields.channel = v,
        "thread" => fields.thread = v,
        "themes" => {
            fields.themes = Some(
                value
                    .split([';', ',', '|'])
                    .map(str::trim)
                    .filter(|t| !t.is_empty())
                    .map(str::to_owned)
                    .collect(),
            )
        }
        _ => {}
    }
}

// ---------------------------------------------------------------------------------------------
// E-mail

/// Whether the first non-blank line is an mbox `From ` line or a `Name: value` header that is
/// not one of the letter header keys (`Kenmerk:`, `Datum:`, …; `Date:` counts as e-mail).
fn starts_with_mail_header(text: &str) -> bool {
    let first = text
        .trim_start_matches(['\u{feff}', '\n', '\r'])
        .lines()
        .next()
        .unwrap_or("");
    first.starts_with("From ")
        || EMAIL_HEADER
            .captures(first)
            .is_some_and(|c| c[1].eq_ignore_ascii_case("date") || known_key(&c[1]).is_none())
}

/// Whether `text` starts like an RFC 822 message (used for letters not named `.eml`, and by
/// format sniffing): [`starts_with_mail_header`], and the header section names at least two
/// distinct common e-mail headers, so a letter starting `Date: …` is not mistaken.
pub(crate) fn looks_like_email(text: &str) -> bool {
    const MAIL_HEADERS: [&str; 10] = [
        "from",
        "to",
        "subject",
        "date",
        "message-id",
        "mime-version",
        "received",
        "return-path",
        "content-type",
        "delivered-to",
    ];
    if !starts_with_mail_header(text) {
        return false;
    }
    let text = text.trim_start_matches(['\u{feff}', '\n', '\r']);
    let mut names: Vec<String> = text
        .lines()
        .take(100)
        .take_while(|l| !l.trim().is_empty())
        .filter_map(|l| EMAIL_HEADER.captures(l).map(|c| c[1].to_ascii_lowercase()))
        .filter(|n| MAIL_HEADERS.contains(&n.as_str()))
        .collect();
    names.sort();
    names.dedup();
    names.len() >= 2
}

static EMAIL_HEADER: Lazy<Regex> =
    Lazy::new(|| Regex::new(r"^([A-Za-z0-9-]+):[ \t]*(.*)$").expect("valid regex"));

/// Header (lower-case name, unfolded value) list and body of an RFC 822 message or MIME part.
fn split_headers(text: &str) -> (Vec<(String, String)>, &str) {
    let mut headers: Vec<(String, String)> = Vec::new();
    let mut rest = text;
    let mut first = true;
    loop {
        let (line, next) = match rest.find('\n') {
            Some(p) => (&rest[..p], &rest[p + 1..]),
            None => (rest, ""),
        };
        if first && line.starts_with("From ") {
            // mbox envelope line
            rest = next;
            first = false;
            continue;
        }
        first = false;
        if line.trim().is_empty() {
            return (headers, next);
        }
        if line.starts_with([' ', '\t']) {
            match headers.last_mut() {
                Some((_, v)) => {
                    v.push(' ');
                    v.push_str(line.trim());
                }
                None => return (headers, rest),
            }
        } else if let Some(c) = EMAIL_HEADER.captures(line) {
            headers.push((c[1].to_ascii_lowercase(), c[2].trim().to_owned()));
        } else {
            // Not a header: the body starts here (malformed message without blank line).
            return (headers, rest);
        }
        if next.is_empty() {
            return (headers, "");
        }
        rest = next;
    }
}

fn header<'a>(headers: &'a [(String, String)], name: &str) -> Option<&'a str> {
    headers
        .iter()
        .find(|(n, _)| n == name)
        .map(|(_, v)| v.as_str())
}

fn parse_eml(text: &str) -> Result<RawFields, String> {
    let (headers, body) = split_headers(text);
    let body_text = match extract_plain(&headers, body, 0)? {
        Some(t) => t,
        None => {
            return Err(
                "e-mail has no text/plain part (HTML-only e-mails are not supported; \
                        save the message as plain text)"
                    .into(),
            )
        }
    };
    let mut fields = parse_header_block(&unify_newlines(&body_text))?;
    if fields.received.is_none() {
        fields.received = header(&headers, "date").map(email_date);
    }
    if let Some(subject) = header(&headers, "subject").map(decode_rfc2047) {
        let subject = subject.trim();
        if !subject.is_empty() {
            let body = fields.text.take().unwrap_or_default();
            fields.text = Some(format!("{subject}\n\n{body}"));
        }
    }
    if fields.channel.is_none() {
        fields.channel = Some("e-mail".into());
    }
    Ok(fields)
}

/// RFC 2822 date → `YYYY-MM-DD` as written; otherwise the value unchanged (validation then
/// explains what is wrong with it).
fn email_date(value: &str) -> String {
    let v = value.trim();
    let without_comment = match v.rfind('(') {
        Some(p) if v.ends_with(')') => v[..p].trim(),
        _ => v,
    };
    for candidate in [v, without_comment] {
        if let Ok(dt) = chrono::DateTime::parse_from_rfc2822(candidate) {
            return dt.date_naive().format("%Y-%m-%d").to_string();
        }
    }
    v.to_owned()
}

/// Content-Type → (lower-case mime type, parameters with lower-case names).
fn content_type(headers: &[(String, String)]) -> (String, Vec<(String, String)>) {
    let raw = header(headers, "content-type").unwrap_or("text/plain");
    let mut parts = raw.split(';');
    let mime = parts.next().unwrap_or("").trim().to_ascii_lowercase();
    let params = parts
        .filter_map(|p| {
            let (k, v) = p.split_once('=')?;
            Some((
                k.trim().to_ascii_lowercase(),
                v.trim().trim_matches('"').to_owned(),
            ))
        })
        .collect();
    (
        if mime.is_empty() {
            "text/plain".into()
        } else {
            mime
        },
        params,
    )
}

fn param<'a>(params: &'a [(String, String)], name: &str) -> Option<&'a str> {
    params
        .iter()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.as_str())
}

/// The first text/plain content of a message or part; `Ok(None)` if there is none.
fn extract_plain(
    headers: &[(String, String)],
    body: &str,
    depth: usize,
) -> Result<Option<String>, String> {
    let (mime, params) = content_type(headers);
    if mime.starts_with("multipart/") {
        if depth >= 5 {
            return Ok(None);
        }
        let boundary = param(&params, "boundary")
            .filter(|b| !b.is_empty())
            .ok_or("multipart e-mail without boundary parameter")?;
        for part in multipart_parts(body, boundary) {
            let (h, b) = split_headers(part);
            if let Some(text) = extract_plain(&h, b, depth + 1)? {
                return Ok(Some(text));
            }
        }
        return Ok(None);
    }
    if mime != "text/plain" {
        return Ok(None);
    }
    let cte = header(headers, "content-transfer-encoding")
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase();
    let bytes = match cte.as_str() {
        "quoted-printable" => decode_quoted_printable(body),
        "base64" => decode_base64(body).ok_or("invalid base64 in e-mail body")?,
        _ => return Ok(Some(body.to_owned())),
    };
    Ok(Some(decode_charset(&bytes, param(&params, "charset"))))
}

/// Parts of a multipart body between `--boundary` lines (preamble and epilogue dropped).
fn multipart_parts<'a>(body: &'a str, boundary: &str) -> Vec<&'a str> {
    let delim = format!("--{boundary}");
    let mut parts = Vec::new();
    let mut current: Option<usize> = None;
    let mut offset = 0usize;
    for line in body.split_inclusive('\n') {
        let l = line.trim_end();
        if l == delim || l == format!("{delim}--") {
            if let Some(start) = current {
                // Exclude the newline that precedes the delimiter line.
                let end = offset.saturating_sub(1).max(start);
                parts.push(&body[start..end]);
            }
            if l.ends_with("--") && l != delim {
                return parts;
            }
            current = Some(offset + line.len());
        }
        offset += line.len();
    }
    if let Some(start) = current {
        parts.push(&body[start.min(body.len())..]);
    }
    parts
}

fn decode_charset(bytes: &[u8], charset: Option<&str>) -> String {
    if let Some(enc) = charset.and_then(|c| Encoding::for_label(c.trim().as_bytes())) {
        let (text, had_errors) = enc.decode_without_bom_handling(bytes);
        if !had_errors {
            return text.into_owned();
        }
    }
    match std::str::from_utf8(bytes) {
        Ok(s) => s.to_owned(),
        Err(_) => WINDOWS_1252
            .decode_without_bom_handling(bytes)
            .0
            .into_owned(),
    }
}

fn hex_val(b: u8) -> Option<u8> {
    (b as char).to_digit(16).map(|d| d as u8)
}

fn decode_quoted_printable(s: &str) -> Vec<u8> {
    let mut out = Vec::with_capacity(s.len());
    let lines: Vec<&str> = s.split('\n').collect();
    for (n, line) in lines.iter().enumerate() {
        let line = line.trim_end_matches([' ', '\t']).as_bytes();
        let (line, soft_break) = match line.split_last() {
            Some((b'=', rest)) => (rest, true),
            _ => (line, false),
        };
        let mut i = 0;
        while i < line.len() {
            if line[i] == b'=' && i + 2 < line.len() {
                if let (Some(h), Some(l)) = (hex_val(line[i + 1]), hex_val(line[i + 2])) {
                    out.push(h * 16 + l);
                    i += 3;
                    continue;
                }
            }
            out.push(line[i]);
            i += 1;
        }
        if !soft_break && n + 1 < lines.len() {
            out.push(b'\n');
        }
    }
    out
}

fn decode_base64(s: &str) -> Option<Vec<u8>> {
    fn val(c: u8) -> Option<u32> {
        Some(match c {
            b'A'..=b'Z' => c - b'A',
            b'a'..=b'z' => c - b'a' + 26,
            b'0'..=b'9' => c - b'0' + 52,
            b'+' | b'-' => 62,
            b'/' | b'_' => 63,
            _ => return None,
        } as u32)
    }
    let mut out = Vec::with_capacity(s.len() * 3 / 4);
    let mut acc = 0u32;
    let mut bits = 0u32;
    for c in s.bytes() {
        if c.is_ascii_whitespace() {
            continue;
        }
        if c == b'=' {
            break;
        }
        acc = (acc << 6) | val(c)?;
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
            acc &= (1 << bits) - 1;
        }
    }
    Some(out)
}

static ENCODED_WORD: Lazy<Regex> =
    Lazy::new(|| Regex::new(r"=\?([^?\s]+)\?([BbQq])\?([^?\s]*)\?=").expect("valid regex"));
static BETWEEN_WORDS: Lazy<Regex> = Lazy::new(|| Regex::new(r"\?=\s+=\?").expect("valid regex"));

/// Minimal RFC 2047 (`=?charset?Q|B?…?=`) decoding for header values.
fn decode_rfc2047(value: &str) -> String {
    let value = BETWEEN_WORDS.replace_all(value, "?==?");
    ENCODED_WORD
        .replace_all(&value, |c: &regex::Captures| {
            let bytes = if c[2].eq_ignore_ascii_case("b") {
                decode_base64(&c[3]).unwrap_or_default()
            } else {
                decode_quoted_printable(&c[3].replace('_', " "))
            };
            let charset = c[1].split('*').next().unwrap_or("");
            let enc = Encoding::for_label(charset.as_bytes()).unwrap_or(UTF_8);
            enc.decode_without_bom_handling(&bytes).0.into_owned()
        })
        .into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn letter_with_header_block() {
        let text = "Kenmerk: OMA-2024-001\r\nDatum: 12 maart 2024\r\nGemeente: Amsterdam\r\n\
                    Betreft: parkeervergunning\r\nThema's: parkeren; Vergunningen\r\n\r\n\
                    Geachte heer,\r\n\r\nIk wacht al maanden.\r\n";
        let r = parse_letter(text, "post/brief.txt", None).unwrap();
        assert_eq!(r.source, SourceRef::file("post/brief.txt"));
        let f = r.fields;
        assert_eq!(f.id.as_deref(), Some("OMA-2024-001"));
        assert_eq!(f.received.as_deref(), Some("12 maart 2024"));
        assert_eq!(f.municipality.as_deref(), Some("Amsterdam"));
        assert_eq!(
            f.themes,
            Some(vec!["parkeren".into(), "Vergunningen".into()])
        );
        assert_eq!(
            f.text.as_deref(),
            Some("Betreft: parkeervergunning\n\nGeachte heer,\n\nIk wacht al maanden.\n")
        );
    }

    #[test]
    fn letter_without_header_uses_stem_and_sidecar() {
        let text = "Geachte heer: ik klaag.\n\nDatum: gisteren";
        let r = parse_letter(text, "a/letter-2.txt", None).unwrap();
        assert_eq!(r.fields.id.as_deref(), Some("letter-2"));
        assert_eq!(r.fields.received, None);
        assert_eq!(r.fields.text.as_deref(), Some(text));

        let side = r#"{"received": "2024-03-14", "municipality": "Zaandam", "themes": ["afval"], "id": "Z-9"}"#;
        let r = parse_letter(text, "a/letter-2.txt", Some(side)).unwrap();
        assert_eq!(r.fields.id.as_deref(), Some("Z-9"));
        assert_eq!(r.fields.received.as_deref(), Some("2024-03-14"));
        assert_eq!(r.fields.themes, Some(vec!["afval".into()]));

        let e = parse_letter(text, "a/letter-2.txt", Some("{\"id\": ")).unwrap_err();
        assert_eq!(e.source, "a/letter-2.txt");
        assert!(
            e.reason
                .starts_with("sidecar 'letter-2.txt.json': invalid JSON"),
            "{}",
            e.reason
        );
        let e = parse_letter(text, "a/letter-2.txt", Some("[]")).unwrap_err();
        assert!(e.reason.contains("expected a JSON object"));
    }

    #[test]
    fn header_block_edge_cases() {
        // Block ends at a line that is not "Key: value" even without a blank line.
        let r = parse_letter("Datum: 1-2-2024\nGeachte heer,\nTekst.", "x.txt", None).unwrap();
        assert_eq!(r.fields.received.as_deref(), Some("1-2-2024"));
        assert_eq!(r.fields.text.as_deref(), Some("Geachte heer,\nTekst."));
        // Duplicate known header.
        let e = parse_letter(
            "Datum: 1-2-2024\nKenmerk: a\nDATUM: 2-2-2024\n\nx",
            "d.txt",
            None,
        )
        .unwrap_err();
        assert_eq!(e.reason, "header 'DATUM' given twice (lines 1 and 3)");
        // Empty value → absent; header only → empty text.
        let r = parse_letter("Kenmerk:\nGemeente: Diemen", "e.txt", None).unwrap();
        assert_eq!(r.fields.id.as_deref(), Some("e"));
        assert_eq!(r.fields.text.as_deref(), Some(""));
    }

    #[test]
    fn eml_quoted_printable_and_privacy() {
        let eml = "Return-Path: <x@example.org>\r\nFrom: [naam] <naam@example.org>\r\n\
                   To: ombudsman@example.org\r\nSubject: =?UTF-8?Q?Klacht_over_caf=C3=A9?=\r\n \
                   =?UTF-8?Q?vergunning?=\r\nDate: Tue, 12 Mar 2024 23:30:00 -0100\r\n\
                   MIME-Version: 1.0\r\nContent-Type: text/plain; charset=\"iso-8859-1\"\r\n\
                   Content-Transfer-Encoding: quoted-printable\r\n\r\n\
                   Geachte ombudsman,\r\n\r\nDe gemeente reageert niet op mijn brief over het terr=\r\nas van het caf=E9.\r\n";
        let r = parse_letter(eml, "mail/m1.eml", None).unwrap();
        let f = r.fields;
        assert_eq!(f.id.as_deref(), Some("m1"));
        assert_eq!(f.received.as_deref(), Some("2024-03-12"));
        assert_eq!(f.channel.as_deref(), Some("e-mail"));
        let text = f.text.unwrap();
        assert!(
            text.starts_with("Klacht over cafévergunning\n\nGeachte ombudsman,"),
            "{text}"
        );
        assert!(text.contains("het terras van het café."), "{text}");
        assert!(
            !text.contains("example.org") && !text.contains("[naam]"),
            "{text}"
        );
    }

    #[test]
    fn eml_multipart_base64_and_body_header_block() {
        let eml = "From: a@b\nSubject: Klacht\nDate: not a date\n\
                   Content-Type: multipart/mixed; boundary=\"XX\"\n\npreamble\n--XX\n\
                   Content-Type: multipart/alternative; boundary=YY\n\n--YY\n\
                   Content-Type: text/html\n\n<p>html</p>\n--YY\n\
                   Content-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: base64\n\n\
                   S2VubWVyazogTS03CkdlbWVlbnRlOiBBbG1lcmUKCkhldCBpcyBlZW4gc2NoYW5kYWFsIQ==\n\
                   --YY--\n--XX\nContent-Type: application/pdf\n\nxxx\n--XX--\n";
        let r = parse_letter(eml, "m2.eml", None).unwrap();
        let f = r.fields;
        assert_eq!(f.id.as_deref(), Some("M-7"));
        assert_eq!(f.municipality.as_deref(), Some("Almere"));
        assert_eq!(f.received.as_deref(), Some("not a date"));
        assert_eq!(f.text.as_deref(), Some("Klacht\n\nHet is een schandaal!"));

        let html = "From: a@b\nContent-Type: text/html\n\n<p>x</p>";
        let e = parse_letter(html, "h.eml", None).unwrap_err();
        assert!(e.reason.contains("no text/plain part"), "{}", e.reason);
        let e =
            parse_letter("From: a\nContent-Type: multipart/mixed\n\nx", "b.eml", None).unwrap_err();
        assert!(e.reason.contains("without boundary"));
    }

    #[test]
    fn email_sniffing() {
        assert!(looks_like_email("From: a@b\nSubject: x\n\nbody"));
        assert!(!looks_like_email(
            "Datum: 12 maart 2024\nGemeente: Diemen\n"
        ));
        assert!(!looks_like_email("Date: 2024-03-01\n\nIk klaag."));
        assert!(!looks_like_email(
            "Date: 2024-03-01\nGemeente: Diemen\n\nTo: iedereen"
        ));
        assert!(looks_like_email(
            "From nobody Mon Jan 1 00:00:00 2024\nFrom: a\nDate: x\n\nb"
        ));
        assert!(looks_like_email(
            "DKIM-Signature: v=1;\n a=b\nTo: x\nFrom: y\n\nb"
        ));
        assert!(!looks_like_email("Datum: 1-1-2024\nFrom: y\nTo: x\n\nb"));
        // An .eml whose first line is any other header is parsed as e-mail (From/To dropped) …
        let r = parse_letter(
            "ARC-Seal: i=1\nFrom: [naam]\n\nDit is de klacht.",
            "a.eml",
            None,
        )
        .unwrap();
        assert_eq!(r.fields.text.as_deref(), Some("Dit is de klacht."));
        // … but an .eml that starts with a letter header block is read as a letter.
        let r = parse_letter("Kenmerk: K-1\nDatum: 1-1-2024\n\nDe klacht.", "b.eml", None).unwrap();
        assert_eq!(r.fields.id.as_deref(), Some("K-1"));
        assert_eq!(r.fields.text.as_deref(), Some("De klacht."));
        // A .txt that is really an e-mail is parsed as one.
        let r = parse_letter(
            "Date: 1 Mar 2024 10:00 +0100\nSubject: S\n\nbody text",
            "x.txt",
            None,
        )
        .unwrap();
        assert_eq!(r.fields.received.as_deref(), Some("2024-03-01"));
    }

    #[test]
    fn qp_and_base64_helpers() {
        assert_eq!(
            decode_quoted_printable("a=3Db=\nc = \n=ZZ=\nx=4"),
            b"a=bc =ZZx=4"
        );
        assert_eq!(decode_quoted_printable("a=00\nb"), b"a\0\nb");
        assert_eq!(decode_base64("aGFsbG8="), Some(b"hallo".to_vec()));
        assert_eq!(decode_base64("a*"), None);
        assert_eq!(decode_rfc2047("=?iso-8859-1?B?Y2Fm6Q==?= x"), "café x");
    }
}
