//! Analyses beyond a single corpus score: where systems differ, and on what.
//!
//! Every analysis is a library function from a validated [`crate::corpus::Corpus`] to a
//! serializable result; rendering lives beside the result and never computes.

pub mod breakdown;
