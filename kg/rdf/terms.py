"""RDF terms between rdflib (the pipeline's graph), pyoxigraph (the store, the fast path) and
canonical N-Triples text (a build's graph while it waits to be used, see :mod:`.deferred`).

kg never writes blank nodes, but graphs read back from elsewhere may have them, so both
directions handle them.
"""

from __future__ import annotations

from itertools import islice
from typing import Any, Callable, Iterable, Iterator

import pyoxigraph as ox
from rdflib import BNode, Literal, URIRef
from rdflib.namespace import XSD
from rdflib.term import Node

from ..ontology import from_oxigraph, rdflib_triples

__all__ = ["to_oxigraph", "from_oxigraph", "oxigraph_converter", "to_quads", "ntriples", "string_ntriples",
           "from_ntriples_lines", "RDFTriple", "OxTerm"]

RDFTriple = tuple[Node, Node, Node]

OxTerm = ox.NamedNode | ox.BlankNode | ox.Literal
"""A pyoxigraph term as kg writes it: never an RDF 1.2 triple term, which pyoxigraph's types allow."""

_STRING = str(XSD.string)


def string_ntriples(text: str) -> str:
    """A plain string literal in canonical N-Triples, as pyoxigraph writes it.

    >>> print(string_ntriples("Musk"), string_ntriples('He said "no"'))
    "Musk" "He said \\"no\\""
    """
    if text.isprintable() and '"' not in text and "\\" not in text:
        return f'"{text}"'
    return str(ox.Literal(text))


def ntriples(term: Node) -> str:
    """A term's canonical N-Triples form, as pyoxigraph writes it.

    IRIs and plain or typed literals of printable text without quotes or backslashes (almost
    all of a kg graph) are written here: a million triples would spend seconds hashing
    rdflib terms (their ``__hash__`` and ``__eq__`` are Python code) to look them up in a cache.

    >>> print(ntriples(URIRef("https://example.org/a")), ntriples(Literal("0.9", datatype=XSD.decimal)))
    <https://example.org/a> "0.9"^^<http://www.w3.org/2001/XMLSchema#decimal>
    >>> print(ntriples(Literal('He said "no"')), ntriples(Literal("Musk", lang="en")))
    "He said \\"no\\"" "Musk"@en
    """
    kind = type(term)
    if kind is URIRef:
        return f"<{term}>"
    # Read as Any: mypy does not narrow ``term`` by ``kind is Literal`` (a test that leaves
    # subclasses out), and a cast would be a call for every literal of the graph. The slots
    # behind ``language`` and ``datatype`` are read directly: the properties are Python
    # functions, called for most of a graph's objects.
    literal: Any = term
    if kind is Literal and not literal._language:
        lexical = f"{term}"
        if lexical.isprintable() and '"' not in lexical and "\\" not in lexical:
            datatype = literal._datatype
            if datatype is None or str.__eq__(datatype, _STRING):
                return f'"{lexical}"'
            return f'"{lexical}"^^<{datatype}>'
    return str(to_oxigraph(term))


def from_ntriples_lines(lines: Iterable[str]) -> Iterator[RDFTriple]:
    """The rdflib triples of N-Triples lines written without their final " ." (as
    :func:`ntriples` writes terms): parsed by pyoxigraph, each distinct term made once.

    >>> [str(o) for *_, o in from_ntriples_lines(['<https://example.org/a> <https://example.org/b> "c"'])]
    ['c']
    """
    made: dict = {}
    iterator = iter(lines)
    while chunk := list(islice(iterator, _CHUNK)):  # a chunk's text at a time, not the graph's
        data = "".join(f"{line} .\n" for line in chunk).encode("utf-8")
        yield from rdflib_triples(ox.parse(data, format=ox.RdfFormat.N_TRIPLES), made)


_CHUNK = 50_000


def to_oxigraph(term: Node) -> OxTerm:
    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype or XSD.string)))
    raise TypeError(f"not an RDF term: {term!r}")


def oxigraph_converter() -> Callable[[Node], OxTerm]:
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


def to_quads(triples: Iterable[RDFTriple], graph: ox.NamedNode | ox.DefaultGraph) -> Iterator[ox.Quad]:
    # Unchecked (Any): an RDF triple's subject is no literal and its predicate an IRI, which rdflib's
    # types do not say; a cast per term would cost a call.
    convert: Callable[[Node], Any] = oxigraph_converter()
    for s, p, o in triples:
        yield ox.Quad(convert(s), convert(p), convert(o), graph)
