//! Test sets by name, as sacreBLEU users type them (`-t wmt22 -l de-en`): sacreBLEU 2.6.0's
//! table of named test sets ([`table`]), read from sacreBLEU's own cache ([`cache`]: `$SACREBLEU`,
//! else `~/.sacrebleu`, the same layout), so anyone who has used sacreBLEU is offline; otherwise
//! downloaded with md5 checks into that cache, atomically, and processed into the text files
//! sacreBLEU would write, byte for byte (`process`).
//!
//! ```no_run
//! use mtmeter::testsets::{Selection, TestSets};
//!
//! let sets = TestSets::sacrebleu();
//! let loaded = sets.load("wmt22", "de-en", &Selection::default(), &Default::default())?;
//! println!("{} segments, {} references", loaded.source.len(), loaded.references.len());
//! # Ok::<(), mtmeter::testsets::TestSetError>(())
//! ```

pub mod cache;
mod download;
pub mod process;
pub mod table;
#[cfg(feature = "download")]
mod zip;

use std::borrow::Cow;
use std::path::PathBuf;

use crate::corpus::{Corpus, CorpusError, LoadOptions, TextFile, read_text_file};
use crate::tokenize::text::py_rstrip;

pub use cache::SetDir;
pub use table::{Dataset, Format, LangPair, Table};

/// Why a named test set could not be listed, downloaded or loaded. One line each.
#[derive(Debug, thiserror::Error)]
pub enum TestSetError {
    /// Not in the table.
    #[error("unknown test set '{name}' (the list: mtmeter score --list)")]
    UnknownSet {
        /// The name given.
        name: String,
    },
    /// The set has no such language pair.
    #[error("test set '{set}' has no language pair '{pair}'; it has: {available}")]
    NoSuchPair {
        /// The set.
        set: String,
        /// The pair given.
        pair: String,
        /// The pairs it has, comma-separated.
        available: String,
    },
    /// A field `--echo` does not know.
    #[error("test set '{set}' has no field '{field}' for {pair}; its fields: {available}")]
    NoSuchField {
        /// The set.
        set: String,
        /// The pair.
        pair: String,
        /// The field asked for.
        field: String,
        /// The fields it has.
        available: String,
    },
    /// A file of the cache could not be read or written.
    #[error("{path}: {source}")]
    Io {
        /// The file.
        path: String,
        /// What the operating system said.
        source: std::io::Error,
    },
    /// A raw file of a test set that cannot be processed.
    #[error("{path}:{line}: {message}")]
    Raw {
        /// The raw file.
        path: String,
        /// 1-based line.
        line: usize,
        /// What is wrong.
        message: String,
    },
    /// A download that failed (network, HTTP status, truncated body, archive).
    #[error("downloading {url} failed: {message}; nothing was written to the cache")]
    Download {
        /// The URL.
        url: String,
        /// What went wrong.
        message: String,
    },
    /// A download whose md5 is not the table's.
    #[error(
        "downloading {url} failed: md5 {got} is not the expected {expected}; nothing was written to the cache"
    )]
    Checksum {
        /// The URL.
        url: String,
        /// md5 of what arrived.
        got: String,
        /// md5 in sacreBLEU's table.
        expected: String,
    },
    /// `--origlang` / `--subset` that cannot apply.
    #[error("{message}")]
    Selection {
        /// What is wrong.
        message: String,
    },
    /// A table that cannot be used.
    #[error("test set table: {message}")]
    Table {
        /// What is wrong.
        message: String,
    },
    /// The processed files (or a system output) do not line up.
    #[error(transparent)]
    Corpus(#[from] CorpusError),
}

/// `--origlang` / `--subset`: which segments of a test set to keep.
#[derive(Debug, Clone, Default)]
pub struct Selection {
    /// A language code, or `non-` and a code: the document's original language.
    pub origlang: Option<String>,
    /// A regular expression searched in the document's domain (or, for wmt18/wmt19, in
    /// sacreBLEU's `COUNTRY-domain` annotation).
    pub subset: Option<String>,
}

