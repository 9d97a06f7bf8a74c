//! BLEU (Papineni et al., 2002) exactly as sacreBLEU 2.6.0 `metrics/bleu.py` computes it.

use std::ops::AddAssign;

use super::ngrams::{NgramIndex, NgramScratch, RefCounts, WordSymbols, with_scratch};
use super::signature::{Signature, yes_no};
use super::{Metric, ScoreDetails, SufficientStats};
use crate::tokenize::text::{py_lower, py_rstrip, py_split};
use crate::tokenize::{Tokenizer, Tokenizer13a, TokenizerKind, ZhTokenizer};

/// Largest supported `max_ngram_order` (statistics are fixed-size arrays).
pub const MAX_SUPPORTED_ORDER: usize = 12;

/// sacreBLEU's smoothing methods (Chen & Cherry, 2014).
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum SmoothMethod {
    /// No smoothing.
    None,
    /// Method 1: a zero match count becomes `smooth_value` (default 0.1).
    Floor,
    /// Method 2: add `smooth_value` (default 1) to matches and totals of orders > 1.
    AddK,
    /// Method 3: NIST geometric decay (mteval-v13a), the default.
    Exp,
}

impl SmoothMethod {
    /// Name as on sacreBLEU's command line.
    pub fn name(self) -> &'static str {
        match self {
            Self::None => "none",
            Self::Floor => "floor",
            Self::AddK => "add-k",
            Self::Exp => "exp",
        }
    }

    /// sacreBLEU's `SMOOTH_DEFAULTS`.
    pub fn default_value(self) -> Option<f64> {
        match self {
            Self::Floor => Some(0.1),
            Self::AddK => Some(1.0),
            Self::None | Self::Exp => None,
        }
    }
}

impl std::str::FromStr for SmoothMethod {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        Ok(match s {
            "none" => Self::None,
            "floor" => Self::Floor,
            "add-k" => Self::AddK,
            "exp" => Self::Exp,
            _ => {
                return Err(format!(
                    "unknown smoothing method '{s}' (choose none, floor, add-k or exp)"
                ));
            }
        })
    }
}

/// BLEU options, with sacreBLEU's defaults.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct BleuConfig {
    /// Tokenizer (`13a` by default).
    pub tokenize: TokenizerKind,
    /// Lowercase hypothesis and references first.
    pub lowercase: bool,
    /// Smoothing method.
    pub smooth_method: SmoothMethod,
    /// Smoothing value for `floor` and `add-k` (`None`: the method's default).
    pub smooth_value: Option<f64>,
    /// Highest n-gram order (4).
    pub max_ngram_order: usize,
    /// Stop at the highest order with matches (sentence-level BLEU).
    pub effective_order: bool,
}

impl Default for BleuConfig {
    fn default() -> Self {
        Self {
            tokenize: TokenizerKind::V13a,
            lowercase: false,
            smooth_method: SmoothMethod::Exp,
            smooth_value: None,
            max_ngram_order: 4,
            effective_order: false,
        }
    }
}

/// BLEU sufficient statistics: lengths and, per order, clipped matches and hypothesis n-grams.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
pub struct BleuStats {
    /// Hypothesis length in tokens.
    pub hyp_len: u64,
    /// Closest reference length (ties: the shorter one).
    pub ref_len: u64,
    /// Clipped n-gram matches, order 1 first.
    pub matches: [u64; MAX_SUPPORTED_ORDER],
    /// Hypothesis n-grams, order 1 first.
    pub totals: [u64; MAX_SUPPORTED_ORDER],
}

impl AddAssign for BleuStats {
    fn add_assign(&mut self, o: Self) {
        self.hyp_len += o.hyp_len;
        self.ref_len += o.ref_len;
        for n in 0..MAX_SUPPORTED_ORDER {
            self.matches[n] += o.matches[n];
            self.totals[n] += o.totals[n];
        }
    }
}

