"""A 5 MB single article through the full pipeline, and what cutting long paragraphs buys.

Prints, from one run:
- the 5 MB article (5x spaCy's max_length): seconds, characters per second, peak memory,
  chunks, sentences and statements, with kg's MAX_CHUNK;
- on a 600 KB article with the same shape, the time with 100,000-character chunks (the old
  limit) over the time with MAX_CHUNK, and the statements found with each (they must agree).

Usage: python bench/five_mb_article.py [--size BYTES] [--skip-full]
"""

from __future__ import annotations

import argparse
import resource
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

import kg.nlp as kg_nlp  # noqa: E402
from kg.pipeline.build import build  # noqa: E402
from longtext import long_article  # noqa: E402


def timed_build(path: Path, nlp) -> tuple[float, object]:
    started = time.perf_counter()
    result = build([str(path)], nlp=nlp)
    return time.perf_counter() - started, result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=5_000_000)
    parser.add_argument("--skip-full", action="store_true", help="only the chunk-size comparison")
    args = parser.parse_args()
    nlp = kg_nlp.load_pipeline()
    with tempfile.TemporaryDirectory() as tmp:
        small = Path(tmp) / "600k.txt"
        small.write_text(long_article(600_000, seed=5)[0], encoding="utf-8")
        chunk = kg_nlp.MAX_CHUNK
        kg_nlp.MAX_CHUNK = 100_000
        t_old, old = timed_build(small, nlp)
        kg_nlp.MAX_CHUNK = chunk
        t_new, new = timed_build(small, nlp)
        print(f"600 KB article: {t_old:.1f}s with 100,000-character chunks, {t_new:.1f}s with {chunk:,}: "
              f"ratio {t_old / t_new:.2f}; statements {old.summary.statements} vs {new.summary.statements}")
        if args.skip_full:
            return
        text, sentences = long_article(args.size)
        big = Path(tmp) / "five-mb.txt"
        big.write_text(text, encoding="utf-8")
        chunks = len(kg_nlp.split_paragraphs(text))
        seconds, result = timed_build(big, nlp)
        s = result.summary
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(f"{len(text):,} characters ({len(text) / nlp.max_length:.1f}x max_length), {chunks} chunks: "
              f"{seconds:.0f}s, {len(text) / seconds:,.0f} characters/s, peak RSS {peak:,.0f} MB; "
              f"{s.sentences} sentences (generated {sentences}), {s.statements} statements, "
              f"problems {len(result.problems)}")


if __name__ == "__main__":
    main()
