//! sacreBLEU 2.6.0 compatibility of the command line: one table of every sacreBLEU flag (its
//! meaning there, and what mtmeter does with it), and the argument rewriting that applies it
//! before clap sees the arguments.
//!
//! sacreBLEU's argparse has multi-character single-dash options (`-lc`, `-tok`, `-sl`, ...). clap
//! reads `-lc` as `-l c`, so [`rewrite`] replaces each of them by its long form first, expands
//! argparse-style unique abbreviations of sacreBLEU's long options (`--lower` → `--lowercase`),
//! and refuses every sacreBLEU flag mtmeter does not implement with one line saying what to use
//! instead. No sacreBLEU spelling is ever read as something else.
//!
//! [`FLAGS`] is the single source of truth: the README table ([`markdown_table`]) and the
//! integration tests (`tests/integration/flags.rs`, one case per row and spelling) are generated
//! from it. This file depends on `std` only, so the tests include it directly.

use std::ffi::OsString;

/// What mtmeter does with a sacreBLEU flag.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ours {
    /// Accepted with sacreBLEU's meaning; the text says anything worth knowing.
    Accepted(&'static str),
    /// Accepted with a deliberately wider meaning than sacreBLEU's; the text says how (the
    /// numbers printed never differ).
    Wider(&'static str),
    /// Refused (exit 2, one line); the text says what to use instead.
    #[allow(
        dead_code,
        reason = "every sacreBLEU 2.6.0 flag is accepted today; the refusal stays for flags of later versions"
    )]
    Refused(&'static str),
}

/// What the generated test of a row checks.
#[allow(
    dead_code,
    reason = "read by tests/integration/flags.rs, which includes this file"
)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Expect {
    /// Exit 0, and `-b -w 4` prints exactly what sacreBLEU 2.6.0 prints for the same command
    /// (golden `tests/golden/flags.json`, made by `tests/golden/flags.py`).
    Golden,
    /// Exit 0, and standard output contains this text.
    Stdout(&'static str),
    /// Exit 2 with one line on standard error naming the flag.
    Refused,
    /// Exit 0, and `-i SYS <flag> <args> -b -f text -w 4` prints exactly what sacreBLEU 2.6.0
    /// prints for it with `$SACREBLEU` pointing at a cache holding wmt19 de-en made from the
    /// demo corpus (raw SGML with document metadata; `tests/golden/flags.py` and
    /// `tests/integration/flags.rs` build the same one; golden `testset` in flags.json).
    TestSet,
}

/// One sacreBLEU flag.
#[allow(
    dead_code,
    reason = "value, test_args and expect are read by the tests and the README table"
)]
#[derive(Debug, Clone, Copy)]
pub struct Flag {
    /// sacreBLEU's spellings, short first (`["-lc", "--lowercase"]`).
    pub names: &'static [&'static str],
    /// The value the flag takes in the documentation (`""` for a switch).
    pub value: &'static str,
    /// What the flag means in sacreBLEU 2.6.0.
    pub meaning: &'static str,
    /// What it does here.
    pub ours: Ours,
    /// Arguments after the flag in its test (`mtmeter score REF -i SYS <flag> <args>`, or
    /// `mtmeter score REF <flag> <args>` when the flag is `-i` or the arguments give `-i`).
    pub test_args: &'static [&'static str],
    /// What the test checks.
    pub expect: Expect,
}

impl Flag {
    /// The long spelling (`--lowercase`), if sacreBLEU has one.
    pub fn long(&self) -> Option<&'static str> {
        self.names.iter().copied().find(|n| n.starts_with("--"))
    }

    /// sacreBLEU's spellings joined for messages: `-lc/--lowercase`.
    pub fn spelled(&self) -> String {
        self.names.join("/")
    }

    /// The one-line refusal, for refused flags.
    pub fn refusal(&self) -> Option<String> {
        match self.ours {
            Ours::Refused(instead) => Some(format!(
                "sacreBLEU's {} ({}) is not supported by mtmeter: {instead}",
                self.spelled(),
                self.meaning
            )),
            Ours::Accepted(_) | Ours::Wider(_) => None,
        }
    }
}

