//! numpy's `np.random.default_rng(seed)`, bit for bit, for the two samplers sacreBLEU uses.
//!
//! A faithful port (numpy is BSD-3-Clause, © NumPy Developers) of:
//! * `numpy/random/bit_generator.pyx`: `SeedSequence` (`_int_to_uint32_array`, `mix_entropy`,
//!   `generate_state(4, np.uint64)`);
//! * `numpy/random/src/pcg64/pcg64.h`: PCG64 = 128-bit LCG with the XSL-RR output
//!   (`pcg_setseq_128_srandom_r`, `pcg_setseq_128_xsl_rr_64_random_r`) and `pcg64_next32`, which
//!   hands out the two 32-bit halves of one 64-bit draw (low half first, the high half kept in
//!   `has_uint32`/`uinteger` — that buffer lives in the generator and carries over between calls);
//! * `numpy/random/src/distributions/distributions.c`: `random_bounded_uint64_fill` (what
//!   `Generator.choice(n, size, replace=True)` reaches through `integers(0, n, dtype=np.int64)`,
//!   Lemire's method, 32-bit draws for ranges below 2^32) and `random_bounded_bool_fill` (what
//!   `integers(2, size, dtype=bool)` reaches: one 32-bit draw gives 32 booleans, low bit first).

/// `PCG_DEFAULT_MULTIPLIER_128`.
const PCG_MULT: u128 = (2_549_297_995_355_413_924u128 << 64) | 4_865_540_595_714_422_341u128;

/// SeedSequence constants (`bit_generator.pyx`).
const INIT_A: u32 = 0x43b0_d7e5;
const MULT_A: u32 = 0x931e_8875;
const INIT_B: u32 = 0x8b51_f9dd;
const MULT_B: u32 = 0x58f3_8ded;
const MIX_MULT_L: u32 = 0xca01_f9dd;
const MIX_MULT_R: u32 = 0x4973_f715;
const XSHIFT: u32 = 16;
const POOL_SIZE: usize = 4;

/// `SeedSequence(entropy).generate_state(4, np.uint64)` for a non-negative integer entropy
/// (no spawn key, pool size 4): the words PCG64 is seeded from.
pub fn seed_sequence_state(entropy: u128) -> [u64; 4] {
    // `_int_to_uint32_array`: little-endian 32-bit words, `[0]` for zero.
    let mut words = Vec::new();
    let mut n = entropy;
    if n == 0 {
        words.push(0u32);
    }
    while n > 0 {
        words.push(n as u32);
        n >>= 32;
    }
    // `mix_entropy`.
    let mut hash_const = INIT_A;
    let mut hashmix = |value: u32| -> u32 {
        let mut v = value ^ hash_const;
        hash_const = hash_const.wrapping_mul(MULT_A);
        v = v.wrapping_mul(hash_const);
        v ^ (v >> XSHIFT)
    };
    let mix = |x: u32, y: u32| -> u32 {
        let r = MIX_MULT_L
            .wrapping_mul(x)
            .wrapping_sub(MIX_MULT_R.wrapping_mul(y));
        r ^ (r >> XSHIFT)
    };
    let mut pool = [0u32; POOL_SIZE];
    for (i, p) in pool.iter_mut().enumerate() {
        *p = hashmix(words.get(i).copied().unwrap_or(0));
    }
    for i_src in 0..POOL_SIZE {
        for i_dst in 0..POOL_SIZE {
            if i_src != i_dst {
                let h = hashmix(pool[i_src]);
                pool[i_dst] = mix(pool[i_dst], h);
            }
        }
    }
    for &w in words.iter().skip(POOL_SIZE) {
        for p in pool.iter_mut() {
            let h = hashmix(w);
            *p = mix(*p, h);
        }
    }
    // `generate_state(4, np.uint64)`: eight 32-bit words cycling over the pool, viewed as
    // little-endian uint64.
    let mut hash_const = INIT_B;
    let mut state = [0u32; 8];
    for (i, s) in state.iter_mut().enumerate() {
        let mut v = pool[i % POOL_SIZE] ^ hash_const;
        hash_const = hash_const.wrapping_mul(MULT_B);
        v = v.wrapping_mul(hash_const);
        *s = v ^ (v >> XSHIFT);
    }
    std::array::from_fn(|i| u64::from(state[2 * i]) | (u64::from(state[2 * i + 1]) << 32))
}

/// numpy's PCG64 bit generator with its 32-bit buffer.
#[derive(Debug, Clone)]
pub struct Pcg64 {
    state: u128,
    inc: u128,
    /// `has_uint32` / `uinteger`: the unused high half of the last 64-bit draw.
    buffered: Option<u32>,
}

