//! sacreBLEU's test-set queries on `mtmeter score`: `--list`, `--echo`, `--download`,
//! `--citation`. Each answers and quits, as in sacreBLEU (in its order: download, list,
//! citation, echo). Scoring with `-t` goes through [`super::input::InputArgs::load_with_pair`].

use std::process::ExitCode;

use clap::Args;
use mtmeter::testsets::TestSets;

use super::CliError;
use super::input::InputArgs;
use super::output::print;

/// The options that ask about test sets instead of scoring.
#[derive(Debug, Args)]
pub struct TestSetQueries {
    /// List the named test sets (with -l: those with that pair; with -t: its pairs and fields).
    #[arg(long)]
    pub list: bool,
    /// Print fields of the test set (-t, -l) and quit: src, ref, docid, origlang, a system
    /// name of a WMT XML set, or all; several are tab-separated.
    #[arg(long, num_args = 1.., value_name = "FIELD")]
    pub echo: Vec<String>,
    /// Download (and process) a test set into sacreBLEU's cache and quit (with -l: that pair).
    #[arg(long, value_name = "SET")]
    pub download: Option<String>,
    /// Print the test set's BibTeX citation and quit.
    #[arg(long, visible_alias = "cite")]
    pub citation: bool,
}

fn usage(e: impl std::fmt::Display) -> CliError {
    CliError::Usage(e.to_string())
}

/// Answer a query, if one was asked (`Some(exit code)`), else `None`: go on scoring.
pub fn run(
    q: &TestSetQueries,
    input: &InputArgs,
    pair: Option<&str>,
) -> Result<Option<ExitCode>, CliError> {
    if !(q.list || q.citation || q.download.is_some() || !q.echo.is_empty()) {
        return Ok(None);
    }
    let sets = TestSets::from_env()?;
    if let Some(set) = &q.download {
        sets.download(set, pair)?;
        return Ok(Some(ExitCode::SUCCESS));
    }
    if q.list {
        let out = match &input.test_set {
            Some(t) => sets.list_pairs(t, pair)?,
            None => sets.list(pair),
        };
        print(&out)?;
        return Ok(Some(ExitCode::SUCCESS));
    }
    let Some(test_set) = &input.test_set else {
        let what = if q.citation { "--citation" } else { "--echo" };
        return Err(usage(format!("{what} needs a test set (-t)")));
    };
    for name in test_set.split(',') {
        sets.dataset(name)?;
    }
    if q.citation {
        let mut out = String::new();
        for name in test_set.split(',') {
            match &sets.dataset(name)?.citation {
                Some(c) => {
                    out.push_str(c);
                    out.push('\n');
                }
                None => input.warn(&[format!("no citation found for {name}")]),
            }
        }
        print(&out)?;
        return Ok(Some(ExitCode::SUCCESS));
    }
    let Some(pair) = pair else {
        return Err(usage("--echo needs a language pair (-l)"));
    };
    for name in test_set.split(',') {
        sets.langpair(sets.dataset(name)?, pair)?;
    }
    let out = sets.echo(test_set, pair, &q.echo, &input.selection())?;
    print(&out)?;
    Ok(Some(ExitCode::SUCCESS))
}
