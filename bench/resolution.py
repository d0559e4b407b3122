"""Corpus-wide entity merging: time and memory of kg.resolve.corpus on the entities of Reuters articles.

The entities of the first N articles of the Reuters corpus are read once as a build reads them
(spaCy and the extraction rules, about a minute per 1,000 articles; syndicated copies are not
read) and cached in
bench/results/entities-reuters-N.pkl. The benchmark then adds them article by article to an
:class:`~kg.resolve.corpus.EntityMerger`, as a build does, and times
:meth:`~kg.resolve.corpus.EntityMerger.finalize` as a build runs it (:func:`kg.pipeline.memory.merged`: the
cycle collector paused); tracemalloc measures the name table in a
second pass, so that tracing does not slow the timed one.

With ``--copies 1,10,54`` it measures instead how the merge grows towards a million articles,
which no corpus here has: the entities of the 19,043 Reuters articles N times over, each copy's
names (labels, aliases, scopes) spelled with a permutation of the letters of its own, so that a
copy keeps the shape of its names (initials, surnames, spelling variants) and shares none with
another. N copies are N times the articles and N times the distinct names; a real corpus repeats
its names more (5,000 Reuters articles have 11,228 names, 19,043 have 31,559), so this is an
upper bound of the merge's time at that size. Each copy is made as it is added; the name table
alone is held.
Usage: python bench/resolution.py [--limit 2000,19043] [--copies 1,10,54]
"""

from __future__ import annotations

import argparse
import gc
import gzip
import pickle
import random
import string
import sys
import time
import tracemalloc
from dataclasses import replace
from typing import Iterable, Iterator

from _shared import RESULTS, ROOT, shared

sys.path.insert(0, str(ROOT))

from kg.pipeline.memory import merged  # noqa: E402
from kg.resolve.corpus import EntityMerger  # noqa: E402


def entities(limit: int) -> list[tuple]:
    """The entities kg finds in each of the first ``limit`` Reuters articles (cached)."""
    cache = RESULTS / f"entities-reuters-{limit}.pkl"
    if cache.exists():
        with open(cache, "rb") as handle:
            return pickle.load(handle)
    import tempfile
    from kg.ingest import CopyIndex, iter_articles
    from kg.nlp import load_pipeline
    from kg.ontology import load_ontology
    from kg.pipeline.build import read_results, unique_articles
    source = shared("benchdata", "news", "reuters21578_1987.jsonl.gz")
    with tempfile.TemporaryDirectory() as tmp:
        path = f"{tmp}/reuters-{limit}.jsonl"
        with gzip.open(source, "rt", encoding="utf-8") as handle, open(path, "w", encoding="utf-8") as part:
            part.writelines(line for _, line in zip(range(limit), handle))
        # What a build reads: no repeated ids, syndicated copies not read again.
        index = CopyIndex()
        articles = (a for a in index.mark(unique_articles(iter_articles([path]), lambda p: None))
                    if a.based_on is None)
        out = [r.entities for r in read_results(articles, load_pipeline(), load_ontology(), on_problem=lambda p: None)]
        index.close()
    RESULTS.mkdir(parents=True, exist_ok=True)
    with open(cache, "wb") as handle:
        pickle.dump(out, handle, protocol=pickle.HIGHEST_PROTOCOL)
    return out


def merger_of(articles: Iterable[tuple]) -> EntityMerger:
    merger = EntityMerger()
    for found in articles:
        merger.add(found)
    return merger


def respelled(articles: list[tuple], copy: int) -> Iterator[tuple]:
    """The articles' entities with their names spelled by copy ``copy``'s permutation of the
    letters (copy 0: as they are)."""
    if copy == 0:
        yield from articles
        return
    letters = list(string.ascii_lowercase)
    random.Random(copy).shuffle(letters)
    table = str.maketrans(string.ascii_lowercase + string.ascii_uppercase,
                          "".join(letters) + "".join(letters).upper())
    for found in articles:
        yield tuple(replace(e, label=e.label.translate(table), aliases=tuple(a.translate(table) for a in e.aliases),
                            scope=e.scope.translate(table)) for e in found)


def scaled(articles: list[tuple], copies: int) -> None:
    """Merge ``copies`` respelled copies of ``articles``: names, time to add and to finalize."""
    started = time.perf_counter()
    merger = merger_of(found for copy in range(copies) for found in respelled(articles, copy))
    added = time.perf_counter() - started
    started = time.perf_counter()
    resolution = merged(merger)
    finalized = time.perf_counter() - started
    print(f"{copies:3d} copies, {copies * len(articles):9,d} articles: {len(merger.names):,} names, "
          f"{len(resolution.entities):,} entities; add {added:.1f}s, finalize {finalized:.1f}s "
          f"({finalized / len(merger.names) * 1e6:.1f} µs a name)", flush=True)


def table_bytes(articles: list[tuple]) -> int:
    gc.collect()
    tracemalloc.start()
    before = tracemalloc.get_traced_memory()[0]
    merger = merger_of(articles)
    gc.collect()
    held = tracemalloc.get_traced_memory()[0] - before
    tracemalloc.stop()
    del merger
    return held


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", default="2000,19043", help="article counts, comma-separated")
    parser.add_argument("--copies", default="", help="respelled copies of the 19,043 articles, comma-separated")
    args = parser.parse_args()
    from kg.nlp.gazetteer import is_place_name
    is_place_name("Paris")  # the gazetteer loads once per process, not inside the timing
    if args.copies:
        articles = entities(19043)
        for copies in (int(n) for n in args.copies.split(",")):
            scaled(articles, copies)
        return 0
    for limit in (int(n) for n in args.limit.split(",")):
        articles = entities(limit)
        started = time.perf_counter()
        merger = merger_of(articles)
        added = time.perf_counter() - started
        started = time.perf_counter()
        resolution = merged(merger)
        finalized = time.perf_counter() - started
        names = len(merger.names)
        del merger, resolution
        held = table_bytes(articles)
        print(f"{len(articles):6d} articles: {names} names, table {held / 2**20:.1f} MB ({held / names:.0f} B a name); "
              f"add {added:.2f}s, finalize {finalized:.2f}s", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
