//! Compact statistics records for adding drawn rows at scale.
//!
//! Past a few hundred thousand segments the float32 totals of BLEU and chrF exceed 2²⁴, so every
//! resample must add its drawn rows in drawing order (`resample`), one random read per segment
//! and resample. That read, not the arithmetic, is the cost: a float32 row of every system of
//! one metric was 96 to 160 bytes, read once per metric. Here one record per segment holds every
//! column of every metric and system as a small integer, so one read (usually one cache line)
//! per draw serves all of them:
//!
//! * Statistics are counts (BLEU, chrF) or averages of two reference lengths (TER), so a column
//!   whose float32 values are all multiples of ½ is stored doubled ([`Compact::unscale`]). Adding
//!   `2v` instead of `v` gives exactly twice each float32 partial sum (scaling by a power of two
//!   commutes with rounding), so halving the total restores sacreBLEU's bits.
//! * A record stores every column in `u8` (or `u16`), converted exactly to float32 as it is
//!   added. A segment with a value that does not fit (too large, negative, a fraction) is an
//!   *exception*: its record starts every tile of [`TILE`] columns with the sentinel `T::MAX`
//!   followed by the index of its float32 copy in [`Compact::wide`]. Either way each column
//!   receives the same float32 value in the same order, so the sums are the float32 path's.
//! * The records live in a 2 MiB-aligned buffer marked for transparent huge pages, so that
//!   random reads over hundreds of megabytes do not also miss the TLB on every draw.

use std::alloc::Layout;
use std::ops::{Deref, DerefMut};
use std::ptr::NonNull;

use rayon::prelude::*;

/// Columns per tile: 8 vectors of 8 float32 running sums, kept in registers while a resample's
/// rows are added.
pub(super) const TILE: usize = 64;

/// A narrow unsigned integer column type. `MAX` is reserved as the exception sentinel.
pub(super) trait Narrow: Copy + Send + Sync + PartialEq + Default + 'static {
    /// Marks an exception record (never a stored value).
    const SENTINEL: Self;
    /// Stored values are whole numbers below this.
    const LIMIT: f32;
    /// `v`, a whole number in `0..LIMIT`.
    fn from_f32(v: f32) -> Self;
    /// The exact float32 value.
    fn to_f32(self) -> f32;
    /// Write exception index `k` after the sentinel (lanes `1..`; a tile has at least 8).
    fn put_index(lanes: &mut [Self], k: u32);
    /// Read what [`Narrow::put_index`] wrote.
    fn get_index(lanes: &[Self]) -> usize;
}

impl Narrow for u8 {
    const SENTINEL: Self = u8::MAX;
    const LIMIT: f32 = u8::MAX as f32;
    fn from_f32(v: f32) -> Self {
        v as u8
    }
    #[inline(always)]
    fn to_f32(self) -> f32 {
        f32::from(self)
    }
    fn put_index(lanes: &mut [Self], k: u32) {
        lanes[1..5].copy_from_slice(&k.to_le_bytes());
    }
    #[inline(always)]
    fn get_index(lanes: &[Self]) -> usize {
        u32::from_le_bytes([lanes[1], lanes[2], lanes[3], lanes[4]]) as usize
    }
}

impl Narrow for u16 {
    const SENTINEL: Self = u16::MAX;
    const LIMIT: f32 = u16::MAX as f32;
    fn from_f32(v: f32) -> Self {
        v as u16
    }
    #[inline(always)]
    fn to_f32(self) -> f32 {
        f32::from(self)
    }
    fn put_index(lanes: &mut [Self], k: u32) {
        lanes[1] = k as u16;
        lanes[2] = (k >> 16) as u16;
    }
    #[inline(always)]
    fn get_index(lanes: &[Self]) -> usize {
        (usize::from(lanes[2]) << 16) | usize::from(lanes[1])
    }
}

