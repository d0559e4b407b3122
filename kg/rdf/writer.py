"""Turn article results into RDF under the kg ontology.

Every relation appears twice: as a plain ``entity -> predicate -> entity`` triple, so that
simple SPARQL works, and as a :class:`kg:Statement` node per piece of evidence, with
``rdf:subject/predicate/object``, ``prov:wasDerivedFrom`` the article, the sentence and its
offsets, the confidence and the rule. A negated, hedged or reported statement gets the
statement node only: it is never asserted as a plain fact.

A ``Place`` whose label (or, failing that, every alias that names a place) is a country, region,
continent or major city of the gazetteer (:mod:`kg.nlp.gazetteer`) links to GeoNames:
``owl:sameAs <https://sws.geonames.org/{id}/>`` and ``gn:countryCode``, the ISO 3166-1 alpha-2
code of the country it is or lies in.
"""

from __future__ import annotations

import re
from itertools import chain
from typing import Iterable, Iterator, TypeVar

from rdflib import OWL, RDF, RDFS, SKOS, XSD, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV
from rdflib.store import Store

from ..model import ArticleMeta, ArticleResult, Triple
from ..extract.predicates import open_super
from ..ontology import GN, KG, SCHEMA, Ontology
from ..nlp.gazetteer import link
from .iri import EntityNames, Minter, NamedEntity
from .statement import decimal_literal, predicate_iri, statement_lines, statement_triples
from .terms import RDFTriple, ntriples

__all__ = ["new_graph", "bind_prefixes", "article_triples", "entity_triples", "predicate_triples", "GraphWriter"]

# \Z, not $: "$" also matches before a final newline, which would end up inside an IRI or a typed literal.
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}\Z")
_DATETIME = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?(Z|[+-]\d{2}:\d{2})?\Z")
_URL = re.compile(r"^https?://[^\s<>\"{}|\\^`]+\Z")
_Node = TypeVar("_Node", str, URIRef)


def bind_prefixes(graph: Graph, minter: Minter, ontology: Ontology) -> Graph:
    for prefix, ns in (("kg", KG), ("schema", SCHEMA), ("prov", PROV), ("skos", SKOS), ("rdf", RDF),
                       ("rdfs", RDFS), ("owl", OWL), ("xsd", XSD), ("dcterms", DCTERMS), ("gn", GN),
                       ("art", minter.article_ns), ("st", minter.statement_ns)):
        graph.bind(prefix, ns, override=True, replace=True)
    for cls in sorted(set(ontology.class_for_label.values())):
        graph.bind(cls.lower(), minter.type_namespace(cls), override=True, replace=True)
    return graph


def new_graph(minter: Minter, ontology: Ontology, store: Store | str = "default") -> Graph:
    return bind_prefixes(Graph(store=store, bind_namespaces="none"), minter, ontology)


def _date_literal(value: str) -> Literal:
    if _DATE.match(value):
        return Literal(value, datatype=XSD.date)
    if _DATETIME.match(value):
        return Literal(value, datatype=XSD.dateTime)
    return Literal(value)


def article_triples(meta: ArticleMeta, minter: Minter) -> Iterator[RDFTriple]:
    node = minter.article(meta.id)
    yield node, RDF.type, SCHEMA.NewsArticle
    yield node, SCHEMA.identifier, Literal(meta.id)
    if meta.title:
        yield node, SCHEMA.headline, Literal(meta.title)
    if meta.date:
        yield node, SCHEMA.datePublished, _date_literal(meta.date)
    if meta.url and _URL.match(meta.url):
        yield node, SCHEMA.url, URIRef(meta.url)
    if meta.author:
        yield node, SCHEMA.author, Literal(meta.author)
    yield node, DCTERMS.source, Literal(meta.source or meta.origin.rsplit("/", 1)[-1].split(":")[0])
    if meta.based_on is not None:  # a syndicated copy: its text is the original's
        yield node, SCHEMA.isBasedOn, minter.article(meta.based_on)
        yield node, KG.copySimilarity, decimal_literal(meta.similarity if meta.similarity is not None else 1.0)


def entity_triples(entity: NamedEntity) -> Iterator[RDFTriple]:
    """An entity's type, label and aliases, and for a place the gazetteer knows, its GeoNames link.

    >>> from rdflib import OWL
    >>> us = NamedEntity(key=("Place", "us"), type="Place", label="US", aliases=("US", "America"),
    ...                  mentions=2, iri="https://w3id.org/kg-news/id/place/us")
    >>> sorted(str(o) for _, p, o in entity_triples(us) if p in (OWL.sameAs, GN.countryCode))
    ['US', 'https://sws.geonames.org/6252001/']
    """
    node = URIRef(entity.iri)
    yield node, RDF.type, KG[entity.type]
    yield node, RDFS.label, Literal(entity.label)
    if "@" in entity.key[1]:
        yield node, KG.nameScope, Literal(entity.key[1].split("@", 1)[1])
    for alias in entity.aliases:
        if alias != entity.label:
            yield node, SKOS.altLabel, Literal(alias)
    place = link(entity.label, entity.type, entity.aliases)
    if place is not None:
        yield node, OWL.sameAs, URIRef(place.iri)
        if place.country_code:
            yield node, GN.countryCode, Literal(place.country_code)


