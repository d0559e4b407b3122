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
from kg import to_networkx
from kg.analytics import entity_graph, pagerank, relation_groups
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


def edge_point(page, edge_id: str) -> dict | None:
    """A point of the drawn edge, in page pixels, that no node covers and no other edge takes,
    within a pixel around it too (the mouse moves to whole pixels: beside a crossing, rounding
    would land on the other edge)."""
    return page.evaluate("""(id) => {
        const net = kgNetwork, edge = net.body.edges[id];
        const only = (p) => [-1, 0, 1].every(dx => [-1, 0, 1].every(dy => {
            const q = {x: Math.round(p.x) + dx, y: Math.round(p.y) + dy};
            return net.getNodeAt(q) === undefined && net.getEdgeAt(q) === id; }));
        for (const t of [0.5, 0.4, 0.6, 0.3, 0.7, 0.45, 0.55, 0.35, 0.65, 0.25, 0.75]) {
            const p = net.canvasToDOM(edge.edgeType.getPoint(t));
            if (only(p)) {
                const box = net.body.container.getBoundingClientRect();
                return {x: box.left + Math.round(p.x), y: box.top + Math.round(p.y)};
            }
        }
        return null; }""", edge_id)


def click_edge(page, edge_id: str) -> None:
    """Click the drawn edge with a real mouse event, at a point of the line no node covers."""
    point = edge_point(page, edge_id)
    assert point is not None, f"edge {edge_id} has no clickable point"
    page.mouse.click(point["x"], point["y"])


def test_clicking_an_edge_shows_its_evidence(browser, seed_outdir):
    with open_page(browser, seed_outdir / "graph.html", wait="stable") as (page, log):
        edge = page.evaluate(f"""kg.data.edges.filter(e => e.from === '{ELON}' && e.predicate === 'threatens-suit')[0]""")
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
        edges = {e["kind"]: e for e in page.evaluate("kg.data.edges")}
        assert set(edges) == {"fact", "claim", "hedged", "negated"}
        assert edges["fact"]["dashes"] is False
        assert edges["claim"]["dashes"] and edges["negated"]["dashes"] and edges["hedged"]["dashes"]
        assert edges["negated"]["label"] == "not contacted"
        page.evaluate(f"kg.showEdge('{edges['claim']['id']}')")
        assert "Claimed by Bob Jones" in page.text_content("#details")
        page.click("#tabs button[data-tab='overview']")
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
        for edge in page.evaluate(f"kg.data.edges.filter(e => e.from === {node['id']!r})"):
            page.evaluate(f"kg.showEdge({edge['id']!r})")
            text += page.text_content("#details")
        position = page.evaluate("""id => { const p = kgNetwork.canvasToDOM(kgNetwork.getPositions([id])[id]);
            const box = kgNetwork.body.container.getBoundingClientRect(); return {x: box.left + p.x, y: box.top + p.y}; }""",
                                 node["id"])
        page.mouse.move(position["x"], position["y"] + 1)
        page.wait_for_timeout(250)  # the hover tooltip
        tooltip = page.evaluate("(document.querySelector('div.vis-tooltip') || {}).textContent || ''")
        hovered = page.evaluate("Object.keys(kgNetwork.selectionHandler.hoverObj.nodes)")
        if hovered == [node["id"]]:  # (unless physics moved it away meanwhile)
            assert node["label"] in tooltip
        text += tooltip
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
        owns = page.evaluate("kg.data.edges.find(e => e.predicate === 'owns').id")
        page.evaluate(f"kg.showEdge({owns!r})")
        assert page.text_content("#details mark.object") == HOSTILE[1]  # a highlighted span is text too
        # A community of hostile names, collapsed: its drawn name, tooltip and panel are text.
        page.evaluate("() => { kgNetwork.setOptions({physics: false}); }")
        assert page.evaluate("kg.collapseCommunity(0)") is True
        page.wait_for_timeout(200)
        name = next(label["text"] for label in page.evaluate("kg.labels().nodes") if label["id"] == "community:0")
        assert HOSTILE[1] in name
        spot = page.evaluate("""() => { const p = kgNetwork.canvasToDOM(kgNetwork.getPositions(['community:0'])['community:0']);
            const box = kgNetwork.body.container.getBoundingClientRect(); return {x: box.left + p.x, y: box.top + p.y}; }""")
        page.mouse.move(1, 1)
        page.mouse.move(spot["x"], spot["y"] + 1)
        page.wait_for_timeout(300)
        assert HOSTILE[1] in page.evaluate("(document.querySelector('div.vis-tooltip') || {}).textContent || ''")
        page.evaluate("kg.showCommunity(0)")
        assert HOSTILE[1] in page.text_content("#details h2")
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


