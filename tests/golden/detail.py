#!/usr/bin/env python3
"""What sacreBLEU 2.6.0 prints with -d/--detail (scores by original language and subset).

The sacreBLEU command line (`/tmp/sb/bin/sacrebleu`, here `python -m sacrebleu` of the same
venv) runs on two offline caches, so nothing is downloaded:

* wmt19 de-en made from corpora/demo, exactly as tests/golden/flags.py `testset_cache` makes
  it (raw SGML, documents of 4 segments with wmt19 document ids, original language alternating
  de/en): sacreBLEU's rows are original languages x its SUBSETS annotation (country, domain);
* wmt22 de-fr with the real WMT22 XML of the shared corpora (`wmttest2022.de-fr.all.xml`) where
  the download unpacks it, and a placeholder for the archive: rows are original languages x
  the documents' domains. Skipped if the shared corpora are missing.

Every case prints with `-b` (the score lines are then the same in both tools) and `-f text`.
tests/integration/detail.rs builds the same caches and compares stdout byte for byte.

Run (with the sacreBLEU venv, from anywhere; ~1 min, the wmt22 cases take most of it):
    /tmp/sb/bin/python tests/golden/detail.py [--corpora /work/shared/corpora]
Writes tests/golden/detail.json.
"""
import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import flags  # noqa: E402  (the wmt19 demo cache, shared with the flag goldens)

SACREBLEU = [sys.executable, "-m", "sacrebleu"]
SYS = flags.SYS

# Words after `sacrebleu`, run in corpora/demo with $SACREBLEU at the wmt19 cache.
WMT19 = [
    ["-i", SYS, "-d", "-t", "wmt19", "-l", "de-en", "-b", "-f", "text"],
    ["-i", SYS, "-d", "-t", "wmt19", "-l", "de-en", "-m", "ter", "chrf", "bleu", "-w", "3", "-b", "-f", "text"],
    ["-i", SYS, "-d", "-t", "wmt19", "-l", "de-en", "--subset", "politics", "-w", "4", "-b", "-f", "text"],
    ["-i", SYS, "-d", "-t", "wmt19", "-l", "de-en", "--subset", "country:US", "-m", "chrf",
     "--chrf-word-order", "2", "-lc", "-w", "2", "-b", "-f", "text"],
]

# Words after `sacrebleu`, run in the shared wmt22.de-fr folder with $SACREBLEU at the wmt22
# cache.
WMT22 = [
    ["-t", "wmt22", "-l", "de-fr", "-i", "systems/Online-A.fr", "-d", "-m", "bleu", "chrf", "ter",
     "-w", "4", "-b", "-f", "text"],
    ["-t", "wmt22", "-l", "de-fr", "-i", "systems/LT22.fr", "-d", "--subset", "news", "-w", "4",
     "-b", "-f", "text"],
]

WMT22_XML = "wmttest2022.de-fr.all.xml"


def wmt22_cache(cache, corpus):
    """The real XML where sacreBLEU unpacks the wmt22 archive, and the archive's placeholder."""
    raw = os.path.join(cache, "wmt22", "raw")
    xml = os.path.join(raw, "wmt22-news-systems-1.1", "xml")
    os.makedirs(xml)
    shutil.copy(os.path.join(corpus, WMT22_XML), os.path.join(xml, WMT22_XML))
    with open(os.path.join(raw, "wmt22.v1.1.tar.gz"), "w") as f:
        f.write("placeholder\n")


def run(words, cwd, cache):
    env = dict(os.environ, SACREBLEU=cache)
    env.pop("SACREBLEU_FORMAT", None)
    p = subprocess.run(SACREBLEU + words, cwd=cwd, env=env, capture_output=True, text=True)
    if p.returncode != 0:
        raise SystemExit(f"sacrebleu {' '.join(words)} failed: {p.stderr}")
    return p.stdout


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--corpora", default="/work/shared/corpora")
    a = ap.parse_args()
    out = {"sacrebleu": "2.6.0", "wmt19": {}, "wmt22": {}}
    with tempfile.TemporaryDirectory() as cache:
        flags.testset_cache(cache)
        for words in WMT19:
            out["wmt19"][" ".join(words)] = run(words, flags.DEMO, cache)
    corpus = os.path.join(a.corpora, "wmt22.de-fr")
    if os.path.isfile(os.path.join(corpus, WMT22_XML)):
        with tempfile.TemporaryDirectory() as cache:
            wmt22_cache(cache, corpus)
            for words in WMT22:
                out["wmt22"][" ".join(words)] = run(words, corpus, cache)
    else:
        print(f"no {WMT22_XML} under {corpus}: wmt22 cases skipped", file=sys.stderr)
    with open(os.path.join(HERE, "detail.json"), "w", encoding="utf-8") as f:
        json.dump(out, f, indent=1, ensure_ascii=False)
        f.write("\n")


if __name__ == "__main__":
    main()
