//! `mtmeter score`: sacreBLEU's command, on the library's one entry point.

use std::process::ExitCode;

use clap::{Args, ValueEnum};
use indexmap::IndexMap;
use mtmeter::corpus::{Corpus, DetailRow, SegmentMeta};
use mtmeter::evaluation::{Evaluation, Request, evaluate, evaluate_observed};
use mtmeter::metrics::MetricSpec;
use mtmeter::report::detail;
use mtmeter::report::json::{GroupJson, ScoreJson, ScoreJsonOptions, render_score as render_json};
use mtmeter::report::text::{TextOptions, render_score, render_segments};
use mtmeter::report::{SignatureStyle, latex, score_only};
use mtmeter::testsets::{Selection as TestSetSelection, TestSets};

use super::CliError;
use super::input::InputArgs;
use super::metric_args::{MetricArgs, SignificanceArgs};
use super::output::print;
use super::progress::Bar;
use super::scores::ScoresArgs;

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
    pub scores: ScoresArgs,
    #[command(flatten)]
    pub queries: super::testsets::TestSetQueries,
    /// The baseline of paired tests (default: the first system).
    #[arg(long, value_name = "NAME")]
    pub baseline: Option<String>,
    #[command(flatten)]
    pub output: OutputArgs,
    /// With document metadata (WMT XML, SGML, a docid column): also the scores of every
    /// document in the JSON (scores per domain are always there when domains are known).
    #[arg(long = "by-document")]
    pub by_document: bool,
    /// sacreBLEU's -d: also the scores of every original language and, within it, of every
    /// domain (wmt18/19: country and domain) of the test set, from the document metadata of
    /// -t, WMT XML, SGML or origlang/domain columns (JSON: under "detail"). With
    /// --origlang/--subset, the rows of that language/subset, on the whole test set.
    #[arg(long, short = 'd')]
    pub detail: bool,
    /// Accepted for sacreBLEU compatibility (-nc); mtmeter prints no colours.
    #[arg(long = "no-color")]
    pub no_color: bool,
    /// Score only shard I of N (0-based: 0/4 … 3/4), a contiguous range of the segments, and
    /// print its statistics as a shard file for `mtmeter merge`; `auto` reads a Slurm job
    /// array's SLURM_ARRAY_TASK_ID and SLURM_ARRAY_TASK_COUNT.
    #[arg(long, value_name = "I/N|auto")]
    pub shard: Option<String>,
}

/// Run `mtmeter score`.
pub fn run(args: &ScoreArgs) -> Result<ExitCode, CliError> {
    if let Some(spec) = &args.shard {
        return super::merge::score_shard(args, spec);
    }
    super::merge::note_array_task(args.input.quiet);
    let pair = args.metrics.language_pair.as_deref();
    if let Some(code) = super::testsets::run(&args.queries, &args.input, pair)? {
        return Ok(code);
    }
    if args.detail {
        check_detail(&args.input)?;
    }
    let mut request = Request {
        metrics: args.metrics.names(&["bleu"]),
        metric_options: args.metrics.options()?,
        sentence_level: args.output.sentence_level,
        significance: args.significance.request()?,
        baseline: args.baseline.clone(),
        ..Request::default()
    };
    let corpus = args.input.load_with_pair(pair)?;
    request.external = args.scores.load(&corpus, args.input.corpus.as_deref())?;
    if args.by_document && corpus.meta.is_none() {
        return Err(CliError::Usage(
            "--by-document needs document metadata (WMT XML, SGML, or a docid column/field)".into(),
        ));
    }
    let bar = Bar::new(
        ((request.metrics.len() + request.external.len()) * corpus.systems.len()) as u64,
        "scoring",
    );
    let evaluation = evaluate_observed(&corpus, &request, &bar)?;
    bar.finish();
    args.input.warn(&evaluation.warnings);
    let detail = if args.detail {
        Some(detail(args, pair, &request, &corpus)?)
    } else {
        None
    };
    let meta = corpus
        .meta
        .clone()
        .filter(|_| args.output.format == Format::Json);
    let groups = if meta.is_some() || detail.is_some() {
        let specs = evaluation
            .metrics
            .iter()
            .map(
                |m| match request.external.iter().find(|e| e.key() == m.key) {
                    Some(e) => Ok(MetricSpec::External(e.clone())),
                    None => MetricSpec::from_name(&m.key, &request.metric_options),
                },
            )
            .collect::<Result<Vec<_>, _>>()
            .map_err(mtmeter::Error::from)?;
        Some(Groups {
            meta,
            by_document: args.by_document,
            specs,
            detail,
        })
    } else {
        None
    };
    print_evaluation(&evaluation, &args.output, groups.as_ref())
}

/// `-d/--detail`: sacreBLEU's rows and the evaluation they are scored from: `evaluation` of
/// the whole test set, when `--origlang` / `--subset` narrowed the main one (sacreBLEU scores
/// its rows on the whole set).
pub struct Detail {
    pub rows: Vec<DetailRow>,
    pub whole: Option<Evaluation>,
}

/// Options `-d/--detail` cannot work with, refused before anything is read.
fn check_detail(input: &InputArgs) -> Result<(), CliError> {
    if input.domain.is_some() {
        return Err(CliError::Usage(
            "-d/--detail lists every domain itself; narrow it with --subset REGEX, not --domain"
                .into(),
        ));
    }
    if (input.origlang.is_some() || input.subset.is_some())
        && input.input.iter().any(|p| p.as_os_str() == "-")
    {
        return Err(CliError::Usage(
            "-d/--detail with --origlang/--subset reads the system outputs twice (its rows are scored on the whole test set); give them as files, not '-'".into(),
        ));
    }
    Ok(())
}

