//! sacreBLEU's `-sh/--short` signatures, for a report already built (JSON and LaTeX output;
//! the text table shortens its own).

use super::ScoreReport;

/// The short name of a signature field of metric `key` (sacreBLEU's `_abbr` tables).
fn short_field<'a>(key: &str, field: &'a str) -> &'a str {
    match field {
        "nrefs" => "#",
        "case" => "c",
        "eff" => "e",
        "smooth" | "space" => "s",
        "tok" if key == "ter" => "t",
        "norm" => "nr",
        "punct" => "pn",
        "asian" => "as",
        "seed" => "rs",
        "version" => "v",
        other => other,
    }
}

/// One signature (`nrefs:1|case:mixed|...`) of metric `key` in its short form.
pub fn short_signature(key: &str, long: &str) -> String {
    long.split('|')
        .map(|part| match part.split_once(':') {
            Some((f, v)) => format!("{}:{v}", short_field(key, f)),
            None => part.to_owned(),
        })
        .collect::<Vec<_>>()
        .join("|")
}

/// Replace every signature of the report by its short form.
pub fn shorten_signatures(report: &mut ScoreReport) {
    for s in &mut report.systems {
        for (key, m) in &mut s.metrics {
            m.signature = short_signature(key, &m.signature);
        }
    }
    if let Some(sigs) = &mut report.sentence_signatures {
        for (key, sig) in sigs.iter_mut() {
            *sig = short_signature(key, sig);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_forms_match_sacrebleu() {
        assert_eq!(
            short_signature(
                "bleu",
                "nrefs:1|bs:1000|seed:12345|case:mixed|eff:no|tok:13a|smooth:exp|version:2.6.0"
            ),
            "#:1|bs:1000|rs:12345|c:mixed|e:no|tok:13a|s:exp|v:2.6.0"
        );
        assert_eq!(
            short_signature(
                "chrf",
                "nrefs:1|case:mixed|eff:yes|nc:6|nw:0|space:no|version:2.6.0"
            ),
            "#:1|c:mixed|e:yes|nc:6|nw:0|s:no|v:2.6.0"
        );
        assert_eq!(
            short_signature(
                "ter",
                "nrefs:1|case:lc|tok:tercom|norm:no|punct:yes|asian:no|version:2.6.0"
            ),
            "#:1|c:lc|t:tercom|nr:no|pn:yes|as:no|v:2.6.0"
        );
    }
}
