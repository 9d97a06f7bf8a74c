//! Resample sums: `stats_np[idxs].sum(0)` for every resample, of several systems of one metric
//! at once, and approximate randomization's `pos_sel @ stats`.
//!
//! sacreBLEU sums each resample in float32, row by row in drawing order. Two ways give the same
//! bits here:
//! * **Multiplicities** (the fast path): a resample's sum is `Σ_i m_i · row_i`, where `m_i` is
//!   how often segment `i` was drawn, so a block of resamples is one matrix product
//!   `M (block × n) · S (n × columns)`, done by SGEMM over chunks of segments. Float32 addition
//!   is not associative in general, but it is exact, and so order-free, when every value and
//!   every partial sum is a multiple of ½ below 2²³ in magnitude: then sacreBLEU's sequential sum
//!   and the product both equal the exact sum. [`sums_are_exact`] checks that bound before this
//!   path is taken. Sufficient statistics are counts (BLEU, chrF) or counts and averages of one or
//!   two reference lengths (TER), so it holds for any realistic test set.
//! * **Drawn rows**, when it does not hold (e.g. TER averaged over three references): the
//!   drawn rows are added in drawing order, column tile by column tile.
//!
//! Memory is bounded by design: the draws are replayed block by block ([`ChoiceDraws`],
//! [`BoolDraws`]), a block of [`BLOCK`] resamples keeps one byte of multiplicity per segment and
//! resample (`m_i` above 255 sends that block to the drawn-rows path), and the product reads the
//! statistics in chunks of [`KC`] segments that stay in cache while every resample of the block
//! uses them. So the working set is O(n) per thread, the statistics are read once per block, and
//! the time is linear in `n × samples`.

use std::ops::Range;

use rayon::prelude::*;

use super::compact::{self, Blocks, Choice, Compact, Narrow, TILE};
use super::draws::{BLOCK, BoolDraws, ChoiceDraws};

/// Statistics rows for resampling: every column of several systems (and metrics) of segment
/// `i` side by side, as float32 values (`np.array(stats, dtype='float32')`), and whether every
/// resample sum of them is exact.
pub(super) struct Rows32 {
    n: usize,
    total: usize,
    exact: bool,
    store: Store,
}

/// How the rows are kept.
enum Store {
    /// Float32 rows: `n` rows of `stride` values (`total` used, zeros after), then [`SLACK`]
    /// zeros. Kept where sums are exact (the product path needs them) or where the values do
    /// not fit compact records.
    F32 {
        data: Vec<f32>,
        stride: usize,
    },
    /// Compact integer records ([`compact`](super::compact)), read by the drawn-rows path.
    U8(Compact<u8>),
    U16(Compact<u16>),
}

/// Zeros after the last row, so that a tile of up to [`MAX_TILE`] values starting in a row
/// never reads past the end.
const SLACK: usize = MAX_TILE;

/// Row stride for `total` values: a whole number of vectors of 8 floats, so that the drawn-row
/// sum reads every row's columns in one tile.
fn stride_of(total: usize) -> usize {
    total.div_ceil(8) * 8
}

impl Rows32 {
    /// `systems[s]`: system `s`'s float64 rows (`n × width`).
    pub(super) fn new(systems: &[&[f64]], width: usize) -> Self {
        let blocks: Vec<(&[f64], usize)> = systems.iter().map(|&r| (r, width)).collect();
        Self::from_blocks(&blocks)
    }

