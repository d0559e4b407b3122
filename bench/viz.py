"""Browsing: how a corpus page opens in headless Chromium, on real news.

BBC News. Builds the graph of a subset of the BBC corpus with kg's own build (every k-th
article), caches its Turtle in bench/results/, writes the page as `kg build` does (at most
2,000 entities, layout computed in Python above 300), and opens it offline in Debian's
Chromium. It measures:

* time to interactive, from navigation start to the moment a search answers, on the page's
  own clock (performance.now()): the page is loaded and drawn (body[data-ready]), then the
  benchmark types the top entity's name in the search box, and the clock stops when the entity
  is selected and its panel shown; the script's wall clock, which also counts opening a new
  browser context, is printed too;
* the first view: how many entities are drawn (the related ones) and how many unrelated ones
  are not, and the on-screen size of the top 20 entities' names;
* how long showing the unrelated entities (a relayout of the whole page) and collapsing
  every community take, and that expanding them gives back the same nodes.

Reuters-21578. The same on a subset of dated Reuters articles, plus the date slider: the
middle third of the dates is selected, and the benchmark checks that the page then shows
exactly the relations with a statement in that range.

For comparison the BBC graph is also opened with the layout left to vis-network's physics
in the browser (what pyvis does), whose stabilization blocks the first drawing
(--no-physics-baseline skips it).

Usage: python bench/viz.py [--articles 200] [--runs 3] [--no-physics-baseline] [--no-spring-baseline]
"""

from __future__ import annotations

import argparse
import gzip
import json
import statistics
import sys
import time

from _shared import RESULTS, ROOT, shared

sys.path.insert(0, str(ROOT))

import networkx as nx  # noqa: E402

from kg.analytics import entity_graph, ordered_subgraph, pagerank, relation_groups, to_networkx  # noqa: E402
from kg.pipeline.build import build  # noqa: E402
from kg.export.turtle import write_turtle  # noqa: E402
from kg.read import load_graph  # noqa: E402
from kg.viz import html as viz_html  # noqa: E402
from kg.viz.browser import chromium, open_page  # noqa: E402
from kg.viz.layout import packed_layout  # noqa: E402

TARGET_SECONDS = 2.5
CORPORA = {
    "bbc": ("bbc_news_2004_2005.jsonl.gz", "BBC"),
    "reuters": ("reuters21578_1987.jsonl.gz", "Reuters"),
}


