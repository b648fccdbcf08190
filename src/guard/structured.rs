//! Detectors for structured personal data: BSN, IBAN, telephone numbers, e-mail addresses,
//! postcodes, street addresses, birth dates and licence plates.
//!
//! Contract shared by every detector here: it *appends* candidate [`Finding`]s for `text` to
//! `out`, with byte offsets on char boundaries, `start < end`. Candidates may overlap each other
//! (also across detectors); [`super::Guard::find`] resolves that. No detector panics on any
//! input: they only slice at offsets that came from regex matches or `char_indices`.
//!
//! The detectors lean towards *checked* evidence (11-proef, mod-97, a valid Dutch number
//! length, a real sidecode) rather than bare digit shapes, because letters to an ombudsman are
//! full of case numbers, amounts and dates that must survive untouched.

use std::collections::HashSet;

use once_cell::sync::Lazy;
use regex::Regex;

use super::checksum::{bsn_valid, iban_length, iban_valid};
use super::text::{
    ceil_boundary, floor_boundary, is_dash, is_inline_space, next_char, next_char2, prev_char,
    prev_char2,
};
use super::{Finding, PiiKind};

const MONTHS: &str = "januari|februari|maart|april|mei|juni|juli|augustus|september|oktober|\
november|december|sept|febr|jan|feb|mrt|apr|jun|jul|aug|sep|okt|nov|dec";

/// Date shapes used by the birth-date detector: d-m-y (with - / .), ISO y-m-d, and "12 maart 1985".
fn date_pattern() -> String {
    format!(
        r"(?:[0-3]?[0-9][-/.][01]?[0-9][-/.](?:19|20)?[0-9]{{2}}|(?:19|20)[0-9]{{2}}-[01][0-9]-[0-3][0-9]|[0-3]?[0-9](?:e|ste|de)?[ \u{{a0}}]+(?:{MONTHS})\.?[ \u{{a0}}]+(?:19|20)[0-9]{{2}}|(?:{MONTHS})\.?[ \u{{a0}}]+[0-3]?[0-9],?[ \u{{a0}}]+(?:19|20)[0-9]{{2}})(?-u:\b)"
    )
}

/// Street-name endings that make "<Word> <number>" an address.
const STREET_SUFFIXES: &[&str] = &[
    "straat",
    "weg",
    "laan",
    "plein",
    "gracht",
    "kade",
    "dijk",
    "singel",
    "pad",
    "steeg",
    "hof",
    "dreef",
    "park",
    "plantsoen",
    "markt",
    "baan",
    "kant",
    "allee",
    "boulevard",
    "burgwal",
    "wal",
    "haven",
    "veld",
    "straatje",
    "laantje",
    "pleintje",
    "hofje",
    "pier",
    "promenade",
    "passage",
    "poort",
    "sloot",
    "vaart",
    "oever",
    "zijde",
    "akker",
    "horst",
    "brink",
    "wetering",
    "weide",
    "hoven",
    "daal",
    "hout",
    "tuin",
    "tuinen",
];

/// Endings that are also parks, markets, squares-as-places: "<Oosterpark> <2>" is only an
/// address when nothing but punctuation or the end of the line follows the number (or it has
/// an addition such as "2-H").
const WEAK_STREET_SUFFIXES: &[&str] = &[
    "park",
    "markt",
    "veld",
    "haven",
    "tuin",
    "tuinen",
    "hof",
    "poort",
    "weide",
    "hout",
    "pier",
    "passage",
    "promenade",
    "oever",
    "plantsoen",
];

/// Words after a number that make it a count, not a house number ("Kerkstraat 5 jaar lang").
const COUNT_NOUNS: &[&str] = &[
    "keer", "jaar", "jaren", "maanden", "maand", "weken", "week", "dagen", "dag", "uur", "minuten",
    "euro", "procent", "mensen", "kinderen", "huizen", "woningen", "bomen", "meter", "km", "x",
];

/// Street names without one of those endings that are common in the area, and suffix words that
/// are themselves a street name when capitalised.
const STREET_NAMES: &[&str] = &[
    "rokin",
    "damrak",
    "spui",
    "dam",
    "singel",
    "amstel",
    "nieuwendijk",
    "zeedijk",
    "buitenveldertselaan",
    "kalverstraat",
    "weesperzijde",
    "overtoom",
    "haarlemmerdijk",
    "reguliersbreestraat",
    "zuidas",
    "bijlmerdreef",
    "meer en vaart",
    "ganzenhoef",
    "kraaiennest",
    "gaasperdam",
    "holendrecht",
];

/// Two-letter words that, after a four-digit number, are more likely a word, unit or
/// abbreviation than postcode letters: such a postcode needs a place name after it (or a house
/// number before it) to count.
const POSTCODE_AMBIGUOUS: &[&str] = &[
    "EN", "OF", "IN", "OP", "TE", "DE", "ER", "ZE", "WE", "JE", "IK", "AL", "NU", "KM", "KG", "MB",
    "GB", "KB", "TB", "CM", "MM", "ML", "PK", "KW", "PM", "AM", "EU", "VS", "NS", "HET", "TO",
    "ON",
];

/// Words that make a licence-plate shape without dashes count as a plate. Matched at the start
/// of a word ("auto" counts in "auto's", not in "automaat"); common compounds are listed.
const PLATE_CONTEXT: &[&str] = &[
    "kenteken",
    "auto",
    "wagen",
    "parkeerboete",
    "bekeuring",
    "boete",
    "parkeer",
    "voertuig",
    "bus",
    "scooter",
    "motor",
    "brommer",
    "rdw",
    "naheffing",
    "vergunning",
    "wegsle",
    "apk",
    "geparkeerd",
    "camper",
    "aanhanger",
    "taxi",
    "leaseauto",
    "deelauto",
    "bestelauto",
    "vrachtwagen",
    "bestelwagen",
    "bestelbus",
    "personenauto",
];

