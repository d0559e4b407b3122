"""Extraction rules over the spaCy dependency parse.

Each rule is a small function ``rule(sentence) -> Iterator[Candidate]``; :data:`RULES` lists
them in the order they run. :func:`sentence_candidates` runs them all and drops duplicates.
"""

from __future__ import annotations

from spacy.tokens import Span

from .candidate import GRAPH_ROLES, Arg, Candidate, Refers, Rule, may_be_entity
from .nominal import (adjacent_possessives, appositions, based_in, compound_roles, copula_roles, datelines,
                      descriptor_modifiers, name_titles, place_of_name, possessives)
from .events import award_recipients, event_nouns, negotiations
from .locations import LOCATION_RULE_NAMES, LOCATION_RULES
from .paths import dependency_paths
from .reciprocal import reciprocal_subjects
from .speech import accusations, officials_of_the_subject
from .predicates import normalize_predicate, open_predicate
from .spans import tokens_text
from .verbs import light_verb_clauses, verb_clauses

__all__ = ["RULES", "Arg", "Candidate", "GRAPH_ROLES", "Refers", "may_be_entity", "sentence_candidates",
           "normalize_predicate", "open_predicate", "relation_text"]

RULES: tuple[Rule, ...] = (
    verb_clauses,
    light_verb_clauses,
    appositions,
    copula_roles,
    possessives,
    adjacent_possessives,
    compound_roles,
    name_titles,
    place_of_name,
    descriptor_modifiers,
    based_in,
    datelines,
    *LOCATION_RULES,
    event_nouns,
    negotiations,
    award_recipients,
    accusations,
    officials_of_the_subject,
    reciprocal_subjects,
    dependency_paths,
)

_TAKE_REFERS = frozenset({verb_clauses, light_verb_clauses})
"""The rules that skip, in a build, the clauses whose subject refers to no entity (see
``sentence_candidates``)."""


def relation_text(candidate: Candidate) -> str:
    return candidate.relation_text or tokens_text(candidate.relation)


def _key(candidate: Candidate) -> tuple:
    return (
        tuple(t.i for t in candidate.subject),
        relation_text(candidate),
        tuple(tuple(t.i for t in a.tokens) for a in candidate.args),
    )


# Rules that read a relation off the structure of a noun phrase and name it themselves ("is
# based in", "made"): edges of the graph, not Open IE tuples, whose annotators write relations
# as the text has them.
GRAPH_RULES = frozenset({"descriptor", "dateline", "event-noun", "negotiation", "accusation", "award-for", "reciprocal",
                         "possessive-role", "name-org", "path"}) | LOCATION_RULE_NAMES


def sentence_candidates(sent: Span, refers: Refers | None = None) -> list[Candidate]:
    """Every rule's candidates for the sentence, without duplicates.

    ``refers``, when given, says which tokens refer to an entity: a caller that keeps only
    relations between entities (a build) gets only the candidates whose subject refers to one,
    and the clause rules (``_TAKE_REFERS``) skip such clauses early. Duplicates are dropped
    first, so a candidate left out still hides its duplicates. (A clause skipped early hides
    none; a duplicate has the same subject words, so it starts no relation either:
    ``bench/reading.py`` and the tests of every construction check that a build finds the same
    relations.)
    """
    seen: set[tuple] = set()
    out: list[Candidate] = []
    for rule in RULES:
        for candidate in (rule(sent, refers) if rule in _TAKE_REFERS else rule(sent)):
            if candidate.rule in GRAPH_RULES:
                for arg in candidate.args:
                    arg.graph_only = True
            if not candidate.subject or not candidate.args and candidate.rule != "sv":
                continue
            key = _key(candidate)
            if key not in seen:
                seen.add(key)
                if refers is None or refers(candidate.subject_head):
                    out.append(candidate)
    return out
