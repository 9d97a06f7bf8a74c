//! The evaluate report's charts: [`ReportModel`] mapped into the chart inputs (this file only
//! selects and arranges numbers the model holds; the charts draw them).

use super::{
    Bucket, BucketSeries, Chart, ChartError, DeltaRow, ErrorRates, MetricAxis, SentenceScores,
    SystemScore,
};
use crate::report::model::{ErrorRates as ModelRates, MetricReport, ReportModel};

fn axis(m: &MetricReport) -> MetricAxis<'_> {
    MetricAxis {
        name: &m.name,
        unit: "0–100",
        higher_is_better: m.higher_is_better,
    }
}

/// One line per system: its name and its value in every bucket.
fn bucket_series<'a>(names: &[&'a str], values: &'a [Vec<f64>]) -> Vec<BucketSeries<'a>> {
    names
        .iter()
        .zip(values)
        .map(|(&name, values)| BucketSeries { name, values })
        .collect()
}

/// Every chart of the report, in page order: per metric the scores and the Δ vs the baseline,
/// then error rates, the length and frequency buckets, and the sentence-score distribution.
/// A chart without data (no analysis, one system) is left out; any other drawing failure is
/// an error.
pub fn report_charts(model: &ReportModel) -> Result<Vec<Chart>, ChartError> {
    let names: Vec<&str> = model.systems.iter().map(|s| s.name.as_str()).collect();
    let baseline = names[model.baseline];
    let mut out = Vec::new();
    let mut keep = |c: Result<Chart, ChartError>| -> Result<(), ChartError> {
        match c {
            Ok(c) => {
                out.push(c);
                Ok(())
            }
            Err(ChartError::NoData { .. }) => Ok(()),
            Err(e) => Err(e),
        }
    };
    for m in &model.metrics {
        let systems: Vec<SystemScore> = m
            .systems
            .iter()
            .zip(&names)
            .map(|(s, name)| SystemScore {
                name,
                score: s.score,
                interval: s.ci,
            })
            .collect();
        keep(super::scores(axis(m), &systems))?;
        let rows: Vec<DeltaRow> = m
            .systems
            .iter()
            .zip(&names)
            .enumerate()
            .filter(|(s, _)| *s != model.baseline)
            .filter_map(|(_, (s, name))| {
                Some(DeltaRow {
                    name,
                    delta: s.delta?,
                    interval: s.delta_ci,
                    p_value: s.p_value,
                })
            })
            .collect();
        keep(super::delta(axis(m), baseline, &rows))?;
    }
    if let Some(rates) = &model.error_rates {
        let systems: Vec<ErrorRates> = rates
            .iter()
            .zip(&names)
            .map(|(r, name): (&ModelRates, _)| ErrorRates {
                name,
                rates: r.as_array(),
            })
            .collect();
        keep(super::error_rates(&systems))?;
    }
    if let Some(b) = &model.breakdown {
        let buckets: Vec<Bucket> = b
            .length_buckets
            .iter()
            .map(|l| Bucket {
                label: &l.label,
                count: Some(l.sentences),
            })
            .collect();
        let values: Vec<Vec<f64>> = (0..names.len())
            .map(|s| {
                b.length_buckets
                    .iter()
                    .map(|l| l.systems[s].bleu.unwrap_or(f64::NAN))
                    .collect()
            })
            .collect();
        let series = bucket_series(&names, &values);
        let bleu = MetricAxis {
            name: "BLEU",
            unit: "0–100",
            higher_is_better: true,
        };
        keep(super::length_buckets(bleu, &buckets, &series))?;

        let buckets: Vec<Bucket> = b
            .word_accuracy
            .iter()
            .map(|w| Bucket {
                label: &w.label,
                count: usize::try_from(w.reference_words).ok(),
            })
            .collect();
        let values: Vec<Vec<f64>> = (0..names.len())
            .map(|s| {
                b.word_accuracy
                    .iter()
                    // A bucket with no word on either side has no F-measure: a gap, not 0.
                    .map(|w| {
                        let a = &w.systems[s];
                        if w.reference_words == 0 && a.output_words == 0 {
                            f64::NAN
                        } else {
                            a.f_measure
                        }
                    })
                    .collect()
            })
            .collect();
        let series = bucket_series(&names, &values);
        let source = match &b.frequency_source {
            crate::analysis::breakdown::FrequencySource::References => "the references",
            crate::analysis::breakdown::FrequencySource::Training { .. } => "the training data",
        };
        let f = MetricAxis {
            name: "word F-measure",
            unit: "0–1",
            higher_is_better: true,
        };
        keep(super::frequency_buckets(f, source, &buckets, &series))?;
    }
    if let Some(mi) = model.sentence_metric() {
        let m = &model.metrics[mi];
        let scores: Vec<Vec<f64>> = model
            .segments
            .iter()
            .map(|segs| {
                segs.iter()
                    .filter_map(|s| s.scores.get(mi).copied())
                    .collect()
            })
            .collect();
        let systems: Vec<SentenceScores> = names
            .iter()
            .zip(&scores)
            .map(|(name, scores)| SentenceScores { name, scores })
            .collect();
        keep(super::sentence_distribution(axis(m), &systems))?;
    }
    Ok(out)
}
