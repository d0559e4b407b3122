"""A build on a Dask cluster: the workers read their own parts of the input, merge the entities by
a tree reduction and write N-Quads shards; the union of the shards is the one-process build's
graph, and every command that reads a graph reads the shard folder.

The cluster is a LocalCluster of 2 worker processes on 127.0.0.1, shared by the tests of this
module (its address is passed as --dask-scheduler, as for a cluster of many machines).
"""

from __future__ import annotations

import gzip
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib.compare import isomorphic

from conftest import EXAMPLES, ROOT
from kg.errors import KGError
from kg.ingest import iter_articles, parts
from kg.pipeline import build_to
from kg.pipeline.build import build
from kg.read.load import load_graph, open_graph, shard_batches
from kg.rdf.shards import MANIFEST, read_manifest


@pytest.fixture(scope="module")
def cluster():
    from dask.distributed import LocalCluster
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1",
                      dashboard_address=None, scheduler_kwargs={"dashboard_address": "127.0.0.1:0"}) as local:
        yield local.scheduler_address


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    """The seed articles, 150 made-up ones in a JSONL file and 40 more gzipped, with a repeated
    article, an id used twice and a syndicated copy among them."""
    sys.path.insert(0, str(ROOT / "tests"))
    from newsgen import articles
    folder = tmp_path_factory.mktemp("cluster-corpus")
    news = list(articles(190, seed=11))
    news.append(dict(news[3]))                                  # an exact repeat: read once
    news.append({**news[4], "text": news[5]["text"] + " More."})  # the id of another text: renamed
    news.append({**news[6], "id": "copy-of-6"})                  # a syndicated copy: linked, not read
    lines = [json.dumps(a) for a in news]
    plain = folder / "news.jsonl"
    plain.write_text("\n".join(lines[:150] + ["{not json"] + lines[150:153]) + "\n", encoding="utf-8")
    packed = folder / "more.jsonl.gz"
    with gzip.open(packed, "wt", encoding="utf-8") as handle:
        handle.write("\n".join(lines[153:]) + "\n")
    return [str(EXAMPLES), str(plain), str(packed)]


@pytest.fixture(scope="module")
def one_process(corpus, nlp):
    return build(corpus, nlp=nlp, jobs=1)


@pytest.fixture
def small_parts(monkeypatch):
    monkeypatch.setattr(parts, "PART_SIZE", 40)


def _messages(problems):
    return sorted(p.message for p in problems)


def test_parts_read_on_their_own_are_the_whole_input(corpus, tmp_path):
    """The parts, each read alone, in order, give exactly what iter_articles gives for the inputs,
    with the same messages, whatever the part size."""
    broken = tmp_path / "broken.jsonl.gz"
    with gzip.open(broken, "wb") as handle:
        handle.write(b'{"id": "b1", "text": "Acme Corp bought Widget Works on Monday."}\n' * 3)
    data = broken.read_bytes()
    broken.write_bytes(data[:-12])  # gzip data that breaks off
    inputs = [*corpus, str(broken), "Elon Musk has threatened to sue Microsoft.", str(tmp_path / "missing.txt")]
    whole = list(iter_articles(inputs))
    entries = parts.plan(inputs)
    counts = {e.path: parts.count_lines(e) for e in entries if isinstance(e, parts.Source) and e.kind == "lines"}
    for size in (1, 7, 100):
        cut = parts.cut(entries, counts, size)
        pieces = [item for part in cut for item in parts.read_part(part)]
        assert pieces == whole
        assert [part.index for part in cut] == list(range(len(cut)))
        assert len({part.key for part in cut}) == len(cut)
    assert any("[E310]" in getattr(item, "message", "") for item in whole)


def test_plan_of_a_folder_with_a_file_the_client_reads_adds_its_items_not_a_list(tmp_path):
    """A folder's file no worker may read (here a named pipe) was planned as one entry holding the
    list of its items, which read_part then yielded as if it were an article."""
    folder = tmp_path / "news"
    folder.mkdir()
    (folder / "a.txt").write_text("Acme Corp said on Monday it would buy Widget Works for two billion dollars.")
    os.mkfifo(folder / "pipe.txt")
    entries = parts.plan([str(folder)])
    assert not any(isinstance(entry, list) for entry in entries)
    cut = parts.cut(entries, {})
    assert [item for part in cut for item in parts.read_part(part)] == list(iter_articles([str(folder)]))


