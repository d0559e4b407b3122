"""Relations that the act of saying makes: who says that somebody did wrong accuses them; an
official who reports what a country did speaks for that country.

"'Royer and Elgindy used the FBI's tools to defraud the public,' said US Attorney Roslynn
Mauskopf" -> (Mauskopf; accused; Royer), (Mauskopf; accused; Elgindy). The wrong is the
speaker's claim; the accusation is a fact of the article. The verbs of wrongdoing are data
(``wrongdoing_verbs`` in ``kg/data/lexicon.json``).
"""

from __future__ import annotations

from typing import Iterator

from spacy.symbols import AUX, NOUN, PRON, PROPN, VERB
from spacy.tokens import Span, Token

from ..nlp.gazetteer import demonym
from ..nlp.lexicon import lexicon
from .candidate import Arg, Candidate
from .classes import token_class
from .nominal import role_lemma
from .spans import phrase, sentence_ents, tokens_with_pos
from .verbs import find_subjects, lemma, polarity, reported_by, verb_group
from ..nlp.tokens import child_tokens

__all__ = ["accusations", "officials_of_the_subject"]


def accusations(sent: Span) -> Iterator[Candidate]:
    """One candidate per (speaker, doer) of a wrong the speaker states as done."""
    wrongs = lexicon().wrongdoing_verbs
    for verb in tokens_with_pos(sent, VERB):
        if lemma(verb) not in wrongs:
            continue
        negated, modality = polarity(verb_group(verb))
        if negated or modality:
            continue  # "he did not steal", "they may have lied": no accusation
        reported, speaker = reported_by(verb)
        if not reported or speaker is None or speaker.pos not in (PROPN, NOUN, PRON):
            continue
        for doer in find_subjects(verb):
            if doer.pos != PROPN or doer == speaker:
                continue
            yield Candidate("accusation", sent, phrase(speaker, exclude=("case", "conj", "cc", "appos", "relcl")),
                            speaker, [verb], [Arg("role", phrase(doer, exclude=("conj", "cc", "appos")), doer,
                                                  None, ("accuse",))],
                            relation_text="accused")


def _reported_clause(verb: Token) -> Token | None:
    """The clause a reporting verb reports: "X said [Mauritius has lifted duties]" or "[Mauritius
    has lifted duties], X said"."""
    if verb.dep_ in ("parataxis", "ccomp") and verb.head.pos in (VERB, AUX) and verb.head.i < verb.i:
        return verb.head
    return next((c for c in child_tokens(verb) if c.dep_ == "ccomp"), None)


def officials_of_the_subject(sent: Span) -> Iterator[Candidate]:
    """"Mauritius has lifted import duties on textiles, Finance Minister Vishnu Lutchmeenaraido
    said" -> (Vishnu Lutchmeenaraido; is finance minister of; Mauritius): a government official
    whose title names no place speaks for the country the reported clause is about."""
    for ent in sentence_ents(sent):
        root = ent.root
        if ent.label_ != "PERSON" or root.dep_ != "nsubj" or lemma(root.head) not in lexicon().reporting_verbs:
            continue
        titles = [c for c in child_tokens(root) if c.dep_ == "compound" and c.i < ent.start and not c.ent_type_
                  and c.pos in (NOUN, PROPN)]
        before = [t for t in root.subtree if t.i < ent.start]
        if len(titles) != 1 or any(t.ent_type_ or demonym(t.text) for t in before) \
                or role_lemma(titles[0]).split()[-1] not in lexicon().government_roles:
            continue  # "US Attorney X", "German Finance Minister X": the title names its place
        clause = _reported_clause(root.head)
        if clause is None:
            continue
        places = [c for c in child_tokens(clause) if c.dep_ == "nsubj" and c.ent_type_ == "GPE"
                  and token_class(c) == "place"]
        if len(places) != 1:
            continue
        role = role_lemma(titles[0])
        yield Candidate("title-role", sent, list(ent), root, [],
                        [Arg("role", phrase(places[0], exclude=("conj", "cc", "appos", "relcl")), places[0], None,
                             ("be", role, "of"))], relation_text=f"is {role} of")