impl Pcg64 {
    /// `PCG64(seed)`: seeded through `SeedSequence`.
    pub fn new(seed: u128) -> Self {
        let w = seed_sequence_state(seed);
        Self::from_state_words(w)
    }

    /// `pcg64_set_seed(state, &w[0], &w[2])`: `initstate = w0·2^64 + w1`, `initseq = w2·2^64 + w3`.
    pub fn from_state_words(w: [u64; 4]) -> Self {
        let initstate = (u128::from(w[0]) << 64) | u128::from(w[1]);
        let initseq = (u128::from(w[2]) << 64) | u128::from(w[3]);
        let mut g = Self {
            state: 0,
            inc: (initseq << 1) | 1,
            buffered: None,
        };
        g.step();
        g.state = g.state.wrapping_add(initstate);
        g.step();
        g
    }

    #[inline]
    fn step(&mut self) {
        self.state = self.state.wrapping_mul(PCG_MULT).wrapping_add(self.inc);
    }

    /// `pcg64_next64`: step, then XSL-RR of the new state.
    #[inline]
    pub fn next_u64(&mut self) -> u64 {
        self.step();
        let s = self.state;
        (((s >> 64) as u64) ^ (s as u64)).rotate_right((s >> 122) as u32)
    }

    /// `pcg64_advance`: jump `delta` steps of the underlying LCG in O(log delta) (Brown's
    /// "Random number generation with arbitrary strides"), leaving the 32-bit buffer alone.
    pub fn advance(&mut self, mut delta: u128) {
        let (mut cur_mult, mut cur_plus) = (PCG_MULT, self.inc);
        let (mut acc_mult, mut acc_plus) = (1u128, 0u128);
        while delta > 0 {
            if delta & 1 == 1 {
                acc_mult = acc_mult.wrapping_mul(cur_mult);
                acc_plus = acc_plus.wrapping_mul(cur_mult).wrapping_add(cur_plus);
            }
            cur_plus = cur_mult.wrapping_add(1).wrapping_mul(cur_plus);
            cur_mult = cur_mult.wrapping_mul(cur_mult);
            delta >>= 1;
        }
        self.state = acc_mult.wrapping_mul(self.state).wrapping_add(acc_plus);
    }

    /// Skip `count` calls of [`Pcg64::next_u32`]: the buffered half first, then whole 64-bit
    /// draws by [`Pcg64::advance`], and a last draw whose high half stays buffered.
    pub fn skip_u32(&mut self, mut count: u64) {
        if count == 0 {
            return;
        }
        if self.buffered.take().is_some() {
            count -= 1;
        }
        self.advance(u128::from(count / 2));
        if count % 2 == 1 {
            self.next_u32();
        }
    }

    /// `pcg64_next32`: low half of a fresh 64-bit draw, the high half on the next call.
    #[inline]
    pub fn next_u32(&mut self) -> u32 {
        if let Some(v) = self.buffered.take() {
            return v;
        }
        let next = self.next_u64();
        self.buffered = Some((next >> 32) as u32);
        next as u32
    }
}

/// numpy's `Generator` restricted to what sacreBLEU's significance tests draw.
#[derive(Debug, Clone)]
pub struct Generator {
    bits: Pcg64,
}

impl Generator {
    /// `np.random.default_rng(seed)`.
    pub fn new(seed: u128) -> Self {
        Self {
            bits: Pcg64::new(seed),
        }
    }

    /// The underlying bit generator.
    pub fn bit_generator(&mut self) -> &mut Pcg64 {
        &mut self.bits
    }

    /// `choice(n, size=out.len(), replace=True)` = `integers(0, n, dtype=np.int64)` into `out`
    /// (row-major, so `out` can be an `n_samples × n` matrix): `random_bounded_uint64_fill` with
    /// `off = 0`, `rng = n - 1`, Lemire's method (`use_masked = False`).
    ///
    /// # Panics
    /// If `n == 0` (numpy raises "a must be a positive integer").
    pub fn choice_into(&mut self, n: u64, out: &mut [u64]) {
        assert!(n > 0, "choice: population must be positive");
        let rng = n - 1;
        if rng == 0 {
            out.fill(0);
        } else if rng <= 0xFFFF_FFFF {
            if rng == 0xFFFF_FFFF {
                // Lemire-32 cannot take rng = 2^32 - 1: numpy uses the raw 32-bit draw.
                for o in out.iter_mut() {
                    *o = u64::from(self.bits.next_u32());
                }
            } else {
                let rng = rng as u32;
                for o in out.iter_mut() {
                    *o = u64::from(self.bounded_lemire_u32(rng));
                }
            }
        } else if rng == u64::MAX {
            for o in out.iter_mut() {
                *o = self.bits.next_u64();
            }
        } else {
            for o in out.iter_mut() {
                *o = self.bounded_lemire_u64(rng);
            }
        }
    }

