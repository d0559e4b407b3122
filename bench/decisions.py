"""The serial step of a cluster build's start: the decisions on repeated ids and copies, at scale.

Before the workers read, one task takes every article's id, content hash and MinHash signature
(which the workers computed while scanning their parts) and decides, in input order, which ids
repeat and which articles copy an earlier one (`kg.pipeline.cluster.decide`: `UniqueIds`, then
`CopyIndex` on SQLite). It runs once per build whatever the number of workers, so its time at a
million articles bounds how far a cluster can speed a build up. No corpus here has a million
articles; this feeds `decide` made-up scans instead: distinct ids, distinct content hashes and
random signatures (no two alike, so nearly every article is added to the index and none found a
copy, the common case). It prints the time, the time per article, and the peak memory of the
process above the start (the scans are made as they are consumed: the task itself receives them
all, about 1 KB each).

Usage: python bench/decisions.py [--articles 10000,100000,1000000]
"""

from __future__ import annotations

import argparse
import resource
import sys
import time
from typing import Iterator

import numpy as np

from _shared import kg_on_path

kg_on_path()

from kg.defaults import COPY_THRESHOLD  # noqa: E402
from kg.ingest.syndication import NUM_PERM  # noqa: E402
from kg.pipeline.cluster import Scanned, decide  # noqa: E402

PART = 1_000
"""Articles a part: a million articles are a thousand parts, as a cluster build cuts them."""


def scans(articles: int, seed: int) -> Iterator[list[list[Scanned]]]:
    """Parts of made-up scans, one bag partition (one part) each, in input order."""
    generator = np.random.default_rng(seed)
    for first in range(0, articles, PART):
        count = min(PART, articles - first)
        signatures = generator.integers(0, 2**32, size=(count, NUM_PERM), dtype=np.uint64).astype("<u8")
        yield [[Scanned(f"article-{first + i}", f"{seed:02x}{first + i:030x}", f"bench.jsonl:{first + i + 1}",
                        signatures[i].tobytes()) for i in range(count)]]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--articles", default="10000,100000,1000000")
    args = parser.parse_args()
    for seed, articles in enumerate(int(n) for n in args.articles.split(",")):
        start = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        started = time.perf_counter()
        decisions = decide(scans(articles, seed), COPY_THRESHOLD)
        seconds = time.perf_counter() - started
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        assert decisions.articles == articles, decisions.articles
        print(f"{articles:9,d} articles: {seconds:7.1f} s, {seconds / articles * 1e6:5.1f} µs an article "
              f"(including making the scans); peak +{(peak - start) / 1024:.0f} MB; "
              f"{len(decisions.parts)} parts with a decision", flush=True)
    print(f"Python {sys.version.split()[0]}")


if __name__ == "__main__":
    main()