impl Selection {
    /// Whether anything is selected.
    pub fn is_some(&self) -> bool {
        self.origlang.is_some() || self.subset.is_some()
    }

    fn describe(&self) -> String {
        let mut s = String::new();
        if let Some(o) = &self.origlang {
            s.push_str(&format!(" origlang={o}"));
        }
        if let Some(x) = &self.subset {
            s.push_str(&format!(" subset={x}"));
        }
        s
    }
}

/// The table and the cache it is read from and downloaded into.
#[derive(Debug, Clone)]
pub struct TestSets {
    table: Cow<'static, Table>,
    cache: PathBuf,
}

/// The environment variable that replaces the table by a JSON file of the same layout, for
/// tests that serve their own sets from a local HTTP server. Its URLs must be loopback
/// `http://127.0.0.1:...` or `http://localhost:...`, so it cannot send anyone elsewhere.
pub const TABLE_OVERRIDE_ENV: &str = "MTMETER_TESTSETS_TABLE";

impl TestSets {
    /// A table with a cache folder.
    pub fn new(table: Cow<'static, Table>, cache: PathBuf) -> Self {
        Self { table, cache }
    }

    /// sacreBLEU 2.6.0's table and cache (`$SACREBLEU`, else `~/.sacrebleu`).
    pub fn sacrebleu() -> Self {
        Self::new(Cow::Borrowed(Table::sacrebleu()), cache::default_dir())
    }

    /// [`TestSets::sacrebleu`], unless [`TABLE_OVERRIDE_ENV`] names a test table.
    pub fn from_env() -> Result<Self, TestSetError> {
        let Some(path) = std::env::var_os(TABLE_OVERRIDE_ENV) else {
            return Ok(Self::sacrebleu());
        };
        let shown = PathBuf::from(&path).display().to_string();
        let json = std::fs::read_to_string(&path).map_err(|source| TestSetError::Io {
            path: shown.clone(),
            source,
        })?;
        let table = Table::from_json(&json).map_err(|e| TestSetError::Table {
            message: format!("{shown}: {e}"),
        })?;
        for url in table.datasets.iter().flat_map(|d| &d.data) {
            if !(url.starts_with("http://127.0.0.1:") || url.starts_with("http://localhost:")) {
                return Err(TestSetError::Table {
                    message: format!(
                        "{shown}: {TABLE_OVERRIDE_ENV} is for tests against a local server; {url} is not a loopback URL"
                    ),
                });
            }
        }
        Ok(Self::new(Cow::Owned(table), cache::default_dir()))
    }

    /// The table.
    pub fn table(&self) -> &Table {
        &self.table
    }

    /// The cache folder.
    pub fn cache(&self) -> &std::path::Path {
        &self.cache
    }

    /// The test set called `name`.
    pub fn dataset(&self, name: &str) -> Result<&Dataset, TestSetError> {
        self.table
            .get(name)
            .ok_or_else(|| TestSetError::UnknownSet {
                name: name.to_owned(),
            })
    }

