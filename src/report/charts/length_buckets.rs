//! Chart 4: a score by reference-length bucket, one line per system.

use super::buckets::{Bucket, BucketSeries, BucketText, bucket_chart};
use super::scores::MetricAxis;
use super::{Chart, ChartError};

/// Draws `metric` per sentence-length bucket (x: bucket labels such as `<10`, `[10,20)`, with
/// the number of segments under each), one line per system. Named `length-buckets-<metric
/// slug>`. Fails with [`ChartError::NoData`] without buckets or systems, and with
/// [`ChartError::SeriesLength`] when a system has not one value per bucket.
pub fn length_buckets(
    metric: MetricAxis<'_>,
    buckets: &[Bucket<'_>],
    systems: &[BucketSeries<'_>],
) -> Result<Chart, ChartError> {
    bucket_chart(
        BucketText {
            name: format!("length-buckets-{}", metric.slug()),
            title: format!("{} by reference sentence length", metric.name),
            x_desc: "reference length (tokens); n = segments in the bucket".to_string(),
            metric,
        },
        buckets,
        systems,
    )
}
