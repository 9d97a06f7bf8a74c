//! Counting n-grams as dense integer ids, per segment, without hashing n-gram strings.
//!
//! The references of one segment define every n-gram that can ever match: an [`NgramIndex`]
//! numbers them densely, order by order. A unigram is a symbol (a word id from the segment's
//! [`SegmentVocab`], or a character's code point); an n-gram of order `n > 1` is the pair
//! (id of its first `n − 1` tokens, id of its last token), looked up in a small integer-keyed
//! map. A hypothesis n-gram absent from the references gets [`UNKNOWN`], and so does every longer
//! n-gram starting with it: such n-grams can never match, and they still count in the totals.
//!
//! Reference counts become plain arrays indexed by id, so clipped matches are one pass over the
//! hypothesis with a scratch counter: `matches += 1` while the hypothesis count of an id does not
//! exceed the reference count, which sums `min(hyp count, ref count)` exactly.

use rustc_hash::FxHashMap;

/// Id of a hypothesis token or n-gram that occurs in no reference of the segment.
pub const UNKNOWN: u32 = u32::MAX;

/// Word ids for one segment, assigned from its references.
#[derive(Debug, Default, Clone)]
pub struct SegmentVocab {
    ids: FxHashMap<Box<str>, u32>,
}

impl SegmentVocab {
    /// Id of a reference word, assigning a new one if needed.
    pub fn intern(&mut self, word: &str) -> u32 {
        if let Some(&id) = self.ids.get(word) {
            return id;
        }
        let id = self.ids.len() as u32;
        self.ids.insert(word.into(), id);
        id
    }

    /// Id of a hypothesis word, [`UNKNOWN`] if no reference has it.
    pub fn lookup(&self, word: &str) -> u32 {
        self.ids.get(word).copied().unwrap_or(UNKNOWN)
    }
}

/// A small open-addressing map from `u64` keys (never `u64::MAX`) to dense ids `0..len`, the
/// id being the insertion rank. Linear probing, at most half full, multiplicative hashing:
/// a lookup is usually one cache line and no branch mispredictions beyond the key compare.
#[derive(Debug, Clone)]
struct IdTable {
    /// `(key, id)`; `key == EMPTY` marks a free slot.
    slots: Vec<Slot>,
    /// `64 - log2(slots.len())`.
    shift: u32,
    len: usize,
}

const EMPTY: u64 = u64::MAX;

/// One table slot: a key split in two halves (12 bytes instead of 16) and its id.
#[derive(Debug, Clone, Copy)]
struct Slot {
    key: [u32; 2],
    id: u32,
}

impl Slot {
    const FREE: Self = Self {
        key: [u32::MAX; 2],
        id: 0,
    };

    #[inline(always)]
    fn key(self) -> u64 {
        u64::from(self.key[0]) | (u64::from(self.key[1]) << 32)
    }
}

impl Default for IdTable {
    fn default() -> Self {
        Self::with_capacity(0)
    }
}

impl IdTable {
    fn with_capacity(n: usize) -> Self {
        let cap = (2 * n).next_power_of_two().max(8);
        Self {
            slots: vec![Slot::FREE; cap],
            shift: 64 - cap.trailing_zeros(),
            len: 0,
        }
    }

    #[inline(always)]
    fn slot(&self, key: u64) -> usize {
        (key.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> self.shift) as usize
    }

    fn len(&self) -> usize {
        self.len
    }

    /// Linear probing from `key`'s home slot: `Ok(id)` where the key sits, or `Err(index)` of
    /// the first free slot, where it would go.
    #[inline(always)]
    fn probe(&self, key: u64) -> Result<u32, usize> {
        let mask = self.slots.len() - 1;
        let mut i = self.slot(key);
        loop {
            let slot = self.slots[i];
            let k = slot.key();
            if k == key {
                return Ok(slot.id);
            }
            if k == EMPTY {
                return Err(i);
            }
            i = (i + 1) & mask;
        }
    }

    /// Id of `key`, or [`UNKNOWN`].
    #[inline(always)]
    fn get(&self, key: u64) -> u32 {
        self.probe(key).unwrap_or(UNKNOWN)
    }

