"""A made-up kg graph of any size, with the shape of news: a few clusters and many loners."""

from __future__ import annotations

import random

from rdflib import RDF, RDFS, SKOS, XSD, Graph, Literal
from rdflib.namespace import PROV

from kg.rdf.iri import Minter
from kg.ontology import KG, SCHEMA

TYPES = ("Person", "Organization", "Place", "Product")
PREDICATES = ("acquired", "owns", "ceoOf", "sues", "contacted", "investedIn")


def synthetic_graph(entities: int, *, seed: int = 0, statements: int | None = None) -> Graph:
    rng = random.Random(seed)
    minter = Minter()
    g = Graph(bind_namespaces="none")
    article = minter.article("synthetic")
    g.add((article, RDF.type, SCHEMA.NewsArticle))
    g.add((article, SCHEMA.headline, Literal("A synthetic article")))
    nodes = []
    for i in range(entities):
        cls = TYPES[i % len(TYPES)]
        node = minter.entity(cls, f"e{i}")
        nodes.append(node)
        g.add((node, RDF.type, KG[cls]))
        g.add((node, RDFS.label, Literal(f"Entity {i}")))
        g.add((node, SKOS.altLabel, Literal(f"E{i}")))
        g.add((article, SCHEMA.mentions, node))
    # Relations mostly among the first third, so that the rest are small pieces and loners.
    hub = nodes[: max(2, entities // 3)]
    for j in range(statements if statements is not None else entities // 2):
        s, o = rng.sample(hub, 2)
        p = rng.choice(PREDICATES)
        st = minter.statement("synthetic", str(j))
        for prop, value in ((RDF.type, KG.Statement), (RDF.subject, s), (RDF.predicate, KG[p]), (RDF.object, o),
                            (PROV.wasDerivedFrom, article), (KG.sentence, Literal(f"Sentence {j}.")),
                            (KG.confidence, Literal("0.9", datatype=XSD.decimal)), (KG.asserted, Literal(True))):
            g.add((st, prop, value))
        g.add((s, KG[p], o))
    return g
