"""SHACL validation of a kg graph against ``ontology/shapes.ttl``, with pyshacl.

The ontology is passed as pyshacl's ontology graph: it is mixed into a copy of the data, so
that ``sh:targetClass kg:Entity`` reaches every ``kg:Person`` and a curated predicate's
super-properties are known even when the data does not repeat them.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from pyshacl import validate as shacl_validate
from rdflib import RDF, Graph, Literal, Namespace, URIRef
from rdflib.term import Node

from ..errors import Errors, KGError
from ..ontology import load_ontology, shapes_path

__all__ = ["Violation", "Report", "load_shapes", "validate_graph"]

SH = Namespace("http://www.w3.org/ns/shacl#")


@dataclass(frozen=True, order=True)
class Violation:
    """One SHACL result, in the terms a person reads."""

    focus: str
    path: str
    message: str
    value: str
    severity: str
    shape: str

    def format(self) -> str:
        value = f" (value: {self.value})" if self.value else ""
        path = f" {self.path}" if self.path else ""
        return f"{self.severity}: {self.focus}{path}: {self.message}{value}"


@dataclass
class Report:
    conforms: bool
    violations: list[Violation]


@lru_cache(maxsize=None)
def load_shapes(path: str | None = None) -> Graph:
    source = Path(path) if path else shapes_path()
    graph = Graph(bind_namespaces="none")
    try:
        graph.parse(source, format="turtle")
    except Exception as exc:  # rdflib raises several parser exception types, and OSError
        raise KGError(Errors.E105.format(path=source, detail=exc)) from exc
    return graph


def _short(term: Node | None, graph: Graph) -> str:
    if term is None:
        return ""
    if isinstance(term, URIRef):
        try:
            return graph.namespace_manager.normalizeUri(term)
        except Exception:  # a term no prefix covers
            return f"<{term}>"
    if isinstance(term, Literal):
        text = str(term)
        return repr(text if len(text) <= 80 else text[:77] + "...")
    return str(term)


def validate_graph(graph: Graph, shapes: Graph | None = None) -> Report:
    """Validate ``graph``; every SHACL result (violation, warning or info) is reported."""
    shapes = shapes if shapes is not None else load_shapes()
    conforms, results, _ = shacl_validate(graph, shacl_graph=shapes, ont_graph=load_ontology().graph,
                                          inference="none", advanced=True, allow_warnings=False)
    violations = []
    for result in results.subjects(RDF.type, SH.ValidationResult):
        severity = results.value(result, SH.resultSeverity)
        violations.append(Violation(
            focus=_short(results.value(result, SH.focusNode), graph),
            path=_short(results.value(result, SH.resultPath), graph),
            message=str(results.value(result, SH.resultMessage) or ""),
            value=_short(results.value(result, SH.value), graph),
            severity=str(severity).rsplit("#", 1)[-1] if severity else "Violation",
            shape=_short(results.value(result, SH.sourceShape), graph),
        ))
    return Report(bool(conforms), sorted(violations))
