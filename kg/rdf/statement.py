"""The statement codec: the only module that writes a ``kg:Statement`` and the only one that
reads it back.

A statement node is one piece of evidence for a relation: ``rdf:subject``, ``rdf:predicate``,
``rdf:object``, ``prov:wasDerivedFrom`` the article, the sentence with its offsets, the subject
and object as written with their offsets in the sentence, the confidence and rule, the kind
(``kg:asserted``, ``kg:negated``, ``kg:modality``, ``kg:claimedBy``) and the typed quantities. :func:`statement_triples` writes it;
:func:`statements_in_graph` (an rdflib graph) and :func:`statements_in_quads` (pyoxigraph
quads) decode it into :class:`Statement` records, so the network view, the exporters and the
store all read one shape.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from typing import Any, Callable, Iterable, Iterator

import pyoxigraph as ox
from rdflib import RDF, RDFS, XSD, Graph, Literal, URIRef
from rdflib.namespace import PROV

from ..model import Quantity, Triple
from ..ontology import KG, SCHEMA
from .iri import Minter
from .terms import RDFTriple, ntriples, string_ntriples

__all__ = ["Statement", "statement_triples", "statement_lines", "quantity_triples", "statements_in_graph",
           "statements_in_quads", "asserted_in_store", "decimal_literal", "predicate_iri"]

# Statement field -> property. The decoder reads exactly these.
FIELDS: dict[str, URIRef] = {
    "subject": RDF.subject, "predicate": RDF.predicate, "object": RDF.object, "article": PROV.wasDerivedFrom,
    "asserted": KG.asserted, "negated": KG.negated, "modality": KG.modality, "claimed_by": KG.claimedBy,
    "sentence": KG.sentence, "sentence_index": KG.sentenceIndex, "begin": KG.beginIndex, "end": KG.endIndex,
    "confidence": KG.confidence, "rule": KG.rule, "relation_text": KG.relationText,
    "subject_text": KG.subjectText, "object_text": KG.objectText,
    "subject_start": KG.subjectStart, "subject_end": KG.subjectEnd,
    "object_start": KG.objectStart, "object_end": KG.objectEnd,
}


@dataclass(frozen=True)
class Statement:
    """A decoded ``kg:Statement``. IRIs are strings; a missing value is None."""

    node: str
    subject: str
    predicate: str
    object: str
    article: str | None = None
    asserted: bool = True
    """A statement written before kg recorded the flag was always asserted."""
    negated: bool = False
    modality: str | None = None
    claimed_by: str | None = None
    sentence: str | None = None
    sentence_index: int | None = None
    begin: int | None = None
    end: int | None = None
    confidence: float = 0.0
    rule: str | None = None
    relation_text: str | None = None
    subject_text: str | None = None
    object_text: str | None = None
    subject_span: tuple[int, int] | None = None
    """(start, end) of the subject mention in ``sentence`` (characters, end exclusive)."""
    object_span: tuple[int, int] | None = None


_literal = lru_cache(maxsize=4096, typed=True)(Literal)
"""``Literal(value)``, shared: a statement's offsets, flags, rule and texts repeat across
statements, and rdflib spends about 4 µs making each. ``typed``: ``True == 1 == 1.0`` in Python."""


@lru_cache(maxsize=4096)
def decimal_literal(value: float) -> Literal:
    """Three decimals in canonical form ("0.9", "1"): stores keep a decimal by value, so a
    canonical lexical form is the one that reads back unchanged from Oxigraph or Virtuoso."""
    return Literal(format(Decimal(f"{value:.3f}").normalize(), "f"), datatype=XSD.decimal)


def _number(value: str) -> Literal:
    """A whole number as xsd:integer, else xsd:decimal: both round-trip unchanged through
    Turtle (which writes a whole decimal as "1.0") and through stores (which read it as "1")."""
    return Literal(value, datatype=XSD.decimal if "." in value else XSD.integer)


_TYPE, _STATEMENT = RDF.type, KG.Statement
_SPANS = ((FIELDS["subject_start"], FIELDS["subject_end"]), (FIELDS["object_start"], FIELDS["object_end"]))


def statement_triples(triple: Triple, subject: URIRef, obj: URIRef, article: URIRef, minter: Minter,
                      speaker: URIRef | None) -> Iterator[RDFTriple]:
    ev, field = triple.evidence, FIELDS  # rdflib makes a new URIRef on each namespace attribute
    node = minter.statement(str(article), str(ev.sentence_index), str(subject), triple.predicate, str(obj),
                            ev.rule, ev.relation_text)
    yield node, _TYPE, _STATEMENT
    yield node, field["subject"], subject
    yield node, field["predicate"], predicate_iri(triple.predicate)
    yield node, field["object"], obj
    yield node, field["article"], article
    yield node, field["sentence"], _literal(ev.sentence)
    yield node, field["sentence_index"], _literal(ev.sentence_index)
    yield node, field["begin"], _literal(ev.start)
    yield node, field["end"], _literal(ev.end)
    yield node, field["confidence"], decimal_literal(ev.confidence)
    yield node, field["rule"], _literal(ev.rule)
    yield node, field["relation_text"], _literal(ev.relation_text)
    yield node, field["subject_text"], _literal(ev.subject_text)
    yield node, field["object_text"], _literal(ev.object_text)
    for span, (start, end) in zip((ev.subject_span, ev.object_span), _SPANS):
        if span is not None:
            yield node, start, _literal(span[0])
            yield node, end, _literal(span[1])
    yield node, field["asserted"], _literal(triple.asserted)
    if triple.negated:
        yield node, field["negated"], _literal(True)
    if triple.modality:
        yield node, field["modality"], _literal(triple.modality)
    if speaker is not None:
        yield node, field["claimed_by"], speaker
    yield from quantity_triples(node, triple.quantities)


_NT = {name: f"<{prop}>" for name, prop in FIELDS.items()}
_NT_TYPE = f"<{RDF.type}> <{KG.Statement}>"
_NT_SPANS = tuple((_NT[f"{role}_start"], _NT[f"{role}_end"]) for role in ("subject", "object"))


@lru_cache(maxsize=4096, typed=True)
def _value_ntriples(value: Any) -> str:
    """A literal of a statement's field that repeats (an offset, a flag, a rule), in N-Triples."""
    return ntriples(_literal(value))


