//! JSON Lines (and, leniently, JSON arrays / pretty-printed objects), plus the JSON object →
//! [`RawFields`] mapping shared with letter sidecars.

use rayon::prelude::*;
use serde_json::{Map, Value};

use crate::model::{RawFields, RawRecord, Rejection, SourceRef};

/// Parses JSON Lines: one JSON object per non-empty line, 1-based line numbers.
///
/// * A line that is not valid JSON → `Rejection` at `path:line`, `invalid JSON: <what>`; the
///   next line is parsed as usual.
/// * A line that is not an object, or has a field of the wrong type → rejection for that line.
///   `id` and `thread` may be integers (stringified); `themes` must be an array of strings;
///   `null` counts as absent. Keys are matched case-insensitively; unknown keys are ignored.
///
/// Lenient extras for `.json` exports: if the whole text is one JSON array, each element is a
/// record (line = the line where the element starts); if the first non-empty line is a lone
/// `{`, the text is read as a sequence of pretty-printed objects. In both modes a syntax error
/// stops parsing with one rejection at the error's line saying that the rest was not read.
pub fn parse_jsonl(text: &str, path: &str) -> Vec<Result<RawRecord, Rejection>> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let trimmed = text.trim_start();
    let first_line = trimmed.lines().next().unwrap_or("").trim();

    if trimmed.starts_with('[') {
        match serde_json::from_str::<Value>(text) {
            Ok(Value::Array(items)) => return from_array(text, path, items),
            Ok(_) => {}
            Err(e) => {
                // `[1,2]` on the first line of a JSONL file is a (bad) record, not an array file.
                if serde_json::from_str::<Value>(first_line).is_err() {
                    let src = SourceRef::line(path, e.line() as u64);
                    return vec![Err(Rejection::new(
                        &src,
                        format!(
                            "invalid JSON: {}; the file is one JSON array, so none of its records \
                             were read",
                            serde_message(&e)
                        ),
                    ))];
                }
            }
        }
    }
    if first_line == "{" {
        return from_stream(text, path);
    }

    // Old Mac files end lines with CR only.
    let sep = if !text.contains('\n') && text.contains('\r') {
        '\r'
    } else {
        '\n'
    };
    let lines: Vec<(usize, &str)> = text
        .split(sep)
        .enumerate()
        .filter_map(|(i, line)| {
            let line = line.strip_suffix('\r').unwrap_or(line);
            // Files joined with `cat` keep the BOM of each part at the start of a line.
            let line = line.strip_prefix('\u{feff}').unwrap_or(line);
            (!line.trim().is_empty()).then_some((i, line))
        })
        .collect();
    // Lines are independent records: parse them in parallel, results in line order.
    lines
        .into_par_iter()
        .map(|(i, line)| {
            let src = SourceRef::line(path, i as u64 + 1);
            if let Ok(fields) = serde_json::from_str::<PlainLine>(line) {
                return Ok(RawRecord { source: src, fields: fields.into() });
            }
            match serde_json::from_str::<Value>(line) {
                Ok(v) => record_from_value(v, src),
                Err(e) => Err(Rejection::new(&src, format!("invalid JSON: {}", serde_message(&e)))),
            }
        })
        .collect()
}

/// The common shape of a line, read without building a `Value` first: exactly the canonical
/// (lowercase) keys, each at most once, strings or null (`themes`: an array of strings). A line
/// in this shape gives the very fields [`fields_from_object`] would; any other line (unknown
/// or differently cased keys, numbers as ids, duplicates, errors) fails here and takes the
/// general path, which also words the rejection. This is the hot path of a large ingest.
#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct PlainLine {
    id: Option<String>,
    received: Option<String>,
    municipality: Option<String>,
    text: Option<String>,
    channel: Option<String>,
    themes: Option<Vec<String>>,
    thread: Option<String>,
}

impl From<PlainLine> for RawFields {
    fn from(p: PlainLine) -> Self {
        RawFields {
            id: p.id,
            received: p.received,
            municipality: p.municipality,
            text: p.text,
            channel: p.channel,
            themes: p.themes,
            thread: p.thread,
        }
    }
}