/// Letters used on Dutch plates (no vowels, no C or Q): a dashed shape made only of these is a
/// plate even without context.
const PLATE_LETTERS: &str = "BDFGHJKLMNPRSTVXZ";

/// The fourteen Dutch sidecodes: X letter, 9 digit.
const SIDECODES: &[&str] = &[
    "XX-99-99", "99-99-XX", "99-XX-99", "XX-99-XX", "XX-XX-99", "99-XX-XX", "99-XXX-9", "9-XXX-99",
    "XX-999-X", "X-999-XX", "XXX-99-X", "X-99-XXX", "9-XX-999", "999-XX-9",
];

/// Business and service numbers (not personal): 088 company numbers, 0800 / 090x info lines.
const PHONE_NON_PERSONAL_PREFIXES: &[&str] = &["088", "0800", "0900", "0906", "0909"];

static DIGIT_RUN: Lazy<Regex> = Lazy::new(|| {
    Regex::new(r"[0-9]+(?:[ .\u{a0}\u{202f}\-\u{2011}\u{2013}][0-9]+)*").expect("digit run regex")
});
static IBAN_HEAD: Lazy<Regex> =
    Lazy::new(|| Regex::new(r"[A-Za-z]{2}[0-9]{2}").expect("iban head regex"));
static EMAIL: Lazy<Regex> = Lazy::new(|| {
    Regex::new(
        r"[\p{L}\p{N}_%+\-'][\p{L}\p{N}._%+\-']*(?:@|[ \u{a0}]?\((?:at|AT|apenstaartje)\)[ \u{a0}]?)[\p{L}\p{N}\-]+(?:\.[\p{L}\p{N}\-]+)*\.\p{L}{2,24}(?-u:\b)",
    )
    .expect("email regex")
});
static POSTCODE: Lazy<Regex> =
    Lazy::new(|| Regex::new(r"[1-9][0-9]{3}[ \u{a0}]?[A-Za-z]{2}").expect("postcode regex"));
static HOUSE_NUMBER_BEFORE: Lazy<Regex> = Lazy::new(|| {
    Regex::new(r"[0-9][A-Za-z]{0,2}(?:-[0-9A-Za-z]{1,6})?,?[ \u{a0}]*$")
        .expect("house number regex")
});
static ADDRESS: Lazy<Regex> = Lazy::new(|| {
    Regex::new(
        r"(?:(?:\p{Lu}[\p{L}\p{M}'’.\-]*|[1-9][0-9]?(?:e|ste|de))[ \u{a0}]+(?:(?:van|de|der|den|het|'t|’t|ter|ten|te|la|le|'s|’s)[ \u{a0}]+){0,3}){0,4}(?P<street>\p{Lu}[\p{L}\p{M}'’\-]+)[ \u{a0}]+(?:nr\.?[ \u{a0}]?)?(?P<num>[1-9][0-9]{0,4})(?P<add>[A-Za-z](?-u:\b)|[ \u{a0}][A-Z](?-u:\b)|[-/][A-Za-z0-9]{1,6}(?-u:\b)|[ \u{a0}]?(?:hs|HS|huis|bg|BG|bis)(?-u:\b)|[ \u{a0}](?:I{1,3}|IV)(?-u:\b))?",
    )
    .expect("address regex")
});
static BIRTH_BEFORE: Lazy<Regex> = Lazy::new(|| {
    Regex::new(&format!(
        r"(?i)(?-u:\b)(?:geboren|geb\.?|geboortedatum|geb\.?[ ]?datum|geboorte-datum|d\.o\.b\.?)(?:[ \u{{a0}}]*:[ \u{{a0}}]*|[ \u{{a0}}]+|(?-u:\b))(?:(?:is|was)[ \u{{a0}}]+)?(?:(?:te|in)[ \u{{a0}}]+\p{{Lu}}[\p{{L}}\-]+[ \u{{a0}}]+)?(?:op[ \u{{a0}}]+|d\.d\.[ \u{{a0}}]*|de[ \u{{a0}}]+)?(?P<d>{})",
        date_pattern()
    ))
    .expect("birth-before regex")
});
static BIRTH_AFTER: Lazy<Regex> = Lazy::new(|| {
    Regex::new(&format!(
        r"(?i)(?P<d>{})[ \u{{a0}}]+(?:is[ \u{{a0}}]+|ben[ \u{{a0}}]+|werd[ \u{{a0}}]+|was[ \u{{a0}}]+|zijn[ \u{{a0}}]+)?geboren(?-u:\b)",
        date_pattern()
    ))
    .expect("birth-after regex")
});
static BIRTH_YEAR: Lazy<Regex> = Lazy::new(|| {
    Regex::new(r"(?i)(?-u:\b)(?:geboren[ \u{a0}]+in|geboortejaar[ \u{a0}]*:?)[ \u{a0}]+(?P<d>(?:19|20)[0-9]{2})(?-u:\b)")
        .expect("birth-year regex")
});
static DATE_PREFIX: Lazy<Regex> = Lazy::new(|| {
    Regex::new(r"^\(?[0-9]{1,2}[-/.][0-9]{1,2}[-/.][0-9]{2,4}").expect("date prefix regex")
});
static PLATE_TOKEN: Lazy<Regex> = Lazy::new(|| {
    Regex::new(r"[A-Za-z0-9]+(?:[\-\u{2011}\u{2013}][A-Za-z0-9]+)*").expect("plate token regex")
});

