"""kg's own reading of parsed articles, apart from spaCy: time per word and a digest of what it reads.

The first BBC and Reuters articles are parsed once (spaCy's time is not measured); then
``read_article`` (resolution, the extraction rules, the evidence) reads them again ``--passes``
times, with kg's caches emptied before each pass, and the best pass is reported in microseconds
per word: once as ``kg extract`` reads (every extraction kept) and once as ``kg build`` reads
(only entities and relations kept), which must find the same entities and relations. The
SHA-256 digest of everything each read (every extraction, triple and entity, as text) says
whether a change to the rules changed their results: a change that only makes them faster
keeps both digests.
With ``--kg compiled`` it reads with kg as ``pip install .`` installs it, its rules and
resolution compiled by mypyc (setup.py): the digests must be the same.
Usage: python bench/reading.py [--bbc 200] [--reuters 100] [--passes 3] [--kg source|compiled]
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import sys
import tempfile
import time
from itertools import islice
from pathlib import Path

from _shared import SITE, kg_on_path, machine, rerun_with_compiled_kg, shared

kg_on_path()

from kg.extract import predicates  # noqa: E402
from kg.ingest import iter_articles  # noqa: E402
from kg.model import Article  # noqa: E402
from kg.nlp import load_pipeline, parse_articles  # noqa: E402
from kg.ontology import load_ontology  # noqa: E402
from kg.pipeline.article import read_article  # noqa: E402
from kg.resolve import names  # noqa: E402


def records(name: str, count: int) -> list[str]:
    with gzip.open(shared("benchdata", "news", name), "rt", encoding="utf-8") as handle:
        return list(islice(handle, count))


def articles(bbc: int, reuters: int) -> tuple[list[Article], str]:
    """The articles as a build reads them (ids, metadata and text from kg's JSONL reader), and
    the file they were read from, which their metadata names."""
    lines = records("bbc_news_2004_2005.jsonl.gz", bbc) + records("reuters21578_1987.jsonl.gz", reuters)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "corpus.jsonl"
        path.write_text("".join(line if line.endswith("\n") else line + "\n" for line in lines), encoding="utf-8")
        return [item for item in iter_articles([str(path)]) if isinstance(item, Article)], str(path)


def empty_caches() -> None:
    """kg's caches of chains and names, so that each pass starts cold as a build does (looked up
    by name: the script also runs on commits from before them, for a comparison)."""
    for module, name in ((predicates, "_normalize"), (names, "clean_surface"), (names, "_name_words"),
                         (names, "variant_keys"), (names, "initialisms"), (names, "_content_words")):
        getattr(getattr(module, name, None), "cache_clear", lambda: None)()


MODES = {"kg extract": True, "kg build": False}
"""How each command reads: ``kg extract`` keeps every extraction; a build keeps only what goes
into the graph (entities and relations), and may skip what cannot give one."""


def best_pass(parsed: list, ontology, keep: bool, passes: int) -> tuple[float, list]:
    """The best CPU time of ``passes`` readings of the parsed articles, each from cold caches,
    and the last one's results."""
    best, results = float("inf"), []
    for _ in range(passes):
        empty_caches()
        started = time.process_time()
        results = [read_article(article, paragraphs, ontology, keep_extractions=keep)
                   for article, paragraphs in parsed]
        best = min(best, time.process_time() - started)
    return best, results


def _passes(parsed: list, ontology, keep: bool, passes: int, source: str) -> tuple[float, str, list]:
    """The best CPU time of ``passes`` readings, the digest of what they read, and the results."""
    best, results = best_pass(parsed, ontology, keep, passes)
    # the temporary file's name, which changes from run to run, is no part of what was read
    text = "\n".join(map(repr, results)).replace(source, "corpus.jsonl")
    return best, hashlib.sha256(text.encode("utf-8")).hexdigest()[:16], results


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bbc", type=int, default=200, help="the first N BBC articles")
    parser.add_argument("--reuters", type=int, default=100, help="the first N Reuters articles")
    parser.add_argument("--passes", type=int, default=3)
    parser.add_argument("--kg", choices=("source", "compiled"), default="source",
                        help="the checkout's Python modules (default), or kg as pip install . builds it")
    args = parser.parse_args()
    if args.kg == "compiled" and not SITE:
        return rerun_with_compiled_kg(__file__)
    corpus, source = articles(args.bbc, args.reuters)
    nlp, ontology = load_pipeline(), load_ontology()
    parsed = list(parse_articles(nlp, corpus))
    words = sum(len(article.text.split()) for article, _ in parsed)
    timed = {mode: _passes(parsed, ontology, keep, args.passes, source) for mode, keep in MODES.items()}
    for mode, (seconds, digest, _) in timed.items():
        print(f"read_article, as {mode}: {len(parsed)} articles, {words} words, best of {args.passes} passes "
              f"{seconds:.2f} s CPU, {seconds / words * 1e6:.1f} µs per word; digest {digest}")
    same = [(r.meta, r.sentences, r.entities, r.triples) for r in timed["kg extract"][2]] == \
        [(r.meta, r.sentences, r.entities, r.triples) for r in timed["kg build"][2]]
    print(f"the build's entities and relations are those of the extraction: {'yes' if same else 'NO'}")
    print(f"kg.pipeline.article from {sys.modules['kg.pipeline.article'].__file__}")  # a .so when compiled
    print(f"Processor: {machine()}")  # times per word move with the host's processor
    return 0


if __name__ == "__main__":
    sys.exit(main())
