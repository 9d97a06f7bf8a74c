//! The errors of the significance layer: bad seeds, nothing to resample, too few systems, and
//! draws that do not match the statistics. Plain data: no I/O, no CLI flag names.

/// Why a significance test or interval could not be computed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SignificanceError {
    /// A seed that is neither a non-negative integer nor `none`.
    #[error("invalid seed {0:?}: expected a non-negative integer or 'none'")]
    InvalidSeed(String),
    /// Nothing to resample.
    #[error("{0}: need at least one segment and one resample")]
    Empty(&'static str),
    /// A paired test with fewer than two systems.
    #[error(
        "paired tests need at least two systems: the baseline and the systems compared with it"
    )]
    TooFewSystems,
    /// Draws and statistics that do not belong together (a caller's mistake).
    #[error("paired test: {0}")]
    Mismatch(String),
}
