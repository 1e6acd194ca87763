//! Aurora on top of pystachio: the runtime a config runs in (`runtime`: interpreter, schema
//! prelude, filesystem host, evaluation thread), the loader that turns a config into the
//! job document as Aurora's client does (`eval`), the checks the client makes after that
//! (`client`), the Docker binding helper (`docker`), the schema as data (`schema`), the job
//! document's meaning (`jobs`), the tier backfill the client applies last (`tiers`), and how
//! runtime errors read as diagnostics (`diagnose`).

pub mod client;
pub mod diagnose;
pub mod docker;
pub mod eval;
pub mod jobs;
pub mod runtime;
pub mod schema;
pub mod tiers;

/// How every glob aurora2nix takes matches (config paths, excludes, job keys): `*` and `?`
/// never cross a `/`, so `jobs/*.aurora` is one folder and `west/*/prod/*` one key per field.
pub const GLOB_MATCH: glob::MatchOptions = glob::MatchOptions {
    case_sensitive: true,
    require_literal_separator: true,
    require_literal_leading_dot: false,
};

pub use eval::{
    evaluate_file, included_files, jobs_document, param_ref, param_uses, parse_binding,
    EvalOptions, Evaluation, JobBindings, PARAM_PREFIX,
};
pub use runtime::Failure;
pub use tiers::Tiers;