/// Every option of sacreBLEU 2.6.0's command line (`sacrebleu/sacrebleu.py`, `parse_args`), in
/// its order.
pub const FLAGS: &[Flag] = &[
    Flag {
        names: &["--citation", "--cite"],
        value: "",
        meaning: "print the test set's BibTeX citation and quit",
        ours: Ours::Wider(
            "sacreBLEU 2.6.0 stops with a TypeError instead of printing it; mtmeter prints it",
        ),
        test_args: &["-t", "wmt19"],
        expect: Expect::Stdout("@proceedings{ws-2019-machine,"),
    },
    Flag {
        names: &["--list"],
        value: "",
        meaning: "list the test sets sacreBLEU can download",
        ours: Ours::Accepted(
            "sacreBLEU 2.6.0's table; with -l the sets having that pair, with -t the set's pairs and their fields",
        ),
        test_args: &[],
        expect: Expect::TestSet,
    },
    Flag {
        names: &["-t", "--test-set"],
        value: "SET",
        meaning: "a test set by name",
        ours: Ours::Accepted(
            "with -l; read from sacreBLEU's cache ($SACREBLEU, else ~/.sacrebleu), else downloaded into it with md5 checks; `wmt21,wmt22` concatenates; also for analyze and evaluate (the tokenizer is -tok/--tokenize)",
        ),
        test_args: &["wmt19", "-l", "de-en"],
        expect: Expect::TestSet,
    },
    Flag {
        names: &["-l", "--language-pair"],
        value: "SRC-TRG",
        meaning: "source-target language pair; the target picks the default BLEU tokenizer",
        ours: Ours::Accepted(
            "only `xx-yy` (2–3 letter codes, optionally `_Script`/`_REGION`: `zh_Hant`, `pt_BR`); target zh picks `zh`, ja/ko are refused until their MeCab tokenizers exist",
        ),
        test_args: &["it-fr"],
        expect: Expect::Golden,
    },
    Flag {
        names: &["-ol", "--origlang"],
        value: "LANG",
        meaning: "only the segments of a test set whose original language is LANG",
        ours: Ours::Accepted(
            "`non-LANG` for all others; WMT XML and SGML sets (where sacreBLEU 2.6.0 stops with a KeyError on pairs with a reference override, such as wmt22 cs-en, mtmeter filters)",
        ),
        test_args: &["de", "-t", "wmt19", "-l", "de-en"],
        expect: Expect::TestSet,
    },
    Flag {
        names: &["--subset"],
        value: "REGEX",
        meaning: "only the documents of a test set matching REGEX",
        ours: Ours::Accepted(
            "the document's domain (WMT XML) or sacreBLEU's annotation (wmt18, wmt19); Rust regex syntax",
        ),
        test_args: &["politics", "-t", "wmt19", "-l", "de-en"],
        expect: Expect::TestSet,
    },
    Flag {
        names: &["--download"],
        value: "SET",
        meaning: "download a test set and quit",
        ours: Ours::Wider(
            "also without -l (every pair; sacreBLEU 2.6.0 stops with a KeyError there); atomic: a failed or mismatching download leaves the cache as it was",
        ),
        test_args: &["wmt19", "-l", "de-en"],
        expect: Expect::TestSet,
    },
    Flag {
        names: &["--echo"],
        value: "FIELD",
        meaning: "print a field (src, ref, docid) of a test set and quit",
        ours: Ours::Accepted(
            "WMT XML reference fields in sorted order (sacreBLEU's follows a Python set's, which changes from run to run)",
        ),
        test_args: &["src", "ref", "origlang", "-t", "wmt19", "-l", "de-en"],
        expect: Expect::TestSet,
    },
    Flag {
        names: &["-i", "--input"],
        value: "SYS...",
        meaning: "system output files (standard input without it)",
        ours: Ours::Accepted(
            "`-` is standard input; `NAME=PATH` names a system (references too); without -i mtmeter asks for it instead of waiting on standard input",
        ),
        test_args: &[],
        expect: Expect::Golden,
    },
    Flag {
        names: &["-nr", "--num-refs"],
        value: "N",
        meaning: "split the one reference file on tabs into N references",
        ours: Ours::Accepted(
            "N > 1 needs exactly one reference file with N tab-separated fields per line",
        ),
        test_args: &["1"],
        expect: Expect::Golden,
    },
    Flag {
        names: &["-e", "--encoding"],
        value: "ENC",
        meaning: "encoding of the input files (default utf-8)",
        ours: Ours::Accepted(
            "only UTF-8 (`utf-8`, `utf8`, any case); other encodings are refused: convert with `iconv -f ENC -t UTF-8`",
        ),
        test_args: &["utf-8"],
        expect: Expect::Golden,
    },
    Flag {
        names: &["-m", "--metrics"],
        value: "M...",
        meaning: "metrics: bleu, chrf, ter",
        ours: Ours::Accepted("also `chrf++` (chrF with word order 2); columns in request order"),
        test_args: &["bleu", "chrf", "ter"],
        expect: Expect::Golden,
    },
    Flag {
        names: &["-sl", "--sentence-level"],
        value: "",
        meaning: "score every segment",
        ours: Ours::Accepted(
            "several metrics and systems at once are allowed; the corpus table follows the segments (with -b only the segment scores, like sacreBLEU)",
        ),
        test_args: &[],
        expect: Expect::Golden,
    },
    Flag {
        names: &["-s", "--smooth-method"],
        value: "exp|floor|add-k|none",
        meaning: "BLEU smoothing method",
        ours: Ours::Accepted(""),
        test_args: &["floor"],
        expect: Expect::Golden,
    },
    Flag {
        names: &["-sv", "--smooth-value"],
        value: "X",
        meaning: "BLEU smoothing value (floor, add-k)",
        ours: Ours::Accepted("a negative value may follow as its own word (`-sv -1`)"),
        test_args: &["0.3", "-s", "floor"],
        expect: Expect::Golden,
    },
    Flag {
        names: &["-tok", "--tokenize"],
        value: "TOK",
        meaning: "BLEU tokenizer",
        ours: Ours::Accepted(
            "none, 13a, intl, char, zh; ja-mecab, ko-mecab, spm, flores101, flores200 are refused (not implemented yet)",
        ),
        test_args: &["intl"],
        expect: Expect::Golden,
    },
    Flag {
        names: &["-lc", "--lowercase"],
        value: "",
        meaning: "case-insensitive BLEU",
        ours: Ours::Accepted(""),
        test_args: &[],
        expect: Expect::Golden,
    },
    Flag {
        names: &["--force"],
        value: "",
        meaning: "do not warn that the input looks tokenized",
        ours: Ours::Accepted(
            "mtmeter never warns about tokenized-looking input, so it changes nothing",
        ),
        test_args: &[],
        expect: Expect::Golden,
    },
    Flag {
        names: &["-cc", "--chrf-char-order"],
        value: "N",
        meaning: "chrF character n-gram order",
        ours: Ours::Accepted(""),
        test_args: &["4", "-m", "chrf"],
        expect: Expect::Golden,
    },
    Flag {
        names: &["-cw", "--chrf-word-order"],
        value: "N",
        meaning: "chrF word n-gram order (2 = chrF++)",
        ours: Ours::Accepted("for `-m chrf`; `-m chrf++` is always word order 2"),
        test_args: &["2", "-m", "chrf"],
        expect: Expect::Golden,
    },
    Flag {
        names: &["--chrf-beta"],
        value: "N",
        meaning: "chrF recall weight",
        ours: Ours::Accepted(""),
        test_args: &["1", "-m", "chrf"],
        expect: Expect::Golden,
    },
    Flag {
        names: &["--chrf-whitespace"],
        value: "",
        meaning: "keep whitespace in chrF character n-grams",
        ours: Ours::Accepted(""),
        test_args: &["-m", "chrf"],
        expect: Expect::Golden,
    },
    Flag {
        names: &["--chrf-lowercase"],
        value: "",
        meaning: "case-insensitive chrF",
        ours: Ours::Accepted(""),
        test_args: &["-m", "chrf"],
        expect: Expect::Golden,
    },
    Flag {
        names: &["--chrf-eps-smoothing"],
        value: "",
        meaning: "chrF epsilon smoothing instead of effective order",
        ours: Ours::Accepted(""),
        test_args: &["-m", "chrf"],
        expect: Expect::Golden,
    },
    Flag {
        names: &["--ter-case-sensitive"],
        value: "",
        meaning: "case-sensitive TER",
        ours: Ours::Accepted(""),
        test_args: &["-m", "ter"],
        expect: Expect::Golden,
    },
    Flag {
        names: &["--ter-asian-support"],
        value: "",
        meaning: "TER: split CJK characters",
        ours: Ours::Accepted(""),
        test_args: &["-m", "ter"],
        expect: Expect::Golden,
    },
    Flag {
        names: &["--ter-no-punct"],
        value: "",
        meaning: "TER: remove punctuation",
        ours: Ours::Accepted(""),
        test_args: &["-m", "ter"],
        expect: Expect::Golden,
    },
    Flag {
        names: &["--ter-normalized"],
        value: "",
        meaning: "TER: normalise and tokenize punctuation",
        ours: Ours::Accepted(""),
        test_args: &["-m", "ter"],
        expect: Expect::Golden,
    },
    Flag {
        names: &["-ci", "--confidence"],
        value: "",
        meaning: "bootstrap 95% confidence interval",
        ours: Ours::Accepted(
            "also for several systems (each its own interval) and with --paired-ar; seed 12345 unless --seed or SACREBLEU_SEED",
        ),
        test_args: &[],
        expect: Expect::Golden,
    },
    Flag {
        names: &["-cin", "--confidence-n"],
        value: "N",
        meaning: "bootstrap resamples for --confidence",
        ours: Ours::Accepted(""),
        test_args: &["200", "--confidence"],
        expect: Expect::Golden,
    },
    Flag {
        names: &["-par", "--paired-ar"],
        value: "",
        meaning: "paired approximate randomization against the first system",
        ours: Ours::Accepted(""),
        test_args: &[
            "-parn",
            "100",
            "-i",
            "systems/neural-a.fr",
            "systems/neural-b.fr",
        ],
        expect: Expect::Stdout("approximate randomization (100 trials)"),
    },
    Flag {
        names: &["-pbs", "--paired-bs"],
        value: "",
        meaning: "paired bootstrap resampling against the first system",
        ours: Ours::Accepted(""),
        test_args: &[
            "-pbsn",
            "100",
            "-i",
            "systems/neural-a.fr",
            "systems/neural-b.fr",
        ],
        expect: Expect::Stdout("bootstrap resampling (100 resamples)"),
    },
    Flag {
        names: &["-parn", "--paired-ar-n"],
        value: "N",
        meaning: "trials of --paired-ar",
        ours: Ours::Accepted(""),
        test_args: &[
            "50",
            "--paired-ar",
            "-i",
            "systems/neural-a.fr",
            "systems/neural-b.fr",
        ],
        expect: Expect::Stdout("approximate randomization (50 trials)"),
    },
    Flag {
        names: &["-pbsn", "--paired-bs-n"],
        value: "N",
        meaning: "resamples of --paired-bs",
        ours: Ours::Accepted(""),
        test_args: &[
            "50",
            "--paired-bs",
            "-i",
            "systems/neural-a.fr",
            "systems/neural-b.fr",
        ],
        expect: Expect::Stdout("bootstrap resampling (50 resamples)"),
    },
    Flag {
        names: &["-j", "--paired-jobs"],
        value: "N",
        meaning: "worker processes of the paired tests (0: one per system)",
        ours: Ours::Wider(
            "worker threads for all the work, not only the paired tests (0 or absent: all cores); results never depend on it",
        ),
        test_args: &["1"],
        expect: Expect::Golden,
    },
    Flag {
        names: &["-q", "--quiet"],
        value: "",
        meaning: "no messages on standard error",
        ours: Ours::Accepted("warnings are not printed; errors still are"),
        test_args: &[],
        expect: Expect::Golden,
    },
    Flag {
        names: &["-sh", "--short"],
        value: "",
        meaning: "short signatures",
        ours: Ours::Accepted("in the text table and in JSON"),
        test_args: &["-f", "text"],
        expect: Expect::Stdout("#:1|c:mixed|e:no|tok:13a|s:exp|v:"),
    },
    Flag {
        names: &["-b", "--score-only"],
        value: "",
        meaning: "print only the score",
        ours: Ours::Accepted(
            "one line per metric (sacreBLEU's order: BLEU, chrF, TER), whatever -f says (sacreBLEU's default json wraps several in `[ ]`); with several systems, where sacreBLEU ignores -b, one line per system: `name<TAB>scores`",
        ),
        test_args: &[],
        expect: Expect::Golden,
    },
    Flag {
        names: &["-w", "--width"],
        value: "N",
        meaning: "decimals of printed scores",
        ours: Ours::Accepted(""),
        test_args: &["2"],
        expect: Expect::Golden,
    },
    Flag {
        names: &["-d", "--detail"],
        value: "",
        meaning: "scores by original language of a test set",
        ours: Ours::Wider(
            "sacreBLEU's table, after the scores; also from WMT XML, SGML and origlang/domain columns, for several systems (one label `system=NAME ...` each), with --origlang (sacreBLEU 2.6.0 fails there) and in JSON (under `detail`; sacreBLEU falls back to text)",
        ),
        test_args: &["-m", "bleu", "chrf", "ter", "-t", "wmt19", "-l", "de-en"],
        expect: Expect::TestSet,
    },
    Flag {
        names: &["-nc", "--no-color"],
        value: "",
        meaning: "no terminal colours",
        ours: Ours::Accepted("mtmeter prints no colours, so it changes nothing"),
        test_args: &[],
        expect: Expect::Golden,
    },
    Flag {
        names: &["-f", "--format"],
        value: "json|text|latex",
        meaning: "output format (sacreBLEU's default: json)",
        ours: Ours::Accepted(
            "the default is text, piped or not; json is mtmeter's documented JSON, not sacreBLEU's; latex is sacreBLEU's booktabs table",
        ),
        test_args: &["latex"],
        expect: Expect::Stdout("\\begin{tabular}{rc}"),
    },
    Flag {
        names: &["-V", "--version"],
        value: "",
        meaning: "print the version",
        ours: Ours::Accepted("mtmeter's version"),
        test_args: &[],
        expect: Expect::Stdout("mtmeter"),
    },
];