def predicate_triples(predicate: str, ontology: Ontology) -> Iterator[RDFTriple]:
    """The predicate's declaration: copied from the ontology, or minted for an open relation."""
    node = KG[predicate]
    if ontology.is_vocabulary(predicate):
        yield from ontology.term_triples(node)
        return
    yield node, RDF.type, OWL.ObjectProperty
    yield node, RDFS.label, Literal(ontology.label(predicate))
    yield node, RDFS.subPropertyOf, KG[open_super(predicate, ontology)]
    yield node, KG.openRelation, Literal(True)


class GraphWriter:
    """Emits the RDF of each article once the entity resolution is known."""

    def __init__(self, names: EntityNames, minter: Minter, ontology: Ontology) -> None:
        self.names = names
        self.minter = minter
        self.ontology = ontology
        self.predicates: set[str] = set()
        self.classes: set[str] = set()
        self.statements = 0
        self.asserted = 0

    def article(self, result: ArticleResult) -> Iterator[RDFTriple]:
        article = self.minter.article(result.meta.id)
        yield from article_triples(result.meta, self.minter)
        iris = {local: URIRef(iri) for local, iri in self._merged(result).items()}
        mentions = SCHEMA.mentions  # a new URIRef on every attribute of a namespace
        for node in iris.values():
            yield article, mentions, node
        for triple, s, o, speaker in self._relations(result, iris):
            if triple.asserted:
                yield s, predicate_iri(triple.predicate), o
            yield from statement_triples(triple, s, o, article, self.minter, speaker)

    def article_lines(self, result: ArticleResult) -> Iterator[str]:
        """:meth:`article` as lines of canonical N-Triples without their final " ."
        (:func:`~kg.rdf.terms.ntriples`): a statement's lines are made without rdflib terms."""
        article = str(self.minter.article(result.meta.id))
        for rdf_triple in article_triples(result.meta, self.minter):
            yield _line(rdf_triple)
        iris = self._merged(result)
        mentions = f"<{article}> <{SCHEMA.mentions}> "
        for iri in iris.values():
            yield f"{mentions}<{iri}>"
        for triple, s, o, speaker in self._relations(result, iris):
            if triple.asserted:
                yield f"<{s}> <{predicate_iri(triple.predicate)}> <{o}>"
            yield from statement_lines(triple, s, o, article, self.minter, speaker)

    def _merged(self, result: ArticleResult) -> dict[str, str]:
        """The IRI of the merged entity of each of the article's entities that has one."""
        iris: dict[str, str] = {}
        resolve, iri = self.names.resolution.resolve, self.names.iri
        for entity in result.entities:
            merged = resolve(entity)
            if merged is not None:
                iris[entity.id] = iri[merged.key]
                self.classes.add(merged.type)
        return iris

    def _relations(self, result: ArticleResult,
                   iris: dict[str, _Node]) -> Iterator[tuple[Triple, _Node, _Node, _Node | None]]:
        """The article's relations between two merged entities, with the subject's, the
        object's and the speaker's IRI from ``iris``; counted as statements.

        One for each statement node: two relations that the merge made one (an acronym and its
        expansion, both objects of a sentence's relation: "its engine, Sara (Scalable Abstract
        Rendering Architecture)") would mint the same node, with two of each field, which
        readers then take one of at random. The more confident is kept, or the first."""
        kept: dict[tuple, tuple[Triple, _Node, _Node, _Node | None]] = {}
        for triple in result.triples:
            s, o = iris.get(triple.subject), iris.get(triple.object)
            if s is None or o is None or s == o:
                continue
            ev = triple.evidence
            key = (ev.sentence_index, s, triple.predicate, o, ev.rule, ev.relation_text)  # the node's (Minter)
            if key not in kept or ev.confidence > kept[key][0].evidence.confidence:
                speaker = iris.get(triple.claimed_by) if triple.claimed_by else None
                kept[key] = (triple, s, o, speaker)
        for relation in kept.values():
            self.predicates.add(relation[0].predicate)
            self.statements += 1
            if relation[0].asserted:
                self.asserted += 1
            yield relation

    def entities(self) -> Iterator[RDFTriple]:
        for entity in self.names:
            yield from entity_triples(entity)

    def vocabulary(self) -> Iterator[RDFTriple]:
        yield from self.declarations(self.predicates, self.classes)

    def declarations(self, predicates: Iterable[str], classes: Iterable[str]) -> Iterator[RDFTriple]:
        """The declarations of some predicates (with their super-properties; an open predicate's
        canonical relation too) and classes, and of ``kg:Statement``: what :meth:`vocabulary`
        holds for the ones a build used."""
        declared = set(predicates)
        for predicate in list(declared):
            if not self.ontology.is_vocabulary(predicate):
                declared.add(open_super(predicate, self.ontology))
        for predicate in list(declared):
            declared.update(self.ontology.super_properties(predicate))
        for predicate in sorted(declared):
            yield from predicate_triples(predicate, self.ontology)
        for cls in sorted(classes):
            yield from self.ontology.term_triples(KG[cls])
        yield from self.ontology.term_triples(KG.Statement)


    def all(self, results: Iterable[ArticleResult]) -> Iterator[RDFTriple]:
        """Every triple of the build: the articles', then the entities' and the vocabulary's."""
        for result in results:
            yield from self.article(result)
        yield from self.entities()
        yield from self.vocabulary()

    def lines(self, results: Iterable[ArticleResult]) -> Iterator[str]:
        """:meth:`all` as lines of canonical N-Triples without their final " ."."""
        for result in results:
            yield from self.article_lines(result)
        for triple in chain(self.entities(), self.vocabulary()):
            yield _line(triple)


def _line(triple: RDFTriple) -> str:
    return f"{ntriples(triple[0])} {ntriples(triple[1])} {ntriples(triple[2])}"
