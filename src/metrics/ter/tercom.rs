//! sacreBLEU's TER edit distance (`lib_ter.py`: `translation_edit_rate`, `BeamEditDistance`,
//! `_shift`) on per-segment word ids. It never sees text, tokenizers or statistics types: word
//! ids in, `(number of edits, reference length)` out.
//!
//! Speed comes from what is *not* recomputed, never from changing a result:
//! * sacreBLEU's `BeamEditDistance` caches matrix rows in a trie keyed by hypothesis prefixes.
//!   A row depends only on the prefix (the hypothesis length, hence the beam, is fixed during one
//!   `translation_edit_rate` call), so the cache never changes a value. Here every shift
//!   candidate reuses the rows of the unshifted hypothesis up to the first word the shift moves,
//!   and the rows after the last moved word are replaced by a backward (suffix) pass over the
//!   same beam cells: the distance is the cheapest way through one matrix row,
//!   `min_j forward[q][j] + backward[q][j]`. Only the moved window is recomputed.
//! * All buffers live in a reusable [`TerScratch`]; the inner loops allocate nothing.

use std::cell::RefCell;

thread_local! {
    pub(super) static SCRATCH: RefCell<TerScratch> = RefCell::new(TerScratch::default());
}

// lib_ter.py's constants.
const COST_SUB: u32 = 1;
const COST_INS: u32 = 1;
const COST_DEL: u32 = 1;
/// `_MAX_SHIFT_SIZE`: longest block of words a shift moves.
const MAX_SHIFT_SIZE: usize = 10;
/// `_MAX_SHIFT_DIST`: largest |start_r - start_h| of a shift candidate.
const MAX_SHIFT_DIST: usize = 50;
/// `_BEAM_WIDTH`: half-width of the band of the edit distance matrix explored per row.
const BEAM_WIDTH: usize = 25;
/// `_MAX_SHIFT_CANDIDATES`: shift candidates evaluated per `translation_edit_rate` call.
const MAX_SHIFT_CANDIDATES: usize = 1000;
/// `_INT_INFINITY` stand-in: larger than any real distance, small enough that adding a few
/// costs cannot overflow. Like Python, a cell only takes a cost strictly below it.
const INF: u32 = 1 << 30;

// Edit operations as `BeamEditDistance` records them (hypothesis = rows, reference = columns).
const OP_NOP: u8 = b' ';
const OP_SUB: u8 = b's';
const OP_INS: u8 = b'i';
const OP_DEL: u8 = b'd';
const OP_UNDEF: u8 = b'x';

/// `translation_edit_rate(words_hyp, words_ref)` on word ids with a thread-local scratch:
/// `(number of edits, reference length)`.
pub fn translation_edit_rate(words_hyp: &[u32], words_ref: &[u32]) -> (usize, usize) {
    SCRATCH.with(|s| s.borrow_mut().translation_edit_rate(words_hyp, words_ref))
}

/// Reusable buffers for [`TerScratch::translation_edit_rate`]; one per thread is enough.
#[derive(Debug, Default)]
pub struct TerScratch {
    /// Hypothesis as shifted so far.
    words: Vec<u32>,
    /// A shift candidate.
    shifted: Vec<u32>,
    /// Beam of row `i`: columns `lo[i]..hi[i]`.
    lo: Vec<usize>,
    hi: Vec<usize>,
    /// Where row `i` of the banded matrices starts in `fwd`, `ops` and `bwd` (`start[i]`), and
    /// its first stored column (`first[i]`); row `i` holds columns `first[i]..` up to
    /// `first[i] + start[i + 1] - start[i]`. Only the band is stored: the beam cells plus the
    /// INF margins the next row reads, about `n * (2 * BEAM_WIDTH + 2) + m` cells instead of
    /// `(n + 1) * (m + 1)`, so memory grows linearly with the segment, never quadratically.
    start: Vec<usize>,
    first: Vec<usize>,
    /// Forward matrix of `words` (band), beam cells plus the INF margins read.
    fwd: Vec<u32>,
    /// Operation chosen in each forward cell (band).
    ops: Vec<u8>,
    /// Backward matrix of `words` (band): cheapest way from a cell to the bottom-right corner.
    bwd: Vec<u32>,
    /// Whether `bwd` belongs to the current `words` (it is built on the first candidate).
    bwd_ready: bool,
    /// Two rolling rows for shift candidates.
    row_a: Vec<u32>,
    row_b: Vec<u32>,
    /// Trace of the forward matrix, last operation first.
    trace: Vec<u8>,
    /// `trace_to_alignment`: hypothesis position aligned to each reference position (-1: none).
    align: Vec<i64>,
    /// Prefix sums of `hyp_err` and `ref_err`.
    hyp_err: Vec<u32>,
    ref_err: Vec<u32>,
}

