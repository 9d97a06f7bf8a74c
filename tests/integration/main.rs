//! One integration-test binary (each file directly in tests/ would relink everything).
//!
//! Tests that need the real test sets read them from `../shared/corpora` beside the checkout,
//! or from `$MTMETER_SHARED/corpora`. See [`common::shared`].

mod algebra;
mod breakdown;
mod cli;
mod common;
mod detail;
mod evaluate;
mod fidelity;
mod flags;
mod formats;
mod fuzz;
mod gate;
mod hjerson;
mod hygiene;
mod limits;
mod report;
mod scale;
mod scores;
mod shard;
mod significance;
mod testsets;
mod testsets_zip;