    /// Make room for `extra` more keys without growing during the inserts.
    fn reserve(&mut self, extra: usize) {
        if 2 * (self.len + extra) <= self.slots.len() {
            return;
        }
        let old = std::mem::replace(self, Self::with_capacity(self.len + extra));
        self.len = old.len;
        for slot in old.slots {
            if slot.key() != EMPTY {
                // Keys are distinct, so probing always ends on a free slot.
                if let Err(i) = self.probe(slot.key()) {
                    self.slots[i] = slot;
                }
            }
        }
    }

    /// Id of `key`, assigning the next one if it is new.
    #[inline(always)]
    fn get_or_insert(&mut self, key: u64) -> u32 {
        if 2 * (self.len + 1) > self.slots.len() {
            self.reserve(1);
        }
        match self.probe(key) {
            Ok(id) => id,
            Err(i) => {
                let id = self.len as u32;
                self.slots[i] = Slot {
                    key: [key as u32, (key >> 32) as u32],
                    id,
                };
                self.len += 1;
                id
            }
        }
    }
}

/// Dense ids of the reference n-grams of one segment, orders `1..=max_order`.
#[derive(Debug, Default, Clone)]
pub struct NgramIndex {
    unigrams: IdTable,
    /// `higher[n - 2]`: (prefix id << 32 | last unigram id) → id, for order `n`.
    higher: Vec<IdTable>,
}

/// The ids of every n-gram of a sequence, order by order.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct NgramIds {
    /// `by_order[n - 1][i]`: id of the n-gram starting at position `i`.
    pub by_order: Vec<Vec<u32>>,
}

impl NgramIndex {
    /// An empty index for n-grams up to `max_order`.
    pub fn new(max_order: usize) -> Self {
        Self {
            unigrams: IdTable::default(),
            higher: vec![IdTable::default(); max_order.saturating_sub(1)],
        }
    }

    /// Highest order.
    pub fn max_order(&self) -> usize {
        self.higher.len() + 1
    }

    /// Number of distinct n-grams of order `n` seen in the references.
    pub fn distinct(&self, n: usize) -> usize {
        if n == 1 {
            self.unigrams.len()
        } else {
            self.higher[n - 2].len()
        }
    }

    /// Add a reference sequence, assigning ids to new n-grams, and return its n-gram ids.
    pub fn insert(&mut self, symbols: &[u32]) -> NgramIds {
        let mut ids = NgramIds::default();
        self.insert_into(symbols, &mut ids);
        ids
    }

    /// [`NgramIndex::insert`] into a reused `out` (cleared first).
    pub fn insert_into(&mut self, symbols: &[u32], out: &mut NgramIds) {
        out.by_order.resize_with(self.max_order(), Vec::new);
        let (first, rest) = out.by_order.split_first_mut().expect("max_order >= 1");
        first.clear();
        // Characters and words repeat: a quarter of the symbols is a fair first guess.
        self.unigrams.reserve(symbols.len() / 4);
        first.extend(
            symbols
                .iter()
                .map(|&s| self.unigrams.get_or_insert(u64::from(s))),
        );
        let mut prev: &Vec<u32> = first;
        for (k, cur) in rest.iter_mut().enumerate() {
            let n = k + 2;
            let map = &mut self.higher[k];
            let len = symbols.len().saturating_sub(n - 1);
            // Longer n-grams rarely repeat within a segment: size the table once.
            map.reserve(len);
            cur.clear();
            cur.extend((0..len).map(|i| {
                map.get_or_insert((u64::from(prev[i]) << 32) | u64::from(first[i + n - 1]))
            }));
            prev = cur;
        }
    }

    /// The n-gram ids of a hypothesis sequence; n-grams the references lack are [`UNKNOWN`].
    /// `out` is reused (cleared first) to avoid allocation per segment.
    pub fn lookup_into(&self, symbols: &[u32], out: &mut NgramIds) {
        out.by_order.resize_with(self.max_order(), Vec::new);
        let (first, rest) = out.by_order.split_first_mut().expect("max_order >= 1");
        first.clear();
        first.extend(symbols.iter().map(|&s| {
            if s == UNKNOWN {
                UNKNOWN
            } else {
                self.unigrams.get(u64::from(s))
            }
        }));
        let mut prev: &Vec<u32> = first;
        for (k, cur) in rest.iter_mut().enumerate() {
            let n = k + 2;
            let map = &self.higher[k];
            cur.clear();
            cur.extend((0..symbols.len().saturating_sub(n - 1)).map(|i| {
                let (p, last) = (prev[i], first[i + n - 1]);
                if p == UNKNOWN || last == UNKNOWN {
                    UNKNOWN
                } else {
                    map.get((u64::from(p) << 32) | u64::from(last))
                }
            }));
            prev = cur;
        }
    }
}

