//! Approximate randomization (`_paired_ar_test`): the shuffled sums `pos_sel @ bl + neg_sel @
//! sys` of every trial, exact in int64 (or float64 for halves), and the absolute score
//! differences they give, scored on the float64 path. Works on statistics rows only.

use super::draws::BoolDraws;
use super::resample::{self, Rows32};
use crate::metrics::MetricSpec;
use crate::scoring::MetricResult;

/// Approximate randomization: for every trial, `shuf_a = pos_sel @ bl + neg_sel @ sys` and
/// `shuf_b = neg_sel @ bl + pos_sel @ sys`, both scored on the float64 path; returns every
/// trial's `|score(shuf_a) - score(shuf_b)|`. The selections are drawn [`TRIALS_AT_ONCE`]
/// trials at a time, never all `trials × n` of them.
pub(super) fn ar_abs_diffs(
    spec: &MetricSpec,
    bl: &[f64],
    sys: &[f64],
    width: usize,
    draws: &BoolDraws,
) -> Vec<f64> {
    let n = bl.len() / width.max(1);
    let words = n.div_ceil(64);
    let trials = draws.trials();
    let mut block = (0, Vec::new());
    let mut sel_row = |t: usize| -> Vec<u64> {
        if t >= block.0 + block.1.len() / words.max(1) || t < block.0 {
            block = (t, draws.rows(t, TRIALS_AT_ONCE.min(trials - t)));
        }
        block.1[(t - block.0) * words..(t - block.0 + 1) * words].to_vec()
    };
    let integral = bl
        .iter()
        .chain(sys)
        .all(|&x| x.fract() == 0.0 && x.abs() < 2f64.powi(53));
    let mut abs_diffs = Vec::with_capacity(trials);
    let mut a = vec![0f64; width];
    let mut b = vec![0f64; width];
    if integral {
        // int64 matrix products (exact): a = Σsys + Σ_sel (bl − sys), b = Σbl + Σsys − a.
        let tot_bl = column_sums(bl, width, |x| x as i64);
        let tot_sys = column_sums(sys, width, |x| x as i64);
        let table = NibbleTable::new(bl, sys, width, n);
        let mut acc = vec![0i64; width];
        for t in 0..trials {
            table.select_sum(&sel_row(t), &mut acc);
            for c in 0..width {
                let va = tot_sys[c] + acc[c];
                a[c] = va as f64;
                b[c] = (tot_bl[c] + tot_sys[c] - va) as f64;
            }
            abs_diffs.push((spec.score_row(&a) - spec.score_row(&b)).abs());
        }
    } else {
        // float64 statistics (TER with averaged reference lengths): plain sums in segment
        // order. numpy uses BLAS here, whose summation order is not reproduced.
        for t in 0..trials {
            let row = &sel_row(t);
            a.fill(0.0);
            b.fill(0.0);
            for j in 0..n {
                let (x, y) = if row[j / 64] >> (j % 64) & 1 == 1 {
                    (bl, sys)
                } else {
                    (sys, bl)
                };
                for c in 0..width {
                    a[c] += x[j * width + c];
                    b[c] += y[j * width + c];
                }
            }
            abs_diffs.push((spec.score_row(&a) - spec.score_row(&b)).abs());
        }
    }
    abs_diffs
}

/// Whether float64 sums of any `n` of these values are exact: every value a multiple of ½ and
/// `n` times the largest magnitude below 2⁵¹.
fn f64_sums_are_exact(rows: &[f64], n: usize) -> bool {
    rows.iter()
        .all(|&x| (2.0 * x).fract() == 0.0 && x.abs() * (n as f64) < 2f64.powi(51))
}

