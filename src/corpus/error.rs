//! Why a test set could not be loaded. Every message is one finished line naming the file, the
//! line where there is one, and the counts involved.

use std::path::PathBuf;

/// A refusal to load a test set.
#[derive(Debug, thiserror::Error)]
pub enum CorpusError {
    /// A file could not be opened or read.
    #[error("{path}: cannot read: {source}")]
    Unreadable {
        /// The file.
        path: String,
        /// What the operating system said.
        source: std::io::Error,
    },
    /// Bytes that are not UTF-8.
    #[error(
        "{path}:{line}: invalid UTF-8 at byte {column} of the line (byte {offset} of the file); mtmeter reads UTF-8 only"
    )]
    InvalidUtf8 {
        /// The file.
        path: String,
        /// 1-based line.
        line: usize,
        /// 1-based byte within the line.
        column: usize,
        /// 0-based byte within the file.
        offset: usize,
    },
    /// A UTF-8 byte-order mark at the start of a file.
    #[error(
        "{path}:1: file starts with a UTF-8 byte-order mark, which sacreBLEU would silently glue to the first word; re-run with --strip-bom to remove it"
    )]
    ByteOrderMark {
        /// The file.
        path: String,
    },
    /// Two files with different numbers of lines.
    #[error(
        "{path} has {lines} lines but {anchor} has {anchor_lines}: every file must have exactly one line per segment"
    )]
    LineCountMismatch {
        /// The file that differs.
        path: String,
        /// Its line count.
        lines: usize,
        /// The file it was compared with.
        anchor: String,
        /// That file's line count.
        anchor_lines: usize,
    },
    /// One file empty while the others are not.
    #[error("{path} is empty but {anchor} has {anchor_lines} lines")]
    EmptyFile {
        /// The empty file.
        path: String,
        /// A non-empty file.
        anchor: String,
        /// Its line count.
        anchor_lines: usize,
    },
    /// Every file is empty.
    #[error("all input files are empty ({paths}): there is no segment to score")]
    NoSegments {
        /// The files, comma-separated.
        paths: String,
    },
    /// No reference given or found.
    #[error("{0}")]
    MissingInput(String),
    /// Two systems or references would get the same name.
    #[error("two {kind} are named '{name}' ({first} and {second}); rename one")]
    DuplicateName {
        /// `systems` or `references`.
        kind: &'static str,
        /// The clashing name.
        name: String,
        /// First file.
        first: String,
        /// Second file.
        second: String,
    },
    /// A corpus folder that does not follow the layout.
    #[error("{path}: {problem}")]
    BadLayout {
        /// The folder.
        path: PathBuf,
        /// What is wrong.
        problem: String,
    },
    /// A NUL byte: no text has one, UTF-16 and binary files have many.
    #[error(
        "{path}:{line}: NUL byte at byte {column} of the line: a binary or UTF-16 file? mtmeter reads UTF-8 text (iconv -f UTF-16 -t UTF-8 converts)"
    )]
    NulByte {
        /// The file.
        path: String,
        /// 1-based line.
        line: usize,
        /// 1-based byte within the line.
        column: usize,
    },
    /// The same input given twice (refused before anything is read).
    #[error("{message}")]
    RepeatedInput {
        /// The second occurrence, as shown.
        path: String,
        /// The whole message.
        message: String,
    },
    /// A structured input (WMT XML, SGML, TSV, JSON Lines) that breaks its format: the message
    /// names the segment id, column or field.
    #[error("{path}:{line}: {message}")]
    Malformed {
        /// The file.
        path: String,
        /// 1-based line.
        line: usize,
        /// What is wrong, with the id or field involved.
        message: String,
    },
    /// A subset selection (`--origlang`, `--domain`, `--subset`) that cannot be applied.
    #[error("{0}")]
    Selection(String),
}