def subset(corpus: str, count: int) -> list[dict]:
    """Every k-th article of the corpus, so that all its sections (and dates) are in."""
    path = shared("benchdata", "news", CORPORA[corpus][0])
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        rows = [json.loads(line) for line in handle if line.strip()]
    if corpus == "reuters":
        # Dated newswire stories: no duplicates, and not the short tables of figures.
        rows = [r for r in rows if r.get("duplicate_of") in (None, "None") and r.get("date")
                and len(r["text"].split()) >= 120]
    step = max(1, len(rows) // count)
    return rows[::step][:count]


def graph_of(corpus: str, count: int):
    ttl = RESULTS / f"{corpus}-{count}.ttl"
    if ttl.exists():
        print(f"using the cached graph {ttl.relative_to(ROOT)}")
        return load_graph(ttl)
    jsonl = RESULTS / f"{corpus}-{count}.jsonl"
    RESULTS.mkdir(parents=True, exist_ok=True)
    jsonl.write_text("".join(json.dumps(row) + "\n" for row in subset(corpus, count)), encoding="utf-8")
    started = time.perf_counter()
    result = build([str(jsonl)])
    print(f"built {count} {CORPORA[corpus][1]} articles in {time.perf_counter() - started:.1f} s: "
          f"{result.summary.entities:,} entities, {result.summary.statements:,} statements")
    write_turtle(result.graph, ttl)
    return result.graph


def time_to_interactive(browser, page_path, query: str, wait: str) -> dict[str, float]:
    started = time.perf_counter()
    with open_page(browser, page_path, wait=wait, timeout_ms=600_000) as (page, log):
        drawn = time.perf_counter() - started
        page.fill("#search", query)
        page.press("#search", "Enter")
        page.wait_for_function("q => document.querySelector('#details h2') && "
                               "document.querySelector('#details h2').textContent.length > 0 && "
                               "kgNetwork.getSelectedNodes().length === 1", arg=query, timeout=60_000)
        answered = time.perf_counter() - started
        answered_in_page = page.evaluate("performance.now()") / 1000
        counts = page.evaluate("[kgNetwork.body.nodeIndices.length, kgNetwork.body.edgeIndices.length]")
        # The page's own clock, from navigation start: when its script starts (the HTML and
        # vis-network are loaded) and when the first drawing is done.
        marks = dict(page.evaluate("performance.getEntriesByType('mark').map(m => [m.name, m.startTime])"))
        check(log)
    return {"drawn": drawn, "interactive": answered, "nodes": counts[0], "edges": counts[1],
            "script_start": marks.get("kg:start", 0) / 1000, "page_drawn": marks.get("kg:drawn", 0) / 1000,
            "page_interactive": answered_in_page}


def check(log) -> None:
    problems = log.remote_requests + log.console_errors + log.page_errors
    if problems:
        raise SystemExit(f"bench: the page misbehaved: {problems}")


def timed(page, script: str) -> float:
    """Milliseconds that ``script`` takes in the page, drawing included (two animation frames)."""
    return page.evaluate("""s => new Promise(done => { const t = performance.now(); (0, eval)(s);
        requestAnimationFrame(() => requestAnimationFrame(() => done(performance.now() - t))); })""", script)


def first_view(browser, page_path, g) -> dict:
    """What the page shows before anyone touches it, and the cost of the big actions."""
    simple = entity_graph(g, negated=True)
    ranks = pagerank(g)
    with open_page(browser, page_path, wait="ready", timeout_ms=600_000) as (page, log):
        ids = set(page.evaluate("kg.data.nodes.map(n => n.id)"))
        related = {n for n in ids if simple.degree(n)}
        drawn = set(page.evaluate("kgNetwork.body.nodeIndices"))
        top = sorted(ids, key=lambda n: -ranks.get(n, 0))[:20]
        labels = {label["id"]: label["size"] for label in page.evaluate("kg.labels().nodes")}
        out = {"entities": len(ids), "related": len(related), "drawn": len(drawn),
               "unrelated_drawn": len(drawn - related), "related_missing": len(related - drawn),
               "top20_label_px_min": round(min(labels.get(n, 0) for n in top), 1),
               "labels_drawn": len(labels), "scale": round(page.evaluate("kgNetwork.getScale()"), 3)}
        out["show_unrelated_ms"] = round(timed(page, "document.getElementById('isolated').click()"))
        out["drawn_with_unrelated"] = page.evaluate("kgNetwork.body.nodeIndices.length")
        out["hide_unrelated_ms"] = round(timed(page, "document.getElementById('isolated').click()"))
        before = page.evaluate("kgNetwork.body.nodeIndices.length")
        out["collapse_all_ms"] = round(timed(page, "document.getElementById('collapse-all').click()"))
        out["drawn_collapsed"] = page.evaluate("kgNetwork.body.nodeIndices.length")
        out["expand_all_ms"] = round(timed(page, "document.getElementById('expand-all').click()"))
        out["same_nodes_after_expand"] = page.evaluate("kgNetwork.body.nodeIndices.length") == before
        check(log)
    return out


def date_filter(browser, page_path, g) -> dict:
    """Select the middle third of the dates; the page must show exactly the relations in range."""
    days = sorted({(meta.get("date") or "")[:10] for meta in g.graph["articles"].values()} - {""})
    since, until = days[len(days) // 3], days[2 * len(days) // 3]
    groups = relation_groups(g)
    expected = {key for key, group in groups.items() if any(since <= (e["date"] or "")[:10] <= until for e in group)}
    with open_page(browser, page_path, wait="ready", timeout_ms=600_000) as (page, log):
        page_days = page.evaluate("kg.dates")
        started = time.perf_counter()
        page.fill("#date-from", str(page_days.index(since)))
        page.fill("#date-to", str(page_days.index(until)))
        page.wait_for_function(f"document.getElementById('date-label').textContent.startsWith({since!r})")
        page.wait_for_timeout(200)
        seconds = time.perf_counter() - started
        shown = {tuple(r) for r in page.evaluate(
            "kg.data.edges.filter(e => kg.edgeShown(e.id)).map(e => [e.from, e.predicate, e.to, e.kind === 'negated'])")}
        # The page shows at most --max-nodes entities: compare on the relations among them.
        ids = set(page.evaluate("kg.data.nodes.map(n => n.id)"))
        expected = {key for key in expected if key[0] in ids and key[2] in ids}
        check(log)
    return {"dates": len(days), "since": since, "until": until, "relations": len(groups),
            "in_range": len(expected), "shown": len(shown), "exact": shown == expected,
            "filter_seconds": round(seconds, 2)}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=200, help="articles of each corpus to build the graph from")
    parser.add_argument("--runs", type=int, default=3, help="page loads to time (the median is reported)")
    parser.add_argument("--no-physics-baseline", action="store_true", help="skip the physics-layout comparison")
    parser.add_argument("--no-spring-baseline", action="store_true",
                        help="skip timing networkx's spring layout of the whole graph")
    args = parser.parse_args()

    graph = graph_of("bbc", args.articles)
    g = to_networkx(graph)
    page = RESULTS / f"bbc-{args.articles}.html"
    started = time.perf_counter()
    html, data = viz_html.render_page(g, heading=f"kg: {args.articles} BBC articles")
    render_seconds = time.perf_counter() - started
    page.write_text(html, encoding="utf-8")
    query = max(data["nodes"], key=lambda n: n["pagerank"])["label"]
    loners = sum(1 for _, d in entity_graph(g).degree() if d == 0)
    print(f"graph: {g.number_of_nodes():,} entities ({loners:,} related to nothing), "
          f"{g.number_of_edges():,} statements; page: "
          f"{len(data['nodes']):,} entities, {len(data['edges']):,} relations, "
          f"{len(data['communities']):,} communities, layout {data['layout']}, "
          f"{len(html.encode('utf-8')) / 1e6:.1f} MB, rendered in {render_seconds:.2f} s")
    for note in data["notes"]:
        print(f"  {note}")
    shown = entity_graph(ordered_subgraph(g, [n["id"] for n in data["nodes"]]), negated=True)
    members = {n["id"]: n["community"] for n in data["nodes"] if n["community"] >= 0}
    started = time.perf_counter()
    packed_layout(shown, communities=members)
    packed_seconds = time.perf_counter() - started
    print(f"layout in Python (kg's packed layout, communities as islands): {packed_seconds:.2f} s")
    spring_seconds = None
    if not args.no_spring_baseline:
        started = time.perf_counter()
        nx.spring_layout(shown, seed=0)
        spring_seconds = time.perf_counter() - started
        print(f"networkx spring_layout of the whole graph: {spring_seconds:.2f} s; "
              f"spring / packed = {spring_seconds / packed_seconds:.0f}x")

    reuters = to_networkx(graph_of("reuters", args.articles))
    reuters_page = RESULTS / f"reuters-{args.articles}.html"
    reuters_html, reuters_data = viz_html.render_page(reuters, heading=f"kg: {args.articles} Reuters articles")
    reuters_page.write_text(reuters_html, encoding="utf-8")

    with chromium() as browser:
        runs = [time_to_interactive(browser, page, query, "ready") for _ in range(args.runs)]
        drawn = statistics.median(r["drawn"] for r in runs)
        wall = statistics.median(r["interactive"] for r in runs)
        # Time to interactive runs from navigation start, on the page's own clock; the wall
        # clock of this script adds opening a browser context (and its own polling).
        tti = statistics.median(r["page_interactive"] for r in runs)
        each = ", ".join(f"{r['page_interactive']:.2f}" for r in runs)
        print(f"time to interactive (search '{query}' answered, from navigation start): {tti:.2f} s, "
              f"median of {args.runs} ({each}); script starts at "
              f"{statistics.median(r['script_start'] for r in runs):.2f} s, first drawing done at "
              f"{statistics.median(r['page_drawn'] for r in runs):.2f} s")
        print(f"the same on this script's wall clock, a new browser context included: first drawing {drawn:.2f} s, "
              f"search answered {wall:.2f} s")
        print(f"target {TARGET_SECONDS} s: measured / target = {tti / TARGET_SECONDS:.2f} "
              f"({'met' if tti <= TARGET_SECONDS else 'NOT met'})")
        view = first_view(browser, page, g)
        print(f"first view: {view['drawn']:,} entities drawn of {view['entities']:,} on the page "
              f"({view['related']:,} related; {view['unrelated_drawn']} unrelated drawn, "
              f"{view['related_missing']} related missing); {view['labels_drawn']} names drawn, "
              f"the top 20 at {view['top20_label_px_min']} px or more, zoom {view['scale']}")
        print(f"show the unrelated: {view['show_unrelated_ms']} ms ({view['drawn_with_unrelated']:,} drawn), "
              f"hide them: {view['hide_unrelated_ms']} ms; collapse every community: {view['collapse_all_ms']} ms "
              f"({view['drawn_collapsed']:,} nodes), expand: {view['expand_all_ms']} ms, "
              f"same nodes after: {view['same_nodes_after_expand']}")
        dated = date_filter(browser, reuters_page, reuters)
        reuters_view = first_view(browser, reuters_page, reuters)
        print(f"Reuters: {reuters.number_of_nodes():,} entities, {len(reuters_data['nodes']):,} on the page, "
              f"{dated['dates']} dates; {dated['since']} to {dated['until']}: {dated['shown']:,} of "
              f"{dated['relations']:,} relations shown, {dated['in_range']:,} expected, exact: {dated['exact']}, "
              f"in {dated['filter_seconds']} s; first view {reuters_view['drawn']:,} drawn, "
              f"{reuters_view['unrelated_drawn']} unrelated, top 20 names at {reuters_view['top20_label_px_min']} px+")
        result = {"articles": args.articles, "entities": g.number_of_nodes(), "statements": g.number_of_edges(),
                  "page_entities": len(data["nodes"]), "page_relations": len(data["edges"]),
                  "communities": len(data["communities"]),
                  "page_mb": round(len(html.encode("utf-8")) / 1e6, 2), "render_seconds": round(render_seconds, 2),
                  "packed_layout_seconds": round(packed_seconds, 2),
                  "spring_layout_seconds": None if spring_seconds is None else round(spring_seconds, 2),
                  "drawn_seconds": round(drawn, 2), "interactive_seconds": round(tti, 2),
                  "wall_interactive_seconds": round(wall, 2),
                  "runs": [{k: round(v, 3) for k, v in r.items()} for r in runs], "first_view": view,
                  "reuters": {"entities": reuters.number_of_nodes(), "page_entities": len(reuters_data["nodes"]),
                              "date_filter": dated, "first_view": reuters_view}}
        if not args.no_physics_baseline:
            # The same entities, laid out by vis-network's physics in the browser instead.
            threshold = viz_html.LAYOUT_THRESHOLD
            viz_html.LAYOUT_THRESHOLD = 10**9
            try:
                physics_html, _ = viz_html.render_page(g, heading="physics baseline")
            finally:
                viz_html.LAYOUT_THRESHOLD = threshold
            physics_page = RESULTS / f"bbc-{args.articles}-physics.html"
            physics_page.write_text(physics_html, encoding="utf-8")
            base = time_to_interactive(browser, physics_page, query, "ready")
            print(f"physics baseline: time to interactive {base['page_interactive']:.2f} s; "
                  f"physics / precomputed layout = {base['page_interactive'] / tti:.1f}x")
            result["physics_interactive_seconds"] = round(base["page_interactive"], 2)
    (RESULTS / "viz.json").write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
