"""The HTML graph in a real browser: Debian's Chromium driven by Playwright, offline.

Each page is opened from a file:// URL with every non-file request aborted and recorded.
These tests fail (they never skip) when Chromium or Playwright is missing: `make test`
installs both.
"""

from __future__ import annotations

import math
from pathlib import Path

import pytest
from rdflib import Graph

from conftest import ROOT
from kg.read import load_graph
from kg.viz.browser import chromium, open_page
from kg.viz.html import write_html

FIXTURES = Path(__file__).parent / "fixtures"
HOSTILE = ("<script>alert(1)</script>", "<img src=x onerror=alert(1)>")
ELON = "https://w3id.org/kg-news/id/person/elon-musk"

ENTITIES = """SELECT (COUNT(DISTINCT ?e) AS ?n) WHERE { ?e a ?class . ?class rdfs:subClassOf kg:Entity }"""
RELATIONS = """SELECT (COUNT(*) AS ?n) WHERE { SELECT DISTINCT ?s ?p ?o ?negated WHERE {
    ?st a kg:Statement ; rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o .
    OPTIONAL { ?st kg:negated ?flag } BIND(COALESCE(?flag, false) AS ?negated) } }"""


def count(graph: Graph, query: str) -> int:
    namespaces = dict(graph.namespaces())
    return int(next(iter(graph.query(query, initNs=namespaces)))[0])


@pytest.fixture(scope="module")
def browser():
    with chromium() as b:
        yield b


def assert_clean(log) -> None:
    assert log.remote_requests == [], log.remote_requests
    assert all(url.startswith("file:") or url.startswith("data:") for url in log.requests)
    assert log.console_errors == [] and log.page_errors == [], (log.console_errors, log.page_errors)
    assert log.dialogs == [], log.dialogs


def rendered(page) -> tuple[int, int]:
    return tuple(page.evaluate("[kgNetwork.body.nodeIndices.length, kgNetwork.body.edgeIndices.length]"))


@pytest.mark.parametrize("which", ["fresh", "committed"])
def test_seed_page_opens_offline_with_every_entity_and_relation(browser, seed_outdir, which):
    """The page of a fresh build, and the committed output/graph.html, against their Turtle."""
    folder = seed_outdir if which == "fresh" else ROOT / "output"
    graph = Graph().parse(folder / "graph.ttl", format="turtle")
    with open_page(browser, folder / "graph.html", wait="stable" if which == "fresh" else None) as (page, log):
        page.wait_for_function("window.kgNetwork && kgNetwork.body.nodeIndices.length > 0")
        page.wait_for_timeout(300)
        assert rendered(page) == (count(graph, ENTITIES), count(graph, RELATIONS))
        assert len(log.requests) == 1
        assert_clean(log)


def test_search_musk_focuses_elon_musk(browser, seed_outdir):
    with open_page(browser, seed_outdir / "graph.html", wait="stable") as (page, log):
        page.fill("#search", "Musk")
        page.press("#search", "Enter")
        page.wait_for_timeout(700)  # the focus animation takes 400 ms
        assert page.evaluate("kgNetwork.getSelectedNodes()") == [ELON]
        assert page.text_content("#details h2") == "Elon Musk"
        assert "Also called: Musk" in page.text_content("#details")
        view = page.evaluate("kgNetwork.getViewPosition()")
        node = page.evaluate(f"kgNetwork.getPositions(['{ELON}'])['{ELON}']")
        assert math.dist((view["x"], view["y"]), (node["x"], node["y"])) < 5
        page.fill("#search", "no such entity at all")
        page.press("#search", "Enter")
        assert page.text_content("#search-status") == "no entity matches"
        assert_clean(log)


def click_edge(page, edge_id: str) -> None:
    """Click the drawn edge with a real mouse event, at a point of the line no node covers."""
    point = page.evaluate("""(id) => {
        const net = kgNetwork, edge = net.body.edges[id];
        for (const t of [0.5, 0.4, 0.6, 0.3, 0.7, 0.45, 0.55]) {
            const p = net.canvasToDOM(edge.edgeType.getPoint(t));
            if (net.getNodeAt(p) === undefined && net.getEdgeAt(p) === id) {
                const box = net.body.container.getBoundingClientRect();
                return {x: box.left + p.x, y: box.top + p.y};
            }
        }
        return null; }""", edge_id)
    assert point is not None, f"edge {edge_id} has no clickable point"
    page.mouse.click(point["x"], point["y"])


def test_clicking_an_edge_shows_its_evidence(browser, seed_outdir):
    with open_page(browser, seed_outdir / "graph.html", wait="stable") as (page, log):
        edge = page.evaluate(f"""kg.edges.get({{filter: e => e.from === '{ELON}' && e.predicate === 'threatens-suit'}})[0]""")
        click_edge(page, edge["id"])
        page.wait_for_selector("#details li.evidence")
        text = page.text_content("#details")
        assert "Elon Musk has threatened to sue Microsoft for allegedly using Twitter data without permission." in text
        assert "has threatened to take legal action against Microsoft" in text  # both pieces of evidence
        assert page.evaluate("kgNetwork.getSelectedEdges()") == [edge["id"]]
        assert "2023-04-20" in text  # the article's date
        assert_clean(log)


