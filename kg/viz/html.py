"""An interactive HTML network of a kg graph: one self-contained UTF-8 file that works offline.

The page uses vis-network 9.1.2 from the pyvis package, inlined. It is rendered with kg's
own Jinja template (``template.html``, ``app.js``, ``app.css``) rather than pyvis's: pyvis's
template loads bootstrap from a CDN even in ``in_line`` mode, and its ``add_node``/``add_edge``
check membership in lists, which is quadratic on big graphs (pyvis #301, #304). So kg builds
the vis-network node and edge lists itself from a networkx graph that is already
deduplicated (one drawn edge per subject, predicate, object and polarity).

Besides the network, the data holds what the side panel and the filters need: the Louvain
communities (:func:`community_data`) named by their top entities, the articles with their dates
and sources, each entity's articles, and each statement's sentence with the offsets of its
subject and object. A page of more than :data:`CORPUS_ARTICLES` articles opens on the related
entities, coloured by community. The page's script lays out again what a filter leaves, draws
the names and relation labels itself (so that they stay readable and never overlap), and
collapses communities with vis-network's clustering.

All the data goes into the page as JSON in a ``<script type="application/json">`` element
(with ``<``, ``>``, ``&`` escaped), and the page's script puts every string into the DOM
as text (``textContent``), never as HTML: an article that contains markup shows the
markup, it does not run it.
"""

from __future__ import annotations

import importlib.util
import math
import os
from functools import lru_cache
from pathlib import Path
from typing import Any, Iterable, cast

import jinja2
import networkx as nx
from rdflib import Graph

from ..defaults import DEFAULT_MAX_NODES
from ..analytics import KINDS, communities, entity_graph, pagerank, relation_groups, to_networkx
from ..export import write_atomic
from .layout import packed_layout
from .select import View, select_view

__all__ = ["PALETTE", "SHAPES", "COMMUNITY_PALETTE", "KIND_STYLE", "DEFAULT_MAX_NODES", "LAYOUT_THRESHOLD",
           "CORPUS_ARTICLES", "network_data", "community_data", "page_data", "render_html", "render_network",
           "render_page", "write_html", "write_network"]

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
#: The node shape of each type, so that colour can show the community.
SHAPES = {"Person": "dot", "Organization": "square", "Place": "triangle", "Product": "diamond", "Event": "star",
          "CreativeWork": "triangleDown", "Group": "hexagon"}
#: Colours of the largest communities, in order; smaller ones and pairs share a light grey.
COMMUNITY_PALETTE = ("#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#e377c2", "#17becf",
                     "#bcbd22", "#393b79", "#ad494a", "#637939")
_MINOR_COMMUNITY = "#bdbdbd"
_NO_COMMUNITY = "#d9d9d9"
#: A page of more articles than this is a corpus: it opens on the related entities, coloured by community.
CORPUS_ARTICLES = 5
#: How each kind of statement is drawn; the legend of the page shows the same styles.
KIND_STYLE: dict[str, dict[str, Any]] = {
    "fact": {"color": "#6b6b6b", "dashes": False, "label": "fact"},
    "claim": {"color": "#8e44ad", "dashes": [8, 5], "label": "claim (attributed)"},
    "hedged": {"color": "#8a8a8a", "dashes": [2, 4], "label": "hedged (may, reportedly …)"},
    "negated": {"color": "#c0392b", "dashes": [8, 5], "label": "negated"},
    "uncertain": {"color": "#c8c8c8", "dashes": [1, 4], "label": "uncertain (below the confidence kg asserts)"},
}
#: Default for ``--max-nodes``: the size the page is benchmarked at (bench/viz.py).
#: Above this many entities the layout is computed in Python and physics starts switched off.
LAYOUT_THRESHOLD = 300
_NODE_SIZE = (8, 32)
_URL_SCHEMES = ("http://", "https://")


def _node_title(data: dict) -> str:
    lines = [f"{data['label']} ({data['type']})"]
    if data.get("aliases"):
        lines.append("Also: " + ", ".join(data["aliases"]))
    if data.get("articles"):
        lines.append(f"Mentioned in {data['articles']} article{'s' if data['articles'] != 1 else ''}")
    return "\n".join(lines)


def _edge_kind(evidence: list[dict]) -> str:
    """The strongest reading wins: one asserted sentence makes the relation a fact."""
    kinds = {e["kind"] for e in evidence}
    return next(k for k in KINDS if k in kinds)