/// Every metric's and system's statistics, one compact record per segment.
pub(super) struct Compact<T: Narrow> {
    /// Record length in `T`s: the columns rounded up to vectors of 8, then to a power of two
    /// up to a cache line or a whole number of lines, so no record straddles more lines than
    /// it must.
    stride: usize,
    /// `n` records.
    data: HugeBuf<T>,
    /// Exceptions' scaled float32 rows, `wstride` apart.
    wide: Vec<f32>,
    wstride: usize,
    /// Per column, what turns a sum of stored values back into the float32 sum: 1 or ½.
    pub(super) unscale: Vec<f32>,
}

/// One column-major view of the statistics: `blocks[b]` is `n × width` float64 rows, and
/// the columns of all blocks side by side form a record.
pub(super) type Blocks<'a> = [(&'a [f64], usize)];

/// Segment `i`'s values in record order, as float32 (`np.array(stats, dtype='float32')`).
#[inline]
pub(super) fn for_each_value(blocks: &Blocks, i: usize, mut f: impl FnMut(usize, f32)) {
    let mut c = 0;
    for &(rows, w) in blocks {
        for &v in &rows[i * w..(i + 1) * w] {
            f(c, v as f32);
            c += 1;
        }
    }
}

/// `x` scaled by `2^e`, when that is a whole number a narrow type may hold (not negative, not
/// negative zero); infinity otherwise.
#[inline]
fn scaled(x: f32, double: bool) -> f32 {
    let s = if double { x * 2.0 } else { x };
    if s.is_sign_negative() || s.fract() != 0.0 {
        f32::INFINITY
    } else {
        s
    }
}

/// The narrow type that holds a set of statistics ([`choose`]).
pub(super) enum Choice {
    U8,
    U16,
}

/// At most one segment in this many may be an exception (each costs a second read).
const MAX_EXCEPTIONS: usize = 16;

/// Record length in `T`s for `total` columns of `size` bytes each.
fn record_len(total: usize, size: usize) -> usize {
    let bytes = total.div_ceil(8) * 8 * size;
    let bytes = if bytes <= 64 {
        bytes.next_power_of_two()
    } else {
        bytes.next_multiple_of(64)
    };
    bytes / size
}

/// The largest scaled value of every segment (infinity where one does not fit any narrow type).
pub(super) fn segment_maxima(blocks: &Blocks, n: usize, double: &[bool]) -> Vec<f32> {
    (0..n)
        .into_par_iter()
        .with_min_len(1024)
        .map(|i| {
            let mut m = 0f32;
            for_each_value(blocks, i, |c, x| m = m.max(scaled(x, double[c])));
            m
        })
        .collect()
}

/// Pick the narrow type: `u8` (half the bytes) when few segments overflow it, else `u16` when
/// few overflow that; `None` when more than one segment in [`MAX_EXCEPTIONS`] would be an
/// exception even in `u16`.
pub(super) fn choose(maxima: &[f32]) -> Option<Choice> {
    let n = maxima.len();
    let over = |limit: f32| maxima.par_iter().filter(|&&m| m >= limit).count();
    let few = |count: usize| count * MAX_EXCEPTIONS <= n;
    if few(over(u8::LIMIT)) {
        Some(Choice::U8)
    } else if few(over(u16::LIMIT)) {
        Some(Choice::U16)
    } else {
        None
    }
}

