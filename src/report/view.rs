//! From [`ReportInput`] to [`ReportView`]: all counting, ordering and wording decisions.
//!
//! Why one computed view: `report.json` *is* the serialized view, and the HTML and CSV
//! renderers only read it. So every number on the page exists in `report.json` under the same
//! figure key, and the page, the CSV files and the JSON cannot disagree.
//!
//! Counting rules (also in the report's method section):
//! - Only complaints whose date falls in the report period (`from_year..=to_year`) count.
//! - A complaint counts once per year, municipality and month.
//! - A complaint with two themes counts in both theme rows (a theme listed twice counts once),
//!   so theme counts can add up to more than the number of complaints. Complaints without a
//!   theme count under [`NO_THEME`], so every complaint is in at least one theme row.
//! - Thread figures (size, per year, per municipality) are the thread finder's, as given.

use std::collections::{BTreeMap, BTreeSet};

use chrono::{Datelike, NaiveDate};
use serde::Serialize;

use super::format::{self, SlugSet};
use super::model::{CorpusInfo, ModelInfo, ReportInput, Trend};
use super::ReportError;

/// Version of the `report.json` layout; bump on incompatible changes.
pub const SCHEMA_VERSION: u32 = 1;
/// Theme column for complaints the classifier gave no theme.
pub const NO_THEME: &str = "geen thema";
/// Below this many complaints (in either year) a change is flagged as "small numbers".
pub const SMALL_NUMBERS_BELOW: usize = 10;
/// Months shown in the per-month chart.
pub const MONTHS_SHOWN: u32 = 24;
/// Representative excerpts shown per thread.
pub const EXCERPTS_SHOWN: usize = 3;
/// Longest report period accepted (a guard against a stray date like 0001-01-01).
pub const MAX_YEARS: i32 = 60;

/// Everything the report shows; serialized as `report.json`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ReportView {
    pub schema_version: u32,
    /// As passed in ([`ReportInput::generated_at`]); with `generated_at_display` the only
    /// run-dependent values.
    pub generated_at: String,
    /// `generated_at` in Dutch (`12 maart 2025 om 03:14`).
    pub generated_at_display: String,
    pub period: Period,
    /// Complaints in the period.
    pub complaints_in_period: usize,
    /// Theme columns in display order, [`NO_THEME`] last.
    pub themes: Vec<ThemeColumn>,
    /// Municipalities in display order.
    pub municipalities: Vec<NamedSlug>,
    /// Every year of the period, ascending.
    pub years: Vec<i32>,
    pub counts: Counts,
    /// All complaints, `as_of_year` against the year before.
    pub change: Change,
    /// Per theme column, `as_of_year` against the year before.
    pub theme_changes: Vec<(String, Change)>,
    /// Every number on the page, keyed as in the page's `data-figure` attributes.
    pub figures: BTreeMap<String, Figure>,
    /// Every chart on the page, keyed as in the page's `data-chart` attributes.
    pub charts: Vec<ChartData>,
    /// All threads: emerging, then growing, stable, fading; within a trend by statistic.
    pub signals: Vec<SignalView>,
    pub per_municipality: Vec<MunicipalityView>,
    pub method: MethodView,
}

/// The report period and the years compared.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Period {
    pub from_year: i32,
    pub to_year: i32,
    pub as_of_year: i32,
    pub previous_year: i32,
    /// Earliest and latest complaint date in the period; `None` without complaints.
    pub first_date: Option<NaiveDate>,
    pub last_date: Option<NaiveDate>,
    /// Set when the latest complaint in the period falls in `as_of_year` before 31 December:
    /// the year is probably incomplete and a same-period comparison is shown.
    pub same_period: Option<SamePeriod>,
}

/// 1 January up to `through` in `as_of_year`, against the same days of the year before.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SamePeriod {
    /// Date of the latest complaint in the period.
    pub through: NaiveDate,
    pub change: Change,
}

/// A theme column.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ThemeColumn {
    pub name: String,
    pub slug: String,
    /// From the configuration; `None` for themes found only in the data.
    pub description: Option<String>,
}

/// A display name with its slug (used in ids and figure keys).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct NamedSlug {
    pub name: String,
    pub slug: String,
}

/// Counts over complaints in the period. All maps have every year of the period, every theme
/// column and every municipality (zeros included), so they pivot without gaps.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Counts {
    /// Distinct complaints per year.
    pub complaints_per_year: BTreeMap<i32, usize>,
    /// Theme → year → complaints with that theme (see the module doc for multi-theme counting).
    pub theme_per_year: BTreeMap<String, BTreeMap<i32, usize>>,
    /// Municipality → year → distinct complaints.
    pub municipality_per_year: BTreeMap<String, BTreeMap<i32, usize>>,
    /// Municipality → theme → year → complaints with that theme.
    pub municipality_theme_per_year: BTreeMap<String, BTreeMap<String, BTreeMap<i32, usize>>>,
    /// The last [`MONTHS_SHOWN`] months up to the latest complaint (not before the period).
    pub complaints_per_month: Vec<MonthCount>,
}