def _article_table(g: nx.MultiDiGraph, nodes: Iterable[str]) -> tuple[list[dict], dict[str, int]]:
    """The articles that the page's entities and statements come from, oldest first (undated
    last), and the index of each article IRI in that list."""
    known = g.graph.get("articles", {})
    used = {a for n in nodes for a in g.nodes[n].get("mentioned_in", ()) if a in known}
    used.update(a for *_, a in g.edges(data="article") if a)
    rows = []
    for iri in sorted(used, key=lambda a: (known.get(a, {}).get("date") or "~", a)):
        meta = known.get(iri, {})
        url = meta.get("url") or ""
        rows.append({"iri": iri, "id": meta.get("id") or iri.rsplit("/", 1)[-1], "title": meta.get("title"),
                     "date": meta.get("date"), "source": meta.get("source"),
                     "url": url if url.startswith(_URL_SCHEMES) else None})
    return rows, {row["iri"]: i for i, row in enumerate(rows)}


def network_data(g: nx.MultiDiGraph, ranks: dict[str, float] | None = None,
                 positions: dict[str, tuple[float, float]] | None = None) -> dict[str, list[dict]]:
    """vis-network nodes and edges, plus the evidence and article tables the side panel reads.

    One drawn edge per (subject, predicate, object, negated); its ``evidence`` lists indexes
    into ``evidence``, whose ``article`` indexes into ``articles``; a node's ``mentions`` lists
    the articles that mention it.
    """
    ranks = ranks if ranks is not None else pagerank(g)
    simple = entity_graph(g, negated=True)
    top = max(ranks.values(), default=1.0) or 1.0
    articles, article_index = _article_table(g, g.nodes)
    nodes = []
    for node, data in sorted(g.nodes(data=True)):
        item = {"id": node, "label": data["label"], "kgType": data["type"], "aliases": data.get("aliases", []),
                "articles": data.get("articles", 0), "pagerank": round(ranks.get(node, 0.0) / top, 4),
                "degree": simple.degree(node), "title": _node_title(data),
                "mentions": sorted(article_index[a] for a in data.get("mentioned_in", ()) if a in article_index),
                "color": PALETTE.get(data["type"], _OTHER), "shape": SHAPES.get(data["type"], "dot")}
        item["value"] = item["pagerank"]
        if positions is not None:
            item["x"], item["y"] = positions[node]
        nodes.append(item)

    evidence: list[dict] = []
    edges: list[dict] = []
    for (s, predicate, o, negated), group in relation_groups(g).items():
        group = sorted(group, key=lambda e: (-e["confidence"], e.get("date") or "", e["sentence"]))
        refs = []
        for e in group:
            refs.append(len(evidence))
            evidence.append({"sentence": e["sentence"], "article": article_index.get(e.get("article") or "", -1),
                             "kind": e["kind"], "claimedBy": e.get("claimed_by_label"), "modality": e.get("modality"),
                             "relation": e.get("relation"), "confidence": round(e["confidence"], 3),
                             "rule": e.get("rule"), "subjectText": e.get("subject_text"),
                             "objectText": e.get("object_text"),
                             "subjectSpan": _span(e, "subject"), "objectSpan": _span(e, "object")})
        kind = _edge_kind(group)
        label = group[0]["label"]
        style = KIND_STYLE[kind]
        subject, obj = g.nodes[s]["label"], g.nodes[o]["label"]
        count = f"{len(group)} sentence{'s' if len(group) != 1 else ''}"
        edges.append({"id": f"e{len(edges)}", "from": s, "to": o, "predicate": predicate,
                      "label": ("not " if negated else "") + label, "kind": kind, "evidence": refs,
                      "title": f"{subject} \u2014 {'not ' if negated else ''}{label} \u2014 {obj}\n{kind}, {count}",
                      "color": {"color": style["color"], "highlight": "#222222", "hover": "#222222"},
                      "dashes": style["dashes"], "width": round(1 + math.log2(len(group)), 2)})
    return {"nodes": nodes, "edges": edges, "evidence": evidence, "articles": articles}


def _span(edge: dict, role: str) -> list[int] | None:
    """[start, end] of the subject or object mention in the sentence, when the statement records it."""
    start, end = edge.get(f"{role}_start"), edge.get(f"{role}_end")
    return [start, end] if start is not None and end is not None else None


