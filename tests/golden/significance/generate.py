#!/usr/bin/env python3
"""sacreBLEU 2.6.0 significance goldens for tests/integration/significance.rs, using the exact
sacreBLEU calls of tests/golden/regenerate.py (paired(), confidence()).

    /tmp/sb/bin/python tests/golden/significance/generate.py wmt21bio.en-fr   # BLEU, chrF, TER
    NO_TER=1 /tmp/sb/bin/python tests/golden/significance/generate.py wmt22.de-fr  # BLEU, chrF

regenerate.py is taken from REGENERATE_DIR (default /work/main/tests/golden); output goes to
/tmp/sigwork/golden/<set>.json.
"""
import glob
import json
import os
import sys
import time
sys.path.insert(0, os.environ.get("REGENERATE_DIR", "/work/main/tests/golden"))
import regenerate as R
if os.environ.get("NO_TER"):
    _orig = R.cli_args
    def _cli(ref_paths, sys_paths, extra):
        saved = sys.argv
        try:
            sys.argv = ["sacrebleu", *ref_paths, "-i", *sys_paths, "-m", "bleu", "chrf", *extra]
            return R.sb_cli.parse_args()
        finally:
            sys.argv = saved
    R.cli_args = _cli
set_name = sys.argv[1]
root = os.path.join("/work/shared/corpora", set_name)
ref_paths = sorted(glob.glob(os.path.join(root, "references", "*")))
sys_paths = sorted(glob.glob(os.path.join(root, "systems", "*")))
refs = [R.read(p) for p in ref_paths]
names = [os.path.basename(p).rsplit(".", 1)[0] for p in sys_paths]
systems = [R.read(p) for p in sys_paths]
os.environ["SACREBLEU_SEED"] = "12345"
t = time.time()
sig = {"paired_bs": R.paired(ref_paths, refs, names, sys_paths, systems, "bs", 12345)}
print("bs", time.time() - t, file=sys.stderr)
if set_name in R.SEED7_SETS:
    sig["paired_bs_seed7"] = R.paired(ref_paths, refs, names, sys_paths, systems, "bs", 7)
sig["paired_ar"] = R.paired(ref_paths, refs, names, sys_paths, systems, "ar", 12345)
print("ar", time.time() - t, file=sys.stderr)
sig["confidence"] = R.confidence(ref_paths, refs, names[0], sys_paths[0], systems[0])
json.dump({"set": set_name, "significance": sig}, open(f"/tmp/sigwork/golden/{set_name}.json", "w"))
print("done", time.time() - t, file=sys.stderr)
