"""Normalize a relation's lemma chain to a predicate.

A chain that the ontology's vocabulary lists (``kg:lemmaPattern``) maps to that canonical
relation, provided the entity types fit its domain and range. A chain that starts with a
control verb ("agree to buy", "plan to sue", "fail to win") is read through it: the inner
chain names the relation and the control verb its kind ("plan", "want": hedged; "fail",
"refuse": negated), from the lexicon in ``kg/data/lexicon.json``. Any other chain becomes an
open predicate, its lemmas joined by hyphens ("drop-from"), stable and valid as an IRI local
name; :meth:`~kg.ontology.Ontology.verb_relation` gives the canonical relation it falls under.

>>> from kg.ontology import load_ontology
>>> normalize_predicate(("plan", "buy"), load_ontology())
Predicate(name='acquired', inverse=False, open_name='plan-buy', canonical=True, hedge='plan', negated=False)
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from ..nlp.lexicon import lexicon
from ..ontology import Ontology

__all__ = ["Predicate", "chain_key", "open_predicate", "normalize_predicate", "open_super", "clear_caches"]

_NOT_NAME = re.compile(r"[^a-z0-9]+")


@dataclass(frozen=True)
class Predicate:
    """What a lemma chain means between two entities."""

    name: str
    """The canonical relation's local name, or the open predicate's."""
    inverse: bool = False
    """The edge runs from the object to the subject ("was acquired by")."""
    open_name: str = ""
    """The open predicate minted from the whole chain (the same as ``name`` for an open one)."""
    canonical: bool = False
    hedge: str | None = None
    """A control verb that makes the relation a plan, an offer or an attempt ("agree", "plan")."""
    negated: bool = False
    """A control verb that denies it ("fail", "refuse")."""


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


def _lookup(chain: tuple[str, ...], ontology: Ontology, subject_type: str | None,
            object_type: str | None) -> tuple[str, bool] | None:
    for key in _keys(chain):
        for rule in ontology.patterns.get(key, ()):
            s, o = (object_type, subject_type) if rule.inverse else (subject_type, object_type)
            if s is None or o is None or ontology.accepts(rule.predicate, s, o):
                return rule.predicate, rule.inverse
    return None


def _role_at(chain: tuple[str, ...], subject_type: str | None, object_type: str | None) -> tuple[str, bool] | None:
    """A person who is anything "of", "at", "for" or "with" an organization works for it
    ("former FBI man Jeffrey Royer", "acting comptroller at the American University"), unless
    the noun names someone the organization does something to ("a victim of the FBI")."""
    if len(chain) == 3 and chain[0] == "be" and chain[2] in ("of", "at", "for", "with") \
            and subject_type == "Person" and object_type == "Organization" \
            and chain[1].split()[-1] not in lexicon().undergoer_nouns:
        return "worksFor", False
    return None


def _keys(chain: tuple[str, ...]) -> list[str]:
    """The chain, then with its modifiers dropped one by one from the left, so that a role with
    modifiers finds its longest known form: "be biggest financial supporter of" ->
    "be financial supporter of" -> "be supporter of"."""
    keys = [chain_key(chain)]
    words = [w.split() for w in chain if w]
    while any(len(w) > 1 for w in words):
        words = [w[1:] if len(w) > 1 else w for w in words]
        keys.append(chain_key([" ".join(w) for w in words]))
    return list(dict.fromkeys(keys))


def _control(chain: tuple[str, ...]) -> tuple[tuple[str, ...], str | None, bool] | None:
    """The chain without its leading control verbs ("agree to buy" -> "buy"), the hedge they
    add and whether they deny it; None when the chain has no control verb to read through."""
    controls = lexicon().control_verbs
    words = list(chain)
    hedge, negated, stripped = None, False, False
    while len(words) > 1:
        two = f"{words[0]} {words[1]}"
        if words[0] == "be" and two in controls and len(words) > 2:
            kind, take = controls[two], 2
        elif words[0] in controls and words[0] != "be":
            kind, take = controls[words[0]], 1
        else:
            break
        if kind == "negated":
            negated = not negated
        # kind "reported" ("is said to"): the clause is a claim, read in kg.extract.verbs
        elif kind == "hedged" and hedge is None:
            hedge = " ".join(words[:take])
        words = words[take:]
        stripped = True
    return (tuple(words), hedge, negated) if stripped else None


_PREPOSITIONS = frozenset({"to", "with", "in", "into", "from", "for", "against", "of", "on", "at", "by", "over"})


def _attempt(chain: tuple[str, ...]) -> str | None:
    """The word that makes the relation an attempt, not a deed: "made a bid for MGM", "its
    offer for Chalone", "proposed to buy"."""
    words = [w for part in chain for w in part.split()]
    for i, word in enumerate(words):
        if word in lexicon().attempt_words or word == "offer" and words[i + 1:i + 2] == ["for"]:
            return word
    return None


def normalize_predicate(chain: tuple[str, ...], ontology: Ontology, subject_type: str | None = None,
                        object_type: str | None = None, verbs_before_prep: bool = False) -> Predicate:
    """What the lemma chain means between entities of these types. When nothing names the whole
    chain, the word before a final preposition is dropped as the verb's object ("sold jets to
    Oman" reads as "sell to"), unless ``verbs_before_prep`` says that word is the clause's verb:
    "was arrested in Denver" is no "be in"."""
    return _normalize(tuple(chain), ontology, subject_type, object_type, verbs_before_prep)


def clear_caches() -> None:
    """Empty the cache of chains worked out (up to 8,192): a build that has read its articles
    needs it no more."""
    _normalize.cache_clear()


# A corpus repeats its chains ("say", "be base in") across thousands of sentences: each chain
# and pair of types is worked out once.
@lru_cache(maxsize=8192)
def _normalize(chain: tuple[str, ...], ontology: Ontology, subject_type: str | None, object_type: str | None,
               verbs_before_prep: bool) -> Predicate:
    open_name = open_predicate(chain)
    found = _lookup(chain, ontology, subject_type, object_type) or _role_at(chain, subject_type, object_type)
    if found is None and len(chain) >= 3 and chain[-1] in _PREPOSITIONS and " " not in chain[-2] and not verbs_before_prep \
            and not (chain[0] == "be" and chain[-2] in lexicon().undergoer_nouns):
        # "sold jets to Oman": the verb's object stands between the verb and its preposition
        found = _lookup(chain[:-2] + chain[-1:], ontology, subject_type, object_type)
    if found is None and len(chain) >= 3 and chain[-1] == "of" and chain[-2] in lexicon().law_words:
        # "refused to sign up to the Kyoto treaty": the place names the treaty
        chain = chain[:-2]
        found = _lookup(chain, ontology, subject_type, object_type)
    if found is not None:
        return Predicate(found[0], found[1], open_name, canonical=True, hedge=_attempt(chain))
    inner = _control(chain)
    if inner is not None:
        words, hedge, negated = inner
        found = _lookup(words, ontology, subject_type, object_type)
        if found is not None:
            return Predicate(found[0], found[1], open_name, True, hedge, negated)
        return Predicate(open_name, False, open_name, False, hedge, negated)
    return Predicate(open_name, False, open_name)


def open_super(name: str, ontology: Ontology) -> str:
    """The canonical relation an open predicate is a sub-property of: the one its first verb
    (after any control verb) names, else ``relatedTo``.

    >>> from kg.ontology import load_ontology
    >>> open_super("plan-criticise-decision-of", load_ontology())
    'criticised'
    """
    words = tuple(name.split("-"))
    inner = _control(words)
    return ontology.super_relation(list(inner[0] if inner else words))
