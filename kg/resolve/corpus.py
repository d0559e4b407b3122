"""Across articles: the same real entity gets one IRI.

Every article's entities are added as name keys (case, punctuation, possessives and
corporate suffixes normalized). :meth:`EntityMerger.finalize` then

* gives a name the type most of its mentions have (the small model tags "Twitter" as a
  person now and then; the corpus outvotes it);
* unites the names one article already united ("Elon Musk" and "Musk"), a surname with the
  single full name that ends with it, an acronym with the single name it abbreviates, and
  names within a small edit distance, always within one type;
* picks the label most articles use and keeps every surface form as an alias.

IRIs are not minted here: :class:`kg.rdf.iri.EntityNames` names the merged entities.

The state is one entry per distinct name, not per article, and the result depends only on
the set of articles, not on their order.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Iterable, Iterator

from ..model import Entity
from .names import edit_distance, initials, name_data, name_key

__all__ = ["EntityMerger", "Resolution", "GlobalEntity"]

_TYPE_MAJORITY = 2 / 3


@dataclass
class _Name:
    types: Counter = field(default_factory=Counter)
    surfaces: Counter = field(default_factory=Counter)
    label_votes: Counter = field(default_factory=Counter)
    mentions: int = 0


@dataclass(frozen=True)
class GlobalEntity:
    key: tuple[str, str]
    """(type, canonical name key): stable identity of the merged entity."""
    type: str
    label: str
    aliases: tuple[str, ...]
    mentions: int


class _UnionFind:
    def __init__(self) -> None:
        self.parent: dict = {}

    def find(self, x):
        self.parent.setdefault(x, x)
        root = x
        while self.parent[root] != root:
            root = self.parent[root]
        while self.parent[x] != root:
            self.parent[x], x = root, self.parent[x]
        return root

    def union(self, a, b) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            # The smaller key becomes the root, so the result does not depend on order.
            if rb < ra:
                ra, rb = rb, ra
            self.parent[rb] = ra


class EntityMerger:
    """Collects entities article by article; :meth:`finalize` merges them corpus-wide."""

    def __init__(self) -> None:
        self.names: dict[str, _Name] = defaultdict(_Name)
        self.links: set[tuple[str, str]] = set()

    def add(self, entities: Iterable[Entity]) -> None:
        for entity in entities:
            label_key = _scoped(name_key(entity.label), entity)
            if not label_key:
                continue
            record = self.names[label_key]
            record.types[entity.type] += max(1, len(entity.mentions))
            record.mentions += len(entity.mentions)
            record.label_votes[entity.label] += 1
            for alias in entity.aliases:
                record.surfaces[alias] += 1
                key = _scoped(name_key(alias), entity)
                if key and key != label_key:
                    self.links.add((label_key, key))

    def update(self, other: "EntityMerger") -> "EntityMerger":
        """Add what ``other`` collected (another part of the corpus, read elsewhere): the same as
        adding its entities here, so partial mergers reduce to the corpus's in any order."""
        for key, record in other.names.items():
            mine = self.names[key]
            mine.types.update(record.types)
            mine.surfaces.update(record.surfaces)
            mine.label_votes.update(record.label_votes)
            mine.mentions += record.mentions
        self.links |= other.links
        return self

    def typed_key(self, entity: Entity) -> tuple[str, str]:
        """The (type, key) node a local entity belongs to, after corpus-wide type voting."""
        key = _scoped(name_key(entity.label), entity)
        return self._type_of(key, entity.type), key

    def _type_of(self, key: str, own: str) -> str:
        types = self.names[key].types if key in self.names else Counter()
        total = sum(types.values())
        if total:
            best, count = max(sorted(types.items()), key=lambda kv: kv[1])
            if best != own and count / total >= _TYPE_MAJORITY and own in name_data().confusable_types:
                return best
        return own

    def finalize(self) -> "Resolution":
        uf = _UnionFind()
        nodes: dict[tuple[str, str], _Name] = {}
        for key in sorted(self.names):
            record = self.names[key]
            own = max(sorted(record.types.items()), key=lambda kv: kv[1])[0] if record.types else None
            if own is None:
                continue
            node = (self._type_of(key, own), key)
            nodes[node] = record
            uf.find(node)
        by_type: dict[str, list[str]] = defaultdict(list)
        for cls, key in nodes:
            by_type[cls].append(key)
        # A short form that different articles give different full names ("GM": General Motors
        # here, Guardian Media Group there) joins none of them: ambiguity is kept apart.
        expansions: dict[str, set[str]] = defaultdict(set)
        for label_key, alias_key in self.links:
            expansions[alias_key].add(label_key)
        for label_key, alias_key in sorted(self.links):
            if len(expansions[alias_key]) > 1 and alias_key not in self.names:
                continue
            for cls in _types_of(nodes, label_key):
                if (cls, alias_key) in nodes:
                    uf.union((cls, label_key), (cls, alias_key))
        for cls, keys in sorted(by_type.items()):
            _merge_similar(uf, cls, sorted(keys))
        return Resolution(self, uf, nodes)


