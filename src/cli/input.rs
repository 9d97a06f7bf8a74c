//! The input options every command shares (references, systems, a corpus folder, source,
//! byte-order marks, threads) and the one place that turns them into a loaded [`Corpus`].

use std::path::PathBuf;

use clap::Args;
use mtmeter::corpus::{
    Corpus, CorpusDir, JsonLines, LoadOptions, Loader, Normalization, Role, Selection, Sgml,
    TextFile, TextFiles, Tsv, WmtXml, is_sgml, is_xml, parse_fields, read_text_file, unique_names,
};
use mtmeter::report::terminal::sanitize;
use mtmeter::testsets::{Selection as TestSetSelection, TestSets};
use mtmeter::tokenize::text::py_rstrip;

use super::CliError;

/// Where the test set comes from.
#[derive(Debug, Clone, Args)]
pub struct InputArgs {
    /// Reference files, one segment per line (several for multi-reference scoring); NAME=PATH
    /// names one.
    #[arg(value_name = "REF")]
    pub refs: Vec<PathBuf>,
    /// System output files ('-' reads standard input); NAME=PATH names one. Unnamed files are
    /// named by the shortest path suffix that tells them apart (exp1/hyp, exp2/hyp).
    #[arg(short = 'i', long = "input", num_args = 1.., value_name = "SYS")]
    pub input: Vec<PathBuf>,
    /// Names of the systems given to -i, in the same order.
    #[arg(long, num_args = 1.., value_name = "NAME")]
    pub names: Vec<String>,
    /// A corpus folder: source.<lang>, references/<name>.<lang>, systems/<name>.<lang>.
    #[arg(long, value_name = "DIR", conflicts_with_all = ["refs", "input", "source"])]
    pub corpus: Option<PathBuf>,
    /// A WMT XML file (wmttest2022.de-fr.all.xml): source, references, systems and document
    /// metadata in one; -i files add system outputs line-aligned with its segments. A single
    /// REF ending in .xml is read the same way.
    #[arg(long = "wmt-xml", value_name = "FILE", conflicts_with_all = ["refs", "corpus", "source", "sgml", "tsv", "jsonl"])]
    pub wmt_xml: Option<PathBuf>,
    /// WMT XML: use the references of this translator only (repeatable; default: all).
    #[arg(long = "ref", value_name = "TRANSLATOR")]
    pub ref_names: Vec<String>,
    /// WMT XML: use these systems only (default: all).
    #[arg(long = "system", num_args = 1.., value_name = "NAME")]
    pub system_names: Vec<String>,
    /// mteval SGML files (<srcset>, <refset>, <tstset>), aligned by document and segment id.
    /// REF and -i files that all end in .sgm are read the same way.
    #[arg(long, num_args = 1.., value_name = "FILE", conflicts_with_all = ["refs", "input", "corpus", "source", "tsv", "jsonl"])]
    pub sgml: Vec<PathBuf>,
    /// A TSV file, one segment per line; columns named by its header line or by --columns.
    #[arg(long, value_name = "FILE", conflicts_with_all = ["refs", "input", "corpus", "source", "jsonl"])]
    pub tsv: Option<PathBuf>,
    /// TSV columns (then the file has no header line): src,ref,ref:B,hyp:sysA,docid,origlang,domain,- (skip).
    #[arg(long, value_name = "COLS", requires = "tsv")]
    pub columns: Option<String>,
    /// A JSON Lines file, one record per segment, read with --fields.
    #[arg(long, value_name = "FILE", requires = "fields", conflicts_with_all = ["refs", "input", "corpus", "source"])]
    pub jsonl: Option<PathBuf>,
    /// JSON Lines fields, ROLE=dotted.path: src=source,ref=translation.fr,hyp:sysA=out.
    #[arg(long, value_name = "ROLE=PATH,...", requires = "jsonl")]
    pub fields: Option<String>,
    /// Only the documents of this domain (WMT XML's domain, SGML's genre, a domain column).
    #[arg(long, value_name = "NAME")]
    pub domain: Option<String>,
    /// A test set by sacreBLEU's name (wmt22; several comma-separated are concatenated), with
    /// -l: source and references from sacreBLEU's cache ($SACREBLEU, else ~/.sacrebleu),
    /// downloaded into it if missing.
    #[arg(long = "test-set", short = 't', value_name = "SET", conflicts_with_all = ["corpus", "source"])]
    pub test_set: Option<String>,
    /// With -t: only the segments of documents originally in LANG ("non-LANG": all others).
    #[arg(long, value_name = "LANG")]
    pub origlang: Option<String>,
    /// With -t: only the documents whose domain (wmt18/19: sacreBLEU's annotation) matches REGEX.
    #[arg(long, value_name = "REGEX")]
    pub subset: Option<String>,
    /// Source file (line-aligned with the references).
    #[arg(long, value_name = "FILE")]
    pub source: Option<PathBuf>,
    /// Split the single reference file on tabs into N references (sacreBLEU -nr).
    #[arg(long = "num-refs", value_name = "N", default_value_t = 1)]
    pub num_refs: usize,
    /// Encoding of the inputs (sacreBLEU -e): only UTF-8 is read.
    #[arg(long, short = 'e', value_name = "ENC", default_value = "utf-8", value_parser = parse_encoding)]
    pub encoding: String,
    /// Remove a leading UTF-8 byte-order mark from inputs (with a warning) instead of refusing.
    #[arg(long)]
    pub strip_bom: bool,
    /// Normalize every input (source, references, systems) to Unicode NFC or NFKC before
    /// tokenization; recorded in every signature (unicode:nfc). Default: text as read, as
    /// sacreBLEU scores it, with a warning for files that are not in NFC.
    #[arg(long, value_name = "FORM")]
    pub normalize: Option<Normalization>,
    /// Worker threads for all the work (default or 0: all cores); results never depend on it.
    /// sacreBLEU's -j/--paired-jobs sets the paired tests' processes only.
    #[arg(long, short = 'j', visible_alias = "paired-jobs", value_name = "N")]
    pub threads: Option<usize>,
    /// No warnings on standard error (errors are still printed).
    #[arg(long, short = 'q')]
    pub quiet: bool,
}