impl<T: Narrow> Compact<T> {
    /// Records of `blocks` (`n` segments, `total` columns), doubling the columns marked in
    /// `double`; `maxima` from [`segment_maxima`].
    pub(super) fn new(
        blocks: &Blocks,
        n: usize,
        total: usize,
        double: &[bool],
        maxima: &[f32],
    ) -> Self {
        let stride = record_len(total, std::mem::size_of::<T>());
        let wstride = total.div_ceil(8) * 8;
        let exceptions: Vec<u32> = (0..n as u32)
            .filter(|&i| maxima[i as usize] >= T::LIMIT)
            .collect();
        let mut wide = vec![0f32; exceptions.len() * wstride];
        wide.par_chunks_mut(wstride.max(1))
            .zip(&exceptions)
            .for_each(|(row, &i)| {
                for_each_value(blocks, i as usize, |c, x| {
                    row[c] = if double[c] { x * 2.0 } else { x };
                });
            });
        let mut data = HugeBuf::<T>::zeroed(n * stride);
        const SEGS: usize = 1024;
        data.par_chunks_mut(stride * SEGS)
            .enumerate()
            .for_each(|(chunk, recs)| {
                for (k, rec) in recs.chunks_exact_mut(stride).enumerate() {
                    let i = chunk * SEGS + k;
                    if maxima[i] >= T::LIMIT {
                        let e = exceptions.binary_search(&(i as u32)).expect("an exception");
                        for tile in rec[..wstride].chunks_mut(TILE) {
                            tile[0] = T::SENTINEL;
                            T::put_index(tile, e as u32);
                        }
                    } else {
                        for_each_value(blocks, i, |c, x| {
                            rec[c] = T::from_f32(if double[c] { x * 2.0 } else { x });
                        });
                    }
                }
            });
        let unscale = double.iter().map(|&d| if d { 0.5 } else { 1.0 }).collect();
        Self {
            stride,
            data,
            wide,
            wstride,
            unscale,
        }
    }

    /// Add the rows of `sample` to `acc`, the running sums of columns `base..base +
    /// acc.len()` (`base` a multiple of [`TILE`]) of one resample, in the scaled domain, each
    /// column in drawing order.
    pub(super) fn add_drawn(&self, acc: &mut [f32], base: usize, sample: &[u32]) {
        #[cfg(target_arch = "x86_64")]
        {
            if std::is_x86_feature_detected!("avx2") {
                // SAFETY: the CPU supports AVX2 (checked just above).
                unsafe { self.add_drawn_avx2(acc, base, sample) };
                return;
            }
        }
        self.add_drawn_tiles(acc, base, sample);
    }

    /// [`Compact::add_drawn`] with AVX2: a tile's running sums are `CH` vector registers, a
    /// record's 8 columns are widened to float32 by one instruction.
    #[cfg(target_arch = "x86_64")]
    #[target_feature(enable = "avx2")]
    unsafe fn add_drawn_avx2(&self, acc: &mut [f32], base: usize, sample: &[u32]) {
        debug_assert_eq!(base % TILE, 0);
        for (t, tile) in acc.chunks_mut(TILE).enumerate() {
            let start = base + t * TILE;
            // SAFETY (all arms): AVX2 is enabled in this function.
            unsafe {
                match tile.len().div_ceil(8) {
                    1 => self.add_tile_avx2::<1>(tile, start, sample),
                    2 => self.add_tile_avx2::<2>(tile, start, sample),
                    3 => self.add_tile_avx2::<3>(tile, start, sample),
                    4 => self.add_tile_avx2::<4>(tile, start, sample),
                    5 => self.add_tile_avx2::<5>(tile, start, sample),
                    6 => self.add_tile_avx2::<6>(tile, start, sample),
                    7 => self.add_tile_avx2::<7>(tile, start, sample),
                    _ => self.add_tile_avx2::<8>(tile, start, sample),
                }
            }
        }
    }

