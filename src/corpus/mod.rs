//! Loading and aligning a test set: source, one or more references, one or more systems.
//!
//! Every input format is a [`Loader`] that produces the same [`Corpus`]; validation (line counts,
//! empty files, names) happens once, here, for all of them. Nothing is silently dropped: a
//! misaligned or broken input is refused with a [`CorpusError`] naming the file and line.

mod dir;
mod error;
mod jsonl;
mod meta;
mod normalize;
mod sgml;
mod text;
mod tsv;
mod wmt_xml;

use std::path::PathBuf;

use rayon::prelude::*;

pub use dir::CorpusDir;
pub use error::CorpusError;
pub use jsonl::{Field, JsonLines, parse_fields};
pub use meta::{DetailRow, SegmentMeta, Selection, detail_rows, group_scores};
pub use normalize::{Normalization, is_nfc_fast};
pub use sgml::{Sgml, is_sgml};
pub use text::{check_distinct_inputs, decode_text, display_path, read_text_file};
pub use tsv::{Role, Tsv};
pub use wmt_xml::{WmtXml, is_xml};

use crate::tokenize::text::py_rstrip;

/// Options shared by all loaders.
#[derive(Debug, Clone, Default)]
pub struct LoadOptions {
    /// Remove a leading UTF-8 byte-order mark (with a warning) instead of refusing the file.
    pub strip_bom: bool,
    /// Normalize every text to this Unicode form (recorded in every signature); `None` keeps
    /// the text as read and warns about lines not in NFC.
    pub normalize: Option<Normalization>,
}

/// One line-aligned text: a source, a reference or a system output.
///
/// The segments live in one buffer (the file's own contents, for files) with each segment's
/// byte span, so loading a file allocates twice, not once per line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TextFile {
    /// Name (the file stem for references and systems).
    pub name: String,
    /// Where it came from, as shown to the user.
    pub path: String,
    text: String,
    /// `(start, end)` byte offsets of every segment in `text`.
    spans: Vec<(usize, usize)>,
}

impl TextFile {
    /// A text from its name, where it came from (as shown in messages) and its segments.
    pub fn new<S: AsRef<str>>(
        name: impl Into<String>,
        path: impl Into<String>,
        lines: impl IntoIterator<Item = S>,
    ) -> Self {
        let mut text = String::new();
        let mut spans = Vec::new();
        for line in lines {
            let start = text.len();
            text.push_str(line.as_ref());
            spans.push((start, text.len()));
        }
        Self::from_spans(name, path, text, spans)
    }

    /// A text whose segments are the given byte spans of `text`.
    ///
    /// # Panics
    /// If a span is not a valid range of `text` on character boundaries.
    pub fn from_spans(
        name: impl Into<String>,
        path: impl Into<String>,
        text: String,
        spans: Vec<(usize, usize)>,
    ) -> Self {
        for &(start, end) in &spans {
            assert!(
                text.get(start..end).is_some(),
                "segment span {start}..{end} is not a valid range of the text"
            );
        }
        Self {
            name: name.into(),
            path: path.into(),
            text,
            spans,
        }
    }

    /// Number of segments.
    pub fn len(&self) -> usize {
        self.spans.len()
    }

    /// Whether the text has no segment.
    pub fn is_empty(&self) -> bool {
        self.spans.is_empty()
    }

    /// Segment `i`, as read (without its line break).
    ///
    /// # Panics
    /// If `i >= self.len()`.
    pub fn line(&self, i: usize) -> &str {
        let (start, end) = self.spans[i];
        &self.text[start..end]
    }

    /// Lower-case hex SHA-256 of the segments, each followed by `\n`: the content as read,
    /// whatever the line endings or byte-order mark of the file, so that reports and baselines
    /// can tell whether two runs used the same text.
    pub fn sha256(&self) -> String {
        use sha2::{Digest, Sha256};
        use std::fmt::Write as _;
        let mut h = Sha256::new();
        for line in self.lines() {
            h.update(line.as_bytes());
            h.update(b"\n");
        }
        h.finalize()
            .iter()
            .fold(String::with_capacity(64), |mut s, b| {
                let _ = write!(s, "{b:02x}");
                s
            })
    }

    /// Every segment, in order.
    pub fn lines(&self) -> impl ExactSizeIterator<Item = &str> + '_ {
        self.spans
            .iter()
            .map(|&(start, end)| &self.text[start..end])
    }
}