    /// `blocks[b]`: `n × width_b` float64 rows (e.g. one metric's rows of one system); a row
    /// here is segment `i`'s row of every block, side by side.
    ///
    /// Where sums are exact, float32 rows for the product path; else compact integer records
    /// when the values fit them (every count-based statistic does), float32 rows otherwise.
    pub(super) fn from_blocks(blocks: &Blocks) -> Self {
        let n = blocks.first().map_or(0, |&(r, w)| r.len() / w.max(1));
        assert!(blocks.iter().all(|&(r, w)| r.len() == n * w));
        let total: usize = blocks.iter().map(|&(_, w)| w).sum();
        let scan = ColumnScan::of(blocks, n, total);
        let exact = scan.exact(n);
        let store = if exact || total == 0 {
            None
        } else {
            let maxima = compact::segment_maxima(blocks, n, &scan.doubled);
            match compact::choose(&maxima) {
                Some(Choice::U8) => Some(Store::U8(Compact::new(
                    blocks,
                    n,
                    total,
                    &scan.doubled,
                    &maxima,
                ))),
                Some(Choice::U16) => Some(Store::U16(Compact::new(
                    blocks,
                    n,
                    total,
                    &scan.doubled,
                    &maxima,
                ))),
                None => None,
            }
        };
        let store = store.unwrap_or_else(|| {
            let stride = stride_of(total);
            let mut data = vec![0f32; n * stride + SLACK];
            if total > 0 {
                data[..n * stride]
                    .par_chunks_mut(stride * 1024)
                    .enumerate()
                    .for_each(|(c, out)| {
                        for (k, dst) in out.chunks_exact_mut(stride).enumerate() {
                            compact::for_each_value(blocks, c * 1024 + k, |j, x| dst[j] = x);
                        }
                    });
            }
            Store::F32 { data, stride }
        });
        Self {
            n,
            total,
            exact,
            store,
        }
    }

    /// Rows `n × total` given as float32 already (differences for approximate randomization).
    pub(super) fn from_f32(rows: Vec<f32>, total: usize) -> Self {
        let n = rows.len() / total.max(1);
        let stride = stride_of(total);
        let mut data = vec![0f32; n * stride + SLACK];
        if total > 0 {
            for (dst, src) in data.chunks_exact_mut(stride).zip(rows.chunks_exact(total)) {
                dst[..total].copy_from_slice(src);
            }
        }
        let exact = sums_are_exact(&data, n);
        Self {
            n,
            total,
            exact,
            store: Store::F32 { data, stride },
        }
    }

    /// Whether every resample sum is exact in float32 ([`sums_are_exact`]).
    pub(super) fn exact(&self) -> bool {
        self.exact
    }

    /// The float32 rows and their stride, where kept.
    fn f32_rows(&self) -> Option<(&[f32], usize)> {
        match &self.store {
            Store::F32 { data, stride } => Some((data, *stride)),
            _ => None,
        }
    }

    /// Bytes per segment of the rows as kept (tests and measurements).
    #[cfg(test)]
    fn kind(&self) -> &'static str {
        match &self.store {
            Store::F32 { .. } => "f32",
            Store::U8(_) => "u8",
            Store::U16(_) => "u16",
        }
    }
}

/// What one pass over the float32 values tells about each column: whether all are multiples
/// of ½ that [`sums_are_exact`] accepts, whether all are whole, and the largest magnitude.
struct ColumnScan {
    halves: Vec<bool>,
    /// Columns of halves, not all whole: stored doubled in compact records.
    doubled: Vec<bool>,
    max_halves: f32,
}

impl ColumnScan {
    fn of(blocks: &Blocks, n: usize, total: usize) -> Self {
        const LIMIT: f32 = (1u32 << 24) as f32;
        let fresh = || (vec![true; total], vec![true; total], 0f32);
        let (halves, whole, max_halves) = (0..n)
            .into_par_iter()
            .with_min_len(4096)
            .fold(fresh, |(mut h, mut w, mut m), i| {
                compact::for_each_value(blocks, i, |c, x| {
                    // As in `sums_are_exact`.
                    let twice = x * 2.0;
                    h[c] &= twice.abs() < LIMIT && twice as i32 as f32 == twice;
                    w[c] &= x.fract() == 0.0;
                    m = m.max(twice.abs());
                });
                (h, w, m)
            })
            .reduce(fresh, |(mut h, mut w, m), (h2, w2, m2)| {
                h.iter_mut().zip(h2).for_each(|(a, b)| *a &= b);
                w.iter_mut().zip(w2).for_each(|(a, b)| *a &= b);
                (h, w, m.max(m2))
            });
        let doubled = halves.iter().zip(&whole).map(|(&h, &w)| h && !w).collect();
        Self {
            halves,
            doubled,
            max_halves,
        }
    }

