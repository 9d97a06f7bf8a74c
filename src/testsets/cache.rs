//! sacreBLEU's cache layout (`dataset/base.py`), so that a cache sacreBLEU filled is read as is
//! and one mtmeter fills is read by sacreBLEU:
//!
//! ```text
//! $SACREBLEU (else ~/.sacrebleu)/
//!   wmt22/raw/wmt22.v1.1.tar.gz            downloads, named <set with / as _>.<URL basename>
//!   wmt22/raw/wmt22-news-systems-1.1/...   and what they unpack to
//!   wmt22/wmt22.de-en.src                  processed text, one file per pair and field
//!   wmt22/wmt22.de-en.ref-A                (`:` in field names written as `-`)
//! ```

use std::path::{Path, PathBuf};

use super::TestSetError;

/// The cache folder: `$SACREBLEU`, else `~/.sacrebleu` (sacreBLEU's `SACREBLEU_DIR`).
pub fn default_dir() -> PathBuf {
    if let Some(dir) = std::env::var_os("SACREBLEU") {
        return PathBuf::from(dir);
    }
    let home = std::env::var_os("HOME").map_or_else(|| PathBuf::from("."), PathBuf::from);
    home.join(".sacrebleu")
}

/// Paths of one test set in a cache.
#[derive(Debug, Clone)]
pub struct SetDir {
    /// `{cache}/{name}`.
    pub dir: PathBuf,
    /// `{cache}/{name}/raw`.
    pub raw: PathBuf,
    /// The name with `/` as `_` (`wmt21/systems` → `wmt21_systems`).
    pub flat: String,
}

impl SetDir {
    /// The folders of test set `name` under `cache`.
    pub fn new(cache: &Path, name: &str) -> Self {
        let dir = cache.join(name);
        Self {
            raw: dir.join("raw"),
            dir,
            flat: name.replace('/', "_"),
        }
    }

    /// Processed text of one field: `{dir}/{flat}.{pair}.{field with : as -}`.
    pub fn text_file(&self, pair: &str, field: &str) -> PathBuf {
        self.dir
            .join(format!("{}.{pair}.{}", self.flat, field.replace(':', "-")))
    }

    /// Where a download is stored: `{raw}/{flat}.{URL basename}`.
    pub fn download_file(&self, url: &str) -> PathBuf {
        let base = url.rsplit('/').next().unwrap_or(url);
        self.raw.join(format!("{}.{base}", self.flat))
    }

    /// A raw file named by the table (relative to `raw/`).
    pub fn raw_file(&self, rel: &str) -> PathBuf {
        self.raw.join(rel)
    }
}

/// Write `lines` (each followed by `\n`, as Python's `print` writes them) to `path` atomically,
/// so an interrupted run leaves no half file that sacreBLEU or mtmeter would take for a
/// finished one.
pub fn write_lines<S: AsRef<str>>(path: &Path, lines: &[S]) -> Result<(), TestSetError> {
    let mut text = String::with_capacity(lines.iter().map(|l| l.as_ref().len() + 1).sum());
    for l in lines {
        text.push_str(l.as_ref());
        text.push('\n');
    }
    let io = |source| TestSetError::Io {
        path: path.display().to_string(),
        source,
    };
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).map_err(io)?;
    }
    crate::report::atomic::write_atomic(path, text.as_bytes()).map_err(io)
}