/// Complaints in one calendar month.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MonthCount {
    /// `YYYY-MM`.
    pub month: String,
    /// Dutch short label (`mrt 2025`).
    pub label: String,
    pub complaints: usize,
}

/// A number on the page: its value for tools and the exact text the page shows.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Figure {
    /// `null` where the page shows `n.v.t.` (e.g. a percentage of zero).
    pub value: Option<FigureValue>,
    /// Exactly the text inside the page's `<span data-figure=…>`.
    pub display: String,
    /// What the number is, in Dutch.
    pub label: String,
}

/// A count or a (rounded) decimal; decimals are rounded as displayed.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[serde(untagged)]
pub enum FigureValue {
    Integer(i64),
    Decimal(f64),
}

/// Change from `previous_year` to `year`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Change {
    pub year: i32,
    pub previous_year: i32,
    pub current: usize,
    pub previous: usize,
    pub absolute: i64,
    /// Percentage, rounded to one decimal; `None` when `previous` is zero.
    pub percent: Option<f64>,
    /// Either year below [`SMALL_NUMBERS_BELOW`]: the percentage says little.
    pub small_numbers: bool,
}

impl Change {
    fn new(year: i32, previous_year: i32, current: usize, previous: usize) -> Change {
        let absolute = to_i64(current) - to_i64(previous);
        let percent = (previous > 0).then(|| round1(absolute as f64 / previous as f64 * 100.0));
        Change {
            year,
            previous_year,
            current,
            previous,
            absolute,
            percent,
            small_numbers: current.min(previous) < SMALL_NUMBERS_BELOW,
        }
    }
}

/// What kind of chart [`ChartData`] describes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ChartKind {
    /// One bar per category, one stacked segment per series; `totals` = distinct complaints
    /// per category (drawn as a marker).
    StackedBars,
    /// Rows = series, columns = categories; `totals` = distinct complaints per row, colour =
    /// share of the row's complaints.
    Heatmap,
    /// One line over the categories per series.
    Line,
    /// One small bar chart per series over the categories, each with its own y-scale.
    SmallMultiples,
}

/// The data behind one chart.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ChartData {
    /// Value of the page's `data-chart` attribute.
    pub id: String,
    pub title: String,
    /// Sentence under the chart: how to read it.
    pub caption: String,
    pub kind: ChartKind,
    pub x_title: String,
    pub y_title: String,
    pub categories: Vec<String>,
    pub series: Vec<Series>,
    pub totals: Option<Vec<usize>>,
}

/// One series: a value per category.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Series {
    pub name: String,
    pub values: Vec<usize>,
    /// For thread timelines: the thread's trend (sets the colour).
    pub trend: Option<Trend>,
}

/// A thread as shown under "Signalen".
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SignalView {
    pub id: String,
    /// Anchor slug (`draad-<slug>`) and figure-key part.
    pub slug: String,
    pub label: String,
    pub keywords: Vec<String>,
    pub size: usize,
    pub trend: Trend,
    /// Dutch trend label (`Opkomend`).
    pub trend_label: String,
    pub trend_statistic: f64,
    pub trend_explanation: String,
    pub per_year: BTreeMap<i32, usize>,
    /// Most complaints first.
    pub per_municipality: Vec<(String, usize)>,
    pub concentrated_in: Option<String>,
    /// Most complaints first.
    pub themes: Vec<(String, usize)>,
    pub cohesion: f32,
    /// The first [`EXCERPTS_SHOWN`] representatives, as given (already redacted).
    pub representatives: Vec<super::model::Excerpt>,
}

/// One municipality's section.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MunicipalityView {
    pub name: String,
    pub slug: String,
    pub complaints: usize,
    /// `as_of_year` against the year before.
    pub change: Change,
    /// Per theme column, `as_of_year` against the year before.
    pub theme_changes: Vec<(String, Change)>,
    /// Threads with complaints here: emerging and growing first, then by count here.
    pub threads: Vec<MunicipalityThread>,
    /// Id of its themes-per-year chart; `None` without complaints.
    pub chart: Option<String>,
}

/// A thread's presence in one municipality.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MunicipalityThread {
    pub id: String,
    pub slug: String,
    pub label: String,
    pub trend: Trend,
    /// Complaints of the thread in this municipality (thread finder's count).
    pub complaints_here: usize,
    /// The thread finder marked the thread as concentrated here.
    pub concentrated_here: bool,
}

/// "Hoe dit rapport is gemaakt".
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MethodView {
    pub corpus: CorpusInfo,
    pub model: ModelInfo,
    /// Stored complaints outside the report period (store total minus period count).
    pub outside_period: usize,
    /// How the numbers were counted, in Dutch, one sentence each.
    pub counting_rules: Vec<String>,
    /// What the numbers cannot say, in Dutch, one paragraph each.
    pub caveats: Vec<String>,
}

