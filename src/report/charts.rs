//! SVG charts from [`ChartData`], drawn with `plotters`' SVG backend.
//!
//! Why plotters: it gives real axes, "nice" ticks, gridlines and text placement for free and
//! writes plain SVG strings (no fonts, no files, no C libraries with `default-features = false`).
//! Legends are drawn by hand in a strip next to the plot, so that they never cover data and look
//! the same in every chart. Plotters escapes all text it writes.
//!
//! Post-processing: the `xmlns` attribute (an `http://` string) is dropped because inline SVG in
//! HTML5 does not need it and the report must contain no URLs; the root gets `role="img"`, an
//! `aria-label` and a `<title>` and scales with the page through CSS (`.chart-svg`).
//!
//! Every data value > 0 becomes at least one mark (`<rect>` for bars and heatmap cells,
//! `<circle>` for points), which the Chromium test counts.

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::format;
use super::model::Trend;
use super::view::{ChartData, ChartKind, NO_THEME};
use super::ReportError;

/// Width of every chart in SVG pixels (the page scales it down to fit).
pub const WIDTH: u32 = 960;
const LEGEND_W: u32 = 190;
const TEXT: RGBColor = RGBColor(0x33, 0x33, 0x33);
const GRID: RGBColor = RGBColor(0xDD, 0xDD, 0xDD);
const AXIS: RGBColor = RGBColor(0x66, 0x66, 0x66);
const NO_THEME_COLOUR: RGBColor = RGBColor(0xB0, 0xB0, 0xB0);
/// Colour-blind-safe (Okabe–Ito first), print-safe series colours.
const PALETTE: [RGBColor; 10] = [
    RGBColor(0x00, 0x72, 0xB2),
    RGBColor(0xE6, 0x9F, 0x00),
    RGBColor(0x00, 0x9E, 0x73),
    RGBColor(0xCC, 0x79, 0xA7),
    RGBColor(0x56, 0xB4, 0xE9),
    RGBColor(0xD5, 0x5E, 0x00),
    RGBColor(0x8C, 0x6D, 0x31),
    RGBColor(0x7F, 0x3C, 0x8D),
    RGBColor(0x1B, 0x9E, 0x9E),
    RGBColor(0x99, 0x99, 0x33),
];

/// Colour of series `index` named `name` (grey for [`NO_THEME`]).
pub fn series_colour(index: usize, name: &str) -> RGBColor {
    if name == NO_THEME {
        NO_THEME_COLOUR
    } else {
        PALETTE[index % PALETTE.len()]
    }
}

/// Colour of a thread trend.
pub fn trend_colour(t: Trend) -> RGBColor {
    match t {
        Trend::Emerging => RGBColor(0xD5, 0x5E, 0x00),
        Trend::Growing => RGBColor(0xE6, 0x9F, 0x00),
        Trend::Stable => RGBColor(0x00, 0x72, 0xB2),
        Trend::Fading => RGBColor(0x8A, 0x8A, 0x8A),
    }
}

/// `#rrggbb` for CSS.
pub fn css_hex(c: RGBColor) -> String {
    format!("#{:02x}{:02x}{:02x}", c.0, c.1, c.2)
}

/// Renders `chart` as one `<svg>` element (no XML prolog, no `xmlns`). Pure.
///
/// Errors: [`ReportError::Chart`] when plotters fails (it only fails on impossible layouts,
/// e.g. a drawing area of zero size).
pub fn render_svg(chart: &ChartData) -> Result<String, ReportError> {
    let mut svg = String::new();
    let (w, h) = size(chart);
    {
        let root = SVGBackend::with_string(&mut svg, (w, h)).into_drawing_area();
        let err = |e: &dyn std::fmt::Display| ReportError::Chart {
            chart: chart.id.clone(),
            message: e.to_string(),
        };
        root.fill(&WHITE).map_err(|e| err(&e))?;
        match chart.kind {
            ChartKind::StackedBars => stacked_bars(&root, chart),
            ChartKind::Heatmap => heatmap(&root, chart),
            ChartKind::Line => line(&root, chart),
            ChartKind::SmallMultiples => small_multiples(&root, chart),
        }
        .map_err(|e| err(&e))?;
        root.present().map_err(|e| err(&e))?;
    }
    Ok(finish(svg, chart, (w, h)))
}

