//! Counting n-grams as dense integer ids, per segment, without hashing n-gram strings.
//!
//! The references of one segment define every n-gram that can ever match: an [`NgramIndex`]
//! numbers them densely, order by order. A unigram is a `u64` symbol (a character's code point,
//! or a word's [`WordSymbols`] symbol); an n-gram of order `n > 1` is the pair (id of its first
//! `n − 1` tokens, id of its last token), looked up in a small integer-keyed map. A hypothesis
//! n-gram absent from the references gets [`UNKNOWN`], and so does every longer n-gram starting
//! with it: such n-grams can never match, and they still count in the totals.
//!
//! Reference counts become plain arrays indexed by id ([`RefCounts`]), one column per reference
//! (or one column of maxima), so clipped matches are one pass over the hypothesis n-grams with a
//! scratch counter: `matches += 1` while the hypothesis count of an id does not exceed the
//! reference count, which sums `min(hyp count, ref count)` exactly.
//! [`NgramIndex::count_matches`] does this order by order, for every reference column at once,
//! and only for the known n-grams: order n only extends the known n-grams of order n − 1.

use rustc_hash::FxHashMap;

/// Id of a hypothesis token or n-gram that occurs in no reference of the segment.
pub const UNKNOWN: u32 = u32::MAX;

/// A symbol no reference ever has (for hypothesis words that no reference contains): every
/// n-gram containing it is [`UNKNOWN`].
pub const UNKNOWN_SYMBOL: u64 = u64::MAX;

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

/// Symbols of the words of one segment, for [`NgramIndex`].
///
/// Most words (every Chinese character the `zh` tokenizer isolates, most European words) are
/// at most 7 bytes: such a word is its own symbol, its bytes packed into a `u64` with the length
/// in the top byte, so it needs neither a string hash nor an allocation. Longer words are copied
/// into one arena string and numbered through a table keyed by their hash, the text compared on
/// every hit so that a hash collision can never merge two words: their symbols have a top byte
/// of `0xFE` (or `0xFD` for the second of two words with one hash, kept in a plain map). Packed
/// symbols have a top byte of at most 7, so none of these collide, and none is ever
/// [`UNKNOWN_SYMBOL`]. [`WordSymbols::clear`] keeps the memory, so the scoring loop allocates
/// nothing per segment.
#[derive(Debug, Default, Clone)]
pub struct WordSymbols {
    /// Long words' bytes, one after the other.
    arena: String,
    /// `spans[id]`: where long word `id` sits in `arena`.
    spans: Vec<(u32, u32)>,
    /// Hash of a long word → its id (the first word with that hash).
    by_hash: IdTable,
    /// Long words whose hash another long word has already.
    collided: FxHashMap<Box<str>, u64>,
}

/// Top byte of the symbols of words longer than 7 bytes.
const LONG_WORD_TAG: u64 = 0xFE << 56;

/// Top byte of the symbols of long words whose hash was taken ([`WordSymbols`]).
const COLLIDED_WORD_TAG: u64 = 0xFD << 56;

/// The packed symbol of a word of at most 7 bytes.
#[inline(always)]
fn pack_short(b: &[u8]) -> Option<u64> {
    let n = b.len();
    let le32 = |s: &[u8]| u64::from(u32::from_le_bytes([s[0], s[1], s[2], s[3]]));
    let le16 = |s: &[u8]| u64::from(u16::from_le_bytes([s[0], s[1]]));
    // Two overlapping loads cover the word; the overlapping bytes are ORed with themselves.
    let bytes = match n {
        0 => 0,
        1 => u64::from(b[0]),
        2..=3 => le16(b) | le16(&b[n - 2..]) << (8 * (n - 2)),
        4..=7 => le32(b) | le32(&b[n - 4..]) << (8 * (n - 4)),
        _ => return None,
    };
    Some(bytes | (n as u64) << 56)
}

/// Hash of a long word for [`WordSymbols::by_hash`] (never the table's free key).
#[inline]
fn long_word_hash(word: &str) -> u64 {
    use std::hash::Hasher;
    let mut h = rustc_hash::FxHasher::default();
    h.write(word.as_bytes());
    h.finish().min(EMPTY - 1)
}

impl WordSymbols {
    /// Forget every long word, keeping the memory.
    pub fn clear(&mut self) {
        self.arena.clear();
        self.spans.clear();
        self.by_hash.clear();
        self.collided.clear();
    }