    /// Language pair `pair` of `ds`.
    pub fn langpair<'d>(&self, ds: &'d Dataset, pair: &str) -> Result<&'d LangPair, TestSetError> {
        ds.langpair(pair).ok_or_else(|| TestSetError::NoSuchPair {
            set: ds.name.clone(),
            pair: pair.to_owned(),
            available: ds
                .langpairs
                .iter()
                .map(|l| l.pair.as_str())
                .collect::<Vec<_>>()
                .join(", "),
        })
    }

    fn set_dir(&self, ds: &Dataset) -> SetDir {
        SetDir::new(&self.cache, &ds.name)
    }

    /// The raw files of a pair, downloading the set if one is missing.
    fn ensure_raw(&self, ds: &Dataset, lp: &LangPair) -> Result<(), TestSetError> {
        let dir = self.set_dir(ds);
        let present = lp.files.iter().all(|f| {
            let rel = match ds.format {
                Format::Tsv => f.split_once(':').map_or(f.as_str(), |(_, p)| p),
                _ => f.as_str(),
            };
            dir.raw_file(rel).is_file()
        });
        if present {
            return Ok(());
        }
        download::download_all(ds, &dir)
    }

    /// The fields of a pair (`src`, `ref` or `ref:A`..., `docid`, ...), in sacreBLEU's order.
    pub fn fieldnames(&self, name: &str, pair: &str) -> Result<Vec<String>, TestSetError> {
        let ds = self.dataset(name)?;
        let lp = self.langpair(ds, pair)?;
        if ds.format == Format::WmtXml {
            self.ensure_raw(ds, lp)?;
        }
        process::fieldnames(ds, lp, &self.set_dir(ds))
    }

    /// Every field with its processed text file, made if missing (sacreBLEU's `get_files`).
    pub fn files(&self, name: &str, pair: &str) -> Result<Vec<(String, PathBuf)>, TestSetError> {
        let fields = self.fieldnames(name, pair)?;
        let ds = self.dataset(name)?;
        let lp = self.langpair(ds, pair)?;
        let dir = self.set_dir(ds);
        let files: Vec<(String, PathBuf)> = fields
            .into_iter()
            .map(|f| {
                let p = dir.text_file(pair, &f);
                (f, p)
            })
            .collect();
        if files.iter().any(|(_, p)| !p.is_file()) {
            self.ensure_raw(ds, lp)?;
            process::process(ds, lp, &dir)?;
        }
        Ok(files)
    }

    /// `--download`: fetch and process a set, one pair or all of them.
    pub fn download(&self, name: &str, pair: Option<&str>) -> Result<(), TestSetError> {
        let ds = self.dataset(name)?;
        let pairs: Vec<&str> = match pair {
            Some(p) => vec![self.langpair(ds, p)?.pair.as_str()],
            None => ds.langpairs.iter().map(|l| l.pair.as_str()).collect(),
        };
        for p in pairs {
            self.files(name, p)?;
        }
        Ok(())
    }

    /// Which segments a selection keeps (`None`: all).
    pub fn keep_mask(
        &self,
        name: &str,
        pair: &str,
        selection: &Selection,
    ) -> Result<Option<Vec<bool>>, TestSetError> {
        if !selection.is_some() {
            return Ok(None);
        }
        let ds = self.dataset(name)?;
        let lp = self.langpair(ds, pair)?;
        self.ensure_raw(ds, lp)?;
        process::keep_mask(
            ds,
            lp,
            &self.set_dir(ds),
            self.table.subsets.get(name),
            selection.origlang.as_deref(),
            selection.subset.as_deref(),
        )
        .map(Some)
    }

    /// sacreBLEU's `-d/--detail` rows (`utils.print_subset_results`) of one or more sets
    /// (`wmt21,wmt22`: segment indices into the concatenation), on the whole sets whatever
    /// `--origlang` / `--subset` select; those two narrow the rows as in sacreBLEU. Empty if
    /// no set has original languages (sacreBLEU then prints that it found no subset
    /// information).
    pub fn detail(
        &self,
        names: &str,
        pair: &str,
        selection: &Selection,
    ) -> Result<Vec<crate::corpus::DetailRow>, TestSetError> {
        let mut origlangs = std::collections::BTreeSet::new();
        let mut subsets = std::collections::BTreeSet::new();
        // Every set's raw file is read once; the rows are masks of its labels.
        let mut sets: Vec<(&str, Option<process::DocLabels>, usize)> = Vec::new();
        for name in names.split(',') {
            let ds = self.dataset(name)?;
            let lp = self.langpair(ds, pair)?;
            // The processed files too: their segment count checks the masks below.
            let files = self.files(name, pair)?;
            let src = files
                .iter()
                .find(|(f, _)| f == "src")
                .map(|(_, p)| p.clone())
                .expect("every set has a source field");
            let segments = process::py_lines(&process::read_raw(&src)?).count();
            // sacreBLEU lists no subsets of a set without document metadata (and fails only if
            // another set's rows make it filter this one).
            let labels = if ds.format == Format::WmtXml || lp.files[0].ends_with(".sgm") {
                let table = self.table.subsets.get(name);
                Some(process::DocLabels::read(ds, lp, &self.set_dir(ds), table)?)
            } else {
                None
            };
            if let Some(l) = &labels {
                origlangs.extend(l.origlangs());
                subsets.extend(l.subsets().iter().cloned());
            }
            sets.push((name, labels, segments));
        }
        if origlangs.is_empty() && selection.origlang.is_none() {
            return Ok(Vec::new());
        }
        crate::corpus::detail_rows(
            &origlangs,
            &subsets,
            selection.origlang.as_deref(),
            selection.subset.as_deref(),
            |origlang, subset| {
                let subset_re = subset.map(process::subset_regex).transpose()?;
                let mut keep = Vec::new();
                for (name, labels, segments) in &sets {
                    let Some(labels) = labels else {
                        let ds = self.dataset(name)?;
                        let lp = self.langpair(ds, pair)?;
                        return Err(TestSetError::Selection {
                            message: format!(
                                "--origlang and --subset need WMT *.xml or *.sgm files (document metadata); {} is neither",
                                lp.files[0]
                            ),
                        });
                    };
                    let mask = labels.mask(Some(origlang), subset_re.as_ref())?;
                    if mask.len() != *segments {
                        let ds = self.dataset(name)?;
                        return Err(TestSetError::Selection {
                            message: format!(
                                "the document metadata of {name}/{pair} has {} segments but its source has {segments}; remove {} to have it made again",
                                mask.len(),
                                self.set_dir(ds).dir.display()
                            ),
                        });
                    }
                    keep.extend(mask);
                }
                Ok(keep
                    .iter()
                    .enumerate()
                    .filter(|(_, k)| **k)
                    .map(|(i, _)| i)
                    .collect())
            },
        )
    }

    /// Source and references of one or more sets (`wmt21,wmt22`: concatenated, as sacreBLEU
    /// concatenates them), with the segments a selection keeps.
    pub fn load(
        &self,
        names: &str,
        pair: &str,
        selection: &Selection,
        opts: &LoadOptions,
    ) -> Result<LoadedTestSet, TestSetError> {
        let mut warnings = Vec::new();
        let mut parts: Vec<(TextFile, Vec<TextFile>)> = Vec::new();
        let mut keep: Option<Vec<bool>> = selection.is_some().then(Vec::new);
        for name in names.split(',') {
            let ds = self.dataset(name)?;
            self.langpair(ds, pair)?;
            let files = self.files(name, pair)?;
            let lp = self.langpair(ds, pair)?;
            let fields: Vec<String> = files.iter().map(|(f, _)| f.clone()).collect();
            let ref_fields = process::reference_fields(ds, &fields, lp);
            let path_of = |field: &str| {
                files
                    .iter()
                    .find(|(f, _)| f == field)
                    .map(|(_, p)| p.clone())
                    .expect("a field of the list")
            };
            let source = read_text_file(&path_of("src"), "source", opts, &mut warnings)?;
            let mut refs = Vec::new();
            for f in &ref_fields {
                refs.push(read_text_file(&path_of(f), f, opts, &mut warnings)?);
            }
            if refs.is_empty() {
                return Err(TestSetError::Selection {
                    message: format!("no references found for test set {name}/{pair}"),
                });
            }
            if let Some(k) = keep.as_mut() {
                let mask = self
                    .keep_mask(name, pair, selection)?
                    .expect("a selection is given");
                if mask.len() != source.len() {
                    return Err(TestSetError::Selection {
                        message: format!(
                            "the document metadata of {name}/{pair} has {} segments but {} has {}; remove {} to have it made again",
                            mask.len(),
                            source.path,
                            source.len(),
                            self.set_dir(ds).dir.display()
                        ),
                    });
                }
                k.extend(mask);
            }
            parts.push((source, refs));
        }
        let (source, references) = concatenate(parts)?;
        Ok(LoadedTestSet {
            names: names.to_owned(),
            source,
            references,
            keep,
            selection: selection.clone(),
            warnings,
        })
    }

    /// `--echo`: the requested fields of each set, tab-separated, one line per (kept) segment.
    /// `all` is every field; `ref` means the first reference field where the set has no plain
    /// `ref` (sacreBLEU's backwards compatibility).
    pub fn echo(
        &self,
        names: &str,
        pair: &str,
        requested: &[String],
        selection: &Selection,
    ) -> Result<String, TestSetError> {
        let mut out = String::new();
        for name in names.split(',') {
            let files = self.files(name, pair)?;
            let fields: Vec<&str> = files.iter().map(|(f, _)| f.as_str()).collect();
            let first_ref = fields
                .iter()
                .copied()
                .filter(|f| f.starts_with("ref"))
                .min();
            let wanted: Vec<&str> = if requested.iter().any(|r| r == "all") {
                if requested.len() != 1 {
                    return Err(TestSetError::Selection {
                        message: "--echo all cannot be combined with other fields".into(),
                    });
                }
                fields.clone()
            } else {
                requested
                    .iter()
                    .map(|r| match (r.as_str(), first_ref) {
                        ("ref", Some(f)) if !fields.contains(&"ref") => f,
                        (r, _) => r,
                    })
                    .collect()
            };
            let mut columns = Vec::new();
            for w in &wanted {
                let Some((_, path)) = files.iter().find(|(f, _)| f == w) else {
                    let mut available = fields.join(", ");
                    if let Some(f) = first_ref.filter(|_| !fields.contains(&"ref")) {
                        available.push_str(&format!(" ('ref' means {f})"));
                    }
                    return Err(TestSetError::NoSuchField {
                        set: name.to_owned(),
                        pair: pair.to_owned(),
                        field: (*w).to_owned(),
                        available,
                    });
                };
                columns.push(process::read_raw(path)?);
            }
            let mask = self.keep_mask(name, pair, selection)?;
            let mut lines: Vec<std::str::Split<'_, char>> = columns
                .iter()
                .map(|c| c.strip_suffix('\n').unwrap_or(c).split('\n'))
                .collect();
            let mut i = 0;
            // zip(): as many lines as the shortest column.
            'rows: loop {
                let mut row = Vec::with_capacity(lines.len());
                for l in &mut lines {
                    match l.next() {
                        Some(x) => row.push(py_rstrip(x)),
                        None => break 'rows,
                    }
                }
                if columns.is_empty() || columns.iter().all(|c| c.is_empty()) {
                    break;
                }
                let kept = mask
                    .as_ref()
                    .is_none_or(|m| m.get(i).copied().unwrap_or(false));
                if kept {
                    out.push_str(&row.join("\t"));
                    out.push('\n');
                }
                i += 1;
            }
        }
        Ok(out)
    }

    /// `--list`: every set with its description (those with `pair`, either direction, if
    /// given), as sacreBLEU prints them.
    pub fn list(&self, pair: Option<&str>) -> String {
        let mut names: Vec<&Dataset> = match pair {
            None => self.table.datasets.iter().collect(),
            Some(p) => {
                let reversed = p
                    .split_once('-')
                    .map(|(a, b)| format!("{b}-{a}"))
                    .unwrap_or_default();
                self.table
                    .datasets
                    .iter()
                    .filter(|d| d.langpair(p).is_some() || d.langpair(&reversed).is_some())
                    .collect()
            }
        };
        names.sort_by(|a, b| a.name.cmp(&b.name));
        let mut out = match pair {
            None => "The available test sets are:\n".to_owned(),
            Some(p) => format!("The available test sets for {p} are:\n"),
        };
        for d in names {
            out.push_str(&format!(
                "{:<30}: {}\n",
                d.name,
                crate::tokenize::text::py_strip(&d.description)
            ));
        }
        out
    }

    /// `--list -t SET`: each pair (or only `pair`) with its fields.
    pub fn list_pairs(&self, name: &str, pair: Option<&str>) -> Result<String, TestSetError> {
        let ds = self.dataset(name)?;
        let pairs: Vec<&str> = match pair {
            Some(p) => vec![p],
            None => ds.langpairs.iter().map(|l| l.pair.as_str()).collect(),
        };
        let mut out = String::new();
        for p in pairs {
            out.push_str(&format!("{p}: {}\n", self.fieldnames(name, p)?.join(", ")));
        }
        Ok(out)
    }
}