    /// [`sums_are_exact`] of the rows scanned.
    fn exact(&self, n: usize) -> bool {
        self.halves.iter().all(|&h| h) && f64::from(self.max_halves) * n as f64 <= EXACT_HALVES
    }
}

/// Resample sums of columns `cols` of `rows` (e.g. one system's, or every system's) for every
/// resample of `draws`: `n_samples` rows of `cols.len()` sums, each equal bit for bit to
/// summing the drawn rows in float32, in drawing order.
pub(super) fn bootstrap_sums(rows: &Rows32, cols: Range<usize>, draws: &ChoiceDraws) -> Vec<f32> {
    assert_eq!(rows.n, draws.n());
    assert!(cols.end <= rows.total);
    let w = cols.len();
    let mut sums = vec![0f32; draws.samples() * w];
    if w == 0 {
        return sums;
    }
    match &rows.store {
        Store::U8(c) => compact_sums(c, cols, draws, &mut sums),
        Store::U16(c) => compact_sums(c, cols, draws, &mut sums),
        Store::F32 { data, stride } => f32_sums(rows, data, *stride, cols, draws, &mut sums),
    }
    sums
}

/// [`bootstrap_sums`] from compact records: every resample's rows added in drawing order, a
/// tile of columns at a time, starting at the tile holding `cols.start`.
fn compact_sums<T: Narrow>(
    rows: &Compact<T>,
    cols: Range<usize>,
    draws: &ChoiceDraws,
    sums: &mut [f32],
) {
    let w = cols.len();
    let base = cols.start / TILE * TILE;
    sums.par_chunks_mut(BLOCK * w)
        .enumerate()
        .for_each(|(b, out)| {
            let (_, _, mut g) = draws.block(b);
            let mut buf = Vec::new();
            let mut acc = vec![0f32; cols.end - base];
            for out in out.chunks_exact_mut(w) {
                acc.fill(0.0);
                draws.draw(&mut g, &mut buf, |chunk| {
                    rows.add_drawn(&mut acc, base, chunk)
                });
                for ((o, &a), &u) in out
                    .iter_mut()
                    .zip(&acc[cols.start - base..])
                    .zip(&rows.unscale[cols.clone()])
                {
                    *o = a * u;
                }
            }
        });
}

/// [`bootstrap_sums`] from float32 rows: the matrix product where sums are exact, else the
/// drawn rows in drawing order.
fn f32_sums(
    rows: &Rows32,
    data: &[f32],
    stride: usize,
    cols: Range<usize>,
    draws: &ChoiceDraws,
    sums: &mut [f32],
) {
    thread_local! {
        static COUNTS: std::cell::RefCell<Vec<u8>> = const { std::cell::RefCell::new(Vec::new()) };
        static IDX: std::cell::RefCell<Vec<u32>> = const { std::cell::RefCell::new(Vec::new()) };
    }
    let (n, w) = (rows.n, cols.len());
    sums.par_chunks_mut(BLOCK * w)
        .enumerate()
        .for_each(|(b, out)| {
            let (_, count, start) = draws.block(b);
            IDX.with_borrow_mut(|buf| {
                // The product costs a pass over the statistics per block: with only a few
                // resamples, adding the drawn rows is cheaper.
                if rows.exact && count >= MIN_PRODUCT_SAMPLES {
                    let counted = COUNTS.with_borrow_mut(|counts| {
                        counts.clear();
                        counts.resize(count * n, 0);
                        let mut g = start.clone();
                        let mut wrapped = false;
                        for row in counts.chunks_exact_mut(n) {
                            draws.draw(&mut g, buf, |chunk| {
                                for &i in chunk {
                                    let c = &mut row[i as usize];
                                    *c = c.wrapping_add(1);
                                    wrapped |= *c == 0;
                                }
                            });
                        }
                        if !wrapped {
                            chunked_product(count, rows, cols.clone(), out, |seg, a| {
                                for r in counts.chunks_exact(n) {
                                    a.extend(r[seg.clone()].iter().map(|&c| f32::from(c)));
                                }
                            });
                        }
                        !wrapped
                    });
                    if counted {
                        return;
                    }
                    // A segment drawn 256 times or more in one resample (possible only in
                    // theory for large `n`): this block adds the drawn rows instead.
                }
                let mut g = start;
                for acc in out.chunks_exact_mut(w) {
                    draws.draw(&mut g, buf, |chunk| {
                        add_drawn_rows(acc, data, stride, cols.start, chunk)
                    });
                }
            });
        });
}

