"""SPARQL over a kg dataset with pyoxigraph: run a query, cap it, serialize the answer.

``kg query``, ``kg serve`` and the notebook share this module, so a query gives the same answer
from the command line, over HTTP and in Python (:func:`select`). The default graph of a query is the union of all graphs
(entities and vocabulary plus every article graph), unless the query or the protocol
request names its dataset.
"""

from __future__ import annotations

import json
from itertools import islice
import os
from typing import Iterable, Union, cast

import pyoxigraph as ox
from rdflib.namespace import XSD

from rdflib import Graph

from ..errors import Errors, KGError
from ..rdf.terms import to_quads
from .load import kg_prefixes, open_graph

__all__ = ["RESULT_FORMATS", "GRAPH_FORMATS", "Result", "execute", "select", "serialize_result", "display",
           "solutions_json"]

Result = Union[ox.QuerySolutions, ox.QueryBoolean, ox.QueryTriples]

RESULT_FORMATS: dict[str, ox.QueryResultsFormat] = {
    "json": ox.QueryResultsFormat.JSON,
    "xml": ox.QueryResultsFormat.XML,
    "csv": ox.QueryResultsFormat.CSV,
    "tsv": ox.QueryResultsFormat.TSV,
}
"""Formats for SELECT and ASK results (SPARQL 1.1 Query Results JSON/XML/CSV/TSV)."""

GRAPH_FORMATS: dict[str, ox.RdfFormat] = {
    "ttl": ox.RdfFormat.TURTLE,
    "nt": ox.RdfFormat.N_TRIPLES,
    "jsonld": ox.RdfFormat.JSON_LD,
    "rdfxml": ox.RdfFormat.RDF_XML,
}
"""Formats for CONSTRUCT and DESCRIBE results."""

_XSD_STRING = str(XSD.string)


def execute(store: ox.Store, query: str, *, prefixes: dict[str, str] | None = None,
            default_graph: list[str] | None = None, named_graphs: list[str] | None = None) -> Result:
    """Run ``query``. Without ``default_graph`` the default graph is the union of all graphs."""
    options: dict = {"prefixes": prefixes or {}}
    try:
        if default_graph:
            options["default_graph"] = [ox.NamedNode(iri) for iri in default_graph]
        else:
            options["use_default_graph_as_union"] = True
        if named_graphs:
            options["named_graphs"] = [ox.NamedNode(iri) for iri in named_graphs]
    except ValueError as exc:
        raise KGError(Errors.E010.format(detail=f"a dataset graph is not an absolute IRI ({exc})")) from exc
    try:
        return store.query(query, **options)
    except SyntaxError as exc:
        raise KGError(Errors.E010.format(detail=exc)) from exc
    except (OSError, ValueError) as exc:
        raise KGError(Errors.E116.format(detail=exc)) from exc


def select(graph: "ox.Store | Graph | str | os.PathLike", query: str) -> list[dict[str, str | None]]:
    """The rows of a SELECT query as dicts of plain strings (None where a variable is unbound),
    with kg's prefixes predeclared. ``graph`` is a store, an rdflib graph (a build's result) or
    anything :func:`open_graph` reads.

    >>> rows = select("output/graph.ttl", "SELECT ?name WHERE { person:elon-musk rdfs:label ?name }")
    >>> rows
    [{'name': 'Elon Musk'}]
    """
    if isinstance(graph, Graph):
        store = ox.Store()
        store.extend(to_quads(graph, ox.DefaultGraph()))
    else:
        store = graph if isinstance(graph, ox.Store) else open_graph(graph)
    result = execute(store, query, prefixes=kg_prefixes(store))
    if not isinstance(result, ox.QuerySolutions):
        raise KGError(Errors.E010.format(detail="select() runs SELECT queries; use execute() for the others"))
    names = [v.value for v in result.variables]
    return [{name: None if row[name] is None else row[name].value for name in names} for row in result]


def _term_json(term) -> dict:
    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": term.value}
    if isinstance(term, ox.Literal):
        out = {"type": "literal", "value": term.value}
        if term.language:
            out["xml:lang"] = term.language
        elif term.datatype.value != _XSD_STRING:
            out["datatype"] = term.datatype.value
        return out
    if isinstance(term, ox.Triple):
        return {"type": "triple", "value": {"subject": _term_json(term.subject),
                                            "predicate": _term_json(term.predicate),
                                            "object": _term_json(term.object)}}
    raise TypeError(f"not an RDF term: {term!r}")


def solutions_json(variables: list[str], rows: Iterable[ox.QuerySolution]) -> bytes:
    """SPARQL 1.1 JSON results for some of a query's solutions (pyoxigraph serializes only
    whole result sets, and a capped answer is a prefix of one)."""
    bindings = []
    for row in rows:
        bindings.append({name: _term_json(row[name]) for name in variables if row[name] is not None})
    doc = {"head": {"vars": variables}, "results": {"bindings": bindings}}
    return json.dumps(doc, ensure_ascii=False).encode("utf-8")


def serialize_result(result: Result, fmt: str, *, cap: int | None = None,
                     prefixes: dict[str, str] | None = None) -> tuple[bytes, bool]:
    """The answer in ``fmt`` (a key of RESULT_FORMATS or GRAPH_FORMATS) and whether ``cap``
    cut it. Without a cap, pyoxigraph streams the whole result."""
    # The casts: given no output, pyoxigraph's serialize returns the bytes.
    if isinstance(result, ox.QueryTriples):
        graph_format, graph_prefixes = GRAPH_FORMATS[fmt], prefixes if fmt == "ttl" else None
        if cap is None:
            return cast(bytes, ox.serialize(result, format=graph_format, prefixes=graph_prefixes)), False
        triples = list(islice(result, cap + 1))
        data = cast(bytes, ox.serialize(triples[:cap], format=graph_format, prefixes=graph_prefixes))
        return data, len(triples) > cap
    target = RESULT_FORMATS[fmt]
    if isinstance(result, ox.QueryBoolean) or cap is None:
        return cast(bytes, result.serialize(format=target)), False
    variables = [v.value for v in result.variables]
    rows = list(islice(result, cap + 1))
    cut = len(rows) > cap
    data = solutions_json(variables, rows[:cap])
    if target != ox.QueryResultsFormat.JSON:
        data = cast(bytes, ox.parse_query_results(data, format=ox.QueryResultsFormat.JSON).serialize(format=target))
    return data, cut


def display(term, prefixes: dict[str, str]) -> str:
    """A term as a person reads it in a table: labels as text, IRIs as prefixed names."""
    if term is None:
        return ""
    if isinstance(term, ox.NamedNode):
        best = max((ns for ns in prefixes.values() if term.value.startswith(ns)), key=len, default=None)
        if best is not None:
            local = term.value[len(best):]
            prefix = next(p for p, ns in prefixes.items() if ns == best)
            if local and all(ch.isalnum() or ch in "-_." for ch in local):
                return f"{prefix}:{local}"
        return term.value
    if isinstance(term, ox.Literal):
        return term.value
    return str(term)
