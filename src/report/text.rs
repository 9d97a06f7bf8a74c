//! Terminal tables. Numbers are rounded to the requested width; names and corpus text are
//! escaped by [`sanitize`] so that nothing from a file acts on the terminal.

use std::fmt::Write;

use super::SignatureStyle;
use super::terminal::sanitize;
use crate::analysis::AnalysisReport;
use crate::analysis::breakdown::{Breakdown, FrequencySource};
use crate::evaluation::{Evaluation, PValue, SignificanceTest};
use crate::metrics::ScoreDetails;

/// How `score`'s table looks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TextOptions {
    /// Decimals.
    pub width: usize,
    /// Signature style.
    pub signatures: SignatureStyle,
}

impl Default for TextOptions {
    fn default() -> Self {
        Self {
            width: 1,
            signatures: SignatureStyle::default(),
        }
    }
}

/// `score`'s corpus-level table: one row per system, one column per metric, sacreBLEU's
/// verbose BLEU line per system, the significance legend, then the signatures.
pub fn render_score(e: &Evaluation, options: TextOptions) -> String {
    if e.systems.is_empty() {
        return String::new();
    }
    let width = options.width;
    let mut header = vec!["System".to_owned()];
    header.extend(e.metrics.iter().map(|m| m.name.clone()));
    let mut rows: Vec<Vec<String>> = vec![header];
    for (s, file) in e.systems.iter().enumerate() {
        let mut row = vec![sanitize(&file.name).into_owned()];
        for m in &e.metrics {
            let mut cell = format!("{:.*}", width, m.score(s));
            let sig = m.systems[s];
            if let Some(c) = sig.confidence {
                let _ = write!(
                    cell,
                    " (μ = {:.*} ± {:.*})",
                    width, c.mean, width, c.half_width
                );
            }
            match sig.p_value {
                PValue::Value(p) => {
                    let _ = write!(cell, " (p = {p:.4}){}", if p < 0.05 { "*" } else { " " });
                }
                PValue::Baseline => cell.push_str(" (baseline)   "),
                PValue::NotTested => {}
            }
            row.push(cell);
        }
        rows.push(row);
    }
    let mut out = table(&rows);
    out.push_str(&bleu_details(e, width));
    if let Some(sig) = &e.significance {
        let what = match sig.test {
            SignificanceTest::PairedBootstrap => {
                format!("paired bootstrap resampling ({} resamples)", sig.samples)
            }
            SignificanceTest::PairedApproximateRandomization => {
                format!("paired approximate randomization ({} trials)", sig.samples)
            }
            SignificanceTest::Confidence => {
                format!("bootstrap confidence intervals ({} resamples)", sig.samples)
            }
        };
        let _ = writeln!(out, "\n{what}, seed {}.", sig.seed);
        if sig.test != SignificanceTest::Confidence {
            let _ = writeln!(
                out,
                "p-values against the baseline {}; * marks p < 0.05.",
                sanitize(&e.systems[e.baseline].name)
            );
        }
        if sig.confidence_samples.is_some() {
            let _ = writeln!(
                out,
                "μ ± x: mean of the bootstrap scores and half-width of their 95% interval."
            );
        }
    }
    out.push('\n');
    let name_width = e
        .metrics
        .iter()
        .map(|m| m.name.chars().count())
        .max()
        .unwrap_or(0)
        .max(8);
    let short = options.signatures.short;
    for m in &e.metrics {
        let _ = writeln!(out, "{:<name_width$} {}", m.name, m.signature.format(short));
    }
    if e.metrics
        .iter()
        .any(|m| m.result.systems.iter().any(|s| s.sentence.is_some()))
    {
        for m in &e.metrics {
            let _ = writeln!(
                out,
                "{:<name_width$} {} (sentence level)",
                m.name,
                m.sentence_signature.format(short)
            );
        }
    }
    out
}

