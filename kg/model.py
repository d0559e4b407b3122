"""The frozen records that the pipeline stages pass to each other.

ingest -> :class:`Article`; nlp + extract -> :class:`Extraction` and :class:`Mention`;
resolve -> :class:`Entity`; graph -> :class:`Triple` with its :class:`Evidence`.
All are plain, picklable values, so a result can cross a process or Dask boundary.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields

__all__ = [
    "ArticleMeta",
    "Article",
    "Mention",
    "Quantity",
    "Entity",
    "Argument",
    "Extraction",
    "Evidence",
    "Triple",
    "ArticleResult",
]


@dataclass(frozen=True, kw_only=True)
class ArticleMeta:
    """What is known about an article apart from its text."""

    id: str = ""
    title: str | None = None
    date: str | None = None
    url: str | None = None
    source: str | None = None
    author: str | None = None
    origin: str = "-"
    """Where the article was read from: a file name, or ``file:line`` for JSONL."""
    content_hash: str = ""
    """sha1 of the normalized text; keys the article for resumable builds."""
    based_on: str | None = None
    """For a syndicated copy: the id of the article read earlier that carries the same text
    (:mod:`kg.ingest.syndication`). A copy's text is not read again."""
    similarity: float | None = None
    """For a copy: 1 for the same text, else the estimated Jaccard similarity to the original."""


@dataclass(frozen=True)
class Article(ArticleMeta):
    """One news article: its text (the one positional field) and what is known about it.

    This is also what a user hands to :func:`kg.build`; ingest fills in what is missing
    (an ``id`` from the content hash, the ``content_hash``) and cleans the metadata.

    >>> Article("Elon Musk bought Twitter.", id="a1", date="2022-10-27").meta.date
    '2022-10-27'
    """

    text: str
    """The body, normalized by :func:`kg.ingest.normalize_text` (same length as the input)."""

    @property
    def meta(self) -> ArticleMeta:
        """The metadata alone: what an article's result keeps once the text is read."""
        return ArticleMeta(**{f.name: getattr(self, f.name) for f in fields(ArticleMeta)})


@dataclass(frozen=True)
class Mention:
    """A span of the article that names, or refers to, an entity."""

    text: str
    start: int
    end: int
    sentence: int
    label: str
    """spaCy entity label of the span (PERSON, ORG, ...), or the label of its antecedent."""
    kind: str = "name"
    """'name', 'pronoun' or 'description' ("the billionaire")."""


@dataclass(frozen=True)
class Quantity:
    """A typed value read from the text: money, a percentage or a date."""

    kind: str
    """'money', 'percent' or 'date'."""
    text: str
    value: str
    """Decimal string for money and percent; ISO form for a date."""
    unit: str | None = None
    """ISO 4217 currency for money; the XSD datatype name for a date (date, gYearMonth, gYear)."""


@dataclass(frozen=True)
class Entity:
    """An entity: document-local inside an :class:`ArticleResult`, corpus-wide after merging."""

    id: str
    type: str
    """Local name of the ontology class, e.g. 'Person'."""
    label: str
    aliases: tuple[str, ...] = ()
    """Every name the entity goes by, sorted, including ``label``. Pronouns never appear here."""
    mentions: tuple[Mention, ...] = ()
    scope: str = ""
    """Where a generic name ("the Finance Ministry", "Treasury") means this entity: its country
    when the article says it ("Japan's Finance Ministry"), else the article. Across articles such
    names merge only within one scope."""


@dataclass(frozen=True)
class Argument:
    """One argument slot after the relation (object, complement or prepositional phrase)."""

    text: str
    role: str
    """'dobj', 'attr', 'agent', 'prep', 'xcomp', ... (the construction that produced it)."""
    prep: str | None = None
    """The preposition that introduces the argument, already part of ``text``."""
    start: int = 0
    end: int = 0
    entity: str | None = None
    """Document-local entity id of the argument's head, if it names or refers to one."""
    predicate: str | None = None
    """Normalized predicate from the subject to this argument: a canonical relation, or open."""
    hedge: str | None = None
    """A control verb of the chain that makes the relation only planned or attempted ("agree to buy")."""
    denied: bool = False
    """A control verb of the chain says the relation did not happen ("failed to win")."""
    inverse: bool = False
    """True when the edge runs from this argument to the subject ("was acquired by Musk")."""
    fronted: bool = False
    """The argument stands before its verb ("At Heathrow, BAA launched ...")."""
    graph_only: bool = False
    """A graph edge without an Open IE slot of its own: an elided object ("left [OpenAI]") or a
    name inside an argument ("using [Twitter] data"). Not printed in the CaRB format."""


@dataclass(frozen=True)
class Extraction:
    """An Open IE tuple: (arg1; relation; arg2 ...) with its sentence and confidence."""

    sentence: str
    sentence_index: int
    sentence_start: int
    sentence_end: int
    arg1: str
    relation: str
    """The relation phrase as written: 'has threatened to sue'."""
    args: tuple[Argument, ...]
    rule: str
    confidence: float
    negated: bool = False
    modality: str | None = None
    subject_entity: str | None = None
    arg1_start: int = 0
    arg1_end: int = 0
    attribution: str | None = None
    """For a reported clause: the entity id of who said it, when known."""
    reported: bool = False
    """True for a clause that the article reports somebody saying."""
    quantities: tuple[Quantity, ...] = ()
    """Money, percentages and dates inside the clause's arguments, as typed values."""
    linked_confidence: float | None = None
    """The confidence counting a description or pronoun linked to an entity as that entity: the
    base of the confidence of the relations read from this tuple (``confidence`` counts names only)."""


@dataclass(frozen=True)
class Evidence:
    """Where a triple was read: the article, the sentence and its offsets, and how."""

    article_id: str
    sentence_index: int
    sentence: str
    start: int
    end: int
    rule: str
    confidence: float
    relation_text: str
    subject_text: str
    object_text: str
    subject_span: tuple[int, int] | None = None
    """(start, end) of ``subject_text`` in ``sentence``, in characters, end exclusive; None when
    the subject is not one stretch of the sentence."""
    object_span: tuple[int, int] | None = None
    """(start, end) of ``object_text`` in ``sentence``."""


@dataclass(frozen=True)
class Triple:
    """An edge between two entities, with the evidence for it."""

    subject: str
    predicate: str
    object: str
    evidence: Evidence
    negated: bool = False
    modality: str | None = None
    claim: bool = False
    """True when the article reports somebody else saying it (reported speech)."""
    claimed_by: str | None = None
    """Entity id of the speaker of a claim, when the speaker is a known entity."""
    quantities: tuple[Quantity, ...] = ()
    confident: bool = True
    """The relation's confidence reached the assertion threshold (kg.extract.confidence)."""

    @property
    def asserted(self) -> bool:
        """A plain fact: not negated, not hedged, not somebody's claim, and confident enough."""
        return self.confident and not (self.negated or self.modality or self.claim)


@dataclass(frozen=True)
class ArticleResult:
    """Everything kg read from one article. Entity ids are local to the article."""

    meta: ArticleMeta
    sentences: int
    entities: tuple[Entity, ...]
    triples: tuple[Triple, ...]
    extractions: tuple[Extraction, ...] = field(default=(), compare=False)
