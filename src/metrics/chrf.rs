//! chrF (Popović, 2015) and chrF++ (Popović, 2017) exactly as sacreBLEU 2.6.0 `metrics/chrf.py`.

use std::borrow::Cow;
use std::ops::AddAssign;

use super::ngrams::{NgramIndex, NgramScratch, RefCounts, WordSymbols, with_scratch};
use super::signature::{Signature, yes_no};
use super::{Metric, SufficientStats};
use crate::tokenize::text::{is_py_whitespace, py_lower, py_split};

/// Largest supported `char_order + word_order`.
pub const MAX_SUPPORTED_ORDERS: usize = 12;

/// chrF options, with sacreBLEU's defaults (chrF2: char order 6, word order 0, beta 2).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct ChrfConfig {
    /// Character n-gram order (6).
    pub char_order: usize,
    /// Word n-gram order (0; 2 gives chrF++).
    pub word_order: usize,
    /// Recall weight (2).
    pub beta: u32,
    /// Lowercase first.
    pub lowercase: bool,
    /// Keep whitespace inside character n-grams.
    pub whitespace: bool,
    /// Epsilon smoothing (chrF++.py, NLTK, Moses) instead of effective-order averaging.
    pub eps_smoothing: bool,
}

impl Default for ChrfConfig {
    fn default() -> Self {
        Self {
            char_order: 6,
            word_order: 0,
            beta: 2,
            lowercase: false,
            whitespace: false,
            eps_smoothing: false,
        }
    }
}

impl ChrfConfig {
    /// chrF++ (word order 2).
    pub fn chrf_plus_plus() -> Self {
        Self {
            word_order: 2,
            ..Self::default()
        }
    }
}

/// Per order (characters first, then words): hypothesis n-grams, reference n-grams, matches.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
pub struct ChrfStats {
    /// `[hyp, ref, match]` per order.
    pub orders: [[u64; 3]; MAX_SUPPORTED_ORDERS],
}

impl AddAssign for ChrfStats {
    fn add_assign(&mut self, o: Self) {
        for (a, b) in self.orders.iter_mut().zip(o.orders.iter()) {
            a[0] += b[0];
            a[1] += b[1];
            a[2] += b[2];
        }
    }
}

impl SufficientStats for ChrfStats {
    /// Flattened `[hyp, ref, match]` triples, as `_compute_segment_statistics` returns.
    fn write_row(&self, width: usize, row: &mut Vec<f64>) {
        for o in &self.orders[..width / 3] {
            row.extend(o.iter().map(|&x| x as f64));
        }
    }
}

/// The chrF / chrF++ metric.
#[derive(Debug, Clone)]
pub struct Chrf {
    config: ChrfConfig,
}

/// Error for an order combination mtmeter cannot hold.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "chrF orders must satisfy 1 <= char order + word order <= {MAX_SUPPORTED_ORDERS}, got {0} + {1}"
)]
pub struct BadOrders(pub usize, pub usize);

/// The n-grams of one kind (characters or words) of a segment's references: their ids and,
/// per order, their count in every reference (one column per reference).
#[derive(Debug, Clone)]
struct Side {
    index: NgramIndex,
    counts: RefCounts,
}

/// One segment's references as chrF needs them: each reference separately (the best one wins),
/// with n-gram ids shared by all of them.
#[derive(Debug, Clone)]
pub struct ChrfRefs {
    vocab: WordSymbols,
    chars: Option<Side>,
    words: Option<Side>,
    /// Per reference, its number of n-grams per order (characters first, then words).
    totals: Vec<[u64; MAX_SUPPORTED_ORDERS]>,
}

/// `CHRF._PUNCTS`: ASCII punctuation split off word edges for chrF++ word n-grams.
fn is_chrf_punct(c: char) -> bool {
    c.is_ascii_punctuation()
}

/// `CHRF._remove_punctuation`: split one punctuation mark off the end, else off the start, of
/// every word longer than one character.
fn split_punctuation(sent: &str) -> impl Iterator<Item = &str> {
    py_split(sent).flat_map(|w| {
        let mut chars = w.chars();
        let first = chars.next();
        let last = w.chars().next_back();
        let one_char = chars.next().is_none();
        let pieces: [Option<&str>; 2] = if one_char {
            [Some(w), None]
        } else if last.is_some_and(is_chrf_punct) {
            let cut = w.len() - last.map_or(0, char::len_utf8);
            [Some(&w[..cut]), Some(&w[cut..])]
        } else if first.is_some_and(is_chrf_punct) {
            let cut = first.map_or(0, char::len_utf8);
            [Some(&w[..cut]), Some(&w[cut..])]
        } else {
            [Some(w), None]
        };
        pieces.into_iter().flatten()
    })
}

impl Chrf {
    /// Build chrF from its configuration.
    pub fn new(config: ChrfConfig) -> Result<Self, BadOrders> {
        let total = config.char_order + config.word_order;
        if total == 0 || total > MAX_SUPPORTED_ORDERS {
            return Err(BadOrders(config.char_order, config.word_order));
        }
        Ok(Self { config })
    }

