"""Relations that the act of saying makes: who says that somebody did wrong accuses them.

"'Royer and Elgindy used the FBI's tools to defraud the public,' said US Attorney Roslynn
Mauskopf" -> (Mauskopf; accused; Royer), (Mauskopf; accused; Elgindy). The wrong is the
speaker's claim; the accusation is a fact of the article. The verbs of wrongdoing are data
(``wrongdoing_verbs`` in ``kg/data/lexicon.json``).
"""

from __future__ import annotations

from typing import Iterator

from spacy.tokens import Span

from ..nlp.lexicon import lexicon
from .candidate import Arg, Candidate
from .spans import phrase, sentence_tokens
from .verbs import find_subjects, lemma, polarity, reported_by, verb_group

__all__ = ["accusations"]


def accusations(sent: Span) -> Iterator[Candidate]:
    """One candidate per (speaker, doer) of a wrong the speaker states as done."""
    wrongs = lexicon().wrongdoing_verbs
    for verb in sentence_tokens(sent):
        if verb.pos_ != "VERB" or lemma(verb) not in wrongs:
            continue
        negated, modality = polarity(verb_group(verb))
        if negated or modality:
            continue  # "he did not steal", "they may have lied": no accusation
        reported, speaker = reported_by(verb)
        if not reported or speaker is None or speaker.pos_ not in ("PROPN", "NOUN", "PRON"):
            continue
        for doer in find_subjects(verb):
            if doer.pos_ != "PROPN" or doer == speaker:
                continue
            yield Candidate("accusation", sent, phrase(speaker, exclude=("case", "conj", "cc", "appos", "relcl")),
                            speaker, [verb], [Arg("role", phrase(doer, exclude=("conj", "cc", "appos")), doer,
                                                  None, ("accuse",))],
                            relation_text="accused")
