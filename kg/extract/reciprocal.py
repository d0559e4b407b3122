"""Relations that coordinated subjects have with each other when the text names no other party:
"Sony and Nintendo compete" (each competes with the other), "Airbus and Boeing are fierce
rivals". The verbs and role nouns are data (``reciprocal_verbs``, ``reciprocal_roles`` in
``kg/data/lexicon.json``).

>>> from kg.nlp import load_pipeline
>>> doc = load_pipeline()("Sony and Nintendo compete in the handheld market.")
>>> [(c.subject_head.text, c.args[0].head.text, c.args[0].chain) for c in reciprocal_subjects(doc[:])]
[('Sony', 'Nintendo', ('compete', 'with'))]
"""

from __future__ import annotations

from functools import lru_cache
from typing import Iterator

from spacy.symbols import AUX, PROPN, VERB
from spacy.tokens import Span, Token

from ..nlp.lexicon import lexicon
from .candidate import Arg, Candidate
from .gates import lemma_forms, only_with
from .spans import conjuncts, phrase, sentence_tokens
from .verbs import is_copula, lemma, polarity, reported_by, verb_group
from ..nlp.tokens import child_tokens, doc_pos

__all__ = ["reciprocal_subjects"]


def _named(token: Token) -> bool:
    return token.pos == PROPN or bool(token.ent_type_)


def _relation(verb: Token) -> tuple[tuple[str, ...], str] | None:
    """The chain the subjects have with each other, and its text; None when the clause names
    another party ("compete with Microsoft") or no reciprocal relation."""
    lex = lexicon()
    if is_copula(verb):
        role = next((c for c in child_tokens(verb) if c.dep_ == "attr" and c.tag_ in ("NNS", "NNPS")
                     and lemma(c) in lex.reciprocal_roles), None)
        return (("be", lemma(role), "of"), f"are {role.text}") if role is not None else None
    particle = next((c.lower_ for c in child_tokens(verb) if c.dep_ == "prt"), None)
    words = f"{lemma(verb)} {particle}" if particle else lemma(verb)
    if words not in lex.reciprocal_verbs:
        return None
    if any(c.dep_ in ("dobj", "dative") or c.dep_ == "prep" and c.lower_ in ("with", "against")
           for c in child_tokens(verb)):
        return None
    return (*words.split(), "with"), verb.text


@lru_cache(maxsize=1)
def _reciprocal_words() -> frozenset[str]:
    """The lemmas :func:`_relation` needs: a role, a verb, or a verb before its particle."""
    lex = lexicon()
    verbs = lex.reciprocal_verbs
    return lemma_forms(lex.reciprocal_roles | verbs | {verb.rsplit(" ", 1)[0] for verb in verbs})


@only_with(_reciprocal_words)
def reciprocal_subjects(sent: Span) -> Iterator[Candidate]:
    """One candidate per pair of named, coordinated subjects of a reciprocal verb or role."""
    pos = doc_pos(sent.doc)
    for verb in sentence_tokens(sent):
        if pos[verb.i] != VERB and pos[verb.i] != AUX:
            continue
        subject = next((c for c in child_tokens(verb) if c.dep_ == "nsubj"), None)
        if subject is None:
            continue
        subjects = [s for s in conjuncts(subject) if _named(s)]
        found = _relation(verb) if len(subjects) > 1 else None
        if found is None:
            continue
        chain, text = found
        negated, modality = polarity(verb_group(verb))
        reported, speaker = reported_by(verb)
        for i, first in enumerate(subjects):
            for second in subjects[i + 1:]:
                yield Candidate("reciprocal", sent, phrase(first, exclude=("conj", "cc", "appos", "relcl")), first,
                                [verb], [Arg("role", phrase(second, exclude=("conj", "cc", "appos", "relcl")), second,
                                             None, chain)],
                                negated, modality, speaker, reported=reported, relation_text=text)