    /// The text of long word `id`.
    #[inline]
    fn long_word(&self, id: u32) -> &str {
        let (start, end) = self.spans[id as usize];
        &self.arena[start as usize..end as usize]
    }

    /// Symbol of a reference word, assigning a new one to a new long word.
    #[inline]
    pub fn intern(&mut self, word: &str) -> u64 {
        match pack_short(word.as_bytes()) {
            Some(s) => s,
            None => self.intern_long(word, long_word_hash(word)),
        }
    }

    /// [`WordSymbols::intern`] of a long word with hash `hash`.
    #[inline]
    fn intern_long(&mut self, word: &str, hash: u64) -> u64 {
        let id = self.by_hash.get_or_insert(hash);
        if id as usize == self.spans.len() {
            let start = self.arena.len();
            self.arena.push_str(word);
            self.spans.push((start as u32, self.arena.len() as u32));
            return LONG_WORD_TAG | u64::from(id);
        }
        if self.long_word(id) == word {
            return LONG_WORD_TAG | u64::from(id);
        }
        let next = COLLIDED_WORD_TAG | self.collided.len() as u64;
        *self.collided.entry(word.into()).or_insert(next)
    }

    /// Symbol of a hypothesis word; [`UNKNOWN_SYMBOL`] for a long word no reference has.
    #[inline]
    pub fn lookup(&self, word: &str) -> u64 {
        match pack_short(word.as_bytes()) {
            Some(s) => s,
            None => self.lookup_long(word, long_word_hash(word)),
        }
    }

    /// [`WordSymbols::lookup`] of a long word with hash `hash`.
    #[inline]
    fn lookup_long(&self, word: &str, hash: u64) -> u64 {
        let id = self.by_hash.get(hash);
        if id == UNKNOWN {
            UNKNOWN_SYMBOL
        } else if self.long_word(id) == word {
            LONG_WORD_TAG | u64::from(id)
        } else {
            self.collided.get(word).copied().unwrap_or(UNKNOWN_SYMBOL)
        }
    }
}

