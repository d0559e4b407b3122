"""networkx views of a kg graph, and the graph analytics behind ``kg stats``.

:func:`to_networkx` turns the RDF into a :class:`networkx.MultiDiGraph` with one edge per
evidence statement; the HTML view, the exporters, ``kg stats`` and notebooks all start
from it. :func:`entity_graph` collapses it to one weighted undirected edge per related
pair, which is what ranking, components, communities and layouts need.
"""

from __future__ import annotations

import os
from collections import Counter, defaultdict
from typing import Any, Iterable, Iterator

import networkx as nx
import pyoxigraph as ox
from rdflib import RDF, RDFS, SKOS, Graph, URIRef
from rdflib.namespace import DCTERMS

from .defaults import ASSERT_THRESHOLD
from .errors import Errors, KGError
from .ontology import KG, SCHEMA
from .rdf.statement import Statement, statements_in_graph, statements_in_quads
from .read.load import quad_batches

__all__ = ["to_networkx", "read_network", "network_of_batches", "statement_kind", "KINDS", "entity_graph",
           "pagerank", "graph_stats", "copy_stats", "relation_groups", "ordered_subgraph", "communities"]

#: How a statement is drawn and counted: asserted fact, attributed claim, hedged, negated, or
#: uncertain (read, but below the confidence at which kg asserts a relation).
KINDS = ("fact", "claim", "hedged", "negated", "uncertain")


def _local(term) -> str:
    text = str(term)
    return text[len(KG):] if text.startswith(str(KG)) else text


def _number(text: str | None) -> float | None:
    """A literal's number; None for none, or for text that is no number (a graph kg did not write)."""
    try:
        return None if text is None else float(text)
    except ValueError:
        return None


_ARTICLE_FIELDS = {"id": SCHEMA.identifier, "title": SCHEMA.headline, "date": SCHEMA.datePublished,
                   "source": DCTERMS.source, "url": SCHEMA.url, "based_on": SCHEMA.isBasedOn,
                   "similarity": KG.copySimilarity}
"""What ``G.graph["articles"]`` keeps of each article, and from which property."""
_READ = (RDFS.label, SKOS.altLabel, SCHEMA.mentions, RDF.type, *_ARTICLE_FIELDS.values())
"""The properties the network reads, besides the statements'."""


class _Tables:
    """What the network keeps of the triples of :data:`_READ`, by IRI (text): as an rdflib
    graph gives them (:func:`to_networkx`) or as a stream of quads (:func:`read_network`), in
    any order and with repeats."""

    def __init__(self) -> None:
        self.labels: dict[str, str] = {}
        self.aliases: dict[str, set[str]] = defaultdict(set)
        self.mentions: dict[str, set[str]] = defaultdict(set)
        self.types: set[tuple[str, str]] = set()
        self.articles: set[str] = set()
        self.columns: dict[str, dict[str, str]] = {str(prop): {} for prop in _ARTICLE_FIELDS.values()}
        self._note = {str(RDFS.label): self.labels.__setitem__,
                      str(SKOS.altLabel): lambda s, o: self.aliases[s].add(o),
                      str(SCHEMA.mentions): lambda s, o: self.mentions[o].add(s),
                      str(RDF.type): self._typed,
                      **{prop: column.__setitem__ for prop, column in self.columns.items()}}

    def _typed(self, node: str, cls: str) -> None:
        if cls == _NEWS_ARTICLE:
            self.articles.add(node)
        elif cls.startswith(_KG) and cls != _STATEMENT:
            self.types.add((node, cls))

    def note(self, subject: str, predicate: str, obj: str) -> None:
        """A triple, its subject an IRI (a blank node describes nothing the network shows)."""
        noted = self._note.get(predicate)
        if noted is not None:
            noted(subject, obj)


_KG, _STATEMENT, _NEWS_ARTICLE = str(KG), str(KG.Statement), str(SCHEMA.NewsArticle)


