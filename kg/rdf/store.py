"""The embedded store: a persistent Oxigraph database that ``kg build --store DIR`` adds to.

Layout (the same as the TriG and N-Quads files, see :mod:`kg.rdf.named_graphs`):

* one named graph per article, named by the article's IRI, holding exactly what
  :meth:`kg.rdf.writer.GraphWriter.article` yields for it;
* the default graph holds the entities and the vocabulary, which all articles share.

Builds are incremental and idempotent:

* an article's graph is compared with what is stored: unchanged, it is not touched; changed,
  it is brought to the new content;
* the stored entities of articles this build does not rewrite take part in this build's entity
  merging, so a new article's "Musk" joins the stored "Elon Musk". An entity keeps the IRI the
  store knows it by; when this build unites two stored entities, every reference to one is
  rewritten to the other. The entities of the articles this build rewrites do not vote again:
  so building the same input twice, or resuming a build that was killed, leaves the store
  exactly as one clean build of that input;
* an entity that kg minted (under the build's base IRI) and no article mentions any more is removed.

Every change is a transaction of its own, and whole: an article (its graph, its plain triples,
the labels of the entities it mentions and the declarations of the predicates it uses, and the
removal of what its old version alone asserted), one merge of two stored entities, one entity's
labels. A write that fails, say on a full disk, leaves the store as the last whole transaction
left it: every article in it complete, the graph valid against the shapes.

Only one article's triples are in rdflib memory at a time.
"""

from __future__ import annotations

import os
from collections import Counter, defaultdict
from itertools import islice
from pathlib import Path
from typing import Collection, Iterable, Iterator, cast

import pyoxigraph as ox
from rdflib import OWL, RDF, RDFS, SKOS, URIRef

