"""kg.to_networkx and the analytics behind kg stats, on the seeds and on a hand-made graph."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import networkx as nx
import pytest
from rdflib import RDF

from conftest import ROOT
from kg import to_networkx
from kg.analytics import entity_graph, graph_stats, pagerank, relation_groups, statement_kind
from kg.ontology import KG
from kg.read import load_graph

FIXTURES = Path(__file__).parent / "fixtures"
ID = "https://w3id.org/kg-news/id/"


@pytest.fixture(scope="module")
def claims():
    return to_networkx(load_graph(FIXTURES / "claims.ttl"))


def test_one_edge_per_statement_with_its_evidence(seed_build):
    g = to_networkx(seed_build.graph)
    statements = len(set(seed_build.graph.subjects(RDF.type, KG.Statement)))
    assert isinstance(g, nx.MultiDiGraph) and g.number_of_edges() == statements
    musk = g.nodes[ID + "person/elon-musk"]
    assert musk["label"] == "Elon Musk" and musk["type"] == "Person" and "Musk" in musk["aliases"]
    assert musk["articles"] == 2
    threats = [d for _, o, d in g.out_edges(ID + "person/elon-musk", data=True) if d["predicate"] == "threatens-suit"]
    assert len(threats) == 2 and {d["kind"] for d in threats} == {"fact"}
    assert all(d["label"] == "threatens to sue" and d["article"].startswith(ID + "article/") for d in threats)
    assert "Elon Musk has threatened to sue Microsoft for allegedly using Twitter data without permission." in \
        {d["sentence"] for d in threats}


def test_claims_negation_and_modality_come_from_the_model(claims):
    kinds = {(d["predicate"], d["kind"]) for *_, d in claims.edges(data=True)}
    assert {("acquired", "fact"), ("founderOf", "claim"), ("contacted", "negated"), ("sues", "hedged")} <= kinds
    claim = next(d for *_, d in claims.edges(data=True) if d["kind"] == "claim")
    assert claim["claimed_by"] == ID + "person/bob-jones" and claim["claimed_by_label"] == "Bob Jones"
    hedge = next(d for *_, d in claims.edges(data=True) if d["kind"] == "hedged")
    assert hedge["modality"] == "may"
    fact = next(d for *_, d in claims.edges(data=True) if d["kind"] == "fact" and d["title"] == "Acme buys Globex")
    assert fact["date"] == "2024-03-01" and fact["source"] == "Example Wire"
    assert fact["url"] == "https://news.example.org/acme-globex"
    assert claims.graph["articles"][ID + "article/a2"]["title"] == "Globex deal closes"


@pytest.mark.parametrize("edge, kind", [
    ({"asserted": True}, "fact"),
    ({"asserted": False, "claimed_by": "x"}, "claim"),
    ({"asserted": False}, "claim"),
    ({"asserted": False, "modality": "may"}, "hedged"),
    ({"asserted": False, "negated": True, "claimed_by": "x", "modality": "may"}, "negated"),
])
def test_statement_kind(edge, kind):
    assert statement_kind(edge) == kind


def test_entity_graph_weights_and_leaves_out_denials(claims):
    simple = entity_graph(claims)
    assert simple[ID + "organization/acme"][ID + "organization/globex"]["weight"] == 2
    assert not simple.has_edge(ID + "person/bob-jones", ID + "organization/globex")  # "has not contacted"
    assert entity_graph(claims, negated=True).has_edge(ID + "person/bob-jones", ID + "organization/globex")
    assert simple.number_of_nodes() == claims.number_of_nodes()  # isolated entities stay


def test_relation_groups_keep_a_denial_apart(claims):
    groups = relation_groups(claims)
    assert len(groups[(ID + "organization/acme", "acquired", ID + "organization/globex", False)]) == 2
    assert (ID + "person/bob-jones", "contacted", ID + "organization/globex", True) in groups


def test_pagerank_ranks_the_hub_first(claims):
    ranks = pagerank(claims)
    assert max(ranks, key=ranks.get) == ID + "organization/acme"
    assert sum(ranks.values()) == pytest.approx(1.0)


@pytest.mark.parametrize("seed", range(6))
def test_pagerank_is_networkx_pagerank(seed):
    """kg's PageRank is networkx's (which needs scipy) on weighted graphs with loners, leaves and
    several pieces."""
    import random
    rng = random.Random(seed)
    g = nx.gnm_random_graph(40 + 10 * seed, 30 + 25 * seed, seed=seed)
    g = nx.relabel_nodes(g, {n: f"e{n}" for n in g})
    for u, v in g.edges():
        g[u][v]["weight"] = rng.randint(1, 5)
    ours, theirs = pagerank(g), nx.pagerank(g, weight="weight")
    assert list(ours) == list(theirs)
    assert all(ours[n] == pytest.approx(theirs[n], rel=1e-9, abs=1e-12) for n in g)


def test_pagerank_of_a_graph_without_edges_is_uniform():
    g = nx.Graph()
    g.add_nodes_from(["a", "b", "c", "d"])
    assert pagerank(g) == pytest.approx({n: 0.25 for n in "abcd"})


def test_stats_of_the_hand_made_graph(claims):
    stats = graph_stats(claims, top=3)
    assert stats["counts"] == {"entities": 6, "articles": 2, "statements": 6, "relations": 5, "linked_entities": 4}
    assert stats["kinds"] == {"fact": 3, "claim": 1, "hedged": 1, "negated": 1, "uncertain": 0}
    assert stats["types"] == [{"type": "Organization", "entities": 2}, {"type": "Person", "entities": 2},
                              {"type": "Place", "entities": 2}]
    assert stats["predicates"][0] == {"predicate": "acquired", "label": "acquired", "statements": 2, "asserted": 2}
    assert stats["top_pagerank"][0]["label"] == "Acme Corp" and len(stats["top_pagerank"]) == 3
    assert stats["top_degree"][0] == {"id": ID + "organization/acme", "label": "Acme Corp", "type": "Organization",
                                      "degree": 3, "statements": 4}
    # Bob Jones is only in a denial, Shelbyville in nothing: one piece of 4 and two loners.
    assert stats["components"]["count"] == 3 and stats["components"]["isolated"] == 2
    assert stats["components"]["largest"][0]["entities"] == 4
    assert stats["communities"]["count"] >= 1 and stats["communities"]["modularity"] is not None
    cited = stats["most_cited"][0]
    assert (cited["subject"], cited["predicate"], cited["object"], cited["statements"], cited["articles"]) == \
        ("Acme Corp", "acquired", "Globex", 2, 2)
    assert cited["sentence"] == "Acme Corp has acquired Globex for $2 billion."
    json.dumps(stats)  # serializable as it is


def test_stats_of_an_empty_graph():
    stats = graph_stats(nx.MultiDiGraph())
    assert stats["counts"]["entities"] == 0 and stats["communities"]["count"] == 0
    assert stats["top_pagerank"] == [] and stats["most_cited"] == []


def test_communities_are_the_same_in_every_process():
    """Louvain over string node sets used to depend on the hash seed (PYTHONHASHSEED)."""
    code = ("import json; from synthetic import synthetic_graph; from kg import to_networkx; "
            "from kg.analytics import graph_stats; "
            "print(json.dumps(graph_stats(to_networkx(synthetic_graph(300, seed=1)))['communities']))")
    outputs = set()
    for hash_seed in ("1", "2", "3"):
        env = {**os.environ, "PYTHONHASHSEED": hash_seed,
               "PYTHONPATH": os.pathsep.join([str(ROOT), str(ROOT / "tests")])}
        proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True)
        outputs.add(proc.stdout)
    assert len(outputs) == 1


def test_regression_unconfident_statements_were_counted_as_claims(seed_build):
    from kg.defaults import ASSERT_THRESHOLD
    g = to_networkx(seed_build.graph)
    edges = [d for *_, d in g.edges(data=True)]
    uncertain = [d for d in edges if d["kind"] == "uncertain"]
    assert uncertain and all(not d["asserted"] and d["confidence"] < ASSERT_THRESHOLD for d in uncertain)
    assert all(d["claimed_by"] or d["confidence"] >= ASSERT_THRESHOLD for d in edges if d["kind"] == "claim")


@pytest.mark.parametrize("fmt", ["ttl", "nq", "trig", "jsonld", "store"])
def test_the_network_read_as_a_stream_is_the_one_read_through_rdflib(fmt, seed_build, seed_store, tmp_path):
    """kg viz and kg stats read GRAPH as a stream of quads (read_network), without an rdflib
    graph: the same network, node for node and edge for edge, in the same order, from every
    format kg writes and from a store folder."""
    from kg.analytics import read_network
    from kg.export.formats import write_formats
    if fmt == "store":
        path = seed_store
    else:
        write_formats(seed_build.graph, tmp_path, (fmt,))
        path = tmp_path / f"graph.{fmt}"
    streamed, loaded = read_network(path), to_networkx(load_graph(path))
    assert streamed.number_of_edges() > 20
    assert list(streamed.nodes(data=True)) == list(loaded.nodes(data=True)) and streamed.graph == loaded.graph
    assert list(streamed.edges(keys=True, data=True)) == list(loaded.edges(keys=True, data=True))


def test_regression_read_network_read_a_statement_whose_node_is_a_blank_node(seed_build, tmp_path):
    """A graph another tool added to held a kg:Statement with a blank node: to_networkx skips it
    (a blank node is no statement kg can name), but read_network made an edge of it, so kg viz
    showed an edge that kg.to_networkx and kg query's statements did not."""
    from kg.analytics import read_network
    from kg.export.formats import write_formats
    write_formats(seed_build.graph, tmp_path, ("ttl",))
    path = tmp_path / "graph.ttl"
    first, second = sorted(to_networkx(load_graph(path)).nodes)[:2]
    with path.open("a", encoding="utf-8") as handle:
        handle.write(f"\n[] a <{KG.Statement}> ; <{RDF.subject}> <{first}> ; <{RDF.predicate}> <{KG.partnerOf}> ;"
                     f" <{RDF.object}> <{second}> .\n")
    streamed, loaded = read_network(path), to_networkx(load_graph(path))
    assert streamed.number_of_edges(first, second) == to_networkx(seed_build.graph).number_of_edges(first, second)
    assert list(streamed.edges(keys=True, data=True)) == list(loaded.edges(keys=True, data=True))
