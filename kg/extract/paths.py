"""Two names that no other rule relates, related by the shortest dependency path between them.

"Manchester rock band Doves have entered the UK album chart" gives (Doves; enter chart; UK):
the words on the path are the relation. Such a reading names the pair of entities the sentence
connects but is unsure of what it says about them, so its confidence stays below the assertion
threshold: the statement node is kept with its evidence, no plain triple is asserted (see
:func:`kg.extract.confidence.relation_confidence`).
"""

from __future__ import annotations

from itertools import combinations
from typing import Iterator

from spacy.symbols import ADP, NOUN, VERB
from spacy.tokens import Span, Token

from .candidate import Arg, Candidate
from .spans import sentence_ents
from .verbs import lemma

__all__ = ["dependency_paths", "MAX_PATH"]

MAX_PATH = 4
"""Most dependency edges between the two names' heads."""
_NAME_LABELS = frozenset({"PERSON", "ORG", "GPE", "LOC", "FAC", "NORP", "PRODUCT", "WORK_OF_ART", "EVENT", "LAW"})
# A path through these leaves the clause: the two names belong to different statements.
_BOUNDARIES = frozenset({"ccomp", "parataxis", "advcl", "conj", "relcl", "csubj"})
_AGENT_DEPS = frozenset({"nsubj", "nsubjpass", "poss", "agent"})


def _up(token: Token) -> list[Token]:
    out = [token]
    while out[-1].head != out[-1]:
        out.append(out[-1].head)
    return out


def _path(up_a: list[Token], up_b: list[Token]) -> tuple[list[Token], Token, list[Token]] | None:
    """(a's side up to the common ancestor, the ancestor, b's side) or None when too long, from
    the two names' ancestors (:func:`_up`). Each side starts at its name and stops below the
    ancestor; a side is empty when its name is the ancestor itself."""
    common = next((t for t in up_a if t in up_b), None)
    if common is None:
        return None
    left, right = up_a[:up_a.index(common)], up_b[:up_b.index(common)]
    if len(left) + len(right) > MAX_PATH:
        return None
    return left, common, right


def _first_conjunct(token: Token) -> Token:
    """"in the US and Europe": Europe stands where the US does on any path."""
    while token.dep_ == "conj" and token.head != token and token.head.ent_type_:
        token = token.head
    return token


def dependency_paths(sent: Span) -> Iterator[Candidate]:
    """One candidate per pair of names whose heads a short path joins inside one clause."""
    ents = [e for e in sentence_ents(sent) if e.label_ in _NAME_LABELS]
    ups = [_up(_first_conjunct(e.root)) for e in ents]
    for (first, up_first), (second, up_second) in combinations(zip(ents, ups), 2):
        found = _path(up_first, up_second)
        if found is None:
            continue
        left, common, right = found
        if any(t.dep_ in _BOUNDARIES for t in left + right):
            continue
        # The agent comes first: a subject or possessor on its side of the path.
        if right and right[-1].dep_ in _AGENT_DEPS and not (left and left[-1].dep_ in _AGENT_DEPS):
            first, second, left, right = second, first, right, left
        inner = left[1:] + ([common] if common not in (first.root, second.root) else []) + right[1:][::-1]
        words = [t for t in inner if t.pos in (VERB, NOUN, ADP) and not t.ent_type_]
        if not any(t.pos in (VERB, NOUN) for t in words):
            continue  # "Microsoft and Google": a list, no relation
        chain = tuple(lemma(t) if t.pos != ADP else t.lower_ for t in words)
        yield Candidate("path", sent, list(first), first.root, words,
                        [Arg("path", list(second), second.root, None, chain, graph_only=True)],
                        relation_text=" ".join(t.text for t in words))
