"""Where people, organizations and places are, who works where and who killed whom, read off news
constructions (kg/extract/locations.py, the dateline rule in kg/extract/nominal.py and the names
kg/nlp/entity_context.py types by news conventions). One table per construction: (text, the
triple kg must assert), with the entities' labels as kg gives them."""

from __future__ import annotations

import pytest

DATELINES = [  # a dateline's agency is based in its town, and the town is in the state or country after it
    ("TUCSON, Ariz. (AP) - Storms closed the airport.", ("AP", "basedIn", "Tucson")),
    ("TUCSON, Ariz. (AP) - Storms closed the airport.", ("AP", "basedIn", "Ariz.")),
    ("DULUTH, Minn. (AP) - Snow closed the schools.", ("DULUTH", "locatedIn", "Minn.")),
    ("Lusaka, March 3 (ZANA) -- The cabinet met on Monday.", ("ZANA", "basedIn", "Lusaka")),
    ("(Text) Bern, 12 Jun (SDA) -- The council met today.", ("SDA", "basedIn", "Bern")),
    ("Nairobi June 7 KNA -- The minister arrived today.", ("KNA", "basedIn", "Nairobi")),
    ("SALT LAKE CITY, Utah", ("Salt Lake City", "locatedIn", "Utah")),
]

SOURCE_LINES = [  # a monitoring service's source line: the outlet is based in the place before it
    ("LD0911150795 Kiev UNIAN in Ukrainian 1400 GMT 9 Nov 95", ("UNIAN", "basedIn", "Kiev")),
    ("Bridge Reopens After Storm BK1203040595 Bangkok THE NATION in English 0400 GMT 12 Mar 95",
     ("NATION", "basedIn", "Bangkok")),
    ("Beirut Radio Lebanon", ("Radio Lebanon", "basedIn", "Beirut")),
    ("Quito EL UNIVERSO 12 Mar 95 pp 1, 4", ("EL UNIVERSO", "basedIn", "Quito")),
    ("Lima EL COMERCIO", ("EL COMERCIO", "basedIn", "Lima")),
]

AGE_APPOSITIONS = [  # "NAME, AGE, of PLACE": the age does not part the person from the place
    ("Harold Pinkney, 62, of Dover, Del., was injured in the crash.", ("Harold Pinkney", "livesIn", "Dover")),
    ("Harold Pinkney, 62, of Dover, Del., was injured in the crash.", ("Harold Pinkney", "livesIn", "Del.")),
    ("Ruth Calder, 41, of the World Health Organization, said the outbreak was over.",
     ("Ruth Calder", "worksFor", "World Health Organization")),
    ("Edna Marlowe Whitcombe, 58, of Tulsa, Okla., died on Friday.", ("Edna Marlowe Whitcombe", "livesIn", "Tulsa")),
]

BORN_IN = [
    ("Vera Lindqvist, born in Uppsala, Sweden, moved to Oslo in 1990.", ("Vera Lindqvist", "bornIn", "Sweden")),
    ("Nebraska born Tom Keller won the race.", ("Tom Keller", "bornIn", "Nebraska")),
    ("James Dickey, Georgia born, has taught there for 23 years.", ("James Dickey", "bornIn", "Georgia")),
    ("Walter Graham Pruett was born on May 2, 1911, in Dayton, Ohio.", ("Walter Graham Pruett", "bornIn", "Dayton")),
    # the place the parser hung on the date
    ("Ray Dunn was born on Feb. 5, 1907, in Dayton, Ohio, and spent his youth in Boston.", ("Ray Dunn", "bornIn", "Dayton")),
]

