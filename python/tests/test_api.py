"""The package's own behaviour: sacreBLEU's API shape, statistics objects, errors."""

import pickle

import pytest

import mtmeter
from mtmeter.metrics.base import Statistics

HYPS = ["The cat sat on the mat.", "A dog barked loudly at night", "", "Hello world !"]
REFS = [
    ["The cat sat on a mat.", "Dogs bark at night.", "Nothing here", "Hello, world!"],
    ["There is a cat on the mat.", "A dog was barking loudly at night.", "", "Hi world!"],
]


def test_drop_in_module_layout():
    import mtmeter.compat
    import mtmeter.metrics
    import mtmeter.significance

    assert mtmeter.metrics.METRICS == {"BLEU": mtmeter.BLEU, "CHRF": mtmeter.CHRF, "TER": mtmeter.TER}
    assert mtmeter.significance.PairedTest and mtmeter.significance.Result
    for fn in ("corpus_bleu", "corpus_chrf", "corpus_ter", "sentence_bleu", "sentence_chrf", "sentence_ter", "raw_corpus_bleu"):
        assert getattr(mtmeter, fn) is getattr(mtmeter.compat, fn)


def test_float_quirk_of_sentence_bleu():
    h = "The quick brown fox jumps over the lazy dog."
    assert mtmeter.sentence_bleu(h, [h]).score == 100.00000000000004


def test_signature_formats():
    m = mtmeter.BLEU()
    m.corpus_score(HYPS, REFS)
    v = mtmeter._core.version_field()
    assert m.get_signature().format() == f"nrefs:2|case:mixed|eff:no|tok:13a|smooth:exp|version:{v}"
    assert m.get_signature().format(short=True) == f"#:2|c:mixed|e:no|tok:13a|s:exp|v:{v}"
    t = mtmeter.TER(normalized=True)
    t.corpus_score(HYPS, REFS)
    assert str(t.get_signature()).startswith("nrefs:2|case:lc|tok:tercom|norm:yes|punct:yes|asian:no|")
    with pytest.raises(ValueError, match="Number of references unknown"):
        mtmeter.CHRF().get_signature()


@pytest.mark.parametrize("metric", [mtmeter.BLEU(), mtmeter.CHRF(word_order=2), mtmeter.TER()])
def test_statistics_add_pickle_and_score_like_the_whole_corpus(metric):
    whole = metric.corpus_score(HYPS, REFS)
    parts = [
        metric.corpus_statistics(HYPS[i : i + 1], [r[i : i + 1] for r in REFS]) for i in range(len(HYPS))
    ]
    merged = pickle.loads(pickle.dumps(parts[0]))
    for p in parts[1:]:
        merged = merged + pickle.loads(pickle.dumps(p))
    assert merged.n_segments == len(HYPS)
    assert merged.score().score == whole.score
    assert str(merged.score()) == str(whole)
    assert sum(parts).score().score == whole.score
    assert merged == metric.corpus_statistics(HYPS, REFS)


def test_statistics_of_different_configurations_do_not_add():
    a = mtmeter.BLEU().corpus_statistics(HYPS, REFS)
    b = mtmeter.BLEU(lowercase=True).corpus_statistics(HYPS, REFS)
    with pytest.raises(ValueError, match="differently configured"):
        a + b
    assert isinstance(a, Statistics)


def test_metrics_pickle():
    m = pickle.loads(pickle.dumps(mtmeter.CHRF(beta=3)))
    assert m.corpus_score(HYPS, REFS).name == "chrF3"


def test_reference_cache():
    m = mtmeter.BLEU(references=REFS)
    assert m.corpus_score(HYPS, None).score == mtmeter.BLEU().corpus_score(HYPS, REFS).score
    with pytest.raises(RuntimeError, match="No references provided and the cache is empty."):
        mtmeter.BLEU().corpus_score(HYPS, None)


def test_mismatched_lengths_are_value_errors():
    with pytest.raises(ValueError, match=r"^hypotheses has 3 lines but references has 4"):
        mtmeter.BLEU().corpus_score(HYPS[:3], REFS)
    with pytest.raises(ValueError, match=r"^reference stream 2 has 3 lines but reference stream 1 has 4"):
        mtmeter.CHRF().corpus_score(HYPS, [REFS[0], REFS[1][:3]])
    with pytest.raises(ValueError):
        mtmeter.pairwise_chrf([["a"]], [])


def test_bad_arguments_are_exceptions_not_crashes():
    with pytest.raises(ValueError, match="not supported yet"):
        mtmeter.BLEU(tokenize="ja-mecab")
    with pytest.raises(ValueError, match="unknown tokenizer 'nope'"):
        mtmeter.BLEU(tokenize="nope")
    with pytest.raises(AssertionError):
        mtmeter.BLEU(smooth_method="nope")
    with pytest.raises(ValueError, match="n-gram order"):
        mtmeter.BLEU(max_ngram_order=0)
    with pytest.raises(TypeError, match="BLEU: The argument `hyp` should be a string."):
        mtmeter.BLEU().sentence_score(3, ["a"])
    with pytest.raises(TypeError, match="CHRF: Each element of `hyps` should be a string."):
        mtmeter.CHRF().corpus_score([1], REFS)
    with pytest.raises(TypeError):
        mtmeter.TER().corpus_score(["a", 2, "c", "d"], REFS)
    with pytest.raises(ValueError, match="unknown test"):
        mtmeter.evaluate({"a": HYPS}, REFS, test="nope")


def test_sequences_other_than_lists():
    a = mtmeter.BLEU().corpus_score(tuple(HYPS), tuple(tuple(r) for r in REFS))
    assert a.score == mtmeter.BLEU().corpus_score(HYPS, REFS).score


def test_evaluate_and_analyze_return_python_objects():
    doc = mtmeter.evaluate({"sys": HYPS}, REFS, ["bleu", "chrf"])
    assert doc["systems"][0]["metrics"]["bleu"]["score"] == mtmeter.BLEU().corpus_score(HYPS, REFS).score
    rep = mtmeter.analyze({"sys": HYPS}, REFS)
    assert isinstance(rep, dict) and rep


def test_reference_reuse_is_keyed_on_the_very_same_strings():
    # The scorer reuses digested references when every string is the same object; a list
    # edited in place must give new numbers.
    m = mtmeter.BLEU()
    refs = [list(r) for r in REFS]
    a = m.corpus_score(HYPS, refs).score
    assert m.corpus_score(HYPS, refs).score == a
    refs[0][0] = "Something else entirely"
    b = m.corpus_score(HYPS, refs).score
    assert b != a
    assert b == mtmeter.BLEU().corpus_score(HYPS, refs).score
