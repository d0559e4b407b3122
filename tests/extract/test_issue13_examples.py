"""Regression tables for every example in issue 13 ("Relations a reader can trust"), one table per
construction: description coreference, possessives read by the class of the head noun, role
titles before names, a copula with a role, constructions that used to be misread ("the largest
wine maker in China", "told the Reuters news agency", "calling back cars", "At Heathrow, BAA
launched ..."), participial and relative clauses, "X-based Y", "X's chief executive Y",
coordinated objects across prepositions, and the kinds of statements: plans, bids and proposed
deals are hedged; "has indicated", "signalled", "is said to", "sources say" make claims, whose
speaker is resolved through pronouns and descriptions. The seed graph must still say that Elon
Musk threatens to sue Microsoft.

Each row is a news sentence or two written for this table in the style of the issue's example
(the examples come from BBC and Reuters articles, whose text is not copied here). Entities are
named by any of their names (label or alias), so a better canonical label does not break a row.
Relations are kg's canonical properties (``ontology/kg.ttl``). A row whose expectation today's
code does not meet yet is kept and marked ``xfail(strict=True)`` with what is missing: those
rows are the known gaps, and an unexpected pass fails the suite so that the table is updated
when a fix lands. A table with two tests over its rows gives each aspect its own xfail reason.
"""

from __future__ import annotations

import re

import pytest
from gap_tables import GapTables, row

import kg

LEADS = ("leaderOf", "ceoOf")
"""A leadership relation: kg:ceoOf is a kg:leaderOf."""
BASED = ("basedIn", "locatedIn")


# --- how the tables are written ------------------------------------------------------------------

TABLES = GapTables()
cases = TABLES.cases


def named(reading, name: str) -> set[str]:
    """Ids of the entities that go by ``name`` (label or alias)."""
    return {e.id for e in reading.result.entities if name in e.aliases}


def found(reading, subject: str, predicate: str | tuple[str, ...], obj: str | None = None) -> list:
    """The statements (asserted or not) from ``subject`` to ``obj`` (None: any object) by ``predicate``
    (a name, a tuple of acceptable names)."""
    predicates = (predicate,) if isinstance(predicate, str) else predicate
    subjects, objects = named(reading, subject), (named(reading, obj) if obj is not None else None)
    return [t for t in reading.result.triples
            if t.subject in subjects and t.predicate in predicates and (objects is None or t.object in objects)]


def asserted(reading, subject, predicate, obj) -> bool:
    return any(t.asserted for t in found(reading, subject, predicate, obj))


def shown(reading) -> list[tuple]:
    """Every statement, readable, for assertion messages."""
    labels = {e.id: e.label for e in reading.result.entities}
    return [(labels[t.subject], t.predicate, labels[t.object], "asserted" if t.asserted else
             f"claim by {labels.get(t.claimed_by)}" if t.claim else f"modality {t.modality}" if t.modality else
             "not asserted") for t in reading.result.triples]


def span_of(text: str, part: str) -> tuple[int, int]:
    start = text.index(part)
    return start, start + len(part)


# --- description coreference ---------------------------------------------------------------------

DESCRIPTIONS = [  # text, a definite description, the entity it refers to, a relation read through it (asserted)
    row("the-tech-titan", "Elon Musk has attacked Microsoft over its use of data. "
        "Musk accused the tech titan of stealing Twitter data.",
        "the tech titan", "Microsoft", ("Elon Musk", "accused", "Microsoft")),
    row("the-tech-titan-apposition", "Microsoft, the tech titan, hired bankers from Goldman Sachs. "
        "The tech titan later bought Activision.",
        "The tech titan", "Microsoft", ("Microsoft", "acquired", "Activision")),
    row("the-firm", "Analysts expect strong results from Vodafone on Tuesday. The firm bought Mannesmann in 2000.",
        "The firm", "Vodafone", ("Vodafone", "acquired", "Mannesmann")),
    row("the-carmaker", "US carmaker Ford hired the bank Goldman Sachs on Monday. The carmaker bought Volvo in 1999.",
        "The carmaker", "Ford", ("Ford", "acquired", "Volvo"),
        gap="'the carmaker' is left unresolved although the article calls Ford a carmaker (Goldman Sachs is "
            "nearer): the description's head noun is not matched with what the article says of each entity"),
    row("the-minister", "Finance Minister Gordon Brown met Alan Greenspan in London on Friday. "
        "The minister praised the Federal Reserve.",
        "The minister", "Gordon Brown", ("Gordon Brown", "supported", "Federal Reserve")),
]


