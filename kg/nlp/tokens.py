"""The parse tree of a doc, read once.

spaCy's ``Token.children`` makes a new Token object for every child on every call, and the
rules of :mod:`kg.extract` and :mod:`kg.resolve` walk the same children many times a sentence
(much of their time went there). :func:`child_tokens` reads the doc's tree once, when a
doc is first asked about, and gives the same Token objects every time after.
"""

from __future__ import annotations

from functools import wraps
from typing import Callable, TypeVar

from spacy.attrs import HEAD, POS, SENT_START
from spacy.tokens import Doc, Span, Token

from .threads import PerThread

__all__ = ["child_tokens", "doc_ents", "doc_pos", "doc_sentence_starts", "doc_tokens", "forget_trees", "KEEP",
           "per_token"]


_T = TypeVar("_T")


def per_token(function: Callable[[Token], _T]) -> Callable[[Token], _T]:
    """``function`` worked out once per token of the doc read last (in each thread): for what
    several rules ask of the same tokens. ``function`` must not return None.

    >>> from kg.nlp import load_pipeline
    >>> calls = []
    >>> shout = per_token(lambda token: calls.append(token.i) or token.text.upper())
    >>> doc = load_pipeline()("Brutus stabbed Caesar.")
    >>> shout(doc[0]), shout(doc[0]), calls
    ('BRUTUS', 'BRUTUS', [0])
    """
    kept = PerThread(last=[None, {}])

    @wraps(function)
    def once(token: Token) -> _T:
        doc, cache = token.doc, kept.last
        if cache[0] is not doc:
            cache[0], cache[1] = doc, {}
        found = cache[1].get(token.i)
        if found is None:
            found = cache[1][token.i] = function(token)
        return found
    return once


KEEP = 256
"""Docs whose trees are kept (in each thread), unless :func:`forget_trees` was told of more.
``read_article`` forgets them before each article, and keeps as many as the article has
paragraphs: resolution walks them all several times over, one paragraph after another, and a
bound below their number would make every walk read every tree again. The bound is for other
callers."""

# Each thread's trees by doc id, and the doc asked about last (with its tokens and tree): most
# questions are about the same doc.
_KEPT = PerThread(trees={}, last=(None, (), (), (), [], None), bound=KEEP)


def forget_trees(keep: int = KEEP) -> None:
    """Let go of this thread's kept trees and their docs (before an article is read), and keep
    the trees of up to ``keep`` docs from now on (never fewer than :data:`KEEP`).

    >>> from kg.nlp import load_pipeline
    >>> doc = load_pipeline()("Elon Musk sued Microsoft.")
    >>> first = doc_tokens(doc)
    >>> forget_trees()
    >>> doc_tokens(doc) is first
    False
    """
    _KEPT.trees.clear()
    _KEPT.last = (None, (), (), (), [], None)
    _KEPT.bound = max(KEEP, keep)


def child_tokens(token: Token) -> tuple[Token, ...]:
    """``token.children``, in the same order (left to right), made once per doc.

    >>> from kg.nlp import load_pipeline
    >>> doc = load_pipeline()("Elon Musk sued Microsoft.")
    >>> [t.text for t in child_tokens(doc[2])] == [t.text for t in doc[2].children]
    True
    """
    doc, kept = token.doc, _KEPT
    last = kept.last
    if last[0] is not doc:
        last = kept.last = _kept(doc)
    return last[2][token.i]


def doc_tokens(doc: Doc) -> tuple[Token, ...]:
    """The doc's tokens, the same objects :func:`child_tokens` gives.

    >>> from kg.nlp import load_pipeline
    >>> doc = load_pipeline()("Elon Musk sued Microsoft.")
    >>> doc_tokens(doc)[2].text
    'sued'
    >>> child_tokens(doc[2])[0] is doc_tokens(doc)[1]
    True
    """
    return _kept(doc)[1]


def doc_pos(doc: Doc) -> tuple[int, ...]:
    """Each token's part of speech (``Token.pos``) as a plain int, read with the tree: spaCy's
    ``Token.pos`` makes an enum member on every access, which costs three times ``Token.tag``.

    >>> from spacy.symbols import PROPN
    >>> from kg.nlp import load_pipeline
    >>> doc = load_pipeline()("Elon Musk sued Microsoft.")
    >>> doc_pos(doc)[0] == PROPN == doc[0].pos
    True
    """
    return _kept(doc)[3]


def doc_ents(doc: Doc) -> tuple[Span, ...]:
    """``doc.ents``, made once per doc: spaCy makes every entity's Span again on each access.

    >>> from kg.nlp import load_pipeline
    >>> doc = load_pipeline()("Elon Musk sued Microsoft.")
    >>> [e.text for e in doc_ents(doc)] == [e.text for e in doc.ents]
    True
    """
    kept = _kept(doc)[4]
    if not kept:
        kept.append(tuple(doc.ents))
    return kept[0]


def doc_sentence_starts(doc: Doc) -> tuple[int, ...] | None:
    """Where each of the doc's sentences starts, read with the tree; None for a doc without
    sentence boundaries.

    >>> from kg.nlp import load_pipeline
    >>> doc_sentence_starts(load_pipeline()("Brutus stabbed Caesar. Rome mourned."))
    (0, 4)
    """
    return _kept(doc)[5]


_Kept = tuple[Doc, tuple[Token, ...], tuple[tuple[Token, ...], ...], tuple[int, ...], list, tuple[int, ...] | None]


def _kept(doc: Doc) -> _Kept:
    kept = _KEPT.trees.get(id(doc))
    # The doc is kept with its tree, so no other doc can have its id while it is there.
    return kept if kept is not None else _read_tree(doc)


def _read_tree(doc: Doc) -> _Kept:
    tokens = tuple(doc)
    # Each head as an offset from its token, the parts of speech and the sentence starts, read in
    # one call: Token.head makes a Token object.
    heads, pos, flags = doc.to_array([HEAD, POS, SENT_START]).astype("int64").T.tolist() if tokens else ([], [], [])
    children: list[tuple[Token, ...]] = [()] * len(tokens)  # most tokens have none
    for i, offset in enumerate(heads):
        if offset:
            children[i + offset] += (tokens[i],)
    trees = _KEPT.trees
    if len(trees) >= _KEPT.bound:
        del trees[next(iter(trees))]  # the oldest
    # Span.sent's ends: the last start at or before a token, the first one after it
    starts = (0, *(i for i in range(1, len(flags)) if flags[i] == 1)) if doc.has_annotation("SENT_START") else None
    kept: _Kept = (doc, tokens, tuple(children), tuple(pos), [], starts)
    trees[id(doc)] = kept
    return kept
