//! The crate's error type: one variant per layer, each a finished one-line message.

use crate::corpus::CorpusError;

/// Anything that stops mtmeter from producing a result.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The test set could not be loaded.
    #[error(transparent)]
    Corpus(#[from] CorpusError),
    /// A metric or tokenizer option that cannot be honoured.
    #[error("{0}")]
    Config(String),
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
    /// Process exit code: every error is 2 (1 is reserved for a regression found by a gate).
    pub fn exit_code(&self) -> u8 {
        2
    }
}
