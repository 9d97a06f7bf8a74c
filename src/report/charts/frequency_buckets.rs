//! Chart 5: word F-measure by word-frequency bucket, one line per system.

use super::buckets::{Bucket, BucketSeries, BucketText, bucket_chart};
use super::scores::MetricAxis;
use super::text::{capitalized, clean_name};
use super::{Chart, ChartError};

/// Draws `measure` (e.g. word F-measure, 0–100 %) per word-frequency bucket, one line per
/// system. `frequency_source` says where frequencies were counted (`the references`, `the
/// training data`) for the x-axis description. Named `frequency-buckets`. Fails like
/// [`length_buckets`](super::length_buckets).
pub fn frequency_buckets(
    measure: MetricAxis<'_>,
    frequency_source: &str,
    buckets: &[Bucket<'_>],
    systems: &[BucketSeries<'_>],
) -> Result<Chart, ChartError> {
    bucket_chart(
        BucketText {
            name: "frequency-buckets".to_string(),
            // Measures such as "word F-measure" start lower-case; a title should not.
            title: format!("{} by word frequency", capitalized(measure.name)),
            x_desc: format!(
                "word frequency in {}; n = reference words",
                clean_name(frequency_source)
            ),
            metric: measure,
        },
        buckets,
        systems,
    )
}
