//! The report's CSV files, made for Excel with a Dutch locale.
//!
//! Format, and why:
//! - **UTF-8 with BOM** (`EF BB BF`): without it Excel reads UTF-8 as Windows-1252 and
//!   `Zaanstad – jeugdzorg` turns into mojibake.
//! - **`;` as separator**: Excel with a Dutch locale (decimal comma) expects `;`; a `,` file
//!   would land in one column.
//! - **Decimal comma** in numbers with decimals (`0,71`), so Excel reads them as numbers;
//!   integers have no thousands separator.
//! - **CRLF** line ends and a header row; fields are quoted only when needed (`csv` crate).
//! - Text cells that start with `=`, `+`, `-`, `@`, tab or CR get a leading `'` so that Excel
//!   does not run them as formulas (CSV injection); numeric cells are never altered.
//!
//! Counting (same as [`super::view`]): only complaints in the report period; a complaint with
//! two themes counts in both theme columns, so theme columns can add up to more than the
//! `klachten` column; the `geen thema` column counts complaints without a theme, so every
//! complaint is in at least one theme column; `klachten` counts every complaint exactly once.
//! Thread counts are the thread finder's.

use super::model::ComplaintRow;
use super::view::ReportView;
use super::ReportError;

const BOM: &[u8] = b"\xEF\xBB\xBF";

fn writer() -> ::csv::Writer<Vec<u8>> {
    ::csv::WriterBuilder::new()
        .delimiter(b';')
        .terminator(::csv::Terminator::CRLF)
        .from_writer(BOM.to_vec())
}

fn finish(w: ::csv::Writer<Vec<u8>>) -> Result<Vec<u8>, ReportError> {
    w.into_inner().map_err(|e| ReportError::Csv(e.to_string()))
}

fn text(s: &str) -> String {
    match s.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => format!("'{s}"),
        _ => s.to_string(),
    }
}

fn dec(x: f64, decimals: usize) -> String {
    if x.is_finite() {
        format!("{:.*}", decimals, x).replace('.', ",")
    } else {
        String::new()
    }
}

fn row(w: &mut ::csv::Writer<Vec<u8>>, cells: Vec<String>) -> Result<(), ReportError> {
    w.write_record(&cells)
        .map_err(|e| ReportError::Csv(e.to_string()))
}

/// `themes_per_year.csv`: `jaar;<thema…>;geen thema;klachten`, one row per year of the period
/// and a last row `totaal`.
pub fn themes_per_year(v: &ReportView) -> Result<Vec<u8>, ReportError> {
    let mut w = writer();
    let mut header = vec!["jaar".to_string()];
    header.extend(v.themes.iter().map(|t| text(&t.name)));
    header.push("klachten".into());
    row(&mut w, header)?;
    for y in &v.years {
        let mut cells = vec![y.to_string()];
        cells.extend(
            v.themes
                .iter()
                .map(|t| v.counts.theme_per_year[&t.name][y].to_string()),
        );
        cells.push(v.counts.complaints_per_year[y].to_string());
        row(&mut w, cells)?;
    }
    let mut total = vec!["totaal".to_string()];
    total.extend(v.themes.iter().map(|t| {
        v.counts.theme_per_year[&t.name]
            .values()
            .sum::<usize>()
            .to_string()
    }));
    total.push(v.complaints_in_period.to_string());
    row(&mut w, total)?;
    finish(w)
}

/// `themes_per_municipality_year.csv`: `gemeente;jaar;<thema…>;geen thema;klachten`, one row
/// per municipality and year of the period (zeros included, so pivot tables are complete).
pub fn themes_per_municipality_year(v: &ReportView) -> Result<Vec<u8>, ReportError> {
    let mut w = writer();
    let mut header = vec!["gemeente".to_string(), "jaar".to_string()];
    header.extend(v.themes.iter().map(|t| text(&t.name)));
    header.push("klachten".into());
    row(&mut w, header)?;
    for m in &v.municipalities {
        let per_theme = &v.counts.municipality_theme_per_year[&m.name];
        for y in &v.years {
            let mut cells = vec![text(&m.name), y.to_string()];
            cells.extend(v.themes.iter().map(|t| per_theme[&t.name][y].to_string()));
            cells.push(v.counts.municipality_per_year[&m.name][y].to_string());
            row(&mut w, cells)?;
        }
    }
    finish(w)
}

/// `threads.csv`: one row per thread in report order: id, label, trend, statistic, size,
/// cohesion, concentrated-in, keywords (`, `-joined), themes and municipalities
/// (`naam (n)`, `, `-joined), then one column per year (the union of the period's years and
/// the threads' years) with the thread finder's counts.
pub fn threads(v: &ReportView) -> Result<Vec<u8>, ReportError> {
    let mut years: std::collections::BTreeSet<i32> = v.years.iter().copied().collect();
    for s in &v.signals {
        years.extend(s.per_year.keys().copied());
    }
    let mut w = writer();
    let mut header: Vec<String> = [
        "id",
        "label",
        "trend",
        "trendstatistiek",
        "klachten",
        "samenhang",
        "geconcentreerd in",
        "trefwoorden",
        "thema's",
        "gemeenten",
        "toelichting trend",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    header.extend(years.iter().map(|y| y.to_string()));
    row(&mut w, header)?;
    let pairs = |p: &[(String, usize)]| {
        p.iter()
            .map(|(n, c)| format!("{n} ({c})"))
            .collect::<Vec<_>>()
            .join(", ")
    };
    for s in &v.signals {
        let mut cells = vec![
            text(&s.id),
            text(&s.label),
            s.trend_label.to_lowercase(),
            dec(s.trend_statistic, 2),
            s.size.to_string(),
            dec(f64::from(s.cohesion), 2),
            text(s.concentrated_in.as_deref().unwrap_or("")),
            text(&s.keywords.join(", ")),
            text(&pairs(&s.themes)),
            text(&pairs(&s.per_municipality)),
            text(&s.trend_explanation),
        ];
        cells.extend(
            years
                .iter()
                .map(|y| s.per_year.get(y).copied().unwrap_or(0).to_string()),
        );
        row(&mut w, cells)?;
    }
    finish(w)
}

/// `complaints.csv`: `id;datum;gemeente;thema's;draad` for every complaint in the period,
/// sorted by date then id; themes `, `-joined (empty: none); `datum` is `YYYY-MM-DD`.
pub fn complaints(v: &ReportView, rows: &[ComplaintRow]) -> Result<Vec<u8>, ReportError> {
    let (from, to) = (v.period.from_year, v.period.to_year);
    let mut sorted: Vec<&ComplaintRow> = rows
        .iter()
        .filter(|c| (from..=to).contains(&chrono::Datelike::year(&c.date)))
        .collect();
    sorted.sort_by(|a, b| a.date.cmp(&b.date).then(a.id.cmp(&b.id)));
    let mut w = writer();
    row(
        &mut w,
        ["id", "datum", "gemeente", "thema's", "draad"]
            .iter()
            .map(|s| s.to_string())
            .collect(),
    )?;
    for c in sorted {
        row(
            &mut w,
            vec![
                text(&c.id),
                c.date.format("%Y-%m-%d").to_string(),
                text(&c.municipality),
                text(&c.themes.join(", ")),
                text(c.thread.as_deref().unwrap_or("")),
            ],
        )?;
    }
    finish(w)
}
