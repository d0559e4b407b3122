"""The engines that read articles: what they do with the pipeline does not change the graph."""

from __future__ import annotations

from rdflib.compare import isomorphic

from conftest import EXAMPLES
from kg.model import Article
from kg.pipeline import parallel
from kg.pipeline.build import build
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
