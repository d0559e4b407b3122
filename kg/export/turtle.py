"""Turtle output: explicit prefixes, no blank nodes, byte-identical for the same input.

A small graph goes through rdflib's serializer (subjects sorted, objects grouped); a big one
(see :mod:`kg.export.base`) through pyoxigraph's streaming serializer, in sorted order.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import cast

import pyoxigraph as ox
from rdflib import Graph

from . import atomic_output
from .base import Exportable

__all__ = ["serialize_turtle", "write_turtle"]


def serialize_turtle(graph: Graph | Exportable) -> bytes:
    source = Exportable.of(graph)
    if not source.big:
        return source.graph.serialize(format="turtle", encoding="utf-8")
    # No output given: pyoxigraph returns the bytes.
    return cast(bytes, ox.serialize(source.triples(), format=ox.RdfFormat.TURTLE, prefixes=source.prefixes))


def write_turtle(graph: Graph | Exportable, path: str | os.PathLike) -> Path:
    source = Exportable.of(graph)
    with atomic_output(path) as handle:
        if source.big:
            ox.serialize(source.triples(), handle, format=ox.RdfFormat.TURTLE, prefixes=source.prefixes)
        else:
            handle.write(serialize_turtle(source))
    return Path(path)
