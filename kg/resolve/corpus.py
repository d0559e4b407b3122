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

import json
from collections import Counter, defaultdict
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Iterable, Iterator, Mapping, Tuple, Union

from ..model import Entity
from ..nlp.gazetteer import is_place_name
from .names import clipping_key, clipping_probes, edit_distance, initialisms, initials, is_clipping, known_alias, \
    name_data, name_key, variant_keys

__all__ = ["EntityMerger", "Resolution", "GlobalEntity"]

_TYPE_MAJORITY = 2 / 3


Tally = Union[None, str, Tuple[str, int], Counter]
"""Votes for keys: None (none yet), a key (one vote), a (key, votes) pair, or a Counter."""


def _vote(held: Tally, key: str, votes: int = 1) -> Tally:
    """``held`` with ``votes`` more for ``key``. A tally of one key stays a plain value and
    becomes a Counter at its second key: most names are met in one article only, and three
    Counters a name were most of the table's 0.86 KB a name.

    >>> _vote(None, "Musk"), _vote("Musk", "Musk"), _vote(("Musk", 2), "Elon Musk")
    ('Musk', ('Musk', 2), Counter({'Musk': 2, 'Elon Musk': 1}))
    """
    if held is None:
        return key if votes == 1 else (key, votes)
    if isinstance(held, Counter):
        held[key] += votes
        return held
    one, before = (held, 1) if isinstance(held, str) else held
    if one == key:
        return (key, before + votes)
    return Counter({one: before, key: votes})


def _votes(held: Tally) -> Mapping[str, int]:
    """A tally as a mapping of key to votes."""
    if held is None:
        return {}
    if isinstance(held, str):
        return {held: 1}
    if isinstance(held, tuple):
        return {held[0]: held[1]}
    return held


class _Name:
    """What the corpus says of one name key: its types (by mentions), surface forms and labels
    (by entities). Slotted, with :data:`Tally` values: the table holds one per distinct name."""

    __slots__ = ("_types", "_surfaces", "_labels", "mentions")

    def __init__(self) -> None:
        self._types: Tally = None
        self._surfaces: Tally = None
        self._labels: Tally = None
        self.mentions = 0

    @property
    def types(self) -> Mapping[str, int]:
        return _votes(self._types)

    @property
    def surfaces(self) -> Mapping[str, int]:
        return _votes(self._surfaces)

    @property
    def label_votes(self) -> Mapping[str, int]:
        return _votes(self._labels)

    def add(self, type_: str, mentions: int, label: str, aliases: Iterable[str]) -> None:
        self._types = _vote(self._types, type_, max(1, mentions))
        self.mentions += mentions
        self._labels = _vote(self._labels, label)
        for alias in aliases:
            self._surfaces = _vote(self._surfaces, alias)

    def update(self, other: "_Name") -> None:
        for mine, theirs in (("_types", other.types), ("_surfaces", other.surfaces), ("_labels", other.label_votes)):
            held = getattr(self, mine)
            for key, votes in sorted(theirs.items()):
                held = _vote(held, key, votes)
            setattr(self, mine, held)
        self.mentions += other.mentions


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
        self._retyped: dict[str, str] = {}

    def add(self, entities: Iterable[Entity]) -> None:
        for entity in entities:
            label_key = _scoped(name_key(entity.label), entity)
            if not label_key:
                continue
            self.names[label_key].add(entity.type, len(entity.mentions), entity.label, entity.aliases)
            for alias in entity.aliases:
                key = _scoped(name_key(alias), entity)
                if key and key != label_key:
                    self.links.add((label_key, key))

    def update(self, other: "EntityMerger") -> "EntityMerger":
        """Add what ``other`` collected (another part of the corpus, read elsewhere): the same as
        adding its entities here, so partial mergers reduce to the corpus's in any order."""
        for key, record in other.names.items():
            self.names[key].update(record)
        self.links |= other.links
        return self

    def typed_key(self, entity: Entity) -> tuple[str, str]:
        """The (type, key) node a local entity belongs to, after corpus-wide type voting."""
        key = _scoped(name_key(entity.label), entity)
        return self._type_of(key, entity.type), key

    def _type_of(self, key: str, own: str) -> str:
        return _ruled_type(self._retyped.get(key), _majority_type(self.names[key].types) if key in self.names else None,
                           own)

    def finalize(self) -> "Resolution":
        uf = _UnionFind()
        nodes: dict[tuple[str, str], _Name] = {}
        owns = {key: max(sorted(record.types.items()), key=lambda kv: kv[1])[0]
                for key, record in sorted(self.names.items()) if record.types}
        self._retyped = _surnames_of_people({key: self._type_of(key, own) for key, own in owns.items()})
        for key, own in owns.items():
            node = (self._type_of(key, own), key)
            nodes[node] = self.names[key]
            uf.find(node)
        by_type: dict[str, list[str]] = defaultdict(list)
        for cls, key in nodes:
            by_type[cls].append(key)
        for cls, keys in sorted(by_type.items()):
            _merge_similar(uf, cls, sorted(keys), self.names)
        # A short form that different articles give different full names ("GM": General Motors
        # here, Guardian Media Group there) joins none of them: ambiguity is kept apart.
        expansions: dict[str, set[str]] = defaultdict(set)
        for label_key, alias_key in self.links:
            expansions[alias_key].add(label_key)
        types_of: dict[str, list[str]] = defaultdict(list)
        for cls, key in nodes:
            types_of[key].append(cls)
        for label_key, alias_key in sorted(self.links):
            for cls in types_of.get(label_key, ()):
                if (cls, alias_key) not in nodes:
                    continue
                meant = {uf.find((cls, k)) for k in expansions[alias_key] if (cls, k) in nodes}
                if len(meant) == 1 or alias_key not in self.names and len(expansions[alias_key]) == 1:
                    uf.union((cls, label_key), (cls, alias_key))
        majority = {key: best for key, record in self.names.items() if (best := _majority_type(record.types))}
        return Resolution(uf, nodes, self._retyped, majority)


