//! TER (Snover et al., 2006) as sacreBLEU 2.6.0 computes it (its port of TERCOM).
//! PLACEHOLDER: being implemented on its own branch; the interface below is fixed.

use std::ops::AddAssign;

use super::signature::{Signature, yes_no};
use super::{Metric, SufficientStats};

/// TER options, with sacreBLEU's defaults (TERCOM behaviour).
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct TerConfig {
    /// `--ter-normalized`.
    pub normalized: bool,
    /// `--ter-no-punct`.
    pub no_punct: bool,
    /// `--ter-asian-support`.
    pub asian_support: bool,
    /// `--ter-case-sensitive`.
    pub case_sensitive: bool,
}

/// TER sufficient statistics: edits of the best reference and the average reference length.
#[derive(Debug, Clone, Copy, PartialEq, Default, serde::Serialize, serde::Deserialize)]
pub struct TerStats {
    /// Edits against the closest reference (integer-valued).
    pub num_edits: f64,
    /// Average length of the segment's references.
    pub ref_length: f64,
}

impl AddAssign for TerStats {
    fn add_assign(&mut self, o: Self) {
        self.num_edits += o.num_edits;
        self.ref_length += o.ref_length;
    }
}

impl SufficientStats for TerStats {
    fn write_row(&self, _width: usize, row: &mut Vec<f64>) {
        row.push(self.num_edits);
        row.push(self.ref_length);
    }
}

/// The TER metric.
#[derive(Debug, Clone)]
pub struct Ter {
    config: TerConfig,
}

impl Ter {
    /// Build TER from its configuration.
    pub fn new(config: TerConfig) -> Self {
        Self { config }
    }
}

impl Metric for Ter {
    type Stats = TerStats;
    type RefCache = Vec<Vec<String>>;

    fn id(&self) -> &'static str {
        "ter"
    }
    fn display_name(&self) -> String {
        "TER".to_owned()
    }
    fn signature(&self, nrefs: usize) -> Signature {
        let c = &self.config;
        let mut s = Signature::new(nrefs);
        s.push("case", "c", if c.case_sensitive { "mixed" } else { "lc" })
            .push("tok", "t", "tercom")
            .push("norm", "nr", yes_no(c.normalized))
            .push("punct", "pn", yes_no(!c.no_punct))
            .push("asian", "as", yes_no(c.asian_support));
        s
    }
    fn row_width(&self) -> usize {
        2
    }
    fn prepare_references(&self, _refs: &[&str]) -> Self::RefCache {
        unimplemented!("TER is being ported")
    }
    fn segment_stats(&self, _hyp: &str, _refs: &Self::RefCache) -> TerStats {
        unimplemented!("TER is being ported")
    }
    fn score(&self, s: &TerStats) -> f64 {
        self.score_row(&[s.num_edits, s.ref_length])
    }
    fn score_row(&self, row: &[f64]) -> f64 {
        let (edits, len) = (row[0], row[1]);
        let score = if len > 0.0 {
            edits / len
        } else if edits > 0.0 {
            1.0
        } else {
            0.0
        };
        100.0 * score
    }
}
