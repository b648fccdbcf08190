//! TEMPORARY STUB
use std::collections::BTreeMap;
pub struct GenerateOptions { pub count: usize, pub seed: u64 }
pub struct GenerateSummary { pub written: usize, pub per_year: BTreeMap<i32, usize>, pub threads: usize, pub threaded_complaints: usize }
pub fn generate<W: std::io::Write>(_out: W, _o: &GenerateOptions) -> std::io::Result<GenerateSummary> { Ok(GenerateSummary { written: 0, per_year: BTreeMap::new(), threads: 0, threaded_complaints: 0 }) }