def _majority_type(types: Mapping[str, int]) -> str | None:
    """The type at least two thirds of a name's mentions have, if one has.

    >>> _majority_type({"Organization": 5, "Person": 1}), _majority_type({"Organization": 1, "Person": 1})
    ('Organization', None)
    """
    total = sum(types.values())
    if not total:
        return None
    best, count = max(sorted(types.items()), key=lambda kv: kv[1])
    return best if count / total >= _TYPE_MAJORITY else None


def _ruled_type(retyped: str | None, majority: str | None, own: str) -> str:
    """A local entity's type after the corpus's vote: a surname the corpus made a person's; the
    majority's type when the model's own is one it confuses ("Twitter" as a person); else its own."""
    if retyped is not None:
        return retyped
    if majority is not None and majority != own and own in name_data().confusable_types:
        return majority
    return own


_RETYPABLE = frozenset({"Organization", "Product", "Group", "CreativeWork"})
"""Types the small model gives a surname alone that the corpus may overrule (never Place: "Washington")."""


def _surnames_of_people(types: dict[str, str]) -> dict[str, str]:
    """A one-word name that the small model typed an organization or a product ("Poehl said ...")
    and that ends the full name of exactly one person of the corpus ("Karl Otto Poehl") is that
    person's surname, unless some other name of the corpus has that word ("Ford Motor") or it is
    a place or a name kg's entity patterns know.

    >>> _surnames_of_people({"poehl": "Organization", "karl otto poehl": "Person"})
    {'poehl': 'Person'}
    >>> _surnames_of_people({"ford": "Organization", "ford motor": "Organization", "harrison ford": "Person"})
    {}
    """
    last: dict[str, list[str]] = defaultdict(list)
    words: Counter = Counter()
    for key, cls in types.items():
        parts = key.split()
        if len(parts) > 1 and "@" not in key:
            words.update(set(parts))
            if cls == "Person":
                last[parts[-1]].append(key)
    out = {}
    for key, cls in types.items():
        if cls in _RETYPABLE and " " not in key and "@" not in key and len(last.get(key, ())) == 1 \
                and words[key] == 1 and key not in _pattern_keys() and not is_place_name(key.title()):
            out[key] = "Person"
    return out


@lru_cache(maxsize=1)
def _pattern_keys() -> frozenset[str]:
    """Name keys of kg's entity patterns (kg/data/entity_patterns.jsonl): names kg knows the type of."""
    text = resources.files("kg").joinpath("data", "entity_patterns.jsonl").read_text("utf-8")
    return frozenset(name_key(row["pattern"]) for row in map(json.loads, filter(None, text.splitlines()))
                     if isinstance(row.get("pattern"), str))


def _scoped(key: str, entity: Entity) -> str:
    """A generic name's key within its scope ("finance ministry@Japan"); others unchanged."""
    return f"{key}@{entity.scope}" if key and entity.scope else key


