//! The baseline file, schema `mtmeter.baseline/1`: what the gate needs of the baseline system
//! to run a paired test later without its text.
//!
//! ```text
//! {
//!   "schema": "mtmeter.baseline/1",
//!   "created_by": "mtmeter 0.1.0",
//!   "test_set": {
//!     "name": "wmt22.en-de",                  // folder name, or the first reference's file name
//!     "segments": 2037,
//!     "source": {"name": "source", "sha256": "…"} | null,
//!     "references": [{"name": "A", "sha256": "…"}, …]   // in the order they were given
//!   },
//!   "system": {"name": "Online-B", "sha256": "…"},
//!   "metrics": [
//!     {"key": "bleu", "name": "BLEU",
//!      "signature": {"formatted": "nrefs:2|case:mixed|…|version:mtmeter-0.1.0",
//!                    "fields": [["nrefs", "#", "2"], ["case", "c", "mixed"], …]},
//!      "score": 30.12,                          // corpus score, full precision
//!      "row_width": 10,
//!      "statistics": [[22, 24, 18, …], …]},    // one row per segment, sacreBLEU's layout
//!     …]
//! }
//! ```
//!
//! * **Content hashes** are SHA-256 (lower-case hex) of a text's segments as read — each line
//!   without its line break, followed by one `\n` — so the same test set hashes the same whether
//!   it came from a corpus folder or from files, with or without a final newline or CRLFs.
//! * **Statistics** are each segment's sufficient statistics in sacreBLEU's row layout (BLEU
//!   `[hyp_len, ref_len, matches…, totals…]`, chrF `[hyp, ref, match]` per order, TER
//!   `[edits, average reference length]`). Integral values are written as integers; the others
//!   (TER's average reference length with several references: halves, thirds…) as the shortest
//!   decimal that reads back as the same float64, so every row round-trips exactly.
//! * **Deterministic bytes**: fields in a fixed order, no timestamps, one statistics row per
//!   line. A name ending in `.gz` is written gzip-compressed with no file name and mtime 0 in
//!   the header; reading detects gzip by its magic bytes, whatever the name.
//! * The signature's `fields` omit `version`: signatures are compared field by field without
//!   it (see [`super::check`]).

use std::io::{Read, Write};
use std::path::Path;

use serde::{Deserialize, Serialize, Serializer};
use serde_json::value::RawValue;
use sha2::{Digest, Sha256};

use super::GateError;
use crate::corpus::{Corpus, TextFile};
use crate::metrics::Signature;
use crate::scoring::MetricResult;

/// The schema identifier written into every baseline.
pub const SCHEMA: &str = "mtmeter.baseline/1";

/// A named text and the SHA-256 of its content.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ContentHash {
    /// File stem (references, systems) or `source`.
    pub name: String,
    /// Lower-case hex SHA-256 of the segments, each followed by `\n`.
    pub sha256: String,
}

impl ContentHash {
    /// Hash of a loaded text.
    pub fn of(file: &TextFile) -> ContentHash {
        let mut h = Sha256::new();
        for line in file.lines() {
            h.update(line.as_bytes());
            h.update(b"\n");
        }
        ContentHash {
            name: file.name.clone(),
            sha256: hex(&h.finalize()),
        }
    }
}

fn hex(bytes: &[u8]) -> String {
    use std::fmt::Write as _;
    bytes.iter().fold(String::new(), |mut s, b| {
        let _ = write!(s, "{b:02x}");
        s
    })
}

/// Which test set a baseline was made on.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TestSetIdentity {
    /// A readable name (JUnit's `classname` is `mtmeter.<name>`).
    pub name: String,
    /// Number of segments.
    pub segments: usize,
    /// The source's hash, if a source was given.
    pub source: Option<ContentHash>,
    /// Every reference's hash, in order.
    pub references: Vec<ContentHash>,
}

impl TestSetIdentity {
    /// The identity of `corpus` under the name `name`.
    pub fn of(name: &str, corpus: &Corpus) -> TestSetIdentity {
        TestSetIdentity {
            name: name.to_owned(),
            segments: corpus.len(),
            source: corpus.source.as_ref().map(ContentHash::of),
            references: corpus.references.iter().map(ContentHash::of).collect(),
        }
    }
}

