//! `mtmeter analyze`: Hjerson error categories for every system (same inputs as `score`).

use std::path::PathBuf;
use std::process::ExitCode;

use clap::Args;
use mtmeter::analysis::breakdown::BreakdownConfig;
use mtmeter::analysis::{BaseForms, HjersonConfig, Lemmas};
use mtmeter::corpus::Corpus;
use mtmeter::evaluation::{AnalysisRequest, BreakdownRequest, Request, evaluate, system_index};
use mtmeter::report::{json, text};
use mtmeter::tokenize::TokenizerKind;

use super::input::InputArgs;
use super::output::print;
use super::{CliError, Format};

/// Arguments of `mtmeter analyze`.
#[derive(Debug, Args)]
#[command(
    args_override_self = true,
    after_help = "Examples:\n  mtmeter analyze ref.de -i sys1.de sys2.de\n  mtmeter analyze --corpus corpora/demo --base-forms stem:de --format json\n  mtmeter analyze ref.tok -i sys.tok --tokenize none --base-forms-ref ref.lem --base-forms-hyp sys.lem"
)]
pub struct AnalyzeArgs {
    /// Inputs. With several references, each segment uses the reference with the lowest WER
    /// ratio, as Hjerson does.
    #[command(flatten)]
    pub input: InputArgs,
    /// Tokenizer (sacreBLEU -tok): none, 13a, intl, char, zh (default: 13a, or what -l
    /// implies: zh for Chinese, char for Japanese).
    #[arg(long = "tokenize", value_name = "TOK")]
    pub tokenize: Option<String>,
    /// Source-target language pair, 2-3 letter codes (e.g. en-zh): the target language picks the
    /// default tokenizer (zh → zh, ja → char).
    #[arg(short = 'l', long = "language-pair", value_name = "SRC-TRG", value_parser = super::compat::parse_language_pair)]
    pub language_pair: Option<String>,
    /// Base forms for inflection errors: prefix4 (first four characters, Hjerson's default)
    /// or stem:<lang> (Snowball: fr, it, de, en, es, pt, nl, ...).
    #[arg(
        long = "base-forms",
        value_name = "KIND",
        default_value = "prefix4",
        conflicts_with_all = ["base_forms_ref", "base_forms_hyp"]
    )]
    pub base_forms: String,
    /// Base-form (lemma) files of the references, one per reference in the same order,
    /// whitespace-separated and token-aligned with the tokenized references.
    #[arg(long = "base-forms-ref", num_args = 1.., value_name = "FILE", requires = "base_forms_hyp")]
    pub base_forms_ref: Vec<PathBuf>,
    /// Base-form (lemma) files of the systems, one per system in the same order.
    #[arg(long = "base-forms-hyp", num_args = 1.., value_name = "FILE", requires = "base_forms_ref")]
    pub base_forms_hyp: Vec<PathBuf>,
    /// Also compute compare-mt-style breakdowns: scores by sentence length, word accuracy by
    /// frequency, the n-grams most characteristic of each system, and the sentences where two
    /// systems differ most.
    #[arg(long)]
    pub breakdowns: bool,
    /// The baseline of the breakdowns' pairwise comparisons (default: the first system): each
    /// other system is compared with it.
    #[arg(long, value_name = "NAME", requires = "breakdowns")]
    pub baseline: Option<String>,
    /// Compare these pairs of systems instead (`A:B`, repeatable; `all` for every pair, as
    /// compare-mt does).
    #[arg(long, value_name = "A:B", num_args = 1.., requires = "breakdowns")]
    pub pairs: Vec<String>,
    /// A training-data file (target side) whose word frequencies define the frequency buckets
    /// of --breakdowns (default: frequencies in the references).
    #[arg(long, value_name = "FILE", requires = "breakdowns")]
    pub training: Option<PathBuf>,
    /// What JSON holds per segment: all (chosen reference, counts and every token's label),
    /// counts (no per-token labels), none (totals only). Labels are most of the output: 3.6
    /// times the input size on news text.
    #[arg(long, value_enum, default_value = "all", value_name = "DETAIL")]
    pub segments: SegmentDetail,
    /// Output format: text (the default, also when piped) or json.
    #[arg(long, short = 'f', value_enum, default_value = "text")]
    pub format: Format,
}

impl AnalyzeArgs {
    /// The tokenizer: --tokenize, else what -l's target implies, else 13a.
    fn tokenizer(&self) -> Result<TokenizerKind, CliError> {
        if let Some(t) = &self.tokenize {
            return Ok(t.parse().map_err(mtmeter::metrics::MetricError::from)?);
        }
        let target = self
            .language_pair
            .as_deref()
            .and_then(|lp| lp.split_once('-'))
            .map(|(_, t)| t.split('_').next().unwrap_or(t));
        Ok(match target {
            Some("zh") => TokenizerKind::Zh,
            Some("ja") => TokenizerKind::Char,
            _ => TokenizerKind::V13a,
        })
    }