/// `-e`: sacreBLEU's default `utf-8` and its spellings; anything else is refused.
fn parse_encoding(s: &str) -> Result<String, String> {
    let norm = s.to_ascii_lowercase().replace(['-', '_'], "");
    if norm == "utf8" {
        Ok(s.to_owned())
    } else {
        Err(format!(
            "mtmeter reads UTF-8 only; convert the files first: iconv -f {s} -t UTF-8 FILE > FILE.utf8"
        ))
    }
}

/// `-j N`: the global thread pool's size (`None` or 0: all cores). Results never depend on it.
pub fn set_threads(threads: Option<usize>) {
    if let Some(n) = threads.filter(|&n| n > 0) {
        // Only fails if a global pool exists already, which cannot happen this early.
        let _ = rayon::ThreadPoolBuilder::new()
            .num_threads(n)
            .build_global();
    }
}

fn usage(e: impl std::fmt::Display) -> CliError {
    CliError::Usage(e.to_string())
}

impl InputArgs {
    /// Options for every file read.
    pub fn load_options(&self) -> LoadOptions {
        LoadOptions {
            strip_bom: self.strip_bom,
            normalize: self.normalize,
        }
    }

    /// Set the thread count, load and validate the test set, print loading warnings (unless
    /// `--quiet`). A command without `-l` cannot load a test set by name (`-t`).
    #[allow(
        dead_code,
        reason = "every command in this tree passes its -l to load_with_pair; kept as the entry point other branches call"
    )]
    pub fn load(&self) -> Result<Corpus, CliError> {
        self.load_with_pair(None)
    }

    /// `--origlang` / `--subset` for a test set by name.
    pub fn selection(&self) -> TestSetSelection {
        TestSetSelection {
            origlang: self.origlang.clone(),
            subset: self.subset.clone(),
        }
    }

    /// [`InputArgs::load`], with the language pair `-t` needs.
    pub fn load_with_pair(&self, pair: Option<&str>) -> Result<Corpus, CliError> {
        set_threads(self.threads);
        if let Some(test_set) = &self.test_set {
            let corpus = self.load_test_set(test_set, pair)?;
            self.warn(&corpus.warnings);
            return Ok(corpus);
        }
        let mut corpus = match self.structured()? {
            // Text files are normalized as they are read; structured formats here.
            Some(mut c) => {
                c.apply_normalization(self.normalize);
                c
            }
            None => self.load_text()?,
        };
        if self.num_refs != 1 {
            corpus = split_references(corpus, self.num_refs)?;
        }
        // -ol/--origlang, --subset and --domain on a test set that carries document metadata
        // (WMT XML, SGML, TSV/JSONL columns); a corpus without it is refused by `select`.
        let selection = Selection {
            origlang: self.origlang.clone(),
            domain: self.domain.clone(),
            subset: self.subset.clone(),
        };
        if !selection.is_empty() {
            corpus = corpus.select(&selection)?;
        }
        self.warn(&corpus.warnings);
        Ok(corpus)
    }

    /// WMT XML, SGML, TSV or JSON Lines, by flag or (XML, SGML) by extension; `None` for
    /// line-aligned text files.
    fn structured(&self) -> Result<Option<Corpus>, CliError> {
        let opts = self.load_options();
        let picks = !self.ref_names.is_empty() || !self.system_names.is_empty();
        let xml = self.wmt_xml.clone().or_else(|| match self.refs.as_slice() {
            [one] if is_xml(one) && self.source.is_none() && self.corpus.is_none() => {
                Some(one.clone())
            }
            _ => None,
        });
        let sgml: Vec<PathBuf> = if !self.sgml.is_empty() {
            self.sgml.clone()
        } else if !self.refs.is_empty()
            && self.source.is_none()
            && self.refs.iter().chain(&self.input).all(|p| is_sgml(p))
        {
            self.refs.iter().chain(&self.input).cloned().collect()
        } else {
            Vec::new()
        };
        if picks && xml.is_none() {
            return Err(usage(
                "--ref and --system choose from a WMT XML file (--wmt-xml FILE)",
            ));
        }
        let structured =
            xml.is_some() || !sgml.is_empty() || self.tsv.is_some() || self.jsonl.is_some();
        if structured && !self.names.is_empty() {
            return Err(usage(
                "--names names -i text files; WMT XML, SGML, TSV and JSON Lines name their systems",
            ));
        }
        let corpus = if let Some(path) = xml {
            WmtXml {
                path,
                references: self.ref_names.clone(),
                systems: self.system_names.clone(),
                outputs: self.input.clone(),
            }
            .load(&opts)?
        } else if !sgml.is_empty() {
            Sgml { paths: sgml }.load(&opts)?
        } else if let Some(path) = &self.tsv {
            let columns = self
                .columns
                .as_deref()
                .map(|c| c.split(',').map(Role::parse).collect::<Result<Vec<_>, _>>())
                .transpose()
                .map_err(|e| usage(format!("--columns: {e}")))?;
            Tsv {
                path: path.clone(),
                columns,
            }
            .load(&opts)?
        } else if let Some(path) = &self.jsonl {
            let fields = parse_fields(self.fields.as_deref().unwrap_or_default()).map_err(usage)?;
            JsonLines {
                path: path.clone(),
                fields,
            }
            .load(&opts)?
        } else {
            return Ok(None);
        };
        Ok(Some(corpus))
    }

    /// Line-aligned text files: REF... -i SYS... or --corpus DIR.
    fn load_text(&self) -> Result<Corpus, CliError> {
        let (files, reference_names, mut system_names) = if let Some(dir) = &self.corpus {
            let files = CorpusDir { path: dir.clone() }.files()?;
            (files, Vec::new(), Vec::new())
        } else if self.refs.is_empty() {
            return Err(usage(
                "no reference given: pass REF files before -i, --corpus DIR, --wmt-xml FILE, --sgml FILE..., --tsv FILE or --jsonl FILE",
            ));
        } else if self.input.is_empty() {
            return Err(usage(
                "no system output given: pass -i SYS [SYS ...] (or '-i -' for standard input)",
            ));
        } else {
            let (references, reference_names) = split_names(&self.refs);
            let (systems, system_names) = split_names(&self.input);
            let files = TextFiles {
                references,
                systems,
                source: self.source.clone(),
                warnings: Vec::new(),
            };
            (files, reference_names, system_names)
        };
        if !self.names.is_empty() {
            if self.names.len() != files.systems.len() {
                return Err(usage(format!(
                    "--names gives {} names for {} systems: give one name per system, in order",
                    self.names.len(),
                    files.systems.len()
                )));
            }
            if system_names.iter().any(Option::is_some) {
                return Err(usage(
                    "name systems either with --names or with -i NAME=PATH, not both",
                ));
            }
            system_names = self.names.iter().cloned().map(Some).collect();
        }
        Ok(files.load_named(&self.load_options(), &reference_names, &system_names)?)
    }

    /// `-t SET -l PAIR -i SYS...`: source and references from the cache, the systems from files.
    fn load_test_set(&self, test_set: &str, pair: Option<&str>) -> Result<Corpus, CliError> {
        if !self.refs.is_empty() {
            return Err(usage(
                "give either a test set (-t/--test-set) or reference files, not both",
            ));
        }
        if self.input.is_empty() {
            return Err(usage(
                "no system output given: pass -i SYS [SYS ...] (or '-i -' for standard input)",
            ));
        }
        if self.num_refs != 1 {
            return Err(usage(
                "--num-refs splits a reference file given by path, not the references of a test set (-t)",
            ));
        }
        let Some(pair) = pair else {
            return Err(usage(format!(
                "-t {test_set} needs a language pair (-l); `mtmeter score --list -t {test_set}` lists them"
            )));
        };
        let sets = TestSets::from_env()?;
        let loaded = sets.load(test_set, pair, &self.selection(), &self.load_options())?;
        let (paths, mut given) = split_names(&self.input);
        if !self.names.is_empty() {
            if self.names.len() != paths.len() {
                return Err(usage(format!(
                    "--names gives {} names for {} systems: give one name per system, in order",
                    self.names.len(),
                    paths.len()
                )));
            }
            given = self.names.iter().cloned().map(Some).collect();
        }
        if paths.iter().filter(|p| p.as_os_str() == "-").count() > 1 {
            return Err(usage("'-' (standard input) can be given only once"));
        }
        let unnamed: Vec<PathBuf> = paths
            .iter()
            .zip(&given)
            .filter(|(_, g)| g.is_none())
            .map(|(p, _)| p.clone())
            .collect();
        let mut derived = unique_names(&unnamed).into_iter();
        let mut warnings = Vec::new();
        let mut systems = Vec::with_capacity(paths.len());
        for (p, g) in paths.iter().zip(given) {
            let name = g.unwrap_or_else(|| derived.next().unwrap_or_default());
            let name = sanitize(&name).into_owned();
            systems.push(read_text_file(
                p,
                &name,
                &self.load_options(),
                &mut warnings,
            )?);
        }
        let mut corpus = loaded.with_systems(systems)?;
        corpus.warnings.extend(warnings);
        corpus.apply_normalization(self.normalize);
        Ok(corpus)
    }

    /// Print warnings on stderr unless `--quiet`.
    pub fn warn<T: std::fmt::Display>(&self, warnings: &[T]) {
        if !self.quiet {
            super::output::warn_all(warnings);
        }
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
        self.warn(&warnings);
        Ok(file)
    }
}

