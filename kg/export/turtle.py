"""Turtle output: explicit prefixes, no blank nodes, byte-identical for the same input."""

from __future__ import annotations

import os
from pathlib import Path

from rdflib import Graph

from . import write_atomic

__all__ = ["serialize_turtle", "write_turtle"]


def serialize_turtle(graph: Graph) -> bytes:
    """rdflib's Turtle serializer orders subjects and predicates, so the output is stable."""
    return graph.serialize(format="turtle", encoding="utf-8")


def write_turtle(graph: Graph, path: str | os.PathLike) -> Path:
    return write_atomic(path, serialize_turtle(graph))
