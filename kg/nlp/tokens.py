"""The parse tree of a doc, read once.

spaCy's ``Token.children`` makes a new Token object for every child on every call, and the
rules of :mod:`kg.extract` and :mod:`kg.resolve` walk the same children many times a sentence
(a quarter of their time went there). :func:`child_tokens` reads the doc's tree once, when a
doc is first asked about, and gives the same Token objects every time after.
"""

from __future__ import annotations

from spacy.tokens import Doc, Token

__all__ = ["child_tokens"]

_TREE: list = [None, ()]
"""The doc last asked about, and its tokens' children."""


def child_tokens(token: Token) -> tuple[Token, ...]:
    """``token.children``, in the same order (left to right), made once per doc.

    >>> from kg.nlp import load_pipeline
    >>> doc = load_pipeline()("Elon Musk sued Microsoft.")
    >>> [t.text for t in child_tokens(doc[2])] == [t.text for t in doc[2].children]
    True
    """
    doc = token.doc
    tree = _TREE[1] if _TREE[0] is doc else _read_tree(doc)
    return tree[token.i]


def _read_tree(doc: Doc) -> tuple[tuple[Token, ...], ...]:
    tokens = list(doc)
    children: list[list[Token]] = [[] for _ in tokens]
    for token in tokens:
        head = token.head.i
        if head != token.i:
            children[head].append(token)
    tree = tuple(tuple(c) for c in children)
    _TREE[0], _TREE[1] = doc, tree
    return tree