/// Fewest resamples of a block for which [`bootstrap_sums`] takes the matrix product.
const MIN_PRODUCT_SAMPLES: usize = 8;

/// Segments per product chunk: a chunk of the statistics (a few hundred bytes per segment) and
/// of the block's multiplicities stay in cache while the product uses them.
pub(super) const KC: usize = 2048;

/// Largest magnitude, in halves, that a float32 sum of halves can reach while staying exact:
/// every multiple of ½ up to 2²⁴ halves (2²³) is representable.
const EXACT_HALVES: f64 = (1u64 << 24) as f64;

/// Whether every resample sum of these rows is exact in float32 whatever the order of
/// additions: all values are multiples of ½, and `n` times the largest magnitude (a bound on
/// every partial sum of `n` drawn rows, and on every product `m_i · value` with `m_i ≤ n`)
/// stays below 2²³.
pub(super) fn sums_are_exact(rows: &[f32], n: usize) -> bool {
    const LIMIT: f32 = (1u32 << 24) as f32;
    let mut max = 0f32;
    let mut all_halves = true;
    for &v in rows {
        let halves = v * 2.0;
        // `!(x < LIMIT)` also rejects NaN; the round trip through i32 (exact below 2^24)
        // rejects anything that is not a whole number of halves. No early exit: the loop
        // vectorises.
        all_halves &= halves.abs() < LIMIT && halves as i32 as f32 == halves;
        max = max.max(halves.abs());
    }
    all_halves && f64::from(max) * n as f64 <= EXACT_HALVES
}

/// Approximate randomization's shuffled sums, `sel · rows` for every trial: row `t` of the
/// result adds the rows of the segments selected in trial `t`. Exact, whatever the order, when
/// [`Rows32::exact`] holds (callers check).
pub(super) fn selected_sums(sel: &BoolDraws, rows: &Rows32) -> Vec<f32> {
    let (n, total) = (rows.n, rows.total);
    let words = n.div_ceil(64);
    let mut sums = vec![0f32; sel.trials() * total];
    if total == 0 {
        return sums;
    }
    sums.par_chunks_mut(BLOCK * total)
        .enumerate()
        .for_each(|(b, out)| {
            let count = out.len() / total;
            let bits = sel.rows(b * BLOCK, count);
            chunked_product(count, rows, 0..total, out, |seg, a| {
                for r in bits.chunks_exact(words) {
                    a.extend(seg.clone().map(|j| (r[j / 64] >> (j % 64) & 1) as f32));
                }
            });
        });
    sums
}

/// `out += A · rows[.., cols]` in float32 (`A`: `count × n`, `out`: `count × cols.len()`),
/// segment chunk by segment chunk: `fill(segments, buf)` appends columns `segments` of every
/// row of `A` to a reused per-thread buffer, so `A` never exists whole. Exact sums only: the
/// order of additions differs from drawing order.
fn chunked_product(
    count: usize,
    rows: &Rows32,
    cols: Range<usize>,
    out: &mut [f32],
    fill: impl Fn(Range<usize>, &mut Vec<f32>),
) {
    thread_local! {
        static A: std::cell::RefCell<Vec<f32>> = const { std::cell::RefCell::new(Vec::new()) };
    }
    let (data, stride) = rows.f32_rows().expect("exact rows are kept in float32");
    let (n, total, w) = (rows.n, rows.total, cols.len());
    assert_eq!(out.len(), count * w);
    assert!(cols.end <= total);
    if count == 0 || w == 0 {
        return;
    }
    A.with_borrow_mut(|a| {
        for s0 in (0..n).step_by(KC) {
            let s1 = (s0 + KC).min(n);
            let k = s1 - s0;
            a.clear();
            fill(s0..s1, a);
            assert_eq!(a.len(), count * k);
            let b = &data[s0 * stride + cols.start..(s1 - 1) * stride + cols.end];
            // SAFETY: `a` is `count × k` (asserted), `b` starts at row `s0`, column
            // `cols.start` of the row-major `n × stride` statistics and ends with the last
            // element the product reads (row `s1 - 1`, column `cols.end - 1`), read with row
            // stride `stride`; `out` is `count × w` (asserted), borrowed mutably and aliasing
            // neither input.
            unsafe {
                matrixmultiply::sgemm(
                    count,
                    k,
                    w,
                    1.0,
                    a.as_ptr(),
                    k as isize,
                    1,
                    b.as_ptr(),
                    stride as isize,
                    1,
                    1.0,
                    out.as_mut_ptr(),
                    w as isize,
                    1,
                );
            }
        }
    });
}

