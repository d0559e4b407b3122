"""Relations named by a noun: "the acquisition of Chalone by Diageo", "Diageo's bid for Chalone",
"a donation to the Conservatives from Ruth Beardmore", "the assassination of Lincoln".

The noun is read as the verb it comes from (``event_nouns`` in ``kg/data/lexicon.json``): its
agent is the possessor, or the "by" phrase (or "from" for a gift), and the other party the
object of the noun's own preposition.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Iterator

from spacy.symbols import AUX, NOUN, PRON, PROPN, VERB
from spacy.tokens import Span, Token

from ..nlp.lexicon import lexicon
from .candidate import Arg, Candidate
from .gates import only_with
from .spans import conjuncts, phrase, sentence_tokens, tokens_with_pos
from .verbs import find_subjects, polarity, reported_by, talks_topic, verb_group
from ..nlp.tokens import child_tokens

__all__ = ["award_recipients", "event_nouns", "negotiations"]

_GIVING = frozenset({"donation", "gift", "loan", "bequest", "contribution", "investment"})


@lru_cache(maxsize=1)
def _event_words() -> frozenset[str]:
    return frozenset(lexicon().event_nouns)


@lru_cache(maxsize=1)
def _negotiation_words() -> frozenset[str]:
    """The nouns :func:`negotiations` reads: talks, and the events done "with" another party."""
    lex = lexicon()
    return lex.negotiation_nouns | {word for word, entry in lex.event_nouns.items() if entry[1] == "with"}


def _objects(noun: Token, prep: str) -> list[Token]:
    """The objects of the noun's ``prep``, also where the parser hung the phrase on a participle
    of the noun ("donations totalling £161,840 from Bearwood")."""
    holders = [noun] + [c for c in child_tokens(noun) if c.dep_ == "acl" and c.tag_ == "VBG"]
    return [t for h in holders for p in child_tokens(h) if p.dep_ == "prep" and p.lower_ == prep
            for c in child_tokens(p) if c.dep_ == "pobj" for t in conjuncts(c)]


def _linked(noun: Token, table: dict) -> list[Token]:
    """The event nouns a copula equates with this one: "the largest donation to the
    Conservatives was a bequest from Ruth Beardmore", "among the gifts to the Tories were 24
    donations from Bearwood"."""
    verb = noun.head
    if noun.dep_ not in ("nsubj", "attr") or verb.lemma_ != "be":
        return []
    sides = [c for c in child_tokens(verb) if c.dep_ in ("nsubj", "attr") and c != noun]
    sides += [o for p in child_tokens(verb) if p.dep_ == "prep" and p.lower_ == "among"
              for o in child_tokens(p) if o.dep_ == "pobj"]
    return [t for t in sides if t.pos == NOUN and t.lemma_.lower() in table]


@only_with(_event_words)
def event_nouns(sent: Span) -> Iterator[Candidate]:
    """One candidate per (agent, other party) of an event noun that names both."""
    table = lexicon().event_nouns
    for noun in tokens_with_pos(sent, NOUN):
        if noun.lemma_.lower() not in table:
            continue
        word = noun.lemma_.lower()
        verb, preps = table[word]
        owner = next((c for c in child_tokens(noun) if c.dep_ == "poss"), None)
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
        hedge = next((c.lower_ for c in child_tokens(noun) if c.dep_ == "amod"
                      and c.lower_ in lexicon().hedging_modifiers), None)
        for agent in agents:
            for patient in patients:
                if agent == patient or agent.pos == PRON and patient.pos == PRON:
                    continue
                yield Candidate("event-noun", sent, phrase(agent, exclude=("case", "conj", "cc", "appos", "relcl")),
                                agent, [noun], [Arg("role", phrase(patient), patient, None, chain)],
                                modality=hedge, relation_text=f"{noun.text} {preps.split()[0]}")


def _negotiating_verb(noun: Token) -> Token | None:
    """The verb whose subjects negotiate: "Verizon held talks", "Verizon is in talks"."""
    head = noun.head
    if noun.dep_ == "pobj" and head.dep_ == "prep":
        head = head.head
    elif noun.dep_ != "dobj":
        return None
    return head if head.pos in (VERB, AUX) else None