fn record_from_value(v: Value, source: SourceRef) -> Result<RawRecord, Rejection> {
    match v {
        Value::Object(map) => match fields_from_object(&map) {
            Ok(fields) => Ok(RawRecord { source, fields }),
            Err(reason) => Err(Rejection::new(&source, reason)),
        },
        other => Err(Rejection::new(
            &source,
            format!("expected a JSON object, found {}", type_name(&other)),
        )),
    }
}

fn from_array(text: &str, path: &str, items: Vec<Value>) -> Vec<Result<RawRecord, Rejection>> {
    let starts = array_element_starts(text);
    let lines = LineIndex::new(text);
    items
        .into_iter()
        .enumerate()
        .map(|(i, v)| {
            let line = starts.get(i).map(|&o| lines.line_of(o)).unwrap_or(1);
            record_from_value(v, SourceRef::line(path, line))
        })
        .collect()
}

fn from_stream(text: &str, path: &str) -> Vec<Result<RawRecord, Rejection>> {
    let lines = LineIndex::new(text);
    let mut out = Vec::new();
    let mut stream = serde_json::Deserializer::from_str(text).into_iter::<Value>();
    let mut start = 0usize;
    loop {
        // The next value starts at the first non-whitespace byte after the previous one.
        let value_start = start + text[start..].len()
            - text[start..]
                .trim_start_matches(|c: char| c.is_ascii_whitespace())
                .len();
        match stream.next() {
            None => break,
            Some(Ok(v)) => {
                out.push(record_from_value(
                    v,
                    SourceRef::line(path, lines.line_of(value_start)),
                ));
                start = stream.byte_offset();
            }
            Some(Err(e)) => {
                out.push(Err(Rejection::new(
                    &SourceRef::line(path, e.line() as u64),
                    format!(
                        "invalid JSON: {}; the rest of the file was not read",
                        serde_message(&e)
                    ),
                )));
                break;
            }
        }
    }
    out
}

/// Byte offsets where the top-level elements of the (valid) JSON array in `text` start.
fn array_element_starts(text: &str) -> Vec<usize> {
    let mut starts = Vec::new();
    let mut depth = 0usize;
    let mut in_string = false;
    let mut escape = false;
    let mut expecting = false;
    for (i, b) in text.bytes().enumerate() {
        if in_string {
            if escape {
                escape = false;
            } else if b == b'\\' {
                escape = true;
            } else if b == b'"' {
                in_string = false;
            }
            continue;
        }
        let opens_value = !matches!(b, b']' | b'}' | b',' | b':' | b' ' | b'\t' | b'\n' | b'\r');
        if depth == 1 && expecting && opens_value {
            starts.push(i);
            expecting = false;
        }
        match b {
            b'"' => in_string = true,
            b'[' | b'{' => {
                depth += 1;
                if depth == 1 {
                    expecting = true;
                }
            }
            b']' | b'}' => depth = depth.saturating_sub(1),
            b',' if depth == 1 => expecting = true,
            _ => {}
        }
    }
    starts
}

/// Maps byte offsets to 1-based line numbers.
pub(crate) struct LineIndex(Vec<usize>);

impl LineIndex {
    pub(crate) fn new(text: &str) -> Self {
        LineIndex(
            text.bytes()
                .enumerate()
                .filter(|&(_, b)| b == b'\n')
                .map(|(i, _)| i)
                .collect(),
        )
    }
    pub(crate) fn line_of(&self, offset: usize) -> u64 {
        self.0.partition_point(|&nl| nl < offset) as u64 + 1
    }
}

/// serde_json's message without its " at line L column C" suffix (the line is in the source
/// reference; the column is kept because it helps find the error in a long line). serde_json's
/// syntax messages never quote the input.
pub(crate) fn serde_message(e: &serde_json::Error) -> String {
    let full = e.to_string();
    let msg = match full.rfind(" at line ") {
        Some(p) => &full[..p],
        None => full.as_str(),
    };
    if e.column() > 0 {
        format!("{msg} (column {})", e.column())
    } else {
        msg.to_string()
    }
}