def test_a_worker_reads_its_part_with_the_heap_frozen_and_writes_it_uncollected(nlp, monkeypatch, tmp_path):
    """Regression: a Dask worker's reading left the pipeline in every collection's scan (0.3 s of
    the collector's in 400 BBC articles, 0.05 s frozen); it is frozen while the part is read,
    and thawed after (kg/pipeline/memory.py)."""
    import gc
    from kg.defaults import DEFAULT_BASE
    from kg.pipeline import cluster as stages, parallel
    from kg.pipeline.memory import YOUNG
    monkeypatch.setitem(parallel._STATE, "nlp", nlp)
    monkeypatch.setitem(parallel._STATE, "model", None)
    seen, before, real = [], gc.get_threshold(), parallel.read_batch

    def reading(batch, model=None):
        seen.append((gc.get_freeze_count(), gc.get_threshold()))
        return real(batch, model)

    monkeypatch.setattr(parallel, "read_batch", reading)
    part = parts.cut(parts.plan([str(EXAMPLES)]), {}, parts.PART_SIZE)[0]
    options = stages.ClusterOptions(work=str(tmp_path), out=str(tmp_path), tag="t", base=DEFAULT_BASE)
    report = stages.read_part_results(part, stages.Decisions(), options)
    assert report.articles == 2 and report.sentences > 0
    assert seen[0][0] > 0 and seen[0][1] == (max(YOUNG, before[0]), *before[1:])
    assert gc.get_freeze_count() == 0 and gc.get_threshold() == before
    # Its shard is written with the collector paused: once the heap is thawed, a full collection
    # while the quads were made scanned the pipeline again (0.12 s).
    from kg.rdf import shards
    collecting, real_quads = [], shards.article_quads

    def quads(*args):
        for quad in real_quads(*args):
            collecting.append(gc.isenabled())
            yield quad

    monkeypatch.setattr(shards, "article_quads", quads)
    names = stages.resolve(stages.part_names([report]), options)
    name, stats = stages.write_part(stages.slim(report), names, options)
    assert (tmp_path / name).stat().st_size > 0 and collecting and not any(collecting)
    assert gc.isenabled()


def test_union_of_the_shards_is_the_one_process_graph(cluster, corpus, one_process, small_parts):
    distributed = build(corpus, scheduler=cluster)
    assert distributed.summary.shards > 4  # several parts, each its own shard
    assert distributed.summary.resumed == 0  # every task ran once
    assert distributed.summary.articles == one_process.summary.articles == 194
    assert distributed.summary.copies == one_process.summary.copies >= 1
    assert _messages(distributed.problems) == _messages(one_process.problems)
    assert len(distributed.graph) == len(one_process.graph) > 10_000
    assert isomorphic(distributed.graph, one_process.graph)


def test_dask_local_cluster_engine_gives_the_same_graph(nlp, news_jsonl):
    inputs = [str(EXAMPLES), str(news_jsonl(30))]
    single = build(inputs, nlp=nlp, jobs=1)
    distributed = build(inputs, engine="dask", jobs=2)
    assert distributed.summary.articles == single.summary.articles == 32
    assert isomorphic(distributed.graph, single.graph)