@pytest.mark.parametrize("text,description,entity,relation", cases(DESCRIPTIONS))
def test_description_resolves_to_the_entity_the_article_describes(read, text, description, entity, relation):
    reading = read(text)
    [target] = [e for e in reading.result.entities if entity in e.aliases]
    assert description in [m.text for m in target.mentions if m.kind == "description"], target.mentions
    assert asserted(reading, *relation), shown(reading)


OFFICIALS = [  # text, "the X official", the person named last before it, X, a claim the official makes (or None)
    row("bank-of-japan-official-told-reuters",
        "U.S. Treasury Secretary James Baker met Japanese officials in Washington on Monday. "
        "The yen will not be allowed to rise further, a senior Bank of Japan official told Reuters.",
        "a senior Bank of Japan official", "James Baker", "Bank of Japan", None),
    row("finance-ministry-official-said",
        "Nakasone met U.S. envoy Mike Mansfield in Tokyo on Tuesday. "
        "Toyota will buy a stake in Daihatsu, the Finance Ministry official said.",
        "the Finance Ministry official", "Mike Mansfield", "Finance Ministry", ("Toyota", "investedIn", "Daihatsu"),
        gap="'the Finance Ministry official' is resolved to Mike Mansfield, the last person named: he gets "
            "worksFor Finance Ministry and the official's claim"),
]


@pytest.mark.parametrize("text,description,person,org,claim", cases(OFFICIALS))
def test_the_x_official_is_someone_of_x_not_the_last_named_person(read, text, description, person, org, claim):
    reading = read(text)
    start, end = span_of(text, description)
    [who] = [e for e in reading.result.entities if person in e.aliases]
    assert not [m for m in who.mentions if m.start < end and start < m.end], who.mentions
    assert not [t for t in reading.result.triples if t.subject == who.id and t.object in named(reading, org)]
    assert not [t for t in reading.result.triples if t.claimed_by == who.id or
                (t.subject == who.id and t.predicate == "told")], shown(reading)
    if claim is not None:
        statements = found(reading, *claim)
        assert statements and all(t.claim and not t.asserted for t in statements), shown(reading)


# --- possessives by the class of the head noun ---------------------------------------------------

POSSESSIVES = [  # text, the relation the possessive states (asserted), a relation it must never give
    row("place-company-sumitomo", "Japan's Sumitomo Mitsui Financial said its profits rose by 20 percent.",
        ("Sumitomo Mitsui Financial", "basedIn", "Japan"), ("Japan", "owns", "Sumitomo Mitsui Financial")),
    row("place-company-cbi", "The UK's CBI said business confidence had fallen.",
        ("CBI", "basedIn", "UK"), ("UK", "owns", "CBI")),
    row("place-company-siemens", "Germany's Siemens cut 1,000 jobs.",
        ("Siemens", "basedIn", "Germany"), ("Germany", "owns", "Siemens")),
    row("person-album", "Tony Christie's Definitive Collection topped the album chart on Sunday.",
        ("Tony Christie", "created", "Definitive Collection"), ("Tony Christie", "owns", "Definitive Collection"),
        rel="a person's album gives no relation (the album is typed Organization)"),
    row("company-product", "Sony's PlayStation 2 sold 10 million units in Europe.",
        ("Sony", "created", "PlayStation 2"), ("Sony", "owns", "PlayStation 2")),
]


