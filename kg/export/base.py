"""What every exporter starts from: the graph, its prefixes, and the fast path for big graphs.

rdflib's Turtle, TriG and JSON-LD serializers are superlinear (rdflib issue #2135), and its
linear N-Triples writer is slower than it needs to be (it escapes every term of every triple
again). kg writes N-Triples and N-Quads itself, as sorted lines of canonical N-Triples (the
terms as pyoxigraph writes them), read straight from rdflib's in-memory index (a build's graph
gives the lines it waits in, :mod:`kg.rdf.deferred`); sorted, the
order does not depend on the process (rdflib's iteration order does), so every output is
byte-identical between runs. pyoxigraph then parses those lines and streams them into
Turtle and JSON-LD for a graph of :data:`FAST_THRESHOLD` triples or more (smaller ones keep
rdflib's grouped Turtle and compacted JSON-LD), and into TriG at any size.
"""

from __future__ import annotations

import io
from bisect import bisect_left
from collections import defaultdict
from functools import cached_property
from itertools import chain, islice
from typing import IO, Iterable, Iterator, cast

import pyoxigraph as ox
from rdflib import RDF, Graph, URIRef
from rdflib.namespace import PROV
from rdflib.plugins.stores.memory import Memory

from ..rdf.deferred import DeferredMemory
from ..rdf.named_graphs import DERIVED_FROM, TYPE, graph_of
from ..rdf.terms import ntriples as _nt

__all__ = ["FAST_THRESHOLD", "CHUNK_LINES", "Exportable", "QuadsExportable", "ChunkReader"]

FAST_THRESHOLD = 10_000
"""Graphs with at least this many triples take the fast path."""

CHUNK_LINES = 2_000
"""Lines joined at a time for pyoxigraph's parser and the N-Triples and N-Quads files: small
enough to stay in the processor's cache (500 to 8,000 lines took the same time)."""

Index = dict  # subject -> predicate -> objects, the shape of rdflib's in-memory index


