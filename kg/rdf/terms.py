"""RDF terms between rdflib (the pipeline's graph) and pyoxigraph (the store, the fast path).

kg never writes blank nodes, but graphs read back from elsewhere may have them, so both
directions handle them.
"""

from __future__ import annotations

from typing import Callable, Iterable, Iterator

import pyoxigraph as ox
from rdflib import BNode, Literal, URIRef
from rdflib.namespace import XSD
from rdflib.term import Node

__all__ = ["to_oxigraph", "from_oxigraph", "oxigraph_converter", "to_quads", "RDFTriple"]

RDFTriple = tuple[Node, Node, Node]


def to_oxigraph(term: Node) -> ox.NamedNode | ox.BlankNode | ox.Literal:
    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype or XSD.string)))
    raise TypeError(f"not an RDF term: {term!r}")


def oxigraph_converter() -> Callable[[Node], ox.NamedNode | ox.BlankNode | ox.Literal]:
    """:func:`to_oxigraph` with a cache: entity, predicate and datatype IRIs repeat a lot."""
    cache: dict[Node, object] = {}

    def convert(term: Node):
        hit = cache.get(term)
        if hit is None:
            hit = to_oxigraph(term)
            if not isinstance(term, Literal):
                cache[term] = hit
        return hit
    return convert


def from_oxigraph(term) -> Node:
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        datatype = term.datatype.value
        return Literal(term.value, datatype=None if datatype == str(XSD.string) else URIRef(datatype))
    raise TypeError(f"not an RDF term: {term!r}")


def to_quads(triples: Iterable[RDFTriple], graph: ox.NamedNode | ox.DefaultGraph) -> Iterator[ox.Quad]:
    convert = oxigraph_converter()
    for s, p, o in triples:
        yield ox.Quad(convert(s), convert(p), convert(o), graph)
