"""Scale: several processes or a Dask cluster give the same graph as one process; an interrupted
build resumes; results wait on disk, not in memory."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from rdflib import Graph
from rdflib.compare import isomorphic

from conftest import EXAMPLES, ROOT, finished, reap
from kg.pipeline.build import build
from kg.export.turtle import serialize_turtle
from kg.pipeline.spool import ResultSpool


def test_two_jobs_give_byte_identical_turtle(nlp, news_jsonl):
    inputs = [str(EXAMPLES), str(news_jsonl(30))]
    one = build(inputs, nlp=nlp, jobs=1)
    two = build(inputs, nlp=nlp, jobs=2)
    assert one.summary.articles == two.summary.articles == 32
    assert serialize_turtle(one.graph) == serialize_turtle(two.graph)


def test_dask_local_cluster_is_isomorphic_to_one_process(nlp, news_jsonl):
    inputs = [str(EXAMPLES), str(news_jsonl(200))]
    single = build(inputs, nlp=nlp, jobs=1)
    distributed = build(inputs, engine="dask", jobs=2)
    assert distributed.summary.articles == single.summary.articles == 202
    assert len(distributed.graph) == len(single.graph) > 5000
    assert isomorphic(distributed.graph, single.graph)


def test_progress_reports_every_article_with_its_words(nlp):
    seen = []
    build([str(EXAMPLES)], nlp=nlp, progress=lambda result, words: seen.append((result.meta.id, words)))
    assert [a for a, _ in seen] == ["000_fc52247e3c641696", "001_709061641652e054"]
    assert all(words > 300 for _, words in seen)


def test_spool_keeps_results_on_disk_and_resumes(nlp, tmp_path):
    folder = tmp_path / "work"
    spool = ResultSpool(folder, shard_size=1)
    results = _results(nlp)
    spool.extend(results)
    spool.flush()
    assert len(list(folder.glob("shard-*.pkl"))) == len(results)
    again = ResultSpool(folder)
    # A result is reused only for an article offered again exactly as it was.
    assert all(again.reuse(r.meta) for r in results)
    assert not again.reuse(results[0].meta)  # once
    assert [r.meta.id for r in again.resumed()] == [r.meta.id for r in results]
    again.close()
    assert not folder.exists()


def test_only_a_spool_that_can_be_resumed_waits_for_the_disk(nlp, tmp_path, monkeypatch):
    """A work folder's shards are on disk (fsync) before they count; a temporary spool's, which
    no run resumes from and which are deleted at the end, are not waited for."""
    synced: list[int] = []
    monkeypatch.setattr(os, "fsync", synced.append)
    results = _results(nlp)
    for folder, waits in ((None, False), (tmp_path / "work", True)):
        synced.clear()
        spool = ResultSpool(folder, shard_size=1, in_memory=0)
        spool.extend(results)
        spool.flush()
        assert [r.meta.id for r in spool] == [r.meta.id for r in results]
        assert len(synced) == (len(results) if waits else 0)
        spool.close()


def test_a_temporary_spool_holds_its_first_results_in_memory(nlp, tmp_path):
    """The first ``in_memory`` results of a temporary spool are not pickled; the rest go to shards,
    and the spool gives them all back in the order they came. A work folder's spool holds none:
    a killed build resumes from its shards."""
    results = _results(nlp) * 3
    spool = ResultSpool(shard_size=1, in_memory=2)
    spool.extend(results)
    spool.flush()
    assert len(list(spool.folder.glob("shard-*.pkl"))) == len(results) - 2
    assert [r.meta.id for r in spool] == [r.meta.id for r in results]
    assert next(iter(spool)) is results[0]
    spool.close()
    kept = ResultSpool(tmp_path / "work", shard_size=1, in_memory=2)
    kept.extend(results)
    assert len(list((tmp_path / "work").glob("shard-*.pkl"))) == len(results)
    kept.close()


def _results(nlp):
    from kg.pipeline.article import read_article
    from kg.ingest import iter_articles
    from kg.nlp import parse_articles
    from kg.ontology import load_ontology
    return [read_article(a, p, load_ontology()) for a, p in parse_articles(nlp, list(iter_articles([str(EXAMPLES)])))]


def _kg(*args, **kw):
    return subprocess.Popen([sys.executable, "-m", "kg", *args], cwd=ROOT, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, **kw)


def test_sigkill_then_rerun_resumes_and_matches_an_uninterrupted_build(news_jsonl, tmp_path):
    corpus = str(news_jsonl(80))
    whole = tmp_path / "whole"
    assert finished(_kg("build", corpus, "-o", str(whole), "-q")) == 0

    out = tmp_path / "killed"
    proc = _kg("build", corpus, "-o", str(out), "-q")
    deadline = time.time() + 600
    while time.time() < deadline and len(list(out.glob(".kg-work/*/shard-*.pkl"))) < 2:
        assert proc.poll() is None, "the build finished before it could be killed"
        time.sleep(0.05)
    os.kill(proc.pid, signal.SIGKILL)
    reap(proc)
    assert not (out / "graph.ttl").exists()

    rerun = _kg("build", corpus, "-o", str(out), "-q")
    _, stderr = rerun.communicate(timeout=600)
    assert rerun.returncode == 0, stderr
    resumed = int(stderr.split("resumed an interrupted build: ")[1].split()[0])
    assert 32 <= resumed < 80
    assert not (out / ".kg-work").exists()
    assert isomorphic(Graph().parse(out / "graph.ttl"), Graph().parse(whole / "graph.ttl"))


def _quads(store_dir: Path) -> set:
    import pyoxigraph as ox
    return set(ox.Store.read_only(str(store_dir)))


def test_a_store_build_killed_at_any_moment_stays_readable_and_the_rerun_finishes_it(news_jsonl, tmp_path):
    corpus = str(news_jsonl(60))
    whole = tmp_path / "whole"
    assert finished(_kg("build", corpus, "--store", str(whole), "-q")) == 0

    store = tmp_path / "killed"
    for delay in (2.0, 6.0, 12.0):
        proc = _kg("build", corpus, "--store", str(store), "-q")
        time.sleep(delay)
        if proc.poll() is None:
            os.kill(proc.pid, signal.SIGKILL)
        reap(proc)
        if store.exists():
            _quads(store)  # opens and reads after any kill
    rerun = _kg("build", corpus, "--store", str(store), "-q")
    _, stderr = rerun.communicate(timeout=600)
    assert rerun.returncode == 0, stderr
    assert _quads(store) == _quads(whole)
