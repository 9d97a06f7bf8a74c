"""mtmeter against the real sacreBLEU 2.6.0 (installed from PyPI) on every shared test set:
every metric and main option cell, sentence level, paired tests and confidence intervals.
Scores agree to 1e-9 and statistics are identical."""

import os

import pytest
import sacrebleu
import sacrebleu.significance as sb_sig

import mtmeter
import mtmeter.significance as mt_sig
from conftest import CORPUS_NAMES, corpus, require_shared

# The real package, not the import shim of sacreBLEU's own suite (which maps sacrebleu to
# mtmeter): its folder is named sacrebleu and it has no compiled core. (A path test would fail
# on a venv whose folder happens to be named mtmeter-something.)
assert os.path.basename(os.path.dirname(sacrebleu.__file__)) == "sacrebleu" and not hasattr(
    sacrebleu, "_core"
), "the sacreBLEU shim leaked into the differential tests"

NAMES = CORPUS_NAMES or ["<no shared corpora>"]
TOL = 1e-9
# sacreBLEU's TER is pure Python and slow: option cells use the first segments only.
TER_SEGMENTS = 250
SENTENCE_SEGMENTS = 200
# Option cells (one system each) use the first segments of every set, to keep CI in minutes.
CELL_SEGMENTS = 600


def cell(c, n=CELL_SEGMENTS):
    """The first system and the references, cut to the first `n` segments."""
    (_, hyps), = c.first()
    return hyps[:n], [r[:n] for r in c.references]


def same_bleu(a, b):
    assert a.score == pytest.approx(b.score, abs=TOL)
    assert (a.counts, a.totals, a.sys_len, a.ref_len) == (b.counts, b.totals, b.sys_len, b.ref_len)
    assert a.bp == pytest.approx(b.bp, abs=TOL)
    assert a.precisions == pytest.approx(b.precisions, abs=TOL)
    assert a.ratio == pytest.approx(b.ratio, abs=TOL)


def sig(metric):
    return metric.get_signature().format().rsplit("|version:", 1)[0]


def test_sacrebleu_is_the_real_one():
    assert sacrebleu.__version__ == "2.6.0"


@pytest.mark.parametrize("name", NAMES)
def test_corpus_scores_default_every_system(name):
    require_shared()
    c = corpus(name)
    zh = name.endswith("-zh")
    # BLEU on every system; chrF and chrF++ (slow in sacreBLEU) on the first.
    for metric_cls, kwargs, k in [(mtmeter.BLEU, {"trg_lang": "zh"} if zh else {}, None), (mtmeter.CHRF, {}, 1), (mtmeter.CHRF, {"word_order": 2}, 1)]:
        sb_cls = getattr(sacrebleu, metric_cls.__name__)
        mt, sb = metric_cls(**kwargs), sb_cls(**kwargs)
        for sys_name, hyps in list(c.systems.items())[:k]:
            a, b = mt.corpus_score(hyps, c.references), sb.corpus_score(hyps, c.references)
            assert a.score == pytest.approx(b.score, abs=TOL), (sys_name, metric_cls.__name__)
            assert str(a) == str(b)
            if metric_cls is mtmeter.BLEU:
                same_bleu(a, b)
        assert sig(mt) == sig(sb)


@pytest.mark.parametrize("name", NAMES)
@pytest.mark.parametrize("tokenize,lowercase", [("13a", True), ("intl", False), ("intl", True), ("zh", False), ("char", False), ("none", False)])
def test_bleu_tokenizers_and_case(name, tokenize, lowercase):
    require_shared()
    hyps, refs = cell(corpus(name))
    a = mtmeter.BLEU(tokenize=tokenize, lowercase=lowercase)
    b = sacrebleu.BLEU(tokenize=tokenize, lowercase=lowercase)
    same_bleu(a.corpus_score(hyps, refs), b.corpus_score(hyps, refs))
    assert sig(a) == sig(b)


