"""The statement codec (``kg.rdf.statement``): what it writes reads back the same."""

from __future__ import annotations

from rdflib import Graph, URIRef, namespace

from kg.model import Evidence, Triple
from kg.ontology import KG
from kg.rdf.iri import Minter
from kg.rdf.statement import _literal, statement_triples, statements_in_graph


def test_regression_shared_literals_keep_their_types():
    """Literals are shared across statements through a cache. ``True == 1`` and ``hash(True) ==
    hash(1)`` in Python, so an untyped cache would write the flag ``kg:negated 1`` after an
    offset of 1 had been written, or a boolean after a float."""
    assert _literal(1).datatype == namespace.XSD.integer and _literal(0).datatype == namespace.XSD.integer
    assert _literal(1.0).datatype == namespace.XSD.double and _literal(True).datatype == namespace.XSD.boolean
    evidence = Evidence("a1", 1, "Musk sued Microsoft.", 0, 20, "svo", 0.9, "sued", "Musk", "Microsoft",
                        subject_span=(0, 4), object_span=(10, 19))
    minter = Minter()
    graph = Graph()
    for t in statement_triples(Triple("e0", "sues", "e1", evidence, negated=True), URIRef("https://x.org/musk"),
                               URIRef("https://x.org/microsoft"), minter.article("a1"), minter, None):
        graph.add(t)
    assert {o.datatype for o in graph.objects(None, KG.negated)} == {namespace.XSD.boolean}
    assert {o.datatype for o in graph.objects(None, KG.asserted)} == {namespace.XSD.boolean}
    [statement] = list(statements_in_graph(graph))
    assert statement.asserted is False and statement.negated is True
    assert statement.sentence_index == 1 and statement.subject_span == (0, 4)