type DrawResult = Result<(), Box<dyn std::error::Error>>;

fn size(chart: &ChartData) -> (u32, u32) {
    let h = match chart.kind {
        ChartKind::StackedBars => 380,
        ChartKind::Line => 340,
        ChartKind::Heatmap => 110 + 40 * chart.series.len().max(1) as u32,
        ChartKind::SmallMultiples => {
            let (rows, _) = grid(chart.series.len());
            40 + 230 * rows
        }
    };
    (WIDTH, h)
}

fn grid(n: usize) -> (u32, u32) {
    let cols = n.clamp(1, 3) as u32;
    let rows = (n as u32).div_ceil(cols).max(1);
    (rows, cols)
}

/// Font whose rendered size is `px` CSS pixels (the SVG backend divides sizes by 1.24).
fn font(px: f64) -> FontDesc<'static> {
    ("sans-serif", px * 1.24).into_font()
}

fn text_style(px: f64) -> TextStyle<'static> {
    font(px).color(&TEXT)
}

fn nice_max(v: i64) -> i64 {
    if v <= 0 {
        return 1;
    }
    let raw = (v as f64 * 1.15).ceil().max(v as f64 + 1.0);
    let mag = 10f64.powf(raw.log10().floor() - 1.0).max(1.0);
    ((raw / mag).ceil() * mag) as i64
}

/// `n` categories as segments `0..n` (plotters' integer ranges include their end, so the
/// range is `0..=n-1`).
fn segments(
    n: usize,
) -> plotters::coord::ranged1d::SegmentedCoord<plotters::coord::types::RangedCoordi32> {
    (0..(n.max(1) as i32 - 1)).into_segmented()
}

fn seg_label(v: &SegmentValue<i32>, labels: &[String], every: usize) -> String {
    match v {
        SegmentValue::CenterOf(i) if *i >= 0 && (*i as usize) < labels.len() => {
            let i = *i as usize;
            // Label every `every`-th category, always including the last one.
            if (labels.len() - 1 - i).is_multiple_of(every) {
                labels[i].clone()
            } else {
                String::new()
            }
        }
        _ => String::new(),
    }
}

fn val(values: &[usize], i: usize) -> i64 {
    values
        .get(i)
        .map(|v| i64::try_from(*v).unwrap_or(i64::MAX))
        .unwrap_or(0)
}

enum Swatch {
    Square(RGBColor),
    Dot(RGBColor),
    Line(RGBColor),
}

/// Vertical legend with a heading, in its own strip.
fn legend(
    area: &DrawingArea<SVGBackend, Shift>,
    heading: &str,
    items: &[(String, Swatch)],
) -> DrawResult {
    let x = 12;
    let mut y = 24;
    area.draw(&Text::new(
        heading.to_string(),
        (x, y),
        font(13.0).style(FontStyle::Bold).color(&TEXT),
    ))?;
    y += 12;
    for (label, swatch) in items {
        match swatch {
            Swatch::Square(c) => {
                area.draw(&Rectangle::new([(x, y), (x + 14, y + 14)], c.filled()))?;
                area.draw(&Rectangle::new(
                    [(x, y), (x + 14, y + 14)],
                    AXIS.stroke_width(1),
                ))?
            }
            Swatch::Dot(c) => area.draw(&Circle::new((x + 7, y + 7), 5, c.filled()))?,
            Swatch::Line(c) => {
                area.draw(&PathElement::new(
                    vec![(x, y + 7), (x + 14, y + 7)],
                    c.stroke_width(2),
                ))?;
                area.draw(&Circle::new((x + 7, y + 7), 3, c.filled()))?
            }
        }
        area.draw(&Text::new(
            format::truncate(label, 22),
            (x + 22, y + 7),
            text_style(12.5).pos(Pos::new(HPos::Left, VPos::Center)),
        ))?;
        y += 22;
    }
    Ok(())
}