def test_build_folder_holds_shards_and_a_manifest_and_is_replaced_whole(cluster, corpus, one_process, tmp_path,
                                                                          small_parts):
    out = tmp_path / "out"
    report = build_to(corpus, out, scheduler=cluster, formats="ttl,nq")
    manifest = read_manifest(out)
    assert len(manifest.shards) == report.summary.shards > 4
    assert {p.name for p in out.iterdir()} == {MANIFEST, "graph.html", "graph.ttl", "graph.nq",
                                               *(s.name for s in manifest.shards)}
    assert isomorphic(load_graph(out), one_process.graph)
    # (read through the loader: rdflib writes the decimal 1 of a copy's similarity as "1.0")
    assert isomorphic(load_graph(out / "graph.ttl"), load_graph(out))
    assert isomorphic(load_graph(out / "graph.nq"), load_graph(out))
    # Made from the shards' lines, without an rdflib graph: the files a one-process build writes.
    from kg.export.formats import write_formats
    write_formats(one_process.graph, tmp_path / "one", ("ttl", "nq"))
    for name in ("graph.ttl", "graph.nq"):
        assert (out / name).read_bytes() == (tmp_path / "one" / name).read_bytes(), name
    assert not (out / ".kg-work").exists()

    # A second build into the folder replaces the shards: the old ones go once the manifest names the new.
    build_to([str(EXAMPLES)], out, scheduler=cluster, html=False)
    again = read_manifest(out)
    assert not set(again.shards) & set(manifest.shards)
    assert sorted(p for p in out.glob("graph-*.nq")) == sorted(again.shards)
    assert isomorphic(load_graph(out), build([str(EXAMPLES)]).graph)

    # A build without a cluster into the folder leaves its own files alone there.
    build_to([str(EXAMPLES)], out)
    assert not (out / MANIFEST).exists() and not list(out.glob("graph-*.nq"))


def test_every_command_that_reads_a_graph_reads_the_build_folder(cluster, tmp_path):
    out = tmp_path / "out"
    build_to([str(EXAMPLES)], out, scheduler=cluster, html=False)
    from kg.analytics import read_network, to_networkx
    streamed, loaded = read_network(out), to_networkx(load_graph(out))  # kg viz and kg stats read the former
    assert list(streamed.nodes(data=True)) == list(loaded.nodes(data=True)) and streamed.graph == loaded.graph
    assert list(streamed.edges(keys=True, data=True)) == list(loaded.edges(keys=True, data=True))

    def kg(*args):
        return subprocess.run([sys.executable, "-m", "kg", *args], cwd=ROOT, capture_output=True, text=True)

    query = kg("query", str(out), "--format", "csv",
               "SELECT ?o WHERE { person:elon-musk kg:threatens-suit ?x . ?x rdfs:label ?o }")
    assert query.returncode == 0 and query.stdout.split() == ["o", "Microsoft"], query.stderr
    stats = kg("stats", str(out), "--json")
    assert stats.returncode == 0 and json.loads(stats.stdout)["counts"]["entities"] > 20, stats.stderr
    assert kg("validate", str(out)).returncode == 0
    exported = kg("export", str(out), "--format", "json", "-o", str(tmp_path / "g.json"))
    assert exported.returncode == 0 and (tmp_path / "g.json").stat().st_size > 1000, exported.stderr
    page = kg("viz", str(out), "-o", str(tmp_path / "g.html"))
    assert page.returncode == 0 and "Elon Musk" in (tmp_path / "g.html").read_text(encoding="utf-8")

    from kg.server import Endpoint
    import urllib.parse
    import urllib.request
    with Endpoint(out, port=0) as endpoint:
        import threading
        threading.Thread(target=endpoint.serve_forever, daemon=True).start()
        question = urllib.parse.urlencode({"query": "SELECT (COUNT(*) AS ?n) WHERE { ?s a kg:Statement }"})
        with urllib.request.urlopen(f"{endpoint.url}sparql?{question}", timeout=30) as answer:
            body = json.loads(answer.read())
        assert int(body["results"]["bindings"][0]["n"]["value"]) > 20


def test_page_and_files_too_big_for_a_worker_are_left_out_with_a_warning(cluster, tmp_path, monkeypatch):
    """Made from the whole graph in one worker, graph.html and --format files that would not fit
    in its memory are left out with W104 (the build used to fail at its very end); the shards
    hold the graph, and an earlier build's page, which would describe another graph, goes."""
    from dask.distributed import Client
    from kg.pipeline import cluster as cluster_module
    with Client(cluster) as client:
        assert cluster_module.worker_memory(client) > 2**20  # the LocalCluster's limit per worker
    out = tmp_path / "out"
    out.mkdir()
    (out / "graph.html").write_text("an earlier build's page", encoding="utf-8")
    monkeypatch.setattr(cluster_module, "worker_memory", lambda client: 10_000)
    report = build_to([str(EXAMPLES)], out, scheduler=cluster, formats="ttl")
    left_out = [p for p in report.problems if "[W104]" in p.message]
    assert len(left_out) == 1 and left_out[0].severity == "warning"
    assert "graph.ttl, graph.html not written" in left_out[0].message and "--no-html" in left_out[0].message
    # Made one after the other, each has its own estimate (the message gave only the files' one).
    assert re.search(r"about \d+\.\d GB \(graph\.ttl\) and about \d+\.\d GB \(graph\.html\)", left_out[0].message)
    assert {p.name for p in out.iterdir()} == {MANIFEST, *(s.name for s in read_manifest(out).shards)}
    assert not any(path.name.startswith("graph.") and path.suffix in (".ttl", ".html") for path in report.written)
    assert len(open_graph(out)) == report.summary.rdf_triples > 500


