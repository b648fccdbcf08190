//! CSV / TSV with a header row (Dutch Excel exports use `;`).

use crate::model::{RawFields, RawRecord, Rejection, SourceRef};

use super::json::{LineIndex, FIELD_NAMES};

/// Columns a CSV header must have.
const REQUIRED_COLUMNS: [&str; 4] = ["id", "received", "municipality", "text"];

/// Parses CSV text with a header row.
///
/// * Column names are trimmed and matched case-insensitively against `id`, `received`,
///   `municipality`, `text`, `channel`, `themes`, `thread`; other columns are ignored. A
///   missing required column (`id`, `received`, `municipality`, `text`) or a column named
///   twice gives **one** rejection for the whole file, at the header's line. Column names are
///   not echoed (a file without header row would otherwise leak its first record).
/// * The separator is detected from the header line: the most frequent of `;`, tab and `,`
///   outside quotes (ties prefer `;`, then tab), `,` when none occurs.
/// * Quoted fields may span lines; a record's line number is the line where it **starts**.
/// * A row with fewer fields than the header, or with extra non-empty fields, is rejected
///   (extra *empty* trailing fields, as Excel sometimes writes, are fine). Rows whose fields are
///   all empty (`;;;;`) hold no record and are skipped; so are blank lines and rows that
///   repeat the header (files joined with `cat`).
/// * Empty cells are absent fields. `themes` may be `jeugd;wonen`, `jeugd|wonen`, `jeugd,wonen`
///   or a JSON array string `["jeugd","wonen"]`.
pub fn parse_csv(text: &str, path: &str) -> Vec<Result<RawRecord, Rejection>> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let delim = sniff_delimiter(first_record_line(text));
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delim)
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());

    // csv's record position is where the reader stood after the previous record, i.e. before
    // the rest of its line terminator and any blank lines; skip those to get the start line.
    let lines = LineIndex::new(text);
    let start_line = |pos: Option<&csv::Position>| -> u64 {
        let Some(pos) = pos else { return 1 };
        let mut at = pos.byte() as usize;
        let bytes = text.as_bytes();
        while at < bytes.len() && matches!(bytes[at], b'\r' | b'\n') {
            at += 1;
        }
        lines.line_of(at)
    };
    let mut out = Vec::new();
    let mut records = reader.records();
    // Header: the first record (blank lines before it are skipped by the csv reader).
    let header = loop {
        match records.next() {
            None => return out,
            Some(Ok(r)) if r.iter().all(|f| f.trim().is_empty()) => continue,
            Some(Ok(r)) => break r,
            Some(Err(e)) => {
                let line = start_line(e.position());
                out.push(Err(Rejection::new(
                    &SourceRef::line(path, line),
                    "unreadable CSV header row",
                )));
                return out;
            }
        }
    };
    let header_line = start_line(header.position());
    let header_src = SourceRef::line(path, header_line);
    let mut columns: [Option<usize>; 7] = [None; 7];
    for (i, name) in header.iter().enumerate() {
        let name = name.trim_start_matches('\u{feff}').trim().to_lowercase();
        if let Some(idx) = FIELD_NAMES.iter().position(|f| *f == name) {
            if columns[idx].is_some() {
                out.push(Err(Rejection::new(
                    &header_src,
                    format!(
                        "column '{}' appears twice in the header row",
                        FIELD_NAMES[idx]
                    ),
                )));
                return out;
            }
            columns[idx] = Some(i);
        }
    }
    let missing: Vec<String> = REQUIRED_COLUMNS
        .iter()
        .filter(|c| columns[FIELD_NAMES.iter().position(|f| f == *c).unwrap_or(0)].is_none())
        .map(|c| format!("'{c}'"))
        .collect();
    if !missing.is_empty() {
        out.push(Err(Rejection::new(
            &header_src,
            format!(
                "header row has no column {} (required: id, received, municipality, text; \
                 separator detected: {}); no row of this file was read",
                missing.join(", "),
                delimiter_name(delim)
            ),
        )));
        return out;
    }
    let width = header.len();
    let col = |name: &str| columns[FIELD_NAMES.iter().position(|f| *f == name).unwrap_or(0)];

    let mut last_error_line = None;
    for result in records {
        let row = match result {
            Ok(row) => row,
            Err(e) => {
                let line = e.position().map(|p| start_line(Some(p)));
                if line.is_some() && line == last_error_line {
                    break; // the reader is not advancing
                }
                last_error_line = line;
                let src = match line {
                    Some(l) => SourceRef::line(path, l),
                    None => SourceRef::file(path),
                };
                out.push(Err(Rejection::new(&src, "unreadable CSV row")));
                if line.is_none() {
                    break;
                }
                continue;
            }
        };
        let line = start_line(row.position());
        let src = SourceRef::line(path, line);
        if row.iter().all(|f| f.trim().is_empty()) {
            continue;
        }
        // A repeated header row (files joined with `cat`) is no record.
        if row.len() == width
            && row
                .iter()
                .zip(header.iter())
                .all(|(a, b)| a.trim().eq_ignore_ascii_case(b.trim()))
        {
            continue;
        }
        let extra_nonempty = row.iter().skip(width).any(|f| !f.trim().is_empty());
        if row.len() < width || extra_nonempty {
            out.push(Err(Rejection::new(
                &src,
                format!(
                    "row has {} fields but the header has {width} (check the {} separator and \
                     the quotes)",
                    row.len(),
                    delimiter_name(delim)
                ),
            )));
            continue;
        }
        let cell = |name: &str| -> Option<String> {
            col(name)
                .and_then(|i| row.get(i))
                .filter(|s| !s.trim().is_empty())
                .map(str::to_owned)
        };
        let themes = match cell("themes").map(|c| parse_themes_cell(&c)) {
            None => None,
            Some(Ok(t)) => Some(t),
            Some(Err(reason)) => {
                out.push(Err(Rejection::new(&src, reason)));
                continue;
            }
        };
        let fields = RawFields {
            id: cell("id"),
            received: cell("received"),
            municipality: cell("municipality"),
            text: cell("text"),
            channel: cell("channel"),
            themes,
            thread: cell("thread"),
        };
        out.push(Ok(RawRecord {
            source: src,
            fields,
        }));
    }
    out
}

