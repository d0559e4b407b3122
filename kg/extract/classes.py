"""What kind of thing a token names: from its entity label, or from the descriptor noun it is.

Rules read relations by the kinds of their two ends ("Japan's Sumitomo" puts a company in a
country; "Nintendo's console" is something Nintendo made), so they ask here.

>>> from kg.nlp import load_pipeline
>>> doc = load_pipeline()("Nintendo's new console reached France.")
>>> [token_class(t) for t in doc if t.text in ("Nintendo", "console", "France")]
['org', 'product', 'place']
"""

from __future__ import annotations

from functools import lru_cache

from spacy.symbols import NOUN
from spacy.tokens import Token

from ..nlp.lexicon import lexicon

__all__ = ["token_class", "LABEL_CLASS", "is_place_role"]

LABEL_CLASS = {"PERSON": "person", "ORG": "org", "GPE": "place", "LOC": "place", "FAC": "place",
               "PRODUCT": "product", "WORK_OF_ART": "work", "NORP": "group", "EVENT": "event", "LAW": "law"}
"""spaCy entity label -> the kind of thing it names."""


@lru_cache(maxsize=1)
def _noun_classes() -> dict[str, str]:
    lex = lexicon()
    table: dict[str, str] = {}
    for cls, words in (("work", lex.creative_descriptors), ("product", lex.product_descriptors),
                       ("org", lex.organization_descriptors), ("person", lex.person_descriptors),
                       ("place", lex.place_descriptors)):
        for word in words:
            table.setdefault(word, cls)
    return table


def token_class(token: Token) -> str | None:
    """'person', 'org', 'place', 'product', 'work', 'group', 'event', 'law', or None."""
    if token.ent_type_:
        return LABEL_CLASS.get(token.ent_type_)
    if token.pos == NOUN:
        return _noun_classes().get(token.lemma_.lower())
    return None


def is_place_role(words: str) -> bool:
    """A role that a person holds in or for a place ("governor", "finance minister"), as opposed
    to a descriptor that only says where the person is from ("actor", "businessman")."""
    roles = lexicon().place_roles
    return words in roles or words.split()[-1] in roles
