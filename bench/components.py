"""Each spaCy pipeline component's CPU time on kg's paragraphs, with kg's rule components
(:mod:`kg.nlp.rule_components`) and with spaCy's own.

kg parses the BBC corpus's first ``--limit`` articles paragraph by paragraph; this runs the
pipeline one component at a time over each spaCy batch of ``PARSE_BATCH`` paragraphs and adds
up each component's CPU time. Each measurement runs in a fresh process, its clock started once
the model is loaded; every round measures both settings, one after the other. It prints each
component's median over the rounds, for both, and the whole parse.

Usage: python bench/components.py [--limit N] [--rounds R]
"""

from __future__ import annotations

import argparse
import gzip
import json
import statistics
import subprocess
import sys
import time

from _shared import ROOT, shared

sys.path.insert(0, str(ROOT))

SETTINGS = ("spaCy's own", "kg's")


def child(limit: int, setting: str) -> dict[str, float]:
    """CPU seconds of each component (and of making the docs) over the corpus in this process."""
    from spacy.util import minibatch

    from kg.nlp import PARSE_BATCH, load_pipeline, split_paragraphs
    from kg.nlp.rule_components import restore_rule_components

    nlp = load_pipeline()
    if setting == SETTINGS[0]:
        restore_rule_components(nlp)
    with gzip.open(shared("benchdata", "news", "bbc_news_2004_2005.jsonl.gz"), "rt", encoding="utf-8") as handle:
        texts = [json.loads(line)["text"] for _, line in zip(range(limit), handle)]
    paragraphs = [text for article in texts for _, text in split_paragraphs(article)]
    seconds = {name: 0.0 for name in ["make_doc", *nlp.pipe_names]}
    for batch in minibatch(paragraphs, PARSE_BATCH):
        started = time.process_time()
        docs = [nlp.make_doc(text) for text in batch]
        seconds["make_doc"] += time.process_time() - started
        for name, component in nlp.pipeline:
            started = time.process_time()
            docs = list(component.pipe(docs, batch_size=PARSE_BATCH)) if hasattr(component, "pipe") else \
                [component(doc) for doc in docs]
            seconds[name] += time.process_time() - started
    return seconds


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, default=400)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--child", choices=SETTINGS, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(child(args.limit, args.child)))
        return 0
    runs: dict[str, list[dict[str, float]]] = {s: [] for s in SETTINGS}
    for round_ in range(1, args.rounds + 1):
        for setting in SETTINGS:
            proc = subprocess.run([sys.executable, __file__, "--child", setting, "--limit", str(args.limit)],
                                  capture_output=True, text=True, check=True)
            runs[setting].append(json.loads(proc.stdout.strip().splitlines()[-1]))
        print(f"round {round_} of {args.rounds}: " + ", ".join(
            f"{s} {sum(runs[s][-1].values()):.2f} s" for s in SETTINGS), file=sys.stderr, flush=True)
    names = list(runs[SETTINGS[0]][0])
    print(f"{'component':>20}  {SETTINGS[0]:>12}  {SETTINGS[1]:>12}   (CPU s, median of {args.rounds} rounds)")
    for name in [*names, "whole parse"]:
        medians = [statistics.median(sum(r.values()) if name == "whole parse" else r[name] for r in runs[s])
                   for s in SETTINGS]
        print(f"{name:>20}  {medians[0]:12.2f}  {medians[1]:12.2f}")
    print(f"the first {args.limit} BBC articles, paragraph by paragraph; the clock started once the model is loaded")
    return 0


if __name__ == "__main__":
    sys.exit(main())
