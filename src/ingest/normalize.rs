//! Text normalisation shared by all formats.

use unicode_normalization::UnicodeNormalization;

/// Normalises complaint text:
///
/// * line endings CRLF / CR / NEL / U+2028 → `\n`; U+2029 (paragraph separator) → blank line;
/// * zero-width and other invisible format characters (ZWSP, ZWJ/ZWNJ, word joiner, BOM,
///   soft hyphen, bidi marks) and control characters other than `\n` are removed;
/// * every other whitespace character (tab, NBSP, thin space, …) becomes a space, and runs of
///   spaces collapse to one;
/// * each line is trimmed at **both** ends (indentation carries no meaning here);
/// * runs of blank lines collapse to exactly one blank line, so paragraph breaks survive;
/// * the whole text is trimmed, and NFC-normalised.
///
/// The function is idempotent: `normalize_text(&normalize_text(s)) == normalize_text(s)`.
pub fn normalize_text(s: &str) -> String {
    // Pass 1: map characters. Done before NFC so that removing an invisible character cannot
    // create a new composition opportunity (which would break idempotence). Runs of characters
    // that stay as they are (printable ASCII, `\n`) are copied as slices: complaint text is
    // mostly such runs, and this pass ran a char at a time through every ingest.
    let bytes = s.as_bytes();
    let mut mapped = String::with_capacity(s.len());
    let mut run = 0; // start of the current run of unchanged bytes
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if (b' '..0x7f).contains(&b) || b == b'\n' {
            i += 1;
            continue;
        }
        mapped.push_str(&s[run..i]);
        let c = s[i..].chars().next().expect("i is on a char boundary");
        i += c.len_utf8();
        match c {
            '\r' => {
                if bytes.get(i) == Some(&b'\n') {
                    i += 1;
                }
                mapped.push('\n');
            }
            '\u{85}' | '\u{2028}' => mapped.push('\n'),
            '\u{2029}' => mapped.push_str("\n\n"),
            c if is_invisible(c) => {}
            c if c.is_whitespace() => mapped.push(' '),
            c if c.is_control() => {}
            c => mapped.push(c),
        }
        run = i;
    }
    mapped.push_str(&s[run..]);
    // ASCII is NFC; most other text is too, and the quick check spares composing it again.
    let nfc: String = if mapped.is_ascii()
        || unicode_normalization::is_nfc_quick(mapped.chars()) == unicode_normalization::IsNormalized::Yes
    {
        mapped
    } else {
        mapped.nfc().collect()
    };

    // Pass 2: trim and collapse per line, keep at most one blank line between paragraphs.
    // (Only ' ' is left as horizontal space after pass 1, so the words of a line are its
    // non-empty pieces between spaces.)
    let mut out = String::with_capacity(nfc.len());
    let mut blank_lines = 0usize;
    for line in nfc.split('\n') {
        let mut words = line.split(' ').filter(|w| !w.is_empty());
        let Some(first) = words.next() else {
            blank_lines += 1;
            continue;
        };
        if !out.is_empty() {
            out.push_str(if blank_lines > 0 { "\n\n" } else { "\n" });
        }
        blank_lines = 0;
        out.push_str(first);
        for w in words {
            out.push(' ');
            out.push_str(w);
        }
    }
    out
}

/// Invisible format characters that only get in the way of matching and counting.
fn is_invisible(c: char) -> bool {
    matches!(
        c,
        '\u{00AD}'              // soft hyphen
            | '\u{061C}'        // Arabic letter mark
            | '\u{180E}'        // Mongolian vowel separator
            | '\u{200B}'..='\u{200F}' // ZWSP, ZWNJ, ZWJ, LRM, RLM
            | '\u{202A}'..='\u{202E}' // bidi embeddings/overrides
            | '\u{2060}'..='\u{2064}' // word joiner, invisible operators
            | '\u{2066}'..='\u{206F}' // bidi isolates, deprecated format chars
            | '\u{FEFF}'        // BOM / zero-width no-break space
            | '\u{FFF9}'..='\u{FFFB}' // interlinear annotation
    )
}


/// The first, char-at-a-time implementation, kept as the reference the fast one must equal.
#[cfg(test)]
pub(crate) fn reference_normalize(s: &str) -> String {
    // Pass 1: map characters. Done before NFC so that removing an invisible character cannot
    // create a new composition opportunity (which would break idempotence).
    let mut mapped = String::with_capacity(s.len());
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\r' => {
                if chars.peek() == Some(&'\n') {
                    chars.next();
                }
                mapped.push('\n');
            }
            '\n' | '\u{85}' | '\u{2028}' => mapped.push('\n'),
            '\u{2029}' => mapped.push_str("\n\n"),
            c if is_invisible(c) => {}
            c if c.is_whitespace() => mapped.push(' '),
            c if c.is_control() => {}
            c => mapped.push(c),
        }
    }
    // Most text is already NFC; the quick check (no allocation) spares composing it again.
    let nfc: String = mapped.nfc().collect();

    // Pass 2: trim and collapse per line, keep at most one blank line between paragraphs.
    let mut out = String::with_capacity(nfc.len());
    let mut blank_lines = 0usize;
    for line in nfc.split('\n') {
        let line = line.trim_matches(' ');
        if line.is_empty() {
            blank_lines += 1;
            continue;
        }
        if !out.is_empty() {
            out.push_str(if blank_lines > 0 { "\n\n" } else { "\n" });
        }
        blank_lines = 0;
        let mut prev_space = false;
        for c in line.chars() {
            if c == ' ' {
                if !prev_space {
                    out.push(' ');
                }
                prev_space = true;
            } else {
                out.push(c);
                prev_space = false;
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_paragraph_breaks() {
        let s = "Geachte heer,\r\n\r\n\r\n\r\nIk  klaag\tover   de  gemeente.   \r\nRegel twee.\r\n\r\nMet vriendelijke groet,\r\n[naam]\r\n";
        assert_eq!(
            normalize_text(s),
            "Geachte heer,\n\nIk klaag over de gemeente.\nRegel twee.\n\nMet vriendelijke groet,\n[naam]"
        );
    }

    #[test]
    fn line_endings_and_whitespace_only_lines() {
        assert_eq!(normalize_text("a\rb\r\n \t \r\n\u{2028}c"), "a\nb\n\nc");
        assert_eq!(normalize_text("a\u{2029}b"), "a\n\nb");
        assert_eq!(normalize_text("   \n\n  hallo  \n\n\n"), "hallo");
        assert_eq!(normalize_text(""), "");
    }

    #[test]
    fn removes_invisible_and_controls_and_composes() {
        assert_eq!(normalize_text("ca\u{200B}fe\u{0301}\u{0007}!"), "café!");
        assert_eq!(
            normalize_text("\u{FEFF}x\u{00A0}\u{00A0}y\u{202F}z"),
            "x y z"
        );
        // e + ZWJ + combining acute composes once the ZWJ is gone, and stays stable.
        let once = normalize_text("e\u{200D}\u{0301}");
        assert_eq!(once, "é");
        assert_eq!(normalize_text(&once), once);
    }

    #[test]
    fn idempotent_on_examples() {
        for s in [
            "a \u{0301}",
            " \u{0327}\u{0301}x ",
            "x\r\r\ry",
            "\u{2000}\u{0301}",
            "a\u{0085}b",
        ] {
            let n = normalize_text(s);
            assert_eq!(normalize_text(&n), n, "{s:?}");
        }
    }
}
