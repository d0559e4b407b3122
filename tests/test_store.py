"""The embedded store: the same dataset as the quad files, incremental and idempotent builds."""

from __future__ import annotations

import pyoxigraph as ox
import pytest
from rdflib import RDF, RDFS
from typer.testing import CliRunner

from conftest import EXAMPLES
from kg.pipeline.build import build
from kg.cli import app
from kg.errors import KGError
from kg.ontology import KG
from kg.export.formats import write_formats
from kg.rdf import store as store_module
from kg.rdf.store import StoreWriter, is_store, open_store

runner = CliRunner()
PERSON = "https://w3id.org/kg-news/id/person/"
LABEL = ox.NamedNode(str(RDFS.label))


def build_into(folder, inputs, nlp) -> StoreWriter:
    writer = StoreWriter(folder)
    build([str(i) for i in inputs], nlp=nlp, sink=writer)
    return writer


def quads(writer: StoreWriter) -> set[ox.Quad]:
    return set(writer.store)


def graph_of(writer: StoreWriter, article_iri: str) -> set[ox.Quad]:
    return set(writer.store.quads_for_pattern(None, None, None, ox.NamedNode(article_iri)))


def test_store_holds_the_same_dataset_as_nquads(seed_store, seed_build, tmp_path):
    write_formats(seed_build.graph, tmp_path, ["nq"])
    # The N-Quads file, read into a store, compares in the store's own (by-value) literal form.
    expected = ox.Store()
    expected.load(path=str(tmp_path / "graph.nq"), format=ox.RdfFormat.N_QUADS)
    stored = open_store(seed_store, read_only=True)
    assert set(stored) == set(expected) and len(stored) > 100
    assert len(list(stored.named_graphs())) == 2


def test_regression_store_build_grew_rocksdb_memory_with_the_corpus(seed_store, tmp_path, nlp, monkeypatch):
    """The store is flushed and reopened every so many articles and entities; doing so midway
    changes no quad."""
    monkeypatch.setattr(store_module, "FLUSH_EVERY", 1)
    monkeypatch.setattr(store_module, "ENTITY_FLUSH_EVERY", 1)
    writer = build_into(tmp_path / "store", [EXAMPLES], nlp)
    assert writer.stats.added == 2
    assert quads(writer) == set(open_store(seed_store, read_only=True))


def test_union_of_all_graphs_has_no_triple_twice(seed_store, seed_build):
    """Both seeds assert 'Musk threatens to sue Microsoft': one plain triple, in the default graph."""
    stored = open_store(seed_store, read_only=True)
    rows = list(stored.query("SELECT ?s ?p ?o WHERE { ?s ?p ?o }", use_default_graph_as_union=True))
    assert len(rows) == len(seed_build.graph)
    threat = ox.NamedNode("https://w3id.org/kg-news/ontology#threatens-suit")
    assert [q.graph_name for q in stored.quads_for_pattern(None, threat, None, None)] == [ox.DefaultGraph()]


def test_same_articles_twice_change_nothing(tmp_path, nlp):
    folder = tmp_path / "store"
    first = build_into(folder, [EXAMPLES], nlp)
    before = quads(first)
    assert first.stats.added == 2
    del first
    second = build_into(folder, [EXAMPLES], nlp)
    assert second.stats.unchanged == 2 and second.stats.added == second.stats.replaced == 0
    assert quads(second) == before


