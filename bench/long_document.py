"""kg's reading of one long document against the same text read as separate articles.

The first N BBC articles are joined, a blank line between two, into one document, which is
parsed once; so are the articles, each on its own (once, for the largest N). Then
``read_article`` reads both as a build does (entities and relations only; spaCy's time is not
measured), ``--passes`` times with kg's caches emptied before each pass, and the best pass is
reported for each, in CPU seconds and microseconds per word, for every size asked for. A reading
whose cost grows only with the text reads the long document at about the articles' cost per
word; one that grows with the square of the document's names (each mention compared with every
name before it) falls further behind at every size.

The joined document is not a news article: its names meet across what were article bounds
(a pronoun may reach back into the article before). The counts of entities and relations are
printed for each, to show that both readings did comparable work.
Usage: python bench/long_document.py [--sizes 50,100,200] [--passes 3]
"""

from __future__ import annotations

import argparse
import sys

from _shared import ROOT

sys.path.insert(0, str(ROOT))

from reading import articles, best_pass  # noqa: E402
from kg.model import Article  # noqa: E402
from kg.nlp import load_pipeline, parse_articles  # noqa: E402
from kg.ontology import load_ontology  # noqa: E402


def best_reading(parsed: list, ontology, passes: int) -> tuple[float, int, int]:
    """The best CPU seconds of ``passes`` readings as a build reads, and the entities and
    relations found."""
    seconds, results = best_pass(parsed, ontology, False, passes)
    return seconds, sum(len(r.entities) for r in results), sum(len(r.triples) for r in results)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="50,100,200", help="numbers of BBC articles to join")
    parser.add_argument("--passes", type=int, default=3)
    args = parser.parse_args()
    sizes = [int(n) for n in args.sizes.split(",")]
    corpus, _ = articles(max(sizes), 0)
    nlp, ontology = load_pipeline(), load_ontology()
    parsed = list(parse_articles(nlp, corpus))  # once: each size reads the first of them
    print(f"{'articles':>8} {'words':>7} | {'separate: s':>11} {'µs/word':>7} {'entities':>8} {'relations':>9} | "
          f"{'one document: s':>15} {'µs/word':>7} {'entities':>8} {'relations':>9} | {'ratio':>5}")
    for size in sizes:
        separate = parsed[:size]
        joined = Article("\n\n".join(article.text for article in corpus[:size]), id=f"joined-{size}")
        whole = list(parse_articles(nlp, [joined]))
        words = len(joined.text.split())
        a, a_entities, a_relations = best_reading(separate, ontology, args.passes)
        b, b_entities, b_relations = best_reading(whole, ontology, args.passes)
        print(f"{size:>8} {words:>7} | {a:>11.2f} {a / words * 1e6:>7.1f} {a_entities:>8} {a_relations:>9} | "
              f"{b:>15.2f} {b / words * 1e6:>7.1f} {b_entities:>8} {b_relations:>9} | {b / a:>5.2f}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
