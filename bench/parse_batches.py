"""Parsing alone: spaCy's CPU time for kg's paragraphs at several batch sizes, and for bare spaCy.

kg parses an article paragraph by paragraph (:func:`kg.nlp.parse_articles`), a build's articles
``BATCH`` at a time, in spaCy batches of ``PARSE_BATCH`` paragraphs. This times only the parse
of the BBC corpus's first ``--limit`` articles that way, for each ``--batches`` size, against
bare ``nlp.pipe`` over the whole article texts in batches of 32 (``bench/throughput.py``'s
baseline). Each measurement runs in a fresh process, its clock started once the model is
loaded; every round measures every setting once, one after another, so that the machine's
drift hits all of them alike. It prints each setting's CPU seconds per round and their median.

Usage: python bench/parse_batches.py [--limit N] [--rounds R] [--batches 64,128,256]
"""

from __future__ import annotations

import argparse
import gzip
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from _shared import ROOT, shared

sys.path.insert(0, str(ROOT))


def child(corpus: Path, batch: int) -> float:
    """CPU seconds of the parse in this process: kg's paragraphs with spaCy batches of ``batch``,
    or (``batch`` 0) bare spaCy over the whole texts."""
    from kg.ingest import iter_articles
    from kg.model import Article
    from kg.nlp import load_pipeline, parse_articles
    from kg.pipeline.parallel import batches

    nlp = load_pipeline()
    articles = [a for a in iter_articles([str(corpus)]) if isinstance(a, Article)]
    started = time.process_time()
    if batch == 0:
        for _ in nlp.pipe([a.text for a in articles], batch_size=32):
            pass
    else:
        for read_batch in batches(articles):
            for _ in parse_articles(nlp, read_batch, batch_size=batch):
                pass
    return time.process_time() - started


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, default=400)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--batches", default="64,128,256", help="kg's spaCy batch sizes, in paragraphs")
    parser.add_argument("--child", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--corpus", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child is not None:
        print(json.dumps({"seconds": child(args.corpus, args.child)}))
        return 0
    with gzip.open(shared("benchdata", "news", "bbc_news_2004_2005.jsonl.gz"), "rt", encoding="utf-8") as handle:
        records = [json.loads(line) for _, line in zip(range(args.limit), handle)]
    settings = [0] + [int(b) for b in args.batches.split(",")]
    times: dict[int, list[float]] = {s: [] for s in settings}
    with tempfile.TemporaryDirectory() as tmp:
        corpus = Path(tmp) / "corpus.jsonl"
        corpus.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
        for round_ in range(1, args.rounds + 1):
            for setting in settings:
                proc = subprocess.run([sys.executable, __file__, "--child", str(setting), "--corpus", str(corpus)],
                                      capture_output=True, text=True, check=True)
                times[setting].append(json.loads(proc.stdout.strip().splitlines()[-1])["seconds"])
            print(f"round {round_} of {args.rounds}: " + ", ".join(
                f"{_name(s)} {times[s][-1]:.2f} s" for s in settings), file=sys.stderr, flush=True)
    for setting in settings:
        print(f"{_name(setting):>34}: CPU s per round {' '.join(f'{t:.2f}' for t in times[setting])}"
              f" | median {statistics.median(times[setting]):.2f}")
    print(f"{len(records)} BBC articles, {args.rounds} rounds; parse only, the clock started once the model is loaded")
    return 0


def _name(setting: int) -> str:
    return "bare nlp.pipe, 32 articles a batch" if setting == 0 else f"kg, {setting} paragraphs a batch"


if __name__ == "__main__":
    sys.exit(main())
