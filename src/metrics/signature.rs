//! Reproducibility signatures in sacreBLEU's format (`nrefs:1|case:mixed|eff:no|tok:13a|...`).

use std::fmt;

/// The version field of every signature: mtmeter's own name and version, so nobody mistakes an
/// mtmeter number for one printed by sacreBLEU (all other fields are sacreBLEU's).
pub const VERSION_FIELD: &str = concat!("mtmeter-", env!("CARGO_PKG_VERSION"));

/// An ordered list of `key:value` fields; `version` always last, as sacreBLEU prints it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Signature {
    fields: Vec<(String, String, String)>,
}

impl Signature {
    /// Start a signature with sacreBLEU's leading field, `nrefs`.
    pub fn new(nrefs: usize) -> Self {
        let mut s = Self { fields: Vec::new() };
        s.push("nrefs", "#", nrefs.to_string());
        s
    }

    /// A signature without `nrefs`, for scores computed by another tool
    /// ([`super::external`]), whose references are not known here.
    pub fn empty() -> Self {
        Self { fields: Vec::new() }
    }

    /// Append a field (`key`, its short form for `--short`, value).
    pub fn push(&mut self, key: &str, short: &str, value: impl Into<String>) -> &mut Self {
        self.fields
            .push((key.to_owned(), short.to_owned(), value.into()));
        self
    }

    /// Insert a field right after `nrefs` (sacreBLEU puts `bs`, `ar` and `seed` there).
    pub fn insert_after_nrefs(&mut self, key: &str, short: &str, value: impl Into<String>) {
        let pos = self
            .fields
            .iter()
            .position(|f| !matches!(f.0.as_str(), "nrefs" | "bs" | "ar" | "seed"))
            .unwrap_or(self.fields.len());
        // Keep sacreBLEU's relative order nrefs, bs, ar, seed.
        let rank = |k: &str| match k {
            "nrefs" => 0,
            "bs" => 1,
            "ar" => 2,
            "seed" => 3,
            _ => 4,
        };
        let at = self.fields[..pos]
            .iter()
            .position(|f| rank(&f.0) > rank(key))
            .unwrap_or(pos);
        self.fields
            .insert(at, (key.to_owned(), short.to_owned(), value.into()));
    }

    /// Append `unicode:<form>` (short `u:<form>`) when the inputs were Unicode-normalized: a
    /// field sacreBLEU does not have, present only when mtmeter changed the text it scored.
    /// (Not `norm`: sacreBLEU's TER signature has a `norm` field for its own option.)
    pub fn with_normalization(mut self, form: Option<crate::corpus::Normalization>) -> Self {
        if let Some(form) = form {
            self.push("unicode", "u", form.name());
        }
        self
    }

    /// Value of a field.
    pub fn get(&self, key: &str) -> Option<&str> {
        self.fields
            .iter()
            .find(|f| f.0 == key)
            .map(|f| f.2.as_str())
    }

    /// The long (`short == false`) or abbreviated form.
    pub fn format(&self, short: bool) -> String {
        let mut parts: Vec<String> = self
            .fields
            .iter()
            .map(|(k, s, v)| format!("{}:{}", if short { s } else { k }, v))
            .collect();
        parts.push(format!(
            "{}:{}",
            if short { "v" } else { "version" },
            VERSION_FIELD
        ));
        parts.join("|")
    }
}

impl fmt::Display for Signature {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.format(false))
    }
}

/// sacreBLEU prints booleans in signatures as `yes`/`no`.
pub fn yes_no(b: bool) -> &'static str {
    if b { "yes" } else { "no" }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_like_sacrebleu_with_version_last() {
        let mut s = Signature::new(2);
        s.push("case", "c", "mixed").push("eff", "e", "no");
        s.insert_after_nrefs("seed", "rs", "12345");
        s.insert_after_nrefs("bs", "bs", "1000");
        let v = VERSION_FIELD;
        assert_eq!(
            s.format(false),
            format!("nrefs:2|bs:1000|seed:12345|case:mixed|eff:no|version:{v}")
        );
        assert_eq!(
            s.format(true),
            format!("#:2|bs:1000|rs:12345|c:mixed|e:no|v:{v}")
        );
    }

    #[test]
    fn normalization_is_a_field_only_when_applied() {
        use crate::corpus::Normalization;
        let mut s = Signature::new(1);
        s.push("case", "c", "mixed");
        let v = VERSION_FIELD;
        assert_eq!(
            s.clone().with_normalization(None).format(false),
            format!("nrefs:1|case:mixed|version:{v}")
        );
        let mut n = s.with_normalization(Some(Normalization::Nfkc));
        n.insert_after_nrefs("bs", "bs", "1000");
        assert_eq!(
            n.format(false),
            format!("nrefs:1|bs:1000|case:mixed|unicode:nfkc|version:{v}")
        );
        assert_eq!(n.format(true), format!("#:1|bs:1000|c:mixed|u:nfkc|v:{v}"));
        assert_eq!(n.get("unicode"), Some("nfkc"));
    }
}