    /// The configuration.
    pub fn config(&self) -> &ChrfConfig {
        &self.config
    }

    fn orders(&self) -> usize {
        self.config.char_order + self.config.word_order
    }

    /// Character symbols of a line, appended to `out`: code points, whitespace removed unless
    /// asked to keep it (`''.join(line.split())`).
    fn char_symbols(&self, line: &str, out: &mut Vec<u64>) {
        if self.config.whitespace {
            out.extend(line.chars().map(|c| u64::from(u32::from(c))));
        } else {
            out.extend(
                line.chars()
                    .filter(|&c| !is_py_whitespace(c))
                    .map(|c| u64::from(u32::from(c))),
            );
        }
    }

    /// `_compute_f_score` on one statistics vector (float64, as sacreBLEU's corpus path).
    pub fn f_score(&self, orders: &[[u64; 3]]) -> f64 {
        f_score(
            orders
                .iter()
                .map(|o| (o[0] as f64, o[1] as f64, o[2] as f64)),
            self.config.beta,
            self.config.eps_smoothing,
            self.orders(),
        )
    }
}

/// `CHRF._compute_f_score`, operation for operation.
fn f_score(
    orders: impl Iterator<Item = (f64, f64, f64)>,
    beta: u32,
    eps_smoothing: bool,
    n_orders: usize,
) -> f64 {
    let eps = 1e-16;
    let factor = f64::from(beta * beta);
    let mut score = 0.0f64;
    let mut effective_order = 0u32;
    let (mut avg_prec, mut avg_rec) = (0.0f64, 0.0f64);
    for (n_hyp, n_ref, n_match) in orders {
        let prec = if n_hyp > 0.0 { n_match / n_hyp } else { eps };
        let rec = if n_ref > 0.0 { n_match / n_ref } else { eps };
        let denom = factor * prec + rec;
        score += if denom > 0.0 {
            (1.0 + factor) * prec * rec / denom
        } else {
            eps
        };
        if n_hyp > 0.0 && n_ref > 0.0 {
            avg_prec += prec;
            avg_rec += rec;
            effective_order += 1;
        }
    }
    if eps_smoothing {
        return 100.0 * score / n_orders as f64;
    }
    if effective_order == 0 {
        avg_prec = 0.0;
        avg_rec = 0.0;
    } else {
        avg_prec /= f64::from(effective_order);
        avg_rec /= f64::from(effective_order);
    }
    if avg_prec + avg_rec != 0.0 {
        let mut s = (1.0 + factor) * avg_prec * avg_rec;
        s /= (factor * avg_prec) + avg_rec;
        100.0 * s
    } else {
        0.0
    }
}

impl Metric for Chrf {
    type Stats = ChrfStats;
    type RefCache = ChrfRefs;

    fn display_name(&self) -> String {
        format!(
            "chrF{}{}",
            self.config.beta,
            "+".repeat(self.config.word_order)
        )
    }

    fn signature(&self, nrefs: usize) -> Signature {
        let c = &self.config;
        let mut s = Signature::new(nrefs);
        s.push("case", "c", if c.lowercase { "lc" } else { "mixed" })
            .push("eff", "e", yes_no(!c.eps_smoothing))
            .push("nc", "nc", c.char_order.to_string())
            .push("nw", "nw", c.word_order.to_string())
            .push("space", "s", yes_no(c.whitespace));
        s
    }

    fn row_width(&self) -> usize {
        3 * self.orders()
    }

    fn prepare_references(&self, refs: &[&str]) -> ChrfRefs {
        let c = &self.config;
        let lines: Vec<Cow<'_, str>> = refs
            .iter()
            .map(|&r| {
                if c.lowercase {
                    py_lower(r).into()
                } else {
                    r.into()
                }
            })
            .collect();
        let mut vocab = WordSymbols::default();
        let mut totals = vec![[0u64; MAX_SUPPORTED_ORDERS]; refs.len()];
        with_scratch(|scratch| {
            let NgramScratch { symbols, ids, .. } = scratch;
            // The symbols of every reference first, so that the index is sized once.
            let mut side =
                |order: usize,
                 first_order: usize,
                 symbolize: &mut dyn FnMut(&str, &mut Vec<u64>)| {
                    symbols.clear();
                    let mut ends = Vec::with_capacity(lines.len());
                    for line in &lines {
                        symbolize(line, symbols);
                        ends.push(symbols.len());
                    }
                    let mut index = NgramIndex::new(order);
                    index.reserve(symbols.len());
                    let mut counts = RefCounts::new(order, refs.len().max(1));
                    let mut start = 0;
                    for (r, &end) in ends.iter().enumerate() {
                        index.insert_into(&symbols[start..end], ids);
                        counts.add(r, &index, ids);
                        for (t, o) in totals[r][first_order..].iter_mut().zip(&ids.by_order) {
                            *t = o.len() as u64;
                        }
                        start = end;
                    }
                    Side { index, counts }
                };
            let chars = (c.char_order > 0)
                .then(|| side(c.char_order, 0, &mut |l, out| self.char_symbols(l, out)));
            let words = (c.word_order > 0).then(|| {
                side(c.word_order, c.char_order, &mut |l, out| {
                    out.extend(split_punctuation(l).map(|w| vocab.intern(w)));
                })
            });
            ChrfRefs {
                vocab,
                chars,
                words,
                totals,
            }
        })
    }