    /// [`Generator::choice_into`] for a population that fits in `u32`, written as `u32`: the
    /// same draws, half the memory (sacreBLEU's resample index matrices are millions of them).
    ///
    /// # Panics
    /// If `n == 0`.
    pub fn choice_into_u32(&mut self, n: u32, out: &mut [u32]) {
        assert!(n > 0, "choice: population must be positive");
        let rng = n - 1;
        if rng == 0 {
            out.fill(0);
        } else {
            // `rng < 2^32 - 1` here, so numpy takes Lemire-32.
            for o in out.iter_mut() {
                *o = self.bounded_lemire_u32(rng);
            }
        }
    }

    /// `buffered_bounded_lemire_uint32` (its buffer arguments are unused by numpy).
    #[inline]
    fn bounded_lemire_u32(&mut self, rng: u32) -> u32 {
        let rng_excl = rng + 1;
        let mut m = u64::from(self.bits.next_u32()) * u64::from(rng_excl);
        let mut leftover = m as u32;
        if leftover < rng_excl {
            let threshold = (u32::MAX - rng) % rng_excl;
            while leftover < threshold {
                m = u64::from(self.bits.next_u32()) * u64::from(rng_excl);
                leftover = m as u32;
            }
        }
        (m >> 32) as u32
    }

    /// `bounded_lemire_uint64`.
    #[inline]
    fn bounded_lemire_u64(&mut self, rng: u64) -> u64 {
        let rng_excl = rng + 1;
        let mut m = u128::from(self.bits.next_u64()) * u128::from(rng_excl);
        let mut leftover = m as u64;
        if leftover < rng_excl {
            let threshold = (u64::MAX - rng) % rng_excl;
            while leftover < threshold {
                m = u128::from(self.bits.next_u64()) * u128::from(rng_excl);
                leftover = m as u64;
            }
        }
        (m >> 64) as u64
    }

    /// `integers(2, size=out.len(), dtype=bool)` into `out`: `random_bounded_bool_fill`, whose
    /// bit buffer starts empty at every call — 32 booleans per 32-bit draw, low bit first.
    pub fn bools_into(&mut self, out: &mut [bool]) {
        let mut buf = 0u32;
        let mut bcnt = 0u32;
        for o in out.iter_mut() {
            if bcnt == 0 {
                buf = self.bits.next_u32();
                bcnt = 31;
            } else {
                buf >>= 1;
                bcnt -= 1;
            }
            *o = buf & 1 != 0;
        }
    }

    /// Advance past `integers(2, size=count, dtype=bool)` without drawing: one 32-bit draw per
    /// 32 booleans (numpy's bit buffer starts empty at every call).
    pub fn skip_bools(&mut self, count: u64) {
        self.bits.skip_u32(count.div_ceil(32));
    }

    /// Rows `first..first + rows` of [`Generator::bool_rows_packed`]`(_, width)` called on this
    /// generator, which is left as it is: row `r` holds booleans `r·width..(r+1)·width` of one
    /// `integers(2, size=(·, width))` call, so the generator jumps to the 32-bit draw holding
    /// the first of them ([`Pcg64::skip_u32`]) and starts inside it. Approximate randomization
    /// uses this to draw its selections block by block, never all `trials × n` at once.
    pub fn bool_rows_packed_range(&self, first: usize, rows: usize, width: usize) -> Vec<u64> {
        let words = width.div_ceil(64);
        let mut out = vec![0u64; rows * words];
        let mut g = self.bits.clone();
        let offset = first as u64 * width as u64;
        g.skip_u32(offset / 32);
        let (mut buf, mut bcnt) = (0u32, 0u32);
        let r = (offset % 32) as u32;
        if r > 0 {
            // Bits 0..r of this draw belong to earlier rows: as if bit r - 1 was just used.
            buf = g.next_u32() >> (r - 1);
            bcnt = 32 - r;
        }
        for row in out.chunks_exact_mut(words.max(1)).take(rows) {
            for j in 0..width {
                if bcnt == 0 {
                    buf = g.next_u32();
                    bcnt = 31;
                } else {
                    buf >>= 1;
                    bcnt -= 1;
                }
                row[j / 64] |= u64::from(buf & 1) << (j % 64);
            }
        }
        out
    }

