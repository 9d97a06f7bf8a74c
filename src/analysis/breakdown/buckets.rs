//! compare-mt's bucketing (`Bucketer`): labels of integer boundaries and the bucket of a value or
//! of a mean, compared exactly. Pure integer arithmetic: no text, no scores.

/// compare-mt's bucket labels for integer boundaries (`Bucketer.set_bucket_cutoffs`): `<a`
/// first, a single value where a bucket holds one integer, `[a,b)` otherwise, `>=z` last.
pub fn bucket_labels(cutoffs: &[u64]) -> Vec<String> {
    let mut labels = Vec::with_capacity(cutoffs.len() + 1);
    for (i, &x) in cutoffs.iter().enumerate() {
        labels.push(match i {
            0 => format!("<{x}"),
            _ if x - 1 == cutoffs[i - 1] => format!("{}", x - 1),
            _ => format!("[{},{x})", cutoffs[i - 1]),
        });
    }
    if let Some(last) = cutoffs.last() {
        labels.push(format!(">={last}"));
    }
    labels
}

/// Index of the bucket holding `value` (`Bucketer.cutoff_into_bucket`): the first boundary
/// greater than the value, or the last bucket.
pub fn bucket_index(value: u64, cutoffs: &[u64]) -> usize {
    cutoffs.partition_point(|&c| c <= value)
}

/// Bucket of a mean of `count` integers summing to `sum`, compared exactly (`sum / count < c`
/// as `sum < c * count`) so that no rounding can move a segment across a boundary.
pub(super) fn bucket_of_mean(sum: u64, count: u64, cutoffs: &[u64]) -> usize {
    cutoffs.partition_point(|&c| c * count <= sum)
}
