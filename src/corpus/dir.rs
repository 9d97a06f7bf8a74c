//! The corpus folder layout: `DIR/source.<lang>`, `DIR/references/<name>.<lang>`,
//! `DIR/systems/<name>.<lang>`.
//!
//! A folder is taken for what it holds, not for every file in it: the references fix the target
//! language's extension (they must all share it), and only systems with that extension are
//! scored. Other files in `DIR` (README, annotations, XML) are ignored; in the two subfolders,
//! hidden files, editor backups (`x~`, `x.bak`, `x.orig`, `x.swp`, `#x#`) and systems with
//! another extension are skipped with a warning naming them, so that a stray `systems/README`
//! is not scored, a stray `references/B.fr` in a German set does not become a second reference,
//! and `PROMT.en~` does not stop the run.

use std::path::{Path, PathBuf};

use super::error::CorpusError;
use super::{Corpus, LoadOptions, Loader, TextFiles};

/// A corpus folder.
#[derive(Debug, Clone)]
pub struct CorpusDir {
    /// The folder.
    pub path: PathBuf,
}

/// Why a file in a corpus folder is not an input, if it is one to skip: hidden files and the
/// backups editors and merge tools leave behind.
fn skip_reason(file_name: &str) -> Option<&'static str> {
    if file_name.starts_with('.') {
        Some("hidden")
    } else if file_name.ends_with('~')
        || (file_name.starts_with('#') && file_name.ends_with('#'))
        || [".bak", ".orig", ".swp"]
            .iter()
            .any(|e| file_name.ends_with(e))
    {
        Some("backup")
    } else {
        None
    }
}

/// The extension a corpus file's language is named by (`A.de` → `de`), if any.
fn extension(p: &Path) -> Option<String> {
    let name = p.file_name()?.to_string_lossy().into_owned();
    match name.rsplit_once('.') {
        Some((stem, ext)) if !stem.is_empty() && !ext.is_empty() => Some(ext.to_owned()),
        _ => None,
    }
}

fn file_names(paths: &[PathBuf]) -> String {
    paths
        .iter()
        .map(|p| super::display_path(Path::new(p.file_name().unwrap_or(p.as_os_str()))))
        .collect::<Vec<_>>()
        .join(", ")
}

impl CorpusDir {
    /// The explicit file list the folder stands for, with a warning for every file skipped.
    pub fn files(&self) -> Result<TextFiles, CorpusError> {
        let dir = &self.path;
        if !dir.is_dir() {
            return Err(CorpusError::BadLayout {
                path: dir.clone(),
                problem: "not a folder (expected source.<lang>, references/ and systems/ inside)"
                    .into(),
            });
        }
        let mut warnings = Vec::new();
        let mut list = |sub: &str| -> Result<Vec<PathBuf>, CorpusError> {
            let p = dir.join(sub);
            if !p.is_dir() {
                return Err(CorpusError::BadLayout {
                    path: dir.clone(),
                    problem: format!("no {sub}/ folder (expected {sub}/<name>.<lang>)"),
                });
            }
            let v = files_in(&p, &mut warnings)?;
            if v.is_empty() {
                return Err(CorpusError::BadLayout {
                    path: p,
                    problem: format!("no {sub} files inside"),
                });
            }
            Ok(v)
        };
        let references = list("references")?;
        let systems = list("systems")?;

        // The references name the target language; they must agree on it.
        let mut by_ext: Vec<(Option<String>, Vec<PathBuf>)> = Vec::new();
        for r in &references {
            let e = extension(r);
            match by_ext.iter_mut().find(|(x, _)| *x == e) {
                Some((_, v)) => v.push(r.clone()),
                None => by_ext.push((e, vec![r.clone()])),
            }
        }
        let lang = match by_ext.as_slice() {
            [(Some(ext), _)] => ext.clone(),
            _ => {
                let groups: Vec<String> = by_ext
                    .iter()
                    .map(|(e, v)| {
                        format!(
                            "{}: {}",
                            e.as_deref()
                                .map_or_else(|| "no extension".to_owned(), |e| format!(".{e}")),
                            file_names(v)
                        )
                    })
                    .collect();
                return Err(CorpusError::BadLayout {
                    path: dir.join("references"),
                    problem: format!(
                        "the references must share one language extension, found {}; keep the references of one target language",
                        groups.join("; ")
                    ),
                });
            }
        };
        let (systems, other): (Vec<PathBuf>, Vec<PathBuf>) = systems
            .into_iter()
            .partition(|s| extension(s).as_deref() == Some(lang.as_str()));
        if !other.is_empty() {
            warnings.push(format!(
                "{}: skipped {} (not .{lang}, the references' extension)",
                super::display_path(&dir.join("systems")),
                file_names(&other)
            ));
        }
        if systems.is_empty() {
            return Err(CorpusError::BadLayout {
                path: dir.join("systems"),
                problem: format!("no system file ending in .{lang}, the references' extension"),
            });
        }

        let mut sources: Vec<PathBuf> = files_in(dir, &mut Vec::new())?
            .into_iter()
            .filter(|p| {
                p.file_name()
                    .and_then(|f| f.to_str())
                    .is_some_and(|f| f.starts_with("source."))
            })
            .collect();
        if sources.len() > 1 {
            return Err(CorpusError::BadLayout {
                path: dir.clone(),
                problem: format!(
                    "{} files named source.* ({}); keep one",
                    sources.len(),
                    file_names(&sources)
                ),
            });
        }
        Ok(TextFiles {
            references,
            systems,
            source: sources.pop(),
            warnings,
        })
    }
}

