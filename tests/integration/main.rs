//! Integration tests.
mod breakdown;
