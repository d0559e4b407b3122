"""Browsing: time-to-interactive of a ~2,000-entity HTML graph of BBC news in headless Chromium.

Builds the graph of a subset of the BBC corpus with kg's own build (every k-th article),
caches its Turtle in bench/results/, writes the page as `kg build` does (at most 2,000
entities, layout computed in Python above 300), and opens it offline in Debian's Chromium.

Time-to-interactive is measured from navigation start to the moment a search answers: the
page is loaded and drawn (body[data-ready]), then the benchmark types a name in the search
box, and the clock stops when the entity is selected, centred and its panel shown. For
comparison the same graph is also opened with the layout left to vis-network's physics in
the browser (what pyvis does), whose stabilization blocks the first drawing.

Usage: python bench/viz.py [--articles 200] [--runs 3] [--no-physics-baseline]
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

from kg.analytics import entity_graph, ordered_subgraph, to_networkx  # noqa: E402
from kg.pipeline.build import build  # noqa: E402
from kg.export.turtle import write_turtle  # noqa: E402
from kg.read import load_graph  # noqa: E402
from kg.viz import html as viz_html  # noqa: E402
from kg.viz.browser import chromium, open_page  # noqa: E402
from kg.viz.layout import packed_layout  # noqa: E402

TARGET_SECONDS = 5.0


def subset(count: int) -> list[dict]:
    """Every k-th article of the corpus, so that all five sections are in."""
    path = shared("benchdata", "news", "bbc_news_2004_2005.jsonl.gz")
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        rows = [json.loads(line) for line in handle if line.strip()]
    step = max(1, len(rows) // count)
    return rows[::step][:count]


def graph_of(count: int):
    ttl = RESULTS / f"bbc-{count}.ttl"
    if ttl.exists():
        print(f"using the cached graph {ttl.relative_to(ROOT)}")
        return load_graph(ttl)
    jsonl = RESULTS / f"bbc-{count}.jsonl"
    RESULTS.mkdir(parents=True, exist_ok=True)
    jsonl.write_text("".join(json.dumps(row) + "\n" for row in subset(count)), encoding="utf-8")
    started = time.perf_counter()
    result = build([str(jsonl)])
    print(f"built {count} BBC articles in {time.perf_counter() - started:.1f} s: {result.summary.entities:,} entities, "
          f"{result.summary.statements:,} statements")
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
        counts = page.evaluate("[kgNetwork.body.nodeIndices.length, kgNetwork.body.edgeIndices.length]")
        problems = log.remote_requests + log.console_errors + log.page_errors
        if problems:
            raise SystemExit(f"bench: the page misbehaved: {problems}")
    return {"drawn": drawn, "interactive": answered, "nodes": counts[0], "edges": counts[1]}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=200, help="BBC articles to build the graph from")
    parser.add_argument("--runs", type=int, default=3, help="page loads to time (the median is reported)")
    parser.add_argument("--no-physics-baseline", action="store_true", help="skip the physics-layout comparison")
    parser.add_argument("--no-spring-baseline", action="store_true",
                        help="skip timing networkx's spring layout of the whole graph")
    args = parser.parse_args()

    graph = graph_of(args.articles)
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
          f"{len(data['nodes']):,} entities, {len(data['edges']):,} relations, layout {data['layout']}, "
          f"{len(html.encode('utf-8')) / 1e6:.1f} MB, rendered in {render_seconds:.2f} s")
    for note in data["notes"]:
        print(f"  {note}")
    shown = entity_graph(ordered_subgraph(g, [n["id"] for n in data["nodes"]]), negated=True)
    started = time.perf_counter()
    packed_layout(shown)
    packed_seconds = time.perf_counter() - started
    print(f"layout in Python (kg's packed layout): {packed_seconds:.2f} s")
    spring_seconds = None
    if not args.no_spring_baseline:
        started = time.perf_counter()
        nx.spring_layout(shown, seed=0)
        spring_seconds = time.perf_counter() - started
        print(f"networkx spring_layout of the whole graph: {spring_seconds:.2f} s; "
              f"spring / packed = {spring_seconds / packed_seconds:.0f}x")

    with chromium() as browser:
        runs = [time_to_interactive(browser, page, query, "ready") for _ in range(args.runs)]
        drawn = statistics.median(r["drawn"] for r in runs)
        tti = statistics.median(r["interactive"] for r in runs)
        print(f"time to first drawing: {drawn:.2f} s; time to interactive (search '{query}' answered): "
              f"{tti:.2f} s, median of {args.runs}")
        print(f"target {TARGET_SECONDS:.0f} s: measured / target = {tti / TARGET_SECONDS:.2f} "
              f"({'met' if tti <= TARGET_SECONDS else 'NOT met'})")
        result = {"articles": args.articles, "entities": g.number_of_nodes(), "statements": g.number_of_edges(),
                  "page_entities": len(data["nodes"]), "page_relations": len(data["edges"]),
                  "page_mb": round(len(html.encode("utf-8")) / 1e6, 2), "render_seconds": round(render_seconds, 2),
                  "packed_layout_seconds": round(packed_seconds, 2),
                  "spring_layout_seconds": None if spring_seconds is None else round(spring_seconds, 2),
                  "drawn_seconds": round(drawn, 2), "interactive_seconds": round(tti, 2),
                  "runs": [{k: round(v, 3) for k, v in r.items()} for r in runs]}
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
            print(f"physics baseline: time to interactive {base['interactive']:.2f} s; "
                  f"physics / precomputed layout = {base['interactive'] / tti:.1f}x")
            result["physics_interactive_seconds"] = round(base["interactive"], 2)
    (RESULTS / "viz.json").write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
