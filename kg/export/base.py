"""What every exporter starts from: the graph, its prefixes, and the fast path for big graphs.

rdflib's Turtle, TriG and JSON-LD serializers are superlinear (rdflib issue #2135). The
bridge to the fast path is N-Triples: rdflib's N-Triples serializer is linear, one triple per
line, and sorting the lines gives an order that does not depend on the process (rdflib's
iteration order does), so every output is byte-identical between runs. pyoxigraph then
streams those triples into Turtle and JSON-LD for a graph of :data:`FAST_THRESHOLD` triples or
more (smaller ones keep rdflib's grouped Turtle and compacted JSON-LD), and into TriG and
N-Quads, split into article graphs, at any size.
"""

from __future__ import annotations

from collections import defaultdict
from functools import cached_property
from itertools import groupby
from typing import Iterator

import pyoxigraph as ox
from rdflib import Graph

from ..rdf.named_graphs import DERIVED_FROM, TYPE, graph_of

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

    def quads(self) -> Iterator[ox.Quad]:
        """The quads, one named graph per article (see named_graphs): the default graph first,
        then each article's graph in IRI order, each in sorted order."""
        graphs: dict[str, list[ox.Triple]] = defaultdict(list)
        # Sorted N-Triples keep each subject's triples together: decide its graph once.
        for subject, group in groupby(self.triples(), key=lambda t: t.subject):
            triples = list(group)
            types = [t.object.value for t in triples if t.predicate.value == TYPE]
            derived = next((t.object.value for t in triples if t.predicate.value == DERIVED_FROM), None)
            graphs[graph_of(subject.value, types, derived) or ""].extend(triples)
        for name in sorted(graphs):
            graph = ox.NamedNode(name) if name else ox.DefaultGraph()
            for triple in graphs[name]:
                yield ox.Quad(triple.subject, triple.predicate, triple.object, graph)
