//! numpy arithmetic as sacreBLEU's bootstrap code meets it under NumPy 2 (NEP 50).
//!
//! sacreBLEU's `_bootstrap_resample` and `_paired_bs_test` turn the statistics into
//! `np.array(stats, dtype='float32')`, sum each resample with `.sum(0)` and give the float32 row
//! to the metric's `_compute_score_from_stats`. Under NEP 50 a Python `int`/`float` meeting a
//! `np.float32` is "weak": it is first rounded to float32 and the operation runs in float32. So:
//!
//! * **row sums**: `.sum(0)` over a C-contiguous `(n, width)` float32 array reduces the outer
//!   axis with an element-wise add, i.e. sequentially in drawing order, in float32
//!   ([`sum_rows_f32`]);
//! * **BLEU** (`BLEU.compute_bleu`): each precision `100. * correct / total` (and the smoothed
//!   variants) is float32; `my_log` hands it to `math.log`, so the log-sum, `exp` and brevity
//!   penalty are float64 and the score is a Python float → score arrays are **float64**;
//! * **chrF** (`CHRF._compute_f_score`): `n_match / n_hyp` is float32, and the running
//!   `score`/`avg_prec`/`avg_rec` become float32 as soon as a float32 is added to them → the score
//!   is a `np.float32` and score arrays are **float32** ([`Num`] tracks this per value);
//! * **TER** (`TER._compute_score_from_stats`): `100 * (edits / ref_len)` is float32;
//! * `estimate_ci` (`significance.py`) sorts the score array and takes `scores.mean()`, numpy's
//!   pairwise summation in the array's dtype ([`pairwise_sum`]) divided in that dtype, and
//!   `0.5 * (upper - lower)` in that dtype; `_compute_p_value`'s `stats > real_difference`
//!   compares a float32 array with the Python float rounded to float32;
//! * `Score.estimate_ci` (`metrics/base.py`, the `--confidence` path) sorts a Python list and
//!   takes `statistics.mean`: the exact rational mean, converted with `T(fraction)` where `T` is
//!   the scores' type (`float`, or `np.float32` which goes through `float` first) ([`exact_mean`]).
//!
//! numpy (BSD-3-Clause) and sacreBLEU (Apache-2.0) are the sources of the reproduced behaviour;
//! the functions named above are cited where they are ported.

use crate::metrics::{BleuConfig, ChrfConfig, SmoothMethod};

/// A Python scalar as sacreBLEU's score code holds it: a Python number (`int`/`float`, weak under
/// NEP 50, computed in float64) or a `np.float32`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Num {
    /// Python `int` or `float`.
    Py(f64),
    /// `np.float32`.
    F32(f32),
}

impl Num {
    /// The value, widened to f64 (exact for float32).
    pub fn value(self) -> f64 {
        match self {
            Num::Py(x) => x,
            Num::F32(x) => f64::from(x),
        }
    }
    /// The value as float32 (a weak Python scalar is rounded, as NEP 50 casts it).
    fn f32(self) -> f32 {
        match self {
            Num::Py(x) => x as f32,
            Num::F32(x) => x,
        }
    }
    fn op(self, o: Num, f64op: impl Fn(f64, f64) -> f64, f32op: impl Fn(f32, f32) -> f32) -> Num {
        match (self, o) {
            (Num::Py(a), Num::Py(b)) => Num::Py(f64op(a, b)),
            (a, b) => Num::F32(f32op(a.f32(), b.f32())),
        }
    }
    fn add(self, o: Num) -> Num {
        self.op(o, |a, b| a + b, |a, b| a + b)
    }
    fn sub(self, o: Num) -> Num {
        self.op(o, |a, b| a - b, |a, b| a - b)
    }
    fn mul(self, o: Num) -> Num {
        self.op(o, |a, b| a * b, |a, b| a * b)
    }
    fn div(self, o: Num) -> Num {
        self.op(o, |a, b| a / b, |a, b| a / b)
    }
    /// `self > 0` or truthiness: compares exactly (widening is exact).
    fn positive(self) -> bool {
        self.value() > 0.0
    }
}