fn stacked_bars(root: &DrawingArea<SVGBackend, Shift>, c: &ChartData) -> DrawResult {
    let n = c.categories.len();
    let (plot, legend_area) = root.split_horizontally(WIDTH - LEGEND_W);
    let totals: Vec<i64> = (0..n)
        .map(|i| c.totals.as_ref().map(|t| val(t, i)).unwrap_or(0))
        .collect();
    let stacks: Vec<i64> = (0..n)
        .map(|i| c.series.iter().map(|s| val(&s.values, i)).sum())
        .collect();
    let ymax = nice_max(stacks.iter().chain(&totals).copied().max().unwrap_or(0));
    let mut chart = ChartBuilder::on(&plot)
        .margin_top(16)
        .margin_left(8)
        .margin_right(16)
        .margin_bottom(8)
        .x_label_area_size(48)
        .y_label_area_size(70)
        .build_cartesian_2d(segments(n), 0i64..ymax)?;
    let every = n.div_ceil(14).max(1);
    chart
        .configure_mesh()
        .disable_x_mesh()
        .bold_line_style(GRID)
        .light_line_style(TRANSPARENT)
        .axis_style(AXIS)
        .y_labels(6)
        .y_label_formatter(&|v| format::int(*v))
        .x_labels(n + 1)
        .x_label_formatter(&|v| seg_label(v, &c.categories, every))
        .x_desc(c.x_title.as_str())
        .y_desc(c.y_title.as_str())
        .label_style(text_style(12.5))
        .axis_desc_style(text_style(13.0))
        .draw()?;
    let plot_w = (WIDTH - LEGEND_W) as f64 - 100.0;
    let gap = ((plot_w / n.max(1) as f64) * 0.16).round() as u32;
    for i in 0..n {
        let mut base = 0i64;
        for (si, s) in c.series.iter().enumerate() {
            let v = val(&s.values, i);
            if v == 0 {
                continue;
            }
            let mut r = Rectangle::new(
                [
                    (SegmentValue::Exact(i as i32), base),
                    (SegmentValue::Exact(i as i32 + 1), base + v),
                ],
                series_colour(si, &s.name).filled(),
            );
            r.set_margin(0, 0, gap, gap);
            chart.plotting_area().draw(&r)?;
            base += v;
        }
    }
    if c.totals.is_some() {
        for (i, t) in totals.iter().enumerate() {
            if *t == 0 {
                continue;
            }
            let at = (SegmentValue::CenterOf(i as i32), *t);
            chart
                .plotting_area()
                .draw(&Circle::new(at, 4, BLACK.filled()))?;
            let top = (*t).max(stacks[i]);
            chart.plotting_area().draw(
                &(EmptyElement::at((SegmentValue::CenterOf(i as i32), top))
                    + Text::new(
                        format::int(*t),
                        (0, -8),
                        text_style(12.0).pos(Pos::new(HPos::Center, VPos::Bottom)),
                    )),
            )?;
        }
    }
    let mut items: Vec<(String, Swatch)> = Vec::new();
    if c.totals.is_some() {
        items.push(("Klachten (uniek)".into(), Swatch::Dot(BLACK)));
    }
    for (si, s) in c.series.iter().enumerate().rev() {
        items.push((s.name.clone(), Swatch::Square(series_colour(si, &s.name))));
    }
    legend(&legend_area, "Thema", &items)
}

fn lerp(a: RGBColor, b: RGBColor, t: f64) -> RGBColor {
    let t = t.clamp(0.0, 1.0);
    let m = |x: u8, y: u8| (x as f64 + (y as f64 - x as f64) * t).round() as u8;
    RGBColor(m(a.0, b.0), m(a.1, b.1), m(a.2, b.2))
}

const HEAT_LOW: RGBColor = RGBColor(0xF3, 0xF7, 0xFB);
const HEAT_HIGH: RGBColor = RGBColor(0x08, 0x45, 0x94);