def to_networkx(graph: Graph) -> nx.MultiDiGraph:
    """Convert a kg RDF graph to a networkx multigraph with one edge per evidence statement.

    Parameters
    ----------
    graph : rdflib.Graph
        A graph written by ``kg build`` (or read back from its Turtle file).

    Returns
    -------
    networkx.MultiDiGraph
        Nodes are entity IRIs. Node attributes:

        ``label``
            the canonical name (``rdfs:label``);
        ``type``
            the ontology class name, e.g. ``"Person"``;
        ``aliases``
            the other names (``skos:altLabel``), a sorted list;
        ``articles``
            how many articles mention the entity (``schema:mentions``);
        ``mentioned_in``
            the IRIs of those articles, sorted.

        Each ``kg:Statement`` becomes one edge from subject to object, keyed by the statement
        IRI. Edge attributes: ``predicate`` (local name, e.g. ``"threatens-suit"``), ``label``
        (its ``rdfs:label``), ``kind`` (one of :data:`KINDS`), ``asserted``, ``negated``,
        ``modality``, ``claimed_by`` (IRI) and ``claimed_by_label``, ``sentence``,
        ``relation``, ``subject_text`` and ``object_text`` (as written), ``subject_start``,
        ``subject_end``, ``object_start`` and ``object_end`` (their offsets in ``sentence``,
        end exclusive), ``confidence``, ``rule``, and the article: ``article`` (IRI),
        ``title``, ``date``, ``source`` and ``url``. Missing values are ``None``.

        ``G.graph["articles"]`` maps each article IRI to its ``id`` (``schema:identifier``),
        ``title``, ``date``, ``source`` and ``url``, and for a syndicated copy the IRI of the
        article it is ``based_on`` and its ``similarity`` (both None for other articles).

    See Also
    --------
    read_network : the same graph read from a file or folder, without an rdflib graph.
    entity_graph : one weighted undirected edge per related pair of entities.

    Examples
    --------
    >>> from kg import load_graph, to_networkx
    >>> G = to_networkx(load_graph("output/graph.ttl"))
    >>> G.nodes["https://w3id.org/kg-news/id/person/elon-musk"]["aliases"]
    ['Musk']
    >>> [d["sentence"] for *_, d in G.edges(data=True)
    ...  if d["predicate"] == "threatens-suit"][:1]
    ['Elon Musk has threatened to sue Microsoft for allegedly using Twitter data without permission.']
    """
    tables = _Tables()
    for prop in _READ:
        for s, o in graph.subject_objects(prop):
            if isinstance(s, URIRef):
                tables.note(str(s), str(prop), str(o))
    return _network(tables, statements_in_graph(graph))


def read_network(path: str | os.PathLike) -> nx.MultiDiGraph:
    """:func:`to_networkx` of GRAPH (an RDF file, a store folder or a cluster build's folder),
    read as a stream of quads (:func:`kg.read.quad_batches`): it holds the network, not the
    graph (about 200 bytes a quad, where :func:`kg.load_graph` takes about 1.8 KB; docs/BENCHMARKS.md).

    >>> from kg import load_graph
    >>> G = read_network("output/graph.ttl")
    >>> H = to_networkx(load_graph("output/graph.ttl"))
    >>> list(G.nodes(data=True)) == list(H.nodes(data=True)), list(G.edges(data=True)) == list(H.edges(data=True))
    (True, True)
    """
    return network_of_batches(quad_batches(path), source=str(path))


def network_of_batches(batches: Iterable[Iterable[ox.Quad]], *, source: str = "") -> nx.MultiDiGraph:
    """:func:`to_networkx` of the union of batches of quads, each batch holding the whole of each
    statement it has (a file, a cluster build's shard, a named graph). ``source`` names the data
    in an error: E129 for RDF 1.2 triple terms, which kg does not read."""
    tables = _Tables()
    statements: list[Statement] = []
    nested = 0

    def noted(batch: Iterable[ox.Quad]) -> Iterator[ox.Quad]:
        nonlocal nested
        for quad in batch:
            subject, obj = quad.subject, quad.object
            if isinstance(subject, ox.Triple) or isinstance(obj, ox.Triple):
                nested += 1
                continue
            if isinstance(subject, ox.NamedNode):
                tables.note(subject.value, quad.predicate.value, obj.value)
            yield quad

    for batch in batches:
        statements.extend(statements_in_quads(noted(batch)))
    if nested:
        raise KGError(Errors.E129.format(path=source, count=nested))
    statements.sort(key=lambda st: st.node)
    return _network(tables, statements)


