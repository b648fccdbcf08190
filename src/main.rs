//! The `rodedraad` command line: parses options once into a typed [`Config`], calls the
//! pipeline, prints summaries, and maps outcomes to documented exit codes.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context, Result};
use clap::{Args, Parser, Subcommand, ValueEnum};

use rodedraad::config::{Config, FileConfig};
use rodedraad::embed::cache::VectorCache;
use rodedraad::embed::{ModelDir, SentenceTransformerEncoder};
use rodedraad::guard::{Guard, PiiPolicy};
use rodedraad::index::ComplaintIndex;
use rodedraad::ingest::Format;
use rodedraad::pipeline::{self, DataLock, PipelineError, RunManifest};
use rodedraad::progress::ProgressMode;

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
    /// Full-text search (Dutch stemming) over stored complaints.
    Search {
        query: String,
        #[arg(long, default_value_t = 10)]
        limit: usize,
        #[arg(long, value_enum, default_value_t = OutFormat::Table)]
        format: OutFormat,
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
    Ok(Config {
        data_dir: g.data_dir.clone().or(file.data_dir).unwrap_or_else(|| PathBuf::from("data")),
        models_dir: g.models_dir.clone().or(file.models_dir).unwrap_or_else(Config::default_models_dir),
        encoder: file.encoder.unwrap_or_else(|| Config::DEFAULT_ENCODER.to_owned()),
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
            let s = pipeline::ingest(&cfg, &index, &guard, &paths, format.into(), &run_id)?;
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
        Command::Search { query, limit, format } => {
            let cfg = build_config(&cli.global, None)?;
            let index = ComplaintIndex::open_or_create(&cfg.index_dir())?;
            let res = index.search(&query, limit).with_context(|| format!("searching for {query:?}"))?;
            match format {
                OutFormat::Json => println!("{}", serde_json::to_string_pretty(&res)?),
                OutFormat::Table => {
                    println!("{} hits", res.total);
                    for h in &res.hits {
                        println!("{:<18} {} {:<11} {:>6.2}  {}", h.id, h.received, h.municipality, h.score, h.snippet);
                    }
                }
            }
            Ok(exit::OK)
        }
        Command::Run { inputs, pii } => {
            let cfg = build_config(&cli.global, pii)?;
            run(&cfg, &inputs)
        }
    }
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
    let ingest = pipeline::ingest(cfg, &index, &guard, inputs, Format::Auto, &run_id)?;

    let model_dir = ModelDir::open(&cfg.models_dir, &cfg.encoder)?;
    let encoder = SentenceTransformerEncoder::load(&model_dir, cfg.threads)?;
    let cache = VectorCache::open(&cfg.vectors_path())?;
    let embed = pipeline::embed_stored(cfg.progress, &index, &guard, &encoder, &cache)?;

    let code = if ingest.rejected.is_empty() { exit::OK } else { exit::COMPLETED_WITH_REJECTIONS };
    let manifest = RunManifest {
        run_id: run_id.clone(),
        started: started.to_rfc3339(),
        finished: chrono::Utc::now().to_rfc3339(),
        version: env!("CARGO_PKG_VERSION"),
        data_dir: cfg.data_dir.display().to_string(),
        encoder: embed.model.clone(),
        inputs: inputs.iter().map(|p| p.display().to_string()).collect(),
        ingest: (&ingest).into(),
        embed: embed.clone(),
        documents: index.doc_count(),
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
    println!("index: {} complaints in {}", manifest.documents, cfg.index_dir().display());
    println!("manifest: {}", manifest_path.display());
    Ok(code)
}
