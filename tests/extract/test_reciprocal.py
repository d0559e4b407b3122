"""Names coordinated as the subject of a reciprocal relation stand in it with each other
("Qwest and MCI may reach an agreement": Qwest partnerOf MCI, hedged; kg/extract/reciprocal.py
and the negotiation rule of kg/extract/events.py), unless the clause names another party."""

from __future__ import annotations

import pytest


def between(reading, a: str, b: str) -> list:
    labels = {e.id: e.label for e in reading.result.entities}
    return [t for t in reading.result.triples if {labels[t.subject], labels[t.object]} == {a, b}]


@pytest.mark.parametrize("text,a,predicate,b,asserted", [
    ("Sony and Nintendo signed a deal on Monday.", "Sony", "partnerOf", "Nintendo", True),
    ("Tony Blair and George Bush met in Washington.", "Tony Blair", "met", "George Bush", True),
    ("Microsoft and Google compete in search.", "Microsoft", "competesWith", "Google", True),
    ("Press reports suggest that Qwest and MCI may reach an agreement next week.", "Qwest", "partnerOf", "MCI",
     False),  # hedged: 'may'
])
def test_coordinated_subjects_of_a_reciprocal_relation_are_related(read, text, a, predicate, b, asserted):
    found = [t for t in between(read(text), a, b) if t.predicate == predicate]
    assert found and any(t.asserted for t in found) == asserted


@pytest.mark.parametrize("text,a,b", [
    ("Sony and Nintendo signed a deal with Microsoft.", "Sony", "Nintendo"),  # the partner is Microsoft
    ("Sony and Nintendo sued Microsoft.", "Sony", "Nintendo"),  # no reciprocal relation
    ("Tony Blair and George Bush met Vladimir Putin.", "Tony Blair", "George Bush"),  # they met Putin
    ("Sony and Nintendo cut prices in Japan.", "Sony", "Nintendo"),
])
def test_coordinated_subjects_are_not_related_otherwise(read, text, a, b):
    assert between(read(text), a, b) == []


def test_a_relation_between_coordinated_subjects_is_no_open_ie_tuple(read):
    """`kg extract` writes only the slots that are not graph-only (kg/cli/extract.py)."""
    reading = read("Sony and Nintendo signed a deal on Monday. Microsoft and Google compete in search.")
    joined = [x for x in reading.result.extractions if x.rule in ("reciprocal", "negotiation")]
    assert {x.rule for x in joined} == {"reciprocal", "negotiation"}
    assert all(a.graph_only for x in joined for a in x.args)