@pytest.mark.parametrize("text,relation,never", cases(POSSESSIVES, "rel"))
def test_possessive_relation_follows_the_head_noun(read, text, relation, never):
    reading = read(text)
    assert asserted(reading, *relation), shown(reading)


@pytest.mark.parametrize("text,relation,never", cases(POSSESSIVES, "never"))
def test_possessive_is_never_ownership_by_default(read, text, relation, never):
    reading = read(text)
    assert not found(reading, *never), shown(reading)


# --- role titles before a name, and a copula with a role -----------------------------------------

ROLE_TITLES = [  # text, person, the relations the title gives (one asserted), organization
    row("twa-chairman", "TWA Chairman Carl Icahn said the airline would cut fares.", "Carl Icahn", LEADS, "TWA"),
    row("bundesbank-president", "Bundesbank President Karl Otto Poehl said the mark was stable.",
        "Karl Otto Poehl", LEADS, "Bundesbank"),
    row("tory-leader", "Tory leader Michael Howard said police numbers had fallen.", "Michael Howard", LEADS, "Tory"),
    row("microsoft-spokesman", "Microsoft spokesman Frank Shaw said the company would appeal.",
        "Frank Shaw", ("worksFor",), "Microsoft"),
]


@pytest.mark.parametrize("text,person,predicates,org", cases(ROLE_TITLES))
def test_role_title_before_a_name(read, text, person, predicates, org):
    reading = read(text)
    assert asserted(reading, person, predicates, org), shown(reading)
    assert not [t for t in found(reading, person, "worksFor", org) if "worksFor" not in predicates], shown(reading)


COPULA_ROLES = [  # text, relation (asserted)
    row("is-the-ceo-of", "Satya Nadella is the CEO of Microsoft.", ("Satya Nadella", "ceoOf", "Microsoft"),
        gap="'X is the CEO of Y' gives nothing ('the CEO' is taken for a description of X)"),
    row("is-chief-executive-of", "Satya Nadella is chief executive of Microsoft.",
        ("Satya Nadella", "ceoOf", "Microsoft")),
    row("is-the-chairman-of", "Carl Icahn is the chairman of TWA.", ("Carl Icahn", LEADS, "TWA")),
]


@pytest.mark.parametrize("text,relation", cases(COPULA_ROLES))
def test_copula_with_a_role(read, text, relation):
    reading = read(text)
    assert asserted(reading, *relation), shown(reading)


# --- constructions that used to be misread ------------------------------------------------------

MISREAD = [  # text, the right relation (asserted) or None,
    #           a wrong reading (subject, predicate regex, object or None), and whether any or only asserted ones count
    row("largest-wine-maker-in-china", "Changyu, the largest wine maker in China, said sales rose by 30 percent.",
        ("Changyu", BASED, "China"), ("Changyu", r"created", "China"), "any",
        rel="'Changyu' is not an entity, so nothing is read from 'the largest wine maker in China'"),
    row("told-the-reuters-news-agency", "Rosneft president Sergei Bogdanchikov told the Reuters news agency that "
        "output would rise.",
        ("Sergei Bogdanchikov", "told", "Reuters"), ("Sergei Bogdanchikov", r".*agency.*", None), "any"),
    row("calling-back-cars", "General Motors is calling back 200,000 Chevrolet Malibu cars in the United States.",
        None, ("General Motors", r"contacted", None), "any"),
    row("at-heathrow-baa-launched", "At Heathrow, BAA launched a new security scheme on Monday.",
        None, ("BAA", r"launch.*|created", "Heathrow"), "asserted"),
    # a verb's idiom with its prepositional phrase is one relation: the phrase is no argument
    row("took-microsoft-to-court", "Elon Musk took Microsoft to court on Monday.",
        ("Elon Musk", "sues", "Microsoft"), ("Elon Musk", r"take", "Microsoft"), "any"),
    row("took-france-to-the-european-court", "The European Commission took France to the European Court of Justice.",
        ("European Commission", "sues", "France"), ("European Commission", r"sues", "European Court of Justice"), "any"),
    # "leave X in <state>" says how X ends up: no departure
    row("left-the-pact-in-tatters", "France left the Stability and Growth Pact in tatters in November 2003.",
        None, ("France", r"leftOrg", "Stability and Growth Pact"), "any"),
    row("put-the-plan-on-hold", "The European Union put the Kyoto Protocol on hold.",
        None, ("European Union", r"put|put-on", "Kyoto Protocol"), "any"),
    row("left-microsoft-in-march", "John Smith left Microsoft in March.",
        ("John Smith", "leftOrg", "Microsoft"), ("John Smith", r"leave-in.*", "Microsoft"), "any"),
]