/// `jeugd;wonen`, `jeugd|wonen`, `jeugd, wonen` or `["jeugd","wonen"]`.
fn parse_themes_cell(cell: &str) -> Result<Vec<String>, String> {
    let c = cell.trim();
    if c.starts_with('[') {
        return serde_json::from_str::<Vec<String>>(c)
            .map_err(|_| "column 'themes' is not a valid JSON array of strings".to_string());
    }
    Ok(c.split([';', '|', ','])
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .map(str::to_owned)
        .collect())
}

/// The first line of `text`, up to a newline outside quotes.
fn first_record_line(text: &str) -> &str {
    let text = text.trim_start_matches(['\n', '\r']);
    let mut in_quotes = false;
    for (i, c) in text.char_indices() {
        match c {
            '"' => in_quotes = !in_quotes,
            '\n' | '\r' if !in_quotes => return &text[..i],
            _ => {}
        }
    }
    text
}

/// Most frequent of `;`, tab, `,` outside quotes in `line`; ties prefer `;`, then tab; `,`
/// when none occurs.
pub(crate) fn sniff_delimiter(line: &str) -> u8 {
    let mut counts = [0usize; 3]; // ; \t ,
    let mut in_quotes = false;
    for c in line.chars() {
        match c {
            '"' => in_quotes = !in_quotes,
            ';' if !in_quotes => counts[0] += 1,
            '\t' if !in_quotes => counts[1] += 1,
            ',' if !in_quotes => counts[2] += 1,
            _ => {}
        }
    }
    let candidates = [b';', b'\t', b','];
    let max = *counts.iter().max().unwrap_or(&0);
    if max == 0 {
        return b',';
    }
    candidates[counts.iter().position(|&c| c == max).unwrap_or(2)]
}