/// Count of every n-gram id of one order in one reference (dense array indexed by id).
pub fn count_ids(ids: &[u32], distinct: usize) -> Vec<u32> {
    let mut counts = vec![0u32; distinct];
    for &id in ids {
        counts[id as usize] += 1;
    }
    counts
}

/// Element-wise maximum (sacreBLEU's multi-reference BLEU counts); `a` grows as needed.
pub fn max_counts(a: &mut Vec<u32>, b: &[u32]) {
    if a.len() < b.len() {
        a.resize(b.len(), 0);
    }
    for (x, &y) in a.iter_mut().zip(b) {
        *x = (*x).max(y);
    }
}

/// Σ over distinct ids of min(count in `hyp_ids`, `ref_counts[id]`). `scratch` must be all
/// zeros and at least as long as `ref_counts`; it is left all zeros.
pub fn clipped_matches(hyp_ids: &[u32], ref_counts: &[u32], scratch: &mut [u32]) -> u64 {
    let mut matches = 0u64;
    for &id in hyp_ids {
        if let Some(&r) = ref_counts.get(id as usize) {
            let h = &mut scratch[id as usize];
            *h += 1;
            if *h <= r {
                matches += 1;
            }
        }
    }
    for &id in hyp_ids {
        if (id as usize) < ref_counts.len() {
            scratch[id as usize] = 0;
        }
    }
    matches
}

#[cfg(test)]
mod tests {
    use super::*;

    fn clipped(h: &NgramIds, r_ids: &NgramIds, idx: &NgramIndex, n: usize) -> u64 {
        let counts = count_ids(&r_ids.by_order[n - 1], idx.distinct(n));
        let mut scratch = vec![0; counts.len()];
        let m = clipped_matches(&h.by_order[n - 1], &counts, &mut scratch);
        assert!(scratch.iter().all(|&x| x == 0));
        m
    }

    #[test]
    fn clips_repeated_ngrams() {
        let mut idx = NgramIndex::new(2);
        let r = idx.insert(&[1, 2, 3]); // 12, 23
        let mut h = NgramIds::default();
        idx.lookup_into(&[1, 2, 1, 2, 1], &mut h); // 12 x2, 21 x2
        assert_eq!(h.by_order[1].len(), 4);
        assert_eq!(clipped(&h, &r, &idx, 2), 1);
        // 1 (x3 vs x1) clips to 1, 2 (x2 vs x1) clips to 1.
        assert_eq!(clipped(&h, &r, &idx, 1), 2);
    }

    #[test]
    fn unknown_tokens_poison_longer_ngrams() {
        let mut idx = NgramIndex::new(3);
        let r = idx.insert(&[7, 8, 9]);
        let mut h = NgramIds::default();
        idx.lookup_into(&[7, UNKNOWN, 9], &mut h);
        assert_eq!(h.by_order[0][1], UNKNOWN);
        assert!(h.by_order[1].iter().all(|&x| x == UNKNOWN));
        assert_eq!(clipped(&h, &r, &idx, 1), 2);
        assert_eq!(clipped(&h, &r, &idx, 3), 0);
    }

    #[test]
    fn ngrams_with_same_tokens_in_other_order_are_distinct() {
        let mut idx = NgramIndex::new(2);
        let r = idx.insert(&[1, 2]);
        let mut h = NgramIds::default();
        idx.lookup_into(&[2, 1], &mut h);
        assert_eq!(clipped(&h, &r, &idx, 2), 0);
        assert_eq!(clipped(&h, &r, &idx, 1), 2);
    }

    #[test]
    fn max_counts_over_references() {
        let mut a = vec![3, 0];
        max_counts(&mut a, &[1, 2, 5]);
        assert_eq!(a, [3, 2, 5]);
    }

    #[test]
    fn short_sequences_have_no_higher_ngrams() {
        let mut idx = NgramIndex::new(4);
        let r = idx.insert(&[1, 2]);
        assert_eq!(
            r.by_order.iter().map(Vec::len).collect::<Vec<_>>(),
            [2, 1, 0, 0]
        );
        let e = idx.insert(&[]);
        assert!(e.by_order.iter().all(Vec::is_empty));
    }
}
