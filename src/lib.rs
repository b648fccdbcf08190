//! rodedraad — finds the *rode draden* (many residents stuck through one systemic cause) in an
//! ombudsman's complaint letters. See ARCHITECTURE.md for the bird's-eye view.
//!
//! Stages, each a function from one typed value to the next:
//! `RawRecord → Complaint → Redacted → Indexed / Embedded`. Only [`pipeline`] (orchestration)
//! touches the file system and the clock.

pub mod analysis;
pub mod classify;
pub mod config;
pub mod corpus;
pub mod embed;
pub mod guard;
pub mod index;
pub mod ingest;
pub mod model;
pub mod pipeline;
pub mod progress;
pub mod report;
pub mod search;
pub mod threads;
