//! Resample sums for draws shared by every system: `stats_np[idxs].sum(0)` for all systems of
//! one metric at once.
//!
//! sacreBLEU sums each resample in float32, row by row in drawing order. Two ways give the same
//! bits here:
//! * **Multiplicities** (the fast path): a resample's sum is `Σ_i m_i · row_i`, where `m_i` is
//!   how often segment `i` was drawn, so all resamples together are one matrix product
//!   `M (n_samples × n) · S (n × columns)`, done by a cache-blocked SGEMM. Float32 addition is
//!   not associative in general, but it is exact, and so order-free, when every value and every
//!   partial sum is a multiple of ½ below 2²³ in magnitude: then sacreBLEU's sequential sum and
//!   the product both equal the exact sum. [`sums_are_exact`] checks that bound before this path
//!   is taken. Sufficient statistics are counts (BLEU, chrF) or counts and averages of one or two
//!   reference lengths (TER), so it holds for any realistic test set.
//! * **Drawn rows**, when it does not hold (e.g. TER averaged over three references): the
//!   drawn rows are added in drawing order, column tile by column tile.

use rayon::prelude::*;

/// Resample sums of every system at once, for draws shared by all of them.
///
/// `systems[s]` holds system `s`'s float32 rows (`n × width`); `idx` holds the draws,
/// `n_samples × n` segment indices. Returns `n_samples` rows of
/// `n_systems * width` sums, system after system, each equal bit for bit to summing that
/// system's drawn rows in float32, in drawing order.
pub(super) fn combined_bootstrap_sums(
    systems: &[Vec<f32>],
    width: usize,
    idx: &[u32],
    n: usize,
) -> Vec<f32> {
    // Row `i` of the combined matrix is row `i` of every system side by side.
    let total = systems.len() * width;
    let mut combined = vec![0f32; n * total];
    for (s, rows) in systems.iter().enumerate() {
        for (dst, src) in combined
            .chunks_exact_mut(total)
            .zip(rows.chunks_exact(width))
        {
            dst[s * width..(s + 1) * width].copy_from_slice(src);
        }
    }
    let n_samples = idx.len() / n;
    let mut sums = vec![0f32; n_samples * total];
    if total == 0 {
        return sums;
    }
    // The product repacks the rows for every block of resamples: with only a few resamples
    // that costs more than adding the drawn rows.
    if n_samples >= MIN_PRODUCT_SAMPLES && sums_are_exact(&combined, n) {
        multiplicity_sums(idx, &combined, n, total, &mut sums);
    } else {
        sums.par_chunks_mut(total)
            .zip(idx.par_chunks(n))
            .for_each(|(acc, sample)| add_drawn_rows(acc, &combined, sample));
    }
    sums
}

/// Fewest resamples for which [`combined_bootstrap_sums`] takes the matrix product.
const MIN_PRODUCT_SAMPLES: usize = 32;

/// `counts[j * n + i]`: how often segment `i` is drawn in resample `j` of `draws` (float32,
/// ready for the product; counts up to `n` are exact). `counts` is overwritten.
fn multiplicities_into(draws: &[u32], n: usize, counts: &mut Vec<f32>) {
    counts.clear();
    counts.resize(draws.len(), 0.0);
    for (row, sample) in counts.chunks_exact_mut(n).zip(draws.chunks_exact(n)) {
        for &i in sample {
            row[i as usize] += 1.0;
        }
    }
}

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

/// `sums = M · rows`, with `M` the multiplicities of the draws `idx`.
fn multiplicity_sums(idx: &[u32], rows: &[f32], n: usize, total: usize, sums: &mut [f32]) {
    blocked_product(idx.len() / n, n, rows, total, sums, |first, count, a| {
        multiplicities_into(&idx[first * n..(first + count) * n], n, a);
    });
}

/// Approximate randomization's shuffled sums, `sel · rows` for every trial: row `t` of the
/// result adds the rows of the segments selected in trial `t` (`sel`: one packed bit row of
/// [`crate::significance::rng::Generator::bool_rows_packed`] per trial). Exact, whatever the
/// order, when [`sums_are_exact`] holds for `rows`.
pub(super) fn selected_sums(sel: &[u64], rows: &[f32], n: usize, total: usize) -> Vec<f32> {
    let words = n.div_ceil(64);
    let trials = sel.len() / words;
    let mut sums = vec![0f32; trials * total];
    if total > 0 {
        blocked_product(trials, n, rows, total, &mut sums, |first, count, a| {
            a.clear();
            for bits in sel[first * words..(first + count) * words].chunks_exact(words) {
                a.extend((0..n).map(|j| (bits[j / 64] >> (j % 64) & 1) as f32));
            }
        });
    }
    sums
}

