"""kg build when things go wrong: a resumed build uses nothing stale, duplicate ids lose and merge
nothing, a full disk replaces no output (a real full filesystem, mounted by the test), a second
build into the same folder is refused, metadata that would make bad RDF is dropped, and a store
that cannot be read for lack of permission says so."""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pyoxigraph as ox
from rdflib import Graph, Namespace
from typer.testing import CliRunner

from conftest import EXAMPLES, ROOT, finished, reap
from kg.cli import app
from kg.ingest import content_hash, normalize_text

SCHEMA = Namespace("https://schema.org/")
BAD = ROOT / "tests" / "data" / "bad"
runner = CliRunner()


def kg(*args: str) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "kg", *args], cwd=ROOT, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)


def write_jsonl(path: Path, rows: list[dict]) -> Path:
    path.write_text("".join(json.dumps(row) + "\n" for row in rows), encoding="utf-8")
    return path


def generated(count: int, seed: int = 5) -> list[dict]:
    from newsgen import articles
    return articles(count, seed=seed)


def wait_for(predicate, proc: subprocess.Popen, seconds: float = 300) -> None:
    deadline = time.monotonic() + seconds
    while not predicate():
        assert proc.poll() is None, f"the build ended first: {proc.communicate()[1]}"
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.01)


def test_regression_resume_reused_results_of_edited_and_deleted_articles(tmp_path):
    """Kill an -o build after two shards, edit one article and delete another, run again: the
    output is exactly a clean build's of the new input."""
    rows = generated(48)
    feed = write_jsonl(tmp_path / "feed.jsonl", rows)
    out = tmp_path / "out"
    proc = kg("build", str(feed), "-o", str(out), "-q")
    wait_for(lambda: any(out.glob(".kg-work/*/shard-000001.pkl")), proc)
    proc.send_signal(signal.SIGKILL)
    reap(proc)
    # Article 3 (in the first shard) gets another text; article 5 goes.
    rows[3] = dict(rows[3], text="Orvanta Energy has agreed to buy Pyronel Telecom for $120 million, the two "
                                 "firms said on Monday. Carla Northcott, the chairman of Orvanta Energy, "
                                 "said the deal would close next year.")
    deleted = rows.pop(5)
    write_jsonl(feed, rows)
    resumed = kg("build", str(feed), "-o", str(out), "-q")
    _, err = resumed.communicate(timeout=600)
    assert resumed.returncode == 0, err
    assert "resumed an interrupted build: 30 articles were already read" in err  # 32 read, 2 stale
    assert "47 articles" in err
    clean = tmp_path / "clean"
    proc = kg("build", str(feed), "-o", str(clean), "-q")
    assert finished(proc) == 0
    assert (out / "graph.ttl").read_bytes() == (clean / "graph.ttl").read_bytes()
    graph = Graph().parse(out / "graph.ttl")
    ids = {str(o) for o in graph.objects(None, SCHEMA.identifier)}
    assert deleted["id"] not in ids and len(ids) == 47


