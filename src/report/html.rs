//! `index.html`: one self-contained Dutch page from a [`ReportView`].
//!
//! Why one file with inline CSS and inline SVG, no scripts and no web fonts: researchers open it
//! from a network share or a USB stick, offline, and print it. A Content-Security-Policy meta
//! tag (`default-src 'none'`) makes the browser refuse any script or network request, even if
//! some text slipped through unescaped. Every dynamic string goes through [`format::esc`].
//!
//! Test hooks: every number is a `<span data-figure="key">` whose text equals
//! `report.json`'s `figures[key].display`; every chart is a
//! `<figure class="chart" data-chart="id">` with one inline `<svg>`.

use std::fmt::Write as _;

use super::charts;
use super::format::{self, esc};
use super::model::Trend;
use super::view::{ChartData, MunicipalityView, ReportView, SignalView, NO_THEME};
use super::ReportError;

/// Renders the page. Pure. Errors only on an inconsistent view (a figure key or chart id the
/// view does not have) or a chart that plotters cannot draw.
pub fn render_html(v: &ReportView) -> Result<String, ReportError> {
    let mut p = Page {
        v,
        out: String::with_capacity(256 * 1024),
    };
    p.head();
    p.masthead();
    p.toc();
    p.out.push_str("<main>\n");
    p.key_figures()?;
    p.charts_section()?;
    p.signals()?;
    p.municipalities()?;
    p.method()?;
    p.out.push_str("</main>\n");
    let _ = writeln!(
        p.out,
        "<footer><p>Rode draden · rapport over {}–{} · gemaakt op {}. Vertrouwelijk: bevat geanonimiseerde \
         fragmenten uit klachten.</p></footer>\n</body>\n</html>",
        v.period.from_year,
        v.period.to_year,
        esc(&v.generated_at_display)
    );
    Ok(p.out)
}

struct Page<'a> {
    v: &'a ReportView,
    out: String,
}

