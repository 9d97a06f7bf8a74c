//! `mtmeter score`: sacreBLEU's command, on the library's one entry point.

use std::process::ExitCode;

use clap::{Args, ValueEnum};
use mtmeter::evaluation::{Request, evaluate_observed};
use mtmeter::report::json::{ScoreJsonOptions, render_score as render_json};
use mtmeter::report::text::{TextOptions, render_score, render_segments};
use mtmeter::report::{SignatureStyle, latex, score_only};

use super::CliError;
use super::input::InputArgs;
use super::metric_args::{MetricArgs, SignificanceArgs};
use super::output::print;
use super::progress::Bar;

/// Output format of `score`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// Aligned table, rounded to --width (the default, piped or not).
    Text,
    /// Full-precision JSON (the stable contract).
    Json,
    /// sacreBLEU's LaTeX (booktabs) table, rounded to --width.
    Latex,
}

/// Arguments of `mtmeter score`.
#[derive(Debug, Args)]
#[command(
    args_override_self = true,
    after_help = "sacreBLEU's spellings mean the same here: -tok, -lc, -sl, -sv, -nr, -cc, -cw, -ci, -cin, -par, -pbs, -parn, -pbsn, -sh, -nc, -ol and argparse-style abbreviations (--lower); test sets by name (-t, --list, --echo, --download) as in sacreBLEU.\n\nExamples:\n  mtmeter score ref.de -i sys1.de sys2.de -m bleu chrf\n  mtmeter score ref.de -i exp1/hyp.de exp2/hyp.de -lc -tok intl -b\n  mtmeter score --corpus corpora/demo -m bleu chrf chrf++ ter --format json\n  mtmeter score -t wmt22 -l de-en -i out.txt"
)]
pub struct ScoreArgs {
    #[command(flatten)]
    pub input: InputArgs,
    #[command(flatten)]
    pub metrics: MetricArgs,
    #[command(flatten)]
    pub significance: SignificanceArgs,
    #[command(flatten)]
    pub queries: super::testsets::TestSetQueries,
    /// The baseline of paired tests (default: the first system).
    #[arg(long, value_name = "NAME")]
    pub baseline: Option<String>,
    /// Include every segment's sufficient statistics in the JSON (sacreBLEU's layout per metric:
    /// BLEU [hyp_len, ref_len, matches..., totals...], chrF [hyp, ref, match] per order, TER
    /// [edits, average ref length]).
    #[arg(long)]
    pub statistics: bool,
    /// Output format: text (the default, also when piped), json (full precision), latex
    /// (sacreBLEU's booktabs table).
    #[arg(long, short = 'f', value_enum, default_value = "text")]
    pub format: Format,
    /// Print only the scores, like sacreBLEU -b: one line per metric (BLEU, chrF, TER order);
    /// with several systems one line per system, name and scores tab-separated.
    #[arg(long = "score-only", short = 'b')]
    pub score_only: bool,
    /// Also score every segment, all requested metrics at once (sacreBLEU -sl).
    #[arg(long = "sentence-level", alias = "sl")]
    pub sentence_level: bool,
    /// Decimals of printed scores.
    #[arg(long, short = 'w', default_value_t = 1)]
    pub width: usize,
    /// Short signatures, in text and JSON (sacreBLEU -sh).
    #[arg(long)]
    pub short: bool,
    /// Accepted for sacreBLEU compatibility (-nc); mtmeter prints no colours.
    #[arg(long = "no-color")]
    pub no_color: bool,
}

/// Run `mtmeter score`.
pub fn run(args: &ScoreArgs) -> Result<ExitCode, CliError> {
    let pair = args.metrics.language_pair.as_deref();
    if let Some(code) = super::testsets::run(&args.queries, &args.input, pair)? {
        return Ok(code);
    }
    let request = Request {
        metrics: args.metrics.names(&["bleu"]),
        metric_options: args.metrics.options()?,
        sentence_level: args.sentence_level,
        significance: args.significance.request()?,
        baseline: args.baseline.clone(),
        ..Request::default()
    };
    let corpus = args.input.load_with_pair(pair)?;
    let bar = Bar::new(
        (request.metrics.len() * corpus.systems.len()) as u64,
        "scoring",
    );
    let evaluation = evaluate_observed(&corpus, &request, &bar)?;
    bar.finish();
    args.input.warn(&evaluation.warnings);
    let signatures = SignatureStyle { short: args.short };
    if args.score_only {
        print(&score_only::render(&evaluation, args.width))?;
        return Ok(ExitCode::SUCCESS);
    }
    let out = match args.format {
        Format::Latex => latex::render(&evaluation, args.width, args.short),
        Format::Json => render_json(
            &evaluation,
            ScoreJsonOptions {
                signatures,
                statistics: args.statistics,
            },
        ),
        Format::Text => {
            let mut s = String::new();
            if args.sentence_level {
                s.push_str(&render_segments(&evaluation, args.width));
            }
            s.push_str(&render_score(
                &evaluation,
                TextOptions {
                    width: args.width,
                    signatures,
                },
            ));
            s
        }
    };
    print(&out)?;
    Ok(ExitCode::SUCCESS)
}