def _options(large: bool) -> dict[str, Any]:
    """vis-network options. The page draws the names and relation labels itself (app.js), so
    that they keep a readable size and do not overlap; vis-network draws no label."""
    options: dict[str, Any] = {
        "autoResize": True,
        "edges": {"arrows": {"to": {"enabled": True, "scaleFactor": 0.5}},
                  "smooth": {"type": "dynamic"} if not large else False,
                  "selectionWidth": 2, "hoverWidth": 1.5},
        "nodes": {"shape": "dot", "borderWidth": 1,
                  "scaling": {"min": _NODE_SIZE[0], "max": _NODE_SIZE[1], "label": {"enabled": False}}},
        "layout": {"randomSeed": 7, "improvedLayout": not large},
        "interaction": {"hover": True, "tooltipDelay": 150, "navigationButtons": False,
                        "keyboard": {"enabled": True, "bindToWindow": False},
                        "hideEdgesOnDrag": large, "multiselect": False},
    }
    if large:
        options["physics"] = {"enabled": False}
    else:
        options["physics"] = {"enabled": True, "solver": "forceAtlas2Based",
                              "forceAtlas2Based": {"gravitationalConstant": -70, "springLength": 170},
                              "stabilization": {"enabled": True, "iterations": 300, "fit": True}}
    return options


def community_data(g: nx.MultiDiGraph, ranks: dict[str, float], *, seed: int = 0) -> tuple[list[dict], dict[str, int]]:
    """The Louvain communities of ``g`` (:func:`kg.analytics.communities`), largest first, each
    named by its three entities with the highest PageRank, and the community of each entity.

    The twelve largest communities of three or more entities get a colour of their own.
    """
    rows: list[dict] = []
    member_of: dict[str, int] = {}
    for i, members in enumerate(communities(g, seed=seed)):
        top = sorted(members, key=lambda n: (-ranks.get(n, 0.0), g.nodes[n]["label"].casefold(), n))
        coloured = i < len(COMMUNITY_PALETTE) and len(members) >= 3
        labels = [g.nodes[n]["label"] for n in top[:3]]
        rows.append({"id": i, "size": len(members), "name": " \u00b7 ".join(labels), "top": labels,
                     "color": COMMUNITY_PALETTE[i] if coloured else _MINOR_COMMUNITY})
        member_of.update((n, i) for n in members)
    return rows, member_of


def page_data(view: View, ranks: dict[str, float], *, heading: str) -> dict[str, Any]:
    """Everything the page's script reads, as one JSON-serializable dict."""
    g = view.graph
    large = g.number_of_nodes() > LAYOUT_THRESHOLD
    community_rows, member_of = community_data(g, ranks)
    positions = packed_layout(entity_graph(g, negated=True), communities=member_of) if large else None
    data = network_data(g, ranks, positions)
    corpus = len(g.graph.get("articles", {})) > CORPUS_ARTICLES
    colour_by = "community" if corpus and sum(c["color"] != _MINOR_COMMUNITY for c in community_rows) >= 2 else "type"
    types: dict[str, int] = {}
    for n in data["nodes"]:
        types[n["kgType"]] = types.get(n["kgType"], 0) + 1
        n["community"] = member_of.get(n["id"], -1)
        n["typeColor"] = n["color"]
        n["communityColor"] = community_rows[n["community"]]["color"] if n["community"] >= 0 else _NO_COMMUNITY
        n["color"] = n["communityColor"] if colour_by == "community" else n["typeColor"]
    predicates: dict[str, dict[str, Any]] = {}
    for e in data["edges"]:
        row = predicates.setdefault(e["predicate"], {"name": e["predicate"], "label": e["label"].removeprefix("not "),
                                                     "count": 0})
        row["count"] += 1
    kinds = {k: 0 for k in KINDS}
    for e in data["edges"]:
        kinds[e["kind"]] += 1
    return {
        "heading": heading,
        **data,
        "communities": community_rows,
        "types": [{"name": t, "color": PALETTE.get(t, _OTHER), "shape": SHAPES.get(t, "dot"), "count": n}
                  for t, n in sorted(types.items(), key=lambda x: (-x[1], x[0]))],
        "predicates": sorted(predicates.values(), key=lambda p: (-p["count"], p["label"])),
        "kinds": [{"name": k, "label": KIND_STYLE[k]["label"], "color": KIND_STYLE[k]["color"],
                   "dashes": bool(KIND_STYLE[k]["dashes"]), "count": kinds[k]} for k in KINDS],
        "notes": view.notes,
        "focus": view.focus,
        "totals": {"entities": view.total_entities, "relations": view.total_relations},
        "start": {"relatedOnly": corpus and any(n["degree"] == 0 for n in data["nodes"]), "colorBy": colour_by},
        "layout": "precomputed" if large else "physics",
        "options": _options(large),
    }


