#!/usr/bin/env python3
"""What sacreBLEU 2.6.0 prints for the flag tests of tests/integration/flags.rs.

The cases come from the flag table in src/cli/compat.rs (every row whose test is
`Expect::Golden`), so the table stays the one source: each case is run as

    sacrebleu references/ref.fr -i systems/neural-b.fr FLAG ARGS... -b -f text [-w 4]

in corpora/demo (`-i FILE` rows give the flag before the file), and stdout is stored. A few
extra cases run on the shared corpora (the issue's `-lc` command among them) and one with
`--num-refs 2` on a tab-joined reference file the test builds the same way.

Run (with the sacreBLEU venv, from anywhere):
    /tmp/sb/bin/python tests/golden/flags.py [--corpora /work/shared/corpora]
Writes tests/golden/flags.json.
"""
import argparse
import json
import os
import re
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
DEMO = os.path.join(ROOT, "corpora", "demo")
SACREBLEU = [sys.executable, "-m", "sacrebleu"]
REF = "references/ref.fr"
SYS = "systems/neural-b.fr"

SHARED = [
    # The command: sacreBLEU's -lc lowercases (45.0543 in the report was another set;
    # here WMT22 en-de, reference A, Online-A).
    ("wmt22.en-de", ["references/A.de", "-i", "systems/Online-A.de", "-lc", "-f", "text", "-w", "4", "-b"]),
    ("wmt22.en-de", ["references/A.de", "references/B.de", "-i", "systems/Online-A.de", "systems/PROMT.de",
                     "-m", "bleu", "chrf", "ter", "-tok", "intl", "-f", "text", "-w", "4"]),
    ("wmt22.en-zh", ["references/A.zh", "-i", "systems/Online-A.zh", "-l", "en-zh", "-b", "-w", "4", "-f", "text"]),
    ("wmt22.de-fr", ["references/A.fr", "-i", "systems/Online-A.fr", "-sv", "-1", "-s", "floor", "-b", "-w", "4", "-f", "text"]),
]


# -f latex on the demo, systems named by their paths as sacreBLEU names them (the test gives
# mtmeter the same names with --names).
LATEX = [
    ["-m", "bleu", "chrf", "ter"],
    ["-m", "ter", "bleu", "-w", "2"],
    ["-m", "bleu", "chrf", "--paired-bs", "-pbsn", "100"],
    ["-m", "bleu", "ter", "--paired-ar", "-parn", "100"],
]
LATEX_SYSTEMS = ["systems/neural-a.fr", "systems/neural-b.fr", "systems/phrase-based.fr"]


def rust_strings(s):
    return [x.encode().decode("unicode_escape") for x in re.findall(r'"((?:[^"\\]|\\.)*)"', s)]


def golden_rows(expect="Expect::Golden"):
    src = open(os.path.join(ROOT, "src", "cli", "compat.rs"), encoding="utf-8").read()
    table = src[src.index("pub const FLAGS"):src.index("pub fn markdown_table")]
    for block in table.split("    Flag {")[1:]:
        if f"{expect}," not in block:
            continue
        names = rust_strings(re.search(r"names: &\[(.*?)\]", block, re.S).group(1))
        args = rust_strings(re.search(r"test_args: &\[(.*?)\]", block, re.S).group(1))
        yield names, args


def demo_args(flag, args):
    """The words after `score`; must match `demo_args` in tests/integration/flags.rs."""
    if flag in ("-i", "--input"):
        words = [REF, flag, SYS]
    elif "-i" in args:
        words = [REF, flag]
    else:
        words = [REF, "-i", SYS, flag]
    words += args + ["-b", "-f", "text"]
    if "-w" not in words and "--width" not in words:
        words += ["-w", "4"]
    return words


# The test-set rows (`Expect::TestSet`) run against a sacreBLEU cache holding wmt19 de-en made
# from the demo corpus: raw SGML as the download would unpack it (documents of 4 segments with
# wmt19 document ids, original language alternating de/en) and a placeholder for the archive
# so that sacreBLEU does not download; sacreBLEU (and mtmeter, in the test) process it.
# tests/integration/flags.rs `testset_cache` builds the same files.
DOCIDS = ["bbc.381790", "rt.com.91337", "nytimes.184853", "upi.176266"]


