"""The canonical demo: the two seed articles about Musk, Microsoft and Twitter data."""

from __future__ import annotations

from rdflib import RDF, RDFS, SKOS

from kg.ontology import KG, SCHEMA

PRONOUNS = {"he", "she", "it", "they", "his", "her", "its", "their", "him", "them", "we", "i", "you"}


def label_of(graph, node):
    return str(graph.value(node, RDFS.label))


def entity(graph, label):
    nodes = [s for s in graph.subjects(RDFS.label, None) if label_of(graph, s) == label
             and (s, RDF.type, KG.Statement) not in graph and str(s).startswith("https://w3id.org/kg-news/id/")]
    assert len(nodes) == 1, (label, nodes)
    return nodes[0]


def test_musk_threatens_suit_microsoft(seed_build):
    g = seed_build.graph
    assert (entity(g, "Elon Musk"), KG["threatens-suit"], entity(g, "Microsoft")) in g


def test_musk_has_his_aliases(seed_build):
    g = seed_build.graph
    musk = entity(g, "Elon Musk")
    names = {label_of(g, musk)} | {str(a) for a in g.objects(musk, SKOS.altLabel)}
    assert {"Elon Musk", "Musk"} <= names


def test_microsoft_and_twitter_are_one_node_each(seed_build):
    g = seed_build.graph
    for name in ("Microsoft", "Twitter"):
        node = entity(g, name)
        articles = set(g.subjects(SCHEMA.mentions, node))
        assert len(articles) == 2, name


def test_no_pronoun_nodes(seed_build):
    g = seed_build.graph
    for node, label in g.subject_objects(RDFS.label):
        if str(node).startswith("https://w3id.org/kg-news/id/"):
            assert str(label).lower() not in PRONOUNS
            for alias in g.objects(node, SKOS.altLabel):
                assert str(alias).lower() not in PRONOUNS


def test_every_plain_relation_has_a_statement_with_evidence(seed_build):
    g = seed_build.graph
    relations = set(g.transitive_subjects(RDFS.subPropertyOf, KG.relatedTo)) - {KG.relatedTo}
    assert relations
    for s, p, o in g:
        if p not in relations:
            continue
        statements = [st for st in g.subjects(RDF.subject, s)
                      if (st, RDF.predicate, p) in g and (st, RDF.object, o) in g]
        assert statements, (s, p, o)
        for st in statements:
            assert g.value(st, KG.sentence) is not None
            assert g.value(st, KG.beginIndex) is not None and g.value(st, KG.confidence) is not None


def test_articles_are_news_articles_with_dates(seed_build):
    g = seed_build.graph
    articles = list(g.subjects(RDF.type, SCHEMA.NewsArticle))
    assert len(articles) == 2
    dates = {str(g.value(a, SCHEMA.datePublished)) for a in articles}
    assert "2023-04-20" in dates


def test_summary_counts(seed_build):
    s = seed_build.summary
    assert s.articles == 2 and s.sentences > 30 and s.entities >= 10 and s.triples >= 5
