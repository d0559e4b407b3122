"""A build's graph waits in a table until it is read (kg/rdf/deferred.py): written to files
and drawn, it is never indexed by rdflib, and every answer is the one a plain graph gives."""

from __future__ import annotations

from itertools import product

import pytest
from rdflib import RDF, RDFS, Graph, URIRef
from rdflib.compare import isomorphic

from conftest import EXAMPLES
from kg.export.formats import write_formats
from kg.pipeline.build import build
from kg.rdf import deferred
from kg.rdf.deferred import DeferredMemory
from kg.viz.html import render_html

FORMATS = ("ttl", "nt", "nq", "trig", "jsonld")


@pytest.fixture(scope="module")
def built(nlp):
    return build([str(EXAMPLES)], nlp=nlp)


def plain(graph: Graph) -> Graph:
    copy = Graph(bind_namespaces="none")
    for prefix, namespace in graph.namespaces():
        copy.bind(prefix, namespace)
    copy.addN((s, p, o, copy) for s, p, o in graph)
    return copy


def fresh(built) -> Graph:
    """The build's triples in a new deferred graph, as the build leaves it: not indexed."""
    graph = Graph(store=DeferredMemory(), bind_namespaces="none")
    for prefix, namespace in built.graph.namespaces():
        graph.bind(prefix, namespace)
    graph.store.defer(graph, list(plain(built.graph)))
    return graph


def test_a_build_leaves_its_graph_unindexed_and_counted(nlp):
    result = build([str(EXAMPLES)], nlp=nlp)
    assert isinstance(result.graph.store, DeferredMemory)
    assert result.graph.store.table is not None
    assert len(result.graph) == result.summary.rdf_triples == len(plain(result.graph))


@pytest.mark.parametrize("threshold", [0, 10**9])  # pyoxigraph's writers, and rdflib's
def test_files_written_from_the_table_are_the_files_of_a_plain_graph(built, tmp_path, threshold):
    graph = fresh(built)
    ours = write_formats(graph, tmp_path / "deferred", FORMATS, threshold=threshold)
    theirs = write_formats(plain(built.graph), tmp_path / "plain", FORMATS, threshold=threshold)
    assert [p.read_bytes() for p in ours] == [p.read_bytes() for p in theirs]
    if threshold == 0:
        assert graph.store.table is not None  # the fast path read the table itself


def test_the_html_page_is_drawn_from_the_table(built):
    graph = fresh(built)
    assert render_html(graph) == render_html(plain(built.graph))
    assert graph.store.table is not None


def test_every_pattern_gives_what_a_plain_graph_gives(built):
    graph, reference = fresh(built), plain(built.graph)
    subject = next(iter(reference.subjects(RDF.type, None)))
    predicate, obj = next(iter(reference.predicate_objects(subject)))
    missing = URIRef("https://example.org/nothing")
    for pattern in product((None, subject, missing), (None, predicate, missing), (None, obj, missing)):
        assert sorted(graph.triples(pattern)) == sorted(reference.triples(pattern)), pattern
    assert (subject, predicate, obj) in graph


def test_past_its_scans_a_graph_is_indexed_and_answers_the_same(built, monkeypatch):
    monkeypatch.setattr(deferred, "SCANS", 2)
    graph, reference = fresh(built), plain(built.graph)
    for _ in range(2):
        assert sorted(graph.subject_objects(RDFS.label)) == sorted(reference.subject_objects(RDFS.label))
        assert graph.store.table is not None
    assert sorted(graph.subject_objects(RDFS.label)) == sorted(reference.subject_objects(RDFS.label))
    assert graph.store.table is None
    query = "SELECT ?s ?o WHERE { ?s <http://www.w3.org/2000/01/rdf-schema#label> ?o }"
    assert sorted(graph.query(query)) == sorted(reference.query(query))


def test_a_change_indexes_the_graph_first(built):
    graph = fresh(built)
    before = len(graph)
    triple = next(iter(plain(built.graph)))
    graph.remove(triple)
    assert graph.store.table is None
    assert len(graph) == before - 1 and triple not in graph
    graph.add(triple)
    assert isomorphic(graph, plain(built.graph))