def test_a_changed_article_replaces_its_own_graph(tmp_path, nlp):
    src = tmp_path / "in"
    src.mkdir()
    (src / "a.txt").write_text("Elon Musk has threatened to sue Microsoft.\n", encoding="utf-8")
    (src / "b.txt").write_text("Microsoft invested in OpenAI.\n", encoding="utf-8")
    folder = tmp_path / "store"
    writer = build_into(folder, [src], nlp)
    article_a = "https://w3id.org/kg-news/id/article/a"
    article_b = "https://w3id.org/kg-news/id/article/b"
    b_before = graph_of(writer, article_b)
    assert any("threatened to sue" in q.object.value for q in graph_of(writer, article_a)
               if isinstance(q.object, ox.Literal))
    del writer
    (src / "a.txt").write_text("Elon Musk acquired Twitter.\n", encoding="utf-8")
    writer = build_into(folder, [src / "a.txt"], nlp)
    assert writer.stats.replaced == 1 and writer.stats.added == 0
    a_after = graph_of(writer, article_a)
    texts = {q.object.value for q in a_after if isinstance(q.object, ox.Literal)}
    assert "Elon Musk acquired Twitter." in texts
    assert not any("threatened" in t for t in texts)
    assert graph_of(writer, article_b) == b_before  # the other article is untouched
    # The plain triple that only the old text asserted is gone from the default graph.
    threat = ox.NamedNode("https://w3id.org/kg-news/ontology#threatens-suit")
    assert not list(writer.store.quads_for_pattern(None, threat, None, None))
    acquired = ox.NamedNode("https://w3id.org/kg-news/ontology#acquired")
    assert len(list(writer.store.quads_for_pattern(None, acquired, None, ox.DefaultGraph()))) == 1


def test_a_new_article_joins_the_entities_the_store_knows(tmp_path, nlp):
    src = tmp_path / "in"
    src.mkdir()
    (src / "a.txt").write_text("Elon Musk has threatened to sue Microsoft.\n", encoding="utf-8")
    folder = tmp_path / "store"
    del build_into(folder, [src / "a.txt"], nlp).store
    (src / "b.txt").write_text("Twitter owner Musk sued Microsoft.\n", encoding="utf-8")
    writer = build_into(folder, [src / "b.txt"], nlp)
    b_graph = graph_of(writer, "https://w3id.org/kg-news/id/article/b")
    mentioned = {q.object.value for q in b_graph if q.predicate.value.endswith("mentions")}
    assert PERSON + "elon-musk" in mentioned and PERSON + "musk" not in mentioned
    labels = [q.object.value for q in writer.store.quads_for_pattern(ox.NamedNode(PERSON + "elon-musk"), LABEL,
                                                                       None, ox.DefaultGraph())]
    assert labels == ["Elon Musk"]


def test_regression_store_build_kept_the_iri_of_every_article_it_read(tmp_path, nlp, monkeypatch):
    """A store build held the IRIs of all its articles until the merge (3 MB of a 19,043-article
    build), though only those the store already holds can be among its stored mentions."""
    src = tmp_path / "in"
    src.mkdir()
    (src / "a.txt").write_text("Elon Musk has threatened to sue Microsoft.\n", encoding="utf-8")
    (src / "b.txt").write_text("Twitter owner Musk sued Microsoft.\n", encoding="utf-8")
    given = []
    known = StoreWriter.known_entities

    def recording(self, rewritten=None):
        if rewritten is not None:  # the build's call, not the writer's own
            given.append(set(rewritten))
        return known(self, rewritten or ())

    monkeypatch.setattr(StoreWriter, "known_entities", recording)
    folder = tmp_path / "store"
    del build_into(folder, [src / "a.txt"], nlp).store
    writer = build_into(folder, [src / "a.txt", src / "b.txt"], nlp)
    assert given[0] == set()  # a new store: nothing to tell apart
    assert given[1] == {"https://w3id.org/kg-news/id/article/a"}
    assert writer.holds("https://w3id.org/kg-news/id/article/b")