/// Builds the view. Pure: no clock, no file system.
///
/// Errors ([`ReportError::InvalidInput`]): duplicate complaint or thread ids, `from_year >
/// to_year`, or a period longer than [`MAX_YEARS`]. Empty input is valid: the view then has
/// zero counts, no charts and the report says there were no complaints.
pub fn build_view(input: &ReportInput) -> Result<ReportView, ReportError> {
    validate_ids(input)?;
    let (from_year, to_year) = period_years(input)?;
    let years: Vec<i32> = (from_year..=to_year).collect();
    let as_of = input.as_of_year;
    let prev = as_of - 1;

    let in_period: Vec<&super::model::ComplaintRow> = input
        .complaints
        .iter()
        .filter(|c| (from_year..=to_year).contains(&c.date.year()))
        .collect();

    // Theme columns: configured order, then data-only themes alphabetically, then NO_THEME.
    let mut slugs = SlugSet::default();
    let mut themes: Vec<ThemeColumn> = Vec::new();
    let mut seen: BTreeSet<&str> = BTreeSet::new();
    for t in &input.themes {
        if t.name != NO_THEME && seen.insert(t.name.as_str()) {
            themes.push(ThemeColumn {
                name: t.name.clone(),
                slug: slugs.unique(&t.name),
                description: Some(t.description.clone()),
            });
        }
    }
    let extra: BTreeSet<&str> = in_period
        .iter()
        .flat_map(|c| c.themes.iter().map(String::as_str))
        .filter(|t| *t != NO_THEME && !seen.contains(t))
        .collect();
    for t in extra {
        themes.push(ThemeColumn {
            name: t.to_string(),
            slug: slugs.unique(t),
            description: None,
        });
    }
    themes.push(ThemeColumn {
        name: NO_THEME.to_string(),
        slug: slugs.unique(NO_THEME),
        description: Some("Klachten waaraan de classificatie geen thema toekende.".to_string()),
    });

    // Municipalities: configured order, then data-only ones alphabetically.
    let mut mslugs = SlugSet::default();
    let mut municipalities: Vec<NamedSlug> = Vec::new();
    let mut mseen: BTreeSet<&str> = BTreeSet::new();
    for m in &input.municipalities {
        if mseen.insert(m.as_str()) {
            municipalities.push(NamedSlug {
                name: m.clone(),
                slug: mslugs.unique(m),
            });
        }
    }
    let mextra: BTreeSet<&str> = in_period
        .iter()
        .map(|c| c.municipality.as_str())
        .filter(|m| !mseen.contains(m))
        .collect();
    for m in mextra {
        municipalities.push(NamedSlug {
            name: m.to_string(),
            slug: mslugs.unique(m),
        });
    }

    let counts = count(&in_period, &years, &themes, &municipalities);
    let first_date = in_period.iter().map(|c| c.date).min();
    let last_date = in_period.iter().map(|c| c.date).max();
    let same_period = last_date
        .filter(|d| d.year() == as_of && (d.month(), d.day()) != (12, 31))
        .map(|through| {
            let md = (through.month(), through.day());
            let upto = |y: i32| {
                in_period
                    .iter()
                    .filter(|c| c.date.year() == y && (c.date.month(), c.date.day()) <= md)
                    .count()
            };
            SamePeriod {
                through,
                change: Change::new(as_of, prev, upto(as_of), upto(prev)),
            }
        });
    let period = Period {
        from_year,
        to_year,
        as_of_year: as_of,
        previous_year: prev,
        first_date,
        last_date,
        same_period,
    };

    let year_count = |m: &BTreeMap<i32, usize>, y: i32| m.get(&y).copied().unwrap_or(0);
    let signals = signals(input);
    let per_municipality: Vec<MunicipalityView> = municipalities
        .iter()
        .map(|m| {
            let per_year = &counts.municipality_per_year[&m.name];
            let per_theme = &counts.municipality_theme_per_year[&m.name];
            let complaints: usize = per_year.values().sum();
            let mut threads: Vec<MunicipalityThread> = signals
                .iter()
                .filter_map(|s| {
                    let here = s
                        .per_municipality
                        .iter()
                        .find(|(name, _)| *name == m.name)
                        .map(|(_, n)| *n)
                        .unwrap_or(0);
                    (here > 0).then(|| MunicipalityThread {
                        id: s.id.clone(),
                        slug: s.slug.clone(),
                        label: s.label.clone(),
                        trend: s.trend,
                        complaints_here: here,
                        concentrated_here: s.concentrated_in.as_deref() == Some(m.name.as_str()),
                    })
                })
                .collect();
            threads.sort_by(|a, b| {
                a.trend
                    .rank()
                    .cmp(&b.trend.rank())
                    .then(b.complaints_here.cmp(&a.complaints_here))
                    .then(a.id.cmp(&b.id))
            });
            MunicipalityView {
                name: m.name.clone(),
                slug: m.slug.clone(),
                complaints,
                change: Change::new(
                    as_of,
                    prev,
                    year_count(per_year, as_of),
                    year_count(per_year, prev),
                ),
                theme_changes: themes
                    .iter()
                    .map(|t| {
                        let ty = &per_theme[&t.name];
                        (
                            t.name.clone(),
                            Change::new(as_of, prev, year_count(ty, as_of), year_count(ty, prev)),
                        )
                    })
                    .collect(),
                threads,
                chart: (complaints > 0).then(|| format!("municipality_{}_themes_per_year", m.slug)),
            }
        })
        .collect();

    let complaints_in_period = in_period.len();
    let change = Change::new(
        as_of,
        prev,
        year_count(&counts.complaints_per_year, as_of),
        year_count(&counts.complaints_per_year, prev),
    );
    let theme_changes = themes
        .iter()
        .map(|t| {
            let ty = &counts.theme_per_year[&t.name];
            (
                t.name.clone(),
                Change::new(as_of, prev, year_count(ty, as_of), year_count(ty, prev)),
            )
        })
        .collect();
    let mut view = ReportView {
        schema_version: SCHEMA_VERSION,
        generated_at: input.generated_at.clone(),
        generated_at_display: format::timestamp(&input.generated_at),
        period,
        complaints_in_period,
        themes,
        municipalities,
        years,
        counts,
        change,
        theme_changes,
        figures: BTreeMap::new(),
        charts: Vec::new(),
        signals,
        per_municipality,
        method: MethodView {
            corpus: input.corpus.clone(),
            model: input.model.clone(),
            outside_period: input
                .corpus
                .total_complaints
                .saturating_sub(complaints_in_period),
            counting_rules: Vec::new(),
            caveats: Vec::new(),
        },
    };
    view.figures = figures(&view);
    view.charts = charts(&view);
    view.method.counting_rules = counting_rules(&view);
    view.method.caveats = caveats(&view);
    Ok(view)
}