def sgml(kind, lines):
    head = {"src": '<srcset setid="newstest2019" srclang="any">',
            "ref": '<refset setid="newstest2019" srclang="any" trglang="en">'}[kind]
    out = [head]
    for k in range(0, len(lines), 4):
        d = k // 4
        out.append(f'<doc sysid="ref" docid="{DOCIDS[d % 4]}" genre="news" origlang="{"de" if d % 2 == 0 else "en"}">')
        for i, line in enumerate(lines[k:k + 4], 1):
            out.append(f'<seg id="{i}">{line}</seg>')
        out.append("</doc>")
    out.append(f"</{kind}set>")
    return "".join(x + "\n" for x in out)


def testset_cache(cache):
    raw = os.path.join(cache, "wmt19", "raw")
    os.makedirs(os.path.join(raw, "sgm"))
    with open(os.path.join(raw, "wmt19.test.tgz"), "w") as f:
        f.write("placeholder\n")
    for kind, path, name in [("src", "source.it", "newstest2019-deen-src.de.sgm"),
                             ("ref", REF, "newstest2019-deen-ref.en.sgm")]:
        lines = open(os.path.join(DEMO, path), encoding="utf-8").read().splitlines()
        with open(os.path.join(raw, "sgm", name), "w", encoding="utf-8") as f:
            f.write(sgml(kind, lines))


def testset_args(flag, args):
    """The words after `score`; must match `testset_args` in tests/integration/flags.rs."""
    return ["-i", SYS, flag] + args + ["-b", "-f", "text", "-w", "4"]


def run(words, cwd, env_extra=None):
    env = dict(os.environ, SACREBLEU_SEED="12345", **(env_extra or {}))
    env.pop("SACREBLEU_FORMAT", None)
    p = subprocess.run(SACREBLEU + words, cwd=cwd, env=env, capture_output=True, text=True)
    if p.returncode != 0:
        raise SystemExit(f"sacrebleu {' '.join(words)} failed: {p.stderr}")
    return p.stdout


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--corpora", default="/work/shared/corpora")
    a = ap.parse_args()
    out = {"sacrebleu": "2.6.0", "demo": {}, "shared": [], "testset": {}}
    for names, args in golden_rows():
        for flag in names:
            words = demo_args(flag, args)
            out["demo"][" ".join(words)] = run(words, DEMO)
    for names, args in golden_rows("Expect::TestSet"):
        for flag in names:
            words = testset_args(flag, args)
            with tempfile.TemporaryDirectory() as cache:
                testset_cache(cache)
                out["testset"][" ".join(words)] = run(words, DEMO, {"SACREBLEU": cache})
    # --num-refs 2: reference and neural-a joined by a tab (the test writes the same file).
    with tempfile.TemporaryDirectory() as tmp:
        with open(os.path.join(DEMO, REF), encoding="utf-8") as r, \
             open(os.path.join(DEMO, "systems/neural-a.fr"), encoding="utf-8") as s:
            joined = "".join(f"{x.rstrip()}\t{y.rstrip()}\n" for x, y in zip(r, s))
        path = os.path.join(tmp, "refs.tsv")
        with open(path, "w", encoding="utf-8") as f:
            f.write(joined)
        words = [path, "-i", os.path.join(DEMO, SYS), "-nr", "2", "-b", "-w", "4", "-f", "text"]
        out["num_refs_2"] = run(words, DEMO)
    out["latex"] = []
    for args in LATEX:
        words = [REF, "-i", *LATEX_SYSTEMS, *args, "-f", "latex"]
        out["latex"].append({"args": args, "stdout": run(words, DEMO)})
    for set_name, words in SHARED:
        out["shared"].append({"set": set_name, "args": words,
                              "stdout": run(words, os.path.join(a.corpora, set_name))})
    with open(os.path.join(HERE, "flags.json"), "w", encoding="utf-8") as f:
        json.dump(out, f, indent=1, ensure_ascii=False)
        f.write("\n")


if __name__ == "__main__":
    main()
