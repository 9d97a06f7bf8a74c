//! `mtmeter analyze`: Hjerson error categories for every system (same inputs as `score`).

use std::fmt::Write as _;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, ValueEnum};
use mtmeter::analysis::{
    AnalysisConfig, AnalysisReport, BaseForms, Lemmas, SystemAnalysis, analyze_corpus,
};
use mtmeter::corpus::{LoadOptions, TextFile, read_text_file, stem_name};
use mtmeter::tokenize::TokenizerKind;

use super::input::InputArgs;
use super::output::print;

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
    /// A training-data file (target side) whose word frequencies define the frequency buckets
    /// of --breakdowns (default: frequencies in the references).
    #[arg(long, value_name = "FILE", requires = "breakdowns")]
    pub training: Option<PathBuf>,
    /// Output format: text (the default, also when piped) or json.
    #[arg(long, short = 'f', value_enum, default_value = "text")]
    pub format: Option<AnalyzeFormat>,
}

/// Output format of `analyze`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum AnalyzeFormat {
    /// Tables of error rates (and breakdowns), two decimals.
    Text,
    /// Every count and label (the JSON contract).
    Json,
}

fn config_error(e: impl std::fmt::Display) -> mtmeter::Error {
    mtmeter::Error::Config(e.to_string())
}

impl AnalyzeArgs {
    /// The tokenizer: --tokenize, else what -l's target implies, else 13a.
    fn tokenizer(&self) -> Result<TokenizerKind, mtmeter::Error> {
        if let Some(t) = &self.tokenize {
            return t.parse().map_err(config_error);
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

    fn config(&self) -> Result<AnalysisConfig, mtmeter::Error> {
        let tokenize = self.tokenizer()?;
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
    // Chinese or Japanese text split by 13a gives absurd rates: warn (by content).
    let cjk = (config.tokenize == TokenizerKind::V13a).then_some(
        "the analysis uses the 13a tokenizer (error rates over such tokens mean little)",
    );
    let corpus = args.input.load_checking_cjk(cjk)?;
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
    match args.format.unwrap_or(AnalyzeFormat::Text) {
        AnalyzeFormat::Json => print(&render_json(&report, breakdown.as_ref()))?,
        AnalyzeFormat::Text => {
            let mut out = render_text(&report);
            if let Some(b) = &breakdown {
                out.push('\n');
                out.push_str(&mtmeter::analysis::breakdown::render_text(b));
            }
            // Corpus text (examples, n-grams) must not drive the terminal: escape every control
            // character but the renderers' own line breaks.
            print(&mtmeter::report::terminal::sanitize_text(&out))?;
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
