"""One table per linguistic construction: (real news sentence, expected extraction).

Open IE tables list (arg1, relation as written, arg2 ...) tuples that must be among the
extractions; graph tables list (subject, predicate, object) entity triples. Sentences come
from the seed articles and the BBC News corpus.
"""

from __future__ import annotations

import pytest

SVO_PARTICLES = [
    ("Sky News has contacted Microsoft for comment.",
     ("Sky News", "has contacted", "Microsoft", "for comment")),
    ("Mr Gammell set up the company in the 1980s and has successfully switched its focus to South Asia.",
     ("Mr Gammell", "set up", "the company", "in the 1980s")),
    ("Twitter's press team replied to an inquiry with their customary poo emoji.",
     ("Twitter's press team", "replied", "to an inquiry with their customary poo emoji")),
    ("Musk expressed his frustration in a tweet.",
     ("Musk", "expressed", "his frustration", "in a tweet")),
]

XCOMP_CHAINS = [
    ("Elon Musk has threatened to sue Microsoft for allegedly using Twitter data without permission.",
     ("Elon Musk", "has threatened to sue", "Microsoft")),
    ("Diageo, the world's biggest spirits company, has agreed to buy Californian wine company Chalone.",
     ("Diageo", "has agreed to buy", "Californian wine company Chalone")),
    ("Musk stated that he would be willing to sell the company if the right person came along.",
     ("he", "would be willing to sell", "the company")),
    ("In recent months, major corporations like Apple have reportedly stopped advertising on the platform.",
     ("major corporations like Apple", "have stopped advertising", "on the platform")),
]

PREPOSITIONAL_OBJECTS = [
    ("The tech giant revealed it would drop his social media site from its corporate advertising platform.",
     ("it", "would drop", "his social media site", "from its corporate advertising platform")),
    ("Musk did not elaborate on his claim.",
     ("Musk", "did not elaborate", "on his claim")),
    ("Mr Gammell has successfully switched its focus to South Asia from interests in the US.",
     ("Mr Gammell", "has switched", "its focus", "to South Asia", "from interests in the US")),
]

PASSIVES = [
    ("Boeing was sued by Lockheed Martin after its rival accused it of industrial espionage.",
     ("Boeing", "was sued", "by Lockheed Martin")),
    ("Jet, which was founded by London-based travel agent Naresh Goyal, plans to buy new planes.",
     ("Jet", "was founded", "by London-based travel agent Naresh Goyal")),
]

CONJUNCTS = [
    ("Microsoft has indicated that its service will still support Meta's Facebook and Instagram.",
     [("its service", "will support", "Meta's Facebook"), ("its service", "will support", "Instagram")]),
    ("Blake and Shaughnessy then beat Molik and Baccanello in a tense mixed doubles contest.",
     [("Blake", "beat", "Molik"), ("Shaughnessy", "beat", "Molik"), ("Blake", "beat", "Baccanello"),
      ("Shaughnessy", "beat", "Baccanello")]),
]

COPULA_APPOSITION = [
    ("Mike Rhodes, CEO and founder of marketing agency ConsultMyApp, said the data was valuable.",
     ("Mike Rhodes", "is CEO of", "marketing agency ConsultMyApp")),
    ("Mike Rhodes, CEO and founder of marketing agency ConsultMyApp, said the data was valuable.",
     ("Mike Rhodes", "is founder of", "marketing agency ConsultMyApp")),
    ("The SpaceX and Tesla owner was a co-founder of ChatGPT creator OpenAI, but left in 2019.",
     ("The SpaceX and Tesla owner", "was co-founder of", "ChatGPT creator OpenAI")),
    ("Jack Law, chief executive of Alcohol Focus Scotland, said the comment was ill-advised.",
     ("Jack Law", "is chief executive of", "Alcohol Focus Scotland")),
]

POSSESSIVES = [
    ("Microsoft's service uses AI to help ad buyers manage their social media accounts.",
     ("Microsoft", "has", "service")),
    ("Microsoft has indicated that its service will still support Meta's Facebook and Instagram.",
     ("Meta", "has", "Facebook")),
]


@pytest.mark.parametrize("sentence,expected", SVO_PARTICLES)
def test_subject_verb_object_with_particles(read, sentence, expected):
    assert read(sentence).has_tuple(*expected)


@pytest.mark.parametrize("sentence,expected", XCOMP_CHAINS)
def test_xcomp_chain_keeps_relation_as_written(read, sentence, expected):
    assert read(sentence).has_tuple(*expected)


@pytest.mark.parametrize("sentence,expected", PREPOSITIONAL_OBJECTS)
def test_prepositional_objects(read, sentence, expected):
    assert read(sentence).has_tuple(*expected)


@pytest.mark.parametrize("sentence,expected", PASSIVES)
def test_passive_keeps_surface_order(read, sentence, expected):
    assert read(sentence).has_tuple(*expected)


@pytest.mark.parametrize("sentence,expected", CONJUNCTS)
def test_conjuncts_split_into_one_tuple_each(read, sentence, expected):
    reading = read(sentence)
    for tup in expected:
        assert reading.has_tuple(*tup), tup


@pytest.mark.parametrize("sentence,expected", COPULA_APPOSITION)
def test_copula_and_apposition(read, sentence, expected):
    assert read(sentence).has_tuple(*expected)


