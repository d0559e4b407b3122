"""Network files for Gephi, Cytoscape and D3: GraphML, GEXF, node-link JSON and Cytoscape.js JSON.

The graph is :func:`kg.to_networkx`'s: one edge per evidence statement, keyed by the statement
IRI, with every attribute. GraphML and GEXF only hold scalars, and networkx refuses lists,
dicts and ``None`` (networkx #3663, #878), so for those formats lists and dicts become JSON
strings (``aliases`` reads ``["Musk"]``) and missing values are left out. The JSON formats
keep the values as they are.
"""

from __future__ import annotations

import io
import json
import os
from pathlib import Path
from typing import Any, Callable

import networkx as nx

from ..defaults import NETWORK_FORMAT_SUFFIXES
from . import write_atomic

__all__ = ["NETWORK_FORMATS", "SUFFIXES", "scalar_attributes", "serialize_network", "write_network"]

_SCALARS = (str, int, float, bool)


def _scalar(value: Any) -> Any:
    if isinstance(value, _SCALARS):
        return value
    return json.dumps(value, ensure_ascii=False, sort_keys=True, default=str)


def _clean(data: dict) -> dict:
    return {k: _scalar(v) for k, v in data.items() if v is not None}


def scalar_attributes(g: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """A copy of ``g`` whose graph, node and edge attributes are all str, int, float or bool."""
    out = nx.MultiDiGraph(**_clean(g.graph))
    out.add_nodes_from((n, _clean(d)) for n, d in g.nodes(data=True))
    out.add_edges_from((s, o, k, _clean(d)) for s, o, k, d in g.edges(keys=True, data=True))
    return out


def _xml(writer: Callable, g: nx.MultiDiGraph) -> bytes:
    buffer = io.BytesIO()
    writer(g, buffer, encoding="utf-8", prettyprint=True)
    return buffer.getvalue()


def _graphml(g: nx.MultiDiGraph) -> bytes:
    return _xml(nx.write_graphml, scalar_attributes(g))


def _gexf(g: nx.MultiDiGraph) -> bytes:
    flat = scalar_attributes(g)
    # GEXF numbers edges itself unless they carry an id: keep the statement IRI.
    for *_, key, data in flat.edges(keys=True, data=True):
        data["id"] = key
    return _xml(nx.write_gexf, flat)


def _dump(value: Any) -> bytes:
    return json.dumps(value, ensure_ascii=False, indent=1, sort_keys=True).encode("utf-8") + b"\n"


def _node_link(g: nx.MultiDiGraph) -> bytes:
    return _dump(nx.node_link_data(g, edges="edges"))


def _cytoscape(g: nx.MultiDiGraph) -> bytes:
    data = nx.cytoscape_data(g, name="label")
    # Cytoscape.js needs an id on every edge to keep parallel edges apart: the statement IRI.
    for edge in data["elements"]["edges"]:
        edge["data"]["id"] = edge["data"]["key"]
    return _dump(data)


NETWORK_FORMATS: dict[str, Callable[[nx.MultiDiGraph], bytes]] = {
    "graphml": _graphml,
    "gexf": _gexf,
    "json": _node_link,
    "cyjs": _cytoscape,
}
SUFFIXES = NETWORK_FORMAT_SUFFIXES


def serialize_network(g: nx.MultiDiGraph, fmt: str) -> bytes:
    """``g`` in one of :data:`NETWORK_FORMATS`: ``graphml``, ``gexf``, ``json`` (networkx
    node-link, also read by D3) or ``cyjs`` (Cytoscape.js, which Cytoscape desktop imports)."""
    return NETWORK_FORMATS[fmt](g)


def write_network(g: nx.MultiDiGraph, path: str | os.PathLike, fmt: str) -> Path:
    return write_atomic(path, serialize_network(g, fmt))