RESIDENCES = [  # a person's home, hometown or native place
    ("Police searched Tom Keller's Vermont farm on Tuesday.", ("Tom Keller", "livesIn", "Vermont")),
    ("The parade was held in Dayton, Greg Hall's hometown.", ("Greg Hall", "livesIn", "Dayton")),
    ("Maria Lopez returned to her native Peru last year.", ("Maria Lopez", "bornIn", "Peru")),
    ("Teenagers cruise the streets of the town where Walt Pike, a Modesto native, grew up.",
     ("Walt Pike", "from", "Modesto")),
    ("Dole pinned his hopes on North Carolina, the home state of his wife, Elizabeth.",
     ("Elizabeth", "livesIn", "North Carolina")),
    ("Ann Berg is a native of Duluth, Minn.", ("Ann Berg", "from", "Minn.")),
    # whose home it is is a person, whatever the model said
    ("Agents arrived at Kwan's New Jersey home and escorted him to safety.", ("Kwan", "livesIn", "New Jersey")),
]

NOT_RESIDENCES = [  # where something happened to a person is not where the person lives
    ("Governor Tom Reese was fatally shot by Dale Irwin in Denver.", ("Tom Reese", "livesIn", "Denver")),
    ("Governor Tom Reese was fatally shot by Dale Irwin in Denver.", ("Dale Irwin", "livesIn", "Denver")),
    ("Ned Cole was arrested in Denver.", ("Ned Cole", "livesIn", "Denver")),
    ("Otto Lind is serving 40 years in prison for first-degree murder of Vance in Reno.", ("Vance", "livesIn", "Reno")),
]

NOT_WORK = [  # a person's role over something unnamed that is in a place: the place is not the employer
    ("\"We are worried,\" said Jill Ross, director of the youth camp at Oxford in central Maine.",
     ("Jill Ross", "worksFor", "Oxford")),
    ("\"We are worried,\" said Jill Ross, director of the youth camp at Oxford in central Maine.",
     ("Jill Ross", "worksFor", "Maine")),
]

APPOSITIVE_PLACES = [  # a place inside the phrase in apposition to a name
    ("Harlan Moss, a Democrat from Denver, voted against the bill.", ("Harlan Moss", "from", "Denver")),
    ("Anna Roth, one of the leading chemists in Austria, won the prize.", ("Anna Roth", "livesIn", "Austria")),
    ("Sony, Japan's largest electronics maker, cut prices.", ("Sony", "basedIn", "Japan")),
    ("\"I was hearing the same story,\" says Jim Hale, an executive with Titan Systems and one of the leading "
     "missile experts in Canada.", ("Jim Hale", "livesIn", "Canada")),
    ("The talks were requested by Sihanouk's son and representative in Thailand, Dan Mori.",
     ("Dan Mori", "livesIn", "Thailand")),
    ("Fiji, an island nation in the Pacific Ocean, is sinking.", ("Fiji", "locatedIn", "Pacific Ocean")),
]

PLACES_IN_PLACES = [
    ("The concert was held at the Orpheum Theatre, in Boston, on Friday.", ("Orpheum Theatre", "locatedIn", "Boston")),
    ("The talks took place in Kenya in Africa.", ("Kenya", "locatedIn", "Africa")),
    ("Reporters gathered at IBM headquarters in Armonk, N.Y., on Monday.", ("IBM", "basedIn", "Armonk")),
    ("Ruth Ames is from Yatsushiro in Kumamoto Prefecture in southern Japan.", ("Yatsushiro", "locatedIn", "Japan")),
    # a list of sites with their towns and states
    ("Shelters were opened at these sites: Fort Dix, Trenton, N.J.; and Camp Perry, Ohio.",
     ("Fort Dix", "locatedIn", "Trenton")),
    ("Locations listed were: Clear Air Force Station, Alaska; Fort Dix, Wrightstown, N.J.",
     ("Clear Air Force Station", "locatedIn", "Alaska")),
    ("The shelter is in Garland County in western Arkansas.", ("Garland County", "locatedIn", "Arkansas")),
]

NOT_PLACES_IN_PLACES = [  # (text, triple kg must not read)
    # a list of towns with their states: one town is not in the other's state
    ("Temperatures ranged from 2 degrees at Jackson, Wyo., and Gunnison, Colo., to 89 degrees at McAllen, Texas.",
     ("Jackson", "locatedIn", "Colo.")),
    # a town after "in" is no site of a list ("born in Oologah, Okla.")
    ("In 1879, humorist Will Rogers was born in Oologah, Okla.", ("Will Rogers", "locatedIn", "Okla.")),
    # where something happened, not where the country is
    ("Waste was dumped by Japan in the Sea of Okhotsk.", ("Japan", "locatedIn", "Sea of Okhotsk")),
    # the place owns what follows it
    ("Omar Haddad, an activist in Tunisia's Ennahda party, was arrested.", ("Omar Haddad", "livesIn", "Tunisia")),
]

