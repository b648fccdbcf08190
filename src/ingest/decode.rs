//! Bytes → text: BOM handling, binary detection, legacy-encoding detection.

use encoding_rs::{Encoding, UTF_16LE, UTF_8, WINDOWS_1252};
use thiserror::Error;

/// Text decoded from a file's bytes. `text` has no BOM; line endings are untouched.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decoded {
    pub text: String,
    /// Name of the source encoding as `encoding_rs` spells it: `"UTF-8"`, `"UTF-16LE"`,
    /// `"UTF-16BE"`, `"windows-1252"`, … (ISO-8859-1/Latin-1 is read as windows-1252, its
    /// superset, as browsers do).
    pub encoding: &'static str,
    pub had_bom: bool,
}

/// Why a file's bytes could not be read as text. Messages are short and say what to do.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum DecodeError {
    #[error("file is empty")]
    Empty,
    #[error(
        "binary file, not text (NUL or control bytes from byte {offset}); expected UTF-8, \
         UTF-16 with byte order mark, or Windows-1252 text"
    )]
    Binary { offset: usize },
    #[error(
        "invalid {encoding} at byte {offset} although the file starts with a {encoding} byte \
         order mark; re-save the file as UTF-8"
    )]
    Malformed {
        encoding: &'static str,
        offset: usize,
    },
    #[error("file too large ({len} bytes; max {max}); split it into smaller files")]
    TooLarge { len: u64, max: u64 },
}

/// Share of control bytes (other than tab, LF, CR, FF) above which a file counts as binary.
const MAX_CONTROL_SHARE_PERCENT: usize = 10;
/// How much of a large file the control-byte check and the encoding detector look at.
const SAMPLE_BYTES: usize = 4 << 20;

/// Decodes a file's bytes.
///
/// * UTF-8 with or without BOM, UTF-16LE/BE **with** BOM;
/// * otherwise the encoding is guessed with `chardetng` (biased to `.nl`, so Dutch
///   Windows-1252/Latin-1 exports decode correctly); a guess that cannot decode the bytes
///   cleanly falls back to windows-1252, which decodes every byte.
/// * NUL bytes anywhere, or more than 10 % control bytes, mean [`DecodeError::Binary`]
///   (checked on the decoded text for UTF-16 with BOM, where NUL bytes are normal).
pub fn decode(bytes: &[u8]) -> Result<Decoded, DecodeError> {
    if bytes.is_empty() {
        return Err(DecodeError::Empty);
    }
    if let Some((enc, bom_len)) = Encoding::for_bom(bytes) {
        let body = &bytes[bom_len..];
        let text = if enc == UTF_8 {
            if let Some(offset) = binary_offset(body) {
                return Err(DecodeError::Binary {
                    offset: offset + bom_len,
                });
            }
            match std::str::from_utf8(body) {
                Ok(s) => s.to_owned(),
                Err(e) => {
                    return Err(DecodeError::Malformed {
                        encoding: "UTF-8",
                        offset: e.valid_up_to() + bom_len,
                    })
                }
            }
        } else {
            let text = decode_utf16_strict(body, enc == UTF_16LE).map_err(|offset| {
                DecodeError::Malformed {
                    encoding: enc.name(),
                    offset: offset + bom_len,
                }
            })?;
            if let Some(char_index) = binary_char_index(&text) {
                return Err(DecodeError::Binary {
                    offset: bom_len + 2 * char_index,
                });
            }
            text
        };
        if text.is_empty() {
            return Err(DecodeError::Empty);
        }
        return Ok(Decoded {
            text,
            encoding: enc.name(),
            had_bom: true,
        });
    }

    if let Some(offset) = binary_offset(bytes) {
        return Err(DecodeError::Binary { offset });
    }
    if let Ok(s) = std::str::from_utf8(bytes) {
        return Ok(Decoded {
            text: s.to_owned(),
            encoding: UTF_8.name(),
            had_bom: false,
        });
    }
    let mut detector = chardetng::EncodingDetector::new();
    let sample = &bytes[..bytes.len().min(SAMPLE_BYTES)];
    detector.feed(sample, sample.len() == bytes.len());
    let guess = detector.guess(Some(b"nl"), false);
    let (text, had_errors) = guess.decode_without_bom_handling(bytes);
    let (text, enc) = if had_errors || guess == UTF_8 {
        (
            WINDOWS_1252
                .decode_without_bom_handling(bytes)
                .0
                .into_owned(),
            WINDOWS_1252,
        )
    } else {
        (text.into_owned(), guess)
    };
    Ok(Decoded {
        text,
        encoding: enc.name(),
        had_bom: false,
    })
}