def _network(tables: _Tables, statements: Iterable[Statement]) -> nx.MultiDiGraph:
    out = nx.MultiDiGraph()
    labels = tables.labels
    for node, cls in sorted(tables.types):
        mentioned_in = sorted(tables.mentions.get(node, ()))
        out.add_node(node, label=labels.get(node, node), type=_local(cls),
                     aliases=sorted(tables.aliases.get(node, ())), articles=len(mentioned_in),
                     mentioned_in=mentioned_in)

    columns = {field: tables.columns[str(prop)] for field, prop in _ARTICLE_FIELDS.items()}
    articles = {}
    for article in sorted(tables.articles):
        meta: dict[str, Any] = {field: column.get(article) for field, column in columns.items()}
        meta["similarity"] = _number(meta["similarity"])
        articles[article] = meta
    out.graph["articles"] = articles

    for st in statements:
        if st.subject not in out or st.object not in out:
            continue
        meta = articles.get(st.article, {}) if st.article else {}
        data = {
            "predicate": _local(st.predicate),
            "label": labels.get(st.predicate, _local(st.predicate)),
            "asserted": st.asserted,
            "negated": st.negated,
            "modality": st.modality,
            "claimed_by": st.claimed_by,
            "claimed_by_label": labels.get(st.claimed_by, st.claimed_by) if st.claimed_by else None,
            "sentence": st.sentence or "",
            "relation": st.relation_text or "",
            "subject_text": st.subject_text,
            "object_text": st.object_text,
            **_span("subject", st.subject_span),
            **_span("object", st.object_span),
            "confidence": st.confidence,
            "rule": st.rule,
            "article": st.article,
            "title": meta.get("title"),
            "date": meta.get("date"),
            "source": meta.get("source"),
            "url": meta.get("url"),
        }
        data["kind"] = statement_kind(data)
        out.add_edge(st.subject, st.object, key=st.node, **data)
    return out


def _span(role: str, span: tuple[int, int] | None) -> dict[str, int | None]:
    start, end = span if span is not None else (None, None)
    return {f"{role}_start": start, f"{role}_end": end}


def statement_kind(edge: dict) -> str:
    """``negated``, ``claim``, ``hedged``, ``uncertain`` or ``fact`` for one evidence edge of
    :func:`to_networkx`.

    Negation wins over everything (a denied claim is still a denial); a statement attributed
    to someone is a claim; a modal or hedged one is hedged. Of the rest, what kg did not assert
    as a plain triple is uncertain when its confidence is below the assertion threshold, else a
    claim whose speaker was not resolved ("it was claimed that ...").

    >>> statement_kind({"asserted": False, "confidence": 0.2}), statement_kind({"asserted": False, "confidence": 0.9})
    ('uncertain', 'claim')
    """
    if edge.get("negated"):
        return "negated"
    if edge.get("claimed_by"):
        return "claim"
    if edge.get("modality"):
        return "hedged"
    if edge.get("asserted", True):
        return "fact"
    confidence = edge.get("confidence")
    return "uncertain" if confidence is not None and confidence < ASSERT_THRESHOLD else "claim"


def ordered_subgraph(g: nx.Graph, nodes: Iterable[str]) -> nx.Graph:
    """A copy of ``g`` induced on ``nodes``, in ``g``'s own node and edge order.

    ``g.subgraph(nodes)`` may iterate over the set of kept nodes, whose order changes from
    one process to the next for string nodes; layouts and community detection depend on
    that order, so kg copies subgraphs in the order of the original graph instead.
    """
    keep = set(nodes)
    out = g.__class__()
    out.graph.update(g.graph)
    out.add_nodes_from((n, d) for n, d in g.nodes(data=True) if n in keep)
    if g.is_multigraph():
        out.add_edges_from((u, v, k, d) for u, v, k, d in g.edges(keys=True, data=True) if u in keep and v in keep)
    else:
        out.add_edges_from((u, v, d) for u, v, d in g.edges(data=True) if u in keep and v in keep)
    return out


