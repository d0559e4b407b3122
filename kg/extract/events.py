"""Relations named by a noun: "the acquisition of Chalone by Diageo", "Diageo's bid for Chalone",
"a donation to the Conservatives from Ruth Beardmore", "the assassination of Lincoln".

The noun is read as the verb it comes from (``event_nouns`` in ``kg/data/lexicon.json``): its
agent is the possessor, or the "by" phrase (or "from" for a gift), and the other party the
object of the noun's own preposition.
"""

from __future__ import annotations

from typing import Iterator

from spacy.tokens import Span, Token

from ..nlp.lexicon import lexicon
from .candidate import Arg, Candidate
from .spans import conjuncts, phrase, sentence_tokens

__all__ = ["event_nouns"]

_GIVING = frozenset({"donation", "gift", "loan", "bequest", "contribution", "investment"})


def _objects(noun: Token, prep: str) -> list[Token]:
    """The objects of the noun's ``prep``, also where the parser hung the phrase on a participle
    of the noun ("donations totalling £161,840 from Bearwood")."""
    holders = [noun] + [c for c in noun.children if c.dep_ == "acl" and c.tag_ == "VBG"]
    return [t for h in holders for p in h.children if p.dep_ == "prep" and p.lower_ == prep
            for c in p.children if c.dep_ == "pobj" for t in conjuncts(c)]


def _linked(noun: Token, table: dict) -> list[Token]:
    """The event nouns a copula equates with this one: "the largest donation to the
    Conservatives was a bequest from Ruth Beardmore", "among the gifts to the Tories were 24
    donations from Bearwood"."""
    verb = noun.head
    if noun.dep_ not in ("nsubj", "attr") or verb.lemma_ != "be":
        return []
    sides = [c for c in verb.children if c.dep_ in ("nsubj", "attr") and c != noun]
    sides += [o for p in verb.children if p.dep_ == "prep" and p.lower_ == "among"
              for o in p.children if o.dep_ == "pobj"]
    return [t for t in sides if t.pos_ == "NOUN" and t.lemma_.lower() in table]


def event_nouns(sent: Span) -> Iterator[Candidate]:
    """One candidate per (agent, other party) of an event noun that names both."""
    table = lexicon().event_nouns
    for noun in sentence_tokens(sent):
        if noun.pos_ != "NOUN" or noun.lemma_.lower() not in table:
            continue
        word = noun.lemma_.lower()
        verb, preps = table[word]
        owner = next((c for c in noun.children if c.dep_ == "poss"), None)
        nouns = [noun] + [t for t in _linked(noun, table) if t.lemma_.lower() in _GIVING] \
            if word in _GIVING else [noun]
        agents = [a for n in nouns for a in _objects(n, "by") + (_objects(n, "from") if word in _GIVING else [])]
        patients = [t for n in nouns for prep in preps.split() for t in _objects(n, prep)]
        if agents and owner is not None and not patients:
            patients = [owner]  # "Chalone's acquisition by Diageo"
        elif owner is not None and not agents:
            agents = [owner]
        chain = tuple(verb.split())
        # "Sony's proposed takeover of MGM": a plan, not a deed
        hedge = next((c.lower_ for c in noun.children if c.dep_ == "amod"
                      and c.lower_ in lexicon().hedging_modifiers), None)
        for agent in agents:
            for patient in patients:
                if agent == patient or agent.pos_ == "PRON" and patient.pos_ == "PRON":
                    continue
                yield Candidate("event-noun", sent, phrase(agent, exclude=("case", "conj", "cc", "appos", "relcl")),
                                agent, [noun], [Arg("role", phrase(patient), patient, None, chain)],
                                modality=hedge, relation_text=f"{noun.text} {preps.split()[0]}")