impl SufficientStats for BleuStats {
    /// `[hyp_len, ref_len, matches..., totals...]`, as `_compute_segment_statistics` returns.
    fn write_row(&self, width: usize, row: &mut Vec<f64>) {
        let order = (width - 2) / 2;
        row.push(self.hyp_len as f64);
        row.push(self.ref_len as f64);
        row.extend(self.matches[..order].iter().map(|&x| x as f64));
        row.extend(self.totals[..order].iter().map(|&x| x as f64));
    }
}

/// A corpus BLEU score with the details sacreBLEU reports.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct BleuScore {
    /// BLEU, 0–100.
    pub score: f64,
    /// Brevity penalty.
    pub bp: f64,
    /// n-gram precisions in percent (after smoothing), order 1 first.
    pub precisions: Vec<f64>,
}

/// The BLEU metric with its tokenizer.
pub struct Bleu {
    config: BleuConfig,
    tokenizer: Box<dyn Tokenizer>,
}

impl std::fmt::Debug for Bleu {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Bleu")
            .field("config", &self.config)
            .finish()
    }
}

/// One segment's references as BLEU needs them.
#[derive(Debug, Clone)]
pub struct BleuRefs {
    vocab: WordSymbols,
    index: NgramIndex,
    /// Per order, the maximum count over references of each n-gram id.
    counts: RefCounts,
    lens: Vec<u64>,
}

/// Error for a configuration sacreBLEU would reject or mtmeter cannot hold.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("the BLEU n-gram order must be between 1 and {MAX_SUPPORTED_ORDER}, got {0}")]
pub struct BadOrder(pub usize);

impl Bleu {
    /// Build BLEU from its configuration.
    pub fn new(config: BleuConfig) -> Result<Self, BadOrder> {
        if config.max_ngram_order == 0 || config.max_ngram_order > MAX_SUPPORTED_ORDER {
            return Err(BadOrder(config.max_ngram_order));
        }
        let tokenizer = config.tokenize.build();
        Ok(Self { config, tokenizer })
    }

    /// The configuration.
    pub fn config(&self) -> &BleuConfig {
        &self.config
    }

    /// `_preprocess_segment`: optional lowercasing, then the tokenizer on the right-stripped line.
    /// (Reference for [`Bleu::for_each_token`].)
    #[cfg(test)]
    fn preprocess(&self, line: &str) -> String {
        if self.config.lowercase {
            self.tokenizer.tokenize(py_rstrip(&py_lower(line)))
        } else {
            self.tokenizer.tokenize(py_rstrip(line))
        }
    }

    /// Call `f` on every token of [`Bleu::preprocess`]'s output (`py_split` of it), without
    /// building the token string when the tokenizer can hand tokens out directly.
    #[inline]
    fn for_each_token(&self, line: &str, mut f: impl FnMut(&str)) {
        let lowered;
        let line = if self.config.lowercase {
            lowered = py_lower(line);
            py_rstrip(&lowered)
        } else {
            py_rstrip(line)
        };
        match self.config.tokenize {
            TokenizerKind::Zh => ZhTokenizer.for_each_token(line, f),
            TokenizerKind::V13a => Tokenizer13a.for_each_token(line, f),
            _ => py_split(&self.tokenizer.tokenize(line)).for_each(&mut f),
        }
    }

    /// sacreBLEU's `_get_closest_ref_len`: smallest |hyp − ref|, ties to the shorter reference.
    fn closest_ref_len(hyp_len: u64, ref_lens: &[u64]) -> u64 {
        let mut best: Option<(u64, u64)> = None;
        for &r in ref_lens {
            let diff = hyp_len.abs_diff(r);
            best = match best {
                None => Some((diff, r)),
                Some((d, l)) if diff < d || (diff == d && r < l) => Some((diff, r)),
                keep => keep,
            };
        }
        best.map_or(0, |(_, l)| l)
    }

    /// A digest of no references, to be filled.
    fn empty_references(&self) -> BleuRefs {
        BleuRefs {
            vocab: WordSymbols::default(),
            index: NgramIndex::new(self.config.max_ngram_order),
            counts: RefCounts::new(self.config.max_ngram_order, 1),
            lens: Vec::new(),
        }
    }