def test_stored_entities_that_this_build_unites_are_rewritten(tmp_path, nlp):
    """Two stored entities (each mentioned by a stored article) that a new build shows to be one:
    references move to one IRI."""
    folder = tmp_path / "store"
    writer = StoreWriter(folder)
    p = lambda s: ox.NamedNode(s)  # noqa: E731
    kg, rdf = "https://w3id.org/kg-news/ontology#", "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
    old_article = p("https://w3id.org/kg-news/id/article/old")
    other_article = p("https://w3id.org/kg-news/id/article/other")
    writer.store.extend([
        ox.Quad(other_article, p("https://schema.org/mentions"), p(PERSON + "elon-musk"), other_article),
        ox.Quad(p(PERSON + "musk"), p(rdf + "type"), p(kg + "Person"), ox.DefaultGraph()),
        ox.Quad(p(PERSON + "musk"), LABEL, ox.Literal("Musk"), ox.DefaultGraph()),
        ox.Quad(p(PERSON + "elon-musk"), p(rdf + "type"), p(kg + "Person"), ox.DefaultGraph()),
        ox.Quad(p(PERSON + "elon-musk"), LABEL, ox.Literal("Elon Musk"), ox.DefaultGraph()),
        ox.Quad(old_article, p("https://schema.org/mentions"), p(PERSON + "musk"), old_article),
    ])
    del writer
    src = tmp_path / "c.txt"
    src.write_text("Elon Musk has threatened to sue Microsoft.\n", encoding="utf-8")
    writer = build_into(folder, [src], nlp)
    assert writer.stats.merged == 1
    assert not list(writer.store.quads_for_pattern(p(PERSON + "musk"), None, None, None))
    assert not list(writer.store.quads_for_pattern(None, None, p(PERSON + "musk"), None))
    assert ox.Quad(old_article, p("https://schema.org/mentions"), p(PERSON + "elon-musk"), old_article) in writer.store
    aliases = {q.object.value for q in writer.store.quads_for_pattern(p(PERSON + "elon-musk"), None, None,
                                                                      ox.DefaultGraph())
               if isinstance(q.object, ox.Literal)}
    assert aliases == {"Elon Musk", "Musk"}


def test_entities_no_article_mentions_are_removed(tmp_path, nlp):
    src = tmp_path / "a.txt"
    src.write_text("Elon Musk has threatened to sue Microsoft.\n", encoding="utf-8")
    folder = tmp_path / "store"
    del build_into(folder, [src], nlp).store
    src.write_text("Tim Cook met Satya Nadella in Seattle.\n", encoding="utf-8")
    writer = build_into(folder, [src], nlp)
    assert writer.stats.removed >= 1
    assert not list(writer.store.quads_for_pattern(ox.NamedNode(PERSON + "elon-musk"), None, None, None))


def test_regression_a_build_removed_entities_of_kg_classes_that_another_tool_wrote(tmp_path, nlp):
    """A build removes the entities that no article mentions any more: it removed every entity
    of a kg class that no article mentions, so a reference list another tool had put in the
    store (its own IRIs, typed kg:Organization) went with the first build. Only the IRIs kg
    mints (under the build's base) are kg's to remove."""
    folder = tmp_path / "store"
    store = ox.Store(str(folder))
    theirs = ox.NamedNode("http://example.org/org/acme")
    listed = [ox.Quad(theirs, ox.NamedNode(str(RDF.type)), ox.NamedNode(str(KG.Organization))),
              ox.Quad(theirs, ox.NamedNode(str(RDFS.label)), ox.Literal("Acme Holdings"))]
    store.extend(listed + [ox.Quad(ox.NamedNode(PERSON + "nobody"), ox.NamedNode(str(RDF.type)),
                                   ox.NamedNode(str(KG.Person)))])
    store.flush()
    del store
    src = tmp_path / "a.txt"
    src.write_text("Elon Musk has threatened to sue Microsoft.\n", encoding="utf-8")
    writer = build_into(folder, [src], nlp)
    assert all(quad in writer.store for quad in listed)
    assert writer.stats.removed == 1  # kg's own unmentioned entity
    assert not list(writer.store.quads_for_pattern(ox.NamedNode(PERSON + "nobody"), None, None, None))


def test_regression_a_store_with_rdf12_triple_terms_failed_the_build(tmp_path, nlp):
    """A store holding RDF 1.2 triple terms (kg writes none; another tool may) failed the build:
    the SPARQL update that removes an unmentioned entity wrote a triple term as its str, without
    the <<( )>> SPARQL needs."""
    folder = tmp_path / "store"
    store = ox.Store(str(folder))
    ex = "http://example.org/"
    term = ox.Triple(ox.NamedNode(ex + "b"), ox.NamedNode(ex + "c"), ox.Literal("d"))
    kept = ox.Quad(ox.NamedNode(ex + "a"), ox.NamedNode(ex + "says"), term)
    store.extend([kept, ox.Quad(ox.NamedNode(PERSON + "nobody"), ox.NamedNode(ex + "rel"), term),
                  ox.Quad(ox.NamedNode(PERSON + "nobody"), ox.NamedNode(str(RDF.type)), ox.NamedNode(str(KG.Person)))])
    store.flush()
    del store
    src = tmp_path / "a.txt"
    src.write_text("Elon Musk has threatened to sue Microsoft.\n", encoding="utf-8")
    writer = build_into(folder, [src], nlp)
    assert writer.stats.removed == 1 and writer.stats.added == 1
    assert kept in quads(writer)
    assert not list(writer.store.quads_for_pattern(ox.NamedNode(PERSON + "nobody"), None, None, None))


