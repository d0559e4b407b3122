"""The HTML page's data, selection and layout, checked in Python (the browser tests check the page)."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT
from kg import to_networkx
from kg.errors import KGError
from kg.read import load_graph
from kg.rdf.statement import statements_in_graph, statements_in_quads
from kg.rdf.terms import to_quads
from kg.viz.html import (COMMUNITY_PALETTE, KIND_STYLE, LAYOUT_THRESHOLD, community_data, network_data, render_html,
                         render_page)
from kg.viz.layout import packed_layout
from kg.viz.select import find_entity, select_articles, select_view
from kg.analytics import communities, entity_graph, pagerank, relation_groups
from synthetic import synthetic_graph

FIXTURES = Path(__file__).parent / "fixtures"
ID = "https://w3id.org/kg-news/id/"


@pytest.fixture(scope="module")
def claims():
    return to_networkx(load_graph(FIXTURES / "claims.ttl"))


def page_json(html: str) -> dict:
    raw = re.search(r'<script type="application/json" id="kg-data">(.*?)</script>', html, re.S).group(1)
    return json.loads(raw)


def test_one_drawn_edge_per_relation_with_all_its_evidence(claims):
    data = network_data(claims)
    assert len(data["nodes"]) == 6 and len(data["edges"]) == 5
    acquired = next(e for e in data["edges"] if e["predicate"] == "acquired")
    assert len(acquired["evidence"]) == 2 and acquired["kind"] == "fact" and acquired["dashes"] is False
    sentences = {data["evidence"][i]["sentence"] for i in acquired["evidence"]}
    assert sentences == {"Acme Corp has acquired Globex for $2 billion.",
                         "The takeover of Globex by Acme closed on Tuesday."}
    articles = {data["articles"][data["evidence"][i]["article"]]["title"] for i in acquired["evidence"]}
    assert articles == {"Acme buys Globex", "Globex deal closes"}
    claim = next(e for e in data["edges"] if e["kind"] == "claim")
    assert claim["dashes"] == KIND_STYLE["claim"]["dashes"]
    assert data["evidence"][claim["evidence"][0]]["claimedBy"] == "Bob Jones"
    negated = next(e for e in data["edges"] if e["kind"] == "negated")
    assert negated["label"] == "not contacted" and negated["color"]["color"] == KIND_STYLE["negated"]["color"]


def test_a_relation_that_is_asserted_once_is_a_fact(claims):
    g = claims.copy()
    acme, globex = ID + "organization/acme", ID + "organization/globex"
    g.add_edge(acme, globex, key="extra", **{**g[acme][globex][next(iter(g[acme][globex]))],
                                             "kind": "claim", "claimed_by": "x", "asserted": False})
    edge = next(e for e in network_data(g)["edges"] if e["predicate"] == "acquired")
    assert edge["kind"] == "fact" and len(edge["evidence"]) == 3


def test_nodes_are_sized_by_pagerank_and_carry_aliases(claims):
    nodes = {n["id"]: n for n in network_data(claims)["nodes"]}
    acme = nodes[ID + "organization/acme"]
    assert acme["value"] == acme["pagerank"] == 1.0  # the top entity, normalized
    assert acme["aliases"] == ["Acme"] and acme["degree"] == 3
    assert all(0 < n["pagerank"] <= 1 for n in nodes.values())


def test_find_entity_by_label_alias_or_surname(claims):
    assert find_entity(claims, "alice smith") == ID + "person/alice-smith"
    assert find_entity(claims, "A. Smith") == ID + "person/alice-smith"
    assert find_entity(claims, "Acme") == ID + "organization/acme"
    with pytest.raises(KGError, match=r"\[E200\].*Did you mean: Acme"):
        find_entity(claims, "Acmee")


def test_focus_and_hops(claims):
    ranks = pagerank(claims)
    one = select_view(claims, ranks=ranks, focus="Bob Jones", hops=1)
    assert set(one.graph) == {ID + "person/bob-jones", ID + "organization/globex"}
    assert one.focus == ID + "person/bob-jones"
    assert one.notes == ["Entities within 1 hop of Bob Jones; 4 others are not shown."]
    two = select_view(claims, ranks=ranks, focus="Bob Jones", hops=2)
    assert set(two.graph) == {ID + "person/bob-jones", ID + "organization/globex", ID + "organization/acme",
                              ID + "person/alice-smith"}


def test_types_filter_and_unknown_types(claims):
    ranks = pagerank(claims)
    view = select_view(claims, ranks=ranks, types=["person", "Organization"])
    assert {d["type"] for _, d in view.graph.nodes(data=True)} == {"Person", "Organization"}
    assert view.notes == ["Only Organization, Person: 2 entities of other types (2 Place) are not shown."]
    with pytest.raises(KGError, match=r"\[E201\] Unknown entity type\(s\): Planet"):
        select_view(claims, ranks=ranks, types=["Planet"])


def test_max_nodes_keeps_the_top_by_pagerank_and_says_what_was_left_out(claims):
    ranks = pagerank(claims)
    view = select_view(claims, ranks=ranks, max_nodes=3)
    kept = sorted(view.graph, key=lambda n: -ranks[n])
    assert kept == sorted(ranks, key=lambda n: -ranks[n])[:3]
    assert view.notes[-1].startswith("Showing the 3 entities with the highest PageRank. Left out: 3 entities (")
    # The focus is always kept, even when it ranks low.
    focused = select_view(claims, ranks=ranks, focus="Bob Jones", hops=3, max_nodes=1)
    assert set(focused.graph) == {ID + "person/bob-jones"}


def test_page_lists_the_notes_and_the_totals(claims):
    html, data = render_page(claims, max_nodes=2)
    assert data["totals"] == {"entities": 6, "relations": 5}
    assert page_json(html)["notes"] == data["notes"] and "Left out: 4 entities" in data["notes"][0]


def test_small_graphs_use_physics_big_ones_a_precomputed_layout():
    small = page_json(render_html(synthetic_graph(LAYOUT_THRESHOLD)))
    assert small["options"]["physics"]["enabled"] is True and "x" not in small["nodes"][0]
    big = page_json(render_html(synthetic_graph(LAYOUT_THRESHOLD + 1)))
    assert big["options"]["physics"] == {"enabled": False} and big["layout"] == "precomputed"
    assert all(isinstance(n["x"], float) and isinstance(n["y"], float) for n in big["nodes"])
    assert big["options"]["edges"]["smooth"] is False


def test_packed_layout_places_every_node_and_keeps_components_apart():
    g = entity_graph(to_networkx(synthetic_graph(400, seed=2)))
    pos = packed_layout(g)
    assert set(pos) == set(g)
    # No two nodes on the same spot.
    assert len({(round(x), round(y)) for x, y in pos.values()}) == len(pos)


def test_html_is_the_same_in_every_process():
    """Layouts and communities must not depend on Python's string hash seed."""
    code = ("import sys; from synthetic import synthetic_graph; from kg.viz.html import render_html; "
            "sys.stdout.write(render_html(synthetic_graph(400, seed=5), max_nodes=350))")
    pages = set()
    for hash_seed in ("1", "2"):
        env = {**os.environ, "PYTHONHASHSEED": hash_seed,
               "PYTHONPATH": os.pathsep.join([str(ROOT), str(ROOT / "tests")])}
        pages.add(subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env,
                                 check=True).stdout)
    assert len(pages) == 1


