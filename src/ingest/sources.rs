//! Finding input files: the one part of ingest that touches the file system (metadata and
//! directory listings only; it never reads file contents).

use std::fs;
use std::path::{Path, PathBuf};

use crate::model::{Rejection, SourceRef};

use super::{format_from_extension, Format, MAX_FILE_BYTES};

/// One file to parse, with its format and, for letters, the `<file>.json` sidecar if present.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InputFile {
    pub path: PathBuf,
    /// From the extension; `Auto` for an explicitly named file with an unknown extension.
    pub format: Format,
    pub sidecar: Option<PathBuf>,
}

/// Extensions read when walking folders.
const EXTENSIONS: &str = ".jsonl, .ndjson, .json, .csv, .tsv, .txt, .eml";

/// Expands `paths` (files and folders) into input files, in a deterministic order: arguments in
/// the order given, each folder walked recursively with entries sorted by name.
///
/// * A missing or unreadable path, a symlinked folder (not followed, to avoid loops), a file
///   larger than [`MAX_FILE_BYTES`], a file in a folder with an unsupported extension, and a
///   sidecar (`x.txt.json`) whose letter is missing each become a [`Rejection`]; the walk goes
///   on.
/// * Inside folders, hidden entries (name starting with `.`) and documentation files (`.md`) are
///   skipped silently. A file named explicitly is always taken (format `Auto` if its extension
///   is unknown).
/// * `x.txt.json` / `x.eml.json` next to `x.txt` / `x.eml` is that letter's sidecar, not an
///   input of its own.
/// * A file reached twice (named and inside a named folder) is listed once.
pub fn discover(paths: &[PathBuf]) -> (Vec<InputFile>, Vec<Rejection>) {
    let mut files = Vec::new();
    let mut rejections = Vec::new();
    for p in paths {
        match fs::metadata(p) {
            Err(e) => rejections.push(reject(p, &format!("cannot read path: {}", io_reason(&e)))),
            Ok(m) if m.is_dir() => walk(p, &mut files, &mut rejections),
            Ok(m) => {
                if m.len() > MAX_FILE_BYTES {
                    rejections.push(too_large(p, m.len()));
                } else {
                    let format = format_from_extension(p).unwrap_or(Format::Auto);
                    files.push(InputFile {
                        path: p.clone(),
                        format,
                        sidecar: sidecar_of(p),
                    });
                }
            }
        }
    }
    let canon = |p: &Path| fs::canonicalize(p).unwrap_or_else(|_| p.to_path_buf());
    let mut seen = std::collections::HashSet::new();
    files.retain(|f| seen.insert(canon(&f.path)));
    // A file named explicitly is taken even if the walk of a folder around it refused it.
    rejections.retain(|r| !seen.contains(&canon(Path::new(&r.source))));
    (files, rejections)
}

fn walk(dir: &Path, files: &mut Vec<InputFile>, rejections: &mut Vec<Rejection>) {
    let entries = match fs::read_dir(dir) {
        Ok(rd) => {
            let mut v: Vec<_> = rd.filter_map(Result::ok).map(|e| e.path()).collect();
            v.sort();
            v
        }
        Err(e) => {
            rejections.push(reject(
                dir,
                &format!("cannot read folder: {}", io_reason(&e)),
            ));
            return;
        }
    };
    for path in entries {
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        if name.starts_with('.') {
            continue;
        }
        let link = fs::symlink_metadata(&path)
            .map(|m| m.file_type().is_symlink())
            .unwrap_or(false);
        let meta = match fs::metadata(&path) {
            Ok(m) => m,
            Err(e) => {
                rejections.push(reject(
                    &path,
                    &format!("cannot read path: {}", io_reason(&e)),
                ));
                continue;
            }
        };
        if meta.is_dir() {
            if link {
                rejections.push(reject(
                    &path,
                    "symlinked folder not followed; name it directly",
                ));
            } else {
                walk(&path, files, rejections);
            }
            continue;
        }
        let lower = name.to_lowercase();
        if lower.ends_with(".md") {
            continue;
        }
        if lower.ends_with(".json") {
            let base = path.with_extension(""); // x.txt.json → x.txt
            if matches!(format_from_extension(&base), Some(Format::Letters)) {
                if !base.is_file() {
                    rejections.push(reject(
                        &path,
                        "sidecar without its letter (expected the file without '.json' next to it)",
                    ));
                }
                continue; // picked up with its letter
            }
        }
        let Some(format) = format_from_extension(&path) else {
            let ext = path.extension().map(|e| e.to_string_lossy().into_owned());
            let what = match ext {
                Some(e) => format!(
                    "unsupported file type '.{}'",
                    e.chars().take(12).collect::<String>()
                ),
                None => "file without extension".to_string(),
            };
            rejections.push(reject(
                &path,
                &format!("{what} skipped (read: {EXTENSIONS})"),
            ));
            continue;
        };
        if meta.len() > MAX_FILE_BYTES {
            rejections.push(too_large(&path, meta.len()));
            continue;
        }
        files.push(InputFile {
            sidecar: sidecar_of(&path),
            path,
            format,
        });
    }
}