/// The rows as a Markdown table (the README's "sacreBLEU flags" section).
#[allow(
    dead_code,
    reason = "the README check in tests/integration/flags.rs renders it"
)]
pub fn markdown_table() -> String {
    let mut out =
        String::from("| sacreBLEU flag | sacreBLEU's meaning | mtmeter |\n|---|---|---|\n");
    for f in FLAGS {
        let names = f
            .names
            .iter()
            .map(|n| format!("`{n}`"))
            .collect::<Vec<_>>()
            .join(" ");
        let names = if f.value.is_empty() {
            names
        } else {
            format!("{names} `{}`", f.value)
        };
        let ours = match f.ours {
            Ours::Accepted("") => "same".to_owned(),
            Ours::Accepted(note) => format!("same; {note}"),
            Ours::Wider(note) => format!("**wider**: {note}"),
            Ours::Refused(instead) => format!("**refused**: {instead}"),
        };
        out.push_str(&format!(
            "| {} | {} | {} |\n",
            names.replace('|', "\\|"),
            f.meaning.replace('|', "\\|"),
            ours.replace('|', "\\|")
        ));
    }
    out
}

/// The row of an exact sacreBLEU spelling.
pub fn find(name: &str) -> Option<&'static Flag> {
    FLAGS.iter().find(|f| f.names.contains(&name))
}