fn heatmap(root: &DrawingArea<SVGBackend, Shift>, c: &ChartData) -> DrawResult {
    let cols = c.categories.len();
    let rows = c.series.len();
    let (plot, legend_area) = root.split_horizontally(WIDTH - LEGEND_W);
    let mut chart = ChartBuilder::on(&plot)
        .margin_top(16)
        .margin_left(8)
        .margin_right(16)
        .margin_bottom(8)
        .x_label_area_size(50)
        .y_label_area_size(130)
        .build_cartesian_2d(segments(cols), segments(rows))?;
    let row_names: Vec<String> = c.series.iter().rev().map(|s| s.name.clone()).collect();
    chart
        .configure_mesh()
        .disable_mesh()
        .axis_style(AXIS)
        .x_labels(cols + 1)
        .y_labels(rows + 1)
        .x_label_formatter(&|v| seg_label(v, &c.categories, 1))
        .y_label_formatter(&|v| seg_label(v, &row_names, 1))
        .x_desc(c.x_title.as_str())
        .y_desc(c.y_title.as_str())
        .label_style(text_style(12.5))
        .axis_desc_style(text_style(13.0))
        .draw()?;
    for (r, s) in c.series.iter().enumerate() {
        let y = (rows - 1 - r) as i32;
        let total = c.totals.as_ref().map(|t| val(t, r)).unwrap_or(0);
        for col in 0..cols {
            let v = val(&s.values, col);
            let share = if total > 0 {
                v as f64 / total as f64
            } else {
                0.0
            };
            let fill = lerp(HEAT_LOW, HEAT_HIGH, share);
            let mut rect = Rectangle::new(
                [
                    (SegmentValue::Exact(col as i32), SegmentValue::Exact(y)),
                    (
                        SegmentValue::Exact(col as i32 + 1),
                        SegmentValue::Exact(y + 1),
                    ),
                ],
                fill.filled(),
            );
            rect.set_margin(1, 1, 1, 1);
            chart.plotting_area().draw(&rect)?;
            let ink = if share > 0.5 { WHITE } else { TEXT };
            chart.plotting_area().draw(&Text::new(
                format::int(v),
                (
                    SegmentValue::CenterOf(col as i32),
                    SegmentValue::CenterOf(y),
                ),
                font(13.0)
                    .color(&ink)
                    .pos(Pos::new(HPos::Center, VPos::Center)),
            ))?;
        }
    }
    let steps = [0.0, 0.25, 0.5, 0.75, 1.0];
    let items: Vec<(String, Swatch)> = steps
        .iter()
        .map(|t| {
            (
                format!("{}%", (t * 100.0) as i32),
                Swatch::Square(lerp(HEAT_LOW, HEAT_HIGH, *t)),
            )
        })
        .collect();
    legend(&legend_area, "Aandeel in gemeente", &items)?;
    let note = text_style(11.5);
    let base = 36 + 22 * steps.len() as i32 + 8;
    for (k, line) in [
        "Getal: klachten met",
        "dit thema; kleur: hun",
        "aandeel van alle",
        "klachten uit de gemeente",
    ]
    .iter()
    .enumerate()
    {
        legend_area.draw(&Text::new(
            line.to_string(),
            (12, base + 16 * k as i32),
            note.clone(),
        ))?;
    }
    Ok(())
}

fn line(root: &DrawingArea<SVGBackend, Shift>, c: &ChartData) -> DrawResult {
    let n = c.categories.len();
    let (plot, legend_area) = root.split_horizontally(WIDTH - LEGEND_W);
    let ymax = nice_max(
        c.series
            .iter()
            .flat_map(|s| (0..n).map(|i| val(&s.values, i)))
            .max()
            .unwrap_or(0),
    );
    let mut chart = ChartBuilder::on(&plot)
        .margin_top(16)
        .margin_left(8)
        .margin_right(16)
        .margin_bottom(8)
        .x_label_area_size(48)
        .y_label_area_size(70)
        .build_cartesian_2d(segments(n), 0i64..ymax)?;
    let every = if n > 12 { 3 } else { 1 };
    chart
        .configure_mesh()
        .disable_x_mesh()
        .bold_line_style(GRID)
        .light_line_style(TRANSPARENT)
        .axis_style(AXIS)
        .y_labels(6)
        .y_label_formatter(&|v| format::int(*v))
        .x_labels(n + 1)
        .x_label_formatter(&|v| seg_label(v, &c.categories, every))
        .x_desc(c.x_title.as_str())
        .y_desc(c.y_title.as_str())
        .label_style(text_style(12.5))
        .axis_desc_style(text_style(13.0))
        .draw()?;
    let mut items = Vec::new();
    for (si, s) in c.series.iter().enumerate() {
        let colour = series_colour(si, &s.name);
        let points: Vec<(SegmentValue<i32>, i64)> = (0..n)
            .map(|i| (SegmentValue::CenterOf(i as i32), val(&s.values, i)))
            .collect();
        chart.draw_series(LineSeries::new(points.clone(), colour.stroke_width(2)))?;
        chart.draw_series(
            points
                .into_iter()
                .map(|p| Circle::new(p, 4, colour.filled())),
        )?;
        items.push((s.name.clone(), Swatch::Line(colour)));
    }
    legend(&legend_area, "Legenda", &items)
}