/// `NAME=PATH` words: the name and the path. A word that is an existing file, `-`, or has no
/// `=` is a path (named later from the path).
fn split_names(words: &[PathBuf]) -> (Vec<PathBuf>, Vec<Option<String>>) {
    words
        .iter()
        .map(|w| {
            if w.exists() {
                return (w.clone(), None);
            }
            match w.to_str().and_then(|s| s.split_once('=')) {
                Some((name, path)) if !name.is_empty() && !path.is_empty() => {
                    (PathBuf::from(path), Some(name.to_owned()))
                }
                _ => (w.clone(), None),
            }
        })
        .unzip()
}

/// sacreBLEU's `--num-refs N`: one reference file whose lines hold N tab-separated references
/// (the line right-stripped first, then split at the first N-1 tabs, as sacreBLEU does).
fn split_references(corpus: Corpus, n: usize) -> Result<Corpus, CliError> {
    if n == 0 {
        return Err(usage("--num-refs must be at least 1"));
    }
    let [reference] = corpus.references.as_slice() else {
        return Err(usage(format!(
            "--num-refs {n} splits one reference file on tabs, but {} reference files were given; give either one file or --num-refs 1",
            corpus.references.len()
        )));
    };
    let mut columns: Vec<Vec<&str>> = vec![Vec::with_capacity(reference.len()); n];
    for (i, line) in reference.lines().enumerate() {
        let fields: Vec<&str> = py_rstrip(line).splitn(n, '\t').collect();
        if fields.len() != n {
            return Err(usage(format!(
                "{}:{}: expected {n} tab-separated references (--num-refs {n}), found {}",
                reference.path,
                i + 1,
                fields.len()
            )));
        }
        for (c, f) in columns.iter_mut().zip(fields) {
            c.push(f);
        }
    }
    let references: Vec<TextFile> = columns
        .iter()
        .enumerate()
        .map(|(k, c)| {
            TextFile::new(
                format!("{}:{}", reference.name, k + 1),
                format!("{} (field {})", reference.path, k + 1),
                c.iter().copied(),
            )
        })
        .collect();
    Ok(Corpus {
        references,
        ..corpus
    }
    .validated()?)
}
