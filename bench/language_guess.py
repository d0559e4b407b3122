"""How often the non-English guess is wrong, and what it costs.

Prints, from one run:
- false positives: articles of real English news (BBC 2004-2005 and Reuters-21578, from the
  shared benchmark data) that kg would skip as non-English, and how many it cannot judge;
- detections: for each language that spaCy ships example sentences for, whether the joined
  sentences are called non-English (spaCy's examples are short, headline-like sentences, the
  hardest case for a stop-word guess);
- the cost: microseconds per article, and as a share of the time kg's spaCy pipeline takes to
  parse the same articles (the first 200 BBC stories).

The data is looked for at ../shared/benchdata/news relative to the repository root.
"""

from __future__ import annotations

import gzip
import importlib
import json
import pkgutil
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import spacy.lang  # noqa: E402

from kg.ingest.language import guess_language  # noqa: E402

NEWS = ROOT.parent / "shared" / "benchdata" / "news"
FILES = ("bbc_news_2004_2005.jsonl.gz", "reuters21578_1987.jsonl.gz")


def english_news() -> None:
    missing = [f for f in FILES if not (NEWS / f).exists()]
    if missing:
        sys.exit(f"missing benchmark data: {', '.join(str(NEWS / f) for f in missing)} "
                 "(the shared folder must sit next to the repository)")
    for name in FILES:
        verdicts: Counter = Counter()
        spent = 0.0
        with gzip.open(NEWS / name, "rt", encoding="utf-8") as handle:
            for line in handle:
                text = json.loads(line)["text"]
                started = time.perf_counter()
                verdicts[guess_language(text).english] += 1
                spent += time.perf_counter() - started
        total = sum(verdicts.values())
        print(f"{name}: {total} English articles, called non-English {verdicts[False]} "
              f"({verdicts[False] / total:.3%}), too short to judge {verdicts[None]}, "
              f"{spent / total * 1e6:.0f} us per article")


def other_languages() -> None:
    caught, missed = [], []
    for code in sorted(m.name for m in pkgutil.iter_modules(spacy.lang.__path__)):
        if code in ("en", "xx"):
            continue
        try:
            sentences = importlib.import_module(f"spacy.lang.{code}.examples").sentences
        except (ImportError, AttributeError):
            continue
        guess = guess_language(" ".join(sentences))
        (caught if guess.english is False else missed).append(code if guess.english is not None else f"{code}?")
    print(f"spaCy example sentences: {len(caught)} of {len(caught) + len(missed)} languages called non-English; "
          f"read as English: {' '.join(missed)} (? = too short to judge)")


def cost_ratio(sample: int = 200) -> None:
    from kg.nlp import load_pipeline
    with gzip.open(NEWS / FILES[0], "rt", encoding="utf-8") as handle:
        texts = [json.loads(line)["text"] for line, _ in zip(handle, range(sample))]
    nlp = load_pipeline()
    started = time.perf_counter()
    for text in texts:
        guess_language(text)
    guessing = time.perf_counter() - started
    started = time.perf_counter()
    for _ in nlp.pipe(texts):
        pass
    parsing = time.perf_counter() - started
    print(f"{sample} BBC stories: guessing {guessing:.2f}s, spaCy parsing {parsing:.1f}s: "
          f"the guess costs {guessing / parsing:.2%} of the parse")


if __name__ == "__main__":
    english_news()
    other_languages()
    cost_ratio()