/// The regular files in `dir`, sorted, without hidden and backup files (a warning names those).
fn files_in(dir: &Path, warnings: &mut Vec<String>) -> Result<Vec<PathBuf>, CorpusError> {
    let unreadable = |source| CorpusError::Unreadable {
        path: super::display_path(dir),
        source,
    };
    let mut out = Vec::new();
    let mut skipped = Vec::new();
    for entry in std::fs::read_dir(dir).map_err(unreadable)? {
        let path = entry.map_err(unreadable)?.path();
        // `is_file` follows symbolic links: a linked system output is an input like any other.
        if !path.is_file() {
            continue;
        }
        let name = path
            .file_name()
            .map(|f| f.to_string_lossy().into_owned())
            .unwrap_or_default();
        match skip_reason(&name) {
            Some(why) => skipped.push((path, why)),
            None => out.push(path),
        }
    }
    out.sort();
    skipped.sort();
    for (why, label) in [("hidden", "hidden files"), ("backup", "backup files")] {
        let these: Vec<PathBuf> = skipped
            .iter()
            .filter(|(_, w)| *w == why)
            .map(|(p, _)| p.clone())
            .collect();
        if !these.is_empty() {
            warnings.push(format!(
                "{}: skipped {label} {}",
                super::display_path(dir),
                file_names(&these)
            ));
        }
    }
    Ok(out)
}

impl Loader for CorpusDir {
    fn load(&self, opts: &LoadOptions) -> Result<Corpus, CorpusError> {
        self.files()?.load(opts)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tree(files: &[(&str, &str)]) -> tempfile::TempDir {
        let d = tempfile::tempdir().unwrap();
        for (name, text) in files {
            let p = d.path().join(name);
            std::fs::create_dir_all(p.parent().unwrap()).unwrap();
            std::fs::write(p, text).unwrap();
        }
        d
    }

    fn names(v: &[PathBuf]) -> Vec<String> {
        v.iter()
            .map(|p| p.file_name().unwrap().to_string_lossy().into_owned())
            .collect()
    }

    #[test]
    fn skip_reasons() {
        for f in [".DS_Store", ".PROMT.en.swp"] {
            assert_eq!(skip_reason(f), Some("hidden"), "{f}");
        }
        for f in ["PROMT.en~", "A.de.bak", "A.de.orig", "A.de.swp", "#A.de#"] {
            assert_eq!(skip_reason(f), Some("backup"), "{f}");
        }
        for f in ["A.de", "README", "sys.bak.de", "#1.de"] {
            assert_eq!(skip_reason(f), None, "{f}");
        }
    }

    #[test]
    fn only_files_in_the_references_language_are_taken() {
        let d = tree(&[
            ("source.en", "a\n"),
            ("source.en~", "old\n"),
            ("README.md", "x\n"),
            ("references/A.de", "a\n"),
            ("references/.A.de.swp", "x\n"),
            ("systems/PROMT.de", "a\n"),
            ("systems/PROMT.de~", "a\n"),
            ("systems/README", "x\n"),
            ("systems/notes.txt", "x\n"),
            ("systems/#Online-B.de#", "x\n"),
        ]);
        let f = CorpusDir {
            path: d.path().to_owned(),
        }
        .files()
        .unwrap();
        assert_eq!(names(&f.references), ["A.de"]);
        assert_eq!(names(&f.systems), ["PROMT.de"]);
        assert_eq!(
            names(&f.source.into_iter().collect::<Vec<_>>()),
            ["source.en"]
        );
        let w = f.warnings.join("\n");
        assert!(w.contains("skipped hidden files .A.de.swp"), "{w}");
        assert!(
            w.contains("skipped backup files #Online-B.de#, PROMT.de~"),
            "{w}"
        );
        assert!(
            w.contains("skipped README, notes.txt (not .de, the references' extension)"),
            "{w}"
        );
        // Backups of the source are not sources either (no "2 files named source.*"), and
        // nothing outside the subfolders gets a note.
        assert_eq!(f.warnings.len(), 3, "{w}");
    }

    #[test]
    fn references_that_disagree_on_the_language_are_refused() {
        let d = tree(&[
            ("references/A.de", "a\n"),
            ("references/B.fr", "a\n"),
            ("references/README", "a\n"),
            ("systems/S.de", "a\n"),
        ]);
        let e = CorpusDir {
            path: d.path().to_owned(),
        }
        .files()
        .unwrap_err()
        .to_string();
        assert!(
            e.ends_with(
                "references: the references must share one language extension, found .de: A.de; .fr: B.fr; no extension: README; keep the references of one target language"
            ),
            "{e}"
        );
        assert_eq!(e.lines().count(), 1);
    }

    #[test]
    fn a_folder_without_systems_in_the_language_is_refused() {
        let d = tree(&[("references/A.de", "a\n"), ("systems/S.fr", "a\n")]);
        let e = CorpusDir {
            path: d.path().to_owned(),
        }
        .files()
        .unwrap_err()
        .to_string();
        assert!(
            e.ends_with("no system file ending in .de, the references' extension"),
            "{e}"
        );
    }
}
