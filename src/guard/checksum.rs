//! Checksum helpers: the Dutch 11-proef for BSNs and ISO 13616 / ISO 7064 mod-97 for IBANs.
//!
//! These are what keep the structured detectors honest: a nine-digit zaaknummer or an
//! account-like string with a wrong check digit is *not* personal data in the sense we can prove,
//! and is left alone. Both functions take the already-normalised identifier (digits only for a
//! BSN; letters and digits, no spaces, for an IBAN) and never panic on any input.

/// The 11-proef for a BSN.
///
/// Contract: `digits` must be 8 or 9 ASCII digits (an 8-digit BSN is left-padded with a `0`,
/// as the Dutch government does); anything else is `false`. The weighted sum
/// `9·d1 + 8·d2 + … + 2·d8 − 1·d9` must be divisible by 11, and the all-zero number is rejected.
pub fn bsn_valid(digits: &str) -> bool {
    let b = digits.as_bytes();
    if !(b.len() == 8 || b.len() == 9) || !b.iter().all(u8::is_ascii_digit) {
        return false;
    }
    let mut d = [0i64; 9];
    let off = 9 - b.len();
    for (i, c) in b.iter().enumerate() {
        d[off + i] = i64::from(c - b'0');
    }
    if d.iter().all(|&x| x == 0) {
        return false;
    }
    let sum: i64 = (0..8).map(|i| d[i] * (9 - i as i64)).sum::<i64>() - d[8];
    sum.rem_euclid(11) == 0
}

/// ISO 13616 IBAN lengths per country code (SWIFT IBAN registry), NL first because it is by far
/// the most common in our letters. Countries not listed here are never reported as IBAN.
pub const IBAN_LENGTHS: &[(&str, usize)] = &[
    ("NL", 18),
    ("BE", 16),
    ("DE", 22),
    ("FR", 27),
    ("GB", 22),
    ("ES", 24),
    ("IT", 27),
    ("PT", 25),
    ("PL", 28),
    ("TR", 26),
    ("MA", 28),
    ("LU", 20),
    ("AT", 20),
    ("CH", 21),
    ("IE", 22),
    ("DK", 18),
    ("SE", 24),
    ("NO", 15),
    ("FI", 18),
    ("IS", 26),
    ("GR", 27),
    ("CY", 28),
    ("MT", 31),
    ("CZ", 24),
    ("SK", 24),
    ("SI", 19),
    ("HR", 21),
    ("HU", 28),
    ("RO", 24),
    ("BG", 22),
    ("EE", 20),
    ("LV", 21),
    ("LT", 20),
    ("RS", 22),
    ("BA", 20),
    ("ME", 22),
    ("MK", 19),
    ("AL", 28),
    ("XK", 20),
    ("MD", 24),
    ("UA", 29),
    ("BY", 28),
    ("RU", 33),
    ("GE", 22),
    ("AZ", 28),
    ("KZ", 20),
    ("AD", 24),
    ("MC", 27),
    ("SM", 27),
    ("VA", 22),
    ("LI", 21),
    ("GI", 23),
    ("FO", 18),
    ("GL", 18),
    ("AE", 23),
    ("SA", 24),
    ("QA", 29),
    ("BH", 22),
    ("KW", 30),
    ("OM", 23),
    ("JO", 30),
    ("LB", 28),
    ("IL", 23),
    ("PS", 29),
    ("IQ", 23),
    ("EG", 29),
    ("LY", 25),
    ("TN", 24),
    ("DZ", 26),
    ("SD", 18),
    ("MR", 27),
    ("SN", 28),
    ("CI", 28),
    ("ML", 28),
    ("BJ", 28),
    ("BF", 28),
    ("CM", 27),
    ("MG", 27),
    ("MU", 30),
    ("SC", 31),
    ("ST", 25),
    ("TL", 23),
    ("PK", 24),
    ("BR", 29),
    ("CR", 22),
    ("DO", 28),
    ("GT", 28),
    ("SV", 28),
    ("LC", 32),
    ("VG", 24),
    ("NI", 28),
    ("FK", 18),
    ("MN", 20),
    ("BI", 27),
    ("DJ", 27),
    ("SO", 23),
    ("YE", 30),
    ("RE", 27),
    ("GP", 27),
    ("MQ", 27),
    ("GF", 27),
    ("YT", 27),
    ("NC", 27),
    ("PF", 27),
    ("PM", 27),
    ("WF", 27),
    ("TF", 27),
    ("BL", 27),
    ("MF", 27),
];

