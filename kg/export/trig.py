"""TriG output: Turtle with named graphs, one per article (see named_graphs).

The default graph (entities and vocabulary) comes first, then each article's graph, named
by the article's IRI; pyoxigraph writes it, for any size.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import cast

import pyoxigraph as ox
from rdflib import Graph

from . import atomic_output
from .base import Exportable

__all__ = ["serialize_trig", "write_trig"]


def serialize_trig(graph: Graph | Exportable) -> bytes:
    source = Exportable.of(graph)
    # No output given: pyoxigraph returns the bytes.
    return cast(bytes, ox.serialize(source.quads(), format=ox.RdfFormat.TRIG, prefixes=source.prefixes))


def write_trig(graph: Graph | Exportable, path: str | os.PathLike) -> Path:
    source = Exportable.of(graph)
    with atomic_output(path) as handle:
        ox.serialize(source.quads(), handle, format=ox.RdfFormat.TRIG, prefixes=source.prefixes)
    return Path(path)