@lru_cache(maxsize=1)
def _environment() -> jinja2.Environment:
    # Found, not imported: pyvis's package imports IPython, for the notebooks kg does not use.
    pyvis = importlib.util.find_spec("pyvis")
    if pyvis is None or not pyvis.submodule_search_locations:
        raise ModuleNotFoundError("pyvis, whose templates the page is made from, is not installed")
    pyvis_templates = Path(pyvis.submodule_search_locations[0]) / "templates"
    return jinja2.Environment(loader=jinja2.FileSystemLoader([str(Path(__file__).parent), str(pyvis_templates)]),
                              autoescape=jinja2.select_autoescape(["html"]), keep_trailing_newline=True)


ASSETS = {"vis_css": "lib/vis-9.1.2/vis-network.css", "app_css": "app.css",
          "vis_js": "lib/vis-9.1.2/vis-network.min.js", "app_js": "app.js"}
"""The style sheets and scripts the page inlines, by the name the template gives them."""


@lru_cache(maxsize=1)
def _assets() -> dict[str, str]:
    """:data:`ASSETS` as they are, read once: inlined as text (the template marks them
    ``safe``), not included as templates, which Jinja would lex (half a megabyte of vis-network
    on every page) and in which a ``{{`` or ``{#`` of a script would be taken for its syntax."""
    env = _environment()
    loader = cast(jinja2.FileSystemLoader, env.loader)
    return {key: loader.get_source(env, name)[0] for key, name in ASSETS.items()}


def render_page(g: nx.MultiDiGraph, *, heading: str = "kg: knowledge graph", focus: str | None = None,
                hops: int = 1, types: Iterable[str] | None = None, max_nodes: int | None = DEFAULT_MAX_NODES,
                since: str | None = None, until: str | None = None,
                articles: Iterable[str] | None = None) -> tuple[str, dict[str, Any]]:
    """The page for a :func:`kg.to_networkx` graph, and the data it shows (see :func:`page_data`)."""
    ranks = pagerank(g)
    view = select_view(g, ranks=ranks, types=types, focus=focus, hops=hops, max_nodes=max_nodes,
                       since=since, until=until, articles=articles)
    data = page_data(view, ranks, heading=heading)
    return _environment().get_template("template.html").render(heading=heading, data=data, **_assets()), data


def render_network(g: nx.MultiDiGraph, **options: Any) -> str:
    """The page for a :func:`kg.to_networkx` graph; see :func:`render_html` for the options."""
    return render_page(g, **options)[0]


def render_html(graph: Graph, heading: str = "kg: knowledge graph", **options: Any) -> str:
    """The HTML page of an RDF graph written by ``kg build``.

    Parameters
    ----------
    graph : rdflib.Graph
        The knowledge graph.
    heading : str
        The page title.
    **options
        ``focus`` (an entity name or alias), ``hops`` (default 1), ``types`` (class names),
        ``max_nodes`` (default :data:`DEFAULT_MAX_NODES`; ``None`` or 0 keeps everything),
        ``since`` and ``until`` (article dates, YYYY, YYYY-MM or YYYY-MM-DD, inclusive) and
        ``articles`` (article ids): see :func:`kg.viz.select.select_view`.
    """
    return render_network(to_networkx(graph), heading=heading, **options)


def write_html(graph: Graph, path: str | os.PathLike, heading: str = "kg: knowledge graph", **options: Any) -> Path:
    """Write :func:`render_html` to ``path`` atomically (UTF-8)."""
    return write_network(to_networkx(graph), path, heading=heading, **options)


def write_network(g: nx.MultiDiGraph, path: str | os.PathLike, **options: Any) -> Path:
    """Write :func:`render_network` to ``path`` atomically (UTF-8)."""
    return write_atomic(path, render_network(g, **options).encode("utf-8"))
