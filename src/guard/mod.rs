//! TEMPORARY STUB (replaced by the real guard).
use std::collections::BTreeMap;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use crate::model::{Complaint, SourceRef};
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PiiPolicy { Redact, Reject }
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RedactionCounts(pub BTreeMap<String, u64>);
impl RedactionCounts { pub fn add(&mut self, o: &RedactionCounts) { for (k, v) in &o.0 { *self.0.entry(k.clone()).or_default() += v; } } pub fn total(&self) -> u64 { self.0.values().sum() } }
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
pub struct RedactedText(String);
impl AsRef<str> for RedactedText { fn as_ref(&self) -> &str { &self.0 } }
#[derive(Debug, Clone)]
pub struct Redacted { pub id: String, pub received: NaiveDate, pub municipality: String, pub text: RedactedText, pub channel: Option<String>, pub gold_themes: Vec<String>, pub gold_thread: Option<String>, pub source: SourceRef }
pub enum GuardOutcome { Passed { complaint: Redacted, counts: RedactionCounts }, Quarantined { id: String, source: SourceRef, counts: RedactionCounts } }
#[derive(Default)]
pub struct Guard;
impl Guard {
  pub fn new() -> Self { Guard }
  pub fn redact_text(&self, t: &str) -> (RedactedText, RedactionCounts) { (RedactedText(t.to_owned()), RedactionCounts::default()) }
  pub fn readmit(&self, t: &str) -> RedactedText { self.redact_text(t).0 }
  pub fn check(&self, c: Complaint, _p: PiiPolicy) -> GuardOutcome { let (text, counts) = self.redact_text(&c.text); GuardOutcome::Passed { complaint: Redacted { id: c.id, received: c.received, municipality: c.municipality, text, channel: c.channel, gold_themes: c.gold_themes, gold_thread: c.gold_thread, source: c.source }, counts } }
}
