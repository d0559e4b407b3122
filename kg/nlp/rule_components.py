"""spaCy's rule-based components, with the same output for less Python per token.

A pipeline's tagger, parser and entity recognizer are networks; its attribute ruler and its
lemmatizer are Python rules run token by token. In ``en_core_web_sm`` those two cost 19% of the
parse (400 BBC articles: 3.6 s and 2.3 s of 31.2, ``bench/components.py``), more than the
parser. kg keeps both and changes only how they find their answers (0.6 s and 0.4 s):

- :class:`IndexedMatches`: the attribute ruler maps each token's fine-grained tag (and, for a
  few words, the word itself or its dependency) to its part of speech, morphology and lemma. Its
  :class:`~spacy.matcher.Matcher` tries all its patterns (179) at every token. The index looks a
  token's tag, lowercase form and dependency up in a table of the patterns whose first token
  names them, once per distinct combination, and checks a longer pattern's next tokens only
  where its first one matched. Patterns it cannot read (other attributes, quantifiers) stay
  with a Matcher of their own. The ruler then sets the attributes as it always does.
- :class:`RememberedLemmas`: the rule lemmatizer caches a word's lemmas by (word, part of
  speech, morphology), but not for a base form ("company", "say"), which it works out again at
  every token from its morphology. The same answer is remembered for every key. And a word it
  has not seen is looked up in its index of known lemmas, a list (57,000 nouns) that ``in``
  walks from the start, 0.1 ms a word: the lists become :class:`IndexedList`, lists that
  answer ``in`` from a set.

The annotations are the same, token for token: the tests compare every match and every lemma
with spaCy's own.

>>> from kg.nlp import load_pipeline
>>> nlp = load_pipeline()
>>> isinstance(nlp.get_pipe("attribute_ruler").match, IndexedMatches)
True
>>> nlp("The company said so.")[1].lemma_
'company'
"""

from __future__ import annotations

import re
from collections import defaultdict
from typing import Any, cast

from spacy.attrs import DEP, IS_SPACE, LOWER, TAG
from spacy.lang.en.lemmatizer import EnglishLemmatizer
from spacy.language import Language
from spacy.matcher import Matcher
from spacy.pipeline import AttributeRuler, Lemmatizer
from spacy.strings import get_string_id
from spacy.tokens import Doc, Token

__all__ = ["IndexedMatches", "IndexedList", "RememberedLemmas", "speed_up_rule_components", "restore_rule_components",
           "MEMO_SIZE"]

_COLUMNS = {"TAG": 0, "LOWER": 1, "DEP": 2, "IS_SPACE": 3}
"""The token attributes an indexed pattern may test, and their columns in ``Doc.to_array``."""
_ARRAY = [TAG, LOWER, DEP, IS_SPACE]
MEMO_SIZE = 50_000
"""Distinct keys each component remembers the answer for (a few MB): (tag, word, dependency,
space) combinations for the ruler, about 25,000 in 400 BBC articles; (word, part of speech,
morphology) for the lemmatizer. A memo starts afresh when full, so it does not grow with the
corpus."""

_Test = tuple[int, str, Any]
"""(column, operator, value): "==" a value, "IN" or "NOT_IN" a frozenset of values (as spaCy's
ids), or "REGEX" a compiled expression searched in the attribute's text."""
_Entry = tuple[int, int, tuple[tuple[_Test, ...], ...]]
"""(pattern number, match id, the tests of the tokens after the first)."""