    /// One tile of `CH` vectors of 8 columns (`acc`: at most `8 * CH` sums).
    #[cfg(target_arch = "x86_64")]
    #[target_feature(enable = "avx2")]
    unsafe fn add_tile_avx2<const CH: usize>(&self, acc: &mut [f32], start: usize, sample: &[u32]) {
        use std::arch::x86_64::*;
        let mut pad = [0f32; TILE];
        pad[..acc.len()].copy_from_slice(acc);
        let mut sums = [_mm256_setzero_ps(); CH];
        for (k, s) in sums.iter_mut().enumerate() {
            // SAFETY: `pad` holds `TILE >= 8 * CH` floats.
            *s = unsafe { _mm256_loadu_ps(pad.as_ptr().add(8 * k)) };
        }
        let lanes = CH * 8;
        let data: &[T] = &self.data;
        for (j, &i) in sample.iter().enumerate() {
            if let Some(&ahead) = sample.get(j + PREFETCH_AHEAD) {
                prefetch(&data[ahead as usize * self.stride + start..][..lanes]);
            }
            // By now that record has arrived: if it is an exception, ask for its float32 row.
            if let Some(&ahead) = sample.get(j + EXCEPTION_AHEAD) {
                let rec = &data[ahead as usize * self.stride + start..][..lanes];
                if rec[0] == T::SENTINEL {
                    prefetch(&self.wide[T::get_index(rec) * self.wstride + start..][..lanes]);
                }
            }
            let at = i as usize * self.stride + start;
            let rec = &data[at..at + lanes];
            if rec[0] == T::SENTINEL {
                let at = T::get_index(rec) * self.wstride + start;
                let wide = &self.wide[at..at + lanes];
                for (k, s) in sums.iter_mut().enumerate() {
                    // SAFETY: `wide` holds `8 * CH` floats.
                    *s = _mm256_add_ps(*s, unsafe { _mm256_loadu_ps(wide.as_ptr().add(8 * k)) });
                }
            } else {
                for (k, s) in sums.iter_mut().enumerate() {
                    // SAFETY: `rec` holds `8 * CH` values of `T`.
                    *s = _mm256_add_ps(*s, unsafe { widen8(rec.as_ptr().add(8 * k)) });
                }
            }
        }
        for (k, s) in sums.iter().enumerate() {
            // SAFETY: as for the loads.
            unsafe { _mm256_storeu_ps(pad.as_mut_ptr().add(8 * k), *s) };
        }
        acc.copy_from_slice(&pad[..acc.len()]);
    }

    /// [`Compact::add_drawn`] without AVX2.
    fn add_drawn_tiles(&self, acc: &mut [f32], base: usize, sample: &[u32]) {
        debug_assert_eq!(base % TILE, 0);
        for (t, tile) in acc.chunks_mut(TILE).enumerate() {
            let start = base + t * TILE;
            match tile.len().div_ceil(8) {
                1 => self.add_tile::<1>(tile, start, sample),
                2 => self.add_tile::<2>(tile, start, sample),
                3 => self.add_tile::<3>(tile, start, sample),
                4 => self.add_tile::<4>(tile, start, sample),
                5 => self.add_tile::<5>(tile, start, sample),
                6 => self.add_tile::<6>(tile, start, sample),
                7 => self.add_tile::<7>(tile, start, sample),
                _ => self.add_tile::<8>(tile, start, sample),
            }
        }
    }

    /// One tile of `CH` vectors: its running sums stay in registers for the whole sample.
    #[inline(always)]
    fn add_tile<const CH: usize>(&self, acc: &mut [f32], start: usize, sample: &[u32]) {
        let mut sums = [[0f32; 8]; CH];
        for (k, &a) in acc.iter().enumerate() {
            sums[k / 8][k % 8] = a;
        }
        let lanes = CH * 8;
        let data: &[T] = &self.data;
        for (j, &i) in sample.iter().enumerate() {
            if let Some(&ahead) = sample.get(j + PREFETCH_AHEAD) {
                prefetch(&data[ahead as usize * self.stride + start..][..lanes]);
            }
            let at = i as usize * self.stride + start;
            let rec = &data[at..at + lanes];
            if rec[0] == T::SENTINEL {
                let at = T::get_index(rec) * self.wstride + start;
                for (s, v) in sums
                    .iter_mut()
                    .zip(self.wide[at..at + lanes].chunks_exact(8))
                {
                    for (s, &v) in s.iter_mut().zip(v) {
                        *s += v;
                    }
                }
            } else {
                for (s, v) in sums.iter_mut().zip(rec.chunks_exact(8)) {
                    for (s, &v) in s.iter_mut().zip(v) {
                        *s += v.to_f32();
                    }
                }
            }
        }
        for (k, a) in acc.iter_mut().enumerate() {
            *a = sums[k / 8][k % 8];
        }
    }
}

