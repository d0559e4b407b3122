"""Reading kg's RDF back: one loader for a file in any format kg writes, a store folder, or the
folder of N-Quads shards that a build on a Dask cluster writes (read by its manifest).

Every command that takes GRAPH reads it here. :func:`open_graph` gives a pyoxigraph store (in
memory for a file, read-only for a store folder), which SPARQL, the endpoint, validation and
push use; :func:`load_graph` gives the same data as an rdflib graph with kg's prefixes bound,
which the exporters and ``kg validate`` use; :func:`quad_batches` streams it, a file, shard or
named graph at a time, for the network view and ``kg stats``, which keep only what they show.

>>> graph = load_graph("output/graph.ttl")
>>> sorted(graph.namespaces())[0]
('art', rdflib.term.URIRef('https://w3id.org/kg-news/id/article/'))
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Iterable, Iterator, cast

import pyoxigraph as ox
from rdflib import Graph

from ..errors import Errors, KGError
from ..ontology import SCHEMA, load_ontology
from ..rdf.iri import DEFAULT_BASE, Minter, check_base
from ..rdf.shards import is_build_folder, read_manifest
from ..rdf.store import is_store, open_store
from ..rdf.terms import from_oxigraph
from ..rdf.writer import new_graph

__all__ = ["RDF_FORMATS", "rdf_format", "open_graph", "load_graph", "load_into", "load_shards", "to_rdflib",
           "quad_batches", "shard_batches", "kg_prefixes", "detect_base"]

RDF_FORMATS: dict[str, ox.RdfFormat] = {
    ".ttl": ox.RdfFormat.TURTLE,
    ".nt": ox.RdfFormat.N_TRIPLES,
    ".nq": ox.RdfFormat.N_QUADS,
    ".trig": ox.RdfFormat.TRIG,
    ".jsonld": ox.RdfFormat.JSON_LD,
    ".json": ox.RdfFormat.JSON_LD,
}
"""File extension -> format, for the files kg writes (and JSON-LD under .json)."""


def rdf_format(path: str | os.PathLike) -> ox.RdfFormat:
    fmt = RDF_FORMATS.get(Path(path).suffix.lower())
    if fmt is None:
        raise KGError(Errors.E100.format(path=path))
    return fmt


def load_into(store: ox.Store, path: str | os.PathLike) -> ox.Store:
    """Parse an RDF file, or a build folder's shards (by its manifest), into ``store``; a syntax
    error names the file and the line."""
    if is_build_folder(path):
        return load_shards(read_manifest(path).shards, store)
    fmt = rdf_format(path)
    try:
        store.bulk_load(path=str(path), format=fmt)
    except (SyntaxError, OSError, ValueError) as exc:
        raise _unreadable(path, fmt, exc) from exc
    return store


def _unreadable(path: str | os.PathLike, fmt: ox.RdfFormat, exc: Exception) -> KGError:
    """E101 for a syntax error (with its line), else E011."""
    if isinstance(exc, SyntaxError):
        line = exc.lineno if exc.lineno is not None else "?"
        detail = str(exc.msg if hasattr(exc, "msg") else exc)
        return KGError(Errors.E101.format(path=path, line=line, fmt=fmt.name, detail=detail))
    return KGError(Errors.E011.format(path=path, detail=exc))


def load_shards(paths, store: ox.Store | None = None) -> ox.Store:
    """N-Quads shards loaded into ``store`` (a new in-memory one if None): their union."""
    store = ox.Store() if store is None else store
    for path in paths:
        load_into(store, path)
    return store


def open_graph(path: str | os.PathLike) -> ox.Store:
    """A store folder opened read-only, a build folder's shards or an RDF file loaded into an
    in-memory store.

    Raises
    ------
    KGError
        ``E001`` when the path does not exist, ``E202`` for a folder that is not a store,
        ``E100`` for a file kg does not read, ``E101`` for a syntax error (with the line).
    """
    source = _graph_source(path)
    if is_build_folder(source):
        return load_into(ox.Store(), source)
    if source.is_dir():
        return open_store(source, read_only=True)
    return load_into(ox.Store(), source)


def _graph_source(path: str | os.PathLike) -> Path:
    """GRAPH, checked: it exists, and a folder is a store or a build folder."""
    source = Path(path)
    if not source.exists():
        raise KGError(Errors.E001.format(path=path))
    if source.is_dir() and not is_build_folder(source) and not is_store(source):
        inside = source / "graph.ttl"
        hint = f" Did you mean {inside}?" if inside.is_file() else ""
        raise KGError(Errors.E202.format(path=path, hint=hint))
    return source


def quad_batches(path: str | os.PathLike) -> Iterator[Iterator[ox.Quad]]:
    """GRAPH's quads, streamed: a batch for each file (a build folder's shards one by one), or,
    for a store folder, for each of its graphs. A kg statement's quads are all in one batch;
    nothing is held but the batch being read. Errors as :func:`open_graph`'s, raised as the
    batches are read.

    >>> sum(1 for batch in quad_batches("output/graph.ttl") for quad in batch) > 100
    True
    """
    source = _graph_source(path)
    if is_build_folder(source):
        yield from shard_batches(read_manifest(source).shards)
    elif source.is_dir():
        store = open_store(source, read_only=True)
        for graph in [ox.DefaultGraph(), *store.named_graphs()]:
            yield store.quads_for_pattern(None, None, None, graph)
    else:
        yield _parsed(source)


def shard_batches(paths: Iterable[str | os.PathLike]) -> Iterator[Iterator[ox.Quad]]:
    """The quads of each of these RDF files (a cluster build's shards), a batch for each."""
    for path in paths:
        yield _parsed(path)


def _parsed(path: str | os.PathLike) -> Iterator[ox.Quad]:
    fmt = rdf_format(path)
    try:
        yield from ox.parse(path=str(path), format=fmt)
    except (SyntaxError, OSError, ValueError) as exc:
        raise _unreadable(path, fmt, exc) from exc


def load_graph(path: str | os.PathLike) -> Graph:
    """GRAPH (a file or a store folder) as an rdflib graph: the union of its graphs.

    Raises
    ------
    KGError
        :func:`open_graph`'s errors, and ``E129`` for a graph with RDF 1.2 triple terms, for
        which rdflib has no term.
    """
    store = open_graph(path)
    try:
        return to_rdflib(store)
    except TypeError as exc:  # from_oxigraph: a term that is none of rdflib's
        count = sum(1 for quad in store if isinstance(quad.subject, ox.Triple) or isinstance(quad.object, ox.Triple))
        if not count:
            raise
        raise KGError(Errors.E129.format(path=path, count=count)) from exc


def to_rdflib(store: ox.Store) -> Graph:
    """The union of every graph in ``store`` as an rdflib graph, with kg's prefixes bound."""
    graph = Graph(bind_namespaces="none")
    for prefix, namespace in kg_prefixes(store).items():
        graph.bind(prefix, namespace, override=True, replace=True)
    for quad in store:
        graph.add((from_oxigraph(quad.subject), from_oxigraph(quad.predicate), from_oxigraph(quad.object)))
    return graph


def detect_base(store: ox.Store) -> str:
    """The base IRI the data was built with, read off an article IRI ({base}article/{id})."""
    query = f"SELECT ?a WHERE {{ ?a a <{SCHEMA.NewsArticle}> }} LIMIT 1"
    for row in cast(ox.QuerySolutions, store.query(query, use_default_graph_as_union=True)):  # a SELECT's answer
        iri = row["a"].value
        if "article/" in iri:
            base = iri.rsplit("article/", 1)[0]
            try:
                return check_base(base)
            except KGError:
                break
    return DEFAULT_BASE


def kg_prefixes(store: ox.Store | None = None, *, base: str | None = None) -> dict[str, str]:
    """The prefixes a kg graph binds (kg:, schema:, person: ...), for ``base`` or else the base
    IRI of the data in ``store``."""
    if base is None:
        base = detect_base(store) if store is not None else DEFAULT_BASE
    graph = new_graph(Minter(base), load_ontology())
    return {prefix: str(ns) for prefix, ns in graph.namespaces() if prefix}