/// `<file>.json` next to a `.txt`/`.eml` letter, if it exists.
fn sidecar_of(path: &Path) -> Option<PathBuf> {
    if !matches!(format_from_extension(path), Some(Format::Letters)) {
        return None;
    }
    let mut s = path.as_os_str().to_owned();
    s.push(".json");
    let side = PathBuf::from(s);
    side.is_file().then_some(side)
}

fn reject(path: &Path, reason: &str) -> Rejection {
    Rejection::new(&SourceRef::file(path.display().to_string()), reason)
}

fn too_large(path: &Path, len: u64) -> Rejection {
    reject(
        path,
        &format!("file too large ({len} bytes; max {MAX_FILE_BYTES}); split it into smaller files"),
    )
}

fn io_reason(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => "not found".into(),
        std::io::ErrorKind::PermissionDenied => "permission denied".into(),
        _ => e.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn walks_sorted_skips_hidden_pairs_sidecars() {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        let w = |p: &str, s: &str| {
            let p = d.join(p);
            fs::create_dir_all(p.parent().unwrap()).unwrap();
            fs::write(p, s).unwrap();
        };
        w("b.jsonl", "{}");
        w("a.csv", "id");
        w("letters/l1.txt", "x");
        w("letters/l1.txt.json", "{}");
        w("letters/orphan.eml.json", "{}");
        w("letters/m.EML", "x");
        w(".hidden.jsonl", "{}");
        w(".git/config", "x");
        w("README.md", "x");
        w("notes.pdf", "x");
        w("plain.json", "[]");

        let (files, rej) = discover(&[d.to_path_buf(), d.join("b.jsonl"), d.join("missing")]);
        let names: Vec<String> = files
            .iter()
            .map(|f| f.path.strip_prefix(d).unwrap().display().to_string())
            .collect();
        assert_eq!(
            names,
            [
                "a.csv",
                "b.jsonl",
                "letters/l1.txt",
                "letters/m.EML",
                "plain.json"
            ]
        );
        assert_eq!(files[0].format, Format::Csv);
        assert_eq!(
            files[2].sidecar.as_deref(),
            Some(d.join("letters/l1.txt.json").as_path())
        );
        assert_eq!(files[3].format, Format::Letters);
        assert_eq!(files[3].sidecar, None);
        assert_eq!(files[4].format, Format::Jsonl);

        let reasons: Vec<(String, String)> =
            rej.into_iter().map(|r| (r.source, r.reason)).collect();
        assert_eq!(reasons.len(), 3, "{reasons:?}");
        assert!(reasons[0].0.ends_with("orphan.eml.json") && reasons[0].1.contains("sidecar"));
        assert!(
            reasons[1].0.ends_with("notes.pdf")
                && reasons[1].1.contains("unsupported file type '.pdf'")
        );
        assert!(reasons[2].0.ends_with("missing") && reasons[2].1 == "cannot read path: not found");
    }

    #[test]
    fn explicit_file_unknown_extension_and_too_large() {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        fs::write(d.join("export.dat"), "x").unwrap();
        let big = fs::File::create(d.join("big.jsonl")).unwrap();
        big.set_len(MAX_FILE_BYTES + 1).unwrap(); // sparse: nothing is written
        let (files, rej) = discover(&[d.join("export.dat"), d.to_path_buf()]);
        assert_eq!(files.len(), 1);
        assert_eq!(files[0].format, Format::Auto);
        assert_eq!(rej.len(), 1, "{rej:?}"); // export.dat is taken, as it was named explicitly
        assert!(rej[0].source.ends_with("big.jsonl"));
        assert!(rej[0].reason.starts_with("file too large (536870913 bytes"));
    }
}
