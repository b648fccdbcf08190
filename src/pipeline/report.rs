//! Orchestration of the report stage: gathers what the index, the classifier's last evaluation
//! and the thread model hold into one [`ReportInput`] and writes the report folder atomically.
//!
//! Privacy: excerpts are stored texts re-admitted through the guard (`Guard::readmit`), so the
//! report receives `RedactedText` only, as the index does.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use super::classify::{last_evaluation, Classifier};
use super::{PipelineError, Result};
use crate::classify::ThemeSet;
use crate::guard::Guard;
use crate::index::{ComplaintIndex, StoredComplaint};
use crate::model::MUNICIPALITIES;
use crate::report::{
    self, ComplaintRow, CorpusInfo, EvalSummary, Excerpt, ModelInfo, ReportInput, ThemeInfo, ThemeScore, ThreadRow,
};
use crate::threads::{self, ThreadModel};

fn err(what: impl std::fmt::Display) -> PipelineError {
    PipelineError::Report(what.to_string())
}

/// The period a report covers (inclusive years; `None` = unbounded).
#[derive(Debug, Clone, Copy, Default)]
pub struct Period {
    pub from_year: Option<i32>,
    pub to_year: Option<i32>,
}

/// Everything the report stage is given besides the index.
pub struct ReportContext<'a> {
    /// Run timestamp (RFC 3339): the only value that differs between two identical runs.
    pub generated_at: String,
    pub encoder: &'a str,
    pub classifier: Option<&'a Classifier>,
    pub threads: Option<&'a ThreadModel>,
    /// Rejected records over all runs (from the rejects file).
    pub rejected_total: usize,
    pub period: Period,
}

/// Builds the report input. "This year" is the year of the latest complaint (not the clock),
/// so the same data gives the same report on any day.
pub fn build_input(
    cfg: &crate::config::Config,
    index: &ComplaintIndex,
    guard: &Guard,
    ctx: &ReportContext<'_>,
) -> Result<ReportInput> {
    // In id order: the index's own order follows its segments, which merges reshuffle, and
    // the report must not change when the data has not.
    let mut stored = index.all()?;
    stored.sort_by(|a, b| a.id.cmp(&b.id));
    let in_period = |c: &StoredComplaint| {
        let y = chrono::Datelike::year(&c.received);
        ctx.period.from_year.is_none_or(|f| y >= f) && ctx.period.to_year.is_none_or(|t| y <= t)
    };
    let complaints: Vec<&StoredComplaint> = stored.iter().filter(|c| in_period(c)).collect();
    let by_id: BTreeMap<&str, &StoredComplaint> = stored.iter().map(|c| (c.id.as_str(), c)).collect();
    let as_of_year = complaints
        .iter()
        .map(|c| chrono::Datelike::year(&c.received))
        .max()
        .or(ctx.period.to_year)
        .unwrap_or(2000);

    let themes = match ThemeSet::load(&cfg.themes_path()) {
        Ok(t) => t.themes().iter().map(|t| ThemeInfo { name: t.name.clone(), description: t.description.clone() }).collect(),
        Err(e) => return Err(err(e)),
    };
    let evaluation = last_evaluation(cfg).map(|e| EvalSummary {
        macro_f1: e.transformer.macro_f1,
        micro_f1: e.transformer.micro_f1,
        per_theme: e
            .transformer
            .per_theme
            .iter()
            .map(|m| ThemeScore {
                theme: m.theme.clone(),
                precision: m.precision,
                recall: m.recall,
                f1: m.f1,
                support: m.support as usize,
            })
            .collect(),
        baseline_macro_f1: Some(e.baseline.macro_f1),
        test_set: format!("{} ({} brieven)", e.test_file.join(", "), e.documents),
        evaluated_at: e.evaluated_at.clone(),
    });
    let (encoder, encoder_hash) = ctx.encoder.split_once('@').unwrap_or((ctx.encoder, ""));
    let model = ModelInfo {
        encoder: encoder.to_owned(),
        encoder_hash: encoder_hash.to_owned(),
        classifier: ctx
            .classifier
            .and_then(|c| c.path.file_name())
            .map(|f| f.to_string_lossy().into_owned())
            .unwrap_or_else(|| "geen".into()),
        classifier_hash: ctx.classifier.map(|c| c.hash.clone()).unwrap_or_default(),
        evaluation,
    };

    let threads: Vec<ThreadRow> = match ctx.threads {
        None => Vec::new(),
        Some(m) => m
            .threads
            .iter()
            .map(|t| thread_row(t, &by_id, guard, &ctx.period))
            .filter(|t| t.size > 0)
            .collect(),
    };
    let thread_ids: std::collections::BTreeSet<&str> = threads.iter().map(|t| t.id.as_str()).collect();
    let rows = complaints
        .iter()
        .map(|c| ComplaintRow {
            id: c.id.clone(),
            date: c.received,
            municipality: c.municipality.clone(),
            themes: c.themes.clone(),
            thread: c.thread.clone().filter(|t| thread_ids.contains(t.as_str())),
        })
        .collect();
    Ok(ReportInput {
        generated_at: ctx.generated_at.clone(),
        as_of_year,
        from_year: ctx.period.from_year,
        to_year: ctx.period.to_year,
        municipalities: MUNICIPALITIES.iter().map(|m| m.to_string()).collect(),
        corpus: CorpusInfo {
            total_complaints: complaints.len(),
            rejected_total: ctx.rejected_total,
            first_date: complaints.iter().map(|c| c.received).min(),
            last_date: complaints.iter().map(|c| c.received).max(),
        },
        model,
        themes,
        complaints: rows,
        threads,
    })
}

