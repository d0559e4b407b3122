"""A long news-like article made at run time (never committed): the 5 MB case of the bad-input corpus."""

from __future__ import annotations

import random

__all__ = ["long_article"]

PEOPLE = ["Elon Musk", "Satya Nadella", "Tim Cook", "Sundar Pichai", "Mark Zuckerberg", "Linda Yaccarino",
          "Sam Altman"]
ORGS = ["Microsoft", "Twitter", "Apple", "Google", "Meta", "OpenAI", "Tesla", "Amazon"]
TEMPLATES = ["{p} said {o} would invest {n} million dollars in {o2}.",
             "{o} has hired {p} as its new chief executive.",
             "Shares in {o} fell {n} per cent after {p} criticised {o2}.",
             "{p}, the head of {o}, met regulators in Brussels on Tuesday.",
             "{o} bought a stake in {o2} for {n} billion dollars, according to a filing."]


def long_article(size: int = 5_000_000, seed: int = 7) -> tuple[str, int]:
    """(text, number of sentences): paragraphs of 2-8 sentences, and now and then one of about
    300,000 characters with no line break in it, as a feed that lost its paragraphs has."""
    rng = random.Random(seed)
    paragraphs: list[str] = []
    total = sentences = 0
    while total < size:
        n = 2000 if rng.random() < 0.02 else rng.randint(2, 8)
        paragraph = " ".join(rng.choice(TEMPLATES).format(p=rng.choice(PEOPLE), o=rng.choice(ORGS),
                                                          o2=rng.choice(ORGS), n=rng.randint(2, 900))
                             for _ in range(n))
        paragraphs.append(paragraph)
        sentences += n
        total += len(paragraph) + 2
    return "\n\n".join(paragraphs), sentences