def relation_groups(g: nx.MultiDiGraph) -> dict[tuple[str, str, str, bool], list[dict]]:
    """Evidence edges grouped by (subject, predicate, object, negated): one drawn edge each.

    A denial is kept apart from the relation it denies, so that it can be drawn (and hidden)
    on its own.
    """
    groups: dict[tuple[str, str, str, bool], list[dict]] = defaultdict(list)
    for s, o, data in g.edges(data=True):
        groups[(s, data["predicate"], o, bool(data["negated"]))].append(data)
    return dict(sorted(groups.items()))


def entity_graph(g: nx.MultiDiGraph, *, negated: bool = False) -> nx.Graph:
    """One undirected edge per related pair, weighted by the number of evidence statements.

    Parameters
    ----------
    g : networkx.MultiDiGraph
        The output of :func:`to_networkx`.
    negated : bool, default False
        Whether denied relations count. They do not by default: "X did not buy Y" is no link.

    Returns
    -------
    networkx.Graph
        Every entity of ``g`` (isolated ones too), with its node attributes; edge attribute
        ``weight``.

    Examples
    --------
    >>> from kg import load_graph, to_networkx
    >>> simple = entity_graph(to_networkx(load_graph("output/graph.ttl")))
    >>> musk, microsoft = (f"https://w3id.org/kg-news/id/{n}" for n in ("person/elon-musk", "organization/microsoft"))
    >>> simple.number_of_nodes(), simple.has_edge(musk, microsoft), simple[musk][microsoft]["weight"] >= 2
    (22, True, True)
    """
    out = nx.Graph()
    out.add_nodes_from(g.nodes(data=True))
    for s, o, data in g.edges(data=True):
        if s == o or (data.get("negated") and not negated):
            continue
        if out.has_edge(s, o):
            out[s][o]["weight"] += 1
        else:
            out.add_edge(s, o, weight=1)
    return out


def pagerank(g: nx.MultiDiGraph | nx.Graph) -> dict[str, float]:
    """PageRank of every entity on the undirected :func:`entity_graph`.

    Undirected, because in news text being the subject of a relation ("Musk sued ...") makes
    an entity as central as being its object.

    >>> from kg import load_graph, to_networkx
    >>> ranks = pagerank(to_networkx(load_graph("output/graph.ttl")))
    >>> max(ranks, key=ranks.get)
    'https://w3id.org/kg-news/id/organization/microsoft'
    """
    simple = entity_graph(g) if g.is_multigraph() else g
    if simple.number_of_nodes() == 0:
        return {}
    return _pagerank(simple)


def _pagerank(g: nx.Graph, alpha: float = 0.85, max_iter: int = 100, tol: float = 1e-06) -> dict[str, float]:
    """``nx.pagerank(g, weight="weight")`` on an undirected graph without self-loops, as
    networkx computes it (power iteration, a uniform jump, dangling nodes linked to all), with
    numpy alone: networkx's needs scipy, whose import is 0.09 s of every ``kg build`` that
    writes the page. tests/test_analytics.py holds the two to the same ranks.
    """
    import numpy as np

    nodes = list(g)
    n = len(nodes)
    index = {node: i for i, node in enumerate(nodes)}
    edges = [(index[u], index[v], w) for u, v, w in g.edges(data="weight", default=1)]
    # Each undirected edge is two directed ones, each weighted by its share of its source's weight.
    source = np.array([u for u, v, _ in edges] + [v for u, v, _ in edges], dtype=np.int64)
    target = np.array([v for u, v, _ in edges] + [u for u, v, _ in edges], dtype=np.int64)
    weight = np.array([w for *_, w in edges] * 2, dtype=float)
    strength = np.bincount(source, weights=weight, minlength=n)
    share = weight / strength[source] if len(source) else weight
    dangling = strength == 0
    x = np.full(n, 1.0 / n)
    for _ in range(max_iter):
        last = x
        x = alpha * np.bincount(target, weights=last[source] * share, minlength=n) \
            + (alpha * last[dangling].sum() + 1 - alpha) / n
        if np.abs(x - last).sum() < n * tol:
            return dict(zip(nodes, x.tolist()))
    raise nx.PowerIterationFailedConvergence(max_iter)