def test_page_is_self_contained_and_escapes_markup():
    html = render_html(load_graph(FIXTURES / "hostile.ttl"))
    assert "<script>alert(1)" not in html and "<img src=x" not in html
    assert html.count("</script>") == 3  # vis-network, the data, the app: nothing closes them early
    assert not re.search(r"<(?:script|link|img|iframe)\b[^>]*\b(?:src|href)\s*=", html, re.I)
    assert "cdn.jsdelivr" not in html and "cdnjs" not in html and "bootstrap" not in html
    data = page_json(html)
    assert "<img src=x onerror=alert(1)>" in {n["label"] for n in data["nodes"]}
    assert data["articles"][0]["url"] is None  # javascript: is never a link


def test_statement_nodes_record_the_mention_offsets_in_the_sentence(seed_build):
    """Written by the codec, read back from an rdflib graph and from store quads alike."""
    import pyoxigraph as ox
    from_graph = list(statements_in_graph(seed_build.graph))
    assert from_graph == list(statements_in_quads(to_quads(seed_build.graph, ox.DefaultGraph())))
    spans = 0
    for st in from_graph:
        for span, text in ((st.subject_span, st.subject_text), (st.object_span, st.object_text)):
            if span is not None:
                assert st.sentence[span[0]:span[1]] == text
                spans += 1
    assert spans >= 0.9 * 2 * len(from_graph)
    threat = next(st for st in from_graph if st.sentence.startswith("Elon Musk has threatened to sue Microsoft"))
    assert (threat.subject_span, threat.object_span) == ((0, 9), (32, 41))