# ---- a corpus: 200 made-up dated articles from two sources (the page of a month of news) ----

@pytest.fixture(scope="module")
def corpus(nlp, tmp_path_factory):
    """200 articles of tests/newsgen.py, dated over a year, a third of them from a second wire."""
    import kg
    from kg.export.turtle import write_turtle
    from newsgen import articles
    records = [kg.Article(a["text"], id=a["id"], title=a["title"], date=a["date"],
                          source="Wire B" if i % 3 == 0 else "Wire A") for i, a in enumerate(articles(200, seed=14))]
    result = kg.build(records, nlp=nlp)
    folder = tmp_path_factory.mktemp("corpus")
    write_turtle(result.graph, folder / "graph.ttl")
    write_html(result.graph, folder / "graph.html")
    return folder, to_networkx(result.graph)


def drawn(page) -> set[str]:
    return set(page.evaluate("kgNetwork.body.nodeIndices"))


def shown_relations(page) -> set[tuple]:
    """(subject, predicate, object, negated) of every drawn edge."""
    rows = page.evaluate("kg.data.edges.filter(e => kgNetwork.body.edges[e.id]).map(e => "
                         "[e.from, e.predicate, e.to, e.label.startsWith('not ') && e.kind === 'negated'])")
    return {tuple(r) for r in rows}


def assert_fitted(page) -> None:
    """Every drawn node is inside the canvas, and the drawing fills it (no blank half)."""
    box = page.evaluate("""() => {
        const net = kgNetwork, ids = net.body.nodeIndices, pos = net.getPositions(ids);
        const pts = ids.map(id => net.canvasToDOM(pos[id])), c = net.body.container;
        const xs = pts.map(p => p.x), ys = pts.map(p => p.y);
        return {w: c.clientWidth, h: c.clientHeight, x0: Math.min(...xs), x1: Math.max(...xs),
                y0: Math.min(...ys), y1: Math.max(...ys)}; }""")
    assert 0 <= box["x0"] and box["x1"] <= box["w"] and 0 <= box["y0"] and box["y1"] <= box["h"], box
    assert box["x1"] - box["x0"] >= 0.6 * box["w"] or box["y1"] - box["y0"] >= 0.6 * box["h"], box


def test_corpus_page_opens_on_the_related_entities_laid_out_again_on_each_filter(browser, corpus):
    folder, g = corpus
    simple = entity_graph(g, negated=True)
    related = {n for n in simple if simple.degree(n)}
    assert len(related) > 300 and 0 < len(simple) - len(related)  # otherwise this proves nothing
    with open_page(browser, folder / "graph.html", wait="stable") as (page, log):
        assert drawn(page) == related  # no unrelated entity drawn at first
        assert page.is_checked("#isolated") is False
        assert_fitted(page)
        page.check("#isolated")  # one click away
        assert drawn(page) == set(simple)
        assert_fitted(page)
        page.uncheck("#isolated")
        assert drawn(page) == related
        assert_fitted(page)
        page.locator("#type-filters label[data-type='Person'] input").uncheck()
        left = drawn(page)
        assert left and all(g.nodes[n]["type"] != "Person" for n in left)
        assert_fitted(page)
        # Searching for an entity that a filter hides shows it (and what hides it is undone).
        loner = min(set(simple) - related)
        page.fill("#search", g.nodes[loner]["label"])
        page.press("#search", "Enter")
        page.wait_for_timeout(600)
        assert page.evaluate("kgNetwork.getSelectedNodes()") == [loner] and loner in drawn(page)
        assert page.is_checked("#isolated") and page.text_content("#details h2") == g.nodes[loner]["label"]
        assert_clean(log)


