"""Confidence of an extraction: rule reliability, adjusted for argument length and entities.

The base reliability of each rule was estimated on the CaRB dev split (see
docs/BENCHMARKS.md); the adjustments rank short, entity-anchored tuples above long ones.
"""

from __future__ import annotations

from .candidate import Candidate

__all__ = ["RULE_BASE", "confidence"]

RULE_BASE = {
    "svo": 0.80,
    "xcomp-chain": 0.75,
    "passive-agent": 0.75,
    "sv-prep": 0.70,
    "light-verb": 0.70,
    "passive": 0.60,
    "copula": 0.65,
    "sv-ccomp": 0.50,
    "sv": 0.40,
}


def confidence(candidate: Candidate, subject_entity: bool, object_entity: bool,
               subject_pronoun: bool) -> float:
    score = RULE_BASE.get(candidate.rule, candidate.base)
    if subject_entity:
        score += 0.10
    elif subject_pronoun:
        score -= 0.15
    if object_entity:
        score += 0.05
    score -= min(0.20, 0.02 * max(0, len(candidate.subject) - 6))
    first = len(candidate.args[0].tokens) if candidate.args else 0
    score -= min(0.15, 0.01 * max(0, first - 10))
    score -= 0.05 * max(0, len(candidate.args) - 3)
    if candidate.extras.get("example"):
        score -= 0.15
    return round(min(0.99, max(0.05, score)), 3)