fn validate_ids(input: &ReportInput) -> Result<(), ReportError> {
    let mut ids = BTreeSet::new();
    for c in &input.complaints {
        if !ids.insert(c.id.as_str()) {
            return Err(ReportError::InvalidInput(format!(
                "complaint id {:?} occurs twice",
                c.id
            )));
        }
    }
    let mut tids = BTreeSet::new();
    for t in &input.threads {
        if !tids.insert(t.id.as_str()) {
            return Err(ReportError::InvalidInput(format!(
                "thread id {:?} occurs twice",
                t.id
            )));
        }
    }
    Ok(())
}

fn period_years(input: &ReportInput) -> Result<(i32, i32), ReportError> {
    let first = input.complaints.iter().map(|c| c.date.year()).min();
    let last = input.complaints.iter().map(|c| c.date.year()).max();
    let from = input.from_year.or(first).unwrap_or(input.as_of_year);
    let to = input.to_year.unwrap_or_else(|| {
        last.unwrap_or(input.as_of_year)
            .max(input.as_of_year)
            .max(from)
    });
    if from > to {
        return Err(ReportError::InvalidInput(format!(
            "from_year {from} is after to_year {to}"
        )));
    }
    if to - from >= MAX_YEARS {
        return Err(ReportError::InvalidInput(format!(
            "period {from}–{to} spans more than {MAX_YEARS} years; set from_year (is there a stray date?)"
        )));
    }
    Ok((from, to))
}

fn count(
    complaints: &[&super::model::ComplaintRow],
    years: &[i32],
    themes: &[ThemeColumn],
    municipalities: &[NamedSlug],
) -> Counts {
    let zero_years: BTreeMap<i32, usize> = years.iter().map(|y| (*y, 0)).collect();
    let zero_themes: BTreeMap<String, BTreeMap<i32, usize>> = themes
        .iter()
        .map(|t| (t.name.clone(), zero_years.clone()))
        .collect();
    let mut c = Counts {
        complaints_per_year: zero_years.clone(),
        theme_per_year: zero_themes.clone(),
        municipality_per_year: municipalities
            .iter()
            .map(|m| (m.name.clone(), zero_years.clone()))
            .collect(),
        municipality_theme_per_year: municipalities
            .iter()
            .map(|m| (m.name.clone(), zero_themes.clone()))
            .collect(),
        complaints_per_month: Vec::new(),
    };
    let mut months: BTreeMap<(i32, u32), usize> = BTreeMap::new();
    for k in complaints {
        let y = k.date.year();
        *c.complaints_per_year.entry(y).or_default() += 1;
        *c.municipality_per_year
            .entry(k.municipality.clone())
            .or_default()
            .entry(y)
            .or_default() += 1;
        *months.entry((y, k.date.month())).or_default() += 1;
        let own: BTreeSet<&str> = k.themes.iter().map(String::as_str).collect();
        let own: Vec<&str> = if own.is_empty() {
            vec![NO_THEME]
        } else {
            own.into_iter().collect()
        };
        for t in own {
            *c.theme_per_year
                .entry(t.to_string())
                .or_default()
                .entry(y)
                .or_default() += 1;
            *c.municipality_theme_per_year
                .entry(k.municipality.clone())
                .or_default()
                .entry(t.to_string())
                .or_default()
                .entry(y)
                .or_default() += 1;
        }
    }
    if let (Some(&(ly, lm)), Some(&first_year)) = (months.keys().next_back(), years.first()) {
        let last_index = ly * 12 + lm as i32 - 1;
        let start = (last_index - MONTHS_SHOWN as i32 + 1).max(first_year * 12);
        for i in start..=last_index {
            let (y, m) = (i.div_euclid(12), i.rem_euclid(12) as u32 + 1);
            c.complaints_per_month.push(MonthCount {
                month: format!("{y:04}-{m:02}"),
                label: format::month_short(y, m),
                complaints: months.get(&(y, m)).copied().unwrap_or(0),
            });
        }
    }
    c
}

