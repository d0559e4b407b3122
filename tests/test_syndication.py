"""Syndicated copies: found with MinHash as articles arrive, linked to their original, not counted twice."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

import kg
import newsgen
from conftest import sqlite_memory
from kg.cli import app
from kg.errors import KGError
from kg.ingest import CopyIndex
from kg.ingest.readers import content_hash
from kg.ingest import syndication
from kg.ingest.syndication import INDEX_FILE
from kg.model import Article
from kg.read import load_graph
from webserver import LoopbackServer

runner = CliRunner()

STORY = ("The city council of Port Elwood approved a plan on Tuesday to rebuild the old harbour wall, which storms "
         "damaged twice last winter. Mayor Clara Dunmore said the work would begin in May and take two years.\n\n"
         "Elwood Marine Works will build the new wall under a contract worth 40 million pounds. The company is "
         "based in Port Elwood and employs about three hundred people along the coast.\n\n"
         "Fishermen had asked the council for years to repair the wall. Tom Reyes, who chairs the Elwood Fishing "
         "Association, said the decision was good news for every boat in the harbour.")
OTHER = ("Northfield Rail said on Wednesday that it had hired Marta Quinn as its new chief executive. Quinn led the "
         "freight company Valley Cargo for six years before she joined the board of Northfield Rail last spring.")


def art(text: str, id: str, **meta) -> Article:
    return Article(text, id=id, content_hash=content_hash(text), **meta)


def test_exact_and_near_copies_and_an_unrelated_story():
    index = CopyIndex()
    stream = [art(STORY, "gazette"), art(STORY, "herald"), art("ELWOOD (Wire) - " + STORY + " Reporting by Ann Lee.",
                                                                 "wire"), art(OTHER, "rail")]
    marked = list(index.mark(stream))
    assert [(a.id, a.based_on) for a in marked] == [("gazette", None), ("herald", "gazette"), ("wire", "gazette"),
                                                    ("rail", None)]
    assert marked[1].similarity == 1.0 and 0.8 <= marked[2].similarity < 1.0
    assert index.copies == 2


def test_a_rewritten_story_is_not_a_copy():
    rewritten = STORY.replace("approved a plan on Tuesday to rebuild", "voted on Tuesday for rebuilding").replace(
        "Fishermen had asked the council for years", "For years fishermen had asked").replace(
        "will build the new wall", "won the contract for the wall")
    marked = list(CopyIndex().mark([art(STORY, "a"), art(rewritten, "b")]))
    assert marked[1].based_on is None


def test_no_false_copies_among_distinct_generated_articles():
    marked = list(CopyIndex().mark(art(r["text"], r["id"]) for r in newsgen.articles(400, seed=3)))
    assert sum(a.based_on is not None for a in marked) == 0


def test_threshold_bounds():
    with pytest.raises(KGError, match=r"\[E335\]"):
        CopyIndex(threshold=0.2)


def test_index_file_keeps_signatures_and_roles_across_builds(tmp_path):
    path = tmp_path / INDEX_FILE
    first = CopyIndex(path=path)
    list(first.mark([art(STORY, "gazette"), art(STORY + " More.", "herald")]))
    first.save()
    second = CopyIndex(path=path)
    marked = list(second.mark([art(STORY + " More.", "herald"), art("(Wire) " + STORY, "wire"), art(OTHER, "rail")]))
    # herald keeps its role; a new copy of a stored article is found; a new story is an original.
    assert [(a.id, a.based_on) for a in marked] == [("herald", "gazette"), ("wire", "gazette"), ("rail", None)]
    second.save()
    # The gazette article changed: it is matched anew (and nothing copies it any more by text).
    third = CopyIndex(path=path)
    [changed] = third.mark([art(OTHER + " Update.", "gazette")])
    assert changed.based_on == "rail"


@pytest.mark.slow
def test_a_copy_links_to_its_original_and_adds_no_evidence(nlp, tmp_path):
    originals = [art(STORY, "gazette", source="The Elwood Gazette", date="2024-03-12"), art(OTHER, "rail")]
    copy = art("(Wire) " + STORY, "herald", source="Coastal Herald", date="2024-03-13", title="Harbour wall")
    alone = kg.build(originals, nlp=nlp)
    both = kg.build([originals[0], copy, originals[1]], nlp=nlp)
    assert both.summary.articles == 3 and both.summary.copies == 1
    assert both.summary.statements == alone.summary.statements and both.summary.triples == alone.summary.triples
    rows = kg.select(both.graph, """SELECT ?copy ?original ?similarity ?source ?date WHERE {
        ?copy schema:isBasedOn ?original ; kg:copySimilarity ?similarity ; dcterms:source ?source ;
              schema:datePublished ?date }""")
    assert [(r["copy"].rsplit("/", 1)[-1], r["original"].rsplit("/", 1)[-1], r["source"], r["date"]) for r in rows] \
        == [("herald", "gazette", "Coastal Herald", "2024-03-13")]
    assert 0.8 <= float(rows[0]["similarity"]) < 1
    evidence = kg.select(both.graph, "SELECT (COUNT(?st) AS ?n) WHERE { ?st prov:wasDerivedFrom art:herald }")
    mentions = kg.select(both.graph, "SELECT (COUNT(?e) AS ?n) WHERE { art:herald schema:mentions ?e }")
    assert evidence[0]["n"] == "0" and mentions[0]["n"] == "0"
    # The model's shapes accept the copy.
    from kg.read.validate import validate_graph
    assert validate_graph(both.graph).conforms


@pytest.mark.slow
def test_feeds_from_a_server_find_the_syndicated_copy_and_stats_report_it(tmp_path):
    out = tmp_path / "out"
    with LoopbackServer() as server:
        result = runner.invoke(app, ["build", server.url("feed.rss"), server.url("feed.atom"), "--fetch",
                                     "--fetch-delay", "0", "--http-cache", str(tmp_path / "cache"), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert "[W321]" in result.output and "missing.html" in result.output
    assert "5 articles" in result.output and "1 of them syndicated copies" in result.output
    graph = load_graph(out / "graph.ttl")
    rows = kg.select(graph, "SELECT ?c ?o WHERE { ?c schema:isBasedOn ?o }")
    assert len(rows) == 1 and rows[0]["o"].endswith("gazette-2024-0312-harbour")
    stats = runner.invoke(app, ["stats", str(out / "graph.ttl"), "--json"])
    copies = json.loads(stats.output)["copies"]
    assert (copies["copies"], copies["originals"], copies["near"]) == (1, 1, 1)
    assert copies["most_copied"][0]["copied_by"][0]["source"] == "Coastal Herald"
    table = runner.invoke(app, ["stats", str(out / "graph.ttl")])
    assert "syndicated copies: 1 of 1 articles" in table.output and "Most-copied articles" in table.output


@pytest.mark.slow
def test_building_the_same_feed_into_a_store_again_adds_only_the_new_items(tmp_path):
    store = tmp_path / "store"
    options = ["--fetch", "--fetch-delay", "0", "--http-cache", str(tmp_path / "cache"), "--store", str(store)]
    with LoopbackServer() as server:
        first = runner.invoke(app, ["build", server.url("feed.rss"), *options])
        again = runner.invoke(app, ["build", server.url("feed.rss"), *options])
        more = runner.invoke(app, ["build", server.url("feed.rss"), server.url("feed.atom"), *options])
        atom_again = runner.invoke(app, ["build", server.url("feed.atom"), *options])
    assert "3 articles added, 0 replaced, 0 unchanged" in first.output, first.output
    assert "0 articles added, 0 replaced, 3 unchanged" in again.output, again.output
    assert "2 articles added, 0 replaced, 3 unchanged" in more.output, more.output
    assert "0 articles added, 0 replaced, 2 unchanged" in atom_again.output, atom_again.output
    assert (store / INDEX_FILE).is_file()
    # The copy in the later build is linked to the article the first build stored.
    rows = kg.select(load_graph(store), "SELECT ?c ?o WHERE { ?c schema:isBasedOn ?o }")
    assert [(r["c"].rsplit("/", 1)[-1], r["o"].rsplit("/", 1)[-1]) for r in rows] == \
        [("urn-coastal-herald-2024-harbour-" + rows[0]["c"].rsplit("-", 1)[-1], "gazette-2024-0312-harbour")]
    articles = kg.select(load_graph(store), "SELECT (COUNT(?a) AS ?n) WHERE { ?a a schema:NewsArticle }")
    assert articles[0]["n"] == "5"


def test_an_original_whose_text_changed_is_no_longer_matched():
    index = CopyIndex(0.8)
    assert list(index.mark([art(STORY, "wire-1")]))[0].based_on is None
    list(index.mark([art(OTHER, "wire-1")]))  # the same id, a new text
    [late] = index.mark([art(STORY + " Reporting by A. Writer.", "paper-7")])
    assert late.based_on is None


def test_band_tables_keep_several_rows_under_one_key_and_remove_each():
    """The LSH band table holds every row under each of its band keys, and removes each alone."""
    import sqlite3
    from kg.ingest.syndication import _Bands, signature
    bands, sig = _Bands(sqlite3.connect(""), 0.8), signature(STORY)
    bands.insert(1, sig)
    bands.insert(2, sig)
    bands.insert(3, signature(OTHER))
    assert bands.query(sig) == {1, 2}
    bands.remove(1, sig)
    assert bands.query(sig) == {2}
    bands.remove(2, sig)
    assert bands.query(sig) == set() and bands.query(signature(OTHER)) == {3}


def test_regression_copy_index_kept_every_signature_in_memory(monkeypatch):
    """The index grew a 19,043-article build by 1.75 KB an article (signatures, band tables, ids
    and hashes): all of it is in SQLite now, whose memory is its page caches, bounded whatever
    the corpus (CACHE_KIB, made small here so that 300 articles fill them). Measured as Python
    objects (tracemalloc) plus SQLite's own allocations, from article 300 to 550."""
    import gc
    import tracemalloc
    monkeypatch.setattr(syndication, "CACHE_KIB", 64)
    stream = [art(r["text"], r["id"]) for r in newsgen.articles(550, seed=5)]
    index = CopyIndex()
    list(index.mark(stream[:300]))
    gc.collect()
    tracemalloc.start()
    try:
        before = tracemalloc.get_traced_memory()[0] + sqlite_memory()
        list(index.mark(stream[300:]))
        gc.collect()
        grown = tracemalloc.get_traced_memory()[0] + sqlite_memory() - before
    finally:
        tracemalloc.stop()
    assert len(index) == 550
    # a few KB of one-time allocations (prepared statements) and nothing an article: 1.75 KB before
    assert grown / 250 < 400, f"{grown / 250:.0f} bytes an article"
    index.close()