fn type_name(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

/// The record fields, by their canonical (lower-case) names.
pub(crate) const FIELD_NAMES: [&str; 7] = [
    "id",
    "received",
    "municipality",
    "text",
    "channel",
    "themes",
    "thread",
];

/// Maps a JSON object to [`RawFields`]. Keys are trimmed and matched case-insensitively
/// (two keys naming the same field are an error); unknown keys are ignored; `null` = absent.
/// All type errors are reported together, without values.
pub(crate) fn fields_from_object(map: &Map<String, Value>) -> Result<RawFields, String> {
    let mut fields = RawFields::default();
    let mut seen: [Option<&str>; 7] = [None; 7];
    let mut errors = Vec::new();
    for (key, value) in map {
        let k = key.trim().to_lowercase();
        let Some(idx) = FIELD_NAMES.iter().position(|f| *f == k) else {
            continue;
        };
        let name = FIELD_NAMES[idx];
        if seen[idx].is_some() {
            errors.push(format!(
                "key '{name}' appears twice (keys are case-insensitive)"
            ));
            continue;
        }
        seen[idx] = Some(key);
        match name {
            "id" | "thread" => match value {
                Value::Null => {}
                Value::String(s) => set(&mut fields, name, s.clone()),
                Value::Number(n) if n.is_i64() || n.is_u64() => {
                    set(&mut fields, name, n.to_string())
                }
                other => errors.push(format!(
                    "field '{name}' must be a string or an integer, not {}",
                    type_name(other)
                )),
            },
            "themes" => match value {
                Value::Null => {}
                Value::Array(items) => {
                    let strings: Option<Vec<String>> = items
                        .iter()
                        .map(|v| v.as_str().map(str::to_owned))
                        .collect();
                    match strings {
                        Some(s) => fields.themes = Some(s),
                        None => errors.push("field 'themes' must be an array of strings".into()),
                    }
                }
                other => errors.push(format!(
                    "field 'themes' must be an array of strings, not {}",
                    type_name(other)
                )),
            },
            _ => match value {
                Value::Null => {}
                Value::String(s) => set(&mut fields, name, s.clone()),
                other => errors.push(format!(
                    "field '{name}' must be a string, not {}",
                    type_name(other)
                )),
            },
        }
    }
    if errors.is_empty() {
        Ok(fields)
    } else {
        Err(errors.join("; "))
    }
}

fn set(fields: &mut RawFields, name: &str, value: String) {
    let slot = match name {
        "id" => &mut fields.id,
        "received" => &mut fields.received,
        "municipality" => &mut fields.municipality,
        "text" => &mut fields.text,
        "channel" => &mut fields.channel,
        "thread" => &mut fields.thread,
        _ => return,
    };
    *slot = Some(value);
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The typed fast path and the general `Value` path agree on every line the fast path
    /// accepts, and the fast path refuses what only the general path may judge.
    #[test]
    fn plain_lines_read_the_same_on_both_paths() {
        let general = |line: &str| match serde_json::from_str::<Value>(line).unwrap() {
            Value::Object(m) => fields_from_object(&m).unwrap(),
            _ => unreachable!(),
        };
        for line in [
            GOOD,
            r#"{"id":"A-2","received":null,"municipality":"Diemen","text":"a \"b\" \u00e9\n c","channel":"brief","themes":["wonen","jeugd"],"thread":"T1"}"#,
            r#"{"text":"alleen tekst"}"#,
            r#"{}"#,
        ] {
            let fast: RawFields = serde_json::from_str::<PlainLine>(line).expect(line).into();
            assert_eq!(fast, general(line), "{line}");
        }
        for line in [
            r#"{"ID":"A-1","text":"hoofdletters in de sleutel"}"#,
            r#"{"id":7,"text":"getal als id"}"#,
            r#"{"id":"a","id":"b"}"#,
            r#"{"id":"a","extra":1}"#,
            r#"{"themes":"wonen"}"#,
        ] {
            assert!(serde_json::from_str::<PlainLine>(line).is_err(), "{line}");
        }
    }

    const GOOD: &str = r#"{"id":"A-1","received":"2024-03-01","municipality":"Amsterdam","text":"Ik wacht al maanden."}"#;

    #[test]
    fn broken_line_is_rejected_and_next_line_parses() {
        let text = format!("{GOOD}\n{{\"id\": \"A-2\", \"text\": \n\n{GOOD}\r\n");
        let out = parse_jsonl(&text, "in/x.jsonl");
        assert_eq!(out.len(), 3);
        assert!(out[0].is_ok());
        let e = out[1].as_ref().unwrap_err();
        assert_eq!(e.source, "in/x.jsonl:2");
        assert!(e.reason.starts_with("invalid JSON: "), "{}", e.reason);
        assert!(!e.reason.contains("at line"), "{}", e.reason);
        let r = out[2].as_ref().unwrap();
        assert_eq!(r.source, SourceRef::line("in/x.jsonl", 4));
        assert_eq!(r.fields.id.as_deref(), Some("A-1"));
    }

    #[test]
    fn types() {
        let text = r#"{"id": 17, "thread": 3, "themes": ["jeugd", "Wonen"], "extra": {"x": 1}, "Text": "t"}
[1, 2]
"just a string"
{"id": "x", "themes": "jeugd;wonen"}
{"id": 1.5, "received": 20240301, "themes": [1]}
{"id": "a", "ID": "b"}
{"id": null, "text": null}"#;
        let out = parse_jsonl(text, "t.jsonl");
        let f = &out[0].as_ref().unwrap().fields;
        assert_eq!(f.id.as_deref(), Some("17"));
        assert_eq!(f.thread.as_deref(), Some("3"));
        assert_eq!(f.text.as_deref(), Some("t"));
        assert_eq!(f.themes, Some(vec!["jeugd".into(), "Wonen".into()]));
        assert_eq!(
            out[1].as_ref().unwrap_err().reason,
            "expected a JSON object, found an array"
        );
        assert_eq!(
            out[2].as_ref().unwrap_err().reason,
            "expected a JSON object, found a string"
        );
        assert_eq!(
            out[3].as_ref().unwrap_err().reason,
            "field 'themes' must be an array of strings, not a string"
        );
        let r = &out[4].as_ref().unwrap_err().reason;
        assert!(
            r.contains("field 'id' must be a string or an integer, not a number"),
            "{r}"
        );
        assert!(r.contains("field 'received' must be a string"), "{r}");
        assert!(
            r.contains("field 'themes' must be an array of strings"),
            "{r}"
        );
        assert!(out[5]
            .as_ref()
            .unwrap_err()
            .reason
            .contains("appears twice"));
        assert_eq!(out[6].as_ref().unwrap().fields, RawFields::default());
        assert_eq!(out[6].as_ref().unwrap().source.line, Some(7));
    }

    #[test]
    fn cr_only_lines_and_inner_bom() {
        let text = format!("{GOOD}\r{}{GOOD}\r", '\u{feff}');
        let out = parse_jsonl(&text, "m.jsonl");
        assert_eq!(out.len(), 2);
        assert_eq!(out[1].as_ref().unwrap().source.line, Some(2));
    }

    #[test]
    fn json_array_file() {
        let text = "[\n  {\"id\": \"a\", \"text\": \"x [y] {z}, \\\"q\\\"\"},\n  {\n    \"id\": \"b\"\n  },\n  3\n]\n";
        let out = parse_jsonl(text, "a.json");
        assert_eq!(out.len(), 3);
        assert_eq!(out[0].as_ref().unwrap().source.line, Some(2));
        assert_eq!(out[1].as_ref().unwrap().source.line, Some(3));
        assert_eq!(out[1].as_ref().unwrap().fields.id.as_deref(), Some("b"));
        assert_eq!(out[2].as_ref().unwrap_err().source, "a.json:6");

        let broken = "[\n {\"id\": \"a\"},\n {\"id\" \"b\"}\n]";
        let out = parse_jsonl(broken, "b.json");
        assert_eq!(out.len(), 1);
        let e = out[0].as_ref().unwrap_err();
        assert_eq!(e.source, "b.json:3");
        assert!(e.reason.contains("none of its records"), "{}", e.reason);
    }

    #[test]
    fn pretty_printed_objects() {
        let text = "{\n  \"id\": \"a\"\n}\n\n{\n  \"id\": \"b\"\n}\n{\n \"id\": \n";
        let out = parse_jsonl(text, "p.json");
        assert_eq!(out.len(), 3);
        assert_eq!(out[0].as_ref().unwrap().source.line, Some(1));
        assert_eq!(out[1].as_ref().unwrap().source.line, Some(5));
        let e = out[2].as_ref().unwrap_err();
        assert!(
            e.reason.contains("rest of the file was not read"),
            "{}",
            e.reason
        );
    }
}