const STYLE: &str = r#"
:root { --ink:#1b1b1b; --muted:#5a5a5a; --line:#d9d9d9; --soft:#f5f5f3; --accent:#b3261e; }
* { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; }
body { margin: 0; color: var(--ink); background: #fff; font: 16px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; }
main, .masthead, nav.toc, footer { max-width: 1060px; margin: 0 auto; padding: 0 24px; }
.masthead { padding-top: 28px; padding-bottom: 12px; border-bottom: 4px solid var(--accent); }
.masthead h1 { margin: 0 0 4px; font-size: 30px; letter-spacing: -0.01em; }
.masthead .kicker { margin: 0; color: var(--accent); font-weight: 600; text-transform: uppercase; font-size: 13px; letter-spacing: .06em; }
.masthead .meta { margin: 4px 0 0; color: var(--muted); }
nav.toc { margin-top: 16px; }
nav.toc ol { margin: 0; padding-left: 20px; columns: 2; }
nav.toc a { color: var(--ink); }
section.page { padding-top: 20px; }
h2 { font-size: 24px; margin: 28px 0 8px; padding-bottom: 4px; border-bottom: 1px solid var(--line); }
h3 { font-size: 19px; margin: 24px 0 8px; }
h4 { font-size: 16px; margin: 18px 0 6px; }
p.lead { font-size: 17px; max-width: 60em; }
.note { color: var(--muted); font-size: 14px; max-width: 60em; }
.notice { border-left: 4px solid var(--accent); background: var(--soft); padding: 10px 14px; margin: 12px 0; }
.cards { display: grid; grid-template-columns: repeat(auto-fit, minmax(200px, 1fr)); gap: 12px; margin: 12px 0 8px; }
.card { border: 1px solid var(--line); border-radius: 6px; padding: 12px 14px; background: var(--soft); }
.card-label { color: var(--muted); font-size: 14px; }
.card-value { font-size: 30px; font-weight: 700; line-height: 1.2; font-variant-numeric: tabular-nums; }
.card-sub { font-size: 14px; color: var(--muted); }
.table-wrap { overflow-x: auto; }
table { border-collapse: collapse; margin: 8px 0 4px; font-size: 14px; font-variant-numeric: tabular-nums; }
th, td { padding: 4px 10px; border-bottom: 1px solid var(--line); text-align: left; vertical-align: top; }
thead th { border-bottom: 2px solid #999; font-weight: 600; }
td.num, th.num { text-align: right; white-space: nowrap; }
tbody tr:nth-child(even) { background: #fafaf8; }
tr.total td { font-weight: 600; border-top: 2px solid #999; }
.small-n { color: var(--accent); font-weight: 700; cursor: help; }
figure.chart { margin: 16px 0 24px; }
figure.chart .chart-title { font-weight: 600; margin-bottom: 4px; }
figure.chart figcaption { color: var(--muted); font-size: 14px; max-width: 60em; }
.chart-svg { display: block; width: 100%; max-width: 960px; height: auto; }
.chart-svg text { font-family: system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; }
article.thread { border: 1px solid var(--line); border-left: 6px solid #999; border-radius: 6px; padding: 12px 16px; margin: 14px 0; }
article.thread.trend-emerging { border-left-color: #d55e00; }
article.thread.trend-growing { border-left-color: #e69f00; }
article.thread.trend-stable { border-left-color: #0072b2; }
article.thread.trend-fading { border-left-color: #8a8a8a; }
.thread-head { display: flex; flex-wrap: wrap; align-items: baseline; gap: 8px 12px; }
.thread-head h4 { margin: 0; font-size: 18px; }
.thread-id { color: var(--muted); font-family: ui-monospace, Menlo, Consolas, monospace; font-size: 13px; }
.badge { display: inline-block; border-radius: 10px; padding: 0 9px; font-size: 13px; font-weight: 600; border: 1px solid; }
.badge.trend-emerging { color: #8a3500; border-color: #d55e00; background: #fbe6da; }
.badge.trend-growing { color: #7a5300; border-color: #e69f00; background: #fcf0d4; }
.badge.trend-stable { color: #00507e; border-color: #0072b2; background: #dcebf5; }
.badge.trend-fading { color: #4a4a4a; border-color: #8a8a8a; background: #ececec; }
dl.facts { display: grid; grid-template-columns: 9em 1fr; gap: 2px 12px; margin: 10px 0; font-size: 15px; }
dl.facts dt { color: var(--muted); }
dl.facts dd { margin: 0; }
ul.chips { list-style: none; margin: 0; padding: 0; display: flex; flex-wrap: wrap; gap: 4px; }
ul.chips li { border: 1px solid var(--line); border-radius: 4px; padding: 0 6px; font-size: 14px; background: #fff; }
blockquote.excerpt { margin: 8px 0; padding: 8px 12px; border-left: 3px solid var(--line); background: #fbfbfa; }
.excerpt-meta { margin: 0 0 4px; font-size: 13px; color: var(--muted); }
.excerpt-text { margin: 0; white-space: pre-line; overflow-wrap: anywhere; }
section.municipality { border-top: 1px solid var(--line); margin-top: 24px; }
ul.thread-list { padding-left: 20px; }
ul.thread-list li { margin: 3px 0; }
dl.meta-list { display: grid; grid-template-columns: 14em 1fr; gap: 4px 12px; }
dl.meta-list dt { color: var(--muted); }
dl.meta-list dd { margin: 0; overflow-wrap: anywhere; }
code { font-family: ui-monospace, Menlo, Consolas, monospace; font-size: 13px; }
footer { color: var(--muted); font-size: 13px; border-top: 1px solid var(--line); margin-top: 40px; padding-bottom: 40px; }
@media (max-width: 700px) { nav.toc ol { columns: 1; } dl.facts, dl.meta-list { grid-template-columns: 1fr; } }
@media print {
  @page { size: A4; margin: 14mm 12mm; }
  body { font-size: 10.5pt; background: #fff !important; color: #000; }
  main, .masthead, footer { max-width: none; padding: 0; }
  nav.toc { display: none; }
  section.page { break-before: page; padding-top: 0; }
  #kerncijfers { break-before: auto; }
  section.municipality { break-before: page; border-top: none; margin-top: 0; }
  figure.chart, .cards, blockquote, tr, dl.facts, .thread-head { break-inside: avoid; }
  h2 { margin-top: 8px; }
  .cards { grid-template-columns: repeat(4, 1fr); gap: 6px; margin: 6px 0; }
  .card { padding: 6px 8px; }
  .card-value { font-size: 18pt; }
  .card-label, .card-sub { font-size: 8.5pt; }
  .table-wrap { overflow: visible; }
  table { font-size: 8.5pt; }
  th, td { padding: 2px 5px; }
  figure.chart { margin: 8px 0 12px; }
  .chart-svg { max-width: 100%; max-height: 95mm; }
  details { display: none; }
  h2, h3, h4, .chart-title { break-after: avoid; }
  .card, .notice, blockquote.excerpt, tbody tr:nth-child(even), .badge { background: #fff !important; }
  a { color: inherit; text-decoration: none; }
  thead { display: table-header-group; }
}
"#;

impl Page<'_> {
    fn fig(&self, key: &str) -> Result<String, ReportError> {
        let f = self.v.figures.get(key).ok_or_else(|| {
            ReportError::Internal(format!("figure {key:?} missing from the view"))
        })?;
        Ok(format!(
            "<span data-figure=\"{}\">{}</span>",
            esc(key),
            esc(&f.display)
        ))
    }

    /// `<abs>` and `<pct>` cells of a change, `*` when based on small numbers.
    fn change_cells(&self, prefix: &str, small: bool) -> Result<String, ReportError> {
        Ok(format!(
            "<td class=\"num\">{}</td><td class=\"num\">{}{}</td>",
            self.fig(&format!("{prefix}_change_abs"))?,
            self.fig(&format!("{prefix}_change_pct"))?,
            if small { SMALL_MARK } else { "" }
        ))
    }

    fn chart(&self, id: &str) -> Result<String, ReportError> {
        let c: &ChartData =
            self.v.charts.iter().find(|c| c.id == id).ok_or_else(|| {
                ReportError::Internal(format!("chart {id:?} missing from the view"))
            })?;
        let svg = charts::render_svg(c)?;
        Ok(format!(
            "<figure class=\"chart\" data-chart=\"{id}\" id=\"grafiek-{id}\">\n<div class=\"chart-title\">{}</div>\n{svg}\n\
             <figcaption>{}</figcaption>\n</figure>\n",
            esc(&c.title),
            esc(&c.caption),
            id = esc(id)
        ))
    }

    fn head(&mut self) {
        let v = self.v;
        let _ = writeln!(
            self.out,
            "<!DOCTYPE html>\n<html lang=\"nl\">\n<head>\n<meta charset=\"utf-8\">\n\
             <meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; img-src data:\">\n\
             <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
             <meta name=\"generator\" content=\"rodedraad\">\n\
             <title>Rode draden in klachten — {}–{} (gemaakt {})</title>\n<style>{STYLE}</style>\n</head>\n<body>",
            v.period.from_year,
            v.period.to_year,
            esc(&v.generated_at_display)
        );
    }

    fn masthead(&mut self) {
        let v = self.v;
        let p = &v.period;
        let _ = writeln!(
            self.out,
            "<header class=\"masthead\">\n<p class=\"kicker\">Dagrapport klachtsignalen</p>\n\
             <h1>Rode draden in klachten</h1>\n\
             <p class=\"meta\">Periode {}–{} · peiljaar {} (vergeleken met {}) · gemaakt op {}</p>\n</header>",
            p.from_year,
            p.to_year,
            p.as_of_year,
            p.previous_year,
            esc(&v.generated_at_display)
        );
    }

    fn toc(&mut self) {
        let mut s = String::from(
            "<nav class=\"toc\" aria-label=\"Inhoud\"><ol>\n<li><a href=\"#kerncijfers\">Kerncijfers</a></li>\n\
             <li><a href=\"#grafieken\">Grafieken</a></li>\n<li><a href=\"#signalen\">Signalen</a></li>\n\
             <li><a href=\"#gemeenten\">Per gemeente</a>: ",
        );
        let links: Vec<String> = self
            .v
            .per_municipality
            .iter()
            .map(|m| {
                format!(
                    "<a href=\"#gemeente-{}\">{}</a>",
                    esc(&m.slug),
                    esc(&m.name)
                )
            })
            .collect();
        s.push_str(&links.join(", "));
        s.push_str(
            "</li>\n<li><a href=\"#methode\">Hoe dit rapport is gemaakt</a></li>\n</ol></nav>\n",
        );
        self.out.push_str(&s);
    }

    fn key_figures(&mut self) -> Result<(), ReportError> {
        let v = self.v;
        let p = &v.period;
        let (as_of, prev) = (p.as_of_year, p.previous_year);
        let mut s = String::new();
        s.push_str("<section id=\"kerncijfers\" class=\"page\">\n<h2>Kerncijfers</h2>\n");
        if v.complaints_in_period == 0 {
            let _ = writeln!(
                s,
                "<p class=\"notice\">Er zijn geen klachten met een datum in {}–{}. De tabellen hieronder staan \
                 daarom op nul en er zijn geen grafieken.</p>",
                p.from_year, p.to_year
            );
        }
        let _ = writeln!(
            s,
            "<div class=\"cards\">\n\
             <div class=\"card\"><div class=\"card-label\">Klachten {from}–{to}</div><div class=\"card-value\">{}</div>\
             <div class=\"card-sub\">van {} opgeslagen klachten</div></div>\n\
             <div class=\"card\"><div class=\"card-label\">Klachten in {as_of}</div><div class=\"card-value\">{}</div>\
             <div class=\"card-sub\">{prev}: {}</div></div>\n\
             <div class=\"card\"><div class=\"card-label\">Verschil met {prev}</div><div class=\"card-value\">{}</div>\
             <div class=\"card-sub\">{}{}</div></div>\n\
             <div class=\"card\"><div class=\"card-label\">Signalen</div><div class=\"card-value\">{}</div>\
             <div class=\"card-sub\">opkomende of groeiende rode draden, van {} in totaal</div></div>\n</div>",
            self.fig("complaints_total")?,
            self.fig("corpus_total")?,
            self.fig(&format!("complaints_{as_of}"))?,
            self.fig(&format!("complaints_{prev}"))?,
            self.fig("complaints_change_abs")?,
            self.fig("complaints_change_pct")?,
            if v.change.small_numbers { SMALL_MARK } else { "" },
            self.fig("signals_total")?,
            self.fig("threads_total")?,
            from = p.from_year,
            to = p.to_year,
        );
        if let Some(sp) = &p.same_period {
            let _ = writeln!(
                s,
                "<p class=\"notice\"><strong>{as_of} is nog niet compleet</strong> (laatste klacht: {}). Over dezelfde \
                 periode, 1 januari t/m {}: {} klachten in {as_of} tegen {} in {prev}, een verschil van {} ({}){}.</p>",
                esc(&format::date(sp.through)),
                esc(&day_month(sp.through)),
                self.fig("ytd_current")?,
                self.fig("ytd_previous")?,
                self.fig("ytd_change_abs")?,
                self.fig("ytd_change_pct")?,
                if sp.change.small_numbers { SMALL_MARK } else { "" },
            );
        }

        // Per year and theme.
        s.push_str("<h3>Klachten per jaar en thema</h3>\n<div class=\"table-wrap\"><table>\n<thead><tr><th>Jaar</th>\
                    <th class=\"num\">Klachten</th><th class=\"num\">Verschil</th><th class=\"num\">%</th>");
        for t in &v.themes {
            let _ = write!(s, "<th class=\"num\">{}</th>", esc(&t.name));
        }
        s.push_str("</tr></thead>\n<tbody>\n");
        for (i, y) in v.years.iter().enumerate() {
            let _ = write!(
                s,
                "<tr><td>{y}</td><td class=\"num\">{}</td>",
                self.fig(&format!("complaints_{y}"))?
            );
            if i == 0 {
                s.push_str("<td class=\"num\">–</td><td class=\"num\">–</td>");
            } else {
                let cur = v.counts.complaints_per_year[y];
                let before = v.counts.complaints_per_year[&(y - 1)];
                s.push_str(&self.change_cells(
                    &format!("complaints_{y}"),
                    cur.min(before) < super::view::SMALL_NUMBERS_BELOW,
                )?);
            }
            for t in &v.themes {
                let _ = write!(
                    s,
                    "<td class=\"num\">{}</td>",
                    self.fig(&format!("theme_{}_{y}", t.slug))?
                );
            }
            s.push_str("</tr>\n");
        }
        let _ = write!(
            s,
            "<tr class=\"total\"><td>Totaal</td><td class=\"num\">{}</td><td></td><td></td>",
            self.fig("complaints_total")?
        );
        for t in &v.themes {
            let _ = write!(
                s,
                "<td class=\"num\">{}</td>",
                self.fig(&format!("theme_{}_total", t.slug))?
            );
        }
        s.push_str("</tr>\n</tbody></table></div>\n");
        let _ = writeln!(
            s,
            "<p class=\"note\">Een klacht met meer thema's telt bij elk thema mee; de themakolommen tellen daardoor \
             op tot meer dan de kolom Klachten. '{}' telt klachten zonder thema. {} = minder dan {} klachten, \
             percentage zegt weinig.</p>",
            esc(NO_THEME),
            SMALL_MARK,
            super::view::SMALL_NUMBERS_BELOW
        );

        // Per municipality.
        let _ = writeln!(
            s,
            "<h3>Klachten per gemeente</h3>\n<div class=\"table-wrap\"><table>\n<thead><tr><th>Gemeente</th>\
             <th class=\"num\">{}–{}</th><th class=\"num\">{prev}</th><th class=\"num\">{as_of}</th>\
             <th class=\"num\">Verschil</th><th class=\"num\">%</th></tr></thead>\n<tbody>",
            p.from_year, p.to_year
        );
        for m in &v.per_municipality {
            let key = format!("municipality_{}", m.slug);
            let _ = writeln!(
                s,
                "<tr><td><a href=\"#gemeente-{}\">{}</a></td><td class=\"num\">{}</td><td class=\"num\">{}</td>\
                 <td class=\"num\">{}</td>{}</tr>",
                esc(&m.slug),
                esc(&m.name),
                self.fig(&format!("{key}_total"))?,
                self.fig(&format!("{key}_{prev}"))?,
                self.fig(&format!("{key}_{as_of}"))?,
                self.change_cells(&key, m.change.small_numbers)?
            );
        }
        s.push_str("</tbody></table></div>\n");

        // Per theme.
        let _ = writeln!(
            s,
            "<h3>Klachten per thema</h3>\n<div class=\"table-wrap\"><table>\n<thead><tr><th>Thema</th><th>Omschrijving</th>\
             <th class=\"num\">{}–{}</th><th class=\"num\">{prev}</th><th class=\"num\">{as_of}</th>\
             <th class=\"num\">Verschil</th><th class=\"num\">%</th></tr></thead>\n<tbody>",
            p.from_year, p.to_year
        );
        for (t, (_, c)) in v.themes.iter().zip(&v.theme_changes) {
            let key = format!("theme_{}", t.slug);
            let small = c.small_numbers;
            let _ = writeln!(
                s,
                "<tr><td>{}</td><td>{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td>{}</tr>",
                esc(&t.name),
                esc(t.description.as_deref().unwrap_or("(niet geconfigureerd)")),
                self.fig(&format!("{key}_total"))?,
                self.fig(&format!("{key}_{prev}"))?,
                self.fig(&format!("{key}_{as_of}"))?,
                self.change_cells(&key, small)?
            );
        }
        s.push_str("</tbody></table></div>\n</section>\n");
        self.out.push_str(&s);
        Ok(())
    }

    fn charts_section(&mut self) -> Result<(), ReportError> {
        let mut s = String::from("<section id=\"grafieken\" class=\"page\">\n<h2>Grafieken</h2>\n");
        if self.v.complaints_in_period == 0 {
            s.push_str("<p class=\"notice\">Geen grafieken: er zijn geen klachten in de rapportperiode.</p>\n");
        } else {
            for id in [
                "themes_per_year",
                "municipality_theme",
                "complaints_per_month",
            ] {
                s.push_str(&self.chart(id)?);
            }
        }
        s.push_str("</section>\n");
        self.out.push_str(&s);
        Ok(())
    }

    fn signals(&mut self) -> Result<(), ReportError> {
        let v = self.v;
        let mut s = String::from(
            "<section id=\"signalen\" class=\"page\">\n<h2>Signalen</h2>\n<p class=\"lead\">Een rode draad is een groep \
             klachten die op elkaar lijken en mogelijk één systemische oorzaak hebben. Opkomende en groeiende draden \
             staan bovenaan. Het zijn voorstellen van de software: lees de voorbeelden en de klachten zelf voordat je \
             er conclusies aan verbindt.</p>\n",
        );
        if v.signals.is_empty() {
            s.push_str(
                "<p class=\"notice\">De draadzoeker heeft geen rode draden voorgesteld.</p>\n",
            );
        } else {
            s.push_str(&self.chart("thread_timelines")?);
        }
        let (hot, rest): (Vec<&SignalView>, Vec<&SignalView>) =
            v.signals.iter().partition(|t| t.trend.is_signal());
        s.push_str("<h3>Opkomend en groeiend</h3>\n");
        if hot.is_empty() {
            s.push_str("<p>Geen opkomende of groeiende rode draden.</p>\n");
        }
        for t in hot {
            s.push_str(&self.thread_card(t)?);
        }
        if !rest.is_empty() {
            s.push_str("<h3>Stabiel en afnemend</h3>\n");
            for t in rest {
                s.push_str(&self.thread_card(t)?);
            }
        }
        s.push_str("</section>\n");
        self.out.push_str(&s);
        Ok(())
    }

    fn thread_card(&self, t: &SignalView) -> Result<String, ReportError> {
        let key = format!("thread_{}", t.slug);
        let mut s = String::new();
        let _ = writeln!(
            s,
            "<article class=\"thread trend-{k}\" id=\"draad-{slug}\">\n<div class=\"thread-head\">{badge}<h4>{}</h4>\
             <span class=\"thread-id\">{}</span></div>\n<dl class=\"facts\">\n<dt>Klachten</dt><dd>{}</dd>\n\
             <dt>Trend</dt><dd>{} (statistiek {}): {}</dd>",
            esc(&t.label),
            esc(&t.id),
            self.fig(&format!("{key}_size"))?,
            esc(&t.trend_label),
            self.fig(&format!("{key}_trend_statistic"))?,
            esc(&t.trend_explanation),
            k = t.trend.key(),
            slug = esc(&t.slug),
            badge = badge(t.trend),
        );
        if !t.keywords.is_empty() {
            s.push_str("<dt>Trefwoorden</dt><dd><ul class=\"chips\">");
            for k in &t.keywords {
                let _ = write!(s, "<li>{}</li>", esc(k));
            }
            s.push_str("</ul></dd>\n");
        }
        let _ = write!(s, "<dt>Gemeenten</dt><dd>{}", pairs(&t.per_municipality));
        if let Some(c) = &t.concentrated_in {
            let _ = write!(s, " · <strong>geconcentreerd in {}</strong>", esc(c));
        }
        s.push_str("</dd>\n");
        let years: Vec<String> = t
            .per_year
            .iter()
            .filter(|(_, n)| **n > 0)
            .map(|(y, n)| format!("{y}: {}", format::count(*n)))
            .collect();
        let _ = writeln!(
            s,
            "<dt>Jaren</dt><dd>{}</dd>",
            if years.is_empty() {
                "–".into()
            } else {
                years.join(" · ")
            }
        );
        let _ = writeln!(s, "<dt>Thema's</dt><dd>{}</dd>", pairs(&t.themes));
        let _ = writeln!(s, "<dt>Samenhang</dt><dd>{} <span class=\"note\">(0–1; hoe sterk de klachten op elkaar lijken)</span></dd>\n</dl>", self.fig(&format!("{key}_cohesion"))?);
        if t.representatives.is_empty() {
            s.push_str("<p class=\"note\">Geen voorbeeldfragmenten beschikbaar.</p>\n");
        } else {
            s.push_str("<h5>Voorbeelden (geanonimiseerd)</h5>\n");
            for e in &t.representatives {
                let _ = writeln!(
                    s,
                    "<blockquote class=\"excerpt\"><p class=\"excerpt-meta\">Klacht <code>{}</code> · {} · {}</p>\
                     <p class=\"excerpt-text\">{}</p></blockquote>",
                    esc(&e.id),
                    esc(&format::date(e.date)),
                    esc(&e.municipality),
                    esc(e.text.as_str())
                );
            }
        }
        s.push_str("</article>\n");
        Ok(s)
    }

    fn municipalities(&mut self) -> Result<(), ReportError> {
        let v = self.v;
        let p = &v.period;
        let mut s = String::from(
            "<section id=\"gemeenten\" class=\"page\">\n<h2>Per gemeente</h2>\n<p class=\"lead\">Per gemeente de \
             aantallen, de verandering per thema en de rode draden met klachten uit die gemeente. In kleine \
             gemeenten gaat het vaak om enkele klachten per jaar: kijk dan naar aantallen, niet naar percentages.</p>\n",
        );
        for m in &v.per_municipality {
            s.push_str(&self.municipality(m, p.as_of_year, p.previous_year)?);
        }
        s.push_str("</section>\n");
        self.out.push_str(&s);
        Ok(())
    }

    fn municipality(
        &self,
        m: &MunicipalityView,
        as_of: i32,
        prev: i32,
    ) -> Result<String, ReportError> {
        let v = self.v;
        let key = format!("municipality_{}", m.slug);
        let mut s = String::new();
        let _ = writeln!(
            s,
            "<section class=\"municipality\" id=\"gemeente-{}\">\n<h3>{}</h3>\n<div class=\"cards\">\n\
             <div class=\"card\"><div class=\"card-label\">Klachten {}–{}</div><div class=\"card-value\">{}</div></div>\n\
             <div class=\"card\"><div class=\"card-label\">Klachten in {as_of}</div><div class=\"card-value\">{}</div>\
             <div class=\"card-sub\">{prev}: {}</div></div>\n\
             <div class=\"card\"><div class=\"card-label\">Verschil met {prev}</div><div class=\"card-value\">{}</div>\
             <div class=\"card-sub\">{}{}</div></div>\n\
             <div class=\"card\"><div class=\"card-label\">Rode draden met klachten hier</div><div class=\"card-value\">{}</div>\
             <div class=\"card-sub\">waarvan {} opkomend of groeiend</div></div>\n</div>",
            esc(&m.slug),
            esc(&m.name),
            v.period.from_year,
            v.period.to_year,
            self.fig(&format!("{key}_total"))?,
            self.fig(&format!("{key}_{as_of}"))?,
            self.fig(&format!("{key}_{prev}"))?,
            self.fig(&format!("{key}_change_abs"))?,
            self.fig(&format!("{key}_change_pct"))?,
            if m.change.small_numbers { SMALL_MARK } else { "" },
            format::count(m.threads.len()),
            format::count(m.threads.iter().filter(|t| t.trend.is_signal()).count()),
        );
        if m.complaints == 0 {
            let _ = writeln!(
                s,
                "<p class=\"notice\">Geen klachten uit {} in {}–{}.</p>",
                esc(&m.name),
                v.period.from_year,
                v.period.to_year
            );
        }

        // Trends: the theme changes, in words and in a table.
        let mut rising: Vec<(&str, &super::view::Change, &str)> = Vec::new();
        for ((name, c), t) in m.theme_changes.iter().zip(&v.themes) {
            rising.push((name.as_str(), c, t.slug.as_str()));
        }
        let up = rising
            .iter()
            .filter(|r| r.1.absolute > 0)
            .max_by(|a, b| a.1.absolute.cmp(&b.1.absolute).then(b.0.cmp(a.0)));
        let down = rising
            .iter()
            .filter(|r| r.1.absolute < 0)
            .min_by(|a, b| a.1.absolute.cmp(&b.1.absolute).then(a.0.cmp(b.0)));
        let mut sentence = Vec::new();
        if let Some((name, _, slug)) = up {
            sentence.push(format!(
                "de grootste stijging is bij {} ({})",
                esc(name),
                self.fig(&format!("{key}_theme_{slug}_change_abs"))?
            ));
        }
        if let Some((name, _, slug)) = down {
            sentence.push(format!(
                "de grootste daling bij {} ({})",
                esc(name),
                self.fig(&format!("{key}_theme_{slug}_change_abs"))?
            ));
        }
        let _ = writeln!(s, "<h4>Trends {prev} → {as_of}</h4>");
        if sentence.is_empty() {
            let _ = writeln!(
                s,
                "<p>Geen verschuiving tussen de thema's in {as_of} ten opzichte van {prev}.</p>"
            );
        } else {
            let _ = writeln!(
                s,
                "<p>In {as_of} ten opzichte van {prev}: {}.</p>",
                sentence.join("; ")
            );
        }
        s.push_str("<div class=\"table-wrap\"><table>\n<thead><tr><th>Thema</th>");
        let _ = writeln!(
            s,
            "<th class=\"num\">{prev}</th><th class=\"num\">{as_of}</th><th class=\"num\">Verschil</th><th class=\"num\">%</th></tr></thead>\n<tbody>"
        );
        for (t, (_, c)) in v.themes.iter().zip(&m.theme_changes) {
            let tkey = format!("{key}_theme_{}", t.slug);
            let _ = writeln!(
                s,
                "<tr><td>{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td>{}</tr>",
                esc(&t.name),
                self.fig(&format!("{tkey}_{prev}"))?,
                self.fig(&format!("{tkey}_{as_of}"))?,
                self.change_cells(&tkey, c.small_numbers)?
            );
        }
        s.push_str("</tbody></table></div>\n");

        if let Some(id) = &m.chart {
            s.push_str(&self.chart(id)?);
            // Years × themes table.
            s.push_str("<details><summary>Tabel: klachten per jaar en thema</summary>\n<div class=\"table-wrap\"><table>\n<thead><tr><th>Jaar</th><th class=\"num\">Klachten</th>");
            for t in &v.themes {
                let _ = write!(s, "<th class=\"num\">{}</th>", esc(&t.name));
            }
            s.push_str("</tr></thead>\n<tbody>\n");
            for y in &v.years {
                let _ = write!(
                    s,
                    "<tr><td>{y}</td><td class=\"num\">{}</td>",
                    self.fig(&format!("{key}_{y}"))?
                );
                for t in &v.themes {
                    let _ = write!(
                        s,
                        "<td class=\"num\">{}</td>",
                        self.fig(&format!("{key}_theme_{}_{y}", t.slug))?
                    );
                }
                s.push_str("</tr>\n");
            }
            s.push_str("</tbody></table></div></details>\n");
        }

        let _ = writeln!(s, "<h4>Rode draden met klachten uit {}</h4>", esc(&m.name));
        if m.threads.is_empty() {
            s.push_str("<p>Geen.</p>\n");
        } else {
            s.push_str("<ul class=\"thread-list\">\n");
            for t in &m.threads {
                let _ = writeln!(
                    s,
                    "<li>{} <a href=\"#draad-{}\">{}</a> — {} {} hier{}</li>",
                    badge(t.trend),
                    esc(&t.slug),
                    esc(&t.label),
                    format::count(t.complaints_here),
                    if t.complaints_here == 1 {
                        "klacht"
                    } else {
                        "klachten"
                    },
                    if t.concentrated_here {
                        " · <strong>geconcentreerd in deze gemeente</strong>"
                    } else {
                        ""
                    }
                );
            }
            s.push_str("</ul>\n");
        }
        s.push_str("</section>\n");
        Ok(s)
    }

    fn method(&mut self) -> Result<(), ReportError> {
        let v = self.v;
        let p = &v.period;
        let c = &v.method.corpus;
        let model = &v.method.model;
        let opt_date =
            |d: Option<chrono::NaiveDate>| d.map(format::date).unwrap_or_else(|| "–".into());
        let mut s = String::new();
        let _ = writeln!(
            s,
            "<section id=\"methode\" class=\"page\">\n<h2>Hoe dit rapport is gemaakt</h2>\n<p class=\"lead\">Dit rapport \
             is automatisch gemaakt door de nachtelijke verwerking (rodedraad): klachtbrieven inlezen, persoonsgegevens \
             vervangen door plaatshouders, thema's toekennen met een classificatiemodel en rode draden zoeken.</p>\n\
             <dl class=\"meta-list\">\n\
             <dt>Gemaakt op</dt><dd>{} <code>{}</code></dd>\n\
             <dt>Rapportperiode</dt><dd>{}–{}; peiljaar {} vergeleken met {}</dd>\n\
             <dt>Klachten in dit rapport</dt><dd>{} (klachtdatum {} t/m {})</dd>\n\
             <dt>Opgeslagen klachten</dt><dd>{} ({} t/m {}), waarvan {} buiten de rapportperiode</dd>\n\
             <dt>Afgewezen records</dt><dd>{}</dd>\n\
             <dt>Taalmodel (embeddings)</dt><dd>{} <code>{}</code></dd>\n\
             <dt>Themaclassificatie</dt><dd>{} <code>{}</code></dd>\n</dl>",
            esc(&v.generated_at_display),
            esc(&v.generated_at),
            p.from_year,
            p.to_year,
            p.as_of_year,
            p.previous_year,
            self.fig("complaints_total")?,
            esc(&opt_date(p.first_date)),
            esc(&opt_date(p.last_date)),
            self.fig("corpus_total")?,
            esc(&opt_date(c.first_date)),
            esc(&opt_date(c.last_date)),
            self.fig("corpus_outside_period")?,
            self.fig("corpus_rejected")?,
            esc(&model.encoder),
            esc(&model.encoder_hash),
            esc(&model.classifier),
            esc(&model.classifier_hash),
        );
        s.push_str("<h3>Kwaliteit van de themaclassificatie</h3>\n");
        match &model.evaluation {
            None => s.push_str(
                "<p class=\"notice\">Er is nog geen evaluatie van de classificatie beschikbaar. De kwaliteit van de \
                 thema's is dus onbekend.</p>\n",
            ),
            Some(e) => {
                let baseline = if e.baseline_macro_f1.is_some() {
                    format!(
                        ", tegen {} voor de eenvoudige vergelijkingsmethode",
                        self.fig("eval_baseline_macro_f1")?
                    )
                } else {
                    String::new()
                };
                let _ = writeln!(
                    s,
                    "<p>Laatste evaluatie: {} op testset <code>{}</code>. Macro-F1 {}{}; micro-F1 {}.</p>\n\
                     <div class=\"table-wrap\"><table>\n<thead><tr><th>Thema</th><th class=\"num\">Precisie</th>\
                     <th class=\"num\">Recall</th><th class=\"num\">F1</th><th class=\"num\">Testvoorbeelden</th></tr></thead>\n<tbody>",
                    esc(&format::timestamp(&e.evaluated_at)),
                    esc(&e.test_set),
                    self.fig("eval_macro_f1")?,
                    baseline,
                    self.fig("eval_micro_f1")?,
                );
                let mut slugs = format::SlugSet::default();
                for t in &e.per_theme {
                    let key = format!("eval_{}", slugs.unique(&t.theme));
                    let _ = writeln!(
                        s,
                        "<tr><td>{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td></tr>",
                        esc(&t.theme),
                        self.fig(&format!("{key}_precision"))?,
                        self.fig(&format!("{key}_recall"))?,
                        self.fig(&format!("{key}_f1"))?,
                        self.fig(&format!("{key}_support"))?,
                    );
                }
                s.push_str(
                    "</tbody></table></div>\n<p class=\"note\">Precisie: welk deel van de toegekende thema's klopt. \
                     Recall: welk deel van de klachten met dat thema het model vindt. F1 combineert beide \
                     (0 = slecht, 1 = foutloos). Macro-F1 is het gemiddelde over de thema's; micro-F1 telt alle \
                     beslissingen samen.</p>\n",
                );
            }
        }
        s.push_str("<h3>Hoe er geteld is</h3>\n<ul>\n");
        for r in &v.method.counting_rules {
            let _ = writeln!(s, "<li>{}</li>", esc(r));
        }
        s.push_str("</ul>\n<h3>Wat de cijfers niet zeggen</h3>\n<ul>\n");
        for r in &v.method.caveats {
            let _ = writeln!(s, "<li>{}</li>", esc(r));
        }
        s.push_str(
            "</ul>\n<h3>Bestanden bij dit rapport</h3>\n<p>In dezelfde map staan de cijfers om zelf verder mee te werken \
             (CSV: puntkomma als scheidingsteken, UTF-8, opent direct in Excel):</p>\n<ul>\n\
             <li><a href=\"themes_per_year.csv\">themes_per_year.csv</a> — klachten per jaar en thema</li>\n\
             <li><a href=\"themes_per_municipality_year.csv\">themes_per_municipality_year.csv</a> — per gemeente, jaar en thema</li>\n\
             <li><a href=\"threads.csv\">threads.csv</a> — de rode draden met hun aantallen per jaar</li>\n\
             <li><a href=\"complaints.csv\">complaints.csv</a> — elke klacht: id, datum, gemeente, thema's, draad (geen tekst)</li>\n\
             <li><a href=\"report.json\">report.json</a> — alles op deze pagina, voor andere programma's</li>\n</ul>\n</section>\n",
        );
        self.out.push_str(&s);
        Ok(())
    }
}

const SMALL_MARK: &str =
    "<span class=\"small-n\" title=\"Minder dan 10 klachten: het percentage zegt weinig\">*</span>";

fn badge(t: Trend) -> String {
    format!(
        "<span class=\"badge trend-{}\">{}</span>",
        t.key(),
        t.label_nl()
    )
}

fn pairs(items: &[(String, usize)]) -> String {
    if items.is_empty() {
        return "–".into();
    }
    items
        .iter()
        .map(|(n, c)| format!("{} {}", esc(n), format::count(*c)))
        .collect::<Vec<_>>()
        .join(", ")
}

fn day_month(d: chrono::NaiveDate) -> String {
    let full = format::date(d);
    match full.rsplit_once(' ') {
        Some((dm, _)) => dm.to_string(),
        None => full,
    }
}
