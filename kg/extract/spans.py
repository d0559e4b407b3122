"""Token and span helpers over the spaCy dependency parse."""

from __future__ import annotations

from bisect import bisect_right
from typing import Iterable, Iterator

from spacy.symbols import AUX, VERB
from spacy.tokens import Doc, Span, Token

from ..nlp.threads import PerThread
from ..nlp.tokens import child_tokens, doc_ents, doc_pos, doc_sentence_starts, doc_tokens

__all__ = ["subtree_ids", "sentence_ents", "sentence_labels", "sentence_tokens", "token_sentence", "sentence_words",
           "tokens_with_pos", "tokens_with_dep", "conjuncts", "phrase",
           "phrase_bounds", "text_of", "tokens_text", "SUBJECT_DEPS", "CLAUSE_DEPS", "is_verbal"]

SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass", "csubj", "csubjpass", "expl"})
# Dependents that start a clause or phrase of their own; kept out of a noun phrase's text.
CLAUSE_DEPS = frozenset({"relcl", "acl", "appos", "advcl", "ccomp", "parataxis", "conj", "cc",
                         "mark", "preconj", "dep"})
_EDGE_PUNCT = frozenset({"punct", "cc"})
_HEAD_ONLY = frozenset({"conj", "cc", "preconj"})
_OPEN = frozenset({"(", "[", "{", "-LRB-", "-LSB-"})
_CLOSE = frozenset({")", "]", "}", "-RRB-", "-RSB-"})


# This thread's caches of the doc and sentence it reads.
# (Each also keeps the Span it was asked about last: the rules ask about the same Span object.)
_KEPT = PerThread(ents=[None, (), None, (), None, None], tokens=[None, -1, -1, (), None], words=[None, ()],
                  phrases=[None, {}], kinds=[None, {}, {}])


def sentence_ents(sent: Span) -> tuple[Span, ...]:
    """``sent.ents`` without rebuilding every entity of the doc for each sentence.

    spaCy's ``Span.ents`` creates a Span for each entity of the whole document on every call;
    the rules ask once per sentence and rule, so the document's entities
    (:func:`~kg.nlp.tokens.doc_ents`), and the last sentence's, are kept for the document being read.
    """
    cache = _KEPT.ents
    if cache[5] is sent:
        return cache[3]
    doc = sent.doc
    if cache[0] is not doc:
        cache[0], cache[1], cache[2] = doc, doc_ents(doc), None
    bounds = (sent.start, sent.end)
    if cache[2] != bounds:
        cache[2], cache[3] = bounds, tuple(e for e in cache[1] if e.start >= bounds[0] and e.end <= bounds[1])
        cache[4] = None
    cache[5] = sent
    return cache[3]


def sentence_labels(sent: Span) -> frozenset[str]:
    """The labels of the sentence's names, kept with :func:`sentence_ents` for the rules that
    run only on sentences that name a person, a place or an organization.

    >>> from kg.nlp import load_pipeline
    >>> sorted(sentence_labels(load_pipeline()("Elon Musk sued Microsoft.")[:]))
    ['ORG', 'PERSON']
    """
    ents = sentence_ents(sent)
    cache = _KEPT.ents
    if cache[4] is None:
        cache[4] = frozenset(ent.label_ for ent in ents)
    return cache[4]


def sentence_tokens(sent: Span) -> tuple[Token, ...]:
    """The sentence's tokens, made once: every rule walks the sentence, and iterating a Span
    creates a new Token object per token and walk."""
    cache = _KEPT.tokens
    if cache[4] is not sent:
        _tokens_between(sent.doc, sent.start, sent.end)
        cache[4] = sent
    return cache[3]


def _tokens_between(doc: Doc, start: int, end: int) -> tuple[Token, ...]:
    """Tokens ``start`` to ``end`` of the doc, kept as the sentence being read."""
    cache = _KEPT.tokens
    if cache[0] is not doc or cache[1] != start or cache[2] != end:
        cache[0], cache[1], cache[2], cache[3], cache[4] = doc, start, end, doc_tokens(doc)[start:end], None
    return cache[3]


def token_sentence(token: Token) -> tuple[Token, ...]:
    """The tokens of ``token.sent``, as :func:`sentence_tokens` gives them. spaCy's
    ``Token.sent`` walks the doc to the sentence's ends on every call (4 µs); the doc's sentence
    starts are read once, with its tree (:func:`~kg.nlp.tokens.doc_sentence_starts`).

    >>> from kg.nlp import load_pipeline
    >>> doc = load_pipeline()("Brutus stabbed Caesar. Rome mourned.")
    >>> [t.text for t in token_sentence(doc[4])]
    ['Rome', 'mourned', '.']
    """
    doc = token.doc
    starts = doc_sentence_starts(doc)
    if starts is None:
        return sentence_tokens(token.sent)  # spaCy's error for a doc without sentences
    k = bisect_right(starts, token.i)
    return _tokens_between(doc, starts[k - 1], starts[k] if k < len(starts) else len(doc))


def sentence_words(sent: Span) -> frozenset[str]:
    """Every word of the sentence, lower case, as written and as lemma: a rule that needs a
    word of its lexicon checks it here once, before it walks the sentence token by token.

    >>> from kg.nlp import load_pipeline
    >>> sorted(sentence_words(load_pipeline()("Brutus stabbed Caesar.")[:]))
    ['.', 'brutus', 'caesar', 'stab', 'stabbed']
    """
    tokens = sentence_tokens(sent)
    cache = _KEPT.words
    if cache[0] is not tokens:
        cache[0], cache[1] = tokens, frozenset([t.lemma_.lower() for t in tokens] + [t.lower_ for t in tokens])
    return cache[1]