    /// [`Generator::bools_into`] packed: bit `j % 64` of word `j / 64` of each row is element
    /// `j` of that row (rows of `width` elements, each row starting a fresh word).
    pub fn bool_rows_packed(&mut self, rows: usize, width: usize) -> Vec<u64> {
        let words = width.div_ceil(64);
        let mut out = vec![0u64; rows * words];
        let mut buf = 0u32;
        let mut bcnt = 0u32;
        for r in 0..rows {
            let row = &mut out[r * words..(r + 1) * words];
            for j in 0..width {
                if bcnt == 0 {
                    buf = self.bits.next_u32();
                    bcnt = 31;
                } else {
                    buf >>= 1;
                    bcnt -= 1;
                }
                row[j / 64] |= u64::from(buf & 1) << (j % 64);
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    //! Vectors produced by the real numpy 2.4.6 (`/tmp/sb/bin/python`):
    //! ```python
    //! import numpy as np
    //! from numpy.random import SeedSequence, PCG64
    //! print("raw", PCG64(12345).random_raw(3).tolist())
    //! for s in [0, 12345, 7, 2**63 + 12345]:
    //!     print("state", s, SeedSequence(s).generate_state(4, np.uint64).tolist())
    //! for s, n in [(12345, 1), (12345, 2), (0, 3), (0, 8), (12345, 1000), (2**63 + 12345, 2037),
    //!              (7, 2**31), (0, 2**32 - 1), (12345, 2**32), (0, 2**32 + 1), (7, 2**40)]:
    //!     print("choice", s, n, np.random.default_rng(s).choice(n, size=(2, 5), replace=True)
    //!           .ravel().tolist())
    //! for s in [12345, 0]:
    //!     r = np.random.default_rng(s)
    //!     b = r.integers(2, size=(3, 25), dtype=bool).ravel()
    //!     c = r.choice(10, size=(1, 6), replace=True).ravel()
    //!     print("boolchoice", s, ''.join('1' if x else '0' for x in b), c.tolist())
    //! ```
    use super::*;

    const BIG: u128 = (1 << 63) + 12345;

    #[test]
    fn pcg64_raw_output() {
        let mut g = Pcg64::new(12345);
        let got: Vec<u64> = (0..3).map(|_| g.next_u64()).collect();
        assert_eq!(
            got,
            [
                4193609425186963869,
                5843160025838961886,
                14708796524633321433
            ]
        );
    }

    #[test]
    fn seed_sequence_states() {
        let cases: [(u128, [u64; 4]); 4] = [
            (
                0,
                [
                    15793235383387715774,
                    12390638538380655177,
                    2361836109651742017,
                    3188717715514472916,
                ],
            ),
            (
                12345,
                [
                    13091511679009522556,
                    13538552136045918767,
                    7269824232120749972,
                    4520223790601600371,
                ],
            ),
            (
                7,
                [
                    16920295385781661272,
                    610735763742393210,
                    7078124019849193311,
                    12917519645081627820,
                ],
            ),
            (
                BIG,
                [
                    9844521955999692041,
                    2790908489104046665,
                    7910356651352533912,
                    12563782696114060993,
                ],
            ),
        ];
        for (seed, want) in cases {
            assert_eq!(seed_sequence_state(seed), want, "seed {seed}");
        }
    }

    #[test]
    fn choice_matches_numpy() {
        let cases: [(u128, u64, [u64; 10]); 11] = [
            (12345, 1, [0; 10]),
            (12345, 2, [1, 0, 1, 0, 0, 1, 1, 1, 1, 0]),
            (0, 3, [2, 1, 1, 0, 0, 0, 0, 0, 0, 2]),
            (0, 8, [6, 5, 4, 2, 2, 0, 0, 0, 1, 6]),
            (
                12345,
                1000,
                [699, 227, 788, 316, 204, 797, 642, 676, 988, 391],
            ),
            (
                BIG,
                2037,
                [1827, 1006, 1011, 1173, 426, 86, 350, 1759, 962, 883],
            ),
            (
                7,
                1 << 31,
                [
                    2029167941, 1342382292, 1469265226, 1926751966, 1241873585, 1665772335,
                    1790251937, 483628757, 119253154, 644602188,
                ],
            ),
            (
                0,
                (1 << 32) - 1,
                [
                    3653403230, 2735729614, 2195314464, 1158725111, 1322117303, 175979944,
                    323153948, 70985653, 752767290, 3492969079,
                ],
            ),
            (
                12345,
                1 << 32,
                [
                    3003105693, 976400781, 3387213022, 1360466709, 876933081, 3424658562,
                    2760304912, 2904491694, 4245388045, 1679802728,
                ],
            ),
            (
                0,
                (1 << 32) + 1,
                [
                    2735729616, 1158725112, 175979945, 70985654, 3492969080, 3920255354,
                    2605480818, 3133163872, 2334851560, 4016105480,
                ],
            ),
            (
                7,
                1 << 40,
                [
                    687299734001,
                    986497006767,
                    852875435924,
                    247617924053,
                    330036320526,
                    960482170696,
                    5789263593,
                    902950195071,
                    876387105057,
                    514499921694,
                ],
            ),
        ];
        for (seed, n, want) in cases {
            let mut out = [0u64; 10];
            Generator::new(seed).choice_into(n, &mut out);
            assert_eq!(out, want, "seed {seed}, n {n}");
        }
    }

    #[test]
    fn u32_choice_is_the_same_draw() {
        for (seed, n) in [
            (12345u128, 1u32),
            (12345, 2),
            (7, 2037),
            (0, 1000),
            (3, u32::MAX),
        ] {
            let mut wide = vec![0u64; 5000];
            let mut narrow = vec![0u32; 5000];
            Generator::new(seed).choice_into(u64::from(n), &mut wide);
            Generator::new(seed).choice_into_u32(n, &mut narrow);
            assert!(
                wide.iter().zip(&narrow).all(|(&w, &v)| w == u64::from(v)),
                "seed {seed}, n {n}"
            );
        }
    }

    #[test]
    fn advance_and_skips_equal_drawing() {
        for seed in [0u128, 12345, BIG] {
            for skip in [0u64, 1, 2, 3, 64, 1001] {
                for pre in [0, 1] {
                    let mut a = Pcg64::new(seed);
                    let mut b = Pcg64::new(seed);
                    for _ in 0..pre {
                        a.next_u32();
                        b.next_u32();
                    }
                    for _ in 0..skip {
                        a.next_u32();
                    }
                    b.skip_u32(skip);
                    let x: Vec<u32> = (0..5).map(|_| a.next_u32()).collect();
                    let y: Vec<u32> = (0..5).map(|_| b.next_u32()).collect();
                    assert_eq!(x, y, "seed {seed}, skip {skip}, pre {pre}");
                }
            }
        }
    }

    #[test]
    fn bool_row_ranges_are_rows_of_the_whole_draw() {
        for width in [1, 7, 25, 32, 64, 100, 131] {
            let mut g = Generator::new(12345);
            g.bits.next_u32(); // start with a buffered half
            let all = g.clone().bool_rows_packed(40, width);
            let words = width.div_ceil(64);
            for (first, rows) in [(0, 40), (1, 3), (7, 20), (39, 1), (13, 0)] {
                assert_eq!(
                    g.bool_rows_packed_range(first, rows, width),
                    all[first * words..(first + rows) * words],
                    "width {width}, rows {first}+{rows}"
                );
            }
            // Skipping the booleans leaves the generator where drawing them does.
            let mut drawn = g.clone();
            drawn.bools_into(&mut vec![false; 40 * width]);
            let mut skipped = g.clone();
            skipped.skip_bools(40 * width as u64);
            assert_eq!(
                drawn.bits.next_u64(),
                skipped.bits.next_u64(),
                "width {width}"
            );
        }
    }

    #[test]
    fn bools_then_choice_share_the_32_bit_buffer() {
        let cases: [(u128, &str, [u64; 6]); 2] = [
            (
                12345,
                "101110011000001111111111010011011011000110001101010011000101110001111011001",
                [3, 2, 7, 6, 6, 9],
            ),
            (
                0,
                "111110100100000101000011100110111111001111010111111100001100010110000100111",
                [2, 3, 0, 0, 0, 1],
            ),
        ];
        for (seed, bits, want) in cases {
            let mut g = Generator::new(seed);
            let mut b = [false; 75];
            g.bools_into(&mut b);
            let got: String = b.iter().map(|&x| if x { '1' } else { '0' }).collect();
            assert_eq!(got, bits, "seed {seed}");
            let mut c = [0u64; 6];
            g.choice_into(10, &mut c);
            assert_eq!(c, want, "seed {seed}");

            // The packed form holds the same bits, row by row.
            let packed = Generator::new(seed).bool_rows_packed(3, 25);
            for (j, ch) in bits.chars().enumerate() {
                let (r, k) = (j / 25, j % 25);
                assert_eq!(packed[r] >> k & 1 == 1, ch == '1', "seed {seed}, bit {j}");
            }
        }
    }
}
