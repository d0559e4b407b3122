"""Make docs/img/graph.png: the seed graph's page in headless Chromium, with one relation's evidence open.

Usage: python scripts/screenshot.py [-o docs/img/graph.png]
Needs the test extra (playwright) and Debian's chromium, like the browser tests.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from kg.pipeline.build import build  # noqa: E402
from kg.export import write_atomic  # noqa: E402
from kg.viz.browser import chromium, open_page  # noqa: E402
from kg.viz.html import write_html  # noqa: E402

ELON = "https://w3id.org/kg-news/id/person/elon-musk"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-o", "--output", type=Path, default=ROOT / "docs" / "img" / "graph.png")
    args = parser.parse_args()
    page_path = ROOT / "bench" / "results" / "seed-screenshot.html"
    write_html(build([str(ROOT / "examples")]).graph, page_path, heading="kg: the seed articles")
    with chromium() as browser, open_page(browser, page_path, width=1400, height=860, wait="stable") as (page, log):
        # The panel shows the evidence of Musk's threat to sue Microsoft, as after a click on that edge.
        edge = page.evaluate(f"kg.edges.get({{filter: e => e.from === '{ELON}' && e.predicate === 'threatens-suit'}})[0].id")
        page.evaluate(f"kgNetwork.selectEdges(['{edge}']); kg.showEdge('{edge}')")
        page.wait_for_timeout(300)
        png = page.screenshot(type="png")
        if log.remote_requests or log.console_errors or log.page_errors:
            raise SystemExit(f"the page misbehaved: {log}")
    write_atomic(args.output, png)
    print(f"wrote {args.output}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
