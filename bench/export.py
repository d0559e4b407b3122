"""Export benchmark: kg's fast path against rdflib's own serializers on a 1M-triple kg graph.

The graph is the seed graph (examples/) copied until it has --triples triples, each copy's
IRIs suffixed so that the copies are distinct: the same shape as a real build (statement nodes,
entities, articles), at scale. For each format the script times rdflib's serializer and kg's
exporter (which takes the fast path above its threshold) in the same run and prints the ratio
(rdflib seconds / kg seconds). For N-Quads and TriG, rdflib gets kg's article graphs ready-made
in an rdflib Dataset (not timed); kg's time includes finding them. The last row writes all the
formats at once, as `kg build --format ...` does, against the sum of rdflib's times.
With --repeat N, each format is timed N times, the three measures taking turns in a rotating
order, and each column gives its median (the ratios are of the medians; the range of the
per-run ratios follows): one run's ratio moves by a tenth on a noisy machine.

kg's exporters meet the graph in two forms, and both are timed: a plain rdflib graph (what
`kg.export` is given through the API) and a build's graph, whose triples still wait as the
N-Triples lines the build wrote (`kg.rdf.deferred`; what `kg build --format` writes from).

    python bench/export.py                   # 1,000,000 triples, all formats
    python bench/export.py --triples 200000 --formats ttl,nt
    python bench/export.py --formats ttl --repeat 5
"""

from __future__ import annotations

import argparse
import re
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from rdflib import Dataset, Graph, URIRef  # noqa: E402

from kg.pipeline.build import build  # noqa: E402
from kg.export.base import Exportable  # noqa: E402
from kg.export.formats import FORMATS, write_formats  # noqa: E402
from kg.rdf.deferred import DeferredMemory  # noqa: E402
from kg.rdf.iri import DEFAULT_BASE  # noqa: E402
from kg.rdf.terms import from_oxigraph  # noqa: E402

RDFLIB = {"ttl": "turtle", "nt": "nt", "nq": "nquads", "trig": "trig", "jsonld": "json-ld"}


def scaled_graph(triples: int) -> tuple[Graph, list[str]]:
    """The seed graph copied to ``triples`` triples, as a plain rdflib graph, and the same
    triples as the lines a build's writer gives them, in its order (each copy's in turn)."""
    examples = ROOT / "examples"
    if not examples.is_dir():
        sys.exit(f"bench/export.py: {examples} is missing")
    seed = build([str(examples)]).graph
    written = list(seed.store.lines)  # before anything reads the graph through rdflib
    graph = Graph(bind_namespaces="none")
    for prefix, ns in seed.namespaces():
        graph.bind(prefix, ns)
    copy = 0
    while len(graph) < triples:
        def rename(term):
            return URIRef(f"{term}-{copy}") if isinstance(term, URIRef) and term.startswith(DEFAULT_BASE) else term
        for s, p, o in seed:
            graph.add((rename(s), p, rename(o)))
        copy += 1
    minted = re.compile(f"<({re.escape(DEFAULT_BASE)}[^>]*)>")
    lines = [minted.sub(lambda m: f"<{m.group(1)}-{n}>", line) for n in range(copy) for line in written]
    return graph, lines


def as_a_build_leaves_it(graph: Graph, lines: list[str]) -> Graph:
    """The same triples as a build's graph holds them: N-Triples lines in the writer's order,
    no rdflib term yet."""
    waiting = Graph(store=DeferredMemory(), bind_namespaces="none")
    for prefix, ns in graph.namespaces():
        waiting.bind(prefix, ns)
    waiting.store.defer_lines(waiting, lines)
    return waiting


def rdflib_dataset(source: Exportable) -> Dataset:
    """The same named graphs as kg's quad formats, as an rdflib Dataset (setup, not timed)."""
    dataset = Dataset()
    for prefix, ns in source.prefixes.items():
        dataset.bind(prefix, ns)
    for quad in source.quads():
        name = quad.graph_name
        graph = dataset.default_graph if not hasattr(name, "value") else dataset.graph(URIRef(name.value))
        graph.add((from_oxigraph(quad.subject), from_oxigraph(quad.predicate), from_oxigraph(quad.object)))
    return dataset