/// 8 values of `T` (`u8` or `u16`) at `p`, as float32 (exact: they are below 2^16).
///
/// # Safety
/// `p` points to 8 readable `T`s, and the CPU has AVX2.
#[cfg(target_arch = "x86_64")]
#[inline]
#[target_feature(enable = "avx2")]
unsafe fn widen8<T: Narrow>(p: *const T) -> std::arch::x86_64::__m256 {
    use std::arch::x86_64::*;
    // SAFETY: the caller guarantees 8 readable `T`s: 8 bytes for `u8`, 16 for `u16`.
    let ints = unsafe {
        if std::mem::size_of::<T>() == 1 {
            _mm256_cvtepu8_epi32(_mm_loadl_epi64(p.cast()))
        } else {
            _mm256_cvtepu16_epi32(_mm_loadu_si128(p.cast()))
        }
    };
    _mm256_cvtepi32_ps(ints)
}

/// Draws ahead whose records are prefetched: enough reads in flight to cover the latency of
/// memory at a few nanoseconds of work per draw.
/// Far enough ahead to cover a read from DRAM (100-150 ns under load) at 10-15 ns per draw;
/// 64 records are 4 KiB, which stay in L1 until used.
const PREFETCH_AHEAD: usize = 64;

/// Draws ahead whose records, prefetched [`PREFETCH_AHEAD`] draws earlier and arrived by now,
/// are checked for an exception whose float32 row is then prefetched too. Measured at 1M
/// segments with 2 % exceptions: 17-19 ns per draw with it, 21 without (a loaded 2-core VM).
const EXCEPTION_AHEAD: usize = 24;

/// Ask for the cache lines of `v` ahead of their use (a hint; no effect on results).
#[inline(always)]
pub(super) fn prefetch<T>(v: &[T]) {
    #[cfg(target_arch = "x86_64")]
    {
        use std::arch::x86_64::{_MM_HINT_T0, _mm_prefetch};
        let bytes = std::mem::size_of_val(v);
        let p = v.as_ptr().cast::<i8>();
        for off in (0..bytes).step_by(64) {
            // SAFETY: a prefetch reads nothing architecturally and cannot fault; the address
            // is inside `v` anyway.
            unsafe { _mm_prefetch::<_MM_HINT_T0>(p.add(off)) };
        }
    }
    #[cfg(not(target_arch = "x86_64"))]
    let _ = v;
}

/// A zeroed buffer of `T`s which, when large, starts on a 2 MiB boundary and asks the kernel
/// for transparent huge pages before it is first touched (Linux; elsewhere, or when refused,
/// plain pages: the hint changes speed, never contents).
struct HugeBuf<T: Copy> {
    ptr: NonNull<T>,
    len: usize,
    layout: Layout,
}

/// The size of a transparent huge page on x86-64 and most Linux hosts.
const HUGE_PAGE: usize = 2 << 20;