def _spo_index(graph: Graph) -> Index:
    """The graph's triples as subject -> predicate -> objects.

    A graph alone in rdflib's in-memory store is read from the store's own index, which is
    five times faster than iterating ``graph.triples``, and a build's graph that rdflib has not
    indexed yet from the table it waits in (:class:`~kg.rdf.deferred.DeferredMemory`); any
    other graph is indexed here.
    """
    store = graph.store
    if isinstance(store, DeferredMemory) and store.table is not None:
        return store.table
    spo = getattr(store, "_Memory__spo", None)
    if isinstance(store, Memory) and spo is not None and len(store) == len(graph):
        return spo
    index: Index = defaultdict(lambda: defaultdict(list))
    for s, p, o in graph:
        index[s][p].append(o)
    return index


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
    def _index(self) -> Index:
        return _spo_index(self.graph)

    @cached_property
    def _lines(self) -> list[str]:
        """The N-Triples lines without their final " .", sorted: a subject's lines come out
        together, in an order that does not depend on the process. A build's graph that still
        waits as lines (:class:`~kg.rdf.deferred.DeferredMemory`) gives them as they are."""
        store = self.graph.store
        if isinstance(store, DeferredMemory) and store.lines is not None:
            return sorted(store.lines)
        lines: list[str] = []
        add = lines.append
        iri = URIRef
        # The IRIs' case is written here rather than in a call: a million triples are about as
        # many (subject, predicate) pairs, so each call costs a line (with ntriples reading
        # rdflib's slots, 1.16 s to 0.98 s for a million triples' lines).
        for subject, by_predicate in self._index.items():
            head = f"<{subject}> " if type(subject) is iri else f"{_nt(subject)} "
            for predicate, objects in by_predicate.items():
                start = f"{head}<{predicate}> " if type(predicate) is iri else f"{head}{_nt(predicate)} "
                for obj in objects:
                    add(f"{start}<{obj}>" if type(obj) is iri else start + _nt(obj))
        lines.sort()
        return lines

    @cached_property
    def _article_graphs(self) -> dict[str, str]:
        """The article graph of every subject that goes to one (see named_graphs), by the
        subject's N-Triples form. A build's graph that still waits as lines is read from them:
        made into rdflib terms for this, a million triples' N-Quads took three times as long."""
        store = self.graph.store
        if isinstance(store, DeferredMemory) and store.lines is not None:
            return graphs_of_lines(self._lines)
        graphs = {}
        for subject, by_predicate in self._index.items():
            types = [str(t) for t in by_predicate.get(RDF.type, ())]
            derived = next(iter(by_predicate.get(PROV.wasDerivedFrom, ())), None)
            graph = graph_of(str(subject), types, None if derived is None else str(derived))
            if graph is not None:
                graphs[_nt(subject)] = graph
        return graphs

    @cached_property
    def ntriples(self) -> bytes:
        """The graph as N-Triples, lines sorted: subjects come out grouped, in a stable order."""
        return b"".join(self.ntriples_chunks())

    def ntriples_chunks(self) -> Iterator[bytes]:
        """:attr:`ntriples` in pieces of :data:`CHUNK_LINES` lines, made as they are read (or
        the whole, once made): the graph's text is never held twice, as a string and as bytes.

        >>> from rdflib import Literal
        >>> graph = Graph()
        >>> graph.add((URIRef("https://example.org/a"), URIRef("https://example.org/b"), Literal("c")))  # doctest: +ELLIPSIS
        <Graph ...>
        >>> list(Exportable(graph).ntriples_chunks())
        [b'<https://example.org/a> <https://example.org/b> "c" .\\n']
        """
        if "ntriples" in self.__dict__:
            yield self.ntriples
            return
        lines = self._lines
        for start in range(0, len(lines), CHUNK_LINES):
            yield (" .\n".join(lines[start:start + CHUNK_LINES]) + " .\n").encode("utf-8")

    @cached_property
    def nquads(self) -> bytes:
        """The graph as N-Quads, one named graph per article: the default graph first, then
        each article's graph in IRI order, each in sorted order."""
        return b"".join(self.nquads_chunks())

    def nquads_chunks(self) -> Iterator[bytes]:
        """:attr:`nquads` in pieces of at most :data:`CHUNK_LINES` lines (or the whole, once
        made), as :meth:`ntriples_chunks`."""
        if "nquads" in self.__dict__:
            yield self.nquads
            return
        lines = self._lines
        spans = _graph_spans(lines, self._article_graphs)
        for name in sorted(spans):
            end = f" <{name}> .\n" if name else " .\n"
            graph_lines = chain.from_iterable(lines[start:stop] for start, stop in spans[name])
            while piece := list(islice(graph_lines, CHUNK_LINES)):
                yield (end.join(piece) + end).encode("utf-8")

    def triples(self) -> Iterator[ox.Quad]:
        """The triples, in sorted order, as pyoxigraph quads of the default graph (which its
        Turtle and JSON-LD writers take as they are)."""
        text = cast(IO[bytes], ChunkReader(self.ntriples_chunks()))  # a raw binary file, read as one
        return ox.parse(text, format=ox.RdfFormat.N_TRIPLES, lenient=True)

    def quads(self) -> Iterator[ox.Quad]:
        """The quads, one named graph per article, in the order of :attr:`nquads`."""
        text = cast(IO[bytes], ChunkReader(self.nquads_chunks()))
        return ox.parse(text, format=ox.RdfFormat.N_QUADS, lenient=True)


class ChunkReader(io.RawIOBase):
    """A binary file that reads pieces of bytes as they come, for pyoxigraph's parser: on a
    million triples, parsing the text in pieces took 0.13 s less than joining it first.

    >>> ChunkReader(iter([b"ab", b"", b"cde"])).read()
    b'abcde'
    """

    def __init__(self, chunks: Iterable[bytes]) -> None:
        super().__init__()
        self._chunks = iter(chunks)
        self._chunk = memoryview(b"")

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:  # type: ignore[no-untyped-def]  # io's own signature
        while not self._chunk:
            chunk = next(self._chunks, None)
            if chunk is None:
                return 0
            self._chunk = memoryview(chunk)
        size = min(len(buffer), len(self._chunk))
        buffer[:size] = self._chunk[:size]
        self._chunk = self._chunk[size:]
        return size


