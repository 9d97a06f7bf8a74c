#!/usr/bin/env python3
"""sacreBLEU 2.6.0's table of named test sets (`sacrebleu/dataset/__init__.py`), as data.

Writes src/testsets/datasets.json, which mtmeter embeds (`include_str!` in src/testsets/table.rs):
for every test set, in sacreBLEU's order, its processing class (the dataset's Python class name,
which decides how raw files become text files), description, citation, download URLs with their
md5 checksums, the default references (`refs`, WMT XML sets), and every language pair with its
raw files (and, for WMT XML pairs given as a dict, the path and the reference override). Also
SUBSETS, the document annotations `--subset` matches for wmt18/wmt19.

Run (with the sacreBLEU venv, from anywhere):
    /tmp/sb/bin/python tests/golden/datasets.py
"""
import json
import os

import sacrebleu
from sacrebleu.dataset import DATASETS, SUBSETS

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(os.path.dirname(os.path.dirname(HERE)), "src", "testsets", "datasets.json")


def langpair(pair, meta):
    if isinstance(meta, dict):
        return {"pair": pair, "files": [meta["path"]], "refs": meta.get("refs")}
    return {"pair": pair, "files": list(meta), "refs": None}


def main():
    sets = []
    for name, d in DATASETS.items():
        assert name == d.name, name
        extra = set(d.kwargs) - {"refs"}
        assert not extra, (name, extra)
        sets.append({
            "name": name,
            "format": type(d).__name__,
            "description": d.description,
            "citation": d.citation,
            "data": list(d.data),
            "md5": list(d.md5) if d.md5 else None,
            "refs": list(d.kwargs.get("refs", [])),
            "langpairs": [langpair(p, m) for p, m in d.langpairs.items()],
        })
    table = {
        "sacrebleu_version": sacrebleu.__version__,
        "datasets": sets,
        "subsets": {k: dict(v) for k, v in SUBSETS.items()},
    }
    tmp = OUT + ".tmp"
    with open(tmp, "w", encoding="utf-8") as f:
        json.dump(table, f, ensure_ascii=False, indent=1)
        f.write("\n")
    os.replace(tmp, OUT)
    print(f"{OUT}: {len(sets)} test sets")


if __name__ == "__main__":
    main()