fn is_control_byte(b: u8) -> bool {
    (b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r' | 0x0C)) || b == 0x7F
}

/// Offset of the first NUL byte, or of the first control byte when control bytes make up more
/// than [`MAX_CONTROL_SHARE_PERCENT`] of the (sampled) bytes.
fn binary_offset(bytes: &[u8]) -> Option<usize> {
    if let Some(p) = bytes.iter().position(|&b| b == 0) {
        return Some(p);
    }
    let sample = &bytes[..bytes.len().min(SAMPLE_BYTES)];
    let mut count = 0usize;
    let mut first = None;
    for (i, &b) in sample.iter().enumerate() {
        if is_control_byte(b) {
            count += 1;
            first.get_or_insert(i);
        }
    }
    if count * 100 > sample.len() * MAX_CONTROL_SHARE_PERCENT {
        first
    } else {
        None
    }
}

/// Same test on decoded text (UTF-16): index of the offending char.
fn binary_char_index(text: &str) -> Option<usize> {
    let mut total = 0usize;
    let mut count = 0usize;
    let mut first = None;
    for (i, c) in text.chars().enumerate() {
        if c == '\0' {
            return Some(i);
        }
        total += 1;
        if (c as u32) < 0x80 && is_control_byte(c as u8) {
            count += 1;
            first.get_or_insert(i);
        }
    }
    if count * 100 > total * MAX_CONTROL_SHARE_PERCENT {
        first
    } else {
        None
    }
}

/// Decodes UTF-16 without BOM handling; Err(byte offset) of the first odd trailing byte or
/// unpaired surrogate.
fn decode_utf16_strict(body: &[u8], little_endian: bool) -> Result<String, usize> {
    let units = body.chunks_exact(2).map(|c| {
        if little_endian {
            u16::from_le_bytes([c[0], c[1]])
        } else {
            u16::from_be_bytes([c[0], c[1]])
        }
    });
    let mut out = String::with_capacity(body.len() / 2);
    let mut offset = 0usize;
    for r in char::decode_utf16(units) {
        match r {
            Ok(c) => {
                out.push(c);
                offset += 2 * c.len_utf16();
            }
            Err(_) => return Err(offset),
        }
    }
    if body.len() % 2 == 1 {
        return Err(body.len() - 1);
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    const SENTENCE: &str = "Geachte heer, ik heb een brief ontvangen over mijn toeslag – café ë";

    fn utf16(s: &str, le: bool) -> Vec<u8> {
        let mut v = if le {
            vec![0xFF, 0xFE]
        } else {
            vec![0xFE, 0xFF]
        };
        for u in s.encode_utf16() {
            v.extend(if le { u.to_le_bytes() } else { u.to_be_bytes() });
        }
        v
    }

    #[test]
    fn utf8_without_and_with_bom() {
        let d = decode(SENTENCE.as_bytes()).unwrap();
        assert_eq!(
            (d.text.as_str(), d.encoding, d.had_bom),
            (SENTENCE, "UTF-8", false)
        );
        let mut b = vec![0xEF, 0xBB, 0xBF];
        b.extend(SENTENCE.as_bytes());
        let d = decode(&b).unwrap();
        assert_eq!(
            (d.text.as_str(), d.encoding, d.had_bom),
            (SENTENCE, "UTF-8", true)
        );
    }

    #[test]
    fn utf16_le_and_be_with_bom() {
        let d = decode(&utf16(SENTENCE, true)).unwrap();
        assert_eq!(
            (d.text.as_str(), d.encoding, d.had_bom),
            (SENTENCE, "UTF-16LE", true)
        );
        let d = decode(&utf16(SENTENCE, false)).unwrap();
        assert_eq!(
            (d.text.as_str(), d.encoding, d.had_bom),
            (SENTENCE, "UTF-16BE", true)
        );
    }

    #[test]
    fn windows_1252_round_trips() {
        let (bytes, _, unmappable) = WINDOWS_1252.encode(SENTENCE);
        assert!(!unmappable);
        assert!(std::str::from_utf8(&bytes).is_err());
        let d = decode(&bytes).unwrap();
        assert_eq!(d.text, SENTENCE);
        assert_eq!(d.encoding, "windows-1252");
        // A longer Dutch text with ï, ö, € as well.
        let s = "Naïeve coördinatie: de gemeente vroeg €120 voor één paspoort. Ik ben hier \
                 zeer ontevreden over, want de priëlen en de ruïne …";
        let (bytes, _, _) = WINDOWS_1252.encode(s);
        assert_eq!(decode(&bytes).unwrap().text, s);
    }

    #[test]
    fn empty_and_bom_only() {
        assert_eq!(decode(b""), Err(DecodeError::Empty));
        assert_eq!(decode(&[0xEF, 0xBB, 0xBF]), Err(DecodeError::Empty));
        assert_eq!(decode(&[0xFF, 0xFE]), Err(DecodeError::Empty));
    }

    #[test]
    fn binary_detection() {
        assert_eq!(decode(b"abc\0def"), Err(DecodeError::Binary { offset: 3 }));
        let ctl: Vec<u8> = b"ab\x01\x02\x03\x04cd".to_vec();
        assert_eq!(decode(&ctl), Err(DecodeError::Binary { offset: 2 }));
        // A single stray control byte in a long text is not binary.
        let mut t = "Dit is een gewone klacht over de gemeente."
            .as_bytes()
            .to_vec();
        t.push(0x07);
        assert!(decode(&t).is_ok());
        // UTF-16 with BOM is not binary despite its NUL bytes, but NUL chars are.
        assert!(decode(&utf16("hallo", true)).is_ok());
        assert!(matches!(
            decode(&utf16("ha\0llo", true)),
            Err(DecodeError::Binary { .. })
        ));
        let msg = DecodeError::Binary { offset: 3 }.to_string();
        assert!(msg.contains("binary") && msg.contains("byte 3"));
    }

    #[test]
    fn malformed_after_bom() {
        let mut b = vec![0xEF, 0xBB, 0xBF];
        b.extend(b"caf\xE9 au lait");
        assert_eq!(
            decode(&b),
            Err(DecodeError::Malformed {
                encoding: "UTF-8",
                offset: 6
            })
        );
        let mut u = utf16("ab", true);
        u.push(b'x');
        assert!(matches!(
            decode(&u),
            Err(DecodeError::Malformed {
                encoding: "UTF-16LE",
                ..
            })
        ));
        // Unpaired high surrogate.
        let u = [0xFF, 0xFE, b'a', 0, 0x00, 0xD8, b'b', 0];
        assert_eq!(
            decode(&u),
            Err(DecodeError::Malformed {
                encoding: "UTF-16LE",
                offset: 4
            })
        );
    }
}
