"""One named graph per article, for the quad formats (TriG, N-Quads) and the store.

An article's graph holds its evidence: the article's own triples (``schema:NewsArticle``,
headline, date, source, ``schema:mentions``) and its statement nodes. The default graph holds
what all articles share: the entities, the plain (asserted) relation triples and the
vocabulary. So the default graph alone is the "truthy" knowledge graph, each named graph
says where it was read, and the union of all graphs has no triple twice (a plain triple that
two articles assert is one triple in the default graph).

The rule looks only at a subject's own triples (:func:`graph_of`), so any kg graph (a fresh
build, or a Turtle file read back) splits the same way, subject by subject; the store applies
it to what :meth:`kg.rdf.writer.GraphWriter.article` yields (:func:`split_article`).
"""

from __future__ import annotations

from typing import Iterable

from rdflib import RDF, URIRef
from rdflib.namespace import PROV

from ..ontology import KG, SCHEMA

__all__ = ["graph_of", "split_article", "TYPE", "DERIVED_FROM"]

TYPE, DERIVED_FROM = str(RDF.type), str(PROV.wasDerivedFrom)
_STATEMENT, _ARTICLE = str(KG.Statement), str(SCHEMA.NewsArticle)


def graph_of(subject: str, types: Iterable[str], derived_from: str | None) -> str | None:
    """The article graph that a subject's triples go to, or None for the default graph.

    A statement node goes to the article it was derived from, an article to its own graph.
    """
    types = set(types)
    if _STATEMENT in types:
        return derived_from
    if _ARTICLE in types:
        return subject
    return None


def split_article(triples: Iterable[tuple], article: URIRef) -> tuple[list[tuple], list[tuple]]:
    """One article's triples as (its named graph's, the default graph's)."""
    by_subject: dict = {}
    for triple in triples:
        by_subject.setdefault(triple[0], []).append(triple)
    named: list[tuple] = []
    default: list[tuple] = []
    for subject, group in by_subject.items():
        types = [str(o) for s, p, o in group if p == RDF.type]
        derived = next((str(o) for s, p, o in group if p == PROV.wasDerivedFrom), None)
        (named if graph_of(str(subject), types, derived) == str(article) else default).extend(group)
    return named, default