def test_the_page_data_carries_the_spans_and_the_articles_of_each_entity(seed_build):
    g = to_networkx(seed_build.graph)
    data = network_data(g)
    marked = [ev for ev in data["evidence"] if ev["subjectSpan"] and ev["objectSpan"]]
    assert len(marked) >= 0.9 * len(data["evidence"])
    for ev in marked:
        assert ev["sentence"][slice(*ev["subjectSpan"])] == ev["subjectText"]
        assert ev["sentence"][slice(*ev["objectSpan"])] == ev["objectText"]
    nodes = {n["label"]: n for n in data["nodes"]}
    assert len(nodes["Elon Musk"]["mentions"]) == 2 == nodes["Elon Musk"]["articles"]
    assert [data["articles"][i]["date"] for i in nodes["Elon Musk"]["mentions"]] == ["2023-04-20", None]  # undated last


def test_communities_are_named_by_their_top_entities_and_coloured(claims):
    ranks = pagerank(claims)
    rows, member_of = community_data(claims, ranks)
    found = communities(claims)
    assert [row["size"] for row in rows] == [len(c) for c in found]
    for row, members in zip(rows, found):
        top = sorted(members, key=lambda n: -ranks[n])[:3]
        assert row["top"] == [claims.nodes[n]["label"] for n in top]
        assert row["color"] == (COMMUNITY_PALETTE[row["id"]] if row["size"] >= 3 else "#bdbdbd")
        assert all(member_of[n] == row["id"] for n in members)
    linked = {n for s, o, d in claims.edges(data=True) if not d["negated"] for n in (s, o)}
    assert set(member_of) == linked


def with_articles(g, count: int):
    """``g`` with made-up extra articles, so that it reads as a corpus of ``count`` articles."""
    g = g.copy()
    g.graph["articles"] = {**g.graph["articles"],
                           **{f"urn:x:{i}": {"id": str(i), "date": None} for i in range(count - len(g.graph["articles"]))}}
    return g


def test_a_corpus_opens_on_related_entities_coloured_by_community_a_few_articles_do_not(claims):
    few = render_page(claims)[1]
    assert few["start"] == {"relatedOnly": False, "colorBy": "type"}
    assert all(n["color"] == n["typeColor"] for n in few["nodes"])
    corpus = render_page(with_articles(claims, 6))[1]
    assert corpus["start"]["relatedOnly"] is True  # Shelbyville is related to nothing
    shelbyville = next(n for n in corpus["nodes"] if n["label"] == "Shelbyville")
    assert shelbyville["degree"] == 0 and shelbyville["community"] == -1


def test_select_articles_by_date_and_by_id(claims):
    until, note = select_articles(claims, until="2024-03-02")
    assert {until.nodes[n]["label"] for n in until} == {"Acme Corp", "Globex", "Alice Smith", "Bob Jones"}
    assert {key[1] for key in relation_groups(until)} == {"acquired", "founderOf", "contacted"}
    assert list(until.graph["articles"]) == ["https://w3id.org/kg-news/id/article/a1"]
    assert note == ("Articles dated 2024-03-02 or earlier: 1 of 2 articles; 2 entities that it does not mention "
                    "are not shown.")
    one, note = select_articles(claims, articles=["a2"])
    assert {key[1] for key in relation_groups(one)} == {"acquired", "basedIn", "sues"}
    assert note.startswith("Article a2: 1 of 2 articles")
    month, _ = select_articles(claims, since="2024-03", until="2024-03")  # a month prefix takes the whole month
    assert len(month.graph["articles"]) == 2
    assert select_articles(claims, since="2024-04")[0].number_of_nodes() == 0
    assert select_articles(claims) == (claims, None)
    with pytest.raises(KGError, match=r"\[E205\] Invalid date '2024-02-30' for --since"):
        select_articles(claims, since="2024-02-30")
    with pytest.raises(KGError, match=r"\[E205\]"):
        select_articles(claims, until="March")
    with pytest.raises(KGError, match=r"\[E206\] No article has the id 'a12'\. Did you mean: a2, a1\?"):
        select_articles(claims, articles=["a12"])


def test_a_big_component_is_drawn_as_one_island_per_community():
    import networkx as nx
    g = nx.Graph()
    left, right = [f"l{i}" for i in range(20)], [f"r{i}" for i in range(20)]
    g.add_edges_from((a, b) for group in (left, right) for i, a in enumerate(group) for b in group[i + 1:])
    g.add_edge("l0", "r0")
    pos = packed_layout(g, communities={**{n: 0 for n in left}, **{n: 1 for n in right}})

    def box(nodes):
        xs, ys = [pos[n][0] for n in nodes], [pos[n][1] for n in nodes]
        return min(xs), max(xs), min(ys), max(ys)

    (a0, a1, b0, b1), (c0, c1, d0, d1) = box(left), box(right)
    assert a1 < c0 or c1 < a0 or b1 < d0 or d1 < b0  # the islands do not overlap
    assert len({(round(x), round(y)) for x, y in pos.values()}) == len(pos)
