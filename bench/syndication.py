"""Syndicated copies in real news: are the marked copies found, and what else is?

Reads the BBC corpus (../shared/benchdata/news/bbc_news_2004_2005.jsonl.gz) through kg's own
reader and copy index (kg.ingest.syndication.CopyIndex), in file order, as a build does, and
prints:

- the 98 records marked ``duplicate_of`` (same title and text as an earlier record): how many
  kg links to exactly the marked original, and any it misses;
- the other copies kg finds: the same text under another title, and near copies (estimated
  Jaccard similarity of word 5-shingles at or above the threshold), each with both titles;
- the time per article, and what the index holds in memory once every article is in it
  (tracemalloc and SQLite's own count, in a second pass, so that tracing does not slow the timed one).

With ``--reuters`` it also reads Reuters-21578 and checks that every record whose text repeats an
earlier record's text is found (that corpus marks none).

    python bench/syndication.py [--threshold 0.8] [--reuters] [--show 80]
"""

from __future__ import annotations

import argparse
import ctypes
import ctypes.util
import gc
import gzip
import json
import sys
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from _shared import shared  # noqa: E402

from kg.defaults import COPY_THRESHOLD  # noqa: E402
from kg.ingest import CopyIndex, Problem, iter_articles  # noqa: E402


def records(path: Path) -> list[dict]:
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def scan(path: Path, threshold: float) -> tuple[dict[str, object], float, int]:
    """id -> the marked article, for every article kg reads from ``path``; seconds spent matching."""
    index = CopyIndex(threshold=threshold)
    articles = [a for a in iter_articles([str(path)]) if not isinstance(a, Problem)]
    started = time.perf_counter()
    marked = {a.id: a for a in index.mark(articles)}
    seconds = time.perf_counter() - started
    print(f"  index memory: {index_memory(articles, threshold) / 2**20:.1f} MB for {len(articles)} articles")
    return marked, seconds, len(articles)


def sqlite_memory() -> int:
    """Bytes SQLite's allocator holds in this process (its page caches and statements), which
    tracemalloc does not see."""
    lib = ctypes.CDLL(ctypes.util.find_library("sqlite3"))
    lib.sqlite3_memory_used.restype = ctypes.c_int64
    return lib.sqlite3_memory_used()


def index_memory(articles: list, threshold: float) -> int:
    """Bytes a CopyIndex holds once every article has been matched against it: Python objects
    (tracemalloc) and SQLite's own allocations."""
    gc.collect()
    tracemalloc.start()
    before = tracemalloc.get_traced_memory()[0] + sqlite_memory()
    index = CopyIndex(threshold=threshold)
    for _ in index.mark(articles):
        pass
    gc.collect()
    held = tracemalloc.get_traced_memory()[0] + sqlite_memory() - before
    tracemalloc.stop()
    index.close()
    return held


def bbc(threshold: float, show: int) -> None:
    path = shared("benchdata", "news", "bbc_news_2004_2005.jsonl.gz")
    raw = {r["id"]: r for r in records(path)}
    marked, seconds, count = scan(path, threshold)
    expected = {i: r["duplicate_of"] for i, r in raw.items() if r.get("duplicate_of")}
    found = [i for i, original in expected.items() if marked[i].based_on == original]
    missed = sorted(set(expected) - set(found))
    print(f"BBC: {count} articles read; copy threshold {threshold}")
    print(f"  marked copies (duplicate_of): {len(expected)}; found, linked to the marked original: {len(found)}"
          f"; missed: {len(missed)}")
    for i in missed:
        print(f"    missed {i} (marked copy of {expected[i]}; kg says {marked[i].based_on})")
    other = sorted((a for i, a in marked.items() if a.based_on and i not in expected),
                   key=lambda a: (-a.similarity, a.id))
    same_text = [a for a in other if a.similarity == 1.0]
    near = [a for a in other if a.similarity < 1.0]
    print(f"  other copies found: {len(other)} ({len(same_text)} with the same text under another title, "
          f"{len(near)} near copies)")
    for a in other[:show]:
        print(f"    {a.similarity:.3f}  {a.id:24} copy of {a.based_on:24} | {raw[a.id]['title']} | "
              f"{raw[a.based_on]['title']}")
    print(f"  {len(expected) + len(other)} copies in all: {count - len(expected) - len(other)} articles carry text")
    print(f"  time: {seconds:.2f} s to match, {seconds / count * 1000:.2f} ms per article")
    if missed:
        sys.exit(1)


def reuters(threshold: float) -> None:
    path = shared("benchdata", "news", "reuters21578_1987.jsonl.gz")
    marked, seconds, count = scan(path, threshold)
    first: dict[str, str] = {}
    repeats = 0
    found = 0
    for article in marked.values():
        key = article.meta.content_hash
        if key in first:
            repeats += 1
            found += article.based_on is not None
        else:
            first[key] = article.id
    near = sum(1 for a in marked.values() if a.based_on and a.similarity < 1.0)
    print(f"Reuters: {count} articles read; {repeats} repeat an earlier text, {found} of them found; "
          f"{near} near copies besides")
    print(f"  time: {seconds:.2f} s to match, {seconds / count * 1000:.2f} ms per article")
    if found != repeats:
        sys.exit(1)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--threshold", type=float, default=COPY_THRESHOLD)
    parser.add_argument("--reuters", action="store_true", help="also check Reuters-21578's repeated texts")
    parser.add_argument("--show", type=int, default=80, help="other copies to list")
    args = parser.parse_args()
    bbc(args.threshold, args.show)
    if args.reuters:
        reuters(args.threshold)


if __name__ == "__main__":
    main()