/// The rows of `-d` for the loaded `corpus` (scored by `request`'s metrics).
fn detail(
    args: &ScoreArgs,
    pair: Option<&str>,
    request: &Request,
    corpus: &Corpus,
) -> Result<Detail, CliError> {
    let input = &args.input;
    let selection = TestSetSelection {
        origlang: input.origlang.clone(),
        subset: input.subset.clone(),
    };
    let narrowed = selection.is_some();
    let whole_corpus;
    let whole = if narrowed {
        if !request.external.is_empty() {
            return Err(CliError::Usage(
                "-d/--detail with --origlang/--subset cannot score --scores (they cover the selected segments only); drop one of them".into(),
            ));
        }
        let mut all = input.clone();
        all.origlang = None;
        all.subset = None;
        // Its warnings were printed when the selection was loaded.
        all.quiet = true;
        whole_corpus = all.load_with_pair(pair)?;
        &whole_corpus
    } else {
        corpus
    };
    let rows = match (&input.test_set, pair) {
        (Some(names), Some(pair)) => TestSets::from_env()?.detail(names, pair, &selection)?,
        _ => match &whole.meta {
            Some(meta) => meta
                .detail(input.origlang.as_deref(), input.subset.as_deref())
                .map_err(mtmeter::Error::from)?,
            None => {
                return Err(CliError::Usage(
                    "-d/--detail needs document metadata: a test set by name (-t), WMT XML, SGML, or origlang/domain columns (TSV, JSON Lines)".into(),
                ));
            }
        },
    };
    if let Some(i) = rows.iter().flat_map(|r| r.segments.last()).max()
        && *i >= whole.len()
    {
        return Err(CliError::Usage(format!(
            "-d/--detail: the document metadata describes {} segments but the test set has {}",
            i + 1,
            whole.len()
        )));
    }
    let whole = if narrowed {
        let only_metrics = Request {
            metrics: request.metrics.clone(),
            metric_options: request.metric_options.clone(),
            ..Request::default()
        };
        Some(evaluate(whole, &only_metrics)?)
    } else {
        None
    };
    Ok(Detail { rows, whole })
}

/// How `score` and `merge` print an evaluation (the same options in both commands, so that
/// merged shards print exactly what a single run prints).
#[derive(Debug, Args)]
pub struct OutputArgs {
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
}

/// What per-domain and per-document scores need: the metadata and each metric's spec (groups
/// are scored from summed statistics rows, not from the text).
pub struct Groups {
    /// Document metadata, for the JSON's domains and documents.
    pub meta: Option<SegmentMeta>,
    pub by_document: bool,
    pub specs: Vec<MetricSpec>,
    /// With `-d/--detail`.
    pub detail: Option<Detail>,
}

impl Groups {
    /// The scores of the `-d` rows, if asked for.
    fn detail_scores(&self, evaluation: &Evaluation) -> Option<IndexMap<String, GroupJson>> {
        self.detail.as_ref().map(|d| {
            let rows: Vec<(String, Vec<usize>)> = d
                .rows
                .iter()
                .map(|r| (r.label(), r.segments.clone()))
                .collect();
            ScoreJson::groups(d.whole.as_ref().unwrap_or(evaluation), &rows, &self.specs)
        })
    }

    /// sacreBLEU's `-d` table after the other output, if asked for.
    fn detail_text(&self, evaluation: &Evaluation, width: usize) -> String {
        self.detail_scores(evaluation)
            .map(|rows| {
                detail::render(
                    self.detail
                        .as_ref()
                        .and_then(|d| d.whole.as_ref())
                        .unwrap_or(evaluation),
                    &rows,
                    width,
                )
            })
            .unwrap_or_default()
    }
}

/// Print `evaluation` as `o` says: the one rendering of `score` and `merge`, so that merged
/// shards print exactly what a single run prints.
pub fn print_evaluation(
    evaluation: &Evaluation,
    o: &OutputArgs,
    groups: Option<&Groups>,
) -> Result<ExitCode, CliError> {
    let signatures = SignatureStyle { short: o.short };
    let detail_text = || groups.map_or_else(String::new, |g| g.detail_text(evaluation, o.width));
    if o.score_only {
        print(&(score_only::render(evaluation, o.width) + &detail_text()))?;
        return Ok(ExitCode::SUCCESS);
    }
    let out = match o.format {
        Format::Latex => latex::render(evaluation, o.width, o.short) + &detail_text(),
        Format::Json => {
            let options = ScoreJsonOptions {
                signatures,
                statistics: o.statistics,
            };
            match groups {
                None => render_json(evaluation, options),
                Some(g) => {
                    let mut doc = ScoreJson::of(evaluation, options);
                    if let Some(meta) = &g.meta {
                        let domains = meta.domains();
                        if !domains.is_empty() {
                            doc.domains = Some(ScoreJson::groups(evaluation, &domains, &g.specs));
                        }
                        if g.by_document {
                            doc.documents =
                                Some(ScoreJson::groups(evaluation, &meta.documents(), &g.specs));
                        }
                    }
                    doc.detail = g.detail_scores(evaluation);
                    let mut s = serde_json::to_string_pretty(&doc)
                        .expect("a score report is always serialisable");
                    s.push('\n');
                    s
                }
            }
        }
        Format::Text => {
            let mut s = String::new();
            if o.sentence_level {
                s.push_str(&render_segments(evaluation, o.width));
            }
            s.push_str(&render_score(
                evaluation,
                TextOptions {
                    width: o.width,
                    signatures,
                },
            ));
            let detail = detail_text();
            if !detail.is_empty() {
                s.push('\n');
                s.push_str(&detail);
            }
            s
        }
    };
    print(&out)?;
    Ok(ExitCode::SUCCESS)
}
