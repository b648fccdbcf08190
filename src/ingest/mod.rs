//! TEMPORARY STUB (replaced by the real ingest).
use std::path::{Path, PathBuf};
use chrono::NaiveDate;
use crate::model::*;
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format { Auto, Jsonl, Csv, Letters }
pub const MAX_FILE_BYTES: u64 = 512 * 1024 * 1024;
pub struct InputFile { pub path: PathBuf, pub format: Format, pub sidecar: Option<PathBuf> }
pub struct FileParse { pub encoding: Option<&'static str>, pub records: Vec<Result<RawRecord, Rejection>>, pub file_error: Option<Rejection> }
pub fn discover(paths: &[PathBuf]) -> (Vec<InputFile>, Vec<Rejection>) { (paths.iter().map(|p| InputFile { path: p.clone(), format: Format::Jsonl, sidecar: None }).collect(), vec![]) }
pub fn parse_file(bytes: &[u8], path: &str, _f: Format, _s: Option<&[u8]>) -> FileParse {
  let text = String::from_utf8_lossy(bytes);
  let records = text.lines().enumerate().filter(|(_, l)| !l.trim().is_empty()).map(|(i, l)| {
    let src = SourceRef::line(path, i as u64 + 1);
    match serde_json::from_str::<RawFields>(l) { Ok(fields) => Ok(RawRecord { source: src, fields }), Err(e) => Err(Rejection::new(&src, format!("invalid JSON: {e}"))) }
  }).collect();
  FileParse { encoding: Some("UTF-8"), records, file_error: None }
}
pub fn validate(r: RawRecord, _today: NaiveDate) -> Result<Complaint, Rejection> {
  let f = r.fields; let s = r.source;
  let received = NaiveDate::parse_from_str(f.received.as_deref().unwrap_or(""), "%Y-%m-%d").map_err(|_| Rejection::new(&s, "bad date"))?;
  Ok(Complaint { id: f.id.ok_or_else(|| Rejection::new(&s, "missing id"))?, received, municipality: f.municipality.unwrap_or_default(), text: f.text.unwrap_or_default(), channel: f.channel, gold_themes: f.themes.unwrap_or_default(), gold_thread: f.thread, source: s })
}
#[allow(dead_code)] fn _p(_: &Path) {}