/// A signature as stored: its formatted long form (for people) and its fields (for comparison).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StoredSignature {
    /// `Signature::format(false)`, with the version of the mtmeter that wrote it.
    pub formatted: String,
    /// The fields, without `version`.
    #[serde(flatten)]
    pub fields: Signature,
}

/// Per-segment statistics rows.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(transparent)]
pub struct StatisticsRows(pub Vec<Vec<f64>>);

impl Serialize for StatisticsRows {
    /// Each row on one line (a pretty printer writes a raw value as it is), integers where
    /// integral, else the shortest round-tripping decimal.
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::{Error, SerializeSeq};
        let mut seq = s.serialize_seq(Some(self.0.len()))?;
        let mut buf = String::new();
        for row in &self.0 {
            buf.clear();
            buf.push('[');
            for (i, &x) in row.iter().enumerate() {
                if i > 0 {
                    buf.push(',');
                }
                write_number(&mut buf, x).map_err(S::Error::custom)?;
            }
            buf.push(']');
            let raw = RawValue::from_string(buf.clone()).map_err(S::Error::custom)?;
            seq.serialize_element(&raw)?;
        }
        seq.end()
    }
}

fn write_number(buf: &mut String, x: f64) -> Result<(), String> {
    use std::fmt::Write as _;
    if !x.is_finite() {
        return Err(format!("statistic {x} is not a finite number"));
    }
    // 2^53: every integer below is exact in f64 and prints without loss as i64.
    if x.fract() == 0.0 && x.abs() < 9_007_199_254_740_992.0 {
        let _ = write!(buf, "{}", x as i64);
    } else {
        buf.push_str(&serde_json::to_string(&x).map_err(|e| e.to_string())?);
    }
    Ok(())
}

/// One metric of the baseline system.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BaselineMetric {
    /// Metric key as requested (`bleu`, `chrf`, `chrf++`, `ter`).
    pub key: String,
    /// sacreBLEU's score name (`BLEU`, `chrF2`, `TER`).
    pub name: String,
    /// Signature of the corpus score.
    pub signature: StoredSignature,
    /// Corpus score, full precision.
    pub score: f64,
    /// Values per statistics row.
    pub row_width: usize,
    /// One row per segment.
    pub statistics: StatisticsRows,
}

impl BaselineMetric {
    /// The rows concatenated, as [`crate::scoring::SystemMetric::rows`] holds them.
    pub fn flat_rows(&self) -> Vec<f64> {
        self.statistics.0.concat()
    }
}

/// A stored baseline (schema [`SCHEMA`]).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Baseline {
    /// Always [`SCHEMA`].
    pub schema: String,
    /// `mtmeter <version>` that wrote it.
    pub created_by: String,
    /// The test set it was scored on.
    pub test_set: TestSetIdentity,
    /// The baseline system.
    pub system: ContentHash,
    /// Its metrics, in request order.
    pub metrics: Vec<BaselineMetric>,
}

impl Baseline {
    /// The baseline of system `system` of `corpus`, from scoring results of that corpus.
    pub fn from_results(
        test_set: &str,
        corpus: &Corpus,
        system: usize,
        results: &[MetricResult],
    ) -> Result<Baseline, GateError> {
        let sys = corpus.systems.get(system).ok_or_else(|| {
            GateError::Config(format!("baseline: no system #{system} in the corpus"))
        })?;
        let metrics = results
            .iter()
            .map(|r| {
                let sm = &r.systems[system];
                let w = r.row_width.max(1);
                BaselineMetric {
                    key: r.key.clone(),
                    name: r.name.clone(),
                    signature: StoredSignature {
                        formatted: r.signature.format(false),
                        fields: r.signature.clone(),
                    },
                    score: sm.score,
                    row_width: r.row_width,
                    statistics: StatisticsRows(sm.rows.chunks(w).map(<[f64]>::to_vec).collect()),
                }
            })
            .collect();
        Ok(Baseline {
            schema: SCHEMA.to_owned(),
            created_by: format!("mtmeter {}", env!("CARGO_PKG_VERSION")),
            test_set: TestSetIdentity::of(test_set, corpus),
            system: ContentHash::of(sys),
            metrics,
        })
    }

