"""The token-level result of an extraction rule, before entities and text are attached."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable, Iterator

from spacy.tokens import Span, Token

__all__ = ["Arg", "Candidate", "Rule"]


@dataclass
class Arg:
    role: str
    """dobj, dative, attr, acomp, oprd, prep, agent, ccomp, xcomp, time, role."""
    tokens: list[Token]
    head: Token
    prep: Token | None = None
    chain: tuple[str, ...] = ()
    """Lemma chain of the predicate from the subject to this argument."""
    inverse: bool = False
    """True when the graph edge runs from this argument to the subject (passive agent)."""
    graph_only: bool = False
    """An edge the text implies without a phrase of its own (an elided object); not an Open IE slot."""


@dataclass
class Candidate:
    rule: str
    sentence: Span
    subject: list[Token]
    subject_head: Token
    relation: list[Token]
    args: list[Arg]
    negated: bool = False
    modality: str | None = None
    speaker: Token | None = None
    reported: bool = False
    """True when the article attributes the clause to somebody (reported speech)."""
    relation_text: str | None = None
    """Set when the relation is not a span of the text (the implicit "is" of an apposition)."""
    base: float = 0.5
    """Reliability of a rule not yet measured (see ``RULE_BASE`` in kg.extract.confidence)."""
    extras: dict = field(default_factory=dict)


Rule = Callable[[Span], Iterator[Candidate]]
"""An extraction rule: a sentence in, its candidates out."""