/// `_shift`'s ranking key of a candidate: `(edit reduction, length, -start_h, -target)`.
type RankKey = (i64, usize, i64, i64);

/// The best candidate so far with its key.
type BestShift = Option<(RankKey, Shift)>;

/// A chosen shift: `(start_h, length, target)` for `_perform_shift`.
#[derive(Debug, Clone, Copy)]
struct Shift {
    start: usize,
    len: usize,
    target: usize,
}

/// `_perform_shift(words, start, length, target)`, written into `out`.
fn perform_shift(words: &[u32], s: Shift, out: &mut Vec<u32>) {
    let (start, len, target) = (s.start, s.len, s.target);
    let n = words.len();
    out.clear();
    if target < start {
        // Shift before the previous position.
        out.extend_from_slice(&words[..target]);
        out.extend_from_slice(&words[start..start + len]);
        out.extend_from_slice(&words[target..start]);
        out.extend_from_slice(&words[start + len..]);
    } else if target > start + len {
        // Shift after the previous position.
        out.extend_from_slice(&words[..start]);
        out.extend_from_slice(&words[start + len..target]);
        out.extend_from_slice(&words[start..start + len]);
        out.extend_from_slice(&words[target..]);
    } else {
        // A target inside the block (or right after it): sacreBLEU slices at `length + target`,
        // which moves the block `target - start` words to the right (Python clips the slices
        // at the end of the list).
        let t2 = (len + target).min(n);
        out.extend_from_slice(&words[..start]);
        out.extend_from_slice(&words[start + len..t2]);
        out.extend_from_slice(&words[start..start + len]);
        out.extend_from_slice(&words[t2..]);
    }
}

/// One forward row of the beam edit distance, values only (`BeamEditDistance._edit_distance`).
///
/// Computes columns `lo..hi` of row `cur` from row `prev`, and writes INF into the cells outside
/// the beam that this row or the next one (beam up to `hi_next`) will read, so stale values in a
/// reused buffer are never seen: exactly the cells Python leaves at `_INT_INFINITY`.
///
/// `prev` holds row `i - 1` from column `prev_first` on (a band row or a full row), `cur` is a
/// full-width row.
#[inline]
#[allow(clippy::too_many_arguments)]
fn forward_row(
    prev: &[u32],
    prev_first: usize,
    cur: &mut [u32],
    word: u32,
    words_ref: &[u32],
    lo: usize,
    hi: usize,
    hi_next: usize,
) {
    let mut j = lo;
    if j == 0 {
        cur[0] = prev[0] + COST_DEL;
        j = 1;
    } else {
        cur[j - 1] = INF;
    }
    let mut left = cur[j - 1];
    for j in j..hi {
        let cost_sub = u32::from(word != words_ref[j - 1]) * COST_SUB;
        let v = (prev[j - 1 - prev_first] + cost_sub)
            .min(prev[j - prev_first] + COST_DEL)
            .min(left + COST_INS)
            .min(INF);
        cur[j] = v;
        left = v;
    }
    for c in &mut cur[hi..hi_next] {
        *c = INF;
    }
}

