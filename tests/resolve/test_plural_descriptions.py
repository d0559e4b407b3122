"""Plural descriptions ("the two countries", "both companies", "the pair") refer back to the
entities named together earlier, and a relation read through one reaches each of them. Also
"the commission" after the one organization named "... Commission"."""

from __future__ import annotations

import pytest


def described_by(reading, text: str) -> set[str]:
    """Labels of the entities that have ``text`` as a description mention."""
    return {e.label for e in reading.result.entities
            if any(m.kind == "description" and m.text == text for m in e.mentions)}


LINKED = [  # text, the plural description, the entities it refers to
    ("France and Germany will breach the limit this year. It is the third year that the two countries "
     "have broken the rules.", "the two countries", {"France", "Germany"}),
    ("Sony and Nintendo met on Monday. Both companies said prices would fall.", "Both companies",
     {"Sony", "Nintendo"}),
    ("The European Commission fought France and Germany over deficits. The commission then took the pair "
     "to the European Court of Justice.", "the pair", {"France", "Germany"}),
    ("The European Commission fought France and Germany. The EC warned the two were under close scrutiny.",
     "the two", {"France", "Germany"}),
    ("Rolls-Royce and BMW signed a deal. The two firms will build engines together.", "The two firms",
     {"Rolls-Royce", "BMW"}),
    # of two groups the subjects: the athletes, not the cities
    ("Kenteris and Thanou skipped tests in Tel Aviv and Chicago. Then the pair missed another test in Athens.",
     "the pair", {"Kenteris", "Thanou"}),
    # no coordination, but the article has named exactly two countries
    ("Hugo Chavez has offered China access to the oil reserves of Venezuela. The offer, made as part of a "
     "trade deal between the two countries, will allow China to operate oil fields.", "the two countries",
     {"China", "Venezuela"}),
    # a description that takes the group up names it again for the next one
    ("Sony and Nintendo lowered their prices in Japan. The two companies hope to sell more consoles. "
     "Analysts said sales were weak in Europe. Shares in Tokyo fell on Tuesday. "
     "Retailers said demand was strong. The pair will report results in April.", "The pair",
     {"Sony", "Nintendo"}),
]


@pytest.mark.parametrize("text,description,entities", LINKED, ids=[r[1] for r in LINKED])
def test_plural_description_refers_to_each_entity_named_together(read, text, description, entities):
    reading = read(text)
    assert described_by(reading, description) == entities
    for entity in reading.result.entities:  # a description is never a name
        assert description not in entity.aliases


NOT_LINKED = [  # text, a plural phrase that refers to no group of names
    ("France and Germany will breach the limit. Two countries have broken the rules.", "Two countries"),
    ("France, Germany and Italy will breach the limit. The two countries have broken the rules.",
     "The two countries"),
    ("Sony and Elon Musk met on Monday. The two companies said prices would fall.", "The two companies"),
    ("The countries have broken the rules, France and Germany said.", "The countries"),
    # a coordination, not a description
    ("Cepes ran the project with Oxfam and Unicef. It offers training for both operators and users of the system.",
     "both operators"),
    ("The Justice Department and the SEC opened cases. Enron faced both criminal and civil charges.",
     "both criminal and civil charges"),
    # a plural noun that names no class of entities
    ("Iraq and Afghanistan were discussed. The bill passed both houses on Monday.", "both houses"),
    # three parties named, none of them together: not the last two
    ("Labour wants tough rules. The Tories were attacked. The Liberal Democrats were quiet. "
     "Bill Morris accused both the big parties of a bidding war.", "both the big parties"),
    # the small model's types of works and products are too loose to count them without a coordination
    ("Call of Duty came out in May. The console game Rising Sun sold well. Half Life 2 is out. "
     "The two games rely on a stage-managed structure.", "The two games"),
]


@pytest.mark.parametrize("text,phrase", NOT_LINKED, ids=[r[1] + str(i) for i, r in enumerate(NOT_LINKED)])
def test_plural_phrase_without_a_matching_group_refers_to_nothing(read, text, phrase):
    assert described_by(read(text), phrase) == set()


def test_relation_through_a_plural_description_reaches_each_entity(read):
    reading = read("The European Commission fought France and Germany over deficits. "
                   "The commission then took the pair to the European Court of Justice.")
    assert ("European Commission", "sues", "France") in reading.triples
    assert ("European Commission", "sues", "Germany") in reading.triples


def test_plural_subject_reaches_each_entity(read):
    reading = read("Sony and Nintendo lowered their prices in Japan. The two companies compete with Microsoft.")
    assert {("Sony", "competesWith", "Microsoft"), ("Nintendo", "competesWith", "Microsoft")} <= reading.triples


def test_a_plural_subject_is_trusted_less_than_a_name(read):
    """A plural description counts back to its names, a weaker cue than a name (the confidence of
    the same relation read through each), but it gets no pronoun's malus: both statements stand."""
    first = "France and Germany will breach the limit. "

    def statements(subject):
        reading = read(first + f"{subject} left the Stability and Growth Pact in tatters in 2003.")
        return [t for t in reading.result.triples if t.predicate.startswith("leave")]
    named, plural = statements("France"), statements("The two countries")
    assert len(plural) == 2 and len(named) == 1
    assert named[0].evidence.confidence > max(t.evidence.confidence for t in plural) >= 0.5


def test_extract_gives_one_tuple_per_clause_not_per_referent(read):
    reading = read("Sony and Nintendo lowered their prices in Japan. The two companies compete with Microsoft.")
    assert sum(1 for t in reading.tuples if t[0] == "The two companies") == 1


@pytest.mark.parametrize("text,description,entity", [
    ("The European Commission warned France on Monday. The commission said deficits were too high.",
     "The commission", "European Commission"),
    ("Lord Hanningfield is leader of Essex County Council. The council will go to the High Court.",
     "The council", "Essex County Council"),
])
def test_the_noun_a_single_organizations_name_ends_in_refers_to_it(read, text, description, entity):
    assert described_by(read(text), description) == {entity}


def test_the_noun_two_organizations_names_end_in_refers_to_neither(read):
    reading = read("The European Commission and the Securities and Exchange Commission met. "
                   "The commission said rules would change.")
    assert described_by(reading, "The commission") == set()