@pytest.mark.parametrize("sentence,expected", POSSESSIVES)
def test_possessives(read, sentence, expected):
    assert read(sentence).has_tuple(*expected)


# --- entity triples (the graph) -------------------------------------------------------------

GRAPH_TRIPLES = [
    ("Elon Musk has threatened to sue Microsoft for allegedly using Twitter data without permission.",
     ("Elon Musk", "threatens-suit", "Microsoft")),
    ("In a shocking turn of events, Elon Musk, Twitter's CEO, has threatened to take legal action "
     "against Microsoft.", ("Elon Musk", "threatens-suit", "Microsoft")),
    ("In a shocking turn of events, Elon Musk, Twitter's CEO, has threatened to take legal action "
     "against Microsoft.", ("Elon Musk", "ceoOf", "Twitter")),
    ("Mike Rhodes, CEO and founder of marketing agency ConsultMyApp, said the data was valuable.",
     ("Mike Rhodes", "ceoOf", "ConsultMyApp")),
    ("Mike Rhodes, CEO and founder of marketing agency ConsultMyApp, said the data was valuable.",
     ("Mike Rhodes", "founderOf", "ConsultMyApp")),
    ("Sky News has contacted Microsoft for comment.", ("Sky News", "contacted", "Microsoft")),
    ("Microsoft has indicated that its service will still support Meta's Facebook and Instagram.",
     ("Meta", "owns", "Instagram")),
    ("The SpaceX and Tesla owner was a co-founder of ChatGPT creator OpenAI.", ("OpenAI", "created", "ChatGPT")),
    ("Bob Murray, chairman of Sunderland FC, has launched a bid for the club.",
     ("Bob Murray", "leaderOf", "Sunderland FC")),
]

PASSIVE_TO_ACTIVE = [
    # the graph edge runs from the agent: "was sued by Lockheed Martin" -> Lockheed Martin sues Boeing
    ("Boeing was sued by Lockheed Martin over a contract.", "sues", "Boeing"),
]


@pytest.mark.parametrize("sentence,expected", GRAPH_TRIPLES)
def test_graph_triples_with_normalized_predicates(read, sentence, expected):
    assert expected in read(sentence).asserted


@pytest.mark.parametrize("sentence,predicate,patient", PASSIVE_TO_ACTIVE)
def test_passive_is_normalized_to_the_active_direction(read, sentence, predicate, patient):
    reading = read(sentence)
    assert any(p == predicate and o == patient and s != patient for s, p, o in reading.asserted)


NEGATED = [
    ("Twitter no longer has a press office.", ("Twitter", "has", "a press office")),
    ("Musk did not elaborate on his claim.", ("Musk", "did not elaborate", "on his claim")),
    ("Michael Howard said he would not back the Home Secretary's plans.",
     ("he", "would not back", "the Home Secretary's plans")),
]


@pytest.mark.parametrize("sentence,tup", NEGATED)
def test_negation_is_a_flag(read, sentence, tup):
    reading = read(sentence)
    matches = [x for x in reading.result.extractions
               if (x.arg1, x.relation) == tup[:2] and x.args and x.args[0].text == tup[2]]
    assert matches and all(x.negated for x in matches)


def test_negated_triple_is_never_asserted(read):
    reading = read("Sky News has not contacted Microsoft.")
    assert ("Sky News", "contacted", "Microsoft") in reading.triples
    assert ("Sky News", "contacted", "Microsoft") not in reading.asserted


# --- relations carried by noun phrases around names (news datelines, bylines, titles) ----------

NAME_PHRASES = [
    ("Penry raped Pamela Moseley Carpenter on Oct. 15, 1979, in Livingston, Texas, then stabbed her to death.",
     ("Livingston", "locatedIn", "Texas")),
    ("Ten oil workers were missing off Morgan City, La., after their rig capsized.",
     ("Morgan City", "locatedIn", "La.")),
    ('"It is not practical in the short term," says former Air Force commander Avihu Bin-Nun.',
     ("Avihu Bin-Nun", "leaderOf", "Air Force")),
    ("Diageo, the world's biggest spirits company, has agreed to buy Californian wine company Chalone.",
     ("Diageo", "acquired", "Chalone")),
    # a place before a title that the parser hung on the name
    ('"The scheme was a fraud," said US Attorney Jane Doyle.', ("Jane Doyle", "worksFor", "United States")),
    # a role noun in apposition with a name in front of it: member of that name
    ("Hungary, a small but vocal EU member, has asked for more time.", ("Hungary", "memberOf", "EU")),
    # "on" a board or commission is membership
    ("Rules must change, said Anne Price, a commissioner on the Securities and Exchange Commission.",
     ("Anne Price", "memberOf", "Securities and Exchange Commission")),
    # "the X magazine" is X, not the last organization named
    ("Nintendo sold a million consoles, said Tom Hale, editor of the GamesWorld magazine.",
     ("Tom Hale", "worksFor", "GamesWorld")),
    # a place modifying a descriptor noun: where the named band is based
    ("Liverpool indie band Swans have topped the album chart.", ("Swans", "basedIn", "Liverpool")),
]


@pytest.mark.parametrize("sentence,expected", NAME_PHRASES)
def test_relations_in_name_phrases(read, sentence, expected):
    assert expected in read(sentence).asserted