def _tests(token_pattern: dict) -> tuple[_Test, ...] | None:
    """One token of a pattern as tests of columns; None if it asks for more than the index does
    (another attribute, an operator, a quantifier)."""
    tests: list[_Test] = []
    for attr, value in token_pattern.items():
        column = _COLUMNS.get(attr)
        if column is None:
            return None
        if attr == "IS_SPACE":
            if not isinstance(value, bool):
                return None
            tests.append((column, "==", int(value)))
        elif isinstance(value, str):
            tests.append((column, "==", get_string_id(value)))
        elif isinstance(value, dict) and len(value) == 1:
            op, operand = next(iter(value.items()))
            if op in ("IN", "NOT_IN") and isinstance(operand, list) and all(isinstance(v, str) for v in operand):
                tests.append((column, op, frozenset(get_string_id(v) for v in operand)))
            elif op == "REGEX" and isinstance(operand, str):
                tests.append((column, op, re.compile(operand)))
            else:
                return None
        else:
            return None
    return tuple(tests)


class IndexedMatches:
    """A replacement for :meth:`AttributeRuler.match` that gives the same list: (pattern number,
    match id, start, end), sorted, for every pattern that matches the doc."""

    def __init__(self, ruler: AttributeRuler) -> None:
        self.ruler = ruler
        self._build()

    def _build(self) -> None:
        ruler = self.ruler
        self._size = len(ruler.attrs)
        # (column, value) -> the patterns whose first token needs that value there; patterns
        # whose first token tests no one value are tried at every token.
        self._by_value: dict[tuple[int, int], list[tuple[_Entry, tuple[_Test, ...]]]] = defaultdict(list)
        self._everywhere: list[tuple[_Entry, tuple[_Test, ...]]] = []
        self._rest = Matcher(ruler.vocab)
        self._repeats = False
        for number in range(self._size):
            key = ruler.vocab.strings[str(number)]  # AttributeRuler.add's match id
            patterns = ruler.matcher.get(key, (None, []))[1]
            self._repeats |= len(patterns) > 1
            for pattern in patterns:
                tested = [_tests(token) for token in pattern]
                if not tested or any(t is None for t in tested):
                    self._rest.add(key, [pattern])
                    continue
                tokens = cast(list[tuple[_Test, ...]], tested)
                first = tokens[0]
                entry = ((number, key, tuple(tokens[1:])), first)
                anchor = next((t for t in first if t[1] == "=="), None) \
                    or next((t for t in first if t[1] == "IN"), None)
                if anchor is None:
                    self._everywhere.append(entry)
                elif anchor[1] == "==":
                    self._by_value[anchor[0], anchor[2]].append(entry)
                else:
                    for value in anchor[2]:
                        self._by_value[anchor[0], value].append(entry)
        self._memo: dict[tuple[int, ...], tuple[_Entry, ...]] = {}

    def _passes(self, tests: tuple[_Test, ...], row: tuple[int, ...]) -> bool:
        for column, op, value in tests:
            found = row[column]
            if op == "==":
                if found != value:
                    return False
            elif op == "REGEX":
                if not value.search(self.ruler.vocab.strings[found] if found else ""):
                    return False
            elif (found in value) != (op == "IN"):
                return False
        return True

    def _starting(self, row: tuple[int, ...]) -> tuple[_Entry, ...]:
        """The patterns whose first token matches a token with these attributes."""
        candidates = [e for column, value in enumerate(row) for e in self._by_value.get((column, value), ())]
        return tuple(sorted({entry for entry, first in candidates + self._everywhere if self._passes(first, row)},
                            key=lambda entry: entry[:2]))

    def __call__(self, doc: Doc) -> list[tuple[int, int, int, int]]:
        ruler = self.ruler
        if len(ruler.attrs) != self._size:
            self._build()  # patterns were added since
        memo = self._memo
        # A tag or dependency the doc lacks reads as 0, as the ruler's Matcher (allow_missing) reads it.
        rows = list(map(tuple, doc.to_array(_ARRAY).tolist()))
        out = []
        for i, row in enumerate(rows):
            found = memo.get(row)
            if found is None:
                if len(memo) >= MEMO_SIZE:
                    memo.clear()
                found = memo[row] = self._starting(row)
            for number, key, after in found:
                end = i + 1 + len(after)
                if not after or end <= len(rows) and all(self._passes(t, r) for t, r in zip(after, rows[i + 1:end])):
                    out.append((number, key, i, end))
        if len(self._rest):
            strings = ruler.vocab.strings
            out.extend((int(strings[key]), key, start, end) for key, start, end in self._rest(doc, allow_missing=True))
        if self._repeats:
            # The Matcher gives a (match id, start, end) once, however many of the id's patterns match there.
            out = list(set(out))
        out.sort()
        return out


