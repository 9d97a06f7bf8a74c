#!/usr/bin/env bash
# Run sacreBLEU 2.6.0's own test suite against mtmeter: its test/ folder comes from the PyPI
# sdist (never committed), and sacrebleu_shim.py makes `import sacrebleu` import mtmeter.
# Usage: run_sacrebleu_suite.sh PYTHON  (a Python with mtmeter and pytest installed)
# Out of scope (not run): test_api.py and test_dataset.py download WMT test sets.
# (sacreBLEU's tokenizers are importable as mtmeter.tokenizers.*, so test_tokenizer_ter.py runs).
set -euo pipefail
py="${1:-python3}"
here="$(cd "$(dirname "$0")" && pwd)"
work="$(mktemp -d /tmp/sacrebleu-suite.XXXXXX)"
trap 'rm -rf "$work"' EXIT
"$py" -m pip download -q --no-deps --no-binary :all: sacrebleu==2.6.0 -d "$work"
tar -xzf "$work"/sacrebleu-2.6.0.tar.gz -C "$work" sacrebleu-2.6.0/test
cd "$work/sacrebleu-2.6.0"
PYTHONPATH="$here" "$py" -m pytest -q -p sacrebleu_shim -c /dev/null --rootdir . \
  test/test_bleu.py test/test_chrf.py test/test_sentence_bleu.py test/test_significance.py test/test_ter.py \
  test/test_tokenizer_ter.py