/// Whether `s` is a language pair `xx-yy`: a 2–3 letter lowercase code on each side, each
/// optionally followed by `_` and a script or region subtag of 2–4 letters or digits
/// (`zh_Hant`, `pt_BR`).
pub fn is_language_pair(s: &str) -> bool {
    fn code(c: &str) -> bool {
        let (lang, sub) = match c.split_once('_') {
            Some((l, s)) => (l, Some(s)),
            None => (c, None),
        };
        (2..=3).contains(&lang.len())
            && lang.bytes().all(|b| b.is_ascii_lowercase())
            && sub.is_none_or(|s| {
                (2..=4).contains(&s.len()) && s.bytes().all(|b| b.is_ascii_alphanumeric())
            })
    }
    matches!(s.split_once('-'), Some((a, b)) if code(a) && code(b))
}

/// clap value parser of `-l`.
pub fn parse_language_pair(s: &str) -> Result<String, String> {
    if is_language_pair(s) {
        Ok(s.to_owned())
    } else {
        Err(format!(
            "'{s}' is not a language pair: -l takes SRC-TRG with 2-3 letter codes, e.g. en-de (for sacreBLEU's lowercase use -lc or --lowercase)"
        ))
    }
}

/// Rewrite the command line before clap parses it.
///
/// `args` is the whole command line (program name first). Only the words after the subcommand
/// (the first word not starting with `-`) and before `--` are looked at. `our_longs` are the
/// long options of the subcommand (`--names`, ...) that mtmeter knows itself: they are passed
/// through untouched. Everything else that is a sacreBLEU spelling is either rewritten to the
/// long form clap knows or refused with its one-line message:
///
/// * a multi-character single-dash alias (`-lc`, `-tok 13a`, `-tok=13a`) becomes its long form;
/// * a unique prefix of one of sacreBLEU's long options (argparse's abbreviations) becomes that
///   option;
/// * a refused flag, also glued to its value (`-twmt22`, which argparse reads as `-t wmt22`),
///   is an error.
pub fn rewrite(args: Vec<OsString>, our_longs: &[String]) -> Result<Vec<OsString>, String> {
    let mut out = Vec::with_capacity(args.len());
    let mut iter = args.into_iter();
    out.extend(iter.next());
    let mut in_subcommand = false;
    for arg in iter.by_ref() {
        let Some(s) = arg.to_str() else {
            out.push(arg);
            continue;
        };
        if s == "--" {
            out.push(arg);
            break;
        }
        if !in_subcommand {
            in_subcommand = !s.starts_with('-');
            out.push(arg);
            continue;
        }
        out.push(rewrite_word(s, our_longs)?.map_or(arg, OsString::from));
    }
    out.extend(iter);
    Ok(out)
}