impl TerScratch {
    /// `lib_ter.translation_edit_rate`: `(number of edits, reference length)`.
    pub fn translation_edit_rate(
        &mut self,
        words_hyp: &[u32],
        words_ref: &[u32],
    ) -> (usize, usize) {
        let n = words_hyp.len();
        let m = words_ref.len();
        if m == 0 {
            // Special treatment of empty references: every hypothesis word is an edit.
            return (n, 0);
        }
        if words_hyp == words_ref {
            // Distance 0 and no erroneous hypothesis word, hence no shift candidate.
            return (0, m);
        }
        self.set_beam(n, m);
        let cells = self.start[n + 1];
        self.fwd.clear();
        self.fwd.resize(cells, INF);
        self.ops.clear();
        self.ops.resize(cells, OP_UNDEF);
        self.bwd.clear();
        self.bwd.resize(cells, INF);
        self.row_a.resize(m + 1, INF);
        self.row_b.resize(m + 1, INF);
        self.words.clear();
        self.words.extend_from_slice(words_hyp);

        let mut shifts = 0;
        let mut checked_candidates = 0;
        let edit_distance = loop {
            // Do shifts until they stop reducing the edit distance (`_shift`).
            let pre_score = self.forward_with_trace(words_ref);
            let best = self.best_shift(words_ref, pre_score, &mut checked_candidates);
            // The candidate budget is checked *before* the shift is applied: the best shift
            // of the call that exhausted it is thrown away.
            if checked_candidates >= MAX_SHIFT_CANDIDATES {
                break pre_score;
            }
            match best {
                Some((delta, shift)) if delta > 0 => {
                    shifts += 1;
                    perform_shift(&self.words, shift, &mut self.shifted);
                    std::mem::swap(&mut self.words, &mut self.shifted);
                }
                // `_shift` returns delta 0 without candidates, and any best delta <= 0 stops.
                _ => break pre_score,
            }
        };
        (shifts + edit_distance as usize, m)
    }

    /// The beam of every row, as `BeamEditDistance._edit_distance` computes it.
    fn set_beam(&mut self, n: usize, m: usize) {
        let length_ratio = if n > 0 { m as f64 / n as f64 } else { 1.0 };
        // "In some crazy sentences, the difference in length is so large that we may end up
        // with zero overlap with previous row."
        let beam_width = if (BEAM_WIDTH as f64) < length_ratio / 2.0 {
            (length_ratio / 2.0 + BEAM_WIDTH as f64).ceil() as i64
        } else {
            BEAM_WIDTH as i64
        };
        self.lo.clear();
        self.hi.clear();
        // Row 0 is `_initial_row`, complete.
        self.lo.push(0);
        self.hi.push(m + 1);
        for i in 1..=n {
            let pseudo_diag = (i as f64 * length_ratio).floor() as i64;
            let lo = (pseudo_diag - beam_width).max(0) as usize;
            let hi = if i == n {
                m + 1
            } else {
                (pseudo_diag + beam_width).clamp(0, m as i64 + 1) as usize
            };
            self.lo.push(lo);
            self.hi.push(hi.max(lo));
        }
        // The band: row `i` stores the cells the forward pass writes, `lo - 1` (the INF margin
        // on the left, or column 0) up to the next row's `hi` (the INF margin on the right).
        // Beams only move right (`lo` and `hi` never decrease), so these are also all the
        // cells the next row reads.
        self.start.clear();
        self.first.clear();
        let mut total = 0;
        for i in 0..=n {
            let first = self.lo[i].saturating_sub(1);
            let end = if i < n {
                self.hi[i].max(self.hi[i + 1])
            } else {
                self.hi[i]
            };
            self.start.push(total);
            self.first.push(first);
            total += end.max(first) - first;
        }
        self.start.push(total);
    }

