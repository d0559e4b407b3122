"""SHACL: the seed graph conforms to ontology/shapes.ttl, and broken graphs do not."""

from __future__ import annotations

import pytest
from rdflib import OWL, RDF, RDFS, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, XSD
from typer.testing import CliRunner

from kg.cli import app
from kg.ontology import GN, KG, SCHEMA, load_ontology, shapes_path
from kg.read.validate import load_shapes, validate_graph

runner = CliRunner()
MUSK = URIRef("https://w3id.org/kg-news/id/person/elon-musk")
MICROSOFT = URIRef("https://w3id.org/kg-news/id/organization/microsoft")
US = URIRef("https://w3id.org/kg-news/id/place/united-states")


def test_seed_graph_conforms(seed_build):
    report = validate_graph(seed_build.graph)
    assert report.conforms, [v.format() for v in report.violations]
    # The seeds' "US" links to GeoNames, so the GeoNames shape has a target.
    assert (US, GN.countryCode, Literal("US")) in seed_build.graph


def test_validate_cli_on_the_seed_file_and_store(seed_graph_file, seed_store):
    for target in (seed_graph_file, seed_store):
        result = runner.invoke(app, ["validate", str(target)])
        assert result.exit_code == 0, result.output
        assert "conforms" in result.output


def test_shapes_are_not_part_of_the_ontology():
    ontology = load_ontology()
    assert shapes_path().exists()
    sh = "http://www.w3.org/ns/shacl#"
    assert not any(str(o).startswith(sh) for o in ontology.graph.objects(None, RDF.type))
    assert "EntityShape" not in " ".join(str(s) for s in ontology.graph.subjects())
    assert len(load_shapes()) > 50


def test_ontology_relations_are_the_graphs_object_properties():
    """``is_vocabulary`` answers from a set made at load: it must be the graph's answer."""
    ontology = load_ontology()
    declared = {str(p)[len(KG):] for p in ontology.graph.subjects(RDF.type, OWL.ObjectProperty)
                if str(p).startswith(str(KG))}
    assert ontology.properties == declared and len(declared) > 40
    for name in sorted(declared) + ["hit-headline-as", "worksfor", "Person", ""]:
        assert ontology.is_vocabulary(name) == ((KG[name], RDF.type, OWL.ObjectProperty) in ontology.graph)


def statement(graph: Graph) -> URIRef:
    return sorted(graph.subjects(RDF.type, KG.Statement))[0]


def article(graph: Graph) -> URIRef:
    return sorted(graph.subjects(RDF.type, SCHEMA.NewsArticle))[0]


def two_labels(g: Graph) -> None:
    g.add((MUSK, RDFS.label, Literal("E. Musk")))


def two_types(g: Graph) -> None:
    g.add((MUSK, RDF.type, KG.Organization))


def confidence_above_one(g: Graph) -> None:
    st = statement(g)
    g.set((st, KG.confidence, Literal("1.5", datatype=XSD.decimal)))


def no_sentence(g: Graph) -> None:
    g.remove((statement(g), KG.sentence, None))


def begin_after_end(g: Graph) -> None:
    st = statement(g)
    g.set((st, KG.beginIndex, Literal(500)))
    g.set((st, KG.endIndex, Literal(10)))


def no_source(g: Graph) -> None:
    g.remove((article(g), DCTERMS.source, None))


def derived_from_nothing(g: Graph) -> None:
    g.remove((statement(g), PROV.wasDerivedFrom, None))


def asserted_without_plain_triple(g: Graph) -> None:
    st = statement(g)
    g.remove((g.value(st, RDF.subject), g.value(st, RDF.predicate), g.value(st, RDF.object)))


def undeclared_predicate(g: Graph) -> None:
    st = statement(g)
    g.set((st, RDF.predicate, KG["made-up"]))
    g.set((st, KG.asserted, Literal(False)))


def negated_but_asserted(g: Graph) -> None:
    st = next(s for s in g.subjects(KG.asserted, Literal(True)))
    g.add((st, KG.negated, Literal(True)))


def object_is_not_an_entity(g: Graph) -> None:
    st = statement(g)
    g.set((st, RDF.object, URIRef("https://example.org/nothing")))
    g.set((st, KG.asserted, Literal(False)))


def country_code_not_iso2(g: Graph) -> None:
    g.set((US, GN.countryCode, Literal("USA")))


def two_geonames_links(g: Graph) -> None:
    g.add((US, OWL.sameAs, URIRef("https://sws.geonames.org/2635167/")))


def same_as_a_literal(g: Graph) -> None:
    g.add((MUSK, OWL.sameAs, Literal("Elon Musk")))