/// A validated test set: every file has the same number of segments.
#[derive(Debug, Clone, Default)]
pub struct Corpus {
    /// Source sentences, if given.
    pub source: Option<TextFile>,
    /// Reference translations (at least one).
    pub references: Vec<TextFile>,
    /// System outputs (at least one).
    pub systems: Vec<TextFile>,
    /// Non-fatal notes from loading (e.g. a stripped byte-order mark).
    pub warnings: Vec<String>,
    /// The Unicode normalization applied to every text, if any (see
    /// [`Corpus::apply_normalization`]); it goes into every signature.
    pub normalization: Option<Normalization>,
    /// Document id, original language and domain of every segment, for formats that carry
    /// documents (WMT XML, SGML, test sets by name); `None` for plain text.
    pub meta: Option<SegmentMeta>,
}

/// Anything that can produce a [`Corpus`]: text files, a corpus folder, later XML, TSV, JSONL.
pub trait Loader {
    /// Read and validate.
    fn load(&self, opts: &LoadOptions) -> Result<Corpus, CorpusError>;
}

/// Explicit files: references, systems and an optional source (`-` is standard input).
#[derive(Debug, Clone, Default)]
pub struct TextFiles {
    /// Reference files.
    pub references: Vec<PathBuf>,
    /// System output files.
    pub systems: Vec<PathBuf>,
    /// Source file.
    pub source: Option<PathBuf>,
    /// Notes from building the list (files a corpus folder skipped), passed on to the corpus.
    pub warnings: Vec<String>,
}

/// Name of a reference or system file: its file name without the last extension.
pub fn stem_name(path: &std::path::Path) -> String {
    if path.as_os_str() == "-" {
        return "stdin".to_owned();
    }
    let file = path.file_name().map_or_else(
        || path.display().to_string(),
        |f| f.to_string_lossy().into_owned(),
    );
    match file.rsplit_once('.') {
        Some((stem, _)) if !stem.is_empty() => stem.to_owned(),
        _ => file,
    }
}

/// Names for files given by path: the file stem (`exp1/hyp.de` → `hyp`) where that is unique,
/// else the shortest path suffix that tells the files apart (`exp1/hyp.de`, `exp2/hyp.de` →
/// `exp1/hyp`, `exp2/hyp`); files that differ only in their extension keep it (`hyp.de`,
/// `hyp.fr`). The same path given twice keeps one name twice (refused later as a duplicate).
pub fn unique_names(paths: &[PathBuf]) -> Vec<String> {
    // Each path as its components, the last one without its extension.
    let parts: Vec<Vec<String>> = paths
        .iter()
        .map(|p| {
            let mut v: Vec<String> = p
                .parent()
                .map(|d| {
                    d.components()
                        .filter(|c| !matches!(c, std::path::Component::CurDir))
                        .map(|c| c.as_os_str().to_string_lossy().into_owned())
                        .collect()
                })
                .unwrap_or_default();
            v.push(stem_name(p));
            v
        })
        .collect();
    let suffix = |i: usize, k: usize| -> String {
        let v = &parts[i];
        v[v.len().saturating_sub(k)..].join("/")
    };
    let mut depth = vec![1usize; paths.len()];
    let mut names: Vec<String> = (0..paths.len()).map(|i| suffix(i, 1)).collect();
    loop {
        let mut grew = false;
        for i in 0..names.len() {
            let clash: Vec<usize> = (0..names.len())
                .filter(|&j| j != i && names[j] == names[i] && paths[j] != paths[i])
                .collect();
            if clash.is_empty() {
                continue;
            }
            let group: Vec<usize> = std::iter::once(i).chain(clash).collect();
            // Longer suffixes for the names that have folders left (`ref.en`, `r2/ref.en` →
            // `ref`, `r2/ref`); only when none has, the whole paths as given (`hyp.de`, `hyp.fr`).
            let can_grow = group.iter().any(|&j| depth[j] < parts[j].len());
            for j in group {
                if depth[j] < parts[j].len() {
                    depth[j] += 1;
                    names[j] = suffix(j, depth[j]);
                    grew = true;
                } else if !can_grow && names[j] != display_path(&paths[j]) {
                    names[j] = display_path(&paths[j]);
                    grew = true;
                }
            }
        }
        if !grew {
            return names;
        }
    }
}

/// Whether a text looks Chinese or Japanese by its content: among the non-space characters of
/// its first 200 segments, at least a third are Han ideographs, hiragana or katakana (text a
/// whitespace tokenizer such as 13a cannot split into words).
pub fn looks_cjk(file: &TextFile) -> bool {
    let (mut cjk, mut all) = (0usize, 0usize);
    for line in file.lines().take(200) {
        for c in line.chars().filter(|c| !c.is_whitespace()) {
            all += 1;
            if matches!(c as u32,
                0x3040..=0x30FF | 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0x20000..=0x2FFFF)
            {
                cjk += 1;
            }
        }
    }
    all > 0 && cjk * 3 >= all
}