def test_claims_negation_and_hedges_are_drawn_apart(browser, tmp_path):
    write_html(load_graph(FIXTURES / "claims.ttl"), tmp_path / "claims.html")
    with open_page(browser, tmp_path / "claims.html", wait="stable") as (page, log):
        edges = {e["kind"]: e for e in page.evaluate("kg.edges.get()")}
        assert set(edges) == {"fact", "claim", "hedged", "negated"}
        assert edges["fact"]["dashes"] is False
        assert edges["claim"]["dashes"] and edges["negated"]["dashes"] and edges["hedged"]["dashes"]
        assert edges["negated"]["label"] == "not contacted"
        page.evaluate(f"kg.showEdge('{edges['claim']['id']}')")
        assert "Claimed by Bob Jones" in page.text_content("#details")
        # Negated statements can be hidden: the legend entry is a filter.
        before = rendered(page)[1]
        page.locator("#kind-filters label", has_text="negated").locator("input").uncheck()
        assert rendered(page)[1] == before - 1
        # Filters by type and predicate.
        page.locator("#type-filters label", has_text="Person").locator("input").uncheck()
        assert rendered(page) == (4, 2)
        page.locator("#type-filters label", has_text="Person").locator("input").check()
        page.click("#predicate-box summary")
        page.click("#predicates-none")
        assert rendered(page) == (6, 0)
        page.locator("#predicate-filters input[data-predicate='acquired']").check()
        assert rendered(page) == (6, 1)
        # Physics can be switched off and on.
        page.uncheck("#physics")
        assert page.evaluate("kgNetwork.physics.options.enabled") is False
        page.check("#physics")
        assert page.evaluate("kgNetwork.physics.options.enabled") is True
        assert_clean(log)


def open_everything(page) -> str:
    """Show every node and edge in the panel, hover every node, and search every name."""
    page.evaluate("kg.data.nodes.forEach(n => kg.showNode(n.id)); kg.data.edges.forEach(e => kg.showEdge(e.id))")
    text = ""
    for node in page.evaluate("kg.data.nodes"):
        page.evaluate(f"kg.showNode({node['id']!r})")
        text += page.text_content("#details")
        for edge in page.evaluate(f"kg.edges.get({{filter: e => e.from === {node['id']!r}}})"):
            page.evaluate(f"kg.showEdge({edge['id']!r})")
            text += page.text_content("#details")
        position = page.evaluate(f"kgNetwork.canvasToDOM(kgNetwork.getPositions([{node['id']!r}])[{node['id']!r}])")
        page.mouse.move(position["x"], position["y"] + 1)
        page.wait_for_timeout(250)  # the hover tooltip
        text += page.evaluate("(document.querySelector('div.vis-tooltip') || {}).textContent || ''")
        for name in [node["label"], *node["aliases"]]:
            page.fill("#search", name)
            page.press("#search", "Enter")
    return text


def assert_inert(page, log) -> None:
    page.wait_for_timeout(300)
    assert log.dialogs == []
    assert page.evaluate("document.querySelectorAll('script').length") == 3  # vis-network, the data, the app
    assert page.evaluate("document.querySelectorAll('img, svg, iframe, [onerror], [onload], [onclick]').length") == 0
    assert page.evaluate("document.querySelectorAll('a[href^=\"javascript\"]').length") == 0
    assert_clean(log)


def test_hostile_graph_executes_nothing(browser, tmp_path):
    write_html(load_graph(FIXTURES / "hostile.ttl"), tmp_path / "hostile.html")
    with open_page(browser, tmp_path / "hostile.html", wait="stable") as (page, log):
        text = open_everything(page)
        for payload in (*HOSTILE, "<svg onload=alert(1)>", "Evil</script><script>alert(1)</script>",
                        "<b onmouseover=alert(1)>owns</b>"):
            assert payload in text, payload  # shown, as text
        assert_inert(page, log)


def test_hostile_article_executes_nothing(browser, nlp, tmp_path):
    from kg.pipeline.build import build
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "x.txt").write_text(
        f"title: {HOSTILE[0]} and {HOSTILE[1]}\ndate: 2024-01-02\n\n"
        f"Microsoft, which owns LinkedIn, said it would fight {HOSTILE[0]} and {HOSTILE[1]}.\n", encoding="utf-8")
    write_html(build([str(tmp_path / "in")], nlp=nlp).graph, tmp_path / "article.html")
    with open_page(browser, tmp_path / "article.html", wait="stable") as (page, log):
        text = open_everything(page)
        assert f"{HOSTILE[0]} and {HOSTILE[1]}" in text  # the headline
        assert f"fight {HOSTILE[0]} and {HOSTILE[1]}." in text  # the sentence
        assert_inert(page, log)


def test_big_graph_uses_a_precomputed_layout_and_says_what_was_left_out(browser, tmp_path):
    from synthetic import synthetic_graph
    write_html(synthetic_graph(700, seed=3), tmp_path / "big.html", max_nodes=500)
    with open_page(browser, tmp_path / "big.html", wait="ready") as (page, log):
        assert page.evaluate("kgNetwork.physics.options.enabled") is False
        assert page.is_checked("#physics") is False
        assert rendered(page)[0] == 500
        notes = page.text_content("#notes")
        assert "Showing the 500 entities with the highest PageRank" in notes and "Left out: 200 entities" in notes
        assert page.evaluate("kg.data.nodes.every(n => typeof n.x === 'number' && typeof n.y === 'number')")
        assert_clean(log)


def test_empty_graph_page_becomes_ready_and_says_so(browser, tmp_path):
    """vis-network sends no "stabilized" event for an empty network: the page must not wait for one."""
    empty = Graph()
    write_html(empty, tmp_path / "empty.html")
    with open_page(browser, tmp_path / "empty.html", wait="stable", timeout_ms=15_000) as (page, log):
        page.wait_for_selector("body[data-ready]", state="attached", timeout=15_000)
        assert rendered(page) == (0, 0)
        assert "This graph has no entities." in page.text_content("#details")
        assert_clean(log)