class QuadsExportable(Exportable):
    """A graph given as pyoxigraph quads (a cluster build's shards), exported from its lines:
    the union of the quads' triples as canonical N-Triples (pyoxigraph's own form), sorted, with
    no rdflib graph but for a small one (below the threshold, whose Turtle and JSON-LD rdflib
    writes). The same files as :class:`Exportable` of the same graph (tests/test_cluster.py).
    """

    def __init__(self, batches: Iterable[Iterable[ox.Quad]], prefixes: dict[str, str],
                 threshold: int = FAST_THRESHOLD) -> None:
        self.threshold = threshold
        self._prefixes = prefixes
        lines = {f"{quad.subject} {quad.predicate} {quad.object}" for batch in batches for quad in batch}
        self._sorted = sorted(lines)
        del lines

    @cached_property
    def graph(self) -> Graph:  # type: ignore[override]  # made only when asked for: a small graph
        from ..rdf.terms import from_oxigraph
        graph = Graph(bind_namespaces="none")
        for prefix, namespace in self._prefixes.items():
            graph.bind(prefix, namespace, override=True, replace=True)
        for quad in self.triples():
            graph.add((from_oxigraph(quad.subject), from_oxigraph(quad.predicate), from_oxigraph(quad.object)))
        return graph

    @cached_property
    def big(self) -> bool:
        return len(self._sorted) >= self.threshold

    @cached_property
    def prefixes(self) -> dict[str, str]:
        return dict(self._prefixes)

    @cached_property
    def _lines(self) -> list[str]:
        return self._sorted

    @cached_property
    def _article_graphs(self) -> dict[str, str]:
        return graphs_of_lines(self._sorted)


def _graph_spans(lines: list[str], article_graphs: dict[str, str]) -> dict[str, list[tuple[int, int]]]:
    """Where each graph's lines are among sorted lines, as (start, stop) spans in order, by graph
    name ("" for the default graph). A subject's lines are the one span that starts with it and a
    space, found by bisection: a lookup per line took twice as long.

    >>> lines = ["<a> <p> 1", "<a> <p> 2", "<b> <p> 1", "<c> <p> 1"]
    >>> dict(_graph_spans(lines, {"<a>": "g1", "<c>": "g1"}))
    {'g1': [(0, 2), (3, 4)], '': [(2, 3)]}
    """
    spans: dict[str, list[tuple[int, int]]] = defaultdict(list)
    named = []
    for head, graph in article_graphs.items():
        start = bisect_left(lines, head + " ")
        stop = bisect_left(lines, head + "!", start)  # "!" follows " ": past the subject's lines
        if start < stop:
            named.append((start, stop))
            spans[graph].append((start, stop))
    at = 0
    for start, stop in sorted(named):
        if at < start:
            spans[""].append((at, start))
        at = stop
    if at < len(lines):
        spans[""].append((at, len(lines)))
    for found in spans.values():
        found.sort()
    return spans


_TYPE_MARK, _DERIVED_MARK = f" <{TYPE}> ", f" <{DERIVED_FROM}> "


def graphs_of_lines(lines: Iterable[str]) -> dict[str, str]:
    """The article graph of every subject that goes to one (see named_graphs), by the
    subject's N-Triples form, read from sorted N-Triples lines without their final " .": only
    a subject's ``rdf:type`` and ``prov:wasDerivedFrom`` lines decide.

    >>> st, art = "<https://example.org/st/1>", "<https://example.org/art/1>"
    >>> graphs_of_lines([f"{st} <{DERIVED_FROM}> {art}", f"{st} <{TYPE}> <https://w3id.org/kg-news/ontology#Statement>",
    ...                  f"{art} <{TYPE}> <https://schema.org/NewsArticle>", f'{art} <{TYPE}> "not a class"'])
    {'<https://example.org/st/1>': 'https://example.org/art/1',
     '<https://example.org/art/1>': 'https://example.org/art/1'}
    """
    types: dict[str, list[str]] = defaultdict(list)
    derived: dict[str, str] = {}
    # The few candidate lines first, in one comprehension: a fifth less time on a million lines.
    for line in [line for line in lines if _TYPE_MARK in line or _DERIVED_MARK in line]:
        cut = line.find(" ")
        if line.startswith(_TYPE_MARK, cut):
            types[line[:cut]].append(_object_value(line))
        elif line.startswith(_DERIVED_MARK, cut):
            derived.setdefault(line[:cut], _object_value(line))
    return {head: graph for head, kinds in types.items()
            if (graph := graph_of(_value(head), kinds, derived.get(head))) is not None}


def _value(head: str) -> str:
    """An IRI's or blank node's text, from its N-Triples form."""
    return head[1:-1] if head.startswith("<") else head[2:]


def _object_value(line: str) -> str:
    """The value of a line's object (an IRI's text, a literal's lexical form), as rdflib's
    ``str`` and pyoxigraph's ``value`` give it."""
    obj = line.split(" ", 2)[2]
    if obj.startswith("<") or obj.startswith("_:"):
        return _value(obj)
    return next(ox.parse(f"{line} .\n".encode("utf-8"), format=ox.RdfFormat.N_TRIPLES)).object.value