def wrong(reading, subject, pattern, obj, scope) -> list:
    return [t for t in reading.result.triples
            if t.subject in named(reading, subject) and re.fullmatch(pattern, t.predicate)
            and (obj is None or t.object in named(reading, obj)) and (scope == "any" or t.asserted)]


@pytest.mark.parametrize("text,relation,never,scope", cases(MISREAD, "rel"))
def test_construction_gives_the_right_relation(read, text, relation, never, scope):
    reading = read(text)
    assert relation is None or asserted(reading, *relation), shown(reading)


@pytest.mark.parametrize("text,relation,never,scope", cases(MISREAD, "never"))
def test_construction_is_not_misread(read, text, relation, never, scope):
    reading = read(text)
    assert not wrong(reading, *never, scope), shown(reading)


# --- participial and relative clauses, "X-based Y", "X's chief executive Y" ----------------------

CLAUSES = [  # text, relation (asserted)
    row("relative-which-was-founded-by", "Jet Airways, which was founded by Naresh Goyal in 1993, plans to list its "
        "shares.", ("Naresh Goyal", "founderOf", "Jet Airways")),
    row("relative-which-was-bought-by", "Mannesmann, which was bought by Vodafone in 2000, cut 3,000 jobs.",
        ("Vodafone", "acquired", "Mannesmann")),
    row("relative-who-manages", "Sir Alex Ferguson, who manages Manchester United, criticised the referee.",
        ("Alex Ferguson", LEADS, "Manchester United")),
    row("relative-which-bought", "Diageo, which bought Chalone last year, reported higher sales.",
        ("Diageo", "acquired", "Chalone")),
    row("participial-owned-by", "Yukos, owned by Mikhail Khodorkovsky, faces a huge tax bill.",
        ("Mikhail Khodorkovsky", "owns", "Yukos")),
    row("participial-acquired-by", "Shares in Mannesmann, acquired by Vodafone in 2000, rose sharply.",
        ("Vodafone", "acquired", "Mannesmann"),
        gap="'acquired by X' after a name gives no relation"),
    row("participial-based-in", "Vodafone, based in Newbury, reported higher sales.",
        ("Vodafone", "basedIn", "Newbury")),
]

BASED_COMPOUNDS = [  # "X-based Y"
    row("newbury-based-vodafone", "Newbury-based Vodafone reported higher sales on Tuesday.",
        ("Vodafone", "basedIn", "Newbury")),
    row("tokyo-based-sony", "Tokyo-based Sony said profits fell.", ("Sony", "basedIn", "Tokyo")),
    row("seattle-based-company-amazon", "The Seattle-based company Amazon said sales rose.",
        ("Amazon", "basedIn", "Seattle")),
    row("egyptian-born-analyst", "Egyptian-born Mona Haddad runs the fund.", ("Mona Haddad", "bornIn", "Egyptian")),
]