fn signals(input: &ReportInput) -> Vec<SignalView> {
    let mut threads: Vec<&super::model::ThreadRow> = input.threads.iter().collect();
    threads.sort_by(|a, b| {
        a.trend
            .rank()
            .cmp(&b.trend.rank())
            .then(b.trend_statistic.total_cmp(&a.trend_statistic))
            .then(b.size.cmp(&a.size))
            .then(a.id.cmp(&b.id))
    });
    let mut slugs = SlugSet::default();
    threads
        .into_iter()
        .map(|t| {
            let mut per_municipality: Vec<(String, usize)> = t
                .per_municipality
                .iter()
                .filter(|(_, n)| **n > 0)
                .map(|(m, n)| (m.clone(), *n))
                .collect();
            per_municipality.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
            let mut themes: Vec<(String, usize)> = t
                .themes
                .iter()
                .filter(|(_, n)| **n > 0)
                .map(|(m, n)| (m.clone(), *n))
                .collect();
            themes.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
            SignalView {
                id: t.id.clone(),
                slug: slugs.unique(&t.id),
                label: t.label.clone(),
                keywords: t.keywords.clone(),
                size: t.size,
                trend: t.trend,
                trend_label: t.trend.label_nl().to_string(),
                trend_statistic: t.trend_statistic,
                trend_explanation: t.trend_explanation.clone(),
                per_year: t.per_year.clone(),
                per_municipality,
                concentrated_in: t.concentrated_in.clone(),
                themes,
                cohesion: t.cohesion,
                representatives: t
                    .representatives
                    .iter()
                    .take(EXCERPTS_SHOWN)
                    .cloned()
                    .collect(),
            }
        })
        .collect()
}

struct FigureSink(BTreeMap<String, Figure>);

impl FigureSink {
    fn count(&mut self, key: String, n: usize, label: String) {
        self.0.insert(
            key,
            Figure {
                value: Some(FigureValue::Integer(to_i64(n))),
                display: format::count(n),
                label,
            },
        );
    }

    fn decimal(&mut self, key: String, x: f64, decimals: usize, label: String) {
        // Display the rounded value so that `display` and `value` agree even at ties.
        let rounded = round_to(x, decimals);
        let value = rounded.is_finite().then_some(FigureValue::Decimal(rounded));
        self.0.insert(
            key,
            Figure {
                value,
                display: format::decimal(rounded, decimals),
                label,
            },
        );
    }

    /// `<prefix>_change_abs` and `<prefix>_change_pct`.
    fn change(&mut self, prefix: &str, c: &Change, what: &str) {
        self.0.insert(
            format!("{prefix}_change_abs"),
            Figure {
                value: Some(FigureValue::Integer(c.absolute)),
                display: format::signed_int(c.absolute),
                label: format!("{what}: verschil {} t.o.v. {}", c.year, c.previous_year),
            },
        );
        self.0.insert(
            format!("{prefix}_change_pct"),
            Figure {
                value: c.percent.map(FigureValue::Decimal),
                display: format::signed_percent(c.percent),
                label: format!(
                    "{what}: verschil {} t.o.v. {} in procenten",
                    c.year, c.previous_year
                ),
            },
        );
    }
}

