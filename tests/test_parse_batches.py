"""Paragraphs parse the same whatever spaCy batch they share (``PARSE_BATCH``)."""

from __future__ import annotations

from pathlib import Path

from kg.ingest import iter_articles
from kg.model import Article
from kg.nlp import PARSE_BATCH, parse_articles

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"


def _parses(nlp, articles, batch_size):
    return [[(p.offset, [(t.text, t.tag_, t.dep_, t.head.i, t.lemma_, t.ent_iob_, t.ent_type_, t.is_sent_start)
                         for t in p.doc]) for p in paragraphs]
            for _, paragraphs in parse_articles(nlp, articles, batch_size=batch_size)]


def test_a_batch_of_paragraphs_parses_as_the_paragraphs_one_by_one(nlp):
    articles = [a for a in iter_articles([str(EXAMPLES)]) if isinstance(a, Article)]
    assert len(articles) == 2 and sum(a.text.count("\n\n") for a in articles) > 10  # paragraphs to batch
    assert PARSE_BATCH > 1
    assert _parses(nlp, articles, PARSE_BATCH) == _parses(nlp, articles, 1)