def timed(action, ready=None) -> float:
    """Seconds that ``action`` takes (given what ``ready()`` returns, made before the clock starts)."""
    given = () if ready is None else (ready(),)
    started = time.perf_counter()
    action(*given)
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--triples", type=int, default=1_000_000)
    parser.add_argument("--formats", default=",".join(FORMATS))
    parser.add_argument("--repeat", type=int, default=1, help="times each format is timed (median)")
    args = parser.parse_args()
    formats = [f for f in args.formats.split(",") if f]

    started = time.perf_counter()
    graph, lines = scaled_graph(args.triples)
    print(f"graph: {len(graph):,} triples (built in {time.perf_counter() - started:.1f}s)")
    print(f"{'':8} {'':>10} {'rdflib graph':>19} {'build graph':>19}")
    print(f"{'format':8} {'rdflib s':>10} {'kg s':>10} {'ratio':>8} {'kg s':>10} {'ratio':>8}")
    totals = [0.0, 0.0, 0.0]
    spreads = []
    with tempfile.TemporaryDirectory() as tmp:
        for fmt in formats:
            measures = _measures(fmt, graph, lines, Path(tmp))
            runs = {name: [] for name in measures}
            for turn in range(args.repeat):
                names = list(measures)
                for name in names[turn % 3:] + names[:turn % 3]:
                    runs[name].append(timed(*measures[name]))
                if (Path(tmp) / f"build.{fmt}").read_bytes() != (Path(tmp) / f"graph.{fmt}").read_bytes():
                    sys.exit(f"bench/export.py: {fmt} of a build's graph differs from that of the plain graph")
            rdflib_seconds, kg_seconds, build_seconds = (statistics.median(runs[name]) for name in measures)
            print(f"{fmt:8} {rdflib_seconds:10.1f} {kg_seconds:10.1f} {rdflib_seconds / kg_seconds:7.2f}x"
                  f" {build_seconds:10.1f} {rdflib_seconds / build_seconds:7.2f}x", flush=True)
            if args.repeat > 1:
                spreads.append(f"{fmt}: " + ", ".join(
                    f"{name} {min(r / k for r, k in zip(runs['rdflib'], runs[name])):.2f}x"
                    f" to {max(r / k for r, k in zip(runs['rdflib'], runs[name])):.2f}x"
                    for name in ("kg", "build")))
            totals[0] += rdflib_seconds
        # What `kg build --format <all of them>` does: one Exportable, the N-Triples shared.
        totals[1] = timed(lambda: write_formats(graph, Path(tmp) / "all", formats))
        waiting_graph = as_a_build_leaves_it(graph, lines)
        totals[2] = timed(lambda: write_formats(waiting_graph, Path(tmp) / "all-build", formats))
        print(f"{'together':8} {totals[0]:10.1f} {totals[1]:10.1f} {totals[0] / totals[1]:7.2f}x"
              f" {totals[2]:10.1f} {totals[0] / totals[2]:7.2f}x")
        for spread in spreads:
            print(f"per-run ratios, {spread}")


def _measures(fmt: str, graph: Graph, lines: list[str], tmp: Path) -> dict:
    """rdflib's serializer, kg's exporter on the plain graph and on a build's graph, as
    (action, what it is given) to time; each kg action starts from a fresh Exportable, so that
    its time includes everything it derives, and a build's graph is made afresh, not timed."""
    def kg() -> None:
        FORMATS[fmt](Exportable(graph), tmp / f"graph.{fmt}")

    def build(waiting: Graph) -> None:
        FORMATS[fmt](Exportable(waiting), tmp / f"build.{fmt}")

    if fmt in ("nq", "trig"):
        dataset = rdflib_dataset(Exportable(graph))

        def rdflib() -> None:
            dataset.serialize(tmp / f"rdflib.{fmt}", format=RDFLIB[fmt])
    elif fmt == "jsonld":
        context = Exportable(graph).prefixes

        def rdflib() -> None:
            graph.serialize(tmp / "rdflib.jsonld", format="json-ld", context=context, auto_compact=True)
    else:
        def rdflib() -> None:
            graph.serialize(tmp / f"rdflib.{fmt}", format=RDFLIB[fmt])
    return {"rdflib": (rdflib,), "kg": (kg,), "build": (build, lambda: as_a_build_leaves_it(graph, lines))}


if __name__ == "__main__":
    main()