/// sacreBLEU's verbose BLEU line for every system and BLEU column: n-gram precisions, brevity
/// penalty, length ratio and lengths.
fn bleu_details(e: &Evaluation, width: usize) -> String {
    let mut out = String::new();
    let names: Vec<String> = e
        .systems
        .iter()
        .map(|s| sanitize(&s.name).into_owned())
        .collect();
    let name_width = names.iter().map(|n| n.chars().count()).max().unwrap_or(0);
    for (s, name) in names.iter().enumerate() {
        for m in &e.metrics {
            let sm = &m.result.systems[s];
            if let ScoreDetails::Bleu {
                sys_len,
                ref_len,
                bp,
                precisions,
                ..
            } = &sm.details
            {
                let prec: Vec<String> = precisions.iter().map(|p| format!("{p:.1}")).collect();
                let ratio = if *ref_len > 0 {
                    *sys_len as f64 / *ref_len as f64
                } else {
                    0.0
                };
                let label = if m.key == "bleu" {
                    String::new()
                } else {
                    format!(" [{}]", m.key)
                };
                if out.is_empty() {
                    out.push('\n');
                }
                let _ = writeln!(
                    out,
                    "{name:<name_width$}{label}  BLEU {:.*} = {} (BP = {bp:.3} ratio = {ratio:.3} hyp_len = {sys_len} ref_len = {ref_len})",
                    width,
                    sm.score,
                    prec.join("/")
                );
            }
        }
    }
    out
}

/// Per-segment scores: one block per system (with `--sentence-level`).
pub fn render_segments(e: &Evaluation, width: usize) -> String {
    let mut out = String::new();
    for (s, file) in e.systems.iter().enumerate() {
        let columns: Vec<(&str, &Vec<f64>)> = e
            .metrics
            .iter()
            .filter_map(|m| {
                m.result.systems[s]
                    .sentence
                    .as_ref()
                    .map(|v| (m.name.as_str(), v))
            })
            .collect();
        if columns.is_empty() {
            continue;
        }
        let _ = writeln!(
            out,
            "== {} ({})",
            sanitize(&file.name),
            sanitize(&file.path)
        );
        let mut rows = vec![
            std::iter::once("Segment".to_owned())
                .chain(columns.iter().map(|(n, _)| (*n).to_owned()))
                .collect::<Vec<_>>(),
        ];
        for i in 0..e.segments {
            rows.push(
                std::iter::once((i + 1).to_string())
                    .chain(columns.iter().map(|(_, v)| format!("{:.*}", width, v[i])))
                    .collect(),
            );
        }
        out.push_str(&table(&rows));
        out.push('\n');
    }
    out
}

/// `analyze`'s table: one row per system, error rates in percent, reference side (`r…`) over
/// the chosen references' length, hypothesis side (`h…`) over the hypothesis length.
pub fn render_analysis(report: &AnalysisReport) -> String {
    let head = [
        "WER", "RPER", "HPER", "rINFL", "hINFL", "rREORD", "hREORD", "MISS", "EXT", "rLEX", "hLEX",
        "SUM",
    ];
    let mut rows = vec![
        std::iter::once("System".to_owned())
            .chain(head.iter().map(|h| (*h).to_owned()))
            .collect::<Vec<_>>(),
    ];
    for s in &report.systems {
        let r = &s.totals.rates;
        let mut row = vec![sanitize(&s.name).into_owned()];
        for v in [
            r.wer,
            r.rper,
            r.hper,
            r.reference_inflection,
            r.hypothesis_inflection,
            r.reference_reordering,
            r.hypothesis_reordering,
            r.missing,
            r.extra,
            r.reference_lexical,
            r.hypothesis_lexical,
            r.sum,
        ] {
            row.push(format!("{v:.2}"));
        }
        rows.push(row);
    }
    let mut out = table(&rows);
    let _ = writeln!(
        out,
        "\nRates in %: r = reference side (over reference words), h = hypothesis side (over \
         hypothesis words); SUM = hINFL + hREORD + MISS + EXT + hLEX (Hjerson's SUMerr).\n{}",
        report.signature.signature
    );
    out
}

fn opt(x: Option<f64>) -> String {
    x.map_or_else(|| "-".to_owned(), |v| format!("{v:.2}"))
}

