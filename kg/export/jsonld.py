"""JSON-LD output with an ``@context`` that declares the graph's prefixes.

A small graph is compacted by rdflib (``"@id": "person:elon-musk"``, ``"kg:confidence"``);
a big one is written by pyoxigraph in expanded form inside the same ``@context``, because
rdflib's compaction does not scale. Both parse to the same triples.
"""

from __future__ import annotations

import io
import json
import os
from pathlib import Path
from typing import BinaryIO

import pyoxigraph as ox
from rdflib import Graph

from . import atomic_output
from .base import Exportable

__all__ = ["serialize_jsonld", "write_jsonld"]


def serialize_jsonld(graph: Graph | Exportable) -> bytes:
    source = Exportable.of(graph)
    if not source.big:
        compact = json.loads(source.graph.serialize(format="json-ld", context=source.prefixes,
                                                    auto_compact=True))
        return (json.dumps(_stable(compact), ensure_ascii=False, indent=1, sort_keys=True) + "\n").encode("utf-8")
    buffer = io.BytesIO()
    _write_expanded(source, buffer)
    return buffer.getvalue()


def _stable(node):
    """rdflib emits nodes and values in hash order; JSON-LD arrays are sets (kg writes no
    rdf:List), so sorting them makes the file byte-identical between runs."""
    if isinstance(node, dict):
        return {key: _stable(value) for key, value in node.items()}
    if isinstance(node, list):
        items = [_stable(item) for item in node]
        return sorted(items, key=lambda item: json.dumps(item, sort_keys=True, ensure_ascii=False))
    return node


def _write_expanded(source: Exportable, output: BinaryIO) -> None:
    """pyoxigraph's expanded JSON-LD, a top-level array of expanded node objects, inside an
    @context, which does not change their meaning (every key is a full IRI or a keyword); written
    as pyoxigraph makes it, so that a million triples' JSON-LD is not held whole (591 bytes a quad
    at the peak, with it, in bench/folder_memory.py)."""
    context = json.dumps({"@context": source.prefixes}, ensure_ascii=False)
    output.write(context[:-1].encode("utf-8") + b', "@graph": ')
    ox.serialize(source.triples(), output, format=ox.RdfFormat.JSON_LD)
    output.write(b"}\n")


def write_jsonld(graph: Graph | Exportable, path: str | os.PathLike) -> Path:
    source = Exportable.of(graph)
    with atomic_output(path) as handle:
        if source.big:
            _write_expanded(source, handle)
        else:
            handle.write(serialize_jsonld(source))
    return Path(path)
