"""Places the gazetteer knows link to GeoNames in the RDF: owl:sameAs and gn:countryCode, in files
and in the store."""

from __future__ import annotations

import pyoxigraph as ox
import pytest
from rdflib import OWL, Literal, URIRef

from conftest import EXAMPLES
from kg.ontology import GN
from kg.pipeline.build import build
from kg.rdf.iri import NamedEntity
from kg.rdf.store import StoreWriter
from kg.rdf.writer import entity_triples

GEONAMES = "https://sws.geonames.org/"
PLACE_US = "https://w3id.org/kg-news/id/place/united-states"


def entity(label, type="Place", aliases=()):
    return NamedEntity(key=(type, label.lower()), type=type, label=label, aliases=tuple(aliases) or (label,),
                       mentions=1, iri=f"https://example.org/{type.lower()}/x")


def links(e):
    triples = list(entity_triples(e))
    same = [str(o) for _, p, o in triples if p == OWL.sameAs]
    code = [str(o) for _, p, o in triples if p == GN.countryCode]
    return same, code


@pytest.mark.parametrize("label,type,aliases,same,code", [
    ("US", "Place", ["US", "America"], ["6252001"], ["US"]),
    ("Britain", "Place", ["Britain", "UK"], ["2635167"], ["GB"]),
    ("Paris", "Place", [], ["2988507"], ["FR"]),
    ("Scotland", "Place", [], ["2638360"], ["GB"]),
    ("Europe", "Place", [], ["6255148"], []),                 # a continent has no country code
    ("Stansted Airport", "Place", ["Stansted"], [], []),       # not in the gazetteer
    ("Foggy Bottom", "Place", ["Paris", "London"], [], []),    # aliases that disagree
    ("US", "Organization", [], [], []),                        # only places link
    ("Paris", "Person", [], [], []),
])
def test_entity_triples_link_places_to_geonames(label, type, aliases, same, code):
    got_same, got_code = links(entity(label, type, aliases))
    assert got_same == [f"{GEONAMES}{i}/" for i in same]
    assert got_code == code


def test_the_seed_graph_links_us(seed_build):
    graph = seed_build.graph
    us = URIRef(PLACE_US)
    assert list(graph.objects(us, OWL.sameAs)) == [URIRef(f"{GEONAMES}6252001/")]
    assert list(graph.objects(us, GN.countryCode)) == [Literal("US")]
    # Only places link.
    assert all("/place/" in str(s) for s in graph.subjects(OWL.sameAs, None))


def test_the_store_replaces_a_stale_link(tmp_path, nlp):
    """The link is part of an entity's description: a rebuild replaces it like the label."""
    folder = tmp_path / "store"
    writer = StoreWriter(folder)
    build([str(EXAMPLES)], nlp=nlp, sink=writer)
    same_as, us = ox.NamedNode(str(OWL.sameAs)), ox.NamedNode(PLACE_US)
    stale = ox.Quad(us, same_as, ox.NamedNode(f"{GEONAMES}2635167/"), ox.DefaultGraph())
    writer.store.add(stale)
    writer.store.flush()
    del writer

    writer = StoreWriter(folder)
    build([str(EXAMPLES)], nlp=nlp, sink=writer)
    objects = {q.object.value for q in writer.store.quads_for_pattern(us, same_as, None, None)}
    assert objects == {f"{GEONAMES}6252001/"}
    codes = {q.object.value for q in writer.store.quads_for_pattern(us, ox.NamedNode(str(GN.countryCode)), None, None)}
    assert codes == {"US"}