from ..errors import Errors, KGError, disk_full
from .named_graphs import split_article
from .writer import GraphWriter, entity_triples
from .iri import EntityNames, Minter, NamedEntity, short_hash
from ..model import ArticleResult, Entity
from ..ontology import GN, KG, SCHEMA, Ontology, load_ontology
from ..resolve.corpus import Resolution
from .statement import asserted_in_store, statements_in_quads
from .terms import OxTerm, to_quads

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
        detail = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        if "Permission denied" in detail or "Operation not permitted" in detail:
            raise KGError(Errors.E125.format(path=path, detail=detail)) from exc
        if disk_full(exc):
            raise KGError(Errors.E311.format(path=path, detail=detail, state="The store was not opened.")) from exc
        if "lock" in detail.lower() and not read_only:
            raise KGError(Errors.E102.format(path=path, detail=detail)) from exc
        raise KGError(Errors.E126.format(path=path, detail=detail)) from exc


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
        self.written = 0
        """Articles whose transaction is done in this build (written or found unchanged)."""
        self._described: set[str] = set()
        self._declared: tuple[set[str], set[str]] = (set(), set())

    def close(self) -> None:
        """Flush and release the store (its lock goes with the last reference). After a failed
        write (a full disk) the flush may fail too: what is stored stays as it was."""
        if self.store is not None:
            store, self.store = self.store, None  # type: ignore[assignment]
            try:
                store.flush()
            except OSError:
                pass

    def _reopening(self, items: Iterable, every: int) -> Iterator:
        """The items, with the store flushed and reopened after every ``every`` of them."""
        for count, item in enumerate(items, start=1):
            yield item
            if count % every == 0:
                self._reopen()

    def _reopen(self) -> None:
        self.store.flush()
        self.store = None  # type: ignore[assignment]  # the last reference: RocksDB closes and frees its caches
        self.store = open_store(self.path)

    # -- reading what the store knows -------------------------------------------------------

    def _entity_classes(self) -> dict[str, str]:
        """Entity class IRI -> local name, for every ontology class below kg:Entity."""
        ontology = self.ontology
        classes = {ontology.local(c) for c in ontology.graph.subjects(RDF.type, None)}
        return {str(KG[c]): c for c in classes if c and c != "Entity" and ontology.is_a(c, "Entity")}

    def holds(self, article_iri: str) -> bool:
        """Whether the store holds the graph of the article ``article_iri``."""
        return self.store.contains_named_graph(ox.NamedNode(article_iri))

    def known_entities(self, rewritten: Collection[str] = ()) -> list[Entity]:
        """The stored entities that take part in this build's merging: those that a stored article
        mentions which is not among ``rewritten`` (the IRIs of the articles this build writes).
        The others would only vote a second time for what this build's own articles say."""
        if self._known is None:
            mentions = ox.NamedNode(str(SCHEMA.mentions))
            elsewhere = (q for q in self.store.quads_for_pattern(None, mentions, None, None)
                         if isinstance(q.graph_name, ox.NamedNode) and q.graph_name.value not in rewritten)
            outside = set(_object_texts(elsewhere))
            classes = self._entity_classes()
            entities = []
            for quad in self.store.quads_for_pattern(None, ox.NamedNode(str(RDF.type)), None, _DEFAULT):
                cls = classes.get(getattr(quad.object, "value", ""))
                if cls is None or not isinstance(quad.subject, ox.NamedNode) or quad.subject.value not in outside:
                    continue
                labels = _object_texts(self._values(quad.subject, RDFS.label))
                if not labels:
                    continue
                aliases = set(_object_texts(self._values(quad.subject, SKOS.altLabel)))
                scope = next(iter(_object_texts(self._values(quad.subject, KG.nameScope))), "")
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
            named = {entity.iri: entity for entity in sticky}
            for result in self._reopening(results, FLUSH_EVERY):
                self._write_article(writer, minter.article(result.meta.id), result, named)
                self.written += 1
            self._write_entities(writer)
            self._reopen()
            quads = to_quads(writer.vocabulary(), _DEFAULT)
            while chunk := list(islice(quads, 1000)):  # one transaction holds its writes in memory
                self.store.extend(chunk)
            self.statements, self.asserted = writer.statements, writer.asserted
            self._remove_unmentioned(minter.base)
            self.store.flush()
        except OSError as exc:
            detail = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
            if disk_full(exc):
                state = (f"The store is as the last whole transaction left it: {self.written} articles of this "
                         f"build are in it, each complete. Free some space and run the same command again.")
                raise KGError(Errors.E311.format(path=self.path, detail=detail, state=state)) from exc
            raise KGError(Errors.E117.format(path=self.path, detail=detail)) from exc
        return len(self.store)

    @staticmethod
    def _quads(triples, graph) -> list[ox.Quad]:
        return list(to_quads(triples, graph))

    @staticmethod
    def _as_stored(quads: Iterable[ox.Quad]) -> set[ox.Quad]:
        # The store keeps typed literals by value ("0.90" reads back as "0.9"); comparing in
        # stored form keeps an unchanged article unchanged.
        scratch = ox.Store()
        scratch.extend(quads)
        return set(scratch)

    def _transaction(self, add: Iterable[ox.Quad], remove: Iterable[ox.Quad]) -> None:
        """Remove and add quads in one transaction: all of it is stored, or none."""
        parts = [f"{verb} DATA {{ {_data(quads)} }}" for verb, quads in (("DELETE", remove), ("INSERT", add))
                 if quads]
        if parts:
            self.store.update(" ;\n".join(parts))

    def _write_article(self, writer: GraphWriter, article: URIRef, result: ArticleResult,
                       named: dict[str, NamedEntity]) -> None:
        """The article's transaction: its graph, its plain triples, the labels of the entities it
        mentions, the declarations of what it uses, and the plain triples only its old version
        asserted."""
        name = ox.NamedNode(str(article))
        evidence, facts = split_article(writer.article(result), article)
        new = self._as_stored(self._quads(evidence, name))
        old = set(self.store.quads_for_pattern(None, None, None, name))
        add = {q for q in self._as_stored(self._quads(facts, _DEFAULT)) if q not in self.store}
        remove: set[ox.Quad] = set()
        if new != old:
            add |= new - old
            remove |= old - new
            lost = self._asserted(old - new)
            for s, p, o in sorted(lost - self._asserted(new) if lost else (), key=str):
                if not asserted_in_store(self.store, s, p, o, besides=name):
                    remove.add(ox.Quad(s, p, o, _DEFAULT))
        # The cast: these are this build's own quads, and kg writes no RDF 1.2 triple term.
        mentioned = {cast(OxTerm, q.object).value for q in new if q.predicate.value == str(SCHEMA.mentions)}
        for iri in sorted(mentioned - self._described):
            if iri in named:
                more, less = self._entity_change(named[iri])
                add |= more
                remove |= less
        predicates, classes = self._declared
        used = set(writer.predicates) - predicates, set(writer.classes) - classes
        if any(used):
            add |= {q for q in self._as_stored(self._quads(writer.declarations(*used), _DEFAULT))
                    if q not in self.store}
        self._transaction(add, remove)
        self._described |= mentioned
        predicates |= used[0]
        classes |= used[1]
        if new == old:
            self.stats["unchanged"] += 1
        else:
            self.stats["replaced" if old else "added"] += 1

    def _entity_change(self, entity: NamedEntity) -> tuple[set[ox.Quad], set[ox.Quad]]:
        """What brings an entity's type, label, aliases, name scope and GeoNames link to the merged
        ones: (add, remove). A stored label that lost the vote stays as an alias."""
        described = {str(p) for p in (RDF.type, RDFS.label, SKOS.altLabel, KG.nameScope, OWL.sameAs, GN.countryCode)}
        new = self._as_stored(self._quads(entity_triples(entity), _DEFAULT))
        old = {q for q in self.store.quads_for_pattern(ox.NamedNode(entity.iri), None, None, _DEFAULT)
               if q.predicate.value in described}
        return new - old, old - new

    @staticmethod
    def _asserted(quads: set[ox.Quad]) -> set[tuple]:
        """The plain triples that the asserted statement nodes among ``quads`` stand for."""
        return {(ox.NamedNode(st.subject), ox.NamedNode(st.predicate), ox.NamedNode(st.object))
                for st in statements_in_quads(quads) if st.asserted}

    def _write_entities(self, writer: GraphWriter) -> None:
        """Each entity's type, label, aliases, name scope and GeoNames link, for those no article of this build mentions
        (stored entities whose merged labels changed): one transaction per entity."""
        entities = (e for e in writer.names if e.iri not in self._described)
        for entity in self._reopening(entities, ENTITY_FLUSH_EVERY):
            self._transaction(*self._entity_change(entity))

    def _rename(self, old: str, new: str) -> None:
        """Every quad that uses ``old`` (as subject or object, in any graph) uses ``new`` instead."""
        source, target = ox.NamedNode(old), ox.NamedNode(new)
        quads = set(self.store.quads_for_pattern(source, None, None, None))
        quads |= set(self.store.quads_for_pattern(None, None, source, None))
        moved = {ox.Quad(target if q.subject == source else q.subject, q.predicate,
                         target if q.object == source else q.object, q.graph_name) for q in quads}
        self._transaction(moved, quads)

    def _remove_unmentioned(self, base: str) -> None:
        for entity in self._reopening(self._unmentioned_entities(base), ENTITY_FLUSH_EVERY):
            self._transaction((), list(self.store.quads_for_pattern(entity, None, None, _DEFAULT)))
            self.stats["removed"] += 1

    def _unmentioned_entities(self, base: str) -> list[ox.NamedNode]:
        """The stored entities under ``base`` (those kg mints) that no graph mentions, found by
        one query: listing every stored entity to look each up held them all (15 MB at the end of
        a 19,043-article build, its peak). Entities of kg's classes that another tool put in the
        store under IRIs of its own are not kg's to remove."""
        classes = " ".join(f"<{iri}>" for iri in sorted(self._entity_classes()))
        query = (f"SELECT DISTINCT ?e WHERE {{ VALUES ?c {{ {classes} }} ?e a ?c . "
                 f"FILTER(isIRI(?e) && STRSTARTS(STR(?e), {ox.Literal(base)})) "
                 f"FILTER NOT EXISTS {{ {{ ?a <{SCHEMA.mentions}> ?e }} UNION {{ GRAPH ?g {{ ?a <{SCHEMA.mentions}> ?e }} }} }} }}")
        solutions = cast(ox.QuerySolutions, self.store.query(query))  # a SELECT query's answer
        return sorted((row["e"] for row in solutions), key=lambda n: n.value)


