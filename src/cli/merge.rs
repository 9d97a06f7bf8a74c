//! Sharded runs on the command line: `score --shard I/N` scores one range of segments and
//! prints a shard file; `mtmeter merge` checks that shard files belong together and prints
//! exactly what one `score` run prints. The work is [`mtmeter::shard`]'s.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::Args;
use mtmeter::shard::{
    ArrayTask, MergeRequest, Shard, ShardSpec, array_task, evaluate_shards, score_shard_observed,
};

use super::CliError;
use super::metric_args::SignificanceArgs;
use super::output::print;
use super::progress::Bar;
use super::score::{Format, OutputArgs, ScoreArgs, print_evaluation};

/// Arguments of `mtmeter merge`.
#[derive(Debug, Args)]
#[command(
    args_override_self = true,
    after_help = "The metrics and their options are the shards'; significance tests run here, on the merged statistics, with the same numbers as a single `score` run.\n\nExamples:\n  mtmeter score ref.de -i a.de b.de -m bleu chrf --shard 0/4 > shard-0.json   # ... 3/4\n  mtmeter merge shard-*.json --paired-bs\n  mtmeter merge shard-*.json --format json > scores.json"
)]
pub struct MergeArgs {
    /// Shard files written by `mtmeter score --shard I/N`, in any order.
    #[arg(required = true, value_name = "SHARD")]
    pub shards: Vec<PathBuf>,
    #[command(flatten)]
    pub significance: SignificanceArgs,
    /// The baseline of paired tests (default: the first system).
    #[arg(long, value_name = "NAME")]
    pub baseline: Option<String>,
    #[command(flatten)]
    pub output: OutputArgs,
    /// Worker threads (default or 0: all cores); results never depend on it.
    #[arg(long, short = 'j', value_name = "N")]
    pub threads: Option<usize>,
    /// No warnings on standard error.
    #[arg(long, short = 'q')]
    pub quiet: bool,
}

/// Run `mtmeter merge`.
pub fn run(args: &MergeArgs) -> Result<ExitCode, CliError> {
    super::input::set_threads(args.threads);
    let mut shards = Vec::with_capacity(args.shards.len());
    for path in &args.shards {
        let name = path.display().to_string();
        // A path given twice is refused before it is read (a FIFO cannot be read twice).
        if shards.iter().any(|(n, _)| *n == name) {
            return Err(mtmeter::Error::from(mtmeter::shard::ShardError::File {
                file: name,
                message: "given twice".into(),
            })
            .into());
        }
        let shard = Shard::read(path).map_err(mtmeter::Error::from)?;
        shards.push((name, shard));
    }
    let request = MergeRequest {
        sentence_level: args.output.sentence_level,
        significance: args.significance.request()?,
        baseline: args.baseline.clone(),
        pairwise: false,
    };
    let evaluation = evaluate_shards(&shards, &request)?;
    if !args.quiet {
        super::output::warn_all(&evaluation.warnings);
    }
    print_evaluation(&evaluation, &args.output, None)
}

/// `score --shard SPEC`: score one shard and print its file.
pub fn score_shard(args: &ScoreArgs, spec: &str) -> Result<ExitCode, CliError> {
    let usage = |what: &str| {
        Err(CliError::Usage(format!(
            "{what} with --shard: a shard holds only statistics; pass it to `mtmeter merge` instead, which runs it on the merged statistics"
        )))
    };
    if args.significance.request()?.is_some() {
        return usage("a significance test (--paired-bs, --paired-ar, --confidence)");
    }
    if args.baseline.is_some() {
        return usage("--baseline");
    }
    if args.output.sentence_level {
        return usage("--sentence-level");
    }
    if args.detail {
        return usage("-d/--detail");
    }
    if args.by_document {
        return Err(CliError::Usage(
            "--by-document with --shard: a shard file keeps no document metadata, so the merge could not score documents; score documents in one run".to_owned(),
        ));
    }
    if args.output.score_only || args.output.format == Format::Latex {
        return usage("an output format (-b, --format latex)");
    }
    let spec = if spec == "auto" {
        ShardSpec::from_slurm(|name| std::env::var(name).ok())
            .map_err(|e| CliError::Usage(format!("--shard auto: {e}")))?
    } else {
        ShardSpec::parse(spec).map_err(mtmeter::Error::from)?
    };
    let metrics = args.metrics.names(&["bleu"]);
    let options = args.metrics.options()?;
    let corpus = args.input.load()?;
    if corpus.meta.is_some() && !args.input.quiet {
        // A single run's JSON has a `domains` section for such input; the merge cannot.
        eprintln!(
            "mtmeter: note: a shard file keeps no document metadata: the merged result has corpus scores only, no per-domain scores"
        );
    }
    // Scores from other tools are read for the whole test set (so that a missing or extra
    // line is caught in every shard) and the shard keeps its range of them.
    let external = args.scores.load(&corpus, args.input.corpus.as_deref())?;
    let bar = Bar::new(
        ((metrics.len() + external.len()) * corpus.systems.len()) as u64,
        &format!("scoring shard {spec}"),
    );
    let shard = score_shard_observed(&corpus, &metrics, &options, &external, spec, &bar)?;
    bar.finish();
    args.input.warn(&shard.warnings);
    print(&shard.to_json())?;
    Ok(ExitCode::SUCCESS)
}

/// A `score` without `--shard` inside a job array scores the whole test set in every task:
/// say so on stderr (unless `quiet`), rather than guess which shard was meant.
pub fn note_array_task(quiet: bool) {
    if quiet {
        return;
    }
    let note = match array_task(|name| std::env::var(name).ok()) {
        None => return,
        Some(ArrayTask::Slurm { id, count }) => format!(
            "SLURM_ARRAY_TASK_ID={id} is set (a Slurm job array{}) but --shard is not: running the whole test set; pass --shard auto (or --shard $SLURM_ARRAY_TASK_ID/$SLURM_ARRAY_TASK_COUNT) to score one shard",
            count.map_or(String::new(), |c| format!(" of {c} tasks"))
        ),
        Some(ArrayTask::Kubernetes { index }) => format!(
            "JOB_COMPLETION_INDEX={index} is set (a Kubernetes indexed job) but --shard is not: running the whole test set; pass --shard $(JOB_COMPLETION_INDEX)/N, N the Job's completions (Kubernetes sets no count variable), to score one shard"
        ),
    };
    eprintln!("mtmeter: note: {note}");
}
