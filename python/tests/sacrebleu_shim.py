"""A pytest plugin that makes ``import sacrebleu`` import mtmeter, to run sacreBLEU 2.6.0's own
test suite against mtmeter (see python/tests/run_sacrebleu_suite.sh). Test-only: never imported
by the package."""

import sys

import mtmeter
import mtmeter.compat
import mtmeter.metrics
import mtmeter.metrics.base
import mtmeter.metrics.bleu
import mtmeter.metrics.chrf
import mtmeter.metrics.ter
import mtmeter.significance
import mtmeter.tokenizers
import mtmeter.tokenizers.tokenizer_13a
import mtmeter.tokenizers.tokenizer_char
import mtmeter.tokenizers.tokenizer_intl
import mtmeter.tokenizers.tokenizer_none
import mtmeter.tokenizers.tokenizer_ter
import mtmeter.tokenizers.tokenizer_zh

for name, module in list(sys.modules.items()):
    if name == "mtmeter" or name.startswith("mtmeter."):
        sys.modules["sacrebleu" + name[len("mtmeter") :]] = module
