"""N-Triples output: canonical N-Triples (pyoxigraph's writer), one line per triple, sorted.

N-Triples is the format to stream into any triple store (GraphDB, Fuseki, Virtuoso's bulk
loader): no prefixes, no state, splittable at any line.
"""

from __future__ import annotations

import os
from pathlib import Path

import pyoxigraph as ox
from rdflib import Graph

from . import atomic_output
from .base import Exportable

__all__ = ["serialize_ntriples", "write_ntriples"]


def serialize_ntriples(graph: Graph | Exportable) -> bytes:
    return ox.serialize(Exportable.of(graph).triples(), format=ox.RdfFormat.N_TRIPLES)


def write_ntriples(graph: Graph | Exportable, path: str | os.PathLike) -> Path:
    with atomic_output(path) as handle:
        ox.serialize(Exportable.of(graph).triples(), handle, format=ox.RdfFormat.N_TRIPLES)
    return Path(path)