def _object_texts(quads: Iterable[ox.Quad]) -> list[str]:
    """The values of the quads' objects. An RDF 1.2 triple term, which has none, is passed over:
    kg writes none, but another tool may have put one in the store."""
    return [obj.value for quad in quads if not isinstance(obj := quad.object, ox.Triple)]


def _data(quads: Iterable[ox.Quad]) -> str:
    """Quads as the body of INSERT DATA or DELETE DATA (N-Triples terms, GRAPH blocks)."""
    graphs: dict[str, list[str]] = defaultdict(list)
    for q in quads:
        graph = "" if isinstance(q.graph_name, ox.DefaultGraph) else str(q.graph_name)
        s: object = q.subject
        o: object = q.object
        if type(s) is ox.Triple or type(o) is ox.Triple:  # rare: their str leaves out the <<( )>>
            s, o = _term(s), _term(o)
        graphs[graph].append(f"{s} {q.predicate} {o} .")
    return "\n".join(("\n".join(lines) if not graph else f"GRAPH {graph} {{\n" + "\n".join(lines) + "\n}")
                     for graph, lines in graphs.items())


def _term(term) -> str:
    """A term as SPARQL writes it: an RDF 1.2 triple term (which a store kg did not fill may hold)
    as ``<<( s p o )>>``, which its ``str`` leaves out.

    >>> _term(ox.Triple(ox.NamedNode("http://x.org/a"), ox.NamedNode("http://x.org/b"), ox.Literal("c")))
    '<<( <http://x.org/a> <http://x.org/b> "c" )>>'
    """
    if isinstance(term, ox.Triple):
        return f"<<( {_term(term.subject)} {term.predicate} {_term(term.object)} )>>"
    return str(term)