def country_code_on_a_person(g: Graph) -> None:
    g.add((MUSK, GN.countryCode, Literal("US")))
    g.add((MUSK, OWL.sameAs, URIRef("https://sws.geonames.org/6252001/")))


def mention_past_the_sentence(g: Graph) -> None:
    st = statement(g)
    g.set((st, KG.objectEnd, Literal(len(str(g.value(st, KG.sentence))) + 1)))


def mention_start_after_end(g: Graph) -> None:
    st = statement(g)
    g.set((st, KG.subjectStart, Literal(9)))
    g.set((st, KG.subjectEnd, Literal(3)))


BREAKAGES = {
    two_labels: ("person:elon-musk", "rdfs:label"),
    two_types: ("person:elon-musk", "rdf:type"),
    confidence_above_one: ("st:", "kg:confidence"),
    no_sentence: ("st:", "kg:sentence"),
    begin_after_end: ("st:", "kg:beginIndex"),
    no_source: ("art:", "dcterms:source"),
    derived_from_nothing: ("st:", "prov:wasDerivedFrom"),
    asserted_without_plain_triple: ("st:", "plain triple"),
    undeclared_predicate: ("st:", "rdf:predicate"),
    negated_but_asserted: ("st:", "not asserted"),
    object_is_not_an_entity: ("st:", "rdf:object"),
    country_code_not_iso2: ("place:united-states", "gn:countryCode"),
    two_geonames_links: ("place:united-states", "owl:sameAs"),
    same_as_a_literal: ("person:elon-musk", "owl:sameAs"),
    country_code_on_a_person: ("person:elon-musk", "kg:Place"),
    mention_past_the_sentence: ("st:", "within the sentence"),
    mention_start_after_end: ("st:", "kg:subjectStart"),
}


@pytest.mark.parametrize("breakage", list(BREAKAGES), ids=lambda f: f.__name__)
def test_a_broken_graph_does_not_conform(seed_build, breakage):
    graph = Graph(bind_namespaces="none")
    for prefix, ns in seed_build.graph.namespaces():
        graph.bind(prefix, ns)
    for triple in seed_build.graph:
        graph.add(triple)
    breakage(graph)
    report = validate_graph(graph)
    assert not report.conforms
    focus, where = BREAKAGES[breakage]
    lines = [v.format() for v in report.violations]
    assert any(focus in line and where in line for line in lines), lines


def test_validate_cli_prints_violations_and_exits_1(seed_build, tmp_path):
    graph = Graph(bind_namespaces="none")
    for prefix, ns in seed_build.graph.namespaces():
        graph.bind(prefix, ns)
    for triple in seed_build.graph:
        graph.add(triple)
    two_labels(graph)
    confidence_above_one(graph)
    path = tmp_path / "broken.ttl"
    graph.serialize(path, format="turtle")
    result = runner.invoke(app, ["validate", str(path)])
    assert result.exit_code == 1
    assert "Violation: person:elon-musk rdfs:label: An entity has exactly one non-empty rdfs:label." in result.output
    assert "kg:confidence" in result.output and "(value: '1.5')" in result.output
    assert "2 SHACL violations" in result.output


def test_validate_cli_bad_input_is_a_usage_error(tmp_path):
    missing = runner.invoke(app, ["validate", str(tmp_path / "nope.ttl")])
    assert missing.exit_code == 2 and "[E001]" in missing.output
    bad = tmp_path / "bad.ttl"
    bad.write_text("@prefix ex: <http://ex/> .\nex:a ex:b ex:c .\nex:a ex:b \"open .\n", encoding="utf-8")
    broken = runner.invoke(app, ["validate", str(bad)])
    assert broken.exit_code == 2 and "[E101]" in broken.output and "bad.ttl:3:" in broken.output
    other = tmp_path / "graph.xml"
    other.write_text("<rdf/>", encoding="utf-8")
    assert "[E100]" in runner.invoke(app, ["validate", str(other)]).output


def test_the_ontology_read_by_pyoxigraph_is_the_one_rdflib_reads():
    from rdflib.compare import isomorphic

    from kg.ontology import ontology_dir
    ours = load_ontology().graph
    theirs = Graph(bind_namespaces="none").parse(ontology_dir() / "kg.ttl", format="turtle")
    assert isomorphic(ours, theirs) and len(ours) == len(theirs) > 1000
    assert dict(ours.namespaces())["kg"] == URIRef(str(KG))


def test_a_broken_ontology_file_is_a_numbered_error_naming_it(tmp_path):
    from kg.errors import KGError
    (tmp_path / "kg.ttl").write_text("@prefix kg: <https://w3id.org/kg-news/ontology#> .\nkg:a kg:b \"unclosed .\n")
    with pytest.raises(KGError, match=r"E015.*kg\.ttl"):
        load_ontology(str(tmp_path))