def test_a_small_corpus_with_physics_is_laid_out_again_and_fitted_too(browser, nlp, tmp_path):
    import kg
    from newsgen import articles
    records = [kg.Article(a["text"], id=a["id"], title=a["title"], date=a["date"]) for a in articles(12, seed=3)]
    graph = kg.build(records, nlp=nlp).graph
    simple = entity_graph(to_networkx(graph), negated=True)
    related = {n for n in simple if simple.degree(n)}
    assert len(simple) < 300 and related < set(simple)
    write_html(graph, tmp_path / "small.html")
    with open_page(browser, tmp_path / "small.html", wait="stable") as (page, log):
        assert page.evaluate("kgNetwork.physics.options.enabled") is True
        assert drawn(page) == related
        assert_fitted(page)
        page.check("#isolated")
        page.wait_for_selector("body[data-layouts='1']", state="attached", timeout=30_000)
        assert drawn(page) == set(simple)
        assert_fitted(page)
        assert_clean(log)


def overlap(a: dict, b: dict) -> bool:
    return a["x"] < b["x"] + b["w"] and b["x"] < a["x"] + a["w"] and a["y"] < b["y"] + b["h"] and b["y"] < a["y"] + a["h"]


def test_the_top_entities_are_named_readably_and_labels_never_overlap(browser, corpus):
    folder, g = corpus
    ranks = pagerank(g)
    ordered = sorted(ranks, key=ranks.get, reverse=True)
    top = [n for n in ordered[:20] if ranks[n] > ranks[ordered[20]]]  # no tie at the cut
    assert len(top) >= 15
    with open_page(browser, folder / "graph.html", wait="stable") as (page, log):
        labels = page.evaluate("kg.labels()")
        by_id = {label["id"]: label for label in labels["nodes"]}
        for n in top:
            assert n in by_id and by_id[n]["size"] >= 12 and by_id[n]["text"] == g.nodes[n]["label"], n
        assert len(by_id) > len(top)  # more names than the top ones, as room allows
        boxes = labels["nodes"]
        assert not [(a["text"], b["text"]) for i, a in enumerate(boxes) for b in boxes[i + 1:] if overlap(a, b)]
        # Relation labels: none at the first zoom, one on hover, all of those in view zoomed in.
        assert page.evaluate("kgNetwork.getScale()") < 0.85 and labels["edges"] == []
        page.evaluate("() => { kgNetwork.moveTo({scale: 0.6}); }")
        for edge in page.evaluate("kg.data.edges.filter(e => kgNetwork.body.edges[e.id]).map(e => e.id)"):
            point = edge_point(page, edge)
            if point and 0 < point["x"] < 900 and 60 < point["y"] < 800:
                break
        page.mouse.move(point["x"], point["y"])
        page.wait_for_timeout(300)
        assert page.evaluate("Object.keys(kgNetwork.selectionHandler.hoverObj.edges)") == [edge]
        assert [e["id"] for e in page.evaluate("kg.labels().edges")] == [edge]
        page.evaluate("() => { kgNetwork.moveTo({scale: 1.5}); }")
        page.wait_for_timeout(200)
        assert page.evaluate("kg.labels().edges").__len__() > 0
        assert_clean(log)