def _entity_row(g: nx.MultiDiGraph, node: str, **values: Any) -> dict[str, Any]:
    data = g.nodes[node]
    return {"id": node, "label": data["label"], "type": data["type"], **values}


def _communities(g: nx.Graph, seed: int) -> tuple[list[set[str]], float | None]:
    """Louvain communities, the same in every run.

    Louvain iterates over sets of nodes; sets of strings iterate in an order that changes
    with Python's hash seed, so it runs on integer labels and the IRIs are mapped back.
    """
    if g.number_of_edges() == 0:
        return [], None
    numbered = nx.convert_node_labels_to_integers(g, ordering="sorted", label_attribute="iri")
    found = nx.community.louvain_communities(numbered, weight="weight", seed=seed)
    modularity = nx.community.modularity(numbered, found, weight="weight")
    iri = nx.get_node_attributes(numbered, "iri")
    communities = sorted(({iri[n] for n in c} for c in found), key=lambda c: (-len(c), min(c)))
    return communities, modularity


def communities(g: nx.MultiDiGraph | nx.Graph, *, seed: int = 0) -> list[set[str]]:
    """The Louvain communities of the related entities (those ``kg stats`` reports), largest first.

    Entities that nothing relates to belong to no community.

    Parameters
    ----------
    g : networkx.MultiDiGraph or networkx.Graph
        The output of :func:`to_networkx`, or its :func:`entity_graph`.
    seed : int, default 0
        Seed of the community detection: the same graph gets the same communities.

    Examples
    --------
    >>> from kg import load_graph, to_networkx
    >>> G = to_networkx(load_graph("output/graph.ttl"))
    >>> found = communities(G)
    >>> len(found[0]) >= len(found[-1])
    True
    >>> def community_of(label):
    ...     return next(i for i, c in enumerate(found) if any(G.nodes[n]["label"] == label for n in c))
    >>> community_of("Elon Musk") == community_of("Tesla"), community_of("Elon Musk") == community_of("Xbox")
    (True, False)
    """
    simple = entity_graph(g) if g.is_multigraph() else g
    linked = ordered_subgraph(simple, (n for n in simple if simple.degree(n) > 0))
    return _communities(linked, seed)[0]


