"""One named graph per article, for the quad formats (TriG, N-Quads) and the store.

An article's graph holds its evidence: the article's own triples (``schema:NewsArticle``,
headline, date, source, ``schema:mentions``) and its statement nodes. The default graph holds
what all articles share: the entities, the plain (asserted) relation triples and the
vocabulary. So the default graph alone is the "truthy" knowledge graph, each named graph
says where it was read, and the union of all graphs has no triple twice (a plain triple that
two articles assert is one triple in the default graph).

For files, the partition is computed from the graph itself by a SPARQL update, so any kg
graph (a fresh build or a Turtle file read back) splits the same way; the store splits the
output of :meth:`kg.graph.GraphWriter.article` with :func:`split_article`, by the same rule.
"""

from __future__ import annotations

from typing import Iterable

import pyoxigraph as ox
from rdflib import RDF, URIRef
from rdflib.namespace import PROV

from ..ontology import KG, SCHEMA

__all__ = ["PARTITION_UPDATE", "partition", "split_article"]

PARTITION_UPDATE = f"""
PREFIX kg: <{KG}>
PREFIX schema: <{SCHEMA}>
PREFIX prov: <{PROV}>
INSERT {{ GRAPH ?article {{ ?article ?p ?o }} }}
WHERE {{ ?article a schema:NewsArticle ; ?p ?o }} ;
INSERT {{ GRAPH ?article {{ ?st ?p ?o }} }}
WHERE {{ ?st a kg:Statement ; prov:wasDerivedFrom ?article ; ?p ?o }} ;
DELETE {{ ?s ?p ?o }} WHERE {{ GRAPH ?g {{ ?s ?p ?o }} }}
"""
"""Moves each article's own triples and statement nodes from the default graph into the
graph named by the article."""


def partition(store: ox.Store) -> ox.Store:
    """Split a store whose triples are all in the default graph into article graphs (in place)."""
    store.update(PARTITION_UPDATE)
    return store


def split_article(triples: Iterable[tuple], article: URIRef) -> tuple[list[tuple], list[tuple]]:
    """One article's triples as (its named graph's, the default graph's): the same rule as
    :data:`PARTITION_UPDATE`, for the triples :meth:`GraphWriter.article` yields."""
    triples = list(triples)
    statements = {s for s, p, o in triples if p == RDF.type and o == KG.Statement}
    named, default = [], []
    for triple in triples:
        (named if triple[0] == article or triple[0] in statements else default).append(triple)
    return named, default
