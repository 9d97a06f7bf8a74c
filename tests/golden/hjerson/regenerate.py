#!/usr/bin/env python3
"""Regenerate the Hjerson goldens: counts printed by the original hjerson.py on real test sets.

Usage (from the crate root):
    /tmp/sb/bin/python tests/golden/hjerson/regenerate.py HJERSON_PY [SHARED_DIR]
or with HJERSON_PY / MTMETER_SHARED in the environment.

HJERSON_PY is hjerson.py from m-popovic/hjerson at commit def709b4d5d7176a0556789e12a58f1276c29c1b
(sha256 34a8d6ed...e7b571), kept OUTSIDE this repository (GPL; never committed or embedded here).
SHARED_DIR is the shared folder holding corpora/ (default: ../shared).

For each set, the references and every system are read as mtmeter reads them (UTF-8, split on
'\\n' only, Python's str.rstrip), tokenized with sacreBLEU's 13a tokenizer, written to temporary
files (several references joined with ' #+ ' on one line, as hjerson.py expects) and given to
hjerson.py in prefix mode (no -B/-b) with -s. The parsed numbers go to <set>.json: corpus counts
and rates, per-segment counts of every class, and the per-segment rates of Wer, Rper and
refINFer (the ones with documented quirks). Numbers only, no text from the test sets.
"""
import hashlib
import json
import os
import re
import subprocess
import sys
import tempfile

from sacrebleu.tokenizers.tokenizer_13a import Tokenizer13a

COMMIT = "def709b4d5d7176a0556789e12a58f1276c29c1b"
SHA256 = "34a8d6ed83da3980f5f809ec5974bfd751040d4cde183d0e9ce427dde9e7b571"
SETS = ["wmt22.de-fr", "wmt22.en-de"]
SEGMENT_RATES = ["Wer", "Rper", "refINFer"]
LINE = re.compile(r"^(?:(\d+)::)?(\w+):\s*\t(\S+)\t(\S+)$")
HERE = os.path.dirname(os.path.abspath(__file__))


def read_lines(path):
    with open(path, encoding="utf-8", newline="\n") as f:
        text = f.read()
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    return [line.rstrip() for line in lines]


def files_in(folder):
    return sorted(
        os.path.join(folder, f) for f in os.listdir(folder) if not f.startswith(".")
    )


def stem(path):
    name = os.path.basename(path)
    return name.rsplit(".", 1)[0]


def run_hjerson(hjerson, ref_lines, hyp_lines, tmp):
    ref_path = os.path.join(tmp, "ref.txt")
    hyp_path = os.path.join(tmp, "hyp.txt")
    for path, lines in ((ref_path, ref_lines), (hyp_path, hyp_lines)):
        with open(path, "w", encoding="utf-8", newline="\n") as f:
            for line in lines:
                f.write(line + "\n")
    env = dict(os.environ, PYTHONUTF8="1")
    out = subprocess.run(
        ["python3", hjerson, "-R", ref_path, "-H", hyp_path, "-s"],
        check=True, capture_output=True, text=True, encoding="utf-8", env=env,
    ).stdout
    corpus, segments = {}, {}
    for raw in out.split("\n"):
        if not raw.strip():
            continue
        m = LINE.match(raw)
        if not m:
            raise SystemExit(f"unparsed hjerson output line: {raw!r}")
        seg, name, count, rate = m.groups()
        count = float(count)
        if count != int(count):
            raise SystemExit(f"non-integer count: {raw!r}")
        if seg is None:
            corpus[name] = [int(count), float(rate)]
        else:
            segments.setdefault(name, []).append((int(seg), int(count), float(rate)))
    n = len(hyp_lines)
    for name, rows in segments.items():
        if [r[0] for r in rows] != list(range(1, n + 1)):
            raise SystemExit(f"{name}: segments are not 1..{n}")
    return {
        "corpus": corpus,
        "segments": {name: [r[1] for r in rows] for name, rows in segments.items()},
        "segment_rates": {name: [r[2] for r in segments[name]] for name in SEGMENT_RATES},
    }


def main():
    hjerson = sys.argv[1] if len(sys.argv) > 1 else os.environ.get("HJERSON_PY")
    shared = sys.argv[2] if len(sys.argv) > 2 else os.environ.get(
        "MTMETER_SHARED", os.path.join(HERE, "..", "..", "..", "..", "shared"))
    if not hjerson:
        raise SystemExit("give the path of hjerson.py (argument or HJERSON_PY)")
    with open(hjerson, "rb") as f:
        digest = hashlib.sha256(f.read()).hexdigest()
    if digest != SHA256:
        raise SystemExit(f"{hjerson}: sha256 {digest}, expected {SHA256} (commit {COMMIT})")
    tok = Tokenizer13a()
    for name in SETS:
        folder = os.path.join(shared, "corpora", name)
        refs = [[tok(l) for l in read_lines(p)] for p in files_in(os.path.join(folder, "references"))]
        n = len(refs[0])
        for r in refs:
            assert len(r) == n
            for i, line in enumerate(r):
                # hjerson.py would split a reference at '#+' and a line at '\r'.
                if "#+" in line or "\r" in line:
                    raise SystemExit(f"{name}: reference line {i + 1} contains '#+' or CR")
        joined = [" #+ ".join(parts) for parts in zip(*refs)]
        systems = []
        with tempfile.TemporaryDirectory() as tmp:
            for path in files_in(os.path.join(folder, "systems")):
                hyp = [tok(l) for l in read_lines(path)]
                assert len(hyp) == n, path
                if any("\r" in l for l in hyp):
                    raise SystemExit(f"{path}: contains CR")
                result = run_hjerson(hjerson, joined, hyp, tmp)
                systems.append({"name": stem(path), **result})
                print(f"{name} {stem(path)}: Wer {result['corpus']['Wer']}", file=sys.stderr)
        golden = {
            "set": name,
            "hjerson": {"repository": "m-popovic/hjerson", "commit": COMMIT, "sha256": SHA256,
                        "options": "-s (prefix mode: no -B/-b)"},
            "tokenizer": "sacrebleu 13a",
            "references": len(refs),
            "segments": n,
            "systems": systems,
        }
        with open(os.path.join(HERE, f"{name}.json"), "w", encoding="utf-8") as f:
            json.dump(golden, f, separators=(",", ":"))
            f.write("\n")


if __name__ == "__main__":
    main()
