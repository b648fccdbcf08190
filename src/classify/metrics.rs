//! Evaluation of multi-label theme predictions.
//!
//! Why these numbers: a researcher needs to know, per theme, how many letters of that theme the
//! classifier finds (recall) and how many of its hits are right (precision); macro-F1 weighs
//! every theme equally (a small new theme counts as much as a big one), micro-F1 weighs every
//! decision equally. The confusion table shows *where* the errors go — e.g. how often a
//! `toeslagen` letter was predicted `wonen` — which F1 alone hides.
//!
//! Conventions (as in scikit-learn with `zero_division=0`): a ratio with a zero denominator is 0;
//! a theme with no gold letters and no predictions therefore has F1 0. Label sets are sets:
//! a label repeated within one complaint counts once.

use std::collections::BTreeSet;
use std::fmt::Write as _;

use serde::{Deserialize, Serialize};

use super::themes::NO_THEME;

/// Errors in evaluation input.
#[derive(Debug, thiserror::Error)]
pub enum MetricsError {
    #[error("{gold} gold label sets but {predicted} predicted label sets; they must pair up")]
    LengthMismatch { gold: usize, predicted: usize },
    #[error("{which} label {label:?} of complaint #{index} is not one of the themes {themes:?}")]
    UnknownLabel { which: &'static str, index: usize, label: String, themes: Vec<String> },
    #[error("the theme list is empty or has a duplicate or reserved name: {0:?}")]
    BadThemes(Vec<String>),
}

/// Counts and ratios for one theme.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ThemeMetrics {
    pub theme: String,
    /// Complaints with this theme in gold and prediction.
    pub tp: u64,
    /// Complaints predicted with this theme that do not have it in gold.
    pub fp: u64,
    /// Complaints with this theme in gold that were not predicted with it.
    #[serde(rename = "fn")]
    pub fn_: u64,
    /// Gold complaints with this theme (`tp + fn`).
    pub support: u64,
    pub precision: f64,
    pub recall: f64,
    pub f1: f64,
}

/// Gold × predicted co-occurrence table, including [`NO_THEME`] as the last row and column.
///
/// For each complaint, with G its gold set (or {`geen`} when empty) and P its predicted set (or
/// {`geen`}), every pair (g, p) in G × P adds one to `counts[g][p]`. So the diagonal cell of a
/// theme equals its true positives; `counts[toeslagen][wonen]` counts toeslagen letters that were
/// (also) predicted wonen — for a letter that is gold *both* toeslagen and wonen this pair is not
/// an error, so read off-diagonal cells together with the per-theme false positives.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Confusion {
    /// Row and column labels: the themes, then `geen`.
    pub labels: Vec<String>,
    /// `counts[gold][predicted]`.
    pub counts: Vec<Vec<u64>>,
}

/// Everything measured for one set of predictions.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Evaluation {
    pub documents: u64,
    pub per_theme: Vec<ThemeMetrics>,
    /// Unweighted mean of the per-theme F1 scores.
    pub macro_f1: f64,
    pub micro_precision: f64,
    pub micro_recall: f64,
    /// F1 of the pooled counts over all themes.
    pub micro_f1: f64,
    /// Share of complaints whose predicted set equals the gold set exactly.
    pub exact_match: f64,
    pub confusion: Confusion,
}

fn ratio(num: u64, den: u64) -> f64 {
    if den == 0 {
        0.0
    } else {
        num as f64 / den as f64
    }
}

/// F1 from counts; 0 when undefined.
pub fn f1_from_counts(tp: u64, fp: u64, fn_: u64) -> f64 {
    ratio(2 * tp, 2 * tp + fp + fn_)
}

