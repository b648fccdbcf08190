//! Property tests: no parser panics on arbitrary input; normalisation is idempotent.

use proptest::prelude::*;

use super::*;

/// Strings biased towards the characters the parsers care about.
fn tricky_string() -> impl Strategy<Value = String> {
    let chars = prop::sample::select(vec![
        '{', '}', '[', ']', '"', '\\', ',', ';', '\t', '\n', '\r', ':', '=', '-', ' ', 'a', 'é',
        '0', '1', '\u{0}', '\u{200B}', '\u{FEFF}', '\u{0301}', '\u{2029}', '\u{85}', 'K', '?',
        '\u{7F}', '\u{A0}', '\u{2028}', '\u{0B}', 'ü', 'e',
    ]);
    prop_oneof![
        any::<String>(),
        prop::collection::vec(chars, 0..300).prop_map(|v| v.into_iter().collect()),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    #[test]
    fn decode_never_panics(bytes in prop::collection::vec(any::<u8>(), 0..2048)) {
        let _ = decode(&bytes);
    }

    #[test]
    fn decode_with_boms_never_panics(bom in 0usize..3, bytes in prop::collection::vec(any::<u8>(), 0..512)) {
        let mut b: Vec<u8> = [&[0xEFu8, 0xBB, 0xBF][..], &[0xFF, 0xFE], &[0xFE, 0xFF]][bom].to_vec();
        b.extend(bytes);
        let _ = decode(&b);
    }

    #[test]
    fn parse_file_never_panics(bytes in prop::collection::vec(any::<u8>(), 0..1024), f in 0usize..4) {
        let format = [Format::Auto, Format::Jsonl, Format::Csv, Format::Letters][f];
        let r = parse_file(&bytes, "x.dat", format, Some(&bytes));
        prop_assert!(r.file_error.is_some() == r.records.is_empty());
    }

    #[test]
    fn parse_jsonl_never_panics(s in tricky_string()) {
        for r in parse_jsonl(&s, "p.jsonl") {
            if let Err(e) = r { prop_assert!(e.source.starts_with("p.jsonl:")); }
        }
    }

    #[test]
    fn parse_csv_never_panics(s in tricky_string()) {
        let _ = parse_csv(&s, "p.csv");
    }

    #[test]
    fn parse_letter_never_panics(s in tricky_string(), side in proptest::option::of(tricky_string())) {
        let _ = parse_letter(&s, "p.eml", side.as_deref());
        let _ = parse_letter(&s, "p.txt", None);
    }

    #[test]
    fn parse_date_never_panics(s in tricky_string()) {
        let _ = parse_date(&s);
    }

    #[test]
    fn validate_never_panics(s in tricky_string()) {
        let fields = RawFields {
            id: Some(s.clone()), received: Some(s.clone()), municipality: Some(s.clone()),
            text: Some(s.clone()), channel: Some(s.clone()), themes: Some(vec![s.clone()]),
            thread: Some(s),
        };
        let today = chrono::NaiveDate::from_ymd_opt(2025, 1, 1).unwrap();
        let _ = validate(RawRecord { source: SourceRef::file("v"), fields }, today);
    }

    #[test]
    fn normalize_equals_the_char_at_a_time_reference(s in tricky_string()) {
        prop_assert_eq!(normalize_text(&s), super::normalize::reference_normalize(&s));
    }

    #[test]
    fn normalize_is_idempotent(s in tricky_string()) {
        let once = normalize_text(&s);
        prop_assert_eq!(normalize_text(&once), once.clone());
        prop_assert!(!once.contains("\n\n\n") && !once.contains('\r') && !once.contains("  "));
        prop_assert_eq!(once.trim(), once.as_str());
    }
}
