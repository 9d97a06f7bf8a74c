//! # mtmeter
//!
//! Machine-translation evaluation with sacreBLEU 2.6.0's exact numbers, fast.
//!
//! The pipeline, in the field's terms:
//! 1. [`corpus`]: load a test set (references, system outputs, optional source) and refuse
//!    anything misaligned or broken, naming the file and line.
//! 2. [`tokenize`]: sacreBLEU's tokenizers (`13a`, `intl`, `zh`, `char`, `none`).
//! 3. [`metrics`]: every metric turns a segment into additive sufficient statistics and a
//!    (summed) statistics vector into a score with a signature.
//! 4. [`scoring`]: all systems and segments in parallel, deterministic.
//! 5. [`report`]: one result model rendered as a text table or stable JSON.
//! 6. [`shard`]: one contiguous range of segments per process (Slurm, Kubernetes, GNU
//!    parallel), merged into exactly the result of one process.
//! 7. [`gate`]: the CI gate: a stored baseline (per-segment statistics, signatures, content
//!    hashes) against a candidate, paired test, Kocmi et al. 2024 thresholds, pass/warn/fail.
//!
//! ```
//! use mtmeter::metrics::{Bleu, BleuConfig, Chrf, ChrfConfig, Metric};
//!
//! let bleu = Bleu::new(BleuConfig::default()).unwrap();
//! let refs = bleu.prepare_references(&["The cat sat on the mat."]);
//! let stats = bleu.segment_stats("The cat sat on a mat.", &refs);
//! assert_eq!(stats.hyp_len, 7);
//! assert!((bleu.sentence_score(&stats) - 48.892302243490086).abs() < 1e-9);
//!
//! let chrf = Chrf::new(ChrfConfig::default()).unwrap();
//! let refs = chrf.prepare_references(&["The cat sat on the mat."]);
//! assert!(chrf.score(&chrf.segment_stats("The cat sat on the mat.", &refs)) == 100.0);
//! ```
#![warn(missing_docs)]

pub mod analysis;
pub mod corpus;
pub mod error;
pub mod evaluation;
pub mod gate;
pub mod metrics;
pub mod report;
pub mod scoring;
pub mod shard;
pub mod significance;
pub mod testsets;
pub mod tokenize;

pub use error::Error;