/// Every compare-mt breakdown as terminal tables (scores with two decimals, F-measures with
/// four).
pub fn render_breakdown(b: &Breakdown) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "Scores by reference length ({} tokens, {} segments)",
        b.config.tokenize, b.segments
    );
    let mut rows = vec![vec!["length".to_owned(), "sentences".to_owned()]];
    for s in &b.systems {
        let s = sanitize(s);
        rows[0].push(format!("{s} BLEU"));
        rows[0].push(format!("{s} sentBLEU"));
        rows[0].push(format!("{s} chrF"));
    }
    for bucket in &b.length_buckets {
        let mut r = vec![bucket.label.clone(), bucket.sentences.to_string()];
        for s in &bucket.systems {
            r.extend([
                opt(s.bleu),
                opt(s.mean_sentence_bleu),
                opt(s.mean_sentence_chrf),
            ]);
        }
        rows.push(r);
    }
    out.push_str(&table(&rows));
    let _ = writeln!(out, "BLEU:     {}", b.bleu_signature);
    let _ = writeln!(out, "sentBLEU: {}", b.sentence_bleu_signature);
    let _ = writeln!(out, "chrF:     {}", b.chrf_signature);

    let source = match &b.frequency_source {
        FrequencySource::References => "the references".to_owned(),
        FrequencySource::Training { path } => sanitize(path).into_owned(),
    };
    let _ = writeln!(
        out,
        "\nWord F-measure by frequency in {source} (precision / recall in JSON)"
    );
    let mut rows = vec![vec!["frequency".to_owned(), "ref words".to_owned()]];
    rows[0].extend(b.systems.iter().map(|s| sanitize(s).into_owned()));
    for bucket in &b.word_accuracy {
        let mut r = vec![bucket.label.clone(), bucket.reference_words.to_string()];
        r.extend(bucket.systems.iter().map(|s| format!("{:.4}", s.f_measure)));
        rows.push(r);
    }
    out.push_str(&table(&rows));

    for c in &b.ngrams {
        let (left, right) = (sanitize(&c.left), sanitize(&c.right));
        for (better, worse, list) in [
            (&left, &right, &c.left_better),
            (&right, &left, &c.right_better),
        ] {
            let _ = writeln!(
                out,
                "\nn-grams {better} matches more often than {worse} (n = {}..{}, alpha = {})",
                b.config.min_ngram, b.config.max_ngram, b.config.ngram_alpha
            );
            let mut rows = vec![vec![
                "n-gram".to_owned(),
                format!("{left} share"),
                left.to_string(),
                right.to_string(),
            ]];
            for g in list {
                rows.push(vec![
                    sanitize(&g.ngram).into_owned(),
                    format!("{:.4}", g.score),
                    g.left_matches.to_string(),
                    g.right_matches.to_string(),
                ]);
            }
            out.push_str(&table(&rows));
        }
    }

    for c in &b.examples {
        let (left, right) = (sanitize(&c.left), sanitize(&c.right));
        for (better, worse, list) in [
            (&left, &right, &c.left_better),
            (&right, &left, &c.right_better),
        ] {
            let _ = writeln!(
                out,
                "\nSegments where {better} beats {worse} most (sentence BLEU)"
            );
            for e in list {
                let _ = writeln!(
                    out,
                    "segment {} (line {}): {left} = {:.2}, {right} = {:.2}",
                    e.segment,
                    e.segment + 1,
                    e.left_bleu,
                    e.right_bleu
                );
                if let Some(src) = &e.source {
                    let _ = writeln!(out, "  source: {}", sanitize(src));
                }
                for (name, r) in b.references.iter().zip(&e.references) {
                    let _ = writeln!(out, "  reference {}: {}", sanitize(name), sanitize(r));
                }
                let _ = writeln!(out, "  {left}: {}", sanitize(&e.left_output));
                let _ = writeln!(out, "  {right}: {}", sanitize(&e.right_output));
            }
        }
    }
    out
}

/// A plain-text table: the first row is the header (underlined), the first column is
/// left-aligned and the others right-aligned.
pub fn table(rows: &[Vec<String>]) -> String {
    let cols = rows.iter().map(Vec::len).max().unwrap_or(0);
    let widths: Vec<usize> = (0..cols)
        .map(|c| {
            rows.iter()
                .filter_map(|r| r.get(c))
                .map(|s| s.chars().count())
                .max()
                .unwrap_or(0)
        })
        .collect();
    let mut out = String::new();
    for (i, r) in rows.iter().enumerate() {
        let mut line = String::new();
        for (c, cell) in r.iter().enumerate() {
            let pad = widths[c] - cell.chars().count();
            if c == 0 {
                line.push_str(cell);
                line.push_str(&" ".repeat(pad));
            } else {
                line.push_str("  ");
                line.push_str(&" ".repeat(pad));
                line.push_str(cell);
            }
        }
        out.push_str(line.trim_end());
        out.push('\n');
        if i == 0 {
            out.push_str(&"-".repeat(widths.iter().sum::<usize>() + 2 * cols.saturating_sub(1)));
            out.push('\n');
        }
    }
    out
}
