//! sacreBLEU 2.6.0's table of named test sets, as data: `datasets.json`, generated from the
//! installed sacreBLEU by `tests/golden/datasets.py` and embedded at compile time.

use indexmap::IndexMap;
use serde::Deserialize;

/// How a test set's raw files become text files: sacreBLEU's dataset class of that name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
pub enum Format {
    /// WMT's line-oriented pseudo-SGML (`<seg id="1">...</seg>` lines), read with regexes.
    #[serde(rename = "FakeSGMLDataset")]
    FakeSgml,
    /// Like [`Format::FakeSgml`], but files not ending in `.sgm` are plain text.
    #[serde(rename = "WMTAdditionDataset")]
    WmtAddition,
    /// IWSLT's XML, which sacreBLEU reads exactly like [`Format::FakeSgml`].
    #[serde(rename = "IWSLTXMLDataset")]
    IwsltXml,
    /// Line-aligned plain text files.
    #[serde(rename = "PlainTextDataset")]
    PlainText,
    /// One tab-separated file; `N:path` picks column N.
    #[serde(rename = "TSVDataset")]
    Tsv,
    /// The WMT 2021+ XML: source, references, systems and document metadata in one file.
    #[serde(rename = "WMTXMLDataset")]
    WmtXml,
}

/// One language pair of a test set.
#[derive(Debug, Clone, Deserialize)]
pub struct LangPair {
    /// `src-trg`.
    pub pair: String,
    /// Raw files under `raw/`, source first (for TSV sets `column:path`).
    pub files: Vec<String>,
    /// WMT XML: the translators whose references are scored, overriding the set's default.
    pub refs: Option<Vec<String>>,
}

/// One named test set.
#[derive(Debug, Clone, Deserialize)]
pub struct Dataset {
    /// sacreBLEU's name (`wmt22`, `wmt21/systems`).
    pub name: String,
    /// How its raw files are processed.
    pub format: Format,
    /// One line of description (`--list`).
    pub description: String,
    /// BibTeX, if sacreBLEU has it.
    pub citation: Option<String>,
    /// Download URLs.
    pub data: Vec<String>,
    /// md5 of each download, in the order of `data`.
    pub md5: Option<Vec<String>>,
    /// WMT XML: the translators whose references are scored by default.
    #[serde(default)]
    pub refs: Vec<String>,
    /// Language pairs, in sacreBLEU's order.
    pub langpairs: Vec<LangPair>,
}

impl Dataset {
    /// The language pair, if the set has it.
    pub fn langpair(&self, pair: &str) -> Option<&LangPair> {
        self.langpairs.iter().find(|l| l.pair == pair)
    }
}

/// The whole table.
#[derive(Debug, Clone, Deserialize)]
pub struct Table {
    /// The sacreBLEU version it was taken from.
    pub sacrebleu_version: String,
    /// Every test set, in sacreBLEU's order.
    pub datasets: Vec<Dataset>,
    /// `--subset` annotations of old WMT sets: test set → document id → `COUNTRY-domain[-XX]`.
    pub subsets: IndexMap<String, IndexMap<String, String>>,
}

impl Table {
    /// sacreBLEU 2.6.0's table.
    pub fn sacrebleu() -> &'static Table {
        static TABLE: std::sync::OnceLock<Table> = std::sync::OnceLock::new();
        TABLE.get_or_init(|| {
            serde_json::from_str(include_str!("datasets.json"))
                .expect("the embedded datasets.json is checked by a unit test")
        })
    }

    /// A table in the same JSON layout (tests serve their own sets from a local server).
    pub fn from_json(json: &str) -> Result<Table, serde_json::Error> {
        serde_json::from_str(json)
    }

    /// The test set called `name`.
    pub fn get(&self, name: &str) -> Option<&Dataset> {
        self.datasets.iter().find(|d| d.name == name)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_embedded_table_is_sacrebleus() {
        let t = Table::sacrebleu();
        assert_eq!(t.sacrebleu_version, "2.6.0");
        assert_eq!(t.datasets.len(), 67);
        let wmt22 = t.get("wmt22").unwrap();
        assert_eq!(wmt22.format, Format::WmtXml);
        assert_eq!(wmt22.refs, ["A"]);
        assert_eq!(
            wmt22.langpair("cs-en").unwrap().refs.as_deref(),
            Some(&["B".to_owned()][..])
        );
        assert_eq!(
            wmt22.md5.as_deref(),
            Some(&["0840978b9b50b9ac3b2b081e37d620b9".to_owned()][..])
        );
        for d in &t.datasets {
            assert_eq!(
                d.md5.as_ref().map(Vec::len),
                Some(d.data.len()),
                "{}",
                d.name
            );
            assert!(!d.langpairs.is_empty(), "{}", d.name);
        }
        assert_eq!(t.subsets["wmt19"]["bbc.381790"], "GB-politics");
    }
}