/// Figure keys (all lowercase ASCII):
/// `complaints_total`, `complaints_<year>`, `complaints_change_abs|pct` (as-of vs previous),
/// `complaints_<year>_change_abs|pct`, `theme_<t>_total|<year>|change_abs|change_pct`,
/// `municipality_<m>_total|<year>|change_abs|change_pct`,
/// `municipality_<m>_theme_<t>_<year>|change_abs|change_pct`, `ytd_current|ytd_previous|ytd_change_*`
/// (only for an incomplete as-of year), `threads_total`, `signals_total`,
/// `thread_<slug>_size|trend_statistic|cohesion`, `corpus_total`, `corpus_rejected`,
/// `corpus_outside_period`, `eval_macro_f1|micro_f1|baseline_macro_f1`,
/// `eval_<t>_precision|recall|f1|support`.
fn figures(v: &ReportView) -> BTreeMap<String, Figure> {
    let mut f = FigureSink(BTreeMap::new());
    let p = &v.period;
    let (as_of, prev) = (p.as_of_year, p.previous_year);
    let yc = |m: &BTreeMap<i32, usize>, y: i32| m.get(&y).copied().unwrap_or(0);
    let span = format!("{}–{}", p.from_year, p.to_year);

    // Per-year keys exist for every year of the period and for the two compared years (which
    // may lie outside it; then they are 0).
    let fig_years: BTreeSet<i32> = v.years.iter().copied().chain([prev, as_of]).collect();
    f.count(
        "complaints_total".into(),
        v.complaints_in_period,
        format!("Klachten {span}"),
    );
    for y in &fig_years {
        f.count(
            format!("complaints_{y}"),
            yc(&v.counts.complaints_per_year, *y),
            format!("Klachten in {y}"),
        );
    }
    for y in v.years.iter().skip(1) {
        let c = Change::new(
            *y,
            y - 1,
            yc(&v.counts.complaints_per_year, *y),
            yc(&v.counts.complaints_per_year, y - 1),
        );
        f.change(&format!("complaints_{y}"), &c, &format!("Klachten {y}"));
    }
    f.change("complaints", &v.change, "Klachten");

    for (t, (_, c)) in v.themes.iter().zip(&v.theme_changes) {
        let ty = &v.counts.theme_per_year[&t.name];
        let key = format!("theme_{}", t.slug);
        f.count(
            format!("{key}_total"),
            ty.values().sum(),
            format!("Klachten met thema {} {span}", t.name),
        );
        for y in &fig_years {
            f.count(
                format!("{key}_{y}"),
                yc(ty, *y),
                format!("Klachten met thema {} in {y}", t.name),
            );
        }
        f.change(&key, c, &format!("Thema {}", t.name));
    }

    for (m, mv) in v.municipalities.iter().zip(&v.per_municipality) {
        let my = &v.counts.municipality_per_year[&m.name];
        let key = format!("municipality_{}", m.slug);
        f.count(
            format!("{key}_total"),
            mv.complaints,
            format!("Klachten uit {} {span}", m.name),
        );
        for y in &fig_years {
            f.count(
                format!("{key}_{y}"),
                yc(my, *y),
                format!("Klachten uit {} in {y}", m.name),
            );
        }
        f.change(&key, &mv.change, &m.name);
        for (t, (_, c)) in v.themes.iter().zip(&mv.theme_changes) {
            let ty = &v.counts.municipality_theme_per_year[&m.name][&t.name];
            let tkey = format!("{key}_theme_{}", t.slug);
            for y in &fig_years {
                f.count(
                    format!("{tkey}_{y}"),
                    yc(ty, *y),
                    format!("{}, thema {}, {y}", m.name, t.name),
                );
            }
            f.change(&tkey, c, &format!("{}, thema {}", m.name, t.name));
        }
    }

    if let Some(sp) = &p.same_period {
        let (through, c) = (sp.through, &sp.change);
        let d = format::date(through);
        f.count(
            "ytd_current".into(),
            c.current,
            format!("Klachten 1 januari t/m {d}"),
        );
        f.count(
            "ytd_previous".into(),
            c.previous,
            format!(
                "Klachten in {prev} over dezelfde periode (t/m {} {})",
                through.day(),
                month_name(through)
            ),
        );
        f.change("ytd", c, "Klachten over dezelfde periode");
    }

    f.count(
        "threads_total".into(),
        v.signals.len(),
        "Rode draden".into(),
    );
    f.count(
        "signals_total".into(),
        v.signals.iter().filter(|s| s.trend.is_signal()).count(),
        "Rode draden die opkomen of groeien".into(),
    );
    for s in &v.signals {
        let key = format!("thread_{}", s.slug);
        f.count(
            format!("{key}_size"),
            s.size,
            format!("Klachten in rode draad {}", s.id),
        );
        f.decimal(
            format!("{key}_trend_statistic"),
            s.trend_statistic,
            2,
            format!("Trendstatistiek van {}", s.id),
        );
        f.decimal(
            format!("{key}_cohesion"),
            f64::from(s.cohesion),
            2,
            format!("Samenhang van {}", s.id),
        );
    }

    let corpus = &v.method.corpus;
    f.count(
        "corpus_total".into(),
        corpus.total_complaints,
        "Opgeslagen klachten (alle jaren)".into(),
    );
    f.count(
        "corpus_rejected".into(),
        corpus.rejected_total,
        "Afgewezen records".into(),
    );
    f.count(
        "corpus_outside_period".into(),
        v.method.outside_period,
        "Opgeslagen klachten buiten de rapportperiode".into(),
    );
    if let Some(e) = &v.method.model.evaluation {
        f.decimal(
            "eval_macro_f1".into(),
            e.macro_f1,
            2,
            "Macro-F1 van de classificatie".into(),
        );
        f.decimal(
            "eval_micro_f1".into(),
            e.micro_f1,
            2,
            "Micro-F1 van de classificatie".into(),
        );
        if let Some(b) = e.baseline_macro_f1 {
            f.decimal(
                "eval_baseline_macro_f1".into(),
                b,
                2,
                "Macro-F1 van de eenvoudige vergelijkingsmethode".into(),
            );
        }
        let mut eslugs = SlugSet::default();
        for s in &e.per_theme {
            let key = format!("eval_{}", eslugs.unique(&s.theme));
            f.decimal(
                format!("{key}_precision"),
                s.precision,
                2,
                format!("Precisie thema {}", s.theme),
            );
            f.decimal(
                format!("{key}_recall"),
                s.recall,
                2,
                format!("Recall thema {}", s.theme),
            );
            f.decimal(
                format!("{key}_f1"),
                s.f1,
                2,
                format!("F1 thema {}", s.theme),
            );
            f.count(
                format!("{key}_support"),
                s.support,
                format!("Testvoorbeelden thema {}", s.theme),
            );
        }
    }
    f.0
}

fn month_name(d: NaiveDate) -> String {
    format::date(d)
        .split(' ')
        .nth(1)
        .unwrap_or_default()
        .to_string()
}

