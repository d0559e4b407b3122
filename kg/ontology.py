"""The kg ontology, read from ``ontology/*.ttl``.

Class mapping, pronouns, predicate vocabulary and labels are data in the ontology; this
module only reads them.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Iterable, Iterator, cast

import pyoxigraph as ox
from rdflib import OWL, RDF, RDFS, XSD, BNode, Graph, Literal, Namespace, URIRef
from rdflib.term import Identifier, Node

from .errors import Errors, KGError

__all__ = ["KG", "SCHEMA", "GN", "ONTOLOGY_IRI", "SHAPES_FILE", "Ontology", "PredicateRule", "load_ontology",
           "ontology_dir", "shapes_path", "from_oxigraph", "rdflib_triples", "in_order"]

KG = Namespace("https://w3id.org/kg-news/ontology#")
SCHEMA = Namespace("https://schema.org/")
GN = Namespace("http://www.geonames.org/ontology#")
"""The GeoNames ontology: ``gn:countryCode`` on places that link to GeoNames."""
ONTOLOGY_IRI = URIRef("https://w3id.org/kg-news/ontology")
# A kg:roleNoun N reads as the chains "be N of", "be N for" ... ("CEO of", "spokesman for",
# "a commissioner on the CFTC").
ROLE_PREPOSITIONS = ("of", "for", "at", "in", "with", "on")
SHAPES_FILE = "shapes.ttl"
"""SHACL shapes live beside the ontology but are not vocabulary: :func:`load_ontology` skips them."""


def ontology_dir() -> Path:
    """``kg/_ontology`` in an installed wheel, ``ontology/`` next to ``kg/`` in a checkout."""
    packaged = resources.files("kg").joinpath("_ontology")
    if packaged.is_dir():
        return Path(str(packaged))
    return Path(__file__).resolve().parent.parent / "ontology"


def shapes_path() -> Path:
    return ontology_dir() / SHAPES_FILE


@dataclass(frozen=True)
class PredicateRule:
    """A vocabulary entry: a lemma chain maps to ``predicate`` (swapped when ``inverse``)."""

    predicate: str
    inverse: bool = False


class Ontology:
    """Read-only view of the ontology graph with the lookups the pipeline needs."""

    def __init__(self, graph: Graph) -> None:
        self.graph = graph
        self.class_for_label: dict[str, str] = {}
        self.pronouns: dict[str, frozenset[str]] = {}
        self.labels: dict[str, str] = {}
        self.patterns: dict[str, list[PredicateRule]] = {}
        self.domain: dict[str, str] = {}
        self.range: dict[str, str] = {}
        self.superclass: dict[str, str] = {}
        self.role_nouns: set[str] = set()
        """Every kg:roleNoun ("chairman", "spokesman", "chief executive")."""
        for cls in in_order(graph.subjects(RDF.type, OWL.Class)):
            name = self.local(cls)
            if name is None:
                continue
            for label in graph.objects(cls, KG.nerLabel):
                self.class_for_label[str(label)] = name
            words = frozenset(str(p) for p in graph.objects(cls, KG.pronoun))
            if words:
                self.pronouns[name] = words
            parent = self.local(graph.value(cls, RDFS.subClassOf))
            if parent:
                self.superclass[name] = parent
        for term, label in graph.subject_objects(RDFS.label):
            name = self.local(term)
            if name is not None:
                self.labels[name] = str(label)
        starts: dict[str, set[str]] = {}
        properties: set[str] = set()
        for prop in in_order(graph.subjects(RDF.type, OWL.ObjectProperty)):
            name = self.local(prop)
            if name is None:
                continue
            properties.add(name)
            for pattern in graph.objects(prop, KG.lemmaPattern):
                first = str(pattern).split()[0]
                if first != "be":
                    starts.setdefault(first, set()).add(name)
            # One chain may map to several properties told apart by domain and range
            # ("be in": a place in a place is locatedIn, an organization in a place basedIn).
            for pattern in in_order(graph.objects(prop, KG.lemmaPattern)):
                self.patterns.setdefault(str(pattern), []).append(PredicateRule(name))
            for pattern in in_order(graph.objects(prop, KG.inverseLemmaPattern)):
                self.patterns.setdefault(str(pattern), []).append(PredicateRule(name, inverse=True))
            for noun in in_order(graph.objects(prop, KG.roleNoun)):
                self.role_nouns.add(str(noun))
                for prep in ROLE_PREPOSITIONS:
                    self.patterns.setdefault(f"be {noun} {prep}", []).append(PredicateRule(name))
            for rel, target in ((RDFS.domain, self.domain), (RDFS.range, self.range)):
                value = self.local(graph.value(prop, rel))
                if value:
                    target[name] = value
        self.properties: frozenset[str] = frozenset(properties)
        """The names of the ontology's relations (kg:... a owl:ObjectProperty)."""
        # A verb that starts the patterns of exactly one relation names it ("criticise ...").
        self.verb_relation: dict[str, str] = {verb: next(iter(names)) for verb, names in starts.items()
                                              if len(names) == 1}

    @staticmethod
    def local(term) -> str | None:
        text = str(term)
        return text[len(KG):] if text.startswith(str(KG)) else None

    def entity_class(self, ner_label: str) -> str | None:
        """Ontology class for a spaCy entity label, or None for labels that are not entities."""
        return self.class_for_label.get(ner_label)

    def is_a(self, cls: str, ancestor: str) -> bool:
        while cls:
            if cls == ancestor:
                return True
            cls = self.superclass.get(cls, "")
        return False

    def super_properties(self, predicate: str) -> set[str]:
        """Every ontology property above ``predicate`` (rdfs:subPropertyOf, transitively)."""
        out: set[str] = set()
        todo: list[Node] = [KG[predicate]]
        while todo:
            for parent in self.graph.objects(todo.pop(), RDFS.subPropertyOf):
                name = self.local(parent)
                if name is not None and name not in out:
                    out.add(name)
                    todo.append(parent)
        return out

    def super_relation(self, words: list[str]) -> str:
        """The canonical relation an open predicate's words fall under: the one its first verb
        starts the patterns of, else ``relatedTo``.

        >>> load_ontology().super_relation(["criticise", "decision", "of"])
        'criticised'
        """
        return next((self.verb_relation[w] for w in words[:1] if w in self.verb_relation), "relatedTo")

    def is_vocabulary(self, predicate: str) -> bool:
        """Whether ``predicate`` is one of the ontology's relations (asked for every triple read
        and written, so from a set made at load, not from the graph).

        >>> onto = load_ontology()
        >>> onto.is_vocabulary("worksFor"), onto.is_vocabulary("hit-headline-as")
        (True, False)
        """
        return predicate in self.properties

    def label(self, name: str) -> str:
        return self.labels.get(name, name.replace("-", " "))

    def accepts(self, predicate: str, subject_type: str, object_type: str) -> bool:
        """True unless the predicate's declared domain or range excludes these types."""
        dom, rng = self.domain.get(predicate), self.range.get(predicate)
        return (dom is None or self.is_a(subject_type, dom)) and (
            rng is None or self.is_a(object_type, rng))

    def term_triples(self, term: URIRef):
        """The ontology's own triples about ``term`` (type, label, comment, super-property)."""
        for p in (RDF.type, RDFS.label, RDFS.comment, RDFS.subPropertyOf, RDFS.subClassOf,
                  OWL.equivalentClass):
            for o in in_order(self.graph.objects(term, p)):
                if isinstance(o, (URIRef, Literal)):
                    yield term, p, o