impl TextFiles {
    /// Load with explicit names where given (`None`: a name from [`unique_names`] among the
    /// unnamed files of the same kind). Each slice is empty or as long as its file list.
    pub fn load_named(
        &self,
        opts: &LoadOptions,
        reference_names: &[Option<String>],
        system_names: &[Option<String>],
    ) -> Result<Corpus, CorpusError> {
        let names = |paths: &[PathBuf], given: &[Option<String>]| -> Vec<String> {
            let unnamed: Vec<PathBuf> = paths
                .iter()
                .enumerate()
                .filter(|(i, _)| given.get(*i).is_none_or(Option::is_none))
                .map(|(_, p)| p.clone())
                .collect();
            let mut derived = unique_names(&unnamed).into_iter();
            (0..paths.len())
                .map(|i| match given.get(i) {
                    Some(Some(n)) => n.clone(),
                    _ => derived.next().unwrap_or_default(),
                })
                .collect()
        };
        // Names end up in tables: no control character may reach the terminal through them.
        let names = |paths: &[PathBuf], given: &[Option<String>]| -> Vec<String> {
            names(paths, given)
                .into_iter()
                .map(|n| crate::report::terminal::sanitize(&n).into_owned())
                .collect()
        };
        let reference_names = names(&self.references, reference_names);
        let system_names = names(&self.systems, system_names);
        self.load_with(opts, &reference_names, &system_names)
    }

    fn load_with(
        &self,
        opts: &LoadOptions,
        reference_names: &[String],
        system_names: &[String],
    ) -> Result<Corpus, CorpusError> {
        if self.references.is_empty() {
            return Err(CorpusError::MissingInput(
                "no reference file given".to_owned(),
            ));
        }
        if self.systems.is_empty() {
            return Err(CorpusError::MissingInput(
                "no system output given (use -i FILE ...)".to_owned(),
            ));
        }
        check_distinct_inputs(&self.references, &self.systems, self.source.as_deref())?;
        // Files are read, validated and split in parallel; errors and warnings are then
        // reported in the order the files were given.
        let source_name = self.source.as_deref().map(stem_name);
        let paths: Vec<(&PathBuf, &str)> = self
            .references
            .iter()
            .zip(reference_names.iter().map(String::as_str))
            .chain(
                self.systems
                    .iter()
                    .zip(system_names.iter().map(String::as_str)),
            )
            .chain(self.source.iter().zip(source_name.as_deref()))
            .collect();
        let read: Vec<Result<(TextFile, Vec<String>), CorpusError>> = paths
            .par_iter()
            .map(|(p, name)| {
                let mut warnings = Vec::new();
                read_text_file(p, name, opts, &mut warnings).map(|f| (f, warnings))
            })
            .collect();
        let mut warnings = self.warnings.clone();
        let mut files = Vec::with_capacity(read.len());
        for r in read {
            let (file, w) = r?;
            warnings.extend(w);
            files.push(file);
        }
        let source = self.source.as_ref().and_then(|_| files.pop());
        let systems = files.split_off(self.references.len());
        let references = files;
        let mut corpus = Corpus {
            source,
            references,
            systems,
            warnings,
            normalization: None,
            meta: None,
        }
        .validated()?;
        corpus.apply_normalization(opts.normalize);
        Ok(corpus)
    }
}

impl Loader for TextFiles {
    fn load(&self, opts: &LoadOptions) -> Result<Corpus, CorpusError> {
        self.load_named(opts, &[], &[])
    }
}

impl Corpus {
    /// Number of segments.
    pub fn len(&self) -> usize {
        self.references.first().map_or(0, TextFile::len)
    }

    /// Whether the test set has no segment (never true for a validated corpus).
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Check alignment and names; make system names unique by refusing duplicates.
    pub fn validated(self) -> Result<Self, CorpusError> {
        let files: Vec<&TextFile> = self
            .references
            .iter()
            .chain(&self.systems)
            .chain(&self.source)
            .collect();
        let Some(anchor) = files.iter().find(|f| !f.is_empty()) else {
            let paths = files
                .iter()
                .map(|f| f.path.as_str())
                .collect::<Vec<_>>()
                .join(", ");
            return Err(CorpusError::NoSegments { paths });
        };
        for f in &files {
            if f.is_empty() {
                return Err(CorpusError::EmptyFile {
                    path: f.path.clone(),
                    anchor: anchor.path.clone(),
                    anchor_lines: anchor.len(),
                });
            }
            if f.len() != anchor.len() {
                return Err(CorpusError::LineCountMismatch {
                    path: f.path.clone(),
                    lines: f.len(),
                    anchor: anchor.path.clone(),
                    anchor_lines: anchor.len(),
                });
            }
        }
        if let Some(meta) = &self.meta
            && (meta.docids.len() != anchor.len()
                || meta.origlang.len() != anchor.len()
                || meta.domain.len() != anchor.len())
        {
            return Err(CorpusError::Selection(format!(
                "the document metadata describes {} segments but {} has {}",
                meta.docids.len(),
                anchor.path,
                anchor.len()
            )));
        }
        for (kind, group) in [("systems", &self.systems), ("references", &self.references)] {
            for (i, a) in group.iter().enumerate() {
                if let Some(b) = group[i + 1..].iter().find(|b| b.name == a.name) {
                    return Err(CorpusError::DuplicateName {
                        kind,
                        name: a.name.clone(),
                        first: a.path.clone(),
                        second: b.path.clone(),
                    });
                }
            }
        }
        Ok(self)
    }

