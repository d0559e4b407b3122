"""The statement codec (``kg.rdf.statement``): what it writes reads back the same."""

from __future__ import annotations

import pytest
from rdflib import Graph, URIRef, namespace

from kg.model import Evidence, Quantity, Triple
from kg.ontology import KG
from kg.rdf.iri import Minter
from kg.rdf.statement import _literal, statement_lines, statement_triples, statements_in_graph
from kg.rdf.terms import ntriples


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


_ODD = ['Musk sued Microsoft.', 'He said "no", then \\ left', 'tab\there\nand a new line', 'Zürich — ünïcödé',
        'bell\x07 and nul\x00', '']


@pytest.mark.parametrize("text", _ODD)
@pytest.mark.parametrize("kind", ["plain", "negated", "claimed", "quantities", "no-spans"])
def test_statement_lines_are_the_statement_triples_in_ntriples(text, kind):
    """A build's graph waits as N-Triples lines written without rdflib terms
    (``statement_lines``): they must be, line for line, the canonical N-Triples of
    ``statement_triples``, which every exporter and reader is checked against."""
    quantities = (Quantity("money", "$5bn", "5000000000", "USD"), Quantity("percent", "3.5%", "3.5"),
                  Quantity("date", "March 2005", "2005-03", "gYearMonth"))
    evidence = Evidence("a1", 3, text, 7, 7 + len(text), "svo", 0.857, f"sued {text}", text or "Musk", "Microsoft",
                        subject_span=None if kind == "no-spans" else (0, 4),
                        object_span=None if kind == "no-spans" else (10, 19))
    triple = Triple("e0", "sues", "e1", evidence, negated=kind == "negated",
                    modality="may" if kind == "negated" else None, claimed_by="e2" if kind == "claimed" else None,
                    quantities=quantities if kind == "quantities" else (), confident=kind != "negated")
    minter = Minter()
    subject, obj, speaker = "https://x.org/musk", "https://x.org/microsoft", "https://x.org/reuters"
    article = minter.article("a1")
    said = speaker if kind == "claimed" else None
    terms = statement_triples(triple, URIRef(subject), URIRef(obj), article, minter,
                              None if said is None else URIRef(said))
    expected = [" ".join(ntriples(term) for term in t) for t in terms]
    assert list(statement_lines(triple, subject, obj, str(article), minter, said)) == expected
    graph = Graph()
    graph.parse(data="".join(f"{line} .\n" for line in expected), format="nt")
    [statement] = list(statements_in_graph(graph))
    assert statement.sentence == text and statement.negated is (kind == "negated")


def test_regression_a_statement_with_a_number_that_is_none_ended_stats_with_a_traceback():
    """kg stats, viz and export read a foreign graph whose kg:Statement had confidence "high":
    float() raised. Such a node is no statement kg can read, as one without a role is not."""
    data = """@prefix kg: <https://w3id.org/kg-news/ontology#> .
    @prefix rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> .
    <urn:s1> a kg:Statement ; rdf:subject <urn:p> ; rdf:predicate kg:worksFor ; rdf:object <urn:o> ;
        kg:confidence "high" .
    <urn:s2> a kg:Statement ; rdf:subject <urn:p> ; rdf:predicate kg:worksFor ; rdf:object <urn:o> ;
        kg:subjectStart "x" .
    <urn:s3> a kg:Statement ; rdf:subject <urn:p> ; rdf:predicate kg:worksFor ; rdf:object <urn:o> ;
        kg:confidence "0.75" .
    """
    graph = Graph().parse(data=data, format="turtle")
    assert [(st.node, st.confidence) for st in statements_in_graph(graph)] == [("urn:s3", 0.75)]


def test_regression_an_acronym_and_its_expansion_make_one_statement_not_one_with_two_of_each_field(nlp, tmp_path):
    """"Its engine, Sara (Scalable Abstract Rendering Architecture)": the acronym and its
    expansion are two objects of one relation in one sentence, and one entity once merged, so
    both minted the same statement node, which then had two object texts and offsets (and
    readers took one of them at random). The writer keeps one relation per node."""
    from collections import Counter

    from kg import build
    article = tmp_path / "engine.txt"
    article.write_text("Telecoms giant Nimbus has shown off its new graphics technology to games makers.\n\n"
                       "The game engine is the core component of a video game because it handles graphics "
                       "rendering. Nimbus's own engine, Sara (Scalable Abstract Rendering Architecture) has been "
                       "in development since 2001 and has been used to recreate virtual interactive models of "
                       "buildings for planners.\n", encoding="utf-8")
    graph = build([str(article)], nlp=nlp).graph
    objects = {str(text) for text in graph.objects(None, KG.objectText)}
    assert objects & {"Sara", "Scalable Abstract Rendering Architecture"}, objects  # the relation is read
    for prop in (KG.objectText, KG.objectStart, KG.objectEnd, KG.subjectText, KG.confidence):
        per_node = Counter(node for node, _ in graph.subject_objects(prop))
        assert max(per_node.values()) == 1, prop
    statements = set(graph.subjects(namespace.RDF.type, KG.Statement))
    assert len(set(graph.subjects(KG.objectText, None))) == len(statements)
