"""Make the README's screenshots: the seed graph's page with one relation's evidence open
(docs/img/graph.png), and the first view of the page of 200 BBC News articles (docs/img/bbc-200.png).

Usage: python scripts/screenshot.py [--seed-only]
Needs the test extra (playwright) and Debian's chromium, like the browser tests. The BBC page
is built from ../shared/benchdata/news/bbc_news_2004_2005.jsonl.gz (every 11th article, as
bench/viz.py does; its Turtle is cached in bench/results/).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from kg.pipeline.build import build  # noqa: E402
from kg.export import write_atomic  # noqa: E402
from kg.viz.browser import chromium, open_page  # noqa: E402
from kg.viz.html import write_html  # noqa: E402

ELON = "https://w3id.org/kg-news/id/person/elon-musk"
IMG = ROOT / "docs" / "img"
PAGES = ROOT / "bench" / "results"


def check(log) -> None:
    if log.remote_requests or log.console_errors or log.page_errors:
        raise SystemExit(f"the page misbehaved: {log}")


def seed(browser) -> bytes:
    page_path = PAGES / "seed-screenshot.html"
    write_html(build([str(ROOT / "examples")]).graph, page_path, heading="kg: the seed articles")
    with open_page(browser, page_path, width=1400, height=860, wait="stable") as (page, log):
        # The panel shows the evidence of Musk's threat to sue Microsoft, as after a click on that edge.
        edge = page.evaluate(f"kg.data.edges.find(e => e.from === '{ELON}' && e.predicate === 'threatens-suit').id")
        page.evaluate(f"() => {{ kgNetwork.selectEdges(['{edge}']); kg.showEdge('{edge}'); }}")
        page.wait_for_timeout(300)
        png = page.screenshot(type="png")
        check(log)
    return png


def bbc(browser, articles: int = 200) -> bytes:
    from viz import graph_of
    page_path = PAGES / f"bbc-{articles}-screenshot.html"
    write_html(graph_of("bbc", articles), page_path, heading=f"kg: {articles} BBC News articles, 2004-2005")
    with open_page(browser, page_path, width=1400, height=900, wait="stable") as (page, log):
        page.wait_for_timeout(300)  # the first view, as it opens
        png = page.screenshot(type="png")
        check(log)
    return png


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed-only", action="store_true", help="only docs/img/graph.png (no ../shared needed)")
    args = parser.parse_args()
    with chromium() as browser:
        write_atomic(IMG / "graph.png", seed(browser))
        print(f"wrote {IMG / 'graph.png'}")
        if not args.seed_only:
            write_atomic(IMG / "bbc-200.png", bbc(browser))
            print(f"wrote {IMG / 'bbc-200.png'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