WORK = [
    ("The chief economist of the World Bank, Paul Romer, said growth would slow.",
     ("Paul Romer", "worksFor", "World Bank")),
    ("Jane Fox, of the FBI's division of counterterrorism, testified on Monday.", ("Jane Fox", "worksFor", "FBI")),
    ("Mark Oduya, editor and columnist for The Nation, wrote the article.", ("Mark Oduya", "worksFor", "Nation")),
    ("Lena Park, director of the Arts Council and a member of the Green Party, spoke first.",
     ("Lena Park", "memberOf", "Green Party")),
    # a role the parser coordinated with the first role's object
    ("The magazine carries an interview with Ivo Marn, leader of Croatian farmers and vice-president of the Union "
     "of Croatian Writers.", ("Ivo Marn", "worksFor", "Union of Croatian Writers")),
    ("Tal, a senior Finance Ministry official, declined to comment.", ("Tal", "worksFor", "Finance Ministry")),
    ("Hobbs, 53, a former Yale University law professor, joined the court in 1982.",
     ("Hobbs", "worksFor", "Yale University")),
    ("Prime Minister Jean Dupont's Socialist Party won the vote.", ("Jean Dupont", "memberOf", "Socialist Party")),
    ("W. Dale Nelson writes for The Associated Press.", ("W. Dale Nelson", "worksFor", "Associated Press")),
    # a title the parser hung on a word inside the name
    ("Deputy U.S. Ambassador Walter K. Brenner announced the cancellation.",
     ("Walter K. Brenner", "worksFor", "United States")),
    ("Carl Dunmore taught at Harvard University for ten years.", ("Carl Dunmore", "worksFor", "Harvard University")),
]

KILLINGS = [  # (text, triple); the kind is checked by KILLING_KINDS
    ("Senator Hal Briggs's assassin Owen Marsh was caught in Reno.", ("Owen Marsh", "killed", "Hal Briggs")),
    ("He met Garfield's assassin, Charles Guiteau, in prison.", ("Charles Guiteau", "killed", "Garfield")),
    ("Sam Ortiz is serving a life sentence for the murder of Luis Vega.", ("Sam Ortiz", "killed", "Luis Vega")),
    ("Police say Carl Brandt fired the shot that killed Erik Lund.", ("Carl Brandt", "killed", "Erik Lund")),
    ("King Faisal was assassinated by a group of officers that included Ali Hamid and Omar Said.",
     ("Omar Said", "killed", "Faisal")),
    ("General Emilio Mola was murdered on the orders of Juan Ortega.", ("Juan Ortega", "killed", "Emilio Mola")),
    ("After the assassination of Governor Ray Tull, police said Dale Irwin was the lone gunman.",
     ("Dale Irwin", "killed", "Ray Tull")),
    ("The murder in 2001 of banker Karl Heintz by hitman Lev Ostrov shocked the city.",
     ("Lev Ostrov", "killed", "Karl Heintz")),
    ("Anna Weber was shot dead in the garden of her house by Paul Novak.", ("Paul Novak", "killed", "Anna Weber")),
    ("Mayor Hal Kemp was shot in 1980. The trial of Kemp assassin James Earl Dane opened on Monday.",
     ("James Earl Dane", "killed", "Hal Kemp")),
    ("Otto Kranz, the convicted killer of Paul Weiss Jr., was paroled on Monday.",
     ("Otto Kranz", "killed", "Paul Weiss")),
    # whom a killing verb has as subject and object is a person, whatever the model said ("Lincoln" the city)
    ("Booth shot Lincoln in the back of the head.", ("Booth", "killed", "Lincoln")),
    ("Ruby fatally shot Oswald in the garage.", ("Ruby", "killed", "Oswald")),
    ("Garrick's clients have included Dan Pollard, who killed the banker Ron Stiles, and Jim and Amy Todd.",
     ("Dan Pollard", "killed", "Ron Stiles")),
    # a name the model missed after "the murder of"
    ("Dale Crane is serving 99 years in prison for the murder of King in Memphis.", ("Dale Crane", "killed", "King")),
]

