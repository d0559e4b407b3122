"""Relations read off what the text says is negotiated, refused or alleged. One table per
construction: talks about an event and agreements reached together (hedged unless reached),
refusing to endorse (opposition), wrongs a speaker says somebody did (accusation), prizes won
for somebody (the award is theirs), government officials reporting what their country did, and
coordinated subjects of a reciprocal verb ("Sony and Nintendo compete")."""

from __future__ import annotations

import pytest

TALKS = [  # text, relation: read, never asserted (talks, a modal)
    ("Vodafone has held preliminary merger discussions with Orange.", ("Vodafone", "acquired", "Orange")),
    ("Vodafone is in takeover talks with Orange.", ("Vodafone", "acquired", "Orange")),
    ("Vodafone and Orange may reach an agreement next week.", ("Vodafone", "partnerOf", "Orange")),
]

AGREED = [  # an agreement the subjects reached: text, relation (asserted)
    ("Vodafone and Orange reached an agreement on Monday.", ("Vodafone", "partnerOf", "Orange")),
]

REPORTED = [  # a clause that a report noun introduces is claimed, not asserted: text, relation
    ("Mr Hale declined to comment on reports that Vodafone had held merger talks with Orange.",
     ("Vodafone", "acquired", "Orange")),
    ("The tribunal is examining allegations that Tom Baird met Ivan Lenz in Riga.", ("Tom Baird", "met", "Ivan Lenz")),
]

TALKS_ONLY = [  # talks about nothing in particular are a meeting, never an acquisition: text, relation never read
    ("Vodafone held talks with Orange.", ("Vodafone", "acquired", "Orange")),
]

REFUSALS = [  # refusing to endorse is opposing: text, relation (asserted)
    ("France refused to sign the Kyoto Protocol.", ("France", "opposed", "Kyoto Protocol")),
    ("Germany declined to back the Kyoto Protocol.", ("Germany", "opposed", "Kyoto Protocol")),
]

NOT_REFUSED = [  # failing is no refusal: text, relation never asserted
    ("Germany failed to sign the Kyoto Protocol.", ("Germany", "opposed", "Kyoto Protocol")),
]

ACCUSATIONS = [  # a speaker says somebody did wrong: text, relation (asserted)
    ('"Tom Baird and Ivan Lenz used the agency\'s tools to defraud the public," said prosecutor Ruth Dane.',
     ("Ruth Dane", "accused", "Tom Baird")),
    ('"Tom Baird and Ivan Lenz used the agency\'s tools to defraud the public," said prosecutor Ruth Dane.',
     ("Ruth Dane", "accused", "Ivan Lenz")),
    ('"Tom Baird lied to the committee," Ruth Dane told reporters.', ("Ruth Dane", "accused", "Tom Baird")),
]

NO_ACCUSATION = [  # a wrong denied or only possible accuses nobody: text, relation never read
    ("Ruth Dane said Tom Baird did not lie to the committee.", ("Ruth Dane", "accused", "Tom Baird")),
    ("Ruth Dane said Tom Baird may have lied to the committee.", ("Ruth Dane", "accused", "Tom Baird")),
    ("Tom Baird lied to the committee.", ("Tom Baird", "accused", "Tom Baird")),
]

AWARDS = [  # a prize won "for" a person: text, relation (asserted)
    ("Nightfall won an Oscar for its director, Tibor Kiss.", ("Tibor Kiss", "wonAward", "Oscar")),
]

NO_AWARD = [  # a prize "for" a category names no winner: text, a relation never read
    ("Nightfall won an Oscar for best film.", ("best film", "wonAward", "Oscar")),
]

OFFICIALS = [  # a government official reports what a country did: text, relation (asserted)
    ("Latvia has lifted import duties on cars, Finance Minister Ivan Ozols said.", ("Ivan Ozols", "worksFor", "Latvia")),
    ("Foreign Minister Ivan Ozols said Latvia would close the border.", ("Ivan Ozols", "worksFor", "Latvia")),
]

NOT_THEIR_OFFICIAL = [  # the title names its own place, or is no government's: text, relation never read
    ("Latvian Finance Minister Ivan Ozols said Estonia had broken the rules.", ("Ivan Ozols", "worksFor", "Estonia")),
    ("Estonia has broken the rules, spokesman Ivan Ozols said.", ("Ivan Ozols", "worksFor", "Estonia")),
]


@pytest.mark.parametrize("text,relation", OFFICIALS)
def test_a_government_official_speaks_for_the_country_reported_on(read, text, relation):
    assert relation in read(text).asserted


@pytest.mark.parametrize("text,relation", NOT_THEIR_OFFICIAL)
def test_an_official_of_another_place_or_no_government_is_not_its_own(read, text, relation):
    assert relation not in read(text).triples


@pytest.mark.parametrize("text,relation", AWARDS)
def test_a_prize_won_for_a_person_is_theirs(read, text, relation):
    assert relation in read(text).asserted


@pytest.mark.parametrize("text,relation", NO_AWARD)
def test_a_prize_for_a_category_names_no_winner(read, text, relation):
    reading = read(text)
    assert not any(p == "wonAward" and s != "Nightfall" for s, p, _ in reading.triples), reading.triples


