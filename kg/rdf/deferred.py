"""rdflib's in-memory store, indexed only when the graph is first read.

Filling rdflib's :class:`~rdflib.plugins.stores.memory.Memory` costs about 15 µs a triple:
it keeps three indexes and the contexts of every triple, and each of them hashes rdflib terms
with Python code. That was a second of a 400-article build, in the one process that writes
the graph, spent for a graph that is often only written to files and drawn. :class:`DeferredMemory`
holds the triples a build writes as one subject -> predicate -> objects table (which also drops
repeated triples). A lookup of a subject is answered from the table; so are the first
:data:`SCANS` patterns without a subject (``graph.subject_objects(RDFS.label)``), by a scan of
it, which is how the HTML page reads a graph. Anything else, a further scan, or any change
builds rdflib's indexes first, and from then on rdflib answers. The exporters
(:mod:`kg.export.base`) read the table itself.

A build writes its triples as lines of canonical N-Triples (:meth:`DeferredMemory.defer_lines`),
which is what the exporters write too: a graph that is only written to files never makes an
rdflib term. Anything that reads the graph through rdflib makes the table from the lines first.
"""

from __future__ import annotations

from typing import Collection, Iterable

from rdflib import Graph
from rdflib.plugins.stores.memory import Memory

from .terms import RDFTriple, from_ntriples_lines

__all__ = ["DeferredMemory"]

Table = dict  # subject -> predicate -> {object: None}

SCANS = 64
"""Patterns without a subject answered by scanning the table; past them, indexing is cheaper."""


class DeferredMemory(Memory):
    """A :class:`Memory` store whose first triples wait in a table until the graph is used.

    >>> from rdflib import Literal, URIRef
    >>> a, name = URIRef("https://example.org/a"), URIRef("https://schema.org/name")
    >>> graph = Graph(store=DeferredMemory())
    >>> graph.store.defer(graph, [(a, name, Literal("A")), (a, name, Literal("A"))])
    >>> len(graph), graph.store.table is not None  # counted, not yet indexed
    (1, True)
    >>> str(graph.value(a, name)), graph.store.table is not None  # a subject's lookup
    ('A', True)
    >>> _ = graph.add((a, name, Literal("B"))); graph.store.table is None  # a change: indexed
    True
    >>> len(graph)
    2
    """

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._table: Table | None = None
        self._lines: dict[str, None] | None = None
        self._context: Graph | None = None
        self._count = 0
        self._scans = 0

    def defer_lines(self, context: Graph, lines: Iterable[str]) -> None:
        """Hold the triples of ``context`` (the store's one graph) written as N-Triples lines
        without their final " ." (:func:`~kg.rdf.terms.ntriples`), until the graph is used.
        A store that holds triples already takes them as :meth:`defer` would.

        >>> from rdflib import Literal, URIRef
        >>> graph = Graph(store=DeferredMemory())
        >>> line = '<https://example.org/a> <https://schema.org/name> "A"'
        >>> graph.store.defer_lines(graph, [line, line])
        >>> len(graph), graph.store.lines is not None  # counted, not yet made into terms
        (1, True)
        >>> str(graph.value(URIRef("https://example.org/a"), URIRef("https://schema.org/name")))
        'A'
        >>> graph.store.lines is None, graph.store.table is not None  # a table now, not indexed
        (True, True)
        """
        self._tabulate()
        if self._table is not None or Memory.__len__(self):
            self.defer(context, from_ntriples_lines(lines))
            return
        # A dict, not a set: half the memory, and the writer's order, in which a subject's lines
        # come together, sorts about three times as fast for the exporters.
        held = dict.fromkeys(lines)
        if held:
            self._lines, self._context = held, context

    @property
    def lines(self) -> Collection[str] | None:
        """The triples still waiting as N-Triples lines (see :meth:`defer_lines`), each once, in
        the order they came; or None."""
        return self._lines

    def _tabulate(self) -> None:
        """The waiting lines made into the table of rdflib terms."""
        lines, context = self._lines, self._context
        if lines is None:
            return
        assert context is not None  # defer_lines sets the lines and their context together
        self._lines = None
        self.defer(context, from_ntriples_lines(lines))

    def defer(self, context: Graph, triples: Iterable[RDFTriple]) -> None:
        """Hold ``triples`` of ``context`` (the store's one graph) until the graph is used.
        A store that holds triples already takes them as rdflib's ``addN`` would."""
        self._index()
        if Memory.__len__(self):
            Memory.addN(self, ((s, p, o, context) for s, p, o in triples))
            return
        table: Table = {}
        count = 0
        for s, p, o in triples:
            try:
                by_predicate = table[s]
            except KeyError:
                by_predicate = table[s] = {}
            try:
                objects = by_predicate[p]
            except KeyError:
                objects = by_predicate[p] = {}
            if o not in objects:
                objects[o] = None
                count += 1
        if count:
            self._table, self._context, self._count = table, context, count

    @property
    def table(self) -> Table | None:
        """The triples still waiting, as subject -> predicate -> objects (made from the
        waiting lines, if any); None once indexed."""
        self._tabulate()
        return self._table

    def _index(self) -> None:
        self._tabulate()
        table, context = self._table, self._context
        if table is None:
            return
        assert context is not None  # defer sets the table and its context together
        self._table = self._context = None
        Memory.addN(self, ((s, p, o, context) for s, by_predicate in table.items()
                           for p, objects in by_predicate.items() for o in objects))

    # Everything that reads or changes the triples indexes them first.
    def add(self, triple, context, quoted=False):
        self._index()
        return super().add(triple, context, quoted)

    def addN(self, quads):  # noqa: N802 (rdflib's name)
        self._index()
        return super().addN(quads)

    def remove(self, triple, context=None):
        self._index()
        return super().remove(triple, context)

    def _waiting(self, context) -> bool:
        """Whether the triples of ``context`` are all in the table or the lines, not yet indexed."""
        return (self._table is not None or self._lines is not None) and (context is None or context is self._context)

    def triples(self, triple_pattern, context=None):
        if self._waiting(context):
            self._tabulate()
            if triple_pattern[0] is not None:
                return self._scan(self._table, triple_pattern)
            if self._scans < SCANS:
                self._scans += 1
                return self._scan(self._table, triple_pattern)
        self._index()
        return super().triples(triple_pattern, context)

    def _scan(self, table: Table, pattern):
        """What :meth:`Memory.triples` yields for ``pattern``, read from the table."""
        s, p, o = pattern
        contexts = (self._context,)
        subjects: Iterable[tuple]
        if s is None:
            subjects = table.items()
        else:
            subjects = ((s, table[s]),) if s in table else ()
        for subject, by_predicate in subjects:
            if p is None:
                pairs = by_predicate.items()
            else:
                pairs = ((p, by_predicate[p]),) if p in by_predicate else ()
            for predicate, objects in pairs:
                if o is None:
                    for obj in objects:
                        yield (subject, predicate, obj), iter(contexts)
                elif o in objects:
                    yield (subject, predicate, o), iter(contexts)

    def contexts(self, triple=None):
        self._index()
        return super().contexts(triple)

    def add_graph(self, graph):
        self._index()
        return super().add_graph(graph)

    def remove_graph(self, graph):
        self._index()
        return super().remove_graph(graph)

    def __len__(self, context=None) -> int:
        if self._waiting(context):
            return len(self._lines) if self._lines is not None else self._count
        self._index()
        return super().__len__(context)