NOT_KILLINGS = [  # (text, triple kg must not read)
    ("Texas sniper Charles Whitman shot 14 people at the University of Texas.",
     ("Charles Whitman", "worksFor", "University of Texas")),
    ("Dale Moss was convicted of the attempted murder of Ray Hull.", ("Dale Moss", "killed", "Ray Hull")),
    # a relative clause is about the names before it, not the conjuncts after it
    ("Garrick's clients have included Dan Pollard, who killed the banker Ron Stiles, and Jim and Amy Todd.",
     ("Amy Todd", "killed", "Ron Stiles")),
]

KILLING_KINDS = [  # (text, triple, negated, modality) of the accused-of rule's statement
    ("Police charged Ivan Petrov with the murder of Sergei Orlov.", ("Ivan Petrov", "killed", "Sergei Orlov"),
     False, "alleged"),
    ("Tom Crane was acquitted of killing Rita Vance.", ("Tom Crane", "killed", "Rita Vance"), True, None),
    ("Ned Pyle, suspected of the murder of banker Otto Frisch, fled to Spain.", ("Ned Pyle", "killed", "Otto Frisch"),
     False, "alleged"),
    # a participle after a name and a comma describes the name, also where the parser made it an adverbial
    ("The court threw out the death sentence of Carl Ames, convicted of the murder of reporter Jon Pike.",
     ("Carl Ames", "killed", "Jon Pike"), False, None),
    ("Sally Dunn, convicted of the killing of Tim Ross, appealed.", ("Sally Dunn", "killed", "Tim Ross"), False, None),
]

# (text, entity text, label): names typed by news conventions and by what only a person does
NEWS_NAMES = [
    ("BANGKOK, Thailand (AP) - Floods hit the city.", "BANGKOK", "GPE"),
    ("Lusaka, March 3 (ZANA) -- The cabinet met on Monday.", "ZANA", "ORG"),
    ("Moscow, 5 May (ITAR-TASS) -- The talks ended.", "ITAR-TASS", "ORG"),
    ("LD0911150795 Kiev UNIAN in Ukrainian 1400 GMT 9 Nov 95", "UNIAN", "ORG"),
    ("Lima EL COMERCIO", "EL COMERCIO", "ORG"),
    ("Ann Berg is a native of Duluth, Minn .", "Minn", "GPE"),
    ("The trial of Kemp assassin James Earl Dane opened on Monday.", "Kemp", "PERSON"),
    ("Tal, a senior Finance Ministry official, declined to comment.", "Tal", "PERSON"),
    ("Floods reached Tillman Parish on Monday.", "Tillman Parish", "GPE"),
    ("Edna Marlowe Whitcombe, 58, of Tulsa, Okla., died on Friday.", "Edna Marlowe Whitcombe", "PERSON"),
    # one of a plural person's role, named by a given name; a title of nobility of a place
    ("One of the club's owners, Steven Park, sold his shares.", "Steven Park", "PERSON"),
    ("Holland's Duke of Brabant visited Paris.", "Duke of Brabant", "PERSON"),
]

NOT_NEWS_NAMES = [  # (text, entity text, label kg must not give it)
    ("Today's Highlight in History: Emperor Julius Caesar was assassinated by a group of nobles.",
     "Highlight in History", "PERSON"),
    ("Elon Musk (Tesla) said the plan would work.", "Elon Musk", "GPE"),
    ("In London, Miss Marple said nothing.", "Miss", "GPE"),
    ("The bank hired its advisers, Goldman Sachs, last week.", "Goldman Sachs", "PERSON"),
    ("Microsoft's home page was down.", "Microsoft", "PERSON"),
    ("Industry analysts Screen Digest said sales fell.", "Screen Digest", "PERSON"),
]