/// A small open-addressing map from `u64` keys to dense ids `0..len`, the id being the insertion
/// rank. Linear probing, multiplicative hashing, at most a quarter full: the tables are small
/// (one segment's references), and so sparse that a lookup almost always ends at the home slot,
/// whether the key is there or not (most hypothesis n-grams are not), without a mispredicted
/// probe loop.
///
/// Free slots hold the key `u64::MAX` and the id [`UNKNOWN`], and `u64::MAX` is never inserted:
/// a lookup stops at the first slot whose key is the one sought *or* free and returns that
/// slot's id, which is [`UNKNOWN`] for an absent key, and also for the key `u64::MAX` itself
/// (an n-gram whose prefix and last token are both unknown).
#[derive(Debug, Clone)]
struct IdTable {
    /// `(key, id)`; `key == EMPTY` marks a free slot.
    slots: Vec<Slot>,
    /// Index of every occupied slot, so that [`IdTable::clear`] costs the entries, not the
    /// capacity.
    used: Vec<u32>,
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
        id: UNKNOWN,
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
        let cap = (4 * n).next_power_of_two().max(8);
        Self {
            slots: vec![Slot::FREE; cap],
            used: Vec::new(),
            shift: 64 - cap.trailing_zeros(),
            len: 0,
        }
    }

    /// Forget every key, keeping the capacity (the scoring loop reuses one table per thread
    /// for millions of segments).
    fn clear(&mut self) {
        for &i in &self.used {
            self.slots[i as usize] = Slot::FREE;
        }
        self.used.clear();
        self.len = 0;
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

    /// Id of `key`, or [`UNKNOWN`] (see the type's documentation).
    #[inline(always)]
    fn get(&self, key: u64) -> u32 {
        let mask = self.slots.len() - 1;
        let mut i = self.slot(key);
        loop {
            let slot = self.slots[i];
            let k = slot.key();
            // One test for both outcomes: a free slot's id is UNKNOWN.
            if k == key || k == EMPTY {
                return slot.id;
            }
            i = (i + 1) & mask;
        }
    }

    /// Make room for `extra` more keys without growing during the inserts.
    fn reserve(&mut self, extra: usize) {
        if 4 * (self.len + extra) <= self.slots.len() {
            return;
        }
        let old = std::mem::replace(self, Self::with_capacity(self.len + extra));
        self.len = old.len;
        self.used.reserve(old.used.len());
        for &j in &old.used {
            let slot = old.slots[j as usize];
            // Keys are distinct, so probing always ends on a free slot.
            if let Err(i) = self.probe(slot.key()) {
                self.slots[i] = slot;
                self.used.push(i as u32);
            }
        }
    }

    /// Id of `key` (never `EMPTY`), assigning the next one if it is new.
    #[inline(always)]
    fn get_or_insert(&mut self, key: u64) -> u32 {
        debug_assert_ne!(key, EMPTY);
        if 4 * (self.len + 1) > self.slots.len() {
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
                self.used.push(i as u32);
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

/// The key of an n-gram of order > 1 in [`NgramIndex::higher`].
#[inline(always)]
fn pair_key(prefix: u32, last: u32) -> u64 {
    (u64::from(prefix) << 32) | u64::from(last)
}

impl NgramIndex {
    /// An empty index for n-grams up to `max_order`.
    pub fn new(max_order: usize) -> Self {
        Self {
            unigrams: IdTable::default(),
            higher: vec![IdTable::default(); max_order.saturating_sub(1)],
        }
    }

    /// Forget every n-gram and set the highest order, keeping the tables' memory.
    pub fn clear(&mut self, max_order: usize) {
        self.unigrams.clear();
        self.higher
            .resize_with(max_order.saturating_sub(1), IdTable::default);
        for t in &mut self.higher {
            t.clear();
        }
    }

    /// Highest order.
    pub fn max_order(&self) -> usize {
        self.higher.len() + 1
    }

    /// Number of distinct n-grams of order `n` seen in the references.
    pub fn distinct(&self, n: usize) -> usize {
        self.table(n).len()
    }

    fn table(&self, n: usize) -> &IdTable {
        if n == 1 {
            &self.unigrams
        } else {
            &self.higher[n - 2]
        }
    }

    /// Make room for references of `symbols` symbols in total, so that the tables are sized
    /// once instead of growing (and rehashing) reference by reference.
    pub fn reserve(&mut self, symbols: usize) {
        // Characters and words repeat: a quarter of the symbols is a fair first guess.
        self.unigrams.reserve(symbols / 2);
        // Longer n-grams rarely repeat within a segment.
        for t in &mut self.higher {
            t.reserve(symbols);
        }
    }

    /// Add a reference sequence, assigning ids to new n-grams, and return its n-gram ids.
    pub fn insert(&mut self, symbols: &[u64]) -> NgramIds {
        let mut ids = NgramIds::default();
        self.insert_into(symbols, &mut ids);
        ids
    }

    /// [`NgramIndex::insert`] into a reused `out` (cleared first). No symbol may be
    /// [`UNKNOWN_SYMBOL`].
    pub fn insert_into(&mut self, symbols: &[u64], out: &mut NgramIds) {
        out.by_order.resize_with(self.max_order(), Vec::new);
        let (first, rest) = out.by_order.split_first_mut().expect("max_order >= 1");
        first.clear();
        self.unigrams.reserve(symbols.len() / 4);
        first.extend(symbols.iter().map(|&s| self.unigrams.get_or_insert(s)));
        let mut prev: &Vec<u32> = first;
        for (k, cur) in rest.iter_mut().enumerate() {
            let n = k + 2;
            let map = &mut self.higher[k];
            let len = symbols.len().saturating_sub(n - 1);
            map.reserve(len);
            cur.clear();
            cur.extend((0..len).map(|i| map.get_or_insert(pair_key(prev[i], first[i + n - 1]))));
            prev = cur;
        }
    }

    /// The n-gram ids of a hypothesis sequence; n-grams the references lack are [`UNKNOWN`].
    /// `out` is reused (cleared first) to avoid allocation per segment.
    pub fn lookup_into(&self, symbols: &[u64], out: &mut NgramIds) {
        out.by_order.resize_with(self.max_order(), Vec::new);
        let (first, rest) = out.by_order.split_first_mut().expect("max_order >= 1");
        first.clear();
        first.extend(symbols.iter().map(|&s| self.unigrams.get(s)));
        let mut prev: &Vec<u32> = first;
        for (k, cur) in rest.iter_mut().enumerate() {
            let n = k + 2;
            let map = &self.higher[k];
            cur.clear();
            cur.extend(
                (0..symbols.len().saturating_sub(n - 1))
                    .map(|i| map.get(pair_key(prev[i], first[i + n - 1]))),
            );
            prev = cur;
        }
    }

    /// Clipped matches of a hypothesis against every column of `counts` (built on this index):
    /// `matches[(n - 1) * width + c]` = Σ over n-grams of order `n` of min(hypothesis count,
    /// `counts` column `c`). The number of hypothesis n-grams of order `n` is simply
    /// `symbols.len() - (n - 1)` (when positive).
    pub fn count_matches(
        &self,
        symbols: &[u64],
        counts: &RefCounts,
        scratch: &mut MatchScratch,
        matches: &mut [u64],
    ) {
        // Constant widths let the compiler unroll the per-column loop (1: BLEU's maxima, 2:
        // two references, the common multi-reference case).
        match counts.width {
            1 => self.count_matches_w::<1>(symbols, counts, scratch, matches),
            2 => self.count_matches_w::<2>(symbols, counts, scratch, matches),
            _ => self.count_matches_w::<0>(symbols, counts, scratch, matches),
        }
    }

    /// [`NgramIndex::count_matches`] for `W` columns (`W == 0`: `counts.width`).
    ///
    /// An n-gram is known only if its prefix is (and an unknown one never matches), so order
    /// n only looks at the positions where order n − 1 was known, and only known n-grams are
    /// counted. With references of a few dozen tokens, most higher-order hypothesis n-grams are
    /// unknown: this skips most of the work.
    #[inline(always)]
    fn count_matches_w<const W: usize>(
        &self,
        symbols: &[u64],
        counts: &RefCounts,
        scratch: &mut MatchScratch,
        matches: &mut [u64],
    ) {
        let w = if W == 0 { counts.width } else { W };
        let orders = self.max_order();
        assert_eq!(counts.by_order.len(), orders);
        let matches = &mut matches[..orders * w];
        matches.fill(0);
        let MatchScratch {
            unigrams,
            known,
            next_known,
            counter,
        } = scratch;
        // Order 1: every position.
        unigrams.clear();
        unigrams.extend(symbols.iter().map(|&s| self.unigrams.get(s)));
        known.clear();
        known.resize(symbols.len(), Known { pos: 0, id: 0 });
        let mut k = 0;
        for (i, &id) in unigrams.iter().enumerate() {
            known[k] = Known { pos: i as u32, id };
            k += usize::from(id != UNKNOWN);
        }
        known.truncate(k);
        tally::<W>(known, &counts.by_order[0], w, counter, &mut matches[..w]);
        // Order n > 1: the n-gram at `i` is the known (n − 1)-gram at `i` followed by the
        // token at `i + n − 1`.
        for n in 2..=orders {
            // Positions are increasing: the last one may be too close to the end.
            let len = (symbols.len() + 1).saturating_sub(n);
            while known.last().is_some_and(|k| k.pos as usize >= len) {
                known.pop();
            }
            if known.is_empty() {
                break;
            }
            let table = &self.higher[n - 2];
            next_known.clear();
            next_known.resize(known.len(), Known { pos: 0, id: 0 });
            let mut k = 0;
            for p in known.iter() {
                let id = table.get(pair_key(p.id, unigrams[p.pos as usize + n - 1]));
                next_known[k] = Known { pos: p.pos, id };
                k += usize::from(id != UNKNOWN);
            }
            next_known.truncate(k);
            std::mem::swap(known, next_known);
            let counts = &counts.by_order[n - 1];
            tally::<W>(known, counts, w, counter, &mut matches[(n - 1) * w..n * w]);
        }
    }
}

/// A known hypothesis n-gram: its position and id.
#[derive(Debug, Clone, Copy)]
struct Known {
    pos: u32,
    id: u32,
}

/// Add to `matches[c]` the clipped matches of the (known) n-grams `known` against column `c`
/// of `counts` (`w` columns). `counter` must be all zeros and is left so.
#[inline(always)]
fn tally<const W: usize>(
    known: &[Known],
    counts: &[u32],
    w: usize,
    counter: &mut Vec<u32>,
    matches: &mut [u64],
) {
    let rows = counts.len() / w;
    if counter.len() < rows {
        counter.resize(rows, 0);
    }
    for k in known {
        let row = k.id as usize;
        let h = counter[row] + 1;
        counter[row] = h;
        for (c, m) in matches.iter_mut().enumerate() {
            *m += u64::from(h <= counts[row * w + c]);
        }
    }
    for k in known {
        counter[k.id as usize] = 0;
    }
}

/// Buffers of the n-gram metrics (BLEU, chrF), reused across segments and hypotheses.
#[derive(Debug, Default)]
pub struct NgramScratch {
    /// Token symbols of a segment.
    pub symbols: Vec<u64>,
    /// N-gram ids of a reference.
    pub ids: NgramIds,
    /// Clipped matches per order and reference.
    pub matches: Vec<u64>,
    /// For [`NgramIndex::count_matches`].
    pub match_scratch: MatchScratch,
}

thread_local! {
    static SCRATCH: std::cell::RefCell<NgramScratch> =
        std::cell::RefCell::new(NgramScratch::default());
}

/// Run `f` with this thread's [`NgramScratch`] (not re-entrant: `f` must not call it again).
pub fn with_scratch<R>(f: impl FnOnce(&mut NgramScratch) -> R) -> R {
    SCRATCH.with_borrow_mut(f)
}

/// Per-thread buffers for [`NgramIndex::count_matches`].
#[derive(Debug, Default, Clone)]
pub struct MatchScratch {
    /// Hypothesis unigram ids.
    unigrams: Vec<u32>,
    /// The known n-grams of the current order, and of the next one.
    known: Vec<Known>,
    next_known: Vec<Known>,
    /// Hypothesis count per n-gram id; all zeros between calls.
    counter: Vec<u32>,
}

/// Reference counts of the n-grams of one segment, per order: for every id of
/// [`NgramIndex`], `width` counts (one per reference, or the maximum over references).
#[derive(Debug, Clone)]
pub struct RefCounts {
    width: usize,
    /// `by_order[n - 1][id * width + column]`.
    by_order: Vec<Vec<u32>>,
    /// [`RefCounts::add_max`]'s count of the reference at hand, per id; all zeros between
    /// calls.
    current: Vec<u32>,
}

impl RefCounts {
    /// Counts for `orders` orders and `width` columns, before any reference.
    pub fn new(orders: usize, width: usize) -> Self {
        assert!(width > 0, "at least one column");
        Self {
            width,
            by_order: vec![Vec::new(); orders],
            current: Vec::new(),
        }
    }

    /// Number of columns.
    pub fn width(&self) -> usize {
        self.width
    }

    /// Empty counts for `orders` orders and `width` columns, keeping the memory.
    pub fn reset(&mut self, orders: usize, width: usize) {
        assert!(width > 0, "at least one column");
        self.width = width;
        self.by_order.resize_with(orders, Vec::new);
        for c in &mut self.by_order {
            c.clear();
        }
    }

    /// Raise the counts (one column) to one more reference's n-gram counts where those are
    /// higher: after every reference, the maximum over references, which is what BLEU clips
    /// with. The same as [`RefCounts::add`] into a column per reference followed by
    /// `max_over_columns`, in one pass per reference and without the columns.
    pub fn add_max(&mut self, index: &NgramIndex, ids: &NgramIds) {
        assert_eq!(self.width, 1, "one column of maxima");
        let current = &mut self.current;
        for (n, (counts, ids)) in self.by_order.iter_mut().zip(&ids.by_order).enumerate() {
            let distinct = index.distinct(n + 1);
            counts.resize(distinct, 0);
            if current.len() < distinct {
                current.resize(distinct, 0);
            }
            for &id in ids {
                let (c, m) = (&mut current[id as usize], &mut counts[id as usize]);
                *c += 1;
                *m = (*m).max(*c);
            }
            for &id in ids {
                current[id as usize] = 0;
            }
        }
    }

    /// Count the n-grams of one reference (`ids`, from `index.insert_into`) into `column`.
    pub fn add(&mut self, column: usize, index: &NgramIndex, ids: &NgramIds) {
        let w = self.width;
        for (n, (counts, ids)) in self.by_order.iter_mut().zip(&ids.by_order).enumerate() {
            // Ids are dense and earlier references' ids keep their rows.
            counts.resize(index.distinct(n + 1) * w, 0);
            for &id in ids {
                counts[id as usize * w + column] += 1;
            }
        }
    }

    /// Keep one column: the maximum over the columns (sacreBLEU's multi-reference BLEU counts).
    /// BLEU takes the maxima directly ([`RefCounts::add_max`]); this is the tests' reference.
    #[cfg(test)]
    fn max_over_columns(&mut self) {
        let w = self.width;
        for counts in &mut self.by_order {
            // In place: row `r` moves to index `r <= r * w`, after it has been read.
            let rows = counts.len() / w;
            for r in 0..rows {
                counts[r] = counts[r * w..(r + 1) * w]
                    .iter()
                    .copied()
                    .max()
                    .unwrap_or(0);
            }
            counts.truncate(rows);
        }
        self.width = 1;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    /// `Counter` of the n-grams of order `n`, as sacreBLEU's `extract_all_char_ngrams` /
    /// `extract_all_word_ngrams` build them.
    fn naive_counts(s: &[u64], n: usize) -> HashMap<&[u64], u64> {
        let mut c = HashMap::new();
        for g in s.windows(n) {
            *c.entry(g).or_insert(0) += 1;
        }
        c
    }

    /// `matches[(n-1) * refs + r]` the slow way: Σ min(hyp count, ref count).
    fn naive_matches(hyp: &[u64], refs: &[Vec<u64>], orders: usize) -> Vec<u64> {
        let mut out = Vec::new();
        for n in 1..=orders {
            let h = naive_counts(hyp, n);
            for r in refs {
                let r = naive_counts(r, n);
                out.push(h.iter().map(|(g, &c)| c.min(*r.get(g).unwrap_or(&0))).sum());
            }
        }
        out
    }

    fn fast_matches(hyp: &[u64], refs: &[Vec<u64>], orders: usize, max: bool) -> Vec<u64> {
        let mut idx = NgramIndex::new(orders);
        idx.reserve(refs.iter().map(Vec::len).sum());
        let mut counts = RefCounts::new(orders, refs.len());
        for (c, r) in refs.iter().enumerate() {
            let ids = idx.insert(r);
            counts.add(c, &idx, &ids);
        }
        if max {
            counts.max_over_columns();
            // The one-column way gives the same counts.
            let mut maxima = RefCounts::new(orders, 1);
            let mut again = NgramIndex::new(orders);
            again.reserve(refs.iter().map(Vec::len).sum());
            for r in refs {
                let ids = again.insert(r);
                maxima.add_max(&again, &ids);
            }
            assert_eq!(maxima.by_order, counts.by_order, "{refs:?}");
        }
        let mut m = vec![0; orders * counts.width()];
        let mut scratch = MatchScratch::default();
        idx.count_matches(hyp, &counts, &mut scratch, &mut m);
        // The scratch is reusable: a second call gives the same result.
        let mut again = vec![0; m.len()];
        idx.count_matches(hyp, &counts, &mut scratch, &mut again);
        assert_eq!(m, again);
        m
    }

    /// Random sequences over a small alphabet (so that n-grams repeat and clip), 1 to 4
    /// references, orders 1 to 7: the dense-id counting equals the `Counter` arithmetic.
    #[test]
    fn clipped_matches_equal_counter_arithmetic() {
        let mut state = 0x2545_f491_4f6c_dd1du64;
        let mut next = |m: u64| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state % m
        };
        for _ in 0..3000 {
            let alphabet = 1 + next(6);
            let seq = |next: &mut dyn FnMut(u64) -> u64| -> Vec<u64> {
                let len = next(12) as usize;
                (0..len).map(|_| next(alphabet) * 0x1_0000_0001).collect()
            };
            let orders = 1 + next(7) as usize;
            let nrefs = 1 + next(4) as usize;
            let refs: Vec<Vec<u64>> = (0..nrefs).map(|_| seq(&mut next)).collect();
            let mut hyp = seq(&mut next);
            if next(4) == 0 && !hyp.is_empty() {
                hyp[0] = UNKNOWN_SYMBOL;
            }
            let expected = naive_matches(&hyp, &refs, orders);
            assert_eq!(
                fast_matches(&hyp, &refs, orders, false),
                expected,
                "{hyp:?} {refs:?}"
            );
            // The maximum column clips against the largest reference count.
            let mut max = Vec::new();
            for n in 1..=orders {
                let h = naive_counts(&hyp, n);
                let rs: Vec<_> = refs.iter().map(|r| naive_counts(r, n)).collect();
                max.push(
                    h.iter()
                        .map(|(g, &c)| {
                            let r = rs.iter().map(|r| *r.get(g).unwrap_or(&0)).max();
                            c.min(r.unwrap_or(0))
                        })
                        .sum::<u64>(),
                );
            }
            assert_eq!(fast_matches(&hyp, &refs, orders, true), max);
        }
    }

    #[test]
    fn unknown_tokens_poison_longer_ngrams() {
        let mut idx = NgramIndex::new(3);
        idx.insert(&[7, 8, 9]);
        let mut h = NgramIds::default();
        idx.lookup_into(&[7, UNKNOWN_SYMBOL, 9], &mut h);
        assert_eq!(h.by_order[0][1], UNKNOWN);
        assert!(h.by_order[1].iter().all(|&x| x == UNKNOWN));
        assert!(h.by_order[2].iter().all(|&x| x == UNKNOWN));
    }

    #[test]
    fn ngrams_with_same_tokens_in_other_order_are_distinct() {
        let mut idx = NgramIndex::new(2);
        idx.insert(&[1, 2]);
        let mut h = NgramIds::default();
        idx.lookup_into(&[2, 1], &mut h);
        assert_eq!(h.by_order[1], [UNKNOWN]);
        assert!(h.by_order[0].iter().all(|&x| x != UNKNOWN));
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

    #[test]
    fn word_symbols_are_distinct_per_word() {
        let mut v = WordSymbols::default();
        let words = [
            "a",
            "a\0",
            "\0",
            "ab",
            "abc",
            "abcd",
            "abcde",
            "abcdef",
            "abcdefg",
            "abcdefgh",
            "abcdefghi",
            "中",
            "中文",
            "中文字",
            "bcdefgh",
            "x\0\0\0\0\0\0",
        ];
        let syms: Vec<u64> = words.iter().map(|w| v.intern(w)).collect();
        for (i, a) in syms.iter().enumerate() {
            assert_ne!(*a, UNKNOWN_SYMBOL);
            for b in &syms[i + 1..] {
                assert_ne!(a, b, "{words:?}");
            }
        }
        for (w, s) in words.iter().zip(&syms) {
            assert_eq!(v.lookup(w), *s);
        }
        assert_eq!(v.lookup("not in the references"), UNKNOWN_SYMBOL);
        v.clear();
        assert_eq!(v.lookup("abcdefghi"), UNKNOWN_SYMBOL);
        assert_eq!(v.intern("abcdefgh"), LONG_WORD_TAG);
    }

    /// Two long words with one hash keep distinct symbols: the text decides, not the hash.
    #[test]
    fn long_words_sharing_a_hash_stay_apart() {
        let mut v = WordSymbols::default();
        let (a, b, c) = (
            "Gesundheitsministerium",
            "Nachrichtenagentur",
            "Bundesregierung",
        );
        let sa = v.intern_long(a, 42);
        let sb = v.intern_long(b, 42);
        assert_ne!(sa, sb);
        assert_eq!(v.intern_long(a, 42), sa);
        assert_eq!(v.intern_long(b, 42), sb);
        assert_eq!(v.lookup_long(a, 42), sa);
        assert_eq!(v.lookup_long(b, 42), sb);
        assert_eq!(v.lookup_long(c, 42), UNKNOWN_SYMBOL);
        assert_eq!(v.lookup_long(a, 43), UNKNOWN_SYMBOL);
        for s in [sa, sb] {
            assert_ne!(s, UNKNOWN_SYMBOL);
            assert!(s >> 56 > 7, "never a packed short word");
        }
    }

    /// A cleared index numbers n-grams from scratch, whatever it held before.
    #[test]
    fn cleared_index_equals_a_new_one() {
        let mut reused = NgramIndex::new(4);
        reused.insert(&(0..500).collect::<Vec<u64>>());
        reused.clear(3);
        let mut fresh = NgramIndex::new(3);
        let seq = [5, 6, 5, 6, 7];
        assert_eq!(reused.insert(&seq), fresh.insert(&seq));
        let mut a = NgramIds::default();
        let mut b = NgramIds::default();
        reused.lookup_into(&[6, 5, 9, 6, 7], &mut a);
        fresh.lookup_into(&[6, 5, 9, 6, 7], &mut b);
        assert_eq!(a, b);
        assert_eq!(reused.max_order(), 3);
    }
}