POSSESSIVE_ROLES = [  # "X's chief executive Y" and the apposition "Y, X's chief executive"
    row("vodafones-chief-executive-arun-sarin", "Vodafone's chief executive Arun Sarin said the company would grow "
        "in India.", ("Arun Sarin", "ceoOf", "Vodafone")),
    row("arun-sarin-vodafones-chief-executive", "Arun Sarin, Vodafone's chief executive, said the company would "
        "grow in India.", ("Arun Sarin", "ceoOf", "Vodafone")),
    row("fiats-chairman-luca-di-montezemolo", "Fiat's chairman Luca di Montezemolo said the carmaker would return "
        "to profit.", ("Luca di Montezemolo", LEADS, "Fiat")),
]


@pytest.mark.parametrize("text,relation", cases(CLAUSES))
def test_participial_and_relative_clauses(read, text, relation):
    reading = read(text)
    assert asserted(reading, *relation), shown(reading)


@pytest.mark.parametrize("text,relation", cases(BASED_COMPOUNDS))
def test_x_based_y(read, text, relation):
    reading = read(text)
    assert asserted(reading, *relation), shown(reading)


@pytest.mark.parametrize("text,relation", cases(POSSESSIVE_ROLES))
def test_x_s_chief_executive_y(read, text, relation):
    reading = read(text)
    assert asserted(reading, *relation), shown(reading)


# --- coordination of objects across prepositions -------------------------------------------------

COORDINATED_OBJECTS = [  # text, one relation per conjunct (asserted)
    row("sold-to-a", "BAE Systems sold jets to Saudi Arabia and to Oman.", ("BAE Systems", "supplies", "Saudi Arabia")),
    row("sold-to-b", "BAE Systems sold jets to Saudi Arabia and to Oman.", ("BAE Systems", "supplies", "Oman")),
    row("deals-with-a", "Microsoft signed deals with Nokia and with Samsung.", ("Microsoft", "partnerOf", "Nokia")),
    row("deals-with-b", "Microsoft signed deals with Nokia and with Samsung.", ("Microsoft", "partnerOf", "Samsung")),
    row("invested-in-a", "Vodafone invested in Verizon Wireless and in SFR.",
        ("Vodafone", "investedIn", "Verizon Wireless")),
    row("invested-in-b", "Vodafone invested in Verizon Wireless and in SFR.", ("Vodafone", "investedIn", "SFR")),
]


@pytest.mark.parametrize("text,relation", cases(COORDINATED_OBJECTS))
def test_coordinated_objects_across_prepositions(read, text, relation):
    reading = read(text)
    assert asserted(reading, *relation), shown(reading)


# --- kinds: hedged plans, bids and proposals -----------------------------------------------------

HEDGED = [  # text, relation: read, never asserted, with a modality
    row("plans-to-buy", "Vodafone plans to buy Mannesmann.", ("Vodafone", "acquired", "Mannesmann")),
    row("is-expected-to-buy", "Sony is expected to buy MGM.", ("Sony", "acquired", "MGM")),
    row("made-a-bid-for", "Malcolm Glazer has made a bid for Manchester United.",
        ("Malcolm Glazer", "acquired", "Manchester United")),
    row("launched-a-bid-for", "Sony has launched a bid for MGM.", ("Sony", "acquired", "MGM")),
    row("bid-for-was-rejected", "Vodafone's bid for Mannesmann was rejected.", ("Vodafone", "acquired", "Mannesmann")),
    row("proposed-takeover", "Sony's proposed takeover of MGM was criticised by analysts.",
        ("Sony", "acquired", "MGM")),
    row("the-proposed-takeover-by", "The proposed takeover of MGM by Sony was criticised by analysts.",
        ("Sony", "acquired", "MGM")),
    row("proposed-merger-with", "Sony's proposed merger with MGM faces scrutiny.", ("Sony", "acquired", "MGM"),
        gap="a proposed merger gives no relation at all"),
]