    fn segment_stats(&self, hyp: &str, refs: &ChrfRefs) -> ChrfStats {
        let line: Cow<'_, str> = if self.config.lowercase {
            py_lower(hyp).into()
        } else {
            hyp.into()
        };
        let nrefs = refs.totals.len();
        with_scratch(|scratch| {
            let NgramScratch {
                symbols,
                matches,
                match_scratch,
                ..
            } = scratch;
            // `hyp_len[i]`: hypothesis n-grams of order i (characters first, then words);
            // `matches[i * nrefs + r]`: clipped matches against reference r.
            let mut hyp_len = [0u64; MAX_SUPPORTED_ORDERS];
            let n_orders = self.orders();
            matches.resize(n_orders * nrefs, 0);
            let mut count = |side: &Side, first_order: usize, symbols: &[u64]| {
                let order = side.index.max_order();
                for (n, len) in hyp_len[first_order..first_order + order]
                    .iter_mut()
                    .enumerate()
                {
                    *len = symbols.len().saturating_sub(n) as u64;
                }
                side.index.count_matches(
                    symbols,
                    &side.counts,
                    match_scratch,
                    &mut matches[first_order * nrefs..(first_order + order) * nrefs],
                );
            };
            if let Some(side) = &refs.chars {
                symbols.clear();
                self.char_symbols(&line, symbols);
                count(side, 0, symbols);
            }
            if let Some(side) = &refs.words {
                symbols.clear();
                symbols.extend(split_punctuation(&line).map(|w| refs.vocab.lookup(w)));
                count(side, self.config.char_order, symbols);
            }
            let mut best = ChrfStats::default();
            let mut best_f = -1.0;
            for (r, ref_len) in refs.totals.iter().enumerate() {
                let mut s = ChrfStats::default();
                for (i, o) in s.orders[..n_orders].iter_mut().enumerate() {
                    // `_get_match_statistics`: the hypothesis count is 0 when the reference has
                    // no n-gram of this order.
                    let hyp_count = if ref_len[i] == 0 { 0 } else { hyp_len[i] };
                    *o = [hyp_count, ref_len[i], matches[i * nrefs + r]];
                }
                if nrefs == 1 {
                    // Nothing to choose from: skip the F-score.
                    return s;
                }
                let f = self.f_score(&s.orders[..n_orders]);
                if f > best_f {
                    best_f = f;
                    best = s;
                }
            }
            best
        })
    }

    fn score(&self, stats: &ChrfStats) -> f64 {
        self.f_score(&stats.orders[..self.orders()])
    }

    fn score_row(&self, row: &[f64]) -> f64 {
        f_score(
            row.chunks_exact(3).map(|c| (c[0], c[1], c[2])),
            self.config.beta,
            self.config.eps_smoothing,
            self.orders(),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chrf(c: ChrfConfig) -> Chrf {
        Chrf::new(c).unwrap()
    }

    fn score(m: &Chrf, hyp: &str, refs: &[&str]) -> f64 {
        m.score(&m.segment_stats(hyp, &m.prepare_references(refs)))
    }

    #[test]
    fn identical_is_100_and_disjoint_is_0() {
        let m = chrf(ChrfConfig::default());
        assert!((score(&m, "Le chat est là.", &["Le chat est là."]) - 100.0).abs() < 1e-12);
        assert_eq!(score(&m, "xyz", &["abc"]), 0.0);
    }

    #[test]
    fn punctuation_split_matches_sacrebleu() {
        let words: Vec<_> = split_punctuation("Hello, (world) ! a. x").collect();
        assert_eq!(words, ["Hello", ",", "(world", ")", "!", "a", ".", "x"]);
    }

    #[test]
    fn whitespace_is_ignored_unless_requested() {
        let m = chrf(ChrfConfig::default());
        assert!((score(&m, "a b c", &["abc"]) - 100.0).abs() < 1e-12);
        let ws = chrf(ChrfConfig {
            whitespace: true,
            ..ChrfConfig::default()
        });
        assert!(score(&ws, "a b c", &["abc"]) < 100.0);
    }

    #[test]
    fn best_reference_by_f_score_wins() {
        let m = chrf(ChrfConfig::chrf_plus_plus());
        let refs = ["completely different", "the house is small"];
        let s = score(&m, "the house is small", &refs);
        assert!((s - 100.0).abs() < 1e-12);
    }

    #[test]
    fn lowercase_handles_non_ascii() {
        let m = chrf(ChrfConfig {
            lowercase: true,
            ..ChrfConfig::default()
        });
        assert!((score(&m, "ÉTÉ À PARIS", &["été à paris"]) - 100.0).abs() < 1e-12);
    }

    #[test]
    fn names() {
        assert_eq!(chrf(ChrfConfig::default()).display_name(), "chrF2");
        assert_eq!(chrf(ChrfConfig::chrf_plus_plus()).display_name(), "chrF2++");
    }
}