/// One word: `Ok(None)` keeps it, `Ok(Some(w))` replaces it.
fn rewrite_word(s: &str, our_longs: &[String]) -> Result<Option<String>, String> {
    if !s.starts_with('-') || s == "-" || is_number(s) {
        return Ok(None);
    }
    let (flag, value) = match s.split_once('=') {
        Some((f, v)) => (f, Some(v)),
        None => (s, None),
    };
    let with_value = |long: &str| match value {
        Some(v) => format!("{long}={v}"),
        None => long.to_owned(),
    };
    if let Some(f) = find(flag) {
        if let Some(msg) = f.refusal() {
            return Err(msg);
        }
        // Multi-character single-dash alias: its long form.
        if !flag.starts_with("--")
            && flag.len() > 2
            && let Some(long) = f.long()
        {
            return Ok(Some(with_value(long)));
        }
        return Ok(None);
    }
    if let Some(rest) = flag.strip_prefix("--") {
        if rest.is_empty() || our_longs.iter().any(|l| l == rest) {
            return Ok(None);
        }
        // argparse accepts any unique prefix of a long option.
        let matches: Vec<&Flag> = FLAGS
            .iter()
            .filter(|f| {
                f.names
                    .iter()
                    .any(|n| n.starts_with("--") && n.starts_with(flag))
            })
            .collect();
        if let [f] = matches.as_slice() {
            if let Some(msg) = f.refusal() {
                return Err(msg);
            }
            if let Some(long) = f.long() {
                return Ok(Some(with_value(long)));
            }
        }
        return Ok(None);
    }
    // `-tVALUE`, `-dq`: argparse reads the first letter as the option.
    if let Some(msg) = s.get(..2).and_then(find).and_then(Flag::refusal) {
        return Err(msg);
    }
    Ok(None)
}