/// `out = A · rows` in float32 (`A`: `n_out × n`, `rows`: `n × total`, `out`: `n_out × total`),
/// in blocks of rows of `A` over the rayon pool. `fill(first, count, buf)` writes rows
/// `first..first + count` of `A` into a reused per-thread buffer, so `A` never exists whole.
fn blocked_product(
    n_out: usize,
    n: usize,
    rows: &[f32],
    total: usize,
    out: &mut [f32],
    fill: impl Fn(usize, usize, &mut Vec<f32>) + Sync,
) {
    thread_local! {
        static BLOCK: std::cell::RefCell<Vec<f32>> = const { std::cell::RefCell::new(Vec::new()) };
    }
    assert_eq!(rows.len(), n * total);
    assert_eq!(out.len(), n_out * total);
    if n_out == 0 || total == 0 {
        return;
    }
    // The product packs `rows` once per block, so blocks are large; a few per thread still
    // balance the load, and a bound keeps the per-thread buffer within a few megabytes.
    let block = n_out
        .div_ceil(2 * rayon::current_num_threads())
        .clamp(1, (1 << 20) / n.max(1) + 1);
    out.par_chunks_mut(block * total)
        .enumerate()
        .for_each(|(k, c)| {
            let count = c.len() / total;
            BLOCK.with_borrow_mut(|a| {
                fill(k * block, count, a);
                assert_eq!(a.len(), count * n);
                // SAFETY: `a` is `count × n`, `rows` is `n × total` and `c` is `count × total`,
                // all row-major and contiguous (checked by the asserts above), so every element
                // the product reads or writes lies inside its slice; `c` is borrowed mutably
                // and aliases neither input.
                unsafe {
                    matrixmultiply::sgemm(
                        count,
                        n,
                        total,
                        1.0,
                        a.as_ptr(),
                        n as isize,
                        1,
                        rows.as_ptr(),
                        total as isize,
                        1,
                        0.0,
                        c.as_mut_ptr(),
                        total as isize,
                        1,
                    );
                }
            });
        });
}

/// `acc += combined[i]` for every drawn row `i`, in drawing order. Element-wise float32 adds
/// give the same bits with any instruction set and any column grouping, so the loop runs on
/// column tiles held in registers (see [`add_drawn_rows_tiled`]), built for AVX-512 or AVX2
/// where the processor has them.
fn add_drawn_rows(acc: &mut [f32], combined: &[f32], sample: &[u32]) {
    #[cfg(target_arch = "x86_64")]
    {
        if std::is_x86_feature_detected!("avx512f") {
            // SAFETY: the CPU supports AVX-512F (checked just above).
            unsafe { add_drawn_rows_avx512(acc, combined, sample) };
            return;
        }
        if std::is_x86_feature_detected!("avx2") {
            // SAFETY: the CPU supports AVX2 (checked just above).
            unsafe { add_drawn_rows_avx2(acc, combined, sample) };
            return;
        }
    }
    add_drawn_rows_tiled::<32>(acc, combined, sample);
}

#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx512f")]
unsafe fn add_drawn_rows_avx512(acc: &mut [f32], combined: &[f32], sample: &[u32]) {
    add_drawn_rows_tiled::<128>(acc, combined, sample);
}

#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2")]
unsafe fn add_drawn_rows_avx2(acc: &mut [f32], combined: &[f32], sample: &[u32]) {
    add_drawn_rows_tiled::<64>(acc, combined, sample);
}

/// The drawn-row sum one tile of `TILE` columns at a time: the tile's running sums stay in
/// registers (`TILE` floats = 8 vector registers) for the whole resample, so a drawn row costs
/// only loads and adds. Adding whole rows at once would load and store the accumulator for
/// every row drawn instead, and the stores would bound the loop. Each column is still summed
/// in drawing order, so the bits are those of the straightforward loop.
#[inline(always)]
fn add_drawn_rows_tiled<const TILE: usize>(acc: &mut [f32], combined: &[f32], sample: &[u32]) {
    let total = acc.len();
    let mut start = 0;
    while start + TILE <= total {
        add_drawn_tile::<TILE>(
            &mut acc[start..start + TILE],
            combined,
            total,
            start,
            sample,
        );
        start += TILE;
    }
    // The last, narrower tile: vector-width pieces, then single columns.
    while start + 8 <= total {
        add_drawn_tile::<8>(&mut acc[start..start + 8], combined, total, start, sample);
        start += 8;
    }
    while start < total {
        add_drawn_tile::<1>(&mut acc[start..=start], combined, total, start, sample);
        start += 1;
    }
}