def test_regression_the_second_role_the_parser_joins_to_the_first_name_wins_too(read):
    # "for its director, X, and its young star, the actress Y": "star" hangs on X, not on "director"
    reading = read("Nightfall won a Bafta prize for its director, Polish-born Tibor Kiss, and its young star, "
                   "the 19-year-old actress Eva Toth.")
    winners = {s for s, p, o in reading.asserted if p == "wonAward" and o != "Nightfall"}
    assert {"Tibor Kiss", "Eva Toth"} <= winners, reading.triples


@pytest.mark.parametrize("text,relation", TALKS)
def test_talks_about_an_event_hedge_the_event(read, text, relation):
    reading = read(text)
    assert relation in reading.triples and relation not in reading.asserted, reading.triples


@pytest.mark.parametrize("text,relation", REPORTED)
def test_a_clause_a_report_noun_introduces_is_a_claim(read, text, relation):
    reading = read(text)
    label = {e.id: e.label for e in reading.result.entities}
    statements = [t for t in reading.result.triples if relation == (label[t.subject], t.predicate, label[t.object])]
    assert statements and all(t.claim and not t.asserted for t in statements), reading.triples


def test_regression_merger_talks_with_were_asserted_as_a_meeting(read):
    reading = read("Vodafone has held merger talks with Orange.")
    assert ("Vodafone", "met", "Orange") not in reading.asserted
    assert ("Vodafone", "acquired", "Orange") in reading.triples - reading.asserted


@pytest.mark.parametrize("text,relation", AGREED)
def test_an_agreement_reached_together_joins_the_subjects(read, text, relation):
    assert relation in read(text).asserted


@pytest.mark.parametrize("text,relation", TALKS_ONLY)
def test_talks_without_a_topic_are_no_acquisition(read, text, relation):
    assert relation not in read(text).triples


@pytest.mark.parametrize("text,relation", REFUSALS)
def test_refusing_to_endorse_is_opposing(read, text, relation):
    assert relation in read(text).asserted


@pytest.mark.parametrize("text,relation", NOT_REFUSED)
def test_failing_to_endorse_is_no_opposition(read, text, relation):
    assert relation not in read(text).asserted


@pytest.mark.parametrize("text,relation", ACCUSATIONS)
def test_a_wrong_a_speaker_says_was_done_is_an_accusation(read, text, relation):
    assert relation in read(text).asserted


@pytest.mark.parametrize("text,relation", NO_ACCUSATION)
def test_a_denied_or_possible_wrong_accuses_nobody(read, text, relation):
    assert relation not in read(text).triples


def test_regression_refused_to_sign_up_to_the_kyoto_treaty_is_opposition(read):
    # the place that names the treaty stands for it: "the Kyoto treaty" -> "treaty of Kyoto"
    reading = read("Canada refused to sign up to the Kyoto treaty last year.")
    assert ("Canada", "opposed", "Kyoto") in reading.asserted


RECIPROCAL = [  # coordinated subjects of a reciprocal verb or plural role: text, relation (asserted)
    ("Vodafone and Orange are fierce rivals.", ("Vodafone", "competesWith", "Orange")),
    ("Sony and Nintendo compete in the handheld market.", ("Sony", "competesWith", "Nintendo")),
    ("Tony Blair and George Bush met in Washington.", ("Tony Blair", "met", "George Bush")),
]

NOT_RECIPROCAL = [  # another party is named, or the verb is no reciprocal one: text, relation never read
    ("Sony and Nintendo compete with Microsoft.", ("Sony", "competesWith", "Nintendo")),
    ("Sony and Nintendo cut prices.", ("Sony", "competesWith", "Nintendo")),
]


@pytest.mark.parametrize("text,relation", RECIPROCAL)
def test_coordinated_subjects_of_a_reciprocal_verb_relate_to_each_other(read, text, relation):
    assert relation in read(text).asserted


@pytest.mark.parametrize("text,relation", NOT_RECIPROCAL)
def test_another_party_or_another_verb_relates_no_subjects(read, text, relation):
    assert relation not in read(text).triples


def test_regression_fined_was_lemmatized_fin(read):
    assert ("European Commission", "regulates", "Microsoft") in read("The European Commission fined Microsoft.").asserted


TRANSPARENT_OWNERS = [  # the name that owns a medium or names a law's content is the party: text, relation (asserted)
    ("Lord Hale told BBC Radio 4's Today programme that he would resign.", ("Hale", "told", "BBC Radio 4")),
]


@pytest.mark.parametrize("text,relation", TRANSPARENT_OWNERS)
def test_the_owner_of_a_programme_is_who_was_told(read, text, relation):
    assert relation in read(text).asserted


def test_regression_the_pact_rules_a_country_broke_were_a_modifier(read):
    reading = read("Italy has broken the Stability and Growth Pact rules.")
    statements = [t for t in reading.result.triples if t.predicate.startswith("break")]
    assert statements and all(t.evidence.confidence >= 0.5 for t in statements), reading.triples