class IndexedList(list):
    """A list that answers ``in`` from a set of its items: the same list to everything else
    (spaCy's serializers too).

    >>> words = IndexedList(["company", "firm"])
    >>> "firm" in words, "bank" in words, words == ["company", "firm"]
    (True, False, True)
    """

    def __init__(self, items=()) -> None:
        super().__init__(items)
        self._items = frozenset(self)
        self._size = len(self)

    def __contains__(self, item: object) -> bool:
        if len(self) != self._size:  # changed since: answer for the list as it is now
            self._items, self._size = frozenset(self), len(self)
        return item in self._items


class RememberedLemmas:
    """A rule lemmatizer's ``lemmatize``, remembered by (word, part of speech, morphology):
    the key of its own cache, from which its rules read the lemma."""

    def __init__(self, lemmatizer: Lemmatizer) -> None:
        self.rule_lemmatize = lemmatizer.rule_lemmatize
        self._memo: dict[tuple[int, int, int], list[str]] = {}

    def __call__(self, token: Token) -> list[str]:
        key = (token.orth, token.pos, token.morph.key)
        found = self._memo.get(key)
        if found is None:
            if len(self._memo) >= MEMO_SIZE:
                self._memo.clear()
            found = self._memo[key] = self.rule_lemmatize(token)
        return found


def _rules_read_only_the_key(lemmatizer: Lemmatizer) -> bool:
    """Whether the lemmatizer's rules are spaCy's (the English one's or the base class's), which
    read a token's word, part of speech and morphology only. Another language's may read more."""
    kind = type(lemmatizer)
    return lemmatizer.mode == "rule" and kind.rule_lemmatize is Lemmatizer.rule_lemmatize \
        and kind.is_base_form in (Lemmatizer.is_base_form, EnglishLemmatizer.is_base_form)


def speed_up_rule_components(nlp: Language) -> None:
    """Give the pipeline's attribute rulers an :class:`IndexedMatches`, and its rule lemmatizers
    (of spaCy's own rules) a :class:`RememberedLemmas`. Other components are left as they are."""
    for _, component in nlp.pipeline:
        if isinstance(component, AttributeRuler) and not isinstance(component.match, IndexedMatches):
            component.match = IndexedMatches(component)  # type: ignore[method-assign]
        elif isinstance(component, Lemmatizer) and _rules_read_only_the_key(component) \
                and not isinstance(component.lemmatize, RememberedLemmas):
            component.lemmatize = RememberedLemmas(component)
            if component.lookups.has_table("lemma_index"):
                index = component.lookups.get_table("lemma_index")
                for pos, words in list(index.items()):
                    if type(words) is list:
                        index[pos] = IndexedList(words)


def restore_rule_components(nlp: Language) -> None:
    """Undo :func:`speed_up_rule_components`: spaCy's own matching, lemmatizing and lists, to
    compare with (the tests, ``bench/components.py``)."""
    for _, component in nlp.pipeline:
        if isinstance(component, AttributeRuler) and isinstance(component.match, IndexedMatches):
            del component.match  # the class's method again
        elif isinstance(component, Lemmatizer) and isinstance(component.lemmatize, RememberedLemmas):
            component.lemmatize = component.rule_lemmatize
            index = component.lookups.get_table("lemma_index", {})
            for pos, words in list(index.items()):
                if isinstance(words, IndexedList):
                    index[pos] = list(words)