    /// The metric stored under `key`.
    pub fn metric(&self, key: &str) -> Option<&BaselineMetric> {
        self.metrics.iter().find(|m| m.key == key)
    }

    /// The file's bytes: pretty JSON with one statistics row per line, gzip-compressed with a
    /// fixed header when `gzip`.
    pub fn to_bytes(&self, gzip: bool) -> Result<Vec<u8>, GateError> {
        let mut json = serde_json::to_vec_pretty(self)
            .map_err(|e| GateError::Config(format!("baseline: cannot serialise: {e}")))?;
        json.push(b'\n');
        if !gzip {
            return Ok(json);
        }
        // No file name, mtime 0: the same baseline compresses to the same bytes.
        let mut enc = flate2::GzBuilder::new()
            .mtime(0)
            .write(Vec::new(), flate2::Compression::best());
        enc.write_all(&json)
            .and_then(|()| enc.finish())
            .map_err(|e| GateError::Config(format!("baseline: cannot compress: {e}")))
    }

    /// Parse a baseline file's bytes (gzip detected by magic bytes); `path` names it in errors.
    pub fn from_bytes(bytes: &[u8], path: &str) -> Result<Baseline, GateError> {
        let bad = |message: String| GateError::Baseline {
            path: path.to_owned(),
            message,
        };
        let text;
        let json: &[u8] = if bytes.starts_with(&[0x1f, 0x8b]) {
            let mut out = Vec::new();
            flate2::read::GzDecoder::new(bytes)
                .read_to_end(&mut out)
                .map_err(|e| bad(format!("not valid gzip: {e}")))?;
            text = out;
            &text
        } else {
            bytes
        };
        // `mtmeter evaluate`'s report.json carries the baseline system's baseline.
        #[derive(Deserialize)]
        struct EvaluateReport {
            schema: String,
            gate_baseline: Option<Baseline>,
        }
        if let Ok(r) = serde_json::from_slice::<EvaluateReport>(json)
            && r.schema == crate::report::model::SCHEMA
        {
            let b = r.gate_baseline.ok_or_else(|| {
                bad("an evaluate report without the baseline's statistics (written by an older mtmeter)".into())
            })?;
            b.validate().map_err(bad)?;
            return Ok(b);
        }
        // Parse straight into the schema; only when that fails, look at what the file is, so
        // that another JSON file (a score report, say) gets a clear message.
        let b: Baseline = match serde_json::from_slice(json) {
            Ok(b) => b,
            Err(e) => {
                #[derive(Deserialize)]
                struct SchemaOnly {
                    schema: Option<String>,
                }
                return Err(bad(match serde_json::from_slice::<SchemaOnly>(json) {
                    Err(_) if e.is_syntax() || e.is_eof() => format!("not valid JSON: {e}"),
                    Ok(SchemaOnly { schema: None }) | Err(_) => format!(
                        "no \"schema\" field: not an mtmeter baseline (write one with `mtmeter baseline`; schema {SCHEMA})"
                    ),
                    Ok(SchemaOnly {
                        schema: Some(other),
                    }) if other != SCHEMA => {
                        format!("schema is {other:?}; this mtmeter reads {SCHEMA:?}")
                    }
                    Ok(_) => e.to_string(),
                }));
            }
        };
        if b.schema != SCHEMA {
            return Err(bad(format!(
                "schema is {:?}; this mtmeter reads {SCHEMA:?}",
                b.schema
            )));
        }
        b.validate().map_err(bad)?;
        Ok(b)
    }

    fn validate(&self) -> Result<(), String> {
        let n = self.test_set.segments;
        for m in &self.metrics {
            if m.statistics.0.len() != n {
                return Err(format!(
                    "metric {}: {} statistics rows for {n} segments",
                    m.key,
                    m.statistics.0.len()
                ));
            }
            if let Some(i) = m.statistics.0.iter().position(|r| r.len() != m.row_width) {
                return Err(format!(
                    "metric {}: segment {} has {} statistics, row_width is {}",
                    m.key,
                    i + 1,
                    m.statistics.0[i].len(),
                    m.row_width
                ));
            }
        }
        Ok(())
    }

