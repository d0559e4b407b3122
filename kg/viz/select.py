"""Which part of the graph a page shows: ``--since``/``--until``/``--article``, ``--types``,
``--focus``/``--hops`` and ``--max-nodes``.

Each step removes entities and says so in a note that the page prints, so a reader always
knows what is missing from the picture.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Iterable, Mapping

import networkx as nx

from ..analytics import ordered_subgraph
from ..errors import Errors, KGError
from ..ontology import load_ontology

__all__ = ["View", "find_entity", "find_article", "known_types", "select_articles", "select_view"]


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


def find_article(g: nx.MultiDiGraph, name: str) -> str:
    """The IRI of the article whose id (``schema:identifier``), IRI or IRI's last segment is ``name``.

    Raises ``KGError`` (E206) with the closest ids when nothing matches.
    """
    articles = g.graph.get("articles", {})
    for iri, meta in articles.items():
        if name in (meta.get("id"), iri, iri.rsplit("/", 1)[-1]):
            return iri
    every = sorted({meta.get("id") or iri.rsplit("/", 1)[-1] for iri, meta in articles.items()})
    close = difflib.get_close_matches(name, every, n=5, cutoff=0.6)
    hint = f" Did you mean: {', '.join(close)}?" if close else ""
    raise KGError(Errors.E206.format(name=name, hint=hint))


_DATE = re.compile(r"\d{4}(?:-\d{2}(?:-\d{2})?)?")


def _checked_date(value: str | None, option: str) -> str | None:
    """A date prefix, YYYY, YYYY-MM or YYYY-MM-DD, that is a real date (E205 otherwise)."""
    if value is None:
        return None
    value = value.strip()
    full = value + "-01-01"[len(value) - 4:] if _DATE.fullmatch(value) else ""
    try:
        dt.date.fromisoformat(full)
    except ValueError:
        raise KGError(Errors.E205.format(value=value, option=option)) from None
    return value


def _in_range(date: str | None, since: str | None, until: str | None) -> bool:
    """Whether an article date falls in [since, until], each a date prefix compared at its own
    precision: ``until="1987-03"`` takes the whole of March."""
    if since is None and until is None:
        return True
    if not date:
        return False
    return (since is None or date[:len(since)] >= since) and (until is None or date[:len(until)] <= until)


def select_articles(g: nx.MultiDiGraph, *, since: str | None = None, until: str | None = None,
                    articles: Iterable[str] | None = None) -> tuple[nx.MultiDiGraph, str | None]:
    """The part of ``g`` that some articles say: their statements and the entities they mention.

    ``since`` and ``until`` (YYYY, YYYY-MM or YYYY-MM-DD, inclusive) keep the articles dated in
    that range, and leave out undated ones; ``articles`` (ids or IRIs) keeps those articles.
    Returns the subgraph, whose ``graph["articles"]`` lists only the kept articles, and a note
    that says what was left out (None when nothing was asked for).

    >>> import networkx as nx
    >>> g = nx.MultiDiGraph(articles={"a1": {"id": "a1", "date": "2024-01-05"},
    ...                               "a2": {"id": "a2", "date": "2024-03-01"}})
    >>> g.add_node("x", mentioned_in=["a1"]); g.add_node("y", mentioned_in=["a2"])
    >>> kept, note = select_articles(g, until="2024-02")
    >>> list(kept), note
    (['x'], 'Articles dated 2024-02 or earlier: 1 of 2 articles; 1 entity that it does not mention is not shown.')
    """
    since, until = _checked_date(since, "--since"), _checked_date(until, "--until")
    names = [a for a in articles or () if a.strip()]
    if since is None and until is None and not names:
        return g, None
    every = g.graph.get("articles", {})
    chosen = {find_article(g, name.strip()) for name in names} if names else set(every)
    chosen = {a for a in chosen if _in_range(every.get(a, {}).get("date"), since, until)}
    keep_edges = [(s, o, k) for s, o, k, article in g.edges(keys=True, data="article") if article in chosen]
    keep_nodes = {n for n, seen in g.nodes(data="mentioned_in") if not chosen.isdisjoint(seen or ())}
    keep_nodes.update(n for s, o, _ in keep_edges for n in (s, o))
    out = ordered_subgraph(g, keep_nodes)
    out.remove_edges_from([(s, o, k) for s, o, k, article in out.edges(keys=True, data="article")
                           if article not in chosen])
    out.graph["articles"] = {a: meta for a, meta in every.items() if a in chosen}
    what = ("Article" + ("s " if len(names) > 1 else " ") + ", ".join(names)) if names else "Articles"
    if since and until:
        what += f" dated {since} to {until}"
    elif since or until:
        what += f" dated {since} or later" if since else f" dated {until} or earlier"
    dropped = g.number_of_nodes() - out.number_of_nodes()
    note = (f"{what}: {len(chosen):,} of {len(every):,} article{'s' if len(every) != 1 else ''}"
            + (f"; {dropped:,} entit{'ies' if dropped != 1 else 'y'} that {'they do' if len(chosen) != 1 else 'it does'}"
               f" not mention {'are' if dropped != 1 else 'is'} not shown." if dropped else "."))
    return out, note


def known_types() -> list[str]:
    """The entity classes of the ontology, the values ``--types`` accepts."""
    return sorted(set(load_ontology().class_for_label.values()))


def _count_types(g: nx.MultiDiGraph, nodes: Iterable[str]) -> str:
    types = Counter(g.nodes[n]["type"] for n in nodes)
    return ", ".join(f"{n:,} {t}" for t, n in sorted(types.items(), key=lambda x: (-x[1], x[0])))


def _relations(g: nx.MultiDiGraph) -> int:
    return len({(s, d["predicate"], o, bool(d["negated"])) for s, o, d in g.edges(data=True)})


def select_view(g: nx.MultiDiGraph, *, ranks: Mapping[str, float], types: Iterable[str] | None = None,
                focus: str | None = None, hops: int = 1, max_nodes: int | None = None,
                since: str | None = None, until: str | None = None,
                articles: Iterable[str] | None = None) -> View:
    """Apply the filters in the order articles (``since``, ``until``, ``articles``: see
    :func:`select_articles`), types, focus, max-nodes; ``ranks`` orders what is kept."""
    view = View(g, total_entities=g.number_of_nodes(), total_relations=_relations(g))
    g, note = select_articles(g, since=since, until=until, articles=articles)
    if note:
        view.notes.append(note)
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
