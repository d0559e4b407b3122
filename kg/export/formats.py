"""The RDF formats ``kg build --format`` writes, by name, and writing several at once."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Callable, Iterable

from rdflib import Graph

from ..defaults import RDF_OUTPUT_FORMATS
from ..errors import Errors, KGError
from .base import FAST_THRESHOLD, Exportable
from .jsonld import write_jsonld
from .nquads import write_nquads
from .ntriples import write_ntriples
from .trig import write_trig
from .turtle import write_turtle

__all__ = ["FORMATS", "DEFAULT_FORMATS", "parse_formats", "write_formats"]

Writer = Callable[[Exportable, "str | os.PathLike"], Path]

FORMATS: dict[str, Writer] = {
    "ttl": write_turtle,
    "nt": write_ntriples,
    "nq": write_nquads,
    "trig": write_trig,
    "jsonld": write_jsonld,
}
"""Format name -> writer. The name is also the file extension: ``graph.<name>``."""

DEFAULT_FORMATS = ("ttl",)


def parse_formats(spec: str) -> tuple[str, ...]:
    """'ttl,nt' -> ('ttl', 'nt'); unknown names are a usage error."""
    names = tuple(dict.fromkeys(part.strip().lower() for part in spec.split(",") if part.strip()))
    for name in names:
        if name not in RDF_OUTPUT_FORMATS:
            raise KGError(Errors.E103.format(fmt=name, choices=", ".join(RDF_OUTPUT_FORMATS)))
    return names or DEFAULT_FORMATS


def write_formats(graph: Graph | Exportable, outdir: str | os.PathLike, formats: Iterable[str], *,
                  stem: str = "graph", threshold: int = FAST_THRESHOLD) -> list[Path]:
    """Write ``outdir/<stem>.<format>`` for each format; the fast-path forms are shared."""
    source = graph if isinstance(graph, Exportable) else Exportable(graph, threshold)
    formats = list(formats)
    # A text that several formats read is made once, whole, rather than in pieces for each.
    if len(_FROM_NTRIPLES.intersection(formats)) > 1 and source.big:
        source.ntriples
    if len(_FROM_NQUADS.intersection(formats)) > 1:
        source.nquads
    return [FORMATS[name](source, Path(outdir) / f"{stem}.{name}") for name in formats]


_FROM_NTRIPLES = {"ttl", "nt", "jsonld"}
"""The formats written from the graph's N-Triples text (a big graph's Turtle and JSON-LD are
pyoxigraph's, parsed from it)."""

_FROM_NQUADS = {"nq", "trig"}
"""The formats written from the graph's N-Quads text (TriG is pyoxigraph's, parsed from it)."""