@pytest.mark.parametrize("smooth", [("exp", None), ("floor", None), ("floor", 0.3), ("add-k", None), ("add-k", 2), ("none", None)])
@pytest.mark.parametrize("effective_order", [False, True])
@pytest.mark.parametrize("max_ngram_order", [2, 4, 6])
def test_bleu_smoothing_and_orders(smooth, effective_order, max_ngram_order):
    require_shared()
    c = corpus("wmt21bio.en-fr")
    (_, hyps), = c.first()
    kw = dict(smooth_method=smooth[0], smooth_value=smooth[1], effective_order=effective_order, max_ngram_order=max_ngram_order)
    a, b = mtmeter.BLEU(**kw), sacrebleu.BLEU(**kw)
    same_bleu(a.corpus_score(hyps, c.references), b.corpus_score(hyps, c.references))
    # Short segments make smoothing and effective order matter.
    for h, r in list(zip(hyps, c.references[0]))[:100]:
        same_bleu(a.sentence_score(h, [r]), b.sentence_score(h, [r]))
    assert sig(a) == sig(b)


@pytest.mark.parametrize("name", NAMES)
@pytest.mark.parametrize(
    "kwargs",
    [
        {"beta": 1},
        {"beta": 3, "word_order": 2},
        {"whitespace": True},
        {"eps_smoothing": True},
        {"eps_smoothing": True, "word_order": 2},
        {"lowercase": True, "word_order": 1},
        {"char_order": 4, "word_order": 3},
    ],
)
def test_chrf_options(name, kwargs):
    require_shared()
    hyps, refs = cell(corpus(name), 300)
    a, b = mtmeter.CHRF(**kwargs), sacrebleu.CHRF(**kwargs)
    x, y = a.corpus_score(hyps, refs), b.corpus_score(hyps, refs)
    assert x.score == pytest.approx(y.score, abs=TOL)
    assert str(x) == str(y) and sig(a) == sig(b)


@pytest.mark.parametrize("name", NAMES)
@pytest.mark.parametrize(
    "kwargs",
    [{}, {"normalized": True}, {"no_punct": True}, {"asian_support": True}, {"case_sensitive": True}],
)
def test_ter_options(name, kwargs):
    require_shared()
    hyps, refs = cell(corpus(name), TER_SEGMENTS)
    a, b = mtmeter.TER(**kwargs), sacrebleu.TER(**kwargs)
    x, y = a.corpus_score(hyps, refs), b.corpus_score(hyps, refs)
    assert x.score == pytest.approx(y.score, abs=TOL)
    assert (x.num_edits, x.ref_length) == (y.num_edits, pytest.approx(y.ref_length, abs=TOL))
    assert str(x) == str(y) and sig(a) == sig(b)


@pytest.mark.parametrize("name", NAMES)
def test_sentence_level_every_metric(name):
    require_shared()
    c = corpus(name)
    (_, hyps), = c.first()
    n = SENTENCE_SEGMENTS
    pairs = [(h, [r[i] for r in c.references]) for i, h in enumerate(hyps[:n])]
    for mt_fn, sb_fn in [
        (mtmeter.sentence_bleu, sacrebleu.sentence_bleu),
        (mtmeter.sentence_chrf, sacrebleu.sentence_chrf),
        (mtmeter.sentence_ter, sacrebleu.sentence_ter),
    ]:
        for h, refs in pairs:
            assert mt_fn(h, refs).score == pytest.approx(sb_fn(h, refs).score, abs=TOL), (mt_fn.__name__, h)
    # The batch API gives the same numbers as the loop.
    streams = [r[:n] for r in c.references]
    for cls in (mtmeter.BLEU, mtmeter.CHRF):
        m = cls(effective_order=True) if cls is mtmeter.BLEU else cls()
        s = getattr(sacrebleu, cls.__name__)(**({"effective_order": True} if cls is mtmeter.BLEU else {}))
        batch = m.sentence_scores(hyps[:n], streams)
        assert batch == pytest.approx([s.sentence_score(h, r).score for h, r in pairs], abs=TOL)


def _paired(package, module, test_type, systems, refs, n_samples, n_ar_confidence):
    metrics = {"BLEU": package.BLEU(), "chrF": package.CHRF(), "TER": package.TER()}
    sigs, scores = module.PairedTest(systems, metrics, refs, test_type=test_type, n_samples=n_samples, n_ar_confidence=n_ar_confidence)()
    return {k: v.format().rsplit("|version:", 1)[0] for k, v in sigs.items()}, scores