fn charts(v: &ReportView) -> Vec<ChartData> {
    let mut out = Vec::new();
    if v.complaints_in_period == 0 {
        return out;
    }
    let year_labels: Vec<String> = v.years.iter().map(|y| y.to_string()).collect();
    let yc = |m: &BTreeMap<i32, usize>, y: i32| m.get(&y).copied().unwrap_or(0);
    let stacked = |id: String,
                   title: String,
                   per_theme: &BTreeMap<String, BTreeMap<i32, usize>>,
                   per_year: &BTreeMap<i32, usize>| {
        ChartData {
        id,
        title,
        caption: "Elke staaf is een jaar, elk kleurvlak een thema. Een klacht met twee thema's telt bij \
                  beide mee, dus een staaf kan boven het aantal klachten uitkomen; de zwarte stip en \
                  het getal erboven geven het aantal klachten (elke klacht één keer)."
            .into(),
        kind: ChartKind::StackedBars,
        x_title: "Jaar".into(),
        y_title: "Klachten".into(),
        categories: year_labels.clone(),
        series: v
            .themes
            .iter()
            .map(|t| Series {
                name: t.name.clone(),
                values: v.years.iter().map(|y| yc(&per_theme[&t.name], *y)).collect(),
                trend: None,
            })
            .collect(),
        totals: Some(v.years.iter().map(|y| yc(per_year, *y)).collect()),
    }
    };
    out.push(stacked(
        "themes_per_year".into(),
        format!(
            "Thema's per jaar, {}–{}",
            v.period.from_year, v.period.to_year
        ),
        &v.counts.theme_per_year,
        &v.counts.complaints_per_year,
    ));
    out.push(ChartData {
        id: "municipality_theme".into(),
        title: format!("Gemeente × thema, {}–{}", v.period.from_year, v.period.to_year),
        caption: "Het getal is het aantal klachten met dat thema; de kleur is het aandeel van de klachten \
                  van die gemeente, zodat kleine en grote gemeenten vergelijkbaar zijn."
            .into(),
        kind: ChartKind::Heatmap,
        x_title: "Thema".into(),
        y_title: "Gemeente".into(),
        categories: v.themes.iter().map(|t| t.name.clone()).collect(),
        series: v
            .municipalities
            .iter()
            .map(|m| Series {
                name: m.name.clone(),
                values: v
                    .themes
                    .iter()
                    .map(|t| v.counts.municipality_theme_per_year[&m.name][&t.name].values().sum())
                    .collect(),
                trend: None,
            })
            .collect(),
        totals: Some(v.per_municipality.iter().map(|m| m.complaints).collect()),
    });
    let months = &v.counts.complaints_per_month;
    out.push(ChartData {
        id: "complaints_per_month".into(),
        title: format!(
            "Klachten per maand, {} t/m {}",
            months.first().map(|m| m.label.as_str()).unwrap_or(""),
            months.last().map(|m| m.label.as_str()).unwrap_or("")
        ),
        caption: format!(
            "De laatste {} maanden tot en met de maand van de laatste klacht (niet vóór de rapportperiode). \
             De laatste maand kan onvolledig zijn.",
            months.len()
        ),
        kind: ChartKind::Line,
        x_title: "Maand".into(),
        y_title: "Klachten".into(),
        categories: months.iter().map(|m| m.label.clone()).collect(),
        series: vec![Series {
            name: "Klachten".into(),
            values: months.iter().map(|m| m.complaints).collect(),
            trend: None,
        }],
        totals: None,
    });
    if !v.signals.is_empty() {
        out.push(ChartData {
            id: "thread_timelines".into(),
            title: "Tijdlijn per rode draad".into(),
            caption: "Eén klein diagram per draad: klachten per jaar volgens de draadzoeker, gekleurd naar \
                      trend. Let op: elk diagram heeft een eigen verticale schaal."
                .into(),
            kind: ChartKind::SmallMultiples,
            x_title: "Jaar".into(),
            y_title: "Klachten".into(),
            categories: year_labels.clone(),
            series: v
                .signals
                .iter()
                .map(|s| Series {
                    name: s.label.clone(),
                    values: v.years.iter().map(|y| yc(&s.per_year, *y)).collect(),
                    trend: Some(s.trend),
                })
                .collect(),
            totals: None,
        });
    }
    for m in &v.per_municipality {
        if let Some(id) = &m.chart {
            out.push(stacked(
                id.clone(),
                format!("{}: thema's per jaar", m.name),
                &v.counts.municipality_theme_per_year[&m.name],
                &v.counts.municipality_per_year[&m.name],
            ));
        }
    }
    out
}

fn counting_rules(v: &ReportView) -> Vec<String> {
    let p = &v.period;
    vec![
        format!(
            "Alleen klachten met een klachtdatum in {}–{} tellen mee; elke klacht telt één keer per jaar, \
             gemeente en maand.",
            p.from_year, p.to_year
        ),
        format!(
            "Een klacht met meer thema's telt bij elk van die thema's mee. Klachten zonder thema tellen onder \
             '{NO_THEME}', zodat elke klacht in minstens één themarij staat en de kolom 'klachten' (elke \
             klacht één keer) gelijk is aan het aantal klachten."
        ),
        format!(
            "'Verschil' vergelijkt {} met {}: in aantallen en in procenten van {}. Zonder klachten in {} is \
             er geen percentage (n.v.t.).",
            p.as_of_year, p.previous_year, p.previous_year, p.previous_year
        ),
        "Rode draden, hun omvang, verdeling over jaren en gemeenten en hun trend komen van de draadzoeker; \
         het rapport telt ze niet opnieuw."
            .to_string(),
    ]
}