def statement_lines(triple: Triple, subject: str, obj: str, article: str, minter: Minter,
                    speaker: str | None) -> Iterator[str]:
    """:func:`statement_triples` as lines of canonical N-Triples without their final " ."
    (:func:`~kg.rdf.terms.ntriples`), with the IRIs given as strings: the lines a build's graph
    waits in (:mod:`kg.rdf.deferred`), made without an rdflib term."""
    ev, field, value = triple.evidence, _NT, _value_ntriples
    node_iri = str(minter.statement(article, str(ev.sentence_index), subject, triple.predicate, obj,
                                    ev.rule, ev.relation_text))
    node = f"<{node_iri}> "
    yield node + _NT_TYPE
    yield f"{node}{field['subject']} <{subject}>"
    yield f"{node}{field['predicate']} {_predicate_ntriples(triple.predicate)}"
    yield f"{node}{field['object']} <{obj}>"
    yield f"{node}{field['article']} <{article}>"
    yield f"{node}{field['sentence']} {string_ntriples(ev.sentence)}"
    yield f"{node}{field['sentence_index']} {value(ev.sentence_index)}"
    yield f"{node}{field['begin']} {value(ev.start)}"
    yield f"{node}{field['end']} {value(ev.end)}"
    yield f"{node}{field['confidence']} {_decimal_ntriples(ev.confidence)}"
    yield f"{node}{field['rule']} {value(ev.rule)}"
    yield f"{node}{field['relation_text']} {string_ntriples(ev.relation_text)}"
    yield f"{node}{field['subject_text']} {string_ntriples(ev.subject_text)}"
    yield f"{node}{field['object_text']} {string_ntriples(ev.object_text)}"
    for span, (start, end) in zip((ev.subject_span, ev.object_span), _NT_SPANS):
        if span is not None:
            yield f"{node}{start} {value(span[0])}"
            yield f"{node}{end} {value(span[1])}"
    yield f"{node}{field['asserted']} {value(triple.asserted)}"
    if triple.negated:
        yield f"{node}{field['negated']} {value(True)}"
    if triple.modality:
        yield f"{node}{field['modality']} {value(triple.modality)}"
    if speaker is not None:
        yield f"{node}{field['claimed_by']} <{speaker}>"
    if triple.quantities:
        for s, p, o in quantity_triples(URIRef(node_iri), triple.quantities):
            yield f"{ntriples(s)} {ntriples(p)} {ntriples(o)}"


@lru_cache(maxsize=4096)
def _decimal_ntriples(value: float) -> str:
    return ntriples(decimal_literal(value))


@lru_cache(maxsize=1024)
def _predicate_ntriples(name: str) -> str:
    return f"<{predicate_iri(name)}>"


@lru_cache(maxsize=1024)
def predicate_iri(name: str) -> URIRef:
    """``kg:name``, made once per name.

    >>> predicate_iri("worksFor") is predicate_iri("worksFor")
    True
    """
    return KG[name]


def quantity_triples(statement: URIRef, quantities: Iterable[Quantity]) -> Iterator[RDFTriple]:
    """Money as a schema:MonetaryAmount node; percentages and dates as typed literals."""
    money = 0
    for q in quantities:
        if q.kind == "money":
            money += 1
            amount = URIRef(f"{statement}-amount-{money}")
            yield statement, KG.amount, amount
            yield amount, RDF.type, SCHEMA.MonetaryAmount
            yield amount, SCHEMA.value, _number(q.value)
            yield amount, SCHEMA.currency, Literal(q.unit)
            yield amount, RDFS.label, Literal(q.text)
        elif q.kind == "percent":
            yield statement, KG.percentage, _number(q.value)
        elif q.kind == "date":
            yield statement, KG.date, Literal(q.value, datatype=XSD[q.unit])