def _merge_similar(uf: _UnionFind, cls: str, keys: list[str], records: dict[str, _Name]) -> None:
    """Surname -> the one full name ending with it; acronym -> the one name it abbreviates
    ("DOT" -> "Department of Transportation", "BBC" -> "British Broadcasting Corporation"); a
    clipped form -> the one name it clips ("Amex" -> "American Express"); names that differ only
    as variants ("Stansted" and "Stansted Airport", "Tory" and "Conservatives": see
    :func:`kg.resolve.names.variant_keys`) when the variant is not shared by another name; and
    spelling variants within a small edit distance."""
    multi = [k for k in keys if " " in k and "@" not in k]
    if cls == "Person":
        last: dict[str, list[str]] = defaultdict(list)
        for k in multi:
            last[k.split()[-1]].append(k)
        for k in keys:
            if " " not in k and len(last.get(k, [])) == 1:
                uf.union((cls, k), (cls, last[k][0]))
    else:
        # An acronym written in capitals may take the initials of function words ("DOT"), one
        # written as a word only those of the content words ("Nasa").
        loose: dict[str, set[str]] = defaultdict(set)
        strict: dict[str, set[str]] = defaultdict(set)
        # the names by what their clippings must have (every name tried for every one-word name
        # that starts like it was 1.1 million tries for the 31,559 names of 19,043 articles)
        clippable: dict[tuple[str, str], set[str]] = defaultdict(set)
        for k in multi:
            for name in {k, *records[k].surfaces}:
                for short in initialisms(name):
                    loose[short].add(k)
                if initials(name):
                    strict[initials(name)].add(k)
                key = clipping_key(name)
                if key is not None:
                    clippable[key].add(k)
        for k in keys:
            if " " in k or "@" in k:
                continue
            capitals = any(s.isupper() for s in records[k].surfaces)
            expansions = (loose if capitals else strict).get(k, ())
            if 2 <= len(k) <= 6 and len(expansions) == 1:
                uf.union((cls, k), (cls, next(iter(expansions))))
                continue
            maybe = {m for probe in clipping_probes(k) for m in clippable.get(probe, ()) if m[:2] == k[:2]}
            clipped = {m for m in maybe if is_clipping(k, m) or any(is_clipping(k, s) for s in records[m].surfaces)}
            if len(clipped) == 1:
                uf.union((cls, k), (cls, clipped.pop()))
        _merge_variants(uf, cls, keys)
    _merge_misspellings(uf, cls, keys)


def _merge_misspellings(uf: _UnionFind, cls: str, keys: list[str]) -> None:
    """Names of six letters or more, without digits, within an edit distance of 1 (2 from ten
    letters) of each other, that begin with the same two letters (people: and end with the same
    word). Names are compared only with those whose length is in reach of that distance: the
    corpus's 30,000 names otherwise made a minute of mostly hopeless comparisons."""
    blocks: dict[tuple[str, str], dict[int, list[str]]] = defaultdict(lambda: defaultdict(list))
    for k in keys:
        if len(k) >= 6 and not any(ch.isdigit() for ch in k):
            blocks[k[:2], k.split()[-1] if cls == "Person" else ""][len(k)].append(k)
    for by_length in blocks.values():
        for length, names in by_length.items():
            limit = 1 if length < 10 else 2
            for a in names:
                for other in range(length - limit, length + limit + 1):
                    for b in by_length.get(other, ()):
                        # each pair once, its limit from the name that sorts first
                        if b > a and edit_distance(a, b, limit) <= limit:
                            uf.union((cls, a), (cls, b))


def _merge_variants(uf: _UnionFind, cls: str, keys: list[str]) -> None:
    """Names of one type that are variants of each other ("stansted airport" and "stansted";
    "lib dems" and "liberal democrats") are one, when no third name shares the variant."""
    by_variant: dict[str, set[str]] = defaultdict(set)
    for k in keys:
        if "@" not in k:
            for variant in variant_keys(k):
                by_variant[variant].add(k)
    for variant, group in sorted(by_variant.items()):
        if 1 < len(group) <= 2 or len(group) > 2 and all(known_alias(k) == variant for k in group if k != variant):
            first, *rest = sorted(group)
            for k in rest:
                uf.union((cls, first), (cls, k))


class Resolution:
    """Maps a local entity to its merged, corpus-wide entity. It keeps only what that takes (the
    merged groups and each name's ruling type), not the merger's name table."""

    def __init__(self, uf: _UnionFind, nodes, retyped: dict[str, str], majority: dict[str, str]) -> None:
        self._uf = uf
        self._retyped = retyped
        self._majority = majority
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
        key = _scoped(name_key(entity.label), entity)
        node = (_ruled_type(self._retyped.get(key), self._majority.get(key), entity.type), key)
        if node not in self._uf.parent:
            return None
        return self.entities.get(self._uf.find(node))

    def __iter__(self) -> Iterator[GlobalEntity]:
        return iter(sorted(self.entities.values(), key=lambda e: e.key))

    def __len__(self) -> int:
        return len(self.entities)