/// Force the lazily compiled regexes (so `Guard::new` pays the cost once, up front).
pub(crate) fn warm_up() {
    for r in [
        &DIGIT_RUN,
        &IBAN_HEAD,
        &EMAIL,
        &POSTCODE,
        &HOUSE_NUMBER_BEFORE,
        &ADDRESS,
        &BIRTH_BEFORE,
        &BIRTH_AFTER,
        &BIRTH_YEAR,
        &DATE_PREFIX,
        &PLATE_TOKEN,
    ] {
        Lazy::force(r);
    }
}

fn push(out: &mut Vec<Finding>, kind: PiiKind, start: usize, end: usize) {
    if start < end {
        out.push(Finding { kind, start, end });
    }
}

// ---------------------------------------------------------------------------------------------
// BSN

#[derive(Clone, Copy, PartialEq, Eq)]
enum SepClass {
    Space,
    Dot,
    Dash,
}

fn sep_class(c: char) -> SepClass {
    if is_inline_space(c) {
        SepClass::Space
    } else if c == '.' {
        SepClass::Dot
    } else {
        SepClass::Dash
    }
}

/// Is the number starting at `s` glued to something on its left (a letter, a `+`, or a
/// `-`/`/`/`.`/`,` that itself follows a letter or digit)? Then it is part of a longer token
/// (IBAN, case number, amount) and not a standalone identifier.
fn attached_left(text: &str, s: usize) -> bool {
    match prev_char(text, s) {
        None => false,
        Some(c) if c.is_alphanumeric() || c == '+' || c == '_' => true,
        Some(c) if is_dash(c) || c == '/' || c == '_' || c == '#' => {
            prev_char2(text, s).is_some_and(|p| p.is_alphanumeric())
        }
        Some(',') | Some('.') => prev_char2(text, s).is_some_and(|p| p.is_ascii_digit()),
        Some(_) => false,
    }
}

/// Mirror of [`attached_left`]: a letter/digit right after, or a separator that continues the
/// number (`,56`, `.5`, `-12`, `/3`).
fn attached_right(text: &str, e: usize) -> bool {
    match next_char(text, e) {
        None => false,
        Some(c) if c.is_alphanumeric() || c == '_' => true,
        Some(c) if c == ',' || c == '.' || c == '/' || is_dash(c) || c == ':' => {
            next_char2(text, e).is_some_and(|n| n.is_ascii_digit())
        }
        Some(_) => false,
    }
}

fn preceded_by_currency(text: &str, s: usize) -> bool {
    let before = text[..s].trim_end_matches(is_inline_space);
    before.ends_with('€')
        || before.ends_with("EUR")
        || before.ends_with("eur")
        || before.ends_with("euro")
}

const BSN_SHAPES: &[&[usize]] = &[&[9], &[8], &[3, 3, 3], &[4, 2, 3], &[2, 3, 3]];

/// BSN: 8 or 9 digits, plain or grouped 3-3-3 / 4-2-3 / 2-3-3 with one consistent separator,
/// not glued to a longer number, passing the 11-proef.
pub(crate) fn detect_bsn(text: &str, out: &mut Vec<Finding>) {
    for m in DIGIT_RUN.find_iter(text) {
        let base = m.start();
        let mut groups: Vec<(usize, usize)> = Vec::new();
        let mut seps: Vec<SepClass> = Vec::new();
        let mut gs: Option<usize> = None;
        for (i, c) in m.as_str().char_indices() {
            if c.is_ascii_digit() {
                if gs.is_none() {
                    gs = Some(i);
                }
            } else if let Some(g) = gs.take() {
                groups.push((base + g, base + i));
                seps.push(sep_class(c));
            }
        }
        if let Some(g) = gs {
            groups.push((base + g, m.end()));
        }
        for i in 0..groups.len() {
            for j in i..groups.len().min(i + 3) {
                let lens: Vec<usize> = groups[i..=j].iter().map(|(a, b)| b - a).collect();
                if !BSN_SHAPES.contains(&lens.as_slice()) {
                    continue;
                }
                let inner = &seps[i..j];
                if inner.windows(2).any(|w| w[0] != w[1]) {
                    continue;
                }
                let own = inner.first().copied();
                let (s, e) = (groups[i].0, groups[j].1);
                // Left neighbour group: only a *space*-separated, differently formatted number
                // may stand next to a BSN ("huisnummer 12 123456782"), never one joined by its
                // own separator or by a dot/dash (that makes it one longer number).
                if i > 0 {
                    let l = seps[i - 1];
                    if l != SepClass::Space || own == Some(SepClass::Space) {
                        continue;
                    }
                } else if attached_left(text, s) {
                    continue;
                }
                if j + 1 < groups.len() {
                    let r = seps[j];
                    if r != SepClass::Space || own == Some(SepClass::Space) {
                        continue;
                    }
                } else if attached_right(text, e) {
                    continue;
                }
                if preceded_by_currency(text, s) {
                    continue;
                }
                let digits: String = text[s..e].chars().filter(char::is_ascii_digit).collect();
                if bsn_valid(&digits) {
                    push(out, PiiKind::Bsn, s, e);
                }
            }
        }
    }
}

// ---------------------------------------------------------------------------------------------
// IBAN