/// `-1`, `-0.5`, `-1e3`: a value, never an option (argparse treats them so too).
fn is_number(s: &str) -> bool {
    s.parse::<f64>().is_ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rw(args: &[&str]) -> Result<Vec<String>, String> {
        let v = args.iter().map(OsString::from).collect();
        rewrite(v, &["names".to_owned(), "seed".to_owned()]).map(|v| {
            v.into_iter()
                .map(|s| s.into_string().unwrap_or_default())
                .collect()
        })
    }

    #[test]
    fn multi_character_aliases_become_long_options() {
        assert_eq!(
            rw(&[
                "mtmeter", "score", "r", "-i", "s", "-lc", "-tok", "13a", "-sv=-1"
            ])
            .unwrap(),
            [
                "mtmeter",
                "score",
                "r",
                "-i",
                "s",
                "--lowercase",
                "--tokenize",
                "13a",
                "--smooth-value=-1"
            ]
        );
    }

    #[test]
    fn detail_is_kept_abbreviated_and_test_set_is_kept() {
        for a in ["-d", "-dq", "--detail"] {
            assert_eq!(rw(&["mtmeter", "score", "r", a]).unwrap()[3], a);
        }
        assert_eq!(
            rw(&["mtmeter", "score", "r", "--det"]).unwrap()[3],
            "--detail"
        );
        assert_eq!(
            rw(&["m", "score", "-twmt22", "--test", "wmt22", "-ol", "de"]).unwrap(),
            [
                "m",
                "score",
                "-twmt22",
                "--test-set",
                "wmt22",
                "--origlang",
                "de"
            ]
        );
    }

    #[test]
    fn abbreviations_expand_like_argparse() {
        assert_eq!(
            rw(&["m", "score", "--lower", "--score", "--tok=zh"]).unwrap(),
            ["m", "score", "--lowercase", "--score-only", "--tokenize=zh"]
        );
        // Ambiguous prefixes and mtmeter's own options are left to clap.
        assert_eq!(
            rw(&["m", "score", "--chrf", "--names", "--seed"]).unwrap(),
            ["m", "score", "--chrf", "--names", "--seed"]
        );
    }

    #[test]
    fn values_and_words_before_the_subcommand_or_after_double_dash_are_kept() {
        assert_eq!(
            rw(&["m", "-V"]).unwrap(),
            ["m", "-V"],
            "before the subcommand"
        );
        assert_eq!(
            rw(&["m", "score", "-sv", "-1", "--", "-lc"]).unwrap(),
            ["m", "score", "--smooth-value", "-1", "--", "-lc"]
        );
    }

    #[test]
    fn language_pairs() {
        for ok in [
            "en-de",
            "de-fr",
            "zh-en",
            "liv-en",
            "en-zh_Hant",
            "pt_BR-en",
        ] {
            assert!(is_language_pair(ok), "{ok}");
        }
        for bad in [
            "c",
            "en",
            "en_de",
            "EN-DE",
            "english-german",
            "en-",
            "-de",
            "en-de-fr",
            "e-d",
        ] {
            assert!(!is_language_pair(bad), "{bad}");
        }
    }

    #[test]
    fn every_row_is_spelled_like_sacrebleu() {
        for f in FLAGS {
            assert!(!f.names.is_empty());
            for n in f.names {
                assert!(n.starts_with('-') && !n.contains('='), "{n}");
            }
            assert_eq!(
                matches!(f.ours, Ours::Refused(_)),
                f.expect == Expect::Refused
            );
        }
        let table = markdown_table();
        assert_eq!(table.lines().count(), FLAGS.len() + 2);
    }
}