/// Several sets' sources and references, one after the other.
fn concatenate(
    parts: Vec<(TextFile, Vec<TextFile>)>,
) -> Result<(TextFile, Vec<TextFile>), TestSetError> {
    let mut parts = parts.into_iter();
    let (mut source, mut references) = parts.next().expect("at least one test set");
    for (s, refs) in parts {
        if refs.len() != references.len() {
            return Err(TestSetError::Selection {
                message: format!(
                    "{} has {} references but {} has {}: concatenated test sets need the same number",
                    refs[0].path,
                    refs.len(),
                    references[0].path,
                    references.len()
                ),
            });
        }
        let join = |a: &TextFile, b: &TextFile| {
            TextFile::new(
                a.name.clone(),
                format!("{} + {}", a.path, b.path),
                a.lines().chain(b.lines()),
            )
        };
        source = join(&source, &s);
        references = references
            .iter()
            .zip(&refs)
            .map(|(a, b)| join(a, b))
            .collect();
    }
    Ok((source, references))
}

/// A named test set's source and references, read from the cache.
#[derive(Debug, Clone)]
pub struct LoadedTestSet {
    /// The names as given (`wmt22`, `wmt21,wmt22`).
    pub names: String,
    /// The source (all segments).
    pub source: TextFile,
    /// The references scored (all segments).
    pub references: Vec<TextFile>,
    /// Which segments `--origlang` / `--subset` keep (`None`: all).
    pub keep: Option<Vec<bool>>,
    /// The selection.
    pub selection: Selection,
    /// Notes from reading the cache.
    pub warnings: Vec<String>,
}