    /// Digest `refs` into `cache`, emptied first and its memory reused.
    fn fill_references(&self, refs: &[&str], cache: &mut BleuRefs) {
        let order = self.config.max_ngram_order;
        let BleuRefs {
            vocab,
            index,
            counts,
            lens,
        } = cache;
        vocab.clear();
        index.clear(order);
        counts.reset(order, 1);
        lens.clear();
        with_scratch(|scratch| {
            let NgramScratch { symbols, ids, .. } = scratch;
            // Every reference's tokens first, so that the index is sized once.
            symbols.clear();
            for r in refs {
                let start = symbols.len();
                self.for_each_token(r, |w| symbols.push(vocab.intern(w)));
                lens.push((symbols.len() - start) as u64);
            }
            index.reserve(symbols.len());
            let mut start = 0;
            for &len in lens.iter() {
                let end = start + len as usize;
                index.insert_into(&symbols[start..end], ids);
                counts.add_max(index, ids);
                start = end;
            }
        });
    }

    /// Full score details from (summed) statistics: `BLEU.compute_bleu`, with this metric's
    /// smoothing and effective-order settings.
    pub fn compute(&self, stats: &BleuStats) -> BleuScore {
        compute_bleu(
            &stats.matches[..self.config.max_ngram_order],
            &stats.totals[..self.config.max_ngram_order],
            stats.hyp_len,
            stats.ref_len,
            self.config.smooth_method,
            self.config.smooth_value,
            self.config.effective_order,
        )
    }
}

/// sacreBLEU's `my_log`: log with log(0) floored to -9999999999.
fn my_log(x: f64) -> f64 {
    if x == 0.0 { -9_999_999_999.0 } else { x.ln() }
}

/// `BLEU.compute_bleu`, operation for operation, so that results are bit-identical.
pub fn compute_bleu(
    correct: &[u64],
    total: &[u64],
    sys_len: u64,
    ref_len: u64,
    smooth_method: SmoothMethod,
    smooth_value: Option<f64>,
    effective_order: bool,
) -> BleuScore {
    let order = correct.len();
    let smooth_value = smooth_value
        .or(smooth_method.default_value())
        .unwrap_or(0.0);
    let mut bp = 1.0;
    if sys_len < ref_len {
        bp = if sys_len > 0 {
            (1.0 - ref_len as f64 / sys_len as f64).exp()
        } else {
            0.0
        };
    }
    let mut precisions = vec![0.0; order];
    // Early stop if there are no matches (sacreBLEU #141).
    if correct.iter().all(|&c| c == 0) {
        return BleuScore {
            score: 0.0,
            bp,
            precisions,
        };
    }
    let mut smooth_mteval = 1.0f64;
    let mut eff_order = order;
    for n in 1..=order {
        // add-k mutates the counts as floats (Python adds a float to an int).
        let (mut c, mut t) = (correct[n - 1] as f64, total[n - 1] as f64);
        if smooth_method == SmoothMethod::AddK && n > 1 {
            c += smooth_value;
            t += smooth_value;
        }
        if t == 0.0 {
            break;
        }
        if effective_order {
            eff_order = n;
        }
        if c == 0.0 {
            match smooth_method {
                SmoothMethod::Exp => {
                    smooth_mteval *= 2.0;
                    precisions[n - 1] = 100.0 / (smooth_mteval * t);
                }
                SmoothMethod::Floor => precisions[n - 1] = 100.0 * smooth_value / t,
                SmoothMethod::AddK | SmoothMethod::None => {}
            }
        } else {
            precisions[n - 1] = 100.0 * c / t;
        }
    }
    // Python's sum() starts from int 0 and adds left to right.
    let mut log_sum = 0.0f64;
    for &p in &precisions[..eff_order] {
        log_sum += my_log(p);
    }
    let score = bp * (log_sum / eff_order as f64).exp();
    BleuScore {
        score,
        bp,
        precisions,
    }
}

impl Metric for Bleu {
    type Stats = BleuStats;
    type RefCache = BleuRefs;

    fn display_name(&self) -> String {
        "BLEU".to_owned()
    }