/// `stats_np[idxs[s]].sum(0)`: sum the rows named by `idx` (in that order) in float32.
#[inline]
pub fn sum_rows_f32(rows: &[f32], width: usize, idx: &[u32], out: &mut [f32]) {
    out.fill(0.0);
    for &i in idx {
        let r = &rows[i as usize * width..(i as usize + 1) * width];
        for (o, &v) in out.iter_mut().zip(r) {
            *o += v;
        }
    }
}

/// `BLEU._compute_score_from_stats` on a float32 row `[sys_len, ref_len, correct…, total…]`.
pub fn bleu_score_f32(cfg: &BleuConfig, row: &[f32]) -> f64 {
    let order = cfg.max_ngram_order;
    // `int(stats[0])`, `int(stats[1])`: exact for integer-valued float32.
    let sys_len = row[0] as f64;
    let ref_len = row[1] as f64;
    let smooth_value = cfg
        .smooth_value
        .or(cfg.smooth_method.default_value())
        .unwrap_or(0.0);
    let mut bp = 1.0f64;
    if sys_len < ref_len {
        bp = if sys_len > 0.0 {
            (1.0 - ref_len / sys_len).exp()
        } else {
            0.0
        };
    }
    let correct = &row[2..2 + order];
    let total = &row[2 + order..2 + 2 * order];
    if correct.iter().all(|&c| c == 0.0) {
        return 0.0;
    }
    // `precisions = [0.0] * max_ngram_order`: Python floats until overwritten by float32.
    let mut precisions = [0.0f64; crate::metrics::bleu::MAX_SUPPORTED_ORDER];
    let mut smooth_mteval = 1.0f64;
    let mut eff_order = order;
    for n in 1..=order {
        let (mut c, mut t) = (correct[n - 1], total[n - 1]);
        if cfg.smooth_method == SmoothMethod::AddK && n > 1 {
            // `correct[n - 1] += smooth_value` on a float32 array.
            c += smooth_value as f32;
            t += smooth_value as f32;
        }
        if t == 0.0 {
            break;
        }
        if cfg.effective_order {
            eff_order = n;
        }
        if c == 0.0 {
            match cfg.smooth_method {
                SmoothMethod::Exp => {
                    smooth_mteval *= 2.0;
                    // `100. / (smooth_mteval * total[n - 1])`
                    precisions[n - 1] = f64::from(100.0f32 / (smooth_mteval as f32 * t));
                }
                SmoothMethod::Floor => {
                    // `100. * smooth_value / total[n - 1]`: the product is a Python float.
                    precisions[n - 1] = f64::from((100.0 * smooth_value) as f32 / t);
                }
                SmoothMethod::AddK | SmoothMethod::None => {}
            }
        } else {
            // `100. * correct[n - 1] / total[n - 1]`, both operations in float32.
            precisions[n - 1] = f64::from(100.0f32 * c / t);
        }
    }
    let mut log_sum = 0.0f64;
    for &p in &precisions[..eff_order] {
        log_sum += if p == 0.0 { -9_999_999_999.0 } else { p.ln() };
    }
    bp * (log_sum / eff_order as f64).exp()
}

/// `CHRF._compute_f_score` on a float32 row of `[hyp, ref, match]` triples.
pub fn chrf_score_f32(cfg: &ChrfConfig, row: &[f32]) -> Num {
    let n_orders = cfg.char_order + cfg.word_order;
    let eps = Num::Py(1e-16);
    let factor = Num::Py(f64::from(cfg.beta * cfg.beta));
    let one_plus = Num::Py(1.0 + f64::from(cfg.beta * cfg.beta));
    let mut score = Num::Py(0.0);
    let mut effective_order = 0u32;
    let (mut avg_prec, mut avg_rec) = (Num::Py(0.0), Num::Py(0.0));
    for t in row[..3 * n_orders].chunks_exact(3) {
        let (n_hyp, n_ref, n_match) = (Num::F32(t[0]), Num::F32(t[1]), Num::F32(t[2]));
        let prec = if n_hyp.positive() {
            n_match.div(n_hyp)
        } else {
            eps
        };
        let rec = if n_ref.positive() {
            n_match.div(n_ref)
        } else {
            eps
        };
        let denom = factor.mul(prec).add(rec);
        score = score.add(if denom.positive() {
            one_plus.mul(prec).mul(rec).div(denom)
        } else {
            eps
        });
        if n_hyp.positive() && n_ref.positive() {
            avg_prec = avg_prec.add(prec);
            avg_rec = avg_rec.add(rec);
            effective_order += 1;
        }
    }
    if cfg.eps_smoothing {
        return Num::Py(100.0).mul(score).div(Num::Py(n_orders as f64));
    }
    if effective_order == 0 {
        avg_prec = Num::Py(0.0);
        avg_rec = Num::Py(0.0);
    } else {
        let e = Num::Py(f64::from(effective_order));
        avg_prec = avg_prec.div(e);
        avg_rec = avg_rec.div(e);
    }
    if avg_prec.add(avg_rec).value() != 0.0 {
        let s = one_plus.mul(avg_prec).mul(avg_rec);
        let s = s.div(factor.mul(avg_prec).add(avg_rec));
        Num::Py(100.0).mul(s)
    } else {
        Num::Py(0.0)
    }
}