/// `acc += data[i][col..col + acc.len()]` for every drawn row `i` (rows of `stride` values),
/// in drawing order. Element-wise float32 adds give the same bits with any instruction set and
/// any column grouping, so the loop runs on column tiles held in registers (see
/// [`add_drawn_tile`]), built for AVX2 where the processor has it. `acc` carries on from earlier
/// calls, so a resample can be added chunk by chunk.
///
/// This is the path of every large test set: past a few hundred thousand segments chrF's and
/// BLEU's float32 totals exceed 2²⁴ and round, so sacreBLEU's order of additions is part of the
/// result. The drawn rows are random reads, one per segment and resample: the time goes into
/// waiting for memory, so rows are read in one tile when they fit (up to [`MAX_TILE`] values)
/// and the rows a few draws ahead are prefetched.
fn add_drawn_rows(acc: &mut [f32], data: &[f32], stride: usize, col: usize, sample: &[u32]) {
    #[cfg(target_arch = "x86_64")]
    {
        if std::is_x86_feature_detected!("avx2") {
            // SAFETY: the CPU supports AVX2 (checked just above).
            unsafe { add_drawn_rows_avx2(acc, data, stride, col, sample) };
            return;
        }
    }
    add_drawn_rows_tiled(acc, data, stride, col, sample);
}

#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2")]
unsafe fn add_drawn_rows_avx2(
    acc: &mut [f32],
    data: &[f32],
    stride: usize,
    col: usize,
    sample: &[u32],
) {
    add_drawn_rows_tiled(acc, data, stride, col, sample);
}

/// Widest tile: 64 floats = 8 AVX2 registers of running sums.
const MAX_TILE: usize = 64;

/// The drawn-row sum one tile of columns at a time, the narrowest whole number of vectors of 8
/// floats holding them: the tile's running sums stay in registers for the whole resample, so a
/// drawn row costs only loads and adds, and a row of up to [`MAX_TILE`] values is read once.
/// A tile may read a few columns past `acc`'s (the next system's, or a row's zero padding, or
/// [`SLACK`]); they are summed and dropped. Each column is still summed in drawing order, so the
/// bits are those of the straightforward loop.
#[inline(always)]
fn add_drawn_rows_tiled(acc: &mut [f32], data: &[f32], stride: usize, col: usize, sample: &[u32]) {
    let w = acc.len();
    let mut start = 0;
    while start < w {
        let tile = &mut acc[start..(start + MAX_TILE).min(w)];
        let at = col + start;
        match tile.len().div_ceil(8) {
            1 => add_drawn_tile::<8>(tile, data, stride, at, sample),
            2 => add_drawn_tile::<16>(tile, data, stride, at, sample),
            3 => add_drawn_tile::<24>(tile, data, stride, at, sample),
            4 => add_drawn_tile::<32>(tile, data, stride, at, sample),
            5 => add_drawn_tile::<40>(tile, data, stride, at, sample),
            6 => add_drawn_tile::<48>(tile, data, stride, at, sample),
            7 => add_drawn_tile::<56>(tile, data, stride, at, sample),
            _ => add_drawn_tile::<MAX_TILE>(tile, data, stride, at, sample),
        }
        start += MAX_TILE;
    }
}