/// IBAN: a known country code, its registered length, written compact or in groups of four
/// separated by single spaces, case-insensitive, passing mod-97.
pub(crate) fn detect_iban(text: &str, out: &mut Vec<Finding>) {
    for m in IBAN_HEAD.find_iter(text) {
        let start = m.start();
        if prev_char(text, start).is_some_and(|c| c.is_alphanumeric()) {
            continue;
        }
        let cc = m.as_str()[..2].to_ascii_uppercase();
        let Some(len) = iban_length(&cc) else {
            continue;
        };
        let mut compact = String::from(m.as_str());
        let mut pos = m.end();
        let mut n = 4;
        while n < len {
            match next_char(text, pos) {
                Some(c) if c.is_ascii_alphanumeric() => {
                    compact.push(c);
                    pos += 1;
                    n += 1;
                }
                Some(c)
                    if is_inline_space(c)
                        && n % 4 == 0
                        && next_char(text, pos + c.len_utf8())
                            .is_some_and(|d| d.is_ascii_alphanumeric()) =>
                {
                    pos += c.len_utf8();
                }
                _ => break,
            }
        }
        if n != len || next_char(text, pos).is_some_and(|c| c.is_alphanumeric()) {
            continue;
        }
        if iban_valid(&compact) {
            push(out, PiiKind::Iban, start, pos);
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Telephone

fn phone_attached_left(text: &str, i: usize) -> bool {
    match prev_char(text, i) {
        None => false,
        Some(c) if c.is_alphanumeric() || c == '+' || c == '_' => true,
        Some(c) if is_dash(c) || c == '/' => {
            prev_char2(text, i).is_some_and(|p| p.is_alphanumeric())
        }
        Some('.') | Some(',') => prev_char2(text, i).is_some_and(|p| p.is_ascii_digit()),
        Some(_) => false,
    }
}

fn skip_one_sep(text: &str, pos: usize) -> usize {
    match next_char(text, pos) {
        Some(c) if is_inline_space(c) || is_dash(c) => pos + c.len_utf8(),
        _ => pos,
    }
}

/// A separator inside a phone number at `pos`: one space, dot, slash or dash, or a dash with a
/// space on both sides ("020 - 123 45 67"). Returns (is a dash, byte length).
fn phone_separator(text: &str, pos: usize) -> Option<(bool, usize)> {
    let c = next_char(text, pos)?;
    if is_inline_space(c) {
        let p2 = pos + c.len_utf8();
        if let Some(d) = next_char(text, p2).filter(|d| is_dash(*d)) {
            let p3 = p2 + d.len_utf8();
            if let Some(e) = next_char(text, p3).filter(|e| is_inline_space(*e)) {
                return Some((true, p3 + e.len_utf8() - pos));
            }
        }
        return Some((false, c.len_utf8()));
    }
    if is_dash(c) {
        return Some((true, c.len_utf8()));
    }
    if c == '.' || c == '/' {
        return Some((false, 1));
    }
    None
}

/// Parse a Dutch number starting at byte `start` (`0…`, `(0…)`, `+31…`, `0031…`). Returns the
/// end offset when exactly ten national digits were read in plausible groups.
fn parse_dutch_phone(text: &str, start: usize) -> Option<usize> {
    let rest = &text[start..];
    let mut nat = String::with_capacity(10);
    let mut pos = start;
    let mut cur = 0usize; // digits in the current group
    let mut in_paren = false;
    if rest.starts_with("+31") || rest.starts_with("0031") {
        pos += if rest.starts_with('+') { 3 } else { 4 };
        nat.push('0');
        cur = 1; // the implied trunk 0 belongs to the area-code group
        pos = skip_one_sep(text, pos);
        if text[pos..].starts_with("(0)") {
            pos = skip_one_sep(text, pos + 3);
        } else if text[pos..].starts_with('0') {
            pos += 1;
        }
    } else if rest.starts_with("(0") {
        in_paren = true;
        pos += 1;
    } else if !rest.starts_with('0') {
        return None;
    }
    let mut groups: Vec<usize> = Vec::new();
    let mut dashes = 0;
    let mut last_sep = false;
    let mut end = pos;
    while nat.len() < 10 {
        let Some(c) = next_char(text, pos) else { break };
        if c.is_ascii_digit() {
            nat.push(c);
            cur += 1;
            pos += 1;
            end = pos;
            last_sep = false;
            continue;
        }
        if in_paren {
            if c != ')' || cur == 0 {
                break;
            }
            in_paren = false;
            groups.push(cur);
            cur = 0;
            pos = skip_one_sep(text, pos + 1);
            last_sep = true;
            continue;
        }
        if last_sep || cur == 0 {
            break;
        }
        let Some((is_dash_sep, len)) = phone_separator(text, pos) else {
            break;
        };
        if is_dash_sep {
            dashes += 1;
            if dashes > 1 {
                break;
            }
        } else if c == '/' && !groups.is_empty() {
            break;
        }
        if !next_char(text, pos + len).is_some_and(|d| d.is_ascii_digit()) {
            break;
        }
        groups.push(cur);
        cur = 0;
        pos += len;
        last_sep = true;
    }
    if cur > 0 {
        groups.push(cur);
    }
    let nb = nat.as_bytes();
    if nb.len() != 10 || in_paren || nb[0] != b'0' || nb[1] == b'0' {
        return None;
    }
    if groups.iter().any(|&g| g < 2) {
        return None;
    }
    if PHONE_NON_PERSONAL_PREFIXES.iter().any(|p| nat.starts_with(p)) {
        return None;
    }
    if attached_right(text, end) {
        return None;
    }
    if DATE_PREFIX.is_match(&text[start..end]) {
        return None;
    }
    Some(end)
}

/// A non-Dutch international number: `+cc` and 9–15 digits in all, in groups.
fn parse_foreign_phone(text: &str, start: usize) -> Option<usize> {
    let mut pos = start + 1;
    if !next_char(text, pos).is_some_and(|c| ('1'..='9').contains(&c)) {
        return None;
    }
    let mut digits = 0usize;
    let mut end = pos;
    let mut last_sep = false;
    while digits < 15 {
        let Some(c) = next_char(text, pos) else { break };
        if c.is_ascii_digit() {
            digits += 1;
            pos += 1;
            end = pos;
            last_sep = false;
            continue;
        }
        if last_sep || !(is_inline_space(c) || is_dash(c) || c == '.') {
            break;
        }
        if !next_char(text, pos + c.len_utf8()).is_some_and(|d| d.is_ascii_digit()) {
            break;
        }
        pos += c.len_utf8();
        last_sep = true;
    }
    if !(9..=15).contains(&digits) || attached_right(text, end) {
        return None;
    }
    Some(end)
}

/// Telephone numbers: Dutch numbers normalised to ten national digits (06…, 0xx…, 0xxx…, with
/// +31 / 0031 / (0) variants, spaces, dashes, brackets), and other `+cc` numbers.
pub(crate) fn detect_phone(text: &str, out: &mut Vec<Finding>) {
    let mut last_end = 0;
    for (i, c) in text.char_indices() {
        if i < last_end || !(c == '0' || c == '+' || c == '(') {
            continue;
        }
        if phone_attached_left(text, i) {
            continue;
        }
        let rest = &text[i..];
        let end = if c == '+' && !rest.starts_with("+31") {
            parse_foreign_phone(text, i)
        } else {
            parse_dutch_phone(text, i)
        };
        if let Some(e) = end {
            push(out, PiiKind::Telefoon, i, e);
            last_end = e;
        }
    }
}

// ---------------------------------------------------------------------------------------------
// E-mail

/// E-mail addresses, also the "naam(at)domein.nl" spelling.
pub(crate) fn detect_email(text: &str, out: &mut Vec<Finding>) {
    for m in EMAIL.find_iter(text) {
        let mut s = m.start();
        // A local part never starts with a dot; trim leading dots glued on from the sentence.
        while text[s..].starts_with('.') {
            s += 1;
        }
        push(out, PiiKind::Email, s, m.end());
    }
}

// ---------------------------------------------------------------------------------------------
// Postcode and address

fn word_after(text: &str, mut pos: usize) -> &str {
    while let Some(c) = next_char(text, pos) {
        if is_inline_space(c) || c == ',' {
            pos += c.len_utf8();
        } else {
            break;
        }
    }
    let rest = &text[pos..];
    let end = rest
        .char_indices()
        .find(|(_, c)| !(c.is_alphabetic() || *c == '-' || *c == '\''))
        .map_or(rest.len(), |(i, _)| i);
    &rest[..end]
}

fn word_before(text: &str, pos: usize) -> &str {
    let before = text[..pos].trim_end_matches(|c: char| is_inline_space(c) || c == ',');
    let start = before
        .char_indices()
        .rev()
        .find(|(_, c)| !c.is_alphabetic())
        .map_or(0, |(i, c)| i + c.len_utf8());
    &before[start..]
}

fn is_shouting(w: &str) -> bool {
    w.chars().count() >= 2 && w.chars().all(|c| c.is_uppercase())
}

/// Postcodes `1234 AB` / `1234AB`. Letter pairs SA/SD/SS are never issued. Lower-case letters,
/// word-like pairs ("2019 EN") and all-caps surroundings need corroboration: a place name after
/// it or a house number right before it.
pub(crate) fn detect_postcode(text: &str, places: &HashSet<String>, out: &mut Vec<Finding>) {
    for m in POSTCODE.find_iter(text) {
        let (s, e) = (m.start(), m.end());
        if attached_left(text, s) || next_char(text, e).is_some_and(|c| c.is_alphanumeric()) {
            continue;
        }
        let letters = &m.as_str()[m.as_str().len() - 2..];
        let up = letters.to_ascii_uppercase();
        if matches!(up.as_str(), "SA" | "SD" | "SS") {
            continue;
        }
        let after = word_after(text, e);
        let place_after = places.contains(&after.to_lowercase());
        let shouting = is_shouting(word_before(text, s)) || (is_shouting(after) && !place_after);
        let ambiguous = letters != up || POSTCODE_AMBIGUOUS.contains(&up.as_str()) || shouting;
        if ambiguous {
            let lo = floor_boundary(text, s.saturating_sub(24));
            let house_before = HOUSE_NUMBER_BEFORE.is_match(&text[lo..s]) && s > lo;
            let label_before = text[lo..s].to_lowercase().contains("postcode");
            if !(place_after || house_before || label_before) {
                continue;
            }
        }
        push(out, PiiKind::Postcode, s, e);
    }
}

fn is_street_word(w: &str) -> bool {
    let lw = w.to_lowercase();
    if STREET_NAMES.contains(&lw.as_str()) {
        return true;
    }
    STREET_SUFFIXES
        .iter()
        .any(|suf| lw.ends_with(suf) && lw.chars().count() > suf.chars().count() + 1)
}

/// Whether a capitalised word ends in a street suffix (used by the name detector to keep street
/// names such as "Jan Pieter Heijestraat" out of [NAAM]).
pub(crate) fn looks_like_street(w: &str) -> bool {
    is_street_word(w)
}

/// Street + house number ("Javastraat 12-3", "Eerste Van Swindenstraat 5a", "Dapperstraat 14 hs").
/// Leading words that are ordinary sentence words ("In", "Mijn", a place name) are trimmed off.
pub(crate) fn detect_address(text: &str, stop: &HashSet<String>, out: &mut Vec<Finding>) {
    for caps in ADDRESS.captures_iter(text) {
        let (Some(all), Some(street), Some(num)) =
            (caps.get(0), caps.name("street"), caps.name("num"))
        else {
            continue;
        };
        if !is_street_word(street.as_str()) {
            continue;
        }
        // A bare year after a market/park word ("Kerstmarkt 2023") is not a house number.
        let n: u32 = num.as_str().parse().unwrap_or(0);
        if (1900..=2099).contains(&n) && caps.name("add").is_none() {
            continue;
        }
        if attached_right(text, all.end()) && caps.name("add").is_none() {
            continue;
        }
        let next_word = word_after(text, all.end()).to_lowercase();
        if COUNT_NOUNS.contains(&next_word.as_str()) {
            continue;
        }
        let lw = street.as_str().to_lowercase();
        let weak = WEAK_STREET_SUFFIXES.iter().any(|suf| lw.ends_with(suf))
            && !STREET_NAMES.contains(&lw.as_str());
        if weak && caps.name("add").is_none() {
            // Only punctuation, a line end or the end of the text may follow.
            let rest = text[all.end()..].trim_start_matches(is_inline_space);
            if rest.chars().next().is_some_and(|c| c.is_alphanumeric()) {
                continue;
            }
        }
        // Trim leading sentence words from the optional prefix.
        let mut s = all.start();
        loop {
            let rest = &text[s..street.start()];
            let w_end = rest.find(|c: char| is_inline_space(c)).unwrap_or(rest.len());
            if w_end == rest.len() {
                break;
            }
            let w = &rest[..w_end];
            if stop.contains(&w.to_lowercase()) {
                let mut ns = s + w_end;
                while let Some(c) = next_char(text, ns) {
                    if is_inline_space(c) {
                        ns += c.len_utf8();
                    } else {
                        break;
                    }
                }
                s = ns;
            } else {
                break;
            }
        }
        // Particles left dangling at the front after trimming belong to the sentence.
        loop {
            let rest = &text[s..street.start()];
            let w_end = rest.find(|c: char| is_inline_space(c)).unwrap_or(rest.len());
            if w_end == rest.len() {
                break;
            }
            let w = &rest[..w_end];
            if w.chars().next().is_some_and(char::is_lowercase) {
                s += w_end;
                while let Some(c) = next_char(text, s) {
                    if is_inline_space(c) {
                        s += c.len_utf8();
                    } else {
                        break;
                    }
                }
            } else {
                break;
            }
        }
        push(out, PiiKind::Adres, s, all.end());
    }
}

// ---------------------------------------------------------------------------------------------
// Birth dates

/// Dates in a birth context: "geboren (op) …", "geb. …", "geboortedatum: …", "… geboren",
/// "geboren in 1985". Only the date is reported; event dates elsewhere stay.
pub(crate) fn detect_birthdate(text: &str, out: &mut Vec<Finding>) {
    for re in [&*BIRTH_BEFORE, &*BIRTH_AFTER, &*BIRTH_YEAR] {
        for caps in re.captures_iter(text) {
            if let Some(d) = caps.name("d") {
                if attached_right(text, d.end()) {
                    continue;
                }
                push(out, PiiKind::Geboortedatum, d.start(), d.end());
            }
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Licence plates

fn shape(s: &str) -> String {
    s.chars()
        .map(|c| {
            if c.is_ascii_digit() {
                '9'
            } else if c.is_ascii_alphabetic() {
                'X'
            } else {
                '-'
            }
        })
        .collect()
}

fn plate_context(text: &str, s: usize, e: usize) -> bool {
    let lo = floor_boundary(text, s.saturating_sub(100));
    let hi = ceil_boundary(text, e.saturating_add(40));
    let window = text[lo..hi].to_lowercase();
    window.char_indices().any(|(i, c)| {
        let at_word_start =
            c.is_alphabetic() && window[..i].chars().next_back().is_none_or(|p| !p.is_alphabetic());
        at_word_start
            && PLATE_CONTEXT.iter().any(|k| {
                let rest = &window[i..];
                rest.starts_with(k)
                    && !(*k == "auto" && (rest.starts_with("automa") || rest.starts_with("autori")))
            })
    })
}

/// Dutch licence plates by sidecode. Dashed plates made of plate letters count on their own;
/// anything else (lower case, vowels, no dashes) needs a vehicle word nearby.
pub(crate) fn detect_plate(text: &str, out: &mut Vec<Finding>) {
    for m in PLATE_TOKEN.find_iter(text) {
        // Every sidecode has six letters and digits, at least one a digit: most words of a
        // letter fail this before anything is allocated for them (this runs on every word).
        let raw = m.as_str().as_bytes();
        if raw.iter().filter(|b| b.is_ascii_alphanumeric()).count() != 6 || !raw.iter().any(u8::is_ascii_digit) {
            continue;
        }
        let (s, e) = (m.start(), m.end());
        if prev_char(text, s).is_some_and(|c| c.is_alphanumeric() || is_dash(c))
            || next_char(text, e).is_some_and(|c| c.is_alphanumeric())
        {
            continue;
        }
        let tok: String = m.as_str().chars().map(|c| if is_dash(c) { '-' } else { c }).collect();
        let sh = shape(&tok);
        let dashed = tok.contains('-');
        let valid_shape = if dashed {
            SIDECODES.contains(&sh.as_str())
        } else {
            // Undashed "9999XX" is a postcode ("1567AT"), not a sidecode-2 plate.
            tok.len() == 6 && sh != "9999XX" && SIDECODES.iter().any(|sc| sc.replace('-', "") == sh)
        };
        if !valid_shape {
            continue;
        }
        let strict_letters =
            tok.chars().filter(char::is_ascii_alphabetic).all(|c| PLATE_LETTERS.contains(c));
        if (dashed && strict_letters) || plate_context(text, s, e) {
            push(out, PiiKind::Kenteken, s, e);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(f: impl Fn(&str, &mut Vec<Finding>), text: &str) -> Vec<String> {
        let mut out = Vec::new();
        f(text, &mut out);
        out.iter().map(|f| text[f.start..f.end].to_string()).collect()
    }

    /// `detect_plate` skips every word without six letters/digits or without a digit before
    /// looking at it closely; that is only sound while every sidecode has that shape.
    #[test]
    fn every_sidecode_has_six_letters_and_digits_and_a_digit() {
        for sc in SIDECODES {
            assert_eq!(sc.bytes().filter(u8::is_ascii_alphanumeric).count(), 6, "{sc}");
            assert!(sc.contains('9'), "{sc}");
        }
    }

    fn places() -> HashSet<String> {
        ["amsterdam", "almere", "diemen", "zaandam"].iter().map(|s| s.to_string()).collect()
    }

    fn stop() -> HashSet<String> {
        ["in", "mijn", "op", "amsterdam"].iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn bsn_formats_and_decoys() {
        assert_eq!(run(detect_bsn, "BSN 123456782."), ["123456782"]);
        assert_eq!(run(detect_bsn, "bsn: 1234.56.782"), ["1234.56.782"]);
        assert_eq!(run(detect_bsn, "bsn 123 456 782 ok"), ["123 456 782"]);
        assert_eq!(run(detect_bsn, "nr 111.222.333"), ["111.222.333"]);
        // 11-proef fails
        assert!(run(detect_bsn, "zaak 123456789").is_empty());
        // part of longer numbers / tokens
        assert!(run(detect_bsn, "Z-2023-123456782").is_empty());
        assert!(run(detect_bsn, "kenmerk 1123456782").is_empty());
        assert!(run(detect_bsn, "NL91ABNA0123456782").is_empty());
        assert!(run(detect_bsn, "€ 123.456.782,00").is_empty());
        assert!(run(detect_bsn, "12 123 456 782").is_empty(), "space-joined group run");
        assert_eq!(run(detect_bsn, "huisnummer 12 123456782"), ["123456782"]);
        assert!(run(detect_bsn, "000000000").is_empty());
        // 8-digit BSN (left-padded 0): 12345672 -> 012345672
        let eight = (0..=99_999_999u32)
            .step_by(7919)
            .map(|n| format!("{n:08}"))
            .find(|s| bsn_valid(s) && !s.starts_with('0'))
            .unwrap();
        assert_eq!(run(detect_bsn, &format!("BSN {eight}")), vec![eight]);
    }

    #[test]
    fn iban_formats_and_decoys() {
        assert_eq!(run(detect_iban, "op NL91ABNA0417164300 graag"), ["NL91ABNA0417164300"]);
        assert_eq!(
            run(detect_iban, "NL91 ABNA 0417 1643 00 ten name van"),
            ["NL91 ABNA 0417 1643 00"]
        );
        assert_eq!(run(detect_iban, "nl91 abna 0417 1643 00"), ["nl91 abna 0417 1643 00"]);
        assert_eq!(
            run(detect_iban, "DE89 3704 0044 0532 0130 00."),
            ["DE89 3704 0044 0532 0130 00"]
        );
        assert!(run(detect_iban, "NL91ABNA0417164301").is_empty(), "bad checksum");
        assert!(run(detect_iban, "XNL91ABNA0417164300").is_empty(), "glued");
        assert!(run(detect_iban, "NL91ABNA04171643001").is_empty(), "too long");
    }

    #[test]
    fn phone_formats() {
        for p in [
            "06-12345678",
            "06 1234 5678",
            "0612345678",
            "06 12 34 56 78",
            "020-1234567",
            "020 123 4567",
            "0299-123456",
            "+31 6 12345678",
            "+31(0)20 123 4567",
            "+31 (0)6-12345678",
            "0031 20 1234567",
            "+31612345678",
            "(020) 123 45 67",
            "(06) 12345678",
            "075 - 123 45 67",
        ] {
            let t = format!("bel mij op {p}, dank");
            assert_eq!(run(detect_phone, &t), [p], "{t}");
        }
        assert_eq!(run(detect_phone, "+212 6 12 34 56 78"), ["+212 6 12 34 56 78"]);
    }

    #[test]
    fn phone_decoys() {
        for t in [
            "op 01-02-2023 belde ik",
            "op 01-02-2023 10:30 uur",
            "zaak Z-2023-012345",
            "€ 1.234,56",
            "in 2019 en 2020",
            "het UWV op 088 898 2070",
            "de infolijn 0800-1234",
            "bel 0900-1234567",
            "kenmerk 0123456789012",
            "Z-2023-0612345678",
            "14 020",
            "bedrag 0,50",
            "01.02.2023 12",
        ] {
            assert!(run(detect_phone, t).is_empty(), "{t}: {:?}", run(detect_phone, t));
        }
    }

    #[test]
    fn email_cases() {
        assert_eq!(run(detect_email, "mail: j.devries84@gmail.com."), ["j.devries84@gmail.com"]);
        assert_eq!(run(detect_email, "fam.yilmaz@hotmail.nl"), ["fam.yilmaz@hotmail.nl"]);
        assert_eq!(run(detect_email, "piet(at)xs4all.nl"), ["piet(at)xs4all.nl"]);
        assert!(run(detect_email, "zie www.amsterdam.nl/ombudsman").is_empty());
        assert!(run(detect_email, "@gemeente op twitter").is_empty());
    }

    #[test]
    fn postcode_cases() {
        let p = places();
        let f = |t: &str| {
            let mut out = Vec::new();
            detect_postcode(t, &p, &mut out);
            out.iter().map(|f| t[f.start..f.end].to_string()).collect::<Vec<_>>()
        };
        assert_eq!(f("1094 HB Amsterdam"), ["1094 HB"]);
        assert_eq!(f("postcode 1094HB"), ["1094HB"]);
        assert_eq!(f("1094 hb Amsterdam"), ["1094 hb"]);
        assert_eq!(f("Kerkstraat 5, 1017 EN Amsterdam"), ["1017 EN"]);
        assert!(f("in 2019 en 2020").is_empty());
        assert_eq!(f("postcode: 1094hb"), ["1094hb"]);
        assert!(f("1094hb").is_empty());
        assert!(f("1500 KM verder").is_empty());
        assert!(f("IK HEB IN 2023 EN 2024 GEBELD").is_empty());
        assert!(f("1234 SS").is_empty());
        assert!(f("0123 AB").is_empty());
        assert!(f("Z-1094 HB").is_empty());
        assert!(f("1094 HBX").is_empty());
    }

    #[test]
    fn address_cases() {
        let st = stop();
        let f = |t: &str| {
            let mut out = Vec::new();
            detect_address(t, &st, &mut out);
            out.iter().map(|f| t[f.start..f.end].to_string()).collect::<Vec<_>>()
        };
        assert_eq!(f("Javastraat 12-3, 1094 HB Amsterdam"), ["Javastraat 12-3"]);
        assert_eq!(f("ik woon op de Dapperstraat 14 sinds"), ["Dapperstraat 14"]);
        assert_eq!(f("Kerkstraat 5a"), ["Kerkstraat 5a"]);
        assert_eq!(f("de Eerste Van Swindenstraat 5 hs"), ["Eerste Van Swindenstraat 5 hs"]);
        assert_eq!(
            f("Mijn adres: Burgemeester de Vlugtlaan 121"),
            ["Burgemeester de Vlugtlaan 121"]
        );
        assert_eq!(f("In Kerkstraat 7 woont"), ["Kerkstraat 7"]);
        assert_eq!(f("Rokin 12"), ["Rokin 12"]);
        assert!(f("huisnummer 14").is_empty());
        assert!(f("de Kerstmarkt 2023").is_empty());
        assert!(f("artikel 12 van de Participatiewet").is_empty());
        assert!(f("in de Dapperstraat").is_empty());
        assert!(f("In het Oosterpark 2 bankjes kapot").is_empty());
        assert_eq!(f("adres: Oosterpark 2, Amsterdam"), ["Oosterpark 2"]);
        assert!(f("de Kerkstraat 5 jaar lang").is_empty());
    }

    #[test]
    fn birthdate_cases() {
        let f = |t: &str| run(detect_birthdate, t);
        assert_eq!(f("geboren op 12-03-1985"), ["12-03-1985"]);
        assert_eq!(f("geb. 12 maart 1985"), ["12 maart 1985"]);
        assert_eq!(f("geboortedatum: 1985-03-12"), ["1985-03-12"]);
        assert_eq!(f("(geb. 3/4/2012)"), ["3/4/2012"]);
        assert_eq!(f("mijn zoon, geboren 4 juni 2015, is"), ["4 juni 2015"]);
        assert_eq!(f("die op 4 juni 2015 geboren is"), ["4 juni 2015"]);
        assert_eq!(f("geboren in Paramaribo op 1-1-1970"), ["1-1-1970"]);
        assert_eq!(f("Geboren in 1948 en"), ["1948"]);
        assert_eq!(f("Mijn geboortedatum is 12 maart 1985."), ["12 maart 1985"]);
        assert!(f("op 12 maart 2024 belde ik").is_empty());
        assert!(f("geboren en getogen in Amsterdam sinds 12-03-1985").is_empty());
    }

    #[test]
    fn plate_cases() {
        let f = |t: &str| run(detect_plate, t);
        assert_eq!(f("de auto met 12-GBF-3"), ["12-GBF-3"]);
        assert_eq!(f("auto HX-204-T"), ["HX-204-T"]);
        assert_eq!(f("een bekeuring voor 12-ABC-3"), ["12-ABC-3"]);
        assert_eq!(f("kenteken 1ABC23"), ["1ABC23"]);
        assert_eq!(f("op 12-GBF-3 stond"), ["12-GBF-3"], "dashed + plate letters");
        assert!(f("zie bijlage AB-12-CD").is_empty(), "vowels, no context");
        assert!(f("formulier A1B2C3").is_empty());
        assert!(f("COVID-19").is_empty());
        assert!(f("12-03-85").is_empty());
        assert!(f("zaak Z-2023-012345").is_empty());
        assert!(f("code ABC123").is_empty(), "no context");
        assert!(
            f("bij de parkeerautomaat. Ik woon op postcode 1567AT").is_empty(),
            "postcode shape"
        );
        assert!(f("de automaat gaf code 12ABC3").is_empty(), "'auto' inside a word");
        assert_eq!(f("mijn leaseauto 12ABC3"), ["12ABC3"]);
    }
}