def _scoped(key: str, entity: Entity) -> str:
    """A generic name's key within its scope ("finance ministry@Japan"); others unchanged."""
    return f"{key}@{entity.scope}" if key and entity.scope else key


def _types_of(nodes, key: str) -> list[str]:
    return [cls for (cls, k) in nodes if k == key]


def _merge_similar(uf: _UnionFind, cls: str, keys: list[str]) -> None:
    """Surname -> the one full name ending with it; acronym -> the one name it abbreviates;
    and spelling variants within a small edit distance."""
    multi = [k for k in keys if " " in k]
    if cls == "Person":
        last: dict[str, list[str]] = defaultdict(list)
        for k in multi:
            last[k.split()[-1]].append(k)
        for k in keys:
            if " " not in k and len(last.get(k, [])) == 1:
                uf.union((cls, k), (cls, last[k][0]))
    else:
        expansions: dict[str, list[str]] = defaultdict(list)
        for k in multi:
            if initials(k):
                expansions[initials(k)].append(k)
        for k in keys:
            if " " not in k and 2 <= len(k) <= 6 and len(expansions.get(k, [])) == 1:
                uf.union((cls, k), (cls, expansions[k][0]))
    blocks: dict[str, list[str]] = defaultdict(list)
    for k in keys:
        if len(k) >= 6:
            blocks[k[:2]].append(k)
    for block in blocks.values():
        for i, a in enumerate(block):
            for b in block[i + 1:]:
                limit = 1 if len(a) < 10 else 2
                if a.split()[-1:] != b.split()[-1:] and cls == "Person":
                    continue
                if not any(ch.isdigit() for ch in a + b) and edit_distance(a, b, limit) <= limit:
                    uf.union((cls, a), (cls, b))


class Resolution:
    """Maps a local entity to its merged, corpus-wide entity."""

    def __init__(self, merger: EntityMerger, uf: _UnionFind, nodes) -> None:
        self._merger = merger
        self._uf = uf
        groups: dict[tuple[str, str], list[tuple[str, str]]] = defaultdict(list)
        for node in nodes:
            groups[uf.find(node)].append(node)
        self.entities: dict[tuple[str, str], GlobalEntity] = {}
        for root, members in sorted(groups.items()):
            records = [nodes[m] for m in members]
            votes: Counter = Counter()
            surfaces: Counter = Counter()
            for record in records:
                votes.update(record.label_votes)
                surfaces.update(record.surfaces)
            tally = votes or surfaces
            # Most articles' label; then the fullest name; then the plainest spelling of it
            # ("Microsoft" over "Microsoft Corp.").
            label = max(sorted(tally), key=lambda s: (tally[s], len(name_key(s).split()), -len(s)))
            self.entities[root] = GlobalEntity(root, root[0], label, tuple(sorted(surfaces)),
                                               sum(r.mentions for r in records))

    def resolve(self, entity: Entity) -> GlobalEntity | None:
        node = self._merger.typed_key(entity)
        if node not in self._uf.parent:
            return None
        return self.entities.get(self._uf.find(node))

    def __iter__(self) -> Iterator[GlobalEntity]:
        return iter(sorted(self.entities.values(), key=lambda e: e.key))

    def __len__(self) -> int:
        return len(self.entities)