impl LoadedTestSet {
    /// The corpus: these references and source with the given system outputs, each first
    /// checked against the whole test set's length, then reduced to the selected segments.
    pub fn with_systems(self, systems: Vec<TextFile>) -> Result<Corpus, TestSetError> {
        let n = self.source.len();
        for s in &systems {
            if s.len() != n {
                return Err(CorpusError::LineCountMismatch {
                    path: s.path.clone(),
                    lines: s.len(),
                    anchor: self.references[0].path.clone(),
                    anchor_lines: n,
                }
                .into());
            }
        }
        let select = |f: TextFile| match &self.keep {
            None => f,
            Some(k) => TextFile::new(
                f.name.clone(),
                f.path.clone(),
                f.lines().zip(k).filter(|(_, k)| **k).map(|(l, _)| l),
            ),
        };
        let source = select(self.source.clone());
        if source.is_empty() {
            return Err(TestSetError::Selection {
                message: format!(
                    "test set '{}' contains no sentence with{}",
                    self.names,
                    self.selection.describe()
                ),
            });
        }
        Ok(Corpus {
            source: Some(source),
            references: self.references.iter().cloned().map(select).collect(),
            systems: systems.into_iter().map(select).collect(),
            warnings: self.warnings.clone(),
            ..Corpus::default()
        }
        .validated()?)
    }
}