    /// Index of cell `(i, j)` in the band, if stored.
    #[inline]
    fn cell(&self, i: usize, j: usize) -> Option<usize> {
        let k = self.start[i] + j.checked_sub(self.first[i])?;
        (k < self.start[i + 1]).then_some(k)
    }

    /// Forward matrix of `self.words` with operations, its trace and `trace_to_alignment`
    /// of the flipped trace. Returns the edit distance.
    fn forward_with_trace(&mut self, words_ref: &[u32]) -> u32 {
        let n = self.words.len();
        let m = words_ref.len();
        // Row 0 is complete (`first[0] == 0`).
        for j in 0..=m {
            self.fwd[j] = j as u32 * COST_INS;
            self.ops[j] = OP_INS;
        }
        for i in 1..=n {
            let (lo, hi) = (self.lo[i], self.hi[i]);
            let hi_next = if i < n { self.hi[i + 1] } else { hi };
            let word = self.words[i - 1];
            let (pf, cf) = (self.first[i - 1], self.first[i]);
            let (done, rest) = self.fwd.split_at_mut(self.start[i]);
            let prev = &done[self.start[i - 1]..];
            let cur = &mut rest[..self.start[i + 1] - self.start[i]];
            let ops = &mut self.ops[self.start[i]..self.start[i + 1]];
            let mut j = lo;
            if j == 0 {
                cur[0] = prev[0] + COST_DEL;
                ops[0] = OP_DEL;
                j = 1;
            } else {
                cur[j - 1 - cf] = INF;
                ops[j - 1 - cf] = OP_UNDEF;
            }
            for j in j..hi {
                let (cost_sub, op_sub) = if word == words_ref[j - 1] {
                    (0, OP_NOP)
                } else {
                    (COST_SUB, OP_SUB)
                };
                // Tercom prefers no-op/sub, then insertion, then deletion; on the flipped
                // trace that is sub, deletion, insertion, each taken only if strictly cheaper.
                let mut v = INF;
                let mut op = OP_UNDEF;
                for (c, o) in [
                    (prev[j - 1 - pf] + cost_sub, op_sub),
                    (prev[j - pf] + COST_DEL, OP_DEL),
                    (cur[j - 1 - cf] + COST_INS, OP_INS),
                ] {
                    if v > c {
                        v = c;
                        op = o;
                    }
                }
                cur[j - cf] = v;
                ops[j - cf] = op;
            }
            for j in hi..hi_next {
                cur[j - cf] = INF;
                ops[j - cf] = OP_UNDEF;
            }
        }

        // The trace, walked back from the bottom-right corner.
        self.trace.clear();
        let (mut i, mut j) = (n, m);
        while i > 0 || j > 0 {
            let op = self.cell(i, j).map_or(OP_UNDEF, |k| self.ops[k]);
            self.trace.push(op);
            match op {
                OP_SUB | OP_NOP => {
                    i -= 1;
                    j -= 1;
                }
                OP_INS => j -= 1,
                OP_DEL => i -= 1,
                // sacreBLEU raises "unknown operation 'x'" here; the beam always leaves a path.
                _ => panic!("TER trace reached a cell outside the beam"),
            }
        }

        // `_flip_trace` + `trace_to_alignment`: a DP deletion consumes a hypothesis word (an
        // insertion once flipped), a DP insertion consumes a reference word.
        self.align.clear();
        self.hyp_err.clear();
        self.ref_err.clear();
        self.hyp_err.push(0);
        self.ref_err.push(0);
        let mut pos_hyp: i64 = -1;
        for &op in self.trace.iter().rev() {
            let (h, r) = (*self.hyp_err.last().unwrap(), *self.ref_err.last().unwrap());
            match op {
                OP_NOP | OP_SUB => {
                    let e = u32::from(op == OP_SUB);
                    pos_hyp += 1;
                    self.align.push(pos_hyp);
                    self.hyp_err.push(h + e);
                    self.ref_err.push(r + e);
                }
                OP_DEL => {
                    pos_hyp += 1;
                    self.hyp_err.push(h + 1);
                }
                _ => {
                    self.align.push(pos_hyp);
                    self.ref_err.push(r + 1);
                }
            }
        }
        debug_assert_eq!(self.align.len(), m);
        debug_assert_eq!(self.hyp_err.len(), n + 1);

        self.bwd_ready = false;
        self.fwd[self.start[n + 1] - 1]
    }

