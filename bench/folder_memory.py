"""What a cluster build's page and single files cost, read through rdflib against as a stream.

A cluster build makes `graph.html` and its `--format` files in one worker, from its shards.
This measures both ways of doing it, each in a fresh process, with the clock and the memory
counted from the moment kg and its imports are loaded:

* the page: (a) `kg.load_graph` then `kg.to_networkx` (an in-memory store, then an rdflib
  graph, then the network: what `kg viz` and the cluster's page did before), and (b)
  `kg.read_network` (the quads a file, shard or named graph at a time, holding only the
  network: what they do now);
* with `--formats ttl,...` and a build folder, the single files: (a) the shards loaded into a
  store and an rdflib graph, then written (what the cluster did before), and (b)
  `kg.export.base.QuadsExportable` (the union of the shards' lines, sorted: what it does now).

For each it prints the seconds, the peak resident memory above the start, and that peak per
quad of the graph, from which `kg.pipeline.cluster.PAGE_BYTES_PER_QUAD` and
`FILE_BYTES_PER_QUAD` are taken; and it checks that both ways give the same page and files.

GRAPH is any graph kg reads (the files need a build folder); for the figures in
docs/BENCHMARKS.md, a cluster build's folder of the first 2,000 BBC articles (`kg build
bbc2000.jsonl -o DIR --engine dask --jobs 2 --no-html`) and the Turtle file of a one-process
build of the first 400.

Usage: python bench/folder_memory.py GRAPH [--formats ttl] [--rounds 1]
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys

from _shared import ROOT, kg_on_path

CHILD = """
import gc, hashlib, json, resource, sys, tempfile, time
from pathlib import Path
sys.path[:0] = {path!r}
import psutil
import kg
from kg import load_graph, read_network, to_networkx
from kg.export.base import QuadsExportable
from kg.export.formats import write_formats
from kg.read.load import kg_prefixes, load_shards, quad_batches, shard_batches, to_rdflib
from kg.rdf.shards import read_manifest
from kg.viz.html import render_network
graph, what, streamed, formats = {graph!r}, {what!r}, {streamed!r}, {formats!r}
quads = sum(1 for batch in quad_batches(graph) for _ in batch)
gc.collect()
start = psutil.Process().memory_info().rss
started = time.perf_counter()
with tempfile.TemporaryDirectory() as out:
    if what == "page":
        network = read_network(graph) if streamed else to_networkx(load_graph(graph))
        digest = hashlib.sha1(render_network(network).encode()).hexdigest()
    else:
        shards = read_manifest(graph).shards
        source = QuadsExportable(shard_batches(shards), kg_prefixes()) if streamed else \\
            to_rdflib(load_shards(shards))
        written = write_formats(source, out, formats)
        digest = hashlib.sha1()
        for path in written:  # a piece at a time: the files read whole would be the peak
            with open(path, "rb") as handle:
                for piece in iter(lambda: handle.read(1 << 20), b""):
                    digest.update(piece)
        digest = digest.hexdigest()
    seconds = time.perf_counter() - started
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
print(json.dumps({{"seconds": seconds, "peak": peak - start, "quads": quads, "digest": digest, "kg": kg.__file__}}))
"""


def measure(graph: str, what: str, streamed: bool, formats: list[str]) -> dict:
    code = CHILD.format(path=sys.path[:2], graph=graph, what=what, streamed=streamed, formats=formats)
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("graph")
    parser.add_argument("--formats", default="", help="also the single files, e.g. ttl or ttl,nq (a build folder)")
    parser.add_argument("--rounds", type=int, default=1)
    args = parser.parse_args()
    kg_on_path()
    formats = [name for name in args.formats.split(",") if name]
    ways = {"page": ("load_graph + to_networkx", "read_network"),
            "files": ("load_shards + to_rdflib", "QuadsExportable")}
    digests: dict[str, set[str]] = {"page": set(), "files": set()}
    kg_file = ""
    for round_ in range(args.rounds):
        for what in ["page"] + (["files"] if formats else []):
            for streamed, name in zip((False, True), ways[what]):
                row = measure(args.graph, what, streamed, formats)
                digests[what].add(row["digest"])
                kg_file = row["kg"]
                print(f"round {round_ + 1}, {what:5} {name:25} {row['seconds']:6.2f} s  "
                      f"peak +{row['peak'] / 2**20:6.0f} MB  {row['peak'] / row['quads']:5.0f} bytes a quad "
                      f"({row['quads']:,} quads)", flush=True)
    same = all(len(found) <= 1 for found in digests.values())
    print("the same page and files both ways" if same else f"DIFFERENT OUTPUT: {digests}")
    print(f"Python {sys.version.split()[0]}; kg from {kg_file}")
    if not same:
        sys.exit(1)


if __name__ == "__main__":
    main()
