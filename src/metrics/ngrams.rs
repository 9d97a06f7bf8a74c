//! Counting n-grams of integer ids without hashing strings.
//!
//! Tokens (or characters) become `u32` ids; the n-grams of one order are sorted windows of the
//! id sequence, stored flat with their counts. Matching a hypothesis against a reference is a
//! merge of two sorted lists: no allocation per n-gram, no string hashing, exact for any order.
//!
//! Word ids are local to a segment: the references' words are numbered ([`SegmentVocab`]) and a
//! hypothesis word absent from the references gets [`UNKNOWN`]. An n-gram containing it can never
//! match, and lumping such n-grams together changes only their (irrelevant) identity, never the
//! totals, so clipped counts stay exact.

use rustc_hash::FxHashMap;

/// Id of a hypothesis word that occurs in no reference of the segment.
pub const UNKNOWN: u32 = u32::MAX;

/// The n-grams of one order with their counts, sorted.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct NgramTable {
    n: usize,
    /// `len * n` ids: the distinct n-grams in ascending order.
    grams: Vec<u32>,
    /// Count of each distinct n-gram.
    counts: Vec<u32>,
    /// Sum of `counts`.
    total: u64,
}

impl NgramTable {
    /// Count all n-grams of order `n` in `ids`.
    pub fn build(ids: &[u32], n: usize) -> Self {
        let mut table = Self {
            n,
            ..Self::default()
        };
        if n == 0 || ids.len() < n {
            return table;
        }
        let windows = ids.len() - n + 1;
        let mut starts: Vec<u32> = (0..windows as u32).collect();
        starts.sort_unstable_by(|&a, &b| {
            ids[a as usize..a as usize + n].cmp(&ids[b as usize..b as usize + n])
        });
        table.grams.reserve(windows * n);
        let mut prev: Option<&[u32]> = None;
        for &s in &starts {
            let g = &ids[s as usize..s as usize + n];
            if prev == Some(g) {
                *table.counts.last_mut().expect("a previous n-gram exists") += 1;
            } else {
                table.grams.extend_from_slice(g);
                table.counts.push(1);
                prev = Some(g);
            }
        }
        table.total = windows as u64;
        table
    }

    /// The order of the n-grams.
    pub fn order(&self) -> usize {
        self.n
    }

    /// Number of n-grams counted (with repetitions).
    pub fn total(&self) -> u64 {
        self.total
    }

    /// Whether no n-gram was counted.
    pub fn is_empty(&self) -> bool {
        self.counts.is_empty()
    }

    fn gram(&self, i: usize) -> &[u32] {
        &self.grams[i * self.n..(i + 1) * self.n]
    }

    /// Σ over n-grams of min(count here, count in `other`): the clipped matches.
    pub fn clipped_matches(&self, other: &NgramTable) -> u64 {
        debug_assert_eq!(self.n, other.n);
        let (mut i, mut j, mut m) = (0, 0, 0u64);
        while i < self.counts.len() && j < other.counts.len() {
            match self.gram(i).cmp(other.gram(j)) {
                std::cmp::Ordering::Less => i += 1,
                std::cmp::Ordering::Greater => j += 1,
                std::cmp::Ordering::Equal => {
                    m += u64::from(self.counts[i].min(other.counts[j]));
                    i += 1;
                    j += 1;
                }
            }
        }
        m
    }

    /// Union keeping the maximum count of each n-gram (sacreBLEU's multi-reference BLEU counts).
    pub fn max_union(&self, other: &NgramTable) -> NgramTable {
        debug_assert_eq!(self.n, other.n);
        let mut out = NgramTable {
            n: self.n,
            ..Self::default()
        };
        let (mut i, mut j) = (0, 0);
        loop {
            let take = match (i < self.counts.len(), j < other.counts.len()) {
                (false, false) => break,
                (true, false) => std::cmp::Ordering::Less,
                (false, true) => std::cmp::Ordering::Greater,
                (true, true) => self.gram(i).cmp(other.gram(j)),
            };
            match take {
                std::cmp::Ordering::Less => {
                    out.grams.extend_from_slice(self.gram(i));
                    out.counts.push(self.counts[i]);
                    i += 1;
                }
                std::cmp::Ordering::Greater => {
                    out.grams.extend_from_slice(other.gram(j));
                    out.counts.push(other.counts[j]);
                    j += 1;
                }
                std::cmp::Ordering::Equal => {
                    out.grams.extend_from_slice(self.gram(i));
                    out.counts.push(self.counts[i].max(other.counts[j]));
                    i += 1;
                    j += 1;
                }
            }
        }
        out.total = out.counts.iter().map(|&c| u64::from(c)).sum();
        out
    }
}

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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_and_clips() {
        let h = NgramTable::build(&[1, 2, 1, 2, 1], 2); // 12 x2, 21 x2
        let r = NgramTable::build(&[1, 2, 3], 2); // 12, 23
        assert_eq!(h.total(), 4);
        assert_eq!(h.clipped_matches(&r), 1);
        assert_eq!(r.clipped_matches(&h), 1);
    }

    #[test]
    fn max_union_keeps_largest_count() {
        let a = NgramTable::build(&[5, 5, 5], 1);
        let b = NgramTable::build(&[5, 6], 1);
        let u = a.max_union(&b);
        assert_eq!(u.total(), 4);
        assert_eq!(
            NgramTable::build(&[5, 5, 5, 5, 6, 6], 1).clipped_matches(&u),
            4
        );
    }

    #[test]
    fn unknown_words_never_match() {
        let r = NgramTable::build(&[0, 1], 1);
        let h = NgramTable::build(&[UNKNOWN, UNKNOWN, 0], 1);
        assert_eq!(h.clipped_matches(&r), 1);
        assert_eq!(h.total(), 3);
    }

    #[test]
    fn short_sequences_have_no_ngrams() {
        assert!(NgramTable::build(&[1, 2], 3).is_empty());
        assert_eq!(NgramTable::build(&[], 1).total(), 0);
    }
}