/// Evaluates `predicted` against `gold` (one label list per complaint, same order) for `themes`.
///
/// Errors when the lists do not pair up, a label is not a theme, or the theme list is empty or
/// has duplicates. An empty complaint list gives all-zero metrics.
pub fn evaluate<S: AsRef<str>, G: AsRef<[S]>, P: AsRef<[S]>>(
    themes: &[String],
    gold: &[G],
    predicted: &[P],
) -> Result<Evaluation, MetricsError> {
    let unique: BTreeSet<&str> = themes.iter().map(String::as_str).collect();
    if themes.is_empty() || unique.len() != themes.len() || unique.contains(NO_THEME) {
        return Err(MetricsError::BadThemes(themes.to_vec()));
    }
    if gold.len() != predicted.len() {
        return Err(MetricsError::LengthMismatch { gold: gold.len(), predicted: predicted.len() });
    }
    let k = themes.len();
    let to_set = |which: &'static str, index: usize, labels: &[S]| -> Result<BTreeSet<usize>, MetricsError> {
        labels
            .iter()
            .map(|l| {
                themes.iter().position(|t| t == l.as_ref()).ok_or_else(|| MetricsError::UnknownLabel {
                    which,
                    index,
                    label: l.as_ref().to_owned(),
                    themes: themes.to_vec(),
                })
            })
            .collect()
    };
    let (mut tp, mut fp, mut fn_) = (vec![0u64; k], vec![0u64; k], vec![0u64; k]);
    let mut counts = vec![vec![0u64; k + 1]; k + 1];
    let mut exact = 0u64;
    for (i, (g, p)) in gold.iter().zip(predicted).enumerate() {
        let g = to_set("gold", i, g.as_ref())?;
        let p = to_set("predicted", i, p.as_ref())?;
        for t in 0..k {
            match (g.contains(&t), p.contains(&t)) {
                (true, true) => tp[t] += 1,
                (false, true) => fp[t] += 1,
                (true, false) => fn_[t] += 1,
                (false, false) => {}
            }
        }
        exact += u64::from(g == p);
        let rows: Vec<usize> = if g.is_empty() { vec![k] } else { g.into_iter().collect() };
        let cols: Vec<usize> = if p.is_empty() { vec![k] } else { p.into_iter().collect() };
        for &r in &rows {
            for &c in &cols {
                counts[r][c] += 1;
            }
        }
    }
    let per_theme: Vec<ThemeMetrics> = (0..k)
        .map(|t| ThemeMetrics {
            theme: themes[t].clone(),
            tp: tp[t],
            fp: fp[t],
            fn_: fn_[t],
            support: tp[t] + fn_[t],
            precision: ratio(tp[t], tp[t] + fp[t]),
            recall: ratio(tp[t], tp[t] + fn_[t]),
            f1: f1_from_counts(tp[t], fp[t], fn_[t]),
        })
        .collect();
    let (stp, sfp, sfn) = (tp.iter().sum::<u64>(), fp.iter().sum::<u64>(), fn_.iter().sum::<u64>());
    let mut labels = themes.to_vec();
    labels.push(NO_THEME.to_owned());
    Ok(Evaluation {
        documents: gold.len() as u64,
        macro_f1: per_theme.iter().map(|m| m.f1).sum::<f64>() / k as f64,
        per_theme,
        micro_precision: ratio(stp, stp + sfp),
        micro_recall: ratio(stp, stp + sfn),
        micro_f1: f1_from_counts(stp, sfp, sfn),
        exact_match: ratio(exact, gold.len() as u64),
        confusion: Confusion { labels, counts },
    })
}

