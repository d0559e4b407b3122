"""The embedded store: a persistent Oxigraph database that ``kg build --store DIR`` adds to.

Layout (the same as the TriG and N-Quads files, see :mod:`kg.rdf.named_graphs`):

* one named graph per article, named by the article's IRI, holding exactly what
  :meth:`kg.rdf.writer.GraphWriter.article` yields for it;
* the default graph holds the entities and the vocabulary, which all articles share.

Builds are incremental and idempotent:

* an article's graph is compared with what is stored: unchanged, it is not touched; changed,
  it is brought to the new content (new quads are added before stale ones are removed, so a
  reader never sees the article missing);
* the stored entities take part in this build's entity merging, so a new article's "Musk"
  joins the stored "Elon Musk". An entity keeps the IRI the store knows it by; when this
  build unites two stored entities, every reference to one is rewritten to the other;
* an entity that no article mentions any more is removed.

Only one article's triples are in rdflib memory at a time.
"""

from __future__ import annotations

import os
from collections import Counter, defaultdict
from itertools import groupby, islice
from pathlib import Path
from typing import Iterable, Iterator

import pyoxigraph as ox
from rdflib import OWL, RDF, RDFS, SKOS, URIRef

from ..errors import Errors, KGError
from .named_graphs import split_article
from .writer import GraphWriter
from .iri import EntityNames, Minter, short_hash
from ..model import ArticleResult, Entity
from ..ontology import GN, KG, SCHEMA, Ontology, load_ontology
from ..resolve.corpus import Resolution
from .statement import asserted_in_store, statements_in_quads
from .terms import to_quads

__all__ = ["StoreWriter", "StoreStats", "is_store", "open_store"]

_DEFAULT = ox.DefaultGraph()
FLUSH_EVERY = 200
"""Articles between reopenings of the store. RocksDB keeps unflushed writes in memory tables,
one per index, and caches blocks and table indexes as the database grows; flushing and
reopening keeps memory flat over a big build (see "Memory" in docs/BENCHMARKS.md)."""
ENTITY_FLUSH_EVERY = 5_000
"""Entities between reopenings while their labels are written and their mentions checked
(a few quads each, against an article's dozens)."""


def is_store(path: str | os.PathLike) -> bool:
    """A folder that holds an Oxigraph (RocksDB) database."""
    folder = Path(path)
    return folder.is_dir() and (folder / "CURRENT").is_file()


def open_store(path: str | os.PathLike, *, read_only: bool = False) -> ox.Store:
    """Open (or, writable, create) the store at ``path``, with numbered errors."""
    folder = Path(path)
    if read_only:
        if not is_store(folder):
            raise KGError(Errors.E100.format(path=path))
    elif folder.exists() and not is_store(folder) and (not folder.is_dir() or any(folder.iterdir())):
        raise KGError(Errors.E104.format(path=path))
    try:
        return ox.Store.read_only(str(folder)) if read_only else ox.Store(str(folder))
    except OSError as exc:
        raise KGError(Errors.E102.format(path=path, detail=str(exc).splitlines()[0])) from exc


class StoreStats(Counter):
    """What a store build changed, counted by kind and read as attributes: ``added`` (articles
    new to the store), ``replaced`` (articles whose graph changed), ``unchanged``, ``merged``
    (stored entities folded into another by this build's merging) and ``removed`` (entities
    that no article mentions any more)."""

    KINDS = ("added", "replaced", "unchanged", "merged", "removed")

    def __getattr__(self, name: str) -> int:
        if name in StoreStats.KINDS:
            return self[name]
        raise AttributeError(name)


class _StickyNames(EntityNames):
    """This build's entity names, with each merged entity under the IRI the store knows it by."""

    def __init__(self, resolution: Resolution, minter: Minter, known: list[Entity]) -> None:
        super().__init__(resolution, minter)
        stored: dict[tuple[str, str], list[str]] = defaultdict(list)
        for entity in known:
            merged = resolution.resolve(entity)
            if merged is not None:
                stored[merged.key].append(entity.id)
        self.renames: dict[str, str] = {}
        fresh = dict(self.iri)
        for key, iris in stored.items():
            keep = fresh[key] if fresh[key] in iris else min(iris)
            self.iri[key] = keep
            self.renames.update({iri: keep for iri in iris if iri != keep})
        taken = {entity.id for entity in known}
        for key, iri in fresh.items():
            if key not in stored and iri in taken:
                # A new entity minted the IRI of a different stored one: keep them apart.
                self.iri[key] = f"{iri}-{short_hash(*key, length=6)}"