fn caveats(v: &ReportView) -> Vec<String> {
    let p = &v.period;
    let mut out = vec![
        "Klachten zijn geen maat voor hoe vaak iets misgaat. Een stijging kan ook komen door meer \
         bekendheid van de ombudsman, een campagne, een nieuwe manier van klagen of een andere \
         registratie; een daling betekent niet dat het probleem is opgelost."
            .to_string(),
        format!(
            "Thema's zijn toegekend door een classificatiemodel, niet door een mens. Het model maakt \
             fouten (zie de kwaliteit hierboven): bij een lage recall worden klachten gemist, bij een \
             lage precisie worden er te veel meegeteld. Een klacht kan meer dan één thema hebben en telt \
             dan bij elk thema mee; de thema's tellen daardoor samen op tot meer dan het aantal klachten. \
             Klachten zonder thema staan onder '{NO_THEME}'."
        ),
    ];
    if v.method.model.evaluation.is_none() {
        out.push(
            "Voor deze classificatie is nog geen evaluatie beschikbaar: de kwaliteit van de thema's is \
             onbekend. Gebruik de themacijfers alleen als grove aanwijzing."
                .to_string(),
        );
    }
    out.push(
        "Rode draden zijn suggesties van een algoritme. Ze bundelen klachten die in woordgebruik op \
         elkaar lijken; dat betekent niet dat ze één oorzaak hebben. Een onderzoeker moet elke draad \
         beoordelen — de klachten lezen, de oorzaak nagaan — voordat er conclusies aan worden verbonden \
         of een gemeente wordt aangesproken. Het trendlabel (opkomend, groeiend, stabiel, afnemend) is een \
         statistische aanwijzing, geen vaststelling."
            .to_string(),
    );
    let small: Vec<&str> = v
        .per_municipality
        .iter()
        .filter(|m| m.change.small_numbers)
        .map(|m| m.name.as_str())
        .collect();
    let small_text = if small.is_empty() {
        String::new()
    } else {
        format!(
            " In {} ging het in {} of {} om minder dan {SMALL_NUMBERS_BELOW} klachten.",
            join_nl(&small),
            p.previous_year,
            p.as_of_year
        )
    };
    out.push(format!(
        "Kleine aantallen: bij een paar klachten springen percentages snel alle kanten op en zeggen ze \
         weinig.{small_text} Veranderingen op basis van minder dan {SMALL_NUMBERS_BELOW} klachten zijn in \
         de tabellen gemarkeerd met *."
    ));
    if let Some(through) = p.same_period.as_ref().map(|sp| sp.through) {
        out.push(format!(
            "{} is nog niet compleet: de laatste klacht in dit rapport is van {}. De vergelijking met {} \
             over het hele jaar onderschat daarom het lopende jaar; vergelijk ook de cijfers over dezelfde \
             periode bij de kerncijfers.",
            p.as_of_year,
            format::date(through),
            p.previous_year
        ));
    }
    if v.method.corpus.rejected_total > 0 {
        out.push(format!(
            "{} aangeleverde records konden niet worden ingelezen (bijvoorbeeld door een ontbrekende datum \
             of gemeente) en tellen nergens mee.",
            format::count(v.method.corpus.rejected_total)
        ));
    }
    if v.method.outside_period > 0 {
        out.push(format!(
            "Van de {} opgeslagen klachten vallen er {} buiten de rapportperiode {}–{}; die tellen hier \
             niet mee.",
            format::count(v.method.corpus.total_complaints),
            format::count(v.method.outside_period),
            p.from_year,
            p.to_year
        ));
    }
    out.push(
        "Jaar en maand zijn die van de klachtdatum (ontvangst), niet van het moment waarop het probleem \
         ontstond. Aantallen per draad komen van de draadzoeker en kunnen klachten van buiten de \
         rapportperiode bevatten."
            .to_string(),
    );
    out.push(
        "De fragmenten zijn automatisch geanonimiseerd ([NAAM], [BSN] enzovoort). Anonimisering kan iets \
         missen: deel dit rapport niet buiten de organisatie zonder de fragmenten na te lezen."
            .to_string(),
    );
    out
}

/// `a`, `a en b`, `a, b en c`.
pub(crate) fn join_nl(items: &[&str]) -> String {
    match items {
        [] => String::new(),
        [one] => (*one).to_string(),
        [init @ .., last] => format!("{} en {}", init.join(", "), last),
    }
}

fn to_i64(n: usize) -> i64 {
    i64::try_from(n).unwrap_or(i64::MAX)
}

fn round1(x: f64) -> f64 {
    round_to(x, 1)
}

fn round_to(x: f64, decimals: usize) -> f64 {
    let f = 10f64.powi(decimals as i32);
    (x * f).round() / f
}