impl<T: Copy + Default> HugeBuf<T> {
    fn zeroed(len: usize) -> Self {
        let bytes = len * std::mem::size_of::<T>();
        let align = if bytes >= HUGE_PAGE { HUGE_PAGE } else { 64 }.max(std::mem::align_of::<T>());
        let layout = Layout::from_size_align(bytes.max(1).next_multiple_of(align), align)
            .expect("buffer size overflows");
        // SAFETY: the layout has a non-zero size.
        let raw = unsafe { std::alloc::alloc(layout) };
        let Some(ptr) = NonNull::new(raw.cast::<T>()) else {
            std::alloc::handle_alloc_error(layout)
        };
        #[cfg(target_os = "linux")]
        if align == HUGE_PAGE {
            // SAFETY: `raw` starts a live allocation of `layout.size()` bytes, page aligned.
            // A refusal (THP off) is harmless, so the result is not checked.
            unsafe { libc::madvise(raw.cast(), layout.size(), libc::MADV_HUGEPAGE) };
        }
        // SAFETY: the allocation holds `layout.size()` bytes; all-zero bytes are a valid
        // value of the integer types stored here.
        unsafe { raw.write_bytes(0, layout.size()) };
        Self { ptr, len, layout }
    }
}

impl<T: Copy> Deref for HugeBuf<T> {
    type Target = [T];
    fn deref(&self) -> &[T] {
        // SAFETY: `ptr` holds `len` initialised (zeroed, then written) `T`s, owned by self.
        unsafe { std::slice::from_raw_parts(self.ptr.as_ptr(), self.len) }
    }
}

impl<T: Copy> DerefMut for HugeBuf<T> {
    fn deref_mut(&mut self) -> &mut [T] {
        // SAFETY: as in `deref`, and `&mut self` makes the borrow unique.
        unsafe { std::slice::from_raw_parts_mut(self.ptr.as_ptr(), self.len) }
    }
}

impl<T: Copy> Drop for HugeBuf<T> {
    fn drop(&mut self) {
        // SAFETY: allocated in `zeroed` with exactly this layout.
        unsafe { std::alloc::dealloc(self.ptr.as_ptr().cast(), self.layout) };
    }
}

// SAFETY: `HugeBuf` owns its elements like a `Vec<T>` does.
unsafe impl<T: Copy + Send> Send for HugeBuf<T> {}
// SAFETY: shared access only reads, like `&[T]`.
unsafe impl<T: Copy + Sync> Sync for HugeBuf<T> {}

#[cfg(test)]
mod tests {
    use super::*;

    /// The portable tiles (CPUs without AVX2) add the same values in the same order as the
    /// AVX2 ones, through exceptions, doubled halves and several tiles.
    #[test]
    fn portable_tiles_equal_the_dispatched_kernel() {
        let (n, total) = (3000, 70);
        let rows: Vec<f64> = (0..n * total)
            .map(|k| match k % total {
                0 => (k % 97) as f64 + 0.5,
                _ if k % 2003 == 5 => 1e6 + 0.25,
                c => ((k * 7919 + c) % 250) as f64,
            })
            .collect();
        let blocks = [(rows.as_slice(), total)];
        let double: Vec<bool> = (0..total).map(|c| c == 0).collect();
        let maxima = segment_maxima(&blocks, n, &double);
        assert!(matches!(choose(&maxima), Some(Choice::U8)));
        let c = Compact::<u8>::new(&blocks, n, total, &double, &maxima);
        assert!(!c.wide.is_empty());
        let sample: Vec<u32> = (0..5 * n).map(|k| (k * 7919 % n) as u32).collect();
        for base in [0, TILE] {
            let mut want = vec![0f32; total - base];
            let mut got = want.clone();
            c.add_drawn(&mut want, base, &sample);
            c.add_drawn_tiles(&mut got, base, &sample);
            assert_eq!(
                want.iter().map(|x| x.to_bits()).collect::<Vec<_>>(),
                got.iter().map(|x| x.to_bits()).collect::<Vec<_>>()
            );
            // And they are the float32 sums (halves doubled).
            for (j, &g) in got.iter().enumerate() {
                let col = base + j;
                let mut s = 0f32;
                for &i in &sample {
                    let x = rows[i as usize * total + col] as f32;
                    s += if double[col] { x * 2.0 } else { x };
                }
                assert_eq!(g.to_bits(), s.to_bits(), "column {col}");
            }
        }
    }
}