# -- reading ---------------------------------------------------------------------------------

_INTS = ("sentence_index", "begin", "end", "subject_start", "subject_end", "object_start", "object_end")
_BOOLS = ("asserted", "negated")
_IRIS = ("subject", "predicate", "object", "article", "claimed_by")


def _decode(node: str, value: Callable[[str], Any]) -> Statement | None:
    """A Statement from ``value(field)`` (a string, or None when the node has no such triple);
    None when the node is no statement kg can read: a role missing, or a number that is none (a
    graph kg did not write; ``kg validate`` names what is wrong with it)."""
    fields = {name: value(name) for name in FIELDS}
    if fields["subject"] is None or fields["predicate"] is None or fields["object"] is None:
        return None
    try:
        for name in _INTS:
            if fields[name] is not None:
                fields[name] = int(fields[name])
        fields["confidence"] = float(fields["confidence"] or 0)
    except ValueError:
        return None
    fields["asserted"] = fields["asserted"] is None or fields["asserted"] in ("true", "1")
    fields["negated"] = fields["negated"] in ("true", "1")
    for role in ("subject", "object"):
        start, end = fields.pop(f"{role}_start"), fields.pop(f"{role}_end")
        fields[f"{role}_span"] = (start, end) if start is not None and end is not None else None
    return Statement(node=node, **fields)


def statements_in_graph(graph: Graph) -> Iterator[Statement]:
    """Every statement of an rdflib graph, in IRI order.

    One pass per property: far faster than a ``graph.value`` call per node and property.
    """
    columns = {name: {s: str(o) for s, o in graph.subject_objects(prop)} for name, prop in FIELDS.items()}
    # The IRIs only (a blank node is no statement): rdflib types a subject as a Node, not orderable.
    for node in sorted(s for s in graph.subjects(RDF.type, KG.Statement) if isinstance(s, URIRef)):
        found = _decode(str(node), lambda name: columns[name].get(node))
        if found is not None:
            yield found


_BY_IRI = {str(prop): name for name, prop in FIELDS.items()}


def statements_in_quads(quads: Iterable[ox.Quad]) -> Iterator[Statement]:
    """The statements among some pyoxigraph quads (those of one article graph, say): as
    :func:`statements_in_graph`, only those whose node is an IRI.

    >>> from pyoxigraph import BlankNode, NamedNode, Quad
    >>> def statement(node):
    ...     return [Quad(node, NamedNode(str(RDF.type)), NamedNode(str(KG.Statement))),
    ...             *(Quad(node, NamedNode(str(p)), NamedNode(f"https://example.org/{r}"))
    ...               for r, p in (("a", RDF.subject), ("knows", RDF.predicate), ("b", RDF.object)))]
    >>> [(st.node, st.subject) for st in statements_in_quads(
    ...     statement(NamedNode("https://example.org/s1")) + statement(BlankNode()))]
    [('https://example.org/s1', 'https://example.org/a')]
    """
    by_node: dict[ox.NamedNode, dict[str, str]] = {}
    typed: set[ox.NamedNode] = set()
    for quad in quads:
        subject, obj = quad.subject, quad.object
        # A blank node is no statement, and an RDF 1.2 triple term (kg writes none) has no value.
        if not isinstance(subject, ox.NamedNode) or isinstance(obj, ox.Triple):
            continue
        if quad.predicate.value == str(RDF.type) and obj.value == str(KG.Statement):
            typed.add(subject)
        name = _BY_IRI.get(quad.predicate.value)
        if name is not None:
            by_node.setdefault(subject, {})[name] = obj.value
    for node in sorted(typed, key=lambda n: n.value):
        fields = by_node.get(node, {})
        found = _decode(node.value, fields.get)
        if found is not None:
            yield found


def asserted_in_store(store: ox.Store, subject: ox.NamedNode, predicate: ox.NamedNode, obj: ox.NamedNode, *,
                      besides: ox.NamedNode | None = None) -> bool:
    """Whether some article graph of ``store`` (other than ``besides``) holds an asserted
    statement of the triple."""
    def quad(node, prop, value, graph) -> ox.Quad:
        return ox.Quad(node, ox.NamedNode(str(prop)), value, graph)
    true = ox.Literal("true", datatype=ox.NamedNode(str(XSD.boolean)))
    return any(q.graph_name != besides
               and quad(q.subject, RDF.predicate, predicate, q.graph_name) in store
               and quad(q.subject, RDF.object, obj, q.graph_name) in store
               and quad(q.subject, KG.asserted, true, q.graph_name) in store
               for q in store.quads_for_pattern(None, ox.NamedNode(str(RDF.subject)), subject, None))