/// Draws ahead whose rows are prefetched: enough to keep a dozen memory reads in flight.
const PREFETCH_AHEAD: usize = 16;

#[inline(always)]
fn add_drawn_tile<const W: usize>(
    acc: &mut [f32],
    data: &[f32],
    stride: usize,
    start: usize,
    sample: &[u32],
) {
    let mut tile = [0f32; W];
    tile[..acc.len()].copy_from_slice(acc);
    for (j, &i) in sample.iter().enumerate() {
        if let Some(&ahead) = sample.get(j + PREFETCH_AHEAD) {
            prefetch(&data[ahead as usize * stride + start..][..W]);
        }
        let at = i as usize * stride + start;
        let row: &[f32; W] = data[at..at + W].try_into().expect("tile inside the data");
        for (t, &v) in tile.iter_mut().zip(row) {
            *t += v;
        }
    }
    acc.copy_from_slice(&tile[..acc.len()]);
}

/// Ask for the cache lines of `row` ahead of their use (a hint; no effect on results).
#[inline(always)]
fn prefetch(row: &[f32]) {
    #[cfg(target_arch = "x86_64")]
    {
        use std::arch::x86_64::{_MM_HINT_T0, _mm_prefetch};
        for line in row.chunks(16) {
            // SAFETY: a prefetch reads nothing architecturally and cannot fault; the pointer
            // is inside `row` anyway.
            unsafe { _mm_prefetch::<_MM_HINT_T0>(line.as_ptr().cast()) };
        }
    }
    #[cfg(not(target_arch = "x86_64"))]
    let _ = row;
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::significance::numpy32::sum_rows_f32;
    use crate::significance::rng::Generator;

    /// Rows of `n` segments with `width` columns for `n_systems` systems, and `samples` draws.
    fn fixture(
        n: usize,
        width: usize,
        n_systems: usize,
        samples: usize,
        value: impl Fn(usize) -> f32,
    ) -> (Vec<Vec<f32>>, ChoiceDraws) {
        let systems = (0..n_systems)
            .map(|s| (0..n * width).map(|k| value(s * n * width + k)).collect())
            .collect();
        (
            systems,
            ChoiceDraws::new(&mut Generator::new(12345), n, samples),
        )
    }

    fn rows32(systems: &[Vec<f32>], width: usize) -> Rows32 {
        let wide: Vec<Vec<f64>> = systems
            .iter()
            .map(|s| s.iter().map(|&x| f64::from(x)).collect())
            .collect();
        let refs: Vec<&[f64]> = wide.iter().map(|s| s.as_slice()).collect();
        Rows32::new(&refs, width)
    }

    /// The straightforward sums of one system (what sacreBLEU computes).
    fn reference_sums(rows: &[f32], width: usize, idx: &[u32], n: usize) -> Vec<f32> {
        let mut out = Vec::new();
        let mut acc = vec![0f32; width];
        for sample in idx.chunks_exact(n) {
            sum_rows_f32(rows, width, sample, &mut acc);
            out.extend_from_slice(&acc);
        }
        out
    }

    /// Every system's sums, and all systems' sums side by side, equal the straightforward ones.
    fn check(systems: &[Vec<f32>], width: usize, draws: &ChoiceDraws) {
        let n = draws.n();
        let rows = rows32(systems, width);
        let idx = draws.matrix();
        let total = systems.len() * width;
        let all = bootstrap_sums(&rows, 0..total, draws);
        for (s, sys) in systems.iter().enumerate() {
            let want = reference_sums(sys, width, &idx, n);
            let got = bootstrap_sums(&rows, s * width..(s + 1) * width, draws);
            let side: Vec<f32> = all
                .chunks_exact(total.max(1))
                .flat_map(|r| r[s * width..(s + 1) * width].to_vec())
                .collect();
            assert_eq!(got.len(), want.len());
            for (k, ((g, a), w)) in got.iter().zip(&side).zip(&want).enumerate() {
                assert_eq!(g.to_bits(), w.to_bits(), "system {s}, sum {k}: {g} vs {w}");
                assert_eq!(a.to_bits(), w.to_bits(), "system {s}, side by side {k}");
            }
        }
    }

    #[test]
    fn few_resamples_add_drawn_rows_with_the_same_bits() {
        let (systems, draws) = fixture(64, 12, 2, 5, |k| (k % 50) as f32);
        check(&systems, 12, &draws);
    }

    #[test]
    fn exact_path_equals_drawing_order_sums() {
        // Counts and halves (TER with two references): the product path, with a last block
        // of fewer resamples and segments in several chunks.
        let (systems, draws) = fixture(KC + 257, 30, 3, 2 * BLOCK + 9, |k| {
            ((k * 7919) % 611) as f32 * 0.5
        });
        assert!(sums_are_exact(&systems[0], KC + 257));
        check(&systems, 30, &draws);
    }

    #[test]
    fn inexact_rows_take_the_drawn_rows_path_and_keep_its_bits() {
        // Thirds (TER with three references) are not exact in float32: drawing order matters.
        let (systems, draws) = fixture(131, 21, 2, 40, |k| ((k * 104_729) % 1000) as f32 / 3.0);
        assert!(!sums_are_exact(&systems[0], 131));
        check(&systems, 21, &draws);
        // Widths that leave every kind of remainder tile; a resample longer than a chunk.
        for (n, width) in [
            (40, 1),
            (40, 7),
            (40, 8),
            (40, 9),
            (40, 65),
            (40, 130),
            (CHUNK_PLUS, 3),
        ] {
            let (systems, draws) = fixture(n, width, 1, 3, |k| (k % 97) as f32 / 3.0);
            check(&systems, width, &draws);
        }
    }
    const CHUNK_PLUS: usize = crate::significance::draws::CHUNK + 5;

    #[test]
    fn selected_sums_add_the_selected_rows() {
        let (n, total) = (KC + 131, 19);
        let data: Vec<f32> = (0..n * total)
            .map(|k| ((k * 7919) % 301) as f32 - 150.0)
            .collect();
        let rows = Rows32::from_f32(data.clone(), total);
        assert!(rows.exact());
        let trials = BLOCK + 13;
        let sel = BoolDraws::new(&mut Generator::new(7), trials, n);
        let got = selected_sums(&sel, &rows);
        let words = n.div_ceil(64);
        let all = Generator::new(7).bool_rows_packed(trials, n);
        for (t, bits) in all.chunks_exact(words).enumerate() {
            let mut want = vec![0f64; total];
            for j in (0..n).filter(|&j| bits[j / 64] >> (j % 64) & 1 == 1) {
                for (w, &v) in want.iter_mut().zip(&data[j * total..(j + 1) * total]) {
                    *w += f64::from(v);
                }
            }
            let got: Vec<f64> = got[t * total..(t + 1) * total]
                .iter()
                .map(|&x| x.into())
                .collect();
            assert_eq!(got, want, "trial {t}");
        }
    }

    #[test]
    fn exactness_bound() {
        // 2^23 / n is the largest magnitude allowed.
        let n = 1 << 10;
        assert!(sums_are_exact(&[8192.0, 0.5], n));
        assert!(!sums_are_exact(&[8192.5], n));
        assert!(!sums_are_exact(&[0.25], n));
        assert!(!sums_are_exact(&[f32::NAN], n));
        assert!(!sums_are_exact(&[f32::INFINITY], n));
        assert!(sums_are_exact(&[-8192.0], n));
    }

    /// Segment `i`'s row of `blocks`, side by side, in float32.
    fn record(blocks: &[(Vec<f64>, usize)], i: usize) -> Vec<f32> {
        blocks
            .iter()
            .flat_map(|(r, w)| r[i * w..(i + 1) * w].iter().map(|&x| x as f32))
            .collect()
    }

    /// Sums of columns `cols` of the rows, drawing order or its reverse, as numpy adds them.
    fn plain_sums(
        blocks: &[(Vec<f64>, usize)],
        draws: &ChoiceDraws,
        cols: Range<usize>,
        reverse: bool,
    ) -> Vec<f32> {
        let n = draws.n();
        let mut out = Vec::new();
        for sample in draws.matrix().chunks_exact(n) {
            let mut acc = vec![0f32; cols.len()];
            let mut add = |i: u32| {
                let row = record(blocks, i as usize);
                for (a, &v) in acc.iter_mut().zip(&row[cols.clone()]) {
                    *a += v;
                }
            };
            if reverse {
                sample.iter().rev().for_each(|&i| add(i));
            } else {
                sample.iter().for_each(|&i| add(i));
            }
            out.extend(acc);
        }
        out
    }

    /// Compact records give the float32 sums bit for bit, on sums past 2^24 where the order of
    /// additions shows (the reverse order differs), for every column range asked.
    fn check_compact(blocks: &[(Vec<f64>, usize)], samples: usize, kind: &str) {
        let n = blocks[0].0.len() / blocks[0].1;
        let total: usize = blocks.iter().map(|b| b.1).sum();
        let refs: Vec<(&[f64], usize)> = blocks.iter().map(|(r, w)| (r.as_slice(), *w)).collect();
        let rows = Rows32::from_blocks(&refs);
        assert_eq!(rows.kind(), kind);
        let draws = ChoiceDraws::new(&mut Generator::new(12345), n, samples);
        for cols in [
            0..total,
            0..1,
            5..total - 3,
            TILE - 1..total.min(TILE + 5),
            total - 1..total,
        ] {
            let got = bootstrap_sums(&rows, cols.clone(), &draws);
            let want = plain_sums(blocks, &draws, cols.clone(), false);
            assert_eq!(got.len(), want.len());
            for (k, (g, w)) in got.iter().zip(&want).enumerate() {
                assert_eq!(g.to_bits(), w.to_bits(), "{cols:?}, sum {k}: {g} vs {w}");
            }
        }
        let forward = plain_sums(blocks, &draws, 0..total, false);
        let backward = plain_sums(blocks, &draws, 0..total, true);
        assert!(forward.iter().any(|&x| x > (1 << 24) as f32));
        assert!(
            forward.iter().zip(&backward).any(|(a, b)| a != b),
            "the data must make the order of additions visible"
        );
    }

    /// Deterministic pseudo-random values in `lo..lo + span`.
    fn spread(k: usize, lo: usize, span: usize) -> f64 {
        (lo + (k.wrapping_mul(2_654_435_761) >> 7) % span) as f64
    }

    #[test]
    fn compact_u8_records_add_like_float32_rows() {
        // Two metrics' blocks, 71 columns (two tiles); counts near 230 so that 80k of them
        // pass 2^24; a column of halves (stored doubled); every 37th segment has a count
        // too large for u8 and every 101st a fraction, both read from float32 copies.
        let n = 80_000;
        let a: Vec<f64> = (0..n * 10)
            .map(|k| match k % 10 {
                3 => spread(k, 100, 27) + 0.5,
                _ if k % 370 == 7 => 300.0,
                _ => spread(k, 200, 54),
            })
            .collect();
        let b: Vec<f64> = (0..n * 61)
            .map(|k| {
                if k % (101 * 61) == 60 {
                    1.0 / 3.0
                } else {
                    spread(k, 201, 53)
                }
            })
            .collect();
        check_compact(&[(a, 10), (b, 61)], 3, "u8");
    }

    #[test]
    fn compact_u16_records_add_like_float32_rows() {
        // Counts of up to a thousand (chrF of long segments) in every segment: u16.
        let n = 30_000;
        let a: Vec<f64> = (0..n * 75).map(|k| spread(k, 600, 400)).collect();
        check_compact(&[(a, 75)], 2, "u16");
    }

    #[test]
    fn values_that_fit_no_narrow_type_stay_float32() {
        let n = 40_000;
        let a: Vec<f64> = (0..n * 3).map(|k| spread(k, 600, 400) / 3.0).collect();
        let refs = [(a.as_slice(), 3)];
        assert_eq!(Rows32::from_blocks(&refs).kind(), "f32");
    }
}
