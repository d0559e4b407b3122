"""A store is the same whatever its history: the same input built twice, or killed and resumed any
number of times, gives the quads of one clean build; and a write that fills the disk leaves every
article in the store whole and the store valid (a real full filesystem, mounted by the test)."""

from __future__ import annotations

import json
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pyoxigraph as ox
import pytest

from conftest import ROOT, finished, reap
from kg.pipeline.build import build
from kg.rdf.store import StoreWriter

# Articles whose name "Bernie Ebbers" spaCy tags as a person in some and an organization in
# others, 3 to 2 by mentions: short of the two-thirds majority that settles a name's type. One
# more vote, such as the stored entity's own, tips it.
SPLIT_TYPES = [
    {"id": "eb-1", "text": "Lawyers defending former Zentrix chief Bernie Ebbers have called a whistleblower as "
                           "their first witness."},
    {"id": "eb-2", "text": "Bernie Ebbers, 63, was jailed for 25 years."},
    {"id": "eb-3", "text": "Bernie Ebbers said he was innocent. Mr Ebbers told the court he trusted his staff."},
    {"id": "eb-4", "text": "Zentrix boss Bernie Ebbers resigned. Ebbers had led the firm for ten years."},
]


def write_feed(path: Path, extra: int = 0) -> Path:
    from newsgen import articles
    rows = articles(extra, seed=3) + SPLIT_TYPES if extra else SPLIT_TYPES
    path.write_text("".join(json.dumps(row) + "\n" for row in rows), encoding="utf-8")
    return path


def quads(folder: Path) -> set[ox.Quad]:
    return set(ox.Store.read_only(str(folder)))


def by_graph(all_quads: set[ox.Quad]) -> dict[str, set[ox.Quad]]:
    graphs: dict[str, set[ox.Quad]] = {}
    for quad in all_quads:
        if isinstance(quad.graph_name, ox.NamedNode):
            graphs.setdefault(quad.graph_name.value, set()).add(quad)
    return graphs


def kg_build(*args: str) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "kg", "build", *args, "-q"], cwd=ROOT,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def test_regression_the_second_build_of_the_same_articles_replaced_some(tmp_path, nlp):
    """The stored entities voted again for what the same articles had said: the second build
    turned a person into an organization ("2 replaced", 37 quads then 62)."""
    feed = write_feed(tmp_path / "feed.jsonl")
    folder = tmp_path / "store"
    first = StoreWriter(folder)
    build([str(feed)], nlp=nlp, sink=first)
    assert first.stats.added == 4
    first.close()
    once = quads(folder)
    for _ in range(2):
        again = StoreWriter(folder)
        build([str(feed)], nlp=nlp, sink=again)
        assert again.stats.unchanged == 4 and again.stats.replaced == 0 and again.stats.added == 0, again.stats
        again.close()
        assert quads(folder) == once


def test_new_articles_still_join_the_entities_of_stored_ones(tmp_path, nlp):
    """What the store holds from other articles still takes part: the stored "Elon Musk" keeps the
    IRI a later article's "Musk" is written with."""
    (tmp_path / "a.txt").write_text("Elon Musk has threatened to sue Microsoft.\n", encoding="utf-8")
    (tmp_path / "b.txt").write_text("Twitter owner Musk sued Microsoft.\n", encoding="utf-8")
    folder = tmp_path / "store"
    writer = StoreWriter(folder)
    build([str(tmp_path / "a.txt")], nlp=nlp, sink=writer)
    writer.close()
    writer = StoreWriter(folder)
    build([str(tmp_path / "b.txt")], nlp=nlp, sink=writer)
    mentioned = {q.object.value for q in writer.store.quads_for_pattern(
        None, ox.NamedNode("https://schema.org/mentions"), None, ox.NamedNode("https://w3id.org/kg-news/id/article/b"))}
    writer.close()
    assert "https://w3id.org/kg-news/id/person/elon-musk" in mentioned


def wal_size(folder: Path) -> int:
    """The size of the store's write-ahead logs; a log the store removes while we look counts 0."""
    total = 0
    for path in folder.glob("*.log") if folder.is_dir() else ():
        try:
            total += path.stat().st_size
        except FileNotFoundError:
            pass
    return total


@pytest.mark.slow
def test_regression_a_killed_and_resumed_store_build_differed_from_a_clean_one(tmp_path):
    """SIGKILL `kg build --store` while it writes, again and again, then let it finish: the store
    equals one clean build. After each kill, every article graph in the store is whole."""
    import shutil
    feed = write_feed(tmp_path / "feed.jsonl", extra=40)
    clean = tmp_path / "clean"
    assert finished(kg_build(str(feed), "--store", str(clean))) == 0
    reference = quads(clean)
    expected = by_graph(reference)
    assert len(expected) == 44
    store = tmp_path / "store"
    rng = random.Random(17)
    kills = 0
    for _ in range(10):
        if kills == 3:
            break
        before = wal_size(store)
        proc = kg_build(str(feed), "--store", str(store))
        deadline = time.monotonic() + 300
        # Kill once the store is being written, at a random moment of the writing.
        while proc.poll() is None and wal_size(store) <= before and time.monotonic() < deadline:
            time.sleep(0.002)
        time.sleep(rng.uniform(0, 0.05))
        if proc.poll() is not None:
            # It finished first: the store must be the clean one. Start again from nothing.
            assert proc.returncode == 0 and quads(store) == reference
            shutil.rmtree(store)
            shutil.rmtree(tmp_path / ".store.kg-work", ignore_errors=True)
            continue
        proc.send_signal(signal.SIGKILL)
        reap(proc)
        kills += 1
        for name, graph in by_graph(quads(store)).items():
            assert graph == expected[name], f"article {name} is not whole after a kill"
    assert kills >= 2, "the builds kept finishing before they could be killed"
    finish = kg_build(str(feed), "--store", str(store))
    out, err = finish.communicate(timeout=600)
    assert finish.returncode == 0, err
    assert quads(store) == reference


def test_regression_a_full_disk_left_shacl_violations_in_the_store(tmp_path, small_disk):
    """A store on a 1 MB filesystem: the build stops with one clear message (no traceback) that names
    the store and says the disk is full; what it wrote is whole articles and valid; with room made,
    the same command finishes and the store equals a clean build."""
    feed = write_feed(tmp_path / "feed.jsonl", extra=40)
    clean = tmp_path / "clean"
    assert finished(kg_build(str(feed), "--store", str(clean))) == 0
    reference = quads(clean)
    disk = small_disk("1m")
    disk.mount_inside(".store.kg-work", "64m")  # the work folder beside the store: elsewhere
    store = disk.path / "store"
    proc = kg_build(str(feed), "--store", str(store))
    _, err = proc.communicate(timeout=600)
    assert proc.returncode == 2, err
    assert "Traceback" not in err and "[E311]" in err and str(store) in err and "disk is full" in err
    written = by_graph(quads(store))
    assert 0 < len(written) < 44, len(written)
    expected = by_graph(reference)
    for name, graph in written.items():
        assert graph == expected[name], f"article {name} is not whole"
    valid = subprocess.run([sys.executable, "-m", "kg", "validate", str(store)], cwd=ROOT, capture_output=True,
                           text=True, timeout=600)
    assert valid.returncode == 0, valid.stdout[-2000:]
    disk.grow("64m")
    proc = kg_build(str(feed), "--store", str(store))
    _, err = proc.communicate(timeout=600)
    assert proc.returncode == 0, err
    assert quads(store) == reference
