//! The crate's error type: one variant per layer, each a finished one-line message that names
//! the file and line where there is one. The library never names a command-line flag: the
//! binary adds those hints.

use crate::analysis::AnalysisError;
use crate::analysis::breakdown::BreakdownError;
use crate::corpus::CorpusError;
use crate::evaluation::RequestError;
use crate::gate::GateError;
use crate::metrics::MetricError;
use crate::shard::ShardError;
use crate::significance::SignificanceError;
use crate::testsets::TestSetError;

impl From<crate::metrics::ScoresError> for Error {
    fn from(e: crate::metrics::ScoresError) -> Self {
        Error::Metric(e.into())
    }
}

/// Anything that stops mtmeter from producing a result.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The test set could not be loaded.
    #[error(transparent)]
    Corpus(#[from] CorpusError),
    /// A metric configuration that cannot be built.
    #[error(transparent)]
    Metric(#[from] MetricError),
    /// A significance test that cannot run.
    #[error(transparent)]
    Significance(#[from] SignificanceError),
    /// Error analysis that cannot run (lemma files, base forms).
    #[error(transparent)]
    Analysis(#[from] AnalysisError),
    /// Breakdowns that cannot be computed.
    #[error(transparent)]
    Breakdown(#[from] BreakdownError),
    /// A request the test set cannot satisfy.
    #[error(transparent)]
    Request(#[from] RequestError),
    /// A test set by name could not be listed, downloaded or loaded.
    #[error(transparent)]
    TestSet(#[from] TestSetError),
    /// The CI gate could not decide (a mismatch is exit code 3).
    #[error(transparent)]
    Gate(#[from] GateError),
    /// A shard that cannot be scored, or shards that cannot be merged.
    #[error(transparent)]
    Shard(#[from] ShardError),
    /// A report could not be written.
    #[error("{path}: cannot write: {source}")]
    Write {
        /// Destination.
        path: String,
        /// What the operating system said.
        source: std::io::Error,
    },
}

impl Error {
    /// Process exit code: 3 when a gate's baseline and candidate are not comparable, else 2
    /// (1 is reserved for a regression found by the gate, which is a result, not an error).
    pub fn exit_code(&self) -> u8 {
        match self {
            Error::Gate(e) => e.exit_code(),
            _ => 2,
        }
    }
}
