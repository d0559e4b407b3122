"""One named graph per article, for the quad formats (TriG, N-Quads) and the store.

An article's graph holds what :meth:`kg.graph.GraphWriter.article` yields for it: the
article's own triples and ``schema:mentions``, its statement nodes, and the plain triples
its asserted statements stand for. Entities and the vocabulary stay in the default graph:
they are shared by every article. A plain triple that two articles assert is in both
article graphs.

The partition is computed from the graph itself by a SPARQL update, so any kg graph (a
fresh build or a Turtle file read back) splits the same way.
"""

from __future__ import annotations

import pyoxigraph as ox
from rdflib import RDF
from rdflib.namespace import PROV

from ..ontology import KG, SCHEMA

__all__ = ["PARTITION_UPDATE", "partition"]

PARTITION_UPDATE = f"""
PREFIX rdf: <{RDF}>
PREFIX kg: <{KG}>
PREFIX schema: <{SCHEMA}>
PREFIX prov: <{PROV}>
INSERT {{ GRAPH ?article {{ ?article ?p ?o }} }}
WHERE {{ ?article a schema:NewsArticle ; ?p ?o }} ;
INSERT {{ GRAPH ?article {{ ?st ?p ?o }} }}
WHERE {{ ?st a kg:Statement ; prov:wasDerivedFrom ?article ; ?p ?o }} ;
INSERT {{ GRAPH ?article {{ ?s ?p ?o }} }}
WHERE {{ ?st a kg:Statement ; kg:asserted true ; prov:wasDerivedFrom ?article ;
         rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o . ?s ?p ?o }} ;
DELETE {{ ?s ?p ?o }} WHERE {{ GRAPH ?g {{ ?s ?p ?o }} }}
"""
"""Moves every article's triples from the default graph into the graph named by the article."""


def partition(store: ox.Store) -> ox.Store:
    """Split a store whose triples are all in the default graph into article graphs (in place)."""
    store.update(PARTITION_UPDATE)
    return store
