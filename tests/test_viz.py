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
from kg.viz.html import KIND_STYLE, LAYOUT_THRESHOLD, network_data, render_html, render_page
from kg.viz.layout import packed_layout
from kg.viz.select import find_entity, select_view
from kg.analytics import entity_graph, pagerank
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
