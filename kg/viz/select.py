"""Which part of the graph a page shows: ``--types``, ``--focus``/``--hops`` and ``--max-nodes``.

Each step removes entities and says so in a note that the page prints, so a reader always
knows what is missing from the picture.
"""

from __future__ import annotations

import difflib
from collections import Counter
from dataclasses import dataclass, field
from typing import Iterable, Mapping

import networkx as nx

from ..analytics import ordered_subgraph
from ..errors import Errors, KGError
from ..ontology import load_ontology

__all__ = ["View", "find_entity", "known_types", "select_view"]


@dataclass
class View:
    """The subgraph to draw and the notes that tell the reader what was left out."""

    graph: nx.MultiDiGraph
    notes: list[str] = field(default_factory=list)
    focus: str | None = None
    total_entities: int = 0
    total_relations: int = 0


def _names(g: nx.MultiDiGraph, node: str) -> list[str]:
    data = g.nodes[node]
    return [data["label"], *data.get("aliases", [])]


def find_entity(g: nx.MultiDiGraph, name: str, ranks: Mapping[str, float] | None = None) -> str:
    """The entity called ``name`` (its label or any alias, ignoring case); the best ranked wins.

    Raises ``KGError`` (E200) with the closest names when nothing matches.
    """
    wanted = name.casefold().strip()
    ranks = ranks or {}
    matches = [n for n in g if any(x.casefold() == wanted for x in _names(g, n))]
    if not matches:
        matches = [n for n in g if g.nodes[n]["label"].casefold().endswith(" " + wanted)]
    if matches:
        return max(matches, key=lambda n: (ranks.get(n, 0.0), g.degree(n), n))
    every = sorted({x for n in g for x in _names(g, n)})
    close = difflib.get_close_matches(name, every, n=5, cutoff=0.6)
    hint = f" Did you mean: {', '.join(close)}?" if close else ""
    raise KGError(Errors.E200.format(name=name, hint=hint))


def known_types() -> list[str]:
    """The entity classes of the ontology, the values ``--types`` accepts."""
    return sorted(set(load_ontology().class_for_label.values()))


def _count_types(g: nx.MultiDiGraph, nodes: Iterable[str]) -> str:
    types = Counter(g.nodes[n]["type"] for n in nodes)
    return ", ".join(f"{n:,} {t}" for t, n in sorted(types.items(), key=lambda x: (-x[1], x[0])))


def _relations(g: nx.MultiDiGraph) -> int:
    return len({(s, d["predicate"], o, bool(d["negated"])) for s, o, d in g.edges(data=True)})


def select_view(g: nx.MultiDiGraph, *, ranks: Mapping[str, float], types: Iterable[str] | None = None,
                focus: str | None = None, hops: int = 1, max_nodes: int | None = None) -> View:
    """Apply the filters in the order types, focus, max-nodes; ``ranks`` orders what is kept."""
    view = View(g, total_entities=g.number_of_nodes(), total_relations=_relations(g))
    if types:
        choices = known_types()
        by_key = {t.casefold(): t for t in choices}
        wanted = [t.strip() for t in types if t.strip()]
        unknown = [t for t in wanted if t.casefold() not in by_key]
        if unknown:
            raise KGError(Errors.E201.format(types=", ".join(unknown), choices=", ".join(choices)))
        keep = {by_key[t.casefold()] for t in wanted}
        dropped = [n for n, t in g.nodes(data="type") if t not in keep]
        g = ordered_subgraph(g, (n for n in g if g.nodes[n]["type"] in keep))
        if dropped:
            view.notes.append(f"Only {', '.join(sorted(keep))}: {len(dropped):,} entities of other types "
                              f"({_count_types(view.graph, dropped)}) are not shown.")
    if focus is not None:
        centre = find_entity(g, focus, ranks)
        around = nx.ego_graph(g.to_undirected(as_view=True), centre, radius=hops)
        outside = g.number_of_nodes() - around.number_of_nodes()
        g = ordered_subgraph(g, around.nodes)
        view.focus = centre
        view.notes.append(f"Entities within {hops} hop{'s' if hops != 1 else ''} of "
                          f"{g.nodes[centre]['label']}" + (f"; {outside:,} others are not shown." if outside else "."))
    if max_nodes and g.number_of_nodes() > max_nodes:
        # Entities that nothing relates to tie on PageRank: the more articles mention one, the better.
        ordered = sorted(g, key=lambda n: (n != view.focus, -ranks.get(n, 0.0), -g.nodes[n].get("articles", 0),
                                           g.nodes[n]["label"].casefold(), n))
        keep_nodes, dropped = ordered[:max_nodes], ordered[max_nodes:]
        before = _relations(g)
        g = ordered_subgraph(g, keep_nodes)
        view.notes.append(f"Showing the {max_nodes:,} entities with the highest PageRank. Left out: "
                          f"{len(dropped):,} entities ({_count_types(view.graph, dropped)}) and "
                          f"{before - _relations(g):,} relations that involve them.")
    view.graph = g
    return view
