//! The input options every command shares (references, systems, a corpus folder, source,
//! byte-order marks, threads) and the one place that turns them into a loaded [`Corpus`].

use std::path::PathBuf;

use clap::Args;
use mtmeter::corpus::{Corpus, CorpusDir, LoadOptions, Loader, TextFile, TextFiles};

use super::CliError;

/// Where the test set comes from.
#[derive(Debug, Args)]
pub struct InputArgs {
    /// Reference files, one segment per line (several for multi-reference scoring).
    #[arg(value_name = "REF")]
    pub refs: Vec<PathBuf>,
    /// System output files ('-' reads standard input).
    #[arg(short = 'i', long = "input", num_args = 1.., value_name = "SYS")]
    pub input: Vec<PathBuf>,
    /// A corpus folder: source.<lang>, references/<name>.<lang>, systems/<name>.<lang>.
    #[arg(long, value_name = "DIR", conflicts_with_all = ["refs", "input", "source"])]
    pub corpus: Option<PathBuf>,
    /// Source file (line-aligned with the references).
    #[arg(long, value_name = "FILE")]
    pub source: Option<PathBuf>,
    /// Remove a leading UTF-8 byte-order mark from inputs (with a warning) instead of refusing.
    #[arg(long)]
    pub strip_bom: bool,
    /// Worker threads (default: all cores); results never depend on it.
    #[arg(long, short = 'j')]
    pub threads: Option<usize>,
}

impl InputArgs {
    /// Options for every file read.
    pub fn load_options(&self) -> LoadOptions {
        LoadOptions {
            strip_bom: self.strip_bom,
        }
    }

    /// Set the thread count, load and validate the test set, print loading warnings.
    pub fn load(&self) -> Result<Corpus, CliError> {
        if let Some(n) = self.threads {
            // Only fails if a global pool exists already, which cannot happen this early.
            let _ = rayon::ThreadPoolBuilder::new()
                .num_threads(n.max(1))
                .build_global();
        }
        let loader: Box<dyn Loader> = if let Some(dir) = &self.corpus {
            Box::new(CorpusDir { path: dir.clone() })
        } else if self.refs.is_empty() {
            return Err(CliError::Usage(
                "no reference given: pass REF files before -i, or --corpus DIR".into(),
            ));
        } else if self.input.is_empty() {
            return Err(CliError::Usage(
                "no system output given: pass -i SYS [SYS ...] (or '-i -' for standard input)"
                    .into(),
            ));
        } else {
            Box::new(TextFiles {
                references: self.refs.clone(),
                systems: self.input.clone(),
                source: self.source.clone(),
            })
        };
        let corpus = loader.load(&self.load_options())?;
        super::output::warn_all(&corpus.warnings);
        Ok(corpus)
    }

    /// Read one more text file (lemmas, training data) with the same options.
    pub fn read_extra(&self, path: &std::path::Path) -> Result<TextFile, CliError> {
        let mut warnings = Vec::new();
        let file = mtmeter::corpus::read_text_file(
            path,
            &mtmeter::corpus::stem_name(path),
            &self.load_options(),
            &mut warnings,
        )?;
        super::output::warn_all(&warnings);
        Ok(file)
    }
}