/// The shuffled sums of approximate randomization for every system of one metric at once, from
/// one draw shared by all comparisons: `a = Σsys + Σ_sel (bl − sys)`, the second term for all
/// systems in one product (`resample::selected_sums` over the differences side by side).
/// `None` unless every sum involved is exact, in float32 and float64 alike: then `a` and
/// `b = Σbl + Σsys − a` are the exact sums that [`ar_abs_diffs`] computes too (in int64, or in
/// float64 for halves, whose sums are exact in any order).
pub(super) fn ar_shared_sums(r: &MetricResult, sel: &BoolDraws) -> Option<Vec<f32>> {
    let w = r.row_width;
    let (bl, others) = r.systems.split_first()?;
    let n = bl.rows.len() / w.max(1);
    if !r.systems.iter().all(|s| f64_sums_are_exact(&s.rows, n)) {
        return None;
    }
    let total = others.len() * w;
    let mut diffs = vec![0f32; n * total];
    for (k, sys) in others.iter().enumerate() {
        for (j, (b, x)) in bl
            .rows
            .chunks_exact(w)
            .zip(sys.rows.chunks_exact(w))
            .enumerate()
        {
            for c in 0..w {
                // Exact: a difference of halves, converted exactly if `sums_are_exact` passes.
                diffs[j * total + k * w + c] = (b[c] - x[c]) as f32;
            }
        }
    }
    let diffs = Rows32::from_f32(diffs, total);
    diffs.exact().then(|| resample::selected_sums(sel, &diffs))
}

/// Trials whose selections [`ar_abs_diffs`] draws at once (an eighth of a byte per segment
/// each).
const TRIALS_AT_ONCE: usize = 64;

/// [`ar_abs_diffs`] from [`ar_shared_sums`]: trial `t`'s `Σ_sel (bl − sys)` for this system is
/// `sums[t * stride + offset..][..width]`.
pub(super) fn ar_abs_diffs_from_sums(
    spec: &MetricSpec,
    bl: &[f64],
    sys: &[f64],
    width: usize,
    sums: &[f32],
    stride: usize,
    offset: usize,
) -> Vec<f64> {
    let (tot_bl, tot_sys) = (
        column_sums(bl, width, |x| x),
        column_sums(sys, width, |x| x),
    );
    let mut a = vec![0f64; width];
    let mut b = vec![0f64; width];
    sums.chunks_exact(stride)
        .map(|trial| {
            for (c, &d) in trial[offset..offset + width].iter().enumerate() {
                a[c] = tot_sys[c] + f64::from(d);
                b[c] = tot_bl[c] + tot_sys[c] - a[c];
            }
            (spec.score_row(&a) - spec.score_row(&b)).abs()
        })
        .collect()
}

/// Column sums of statistics rows, each value converted by `conv` first (to `i64` for the
/// exact integer path, kept as `f64` for halves).
fn column_sums<T: Copy + Default + std::ops::AddAssign>(
    rows: &[f64],
    width: usize,
    conv: impl Fn(f64) -> T,
) -> Vec<T> {
    let mut t = vec![T::default(); width];
    for r in rows.chunks_exact(width) {
        for (a, &x) in t.iter_mut().zip(r) {
            *a += conv(x);
        }
    }
    t
}

/// Σ over selected segments of `bl − sys`, four segments per lookup: for every group of four
/// segments, the 16 possible partial sums.
struct NibbleTable {
    width: usize,
    groups: usize,
    table: Vec<i64>,
}

impl NibbleTable {
    fn new(bl: &[f64], sys: &[f64], width: usize, n: usize) -> Self {
        let groups = n.div_ceil(4);
        let mut table = vec![0i64; groups * 16 * width];
        for g in 0..groups {
            for mask in 1..16usize {
                let low = mask.trailing_zeros() as usize;
                let prev = mask & (mask - 1);
                let j = 4 * g + low;
                for c in 0..width {
                    let d = if j < n {
                        (bl[j * width + c] - sys[j * width + c]) as i64
                    } else {
                        0
                    };
                    table[(g * 16 + mask) * width + c] = table[(g * 16 + prev) * width + c] + d;
                }
            }
        }
        Self {
            width,
            groups,
            table,
        }
    }

    #[inline]
    fn select_sum(&self, sel: &[u64], acc: &mut [i64]) {
        acc.fill(0);
        let w = self.width;
        for g in 0..self.groups {
            let mask = (sel[g / 16] >> (4 * (g % 16)) & 0xf) as usize;
            if mask != 0 {
                let r = &self.table[(g * 16 + mask) * w..(g * 16 + mask + 1) * w];
                for (a, &v) in acc.iter_mut().zip(r) {
                    *a += v;
                }
            }
        }
    }
}
