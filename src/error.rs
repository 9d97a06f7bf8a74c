//! The crate's error type: one variant per layer, each a finished one-line message.

use crate::corpus::CorpusError;
use crate::gate::GateError;

/// Anything that stops mtmeter from producing a result.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The test set could not be loaded.
    #[error(transparent)]
    Corpus(#[from] CorpusError),
    /// A metric or tokenizer option that cannot be honoured.
    #[error("{0}")]
    Config(String),
    /// The CI gate could not decide (a mismatch is exit code 3).
    #[error(transparent)]
    Gate(#[from] GateError),
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