    /// Backward matrix of `self.words` over the same beam cells: `bwd[i][j]` is the cheapest
    /// path from cell `(i, j)` to `(n, m)` through cells the forward pass computes (a path may
    /// only use beam cells, as the forward values are INF elsewhere). Only beam cells are written.
    fn backward(&mut self, words_ref: &[u32]) {
        let n = self.words.len();
        let m = words_ref.len();
        for i in (0..=n).rev() {
            let (lo, hi) = (self.lo[i], self.hi[i]);
            let cf = self.first[i];
            let (cur_part, next_part) = self.bwd.split_at_mut(self.start[i + 1]);
            let cur = &mut cur_part[self.start[i]..];
            if i == n {
                // Only the corner itself is free; the rest of the last row reaches it by moving
                // right (insertions).
                for j in (lo..hi).rev() {
                    cur[j - cf] = if j == m {
                        0
                    } else {
                        cur[j + 1 - cf] + COST_INS
                    };
                }
                continue;
            }
            let next = &next_part[..self.start[i + 2] - self.start[i + 1]];
            let nf = self.first[i + 1];
            let word = self.words[i];
            // Successors of (i, j): (i+1, j+1) diag, (i+1, j) down, (i, j+1) right. A successor
            // outside the next row's beam is INF there (the margins are filled).
            let (lo_n, hi_n) = (self.lo[i + 1], self.hi[i + 1]);
            let get_next = |j: usize| -> u32 {
                if j >= lo_n && j < hi_n {
                    next[j - nf]
                } else {
                    INF
                }
            };
            let mut right = INF;
            for j in (lo..hi).rev() {
                let mut v = get_next(j) + COST_DEL;
                if j < m {
                    let cost_sub = u32::from(word != words_ref[j]) * COST_SUB;
                    v = v.min(get_next(j + 1) + cost_sub).min(right + COST_INS);
                }
                let v = v.min(INF);
                cur[j - cf] = v;
                right = v;
            }
        }
    }

