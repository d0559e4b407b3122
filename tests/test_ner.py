"""kg's corrections of the small model's entity labels (kg/nlp/entity_context.py), one table per correction."""

from __future__ import annotations

import pytest

# (sentence, entity text, label kg should give it)
GLUED_AMOUNTS = [
    ("The deal is worth £200bn to the economy.", "200bn", "MONEY"),
    ("Shares in the bank rose to 548p on Monday.", "548p", "MONEY"),
    ("Varig owes $2bn to its creditors.", "2bn", "MONEY"),
    ("The 200bn project stalled.", "200bn", "CARDINAL"),
]

NAMES_THAT_STAY = [
    ("Boeing sold ten 777-200LR jets to Emirates.", "777-200LR", "PRODUCT"),
    ("Elon Musk has threatened to sue Microsoft.", "Elon Musk", "PERSON"),
]

PRODUCT_AND_ORG_HEADS = [
    ("Microsoft rolled its GPT model into the Bing search engine.", "Bing", "PRODUCT"),
]

# A name the model missed, typed by its neighbours: a role in apposition, a coordinated name,
# a descriptor in front (also when the tagger reads the name as a plural common noun).
NAMED_BY_NEIGHBOURS = [
    ("Marta Kowalczyk, senior economist at Barclays Capital, said inflation would ease.",
     "Marta Kowalczyk", "PERSON"),
    ("The plan is opposed by the councils of Camden and Wandsworth.", "Wandsworth", "GPE"),
    ("Bristol rock band Swans have topped the album chart.", "Swans", "ORG"),
    ("Sales reached $3bn last year, according to industry analysts Screen Digest.", "Screen Digest", "ORG"),
    ("The band's new release, Some Cities, is out today.", "Some Cities", "WORK_OF_ART"),
    # a title after a creative descriptor, whatever the tagger made of its words ("Lost" a verb)
    ("US film Lost in Translation won the award for best foreign feature.", "Lost in Translation", "WORK_OF_ART"),
    ("The film Gone with the Wind of 1939 is long.", "Gone with the Wind", "WORK_OF_ART"),
    ("Two family films came next, with the comedy Because of Winn-Dixie in third place.", "Because of Winn-Dixie",
     "WORK_OF_ART"),
]

# A name never stops inside a proper-noun compound that ends in a designator (a number or two
# or three capitals), even where one of kg's own patterns matched its first word.
DESIGNATED_NAMES = [
    ("Everyone wanted to try the four-player Wave Racer DS at the show.", "Wave Racer DS", "PRODUCT"),
    ("She told BBC Radio 5 that the plan was wrong.", "BBC Radio 5", "ORG"),
    ("Fans queued for Ubisoft's Rayman DS on Friday.", "Rayman DS", "ORG"),
]

# What the model called a person and is not.
NOT_PEOPLE = [
    ("At Heathrow, Gatwick, Edinburgh and Glasgow airports, BAA launched a consultation.", "Glasgow", "GPE"),
    ("At Heathrow, Gatwick, Edinburgh and Glasgow airports, BAA launched a consultation.", "BAA", "ORG"),
]


def _labels(nlp, sentence):
    return {ent.text: ent.label_ for ent in nlp(sentence).ents}


@pytest.mark.parametrize("sentence,text,label", GLUED_AMOUNTS)
def test_regression_amounts_glued_to_bn_or_pence_were_people(nlp, sentence, text, label):
    assert _labels(nlp, sentence).get(text) == label


@pytest.mark.parametrize("sentence,text,label", NAMES_THAT_STAY)
def test_names_with_digits_keep_their_label(nlp, sentence, text, label):
    assert _labels(nlp, sentence).get(text) == label


@pytest.mark.parametrize("sentence,text,label", PRODUCT_AND_ORG_HEADS)
def test_a_name_modifying_a_product_noun_is_a_product(nlp, sentence, text, label):
    assert _labels(nlp, sentence).get(text) == label


@pytest.mark.parametrize("sentence,text,label", NAMED_BY_NEIGHBOURS)
def test_a_missed_name_is_typed_by_its_neighbours(nlp, sentence, text, label):
    assert _labels(nlp, sentence).get(text) == label


@pytest.mark.parametrize("sentence,text,label", DESIGNATED_NAMES)
def test_a_name_goes_on_to_its_designator(nlp, sentence, text, label):
    assert _labels(nlp, sentence).get(text) == label


@pytest.mark.parametrize("sentence,text,label", NOT_PEOPLE)
def test_acronyms_and_names_coordinated_with_places_are_no_people(nlp, sentence, text, label):
    assert _labels(nlp, sentence).get(text) == label