def test_an_unsaved_index_leaves_its_file_as_it_was(tmp_path):
    """A build that stops before the end (a failure, a kill) leaves the index file as the last
    saved build left it: the articles it matched are one transaction that was not committed."""
    path = tmp_path / INDEX_FILE
    first = CopyIndex(path=path)
    list(first.mark([art(STORY, "gazette")]))
    first.save()
    first.close()
    broken = CopyIndex(path=path)
    list(broken.mark([art(OTHER, "rail"), art("(Wire) " + STORY, "wire")]))
    broken.close()  # no save
    again = CopyIndex(path=path)
    assert len(again) == 1 and again.role("gazette")[1] is None
    [copy] = again.mark([art("(Wire) " + STORY, "wire")])
    assert copy.based_on == "gazette"


def test_an_index_that_cannot_be_written_gives_a_numbered_error():
    """The band table is a temporary SQLite table: when it cannot be written (a full temporary
    folder; here, a closed database), matching stops with E336, not a traceback."""
    index = CopyIndex()
    index._db.close()
    with pytest.raises(KGError, match=r"\[E336\]"):
        index.match(art(STORY, "wire-1"))


def test_signature_is_datasketchs_minhash():
    """kg makes its signatures with numpy alone (:mod:`kg.ingest.minhash`); they must be, bit for
    bit, what datasketch's MinHash of the same scheme and seed gives, or an index file of an
    earlier build would match nothing."""
    from datasketch import MinHash
    text = "The central bank raised its main interest rate by a quarter point on Thursday, citing inflation."
    for words in (text, "Too short", ""):
        fresh = MinHash(num_perm=syndication.NUM_PERM, seed=syndication.SEED, scheme=syndication.SCHEME)
        fresh.update_batch(list(syndication.shingles(words)))
        assert syndication.signature(words) == fresh.hashvalues.astype("<u8").tobytes()
    assert syndication.signature(text) != syndication.signature(text.replace("raised", "cut"))


@pytest.mark.parametrize("num_perm", [16, 64, 128, 256])
def test_band_shape_is_datasketchs(num_perm):
    """The bands and rows for a threshold are those datasketch's MinHashLSH chooses (it
    integrates with scipy; kg with Gauss–Legendre nodes, exact for these polynomials)."""
    from datasketch import MinHashLSH
    from kg.ingest.minhash import band_shape
    checked = 0
    for threshold in [x / 100 for x in range(50, 100)] + [0.995, 0.999]:
        try:
            lsh = MinHashLSH(threshold=threshold, num_perm=num_perm)
        except ValueError:  # datasketch refuses a single band
            continue
        assert band_shape(threshold, num_perm) == (lsh.b, lsh.r), threshold
        checked += 1
    assert checked >= 30