fn small_multiples(root: &DrawingArea<SVGBackend, Shift>, c: &ChartData) -> DrawResult {
    let n = c.categories.len();
    let (top, body) = root.split_vertically(40);
    // Horizontal trend legend across the top.
    let mut x = 12;
    top.draw(&Text::new(
        "Trend:",
        (x, 20),
        font(13.0)
            .style(FontStyle::Bold)
            .color(&TEXT)
            .pos(Pos::new(HPos::Left, VPos::Center)),
    ))?;
    x += 56;
    for t in [
        Trend::Emerging,
        Trend::Growing,
        Trend::Stable,
        Trend::Fading,
    ] {
        top.draw(&Rectangle::new(
            [(x, 13), (x + 14, 27)],
            trend_colour(t).filled(),
        ))?;
        top.draw(&Text::new(
            t.label_nl(),
            (x + 20, 20),
            text_style(12.5).pos(Pos::new(HPos::Left, VPos::Center)),
        ))?;
        x += 110;
    }
    let (rows, cols) = grid(c.series.len());
    let panels = body.split_evenly((rows as usize, cols as usize));
    let every = n.div_ceil(7).max(1);
    for (s, panel) in c.series.iter().zip(panels.iter()) {
        let colour = s.trend.map(trend_colour).unwrap_or(PALETTE[0]);
        let ymax = nice_max((0..n).map(|i| val(&s.values, i)).max().unwrap_or(0));
        let (title_area, plot_area) = panel.split_vertically(40);
        for (k, line) in wrap(&s.name, 40, 2).iter().enumerate() {
            title_area.draw(&Text::new(
                line.clone(),
                (10, 6 + 17 * k as i32),
                font(13.0)
                    .style(FontStyle::Bold)
                    .color(&TEXT)
                    .pos(Pos::new(HPos::Left, VPos::Top)),
            ))?;
        }
        let mut chart = ChartBuilder::on(&plot_area)
            .margin(8)
            .margin_top(4)
            .x_label_area_size(36)
            .y_label_area_size(48)
            .build_cartesian_2d(segments(n), 0i64..ymax)?;
        chart
            .configure_mesh()
            .disable_x_mesh()
            .bold_line_style(GRID)
            .light_line_style(TRANSPARENT)
            .axis_style(AXIS)
            .y_labels(4)
            .y_label_formatter(&|v| format::int(*v))
            .x_labels(n + 1)
            .x_label_formatter(&|v| seg_label(v, &c.categories, every))
            .x_desc(c.x_title.as_str())
            .y_desc(c.y_title.as_str())
            .label_style(text_style(11.0))
            .axis_desc_style(text_style(11.0))
            .draw()?;
        for i in 0..n {
            let v = val(&s.values, i);
            if v == 0 {
                continue;
            }
            let mut r = Rectangle::new(
                [
                    (SegmentValue::Exact(i as i32), 0),
                    (SegmentValue::Exact(i as i32 + 1), v),
                ],
                colour.filled(),
            );
            r.set_margin(0, 0, 4, 4);
            chart.plotting_area().draw(&r)?;
        }
    }
    Ok(())
}

