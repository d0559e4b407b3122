"""What every exporter starts from: the graph, its prefixes, and the fast path for big graphs.

rdflib's Turtle, TriG and JSON-LD serializers are superlinear (rdflib issue #2135), so a
graph of :data:`FAST_THRESHOLD` triples or more is serialized through pyoxigraph instead.
The bridge is N-Triples: rdflib's N-Triples serializer is linear, one triple per line, and
sorting the lines gives an order that does not depend on the process (rdflib's iteration
order does), so the output is byte-identical between runs.
"""

from __future__ import annotations

from functools import cached_property
from typing import Iterator

import pyoxigraph as ox
from rdflib import Graph

from .named_graphs import partition

__all__ = ["FAST_THRESHOLD", "Exportable"]

FAST_THRESHOLD = 100_000
"""Graphs with at least this many triples take the fast path."""


def _sorted_lines(data: bytes) -> bytes:
    lines = [line for line in data.split(b"\n") if line.strip()]
    lines.sort()
    return b"\n".join(lines) + b"\n" if lines else b""


class Exportable:
    """A graph on its way to files, with the expensive intermediate forms computed once."""

    def __init__(self, graph: Graph, threshold: int = FAST_THRESHOLD) -> None:
        self.graph = graph
        self.threshold = threshold

    @classmethod
    def of(cls, graph: "Graph | Exportable") -> "Exportable":
        return graph if isinstance(graph, Exportable) else cls(graph)

    @cached_property
    def big(self) -> bool:
        return len(self.graph) >= self.threshold

    @cached_property
    def prefixes(self) -> dict[str, str]:
        return {prefix: str(ns) for prefix, ns in self.graph.namespaces() if prefix}

    @cached_property
    def ntriples(self) -> bytes:
        """The graph as N-Triples, lines sorted: subjects come out grouped, in a stable order."""
        return _sorted_lines(self.graph.serialize(format="nt", encoding="utf-8"))

    def triples(self) -> Iterator[ox.Triple]:
        for quad in ox.parse(self.ntriples, format=ox.RdfFormat.N_TRIPLES):
            yield quad.triple

    @cached_property
    def dataset(self) -> ox.Store:
        """An in-memory pyoxigraph store with one named graph per article (see named_graphs)."""
        store = ox.Store()
        store.bulk_load(self.ntriples, format=ox.RdfFormat.N_TRIPLES)
        return partition(store)

    def quads(self) -> Iterator[ox.Quad]:
        """The dataset's quads: the default graph first, then each article graph, each sorted."""
        store = self.dataset
        names = sorted(store.named_graphs(), key=lambda g: g.value)
        for name in [ox.DefaultGraph(), *names]:
            data = _sorted_lines(store.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=name))
            for quad in ox.parse(data, format=ox.RdfFormat.N_TRIPLES):
                yield ox.Quad(quad.subject, quad.predicate, quad.object, name)
