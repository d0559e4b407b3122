"""What a reader extracts from the two seed articles (issue 3), checked on the built graph."""

from __future__ import annotations

import pytest
from rdflib import RDF, RDFS, Literal
from rdflib.namespace import XSD

from kg.ontology import KG, SCHEMA

ENTITY_NS = "https://w3id.org/kg-news/id/"


def node(graph, label):
    found = [s for s, o in graph.subject_objects(RDFS.label) if str(o) == label and str(s).startswith(ENTITY_NS)]
    assert len(found) == 1, (label, found)
    return found[0]


def statements(graph, subject, predicate, obj):
    s, o = node(graph, subject), node(graph, obj)
    return [st for st in graph.subjects(RDF.subject, s)
            if (st, RDF.predicate, KG[predicate]) in graph and (st, RDF.object, o) in graph]


READER = [
    ("Elon Musk", "threatens-suit", "Microsoft"),
    ("Microsoft", "drops", "Twitter"),
    ("Elon Musk", "acquired", "Twitter"),
    ("Elon Musk", "founderOf", "OpenAI"),
    ("Elon Musk", "leftOrg", "OpenAI"),
    ("Microsoft", "investedIn", "OpenAI"),
    ("OpenAI", "created", "ChatGPT"),
    ("Mike Rhodes", "ceoOf", "ConsultMyApp"),
    ("Sky News", "contacted", "Microsoft"),
    ("Elon Musk", "ceoOf", "Twitter"),
]


@pytest.mark.parametrize("subject,predicate,obj", READER)
def test_reader_facts_are_asserted(seed_build, subject, predicate, obj):
    g = seed_build.graph
    assert (node(g, subject), KG[predicate], node(g, obj)) in g


def test_apple_stopped_advertising_on_twitter_is_kept_as_reported(seed_build):
    """'Apple have reportedly stopped advertising on the platform': a hedged statement, not a fact."""
    g = seed_build.graph
    found = statements(g, "Apple", "stoppedAdvertisingOn", "Twitter")
    assert found
    assert all(g.value(st, KG.modality) == Literal("reportedly") for st in found)
    assert (node(g, "Apple"), KG.stoppedAdvertisingOn, node(g, "Twitter")) not in g


def test_the_accusation_is_a_claim_by_musk(seed_build):
    g = seed_build.graph
    musk, microsoft = node(g, "Elon Musk"), node(g, "Microsoft")
    claims = [st for st in g.subjects(KG.claimedBy, musk) if (st, RDF.subject, microsoft) in g]
    assert claims
    for st in claims:
        assert (st, KG.asserted, Literal(False)) in g
        s, p, o = g.value(st, RDF.subject), g.value(st, RDF.predicate), g.value(st, RDF.object)
        assert (s, p, o) not in g  # a claim is never a plain triple


@pytest.mark.parametrize("name", ["Elon Musk", "Microsoft", "Twitter", "OpenAI"])
def test_one_node_each_across_both_articles(seed_build, name):
    node(seed_build.graph, name)


def test_acquisition_carries_amount_and_date(seed_build):
    g = seed_build.graph
    [st] = [st for st in statements(g, "Elon Musk", "acquired", "Twitter")
            if g.value(st, KG.amount) is not None]
    amount = g.value(st, KG.amount)
    assert g.value(amount, SCHEMA.currency) == Literal("USD")
    assert g.value(amount, SCHEMA.value).toPython() == 44_000_000_000
    assert g.value(st, KG.date) == Literal("2022-10", datatype=XSD.gYearMonth)


def test_descriptions_are_mentions_not_aliases(seed_build):
    from rdflib import SKOS
    g = seed_build.graph
    aliases = {str(a).lower() for a in g.objects(None, SKOS.altLabel)}
    assert not aliases & {"the billionaire", "the tech giant", "the firm", "the company"}
