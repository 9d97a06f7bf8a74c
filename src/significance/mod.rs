//! Significance (WIP).
pub mod rng;
