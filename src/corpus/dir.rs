//! The corpus folder layout: `DIR/source.<lang>`, `DIR/references/<name>.<lang>`,
//! `DIR/systems/<name>.<lang>`. Other files in `DIR` (README, annotations, XML) are ignored;
//! hidden files (starting with `.`) in the two subfolders are ignored too.

use std::path::{Path, PathBuf};

use super::error::CorpusError;
use super::{Corpus, LoadOptions, Loader, TextFiles};

/// A corpus folder.
#[derive(Debug, Clone)]
pub struct CorpusDir {
    /// The folder.
    pub path: PathBuf,
}

impl CorpusDir {
    /// The explicit file list the folder stands for.
    pub fn files(&self) -> Result<TextFiles, CorpusError> {
        let dir = &self.path;
        if !dir.is_dir() {
            return Err(CorpusError::BadLayout {
                path: dir.clone(),
                problem: "not a folder (expected source.<lang>, references/ and systems/ inside)"
                    .into(),
            });
        }
        let list = |sub: &str| -> Result<Vec<PathBuf>, CorpusError> {
            let p = dir.join(sub);
            if !p.is_dir() {
                return Err(CorpusError::BadLayout {
                    path: dir.clone(),
                    problem: format!("no {sub}/ folder (expected {sub}/<name>.<lang>)"),
                });
            }
            let mut v = files_in(&p).map_err(|source| CorpusError::Unreadable {
                path: p.display().to_string(),
                source,
            })?;
            if v.is_empty() {
                return Err(CorpusError::BadLayout {
                    path: p,
                    problem: format!("no {sub} files inside"),
                });
            }
            v.sort();
            Ok(v)
        };
        let references = list("references")?;
        let systems = list("systems")?;
        let mut sources: Vec<PathBuf> = files_in(dir)
            .map_err(|source| CorpusError::Unreadable {
                path: dir.display().to_string(),
                source,
            })?
            .into_iter()
            .filter(|p| {
                p.file_name()
                    .and_then(|f| f.to_str())
                    .is_some_and(|f| f.starts_with("source."))
            })
            .collect();
        sources.sort();
        if sources.len() > 1 {
            return Err(CorpusError::BadLayout {
                path: dir.clone(),
                problem: format!("{} files named source.*; keep one", sources.len()),
            });
        }
        Ok(TextFiles {
            references,
            systems,
            source: sources.pop(),
        })
    }
}

fn files_in(dir: &Path) -> std::io::Result<Vec<PathBuf>> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir)? {
        let entry = entry?;
        let name = entry.file_name();
        if name.to_string_lossy().starts_with('.') {
            continue;
        }
        if entry.path().is_file() {
            out.push(entry.path());
        }
    }
    Ok(out)
}

impl Loader for CorpusDir {
    fn load(&self, opts: &LoadOptions) -> Result<Corpus, CorpusError> {
        self.files()?.load(opts)
    }
}