    /// `_shift`: evaluate shift candidates of `self.words` in sacreBLEU's order and return the
    /// best `(delta, shift)`, ranked like TERCOM: largest edit reduction, then longest block,
    /// then earliest start, then earliest target (`candidate > best` on the tuple).
    fn best_shift(
        &mut self,
        words_ref: &[u32],
        pre_score: u32,
        checked_candidates: &mut usize,
    ) -> Option<(i64, Shift)> {
        let n = self.words.len();
        let m = words_ref.len();
        let mut best: BestShift = None;
        // `_find_shifted_pairs`, consumed lazily as the generator is.
        'pairs: for start_h in 0..n {
            for start_r in
                start_h.saturating_sub(MAX_SHIFT_DIST)..m.min(start_h + MAX_SHIFT_DIST + 1)
            {
                let mut length = 0;
                while length < MAX_SHIFT_SIZE
                    && self.words[start_h + length] == words_ref[start_r + length]
                {
                    length += 1;
                    self.try_pair(
                        words_ref,
                        pre_score,
                        start_h,
                        start_r,
                        length,
                        checked_candidates,
                        &mut best,
                    );
                    if *checked_candidates >= MAX_SHIFT_CANDIDATES {
                        break 'pairs;
                    }
                    // If one sequence is consumed, stop.
                    if n == start_h + length || m == start_r + length {
                        break;
                    }
                }
            }
        }
        best.map(|((delta, ..), shift)| (delta, shift))
    }

    /// The body of `_shift`'s loop for one matching block.
    #[allow(clippy::too_many_arguments)]
    #[inline]
    fn try_pair(
        &mut self,
        words_ref: &[u32],
        pre_score: u32,
        start_h: usize,
        start_r: usize,
        length: usize,
        checked_candidates: &mut usize,
        best: &mut BestShift,
    ) {
        // Only shift if the hypothesis words were wrong and the reference words at the target
        // are not matched already.
        if self.hyp_err[start_h + length] == self.hyp_err[start_h] {
            return;
        }
        if self.ref_err[start_r + length] == self.ref_err[start_r] {
            return;
        }
        // Don't shift within the block itself.
        let a = self.align[start_r];
        if start_h as i64 <= a && a < (start_h + length) as i64 {
            return;
        }
        let mut prev_idx: i64 = -1;
        for offset in -1..length as i64 {
            let r = start_r as i64 + offset;
            // Unlike TERCOM, which inserts *after* the index, sacreBLEU inserts before it.
            // `start_r + offset` is always a reference position here (the block matched).
            let idx = if r == -1 {
                0
            } else {
                self.align[r as usize] + 1
            };
            if idx == prev_idx {
                continue;
            }
            prev_idx = idx;
            let shift = Shift {
                start: start_h,
                len: length,
                target: idx as usize,
            };
            let score = i64::from(pre_score) - i64::from(self.shifted_distance(words_ref, shift));
            *checked_candidates += 1;
            let key = (score, length, -(start_h as i64), -idx);
            if best.as_ref().is_none_or(|(b, _)| key > *b) {
                *best = Some((key, shift));
            }
        }
    }

    /// Edit distance of `self.words` shifted by `shift` (value only).
    fn shifted_distance(&mut self, words_ref: &[u32], shift: Shift) -> u32 {
        let n = self.words.len();
        perform_shift(&self.words, shift, &mut self.shifted);
        // Rows up to the first moved word are the unshifted rows; rows after the last one are
        // covered by the backward matrix.
        let Some(first) = (0..n).find(|&k| self.shifted[k] != self.words[k]) else {
            return self.fwd[self.start[n + 1] - 1];
        };
        let last = (first..n)
            .rev()
            .find(|&k| self.shifted[k] != self.words[k])
            .expect("a differing position exists")
            + 1;
        if !self.bwd_ready {
            self.backward(words_ref);
            self.bwd_ready = true;
        }
        // Rows first+1 ..= last hold the moved words.
        let mut prev_is_fwd = true;
        let mut use_a = true;
        for i in first + 1..=last {
            let (lo, hi) = (self.lo[i], self.hi[i]);
            let hi_next = if i < n { self.hi[i + 1] } else { hi };
            let word = self.shifted[i - 1];
            let (prev, prev_first, cur): (&[u32], usize, &mut [u32]) = if prev_is_fwd {
                (
                    &self.fwd[self.start[first]..self.start[first + 1]],
                    self.first[first],
                    &mut self.row_a,
                )
            } else if use_a {
                (&self.row_b, 0, &mut self.row_a)
            } else {
                (&self.row_a, 0, &mut self.row_b)
            };
            forward_row(prev, prev_first, cur, word, words_ref, lo, hi, hi_next);
            prev_is_fwd = false;
            use_a = !use_a;
        }
        // The last row written is row `last`.
        let row = if use_a { &self.row_b } else { &self.row_a };
        let bwd = &self.bwd[self.start[last]..self.start[last + 1]];
        let (lo, hi, bf) = (self.lo[last], self.hi[last], self.first[last]);
        row[lo..hi]
            .iter()
            .zip(&bwd[lo - bf..hi - bf])
            .map(|(&f, &b)| f + b)
            .min()
            .unwrap_or(INF)
            .min(INF)
    }
}
