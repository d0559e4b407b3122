"""Open the graph a command reads: ``kg viz``, ``kg stats`` and ``kg export`` take GRAPH here.

A source is an RDF file (Turtle as written by ``kg build``, or any single-graph syntax rdflib
knows by its suffix: ``.nt``, ``.n3``, ``.rdf``/``.xml``, ``.jsonld``) or a store folder written
by ``kg build --store DIR``, read as the union of its graphs.
"""

from __future__ import annotations

import os
from pathlib import Path

from rdflib import Graph
from rdflib.util import guess_format

from .dataset import to_rdflib
from .errors import Errors, KGError
from .store import is_store, open_store

__all__ = ["load_source", "SINGLE_GRAPH_FORMATS"]

SINGLE_GRAPH_FORMATS = ("turtle", "nt", "n3", "xml", "json-ld")


def load_source(path: str | os.PathLike) -> Graph:
    """Read GRAPH into an rdflib graph.

    Raises
    ------
    KGError
        ``E001`` when the path does not exist, ``E202`` for a folder that is not a store,
        ``E011`` when the file is not valid RDF (the message names the file and the parser's
        complaint).
    """
    source = Path(path)
    if not source.exists():
        raise KGError(Errors.E001.format(path=path))
    if source.is_dir():
        if is_store(source):
            return to_rdflib(open_store(source, read_only=True))
        inside = source / "graph.ttl"
        hint = f" Did you mean {inside}?" if inside.is_file() else ""
        raise KGError(Errors.E202.format(path=path, hint=hint))
    fmt = guess_format(source.name)
    fmt = fmt if fmt in SINGLE_GRAPH_FORMATS else "turtle"
    graph = Graph(bind_namespaces="none")
    try:
        graph.parse(source, format=fmt)
    except Exception as exc:  # rdflib raises several parser exception types
        detail = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise KGError(Errors.E011.format(path=path, detail=detail)) from exc
    return graph