@pytest.mark.parametrize("text,relation", cases(HEDGED))
def test_plans_bids_and_proposals_are_hedged(read, text, relation):
    reading = read(text)
    statements = found(reading, *relation)
    assert statements and all(t.modality and not t.asserted for t in statements), shown(reading)


# --- kinds: claims and their speakers ------------------------------------------------------------

CLAIMS = [  # text, relation: a claim, never asserted; its speaker (None: the text names nobody)
    row("downing-street-has-indicated", "Downing Street has indicated that Tony Blair will meet George W Bush next "
        "month.", ("Tony Blair", "met", "George W Bush"), "Downing Street",
        speaker="'Downing Street' is not an entity, so the claim has no speaker"),
    row("kremlin-has-signalled", "The Kremlin has signalled that Gazprom will buy Rosneft.",
        ("Gazprom", "acquired", "Rosneft"), "Kremlin"),
    row("is-said-to", "Rosneft is said to have bought Yuganskneftegaz.", ("Rosneft", "acquired", "Yuganskneftegaz"),
        None),
    row("sources-say", "Sony will buy MGM, sources say.", ("Sony", "acquired", "MGM"), None),
]

SPEAKERS = [  # a claim whose speaker is a pronoun or a description: text, relation, speaker
    row("pronoun-he-said", "Michael Howard spoke in Manchester on Monday. He said Tony Blair had met George W Bush in "
        "secret.", ("Tony Blair", "met", "George W Bush"), "Michael Howard"),
    row("the-engine-maker-said", "Rolls-Royce reported record orders on Thursday. The engine maker said Emirates had "
        "signed a deal with Boeing.", ("Emirates", "partnerOf", "Boeing"), "Rolls-Royce"),
    row("the-carmaker-said", "US carmaker Ford hired the bank Goldman Sachs on Monday. The carmaker said it had bought "
        "Volvo.", ("Ford", "acquired", "Volvo"), "Ford",
        speaker="'The carmaker' is not resolved to Ford, so the claim has no speaker"),
]


def speakers(reading, statements) -> set[str | None]:
    """The labels of the statements' speakers (None for a claim without a known speaker, or no claim)."""
    labels = {e.id: e.label for e in reading.result.entities}
    return {labels.get(t.claimed_by) for t in statements}


@pytest.mark.parametrize("text,relation,speaker", cases(CLAIMS, "claim"))
def test_reported_kinds_make_claims(read, text, relation, speaker):
    reading = read(text)
    statements = found(reading, *relation)
    assert statements and all(t.claim and not t.asserted for t in statements), shown(reading)


@pytest.mark.parametrize("text,relation,speaker", cases(CLAIMS, "speaker") + cases(SPEAKERS, "speaker"))
def test_claim_speaker_is_resolved(read, text, relation, speaker):
    reading = read(text)
    statements = found(reading, *relation)
    assert statements, shown(reading)
    expected = {None} if speaker is None else {e.label for e in reading.result.entities if speaker in e.aliases}
    assert speakers(reading, statements) == expected, shown(reading)


# --- the seed graph --------------------------------------------------------------------------------

def test_seed_graph_still_says_elon_musk_threatens_to_sue_microsoft(seed_build):
    graph = seed_build.graph
    assert kg.select(graph, "SELECT ?x WHERE { person:elon-musk kg:threatens-suit organization:microsoft "
                            "BIND(1 AS ?x) }")
    rows = kg.select(graph, """SELECT ?asserted WHERE { ?st rdf:subject person:elon-musk ;
        rdf:predicate kg:threatens-suit ; rdf:object organization:microsoft ; kg:asserted ?asserted }""")
    assert rows and "true" in {r["asserted"] for r in rows}


def test_every_gap_names_an_aspect_that_a_test_checks():
    """A gap under a misspelt aspect would not mark anything xfail: catch it."""
    TABLES.assert_every_gap_checked(globals())