def graph_stats(g: nx.MultiDiGraph, *, top: int = 10, seed: int = 0) -> dict[str, Any]:
    """Counts, rankings, components, communities and the most-cited relations of a kg graph.

    Parameters
    ----------
    g : networkx.MultiDiGraph
        The output of :func:`to_networkx`.
    top : int, default 10
        How many rows each ranking keeps.
    seed : int, default 0
        Seed of the Louvain community detection, so the output is reproducible.

    Returns
    -------
    dict
        A JSON-serializable dict with the keys ``counts``, ``types``, ``predicates``,
        ``kinds``, ``top_pagerank``, ``top_degree``, ``components``, ``communities``,
        ``most_cited`` (the relations with the most evidence) and ``copies`` (the syndicated
        copies: how many, of how many originals, how many with the same text, and the
        originals copied most, each with its copies' sources and dates).

    Examples
    --------
    >>> from kg import load_graph, to_networkx
    >>> stats = graph_stats(to_networkx(load_graph("output/graph.ttl")), top=3)
    >>> stats["counts"]["entities"], [row["label"] for row in stats["top_pagerank"]]
    (22, ['Microsoft', 'Elon Musk', 'Twitter'])
    """
    simple = entity_graph(g)
    ranks = pagerank(simple)
    groups = relation_groups(g)
    articles = g.graph.get("articles", {})

    types = Counter(t for _, t in g.nodes(data="type"))
    predicates: dict[str, dict[str, Any]] = {}
    for _, _, data in g.edges(data=True):
        row = predicates.setdefault(data["predicate"], {"predicate": data["predicate"], "label": data["label"],
                                                        "statements": 0, "asserted": 0})
        row["statements"] += 1
        row["asserted"] += int(data["kind"] == "fact")
    kinds = Counter(data["kind"] for *_, data in g.edges(data=True))

    by_rank = sorted(ranks, key=lambda n: (-ranks[n], g.nodes[n]["label"]))[:top]
    by_degree = sorted(simple, key=lambda n: (-simple.degree(n), -g.degree(n), g.nodes[n]["label"]))[:top]
    components = sorted(nx.connected_components(simple), key=lambda c: (-len(c), min(c)))
    linked = ordered_subgraph(simple, (n for n in simple if simple.degree(n) > 0))
    communities, modularity = _communities(linked, seed)

    def members(nodes, n: int = 5) -> list[str]:
        return [g.nodes[m]["label"] for m in sorted(nodes, key=lambda m: (-ranks[m], g.nodes[m]["label"]))[:n]]

    cited = sorted(groups.items(), key=lambda item: (-len(item[1]), -len({e["article"] for e in item[1]}), item[0]))
    return {
        "counts": {"entities": g.number_of_nodes(), "articles": len(articles), "statements": g.number_of_edges(),
                   "relations": len(groups), "linked_entities": linked.number_of_nodes()},
        "types": [{"type": t, "entities": n} for t, n in sorted(types.items(), key=lambda x: (-x[1], x[0]))],
        "predicates": sorted(predicates.values(), key=lambda r: (-r["statements"], r["predicate"])),
        "kinds": {kind: kinds.get(kind, 0) for kind in KINDS},
        "top_pagerank": [_entity_row(g, n, pagerank=round(ranks[n], 6)) for n in by_rank],
        "top_degree": [_entity_row(g, n, degree=simple.degree(n), statements=g.degree(n)) for n in by_degree],
        "components": {"count": len(components),
                       "isolated": sum(1 for c in components if len(c) == 1),
                       "largest": [{"entities": len(c), "members": members(c)} for c in components[:top]
                                   if len(c) > 1]},
        "communities": {"method": "louvain", "count": len(communities),
                        "modularity": None if modularity is None else round(modularity, 4),
                        "largest": [{"entities": len(c), "members": members(c)} for c in communities[:top]]},
        "most_cited": [{"subject": g.nodes[s]["label"], "predicate": p, "label": ev[0]["label"],
                        "object": g.nodes[o]["label"], "negated": negated, "statements": len(ev),
                        "articles": len({e["article"] for e in ev}),
                        "sentence": max(ev, key=lambda e: (e["confidence"], e["sentence"]))["sentence"]}
                       for (s, p, o, negated), ev in cited[:top]],
        "copies": copy_stats(articles, top=top),
    }


def copy_stats(articles: dict[str, dict[str, Any]], *, top: int = 10) -> dict[str, Any]:
    """The syndicated copies among ``articles`` (``G.graph["articles"]`` of :func:`to_networkx`).

    >>> arts = {"a": {"title": "T", "source": "Wire", "date": None, "based_on": None, "similarity": None},
    ...         "b": {"title": "T", "source": "Daily", "date": "2024-05-06", "based_on": "a", "similarity": 1.0},
    ...         "c": {"title": "T", "source": "Weekly", "date": None, "based_on": "a", "similarity": 0.91}}
    >>> stats = copy_stats(arts)
    >>> stats["copies"], stats["exact"], stats["near"], stats["originals"], stats["most_copied"][0]["copies"]
    (2, 1, 1, 1, 2)
    """
    groups: dict[str, list[str]] = defaultdict(list)
    for iri, meta in articles.items():
        if meta.get("based_on"):
            groups[meta["based_on"]].append(iri)
    copies = [iri for members in groups.values() for iri in members]
    exact = sum(1 for iri in copies if articles[iri].get("similarity") == 1.0)

    def row(original: str, members: list[str]) -> dict[str, Any]:
        meta = articles.get(original, {})
        return {"article": original, "title": meta.get("title"), "source": meta.get("source"),
                "copies": len(members),
                "copied_by": [{"article": m, "source": articles[m].get("source"), "date": articles[m].get("date"),
                               "similarity": articles[m].get("similarity")} for m in sorted(members)]}

    ranked = sorted(groups.items(), key=lambda item: (-len(item[1]), item[0]))
    return {"copies": len(copies), "exact": exact, "near": len(copies) - exact, "originals": len(groups),
            "most_copied": [row(original, members) for original, members in ranked[:top]]}