@pytest.mark.parametrize("test_type,n_samples,n_ar_confidence", [("bs", 1000, -1), ("ar", 1000, -1), ("ar", 300, 200)])
def test_paired_tests(test_type, n_samples, n_ar_confidence, monkeypatch):
    require_shared()
    monkeypatch.setenv("SACREBLEU_SEED", "12345")
    c = corpus("wmt21bio.en-fr")
    systems = c.first(3)
    sa, a = _paired(mtmeter, mt_sig, test_type, systems, c.references, n_samples, n_ar_confidence)
    sb, b = _paired(sacrebleu, sb_sig, test_type, systems, c.references, n_samples, n_ar_confidence)
    assert sa == sb
    assert a["System"] == b["System"]
    for key in ("BLEU", "chrF2", "TER"):
        for x, y in zip(a[key], b[key], strict=True):
            for field in ("score", "p_value", "mean", "ci"):
                u, v = getattr(x, field), getattr(y, field)
                if v is None:
                    assert u is None, (key, field)
                else:
                    assert u == pytest.approx(float(v), abs=TOL), (key, field)


@pytest.mark.parametrize("name", ["wmt21bio.en-fr", "wmt22.en-de"])
def test_confidence_intervals(name, monkeypatch):
    require_shared()
    monkeypatch.setenv("SACREBLEU_SEED", "12345")
    c = corpus(name)
    (_, hyps), = c.first()
    for cls in ("BLEU", "CHRF"):
        a, b = getattr(mtmeter, cls)(), getattr(sacrebleu, cls)()
        x = a.corpus_score(hyps, c.references, n_bootstrap=300)
        y = b.corpus_score(hyps, c.references, n_bootstrap=300)
        assert (x._mean, x._ci) == (pytest.approx(float(y._mean), abs=TOL), pytest.approx(float(y._ci), abs=TOL))
        assert x.format() == y.format() and sig(a) == sig(b)


def test_reference_cache_and_variable_references():
    require_shared()
    c = corpus("wmt22.en-de")
    (_, hyps), = c.first()
    a = mtmeter.BLEU(references=c.references)
    b = sacrebleu.BLEU(references=c.references)
    same_bleu(a.corpus_score(hyps, None), b.corpus_score(hyps, None))
    # A missing reference (None) for some segments: nrefs:var.
    refs = [c.references[0], [None if i % 3 == 0 else r for i, r in enumerate(c.references[1])]]
    for cls in ("BLEU", "CHRF", "TER"):
        a, b = getattr(mtmeter, cls)(), getattr(sacrebleu, cls)()
        x = a.corpus_score(hyps[:200], [r[:200] for r in refs])
        y = b.corpus_score(hyps[:200], [r[:200] for r in refs])
        assert x.score == pytest.approx(y.score, abs=TOL)
        assert sig(a) == sig(b) and "nrefs:var" in sig(a)


def test_pairwise_chrf_matches_sentence_chrf():
    require_shared()
    c = corpus("wmt22.en-de")
    systems = list(c.systems.values())
    groups = [[s[i] for s in systems[:4]] for i in range(30)]
    refs = [[s[i] for s in systems[4:7]] for i in range(30)]
    out = mtmeter.pairwise_chrf(groups, refs)
    for g, r, m in zip(groups, refs, out):
        assert m == [[pytest.approx(sacrebleu.sentence_chrf(h, [x]).score, abs=TOL) for x in r] for h in g]


def test_evaluate_matches_sacrebleu():
    require_shared()
    c = corpus("wmt21bio.en-fr")
    systems = dict(c.first(2))
    doc = mtmeter.evaluate(systems, c.references, ["bleu", "chrf", "ter"])
    assert [s["name"] for s in doc["systems"]] == list(systems)
    for s in doc["systems"]:
        hyps = systems[s["name"]]
        assert s["metrics"]["bleu"]["score"] == pytest.approx(sacrebleu.corpus_bleu(hyps, c.references).score, abs=TOL)
        assert s["metrics"]["ter"]["score"] == pytest.approx(sacrebleu.corpus_ter(hyps, c.references).score, abs=TOL)
