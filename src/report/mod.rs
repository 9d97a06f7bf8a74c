//! One result model, many renderers: every output format is one file here, with one function
//! per model it renders. Renderers only format; nothing is computed in them.
//!
//! The models are [`crate::evaluation::Evaluation`] (scores, significance, analysis) and the
//! analysis reports it carries. Formats:
//! - [`text`]: terminal tables (corpus text and names escaped by [`terminal`]);
//! - [`html`]: `index.html` of `evaluate`, one self-contained page;
//! - [`json`]: the stable JSON contracts, documented there;
//! - [`latex`]: sacreBLEU's `-f latex` table;
//! - [`score_only`]: sacreBLEU's `-b` numbers;
//! - [`detail`]: sacreBLEU's `-d` table (scores by original language and subset).

pub mod atomic;
pub mod charts;
pub mod detail;
pub mod gate;
pub mod github;
pub mod html;
pub mod json;
pub mod junit;
pub mod latex;
pub mod markdown;
pub mod model;
pub mod score_only;
pub mod terminal;
pub mod text;

/// Options every renderer of signatures honours.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct SignatureStyle {
    /// sacreBLEU's `--short` signatures (`#:1|c:mixed|...`).
    pub short: bool,
}