    fn config(&self) -> Result<HjersonConfig, CliError> {
        let tokenize = self.tokenizer()?;
        let base_forms = if self.base_forms_ref.is_empty() {
            self.base_forms
                .parse()
                .map_err(|e| CliError::Usage(format!("--base-forms: {e}")))?
        } else {
            BaseForms::External
        };
        Ok(HjersonConfig {
            tokenize,
            base_forms,
        })
    }

    fn lemmas(&self) -> Result<Option<Lemmas>, CliError> {
        if self.base_forms_ref.is_empty() {
            return Ok(None);
        }
        let read = |paths: &[PathBuf]| -> Result<Vec<_>, CliError> {
            paths.iter().map(|p| self.input.read_extra(p)).collect()
        };
        Ok(Some(Lemmas {
            references: read(&self.base_forms_ref)?,
            systems: read(&self.base_forms_hyp)?,
        }))
    }

    /// The system pairs of the breakdowns: `--pairs`, else each system against the baseline.
    fn pairs(&self, corpus: &Corpus) -> Result<Option<Vec<(usize, usize)>>, CliError> {
        let index = |name: &str| {
            system_index(corpus, name).map_err(|e| CliError::from(mtmeter::Error::from(e)))
        };
        if self.pairs.iter().any(|p| p == "all") {
            return Ok(None);
        }
        if !self.pairs.is_empty() {
            return self
                .pairs
                .iter()
                .map(|p| {
                    let (a, b) = p.split_once(':').ok_or_else(|| {
                        CliError::Usage(format!("--pairs {p}: expected A:B (two system names)"))
                    })?;
                    let (a, b) = (index(a)?, index(b)?);
                    if a == b {
                        return Err(CliError::Usage(format!(
                            "--pairs {p}: a system is not compared with itself"
                        )));
                    }
                    Ok((a.min(b), a.max(b)))
                })
                .collect::<Result<_, _>>()
                .map(Some);
        }
        let base = match &self.baseline {
            Some(name) => index(name)?,
            None => 0,
        };
        Ok(Some(
            (0..corpus.systems.len())
                .filter(|&s| s != base)
                .map(|s| (base.min(s), base.max(s)))
                .collect(),
        ))
    }

    /// The analysis part of a request.
    pub fn analysis_request(&self, corpus: &Corpus) -> Result<AnalysisRequest, CliError> {
        let hjerson = self.config()?;
        let breakdowns = if self.breakdowns {
            Some(BreakdownRequest {
                config: BreakdownConfig {
                    tokenize: hjerson.tokenize,
                    pairs: self.pairs(corpus)?,
                    ..Default::default()
                },
                training: self
                    .training
                    .as_deref()
                    .map(|p| self.input.read_extra(p))
                    .transpose()?,
            })
        } else {
            None
        };
        Ok(AnalysisRequest {
            hjerson,
            lemmas: self.lemmas()?,
            breakdowns,
        })
    }
}

/// How much of each segment `analyze`'s JSON holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum SegmentDetail {
    /// Chosen reference, counts and every token's label.
    All,
    /// Chosen reference and counts.
    Counts,
    /// No segments, totals only.
    None,
}

/// Run `mtmeter analyze`.
pub fn run(args: &AnalyzeArgs) -> Result<ExitCode, CliError> {
    let corpus = args.input.load_with_pair(args.language_pair.as_deref())?;
    let request = Request {
        analysis: Some(args.analysis_request(&corpus)?),
        ..Request::default()
    };
    let e = evaluate(&corpus, &request)?;
    args.input.warn(&e.warnings);
    let (Some(report), breakdown) = (&e.analysis, e.breakdown.as_ref()) else {
        unreachable!("an analysis was requested");
    };
    let out = match args.format {
        Format::Json => json::render_analysis_with(
            report,
            breakdown,
            match args.segments {
                SegmentDetail::All => json::AnalysisSegments::All,
                SegmentDetail::Counts => json::AnalysisSegments::Counts,
                SegmentDetail::None => json::AnalysisSegments::None,
            },
        ),
        Format::Text => {
            let mut out = text::render_analysis(report);
            if let Some(b) = breakdown {
                out.push('\n');
                out.push_str(&text::render_breakdown(b));
            }
            out
        }
    };
    print(&out)?;
    Ok(ExitCode::SUCCESS)
}