#[inline(always)]
fn add_drawn_tile<const W: usize>(
    acc: &mut [f32],
    combined: &[f32],
    total: usize,
    start: usize,
    sample: &[u32],
) {
    let mut tile: [f32; W] = acc.try_into().expect("acc is one tile wide");
    for &i in sample {
        let at = i as usize * total + start;
        let row: &[f32; W] = combined[at..at + W]
            .try_into()
            .expect("tile inside the row");
        for (t, &v) in tile.iter_mut().zip(row) {
            *t += v;
        }
    }
    acc.copy_from_slice(&tile);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::significance::numpy32::sum_rows_f32;
    use crate::significance::rng::Generator;

    /// Draws and rows of `n` segments with `width` columns for `n_systems` systems.
    fn fixture(
        n: usize,
        width: usize,
        n_systems: usize,
        value: impl Fn(usize) -> f32,
    ) -> (Vec<Vec<f32>>, Vec<u32>) {
        let systems = (0..n_systems)
            .map(|s| (0..n * width).map(|k| value(s * n * width + k)).collect())
            .collect();
        let mut g = Generator::new(12345);
        let mut draws = vec![0u64; 300 * n];
        g.choice_into(n as u64, &mut draws);
        (systems, draws.into_iter().map(|x| x as u32).collect())
    }

    /// The straightforward sums, system by system (what sacreBLEU computes).
    fn reference_sums(systems: &[Vec<f32>], width: usize, idx: &[u32], n: usize) -> Vec<f32> {
        let mut out = Vec::new();
        let mut acc = vec![0f32; width];
        for sample in idx.chunks_exact(n) {
            for rows in systems {
                sum_rows_f32(rows, width, sample, &mut acc);
                out.extend_from_slice(&acc);
            }
        }
        out
    }

    fn check(systems: &[Vec<f32>], width: usize, idx: &[u32], n: usize) {
        let got = combined_bootstrap_sums(systems, width, idx, n);
        let want = reference_sums(systems, width, idx, n);
        assert_eq!(got.len(), want.len());
        for (k, (g, w)) in got.iter().zip(&want).enumerate() {
            assert_eq!(g.to_bits(), w.to_bits(), "sum {k}: {g} vs {w}");
        }
    }

    #[test]
    fn few_resamples_add_drawn_rows_with_the_same_bits() {
        let (systems, idx) = fixture(64, 12, 2, |k| (k % 50) as f32);
        check(&systems, 12, &idx[..5 * 64], 64);
    }

    #[test]
    fn multiplicities_count_draws() {
        let mut m = vec![9.0; 2];
        multiplicities_into(&[0, 0, 2, 1, 1, 1], 3, &mut m);
        assert_eq!(m, [2.0, 0.0, 1.0, 0.0, 3.0, 0.0]);
    }

    #[test]
    fn exact_path_equals_drawing_order_sums() {
        // Counts and halves (TER with two references): the product path.
        let (systems, idx) = fixture(257, 30, 3, |k| ((k * 7919) % 611) as f32 * 0.5);
        assert!(sums_are_exact(&systems[0], 257));
        check(&systems, 30, &idx, 257);
    }

    #[test]
    fn inexact_rows_take_the_drawn_rows_path_and_keep_its_bits() {
        // Thirds (TER with three references) are not exact in float32: drawing order matters.
        let (systems, idx) = fixture(131, 21, 2, |k| ((k * 104_729) % 1000) as f32 / 3.0);
        assert!(!sums_are_exact(&systems[0], 131));
        check(&systems, 21, &idx, 131);
        // Widths that leave every kind of remainder tile.
        for width in [1, 7, 8, 9, 65, 130, 131] {
            let (systems, idx) = fixture(40, width, 1, |k| (k % 97) as f32 / 3.0);
            check(&systems, width, &idx, 40);
        }
    }

    #[test]
    fn selected_sums_add_the_selected_rows() {
        let (n, total) = (131, 19);
        let rows: Vec<f32> = (0..n * total)
            .map(|k| ((k * 7919) % 301) as f32 - 150.0)
            .collect();
        let sel = Generator::new(7).bool_rows_packed(77, n);
        let got = selected_sums(&sel, &rows, n, total);
        let words = n.div_ceil(64);
        for (t, bits) in sel.chunks_exact(words).enumerate() {
            let mut want = vec![0f64; total];
            for j in (0..n).filter(|&j| bits[j / 64] >> (j % 64) & 1 == 1) {
                for (w, &v) in want.iter_mut().zip(&rows[j * total..(j + 1) * total]) {
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
}