def test_a_date_range_leaves_only_the_statements_in_range(browser, corpus):
    folder, g = corpus
    dates = sorted({meta["date"] for meta in g.graph["articles"].values()})
    since, until = dates[len(dates) // 3], dates[2 * len(dates) // 3]
    expected = {key for key, group in relation_groups(g).items() if any(since <= e["date"] <= until for e in group)}
    assert 0 < len(expected) < len(relation_groups(g))
    with open_page(browser, folder / "graph.html", wait="stable") as (page, log):
        page.fill("#date-from", str(dates.index(since)))
        page.fill("#date-to", str(dates.index(until)))
        page.wait_for_timeout(400)
        assert page.text_content("#date-label").startswith(f"{since} \u2013 {until}")
        assert shown_relations(page) == expected
        # Every sentence the page now shows comes from an article in range.
        live = page.evaluate("kg.data.edges.filter(e => kg.edgeShown(e.id))"
                             ".flatMap(e => kg.liveEvidence(e.id).map(i => kg.data.articles[kg.data.evidence[i].article].date))")
        assert live and all(since <= d <= until for d in live)
        # The panel of a relation with evidence outside the range lists only the sentences in range.
        edge = page.evaluate("kg.data.edges.find(e => kg.edgeShown(e.id) && kg.liveEvidence(e.id).length < e.evidence.length).id")
        page.evaluate(f"kg.showEdge({edge!r})")
        items = page.locator("#details li.evidence").count()
        assert items == len(page.evaluate(f"kg.liveEvidence({edge!r})"))
        assert "outside the dates, sources or kinds shown" in page.text_content("#details")
        assert_fitted(page)
        page.click("#tabs button[data-tab='overview']")
        page.click("#date-all")
        assert shown_relations(page) == set(relation_groups(g))
        # The panel follows: all the relation's sentences are back.
        total = page.evaluate(f"kg.data.edges.find(e => e.id === {edge!r}).evidence.length")
        assert page.locator("#details li.evidence").count() == total > items
        assert_clean(log)


def test_a_source_filter_leaves_only_that_sources_statements(browser, corpus):
    folder, g = corpus
    wire_a = {key for key, group in relation_groups(g).items() if any(e["source"] == "Wire A" for e in group)}
    with open_page(browser, folder / "graph.html", wait="stable") as (page, log):
        page.locator("#source-filters label[data-source='Wire B'] input").uncheck()
        assert shown_relations(page) == wire_a
        sources = page.evaluate("kg.data.edges.filter(e => kg.edgeShown(e.id))"
                                ".flatMap(e => kg.liveEvidence(e.id).map(i => kg.data.articles[kg.data.evidence[i].article].source))")
        assert set(sources) == {"Wire A"}
        assert_clean(log)


def test_collapsing_and_expanding_a_community_keeps_the_node_count(browser, corpus):
    folder, _ = corpus
    with open_page(browser, folder / "graph.html", wait="stable") as (page, log):
        before = drawn(page)
        positions = page.evaluate("kgNetwork.getPositions()")
        members = {n["id"] for n in page.evaluate("kg.data.nodes") if n["community"] == 0} & before
        assert len(members) >= 3
        page.click("#community-list .community[data-community='0'] button.toggle")
        after = drawn(page)
        assert after == (before - members) | {"community:0"} and page.evaluate("kgNetwork.isCluster('community:0')")
        assert page.text_content("#community-list .community[data-community='0'] button.toggle") == "expand"
        # The collapsed community is one node: its name is drawn, and a click on it opens its panel.
        assert "community:0" in {label["id"] for label in page.evaluate("kg.labels().nodes")}
        page.click("#community-list .community[data-community='0'] button.toggle")
        assert drawn(page) == before
        assert page.evaluate("kgNetwork.getPositions()") == positions
        # Finding a member of a collapsed community opens it.
        page.click("#community-list .community[data-community='0'] button.toggle")
        member = min(members)
        page.evaluate(f"kg.focusNode({member!r})")
        assert drawn(page) == before and page.evaluate("kgNetwork.getSelectedNodes()") == [member]
        page.click("#tabs button[data-tab='overview']")
        # All at once, for graphs of thousands of entities.
        page.click("#collapse-all")
        collapsed = drawn(page)
        clusters = {n for n in collapsed if n.startswith("community:")}
        assert len(clusters) >= 5 and len(collapsed) < len(before) - 50
        page.click("#expand-all")
        assert drawn(page) == before
        assert_clean(log)


def test_top_relations_list_the_most_cited_and_focus_the_edge(browser, corpus):
    folder, g = corpus
    most = max(len(group) for group in relation_groups(g).values())
    with open_page(browser, folder / "graph.html", wait="stable") as (page, log):
        first = page.locator("#top-relations button.link").first
        edge = first.get_attribute("data-edge")
        data = page.evaluate(f"kg.data.edges.find(e => e.id === {edge!r})")
        assert len(data["evidence"]) == most
        groups = page.evaluate("""[...document.querySelectorAll('#top-relations .relation-group')].map(box =>
            [box.querySelector('h4').textContent, [...box.querySelectorAll('button.link')].map(b => b.dataset.edge)])""")
        labels = {e["id"]: e["label"].removeprefix("not ") for e in page.evaluate("kg.data.edges")}
        assert all(labels[e] == heading for heading, edges in groups for e in edges)
        assert len({heading for heading, _ in groups}) == len(groups)  # one group per relation
        first.click()
        page.wait_for_timeout(600)
        assert page.evaluate("kgNetwork.getSelectedEdges()") == [edge]
        assert page.locator("#details li.evidence").count() == most
        for end in (data["from"], data["to"]):
            p = page.evaluate(f"kgNetwork.canvasToDOM(kgNetwork.getPositions([{end!r}])[{end!r}])")
            assert 0 <= p["x"] <= page.evaluate("kgNetwork.body.container.clientWidth")
            assert 0 <= p["y"] <= page.evaluate("kgNetwork.body.container.clientHeight")
        assert_clean(log)


def marks(page) -> list[dict]:
    """Per evidence item of the panel: its sentence and its highlighted subject and object."""
    return page.evaluate("""[...document.querySelectorAll('#details li.evidence')].map(li => {
        const q = li.querySelector('blockquote'), s = q.querySelector('mark.subject'), o = q.querySelector('mark.object');
        return {sentence: q.textContent, subject: s && s.textContent, object: o && o.textContent}; })""")


SPANS = """SELECT ?sentence ?subjectText ?objectText ?ss ?se ?os ?oe WHERE {
    ?st a kg:Statement ; kg:sentence ?sentence ; kg:subjectText ?subjectText ; kg:objectText ?objectText .
    OPTIONAL { ?st kg:subjectStart ?ss ; kg:subjectEnd ?se } OPTIONAL { ?st kg:objectStart ?os ; kg:objectEnd ?oe } }"""


def test_highlighted_spans_are_the_recorded_subject_and_object(browser, seed_outdir):
    graph = Graph().parse(seed_outdir / "graph.ttl", format="turtle")
    recorded = {}
    for row in graph.query(SPANS, initNs=dict(graph.namespaces())):
        sentence = str(row.sentence)
        subject = sentence[int(row.ss):int(row.se)] if row.ss is not None else None
        obj = sentence[int(row.os):int(row.oe)] if row.os is not None else None
        assert subject in (None, str(row.subjectText)) and obj in (None, str(row.objectText))
        recorded.setdefault(sentence, set()).add((subject, obj))
    assert sum(s is not None and o is not None for pairs in recorded.values() for s, o in pairs) >= 20
    with open_page(browser, seed_outdir / "graph.html", wait="stable") as (page, log):
        seen = set()
        for edge in page.evaluate("kg.data.edges.map(e => e.id)"):
            page.evaluate(f"kg.showEdge({edge!r})")
            seen.update((item["sentence"], item["subject"], item["object"]) for item in marks(page))
        assert seen == {(sentence, s, o) for sentence, pairs in recorded.items() for s, o in pairs}
        assert_clean(log)


def test_regression_evidence_highlight_marks_the_recorded_spans(browser, nlp, tmp_path):
    """The page searched the sentence for the subject's text: "he" was marked inside "t[he]",
    and an object already marked was lost. It marks the recorded offsets now, counted in
    Unicode characters, so an emoji before a name does not shift the mark."""
    from kg.pipeline.build import build
    texts = ["Paul Ryan chairs the House Budget Committee. After the vote, he criticised Microsoft.",
             "Elon Musk \U0001F680 has threatened to sue Microsoft."]
    write_html(build(texts, nlp=nlp).graph, tmp_path / "spans.html")
    with open_page(browser, tmp_path / "spans.html", wait="stable") as (page, log):
        found = []
        for edge in page.evaluate("kg.data.edges.map(e => e.id)"):
            page.evaluate(f"kg.showEdge({edge!r})")
            found += marks(page)
        he = next(m for m in found if m["sentence"] == "After the vote, he criticised Microsoft.")
        assert he["subject"] == "he" and he["object"] == "Microsoft"
        rocket = next(m for m in found if m["sentence"].startswith("Elon Musk \U0001F680"))
        assert rocket["object"] == "Microsoft"
        html = page.inner_html("#details blockquote")
        assert "<mark" in html
        assert_clean(log)


def test_an_entity_panel_lists_its_articles_by_date_with_safe_links(browser, tmp_path):
    write_html(load_graph(FIXTURES / "claims.ttl"), tmp_path / "claims.html")
    acme = "https://w3id.org/kg-news/id/organization/acme"
    with open_page(browser, tmp_path / "claims.html", wait="stable") as (page, log):
        page.evaluate(f"kg.showNode({acme!r})")
        rows = page.locator("#details ol.articles li")
        assert rows.count() == 2
        assert rows.nth(0).text_content() == "Acme buys Globex \u00b7 2024-03-01 \u00b7 Example Wire"
        assert rows.nth(1).text_content() == "Globex deal closes \u00b7 2024-03-05 \u00b7 Daily Example"
        link = rows.nth(0).locator("a")
        assert link.get_attribute("href") == "https://news.example.org/acme-globex"
        assert link.get_attribute("rel") == "noopener noreferrer" and link.get_attribute("target") == "_blank"
        assert rows.nth(1).locator("a").count() == 0  # no URL, no link
        assert_clean(log)