/// `TER._compute_score_from_stats` on a float32 row `[edits, ref_length]`.
pub fn ter_score_f32(row: &[f32]) -> Num {
    let (edits, len) = (Num::F32(row[0]), Num::F32(row[1]));
    let score = if len.positive() {
        edits.div(len)
    } else if edits.positive() {
        Num::Py(1.0)
    } else {
        Num::Py(0.0)
    };
    Num::Py(100.0).mul(score)
}

/// An `np.array` of scores: float32 when every score is a `np.float32`, float64 otherwise
/// (`np.array` of Python floats, or of a mix, is float64).
#[derive(Debug, Clone, PartialEq)]
pub enum ScoreArray {
    /// `dtype=float32`.
    F32(Vec<f32>),
    /// `dtype=float64`.
    F64(Vec<f64>),
}

impl ScoreArray {
    /// `np.array(scores)`.
    pub fn from_nums(scores: &[Num]) -> Self {
        if scores.iter().all(|s| matches!(s, Num::F32(_))) {
            ScoreArray::F32(scores.iter().map(|s| s.f32()).collect())
        } else {
            ScoreArray::F64(scores.iter().map(|s| s.value()).collect())
        }
    }
    /// Number of scores.
    pub fn len(&self) -> usize {
        match self {
            ScoreArray::F32(v) => v.len(),
            ScoreArray::F64(v) => v.len(),
        }
    }
    /// Whether there are no scores.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// Floating types numpy reduces with pairwise summation.
pub trait Float:
    Copy + PartialOrd + std::ops::Add<Output = Self> + std::ops::Sub<Output = Self>
{
    /// 0.
    const ZERO: Self;
    /// Widen to f64.
    fn to_f64(self) -> f64;
}
impl Float for f32 {
    const ZERO: Self = 0.0;
    fn to_f64(self) -> f64 {
        f64::from(self)
    }
}
impl Float for f64 {
    const ZERO: Self = 0.0;
    fn to_f64(self) -> f64 {
        self
    }
}

/// numpy's `pairwise_sum` (`loops_utils.h.src`): blocks of up to 128 summed with eight
/// accumulators, larger inputs split in two at a multiple of 8. `np.sum` of a contiguous 1-D
/// array is `0 + pairwise_sum(all)` (numpy 2.4 hands the whole array to one inner-loop call).
pub fn pairwise_sum<T: Float>(a: &[T]) -> T {
    let n = a.len();
    if n < 8 {
        let mut res = T::ZERO;
        for &x in a {
            res = res + x;
        }
        res
    } else if n <= 128 {
        let mut r: [T; 8] = std::array::from_fn(|j| a[j]);
        let mut i = 8;
        while i < n - n % 8 {
            for j in 0..8 {
                r[j] = r[j] + a[i + j];
            }
            i += 8;
        }
        let mut res = ((r[0] + r[1]) + (r[2] + r[3])) + ((r[4] + r[5]) + (r[6] + r[7]));
        while i < n {
            res = res + a[i];
            i += 1;
        }
        res
    } else {
        let mut n2 = n / 2;
        n2 -= n2 % 8;
        pairwise_sum(&a[..n2]) + pairwise_sum(&a[n2..])
    }
}

fn sorted<T: Float>(v: &[T]) -> Vec<T> {
    let mut s = v.to_vec();
    // Scores are never NaN (every division is guarded), so the order is total.
    s.sort_by(|a, b| a.partial_cmp(b).expect("NaN score"));
    s
}

/// `significance.estimate_ci(scores)`: `(scores.mean(), 0.5 * (upper - lower))` in the array's
/// dtype, widened to f64.
pub fn estimate_ci_numpy(scores: &ScoreArray) -> (f64, f64) {
    fn go<T: Float>(v: &[T], div: impl Fn(T, usize) -> T, half: impl Fn(T) -> T) -> (f64, f64) {
        let s = sorted(v);
        let n = s.len();
        let lower_idx = n / 40;
        let upper_idx = n - lower_idx - 1;
        let ci = half(s[upper_idx] - s[lower_idx]);
        // `_mean`: `umr_sum` then `ret.dtype.type(ret / rcount)`; numpy sorts before summing.
        let mean = div(T::ZERO + pairwise_sum(&s), n);
        (mean.to_f64(), ci.to_f64())
    }
    match scores {
        ScoreArray::F32(v) => go(v, |s, n| s / n as f32, |d| 0.5f32 * d),
        ScoreArray::F64(v) => go(v, |s, n| s / n as f64, |d| 0.5 * d),
    }
}

/// `Score.estimate_ci(scores)` (`metrics/base.py`, used by `--confidence`):
/// `sorted` Python list, `0.5 * (upper - lower)` in the scores' type, `statistics.mean`.
pub fn estimate_ci_python(scores: &[Num]) -> (f64, f64) {
    let mut s = scores.to_vec();
    s.sort_by(|a, b| a.value().partial_cmp(&b.value()).expect("NaN score"));
    let n = s.len();
    let lower_idx = n / 40;
    let upper_idx = n - lower_idx - 1;
    let diff = s[upper_idx].sub(s[lower_idx]);
    let ci = Num::Py(0.5).mul(diff).value();
    let values: Vec<f64> = s.iter().map(|x| x.value()).collect();
    let mean = exact_mean(&values);
    let all_f32 = s.iter().all(|x| matches!(x, Num::F32(_)));
    // `np.float32(fraction)` converts through Python `float` first.
    let mean = if all_f32 {
        f64::from(mean as f32)
    } else {
        mean
    };
    (mean, ci)
}

/// `statistics.mean` of finite floats: the exact rational mean, correctly rounded to f64
/// (`float(Fraction)`). Scores of external metrics (BLEURT, COMET) can be negative.
pub fn exact_mean(values: &[f64]) -> f64 {
    // Fixed point in units of 2^-1074 (the smallest subnormal): every f64 is an integer there.
    const LIMBS: usize = 34; // 2176 bits: covers 2^-1074 .. 2^1024 plus headroom for the sum.
    let mut pos = [0u64; LIMBS];
    let mut neg = [0u64; LIMBS];
    for &v in values {
        assert!(v.is_finite(), "exact_mean: unexpected score {v}");
        if v == 0.0 {
            continue;
        }
        let acc = if v > 0.0 { &mut pos } else { &mut neg };
        let bits = v.abs().to_bits();
        let exp = ((bits >> 52) & 0x7ff) as i64;
        let frac = bits & ((1u64 << 52) - 1);
        let (mant, shift) = if exp == 0 {
            (frac, 0i64)
        } else {
            (frac | (1u64 << 52), exp - 1)
        };
        // value = mant · 2^(shift - 1074)
        let (limb, off) = ((shift / 64) as usize, (shift % 64) as u32);
        let wide = u128::from(mant) << off;
        let mut carry = 0u128;
        for (k, part) in [wide as u64, (wide >> 64) as u64].into_iter().enumerate() {
            let s = u128::from(acc[limb + k]) + u128::from(part) + carry;
            acc[limb + k] = s as u64;
            carry = s >> 64;
        }
        let mut k = limb + 2;
        while carry > 0 {
            let s = u128::from(acc[k]) + carry;
            acc[k] = s as u64;
            carry = s >> 64;
            k += 1;
        }
    }
    // |Σ| = larger − smaller; rounding to nearest is symmetric, so the sign is applied last.
    let negative = neg.iter().rev().cmp(pos.iter().rev()) == std::cmp::Ordering::Greater;
    let (mut acc, sub) = if negative { (neg, pos) } else { (pos, neg) };
    let mut borrow = 0u64;
    for (a, &b) in acc.iter_mut().zip(&sub) {
        let (d, o1) = a.overflowing_sub(b);
        let (d, o2) = d.overflowing_sub(borrow);
        *a = d;
        borrow = u64::from(o1 || o2);
    }
    let m = mean_of_magnitude(&mut acc, values.len());
    if negative { -m } else { m }
}

/// The correctly rounded `acc / n` of a fixed-point magnitude (units of 2^-1074).
fn mean_of_magnitude(acc: &mut [u64; 34], n: usize) -> f64 {
    // Divide by n (long division, most significant limb first).
    let n = n as u128;
    let mut rem = 0u128;
    for limb in acc.iter_mut().rev() {
        let cur = (rem << 64) | u128::from(*limb);
        *limb = (cur / n) as u64;
        rem = cur % n;
    }
    let bitlen = acc
        .iter()
        .enumerate()
        .rev()
        .find(|(_, l)| **l != 0)
        .map_or(0, |(i, &l)| 64 * i as u32 + (64 - l.leading_zeros()));
    if bitlen == 0 {
        // Mean below one unit: rounds to 0 or to the smallest subnormal.
        return if 2 * rem > n { f64::from_bits(1) } else { 0.0 };
    }
    let shift = bitlen.saturating_sub(53);
    let bit = |i: u32| (acc[(i / 64) as usize] >> (i % 64)) & 1;
    let mut mant = 0u64;
    for i in (shift..bitlen).rev() {
        mant = (mant << 1) | bit(i);
    }
    // Round to nearest, ties to even: guard bit, then sticky (lower bits or remainder).
    let (round_up, exact_tie) = if shift == 0 {
        (2 * rem > n, 2 * rem == n)
    } else {
        let guard = bit(shift - 1) == 1;
        let sticky = rem != 0 || (0..shift - 1).any(|i| bit(i) == 1);
        (guard && sticky, guard && !sticky)
    };
    if round_up || (exact_tie && mant & 1 == 1) {
        mant += 1;
    }
    let mut e = i64::from(shift) - 1074;
    if mant == 1u64 << 53 {
        mant >>= 1;
        e += 1;
    }
    if mant < (1u64 << 52) {
        // Subnormal (only possible when e == -1074).
        return f64::from_bits(mant);
    }
    f64::from_bits((((e + 52 + 1023) as u64) << 52) | (mant - (1u64 << 52)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exact_mean_rounds_correctly() {
        assert_eq!(exact_mean(&[1.0, 2.0]), 1.5);
        assert_eq!(exact_mean(&[0.1, 0.2, 0.3]), 0.2);
        // 0.1 + 0.2 in f64 is 0.30000000000000004; the exact mean of the three is not.
        assert_eq!(exact_mean(&[0.1, 0.2]), 0.15000000000000002);
        assert_eq!(exact_mean(&[1e-300, 3e-300]), 2e-300);
        assert_eq!(exact_mean(&[f64::from_bits(1), 0.0, 0.0]), 0.0);
        assert_eq!(exact_mean(&[f64::from_bits(3), 0.0]), f64::from_bits(2));
        assert_eq!(exact_mean(&[1e300, 1e300]), 1e300);
        // statistics.mean([1e-5, 3.3, 17.25, 99.9999]) == 30.1374775
        assert_eq!(exact_mean(&[1e-5, 3.3, 17.25, 99.9999]), 30.1374775);
        // Signed (external metrics): statistics.mean([-0.5, 0.25, -1e-300]) == -0.08333333333333333
        assert_eq!(exact_mean(&[-0.5, 0.25, -1e-300]), -0.08333333333333333);
        assert_eq!(exact_mean(&[-0.1, -0.2]), -0.15000000000000002);
        assert_eq!(exact_mean(&[0.3, -0.1, -0.2]), -9.25185853854297e-18);
        assert_eq!(exact_mean(&[1e300, -1e300, 3.0]), 1.0);
    }
}