    fn signature(&self, nrefs: usize) -> Signature {
        bleu_signature(&self.config, nrefs)
    }

    fn sentence_signature(&self, nrefs: usize) -> Signature {
        // sacreBLEU's sentence_score switches effective order on.
        let mut c = self.config.clone();
        c.effective_order = true;
        bleu_signature(&c, nrefs)
    }

    fn details(&self, t: &BleuStats) -> ScoreDetails {
        let o = self.config.max_ngram_order;
        let BleuScore { bp, precisions, .. } = self.compute(t);
        ScoreDetails::Bleu {
            counts: t.matches[..o].to_vec(),
            totals: t.totals[..o].to_vec(),
            sys_len: t.hyp_len,
            ref_len: t.ref_len,
            bp,
            precisions,
        }
    }

    fn row_width(&self) -> usize {
        2 + 2 * self.config.max_ngram_order
    }

    fn prepare_references(&self, refs: &[&str]) -> BleuRefs {
        let mut cache = self.empty_references();
        self.fill_references(refs, &mut cache);
        cache
    }

    fn prepare_references_into<'c>(
        &self,
        refs: &[&str],
        cache: &'c mut Option<BleuRefs>,
    ) -> &'c BleuRefs {
        let cache = cache.get_or_insert_with(|| self.empty_references());
        self.fill_references(refs, cache);
        cache
    }

    fn segment_stats(&self, hyp: &str, refs: &BleuRefs) -> BleuStats {
        with_scratch(|scratch| {
            let NgramScratch {
                symbols,
                matches,
                match_scratch,
                ..
            } = scratch;
            symbols.clear();
            self.for_each_token(hyp, |w| symbols.push(refs.vocab.lookup(w)));
            let mut s = BleuStats {
                hyp_len: symbols.len() as u64,
                ..BleuStats::default()
            };
            s.ref_len = Self::closest_ref_len(s.hyp_len, &refs.lens);
            let order = self.config.max_ngram_order;
            matches.resize(order, 0);
            refs.index
                .count_matches(symbols, &refs.counts, match_scratch, matches);
            s.matches[..order].copy_from_slice(matches);
            for (n, t) in s.totals[..order].iter_mut().enumerate() {
                *t = symbols.len().saturating_sub(n) as u64;
            }
            s
        })
    }

    fn score(&self, stats: &BleuStats) -> f64 {
        self.compute(stats).score
    }

    fn sentence_score(&self, stats: &BleuStats) -> f64 {
        // `sacrebleu --sentence-level` switches effective order on for BLEU.
        let o = self.config.max_ngram_order;
        compute_bleu(
            &stats.matches[..o],
            &stats.totals[..o],
            stats.hyp_len,
            stats.ref_len,
            self.config.smooth_method,
            self.config.smooth_value,
            true,
        )
        .score
    }

    fn score_row(&self, row: &[f64]) -> f64 {
        let o = self.config.max_ngram_order;
        let ints = |xs: &[f64]| xs.iter().map(|&x| x as u64).collect::<Vec<_>>();
        compute_bleu(
            &ints(&row[2..2 + o]),
            &ints(&row[2 + o..2 + 2 * o]),
            row[0] as u64,
            row[1] as u64,
            self.config.smooth_method,
            self.config.smooth_value,
            self.config.effective_order,
        )
        .score
    }
}