@only_with(_negotiation_words)
def negotiations(sent: Span) -> Iterator[Candidate]:
    """Talks about an event are that event, only planned: "Verizon held merger discussions with
    MCI" and "Verizon is in takeover talks with MCI" (Verizon acquired MCI, hedged by the talks);
    an agreement the subjects reach together joins them: "Qwest and MCI may reach an agreement"."""
    table = lexicon().event_nouns
    talks = lexicon().negotiation_nouns
    for noun in sentence_tokens(sent):
        word = noun.lemma_.lower()
        if word not in talks and not (word in table and table[word][1] == "with"):
            continue  # the common case, found before the parse is walked
        topic = talks_topic(noun)
        if noun.pos != NOUN or not (topic is not None or word in table and table[word][1] == "with"):
            continue
        verb = _negotiating_verb(noun)
        if verb is None:
            continue
        subjects = [s for s in find_subjects(verb) if s.pos in (PROPN, NOUN, PRON)]
        others = _objects(noun, "with")
        if others and noun.dep_ == "dobj":
            continue  # "held merger talks with MCI": the light-verb rule reads it (talks_topic)
        pairs = [(s, o) for s in subjects for o in others]
        if not others and len(subjects) > 1 and not any(  # "Qwest and MCI may reach an agreement",
                c.dep_ == "prep" and c.lower_ in ("with", "against") for c in child_tokens(verb)):  # not "... with Z"
            pairs = [(a, b) for i, a in enumerate(subjects) for b in subjects[i + 1:]]
        if not pairs:
            continue
        chain = topic if topic is not None else tuple(table[word][0].split())
        negated, modality = polarity(verb_group(verb))
        modality = modality or (noun.lower_ if topic is not None else None)
        reported, speaker = reported_by(verb)
        named = " ".join(t.text for t in noun.lefts if t.dep_ == "compound") if topic is not None else ""
        for agent, other in pairs:
            yield Candidate("negotiation", sent, phrase(agent, exclude=("case", "conj", "cc", "appos", "relcl")),
                            agent, [noun], [Arg("role", phrase(other, exclude=("conj", "cc")), other, None, chain)],
                            negated, modality, speaker, reported=reported,
                            relation_text=f"{named} {noun.text} with".lstrip())


_FOR = frozenset({"for"})


def _award(obj: Token) -> Token | None:
    """The award a won object names: "an Oscar", "a Cesar prize" (the prize is the Cesar's)."""
    if obj.ent_type_:
        return obj
    if obj.lemma_.lower() in lexicon().transparent_nouns:
        return next((c for c in child_tokens(obj) if c.dep_ == "compound" and c.ent_type_), None)
    return None


def _person_of(token: Token) -> Token | None:
    """The person a phrase names: itself, or the name in apposition to it ("the actress Sara
    Forestier", "its director, Abdellatif Kechiche")."""
    for named in [token, *(a for a in child_tokens(token) if a.dep_ == "appos")]:
        if named.ent_type_ == "PERSON":
            return named
        inner = next((a for a in child_tokens(named) if a.dep_ == "appos" and a.ent_type_ == "PERSON"), None)
        if inner is not None:
            return inner
    return None


def _recipients(prep: Token) -> list[Token]:
    """People a prize is "for": "for its director, Tunisian-born Abdellatif Kechiche, and its
    young star, the actress Sara Forestier" (the parser joins the second role to the first name)."""
    out: list[Token] = []
    todo = [t for c in child_tokens(prep) if c.dep_ == "pobj" for t in conjuncts(c)]
    while todo:
        person = _person_of(todo.pop(0))
        if person is not None and person not in out:
            out.append(person)
            todo += [c for c in conjuncts(person) if c != person]
    return out


@only_with(lambda: _FOR)  # a prize "for" somebody (a name's label is not asked: a name may cross sentences)
def award_recipients(sent: Span) -> Iterator[Candidate]:
    """A prize won "for" a person is that person's: "L'Esquive earned a Cesar prize for its
    director, Abdellatif Kechiche" -> (Abdellatif Kechiche; won award; Cesar). "For best film"
    names no person and gives nothing."""
    for verb in tokens_with_pos(sent, VERB):
        for obj in (c for c in child_tokens(verb) if c.dep_ == "dobj"):
            award = _award(obj)
            if award is None:
                continue
            preps = [p for h in (verb, obj) for p in child_tokens(h) if p.dep_ == "prep" and p.lower_ == "for"]
            negated, modality = polarity(verb_group(verb))
            reported, speaker = reported_by(verb)
            for person in (r for p in preps for r in _recipients(p)):
                yield Candidate("award-for", sent, phrase(person, exclude=("case", "conj", "cc", "appos", "relcl")),
                                person, [verb], [Arg("role", phrase(award, exclude=("conj", "cc")), award, None,
                                                     (verb.lemma_.lower(),))],
                                negated, modality, speaker, reported=reported, relation_text=f"{verb.text} for")
