"""The token-level result of an extraction rule, before entities and text are attached."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable, Iterable, Iterator

from spacy.tokens import Span, Token

from ..nlp.tokens import child_tokens

__all__ = ["Arg", "Candidate", "Rule", "GRAPH_ROLES", "Refers", "may_be_entity"]

GRAPH_ROLES = frozenset({"dobj", "dative", "attr", "oprd", "prep", "agent", "role", "path"})
"""Argument roles that can be an entity-to-entity edge; clauses and adjectives cannot."""

Refers = Callable[[Token], bool]
"""Whether a token refers to an entity (see ``sentence_candidates``)."""


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


def may_be_entity(args: Iterable[Arg], refers: Refers) -> bool:
    """Whether one of the arguments can be an entity: a graph role whose head refers to one, or
    a word under whose head does (a name that modifies it: "using Twitter data"). A build keeps
    no candidate without one."""
    return any(arg.role in GRAPH_ROLES and (refers(arg.head) or any(map(refers, child_tokens(arg.head))))
               for arg in args)