/// Expected total IBAN length for an (upper-case) two-letter country code.
pub fn iban_length(country: &str) -> Option<usize> {
    IBAN_LENGTHS.iter().find(|(c, _)| *c == country).map(|&(_, n)| n)
}

/// mod-97 of the IBAN rearranged as ISO 13616 prescribes (first four characters moved to the
/// end, letters as 10..35). `None` if a character is not an ASCII letter or digit.
fn mod97(iban: &str) -> Option<u32> {
    let b = iban.as_bytes();
    if b.len() < 5 {
        return None;
    }
    let mut rem: u32 = 0;
    for &c in b[4..].iter().chain(b[..4].iter()) {
        let c = c.to_ascii_uppercase();
        match c {
            b'0'..=b'9' => rem = (rem * 10 + u32::from(c - b'0')) % 97,
            b'A'..=b'Z' => rem = (rem * 100 + u32::from(c - b'A' + 10)) % 97,
            _ => return None,
        }
    }
    Some(rem)
}

/// Full IBAN validation of a compact string (no spaces; case-insensitive): known country, the
/// registered length, two check digits, alphanumeric BBAN, and mod-97 == 1. For NL also the
/// national shape `NLkk BBBB 0000000000` (four-letter bank code, ten digits).
pub fn iban_valid(compact: &str) -> bool {
    let up = compact.to_ascii_uppercase();
    let b = up.as_bytes();
    if b.len() < 5 || !b[0].is_ascii_uppercase() || !b[1].is_ascii_uppercase() {
        return false;
    }
    if !b[2].is_ascii_digit() || !b[3].is_ascii_digit() {
        return false;
    }
    match iban_length(&up[..2]) {
        Some(n) if n == b.len() => {}
        _ => return false,
    }
    if !b.iter().all(u8::is_ascii_alphanumeric) {
        return false;
    }
    if &up[..2] == "NL"
        && !(b[4..8].iter().all(u8::is_ascii_uppercase) && b[8..].iter().all(u8::is_ascii_digit))
    {
        return false;
    }
    mod97(&up) == Some(1)
}

/// The two check digits that make `country + kk + bban` a valid IBAN (used by tests and by
/// nothing in the detection path). `None` for non-alphanumeric input.
pub fn iban_check_digits(country: &str, bban: &str) -> Option<String> {
    let probe = format!("{}00{}", country.to_ascii_uppercase(), bban.to_ascii_uppercase());
    let rem = mod97(&probe)?;
    Some(format!("{:02}", 98 - rem))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bsn_known_valid_and_invalid() {
        assert!(bsn_valid("111222333"));
        assert!(bsn_valid("123456782"));
        assert!(!bsn_valid("123456789"));
        assert!(!bsn_valid("000000000"));
        assert!(!bsn_valid("00000000"));
        // 8 digits are left-padded: 12345672 == 012345672
        assert_eq!(bsn_valid("12345672"), bsn_valid("012345672"));
        assert!(!bsn_valid("1234567"));
        assert!(!bsn_valid("1234567890"));
        assert!(!bsn_valid("12345678a"));
        assert!(!bsn_valid(""));
    }

    #[test]
    fn bsn_any_single_digit_change_fails() {
        let good = "123456782";
        for i in 0..9 {
            for d in b'0'..=b'9' {
                let mut s = good.as_bytes().to_vec();
                if s[i] == d {
                    continue;
                }
                s[i] = d;
                let s = String::from_utf8(s).unwrap();
                assert!(!bsn_valid(&s), "{s} should fail the 11-proef");
            }
        }
    }

    #[test]
    fn iban_examples() {
        assert!(iban_valid("NL91ABNA0417164300"));
        assert!(iban_valid("nl91abna0417164300"));
        assert!(!iban_valid("NL91ABNA0417164301"));
        assert!(iban_valid("DE89370400440532013000"));
        assert!(iban_valid("GB82WEST12345698765432"));
        assert!(iban_valid("BE68539007547034"));
        assert!(!iban_valid("BE68539007547035"));
        assert!(!iban_valid("XX91ABNA0417164300"), "unknown country");
        assert!(!iban_valid("NL91ABNA041716430"), "wrong length");
        assert!(!iban_valid(""));
        assert!(!iban_valid("NL9"));
    }

    #[test]
    fn iban_check_digit_roundtrip() {
        let kk = iban_check_digits("NL", "ABNA0417164300").unwrap();
        assert_eq!(kk, "91");
        let kk = iban_check_digits("DE", "370400440532013000").unwrap();
        assert_eq!(kk, "89");
        assert!(iban_check_digits("NL", "ABNA 0417").is_none());
    }
}