    /// Write to `path` atomically (gzip when the name ends in `.gz`).
    pub fn write(&self, path: &Path) -> Result<(), GateError> {
        let gz = path.extension().is_some_and(|e| e == "gz");
        let bytes = self.to_bytes(gz)?;
        crate::report::atomic::write_atomic(path, &bytes).map_err(|source| GateError::Io {
            path: path.display().to_string(),
            source,
        })
    }

    /// Read from `path`.
    pub fn read(path: &Path) -> Result<Baseline, GateError> {
        let shown = path.display().to_string();
        let bytes = std::fs::read(path).map_err(|source| GateError::Io {
            path: shown.clone(),
            source,
        })?;
        Self::from_bytes(&bytes, &shown)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Baseline {
        Baseline {
            schema: SCHEMA.into(),
            created_by: "mtmeter test".into(),
            test_set: TestSetIdentity {
                name: "t".into(),
                segments: 2,
                source: None,
                references: vec![ContentHash {
                    name: "A".into(),
                    sha256: "00".into(),
                }],
            },
            system: ContentHash {
                name: "s".into(),
                sha256: "11".into(),
            },
            metrics: vec![BaselineMetric {
                key: "ter".into(),
                name: "TER".into(),
                signature: StoredSignature {
                    formatted: "nrefs:3".into(),
                    fields: Signature::new(3),
                },
                score: 12.5,
                row_width: 2,
                statistics: StatisticsRows(vec![vec![3.0, 10.0 / 3.0], vec![0.0, 4.5]]),
            }],
        }
    }

    #[test]
    fn statistics_are_integers_where_integral_and_round_trip_exactly() {
        let b = sample();
        let bytes = b.to_bytes(false).unwrap();
        let text = String::from_utf8(bytes.clone()).unwrap();
        assert!(text.contains("[3,3.3333333333333335]"), "{text}");
        assert!(text.contains("[0,4.5]"), "{text}");
        assert_eq!(Baseline::from_bytes(&bytes, "b.json").unwrap(), b);
    }

    #[test]
    fn gzip_is_deterministic_and_round_trips() {
        let b = sample();
        let gz = b.to_bytes(true).unwrap();
        assert_eq!(gz, b.to_bytes(true).unwrap());
        assert_eq!(&gz[..2], &[0x1f, 0x8b]);
        assert_eq!(&gz[4..8], &[0, 0, 0, 0], "mtime 0");
        assert_eq!(Baseline::from_bytes(&gz, "b.json.gz").unwrap(), b);
    }

    #[test]
    fn a_json_file_without_schema_is_refused_naming_it() {
        let e = Baseline::from_bytes(b"{\"systems\": []}", "report.json").unwrap_err();
        let msg = e.to_string();
        assert!(msg.starts_with("report.json: "), "{msg}");
        assert!(msg.contains("not an mtmeter baseline"), "{msg}");
    }

    #[test]
    fn another_schema_version_is_refused_naming_both() {
        let mut b = sample();
        b.schema = "mtmeter.baseline/2".into();
        let bytes = b.to_bytes(false).unwrap();
        let msg = Baseline::from_bytes(&bytes, "b.json")
            .unwrap_err()
            .to_string();
        assert!(msg.contains("\"mtmeter.baseline/2\""), "{msg}");
    }

    #[test]
    fn rows_of_the_wrong_width_are_refused() {
        let mut b = sample();
        b.metrics[0].statistics.0[1].push(1.0);
        let bytes = b.to_bytes(false).unwrap();
        let msg = Baseline::from_bytes(&bytes, "b.json")
            .unwrap_err()
            .to_string();
        assert!(msg.contains("segment 2 has 3 statistics"), "{msg}");
    }

    #[test]
    fn content_hash_ignores_how_lines_ended() {
        let a = TextFile::new("A", "a", ["x", "y"]);
        let h = ContentHash::of(&a);
        // sha256("x\ny\n")
        assert_eq!(
            h.sha256,
            "09834d488008f5f1ef589a2d7cedc52425bee9dd23b2212e4c1d673c5cbb54e4"
        );
    }
}