def test_build_cli_with_store(tmp_path):
    folder = tmp_path / "store"
    result = runner.invoke(app, ["build", str(EXAMPLES), "--store", str(folder), "-o", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    assert is_store(folder) and "2 articles added" in result.output
    assert not (tmp_path / "out").exists()  # --store writes the store, not files
    again = runner.invoke(app, ["build", str(EXAMPLES), "--store", str(folder)])
    assert again.exit_code == 0 and "2 unchanged" in again.output


def test_store_path_errors(tmp_path, nlp):
    not_a_store = tmp_path / "notes"
    not_a_store.mkdir()
    (not_a_store / "x.txt").write_text("hello", encoding="utf-8")
    result = runner.invoke(app, ["build", str(EXAMPLES), "--store", str(not_a_store)])
    assert result.exit_code == 2 and "[E104]" in result.output
    a_file = tmp_path / "file.ttl"
    a_file.write_text("", encoding="utf-8")
    assert "[E104]" in runner.invoke(app, ["build", str(EXAMPLES), "--store", str(a_file)]).output
    folder = tmp_path / "store"
    holder = StoreWriter(folder)  # holds the store's lock
    with pytest.raises(KGError, match=r"\[E102\]"):
        StoreWriter(folder)
    del holder


def test_query_a_store_like_a_file(seed_store, seed_graph_file):
    query = "SELECT ?s ?o WHERE { ?s kg:threatens-suit ?o } ORDER BY ?s ?o"
    on_store = runner.invoke(app, ["query", str(seed_store), query, "--format", "csv"])
    on_file = runner.invoke(app, ["query", str(seed_graph_file), query, "--format", "csv"])
    assert on_store.exit_code == 0, on_store.output
    assert on_store.output == on_file.output and "organization/microsoft" in on_store.output


def test_article_graphs_are_queryable_by_name(seed_store):
    result = runner.invoke(app, ["query", str(seed_store),
                                 "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?g a schema:NewsArticle } } ORDER BY ?g",
                                 "--format", "tsv"])
    assert result.exit_code == 0
    rows = result.output.strip().splitlines()
    assert rows[0] == "?g" and len(rows) == 3 and all("/article/" in r for r in rows[1:])


def test_regression_a_triple_term_label_another_tool_wrote_failed_the_next_build(tmp_path, nlp):
    """The next build reads the labels of the entities other articles mention, to resolve its
    own names against them; a label another tool had written as an RDF 1.2 triple term (which
    has no value) failed it with an AttributeError. Such a label is passed over."""
    folder = tmp_path / "store"
    first, second = tmp_path / "a.txt", tmp_path / "b.txt"
    first.write_text("Elon Musk has threatened to sue Microsoft.\n", encoding="utf-8")
    second.write_text("Microsoft said it would fight the case in court.\n", encoding="utf-8")
    writer = build_into(folder, [first], nlp)
    [musk] = {q.subject for q in writer.store.quads_for_pattern(None, ox.NamedNode(str(RDFS.label)),
                                                                 ox.Literal("Elon Musk"), None)}
    ex = "http://example.org/"
    writer.store.add(ox.Quad(musk, ox.NamedNode(str(RDFS.label)),
                             ox.Triple(ox.NamedNode(ex + "a"), ox.NamedNode(ex + "b"), ox.Literal("c"))))
    writer.store.flush()
    del writer
    again = build_into(folder, [second], nlp)
    assert again.stats.added == 1
    assert ox.Quad(musk, ox.NamedNode(str(RDFS.label)), ox.Literal("Elon Musk")) in again.store