/// `BLEUSignature`: `nrefs|case|eff|tok|smooth|version`.
pub fn bleu_signature(c: &BleuConfig, nrefs: usize) -> Signature {
    let mut smooth = c.smooth_method.name().to_owned();
    if let Some(default) = c.smooth_method.default_value() {
        smooth = format!("{smooth}[{:.2}]", c.smooth_value.unwrap_or(default));
    }
    let mut s = Signature::new(nrefs);
    s.push("case", "c", if c.lowercase { "lc" } else { "mixed" })
        .push("eff", "e", yes_no(c.effective_order))
        .push("tok", "tok", c.tokenize.name())
        .push("smooth", "s", smooth);
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bleu(cfg: BleuConfig) -> Bleu {
        Bleu::new(cfg).unwrap()
    }

    fn stats(m: &Bleu, hyp: &str, refs: &[&str]) -> BleuStats {
        m.segment_stats(hyp, &m.prepare_references(refs))
    }

    #[test]
    fn direct_tokens_equal_split_of_token_string() {
        let lines = [
            " Hello, world!  1999. ",
            "我爱北京天安门。1.5-2, a..b",
            "&quot;x&quot; <skipped> y-\nz\u{a0}",
            "",
            "ÉCOLE 3-4.",
        ];
        for kind in TokenizerKind::ALL {
            for lowercase in [false, true] {
                let m = bleu(BleuConfig {
                    tokenize: kind,
                    lowercase,
                    ..BleuConfig::default()
                });
                for line in lines {
                    let mut direct = Vec::new();
                    m.for_each_token(line, |t| direct.push(t.to_owned()));
                    let pre = m.preprocess(line);
                    let split: Vec<&str> = py_split(&pre).collect();
                    assert_eq!(direct, split, "{kind:?} {line:?}");
                }
            }
        }
    }

    #[test]
    fn identical_sentence_scores_100() {
        let m = bleu(BleuConfig::default());
        let s = stats(&m, "The cat sat on the mat.", &["The cat sat on the mat."]);
        assert_eq!(s.hyp_len, 7);
        assert_eq!(&s.matches[..4], &s.totals[..4]);
        assert!((m.score(&s) - 100.0).abs() < 1e-12);
    }

    #[test]
    fn empty_hypothesis_scores_zero_with_zero_bp() {
        let m = bleu(BleuConfig::default());
        let s = stats(&m, "", &["a reference"]);
        assert_eq!((s.hyp_len, s.ref_len), (0, 2));
        let d = m.compute(&s);
        assert_eq!((d.score, d.bp), (0.0, 0.0));
    }

    #[test]
    fn empty_reference_gives_zero_matches() {
        let m = bleu(BleuConfig::default());
        let s = stats(&m, "some words", &[""]);
        assert_eq!((s.hyp_len, s.ref_len, s.matches[0]), (2, 0, 0));
        assert_eq!(m.score(&s), 0.0);
    }

    #[test]
    fn closest_reference_length_ties_go_to_the_shorter() {
        assert_eq!(Bleu::closest_ref_len(5, &[7, 3]), 3);
        assert_eq!(Bleu::closest_ref_len(5, &[3, 7]), 3);
        assert_eq!(Bleu::closest_ref_len(5, &[9, 6, 4]), 4);
        assert_eq!(Bleu::closest_ref_len(10, &[2, 4, 12]), 12);
    }

    #[test]
    fn clipping_takes_max_count_over_references() {
        let m = bleu(BleuConfig::default());
        // "the" occurs twice in ref 2: three hypothesis "the" clip to 2.
        let s = stats(
            &m,
            "the the the",
            &["the cat", "the mat and the dog", "a b"],
        );
        assert_eq!((s.matches[0], s.totals[0]), (2, 3));
        assert_eq!(s.ref_len, 2);
    }

    #[test]
    fn one_token_hypothesis_with_effective_order() {
        let m = bleu(BleuConfig::default());
        let s = stats(&m, "cat", &["cat"]);
        assert_eq!(&s.totals[..4], &[1, 0, 0, 0]);
        // Sentence BLEU (effective order): precision 100 at order 1 only.
        assert!((m.sentence_score(&s) - 100.0).abs() < 1e-12);
        // Corpus BLEU without effective order: orders 2..4 have no n-grams, the loop breaks and
        // their zero precisions floor the log: the score vanishes.
        assert!(m.score(&s) < 1e-300);
    }

    #[test]
    fn signature_matches_sacrebleu_format() {
        let c = BleuConfig {
            smooth_method: SmoothMethod::Floor,
            lowercase: true,
            ..BleuConfig::default()
        };
        let sig = bleu_signature(&c, 1).format(false);
        assert!(
            sig.starts_with("nrefs:1|case:lc|eff:no|tok:13a|smooth:floor[0.10]|version:mtmeter-"),
            "{sig}"
        );
    }
}