def test_the_page_is_made_from_the_shards_as_a_stream_where_the_whole_graph_would_not_fit(cluster, tmp_path,
                                                                                          monkeypatch):
    """graph.html is made from the network read from the shards one by one (about a sixth of
    the whole graph's memory), so a worker that cannot hold the whole graph for a --format file
    still makes the page: only the file is left out (W104). The page is the one a build
    without a cluster makes of the same articles."""
    from types import SimpleNamespace

    from kg.pipeline import cluster as cluster_module
    from kg.viz.html import render_html
    out = tmp_path / "out"
    build_to([str(EXAMPLES)], out, scheduler=cluster, html=False)
    *parts, shared = read_manifest(out).shards
    counts = {shard.name: SimpleNamespace(quads=sum(1 for batch in shard_batches([shard]) for _ in batch))
              for shard in (*parts, shared)}
    monkeypatch.setattr(cluster_module, "FILE_BYTES_PER_QUAD", 2**40)  # no single file fits, the page does
    target = tmp_path / "staged"
    target.mkdir()
    staged, left_out, problem = cluster_module.write_files(
        (shared.name, counts[shared.name]), [[(p.name, counts[p.name]) for p in parts]],
        SimpleNamespace(out=str(out)), ("ttl",), True, str(target), memory=2**40)
    assert left_out == ["graph.ttl"] and problem is not None
    assert "[W104]" in problem.message and "graph.ttl not written" in problem.message
    assert "(graph.ttl) more there" in problem.message and "graph.html" not in problem.message
    assert [path.name for _, path in staged] == ["graph.html"]
    [(page, _)] = staged
    assert Path(page).read_text(encoding="utf-8") == render_html(build([str(EXAMPLES)]).graph)


def test_every_format_has_its_own_memory_estimate():
    """W104 estimates a --format file's memory by format: a format without a figure would fail a
    cluster build at its end, and one figure for all fell 16% short for N-Quads alone."""
    from kg.export.formats import FORMATS
    from kg.pipeline.cluster import FORMAT_BYTES_PER_QUAD
    assert set(FORMAT_BYTES_PER_QUAD) == set(FORMATS)
    assert min(FORMAT_BYTES_PER_QUAD["nq"], FORMAT_BYTES_PER_QUAD["trig"]) > FORMAT_BYTES_PER_QUAD["ttl"]


def test_regression_local_cluster_took_port_8787():
    """kg's LocalCluster (--engine dask) serves no dashboard, but its scheduler's other HTTP routes
    took port 8787, Dask's dashboard port, and warned when another Dask had it."""
    import warnings
    from kg.pipeline.cluster import dask_client
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        client = dask_client(None, 1)
    try:
        cluster = getattr(client, "_kg_cluster")
        addresses = [s.getsockname()[:2] for s in cluster.scheduler.http_server._sockets.values()]
        assert addresses and all(host == "127.0.0.1" and port != 8787 for host, port in addresses)
        assert not [w for w in caught if "8787" in str(w.message)]
    finally:
        client.close()
        cluster.close()


def test_a_missing_shard_is_a_numbered_error(cluster, tmp_path):
    out = tmp_path / "out"
    build_to([str(EXAMPLES)], out, scheduler=cluster, html=False)
    next(out.glob("graph-*-00000.nq")).unlink()
    with pytest.raises(KGError, match=r"\[E128\].*missing"):
        open_graph(out)


def _quads(store: Path) -> set:
    return set(ox.Store.read_only(str(store)))