def test_regression_duplicate_ids_merged_two_articles_or_lost_one(tmp_path):
    """An id used twice is renamed with a warning naming both places, even when the new name is
    taken already; an exact repeat is read once, with a warning; no two articles share a node."""
    texts = [row["text"] for row in generated(3, seed=9)]
    second = f"a-{content_hash(normalize_text(texts[1]))[:8]}"
    rows = [{"id": "a", "text": texts[0]},
            {"id": second, "text": texts[2]},   # takes the name the next article would be renamed to
            {"id": "a", "text": texts[1]},
            {"id": "a", "text": texts[0]}]      # an exact repeat of the first
    feed = write_jsonl(tmp_path / "feed.jsonl", rows)
    out = tmp_path / "out"
    result = runner.invoke(app, ["build", str(feed), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert re.search(rf"\[W311\] {re.escape(str(feed))}:3: the id 'a' is already used by {re.escape(str(feed))}:1",
                     result.output), result.output
    assert f"'{second}-2'" in result.output
    assert re.search(rf"\[W312\] {re.escape(str(feed))}:4: the same article as {re.escape(str(feed))}:1",
                     result.output), result.output
    assert "3 articles" in result.output
    graph = Graph().parse(out / "graph.ttl")
    articles = set(graph.subjects(None, SCHEMA.NewsArticle))
    assert len(articles) == 3
    for article in articles:
        assert len(list(graph.objects(article, SCHEMA.identifier))) == 1
    assert {str(o) for o in graph.objects(None, SCHEMA.identifier)} == {"a", second, f"{second}-2"}
    valid = runner.invoke(app, ["validate", str(out / "graph.ttl")])
    assert valid.exit_code == 0, valid.output
    store = tmp_path / "store"
    result = runner.invoke(app, ["build", str(feed), "--store", str(store)])
    assert result.exit_code == 0 and "3 articles added" in result.output, result.output
    assert len(list(ox.Store.read_only(str(store)).named_graphs())) == 3


def test_regression_a_full_disk_replaced_graph_ttl_but_not_graph_html(tmp_path, small_disk):
    """On a filesystem with room for the new graph.ttl but not the new graph.html, neither is replaced;
    the message names graph.html and says the disk is full; no temporary file is left."""
    feed = write_jsonl(tmp_path / "feed.jsonl", generated(40))
    sizes = {}
    for name, source in (("a", EXAMPLES), ("b", feed)):
        ref = tmp_path / f"ref-{name}"
        assert finished(kg("build", str(source), "-o", str(ref), "-q")) == 0
        sizes[name] = {f: (ref / f).stat().st_size for f in ("graph.ttl", "graph.html")}
    assert sizes["b"]["graph.html"] > sizes["a"]["graph.html"]
    room = sum(sizes["a"].values()) + sizes["b"]["graph.ttl"] + sizes["b"]["graph.html"] // 2
    disk = small_disk(f"{room // 1024 + 64}k")
    out = disk.path / "out"
    assert finished(kg("build", str(EXAMPLES), "-o", str(out), "-q")) == 0
    before = {f: (out / f).read_bytes() for f in ("graph.ttl", "graph.html")}
    disk.mount_inside("out/.kg-work", "64m")  # the work folder: not on the small disk
    proc = kg("build", str(feed), "-o", str(out), "-q")
    _, err = proc.communicate(timeout=600)
    assert proc.returncode == 2, err
    assert "Traceback" not in err and "[E311]" in err and "disk is full" in err
    assert f"Cannot write {out / 'graph.html'}:" in err and "Nothing was replaced" in err
    assert {f: (out / f).read_bytes() for f in ("graph.ttl", "graph.html")} == before
    assert sorted(p.name for p in out.iterdir()) == [".kg-work", "graph.html", "graph.ttl"]


def test_regression_two_builds_into_one_folder_failed_with_a_misleading_error(tmp_path):
    """The second build is refused at once with a clear "in use" error; the first finishes. The first
    reads a named pipe last, which the test keeps open until the second has been turned away."""
    rows = generated(12)
    feed = write_jsonl(tmp_path / "feed.jsonl", rows[:8])
    pipe = tmp_path / "more.jsonl"
    os.mkfifo(pipe)
    out = tmp_path / "out"
    first = kg("build", str(feed), str(pipe), "-o", str(out), "-q")
    writer = open(pipe, "w", encoding="utf-8")  # the first build has opened the pipe: it is running
    try:
        second = kg("build", str(EXAMPLES), "-o", str(out), "-q")
        _, err = second.communicate(timeout=600)
        assert second.returncode == 2, err
        assert "[E312]" in err and "in use" in err and str(out) in err and ".shard" not in err
        assert first.poll() is None
    finally:
        writer.write("".join(json.dumps(row) + "\n" for row in rows[8:]))
        writer.close()
    _, err = first.communicate(timeout=600)
    assert first.returncode == 0, err
    ids = {str(o) for o in Graph().parse(out / "graph.ttl").objects(None, SCHEMA.identifier)}
    assert ids == {row["id"] for row in rows}


def test_regression_a_10000_character_url_and_a_plus_20_offset_reached_the_graph(tmp_path):
    feed = BAD / "bad-meta.jsonl"
    result = runner.invoke(app, ["build", str(feed), "-o", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert f"[W309] {feed}:1: the url is 2,525 characters long" in result.output
    assert f"[W310] {feed}:2: the date '2023-01-01T10:00:00+20:00'" in result.output
    graph = Graph().parse(tmp_path / "graph.ttl")
    assert not list(graph.objects(None, SCHEMA.url))
    assert not list(graph.objects(None, SCHEMA.datePublished))
    assert {str(o) for o in graph.objects(None, SCHEMA.identifier)} == {"meta-1", "meta-2"}


def test_datetimes_are_written_as_valid_xsd_datetimes(tmp_path):
    rows = [{"id": f"d{i}", "date": date, "text": row["text"]}
            for i, (date, row) in enumerate(zip(["2023-01-01T10:00Z", "2023-01-01T10:00:00-14:00",
                                                   "2023-01-01T10:00:00+14:30"], generated(3, seed=2)))]
    result = runner.invoke(app, ["build", str(write_jsonl(tmp_path / "d.jsonl", rows)), "-o", str(tmp_path / "o")])
    assert "[W310]" in result.output and "+14:30" in result.output
    written = ox.parse(path=str(tmp_path / "o" / "graph.ttl"), format=ox.RdfFormat.TURTLE)
    dates = sorted(q.object.value for q in written if q.predicate.value == str(SCHEMA.datePublished))
    assert dates == ["2023-01-01T10:00:00+00:00", "2023-01-01T10:00:00-14:00"]  # seconds added, +14:30 dropped


def test_regression_a_permission_error_on_a_store_blamed_another_kg_process(tmp_path, seed_store):
    """Read as a user without root's power over file permissions (setpriv), a store folder that
    cannot be read says "permission denied", not that another kg process writes to it."""
    from test_bad_input import unprivileged
    import shutil
    store = tmp_path / "store"
    shutil.copytree(seed_store, store)
    files = [p for p in store.iterdir() if p.is_file()]
    for file in files:
        file.chmod(0)
    try:
        for args in (["query", str(store), "ASK { ?s ?p ?o }"], ["build", str(EXAMPLES), "--store", str(store)]):
            done = subprocess.run(unprivileged([sys.executable, "-m", "kg", *args]), cwd=ROOT, capture_output=True,
                                  text=True, timeout=600)
            assert done.returncode == 2, done.stderr
            assert "[E125]" in done.stderr and "permission denied" in done.stderr, done.stderr
            assert "another kg process" not in done.stderr and "Traceback" not in done.stderr
    finally:
        for file in files:
            file.chmod(0o644)


def test_control_characters_in_quoted_text_are_escaped(tmp_path):
    """A file name is outside text too: an empty file named with terminal escapes gets its warning
    with the escapes shown, not run."""
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "evil\x1b]0;owned\x07\x1b[2J.txt").write_text("", encoding="utf-8")
    result = runner.invoke(app, ["build", str(folder), "-o", str(tmp_path / "out")])
    assert "[W001]" in result.output and "\\x1b]0;owned\\x07\\x1b[2J.txt" in result.output
    assert "\x1b" not in result.output and "\x07" not in result.output


def test_regression_unique_ids_kept_every_article_in_memory(monkeypatch):
    """The ids seen by a build (IRI, id, content hash and origin: about 0.5 KB an article, half a
    gigabyte at a million articles) were a dict in memory; they are in a temporary SQLite
    database now, whose page cache is bounded (made small here so that a few thousand fill it)."""
    import gc
    import tracemalloc

    from conftest import sqlite_memory
    from kg.ingest import syndication
    from kg.pipeline.ids import UniqueIds

    monkeypatch.setattr(syndication, "CACHE_KIB", 64)
    ids = UniqueIds()
    for n in range(3000):
        ids.check(f"reuters-{n}", f"{n:064x}", f"/data/reuters.jsonl:{n + 1}")
    gc.collect()
    tracemalloc.start()
    try:
        before = tracemalloc.get_traced_memory()[0] + sqlite_memory()
        for n in range(3000, 6000):
            ids.check(f"reuters-{n}", f"{n:064x}", f"/data/reuters.jsonl:{n + 1}")
        gc.collect()
        grown = tracemalloc.get_traced_memory()[0] + sqlite_memory() - before
    finally:
        tracemalloc.stop()
    assert grown / 3000 < 50, f"{grown / 3000:.0f} bytes an article"
    assert ids.check("reuters-7", f"{7:064x}", "/data/again.jsonl:1")[0] is None  # still all there
    ids.close()


def test_unique_ids_that_cannot_be_kept_give_a_numbered_error():
    """The ids seen live in a temporary SQLite database: when it cannot be written (a full
    temporary folder; here, a closed connection), the build stops with E307, not a traceback."""
    import pytest

    from kg.errors import KGError
    from kg.pipeline.ids import UniqueIds

    ids = UniqueIds()
    ids._db.close()
    with pytest.raises(KGError, match=r"\[E307\] Cannot write to .*the ids seen so far"):
        ids.check("a", "f00d", "x.jsonl:1")
