"""Relations that nouns state: event nouns and the nouns a copula equates, place participles,
and coordinated phrases that are not one role. One table per construction."""

from __future__ import annotations

import pytest

EVENT_NOUNS = [  # text, relation (asserted)
    ("The biggest donation to the Greens was a bequest from Joan Pettit.", ("Joan Pettit", "investedIn", "Greens")),
    ("Among the gifts to Oxfam were 12 donations totalling £90,000 from Hollis Holdings.",
     ("Hollis Holdings", "investedIn", "Oxfam")),
    ("There were donations topping £50,000 for Oxfam from Hollis Holdings.", ("Hollis Holdings", "investedIn", "Oxfam")),
    ("Hollis Holdings made a donation to Oxfam.", ("Hollis Holdings", "investedIn", "Oxfam")),
    ("The World Bank ended its long battle with Argentina.", ("World Bank", "battle", "Argentina")),
]

POSSESSED_TITLES = [  # a name's or a pronoun's possessive and a title: text, relation (asserted)
    ("Bristol rock band Swans have entered the album chart at number one with their new release, Long Nights.",
     ("Swans", "created", "Long Nights")),
    ("The cover entered the chart at number eight, while Usher's Caught Up was a new entry at number nine.",
     ("Usher", "created", "Caught Up")),
]

PRONOUN_ROLES = [  # a pronoun's role noun with a name in apposition: text, relation (asserted)
    ("The film Nightfall won a prize for its director, Hungarian-born Tibor Kiss.",
     ("Tibor Kiss", "directed", "Nightfall")),
    ("The film Nightfall won praise for its young star, the 19-year-old actress Eva Toth.",
     ("Eva Toth", "appearedIn", "Nightfall")),
]

ORG_ROLES = [  # a role noun between a possessive and an organization's name: text, relation (asserted), never
    ("Boeing's rival Airbus won the order.", ("Airbus", "competesWith", "Boeing"), ("Boeing", "owns", "Airbus")),
    ("Nintendo faces a fierce challenge from its rival Sony.", ("Sony", "competesWith", "Nintendo"),
     ("Nintendo", "owns", "Sony")),
]

NO_PRONOUN_ROLE = [  # a person's possessive names no role: text, relation never read
    ('Will Smith thanked his "hero", Nelson Mandela, in his speech.', ("Nelson Mandela", "appearedIn", "Will Smith")),
]

PLACE_PARTICIPLES = [  # "X-based Y", "X-born Y": text, relation (asserted)
    ("The Leeds-based retailer Asda cut prices.", ("Asda", "basedIn", "Leeds")),
    ("Cardiff-based Admiral raised its dividend.", ("Admiral", "basedIn", "Cardiff")),
    ("Polish-born Anna Nowak directs the festival.", ("Anna Nowak", "bornIn", "Poland")),
]

NOT_ONE_ROLE = [  # an apposition followed by a phrase with its own determiner: text, relation never read
    ("The film won a prize for its director, Hungarian-born Tibor Kiss, and its young star, the actress Eva Toth.",
     ("Tibor Kiss", "appearedIn", "Hungary")),
]

UNDERGOERS = [  # a person who is a victim or a hostage "of" an organization does not work for it
    ("Harmon said that Walt Ober was a victim of the FBI.", ("Walt Ober", "worksFor", "FBI")),
    ("Ida Kemp was a hostage of the Red Brigades for a year.", ("Ida Kemp", "worksFor", "Red Brigades")),
]


def _asserted(reading, relation):
    return relation in reading.asserted


@pytest.mark.parametrize("text,relation", EVENT_NOUNS)
def test_event_nouns_and_the_nouns_a_copula_equates(read, text, relation):
    reading = read(text)
    assert _asserted(reading, relation), reading.asserted


@pytest.mark.parametrize("text,relation", PLACE_PARTICIPLES)
def test_place_participles(read, text, relation):
    reading = read(text)
    assert _asserted(reading, relation), reading.asserted


@pytest.mark.parametrize("text,relation", NOT_ONE_ROLE)
def test_a_conjunct_with_its_own_determiner_is_no_second_role(read, text, relation):
    reading = read(text)
    assert relation not in reading.triples
    assert ("Tibor Kiss", "bornIn", "Hungary") in reading.asserted


@pytest.mark.parametrize("text,relation", UNDERGOERS)
def test_regression_a_victim_of_an_organization_does_not_work_for_it(read, text, relation):
    assert relation not in read(text).triples


@pytest.mark.parametrize("text,relation", PRONOUN_ROLES)
def test_a_pronouns_role_with_a_name_in_apposition(read, text, relation):
    reading = read(text)
    assert _asserted(reading, relation), reading.asserted


@pytest.mark.parametrize("text,relation,never", ORG_ROLES)
def test_regression_a_rival_named_after_a_possessive_was_owned(read, text, relation, never):
    reading = read(text)
    assert relation in reading.asserted and never not in reading.triples, reading.triples


@pytest.mark.parametrize("text,relation", NO_PRONOUN_ROLE)
def test_a_persons_possessive_names_no_role(read, text, relation):
    assert relation not in read(text).triples


@pytest.mark.parametrize("text,relation", POSSESSED_TITLES)
def test_a_possessed_title_the_parser_read_as_a_verb(read, text, relation):
    reading = read(text)
    assert _asserted(reading, relation), reading.asserted


def test_a_name_conjoined_to_a_related_name_is_related_too(read):
    # "launch the console in the US and Europe": Europe stands where the US does on the path
    reading = read("Sony will launch its new console, the Vita, in the US and Europe in March.")
    pairs = {(s, o) for s, _, o in reading.triples}
    assert ("Vita", "United States") in pairs and ("Vita", "Europe") in pairs
