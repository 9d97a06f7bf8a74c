//! JSON Lines test sets (the Hugging Face datasets habit): one JSON object per line, one segment
//! per object, texts picked by dotted paths: `--fields src=source,ref=translation.fr,hyp:A=out`
//! (`a.b` is key `b` of object `a`; `a.0` is the first item of array `a`).
//!
//! A line that is not JSON, a record without a field, or a field that is not a string is refused
//! with the line and the field; a blank line too (one record per line, none skipped).

use std::path::PathBuf;

use serde_json::Value;

use super::error::CorpusError;
use super::tsv::{Columns, ROLES, Role};
use super::{Corpus, LoadOptions, Loader, read_text_file};

/// One `ROLE=PATH` of `--fields`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Field {
    /// What the field holds.
    pub role: Role,
    /// Dotted path to it in each record.
    pub path: String,
}

/// Parse `--fields`: comma-separated `ROLE=PATH`.
pub fn parse_fields(spec: &str) -> Result<Vec<Field>, String> {
    spec.split(',')
        .filter(|w| !w.trim().is_empty())
        .map(|w| {
            let Some((role, path)) = w.split_once('=') else {
                return Err(format!(
                    "--fields: '{w}' is not ROLE=PATH (ROLE: {ROLES}; PATH: a dotted key path such as translation.fr)"
                ));
            };
            let path = path.trim();
            if path.is_empty() || path.split('.').any(str::is_empty) {
                return Err(format!("--fields: '{w}': empty key in the path"));
            }
            Ok(Field {
                role: Role::parse(role).map_err(|e| format!("--fields: {e}"))?,
                path: path.to_owned(),
            })
        })
        .collect()
}

/// A JSON Lines file.
#[derive(Debug, Clone, Default)]
pub struct JsonLines {
    /// The file (`-`: standard input).
    pub path: PathBuf,
    /// Which field holds what.
    pub fields: Vec<Field>,
}

/// The value at a dotted path, or how far the path got.
fn lookup<'a>(mut v: &'a Value, path: &str) -> Option<&'a Value> {
    for key in path.split('.') {
        v = match v {
            Value::Object(m) => m.get(key)?,
            Value::Array(a) => a.get(key.parse::<usize>().ok()?)?,
            _ => return None,
        };
    }
    Some(v)
}

fn kind(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

impl Loader for JsonLines {
    fn load(&self, opts: &LoadOptions) -> Result<Corpus, CorpusError> {
        let mut warnings = Vec::new();
        let file = read_text_file(&self.path, "", opts, &mut warnings)?;
        let shown = file.path.clone();
        let err = |line: usize, message: String| CorpusError::Malformed {
            path: shown.clone(),
            line,
            message,
        };
        let roles = self.fields.iter().map(|f| f.role.clone()).collect();
        let mut cols = Columns::new(roles, "--fields").map_err(|e| err(1, e))?;
        if file.is_empty() {
            return Err(err(
                1,
                "empty file: expected one JSON object per line".into(),
            ));
        }
        for (i, line) in file.lines().enumerate() {
            let n = i + 1;
            if line.trim().is_empty() {
                return Err(err(
                    n,
                    "blank line: expected one JSON object per line".into(),
                ));
            }
            let record: Value =
                serde_json::from_str(line).map_err(|e| err(n, format!("not valid JSON: {e}")))?;
            for (c, f) in self.fields.iter().enumerate() {
                if f.role == Role::Ignore {
                    continue;
                }
                match lookup(&record, &f.path) {
                    Some(Value::String(s)) => cols.push(c, s.clone()),
                    Some(v) => {
                        return Err(err(
                            n,
                            format!("field {} is {}, not a string", f.path, kind(v)),
                        ));
                    }
                    None => return Err(err(n, format!("no field {}", f.path))),
                }
            }
        }
        let labels: Vec<String> = self
            .fields
            .iter()
            .map(|f| format!("{shown} (field {})", f.path))
            .collect();
        cols.into_corpus(|c| labels[c].clone(), warnings)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_and_paths() {
        let f = parse_fields("src=source,ref=translation.fr,hyp:A=out.0").unwrap();
        assert_eq!(f[1].role, Role::Reference(None));
        assert_eq!(f[2].role, Role::System("A".into()));
        let v: Value = serde_json::from_str(r#"{"translation":{"fr":"x"},"out":["y"]}"#).unwrap();
        assert_eq!(
            lookup(&v, "translation.fr"),
            Some(&Value::String("x".into()))
        );
        assert_eq!(lookup(&v, "out.0"), Some(&Value::String("y".into())));
        assert_eq!(lookup(&v, "out.1"), None);
        assert!(parse_fields("src").is_err());
        assert!(parse_fields("src=a..b").is_err());
        assert!(
            parse_fields("foo=a")
                .unwrap_err()
                .contains("unknown column 'foo'")
        );
    }
}
