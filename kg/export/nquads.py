"""N-Quads output: N-Triples with a fourth term, the article graph (see named_graphs).

Entity and vocabulary triples have no fourth term: they are in the default graph.
"""

from __future__ import annotations

import os
from pathlib import Path

from rdflib import Graph

from . import atomic_output
from .base import Exportable

__all__ = ["serialize_nquads", "write_nquads"]


def serialize_nquads(graph: Graph | Exportable) -> bytes:
    return Exportable.of(graph).nquads


def write_nquads(graph: Graph | Exportable, path: str | os.PathLike) -> Path:
    with atomic_output(path) as handle:
        handle.writelines(Exportable.of(graph).nquads_chunks())
    return Path(path)
