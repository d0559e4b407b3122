"""Correct the small model's entity labels from syntactic context.

A name used as the modifier of a product noun is a product ("Bing search engine", "Office apps",
"the Windows and Xbox maker"); a name modifying an organization noun is an organization
("Twitter boss", "the Meta spokesman"). The noun lists are data in ``kg/data/lexicon.json``.
A "name" that is an amount the tokenizer left whole ("£200bn", "548p") is money, or a number.
Names that kg's own patterns (``kg/data/entity_patterns.jsonl``) labelled are left alone, and
a pattern labelled CONCEPT ("AI", "CEO") removes the span from the entities altogether.
"""

from __future__ import annotations

import re

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from .lexicon import lexicon

__all__ = ["EntityContext", "NOT_A_NAME"]

_RELABEL = frozenset({"PERSON", "GPE", "LOC", "FAC", "NORP", "WORK_OF_ART", "ORG", "PRODUCT", "EVENT"})
_PATTERN_ID = "kg"
# A number glued to a magnitude or to pence, as British news writes amounts: "200bn", "6.2bn",
# "£5m", "548p". An upper-case suffix is left alone ("3M", "5G" are names).
_AMOUNT = re.compile(r"^\d[\d.,-]*(?:bn|tn|m|p)$")
NOT_A_NAME = "CONCEPT"


def _modified_noun(root: Token) -> Token | None:
    """The common noun this name modifies, through coordination ("Windows and Xbox maker")."""
    node = root
    while node.dep_ == "conj" and node.head != node:
        node = node.head
    if node.dep_ in ("compound", "nmod") and node.head.pos_ == "NOUN":
        return node.head
    return None


class EntityContext:
    """Relabel names by the noun they modify. Requires doc.ents and the dependency parse."""

    def __init__(self) -> None:
        lex = lexicon()
        self.product_heads = lex.product_heads
        self.organization_heads = lex.organization_heads
        self.currency_words = lex.currency_words

    def amount_label(self, ent: Span) -> str | None:
        """MONEY or CARDINAL for a name made only of glued amounts and currency words."""
        words = self.currency_words
        if not any(_AMOUNT.match(t.text) for t in ent) or \
                not all(_AMOUNT.match(t.text) or t.is_currency or t.lower_ in words for t in ent):
            return None
        doc = ent.doc
        before = doc[ent.start - 1] if ent.start > 0 else None
        after = doc[ent.end] if ent.end < len(doc) else None
        money = (any(t.is_currency or t.lower_ in words or t.text.endswith("p") for t in ent)
                 or (before is not None and before.is_currency)
                 or (after is not None and after.lower_ in words))
        return "MONEY" if money else "CARDINAL"

    def label_for(self, ent: Span) -> str | None:
        noun = _modified_noun(ent.root)
        if noun is None:
            return None
        word = noun.lemma_.lower()
        if word in self.product_heads:
            return "PRODUCT"
        if word in self.organization_heads:
            return "ORG"
        return None

    def __call__(self, doc: Doc) -> Doc:
        changed = False
        ents = []
        for ent in doc.ents:
            if ent.label_ == NOT_A_NAME:
                changed = True  # kg's patterns overrule the NER here: "AI" and "CEO" name nothing
                continue
            label = None
            if ent.label_ in _RELABEL and ent.ent_id_ != _PATTERN_ID:
                label = self.amount_label(ent) or self.label_for(ent)
            if label and label != ent.label_:
                ent = Span(doc, ent.start, ent.end, label=label)
                changed = True
            ents.append(ent)
        if changed:
            doc.ents = ents
        return doc


@Language.factory("kg_entity_context", requires=["doc.ents", "token.dep"], assigns=["doc.ents"])
def _make_entity_context(nlp: Language, name: str) -> EntityContext:
    return EntityContext()
