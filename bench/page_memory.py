"""The page's memory: `kg viz` of a big graph, read as a stream against read through rdflib.

Makes the page (kg's default view) of GRAPH two ways, each in a fresh process with its clock
and memory counted from the moment kg and its imports are loaded: (a) `kg.load_graph` then
`kg.to_networkx` (an in-memory store, then an rdflib graph, then the network: what `kg viz` and
a cluster build's page did before they read the graph as a stream), and (b) `kg.read_network`
(the quads a file, shard or named graph at a time, holding only the network: what they do now).
For each it prints the seconds, the peak resident memory above the start, and that peak per
quad of the graph, which `kg.pipeline.cluster.PAGE_BYTES_PER_QUAD` (the page) and
`FILE_BYTES_PER_QUAD` (a single file, made from an rdflib graph) are taken from; and it
checks that the two pages are the same.

GRAPH is any graph kg reads; for the figures in docs/BENCHMARKS.md, a cluster build's folder of
the first 2,000 BBC articles (`kg build bbc2000.jsonl -o DIR --engine dask --jobs 2 --no-html`)
and the Turtle file of a one-process build of the first 400.

Usage: python bench/page_memory.py GRAPH [--rounds 1]
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys

from _shared import ROOT, kg_on_path

CHILD = """
import gc, hashlib, json, resource, sys, time
sys.path[:0] = {path!r}
import psutil
import kg
from kg import load_graph, read_network, to_networkx
from kg.read.load import quad_batches
from kg.viz.html import render_network
quads = sum(1 for batch in quad_batches({graph!r}) for _ in batch)
gc.collect()
start = psutil.Process().memory_info().rss
started = time.perf_counter()
network = read_network({graph!r}) if {streamed!r} else to_networkx(load_graph({graph!r}))
page = render_network(network)
seconds = time.perf_counter() - started
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
print(json.dumps({{"seconds": seconds, "peak": peak - start, "quads": quads,
                  "page": hashlib.sha1(page.encode()).hexdigest(), "kg": kg.__file__}}))
"""


def measure(graph: str, streamed: bool) -> dict:
    code = CHILD.format(path=sys.path[:2], graph=graph, streamed=streamed)
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("graph")
    parser.add_argument("--rounds", type=int, default=1)
    args = parser.parse_args()
    kg_on_path()
    pages, kg_file = set(), ""
    for round_ in range(args.rounds):
        for streamed, name in ((False, "load_graph + to_networkx"), (True, "read_network")):
            row = measure(args.graph, streamed)
            pages.add(row["page"])
            kg_file = row["kg"]
            print(f"round {round_ + 1}, {name:25} {row['seconds']:6.2f} s  peak +{row['peak'] / 2**20:6.0f} MB  "
                  f"{row['peak'] / row['quads']:5.0f} bytes a quad ({row['quads']:,} quads)", flush=True)
    print("the same page both ways" if len(pages) == 1 else f"PAGES DIFFER: {sorted(pages)}")
    print(f"Python {sys.version.split()[0]}; kg from {kg_file}")
    if len(pages) != 1:
        sys.exit(1)


if __name__ == "__main__":
    main()
