//! `mtmeter analyze`: Hjerson error categories for every system (same inputs as `score`).

use std::fmt::Write as _;
use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::Args;
use mtmeter::analysis::{
    AnalysisConfig, AnalysisReport, BaseForms, Lemmas, SystemAnalysis, analyze_corpus,
};
use mtmeter::corpus::{LoadOptions, TextFile, read_text_file, stem_name};
use mtmeter::tokenize::TokenizerKind;

use super::input::InputArgs;
use super::options::Format;
use super::output::print;

/// Arguments of `mtmeter analyze`.
#[derive(Debug, Args)]
#[command(
    after_help = "Examples:\n  mtmeter analyze ref.de -i sys1.de sys2.de\n  mtmeter analyze --corpus corpora/demo --base-forms stem:de --format json\n  mtmeter analyze ref.tok -i sys.tok --tokenize none --base-forms-ref ref.lem --base-forms-hyp sys.lem"
)]
pub struct AnalyzeArgs {
    /// Inputs. With several references, each segment uses the reference with the lowest WER
    /// ratio, as Hjerson does.
    #[command(flatten)]
    pub input: InputArgs,
    /// Tokenizer: none, 13a, intl, char, zh (zh or char for Chinese/Japanese text).
    #[arg(
        long = "tokenize",
        short = 't',
        value_name = "TOK",
        default_value = "13a"
    )]
    pub tokenize: String,
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
    /// A training-data file (target side) whose word frequencies define the frequency buckets
    /// of --breakdowns (default: frequencies in the references).
    #[arg(long, value_name = "FILE", requires = "breakdowns")]
    pub training: Option<PathBuf>,
    /// Output format (default: text on a terminal, JSON otherwise).
    #[arg(long, short = 'f', value_enum)]
    pub format: Option<Format>,
}

fn config_error(e: impl std::fmt::Display) -> mtmeter::Error {
    mtmeter::Error::Config(e.to_string())
}

impl AnalyzeArgs {
    fn config(&self) -> Result<AnalysisConfig, mtmeter::Error> {
        let tokenize: TokenizerKind = self.tokenize.parse().map_err(config_error)?;
        let base_forms = if self.base_forms_ref.is_empty() {
            self.base_forms.parse().map_err(config_error)?
        } else {
            BaseForms::External
        };
        Ok(AnalysisConfig {
            tokenize,
            base_forms,
        })
    }

    fn lemmas(&self, opts: &LoadOptions) -> Result<Option<Lemmas>, mtmeter::Error> {
        if self.base_forms_ref.is_empty() {
            return Ok(None);
        }
        let mut warnings = Vec::new();
        let mut read = |paths: &[PathBuf]| -> Result<Vec<TextFile>, mtmeter::Error> {
            paths
                .iter()
                .map(|p| Ok(read_text_file(p, &stem_name(p), opts, &mut warnings)?))
                .collect()
        };
        let lemmas = Lemmas {
            references: read(&self.base_forms_ref)?,
            systems: read(&self.base_forms_hyp)?,
        };
        for w in &warnings {
            eprintln!("mtmeter: warning: {w}");
        }
        Ok(Some(lemmas))
    }
}

/// Run `mtmeter analyze`.
pub fn run_analyze(args: &AnalyzeArgs) -> Result<ExitCode, mtmeter::Error> {
    let config = args.config()?;
    let corpus = args.input.load()?;
    let opts = args.input.load_options();
    let lemmas = args.lemmas(&opts)?;
    let report = analyze_corpus(&corpus, &config, lemmas.as_ref()).map_err(config_error)?;
    let breakdown = if args.breakdowns {
        let training = match &args.training {
            Some(p) => Some(mtmeter::corpus::read_text_file(
                p,
                &mtmeter::corpus::stem_name(p),
                &opts,
                &mut Vec::new(),
            )?),
            None => None,
        };
        let bc = mtmeter::analysis::breakdown::BreakdownConfig {
            tokenize: config.tokenize,
            ..Default::default()
        };
        Some(
            mtmeter::analysis::breakdown::analyze(&corpus, &bc, training.as_ref())
                .map_err(config_error)?,
        )
    } else {
        None
    };
    let format = args.format.unwrap_or(if std::io::stdout().is_terminal() {
        Format::Text
    } else {
        Format::Json
    });
    match format {
        Format::Json => print(&render_json(&report, breakdown.as_ref()))?,
        Format::Text => {
            let mut out = render_text(&report);
            if let Some(b) = &breakdown {
                out.push('\n');
                out.push_str(&mtmeter::analysis::breakdown::render_text(b));
            }
            print(&out)?;
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn indent(s: &str, spaces: usize) -> String {
    s.replace('\n', &format!("\n{}", " ".repeat(spaces)))
}

fn json<T: serde::Serialize + ?Sized>(v: &T, pretty: bool) -> String {
    let s = if pretty {
        serde_json::to_string_pretty(v)
    } else {
        serde_json::to_string(v)
    };
    s.expect("analysis reports are always serialisable")
}

/// The JSON contract documented in `mtmeter::analysis`: pretty-printed, except that each
/// segment is one compact line (a test set has thousands).
fn render_json(
    report: &AnalysisReport,
    breakdown: Option<&mtmeter::analysis::breakdown::Breakdown>,
) -> String {
    let mut out = String::from("{\n  \"signature\": ");
    out.push_str(&indent(&json(&report.signature, true), 2));
    out.push_str(",\n  \"systems\": [");
    for (k, s) in report.systems.iter().enumerate() {
        let SystemAnalysis {
            name,
            path,
            totals,
            segments,
        } = s;
        let _ = write!(
            out,
            "{}\n    {{\n      \"name\": {},\n      \"path\": {},\n      \"totals\": {},\n      \"segments\": [",
            if k == 0 { "" } else { "," },
            json(name, false),
            json(path, false),
            indent(&json(totals, true), 6),
        );
        for (i, seg) in segments.iter().enumerate() {
            let _ = write!(
                out,
                "{}\n        {}",
                if i == 0 { "" } else { "," },
                json(seg, false)
            );
        }
        out.push_str("\n      ]\n    }");
    }
    out.push_str("\n  ]");
    if let Some(b) = breakdown {
        out.push_str(",\n  \"breakdown\": ");
        out.push_str(&indent(&json(b, true), 2));
    }
    out.push_str("\n}\n");
    out
}

/// One row per system: error rates in percent, reference side (`r…`) over the chosen
/// references' length, hypothesis side (`h…`) over the hypothesis length.
fn render_text(report: &AnalysisReport) -> String {
    let head = [
        "WER", "RPER", "HPER", "rINFL", "hINFL", "rREORD", "hREORD", "MISS", "EXT", "rLEX", "hLEX",
        "SUM",
    ];
    let width = report
        .systems
        .iter()
        .map(|s| s.name.chars().count())
        .max()
        .unwrap_or(0)
        .max("System".len());
    let mut out = String::new();
    let _ = write!(out, "{:<width$}", "System");
    for h in head {
        let _ = write!(out, " {h:>7}");
    }
    out.push('\n');
    for s in &report.systems {
        let r = &s.totals.rates;
        let _ = write!(out, "{:<width$}", s.name);
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
            let _ = write!(out, " {v:>7.2}");
        }
        out.push('\n');
    }
    let _ = writeln!(
        out,
        "\nRates in %: r = reference side (over reference words), h = hypothesis side (over \
         hypothesis words); SUM = hINFL + hREORD + MISS + EXT + hLEX (Hjerson's SUMerr).\n{}",
        report.signature.signature
    );
    out
}