def test_regression_triples_deferred_into_a_store_that_holds_some_are_counted_with_them(built):
    graph = fresh(built)
    triples = list(plain(built.graph))
    graph.remove(triples[0])  # indexed now, and holding all the others
    graph.store.defer(graph, triples[:1])
    assert len(graph) == len(triples)
    assert isomorphic(graph, plain(built.graph))


def test_the_writer_lines_are_its_triples_in_ntriples(nlp):
    """What a build defers (``GraphWriter.lines``, no rdflib terms for statements) is exactly
    ``GraphWriter.all`` written as N-Triples, with the same counts."""
    from kg.ingest import iter_articles
    from kg.model import Article
    from kg.ontology import load_ontology
    from kg.pipeline.build import read_results
    from kg.rdf.iri import EntityNames, Minter
    from kg.rdf.terms import ntriples
    from kg.rdf.writer import GraphWriter
    from kg.resolve.corpus import EntityMerger

    ontology, minter = load_ontology(), Minter()
    articles = [a for a in iter_articles([str(EXAMPLES)]) if isinstance(a, Article)]
    results = list(read_results(articles, nlp, ontology))
    merger = EntityMerger()
    for result in results:
        merger.add(result.entities)
    resolution = merger.finalize()
    by_terms, by_lines = (GraphWriter(EntityNames(resolution, minter), minter, ontology) for _ in range(2))
    expected = [" ".join(ntriples(term) for term in triple) for triple in by_terms.all(results)]
    lines = list(by_lines.lines(results))
    assert lines == expected and len(set(lines)) > 100
    assert (by_lines.statements, by_lines.asserted, by_lines.predicates, by_lines.classes) == \
        (by_terms.statements, by_terms.asserted, by_terms.predicates, by_terms.classes)


def test_files_written_from_a_builds_lines_make_no_rdflib_term(nlp, tmp_path):
    result = build([str(EXAMPLES)], nlp=nlp)
    assert result.graph.store.lines is not None
    reference = plain(build([str(EXAMPLES)], nlp=nlp).graph)
    for threshold in (0, 10**9):
        ours = write_formats(result.graph, tmp_path / f"lines{threshold}", ("ttl", "nt"), threshold=threshold)
        theirs = write_formats(reference, tmp_path / f"plain{threshold}", ("ttl", "nt"), threshold=threshold)
        assert [p.read_bytes() for p in ours] == [p.read_bytes() for p in theirs]
        if threshold == 0:
            assert result.graph.store.lines is not None  # written from the lines themselves
    assert isomorphic(result.graph, reference) and result.graph.store.lines is None


def test_regression_quad_formats_of_a_builds_graph_made_its_lines_into_rdflib_terms(nlp, tmp_path):
    """N-Quads and TriG read each subject's types from rdflib terms, so a build's graph made all
    its waiting lines into terms first: a million triples' N-Quads took three times as long as
    from a plain rdflib graph (bench/export.py). They read the lines now, and write the same."""
    result = build([str(EXAMPLES)], nlp=nlp)
    reference = plain(build([str(EXAMPLES)], nlp=nlp).graph)
    ours = write_formats(result.graph, tmp_path / "lines", ("nq", "trig"), threshold=0)
    assert result.graph.store.lines is not None
    theirs = write_formats(reference, tmp_path / "plain", ("nq", "trig"), threshold=0)
    assert [p.read_bytes() for p in ours] == [p.read_bytes() for p in theirs]
    assert b"<https://w3id.org/kg-news/id/article/" in ours[0].read_bytes()  # named graphs, not all default


def test_a_graph_waiting_as_lines_answers_every_pattern_and_draws_the_same_page(built):
    from kg.rdf.terms import ntriples
    reference = plain(built.graph)
    graph = Graph(store=DeferredMemory(), bind_namespaces="none")
    for prefix, namespace in built.graph.namespaces():
        graph.bind(prefix, namespace)
    graph.store.defer_lines(graph, [" ".join(ntriples(term) for term in t) for t in reference])
    assert len(graph) == len(reference) and graph.store.lines is not None
    assert render_html(graph) == render_html(reference)
    subject = next(iter(reference.subjects(RDF.type, None)))
    predicate, obj = next(iter(reference.predicate_objects(subject)))
    for pattern in product((None, subject), (None, predicate), (None, obj)):
        assert sorted(graph.triples(pattern)) == sorted(reference.triples(pattern)), pattern
