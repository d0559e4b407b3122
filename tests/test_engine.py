"""The engines that read articles: what they do with the pipeline does not change the graph."""

from __future__ import annotations

import gc
import weakref

import pytest
from rdflib.compare import isomorphic

from conftest import EXAMPLES
from kg.model import Article
from kg.pipeline import parallel
from kg.pipeline.build import build
from kg.pipeline.memory import YOUNG
from newsgen import articles


def test_a_build_that_reloads_its_pipeline_reads_the_same_graph(monkeypatch, tmp_path):
    """The pipeline a one-process build loads is loaded again every RELOAD_EVERY articles, to
    keep spaCy's growing vocabulary from growing the build's memory; the graph is the same."""
    corpus = [str(EXAMPLES)] + [Article(r["text"], id=r["id"]) for r in articles(20, seed=5)]
    loads = []
    real = parallel.load_pipeline
    monkeypatch.setattr(parallel, "load_pipeline", lambda model=None: loads.append(model) or real(model))
    once = build(corpus)
    assert len(loads) == 1
    monkeypatch.setattr(parallel, "RELOAD_EVERY", 3)
    reloaded = build(corpus)
    assert len(loads) == 3  # batches of 16: once at the start, again before the second batch
    assert reloaded.summary.articles == once.summary.articles == 22
    assert isomorphic(reloaded.graph, once.graph)


def test_an_engine_does_not_keep_the_pipeline_after_the_build(nlp):
    build([str(EXAMPLES)], nlp=nlp)
    assert "nlp" not in parallel._STATE
    build(str(EXAMPLES))
    assert "nlp" not in parallel._STATE


def test_an_engine_freezes_the_heap_while_it_reads_and_thaws_it_after(nlp):
    """What was alive before the reading (the pipeline above all) is left out of the cycle
    collector's scans while articles are read (kg/pipeline/memory.py), and only then; the
    youngest objects are collected every YOUNG allocations meanwhile, and as before after."""
    frozen, thresholds, before = [], [], gc.get_threshold()
    with parallel.SerialEngine(nlp, None) as engine:
        for _ in engine.map(Article(r["text"], id=r["id"]) for r in articles(2, seed=3)):
            frozen.append(gc.get_freeze_count())
            thresholds.append(gc.get_threshold())
    assert frozen and all(count > 0 for count in frozen)
    assert thresholds and all(t == (max(YOUNG, before[0]), *before[1:]) for t in thresholds)
    assert gc.get_freeze_count() == 0
    assert gc.get_threshold() == before


def test_a_pipeline_let_go_for_a_fresh_one_is_collected(monkeypatch):
    """Regression: a frozen pipeline is never collected, so the engine thaws it before it loads
    the next one; otherwise every reload would keep the old pipeline's memory."""
    one_by_one = parallel.batches
    monkeypatch.setattr(parallel, "batches", lambda items: one_by_one(items, size=1))
    seen = []
    with parallel.SerialEngine(None, None, reload_every=1) as engine:
        for _ in engine.map(Article(r["text"], id=r["id"]) for r in articles(3, seed=4)):
            seen.append(weakref.ref(parallel._STATE["nlp"]))
    assert len(seen) == 3
    assert [ref() for ref in seen[:2]] == [None, None]


def test_a_heap_its_caller_froze_stays_frozen(nlp):
    gc.freeze()
    try:
        build([str(EXAMPLES)], nlp=nlp)
        assert gc.get_freeze_count() > 0
    finally:
        gc.unfreeze()


def test_the_heap_stays_frozen_while_any_thread_of_a_worker_reads():
    """A Dask worker with several threads runs several parts at once: the first to end must not
    thaw the heap under the others."""
    import threading
    from kg.pipeline.memory import frozen_while_reading
    first_in, second_in, first_out = threading.Event(), threading.Event(), threading.Event()
    counts = {}

    def first():
        with frozen_while_reading():
            first_in.set()
            second_in.wait(10)
        first_out.set()

    def second():
        first_in.wait(10)
        with frozen_while_reading():
            second_in.set()
            first_out.wait(10)
            counts["after the first ended"] = gc.get_freeze_count()

    threads = [threading.Thread(target=first), threading.Thread(target=second)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(20)
    assert counts["after the first ended"] > 0
    assert gc.get_freeze_count() == 0


def test_worker_processes_start_with_the_pipeline_frozen(nlp):
    """Forked after the freeze, a worker's collector does not scan the pipeline either (which
    would copy its memory pages into every worker)."""
    with parallel.ProcessEngine(2, nlp, None) as engine:
        assert engine.pool.apply(gc.get_freeze_count) > 0
    assert gc.get_freeze_count() == 0


@pytest.mark.parametrize("count, workers, size", [
    (0, 2, 16), (1, 2, 16), (31, 2, 16), (32, 2, 16), (33, 2, 16), (400, 2, 16), (401, 3, 8), (50, 1, 16), (47, 1, 16),
])
def test_the_last_batches_for_several_workers_get_smaller(count, workers, size):
    """The workers should finish together: once the input ends, what is held back goes out in
    batches of at most about a 2 * workers-th of the rest, every article once and in order."""
    batched = list(parallel.tapered_batches(range(count), workers, size))
    assert [a for batch in batched for a in batch] == list(range(count))
    sizes = [len(batch) for batch in batched]
    assert all(0 < n <= size for n in sizes)
    full = max(0, count - workers * size) // size  # batches that go out before the input ends
    assert sizes[:full] == [size] * full
    tail, rest = sizes[full:], count - full * size
    assert tail == sorted(tail, reverse=True)
    if rest >= 4 * workers:  # enough held back to taper
        assert tail[0] <= -(-rest // (2 * workers))
        assert tail[-1] <= 2
