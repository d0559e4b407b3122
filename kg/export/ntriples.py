"""N-Triples output: one triple per line, lines sorted, for any size.

N-Triples is the format to stream into any triple store (GraphDB, Fuseki, Virtuoso's bulk
loader): no prefixes, no state, splittable at any line. rdflib's N-Triples writer is linear;
sorting its lines makes the file independent of rdflib's (hash-based) iteration order.
"""

from __future__ import annotations

import os
from pathlib import Path

from rdflib import Graph

from . import atomic_output
from .base import Exportable

__all__ = ["serialize_ntriples", "write_ntriples"]


def serialize_ntriples(graph: Graph | Exportable) -> bytes:
    return Exportable.of(graph).ntriples


def write_ntriples(graph: Graph | Exportable, path: str | os.PathLike) -> Path:
    with atomic_output(path) as handle:
        handle.writelines(Exportable.of(graph).ntriples_chunks())
    return Path(path)
