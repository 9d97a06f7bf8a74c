//! `mtmeter score`: sacreBLEU's command, on the library's one entry point.

use std::process::ExitCode;

use clap::Args;
use mtmeter::evaluation::{Request, evaluate_observed};
use mtmeter::report::SignatureStyle;
use mtmeter::report::json::{ScoreJsonOptions, render_score as render_json};
use mtmeter::report::text::{TextOptions, render_score, render_segments};

use super::input::InputArgs;
use super::metric_args::{MetricArgs, SignificanceArgs};
use super::output::{print, warn_all};
use super::progress::Bar;
use super::{CliError, Format};

/// Arguments of `mtmeter score`.
#[derive(Debug, Args)]
#[command(
    after_help = "Examples:\n  mtmeter score ref.de -i sys1.de sys2.de -m bleu chrf\n  mtmeter score --corpus corpora/demo -m bleu chrf chrf++ ter --format json"
)]
pub struct ScoreArgs {
    #[command(flatten)]
    pub input: InputArgs,
    #[command(flatten)]
    pub metrics: MetricArgs,
    #[command(flatten)]
    pub significance: SignificanceArgs,
    /// The baseline of paired tests (default: the first system).
    #[arg(long, value_name = "NAME")]
    pub baseline: Option<String>,
    /// Include every segment's sufficient statistics in the JSON (sacreBLEU's layout per metric:
    /// BLEU [hyp_len, ref_len, matches..., totals...], chrF [hyp, ref, match] per order, TER
    /// [edits, average ref length]).
    #[arg(long)]
    pub statistics: bool,
    /// Output format: text (the default, piped or not, as in sacreBLEU) or JSON.
    #[arg(long, short = 'f', value_enum, default_value = "text")]
    pub format: Format,
    /// Also score every segment (all requested metrics at once).
    #[arg(long = "sentence-level", visible_alias = "sl")]
    pub sentence_level: bool,
    /// Decimals in the text table.
    #[arg(long, short = 'w', default_value_t = 1)]
    pub width: usize,
    /// Short signatures (text and JSON).
    #[arg(long)]
    pub short: bool,
}

/// Run `mtmeter score`.
pub fn run(args: &ScoreArgs) -> Result<ExitCode, CliError> {
    let request = Request {
        metrics: args.metrics.names(&["bleu"]),
        metric_options: args.metrics.options()?,
        sentence_level: args.sentence_level,
        significance: args.significance.request()?,
        baseline: args.baseline.clone(),
        ..Request::default()
    };
    let corpus = args.input.load()?;
    let bar = Bar::new(
        (request.metrics.len() * corpus.systems.len()) as u64,
        "scoring",
    );
    let evaluation = evaluate_observed(&corpus, &request, &bar)?;
    bar.finish();
    warn_all(&evaluation.warnings);
    let signatures = SignatureStyle { short: args.short };
    let out = match args.format {
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
