//! chrF (Popović, 2015) and chrF++ (Popović, 2017) exactly as sacreBLEU 2.6.0 `metrics/chrf.py`.

use std::borrow::Cow;
use std::ops::AddAssign;

use rustc_hash::FxHashMap;

use super::ngrams::{NgramIndex, NgramScratch, RefCounts, UNKNOWN, WordSymbols, with_scratch};
use super::signature::{Signature, yes_no};
use super::{Metric, SufficientStats};
use crate::tokenize::text::{is_py_whitespace, py_lower, py_split};

/// Largest supported `char_order + word_order`.
pub const MAX_SUPPORTED_ORDERS: usize = 12;

/// References of more symbols than this (characters, summed over a segment's references) are
/// counted one order at a time ([`streamed_matches`]) instead of through an [`NgramIndex`] of
/// every order: the index keeps a table per order, sized for every n-gram to be distinct at a
/// quarter load, about 150 bytes per reference character with 6 orders, which is nothing on a
/// sentence and 1.5 GB on a 10 MB line. No sentence comes near this length.
const LONG_SEGMENT_SYMBOLS: usize = 1 << 16;

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
    /// References longer than [`LONG_SEGMENT_SYMBOLS`], kept as (lowercased) text and counted
    /// against each hypothesis by [`streamed_matches`]; `chars` and `words` are then `None`.
    long: Option<Vec<String>>,
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

    /// The statistics of the best reference (sacreBLEU's `_compute_segment_statistics` with
    /// several references: the highest F-score wins, ties keep the earlier one), from the
    /// hypothesis n-gram counts, each reference's counts and the clipped matches
    /// (`matches[order * nrefs + r]`).
    fn best_reference(
        &self,
        hyp_len: &[u64; MAX_SUPPORTED_ORDERS],
        totals: &[[u64; MAX_SUPPORTED_ORDERS]],
        matches: &[u64],
    ) -> ChrfStats {
        let nrefs = totals.len();
        let n_orders = self.orders();
        let mut best = ChrfStats::default();
        let mut best_f = -1.0;
        for (r, ref_len) in totals.iter().enumerate() {
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
    }

    /// Segment statistics against long references ([`LONG_SEGMENT_SYMBOLS`]), one order at a
    /// time: the same numbers as the indexed path, in memory linear in the segment whatever
    /// the number of orders.
    fn long_segment_stats(&self, hyp: &str, refs: &[String]) -> ChrfStats {
        let c = &self.config;
        let nrefs = refs.len();
        let mut totals = vec![[0u64; MAX_SUPPORTED_ORDERS]; nrefs];
        let mut hyp_len = [0u64; MAX_SUPPORTED_ORDERS];
        let mut matches = vec![0u64; self.orders() * nrefs];
        let mut sides: Vec<(usize, usize, &Symbolize)> = Vec::new();
        let chars = |line: &str, u: &mut Unigrams| {
            if c.whitespace {
                u.push_all(line.chars().map(|ch| u64::from(u32::from(ch))));
            } else {
                u.push_all(
                    line.chars()
                        .filter(|&ch| !is_py_whitespace(ch))
                        .map(|ch| u64::from(u32::from(ch))),
                );
            }
        };
        let vocab = std::cell::RefCell::new(WordSymbols::default());
        let words = |line: &str, u: &mut Unigrams| {
            let mut vocab = vocab.borrow_mut();
            if u.interning {
                u.push_all(split_punctuation(line).map(|w| vocab.intern(w)));
            } else {
                u.push_all(split_punctuation(line).map(|w| vocab.lookup(w)));
            }
        };
        if c.char_order > 0 {
            sides.push((c.char_order, 0, &chars));
        }
        if c.word_order > 0 {
            sides.push((c.word_order, c.char_order, &words));
        }
        for (order, first_order, symbolize) in sides {
            let mut u = Unigrams::default();
            let ref_ids: Vec<Vec<u32>> = refs
                .iter()
                .map(|r| {
                    symbolize(r, &mut u);
                    std::mem::take(&mut u.ids)
                })
                .collect();
            u.interning = false;
            symbolize(hyp, &mut u);
            let hyp_ids = std::mem::take(&mut u.ids);
            let distinct = u.map.len();
            drop(u);
            for n in 0..order {
                hyp_len[first_order + n] = hyp_ids.len().saturating_sub(n) as u64;
                for (t, r) in totals.iter_mut().zip(&ref_ids) {
                    t[first_order + n] = r.len().saturating_sub(n) as u64;
                }
            }
            streamed_matches(
                ref_ids,
                hyp_ids,
                distinct,
                order,
                &mut matches[first_order * nrefs..(first_order + order) * nrefs],
            );
        }
        self.best_reference(&hyp_len, &totals, &matches)
    }

    /// The references of one segment digested for the indexed path (every order at once),
    /// `lines` already lowercased if asked to.
    fn prepare_indexed<S: AsRef<str>>(&self, lines: &[S]) -> ChrfRefs {
        let c = &self.config;
        let mut vocab = WordSymbols::default();
        let mut totals = vec![[0u64; MAX_SUPPORTED_ORDERS]; lines.len()];
        with_scratch(|scratch| {
            let NgramScratch { symbols, ids, .. } = scratch;
            // The symbols of every reference first, so that the index is sized once.
            let mut side =
                |order: usize,
                 first_order: usize,
                 symbolize: &mut dyn FnMut(&str, &mut Vec<u64>)| {
                    symbols.clear();
                    let mut ends = Vec::with_capacity(lines.len());
                    for line in lines {
                        symbolize(line.as_ref(), symbols);
                        ends.push(symbols.len());
                    }
                    let mut index = NgramIndex::new(order);
                    index.reserve(symbols.len());
                    let mut counts = RefCounts::new(order, lines.len().max(1));
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
                long: None,
            }
        })
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

/// Appends the unigram ids of a line (characters or words) to a [`Unigrams`].
type Symbolize<'a> = dyn Fn(&str, &mut Unigrams) + 'a;

/// Dense unigram ids of a segment's references (interning) and then of its hypothesis (lookup:
/// a symbol no reference has is [`UNKNOWN`]).
struct Unigrams {
    map: FxHashMap<u64, u32>,
    interning: bool,
    ids: Vec<u32>,
}

impl Default for Unigrams {
    fn default() -> Self {
        Self {
            map: FxHashMap::default(),
            interning: true,
            ids: Vec::new(),
        }
    }
}

impl Unigrams {
    fn push_all(&mut self, symbols: impl Iterator<Item = u64>) {
        for s in symbols {
            let id = if self.interning {
                let next = self.map.len() as u32;
                *self.map.entry(s).or_insert(next)
            } else {
                self.map.get(&s).copied().unwrap_or(UNKNOWN)
            };
            self.ids.push(id);
        }
    }
}

/// Clipped n-gram matches of a hypothesis against each reference, orders `1..=max_order`, into
/// `matches[(n - 1) * nrefs + r]`, computed one order at a time from dense unigram ids
/// (`distinct` of them; hypothesis unigrams no reference has are [`UNKNOWN`]).
///
/// Order `n`'s n-gram at `i` is the pair (id of the (n − 1)-gram at `i`, unigram at
/// `i + n − 1`); the pairs of the references get dense ids in a table that lives for one order
/// only, and the ids overwrite the previous order's in place. Peak memory is one order's table
/// plus a few `u32` per symbol, whatever `max_order`: the same sums of `min(hyp count, ref
/// count)` as [`NgramIndex::count_matches`], without a table per order.
fn streamed_matches(
    mut refs: Vec<Vec<u32>>,
    mut hyp: Vec<u32>,
    distinct: usize,
    max_order: usize,
    matches: &mut [u64],
) {
    let nrefs = refs.len();
    let unigrams_ref: Vec<Vec<u32>> = refs.clone();
    let unigrams_hyp = hyp.clone();
    let mut distinct = distinct;
    for n in 1..=max_order {
        if n > 1 {
            let mut table: FxHashMap<u64, u32> = FxHashMap::default();
            for (ids, uni) in refs.iter_mut().zip(&unigrams_ref) {
                let len = uni.len().saturating_sub(n - 1);
                for i in 0..len {
                    let key = (u64::from(ids[i]) << 32) | u64::from(uni[i + n - 1]);
                    let next = table.len() as u32;
                    ids[i] = *table.entry(key).or_insert(next);
                }
                ids.truncate(len);
            }
            let len = unigrams_hyp.len().saturating_sub(n - 1);
            for i in 0..len {
                let (prefix, last) = (hyp[i], unigrams_hyp[i + n - 1]);
                hyp[i] = if prefix == UNKNOWN || last == UNKNOWN {
                    UNKNOWN
                } else {
                    let key = (u64::from(prefix) << 32) | u64::from(last);
                    table.get(&key).copied().unwrap_or(UNKNOWN)
                };
            }
            hyp.truncate(len);
            distinct = table.len();
        }
        let out = &mut matches[(n - 1) * nrefs..n * nrefs];
        out.fill(0);
        if hyp.iter().all(|&id| id == UNKNOWN) {
            // No longer n-gram of the hypothesis is known either.
            for m in &mut matches[n * nrefs..max_order * nrefs] {
                *m = 0;
            }
            return;
        }
        let mut hyp_counts = vec![0u32; distinct];
        for &id in hyp.iter().filter(|&&id| id != UNKNOWN) {
            hyp_counts[id as usize] += 1;
        }
        let mut ref_counts = vec![0u32; distinct];
        for (ids, m) in refs.iter().zip(out.iter_mut()) {
            ref_counts.fill(0);
            for &id in ids {
                ref_counts[id as usize] += 1;
            }
            *m = hyp_counts
                .iter()
                .zip(&ref_counts)
                .map(|(&h, &r)| u64::from(h.min(r)))
                .sum();
        }
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
        // `str::len` bounds the number of characters from above.
        if lines.iter().map(|l| l.len()).sum::<usize>() > LONG_SEGMENT_SYMBOLS {
            return ChrfRefs {
                vocab: WordSymbols::default(),
                chars: None,
                words: None,
                totals: Vec::new(),
                long: Some(lines.into_iter().map(Cow::into_owned).collect()),
            };
        }
        self.prepare_indexed(&lines)
    }

    fn segment_stats(&self, hyp: &str, refs: &ChrfRefs) -> ChrfStats {
        let line: Cow<'_, str> = if self.config.lowercase {
            py_lower(hyp).into()
        } else {
            hyp.into()
        };
        if let Some(long) = &refs.long {
            return self.long_segment_stats(&line, long);
        }
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
            self.best_reference(&hyp_len, &refs.totals, matches)
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
    use proptest::prelude::*;

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

    #[test]
    fn long_references_take_the_streamed_path_with_the_same_statistics() {
        // A line just over the threshold, made of sentences that repeat with variations.
        let sentence =
            |k: usize| format!("Der Hund {k} läuft über die Straße, und (die Katze) schläft. ");
        let reference: String = (0..2000).map(|k| sentence(k % 37)).collect();
        let hyp: String = (0..1900).map(|k| sentence(k % 41)).collect();
        assert!(reference.len() > LONG_SEGMENT_SYMBOLS);
        for config in [ChrfConfig::default(), ChrfConfig::chrf_plus_plus()] {
            let m = chrf(config);
            let refs = m.prepare_references(&[&reference]);
            assert!(refs.long.is_some());
            let streamed = m.segment_stats(&hyp, &refs);
            let indexed = m.segment_stats(&hyp, &indexed_refs(&m, &[&reference]));
            assert_eq!(streamed, indexed);
        }
    }

    /// `prepare_references` forced onto the indexed path whatever the length.
    fn indexed_refs(m: &Chrf, refs: &[&str]) -> ChrfRefs {
        m.prepare_indexed(refs)
    }

    fn text() -> impl Strategy<Value = String> {
        // Few distinct characters (so n-grams repeat and match), spaces, ASCII punctuation
        // (chrF++ splits it off words) and a multi-byte letter.
        prop::collection::vec(
            prop::sample::select(vec!['a', 'b', 'c', 'A', ' ', ' ', '.', ',', '(', 'é']),
            0..60,
        )
        .prop_map(|v| v.into_iter().collect())
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(300))]

        #[test]
        fn streamed_path_equals_indexed_path(
            hyp in text(),
            refs in prop::collection::vec(text(), 1..4),
            char_order in 0usize..7,
            word_order in 0usize..3,
            whitespace in any::<bool>(),
            lowercase in any::<bool>(),
        ) {
            prop_assume!(char_order + word_order > 0);
            let m = chrf(ChrfConfig { char_order, word_order, whitespace, lowercase, ..ChrfConfig::default() });
            let refs: Vec<&str> = refs.iter().map(String::as_str).collect();
            let line = if lowercase { py_lower(&hyp) } else { hyp.clone() };
            let long: Vec<String> = refs.iter().map(|r| if lowercase { py_lower(r) } else { (*r).to_owned() }).collect();
            prop_assert_eq!(
                m.long_segment_stats(&line, &long),
                m.segment_stats(&hyp, &m.prepare_indexed(&long))
            );
        }
    }
}