    /// The text metrics see for segment `i` of `file`: the line right-stripped with Python's
    /// `str.rstrip()`, as the sacreBLEU command line does when it reads files.
    pub fn metric_view(file: &TextFile, i: usize) -> &str {
        py_rstrip(file.line(i))
    }

    /// The references of segment `i`, as metrics see them.
    pub fn segment_references(&self, i: usize) -> Vec<&str> {
        self.references
            .iter()
            .map(|r| Self::metric_view(r, i))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(name: &str, lines: &[&str]) -> TextFile {
        TextFile::new(name, format!("{name}.txt"), lines.iter().copied())
    }

    #[test]
    fn mismatched_line_counts_name_both_files() {
        let c = Corpus {
            references: vec![file("ref", &["a", "b"])],
            systems: vec![file("sys", &["a"])],
            ..Corpus::default()
        };
        let e = c.validated().unwrap_err().to_string();
        assert_eq!(
            e,
            "sys.txt has 1 lines but ref.txt has 2: every file must have exactly one line per segment"
        );
    }

    #[test]
    fn empty_file_among_non_empty_is_refused() {
        let c = Corpus {
            references: vec![file("ref", &["a"])],
            systems: vec![file("sys", &[])],
            ..Corpus::default()
        };
        assert_eq!(
            c.validated().unwrap_err().to_string(),
            "sys.txt is empty but ref.txt has 1 lines"
        );
    }

    #[test]
    fn duplicate_system_names_are_refused() {
        let c = Corpus {
            references: vec![file("ref", &["a"])],
            systems: vec![file("s", &["a"]), file("s", &["b"])],
            ..Corpus::default()
        };
        assert!(
            c.validated()
                .unwrap_err()
                .to_string()
                .starts_with("two systems are named 's'")
        );
    }

    fn names(paths: &[&str]) -> Vec<String> {
        let v: Vec<PathBuf> = paths.iter().map(PathBuf::from).collect();
        unique_names(&v)
    }

    #[test]
    fn names_are_the_shortest_unique_path_suffixes() {
        assert_eq!(names(&["a/x.de", "b/y.de"]), ["x", "y"]);
        assert_eq!(
            names(&["exp1/hyp.de", "exp2/hyp.de", "other.de"]),
            ["exp1/hyp", "exp2/hyp", "other"]
        );
        assert_eq!(
            names(&["a/run/hyp.de", "b/run/hyp.de"]),
            ["a/run/hyp", "b/run/hyp"]
        );
        assert_eq!(
            names(&["./exp1/hyp.de", "exp2/hyp.de"]),
            ["exp1/hyp", "exp2/hyp"]
        );
        assert_eq!(names(&["hyp.de", "hyp.fr"]), ["hyp.de", "hyp.fr"]);
        assert_eq!(names(&["ref.en", "r2/ref.en"]), ["ref", "r2/ref"]);
        assert_eq!(names(&["a/x/ref.en", "x/ref.en"]), ["a/x/ref", "x/ref"]);
        assert_eq!(
            names(&["hyp.de", "hyp.de"]),
            ["hyp", "hyp"],
            "same file twice"
        );
        assert_eq!(names(&["-"]), ["stdin"]);
    }

    #[test]
    fn cjk_is_detected_by_content() {
        assert!(looks_cjk(&file(
            "r",
            &["我们今天去北京。", "これはペンです"]
        )));
        assert!(!looks_cjk(&file(
            "r",
            &["Le chat est noir.", "Ein Satz mit 北京."]
        )));
        assert!(
            !looks_cjk(&file("r", &["한국어 문장입니다"])),
            "Korean has spaces"
        );
        assert!(!looks_cjk(&file("r", &[""])));
    }

    #[test]
    fn stems() {
        assert_eq!(
            stem_name(std::path::Path::new("a/b/Online-A.de")),
            "Online-A"
        );
        assert_eq!(stem_name(std::path::Path::new("sys.v2.txt")), "sys.v2");
        assert_eq!(stem_name(std::path::Path::new(".hidden")), ".hidden");
        assert_eq!(stem_name(std::path::Path::new("-")), "stdin");
    }
}
