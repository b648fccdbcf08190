//! Small, panic-free helpers for looking around a byte offset in UTF-8 text.
//!
//! Every detector reports byte offsets; these helpers only ever slice at offsets that came from
//! `char_indices`, regex matches or these functions themselves, so they are always on a char
//! boundary.

use unicode_normalization::UnicodeNormalization;

/// The char ending just before byte offset `i` (which must be a char boundary).
pub(crate) fn prev_char(text: &str, i: usize) -> Option<char> {
    text.get(..i)?.chars().next_back()
}

/// The char starting at byte offset `i` (which must be a char boundary).
pub(crate) fn next_char(text: &str, i: usize) -> Option<char> {
    text.get(i..)?.chars().next()
}

/// The char two positions before `i`: the one before [`prev_char`].
pub(crate) fn prev_char2(text: &str, i: usize) -> Option<char> {
    let mut it = text.get(..i)?.chars();
    it.next_back()?;
    it.next_back()
}

/// The char after the one at `i`.
pub(crate) fn next_char2(text: &str, i: usize) -> Option<char> {
    let mut it = text.get(i..)?.chars();
    it.next()?;
    it.next()
}

/// Largest char boundary `<= i`.
pub(crate) fn floor_boundary(text: &str, i: usize) -> usize {
    if i >= text.len() {
        return text.len();
    }
    let mut i = i;
    while !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// Smallest char boundary `>= i`.
pub(crate) fn ceil_boundary(text: &str, i: usize) -> usize {
    if i >= text.len() {
        return text.len();
    }
    let mut i = i;
    while !text.is_char_boundary(i) {
        i += 1;
    }
    i
}

/// Whitespace that may sit *inside* an identifier written by a person: space, no-break space,
/// narrow no-break space, figure space, thin space.
pub(crate) fn is_inline_space(c: char) -> bool {
    matches!(c, ' ' | '\u{a0}' | '\u{202f}' | '\u{2007}' | '\u{2009}')
}

/// Dashes people (and word processors) put in numbers: hyphen-minus, non-breaking hyphen,
/// en dash.
pub(crate) fn is_dash(c: char) -> bool {
    matches!(c, '-' | '\u{2010}' | '\u{2011}' | '\u{2013}')
}

/// Invisible characters that can sit inside an identifier without changing how it reads
/// (zero-width space/joiners, word joiner, BOM, soft hyphen). Detection ignores them.
fn is_invisible(c: char) -> bool {
    matches!(c, '\u{200b}' | '\u{200c}' | '\u{200d}' | '\u{2060}' | '\u{feff}' | '\u{ad}')
}

/// The ASCII character a non-ASCII char is compatibility-equivalent to (NFKC), if it is exactly
/// one: full-width digits and letters, `＠`, mathematical digits, superscripts, no-break space.
fn ascii_equivalent(c: char) -> Option<char> {
    if c.is_ascii() {
        return None;
    }
    let mut it = std::iter::once(c).nfkc();
    match (it.next(), it.next()) {
        (Some(a), None) if a.is_ascii() => Some(a),
        _ => None,
    }
}

/// A detection view of `text`: compatibility characters folded to ASCII and invisible
/// characters dropped, so "１２３４５６７８２" or "123\u{200b}456782" cannot slip past the
/// detectors. Returns `None` when the view would equal `text` (the common case, no allocation
/// beyond the scan).
///
/// Contract: `map` has one entry per byte of the folded string plus a final `text.len()`; for a
/// char boundary `i` of the folded string, `map[i]` is the matching char boundary in `text`.
/// So a folded span `[s, e)` corresponds to `text[map[s]..map[e]]`, which covers exactly the
/// original characters (and any dropped invisible characters inside or just before `e`).
pub(crate) fn fold_for_detection(text: &str) -> Option<(String, Vec<usize>)> {
    if text.is_ascii() || !text.chars().any(|c| is_invisible(c) || ascii_equivalent(c).is_some()) {
        return None;
    }
    let mut out = String::with_capacity(text.len());
    let mut map = Vec::with_capacity(text.len() + 1);
    for (i, c) in text.char_indices() {
        if is_invisible(c) {
            continue;
        }
        let f = ascii_equivalent(c).unwrap_or(c);
        out.push(f);
        map.extend(std::iter::repeat_n(i, f.len_utf8()));
    }
    map.push(text.len());
    Some((out, map))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folding_maps_back_to_original_chars() {
        assert!(fold_for_detection("gewone tekst, één café").is_none());
        let t = "BSN １２３\u{200b}456782 ok";
        let (f, map) = fold_for_detection(t).unwrap();
        assert_eq!(f, "BSN 123456782 ok");
        let s = f.find('1').unwrap();
        let e = s + "123456782".len();
        assert_eq!(&t[map[s]..map[e]], "１２３\u{200b}456782");
        assert_eq!(map.len(), f.len() + 1);
        assert_eq!(*map.last().unwrap(), t.len());
        let (f2, _) = fold_for_detection("mail＠example.nl 𝟎𝟔12345678").unwrap();
        assert_eq!(f2, "mail@example.nl 0612345678");
    }

    #[test]
    fn neighbours_handle_multibyte_and_edges() {
        let t = "é1ß";
        assert_eq!(prev_char(t, 0), None);
        assert_eq!(prev_char(t, 2), Some('é'));
        assert_eq!(next_char(t, 2), Some('1'));
        assert_eq!(next_char(t, t.len()), None);
        assert_eq!(prev_char2(t, 3), Some('é'));
        assert_eq!(next_char2(t, 0), Some('1'));
        assert_eq!(floor_boundary(t, 1), 0);
        assert_eq!(ceil_boundary(t, 1), 2);
        assert_eq!(floor_boundary(t, 99), t.len());
        // out-of-range / non-boundary offsets never panic
        assert_eq!(prev_char(t, 1), None);
        assert_eq!(next_char(t, 99), None);
    }
}
