"""Node positions computed in Python, for graphs too big for the browser's physics.

A news graph is mostly small pieces: a few connected clusters and many entities that are
mentioned but not related to anything. A force layout of the whole graph spends its time
pushing those pieces apart (networkx's spring layout takes about 17 s on 2,000 such nodes).
Laying out each connected component on its own and packing the components in rows is
fast and easier to read: the big clusters come first, the isolated entities last.

A big component of a corpus is several stories joined by a few shared names (the UK, the
BBC). Given the communities, such a component is drawn as islands: each community laid out
on its own, and the islands set side by side, biggest first, each one next to the islands it
has the most relations with.
"""

from __future__ import annotations

import math
from typing import Mapping

import networkx as nx

__all__ = ["packed_layout"]

# Pixels between related nodes; the page draws a 12-24 px label under each node.
_EDGE_LENGTH = 110.0
_ISLAND_EDGE_LENGTH = 80.0
_SMALL_EDGE_LENGTH = 75.0  # in pieces of a few entities, whose labels show only zoomed in
_SMALL = 6
_GAP = 70.0
_ISLAND_GAP = 50.0
#: A component of at least this many entities, in two communities or more, is drawn as islands.
ISLAND_MIN = 30


def _spring(g: nx.Graph, nodes, seed: int, edge_length: float) -> dict:
    """A spring layout of ``nodes`` whose mean edge is ``edge_length`` long."""
    nodes = sorted(nodes)
    if len(nodes) == 1:
        return {nodes[0]: (0.0, 0.0)}
    if len(nodes) == 2:
        return {nodes[0]: (0.0, 0.0), nodes[1]: (edge_length, 0.0)}
    # Sorted nodes and edges: the same graph gets the same picture in every process.
    sub = nx.Graph()
    sub.add_nodes_from(nodes)
    inside = set(nodes)
    sub.add_edges_from(sorted(tuple(sorted(e)) for e in g.edges(nodes) if e[1] in inside))
    pos = nx.spring_layout(sub, seed=seed, weight=None, method="force" if len(sub) < 500 else "energy")
    # spring_layout fits positions in [-1, 1]: scale so that the mean edge is edge_length long.
    lengths = [math.dist(pos[u], pos[v]) for u, v in sub.edges()]
    mean = sum(lengths) / len(lengths) if lengths else 1.0
    factor = edge_length / mean if mean > 0 else edge_length
    return {n: (float(x) * factor, float(y) * factor) for n, (x, y) in pos.items()}


def _component_layout(g: nx.Graph, nodes: set, seed: int) -> dict:
    return _spring(g, nodes, seed, _SMALL_EDGE_LENGTH if len(nodes) < _SMALL else _EDGE_LENGTH)


def _centred(pos: dict) -> tuple[dict, float]:
    """``pos`` moved to its centroid, and the radius of the disc that holds most of it (the
    long arms of a star may reach out of it)."""
    cx = sum(x for x, _ in pos.values()) / len(pos)
    cy = sum(y for _, y in pos.values()) / len(pos)
    moved = {n: (x - cx, y - cy) for n, (x, y) in pos.items()}
    distances = sorted(math.hypot(x, y) for x, y in moved.values())
    return moved, distances[int(0.85 * (len(distances) - 1))] + _ISLAND_EDGE_LENGTH / 2


