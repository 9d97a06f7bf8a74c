#!/usr/bin/env python3
"""What sacreBLEU 2.6.0's own dataset classes make of the fixture test sets.

The fixtures (tests/data/testsets/table.json: one set per processing class: FakeSGML,
WMTAddition, WMT XML, plain text, TSV) are copied into a temporary sacreBLEU cache exactly as
a download would leave them (archives unpacked, single files under their cache name, a
non-empty placeholder where the archive itself would be, so sacreBLEU does not download), then
sacreBLEU processes them (`get_files`) and filters them (`filter_subset`). Stored: every
processed text file, the field names, the reference fields, and the segments kept by a few
--origlang/--subset selections. tests/integration/testsets.rs downloads the same fixtures from
a local server with mtmeter and compares byte for byte.

sacreBLEU orders WMT XML reference fields by iterating a Python set (the order changes between
runs with string hashing); the field lists are stored with those sorted.

Run (with the sacreBLEU venv, from anywhere):
    /tmp/sb/bin/python tests/golden/testsets.py
Writes tests/golden/testsets.json.
"""
import gzip
import json
import os
import shutil
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))

SELECTIONS = {
    "fix/xml": [("en", None), ("non-en", None), ("de", None), (None, "news"), (None, "soc"),
                ("en", "speech"), ("xx", None)],
    "fix-sgml": [("de", None), ("non-de", None), ("en", None), (None, "US"), (None, "country:GB"),
                 (None, "sport"), ("non-xx", "politics")],
}


def main():
    table = json.load(open(os.path.join(ROOT, "tests/data/testsets/table.json"), encoding="utf-8"))
    cache = tempfile.mkdtemp(prefix="sacrebleu-fixtures-")
    os.environ["SACREBLEU"] = cache
    # sacreBLEU reads $SACREBLEU when it is imported.
    from sacrebleu import dataset as sbd
    from sacrebleu import utils

    out = {"sacrebleu": utils.__dict__.get("__version__", "2.6.0"), "sets": {}}
    try:
        for d in table["datasets"]:
            name = d["name"]
            cls = getattr(sbd, d["format"])
            langpairs = {}
            for lp in d["langpairs"]:
                langpairs[lp["pair"]] = ({"path": lp["files"][0], "refs": lp["refs"]}
                                         if lp["refs"] is not None else lp["files"])
            kwargs = {"refs": d["refs"]} if "refs" in d else {}
            ds = cls(name, data=d["data"], description=d["description"], citation=d["citation"],
                     md5=None, langpairs=langpairs, **kwargs)
            sbd.DATASETS[name] = ds
            raw = os.path.join(cache, name, "raw")
            os.makedirs(raw, exist_ok=True)
            for fx in d["fixture"]:
                dest = os.path.join(raw, name.replace("/", "_") + "." + fx["url"])
                if "dir" in fx:
                    shutil.copytree(os.path.join(ROOT, fx["dir"]), raw, dirs_exist_ok=True)
                    with open(dest, "w") as f:
                        f.write("placeholder for the downloaded archive\n")
                elif "gzip" in fx:
                    with open(os.path.join(ROOT, fx["gzip"]), "rb") as fin, gzip.open(dest, "wb") as fout:
                        fout.write(fin.read())
                else:
                    shutil.copy(os.path.join(ROOT, fx["file"]), dest)
        for name, subsets in table["subsets"].items():
            sbd.SUBSETS[name] = subsets
        for d in table["datasets"]:
            name = d["name"]
            ds = sbd.DATASETS[name]
            out["sets"][name] = {}
            for lp in d["langpairs"]:
                pair = lp["pair"]
                files = ds.get_files(pair)
                fields = ds.fieldnames(pair)
                refs = [f for f, p in zip(fields, files) if p in ds.get_reference_files(pair)]
                contents = {}
                for f, p in zip(fields, files):
                    with open(p, "rb") as fin:
                        contents[f] = fin.read().decode("utf-8")
                n = len(contents["src"].splitlines())
                masks = []
                # filter_subset indexes the pair's files as a list: a pair given as a dict (a
                # reference override, like wmt22 cs-en) raises KeyError in sacreBLEU 2.6.0.
                selections = SELECTIONS.get(name, []) if lp["refs"] is None else []
                for origlang, subset in selections:
                    kept = utils.filter_subset([list(range(n))], name, pair, origlang, subset)[0]
                    masks.append({"origlang": origlang, "subset": subset,
                                  "keep": [i in kept for i in range(n)]})
                ref_order = sorted(f for f in fields if f.startswith("ref"))
                it = iter(ref_order)
                fields = [next(it) if f.startswith("ref") else f for f in fields]
                out["sets"][name][pair] = {"fields": fields, "references": sorted(refs),
                                           "files": contents, "masks": masks}
    finally:
        shutil.rmtree(cache)
    with open(os.path.join(HERE, "testsets.json"), "w", encoding="utf-8") as f:
        json.dump(out, f, indent=1, ensure_ascii=False)
        f.write("\n")


if __name__ == "__main__":
    main()
