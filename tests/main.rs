//! The single integration-test binary (one binary keeps build time down on
//! two cores). Modules follow the sections of docs/metrics.md (§1 `canonical`,
//! §2 `facts` and `first_response`, §3 `conversion`, §4 `give_up`, §5 `dark`
//! and `revival`, §6 `cadence` and `channel`, §7 `claims`, §10 `engines`:
//! aggregates, facts plus aggregates, shards and the SQL; §11.4 `timing`); the others cover
//! one area each (the binary, CRM exports, statistics, charts and reports,
//! generated data, streaming, properties, snapshots of the text people
//! read). `common` holds the helpers.

mod acting;
mod cadence;
mod canonical;
mod channel;
mod claims;
mod cli;
mod common;
mod conversion;
mod crm;
mod crm_files;
mod dark;
mod engines;
mod explain;
mod facts;
mod first_response;
mod give_up;
mod honest;
mod ingest;
mod logrank;
mod output_safety;
mod policy;
mod properties;
mod recovery;
mod report;
mod revival;
mod robust;
mod snapshots;
mod stats;
mod streaming;
mod timing;