fn delimiter_name(d: u8) -> &'static str {
    match d {
        b';' => "';'",
        b'\t' => "tab",
        _ => "','",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn semicolon_multiline_quoted_and_record_start_line() {
        let text = "ID ; Received;Municipality;Text;Themes\r\n\
                    A-1;2024-03-01;Amsterdam;\"Eerste regel;\r\n\r\nTweede \"\"alinea\"\"\";\"jeugd;wonen\"\r\n\
                    A-2;5-3-2024;Zaanstad;Korte klacht over afval;wonen|afval\r\n";
        let out = parse_csv(text, "x.csv");
        assert_eq!(out.len(), 2);
        let a = out[0].as_ref().unwrap();
        assert_eq!(a.source, SourceRef::line("x.csv", 2));
        assert_eq!(
            a.fields.text.as_deref(),
            Some("Eerste regel;\r\n\r\nTweede \"alinea\"")
        );
        assert_eq!(a.fields.themes, Some(vec!["jeugd".into(), "wonen".into()]));
        let b = out[1].as_ref().unwrap();
        assert_eq!(b.source.line, Some(5));
        assert_eq!(b.fields.themes, Some(vec!["wonen".into(), "afval".into()]));
    }

    #[test]
    fn comma_and_tab_and_json_themes() {
        let text = "id,received,municipality,text,themes,extra\n1,2024-01-02,Diemen,\"a, b\",\"[\"\"jeugd\"\"]\",x\n";
        let out = parse_csv(text, "c.csv");
        let r = out[0].as_ref().unwrap();
        assert_eq!(r.fields.text.as_deref(), Some("a, b"));
        assert_eq!(r.fields.themes, Some(vec!["jeugd".into()]));

        let tsv = "id\treceived\tmunicipality\ttext\n1\t2024-01-02\tDiemen\ta, b; c\n";
        let out = parse_csv(tsv, "t.tsv");
        assert_eq!(
            out[0].as_ref().unwrap().fields.text.as_deref(),
            Some("a, b; c")
        );

        let bad = "id,received,municipality,text,themes\n1,2024-01-02,Diemen,t,\"[jeugd\"\n";
        let e = parse_csv(bad, "b.csv").remove(0).unwrap_err();
        assert!(e.reason.contains("not a valid JSON array"), "{}", e.reason);
    }

    #[test]
    fn missing_column_is_one_file_rejection() {
        let text = "id;datum;municipality;tekst\n1;2024-01-02;Diemen;klacht\n2;x;y;z\n";
        let out = parse_csv(text, "m.csv");
        assert_eq!(out.len(), 1);
        let e = out[0].as_ref().unwrap_err();
        assert_eq!(e.source, "m.csv:1");
        assert!(
            e.reason.contains("no column 'received', 'text'"),
            "{}",
            e.reason
        );
        // No header at all: the first data row is not echoed.
        let out = parse_csv("Jan de Vries;Dorpsstraat 1\n", "n.csv");
        assert!(!out[0].as_ref().unwrap_err().reason.contains("Vries"));
        let out = parse_csv("id;id;received;municipality;text\n", "d.csv");
        assert!(out[0]
            .as_ref()
            .unwrap_err()
            .reason
            .contains("'id' appears twice"));
    }

    #[test]
    fn ragged_rows_blank_rows_and_trailing_separators() {
        let text = "id;received;municipality;text\n\
                    1;2024-01-02;Diemen;een\n\
                    2;2024-01-02;Diemen\n\
                    ;;;\n\
                    \n\
                    3;2024-01-02;Diemen;drie;;\n\
                    ID;received;municipality;text\n\
                    4;2024-01-02;Diemen;vier;extra\n";
        let out = parse_csv(text, "r.csv");
        assert_eq!(out.len(), 4);
        assert!(out[0].is_ok());
        let e = out[1].as_ref().unwrap_err();
        assert_eq!(e.source, "r.csv:3");
        assert!(
            e.reason.contains("row has 3 fields but the header has 4"),
            "{}",
            e.reason
        );
        assert_eq!(out[2].as_ref().unwrap().source.line, Some(6));
        assert_eq!(out[3].as_ref().unwrap_err().source, "r.csv:8");
    }

    #[test]
    fn empty_cells_are_absent() {
        let out = parse_csv(
            "id;received;municipality;text;channel\n1; ;Diemen;t;\n",
            "e.csv",
        );
        let f = &out[0].as_ref().unwrap().fields;
        assert_eq!(f.received, None);
        assert_eq!(f.channel, None);
    }

    #[test]
    fn sniffing() {
        assert_eq!(sniff_delimiter("id;received;text"), b';');
        assert_eq!(sniff_delimiter("id,received,text"), b',');
        assert_eq!(sniff_delimiter("id\treceived\ttext"), b'\t');
        assert_eq!(sniff_delimiter("\"a,b,c\";x"), b';');
        assert_eq!(sniff_delimiter("text"), b',');
    }
}