@lru_cache(maxsize=None)
def load_ontology(path: str | None = None) -> Ontology:
    folder = Path(path) if path else ontology_dir()
    graph = Graph(bind_namespaces="none")
    files = sorted(f for f in folder.glob("*.ttl") if f.name != SHAPES_FILE)
    if not files:
        raise KGError(Errors.E015.format(path=folder, detail="no .ttl files"))
    for file in files:
        try:
            _read_turtle(graph, file)
        except (SyntaxError, OSError) as exc:
            raise KGError(Errors.E015.format(path=file, detail=exc)) from exc
    return Ontology(graph)


def _read_turtle(graph: Graph, path: Path) -> None:
    """The file's triples and prefixes into ``graph``, parsed by pyoxigraph: rdflib's Turtle
    parser took 0.09 s of every build's start (its module's import included), this 0.02 s."""
    parser = ox.parse(path=str(path), format=ox.RdfFormat.TURTLE)
    graph.addN((s, p, o, graph) for s, p, o in rdflib_triples(parser))
    for prefix, namespace in parser.prefixes.items():
        graph.bind(prefix, namespace)


def rdflib_triples(quads: Iterable[ox.Quad], made: dict | None = None) -> Iterator[tuple[Node, Node, Node]]:
    """Each quad's subject, predicate and object as rdflib terms, each distinct term made once
    (``made``, which the caller may share between calls: pyoxigraph term -> rdflib term).

    >>> [str(o) for *_, o in rdflib_triples(ox.parse('<https://x.org/a> <https://x.org/b> "c" .',
    ...                                              format=ox.RdfFormat.N_TRIPLES))]
    ['c']
    """
    made = {} if made is None else made
    for quad in quads:
        terms = []
        for node in (quad.subject, quad.predicate, quad.object):
            found = made.get(node)
            if found is None:
                found = made[node] = from_oxigraph(node)
            terms.append(found)
        yield terms[0], terms[1], terms[2]


def in_order(terms: Iterable[Node]) -> list[Identifier]:
    """``terms`` in rdflib's order (by kind of term, then text), as ``sorted`` gives them: rdflib's
    type hints do not say that every term it gives is an :class:`~rdflib.term.Identifier`, which orders.

    >>> [str(t) for t in in_order([Literal("b"), URIRef("https://x.org/a"), Literal("a")])]
    ['https://x.org/a', 'a', 'b']
    """
    return sorted(cast(Iterable[Identifier], terms))


def from_oxigraph(term) -> Node:
    """The rdflib term for a pyoxigraph term (a plain literal has no datatype, as rdflib's
    parsers give it).

    >>> from_oxigraph(ox.Literal("Musk")) == Literal("Musk"), from_oxigraph(ox.NamedNode("https://x.org/a"))
    (True, rdflib.term.URIRef('https://x.org/a'))
    """
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        datatype = term.datatype.value
        return Literal(term.value, datatype=None if datatype == _XSD_STRING else URIRef(datatype))
    raise TypeError(f"not an RDF term: {term!r}")


_XSD_STRING = str(XSD.string)