/// Splits `text` into at most `max_lines` lines of at most `width` characters at spaces; the
/// last line ends in `…` when text is left over.
fn wrap(text: &str, width: usize, max_lines: usize) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    let mut current = String::new();
    for word in text.split_whitespace() {
        let len = current.chars().count() + usize::from(!current.is_empty()) + word.chars().count();
        if !current.is_empty() && len > width {
            lines.push(std::mem::take(&mut current));
        }
        if !current.is_empty() {
            current.push(' ');
        }
        current.push_str(word);
    }
    if !current.is_empty() {
        lines.push(current);
    }
    if lines.len() > max_lines {
        let rest = lines[max_lines - 1..].join(" ");
        lines.truncate(max_lines - 1);
        lines.push(format::truncate(&rest, width));
    }
    lines
        .into_iter()
        .map(|l| format::truncate(&l, width))
        .collect()
}

/// Replaces plotters' root tag by ours (no `xmlns`, accessible name, CSS class).
fn finish(svg: String, chart: &ChartData, (w, h): (u32, u32)) -> String {
    let body = match svg.find('>') {
        Some(end) if svg.starts_with("<svg") => &svg[end + 1..],
        _ => svg.as_str(),
    };
    let title = format::esc(&chart.title);
    let mut out = format!(
        "<svg class=\"chart-svg\" viewBox=\"0 0 {w} {h}\" width=\"{w}\" height=\"{h}\" role=\"img\" \
         aria-label=\"{title}\" preserveAspectRatio=\"xMinYMin meet\">\n<title>{title}</title>"
    );
    out.push_str(&body.replace(" xmlns=\"http://www.w3.org/2000/svg\"", ""));
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::view::Series;

    fn data(kind: ChartKind) -> ChartData {
        ChartData {
            id: "t".into(),
            title: "Titel <met> & tekens".into(),
            caption: String::new(),
            kind,
            x_title: "Jaar".into(),
            y_title: "Klachten".into(),
            categories: vec!["2024".into(), "2025".into()],
            series: vec![
                Series {
                    name: "jeugd".into(),
                    values: vec![3, 0],
                    trend: Some(Trend::Growing),
                },
                Series {
                    name: "<b>wonen</b>".into(),
                    values: vec![1, 2],
                    trend: Some(Trend::Fading),
                },
            ],
            totals: Some(vec![4, 2]),
        }
    }

    #[test]
    fn every_kind_renders_marks_and_escapes() {
        for kind in [
            ChartKind::StackedBars,
            ChartKind::Heatmap,
            ChartKind::Line,
            ChartKind::SmallMultiples,
        ] {
            let svg = render_svg(&data(kind)).unwrap();
            assert!(svg.starts_with("<svg class=\"chart-svg\""), "{kind:?}");
            assert!(!svg.contains("http://"), "{kind:?}");
            assert!(!svg.contains("<b>"), "{kind:?}: unescaped series name");
            assert!(svg.contains("&lt;met&gt;"), "{kind:?}");
            let marks = svg.matches("<rect").count() + svg.matches("<circle").count();
            assert!(marks >= 3, "{kind:?}: {marks} marks");
        }
    }

    #[test]
    fn empty_series_still_render() {
        let mut d = data(ChartKind::StackedBars);
        d.categories.clear();
        d.series.clear();
        d.totals = None;
        for kind in [
            ChartKind::StackedBars,
            ChartKind::Heatmap,
            ChartKind::Line,
            ChartKind::SmallMultiples,
        ] {
            d.kind = kind;
            render_svg(&d).unwrap();
        }
    }

    #[test]
    fn wrapping() {
        assert_eq!(
            wrap("Gezinnen lang in noodopvang zonder perspectief", 30, 2),
            ["Gezinnen lang in noodopvang", "zonder perspectief"]
        );
        assert_eq!(wrap("a b c d e f", 3, 2), ["a b", "c…"]);
        assert!(wrap("", 10, 2).is_empty());
    }

    #[test]
    fn nice_maxima() {
        assert_eq!(nice_max(0), 1);
        assert_eq!(nice_max(3), 4);
        assert!(nice_max(87) >= 100);
        assert!(nice_max(1234) >= 1234);
    }
}
