"""Reported speech becomes a claim by its speaker; hedges, modals and negation stay on the statement."""

from __future__ import annotations

import pytest

CLAIMS = [  # (text, subject, predicate, object, speaker)
    ('Elon Musk has threatened to sue Microsoft. Musk said the firm had trained it "illegally using Twitter '
     'data", adding: "Lawsuit time."', "Microsoft", "use-data-of", "Twitter", "Elon Musk"),
    ("Analyst Dan Ives said Microsoft bought Activision.", "Microsoft", "acquired", "Activision", "Dan Ives"),
    ("Microsoft bought Activision, Reuters reported.", "Microsoft", "acquired", "Activision", "Reuters"),
    ("According to Reuters, Microsoft bought Activision.", "Microsoft", "acquired", "Activision", "Reuters"),
]

HEDGED = [  # (text, subject, predicate, object, modality)
    ("Elon Musk has threatened to sue Microsoft for allegedly using Twitter data.",
     "Microsoft", "use-data-of", "Twitter", "allegedly"),
    ("In recent months, major corporations like Apple have reportedly stopped advertising on Twitter.",
     "Apple", "stoppedAdvertisingOn", "Twitter", "reportedly"),
    ("Microsoft may acquire Activision next year.", "Microsoft", "acquired", "Activision", "may"),
]


def _triple(reading, subject, predicate, obj):
    labels = {e.id: e.label for e in reading.result.entities}
    return [t for t in reading.result.triples
            if (labels[t.subject], t.predicate, labels[t.object]) == (subject, predicate, obj)]


@pytest.mark.parametrize("text,subject,predicate,obj,speaker", CLAIMS)
def test_reported_clause_is_a_claim_by_the_speaker(read, text, subject, predicate, obj, speaker):
    reading = read(text)
    found = _triple(reading, subject, predicate, obj)
    labels = {e.id: e.label for e in reading.result.entities}
    assert found and all(t.claim and not t.asserted for t in found)
    assert {labels.get(t.claimed_by) for t in found} == {speaker}


@pytest.mark.parametrize("text,subject,predicate,obj,modality", HEDGED)
def test_hedges_and_modals_are_kept_and_not_asserted(read, text, subject, predicate, obj, modality):
    found = _triple(read(text), subject, predicate, obj)
    assert found and all(t.modality == modality and not t.asserted for t in found)


def test_the_reporting_clause_itself_is_asserted(read):
    reading = read("Sky News has contacted Microsoft for comment, the broadcaster said.")
    assert ("Sky News", "contacted", "Microsoft") in reading.triples


def test_a_when_clause_under_a_reporting_verb_is_given_not_claimed(read):
    # "officials confirmed X was discussed when A visited B": the visit is the article's own fact
    reading = read("Officials have confirmed trade was discussed when senator Mark Dayton visited Tony Blair.")
    assert ("Mark Dayton", "visited", "Tony Blair") in reading.asserted


def test_negation_no_longer(read):
    reading = read("Twitter no longer owns Vine.")
    assert ("Twitter", "owns", "Vine") in reading.triples
    assert ("Twitter", "owns", "Vine") not in reading.asserted