def test_store_built_on_a_cluster_is_the_one_process_store(cluster, corpus, tmp_path, small_parts):
    """A new store is bulk-loaded from the shards; a store that holds articles gets the same
    per-article transactions as without a cluster. Either way the quads are the one-process build's."""
    first = corpus[:2]
    local, remote = tmp_path / "local", tmp_path / "remote"
    build_to(first, store=local)
    report = build_to(first, store=remote, scheduler=cluster)
    assert report.store.added == report.summary.articles > 100
    assert _quads(remote) == _quads(local)
    expected = build_to(corpus, store=local)
    report = build_to(corpus, store=remote, scheduler=cluster)
    # 40 more lines: one an exact repeat of an earlier article (read once), so 39 articles added
    assert report.store.added == expected.store.added == 39 and report.store.unchanged > 100
    assert report.store == expected.store
    assert _quads(remote) == _quads(local)
    assert not list(tmp_path.glob(".*.kg-work"))


def test_an_interrupted_cluster_build_resumes_article_by_article(cluster, corpus, tmp_path, small_parts):
    """The workers' results wait in the work folder: run again, only the articles that changed are
    read again, and the graph is that of the input as it is now."""
    from kg.pipeline.cluster import build_on_cluster
    work, out = tmp_path / "work", tmp_path / "out"
    first = build_on_cluster(corpus, work=work, out=out, scheduler=cluster, base="https://w3id.org/kg-news/id/",
                             copies=0.8)
    assert first.resumed == 0
    edited = tmp_path / "news.jsonl"
    lines = Path(corpus[1]).read_text(encoding="utf-8").splitlines()
    record = json.loads(lines[10])
    lines[10] = json.dumps({**record, "text": record["text"] + " Elon Musk has threatened to sue Microsoft."})
    edited.write_text("\n".join(lines) + "\n", encoding="utf-8")
    Path(corpus[1]).write_text(edited.read_text(encoding="utf-8"), encoding="utf-8")
    try:
        again = build_on_cluster(corpus, work=work, out=tmp_path / "out2", scheduler=cluster,
                                 base="https://w3id.org/kg-news/id/", copies=0.8)
    finally:
        lines[10] = json.dumps(record)
        Path(corpus[1]).write_text("\n".join(lines) + "\n", encoding="utf-8")
    # every article but the edited one comes from the work folder (a copy's result too)
    assert again.resumed == first.articles - 1
    assert again.articles == first.articles
    assert again.sentences == first.sentences + 1 and again.asserted > first.asserted


def test_fsspec_urls_are_read_by_the_workers(cluster, corpus, tmp_path):
    url = "file://" + str(Path(corpus[2]).parent) + "/*.jsonl.gz"
    distributed = build([url], scheduler=cluster)
    local = build([url])
    assert distributed.summary.articles == local.summary.articles == 40
    assert isomorphic(distributed.graph, local.graph)


def test_a_missing_fsspec_backend_names_the_package(tmp_path):
    def kg(url):
        return subprocess.run([sys.executable, "-c", "import sys; sys.modules['s3fs'] = None\n"
                               "from kg.cli import main; main()", "build", url, "-o", str(tmp_path / "out"), "-q"],
                              cwd=ROOT, capture_output=True, text=True)
    missing = kg("s3://bucket/news/*.jsonl.gz")  # s3fs made unimportable: no traffic to S3 either way
    assert missing.returncode == 2 and "Traceback" not in missing.stderr
    assert "[E021]" in missing.stderr and "'s3fs'" in missing.stderr and "pip install" in missing.stderr
    unknown = kg("nosuchscheme://bucket/news.jsonl")
    assert unknown.returncode == 2 and "Traceback" not in unknown.stderr
    assert "[E338]" in unknown.stderr and "nosuchscheme://" in unknown.stderr


def test_the_cli_on_a_cluster_writes_shards_and_says_so(cluster, tmp_path):
    out = tmp_path / "out"
    proc = subprocess.run([sys.executable, "-m", "kg", "build", str(EXAMPLES), "-o", str(out), "--dask-scheduler",
                           cluster, "--no-html", "-q"], cwd=ROOT, capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    assert "N-Quads shards" in proc.stderr and "2 articles" in proc.stderr
    assert {p.name for p in out.iterdir()} == {MANIFEST, *(s.name for s in read_manifest(out).shards)}
