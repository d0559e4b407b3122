"""SPARQL over a kg graph."""

from __future__ import annotations

from pathlib import Path

from rdflib import Graph
from rdflib.query import Result

from .errors import Errors, KGError

__all__ = ["load_graph", "run_query"]


def load_graph(path: str | Path) -> Graph:
    source = Path(path)
    if not source.exists():
        raise KGError(Errors.E001.format(path=path))
    graph = Graph(bind_namespaces="none")
    try:
        graph.parse(source, format="turtle")
    except Exception as exc:  # rdflib raises several parser exception types
        raise KGError(Errors.E011.format(path=path, detail=str(exc).splitlines()[0] if str(exc) else exc)) from exc
    return graph


def run_query(graph: Graph, query: str) -> Result:
    """Run ``query``; the prefixes the graph binds (kg:, schema:, person: ...) are predeclared."""
    namespaces = {prefix: ns for prefix, ns in graph.namespaces()}
    try:
        return graph.query(query, initNs=namespaces)
    except Exception as exc:  # pyparsing and rdflib errors for bad queries
        raise KGError(Errors.E010.format(detail=str(exc).splitlines()[0] if str(exc) else exc)) from exc