impl Evaluation {
    /// Plain-text report for `--format table`: per-theme counts and scores, the averages, and
    /// the confusion table (rows gold, columns predicted).
    pub fn render_table(&self) -> String {
        let mut out = String::new();
        let w = self.confusion.labels.iter().map(String::len).max().unwrap_or(0).max(9);
        let _ = writeln!(
            out,
            "{:<w$}  {:>7}  {:>5}  {:>5}  {:>5}  {:>9}  {:>6}  {:>6}",
            "theme", "support", "tp", "fp", "fn", "precision", "recall", "f1"
        );
        for m in &self.per_theme {
            let _ = writeln!(
                out,
                "{:<w$}  {:>7}  {:>5}  {:>5}  {:>5}  {:>9.3}  {:>6.3}  {:>6.3}",
                m.theme, m.support, m.tp, m.fp, m.fn_, m.precision, m.recall, m.f1
            );
        }
        let _ = writeln!(out, "{:<w$}  {:>55.3}", "macro", self.macro_f1);
        let _ = writeln!(
            out,
            "{:<w$}  {:>7}  {:>5}  {:>5}  {:>5}  {:>9.3}  {:>6.3}  {:>6.3}",
            "micro", "", "", "", "", self.micro_precision, self.micro_recall, self.micro_f1
        );
        let _ = writeln!(out, "{} complaints, exact label-set match {:.3}", self.documents, self.exact_match);
        let _ = writeln!(
            out,
            "\nconfusion (rows: gold, columns: predicted; a complaint counts once per gold × predicted pair)"
        );
        let cw = self.confusion.labels.iter().map(String::len).max().unwrap_or(4).max(5);
        let _ = write!(out, "{:<w$}", "");
        for l in &self.confusion.labels {
            let _ = write!(out, "  {l:>cw$}");
        }
        out.push('\n');
        for (label, row) in self.confusion.labels.iter().zip(&self.confusion.counts) {
            let _ = write!(out, "{label:<w$}");
            for c in row {
                let _ = write!(out, "  {c:>cw$}");
            }
            out.push('\n');
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn themes() -> Vec<String> {
        vec!["jeugd".into(), "wonen".into(), "toeslagen".into()]
    }

    /// Hand-computed example (see the comments for the counts).
    #[test]
    fn counts_scores_and_confusion_match_a_hand_computation() {
        let gold: Vec<Vec<&str>> = vec![
            vec!["jeugd"],              // predicted jeugd: tp jeugd
            vec!["toeslagen"],          // predicted wonen: fn toeslagen, fp wonen
            vec!["toeslagen", "wonen"], // predicted toeslagen: tp toeslagen, fn wonen
            vec![],                     // predicted jeugd: fp jeugd
            vec!["wonen"],              // predicted nothing: fn wonen
            vec![],                     // predicted nothing
        ];
        let pred: Vec<Vec<&str>> =
            vec![vec!["jeugd"], vec!["wonen"], vec!["toeslagen"], vec!["jeugd"], vec![], vec![]];
        let e = evaluate(&themes(), &gold, &pred).unwrap();
        let j = &e.per_theme[0];
        assert_eq!((j.tp, j.fp, j.fn_, j.support), (1, 1, 0, 1));
        assert!((j.precision - 0.5).abs() < 1e-12 && (j.recall - 1.0).abs() < 1e-12);
        assert!((j.f1 - 2.0 / 3.0).abs() < 1e-12);
        let w = &e.per_theme[1];
        assert_eq!((w.tp, w.fp, w.fn_, w.support), (0, 1, 2, 2));
        assert_eq!(w.f1, 0.0);
        let t = &e.per_theme[2];
        assert_eq!((t.tp, t.fp, t.fn_, t.support), (1, 0, 1, 2));
        assert!((t.f1 - 2.0 / 3.0).abs() < 1e-12);
        assert!((e.macro_f1 - 4.0 / 9.0).abs() < 1e-12);
        // pooled: tp 2, fp 2, fn 3 → P 0.5, R 0.4, F1 4/9
        assert!((e.micro_precision - 0.5).abs() < 1e-12);
        assert!((e.micro_recall - 0.4).abs() < 1e-12);
        assert!((e.micro_f1 - 4.0 / 9.0).abs() < 1e-12);
        assert!((e.exact_match - 2.0 / 6.0).abs() < 1e-12);
        assert_eq!(e.confusion.labels, vec!["jeugd", "wonen", "toeslagen", "geen"]);
        assert_eq!(
            e.confusion.counts,
            vec![
                vec![1, 0, 0, 0], // jeugd
                vec![0, 0, 1, 1], // wonen: (wonen,toeslagen) from #3, (wonen,geen) from #5
                vec![0, 1, 1, 0], // toeslagen
                vec![1, 0, 0, 1], // geen
            ]
        );
        let table = e.render_table();
        assert!(table.contains("toeslagen") && table.contains("geen") && table.contains("0.444"), "{table}");
    }

    #[test]
    fn rejects_unknown_labels_and_unpaired_lists() {
        let err = evaluate(&themes(), &[vec!["wonen"]], &[vec!["schulden"]]).unwrap_err();
        assert!(matches!(err, MetricsError::UnknownLabel { index: 0, .. }), "{err}");
        let err = evaluate(&themes(), &[vec!["wonen"]], &Vec::<Vec<&str>>::new()).unwrap_err();
        assert!(matches!(err, MetricsError::LengthMismatch { .. }));
        assert!(evaluate(&[], &[Vec::<&str>::new()], &[Vec::<&str>::new()]).is_err());
        let dup = vec!["wonen".to_owned(), "wonen".to_owned()];
        assert!(evaluate(&dup, &[Vec::<&str>::new()], &[Vec::<&str>::new()]).is_err());
    }

    #[test]
    fn repeated_labels_count_once_and_empty_input_is_all_zero() {
        let e = evaluate(&themes(), &[vec!["wonen", "wonen"]], &[vec!["wonen"]]).unwrap();
        assert_eq!(e.per_theme[1].tp, 1);
        assert_eq!(e.exact_match, 1.0);
        let e = evaluate(&themes(), &Vec::<Vec<&str>>::new(), &Vec::<Vec<&str>>::new()).unwrap();
        assert_eq!((e.documents, e.macro_f1, e.micro_f1), (0, 0.0, 0.0));
    }
}
