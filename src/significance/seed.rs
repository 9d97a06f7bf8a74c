//! Where the random generator's seed comes from: an explicit seed, `SACREBLEU_SEED` or
//! sacreBLEU's default 12345, and `none` for OS entropy. Only seeds and generators here; no
//! draws and no statistics.

use super::SignificanceError;
use super::rng::Generator;

/// Where the random generator's seed comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Seed {
    /// `default_rng(seed)`.
    Fixed(u64),
    /// `default_rng(None)`: OS entropy, not reproducible.
    Entropy,
}

impl Seed {
    /// sacreBLEU's default seed.
    pub const DEFAULT: Seed = Seed::Fixed(12345);

    /// Parse a `SACREBLEU_SEED` value: `none` (any case) or a non-negative integer.
    pub fn parse(s: &str) -> Result<Seed, SignificanceError> {
        let t = s.trim();
        if t.eq_ignore_ascii_case("none") {
            return Ok(Seed::Entropy);
        }
        t.parse::<u64>()
            .map(Seed::Fixed)
            .map_err(|_| SignificanceError::InvalidSeed(s.to_owned()))
    }

    /// The explicit seed if given, else `SACREBLEU_SEED` if set, else 12345.
    pub fn resolve(explicit: Option<Seed>) -> Result<Seed, SignificanceError> {
        if let Some(s) = explicit {
            return Ok(s);
        }
        match std::env::var("SACREBLEU_SEED") {
            Ok(v) => Seed::parse(&v),
            Err(_) => Ok(Seed::DEFAULT),
        }
    }

    /// The signature's `seed` value (`str(seed).lower()`: `12345`, `none`).
    pub fn signature_value(self) -> String {
        match self {
            Seed::Fixed(s) => s.to_string(),
            Seed::Entropy => "none".to_owned(),
        }
    }

    /// The seed of one paired comparison: `self._seed if self._seed else None`.
    pub(super) fn for_comparison(self) -> Seed {
        match self {
            Seed::Fixed(0) => Seed::Entropy,
            s => s,
        }
    }

    /// `np.random.default_rng(seed)`.
    pub(super) fn generator(self) -> Generator {
        match self {
            Seed::Fixed(s) => Generator::new(u128::from(s)),
            Seed::Entropy => Generator::new(os_entropy()),
        }
    }
}

/// 128 bits from the OS, as `SeedSequence(None)` draws (`secrets.randbits(128)`).
fn os_entropy() -> u128 {
    use std::io::Read;
    let mut b = [0u8; 16];
    if std::fs::File::open("/dev/urandom")
        .and_then(|mut f| f.read_exact(&mut b))
        .is_ok()
    {
        return u128::from_le_bytes(b);
    }
    // No /dev/urandom: std's randomly keyed hasher plus the clock.
    use std::hash::{BuildHasher, Hasher};
    let mut h = std::collections::hash_map::RandomState::new().build_hasher();
    h.write_u128(
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_nanos()),
    );
    let a = h.finish();
    h.write_u64(a);
    (u128::from(a) << 64) | u128::from(h.finish())
}