@pytest.mark.parametrize("text,relation", DATELINES)
def test_datelines(read, text, relation):
    assert relation in read(text).asserted


@pytest.mark.parametrize("text,relation", SOURCE_LINES)
def test_source_lines(read, text, relation):
    assert relation in read(text).asserted


@pytest.mark.parametrize("text,relation", AGE_APPOSITIONS)
def test_age_appositions(read, text, relation):
    assert relation in read(text).asserted


@pytest.mark.parametrize("text,relation", BORN_IN)
def test_born_in(read, text, relation):
    assert relation in read(text).asserted


@pytest.mark.parametrize("text,relation", RESIDENCES)
def test_residences(read, text, relation):
    assert relation in read(text).asserted


@pytest.mark.parametrize("text,relation", NOT_RESIDENCES)
def test_regression_an_event_in_a_place_is_no_residence(read, text, relation):
    assert relation not in read(text).triples


@pytest.mark.parametrize("text,relation", APPOSITIVE_PLACES)
def test_appositive_places(read, text, relation):
    assert relation in read(text).asserted


@pytest.mark.parametrize("text,relation", PLACES_IN_PLACES)
def test_places_in_places(read, text, relation):
    assert relation in read(text).asserted


@pytest.mark.parametrize("text,relation", NOT_PLACES_IN_PLACES)
def test_not_places_in_places(read, text, relation):
    assert relation not in read(text).triples


@pytest.mark.parametrize("text,relation", WORK)
def test_work(read, text, relation):
    assert relation in read(text).asserted


@pytest.mark.parametrize("text,relation", NOT_WORK)
def test_regression_a_place_down_a_roles_chain_is_no_employer(read, text, relation):
    assert relation not in read(text).triples


@pytest.mark.parametrize("text,relation", KILLINGS)
def test_killings(read, text, relation):
    assert relation in read(text).asserted


@pytest.mark.parametrize("text,relation", NOT_KILLINGS)
def test_not_killings(read, text, relation):
    assert relation not in read(text).triples


@pytest.mark.parametrize("text,relation,negated,modality", KILLING_KINDS)
def test_killing_kinds(read, text, relation, negated, modality):
    reading = read(text)
    labels = {e.id: e.label for e in reading.result.entities}
    found = [t for t in reading.result.triples if t.evidence.rule == "accused-of"
             and (labels[t.subject], t.predicate, labels[t.object]) == relation]
    assert found, reading.triples
    assert found[0].negated is negated and found[0].modality == modality


@pytest.mark.parametrize("text,name,label", NEWS_NAMES)
def test_names_by_news_conventions(nlp, text, name, label):
    assert {e.text: e.label_ for e in nlp(text).ents}.get(name) == label


@pytest.mark.parametrize("text,name,label", NOT_NEWS_NAMES)
def test_names_news_conventions_leave_alone(nlp, text, name, label):
    assert {e.text: e.label_ for e in nlp(text).ents}.get(name) != label


@pytest.mark.parametrize("nouns, word", [
    ({"head office"}, "head office"),
    ({"head office"}, "office"),  # role_lemma's last word is the noun's own lemma
    ({"governor"}, "gov."),  # the lexicon's lemma overrides read "gov." as "governor"
])
def test_gate_words_cover_what_a_noun_can_be_read_as(nouns, word):
    from kg.extract.locations import _head_words
    assert word in _head_words(frozenset(nouns))


def test_gated_rule_runs_only_with_its_words_and_labels(nlp):
    from kg.extract.gates import only_with
    calls = []
    rule = only_with(lambda: frozenset({"headquarters"}), frozenset({"ORG"}))(
        lambda sent: iter(calls.append(sent.text) or ()))
    for text in ("Microsoft moved its headquarters to Reno.", "Its headquarters moved.", "Microsoft moved to Reno."):
        assert list(rule(nlp(text)[:])) == []
    assert calls == ["Microsoft moved its headquarters to Reno."]
