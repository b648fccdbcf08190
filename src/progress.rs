//! Progress reporting: bars for a person at a terminal, plain log lines for cron.
//!
//! Why two modes: indicatif bars are what a person wants to watch, but in a cron mail they are
//! garbage (carriage returns, escape codes). When stderr is not a terminal we emit a `tracing`
//! line at the start, every 10% (and at most every 10 seconds otherwise), and at the end.
//! Messages carry counts only, never complaint text (architecture invariant 2).

use std::io::IsTerminal;
use std::time::{Duration, Instant};

use indicatif::{ProgressBar, ProgressStyle};

/// How progress is shown; decided once from the CLI and the terminal, stored in `Config`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub enum ProgressMode {
    /// indicatif bars on stderr.
    Bars,
    /// Timestamped log lines (cron, pipes, CI).
    Log,
    /// Nothing but warnings and errors.
    Quiet,
}

impl ProgressMode {
    /// Bars when stderr is a terminal, log lines otherwise; `quiet` wins.
    pub fn detect(quiet: bool) -> Self {
        if quiet {
            Self::Quiet
        } else if std::io::stderr().is_terminal() {
            Self::Bars
        } else {
            Self::Log
        }
    }
}

/// Progress of one stage.
pub struct StageProgress {
    name: &'static str,
    mode: ProgressMode,
    bar: Option<ProgressBar>,
    total: u64,
    done: u64,
    started: Instant,
    last_log: Instant,
    next_pct: u64,
}

impl StageProgress {
    pub fn new(mode: ProgressMode, name: &'static str, total: u64) -> Self {
        let bar = (mode == ProgressMode::Bars).then(|| {
            let b = ProgressBar::new(total);
            b.set_style(
                ProgressStyle::with_template(
                    "{prefix:>10.bold} [{bar:40.cyan/blue}] {pos}/{len} {per_sec} eta {eta}",
                )
                .expect("valid template")
                .progress_chars("=> "),
            );
            b.set_prefix(name);
            b
        });
        if mode == ProgressMode::Log {
            tracing::info!(stage = name, total, "stage started");
        }
        let now = Instant::now();
        Self { name, mode, bar, total, done: 0, started: now, last_log: now, next_pct: 10 }
    }

    pub fn inc(&mut self, n: u64) {
        self.done += n;
        if let Some(b) = &self.bar {
            b.inc(n);
        } else if self.mode == ProgressMode::Log && self.total > 0 {
            let pct = self.done * 100 / self.total;
            if pct >= self.next_pct || self.last_log.elapsed() > Duration::from_secs(10) {
                tracing::info!(stage = self.name, done = self.done, total = self.total, "{pct}%");
                self.next_pct = (pct / 10 + 1) * 10;
                self.last_log = Instant::now();
            }
        }
    }

    pub fn finish(self) -> Duration {
        let elapsed = self.started.elapsed();
        if let Some(b) = &self.bar {
            b.finish_and_clear();
        }
        if self.mode != ProgressMode::Quiet {
            tracing::info!(
                stage = self.name,
                done = self.done,
                secs = format!("{:.1}", elapsed.as_secs_f64()),
                "stage finished"
            );
        }
        elapsed
    }
}