def _place_discs(radii: list[float], links: dict[tuple[int, int], int]) -> list[tuple[float, float]]:
    """Centres for discs of the given radii, biggest first, each set against the discs already
    placed where it is closest to those it has links with (to the centre when it has none),
    without overlapping any."""
    centres: list[tuple[float, float]] = [(0.0, 0.0)]
    directions = [(math.cos(2 * math.pi * k / 36), math.sin(2 * math.pi * k / 36)) for k in range(36)]
    for i in range(1, len(radii)):
        friends = [(j, links.get((min(i, j), max(i, j)), 0)) for j in range(i)]
        friends = [(j, w) for j, w in friends if w]
        best, best_cost = None, math.inf
        for j, (cx, cy) in enumerate(centres):
            reach = radii[i] + radii[j] + _ISLAND_GAP
            for dx, dy in directions:
                x, y = cx + dx * reach, cy + dy * reach
                if any(math.hypot(x - ox, y - oy) < radii[i] + radii[k] + _ISLAND_GAP - 1e-6
                       for k, (ox, oy) in enumerate(centres)):
                    continue
                cost = (sum(w * math.hypot(x - centres[k][0], y - centres[k][1]) for k, w in friends)
                        / sum(w for _, w in friends)) if friends else math.hypot(x, y)
                if cost < best_cost - 1e-9:
                    best, best_cost = (x, y), cost
        # Outward from the disc farthest from the centre nothing overlaps: some place is found.
        assert best is not None
        centres.append(best)
    return centres


def _island_layout(g: nx.Graph, nodes: set, member_of: Mapping[str, int], seed: int) -> dict:
    """Each community of the component laid out on its own, the communities placed as islands."""
    groups: dict = {}
    for n in sorted(nodes):
        groups.setdefault(member_of.get(n, ("alone", n)), []).append(n)
    keys = sorted(groups, key=lambda k: (-len(groups[k]), min(groups[k])))
    index = {k: i for i, k in enumerate(keys)}
    local, radii = [], []
    for k in keys:
        pos, radius = _centred(_spring(g, groups[k], seed, _ISLAND_EDGE_LENGTH))
        local.append(pos)
        radii.append(radius)
    links: dict[tuple[int, int], int] = {}
    for u, v in g.edges(nodes):
        a, b = index[member_of.get(u, ("alone", u))], index[member_of.get(v, ("alone", v))]
        if a != b:
            links[min(a, b), max(a, b)] = links.get((min(a, b), max(a, b)), 0) + 1
    centres = _place_discs(radii, links)
    return {n: (centres[i][0] + x, centres[i][1] + y) for i, pos in enumerate(local) for n, (x, y) in pos.items()}


def packed_layout(g: nx.Graph, *, seed: int = 0,
                  communities: Mapping[str, int] | None = None) -> dict[str, tuple[float, float]]:
    """Positions for every node of the undirected graph ``g``, in pixels, centred on (0, 0).

    Each connected component gets a spring layout, or, with ``communities`` (node -> community
    id), an island per community when it is big and holds two communities or more; components
    are packed in rows, largest first, in a block about as wide as it is tall.
    """
    member_of = communities or {}
    components = sorted(nx.connected_components(g), key=lambda c: (-len(c), min(c)))
    boxes = []
    for nodes in components:
        if len(nodes) >= ISLAND_MIN and len({member_of.get(n) for n in nodes} - {None}) >= 2:
            pos = _island_layout(g, nodes, member_of, seed)
        else:
            pos = _component_layout(g, nodes, seed)
        xs, ys = [p[0] for p in pos.values()], [p[1] for p in pos.values()]
        left, top = min(xs), min(ys)
        boxes.append(({n: (x - left, y - top) for n, (x, y) in pos.items()}, max(xs) - left, max(ys) - top))
    if not boxes:
        return {}
    area = sum((w + _GAP) * (h + _GAP) for _, w, h in boxes)
    width = max(max(w for _, w, _ in boxes), math.sqrt(area) * 1.3)
    out: dict[str, tuple[float, float]] = {}
    x = y = row = 0.0
    for pos, w, h in boxes:
        if x > 0 and x + w > width:
            x, y, row = 0.0, y + row + _GAP, 0.0
        for n, (px, py) in pos.items():
            out[n] = (x + px, y + py)
        x += w + _GAP
        row = max(row, h)
    cx = (min(p[0] for p in out.values()) + max(p[0] for p in out.values())) / 2
    cy = (min(p[1] for p in out.values()) + max(p[1] for p in out.values())) / 2
    return {n: (round(px - cx, 1), round(py - cy, 1)) for n, (px, py) in out.items()}
