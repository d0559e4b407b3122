"""An interactive HTML network of a kg graph, made with pyvis, that works offline.

pyvis's own template loads bootstrap from a CDN even in ``in_line`` mode, so the page is
rendered with kg's template (``kg/viz/template.html``), which inlines vis-network from the
pyvis package and links nothing. Every text shown (labels, tooltips) is data, inserted
as text by vis-network, never as HTML.
"""

from __future__ import annotations

import os
from collections import defaultdict
from pathlib import Path

import jinja2
import networkx as nx
import pyvis
from pyvis.network import Network
from rdflib import Graph

from ..analytics import to_networkx
from ..export import write_atomic

__all__ = ["PALETTE", "render_html", "write_html", "network_data"]

PALETTE = {
    "Person": "#4e79a7",
    "Organization": "#f28e2b",
    "Place": "#59a14f",
    "Product": "#e15759",
    "Event": "#b07aa1",
    "CreativeWork": "#9c755f",
    "Group": "#76b7b2",
    "Law": "#edc948",
    "Language": "#bab0ac",
}
_OTHER = "#999999"
_MAX_EVIDENCE = 5


def _node_title(data: dict) -> str:
    lines = [data["label"], data["type"]]
    if data.get("aliases"):
        lines.append("Also: " + ", ".join(data["aliases"]))
    if data.get("articles"):
        lines.append(f"Mentioned in {data['articles']} article(s)")
    return "\n".join(lines)


def _evidence_line(edge: dict) -> str:
    source = ", ".join(x for x in (edge.get("title"), edge.get("date"), edge.get("source")) if x)
    flags = []
    if edge.get("negated"):
        flags.append("negated")
    if edge.get("claimed_by") is not None or not edge.get("asserted", True):
        flags.append("claim" if edge.get("claimed_by") else "not asserted")
    if edge.get("modality"):
        flags.append(edge["modality"])
    flag = f" [{', '.join(flags)}]" if flags else ""
    return f"\u201c{edge['sentence']}\u201d{flag}\n  \u2014 {source or edge.get('article') or ''}"


def network_data(g: nx.MultiDiGraph) -> tuple[list[dict], list[dict]]:
    """vis-network nodes and edges: one edge per (subject, predicate, object) with its evidence."""
    groups: dict[tuple[str, str, str], list[dict]] = defaultdict(list)
    for s, o, data in g.edges(data=True):
        groups[(s, data["predicate"], o)].append(data)
    net = Network(directed=True, cdn_resources="in_line")
    for node, data in sorted(g.nodes(data=True)):
        net.add_node(node, label=data["label"], title=_node_title(data), kgType=data["type"],
                     color=PALETTE.get(data["type"], _OTHER), value=max(1, g.degree(node)),
                     shape="dot")
    for (s, predicate, o), evidence in sorted(groups.items()):
        asserted = any(e.get("asserted") for e in evidence)
        negated = all(e.get("negated") for e in evidence)
        label = evidence[0]["label"]
        head = f"{g.nodes[s]['label']} \u2014 {'NOT ' if negated else ''}{label} \u2014 {g.nodes[o]['label']}"
        lines = [_evidence_line(e) for e in sorted(evidence, key=lambda e: -e["confidence"])[:_MAX_EVIDENCE]]
        if len(evidence) > _MAX_EVIDENCE:
            lines.append(f"... and {len(evidence) - _MAX_EVIDENCE} more")
        net.add_edge(s, o, label=("not " if negated else "") + label, title="\n\n".join([head, *lines]),
                     dashes=not asserted, color="#c0392b" if negated else "#777777",
                     predicate=predicate, width=min(6, len(evidence)))
    nodes, edges, *_ = net.get_network_data()
    return nodes, edges


def _environment() -> jinja2.Environment:
    pyvis_templates = Path(pyvis.__file__).parent / "templates"
    return jinja2.Environment(loader=jinja2.FileSystemLoader([str(Path(__file__).parent), str(pyvis_templates)]),
                              autoescape=jinja2.select_autoescape(["html"]))


def render_html(graph: Graph, heading: str = "kg: knowledge graph") -> str:
    g = to_networkx(graph)
    nodes, edges = network_data(g)
    types = sorted({n["kgType"] for n in nodes})
    legend = [{"label": t, "color": PALETTE.get(t, _OTHER)} for t in types]
    options = {
        "edges": {"arrows": {"to": {"enabled": True, "scaleFactor": 0.5}}, "font": {"size": 10, "align": "middle"},
                  "smooth": {"type": "dynamic"}},
        "nodes": {"font": {"size": 14}, "scaling": {"min": 8, "max": 30}},
        "physics": {"enabled": True, "solver": "forceAtlas2Based",
                    "stabilization": {"enabled": True, "iterations": 200}},
        "interaction": {"hover": True, "tooltipDelay": 150},
    }
    template = _environment().get_template("template.html")
    return template.render(heading=heading, nodes=nodes, edges=edges, legend=legend, options=options,
                           width="100%", height="calc(100vh - 60px)", bgcolor="#ffffff")


def write_html(graph: Graph, path: str | os.PathLike, heading: str = "kg: knowledge graph") -> Path:
    return write_atomic(path, render_html(graph, heading).encode("utf-8"))