/// One thread as the report shows it, restricted to the period (counts recomputed from the
/// members in the period; trend and keywords are the thread model's, over all years).
fn thread_row(
    t: &threads::Thread,
    by_id: &BTreeMap<&str, &StoredComplaint>,
    guard: &Guard,
    period: &Period,
) -> ThreadRow {
    let members: Vec<&StoredComplaint> = t
        .members
        .iter()
        .filter_map(|id| by_id.get(id.as_str()).copied())
        .filter(|c| {
            let y = chrono::Datelike::year(&c.received);
            period.from_year.is_none_or(|f| y >= f) && period.to_year.is_none_or(|to| y <= to)
        })
        .collect();
    let mut per_year = BTreeMap::new();
    let mut per_municipality = BTreeMap::new();
    let mut themes = BTreeMap::new();
    for c in &members {
        *per_year.entry(chrono::Datelike::year(&c.received)).or_insert(0) += 1;
        *per_municipality.entry(c.municipality.clone()).or_insert(0) += 1;
        for th in &c.themes {
            *themes.entry(th.clone()).or_insert(0) += 1;
        }
    }
    let representatives = t
        .representatives
        .iter()
        .filter_map(|id| by_id.get(id.as_str()))
        .take(3)
        .map(|c| Excerpt {
            id: c.id.clone(),
            date: c.received,
            municipality: c.municipality.clone(),
            text: guard.readmit(&excerpt(&c.text, 600)),
        })
        .collect();
    ThreadRow {
        id: t.id.clone(),
        label: t.label.clone(),
        keywords: t.keywords.iter().map(|k| k.word.clone()).collect(),
        size: members.len(),
        trend: t.trend.trend,
        trend_statistic: t.trend.statistic,
        trend_explanation: t.trend.explanation.clone(),
        per_year,
        per_municipality,
        concentrated_in: t.concentration.as_ref().map(|c| c.municipality.clone()),
        themes,
        cohesion: t.cohesion,
        representatives,
    }
}

/// The first `max` bytes of a text, cut at a word boundary, with an ellipsis when cut.
fn excerpt(text: &str, max: usize) -> String {
    if text.len() <= max {
        return text.to_owned();
    }
    let mut end = max;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    let cut = text[..end].rfind(char::is_whitespace).unwrap_or(end);
    format!("{} …", text[..cut].trim_end())
}

/// Writes the report folder atomically and returns the path of `index.html`.
pub fn write(out_dir: &Path, input: &ReportInput) -> Result<PathBuf> {
    let paths = report::write_report(out_dir, input).map_err(err)?;
    Ok(paths.index_html)
}