class StoreWriter:
    """A :class:`kg.pipeline.build.GraphSink` that writes into a persistent Oxigraph store."""

    def __init__(self, path: str | os.PathLike, ontology: Ontology | None = None) -> None:
        self.path = Path(path)
        self.ontology = ontology or load_ontology()
        self.store = open_store(self.path)
        self.stats = StoreStats()
        self._known: list[Entity] | None = None
        self.statements = self.asserted = 0
        self._orphans: set[tuple] = set()

    def close(self) -> None:
        """Flush and release the store (its lock goes with the last reference)."""
        if self.store is not None:
            self.store.flush()
            self.store = None  # type: ignore[assignment]

    def _reopening(self, items: Iterable, every: int) -> Iterator:
        """The items, with the store flushed and reopened after every ``every`` of them."""
        for count, item in enumerate(items, start=1):
            yield item
            if count % every == 0:
                self._reopen()

    def _reopen(self) -> None:
        self.close()  # drops the last reference: RocksDB closes and frees its caches
        self.store = open_store(self.path)

    # -- reading what the store knows -------------------------------------------------------

    def _entity_classes(self) -> dict[str, str]:
        """Entity class IRI -> local name, for every ontology class below kg:Entity."""
        ontology = self.ontology
        classes = {ontology.local(c) for c in ontology.graph.subjects(RDF.type, None)}
        return {str(KG[c]): c for c in classes if c and c != "Entity" and ontology.is_a(c, "Entity")}

    def known_entities(self) -> list[Entity]:
        if self._known is None:
            classes = self._entity_classes()
            entities = []
            for quad in self.store.quads_for_pattern(None, ox.NamedNode(str(RDF.type)), None, _DEFAULT):
                cls = classes.get(getattr(quad.object, "value", ""))
                if cls is None or not isinstance(quad.subject, ox.NamedNode):
                    continue
                labels = [q.object.value for q in self._values(quad.subject, RDFS.label)]
                if not labels:
                    continue
                aliases = {q.object.value for q in self._values(quad.subject, SKOS.altLabel)}
                scope = next((q.object.value for q in self._values(quad.subject, KG.nameScope)), "")
                entities.append(Entity(quad.subject.value, cls, labels[0], tuple(sorted(aliases | {labels[0]})),
                                       scope=scope))
            self._known = sorted(entities, key=lambda e: e.id)
        return self._known

    def _values(self, subject: ox.NamedNode, predicate: URIRef) -> list[ox.Quad]:
        return list(self.store.quads_for_pattern(subject, ox.NamedNode(str(predicate)), None, _DEFAULT))

    # -- writing ----------------------------------------------------------------------------

    def write(self, results: Iterable[ArticleResult], resolution: Resolution, minter: Minter,
              ontology: Ontology) -> int:
        sticky = _StickyNames(resolution, minter, self.known_entities())
        try:
            for old, new in sorted(sticky.renames.items()):
                self._rename(old, new)
                self.stats["merged"] += 1
            writer = GraphWriter(sticky, minter, ontology)
            for result in self._reopening(results, FLUSH_EVERY):
                self._write_article(writer, minter.article(result.meta.id), result)
            self._remove_unsupported_facts()
            self._write_entities(writer)
            self._reopen()
            quads = to_quads(writer.vocabulary(), _DEFAULT)
            while chunk := list(islice(quads, 1000)):  # one transaction holds its writes in memory
                self.store.extend(chunk)
            self.statements, self.asserted = writer.statements, writer.asserted
            self._remove_unmentioned()
            self.store.flush()
        except OSError as exc:
            raise KGError(Errors.E117.format(path=self.path, detail=exc)) from exc
        return len(self.store)

    @staticmethod
    def _quads(triples, graph) -> list[ox.Quad]:
        return list(to_quads(triples, graph))

    @staticmethod
    def _as_stored(quads: list[ox.Quad]) -> set[ox.Quad]:
        # The store keeps typed literals by value ("0.90" reads back as "0.9"); comparing in
        # stored form keeps an unchanged article unchanged.
        scratch = ox.Store()
        scratch.extend(quads)
        return set(scratch)

    def _sync(self, new: set[ox.Quad], old: set[ox.Quad]) -> None:
        self.store.extend(new - old)
        for quad in old - new:
            self.store.remove(quad)

    def _write_article(self, writer: GraphWriter, article: URIRef, result: ArticleResult) -> None:
        name = ox.NamedNode(str(article))
        evidence, facts = split_article(writer.article(result), article)
        new = self._as_stored(self._quads(evidence, name))
        old = set(self.store.quads_for_pattern(None, None, None, name))
        # Plain triples live in the default graph, shared by the articles that assert them.
        self.store.extend(self._quads(facts, _DEFAULT))
        if new == old:
            self.stats["unchanged"] += 1
            return
        self.stats["replaced" if old else "added"] += 1
        self._sync(new, old)
        self._orphans.update(self._asserted(old - new))

    @staticmethod
    def _asserted(quads: set[ox.Quad]) -> set[tuple]:
        """The plain triples that the asserted statement nodes among ``quads`` stand for."""
        return {(ox.NamedNode(st.subject), ox.NamedNode(st.predicate), ox.NamedNode(st.object))
                for st in statements_in_quads(quads) if st.asserted}

    def _remove_unsupported_facts(self) -> None:
        """Plain triples that no asserted statement in any article stands for any more."""
        for s, p, o in sorted(self._orphans, key=str):
            if not asserted_in_store(self.store, s, p, o):
                self.store.remove(ox.Quad(s, p, o, _DEFAULT))

    def _write_entities(self, writer: GraphWriter) -> None:
        """Each entity's type, label, aliases and GeoNames link: replaced by the merged ones (a stored label
        that lost the vote stays as an alias). Its relation triples are not touched here."""
        described = {ox.NamedNode(str(p)) for p in (RDF.type, RDFS.label, SKOS.altLabel, KG.nameScope, OWL.sameAs, GN.countryCode)}
        # An entity's triples come out together: one entity at a time, never all of them.
        by_subject = groupby(writer.entities(), key=lambda triple: triple[0])
        for subject, triples in self._reopening(by_subject, ENTITY_FLUSH_EVERY):
            new = self._as_stored(self._quads(triples, _DEFAULT))
            old = {q for q in self.store.quads_for_pattern(ox.NamedNode(str(subject)), None, None, _DEFAULT)
                   if q.predicate in described}
            if new != old:
                self._sync(new, old)

    def _rename(self, old: str, new: str) -> None:
        """Every quad that uses ``old`` (as subject or object, in any graph) uses ``new`` instead."""
        source, target = ox.NamedNode(old), ox.NamedNode(new)
        quads = set(self.store.quads_for_pattern(source, None, None, None))
        quads |= set(self.store.quads_for_pattern(None, None, source, None))
        moved = [ox.Quad(target if q.subject == source else q.subject, q.predicate,
                         target if q.object == source else q.object, q.graph_name) for q in quads]
        self.store.extend(moved)
        for quad in quads:
            self.store.remove(quad)

    def _remove_unmentioned(self) -> None:
        mentions = ox.NamedNode(str(SCHEMA.mentions))
        for entity in self._reopening(self._stored_entities(), ENTITY_FLUSH_EVERY):
            if next(iter(self.store.quads_for_pattern(None, mentions, entity, None)), None) is None:
                for quad in list(self.store.quads_for_pattern(entity, None, None, _DEFAULT)):
                    self.store.remove(quad)
                self.stats["removed"] += 1

    def _stored_entities(self) -> list[ox.NamedNode]:
        classes = self._entity_classes()
        return sorted({q.subject for q in self.store.quads_for_pattern(None, ox.NamedNode(str(RDF.type)), None, _DEFAULT)
                       if getattr(q.object, "value", "") in classes}, key=lambda n: n.value)
