"""Normalize a relation's lemma chain to a predicate name.

A chain that the ontology's vocabulary lists (``kg:lemmaPattern``) maps to that curated
property, provided the entity types fit its domain and range; any other chain becomes an
open predicate, its lemmas joined by hyphens ("drop-from"), which is stable and valid as an
IRI local name.
"""

from __future__ import annotations

import re
import unicodedata

from ..ontology import Ontology

__all__ = ["chain_key", "open_predicate", "normalize_predicate"]

_NOT_NAME = re.compile(r"[^a-z0-9]+")


def chain_key(chain: tuple[str, ...] | list[str]) -> str:
    return " ".join(w.lower() for w in chain if w)


def open_predicate(chain: tuple[str, ...] | list[str]) -> str:
    text = unicodedata.normalize("NFKD", chain_key(chain))
    text = "".join(c for c in text if not unicodedata.combining(c))
    name = _NOT_NAME.sub("-", text).strip("-")
    if not name:
        return "relatedTo"
    if name[0].isdigit():
        name = "r-" + name
    return name


def normalize_predicate(chain: tuple[str, ...], ontology: Ontology, subject_type: str | None = None,
                        object_type: str | None = None) -> tuple[str, bool]:
    """(predicate, inverse). ``inverse`` means the edge runs from the object to the subject."""
    # A role with modifiers ("be biggest financial supporter of") falls back to its head noun.
    heads = tuple(w.split()[-1] for w in chain if w)
    for key in dict.fromkeys((chain_key(chain), chain_key(heads))):
        for rule in ontology.patterns.get(key, ()):
            s, o = (object_type, subject_type) if rule.inverse else (subject_type, object_type)
            if s is None or o is None or ontology.accepts(rule.predicate, s, o):
                return rule.predicate, rule.inverse
    return open_predicate(chain), False
