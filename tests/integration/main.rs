//! Integration tests.
mod significance;