def tokens_with_pos(sent: Span, pos: int) -> list[Token]:
    """The sentence's tokens of one part of speech (``spacy.symbols.NOUN``), in order: a rule
    about nouns walks the nouns, not every token (sorted once per sentence for all rules).
    The list is shared: do not change it.

    >>> from spacy.symbols import PROPN
    >>> from kg.nlp import load_pipeline
    >>> [t.text for t in tokens_with_pos(load_pipeline()("Brutus stabbed Caesar.")[:], PROPN)]
    ['Brutus', 'Caesar']
    """
    return _kinds(sent)[1].get(pos, _NONE)


def tokens_with_dep(sent: Span, dep: str) -> list[Token]:
    """The sentence's tokens of one dependency label ("appos"), in order, as
    :func:`tokens_with_pos`.

    >>> from kg.nlp import load_pipeline
    >>> [t.text for t in tokens_with_dep(load_pipeline()("Brutus stabbed Caesar.")[:], "dobj")]
    ['Caesar']
    """
    return _kinds(sent)[2].get(dep, _NONE)


_NONE: list[Token] = []


def _kinds(sent: Span) -> list:
    tokens = sentence_tokens(sent)
    cache = _KEPT.kinds
    if cache[0] is not tokens:
        by_pos: dict[int, list[Token]] = {}
        by_dep: dict[str, list[Token]] = {}
        pos = doc_pos(sent.doc)
        for token in tokens:
            by_pos.setdefault(pos[token.i], []).append(token)
            by_dep.setdefault(token.dep_, []).append(token)
        cache[0], cache[1], cache[2] = tokens, by_pos, by_dep
    return cache


def subtree_ids(token: Token) -> set[int]:
    """Token indices of the subtree; spaCy's trees are projective, so it is one contiguous range."""
    return set(range(token.left_edge.i, token.right_edge.i + 1))


def is_verbal(token: Token) -> bool:
    return token.pos in (VERB, AUX)


def conjuncts(token: Token) -> list[Token]:
    """The token and its coordinated siblings ("Facebook and Instagram" -> both)."""
    out = [token]
    for child in child_tokens(token):
        if child.dep_ == "conj":
            out.extend(conjuncts(child))
    return out


def phrase(head: Token, exclude: Iterable[str] = CLAUSE_DEPS) -> list[Token]:
    """The head's subtree without excluded dependents (clauses, appositions, parentheticals).

    Coordination is split only at the head: "Facebook and Instagram" gives two phrases,
    while "the Windows and Xbox maker" stays whole.
    """
    excluded = frozenset(exclude)
    # Several rules ask for the same head's phrase in a sentence: each is made once per doc.
    doc, cache = head.doc, _KEPT.phrases
    if cache[0] is not doc:
        cache[0], cache[1] = doc, {}
    key = (head.i, excluded)
    found = cache[1].get(key)
    if found is None:
        found = cache[1][key] = tuple(_phrase(head, excluded))
    return list(found)


def _phrase(head: Token, excluded: frozenset[str]) -> list[Token]:
    nested = excluded - _HEAD_ONLY
    out: list[Token] = []
    stack = [head]
    while stack:
        tok = stack.pop()
        out.append(tok)
        skip = excluded if tok == head else nested
        for child in child_tokens(tok):
            if child.dep_ not in skip:
                stack.append(child)
    out.sort(key=lambda t: t.i)
    return _trim(_balanced(out))


def _balanced(tokens: list[Token]) -> list[Token]:
    """Drop brackets whose partner was cut out with a parenthetical."""
    opened: list[int] = []
    drop: set[int] = set()
    for pos, tok in enumerate(tokens):
        if tok.text in _OPEN:
            opened.append(pos)
        elif tok.text in _CLOSE:
            if opened:
                opened.pop()
            else:
                drop.add(pos)
    drop.update(opened)
    return [t for pos, t in enumerate(tokens) if pos not in drop] if drop else tokens


def _trim(tokens: list[Token]) -> list[Token]:
    """Contiguous run around the head, with no dangling punctuation or conjunction at the edges."""
    if not tokens:
        return tokens
    start, end = 0, len(tokens)
    while start < end and (tokens[start].dep_ in _EDGE_PUNCT or tokens[start].is_punct
                           and tokens[start].text not in ('"', "``", "`", "$", "£", "€")):
        start += 1
    while end > start and (tokens[end - 1].dep_ in _EDGE_PUNCT or tokens[end - 1].is_punct
                           and tokens[end - 1].text not in ('"', "''", "'", "%", ")")):
        end -= 1
    return tokens[start:end]


def phrase_bounds(tokens: list[Token]) -> tuple[int, int]:
    """Character offsets (start, end) of the tokens within their doc."""
    if not tokens:
        return 0, 0
    return tokens[0].idx, tokens[-1].idx + len(tokens[-1].text)


def tokens_text(tokens: Iterable[Token]) -> str:
    """The tokens as written: original spacing inside a contiguous run, one space across gaps."""
    parts: list[str] = []
    prev: Token | None = None
    for tok in sorted(tokens, key=lambda t: t.i):
        if prev is not None:
            parts.append(prev.whitespace_ if tok.i == prev.i + 1 else " ")
        parts.append(tok.text)
        prev = tok
    return "".join(parts).strip()


def text_of(tokens: list[Token]) -> str:
    return tokens_text(tokens)


def children(token: Token, *deps: str) -> Iterator[Token]:
    for child in child_tokens(token):
        if child.dep_ in deps:
            yield child
