"""Gates: the words and names a sentence must have for a rule to find anything in it.

Most news sentences have none of a rule's words (a word for a killing, an award, talks), so a
gated rule is not run on them at all, and does not walk them token by token. A gate is a
necessary condition only: the rule itself still checks every token.
"""

from __future__ import annotations

from functools import wraps
from typing import Callable, Iterable, Iterator

from spacy.tokens import Span

from ..nlp.lexicon import lexicon
from .candidate import Candidate, Rule
from .spans import sentence_labels, sentence_words

__all__ = ["only_with", "lemma_forms"]


def only_with(words: Callable[[], frozenset[str]] | None = None,
              *labels: frozenset[str]) -> Callable[[Rule], Rule]:
    """Make a rule run only on sentences with one of ``words`` (as written or as lemma, see
    :func:`~kg.extract.spans.sentence_words`) and, for each set of ``labels``, a name with one
    of them: without those the rule can read nothing.

    >>> from kg.nlp import load_pipeline
    >>> @only_with(lambda: frozenset({"sue"}), frozenset({"ORG"}))
    ... def lawsuits(sent):
    ...     return iter([sent.text])
    >>> nlp = load_pipeline()
    >>> [list(lawsuits(nlp(text)[:])) for text in ("Elon Musk sued Microsoft.", "Elon Musk met Microsoft.")]
    [['Elon Musk sued Microsoft.'], []]
    """
    def gate(rule: Rule) -> Rule:
        @wraps(rule)
        def gated(sent: Span) -> Iterator[Candidate]:
            if words is not None and sentence_words(sent).isdisjoint(words()):
                return iter(())
            if labels:
                found = sentence_labels(sent)
                if any(found.isdisjoint(wanted) for wanted in labels):
                    return iter(())
            return rule(sent)
        return gated
    return gate


def lemma_forms(lemmas: Iterable[str]) -> frozenset[str]:
    """The words a sentence must have for a token's lemma (:func:`kg.extract.verbs.lemma`) to be
    one of ``lemmas``: each of them, and the words the lexicon's lemma overrides turn into one.

    >>> sorted(lemma_forms({"senator", "vote"}))
    ['sen.', 'senator', 'vote']
    """
    out = set(lemmas)
    return frozenset(out | {word for word, lemma in lexicon().lemma_overrides.items() if lemma in out})
